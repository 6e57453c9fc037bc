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
not counted. Nothing else in the text changes.
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


@dataclass(frozen=True)
class Imbalance:
    """Marks missing for a run of text to read balanced."""

    openers: str = ""  # opening marks missing before the text, in the order they go there
    closers: str = ""  # closing marks missing after it, in order

    @property
    def balanced(self) -> bool:
        return not (self.openers or self.closers)


def _straight_role(text: str, i: int) -> int:
    """+1 when the straight mark at ``text[i]`` opens a quotation, -1 when it closes one, 0
    when its context does not say (see the module docstring)."""
    start, end = i, i + 1
    while start > 0 and text[start - 1] in _MARKS:
        start -= 1
    while end < len(text) and text[end] in _MARKS:
        end += 1
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    opening_side = before in _OPENING_CONTEXT and not after.isspace()
    closing_side = after in _CLOSING_CONTEXT and not before.isspace()
    return int(opening_side) - int(closing_side)


def imbalance(text: str) -> Imbalance:
    """The quotation marks ``text`` lacks (see the module docstring)."""
    stack: list[str] = []  # the opening marks of the quotations open at this point
    openers = ""
    for i, ch in enumerate(text):
        role = 0 if ch != STRAIGHT else _straight_role(text, i)
        if ch == CURLY_OPEN or role > 0:
            stack.append(ch)
        elif ch == CURLY_CLOSE or role < 0:
            if stack:
                stack.pop()
            else:
                openers = (CURLY_OPEN if ch == CURLY_CLOSE else STRAIGHT) + openers
    closers = "".join(CURLY_CLOSE if mark == CURLY_OPEN else STRAIGHT for mark in reversed(stack))
    return Imbalance(openers, closers)


def balance(texts: Sequence[str], separator: str = " ") -> list[str]:
    """``texts`` (sentences: not empty, no white space around them), read as one run joined by
    ``separator``, with the missing opening marks put before the first and the missing closing
    marks after the last."""
    if not texts:
        return []
    need = imbalance(separator.join(texts))
    out = list(texts)
    out[0] = need.openers + out[0]
    out[-1] = out[-1] + need.closers
    return out
