"""Editor's checks on a finished summary: casualty and damage figures, and names spelled two ways.

Reports of one event are written hours apart, so their tolls differ: an early report says "làm 3
người tử vong", a later one "Đến 8h cùng ngày, số người tử vong đã tăng lên 5 người". A summary
made of their sentences may state only the old figure, or both without saying which is newer.
:func:`conflicts` returns one warning line per such case, quoting the Vietnamese figures:

1. the summary and headline state two different numbers for the same counted thing, in two
   different sentences (or the headline and a sentence);
2. the summary or headline states a figure for a thing and a report states an *update* to a
   higher figure for it that the summary does not state: "tăng lên N", "lên tới N", "nâng ...
   lên N", "số người chết ... lên N", or a figure after a time stamp ("đến 8h", "tính đến
   16 giờ ngày 25/10", "đến trưa 9/3") or "cập nhật" in its sentence. Tolls only grow, and an
   update lower than the summary's figure is usually the older one ("đến 7h sáng nay ... 2 người
   chết" in a cluster whose summary says 3), so only a higher update is reported;
3. the summary states one count of a thing that a report's sentence telling the same thing
   (four syllable bigrams in common) gives higher, with no update wording ("Vụ cháy khiến 3 người
   tử vong" / "... 4 người tử vong"; ``_told_otherwise``), unless a bound or an estimate holds
   both ("hơn 20", "khoảng 20").

The counted thing is a noun of a documented table (people: ``người``, ``nạn nhân``, ``ngư dân``,
staff such as ``kiểm lâm``, ``nhân viên``, ``công an`` ...; buildings: ``nhà``, ``ngôi nhà``, ``căn nhà`` ...) qualified by the verbs of another table
(deaths: chết / tử vong / thiệt mạng / tử nạn; injured: bị thương; missing: mất tích; casualties:
thương vong; hospitalized: nhập viện, a count that grows as the day goes on, as tolls do; houses:
bị sập / tốc mái / hư hỏng / cháy / ngập / cuốn trôi). Two verbs joined ("4 người chết và mất
tích") count as a thing of their own, never as either. After a causing
verb the noun and its verb may stand a few words apart ("khiến 3 công nhân đang ngủ trong xưởng
tử vong": ``CAUSED_GAP_WORDS``; no conjunction, "khác" or place between). A generic "N <noun>"
rule was not used: two matches' scores, two teams' players, two years' statistics are all "the
same noun with different numbers" and nothing is wrong. Different nouns are different groups ("3
học sinh tử vong" is no conflict with "5 người tử vong"). Figures that are a part of a total are
left out: after "trong đó", "trong số", "gồm", "thêm" (3 more), or followed by "khác" (others),
"còn lại" (the rest), "tại bệnh viện". A figure followed by "tại chỗ" (at the scene), "nặng" or
"nhẹ" (seriously, slightly injured) is a thing of its own, compared only with its like. Two
figures in one sentence are not compared ("2 người chết ở Quảng Ngãi, 3 người chết ở Bình
Định"), and a sentence about an earlier event ("kể từ", "cách đây", "năm 2015", "vào tháng 3")
or another place or incident ("Ngoài Yên Bái, ...", "3 vụ nổ khác") states no figure.

Numbers: digits with "." thousands and "," decimals ("1.200", "1,5"), optionally "nghìn"/"ngàn"/
"triệu", and the words một..mười; "hơn", "khoảng", "ít nhất" ... before the number are kept in
the quote, not in the value. A four-digit number after "năm" is a year, not a count; "một người"
is "a person" as often as "one person", so "một" counts only after "làm"/"khiến".

Names: :func:`name_variants` lists the look-alike names of the reports
(:func:`normalize.name_typo_candidates` at any ratio: "Trần Văn Hùng" in one report, "Trần Văn
Hưng" in two is below the ratio a correction needs) and names written as one CamelCase word and
as two words ("SaoViet S5" / "Sao Việt S5"), and foreign words with two letters swapped
("Kitawaga" / "Kitagawa": ``_swapped_variants``; all 10 such pairs of the ViMs reports are
slips), that were not corrected, when the output uses the spelling fewer reports use (either,
on a tie), whole or its differing word ("Bị cáo Khanh").
An output keeping to the common spelling reads consistently and is not flagged, and look-alikes
refused for another initial consonant (Sở Công / Sở Nông) are two names.

Measured on the extractive summaries of the 300 ViMs clusters (details in the docstrings of
``tests/test_figures.py`` and ``tests/test_name_variants.py``): figures, 2 warnings, both right
(each of the 1,950 reports taken as a summary: 13 warnings, 10 right); names, 19 warnings, 16
right, and later 3 more for swapped letters, all right (Cluster_033, 180, 285).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import normalize
from .sentences import split_sentences

# --- Counted things -----------------------------------------------------------------------------

# Nouns counting people, longest first; each is its own group ("người" and "học sinh" differ).
PERSON_NOUNS = (
    "người dân", "người", "nạn nhân", "ngư dân", "công nhân", "học sinh", "sinh viên", "trẻ em",
    "hành khách", "thuyền viên", "du khách", "binh sĩ", "chiến sĩ", "cảnh sát", "bệnh nhân", "trường hợp", "ca",
    "nữ sinh", "đứa trẻ", "em", "cán bộ kiểm lâm", "kiểm lâm", "cán bộ", "nhân viên", "công an", "bộ đội",
    "quân nhân", "lính cứu hỏa", "thợ mỏ", "phi công",
)
# Case counters that count people as "người" does ("3 ca tử vong", "2 trường hợp tử vong" and
# "số người tử vong tăng lên 3" are one toll), and longer names of a group ("3 cán bộ kiểm lâm bị
# thương" beside "2 kiểm lâm bị thương"); every other noun is a group of its own.
SAME_AS_PEOPLE = {"ca": "người", "trường hợp": "người", "cán bộ kiểm lâm": "kiểm lâm"}
# Nouns counting buildings, folded to "nhà".
BUILDING_NOUNS = ("ngôi nhà", "căn nhà", "nóc nhà", "nhà dân", "nhà")
BUILDING = "nhà"
# Verbs qualifying people, and what they count.
PERSON_VERBS = {
    "chết": "deaths", "bị chết": "deaths", "tử vong": "deaths", "thiệt mạng": "deaths", "tử nạn": "deaths",
    "bị thương": "injured", "mất tích": "missing", "thương vong": "casualties", "nhập viện": "hospitalized",
}
# Verbs qualifying buildings ("bị" may precede them), and what they count.
BUILDING_VERBS = {
    "đổ sập": "collapsed", "sập đổ": "collapsed", "sập": "collapsed", "tốc mái": "unroofed",
    "hư hỏng": "damaged", "hư hại": "damaged", "cháy": "burned", "thiêu rụi": "burned",
    "ngập": "flooded", "cuốn trôi": "swept away",
}
# Words that set two counts of one sentence against each other: sources that disagree.
CONTRAST = re.compile(r"(?<!\w)(?:nhưng|song|trong khi|tuy nhiên|còn theo|theo một số|ngược lại)(?!\w)", re.IGNORECASE)
# Counts that fall as the day goes on (the missing are found): a report's higher figure is no
# update the summary is behind on, it may well be the older one.
FALLING_COUNTS = frozenset({"missing"})
# Verbs that put the count after them: "làm chết 3 người", "cướp đi sinh mạng của 3 người".
VERBS_BEFORE_COUNT = {
    "làm chết": "deaths", "cướp đi sinh mạng của": "deaths", "cướp đi sinh mạng": "deaths",
    "cướp đi mạng sống của": "deaths", "cướp đi tính mạng của": "deaths", "làm bị thương": "injured",
}
# Words between the noun and its verb that change nothing ("3 người đã tử vong").
FILLERS = ("đã", "đều", "cũng", "bị")

NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
    "mười": 10,
}
MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000}
# Words before a number that make it a bound or an estimate; quoted, not part of the value.
QUALIFIERS = ("ít nhất", "tối thiểu", "hơn", "trên", "gần", "khoảng", "chừng", "gần như")
# Words just before a figure that make it part of a total, or an increment.
PART_BEFORE = re.compile(r"(?:trong đó|trong số(?: này| đó)?|bao gồm|gồm|thêm)(?:\s+(?:có|là))?\s*$", re.IGNORECASE)
# Words just after a figure that make it part of a total.
PART_AFTER = re.compile(r"\s*(?:khác|còn lại|trên đường|tại bệnh viện|ở bệnh viện)(?!\w)", re.IGNORECASE)
# Words just after a figure that make it a thing of its own, compared only with its like: "8 người
# chết tại chỗ" (at the scene) with "8 người tử vong tại chỗ", never with a total "10 người chết".
QUALIFIED_AFTER = {"tại chỗ": "at the scene", "nặng": "(serious)", "nhẹ": "(slight)"}
_QUALIFIED_AFTER = re.compile(rf"\s*({'|'.join(QUALIFIED_AFTER)})(?!\w)", re.IGNORECASE)
# A sentence about an earlier event: its figures are background ("vụ tấn công tháng 11 năm 2015
# tại Paris khiến 130 người thiệt mạng", "kể từ sau vụ đánh bom ... khiến 72 người thiệt mạng"),
# or a tally over a period ("Từ đầu năm đến nay, ... đã xảy ra 45 vụ tai nạn, số người chết đã
# tăng lên 38": a province's road toll, no update of the crash's).
BACKGROUND = re.compile(
    r"(?<!\w)(?:kể từ|trước đây|cách đây|năm ngoái|năm trước|hồi tháng|vào tháng|trong tháng|năm (?:19|20)\d\d"
    r"|từ đầu (?:năm|tháng|tuần))(?!\w)",
    re.IGNORECASE,
)
# A sentence about another place or incident: "Ngoài Yên Bái, ... làm 7 nhà bị sập" (besides; not
# "ngoài ra", in addition), "3 vụ nổ khác ... khiến 20 người thiệt mạng" (other explosions).
ELSEWHERE = re.compile(r"^\W*ngoài\s+(?!ra\b)|(?<!\w)vụ(?:\s+\w+)?\s+khác(?!\w)", re.IGNORECASE)
# A sentence that tallies one place of several: a province or district as the subject of a tally
# verb ("Tỉnh Quảng Ninh ghi nhận 3 người chết", "Riêng huyện Bát Xát có 12 nhà bị sập"): its
# figures are a part of the event's, not a rival count.
LOCAL_TALLY_LEAD_CHARS = 30  # the longest lead-in before the place ("Trong tuần,", "Tính đến 17h,")
_ADMIN_UNIT = r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|thị trấn|xã|phường)"
LOCAL_TALLY = re.compile(  # the unit's name in capitals: "xã hội có ..." (society) is no commune
    # a lead-in without figures ("Trong tuần, quận Hoàng Mai có ..."; "Đến 17h ngày 12/10, tỉnh X
    # có 5 người chết" is a time-stamped toll, maybe the whole event's, and stays one)
    rf"^\W*(?:[^,.;:!?\d]{{1,{LOCAL_TALLY_LEAD_CHARS}}},\s*)?"
    rf"(?i:riêng\s+(?:(?:tại|ở)\s+)?{_ADMIN_UNIT}\s*|{_ADMIN_UNIT}\s*)"
    rf"(?:[{normalize.VIETNAMESE_CAPITALS}][\w-]*(?:\s+[{normalize.VIETNAMESE_CAPITALS}][\w-]*)*\s+)"
    rf"(?i:(?:(?:đã|cũng)\s+)?(?:ghi nhận|thống kê|có)\s)"
)
# "một người" is as often "a person" as "one person": the word counts only after a verb that
# causes the toll ("làm một người chết", "khiến một người bị thương").
ONE = "một"
ONE_COUNTS_AFTER = re.compile(r"(?<!\w)(?:làm|khiến|khiến cho)\s+$", re.IGNORECASE)
# Characters of context looked at before a figure for PART_BEFORE.
PART_WINDOW = 30
# Characters of context looked at before a number for the words right before it (RISE_BEFORE_NUMBER,
# ONE_COUNTS_AFTER, a year's "năm"): a fixed window, so a long sentence of many figures (a list of
# communes' tolls without a period) costs linear time, not quadratic.
BEFORE_WINDOW = 40

# --- Updates --------------------------------------------------------------------------------------

# Just before the number: the figure rose to it ("đã tăng lên 5", "lên tới 7").
RISE_BEFORE_NUMBER = re.compile(r"(?:tăng lên|tăng|lên tới|lên đến|lên con số|lên)\s*$", re.IGNORECASE)
# Earlier in the sentence: a time stamp ("đến 8h", "tính đến 16 giờ", "đến trưa 9/3", "đến 25/10") or
# "cập nhật". A number after "đến" must be an hour or a date: "từ 10 đến 15 người chết" is a range.
TIME_STAMP = re.compile(
    r"(?<!\w)(?:(?:tính|cho)\s+)?(?:đến|tới)\s+(?:\d{1,2}\s*(?:h|giờ)(?!\w)|\d{1,2}\s*h\d{2}|\d{1,2}[/.-]\d{1,2}|trưa|sáng|chiều|tối|đêm|khuya|ngày|hôm|nay|thời điểm|hết|cuối"
    r"|giờ)|(?<!\w)cập nhật(?!\w)",
    re.IGNORECASE,
)
# A time stamp's clause, quoted with the update: up to its comma, at most 8 words.
STAMP_CLAUSE = re.compile(r"[^,;:.!?]*?(?:,\s*|(?=[;:.!?])|$)|(?:\S+\s+){1,8}")
# Characters between the stamp's clause and the figure that are quoted as they are; a longer gap
# is shown as "...".
MAX_GAP = 40

# --- Names ----------------------------------------------------------------------------------------

# Rules of normalize.name_typo_candidates whose refusal says the look-alikes are two names.
TWO_NAMES = frozenset({normalize.REJECT_INITIAL_CONSONANT, normalize.REJECT_TWO_NAMES})
# One word with a capital inside it ("SaoViet", "VinFast"): compared with two words.
_CAMEL_WORD = re.compile(r"(?<!\w)([A-ZĐ][^\W\d_A-ZĐ]+)([A-ZĐ][^\W\d_]+)(?!\w)")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A number in digits, "." between thousands and "," before decimals ("1.200", "1,5"); its value
# is :func:`decimal_value`'s (``measures`` reads its numbers so too).
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER = (
    rf"(?:(?P<qual>{_alternatives(QUALIFIERS)})\s+)?"
    rf"(?P<num>(?<![\w.,/-])(?:{DIGITS})(?![\w/-]|[.,]\d)|(?<!\w)(?:{_alternatives(NUMBER_WORDS)})(?!\w))"
    rf"(?:\s+(?P<mult>{_alternatives(MULTIPLIERS)}))?"
)
_PERSON_VERB = _alternatives(PERSON_VERBS)
_BUILDING_VERB = rf"(?:bị\s+)?(?:{_alternatives(BUILDING_VERBS)})"
_FILLER = rf"(?:\s+(?:{_alternatives(FILLERS)}))*"
_JOIN = r"(?:\s*,\s*|\s+(?:và|hoặc)\s+|\s*/\s*)"
# "3 người (đã) tử vong", "2 người chết và mất tích", "45 ngôi nhà bị sập".
_NOUN_THEN_VERB = re.compile(
    rf"{_NUMBER}\s+(?:(?P<person>{_alternatives(PERSON_NOUNS)}){_FILLER}\s+"
    rf"(?P<pverbs>(?:{_PERSON_VERB})(?:{_JOIN}(?:{_PERSON_VERB}))*)"
    rf"|(?P<building>{_alternatives(BUILDING_NOUNS)}){_FILLER}\s+"
    rf"(?P<bverbs>{_BUILDING_VERB}(?:{_JOIN}{_BUILDING_VERB})*))(?!\w)",
    re.IGNORECASE,
)
# "khiến 3 công nhân đang ngủ trong xưởng tử vong": after a causing verb, a count and its noun
# may stand this many words from the verb that says what befell them (no punctuation, number or
# conjunction between); without the causing verb a gap is not read ("3 người đưa nạn nhân ...").
CAUSED_GAP_WORDS = 6
def _gap_word(excluded: Sequence[str], *, digits: bool) -> str:
    """A pattern of one word a figure may stand apart from its subject by: none of ``excluded``,
    no punctuation, and a number only when ``digits``."""
    no_digit = "" if digits else r"\d"
    return rf"(?:\s+(?!(?i:{'|'.join(excluded)})(?!\w))[^\s{no_digit},.;:!?()\"“”]+)"


# a gap word: no conjunction, no "khác" (others: "khiến 48 người khác chết" is a part of a
# total), no place ("khiến khoảng 45 người ở đây thiệt mạng": one place's part of the toll)
_GAP_WORD = _gap_word(("và", "hoặc", "nhưng", "còn", "song", "cùng", "với", "số", "khác", "ở", "tại"), digits=False)
_CAUSED_COUNT = re.compile(
    rf"(?<!\w)(?:khiến|làm)(?:\s+cho)?\s+{_NUMBER}\s+(?P<person>{_alternatives(PERSON_NOUNS)})"
    rf"{_GAP_WORD}{{1,{CAUSED_GAP_WORDS}}}?{_FILLER}\s+(?P<pverbs>(?:{_PERSON_VERB})(?:{_JOIN}(?:{_PERSON_VERB}))*)(?!\w)",
    re.IGNORECASE,
)
# "làm chết 3 người", "làm bị thương 12 người".
_VERB_THEN_COUNT = re.compile(
    rf"(?<!\w)(?P<verb>{_alternatives(VERBS_BEFORE_COUNT)})\s+{_NUMBER}\s+(?P<person>{_alternatives(PERSON_NOUNS)})(?!\w)",
    re.IGNORECASE,
)
# "số người tử vong đã tăng lên 5 người", "nâng số người chết trong vụ cháy lên 7".
# Words a tally's subject and its figure may stand apart by, with no punctuation between: a few
# before a bare "lên" or "là" ("số người chết là 5"), more before a rise that names itself ("số
# người tử vong trong vụ xe khách tông xe tải trên cao tốc Đà Nẵng - Quảng Ngãi đã tăng lên 3";
# a full address takes 22 words and commas: "... trong vụ sạt lở đất tại thôn Làng Nủ, xã Phúc
# Khánh, huyện Bảo Yên, tỉnh Lào Cai đã tăng lên 8", a tester's update never read at 16).
TALLY_GAP_WORDS, RISE_GAP_WORDS = 6, 24
# a gap word: no "số" of another tally, no conjunction ("số người chết vẫn chưa đổi nhưng số
# người bị thương đã tăng lên 25" is no rise of the dead)
_TALLY_WORD = _gap_word(("số", "và", "nhưng", "còn", "song"), digits=True)
# ... and, before a rise that names itself, the comma of an address ("trên phố Phùng Hưng, quận
# Hà Đông đã tăng lên 4": a tester's update the toll check had not read, so it never went in)
_ADDRESS_COMMA = r"(?:,(?=\s+(?i:quận|huyện|tỉnh|thành phố|TP|thị xã|thị trấn|xã|phường)(?!\w)))"
_TALLY = re.compile(
    rf"(?<!\w)số\s+(?P<person>{_alternatives(PERSON_NOUNS)})\s+(?P<pverbs>{_PERSON_VERB})"
    rf"(?:(?:{_TALLY_WORD}|{_ADDRESS_COMMA}){{0,{RISE_GAP_WORDS}}}?\s+(?P<cue>tăng lên|lên tới|lên đến|đã lên)"
    rf"|{_TALLY_WORD}{{0,{TALLY_GAP_WORDS}}}?\s+(?P<bare>lên|là))\s+{_NUMBER}(?!\s*%)",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")
_YEAR_BEFORE = re.compile(r"năm\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A number of a counted thing, as one text states it."""

    key: tuple[str, str]  # (noun group, what is counted: "deaths", "injured and missing", ...)
    value: float
    quote: str  # the figure as written: "3 người tử vong"
    update: str | None  # for a report's update: the words that say so, quoted in warnings


def _value(match: re.Match[str]) -> float | None:
    raw = match.group("num")
    word = NUMBER_WORDS.get(raw.lower())
    if raw.lower() == ONE and not ONE_COUNTS_AFTER.search(_before(match.string, match.start())):
        return None
    if word is not None:
        value = float(word)
    else:
        if _YEAR_BEFORE.search(_before(match.string, match.start("num"))):
            return None
        value = decimal_value(raw)
    return value * MULTIPLIERS.get((match.group("mult") or "").lower(), 1)


def decimal_value(digits: str) -> float:
    """The value of a number written as :data:`DIGITS` ("1.200" 1200, "1,5" 1.5)."""
    return float(digits.replace(".", "").replace(",", "."))


def _before(text: str, index: int) -> str:
    """The ``BEFORE_WINDOW`` characters of ``text`` before ``index``."""
    return text[max(0, index - BEFORE_WINDOW) : index]


def _things(verbs: str, table: Mapping[str, str]) -> str:
    found = [table[v.lower()] for v in re.findall(_alternatives(table), verbs, re.IGNORECASE)]
    return " and ".join(dict.fromkeys(found))


def _contrasted(sentence: str, repeated: Sequence[Figure]) -> bool:
    """Whether a contrast word stands between the first and the last of the ``repeated`` figures
    (those of a count ``sentence`` gives twice or more: sources that disagree, "78 người chết
    nhưng ... hơn 145"); a "Tuy nhiên," opening the sentence contrasts it with the one before,
    not its figures."""
    if not repeated:
        return False
    starts = [sentence.find(f.quote) for f in repeated]
    first, last = min(starts), max(starts)
    return bool(CONTRAST.search(sentence, first, last))


def _person(noun: str) -> str:
    """The group a person noun counts in (``SAME_AS_PEOPLE``)."""
    lower = noun.lower()
    return SAME_AS_PEOPLE.get(lower, lower)


def _is_part(sentence: str, start: int, end: int) -> bool:
    return bool(PART_BEFORE.search(sentence[max(0, start - PART_WINDOW) : start]) or PART_AFTER.match(sentence, end))


def _stamped(sentence: str, stamp: re.Match[str], start: int, core: str) -> str:
    """An update's words: the time stamp's clause, then the figure (``core``, from ``start``)."""
    clause = STAMP_CLAUSE.match(sentence, stamp.start())
    stamp_text = clause.group(0) if clause else stamp.group(0)
    if start - (stamp.start() + len(stamp_text)) <= MAX_GAP:  # the figure is in or near the clause
        return f"{sentence[stamp.start() : start]}{core}"
    return f"{stamp_text.rstrip(' ,')} ... {core}"


def figures_in(sentence: str, *, local: bool = False) -> list[Figure]:
    """The casualty and damage figures of one sentence, updates marked (see the module doc);
    none in a sentence about an earlier event, another incident, or one place's tally
    (``LOCAL_TALLY``), whose figures ``local`` asks for instead (only those)."""
    if BACKGROUND.search(sentence) or ELSEWHERE.search(sentence):
        return []
    if bool(LOCAL_TALLY.search(sentence)) != local:
        return []
    found: list[Figure | None] = []
    stamp = TIME_STAMP.search(sentence)
    for match in _NOUN_THEN_VERB.finditer(sentence):
        if match.group("person"):
            key = (_person(match.group("person")), _things(match.group("pverbs"), PERSON_VERBS))
        else:
            key = (BUILDING, "houses " + _things(match.group("bverbs"), BUILDING_VERBS))
        found.append(_figure(sentence, match, key, stamp))
    for match in _VERB_THEN_COUNT.finditer(sentence):
        key = (_person(match.group("person")), VERBS_BEFORE_COUNT[match.group("verb").lower()])
        found.append(_figure(sentence, match, key, stamp))
    for match in _CAUSED_COUNT.finditer(sentence):
        key = (_person(match.group("person")), _things(match.group("pverbs"), PERSON_VERBS))
        found.append(_figure(sentence, match, key, stamp))  # quoted from the causing verb
    for match in _TALLY.finditer(sentence):
        key = (_person(match.group("person")), PERSON_VERBS[match.group("pverbs").lower()])
        rise = (match.group("cue") or match.group("bare")).lower() != "là"
        found.append(_figure(sentence, match, key, stamp, rise_start=match.start() if rise else None))
    return [f for f in found if f is not None]


def _figure(sentence: str, match: re.Match[str], key: tuple[str, str], stamp: re.Match[str] | None,
            rise_start: int | None = None) -> Figure | None:
    """The figure ``match`` found, None when it is no count (a year, "một người": a person) or a
    part of a total."""
    value = _value(match)
    if value is None or _is_part(sentence, match.start(), match.end()):
        return None
    qualified = _QUALIFIED_AFTER.match(sentence, match.end())
    if qualified:
        key = (key[0], f"{key[1]} {QUALIFIED_AFTER[qualified.group(1).lower()]}")
    quote = sentence[match.start() : qualified.end() if qualified else match.end()].strip()
    before = _before(sentence, match.start())
    rise = RISE_BEFORE_NUMBER.search(before) if rise_start is None else None
    core = quote if rise is None else f"{rise.group(0)}{quote}"
    if stamp is not None and stamp.start() < match.start():
        update: str | None = _stamped(sentence, stamp, match.start() - (0 if rise is None else len(before) - rise.start()), core)
    else:
        update = None if rise_start is None and rise is None else core
    return Figure(key, value, quote, update)


def _label(key: tuple[str, str]) -> str:
    noun, things = key
    return things if noun in ("người", BUILDING) else f"{things} ({noun})"


def _number(value: float) -> str:
    return f"{value:g}"


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text) if s.strip()]


def conflicts(summary_sentences: Sequence[str], title: str | None, report_texts: Sequence[str]) -> list[str]:
    """Warnings (one line each) for figures the summary and headline state two ways, or that a
    report updates to a higher figure the summary does not state (see the module doc).

    ``summary_sentences``: the output's sentences, as shown; ``title``: the output's headline;
    ``report_texts``: each report's title and body (the update is looked for there)."""
    stated: dict[tuple[str, str], list[tuple[str, Figure]]] = defaultdict(list)
    totals: dict[tuple[str, str], list[tuple[str, Figure]]] = defaultdict(list)  # breakdowns left out
    places = ([("headline", title)] if title else []) + [(f"sentence {n}", s) for n, s in enumerate(summary_sentences, 1)]
    for place, text in places:
        found = figures_in(text)
        # one count given twice or more in a sentence with no contrast between is a breakdown by
        # place or kind ("Thừa Thiên Huế có 3 người chết, Quảng Trị 2 người chết"): no rival of a
        # total elsewhere; two sources' counts ("78 người chết nhưng ... hơn 145") are rivals
        keys = Counter(figure.key for figure in found)
        breakdown = not _contrasted(text, [f for f in found if keys[f.key] > 1])
        for figure in found:
            stated[figure.key].append((place, figure))
            if keys[figure.key] == 1 or not breakdown:
                totals[figure.key].append((place, figure))
    warnings = []
    for key, figures in totals.items():
        if any(pa != pb and fa.value != fb.value for pa, fa in figures for pb, fb in figures):
            listed = ", ".join(f"'{f.quote}' ({p})" for p, f in _distinct(figures))
            warnings.append(f"conflicting figures for {_label(key)} in the summary: {listed}; check which is newer")
    for place, text in places:  # one place's tally above the whole event's toll
        for part in figures_in(text, local=True):
            whole = [f for _, f in totals.get(part.key, []) if f.value < part.value]
            if whole and len(whole) == len(totals[part.key]):
                warnings.append(f"conflicting figures for {_label(part.key)} in the summary: '{part.quote}' ({place}) "
                                f"for one place, above '{whole[0].quote}' for the whole; check which is newer")
    if not stated:
        return warnings  # no figure stated: no report's update can contradict one (the reports go unread)
    # each report sentence's figures, read once for both checks below
    read = [(sentence, figures_in(sentence)) for text in report_texts for sentence in _sentences(text)]
    highest: dict[tuple[str, str], Figure] = {}  # per thing, the highest update above the summary's figures
    for _, found in read:
        for figure in found:
            said = stated.get(figure.key)
            if (figure.update is None or not said or figure.value <= max(f.value for _, f in said)
                    or figure.key[1] in FALLING_COUNTS):
                continue
            if figure.key not in highest or figure.value > highest[figure.key].value:
                highest[figure.key] = figure
    for key, figure in highest.items():
        quoted = " and ".join(f"'{f.quote}'" for _, f in _distinct(stated[key]))
        warnings.append(f"conflicting figures for {_label(key)}: {quoted} in the summary, while a report says "
                        f"'{figure.update}'")
    warnings += _told_otherwise(places, totals, highest, read)
    return warnings


# A report's sentence tells the same thing as a summary sentence when they share this many
# syllable bigrams beside the figures ("Vụ cháy khiến 3 công nhân tử vong" / "... 4 công nhân ...").
SAME_TELLING_BIGRAMS = 4


def _told_otherwise(places: Sequence[tuple[str, str]], totals: Mapping[tuple[str, str], list[tuple[str, Figure]]],
                    updated: Mapping[tuple[str, str], Figure], read: Sequence[tuple[str, list[Figure]]]) -> list[str]:
    """Warnings for a count the summary states once that a report's sentence telling the same
    thing (``SAME_TELLING_BIGRAMS``) gives higher, with no update wording: two reports of one
    fire, "3 công nhân tử vong" and "4 công nhân tử vong", a summary telling the lower. A lower
    count elsewhere is taken for an older one, as a lower update is (a report's "Theo báo cáo ban
    đầu, ... 19 nhà bị sập" beside the summary's 24: ViMs has 3 such, no higher one)."""
    texts = dict(places)
    warnings = []
    for key, figures in totals.items():
        values = {f.value for _, f in figures}
        if key in updated or len(values) != 1 or key[1] in FALLING_COUNTS:
            continue  # warned about already, or no single count to set against a report's
        place, figure = figures[0]
        grams = _telling(texts[place])
        rival = next((f for sentence, found in read for f in found
                      if f.key == key and f.value > figure.value and f.update is None and not _bounds_agree(f, figure)
                      and len(_telling(sentence) & grams) >= SAME_TELLING_BIGRAMS), None)
        if rival is not None:
            warnings.append(f"reports disagree on {_label(key)}: '{figure.quote}' ({place}), while a report says "
                            f"'{rival.quote}'; check which is right")
    return warnings


# Qualifiers that make a figure a bound: a lower one ("hơn 20", "ít nhất 78": the count may be
# higher), an upper one ("gần 30": it may be lower), or an estimate ("khoảng 10": within
# ESTIMATE_SPREAD of it either way). ``measures`` reads its bounds by the same words.
LOWER_BOUNDS = frozenset({"ít nhất", "tối thiểu", "hơn", "trên"})
UPPER_BOUNDS = frozenset({"gần", "dưới", "chưa đến", "chưa tới"})
ESTIMATES = frozenset({"gần như", "khoảng", "chừng"})
ESTIMATE_SPREAD = 0.5
_BOUND_WORDS = sorted(LOWER_BOUNDS | UPPER_BOUNDS | ESTIMATES, key=len, reverse=True)  # "gần như" before "gần"


def _bound_of(figure: Figure) -> str:
    """The bound or estimate word a figure's quote opens with ("hơn 20 ngôi nhà": "hơn"), or ""."""
    quote = figure.quote.lower()
    return next((word for word in _BOUND_WORDS if quote.startswith(word + " ")), "")


def _bounds_agree(a: Figure, b: Figure) -> bool:
    """Whether a bound or an estimate reconciles two counts of one thing ("hơn 20 ngôi nhà" with
    "24 nhà", "ít nhất 78" with "ít nhất 100", "khoảng 10" with "ít nhất 6")."""
    for bound, other in ((a, b), (b, a)):
        kind = _bound_of(bound)
        if kind in LOWER_BOUNDS and (other.value >= bound.value or _bound_of(other) in UPPER_BOUNDS | ESTIMATES):
            return True
        if kind in UPPER_BOUNDS and other.value <= bound.value:
            return True
        if kind in ESTIMATES and abs(other.value - bound.value) <= ESTIMATE_SPREAD * bound.value:
            return True
    return False


def _telling(text: str) -> set[tuple[str, str]]:
    """The syllable bigrams of ``text`` that hold no digit."""
    words = normalize.syllables(text)
    return {(a, b) for a, b in zip(words, words[1:]) if not any(ch.isdigit() for ch in a + b)}


def _distinct(figures: list[tuple[str, Figure]]) -> list[tuple[str, Figure]]:
    """The first place stating each value."""
    firsts: dict[float, tuple[str, Figure]] = {}
    for place, figure in figures:
        firsts.setdefault(figure.value, (place, figure))
    return list(firsts.values())


# --- Names ----------------------------------------------------------------------------------------


def _bare(text: str) -> str:
    """Lower case, no marks, đ as d, no spaces: "Sao Việt" and "SaoViet" alike."""
    return "".join(normalize.base_letters(text).split())


def _reports_with(name: str, report_texts: Sequence[str]) -> int:
    pattern = normalize.whole_word(name)
    return sum(1 for text in report_texts if pattern.search(text))


def _spacing_variants(report_texts: Sequence[str]) -> list[tuple[str, str]]:
    """(one word, two words) pairs: a CamelCase word of the reports that is two capitalised
    words elsewhere in them, marks aside ("SaoViet" / "Sao Việt")."""
    pairs: dict[str, str] = {}
    for text in report_texts:
        for run, _ in normalize.capitalised_runs(text):
            for first, second in zip(run, run[1:]):
                pairs.setdefault(_bare(first + second), f"{first} {second}")
    found: dict[str, str] = {}  # the one-word spelling -> the two-word one
    for text in report_texts:
        for match in _CAMEL_WORD.finditer(text):
            spaced = pairs.get(_bare(match.group(0)))
            if spaced is not None:
                found.setdefault(match.group(0), spaced)
    return sorted(found.items())


# Letters a word holds at least for two of its letters swapped to be taken for a slip
# ("Kitawaga" / "Kitagawa", "Bellarabi" / "Ballerabi", "Jaime" / "Jamie").
SWAP_MIN_CHARS = 5


_LONG_WORD = re.compile(rf"(?<!\w)[^\W\d_]{{{SWAP_MIN_CHARS},}}(?!\w)")


def _foreign_names(text: str) -> set[str]:
    """``text``'s capitalised words (not in capitals throughout) of ``SWAP_MIN_CHARS`` letters
    or more that are no Vietnamese syllable."""
    return {w for w in _LONG_WORD.findall(text)
            if w[0].isupper() and not w.isupper() and not normalize.is_vietnamese_syllable(w)}


def _one_swap(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two of its letters swapped (same length)."""
    differ = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(differ) == 2 and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]


def _swapped_variants(output_text: str, report_texts: Sequence[str],
                      corrections: Mapping[str, str]) -> list[tuple[str, str]]:
    """Pairs of a word of ``output_text`` and a word of the reports (:func:`_foreign_names`)
    that are one another with two letters swapped, near or apart ("Kitawaga" / "Kitagawa"),
    and that ``corrections`` does not correct one into the other."""
    def letters(word: str) -> str:  # the same for words with their letters swapped
        return "".join(sorted(word.lower()))

    shown: dict[str, list[str]] = defaultdict(list)  # output words by their letters
    for word in _foreign_names(output_text):
        shown[letters(word)].append(word)
    if not shown:
        return []
    pairs: set[tuple[str, str]] = set()
    for text in report_texts:
        for word in _foreign_names(text):
            for other in shown.get(letters(word), ()):
                if _one_swap(word, other) and corrections.get(word) != other and corrections.get(other) != word:
                    first, second = sorted((word, other))
                    pairs.add((first, second))
    return sorted(pairs)


def _reports(count: int) -> str:
    return f"{count} report{'' if count == 1 else 's'}"


def _differing_words(a: str, b: str) -> tuple[str, str]:
    """The words of ``a`` and of ``b`` that the other lacks ("Hùng", "Hưng"; "SaoViet", "Sao Việt")."""
    wa, wb = a.split(), b.split()
    return " ".join(w for w in wa if w not in wb), " ".join(w for w in wb if w not in wa)


def name_variants(output_text: str, report_texts: Sequence[str], corrections: Mapping[str, str],
                  sentences: Sequence[str] | None = None) -> list[str]:
    """Warnings (one line each) for names the reports spell two ways, left uncorrected, when
    ``output_text`` (the output's headline and summary) uses the spelling fewer reports use (either,
    on a tie), whole or its differing word ("Bị cáo Khanh" for "Phạm Quốc Khanh").

    ``report_texts``: each report's title and body; ``sentences``: the same split into sentences
    when the caller has them (else split here); ``corrections``: the name-typo corrections
    applied to the output (``{typo: correction}``), whose pairs are not listed. Look-alikes refused
    because another initial consonant makes another word (Sở Công / Sở Nông, Chiang Mai / Chiang
    Rai) are two names, not listed. Pairs that differ in the same words are listed once, the
    shortest ("Mövenpick Hotels" / "Movenpick Hotels" stands for "Mövenpick Villas" / ...)."""
    # Sentence by sentence, as the pipeline's correction reads them: a look-alike's uses are
    # found in short texts, not by reading a long report once per look-alike.
    if sentences is None:
        sentences = [sentence for text in report_texts for sentence in split_sentences(text)]
    candidates = normalize.name_typo_candidates(sentences, min_ratio=normalize.NAME_VARIANT_MIN_RATIO)
    found = normalize.name_variants_in(output_text, candidates, corrections)
    pairs = [(c.typo, c.correction) for c in found if c.rejected_by not in TWO_NAMES]
    pairs += [p for p in _spacing_variants(report_texts) if any(normalize.whole_word(n).search(output_text) for n in p)]
    pairs += _swapped_variants(output_text, report_texts, corrections)
    warnings = []
    listed: set[frozenset[str]] = set()
    for names in sorted(pairs, key=lambda p: len(p[0].split())):
        differing = _differing_words(*names)
        if frozenset(differing) in listed:
            continue
        counts = {n: _reports_with(n, report_texts) for n in names}
        fewest = min(counts.values())
        rarer = [w for n, w in zip(names, differing) if counts[n] == fewest]
        if not any(normalize.whole_word(w).search(output_text) for w in rarer):
            continue  # the output keeps to the spelling most reports use
        listed.add(frozenset(differing))
        counted = sorted(counts.items(), key=lambda nc: (nc[1], nc[0]))
        used = [n if normalize.whole_word(n).search(output_text) else w
                for n, w in zip(names, differing) if normalize.whole_word(w).search(output_text)]
        spelled = " / ".join(f"'{n}' ({_reports(c)})" for n, c in counted)
        has = " and ".join(f"'{n}'" for n in sorted(used))
        warnings.append(f"name spelled two ways in the reports: {spelled}; not corrected; the summary has {has}")
    return warnings
