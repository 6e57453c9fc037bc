"""Rejoin paragraphs that were hard-wrapped into lines of a fixed width.

Wire copy, e-mail, text saved from a terminal and text extracted from PDF break every paragraph
into lines of at most some width. Read line by line, "… đi vòng gần 4 km qua cầu Cẩm" and
"Lệ để sang bờ bên kia." would become two fragments, and a fragment is never a sentence.

A line *breaks* a paragraph when all of these hold:

- no sentence ends between it and the next line (``sentences.ends_sentence``: a period after
  "TP." or an initial does not end one): a wrap that falls at a sentence end changes no
  sentence, and keeping that line break keeps a closing credit ("Theo …") on its own line;
- the next line's first word would not have fitted on it: its length + 1 + that word's length
  exceeds ``WRAP_FIT`` of the width (exactly the width for a greedy fixed-width wrap; less for
  PDF text, whose lines are measured in a proportional font); or the next line opens in lower
  case, as no paragraph does (a line of a PDF's lead set larger than the body holds fewer
  characters and may fail the fit test);
- it is not at the edge of a list: the next line opening a list item (``-``, ``•``, ``*``, ``+``,
  ``1.``, ``a)``, ``ii)``) after a line that introduces a list (ends with ``:``) or is an item itself,
  or an item followed by a line that opens in upper case. Elsewhere a dash at the start of a
  line is a dash of the sentence that was wrapped before it.

The *width* of a text is the ``WIDTH_PERCENTILE`` of its line lengths. A text is taken as wrapped,
and its breaking lines joined to the next ones, only when its width is at most ``MAX_WRAP_WIDTH``
characters, at least ``MIN_BREAKS`` lines break, and of the lines followed by another line (not
across a list edge or a break the caller keeps) at least ``MIN_OPEN_SHARE`` end no sentence, and
of those at least ``MIN_FIT_SHARE`` break (pass the fit test or go on in lower case). One
paragraph per line, as in ViMs and most web copy, fails that: lines are long, and most end a
sentence. Short unpunctuated lines (a roster, a list of award winners, a live blog's minute
marks) fail the fit share.

Measured with ``python scripts/unwrap_report.py`` on the 1,950 ViMs reports (figures of
2026-12-07): 98.51% are left as they are (the others have a sentence run on across a line, below);
wrapped by ``textwrap`` at 60, 72, 100 and 130 columns (a blank line after half of the
paragraphs), the rejoined text splits into exactly the original sentences for 96.05%, 95.85%,
96.87% and 96.56% of the reports (0-0.7% without rejoining). Part of what is left is the corpus's
own: paragraphs that ViMs breaks in mid-sentence, which rejoining mends but the comparison counts
as a difference; the rest are paragraphs that end without punctuation (a sub-heading, a caption)
and fill their line, taken for wrapped ones when no blank line follows. On PDFs see
:mod:`summarizer.pdf_text`.

A text that is not wrapped still has a line joined to the next when its sentence plainly runs
on: the line ends no sentence, stops on no final mark, quote or bracket, ends in a comma, colon,
semicolon or digit or is long, holds no web address, and the next line opens in lower case
(``_continuations``: "... vào ngày 27.4.2005" / "và đã tổ chức ...", "... 19.125.000" /
"đồng."). ViMs: 6 of the 1,950 reports change, each a sentence made whole (ROUGE-2 of the
extractive engine tune 40.68 -> 40.69, held-out unchanged). The other conditions keep apart
what ViMs shows next to such breaks: paragraphs that lost their drop cap ("heo chị Hằng, ..."
after "... cho hay.", "ây cầu treo ..." after a heading "Thiệt hại nặng nề") and credit lines
("Nguồn: http://..." / "doc tin tuc ...").

It is joined too when the line leaves a parenthesis open and the next line closes it
(``_closes_parenthesis``: "... giao lộ Gò Ô Môi (Q.7," / "TP.HCM), tài xế ...", "... (tương
đương 118.000" / "USD)."): 8 ViMs lines in 8 reports, all such breaks, one of them (Cluster_289)
joined before by the abbreviation rule below; Cluster_288's summary had told "TP.HCM), tài xế
...".

It is joined too when the line stops on initials and the next opens in lower case: the period
is the initials' ("... có nick B.N.T." / "đã viết: ..."; 1 ViMs report, Cluster_243, whose
summary had kept the fragment).

It is joined too when the line stops on an abbreviation that always stands before a name
(``NAME_ABBREVIATIONS``: "... đang được Công an TP." / "Thủ Dầu Một tiếp tục điều tra ...";
Cluster_289's summary had kept "Thủ Dầu Một tiếp tục điều tra làm rõ." as a sentence) and the
next line opens with a name (``_opens_with_name``): "TP." is also the city itself, ending its
sentence ("... gây khó cho TP." / "TS Du cho rằng ..."). ViMs: 14 such lines joined, all right; 11
kept apart, all sentence ends (before the name test, 9 of these had been joined: 2 summaries
change, Cluster_165 and 186, each losing a run-on sentence).

It is also joined when a foreign name was broken after its middle initial (``_name_runs_on``):
a line of at least ``CONTINUED_LINE_MIN_WORDS`` words ends in a capitalised word that is no
Vietnamese syllable and a capital with its period ("... tàu sân bay USS John C."), and the next
line opens with a capitalised word that is no Vietnamese syllable followed by a lower-case one
("Stennis vào tối 29/5."). ViMs: 5 such breaks in 4 reports, all of them joined, and no other
line: the 39 other lines that end in a capital and its period end a sentence ("... ở bảng B.",
"... độ C.", "... với chị T.") before a Vietnamese one. With it and the splitter's reading of a
letter after a lower-case word (:mod:`summarizer.sentences`) the wrapped shares above rose from
96.00%, 95.64%, 96.82% and 96.10% to 96.05%, 95.85%, 96.87% and 96.36%.

Short lines (sub-headings, bylines, list items, a title) are not joined: they fail the fit
test, unless the next line goes on in lower case: its first character, not its first letter
after quotes, brackets or a dash (``normalize.starts_in_lower_case`` instead loses 0-0.15 points
at every width above: a list item "- các ..." would join the line before it). Lines are joined
with a space: Vietnamese is not hyphenated at line ends, so a line that ends in a hyphen had a
space after it ("Khoa học- Công nghệ" is a common way to type it).

Text set by a typesetter (a PDF: ``hyphenated``) is the exception: there a hyphen ending a line
after a letter or digit stood inside a word. It goes, and the lines join without a space, when
it breaks a foreign word in two (a soft hyphen: the letters before it are no Vietnamese syllable
and both its sides are in lower case, "Kuzuget-" / "ovich" -> "Kuzugetovich"); otherwise it is a
hyphen of the text, kept without a space after it ("Việt-" / "Nga" -> "Việt-Nga", "Covid-" /
"19", "Mát-" / "xcơ-va": a Vietnamese spelling of a foreign name, whose hyphens are its own). A
soft hyphen character (U+00AD) ending a line always goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .normalize import SENTENCE_END, WEB_ADDRESS, is_vietnamese_syllable
from .sentences import ends_sentence

# Longest line width (characters) that is taken for a hard wrap; fixed-width wraps are 60-80,
# lines of text extracted from an A4 PDF page 80-130.
MAX_WRAP_WIDTH = 160
# The width of a text is this percentile of its line lengths (robust to one long web address).
WIDTH_PERCENTILE = 0.9
# A line was wrapped when it plus the next word exceeds this share of the width.
WRAP_FIT = 0.8
# A wrapped text has at least this many breaking lines ...
MIN_BREAKS = 2
# ... at least this share of its lines followed by another one end open (no sentence end) ...
MIN_OPEN_SHARE = 0.1
# ... and at least this share of those open lines pass the fit test.
MIN_FIT_SHARE = 0.75

# The hyphens that may end a typeset line inside a word: hyphen-minus and the Unicode hyphen.
LINE_END_HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"  # a hyphen shown only where a line breaks: never text
# A line that ends in a hyphen after a word's letters or digits, the word's last hyphen-free part
# taken (group 1).
_HYPHENATED_END = re.compile(rf"(\w+)[{LINE_END_HYPHENS}]$")

# A list item's opening: a bullet, "1." / "2)", "a." / "b)", "ii)" / "IV.".
_LIST_ITEM = re.compile(r"^(?:[-–—•*+●▪]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s|(?i:[ivxlc]{1,5})[.)]\s)")


def text_width(lines: Sequence[str], scales: Sequence[float] | None = None) -> float:
    """The ``WIDTH_PERCENTILE`` of the non-blank line lengths (0 without such lines); each
    length times the line's scale when ``scales`` are given (see :func:`unwrap_lines`)."""
    factors = scales if scales is not None else [1.0] * len(lines)
    lengths = sorted(len(line) * factor for line, factor in zip(lines, factors) if line.strip())
    if not lengths:
        return 0.0
    return lengths[int(WIDTH_PERCENTILE * (len(lengths) - 1))]


def _is_open(line: str, following: str) -> bool:
    return not ends_sentence(line, following)


def _fits(line: str, scale: float, following: str, width: float) -> bool:
    """The next line's first word would not have fitted on ``line`` (characters ``scale`` wide)."""
    return (len(line) + 1 + len(following.split(" ", 1)[0])) * scale > WRAP_FIT * width


def _list_edge(line: str, item: bool, following: str) -> bool:
    """An edge of a list between ``line`` (``item``: it opens a list item) and ``following``."""
    if _LIST_ITEM.match(following):
        return item or line.endswith(":")
    return item and following[:1].isupper()


# (line, next line) -> the break between them is a paragraph's end whatever the wrap test says.
KeepBreak = Callable[[str, str], bool]


def _closes_parenthesis(line: str, following: str) -> bool:
    """``line`` leaves a parenthesis open and ``following`` closes it before opening another
    ("... giao lộ Gò Ô Môi (Q.7," / "TP.HCM), tài xế ...", "... 14 triệu yên (tương đương
    118.000" / "USD)."): the break falls inside the parenthesis, no paragraph ends there."""
    if line.rfind("(") <= line.rfind(")"):
        return False
    closing, opening = following.find(")"), following.find("(")
    return closing != -1 and (opening == -1 or closing < opening)


def _may_join(line: str, item: bool, following: str, keep_break: KeepBreak | None) -> bool:
    """Both lines hold text, with no list edge (``item``: ``line`` opens a list item) and no
    break the caller keeps between them: the rejoining tests apply."""
    return bool(line and following and not _list_edge(line, item, following)
                and not (keep_break is not None and keep_break(line, following)))


def _breaks(
    lines: Sequence[str], scales: Sequence[float], width: float, keep_break: KeepBreak | None
) -> tuple[list[bool], int, int]:
    """(for each line whether it breaks a paragraph, the number of lines followed by another
    one across no list edge or kept break, how many of those end no sentence); see the module
    docstring. A line that opens like a list item is an item only when it does not continue a
    break."""
    flags: list[bool] = []
    followed = open_lines = 0
    continued = False
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        item = not continued and bool(_LIST_ITEM.match(line))
        flag = False
        if _may_join(line, item, following, keep_break):
            followed += 1
            if _is_open(line, following):
                open_lines += 1
                flag = _fits(line, scales[index], following, width) or following[:1].islower()
        flags.append(flag)
        continued = flag
    return flags, followed, open_lines


def is_wrapped(
    lines: Sequence[str], *, keep_break: KeepBreak | None = None, scales: Sequence[float] | None = None
) -> bool:
    """The lines look hard-wrapped (the text gate of the module docstring)."""
    return _wrapped_breaks(lines, keep_break, scales) is not None


def _wrapped_breaks(
    lines: Sequence[str], keep_break: KeepBreak | None, scales: Sequence[float] | None
) -> list[bool] | None:
    """The break flags of ``lines`` when the text passes the gate, else None."""
    if scales is not None and len(scales) != len(lines):
        raise ValueError(f"{len(lines)} lines but {len(scales)} scales")
    factors = list(scales) if scales is not None else [1.0] * len(lines)
    width = text_width(lines, factors)
    if not 0 < width <= MAX_WRAP_WIDTH:
        return None
    flags, followed, open_lines = _breaks(lines, factors, width, keep_break)
    breaking = sum(flags)
    if breaking >= MIN_BREAKS and open_lines >= MIN_OPEN_SHARE * followed and breaking >= MIN_FIT_SHARE * open_lines:
        return flags
    return None


# A line that a sentence runs on from ends in a comma, semicolon, colon or digit ("... vào chiều
# 31.5.2015," / "bà Trang đã đến ..."), or is at least this many words long: a short line ending
# in a word is a heading ("Thiệt hại nặng nề") even when a paragraph that lost its drop cap ("ây
# cầu treo ...") follows it.
CONTINUED_LINE_MIN_WORDS = 12
_RUNS_ON = re.compile(r"[,;:\d]$")
# A line that stops on initials ("... có nick B.N.T.", "... ông Nguyễn Văn A."): its period is
# the initial's, and a next line in lower case goes on with the sentence ("đã viết: ...").
_ENDS_ON_INITIALS = re.compile(r"(?:^|\s)(?:[A-ZĐ]\.)+$")
# Abbreviations that always stand before a name (a city, a town, a degree, a title): a line that
# stops on one ("... đang được Công an TP." / "Thủ Dầu Một tiếp tục ...") breaks a sentence in
# the middle of a name. Not the one-letter ones ("Q.", "P.", "H."), which are also the initials
# that end a Vietnamese name and its sentence ("... anh Nguyễn Văn H.").
NAME_ABBREVIATIONS = ("TP", "Tp", "TX", "Tx", "TT", "GS", "PGS", "TS", "ThS", "BS", "KS", "LS", "NSND", "NSƯT")
_ENDS_ON_NAME_ABBREVIATION = re.compile(rf"(?:^|\s)(?:{'|'.join(NAME_ABBREVIATIONS)})\.$")
# "TP." is also the city itself, ending a sentence ("... gây khó cho TP." / "TS Du cho rằng ...",
# "... trên địa bàn TP." / "Theo đó, ..."), so the next line must open with a name
# (``_opens_with_name``): two capitalised words ("Thủ Dầu Một", "Hà Nội", "Lê Đăng Doanh") or
# an acronym ("HCM"), not another of these abbreviations ("TS Du": a new sentence's subject) nor
# an office ("Sở Xây dựng chủ trì ...": a subject, no city's name opens so).
OFFICE_WORDS = frozenset("Sở Bộ Cục Phòng Ban Ủy Uỷ UBND HĐND Viện Trường Tòa Toà Công Đội Chi".split())
# Nor does a name open with a personal title or a word that opens a sentence ("Ông Nguyễn Văn
# Hùng cho biết ...", "Tại Hà Nội, ...", "Theo Bộ Xây dựng, ..."); "Bà" opens "Bà Rịa" too.
SENTENCE_OPENING_WORDS = frozenset(
    "Ông Anh Chị Em Cháu Cô Chú Bác Cụ Tại Theo Trong Sau Trước Ngày Sáng Trưa Chiều Tối Đêm Khi Hiện Do Vì "
    "Nhưng Tuy Còn Với Từ Đến Hôm Năm Tháng Lúc Ngoài Cũng Đây Đó Các Những Một Hai Ba".split())
_OPENING_WORDS = re.compile(r"[^\W\d_]+")
# A line that stops inside a foreign name, on its middle initial ("... tàu sân bay USS John C.").
_ENDS_ON_MIDDLE_INITIAL = re.compile(r"(?:^|\s)([^\W\d_]+) [A-Z]\.$")


def _opens_with_name(following: str) -> bool:
    """``following`` opens with a name that an abbreviation at the end of the line before may
    stand before (see ``OFFICE_WORDS``)."""
    words = _OPENING_WORDS.findall(following[:80])
    first = words[0] if words else ""
    if not first or first in NAME_ABBREVIATIONS or first in OFFICE_WORDS or first in SENTENCE_OPENING_WORDS:
        return False
    if first == "Bà" and words[1:2] != ["Rịa"]:  # "Bà Nguyễn Thị Hoa cho biết ...", not "TP. Bà Rịa"
        return False
    if len(first) >= 2 and first.isupper() and following.startswith(first):
        return True  # "HCM."
    return len(words) >= 2 and first[0].isupper() and words[1][0].isupper() and following.startswith(f"{first} {words[1]}")


def _name_runs_on(line: str, following: str) -> bool:
    """A foreign name broken after its middle initial: ``line`` (at least
    ``CONTINUED_LINE_MIN_WORDS`` words) ends in a capitalised word that is no Vietnamese syllable
    and a capital with its period ("... tàu sân bay USS John C."), and ``following`` opens with a
    capitalised word that is no Vietnamese syllable either, followed by a lower-case word
    ("Stennis vào tối 29/5."). A Vietnamese name's last initial ("... Nguyễn Văn A." / "Sau đó
    ...") ends sentences, and a roster of names ("Smith J." / "Brown K.") is short lines with no
    lower-case word after the name."""
    match = _ENDS_ON_MIDDLE_INITIAL.search(line)
    if match is None or len(line.split()) < CONTINUED_LINE_MIN_WORDS:
        return False
    given = match.group(1)
    words = following.split(" ", 2)
    return (
        len(words) >= 2
        and given[0].isupper()
        and not is_vietnamese_syllable(given)
        and words[0].isalpha()
        and words[0][0].isupper()
        and not is_vietnamese_syllable(words[0])
        and words[1][:1].islower()
    )


def _continuations(lines: Sequence[str], keep_break: KeepBreak | None) -> list[bool]:
    """For a text that is not wrapped: which lines a sentence runs on from, the next line
    opening in lower case (its first character) after a line that ends no sentence, stops on no
    final mark, quote or bracket (``normalize.SENTENCE_END``), ends in a comma, semicolon, colon
    or digit or is long (``CONTINUED_LINE_MIN_WORDS``), and holds no web address, across no list
    edge or kept break ("... vào ngày 27.4.2005" / "và đã tổ chức ...", "... 19.125.000" /
    "đồng."): a paragraph broken once in its middle."""
    flags: list[bool] = []
    continued = False
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        item = not continued and bool(_LIST_ITEM.match(line))
        flag = (
            _may_join(line, item, following, keep_break)
            and not WEB_ADDRESS.search(line)  # "Nguồn: http://..." / "doc tin tuc ...": credits, links
            and (
                (
                    _is_open(line, following)
                    and (
                        (
                            following[:1].islower()
                            # "... cho hay." / "heo chị Hằng" (a lost drop cap) stays apart
                            and not SENTENCE_END.search(line)
                            and (_RUNS_ON.search(line) is not None or len(line.split()) >= CONTINUED_LINE_MIN_WORDS)
                        )
                        or (following[:1].islower() and _ENDS_ON_INITIALS.search(line) is not None)  # "nick B.N.T."
                        or _name_runs_on(line, following)  # "... tàu sân bay John C." / "Stennis vào ..."
                        # "... Công an TP." / "Thủ Dầu Một ..."
                        or (_ENDS_ON_NAME_ABBREVIATION.search(line) is not None and _opens_with_name(following))
                    )
                )
                or _closes_parenthesis(line, following)  # "(Q.7," / "TP.HCM), ...": open or not
            )
        )
        flags.append(flag)
        continued = flag
    return flags


def _joined(parts: Sequence[str], hyphenated: bool) -> str:
    """A paragraph's lines joined: with a space, or for ``hyphenated`` (typeset) text across a
    hyphen that ends a line inside a word, as the module docstring says."""
    if not hyphenated:
        return " ".join(parts)
    pieces = [parts[0]]
    for before, after in zip(parts, parts[1:]):
        match = _HYPHENATED_END.search(before)
        if before.endswith(SOFT_HYPHEN):
            pieces[-1] = pieces[-1][:-1]
        elif match is None or not after[:1].isalnum():
            pieces.append(" ")
        elif (match.group(1)[-1].islower() and after[0].islower()
              and not is_vietnamese_syllable(match.group(1).lower())):
            pieces[-1] = pieces[-1][:-1]  # a soft hyphen breaking a foreign word
        pieces.append(after)
    return "".join(pieces)


def unwrap_lines(
    lines: Sequence[str], *, keep_break: KeepBreak | None = None, scales: Sequence[float] | None = None,
    hyphenated: bool = False,
) -> list[str]:
    """``lines`` (stripped; blank lines separate paragraphs) with hard-wrapped paragraphs
    joined into one line each. ``keep_break``
    names line pairs the caller knows to be a paragraph's end (the loader: a line that ends in
    a photo credit, a line that is a source credit). ``scales``: how wide each line's
    characters are, relative to the text's usual ones (a PDF line's font size over the body
    size), so a lead set larger, with fewer characters to the line, is measured by its width;
    all 1 when not given. In a text that is not wrapped, a line still joins the next when the
    sentence runs on into it (``_continuations``). ``hyphenated``: the text was set by a
    typesetter (a PDF), whose line-end hyphens break words (see the module docstring)."""
    flags = _wrapped_breaks(lines, keep_break, scales)
    if flags is None:
        flags = _continuations(lines, keep_break)
    paragraphs: list[list[str]] = []  # each paragraph's lines, joined once at the end (joining
    joining = False  # them one by one re-copied the growing paragraph: quadratic in its length)
    for line, breaks in zip(lines, flags):
        if joining:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        joining = breaks
    return [_joined(parts, hyphenated) for parts in paragraphs]
