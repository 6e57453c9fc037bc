"""Word reports: paragraphs, the Title-styled paragraph, broken archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import _tables
from summarizer.documents import load_folder
from summarizer.options import SummarizeOptions
from summarizer.pipeline import summarize
from summarizer.docx_text import DocxError, docx_text
from summarizer.html_text import SOFT_BREAK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def paragraph(*runs: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def write_docx(path: Path, *paragraphs: str, styles: dict[str, str] | None = None) -> Path:
    """A .docx of ``paragraphs``; ``styles``: style id -> name, written as word/styles.xml."""
    body = "".join(paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        if styles is not None:
            entries = "".join(f'<w:style w:type="paragraph" w:styleId="{i}"><w:name w:val="{n}"/></w:style>'
                              for i, n in styles.items())
            archive.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles xmlns:w="{W}">{entries}</w:styles>')
    return path


def test_paragraphs_title_tabs_breaks_tables_and_text_boxes(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "a.docx",
        paragraph(run("Bản tin buổi sáng"), style="Heading1"),
        paragraph(run("Quảng Trị mở rộng "), run("cảng Cửa Việt"), style="Title"),
        paragraph(run("Sáng 3/4, đoàn công tác"), "<w:r><w:tab/></w:r>", run("đã đến cảng."),
                  "<w:r><w:br/></w:r>", run("Hai bên trao đổi kế hoạch.")),
        paragraph(),
        "<w:tbl><w:tr><w:tc>" + paragraph(run("Vốn đầu tư: 1.200 tỷ đồng.")) + "</w:tc></w:tr></w:tbl>",
        # A text box: its paragraph sits inside a run of the outer one and is read once.
        paragraph(run("Ghi chú."), "<w:r><w:pict><w:txbxContent>" + paragraph(run("Ô chữ trong khung.")) + "</w:txbxContent></w:pict></w:r>"),
        '<w:p><w:del><w:r><w:delText>Chữ đã xoá.</w:delText></w:r></w:del></w:p>',
    )
    document = docx_text(path.read_bytes())
    # A Title paragraph wins over an earlier Heading1; the heading stays in the body.
    assert document.title == "Quảng Trị mở rộng cảng Cửa Việt"
    assert document.lines == (
        "Bản tin buổi sáng",
        "Sáng 3/4, đoàn công tác đã đến cảng." + SOFT_BREAK + "Hai bên trao đổi kế hoạch.",  # a w:br
        "Vốn đầu tư: 1.200 tỷ đồng.",
        "Ghi chú.",
        "Ô chữ trong khung.",
    )


def test_heading1_is_the_title_without_a_title_style(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "a.docx", paragraph(run("Giá lúa tăng"), style="Heading1"), paragraph(run("Giá lúa tăng mạnh.")))
    assert docx_text(path.read_bytes()).title == "Giá lúa tăng"


def test_a_line_break_in_the_title_or_a_paragraph_is_resolved_when_loaded(tmp_path: Path) -> None:
    # A headline broken before a lower-case word is one line; a break before a capital, or after
    # a sentence's end, stays a line break; a w:cr is a w:br; two breaks in a row end a paragraph.
    line_break, carriage_return = "<w:r><w:br/></w:r>", "<w:r><w:cr/></w:r>"
    write_docx(
        tmp_path / "a.docx",
        paragraph(run("Đà Nẵng khánh thành"), line_break, run("cầu đi bộ Hoà Xuân"), style="Title"),
        paragraph(run("Người dân phải đi vòng gần 4 km"), carriage_return, run("qua cầu Cẩm Lệ."), line_break,
                  run("Cây cầu dài 320 m,"), line_break, line_break, run("rộng 6 m.")),
        paragraph(line_break, run("Ban quản lý dự án"), line_break, run("Số 5 đường Bạch Đằng."), line_break),
    )
    (report,) = load_folder(tmp_path).reports
    assert report.title == "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"
    assert report.body.split("\n") == ["Người dân phải đi vòng gần 4 km qua cầu Cẩm Lệ.", "Cây cầu dài 320 m,",
                                        "rộng 6 m.", "Ban quản lý dự án", "Số 5 đường Bạch Đằng."]


def test_a_title_paragraph_broken_before_a_digit_or_capital_is_still_one_line(tmp_path: Path) -> None:
    line_break = "<w:r><w:br/></w:r>"
    write_docx(tmp_path / "a.docx",
               paragraph(run("Cháy xe buýt trên đường Nguyễn Trãi,"), line_break, run("15 hành khách thoát nạn"), style="Title"),
               paragraph(run("Chiều 9/7, một xe buýt bốc cháy trên đường Nguyễn Trãi.")))
    write_docx(tmp_path / "b.docx",
               paragraph(run("Xe buýt bốc cháy"), line_break, run("Hà Nội điều tra nguyên nhân."), style="Title"),
               paragraph(run("Chiều 9/7, xe buýt tuyến 02 bốc cháy, 15 hành khách kịp thoát ra.")))
    titles = [report.title for report in load_folder(tmp_path).reports]
    assert titles == ["Cháy xe buýt trên đường Nguyễn Trãi, 15 hành khách thoát nạn", "Xe buýt bốc cháy Hà Nội điều tra nguyên nhân."]
    result = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    assert "\n" not in result.title and not result.title.endswith(".")


def test_docx_reports_load_and_broken_ones_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "cluster"
    folder.mkdir()
    # No styles: the first line is the title, as in a plain file.
    write_docx(folder / "a.docx", paragraph(run("Quảng Trị mở rộng cảng Cửa Việt")),
               paragraph(run("Sáng 3/4, đoàn công tác của tỉnh đã đến thăm cảng Cửa Việt.")))
    (folder / "b.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(folder / "c.docx", "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with zipfile.ZipFile(folder / "d.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    loaded = load_folder(folder)
    assert [(r.file, r.encoding, r.title, r.body) for r in loaded.reports] == [
        ("a.docx", "docx", "Quảng Trị mở rộng cảng Cửa Việt", "Sáng 3/4, đoàn công tác của tỉnh đã đến thăm cảng Cửa Việt."),
    ]
    assert [(s.file, s.reason) for s in loaded.skipped] == [
        ("b.docx", "cannot read as .docx (BadZipFile)"),
        ("c.docx", "not a Word document (no word/document.xml)"),
        ("d.docx", "cannot read as .docx (malformed document.xml)"),
    ]


def test_oversized_document_part_is_refused(tmp_path: Path, monkeypatch) -> None:
    from summarizer import docx_text as module

    path = write_docx(tmp_path / "a.docx", paragraph(run("Một câu.")))
    monkeypatch.setattr(module, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(DocxError, match="too large"):
        docx_text(path.read_bytes())


def test_deletions_moves_field_codes_and_hidden_runs_are_left_out(tmp_path: Path) -> None:
    deleted = '<w:del w:id="1" w:author="BT"><w:r><w:delText>mạnh </w:delText></w:r></w:del>'
    inserted = '<w:ins w:id="2" w:author="BT"><w:r><w:t xml:space="preserve">nhẹ </w:t></w:r></w:ins>'
    moved_away = '<w:moveFrom w:id="3" w:author="BT"><w:r><w:t xml:space="preserve">sáng nay </w:t></w:r></w:moveFrom>'
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">ghi chú ẩn </w:t></w:r>'
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">từ </w:t></w:r>'
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    path = write_docx(tmp_path / "a.docx", paragraph(run("Giá xăng giảm "), deleted, inserted, moved_away, hidden,
                                                     shown, run("chiều nay, trang "), field, run(".")))
    assert docx_text(path.read_bytes()).lines == ("Giá xăng giảm nhẹ từ chiều nay, trang 1.",)


def test_the_title_style_is_known_by_its_name_in_a_localized_word(tmp_path: Path) -> None:
    # Vietnamese Word makes style ids from the localized names; styles.xml keeps the built-in names.
    styles = {"Tiu": "Title", "u1": "heading 1", "Title": "Tiêu đề riêng"}
    body = (paragraph(run("Chuyên mục"), style="Title"), paragraph(run("Thời sự"), style="u1"),
            paragraph(run("Cảng Cửa Việt mở rộng"), style="Tiu"), paragraph(run("Sáng 3/4, đoàn đã đến cảng.")))
    document = docx_text(write_docx(tmp_path / "a.docx", *body, styles=styles).read_bytes())
    assert document.title == "Cảng Cửa Việt mở rộng"
    no_title = {k: v for k, v in styles.items() if k != "Tiu"}
    assert docx_text(write_docx(tmp_path / "b.docx", *body, styles=no_title).read_bytes()).title == "Thời sự"
    # Without a styles part the ids are all there is.
    assert docx_text(write_docx(tmp_path / "c.docx", *body).read_bytes()).title == "Chuyên mục"


def test_a_text_box_is_read_once_a_drop_cap_joins_its_paragraph_and_a_hard_hyphen_stays(tmp_path: Path) -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = paragraph(run("Cao tốc có 13 nút giao khác mức."))
    # Word writes a text box twice: for new readers (mc:Choice) and old ones (mc:Fallback).
    text_box = (f'<w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:drawing>'
                f"<w:txbxContent>{box}</w:txbxContent></w:drawing></mc:Choice>"
                f"<mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>"
                "</mc:AlternateContent></w:r>")
    drop_cap = '<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>' + run("S") + "</w:p>"
    path = write_docx(
        tmp_path / "a.docx",
        paragraph(run("Thông xe cao tốc Cam Lộ - La Sơn"), style="Title"),
        drop_cap,
        paragraph(run("áng 11/1, Bộ Giao thông Vận tải tổ chức lễ thông xe.")),
        paragraph(run("Ghi chú."), text_box),
        paragraph(run("Dịch Covid"), "<w:r><w:noBreakHyphen/></w:r>", run("19 làm chậm tiến độ.")),
    )
    document = docx_text(path.read_bytes())
    assert document.title == "Thông xe cao tốc Cam Lộ - La Sơn"
    assert list(document.lines) == [
        "Sáng 11/1, Bộ Giao thông Vận tải tổ chức lễ thông xe.",
        "Ghi chú.",
        "Cao tốc có 13 nút giao khác mức.",
        "Dịch Covid-19 làm chậm tiến độ.",
    ]


def table(*rows: list[str]) -> str:
    """A w:tbl of ``rows``, each a list of cells' inner XML."""
    return "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in row) + "</w:tr>" for row in rows) + "</w:tbl>"


def cells(*texts: str) -> list[str]:
    return [paragraph(run(text)) if text else paragraph() for text in texts]


def test_a_row_of_short_cells_is_one_line_and_a_table_laying_out_prose_keeps_its_paragraphs(tmp_path: Path) -> None:
    results = table(
        cells("Hạng", "Vận động viên", "Thành tích"),
        # a cell of two short paragraphs reads as one, joined by a space; an empty cell goes
        ["<w:tcPr/>" + paragraph(run("1")), paragraph(run("Nguyễn Văn Hùng")) + paragraph(run("(Hà Nội)")),
         paragraph(run("32 phút 15 giây"))],
        cells("2", "", "32 phút 40 giây"),
    )
    layout = table(cells("", *_tables.PROSE))  # one non-empty cell: a story set in a table
    schedule = table(cells(*_tables.SCHEDULE))
    nested = table([paragraph(run("Ghi chú")), table(cells("Cự ly", "10 km"))])
    path = write_docx(tmp_path / "a.docx", paragraph(run(_tables.TITLE), style="Title"),
                      results, layout, schedule, nested, paragraph(run(_tables.CLOSING)))
    assert docx_text(path.read_bytes()).lines == _tables.LINES


def test_a_row_holding_the_title_keeps_its_paragraphs(tmp_path: Path) -> None:
    masthead = table([paragraph(run("Giá xăng giảm mạnh"), style="Title"), paragraph(run("Số 125"))])
    document = docx_text(write_docx(tmp_path / "a.docx", masthead, paragraph(run("Giá xăng giảm 500 đồng mỗi lít."))).read_bytes())
    assert (document.title, document.lines) == ("Giá xăng giảm mạnh", ("Số 125", "Giá xăng giảm 500 đồng mỗi lít."))


def test_table_rows_reach_the_report_whole(tmp_path: Path) -> None:
    prices = table(cells("Mặt hàng", "Giá mới", "Thay đổi"), cells("Xăng RON 95", "24.500 đồng", "giảm 250 đồng"),
                   cells("Dầu diesel", "21.300 đồng", "giảm 400 đồng"))
    write_docx(tmp_path / "a.docx", paragraph(run("Giá xăng dầu giảm từ chiều nay"), style="Title"),
               paragraph(run("Liên bộ Công Thương - Tài chính vừa điều chỉnh giá xăng dầu theo bảng sau:")), prices)
    (report,) = load_folder(tmp_path).reports
    # read cell by cell, "giảm 250 đồng" was a line that opened in lower case, "24.500 đồng" another
    assert report.body.split("\n")[1:] == ["Mặt hàng | Giá mới | Thay đổi", "Xăng RON 95 | 24.500 đồng | giảm 250 đồng",
                                           "Dầu diesel | 21.300 đồng | giảm 400 đồng"]


def test_a_table_above_the_headline_is_not_the_title(tmp_path: Path) -> None:
    lead = "Rạng sáng 12/9, lũ quét bất ngờ tràn qua xã Tân Minh, huyện Đà Bắc, cuốn trôi 17 ngôi nhà."
    figures = table(cells("Xã", "Số nhà bị cuốn trôi"), cells("Tân Minh", "17"))
    write_docx(tmp_path / "a.docx", figures, paragraph(run("Lũ quét ở Hòa Bình làm 5 người thiệt mạng")),
               paragraph(run(lead)))
    report = load_folder(tmp_path).reports[0]
    assert report.title == "Lũ quét ở Hòa Bình làm 5 người thiệt mạng"
    assert report.body.split("\n") == ["Xã | Số nhà bị cuốn trôi", "Tân Minh | 17", lead]


def test_elements_nested_thousands_deep_skip_the_file_not_the_folder(tmp_path: Path) -> None:
    deep = "<w:p>" + "<w:hyperlink>" * 3000 + run("a") + "</w:hyperlink>" * 3000 + "</w:p>"
    write_docx(tmp_path / "a.docx", paragraph(run("Lũ quét")), deep)
    (tmp_path / "b.txt").write_text("Lũ quét ở Hòa Bình\nRạng sáng 12/9, lũ quét tràn qua xã Tân Minh.\n", encoding="utf-8")
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["b.txt"]
    assert [(s.file, s.reason) for s in loaded.skipped] == [("a.docx", "elements nested too deeply to read")]

