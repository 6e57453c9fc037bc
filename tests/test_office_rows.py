"""The table walk the Word and OpenDocument readers share (``office.table_row_lines``), on a
markup of its own: rows of cells of paragraphs, the format's parts given as functions."""

from __future__ import annotations

from xml.etree import ElementTree

from summarizer.html_text import SOFT_BREAK
from summarizer.office import table_row_lines


def rows_of(markup: str) -> tuple[ElementTree.Element, dict[int, tuple[int, str]]]:
    """The parsed ``markup`` (``row``, ``cell``, ``p``, ``table``; ``p kept="1"`` keeps its row)
    and the walk's paragraph id -> (row id, line); ``|`` in a paragraph is a soft break."""
    root = ElementTree.fromstring(markup)
    return root, table_row_lines(
        root.iter("row"),
        cells=lambda row: row.findall("cell"),
        holds_table=lambda cell: cell.find(".//table") is not None,
        cell_paragraphs=lambda cell: [p for p in cell.iter("p") if p.get("skip") != "1"],
        keeps_row=lambda p: p.get("kept") == "1",
        text=lambda p: (p.text or "").replace("|", SOFT_BREAK),
    )


def lines_by_text(root: ElementTree.Element, rows: dict[int, tuple[int, str]]) -> dict[str, str]:
    return {p.text or "": rows[id(p)][1] for p in root.iter("p") if id(p) in rows}


def test_short_cells_join_and_every_paragraph_of_the_row_maps_to_its_line() -> None:
    root, rows = rows_of("<t><row><cell><p>1</p></cell><cell><p>Nguyễn Văn Hùng</p><p>(Hà Nội)</p></cell>"
                         "<cell><p>32 phút|15 giây</p></cell></row>"
                         "<row><cell><p>2</p></cell><cell><p/></cell><cell><p>32 phút 40 giây</p></cell></row></t>")
    assert lines_by_text(root, rows) == {
        "1": "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "Nguyễn Văn Hùng": "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "(Hà Nội)": "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "32 phút|15 giây": "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "2": "2 | 32 phút 40 giây",
        "": "2 | 32 phút 40 giây",  # the empty cell's paragraph: passed over where the line stands
        "32 phút 40 giây": "2 | 32 phút 40 giây",
    }
    first, second = root.iter("row")
    assert {row for row, _ in rows.values()} == {id(first), id(second)}
    assert len(rows) == 7


def test_a_nested_table_a_kept_paragraph_prose_or_a_single_cell_leave_the_row_alone() -> None:
    prose = "Sáng 9/3, hơn 2.000 vận động viên chạy quanh Hồ Tây trong giải việt dã thường niên."
    root, rows = rows_of("<t><row><cell><p>Ghi chú</p><table/></cell><cell><p>x</p></cell></row>"
                         '<row><cell><p kept="1">Giá xăng giảm mạnh</p></cell><cell><p>Số 125</p></cell></row>'
                         f"<row><cell><p>8h</p></cell><cell><p>{prose}</p></cell></row>"
                         "<row><cell><p/></cell><cell><p>Một mình</p></cell></row></t>")
    assert rows == {}


def test_a_paragraph_not_read_is_neither_joined_nor_mapped() -> None:
    root, rows = rows_of('<t><row><cell><p>Xăng</p><p skip="1">bình luận</p></cell>'
                         "<cell><p>24.500</p></cell></row></t>")
    assert lines_by_text(root, rows) == {"Xăng": "Xăng | 24.500", "24.500": "Xăng | 24.500"}
