"""The result as the text and Markdown that `summarize` prints (JSON is ``SummaryResult.to_json``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Callable

from .normalize import representable
from .result import SummaryResult, SummarySentence

ALIGNED_MARK = "≈"  # before the numbers of a model-written sentence's most similar reports


PARTIAL_NOTE = "(n): the report tells part of the sentence."  # the legend when a part is cited


def citations(result: SummaryResult, escape: Callable[[str], str] = str) -> tuple[list[str], list[str]]:
    """Each summary sentence followed by the numbers of the reports that carry it ("[1, 3]"; a
    report whose copy tells only part of it in brackets, "[1, (3)]"; for a sentence the model
    wrote, "[≈2]": the reports it most resembles), and the numbered reports ("[1] file: title"),
    numbered in load order. ``escape`` is applied to the reports' text (sentences, file names,
    titles), not to the citation marks."""
    number = _numbers(result)
    cited = []
    for sentence in result.sentences:
        whole, part = _cited(sentence, number)
        refs = [str(n) for n in sorted(whole)] + [f"({n})" for n in sorted(part)]
        mark = ALIGNED_MARK if sentence.aligned else ""
        text = escape(sentence.text)
        cited.append(f"{text} [{mark}{', '.join(refs)}]" if refs else text)
    listing = [
        f"[{i}] {escape(source.file)}" + (f": {escape(source.title)}" if source.title else "")
        for i, source in enumerate(result.sources, start=1)
    ]
    return cited, listing


def _numbers(result: SummaryResult) -> dict[str, int]:
    """Each report's number in the citations: its place in load order, from 1."""
    return {source.file: i for i, source in enumerate(result.sources, start=1)}


def _cited(sentence: SummarySentence, number: Mapping[str, int]) -> tuple[set[int], set[int]]:
    """(the reports that tell ``sentence`` whole, those that tell only part of it and not whole)."""
    whole = {number[ref.file] for ref in sentence.sources if ref.file in number and not ref.partial}
    part = {number[ref.file] for ref in sentence.sources if ref.file in number and ref.partial} - whole
    return whole, part


# Markdown: characters that start inline markup anywhere (code, emphasis, links, raw HTML, and
# GFM's strike-through "~~10~~", which also makes a "~" opening a paragraph a fence no more) ...
_MARKDOWN_INLINE = re.compile(r"[\\`*\[\]<~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
# ... what opens a block at the start of a paragraph (heading, quote, list, backtick fence, thematic break) ...
_MARKDOWN_BLOCK_START = re.compile(r"^(?:[#>+=-]|(\d+)(?=[.)]))")
# ... and a run of # at the end that a heading would drop as its closing sequence.
_MARKDOWN_CLOSING_HASHES = re.compile(r"(?<=\s)#+\s*$")


def markdown_escape(text: str) -> str:
    """``text`` with a backslash before each character Markdown (CommonMark) would read as markup
    rather than show: "5*3*2" stays "5*3*2" on screen, "<b>" is not raw HTML, "1." or "#"
    opening a paragraph makes no list or heading, "~~10~~" is no strike-through in a GFM viewer.
    An underscore inside a word ("tin_tuc.txt") is left alone; a tilde is escaped everywhere
    ("a\\~b" shows as "a~b"), since GFM strikes through between tildes inside words too."""
    escaped = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(0), text)
    escaped = _MARKDOWN_BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(1) else "\\" + m.group(0), escaped)
    return _MARKDOWN_CLOSING_HASHES.sub(lambda m: "\\" + m.group(0), escaped)


def render(result, fmt: str, *, cite: bool = False) -> str:
    """The result as text, Markdown or JSON (the JSON contract of README, "JSON schema").
    ``cite``: text and Markdown name each sentence's reports (:func:`citations`). A report file
    name that is not UTF-8 is shown with visible ``\\xNN`` escapes (``normalize.representable``)."""
    if fmt == "json":
        return result.to_json() + "\n"
    return representable(_render_text(result, fmt, cite=cite))


def _render_text(result, fmt: str, *, cite: bool) -> str:
    """:func:`render` for text and Markdown."""
    markdown = fmt == "markdown"
    escape = markdown_escape if markdown else str
    summary = " ".join(escape(sentence.text) for sentence in result.sentences) if markdown else result.summary
    listing: list[str] = []
    legend: list[str] = []
    if cite:
        cited, listing = citations(result, escape)
        summary = " ".join(cited)
        if any(sentence.aligned for sentence in result.sentences):
            legend = [f"{ALIGNED_MARK}: written by the model; the numbers are the reports it most resembles."]
        number = _numbers(result)
        if any(_cited(sentence, number)[1] for sentence in result.sentences):  # a report cited for a part, "(2)"
            legend.append(PARTIAL_NOTE)
    if markdown:
        lines = [f"# {markdown_escape(result.title)}", "", summary, ""]
        if listing:
            # a blank line between the list and the legend, or Markdown reads it into the last item
            lines += [*(f"- {entry}" for entry in listing), ""]
            lines += [part for entry in legend for part in (entry, "")]  # each legend line a paragraph of its own
        engine = result.engine if result.backend is None else f"{result.engine} ({result.backend}, {result.precision})"
        files = ", ".join(markdown_escape(s.file) for s in result.sources)
        lines.append(f"*Engine: {engine}. Sources: {files}.*")
        return "\n".join(lines) + "\n"
    text = f"{result.title}\n\n{summary}\n"
    if listing:
        text += "\n" + "\n".join(["Sources:", *listing, *legend]) + "\n"
    return text
