"""Plain text of a legacy Word report (``.doc``, Word 97-2003 binary format), for the loader.

A ``.doc`` file is a Compound File (MS-CFB: a small file system of sectors chained by an
allocation table, with a directory of named streams; streams under the mini stream cutoff live
in the mini stream, in 64-byte sectors chained by the MiniFAT). The Word part (MS-DOC) is the
``WordDocument`` stream, whose header (the FIB) gives the length of the main document's text
(``ccpText``) and where the piece table (the Clx) is in the table stream (``0Table`` or
``1Table``). The piece table lists the pieces the text is made of, each either UTF-16LE or
"compressed" (one byte a character, Windows-1252).

Only the main document is read: footnotes, endnotes, headers, footers, comments and text boxes
(stored after it) are not. Each paragraph (ended by a paragraph mark, a table cell or row end, a
page, section or column break) becomes one line, and a manual line break (Shift+Enter, 0x0B)
``SOFT_BREAK``: a break inside the paragraph, not its end, which the loader resolves
(:func:`summarizer.documents.resolved_soft_breaks`; in a table row read as one line a cell's
line breaks separate its lines, as its paragraphs do; in the title a break is a space). Of a
field (``{ HYPERLINK ... }``, ``{ PAGE }``) only its displayed result is kept; a tab and a
no-break space are a space, a non-breaking hyphen a hyphen; optional hyphens, picture and object
anchors, footnote and comment marks and other control characters are removed. Text a
reader of the document does not see is left out: what tracked changes mark deleted, and hidden
text (the runs of character properties, ChpxFkp, that switch either on; a style that hides text
is not read).

The title is the first non-empty paragraph in the Title style, else in Heading 1: each
paragraph mark's file position is looked up in the pages of paragraph properties (PlcBtePapx,
PapxFkp) for its style, and the style sheet (STSH) says which built-in style that is (its
identifier, the same whatever the style is called in the user's language); a Heading 1 below
body text is a crosshead, which the loader puts back (:func:`summarizer.documents.office_title`).
Without a title, or when
those tables cannot be read, the loader finds the title in the text as for plain files. Other
formatting and the document properties are not read.

**Tables** follow the rule of every format (:func:`summarizer.html_text.table_row_line`): a
row of short cells is one line, its non-empty cells joined by " | "; a row with a cell of prose,
a single non-empty cell, a table inside a cell (whose own rows keep their lines too) or the
title keeps each of its paragraphs as a line. In the text, a cell's last paragraph ends with a
cell mark and a row with a row end mark, both 0x07 (an empty cell is its mark alone): which is
which, and which paragraphs are in a cell, the paragraph properties say (sprmPFTtp, sprmPFInTable,
the table depth and the marks of nested tables; properties too large for their page are in the
``Data`` stream, sprmPHugePapx, which is passed over when it cannot be read). A row with a mark
those properties do not account for (no readable pages of them) or that tracked changes deleted
keeps its paragraphs as lines, one cell after another, rather than be guessed at.

Text typed in a legacy Vietnamese font (.VnTime, VNI-Times) holds that encoding's bytes as
Windows-1252 characters. A run whose character properties name such a font (its high-ANSI
characters' font, else its ASCII one, in the font table) is decoded by it
(:func:`vncharsets.decode_glyphs`); the rest, where the font comes from a style (not read),
is judged line by line (:func:`vncharsets.legacy_glyphs`). ``encoding`` names what was decoded.

Refused, with the reason as the skip reason: a file that is not a compound file or has no
``WordDocument`` stream, a damaged one (a broken sector chain, a piece outside the stream), an
encrypted one, a Word 6.0/95 file (an older format) and one without text. Streams larger than
``MAX_STREAM_BYTES`` are refused rather than read. Read with the standard library and numpy.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .html_text import SOFT_BREAK, table_row_line
from .office import OfficeFileError, OfficeText, office_text
from .vncharsets import decode_glyphs, glyph_characters, legacy_font_encoding, legacy_glyphs

DOC_SUFFIXES = (".doc",)
MAX_STREAM_BYTES = 64 * 1024 * 1024  # largest stream read

# Compound File Binary header (MS-CFB 2.2)
CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
HEADER_SIZE = 512
SECTOR_SHIFT_AT = 0x1E
MINI_SECTOR_SHIFT_AT = 0x20
FAT_SECTOR_COUNT_AT = 0x2C
FIRST_DIRECTORY_SECTOR_AT = 0x30
MINI_STREAM_CUTOFF_AT = 0x38
FIRST_MINI_FAT_SECTOR_AT = 0x3C
MINI_FAT_SECTOR_COUNT_AT = 0x40
FIRST_DIFAT_SECTOR_AT = 0x44
HEADER_DIFAT_AT = 0x4C
HEADER_DIFAT_ENTRIES = 109
VERSION_3_SECTOR_SHIFT = 9  # 512-byte sectors; stream sizes are 32-bit
VERSION_4_SECTOR_SHIFT = 12  # 4096-byte sectors
MINI_SECTOR_SHIFT = 6  # 64-byte mini sectors
MAX_REGULAR_SECTOR = 0xFFFFFFFA
END_OF_CHAIN = 0xFFFFFFFE
SECTOR_NUMBER_SIZE = 4
NO_STREAM = 0xFFFFFFFF  # no sibling or child in the directory tree
# Directory entry (MS-CFB 2.6)
DIRECTORY_ENTRY_SIZE = 128
NAME_LENGTH_AT = 0x40
NAME_FIELD_SIZE = 64
OBJECT_TYPE_AT = 0x42
LEFT_SIBLING_AT = 0x44
RIGHT_SIBLING_AT = 0x48
CHILD_AT = 0x4C
START_SECTOR_AT = 0x74
STREAM_SIZE_AT = 0x78
STREAM_OBJECT = 2
ROOT_ENTRY = 0

# Word file header, the FIB (MS-DOC 2.5)
WORD_STREAM = "WordDocument"
WORD_IDENT = 0xA5EC
WORD_IDENT_AT = 0x00
NFIB_AT = 0x02
NFIB_WORD97 = 0x00C1  # lower versions are Word 6.0/95 or older
FLAGS_AT = 0x0A
FLAG_ENCRYPTED = 0x0100
FLAG_TABLE_1 = 0x0200  # fWhichTblStm: the table stream is 1Table, else 0Table
CCP_TEXT_AT = 0x4C
FC_CLX_AT = 0x1A2
LCB_CLX_AT = 0x1A6
FIB_MIN_SIZE = LCB_CLX_AT + 4
STSH_AT, STSH_SIZE_AT = 0xA2, 0xA6  # fcStshf, lcbStshf: the style sheet in the table stream
PAPX_BINS_AT, PAPX_BINS_SIZE_AT = 0x102, 0x106  # fcPlcfBtePapx, lcbPlcfBtePapx
# Paragraph styles (MS-DOC 2.9.271 STSH, 2.9.33 PlcBtePapx, 2.9.175 PapxFkp, 2.9.24 BxPap)
FKP_SIZE = 512  # a formatted disk page of paragraph properties, in the WordDocument stream
FKP_RUN_COUNT_AT = FKP_SIZE - 1
BX_PAP_SIZE = 13
MAX_PROPERTY_PAGES = 4096  # a page holds the properties of dozens of paragraphs; more is damage
# Character properties that take text out of what a reader sees (MS-DOC 2.6.1, 2.9.32 PlcBteChpx,
# 2.9.40 ChpxFkp): a deletion in tracked changes, hidden text. Set on runs, not read from styles.
CHPX_BINS_AT, CHPX_BINS_SIZE_AT = 0xFA, 0xFE  # fcPlcfBteChpx, lcbPlcfBteChpx
SPRM_DELETED, SPRM_HIDDEN = 0x0800, 0x083C  # sprmCFRMarkDel, sprmCFVanish
# ... and the font of a run's ASCII and of its other (high-ANSI) characters: a legacy Vietnamese
# font (.VnTime, VNI-Times) stores its letters as Windows-1252 characters, decoded by run.
SPRM_FONT_ASCII, SPRM_FONT_OTHER = 0x4A4F, 0x4A51  # sprmCRgFtc0, sprmCRgFtc2
FONTS_AT, FONTS_SIZE_AT = 0x112, 0x116  # fcSttbfFfn, lcbSttbfFfn: the font table (MS-DOC 2.9.260)
FFN_NAME_AT = 39  # where a font's name starts in its FFN (MS-DOC 2.9.85)
TOGGLE_ON = (0x01, 0x81)  # on; the opposite of the style's (off in the styles a report uses)
OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by a property's spra; 6: its first byte says
SPRA_VARIABLE = 6
PAGE_NUMBER_MASK = 0x3FFFFF
SPRM_TABLE_DEFINITION = 0xD608  # sprmTDefTable: a 2-byte count, one more than the bytes after it
STI_MASK = 0x0FFF  # the built-in style a style is (its name in any language)
STI_TITLE, STI_HEADING_1 = 62, 1
TITLE_MARK = "\ue000"  # stands in for the title paragraph's mark while the text is processed
# Tables (MS-DOC 2.4.3 and following, 2.6.2): what a paragraph's properties (PapxInFkp's grpprl,
# after the istd) say of its place: in a cell, the end of a row, in a table inside a cell.
SPRM_IN_TABLE, SPRM_ROW_END = 0x2416, 0x2447  # sprmPFInTable, sprmPFTtp
SPRM_INNER_CELL, SPRM_INNER_ROW_END = 0x244B, 0x244C  # sprmPFInnerTableCell, sprmPFInnerTtp
SPRM_TABLE_DEPTH, SPRM_TABLE_DEPTH_CHANGE = 0x6649, 0x664A  # sprmPItap, sprmPDtap
SPRM_HUGE_PROPERTIES = 0x6646  # sprmPHugePapx: where in the Data stream a PrcData holds them
DATA_STREAM = "Data"
PRC_DATA_SIZE = 2  # cbGrpprl, before the grpprl of a PrcData (MS-DOC 2.9.210)
NOT_IN_TABLE, IN_CELL, ROW_END, IN_NESTED_TABLE = 0, 1, 2, 3  # a paragraph's place
# ... and what stands in for the marks of a row read as one line while the text is processed: for
# its cell marks, its row end mark and the end of a paragraph inside a cell, lone surrogates (never
# in the decoded text: a UTF-16 piece decodes one as U+FFFD), apart from a manual line break (0x0B).
CELL_MARK, ROW_MARK, CELL_PARAGRAPH_END = "\ud800", "\ud801", "\ud802"
CELL_END = "\x07"
# Piece table (MS-DOC 2.9.38 Clx, 2.9.177 PlcPcd, 2.9.178 Pcd)
CLX_PRC = 0x01
CLX_PCDT = 0x02
PRC_HEADER_SIZE = 3  # clxt, cbGrpprl
PCDT_HEADER_SIZE = 5  # clxt, lcb
CP_SIZE = 4
_PCD = np.dtype([("flags", "<u2"), ("fc", "<u4"), ("prm", "<u2")])  # a piece descriptor
FC_COMPRESSED = 0x40000000

# Special characters of the text (MS-DOC 2.8.25 and following)
PARAGRAPH_END = "\r"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
_FIELD_MARK = re.compile(f"([{FIELD_BEGIN}{FIELD_SEPARATOR}{FIELD_END}])")
MANUAL_LINE_BREAK = "\x0b"  # Shift+Enter: a line break inside the paragraph
_BREAKS = {"\r": PARAGRAPH_END, CELL_END: PARAGRAPH_END, "\x0c": PARAGRAPH_END, "\x0e": PARAGRAPH_END,
           MANUAL_LINE_BREAK: SOFT_BREAK, "\n": "\n", "\t": " ", "\xa0": " ", "\x1e": "-"}
_MARKS = re.compile("[" + "".join(c for c, end in _BREAKS.items() if end == PARAGRAPH_END) + "]")  # what ends a paragraph
# Every other control character (optional hyphen, picture and object anchors, note marks) goes.
_CHARACTER_MAP: dict[int, str | None] = {code: None for code in range(0x20)}
_CHARACTER_MAP.update({ord(char): replacement for char, replacement in _BREAKS.items()})
# What separates the lines of a cell in a row read as one line: the end of one of its paragraphs,
# a manual line break, a line feed.
_CELL_LINE_ENDS = re.compile(f"[{CELL_PARAGRAPH_END}{SOFT_BREAK}\n]")


class DocError(OfficeFileError):
    """A ``.doc`` file that cannot be read; the message is the loader's skip reason."""


# How compressed text decodes: Windows-1252, the five bytes it leaves undefined as the
# same-numbered code points.
_COMPRESSED_CHARACTERS = glyph_characters("cp1252")


def doc_text(data: bytes) -> OfficeText:
    """Title (the first paragraph in the Title style, else in Heading 1) and paragraphs of the
    main text of the Word 97-2003 document ``data``; raises DocError."""
    try:
        compound = _CompoundFile(data)
        word = compound.stream(WORD_STREAM)
        if word is None:
            raise DocError("not a Word document (no WordDocument stream)")
        fib = _read_fib(word)
        table = compound.stream(fib.table_stream)
        if table is None:
            raise DocError(f"damaged Word document (no {fib.table_stream} stream)")
        pieces = _pieces(table, fib)
        text = _main_text(word, pieces, fib.ccp_text)
        paragraph_runs = _paragraph_runs(word, table, fib, _optional_stream(compound, DATA_STREAM))
        in_paragraph = _run_at(pieces, [(run.start, run.end) for run in paragraph_runs], len(text))  # -1: in none
        title, heading = _title_mark(text, table, fib, paragraph_runs, in_paragraph)
        runs = _character_runs(word, table, fib)
        at = _run_at(pieces, [(run.start, run.end) for run in runs], len(text))  # -1: in no run
        unseen = np.array([run.unseen for run in runs] + [False])[at]
        fonts = np.array([-1 if run.font is None else run.font for run in runs] + [-1], dtype=np.int64)[at]
        names = _font_names(table, fib)
        places = np.array([run.place for run in paragraph_runs] + [-1], dtype=np.int64)[in_paragraph]
        text = _table_rows(text, places, unseen, title)
    except (IndexError, ValueError) as exc:  # a defect the checks above missed is a skip reason too
        raise DocError(f"damaged Word document ({exc.__class__.__name__})") from exc
    if title is not None:
        text = text[:title] + TITLE_MARK + text[title + 1:]
    text, fonts_legacy = _seen_text(text, unseen, fonts, names)
    paragraphs = _paragraphs(text)
    title_index = next((i for i, p in enumerate(paragraphs) if p.endswith(TITLE_MARK)), None)
    if title_index is not None:
        title_text = paragraphs[title_index][: -len(TITLE_MARK)]
        paragraphs[title_index] = title_text.replace("\n", " ").replace(SOFT_BREAK, " ")  # the title is one line
        title_index = sum(p.count("\n") + 1 for p in paragraphs[:title_index])  # as a line
    text, legacy = legacy_glyphs("\n".join(paragraphs))
    encodings = sorted(fonts_legacy | ({legacy} if legacy else set()))
    document = office_text(text.split("\n"), title_index, "+".join(encodings) or None, heading=heading)
    if not document.lines and not document.title:
        raise DocError("no text in the Word document")
    return document


def _seen_text(text: str, unseen: np.ndarray, fonts: np.ndarray, names: list[str]) -> tuple[str, set[str]]:
    """``text`` without its unseen characters, and with the runs in a legacy font's font decoded;
    the legacy encodings decoded."""
    encodings = [legacy_font_encoding(name) for name in names]
    parts: list[str] = []
    used: set[str] = set()
    changes = np.flatnonzero((np.diff(unseen) != 0) | (np.diff(fonts) != 0)) + 1
    for start, end in zip([0, *changes.tolist()], [*changes.tolist(), len(text)]):
        if start >= end or unseen[start]:
            continue
        font = int(fonts[start])
        encoding = encodings[font] if 0 <= font < len(encodings) else None
        if encoding is None:
            parts.append(text[start:end])
        else:
            parts.append(decode_glyphs(text[start:end], encoding))
            if parts[-1] != text[start:end]:
                used.add(encoding)
    return "".join(parts), used


def _damaged(reason: str) -> DocError:
    return DocError(f"damaged compound file ({reason})")


def _u16(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset:offset + 2], "little")


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset:offset + 4], "little")


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class _CompoundFile:
    """The streams of the root storage of a compound file."""

    def __init__(self, data: bytes) -> None:
        if len(data) < HEADER_SIZE or not data.startswith(CFB_SIGNATURE):
            raise DocError("not a Word document (not a compound file)")
        shift = _u16(data, SECTOR_SHIFT_AT)
        mini_shift = _u16(data, MINI_SECTOR_SHIFT_AT)
        if shift not in (VERSION_3_SECTOR_SHIFT, VERSION_4_SECTOR_SHIFT) or mini_shift != MINI_SECTOR_SHIFT:
            raise _damaged("unknown sector size")
        self._data = data
        self._sector_size = 1 << shift
        self._size_mask = 0xFFFFFFFF if shift == VERSION_3_SECTOR_SHIFT else (1 << 64) - 1
        self._sector_count = -(-len(data) // self._sector_size) - 1  # a last one cut short is padded
        self._fat = self._read_fat()
        directory = self._read(_u32(data, FIRST_DIRECTORY_SECTOR_AT), None, "directory")
        self._entries = [directory[i:i + DIRECTORY_ENTRY_SIZE]
                         for i in range(0, len(directory) - DIRECTORY_ENTRY_SIZE + 1, DIRECTORY_ENTRY_SIZE)]
        if not self._entries:
            raise _damaged("no directory")
        self._root = self._entry(ROOT_ENTRY)
        self._streams = self._root_streams()
        self._mini_stream: tuple[np.ndarray, bytes] | None = None  # MiniFAT, mini stream

    def stream(self, name: str) -> bytes | None:
        """The stream ``name`` of the root storage, None when there is none."""
        entry = self._streams.get(name.upper())
        if entry is None:
            return None
        if entry.size > MAX_STREAM_BYTES:
            raise DocError(f"{name} stream too large ({entry.size} bytes)")
        if entry.size < _u32(self._data, MINI_STREAM_CUTOFF_AT):
            return self._read_mini(entry.start, entry.size, name)
        return self._read(entry.start, entry.size, name)

    def _sector(self, number: int) -> bytes:
        if number >= self._sector_count:
            raise _damaged(f"sector {number} out of range")
        start = (number + 1) * self._sector_size
        return self._data[start:start + self._sector_size].ljust(self._sector_size, b"\0")

    def _read_fat(self) -> np.ndarray:
        """The allocation table: the next sector of each sector."""
        count = _u32(self._data, FAT_SECTOR_COUNT_AT)
        if count > self._sector_count:
            raise _damaged(f"{count} allocation table sectors")
        listed = np.frombuffer(self._data, "<u4", HEADER_DIFAT_ENTRIES, HEADER_DIFAT_AT).tolist()
        per_sector = self._sector_size // SECTOR_NUMBER_SIZE - 1  # the last entry chains to the next one
        difat, seen = _u32(self._data, FIRST_DIFAT_SECTOR_AT), set()
        while len(listed) < count and difat <= MAX_REGULAR_SECTOR:
            if difat in seen:
                raise _damaged("allocation table list loops")
            seen.add(difat)
            entries = np.frombuffer(self._sector(difat), "<u4").tolist()
            listed += entries[:per_sector]
            difat = entries[per_sector]
        sectors = listed[:count]
        if len(sectors) < count:
            raise _damaged("allocation table sectors missing")
        return np.frombuffer(b"".join(self._sector(number) for number in sectors), "<u4")

    def _chain(self, start: int, table: np.ndarray, limit: int, what: str) -> list[int]:
        """Sector numbers of the chain from ``start`` in ``table``, at most ``limit`` of them."""
        chain: list[int] = []
        seen: set[int] = set()
        number = start
        while number != END_OF_CHAIN and len(chain) < limit:
            if number >= len(table):
                raise _damaged(f"{what}: sector {number} out of range")
            if number in seen:
                raise _damaged(f"{what}: sector chain loops")
            seen.add(number)
            chain.append(number)
            number = int(table[number])
        return chain

    def _read(self, start: int, size: int | None, what: str) -> bytes:
        """``size`` bytes (the whole chain when None) of the chain of sectors from ``start``."""
        limit = len(self._fat) if size is None else -(-size // self._sector_size)
        data = b"".join(self._sector(number) for number in self._chain(start, self._fat, limit, what))
        if len(data) > MAX_STREAM_BYTES:
            raise DocError(f"{what} too large ({len(data)} bytes)")
        if size is not None and len(data) < size:
            raise _damaged(f"{what} stream truncated")
        return data if size is None else data[:size]

    def _read_mini(self, start: int, size: int, what: str) -> bytes:
        """``size`` bytes of the chain of mini sectors from ``start``."""
        if self._mini_stream is None:
            self._mini_stream = self._load_mini_stream()
        mini_fat, mini_stream = self._mini_stream
        mini_size = 1 << MINI_SECTOR_SHIFT
        chain = self._chain(start, mini_fat, -(-size // mini_size), what)
        data = b"".join(mini_stream[number * mini_size:(number + 1) * mini_size] for number in chain)
        if len(data) < size:
            raise _damaged(f"{what} stream truncated")
        return data[:size]

    def _load_mini_stream(self) -> tuple[np.ndarray, bytes]:
        """The MiniFAT and the mini stream (the root entry's stream)."""
        count = _u32(self._data, MINI_FAT_SECTOR_COUNT_AT)
        if count > self._sector_count:
            raise _damaged(f"{count} MiniFAT sectors")
        mini_fat = self._read(_u32(self._data, FIRST_MINI_FAT_SECTOR_AT), count * self._sector_size, "MiniFAT")
        if self._root.size > MAX_STREAM_BYTES:
            raise DocError(f"mini stream too large ({self._root.size} bytes)")
        return np.frombuffer(mini_fat, "<u4"), self._read(self._root.start, self._root.size, "mini stream")

    def _entry(self, number: int) -> _Entry:
        if number >= len(self._entries):
            raise _damaged(f"directory entry {number} out of range")
        raw = self._entries[number]
        name_size = min(_u16(raw, NAME_LENGTH_AT), NAME_FIELD_SIZE)
        name = raw[:name_size].decode("utf-16-le", "replace").rstrip("\0")
        size = int.from_bytes(raw[STREAM_SIZE_AT:STREAM_SIZE_AT + 8], "little") & self._size_mask
        return _Entry(name, raw[OBJECT_TYPE_AT], _u32(raw, LEFT_SIBLING_AT), _u32(raw, RIGHT_SIBLING_AT),
                      _u32(raw, CHILD_AT), _u32(raw, START_SECTOR_AT), size)

    def _root_streams(self) -> dict[str, _Entry]:
        """The streams among the root storage's children (a tree of siblings), by upper-case name."""
        streams: dict[str, _Entry] = {}
        pending, seen = [self._root.child], set()
        while pending:
            number = pending.pop()
            if number == NO_STREAM:
                continue
            if number in seen:
                raise _damaged("directory tree loops")
            seen.add(number)
            entry = self._entry(number)
            if entry.kind == STREAM_OBJECT:
                streams.setdefault(entry.name.upper(), entry)
            pending += (entry.left, entry.right)
        return streams


@dataclass(frozen=True)
class _Fib:
    table_stream: str
    ccp_text: int  # characters of the main document
    fc_clx: int  # where the piece table is in the table stream
    lcb_clx: int  # and its size
    fc_stsh: int  # where the style sheet is in the table stream
    lcb_stsh: int  # and its size
    fc_papx: int  # where the paragraph properties' page list is in the table stream
    lcb_papx: int  # and its size
    fc_chpx: int  # where the character properties' page list is in the table stream
    lcb_chpx: int  # and its size
    fc_fonts: int  # where the font table is in the table stream
    lcb_fonts: int  # and its size


def _read_fib(word: bytes) -> _Fib:
    if len(word) < FLAGS_AT + 2 or _u16(word, WORD_IDENT_AT) != WORD_IDENT:
        raise DocError("not a Word document (no Word file header)")
    if _u16(word, NFIB_AT) < NFIB_WORD97:
        raise DocError("Word 6.0/95 document (format not supported; save it as .docx)")
    flags = _u16(word, FLAGS_AT)
    if flags & FLAG_ENCRYPTED:
        raise DocError("encrypted Word document")
    if len(word) < FIB_MIN_SIZE:
        raise DocError("damaged Word document (file header too short)")
    ccp_text = int.from_bytes(word[CCP_TEXT_AT:CCP_TEXT_AT + 4], "little", signed=True)
    if not 0 <= ccp_text <= len(word):  # a character takes one byte at least
        raise DocError(f"damaged Word document (text length {ccp_text})")
    table = "1Table" if flags & FLAG_TABLE_1 else "0Table"
    return _Fib(table, ccp_text, _u32(word, FC_CLX_AT), _u32(word, LCB_CLX_AT), _u32(word, STSH_AT),
                _u32(word, STSH_SIZE_AT), _u32(word, PAPX_BINS_AT), _u32(word, PAPX_BINS_SIZE_AT),
                _u32(word, CHPX_BINS_AT), _u32(word, CHPX_BINS_SIZE_AT), _u32(word, FONTS_AT),
                _u32(word, FONTS_SIZE_AT))


@dataclass(frozen=True)
class _Piece:
    start: int  # first character position
    end: int  # character position after the last
    fc: int  # where its text is in the WordDocument stream, with FC_COMPRESSED

    def location(self) -> tuple[int, int]:
        """(where its first character is in the WordDocument stream, bytes a character)."""
        if self.fc & FC_COMPRESSED:
            return (self.fc & ~FC_COMPRESSED) // 2, 1
        return self.fc, 2


def _bad_pieces(reason: str) -> DocError:
    return DocError(f"damaged piece table ({reason})")


def _pieces(table: bytes, fib: _Fib) -> list[_Piece]:
    """The pieces of the piece table (the Pcdt after the Prc entries of the Clx)."""
    if fib.lcb_clx == 0:
        raise _bad_pieces("none")
    clx = table[fib.fc_clx:fib.fc_clx + fib.lcb_clx]
    if len(clx) < fib.lcb_clx:
        raise _bad_pieces("outside the table stream")
    at = 0
    while at < len(clx) and clx[at] == CLX_PRC:  # formatting of the pieces, not read
        at += PRC_HEADER_SIZE + max(0, int.from_bytes(clx[at + 1:at + PRC_HEADER_SIZE], "little", signed=True))
    if at + PCDT_HEADER_SIZE > len(clx) or clx[at] != CLX_PCDT:
        raise _bad_pieces("no piece descriptors")
    size = _u32(clx, at + 1)
    plc = clx[at + PCDT_HEADER_SIZE:at + PCDT_HEADER_SIZE + size]
    count = (size - CP_SIZE) // (CP_SIZE + _PCD.itemsize)
    if len(plc) < size or count < 1 or size != count * (CP_SIZE + _PCD.itemsize) + CP_SIZE:
        raise _bad_pieces(f"{size} bytes of descriptors")
    cps = np.frombuffer(plc, "<u4", count + 1).astype(np.int64)
    if np.any(np.diff(cps) < 0):
        raise _bad_pieces("character positions out of order")
    descriptors = np.frombuffer(plc, _PCD, count, CP_SIZE * (count + 1))
    return [_Piece(int(cps[i]), int(cps[i + 1]), int(descriptors["fc"][i])) for i in range(count)]


def _main_text(word: bytes, pieces: list[_Piece], ccp_text: int) -> str:
    """The text of the character positions before ``ccp_text`` (the main document)."""
    parts = []
    for piece in pieces:
        count = min(piece.end, ccp_text) - piece.start
        if count <= 0:
            continue
        at, width = piece.location()
        raw = word[at:at + width * count]
        if len(raw) < width * count:
            raise _bad_pieces(f"piece at {piece.fc:#x} outside the WordDocument stream")
        if width == 1:
            parts.append(codecs.charmap_decode(raw, "strict", _COMPRESSED_CHARACTERS)[0])
        else:
            parts.append(raw.decode("utf-16-le", "replace"))  # a lone surrogate becomes U+FFFD
    return "".join(parts)


def _field_results(text: str) -> str:
    """``text`` with each field's code and marks removed and its result kept (a field without a
    separator shows nothing); fields nest."""
    kept: list[str] = []
    in_result: list[bool] = []  # for each open field, whether its separator has passed
    hidden = 0  # open fields still in their code
    for part in _FIELD_MARK.split(text):
        if part == FIELD_BEGIN:
            in_result.append(False)
            hidden += 1
        elif part == FIELD_SEPARATOR:
            if in_result and not in_result[-1]:
                in_result[-1] = True
                hidden -= 1
        elif part == FIELD_END:
            if in_result and not in_result.pop():
                hidden -= 1
        elif hidden == 0 and part:
            kept.append(part)
    return "".join(kept)


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``, a manual line break in them ``SOFT_BREAK``; the one ended by
    TITLE_MARK keeps it at its end. A table row whose marks :func:`_table_rows` replaced is one
    paragraph when :func:`table_row_line` reads it as one line (a cell's lines: its paragraphs
    and the parts its line breaks separate), else one paragraph a cell (its paragraphs as lines,
    its line breaks kept for the loader, as elsewhere)."""
    text = _field_results(text).translate(_CHARACTER_MAP)
    paragraphs: list[str] = []
    for part in text.replace(TITLE_MARK, TITLE_MARK + PARAGRAPH_END).split(PARAGRAPH_END):
        *rows, rest = part.split(ROW_MARK)  # such a row starts after a paragraph mark or a row's end
        for row in rows:
            cells = row.split(CELL_MARK)
            line = table_row_line([_CELL_LINE_ENDS.split(cell) for cell in cells])
            paragraphs += [cell.replace(CELL_PARAGRAPH_END, "\n") for cell in cells] if line is None else [line]
        paragraphs += rest.replace(CELL_PARAGRAPH_END, "\n").split(CELL_MARK)
    return paragraphs


def _table_rows(text: str, places: np.ndarray, unseen: np.ndarray, title: int | None) -> str:
    """``text`` with the marks of each table row its paragraph properties account for replaced
    (its cell marks by CELL_MARK, its row end mark by ROW_MARK, the paragraph marks inside its
    cells by CELL_PARAGRAPH_END), for :func:`_paragraphs` to read it as a row; ``places``: the
    place in a table of the paragraph each character is in (-1: not known), ``unseen``: the
    characters left out, ``title``: the title paragraph's mark. Left as they are, so that each
    cell is a paragraph: the marks of a row holding a mark of unknown place (no readable
    properties), a table inside a cell, the title, a page or column break or a mark left out,
    and of a row that does not start right after a paragraph outside tables or a row end, both
    seen (what is all left out, a deleted row, is passed over)."""
    replaced: dict[int, str] = {}
    row: dict[int, str] = {}  # the replacements of the row being read
    start, start_ok = 0, True  # where the row (or paragraph) being read starts; whether a row may
    readable, in_row = True, False  # whether the row can be read so; whether its marks have begun
    for match in _MARKS.finditer(text):
        at, mark = match.start(), match.group()
        place = int(places[at])
        row_end = place == ROW_END and mark == CELL_END
        if row_end or (place == NOT_IN_TABLE and mark != CELL_END):  # or a paragraph outside tables, a break
            if row_end and readable and not unseen[at]:
                replaced.update(row)
                replaced[at] = ROW_MARK
            if not unseen[start:at + 1].all():
                start_ok = not unseen[at] and (row_end or not in_row)  # not after a row without its end
            row, start, readable, in_row = {}, at + 1, start_ok, False
        elif place == IN_CELL and mark in (PARAGRAPH_END, CELL_END) and at != title and not unseen[at]:
            row[at] = CELL_MARK if mark == CELL_END else CELL_PARAGRAPH_END
            in_row = True
        else:  # not known, in a table inside a cell, the title, a break in a cell, left out
            readable, in_row = False, True
    if not replaced:
        return text
    characters = list(text)
    for at, mark in replaced.items():
        characters[at] = mark
    return "".join(characters)


# -- the title: paragraph styles ---------------------------------------------------------------


def _title_mark(text: str, table: bytes, fib: _Fib, runs: list[_ParagraphRun],
                at: np.ndarray) -> tuple[int | None, bool]:
    """The character position of the paragraph mark (or cell mark) that ends the first non-empty
    paragraph in the Title style, else in Heading 1; None without one (or without readable
    styles); and whether that paragraph is in Heading 1. ``runs``: the runs of paragraph
    properties, ``at``: the one each character is in (-1: none)."""
    if TITLE_MARK in text:
        return None, False
    styles = _style_identifiers(table, fib)
    if not styles or not runs:
        return None, False
    marks: list[tuple[int, int | None]] = []  # (position, built-in style) of each paragraph mark
    for position in (i for i, char in enumerate(text) if char in (PARAGRAPH_END, CELL_END)):
        istd = runs[at[position]].istd if at[position] >= 0 else None
        marks.append((position, styles[istd] if istd is not None and istd < len(styles) else None))
    for wanted in (STI_TITLE, STI_HEADING_1):
        previous = -1
        for position, sti in marks:
            if sti == wanted and "".join(_paragraphs(text[previous + 1:position])).strip():
                return position, wanted == STI_HEADING_1
            previous = position
    return None, False


def _style_identifiers(table: bytes, fib: _Fib) -> list[int | None]:
    """The built-in style identifier (sti) of every style, by its index (istd)."""
    sheet = table[fib.fc_stsh:fib.fc_stsh + fib.lcb_stsh]
    if len(sheet) < 4:
        return []
    count, at = _u16(sheet, 2), 2 + _u16(sheet, 0)  # cstd; the styles follow the Stshi
    identifiers: list[int | None] = []
    for _ in range(count):
        if at + 2 > len(sheet):
            break
        size = _u16(sheet, at)
        identifiers.append(_u16(sheet, at + 2) & STI_MASK if size >= 2 and at + 4 <= len(sheet) else None)
        at += 2 + size
    return identifiers


@dataclass(frozen=True)
class _ParagraphRun:
    start: int  # first file position
    end: int  # file position after the last
    istd: int  # its style, by index in the style sheet
    place: int  # in a table: NOT_IN_TABLE, IN_CELL, ROW_END or IN_NESTED_TABLE


def _paragraph_runs(word: bytes, table: bytes, fib: _Fib, data: Callable[[], bytes]) -> list[_ParagraphRun]:
    """Every run of paragraph properties, in file position order; pages that cannot be read are
    passed over. ``data``: the Data stream (b"" when it cannot be read), for properties kept there."""
    runs = []
    for page, crun, bounds in _property_pages(word, table[fib.fc_papx:fib.fc_papx + fib.lcb_papx], BX_PAP_SIZE):
        for i in range(crun):
            offset = 2 * page[CP_SIZE * (crun + 1) + BX_PAP_SIZE * i]  # of its PapxInFkp; 0: none
            istd, place = 0, NOT_IN_TABLE
            if offset:
                cb = page[offset]  # GrpPrlAndIstd: after cb, 2 * cb - 1 bytes; or after cb 0 and cb', 2 * cb'
                start, size = (offset + 1, 2 * cb - 1) if cb else (offset + 2, 2 * page[offset + 1])
                if start + 2 <= FKP_RUN_COUNT_AT:
                    istd = _u16(page, start)
                    place = _table_place(page[start + 2:min(start + size, FKP_RUN_COUNT_AT)], data)
            runs.append(_ParagraphRun(bounds[i], bounds[i + 1], istd, place))
    return sorted(runs, key=lambda run: (run.start, run.end))


def _table_place(properties: bytes, data: Callable[[], bytes]) -> int:
    """Where in a table a paragraph with the properties ``properties`` (a grpprl) is: not in one,
    in a cell, ending a row (the row end mark's paragraph), in a table inside a cell (depth 2 or
    more, or a nested table's cell or row end). ``data``: the Data stream, for sprmPHugePapx."""
    flags: dict[int, int] = {}
    depth = depth_change = 0
    for sprm, operand in _sprms(properties, data):
        if sprm in (SPRM_IN_TABLE, SPRM_ROW_END, SPRM_INNER_CELL, SPRM_INNER_ROW_END):
            flags[sprm] = operand[0]
        elif sprm == SPRM_TABLE_DEPTH:
            depth = int.from_bytes(operand, "little", signed=True)
        elif sprm == SPRM_TABLE_DEPTH_CHANGE:
            depth_change += int.from_bytes(operand, "little", signed=True)
    depth = max(depth + depth_change, 1 if flags.get(SPRM_IN_TABLE) else 0)
    if depth > 1 or flags.get(SPRM_INNER_CELL) or flags.get(SPRM_INNER_ROW_END):
        return IN_NESTED_TABLE
    if depth == 1:
        return ROW_END if flags.get(SPRM_ROW_END) else IN_CELL
    return NOT_IN_TABLE


def _sprms(properties: bytes, data: Callable[[], bytes] | None = None) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) of each Prl of a grpprl, up to one that runs past its end; an operand of
    variable size (spra 6) comes with its size (a byte; sprmTDefTable's, 2 bytes, counts one more
    than the bytes after it). With ``data`` (the Data stream), a sprmPHugePapx stands for the
    Prls of the PrcData it points to there."""
    at = 0
    while at + 2 <= len(properties):
        sprm, at = _u16(properties, at), at + 2
        spra = sprm >> 13
        if sprm == SPRM_TABLE_DEFINITION:
            size = 2 + max(_u16(properties, at) - 1, 0) if at + 2 <= len(properties) else len(properties)
        elif spra == SPRA_VARIABLE:
            size = properties[at] + 1 if at < len(properties) else len(properties)
        else:
            size = OPERAND_SIZES[spra]
        if at + size > len(properties):
            break
        operand, at = properties[at:at + size], at + size
        if sprm == SPRM_HUGE_PROPERTIES and data is not None:
            stream, where = data(), _u32(operand, 0)
            count = int.from_bytes(stream[where:where + PRC_DATA_SIZE], "little", signed=True)
            yield from _sprms(stream[where + PRC_DATA_SIZE:where + PRC_DATA_SIZE + max(count, 0)])
        else:
            yield sprm, operand


def _optional_stream(compound: _CompoundFile, name: str) -> Callable[[], bytes]:
    """The stream ``name``, read when first asked for; b"" when there is none or it cannot be read."""
    read: list[bytes] = []

    def stream() -> bytes:
        if not read:
            try:
                read.append(compound.stream(name) or b"")
            except DocError:
                read.append(b"")
        return read[0]

    return stream


def _property_pages(word: bytes, bins: bytes, entry_size: int) -> Iterator[tuple[bytes, int, list[int]]]:
    """(page, run count, the runs' file position bounds) of every readable page of a page list
    (PlcBtePapx, PlcBteChpx) whose run entries take ``entry_size`` bytes."""
    count = (len(bins) - CP_SIZE) // (2 * CP_SIZE)
    if not 1 <= count <= MAX_PROPERTY_PAGES:
        return
    for page_number in np.frombuffer(bins, "<u4", count, CP_SIZE * (count + 1)).tolist():
        start = (page_number & PAGE_NUMBER_MASK) * FKP_SIZE
        page = word[start:start + FKP_SIZE]
        if len(page) < FKP_SIZE:
            continue
        crun = page[FKP_RUN_COUNT_AT]
        if CP_SIZE * (crun + 1) + entry_size * crun > FKP_RUN_COUNT_AT:
            continue
        yield page, crun, np.frombuffer(page, "<u4", crun + 1).tolist()


# -- text a reader does not see: deletions in tracked changes, hidden text ---------------------


@dataclass(frozen=True)
class _CharacterRun:
    start: int  # first file position
    end: int  # file position after the last character
    unseen: bool  # deleted in tracked changes, or hidden
    font: int | None  # index in the font table of its high-ANSI (else ASCII) characters' font


def _character_runs(word: bytes, table: bytes, fib: _Fib) -> list[_CharacterRun]:
    """The runs of character properties that hide text or name a font, in file position order."""
    runs = []
    for page, crun, bounds in _property_pages(word, table[fib.fc_chpx:fib.fc_chpx + fib.lcb_chpx], 1):
        for i in range(crun):
            offset = 2 * page[CP_SIZE * (crun + 1) + i]  # of its Chpx; 0: no properties
            if offset and offset < FKP_RUN_COUNT_AT:
                unseen, font = _character_properties(page[offset + 1:offset + 1 + page[offset]])
                if unseen or font is not None:
                    runs.append(_CharacterRun(bounds[i], bounds[i + 1], unseen, font))
    return sorted(runs, key=lambda run: (run.start, run.end))


def _character_properties(properties: bytes) -> tuple[bool, int | None]:
    """Whether a run's character properties (a grpprl) mark it deleted or hidden, and the font
    they give its high-ANSI (else ASCII) characters."""
    unseen, fonts = False, {}
    for sprm, operand in _sprms(properties):
        if sprm in (SPRM_DELETED, SPRM_HIDDEN) and operand[0] in TOGGLE_ON:
            unseen = True
        elif sprm in (SPRM_FONT_ASCII, SPRM_FONT_OTHER):
            fonts[sprm] = _u16(operand, 0)
    return unseen, fonts.get(SPRM_FONT_OTHER, fonts.get(SPRM_FONT_ASCII))


def _font_names(table: bytes, fib: _Fib) -> list[str]:
    """The names in the font table (an STTB of FFNs), by index."""
    fonts = table[fib.fc_fonts:fib.fc_fonts + fib.lcb_fonts]
    if len(fonts) < 4:
        return []
    count, at, names = _u16(fonts, 0), 4, []  # cData, cbExtra (0 here)
    for _ in range(count):
        if at >= len(fonts):
            break
        size = fonts[at]
        ffn = fonts[at + 1:at + 1 + size]
        names.append(ffn[FFN_NAME_AT:].decode("utf-16-le", "replace").split("\0")[0])
        at += 1 + size
    return names


def _run_at(pieces: list[_Piece], runs: list[tuple[int, int]], length: int) -> np.ndarray:
    """For each character position below ``length``, the index of the run (first file position,
    position after; in order, not overlapping) its file position lies in, else -1."""
    out = np.full(length, -1, dtype=np.int64)
    if not runs:
        return out
    starts = [start for start, _ in runs]
    for piece in pieces:
        count = min(piece.end, length) - piece.start
        if count <= 0:
            continue
        base, width = piece.location()
        end = base + width * count
        for index in range(max(bisect.bisect_right(starts, base) - 1, 0), len(runs)):
            run_start, run_end = runs[index]
            if run_start >= end:
                break
            first, last = max(run_start, base), min(run_end, end)
            if first < last:
                out[piece.start + (first - base) // width:piece.start + -(-(last - base) // width)] = index
    return out
