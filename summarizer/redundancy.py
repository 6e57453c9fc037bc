"""What an extractive summary must not tell twice: the tests behind the extractive engine's
redundancy control (see ``summarizer.engines.extractive``'s docstring for what each was measured
to change on ViMs).

- :func:`near_duplicate_blocker`: two sentences whose syllable bigrams overlap by half the
  smaller set;
- :func:`subsumption`: a sentence another tells in full;
- :func:`redundancy_blocker`: those, and one fact in two reports' words (shared specific figures,
  a shared hour, a paraphrase sharing most syllables, two news leads of one date, two report
  openings alike, a stock fact told again: :func:`stock_facts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from . import figures, ordering
from .faithfulness import extract_claims
from .normalize import match_key

# Two summary sentences whose syllable bigrams overlap by this share of the smaller set say the
# same thing; the second is never chosen. The evaluator's redundancy figure
# (``evaluate.near_duplicate``) has the same threshold but reads plain lower-case syllables, as a
# measure independent of the engine should; this test reads match keys (``normalize.match_key``:
# "hoà"/"hòa", "14/6"/"14-6" alike), so it also catches what differs only in spelling.
NEAR_DUPLICATE_OVERLAP = 0.5
# Two sentences sharing this many specific figures (dates, numbers that are not years) at this
# TF-IDF cosine or more tell one fact; the second is never chosen (``redundancy_blocker``).
SAME_FACT_MIN_FIGURES = 2
SAME_FACT_MIN_SIMILARITY = 0.25
# Two sentences that open reports (best position 0) at this TF-IDF cosine or more tell the
# event twice; the second is never chosen (``redundancy_blocker``). The cluster's own IDF weighs
# down the words every report uses, so restated leads meet at 0.2-0.4 (see the module docstring).
OPENING_MIN_SIMILARITY = 0.2
# A sentence whose distinct syllables lie this much in another's, and whose numbers all appear
# there, tells nothing the other does not ("Công nhân bị bỏng phải cấp cứu tại kho hàng." within
# "Sáng 3/6, đám cháy ở kho hàng Thuận An khiến 3 công nhân bỏng nặng, phải nhập viện cấp
# cứu."): ``subsumption``.
SUBSUMED_SHARE = 0.75
# Two sentences that share this much of the larger one's distinct syllables tell one fact twice,
# in the words of two reports ("Tài xế may mắn thoát nạn, tự mở cửa chạy ra đường." and "May
# mắn, tài xế không bị thương và kịp mở cửa thoát ra ngoài."), unless each holds specific
# figures and they share none ("tàu rời ga lúc 19h25" and "tàu rời Đà Nẵng lúc 13h15": two trains).
PARAPHRASE_MIN_SHARE = 0.55
# Two sentences naming one hour ("3 giờ sáng", "16h", "13h50", "gần 2 giờ") or match minute ("phút 12") that share this much
# of the larger one's distinct syllables tell one moment of the story twice, in two reports' words
# ("... ngâm nước đá đến 3 giờ sáng mặc cho Irina Shayk đợi ở nhà." and "... tới tận 3 giờ sáng
# dù Irina đang đợi ở nhà."): ``redundancy_blocker``.
SAME_HOUR_MIN_SHARE = 0.3
# An hour: "16h", "16 giờ", "13h50", "13 giờ 50 phút", "13:50" (group 1 or 3 the hour, 2 or 4 the
# minutes); not part of a date, a score or a larger number.
_HOUR = re.compile(
    r"(?<![\d/.,:-])(\d{1,2})\s*(?:giờ|h)\s*(\d{2})?(?:\s*phút)?(?!\w)|(?<![\d/.,:-])(\d{1,2}):(\d{2})(?![\d/.,:])",
    re.IGNORECASE,
)
MAX_HOUR = 24
# Facts of a news story told in set words, each told once in a summary (``stock_facts``):
# emergency vehicles sent to the scene, counted ("điều 15 xe cứu hỏa tới hiện trường", "huy động
# bốn xe chữa cháy"), by the kind they fold to: two sentences stating how many of one kind came
# tell one fact, whatever the counts (reports disagree on them: 15 and 18, 3 and 4), unless one
# counts those sent in addition ("huy động thêm 4 xe chữa cháy");
DISPATCHED = {"xe chữa cháy": "fire engines", "xe cứu hỏa": "fire engines", "xe cứu hoả": "fire engines",
              "đơn vị chữa cháy": "fire engines", "đơn vị cứu hỏa": "fire engines", "đơn vị cứu hoả": "fire engines",
              "xe cứu thương": "ambulances", "xe cấp cứu": "ambulances"}
_DISPATCH = re.compile(
    rf"(?<![\w.,])(?P<more>(?:thêm|tăng cường|bổ sung)\s+)?(?:\d+|{'|'.join(figures.NUMBER_WORDS)})\s+"
    rf"(?P<kind>{'|'.join(DISPATCHED)})(?!\w)",
    re.IGNORECASE,
)
# and that no one was hurt ("rất may không có thương vong", "vụ cháy không gây thiệt hại về
# người", "hiện chưa có thông tin về thương vong"; not one person unhurt, "tài xế không bị
# thương", beside no one hurt on the road).
NO_CASUALTIES = "no casualties"
_NO_CASUALTIES = re.compile(
    r"(?<!\w)(?:chưa|không)\s+(?:có\s+)?(?:ghi nhận|gây ra|gây|xảy ra|để lại|có)?\s*(?:thông tin\s+(?:gì\s+)?)?(?:về\s+)?"
    r"(?:thương vong|thiệt hại về người|ai bị thương|người bị thương)(?!\w)",
    re.IGNORECASE,
)
# and that the case is under investigation ("Nguyên nhân vụ cháy đang được cơ quan chức năng điều
# tra làm rõ.", "Hiện công an đang tiếp tục điều tra vụ việc."): the case or its cause, "đang",
# "vẫn", "tiếp tục" or "sẽ", and a verb of inquiry, in one clause, in either order. Such a
# sentence is bare (``_inquiry_alone``) when every word but the investigators' names is one of
# ``_INQUIRY_WORDS``: "Danh tính cô gái và nguyên nhân vụ việc đang được làm rõ." tells more.
UNDER_INQUIRY = "under inquiry"
_CASE = (r"(?:nguyên nhân|vụ việc|sự việc|vụ án|vụ (?:tai nạn|cháy|hỏa hoạn|hoả hoạn|nổ|án mạng|trộm|cướp|tấn công"
         r"|rơi))(?!\w)")
_INQUIRY_VERB = r"(?:điều tra|làm rõ|xác minh)(?!\w)"
_UNDER_WAY = r"(?<!\w)(?:đang|vẫn|tiếp tục|sẽ)(?!\w)"
_UNDER_INQUIRY = re.compile(
    rf"(?<!\w){_CASE}[^.;:!?“”\"]{{0,80}}?{_UNDER_WAY}[^.;:!?“”\"]{{0,60}}?{_INQUIRY_VERB}"
    rf"|{_UNDER_WAY}[^.;:!?,“”\"]{{0,40}}?{_INQUIRY_VERB}(?: (?:và|,))?[^.;:!?“”\"]{{0,20}}?(?<!\w){_CASE}",
    re.IGNORECASE,
)
_INQUIRY_WORDS = frozenset(
    "hiện nay vẫn đang được tiếp tục tiến hành khẩn trương tích cực lập tức điều tra làm rõ xác minh mở rộng thêm "
    "xử lý củng cố hồ sơ và để nguyên nhân của dẫn tới đến vụ việc sự án tai nạn cháy hỏa hoả hoạn đám nổ mạng "
    "trên này nói cơ quan chức năng lực lượng công an cảnh sát nhà trách các địa phương chính quyền tỉnh thành phố "
    "huyện quận tp xã thị trấn cũng giao thông csgt csđt hình sự phòng".split()
)
_LETTER_WORD = re.compile(r"[^\W\d_]+")
# What investigators are ("Công an", "cơ quan", "lực lượng chức năng") and the lower-case words of
# their names ("Công an tỉnh Bắc Giang", "cơ quan chức năng huyện X"): after one of the first,
# capitalised words name the investigators, the only ones a bare sentence may hold past its first.
_INVESTIGATORS = frozenset({"công", "an", "cơ", "quan", "cảnh", "sát", "csgt", "csđt", "phòng", "lực", "lượng"})
_NAME_WORDS = frozenset({"chức", "năng", "tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "trấn", "phường", "tp",
                         "an", "địa", "phương", "hình", "sự"})
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERSONS_AGE = re.compile(r"[(,]\s*(\d{1,3})\s*tuổi(?!\w)")  # "Phạm Văn Lâm (42 tuổi)", "Lâm, 42 tuổi,"
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–—]|đến|tới)\s*(?:năm\s+)?((?:19|20)\d\d)\b")


def near_duplicate_blocker(token_lists: Sequence[Sequence[str]]):
    """``blocked(i)``: which texts repeat text ``i`` (their normalized syllable bigrams overlap
    by NEAR_DUPLICATE_OVERLAP or more of the smaller set; unigrams for one-syllable texts)."""
    grams = [frozenset(zip(t, t[1:])) if len(t) >= 2 else frozenset(t) for t in token_lists]

    def blocked(i: int) -> np.ndarray:
        mine = grams[i]
        out = np.zeros(len(grams), dtype=bool)
        if not mine:
            return out
        for j, other in enumerate(grams):
            if other and len(mine & other) >= NEAR_DUPLICATE_OVERLAP * min(len(mine), len(other)):
                out[j] = True
        return out

    return blocked


def _dates(text: str) -> frozenset[str]:
    """The dates of ``text`` by match key ("12/5" and "12-5" alike)."""
    return frozenset(match_key(c.text) for c in extract_claims(text) if c.kind == "date")


def specific_figures(text: str) -> frozenset[str]:
    """The dates, the spans of years ("2007 - 2009", "từ năm 2007 đến 2009") and the numbers of
    two digits or more, single years (1900-2099) aside, of ``text`` (by match key: "31-5" and
    "31.5" are one date, "4,1" and "4.1" one number), which name one fact rather than a topic.
    A person's age given beside the name ("Phạm Văn Lâm (42 tuổi)", "Lâm, 42 tuổi,") is no
    figure of the fact: two reports telling one fact in near words give it ages of their own.
    """
    def specific(kind: str, value: str) -> bool:
        if kind == "date":
            return True
        return kind == "number" and sum(ch.isdigit() for ch in value) >= 2 and not _YEAR.fullmatch(value)

    spans = {f"{m.group(1)} {m.group(2)}" for m in _YEAR_SPAN.finditer(text)}
    without_ages = _PERSONS_AGE.sub(lambda m: m.group().replace(m.group(1), ""), text)
    return frozenset({match_key(c.text) for c in extract_claims(without_ages) if specific(c.kind, c.text)} | spans)


def moments(text: str) -> frozenset[str]:
    """The hours and match minutes ``text`` names (:func:`hours`, ``ordering.match_minutes``):
    "phút 12" is a moment of a match as "16h" is one of a day."""
    return hours(text) | {f"phút {m}+{extra}" for m, extra in ordering.match_minutes(text)}


def stock_facts(text: str) -> frozenset[str]:
    """The set-worded facts ``text`` tells: the kinds of emergency vehicle it counts as sent to
    the scene (``DISPATCHED``; those sent in addition aside), ``NO_CASUALTIES`` and
    ``UNDER_INQUIRY``."""
    found = {DISPATCHED[m["kind"].lower()] for m in _DISPATCH.finditer(text) if not m["more"]}
    if _NO_CASUALTIES.search(text):
        found.add(NO_CASUALTIES)
    if _UNDER_INQUIRY.search(text):
        found.add(UNDER_INQUIRY)
    return frozenset(found)


def _inquiry_alone(text: str) -> bool:
    """Whether every word of ``text`` is one of ``_INQUIRY_WORDS`` ("hiện tại", now, too), but
    the investigators' name (capitalised words after ``_INVESTIGATORS``, with ``_NAME_WORDS``
    between: "Công an TP Tam Kỳ", "Cơ quan Công an huyện Quế Phong"): a place named is news of
    its own ("Vụ cháy xảy ra tại Chợ Lớn, ...")."""
    words = _LETTER_WORD.findall(re.sub(r"(?i:hiện tại)", "hiện nay", text))
    naming = False  # inside the investigators' name
    for word in words:
        lower = word.lower()
        if lower in _INVESTIGATORS:
            naming = True
        elif naming and (word[0].isupper() or lower in _NAME_WORDS):
            continue  # a word of the investigators' name
        else:
            naming = False
        if lower not in _INQUIRY_WORDS:
            return False
    return True


# How long the dispatch took or the fire burned ("chỉ 30 phút sau", "sau 3 giờ"): part of the stock
# fact's own story, no other fact.
_DURATION = re.compile(r"(?<![\d.,])\d+\s*(?:phút|giờ|tiếng)(?!\w)", re.IGNORECASE)


def only_stock_facts(text: str, facts: frozenset[str] | None = None) -> bool:
    """Whether ``text`` tells its stock facts (:func:`stock_facts`) and no figure besides: no
    toll, no specific figure outside the vehicles counted and how long it took. Only such a
    sentence is left out for telling a chosen one's stock fact again ("Vụ cháy thiêu rụi 20 ki-ốt,
    thiệt hại 5 tỷ đồng, rất may không có thương vong." tells more than that no one was hurt). One
    that tells the case is under investigation must tell that alone (:func:`_inquiry_alone`).
    ``facts``: its :func:`stock_facts`, when the caller has them already."""
    if UNDER_INQUIRY in (stock_facts(text) if facts is None else facts) and not _inquiry_alone(text):
        return False
    rest = _DURATION.sub(" ", _NO_CASUALTIES.sub(" ", _DISPATCH.sub(" ", text)))
    return not figures.figures_in(rest) and not specific_figures(rest)


def hours(text: str) -> frozenset[str]:
    """The hours ``text`` names, as "H:MM" ("16h", "16 giờ" and "16:00" alike)."""
    found = set()
    for match in _HOUR.finditer(text):
        hour, minutes = match.group(1) or match.group(3), match.group(2) or match.group(4) or "00"
        if int(hour) <= MAX_HOUR:
            found.add(f"{int(hour)}:{minutes}")
    return frozenset(found)


def subsumption(token_lists: Sequence[Sequence[str]]) -> Callable[[int], np.ndarray]:
    """``contains(i)``: the texts that text ``i`` tells in full: at least SUBSUMED_SHARE of their
    distinct normalized syllables are in ``i`` and so is every syllable holding a digit (a
    number ``i`` lacks is a fact of their own: "tàu QNg 90123" is not "tàu QNg 90124")."""
    sets = [frozenset(tokens) for tokens in token_lists]
    numbers = [frozenset(t for t in tokens if any(ch.isdigit() for ch in t)) for tokens in sets]

    def contains(i: int) -> np.ndarray:
        mine = sets[i]
        return np.array(
            [j != i and bool(other) and numbers[j] <= mine and len(other & mine) >= SUBSUMED_SHARE * len(other)
             for j, other in enumerate(sets)],
            dtype=bool,
        )

    return contains


def redundancy_blocker(token_lists: Sequence[Sequence[str]], texts: Sequence[str], similarity: Callable[[int], np.ndarray],
                       leads: Sequence[bool] | np.ndarray | None = None,
                       openings: Sequence[bool] | np.ndarray | None = None):
    """``blocked(i)``: :func:`near_duplicate_blocker`'s, and the texts that tell text ``i``'s fact
    in other words: they share ``SAME_FACT_MIN_FIGURES`` specific figures with it
    (:func:`specific_figures`) and their ``similarity`` to it is ``SAME_FACT_MIN_SIMILARITY`` or
    more ("Phút 31, Khánh Hòa san bằng tỷ số 1-1." and "Tỷ số được san bằng 1-1 ở phút 31."),
    or they share ``PARAPHRASE_MIN_SHARE`` of the larger one's distinct syllables and no figures
    tell them apart (each has some, none in common), or ``SAME_HOUR_MIN_SHARE`` of them and an
    hour or a match minute (:func:`moments`), or both are news leads that open with their
    time (``leads``: ``salience.time_leads``) and name one date: two reports' leads tell the
    event's what and when twice ("Rạng sáng 12/5, chợ Đồng Xuân cháy lớn." and "Khoảng 3h sáng
    12/5, chợ Đồng Xuân bốc cháy dữ dội."), or both open a report (``openings``) and their
    ``similarity`` is ``OPENING_MIN_SIMILARITY`` or more (five reports' first sentences, each
    saying in its words that the coach named his 23 players for Euro 2016)."""
    near = near_duplicate_blocker(token_lists)
    opening = np.zeros(len(texts), dtype=bool) if openings is None else np.asarray(openings, dtype=bool)
    figures = [specific_figures(t) for t in texts]
    named_moments = [moments(t) for t in texts]
    told = [stock_facts(t) for t in texts]
    bare_stock = [bool(facts) and only_stock_facts(t, facts) for t, facts in zip(texts, told)]
    sets = [frozenset(tokens) for tokens in token_lists]
    lead_dates = [_dates(t) if leads is not None and leads[k] else frozenset() for k, t in enumerate(texts)]

    def blocked(i: int) -> np.ndarray:
        out = near(i)
        if lead_dates[i]:
            out |= np.array([bool(lead_dates[i] & other) for other in lead_dates], dtype=bool)
        figured = len(figures[i]) >= SAME_FACT_MIN_FIGURES
        if opening[i] or figured:
            row = similarity(i)  # once: a sparse product on huge folders
            if opening[i]:
                out |= opening & (row >= OPENING_MIN_SIMILARITY)
            if figured:
                for j in map(int, np.flatnonzero(row >= SAME_FACT_MIN_SIMILARITY)):
                    if len(figures[i] & figures[j]) >= SAME_FACT_MIN_FIGURES:
                        out[j] = True
        if told[i]:
            out |= np.array([j != i and bare_stock[j] and bool(told[i] & facts) for j, facts in enumerate(told)],
                            dtype=bool)
        mine = sets[i]
        for j, other in enumerate(sets):
            if j == i or not mine or not other:
                continue
            shared = len(mine & other) / max(len(mine), len(other))
            if ((shared >= PARAPHRASE_MIN_SHARE and not (figures[i] and figures[j] and not figures[i] & figures[j]))
                    or (shared >= SAME_HOUR_MIN_SHARE and named_moments[i] & named_moments[j])):
                out[j] = True
        return out

    return blocked
