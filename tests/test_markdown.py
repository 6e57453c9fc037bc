"""Markdown reports (.md): front matter, block and inline markup removed; what is not markup kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_documents import only_report, write

from summarizer.markdown_text import markdown_text

TITLE = "Thông xe cao tốc Cam Lộ - La Sơn dài 98 km"
LEAD = "Sáng 11/1, Bộ Giao thông Vận tải tổ chức lễ thông xe cao tốc Cam Lộ - La Sơn."


def test_front_matter_is_not_the_title(tmp_path: Path) -> None:
    text = f'---\ntitle: "{TITLE}"\ndate: 2025-01-11\ntags: [cao tốc, Quảng Trị]\n---\n\n# {TITLE} #\n\n{LEAD}\n'
    write(tmp_path, "a.md", text)
    report = only_report(tmp_path)
    assert (report.title, report.body) == (TITLE, LEAD)


def test_front_matter_title_without_a_heading(tmp_path: Path) -> None:
    write(tmp_path, "a.md", f"---\nlayout: post\ntitle: '{TITLE}'\n---\n{LEAD}\n")
    report = only_report(tmp_path)
    assert (report.title, report.body) == (TITLE, LEAD)


def test_a_rule_around_text_is_not_front_matter() -> None:
    # Front matter keys are ASCII names; "Tác giả:" between two rules is text.
    assert markdown_text("---\nTác giả: Minh Anh\n---\n" + LEAD) == "Tác giả: Minh Anh\n" + LEAD


def test_rich_report(tmp_path: Path) -> None:
    text = (
        f"---\ntitle: {TITLE}\n---\n\n# {TITLE}\n\n"
        "Sáng 11/1, Bộ Giao thông Vận tải tổ chức *lễ thông xe* cao tốc Cam Lộ - La Sơn.\n\n"
        "- Tuyến cao tốc dài hơn 98 km, có tổng mức đầu tư khoảng 7.669 tỷ đồng[^1].\n"
        "* Theo [Ban Quản lý dự án][bql], khoảng ~~10.000~~ 12.000 lượt xe lưu thông mỗi ngày.\n\n"
        "1. Phó Thủ tướng _Trần Hồng Hà_ đánh giá đây là công trình có ý nghĩa `quan trọng`.\n"
        "2. Chi tiết xem tại <https://example.vn/cao-toc.html> hoặc <bandoc@example.vn>.\n\n"
        "Tuyến đường có 13 nút giao khác mức.\n\n"
        "[bql]: https://example.vn/\n[^1]: Theo Quyết định số 1234/QĐ-BGTVT.\n"
    )
    write(tmp_path, "a.md", text)
    report = only_report(tmp_path)
    assert report.title == TITLE
    assert report.body.split("\n") == [
        LEAD,
        "Tuyến cao tốc dài hơn 98 km, có tổng mức đầu tư khoảng 7.669 tỷ đồng.",
        "Theo Ban Quản lý dự án, khoảng 12.000 lượt xe lưu thông mỗi ngày.",
        "Phó Thủ tướng Trần Hồng Hà đánh giá đây là công trình có ý nghĩa quan trọng.",
        "Chi tiết xem tại https://example.vn/cao-toc.html hoặc bandoc@example.vn.",
        "Tuyến đường có 13 nút giao khác mức.",
    ]


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        # emphasis, strike-through (the struck text was deleted), code
        ("***Rất*** quan trọng, **đậm _nghiêng_ đậm**, __đậm__.", "Rất quan trọng, đậm nghiêng đậm, đậm."),
        ("Giá ~~10.000~~ 12.000 đồng.\n~~Đã xoá.~~ Câu còn lại.", "Giá 12.000 đồng.\nCâu còn lại."),
        ("Chạy `tin_tuc *x*` và ``a ` b``.", "Chạy tin_tuc *x* và a ` b."),
        # links: inline, reference, collapsed, shortcut (when defined), images, autolinks
        (
            "Xem [trang][x], [Trang chủ][], [khác] và [1] ![ảnh](a.jpg).\n\n"
            '[x]: https://a.vn\n[trang chủ]: <https://b.vn> "Tiêu đề"\n[khác]: /duong-dan',
            "Xem trang, Trang chủ, khác và [1].",
        ),
        # footnotes: a reference goes when its note is defined, the note's line goes
        ("Giá tăng[^1] và[^ghi].\n\n[^1]: Theo báo cáo.", "Giá tăng và[^ghi]."),
        # headings (closing run too, "C#" kept), setext underlines, quotes, rules
        ("# Tiêu đề #\n## C# là gì ##\n### Số #1", "Tiêu đề\nC# là gì\nSố #1"),
        ("Tiêu đề\n=======\n\nThân bài.\n\n***\n\nPhần hai\n--------\nCâu.", "Tiêu đề\n\nThân bài.\n\nPhần hai\nCâu."),
        ("> > Trích dẫn lồng.\n> - mục", "Trích dẫn lồng.\nmục"),
        # tables: a row of short cells is one line, a paragraph of its own; the delimiter row goes;
        # a row with a cell of prose keeps each cell as a line; pipes without a delimiter row are text
        ("| Hạng mục | Thông số |\n|---|:---:|\n| Chiều dài | 98,35 km |\nSau bảng.",
         "Hạng mục | Thông số\n\nChiều dài | 98,35 km\n\nSau bảng."),
        ("| Giờ | Sự kiện |\n|---|---|\n| 8h | Đoàn công tác đến thăm cảng Cửa Việt và làm việc với ban quản lý. |",
         "Giờ | Sự kiện\n\n8h\n\nĐoàn công tác đến thăm cảng Cửa Việt và làm việc với ban quản lý."),
        ("| Hạng | Vận động viên |\n|---|---|\n| 1 | Nguyễn Văn Hùng<br>(Hà Nội) |", "Hạng | Vận động viên\n\n1 | Nguyễn Văn Hùng (Hà Nội)"),
        ("Hà Nội | Thứ Hai\nCâu.", "Hà Nội | Thứ Hai\nCâu."),
        # lists: task boxes; fenced code kept verbatim; comments, escapes, hard breaks
        ("- [ ] việc một\n- [x] việc hai", "việc một\nviệc hai"),
        ("```\nx = *a*\n```\nSau *mã*.", "x = *a*\nSau mã."),
        ("<!-- more -->\nGiá \\*đặc biệt\\*.\\\nDòng hai", "Giá *đặc biệt*.\nDòng hai"),
    ],
)
def test_markup(markdown: str, plain: str) -> None:
    assert markdown_text(markdown) == plain


@pytest.mark.parametrize(
    "text",
    [
        # underscores inside words and file names, asterisks between numbers
        "Tệp tin_tuc_moi.txt, bao_cao_2024.docx và __init__.py; biểu thức 5*3 và 2*4 bằng 23.",
        "Thư mục _tin_tuc_ban_nhap của 3_000 bài.",
        # a line that opens with a year is a sentence, not an ordered list item
        "Dự án khởi công năm 2015.\n\n2016. Năm đó, nhà thầu hoàn thành 30% khối lượng.",
        # a dash opening a line that goes on the sentence before it (a hard-wrapped "Cam Lộ - La Sơn")
        "Lễ thông xe cao tốc Cam Lộ\n- La Sơn diễn ra sáng nay.",
        "Hai chiều dài ~ 98 km, giá 10~12 nghìn đồng.",
    ],
)
def test_what_is_not_markup_is_kept(text: str) -> None:
    assert markdown_text(text) == text


def test_list_markers() -> None:
    # "1. Mở đầu" opens a list; the items' words are kept, their markers go.
    assert markdown_text("1. Mở đầu\n2. Diễn biến\n\n12) Kết luận") == "Mở đầu\nDiễn biến\n\nKết luận"
    assert markdown_text("Gồm:\n* Hà Nội;\n+ Huế.") == "Gồm:\nHà Nội;\nHuế."


def test_dialogue_dashes() -> None:
    # Markdown reads "- " opening a line as a list item, so a dialogue line loses its dash (as it
    # renders, as a bullet) but keeps its words and its own line; other dialogue dashes are kept.
    dialogue = "Ông hỏi:\n- Anh có khỏe không?\n- Tôi khỏe, cảm ơn anh."
    assert markdown_text(dialogue) == "Ông hỏi:\nAnh có khỏe không?\nTôi khỏe, cảm ơn anh."
    assert markdown_text("– Anh có khỏe không?\n—Tôi khỏe.\n-Cảm ơn.") == "– Anh có khỏe không?\n—Tôi khỏe.\n-Cảm ơn."


def test_dialogue_report(tmp_path: Path) -> None:
    write(tmp_path, "a.md", f"# {TITLE}\n\n{LEAD}\n\n- Anh có khỏe không?\n\n- Tôi khỏe, cảm ơn anh.\n")
    report = only_report(tmp_path)
    assert report.body.split("\n") == [LEAD, "Anh có khỏe không?", "Tôi khỏe, cảm ơn anh."]


def test_table_rows_are_never_rejoined_to_the_line_before(tmp_path: Path) -> None:
    # Read cell by cell, a lead ending in a colon took a lower-case first cell into its sentence,
    # and a cell ending in a digit the next one ("thứ tư 27 chung kết") as a hard-wrapped line.
    text = (f"# {TITLE}\n\nBan tổ chức giải bóng chuyền nữ công bố lịch thi đấu vòng bảng như sau:\n"
            "| ngày | trận | giờ |\n|---|---|---|\n| Thứ ba 26 | Vĩnh Long - Hà Nội | 17h |\n"
            "| thứ tư 27 | chung kết | 19h30 |\n\nVé được bán tại cửa từ 8h sáng các ngày thi đấu.\n")
    write(tmp_path, "a.md", text)
    assert only_report(tmp_path).body.split("\n") == [
        "Ban tổ chức giải bóng chuyền nữ công bố lịch thi đấu vòng bảng như sau:",
        "ngày | trận | giờ",
        "Thứ ba 26 | Vĩnh Long - Hà Nội | 17h",
        "thứ tư 27 | chung kết | 19h30",
        "Vé được bán tại cửa từ 8h sáng các ngày thi đấu.",
    ]


@pytest.mark.parametrize(
    "front_matter",
    [
        f'+++\ntitle = "{TITLE}"\ndate = 2025-01-11T08:00:00+07:00\ntags = ["cao tốc", "Quảng Trị"]\n+++\n',
        # a literal string, a comment; a [table]'s own "title" is not the page's
        f"+++\ndraft = false\ntitle = '{TITLE}' # tiêu đề\n[params]\ntitle = \"Chuyên mục\"\n+++\n",
        # escapes: a quote, \\u for a letter
        '+++\n"slug" = "cao-toc"\ntitle = "Thông xe cao tốc Cam L\\u1ed9 - La Sơn dài 98 km"\n+++\n',
    ],
)
def test_toml_front_matter_gives_the_title(tmp_path: Path, front_matter: str) -> None:
    write(tmp_path, "a.md", f"{front_matter}{LEAD}\n")
    report = only_report(tmp_path)
    assert (report.title, report.body) == (TITLE, LEAD)


def test_toml_front_matter_details() -> None:
    assert markdown_text('+++\ntitle = "Giá \\"sốc\\"\\tgiảm"\n+++\nCâu.') == 'Giá "sốc" giảm\n\nCâu.'
    # only a [table] or [params] title: none; a heading opening the text stays the title
    assert markdown_text('+++\n[params]\ntitle = "Chuyên mục"\n+++\nCâu.') == "Câu."
    assert markdown_text(f'+++\ntitle = "Khác"\n+++\n# {TITLE}\n{LEAD}') == f"{TITLE}\n{LEAD}"
    # "+++" around text that is no key is text, as "---" around it is
    assert markdown_text("+++\nTác giả = Minh Anh\n+++\n" + LEAD) == "+++\nTác giả = Minh Anh\n+++\n" + LEAD
    assert markdown_text("+++\n[Tin nóng] Giá xăng\n+++\n" + LEAD) == "+++\n[Tin nóng] Giá xăng\n+++\n" + LEAD


def test_toml_front_matter_that_never_closes_ends_where_the_text_begins(tmp_path: Path) -> None:
    # the closing "+++" lost: the block is its run of keys, an array and a tripled string over
    # several lines, comments and blank lines included
    front = (f'+++\ntitle = "{TITLE}"\n# ghi chú\ntags = [\n  "cao tốc",\n  "Quảng Trị",\n]\n'
             'mo_ta = """Dòng một\ndòng hai"""\n\n')
    write(tmp_path, "a.md", f"{front}{LEAD}\n")
    report = only_report(tmp_path)
    assert (report.title, report.body) == (TITLE, LEAD)
    # an opening "+++" and text that is no key stays text, as before
    assert markdown_text("+++\nTác giả = Minh Anh\n" + LEAD) == "+++\nTác giả = Minh Anh\n" + LEAD
    # an array left open too ends at the blank line or the text, never taking the text with it
    assert markdown_text(f'+++\ntitle = "{TITLE}"\ntags = ["cao tốc", "Quảng Trị"\n\n{LEAD}') == f"{TITLE}\n\n{LEAD}"
    # a tripled string open to the end: no telling where the text begins, nothing is taken
    assert LEAD in markdown_text("+++\ntitle = 'X'\nmo_ta = \"\"\"Dòng một\n" + LEAD)


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        # inline tags go, their text stays; attributes with quotes, ">" inside a quoted value
        ('Giá <b>giảm</b> <span style="color:red" title="a>b">mạnh</span> <em>hôm nay</em>.', "Giá giảm mạnh hôm nay."),
        # an image tag goes with the spaces around it as a Markdown image does; comments go
        ('Cầu mới <img src="cau.jpg" alt="Cầu"/> thông xe<!-- ghi chú -->.', "Cầu mới thông xe."),
        # <br> and block-level tags end the line
        ("Dòng một<br>Dòng hai<br/>Dòng ba", "Dòng một\nDòng hai\nDòng ba"),
        ('<div align="center">\n<p>Đoạn văn.</p>\n</div>\nHết.', "Đoạn văn.\n\nHết."),
        ("<style>p { color: red; }</style>\nCâu.", "Câu."),
        # references with their semicolon: named, decimal, hexadecimal; a no-break space is a space
        ("Lúa&nbsp;gạo &amp; cà&#160;phê, gi&#7843;m &#x1EA1;, Vie&#770;&#803;t.", "Lúa gạo & cà phê, giảm ạ, Việt."),
        # a decoded character is not markup; tags in code spans stay
        ("&#42;Không nghiêng&#42; và `<b>mã</b> &amp;`", "*Không nghiêng* và <b>mã</b> &amp;"),
    ],
)
def test_inline_html(markdown: str, plain: str) -> None:
    assert markdown_text(markdown) == plain


@pytest.mark.parametrize(
    "text",
    [
        "Nếu a < b và b > c thì a < c; tôi <3 Hà Nội.",
        "Số liệu 5<10, x <= y không đổi; điền <họ tên>, <Tên cơ quan> vào mẫu.",
        "Công ty AT&T, phòng R&D, chữ &notation và &; ở đây.",
    ],
)
def test_what_only_looks_like_html_is_kept(text: str) -> None:
    assert markdown_text(text) == text


def test_comments_scripts_and_styles_go_but_not_from_code() -> None:
    assert markdown_text("Trước <!-- ghi chú\n\nhai đoạn --> sau. <style type=\"x\">a{}</style>Hết.") == "Trước sau. Hết."
    assert markdown_text("Dùng thẻ `<style>` để mở, đóng bằng `</style>` là xong.") == (
        "Dùng thẻ <style> để mở, đóng bằng </style> là xong.")
    assert markdown_text("Văn bản.\n\n```html\n<script>alert(1)</script>\n```\n") == (
        "Văn bản.\n\n<script>alert(1)</script>")
    assert markdown_text("Mở <!-- không đóng\nvẫn là chữ.") == "Mở <!-- không đóng\nvẫn là chữ."
    # a code span never runs over a blank line; an element named in prose does not stop the removal
    assert markdown_text("Dùng dấu ` để.\n\n<!-- ghi chú -->\n\nGõ `ls` nhé.") == "Dùng dấu ` để.\n\nGõ ls nhé."
    assert markdown_text("Tránh chèn thẻ <script> vào bài.\n\nCâu <!-- ghi chú --> hết.") == (
        "Tránh chèn thẻ vào bài.\n\nCâu hết.")  # the tag itself goes as any inline tag does


def test_a_table_above_the_heading_is_not_the_title(tmp_path) -> None:
    from summarizer.documents import load_folder

    lead = "Rạng sáng 12/9, lũ quét bất ngờ tràn qua xã Tân Minh, huyện Đà Bắc, cuốn trôi 17 ngôi nhà."
    (tmp_path / "a.md").write_text(f"| Xã | Số nhà |\n|---|---|\n| Tân Minh | 17 |\n\n"
                                   f"# Lũ quét ở Hòa Bình làm 5 người thiệt mạng\n\n{lead}\n", encoding="utf-8")
    report = load_folder(tmp_path).reports[0]
    assert report.title == "Lũ quét ở Hòa Bình làm 5 người thiệt mạng"
    assert [line for line in report.body.split("\n") if line] == ["Xã | Số nhà", "Tân Minh | 17", lead]


def test_toml_tripled_strings_on_one_line_give_the_title() -> None:
    quoted = '"' * 3
    assert markdown_text(f"+++\ntitle = {quoted}Lũ quét ở Hòa Bình{quoted}\n+++\nRạng sáng.") == "Lũ quét ở Hòa Bình\n\nRạng sáng."
    literal = "'" * 3
    assert markdown_text(f"+++\ntitle = {literal}Lũ quét{literal}\n+++\nRạng sáng.") == "Lũ quét\n\nRạng sáng."
    # one that goes on to other lines gives none
    assert markdown_text(f"+++\ntitle = {quoted}Lũ\nquét{quoted}\n+++\nRạng sáng.") == "Rạng sáng."


def test_a_heading_with_its_site_name_after_a_bar_stays_the_title(tmp_path) -> None:
    from summarizer.documents import load_folder

    (tmp_path / "a.md").write_text("# Mưa lớn ở Hà Nội | Báo X\n\nSáng 3/6, mưa lớn kéo dài ba giờ.\n", encoding="utf-8")
    assert load_folder(tmp_path).reports[0].title == "Mưa lớn ở Hà Nội | Báo X"


@pytest.mark.parametrize("text", ["Giá \ue0007\ue001 đồng.", "Dấu và \ue0000\ue001 ở đây.", "Mở \ue000 đóng \ue001."])
def test_private_use_characters_of_the_report_are_kept_as_written(text: str) -> None:
    # the reader holds escapes and code spans as private-use placeholders: a report's own
    # private-use characters were taken for them (IndexError, or an escape swapped in)
    assert markdown_text(text) == text
    assert markdown_text("Dấu \\* và " + text) == "Dấu * và " + text


def test_link_text_holds_no_bracket() -> None:
    # an unclosed "[" ends at the next "[" (the scan that ran on to the paragraph's end was
    # quadratic in the "["s: 166 s for 80,000 of them)
    assert markdown_text("Xem [bài [một] và [hai](u) nhé.") == "Xem [bài [một] và hai nhé."
    assert markdown_text("[a [b [c") == "[a [b [c"
    # a target holds no "(": an unclosed one ends at the next (the same scan, over every "](" of a paragraph)
    assert markdown_text("Xem [a](b và [c](d) nhé.") == "Xem [a](b và c nhé."
    assert markdown_text("Chú thích [^a [^b] ở đây.") == "Chú thích [^a [^b] ở đây."
    # a target may hold one level of brackets (a Wikipedia address)
    assert markdown_text("Cố đô [Huế](https://vi.wikipedia.org/wiki/Huế_(thành_phố)) đón khách.") == "Cố đô Huế đón khách."


def test_a_reference_that_stands_for_no_character_stays_as_written() -> None:
    # read as the text reports' references are (markdown_text.reference_character): "&notit;" had
    # been "¬it;" (html.unescape reads a known prefix) and "&#0;" a U+FFFD
    from summarizer.markdown_text import markdown_text

    assert markdown_text("Mã &notit; và &#0; và &amp; &#236;") == "Mã &notit; và &#0; và & ì"
