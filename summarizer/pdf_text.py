"""Plain text of a PDF report (a press release, a print page saved as PDF), for the loader.

Text is read page by page with pypdf (imported only when a PDF is read), in its default
extraction order, each line with the font size most of its characters are set in; the lines of
all pages follow one another without a paragraph break at the page boundary, so a paragraph that
runs over a page is rejoined with the others by :mod:`summarizer.unwrap`, which measures each
line by its characters times its size over the body size (a lead set larger holds fewer
characters to the line), and joins a word hyphenated at a line end without the space a wrapped
line gets ("Kuzuget-" / "ovich" -> "Kuzugetovich", "Việt-" / "Nga" -> "Việt-Nga": ``hyphenated``).

The *body size* is the font size of most of the document's characters. The title is the run of
lines set in the largest size among the first ``TITLE_SEARCH_LINES`` lines of the first page,
when that size is at least ``TITLE_SIZE_RATIO`` times the body size (a headline wrapped over two
lines is one title); lines above it set smaller than the body (a site name, a section label) go
with it. Without such a line the loader finds the title in the text, as for plain files.

Page furniture is removed from the first and last ``EDGE_LINES`` lines of each page: page numbers
("3", "- 3 -", "Trang 3", "3/12"), running headers or footers (a line that, with its digits
masked, stands at the edge of at least ``RUNNING_MIN_SHARE`` of the pages, and of two at least)
and lines set smaller than ``SMALL_SIZE_RATIO`` times the body size (a header or footer of a
one-page document, a footnote).

PDFs typeset with a legacy Vietnamese font (the TCVN3 ".VnTime" fonts, VNI-Times) often carry
no Unicode map for their glyphs, and give text such as "Céng hoµ x· héi": when the extracted
text reads as Windows-1252 bytes of such an encoding (:func:`vncharsets.legacy_glyphs`), it is
decoded as that encoding.

Measured with ``python scripts/pdf_report.py`` (needs fpdf2): 100 ViMs reports drawn at random,
typeset as PDFs (DejaVu fonts with their Unicode maps, body 10-12 pt, justified or not, headline
14-22 pt, running header, page-number footer, half with a bold lead 2 pt larger) and loaded: the
title of the report's text file 100 times, its body sentences exactly 96 times (one alignment
per document; 95 with one per paragraph). Set in two newspaper columns (``--columns 2``): 100
and 88. What is left is alike in both: paragraphs without final punctuation (a crosshead, a list
line, one ending in a colon) whose last line happens to be full run into the next, and the
corpus' own mid-sentence paragraph breaks are mended. Pages are read in content-stream order,
which is column by column where the story flows down the columns.

The document's metadata title is not used (it is often "Microsoft Word - bai viet.docx").
Refused, with the reason as the skip
reason: a damaged file, an encrypted one that does not open with an empty password, one of
more than ``MAX_PAGES`` pages (not a news report), and one without a text layer (a scan, which
needs OCR first).
"""

from __future__ import annotations

import io
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .vncharsets import legacy_glyphs

log = logging.getLogger("summarizer.pdf_text")

PDF_SUFFIXES = (".pdf",)
PDF_MAGIC = b"%PDF-"
MAX_PAGES = 300  # longer documents are refused: books and reports, not news
EDGE_LINES = 2  # lines at the top and at the bottom of a page where furniture is looked for
RUNNING_MIN_SHARE = 0.5  # a running header/footer stands at the edge of this share of pages
TITLE_SEARCH_LINES = 8  # the title is looked for among this many first lines of the first page
TITLE_SIZE_RATIO = 1.15  # ... set at least this much larger than the body
SMALL_SIZE_RATIO = 0.9  # edge lines set smaller than this share of the body size are furniture
SIZE_TOLERANCE = 0.5  # points: sizes this close are one size

_PAGE_NUMBER = re.compile(r"(?i)^(?:trang|page|tr\.)?\s*[-–—]?\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–—]?$")
_DIGITS = re.compile(r"\d+")
# What str.splitlines() breaks at, so the lines here are the lines everywhere else.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class PdfError(Exception):
    """A PDF file that cannot be read as a report; the message is the loader's skip reason."""


@dataclass(frozen=True)
class PdfText:
    title: str | None  # the headline found by its font size, or None
    lines: tuple[str, ...]  # the text lines of all pages, title and furniture removed
    scales: tuple[float, ...]  # per line: its font size over the body size (1 when unknown)
    pages: int  # pages in the document
    encoding: str | None  # the legacy encoding the text was decoded from, or None


@dataclass(frozen=True)
class _Line:
    text: str  # stripped, not empty
    size: float  # font size (points) of most of its characters; 0 when unknown


def pdf_text(data: bytes, name: str, *, is_title: Callable[[str], bool] = bool) -> PdfText:
    """The text lines of the PDF file ``name`` whose bytes are ``data``; raises PdfError.
    ``is_title`` accepts a headline found by its font size (the loader's test: title-sized, not
    ending like a sentence); a rejected one stays in the text where it is."""
    if not data.startswith(PDF_MAGIC):
        raise PdfError("not a PDF file (no %PDF- header)")
    pages = _page_texts(data, name)
    body = _body_size(pages)
    title, pages = _title_by_size(pages, body, is_title)
    kept = _without_furniture(pages, body)
    if not kept:
        raise PdfError("no text layer (a scanned PDF needs OCR first)")
    text, encoding = legacy_glyphs("\n".join(([title] if title else []) + [line.text for line in kept]))
    decoded = text.split("\n")
    if title:
        title, decoded = decoded[0], decoded[1:]
    scales = tuple(line.size / body if line.size > 0 and body > 0 else 1.0 for line in kept)
    return PdfText(title=title, lines=tuple(decoded), scales=scales, pages=len(pages), encoding=encoding)


class _ToDebug(logging.Handler):
    """Passes pypdf's notes on defects it worked around ("EOF marker not found") to this
    module's logger at DEBUG, with the file's name, instead of the terminal: while a report is
    read, a handler on pypdf's logger (its records propagate no further) takes the records of the
    threads reading one (``_reading.file``), and hands any other thread's on as propagation
    would have (a host's own use of pypdf meanwhile). One handler for all the threads reading at
    once, counted under a lock: the first in installs it, the last out restores the logger as it
    found it (threads saving and restoring it each had raced, and left pypdf's records off for
    the whole process)."""

    def emit(self, record: logging.LogRecord) -> None:
        name = getattr(_reading, "file", None)
        if name is not None:
            log.debug("%s: pypdf: %s", name, record.getMessage())
            return
        parent = logging.getLogger("pypdf").parent
        if parent is not None and _saved_propagate:
            parent.callHandlers(record)  # as propagation does: the handlers up the tree, no logger's filters


_reading = threading.local()  # .file: the report this thread's pypdf is reading, or absent
_INSTALL_LOCK = threading.Lock()
_handler = _ToDebug()
_readers = 0  # threads inside _pypdf_notes_to_debug
_saved_propagate = True  # pypdf's logger's propagate before the first of them came in


@contextmanager
def _pypdf_notes_to_debug(name: str) -> Iterator[None]:
    global _readers, _saved_propagate
    pypdf_log = logging.getLogger("pypdf")
    outer = getattr(_reading, "file", None)
    with _INSTALL_LOCK:
        if _readers == 0:
            _saved_propagate = pypdf_log.propagate
            pypdf_log.addHandler(_handler)
            pypdf_log.propagate = False
        _readers += 1
    try:  # right after the count: nothing between may leave it raised (a Ctrl-C)
        _reading.file = name
        yield
    finally:
        if outer is None:
            vars(_reading).pop("file", None)
        else:
            _reading.file = outer
        with _INSTALL_LOCK:
            _readers -= 1
            if _readers == 0:
                pypdf_log.removeHandler(_handler)
                pypdf_log.propagate = _saved_propagate


def _page_texts(data: bytes, name: str) -> list[list[_Line]]:
    """Extracted text of every page. pypdf raises many exception types on damaged files (its
    own, and ValueError, KeyError, TypeError... from inside its parser): every one of them
    makes the file unreadable, with its type in the reason."""
    with _pypdf_notes_to_debug(name):
        return _read_pages(data)


def _read_pages(data: bytes) -> list[list[_Line]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF (needs a password)")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise PdfError(f"{count} pages: more than {MAX_PAGES}, not a news report")
        return [_page_lines(page) for page in reader.pages]
    except PdfError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise PdfError(f"encrypted PDF ({exc})") from exc
    except PdfReadError as exc:
        raise PdfError(f"damaged PDF ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - see the docstring: any parser failure is a skip reason
        log.debug("pypdf failed", exc_info=True)
        raise PdfError(f"damaged PDF ({exc.__class__.__name__})") from exc


def _page_lines(page: Any) -> list[_Line]:
    """The page's text lines with their font sizes (pypdf's text visitor sees every piece of
    text with its font size and matrices; the pieces concatenate to the extracted text)."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, font_size: float) -> None:
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) if tm and cm else 1.0
        pieces.append((text, abs(font_size * scale)))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(piece for piece, _ in pieces) != text:  # sizes cannot be matched to lines
        return [_Line(line.strip(), 0.0) for line in text.splitlines() if line.strip()]
    lines: list[_Line] = []
    parts: list[str] = []
    sizes: Counter[float] = Counter()

    def flush() -> None:
        line = "".join(parts).strip()
        if line:
            lines.append(_Line(line, sizes.most_common(1)[0][0] if sizes else 0.0))
        parts.clear()
        sizes.clear()

    for piece, size in pieces:
        for index, segment in enumerate(_LINE_BREAK.split(piece)):
            if index:
                flush()
            parts.append(segment)
            if segment.strip():
                sizes[round(size, 1)] += len(segment.strip())
    flush()
    return lines


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size of most characters of the document (0 when sizes are unknown)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _title_by_size(
    pages: list[list[_Line]], body: float, is_title: Callable[[str], bool]
) -> tuple[str | None, list[list[_Line]]]:
    """(the headline, the pages without it), or (None, the pages); see the module docstring."""
    if not pages or not pages[0] or body <= 0:
        return None, pages
    first = pages[0]
    head = first[:TITLE_SEARCH_LINES]
    largest = max(line.size for line in head)
    if largest < TITLE_SIZE_RATIO * body:
        return None, pages
    start = next(i for i, line in enumerate(head) if abs(line.size - largest) <= SIZE_TOLERANCE)
    end = start
    while end < len(first) and abs(first[end].size - largest) <= SIZE_TOLERANCE:
        end += 1
    title = " ".join(line.text for line in first[start:end])
    if not is_title(title):
        return None, pages
    above = [line for line in first[:start] if line.size >= SMALL_SIZE_RATIO * body]
    return title, [above + first[end:], *pages[1:]]


def _without_furniture(pages: list[list[_Line]], body: float) -> list[_Line]:
    """All pages' lines in order, without page numbers, running headers/footers and small-print
    lines at page edges."""
    edge_keys: Counter[str] = Counter()
    for page in pages:
        edge_keys.update({_masked(line) for line in _edges(page)})
    running = {
        key for key, count in edge_keys.items() if count >= max(2, RUNNING_MIN_SHARE * len(pages))
    }
    lines: list[_Line] = []
    for page in pages:
        edges = set(range(min(EDGE_LINES, len(page)))) | set(range(max(0, len(page) - EDGE_LINES), len(page)))
        for index, line in enumerate(page):
            small = 0 < line.size < SMALL_SIZE_RATIO * body
            if index in edges and (small or _PAGE_NUMBER.match(line.text) or _masked(line) in running):
                continue
            lines.append(line)
    return lines


def _masked(line: _Line) -> str:
    return _DIGITS.sub("#", line.text.lower())


def _edges(page: list[_Line]) -> list[_Line]:
    if len(page) <= 2 * EDGE_LINES:
        return page
    return page[:EDGE_LINES] + page[-EDGE_LINES:]
