"""Normalize text: once when loading (keeps spelling) and again for matching only.

Two very different jobs live here:

* :func:`normalize_text` cleans what was read from disk (Unicode NFC, line endings, odd spaces)
  and never changes a word's spelling.
* :func:`match_key` / :func:`syllables` build the form used only to *compare* sentences: case,
  punctuation, old/new tone-mark placement (``hoà``/``hòa``), date forms and name aliases are
  folded. It is never shown to the user.

Two spelling changes are ever made, both to what the user reads. :func:`tone_style_corrections`
writes a syllable whose tone mark sits in different places across the reports (``hoà``/``hòa``)
the way the cluster mostly writes it. The other is the cluster-wide name-typo correction:
:func:`find_name_typos` finds a capitalised name that differs by one letter from a much more
frequent one, and :func:`apply_corrections` rewrites it. Since that rewrites names in the
output, rules refuse look-alikes that are two real names or a correction in the wrong direction
(:func:`name_typo_candidates` says which rule refused what; ``scripts/typo_report.py`` lists
every decision over a corpus for review).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path as _Path

# Data files shipped inside the package (read by path: importlib.resources breaks under
# setuptools' editable finder for non-package folders).
DATA_DIR = _Path(__file__).resolve().parent / "data"

logger = logging.getLogger("summarizer.normalize")

# A name is a typo when a one-letter variant is at least this many times as frequent in the cluster.
NAME_TYPO_MIN_RATIO = 3.0
# Longest capitalised name span (in syllables) compared for typos.
NAME_MAX_SYLLABLES = 4
# A one-syllable name is only checked when it is plain ASCII (foreign) and at least this long:
# Vietnamese syllables one letter apart are different words (Lê/Lý, Công/Đông, Iran/Iraq).
NAME_MIN_SINGLE_CHARS = 8
# The syllable that differs must have at least this many letters on both sides: initials of
# anonymised people (Nguyễn Văn H / Nguyễn Văn B) and short given names (Du/Duy) are not typos.
NAME_MIN_DIFFERING_CHARS = 3
# The commonest Vietnamese family names. Inside a longer run of capitalised words one opens a
# person's name that the words before it are not part of: "xã Phúc Khánh Hoàng Văn Hưng" (a
# place, then its chairman), "Chủ tịch Hồ Chí Minh" aside, as its run starts at the surname.
VIETNAMESE_SURNAMES = frozenset(  # not those that open places and middle names too: Hà, Cao, Văn, Mai, Thái ...
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trương "
    "Trịnh Lương Tạ Đoàn Vương Chu Quách Kiều Lưu Triệu Tăng Lại".split()
)
# Countries, and Việt Nam's provinces and largest cities, as a report writes them between a
# person's title and name: "Thủ tướng Lào Sonexay Siphandon", "Tổng thống Mỹ Joe Biden", "Chủ tịch
# Hà Nội Nguyễn Văn A". The place's capital joins it to the name in one run of capitalised words;
# it is no part of the name (:func:`_name_after_place`). Not the short forms that are common given
# names or words as well ("Trung", "Hàn", "Thái" for China, Korea, Thailand).
COUNTRY_NAMES = (
    "Việt Nam", "Mỹ", "Hoa Kỳ", "Nga", "Trung Quốc", "Nhật", "Nhật Bản", "Hàn Quốc", "Triều Tiên",
    "Đài Loan", "Hồng Kông", "Hong Kong", "Mông Cổ", "Lào", "Campuchia", "Thái Lan", "Myanmar",
    "Malaysia", "Singapore", "Indonesia", "Philippines", "Brunei", "Đông Timor", "Ấn Độ", "Pakistan",
    "Bangladesh", "Sri Lanka", "Nepal", "Afghanistan", "Iran", "Iraq", "Syria", "Israel", "Palestine",
    "Ả Rập Xê Út", "Saudi Arabia", "Qatar", "Thổ Nhĩ Kỳ", "Ai Cập", "Nam Phi", "Nigeria", "Anh", "Pháp",
    "Đức", "Ý", "Italy", "Tây Ban Nha", "Bồ Đào Nha", "Hà Lan", "Bỉ", "Thụy Sĩ", "Thụy Điển", "Na Uy",
    "Đan Mạch", "Phần Lan", "Ba Lan", "Áo", "Séc", "Hungary", "Hy Lạp", "Romania", "Ukraine", "Belarus",
    "Úc", "Australia", "New Zealand", "Canada", "Mexico", "Cuba", "Brazil", "Argentina", "Chile",
    "Colombia", "Venezuela", "Peru",
)  # fmt: skip
PROVINCE_NAMES = (
    "Hà Nội", "Hồ Chí Minh", "Sài Gòn", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "An Giang", "Bà Rịa",
    "Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương",
    "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
# A country's name that with the next word is a title, not a place before a name: "Nhật Hoàng
# Akihito" is the Emperor Akihito, no "Hoàng Akihito" of Japan. A run opening so stays whole.
COUNTRY_TITLES = ("Nhật Hoàng",)
# A foreign person's name after a place has at least this many words (a given name and a family
# name: "Mỹ Joe Biden"); a single word after it may be the rest of a place's own name ("Mỹ Latinh").
FOREIGN_NAME_MIN_WORDS = 2
# Words that make a place's name a company's or an event's ("Malaysia Airlines Berhad", "Singapore
# Grand Prix", "Australia Open"): a run where one follows the place stays whole.
PLACE_NAME_CONTINUATIONS = frozenset({
    "Airlines", "Airways", "Air", "Railways", "Post", "Telecom", "Television", "Times", "Today", "News",
    "Grand", "Open", "Cup", "League", "Group", "Holdings", "Corporation", "Motor", "Motors",
})  # fmt: skip
ALIASES_RESOURCE = "aliases.tsv"

# --------------------------------------------------------------------------------------------
# Loading normalization
# --------------------------------------------------------------------------------------------

# Characters dropped outright: zero-width space, byte-order mark inside text, soft hyphen.
INVISIBLE_CHARACTERS = "\u200b\ufeff\u00ad"
# The capital letters of Vietnamese text, as the body of a regular-expression character class
# ("[" + VIETNAMESE_CAPITALS + "]"): "À-Ỹ" as a range would take lower-case letters too.
VIETNAMESE_CAPITALS = "A-ZĐÀÁẢÃẠÂẦẤẨẪẬĂẰẮẲẴẶÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS))
_LINE_SEPARATORS = re.compile("\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")
# Tabs and every Unicode space separator (NBSP, thin space, ideographic space, ...).
_SPACES = re.compile(r"[^\S\n]+")
# The Icelandic eth (Ð U+00D0, ð U+00F0) looks like Vietnamese Đ/đ and stands in for it in text
# typed or saved through Windows-1252 (its byte 0xD0/0xF0 is Đ/đ in Windows-1258).
_ETH_AS_D = str.maketrans("\u00d0\u00f0", "\u0110\u0111")
# Letters only Vietnamese uses among the Latin scripts: ă â đ ê ô ơ ư and the tone-marked vowels.
_VIETNAMESE_LETTER = re.compile("[ĂăÂâĐđÊêÔôƠơƯư\u1ea0-\u1ef9]")
_LETTER_TOKEN = re.compile(r"[^\W\d_]")


def vietnamese_word_share(texts: Iterable[str]) -> float | None:
    """Share of the words (tokens holding a letter) that carry a letter only Vietnamese uses
    among the Latin scripts (ă â đ ê ô ơ ư or a tone-marked vowel such as ả ạ ữ); None when the
    texts hold no word. ViMs: 0.41 for the lowest cluster, 0.21 for the lowest report; English,
    French or Vietnamese typed without diacritics: about 0."""
    words = vietnamese = 0
    for text in texts:
        for token in text.split():
            if _LETTER_TOKEN.search(token):
                words += 1
                vietnamese += bool(_VIETNAMESE_LETTER.search(token))
    return vietnamese / words if words else None


# Lone surrogates: the range, and within it those that stand for an undecodable byte 0xNN as
# U+DC00 + 0xNN (PEP 383's surrogateescape, how Python reads a name that is not UTF-8).
SURROGATES = (0xD800, 0xDFFF)
SURROGATE_ESCAPES = (0xDC80, 0xDCFF)
SURROGATE_ESCAPE_BASE = 0xDC00


def representable(text: str) -> str:
    """``text`` as a UTF-8 file can hold it. A name read from disk that is not valid UTF-8 (a
    folder made on a Windows-1258 system, say) holds each undecodable byte as a lone surrogate
    (Python's ``surrogateescape``), which UTF-8 cannot encode: each becomes the visible escape
    ``\\xNN`` of its byte (so the folder ``b"Vi\\xeat"`` is the id ``Vi\\xeat``, as Python's
    ``backslashreplace`` writes it), and any other lone surrogate (a JSON ``"\\ud800"``)
    ``\\uNNNN``. Any other text is returned as it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(_escape_surrogate(char) for char in text)
    return text


def representable_value(value: Any) -> Any:
    """``value`` (a JSON record, or a part of one) with every string in it, keys included, made
    :func:`representable`: what ``summarize-batch`` writes for a record holding a name that is not
    UTF-8, ``summarize-eval --json`` for an id or path with such characters, and ``summarize``
    for a report file so named."""
    if isinstance(value, str):
        return representable(value)
    if isinstance(value, dict):
        return {representable_value(key): representable_value(inner) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [representable_value(inner) for inner in value]
    return value


def _escape_surrogate(char: str) -> str:
    code = ord(char)
    if SURROGATE_ESCAPES[0] <= code <= SURROGATE_ESCAPES[1]:
        return f"\\x{code - SURROGATE_ESCAPE_BASE:02x}"
    if SURROGATES[0] <= code <= SURROGATES[1]:
        return f"\\u{code:04x}"
    return char


# Half of a UTF-16 surrogate pair ("\ud83d" of a cut emoji in JSON or in a string a caller
# built): no character, and no UTF-8 encoder can write it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# Combining marks kept on one letter: a Vietnamese letter takes two at most (a hat or horn and a
# tone), decomposed; a longer run is noise ("Zalgo" text), and NFC reorders one in quadratic time
# (160,000 marks on one letter: 84 s).
MAX_COMBINING_MARKS = 4
# Where such a run can be: characters that are neither word characters nor white space (a
# combining mark is neither), more of them in a row than a letter may take marks.
_MARK_RUN_CANDIDATE = re.compile(rf"[^\w\s]{{{MAX_COMBINING_MARKS + 1},}}")


def _cap_mark_runs(text: str) -> str:
    """``text`` with each run of combining marks (any script's: ``unicodedata.combining``) cut to
    ``MAX_COMBINING_MARKS``; read only where ``_MARK_RUN_CANDIDATE`` finds a long enough run."""
    def cap(match: re.Match[str]) -> str:
        kept: list[str] = []
        run = 0
        for char in match.group():
            run = run + 1 if unicodedata.combining(char) else 0
            if run <= MAX_COMBINING_MARKS:
                kept.append(char)
        return "".join(kept)

    return _MARK_RUN_CANDIDATE.sub(cap, text)


def normalize_text(raw: str) -> str:
    """Loading normalization: NFC, LF line ends, one plain space for any run of spaces/tabs/NBSP,
    no spaces at line ends, no blank lines at the start or end; a lone surrogate (half of a cut
    emoji) becomes "\ufffd", counted with the undecodable characters; a run of combining marks on
    one letter is cut to ``MAX_COMBINING_MARKS``. Spelling is kept, except that in
    Vietnamese text (it holds a letter only Vietnamese uses) the look-alike eth Ð/ð is Đ/đ."""
    text = _LONE_SURROGATE.sub("\ufffd", raw).translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", _cap_mark_runs(text))
    if ("\u00d0" in text or "\u00f0" in text) and _VIETNAMESE_LETTER.search(text):
        text = text.translate(_ETH_AS_D)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip(" ") for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# A token that counts as a syllable holds a letter or a digit ("-", "…", "•" do not).
_SYLLABLE_TOKEN = re.compile(r"[^\W_]")


def word_count(text: str) -> int:
    """Syllables of ``text`` (a Vietnamese "word" here is one syllable): whitespace-separated
    tokens holding a letter or digit, so a dash or a bullet counts for nothing. The one unit of
    every length: budgets, the deduplication figures, the evaluator's lengths, title limits."""
    return sum(1 for token in text.split() if _SYLLABLE_TOKEN.search(token))


def title_cased(text: str) -> bool:
    """Whether ``text`` is written in title case ("Tai Nạn Trên Đèo Bảo Lộc"): every word with
    a letter opens with a capital, and some letters are lower case."""
    words = [word for word in text.split() if any(ch.isalpha() for ch in word)]
    return bool(words) and all(word[0].isupper() or not word[0].isalpha() for word in words) and text != text.upper()


# --------------------------------------------------------------------------------------------
# Tone-mark placement
# --------------------------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
# Open syllables whose tone sits on the second vowel in the "new" placement (hoà, hoè, thuý).
_INITIAL_CONSONANT_LETTERS = frozenset("bcdđghklmnprstvx")
_SECOND_VOWEL_PAIRS = frozenset({"oa", "oe", "uy"})
_LETTERS = re.compile(r"[^\W\d_]+")


def _vowel_span(base: str) -> tuple[int, int] | None:
    """``(start, end)`` of the vowel nucleus of ``base`` (a toneless, lower-case, NFC syllable;
    the "u" of "qu" and the "i" of "gi" before a vowel belong to the onset), or None."""
    start = 0
    if base.startswith(("qu", "gi")) and len(base) > 2 and base[2] in _VOWELS:
        start = 2
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    if start == len(base):
        return None
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    return start, end


def _tone_position(base: str) -> int | None:
    """Index in ``base`` (a toneless, lower-case, NFC syllable) that carries the tone mark in
    the canonical placement. Depends only on the base letters, so both spelling styles of one
    syllable get the same position."""
    span = _vowel_span(base)
    if span is None:
        return None
    start, end = span
    cluster = base[start:end]
    marked = [i for i, ch in enumerate(cluster) if ch in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]
    if len(cluster) == 1:
        return start
    if end < len(base):  # closed syllable: the last vowel (hoàng, tuyến)
        return end - 1
    if cluster in _SECOND_VOWEL_PAIRS:
        return start + 1
    if len(cluster) == 3:
        return start + 1
    return start


@lru_cache(maxsize=65536)
def fold_tone_placement(word: str) -> str:
    """Canonical spelling of one lower-case syllable, for matching only: the tone mark moves to
    its canonical vowel (``hòa``/``hoà``, ``thúy``/``thuý``, ``ủy``/``uỷ`` give one string) and a
    final ``y`` after consonants becomes ``i`` (``kỹ``/``kĩ``, ``lý``/``lí``)."""
    return _canonical_placement(word, fold_final_y=True)


def canonical_placement(word: str) -> str:
    """One lower-case syllable with its tone mark on its canonical vowel (``hoà``/``hòa`` give
    one string), no letter changed: ``kỹ`` and ``kĩ``, ``lý`` and ``lí`` stay apart
    (:func:`fold_tone_placement` folds those too, for matching)."""
    return _canonical_placement(word, fold_final_y=False)


def _without_tones(word: str) -> tuple[str, list[str]]:
    """``word`` without its tone marks (NFC), and the marks it had."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)), tones


def _canonical_placement(word: str, *, fold_final_y: bool) -> str:
    base, tones = _without_tones(word)
    if len(tones) > 1:
        return word
    if (fold_final_y and len(base) > 1 and base[-1] == "y"
            and all(ch in _INITIAL_CONSONANT_LETTERS for ch in base[:-1])):
        base = base[:-1] + "i"  # kỹ/kĩ, lý/lí, Sỹ/Sĩ: two accepted spellings of one syllable
    if not tones:
        return base
    position = _tone_position(base)
    if position is None:
        return word
    return unicodedata.normalize("NFC", base[: position + 1] + tones[0] + base[position + 1 :])


def _fold_tones(text: str) -> str:
    return _LETTERS.sub(lambda m: fold_tone_placement(m.group()), text)


def _with_case_of(word: str, model: str) -> str:
    """``word`` (lower case) written with the capitalisation of ``model``."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _style_pair(word: str) -> tuple[str, str] | None:
    """The two spellings of a lower-case open syllable ending in "oa", "oe" or "uy" with a tone
    mark, ``(mark on the second vowel, mark on the first)``: ``("hoà", "hòa")``, ``("thuý",
    "thúy")``, ``("uỷ", "ủy")``; None for any other word ("quý", "hoàng", "khuya", "hoa", "śnoa")."""
    base, tones = _without_tones(word)
    if len(tones) != 1:
        return None
    span = _vowel_span(base)
    if span is None or span[1] != len(base) or base[span[0]:] not in _SECOND_VOWEL_PAIRS:
        return None
    start = span[0]
    second = unicodedata.normalize("NFC", base[: start + 2] + tones[0])
    first = unicodedata.normalize("NFC", base[: start + 1] + tones[0] + base[start + 1 :])
    # The mark must sit on one of the two vowels: "śnoa" (an accented consonant: a Polish name, or
    # text decoded with the wrong code page) is neither spelling.
    return (second, first) if word in (second, first) else None


def tone_style_corrections(texts: Iterable[str]) -> dict[str, str]:
    """``{word: the cluster's spelling}`` so that a summary does not mix the two tone-mark
    styles. The open syllables ending in "oa", "oe", "uy" (``hoà``/``hòa``, ``khoẻ``/``khỏe``,
    ``thuý``/``thúy``) are written in one style, the mark on the second vowel or on the first,
    whichever the cluster's occurrences of such syllables mostly use (ties: the second, the
    canonical placement of :func:`fold_tone_placement`), also those the cluster writes one way
    only: "Cộng hoà" and "thỏa thuận" do not stand in one summary. Any other syllable written
    with the mark in different places (a slip: "tóan"/"toán") takes its more frequent spelling
    (ties: the canonical one). Only the mark's position changes, never a letter: ``kỹ``/``kĩ``
    and ``lý``/``lí`` are spelled differently and stay as written. Keys keep the case they were
    seen in."""
    counts = Counter(word for text in texts for word in _LETTERS.findall(text))
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    pairs: dict[str, tuple[str, str]] = {}
    styles: Counter[int] = Counter()
    for word, count in counts.items():
        lower = word.lower()
        pair = _style_pair(lower)
        if pair is not None:
            pairs[lower] = pair
            styles[pair.index(lower)] += count
        else:
            forms[canonical_placement(lower)][lower] += count
    chosen: dict[str, str] = {}
    style = 1 if styles[1] > styles[0] else 0
    chosen.update({lower: pair[style] for lower, pair in pairs.items() if lower != pair[style]})
    for canonical, spellings in forms.items():
        if len(spellings) < 2:
            continue
        best = max(spellings, key=lambda f: (spellings[f], f == canonical, f))
        chosen.update({f: best for f in spellings if f != best})
    return {word: _with_case_of(chosen[word.lower()], word) for word in counts if word.lower() in chosen}


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

DAY = r"(?:3[01]|[12]\d|0?[1-9])"  # a day of the month, 1-31 ("05" too)
MONTH = r"(?:1[0-2]|0?[1-9])"  # a month, 1-12
PARTS_OF_DAY = "sáng|trưa|chiều|tối|đêm|khuya"  # morning, noon, afternoon, evening, night, late night
_DAY = f"({DAY})"
_MONTH = f"({MONTH})"
_YEAR = r"(1[89]\d\d|2\d\d\d)"
_NO_NUM_BEFORE = r"(?<![\d/.,])"
_NO_NUM_AFTER = r"(?![\d/])"
_YEAR_TAIL = rf"(?:\s*(?:/|\s+năm\s+){_YEAR})?"
# "7 đến 10/8", "7-10 tháng 8", "7 - 10/8/2013", "7-10 tháng 8/2013"
_DATE_RANGE = re.compile(
    rf"{_NO_NUM_BEFORE}{_DAY}\s*(?:-|–|—|\bđến\b|\btới\b)\s*{_DAY}\s*(?:/|\s+tháng\s+|(?<!\s)tháng\s+)"
    rf"{_MONTH}{_YEAR_TAIL}{_NO_NUM_AFTER}"
)
# "7/8", "7 tháng 8", "7/8/2013", "7 tháng 8 năm 2013", "7-8-2013"
_DATE_SINGLE = re.compile(
    rf"{_NO_NUM_BEFORE}{_DAY}\s*(?:/|\s+tháng\s+){_MONTH}{_YEAR_TAIL}{_NO_NUM_AFTER}"
    rf"|{_NO_NUM_BEFORE}{_DAY}-{_MONTH}-{_YEAR}{_NO_NUM_AFTER}"
)
# "ngày 19.5", "ngày 19.5.2016": a dotted date only right after the word "ngày".
_DATE_DOTTED = re.compile(rf"(?<=ngày ){_DAY}\.{_MONTH}(?:\.{_YEAR})?(?![\d.]\d)")
# "tháng 8/2013", "tháng 8 năm 2013"
_MONTH_YEAR = re.compile(rf"\btháng\s+{_MONTH}\s*(?:/|-|\s+năm\s+){_YEAR}{_NO_NUM_AFTER}")


def _date_text(day: str | None, month: str, year: str | None, first_day: str | None = None) -> str:
    parts = []
    if first_day is not None:
        parts.append(f"{int(first_day)} đến")
    if day is not None:
        parts.append(str(int(day)))
    parts.append(f"tháng {int(month)}")
    if year is not None:
        parts.append(f"năm {int(year)}")
    return " ".join(parts)


def fold_dates(text: str) -> str:
    """Rewrite the usual Vietnamese date forms of lower-case text to one shape:
    ``7 đến 10 tháng 8 năm 2013``, ``7 tháng 8``, ``tháng 8 năm 2013``."""
    text = _DATE_RANGE.sub(lambda m: _date_text(m.group(2), m.group(3), m.group(4), m.group(1)), text)

    def single(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return _date_text(m.group(1), m.group(2), m.group(3))
        return _date_text(m.group(4), m.group(5), m.group(6))

    text = _DATE_SINGLE.sub(single, text)
    text = _DATE_DOTTED.sub(lambda m: _date_text(m.group(1), m.group(2), m.group(3)), text)
    return _MONTH_YEAR.sub(lambda m: _date_text(None, m.group(1), m.group(2)), text)


# --------------------------------------------------------------------------------------------
# Match key
# --------------------------------------------------------------------------------------------

_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_NON_WORD = re.compile(r"[\W_]+")


def _base_key(text: str) -> str:
    """Everything of :func:`match_key` except alias folding."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _fold_tones(text)
    text = fold_dates(text)
    text = _DIGIT_SEPARATOR.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=1)
def _alias_lines() -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Each entry line of ``data/aliases.tsv`` (not blank, not a comment): its number and its
    forms, written as the table writes them."""
    source = DATA_DIR / ALIASES_RESOURCE
    return tuple((line_number, tuple(name.strip() for name in line.split("\t") if name.strip()))
                 for line_number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                 if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=1)
def load_aliases() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The alias table from ``data/aliases.tsv``: variant tokens -> canonical tokens (both as
    base match keys)."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line_number, names in _alias_lines():
        if len(names) < 2:
            logger.warning("aliases.tsv line %d has no variant; ignored", line_number)
            continue
        canonical = tuple(_base_key(names[0]).split())
        for variant in names[1:]:
            key = tuple(_base_key(variant).split())
            if key and key != canonical:
                table[key] = canonical
    return table


# How far (characters) on either side of an alias-table name its neighbouring word is looked for
# (``_inside_a_longer_name``). Not NAME_CONTEXT_CHARS, the name-typo checks' reach, defined below.
ALIAS_NEIGHBOUR_CHARS = 40


def _alias_forms() -> tuple[tuple[str, ...], ...]:
    """Each entity of the alias table as its forms, written as the table writes them."""
    return tuple(forms for _, forms in _alias_lines() if len(forms) > 1)


def _initial(word: str) -> str:
    """The first letter of ``word`` without its marks, in lower case ("Đ" stays "đ")."""
    return unicodedata.normalize("NFD", word[:1])[:1].lower()


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is ``long`` with its leading words written as their initials in capitals
    ("LB Nga" / "Liên bang Nga", "ĐNA" / "Đông Nam Á", "TP.HCM" / "Thành phố Hồ Chí Minh")."""
    letters = "".join(ch for ch in short[0] if ch.isalpha())
    if len(letters) < 2 or not letters.isupper() or short[1:] != long[len(long) - len(short) + 1 :]:
        return False
    leading = long[: len(long) - len(short) + 1]
    return len(leading) == len(letters) and all(_initial(w) == _initial(ch) for w, ch in zip(leading, letters))


def spellings_of_one_name(a: str, b: str) -> bool:
    """Whether ``a`` and ``b``, two forms of one alias-table entity, are two spellings of one name
    ("Moscow" / "Mátxcơva", "Kim Jong-un" / "Kim Jong Un", "LB Nga" / "Liên bang Nga"), not a
    shorter and a longer way to name it ("Trump" / "Donald Trump", "Nga" / "Liên bang Nga") nor
    two names ("Mỹ" / "Hoa Kỳ", "Hàn Quốc" / "Nam Hàn"): as many words (hyphens part words), the
    first letters alike; or one the other's leading words abbreviated (:func:`_abbreviates`)."""
    words_a, words_b = a.replace("-", " ").split(), b.replace("-", " ").split()
    if len(words_a) == len(words_b) or len(a.replace("-", "").split()) == len(b.replace("-", "").split()):
        return _initial(words_a[0]) == _initial(words_b[0])  # "Mát-xcơ-va" is one word as "Mátxcơva" is
    short, long = sorted((words_a, words_b), key=len)
    return _abbreviates(short, long)


def is_alias_spelling(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are two spellings of one name of the alias table, as
    :func:`alias_spellings` maps them."""
    return any(a in forms and b in forms for forms in _alias_forms()) and spellings_of_one_name(a, b)


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")  # the word right before, a space between and no mark
_WORD_AFTER = re.compile(r"^[ \t]+([^\W\d_]+)")  # the word right after
# Words after a place that make it part of a name of its own (a paper, a club, a company).
NAME_CONTINUATIONS = frozenset({"Times", "News", "Post", "Daily", "Tribune", "Herald", "Journal", "Saint",
                                "FC", "City", "United", "Club", "Airlines", "Airways", "University", "Exchange"})


def _inside_a_longer_name(match: re.Match[str], text: str) -> bool:
    """Whether the name ``match`` found in ``text`` is part of a longer foreign name: after a
    capitalised foreign word that does not open the sentence ("Spartak Moscow", "The Moscow
    Times"), or before one of ``NAME_CONTINUATIONS`` ("Moscow Times", "Paris Saint-Germain"). A
    Vietnamese word or an acronym before it ("Triều Tiên Kim Jong Un", "UBND TPHCM") and a name
    after it ("LB Nga Sergei Shoigu") leave it a name of its own."""
    before = text[max(0, match.start() - ALIAS_NEIGHBOUR_CHARS) : match.start()]
    word = _WORD_BEFORE.search(before)
    if (word is not None and word.group(1)[0].isupper() and not word.group(1).isupper()
            and not is_vietnamese_syllable(word.group(1)) and not _opens_sentence(before[: word.start()])):
        return True
    after = _WORD_AFTER.match(text[match.end() : match.end() + ALIAS_NEIGHBOUR_CHARS])
    return after is not None and after.group(1) in NAME_CONTINUATIONS


def _opens_sentence(before: str) -> bool:
    """Whether a word after ``before`` opens a sentence (nothing before it, or a final mark)."""
    stripped = before.rstrip(" \t")
    return not stripped or stripped[-1] in ".!?…:;\n\"“("


def alias_spellings(texts: Iterable[str]) -> dict[str, str]:
    """``{form: form}``: where ``texts`` (a cluster's titles and sentences) write one name of the
    alias table in two spellings (:func:`spellings_of_one_name`), the one they use less, mapped to
    the one they use more (on a tie, the longer: "LB Nga" -> "Liên bang Nga"), so that an output
    does not mix "Moscow" and "Mátxcơva". Forms are found as the table writes them, whole words;
    a form the cluster also writes inside a longer name ("Spartak Moscow", "The Moscow Times") is
    left as it is everywhere, a club or a paper being no place to rename."""
    joined = "\n".join(texts)
    out: dict[str, str] = {}
    for forms in _alias_forms():
        counts = {}
        for form in forms:
            found = list(whole_word(form).finditer(joined)) if form in joined else []
            if not any(_inside_a_longer_name(match, joined) for match in found):
                counts[form] = len(found)
        present = sorted((form for form, count in counts.items() if count), key=lambda f: (-counts[f], -len(f), f))
        for k, form in enumerate(present):
            if form in out:
                continue
            for other in present[k + 1 :]:
                if other not in out and spellings_of_one_name(form, other):
                    out[other] = form
    return out


@lru_cache(maxsize=1)
def _alias_index() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, tuple[int, ...]]]:
    table = load_aliases()
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in table:
        lengths[key[0]].add(len(key))
    return table, {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}


def fold_aliases(tokens: list[str]) -> list[str]:
    """Replace alias variants in a base-key token list by their canonical tokens
    (longest variant first, left to right)."""
    table, lengths = _alias_index()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for length in lengths.get(tokens[i], ()):
            key = tuple(tokens[i : i + length])
            if key in table:
                out.extend(table[key])
                i += length
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# A line ending in one of these reads as a finished sentence (a final mark, or the closing quote
# or bracket after one).
SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
# A text ending in a final mark, which closing quotes or brackets may follow ("… thế giới.”"; a
# heading ending in a quoted word, "… “lạ”", ends in none): a summary sentence, a cell of prose.
CLOSERS_AFTER_MARK = r"[\"'”’»)\]]*"
ENDS_WITH_FINAL_MARK = re.compile(rf"[.!?…]{CLOSERS_AFTER_MARK}$")
LEADING_MARKS = "\"“‘'([«-–—•*+ "  # quotes, brackets, dashes, bullets that may precede a line's first letter
# "http://…", "www.…", or a bare domain ("xaluan.com", "vovgiaothong.vn").
WEB_ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|vn|net|org|info)\b")


def starts_in_lower_case(text: str) -> bool:
    """Whether the first letter of ``text`` (after quotes, brackets, dashes, bullets) is lower
    case: a Vietnamese sentence never starts so; a line that does lost its first letter (a drop
    cap) or was broken mid-sentence."""
    opening = text.strip().lstrip(LEADING_MARKS)
    return bool(opening) and opening[0].isalpha() and opening[0].islower()


def match_key(text: str) -> str:
    """The form used to compare texts, never shown: NFC, lower case, canonical tone-mark
    placement, one date shape, no punctuation, single spaces, name aliases folded."""
    return " ".join(fold_aliases(_base_key(text).split()))


def syllables(text: str) -> list[str]:
    """Tokens of :func:`match_key` (used for shingling)."""
    return fold_aliases(_base_key(text).split())


# --------------------------------------------------------------------------------------------
# Name typos across a cluster
# --------------------------------------------------------------------------------------------

# Punctuation after which the next word starts a sentence (so its capital proves nothing).
_SENTENCE_OPENERS = frozenset('.!?…:;"“”«»()[]\n-–—')


def _is_name_token(token: str) -> bool:
    # Capitalised; all-capitals acronyms (WTO/WHO, UBND) are distinct entities, not names.
    return token[0].isupper() and not (len(token) > 1 and token.isupper())


def capitalised_runs(
    text: str,
    *,
    token: re.Pattern[str] = _LETTERS,
    is_name: Callable[[str], bool] = _is_name_token,
    skip: Callable[[int], bool] | None = None,
    openers: frozenset[str] = _SENTENCE_OPENERS,
) -> Iterator[tuple[list[str], bool]]:
    """Maximal runs of capitalised words (``token`` matches passing ``is_name``) separated only
    by spaces, each with whether its first word starts a sentence (or line, or quote): after
    one of ``openers``, or at the start of ``text``. A token whose start offset ``skip`` accepts
    (e.g. inside a date) ends the current run and is not part of any run. With the defaults a
    text's runs are read once (:func:`_default_runs`): the name-typo search reads a cluster's
    sentences when it is prepared and again when its summary is checked."""
    if token is _LETTERS and is_name is _is_name_token and skip is None and openers is _SENTENCE_OPENERS:
        for words, initial in _default_runs(text):
            yield list(words), initial
        return
    yield from _runs(text, token, is_name, skip, openers)


# Texts whose default capitalised runs are remembered: a cluster's sentences (a cluster of more
# sentences than this, read in the same order twice, is read twice).
RUNS_CACHE_SIZE = 32_768


@lru_cache(maxsize=RUNS_CACHE_SIZE)
def _default_runs(text: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    return tuple((tuple(run), initial) for run, initial in _runs(text, _LETTERS, _is_name_token, None, _SENTENCE_OPENERS))


def _runs(text: str, token: re.Pattern[str], is_name: Callable[[str], bool], skip: Callable[[int], bool] | None,
          openers: frozenset[str]) -> Iterator[tuple[list[str], bool]]:
    """:func:`capitalised_runs`, read."""
    run: list[str] = []
    run_initial = False
    previous_end = 0
    initial = True
    for match in token.finditer(text):
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        if gap and not gap.isspace() or "\n" in gap:
            if run:
                yield run, run_initial
                run = []
            initial = initial or any(ch in openers for ch in gap)
        word = match.group()
        if is_name(word) and not (skip is not None and skip(match.start())):
            if not run:
                run_initial = initial
            run.append(word)
        elif run:
            yield run, run_initial
            run = []
        initial = False
    if run:
        yield run, run_initial


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of a and b is exactly 1 (NFC characters, so a diacritic counts)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _deletion_keys(text: str) -> set[str]:
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


# A foreign name of words joined by hyphens, capitalised ("Jamaat-ur-Ahrar", "Cannon-Brookes"):
# the capitalised runs split it at the hyphens and at its lower-case words, so it is compared
# whole, as one long foreign-looking word (ASCII, at least NAME_MIN_SINGLE_CHARS letters).
_HYPHENATED_NAME = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")


# A hyphen-joined name written with two casings of its later words ("Kim Jong-un" / "Kim
# Jong-Un", "Ban Ki-moon" / "Ban Ki-Moon") or as one word ("bão Ya-gi" / "bão Yagi"): both are in
# use, neither is a slip, but a summary should write one. The cluster's usual form is taken when
# it is used at least this many times as often as the other (:func:`_case_variants`).
HYPHEN_CASE_MIN_RATIO = 1.5


def casing_key(form: str) -> tuple[str, str]:
    """What two writings of one name share when they differ only in the case of a letter after
    their first or in their hyphens ("Kim Jong-un" / "Kim Jong-Un", "Ya-gi" / "Yagi")."""
    return form[:1], form[1:].lower().replace("-", "")


# A word with a capital inside it ("CotecCons", "VinFast"): compared with its other casings.
_INNER_CAPITAL_WORD = re.compile(r"[A-ZĐ][^\W\d_A-ZĐ]+[A-ZĐ][^\W\d_]*")


def _case_variants(compounds: Counter[str], words: Counter[str]) -> list[NameTypo]:
    """Hyphen-joined names (``compounds``) and words with a capital inside them ("CotecCons"
    beside 22 "Coteccons": ``_INNER_CAPITAL_WORD``) that differ from a more frequent form only in
    the case of a letter after their first or in their hyphens (a capitalised word of ``words``:
    "Yagi" for "Ya-gi": :func:`casing_key`), each as a correction to it (see
    ``HYPHEN_CASE_MIN_RATIO``)."""
    key = casing_key
    spellings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for compound in compounds:
        if not compound.isupper():  # a headline in capitals ("KIM JONG-UN TỚI HÀ NỘI") is no spelling
            spellings[key(compound)].append(compound)
    for word in words:
        if _INNER_CAPITAL_WORD.fullmatch(word):
            spellings.setdefault(key(word), [])  # its casings are read from ``words`` below
    uses = Counter(compounds)
    for word, count in words.items():
        if key(word) in spellings and not word.isupper():
            spellings[key(word)].append(word)
            uses[word] += count
    found: list[NameTypo] = []
    for forms in spellings.values():
        if len(forms) < 2:
            continue
        usual = max(forms, key=lambda form: (uses[form], form))
        found.extend(NameTypo(form, usual, uses[form], uses[usual], None) for form in sorted(forms)
                     if form != usual and uses[usual] >= HYPHEN_CASE_MIN_RATIO * uses[form])
    return found


def _is_typo_candidate(run: list[str]) -> bool:
    if len(run) == 1:
        # One syllable: only long foreign-looking names (Vietnamese syllables one letter apart
        # are nearly always different words: Công/Đông, Thanh/Thành).
        return run[0].isascii() and len(run[0]) >= NAME_MIN_SINGLE_CHARS
    return len(run) <= NAME_MAX_SYLLABLES


def _differing_syllables_long_enough(a: str, b: str) -> bool:
    """The one syllable that differs is a real word on both sides, not an initial (Văn H/Văn B)."""
    return all(
        len(x) >= NAME_MIN_DIFFERING_CHARS and len(y) >= NAME_MIN_DIFFERING_CHARS
        for x, y in zip(a.split(), b.split())
        if x != y
    )


# --- Rules that tell a slip from two real names (each one measured over ViMs: see
# scripts/typo_report.py). A correction must pass all of them.

_TONE_AND_SHAPE = re.compile(r"[\u0300-\u036f]")
# Structure of a Vietnamese syllable (base letters, tone mark removed): onset, 1-3 vowels, coda.
# "k" is accepted as a coda for Central Highlands place names (Đắk Lắk).
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|nh|ng|[cmnptk])?"
)
# QWERTY rows and their stagger (in key widths): letters whose keys touch are slip-prone.
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
KEYBOARD_ROW_OFFSETS = (0.0, 0.25, 0.75)
# A name with fewer syllables than this shares too little with its look-alike to prove it is
# the same name when a whole initial consonant differs (Bộ Công / Bộ Nông, Chiang Mai / Rai).
NAME_ANCHORED_SYLLABLES = 3
# Dropping a mark is the usual slip (Thị typed as Thi), so the marked form is only taken for a
# typo of an unmarked one that is at least this many times as frequent (instead of min_ratio).
# A tone swapped for another (Toản / Toàn) needs as much: both are words, often both names.
NAME_TYPO_MARK_DROP_RATIO = 2 * NAME_TYPO_MIN_RATIO
# A spelling used in at least this many independent places (not copies of one sentence) is
# deliberate: a real name (Cam Lâm / Cao Lâm) or an accepted variant, not a slip.
NAME_TYPO_MAX_USES = 3
# Words each side of an occurrence that identify a copy of the same sentence.
NAME_CONTEXT_WORDS = 3
# How far (characters) those words are looked for on either side, so that a long report is not
# read from its start for every use of a name.
NAME_CONTEXT_CHARS = 64 * NAME_CONTEXT_WORDS
# How far (characters) on either side of a name its sentence is looked for (``_sentence_around``).
SENTENCE_REACH = 1000

REJECT_FOREIGN_MARKS = "foreign-marks"
REJECT_MARK_DROP = "mark-drop"
REJECT_TONE_SWAP = "tone-swap"
REJECT_INITIAL_CONSONANT = "initial-consonant"
REJECT_REPEATED = "repeated-spelling"
# Two names, not a slip: one sentence uses both spellings, and the rarer is a full Vietnamese
# name (three syllables or more: "Ông Nguyễn Văn Hùng ... có con trai là Nguyễn Văn Hưng") or
# its differing syllable is a word the cluster uses outside the name ("Hưng" of "Hưng Yên"),
# where a slip makes a syllable used nowhere else ("Trung Quóc" beside "Trung Quốc"). Not a
# rule: the given name used alone ("nhận xét Hưng là ..."); a report that misspells a name does so
# in its short form too (Cluster_146: "chị Hoàng Thị Ngọc Thủy", "chị Thủy", for Thùy).
REJECT_TWO_NAMES = "two-names"
# Two people, too: each spelling is given its age or year of birth right after it, and no age or
# year of one is within this many years of one of the other ("Nguyễn Văn Hùng (28 tuổi)" the thief,
# "Nguyễn Văn Hưng (45 tuổi)" the pawnbroker); reports that disagree on one person's age do so by
# a year or two.
TWO_PEOPLE_MIN_YEARS = 5
# An age or a year of birth right after a name: "(28 tuổi", ", 28 tuổi", "(SN 1989", ", sinh năm 1989".
_AGE_AFTER = re.compile(r"\s*[(,]\s*(?:(?P<age>\d{1,3})\s*tuổi|(?:SN|sn|sinh năm|sinh)\s*(?P<born>(?:19|20)\d\d))(?!\d)")
# What ends a sentence for REJECT_TWO_NAMES (texts may be whole reports).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n")


@dataclass(frozen=True)
class NameTypo:
    """One look-alike pair found by :func:`name_typo_candidates`."""

    typo: str
    correction: str
    typo_count: int  # occurrences as a name (see find_name_typos)
    correction_count: int
    rejected_by: str | None  # the rule that refused the correction; None when it is applied


def base_letters(word: str) -> str:
    """Lower-case letters without any combining mark, đ as d (tone, hat, breve, umlaut, cedilla)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return _TONE_AND_SHAPE.sub("", decomposed).replace("đ", "d")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` has the letter structure of one Vietnamese syllable (onset, vowels, coda)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _VIETNAMESE_SYLLABLE.fullmatch(base) is not None


def _marks(char: str) -> set[str]:
    return set(unicodedata.normalize("NFD", char)[1:])


def _drops_a_mark(typo: str, correction: str) -> bool:
    """Same letters, and the correction's marks are a strict subset of the typo's (Thị -> Thi)."""
    if len(typo) != len(correction) or base_letters(typo) != base_letters(correction):
        return False
    pairs = [(a, b) for a, b in zip(typo, correction) if a != b]
    return all(_marks(b) < _marks(a) or (a.lower() == "đ" and b.lower() == "d") for a, b in pairs)


def _tones(word: str) -> set[str]:
    return {mark for mark in unicodedata.normalize("NFD", word) if mark in _TONE_MARKS}


def _swaps_a_tone(typo: str, correction: str) -> bool:
    """Each carries a tone mark, and they differ (Toản / Toàn, Vịnh / Vĩnh)."""
    a, b = _tones(typo), _tones(correction)
    return bool(a) and bool(b) and a != b


def _key_position(letter: str) -> tuple[int, float] | None:
    for row, (keys, offset) in enumerate(zip(KEYBOARD_ROWS, KEYBOARD_ROW_OFFSETS)):
        column = keys.find(letter)
        if column >= 0:
            return row, column + offset
    return None


def keys_touch(a: str, b: str) -> bool:
    """Whether two letters sit on neighbouring keys of a QWERTY keyboard (h/n, m/n)."""
    pa, pb = _key_position(base_letters(a)), _key_position(base_letters(b))
    return pa is not None and pb is not None and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1


def _differing_syllable(typo: str, correction: str) -> tuple[str, str]:
    return next((x, y) for x, y in zip(typo.split(), correction.split()) if x != y)


def _rejection(typo: str, correction: str, ratio: float) -> str | None:
    """The rule (if any) that says this pair is not a typo and its correction."""
    wrong, right = _differing_syllable(typo, correction)
    vietnamese = is_vietnamese_syllable(wrong) and is_vietnamese_syllable(right)
    marks_only = base_letters(wrong) == base_letters(right)
    if marks_only and not vietnamese:
        # Mövenpick/Movenpick, François/Francois: a foreign name with or without its marks is
        # one spelling; a Vietnamese tone on a foreign name (Myụngun) is itself the slip.
        return REJECT_FOREIGN_MARKS
    if _drops_a_mark(wrong, right) and ratio < NAME_TYPO_MARK_DROP_RATIO:
        return REJECT_MARK_DROP
    if vietnamese and marks_only and _swaps_a_tone(wrong, right) and ratio < NAME_TYPO_MARK_DROP_RATIO:
        # Another tone is another word, and a given name's look-alike is often a name too: a
        # striker Nguyễn Văn Toàn and a goalkeeper Nguyễn Văn Toản play in one team.
        return REJECT_TONE_SWAP
    if (
        vietnamese
        and len(typo.split()) < NAME_ANCHORED_SYLLABLES
        and len(wrong) == len(right)
        and base_letters(wrong[0]) != base_letters(right[0])
        and wrong[1:] == right[1:]
        and not keys_touch(wrong[0], right[0])
    ):
        # Another initial consonant makes another word (Công/Nông, Mai/Rai) unless the two keys
        # touch (Hà Hội for Hà Nội); with one shared syllable nothing says it is one name.
        return REJECT_INITIAL_CONSONANT
    return None


@lru_cache(maxsize=1024)
def whole_word(name: str) -> re.Pattern[str]:
    """``name`` as a whole word (not inside a longer one: "Lan" is not in "Lana")."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _independent_uses(name: str, texts: list[str]) -> int:
    """Places ``name`` is used, counting copies of one sentence once: occurrences are told apart
    by the words before and by the words after; the smaller number of distinct sides is
    returned, so a copy that was edited on one side still counts once."""
    pattern = whole_word(name)
    before: set[tuple[str, ...]] = set()
    after: set[tuple[str, ...]] = set()
    for text in texts:
        if name not in text:  # the plain test first: most texts lack the name (10x faster)
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            preceding = text[max(0, start - NAME_CONTEXT_CHARS) : start]  # a window, not the whole text before
            before.add(tuple(w.lower() for w in _LETTERS.findall(preceding)[-NAME_CONTEXT_WORDS:]))
            after.add(tuple(w.lower() for w in _LETTERS.findall(text[end : end + NAME_CONTEXT_CHARS])[:NAME_CONTEXT_WORDS]))
    return min(len(before), len(after))


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` (pieces between ``_SENTENCE_BREAK``) holding ``text[start:end]``,
    looked for within ``SENTENCE_REACH`` characters on either side."""
    low, high = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    window = text[low:high]
    left = 0
    for mark in _SENTENCE_BREAK.finditer(window):
        if mark.end() <= start - low:
            left = mark.end()
        elif mark.start() >= end - low:
            return window[left : mark.start()]
    return window[left:]


def _two_names(typo: str, correction: str, texts: list[str], words_used: Callable[[], Counter[str]]) -> bool:
    """Whether the cluster shows the two spellings to be two names (see ``REJECT_TWO_NAMES``).
    ``words_used()``: how often the texts use each word, in lower case."""
    wrong, _ = _differing_syllable(typo, correction)
    words = typo.split()
    full_name = len(words) >= NAME_ANCHORED_SYLLABLES and all(is_vietnamese_syllable(w) for w in words)
    typo_pattern, correction_pattern = whole_word(typo), whole_word(correction)
    if _ages_apart(_stated_ages(typo, texts), _stated_ages(correction, texts)):
        return True
    if not full_name:
        uses_in_typo = sum(len(typo_pattern.findall(text)) for text in texts if typo in text) * words.count(wrong)
        if words_used()[wrong.lower()] <= uses_in_typo:
            return False  # the syllable is used in the typo alone
    return any(correction_pattern.search(_sentence_around(text, match.start(), match.end()))
               for text in texts if typo in text and correction in text for match in typo_pattern.finditer(text))


def _stated_ages(name: str, texts: list[str]) -> tuple[set[int], set[int]]:
    """(the ages, the years of birth) the texts give right after ``name``, a whole word
    (``_AGE_AFTER``)."""
    ages: set[int] = set()
    born: set[int] = set()
    for text in texts:
        at = text.find(name)  # a plain search: a long text that names it often is read once, fast
        while at != -1:
            end = at + len(name)
            whole = (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            stated = _AGE_AFTER.match(text, end) if whole else None
            if stated is not None:
                (ages if stated["age"] else born).add(int(stated["age"] or stated["born"]))
            at = text.find(name, end)
    return ages, born


def _ages_apart(a: tuple[set[int], set[int]], b: tuple[set[int], set[int]]) -> bool:
    """Whether the two names are given ages, or years of birth, too far apart to be one person's
    (``TWO_PEOPLE_MIN_YEARS``)."""
    return any(mine and theirs and all(abs(x - y) > TWO_PEOPLE_MIN_YEARS for x in mine for y in theirs)
               for mine, theirs in zip(a, b))


def _is_vietnamese_full_name(words: Sequence[str]) -> bool:
    """``words`` are a Vietnamese person's full name: a family name (``VIETNAMESE_SURNAMES``)
    first, ``NAME_ANCHORED_SYLLABLES`` to ``NAME_MAX_SYLLABLES`` Vietnamese syllables."""
    return (NAME_ANCHORED_SYLLABLES <= len(words) <= NAME_MAX_SYLLABLES and words[0] in VIETNAMESE_SURNAMES
            and all(is_vietnamese_syllable(word) for word in words))


def _embedded_people(run: Sequence[str]) -> Iterator[list[str]]:
    """The people's names a run of capitalised words ends with after other capitalised words: from
    a family name after the run's first word to its end, when that is a Vietnamese full name
    (:func:`_is_vietnamese_full_name`: "Phúc Khánh Hoàng Văn Hung": "Hoàng Văn Hung"), so that a
    name written right after a place or a body is compared with the same name written alone."""
    for start in range(1, len(run)):
        person = run[start:]
        if len(person) < NAME_ANCHORED_SYLLABLES:
            return
        if _is_vietnamese_full_name(person):
            yield list(person)


def _place_key(words: Sequence[str]) -> tuple[str, ...]:
    """How a place's words are compared: lower case, tone marks in one placement ("Thuỵ Điển",
    "Thụy Điển"), final y as i ("Thụy Sỹ", "Thụy Sĩ")."""
    return tuple(fold_tone_placement(word.lower()) for word in words)


@lru_cache(maxsize=1)
def _run_openers() -> tuple[dict[tuple[str, ...], bool], dict[str, tuple[int, ...]]]:
    """The places of ``COUNTRY_NAMES`` and ``PROVINCE_NAMES`` (True) and the titles of
    ``COUNTRY_TITLES`` (False) by key (:func:`_place_key`), and by their first word's key the
    numbers of words of those it opens, longest first."""
    openers = {_place_key(place.split()): True for place in (*COUNTRY_NAMES, *PROVINCE_NAMES)}
    openers.update({_place_key(title.split()): False for title in COUNTRY_TITLES})
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in openers:
        lengths[key[0]].add(len(key))
    return openers, {first: tuple(sorted(counts, reverse=True)) for first, counts in lengths.items()}


def _name_after_place(run: Sequence[str]) -> list[str] | None:
    """The person's name a run of capitalised words holds after the place that opens it ("Lào
    Sonexay Siphandon": "Sonexay Siphandon"; "Mỹ Joe Biden", "Hà Nội Nguyễn Văn An"), None when
    it opens with no place of ``COUNTRY_NAMES`` or ``PROVINCE_NAMES`` or what follows the place
    reads as no person's name. The longest place (or title of ``COUNTRY_TITLES``, "Nhật Hoàng",
    which keeps the run whole) that opens the run is the one ("Lào Cai Nguyễn Văn An": the
    province, then the name). A name is a Vietnamese full name (:func:`_is_vietnamese_full_name`)
    or ``FOREIGN_NAME_MIN_WORDS`` words or more of which one is no Vietnamese syllable and the
    first no word of ``PLACE_NAME_CONTINUATIONS`` (a foreign name: "Joe Biden", "Kim Jong"; not
    "Malaysia Airlines Berhad"). So a place's own name that opens with a country's ("Mỹ Latinh",
    "Lào Cai", "Nga Sơn") and a Vietnamese name that opens with a place's word ("Mỹ Tâm", "Đức
    Huy") stay whole. Measured on the ViMs reports: the rule splits 119 distinct runs, each
    after the place a person's name or (the place saying whose it is) a company's or a base's
    ("Mỹ Wells Fargo", "Hàn Quốc Korean Air", "Mỹ Camp Carroll"); the two lists of exceptions
    keep "Malaysia Airlines Berhad", "Nhật Hoàng Akihito" and "Nhật Hoàng Hirohito" whole."""
    if not run:
        return None
    openers, lengths = _run_openers()
    for length in lengths.get(_place_key(run[:1])[0], ()):
        if length >= len(run) or (place := openers.get(_place_key(run[:length]))) is None:
            continue
        rest = run[length:]
        foreign = (len(rest) >= FOREIGN_NAME_MIN_WORDS and rest[0] not in PLACE_NAME_CONTINUATIONS
                   and not all(map(is_vietnamese_syllable, rest)))
        return list(rest) if place and (foreign or _is_vietnamese_full_name(rest)) else None
    return None


def name_typo_candidates(texts: Iterable[str], *, min_ratio: float = NAME_TYPO_MIN_RATIO) -> list[NameTypo]:
    """Every look-alike pair :func:`find_name_typos` considers, with the rule that refused it.

    A name is a maximal run of capitalised words (all-capitals acronyms excluded). A name of
    2..NAME_MAX_SYLLABLES syllables (or one long foreign-looking word) is a look-alike of
    another name with the same number of syllables that differs from it by exactly one letter
    (an accent counts as a letter) in a syllable of at least NAME_MIN_DIFFERING_CHARS letters
    and occurs at least ``min_ratio`` times as often in all ``texts`` together. A capital that
    starts a sentence proves nothing, so a sentence's first word is left out of candidates. A
    Vietnamese person's name that closes a longer run ("xã Phúc Khánh Hoàng Văn Hung") counts as
    a name of its own too (:func:`_embedded_people`; on ViMs no correction changes). A run that
    opens a sentence with a word the cluster also writes in lower case ("Theo", "Tại") is counted
    from its second word only. A run that
    opens with a country or province before a person's name ("Thủ tướng Lào Sonexay Siphandon",
    "Tổng thống Mỹ Joe Biden") is a candidate from the name on (:func:`_name_after_place`), so
    that a typo and its correction name the person, not the country with them; the whole run is
    still counted, as a look-alike of a typo in the place ("Lầo Sonexay Siphandon"). A foreign
    name of hyphen-joined words ("Jamaat-ur-Ahrar", ``_HYPHENATED_NAME``) is one candidate word:
    over ViMs its three slips are corrected (Cluster_063 "Cannon-Brookers", 093 "Jamaat-ur-Ahra",
    177 "Borthwich-Jackson"; one summary changes), and no other pair is found. Its casings, and
    its forms with and without hyphens, are made one (:func:`_case_variants`): 10 ViMs names
    ("X-men" -> "X-Men", "Jong-Un" -> "Jong-un", "Xue-yi" -> "Xueyi", "GBand" -> "G-Band"), 3
    summaries or headlines change.
    Two correct spellings of one name (tone placement hoà/hòa, i/y: Thụy Sĩ/Thụy Sỹ) are not
    look-alikes. The correction is then refused (``rejected_by``) when it only adds or drops
    marks on a foreign name, drops a mark or swaps a Vietnamese tone for another without
    NAME_TYPO_MARK_DROP_RATIO times the count,
    swaps the initial consonant of a short name for one whose key does not touch it, or when
    the rarer spelling is used in NAME_TYPO_MAX_USES independent places, or when the cluster
    shows two names (``REJECT_TWO_NAMES``: a father Nguyễn Văn Hùng and his son Nguyễn Văn Hưng).
    """
    texts = list(texts)
    counts: Counter[str] = Counter()  # name frequencies
    compounds: Counter[str] = Counter()  # hyphen-joined names' frequencies
    words: Counter[str] = Counter()  # capitalised words' frequencies
    candidates: set[str] = set()
    # words the cluster also writes in lower case: one opening a sentence is a word, not a name's
    # first ("Theo Japan Times, ..." names no "Theo Japan Times" beside "The Japan Times")
    lower_case = {word for text in texts for word in _LETTERS.findall(text) if word.islower()}
    for text in texts:
        for run, starts_sentence in capitalised_runs(text):
            if not (starts_sentence and run[0].lower() in lower_case):
                counts[" ".join(run)] += 1
            words.update(run)
            tail = run[1:] if starts_sentence else run
            if not tail:
                continue
            if starts_sentence:
                counts[" ".join(tail)] += 1
            named = _name_after_place(tail)
            if named is not None:  # "Thủ tướng Lào Sonexay Siphandon": the name starts after the country
                tail = named
                counts[" ".join(tail)] += 1
            if _is_typo_candidate(tail):
                candidates.add(" ".join(tail))
            for person in _embedded_people(tail):
                counts[" ".join(person)] += 1
                if _is_typo_candidate(person):
                    candidates.add(" ".join(person))
        for compound in _HYPHENATED_NAME.findall(text):
            if not compound[0].isupper():
                continue
            compounds[compound] += 1
            if compound.isascii() and sum(map(str.isalpha, compound)) >= NAME_MIN_SINGLE_CHARS:
                candidates.add(compound)
    counts.update(compounds)
    found = _case_variants(compounds, words)
    if not candidates:
        return found
    floor = min(counts[c] for c in candidates) * min_ratio
    index: dict[str, list[str]] = defaultdict(list)
    for name, count in counts.items():
        if count >= floor:
            for key in _deletion_keys(name):
                index[key].append(name)

    words_used = lru_cache(maxsize=1)(lambda: Counter(w.lower() for text in texts for w in _LETTERS.findall(text)))
    for typo in sorted(candidates):
        syllable_count = typo.count(" ")
        matches = {
            name
            for key in _deletion_keys(typo)
            for name in index.get(key, ())
            if counts[name] >= min_ratio * counts[typo]
            and name.count(" ") == syllable_count
            and name.lower() != typo.lower()
            and _within_one_edit(name, typo)
            and _differing_syllables_long_enough(name, typo)
        }
        ranked = sorted((n for n in matches if match_key(n) != match_key(typo)), key=lambda n: (-counts[n], n))
        if not ranked:
            continue
        decisions = [(name, _rejection(typo, name, counts[name] / counts[typo])) for name in ranked]
        name, reason = next(((n, r) for n, r in decisions if r is None), decisions[0])
        if reason is None and _independent_uses(typo, texts) >= NAME_TYPO_MAX_USES:
            reason = REJECT_REPEATED
        if reason in (None, REJECT_REPEATED) and _two_names(typo, name, texts, words_used):
            reason = REJECT_TWO_NAMES  # a refused spelling that is another person's is no variant to warn of
        found.append(NameTypo(typo, name, counts[typo], counts[name], reason))
    return found


def find_name_typos(texts: Iterable[str], *, min_ratio: float = NAME_TYPO_MIN_RATIO) -> dict[str, str]:
    """Cluster-wide name typos: ``{typo: frequent form}`` (the look-alikes of
    :func:`name_typo_candidates` that no rule refused). A foreign word refused alone as a
    spelling used too often to be a slip (``REJECT_REPEATED``: "Guendogan", an accepted
    transliteration of Gündoğan) is corrected alone too when a name it is the one differing word
    of is corrected ("Ilkay Guendogan" -> "Ilkay Gundogan"): the cluster shows them one name,
    and a summary that told "Ilkay Gundogan" and then "Guendogan" would spell it two ways."""
    candidates = name_typo_candidates(texts, min_ratio=min_ratio)
    corrections = {c.typo: c.correction for c in candidates if c.rejected_by is None}
    deliberate = {(c.typo, c.correction) for c in candidates if c.rejected_by == REJECT_REPEATED}
    for typo, correction in list(corrections.items()):
        differing = [(a, b) for a, b in zip(typo.split(), correction.split()) if a != b]
        if (len(differing) == 1 and typo.count(" ") == correction.count(" ") and differing[0] in deliberate
                and not is_vietnamese_syllable(differing[0][0])):
            corrections.setdefault(*differing[0])
    return corrections


# Ratio for listing look-alike names an editor should see (:func:`name_variants_in`): any, since
# a 2 : 1 split of two spellings (Hùng / Hưng) is as worth a look as a refused correction.
NAME_VARIANT_MIN_RATIO = 1.0


def name_variants_in(text: str, candidates: Iterable[NameTypo], corrections: Mapping[str, str]) -> list[NameTypo]:
    """The look-alike pairs of ``candidates`` (:func:`name_typo_candidates`, best run with
    ``min_ratio=NAME_VARIANT_MIN_RATIO``) that ``corrections`` (the corrections applied) leaves
    alone and whose either spelling is used in ``text`` (whole words): two spellings of one name
    that the output may mix. A pair found in both directions (equal counts) is listed once."""
    found: list[NameTypo] = []
    seen: set[frozenset[str]] = set()
    for candidate in candidates:
        pair = frozenset((candidate.typo, candidate.correction))
        if pair in seen or corrections.get(candidate.typo) == candidate.correction:
            continue
        if any(whole_word(name).search(text) for name in pair):
            seen.add(pair)
            found.append(candidate)
    return found


def apply_corrections(text: str, corrections: Mapping[str, str]) -> str:
    """Replace every whole-word occurrence of a typo by its frequent form (longest typo first).
    For many texts, build the :func:`corrector` once."""
    return corrector(corrections)(text) if corrections else text


_WORD_AT = re.compile(r"\w+")


def corrector(corrections: Mapping[str, str]) -> Callable[[str], str]:
    """A function applying ``corrections`` as :func:`apply_corrections` does, built once: the
    typos indexed by their first word, so a text is read once, word by word, whatever their
    number (one regex of every typo, sorted again for each text, took 16 s for 4,000 typos)."""
    if not corrections:
        return lambda text: text
    table = dict(corrections)
    by_first: dict[str, list[str]] = {}
    for typo in sorted(table, key=len, reverse=True):  # the longest first: "Nguyễn Văn Thàn" before "Thàn"
        first = _WORD_AT.match(typo)
        by_first.setdefault(first.group() if first else typo, []).append(typo)

    def apply(text: str) -> str:
        out: list[str] = []
        position = 0
        for word in _WORD_AT.finditer(text):
            start = word.start()
            if start < position:
                continue  # inside a correction made already
            for typo in by_first.get(word.group(), ()):
                end = start + len(typo)
                if text.startswith(typo, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                    out.append(text[position:start])
                    out.append(table[typo])
                    position = end
                    break
        out.append(text[position:])
        return "".join(out)

    return apply
