"""Build small Word 97-2003 files (``.doc``) for the reader's tests: a Compound File (version 3,
512-byte sectors; version 4, 4096-byte sectors, on request) holding a ``WordDocument`` stream
with a minimal file header (FIB), the text as pieces (UTF-16LE, or "compressed": one
Windows-1252 byte a character) and a table stream (``0Table`` or ``1Table``) holding the piece
table. Streams under 4096 bytes go into the mini stream (64-byte sectors chained by the
MiniFAT), larger ones into regular sectors; more than 109 allocation table sectors are listed in
DIFAT sectors. On request, pages of paragraph properties (a style, and properties such as a table
cell's or row end's: :func:`table_rows`) and of character properties, and a font table.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
SECTOR = 512
VERSION_4_SECTOR = 4096
MINI_SECTOR = 64
MINI_CUTOFF = 4096
HEADER_DIFAT = 109
END_OF_CHAIN, FREE, FAT_SECTOR, DIFAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC
NO_STREAM = 0xFFFFFFFF
ROOT, STREAM = 5, 2

NFIB_WORD97 = 0x00C1
FLAG_ENCRYPTED = 0x0100
FLAG_TABLE_1 = 0x0200
FIB_SIZE = 0x400  # the text starts after the file header
COMPRESSED = 0x40000000


@dataclass(frozen=True)
class Piece:
    text: str
    compressed: bool = False  # stored one byte a character (Windows-1252) instead of UTF-16LE


def paragraphs(*texts: str) -> str:
    """The texts, each ended by a paragraph mark."""
    return "".join(f"{text}\r" for text in texts)


# Paragraph properties of tables (MS-DOC 2.6.2): a paragraph in a cell (sprmPFInTable) and the
# row end mark's paragraph (sprmPFTtp too); a nested table's depth (sprmPItap) and its cell and
# row ends (sprmPFInnerTableCell, sprmPFInnerTtp), which are paragraph marks.
IN_TABLE = struct.pack("<HB", 0x2416, 1)
ROW_END = IN_TABLE + struct.pack("<HB", 0x2447, 1)
INNER_CELL, INNER_ROW_END = struct.pack("<HB", 0x244B, 1), struct.pack("<HB", 0x244C, 1)


def depth(itap: int) -> bytes:
    """The paragraph property giving a paragraph's table depth (sprmPItap)."""
    return struct.pack("<Hi", 0x6649, itap)


def table_rows(*rows: Sequence[str]) -> tuple[str, list[bytes]]:
    """The text of a table of ``rows``, each its cells' texts (a paragraph mark in a cell's text
    separates its paragraphs): each cell ended by a cell mark and each row by a row end mark (both
    0x07), and the paragraph properties of its paragraphs, in order (for ``word_streams``)."""
    text, properties = "", []
    for cells in rows:
        for cell in cells:
            text += cell + "\x07"
            properties += [IN_TABLE] * (cell.count("\r") + 1)
        text += "\x07"
        properties.append(ROW_END)
    return text, properties


def _compress(text: str) -> bytes:
    """Windows-1252 bytes; the five bytes Windows-1252 leaves undefined stand for themselves."""
    encoded = bytearray()
    for char in text:
        try:
            encoded += char.encode("cp1252")
        except UnicodeEncodeError:
            encoded.append(ord(char))
    return bytes(encoded)


def word_streams(pieces: Sequence[Piece | str], *, ccp_text: int | None = None, one_table: bool = False,
                 flags: int = 0, nfib: int = NFIB_WORD97, padding: int = 0, prc: bytes = b"",
                 styles: Sequence[int] | None = None, paragraph_properties: Sequence[bytes] | None = None,
                 character_runs: Sequence[tuple[int, int, int | bytes]] = (),
                 fonts: Sequence[str] = (), data: bytes | None = None) -> dict[str, bytes]:
    """The ``WordDocument`` and table streams of a document made of ``pieces`` (a string is a
    UTF-16LE piece), of which the first ``ccp_text`` characters (all by default) are the main
    text. ``padding`` zero bytes follow the text; ``prc`` is a formatting block put before the
    piece table. ``styles``: the built-in style (sti: 0 Normal, 1 Heading 1, 62 Title) of each
    paragraph (ended by a paragraph mark or a 0x07 cell or row end mark), in order, written as a
    style sheet and pages of paragraph properties; ``paragraph_properties``: each paragraph's
    other properties (a grpprl, after the style; Normal when ``styles`` is not given).
    ``character_runs``: (first character, character after, property) of runs given a character
    property, each within one piece, written as pages of character properties: a number is a
    property switched on (0x0800 deleted, 0x083C hidden), bytes are the run's whole grpprl (a
    font: ``font_property``). ``fonts``: the font table's names. ``data``: a ``Data`` stream."""
    text_bytes, cps, fcs = bytearray(), [0], []
    spans: list[tuple[int, int, int]] = []  # (first character, file position, width) of each piece
    marks: list[tuple[int, int]] = []  # (file position, width) of every paragraph mark
    for piece in (Piece(item) if isinstance(item, str) else item for item in pieces):
        at = FIB_SIZE + len(text_bytes)
        width = 1 if piece.compressed else 2
        marks += [(at + width * i, width) for i, char in enumerate(piece.text) if char in "\r\x07"]
        spans.append((cps[-1], at, width))
        if piece.compressed:
            fcs.append(at * 2 | COMPRESSED)
            text_bytes += _compress(piece.text)
        else:
            fcs.append(at)
            text_bytes += piece.text.encode("utf-16-le")
        cps.append(cps[-1] + len(piece.text))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    prefix = b"\0" * 16  # stands for the other tables before the piece table
    clx = (struct.pack("<Bh", 1, len(prc)) + prc if prc else b"") + struct.pack("<BI", 2, len(plc)) + plc
    word = bytearray(FIB_SIZE) + text_bytes + b"\0" * padding
    sheet = bins = character_bins = b""
    if styles is not None or paragraph_properties is not None:
        stis = list(styles) if styles is not None else [0] * len(paragraph_properties or ())
        grpprls = list(paragraph_properties) if paragraph_properties is not None else [b""] * len(stis)
        assert len(grpprls) == len(stis), "one style and one grpprl a paragraph"
        sheet, bins, pages = _paragraph_styles(stis, grpprls, marks, len(word))
        word += pages
    if character_runs:
        character_bins, pages = _character_properties(character_runs, spans, len(word))
        word += pages
    fib = word  # the file header is the stream's first FIB_SIZE bytes
    struct.pack_into("<HH", fib, 0, 0xA5EC, nfib)
    struct.pack_into("<H", fib, 0x0A, flags | (FLAG_TABLE_1 if one_table else 0))
    struct.pack_into("<i", fib, 0x4C, cps[-1] if ccp_text is None else ccp_text)
    font_table = _font_table(fonts) if fonts else b""
    tables = [prefix, sheet, bins, character_bins, font_table, clx]
    offsets = [sum(map(len, tables[:i])) for i in range(len(tables))]
    struct.pack_into("<II", fib, 0xA2, offsets[1], len(sheet))
    struct.pack_into("<II", fib, 0x102, offsets[2], len(bins))
    struct.pack_into("<II", fib, 0xFA, offsets[3], len(character_bins))
    struct.pack_into("<II", fib, 0x112, offsets[4], len(font_table))
    struct.pack_into("<II", fib, 0x1A2, offsets[5], len(clx))
    table = "1Table" if one_table else "0Table"
    return {"WordDocument": bytes(word), table: b"".join(tables), **({"Data": data} if data is not None else {})}


def font_property(index: int, *, other: bool = True) -> bytes:
    """The grpprl giving a run's ASCII characters, and with ``other`` its high-ANSI ones too, the
    font ``index`` of the font table."""
    ascii_font = struct.pack("<HH", 0x4A4F, index)
    return ascii_font + (struct.pack("<HH", 0x4A51, index) if other else b"")


def _font_table(names: Sequence[str]) -> bytes:
    """An STTB of FFNs: per font, its size, then ffid, weight, charset, alternate-name index,
    panose, font signature (zeros here) and the name."""
    entries = b""
    for name in names:
        ffn = bytes([0x16]) + struct.pack("<HBB", 400, 0, 0) + b"\0" * 10 + b"\0" * 24 + (name + "\0").encode("utf-16-le")
        entries += bytes([len(ffn)]) + ffn
    return struct.pack("<HH", len(names), 0) + entries


def _character_properties(runs: Sequence[tuple[int, int, int | bytes]], spans: list[tuple[int, int, int]],
                          end: int) -> tuple[bytes, bytes]:
    """The page list (PlcBteChpx) and pages (ChpxFkp, at the next 512-byte boundary after
    ``end``) of ``runs`` (see ``word_streams``); the stretches between them have no properties.
    The toggle is written as "on" and as "the opposite of the style's" in turn."""
    located = []
    for n, (first, after, sprm) in enumerate(runs):
        start, at, width = max(span for span in spans if span[0] <= first)
        grpprl = sprm if isinstance(sprm, bytes) else struct.pack("<HB", sprm, 0x81 if n % 2 else 0x01)
        located.append((at + width * (first - start), at + width * (after - start), grpprl))
    located.sort()
    bounds, properties = [FIB_SIZE], []
    for fc_first, fc_after, grpprl in located:
        if fc_first > bounds[-1]:
            bounds.append(fc_first)
            properties.append(b"")
        bounds.append(fc_after)
        properties.append(grpprl)
    first_page = -(-end // FKP)
    pages, fcs, numbers = b"", [], []
    for start in range(0, len(properties), RUNS_PER_FKP):
        chunk = properties[start:start + RUNS_PER_FKP]
        page = bytearray(FKP)
        crun = len(chunk)
        struct.pack_into(f"<{crun + 1}I", page, 0, *bounds[start:start + crun + 1])
        free = FKP - 1
        for i, grpprl in enumerate(chunk):
            if grpprl:
                free = (free - 1 - len(grpprl)) // 2 * 2
                page[free:free + 1 + len(grpprl)] = bytes([len(grpprl)]) + grpprl
                page[4 * (crun + 1) + i] = free // 2
        page[FKP - 1] = crun
        fcs.append(bounds[start])
        numbers.append(first_page + start // RUNS_PER_FKP)
        pages += bytes(page)
    fcs.append(bounds[len(properties)])
    character_bins = struct.pack(f"<{len(fcs)}I", *fcs) + struct.pack(f"<{len(numbers)}I", *numbers)
    return character_bins, b"\0" * (first_page * FKP - end) + pages


FKP = 512
RUNS_PER_FKP = 20
STYLE_NAMES = {0: "Normal", 1: "heading 1", 62: "Title"}


def _paragraph_styles(stis: list[int], grpprls: list[bytes], marks: list[tuple[int, int]],
                      end: int) -> tuple[bytes, bytes, bytes]:
    """The style sheet, the page list (PlcBtePapx) and the pages (PapxFkp, placed at the next
    512-byte boundary after ``end`` in the WordDocument stream) giving paragraph i the style of
    built-in identifier ``stis[i]`` and the other properties ``grpprls[i]``. Each run of
    properties covers a paragraph: from after the previous mark to after its own. Both forms of
    PapxInFkp's size byte are used in turn (cb, or cb 0 and cb'), padded with a zero byte; a page
    holds as many runs as fit, at most RUNS_PER_FKP."""
    distinct = sorted(set(stis), key=stis.index)
    header = struct.pack("<HH", len(distinct), 10) + b"\0" * 14  # Stshi: cstd, cbSTDBaseInFile
    styles = b""
    for sti in distinct:
        name = STYLE_NAMES.get(sti, f"Style {sti}")
        std = struct.pack("<H", sti) + b"\0" * 8 + struct.pack("<H", len(name)) + name.encode("utf-16-le") + b"\0\0"
        styles += struct.pack("<H", len(std)) + std
    sheet = struct.pack("<H", len(header)) + header + styles
    bounds = [FIB_SIZE] + [at + width for at, width in marks[: len(stis)]]
    papxs = []
    for i, (sti, grpprl) in enumerate(zip(stis, grpprls)):
        body = struct.pack("<H", distinct.index(sti)) + grpprl  # GrpPrlAndIstd
        if i % 2:  # cb: 2 * cb - 1 bytes follow
            body += b"\0" * (1 - len(body) % 2)
            papxs.append(bytes([(len(body) + 1) // 2]) + body)
        else:  # cb 0, cb': 2 * cb' bytes follow
            body += b"\0" * (len(body) % 2)
            papxs.append(bytes([0, len(body) // 2]) + body)
    first_page = -(-end // FKP)
    pages, fcs, numbers, start = b"", [], list[int](), 0
    while start < len(stis):
        most = min(RUNS_PER_FKP, len(stis) - start)
        crun = next((n for n in range(most, 1, -1) if _fits(papxs[start:start + n])), 1)
        fcs.append(bounds[start])
        numbers.append(first_page + len(numbers))
        page = bytearray(FKP)
        struct.pack_into(f"<{crun + 1}I", page, 0, *bounds[start:start + crun + 1])
        free = FKP - 1
        for n, papx in enumerate(papxs[start:start + crun]):
            free = (free - len(papx)) // 2 * 2
            page[free:free + len(papx)] = papx
            page[4 * (crun + 1) + 13 * n] = free // 2
        page[FKP - 1] = crun
        pages += bytes(page)
        start += crun
    fcs.append(bounds[len(stis)])
    bins = struct.pack(f"<{len(fcs)}I", *fcs) + struct.pack(f"<{len(numbers)}I", *numbers)
    return sheet, bins, b"\0" * (first_page * FKP - end) + pages


def _fits(papxs: list[bytes]) -> bool:
    """Whether one page of paragraph properties holds runs of the PapxInFkps ``papxs``."""
    free = FKP - 1
    for papx in papxs:
        free = (free - len(papx)) // 2 * 2
    return free >= 4 * (len(papxs) + 1) + 13 * len(papxs)


def doc_bytes(pieces: Sequence[Piece | str], *, scatter: bool = False, sector_size: int = SECTOR,
              **options: Any) -> bytes:
    """A ``.doc`` file of ``pieces``; ``options`` go to :func:`word_streams`."""
    return compound_file(word_streams(pieces, **options), scatter=scatter, sector_size=sector_size)


def _sectors(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size].ljust(size, b"\0") for i in range(0, len(data), size)]


def _directory_entry(name: str, kind: int, start: int, size: int, left: int = NO_STREAM,
                     right: int = NO_STREAM, child: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, left, right, child,
                       b"\0" * 16, 0, 0, 0, start, size)


def _tree(order: list[int]) -> tuple[int, dict[int, tuple[int, int]]]:
    """A balanced binary tree of the entries ``order`` (sorted): its root, and each entry's
    left and right siblings."""
    links: dict[int, tuple[int, int]] = {}

    def build(low: int, high: int) -> int:
        if low >= high:
            return NO_STREAM
        middle = (low + high) // 2
        links[order[middle]] = (build(low, middle), build(middle + 1, high))
        return order[middle]

    return build(0, len(order)), links


def _mini_stream(streams: Mapping[str, bytes], names: list[str]) -> tuple[list[int], bytes, dict[str, int]]:
    """The MiniFAT, the mini stream and each stream's first mini sector, for the streams ``names``."""
    mini_fat: list[int] = []
    starts: dict[str, int] = {}
    for name in names:
        count = math.ceil(len(streams[name]) / MINI_SECTOR)
        starts[name] = len(mini_fat) if count else END_OF_CHAIN
        mini_fat += [len(mini_fat) + i + 1 for i in range(count - 1)] + [END_OF_CHAIN] * bool(count)
    return mini_fat, b"".join(b"".join(_sectors(streams[name], MINI_SECTOR)) for name in names), starts


def _table_sizes(data_sectors: int, per_sector: int) -> tuple[int, int]:
    """How many allocation table and DIFAT sectors a file of ``data_sectors`` other sectors
    needs (the table also covers its own sectors and the DIFAT's)."""
    fat_count = difat_count = 0
    while True:
        needed_fat = math.ceil((data_sectors + fat_count + difat_count) / per_sector)
        needed_difat = math.ceil(max(0, needed_fat - HEADER_DIFAT) / (per_sector - 1))
        if (needed_fat, needed_difat) == (fat_count, difat_count):
            return fat_count, difat_count
        fat_count, difat_count = needed_fat, needed_difat


def compound_file(streams: Mapping[str, bytes], *, scatter: bool = False, sector_size: int = SECTOR) -> bytes:
    """A compound file whose root storage holds ``streams``. With ``scatter``, the data sectors
    are laid out in a shuffled order, so that only their chains tell which follows which; a
    ``sector_size`` of 4096 makes a version 4 file."""
    per_sector = sector_size // 4  # sector numbers in an allocation table sector
    names = sorted(streams, key=lambda name: (len(name), name.upper()))  # the directory's order
    mini_fat, mini_stream, mini_starts = _mini_stream(streams, [n for n in names if len(streams[n]) < MINI_CUTOFF])
    entry_count = math.ceil((len(names) + 1) / (sector_size // 128)) * (sector_size // 128)
    contents = {  # what goes into regular sectors, each in its chain
        "directory": b"",  # written once the streams' first sectors are known
        "minifat": struct.pack(f"<{len(mini_fat)}I", *mini_fat),
        "ministream": mini_stream,
        **{name: streams[name] for name in names if name not in mini_starts},
    }
    counts = {key: math.ceil(len(content) / sector_size) for key, content in contents.items()}
    counts["directory"] = entry_count * 128 // sector_size
    fat_count, difat_count = _table_sizes(sum(counts.values()), per_sector)
    total = sum(counts.values()) + fat_count + difat_count
    fat = [FAT_SECTOR] * fat_count + [DIFAT_SECTOR] * difat_count
    fat += [FREE] * (fat_count * per_sector - len(fat))
    free = list(range(fat_count + difat_count, total))
    if scatter:
        random.Random(total).shuffle(free)
    allocated: dict[str, list[int]] = {}
    for key, count in counts.items():
        allocated[key], free = free[:count], free[count:]
        for number, following in zip(allocated[key], allocated[key][1:] + [END_OF_CHAIN]):
            fat[number] = following
    first = {key: numbers[0] if numbers else END_OF_CHAIN for key, numbers in allocated.items()}

    root_child, links = _tree(list(range(1, len(names) + 1)))
    entries = [_directory_entry("Root Entry", ROOT, first["ministream"], len(mini_stream), child=root_child)]
    for number, name in enumerate(names, 1):
        start = mini_starts[name] if name in mini_starts else first[name]
        entries.append(_directory_entry(name, STREAM, start, len(streams[name]), *links[number]))
    contents["directory"] = b"".join(entries + [_directory_entry("", 0, 0, 0)] * (entry_count - len(entries)))
    sectors: dict[int, bytes] = {}
    for key, numbers in allocated.items():
        sectors.update(zip(numbers, _sectors(contents[key], sector_size)))
    fat_sectors, difat_sectors = list(range(fat_count)), list(range(fat_count, fat_count + difat_count))
    sectors.update(zip(fat_sectors, _sectors(struct.pack(f"<{len(fat)}I", *fat), sector_size)))
    listed = fat_sectors[HEADER_DIFAT:]
    for i, number in enumerate(difat_sectors):
        part = listed[i * (per_sector - 1):(i + 1) * (per_sector - 1)]
        part += [FREE] * (per_sector - 1 - len(part))
        following = difat_sectors[i + 1] if i + 1 < len(difat_sectors) else END_OF_CHAIN
        sectors[number] = struct.pack(f"<{per_sector}I", *part, following)

    header = bytearray(sector_size)
    header[:8] = SIGNATURE
    version_4 = sector_size == VERSION_4_SECTOR
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 4 if version_4 else 3, 0xFFFE, 12 if version_4 else 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, counts["directory"] if version_4 else 0, fat_count,
                     first["directory"], 0, MINI_CUTOFF, first["minifat"], counts["minifat"],
                     difat_sectors[0] if difat_sectors else END_OF_CHAIN, difat_count)
    header_difat = fat_sectors[:HEADER_DIFAT] + [FREE] * (HEADER_DIFAT - min(fat_count, HEADER_DIFAT))
    struct.pack_into(f"<{HEADER_DIFAT}I", header, 0x4C, *header_difat)
    return bytes(header) + b"".join(sectors[number] for number in range(total))
