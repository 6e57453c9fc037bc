"""Sentences that lean on the one before them in their report, read from their words alone: a
speaker named by a pronoun or a title (:func:`bare_speaker`), someone's words with no speaker
(:func:`speakerless_quotation`), a subject that points back ("Người này ...", "Con số này ...":
:func:`points_back`), news that is only that someone confirmed what came before
(:func:`says_as_above`), a list item after its lead-in (:func:`list_item`, :func:`leads_in`),
and the connectives that point back ("Tuy nhiên,", "Trước đó,": ``DETACHABLE_OPENERS``,
``OPENING_DETACHABLE``), which the extractive engine drops where their antecedent is not told
(``summarizer.engines.extractive``: ``QuotationRuns``, ``detach_openers``).
"""

from __future__ import annotations

import re

from . import figures, quotes

# The words that name a speaker by a pronoun or a title alone ("Ông nói:", "bà cho biết", "Thủ
# tướng nhấn mạnh"), before a quotation or after its closing mark.
_BARE_SPEAKER = r"(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ô|[Tt]hủ tướng|[Bb]ộ trưởng|[Cc]hủ tịch|[Tt]ổng thống|HLV)"
SPEECH_VERBS = ("nói", "cho biết", "khẳng định", "nhấn mạnh", "chia sẻ", "tiết lộ", "kể", "nói thêm", "cho hay",
                "thừa nhận", "phát biểu", "bày tỏ", "đề nghị", "cho rằng", "lưu ý")
_SPEECH_VERB = rf"(?:{'|'.join(SPEECH_VERBS)})"
_SPEAKER_FIRST = re.compile(rf"^(?:Ông|Bà|Anh|Chị|Cô|Thủ tướng|Bộ trưởng|Chủ tịch|Tổng thống|HLV)"
                            rf"(?: (?:này|ấy))? {_SPEECH_VERB}\b")
_SPEAKER_LAST = re.compile(rf"[”\"],? (?:{_BARE_SPEAKER})(?: (?:này|ấy))? {_SPEECH_VERB}(?: thêm)?\.?$")


def bare_speaker(text: str) -> bool:
    """Whether ``text`` names its speaker by a pronoun or a title alone ("Ông nói: “Malaysia sẽ
    ...", "“Thật vô lý”, ông nói."): who that is, the sentence before it in its report says."""
    return bool(_SPEAKER_FIRST.match(text) or _SPEAKER_LAST.search(text))


def speakerless_quotation(text: str) -> bool:
    """Whether ``text`` is someone's words alone, whole, with no speaker ("“Tôi đã bị thuyết
    phục và quyết định khoác áo Liverpool”."): who says them, the sentence before it says."""
    stripped = text.strip()
    return (stripped[:1] in quotes.MARKS and quotes.imbalance(stripped).balanced
            and not quotes.words_after_quotation(stripped))


# Subjects that point back at someone or something the sentence before named: a pronoun ("Họ",
# "Hắn", "Anh ta", "Cô ấy", "Cả hai") or a noun phrase with a demonstrative ("Người này", "Tên
# này", "Con số này", "Điều đó", "Thủ môn 22 tuổi này", "Với mức giảm này,", "Theo báo cáo
# này,"), and "Trong đó," / "Trong số đó," (among those). Alone in a summary they point at
# nothing ("Người này có hơi men."). Time words with a demonstrative ("Lần này", "Năm này",
# "Lúc này") have a meaning of their own and are left out, as is "đó" after other nouns ("Kỷ
# lục trước đó"); "trên" (above) counts before a comma only ("Với hành vi trên, ..."), being
# also "on" ("Vũ khí trên xe tăng ..."). "Còn lại" (the rest: "Số tiền còn lại ...", "Hai bé
# còn lại ...") points back at the whole the sentence before named, but not before a number
# ("Chỉ còn lại 2 nhà máy": only two remain).
_PRONOUN_SUBJECTS = (
    "Họ", "Hắn", "Gã", "Ông ta", "Bà ta", "Anh ta", "Cô ta", "Chị ta", "Ông ấy", "Bà ấy", "Anh ấy", "Cô ấy",
    "Chị ấy", "Cậu ấy", "Em ấy", "Cả hai", "Cả ba", "Điều đó", "Việc đó", "Trong đó", "Trong số đó",
)  # fmt: skip
# Titles used alone as a pronoun subject ("Ông trưởng thành ở Nuneaton", "Cô cũng nằm trong hội
# đồng quản trị"): followed by a word in lower case, they name whoever the sentence before
# named; not before the words that make them a noun of their own (``_TITLE_NOUNS``: "Bà con",
# "Cô gái", "Ông xã", "Cậu bé").
_PRONOUN_TITLES = ("Ông", "Bà", "Anh", "Chị", "Cô", "Cậu", "Nó")
_TITLE_NOUNS = ("con", "mẹ", "bố", "chủ", "lão", "cụ", "già", "trai", "gái", "bé", "giáo", "dâu", "rể", "em", "nội",
                "ngoại", "xã", "bầu", "hàng", "ta", "ấy", "này", "chồng", "vợ", "cả", "út", "hai", "ba", "tư",
                "nhỏ", "lớn", "đồ", "nàng", "chàng", "hùng", "thư", "đơn", "trời", "chị", "bà", "ông", "cháu")
_PRONOUN_TITLE = re.compile(
    rf"^(?:{'|'.join(_PRONOUN_TITLES)}) (?!(?:{'|'.join(_TITLE_NOUNS)})(?!\w))(?=[^\W\d_])(?!\w*[A-ZĐ])"
)
# Words that open the phrase before the noun ("Với mức giảm này", "Các mẫu này").
_DEMONSTRATIVE_LEADS = ("Cuối", "Đầu", "Giữa", "Hiện", "Với", "Theo", "Sau", "Trong", "Từ", "Do", "Vì", "Qua", "Phía", "Các", "Những", "Hai", "Ba")
# Nouns of time: "Lần này, ..." (this time) reads alone.
_TIME_NOUNS = ("Lần", "Tuần", "Tháng", "Năm", "Ngày", "Hôm", "Sáng", "Chiều", "Tối", "Đêm", "Dịp", "Mùa", "Lúc",
               "Thời điểm", "Thời gian", "Đến thời điểm", "Vào thời điểm", "Cùng thời điểm")
# Lower-case words (or numbers) between the noun's first word and the demonstrative, at most.
DEMONSTRATIVE_NOUN_WORDS = 3
_TIME_NOUN = rf"(?i:{'|'.join(map(re.escape, _TIME_NOUNS))})(?!\w)"  # "Lần", "tuần", "tháng" ...
# What comes next in a sequence the sentence before began ("Theo sau là Justin Bieber ...",
# "Đứng tiếp theo là Anthony Martial ...", "Tiếp đến, ..."): before a comma or "là" only
# ("Tiếp theo kế hoạch, ..." follows a plan).
_NEXT_IN_SEQUENCE = r"(?:Tiếp theo|Tiếp đến|Tiếp sau(?: đó)?|Kế tiếp|Kế đến|Theo sau(?: đó)?|(?:Đứng|Xếp) (?:tiếp theo|sau))(?=,| là )"
_NUMBER_WORDS = f"(?:{'|'.join(figures.NUMBER_WORDS)})"  # "Chỉ còn lại hai nhà máy"
_POINTS_BACK = re.compile(
    rf"^(?:(?P<pronoun>{'|'.join(map(re.escape, _PRONOUN_SUBJECTS))}(?![\w-])|{_NEXT_IN_SEQUENCE})"
    rf"|(?!{_TIME_NOUN})(?!(?:{'|'.join(_DEMONSTRATIVE_LEADS)}) {_TIME_NOUN})"  # not "Lần này", "Trong tuần này"
    rf"(?:(?:{'|'.join(_DEMONSTRATIVE_LEADS)}) )?"
    rf"(?P<noun>\w+(?: \w+){{0,{DEMONSTRATIVE_NOUN_WORDS}}})"
    rf" (?:này|ấy|nói trên|kể trên|trên(?=,)|còn lại(?!\s*(?:\d|{_NUMBER_WORDS}(?!\w))))(?![\w-]))"
)


# A sentence whose news is only that someone said or confirmed what the sentence before told:
# a verb of saying or confirming, then "như trên" / "như vậy" (so, as above) or "thông tin này",
# "điều này", "sự việc trên" ... (this information), near its end ("Ông Phúc, Giám đốc Trung tâm
# ..., cho biết như trên.", "... xác nhận thông tin này với PV."). Alone it says nothing.
_CONFIRMING_VERB = rf"(?:{'|'.join((*SPEECH_VERBS, 'xác nhận', 'thông tin', 'biết', 'phủ nhận', 'bác bỏ', 'thừa nhận'))})"
_AS_ABOVE = (r"(?:như (?:trên|vậy)|(?:về )?(?:thông tin|điều|sự việc|vụ việc|nội dung|con số|cáo buộc|tin đồn|nghi vấn)"
             r" (?:này|trên|đó|nói trên))")
# After the pointer, only when, where or to whom it was said: words of ``_SAID_WHEN`` and at most
# ``SAYS_AS_ABOVE_TAIL_WORDS`` words more ("... ngày 19-5", "với PV Dân trí", "khi trả lời báo
# chí"), so "Ông cho biết như vậy là đủ ..." (that is enough), "... cho biết con số này trong năm
# nay tăng gấp đôi" and "... điều này sau khi công ty lỗ ..." are news of their own.
_SAID_WHEN = ("với", "khi trả lời", "khi trao đổi", "khi nói chuyện", "tại", "vào", "ngày", "hôm", "sáng", "trưa",
              "chiều", "tối", "đêm")
SAYS_AS_ABOVE_TAIL_WORDS = 7
_SAYS_AS_ABOVE = re.compile(
    rf"(?<!\w){_CONFIRMING_VERB}(?: (?:lại|thêm|rõ|được))? {_AS_ABOVE}(?![\w-])"
    rf"(?: (?:{'|'.join(_SAID_WHEN)})(?![\w-])(?: [^\s,;:.!?“”\"]+){{0,{SAYS_AS_ABOVE_TAIL_WORDS}}})?[.!]?$"
)


# A clause of contrast inside the sentence before the pointer: what it points at is that clause's
# news ("Mansour từng bị đồn đã thiệt mạng ..., song chính phủ đã bác bỏ thông tin này.").
# "nhưng" and "tuy nhiên" with or without a comma; "song" and "trong khi" only after one ("người hát
# song ca", "trong khi trả lời báo chí" are no contrast).
_CONTRAST_INSIDE = re.compile(
    r"\w(?:[,;]?\s+(?:nhưng|tuy nhiên)|[,;]\s+(?:song|trong khi(?!\s+(?:trả lời|trao đổi|nói chuyện|phát biểu))))\s")


def says_as_above(text: str) -> bool:
    """Whether ``text`` only says that someone told, confirmed, denied or admitted what the
    sentence before it in its report told ("..., cho biết như trên.", "... đã xác nhận thông tin
    này.", "Ông Masuzoe sau đó phủ nhận cáo buộc này."), outside a quotation, with no clause of
    contrast before it that tells what it points at."""
    stripped = text.strip()
    if quotes.holds_marks(stripped):
        return False
    match = _SAYS_AS_ABOVE.search(stripped)
    return match is not None and not _CONTRAST_INSIDE.search(stripped[: match.start()])


# A clause before the subject that names no one the subject could be: a source ("Theo kế
# hoạch,", "Theo ghi nhận tại hiện trường,"), what shows ("Hình ảnh cho thấy,"), or a clause of
# time or condition closed by "thì" ("Đến gần quan sát và mở bao tải ra, thì ..."), with no
# capitalised word past its first: a name there is often what the subject points at ("Theo đại
# diện Vietnam Airlines, hãng này ...", "Theo lời khai của Kwon, anh ta ..."), and so is the
# speaker before "cho biết" ("Theranos cho biết, công ty này ...").
LEAD_CLAUSE_MAX_CHARS = 60


def _after_lead_clause(text: str) -> str | None:
    """What follows such a lead clause of ``text`` (its first word in capitals), or None."""
    comma = text.find(", ")
    lead, rest = text[:comma], text[comma + 2 :]
    words = lead.split()
    if not 0 < comma <= LEAD_CLAUSE_MAX_CHARS or not words or any(mark in lead for mark in ";:.!?") \
            or quotes.holds_marks(lead) or any(word[:1].isupper() for word in words[1:]):
        return None
    if words[0] == "Theo" or lead.endswith(" cho thấy"):
        return rest[:1].upper() + rest[1:]
    if rest.startswith("thì "):
        return rest[4:5].upper() + rest[5:]
    return None


def _without_opener(text: str) -> str:
    """``text`` without a connective or a time or place opener the summary may drop ("Nhưng họ
    ...", "Sau đó, người này ..."), its first letter in capitals."""
    opener = OPENER.match(text) or OPENING_OPENER.match(text)
    if opener:
        text = text[opener.end() :]
        text = text[:1].upper() + text[1:]
    return text


def title_alone(text: str) -> bool:
    """Whether ``text`` has a title alone for its subject ("Ông trưởng thành ở Nuneaton", "Cô cũng
    nằm trong hội đồng quản trị"): a pronoun for whoever the sentence before named. Not in a
    report's opening, where "Anh chính thức rời Liên minh châu Âu" is Britain."""
    text = _without_opener(text)
    title = _PRONOUN_TITLE.match(text)
    return title is not None and text[title.end()].islower()


# A sentence that is only the reason for the one before it: "Vì"/"Bởi" and a cause with no
# main clause after it ("Vì xác định đây là vấn đề rất quan trọng.", "Bởi lẽ Montenegro là một
# nước nhỏ ..."); not "Vì sao ...", "Vì vậy ...", nor a cause that leads into its own clause
# ("Vì trời mưa, trận đấu bị hoãn.", "Vì mưa nên ...").
_REASON_ALONE = re.compile(r"^(?:Vì|Bởi vì|Bởi lẽ|Bởi|Là vì)\s+(?!(?:sao|vậy|thế|thế nên|lẽ đó|lẽ ấy|đó|ấy|vì vậy|vì thế)(?!\w))")
_OWN_CLAUSE = re.compile(r"[,;:]|(?<!\w)(?:nên|thì|cho nên)(?!\w)|\?")


def reason_alone(text: str) -> bool:
    """Whether ``text`` is only the reason for the sentence before it (``_REASON_ALONE``)."""
    return bool(_REASON_ALONE.match(text)) and not _OWN_CLAUSE.search(text)


# "như trên" (as above) closing a clause: "HĐXX quyết định tuyên 3 bị cáo mức án như trên.",
# "... xảy ra sự việc như trên.", "... phát biểu như trên khi trả lời ..."; not "cũng như trên
# khán đài" (as well as on) nor "như trên ghế" (as on a seat). 14 ViMs report sentences.
_AS_ABOVE_IN_CLAUSE = re.compile(r"(?<!cũng )(?<!\w)như trên(?: đây)?(?=\s*(?:[.,;:!?…)]|$)|\s+(?:khi|đối với|với)(?!\w))")


def as_above(text: str) -> bool:
    """Whether ``text`` refers to what came before it as "như trên" (``_AS_ABOVE_IN_CLAUSE``),
    outside a quotation."""
    return bool(_AS_ABOVE_IN_CLAUSE.search(text)) and not quotes.holds_marks(text)


# "Đây là ..." / "Đó là ..." (this / that is ...): what "đây" names, the sentence before told
# ("Đây là lần đầu tiên ...", "Đó là vai trò kết nối ..."), also behind a source, named or not
# ("Theo CNN, đây là khoản đầu tư ...": a source's name is never what "đây" points at).
_THIS_IS = re.compile(r"^(?:Đây|Đó)(?: (?:cũng|chính|vẫn|sẽ|mới|được xem|được coi|được cho|có thể|có lẽ))* "
                      r"(?:là|như)(?!\w)")
_AFTER_SOURCE = re.compile(r"^Theo [^,;:.!?“”\"]{1,60}, (?=(?:đây|đó) )")


def _this_is(text: str) -> bool:
    """Whether ``text`` opens with "Đây là" / "Đó là" (``_THIS_IS``), after a source too."""
    source = _AFTER_SOURCE.match(text)
    if source is not None:
        text = text[source.end()].upper() + text[source.end() + 1 :]
    return bool(_THIS_IS.match(text))


# A time the sentence before named, pointed at ("Khi đó, Cục Xuất bản đã có công văn ...": at
# that time), with no date or hour of the sentence's own: told alone, it reads as the day's news.
_TIME_POINTER = re.compile(r"^(?:Khi đó|Khi ấy|Lúc đó|Lúc ấy|Trước đó|Ngay trước đó|Vào thời điểm đó|Thời điểm đó"
                           r"|Tại thời điểm đó|Vào lúc đó),\s")
_DAY_PART = r"(?:ngày|sáng|trưa|chiều|tối|đêm|khuya|hôm|vào|rạng sáng)"
_OWN_TIME = re.compile(
    rf"(?<![\d.,])\d{{1,2}}/\d{{1,2}}(?!\d|[.,]\d)"  # a date, "26/2"
    rf"|{_DAY_PART}\s+\d{{1,2}}[.-]\d{{1,2}}(?!\d|[.,]\d)"  # "ngày 31-3", "sáng 2.6"
    r"|tháng\s+\d|(?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d)"  # a month, a year
    r"|(?<![\d.,])\d{1,2}h(?:\d{2})?(?!\w)|(?:lúc|vào|khoảng)\s+\d{1,2}\s*giờ"  # an hour, not "24 giờ liên tục"
    rf"|{_DAY_PART}\s+(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)",  # a weekday, not "lần thứ ba"
    re.IGNORECASE,
)


def points_back(text: str) -> bool:
    """Whether ``text`` opens with a subject that points back at the sentence before it in its
    report ("Người này có hơi men.", "Con số này tại Nagasaki là 74.000.", "Trong đó, ..."),
    also behind a connective that the summary drops (``detach_openers``: "Nhưng họ đã ..."), or
    is only the reason for it (:func:`reason_alone`: "Vì xác định đây là vấn đề rất quan trọng."),
    or refers to it as "như trên" (:func:`as_above`: "... tuyên mức án như trên."), or says what it
    is ("Đây là lần đầu tiên ...", "Theo CNN, đây là khoản đầu tư ...": ``_THIS_IS``)."""
    if _TIME_POINTER.match(text) and not _OWN_TIME.search(text):
        return True
    text = _without_opener(text)
    if _subject_points_back(text) or reason_alone(text) or as_above(text) or _this_is(text):
        return True
    # the subject after a source, or after a clause of time or condition ("Theo kế hoạch, họ
    # ...", "Hình ảnh cho thấy, tên này ...", "Đến gần mở bao tải ra, thì người này ..."): one
    # such clause
    after = _after_lead_clause(text)
    return after is not None and _subject_points_back(after)


def _subject_points_back(text: str) -> bool:
    """Whether ``text`` opens with a subject of ``_POINTS_BACK``."""
    match = _POINTS_BACK.match(text)
    if match is None:
        return False
    if match["pronoun"]:
        return True
    # a common noun: only the sentence's first word capitalised ("Tên này", "Với mức giảm này";
    # not "Hồ Chí Minh này")
    first, *rest = text[: match.end("noun")].split()
    return first[0].isupper() and all(not word[0].isupper() for word in rest)


# A list item told as its own line after a colon ("- Cấm xe tải trên 10 tấn ...", "2. Cấm người
# và phương tiện ...", "b) ..."): a dash, or a number or letter with a period or a parenthesis,
# and a space open it. (The loader drops "*", "•" and "+" bullets; a dash may also open
# dialogue, which after "Ông cho biết:" needs the line before it just as much.)
LIST_NUMBER_MAX_DIGITS = 2  # "12." numbers an item; "2016." is a year ending a sentence before
_LIST_ITEM = re.compile(rf"^(?:[-–—]|\d{{1,{LIST_NUMBER_MAX_DIGITS}}}[.)]|[a-zđ]\))\s+(?=\w)")


# Words a lead-in holds at least to be told before its item though it reads as a heading alone.
LEAD_IN_MIN_WORDS = 5


def leads_in(text: str) -> bool:
    """Whether ``text`` ends with a colon: it leads into what follows it in its report (a list,
    someone's words), and says nothing without it ("... áp dụng ba biện pháp chính:")."""
    return text.rstrip().endswith(":")


# A count before a noun ("ba lựa chọn", "5 tuyến phố"): not a number word that opens a name
# ("quận Ba Đình", "phố Hai Bà Trưng"), nor "năm" of a year ("năm nay", "năm 2025").
_COUNT = re.compile(rf"(?<![\w.,])(\d{{1,2}}|{'|'.join(figures.NUMBER_WORDS)})\s+(?=[^\W\d_])", re.IGNORECASE)
_NOT_A_COUNT_AFTER_NAM = ("nay", "ngoái", "trước", "sau", "tới", "học", "ấy", "đó", "này", "qua", "mới")


def announced_count(text: str) -> int | None:
    """The number of things a lead-in announces: its last count before a noun ("Người dân có ba
    lựa chọn thay thế:" 3), None when it names none."""
    counts = []
    for match in _COUNT.finditer(text):
        word = match[1]
        following = next(iter(text[match.end():].split(maxsplit=1)), "")  # the noun counted
        if not word.isdigit() and word[0].isupper() and following[:1].isupper() and match.start() > 0:
            continue  # "Ba Đình", "Hai Bà Trưng": a name, not at the sentence start
        if word.lower() == "năm" and following.lower().strip(",.:") in _NOT_A_COUNT_AFTER_NAM:
            continue
        counts.append(word.lower())
    if not counts:
        return None
    return int(counts[-1]) if counts[-1].isdigit() else figures.NUMBER_WORDS[counts[-1]]


def list_item(text: str) -> bool:
    """Whether ``text`` opens as a list item does (a dash, as a line of dialogue does too; "2.",
    "b)")."""
    return bool(_LIST_ITEM.match(text))


def without_item_mark(text: str) -> str:
    """``text`` without the dash or number that opens a list item, its first letter in capitals
    ("2. lắp đặt thêm camera ..." as "Lắp đặt thêm camera ..."): a summary tells it as prose."""
    rest = _LIST_ITEM.sub("", text, count=1)
    return rest if rest == text else rest[:1].upper() + rest[1:]




# Discourse connectives that open a sentence by pointing back at the one before it ("Tuy nhiên,"
# = however); without that sentence they dangle, and dropping them leaves the claim whole.
# Temporal anchors with a meaning of their own ("Trước đó," = before that; "Lúc này," = then)
# are not among them; a pointer to the time the sentence before named ("Thời điểm trên," = at
# the time above) is: without that sentence it names no time.
DETACHABLE_OPENERS = (
    "Tuy nhiên", "Ngoài ra", "Bên cạnh đó", "Theo đó", "Cụ thể", "Trong khi đó", "Mặt khác",
    "Thêm vào đó", "Hơn nữa", "Do đó", "Vì vậy", "Vì thế", "Chính vì vậy", "Chính vì thế", "Nhờ đó", "Nhờ vậy",
    "Đồng thời", "Cũng theo đó",
    "Tuy vậy", "Thế nhưng", "Cùng với đó", "Do vậy", "Bởi vậy", "Bởi thế", "Thậm chí", "Và", "Nhưng",
    "Thời điểm trên", "Vào thời điểm trên", "Tại thời điểm trên", "Cùng thời điểm trên",
    "Vào khoảng thời gian trên", "Thời điểm đó", "Vào thời điểm đó", "Tại thời điểm đó", "Như vậy",
    "Song", "Dù vậy", "Mặc dù vậy", "Dẫu vậy", "Tuy thế", "Vậy nhưng", "Song song đó",  # "Song," only with its comma: "Song Hye-kyo"
    "Đặc biệt", "Được biết", "Cũng được biết", "Đáng chú ý",
)  # fmt: skip
# The ones that also open a sentence without a comma ("Nhưng họ đã...", "Tuy nhiên Chuyên...");
# not "Cụ thể" ("Cụ thể hơn, ..."), "Ngoài ra" ("Ngoài ra còn có ...") and the like, whose bare
# form can lead into the claim itself.
BARE_OPENERS = (
    "Và", "Nhưng", "Thế nhưng", "Tuy nhiên", "Tuy vậy", "Do đó", "Vì vậy", "Vì thế", "Đồng thời", "Theo đó",
    "Nhờ đó", "Nhờ vậy",
)  # fmt: skip
# Openers that point back in time or place ("Trước đó," = before that, "Tại đây," = there): after
# another summary sentence they can still read right ("X happened. Trước đó, ..."), but a summary
# that opens with one points at nothing (4 of the 300 ViMs summaries opened with "Trước đó,"), so
# they are detached from the first sentence only.
OPENING_DETACHABLE = (
    "Trước đó", "Ngay trước đó", "Sau đó", "Ngay sau đó", "Từ đó", "Khi đó", "Lúc đó", "Lúc này", "Tại đây",
    "Thấy vậy",
)  # fmt: skip
OPENING_OPENER = re.compile(rf"^(?:{'|'.join(map(re.escape, OPENING_DETACHABLE))}),\s+(?=\w)")
# "Còn" opens a contrast ("Còn Juve giống như một công ty." = as for Juve) except where it means
# "still, left" or starts a set phrase: before a number ("Còn 5 người mất tích") or these words.
CON_KEPT_BEFORE = ("nhớ", "lại", "hơn", "nữa", "đâu", "gì", "không", "chưa", "bao", "có", "đang", "phải")
OPENER = re.compile(
    rf"^(?:(?:{'|'.join(map(re.escape, DETACHABLE_OPENERS))}),\s+|Cụ thể:\s+|(?:{'|'.join(map(re.escape, BARE_OPENERS))})\s+"
    rf"|Còn\s+(?!\d|(?:{'|'.join(CON_KEPT_BEFORE)})(?!\w)))(?=\w)"
)


# Words that cannot open a sentence: a connective before them stays ("Cụ thể, là giúp giảm chi
# phí" would become "Là giúp giảm chi phí").
KEEPS_OPENER = re.compile(r"(?:là|thì|mà)(?!\w)")
