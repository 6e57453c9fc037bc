"""Quotation marks that a summary leaves open or closes without opening.

A quotation often runs over several sentences of a report: ``Bà nói: “Tôi sẽ tranh cử. Tôi biết
đây là việc khó.”``. Split into sentences, the first holds an opening mark and no closing one,
the last a closing mark without its opening one. A summary that takes one of them without the
other shows a dangling mark: 152 of the 2,227 sentences of the extractive engine's summaries of
the 300 ViMs clusters hold one, and 52 summaries read unbalanced as a whole; mended, none does
(119 sentences gain a mark).

``balance`` mends a run of sentences that are consecutive in their report (or one generated
text): marks still open at the end of the run are closed after its last sentence, and closing
marks with no opening mark before them in the run get one before its first sentence, each in
the style of its partner. A closing mark closes the innermost open quotation, whatever its
style: reports mix curly (“ ”) and straight (") marks, as in “Hoàng Sa, Trường Sa". A straight
mark opens a quotation when what precedes it (looking past other quotation marks) is the start,
a space, an opening bracket, a colon or a dash and what follows is not a space; it closes one in
the mirror case (what follows is the end, a space, a closing bracket, punctuation or a dash:
bạn ấy"- Khương kể); otherwise (between two letters, as an inch mark, or between two spaces) it is
not counted, except that a mark between two spaces is the opening of a straight closing mark
later in its sentence when no quotation is open there (a typing slip: để " xin tha".); the
openers put before the run count as open from its start (in ``: " :" :”`` the first put there
takes the mark after the second colon, and the last mark gets one more). A curly
mark counts by its shape, unless it plainly stands where the other shape goes (a report that
opens a quotation with ”, as in ”Điều quan trọng là ...”). A quotation does
not open inside another of its style that an earlier sentence opened: two attributions in a row
("Ông cho biết: “... ." then "Bà nhấn mạnh: “... .") show that the first quotation ended with its
sentence, and it is closed there rather than doubled up after the last. Nothing else in the text
changes. Over the 300 ViMs summaries this mended the last three that showed a doubled mark
(““” and ””, ""), and one quotation closed after the wrong sentence.

``inside_quotation`` tells which sentences of a report come in the middle of someone's words;
a quotation open over more than ``MAX_QUOTED_SENTENCES`` sentences is taken to have lost its
closing mark. A stray opening mark made up to that many sentences of news someone's words, so it
reads a report as ``balance`` reads a run, with three differences. A later quotation of a style
ends an earlier one only when it runs on past its own sentence (a new attribution), not when it
closes there (a title inside the speaker's words, Bản thu (album “25”) đối với tôi ...). A mark
left open at the end of its sentence right before another of its shape (““Tôi) is a doubled
key. A mark left open in the middle of a clause (not at the start of its sentence, nor after a
colon, a dash, a verb of saying or a comma before words that open a sentence, nor before words
in the first person) is a stray key or a quoted phrase whose closing mark is lost (giá "sốc
trong ngày., tuyên bố hai bên đã “thảo luận về ...) when a quotation is open already or no
closing mark of the next ``MAX_QUOTED_SENTENCES`` sentences closes it: it opens nothing. A real
quotation whose closing mark is lost opens where speech opens and is kept: treating every
quotation never closed as a stray would let ViMs Cluster_136's first-person account out. Over
the 1,945 ViMs reports (as the extractive engine splits them) 811 sentences were marked and 42
reports held a quotation never closed (48 in all); now 11 marks in 11 reports are stray or
doubled, 17 reports hold a quotation never closed (19, all opened where speech opens,
Cluster_136's among them, its middles still marked) and 771 sentences are marked: 42 no longer
(news after the stray marks, after quotations closed by "- and after second attributions), 2
more (the middles of Cluster_142's second attribution). One mark put before a random word of a
sentence with none in each of 1,942 reports newly marked 6,736 sentences, now 135 (the mark
after a verb of saying or a comma before a name, or closed by a later mark); with the closing
mark of each of the 405 quotations over three sentences or more deleted, their middles stay
marked (647, now 649). The dash read as closing changes what 3 ViMs sentences lack (Cluster_054,
068 and 252); reading the openers put before a run as open changes no run of 2 or 3 ViMs
sentences. None of the 300 ViMs summaries changes (R2 tune 41.17, held-out 40.95 either way).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CURLY_OPEN, CURLY_CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
MARKS = CURLY_OPEN + CURLY_CLOSE + STRAIGHT  # every quotation mark read
# What stands before an opening straight mark (or the start) and after a closing one (or the
# end), looking past other quotation marks.
_OPENING_CONTEXT = " \t([{\u2013\u2014-:"
_DASHES = "-\u2013\u2014"
_CLOSING_CONTEXT = " \t)]},.;:!?\u2026" + _DASHES  # a dash too: “...”- ông nói, "..."- Khương kể
_SENTENCE_ENDS = ".!?\u2026"


@dataclass(frozen=True)
class Imbalance:
    """Marks missing for a run of text to read balanced."""

    openers: str = ""  # opening marks missing before the text, in the order they go there
    closers: str = ""  # closing marks missing after it, in order

    @property
    def balanced(self) -> bool:
        return not (self.openers or self.closers)


def _contexts(text: str) -> tuple[list[str], list[str]]:
    """For every position of ``text``, the nearest character before it and after it that is no
    quotation mark (a space past either end): one pass each way, so a run of thousands of marks
    is not walked again for each of them."""
    before, after = [" "] * len(text), [" "] * len(text)
    last = " "
    for i, ch in enumerate(text):
        before[i] = last
        if ch not in MARKS:
            last = ch
    last = " "
    for i in range(len(text) - 1, -1, -1):
        after[i] = last
        if text[i] not in MARKS:
            last = text[i]
    return before, after


def _role(text: str, i: int, before: str, after: str) -> int:
    """+1 when ``text[i]`` opens a quotation, -1 when it closes one, 0 when it is no quotation
    mark or its role cannot be told (see the module docstring); ``before`` and ``after``: the
    characters around it past other marks (:func:`_contexts`). A curly mark's role is its
    shape's, unless it plainly stands where the other shape goes: a closing shape at the start
    of a word (”Điều quan trọng là ...”), an opening shape right after a word and before a space."""
    ch = text[i]
    if ch not in MARKS:
        return 0
    if ch == STRAIGHT:
        opening_side = before in _OPENING_CONTEXT and not after.isspace()
        closing_side = after in _CLOSING_CONTEXT and not before.isspace()
        return int(opening_side) - int(closing_side)
    if ch == CURLY_CLOSE and before in _OPENING_CONTEXT and after.isalnum():
        return 1
    if ch == CURLY_OPEN and (before.isalnum() or before in _SENTENCE_ENDS) and after in _CLOSING_CONTEXT:
        return -1
    return 1 if ch == CURLY_OPEN else -1


def _style(mark: str) -> str:
    return STRAIGHT if mark == STRAIGHT else CURLY_OPEN


def _opener(style: str) -> str:
    return CURLY_OPEN if style == CURLY_OPEN else STRAIGHT


def _closer(style: str) -> str:
    return CURLY_CLOSE if style == CURLY_OPEN else STRAIGHT


@dataclass(frozen=True)
class _Reading:
    """What :func:`_read` finds in texts read in order as one run."""

    leading: str  # opening marks missing before the first text
    after: list[str]  # closing marks missing after each text (quotations a later one showed ended)
    still_open: list[tuple[str, int, int]]  # (style, text index, position) of quotations open at the end
    closed: set[tuple[int, int]]  # (text index, position) of the opening marks a closing mark closed
    spaced_pairs: bool  # whether a closing mark paired with a spaced mark, nothing being open


def _read(texts: Sequence[str], ignored: frozenset[tuple[int, int]] = frozenset(), *,
          reopening_runs_on: bool = False, assumed_open: int = 0) -> _Reading:
    """The quotations of ``texts`` read in order as one run (see :func:`balance`); the marks
    at ``ignored`` (text index, position) count for nothing, and ``assumed_open`` opening marks
    stand before the run (the ones :func:`_mend` puts there). ``reopening_runs_on``: a quotation
    of the style of one an earlier text opened ends that one only when it is itself still open
    at the end of its text (a new attribution), not when it closes there (a quoted word inside
    the speaker's words: “... Bản thu (album “25”) đối với tôi ...)."""
    leading = ""
    after = [""] * len(texts)
    stack: list[tuple[str, int, int]] = []  # (style, text index, position) of open quotations
    closed: set[tuple[int, int]] = set()
    assumed = assumed_open  # of the openers assumed before the run, those still open
    spaced_pairs = False
    for k, text in enumerate(texts):
        if not holds_marks(text):
            continue  # most sentences: nothing to read character by character
        spaced = 0  # straight marks of this text between two spaces so far, not yet paired
        befores, afters = _contexts(text)
        running_on = {i for _, _, i in _read([text]).still_open} if reopening_runs_on and k else set()
        for i in range(len(text)):
            if text[i] not in MARKS or (k, i) in ignored:
                continue
            role = _role(text, i, befores[i], afters[i])
            if role == 0 and text[i] == STRAIGHT and (befores[i], afters[i]) == (" ", " "):
                spaced += 1
            elif role > 0:
                style = _style(text[i])
                while stack and stack[-1][0] == style and stack[-1][1] < k and (i in running_on or not reopening_runs_on):
                    # A quotation of one style does not open inside another of that style that an
                    # earlier sentence opened: that one ended unmarked, with the sentence before
                    # (and so did each of that style opened right inside it, with no quotation
                    # of the other style between).
                    stack.pop()
                    after[k - 1] += _closer(style)
                stack.append((style, k, i))
            elif role < 0:
                if text[i] == STRAIGHT and spaced and not stack and not assumed:
                    spaced -= 1  # it closes a quotation opened by a spaced mark: để " xin tha".
                    spaced_pairs = True
                elif stack:
                    closed.add(stack.pop()[1:])
                elif assumed:
                    assumed -= 1
                else:
                    leading = _opener(_style(text[i])) + leading
    return _Reading(leading, after, stack, closed, spaced_pairs)


def _mend(texts: Sequence[str]) -> tuple[str, list[str], str]:
    """(openers missing before the first text, closers missing after each text, closers missing
    after the last): the texts read in order as one run (see :func:`balance`). Where a closing
    mark paired with a mark between spaces while nothing was open, the run is read again with
    the missing openers before it (and again, while it lacks more): open from the start, they
    take that closing mark, and a later one may lack an opener (``: " :" :”``). Each closing
    mark that meets nothing open takes one of them, so none is left open."""
    reading = _read(texts)
    leading = reading.leading
    while reading.leading and reading.spaced_pairs:
        reading = _read(texts, assumed_open=len(leading))
        leading = reading.leading + leading
    trailing = "".join(_closer(style) for style, _, _ in reversed(reading.still_open))
    return leading, reading.after, trailing


def imbalance(text: str) -> Imbalance:
    """The quotation marks ``text`` lacks (see the module docstring)."""
    leading, _, trailing = _mend([text])
    return Imbalance(leading, trailing)


def balance(texts: Sequence[str]) -> list[str]:
    """``texts`` (sentences: not empty, no white space around them), read in order as one run,
    with the missing opening marks put before the first and the missing closing marks after the
    last; a quotation that a later one of the same style shows to have ended unmarked is closed
    after the sentence before that one. Only quotation marks are added."""
    if not texts:
        return []
    leading, after, trailing = _mend(texts)
    out = [text + added for text, added in zip(texts, after)]
    out[0] = leading + out[0]
    out[-1] = out[-1] + trailing
    return out


# A quotation open over more sentences than this is taken to have lost its closing mark.
MAX_QUOTED_SENTENCES = 6
# Verbs of saying (with "thêm", "lại"; a comma may follow) after which a quotation mark opens
# someone's words though no colon stands between: "Ông cho biết “Chúng tôi ...".
_SPEECH_BEFORE = re.compile(
    r"(?<!\w)(?:nói|kể|hỏi|viết|đáp|rằng|cho biết|cho hay|cho rằng|khẳng định|nhấn mạnh|chia sẻ|tiết lộ|"
    r"thừa nhận|thú nhận|thú thật|phát biểu|bày tỏ|đề nghị|lưu ý|trả lời|tâm sự|giải thích|nhận định|"
    r"nhận xét|tuyên bố|thông báo|ghi nhận|xác nhận|kêu gọi|cảnh báo|nhắn nhủ|bình luận|nhớ lại|"
    r"cam kết|bộc bạch|thốt lên|lên tiếng)(?: thêm| lại)?,?$",
    re.IGNORECASE,
)
# How far before a quotation mark a verb of saying is looked for, and after it its first
# letter (characters).
_SPEECH_WINDOW = 40
# The first person, which the newspaper's own words seldom use ("tôi" also finds "chúng tôi").
_FIRST_PERSON = re.compile(r"(?<!\w)(?:tôi|chúng ta|chúng em)(?!\w)", re.IGNORECASE)


def _opens_speech(text: str, position: int, first_person_at: int) -> bool:
    """Whether the quotation mark at ``position`` of ``text`` stands where someone's words open:
    at the start of the sentence (past other marks), after a colon or a dash, after a verb of
    saying (``_SPEECH_BEFORE``: "Ông cho biết “...", "bà nói rằng, “..."), after a comma before
    words that open as a sentence does (:func:`_sentence_like`: "..., “Chúng tôi ..."), or
    before words in the first person (``first_person_at``: where the last match of
    ``_FIRST_PERSON`` in ``text`` starts, -1 for none). Elsewhere it
    stands in the middle of a clause, before an ordinary word (``giá “sốc``, ``được ghi nhận là
    “làm``, ``Theo Hội Nghề cá, "việc``)."""
    before = text[max(0, position - _SPEECH_WINDOW) : position].rstrip(MARKS + " \t")
    after = text[position + 1 : position + 1 + _SPEECH_WINDOW].lstrip(MARKS + " \t")
    return (not before or before[-1] in ":" + _DASHES or _SPEECH_BEFORE.search(before) is not None
            or (before[-1] == "," and _sentence_like(after)) or first_person_at > position)


def _sentence_like(words: str) -> bool:
    """Whether ``words`` open as a sentence does: a capital on the first word alone ("Chúng tôi
    vẫn ...", "Con cái được ..."), not a name ("Hội Nghề cá", "UBND tỉnh")."""
    first, second = (words.split() + ["", ""])[:2]
    return first[:1].isupper() and not first.isupper() and second[:1].islower()


def _stray_openings(sentences: Sequence[str], k: int, inside: bool) -> set[tuple[int, int]]:
    """(k, position) of the opening marks of ``sentences[k]`` (one report, in order) that open
    no one's words: a mark left open at the end of its sentence right before another opening mark
    of its shape (a doubled key, ““Tôi ...”), or in the middle of a clause (:func:`_opens_speech`)
    when ``inside`` (a quotation an earlier sentence opened is open: the closing mark to come is
    that one's) or when no closing mark of the next ``MAX_QUOTED_SENTENCES`` sentences closes it
    (a later quotation of its style opening does not count): a stray key, or a quoted phrase
    whose closing mark is lost and that ends with its sentence."""
    text = sentences[k]
    if not holds_marks(text):
        return set()
    left_open = [i for _, _, i in _read([text]).still_open]
    stray = {i for i in left_open if text[i + 1 : i + 2] == text[i]}
    first_person_at = max((found.start() for found in _FIRST_PERSON.finditer(text)), default=-1)
    candidates = [i for i in left_open if i not in stray and not _opens_speech(text, i, first_person_at)]
    if candidates and not inside:
        closed = _read(sentences[k : k + MAX_QUOTED_SENTENCES + 1], reopening_runs_on=True).closed
        candidates = [i for i in candidates if (0, i) not in closed]
    return {(k, i) for i in stray.union(candidates)}


def inside_quotation(sentences: Sequence[str]) -> list[bool]:
    """For consecutive sentences of one report: whether each holds no quotation mark (or only
    marks that pair up among themselves, a quoted phrase) and comes while a quotation that an
    earlier sentence opened is still open, the middle of someone's
    words (“Nó lao vào đám đông. Con chó hoàn toàn nổi điên. Ông ấy đè nó xuống.”, ông kể):
    taken alone it reads as the newspaper's own statement. A quotation open over more than
    ``MAX_QUOTED_SENTENCES`` sentences is taken to have lost its closing mark, one that a later
    quotation of its style shows to have ended (see :func:`balance`) to end with the sentence
    before, and a stray opening mark (:func:`_stray_openings`) opens none."""
    stray: set[tuple[int, int]] = set()
    out: list[bool] = []
    start: int | None = None  # the sentence that opened the open quotation
    for k, text in enumerate(sentences):
        inside = start is not None
        opened = start
        marked = holds_marks(text)
        stray |= _stray_openings(sentences, k, inside)
        start = start if start is not None else k
        ignored = frozenset((j - start, i) for j, i in stray if start <= j <= k)
        still_open = _read(sentences[start : k + 1], ignored, reopening_runs_on=True).still_open
        start = start + min(j for _, j, _ in still_open) if still_open else None
        # a sentence with marks of its own is a middle too when they pair up among themselves
        # (a quoted phrase, Cả làng gọi đây là “trận lũ thế kỷ”) and the quotation stays open
        out.append(inside and (not marked or (imbalance(text).balanced and start == opened)))
        if start is not None and k - start >= MAX_QUOTED_SENTENCES:
            start = None
    return out


def speakerless_head(text: str) -> bool:
    """``text`` opens with a quotation mark and leaves the quotation open at its end: the first
    sentences of someone's words, the speaker named only in a later sentence."""
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in MARKS and bool(imbalance(stripped).closers)


def words_after_quotation(text: str) -> bool:
    """Whether ``text`` goes on with a word after its last quotation mark (``…”, ông nói.``): the
    closing sentence of a quotation that names its speaker there."""
    last = max(text.rfind(mark) for mark in MARKS)
    return last >= 0 and any(char.isalnum() for char in text[last + 1 :])


def holds_marks(text: str) -> bool:
    """Whether ``text`` holds a quotation mark of any shape."""
    return any(mark in text for mark in MARKS)


def without_marks(text: str) -> str:
    """``text`` without its quotation marks and the spaces around words folded: two copies of
    a sentence that differ in their marks alone compare equal."""
    return " ".join("".join(char for char in text if char not in MARKS).split())
