#!/usr/bin/env python
"""Benchmark suite: start-up, deduplication scaling, extractive throughput, ViT5-base compute per
backend, the machine's memory-bandwidth floor, and the whole ``summarize`` process with a model.

    python scripts/bench.py [--quick] [--json PATH] [--repeats N] [--parts startup dedup ...]
                            [--backends torch-fp32 ctranslate2-int8 ...] [--threads N] [--work-dir DIR]

Parts (each figure is min / median over the repeats):

* ``startup``    ``summarize --help`` and the extractive run on ``examples/sample-cluster`` as
                 whole processes (imports included).
* ``dedup``      ``summarizer.dedup.deduplicate`` on synthetic clusters of 1k..100k sentences
                 (``--quick``: up to 20k) made of real ViMs sentences (read from ../shared at run
                 time; generated text when absent) with a controlled duplicate rate; time, peak
                 traced memory, and the growth exponent fitted by log-log least squares.
* ``extractive`` ``summarizer.pipeline.summarize`` over ../shared/data/vims (``--quick``: 30
                 clusters), clusters per second.
* ``model``      ViT5-base shape with random weights (``summarizer.tiny.build_model(size="base")``,
                 saved and loaded through ``resolve_model`` and the backend loaders), one fresh
                 subprocess per backend so RSS is honest: load time, peak RSS, encoder ms for 1024
                 input tokens, decoder ms per token for greedy and beam 4 with N forced new tokens
                 (min = max; 256, ``--quick`` 64), batch 1 and 8 (``--quick``: 1).
                 Timing method (the same for every backend, since CTranslate2 has no encoder-only
                 call): t(1) = generate exactly 1 token, t(N) = generate exactly N tokens;
                 decoder ms/token = (t(N) - t(1)) / (N - 1); encoder ms = t(1) - one decoder step.
* ``bandwidth``  large numpy array copy (GB/s, read + write bytes) and the implied lowest
                 milliseconds per decoder step per weight precision (decoder weights read per
                 step / bandwidth).
* ``cli-model``  ``summarize ../shared/examples/viet-nga --engine vit5 --backend ctranslate2`` with
                 the base-sized random model, beam 4, N forced new tokens, as a whole process.

JSON (stable): ``backends`` name -> {encode_ms, decode_ms_per_token, decode_ms_per_token_beam4,
load_s, peak_rss_mb}; ``bandwidth_floor_ms`` precision -> ms; ``dedup`` {sentences, seconds,
peak_mb, exponent}; ``startup`` {help_s, sample_s}; plus ``details`` for everything else.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
# Measure this checkout (not whatever an older install left on sys.path), here and in every
# process the suite starts.
sys.path.insert(0, str(ROOT))
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
SHARED = ROOT.parent / "shared"
VIMS = SHARED / "data" / "vims"
SAMPLE = ROOT / "examples" / "sample-cluster"
VIET_NGA = SHARED / "examples" / "viet-nga"

PARTS = ("startup", "dedup", "extractive", "bandwidth", "model", "cli-model")
# name -> (backend, precision); torch-bf16 only runs where the CPU has native bf16
BACKENDS: dict[str, tuple[str, str]] = {
    "torch-fp32": ("torch", "float32"),
    "torch-bf16": ("torch", "bfloat16"),
    "ctranslate2-int8": ("ctranslate2", "int8"),
    "ctranslate2-float32": ("ctranslate2", "float32"),
    "ctranslate2-int8_float32": ("ctranslate2", "int8_float32"),
}
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")

DEDUP_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
DEDUP_SIZES_QUICK = (1_000, 2_000, 5_000, 10_000, 20_000)
DUPLICATE_RATE = 0.3  # share of synthetic sentences repeating an earlier one
EDITED_SHARE = 0.5  # share of those repeats that are lightly edited instead of exact
SENTENCES_PER_REPORT = 25
MIN_POOL_WORDS = 6  # shortest real sentence used to build synthetic clusters
SEED = 13
EXTRACTIVE_QUICK_CLUSTERS = 30

INPUT_TOKENS = 1024
NEW_TOKENS = 256
NEW_TOKENS_QUICK = 32
BATCHES = (1, 8)
BATCHES_QUICK = (1,)
BEAM = 4
MODEL_REPEATS = 1  # generation runs per figure (each is long); --model-repeats changes it
BANDWIDTH_MB = 1024
BANDWIDTH_MB_QUICK = 256
BANDWIDTH_TRIALS = 5
MB = 1024 * 1024
WORKER_TIMEOUT_S = 3600


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


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


def min_median(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "n": len(values)}


def cli_command(name: str) -> list[str]:
    exe = shutil.which(name)
    if exe:
        return [exe]
    module = {"summarize": "summarizer.cli"}[name]
    return [sys.executable, "-m", module]


def time_process(cmd: list[str], repeats: int) -> dict[str, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=CHILD_ENV)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return min_median(times)


# --------------------------------------------------------------------------- 1. start-up


def bench_startup(args: argparse.Namespace) -> dict[str, Any]:
    summarize = cli_command("summarize")
    help_t = time_process(summarize + ["--help"], args.repeats)
    sample_t = time_process(summarize + [str(SAMPLE), "--engine", "extractive", "--quiet"], args.repeats)
    return {"help_s": help_t["min"], "sample_s": sample_t["min"],
            "help": help_t, "sample": sample_t, "command": summarize}


# --------------------------------------------------------------------------- 2. dedup scaling


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


def _edit(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words)
    return sentence.rstrip(".!?") + rng.choice(("!", " .", "…", ", họ nói."))


def synthetic_cluster(pool: list[str], n: int, rng: random.Random) -> tuple[list[str], int]:
    """``n`` sentences: fresh ones from ``pool`` (spliced pairs once it runs out) and, at
    DUPLICATE_RATE, repeats of earlier ones (EDITED_SHARE of them lightly edited)."""
    order = pool[:]
    rng.shuffle(order)
    texts: list[str] = []
    fresh = repeats = 0
    for _ in range(n):
        if texts and rng.random() < DUPLICATE_RATE:
            source = rng.choice(texts)
            texts.append(_edit(source, rng) if rng.random() < EDITED_SHARE else source)
            repeats += 1
            continue
        if fresh < len(order):
            texts.append(order[fresh])
        else:
            a, b = order[fresh % len(order)].split(), order[(fresh * 7 + 3) % len(order)].split()
            texts.append(" ".join(a[: len(a) // 2] + b[len(b) // 2:] + [f"({fresh})"]))
        fresh += 1
    return texts, repeats


def bench_dedup(args: argparse.Namespace) -> dict[str, Any]:
    import gc
    import tracemalloc

    from summarizer.dedup import deduplicate
    from summarizer.options import DedupOptions
    from summarizer.sentences import Sentence

    sizes = DEDUP_SIZES_QUICK if args.quick else DEDUP_SIZES
    pool, source = real_sentences(max(sizes))
    rng = random.Random(SEED)
    rows = []
    for n in sizes:
        texts, repeats = synthetic_cluster(pool, n, rng)
        sentences = tuple(
            Sentence(text=t, file=f"r{i // SENTENCES_PER_REPORT:05d}.txt", index=i % SENTENCES_PER_REPORT,
                     report=i // SENTENCES_PER_REPORT)
            for i, t in enumerate(texts)
        )
        times = []
        result = None
        for _ in range(args.repeats if n <= 20_000 else max(1, args.repeats // 2)):
            gc.collect()
            start = time.perf_counter()
            result = deduplicate(sentences, DedupOptions(), corrections={})
            times.append(time.perf_counter() - start)
        gc.collect()
        tracemalloc.start()
        deduplicate(sentences, DedupOptions(), corrections={})
        peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
        row = {"sentences": n, "seconds": min(times), "seconds_median": statistics.median(times),
               "peak_mb": peak, "repeats_made": repeats, "groups": len(result.groups)}
        rows.append(row)
        print(f"  dedup {n:>7} sentences: {row['seconds']:.3f}s, peak {peak:.1f} MB, "
              f"{row['groups']} groups ({repeats} repeats planted)", flush=True)
    xs = [math.log(r["sentences"]) for r in rows]
    ys = [math.log(max(r["seconds"], 1e-9)) for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    exponent = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    last = rows[-1]
    return {"sentences": last["sentences"], "seconds": last["seconds"], "peak_mb": last["peak_mb"],
            "exponent": exponent, "sizes": rows, "text_source": source, "duplicate_rate": DUPLICATE_RATE}


# --------------------------------------------------------------------------- 3. extractive throughput


def bench_extractive(args: argparse.Namespace) -> dict[str, Any]:
    from summarizer.options import SummarizeOptions
    from summarizer.pipeline import summarize

    folders = sorted(p for p in (VIMS / "clusters").iterdir() if p.is_dir())
    if args.quick:
        folders = folders[:EXTRACTIVE_QUICK_CLUSTERS]
    options = SummarizeOptions(engine="extractive")
    summarize(folders[0], options)  # warm-up: imports and first-call costs are not throughput
    per_cluster = []
    start = time.perf_counter()
    for folder in folders:
        t0 = time.perf_counter()
        summarize(folder, options)
        per_cluster.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    return {"clusters": len(folders), "seconds": total, "clusters_per_s": len(folders) / total,
            "per_cluster_ms": {k: v * 1000 if k != "n" else v for k, v in min_median(per_cluster).items()},
            "slowest_ms": max(per_cluster) * 1000}


# --------------------------------------------------------------------------- 5. bandwidth floor


def decoder_step_params() -> dict[str, int]:
    """Weights read per decoder step of the ViT5-base shape (cross-attention keys/values are
    projected once per input, so only its query and output projections count)."""
    from summarizer.tiny import SIZES

    s = SIZES["base"]
    inner = s.num_heads * s.d_kv
    per_layer = 4 * s.d_model * inner + 2 * s.d_model * inner + 2 * s.d_model * s.d_ff
    return {"layers": s.num_decoder_layers * per_layer, "lm_head": s.vocab_size * s.d_model,
            "cross_cache_values": s.num_decoder_layers * 2 * INPUT_TOKENS * inner}


WEIGHT_BYTES = {"float32": 4, "bfloat16": 2, "int8": 1, "int8_float32": 1}
ACTIVATION_BYTES = {"float32": 4, "bfloat16": 2, "int8": 4, "int8_float32": 4}


def bench_bandwidth(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    from concurrent.futures import ThreadPoolExecutor

    size = (BANDWIDTH_MB_QUICK if args.quick else BANDWIDTH_MB) * MB
    src = np.ones(size // 8, dtype=np.float64)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # fault the pages in
    results = {}
    for threads in sorted({1, args.threads}):
        chunks = np.array_split(np.arange(src.size), threads)
        bounds = [(c[0], c[-1] + 1) for c in chunks]

        def copy(b: tuple[int, int]) -> None:
            np.copyto(dst[b[0]:b[1]], src[b[0]:b[1]])

        best = math.inf
        with ThreadPoolExecutor(threads) as pool:
            for _ in range(BANDWIDTH_TRIALS):
                start = time.perf_counter()
                list(pool.map(copy, bounds))
                best = min(best, time.perf_counter() - start)
        results[threads] = 2 * size / best / 1e9  # bytes read + written
    gbs = max(results.values())
    params = decoder_step_params()
    weights = params["layers"] + params["lm_head"]
    floor = {p: weights * b / (gbs * 1e9) * 1000 for p, b in WEIGHT_BYTES.items()}
    with_cache = {p: (weights * b + params["cross_cache_values"] * ACTIVATION_BYTES[p]) / (gbs * 1e9) * 1000
                  for p, b in WEIGHT_BYTES.items()}
    return {"copy_gbs": gbs, "copy_gbs_by_threads": results, "array_mb": size // MB,
            "decoder_weights_per_step": weights, "bandwidth_floor_ms": floor,
            "bandwidth_floor_with_cross_cache_ms": with_cache}


# --------------------------------------------------------------------------- 4. model compute


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
    from summarizer.models import resolve_model

    resolved = resolve_model(str(model_dir))
    if backend == "ctranslate2":
        from summarizer.engines.ct2_backend import CTranslate2Backend

        return CTranslate2Backend.load(resolved, precision=precision, device="cpu", threads=threads)
    from summarizer.engines.torch_backend import TorchBackend

    return TorchBackend.load(resolved, precision=precision, device="cpu", threads=threads)


def generated_lengths(backend: Any, texts: list[str], request: Any) -> list[int]:
    """Run ``request`` and return the tokens each input's best hypothesis got, counted on the
    generated ids (CTranslate2: ``generate_ids``; torch: the output of its ``model.generate``
    call inside ``backend.generate``, minus the decoder start token)."""
    if hasattr(backend, "generate_ids"):
        return [len(h[0]) for h in backend.generate_ids(texts, request)]
    model = backend.model
    seen: list[Any] = []
    original = model.generate

    def recording(*args: Any, **kwargs: Any) -> Any:
        output = original(*args, **kwargs)
        seen.append(output)
        return output

    model.generate = recording
    try:
        backend.generate(texts, request)
    finally:
        del model.generate  # back to the class method
    rows = seen[0].shape[0] // len(texts)
    return [seen[0].shape[1] - 1] * (seen[0].shape[0] // rows)


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
        warm = GenerateRequest(num_beams=1, max_new_tokens=2, min_new_tokens=2, no_repeat_ngram_size=ngram)
        backend.generate(texts, warm)  # warm-up (allocators, caches, lazy initialisation)
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
    from summarizer.engines.ct2_backend import ensure_converted
    from summarizer.models import resolve_model

    resolved = resolve_model(str(args.worker_model))
    converted = ensure_converted(Path(resolved.path).resolve(), args.worker_precision)
    return {"path": str(converted.path), "converted_now": converted.converted, "seconds": converted.seconds}


def run_worker(argv: list[str], timeout: int = WORKER_TIMEOUT_S) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *argv, "--worker-out", str(out)],
                              stderr=None, stdout=subprocess.DEVNULL, timeout=timeout, env=CHILD_ENV)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {' '.join(argv)} exited {proc.returncode}")
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def bench_model(args: argparse.Namespace) -> dict[str, Any]:
    model = base_model_dir(args.work_dir)
    # torch-bf16 runs where the CPU has native bf16; --quick leaves it out unless named, since
    # without AMX it is the slowest backend by far
    names = args.backends or [n for n in BACKENDS if n != "torch-bf16" or (cpu_has_bf16() and not args.quick)]
    common = ["--threads", str(args.threads), "--new-tokens", str(args.new_tokens),
              "--model-repeats", str(args.model_repeats), "--batches", *map(str, args.batches)]
    results: dict[str, Any] = {}
    conversions = {}
    for name in names:
        backend, precision = BACKENDS[name]
        try:
            if backend == "ctranslate2":
                conversions[name] = run_worker(["--worker", "convert", "--worker-model", str(model),
                                                "--worker-precision", precision])
            results[name] = run_worker(["--worker", "model", "--worker-backend", name,
                                        "--worker-model", str(model), *common])
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            results[name] = {"error": str(exc)}
        print(f"  {name}: " + json.dumps({k: results[name].get(k) for k in (
            "load_s", "encode_ms", "decode_ms_per_token", "decode_ms_per_token_beam4", "peak_rss_mb", "error")},
            default=str), flush=True)
    return {"model_dir": str(model), "backends": results, "conversions": conversions,
            "bf16_cpu": cpu_has_bf16()}


# --------------------------------------------------------------------------- 6. whole process with a model


def bench_cli_model(args: argparse.Namespace) -> dict[str, Any]:
    model = base_model_dir(args.work_dir)
    cmd = cli_command("summarize") + [
        str(VIET_NGA), "--engine", "vit5", "--model", str(model), "--backend", "ctranslate2",
        "--num-beams", str(BEAM), "--min-new-tokens", str(args.new_tokens), "--max-new-tokens", str(args.new_tokens),
        "--threads", str(args.threads), "--format", "json", "--quiet",
    ]
    first = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=CHILD_ENV)
    cold = time.perf_counter() - first
    if proc.returncode != 0:
        raise RuntimeError(f"summarize exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    timed = time_process(cmd, args.repeats)
    result = json.loads(proc.stdout)
    return {"seconds": timed["min"], "timing": timed, "first_run_s": cold, "command": cmd,
            "backend": result.get("backend"), "precision": result.get("precision"),
            "generation": result.get("generation"), "timings": result.get("timings")}


# --------------------------------------------------------------------------- driver


def print_table(report: dict[str, Any]) -> None:
    print("\n== results ==")
    if "startup" in report["details"]:
        s = report["details"]["startup"]
        print(f"startup: --help {s['help_s']:.3f}s (median {s['help']['median']:.3f}), "
              f"sample extractive {s['sample_s']:.3f}s (median {s['sample']['median']:.3f})")
    if "dedup" in report:
        d = report["dedup"]
        print(f"dedup: {d['sentences']} sentences in {d['seconds']:.2f}s, peak {d['peak_mb']:.0f} MB, "
              f"growth exponent {d['exponent']:.3f}")
    if "extractive" in report["details"]:
        e = report["details"]["extractive"]
        print(f"extractive: {e['clusters']} clusters, {e['clusters_per_s']:.1f} clusters/s")
    floor = report.get("bandwidth_floor_ms", {})
    if floor:
        print(f"bandwidth: {report['details']['bandwidth']['copy_gbs']:.1f} GB/s copy; floor ms/step "
              + ", ".join(f"{p} {v:.1f}" for p, v in floor.items()))
    if report.get("backends"):
        print(f"{'backend':<26}{'load s':>8}{'RSS MB':>8}{'enc ms':>9}{'greedy ms/tok':>15}"
              f"{'(cpu ms)':>10}{'beam4 ms/step':>15}{'floor ms':>10}{'x floor':>9}")
        for name, r in report["backends"].items():
            if "error" in r:
                print(f"{name:<26}  error: {r['error']}")
                continue
            f = floor.get(BACKENDS[name][1])
            ratio = f"{r['decode_ms_per_token'] / f:.2f}" if f else "-"
            cpu = report["details"]["model"]["backends"][name]["batches"]["1"]["greedy"]["cpu_ms_per_step"]
            print(f"{name:<26}{r['load_s']:>8.2f}{r['peak_rss_mb']:>8.0f}{r['encode_ms']:>9.0f}"
                  f"{r['decode_ms_per_token']:>15.1f}{cpu:>10.1f}{r['decode_ms_per_token_beam4']:>15.1f}"
                  f"{(f or 0):>10.1f}{ratio:>9}")
    if "cli-model" in report["details"]:
        c = report["details"]["cli-model"]
        print(f"summarize viet-nga (vit5 base random, {c['backend']} {c['precision']}, beam {BEAM}): "
              f"{c['seconds']:.2f}s (median {c['timing']['median']:.2f}s)")
    for part, why in report["skipped"].items():
        print(f"{part}: skipped: {why}")
    for part, error in report["errors"].items():
        print(f"{part}: FAILED: {error}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="reduced sizes: whole suite under 5 minutes on 2 cores")
    p.add_argument("--json", type=Path, help="write the JSON report to this path")
    p.add_argument("--repeats", type=int, default=None, help="repeats per figure (default 5, --quick 3)")
    p.add_argument("--model-repeats", type=int, default=MODEL_REPEATS, help="repeats per model generation figure")
    p.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    p.add_argument("--backends", nargs="+", choices=list(BACKENDS), help="model backends (default: all available)")
    p.add_argument("--threads", type=int, default=cores(), help="CPU threads for inference (default: all cores)")
    p.add_argument("--new-tokens", type=int, default=None, help=f"forced new tokens (default {NEW_TOKENS}, --quick {NEW_TOKENS_QUICK})")
    p.add_argument("--batches", type=int, nargs="+", default=None, help="batch sizes (default 1 8, --quick 1)")
    p.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "summarizer-bench",
                   help="where the random base model and its conversions are kept between runs")
    p.add_argument("--worker", choices=("model", "convert"), help=argparse.SUPPRESS)
    p.add_argument("--worker-backend", help=argparse.SUPPRESS)
    p.add_argument("--worker-precision", help=argparse.SUPPRESS)
    p.add_argument("--worker-model", help=argparse.SUPPRESS)
    p.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 5)
    args.new_tokens = args.new_tokens or (NEW_TOKENS_QUICK if args.quick else NEW_TOKENS)
    args.batches = args.batches or list(BATCHES_QUICK if args.quick else BATCHES)
    if args.new_tokens < 2:
        p.error("--new-tokens must be at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        result = model_worker(args) if args.worker == "model" else convert_worker(args)
        args.worker_out.write_text(json.dumps(result, default=str))
        return 0
    args.work_dir.mkdir(parents=True, exist_ok=True)
    import platform

    report: dict[str, Any] = {"backends": {}, "bandwidth_floor_ms": {}, "details": {}, "errors": {}, "skipped": {},
                              "machine": {"cores": cores(), "cpu": platform.processor() or platform.machine(),
                                          "python": platform.python_version(), "bf16": cpu_has_bf16()},
                              "quick": args.quick, "repeats": args.repeats, "threads": args.threads,
                              "new_tokens": args.new_tokens, "batches": args.batches,
                              "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    suite_start = time.perf_counter()
    runners = {"startup": bench_startup, "dedup": bench_dedup, "extractive": bench_extractive,
               "bandwidth": bench_bandwidth, "model": bench_model, "cli-model": bench_cli_model}
    needs = {"extractive": VIMS, "cli-model": VIET_NGA}
    for part in PARTS:
        if part not in args.parts:
            continue
        if part in needs and not needs[part].is_dir():
            report["skipped"][part] = f"{needs[part]} is absent"
            continue
        print(f"[{part}]", flush=True)
        start = time.perf_counter()
        try:
            result = runners[part](args)
        except Exception as exc:  # one failed part must not hide the others; it is reported below
            report["errors"][part] = f"{type(exc).__name__}: {exc}"
            continue
        result["part_seconds"] = time.perf_counter() - start
        report["details"][part] = result
        if part == "startup":
            report["startup"] = {"help_s": result["help_s"], "sample_s": result["sample_s"]}
        elif part == "dedup":
            report["dedup"] = {k: result[k] for k in ("sentences", "seconds", "peak_mb", "exponent")}
        elif part == "bandwidth":
            report["bandwidth_floor_ms"] = result["bandwidth_floor_ms"]
        elif part == "model":
            report["backends"] = {
                name: r if "error" in r else {k: r[k] for k in ("encode_ms", "decode_ms_per_token",
                                                                "decode_ms_per_token_beam4", "load_s", "peak_rss_mb")}
                for name, r in result["backends"].items()
            }
    report["suite_seconds"] = time.perf_counter() - suite_start
    print_table(report)
    print(f"suite took {report['suite_seconds']:.0f}s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
        print(f"JSON written to {args.json}")
    failed = bool(report["errors"]) or any("error" in r for r in report["backends"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
