"""Editor's check on a finished summary: one measure stated two ways by two reports, and one fact
told with two figures (:func:`one_fact_two_figures`).

Any engine's output is checked (``pipeline.summarize``), next to ``figures.conflicts`` for tolls.

Reports of one event disagree on details: one says the executioner weighs "170kg", another
"127kg"; one puts the epicentre "114 km" from Taipei, another "110 km". A summary that takes a
sentence from each states both and says nothing of it. :func:`disagreements` returns one warning
line per such pair, quoting the Vietnamese figures.

A *measure* is a number with a unit of ``UNITS`` (weights, lengths, areas, ages, money,
magnitudes; "triệu", "tỷ", "nghìn" before the unit count as part of it). Percentages are left
out: a report's statistics are many shares of many things. Two measures are one thing stated two
ways when all of these hold:

- they stand in two different sentences of the summary (or the headline and a sentence): two
  figures in one sentence are the sentence's own comparison ("từ 200 kg lên 300 kg");
- they have the same unit and the same *anchor*: the last word before the number that is not a
  function word (``FUNCTION_WORDS``), qualifier or number, read within its clause ("cân nặng
  170kg" and "nặng 127kg": "nặng"; "cách Đài Bắc khoảng 114 km" and "khoảng 110 km": "bắc"; in
  brackets, the word before them: "Phạm Văn Lâm (42 tuổi)": "lâm"). A measure with no anchor is
  compared with nothing;
- their values differ by less than ``MAX_RATIO`` (a discrepancy between reports is small; "nặng
  52 kg" of a gun next to "nặng 127kg" of a man are two things);
- they are not told of two years (each sentence names a year, none in common);
- the qualifiers do not reconcile them: "hơn 200.000 đồng" (more than) with "210.000 đồng", or
  "gần 200 kg" (nearly) with "190 kg", is one figure told loosely; so is "10ha" with "10,06ha"
  (rounded);
- the two sentences tell of one thing: they share ``SAME_THING_BIGRAMS`` syllable bigrams
  besides the figures (a ship's length and its port's pier's are two things);
- no report's body states both values with that unit: a report that does tells them apart
  itself (a price of 400 for one deal, of 380 for another). Titles are not read for this: a
  report titled "... nặng 127kg" whose body says "cân nặng 170kg" contradicts itself.

Measured on the extractive summaries of the 300 ViMs clusters: 3 warnings, all right by reading
(Cluster_156, a boy of 3 in the headline and of 4 in a sentence; Cluster_191, the epicentre's
distance; Cluster_241, the executioner's weight). At ``--max-words 1000``: 5 warnings, 3 right;
Cluster_046 tells of several tuna catches, each of its own weight. An age in brackets after a
name ("Phạm Văn Lâm (42 tuổi)") is anchored on the name: at ``--max-words 1000`` 3 more warnings,
all right (Cluster_031, 040, 095: a man of 60 and of 62), 7 in all, 6 right (one of Cluster_046's
two went with later changes); none in the default summaries. Before the shared-bigram and
body rules, the default summaries drew false warnings for a ship's length against a pier's
(Cluster_049) and for two deals' prices (Cluster_073).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import normalize
# Qualifiers under which a figure is a bound (``figures.LOWER_BOUNDS``: "hơn" / "trên", more
# than: the other may be higher; ``figures.UPPER_BOUNDS``: "gần" / "dưới", nearly, under: the
# other may be lower).
from .figures import DIGITS, LOWER_BOUNDS, QUALIFIERS, UPPER_BOUNDS, decimal_value

# Units, as written (matched with their case: a capital "G" is a network's generation, "5G"),
# longest first within the alternation; each folds to the key it is compared under.
UNITS = {
    "kg": "kg", "ki-lô-gam": "kg", "kilogam": "kg", "tấn": "tấn", "gam": "g", "g": "g",
    "km": "km", "ki-lô-mét": "km", "cây số": "km", "m": "m", "mét": "m", "cm": "cm", "mm": "mm",
    "ha": "ha", "hécta": "ha", "héc-ta": "ha", "m2": "m2", "m²": "m2", "km2": "km2", "km²": "km2",
    "tuổi": "tuổi", "đồng": "đồng", "USD": "USD", "usd": "USD", "đô la": "USD", "đôla": "USD",
    "euro": "euro", "Euro": "euro", "bảng": "bảng", "yên": "yên", "nhân dân tệ": "nhân dân tệ",
    "độ Richter": "độ Richter", "Richter": "độ Richter", "richter": "độ Richter", "lít": "lít", "km/h": "km/h",
}  # fmt: skip
# Words a unit opens that make it no unit ("4 đồng phạm": four accomplices; "3 tấn công",
# "4 bảng đấu", "bảng A").
_NOT_A_UNIT_AFTER = {
    "đồng": ("phạm", "nghiệp", "chí", "bào", "hồ", "đội", "hương", "minh", "thời", "ý", "loạt", "tình",
             "hành", "sáng", "tác", "cảm", "lòng", "bộ", "đều", "nhất", "lần", "xu"),
    "tấn": ("công",),
    "bảng": ("đấu", "xếp", "A", "B", "C", "D", "E", "F", "G", "H"),
    "yên": ("tâm", "bình", "ổn", "lặng"),
}  # fmt: skip
# Words that scale a number and stay part of its unit ("400 triệu đồng" is compared only with
# another "triệu đồng").
SCALES = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ")
_SCALE_KEYS = {"nghìn": "nghìn", "ngàn": "nghìn", "triệu": "triệu", "tỷ": "tỷ", "tỉ": "tỷ"}
# Words between an anchor and its number that tell nothing of the thing measured.
FUNCTION_WORDS = frozenset(
    "là của với và các những một có được cho đã đang sẽ trong tại thì này ấy đó mức vào từ đến lên tới "
    "chỉ bằng như khi nên mà về theo do bị vì nhưng còn cũng đều rằng tổng cộng lần số tiền khoản".split()
)  # "số tiền", "khoản tiền" name no thing: any sum of money
# A discrepancy between reports is below this ratio of the larger value to the smaller.
MAX_RATIO = 1.5
# Syllable bigrams two sentences share at least to be taken as telling of one thing
# (:func:`_bigrams`): "thành viên", "quân đội" ... of the executioner's two weights; a ship's
# length and its port's pier share only "cảng Gò Dầu".
SAME_THING_BIGRAMS = 4
# How far before a number its anchor is looked for (characters).
ANCHOR_WINDOW = 40

_UNIT_ALTERNATION = "|".join(
    re.escape(u) + (rf"(?! (?:{'|'.join(_NOT_A_UNIT_AFTER[u])})(?!\w))" if _NOT_A_UNIT_AFTER.get(u) else "")
    for u in sorted(UNITS, key=len, reverse=True))
_MEASURE = re.compile(
    rf"(?<![\w.,/-])(?P<num>{DIGITS})\s*(?:(?P<scale>{'|'.join(SCALES)})\s+)?(?P<unit>{_UNIT_ALTERNATION})(?![\w²])"
)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"!?]|\.(?=\s)")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUALIFIER = re.compile(
    rf"(?<!\w)(?P<qual>{'|'.join(sorted(map(re.escape, QUALIFIERS + tuple(UPPER_BOUNDS)), key=len, reverse=True))})\s*$",
    re.IGNORECASE,
)
_UNIT_KEYS = dict(UNITS)
# Function words and the syllables of qualifiers ("khoảng", "ít nhất", "chưa đến") are no anchor.
_NOT_ANCHORS = FUNCTION_WORDS | {w for q in (*QUALIFIERS, *UPPER_BOUNDS) for w in q.split()}


@dataclass(frozen=True)
class Measure:
    """A number with a unit, as one sentence of the summary states it."""

    unit: str  # the unit's key, with its scale: "kg", "triệu đồng"
    anchor: str  # the last content word before the number, lower case
    value: float
    decimals: int  # digits after the decimal comma as written: "10,06ha" 2, "10ha" 0
    qualifier: str | None  # "hơn", "gần", "khoảng" ... before the number, lower case
    quote: str  # as written, with its anchor: "cân nặng 170kg"


def measures_in(sentence: str) -> list[Measure]:
    """The measures ``sentence`` states that have an anchor (see the module docstring)."""
    found = []
    for match in _MEASURE.finditer(sentence):
        start = max(0, match.start() - ANCHOR_WINDOW)
        while 0 < start < match.start() and sentence[start - 1].isalnum():
            start += 1  # the window opens on a whole word
        before = sentence[start : match.start()]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        clause_start = breaks[-1].end() if breaks else 0
        qualifier = _QUALIFIER.search(before[clause_start:])
        words = [w for w in _WORD.finditer(before) if w.start() >= clause_start]
        if (not any(_anchors(w) for w in words) and breaks and breaks[-1].group() in ",("
                and not before[: breaks[-1].start()].rstrip()[-1:].isdigit()):
            # a comma right after the thing ("cách thành phố Đài Bắc, khoảng 110 km"), or the
            # thing's parenthesis ("tài xế Phạm Văn Lâm (42 tuổi)")
            clause_start = breaks[-2].end() if len(breaks) > 1 else 0
            words = [w for w in _WORD.finditer(before) if w.start() >= clause_start and w.end() <= breaks[-1].start()]
        content = [w for w in words if _anchors(w)]
        if not content:
            continue
        anchor = content[-1]
        shown = words[max(0, words.index(anchor) - 1)]  # quoted from the word before ("cân nặng 170kg")
        quote = sentence[start + shown.start() : match.end()].strip()
        if quote.count("(") > quote.count(")"):
            quote += ")"  # "Văn Lâm (42 tuổi)"
        found.append(Measure(unit=_unit(match), anchor=anchor.group().lower(), value=_number(match),
                             decimals=len(match["num"].partition(",")[2]),
                             qualifier=qualifier["qual"].lower() if qualifier else None, quote=quote))
    return found


def _anchors(word: re.Match[str]) -> bool:
    return word.group().lower() not in _NOT_ANCHORS


def _reconciled(a: Measure, b: Measure) -> bool:
    """Whether a bound ("hơn 200" with 210, "gần 200" with 190) or rounding ("10ha" with
    "10,06ha") reconciles the two."""
    for bound, other in ((a, b), (b, a)):
        if bound.decimals < other.decimals and abs(other.value - bound.value) <= 0.5 * 10 ** -bound.decimals:
            return True
        if bound.qualifier in LOWER_BOUNDS and other.value >= bound.value:
            return True
        if bound.qualifier in UPPER_BOUNDS and other.value <= bound.value:
            return True
    return False


def disagreements(summary_sentences: Sequence[str], title: str | None, report_bodies: Sequence[str]) -> list[str]:
    """Warnings (one line each) for a measure the summary states two ways that no report tells
    apart (see the module docstring). ``summary_sentences``: the output's sentences, as shown;
    ``title``: its headline; ``report_bodies``: each report's body, without its title (a title
    that gives a figure its own body contradicts tells nothing apart)."""
    places = ([("headline", title)] if title else []) + [(f"sentence {n}", s) for n, s in enumerate(summary_sentences, 1)]
    stated = [(place, text, m) for place, text in places for m in measures_in(text)]
    if len(stated) < 2:
        return []
    warnings = []
    seen: set[tuple[str, str, float, float]] = set()
    for i, (place_a, text_a, a) in enumerate(stated):
        for place_b, text_b, b in stated[i + 1 :]:
            if place_a == place_b or (a.unit, a.anchor) != (b.unit, b.anchor) or a.value == b.value:
                continue
            low, high = sorted((a.value, b.value))
            key = (a.unit, a.anchor, low, high)
            if low <= 0 or high / low >= MAX_RATIO or _reconciled(a, b) or key in seen:
                continue
            if len(_bigrams(text_a) & _bigrams(text_b)) < SAME_THING_BIGRAMS or _other_years(text_a, text_b):
                continue
            if any(_both_stated(body, a, b) for body in report_bodies):
                continue
            seen.add(key)
            warnings.append(f"reports disagree on a figure: '{a.quote}' ({place_a}) and '{b.quote}' ({place_b}); "
                            "check which is right")
    return warnings


def _other_years(a: str, b: str) -> bool:
    """Whether each text names a year and they name none in common: one thing in two years
    ("doanh thu năm 2015 đạt 500 tỷ đồng", "năm 2016 đạt 600 tỷ đồng") is no disagreement."""
    years_a, years_b = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    return bool(years_a) and bool(years_b) and not years_a & years_b


def _bigrams(text: str) -> set[tuple[str, str]]:
    """``text``'s syllable bigrams that tell what it is about: none spans a number or a unit, and
    none is two function words."""
    words = [None if any(c.isdigit() for c in w) or w in _UNIT_KEYS else w for w in normalize.syllables(text)]
    return {(a, b) for a, b in zip(words, words[1:])
            if a is not None and b is not None and not (a in FUNCTION_WORDS and b in FUNCTION_WORDS)}


def _both_stated(body: str, a: Measure, b: Measure) -> bool:
    """Whether one report's body states both values with their unit, anchored or not (it tells
    the two apart: a price of 400 for one deal and of 380 for another)."""
    values = {_number(m) for m in _MEASURE.finditer(body) if _unit(m) == a.unit}
    return a.value in values and b.value in values


def _unit(match: re.Match[str]) -> str:
    """The unit's key with its scale ("triệu đồng")."""
    unit = _UNIT_KEYS[match["unit"]]
    scale = match["scale"]
    return f"{_SCALE_KEYS[scale.lower()]} {unit}" if scale else unit


def _number(match: re.Match[str]) -> float:
    return decimal_value(match["num"])


# Two summary sentences whose syllable bigrams, their numbers read as one placeholder, agree this
# much (F1), and that differ in one number each, tell one fact with two figures: "Cộng dồn từ đầu
# năm, Hà Nội có 9.870 ca mắc, 2 ca tử vong." and "Từ đầu năm đến nay, thành phố ghi nhận 9.870
# ca mắc, 3 ca tử vong." (:func:`one_fact_two_figures`). No ViMs summary holds such a pair at this
# agreement (two at 0.4, both right: "210.000 đồng" beside "hơn 200.000 đồng", an export figure
# now and another to come).
ONE_NUMBER_APART_MIN_SIMILARITY = 0.5
_NUMBER_WITH_NOUN = re.compile(rf"(?<![\w.,])(?:{DIGITS})(?![\w]|[.,]\d)(?:\s+[^\W\d_]+){{0,3}}")


def one_fact_two_figures(summary_sentences: Sequence[str]) -> list[str]:
    """Warnings (one line each) for two summary sentences that tell one fact with a figure told
    two ways (``ONE_NUMBER_APART_MIN_SIMILARITY``): the reader sees both and cannot tell which is
    right. Any number counts (a count, a score, a share), where :func:`disagreements` reads
    measures with units alone, and ``figures`` tolls."""
    tokens = [normalize.syllables(text) for text in summary_sentences]
    numbers = [Counter(t for t in words if t.isdigit()) for words in tokens]
    frames = [Counter(zip(marked, marked[1:])) for marked in (["#" if t.isdigit() else t for t in words]
                                                               for words in tokens)]
    warnings = []
    for i in range(len(summary_sentences)):
        for j in range(i + 1, len(summary_sentences)):
            apart, other = numbers[i] - numbers[j], numbers[j] - numbers[i]
            if sum(apart.values()) != 1 or sum(other.values()) != 1:
                continue
            common = sum((frames[i] & frames[j]).values())
            if 2 * common < ONE_NUMBER_APART_MIN_SIMILARITY * (sum(frames[i].values()) + sum(frames[j].values())):
                continue
            quote_a = _quoted_number(summary_sentences[i], next(iter(apart)))
            quote_b = _quoted_number(summary_sentences[j], next(iter(other)))
            warnings.append(f"reports disagree on a figure: '{quote_a}' (sentence {i + 1}) and '{quote_b}' "
                            f"(sentence {j + 1}); check which is right")
    return warnings


def _quoted_number(text: str, digits: str) -> str:
    """The number whose digits are ``digits`` in ``text`` with up to three words after it ("3 ca tử
    vong"), or the digits."""
    for match in _NUMBER_WITH_NOUN.finditer(text):
        if re.sub(r"\D", "", match.group(0).split()[0]) == digits:
            return match.group(0)
    return digits
