"""Plain text of a PDF report (a press release, a print page saved as PDF), for the loader.

Text is read page by page with pypdf (imported only when a PDF is read), in its default
extraction order; the lines of all pages follow one another without a paragraph break at the
page boundary, so a paragraph that runs over a page is rejoined with the others by
:mod:`summarizer.unwrap`. Two kinds of page furniture are removed from the first and last
``EDGE_LINES`` lines of each page: page numbers ("3", "- 3 -", "Trang 3", "3/12") and running
headers or footers (a line that, with its digits masked, stands at the edge of at least
``RUNNING_MIN_SHARE`` of the pages, and of two at least).

PDFs typeset with a legacy Vietnamese font (the TCVN3 ".VnTime" fonts, VNI-Times) often carry
no Unicode map for their glyphs, and give text such as "Céng hoµ x· héi": when the extracted
text reads as Windows-1252 bytes of such an encoding (:func:`vncharsets.detect_legacy`), it is
decoded as that encoding.

The document's metadata title is not used (it is often "Microsoft Word - bai viet.docx"): the
loader finds the title in the text as for plain files. Refused, with the reason as the skip
reason: a damaged file, an encrypted one that does not open with an empty password, one of
more than ``MAX_PAGES`` pages (not a news report), and one without a text layer (a scan, which
needs OCR first).
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .vncharsets import detect_legacy

log = logging.getLogger("summarizer.pdf_text")

PDF_SUFFIXES = (".pdf",)
PDF_MAGIC = b"%PDF-"
MAX_PAGES = 300  # longer documents are refused: books and reports, not news
EDGE_LINES = 2  # lines at the top and at the bottom of a page where furniture is looked for
RUNNING_MIN_SHARE = 0.5  # a running header/footer stands at the edge of this share of pages
LEGACY_CODE_PAGES = ("cp1252", "latin-1")  # how legacy-font glyphs come out of extraction

_PAGE_NUMBER = re.compile(r"(?i)^(?:trang|page|tr\.)?\s*[-–—]?\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–—]?$")
_DIGITS = re.compile(r"\d+")


class PdfError(Exception):
    """A PDF file that cannot be read as a report; the message is the loader's skip reason."""


@dataclass(frozen=True)
class PdfText:
    lines: tuple[str, ...]  # the text lines of all pages, furniture removed
    pages: int  # pages in the document
    encoding: str | None  # the legacy encoding the text was decoded from, or None


def pdf_text(path: Path) -> PdfText:
    """The text lines of the PDF at ``path``; raises PdfError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from exc
    if not data.startswith(PDF_MAGIC):
        raise PdfError("not a PDF file (no %PDF- header)")
    pages = _page_texts(data, path.name)
    lines = _without_furniture([[line.strip() for line in page.splitlines() if line.strip()] for page in pages])
    if not lines:
        raise PdfError("no text layer (a scanned PDF needs OCR first)")
    text, encoding = _legacy_decoded("\n".join(lines))
    return PdfText(lines=tuple(text.split("\n")), pages=len(pages), encoding=encoding)


class _ToDebug(logging.Handler):
    """Passes pypdf's notes on defects it worked around ("EOF marker not found") to this
    module's logger at DEBUG, with the file's name, instead of the terminal."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.file = name

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: pypdf: %s", self.file, record.getMessage())


@contextmanager
def _pypdf_notes_to_debug(name: str) -> Iterator[None]:
    pypdf_log = logging.getLogger("pypdf")
    handler, propagate = _ToDebug(name), pypdf_log.propagate
    pypdf_log.addHandler(handler)
    pypdf_log.propagate = False
    try:
        yield
    finally:
        pypdf_log.removeHandler(handler)
        pypdf_log.propagate = propagate


def _page_texts(data: bytes, name: str) -> list[str]:
    """Extracted text of every page. pypdf raises many exception types on damaged files (its
    own, and ValueError, KeyError, TypeError... from inside its parser): every one of them
    makes the file unreadable, with its type in the reason."""
    with _pypdf_notes_to_debug(name):
        return _read_pages(data)


def _read_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF (needs a password)")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise PdfError(f"{count} pages: more than {MAX_PAGES}, not a news report")
        return [page.extract_text() or "" for page in reader.pages]
    except PdfError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise PdfError(f"encrypted PDF ({exc})") from exc
    except PdfReadError as exc:
        raise PdfError(f"damaged PDF ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - see the docstring: any parser failure is a skip reason
        log.debug("pypdf failed", exc_info=True)
        raise PdfError(f"damaged PDF ({exc.__class__.__name__})") from exc


def _without_furniture(pages: list[list[str]]) -> list[str]:
    """All pages' lines in order, without page numbers and running headers/footers at page edges."""
    edge_keys: Counter[str] = Counter()
    for page in pages:
        edge_keys.update({_DIGITS.sub("#", line.lower()) for line in _edges(page)})
    running = {
        key for key, count in edge_keys.items() if count >= max(2, RUNNING_MIN_SHARE * len(pages))
    }
    lines: list[str] = []
    for page in pages:
        edges = set(range(min(EDGE_LINES, len(page)))) | set(range(max(0, len(page) - EDGE_LINES), len(page)))
        for index, line in enumerate(page):
            if index in edges and (_PAGE_NUMBER.match(line) or _DIGITS.sub("#", line.lower()) in running):
                continue
            lines.append(line)
    return lines


def _edges(page: list[str]) -> list[str]:
    if len(page) <= 2 * EDGE_LINES:
        return page
    return page[:EDGE_LINES] + page[-EDGE_LINES:]


def _legacy_decoded(text: str) -> tuple[str, str | None]:
    """``text``, or its reading in a legacy Vietnamese encoding when the glyphs of a legacy font
    came out as Windows-1252 (or Latin-1) characters; and that encoding's name."""
    for code_page in LEGACY_CODE_PAGES:
        try:
            data = text.encode(code_page)
        except UnicodeEncodeError:
            continue
        legacy = detect_legacy(data)
        if legacy is not None:
            return legacy
        return text, None
    return text, None
