"""Split sentences of Vietnamese news text and keep where each came from.

The splitter is a single left-to-right pass over each line (linear time, no backtracking
regular expressions). A line break always ends a sentence. Inside a line a boundary is a run of
sentence-final marks (``.`` ``!`` ``?`` ``…`` ``...``), together with closing quotes or brackets
glued to it, when what follows starts a new sentence:

* after whitespace: an upper-case letter or a digit, possibly behind an opening quote, bracket
  or dash (lower case never starts a sentence: ``"Thật sao?" ông hỏi`` and
  ``"Thật sao?" - ông hỏi`` stay one sentence);
* glued, with no space (a frequent crawling defect, ``...Shoigu.Sáng 7/8``): an upper-case
  letter or an opening quote, unless the period belongs to an abbreviation or initial
  (``TP.HCM``, ``PGS.TS.Nguyễn``, ``V.Putin``; a letter a noun labels or a unit after a figure
  is none, and ends the sentence when one opens after it: ``24 độ C.Nhiệt độ cao nhất ...``,
  twice in ViMs) or the word it runs into is no Vietnamese
  syllable (``Man.Utd``, ``HA.GL``, ``Atl.Madrid``: 18 of 18 such glued periods in ViMs are
  inside a name, while 21 of the 23 before a Vietnamese syllable end a sentence; an acronym
  still opens one, ``nhà.UBND tỉnh ...``), or the period follows an acronym and no sentence
  opens after it (``SHB.Đà Nẵng``, ``QNK.Quảng Nam``: the other 2 of those 23; ``của UBND.Sáng
  nay ...`` ends one) — a glued digit
  is never a boundary (``1.000``, ``7.5``, ``U.23``);
* a single period after a known abbreviation (``TP.``, ``PGS.TS.``, ``ThS.``, ``tr.`` for a
  page) or a one-letter initial (``Nguyễn V. Hùng``) is not a boundary even before an upper-case
  word, except when the initial closes a Vietnamese name (two capitalised Vietnamese syllables
  before it: ``Nguyễn Văn A.``) or is a unit after a number (``33 W.``) and the next word opens a
  sentence (a capitalised word followed by a lower-case one, ``Sau đó``, or a word of
  ``SENTENCE_OPENERS`` followed by anything, ``Theo Bộ``, ``Ông Hùng``) — anonymised people are
  written that way at sentence ends; except when the letter follows a lower-case word, so that
  it is no name's middle (``khối A.``, ``bảng E.``, ``vitamin C.``, ``anh L.``, ``của H.``), and
  the next word opens a sentence that way, its first word a Vietnamese syllable
  (``ở bảng E. Đây là ...``, ``với ông L. Vì bị ...``; ``tay vợt M. Sharapova giành ...`` is a
  name going on) or, after a noun the letter labels (``LABEL_NOUNS``: ``bảng B. Brazil đứng
  ...``), any word — but a letter that may abbreviate an administrative unit (``PLACE_LETTERS``,
  not after an honorific) needs a capitalised Vietnamese syllable and a lower-case word, never a
  word of ``SENTENCE_OPENERS`` alone, as a place's name may begin with one (``tại X. Bà Điểm,
  H. Hóc Môn``, ``ngụ tại H. Từ Liêm``), and a letter after a role written before a public
  figure's initial (``ROLE_NOUNS``: ``tiền vệ Q. Hải ghi bàn``) needs a word of
  ``SENTENCE_OPENERS``; and except after a company's suffix (``Corp.``,
  ``Co.``, ``Ltd.``, ``Inc.``) before such an opening of Vietnamese words (``Thanh Niên Corp.
  Như vậy, ...``). Of the 30 periods in ViMs after a lower-case word and a capital, before an
  upper-case letter, the 21 read as sentence ends all are (``độ C. Nhiệt độ ...``, ``bà H. Sau
  đó ...``); the other 9 go on into a place (``tại P. Khánh Xuân``) or a club (``và B. Bình
  Dương``);
* a final mark inside a round bracket opened in its sentence is no boundary when the bracket
  closes within ``MAX_BRACKET_REACH`` characters after it (``Ông Hải (sinh năm 1970. Quê Nghệ
  An) là ...``; in ViMs 2 boundaries, both inside their bracket: ``(... phường Vinh Tân,TP.
  Vinh)``, ``(Tạm dịch: ... anh ấy... Cảm thấy ...)``).

A run-on "sentence" of more than ``MAX_SENTENCE_WORDS`` words (text that lost its periods:
a transcript, a list, an extraction without punctuation) is cut into pieces of at most that
many words, each at the last clause boundary (a comma, semicolon, colon or dash) in the second
half of its window, else after exactly that many words; otherwise no model input could take it
whole and no summary budget could hold it. ViMs news sentences hold at most 294 words (99.99th
percentile 151); one of its 26,312 sentences is cut.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .normalize import is_vietnamese_syllable

if TYPE_CHECKING:
    from .documents import Report


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as in the source (NFC, single spaces)
    file: str  # report file, relative to the folder
    index: int  # 0-based sentence index inside that report's body
    report: int  # 0-based index of the report in load order


# Abbreviations whose period does not end a sentence (case-sensitive: "No"/"Co" are also
# Vietnamese words only when lower-case). Titles, degrees, administrative units, companies.
ABBREVIATIONS = frozenset(
    {
        "TP", "Tp", "TX", "Tx", "TT", "Q", "P", "H", "X", "Tr", "St",
        "GS", "PGS", "TS", "Ts", "ThS", "Ths", "Th", "TSKH", "BS", "Bs", "KS", "LS", "NCS", "CN",
        "NSND", "NSƯT", "NXB", "Mr", "Mrs", "Ms", "Dr", "Prof", "Jr", "Sr", "Co", "Ltd", "Inc",
        "No", "Corp", "vs", "tr",
    }
)  # fmt: skip
# Abbreviations that end a company's name, and often the sentence naming it: their period ends
# the sentence when a Vietnamese sentence opens after it ("... Thanh Niên Corp. Như vậy, ...").
COMPANY_SUFFIXES = frozenset({"Co", "Corp", "Inc", "Ltd"})
# Longest look-back (characters) when reading the word before a period.
MAX_ABBREVIATION_LOOKBACK = 24
# A short all-capitals part before a glued period followed by capitals is an acronym (U.S.A).
MAX_GLUED_ACRONYM_LETTERS = 3

_FINAL_MARKS = re.compile(r"[.!?…]+")
_CLOSERS = frozenset("\"'”’»)]}")
_OPENERS = frozenset("\"'“‘«([{-–—")
_WORD_START_STOP = frozenset(" \"'“‘«([{")
# A space before a comma or a single sentence-final mark is a typing slip ("Moscow ."): tidied.
_SPACE_BEFORE_PUNCT = re.compile(r" +([,;!?]|\.(?!\.))(?= |$)")
_HAS_WORD = re.compile(r"\w")
_HALF_SPACED_HYPHEN = re.compile(r"(?<=\d)(?:- | -)(?=\d)")  # "20- 5", "2016 -2020"
_GLUED_COMMA = re.compile(r"(?<=[^\W\d_]{2}),(?=[^\W\d_])")  # "cho biết,Goo"
# A final mark inside a round bracket opened in its sentence ends nothing when the bracket closes
# within this many characters after it ("Ông Hải (sinh năm 1970. Quê Nghệ An) là ...").
MAX_BRACKET_REACH = 60
# A sentence longer than this many words is cut into pieces (see the module docstring).
MAX_SENTENCE_WORDS = 200
_CLAUSE_END = (",", ";", ":")
# Capitalised Vietnamese syllables right before an initial that make it the end of a name
# ("Nguyễn Văn A."); one is not enough ("Nguyễn V. Anh" has the initial in the middle).
NAME_WORDS_BEFORE_FINAL_INITIAL = 2
# One-letter units of measure written after a number and a space ("67 W", "220 V", "5 A", "300
# K", "10 J", "50 N"): their period ends a sentence, where an initial's would not.
MEASURE_UNIT_LETTERS = frozenset("WVAKJN")
_NUMBER_END = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*$")
# Words that introduce a person's name (compared in lower case): "ông Nguyễn Văn A.".
HONORIFICS = frozenset("ông bà anh chị em cô chú bác cụ cháu bé cậu dì thím mợ".split())
# Roles written before a public figure's name shortened to an initial ("tiền vệ Q. Hải", "tay
# vợt M. Sharapova", "ca sĩ M. Tâm"): the capital letter after one is a name's initial, and the
# capitalised syllable after its period the name going on ("tiền vệ Q. Hải ghi bàn") unless it
# is a word of ``SENTENCE_OPENERS`` ("cầu thủ H. Sau đó ..."). The roles before an anonymised
# person ("đối tượng", "bị cáo", "tài xế") are left out: there the letter ends the name, and the
# sentence after it may open with any word ("tên H. Gây án xong, ...").
ROLE_NOUNS = frozenset(
    "tiền vệ|tiền đạo|hậu vệ|trung vệ|thủ môn|thủ thành|cầu thủ|tuyển thủ|danh thủ|thủ quân|"
    "đội trưởng|trung phong|tay vợt|võ sĩ|kỳ thủ|vận động viên|huấn luyện viên|ca sĩ|nghệ sĩ|"
    "diễn viên|danh hài|người mẫu|hoa hậu|nhạc sĩ|đạo diễn".split("|")
)
ROLE_NOUN_WORDS = max(len(role.split()) for role in ROLE_NOUNS)
# After a role's initial a sentence also opens with a pronoun that a demonstrative marks ("ca sĩ
# N. Anh này khai nhận ...", "Cô ấy ...", "Hắn ta ..."; "Anh" alone may be a given name, "Quang
# Anh"), or with a word that never goes on a name ("Hắn", "Tuy nhiên").
POINTING_WORDS = frozenset("này ấy ta đó kia".split())
OPENERS_AFTER_ROLE = frozenset("Hắn Tuy Nhưng Song Do Vì Nên Rồi".split())
ROLE_REACH_CHARS = 40  # the text before a letter read for a role: three words and their spaces
# Nouns that a capital letter labels ("bảng B", "khối A", "hạng A", "vitamin C", "độ C"): the
# letter is no name's initial, so any capitalised word opening a sentence after its period
# (foreign names included: "ở bảng B. Brazil đứng đầu") ends the sentence.
# ("nhà" is left out: "nhà H." is as often H's house as building H.)
LABEL_NOUNS = frozenset(
    "bảng khối hạng loại nhóm tầng lớp khu dãy tòa phòng cổng cửa vitamin độ cấp mức dạng kiểu "
    "mẫu án".split()  # "án": "phương án A"
)
# Words that open a sentence whatever follows them ("Theo Bộ Y tế", "Tại Hà Nội", "Sáng 3/6",
# "Ông Hùng"), where a capitalised word needs a lower-case one after it to open one.
SENTENCE_OPENERS = frozenset(
    "Theo Tại Ở Trong Với Khi Sau Trước Từ Đến Tới Cùng Còn Nhưng Và Vì Do Nếu Để Các Những "
    "Mọi Đây Đó Hiện Ngày Sáng Trưa Chiều Tối Đêm Hôm Ông Bà Chị".split()
)
# One-letter abbreviations of administrative units, written before a place's name ("Q." quận,
# "P." phường, "H." huyện, "X." xã, "T." tỉnh): after a lower-case word that is no honorific
# ("tại X. Bà Điểm, H. Hóc Môn", "ngụ tại H. Từ Liêm, Hà Nội") the letter may be one, and the
# capitalised word after its period the first syllable of the place, even a word of
# ``SENTENCE_OPENERS`` ("Bà", "Từ"): there a sentence opens only with a capitalised Vietnamese
# syllable, no punctuation after it, followed by a lower-case word ("của H. Tại một địa điểm",
# "tên H. Gây án"; a place's next syllable is capitalised: "P. Tân An, TP ...").
PLACE_LETTERS = frozenset("QPHXT")
# Separators inside a token before a period: "PGS.TS", "Hà Nội/TP", "Bắc-Nam".
_LAST_PART = re.compile(r"[./\-–]")
_DASHES = frozenset("-–—")
_NON_LETTER = re.compile(r"[\W\d_]")
_GLUED_OPENERS = "“‘«"  # opening quotes that may stand between a glued period and the next sentence
# A list marker opening a sentence ("1. Công ty…", "a. …", "IV. …"): its period ends nothing.
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[a-zA-Zđ]|[IVXLC]{1,5})\)?")


def _word_before(line: str, end: int) -> str:
    """The token that ends at ``end``: back to a space, an opening quote or bracket."""
    start = end
    limit = max(0, end - MAX_ABBREVIATION_LOOKBACK)
    while start > limit and line[start - 1] not in _WORD_START_STOP:
        start -= 1
    if start == limit and limit > 0 and line[start - 1] not in _WORD_START_STOP:
        return ""  # longer than any abbreviation
    return line[start:end]


def _is_abbreviation(word: str) -> bool:
    """True when a period after ``word`` belongs to it: a known abbreviation (its last
    dot-separated part: ``PGS.TS``), or a one-letter initial (``V``, ``Th.S``)."""
    if not word:
        return False
    last = _LAST_PART.split(word)[-1]
    if last in ABBREVIATIONS:
        return True
    # Initials are plain letters (or Đ); accented one-letter words end sentences ("châu Á.").
    return len(last) == 1 and last.isupper() and (last.isascii() or last == "Đ")


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper() and (word.isascii() or word == "Đ")


# Characters read before a unit letter for the number it follows: a window, not the whole line
# before (each "A." of a 400 KB line without breaks read its whole prefix: 82 s).
UNIT_NUMBER_WINDOW = 64


def _is_unit_after_number(line: str, letter_start: int) -> bool:
    """The one capital letter at ``letter_start`` is a unit of measure after a number ("sạc
    nhanh 67 W.", "5 V."), not a name's initial: its period ends a sentence as any word's does."""
    if line[letter_start] not in MEASURE_UNIT_LETTERS:
        return False
    window = line[max(0, letter_start - UNIT_NUMBER_WINDOW) : letter_start]
    before = window.rstrip(" ")
    return len(before) < len(window) and bool(_NUMBER_END.search(before))


NAME_BEFORE_INITIAL_CHARS = 120  # read before an initial for the name it closes: ten syllables and more


def _closes_vietnamese_name(line: str, initial_start: int) -> bool:
    """The initial at ``initial_start`` is the last part of a Vietnamese name: it follows at
    least NAME_WORDS_BEFORE_FINAL_INITIAL capitalised Vietnamese syllables (``Nguyễn Văn``),
    which follow a lower-case word or an honorific (``là``, ``Ông``) — never a sentence start,
    where the first capital proves nothing."""
    # a window, not the whole line before: each initial of a long line read its whole prefix
    words = line[max(0, initial_start - NAME_BEFORE_INITIAL_CHARS) : initial_start].split(" ")[:-1]
    name_words = 0
    for word in reversed(words):
        if word[:1].isupper() and word.lower() not in HONORIFICS and is_vietnamese_syllable(word):
            name_words += 1
            continue
        word = word.rstrip(",;:")  # "khai, Nguyễn Văn A." - but "đến. Nguyễn" starts a sentence
        return (
            name_words >= NAME_WORDS_BEFORE_FINAL_INITIAL
            and word.isalpha()
            and (word.islower() or word.lower() in HONORIFICS)
        )
    return False


def _opens_sentence(line: str, position: int) -> bool:
    """A capitalised word at ``position`` followed by a lower-case word (``Sau đó``)."""
    words = line[position:].split(" ", 2)
    return len(words) >= 2 and words[0].isalpha() and words[0][0].isupper() and words[1][:1].islower()


def _opens_sentence_after_initial(
    line: str, position: int, *, foreign: bool = False, place: bool = False
) -> bool:
    """What follows an initial's period at ``position`` opens a sentence: a word of
    ``SENTENCE_OPENERS`` and any word after it (``Theo Bộ``, ``Ông Hùng``, ``Sáng 3/6``), or a
    capitalised Vietnamese syllable followed by a lower-case word (``Đây là``, ``Nghe vợ``) — a
    foreign word there is a name going on (``M. Sharapova giành``) unless ``foreign``. After a
    letter that may abbreviate an administrative unit (``place``: ``PLACE_LETTERS``) only the
    latter, with no punctuation after the syllable: ``tại X. Bà Điểm, ...`` and ``tại H. Từ
    Liêm, ...`` go on into the place."""
    words = line[position:].split(" ", 2)
    if len(words) < 2:
        return False
    first = words[0] if place else words[0].rstrip(",;:")
    if not (first.isalpha() and first[0].isupper()):
        return False
    if first in SENTENCE_OPENERS and not place:
        return True
    return words[1][:1].islower() and (foreign or is_vietnamese_syllable(first))


class _LetterAfter(enum.Enum):
    """What the lower-case word before a capital letter and its period makes of the letter."""

    LABEL = "label"  # a noun the letter labels (LABEL_NOUNS: "bảng B")
    HONORIFIC = "honorific"  # a person's initial after an honorific ("anh L", "bà H")
    ROLE = "role"  # a person's initial after a role (ROLE_NOUNS: "tiền vệ Q")
    PLACE = "place"  # may abbreviate an administrative unit (PLACE_LETTERS: "tại X")
    OTHER = "other"  # any other lower-case word ("của H", "vitamin" aside)


def _opens_after_role(line: str, position: int) -> bool:
    """What follows a role's initial opens a sentence (``tiền vệ Q. Hải ghi bàn`` goes on): a
    word of ``SENTENCE_OPENERS`` or ``OPENERS_AFTER_ROLE``, or a capitalised word followed by one
    of ``POINTING_WORDS`` ("Anh này ...")."""
    words = line[position:].split(" ", 2)
    first = words[0].rstrip(",;:")
    if first in SENTENCE_OPENERS or first in OPENERS_AFTER_ROLE:
        return True
    return len(words) > 1 and first[:1].isupper() and words[1].rstrip(",.;:") in POINTING_WORDS


def _letter_after_word(line: str, letter_start: int) -> _LetterAfter | None:
    """How the words right before the capital letter at ``letter_start`` read it (see
    :class:`_LetterAfter`), or ``None`` when the word before it is not a lower-case word (a name
    goes on through the letter: ``Donald J.``, ``Nguyễn V.``; or it opens a clause: ``khai, H.``)."""
    if letter_start < 2 or line[letter_start - 1] != " ":
        return None
    words = line[max(0, letter_start - 1 - ROLE_REACH_CHARS) : letter_start - 1].split(" ")
    word = words[-1]
    if not (word[-1:].isalpha() and word.islower()):  # "3,5độ C." (a unit glued to its figure) too
        return None
    last = _NON_LETTER.split(word)[-1]
    if last in LABEL_NOUNS:
        return _LetterAfter.LABEL
    if last in HONORIFICS:
        return _LetterAfter.HONORIFIC
    if any(" ".join(words[-size:]).lower() in ROLE_NOUNS for size in range(2, ROLE_NOUN_WORDS + 1)):
        return _LetterAfter.ROLE
    return _LetterAfter.PLACE if line[letter_start] in PLACE_LETTERS else _LetterAfter.OTHER


def _glued_acronym(word: str, line: str, after: int) -> bool:
    """``U.S.A`` / ``L.A``-style: short all-capitals parts on both sides of the period."""
    last = _LAST_PART.split(word)[-1]
    if not (last.isalpha() and last.isupper() and len(last) <= MAX_GLUED_ACRONYM_LETTERS):
        return False
    following = _glued_word(line, after)
    return following.isupper() and len(following) <= MAX_GLUED_ACRONYM_LETTERS


def _is_boundary(line: str, mark_start: int, marks: str, after: int) -> bool:
    """Decide whether the marks at ``line[mark_start:...]`` (closers included up to ``after``)
    end a sentence."""
    if after >= len(line):
        return True
    single_period = marks == "."
    had_closers = after > mark_start + len(marks)
    if marks.strip(".…") == "" and not single_period and mark_start > 0 and line[mark_start - 1] in "([“‘«":
        return False  # "(...)", "“… " mark omitted text, not an ending
    nxt = line[after]
    if nxt == " ":
        position = after + 1
        while position < len(line) and line[position] == " ":
            position += 1
        if position >= len(line):
            return True
        start_char = line[position]
        if start_char in _DASHES:
            # "?” - ông nói" is an attribution; "... - Ảnh: AFP" or "- Sau đó" starts anew.
            position += 1
            while position < len(line) and line[position] == " ":
                position += 1
            return position < len(line) and line[position].isupper()
        if start_char in _OPENERS:
            # An opening quote or bracket starts a sentence only when what it opens does:
            # "đã… “hạ cánh” nhầm" goes on.
            while position < len(line) and line[position] in _OPENERS:
                position += 1
            if position < len(line) and not (line[position].isupper() or line[position].isdigit()):
                return False
        elif not (start_char.isupper() or start_char.isdigit()):
            return False
        if single_period and not had_closers:
            word = _word_before(line, mark_start)
            if _is_abbreviation(word):
                if _LAST_PART.split(word)[-1] in COMPANY_SUFFIXES:
                    return _opens_sentence(line, position) and is_vietnamese_syllable(_glued_word(line, position))
                if not _is_initial(word):
                    return False
                letter = mark_start - 1
                if _closes_vietnamese_name(line, letter) or _is_unit_after_number(line, letter):
                    return _opens_sentence_after_initial(line, position, foreign=True)
                reading = _letter_after_word(line, letter)
                if reading is None:
                    return False
                if reading is _LetterAfter.ROLE:
                    return _opens_after_role(line, position)
                return _opens_sentence_after_initial(line, position, foreign=reading is _LetterAfter.LABEL,
                                                     place=reading is _LetterAfter.PLACE)
        return True
    # Glued: no space after the marks. A digit never starts a glued sentence (1.000, 7.5, U.23).
    if nxt.isdigit() or not (nxt.isupper() or nxt in _GLUED_OPENERS):
        return False
    if single_period and not had_closers:
        word = _word_before(line, mark_start)
        start = after
        while start < len(line) and line[start] in _GLUED_OPENERS:
            start += 1
        following = _glued_word(line, start)
        if _is_initial(word) and (_letter_after_word(line, mark_start - 1) is _LetterAfter.LABEL
                                  or _is_unit_after_number(line, mark_start - 1)):
            # "40 độ C.Nhiệt độ ...", "sạc 67 W.Máy ...": a labelled letter or a unit, no initial
            return _opens_sentence(line, start) and is_vietnamese_syllable(following)
        if _is_abbreviation(word) or _glued_acronym(word, line, after):
            return False
        if _is_acronym(word):  # "của UBND.Sáng nay ..." ends; a club or a firm, "SHB.Đà Nẵng", "UBND.TPHCM", does not
            return _opens_sentence(line, start) and not _is_acronym(following)
        return not following or _is_acronym(following) or is_vietnamese_syllable(following)
    return True


def _is_acronym(word: str) -> bool:
    """Two or more capital letters and nothing else ("UBND", "HLV", "CSGT")."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _glued_word(line: str, start: int) -> str:
    """The letters from ``start`` on (the word a glued period runs into)."""
    end = start
    while end < len(line) and line[end].isalpha():
        end += 1
    return line[start:end]


def _tidy(sentence: str) -> str:
    """One space between words, and three typing slips mended: a space before a comma or a final
    mark ("Moscow ."), a hyphen between figures spaced on one side only ("Sáng 20- 5", "2016
    -2020": 27 in ViMs, every one a range, a date or a score), a comma between words with no
    space after it ("cho biết,Goo": 19 in ViMs, all missing spaces; a comma between figures is a
    decimal one)."""
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(sentence.split()))
    return _GLUED_COMMA.sub(", ", _HALF_SPACED_HYPHEN.sub("-", text))


def _bracket_depth(line: str, start: int, end: int, depth: int = 0) -> int:
    """How many round brackets are open at ``end``, ``depth`` being open at ``start`` (a ")"
    that closes none, "a)" of a list, is passed over)."""
    for char in line[start:end]:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
    return depth


def _bracket_closes_soon(line: str, position: int) -> bool:
    """The next round bracket from ``position`` on is a ")" within ``MAX_BRACKET_REACH``
    characters."""
    for char in line[position : position + MAX_BRACKET_REACH]:
        if char in "()":
            return char == ")"
    return False


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    depth = scanned = 0  # round brackets open in the sentence from start, counted up to scanned
    for match in _FINAL_MARKS.finditer(line):
        if match.start() < start:
            continue
        after = match.end()
        while after < len(line) and line[after] in _CLOSERS:
            after += 1
        if match.group() == "." and _LIST_MARKER.fullmatch(line[start : match.start()].strip()):
            continue
        if _is_boundary(line, match.start(), match.group(), after):
            depth, scanned = _bracket_depth(line, scanned, after, depth), after
            if depth and _bracket_closes_soon(line, after):
                continue  # "Ông Hải (sinh năm 1970. Quê Nghệ An) là ..."
            pieces.append(line[start:after])
            start = after
            depth = 0
    pieces.append(line[start:])
    return pieces


def ends_sentence(left: str, right: str) -> bool:
    """Whether a sentence ends between ``left`` and ``right`` read as one line joined by a space
    (the boundary rules above): "… P. Tân Thành, TP." + "Buôn Ma Thuột …" goes on, "… qua cầu."
    + "Ông Thành …" ends. Both are single stripped lines; an empty ``right`` ends a sentence."""
    if not right:
        return True
    stripped = left.rstrip("".join(_CLOSERS))
    marks = stripped[len(stripped.rstrip(".!?…")) :]
    if not marks:
        return False
    mark_start = len(stripped) - len(marks)
    line = left + " " + right
    if not _is_boundary(line, mark_start, marks, len(left)):
        return False
    if not _bracket_closes_soon(line, len(left)):  # bounded: tested before splitting the line again
        return True
    sentence_start = mark_start - len(_split_line(left[:mark_start])[-1])
    return not _bracket_depth(left, sentence_start, len(left))


def split_run_on(sentence: str, max_words: int = MAX_SENTENCE_WORDS) -> list[str]:
    """``sentence`` cut into pieces of at most ``max_words`` words (whitespace tokens), each
    ending at the last clause boundary in the second half of its window when there is one; the
    dashes at a cut are dropped, so no piece opens on one."""
    words = sentence.split(" ")
    pieces: list[str] = []
    start = 0
    while len(words) - start > max_words:
        end = start + max_words
        cut = end
        for i in range(end, start + max_words // 2, -1):  # a piece of words[start:i]
            if words[i - 1].endswith(_CLAUSE_END) or words[i] in _DASHES:
                cut = i
                break
        pieces.append(" ".join(words[start:cut]))
        start = cut
        while start < len(words) and words[start] in _DASHES:  # the dashes at a cut go with it
            start += 1
    pieces.append(" ".join(words[start:]))
    return [p for p in pieces if _HAS_WORD.search(p)]


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (stripped, single spaces), in order. Line breaks end sentences;
    pieces without any letter or digit (stray punctuation, separators) are dropped."""
    sentences: list[str] = []
    for raw_line in text.splitlines():
        line = " ".join(raw_line.split())  # any whitespace run -> one space
        if not line:
            continue
        for piece in _split_line(line):
            sentence = _tidy(piece)
            if sentence and _HAS_WORD.search(sentence):
                sentences.extend(split_run_on(sentence))
    return sentences


def sentences_of(reports: Sequence["Report"]) -> list[Sentence]:
    """All body sentences of ``reports``: ``index`` counts per report file from 0, ``report``
    is the report's position in ``reports``."""
    result: list[Sentence] = []
    for report_index, report in enumerate(reports):
        for index, text in enumerate(split_sentences(report.body)):
            result.append(Sentence(text=text, file=report.file, index=index, report=report_index))
    return result
