"""Relative days in a summary: "hôm qua" (yesterday) counts from the day its report came out.

A summary of several reports mixes sentences written on different days, and is read later
still: "hôm qua" in one report and "hôm nay" in another can be the same day, and neither says
which day to a reader. Every such expression in the summary or the headline is listed in one
warning, with the sentence it is in, so an editor can put the date in. An expression followed
by its date, in parentheses or not ("sáng nay (23/5)", "sáng nay 23/5", "Chiều nay, 31/5", "chiều
qua, ngày 19/5", "Hôm nay 20.5"), says its day and is not listed; a figure that is no date
("hôm nay 2.500 người", "10-15 người", a score "3-0") does not count.

Where the date follows the expression, the summary tells the date alone (:func:`dated`: "sáng
nay (29/5)" as "sáng 29/5", "Hôm nay 20.5" as "Ngày 20.5"), outside quotations; a copy editor
asked for it (Cluster_285 told one day as "Hôm qua 2/6" and "hôm nay (2-6)").

Listed: the day words ``hôm nay``, ``hôm qua``, ``hôm kia``, ``ngày mai``, ``ngày kia`` and
a part of the day with ``nay``, ``qua`` or ``mai`` (``sáng nay``, ``chiều qua``, ``tối mai``).
Wider spans ("năm nay", "tuần trước", "mới đây") are not: a reader can usually place them; nor
is "ánh sáng qua" (light through). Measured on the extractive engine's summaries of the 300 ViMs
clusters: 90 hold a relative expression of any kind, 36 a listed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .normalize import DAY, MONTH, PARTS_OF_DAY

_DAY_WORDS = "hôm nay|hôm qua|hôm kia|ngày mai|ngày kia"
# A day and a month ("23/5", "23-5", "20.5"), in range (normalize.DAY, MONTH): "10-15 người" and
# "3-0" are no date.
_DATE = rf"{DAY}(?:\s*/\s*|[.-]){MONTH}(?:[/.-](?:19|20)\d\d)?(?![\d-])"
_RELATIVE_DAY = re.compile(
    rf"(?<!\w)(?<!ánh )(?:{_DAY_WORDS}|(?:{PARTS_OF_DAY}) (?:nay|qua|mai))(?!\w)"
    rf"(?!\s*(?:[(,]\s*)?(?:ngày\s+|thứ\s+\w+,?\s*)?{_DATE})",
    re.IGNORECASE,
)


# A relative day with its date after it: "sáng nay (29/5)", "Hôm nay 20.5", "chiều qua, ngày 19/5".
_DATED = re.compile(
    rf"(?<!\w)(?<!ánh )(?:(?P<pre>ngày\s+)?(?P<day>{_DAY_WORDS})|(?P<part>{PARTS_OF_DAY}) (?:nay|qua|mai))"
    rf"(?P<open>\s*\(\s*|\s*,\s*|\s+)(?P<ngay>ngày\s+)?(?P<date>{_DATE})(?P<close>\s*\))?",
    re.IGNORECASE,
)


# What after "2-1" or "2.5" (not in brackets) makes it a score or an amount, not a date: a word.
_GOES_ON = re.compile(r"\s*\w")


def dated(text: str, quoted: Callable[[str, int], bool] | None = None) -> str:
    """``text`` with each relative day that its date follows told by the date alone: "sáng nay
    (29/5)" as "sáng 29/5", "Hôm nay 20.5" as "Ngày 20.5", "chiều qua, ngày 19/5" as "chiều ngày
    19/5": the summary is read on another day, and two reports' "hôm qua 2/6" and "hôm nay
    (2-6)" name one day. ``quoted(text, position)``: whether a position lies inside someone's
    words, which are never edited."""
    def rewrite(match: re.Match[str]) -> str:
        bracketed = "(" in match["open"]
        if bracketed != bool(match["close"]) or (quoted is not None and quoted(text, match.start())):
            return match[0]
        if not bracketed and "/" not in match["date"] and _GOES_ON.match(text, match.end()):
            return match[0]  # "tối qua 2-1 trên sân", "Hôm nay 2.5 triệu": a score, an amount
        if match["part"]:
            return f"{match['part']} {match['ngay'] or ''}{match['date']}"
        word = match["pre"] or match["day"]  # "Ngày hôm qua (24/5)": "Ngày 24/5", not "Ngày ngày"
        day = "Ngày" if word[0].isupper() else "ngày"
        return f"{day} {match['date']}"

    return _DATED.sub(rewrite, text)


@dataclass(frozen=True)
class RelativeDay:
    text: str  # the expression as written
    sentence: int  # 1-based summary sentence; 0 for the headline


def find(sentences: Sequence[str], headline: str = "") -> list[RelativeDay]:
    """The relative days of ``headline`` (sentence 0) and ``sentences`` (1, 2, ...), in order."""
    found = []
    for number, text in enumerate([headline, *sentences]):
        found += [RelativeDay(match.group(0), number) for match in _RELATIVE_DAY.finditer(text)]
    return found


def warning(found: Sequence[RelativeDay]) -> str | None:
    """One warning line for ``found``, or None."""
    if not found:
        return None
    listed = ", ".join(
        f"'{r.text}' ({'headline' if r.sentence == 0 else f'sentence {r.sentence}'})" for r in found
    )
    return (f"relative days count from the date of the report they come from, which the summary does "
            f"not say: {listed}")
