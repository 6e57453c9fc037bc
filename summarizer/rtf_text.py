"""Plain text of a Rich Text Format report (``.rtf``: Word, WordPad, LibreOffice), for the loader.

An RTF file is 7-bit text: groups in braces, control words (``\\par``, ``\\f1``, ``\\u7841?``)
and the document's characters. What is read:

* **Characters.** ``\\uN`` is one Unicode character (negative N counts from 65536; surrogate
  pairs are joined), followed by ``\\ucN`` fallback characters (1 unless set) that are skipped.
  ``\\'hh`` escapes and any 8-bit bytes are decoded in the code page of the current font:
  its ``\\cpgN``, else its ``\\fcharsetN`` (163 Vietnamese is Windows-1258, 204 Cyrillic and so
  on: ``CHARSET_CODE_PAGES``), else the document's ``\\ansicpgN``, else Windows-1252. Fonts of
  the legacy Vietnamese encodings, named ``.Vn…`` (TCVN3: .VnTime, .VnArial) or ``VNI-…``
  (VNI-Times), are decoded as those encodings, and ``encoding`` names the one used.
* **Paragraphs.** ``\\par`` (or a backslash at the end of a line, as TextEdit writes it),
  ``\\sect``, ``\\page``, a table's ``\\cell`` and ``\\row`` end a paragraph; ``\\line`` is a
  line break within it, ``SOFT_BREAK``, which the loader resolves
  (:func:`summarizer.documents.resolved_soft_breaks`; in a table it separates a cell's lines);
  ``\\tab`` and non-breaking spaces are spaces; ``\\emdash``, ``\\ldblquote`` and the other
  named punctuation are their characters; an optional hyphen (``\\-``) is nothing.
* **Tables.** A row (its cells each ended by ``\\cell``, the row by ``\\row``; a cell's paragraphs
  are those ended in the table, ``\\intbl``) of short cells is one line, its cells joined by
  " | " ("1 | Nguyễn Văn Hùng | 32 phút 15 giây"); a row with a cell of prose, a table inside a
  cell (``\\nestcell``), a single non-empty cell (a story laid out in a table) or the title
  paragraph keeps each of its paragraphs as a line (the rule of every format:
  :func:`summarizer.html_text.table_row_line`).
* **Title.** The first paragraph whose style (``\\sN``, named in the stylesheet) is "Title",
  else the first in "heading 1" (or a style of outline level 0), is the report's title and
  leaves the body (a heading 1 below body text is a crosshead, which the loader puts back:
  :func:`summarizer.documents.office_title`); without either, the loader finds the title in the
  text as for plain files.
  The document properties' title (``\\info``) is not used: it is often a template's.

Not read: the font, colour and style tables except for the facts above, document properties,
pictures and embedded objects, headers and footers, footnotes and comments, field codes (a
field's displayed result is read), list numbers and bullets, hidden text (``\\v``), what
tracked changes deleted (``\\deleted``), and every destination marked ignorable (``\\*``).
``\\binN`` data is skipped unread. Files over ``MAX_RTF_BYTES``, and groups nested deeper than
``MAX_GROUP_DEPTH``, are refused.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .html_text import SOFT_BREAK, table_row_line
from .office import OfficeFileError, OfficeText, office_text
from .vncharsets import legacy_decoder, legacy_font_encoding

RTF_SUFFIXES = (".rtf",)
MAX_RTF_BYTES = 64 * 1024 * 1024
MAX_GROUP_DEPTH = 10_000  # nesting deeper than this is a damaged (or hostile) file, not a document
SIGNATURE = b"{\\rtf"
DEFAULT_CODE_PAGE = 1252  # RTF's own default (\ansi)
DEFAULT_FALLBACK_CHARS = 1  # \uc1: characters after a \uN that stand in for it
UNICODE_RANGE = 65536  # \uN is a signed 16-bit number
TITLE_STYLE = "title"
HEADING_STYLE = "heading 1"
HEADING_OUTLINE_LEVEL = 0
# \fcharsetN -> Windows code page (0 and 1: the document's \ansicpg).
CHARSET_CODE_PAGES = {
    77: "mac_roman", 128: "cp932", 129: "cp949", 134: "gbk", 136: "big5", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
    222: "cp874", 238: "cp1250",
}
DOCUMENT_CHARSETS = (0, 1)
# Destinations whose whole group is not document text.
SKIPPED = frozenset(
    "author buptim colortbl comment company creatim datastore doccomm docvar falt footer footerf "
    "footerl footerr footnote generator header headerf headerl headerr info keywords latentstyles "
    "listtable listoverridetable listtext manager nonshppict object operator pict pntext pntxta "
    "pntxtb printim revtbl revtim rsidtbl shpinst subject template themedata title txe xe tc "
    "userprops xmlnstbl colorschememapping mmathPr pgdsctbl filetbl atnid atnauthor annotation "
    "fldinst".split()
)
TABLES = ("fonttbl", "stylesheet")  # destinations read for their entries
PARAGRAPH_ENDS = frozenset(("par", "sect", "page", "cell", "row", "nestcell", "nestrow"))
NO_STYLE = -1  # the style number of a table row read as one line: never a title
SYMBOLS = {
    "line": SOFT_BREAK, "tab": " ", "emdash": "\u2014", "endash": "\u2013", "emspace": " ", "enspace": " ",
    "qmspace": " ", "bullet": "\u2022", "lquote": "\u2018", "rquote": "\u2019",
    "ldblquote": "\u201c", "rdblquote": "\u201d", "~": " ", "_": "-", "-": "",
    "{": "{", "}": "}", "\\": "\\",
}

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word, its number, its delimiting space
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the current code page
    rb"|\\([^a-zA-Z'])"  # control symbol
    rb"|([{}])"
    rb"|[\r\n]+"  # line breaks of the file itself mean nothing
    rb"|([^\\{}\r\n]+)"  # document bytes
    rb"|(\\)",  # a lone backslash at the end of the file
    re.S,
)


class RtfError(OfficeFileError):
    """An ``.rtf`` file that cannot be read; the message is the loader's skip reason."""


@dataclass
class _Font:
    charset: int | None = None
    code_page: int | None = None
    name: str = ""


@dataclass
class _Style:
    name: str = ""
    outline_level: int | None = None


@dataclass
class _State:
    """What a group saves and its closing brace restores."""

    destination: str = "body"  # body, fonttbl, stylesheet, or skip
    font: int | None = None
    fallback_chars: int = DEFAULT_FALLBACK_CHARS
    hidden: bool = False  # \v
    deleted: bool = False  # \deleted: a deletion in tracked changes

    def visible(self) -> bool:
        return self.destination == "body" and not self.hidden and not self.deleted

    def copy(self) -> "_State":
        return _State(self.destination, self.font, self.fallback_chars, self.hidden, self.deleted)


@dataclass
class _Reader:
    """The interpreter: :func:`rtf_text` hands it each token (``open_group``, ``close_group``,
    ``control``, ``symbol``, ``data``, ``byte``); paragraphs collect in ``paragraphs``."""

    code_page: int = DEFAULT_CODE_PAGE
    fonts: dict[int, _Font] = field(default_factory=dict)
    styles: dict[int, _Style] = field(default_factory=dict)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (style number, text)
    legacy: set[str] = field(default_factory=set)
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)
    pending_decoder: Callable[[bytes], str] | None = None
    skip: int = 0  # fallback characters still to skip after a \uN
    style: int = 0  # the current paragraph's \sN
    default_font: int | None = None  # \deffN: the font of text before any \fN
    table_depth: int = -1  # group depth of the font table or stylesheet being read
    table_entry: int | None = None  # the font or style a table's text names
    table_text: list[str] = field(default_factory=list)
    in_table: bool = False  # \intbl: the current paragraph is in a table
    cell_start: int = 0  # the paragraph the current table cell starts with
    row_cells: list[tuple[int, int]] = field(default_factory=list)  # the open row's cells: (first, after) paragraph
    nested: bool = False  # a cell of the open row holds a table (\nestcell)

    # -- groups -------------------------------------------------------------------------------
    def open_group(self) -> None:
        if len(self.stack) >= MAX_GROUP_DEPTH:
            raise RtfError(f"damaged RTF document (groups nested over {MAX_GROUP_DEPTH} deep)")
        self.flush()
        if self.state.destination in TABLES and len(self.stack) == self.table_depth:
            self.end_table_entry(self.state.destination)  # a new entry's group
        self.stack.append(self.state.copy())

    def close_group(self) -> None:
        self.flush()
        self.skip = 0
        if not self.stack:
            return  # a stray closing brace
        inner = self.state
        self.state = self.stack.pop()
        if inner.destination in TABLES and len(self.stack) <= self.table_depth:
            self.end_table_entry(inner.destination)  # an entry's group, or the table's own

    # -- control words ------------------------------------------------------------------------
    def control(self, word: str, number: int | None) -> None:
        if self.skip:
            self.skip -= 1
            return
        state = self.state
        if state.destination == "skip":
            return
        if word in SKIPPED:
            state.destination = "skip"
        elif word in TABLES:
            state.destination = word
            self.table_depth = len(self.stack)
        elif word == "ansicpg" and number:
            self.code_page = number
        elif word == "deff" and number is not None:
            self.default_font = number
        elif word == "uc" and number is not None and number >= 0:
            state.fallback_chars = number
        elif word == "u" and number is not None:
            self.emit_char(chr(number % UNICODE_RANGE))
            self.skip = state.fallback_chars
        elif state.destination == "fonttbl":
            self.font_table_word(word, number)
        elif state.destination == "stylesheet":
            self.stylesheet_word(word, number)
        elif word == "f" and number is not None:
            self.flush()
            state.font = number
        elif word == "plain":
            self.flush()
            state.font, state.hidden, state.deleted = None, False, False
        elif word == "v":
            state.hidden = number != 0
        elif word == "deleted":
            state.deleted = number != 0
        elif word == "pard":
            self.style, self.in_table = 0, False
        elif word == "s" and number is not None:
            self.style = number
        elif word == "intbl":
            self.in_table = number != 0
        elif word == "cell":
            self.end_cell()
        elif word == "row":
            self.end_row()
        elif word in PARAGRAPH_ENDS:
            self.end_paragraph()
            self.nested = self.nested or word == "nestcell"
            if not self.in_table and word != "nestcell":  # text outside a table: no row is open
                self.cell_start, self.row_cells, self.nested = len(self.paragraphs), [], False
        elif word in SYMBOLS:
            self.emit_char(SYMBOLS[word])

    def symbol(self, char: str) -> None:
        if char == "*":
            self.state.destination = "skip"
        elif self.skip:
            self.skip -= 1
        elif char in "\r\n":  # a backslash ending a line of the file is \par (TextEdit writes it)
            self.control("par", None)
        elif char in SYMBOLS:
            self.emit_char(SYMBOLS[char])

    def font_table_word(self, word: str, number: int | None) -> None:
        if word == "f" and number is not None:
            self.end_table_entry("fonttbl")
            self.table_entry = number
            self.fonts[number] = _Font()
        elif self.table_entry is not None and number is not None:
            if word == "fcharset":
                self.fonts[self.table_entry].charset = number
            elif word == "cpg":
                self.fonts[self.table_entry].code_page = number

    def stylesheet_word(self, word: str, number: int | None) -> None:
        if word == "s" and number is not None:
            self.table_entry = number
            self.styles[number] = _Style()
        elif word == "outlinelevel" and number is not None and self.table_entry is not None:
            self.styles[self.table_entry].outline_level = number

    def end_table_entry(self, destination: str) -> None:
        if self.table_entry is None:
            self.table_text = []
            return
        name = "".join(self.table_text).split(";")[0].strip()
        if destination == "fonttbl" and self.table_entry in self.fonts:
            self.fonts[self.table_entry].name = name
        elif destination == "stylesheet" and self.table_entry in self.styles:
            self.styles[self.table_entry].name = name
        self.table_entry, self.table_text = None, []

    # -- characters ---------------------------------------------------------------------------
    def data(self, chunk: bytes) -> None:
        if self.skip:
            dropped = min(self.skip, len(chunk))
            self.skip -= dropped
            chunk = chunk[dropped:]
        if not chunk:
            return
        if self.state.destination in TABLES:
            self.table_text.append(chunk.decode("latin-1"))
            if b";" in chunk and self.state.destination == "fonttbl":
                self.end_table_entry("fonttbl")
            return
        if not self.state.visible():
            return
        decoder = self.decoder()
        if decoder is not self.pending_decoder:
            self.flush()
            self.pending_decoder = decoder
        self.pending.extend(chunk)

    def byte(self, value: int) -> None:
        if self.skip:
            self.skip -= 1
            return
        self.data(bytes((value,)))

    def emit_char(self, char: str) -> None:
        if self.state.visible():
            self.flush()
            self.text.append(char)

    def decoder(self) -> Callable[[bytes], str]:
        number = self.state.font if self.state.font is not None else self.default_font
        font = self.fonts.get(number) if number is not None else None
        encoding = legacy_font_encoding(font.name) if font is not None else None
        if encoding is not None:
            self.legacy.add(encoding)
            return legacy_decoder(encoding)
        return _code_page_decoder(_code_page(font, self.code_page))

    def flush(self) -> None:
        if self.pending and self.pending_decoder is not None:
            self.text.append(self.pending_decoder(bytes(self.pending)))
        self.pending.clear()

    def end_paragraph(self) -> None:
        self.flush()
        text = "".join(self.text)
        # \uN of a character outside the BMP arrives as its two surrogates.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        self.paragraphs.append((self.style, text))
        self.text = []

    # -- tables -------------------------------------------------------------------------------
    def end_cell(self) -> None:
        """End the paragraph and the cell, a part of the open row."""
        self.end_paragraph()
        self.row_cells.append((self.cell_start, len(self.paragraphs)))
        self.cell_start = len(self.paragraphs)

    def end_row(self) -> None:
        """End the row: its cells' paragraphs become one line when it is a row of short cells
        (see the module docstring)."""
        self.end_paragraph()  # text after the last \cell (none in a well-formed row)
        cells, nested = self.row_cells, self.nested
        self.row_cells, self.nested = [], False
        if cells and not nested:
            first, after = cells[0][0], cells[-1][1]
            line = table_row_line([[text for _, paragraph in self.paragraphs[a:b] for text in paragraph.split(SOFT_BREAK)]
                                   for a, b in cells])
            if line is not None and not any(self.title_style(number) for number, _ in self.paragraphs[first:after]):
                self.paragraphs[first:after] = [(NO_STYLE, line)]
        self.cell_start = len(self.paragraphs)

    # -- the title ----------------------------------------------------------------------------
    def title_style(self, number: int) -> bool:
        """Whether the style ``number`` is the title's or a heading 1's."""
        style = self.styles.get(number)
        return style is not None and (_is_title(style) or _is_heading(style))

    def title_index(self) -> tuple[int | None, bool]:
        """The title's paragraph (None without one), and whether it is a heading 1 (no
        paragraph is in the Title style)."""
        def first(test: Callable[[_Style], bool]) -> int | None:
            return next(
                (i for i, (number, text) in enumerate(self.paragraphs)
                 if number in self.styles and test(self.styles[number]) and text.strip()),
                None,
            )

        found = first(_is_title)
        if found is None:
            return first(_is_heading), True
        return found, False


def _is_title(style: _Style) -> bool:
    """Whether ``style`` is the Title style."""
    return style.name.lower() == TITLE_STYLE


def _is_heading(style: _Style) -> bool:
    """Whether ``style`` is heading 1 (by its name or its outline level)."""
    return style.name.lower() == HEADING_STYLE or style.outline_level == HEADING_OUTLINE_LEVEL


def _code_page(font: _Font | None, document: int) -> str:
    if font is not None and font.code_page:
        return f"cp{font.code_page}"
    if font is not None and font.charset is not None and font.charset not in DOCUMENT_CHARSETS:
        return CHARSET_CODE_PAGES.get(font.charset, f"cp{document}")
    return f"cp{document}"


_DECODERS: dict[str, Callable[[bytes], str]] = {}


def _code_page_decoder(code_page: str) -> Callable[[bytes], str]:
    """Bytes -> text in ``code_page`` (Windows-1252 when Python does not know it); a byte the
    code page leaves undefined becomes U+FFFD rather than an error."""
    if code_page not in _DECODERS:
        try:
            codecs.lookup(code_page)
            name = code_page
        except LookupError:
            name = f"cp{DEFAULT_CODE_PAGE}"
        _DECODERS[code_page] = lambda data: data.decode(name, errors="replace")
    return _DECODERS[code_page]


def rtf_text(data: bytes) -> OfficeText:
    """Title (the Title paragraph, else the first heading 1) and paragraphs of the RTF document
    ``data`` (see the module docstring); raises RtfError."""
    if not data.lstrip().startswith(SIGNATURE):
        raise RtfError("not an RTF document (no {\\rtf header)")
    if len(data) > MAX_RTF_BYTES:
        raise RtfError(f"RTF document too large ({len(data)} bytes)")
    reader = _Reader()
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        if match is None:  # pragma: no cover - the pattern matches every byte
            raise RtfError(f"cannot read as .rtf (unexpected byte at {position})")
        position = match.end()
        word, number, hexa, symbol, brace, chunk, _lone = match.groups()
        if word is not None:
            value = int(number) if number is not None else None
            if word == b"bin" and value is not None:
                position += max(value, 0)  # binary data, never text
                continue
            reader.control(word.decode("ascii"), value)
        elif hexa is not None:
            reader.byte(int(hexa, 16))
        elif symbol is not None:
            reader.symbol(symbol.decode("latin-1"))
        elif brace == b"{":
            reader.open_group()
        elif brace == b"}":
            reader.close_group()
        elif chunk is not None:
            reader.data(chunk)
    reader.end_paragraph()
    if not any(text.strip() for _, text in reader.paragraphs):
        raise RtfError("no text in the RTF document")
    encoding = "+".join(sorted(reader.legacy)) or None
    title_index, heading = reader.title_index()
    return office_text([text for _, text in reader.paragraphs], title_index, encoding, heading=heading)
