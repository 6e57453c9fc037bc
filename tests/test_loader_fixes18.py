"""Loader fixes: a title glued to its lead by a space, photo captions (a bracketed credit, a
caption opening with "Ảnh:", Word's Caption style), headline-only reports, and lines that send
the reader elsewhere ("Xem thêm: …", "Tin liên quan") or credit the authors ("Bài và ảnh: …")."""

from __future__ import annotations

import zipfile
from pathlib import Path

from summarizer import SummarizeOptions, summarize
from summarizer.documents import load_folder, read_report

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEAD = "Rạng sáng 14/3, ngọn lửa bùng lên từ khu hàng vải ở tầng trệt của chợ. Lực lượng cứu hỏa đã khống chế đám cháy sau ba giờ."
STORY = ("Cháy lớn tại chợ Bình Tây\n" + LEAD + "\nKhông có thương vong về người.\n")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_docx(path: Path, *paragraphs: tuple[str | None, str]) -> Path:
    """A .docx of (style id, text) paragraphs, its styles named by their ids."""
    body = "".join(
        "<w:p>" + (f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else "")
        + f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        for style, text in paragraphs
    )
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{s}"><w:name w:val="{s.lower()}"/></w:style>'
                     for s in {style for style, _ in paragraphs if style})
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}'
                                              "</w:body></w:document>")
        archive.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles xmlns:w="{W}">{styles}</w:styles>')
    return path


# ---------------------------------------------------------------------------------------------
# A title glued to its lead by a space
# ---------------------------------------------------------------------------------------------


def test_a_title_glued_to_a_lead_opening_with_a_time_is_split(tmp_path: Path) -> None:
    report = read_report(write(tmp_path / "a.txt", "Cháy lớn tại chợ Bình Tây " + LEAD))
    assert report.title == "Cháy lớn tại chợ Bình Tây"
    assert report.body == LEAD
    hour = "Khoảng 4h30, một xe tải chở cát lật nghiêng giữa cầu Rồng, chắn hai làn đường."
    report = read_report(write(tmp_path / "b.txt", "Xe tải lật trên cầu Rồng " + hour + "\nCảnh sát đã phân luồng."))
    assert (report.title, report.body) == ("Xe tải lật trên cầu Rồng", hour + "\nCảnh sát đã phân luồng.")


def test_a_title_glued_to_a_lead_opening_with_its_source_is_split(tmp_path: Path) -> None:
    lead = ("Theo Thông tư 12/2025/TT-BCA vừa được ban hành, người đi xe máy phải bật đèn chiếu sáng "
            "cả ban ngày. Mức phạt là 400.000 đồng.")
    report = read_report(write(tmp_path / "a.txt", "Từ 1/7, xe máy phải bật đèn cả ngày " + lead))
    assert report.title == "Từ 1/7, xe máy phải bật đèn cả ngày"
    assert report.body == lead
    # a lower-case source and an agency's name open a lead too
    report = read_report(write(tmp_path / "b.txt", "Mưa đá phủ trắng Sa Pa Theo Reuters, trận mưa đá kéo dài "
                                                  "hai mươi phút làm hỏng nhiều mái nhà."))
    assert report.title == "Mưa đá phủ trắng Sa Pa"


def test_a_capitalised_opener_that_is_no_lead_leaves_the_line_whole(tmp_path: Path) -> None:
    # the rule still splits a real glued title ...
    assert read_report(write(tmp_path / "a.txt", "Cháy lớn tại chợ Bình Tây " + LEAD)).title == "Cháy lớn tại chợ Bình Tây"
    # ... but not a footballer's name after "Theo", a headline in title case, a part ending in
    # a colon, or an opener followed by a fragment
    for text in (
        "Chelsea chiêu mộ Theo Hernandez, hậu vệ trái người Pháp, với giá 40 triệu euro.",
        "Chợ Bình Tây Đêm 14/3 Cháy Lớn, Hàng Trăm Tiểu Thương Mất Trắng Tài Sản Sau Vụ Hỏa Hoạn.",
        "Thời tiết Hà Nội hôm nay: Sáng 14/3, nhiệt độ xuống dưới 10 độ C ở nhiều quận nội thành.",
        "Bảng giá vé mới của tuyến xe buýt số 8 Ngày 14/3 có hiệu lực.",
    ):
        report = read_report(write(tmp_path / "b.txt", text))
        assert (report.title, report.body) == (None, text)


# ---------------------------------------------------------------------------------------------
# Photo captions
# ---------------------------------------------------------------------------------------------


def test_a_short_line_ending_in_a_bracketed_photo_credit_is_a_caption(tmp_path: Path) -> None:
    caption = "Mặt cầu Hòa Xuân nhìn từ bờ đông sông Cẩm Lệ. (Ảnh: Nguyễn Đông)"
    long_line = ("Cầu dài 600 m, rộng 30 m, gồm sáu làn xe. Công trình do liên danh nhà thầu trong nước thi "
                 "công trong 36 tháng (Ảnh: Nguyễn Đông).")
    report = read_report(write(tmp_path / "a.txt", f"Khánh thành cầu Hòa Xuân\n{LEAD}\n{caption}\n{long_line}\n"
                                                   "Ảnh: Công nhân thảm nhựa mặt cầu trong đêm trước ngày thông xe\n"
                                                   "Cầu thông xe từ 15h cùng ngày."))
    # the caption leaves the body whole; a body line of two sentences only loses its credit
    assert report.body.split("\n") == [
        *LEAD.split("\n"),
        "Cầu dài 600 m, rộng 30 m, gồm sáu làn xe. Công trình do liên danh nhà thầu trong nước thi công trong 36 tháng.",
        "Cầu thông xe từ 15h cùng ngày.",
    ]
    assert report.credits == (caption, "(Ảnh: Nguyễn Đông)",
                              "Ảnh: Công nhân thảm nhựa mặt cầu trong đêm trước ngày thông xe")


def test_a_word_caption_paragraph_is_a_caption(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "a.docx",
        ("Title", "Khánh thành cầu Hòa Xuân"),
        (None, LEAD),
        ("Caption", "Hình 1. Lễ cắt băng khánh thành cầu"),
        (None, "Cầu thông xe từ 15h cùng ngày."),
    )
    report = read_report(path)
    assert report.title == "Khánh thành cầu Hòa Xuân"
    assert report.body == LEAD + "\nCầu thông xe từ 15h cùng ngày."
    assert report.credits == ("Hình 1. Lễ cắt băng khánh thành cầu",)


# ---------------------------------------------------------------------------------------------
# Headline-only reports
# ---------------------------------------------------------------------------------------------


def test_a_headline_alone_is_a_title_with_an_empty_body(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", "Chợ Bình Tây cháy lớn trong đêm\n")
    write(tmp_path / "c.md", "# Tiểu thương chợ Bình Tây mất trắng hàng hóa\n")
    loaded = load_folder(tmp_path)
    assert [(r.file, r.title, r.body) for r in loaded.reports[1:]] == [
        ("b.txt", "Chợ Bình Tây cháy lớn trong đêm", ""),
        ("c.md", "Tiểu thương chợ Bình Tây mất trắng hàng hóa", ""),
    ]
    assert not loaded.skipped


def test_a_folder_of_headlines_alone_reads_them_as_text(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Chợ Bình Tây cháy lớn trong đêm\n")
    write(tmp_path / "c.md", "# Tiểu thương chợ Bình Tây mất trắng hàng hóa\n")
    loaded = load_folder(tmp_path)
    assert [(r.title, r.body) for r in loaded.reports] == [
        (None, "Chợ Bình Tây cháy lớn trong đêm"), (None, "Tiểu thương chợ Bình Tây mất trắng hàng hóa")]
    # the headline of a Word file of only its Title paragraph is no longer "empty"
    write_docx(tmp_path / "d.docx", ("Title", "Chợ Bình Tây hoạt động trở lại"))
    assert read_report(tmp_path / "d.docx").title == "Chợ Bình Tây hoạt động trở lại"


def test_a_headline_only_report_is_a_source_and_a_headline_candidate(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", "Chợ Bình Tây cháy lớn, tiểu thương mất trắng\n")
    result = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    sources = {source.file: (source.title, source.sentences) for source in result.sources}
    assert sources["b.txt"] == ("Chợ Bình Tây cháy lớn, tiểu thương mất trắng", 0)
    assert "Chợ Bình Tây cháy lớn, tiểu thương mất trắng" in [c.text for c in result.title_candidates]
    assert result.sentences and all(s.text != "Chợ Bình Tây cháy lớn, tiểu thương mất trắng." for s in result.sentences)


# ---------------------------------------------------------------------------------------------
# Navigation lines and the authors' credit
# ---------------------------------------------------------------------------------------------


def test_navigation_lines_leave_the_body_and_the_authors_credit_goes_to_the_credits(tmp_path: Path) -> None:
    text = (STORY + "Xem thêm: Cháy kho hàng ở Bình Dương, thiệt hại hàng tỉ đồng\n"
            "Xem thêm chi tiết về kế hoạch sửa chữa chợ tại đây.\n"
            "Bài và ảnh: Nhóm phóng viên Báo Sài Gòn\n"
            "Tin liên quan\nCháy nhà xưởng ở Long An\nHỏa hoạn tại chợ Kim Biên")
    report = read_report(write(tmp_path / "a.txt", text))
    assert report.body == LEAD + "\nKhông có thương vong về người.\nXem thêm chi tiết về kế hoạch sửa chữa chợ tại đây."
    assert report.credits == ("Bài và ảnh: Nhóm phóng viên Báo Sài Gòn",)


def test_a_web_pages_author_line_is_a_credit(tmp_path: Path) -> None:
    page = ("<html><body><article><h1>Cháy lớn tại chợ Bình Tây</h1>"
            '<p class="author"><strong>Hoàng Sơn</strong></p>'
            f"<p>{LEAD}</p><p>Không có thương vong về người.</p>"
            '<div class="xem-them"><strong>Xem thêm:</strong> <a href="/x">Cháy kho hàng ở Bình Dương</a></div>'
            "</article></body></html>")
    report = read_report(write(tmp_path / "a.html", page))
    assert report.body == LEAD + "\nKhông có thương vong về người."
    assert report.credits == ("Hoàng Sơn",)


def test_a_folder_under_a_user_that_does_not_exist_is_not_found() -> None:
    import pytest

    from summarizer.errors import FolderNotFoundError
    from summarizer.pipeline import summarize

    with pytest.raises(FolderNotFoundError):  # before: RuntimeError from Path.expanduser
        summarize("~nosuchuser_for_this_test/reports", None)


def test_a_live_blog_loses_its_clock_stamps_and_is_told_in_the_order_it_happened(tmp_path) -> None:
    from summarizer.documents import read_report
    from summarizer.report_lines import live_blog_in_order

    blog = ("Việt Nam vô địch AFF Cup\nCập nhật liên tục\n"
            "21h55: Trận đấu kết thúc, Việt Nam thắng Thái Lan 3-2.\n"
            "21h50: Phút 90+8, Tiến Linh ghi bàn nâng tỷ số lên 3-2.\nKhán đài vỡ òa.\n"
            "20h28: Phút 31, Xuân Son mở tỷ số 1-0 cho Việt Nam.\n"
            "20h00: Trận đấu bắt đầu trên sân Rajamangala.\n")
    path = tmp_path / "live.txt"
    path.write_text(blog, encoding="utf-8")
    assert read_report(path).body.split("\n") == [
        "Trận đấu kết thúc, Việt Nam thắng Thái Lan 3-2.",  # the newest entry stays the lead ("Cập nhật liên tục" gone)
        "Trận đấu bắt đầu trên sân Rajamangala.",
        "Phút 31, Xuân Son mở tỷ số 1-0 cho Việt Nam.",
        "Phút 90+8, Tiến Linh ghi bàn nâng tỷ số lên 3-2.", "Khán đài vỡ òa.",
    ]  # before: newest first all through, each line opening "21h55:"
    bracketed = ["[17:30] Mực nước đạt 10,45 m.", "[15:10] Mực nước đạt 10,2 m.", "[9:45] Mực nước đạt 9,85 m."]
    assert live_blog_in_order(bracketed) == ["Mực nước đạt 10,45 m.", "Mực nước đạt 9,85 m.", "Mực nước đạt 10,2 m."]
    minutes = ["Phút 90+4: Văn Quyết ghi bàn.", "Phút 55: Hai Long gỡ hòa.", "Phút 1: Trận đấu bắt đầu."]
    assert live_blog_in_order(minutes) == ["Phút 90+4, Văn Quyết ghi bàn.", "Phút 1, Trận đấu bắt đầu.",
                                           "Phút 55, Hai Long gỡ hòa."]  # a match minute stays as prose
    mixed = ["Phút 107: Palace dâng cao.", "Phút 105 - Thẻ đỏ: Smalling rời sân.", "Phút 102: Bolasie sút.",
             "Phút 90+5: Hết giờ.", "(72): Rooney sút xa."]
    assert live_blog_in_order(mixed) == mixed  # minutes written in ways not read: moved, they would scramble
    rising = ["8h00: Khai mạc hội nghị.", "9h30: Thảo luận tổ.", "10:15 - Bế mạc hội nghị."]
    assert live_blog_in_order(rising) == rising  # a day's programme keeps its times
    followed = ["21h50: Phút 82, Tiến Linh ghi bàn.", "21h05: Phút 58, Ben Davis sút.", "Bóng dội xà.",
                "20h28: Phút 31, Quang Hải sút.", "Cú sút của Quang Hải đi chệch cột dọc."]
    assert live_blog_in_order(followed) == [
        "Phút 82, Tiến Linh ghi bàn.", "Phút 31, Quang Hải sút.", "Cú sút của Quang Hải đi chệch cột dọc.",
        "Phút 58, Ben Davis sút.", "Bóng dội xà.",
    ]  # the last entry's follow-up stays with it
    prose = ["Lúc 8h: khai mạc.", "21h30: Phút 82, Xuân Son rời sân.", "Tỷ số 2: 1 nghiêng về đội khách."]
    assert live_blog_in_order(prose) == prose  # one stamp is no live blog
    headed = ["Tâm bão cách Quảng Ninh 70 km.", "Cập nhật lúc 12:45 ngày 07/09/2024", "Bão đã vào đất liền.",
              "Cập nhật thông tin mới nhất về cơn bão số 3 cho bạn đọc."]
    assert live_blog_in_order(headed) == [headed[0], headed[2], headed[3]]  # before: the stamp line stayed


def test_a_caption_whose_bracketed_credit_is_in_lower_case_is_a_caption(tmp_path) -> None:
    from summarizer.documents import read_report

    path = tmp_path / "mua.txt"
    path.write_text("Mưa lớn ở Huế\nMưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở TP Huế ngập sâu.\n"
                    "Người dân di chuyển qua tuyến phố ngập ở TP Huế (ảnh: Nhật Linh).\n", encoding="utf-8")
    report = read_report(path)
    assert "Nhật Linh" not in report.body  # before: the caption stayed in the body
    assert any("Nhật Linh" in credit for credit in report.credits)


def test_a_see_also_label_alone_takes_the_other_article_s_title_under_it(tmp_path) -> None:
    from summarizer.documents import read_report

    path = tmp_path / "a.txt"
    path.write_text("Cháy chợ Bình Tây\nSáng 20/5, chợ Bình Tây bốc cháy dữ dội.\nXem thêm:\n"
                    "Giá vàng hôm nay tăng mạnh\nLực lượng chữa cháy đã khống chế đám cháy sau 2 giờ.\n",
                    encoding="utf-8")
    assert read_report(path).body.split("\n") == ["Sáng 20/5, chợ Bình Tây bốc cháy dữ dội.",
                                                   "Lực lượng chữa cháy đã khống chế đám cháy sau 2 giờ."]


def test_a_lead_whose_day_is_a_phrase_s_object_is_no_glued_title(tmp_path) -> None:
    from summarizer.documents import read_report

    lead = ("Nhân kỷ niệm Ngày 20/10, Hội Liên hiệp Phụ nữ tỉnh Quảng Nam đã tổ chức buổi gặp mặt các nữ doanh "
            "nhân tiêu biểu. Buổi gặp mặt có hơn 200 đại biểu tham dự.")
    path = tmp_path / "a.txt"
    path.write_text(lead + "\n", encoding="utf-8")
    report = read_report(path)
    assert report.title is None and report.body == lead  # before: title 'Nhân kỷ niệm'


def test_related_titles_listed_in_the_body_go_with_their_label(tmp_path) -> None:
    from summarizer.documents import read_report

    path = tmp_path / "a.txt"
    path.write_text("Cháy chung cư mini\nĐêm 12/9, một vụ cháy lớn xảy ra tại chung cư mini ở Thanh Xuân.\n"
                    "Tin liên quan:\nThủ tướng yêu cầu rà soát chung cư mini\nHà Nội hỗ trợ gia đình nạn nhân\n"
                    "Lực lượng cứu hỏa đã cứu được hơn 70 người ra khỏi đám cháy.\n", encoding="utf-8")
    assert read_report(path).body.split("\n") == [
        "Đêm 12/9, một vụ cháy lớn xảy ra tại chung cư mini ở Thanh Xuân.",
        "Lực lượng cứu hỏa đã cứu được hơn 70 người ra khỏi đám cháy.",
    ]  # before: the second title stayed


def test_outlet_codes_in_capitals_and_a_desk_s_byline_are_credits(tmp_path) -> None:
    from summarizer.documents import read_report

    path = tmp_path / "a.txt"
    path.write_text("Dịch sởi gia tăng ở TP.HCM\nSKĐS - Trước tình hình dịch sởi gia tăng, Sở Y tế TP.HCM đề xuất "
                    "tiêm vắc xin cho trẻ từ 6 tháng tuổi.\nThành phố ghi nhận thêm 27 ca mắc mới.\nNhóm phóng viên\n",
                    encoding="utf-8")
    report = read_report(path)
    assert report.body.split("\n") == ["Trước tình hình dịch sởi gia tăng, Sở Y tế TP.HCM đề xuất tiêm vắc xin cho "
                                       "trẻ từ 6 tháng tuổi.", "Thành phố ghi nhận thêm 27 ca mắc mới."]
    assert "SKĐS" in report.credits and "Nhóm phóng viên" in report.credits  # before: both in the body
    other = tmp_path / "b.txt"
    other.write_text("Siêu kinh điển\nMessi - Ronaldo: cuộc đua chưa có hồi kết trong năm nay.\n", encoding="utf-8")
    assert read_report(other).body.startswith("Messi - Ronaldo")  # a name is no outlet's code
