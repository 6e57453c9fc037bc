"""What the readers of zip-packaged office documents share (``docx_text``, ``odt_text``).

Both formats are a zip archive with the text in one XML part; a reader opens that part
(:func:`read_xml_part`: refused rather than unpacked when it would exceed its size limit), lists
the document's paragraphs with one of them as the title, and :func:`office_text` turns that into
the title and the body lines the loader takes; paragraphs in a caption style are kept apart, for
the loader to put with the report's credits. Both read a table row by row the same way
(:func:`table_row_lines`), each with its own markup for rows, cells and paragraphs.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from .html_text import SOFT_BREAK, table_row_line


class OfficeFileError(Exception):
    """An office document that cannot be read; the message is the loader's skip reason."""


@dataclass(frozen=True)
class OfficeText:
    title: str | None  # text of the paragraph the format marks as the title
    lines: tuple[str, ...]  # the other non-empty paragraphs, in document order
    encoding: str | None = None  # a legacy Vietnamese encoding read through the fonts (RTF), if any
    heading: bool = False  # the title is a Heading 1 paragraph (no paragraph is styled Title)
    title_line: int = 0  # how many of ``lines`` stood above the title
    captions: tuple[str, ...] = ()  # paragraphs in a caption style, one line each, in document order


@dataclass(frozen=True)
class OfficeFormat:
    suffix: str  # ".docx"
    part: str  # the archive member holding the text, "word/document.xml"
    kind: str  # what a file of the format is, "a Word document"
    part_kind: str  # what that member is, "Word document part"
    error: type[OfficeFileError]  # raised with the skip reason


def read_xml_part(data: bytes, spec: OfficeFormat, max_bytes: int) -> ElementTree.Element:
    """The parsed text part of the document ``data`` (the file's bytes), refused when it would
    unpack to more than ``max_bytes``; raises ``spec.error``."""
    root = _read_part(data, spec, spec.part, max_bytes, required=True)
    assert root is not None  # a required part is there or an error was raised
    return root


def read_optional_xml_part(data: bytes, spec: OfficeFormat, part: str, max_bytes: int) -> ElementTree.Element | None:
    """The parsed ``part`` of the document ``data``, None when the archive has no such part;
    raises ``spec.error`` as :func:`read_xml_part` does."""
    return _read_part(data, spec, part, max_bytes, required=False)


def _read_part(data: bytes, spec: OfficeFormat, part: str, max_bytes: int, *, required: bool) -> ElementTree.Element | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(part)
            except KeyError:
                if not required:
                    return None
                raise spec.error(f"not {spec.kind} (no {part})") from None
            if info.file_size > max_bytes:
                raise spec.error(f"{PurePosixPath(part).name} too large ({info.file_size} bytes unpacked)"
                                 if part != spec.part else f"{spec.part_kind} too large ({info.file_size} bytes unpacked)")
            content = archive.read(info)
    # zlib.error: a damaged deflate stream in an intact directory; ValueError: offsets pointing
    # before the file's start ("negative seek value"), a member name that is not UTF-8
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError,
            NotImplementedError) as exc:
        raise spec.error(f"cannot read as {spec.suffix} ({exc.__class__.__name__})") from exc
    try:
        return ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise spec.error(f"cannot read as {spec.suffix} (malformed {PurePosixPath(part).name})") from exc


def office_text(paragraphs: Sequence[str], title_index: int | None, encoding: str | None = None, *,
                heading: bool = False) -> OfficeText:
    """The title (paragraph ``title_index``, stripped) and the other paragraphs' non-empty
    lines, stripped, in order; ``encoding``: the legacy encoding decoded, if any; ``heading``:
    the title is a Heading 1 paragraph, which the loader takes for a crosshead below body text
    (:func:`summarizer.documents.office_title`)."""
    title = paragraphs[title_index].strip() if title_index is not None else None
    lines = [
        line.strip()
        for i, text in enumerate(paragraphs)
        if i != title_index
        for line in text.split("\n")
        if line.strip()
    ]
    above = sum(1 for text in paragraphs[:title_index or 0] for line in text.split("\n") if line.strip())
    return OfficeText(title=title, lines=tuple(lines), encoding=encoding, heading=heading and title is not None,
                      title_line=above)


def table_row_lines(
    rows: Iterable[ElementTree.Element],
    *,
    cells: Callable[[ElementTree.Element], Sequence[ElementTree.Element]],
    holds_table: Callable[[ElementTree.Element], bool],
    cell_paragraphs: Callable[[ElementTree.Element], list[ElementTree.Element]],
    keeps_row: Callable[[ElementTree.Element], bool],
    text: Callable[[ElementTree.Element], str],
) -> dict[int, tuple[int, str]]:
    """Paragraph id -> (row id, the row's line) for the paragraphs of every table row of
    ``rows`` that reads as one line (:func:`summarizer.html_text.table_row_line`, each cell's
    lines its paragraphs' ``text`` split at ``SOFT_BREAK``), so that a reader puts the line where
    the row's first paragraph stands and passes over the rest. The format gives a row's
    ``cells``, whether a cell ``holds_table`` (a table inside a cell: a layout table, whose row
    keeps its paragraphs), a cell's ``cell_paragraphs`` that are read, and whether a paragraph
    ``keeps_row`` as it is (the title's paragraph: the title is not to be joined into a row).
    ``text`` is the reader's own paragraph reader, not a wrapper: a wrapper's frame would count
    towards the nesting at which a file is refused as too deep."""
    lines: dict[int, tuple[int, str]] = {}
    for row in rows:
        row_cells = cells(row)
        if any(holds_table(cell) for cell in row_cells):
            continue
        paragraphs = [cell_paragraphs(cell) for cell in row_cells]
        if any(keeps_row(p) for cell in paragraphs for p in cell):
            continue
        line = table_row_line([[part for p in cell for part in text(p).split(SOFT_BREAK)] for cell in paragraphs])
        if line is not None:
            lines.update((id(p), (id(row), line)) for cell in paragraphs for p in cell)
    return lines
