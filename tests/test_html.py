"""Web-page reports: the article's title, text blocks and captions, in the charset declared."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.documents import load_folder
from summarizer.html_text import SOFT_BREAK, declared_charset, looks_like_html, page_text
from test_documents import TEXT, TITLE, to_cp1258, to_vni

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}">
<title>Quảng Trị mở rộng cảng Cửa Việt - Báo Mẫu</title>
<script>var html = "<p>không phải bài báo</p>";</script>
<style>p {{ color: red; }}</style></head>
<body>
<header><h1>Báo Mẫu</h1><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav></header>
<ul class="menu"><li><a href="/kinh-te">Kinh tế</a></li><li><a href="/the-gioi">Thế giới</a></li></ul>
<article>
<h1 class="title">Quảng Trị mở rộng cảng Cửa Việt</h1>
<p class="sapo">Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt.</p>
<p>Hai bên trao đổi về kế hoạch mở rộng cảng&nbsp;biển.<br>Dự án có vốn 1.200 tỷ đồng &amp; sẽ khởi công năm sau.</p>
<figure><img src="cang.jpg" alt=""><figcaption>Cảng Cửa Việt nhìn từ trên cao. Ảnh: Minh Hà</figcaption></figure>
<p>Theo ông <a href="/tag/tran-van-an">Trần Văn An</a>, cảng sẽ đón tàu 10.000 tấn.</p>
<p><a href="/bai-khac">Quảng Trị thu hút đầu tư vào khu kinh tế</a></p>
</article>
<aside><p>Tin đọc nhiều: giá vàng hôm nay tăng mạnh.</p></aside>
<footer><p>Bản quyền thuộc về Báo Mẫu.</p></footer>
</body></html>
"""
BODY = [
    "Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt.",
    "Hai bên trao đổi về kế hoạch mở rộng cảng biển.",
    "Dự án có vốn 1.200 tỷ đồng & sẽ khởi công năm sau.",
    "Theo ông Trần Văn An, cảng sẽ đón tàu 10.000 tấn.",
]


def test_page_text_keeps_the_article_and_drops_the_rest() -> None:
    page = page_text(PAGE.format(charset="utf-8"))
    # The article's <h1>, not the site's (in <header>), and not repeated in the body.
    assert page.title == "Quảng Trị mở rộng cảng Cửa Việt"
    # Scripts, styles, menus, the aside, the footer and the link-only "related" line are gone;
    # a <br> inside a paragraph is a soft break (the loader resolves it: here, before a capital,
    # a line break); entities and a link inside a sentence are plain text.
    assert list(page.lines) == [BODY[0], BODY[1] + SOFT_BREAK + BODY[2], BODY[3]]
    assert page.captions == ("Cảng Cửa Việt nhìn từ trên cao. Ảnh: Minh Hà",)


@pytest.mark.parametrize("h1, title, first_line", [
    # a title that runs on across its <br> (a comma, then a digit) is one line, and none of it in the body
    ("Cháy xe buýt trên đường Nguyễn Trãi,<br>15 hành khách thoát nạn", "Cháy xe buýt trên đường Nguyễn Trãi, 15 hành khách thoát nạn", None),
    ("Xe buýt bốc cháy<br>trên đường Nguyễn Trãi", "Xe buýt bốc cháy trên đường Nguyễn Trãi", None),
    # a second line that opens in capitals after a complete title is the page's, kept as a body line
    ("Xe buýt bốc cháy trên đường Nguyễn Trãi<br>Hà Nội điều tra nguyên nhân", "Xe buýt bốc cháy trên đường Nguyễn Trãi",
     "Hà Nội điều tra nguyên nhân"),
    # a date stamp under the headline is no part of it
    ("Xe buýt bốc cháy trên đường Nguyễn Trãi<br>12/03/2024 08:30", "Xe buýt bốc cháy trên đường Nguyễn Trãi",
     "12/03/2024 08:30"),
    ("Cháy xe buýt<br>15 hành khách thoát nạn", "Cháy xe buýt 15 hành khách thoát nạn", None),
])
def test_a_br_inside_the_h1(h1: str, title: str, first_line: str | None) -> None:
    body = "Chiều 9/7, một xe buýt tuyến số 02 bốc cháy trên đường Nguyễn Trãi."
    page = page_text(f"<html><body><h1>{h1}</h1><p>{body}</p></body></html>")
    assert page.title == title
    assert list(page.lines) == ([first_line] if first_line else []) + [body]


@pytest.mark.parametrize("head, expected", [
    ('<meta property="og:title" content="Tiêu đề từ og:title"><title>Khác - VnExpress</title>', "Tiêu đề từ og:title"),
    ("<title>Giá xăng tăng mạnh từ chiều nay - VnExpress</title>", "Giá xăng tăng mạnh từ chiều nay"),
    ("<title>Bão số 5 đổ bộ vào Thanh Hóa | Báo Dân trí</title>", "Bão số 5 đổ bộ vào Thanh Hóa"),
    ("<title>Cao tốc Hà Nội - Hải Phòng thông xe</title>", "Cao tốc Hà Nội - Hải Phòng thông xe"),
])
def test_title_without_h1(head: str, expected: str) -> None:
    page = page_text(f"<html><head>{head}</head><body><div>Một câu trong bài báo.</div></body></html>")
    assert page.title == expected
    assert page.lines == ("Một câu trong bài báo.",)


def test_page_without_article_uses_the_body_and_svg_titles_are_not_the_title() -> None:
    markup = ("<html><head><title>Mưa lớn ở Huế | Báo Mẫu</title></head><body>"
              "<svg><title>biểu tượng</title></svg><div>Mưa lớn gây ngập nhiều tuyến phố ở Huế.</div>"
              "<div><span>Lực lượng cứu hộ</span> đã có mặt.</div></body></html>")
    page = page_text(markup)
    assert page.title == "Mưa lớn ở Huế"
    assert page.lines == ("Mưa lớn gây ngập nhiều tuyến phố ở Huế.", "Lực lượng cứu hộ đã có mặt.")


def test_declared_charset_and_html_sniffing() -> None:
    assert declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">') == "windows-1258"
    assert declared_charset(b"<p>charset=utf-8 in text, not a meta</p>") is None
    assert looks_like_html("\ufeff  <!DOCTYPE html><html>")
    assert looks_like_html("<HTML><body>")
    assert not looks_like_html("Tiêu đề <b>đậm</b>\nNội dung.")


def test_html_reports_load_with_title_body_and_caption_credits(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    # Windows-1258 as declared (tone marks as combining bytes), and an .htm suffix.
    (tmp_path / "b.htm").write_bytes(to_cp1258(PAGE.format(charset="windows-1258")))
    # A page saved as .txt is read as a page too.
    (tmp_path / "c.txt").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["a.html", "b.htm", "c.txt"]
    assert [r.encoding for r in loaded.reports] == ["utf-8", "windows-1258", "utf-8"]
    for report in loaded.reports:
        assert report.title == "Quảng Trị mở rộng cảng Cửa Việt"
        assert report.body.split("\n") == BODY
        assert report.credits == ("Cảng Cửa Việt nhìn từ trên cao. Ảnh: Minh Hà",)


def test_wrong_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    # Declared UTF-8, saved as Windows-1258: strict UTF-8 fails, detection finds the code page.
    (tmp_path / "a.html").write_bytes(to_cp1258(PAGE.format(charset="utf-8")))
    report = load_folder(tmp_path).reports[0]
    assert report.encoding == "cp1258"
    assert report.body.split("\n") == BODY


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252"])
def test_a_western_code_page_declared_over_vietnamese_bytes_is_not_believed(tmp_path: Path, declared: str) -> None:
    # Latin-1 decodes any byte, so a wrong declaration showed no error and gave "ThÃ´ng xe".
    (tmp_path / "utf8.html").write_bytes(PAGE.format(charset=declared).encode("utf-8"))
    (tmp_path / "cp1258.html").write_bytes(to_cp1258(PAGE.format(charset=declared)))
    for report in load_folder(tmp_path).reports:
        assert report.encoding == {"utf8.html": "utf-8", "cp1258.html": "cp1258"}[report.file]
        assert report.title == TITLE and report.body.split("\n") == BODY
    # a page that is in Latin-1 (French) keeps its declaration
    french = "<html><head><meta charset='iso-8859-1'></head><body><h1>Café à Paris</h1><p>Un été très chaud à Paris cette année.</p></body></html>"
    (tmp_path / "utf8.html").unlink()
    (tmp_path / "cp1258.html").unlink()
    (tmp_path / "fr.html").write_bytes(french.encode("latin-1"))
    report = load_folder(tmp_path).reports[0]
    assert report.encoding == "iso-8859-1" and report.title == "Café à Paris"


def test_page_without_text_is_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Tiêu đề\nMột câu trong bài báo.\n", encoding="utf-8")
    loaded = load_folder(tmp_path)
    assert [(s.file, s.reason) for s in loaded.skipped] == [("empty.html", "no text in the page")]


def test_page_without_article_keeps_the_container_with_the_most_paragraph_text() -> None:
    markup = """<html><body>
<h1><a href="/">Báo Mẫu</a></h1>
<div class="wrap">
  <div class="detail">
    <h1 class="title-detail">Giá lúa tăng mạnh ở đồng bằng sông Cửu Long</h1>
    <div class="content">
      <p>Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng thêm 500 đồng mỗi kg trong tuần qua.</p>
      <p>Nhiều thương lái đến tận ruộng thu mua với giá cao hơn năm ngoái.</p>
      <p>Nông dân ở An Giang phấn khởi vì vụ lúa này trúng mùa, được giá.</p>
    </div>
  </div>
  <div class="sidebar">
    <p>Quảng cáo</p>
    <p>Đọc nhiều nhất</p>
  </div>
  <div class="comments"><p>Bình luận của bạn đọc sẽ được duyệt.</p></div>
</div>
</body></html>"""
    page = page_text(markup)
    # The logo <h1> is only a link; the article's <h1> sits outside its content box but is the
    # first real heading of the page.
    assert page.title == "Giá lúa tăng mạnh ở đồng bằng sông Cửu Long"
    assert page.lines == (
        "Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng thêm 500 đồng mỗi kg trong tuần qua.",
        "Nhiều thương lái đến tận ruộng thu mua với giá cao hơn năm ngoái.",
        "Nông dân ở An Giang phấn khởi vì vụ lúa này trúng mùa, được giá.",
    )


TEASER = '<article class="item-news"><h3><a href="/t{n}">Tin {n}</a></h3><p class="description">Tóm tắt ngắn của tin số {n}.</p></article>'


def test_teaser_articles_do_not_hide_the_report() -> None:
    teasers = "".join(TEASER.format(n=n) for n in range(3))
    report = (
        "<p>Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng thêm 500 đồng mỗi kg trong tuần qua.</p>"
        "<p>Nhiều thương lái đến tận ruộng thu mua với giá cao hơn năm ngoái.</p>"
    )
    expected = (
        "Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng thêm 500 đồng mỗi kg trong tuần qua.",
        "Nhiều thương lái đến tận ruộng thu mua với giá cao hơn năm ngoái.",
    )
    # The report in an <article> after a row of teaser <article>s: the largest one wins.
    page = page_text(f"<html><body><div>{teasers}</div><article class='fck_detail'>{report}</article></body></html>")
    assert page.lines == expected
    # The report in a plain <div>, teasers in <article>s: no article holds half the paragraph
    # text, so the container scoring finds the report.
    page = page_text(f"<html><body><div class='list'>{teasers}</div><div class='detail'>{report}</div></body></html>")
    assert page.lines == expected


STORY = [
    "Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt và làm việc với ban quản lý cảng.",
    "Hai bên trao đổi về kế hoạch mở rộng cảng biển với tổng vốn 1.200 tỷ đồng, dự kiến khởi công năm sau.",
    "Theo ông Trần Văn An, khi hoàn thành, cảng sẽ đón được tàu trọng tải 10.000 tấn ra vào thường xuyên.",
]
COMMENTS = '<div class="box-comment"><p>Hay quá.</p><p>Mong sớm triển khai.</p><p>Cảm ơn báo.</p></div>'
RELATED = '<div class="tin-lien-quan"><h3>Tin liên quan</h3><p>Quảng Trị đón nhà đầu tư mới vào khu kinh tế.</p></div>'


def test_paragraphs_separated_by_br_beat_a_comment_box_of_p() -> None:
    page = (f"<html><body><div class='detail'><h1>Quảng Trị mở rộng cảng Cửa Việt</h1><div>{'<br><br>'.join(STORY)}"
            f"</div></div><div class='y-kien'><p>Bài viết hay.</p><p>Cảm ơn tác giả.</p></div></body></html>")
    result = page_text(page)
    assert result.title == "Quảng Trị mở rộng cảng Cửa Việt"
    assert result.lines == tuple(STORY)


def test_paragraphs_separated_by_a_single_br_are_still_the_story_and_stay_apart() -> None:
    from summarizer.documents import TextReport, load_texts

    page = (f"<html><body><div class='detail'><h1>Quảng Trị mở rộng cảng Cửa Việt</h1><div>{'<br>'.join(STORY)}"
            f"</div></div><div class='y-kien'><p>Bài viết hay.</p><p>Cảm ơn tác giả.</p></div></body></html>")
    # Each line still counts as a paragraph of prose for finding the story's region; the lines
    # of the one block come as one, joined by soft breaks, which the loader keeps as line breaks
    # (each one follows a sentence's end).
    assert page_text(page).lines == (SOFT_BREAK.join(STORY),)
    (report,) = load_texts([TextReport("a.html", page)]).reports
    assert report.body.split("\n") == STORY


def test_only_a_single_br_inside_a_block_of_text_is_a_soft_break() -> None:
    from summarizer.documents import TextReport, load_texts

    page = ("<html><body><article><h1>Cầu Hoà Xuân thông xe</h1>"
            "<p>Người dân phải đi vòng gần 4 km<br>qua cầu Cẩm Lệ.<br><br>Cầu dài 320 m,<br>"
            "<a href='/tag/cau'>Xem thêm</a><br>rộng 6 m.</p><div>Ban quản lý dự án<br></div>"
            "<div>cầu Hoà Xuân cho biết cầu mở cửa từ 5h đến 22h.</div></article></body></html>")
    # Two <br> in a row, a line left out (a link) and a block's end are paragraph ends.
    assert page_text(page).lines == (
        "Người dân phải đi vòng gần 4 km" + SOFT_BREAK + "qua cầu Cẩm Lệ.",
        "Cầu dài 320 m,",
        "rộng 6 m.",
        "Ban quản lý dự án",
        "cầu Hoà Xuân cho biết cầu mở cửa từ 5h đến 22h.",
    )
    (report,) = load_texts([TextReport("a.html", page)]).reports
    assert report.body.split("\n") == [
        "Người dân phải đi vòng gần 4 km qua cầu Cẩm Lệ.", "Cầu dài 320 m,", "rộng 6 m.", "Ban quản lý dự án",
        "cầu Hoà Xuân cho biết cầu mở cửa từ 5h đến 22h.",
    ]


def test_comments_and_related_news_inside_the_article_are_left_out() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    page = f"<html><body><article><h1>Quảng Trị mở rộng cảng Cửa Việt</h1>{paragraphs}{RELATED}{COMMENTS}</article></body></html>"
    assert page_text(page).lines == tuple(STORY)
    # A site that names its story's own box like furniture still gives its text.
    named = f"<html><body><div class='share-area'><h1>Tiêu đề bài</h1>{paragraphs}</div></body></html>"
    assert page_text(named).lines == tuple(STORY)


def test_a_date_and_author_line_goes_to_the_credits(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    byline = "<div class='meta'>Thứ Hai, 23/5/2016 10:30 (GMT+7) Minh Anh</div>"
    (tmp_path / "a.html").write_text(
        f"<html><body><article><h1>Quảng Trị mở rộng cảng Cửa Việt</h1>{byline}{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (report,) = load_folder(tmp_path).reports
    assert report.body.split("\n") == STORY
    assert report.credits == ("Thứ Hai, 23/5/2016 10:30 (GMT+7) Minh Anh",)


def test_an_old_page_in_a_legacy_font_is_decoded(tmp_path: Path) -> None:
    # The headline typed in a Unicode font, the story in VNI-Times: its codes saved as Windows-1252.
    body = to_vni(TEXT.split("\n", 1)[1]).decode("cp1252").replace("\n", "</p><p>")
    page = (f"<html><head><meta charset='windows-1252'><title>x</title></head><body><article>"
            f"<h1>{TITLE}</h1><p><font face='VNI-Times'>{body}</font></p></article></body></html>")
    (tmp_path / "a.html").write_bytes(page.encode("cp1252", errors="xmlcharrefreplace"))
    (report,) = load_folder(tmp_path).reports
    # the declared Windows-1252 is not believed over bytes beyond ASCII: they read as VNI whole
    assert (report.title, report.body, report.encoding) == (TITLE, TEXT.split("\n", 1)[1], "vni")


def test_a_story_column_named_like_furniture_is_read_and_its_furniture_is_not() -> None:
    # VnExpress puts its story in <div class="sidebar-1">: the word "sidebar" named the whole
    # story furniture, the page was read again without names, and readers' comments came in.
    page = (
        "<html><body><nav><a href='/'>Trang chủ</a></nav><div class='sidebar-1'>"
        "<h1 class='title-detail'>Hà Nội mở tuyến buýt điện</h1><article class='fck_detail'>"
        "<p>Sáng 3/6, Hà Nội khai trương tuyến buýt điện nối sân bay Nội Bài với trung tâm.</p>"
        "<p>Tuyến dài 35 km, mỗi ngày chạy 120 chuyến từ 5h đến 23h.</p>"
        "<div class='box-tinlienquan'><h3>Tin liên quan</h3><p>Một tin khác hẳn về giá vé máy bay.</p></div>"
        "<section id='box_comment'><p>Minh Tuấn: Mong có thêm tuyến về Long Biên sớm.</p></section>"
        "</article></div><div class='sidebar-2'><p>Xem nhiều nhất trong tuần qua của chúng tôi.</p></div></body></html>"
    )
    text = page_text(page)
    assert text.title == "Hà Nội mở tuyến buýt điện"
    assert text.lines == ("Sáng 3/6, Hà Nội khai trương tuyến buýt điện nối sân bay Nội Bài với trung tâm.",
                          "Tuyến dài 35 km, mỗi ngày chạy 120 chuyến từ 5h đến 23h.")


def test_a_headline_repeated_atop_the_story_is_not_a_sentence_and_the_date_line_is_a_credit() -> None:
    from summarizer.documents import TextReport, load_texts

    page = ("<html><head><meta charset='utf-8'><title>Hà Nội mở tuyến buýt điện</title></head><body><table><tr><td>"
            "<a href='/'>Trang chủ</a></td></tr><tr><td><b>Hà Nội mở tuyến buýt điện</b><br>"
            "<i>Cập nhật lúc 10:30 ngày 3/6/2025</i><br><br>"
            "Sáng 3/6, Hà Nội khai trương tuyến buýt điện nối sân bay Nội Bài với trung tâm thành phố.<br><br>"
            "Tuyến dài 35 km, mỗi ngày chạy 120 chuyến từ 5h đến 23h.</td></tr></table></body></html>")
    (report,) = load_texts([TextReport("a.html", page.encode("utf-8"))]).reports
    assert report.title == "Hà Nội mở tuyến buýt điện"
    assert report.body.split("\n") == ["Sáng 3/6, Hà Nội khai trương tuyến buýt điện nối sân bay Nội Bài với trung tâm thành phố.",
                                         "Tuyến dài 35 km, mỗi ngày chạy 120 chuyến từ 5h đến 23h."]
    assert report.credits == ("Cập nhật lúc 10:30 ngày 3/6/2025",)


def test_plain_text_under_a_page_name_is_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(TEXT, encoding="utf-8")  # no tag at all: a text file misnamed
    (report,) = load_folder(tmp_path).reports
    assert report.title == TITLE and report.body == TEXT.split("\n", 1)[1].strip()


RESULTS = [
    "Sáng 9/3, hơn 2.000 vận động viên đã tham gia giải chạy việt dã quanh Hồ Tây năm nay.",
    "Ban tổ chức cho biết thời tiết mát mẻ giúp nhiều vận động viên lập thành tích tốt nhất.",
]


def test_a_row_of_short_cells_is_one_line_and_a_table_laying_out_prose_keeps_its_lines() -> None:
    results = ("<table><thead><tr><th>Hạng</th><th>Vận động viên</th><th>Thành tích</th></tr></thead><tbody>"
               "<tr><td>1</td><td>Nguyễn Văn Hùng<br>(Hà Nội)</td><td><b>32</b> phút 15 giây</td></tr>"
               "<tr><td>2<td><td>32 phút 40 giây"  # end tags left out, an empty cell
               "<tr><td>3<td>Lê Thị Hoa<td>33 phút 5 giây</table>")
    schedule = "<table><tr><td>8h</td><td>Đoàn vận động viên xuất phát từ Nhà hát Lớn và chạy về phía Hồ Tây.</td></tr></table>"
    nested = "<table><tr><td>Ghi chú</td><td><table><tr><td>Cự ly</td><td>10 km</td></tr></table></td></tr></table>"
    page = (f"<html><body><table class='layout'><tr><td><img src='logo.gif'></td><td>"
            f"<h1>Kết quả giải chạy Hồ Tây</h1><p>{RESULTS[0]}</p><p>{RESULTS[1]}</p>{results}{schedule}{nested}"
            "<p>Giải năm sau dự kiến mở thêm cự ly 42 km cho các vận động viên chuyên nghiệp.</p>"
            "</td></tr></table></body></html>")
    text = page_text(page)
    assert text.title == "Kết quả giải chạy Hồ Tây"
    assert text.lines == (
        *RESULTS,
        "Hạng | Vận động viên | Thành tích",
        "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
        "2 | 32 phút 40 giây",
        "3 | Lê Thị Hoa | 33 phút 5 giây",
        "8h",  # a cell of prose: the row keeps its cells' lines
        "Đoàn vận động viên xuất phát từ Nhà hát Lớn và chạy về phía Hồ Tây.",
        "Ghi chú",  # a table inside a cell: the outer row keeps its lines, the inner row is one
        "Cự ly | 10 km",
        "Giải năm sau dự kiến mở thêm cự ly 42 km cho các vận động viên chuyên nghiệp.",
    )


def test_a_row_holding_the_headline_or_a_caption_keeps_its_lines() -> None:
    page = ("<html><body><table><tr><td><h1>Giá xăng giảm mạnh</h1></td><td>Số 125</td></tr>"
            "<tr><td><figure><figcaption>Ảnh: Minh Hà</figcaption></figure></td><td>Cây xăng</td></tr></table>"
            "<p>Giá xăng giảm 500 đồng mỗi lít từ chiều nay.</p></body></html>")
    text = page_text(page)
    assert (text.title, text.lines, text.captions) == (
        "Giá xăng giảm mạnh", ("Số 125", "Cây xăng", "Giá xăng giảm 500 đồng mỗi lít từ chiều nay."), ("Ảnh: Minh Hà",))


def test_a_title_of_a_site_name_alone_is_none_and_escaped_tags_go() -> None:
    from summarizer.documents import TextReport, load_texts

    page = ("<html><head><title> | Báo Mới</title></head><body><p>Rạng sáng 12/9, lũ quét "
            "&lt;strong&gt;bất ngờ&lt;/strong&gt; tràn qua xã Tân Minh, cuốn trôi 17 ngôi nhà.</p></body></html>")
    assert page_text(page).title is None
    report = load_texts([TextReport("a.html", page)]).reports[0]
    assert report.body == "Rạng sáng 12/9, lũ quét bất ngờ tràn qua xã Tân Minh, cuốn trôi 17 ngôi nhà."


FIRE = [
    "Rạng sáng 20/10, một vụ cháy lớn bùng phát tại xưởng gỗ của Công ty Thành Phát ở phường Tân Hiệp, thành "
    "phố Biên Hòa. Lửa lan nhanh sang hai xưởng bên cạnh, khói đen bốc cao hàng chục mét khiến người dân "
    "quanh khu vực hoảng sợ, nhiều gia đình phải đưa người già và trẻ nhỏ đi sơ tán.",
    "Hơn 100 cán bộ, chiến sĩ cùng 15 xe chữa cháy được điều đến hiện trường, sau 4 giờ mới khống chế được đám cháy.",
    "Vụ cháy không gây thương vong, nguyên nhân và thiệt hại đang được cơ quan chức năng điều tra làm rõ.",
]
READERS = [  # readers' comments, one <div> each: prose, but less of it than the story
    "Xưởng gỗ nằm sát khu dân cư như vậy thì rất nguy hiểm, chính quyền cần kiểm tra lại ngay.",
    "Cảm ơn các chiến sĩ cứu hỏa đã làm việc suốt đêm để bảo vệ tính mạng và tài sản của bà con.",
]


def test_paragraphs_written_as_divs_are_all_kept_and_the_page_still_gets_only_its_story() -> None:
    # A mail client (Gmail, Apple Mail) writes each paragraph as a <div> of its own, and so do
    # some sites: such a <div> is a paragraph, not a region; the first one holding more than half
    # the text was taken for the whole story. <div><br></div> is a blank line between paragraphs.
    gmail = '<div dir="ltr">' + "<div><br></div>".join(f"<div>{p}</div>" for p in FIRE) + "</div>"
    assert page_text(gmail).lines == tuple(FIRE)
    assert page_text(f"<html><body>{gmail}</body></html>").lines == tuple(FIRE)
    # A page: the story's <div class="article"> beside a column of related links and teasers and
    # a box of readers' comments (names that are not furniture): only the story, whether its
    # paragraphs are <div>s or <p>s.
    side = ("<div class='col-right'><div><a href='/a'>Cháy chợ ở Long Khánh</a></div><div><a href='/b'>Giá gỗ tăng</a></div>"
            "<div>Đồng Nai tăng cường kiểm tra phòng cháy tại các khu công nghiệp trong mùa khô năm nay.</div></div>")
    readers = "<div class='y-kien'>" + "".join(f"<div class='item'><b>Bạn đọc</b><div>{c}</div></div>"
                                                for c in READERS) + "</div>"
    for paragraph in ("<div>{}</div>", "<p>{}</p>"):
        story = "".join(paragraph.format(p) for p in FIRE)
        page = (f"<html><body><div class='wrap'><div class='article'><h1>Cháy xưởng gỗ ở Biên Hòa</h1>{story}</div>"
                f"{side}{readers}</div></body></html>")
        text = page_text(page)
        assert (text.title, text.lines) == ("Cháy xưởng gỗ ở Biên Hòa", tuple(FIRE))


def test_a_story_of_one_block_of_bare_text_is_still_a_region_beside_a_box() -> None:
    # A <div> of bare text is a paragraph only beside another paragraph: a one-paragraph story
    # (or one whose paragraphs a single <br> sets apart) beside a box of <p> is still the region.
    box = "<div class='box'><p>Đồng Nai tăng cường kiểm tra phòng cháy tại các khu công nghiệp trong mùa khô năm nay.</p></div>"
    for story, lines in ((FIRE[0], (FIRE[0],)), ("<br>".join(FIRE), (SOFT_BREAK.join(FIRE),))):
        page = f"<html><body><div class='main'><div class='content'>{story}</div>{box}</div></body></html>"
        assert page_text(page).lines == lines


@pytest.mark.parametrize("lead_class", ["detail__summary", "sapo", "article-lead"])
def test_a_lead_set_apart_from_the_body_s_container_is_kept(lead_class: str) -> None:
    """A page with no <article> whose lead stands in its own element beside the body's container
    lost its lead: the container with the most text was the whole report."""
    page = (f'<html><body><div class="menu"><a href="/">Trang chủ</a></div><h1>VN-Index tăng mạnh 18,5 điểm</h1>'
            f'<div class="{lead_class}">Phiên hôm nay VN-Index tăng mạnh 18,5 điểm, tỷ giá giảm 40 đồng.</div>'
            '<div class="detail__content"><p>Thanh khoản trên sàn HOSE đạt hơn 20.000 tỷ đồng, tăng 15% so với phiên trước.</p>'
            '<p>Khối ngoại bán ròng hơn 300 tỷ đồng trên toàn thị trường trong phiên giao dịch hôm nay.</p>'
            '<p>Nhóm ngân hàng dẫn dắt đà tăng của thị trường với nhiều mã tăng trần.</p></div>'
            '<div class="summary-box"><p>Không phải phần mở đầu.</p></div></body></html>')
    text = page_text(page)
    assert text.lines[0] == "Phiên hôm nay VN-Index tăng mạnh 18,5 điểm, tỷ giá giảm 40 đồng."
    assert text.lines[1].startswith("Thanh khoản") and len(text.lines) == 4  # nothing after the body comes in


def test_vnexpress_s_description_is_its_lead_and_a_list_s_teasers_are_not() -> None:
    body = ("<p>Theo người dân, lửa bốc lên từ tầng hai của chợ khoảng 2h sáng rồi nhanh chóng lan rộng ra xung quanh.</p>"
            "<p>Lực lượng cứu hỏa đã điều hơn 20 xe chữa cháy đến hiện trường và khống chế đám cháy sau 3 giờ.</p>")
    lead = "Rạng sáng 3/5, đám cháy lớn bùng phát tại chợ Đồng Xuân, thiêu rụi hàng trăm ki-ốt."
    teasers = "".join(f'<div class="item"><h3><a href="/t{n}">Tin {n}</a></h3><p class="sapo">Tin ngắn số {n}.</p></div>'
                      for n in range(3))
    page = (f'<html><body><div class="box-hot">{teasers}</div><div class="sidebar-1"><h1>Cháy chợ Đồng Xuân</h1>'
            f'<p class="description">{lead}</p><article class="fck_detail">{body}</article></div></body></html>')
    assert page_text(page).lines[0] == lead  # before: dropped, the article alone was the report
    # the teasers of a list right above the body are no lead (each of the list's items holds one)
    listed = f'<html><body><h1>Cháy chợ Đồng Xuân</h1><div class="box-category">{teasers}</div><div class="detail">{body}</div></body></html>'
    assert page_text(listed).lines[0].startswith("Theo người dân")
