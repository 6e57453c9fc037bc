#!/usr/bin/env python
"""How well hard-wrapped reports are rejoined, measured on a corpus of one-paragraph-per-line text.

    python scripts/unwrap_report.py [--vims ../shared/data/vims] [--widths 60 72 100 130] [--json PATH]

Every report body of the corpus (title line dropped) is used twice:

- as it is: ``unwrap.unwrap_lines`` must leave it unchanged (``unchanged``: the share that is);
- wrapped by ``textwrap`` at each width, each paragraph to its own lines, with a blank line
  between paragraphs for a random half of them (seeded): ``exact`` is the share of reports whose
  rejoined text splits into exactly the sentences of the original, ``exact_without`` the same
  share without rejoining. With ``--jitter J`` each paragraph is wrapped at a width drawn from
  width × (1 ± J), as lines of a proportional font vary.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import corpus  # noqa: E402
from summarizer.fileio import write_atomic  # noqa: E402
from summarizer.sentences import split_sentences  # noqa: E402
from summarizer.unwrap import unwrap_lines  # noqa: E402
from _support import DEFAULT_VIMS, corpus_missing  # noqa: E402

DEFAULT_WIDTHS = (60, 72, 100, 130)
BLANK_LINE_SHARE = 0.5  # paragraphs followed by a blank line
SEED = 20261123


def bodies(vims: Path) -> list[list[str]]:
    """The paragraphs (non-blank lines after the title) of every report file in ``vims``."""
    found = []
    for path in sorted((vims / "clusters").glob("*/*.txt")):
        lines = corpus.read_text(path).split("\n")[1:]
        paragraphs = [line.strip() for line in lines if line.strip()]
        if paragraphs:
            found.append(paragraphs)
    return found


def wrapped(paragraphs: list[str], width: int, jitter: float, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        columns = max(20, round(width * (1 + rng.uniform(-jitter, jitter))))
        lines += textwrap.wrap(paragraph, columns, break_long_words=False, break_on_hyphens=False)
        if rng.random() < BLANK_LINE_SHARE:
            lines.append("")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS)
    parser.add_argument("--widths", type=int, nargs="+", default=list(DEFAULT_WIDTHS))
    parser.add_argument("--jitter", type=float, default=0.0, help="relative spread of the wrap width")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if corpus_missing(args.vims):
        return 2
    reports = bodies(args.vims)
    unchanged = sum(unwrap_lines(body) == body for body in reports) / len(reports)
    print(f"{len(reports)} reports; left unchanged as they are: {unchanged:.2%}")
    figures: dict[str, object] = {"reports": len(reports), "unchanged": unchanged, "widths": {}}
    rng = random.Random(SEED)
    print(f"{'width':>6} {'exact':>8} {'exact_without':>14}")
    references = [split_sentences("\n".join(body)) for body in reports]
    for width in args.widths:
        exact = exact_without = 0
        for body, reference in zip(reports, references):
            lines = wrapped(body, width, args.jitter, rng)
            exact += split_sentences("\n".join(unwrap_lines(lines))) == reference
            exact_without += split_sentences("\n".join(lines)) == reference
        row = {"exact": exact / len(reports), "exact_without": exact_without / len(reports)}
        figures["widths"][str(width)] = row  # type: ignore[index]
        print(f"{width:>6} {row['exact']:>8.2%} {row['exact_without']:>14.2%}")
    if args.json:
        write_atomic(args.json, json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
