"""Model and text helpers of scripts/bench.py: the per-backend worker (run in a fresh process so
its peak RSS is its own), the random ViT5-base model, inputs of exactly-budgeted length, and the
real-sentence pool shared with the dedup benchmark. See scripts/bench.py for the method."""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
VIMS = ROOT.parent / "shared" / "data" / "vims"
MIN_POOL_WORDS = 6  # shortest real sentence used as benchmark text
SEED = 13

# name -> (backend, precision); torch-bf16 only runs where the CPU has native bf16
BACKENDS: dict[str, tuple[str, str]] = {
    "torch-fp32": ("torch", "float32"),
    "torch-bf16": ("torch", "bfloat16"),
    "ctranslate2-int8": ("ctranslate2", "int8"),
    "ctranslate2-float32": ("ctranslate2", "float32"),
    "ctranslate2-int8_float32": ("ctranslate2", "int8_float32"),
    "onnxruntime-int8": ("onnxruntime", "int8"),
    "onnxruntime-float32": ("onnxruntime", "float32"),
    "native-int8": ("native", "int8"),
    "native-float32": ("native", "float32"),
}
# backend -> the function that builds (converts) its cached model folder, timed on its own
BUILDERS = {"ctranslate2": ("summarizer.engines.ct2_backend", "ensure_converted"),
            "onnxruntime": ("summarizer.engines.ort_backend", "ensure_built"),
            "native": ("summarizer.engines.native_backend", "prepare")}
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")

INPUT_TOKENS = 1024
BEAM = 4


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM (reset by exec), not ru_maxrss: a child
    started from a big parent inherits the parent's ru_maxrss on Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass  # not Linux: fall back to getrusage below
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_sentences(limit: int) -> tuple[list[str], str]:
    """Distinct sentences of the ViMs reports (title lines skipped), or generated text."""
    clusters = VIMS / "clusters"
    if clusters.is_dir():
        from summarizer.corpus import read_text
        from summarizer.sentences import split_sentences

        seen: dict[str, None] = {}
        for path in sorted(clusters.glob("*/*.txt")):
            body = read_text(path).split("\n", 1)[-1]
            for sentence in split_sentences(body):
                if len(sentence.split()) >= MIN_POOL_WORDS:
                    seen.setdefault(sentence, None)
            if len(seen) >= limit:
                break
        if seen:
            return list(seen), "vims"
    rng = random.Random(SEED)
    syllables = [f"{c}{v}" for c in "bcdghklmnpqrstvx" for v in ("a", "ô", "ương", "iên", "ai", "ơn")]
    return [" ".join(rng.choice(syllables) for _ in range(rng.randint(8, 30))) + "." for _ in range(limit)], "generated"


def cpu_has_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return any(flag in flags.split() for flag in BF16_CPU_FLAGS)


def base_model_dir(work: Path) -> Path:
    target = work / "vit5-base-random"
    if (target / "model.safetensors").is_file() and (target / "tokenizer.json").is_file():
        return target
    from summarizer.tiny import build_model

    print(f"  building the ViT5-base-shaped random model in {target} (one time)", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix=".vit5-base-", dir=work))
    build_model(tmp, size="base")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def model_inputs(count_tokens: Callable[[str], int], batch: int) -> list[str]:
    """``batch`` different texts of at most INPUT_TOKENS tokens each (as close as words allow)."""
    pool, _ = real_sentences(batch * 200)
    words = " ".join(pool).split()
    texts = []
    for b in range(batch):
        start = (b * len(words)) // max(batch, 1)
        chunk = (words[start:] + words[:start])[: INPUT_TOKENS * 2]
        lo, hi = 1, len(chunk)
        while lo < hi:  # longest prefix within the budget
            mid = (lo + hi + 1) // 2
            if count_tokens(" ".join(chunk[:mid])) <= INPUT_TOKENS:
                lo = mid
            else:
                hi = mid - 1
        texts.append(" ".join(chunk[:lo]))
    return texts


def load_backend(backend: str, precision: str, model_dir: Path, threads: int) -> Any:
    from summarizer.engines.vit5 import load_backend as load
    from summarizer.models import resolve_model

    return load(backend, resolve_model(str(model_dir)), precision=precision, device="cpu", threads=threads)


def generated_lengths(backend: Any, texts: list[str], request: Any) -> list[int]:
    """Run ``request`` and return the tokens each input's best sequence got (EOS included), as
    the backend reports them (``last_generated``: every returned sequence of every input)."""
    backend.generate(texts, request)
    return list(backend.last_generated[:: request.num_return_sequences])


def model_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Runs in a fresh subprocess for one backend."""
    from summarizer.engines.base import GenerateRequest
    from summarizer.options import GenerationOptions

    backend_name, precision = BACKENDS[args.worker_backend]
    rss_start = peak_rss_mb()
    start = time.perf_counter()
    backend = load_backend(backend_name, precision, Path(args.worker_model), args.threads)
    load_s = time.perf_counter() - start
    rss_loaded = peak_rss_mb()
    ngram = GenerationOptions().no_repeat_ngram_size
    n = args.new_tokens
    out: dict[str, Any] = {"load_s": load_s, "rss_after_load_mb": rss_loaded, "rss_start_mb": rss_start,
                           "new_tokens": n, "no_repeat_ngram_size": ngram, "batches": {},
                           "backend": backend.name, "precision": backend.precision}
    for batch in args.batches:
        texts = model_inputs(backend.count_tokens, batch)
        row: dict[str, Any] = {"input_tokens": [backend.count_tokens(t) for t in texts]}
        warm = GenerateRequest(num_beams=BEAM, max_new_tokens=2, min_new_tokens=2, no_repeat_ngram_size=ngram)
        # warm-up (allocators, lazy initialisation, per-shape buffers) on the real inputs: without
        # it the first full-length call absorbs seconds of set-up (CTranslate2: 1.5 s), which the
        # difference below would subtract from the decode time (negative figures with --quick)
        backend.generate(texts, warm)
        for beams in (1, BEAM):
            one = GenerateRequest(num_beams=beams, max_new_tokens=1, min_new_tokens=1, no_repeat_ngram_size=ngram)
            full = GenerateRequest(num_beams=beams, max_new_tokens=n, min_new_tokens=n, no_repeat_ngram_size=ngram)
            t1, tn, c1, cn, lengths = [], [], [], [], []
            for _ in range(args.model_repeats):
                s, c = time.perf_counter(), time.process_time()
                backend.generate(texts, one)
                t1.append(time.perf_counter() - s)
                c1.append(time.process_time() - c)
                s, c = time.perf_counter(), time.process_time()
                lengths = generated_lengths(backend, texts, full)
                tn.append(time.perf_counter() - s)
                cn.append(time.process_time() - c)
            step_ms = (min(tn) - min(t1)) / (n - 1) * 1000
            key = "greedy" if beams == 1 else f"beam{beams}"
            if step_ms <= 0:
                raise RuntimeError(f"{key}: {n} tokens took no longer than 1 ({min(tn):.2f}s vs {min(t1):.2f}s): "
                                   "timing noise exceeds the signal; raise --new-tokens or --model-repeats")
            row[key] = {"t1_s": min(t1), "tn_s": min(tn), "tn_median_s": statistics.median(tn),
                        "decode_ms_per_step": step_ms, "encode_ms": (min(t1) * 1000 - step_ms) / batch,
                        # CPU time of all threads: steadier than wall time on a shared machine
                        "cpu_ms_per_step": (min(cn) - min(c1)) / (n - 1) * 1000,
                        "tokens_generated": lengths,
                        "tokens_per_s": batch * (n - 1) / max(min(tn) - min(t1), 1e-9)}
            print(f"    {args.worker_backend} batch {batch} {key}: {step_ms:.1f} ms/step, "
                  f"t1 {min(t1):.2f}s, tokens {lengths}", file=sys.stderr, flush=True)
        out["batches"][str(batch)] = row
    out["peak_rss_mb"] = peak_rss_mb()
    b1 = out["batches"]["1"]
    out.update(encode_ms=b1["greedy"]["encode_ms"], decode_ms_per_token=b1["greedy"]["decode_ms_per_step"],
               decode_ms_per_token_beam4=b1[f"beam{BEAM}"]["decode_ms_per_step"])
    return out


def convert_worker(args: argparse.Namespace) -> dict[str, Any]:
    import importlib

    from summarizer.models import resolve_model

    module, function = BUILDERS[BACKENDS[args.worker_backend][0]]
    resolved = resolve_model(str(args.worker_model))
    converted = getattr(importlib.import_module(module), function)(Path(resolved.path).resolve(), args.worker_precision)
    return {"path": str(converted.path), "converted_now": converted.converted, "seconds": converted.seconds}
