"""Shared by ``pdf_report.py`` and ``html_report.py``: compare a report read back from another
format with the same report read as text."""

from __future__ import annotations

import difflib

from summarizer.documents import Report
from summarizer.sentences import split_sentences

SHOWN_LINES = 4  # diff lines printed per differing report
LINE_WIDTH = 150  # characters printed per diff line


def differences(label: str, title: str | None, sentences: list[str], report: Report) -> list[str]:
    """Printable lines saying how ``report`` differs from the expected ``title`` and body
    ``sentences`` (empty when it does not)."""
    got = split_sentences(report.body)
    if got == sentences and report.title == title:
        return []
    shown_title = "ok" if report.title == title else repr(report.title)
    diff = list(difflib.unified_diff(sentences, got, lineterm="", n=0))[2 : 2 + SHOWN_LINES]
    return [f"{label}: title {shown_title}", *(f"    {line[:LINE_WIDTH]}" for line in diff)]
