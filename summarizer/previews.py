"""Previews overtaken by the outcome: expectations that another report of the cluster tells as done.

A cluster often holds a report written before its event beside reports of what happened: "Cặp
đôi sẽ kết hôn vào ngày mai (21/5)" beside "Chiều ngày 21/5, ... tổ chức dùng bữa cùng gia
đình". An extractive summary that takes both tells the expectation and the outcome as if both
were current. :func:`preview_sentences` lists, per (file, 0-based sentence index), the sentences
that state such an overtaken expectation, with a short reason; :func:`preview_reports` names the
reports written before the event. Both read plain data, ``(file, title, sentences)`` per report
(:func:`report_texts` builds it from a prepared cluster).

Granularity: sentences. A preview report also states background that stays true (how long the
tunnel is, where the photos were taken), and 5 of the 13 sentences flagged in the corpus stand
in reports that are no previews (a report of the photo shoot that adds "the wedding will be on
21/5"). Reports are named previews for the caller's information and to find a preview's further
expectations (rule 5). The rule works on a DATED event, because a date ties an expectation to
an outcome without guessing at topics:

1. A date is coming in the cluster when some report (title or sentence) names it relative to
   its own writing: "21-5 tới", "21/5 tới đây", "22.5 sắp tới", "ngày mai (21/5)", "tối mai
   (5/6)", or a day alone, "ngày 21 tới đây"; or (1b, :func:`_confirmed_dates`) names it a few
   words after a future marker and the event ("dự kiến được công bố ngày 8/7") that another
   report tells as done on it ("Chiều 8/7, Sở ... công bố điểm chuẩn"): no new ViMs sentence is
   flagged by it (a looser form, any distance from the marker, flagged a source's date, "theo AP
   ngày 19.5", and "trong 2-3 ngày tới" read as 2/3). "tới" before a second bound or a place ("từ 10/6
   tới 10/7", "tới hết", "tới Hà Nội") is no such mark. Without a coming date nothing is
   flagged: plain "sẽ" is everywhere in news ("Số tiền sẽ được dùng để ...") and says nothing
   about when its report was written.
2. A sentence (or title) expects a date when it names it so, or names a coming date after a
   future marker (``sẽ``, ``sắp``, ``dự kiến``, ``dự định``, ``dự báo``, ``kỳ vọng``, ``theo kế
   hoạch``, ``hứa hẹn`` ...: "sẽ tiến hành đăng ký kết hôn vào ngày 21/5"), or as the opening
   time of a sentence with a future marker and no past one ("Ngày 1/6, giới chức Thuỵ Sĩ sẽ
   khánh thành"). "chuẩn bị" is no future marker ("Sau nhiều ngày âm thầm chuẩn bị, ... đã").
3. A sentence tells a date as done when it has no future marker (a clause after ";" is read on
   its own), opens with no quotation mark, is not the reporter's own doing ("chúng tôi đã liên
   lạc", "trao đổi với PV") and either opens with the date as its time ("Chiều ngày 21/5, ...",
   "Khoảng 20h30 ngày 20/8, ...", and then no "phải"/"cần"/"có thể" unless it has a past marker
   too), or has a past marker (``đã``, ``vừa``, ``xong``; not "mưa vừa", nor one in brackets) and
   the date as the time of it ("hôm 18.5", "vào ngày hôm nay, 30/5", "sáng nay 2/6", "19.5 vừa
   qua"; not "đã quyết định tăng mức thưởng ... trong trận đấu chiều 22.5"). A report tells
   nothing as done on or after a date it schedules (any date of a sentence with a future marker
   and no past one: "Theo lịch, ngày 7/7, ... sẽ ..." then "Ngày 13/8, mùa giải mới bắt đầu."),
   and no date it expects itself counts as its outcome.
4. An expectation is overtaken when ANOTHER report tells the same date as done (the same day
   and month, or the same day for "ngày 21 tới"; a part of the day named on both sides must
   agree: "chiều nay 2/6" is not "Sáng 2/6") and its own report tells it nowhere as done. These
   sentences are flagged.
5. The expectations around them go too, when they are about the event: a sentence with a future
   marker, no date of another day, no "sau" (what follows the event stays ahead: "Sau lễ khánh
   thành, hầm sẽ đưa vào khai thác") and a word of the event's frame (:data:`EVENT_WORDS`:
   ``tham dự``, ``khán giả``, ``số tiền``, ``quyên góp``, ``tổ chức``, ``đám cưới`` ...), when
   it comes right after a flagged sentence or stands in a preview report. A preview report is
   one whose title or first :data:`LEAD_SENTENCES` sentences hold an overtaken expectation, or
   whose title has a future marker (or "trước thềm", "chuẩn bị") and either holds one or names
   the event one expects (a shared pair of lower-case syllables after the markers: "chuẩn bị
   khánh thành" / "sẽ được khánh thành vào ngày 1/6 tới đây").
6. Such a sentence (future, about the event, no "sau") in any other report that tells none of
   the overtaken dates as done is flagged too when it expects the same event: a shared pair of
   lower-case syllables after the future markers ("sẽ cùng giới chức Thụy Sĩ tham dự lễ khánh
   thành" / "vào ngày khánh thành 1/6 tới đây"). Names ("Đà Nẵng") are shared by everything in a
   cluster and do not count; an outcome report's own future ("Số tiền này sẽ được dùng ...")
   tells what follows.

Measured on the 300 ViMs clusters (1,945 reports, sentences as ``pipeline.prepare`` splits them):
37 clusters name a coming date, 98 sentences expect one and 900 tell a date as done; 13
sentences in 8 reports of 4 clusters are flagged, and 6 reports (2 clusters) named previews.
Read one by one, all 13 are expectations that another report of the cluster tells as happened:

* Cluster_056 (wedding, 21/5), against 383.txt "Chiều ngày 21/5, Ahn Jae Hyun và Goo Hye Sun tổ
  chức dùng bữa cùng gia đình ...": "Cặp đôi sẽ kết hôn vào ngày mai (21/5)." (381), "cặp tân
  lang tân nương sẽ tổ chức hôn lễ vào ngày 21-5 tới đây" and "đám cưới ... diễn ra vào ngày 21
  tới đây, ... họ sẽ tổ chức đám cưới vô cùng đơn giản" (382), "sẽ tiến hành đăng ký kết hôn vào
  ngày 21/5" (379); after them "họ sẽ không tổ chức tiệc cưới sa hoa, mà dành số tiền ấy cho việc
  làm từ thiện" (382) and "Toàn bộ số tiền dành để cử hành hôn lễ sẽ được ... dành tặng những bệnh
  nhi" (379), which 383 tells done too ("đóng góp tiền mừng cưới cho quĩ nhi đồng"). Previews:
  380 ("trước thềm đám cưới"), 381 ("sắp cưới"), 382.
* Cluster_189 (tunnel opened 1/6), against 1233.txt "... đã thu xếp công việc để ... đi trên
  chuyến tàu đầu tiên trong dịp khánh thành ... hôm nay, 1-6": "sẽ được khánh thành vào ngày 1/6
  tới đây" and "Dự kiến, vào ngày khánh thành 1/6 tới đây, Thủ tướng Đức ... sẽ tới tham dự"
  (1231), "Ngày 1/6, giới chức Thuỵ Sĩ sẽ khánh thành ..." and "Dự kiến, ... sẽ tham dự sự kiện
  này" (1234), "... sẽ cùng giới chức Thụy Sĩ tham dự lễ khánh thành đường hầm này" (1229, rule
  6). Previews: 1231, 1232 ("chuẩn bị khánh thành"), 1234.
* Cluster_054 (cyclist): "ngay trong ngày mai (21/5), hành trình của anh sẽ tiếp tục", against
  "Ngày 21/5, chàng trai này lại tiếp tục hành trình".
* Cluster_020 (dead fish): "ngày mai (18/5), Sở NN-PTNT sẽ rải tiếp 5 tấn Zeolite", against
  "Ngày 18.5, chi cục đã nhập về 30 tấn chế phẩm sinh học zeolite rải xuống kênh".

4 sentences of the extractive engine's summaries are flagged (Cluster_056: 2, beside the
outcome's "Chiều ngày 21/5, ..." as its first sentence; Cluster_189: 2).

Recall is low by design. Not found: Cluster_062 (a debut "Vào ngày 22/5 tới" beside "chiều nay"
reports that give no date), undated expectations of reports that are no previews ("sau đám
cưới, họ sẽ ... dành toàn bộ tiền mừng cưới để quyên góp", whose "sau" keeps it), and any
preview written "tối nay" or "hôm nay" with no date. Cluster_157 ("Đến khoảng 9h sáng nay
(29/5), ... triển khai kế hoạch vây bắt") and Cluster_181 ("đã được ... triệu tập vào danh sách
sơ bộ") hold no previews: both tell past deeds ("kế hoạch" is a noun there), and neither is
flagged. What drafts of the rule flagged wrongly, each now stopped by the rule above: dates a
past sentence names but not as the time of its verb ("Đỉnh điểm là trong ngày 17-5 và 18-5 vừa
qua", "sẵn sàng cho ngày bầu cử 22/5"), a deadline "Hôm nay, 20/5, các trung tâm phải báo cáo",
"Trong ngày 20/5, chúng tôi đã nhiều lần liên lạc", a forecast "Cũng theo dự báo ..., hiện nay
(23/5)", the quotation "“Ngày 3/6 chúng ta đã phải thi đấu ... rồi”", a season's schedule
"Ngày 13/8, mùa giải mới bắt đầu", "Sau nhiều ngày âm thầm chuẩn bị, ngày 19/05/2016 HSG đã
chính thức khởi công", and same-day plans beside other deeds of the day, with no coming date
("Bộ trưởng sẽ đến hiện trường trong ngày 31-5" beside "sáng 31/5, một vụ hỏa hoạn đã xảy ra").
Both functions over the whole corpus take under 2 s; the cost grows with the sentences (dates are looked up by
key, and an opening is read over at most :data:`MAX_OPENING_CHARS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .normalize import DAY, MONTH, PARTS_OF_DAY

if TYPE_CHECKING:
    from .cluster import PreparedCluster

# One report as the functions read it: file name, title ("" when none), body sentences in order.
ReportText = tuple[str, str, Sequence[str]]

# The index that stands for a report's title among its sentences (its expectations count, it is never flagged).
TITLE = -1
# The first this many sentences of a report are its lead: a flagged one there makes a preview.
LEAD_SENTENCES = 2
# How far before a date (characters) its part of the day, or the time words of a done date, are read.
PART_LOOKBACK = 30
# Words of an event's frame: an undated expectation holding one is about the event itself.
EVENT_WORDS = (
    "sự kiện", "tham dự", "tham gia", "có mặt", "khán giả", "khách mời", "số tiền", "quyên góp",
    "tổ chức", "diễn ra", "khai mạc", "khánh thành", "hôn lễ", "đám cưới", "tiệc", "đêm nhạc",
    "chương trình", "trận đấu", "buổi lễ",
)  # fmt: skip

_TIME_WORDS = rf"ngày|hôm|mùng|mồng|{PARTS_OF_DAY}|nay|qua|mai|vào|trong"
# A day and a month: "21/5", "21 tháng 5", "21/5/2016"; "21-5" and "21.5" only right after a time
# word or an opening bracket (_BEFORE_DOTTED: "ngày 21-5", "chiều 22.5", "(3.6)"), never a score
# "thắng 2-1" or an amount "1.5".
_DATE = re.compile(
    rf"(?<![\d/.,-])(?:(?P<day>{DAY})\s*(?:/|\s+tháng\s+)\s*(?P<month>{MONTH})"
    rf"|(?P<dday>{DAY})[.-](?P<dmonth>{MONTH}))(?:\s*[/.-]\s*(?:19|20)\d\d)?(?![\d/])",
    re.IGNORECASE,
)
_BEFORE_DOTTED = re.compile(rf"(?:\(|(?<!\w)(?:{_TIME_WORDS}),?\s+)$", re.IGNORECASE)
# "tới" (coming) after a date: "21/5 tới.", "21-5 tới đây", "22.5 sắp tới", "(5/6) tới"
_COMING = re.compile(r"\)?\s*(?:sắp\s+tới|tới(?:\s+đây)?)(?!\w)", re.IGNORECASE)
# What after "tới" makes it "until" or "to": a second bound or a place ("từ 10/6 tới 10/7", "tới hết").
_NOT_COMING_AFTER = re.compile(
    r"\s*(?:\d|(?:hết|ngày|cuối|khi|nay|lúc|tận|giờ|tháng|năm|thăm|dự|nơi|chỗ|trường|sân|nhà|các|những|một|mức)"
    r"(?!\w))",
    re.IGNORECASE,
)
_DAY_COMING = re.compile(rf"(?<!\w)ngày\s+(?P<day>{DAY})\s+(?:sắp\s+tới|tới(?:\s+đây)?)(?!\w)", re.IGNORECASE)
# what stands right before the date of "tối mai (5/6)", "ngày mai, 31/5", "Ngày mai 23/5"
_TOMORROW_BEFORE = re.compile(rf"(?<!\w)(?:ngày|{PARTS_OF_DAY}) mai\s*[(,]?\s*(?:ngày\s+)?$", re.IGNORECASE)
_FUTURE = re.compile(
    r"(?<!\w)(?:sẽ|sắp|dự kiến|dự định|dự báo|kỳ vọng|theo kế hoạch|có kế hoạch|lên kế hoạch|hứa hẹn)(?!\w)"
    rf"|(?<!\w)(?:ngày|{PARTS_OF_DAY}) mai(?!\w)|(?<!\w)(?:sắp tới|tới đây)(?!\w)",
    re.IGNORECASE,
)
# A title in the future also says "trước thềm" (on the eve of) or "chuẩn bị" (about to).
_TITLE_FUTURE = re.compile(rf"{_FUTURE.pattern}|(?<!\w)(?:trước thềm|chuẩn bị)(?!\w)", re.IGNORECASE)
# "đã", "xong", "vừa" (not "mưa vừa", "vừa phải", "vừa đủ", "vừa vặn")
_PAST = re.compile(r"(?<!\w)(?:đã|xong|(?<!mưa )vừa(?! phải| đủ| vặn))(?!\w)", re.IGNORECASE)
_PART_BEFORE = re.compile(
    rf"(?<!\w)({PARTS_OF_DAY})\s+(?:ngày\s+|(?:nay|qua|mai)\s*[(,]?\s*|hôm\s+)?$", re.IGNORECASE
)
# the time words that make a date in the middle of a past sentence its time ("hôm 18.5", "vào
# ngày hôm nay, 30/5", "sáng nay 2/6"), and "vừa qua" after it ("ngày 19.5 vừa qua")
_DONE_BEFORE = re.compile(
    r"(?<!\w)(?:hôm|vào|nay|qua)\s*,?\s*(?:ngày\s+)?(?:hôm nay,?\s*)?\(?\s*$", re.IGNORECASE
)
_DONE_AFTER = re.compile(r"\)?\s*vừa qua(?!\w)", re.IGNORECASE)
# an obligation or a possibility is no deed ("Hôm nay, 20/5, các trung tâm phải báo cáo ...")
_MODAL = re.compile(r"(?<!\w)(?:phải|cần|có thể|nên)(?!\w)", re.IGNORECASE)
# the reporter's own doings that day are no outcome ("Trong ngày 20/5, chúng tôi đã liên lạc ...")
_REPORTING = re.compile(r"(?<!\w)(?:chúng tôi|phóng viên|PV|trao đổi với|liên lạc|nói với)(?!\w)")
# A sentence's opening up to its date, when it is only a time: "Chiều ngày 21/5", "Tối 5/6",
# "Khoảng 20h30 ngày 20/8", "Đến khoảng 9h sáng nay (29/5)", "Trước đó, vào sáng 19/5".
# Each word ends at a non-word character, so a run splits one way only (no backtracking blow-up).
_OPENING_TIME = re.compile(
    rf"^\W*(?:(?:trước đó|sau đó|cũng|đến|vào|từ|khoảng|lúc|trong|ngày|hôm|nay|qua|{PARTS_OF_DAY}"
    r"|\d{1,2}\s*(?:h|g|giờ)(?:\s*\d{1,2}\s*(?:'|p|phút)?)?)(?!\w)[\s,(]*)*$",
    re.IGNORECASE,
)
# Longest opening (characters) read as a time before a date: "Trước đó, vào khoảng 20h30' tối ngày".
MAX_OPENING_CHARS = 60
# what follows the event, still ahead after it ("Sau lễ khánh thành, hầm sẽ ...", "sau đó")
_AFTERWARDS = re.compile(r"(?<!\w)sau(?!\w)", re.IGNORECASE)
_EVENT = re.compile(rf"(?<!\w)(?:{'|'.join(EVENT_WORDS)})(?!\w)", re.IGNORECASE)
_QUOTES = "\"“”'‘’«»"
_BRACKETED = re.compile(r"\([^()]*\)")
_SYLLABLE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, order=True)
class _Date:
    month: int  # 0: a day alone ("ngày 21 tới")
    day: int

    def __str__(self) -> str:
        return f"{self.day}/{self.month}" if self.month else f"ngày {self.day}"

    def same(self, other: _Date) -> bool:
        return self.day == other.day and (not self.month or not other.month or self.month == other.month)


@dataclass(frozen=True)
class _Mention:
    date: _Date
    part: str  # part of the day named with it ("tối" for tối, đêm, khuya), "" when none
    start: int  # where the date stands in its text
    end: int


def _part(text: str, start: int) -> str:
    match = _PART_BEFORE.search(text[max(0, start - PART_LOOKBACK):start])
    part = match.group(1).lower() if match else ""
    return "tối" if part in ("đêm", "khuya") else part


# Texts whose dates are remembered: each sentence is read by several rules (a cluster's
# sentences, up to this many, are each read once; beyond it, again for each rule).
MENTIONS_CACHE_SIZE = 32_768


@lru_cache(maxsize=MENTIONS_CACHE_SIZE)
def _mentions(text: str) -> tuple[_Mention, ...]:
    """The dates ``text`` names."""
    found = []
    for m in _DATE.finditer(text):
        if m.group("day"):
            day, month = m.group("day"), m.group("month")
        elif _BEFORE_DOTTED.search(text[max(0, m.start() - PART_LOOKBACK):m.start()]):
            day, month = m.group("dday"), m.group("dmonth")
        else:
            continue
        found.append(_Mention(_Date(int(month), int(day)), _part(text, m.start()), m.start(), m.end()))
    return tuple(found)


def _coming_after(text: str, position: int) -> bool:
    """Whether a "tới" (coming) at ``position`` makes the date before it a coming one."""
    match = _COMING.match(text, position)
    if match is None or _NOT_COMING_AFTER.match(text, match.end()):
        return False
    following = text[match.end():].lstrip(" ")
    # "tới" before a capitalised word goes to a place ("21/5 tới Hà Nội"); "tới đây" is coming
    return not (following[:1].isupper() and match.group(0).rstrip().endswith("tới"))


@lru_cache(maxsize=MENTIONS_CACHE_SIZE)
def _relative_expectations(text: str) -> tuple[_Mention, ...]:
    """The dates ``text`` names as coming from its writing: "21/5 tới", "ngày mai (21/5)", "ngày 21 tới"."""
    found = [
        m for m in _mentions(text)
        if _coming_after(text, m.end) or _TOMORROW_BEFORE.search(text[max(0, m.start - PART_LOOKBACK):m.start])
    ]
    for m in _DAY_COMING.finditer(text):
        if not _NOT_COMING_AFTER.match(text, m.end()) and not any(f.start <= m.start("day") < f.end for f in found):
            found.append(_Mention(_Date(0, int(m.group("day"))), _part(text, m.start()), m.start("day"), m.end()))
    return tuple(found)


def _opens_with(text: str, start: int) -> bool:
    """Whether what ``text`` says before ``start`` is only the time (:data:`_OPENING_TIME`)."""
    return start <= MAX_OPENING_CHARS and _OPENING_TIME.match(text[:start]) is not None


def _expectations(text: str, coming: set[_Date]) -> list[_Mention]:
    """The dates ``text`` expects: relative ones, and ``coming`` dates after a future marker or
    opening a sentence with a future marker and no past one."""
    found = list(_relative_expectations(text))
    future = _FUTURE.search(text)
    if future is None:
        return found
    for m in _mentions(text):
        if not any(m.date.same(c) for c in coming) or any(f.start == m.start for f in found):
            continue
        if m.start > future.start() or (_opens_with(text, m.start) and not _PAST.search(text)):
            found.append(m)
    return found


def _scheduled(text: str) -> list[_Date]:
    """The dates of a sentence with a future marker and no past one, and its relative expectations."""
    found = [m.date for m in _relative_expectations(text) if m.date.month]
    if _FUTURE.search(text) and not _PAST.search(text):
        found += [m.date for m in _mentions(text)]
    return found


def _done_in_clause(text: str, offset: int) -> list[_Mention]:
    stripped = text.lstrip()
    if not stripped or stripped[0] in _QUOTES or _FUTURE.search(text) or _REPORTING.search(text):
        return []
    if _relative_expectations(text):
        return []
    mentions = [
        _Mention(m.date, m.part, m.start + offset, m.end + offset) for m in _mentions(text)
    ]
    past = _PAST.search(_BRACKETED.sub("", text)) is not None
    found = []
    if mentions and _opens_with(text, mentions[0].start - offset) and (past or not _MODAL.search(text)):
        found.append(mentions[0])
    if past:
        for m in mentions[len(found):]:
            before = text[max(0, m.start - offset - PART_LOOKBACK):m.start - offset]
            if _DONE_BEFORE.search(before) or _DONE_AFTER.match(text, m.end - offset):
                found.append(m)
    return found


def _done(text: str) -> list[_Mention]:
    """The dates ``text`` tells as done (module docstring, rule 3); each clause after ";" on its own."""
    found: list[_Mention] = []
    offset = 0
    for clause in text.split(";"):
        found += _done_in_clause(clause, offset)
        offset += len(clause) + 1
    return found


# A date told or expected, as looked up: (day, month or 0, part of the day or "").
_Key = tuple[int, int, str]
_PARTS = ("", "sáng", "trưa", "chiều", "tối")  # the parts of the day _part gives, and none


def _key(mention: _Mention) -> _Key:
    return (mention.date.day, mention.date.month, mention.part)


def _agreeing(mention: _Mention) -> Iterator[_Key]:
    """The keys of every mention that agrees with ``mention``: the same day, the same month (or
    either has none) and the same part of the day (or either has none). At most 13 x 5 keys."""
    months: Sequence[int] = (mention.date.month, 0) if mention.date.month else range(13)
    parts = (mention.part, "") if mention.part else _PARTS
    for month in months:
        for part in parts:
            yield (mention.date.day, month, part)


@dataclass(frozen=True)
class _Overtaken:
    date: _Date
    by: str  # the report that tells it as done
    sentence: int  # that report's sentence


def _overtaken(reports: Sequence[ReportText]) -> dict[tuple[str, int], _Overtaken]:
    """Rules 1-4: the sentences expecting a date another report tells as done. Each lookup goes
    through keys (a bounded number per mention), so the cost grows with the sentences, not their
    square."""
    coming = {
        m.date for _, title, sentences in reports for text in [title, *sentences] for m in _relative_expectations(text)
    } | _confirmed_dates(reports)
    if not coming:
        return {}
    expected: dict[str, list[tuple[int, _Mention]]] = {}
    said: dict[str, set[_Key]] = {}  # every date a report tells as done
    # who tells a date as done, counting as the outcome (rule 3): the first two reports by
    # (report, sentence), each with its first sentence
    told: dict[_Key, list[tuple[int, int]]] = {}
    for position, (file, title, sentences) in enumerate(reports):
        expected[file] = [
            (i, m) for i, text in enumerate([title, *sentences], start=TITLE) for m in _expectations(text, coming)
        ]
        expected_keys = {_key(m) for _, m in expected[file]}
        # a report that schedules a date tells nothing on or after it as done (rule 3)
        earliest = min((d for text in [title, *sentences] for d in _scheduled(text)), default=None)
        said[file] = set()
        for index, text in enumerate(sentences):
            for m in _done(text):
                said[file].add(_key(m))
                if earliest is not None and not m.date < earliest:
                    continue
                if any(k in expected_keys for k in _agreeing(m)):
                    continue
                tellers = told.setdefault(_key(m), [])
                if len(tellers) < 2 and all(p != position for p, _ in tellers):
                    tellers.append((position, index))
    found: dict[tuple[str, int], _Overtaken] = {}
    for position, (file, _, _) in enumerate(reports):
        for index, mention in expected[file]:
            keys = list(_agreeing(mention))
            if (file, index) in found or any(k in said[file] for k in keys):
                continue
            hits = [hit for k in keys for hit in told.get(k, ()) if hit[0] != position]
            if hits:
                by, sentence = min(hits)
                found[(file, index)] = _Overtaken(mention.date, reports[by][0], sentence)
    return found


_TIME_WORD = re.compile(rf"(?:{_TIME_WORDS}|tháng|năm|lúc|khoảng|được|sẽ|bị)", re.IGNORECASE)
# Rule 1b: the words between a future marker and the date it names, at most this many, tell the
# expected event ("dự kiến được công bố ngày 8/7": "công bố").
EVENT_GAP_WORDS = 6


def _confirmed_dates(reports: Sequence[ReportText]) -> set[_Date]:
    """Rule 1b: the dates a sentence names right after a future marker and the event it expects
    ("điểm chuẩn ... dự kiến được công bố ngày 8/7": at most ``EVENT_GAP_WORDS`` words between,
    one date in the sentence) that a sentence of another report tells as done with that event
    ("Chiều 8/7, Sở ... công bố điểm chuẩn ..."): a pair of lower-case syllables between marker
    and date, time words aside, that the done sentence holds too. Such a date is coming to the
    first report as surely as one it writes "8/7 tới"."""
    expected: list[tuple[int, _Date, set[tuple[str, str]]]] = []  # (report, date, event pairs)
    for position, (_, title, sentences) in enumerate(reports):
        for text in [title, *sentences]:
            future = _FUTURE.search(text) if text else None
            if future is None or _PAST.search(text):
                continue
            mentions = _mentions(text)
            if len(mentions) != 1 or mentions[0].start < future.end() or not mentions[0].date.month:
                continue
            between = text[future.end():mentions[0].start]
            if len(between.split()) > EVENT_GAP_WORDS:
                continue
            event = {pair for pair in _syllable_pairs(between) if not any(_TIME_WORD.fullmatch(w) for w in pair)}
            if event:
                expected.append((position, mentions[0].date, event))
    if not expected:  # most clusters: the sentences told as done go unread
        return set()
    wanted = {(date.day, date.month) for _, date, _ in expected}
    done: dict[tuple[int, int], list[tuple[int, set[tuple[str, str]]]]] = {}  # (day, month) -> (report, pairs)
    for position, (_, _, sentences) in enumerate(reports):
        for text in sentences:
            if not any((m.date.day, m.date.month) in wanted for m in _mentions(text)):
                continue  # names none of the dates expected: nothing to read as done (most sentences)
            for m in _done(text):
                if (m.date.day, m.date.month) in wanted:
                    done.setdefault((m.date.day, m.date.month), []).append((position, _syllable_pairs(text)))
    return {date for position, date, event in expected
            if any(p != position and event & pairs for p, pairs in done.get((date.day, date.month), ()))}


def _syllable_pairs(text: str) -> set[tuple[str, str]]:
    """Neighbouring lower-case syllables of ``text``: what it says, without the names it shares
    with everything else of its cluster ("Đà Nẵng", "Thụy Sĩ")."""
    words = _SYLLABLE.findall(text)
    return {(a, b) for a, b in zip(words, words[1:]) if a.islower() and b.islower()}


def _after_future(text: str) -> str:
    """What ``text`` says after its first future marker ("" without one): the event it expects."""
    match = _FUTURE.search(text)
    return text[match.end():] if match else ""


def _about_event(text: str, own: _Date) -> bool:
    """Rule 5: a future sentence about the event itself, with no date of another day and no "sau"."""
    if not _FUTURE.search(text) or _AFTERWARDS.search(text):
        return False
    if any(not m.date.same(own) for m in _mentions(text)):
        return False
    return _EVENT.search(text) is not None


def _by_pair(
    reports: Sequence[ReportText], overtaken: Mapping[tuple[str, int], _Overtaken]
) -> dict[tuple[str, str], list[_Overtaken]]:
    """Each syllable pair of an expected event (what an overtaken expectation says after its future
    marker) -> the overtaken expectations saying it, one a date, in order."""
    texts = {file: [title, *sentences] for file, title, sentences in reports}
    found: dict[tuple[str, str], dict[_Date, _Overtaken]] = {}
    for (file, index), o in overtaken.items():
        for pair in _syllable_pairs(_after_future(texts[file][index - TITLE])):
            found.setdefault(pair, {}).setdefault(o.date, o)
    return {pair: list(by_date.values()) for pair, by_date in found.items()}


def _expecting(pairs: set[tuple[str, str]], by_pair: Mapping[tuple[str, str], list[_Overtaken]]) -> Iterator[_Overtaken]:
    """The overtaken expectations of an event that shares a pair of ``pairs``."""
    for pair in sorted(pairs):
        yield from by_pair.get(pair, ())


def _previews(
    reports: Sequence[ReportText], overtaken: Mapping[tuple[str, int], _Overtaken]
) -> dict[str, _Overtaken]:
    """Preview reports (rule 5), each with an overtaken expectation that makes it one."""
    by_pair = _by_pair(reports, overtaken)
    first: dict[str, tuple[int, _Overtaken]] = {}  # each report's first overtaken expectation
    for (file, index), o in overtaken.items():
        if file not in first or index < first[file][0]:
            first[file] = (index, o)
    found: dict[str, _Overtaken] = {}
    for file, title, _ in reports:
        title_future = _TITLE_FUTURE.search(title)
        if file in first and (first[file][0] < LEAD_SENTENCES or title_future is not None):
            found[file] = first[file][1]
        elif title_future is not None:
            match = next(_expecting(_syllable_pairs(title[title_future.end():]), by_pair), None)
            if match is not None:
                found[file] = match
    return found


def findings(reports: Sequence[ReportText]) -> tuple[dict[tuple[str, int], str], set[str]]:
    """:func:`preview_sentences` and :func:`preview_reports` at once, the reports read once for
    both (the extractive engine asks for both)."""
    overtaken = _overtaken(reports)
    if not overtaken:
        return {}, set()
    previews = _previews(reports, overtaken)
    return _flagged(reports, overtaken, previews), set(previews)


def preview_reports(reports: Sequence[ReportText]) -> set[str]:
    """The reports written before an event that another report of the cluster tells as done
    (module docstring, rule 5)."""
    return findings(reports)[1]


def preview_sentences(reports: Sequence[ReportText]) -> dict[tuple[str, int], str]:
    """(file, 0-based sentence index) -> a short reason, for every sentence stating an
    expectation that another report of the cluster tells as done (module docstring)."""
    return findings(reports)[0]


def _flagged(reports: Sequence[ReportText], overtaken: Mapping[tuple[str, int], _Overtaken],
             previews: Mapping[str, _Overtaken]) -> dict[tuple[str, int], str]:
    """:func:`preview_sentences` from the overtaken expectations and the preview reports."""
    flagged = {
        key: f"expects {o.date}, which {o.by} tells as done (its sentence {o.sentence})"
        for key, o in overtaken.items() if key[1] != TITLE
    }
    by_pair = _by_pair(reports, overtaken)
    dates = {(o.date.day, o.date.month) for o in overtaken.values()}
    for file, _, sentences in reports:
        # an outcome report's own future sentences tell what follows the event (rule 6)
        outcome = any(
            (m.date.day, m.date.month) in dates or (m.date.day, 0) in dates for text in sentences for m in _done(text)
        )
        for index, text in enumerate(sentences):
            if (file, index) in flagged:
                continue
            before = overtaken.get((file, index - 1)) if index > 0 else None
            if before is not None and _about_event(text, before.date):
                flagged[(file, index)] = (
                    f"goes on from the expectation of sentence {index - 1} ({before.date}, told as done in {before.by})"
                )
            elif file in previews and _about_event(text, previews[file].date):
                o = previews[file]
                flagged[(file, index)] = f"an expectation in a report written before {o.date} (told as done in {o.by})"
            elif not outcome:
                candidates = _expecting(_syllable_pairs(_after_future(text)), by_pair)
                echoed = next((o for o in candidates if _about_event(text, o.date)), None)
                if echoed is not None:
                    flagged[(file, index)] = f"expects the event of {echoed.date} again (told as done in {echoed.by})"
    return flagged


def report_texts(cluster: PreparedCluster) -> list[ReportText]:
    """``(file, title, sentences)`` of each report of a prepared cluster, as the functions above read them."""
    sentences: dict[str, list[str]] = {r.file: [] for r in cluster.loaded.reports}
    for sentence in sorted(cluster.dedup.sentences, key=lambda s: (s.report, s.index)):
        sentences[sentence.file].append(sentence.text)
    return [(r.file, r.title or "", sentences[r.file]) for r in cluster.loaded.reports]
