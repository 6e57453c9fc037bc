"""OpenDocument (.odt) reports: paragraphs, headings, the Title paragraph, broken files skipped."""

from __future__ import annotations

import zipfile
from pathlib import Path

import _tables
from summarizer.documents import load_folder
from summarizer.html_text import SOFT_BREAK
from summarizer.odt_text import OdtError, odt_text

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def write_odt(path: Path, body: str, styles: str = "") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def test_paragraphs_spaces_breaks_lists_tables_frames_and_title_style(tmp_path: Path) -> None:
    body = (
        '<text:p text:style-name="P1">Quảng Trị mở rộng <text:span>cảng</text:span> Cửa Việt</text:p>'
        '<text:h text:outline-level="2">Kế hoạch</text:h>'
        "<text:p>Sáng 3/4,<text:s/>đoàn công tác<text:tab/>đến cảng.<text:line-break/>Dự án có vốn 1.200 tỷ đồng.</text:p>"
        "<text:list><text:list-item><text:p>Bến mới cho tàu 10.000 tấn.</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Khởi công năm 2026.</text:p></table:table-cell>"
        "</table:table-row></table:table>"
        '<text:p><draw:frame><draw:text-box><text:p>Ảnh: Minh Hà</text:p></draw:text-box></draw:frame>Hết.</text:p>'
        '<text:p>Ghi chú<office:annotation><text:p>bình luận nội bộ</text:p></office:annotation> cuối.</text:p>'
    )
    styles = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
    document = odt_text(write_odt(tmp_path / "a.odt", body, styles).read_bytes())
    assert document.title == "Quảng Trị mở rộng cảng Cửa Việt"
    assert document.lines == (
        "Kế hoạch",
        "Sáng 3/4, đoàn công tác đến cảng." + SOFT_BREAK + "Dự án có vốn 1.200 tỷ đồng.",  # a line-break
        "Bến mới cho tàu 10.000 tấn.",
        "Khởi công năm 2026.",
        "Hết.",
        "Ảnh: Minh Hà",
        "Ghi chú cuối.",
    )


def test_level_one_heading_is_the_title_and_reports_load(tmp_path: Path) -> None:
    write_odt(tmp_path / "a.odt", '<text:h text:outline-level="1">Cảng Cửa Việt mở rộng</text:h>'
              "<text:p>Sáng 3/4, đoàn công tác của tỉnh đã đến cảng Cửa Việt.</text:p>")
    (tmp_path / "broken.odt").write_bytes(b"PK\x03\x04 not really")
    with zipfile.ZipFile(tmp_path / "other.odt", "w") as archive:
        archive.writestr("mimetype", "application/zip")
    loaded = load_folder(tmp_path)
    (report,) = loaded.reports
    assert (report.encoding, report.title) == ("odt", "Cảng Cửa Việt mở rộng")
    assert report.body == "Sáng 3/4, đoàn công tác của tỉnh đã đến cảng Cửa Việt."
    assert {s.file: s.reason for s in loaded.skipped} == {
        "broken.odt": "cannot read as .odt (BadZipFile)",
        "other.odt": "not an OpenDocument text (no content.xml)",
    }
    try:
        odt_text((tmp_path / "other.odt").read_bytes())
    except OdtError as exc:
        assert "content.xml" in str(exc)
    else:
        raise AssertionError("an archive without content.xml must be refused")


def test_text_deleted_in_tracked_changes_and_hidden_spans_are_left_out(tmp_path: Path) -> None:
    changes = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
               "<text:p>Đoạn đã xóa khi biên tập.</text:p></text:deletion></text:changed-region></text:tracked-changes>")
    body = changes + ('<text:p>Giá xăng giảm<text:change text:change-id="c1"/> từ chiều nay'
                      '<text:span text:style-name="T9"> (ghi chú ẩn)</text:span>.</text:p>')
    hidden = ('<style:style style:name="T9" style:family="text">'
              '<style:text-properties text:display="none"/></style:style>')
    assert odt_text(write_odt(tmp_path / "a.odt", body, hidden).read_bytes()).lines == ("Giá xăng giảm từ chiều nay.",)


def test_footnotes_are_left_out_with_their_citation_marks(tmp_path: Path) -> None:
    note = ('<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            "<text:note-body><text:p>Theo Quyết định số 1234/QĐ-BGTVT.</text:p></text:note-body></text:note>")
    body = f"<text:p>Tổng mức đầu tư khoảng 7.669{note} tỷ đồng.</text:p>"
    # the citation "1" glued to the number read "7.6691 tỷ đồng", and the note became a sentence
    assert odt_text(write_odt(tmp_path / "a.odt", body).read_bytes()).lines == ("Tổng mức đầu tư khoảng 7.669 tỷ đồng.",)


def odt_table(*rows: list[str], header: int = 0) -> str:
    """A table:table of ``rows`` (each a list of cells' inner XML), the first ``header`` of them
    in table:table-header-rows."""
    def row(cells: list[str]) -> str:
        return "<table:table-row>" + "".join(
            cell if cell.startswith("<table:covered") else f"<table:table-cell>{cell}</table:table-cell>" for cell in cells
        ) + "</table:table-row>"

    head = "".join(map(row, rows[:header]))
    return ("<table:table>" + (f"<table:table-header-rows>{head}</table:table-header-rows>" if head else "")
            + "".join(map(row, rows[header:])) + "</table:table>")


def p(text: str) -> str:
    return f"<text:p>{text}</text:p>"


def test_a_row_of_short_cells_is_one_line_and_a_table_laying_out_prose_keeps_its_paragraphs(tmp_path: Path) -> None:
    results = odt_table(
        [p("Hạng"), p("Vận động viên"), p("Thành tích")],
        [p("1"), p("Nguyễn Văn Hùng") + p("(Hà Nội)"), p("32 phút<text:line-break/>15 giây")],
        [p("2"), "<table:covered-table-cell/>", p("32 phút 40 giây")],
        header=1,
    )
    layout = odt_table([p(""), p(_tables.PROSE[0]) + p(_tables.PROSE[1])])
    schedule = odt_table([p(text) for text in _tables.SCHEDULE])
    nested = odt_table([p("Ghi chú"), odt_table([p("Cự ly"), p("10 km")])])
    body = (f'<text:h text:outline-level="1">{_tables.TITLE}</text:h>' + results + layout + schedule + nested
            + p(_tables.CLOSING))
    document = odt_text(write_odt(tmp_path / "a.odt", body).read_bytes())
    assert document.title == _tables.TITLE
    assert document.lines == _tables.LINES


def test_a_row_holding_the_title_keeps_its_paragraphs(tmp_path: Path) -> None:
    masthead = odt_table(['<text:p text:style-name="P1">Giá xăng giảm mạnh</text:p>', p("Số 125")])
    styles = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
    document = odt_text(write_odt(tmp_path / "a.odt", masthead + p("Giá xăng giảm 500 đồng mỗi lít."), styles).read_bytes())
    assert (document.title, document.lines) == ("Giá xăng giảm mạnh", ("Số 125", "Giá xăng giảm 500 đồng mỗi lít."))
