"""Markdown rendering: the reports' text shows as written (checked with a CommonMark renderer)."""

from __future__ import annotations

import html
import re

from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt  # rich's own dependency

from summarizer.render import markdown_escape

_COMMONMARK = MarkdownIt("commonmark")
# Characters with a meaning in Markdown, Vietnamese letters and the punctuation of news text.
_ALPHABET = st.sampled_from(list("aăđ1 .,:;!?)(*_`[]<>&#\\-+=~|/\"'“”…") + ["&amp;", "1. ", "# ", "***"])


def shown(markdown: str, tag: str) -> str:
    """The text a reader sees of ``markdown`` rendered as one ``tag`` block (p or h1)."""
    rendered = _COMMONMARK.render(markdown).strip()
    assert rendered.startswith(f"<{tag}>") and rendered.endswith(f"</{tag}>"), rendered
    inner = rendered[len(tag) + 2 : -len(tag) - 3]
    assert "<" not in inner, rendered  # no markup made of the text: no emphasis, link, code, HTML
    return html.unescape(inner)


@given(st.lists(_ALPHABET, min_size=1, max_size=24).map("".join))
@example("5*3*2 <b>đậm</b> &amp; `mã` [a](b) _nhấn_")
@example("1. Mở đầu")
@example("Ngôi sao #")
@example("~~~")
def test_escaped_text_shows_as_written_in_a_paragraph_and_a_heading(text: str) -> None:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return
    assert shown(markdown_escape(text), "p") == text
    assert shown("# " + markdown_escape(text), "h1") == text
