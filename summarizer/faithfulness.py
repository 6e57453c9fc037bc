"""Flag facts in generated text that no source report supports.

Abstractive models invent numbers, dates and names. Every such claim in the summary or the
headline is compared with the source reports after :func:`summarizer.normalize.match_key`
(case, tone-mark placement, digit separators and date forms folded, name aliases folded); a
claim found in no report becomes a warning the reader sees.

Claims:

* ``date``: ``12/3``, ``12/3/2024``, ``ngày 12 tháng 3 [năm 2024]``, ``tháng 3/2024``; a day and
  month is also found in the sources as ``12-3`` (and a number ``12-3`` as ``12/3``);
* ``number``: any other run of digits (``1.200``, ``5,7%``, ``2-0``), outside dates. One written
  with digits alone, or with ``.`` and ``,`` between them, is compared by value
  (:func:`number_values`), never by its match key (which drops the separators, so "25" was
  found in "2,5"): in Vietnamese the comma is the decimal mark and the dot groups thousands
  ("2,5" is 2.5, "1.500" is 1500), so "1.500" and "1500" match while "1,5" and "15", "0,5"
  and "05" do not;
* ``name``: a run of capitalised words (``Nguyễn Văn An``, ``Hà Nội``) outside dates. A run
  that starts a sentence may owe its first capital to the sentence start: a single such word
  (``Sáng``, ``Theo``) is not a claim, and a longer one is also accepted when the run without
  its first word is found.

:func:`degeneracy` looks at the summary as a whole: a trained summarization model writes the
words of its reports (the human ViMs summaries take at most 2.5% of their words, syllables or
hyphenated names, from elsewhere, the median none), so a summary with ``DEGENERATE_NOVEL_SHARE`` of its words in no
report is the output of a broken model (random weights, a checkpoint for another task, a
tokenizer that does not match it) and is said to be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .normalize import capitalised_runs, match_key

_DATE = re.compile(
    r"(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|tháng\s+\d{1,2}\s*/\s*\d{4}"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(r"^ngày\s+", re.IGNORECASE)  # "ngày 5 tháng 9" is checked as "5 tháng 9"
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*%?")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_START_PUNCT = frozenset('.!?…:;"“”«»([\n-–—')
_KEY_SEPARATOR = " | "  # between source keys (match_key never produces "|")


@dataclass(frozen=True)
class Claim:
    kind: str  # "number", "date" or "name"
    text: str  # as written in the generated text
    sentence_initial: bool = False  # a name run that starts a sentence


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def extract_claims(text: str) -> list[Claim]:
    """Dates, numbers and capitalised names of ``text``, in order of appearance."""
    claims: list[Claim] = []
    date_spans: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        claims.append(Claim("date", _DAY_WORD.sub("", m.group()).strip()))
        date_spans.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(start <= m.start() < end for start, end in date_spans):
            continue
        claims.append(Claim("number", m.group().rstrip("%")))
    in_date = lambda offset: any(start <= offset < end for start, end in date_spans)  # noqa: E731
    for run, initial in capitalised_runs(
        text, token=_WORD, is_name=_is_capitalised, skip=in_date, openers=_SENTENCE_START_PUNCT
    ):
        claims.append(Claim("name", " ".join(run), initial))
    return [c for c in claims if not (c.kind == "name" and c.sentence_initial and " " not in c.text)]


# Numbers compared by value: digits alone, or digits with "." and "," between them.
_VALUE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS_DOTS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # "1.500", "1.500.000", "1.234,5": Vietnamese
_DECIMAL_COMMA = re.compile(r"\d+,\d+")  # "2,5": Vietnamese
_THOUSANDS_COMMAS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # "1,500", "1,234.5": English
_DECIMAL_DOT = re.compile(r"\d+\.\d+")  # "2.5": English (or a dotted date, "19.5")


def _value(digits: str) -> str:
    """A number written with a "." decimal point and no grouping, as one canonical string."""
    return format(Decimal(digits).normalize(), "f")


def number_values(text: str) -> frozenset[str] | None:
    """The values the number ``text`` may be written for (canonical strings: "2.5", "1500"), or
    None when it is not digits with "." and "," between them. Vietnamese writes "2,5" and
    "1.500"; a comma followed by three digits ("1,500") may also be an English thousands
    separator, so it stands for both 1.5 and 1500; an English decimal point ("2.5"), a number
    grouped by commas ("1,500,000") are read as English."""
    if text.isdigit():
        return frozenset({_value(text)})
    if _THOUSANDS_DOTS.fullmatch(text):
        return frozenset({_value(text.replace(".", "").replace(",", "."))})
    values = set()
    if _DECIMAL_COMMA.fullmatch(text):
        values.add(_value(text.replace(",", ".")))
    if _THOUSANDS_COMMAS.fullmatch(text):
        values.add(_value(text.replace(",", "")))
    if _DECIMAL_DOT.fullmatch(text):
        values.add(_value(text))
    return frozenset(values) if values else None


def _source_numbers(text: str) -> set[str]:
    """The values of the numbers written in ``text`` (:func:`number_values`), and, of a number
    with dots that groups no thousands ("19.5", "19.5.2016": a dotted date), each part's too."""
    found: set[str] = set()
    for m in _VALUE_NUMBER.finditer(text):
        written = m.group()
        found |= number_values(written) or set()
        if "." in written and not _THOUSANDS_DOTS.fullmatch(written):
            found |= {_value(part) for part in re.split(r"[.,]", written)}
    return found


class SourceIndex:
    """The source reports as one match-key string, for word-boundary lookups, and as they are
    written (NFC, lower case, spaces made single), for what a report states in the same words.

    Match keys fold aliases ("Thành phố Hồ Chí Minh" to one key, so "Hồ Chí Minh" alone is no
    longer in it) and split nothing out of a code ("A320", "MS804", "2h45", "47C-11426"): a
    claim taken out of those words is looked for as written too, where a code's digits may
    follow a letter ("320" of "A320"), a letter a digit ("C" of "47C-11426"), and a name may run
    into a code's digits ("Airbus A"); a word stays a word (no "Lan" in "Lana", no "32" in "320")."""

    def __init__(self, sources: Iterable[str]) -> None:
        sources = list(sources)
        keys = [match_key(s) for s in sources]
        self._joined = " " + _KEY_SEPARATOR.join(k for k in keys if k) + " "
        self._written = _KEY_SEPARATOR.join(_as_written(s) for s in sources)
        self._numbers = set().union(*(_source_numbers(s) for s in sources))

    def has_number(self, values: frozenset[str]) -> bool:
        """Whether a source writes a number of one of ``values`` (:func:`number_values`)."""
        return not self._numbers.isdisjoint(values)

    def contains(self, text: str) -> bool:
        key = match_key(text)
        if bool(key) and f" {key} " in self._joined:
            return True
        written = _as_written(text)
        if not written:
            return False
        # a number is no part of a longer one ("500" of "2.500", "75" of "1,75")
        before = r"(?<!\d)(?<!\d[.,:/])" if written[0].isdigit() else r"(?<![^\W\d_])"
        after = r"(?!\d)(?![.,:/]\d)" if written[-1].isdigit() else r"(?![^\W\d_])"
        return re.search(before + re.escape(written) + after, self._written) is not None


def _as_written(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


# A day and month written with a slash, "tháng" or a hyphen ("19/5", "19 tháng 5", "19-5": the
# last is Tuổi Trẻ's house style, in 143 of the 300 ViMs clusters). match_key folds the first two
# into one key; a hyphen also writes scores ("2-0"), so it is tried only for a claim that can be a
# date (day 1-31, month 1-12).
_DAY_MONTH = re.compile(r"(\d{1,2})(?:\s*[/-]\s*|\s+tháng\s+)(\d{1,2})", re.IGNORECASE)
MAX_DAY, MAX_MONTH = 31, 12


def _other_day_month_forms(text: str) -> list[str]:
    """The same day and month written the other ways, when ``text`` is one ("19/5" -> "19-5")."""
    match = _DAY_MONTH.fullmatch(text.strip())
    if match is None:
        return []
    day, month = int(match.group(1)), int(match.group(2))
    if not (1 <= day <= MAX_DAY and 1 <= month <= MAX_MONTH):
        return []
    return [f"{day}/{month}", f"{day}-{month}"]


def is_supported(claim: Claim, index: SourceIndex) -> bool:
    values = number_values(claim.text) if claim.kind == "number" else None
    if values is not None:  # by value: its match key drops the separators ("2,5" -> "25")
        return index.has_number(values)
    if index.contains(claim.text):
        return True
    if claim.kind == "name" and claim.sentence_initial:
        return index.contains(claim.text.partition(" ")[2])
    return any(index.contains(form) for form in _other_day_month_forms(claim.text))


def unsupported_claims(text: str, index: SourceIndex) -> list[Claim]:
    """Claims of ``text`` found in no source (each distinct claim once)."""
    seen: set[tuple[str, str]] = set()
    out: list[Claim] = []
    for claim in extract_claims(text):
        values = number_values(claim.text) if claim.kind == "number" else None
        key = (claim.kind, " ".join(sorted(values)) if values is not None else match_key(claim.text))
        if key in seen:
            continue
        seen.add(key)
        if not is_supported(claim, index):
            out.append(claim)
    return out


def check(summary: str, headline: str, sources: Sequence[str]) -> list[str]:
    """One warning per number, date or name of the summary or headline that no source has."""
    index = SourceIndex(sources)
    warnings: list[str] = []
    for where, text in (("summary", summary), ("headline", headline)):
        for claim in unsupported_claims(text, index):
            warnings.append(f"unsupported {claim.kind} in the {where}: {claim.text!r} appears in no source report")
    return warnings


# The share of a generated summary's words found in no report from which it is taken for a
# broken model's output (human ViMs summaries: median 0, at most 2.5%), and the fewest words a
# summary needs for the share to tell anything.
DEGENERATE_NOVEL_SHARE = 0.25
DEGENERATE_MIN_WORDS = 10


def novel_word_share(text: str, sources: Iterable[str]) -> float | None:
    """The share of ``text``'s words (letters only, lower case, NFC) that no source holds; None
    when it has fewer than ``DEGENERATE_MIN_WORDS`` words."""
    words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]
    if len(words) < DEGENERATE_MIN_WORDS:
        return None
    known = {w.lower() for source in sources for w in _WORD.findall(unicodedata.normalize("NFC", source))}
    return sum(w not in known for w in words) / len(words)


def degeneracy(summary: str, sources: Sequence[str]) -> str | None:
    """A warning when the generated ``summary`` looks like a broken model's output (see the
    module docstring), else None."""
    share = novel_word_share(summary, sources)
    if share is None or share < DEGENERATE_NOVEL_SHARE:
        return None
    return (f"the model's summary looks broken: {share:.0%} of its words appear in no report (a trained "
            "summarization model takes nearly all of its words from the reports); check the model: untrained, "
            "a checkpoint for another task, or a tokenizer that does not match it")
