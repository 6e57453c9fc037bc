"""Shared by this folder's corpus scripts: where ViMs is, the check that it is there, and the
comparison of a report read back from another format (``pdf_report.py``, ``html_report.py``)."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.documents import Report
from summarizer.sentences import split_sentences

DEFAULT_VIMS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vims"
SHOWN_LINES = 4  # diff lines printed per differing report
LINE_WIDTH = 150  # characters printed per diff line


def corpus_missing(vims: Path) -> bool:
    """True, with the one-line error printed, when ``vims`` holds no ``clusters/`` folder."""
    if (vims / "clusters").is_dir():
        return False
    print(f"error: no corpus at {vims} (expected clusters/ inside)", file=sys.stderr)
    return True


@dataclass(frozen=True)
class ReadBack:
    title_ok: bool  # the report read back has the expected title
    exact: bool  # ... and splits into exactly the expected sentences
    lines: list[str]  # printable lines saying how it differs (empty when it does not)


def read_back(label: str, title: str | None, sentences: list[str], report: Report) -> ReadBack:
    """How ``report`` compares with the expected ``title`` and body ``sentences``."""
    got = split_sentences(report.body)
    title_ok, exact = report.title == title, got == sentences
    if title_ok and exact:
        return ReadBack(True, True, [])
    shown_title = "ok" if title_ok else repr(report.title)
    diff = list(difflib.unified_diff(sentences, got, lineterm="", n=0))[2 : 2 + SHOWN_LINES]
    return ReadBack(title_ok, exact, [f"{label}: title {shown_title}", *(f"    {line[:LINE_WIDTH]}" for line in diff)])
