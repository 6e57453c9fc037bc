"""A manual line break (Shift+Enter, 0x0B in the text) in a Word 97-2003 (.doc) report reaches the
loader as ``SOFT_BREAK``, as ``w:br`` does from a ``.docx``: a sentence an author broke mid-way
runs on when the text after the break goes on in lower case, every other break stays a line
break; in a table row read as one line a cell's breaks separate its lines, and a row that keeps
its cells' paragraphs keeps its breaks for the loader too. The .doc files are built with the
tests' builder (``tests/_doc.py``)."""

from __future__ import annotations

from _doc import IN_TABLE, ROW_END, Piece, doc_bytes, paragraphs, table_rows
from test_doc import _tcvn3_codes, _typed_in, with_tables
from test_formats import _APART, _APART_BODY, _BREAK_TITLE, _RUN_ON, _RUN_ON_BODY, Block

from summarizer.doc_text import doc_text
from summarizer.documents import Report, TextReport, load_texts
from summarizer.html_text import SOFT_BREAK
from summarizer.sentences import split_sentences

TITLE, NORMAL = 62, 0  # built-in style identifiers
BREAK = "\x0b"  # Word's manual line break in the document text


def load_texts_of(data: bytes) -> Report:
    """The report the loader reads from the .doc file ``data``; no soft break is left in it."""
    (report,) = load_texts([TextReport("a.doc", data)]).reports
    assert SOFT_BREAK not in report.body + (report.title or "") + "".join(report.credits)
    return report


def _doc_file(blocks: list[Block]) -> bytes:
    """The blocks of ``test_formats`` (a paragraph's lines after manual line breaks; a heading
    and list items as paragraphs of their own) under a Title-styled headline."""
    texts = [_BREAK_TITLE] + [
        text for kind, lines in blocks for text in ([BREAK.join(lines)] if kind == "p" else list(lines))
    ]
    return doc_bytes([paragraphs(*texts)], styles=[TITLE] + [NORMAL] * (len(texts) - 1))


# -- the main text ---------------------------------------------------------------------------------


def test_the_reader_gives_a_manual_line_break_as_a_soft_break() -> None:
    text = paragraphs("Người dân phải đi vòng gần 4 km" + BREAK + "qua cầu Cẩm Lệ.", "Đoạn hai.")
    assert doc_text(doc_bytes([text])).lines == (
        "Người dân phải đi vòng gần 4 km" + SOFT_BREAK + "qua cầu Cẩm Lệ.", "Đoạn hai.")
    text = paragraphs("Gold price at" + BREAK + "80.5 million dong", "Café “Sài Gòn”.")  # a one-byte piece
    assert doc_text(doc_bytes([Piece(text, compressed=True)])).lines == (
        "Gold price at" + SOFT_BREAK + "80.5 million dong", "Café “Sài Gòn”.")


def test_a_sentence_broken_by_a_manual_line_break_is_one_sentence() -> None:
    # The same documents as every other rich format's (test_formats).
    report = load_texts_of(_doc_file(_RUN_ON))
    assert report.title == _BREAK_TITLE
    assert report.body.split("\n") == _RUN_ON_BODY
    assert split_sentences(report.body) == _RUN_ON_BODY


def test_manual_line_breaks_that_are_no_sentence_going_on_stay_apart() -> None:
    report = load_texts_of(_doc_file(_APART))
    assert report.title == _BREAK_TITLE
    assert report.body.split("\n") == _APART_BODY


def test_breaks_in_a_row_at_the_ends_and_in_pieces_of_both_kinds() -> None:
    # Before a capital, after a sentence's end or a colon, two in a row: a line break; at a
    # paragraph's start or end: gone; before lower case: a space, also across pieces.
    report = load_texts_of(doc_bytes([
        paragraphs("Giá xăng giảm mạnh"),
        Piece("Sau 15 gio chieu nay, gia xang RON 95" + BREAK, compressed=True),
        "giảm 500 đồng mỗi lít." + BREAK + "Giá dầu diesel giữ nguyên.\r",
        paragraphs(BREAK + "Liên bộ Công Thương - Tài chính" + BREAK + "Số 54 Hai Bà Trưng, Hà Nội." + BREAK),
        paragraphs("Các mặt hàng gồm:" + BREAK + "xăng E5, dầu hỏa" + BREAK + BREAK + "dầu mazut."),
    ]))
    assert report.title == "Giá xăng giảm mạnh"
    assert report.body.split("\n") == [
        "Sau 15 gio chieu nay, gia xang RON 95 giảm 500 đồng mỗi lít.",
        "Giá dầu diesel giữ nguyên.",
        "Liên bộ Công Thương - Tài chính",
        "Số 54 Hai Bà Trưng, Hà Nội.",
        "Các mặt hàng gồm:",
        "xăng E5, dầu hỏa",
        "dầu mazut.",
    ]


def test_a_manual_line_break_in_the_title_is_a_space() -> None:
    # The title is one line, whatever follows the break (as the .doc reader gave it before).
    for headline, title in (("Đà Nẵng khánh thành" + BREAK + "cầu đi bộ Hoà Xuân", "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"),
                            ("Đà Nẵng:" + BREAK + "Khánh thành cầu Hoà Xuân", "Đà Nẵng: Khánh thành cầu Hoà Xuân")):
        data = doc_bytes([paragraphs(headline, "Sáng 14/6, thành phố khánh thành cầu.")], styles=[TITLE, NORMAL])
        assert doc_text(data).title == title
        report = load_texts_of(data)
        assert (report.title, report.body) == (title, "Sáng 14/6, thành phố khánh thành cầu.")


def test_a_manual_line_break_in_text_typed_in_a_legacy_font() -> None:
    # A .VnTime document without the runs' fonts: the glyphs are judged, then the break resolved.
    codes = _tcvn3_codes()
    typed = [_typed_in(codes, "Người dân phải đi vòng gần 4 km") + BREAK + _typed_in(codes, "qua cầu Cẩm Lệ để sang sông."),
             _typed_in(codes, "Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng.")]
    data = doc_bytes([Piece(paragraphs(_typed_in(codes, "Khánh thành cầu Hoà Xuân"), *typed), compressed=True)])
    report = load_texts_of(data)
    assert (report.encoding, report.title) == ("doc+tcvn3", "Khánh thành cầu Hoà Xuân")
    assert report.body.split("\n") == ["Người dân phải đi vòng gần 4 km qua cầu Cẩm Lệ để sang sông.",
                                        "Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng."]


# -- table cells -----------------------------------------------------------------------------------


def test_a_break_in_a_cell_of_a_row_read_as_one_line_separates_the_cell_lines() -> None:
    # As a cell's paragraphs do, and as a w:br in a .docx cell does: joined by a space in the row.
    pieces, properties = with_tables(
        "Kết quả:",
        table_rows(["1", "Nguyễn Văn Hùng" + BREAK + "(Hà Nội)", "32 phút" + BREAK + "15 giây"],
                   ["2", "Trần Minh\r" + BREAK + "(Huế)" + BREAK, "32 phút 40 giây"]),
        "Hết.",
    )
    document = doc_text(doc_bytes(pieces, paragraph_properties=properties))
    assert document.lines == ("Kết quả:", "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
                              "2 | Trần Minh (Huế) | 32 phút 40 giây", "Hết.")
    # A cell whose line before a break is a sentence holds prose: the row keeps its lines.
    pieces, properties = with_tables(table_rows(["Ghi chú", "Vận động viên về đích đúng giờ." + BREAK + "Xem thêm"]))
    assert doc_text(doc_bytes(pieces, paragraph_properties=properties)).lines == (
        "Ghi chú", "Vận động viên về đích đúng giờ." + SOFT_BREAK + "Xem thêm")


def test_a_row_that_keeps_its_paragraphs_keeps_its_breaks_for_the_loader() -> None:
    # A story laid out in a table: a cell's manual breaks are resolved as elsewhere, while the
    # ends of its paragraphs stay line ends even before lower case.
    story = ("Sáng 9/3, hơn 2.000 vận động viên chạy quanh" + BREAK + "hồ Tây trong giải việt dã thường niên.\r"
             "ban tổ chức cho biết thời tiết mát mẻ." + BREAK + "Nhiều người lập thành tích tốt.",
             "Ảnh: Vận động viên xuất phát")
    pieces, properties = with_tables("Giải chạy Hồ Tây", table_rows(story))
    document = doc_text(doc_bytes(pieces, paragraph_properties=properties))
    assert document.lines == (
        "Giải chạy Hồ Tây",
        "Sáng 9/3, hơn 2.000 vận động viên chạy quanh" + SOFT_BREAK + "hồ Tây trong giải việt dã thường niên.",
        "ban tổ chức cho biết thời tiết mát mẻ." + SOFT_BREAK + "Nhiều người lập thành tích tốt.",
        "Ảnh: Vận động viên xuất phát",
    )
    report = load_texts_of(doc_bytes(pieces, paragraph_properties=properties))
    assert report.title == "Giải chạy Hồ Tây"
    assert report.body.split("\n") == [
        "Sáng 9/3, hơn 2.000 vận động viên chạy quanh hồ Tây trong giải việt dã thường niên.",
        "ban tổ chức cho biết thời tiết mát mẻ.",
        "Nhiều người lập thành tích tốt.",
    ]  # (the caption "Ảnh: ..." goes to the credits)
    assert report.credits == ("Ảnh: Vận động viên xuất phát",)


def test_a_break_in_a_cell_without_readable_table_properties() -> None:
    # Each cell is a paragraph: its break is a soft break like any other.
    text, _ = table_rows(["Người dân phải đi vòng gần 4 km" + BREAK + "qua cầu Cẩm Lệ.", "Tỉnh" + BREAK + "Quảng Nam"])
    document = doc_text(doc_bytes([paragraphs("Cầu Hoà Xuân"), text]))
    assert document.lines == ("Cầu Hoà Xuân", "Người dân phải đi vòng gần 4 km" + SOFT_BREAK + "qua cầu Cẩm Lệ.",
                              "Tỉnh" + SOFT_BREAK + "Quảng Nam")


def test_a_table_row_ending_in_the_middle_of_a_broken_sentence_keeps_its_marks() -> None:
    # The row end mark's paragraph after a cell ending in a break: the row is still one line.
    text = "Vốn" + BREAK + "\x07" + "1.200" + BREAK + "tỷ đồng\x07\x07"
    document = doc_text(doc_bytes([paragraphs("Bảng vốn:"), text, paragraphs("Hết.")],
                                  paragraph_properties=[b"", IN_TABLE, IN_TABLE, ROW_END, b""]))
    assert document.lines == ("Bảng vốn:", "Vốn | 1.200 tỷ đồng", "Hết.")
