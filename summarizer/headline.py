"""The headline: a second, short generation pass over the generated summary, plus the reports'
own titles, scored together.

Candidates
    * ``model``: one generate call over the *summary* (not the raw reports) returning
      ``HeadlineOptions.num_candidates`` beams, at most ``max_new_tokens`` new tokens, with the
      headline's shorter length penalty. Each is cleaned to one line: first sentence only, no
      special tokens, no final period.
    * ``source``: every report's own title.

Score (each part in [0, 1]; the weights below sum to 1):
    * entity coverage (``ENTITY_WEIGHT``): the summary's key entities are its capitalised names
      and its numbers/dates (:func:`faithfulness.extract_claims`) that the source reports
      support, weighted by how often the summary repeats them; when the summary has none, the
      cluster's most frequent names stand in (``FALLBACK_ENTITIES``). The part is the weighted
      share of them the candidate contains (by match key).
    * content (``CONTENT_WEIGHT``): share of the candidate's syllables that occur in the summary,
      so a headline says what the summary says.
    * length (``LENGTH_WEIGHT``): 1 inside ``min_syllables``..``max_syllables``, falling linearly
      to 0 at 0 syllables and at twice ``max_syllables``.
    * style (``STYLE_WEIGHT``): a Vietnamese news headline, like the reports' own titles: starts
      with a capital or a digit; does not open with a connective or pronoun ("Theo", "Tuy nhiên",
      "Ông", ...); balanced brackets, and quotation marks that pair up, each pair of one shape
      (:func:`has_broken_quotes`); no trailing colon or dash; not a teaser (no ellipsis, not a
      question: ``salience.is_teaser``; not in capitals nor title case: ``salience.not_sentence_case``; not a
      live blog's, "Trực tiếp bóng đá ...": :func:`is_live_blog`; not naming its format,
      "Trò chuyện với ...": :func:`is_format_title`); no word repeated back to back.
    * support (``SUPPORT_WEIGHT``): share of the candidate's own numbers, dates and names that
      the source reports contain (1 when it has none), so an invented fact costs the candidate.
    A candidate stating a toll that a report or the summary updates to a higher figure ("3 người
    tử vong" where a report says "nâng số người chết lên 4": :func:`stale_figures`, the update
    rule of :mod:`summarizer.figures`) has its score multiplied by ``STALE_DISCOUNT``.
    All candidates are one line without a final period, cleaned before scoring
    (``strip_label``): no attention label before ("Sốc:", "NÓNG:", "[Video]"; without a colon a
    label in capitals, "TRỰC TIẾP Việt Nam vs ...", or a live blog's, "Trực tiếp Việt Nam vs ...",
    before a capitalised word; a place before a colon stays) or after ("(VIDEO)", "[Ảnh]", "- Clip"), no trailing outlet name ("- VnExpress",
    "| Báo Tuổi Trẻ"; a dash inside the headline stays: ``OUTLETS``), a run of "!"/"?" cut to
    one mark. The candidates are shown (:func:`as_shown`) with a dash spaced on one side only
    spaced on both ("Xuân- Quyền" as "Xuân - Quyền") and their quotation marks mended where the
    mend is sure (‘để mắt' as ‘để mắt’). Ties go to the source title (written by an editor).
    When there is no candidate at all (no titles, empty model output), the summary's first
    words (up to ``max_syllables``) are the headline.

:func:`rank_source_titles` ranks the reports' own titles for the extractive engine:
``salience.rank_source_titles`` (centrality to the summary, a teaser or capitals discounted,
titles within 5% of the best tied and the shortest first), with a live blog's title discounted
like a teaser, a stale toll by ``STALE_DISCOUNT``, broken quotation marks by
``BROKEN_QUOTES_DISCOUNT``, a title naming its format by ``FORMAT_DISCOUNT``, and the tie kept
to the titles the other reports agree with (``MIN_TIE_AGREEMENT``). Measured on the 300 ViMs
clusters (extractive summaries): no headline changes (two clusters' runners-up with an updated toll move down:
Cluster_093 "ít nhất 70 người" where a report has "lên đến 93", Cluster_107 "hơn 60" where one
has "lên hơn 100"); every title tied with the best agrees with the other reports at 0.55 or
more of the best agreement among them (1% under 0.69), an off-topic report's title in a
four-report folder at 0.28. Leaving each report's title out and scoring the pick against it:
1 pick of 1,947 changes, ROUGE-1 48.15 -> 48.16. The broken marks' and the format's discounts
and the dash spacing change 3 ViMs headlines: Cluster_041 (“Hop on Hop off'” gives way to
"... vòng quanh trung tâm"), Cluster_183 (‘để mắt' to "hứa sẽ không “đụng chạm” ...") and
Cluster_253 ("Xuân- Quyền" spaced); the one title naming its format that had been a headline
(Cluster_226 "Chân dung bồ mới ...", 1.06 times the next) had lost to the next already, on
the summary of the day. The pick scored against the titles of the other reports (ROUGE-1,
mean over them; ViMs has no reference headline): 44.33 -> 44.43 on Cluster_001-200 (ROUGE-2
27.17 -> 27.28), 47.32 either way on Cluster_201-300. Shown, 10 titles in 8 clusters read
mended: 6 dashes spaced (Cluster_253's headline among them), 4 pairs of marks of two shapes
made one ("sâm” as “sâm”), each on a runner-up.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import figures, relative_days, salience
from .engines.base import GenerateRequest, Seq2SeqBackend
from .faithfulness import SourceIndex, extract_claims, is_supported
from .normalize import match_key, syllables
from .options import HeadlineOptions
from .outlets import TITLE, outlet_names
from .result import ORIGIN_MODEL, ORIGIN_SOURCE, ORIGIN_SUMMARY, TitleCandidate
from .salience import is_teaser, not_sentence_case
from .sentences import split_sentences

log = logging.getLogger("summarizer.headline")

# A title (or model candidate) stating a toll that a report or the summary updates to a higher
# figure (``stale_figures``) has its score multiplied by this, as a teaser's is
# (``salience.TEASER_DISCOUNT``): it wins only when twice as central as a title that agrees.
STALE_DISCOUNT = 0.5
# Ranking the reports' own titles (``rank_source_titles``): a title tied with the best
# (``salience.TITLE_SCORE_TIE``) stays tied only when its agreement with the *other* reports
# (TF-IDF cosine between the title and their centroid, its own report left out) is at least this
# share of the highest agreement among the tied titles; an outlier (a report on another story)
# then never wins on being short.
MIN_TIE_AGREEMENT = 0.5
# A title whose quotation marks are broken (:func:`has_broken_quotes`: “Hop on Hop off'”, ‘để
# mắt', "sâm”) has its score multiplied by this, as a teaser's is: a clean title of the same
# event wins unless the broken one is twice as central.
BROKEN_QUOTES_DISCOUNT = 0.5
# A title that names the piece's format, not the news (:func:`is_format_title`: "Trò chuyện với
# ...", "Chân dung ...") has its score multiplied by this, a teaser's discount twice: it wins only
# when four times as central as a title that tells. Once (0.5) was too little for the copy
# editor's case, three reports on lychee prices whose interview's title ("Trò chuyện với giám
# đốc HTX ...") scored 0.245 against 0.087 for the best news title, 2.8 times.
FORMAT_DISCOUNT = 0.25
_STORM = r".*(?<!\w)(?:bão|áp thấp)(?!\w)"  # a title about a storm
_WEDDING = "kết hôn|cưới|lên xe hoa|tổ chức đám cưới|tổ chức hôn lễ"  # what a wedding title says
_NOT_YET = "".join(f"(?<!{word} )" for word in ("sắp", "sẽ", "dự kiến", "có thể", "chuẩn bị", "khi"))  # "trước khi" too
# States a story moves through, each told in set words: (earlier, later). A title telling the
# earlier one ("Truy bắt nghi phạm ...": a manhunt; "... mất tích": missing; a storm "hướng vào"
# a coast) while another report's title tells the later one ("Bắt nghi phạm ...", "... sa lưới";
# "Tìm thấy thi thể ..."; "Bão ... đổ bộ")
# is stale (:func:`overtaken_state`) and discounted as a stale toll is (``STALE_DISCOUNT``).
STATES = (
    (re.compile(r"(?<!\w)(?:truy bắt|truy tìm|truy lùng|truy nã|lùng bắt|bỏ trốn|lẩn trốn)(?!\w)", re.IGNORECASE),
     re.compile(r"(?<!\w)(?:(?<!truy )(?<!lùng )bắt(?! đầu)|sa lưới|đầu thú|tạm giữ|tạm giam|khởi tố)(?!\w)", re.IGNORECASE)),
    (re.compile(r"(?<!\w)mất tích(?!\w)", re.IGNORECASE),
     re.compile(r"(?<!\w)(?:tìm thấy|thi thể)(?!\w)", re.IGNORECASE)),
    # a storm on its way ("Bão số 5 giật cấp 14 hướng vào Quảng Ninh") beside one that came ashore;
    # only of a storm (the words are everyday verbs: "Man City áp sát ngôi đầu"), and "đổ bộ" after
    # no word of the future ("dự kiến đổ bộ")
    (re.compile(rf"^(?={_STORM}).*?(?<!\w)(?:hướng vào|sắp đổ bộ|tiến vào|tiến gần|áp sát)(?!\w)", re.IGNORECASE),
     re.compile(rf"^(?={_STORM}).*?(?<!\w)(?:{_NOT_YET}đổ bộ|suy yếu|tan dần)(?!\w)", re.IGNORECASE)),
    # a wedding to come ("Ca sĩ ... sắp kết hôn với ...") beside one held ("... cưới doanh nhân ở Đà Lạt")
    (re.compile(rf"(?<!\w)(?:sắp|sẽ|chuẩn bị|dự kiến) (?:{_WEDDING})(?!\w)", re.IGNORECASE),
     re.compile(rf"(?<!\w){_NOT_YET}(?<!đã )(?:{_WEDDING})(?!\w)", re.IGNORECASE)),
)
ENTITY_WEIGHT = 0.35
CONTENT_WEIGHT = 0.15
LENGTH_WEIGHT = 0.15
STYLE_WEIGHT = 0.15
SUPPORT_WEIGHT = 0.2
# When the summary names no supported entity: this many of the cluster's most frequent names.
FALLBACK_ENTITIES = 5
# Labels some sites put before a headline to draw the eye, not part of what happened (compared
# by match key, so case and tone-mark placement do not matter).
LABELS = frozenset({
    "sốc", "nóng", "tin nóng", "chấn động", "độc quyền", "chính thức", "hot", "video", "clip",
    "ảnh", "photo", "infographic", "trực tiếp", "cập nhật", "khẩn", "tin khẩn", "đặc biệt",
    "tường thuật trực tiếp", "tường thuật",
    # a site's section or column before the headline ("THẾ GIỚI 24H: Một tiểu đoàn NATO ...")
    "thế giới 24h", "thế giới", "thời sự", "quốc tế", "pháp luật", "xã hội", "kinh tế", "thể thao",
    "giải trí", "văn hóa", "công nghệ", "sức khỏe", "giáo dục", "đời sống", "góc nhìn", "bình luận",
    "tin tức", "tin tức 24h", "tin mới", "bản tin", "điểm báo",
})  # fmt: skip
MIN_AFTER_LABEL = 4  # syllables a headline keeps after its label, or the label stays
_LABEL = re.compile(r"^\s*(?:[\[(](?P<bracketed>[^\])]{1,20})[\])]\s*:?|(?P<plain>[^:\[\]()]{1,30}):)\s+")
# A live blog's label, also without a colon ("Trực tiếp Việt Nam vs Thái Lan: ...", "LIVE U23
# Việt Nam - ..."), longest first, by match key. A title opening with one is a live blog's
# (``is_live_blog``): it follows a match or a session as it goes and names no outcome.
LIVE_LABELS = ("tường thuật trực tiếp", "trực tiếp", "live")
ENGLISH_LIVE_LABELS = frozenset({"live"})  # a label only in capitals or before ":", "|", "-", "]"
_LABEL_ENDS = frozenset(":|-–—])")
# A label without a colon goes only before a word that opens with a capital or a digit (the
# headline's own first word): "HOT girl ...", "Trực tiếp chỉ đạo ..." keep theirs. In capitals
# ("TRỰC TIẾP", "NÓNG", "VIDEO") it is the run of words in capitals the title opens with, and the
# whole run must be labels ("KHẨN CẤP Sơ tán ..." is no "KHẨN" label); in sentence case only a
# live blog's label goes ("Trực tiếp Việt Nam vs ...": what else opens so is rare in a headline).
_WORD = re.compile(r"\S+")
# More labels, of the media a page carries, recognised by ``strip_label`` before or after a
# headline ("(Video + ảnh)", "[Hình ảnh]"); ``is_label_only`` (a line above the headline) keeps
# to ``LABELS``.
MEDIA_LABELS = frozenset({
    "hình ảnh", "chùm ảnh", "phóng sự ảnh", "video clip", "photos", "infographics", "emagazine",
    "longform", "podcast", "live",
})  # fmt: skip
# A label after the headline: "(VIDEO)", "[Ảnh]", "(Video + ảnh)", or after a dash or bar
# ("- Video", "| Clip"). Several labels may be joined by "+", "&", "," or "/".
TRAILING_LABEL_MAX_CHARS = 30  # the most characters of labels in the brackets or after the dash
_TRAILING_LABEL = re.compile(
    rf"(?:\s*[\[(](?P<bracketed>[^\[\]()]{{1,{TRAILING_LABEL_MAX_CHARS}}})[\])]"
    rf"|(?:\s+[-–—]|\s*\|)\s*(?P<plain>[^-–—|\[\]().]{{1,{TRAILING_LABEL_MAX_CHARS}}}))\s*\.?\s*$"
)
_LABEL_JOINERS = re.compile(r"\s*[+&,/]\s*")
# A trailing outlet name, as a browser's saved title or a copied page carries it ("… - VnExpress",
# "… | Báo Tuổi Trẻ", "… – Tuổi Trẻ Online", "… - Báo Công an nhân dân"). The rule: the part
# after the last " - ", " – ", " — " or "|" (a dash with a space on at least one side, so
# "ki-ốt" and "2-1" never split) goes when it is
#   * an outlet of ``OUTLETS`` (by match key) after "Báo", "Báo điện tử" or "Tạp chí", or before
#     "Online", "News" or "điện tử"; or standing alone and capitalised as the outlet writes it
#     (many outlets are named by an ordinary phrase, "Thanh Niên" is also "youth", "Người Lao
#     Động" "the worker", "Dân trí" "literacy"; a headline's own words after a dash are lower
#     case: "doanh nghiệp - người lao động" stays);
#   * "Báo" and a name every word of which is capitalised ("Báo Quảng Ninh", "Báo Hải Phòng"),
#     unless the name is a country or region (``FOREIGN_PRESS``: "- Báo Mỹ" says whose press
#     reports it); "Báo động", "Báo cáo", "Báo Anh chỉ trích Mourinho" are no outlet names;
#   * a web address ("Dantri.com.vn", "VTV.vn").
# Anything else after a dash is the headline's own and stays: "Hà Nội - Hải Phòng", "Việt Nam -
# Thái Lan 2-1", "Ronaldo - Messi", "Thừa Thiên - Huế". At least ``MIN_AFTER_LABEL`` syllables
# must remain before the separator, or the title stays as it is.
OUTLETS = outlet_names(TITLE)  # the table and why its spellings differ: :mod:`summarizer.outlets`
# "Báo" and a country or region: the press of that country, which the headline cites.
FOREIGN_PRESS = frozenset(match_key(name) for name in {
    "mỹ", "hoa kỳ", "anh", "pháp", "đức", "nga", "ý", "italy", "tây ban nha", "bồ đào nha", "hà lan",
    "bỉ", "thuỵ điển", "na uy", "ukraine", "nhật", "nhật bản", "hàn", "hàn quốc", "triều tiên",
    "trung", "trung quốc", "hong kong", "hồng kông", "đài loan", "thái", "thái lan", "lào",
    "campuchia", "singapore", "malaysia", "indonesia", "philippines", "myanmar", "ấn độ", "úc",
    "australia", "canada", "brazil", "argentina", "iran", "israel", "ai cập", "châu âu", "châu á",
    "âu", "á", "tây", "ngoại", "nước ngoài", "quốc tế", "thế giới",
})  # fmt: skip
_OUTLET_PREFIX = re.compile(r"(?i)^(?:báo(?:\s+điện\s+tử)?|tạp\s+chí)\s+(?=\S)")
_OUTLET_SUFFIX = re.compile(r"(?i)(?<=\S)\s+(?:online|news|điện\s+tử)$")
_SEPARATOR = re.compile(r"\s*\|\s*|\s+[-–—]\s*|\s*[-–—]\s+")
_SEPARATOR_MARKS = frozenset("|-–—")  # each match of ``_SEPARATOR`` holds one, and white space
_HEAD_END = " :-–—|"  # stripped from the end of what stays once a tail goes
_WEB_NAME = re.compile(r"(?i)^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)/?$")
_REPEATED_MARKS = re.compile(r"(?<!\s)\s*[!?](?:\s*[!?])+")  # (?<!\s): tried once per run of spaces, not at each
OUTLET_NAME_MAX_WORDS = 6  # words of the name after "Báo" in "Báo X" ("Báo Pháp luật TP. Hồ Chí Minh")
_OUTLET_NAMES = {match_key(name): name for name in reversed(OUTLETS)}  # the first spelling listed wins
# Openers that mark a sentence fragment rather than a headline (compared by match key).
BAD_OPENERS = (
    "theo", "tuy nhiên", "ngoài ra", "trong khi đó", "bên cạnh đó", "do đó", "vì vậy", "còn",
    "và", "nhưng", "đây là", "điều này", "ông", "bà", "anh", "chị", "họ", "tôi", "chúng tôi",
    "ngoài", "đồng thời", "cũng", "sau đó",
)
# Openers of a title that names the piece's format rather than what happened (compared by match
# key, whole words): an interview ("Trò chuyện với giám đốc ...", "Phỏng vấn ...", "Gặp gỡ ...",
# "Giao lưu với ..."), a portrait ("Chân dung ..."), an opinion column ("Góc nhìn ..."), a digest
# ("Điểm tin sáng 21-5: ...", "Bản tin ...") and the media forms no one writes as a subject
# ("Infographic ...", "Emagazine ..."). "Video", "Clip" and "Ảnh" count only as a label (before a
# colon or in brackets, :func:`is_format_title`): "Video hiếp dâm gây chấn động Brazil" and "Ảnh
# cưới độc lạ của ..." are about the video and the photos. "Toàn cảnh" and "Cận cảnh" are not
# here: what follows names the event ("Toàn cảnh vụ xe tải đâm xe buýt ở Thái Nguyên"), and a
# summary of several reports is such an overview. In the 1,950 ViMs titles: "Chân dung" opens 6
# (one had been a headline, Cluster_226's), "Điểm tin" 2, "Video:" 3 (the label goes,
# ``strip_label``), none of the others.
FORMAT_OPENERS = (
    "trò chuyện với", "trò chuyện cùng", "phỏng vấn", "gặp gỡ", "giao lưu với", "giao lưu cùng",
    "chân dung", "góc nhìn", "điểm tin", "bản tin", "infographic", "infographics", "emagazine",
    "longform", "podcast",
)
# Quotation marks by shape: an opening curly mark and the closing one that pairs with it.
CURLY_QUOTES = {"“": "”", "‘": "’"}
_CLOSING_CURLY = {close: open_ for open_, close in CURLY_QUOTES.items()}
_STRAIGHT_QUOTES = "\"'"
_QUOTE_KIND = {"“": '"', "”": '"', '"': '"', "‘": "'", "’": "'", "'": "'"}  # double or single
_CURLY_OF_KIND = {'"': ("“", "”"), "'": ("‘", "’")}
_APOSTROPHES = "'’"  # between two letters or digits, an apostrophe: "O'Neil", "Hop’s", "Xi'an"
# A dash with a space on one side only, between words: "Xuân- Quyền", "Xuân -Quyền"
# (:func:`space_dashes`). The glued side is a letter (or, before the dash, a digit); a dash spaced
# before and glued to a digit is a minus ("nhiệt độ -5 độ C") and stays.
_LOPSIDED_DASH = re.compile(
    r"(?<=[^\W_])(?:(?P<glued_before>[-–—])\s+(?=[^\W_])|\s+(?P<glued_after>[-–—])(?=[^\W\d_]))"
)
# The figures (``figures.figures_in``) of the texts one ranking or choice has read, by text
# (:func:`_figures_of`).
FiguresRead = dict[str, list[figures.Figure]]
_SPECIAL_TOKEN = re.compile(r"</s>|<pad>|<unk>|<extra_id_\d+>")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…%)\]”’])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[“‘])\s+")
_TRAILING = ".,;:-–— "
_PAIRS = (("(", ")"), ("[", "]"))  # quotation marks: :func:`has_broken_quotes`


@dataclass(frozen=True)
class HeadlineChoice:
    title: str
    origin: str  # result.ORIGIN_MODEL, ORIGIN_SOURCE or ORIGIN_SUMMARY
    candidates: tuple[TitleCandidate, ...]  # best first
    request: GenerateRequest | None  # the model pass's settings (None when it did not run)


def headline_request(options: HeadlineOptions, *, no_repeat_ngram_size: int = 0) -> GenerateRequest:
    """The headline pass: short beams, several returned. The minimum length is one token per
    syllable of the shortest acceptable headline (capped by the maximum)."""
    return GenerateRequest(
        num_beams=options.num_beams,
        max_new_tokens=options.max_new_tokens,
        min_new_tokens=min(options.min_syllables, options.max_new_tokens),
        no_repeat_ngram_size=no_repeat_ngram_size,
        length_penalty=options.length_penalty,
        num_return_sequences=options.num_candidates,
    )


def tidy(text: str) -> str:
    """Strip special tokens, fold spaces, drop spaces before closing punctuation."""
    text = _SPECIAL_TOKEN.sub(" ", text)
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE_AFTER_OPEN.sub(r"\1", text)


def is_label_only(line: str) -> bool:
    """Whether ``line`` is an attention label and nothing else ("[Video]", "NÓNG:", "Clip"), as
    some pages put on a line of its own above the headline."""
    text = line.strip().rstrip(":").strip()
    if text[:1] in "[(" and text[-1:] in "])":
        text = text[1:-1].strip()
    return bool(text) and match_key(text) in LABELS


def _is_label(text: str) -> bool:
    """``text`` is attention labels only ("Video", "NÓNG", "Video + ảnh"): ``LABELS`` or
    ``MEDIA_LABELS`` by match key, several joined by "+", "&", "," or "/"."""
    parts = [part for part in _LABEL_JOINERS.split(text.strip()) if part]
    return bool(parts) and all(match_key(part) in LABELS or match_key(part) in MEDIA_LABELS for part in parts)


def _capitalised_as(text: str, name: str) -> bool:
    """``text`` capitalises every word ``name`` capitalises (or is all capitals); when the two
    split into words differently, its first word is capitalised."""
    words, model = text.split(), name.split()
    if text.isupper():
        return True
    if len(words) != len(model):
        return text[:1].isupper()
    return all(w[:1].isupper() or not m[:1].isupper() for w, m in zip(words, model))


def is_outlet_name(text: str) -> bool:
    """Whether ``text``, a title's part after its last dash or bar, names a news outlet (the
    rule above ``OUTLETS``): a listed outlet after "Báo"/"Tạp chí" or before "Online"/"News"/
    "điện tử", or alone and capitalised as listed; "Báo" and a capitalised name that is no
    country's; or a web address. A final period is no part of the name."""
    text = " ".join(text.split()).removesuffix(".")
    if _WEB_NAME.match(text):
        return True
    prefix = _OUTLET_PREFIX.match(text)
    for head in ((text, text[prefix.end() :]) if prefix else (text,)):
        suffix = _OUTLET_SUFFIX.search(head)
        for name in ((head, head[: suffix.start()]) if suffix else (head,)):
            listed = _OUTLET_NAMES.get(match_key(name))
            if listed and (name != text or _capitalised_as(name, listed)):
                return True
    # "Báo" (capitalised) and a name every word of which is capitalised, not a country's.
    rest = text[prefix.end() :].split() if prefix else []
    return (prefix is not None and text.startswith("Báo") and 1 <= len(rest) <= OUTLET_NAME_MAX_WORDS
            and all(w[:1].isupper() or w[:1].isdigit() for w in rest)
            and match_key(" ".join(rest)) not in FOREIGN_PRESS)


def _trailing_label(text: str, end: int) -> re.Match[str] | None:
    """The match of ``_TRAILING_LABEL`` in ``text[:end]``, the one ``_TRAILING_LABEL.search``
    finds there, read from the right: its labels hold neither brackets nor dashes nor bars, so
    the bracket that opens them (before a closing one at the end) or the dash or bar before them
    is the last one, no more than ``TRAILING_LABEL_MAX_CHARS`` characters back, and the match
    starts at the white space before it. Reads only the end of ``text[:end]``."""
    last = end  # before the white space and the one period after the labels
    while last > 0 and text[last - 1].isspace():
        last -= 1
    if last > 0 and text[last - 1] == ".":
        last -= 1
    while last > 0 and text[last - 1].isspace():
        last -= 1
    if last == 0:
        return None
    if text[last - 1] in ")]":
        reach = max(0, last - 2 - TRAILING_LABEL_MAX_CHARS)
        mark = max(text.rfind("(", reach, last - 1), text.rfind("[", reach, last - 1))
    else:
        mark, reach = last, max(0, last - TRAILING_LABEL_MAX_CHARS)
        while mark > reach and text[mark - 1] not in _SEPARATOR_MARKS:
            mark -= 1
        while mark > 0 and text[mark - 1].isspace():  # the white space before the labels
            mark -= 1
        mark -= 1
        if mark >= 0 and text[mark] not in _SEPARATOR_MARKS:
            return None
    if mark < 0:
        return None
    start = mark
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return _TRAILING_LABEL.match(text, start, end)


def _last_separator(text: str, end: int) -> re.Match[str] | None:
    """The last match of ``_SEPARATOR`` in ``text[:end]``, the one a scan from the start finds
    (``list(_SEPARATOR.finditer(text[:end]))[-1]``), read from the right: a match is white space
    around one dash or bar, so a scan that starts after a character of neither kind finds there
    what the scan from the start finds; the runs of such characters are tried from the last back."""
    position = end
    while True:
        mark = position - 1
        while mark >= 0 and text[mark] not in _SEPARATOR_MARKS:
            mark -= 1
        if mark < 0:
            return None
        start = mark  # the run of white space, dashes and bars around the last mark
        while start > 0 and (text[start - 1].isspace() or text[start - 1] in _SEPARATOR_MARKS):
            start -= 1
        stop = mark + 1
        while stop < position and text[stop].isspace():
            stop += 1
        matches = list(_SEPARATOR.finditer(text, start, stop))
        if matches:
            return matches[-1]
        position = start


def _trailing_cut(text: str, end: int) -> int | None:
    """Where what stays of ``text[:end]`` ends once one trailing label or outlet name goes (the
    rule of :func:`strip_label`, what stays not yet counted), or ``None`` when it ends in
    neither. Reads the tail only (and the whole text once, when the last part after a separator
    is no outlet's name), so that removing the tails one by one takes time linear in the text."""
    match = _trailing_label(text, end)
    if match and _is_label(match.group("bracketed") or match.group("plain")):
        cut = match.start()
    else:
        separator = _last_separator(text, end)
        if separator is None or not is_outlet_name(text[separator.end() : end]):
            return None
        cut = separator.start()
    while cut > 0 and text[cut - 1] in _HEAD_END:
        cut -= 1
    return cut


def _without_trailing(text: str) -> str:
    """``text`` without its trailing labels and outlet names ("... (Video) - VnExpress"), removed
    one after another from the last while ``MIN_AFTER_LABEL`` syllables or more stay, or ``text``
    itself. The tails are found from the right, each reading only its own end of the text. A
    tail holds a syllable and removing it adds none to what stays, so what stays holds fewer
    syllables after each removal: the removals go down to the shortest head that holds enough,
    found from the short end by counting the syllables of at most ``MIN_AFTER_LABEL`` + 1 heads
    (one removal per pass, each searching the whole text and counting what stays, took time
    quadratic in the number of tails: 8.5 s for 2,000 " - Video")."""
    cuts: list[int] = []
    end = len(text)
    while (cut := _trailing_cut(text, end)) is not None:
        cuts.append(cut)
        end = cut
    for cut in reversed(cuts):
        if len(syllables(text[:cut])) >= MIN_AFTER_LABEL:
            return text[:cut]
    return text


def reduce_marks(text: str) -> str:
    """A run of exclamation and question marks ("!!!", "?!", "? ?") as one mark: "?" when the
    run holds one (the title asks, and stays a teaser), else "!". One "!" stays: a headline
    may end on a quoted cry ("'Hãy cứu con tôi!'") and the mark is the editor's, not a label."""
    return _REPEATED_MARKS.sub(lambda m: "?" if "?" in m.group() else "!", text)


def space_dashes(text: str) -> str:
    """``text`` with each dash that has a space on one side only, between words ("Trần Lệ Xuân-
    Quyền lực bà Rồng", "Thanh Hóa -Hải Phòng"), spaced on both ("Xuân - Quyền"), as the reports'
    own titles mostly write it. A dash glued on both sides stays ("Việt-Nga", "2015-2016",
    "COVID-19", "ki-ốt"), and so does one spaced before and glued to a digit, a minus ("-5 độ
    C"), or one beside a mark rather than a letter or digit. The 1,950 ViMs titles hold 6 such
    dashes, all glued before ("FLC Thanh Hóa- Hải Phòng", "Budweiser- thương hiệu ...", "TP. HCM-
    Kuala Lumpur"), each a separator."""
    return _LOPSIDED_DASH.sub(lambda m: f" {m.group('glued_before') or m.group('glued_after')} ", text)


def as_shown(text: str) -> str:
    """A cleaned headline (:func:`strip_label`) as it is shown: a dash spaced on one side only
    spaced on both (:func:`space_dashes`), quotation marks of two shapes in a pair mended where
    the mend is sure (:func:`mend_quotes`). Applied to the ranked candidates, after scoring (a
    broken title is discounted as written), and not in :func:`strip_label`, whose output is the
    title less what the site added to it and nothing else (its tails go by the one-at-a-time
    rule, which reads a lopsided dash as a separator)."""
    return mend_quotes(space_dashes(text))


def strip_label(text: str) -> str:
    """``text`` as a headline, without what a site adds around it: a leading attention label
    ("Sốc:", "NÓNG:", "Video:", "[Clip]"; ``LABELS`` and ``MEDIA_LABELS``, by match key), a
    trailing one ("(VIDEO)", "[Ảnh]", "- Video", "(clip)") and a trailing outlet name ("- VnExpress",
    "| Báo Tuổi Trẻ": :func:`is_outlet_name`), each only when a headline of ``MIN_AFTER_LABEL``
    syllables or more remains; a place or a speaker before a colon ("Hà Nội: ...") and a part
    after a dash that names no outlet ("Hà Nội - Hải Phòng") are the headline's own and stay.
    A run of "!" and "?" becomes one mark (:func:`reduce_marks`); a final period goes. Capitals
    are left as they are.
    The dashes and quotation marks of the headline shown are mended later (:func:`as_shown`)."""
    text = reduce_marks(text)
    match = _LABEL.match(text)
    if match and _is_label(match.group("bracketed") or match.group("plain")):
        end: int | None = match.end()
    else:
        end = _bare_label_end(text)
    if end is not None:
        rest = text[end:]
        if len(syllables(rest)) >= MIN_AFTER_LABEL:
            text = rest[:1].upper() + rest[1:]
    text = _without_trailing(text)
    return text[:-1].rstrip() if _FINAL_PERIOD.search(text) else text


# A title longer than this many syllables (the longest ViMs title has 25) is a site's long
# headline; as a headline it stays whole (cut at a comma or colon it lost its predicate: "Ông
# Nguyễn Văn An, Giám đốc Sở Y tế tỉnh Quảng Nam" of "..., bị bắt vì ..."), and among the titles
# it is discounted by LONG_TITLE_DISCOUNT, so that another report's shorter title of about the
# same centrality is the headline.
LONG_TITLE_SYLLABLES = 25
LONG_TITLE_DISCOUNT = 0.8


# A headline's final period ("Xe buýt bốc cháy trên đường Nguyễn Trãi."), not an ellipsis nor an
# abbreviation's ("... v.v.", "Công an TP.", "Q.").
_FINAL_PERIOD = re.compile(r"(?<![.…])(?<!\.[^\W\d_])(?<![\s(][A-ZĐ])(?<![\s(][A-ZĐ][A-Zpx])(?<![\s(][A-ZĐ]{3})\.$")


def _opens_headline(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() or word[:1] in "\"“‘'"


def _bare_label_end(text: str) -> int | None:
    """Where the headline starts after a leading label without a colon or brackets (the rule
    above ``_WORD``): the label in capitals, the whole run of capitalised words before the first
    word that is not, or a live blog's label in any case; ``None`` when the title opens with
    neither."""
    words = list(_WORD.finditer(text[:200]))
    caps = 0
    while caps < len(words) and words[caps].group().isalpha() and words[caps].group().isupper():
        caps += 1
    if 0 < caps < len(words) and _is_label(" ".join(w.group() for w in words[:caps])):
        if _opens_headline(words[caps].group()):
            return words[caps].start()
    for label in LIVE_LABELS:
        n = len(label.split())
        if len(words) > n and match_key(" ".join(w.group() for w in words[:n])) == label \
                and _opens_headline(words[n].group()):
            return words[n].start()
    return None


def is_live_blog(title: str) -> bool:
    """A live blog's title ("Trực tiếp bóng đá Việt Nam vs Thái Lan", "[Trực tiếp] ...",
    "LIVE: ..."): it opens with one of ``LIVE_LABELS`` (in brackets or not). It follows an event
    as it goes, like a teaser it tells no outcome, and is discounted like one."""
    text = title.strip().lstrip("[(").strip()
    key = match_key(text)
    for label in LIVE_LABELS:
        if not (key == label or key.startswith((label + " ", label + ":", label + "]", label + ")"))):
            continue
        if label in ENGLISH_LIVE_LABELS:  # "Live show Đan Trường": the English word only in capitals or before a mark
            head = text[: len(label)]
            after = text[len(label) :].lstrip()[:1]
            return head.isupper() or after in _LABEL_ENDS
        return True
    return False


def is_format_title(title: str) -> bool:
    """A title that names the piece's format rather than the news: it opens with one of
    ``FORMAT_OPENERS`` ("Trò chuyện với giám đốc HTX ...", "Chân dung ...", "Điểm tin sáng ...:"),
    or still with a site's label before a colon or in brackets ("Video: Lũ quét", which
    :func:`strip_label` keeps when too little follows). An interview's or a portrait's title
    names who the piece is about, not what happened, and a summary of several reports is neither;
    it is discounted by ``FORMAT_DISCOUNT``."""
    text = title.strip()
    key = match_key(text)
    if any(key == opener or key.startswith(opener + " ") for opener in FORMAT_OPENERS):
        return True
    match = _LABEL.match(text)
    return match is not None and _is_label(match.group("bracketed") or match.group("plain"))


def _read_quotes(text: str) -> tuple[list[tuple[int, int]], bool]:
    """The quotation marks of ``text`` (a title) read left to right: the pairs (where the
    opening mark stands, where its closing one) and whether some mark pairs with none (left
    open, or closing nothing). A closing mark closes the innermost open quotation, whatever
    its shape. Curly marks open or close by their shape (‘ “ open, ’ ” close); a straight one
    closes the open quotation when that is of its kind (single ' ‘, double " “) and the mark
    does not stand after a space and before a word, else opens one when a word or mark follows
    it. ' and ’ between two letters or digits are apostrophes ("Hop’s", "O'Neil"), and a straight
    mark after a digit that closes nothing is a minute or inch mark ("phút 90'", "tivi 55\"")."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []  # where the open quotations' marks stand, the innermost last
    for i, mark in enumerate(text):
        if mark not in _QUOTE_KIND:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if mark in _APOSTROPHES and before.isalnum() and after.isalnum():
            continue
        if mark in CURLY_QUOTES:
            stack.append(i)
        elif mark in _CLOSING_CURLY:
            if not stack:
                return pairs, True
            pairs.append((stack.pop(), i))
        elif stack and _QUOTE_KIND[text[stack[-1]]] == _QUOTE_KIND[mark] \
                and not (before.isspace() and not after.isspace()):  # after a space, before a word: it opens
            pairs.append((stack.pop(), i))
        elif before.isdigit() and not after.isalnum():
            continue  # a minute or inch mark
        elif not after.isspace():
            stack.append(i)
        else:
            return pairs, True  # it closes nothing and opens nothing: a lone mark
    return pairs, bool(stack)


def _same_shape(opening: str, closing: str) -> bool:
    return CURLY_QUOTES.get(opening, opening) == closing


def has_broken_quotes(text: str) -> bool:
    """Whether the quotation marks of ``text`` (a title) do not pair up (:func:`_read_quotes`): a
    mark left open or one that closes nothing ("Mourinho sẽ không ‘để mắt tới ...", 'I, Daniel
    Blake'’), or a pair whose marks differ in shape (“Hop on Hop off'”: the ' closes “; ``Hà Nội:
    "Mạnh tay” ...``; ‘để mắt'). Of the 1,950 ViMs titles (cleaned by :func:`strip_label`) 9
    read broken, each so by eye: 5 pair marks of two shapes (Cluster_008 "...”, 183 ‘...', 196
    "...”, 249 “...", 253 “..."), 3 leave a mark open or close one twice (Cluster_061, closed by
    a prime ′; Cluster_121 'I, Daniel Blake'’; Cluster_253 “...“) and Cluster_041's does both;
    the 283 others with a quotation mark or an apostrophe read whole (``bỗng...'đột tử'`` among
    them: a mark after another mark and before a word opens; ``"khủng" ... “bèo”``, two pairs
    of two shapes, each of one)."""
    pairs, unpaired = _read_quotes(text)
    return unpaired or any(not _same_shape(text[a], text[b]) for a, b in pairs)


def mend_quotes(text: str) -> str:
    """``text`` with each pair of quotation marks that differ in shape but not in kind (``"...”``,
    “...", ‘...', '...’) written as the curly pair of that kind (“...”, ‘...’): the editor typed
    the curly one, and the other is the keyboard's. Only when every mark pairs and every pair is
    of one kind; else ``text`` as it is: a mark left open or a pair of two kinds (“...') leaves
    no sure mend. A title with broken marks is discounted (``BROKEN_QUOTES_DISCOUNT``) all the
    same; this is for the one that still wins, as shown. Of the 9 broken ViMs titles it mends 5
    (Cluster_008, 183, 196, 249, 253's “...")."""
    pairs, unpaired = _read_quotes(text)
    if unpaired or any(_QUOTE_KIND[text[a]] != _QUOTE_KIND[text[b]] for a, b in pairs):
        return text
    chars = list(text)
    for a, b in pairs:
        if not _same_shape(text[a], text[b]):
            chars[a], chars[b] = _CURLY_OF_KIND[_QUOTE_KIND[text[a]]]
    return "".join(chars)


def clean_candidate(text: str) -> str:
    """One line, first sentence, nothing a site adds around a headline (``strip_label``: no
    attention label, no trailing outlet name, no run of "!"), no final period (a question or
    exclamation mark stays)."""
    lines = [line for line in text.splitlines() if line.strip()]
    text = strip_label(tidy(lines[0])) if lines else ""
    parts = split_sentences(text) if text else []
    text = parts[0] if parts else text
    return text.rstrip(_TRAILING).strip()


def _length_score(n: int, options: HeadlineOptions) -> float:
    low, high = options.min_syllables, options.max_syllables
    if low <= n <= high:
        return 1.0
    distance = low - n if n < low else n - high
    reach = low if n < low else high
    return max(0.0, 1.0 - distance / reach)


def style_score(text: str) -> float:
    """Share of the headline-style checks ``text`` passes (see the module docstring)."""
    key = match_key(text)
    checks = [
        text[:1].isupper() or text[:1].isdigit(),
        not any(key == o or key.startswith(o + " ") for o in BAD_OPENERS),
        all(text.count(a) == text.count(b) for a, b in _PAIRS) and not has_broken_quotes(text),
        not text.endswith((":", "-", "–", "—")),
        # tells, in sentence case
        not is_teaser(text) and not not_sentence_case(text) and not is_live_blog(text) and not is_format_title(text),
        not any(a == b for a, b in zip(key.split(), key.split()[1:])),
    ]
    return sum(checks) / len(checks)


class Profile:
    """What a candidate is compared with: the summary's key entities and syllables, and the
    source reports (for support)."""

    def __init__(self, summary: str, sources: Sequence[str]) -> None:
        self.index = SourceIndex(sources)
        counts: Counter[str] = Counter()
        for claim in extract_claims(summary):
            key = match_key(claim.text)
            if key and is_supported(claim, self.index):
                counts[key] += 1
        if not counts:
            cluster: Counter[str] = Counter()
            for source in sources:
                for claim in extract_claims(source):
                    if claim.kind == "name":
                        cluster[match_key(claim.text)] += 1
            counts = Counter(dict(cluster.most_common(FALLBACK_ENTITIES)))
        self.entities = counts
        self.syllables = set(syllables(summary))


def score(text: str, profile: Profile, options: HeadlineOptions) -> float:
    """The documented headline score of one candidate, in [0, 1]."""
    tokens = syllables(text)
    if not tokens:
        return 0.0
    padded = " " + " ".join(tokens) + " "
    content = sum(t in profile.syllables for t in tokens) / len(tokens)
    if profile.entities:
        total = sum(profile.entities.values())
        entity = sum(c for k, c in profile.entities.items() if f" {k} " in padded) / total
    else:
        entity = content
    claims = extract_claims(text)
    support = sum(is_supported(c, profile.index) for c in claims) / len(claims) if claims else 1.0
    length = _length_score(len(tokens), options)  # syllables, as the options count them
    return (ENTITY_WEIGHT * entity + CONTENT_WEIGHT * content + LENGTH_WEIGHT * length
            + STYLE_WEIGHT * style_score(text) + SUPPORT_WEIGHT * support)


def model_candidates(
    backend: Seq2SeqBackend,
    summary: str,
    *,
    prefix: str,
    budget: int,
    options: HeadlineOptions,
    no_repeat_ngram_size: int = 0,
    notices: list[str] | None = None,
) -> tuple[list[str], GenerateRequest | None]:
    """The second generate call: headline candidates written from the summary, and the request
    it made; ([], None) when the summary does not fit the input budget, said in ``notices`` (or
    the log, without them)."""
    request = headline_request(options, no_repeat_ngram_size=no_repeat_ngram_size)
    sentences = split_sentences(summary) or [summary]
    # the summary is far shorter than the input budget; should it not be, keep the most lead
    # sentences that fit, found by halving (each count reads the text: dropping one sentence at
    # a time was quadratic in the summary's length)
    fits, over = 1, len(sentences) + 1
    if backend.count_tokens(prefix + " ".join(sentences)) <= budget:
        fits = len(sentences)
    else:
        while over - fits > 1:
            middle = (fits + over) // 2
            if backend.count_tokens(prefix + " ".join(sentences[:middle])) <= budget:
                fits = middle
            else:
                over = middle
    text = prefix + " ".join(sentences[:fits])
    if backend.count_tokens(text) > budget:
        _notice(notices, f"the summary is too long for a headline pass (input budget {budget} tokens): "
                         "the headline is chosen from the reports' titles only")
        return [], None
    raw = backend.generate([text], request)[0]
    return [clean_candidate(c) for c in raw], request


def _notice(notices: list[str] | None, text: str) -> None:
    if notices is None:
        log.warning("%s", text)
    else:
        notices.append(text)


def choose(
    model: Sequence[str],
    titles: Sequence[tuple[str, str | None]],
    summary: str,
    options: HeadlineOptions,
    *,
    sources: Sequence[str] = (),
    request: GenerateRequest | None = None,
    notices: list[str] | None = None,
) -> HeadlineChoice:
    """Score model candidates and source titles ``(title, file)`` and pick the best;
    ``sources`` are the report texts (sentences and titles) facts are checked against. With no
    candidate at all, the summary's lead words, said in ``notices`` (or the log)."""
    profile = Profile(summary, sources)
    pool: list[TitleCandidate] = []
    seen: set[str] = set()
    for title, file in titles:  # sources first: they win ties (stable sort below)
        text = clean_candidate(title)
        key = match_key(text)
        if text and key not in seen:
            seen.add(key)
            pool.append(TitleCandidate(text=text, origin=ORIGIN_SOURCE, score=score(text, profile, options), file=file))
    for text in model:
        key = match_key(text)
        if text and key and key not in seen:
            seen.add(key)
            pool.append(TitleCandidate(text=text, origin=ORIGIN_MODEL, score=score(text, profile, options)))
    if not pool:
        parts = split_sentences(summary)  # none in a summary of punctuation alone
        fallback = clean_candidate(parts[0]) if parts else ""
        words = fallback.split()[: options.max_syllables]
        text = " ".join(words).rstrip(_TRAILING)
        pool.append(TitleCandidate(text=text, origin=ORIGIN_SUMMARY, score=score(text, profile, options)))
        _notice(notices, "no headline candidate (no title in the reports, none from the model): the headline is "
                         "the summary's lead words")
    read: FiguresRead = {}  # each text's figures, read once in this choice
    if any(_figures_of(c.text, read) for c in pool):  # else no report needs reading
        updates = updates_in([*sources, summary], read)
        pool = [replace(c, score=c.score * STALE_DISCOUNT) if _outdated(c.text, updates, read) else c for c in pool]
    # scored as written (broken marks cost style), shown mended (dashes, marks)
    ranked = tuple(replace(c, text=as_shown(c.text)) for c in sorted(pool, key=lambda c: -c.score))
    best = ranked[0]
    return HeadlineChoice(title=best.text, origin=best.origin, candidates=ranked, request=request)


def overtaken_state(title: str, others: Sequence[str]) -> bool:
    """Whether ``title`` tells a story's earlier state (``STATES``) that one of the ``others``
    (the other reports' titles) tells as past: "Truy bắt nghi phạm cướp tiệm vàng" beside "Nghi
    phạm cướp tiệm vàng ở Đồng Nai sa lưới"."""
    return any(_state(title, earlier, later) == "earlier"
               and any(_state(other, earlier, later) == "later" for other in others)
               for earlier, later in STATES)


def _state(title: str, earlier: re.Pattern[str], later: re.Pattern[str]) -> str | None:
    """Which state ``title`` tells: the one whose words come first in it ("Bắt nghi phạm ... sau
    20 giờ lẩn trốn" tells the arrest, its flight is how it came to it), None for neither."""
    first = earlier.search(title)
    then = later.search(title)
    if first is None or then is None:
        return "earlier" if first else "later" if then else None
    return "earlier" if first.end() < then.end() else "later"  # by where each state's words end


def stale_figures(title: str, texts: Sequence[str]) -> list[str]:
    """The updates in ``texts`` (reports' titles and bodies, the summary) to a higher figure than
    ``title`` states for the same counted thing, as :mod:`summarizer.figures` finds them ("nâng
    số người chết lên 4", "Số người chết tăng lên 32", "đến 8h ... 5 người tử vong") for "3
    người tử vong" / "ít nhất 12 người tử vong": tolls only grow, so the title's figure is the
    older one. Empty when ``title`` states no figure (the texts go unread) or none is updated."""
    read: FiguresRead = {}
    return _outdated(title, updates_in(texts, read), read) if _figures_of(title, read) else []


def _figures_of(text: str, read: FiguresRead) -> list[figures.Figure]:
    """``figures.figures_in(text)``, looked up in ``read`` first and kept there. One ranking or
    choice asks for the figures of one text several times (a title is tested for a figure, for a
    stale one, for the updated count; a summary sentence is a report's sentence again; reports
    copy sentences), and reading a sentence tries every pattern of :mod:`summarizer.figures`:
    ``read`` is made by the call and dropped with it, so it holds that call's texts only."""
    found = read.get(text)
    if found is None:
        found = read[text] = figures.figures_in(text)
    return found


def _outdated(title: str, updates: Sequence[figures.Figure], read: FiguresRead | None = None) -> list[str]:
    """The ``updates`` (:func:`updates_in`) to a higher figure than ``title`` states for the same
    counted thing. ``read``: the figures already read (:func:`_figures_of`), for the caller's
    other texts."""
    stated = _figures_of(title, {} if read is None else read) if updates else []
    return [u.update for u in updates if u.update and any(f.key == u.key and u.value > f.value for f in stated)]


def updates_in(texts: Sequence[str], read: FiguresRead | None = None) -> list[figures.Figure]:
    """The figures of ``texts`` that a sentence states as an update (``figures.figures_in``).
    ``read``: the figures already read (:func:`_figures_of`), filled with these sentences' for
    the caller's later use; a sentence several texts share is read once either way."""
    read = {} if read is None else read
    return [figure for text in texts for sentence in split_sentences(text)
            for figure in _figures_of(sentence, read) if figure.update]


def report_agreement(titles: Sequence[tuple[str, str | None]], reports: Sequence[tuple[str | None, str]]) -> list[float]:
    """For each ``(title, file)``, the TF-IDF cosine between the title and the centroid of the
    ``reports`` (``(file, title and body)``) other than its own file: how much the other reports
    say what it says. TF-IDF (``salience.tfidf``) is fitted on the titles and reports together.
    With fewer than two reports every title agrees (1.0)."""
    if len(reports) < 2 or not titles:
        return [1.0] * len(titles)
    k = len(titles)
    matrix = salience.tfidf([t for t, _ in titles] + [text for _, text in reports])
    bounds = np.searchsorted(matrix.rows, np.arange(matrix.shape[0] + 1))  # rows are stored in order

    def dense(rows: Sequence[int]) -> np.ndarray:
        vector = np.zeros(matrix.shape[1])
        for r in rows:
            np.add.at(vector, matrix.cols[bounds[r] : bounds[r + 1]], matrix.values[bounds[r] : bounds[r + 1]])
        return vector

    total = dense(range(k, matrix.shape[0]))
    agreement = []
    for i, (_, file) in enumerate(titles):
        own = [k + j for j, (f, _) in enumerate(reports) if f is not None and f == file]
        others = total - dense(own) if own else total
        norm = float(np.linalg.norm(others))
        row = slice(bounds[i], bounds[i + 1])
        agreement.append(float(matrix.values[row] @ others[matrix.cols[row]]) / norm if norm > 1e-12 else 0.0)
    return agreement


def rank_source_titles(
    titles: Sequence[tuple[str, str | None]],
    reference_texts: Sequence[str],
    reports: Sequence[tuple[str | None, str]] = (),
) -> list[TitleCandidate]:
    """The reports' own titles, best first: :func:`salience.rank_source_titles` (centrality to
    ``reference_texts``, the summary; a teaser or a title in capitals discounted), with

    * a live blog's title (:func:`is_live_blog`), and one with a day counted from its report's
      (``relative_days.find``: "Giá điện tăng 4,8% từ hôm nay", "Động đất ở Nhật Bản tối qua":
      true on its day only, and the headline of a summary of several days' reports), discounted
      as a teaser is (``salience.TEASER_DISCOUNT``);
    * a title whose quotation marks are broken (:func:`has_broken_quotes`: “Hop on Hop off'”,
      ‘để mắt') discounted by ``BROKEN_QUOTES_DISCOUNT``, and one that names its format rather
      than the news (:func:`is_format_title`: "Trò chuyện với ...", "Chân dung ...") by
      ``FORMAT_DISCOUNT``; each title is then shown (:func:`as_shown`) with its lopsided dashes
      spaced and its marks mended where the mend is sure (‘để mắt' as ‘để mắt’), should a
      broken one still win;
    * a title longer than ``LONG_TITLE_SYLLABLES`` discounted by ``LONG_TITLE_DISCOUNT``;
    * a title telling a story's earlier state that another report's title tells as past
      (:func:`overtaken_state`: a manhunt beside an arrest, "mất tích" beside "tìm thấy thi
      thể") discounted by ``STALE_DISCOUNT`` (no ViMs headline changes; a tester's robbery
      summary, whose first sentence told the arrest, had the manhunt as its headline);
    * a title stating a toll the reports or the summary update to a higher figure
      (:func:`stale_figures`) discounted by ``STALE_DISCOUNT``, and ranked after every other
      title when some title states a toll no update outdates (one that gives the new figure);
    * the tie rule (titles within ``salience.TITLE_SCORE_TIE`` of the best, shortest first) kept
      to the titles the other reports agree with (:func:`report_agreement`, at least
      ``MIN_TIE_AGREEMENT`` of the highest among the tied): a title from a report on another
      story, close to the summary because a sentence of that report got in, no longer wins a
      near-tie on being shorter.

    ``reports`` are ``(file, title and body)`` of every report (the update and the agreement are
    read there); without them only the live-blog discount applies beyond salience's ranking.
    Then by score, then input order."""
    ranked = salience.score_source_titles(titles, reference_texts)  # in input order
    if not ranked:
        return ranked
    # each text's figures, read once in this ranking (the titles are asked three times below)
    read: FiguresRead = {}
    with_figures = reports and any(_figures_of(c.text, read) for c in ranked)
    updates = updates_in([text for _, text in reports] + list(reference_texts), read) if with_figures else []
    scores = []
    stale = [bool(updates) and bool(_outdated(c.text, updates, read)) for c in ranked]
    # the label a cleaned title lost still tells a live blog: its report's own first line keeps it
    raw_titles = {file: text.split("\n", 1)[0] for file, text in reports}
    for c, outdated in zip(ranked, stale):
        live = is_live_blog(c.text) or is_live_blog(raw_titles.get(c.file, ""))
        # a live blog's title, and one that counts from its day ("từ hôm nay"), discounted as teasers
        value = c.score * salience.TEASER_DISCOUNT ** (live + bool(relative_days.find([], c.text)))
        if outdated:
            value *= STALE_DISCOUNT
        if has_broken_quotes(c.text):
            value *= BROKEN_QUOTES_DISCOUNT
        if is_format_title(c.text):
            value *= FORMAT_DISCOUNT
        if overtaken_state(c.text, [other.text for other in ranked if other is not c]):
            value *= STALE_DISCOUNT
        if len(syllables(c.text)) > LONG_TITLE_SYLLABLES:
            value *= LONG_TITLE_DISCOUNT
        scores.append(value)
    # a title that states the updated count (one of the counts a report updates, not outdated):
    # the stale ones then come after every other title
    updated_keys = {u.key for u in updates}
    fresh = bool(updated_keys) and any(not outdated and any(f.key in updated_keys for f in _figures_of(c.text, read))
                                       for c, outdated in zip(ranked, stale))
    last = [outdated and fresh for outdated in stale]
    tied = salience.tied_with_best(scores, allowed=[not after for after in last])
    if reports and sum(tied) > 1:  # a title alone with the best wins whatever its agreement
        agreement = report_agreement([(c.text, c.file) for c in ranked], reports)
        most = max(a for a, t in zip(agreement, tied) if t)
        tied = [t and a >= MIN_TIE_AGREEMENT * most for t, a in zip(tied, agreement)]
    order = salience.title_order([c.text for c in ranked], scores, tied, last)
    # discounted as written, shown mended (dashes, and marks where sure: a broken title may still win)
    return [replace(ranked[i], text=as_shown(ranked[i].text), score=scores[i]) for i in order]
