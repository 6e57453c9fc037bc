#!/usr/bin/env python3
"""How the ViMs tune and held-out splits differ, and what that does to the extractive engine.

For each split it prints:

* the mean length of the human summaries in syllables (mean over each cluster's references,
  then over clusters) and the mean number of reports per cluster;
* for the greedy ROUGE-2 oracle at the engine's budget (``baselines.oracle``): the share of its
  sentences that the first report (in load order) carries, and the share of clusters whose
  "backbone" is the first report (the report carrying the most oracle sentences; a tie among k
  reports counts 1/k for each);
* ROUGE-2 F1 of Lead (``baselines.lead``) and of the engine's sentence selection
  (``extractive.choose_sentences``, without the opener edit, so weight 0 can differ from the
  engine row of ``baselines.py`` by a few hundredths) with a bonus of ``w`` added to the salience
  of every sentence the first report carries, for each ``--weights`` value, also on each half
  of the split.

The bonus is a probe, not a method: which file comes first depends on how the files are named,
and a user's folder gives its first file no special standing. Usage::

    python scripts/split_shift.py --split tune --json shift-tune.json
    python scripts/split_shift.py --split heldout --weights 0,0.5,1,2,4
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import baselines  # noqa: E402
from _support import corpus_missing, measure_and_report, split_arguments  # noqa: E402

from summarizer.cluster import PreparedCluster  # noqa: E402
from summarizer.corpus import VIMS_CLUSTERS_DIR, in_split, list_clusters, load_references  # noqa: E402
from summarizer.engines.extractive import choose_sentences, group_features  # noqa: E402
from summarizer.evaluate import count_syllables, rouge  # noqa: E402
from summarizer.options import DEFAULT_OPTIONS  # noqa: E402
from summarizer.pipeline import prepare  # noqa: E402

DEFAULT_WEIGHTS = (0.0, 0.5, 1.0, 2.0)


def membership_in_load_order(cluster: PreparedCluster) -> tuple[np.ndarray, bool]:
    """Which reports carry each merged sentence (``group_features``' columns put in load order,
    reports without a sentence left out), and whether column 0 is the first report."""
    membership, _ = group_features(cluster)
    files = sorted({s.file for s in cluster.dedup.sentences})
    order = [files.index(r.file) for r in cluster.loaded.reports if r.file in files]
    return membership[:, order], cluster.loaded.reports[0].file in files


def backbone_share(membership_rows: np.ndarray) -> float:
    """How much the first report (column 0) counts as the backbone of the chosen rows."""
    if membership_rows.size == 0:
        return 0.0
    counts = membership_rows.sum(axis=0)
    tied = np.flatnonzero(counts == counts.max())
    return 1.0 / len(tied) if 0 in tied else 0.0


def rouge2_f(sentences: Sequence[str], references: Sequence[str]) -> float:
    return rouge(" ".join(sentences), references, ("rouge2",))["rouge2"][0]


def measure(vims: Path, split: str, weights: Sequence[float], limit: int | None) -> dict:
    options = DEFAULT_OPTIONS
    budget = options.extractive.max_words
    references = load_references(vims)
    entries = [e for e in list_clusters(vims / VIMS_CLUSTERS_DIR) if in_split(e.id, split) and e.id in references]
    entries = entries[:limit] if limit is not None else entries
    ref_lengths, report_counts, oracle_first, backbone, lead = [], [], [], [], []
    engine: dict[float, list[float]] = {w: [] for w in weights}
    for entry in entries:
        refs = references[entry.id].summaries
        cluster = prepare(Path(entry.path), options)
        texts = cluster.merged_texts
        ref_lengths.append(float(np.mean([count_syllables(r) for r in refs])))
        report_counts.append(len(cluster.loaded.reports))
        membership, first_present = membership_in_load_order(cluster)
        # 1 for each merged sentence the first report carries (none when it has no sentence left)
        first = membership[:, 0] if first_present else np.zeros(len(texts))
        chosen = [texts.index(t) for t in baselines.oracle(cluster, budget, options, refs)]
        if chosen:
            oracle_first.append(float(first[chosen].mean()))
            backbone.append(backbone_share(membership[chosen]) if first_present else 0.0)
        lead.append(rouge2_f(baselines.lead(cluster, budget, options), refs))
        for w in weights:
            picked, _ = choose_sentences(cluster, budget, options.extractive.mmr_lambda, bonus=w * first)
            engine[w].append(rouge2_f([texts[i] for i in picked], refs))
    half = len(entries) // 2

    def figures(values: list[float]) -> dict:
        a = np.asarray(values)
        return {"f": float(a.mean()), "first_half": float(a[:half].mean()), "second_half": float(a[half:].mean())}

    return {
        "split": split,
        "clusters": len(entries),
        "budget": budget,
        "reference_syllables": float(np.mean(ref_lengths)),
        "reports_per_cluster": float(np.mean(report_counts)),
        "oracle_first_report_share": float(np.mean(oracle_first)),
        "oracle_backbone_is_first_report": float(np.mean(backbone)),
        "lead_rouge2": figures(lead),
        "engine_rouge2_by_first_report_bonus": {str(w): figures(engine[w]) for w in weights},
    }


def format_report(data: dict) -> str:
    lines = [
        f"split {data['split']} ({data['clusters']} clusters), budget {data['budget']} syllables",
        f"  human summaries: {data['reference_syllables']:.0f} syllables on average; "
        f"{data['reports_per_cluster']:.1f} reports per cluster",
        f"  greedy R2 oracle: {100 * data['oracle_first_report_share']:.0f}% of its sentences are in the first "
        f"report; the first report is its backbone in {100 * data['oracle_backbone_is_first_report']:.0f}% of clusters",
        "  ROUGE-2 F1 (points; the two halves of the split in brackets):",
    ]
    rows = [("Lead", data["lead_rouge2"])] + [
        (f"engine, first-report bonus {float(w):g}", fig) for w, fig in data["engine_rouge2_by_first_report_bonus"].items()
    ]
    width = max(len(label) for label, _ in rows)
    for label, fig in rows:
        lines.append(f"    {label:<{width}} {100 * fig['f']:6.2f}  [{100 * fig['first_half']:.2f}, "
                     f"{100 * fig['second_half']:.2f}]")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    split_arguments(parser, default_split="tune")
    parser.add_argument("--weights", default=",".join(f"{w:g}" for w in DEFAULT_WEIGHTS),
                        help="comma-separated first-report bonuses to try (0 = the engine as it is)")
    args = parser.parse_args(argv)
    if corpus_missing(args.vims):
        return 2
    try:
        weights = [float(w) for w in args.weights.split(",") if w.strip()]
    except ValueError:
        print(f"error: --weights takes comma-separated numbers, got {args.weights!r}", file=sys.stderr)
        return 2
    return measure_and_report(lambda: measure(args.vims, args.split, weights, args.limit), format_report, args.json)


if __name__ == "__main__":
    sys.exit(main())
