"""Plain text of a Word report (``.docx``), for the loader.

A ``.docx`` file is a zip archive; the text is in ``word/document.xml`` as paragraphs
(``w:p``) of runs (``w:r``) of text (``w:t``). Each non-empty paragraph becomes one line; a tab
becomes a space and a line break (``w:br``, ``w:cr``) ``SOFT_BREAK``: a break inside the paragraph,
not its end, which the loader resolves (:func:`summarizer.documents.resolved_soft_breaks`; in a
table a cell's line breaks separate its lines, as its paragraphs do). The first paragraph styled
Title (or, when there is none, the first styled Heading 1) is the report's title and leaves the
body (the style is known by the name ``word/styles.xml`` gives it, which is English in every
language's Word, else by its id); a Heading 1 below body text is a crosshead, which the loader
puts back (:func:`summarizer.documents.office_title`). Without a title, the loader finds it in
the text as for plain files. A paragraph styled Caption (what Word's Insert Caption writes under a picture or a
table, "Cây đổ trên phố Hạ Long chiều 7/9. (Ảnh: TTXVN)") is a caption, not body text: it goes
to ``OfficeText.captions``, which the loader keeps with the report's credits. Tables are read
row by row: a row of short cells is one line, its cells joined by " | " ("1 | Nguyễn Văn Hùng
| 32 phút 15 giây"); a row with a cell of prose, a table inside a
cell, a single non-empty cell (a story laid out in a table) or the title keeps each of its
paragraphs as a line (the rule of every format: :func:`summarizer.html_text.table_row_line`).
Headers, footers, footnotes and comments (other parts of the archive) are not read, nor are what
tracked changes deleted or moved away (``w:del``, ``w:moveFrom``), field codes (``w:instrText``)
and runs hidden by their own properties (``w:vanish``). A text box is read once (Word stores it
twice: for new readers, and as a fallback for old ones, ``mc:Fallback``, which is passed over);
a drop cap, the first letter in a frame of its own (``w:framePr w:dropCap``), is joined to the
paragraph it opens; a non-breaking hyphen (``w:noBreakHyphen``) reads as "-" ("Covid-19"). Read
with the standard library only (``zipfile``, ``xml.etree``); an archive whose document part
unpacks to more than ``MAX_DOCUMENT_BYTES`` is refused rather than unpacked.
"""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree

from .html_text import SOFT_BREAK
from .office import (OfficeFileError, OfficeFormat, OfficeText, office_text, read_optional_xml_part, read_xml_part,
                     table_row_lines)

DOCX_SUFFIXES = (".docx",)
DOCUMENT_PART = "word/document.xml"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # unpacked size of the document part
STYLES_PART = "word/styles.xml"
MAX_STYLES_BYTES = 16 * 1024 * 1024  # unpacked size of the styles part
# The styles that hold the title, in preference order: (the name styles.xml gives the built-in
# style, in English whatever the user's language; the id English Word gives it). Word in other
# languages makes the id from the localized name, so the name is looked up first.
TITLE_STYLES = (("title", "title"), ("heading 1", "heading1"))
# The built-in style of a caption (name, English id), looked up as the title styles are.
CAPTION_STYLE = ("caption", "caption")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DROP_CAP_KINDS = ("drop", "margin")  # w:dropCap values that make a frame a drop cap ("none" does not)


class DocxError(OfficeFileError):
    """A ``.docx`` file that cannot be read; the message is the loader's skip reason."""


DOCX = OfficeFormat(".docx", DOCUMENT_PART, "a Word document", "Word document part", DocxError)


def docx_text(data: bytes) -> OfficeText:
    """Title (the first Title, else Heading1 paragraph), paragraphs and captions (Caption
    paragraphs) of the Word document ``data`` (the file's bytes); raises DocxError."""
    root = read_xml_part(data, DOCX, MAX_DOCUMENT_BYTES)
    names = _style_names(data)
    paragraphs: list[tuple[tuple[str, str] | None, str]] = []  # ((style name, style id), text)
    fallback = {id(p) for element in root.iter(f"{_MC}Fallback") for p in element.iter(f"{_W}p")}
    rows = table_row_lines(  # the rows read as one line each; a row holding the title is left as it is
        root.iter(f"{_W}tr"),
        cells=_row_cells,
        holds_table=lambda cell: cell.find(f".//{_W}tbl") is not None,
        cell_paragraphs=lambda cell: [p for p in cell.iter(f"{_W}p") if id(p) not in fallback],
        keeps_row=lambda p: any(_styled(_style_key(p, names), title_style) for title_style in TITLE_STYLES),
        text=_paragraph_text,
    )
    rows_read: set[int] = set()
    drop_cap = ""  # a drop cap's letter, waiting for the paragraph it opens
    for paragraph in root.iter(f"{_W}p"):
        if id(paragraph) in fallback:
            continue  # the old readers' copy of a text box read from its new copy
        if id(paragraph) in rows:
            row, line = rows[id(paragraph)]
            if row not in rows_read:  # the row's line where its first paragraph stands
                rows_read.add(row)
                paragraphs.append((None, line))
            continue
        if _is_drop_cap(paragraph):
            drop_cap += _paragraph_text(paragraph).strip()
            continue
        paragraphs.append((_style_key(paragraph, names), drop_cap + _paragraph_text(paragraph)))
        drop_cap = ""
    captions = tuple(" ".join(text.replace(SOFT_BREAK, " ").split()) for key, text in paragraphs
                     if _styled(key, CAPTION_STYLE) and text.strip())
    paragraphs = [(key, text) for key, text in paragraphs if not _styled(key, CAPTION_STYLE)]
    found = next(  # (the title's index, its style's rank in TITLE_STYLES)
        ((i, rank) for rank, title_style in enumerate(TITLE_STYLES) for i, (key, text) in enumerate(paragraphs)
         if _styled(key, title_style) and text.strip()),
        None,
    )
    text = office_text([text for _, text in paragraphs], found[0] if found else None,
                       heading=found is not None and found[1] > 0)
    return replace(text, captions=captions)


def _style_key(paragraph: ElementTree.Element, names: dict[str, str]) -> tuple[str, str] | None:
    """(style name, style id in lower case) of a paragraph, None when it names no style."""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val", "") if style is not None else None
    return (names.get(style_id, ""), style_id.lower()) if style_id is not None else None


def _styled(key: tuple[str, str] | None, title_style: tuple[str, str]) -> bool:
    """Whether a paragraph of style ``key`` is in ``title_style`` (one of ``TITLE_STYLES``)."""
    name, style_id = title_style
    return key is not None and (key[0] == name or (not key[0] and key[1] == style_id))


def _style_names(data: bytes) -> dict[str, str]:
    """Style id -> the style's name in lower case, from the styles part (none without one)."""
    root = read_optional_xml_part(data, DOCX, STYLES_PART, MAX_STYLES_BYTES)
    if root is None:
        return {}
    names = {}
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is not None and style.get(f"{_W}styleId"):
            names[style.get(f"{_W}styleId", "")] = name.get(f"{_W}val", "").lower()
    return names


def _row_cells(row: ElementTree.Element) -> list[ElementTree.Element]:
    """The cells (``w:tc``) of a table row, also those inside content controls (``w:sdt``)."""
    cells: list[ElementTree.Element] = []
    for child in row:
        if child.tag == f"{_W}tc":
            cells.append(child)
        elif child.tag != f"{_W}tbl":
            cells.extend(_row_cells(child))
    return cells


# What tracked changes deleted, or moved away (it is read where it moved to).
_UNSEEN = (f"{_W}del", f"{_W}moveFrom")
_OFF = ("0", "false", "off")


def _hidden(run: ElementTree.Element) -> bool:
    """Whether the run's own properties hide it (``w:vanish``)."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true").lower() not in _OFF


def _is_drop_cap(paragraph: ElementTree.Element) -> bool:
    frame = paragraph.find(f"{_W}pPr/{_W}framePr")
    return frame is not None and frame.get(f"{_W}dropCap", "").lower() in _DROP_CAP_KINDS


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                continue  # a paragraph inside this one (a text box) is read on its own
            if child.tag in _UNSEEN or (child.tag == f"{_W}r" and _hidden(child)):
                continue
            if child.tag == f"{_W}t" and child.text:
                parts.append(child.text)
            elif child.tag == f"{_W}tab":
                parts.append(" ")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                parts.append(SOFT_BREAK)
            elif child.tag == f"{_W}noBreakHyphen":
                parts.append("-")
            walk(child)

    walk(paragraph)
    return "".join(parts)
