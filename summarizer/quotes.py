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
the mirror case; otherwise (between two letters, as an inch mark, or between two spaces) it is
not counted, except that a mark between two spaces is the opening of a straight closing mark
later in its sentence when no quotation is open there (a typing slip: để " xin tha".). A curly
mark counts by its shape, unless it plainly stands where the other shape goes (a report that
opens a quotation with ”, as in ”Điều quan trọng là ...”). A quotation does
not open inside another of its style that an earlier sentence opened: two attributions in a row
("Ông cho biết: “... ." then "Bà nhấn mạnh: “... .") show that the first quotation ended with its
sentence, and it is closed there rather than doubled up after the last. Nothing else in the text
changes. Over the 300 ViMs summaries this mended the last three that showed a doubled mark
(““” and ””, ""), and one quotation closed after the wrong sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CURLY_OPEN, CURLY_CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
_MARKS = CURLY_OPEN + CURLY_CLOSE + STRAIGHT
# What stands before an opening straight mark (or the start) and after a closing one (or the
# end), looking past other quotation marks.
_OPENING_CONTEXT = " \t([{\u2013\u2014-:"
_CLOSING_CONTEXT = " \t)]},.;:!?\u2026"
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
        if ch not in _MARKS:
            last = ch
    last = " "
    for i in range(len(text) - 1, -1, -1):
        after[i] = last
        if text[i] not in _MARKS:
            last = text[i]
    return before, after


def _role(text: str, i: int, before: str, after: str) -> int:
    """+1 when ``text[i]`` opens a quotation, -1 when it closes one, 0 when it is no quotation
    mark or its role cannot be told (see the module docstring); ``before`` and ``after``: the
    characters around it past other marks (:func:`_contexts`). A curly mark's role is its
    shape's, unless it plainly stands where the other shape goes: a closing shape at the start
    of a word (”Điều quan trọng là ...”), an opening shape right after a word and before a space."""
    ch = text[i]
    if ch not in _MARKS:
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


def _mend(texts: Sequence[str]) -> tuple[str, list[str], str]:
    """(openers missing before the first text, closers missing after each text, closers missing
    after the last): the texts read in order as one run (see :func:`balance`)."""
    leading = ""
    after = [""] * len(texts)
    stack: list[tuple[str, int]] = []  # (style, index of the text that opened it) of open quotations
    for k, text in enumerate(texts):
        if not any(mark in text for mark in _MARKS):
            continue  # most sentences: nothing to read character by character
        spaced = 0  # straight marks of this text between two spaces so far, not yet paired
        befores, afters = _contexts(text)
        for i in range(len(text)):
            if text[i] not in _MARKS:
                continue
            role = _role(text, i, befores[i], afters[i])
            if role == 0 and text[i] == STRAIGHT and (befores[i], afters[i]) == (" ", " "):
                spaced += 1
            elif role > 0:
                style = _style(text[i])
                if stack and stack[-1][0] == style and stack[-1][1] < k:
                    # A quotation of one style does not open inside another of that style that an
                    # earlier sentence opened: that one ended unmarked, with the sentence before.
                    stack.pop()
                    after[k - 1] += _closer(style)
                stack.append((style, k))
            elif role < 0:
                if text[i] == STRAIGHT and spaced and not stack:
                    spaced -= 1  # it closes a quotation opened by a spaced mark: để " xin tha".
                elif stack:
                    stack.pop()
                else:
                    leading = _opener(_style(text[i])) + leading
    trailing = "".join(_closer(style) for style, _ in reversed(stack))
    return leading, after, trailing


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


def inside_quotation(sentences: Sequence[str]) -> list[bool]:
    """For consecutive sentences of one report: whether each holds no quotation mark and comes
    while a quotation that an earlier sentence opened is still open, the middle of someone's
    words (“Nó lao vào đám đông. Con chó hoàn toàn nổi điên. Ông ấy đè nó xuống.”, ông kể):
    taken alone it reads as the newspaper's own statement. A quotation open over more than
    ``MAX_QUOTED_SENTENCES`` sentences is taken to have lost its closing mark."""
    out: list[bool] = []
    run: list[str] = []  # the sentences since the open quotation opened
    for text in sentences:
        inside = bool(run)
        out.append(inside and not any(mark in text for mark in _MARKS))
        run = [*run, text] if inside else [text]
        if len(run) > MAX_QUOTED_SENTENCES or not imbalance(" ".join(run)).closers:
            run = []
    return out


def speakerless_head(text: str) -> bool:
    """``text`` opens with a quotation mark and leaves the quotation open at its end: the first
    sentences of someone's words, the speaker named only in a later sentence."""
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _MARKS and bool(imbalance(stripped).closers)


def words_after_quotation(text: str) -> bool:
    """Whether ``text`` goes on with a word after its last quotation mark (``…”, ông nói.``): the
    closing sentence of a quotation that names its speaker there."""
    last = max(text.rfind(mark) for mark in _MARKS)
    return last >= 0 and any(char.isalnum() for char in text[last + 1 :])


def without_marks(text: str) -> str:
    """``text`` without its quotation marks and the spaces around words folded: two copies of
    a sentence that differ in their marks alone compare equal."""
    return " ".join("".join(char for char in text if char not in _MARKS).split())
