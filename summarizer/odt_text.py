"""Plain text of an OpenDocument report (``.odt``, LibreOffice / OpenOffice Writer), for the loader.

An ``.odt`` file is a zip archive; the text is in ``content.xml`` as headings (``text:h``) and
paragraphs (``text:p``), also inside lists and table cells, of text and spans. Each non-empty
heading or paragraph becomes one line; ``text:s`` is its count of spaces, a tab a space and a
line break (``text:line-break``) ``SOFT_BREAK``: a break inside the paragraph, not its end, which
the loader resolves (:func:`summarizer.documents.resolved_soft_breaks`; in a table a cell's line
breaks separate its lines, as its paragraphs do). The first paragraph styled ``Title`` (directly or
through an automatic style whose parent is ``Title``), else the first level-1 heading, is the
report's title and leaves the body (a heading below body text is a crosshead, which the loader
puts back: :func:`summarizer.documents.office_title`); without either, the loader finds the title
in the text as for plain files. Tables are read row by row: a row (``table:table-row``, header rows too) of short
cells is one line, its cells joined by " | " ("1 | Nguyễn Văn Hùng | 32 phút 15 giây"); a row
with a cell of prose, a table inside a cell, a single non-empty cell (a story laid out in a
table) or the title keeps each of its paragraphs as a line (the rule of every format:
:func:`summarizer.html_text.table_row_line`). A paragraph in one of LibreOffice's caption styles
(``CAPTION_STYLES``: what Insert Caption writes under a picture, in the frame that holds it,
"Hình 1: Trụ sở ...") is a caption, not body text: it goes to ``OfficeText.captions``, which the
loader keeps with the report's credits, as a Word paragraph in the Caption style. Annotations (comments) and footnotes or endnotes
(``text:note``: neither its citation mark, which would glue a digit to a number, "7.669" + "1",
nor its text) are not read, nor is the text tracked changes deleted (kept in
``text:tracked-changes``), nor spans in a style that hides them (``text:display="none"``). Read
with the standard library only; an archive whose ``content.xml`` unpacks to more than
``MAX_CONTENT_BYTES`` is refused rather than unpacked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from xml.etree import ElementTree

from .html_text import SOFT_BREAK
from .office import OfficeFileError, OfficeFormat, OfficeText, office_text, read_xml_part, table_row_lines

ODT_SUFFIXES = (".odt",)
CONTENT_PART = "content.xml"
MAX_CONTENT_BYTES = 64 * 1024 * 1024  # unpacked size of the content part
TITLE_STYLE = "Title"
# LibreOffice's caption paragraph styles (Insert Caption: "Hình 1: Trụ sở ..." in a frame with
# its picture): the parent style and the categories whose names say nothing but captions.
CAPTION_STYLES = frozenset({"Caption", "Illustration", "Figure", "Drawing"})

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_PARAGRAPHS = (f"{_TEXT}p", f"{_TEXT}h")
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


class OdtError(OfficeFileError):
    """An ``.odt`` file that cannot be read; the message is the loader's skip reason."""


ODT = OfficeFormat(".odt", CONTENT_PART, "an OpenDocument text", "OpenDocument content", OdtError)


def odt_text(data: bytes) -> OfficeText:
    """Title (the Title paragraph, else the first level-1 heading) and paragraphs of the
    OpenDocument text ``data`` (the file's bytes); raises OdtError."""
    root = read_xml_part(data, ODT, MAX_CONTENT_BYTES)
    parents = {
        style.get(f"{_STYLE}name"): style.get(f"{_STYLE}parent-style-name")
        for style in root.iter(f"{_STYLE}style")
    }
    comments = {  # and what tracked changes deleted, kept apart from the text
        id(p)
        for tag in (f"{_OFFICE}annotation", f"{_TEXT}tracked-changes", f"{_TEXT}note")
        for note in root.iter(tag)
        for p in note.iter()
        if p.tag in _PARAGRAPHS
    }
    hidden = {  # automatic text styles that hide their spans
        style.get(f"{_STYLE}name")
        for style in root.iter(f"{_STYLE}style")
        for properties in style.iter(f"{_STYLE}text-properties")
        if properties.get(f"{_TEXT}display") == "none"
    }
    paragraph_text = _paragraph_reader(hidden)
    rows = table_row_lines(  # the rows read as one line each; a row holding the title is left as it is
        root.iter(f"{_TABLE}table-row"),
        cells=lambda row: [cell for cell in row if cell.tag in _CELLS],
        holds_table=lambda cell: cell.find(f".//{_TABLE}table") is not None,
        cell_paragraphs=lambda cell: [p for p in cell.iter() if p.tag in _PARAGRAPHS and id(p) not in comments],
        keeps_row=lambda p: _titled(p, parents) or _heading(p),
        text=paragraph_text,
    )
    rows_read: set[int] = set()
    paragraphs: list[tuple[bool, bool, str]] = []  # (Title style, level-1 heading, text)
    captions: list[str] = []
    for element in root.iter():
        if element.tag not in _PARAGRAPHS or id(element) in comments:
            continue
        if id(element) in rows:
            row, line = rows[id(element)]
            if row not in rows_read:  # the row's line where its first paragraph stands
                rows_read.add(row)
                paragraphs.append((False, False, line))
            continue
        if _styled(element, parents) in CAPTION_STYLES:
            caption = " ".join(paragraph_text(element).replace(SOFT_BREAK, " ").split())
            if caption:
                captions.append(caption)
            continue
        paragraphs.append((_titled(element, parents), _heading(element), paragraph_text(element)))
    title_index = next((i for i, (titled, _, text) in enumerate(paragraphs) if titled and text.strip()), None)
    heading = title_index is None
    if heading:
        title_index = next((i for i, (_, level_one, text) in enumerate(paragraphs) if level_one and text.strip()), None)
    text = office_text([text for _, _, text in paragraphs], title_index, heading=heading)
    return replace(text, captions=tuple(captions))


def _styled(paragraph: ElementTree.Element, parents: dict[str | None, str | None]) -> str | None:
    """The paragraph's named style: its own, or the parent of the automatic style it is in
    ("P3", written for a paragraph formatted by hand)."""
    style = paragraph.get(f"{_TEXT}style-name")
    return parents.get(style) or style


def _titled(paragraph: ElementTree.Element, parents: dict[str | None, str | None]) -> bool:
    """Whether a paragraph is in the Title style, directly or through an automatic style."""
    style = paragraph.get(f"{_TEXT}style-name")
    return TITLE_STYLE in (style, parents.get(style))


def _heading(paragraph: ElementTree.Element) -> bool:
    """Whether a paragraph is a level-1 heading."""
    return paragraph.tag == f"{_TEXT}h" and paragraph.get(f"{_TEXT}outline-level", "1") == "1"


def _space_count(value: str | None) -> int:
    """``text:c`` of a ``text:s``: how many spaces (1 when absent or not a small number)."""
    return int(value) if value and value.isdigit() and len(value) <= 3 else 1


def _paragraph_reader(hidden: set[str | None]) -> Callable[[ElementTree.Element], str]:
    """The reader of a paragraph's text, spans in a ``hidden`` style left out. It is the function
    of the paragraph alone that :func:`table_row_lines` takes, not a wrapper around a reader taking
    ``hidden`` too: a wrapper's frame would count towards the nesting at which a file is refused
    ("elements nested too deeply to read")."""

    def paragraph_text(paragraph: ElementTree.Element) -> str:
        parts: list[str] = [paragraph.text or ""]

        def walk(element: ElementTree.Element) -> None:
            for child in element:
                if child.tag in _PARAGRAPHS or child.tag in (f"{_OFFICE}annotation", f"{_TEXT}note"):
                    parts.append(child.tail or "")  # a frame's paragraph is read on its own
                    continue
                if child.tag == f"{_TEXT}span" and child.get(f"{_TEXT}style-name") in hidden:
                    parts.append(child.tail or "")
                    continue
                if child.tag == f"{_TEXT}s":
                    parts.append(" " * _space_count(child.get(f"{_TEXT}c")))
                elif child.tag == f"{_TEXT}tab":
                    parts.append(" ")
                elif child.tag == f"{_TEXT}line-break":
                    parts.append(SOFT_BREAK)
                else:
                    parts.append(child.text or "")
                    walk(child)
                parts.append(child.tail or "")

        walk(paragraph)
        return "".join(parts)

    return paragraph_text
