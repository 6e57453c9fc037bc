"""Loader fixes: related-article lines behind arrows (">> Xem thêm: …"), a web page's lead under
more class names ("ArticleLead", "detailSapo", "chapeau"), VnExpress's location stamp, UTF-16
without a byte-order mark in decomposed Vietnamese, related-news boxes under real sites' class
names, and files whose extension is not what they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.documents import read_report

TITLE = "Cháy lớn tại chợ Bình Tây"
LEAD = "Rạng sáng 14/3, ngọn lửa bùng lên từ khu hàng vải ở tầng trệt của chợ. Lực lượng cứu hỏa đã khống chế đám cháy sau ba giờ."
MORE = "Không có thương vong về người."
STORY = f"{TITLE}\n{LEAD}\n{MORE}\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# B1: navigation lines behind arrows
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("arrow", [">>", ">>>", "»", "›", ">> ", "» "])
def test_a_navigation_line_behind_arrows_leaves_the_body(tmp_path: Path, arrow: str) -> None:
    text = (STORY + f"{arrow}Xem thêm: Cháy kho hàng ở Bình Dương, thiệt hại hàng tỉ đồng\n"
            f"{arrow}Đọc thêm: Cảnh giác với hỏa hoạn trong mùa khô\n"
            f"{arrow}Tin liên quan: Hỏa hoạn tại chợ Kim Biên\n")
    assert read_report(write(tmp_path / "a.txt", text)).body == f"{LEAD}\n{MORE}"


def test_a_sentence_behind_arrows_after_the_label_stays(tmp_path: Path) -> None:
    line = ">> Xem thêm chi tiết về kế hoạch sửa chữa chợ tại đây."
    assert read_report(write(tmp_path / "a.txt", STORY + line)).body.endswith("sửa chữa chợ tại đây.")


def test_a_web_pages_navigation_line_behind_arrows_leaves_the_body(tmp_path: Path) -> None:
    page = (f"<html><body><article><h1>{TITLE}</h1><p>{LEAD}</p>"
            '<p><strong>>> Đọc thêm:</strong> <a href="/x">Cháy kho hàng ở Bình Dương</a></p>'
            f"<p>{MORE}</p>"
            '<p><strong>&gt;&gt;&gt; Xem thêm:</strong> <a href="/y">Hỏa hoạn tại chợ Kim Biên</a></p>'
            '<p>» <a href="/z">Đọc thêm: Cảnh giác với hỏa hoạn trong mùa khô</a></p>'
            "</article></body></html>")
    assert read_report(write(tmp_path / "a.html", page)).body == f"{LEAD}\n{MORE}"


# ---------------------------------------------------------------------------------------------
# B3: a web page's lead under more names, and one no name marks
# ---------------------------------------------------------------------------------------------

BODY_PARAGRAPHS = ("Theo Ban quản lý chợ, đám cháy bắt đầu từ một sạp vải ở tầng trệt rồi lan nhanh sang các sạp bên cạnh.",
                   "Hàng trăm tiểu thương đã được sơ tán an toàn ra khỏi khu vực chợ trước khi lửa lan rộng.",
                   "Cơ quan chức năng đang điều tra làm rõ nguyên nhân vụ cháy và thống kê thiệt hại.")


def lead_page(lead_element: str, *, headline: bool = True) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>'
            + (f"<h1>{TITLE}</h1>" if headline else "") +
            f"{lead_element}<div class=\"ArticleContent\">"
            + "".join(f"<p>{p}</p>" for p in BODY_PARAGRAPHS) + "</div></body></html>")


@pytest.mark.parametrize("name", ["ArticleLead", "detailSapo", "articleSummary", "intro", "article-intro",
                                  "chapeau", "chappeau", 'x" id="mainLead'])
def test_a_lead_under_its_sites_class_name_is_kept(tmp_path: Path, name: str) -> None:
    for headline in (True, False):  # no <h1>: found by its name alone
        page = lead_page(f'<div class="{name}">{LEAD}</div>', headline=headline)
        report = read_report(write(tmp_path / "a.html", page))
        assert (report.title, report.body.split("\n")) == (TITLE, [LEAD, *BODY_PARAGRAPHS])


def test_a_lead_no_name_marks_between_the_headline_and_the_body_is_kept(tmp_path: Path) -> None:
    page = lead_page(f'<div class="box-x"><p>{LEAD}</p></div><p class="date">Thứ tư, 12/3/2025</p>')
    assert read_report(write(tmp_path / "a.html", page)).body.split("\n") == [LEAD, *BODY_PARAGRAPHS]
    # a short line there (a date, a byline) is no lead
    page = lead_page('<p class="time">Thứ tư, 12/3/2025 08:30</p>')
    assert read_report(write(tmp_path / "b.html", page)).body.split("\n") == list(BODY_PARAGRAPHS)


def test_a_list_of_teasers_between_the_headline_and_the_body_is_no_lead(tmp_path: Path) -> None:
    teasers = "".join(f"<div><p>{p}</p></div>" for p in (LEAD, "Cháy nhà xưởng ở Long An, thiệt hại nhiều tỉ đồng, nhiều công nhân phải sơ tán khẩn cấp."))
    page = lead_page(teasers)
    assert read_report(write(tmp_path / "a.html", page)).body.split("\n") == list(BODY_PARAGRAPHS)


# ---------------------------------------------------------------------------------------------
# B4: a location stamp opening the lead
# ---------------------------------------------------------------------------------------------


def test_a_location_stamp_goes_to_the_credits_and_is_not_glued_to_the_lead(tmp_path: Path) -> None:
    page = (f'<html><head><meta charset="utf-8"><title>{TITLE} - VnExpress</title></head><body>'
            f'<h1 class="title-detail">{TITLE}</h1>'
            f'<p class="description"><span class="location-stamp">TP HCM</span>{LEAD}</p>'
            '<article class="fck_detail">' + "".join(f'<p class="Normal">{p}</p>' for p in BODY_PARAGRAPHS)
            + "</article></body></html>")
    report = read_report(write(tmp_path / "a.html", page))
    assert report.body.split("\n") == [LEAD, *BODY_PARAGRAPHS]
    assert report.credits == ("TP HCM",)


def test_a_location_stamp_inside_the_body_and_on_a_line_of_its_own_goes_to_the_credits(tmp_path: Path) -> None:
    page = (f"<html><body><article><h1>{TITLE}</h1><div class='dateline'>Hà Nội</div>"
            f"<p><span class='dateline'>Hà <b>Nội</b></span>{LEAD}</p><p>{MORE}</p></article></body></html>")
    report = read_report(write(tmp_path / "a.html", page))
    assert report.body == f"{LEAD}\n{MORE}"
    assert report.credits == ("Hà Nội", "Hà Nội")


# ---------------------------------------------------------------------------------------------
# B7: UTF-16 without a byte-order mark, in decomposed Vietnamese
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decomposed_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", STORY)
    assert "\u0300" in decomposed  # "à", "ồ" carry the grave tone mark: a NUL low byte
    path = tmp_path / "a.txt"
    path.write_bytes(decomposed.encode(encoding))
    report = read_report(path)
    assert (report.title, report.body) == (TITLE, f"{LEAD}\n{MORE}")


def test_utf16_with_nul_characters_is_still_a_binary_file(tmp_path: Path) -> None:
    from summarizer.documents import UnreadableError

    path = tmp_path / "a.txt"
    path.write_bytes(("\x00" * 40 + STORY).encode("utf-16-le"))
    with pytest.raises(UnreadableError, match="binary file"):
        read_report(path)


# ---------------------------------------------------------------------------------------------
# B9: related-news boxes under real sites' class names; no words glued at a boundary
# ---------------------------------------------------------------------------------------------

TEASER = "Công an huyện Bình Chánh vừa bắt một người đàn ông giả danh cán bộ để lừa tiền."
RELATED_BOXES = {
    "vnexpress": ('<div class="box-tinlienquanv2"><article class="item-news"><h4 class="title-news">'
                  f'<a href="/x">Bắt kẻ giả danh cán bộ</a></h4><p class="description">{TEASER}</p></article></div>'),
    "tuoitre": ('<div type="RelatedOneNews"><div class="kbwscwl-relatedbox type-1"><ul><li>'
                f'<a href="/x">Bắt kẻ giả danh cán bộ</a><span class="sapo">{TEASER}</span></li></ul></div></div>'),
    "camel case": f'<div class="boxRelatedNews"><a href="/x">Bắt kẻ giả danh cán bộ</a><p>{TEASER}</p></div>',
}


@pytest.mark.parametrize("site", sorted(RELATED_BOXES))
def test_a_related_news_box_under_a_sites_own_class_name_is_left_out(tmp_path: Path, site: str) -> None:
    page = (f'<html><head><meta charset="utf-8"></head><body><h1>{TITLE}</h1><article class="fck_detail">'
            f"<p>{LEAD}</p>{RELATED_BOXES[site]}" + "".join(f"<p>{p}</p>" for p in BODY_PARAGRAPHS)
            + "</article></body></html>")
    from summarizer.html_text import page_text

    assert page_text(page).lines == (LEAD, *BODY_PARAGRAPHS)
    assert read_report(write(tmp_path / "a.html", page)).body.split("\n") == [LEAD, *BODY_PARAGRAPHS]


@pytest.mark.parametrize("tag", ["aside", "nav", "header", "footer", "form", "details", "summary", "fieldset",
                                 "legend", "caption", "hgroup", "menu", "tbody"])
def test_a_block_element_boundary_never_glues_two_words(tag: str) -> None:
    from summarizer.html_text import page_text

    page = f"<html><body><div>{MORE}<{tag}>Chia sẻ</{tag}>{LEAD}</div></body></html>"
    words = {word for line in page_text(page).lines for word in line.split()}
    assert words <= set(f"{MORE} Chia sẻ {LEAD}".split())  # not "người.Chia", "người.Rạng"


def test_an_inline_box_left_out_for_its_name_leaves_a_space(tmp_path: Path) -> None:
    from summarizer.html_text import page_text

    page = f'<html><body><p>Lực lượng cứu hỏa có mặt<span class="share-box">Chia sẻ</span>sau năm phút.</p></body></html>'
    assert page_text(page).lines == ("Lực lượng cứu hỏa có mặt sau năm phút.",)


# ---------------------------------------------------------------------------------------------
# B11: a file whose extension is not what it is, read by its content
# ---------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def docx_bytes(path: Path) -> bytes:
    import zipfile

    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in (TITLE, LEAD, MORE))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}'
                                              "</w:body></w:document>")
    return path.read_bytes()


def odt_bytes(path: Path) -> bytes:
    import zipfile

    body = "".join(f"<text:p>{line}</text:p>" for line in (TITLE, LEAD, MORE))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
                                        f"<office:body><office:text>{body}</office:text></office:body>"
                                        "</office:document-content>")
    return path.read_bytes()


def eml_bytes() -> bytes:
    from email.mime.text import MIMEText

    message = MIMEText(f"{LEAD}\n{MORE}\n", "plain", "utf-8")  # base64: no Vietnamese read as text
    message["Subject"] = TITLE
    message["From"] = "phongvien@example.vn"
    return message.as_bytes()


def pdf_file_bytes() -> bytes:
    from _pdf import pdf_bytes

    return pdf_bytes([[(TITLE, 16.0), LEAD, MORE]])


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("word_saved_as.txt", "docx", "a Word document (.docx)"),
    ("mail_saved_as.txt", "eml", "an e-mail message (.eml)"),
    ("pdf_named.doc", "pdf", "a PDF (.pdf)"),
    ("odt_named.docx", "odt", "an OpenDocument text (.odt)"),
    ("docx_named.odt", "docx", "a Word document (.docx)"),
])
def test_a_file_is_read_by_what_its_content_is_and_a_warning_says_so(tmp_path: Path, name: str, content: str,
                                                                      kind: str) -> None:
    from summarizer import SummarizeOptions, summarize

    build = {"docx": lambda: docx_bytes(tmp_path / "x.zip"), "odt": lambda: odt_bytes(tmp_path / "x.zip"),
             "eml": eml_bytes, "pdf": pdf_file_bytes}[content]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(build())
    report = read_report(folder / name)
    assert report.title == TITLE and LEAD.split(".")[0] in report.body
    assert report.read_as == kind
    result = summarize(folder, SummarizeOptions(engine="extractive"))
    assert f"{name}: read as {kind}, which its content is, whatever its name says" in result.warnings


def test_a_file_named_for_its_format_gets_no_warning(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(docx_bytes(tmp_path / "x.zip"))
    assert read_report(tmp_path / "a.docx").read_as is None
    write(tmp_path / "b.txt", "Subject: Cháy chợ\nFrom: phongvien@example.vn\n\n" + STORY)  # pasted headers: text
    assert read_report(tmp_path / "b.txt").read_as is None


def test_a_misnamed_file_that_cannot_be_read_says_what_it_is(tmp_path: Path) -> None:
    import zipfile

    from summarizer.documents import UnreadableError

    with zipfile.ZipFile(tmp_path / "sheet.txt", "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableError, match=r"^a zip archive \(\.zip\), not a report"):
        read_report(tmp_path / "sheet.txt")
    (tmp_path / "broken.txt").write_bytes(pdf_file_bytes()[:40])
    with pytest.raises(UnreadableError, match=r"\(read as a PDF \(\.pdf\), which its content is\)$"):
        read_report(tmp_path / "broken.txt")


@pytest.mark.parametrize(("line", "kept", "credits"), [
    ("Tòa tuyên phạt bị cáo án chung thân về tội giết người - tin tức đăng tải trên báo Thanh niên.",
     "Tòa tuyên phạt bị cáo án chung thân về tội giết người.", ["tin tức đăng tải trên báo Thanh niên"]),
    ("Tin tức trên báo Dân Việt, Công an thành phố xác định nguyên nhân vụ cháy.",
     "Công an thành phố xác định nguyên nhân vụ cháy.", ["Tin tức trên báo Dân Việt"]),
    ("Phiên tòa kết thúc. Tin tức đăng tải trên báo Công lý cho hay, ngày 23/5, tòa đã tuyên án.",
     "Phiên tòa kết thúc. Ngày 23/5, tòa đã tuyên án.", ["Tin tức đăng tải trên báo Công lý cho hay"]),
    ("Trước đó, như tin đã đưa, đêm 31/3, công an đã khám xét nhà riêng của ông Tòng.",
     "Trước đó, đêm 31/3, công an đã khám xét nhà riêng của ông Tòng.", ["như tin đã đưa"]),
    # a source the story names is no aggregator's credit
    ("Theo tin tức trên báo VnExpress, vào ngày 22/5, hai máy bay dự phòng đã hạ cánh.",
     "Theo tin tức trên báo VnExpress, vào ngày 22/5, hai máy bay dự phòng đã hạ cánh.", []),
])
def test_an_aggregator_s_credits_leave_the_text(line: str, kept: str, credits: list[str]) -> None:
    from summarizer.report_lines import strip_aggregator_credits

    assert strip_aggregator_credits(line) == (kept, credits)


def test_an_aggregator_s_credit_goes_to_the_report_s_credits() -> None:
    from summarizer.documents import TextReport, load_texts

    text = ("Cháy xe ở cây xăng\nTin tức trên báo Dân Việt, công an xác định nguyên nhân là tàn lửa thắp hương.\n"
            "Vụ cháy không gây thiệt hại về người - tin tức đăng tải trên báo Thanh niên.\n")
    report = load_texts([TextReport("a.txt", text)]).reports[0]
    assert report.body == ("Công an xác định nguyên nhân là tàn lửa thắp hương.\n"
                           "Vụ cháy không gây thiệt hại về người.")
    assert report.credits == ("Tin tức trên báo Dân Việt", "tin tức đăng tải trên báo Thanh niên")
