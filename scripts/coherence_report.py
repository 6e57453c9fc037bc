#!/usr/bin/env python
"""Calibrate the off-topic report warning (``summarizer.coherence``) on a corpus of clusters.

    python scripts/coherence_report.py [--vims ../shared/data/vims] [--trials 3] [--json PATH]

For every cluster, each report's best similarity to another report of the cluster (``on topic``),
for the whole cluster and for the cluster cut to its first two reports; then, ``--trials`` times
per cluster and cut, one report of another randomly drawn cluster is added and its best
similarity recorded (``foreign``). Printed: percentiles of both, and for thresholds around the
default, the share of on-topic reports that would be flagged (false alarms) and of foreign
reports that would be (detected).

Then the linked groups (``coherence.check``): each cluster's weakest link (the largest threshold
at which its reports still form one group: the smallest similarity on the maximum spanning tree
of its similarity graph), and ``--pairs`` folders pooling two random clusters, with the largest
similarity between the two stories; a pooled folder falls into exactly its two clusters at a
threshold above that and at most both weakest links. Printed per threshold: clusters that
would fall apart (false alarms) and pooled folders told apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import coherence, corpus  # noqa: E402
from summarizer.documents import load_folder  # noqa: E402
from summarizer.fileio import write_atomic  # noqa: E402
from _support import DEFAULT_VIMS, corpus_missing  # noqa: E402

THRESHOLDS = (0.05, 0.06, 0.07, 0.08, 0.09, 0.10)
SEED = 20261123
CUTS = ("whole", "first 2")


def report_texts(vims: Path) -> list[list[str]]:
    clusters = []
    for entry in corpus.list_clusters(vims):
        reports = load_folder(entry.path).reports
        clusters.append([r.full_text for r in reports])
    return clusters


def best(texts: list[str]) -> np.ndarray:
    return coherence.similarity_matrix(texts).max(axis=1)


def weakest_link(similarity: np.ndarray) -> float:
    """The smallest similarity on the maximum spanning tree (Prim); 1.0 for one report."""
    n = len(similarity)
    inside = np.zeros(n, dtype=bool)
    inside[0] = True
    reach = similarity[0].copy()
    weakest = 1.0
    for _ in range(n - 1):
        candidate = int(np.argmax(np.where(inside, -np.inf, reach)))
        weakest = min(weakest, float(reach[candidate]))
        inside[candidate] = True
        reach = np.maximum(reach, similarity[candidate])
    return weakest


def groups_figures(clusters: list[list[str]], pairs: int, rng: random.Random) -> dict[str, object]:
    links = np.asarray([weakest_link(coherence.similarity_matrix(texts)) for texts in clusters])
    pooled = []
    for _ in range(pairs):
        i, j = rng.sample(range(len(clusters)), 2)
        similarity = coherence.similarity_matrix(clusters[i] + clusters[j])
        across = float(similarity[: len(clusters[i]), len(clusters[i]) :].max())
        pooled.append((across, min(links[i], links[j])))
    across = np.asarray([a for a, _ in pooled])
    print(f"groups: weakest link of a cluster: lowest {links.min():.3f} (cluster {int(links.argmin()) + 1}), "
          f"5th percentile {np.percentile(links, 5):.3f}; {pairs} pooled pairs of clusters: largest "
          f"similarity across the two, median {np.median(across):.3f}, max {across.max():.3f}")
    rows = {}
    for threshold in THRESHOLDS:
        split = float((links < threshold).mean())
        told = float(np.mean([a < threshold <= w for a, w in pooled]))
        rows[str(threshold)] = {"clusters_split": split, "pooled_told_apart": told}
        print(f"  threshold {threshold:.2f}: clusters split {split:.2%}, pooled pairs told apart {told:.1%}")
    return {"weakest_link_min": float(links.min()), "across_max": float(across.max()), "thresholds": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS)
    parser.add_argument("--trials", type=int, default=3, help="foreign reports tried per cluster and cut")
    parser.add_argument("--pairs", type=int, default=600, help="pooled pairs of clusters for the groups check")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if corpus_missing(args.vims):
        return 2
    clusters = report_texts(args.vims)
    rng = random.Random(SEED)
    figures: dict[str, object] = {"clusters": len(clusters), "default": coherence.MIN_REPORT_SIMILARITY}
    for cut in CUTS:
        on_topic: list[float] = []
        foreign: list[float] = []
        for index, texts in enumerate(clusters):
            texts = texts if cut == "whole" else texts[:2]
            on_topic += best(texts).tolist()
            for _ in range(args.trials):
                other = clusters[(index + rng.randrange(1, len(clusters))) % len(clusters)]
                foreign.append(float(best(texts + [rng.choice(other)])[-1]))
        on, off = np.asarray(on_topic), np.asarray(foreign)
        print(f"{cut}: {len(on)} on-topic reports, lowest {on.min():.3f}, 1st percentile {np.percentile(on, 1):.3f}; "
              f"{len(off)} foreign, median {np.median(off):.3f}, 95th percentile {np.percentile(off, 95):.3f}")
        rows = {}
        for threshold in THRESHOLDS:
            false_alarms, detected = float((on < threshold).mean()), float((off < threshold).mean())
            rows[str(threshold)] = {"false_alarms": false_alarms, "detected": detected}
            print(f"  threshold {threshold:.2f}: false alarms {false_alarms:.2%}, foreign detected {detected:.1%}")
        figures[cut] = {"on_topic_min": float(on.min()), "thresholds": rows}
    figures["groups"] = groups_figures(clusters, args.pairs, rng)
    if args.json:
        write_atomic(args.json, json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
