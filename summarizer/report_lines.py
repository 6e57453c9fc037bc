"""A report's lines: where its title is (a first line, glued to the lead, wrapped over lines:
:func:`split_title`, :func:`wrapped_title`), and what in them is no part of its text (credits,
datelines, captions, navigation lines, an aggregator's credits: :func:`strip_credits`; a live
blog's clock stamps: :func:`live_blog_in_order`). The loader (:mod:`summarizer.documents`)
applies them to every format's text; each rule says what it was measured on.
"""

from __future__ import annotations

import re

from .html_text import SITE_NAME_MAX_WORDS, TABLE_CELL_SEPARATOR
from .normalize import (
    ENDS_WITH_FINAL_MARK, PARTS_OF_DAY, SENTENCE_END, VIETNAMESE_CAPITALS, WEB_ADDRESS, title_cased, word_count,
)
from .outlets import DATELINE, outlet_names
from .sentences import split_sentences

# Title rules: a first line of at most this many syllables that does not end like a sentence.
TITLE_MAX_SYLLABLES = 25
# ... or of at most this many when a line break of its own ends it and the next line opens anew
# (not in lower case, as a hard-wrapped paragraph's next line does): a site's long headline
# ("Metro số 1 TP.HCM chính thức chạy sau 17 năm chờ đợi: Người dân xếp hàng dài từ sáng sớm
# ...", 30 syllables). The ViMs titles have at most 25; a line alone, and a title found inside a
# line (glued, spaced), keep to TITLE_MAX_SYLLABLES, where nothing else tells a title.
TITLE_LINE_MAX_SYLLABLES = 40
# A line of at least this many parts joined by a bar is a table row, not a title, unless one part
# has this many syllables.
TABLE_ROW_MIN_CELLS = 3
TITLE_PART_MIN_SYLLABLES = 4
# A title glued to the body must have at least this many syllables before the glue point.
GLUED_TITLE_MIN_SYLLABLES = 3
# A title glued to the body by a space is split off only when the sentence after it, up to its
# final mark, has at least this many syllables (a lead sentence, not a fragment of a headline).
SPACED_TITLE_MIN_SENTENCE_SYLLABLES = 8

# --------------------------------------------------------------------------------------------
# Title
# --------------------------------------------------------------------------------------------

# A title may end with "?" or "!" (question headlines are common); these endings make it a sentence.
_TITLE_BREAKING_ENDINGS = (".", "…", ":", ";", ",")
_CLOSING = "\"'”’»)]"
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"'”’»)\]]*\s")


def is_title_line(line: str, max_syllables: int = TITLE_MAX_SYLLABLES) -> bool:
    stripped = line.rstrip(_CLOSING)
    return (0 < word_count(line) <= max_syllables and not stripped.endswith(_TITLE_BREAKING_ENDINGS)
            and not _table_row(line))


def leading_row(line: str) -> bool:
    """A line above the title that is a table row ("Xã | Số nhà bị cuốn trôi"), not a title with
    its site name after a bar ("Mưa lớn ở Hà Nội | Báo X": a longer first part, at most
    ``SITE_NAME_MAX_WORDS`` words after it)."""
    parts = line.split(TABLE_CELL_SEPARATOR)
    if len(parts) < 2:
        return False
    return not (len(parts) == 2 and word_count(parts[0]) >= TITLE_PART_MIN_SYLLABLES
                and len(parts[1].split()) <= SITE_NAME_MAX_WORDS)


def _table_row(line: str) -> bool:
    """A table row read as one line ("Ngày | Trận | Giờ", see ``html_text.table_row_line``): at
    least ``TABLE_ROW_MIN_CELLS`` cells of at most ``TITLE_PART_MIN_SYLLABLES`` - 1 syllables each.
    A title with a site name after a bar ("Mưa lớn ở Hà Nội | Báo X", "Bão số 3 | VnExpress") has
    two parts, or a longer one, and stays a title."""
    parts = line.split(TABLE_CELL_SEPARATOR)
    return len(parts) >= TABLE_ROW_MIN_CELLS and all(word_count(part) < TITLE_PART_MIN_SYLLABLES for part in parts)


def wrapped_title(title: str | None, lines: list[str]) -> tuple[str | None, list[str]]:
    """A title wrapped over lines (a PDF's large headline, a fixed-width text) gets its next
    lines back while they open in lower case, as no body sentence does, or while a blank line
    follows the next one and sets the title's block apart from the body ("... Hàn Quốc Yoon Suk" /
    "Yeol nhân chuyến thăm ..." / "" / "Chiều 23/6, ..."), and the title stays title-sized and
    does not end like a sentence."""
    while title and lines and lines[0].strip() and (
            lines[0][:1].islower() or (len(lines) > 1 and not lines[1].strip() and _continues_title(lines[0]))
    ) and is_title_line(f"{title} {lines[0]}"):
        title, lines = f"{title} {lines[0]}", lines[1:]
    return title, lines


# A line under a title, before a blank line, of fewer words is a byline or a label, not its rest.
TITLE_REST_MIN_WORDS = 4
_DATE_OR_TIME = re.compile(r"\d{1,2}[/:.-]\d{1,2}")


def _continues_title(line: str) -> bool:
    """Whether ``line``, under a title and above a blank line, may be the title's rest: no date or
    clock time in it (a date line, "Thứ Hai, 23/5/2016 10:30"), and not a short name line."""
    return word_count(line) >= TITLE_REST_MIN_WORDS and not _DATE_OR_TIME.search(line)


_QUOTE_CLOSERS = "\"”’»"
# A line ending in a word that cannot end a phrase ("... dưới sự chủ trì của") runs on into the next.
_ENDS_MID_PHRASE = re.compile(
    r"(?<!\w)(?:của|và|với|các|những|cho|là|để|từ|ở|tại|trong|về|theo|do|vì|khi|nhưng|mà|thì|bởi|được|bị|đã|sẽ|"
    r"đang|cùng|như|hoặc|hay|nếu|tới|đến|sau|trước|trên|dưới)$"
)
# Two lines whose lengths differ by at most this share of the longer were wrapped at one width.
WRAP_WIDTH_TOLERANCE = 0.15


def _same_width(a: str, b: str) -> bool:
    """Whether lines ``a`` and ``b`` read as two lines of a paragraph wrapped at one width: as long
    as each other, and ``b`` runs on too (a whole paragraph of about a title's length ends in a
    final mark)."""
    return (abs(len(a) - len(b)) <= WRAP_WIDTH_TOLERANCE * max(len(a), len(b))
            and not ENDS_WITH_FINAL_MARK.search(b.rstrip()))


def _glued_title_split(line: str) -> int | None:
    """Index where a title glued to the body ends: the first lower→upper case change inside a
    word ("…phòngBộ…") whose left part is a title-sized phrase. The lower-case side must be a
    whole lower-case syllable of two or more letters, so names such as iPhone, McCain, VinFast,
    YouTube are never split."""
    word_start = 0
    spaces = 0
    for i in range(1, len(line)):
        previous, current = line[i - 1], line[i]
        if previous == " ":
            word_start = i
            spaces += 1
            if spaces >= TITLE_MAX_SYLLABLES:
                return None  # the left part would be too long for a title
            continue
        if not (previous.islower() and current.isupper()):
            continue
        fragment = line[word_start:i]
        if len(fragment) < 2 or not (fragment.isalpha() and fragment.islower()):
            continue
        left = line[:i]
        syllable_count = word_count(left)
        if syllable_count > TITLE_MAX_SYLLABLES or _SENTENCE_INSIDE.search(left):
            return None
        if syllable_count >= GLUED_TITLE_MIN_SYLLABLES:
            return i
    return None


# Sentence openers that a headline or a sentence never has capitalised in its middle, so that one
# after a space ends a headline glued to its lead (see :func:`_spaced_title_split`): a part of
# the day, a day or "hôm" with a date or a figure ("Sáng 12/10,", "Rạng sáng 12.10", "Ngày
# 26/12,", "Tối 6-9", "Hôm 3/4"), an approximate or exact hour ("Khoảng 4h30,", "Lúc 10 giờ"),
# and "Theo" with a capitalised source ("Theo Nghị định 168 ...,", "Theo TTXVN,").
_DAY_PART = r"(?:Rạng sáng|Sáng sớm|Chiều tối|Sáng|Trưa|Chiều|Tối|Đêm|Khuya|Ngày|Hôm)"
_SPACED_OPENER = re.compile(
    rf"(?<= )(?:{_DAY_PART}(?: nay| qua)?(?: ngày| hôm)? \d{{1,2}}(?:[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?)?\b"
    r"|(?:Khoảng|Lúc|Vào lúc|Vào khoảng) \d{1,2}(?: ?h| giờ|:\d{2})"
    r"|(?P<source>Theo) (?=\w))"
)


def _lead_source(word: str) -> bool:
    """Whether ``word`` after "Theo" opens the source of a lead ("Theo thông tin ban đầu,", "Theo
    Nghị định 168,", "Theo TTXVN,"): a lower-case word, an acronym, or a word with a Vietnamese
    letter, or a known agency (``AGENCY_CODES``: "Theo Reuters,"); another name in plain Latin
    letters ("Theo Walcott", "Theo Hernandez") is a footballer's name going on, not a source."""
    word = word.rstrip(",:")
    return word[:1].islower() or word.isupper() or not word.isascii() or word in _AGENCY_WORDS


# A title glued to its lead by a space has at least this many syllables ("Nhân kỷ niệm Ngày
# 20/10, ..." is a lead, not a three-syllable title and its body).
SPACED_TITLE_MIN_SYLLABLES = 5
# Words that take a day or a date after them: before an opener they make it their object, not the
# start of a lead ("Nhân kỷ niệm Ngày 20/10", "Chào mừng Ngày Nhà giáo", "kéo dài đến Tối 6/9").
_TAKES_A_DATE = re.compile(
    r"(?i:(?<!\w)(?:kỷ niệm|kỉ niệm|chào mừng|hưởng ứng|mừng|nhân|dịp|từ|đến|tới|trong|vào|của|sau|trước))$"
)


def _spaced_title_split(line: str) -> int | None:
    """Index where a title glued to its lead by a space ends ("Tai nạn thảm khốc trên đèo Bảo
    Lộc Sáng 12/10, xe khách lao xuống vực ..."), None when there is none: the first sentence
    opener that is never capitalised inside a sentence (``_SPACED_OPENER``) such that

    * what precedes it reads as a headline: ``SPACED_TITLE_MIN_SYLLABLES`` to
      ``TITLE_MAX_SYLLABLES`` syllables, no sentence ending inside, not ending in a mark (a
      final mark, a comma, a colon: "Hà Nội: Sáng 12/10, ..." is one sentence) nor in a word that
      takes the day after it as its object (``_TAKES_A_DATE``: "Nhân kỷ niệm Ngày 20/10, ..."),
      not in title case (``normalize.title_cased``, "Tai Nạn Sáng 12/10 Trên Đèo": there every
      word is capitalised, so a capitalised "Sáng" may be its own word);
    * what follows reads as a sentence: its first sentence ends in a final mark and has at least
      ``SPACED_TITLE_MIN_SENTENCE_SYLLABLES`` syllables; after "Theo", a source
      (:func:`_lead_source`) and a comma in that sentence ("Theo Nghị định 168, tài xế ...").

    Measured on ViMs' 1,950 reports: as they are (the title on its own line) no title or body
    changes. With each title glued to its first body line by a space (1,947 reports), the 603
    whose lead opens with such an opener are split exactly at the title's end in 561 cases and
    left whole in 42 (a title ending in "?" or "…", a lead "Theo Nafiqa," whose source reads as
    a foreign name, one title ending in a word of ``_TAKES_A_DATE``); none is split anywhere else. Each of the 21,681 body lines after the
    first, taken as a first line, is split nowhere."""
    for match in _SPACED_OPENER.finditer(line):
        left = line[: match.start()].rstrip()
        syllables = word_count(left)
        if syllables > TITLE_MAX_SYLLABLES or _SENTENCE_INSIDE.search(left):
            return None  # every later opener has the same too long (or broken) left part
        last = left.rstrip(_CLOSING)[-1:]
        if syllables < SPACED_TITLE_MIN_SYLLABLES or not last.isalnum() or title_cased(left):
            continue
        if _TAKES_A_DATE.search(left):
            continue  # "Nhân kỷ niệm Ngày 20/10, ...": the day is the phrase's object, one sentence
        sentences = split_sentences(line[match.start():])
        first = sentences[0] if sentences else ""
        if word_count(first) < SPACED_TITLE_MIN_SENTENCE_SYLLABLES or not ENDS_WITH_FINAL_MARK.search(first):
            continue
        if match.group("source") and not ("," in first and _lead_source(line[match.end():].split()[0])):
            continue
        return match.start()
    return None


def split_title(lines: list[str], *, tables: bool = False, headline_only: bool = False) -> tuple[str | None, list[str]]:
    """The title line found at the top of ``lines`` (or glued to the first), and the rest.
    ``tables``: the format reads tables, whose rows of short cells are lines joined by
    ``TABLE_CELL_SEPARATOR``: rows opening the document are passed over (a results table above
    the headline) and stay in the body, after the title found below them. ``headline_only``:
    a text whose only line reads as a title is a headline without a body (its title, and no
    lines), as an editor saves a headline alone; otherwise a title needs a line after it."""
    from .headline import is_label_only

    if tables:
        rows = 0
        while rows < len(lines) - 1 and (leading_row(lines[rows]) or not lines[rows].strip()):
            rows += 1
        if any(TABLE_CELL_SEPARATOR in line for line in lines[:rows]):
            title, rest = split_title(lines[rows:])
            return title, lines[:rows] + rest

    while len(lines) > 1 and is_label_only(lines[0]):  # "[Video]" on a line above the headline
        lines = lines[1:]
    first, rest = lines[0], lines[1:]
    following = next((line.strip() for line in rest if line.strip()), "")
    # a long first line is a title only above a line that opens anew: a line that runs on in lower
    # case ("các tỉnh ...", not "iPhone ...") or as long as it is (a width both were wrapped at) is the
    # rest of a hard-wrapped paragraph, and a line alone may be a sentence without its period
    runs_on = bool(following) and (following.split()[0].islower() or _same_width(first.strip(), following)
                                   or _ENDS_MID_PHRASE.search(first.rstrip()) is not None
                                   or first.rstrip()[-1:] in _QUOTE_CLOSERS)  # a quoted question is someone's words
    longest = TITLE_LINE_MAX_SYLLABLES if following and not runs_on else TITLE_MAX_SYLLABLES
    if (following or headline_only) and is_title_line(first, longest):
        return first.strip(), rest
    cut = _glued_title_split(first)
    if cut is None:
        cut = _spaced_title_split(first)
    if cut is not None:
        return first[:cut].strip(), [first[cut:].strip(), *rest]
    return None, lines


# --------------------------------------------------------------------------------------------
# Credits, datelines, captions
# --------------------------------------------------------------------------------------------

# News agencies and sites whose short code opens a body as "CODE - " (with parentheses any
# capitalised short name is accepted: "(TTXVN)", "(Dân trí) -", "Hà Nội (AFP) -").
AGENCY_CODES = outlet_names(DATELINE)  # the table and why its spellings differ: :mod:`summarizer.outlets`
CREDIT_MAX_WORDS = 8  # longest "Theo ..." / "Nguồn: ..." credit, words included
# Longest author line closing a report ("Minh Anh", "Hồng Nhung - Văn Minh"), read from the text
# alone; a page's line in an element that names the author may be longer (a date beside the name:
# ``html_text.AUTHOR_ELEMENT_LINE_MAX_WORDS``).
TRAILING_AUTHOR_LINE_MAX_WORDS = 5
MAX_TRAILING_CREDIT_LINES = 3  # credit/byline/caption lines removed from the end, at most
MAX_LEADING_DATE_LINES = 2  # date/time lines ("Thứ Hai, 23/5/2016 10:30") removed from the start
DATE_LINE_MAX_WORDS = 12  # longest such line (a date, a time and an author's name)
WEB_CREDIT_MAX_WORDS = 12  # a closing line this short with a web address is a source link ...
# ... unless it ends in a final mark with at least this many words beside the address: a sentence
# that names a site ("Thí sinh tra cứu điểm thi tại trang tuyensinh.moet.gov.vn từ ngày 10/7.").
# No ViMs closing line with an address ends in a final mark; "Xem chi tiết tại vnexpress.net." has 3.
WEB_SENTENCE_MIN_WORDS = 5
_WEB_TOKEN = re.compile(r"\S*(?:https?://|www\.|[\w-]\.(?:com|vn|net|org|info)\b)\S*")

_DASH = r"[-–—]"
_AGENCY_WORDS = frozenset(code.split()[0] for code in AGENCY_CODES)  # "Reuters", "VnExpress", "Dân"...
_AGENCIES = "|".join(re.escape(code) for code in sorted(AGENCY_CODES, key=len, reverse=True))
# "(TTXVN)", "(PLO)-", "(Dân trí) - ": parentheses at the very start of the body.
_DATELINE_PAREN = re.compile(rf"^\(([A-ZĐ][^()\n]{{0,38}})\)\s*(?:{_DASH}|:)?\s*")
# "Hà Nội (TTXVN) - ", "Washington, 7/8 (AFP) – ": a place (and date) before, a dash after.
_DATELINE_PLACE = re.compile(rf"^[A-ZĐ][\w/,. ]{{0,40}}?\s*\(([A-ZĐ][^()\n]{{0,38}})\)\s*{_DASH}\s*")
# "TTO - ", "VOV.VN - ": a known agency code and a dash; or any outlet's code in capitals ("TPO
# - ", "SKĐS - ", "NLĐO - ", "GD&TĐ - ", "VTV.vn - ") before a capital that opens the lead (a
# sentence opening "Messi - ..." has no all-capital code).
# ... or a place written in capitals, its parts joined by dashes too ("HÀ NỘI - ", "TP. HỒ CHÍ MINH
# - ", "BÀ RỊA - VŨNG TÀU - "; each part at most DATELINE_PLACE_WORDS words of two capitals or more),
# before a lead that opens with its time or a word of where or whence ("Sáng 3/5, ...", "Theo ...":
# ``_PLACE_LEAD_OPENER``); a pairing of two names opens a lead so too ("VIỆT NAM - Thái Lan sẽ gặp
# nhau ...", "MỸ - TRUNG QUỐC: ..."), and keeps its first party
DATELINE_PLACE_WORDS = 4
_CAPITAL_WORD = rf"[{VIETNAMESE_CAPITALS}]{{2,}}\.?"
_PLACE_PART = rf"{_CAPITAL_WORD}(?: {_CAPITAL_WORD}){{0,{DATELINE_PLACE_WORDS - 1}}}"
_PLACE_LEAD_OPENER = (rf"(?:Rạng sáng|{'|'.join(part.capitalize() for part in PARTS_OF_DAY.split('|'))}|Khoảng|Ngày|Hôm|Lúc|Vào|Đến|Từ|Sau|Trước|Theo|Tại"
                      r"|Trong|Gần|Hơn|Năm|Tháng|\d)")
# ... or a site's name as its address ("CAND.com.vn - ", "Ngoisao.vn - ", "Giadinh.net.vn - "), or
# one word ending in a word sites end their names with, or opening with a digit ("ZNews - ",
# "VietTimes - ", "2Sao - "; not any word in camel case: "VinFast - hãng xe ..." may open a lead)
_SITE_CODE = (r"[A-Za-z0-9][A-Za-z0-9-]{1,20}(?:\.com|\.net)?\.vn"
              r"|[A-Z0-9][A-Za-z0-9]{0,12}(?:News|Net|Online|Plus|TV|Times|Biz|Info)|\d{1,3}[A-Z][a-z]{1,10}")
# An unknown short code in capitals is an outlet's only before a lead's opening word: its time,
# where or whence (``_PLACE_LEAD_OPENER``), or a subject a news lead opens with; before any other
# it is a party of a pairing ("HAGL - SLNA là trận ...", "NATO - Nga tiếp tục ...", "MU - Chelsea: ...").
_CODE_LEAD_OPENER = (rf"(?:{_PLACE_LEAD_OPENER}|Ông|Bà|Anh|Chị|Em|Cơ quan|Công an|Cảnh sát|UBND|HĐND|Sở|Bộ|Ban|Các|"
                     r"Nhiều|Những|Một|Hai|Ba|Người|Lực lượng|Thủ tướng|Chủ tịch|Tổng|Phó|Giám đốc|Mới đây|Vừa qua|"
                     r"Hiện|Dù|Mặc dù|Với|Để|Nhằm)(?!\w)")
_DATELINE_CODE = re.compile(
    rf"^(?:(?:{_AGENCIES}|{_SITE_CODE}|[A-ZĐ]{{1,4}}&[A-ZĐ]{{1,4}})\s*{_DASH}\s*(?=[{VIETNAMESE_CAPITALS}\d\"“])"
    rf"|[A-ZĐ]{{2,6}}(?:\.(?:[A-ZĐ]{{2,4}}|vn))?\s*{_DASH}\s+(?={_CODE_LEAD_OPENER}|[\"“])"
    rf"|{_PLACE_PART}(?:\s*{_DASH}\s*{_PLACE_PART})*\s*{_DASH}\s*(?={_PLACE_LEAD_OPENER}))"
)
_BULLET = re.compile(r"^[*•+]\s+(?=\S)")  # a list bullet opening a line (a dash may open dialogue)
_END_MARK = re.compile(r"\s*/\s*\.\s*$")  # "./." closing a Vietnamese news story
_CREDIT_START = re.compile(r"\(?\b(?:Theo|Nguồn)\b")
_CREDIT = re.compile(r"^\(?(?:Theo|Nguồn)\s*:?\s+(\S[^,;]*?)\s*\)?\.?$")
# Lower-case words that may precede a source's name: "Theo báo Tuổi Trẻ", "Nguồn: trang VOV".
_SOURCE_KINDS = frozenset({"báo", "tờ", "trang", "hãng", "kênh", "đài", "tạp", "thông", "cổng", "website"})
# "(TTXVN)", "(Theo Dân trí)": a source in parentheses ending a report.
_PAREN_CREDIT = re.compile(r"^\((?:Theo\s+|Nguồn:?\s+)?([A-ZĐ][^()\n]{0,38})\)\.?$")
_PAREN_TAIL = re.compile(r"(?<=[.!?…\"”])\s*\((?:Theo\s+|Nguồn:?\s+)?[A-ZĐ][^()\n]{0,38}\)\.?$")
_CAPTION_WORD = r"(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Video|Clip|Đồ họa|Đồ hoạ|Infographic)"
# A whole line that is a caption credit: "Ảnh: Reuters", "(Ảnh minh họa)", "- Ảnh: AFP".
_CAPTION_LINE = re.compile(rf"^(?:{_DASH}\s*)?\(?{_CAPTION_WORD}(?:\s*:\s*[^\n]{{1,60}}?)?\)?\.?$")
# "(Ảnh: TTXVN)" anywhere, "- Ảnh: AFP" at the end of a line.
_CAPTION_PAREN = re.compile(rf"\s*\((?i:{_CAPTION_WORD})\s*:\s*[^()\n]{{1,60}}\)")  # "(ảnh: X)" too
_CAPTION_TAIL = re.compile(rf"\s+{_DASH}\s*{_CAPTION_WORD}\s*:\s*[^\n]{{1,60}}$")
# "Bà Ko chụp ảnh ở New York ngày 23-4. Ảnh: THE WASHINGTON POST": a credit after a sentence's end.
_CAPTION_AFTER_SENTENCE = re.compile(rf"(?<=[.!?…\"”])\s*{_CAPTION_WORD}\s*:\s*[^\n]{{1,60}}$")
# "Tường nhà bị nứt sau trận động đất. (Ảnh: Dư Toán/TTXVN)": a credit in brackets ending a line.
_CAPTION_PAREN_END = re.compile(rf"\s*\((?i:{_CAPTION_WORD})\s*:\s*[^()\n]{{1,60}}\)\.?$")
# "Ảnh: Hiện trường một ngôi nhà bị nứt", "Video: Toàn cảnh vụ cháy": a caption opening with its label.
_CAPTION_HEAD = re.compile(rf"^{_CAPTION_WORD}\s*:\s*\S")
CAPTION_MAX_WORDS = 40  # a line ending in a photo credit is a caption when it is one sentence this short
# A line crediting the report's authors, wherever it stands: "Bài và ảnh: Nhóm phóng viên TTXVN",
# "Bài, ảnh: Minh Anh", "Tin, ảnh: Hồng Nhung", "Bài: Minh Anh", "Thực hiện: Nhóm PV" (a series
# part, "Bài 1: ...", has its number before the colon).
_AUTHOR_CREDIT = re.compile(
    r"^(?:(?:Bài|Tin|Ảnh|Video|Clip)(?:\s*(?:,|và|&|\+|-)\s*(?:ảnh|bài|video|clip))+|Bài|(?:Nhóm )?[Tt]hực hiện)"
    rf"\s*:\s*(?P<names>[{VIETNAMESE_CAPITALS}][^.!?…\n]*)\.?$"  # a name in capitals: "Bài: đang cập nhật" is none
)
# Arrows leading a link to another article: ">>", ">>>", "»", "›", "▶", "►", "→".
_NAVIGATION_ARROWS = r"[>»›▶►→]+"
# A line sending the reader to other articles: "Xem thêm: <another article's title>", "Đọc thêm »",
# "Tin liên quan" heading a list of titles, the label behind arrows too (">> Xem thêm:", "» Đọc thêm:").
# Dropped from the body (no credit: it names no source).
_NAVIGATION_LABEL = re.compile(
    rf"(?i)^(?:{_NAVIGATION_ARROWS}\s*)?(?:xem thêm|đọc thêm|mời (?:bạn )?(?:xem|đọc) thêm|tin liên quan|bài liên quan|tin bài liên quan|"
    r"tin cùng chuyên mục|có thể bạn quan tâm|bạn có thể quan tâm)\s*(?:[:>»›]+\s*(?P<target>.*))?$"
)
MAX_RELATED_TITLES = 10  # titles listed under a closing "Tin liên quan" line, dropped with it, at most
_BYLINE_TOKEN = re.compile(rf"^(?:[A-ZĐ][^\W\d_]*(?:/[A-ZĐ][\w+.]*)?|{_DASH}|/|&)$")


def _short(text: str, limit: int) -> bool:
    return word_count(text) <= limit


def _names_a_source(value: str) -> bool:
    """The part after "Theo"/"Nguồn" names a source: it starts with a capital ("Vietnam+",
    "VnExpress") or a kind of source ("báo Tuổi Trẻ"), and has no clause of its own."""
    words = value.split()
    if not words or len(words) > CREDIT_MAX_WORDS - 1:
        return False
    first = words[0]
    return first[0].isupper() or (first.lower() in _SOURCE_KINDS and any(w[0].isupper() for w in words[1:]))


def _web_sentence(line: str) -> bool:
    """A line with a web address that reads as a sentence: it ends in a final mark and has
    ``WEB_SENTENCE_MIN_WORDS`` words beside its addresses."""
    return bool(ENDS_WITH_FINAL_MARK.search(line)) and word_count(_WEB_TOKEN.sub(" ", line)) >= WEB_SENTENCE_MIN_WORDS


def _whole_line_credit(line: str, *, last: bool) -> bool:
    """A line that is only a credit: "Theo Vietnam+", "(Theo VnExpress)", "Nguồn: TTXVN",
    a caption credit, the authors' credit ("Bài và ảnh: Nhóm phóng viên TTXVN"), or (for the
    report's last lines) an author byline or a short line with a web address (a link to the
    source)."""
    credit = _CREDIT.match(line)
    if credit and _short(line, CREDIT_MAX_WORDS) and _names_a_source(credit.group(1)):
        return True
    authors = _AUTHOR_CREDIT.match(line)
    if authors and _short(authors.group("names"), CREDIT_MAX_WORDS):
        return True
    if _CAPTION_LINE.match(line) and _short(line, CREDIT_MAX_WORDS + 2):
        return True
    paren = _PAREN_CREDIT.match(line)
    if last and paren and _names_a_source(paren.group(1)):
        return True
    if last and _short(line, WEB_CREDIT_MAX_WORDS) and WEB_ADDRESS.search(line) and not _web_sentence(line):
        return True  # "Tin tức nguồn: http://…", "Xem tiếp tại: http://…", "doc tin tuc xaluan.com"
    if last and _GROUP_BYLINE.match(line):
        return True  # "Nhóm phóng viên", "Nhóm PV Thời sự": a desk's byline, no name in it
    if last and _short(line, TRAILING_AUTHOR_LINE_MAX_WORDS):
        tokens = line.split()
        names = [t for t in tokens if t[0].isupper()]
        return bool(names) and all(_BYLINE_TOKEN.match(t) for t in tokens)
    return False


# A closing byline of a desk rather than a person: "Nhóm phóng viên", "Nhóm PV", "Nhóm phóng viên
# Thời sự", "Ban Kinh tế".
_GROUP_BYLINE = re.compile(r"^(?:Nhóm (?:phóng viên|PV)|Ban [A-ZĐ]\w*)(?: [A-ZĐ][\w-]*){0,3}\.?$")


def _glued_tail_credit(line: str) -> int | None:
    """Start of a credit glued after the last sentence ("…Việt Nam.Theo Vietnam+")."""
    paren = _PAREN_TAIL.search(line)
    if paren:
        credit = _PAREN_CREDIT.match(paren.group(0).strip())
        if credit and _names_a_source(credit.group(1)):
            return paren.start()
    starts = [m.start() for m in _CREDIT_START.finditer(line)]
    if not starts or starts[-1] == 0:
        return None
    start = starts[-1]
    before = line[:start].rstrip()
    tail = line[start:]
    credit = _CREDIT.match(tail)
    if (
        before
        and before[-1] in ".!?…\"”"
        and credit
        and _short(tail, CREDIT_MAX_WORDS)
        and _names_a_source(credit.group(1))
        and not _SENTENCE_INSIDE.search(credit.group(1))
    ):
        return start
    return None


def _strip_dateline(line: str) -> tuple[str, str | None]:
    for pattern in (_DATELINE_PAREN, _DATELINE_PLACE, _DATELINE_CODE):
        match = pattern.match(line)
        if match and _short(match.group(0), CREDIT_MAX_WORDS) and match.end() < len(line):
            return line[match.end() :], match.group(0).strip(" -–—:")
    return line, None


def _photo_credit_tails(line: str) -> list[re.Match[str]]:
    """The photo credits ending ``line`` ("… - Ảnh: TTXVN", "… ngày 2/4. Ảnh: AFP", "… động
    đất. (Ảnh: Dư Toán/TTXVN)"), each pattern's match when it is credit-sized."""
    tails = [pattern.search(line) for pattern in (_CAPTION_TAIL, _CAPTION_AFTER_SENTENCE, _CAPTION_PAREN_END)]
    return [tail for tail in tails if tail and _short(tail.group(0), CREDIT_MAX_WORDS + 2)]


def _caption_line(line: str) -> bool:
    """Whether ``line`` is a photo caption as a whole: one short sentence or fragment
    (``CAPTION_MAX_WORDS``) that ends in a photo credit ("… tại hội thảo - Ảnh: Quang Định",
    "… ngày 23-4. Ảnh: AFP", "… sau trận động đất. (Ảnh: Dư Toán/TTXVN)") or opens with a
    caption's label ("Ảnh: Hiện trường một ngôi nhà bị nứt tại xã Hiếu", "Video: Toàn cảnh vụ
    tai nạn"). A longer line, or one of several sentences, is body text that merely ends in a
    credit: only the credit leaves it (:func:`_strip_captions`). On ViMs the bracketed credit
    and the label opening a caption move 1 line out of the 1,950 bodies, a credit glued before
    its caption ("Ảnh: Telegraph Taliban xác nhận …", Cluster_072); no ViMs body line ends in a
    bracketed credit, and every line ViMs holds that ends in a credit is a caption (6, those
    with a dash or a full stop were captions already)."""
    parts = [line[: credit.start()] for credit in _photo_credit_tails(line)]
    if _CAPTION_HEAD.match(line):
        parts.append(line)
    return any(_short(part.strip(), CAPTION_MAX_WORDS) and not _SENTENCE_INSIDE.search(part.strip()) for part in parts)


# A news aggregator's credit inside the text it copied (ViMs has 10): "... án chung thân - tin
# tức đăng tải trên báo Thanh niên." closing a sentence, "Tin tức (đăng tải) trên báo Dân trí
# cho hay, ..." opening one, and "như tin (tức báo X) đã đưa," inside one ("Trước đó, như tin đã
# đưa, đêm 31/3, ..."). Each goes to the credits; the sentence keeps its claim.
_AGGREGATOR_TAIL = re.compile(r"\s+[-–—]\s+tin tức đăng tải trên [^.!?\n]{1,60}?(?=[.!?]\s|[.!?]$|$)", re.IGNORECASE)
_AGGREGATOR_HEAD = re.compile(r"(?:(?<=^)|(?<=[.!?]\s))Tin tức (?:đăng tải )?(?:trên|từ) báo [^,.!?\n]{1,40}?"
                              r"(?: cho (?:hay|biết))?,\s+(?=\w)")
_AS_REPORTED = re.compile(r"(?:(?<=^)|(?<=[.!?]\s)|(?<=,\s))(?i:như tin(?: tức)?(?: báo [^,.!?\n]{1,30}?)? đã đưa),\s+(?=\w)")


def strip_aggregator_credits(line: str) -> tuple[str, list[str]]:
    """``line`` without an aggregator's credits (``_AGGREGATOR_TAIL``, ``_AGGREGATOR_HEAD``,
    ``_AS_REPORTED``), a sentence that opened with one capitalised again, and the credits."""
    credits: list[str] = []

    def take(match: re.Match[str]) -> str:
        credits.append(match.group().strip(" ,-–—"))
        return ""

    line = _AGGREGATOR_TAIL.sub(take, line)
    for pattern in (_AGGREGATOR_HEAD, _AS_REPORTED):
        line = pattern.sub(lambda m: "\x00" + take(m), line)
    if "\x00" in line:  # what followed a removed opener starts its sentence, or goes on a clause
        line = re.sub(r"(^|[.!?]\s)\x00(\w)", lambda m: m.group(1) + m.group(2).upper(), line).replace("\x00", "")
    return line, credits


def _strip_captions(line: str) -> tuple[str, list[str]]:
    """The line without photo credits, and what was removed. A photo caption
    (:func:`_caption_line`) is removed whole, kept as one credit."""
    if _caption_line(line):
        return "", [line.strip()]
    found: list[str] = []

    def keep(match: re.Match[str]) -> str:
        found.append(match.group(0).strip())
        return ""

    line = _CAPTION_PAREN.sub(keep, line)
    tail = _CAPTION_TAIL.search(line)
    if tail and _short(tail.group(0), CREDIT_MAX_WORDS + 2):
        found.append(tail.group(0).strip(" -–—"))
        line = line[: tail.start()]
    return line.strip(), found


def kept_break(line: str, following: str) -> bool:
    """A line break that is a paragraph's end whatever the wrapping: ``line`` ends in a photo
    credit ("… ngày 2/4. Ảnh: Minh Anh"), ``following`` is a credit line of its own ("Theo
    TTXVN"), or either is a table row (``TABLE_CELL_SEPARATOR``: "Xăng RON 95 | 24.500 đồng")."""
    return (bool(_photo_credit_tails(line)) or _whole_line_credit(following, last=False)
            or TABLE_CELL_SEPARATOR in line or TABLE_CELL_SEPARATOR in following)


# A date or time: "23/5/2016", "23-5-2016", "Thứ Hai", "Chủ nhật", "10:30", "GMT+7".
_DATE_TOKEN = re.compile(
    r"(?i)\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\bthứ\s+(?:hai|ba|tư|năm|sáu|bảy)\b|\bchủ\s+nhật\b|"
    r"\b\d{1,2}:\d{2}\b|\bGMT\b"
)


def _date_line(line: str) -> bool:
    """A page's date (and author) line, not a sentence: "Thứ Hai, 23/5/2016 10:30 (GMT+7)"."""
    stripped = line.rstrip(_CLOSING)
    return (
        _short(line, DATE_LINE_MAX_WORDS)
        and bool(_DATE_TOKEN.search(line))
        and not stripped.endswith((".", "!", "?", "…"))
    )


def _strip_end_mark(line: str) -> str:
    """``line`` without the end-of-article mark "/." of Vietnamese news copy ("... làm rõ./.",
    "... hiện nay/.", a line "/." alone), ending in final punctuation ("" when nothing is left)."""
    if not _END_MARK.search(line):
        return line
    kept = _END_MARK.sub("", line).rstrip()
    return kept + ("." if kept and not SENTENCE_END.search(kept) else "")


def _navigation_line(line: str) -> re.Match[str] | None:
    """The label's match when ``line`` sends the reader to other articles
    (``_NAVIGATION_LABEL``): the label alone ("Tin liên quan", "Xem thêm:"), or followed by a
    title ("Xem thêm: Cháy chung cư mini ở Khương Hạ khiến 56 người chết"): title-sized, not
    ending like a sentence; None otherwise. A sentence after the label ("Xem thêm chi tiết về hỗ
    trợ của Ngân sách nhà nước tại đây.", ViMs) is text."""
    label = _NAVIGATION_LABEL.match(line)
    target = (label.group("target") or "").strip() if label else ""
    return label if label and (not target or is_title_line(target)) else None


def _without_navigation(lines: list[str]) -> list[str]:
    """``lines`` without navigation lines (:func:`_navigation_line`), without the title-sized
    lines (at most ``MAX_RELATED_TITLES``) listed under a label alone on its line ("Xem thêm:",
    "Tin liên quan" in the body), and without all that follows a closing "Tin liên quan" (a label
    alone, followed up to the end by at most ``MAX_RELATED_TITLES`` title-sized lines). On ViMs no line is dropped: its two lines opening
    so are a sentence ("Xem thêm chi tiết … tại đây.") and a closing web credit ("Xem tiếp tại:
    http://…", a credit already)."""
    kept: list[str] = []
    listed = 0  # titles that may still follow a label alone on its line ("Xem thêm:", "Tin liên quan")
    for index, line in enumerate(lines):
        if listed:
            if is_title_line(line):
                listed -= 1
                continue  # another article's title listed under the label
            listed = 0
        label = _navigation_line(line)
        if label is None:
            kept.append(line)
            continue
        remaining = len(lines) - index - 1  # counted, not copied: one copy per label was quadratic
        if (not label.group("target") and 0 < remaining <= MAX_RELATED_TITLES
                and all(is_title_line(after) for after in lines[index + 1 :])):
            break  # a closing list of related titles
        listed = 0 if label.group("target") else MAX_RELATED_TITLES
    return kept


# A live blog's entry opens with its clock time and a separator ("21h32: Phút 82, ...", "21:32 -
# ...", "9 giờ 05: ..."); LIVE_BLOG_MIN_ENTRIES such lines make a text a live blog.
_CLOCK_STAMP = re.compile(  # single optional spaces (the loader folds runs of them): no backtracking over long ones
    r"(?:(\d{1,2}) ?(?:h|:|giờ) ?(\d{2})? ?(?:phút)? ?[:\-–—|]"  # "21h32:", "21:32 -"
    r"|[\[(](\d{1,2}) ?(?:h|:) ?(\d{2})[\])] ?[:\-–—]?"  # "[17:30]", "(17h30)"
    r"|(?i:phút) (\d{1,3})(?: ?\+ ?(\d{1,2}))? ?:)"  # a match's "Phút 55:", "Phút 90+4:"
    r" (?=\S)"
)
LIVE_BLOG_MIN_ENTRIES = 3
# A line that opens the way a stamp does, read as one or not: a match minute however written
# ("Phút 110 - Bàn thắng:", "Phú 33:", "(90+4’):", "(72):") or a clock time ("23h30 Trận đấu").
_STAMP_LIKE = re.compile(
    r"\W*(?:(?i:phú?t)\s*\d|\(\s*\d{1,3}(?:\s*\+\s*\d{1,2})?\s*['’]?\s*\)|\d{1,2}\s*(?:h|:|giờ)\s*\d{0,2}(?!\d))"
)
HOURS_A_DAY, MINUTES_AN_HOUR = 24, 60


def _clock_minutes(line: str) -> int | None:
    """The time of day a line opens with as a live blog's entry stamp, in minutes, or None."""
    match = _CLOCK_STAMP.match(line)
    if match is None:
        return None
    if match.group(5) is not None:  # a match minute: its order is all that counts
        return int(match.group(5)) * MINUTES_AN_HOUR + int(match.group(6) or 0)
    hour = int(match.group(1) or match.group(3))
    minute = int(match.group(2) or match.group(4) or 0)
    return hour * MINUTES_AN_HOUR + minute if hour < HOURS_A_DAY and minute < MINUTES_AN_HOUR else None


# A live blog's entry header on a line of its own: "Cập nhật lúc 12:45 ngày 07/09/2024".
_UPDATE_STAMP = re.compile(r"^\W*(?i:cập nhật|updated?)\b")


UPDATE_LABEL_MAX_WORDS = 4  # "Cập nhật liên tục", "Cập nhật mới nhất": a live blog's label line


def _update_stamp(line: str) -> bool:
    """A line that only says when the text below it was updated, or that it is (layout, never a
    sentence): "Cập nhật lúc 12:45 ngày 07/09/2024", "Cập nhật liên tục"."""
    if not _UPDATE_STAMP.match(line):
        return False
    return _date_line(line) or (_short(line, UPDATE_LABEL_MAX_WORDS) and not ENDS_WITH_FINAL_MARK.search(line))


def _without_stamp(line: str) -> str:
    """A live blog's entry without its stamp: a clock time goes ("21h32: Phút 82, ..." -> "Phút
    82, ..."); a match minute stays as prose ("Phút 55: Hai Long gỡ hòa" -> "Phút 55, Hai Long gỡ
    hòa"), the capital after it kept (a name as often as a common word: "Phút 30: Hải đột phá")."""
    match = _CLOCK_STAMP.match(line)
    if match is None:
        return line
    rest = line[match.end() :]
    if match.group(5) is None:
        return rest
    minute = match.group(5) + (f"+{match.group(6)}" if match.group(6) else "")
    return f"{match.group(0).split()[0]} {minute}, {rest}"


def live_blog_in_order(lines: list[str]) -> list[str]:
    """``lines`` without the lines that only say when the text under them was updated ("Cập
    nhật lúc 12:45 ngày 07/09/2024"); then, for a live blog (``LIVE_BLOG_MIN_ENTRIES`` lines or
    more opening with a clock stamp), with the stamps taken off, layout rather than prose ("21h32: Phút 82, ..." -> "Phút
    82, ..."; a match minute stays as prose, :func:`_without_stamp`), and its entries told as a
    report tells them: a blog whose stamps fall from first to last, newest first as live blogs are
    written, keeps its newest entry in front (the state of things, a report's lead: "Trận đấu kết
    thúc! Việt Nam thắng 3-2") and tells the others from the first on (each entry the stamped
    line and the lines under it up to the next stamp, the last one's up to the end; what comes
    before the first stays in front). Stamps that rise are left as they are: a day's programme
    ("7h30: Lễ rước kiệu từ chân núi.") reads so as often as a blog written oldest first, and
    its lines are no sentences without their times. Any other text is returned as is."""
    lines = [line for line in lines if not _update_stamp(line)]
    stamps = [_clock_minutes(line) for line in lines]  # each line's, read once
    starts = [i for i, minutes in enumerate(stamps) if minutes is not None]
    if len(starts) < LIVE_BLOG_MIN_ENTRIES:
        return lines
    times = [minutes for minutes in stamps if minutes is not None]
    if not (times[0] > times[-1] and all(a >= b for a, b in zip(times, times[1:]))):
        return lines  # times that rise are a day's programme as often as a blog: they stay
    if any(_STAMP_LIKE.match(line) and minutes is None for line, minutes in zip(lines[starts[0] :], stamps[starts[0] :])):
        return lines  # entries stamped in ways not read ("Phút 110 - Bàn thắng:", "(90+4’):"): moved, they would scramble
    plain = [line if minutes is None else _without_stamp(line) for line, minutes in zip(lines, stamps)]
    entries = [plain[start:end] for start, end in zip(starts, [*starts[1:], len(plain)])]
    told = [entries[0], *reversed(entries[1:])]  # the newest, the blog's lead, then from the start
    return plain[: starts[0]] + [line for entry in told for line in entry]


def strip_credits(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Body lines without credits (and without the end mark "/." and list bullets "*", "•", "+",
    and lines sending the reader to other articles, :func:`_without_navigation`), and the
    credits in the order they appear."""
    lines = [line for line in (_BULLET.sub("", _strip_end_mark(line)) for line in lines) if line.strip()]
    lines = _without_navigation(lines)
    head: list[str] = []
    tail: list[str] = []
    # Date lines of a saved page or a PDF at the very start ("Thứ Hai, 23/5/2016 10:30 Minh Anh").
    while len(lines) > 1 and len(head) < MAX_LEADING_DATE_LINES and _date_line(lines[0]):
        head.append(lines.pop(0))
    # Whole credit lines at the end (bylines only there), then a credit glued to the last sentence.
    removed = 0
    while len(lines) > 1 and removed < MAX_TRAILING_CREDIT_LINES and _whole_line_credit(lines[-1], last=True):
        tail.insert(0, lines.pop())
        removed += 1
    if lines:
        cut = _glued_tail_credit(lines[-1])
        if cut is not None:
            tail.insert(0, lines[-1][cut:].strip())
            lines[-1] = lines[-1][:cut].rstrip()
    if lines:
        lines[0], dateline = _strip_dateline(lines[0])
        if dateline:
            head.append(dateline)
    body: list[str] = []
    middle: list[str] = []
    for line in lines:
        if _whole_line_credit(line, last=False):
            middle.append(line)
            continue
        line, captions = _strip_captions(line)
        middle.extend(captions)
        line, credits = strip_aggregator_credits(line)
        middle.extend(credits)
        if line:
            body.append(line)
    return body, tuple(head + middle + [t for t in tail if t])
