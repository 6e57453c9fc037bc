#!/usr/bin/env python
"""Every cluster-wide name-typo correction over a corpus, for a person to review.

    python scripts/typo_report.py [--vims ../shared/data/vims] [--rejected] [--context 50]

For every cluster the reports are loaded and split exactly as ``summarize`` does, and
``normalize.name_typo_candidates`` is run on the titles and sentences. One line per applied
correction: cluster, ``typo (count) -> correction (count)`` and the first place the typo occurs.
With ``--rejected`` the look-alikes that a rule refused are listed too, with the rule's name.
The totals and the time spent finding typos end the report.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import corpus, normalize  # noqa: E402
from summarizer.documents import load_folder  # noqa: E402
from summarizer.sentences import sentences_of  # noqa: E402

DEFAULT_VIMS = ROOT.parent / "shared" / "data" / "vims"
DEFAULT_CONTEXT = 50  # characters shown each side of the typo


def first_context(name: str, texts: list[str], width: int) -> str:
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    for text in texts:
        match = pattern.search(text)
        if match:
            start, end = max(0, match.start() - width), match.end() + width
            return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS, help="corpus root (ViMs or folder per cluster)")
    parser.add_argument("--rejected", action="store_true", help="also list look-alikes a rule refused")
    parser.add_argument("--context", type=int, default=DEFAULT_CONTEXT, help="characters of context each side")
    args = parser.parse_args(argv)

    applied = 0
    refused: dict[str, int] = {}
    seconds = 0.0
    for entry in corpus.list_clusters(args.vims):
        loaded = load_folder(entry.path)
        texts = [r.title for r in loaded.reports if r.title] + [s.text for s in sentences_of(loaded.reports)]
        start = time.perf_counter()
        found = normalize.name_typo_candidates(texts)
        seconds += time.perf_counter() - start
        for typo in found:
            if typo.rejected_by is not None:
                refused[typo.rejected_by] = refused.get(typo.rejected_by, 0) + 1
                if not args.rejected:
                    continue
            else:
                applied += 1
            verdict = "applied" if typo.rejected_by is None else f"refused ({typo.rejected_by})"
            print(
                f"{entry.id}\t{typo.typo!r} ({typo.typo_count}) -> {typo.correction!r} ({typo.correction_count})"
                f"\t{verdict}\t{first_context(typo.typo, texts, args.context)}"
            )
    print(f"applied: {applied}; refused: {sum(refused.values())} {dict(sorted(refused.items()))}; "
          f"finding typos took {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
