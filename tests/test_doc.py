"""Word 97-2003 (.doc) reports: pieces of both kinds, special characters, fields, tables, the main
text only, both table streams, the mini stream and regular sectors, damaged files refused."""

from __future__ import annotations

import random
import struct
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _tables
from _doc import (FLAG_ENCRYPTED, IN_TABLE, INNER_CELL, INNER_ROW_END, ROW_END, SECTOR, Piece, compound_file, depth,
                  doc_bytes, font_property, paragraphs, table_rows, word_streams)
from summarizer import doc_text as doc_text_module
from summarizer.doc_text import DOC_SUFFIXES, DocError, doc_text
from summarizer.html_text import SOFT_BREAK
from summarizer.office import OfficeFileError, OfficeText

SECTOR_SHIFT_AT, FIRST_DIRECTORY_AT, FIRST_MINI_FAT_AT = 0x1E, 0x30, 0x3C  # in the compound file header
MINI_FAT_COUNT_AT, DIFAT_COUNT_AT = 0x40, 0x48
CCP_TEXT_AT, FC_CLX_AT = 0x4C, 0x1A2
REPORT = (
    "Quảng Trị mở rộng cảng Cửa Việt",
    "Sáng 3/4, đoàn công tác của tỉnh đã đến cảng Cửa Việt.",
    "Dự án có tổng vốn 1.200 tỷ đồng.",
)


def lines(data: bytes) -> tuple[str, ...]:
    document = doc_text(data)
    assert document.title is None
    return document.lines


def u32(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<I", data, offset)[0])


def patched(data: bytes, offset: int, value: int) -> bytes:
    changed = bytearray(data)
    struct.pack_into("<I", changed, offset, value)
    return bytes(changed)


def test_vietnamese_paragraphs_in_utf16_pieces() -> None:
    assert DOC_SUFFIXES == (".doc",)
    assert issubclass(DocError, OfficeFileError)
    document = doc_text(doc_bytes([paragraphs(REPORT[0]), paragraphs(*REPORT[1:])]))
    assert document == OfficeText(title=None, lines=REPORT)


def test_compressed_piece_is_windows_1252_with_undefined_bytes_kept() -> None:
    text = ("Café “Sài Gòn” – 2€…", "Œuvre ™ ‰ \x81\x8d\x8f\x90\x9d.")
    streams = word_streams([Piece(paragraphs(*text), compressed=True)])
    assert b"Caf\xe9 \x93S\xe0i G\xf2n\x94 \x96 2\x80\x85\r\x8c" in streams["WordDocument"]
    assert lines(compound_file(streams)) == text


def test_compressed_and_utf16_pieces_mixed_within_a_paragraph() -> None:
    data = doc_bytes([
        Piece("Hà Nội: ", compressed=False),
        Piece("Gold price at ", compressed=True),
        Piece(paragraphs("80 triệu đồng/lượng"), compressed=False),
        Piece(paragraphs("Second paragraph, all ASCII."), compressed=True),
        paragraphs("Đoạn cuối."),
    ])
    assert lines(data) == (
        "Hà Nội: Gold price at 80 triệu đồng/lượng", "Second paragraph, all ASCII.", "Đoạn cuối.",
    )


def test_breaks_spaces_hyphens_and_control_characters() -> None:
    text = (
        "Dòng một\x0bDòng hai\r"  # a manual line break: a break inside the paragraph, for the loader
        "Trang một\x0cTrang hai\x0eCột hai\r"  # page and column breaks end a paragraph
        "Cột\tA\xa0B, Covid\x1e19, tỉnh\x1fthành\r"  # tab, no-break space, non-breaking and optional hyphens
        "Ảnh\x01 \x08chú thích\x02 ghi\x05 chú\x03\x04\r"  # picture, drawing, note marks
    )
    assert lines(doc_bytes([text])) == (
        "Dòng một" + SOFT_BREAK + "Dòng hai", "Trang một", "Trang hai", "Cột hai",
        "Cột A B, Covid-19, tỉnhthành", "Ảnh chú thích ghi chú",
    )


def test_fields_keep_their_displayed_result_only() -> None:
    text = paragraphs(
        'Xem \x13 HYPERLINK "https://vnexpress.net" \x14VnExpress\x15 để biết thêm.',
        "Trang \x13 PAGE \x142\x15 / \x13 NUMPAGES \x145\x15",
        'Mục lục\x13 XE "chỉ mục" \x15 ẩn.',  # a field without a result shows nothing
        "Lồng \x13 IF \x13 PAGE \x141\x15 = 1 \x14kết quả \x13 DATE \x143/4\x15 hiện\x15.",
        "Dấu thừa\x15 \x14bỏ qua.",  # marks outside a field
    )
    assert lines(doc_bytes([Piece(text[:40]), Piece(text[40:])])) == (
        "Xem VnExpress để biết thêm.",
        "Trang 2 / 5",
        "Mục lục ẩn.",
        "Lồng kết quả 3/4 hiện.",
        "Dấu thừa bỏ qua.",
    )


def with_tables(*parts: str | tuple[str, list[bytes]]) -> tuple[list[str], list[bytes]]:
    """The pieces and the paragraph properties of a document of ``parts``: a string is a
    paragraph outside tables, a pair a table (``table_rows``)."""
    pieces: list[str] = []
    properties: list[bytes] = []
    for part in parts:
        text, grpprls = (paragraphs(part), [b""]) if isinstance(part, str) else part
        pieces.append(text)
        properties += grpprls
    return pieces, properties


def table_lines(*parts: str | tuple[str, list[bytes]], **options: Any) -> tuple[str, ...]:
    """The lines of a document of ``parts`` (see ``with_tables``); ``options`` go to ``doc_bytes``."""
    pieces, properties = with_tables(*parts)
    return lines(doc_bytes(pieces, paragraph_properties=properties, **options))


CAPITAL = table_rows(["Tỉnh", "Vốn (tỷ đồng)"], ["Quảng Trị", "1.200"])


def test_a_row_of_short_cells_is_one_line() -> None:
    assert table_lines("Bảng vốn:", CAPITAL, "Hết bảng.") == (
        "Bảng vốn:", "Tỉnh | Vốn (tỷ đồng)", "Quảng Trị | 1.200", "Hết bảng.",
    )
    # At the start and at the end of the text, and in a compressed piece.
    assert table_lines(CAPITAL) == ("Tỉnh | Vốn (tỷ đồng)", "Quảng Trị | 1.200")
    text, properties = table_rows(["Gold", "80.5"], ["Dollar", "25.400 đồng"])
    data = doc_bytes([Piece(text[:20], compressed=True), text[20:]], paragraph_properties=properties)
    assert lines(data) == ("Gold | 80.5", "Dollar | 25.400 đồng")


def test_an_empty_cell_does_not_end_its_row() -> None:
    # An empty cell is a cell mark alone, the same character as the row end mark after it.
    rows = table_rows(["2", "", "32 phút 40 giây"], ["", "Hà Nội", "25"], ["Huế", "18", ""], ["", "", ""])
    assert table_lines("Kết quả:", rows, "Hết.") == (
        "Kết quả:", "2 | 32 phút 40 giây", "Hà Nội | 25", "Huế | 18", "Hết.")


def test_the_race_report_as_every_reader_gives_it() -> None:
    prose_layout = table_rows(["", *_tables.PROSE])  # one row, two cells of prose: a story set in a table
    nested = ("Ghi chú\x07Cự ly\r10 km\r\r\x07\x07",  # a table inside the row's second cell
              [IN_TABLE, depth(2) + IN_TABLE, depth(2) + IN_TABLE + INNER_CELL,
               depth(2) + IN_TABLE + INNER_CELL + INNER_ROW_END, IN_TABLE, ROW_END])
    pieces, properties = with_tables(
        _tables.TITLE,
        table_rows(["Hạng", "Vận động viên", "Thành tích"],
                   ["1", "Nguyễn Văn Hùng\r(Hà Nội)", "32 phút\x0b15 giây"],  # two paragraphs; two lines
                   ["2", "", "32 phút 40 giây"]),
        prose_layout, table_rows(list(_tables.SCHEDULE)), nested, _tables.CLOSING,
    )
    document = doc_text(doc_bytes(pieces, paragraph_properties=properties, styles=[62] + [0] * (len(properties) - 1)))
    assert document.title == _tables.TITLE
    # The outer row of a nested table keeps its lines; so does the nested row here (as in RTF).
    assert _tables.LINES[-3:] == ("Ghi chú", "Cự ly | 10 km", _tables.CLOSING)
    assert document.lines == (*_tables.LINES[:-3], "Ghi chú", "Cự ly", "10 km", _tables.CLOSING)


def test_a_row_holding_the_title_keeps_its_paragraphs() -> None:
    pieces, properties = with_tables(table_rows(["Giá xăng giảm mạnh", "Số 125"]), "Giá xăng giảm 500 đồng mỗi lít.")
    document = doc_text(doc_bytes(pieces, paragraph_properties=properties, styles=[TITLE, 0, 0, 0]))
    assert (document.title, document.lines) == ("Giá xăng giảm mạnh", ("Số 125", "Giá xăng giảm 500 đồng mỗi lít."))
    # (the title in a cell: its paragraph ends with a cell mark)
    # A table above the title: the title found after it is a line further on.
    pieces, properties = with_tables(CAPITAL, "Vốn đầu tư các tỉnh", "Đoạn cuối.")
    document = doc_text(doc_bytes(pieces, paragraph_properties=properties, styles=[0] * 6 + [TITLE, 0]))
    assert (document.title, document.lines) == (
        "Vốn đầu tư các tỉnh", ("Tỉnh | Vốn (tỷ đồng)", "Quảng Trị | 1.200", "Đoạn cuối."))


def test_without_readable_paragraph_properties_each_cell_is_a_line() -> None:
    text, properties = CAPITAL
    by_cell = ("Bảng vốn:", "Tỉnh", "Vốn (tỷ đồng)", "Quảng Trị", "1.200", "Hết bảng.")
    pieces = [paragraphs("Bảng vốn:"), text, paragraphs("Hết bảng.")]
    assert lines(doc_bytes(pieces)) == by_cell  # no paragraph properties at all
    assert lines(doc_bytes(pieces, styles=[0] * 8)) == by_cell  # none saying where the tables are
    streams = word_streams(pieces, paragraph_properties=[b"", *properties, b""])
    table = bytearray(streams["0Table"])
    struct.pack_into("<I", table, u32(streams["WordDocument"], 0x102) + 8, 0xFFFF)  # the page far outside the stream
    assert lines(compound_file({**streams, "0Table": bytes(table)})) == by_cell
    # A row with a mark its properties do not account for keeps its lines, and the rows after it are read.
    text, properties = table_rows(["Huế", "18"], ["Vinh", "21"], ["Hà Nội", "25"])
    properties[3] = b""  # the second row's first cell mark: not in a table
    assert table_lines((text, properties), "Hết.") == ("Huế | 18", "Vinh", "21", "Hà Nội | 25", "Hết.")


def test_a_row_of_prose_keeps_its_paragraphs() -> None:
    story = ("Sáng 3/4, đoàn công tác của tỉnh đã đến cảng Cửa Việt.\rDự án có tổng vốn 1.200 tỷ đồng.",
             "Ảnh: Cảng Cửa Việt")
    assert table_lines(table_rows(story)) == (
        "Sáng 3/4, đoàn công tác của tỉnh đã đến cảng Cửa Việt.", "Dự án có tổng vốn 1.200 tỷ đồng.", "Ảnh: Cảng Cửa Việt",
    )
    assert table_lines(table_rows(["Tin nhanh", ""], ["Quảng Trị mở rộng cảng Cửa Việt"])) == (  # one non-empty cell
        "Tin nhanh", "Quảng Trị mở rộng cảng Cửa Việt")


def test_rows_deleted_in_tracked_changes() -> None:
    text, properties = table_rows(["Huế", "18"], ["Vinh", "21"], ["Hà Nội", "25"])
    text = "Bảng:\r" + text
    second, third = text.index("Vinh"), text.index("Hà Nội")
    deleted_row = [(second, third, 0x0800)]
    assert table_lines((text, [b"", *properties]), character_runs=deleted_row) == ("Bảng:", "Huế | 18", "Hà Nội | 25")
    # Only a row's end deleted: that row keeps its lines, and so does the one it ran into.
    deleted_mark = [(third - 1, third, 0x0800)]
    assert table_lines((text, [b"", *properties]), character_runs=deleted_mark) == (
        "Bảng:", "Huế | 18", "Vinh", "21", "Hà Nội", "25")


def test_table_properties_among_others_and_in_the_data_stream() -> None:
    # Word puts the row's definition (sprmTDefTable: a 2-byte size, one more than what follows:
    # 268 for 12 columns, read as a 1-byte one it would be 12) and other table properties on the
    # row end mark's paragraph, before or after its flags.
    columns = 12
    edges = struct.pack(f"<{columns + 1}h", *range(0, 1000 * (columns + 1), 1000))
    operand = bytes([columns]) + edges + b"\0" * 20 * columns  # the cells' edges, then their TC80s
    definition = struct.pack("<HH", 0xD608, len(operand) + 1) + operand
    row_end = definition + struct.pack("<HB", 0x2407, 1) + IN_TABLE + depth(1) + struct.pack("<HB", 0x2447, 1)
    text = "Tỉnh\x07Vốn\x07\x07Huế\x0718\x07\x07"
    cell = struct.pack("<HH", 0x4610, 0) + IN_TABLE  # an indent, then the flag
    assert table_lines((text, [cell, cell, row_end, IN_TABLE, IN_TABLE, ROW_END])) == ("Tỉnh | Vốn", "Huế | 18")
    # Properties too large for their page are a PrcData in the Data stream (sprmPHugePapx).
    data = b"\0" * 40 + struct.pack("<h", len(row_end)) + row_end
    huge = struct.pack("<HI", 0x6646, 40)
    assert table_lines((text, [cell, cell, huge, IN_TABLE, IN_TABLE, ROW_END]), data=data) == (
        "Tỉnh | Vốn", "Huế | 18")
    assert table_lines((text, [cell, cell, huge, IN_TABLE, IN_TABLE, ROW_END])) == (  # no Data stream
        "Tỉnh", "Vốn", "Huế", "18")
    assert table_lines((text, [cell, cell, struct.pack("<HI", 0x6646, 4000), IN_TABLE, IN_TABLE, ROW_END]),
                       data=data) == ("Tỉnh", "Vốn", "Huế", "18")  # pointing past its end


def test_many_rows_over_several_pages_of_paragraph_properties() -> None:
    rows = table_rows(*([f"Tỉnh {n}", f"{n}.000 tỷ đồng", "tăng"] for n in range(40)))
    assert table_lines("Vốn các tỉnh:", rows, "Hết bảng.") == (
        "Vốn các tỉnh:", *(f"Tỉnh {n} | {n}.000 tỷ đồng | tăng" for n in range(40)), "Hết bảng.")


def test_footnotes_and_headers_after_the_main_text_are_not_read() -> None:
    main = paragraphs(REPORT[1] + "\x02")
    footnote = paragraphs("\x02 Chú thích cuối trang.")
    header = paragraphs("Báo Quảng Trị - trang đầu") + "\r"
    data = doc_bytes([main, Piece(footnote, compressed=False), header], ccp_text=len(main))
    assert lines(data) == (REPORT[1],)
    # the main text ending inside a piece
    data = doc_bytes([main[:10], main[10:] + footnote], ccp_text=len(main))
    assert lines(data) == (REPORT[1],)


@pytest.mark.parametrize("one_table", [False, True])
def test_table_stream_named_by_the_file_header(one_table: bool) -> None:
    streams = word_streams([paragraphs(*REPORT)], one_table=one_table)
    decoy = "0Table" if one_table else "1Table"
    assert decoy not in streams
    streams[decoy] = b"\xff" * 200  # the other table stream, left by an earlier save
    assert lines(compound_file(streams)) == REPORT


def test_formatting_blocks_before_the_piece_table_are_skipped() -> None:
    data = doc_bytes([paragraphs(*REPORT)], prc=b"\x01\x02" * 7)
    assert lines(data) == REPORT


def test_small_document_lives_in_the_mini_stream() -> None:
    streams = word_streams([paragraphs(REPORT[0])])
    assert all(len(stream) < 4096 for stream in streams.values())
    data = compound_file(streams)
    assert u32(data, MINI_FAT_COUNT_AT) == 1
    assert lines(data) == (REPORT[0],)


def test_large_document_in_scattered_regular_sectors() -> None:
    body = [f"Đoạn {i}: giá vàng hôm nay tăng {i} nghìn đồng." for i in range(300)]
    pieces = [Piece(paragraphs(*body[:150])), Piece(paragraphs(*(f"Paragraph {i}." for i in range(150))), True),
              Piece(paragraphs(*body[150:]))]
    streams = word_streams(pieces, one_table=True)
    assert len(streams["WordDocument"]) > 4096 * 4 and len(streams["1Table"]) < 4096
    data = compound_file(streams, scatter=True)
    assert lines(data) == (*body[:150], *(f"Paragraph {i}." for i in range(150)), *body[150:])


def test_files_with_and_without_difat_sectors() -> None:
    small = doc_bytes([paragraphs(*REPORT)])
    assert u32(small, DIFAT_COUNT_AT) == 0
    assert lines(small) == REPORT
    large = doc_bytes([paragraphs(*REPORT)], padding=7_500_000, scatter=True)  # over 109 FAT sectors
    assert u32(large, DIFAT_COUNT_AT) == 1
    assert lines(large) == REPORT


def test_version_4_file_with_4096_byte_sectors() -> None:
    data = doc_bytes([Piece(paragraphs(*REPORT)), Piece(paragraphs("Gold") * 2000, True)], sector_size=4096)
    assert data[SECTOR_SHIFT_AT] == 12
    assert lines(data) == (*REPORT, *["Gold"] * 2000)


def test_streams_over_the_size_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_text_module, "MAX_STREAM_BYTES", 2000)
    with pytest.raises(DocError, match=r"^WordDocument stream too large \(6264 bytes\)$"):
        doc_text(doc_bytes([paragraphs(*REPORT)], padding=5000))


def test_not_a_word_document() -> None:
    with pytest.raises(DocError, match=r"^not a Word document \(not a compound file\)$"):
        doc_text(b"PK\x03\x04 a .docx renamed")
    with pytest.raises(DocError, match=r"^not a Word document \(no WordDocument stream\)$"):
        doc_text(compound_file({"Workbook": b"\0" * 100}))
    with pytest.raises(DocError, match=r"^not a Word document \(no Word file header\)$"):
        doc_text(compound_file({"WordDocument": b"\0" * 600, "0Table": b""}))


def test_encrypted_and_word95_documents_are_refused() -> None:
    with pytest.raises(DocError, match=r"^encrypted Word document$"):
        doc_text(doc_bytes([paragraphs(*REPORT)], flags=FLAG_ENCRYPTED))
    with pytest.raises(DocError, match=r"^Word 6\.0/95 document"):
        doc_text(doc_bytes([paragraphs(*REPORT)], nfib=0x0065))


def test_document_without_text() -> None:
    with pytest.raises(DocError, match=r"^no text in the Word document$"):
        doc_text(doc_bytes(["\r\x01\r\x13 PAGE \x15\r \t\r"]))


def test_damaged_compound_files() -> None:
    data = doc_bytes([paragraphs(*REPORT)])
    directory = u32(data, FIRST_DIRECTORY_AT)
    with pytest.raises(DocError, match=r"^damaged compound file \(directory: sector chain loops\)$"):
        doc_text(patched(data, SECTOR + 4 * directory, directory))  # the FAT is sector 0
    with pytest.raises(DocError, match=r"^damaged compound file \(directory: sector 100000 out of range\)$"):
        doc_text(patched(data, FIRST_DIRECTORY_AT, 100_000))
    mini_fat = (u32(data, FIRST_MINI_FAT_AT) + 1) * SECTOR
    with pytest.raises(DocError, match=r"^damaged compound file \(WordDocument: sector chain loops\)$"):
        doc_text(patched(data, mini_fat + 4, 1))  # mini sector 1, the second of WordDocument's, to itself
    with pytest.raises(DocError, match=r"^damaged compound file \(WordDocument stream truncated\)$"):
        doc_text(patched(data, mini_fat + 4 * 5, 0xFFFFFFFE))


def test_damaged_piece_tables() -> None:
    streams = word_streams([paragraphs(*REPORT)])
    word = streams["WordDocument"]
    streams["WordDocument"] = patched(word, FC_CLX_AT, 1000)
    with pytest.raises(DocError, match=r"^damaged piece table \(outside the table stream\)$"):
        doc_text(compound_file(streams))
    streams["WordDocument"] = patched(word, FC_CLX_AT, 0)  # the Clx is at 16
    with pytest.raises(DocError, match=r"^damaged piece table \(no piece descriptors\)$"):
        doc_text(compound_file(streams))
    streams["WordDocument"] = patched(word, FC_CLX_AT + 4, 0)
    with pytest.raises(DocError, match=r"^damaged piece table \(none\)$"):
        doc_text(compound_file(streams))
    streams["WordDocument"] = patched(word, CCP_TEXT_AT, 0xFFFFFFFF)
    with pytest.raises(DocError, match=r"^damaged Word document \(text length -1\)$"):
        doc_text(compound_file(streams))
    streams["WordDocument"] = word[:0x440]  # the text cut short
    with pytest.raises(DocError, match=r"^damaged piece table \(piece at 0x400 outside the WordDocument "):
        doc_text(compound_file(streams))


def test_truncated_and_corrupted_files_fail_only_with_doc_error() -> None:
    data = doc_bytes([Piece(paragraphs("Giá vàng")), Piece(paragraphs("Gold"), True), paragraphs(*REPORT)],
                     styles=[0, 62, 0, 0, 0], character_runs=[(2, 5, 0x0800)])  # so their pages get damaged too
    outcomes = set()
    for size in range(0, len(data), 97):
        outcomes.add(_outcome(data[:size]))
    rng = random.Random(7)
    for _ in range(1500):
        changed = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            changed[rng.randrange(len(changed))] = rng.randrange(256)
        outcomes.add(_outcome(bytes(changed)))
    assert {"read", "refused"} <= outcomes


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.integers(0, 3583))
def test_random_bytes_fail_only_with_doc_error(noise: bytes, at: int) -> None:
    data = doc_bytes([paragraphs(*REPORT)], styles=[62, 0, 0])
    _outcome(data[:at] + noise + data[at + len(noise):])
    _outcome(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise)


def test_corrupted_table_properties_fail_only_with_doc_error() -> None:
    pieces, properties = with_tables(REPORT[0], CAPITAL, REPORT[1])
    properties[3] = struct.pack("<HI", 0x6646, 2) + ROW_END  # huge properties, in a Data stream
    data = doc_bytes(pieces, paragraph_properties=properties, data=b"\0\0\x03\0" + IN_TABLE)
    assert lines(data) == (REPORT[0], "Tỉnh | Vốn (tỷ đồng)", "Quảng Trị | 1.200", REPORT[1])
    rng = random.Random(11)
    outcomes = set()
    for _ in range(800):
        changed = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            changed[rng.randrange(len(changed))] = rng.randrange(256)
        outcomes.add(_outcome(bytes(changed)))
    assert {"read", "refused"} <= outcomes


def _outcome(data: bytes) -> str:
    try:
        doc_text(data)
    except DocError as exc:
        assert str(exc) and "\n" not in str(exc)
        return "refused"
    return "read"


def _tcvn3_codes() -> dict[str, bytes]:
    """Each letter's TCVN3 code (one byte)."""
    from summarizer.vncharsets import decode_tcvn3

    return {decode_tcvn3(bytes([b])): bytes([b]) for b in range(0x80, 0x100)}


def _typed_in(font_codes: dict[str, bytes], text: str) -> str:
    """``text`` as a legacy font stores it: each letter's code as Windows-1252 characters."""
    return "".join(font_codes[c].decode("cp1252") if c in font_codes else c for c in text)


def test_text_in_a_legacy_vietnamese_font_is_decoded() -> None:
    # A document typed in .VnTime keeps TCVN3 codes, which Word stores as Windows-1252 characters.
    as_typed = [_typed_in(_tcvn3_codes(), text) for text in REPORT]
    document = doc_text(doc_bytes([Piece(paragraphs(*as_typed), compressed=True)]))
    assert (document.lines, document.encoding) == (REPORT, "tcvn3")
    assert doc_text(doc_bytes([paragraphs(*REPORT)])).encoding is None


def test_doc_reports_load_with_the_first_line_as_title(tmp_path) -> None:
    from summarizer.documents import load_folder

    (tmp_path / "a.doc").write_bytes(doc_bytes([Piece(paragraphs("Test"), compressed=True), paragraphs(*REPORT)]))
    (tmp_path / "b.doc").write_bytes(b"not a compound file")
    loaded = load_folder(tmp_path)
    (report,) = loaded.reports
    assert (report.title, report.body.split("\n"), report.encoding) == ("Test", list(REPORT), "doc")
    assert [(s.file, s.reason) for s in loaded.skipped] == [("b.doc", "not a Word document (not a compound file)")]


TITLE, HEADING = 62, 1  # built-in style identifiers


def test_the_title_style_gives_the_title_and_leaves_the_body() -> None:
    document = doc_text(doc_bytes([paragraphs("Tin nhanh", *REPORT)], styles=[0, TITLE, 0, 0]))
    assert (document.title, document.lines) == (REPORT[0], ("Tin nhanh", *REPORT[1:]))
    # In pieces of both kinds, with a line break inside the title.
    pieces = [Piece(paragraphs("Tin nhanh"), compressed=True), "Quảng Trị mở rộng\x0bcảng Cửa Việt\r",
              Piece(paragraphs("Sáng 3/4, đoàn đã đến cảng."), compressed=False)]
    document = doc_text(doc_bytes(pieces, styles=[0, TITLE, 0]))
    assert (document.title, document.lines) == ("Quảng Trị mở rộng cảng Cửa Việt", ("Tin nhanh", "Sáng 3/4, đoàn đã đến cảng."))


def test_heading_one_is_the_title_when_no_paragraph_is_in_the_title_style() -> None:
    assert doc_text(doc_bytes([paragraphs(*REPORT)], styles=[HEADING, 0, 0])).title == REPORT[0]
    assert doc_text(doc_bytes([paragraphs("Tin nhanh", *REPORT)], styles=[HEADING, TITLE, 0, 0])).title == REPORT[0]
    # An empty Title paragraph (a picture, a blank line) is passed over.
    assert doc_text(doc_bytes([paragraphs("\x01", *REPORT)], styles=[TITLE, HEADING, 0, 0])).title == REPORT[0]
    assert doc_text(doc_bytes([paragraphs(*REPORT)], styles=[0, 0, 0])).title is None


def test_styles_over_several_pages_of_paragraph_properties() -> None:
    body = [f"Đoạn thứ {n} của bài." for n in range(45)]
    texts = body[:30] + ["Tiêu đề ở đoạn 31"] + body[30:]
    document = doc_text(doc_bytes([paragraphs(*texts)], styles=[0] * 30 + [TITLE] + [0] * 15))
    assert (document.title, document.lines) == ("Tiêu đề ở đoạn 31", tuple(body))


def test_unreadable_paragraph_properties_leave_the_title_to_the_loader() -> None:
    streams = word_streams([paragraphs(*REPORT)], styles=[TITLE, 0, 0])
    word = bytearray(streams["WordDocument"])
    fc_bins = u32(bytes(word), 0x102)
    table = bytearray(streams["0Table"])
    struct.pack_into("<I", table, fc_bins + 8, 0xFFFF)  # the first page number, far outside the stream
    document = doc_text(compound_file({"WordDocument": bytes(word), "0Table": bytes(table)}))
    assert (document.title, document.lines) == (None, REPORT)


DELETED, HIDDEN = 0x0800, 0x083C  # character properties: a deletion in tracked changes, hidden text


def test_deleted_revisions_and_hidden_text_are_left_out() -> None:
    text = paragraphs("Giá xăng giảm mạnh từ chiều nay.", "Đoạn đã xóa khi biên tập.", "Giá dầu tăng nhẹ.")
    deleted_word = text.index("mạnh")
    removed_paragraph = text.index("Đoạn")
    hidden = text.index(" nhẹ")
    runs = [(deleted_word, deleted_word + len("mạnh "), DELETED),
            (removed_paragraph, removed_paragraph + len("Đoạn đã xóa khi biên tập.\r"), DELETED),
            (hidden, hidden + len(" nhẹ"), HIDDEN)]
    assert lines(doc_bytes([text], character_runs=runs)) == ("Giá xăng giảm từ chiều nay.", "Giá dầu tăng.")
    # In a compressed piece, with the title style, over several pages of properties.
    plain = paragraphs(*(f"Line {n} kept, word{n} gone." for n in range(30)))
    runs = [(plain.index(f"word{n} "), plain.index(f"word{n} ") + len(f"word{n} "), DELETED) for n in range(30)]
    document = doc_text(doc_bytes([Piece(plain, compressed=True)], character_runs=runs, styles=[TITLE] + [0] * 29))
    assert (document.title, document.lines[-1]) == ("Line 0 kept, gone.", "Line 29 kept, gone.")


def test_character_properties_are_walked_by_their_operand_sizes() -> None:
    from summarizer.doc_text import _character_properties as properties

    font, variable = struct.pack("<HH", 0x4A4F, 3), struct.pack("<HB3s", 0xCA62, 3, b"\x08\x00\x00")
    assert properties(font + variable + struct.pack("<HB", DELETED, 0x01)) == (True, 3)
    assert properties(struct.pack("<HB", 0x0835, 1) + struct.pack("<HB", HIDDEN, 0x81)) == (True, None)  # bold, hidden
    assert properties(font + struct.pack("<HB", DELETED, 0x00)) == (False, 3)  # switched off
    assert properties(font + struct.pack("<HB", DELETED, 0x80)) == (False, 3)  # as the style: off
    assert properties(struct.pack("<HI", 0x6A03, DELETED)) == (False, None)  # 0x0800 inside a 4-byte operand
    assert properties(font + struct.pack("<HH", 0x4A51, 5)) == (False, 5)  # the high-ANSI characters' font
    assert properties(font[:3]) == (False, None) and properties(b"") == (False, None)



def test_runs_in_a_legacy_font_are_decoded_by_their_font() -> None:
    from summarizer.vncharsets import decode_vni

    vni: dict[str, bytes] = {}  # each letter's VNI code: a letter and a mark byte where there is one
    for code in [bytes([a, b]) for a in range(0x20, 0x100) for b in range(0x80, 0x100)] + [bytes([b]) for b in range(0x80, 0x100)]:
        letter = unicodedata.normalize("NFC", decode_vni(code))
        if len(letter) == 1 and not letter.isascii():
            vni.setdefault(letter, code)
    before = "Thủ tướng Thụy Điển Stefan L"
    after = "fven đã đến Hà Nội."
    typed = _typed_in(vni, before) + "ö" + _typed_in(vni, after) + "\r"
    at = len(_typed_in(vni, before))  # the ö, typed in Arial
    runs = [(0, at, font_property(1)), (at, at + 1, font_property(0)), (at + 1, len(typed), font_property(1))]
    document = doc_text(doc_bytes([Piece(typed, compressed=True)], character_runs=runs, fonts=["Arial", "VNI-Times"]))
    assert (document.lines, document.encoding) == ((before + "ö" + after,), "vni")
    # A word in .VnTime inside a line typed in a Unicode font.
    word = _typed_in(_tcvn3_codes(), "phố cổ")
    text = f"Hội An là {word} đẹp.\r"
    runs = [(text.index(word), text.index(word) + len(word), font_property(2, other=False))]
    document = doc_text(doc_bytes([text], character_runs=runs, fonts=["Arial", "Times New Roman", ".VnTime"]))
    assert (document.lines, document.encoding) == (("Hội An là phố cổ đẹp.",), "tcvn3")
