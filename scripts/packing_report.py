#!/usr/bin/env python
"""How much of the reference summaries can the model possibly see? Packing vs naive truncation.

    python scripts/packing_report.py [--vims ../shared/data/vims] [--split all|tune|heldout]
                                     [--model DIR] [--budget 1024] [--limit N] [--json OUT] [--fit]

For every cluster with references, two model inputs are built at the same token budget:

* naive: the reports concatenated in order and cut at the budget (a tokenizer-side truncation);
* packed: what the ViT5 engine gives the model (``packing.pack`` over ``packing.cluster_scores``:
  the first report's opening sentences, then deduplicated sentences chosen by predicted value
  times bigram novelty until the budget is full, in narrative order).

For each input, the share of reference bigrams present in it (ROUGE-2 recall of the input
against each reference: syllables, NFC, lower case, clipped counts) is averaged over the
cluster's references, then over clusters. Tokens are counted with the model's tokenizer when
``--model`` is given (its prefix and budget then apply unless ``--budget`` is given), otherwise
estimated as syllables plus punctuation marks plus one EOS. It also prints where the packer's
misses are: the distinct reference bigrams found in merged sentences that several reports carry
and those found only in sentences one report alone carries, and the share of each packed.

``--fit`` refits ``packing.PackingWeights`` on the split's clusters (use ``--split tune`` only:
clusters 201-300 stay held out): ridge least squares (penalty ``FIT_RIDGE``, intercept not
penalized) from ``packing.features`` to each merged sentence's share of syllable bigrams found
in the cluster's references; prints the weights as Python and reports the packer with them.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _support import check_output, positive_int, split_arguments  # noqa: E402
from summarizer import corpus, packing  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.fileio import write_atomic  # noqa: E402
from summarizer.engines.vit5 import cluster_salience  # noqa: E402
from summarizer.options import DEFAULT_OPTIONS  # noqa: E402
from summarizer.pipeline import prepare  # noqa: E402

log = logging.getLogger("summarizer.packing_report")

DEFAULT_BUDGET = 1024  # ViT5 vietnews checkpoints' input limit
FIT_RIDGE = 1.0  # L2 penalty of --fit (features are on unit-ish scales)
_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")


def estimate_tokens(text: str) -> int:
    """Syllables plus punctuation marks plus one EOS (no model at hand)."""
    return len(text.split()) + len(_PUNCT.findall(text)) + 1


def syllables(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def bigram_recall(source: str, reference: str) -> float:
    """ROUGE-2 recall of ``source`` against ``reference`` (clipped bigram counts)."""
    ref_tokens = syllables(reference)
    ref = Counter(zip(ref_tokens, ref_tokens[1:]))
    if not ref:
        return 0.0
    src_tokens = syllables(source)
    src = Counter(zip(src_tokens, src_tokens[1:]))
    return sum(min(c, src[b]) for b, c in ref.items()) / sum(ref.values())


def bigram_set(text: str) -> set[tuple[str, str]]:
    tokens = syllables(text)
    return set(zip(tokens, tokens[1:]))


def reference_bigrams(references: Sequence[str]) -> set[tuple[str, str]]:
    """The distinct bigrams of all ``references``."""
    return set().union(*map(bigram_set, references))


def reference_precision(texts: Sequence[str], references: Sequence[str]) -> np.ndarray:
    """For every text, the share of its bigrams found in any reference (the target of --fit)."""
    wanted = reference_bigrams(references)
    shares = []
    for text in texts:
        own = bigram_set(text)
        shares.append(len(own & wanted) / len(own) if own else 0.0)
    return np.asarray(shares)


def misses_by_support(cluster, packed_text: str, references: Sequence[str]) -> dict[str, int]:
    """Distinct reference bigrams found in the merged sentences that several reports carry
    (``shared``) and only in sentences one report alone carries (``single``), and how many of
    each the packed input holds (``kept_*``)."""
    wanted = reference_bigrams(references)
    dedup = cluster.dedup
    shared: set[tuple[str, str]] = set()
    single: set[tuple[str, str]] = set()
    for group, text in zip(dedup.groups, cluster.merged_texts):
        reports = {dedup.sentences[m].report for m in group.members}
        (shared if len(reports) > 1 else single).update(bigram_set(text) & wanted)
    single -= shared
    packed = bigram_set(packed_text)
    return {"shared": len(shared), "kept_shared": len(shared & packed),
            "single": len(single), "kept_single": len(single & packed)}


def fit_weights(rows: np.ndarray, targets: np.ndarray, ridge: float = FIT_RIDGE) -> packing.PackingWeights:
    """Ridge least squares with an unpenalized intercept."""
    design = np.hstack([np.ones((len(rows), 1)), rows])
    penalty = ridge * np.eye(design.shape[1])
    penalty[0, 0] = 0.0
    coef = np.linalg.solve(design.T @ design + penalty, design.T @ targets)
    return packing.PackingWeights(*(round(float(c), 4) for c in coef))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def model_counter(model: str) -> tuple[Callable[[str], int], str, int | None]:
    """Token counter, prefix and budget of a local model folder (or id) via the normal path."""
    from transformers import AutoTokenizer

    from summarizer.models import resolve_model

    resolved = resolve_model(model)
    tokenizer = AutoTokenizer.from_pretrained(str(resolved.path), local_files_only=True)

    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    return count, resolved.prefix, resolved.max_input_tokens


def _clusters(vims: Path, split: str, limit: int | None) -> tuple[list, dict]:
    references = corpus.load_references(vims)
    clusters = [c for c in corpus.list_clusters(vims) if c.id in references and corpus.in_split(c.id, split)]
    return (clusters[:limit] if limit else clusters), references


def fit(vims: Path, *, split: str, limit: int | None) -> packing.PackingWeights:
    """Fit ``PackingWeights`` on the split's clusters (see the module docstring)."""
    clusters, references = _clusters(vims, split, limit)
    rows, targets = [], []
    for entry in clusters:
        cluster = prepare(entry.path, DEFAULT_OPTIONS)
        if cluster.merged_texts:
            rows.append(packing.features(cluster))
            targets.append(reference_precision(cluster.merged_texts, references[entry.id].summaries))
    return fit_weights(np.vstack(rows), np.concatenate(targets))


def run(vims: Path, *, split: str, budget: int | None, model: str | None, limit: int | None,
        weights: packing.PackingWeights = packing.DEFAULT_PACKING_WEIGHTS) -> dict:
    count, prefix, model_budget = (model_counter(model) if model else (estimate_tokens, "", None))
    budget = budget or model_budget or DEFAULT_BUDGET
    clusters, references = _clusters(vims, split, limit)
    rows = []
    started = time.perf_counter()
    for entry in clusters:
        cluster = prepare(entry.path, DEFAULT_OPTIONS)
        texts = cluster.merged_texts
        if not texts:
            log.warning("%s: no sentences; skipped", entry.id)
            continue
        full = packing.compose(prefix, [s.text for s in cluster.sentences])
        naive = packing.truncate_naive([s.text for s in cluster.sentences], count, budget, prefix=prefix)
        scores = (cluster_salience(cluster) if weights == packing.DEFAULT_PACKING_WEIGHTS
                  else packing.cluster_scores(cluster, weights))
        packed = packing.pack(texts, scores, count, budget, prefix=prefix, first=packing.pinned_sentences(cluster))
        refs = references[entry.id].summaries
        rows.append({
            "id": entry.id,
            "full_tokens": count(full),
            "naive_tokens": count(naive),
            "packed_tokens": packed.tokens,
            "full": _mean([bigram_recall(full, r) for r in refs]),
            "naive": _mean([bigram_recall(naive, r) for r in refs]),
            "packed": _mean([bigram_recall(packed.text, r) for r in refs]),
            "sentences_packed": len(packed.indices),
            "sentences_merged": len(texts),
            "reference_bigrams": misses_by_support(cluster, packed.text, refs),
        })
    over = [r for r in rows if r["full_tokens"] > budget]
    by_support = {key: sum(r["reference_bigrams"][key] for r in rows)
                  for key in ("shared", "kept_shared", "single", "kept_single")}
    return {
        "split": split,
        "clusters": len(rows),
        "budget": budget,
        "tokens": f"tokenizer of {model}" if model else "estimate (syllables + punctuation + EOS)",
        "over_budget": len(over),
        "recall_full_input": _mean([r["full"] for r in rows]),
        "recall_naive": _mean([r["naive"] for r in rows]),
        "recall_packed": _mean([r["packed"] for r in rows]),
        "recall_naive_over_budget": _mean([r["naive"] for r in over]),
        "recall_packed_over_budget": _mean([r["packed"] for r in over]),
        "reference_bigrams_by_support": by_support,
        "seconds": time.perf_counter() - started,
        "per_cluster": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    split_arguments(parser, default_split="all")
    parser.add_argument("--model", default=None, help="count tokens with this model's tokenizer")
    parser.add_argument("--budget", type=positive_int, default=None,
                        help=f"input tokens (default: the model's, else {DEFAULT_BUDGET})")
    parser.add_argument("--fit", action="store_true", help="refit packing.PackingWeights on --split first")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    problem = check_output(args.json, [])
    if problem is None and not (args.vims / "clusters").is_dir():
        problem = f"no ViMs corpus at {args.vims} (clusters/ and summaries/)"
    if problem is not None:
        print(f"packing_report: {problem}", file=sys.stderr)
        return 2
    weights = packing.DEFAULT_PACKING_WEIGHTS
    if args.fit:
        weights = fit(args.vims, split=args.split, limit=args.limit)
        print(f"fitted on {args.split}: {weights!r}")
    try:
        report = run(args.vims, split=args.split, budget=args.budget, model=args.model, limit=args.limit,
                     weights=weights)
    except SummarizerError as exc:  # a model that does not resolve or load, a budget no sentence fits
        print(f"packing_report: {exc}", file=sys.stderr)
        return exc.exit_code
    pct = lambda v: f"{100 * v:5.1f}%"  # noqa: E731
    print(f"split {report['split']}: {report['clusters']} clusters, budget {report['budget']} tokens ({report['tokens']})")
    print(f"clusters over the budget: {report['over_budget']} of {report['clusters']}")
    print("reference bigram recall of the model input (mean over references, then clusters):")
    print(f"  whole input (no budget) {pct(report['recall_full_input'])}")
    print(f"  naive truncation        {pct(report['recall_naive'])}")
    print(f"  packed                  {pct(report['recall_packed'])}")
    print(f"  packed - naive          {100 * (report['recall_packed'] - report['recall_naive']):+5.1f} points")
    print(f"  over-budget clusters only: naive {pct(report['recall_naive_over_budget'])}, "
          f"packed {pct(report['recall_packed_over_budget'])}")
    support = report["reference_bigrams_by_support"]
    missed_shared = support["shared"] - support["kept_shared"]
    missed_single = support["single"] - support["kept_single"]
    print("distinct reference bigrams in the merged sentences, by the sentences they are in (all clusters):")
    print(f"  sentences several reports carry: {support['shared']}, packed {pct(support['kept_shared'] / max(1, support['shared']))}")
    print(f"  only in single-report sentences: {support['single']}, packed {pct(support['kept_single'] / max(1, support['single']))}")
    print(f"  share of the packer's misses in single-report sentences: "
          f"{pct(missed_single / max(1, missed_single + missed_shared))}")
    print(f"({report['seconds']:.1f}s)")
    if args.json:
        write_atomic(args.json, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
