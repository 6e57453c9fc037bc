"""Rich Text Format (.rtf) reports: characters in every code page, paragraphs, the title style,
what is not text, legacy Vietnamese fonts, broken files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.documents import load_folder
from summarizer.html_text import SOFT_BREAK
from summarizer.rtf_text import RtfError, rtf_text
from summarizer.vncharsets import decode_tcvn3, decode_vni

HEAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0"
    r"{\fonttbl{\f0\froman\fcharset0{\*\panose 02020603050405020304}Times New Roman;}"
    r"{\f1\fswiss\fcharset163 Arial;}{\f2\fnil\fcharset0 .VnTime;}{\f3\fnil\fcharset0 VNI-Times;}}"
    r"{\colortbl;\red0\green0\blue0;}"
    r"{\stylesheet{\ql Normal;}{\s1\ql\outlinelevel0\sbasedon0\snext0 heading 1;}{\s15\qc\snext0 Title;}"
    r"{\*\cs10\additive Default Paragraph Font;}}"
    r"{\info{\title Mẫu công văn}{\author Phóng viên}}"
    "\n"
)


def rtf(body: str, head: str = HEAD) -> bytes:
    """The document: ``head``, ``body`` and the closing brace, non-ASCII characters escaped."""
    return escape(head + body + "}").encode("ascii")


def escape(text: str) -> str:
    """Every non-ASCII character as Word writes it: \\uN with a '?' fallback."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)


def legacy_bytes(text: str, decode) -> str:
    """``text`` as \\'hh escapes in a one-byte legacy encoding (the inverse of ``decode``)."""
    table = {decode(bytes([b])): b for b in range(128, 256)}
    return "".join(c if ord(c) < 128 else f"\\'{table[c]:02x}" for c in text)


def nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text is not None else None


def test_a_word_document_title_paragraphs_and_what_is_not_text() -> None:
    body = (
        r"{\header\pard Báo Mới - trang 1\par}{\footer\pard Trang 2\par}"
        r"\pard\plain\s15\qc Đà Nẵng khánh thành cầu Hòa Xuân\par"
        r"\pard\plain Sáng 14/6, thành phố{\*\bkmkstart _GoBack}{\*\bkmkend _GoBack}"
        r" {\field{\*\fldinst HYPERLINK \"http://x.vn\"}{\fldrslt Đà Nẵng}}"
        r" khánh thành cầu{\v  ẩn}{\footnote\pard chú thích\par}.\par"
        r"\pard Ông Minh nói: \ldblquote Cầu rất đẹp\rdblquote\emdash hết.\line "
        r"Dòng mới\tab sau tab.\par"
        r"\trowd\cellx1000\cellx2000 Ô một\cell Ô hai\cell\row"
        r"{\*\themedata 0123abcd}{\pict\pngblip 89504e47}\pard Hết bài.\par"
    )
    document = rtf_text(rtf(body))
    assert nfc(document.title) == "Đà Nẵng khánh thành cầu Hòa Xuân"
    assert [nfc(line) for line in document.lines] == [
        "Sáng 14/6, thành phố Đà Nẵng khánh thành cầu.",
        "Ông Minh nói: \u201cCầu rất đẹp\u201d\u2014hết." + SOFT_BREAK + "Dòng mới sau tab.",  # a \line
        "Ô một | Ô hai",
        "Hết bài.",
    ]
    assert document.encoding is None


def test_code_pages_from_the_font_charset_the_font_cpg_and_the_document() -> None:
    head = (
        r"{\rtf1\ansi\ansicpg1258\deff0"
        r"{\fonttbl\f0\fnil Arial;\f1\fnil\fcharset204 Arial Cyr;\f2\fnil\fcpg1252 Courier;}"  # no entry groups
    )
    body = r"\'d0\'e0 N\'e3\'deng\par {\f1 \'cc\'ee\'f1\'ea\'e2\'e0}\par {\f2 caf\'e9}\par"
    document = rtf_text(rtf(body, head))
    assert document.title is None
    assert [nfc(line) for line in document.lines] == ["Đà Nẵng", "Москва", "café"]


def test_legacy_vietnamese_fonts_are_decoded_by_their_encoding() -> None:
    tcvn3 = legacy_bytes("Đà Nẵng khánh thành cầu mới", decode_tcvn3)
    vni = r"Vie\'e4t Nam v\'e0 Ha\'f8n Quo\'e1c"  # VNI: a letter, then its marks as a second byte
    document = rtf_text(rtf(rf"\pard {{\f2 {tcvn3}}}\par\pard {{\f3 {vni}}}\par"))
    assert document.lines == ("Đà Nẵng khánh thành cầu mới", decode_vni(b"Vie\xe4t Nam v\xe0 Ha\xf8n Quo\xe1c"))
    assert document.lines[1] == "Việt Nam và Hàn Quốc"
    assert document.encoding == "tcvn3+vni"


def test_unicode_fallbacks_surrogates_and_binary_data() -> None:
    body = (
        r"\pard\uc2 Qu\u7843?? \uc0 tr\u7883 \par"  # two fallback characters, then none
        r"\pard\uc1 Vui \u-10179?\u-8704? l\u7855 ?m.\par"  # a surrogate pair; a delimiter space, then ?
        r"\pard {\*\blipuid 1}{\pict\bin4 }{}\}Hai.\par"  # \bin data may hold braces
    )
    document = rtf_text(rtf(body))
    assert document.lines == ("Quả trị", "Vui \U0001f600 lắm.", "Hai.")


def test_deleted_revisions_and_hidden_text_are_left_out() -> None:
    body = (r"\pard Giá xăng giảm {\deleted\revauthdel1 mạnh }{\revised nhẹ }từ chiều nay"
            r"{\v  (ghi chú)}{\deleted\v0  vẫn xóa}\deleted  xóa\deleted0 .\par")
    assert [nfc(line) for line in rtf_text(rtf(body)).lines] == ["Giá xăng giảm nhẹ từ chiều nay."]


def test_heading_one_is_the_title_when_no_paragraph_is_styled_title() -> None:
    body = r"\pard\s1 " + escape("Hà Nội mưa lớn") + r"\par\pard " + escape("Đường ngập sâu.") + r"\par"
    document = rtf_text(rtf(body))
    assert (nfc(document.title), document.lines) == ("Hà Nội mưa lớn", ("Đường ngập sâu.",))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Just text, not RTF.", "not an RTF document"),
        (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\info{\title T}}\pard\par}", "no text in the RTF document"),
        (b"{\\rtf1 " + b"{" * 20_000 + b"x", "nested over 10000 deep"),
    ],
)
def test_what_is_not_an_rtf_report_is_refused_with_the_reason(data: bytes, message: str) -> None:
    with pytest.raises(RtfError, match=message):
        rtf_text(data)


def test_unbalanced_braces_still_read() -> None:
    assert rtf_text(rb"{\rtf1\ansi \pard One.\par}} Two.\par").lines == ("One.", "Two.")
    assert rtf_text(rb"{\rtf1\ansi {\b Bold text.\par").lines == ("Bold text.",)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=400))
def test_damaged_documents_raise_only_the_readers_error(noise: bytes, cut: int) -> None:
    data = rtf(r"\pard " + escape("Đà Nẵng") + r" {\f2 \'b8c}\par") + noise
    try:
        document = rtf_text(data[: len(data) - cut] + noise)
    except RtfError as exc:  # refused: the message is the loader's one-line skip reason
        assert str(exc) and "\n" not in str(exc)
    else:
        assert all(line and line == line.strip() for line in document.lines)


def test_rtf_reports_load_with_their_title_and_encoding(tmp_path: Path) -> None:
    body = (r"\pard\s15 Cầu Hòa Xuân thông xe\par"
            r"\pard Sáng 14/6, cầu Hòa Xuân qua sông Cẩm Lệ chính thức thông xe.\par")
    (tmp_path / "a.rtf").write_bytes(rtf(body))
    tcvn3 = legacy_bytes("Cầu mới thông xe", decode_tcvn3)
    text = legacy_bytes("Sáng nay, cầu Hòa Xuân đã thông xe sau hai năm thi công.", decode_tcvn3)
    (tmp_path / "b.rtf").write_bytes(rtf(rf"\pard{{\f2 {tcvn3}\par {text}}}\par"))
    loaded = load_folder(tmp_path)
    a, b = loaded.reports
    assert (a.title, a.body, a.encoding) == (
        "Cầu Hòa Xuân thông xe", "Sáng 14/6, cầu Hòa Xuân qua sông Cẩm Lệ chính thức thông xe.", "rtf")
    assert (b.title, b.body, b.encoding) == (
        "Cầu mới thông xe", "Sáng nay, cầu Hòa Xuân đã thông xe sau hai năm thi công.", "rtf+tcvn3")


def test_stray_html_tags_in_an_office_document_go_as_in_a_text_file(tmp_path: Path) -> None:
    line = "Sáng 14/6, <strong>cầu Hòa Xuân</strong> chính thức thông xe."
    (tmp_path / "a.rtf").write_bytes(rtf(rf"\pard\s15 Cầu Hòa Xuân thông xe\par\pard {line}\par"))
    (tmp_path / "b.txt").write_text(f"Cầu Hòa Xuân thông xe\n{line}\n", encoding="utf-8")
    a, b = load_folder(tmp_path).reports
    assert a.body == b.body == "Sáng 14/6, cầu Hòa Xuân chính thức thông xe."


def test_rtf_or_a_web_page_saved_under_a_word_name_is_read_as_what_it_is(tmp_path: Path) -> None:
    # web tools and an old Word "Save as" name RTF and HTML ".doc"; Word opens them by their content
    body = r"{\s15\qc Hà Nội mở tuyến buýt điện\par}{\pard Sáng 3/6, Hà Nội khai trương tuyến buýt điện số 12.\par}"
    (tmp_path / "a.doc").write_bytes(rtf(body))
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>Buýt điện số 12 chở khách</h1>"
            "<p>Tuyến buýt điện số 12 bắt đầu chở khách từ sáng 3/6 ở Hà Nội.</p></body></html>")
    (tmp_path / "b.docx").write_bytes(page.encode("utf-8"))
    loaded = load_folder(tmp_path)
    assert [(r.file, r.encoding, r.title) for r in loaded.reports] == [
        ("a.doc", "rtf", "Hà Nội mở tuyến buýt điện"), ("b.docx", "utf-8", "Buýt điện số 12 chở khách")]
    assert not loaded.skipped


def rtf_row(*cells: str) -> str:
    """A table row as Word writes it: each cell's paragraphs marked \\intbl, the row's
    properties again in a group with \\row."""
    props = r"\trowd\trgaph108\cellx2000\cellx5000\cellx8000 "
    body = "".join(rf"\pard\intbl {cell}\cell " for cell in cells)
    return props + body + r"{" + props + r"\row}"


def test_a_row_of_short_cells_is_one_line_and_a_table_laying_out_prose_keeps_its_paragraphs() -> None:
    prose = ("Sáng 9/3, hơn 2.000 vận động viên chạy quanh Hồ Tây trong giải việt dã thường niên.",
             "Ban tổ chức cho biết thời tiết mát mẻ giúp nhiều người lập thành tích tốt.")
    body = (
        r"\pard\plain\s15 Kết quả giải chạy Hồ Tây\par"
        r"\pard Ban tổ chức công bố kết quả như sau:\par"
        + rtf_row("Hạng", "Vận động viên", "Thành tích")
        # a cell of two paragraphs (a \par in the cell), and of two lines; an empty cell goes
        + rtf_row("1", r"Nguyễn Văn Hùng\par (Hà Nội)", r"32 phút\line 15 giây")
        + rtf_row("2", "", "32 phút 40 giây")
        + rtf_row("", rf"{prose[0]}\par {prose[1]}")  # one non-empty cell: a story set in a table
        + rtf_row("8h", "Đoàn vận động viên xuất phát từ Nhà hát Lớn và chạy về phía Hồ Tây.")
        # a table inside a cell (\nestcell): the outer row keeps its lines
        + rtf_row("Ghi chú", r"\itap2 Cự ly\nestcell 10 km\nestcell{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}")
        + r"\pard Giải năm sau mở thêm cự ly 42 km.\par"
    )
    document = rtf_text(rtf(body))
    assert nfc(document.title) == "Kết quả giải chạy Hồ Tây"
    assert [nfc(line) for line in document.lines] == [
        "Ban tổ chức công bố kết quả như sau:",
        "Hạng | Vận động viên | Thành tích",
        "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "2 | 32 phút 40 giây",
        *prose,
        "8h",  # a cell of prose: the row keeps its cells' lines
        "Đoàn vận động viên xuất phát từ Nhà hát Lớn và chạy về phía Hồ Tây.",
        "Ghi chú",
        "Cự ly",
        "10 km",
        "Giải năm sau mở thêm cự ly 42 km.",
    ]


def test_a_row_holding_the_title_keeps_its_paragraphs() -> None:
    body = (r"\trowd\cellx3000\cellx6000\pard\intbl\s15 Giá xăng giảm mạnh\cell\pard\intbl Số 125\cell\row"
            r"\pard Giá xăng giảm 500 đồng mỗi lít.\par")
    document = rtf_text(rtf(body))
    assert (nfc(document.title), [nfc(line) for line in document.lines]) == (
        "Giá xăng giảm mạnh", ["Số 125", "Giá xăng giảm 500 đồng mỗi lít."])
