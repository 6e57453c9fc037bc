"""Compare our sentence splitter with underthesea's ``sent_tokenize`` on the edge cases of
tests/test_sentences.py (glued periods, abbreviations, numbers, dates, quotes, ellipses...).

underthesea is NOT a project dependency; install it yourself to run this comparison
(``pip install underthesea``). Without it the script prints only our results and says so.

    python scripts/compare_splitter.py [--details]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from typing import Callable

from summarizer.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT / "tests" / "test_sentences.py"
NAME_WIDTH = 48
MAX_SHOWN_DISAGREEMENTS = 15
# Both outputs are compared after removing spaces before punctuation (we tidy "Moscow ." to
# "Moscow."; that is not a boundary difference).
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;!?])")


def comparable(sentences: list[str]) -> list[str]:
    return [_SPACE_BEFORE_PUNCT.sub(r"\1", s) for s in sentences]


def load_cases() -> list[tuple[str, str, list[str]]]:
    spec = importlib.util.spec_from_file_location("_splitter_cases", CASES_FILE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the cases from {CASES_FILE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


def underthesea_splitter() -> Callable[[str], list[str]] | None:
    try:
        from underthesea import sent_tokenize
    except ImportError:
        return None

    def split(text: str) -> list[str]:
        # sent_tokenize works on running text; give it each line, as our splitter treats lines.
        out: list[str] = []
        for line in text.split("\n"):
            if line.strip():
                out.extend(" ".join(s.split()) for s in sent_tokenize(line) if s.strip())
        return out

    return split


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="print both outputs for every mismatch")
    parser.add_argument("--corpus", type=Path, help="also measure agreement line by line on the .txt files under this folder")
    args = parser.parse_args()
    cases = load_cases()
    theirs = underthesea_splitter()
    if theirs is None:
        print("underthesea is not installed (pip install underthesea): showing our splitter only", file=sys.stderr)
    print(f"{'case':<{NAME_WIDTH}} {'ours':<6} {'underthesea':<11}")
    print("-" * (NAME_WIDTH + 19))
    ours_ok = theirs_ok = 0
    details: list[str] = []
    for name, text, expected in cases:
        ours = comparable(split_sentences(text))
        ours_ok += ours == expected
        mark_ours = "ok" if ours == expected else "WRONG"
        mark_theirs = "-"
        if theirs is not None:
            result = comparable(theirs(text))
            theirs_ok += result == expected
            mark_theirs = "ok" if result == expected else "WRONG"
            if result != expected:
                details.append(f"[{name}] underthesea: {result}")
        if ours != expected:
            details.append(f"[{name}] ours: {ours}")
        print(f"{name:<{NAME_WIDTH}} {mark_ours:<6} {mark_theirs:<11}")
    print("-" * (NAME_WIDTH + 19))
    total = len(cases)
    print(f"{'exactly right':<{NAME_WIDTH}} {ours_ok}/{total:<4} {f'{theirs_ok}/{total}' if theirs else '-'}")
    if args.details and details:
        print()
        print("\n".join(details))
    if args.corpus is not None and theirs is not None:
        corpus_agreement(args.corpus, theirs)
    return 0


def corpus_agreement(folder: Path, theirs: Callable[[str], list[str]]) -> None:
    """Share of non-empty lines that both splitters cut into exactly the same sentences."""
    from summarizer.normalize import normalize_text

    lines = same = ours_total = theirs_total = 0
    shown = 0
    for path in sorted(folder.rglob("*.txt")):
        for line in normalize_text(path.read_text(encoding="utf-8", errors="replace")).split("\n")[1:]:
            if not line.strip():
                continue
            ours, result = comparable(split_sentences(line)), comparable(theirs(line))
            lines += 1
            same += ours == result
            ours_total += len(ours)
            theirs_total += len(result)
            if ours != result and shown < MAX_SHOWN_DISAGREEMENTS:
                shown += 1
                print(f"\n[{path.parent.name}/{path.name}]\n  ours:  {ours}\n  theirs: {result}")
    print(f"\ncorpus {folder}: {lines} lines, identical splits {same}/{lines} ({same / max(lines, 1):.1%}); "
          f"sentences ours {ours_total}, underthesea {theirs_total}")


if __name__ == "__main__":
    raise SystemExit(main())
