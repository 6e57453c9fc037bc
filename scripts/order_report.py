#!/usr/bin/env python3
"""Does the summary tell things in the order people do? Narrative order vs summary order.

For every ViMs cluster of the split, two sets of merged sentences are ordered both ways:

* the engine's chosen sentences (``extractive.choose_sentences``, as the engine calls it);
* the greedy ROUGE-2 oracle's (``baselines.oracle``), so the comparison does not hang on what
  the engine chose.

Each is put in the merged document's narrative order (``dedup``) and in ``ordering.summary_order``,
and scored with ``evaluate.order_agreement`` (Kendall's tau against the order of the aligned
human summary sentences). Printed per selection and order: mean tau over the clusters that have
a value, the paired difference (summary order minus narrative order) with its bootstrap 95% CI
and randomization p-value, and the share of summaries whose first sentence is some report's
first sentence. Usage::

    python scripts/order_report.py --split tune [--json order-tune.json]
    python scripts/order_report.py --split heldout
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import baselines  # noqa: E402
from _support import corpus_missing, measure_and_report, split_arguments  # noqa: E402

from summarizer.corpus import VIMS_CLUSTERS_DIR, in_split, list_clusters, load_references  # noqa: E402
from summarizer.dedup import DedupResult  # noqa: E402
from summarizer.engines.extractive import choose_sentences  # noqa: E402
from summarizer.evaluate import order_agreement, paired_difference  # noqa: E402
from summarizer.options import DEFAULT_OPTIONS  # noqa: E402
from summarizer.ordering import positions_by_report, summary_order  # noqa: E402
from summarizer.pipeline import prepare  # noqa: E402

SELECTIONS = ("engine", "oracle")
ORDERS = ("narrative", "summary")


def opens_with_lead(dedup: DedupResult, order: Sequence[int]) -> bool:
    """Whether the first sentence of ``order`` is the first sentence of some report."""
    return bool(order) and 0 in positions_by_report(dedup, order[:1])[0].values()


def measure(vims: Path, split: str, limit: int | None) -> dict:
    options = DEFAULT_OPTIONS
    budget = options.extractive.max_words
    references = load_references(vims)
    entries = [e for e in list_clusters(vims / VIMS_CLUSTERS_DIR) if in_split(e.id, split) and e.id in references]
    entries = entries[:limit] if limit is not None else entries
    taus: dict[str, dict[str, list[float | None]]] = {s: {o: [] for o in ORDERS} for s in SELECTIONS}
    leads: dict[str, dict[str, list[bool]]] = {s: {o: [] for o in ORDERS} for s in SELECTIONS}
    for entry in entries:
        refs = references[entry.id].summaries
        cluster = prepare(Path(entry.path), options)
        texts = cluster.merged_texts
        engine, _ = choose_sentences(cluster, budget, options.extractive.mmr_lambda)
        oracle = [texts.index(t) for t in baselines.oracle(cluster, budget, options, refs)]
        for selection, chosen in (("engine", engine), ("oracle", oracle)):
            orders = {"narrative": sorted(chosen), "summary": summary_order(cluster.dedup, chosen)}
            for name, order in orders.items():
                taus[selection][name].append(order_agreement([texts[g] for g in order], refs))
                leads[selection][name].append(opens_with_lead(cluster.dedup, order))
    result: dict = {"split": split, "clusters": len(entries), "budget": budget, "selections": {}}
    for selection in SELECTIONS:
        both = [i for i, (a, b) in enumerate(zip(taus[selection]["summary"], taus[selection]["narrative"]))
                if a is not None and b is not None]
        summary = [float(taus[selection]["summary"][i]) for i in both]  # type: ignore[arg-type]
        narrative = [float(taus[selection]["narrative"][i]) for i in both]  # type: ignore[arg-type]
        result["selections"][selection] = {
            "tau_clusters": len(both),
            **{f"tau_{o}": sum(v) / len(v) if v else None for o, v in (("narrative", narrative), ("summary", summary))},
            **{f"opens_with_lead_{o}": sum(leads[selection][o]) / max(1, len(leads[selection][o])) for o in ORDERS},
            "difference": paired_difference(summary, narrative) if both else None,
        }
    return result


def format_report(data: dict) -> str:
    lines = [f"split {data['split']} ({data['clusters']} clusters), budget {data['budget']} syllables"]
    for selection, figures in data["selections"].items():
        diff = figures["difference"]
        lines.append(f"  {selection} selection ({figures['tau_clusters']} clusters with aligned pairs):")
        for order in ORDERS:
            tau = figures[f"tau_{order}"]
            shown = "n/a" if tau is None else f"{tau:.3f}"
            lines.append(f"    {order:<9} order: tau {shown}, opens with a report's first sentence "
                         f"{100 * figures[f'opens_with_lead_{order}']:.0f}%")
        if diff is not None:
            low, high = diff["ci95"]
            lines.append(f"    summary - narrative: {diff['diff']:+.3f} [{low:+.3f}, {high:+.3f}], p = {diff['p_value']:.4f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    split_arguments(parser, default_split="tune")
    args = parser.parse_args(argv)
    if corpus_missing(args.vims):
        return 2
    return measure_and_report(lambda: measure(args.vims, args.split, args.limit), format_report, args.json)


if __name__ == "__main__":
    sys.exit(main())
