#!/usr/bin/env python3
"""Classic extractive baselines next to the engine, on the same inputs and length budget.

Every method reads a cluster through ``pipeline.prepare`` (the engine's own front: the reports'
body sentences in load order and the merged, deduplicated sentences in narrative order) and fills
the same budget, ``ExtractiveOptions.max_words`` syllables (whitespace tokens with a letter or
digit). Methods:

* ``lead`` - the first report's leading sentences.
* ``lead-rr`` - round-robin over the reports: sentence 1 of each report, then sentence 2 of each,
  ...; a sentence whose deduplication group is already in the summary is skipped.
* ``lexrank`` - LexRank (Erkan & Radev 2004): TF-IDF cosine graph over the merged sentences, edges
  at cosine >= ``LEXRANK_THRESHOLD``, PageRank with damping ``LEXRANK_DAMPING``; top-ranked first.
* ``lexrank-mmr`` - the LexRank scores picked by MMR (``ExtractiveOptions.mmr_lambda``, cosine).
* ``centroid-mmr`` - cosine to the TF-IDF centroid of the cluster, picked by MMR.
* ``oracle`` - greedy ROUGE-2 oracle: repeatedly adds the merged sentence that most raises the
  mean ROUGE-2 F1 against the references, while it rises (the extractive ceiling; uses the
  references, so it is no method, only a yardstick).
* ``engine`` - the extractive engine itself (``pipeline.summarize``), unless ``--no-engine``.

Ranked methods take sentences in rank order, skip any that would overflow the budget, and print
the chosen ones in narrative order. ``--max-reports K`` reads each cluster as its first K report
files only (ViMs clusters have 5-10 reports; this is how few-report behaviour is measured; the
references still summarize the whole cluster, so compare methods, not absolute figures). With the
engine row, every other row also shows the engine's paired ROUGE-2 difference to it (bootstrap
95% CI over clusters, randomization-test p; ``evaluate.paired_difference``).
``--save-predictions DIR`` writes each method's summaries as ``DIR/<method>.jsonl`` for
``summarize-eval``. Usage::

    python scripts/baselines.py --split heldout --json baselines.json
    python scripts/baselines.py --split tune --max-reports 2 --methods lead --lead-pin-max-reports 0
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _support import check_output, split_arguments  # noqa: E402
from summarizer.cluster import PreparedCluster  # noqa: E402
from summarizer.corpus import VIMS_CLUSTERS_DIR, ReferenceSet, in_split, list_clusters, load_references  # noqa: E402
from summarizer.documents import REPORT_SUFFIXES  # noqa: E402
from summarizer.evaluate import TOKENIZER, compare, count_syllables, evaluate, percent  # noqa: E402
from summarizer.fileio import write_atomic  # noqa: E402
from summarizer.errors import BadOptionError, EvaluationError, SummarizerError  # noqa: E402
from summarizer.options import DEFAULT_OPTIONS, SummarizeOptions  # noqa: E402

log = logging.getLogger("summarizer.baselines")

LEXRANK_THRESHOLD = 0.1  # cosine at or above which two sentences are linked (Erkan & Radev)
LEXRANK_DAMPING = 0.85  # PageRank damping factor
LEXRANK_ITERATIONS = 100  # power-iteration cap
LEXRANK_TOLERANCE = 1e-6  # power-iteration convergence (L1 change)
METHODS = ("lead", "lead-rr", "lexrank", "lexrank-mmr", "centroid-mmr", "oracle")


# ---------------------------------------------------------------------------------------------
# Budget and selection


def fits(chosen_words: int, text: str, budget: int) -> bool:
    return chosen_words + count_syllables(text) <= budget


def fill_in_order(texts: Sequence[str], order: Sequence[int], budget: int) -> list[int]:
    """Take indices in ``order``, skipping any that would overflow ``budget``; narrative order."""
    chosen: list[int] = []
    words = 0
    for i in order:
        if fits(words, texts[i], budget):
            chosen.append(i)
            words += count_syllables(texts[i])
    return sorted(chosen)


def tfidf_matrix(texts: Sequence[str]):
    """L2-normalized TF-IDF rows (syllable unigrams, our tokenizer)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(tokenizer=TOKENIZER.tokenize, lowercase=False, token_pattern=None)
    return vectorizer.fit_transform(texts)


def mmr_select(texts: Sequence[str], scores: Sequence[float], similarity, budget: int, mmr_lambda: float) -> list[int]:
    """Maximal marginal relevance with the classic TF-IDF cosine as redundancy, under the budget
    (the engine's MMR loop, ``salience.mmr_select``: same budget rule, narrative order)."""
    from summarizer.salience import mmr_select as engine_mmr

    lengths = [count_syllables(t) for t in texts]
    return engine_mmr(lengths, np.asarray(scores, dtype=float), lambda i: similarity[i], budget, mmr_lambda)


def lexrank_scores(similarity) -> list[float]:
    """Thresholded LexRank: degree-normalized adjacency, PageRank by power iteration."""
    n = similarity.shape[0]
    adjacency = (np.asarray(similarity) >= LEXRANK_THRESHOLD).astype(float)
    degree = adjacency.sum(axis=1, keepdims=True)
    transition = adjacency / np.where(degree > 0, degree, 1.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(LEXRANK_ITERATIONS):
        updated = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * transition.T @ rank
        if np.abs(updated - rank).sum() < LEXRANK_TOLERANCE:
            rank = updated
            break
        rank = updated
    return rank.tolist()


# ---------------------------------------------------------------------------------------------
# Methods: each returns the chosen sentence texts


def lead(cluster: PreparedCluster, budget: int, options: SummarizeOptions) -> list[str]:
    first = [s.text for s in cluster.sentences if s.report == 0]
    return [first[i] for i in fill_in_order(first, range(len(first)), budget)]


def lead_round_robin(cluster: PreparedCluster, budget: int, options: SummarizeOptions) -> list[str]:
    group_of: dict[int, int] = {}
    for g, group in enumerate(cluster.dedup.groups):
        for member in group.members:
            group_of[member] = g
    by_report: dict[int, list[int]] = {}
    for position, sentence in enumerate(cluster.sentences):
        by_report.setdefault(sentence.report, []).append(position)
    depth = max((len(v) for v in by_report.values()), default=0)
    used_groups: set[int] = set()
    chosen: list[str] = []
    words = 0
    for rank in range(depth):
        for report in sorted(by_report):
            positions = by_report[report]
            if rank >= len(positions):
                continue
            position = positions[rank]
            group = group_of.get(position, -1 - position)
            text = cluster.sentences[position].text
            if group in used_groups or not fits(words, text, budget):
                continue
            used_groups.add(group)
            chosen.append(text)
            words += count_syllables(text)
    return chosen


def _merged(cluster: PreparedCluster) -> list[str]:
    return cluster.merged_texts


def lexrank(cluster: PreparedCluster, budget: int, options: SummarizeOptions) -> list[str]:
    texts = _merged(cluster)
    matrix = tfidf_matrix(texts)
    scores = lexrank_scores((matrix @ matrix.T).toarray()) if len(texts) > 1 else [1.0] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: (-scores[i], i))
    return [texts[i] for i in fill_in_order(texts, order, budget)]


def lexrank_mmr(cluster: PreparedCluster, budget: int, options: SummarizeOptions) -> list[str]:
    texts = _merged(cluster)
    matrix = tfidf_matrix(texts)
    similarity = (matrix @ matrix.T).toarray()
    scores = lexrank_scores(similarity) if len(texts) > 1 else [1.0] * len(texts)
    return [texts[i] for i in mmr_select(texts, scores, similarity, budget, options.extractive.mmr_lambda)]


def centroid_mmr(cluster: PreparedCluster, budget: int, options: SummarizeOptions) -> list[str]:
    texts = _merged(cluster)
    matrix = tfidf_matrix(texts)
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    scores = (matrix @ (centroid / norm if norm else centroid)).tolist()
    similarity = (matrix @ matrix.T).toarray()
    return [texts[i] for i in mmr_select(texts, scores, similarity, budget, options.extractive.mmr_lambda)]


def _bigrams(text: str) -> Counter:
    tokens = TOKENIZER.tokenize(text)
    return Counter(zip(tokens, tokens[1:]))


def _rouge2_f(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def oracle(cluster: PreparedCluster, budget: int, options: SummarizeOptions, references: Sequence[str]) -> list[str]:
    """Greedy ROUGE-2 oracle over the merged sentences (ROUGE-2 computed as evaluate does:
    bigrams of our tokenizer, mean F1 over the references; joined text, so bigrams across a
    sentence boundary count as in the final score)."""
    texts = _merged(cluster)
    refs = [_bigrams(r) for r in references]
    chosen: list[int] = []
    words = 0
    best_score = 0.0
    while True:
        best: tuple[float, int] | None = None
        for i in range(len(texts)):
            if i in chosen or not fits(words, texts[i], budget):
                continue
            candidate = _bigrams(" ".join(texts[j] for j in sorted(chosen + [i])))
            score = sum(_rouge2_f(candidate, r) for r in refs) / len(refs)
            if best is None or score > best[0]:
                best = (score, i)
        if best is None or best[0] <= best_score:
            break
        best_score = best[0]
        chosen.append(best[1])
        words += count_syllables(texts[best[1]])
    return [texts[i] for i in sorted(chosen)]


RANKERS: dict[str, Callable[[PreparedCluster, int, SummarizeOptions], list[str]]] = {
    "lead": lead,
    "lead-rr": lead_round_robin,
    "lexrank": lexrank,
    "lexrank-mmr": lexrank_mmr,
    "centroid-mmr": centroid_mmr,
}


# ---------------------------------------------------------------------------------------------
# Driver


def record(cluster_id: str, sentences: Sequence[str]) -> dict:
    return {"id": cluster_id, "title": "", "summary": " ".join(sentences), "sentences": [{"text": s} for s in sentences]}


def first_reports(folder: Path, count: int, into: Path) -> Path:
    """A folder under ``into`` named like ``folder`` that links to its first ``count`` report
    files in load (sorted) order."""
    target = into / folder.name
    target.mkdir()
    reports = sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(REPORT_SUFFIXES))
    for path in reports[:count]:
        os.symlink(path.resolve(), target / path.name)
    return target


def run(
    vims: Path,
    split: str,
    limit: int | None,
    options: SummarizeOptions,
    *,
    methods: Sequence[str] = METHODS,
    with_engine: bool = True,
    extra: dict[str, Path] | None = None,
    max_reports: int | None = None,
    save_predictions: Path | None = None,
) -> tuple[dict[str, dict], list[str]]:
    """Figures per method (evaluate's JSON contract plus ``seconds``, and with the engine row,
    ``engine_minus``: the engine's paired ROUGE-2 difference to this method, see
    ``evaluate.paired_difference``) and the cluster ids; ``max_reports``: each cluster read as
    its first that many reports (``first_reports``); ``save_predictions``: a folder to write
    every method's predictions to, as ``<method>.jsonl`` (for ``summarize-eval --against``)."""
    from summarizer.evaluate import load_predictions
    from summarizer.pipeline import prepare, select_engine, summarize

    references: dict[str, ReferenceSet] = load_references(vims)
    entries = [e for e in list_clusters(vims / VIMS_CLUSTERS_DIR) if in_split(e.id, split) and e.id in references]
    if limit is not None:
        entries = entries[:limit]
    ids = [e.id for e in entries]
    if not ids:
        raise EvaluationError(f"no cluster of the {split} split with references under {str(vims)!r}")
    extra_predictions = {name: load_predictions(path) for name, path in (extra or {}).items()}  # read before any work
    budget = options.extractive.max_words
    predictions: dict[str, dict[str, dict]] = {m: {} for m in methods}
    seconds: dict[str, float | None] = {m: 0.0 for m in methods}
    if with_engine:
        engine_options = options.with_changes(engine="extractive")
        engine, _ = select_engine(engine_options)
        predictions["engine"], seconds["engine"] = {}, 0.0
    with tempfile.TemporaryDirectory(prefix="baselines-") as scratch_dir:
        scratch = Path(scratch_dir)
        for number, entry in enumerate(entries, start=1):
            folder = Path(entry.path) if max_reports is None else first_reports(Path(entry.path), max_reports, scratch)
            cluster = prepare(folder, options)
            for method in methods:
                started = time.perf_counter()
                if method == "oracle":
                    chosen = oracle(cluster, budget, options, references[entry.id].summaries)
                else:
                    chosen = RANKERS[method](cluster, budget, options)
                seconds[method] += time.perf_counter() - started
                predictions[method][entry.id] = record(entry.id, chosen)
            if with_engine:
                started = time.perf_counter()
                result = summarize(folder, engine_options, engine=engine)
                seconds["engine"] += time.perf_counter() - started
                predictions["engine"][entry.id] = {"id": entry.id, **result.to_dict()}
            if number % 25 == 0:
                log.info("%d/%d clusters", number, len(entries))
    for name, preds in extra_predictions.items():
        predictions[name] = preds
        seconds[name] = None
    if save_predictions is not None:
        save_predictions.mkdir(parents=True, exist_ok=True)
        for name, preds in predictions.items():
            lines = "".join(json.dumps(preds[i], ensure_ascii=False) + "\n" for i in ids if i in preds)
            write_atomic(save_predictions / f"{name}.jsonl", lines)
    reports = {name: evaluate(preds, references, ids) for name, preds in predictions.items()}
    figures = {}
    for name, report in reports.items():
        data = report.to_dict()
        data["seconds"] = seconds[name]
        if "engine" in reports and name != "engine":
            data["engine_minus"] = compare(reports["engine"], report)["rouge2"]
        figures[name] = data
    return figures, ids


def format_table(figures: dict[str, dict], split: str, count: int, budget: int) -> str:
    paired = any("engine_minus" in data for data in figures.values())
    lines = [
        f"split {split} ({count} clusters), budget {budget} syllables; ROUGE F1 in points, 95% CI for R2; "
        "order: Kendall's tau against the human summaries' sentence order"
        + ("; engine - method: paired R2 difference, its 95% CI and randomization p" if paired else ""),
        f"{'method':<14} {'R1':>6} {'R2':>6} {'R2 95% CI':>15} {'RL':>6} {'syll':>6} {'redund':>7} {'order':>6}"
        + (f" {'engine - method':>30}" if paired else ""),
    ]
    for name, data in figures.items():
        low, high = data["rouge2"]["ci95"]
        line = (
            f"{name:<14} {percent(data['rouge1']['f']):>6} {percent(data['rouge2']['f']):>6} "
            f"{'[' + percent(low) + ', ' + percent(high) + ']':>15} {percent(data['rougeL']['f']):>6} "
            f"{data['avg_syllables']:>6.1f} {100 * data['redundancy']:>6.2f}% "
            f"{'n/a' if data['order_tau'] is None else format(data['order_tau'], '.3f'):>6}"
        )
        if "engine_minus" in data:
            diff = data["engine_minus"]
            low, high = diff["ci95"]
            line += f" {100 * diff['diff']:>+7.2f} [{100 * low:+.2f}, {100 * high:+.2f}] p {diff['p_value']:.4f}"
        lines.append(line)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    split_arguments(parser, default_split="heldout")
    parser.add_argument("--max-words", type=int, default=None, help="length budget (default: the engine's)")
    parser.add_argument("--methods", default=",".join(METHODS), help=f"comma-separated subset of {','.join(METHODS)}")
    parser.add_argument("--no-engine", action="store_true", help="leave out the extractive engine row")
    parser.add_argument("--max-reports", type=int, default=None, metavar="K",
                        help="read each cluster as its first K report files only")
    parser.add_argument("--lead-pin-max-reports", type=int, default=None, metavar="N",
                        help="the engine's ExtractiveOptions.lead_pin_max_reports (default: the engine's)")
    parser.add_argument("--pred", action="append", default=[], metavar="NAME=FILE", help="extra row from a summarize-batch JSONL")
    parser.add_argument("--save-predictions", type=Path, default=None, metavar="DIR",
                        help="write each method's predictions to DIR/<method>.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.vims.is_dir():
        print(f"baselines: ViMs not found at {args.vims}", file=sys.stderr)
        return 2
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        print(f"baselines: unknown method(s) {', '.join(unknown)}; choose from {', '.join(METHODS)}", file=sys.stderr)
        return 2
    extra: dict[str, Path] = {}
    for item in args.pred:
        name, sep, path = item.partition("=")
        if not sep:
            print(f"baselines: --pred takes NAME=FILE, got {item!r}", file=sys.stderr)
            return 2
        extra[name] = Path(path)
    if args.max_reports is not None and args.max_reports < 1:
        print(f"baselines: --max-reports must be at least 1, got {args.max_reports}", file=sys.stderr)
        return 2
    problem = check_output(args.json, list(extra.values()))
    if problem is None and args.save_predictions is not None and args.save_predictions.exists() \
            and not args.save_predictions.is_dir():
        problem = f"--save-predictions {str(args.save_predictions)!r} is a file, not a folder"
    if problem is not None:
        print(f"baselines: {problem}", file=sys.stderr)
        return 2
    options = DEFAULT_OPTIONS
    try:
        if args.max_words is not None:
            options = options.with_changes(extractive__max_words=args.max_words)
        if args.lead_pin_max_reports is not None:
            options = options.with_changes(extractive__lead_pin_max_reports=args.lead_pin_max_reports)
    except BadOptionError as exc:
        print(f"baselines: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        figures, ids = run(args.vims, args.split, args.limit, options, methods=methods, with_engine=not args.no_engine,
                           extra=extra, max_reports=args.max_reports, save_predictions=args.save_predictions)
    except SummarizerError as exc:  # no cluster to score, unreadable predictions or references
        print(f"baselines: {exc}", file=sys.stderr)
        return exc.exit_code
    split = args.split if args.max_reports is None else f"{args.split}, first {args.max_reports} reports"
    print(format_table(figures, split, len(ids), options.extractive.max_words))
    print(f"({time.perf_counter() - started:.1f}s)")
    if args.json is not None:
        payload = {"split": args.split, "max_reports": args.max_reports, "clusters": ids,
                   "budget": options.extractive.max_words, "methods": figures}
        write_atomic(args.json, json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
