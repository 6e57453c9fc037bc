#!/usr/bin/env python
"""Benchmark suite: start-up, deduplication scaling, extractive throughput, ViT5-base compute per
backend, the machine's memory-bandwidth floor, and the whole ``summarize`` process with a model.

    python scripts/bench.py [--quick] [--json PATH] [--repeats N] [--parts startup dedup ...]
                            [--backends torch-fp32 ctranslate2-int8 ...] [--threads N] [--work-dir DIR]
                            [--new-tokens N] [--batches 1 8] [--large-batch-backends NAME ...]

Parts (each figure is min / median over the repeats):

* ``startup``    ``summarize --help`` and the extractive run on ``examples/sample-cluster`` as
                 whole processes (imports included).
* ``load``       ``summarizer.documents.load_folder`` on one large generated report (1 and 5 MB,
                 ``--quick``: 1 MB), as ``.txt`` and as ``.html``, then its sentence split; seconds,
                 MB/s, and the growth exponent from the smallest to the largest size (1 = linear).
* ``hostile``    the whole extractive run on inputs that were once super-linear, each at two sizes
                 (the second twice the first; ``HOSTILE_SIZES``): a long line of one-letter
                 initials, unclosed "<!--" in a text report and in a page, a letter with a long
                 run of combining marks, thousands of one-sentence reports, thousands of names in
                 two casings; seconds at each size and the growth exponent (1 = linear, 2 =
                 quadratic; before the fixes of 2026-12 the first four had 1.75-2.0, the
                 many reports 1.5).
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
                 (min = max; 256, ``--quick`` 64), batch 1 and 8 (``--quick``: 1), the no-repeat
                 n-gram size of the default options; the fastest of ``--model-repeats`` runs
                 (default 2, also with ``--quick``). The JSON records the tokens actually generated, and
                 CPU time per step beside wall time (steadier on a shared machine).
                 Timing method (the same for every backend, since CTranslate2 has no encoder-only
                 call): t(1) = generate exactly 1 token, t(N) = generate exactly N tokens;
                 decoder ms/token = (t(N) - t(1)) / (N - 1); encoder ms = t(1) - one decoder step
                 (so it includes the one-time cross-attention key/value projections).
* ``bandwidth``  large numpy array copy (GB/s, read + write bytes) and the implied lowest
                 milliseconds per decoder step per weight precision (decoder weights read per
                 step / bandwidth); also with the cross-attention cache (1024 inputs) added.
* ``cli-model``  ``summarize ../shared/examples/viet-nga --engine vit5`` on the default CPU backend
                 (``DEFAULT_BACKEND``: native) with the base-sized random model, beam 4, N forced
                 new tokens, as a whole process.

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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Measure this checkout (not whatever an older install left on sys.path), here and in every
# process the suite starts.
sys.path.insert(0, str(ROOT))
from bench_model import (  # noqa: E402  (after the sys.path line above)
    BACKENDS, BEAM, BUILDERS, INPUT_TOKENS, base_model_dir, convert_worker, cpu_has_bf16, model_worker,
    real_sentences,
)

CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
SHARED = ROOT.parent / "shared"
VIMS = SHARED / "data" / "vims"
SAMPLE = ROOT / "examples" / "sample-cluster"
VIET_NGA = SHARED / "examples" / "viet-nga"

PARTS = ("startup", "load", "hostile", "dedup", "extractive", "bandwidth", "model", "cli-model")
NEW_TOKENS = 256
NEW_TOKENS_QUICK = 64  # enough steps that one spike does not swamp the per-step difference
BATCHES = (1, 8)
BATCHES_QUICK = (1,)
QUICK_BACKENDS = ("torch-fp32", "native-int8", "onnxruntime-int8", "ctranslate2-int8")  # --quick: a model backend each
MODEL_REPEATS = 2  # runs per generation figure, the fastest kept (a shared machine has spikes)
LOAD_MB = (1, 5)
LOAD_MB_QUICK = (1,)
# One generated paragraph of a report: glued sentences, abbreviations and figures the loader and
# the splitter handle (no text from ../shared).
LOAD_PARAGRAPH = ("Đoàn công tác đến cảng Cửa Việt lúc 9h.Sáng 3/4 hai bên trao đổi về kế hoạch mở rộng cảng, "
                  "TP.HCM hỗ trợ 1.000 tỷ đồng. PGS.TS. Nguyễn Văn An cho biết công trình dự kiến hoàn thành năm 2027. ")
LOAD_PARAGRAPH_REPEATS = 40  # sentences run together into one long paragraph
DEDUP_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
DEDUP_SIZES_QUICK = (1_000, 2_000, 5_000, 10_000, 20_000)
DUPLICATE_RATE = 0.3  # share of synthetic sentences repeating an earlier one
EDITED_SHARE = 0.5  # share of those repeats that are lightly edited instead of exact
SENTENCES_PER_REPORT = 25
SEED = 13
EXTRACTIVE_QUICK_CLUSTERS = 30

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


# --------------------------------------------------------------------------- 2. loading large reports


def _large_report(megabytes: int, html: bool) -> str:
    title = "Mở rộng cảng Cửa Việt"
    paragraph = LOAD_PARAGRAPH * LOAD_PARAGRAPH_REPEATS
    count = megabytes * MB // len(paragraph.encode()) + 1
    if html:
        body = "\n".join(f"<p>{paragraph}</p>" for _ in range(count))
        return f"<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><article><h1>{title}</h1>\n{body}</article></body></html>"
    return title + "\n" + "\n".join([paragraph] * count)


# Whole-pipeline run on one large report whose paragraphs name many people, some of them
# look-alikes (Hùng / Hưng): the name checks read every use of every look-alike.
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
MIDDLE_NAMES = ("Văn", "Thị", "Quốc", "Minh", "Thanh")
GIVEN_NAMES = ("Hùng", "Hưng", "Lan", "Lân", "Tâm", "Tám", "Hải", "Hà", "Long", "Lộc", "Nam", "Năm")


def _named_report(megabytes: int) -> str:
    """Title and paragraphs of ``LOAD_PARAGRAPH``, each naming another seeded person."""
    rng = random.Random(SEED)
    paragraphs: list[str] = []
    size = 0
    while size < megabytes * MB:
        name = " ".join((rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES)))
        paragraph = (LOAD_PARAGRAPH.replace("Nguyễn Văn An", name) + f"Ông {name} nói thêm về dự án. ") * 4
        paragraphs.append(paragraph)
        size += len(paragraph.encode())
    return "Mở rộng cảng Cửa Việt\n" + "\n".join(paragraphs)


def bench_pipeline(folder: Path, megabytes: int) -> dict[str, Any]:
    """The whole extractive run on ``folder`` (one large report): seconds per stage."""
    from summarizer import SummarizeOptions, summarize

    start = time.perf_counter()
    result = summarize(folder, SummarizeOptions(engine="extractive"))
    return {"mb": megabytes, "total_s": time.perf_counter() - start,
            "stages_s": {k: v for k, v in result.timings.items() if "." not in k}}


def bench_load(args: argparse.Namespace) -> dict[str, Any]:
    from summarizer.documents import load_folder
    from summarizer.sentences import split_sentences

    sizes = LOAD_MB_QUICK if args.quick else LOAD_MB
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("txt", "html"):
            rows = []
            for megabytes in sizes:
                folder = Path(tmp) / f"{suffix}-{megabytes}"
                folder.mkdir()
                (folder / f"report.{suffix}").write_text(_large_report(megabytes, suffix == "html"), encoding="utf-8")
                load_times, split_times, sentences = [], [], 0
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    loaded = load_folder(folder)
                    load_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    sentences = len(split_sentences(loaded.reports[0].body))
                    split_times.append(time.perf_counter() - start)
                rows.append({"mb": megabytes, "load_s": min(load_times), "split_s": min(split_times),
                             "sentences": sentences, "mb_per_s": megabytes / (min(load_times) + min(split_times))})
            exponent = None
            if len(rows) > 1:
                first, last = rows[0], rows[-1]
                exponent = math.log((last["load_s"] + last["split_s"]) / (first["load_s"] + first["split_s"])) / math.log(last["mb"] / first["mb"])
            out[suffix] = {"sizes": rows, "exponent": exponent}
        runs = []
        for megabytes in sizes:
            folder = Path(tmp) / f"named-{megabytes}"
            folder.mkdir()
            (folder / "report.txt").write_text(_named_report(megabytes), encoding="utf-8")
            runs.append(bench_pipeline(folder, megabytes))
        exponent = None
        if len(runs) > 1:
            exponent = math.log(runs[-1]["total_s"] / runs[0]["total_s"]) / math.log(runs[-1]["mb"] / runs[0]["mb"])
        out["pipeline"] = {"sizes": runs, "exponent": exponent}
    return out


# --------------------------------------------------------------------------- hostile inputs

# Sizes of each hostile case (the unit is the case's own: initials, openers, marks, reports,
# names), the second twice the first.
HOSTILE_SIZES = {"initials": (1000, 2000), "txt_comments": (8000, 16000), "html_comments": (8000, 16000),
                 "combining_marks": (40000, 80000), "many_reports": (2000, 4000), "name_casings": (1000, 2000)}
HOSTILE_LEAD = ("Sáng 3/4, đoàn công tác đến cảng Cửa Việt, tỉnh Quảng Trị. Hai bên trao đổi về kế hoạch mở rộng cảng. "
                "Ông Nguyễn Văn An cho biết dự án hoàn thành trong năm nay.")


def _hostile_case(kind: str, n: int, folder: Path) -> None:
    """Write the hostile case ``kind`` of size ``n`` into ``folder``, beside two plain reports."""
    folder.mkdir(parents=True)
    for k in range(2):
        (folder / f"plain{k}.txt").write_text(f"Mở rộng cảng Cửa Việt {k}\n{HOSTILE_LEAD}\n", encoding="utf-8")
    title = "Mở rộng cảng Cửa Việt\n"
    if kind == "initials":  # one line (its breaks lost): "khối A." is no sentence end
        text = title + " ".join(f"Vụ cháy thứ {i} làm hư hại khu nhà của khối A. Lực lượng cứu hỏa có mặt ở trạm "
                                f"biến áp số V." for i in range(n))
    elif kind == "txt_comments":
        text = title + " ".join(f"Câu {i} về cảng. <!-- ghi chú" for i in range(n))
    elif kind == "html_comments":
        body = " ".join(f"<p>Câu {i} về cảng.</p> <!--" for i in range(n))
        (folder / "page.html").write_text(f"<html><body><h1>Mở rộng cảng</h1>{body}</body></html>", encoding="utf-8")
        return
    elif kind == "combining_marks":
        text = title + HOSTILE_LEAD + " a" + "\u0301\u0323" * n + " b."
    elif kind == "many_reports":
        for i in range(n):
            (folder / f"r{i:05d}.txt").write_text(f"Tin {i}\nSáng 3/4, tàu số {i} cập cảng Cửa Việt an toàn.\n",
                                                 encoding="utf-8")
        return
    elif kind == "name_casings":  # each name in its usual casing three times, once in another
        names = [f"Kim Ho-{i}an" for i in range(n)]
        text = title + " ".join(f"Ông {nm} đến cảng. Ông {nm} phát biểu. Ông {nm} ra về. Ông {nm.replace('-', '-X')} ở lại."
                                for nm in names)
    else:
        raise ValueError(kind)
    (folder / "hostile.txt").write_text(text + "\n", encoding="utf-8")


def bench_hostile(args: argparse.Namespace) -> dict[str, Any]:
    from summarizer import SummarizeOptions, summarize

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, sizes in HOSTILE_SIZES.items():
            rows = []
            for n in sizes:
                folder = Path(tmp) / f"{kind}-{n}"
                _hostile_case(kind, n, folder)
                start = time.perf_counter()
                summarize(folder, SummarizeOptions(engine="extractive", drop_off_topic=False))
                rows.append({"size": n, "seconds": time.perf_counter() - start})
            exponent = math.log(rows[-1]["seconds"] / rows[0]["seconds"]) / math.log(sizes[-1] / sizes[0])
            out[kind] = {"sizes": rows, "exponent": exponent}
    return out


# --------------------------------------------------------------------------- 3. dedup scaling


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


# --------------------------------------------------------------------------- 4. extractive throughput


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


# --------------------------------------------------------------------------- 6. bandwidth floor


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


# --------------------------------------------------------------------------- 5. model compute


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
    if args.backends:
        names = args.backends
    elif args.quick:  # the default and the reference, plus the other fast backend
        names = list(QUICK_BACKENDS)
    else:
        names = [n for n in BACKENDS if n != "torch-bf16" or cpu_has_bf16()]
    common = ["--threads", str(args.threads), "--new-tokens", str(args.new_tokens),
              "--model-repeats", str(args.model_repeats)]
    results: dict[str, Any] = {}
    conversions = {}
    for name in names:
        backend, precision = BACKENDS[name]
        try:
            if backend in BUILDERS:
                conversions[name] = run_worker(["--worker", "convert", "--worker-model", str(model),
                                                "--worker-backend", name, "--worker-precision", precision])
            large = args.large_batch_backends is None or name in args.large_batch_backends
            batches = args.batches if large else [1]
            results[name] = run_worker(["--worker", "model", "--worker-backend", name, "--worker-model", str(model),
                                        *common, "--batches", *map(str, batches)])
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            results[name] = {"error": str(exc)}
        print(f"  {name}: " + json.dumps({k: results[name].get(k) for k in (
            "load_s", "encode_ms", "decode_ms_per_token", "decode_ms_per_token_beam4", "peak_rss_mb", "error")},
            default=str), flush=True)
    return {"model_dir": str(model), "backends": results, "conversions": conversions,
            "bf16_cpu": cpu_has_bf16()}


# --------------------------------------------------------------------------- 7. whole process with a model


def bench_cli_model(args: argparse.Namespace) -> dict[str, Any]:
    model = base_model_dir(args.work_dir)
    cmd = cli_command("summarize") + [
        str(VIET_NGA), "--engine", "vit5", "--model", str(model), "--backend", BACKENDS[DEFAULT_BACKEND][0],
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
            "generation": result.get("generation"), "packing": result.get("packing"),
            "timings": result.get("timings")}


# --------------------------------------------------------------------------- driver


DEFAULT_BACKEND = "native-int8"  # what --backend auto / --precision auto run on a CPU
REFERENCE_BACKEND = "torch-fp32"


def compare(report: dict[str, Any]) -> dict[str, Any]:
    """The default CPU backend against the torch fp32 reference and against its floor."""
    backends, floor = report["backends"], report["bandwidth_floor_ms"]
    fast, ref = backends.get(DEFAULT_BACKEND, {}), backends.get(REFERENCE_BACKEND, {})
    out: dict[str, Any] = {"default": DEFAULT_BACKEND, "reference": REFERENCE_BACKEND}
    if "decode_ms_per_token" in fast and "decode_ms_per_token" in ref:
        out["speedup_greedy"] = ref["decode_ms_per_token"] / fast["decode_ms_per_token"]
        out["speedup_beam4"] = ref["decode_ms_per_token_beam4"] / fast["decode_ms_per_token_beam4"]
    precision = BACKENDS[DEFAULT_BACKEND][1]
    if "decode_ms_per_token" in fast and precision in floor:
        out["default_x_floor"] = fast["decode_ms_per_token"] / floor[precision]
        with_cache = report["details"]["bandwidth"]["bandwidth_floor_with_cross_cache_ms"][precision]
        out["default_x_floor_with_cross_cache"] = fast["decode_ms_per_token"] / with_cache
    return out


def print_table(report: dict[str, Any]) -> None:
    print("\n== results ==")
    if "startup" in report["details"]:
        s = report["details"]["startup"]
        print(f"startup: --help {s['help_s']:.3f}s (median {s['help']['median']:.3f}), "
              f"sample extractive {s['sample_s']:.3f}s (median {s['sample']['median']:.3f})")
    if "load" in report["details"]:
        for suffix, figures in report["details"]["load"].items():
            if suffix == "pipeline":
                runs = ", ".join(f"{r['mb']} MB {r['total_s']:.2f}s (checks {r['stages_s'].get('checks', 0.0):.2f}s)"
                                 for r in figures["sizes"])
                growth = f", growth exponent {figures['exponent']:.2f}" if figures["exponent"] is not None else ""
                print(f"whole extractive run on one report with many names: {runs}{growth}")
            if suffix in ("part_seconds", "pipeline"):
                continue
            sizes = ", ".join(f"{r['mb']} MB {r['load_s'] + r['split_s']:.2f}s ({r['mb_per_s']:.1f} MB/s)" for r in figures["sizes"])
            growth = f", growth exponent {figures['exponent']:.2f}" if figures["exponent"] is not None else ""
            print(f"load .{suffix}: {sizes}{growth}")
    for kind, figures in report["details"].get("hostile", {}).items():
        if kind != "part_seconds":
            runs = ", ".join(f"{r['size']} {r['seconds']:.2f}s" for r in figures["sizes"])
            print(f"hostile {kind}: {runs}, growth exponent {figures['exponent']:.2f}")
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
                  f"{(f'{f:.1f}' if f else '-'):>10}{ratio:>9}")
    c = report["comparison"]
    if "speedup_greedy" in c:
        print(f"{c['default']} vs {c['reference']}: {c['speedup_greedy']:.2f}x faster greedy, "
              f"{c['speedup_beam4']:.2f}x beam 4" + (f"; {c['default_x_floor']:.2f}x its bandwidth floor"
                                                     if "default_x_floor" in c else ""))
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
    p.add_argument("--model-repeats", type=int, default=None,
                   help=f"runs per model figure, the fastest kept (default {MODEL_REPEATS})")
    p.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    p.add_argument("--backends", nargs="+", choices=list(BACKENDS), help="model backends (default: all available; --quick: " + ", ".join(QUICK_BACKENDS) + ")")
    p.add_argument("--threads", type=int, default=cores(), help="CPU threads for inference (default: all cores)")
    p.add_argument("--new-tokens", type=int, default=None,
                   help=f"forced new tokens (default {NEW_TOKENS}, --quick {NEW_TOKENS_QUICK})")
    p.add_argument("--batches", type=int, nargs="+", default=None,
                   help="batch sizes (default 1 8, --quick 1); batch 1 always runs")
    p.add_argument("--large-batch-backends", nargs="+", choices=list(BACKENDS),
                   help="run batches above 1 only for these backends (default: every backend)")
    p.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "summarizer-bench",
                   help="where the random base model and its conversions are kept between runs")
    p.add_argument("--worker", choices=("model", "convert"), help=argparse.SUPPRESS)
    p.add_argument("--worker-backend", help=argparse.SUPPRESS)
    p.add_argument("--worker-precision", help=argparse.SUPPRESS)
    p.add_argument("--worker-model", help=argparse.SUPPRESS)
    p.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 5)
    args.model_repeats = args.model_repeats or MODEL_REPEATS
    args.new_tokens = args.new_tokens or (NEW_TOKENS_QUICK if args.quick else NEW_TOKENS)
    args.batches = sorted({1, *(args.batches or (BATCHES_QUICK if args.quick else BATCHES))})
    if args.new_tokens < 2:
        p.error("--new-tokens must be at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        try:
            result = model_worker(args) if args.worker == "model" else convert_worker(args)
        except RuntimeError as exc:  # a measurement that cannot be trusted: reported, not printed as data
            result = {"error": str(exc)}
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
    runners = {"startup": bench_startup, "load": bench_load, "hostile": bench_hostile, "dedup": bench_dedup,
               "extractive": bench_extractive,
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
    report["comparison"] = compare(report)
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
