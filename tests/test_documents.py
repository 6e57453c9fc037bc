"""Loading a folder: encodings, titles, credits, skipped files and the three folder errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from summarizer import SummarizeOptions, summarize
from summarizer.documents import SkippedFile, load_folder, replacement_characters, resolved_soft_breaks
from summarizer.errors import BadOptionError, EmptyFolderError, FolderNotFoundError, NoReadableReportsError
from summarizer.sentences import split_sentences

BODY = "Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt. Hai bên trao đổi về kế hoạch mở rộng cảng."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes of ``text``: base letters precomposed, tone marks as combining bytes."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_report(folder: Path):
    loaded = load_folder(folder)
    assert len(loaded.reports) == 1
    return loaded.reports[0]


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------


def test_first_line_title(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt\n" + BODY)
    report = only_report(tmp_path)
    assert report.title == "Quảng Trị mở rộng cảng Cửa Việt"
    assert report.body == BODY


def test_glued_title(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng biểnSáng 3/4, đoàn công tác đã đến cảng. Hai bên trao đổi kế hoạch.")
    report = only_report(tmp_path)
    assert report.title == "Quảng Trị mở rộng cảng biển"
    assert report.body == "Sáng 3/4, đoàn công tác đã đến cảng. Hai bên trao đổi kế hoạch."


def test_glued_title_ignores_brand_names(tmp_path: Path) -> None:
    text = "Người dùng iPhone và YouTube tăng mạnh trong năm nay. Các hãng VinFast, McDonald đều có mặt."
    write(tmp_path, "a.txt", text)
    report = only_report(tmp_path)
    assert report.title is None
    assert report.body == text


def test_no_title_when_first_line_is_a_sentence(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Đoàn công tác đã đến cảng.\nHai bên trao đổi kế hoạch.")
    report = only_report(tmp_path)
    assert report.title is None
    assert report.body == "Đoàn công tác đã đến cảng.\nHai bên trao đổi kế hoạch."


def test_question_headline_is_a_title(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Vì sao cảng Cửa Việt phải mở rộng?\n" + BODY)
    assert only_report(tmp_path).title == "Vì sao cảng Cửa Việt phải mở rộng?"


def test_a_table_row_is_not_a_title_but_a_bar_before_a_site_name_is(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Ngày | Trận | Giờ\n" + BODY)
    assert only_report(tmp_path).title is None
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt | Báo Quảng Trị\n" + BODY)
    assert only_report(tmp_path).title == "Quảng Trị mở rộng cảng Cửa Việt | Báo Quảng Trị"
    write(tmp_path, "a.txt", "Bão số 3 | VnExpress\n" + BODY)
    assert only_report(tmp_path).title == "Bão số 3 | VnExpress"


def test_tab_separated_rows_of_a_text_report_are_table_rows(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt\nVốn đầu tư chia như sau:\n"
          "Hạng mục\tChiều dài (km)\tVốn\nCầu chính\t1,2 km\tLiên danh “Thăng Long”\n"
          "\tMột đoạn văn thụt đầu dòng bằng tab.\tHai.\n")
    assert only_report(tmp_path).body.split("\n") == [
        "Vốn đầu tư chia như sau:", "Hạng mục | Chiều dài (km) | Vốn", "Cầu chính | 1,2 km | Liên danh “Thăng Long”",
        "Một đoạn văn thụt đầu dòng bằng tab. Hai."]
    # one stray tab in a wrapped line is no table row: the line is rejoined
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt\nÔng Trần Văn A, Giám đốc Ban quản lý dự\tán giao "
          "thông, cho biết cầu sẽ xong sau 36\ntháng.\n")
    assert only_report(tmp_path).body == "Ông Trần Văn A, Giám đốc Ban quản lý dự án giao thông, cho biết cầu sẽ xong sau 36 tháng."


def test_stray_html_tags_in_a_text_report_go(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt\n<strong>Cảng dài 300 m.</strong> Giá <b>tăng</b>.<br/>"
          "Vốn là <span class=\"x\">10 tỷ</span> đồng, hơn mức &lt; 12 tỷ.\nCác <Tên>, <i và b> và a < b giữ nguyên.")
    assert only_report(tmp_path).body == ("Cảng dài 300 m. Giá tăng.\nVốn là 10 tỷ đồng, hơn mức < 12 tỷ.\n"
                                          "Các <Tên>, <i và b> và a < b giữ nguyên.")


def test_page_source_left_in_a_text_report_goes(tmp_path: Path) -> None:
    # before: the block tags, the script with its code, the comment and the references reached the summary
    write(tmp_path, "a.txt", "Quảng Trị mở rộng cảng Cửa Việt\n"
          '<div class="body">Cảng dài 300 m ở tỉnh B&#236;nh D&#432;&#417;ng.<img src="a.jpg"><script>trackView(123)'
          '</script><!-- quảng cáo --></div>\n'
          "Ông Hùng nói:&nbsp;&quot;Cảng sẽ xong năm 2026&quot;. Công ty AT&T và R&D; giữ nguyên.\n")
    assert only_report(tmp_path).body == ('Cảng dài 300 m ở tỉnh Bình Dương.\n'
                                          'Ông Hùng nói: "Cảng sẽ xong năm 2026". Công ty AT&T và R&D; giữ nguyên.')
    # a name no entity has, or a number no character has, stays as written (review: "&notit;" was "¬it;")
    from summarizer.documents import without_stray_tags

    assert without_stray_tags("Mã &notit; và &copyright;, &#0; và &#x110000; giữ nguyên.") == \
        "Mã &notit; và &copyright;, &#0; và &#x110000; giữ nguyên."
    # a <br> inside a sentence is a break inside a paragraph, as on a page: the sentence runs on
    assert without_stray_tags("Lực lượng cứu hỏa đã khống chế đám cháy<br>sau 3 giờ.<br/>Không có thương vong.") == \
        "Lực lượng cứu hỏa đã khống chế đám cháy sau 3 giờ.\nKhông có thương vong."
    # a whole page's frame, Word's "<o:p>" and a button's label go too
    assert without_stray_tags("<html><body>\nCháy lớn ở chợ.<o:p></o:p> Hai người bị thương.<o:p>&nbsp;</o:p>\n"
                              "<button>Chia sẻ</button>\n</body></html>") == "Cháy lớn ở chợ. Hai người bị thương."


def test_code_and_comments_go_up_to_their_first_closer_and_an_unclosed_opener_stays() -> None:
    from summarizer.documents import _without_code
    from summarizer.html_text import page_text, with_unclosed_comments_as_text

    assert _without_code("A<!-- x -->B<!-- y -->C") == "ABC"
    assert _without_code("A<SCRIPT src=1>x</script >B<style>y") == "AB<style>y"  # never closed: text
    assert _without_code("A<!-- never closed <script>x</script> B") == "A<!-- never closed  B"
    assert _without_code("<!--" * 3 + "x" + "-->") == ""  # one comment, from the first opener
    many = "câu <!-- " * 20_000  # each opener once: the closer looked for to the end once per kind, not per opener
    assert _without_code(many) == many
    assert with_unclosed_comments_as_text("<p>a</p><!-- b --><p>c <!-- d <p>e") == "<p>a</p><!-- b --><p>c &lt;!-- d <p>e"
    # what follows an unclosed comment is read as the page's markup, not as text holding its tags
    lines = page_text("<html><body><h1>Tiêu đề</h1><p>Câu hai <!-- mở mà không đóng <p>Câu ba.</p></body></html>").lines
    assert lines[-1] == "Câu ba." and not any("<p>" in line for line in lines)


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    long_line = " ".join(["chữ"] * 41)
    write(tmp_path, "a.txt", long_line + "\n" + BODY)
    report = only_report(tmp_path)
    assert report.title is None
    assert report.body.startswith(long_line)


def test_a_title_wrapped_before_a_capital_is_whole_when_a_blank_line_ends_it(tmp_path: Path) -> None:
    body = "Chiều 23/6, tại Phủ Chủ tịch, Thủ tướng đã tiếp Tổng thống Hàn Quốc.\n"
    write(tmp_path, "a.txt", "Thủ tướng Phạm Minh Chính tiếp Tổng thống Hàn Quốc Yoon Suk\nYeol nhân chuyến thăm "
                             "chính thức Việt Nam\n\n" + body)
    report = only_report(tmp_path)  # before: "... Yoon Suk", and "Yeol nhân ..." a line of the body
    assert report.title == "Thủ tướng Phạm Minh Chính tiếp Tổng thống Hàn Quốc Yoon Suk Yeol nhân chuyến thăm chính thức Việt Nam"
    assert report.body == body.strip()
    # a date line or a byline under the title is no rest of it
    for under in ("Thứ Hai, 23/6/2025 10:30", "Minh Anh"):
        write(tmp_path, "a.txt", f"Thủ tướng tiếp Tổng thống Hàn Quốc\n{under}\n\n{body}")
        assert only_report(tmp_path).title == "Thủ tướng tiếp Tổng thống Hàn Quốc", under


def test_a_site_s_long_headline_on_its_own_line_is_the_title(tmp_path: Path) -> None:
    # 30 syllables: longer than any ViMs title, as long as a news site's headlines go; its dateline goes
    title = ("Metro số 1 TP.HCM chính thức chạy sau 17 năm chờ đợi: Người dân xếp hàng dài từ sáng sớm "
             "để được trải nghiệm chuyến tàu đầu tiên")
    write(tmp_path, "a.txt", f"{title}\nTP.HCM - Sáng 22/12, hàng nghìn người dân đã có mặt tại ga Bến Thành.\n")
    report = only_report(tmp_path)
    assert report.title == title
    assert report.body == "Sáng 22/12, hàng nghìn người dân đã có mặt tại ga Bến Thành."
    # glued to its body, a title is still looked for within TITLE_MAX_SYLLABLES only
    write(tmp_path, "a.txt", f"{title}Sáng 22/12, hàng nghìn người dân đã có mặt tại ga Bến Thành.\n")
    assert only_report(tmp_path).title is None
    # a 30-syllable line alone is a sentence without its period, not a headline alone
    sentence = ("Sáng 22/12 hàng nghìn người dân đã có mặt tại ga Bến Thành từ rất sớm để chờ đi chuyến tàu metro đầu "
                "tiên của thành phố")
    write(tmp_path, "a.txt", sentence + "\n")
    assert (only_report(tmp_path).title, only_report(tmp_path).body) == (None, sentence)
    # nor is the first line of a paragraph hard-wrapped at a long width
    write(tmp_path, "a.txt", sentence + " và\ncác tỉnh lân cận đã đổ về từ sáng sớm.\n")
    assert only_report(tmp_path).title is None
    # ... even above a capital, when the line ends on a word that needs the next one
    write(tmp_path, "a.txt", sentence + ", dưới sự chủ trì của\nChủ tịch UBND thành phố cùng lãnh đạo các sở.\n")
    assert only_report(tmp_path).title is None
    # a lead opening with a brand in lower case ("iPhone 16 ...") opens anew: the title above is one
    long_title = ("Apple chính thức ra mắt dòng điện thoại mới với nhiều nâng cấp đáng chú ý về camera, pin và hiệu "
                  "năng xử lý trong sự kiện tháng 9")
    write(tmp_path, "a.txt", f"{long_title}\niPhone 16 có giá khởi điểm 799 USD tại Mỹ.\n")
    assert (only_report(tmp_path).title, only_report(tmp_path).body) == (long_title, "iPhone 16 có giá khởi điểm 799 USD tại Mỹ.")


def test_markdown_report(tmp_path: Path) -> None:
    text = "# Quảng Trị mở rộng cảng\n\n![ảnh](anh.jpg)\n**Sáng 3/4**, đoàn đến [cảng Cửa Việt](http://x.vn).\n\n---\n> Hai bên trao đổi."
    write(tmp_path, "a.md", text)
    report = only_report(tmp_path)
    assert report.title == "Quảng Trị mở rộng cảng"
    assert report.body == "Sáng 3/4, đoàn đến cảng Cửa Việt.\nHai bên trao đổi."


# ---------------------------------------------------------------------------------------------
# Credits and captions
# ---------------------------------------------------------------------------------------------


def test_credit_glued_to_last_sentence(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n" + BODY + "Theo  Vietnam+")
    report = only_report(tmp_path)
    assert report.body == BODY
    assert report.credits == ("Theo Vietnam+",)


def test_a_closing_sentence_naming_a_site_stays_while_a_link_line_is_a_credit(tmp_path: Path) -> None:
    body = ("Bộ GD-ĐT công bố điểm thi tốt nghiệp THPT vào sáng 10/7.\n"
            "Thí sinh tra cứu điểm thi tại trang tuyensinh.moet.gov.vn từ ngày 10/7.")
    write(tmp_path, "a.txt", "Công bố điểm thi tốt nghiệp\n" + body + "\nXem chi tiết tại vnexpress.net.\n")
    report = only_report(tmp_path)
    assert report.body == body  # before: the closing sentence went into the credits
    assert report.credits == ("Xem chi tiết tại vnexpress.net.",)


def test_end_of_story_mark_and_bullets_are_dropped_and_a_credit_after_them_still_found(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n* Tàu lớn đã cập cảng an toàn./.\n• Công an đang điều tra làm rõ/.\n/.\nTheo VOV\n")
    report = only_report(tmp_path)
    assert report.body == "Tàu lớn đã cập cảng an toàn.\nCông an đang điều tra làm rõ."
    assert report.credits == ("Theo VOV",)


def test_dateline_caption_and_trailing_credits(tmp_path: Path) -> None:
    text = (
        "Cảng Cửa Việt mở rộng\n"
        "(TTXVN) - Sáng 3/4, đoàn công tác đã đến cảng.\n"
        "Lãnh đạo tỉnh phát biểu tại buổi lễ - Ảnh: AFP\n"
        "Ảnh: Reuters\n"
        "Hai bên trao đổi về kế hoạch (Ảnh: TTXVN) mở rộng cảng.\n"
        "(Theo VnExpress)\n"
        "Minh Anh"
    )
    write(tmp_path, "a.txt", text)
    report = only_report(tmp_path)
    assert report.body == (
        "Sáng 3/4, đoàn công tác đã đến cảng.\n"
        "Hai bên trao đổi về kế hoạch mở rộng cảng."
    )
    # a line ending in a photo credit is a caption: it leaves the body whole
    assert report.credits == ("(TTXVN)", "Lãnh đạo tỉnh phát biểu tại buổi lễ - Ảnh: AFP", "Ảnh: Reuters",
                              "(Ảnh: TTXVN)", "(Theo VnExpress)", "Minh Anh")


def test_photo_captions_leave_the_body_but_sentences_before_a_credit_stay(tmp_path: Path) -> None:
    text = (
        "Cảng Cửa Việt mở rộng\n"
        "Sáng 3/4, đoàn công tác đã đến cảng.\n"
        "Tàu hàng cập cảng Cửa Việt ngày 2/4. Ảnh: Minh Anh\n"
        "Cảng sẽ có thêm hai bến. Tàu 10.000 tấn sẽ vào được - Ảnh: TTXVN\n"
        "Công trình hoàn thành năm 2026."
    )
    write(tmp_path, "a.txt", text)
    report = only_report(tmp_path)
    assert report.body == (
        "Sáng 3/4, đoàn công tác đã đến cảng.\n"
        "Cảng sẽ có thêm hai bến. Tàu 10.000 tấn sẽ vào được\n"
        "Công trình hoàn thành năm 2026."
    )
    assert report.credits == ("Tàu hàng cập cảng Cửa Việt ngày 2/4. Ảnh: Minh Anh", "Ảnh: TTXVN")


@pytest.mark.parametrize(
    ("opening", "credit"),
    [("(PLO)- ", "(PLO)"), ("Hà Nội (AFP) – ", "Hà Nội (AFP)"), ("TTO - ", "TTO"), ("(Dân trí) - ", "(Dân trí)"),
     ("GD&TĐ - ", "GD&TĐ"), ("VnEconomy - ", "VnEconomy"), ("TP.HCM - ", "TP.HCM"), ("VTV.vn - ", "VTV.vn"),
     ("HÀ NỘI - ", "HÀ NỘI"), ("TP HỒ CHÍ MINH – ", "TP HỒ CHÍ MINH"), ("CAND.com.vn - ", "CAND.com.vn"),
     ("Ngoisao.vn - ", "Ngoisao.vn"), ("ZNews - ", "ZNews"), ("2Sao - ", "2Sao"),
     ("BÀ RỊA - VŨNG TÀU - ", "BÀ RỊA - VŨNG TÀU"), ("TP. HỒ CHÍ MINH - ", "TP. HỒ CHÍ MINH"),
     ("THỪA THIÊN - HUẾ – ", "THỪA THIÊN - HUẾ"), ("Giadinh.net.vn - ", "Giadinh.net.vn"), ("TTO -", "TTO"),
     ("QĐND Online - ", "QĐND Online"), ("TheLEADER - ", "TheLEADER"), ("VietnamFinance - ", "VietnamFinance")],
)
def test_datelines(tmp_path: Path, opening: str, credit: str) -> None:
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n" + opening + BODY)
    report = only_report(tmp_path)
    assert report.body == BODY
    assert report.credits == (credit,)


@pytest.mark.parametrize("opening", ["VinFast - ", "Messi - ", "McDonald - "])
def test_a_name_opening_the_lead_before_a_dash_is_no_dateline(tmp_path: Path, opening: str) -> None:
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n" + opening + BODY)
    assert only_report(tmp_path).body == opening + BODY


@pytest.mark.parametrize("lead", ["HAGL - SLNA là trận cầu được chờ đợi nhất vòng này.",
                                  "NATO - Nga tiếp tục cáo buộc nhau về các cuộc tập trận.",
                                  "MU - Chelsea: Trận cầu tâm điểm vòng 10 Ngoại hạng Anh.",
                                  "VIỆT NAM - Thái Lan sẽ gặp nhau ở trận chung kết lượt đi.",
                                  "MỸ - TRUNG QUỐC: Căng thẳng thương mại leo thang trong tuần qua."])
def test_a_pairing_opening_the_lead_keeps_its_first_party(tmp_path: Path, lead: str) -> None:
    write(tmp_path, "a.txt", "Trận cầu tâm điểm\n" + lead + "\n")
    assert only_report(tmp_path).body == lead  # before: "SLNA là ...", "Thái Lan sẽ ...": one party gone


def test_agency_in_parentheses_at_the_end(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n" + BODY + "\n(TTXVN)")
    write(tmp_path, "b.txt", "Cảng Cửa Việt mở rộng\n" + BODY + " (Theo Dân trí)")
    first, second = load_folder(tmp_path).reports
    assert (first.body, first.credits) == (BODY, ("(TTXVN)",))
    assert (second.body, second.credits) == (BODY, ("(Theo Dân trí)",))


def test_closing_source_links_are_credits_but_addresses_in_sentences_stay(tmp_path: Path) -> None:
    body = "Người dân có thể đăng ký trên trang www.example.gov.vn từ hôm nay.\nCông trình hoàn thành năm 2026."
    write(tmp_path, "a.txt", "Cảng Cửa Việt mở rộng\n" + body
          + "\nTin tức nguồn: http://www.example.com/modules.php?sid=1482521\ndoc tin tuc example.com")
    report = only_report(tmp_path)
    assert report.body == body
    assert report.credits == ("Tin tức nguồn: http://www.example.com/modules.php?sid=1482521", "doc tin tuc example.com")


def test_ordinary_text_is_not_taken_for_credits(tmp_path: Path) -> None:
    text = (
        "Cảng Cửa Việt mở rộng\n"
        "Theo ông Lâm, cảng cần thêm vốn.\n"
        "Ảnh hưởng của bão làm chậm tiến độ.\n"
        "Anh Tuấn (Hà Nội) cho biết sẽ đến xem.\n"
        "Cuối cùng, hai bên ký biên bản ghi nhớ (MOU)."
    )
    write(tmp_path, "a.txt", text)
    report = only_report(tmp_path)
    assert report.credits == ()
    assert report.body == text.split("\n", 1)[1]


# ---------------------------------------------------------------------------------------------
# Encodings and line endings
# ---------------------------------------------------------------------------------------------

TITLE = "Quảng Trị mở rộng cảng Cửa Việt"
TEXT = TITLE + "\n" + BODY + "\nHoà bình và ổn định được thuỷ thủ đoàn khẳng định."


@pytest.mark.parametrize(
    ("encoder", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (to_cp1258, "cp1258"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1258", "utf-16-le-no-bom", "utf-16-be-no-bom"],
)
def test_encodings(tmp_path: Path, encoder, encoding: str) -> None:
    write(tmp_path, "a.txt", encoder(TEXT))
    report = only_report(tmp_path)
    assert report.encoding == encoding
    assert report.title == TITLE
    assert report.body == TEXT.split("\n", 1)[1]  # NFC: cp1258's combining tone marks recomposed
    assert unicodedata.is_normalized("NFC", report.body)


def test_a_short_windows_1258_text_is_read() -> None:
    # one line with a tone mark on nearly every word: its combining marks outnumber a fifth of the
    # characters, which the check that a detected code page gave Latin text counted against it
    from summarizer.documents import decode_bytes

    line = "Bão số 5 đổ bộ vào Quảng Ngãi."
    text, encoding = decode_bytes(to_cp1258(line))
    assert (unicodedata.normalize("NFC", text), encoding) == (line, "cp1258")


@pytest.mark.parametrize(
    ("damage", "damaged_word"),
    [
        (lambda b: b.replace("đoàn".encode(), b"\x92o\xc3\xa0n", 1), "đoàn"),  # a stray Windows-1252 byte
        (lambda b: b[: b.rindex("định".encode()) + 3], "định."),  # cut after "đ" and the first byte of "ị"
    ],
    ids=["stray-byte", "cut-mid-character"],
)
def test_utf8_with_a_few_bad_bytes_is_still_utf8(tmp_path: Path, damage, damaged_word: str) -> None:
    title, body = TEXT.split("\n", 1)
    data = title.encode("utf-8") + b"\n" + damage(body.encode("utf-8"))
    assert damaged_word in body and b"\xef\xbf\xbd" not in data
    write(tmp_path, "a.txt", data)
    report = only_report(tmp_path)
    assert report.encoding == "utf-8" and report.title == TITLE
    assert replacement_characters(report) == 1
    assert report.body.count(damaged_word) == body.count(damaged_word) - 1
    kept = report.body.split("\ufffd")
    assert len(kept) == 2 and all(part in body for part in kept)


def test_a_summary_warns_of_undecodable_bytes(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT.encode("utf-8").replace("đoàn".encode(), b"\x92o\xc3\xa0n", 1))
    write(tmp_path, "b.txt", TEXT)
    result = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    assert "a.txt: 1 undecodable character shown as \ufffd" in result.warnings


# TCVN3 ("ABC") bytes of the letters TEXT uses, typed from the standard's layout (small letters
# from 0xB5: each vowel's grave, hook, tilde, acute, dot below in turn), independently of the
# loader's table.
TCVN3_TEST_BYTES = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9, "ẳ": 0xBC, "ă": 0xA8, "ê": 0xAA, "ô": 0xAB,
    "ư": 0xAD, "đ": 0xAE, "ề": 0xD2, "ế": 0xD5, "ệ": 0xD6, "ì": 0xD7, "ỉ": 0xD8, "ị": 0xDE, "ổ": 0xE6,
    "ộ": 0xE9, "ở": 0xEB, "ợ": 0xEE, "ủ": 0xF1, "ử": 0xF6, "ỷ": 0xFB,
}


def to_tcvn3(text: str) -> bytes:
    return bytes(TCVN3_TEST_BYTES[ch] if ch in TCVN3_TEST_BYTES else ord(ch.encode("ascii")) for ch in text)


# VNI (as Windows-1252 text) of the letters TEXT uses: a vowel, then one character for its
# circumflex/breve and tone or its tone alone; ơ, ư, đ and the i-forms are characters of their own.
VNI_TEST_CODES = {
    "à": "aø", "ả": "aû", "ã": "aõ", "á": "aù", "ạ": "aï", "ẳ": "aú", "ă": "aê", "ê": "eâ", "ô": "oâ",
    "ư": "ö", "đ": "ñ", "ề": "eà", "ế": "eá", "ệ": "eä", "ì": "ì", "ỉ": "æ", "ị": "ò", "ổ": "oå",
    "ộ": "oä", "ở": "ôû", "ợ": "ôï", "ủ": "uû", "ử": "öû", "ỷ": "yû",
}


def to_vni(text: str) -> bytes:
    return "".join(VNI_TEST_CODES.get(ch, ch) for ch in text).encode("cp1252")


# VISCII bytes of the letters TEXT uses, from RFC 1456's table (one byte per precomposed letter).
VISCII_TEST_BYTES = {
    "à": 0xE0, "ả": 0xE4, "ã": 0xE3, "á": 0xE1, "ạ": 0xD5, "ẳ": 0xC6, "ă": 0xE5, "ê": 0xEA, "ô": 0xF4,
    "ư": 0xDF, "đ": 0xF0, "ề": 0xAB, "ế": 0xAA, "ệ": 0xAE, "ì": 0xEC, "ỉ": 0xEF, "ị": 0xB8, "ổ": 0xB1,
    "ộ": 0xB5, "ở": 0xB7, "ợ": 0xFE, "ủ": 0xFC, "ử": 0xD8, "ỷ": 0xD6,
}


def to_viscii(text: str) -> bytes:
    return bytes(VISCII_TEST_BYTES[ch] if ch in VISCII_TEST_BYTES else ord(ch.encode("ascii")) for ch in text)


@pytest.mark.parametrize(("encoder", "encoding"), [(to_tcvn3, "tcvn3"), (to_vni, "vni"), (to_viscii, "viscii")])
def test_legacy_vietnamese_reports_are_decoded(tmp_path: Path, encoder, encoding: str) -> None:
    write(tmp_path, "a.txt", encoder(TEXT))
    report = only_report(tmp_path)
    assert report.encoding == encoding
    assert report.title == TITLE
    assert report.body == TEXT.split("\n", 1)[1]


def test_legacy_known_strings_and_no_false_alarms() -> None:
    from summarizer.vncharsets import decode_tcvn3, decode_viscii, decode_vni, detect_legacy

    # How these lines look in any TCVN3 or VNI document read as Windows-1252: "Céng hoµ x· héi
    # chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc"; "Coäng hoøa xaõ hoäi chuû nghóa Vieät
    # Nam", "Ñoäc laäp - Töï do - Haïnh phuùc".
    assert decode_tcvn3(b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert decode_tcvn3(b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c") == "Độc lập - Tự do - Hạnh phúc"
    assert decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252")) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert decode_vni("Ñoäc laäp - Töï do - Haïnh phuùc".encode("cp1252")) == "Độc lập - Tự do - Hạnh phúc"
    assert decode_vni("HAØ NOÄI, ngöôøi, caét, Khôù".encode("cp1252")) == "HÀ NỘI, người, cắt, Khớ"
    assert detect_legacy(to_tcvn3(TEXT)) == (TEXT, "tcvn3")
    assert detect_legacy(to_vni(TEXT)) == (TEXT, "vni")
    # VISCII's capitals at control positions: Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ at 0x02 0x05 0x06 0x14 0x19 0x1E.
    assert decode_viscii(b"\x02 \x05 \x06 \x14 \x19 \x1e \x0a") == "Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ \n"
    assert decode_viscii(b"Vi\xaet Nam, \xd0\xb5c l\xa7p") == "Việt Nam, Độc lập"
    assert detect_legacy(to_viscii(TEXT)) == (TEXT, "viscii")
    # Windows-1258 Vietnamese and Latin-1 French are left to the other detectors.
    assert detect_legacy(to_cp1258(TEXT)) is None
    assert detect_legacy("Le café était très français, où l'on dînait à la façon de Noël.".encode("latin-1")) is None


def test_legacy_glyphs_keep_a_few_characters_from_unicode_fonts() -> None:
    from summarizer.vncharsets import legacy_glyphs

    glyphs = to_vni(TEXT).decode("cp1252")  # a VNI-Times document as a format without the font gives it
    assert legacy_glyphs(glyphs) == (TEXT, "vni")
    # A symbol and a foreign letter typed in a Unicode font stay as they are; the rest is decoded.
    paragraph, flat = glyphs.replace("\n", " ") + " \u2032 Erdoğan \u200b", TEXT.replace("\n", " ")
    assert legacy_glyphs(paragraph) == (flat + " \u2032 Erdoğan \u200b", "vni")
    # A headline typed in a Unicode font above a body in a legacy font: each line as it was typed.
    title = "Đà Nẵng khánh thành cầu mới"
    assert legacy_glyphs(title + "\n" + glyphs) == (title + "\n" + TEXT, "vni")
    tcvn3 = to_tcvn3(TEXT).decode("cp1252", errors="replace")
    assert legacy_glyphs(title + "\n" + tcvn3)[1] == "tcvn3"
    # Real Unicode Vietnamese (many letters outside Windows-1252), a short line of it whose
    # accented letters are mostly in Windows-1252, and plain French are kept.
    assert legacy_glyphs(TEXT) == (TEXT, None)
    kept = TEXT + "\nKim Jong-un thích trò chơi và máy móc."
    assert legacy_glyphs(kept) == (kept, None)
    assert legacy_glyphs("Le café était très français.") == ("Le café était très français.", None)


@pytest.mark.parametrize(("iconv_name", "decoder"), [("TCVN5712-1", "decode_tcvn3"), ("VISCII", "decode_viscii")])
def test_legacy_tables_match_iconv(iconv_name: str, decoder: str) -> None:
    """Every byte decodes as GNU libc's iconv decodes it (where this machine's iconv has the table)."""
    import shutil
    import subprocess

    from summarizer import vncharsets

    if shutil.which("iconv") is None:
        pytest.skip("no iconv on this machine")
    every_byte = bytes(range(256))
    done = subprocess.run(["iconv", "-f", iconv_name, "-t", "UTF-8"], input=every_byte, capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"this iconv has no {iconv_name}: {done.stderr.decode(errors='replace').strip()}")
    # TCVN3 maps its five combining tone marks to themselves; iconv composes them with nothing.
    assert unicodedata.normalize("NFC", getattr(vncharsets, decoder)(every_byte)) == unicodedata.normalize(
        "NFC", done.stdout.decode("utf-8")
    )


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr(tmp_path: Path, newline: str) -> None:
    write(tmp_path, "a.txt", (TITLE + "\n\tĐoạn một.\u00a0\n\nĐoạn hai.\n").replace("\n", newline).encode())
    report = only_report(tmp_path)
    assert report.title == TITLE
    assert report.body == "Đoạn một.\nĐoạn hai."


def test_a_line_separator_in_a_text_file_is_a_line_break_as_before(tmp_path: Path) -> None:
    # Plain text knows no soft break: U+2028 is a line end like any other, and the lines are
    # then unwrapped (or not) as a text file's are.
    text = (TITLE + "\nTrước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km\nqua cầu Cẩm Lệ để sang bờ bên kia."
            "\nBan quản lý dự án\nSố 5 đường Bạch Đằng.\n")
    write(tmp_path / "newline", "a.txt", text)
    write(tmp_path / "separator", "a.txt", text.replace("\n", "\u2028"))
    with_newlines, with_separators = only_report(tmp_path / "newline"), only_report(tmp_path / "separator")
    assert (with_separators.title, with_separators.body) == (with_newlines.title, with_newlines.body)
    assert "\u2028" not in with_separators.body


@pytest.mark.parametrize("text, expected", [
    ("đi vòng gần 4 km\u2028qua cầu Cẩm Lệ.", "đi vòng gần 4 km qua cầu Cẩm Lệ."),  # runs on
    ("rộng 6 m, \u2028 có vốn 185 tỷ đồng.", "rộng 6 m, có vốn 185 tỷ đồng."),  # the spaces around go
    ("Ban quản lý dự án\u2028Số 5 đường Bạch Đằng.", "Ban quản lý dự án\nSố 5 đường Bạch Đằng."),  # a capital
    ("Cầu dài 320 m.\u2028rộng 6 m.", "Cầu dài 320 m.\nrộng 6 m."),  # after a sentence's end
    ("Ông nói: “Xong.”\u2028rồi đi.", "Ông nói: “Xong.”\nrồi đi."),  # a final mark inside quotes
    ("Các hạng mục gồm:\u2028lát đá vỉa hè", "Các hạng mục gồm:\nlát đá vỉa hè"),  # after a colon
    ("Khởi công năm\u20282026.", "Khởi công năm\n2026."),  # a digit: no run-on is assumed
    ("dài 1,2 km\u2028- lát đá", "dài 1,2 km\n- lát đá"),  # a dash may open a list item
    ("\u2028Đoạn một\u2028\nĐoạn hai", "Đoạn một\nĐoạn hai"),  # at a paragraph's start or end
    ("rộng 6 m\u2028\u2028có vốn", "rộng 6 m\ncó vốn"),  # a blank line ends a paragraph
    ("Không có ngắt dòng.\nDòng hai", "Không có ngắt dòng.\nDòng hai"),
])
def test_soft_breaks_are_resolved_to_a_space_only_where_a_sentence_runs_on(text: str, expected: str) -> None:
    assert resolved_soft_breaks(text) == expected


# ---------------------------------------------------------------------------------------------
# Folder contents, skipped files, errors
# ---------------------------------------------------------------------------------------------


def test_skipped_files_with_reasons_and_stable_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", TEXT)
    write(tmp_path, "a.md", TEXT)
    write(tmp_path, ".hidden.txt", TEXT)
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\t\n")
    write(tmp_path, "dots.txt", "...\n***\n")
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path, "garbage.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 50)  # decodes only as CJK noise
    write(tmp_path, "sub/c.txt", TEXT)  # not read without recursive
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["a.md", "b.txt"]
    assert loaded.skipped == (
        SkippedFile(".hidden.txt", "hidden file"),
        SkippedFile("binary.txt", "binary file"),
        SkippedFile("blank.txt", "empty"),
        SkippedFile("dots.txt", "no sentences"),
        SkippedFile("empty.txt", "empty"),
        SkippedFile("garbage.txt", "cannot decode as text"),
        SkippedFile("photo.jpg", "not a .txt, .md, .html, .htm, .docx, .doc, .odt, .rtf, .pdf or .eml file"),
    )


def test_a_folder_of_other_files_holds_no_report_files(tmp_path: Path) -> None:
    write(tmp_path, "data.csv", "a,b\n1,2\n")
    write(tmp_path, "tool.py", "print(1)\n")
    with pytest.raises(EmptyFolderError, match=r"no report files in .*: data\.csv \(not a \.txt"):
        load_folder(tmp_path)
    write(tmp_path, "junk.txt", "")  # a report's name, unreadable: that is another matter
    with pytest.raises(NoReadableReportsError, match="no readable report"):
        load_folder(tmp_path)


def test_recursive(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", TEXT)
    write(tmp_path, "sub/a.txt", TEXT)
    write(tmp_path, ".git/x.txt", TEXT)
    loaded = load_folder(tmp_path, recursive=True)
    assert [r.file for r in loaded.reports] == ["b.txt", "sub/a.txt"]
    assert loaded.skipped == (SkippedFile(".git", "hidden folder"),)
    assert loaded.reports[1].path == (tmp_path / "sub" / "a.txt").resolve()


def test_recursive_follows_a_linked_folder_once(tmp_path: Path) -> None:
    write(tmp_path / "store", "x/b.txt", TEXT)
    write(tmp_path / "event", "a.txt", TEXT.replace("Hà Nội", "Hải Phòng"))
    (tmp_path / "event" / "linked").symlink_to(tmp_path / "store" / "x", target_is_directory=True)
    (tmp_path / "store" / "x" / "loop").symlink_to(tmp_path / "event", target_is_directory=True)  # back up: a loop
    loaded = load_folder(tmp_path / "event", recursive=True)
    assert [r.file for r in loaded.reports] == ["a.txt", "linked/b.txt"]
    assert loaded.skipped == (SkippedFile("linked/loop", "link to a folder read already"),)


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Reading ``denied`` fails as a folder without read permission does (tests may run as
    root, whom chmod does not stop)."""
    import os

    real_scandir, real_iterdir = os.scandir, Path.iterdir

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "iterdir", iterdir)


def test_an_unreadable_folder_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.txt", TEXT)
    _deny(monkeypatch, tmp_path)
    for recursive in (False, True):
        with pytest.raises(FolderNotFoundError, match=f"cannot read folder {tmp_path}: Permission denied"):
            load_folder(tmp_path, recursive=recursive)


def test_an_unreadable_subfolder_is_listed_as_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "b.txt", TEXT)
    write(tmp_path, "sub/a.txt", TEXT)
    write(tmp_path, "sub/locked/c.txt", TEXT)
    _deny(monkeypatch, tmp_path / "sub" / "locked")
    loaded = load_folder(tmp_path, recursive=True)
    assert [r.file for r in loaded.reports] == ["b.txt", "sub/a.txt"]
    assert loaded.skipped == (SkippedFile("sub/locked", "cannot read folder: Permission denied"),)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FolderNotFoundError, match="folder not found"):
        load_folder(tmp_path / "nope")
    write(tmp_path, "file.txt", TEXT)
    with pytest.raises(FolderNotFoundError, match="not a folder"):
        load_folder(tmp_path / "file.txt")


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(EmptyFolderError, match="no report files"):
        load_folder(tmp_path)
    write(tmp_path, ".only-hidden.txt", TEXT)
    with pytest.raises(EmptyFolderError, match="hidden"):
        load_folder(tmp_path)


def test_root_of_cluster_folders_points_to_recursive_and_batch(tmp_path: Path) -> None:
    write(tmp_path / "event-1", "a.txt", TEXT)
    write(tmp_path / "event-2", "a.txt", TEXT)
    with pytest.raises(EmptyFolderError) as info:
        load_folder(tmp_path)
    assert "2 sub-folder(s)" in str(info.value) and "summarize-batch" in str(info.value)
    assert len(load_folder(tmp_path, recursive=True).reports) == 2


def test_no_readable_reports_names_files_and_reasons(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "bin.txt", b"\x00\x01\x02")
    write(tmp_path, "image.png", b"\x89PNG")
    with pytest.raises(NoReadableReportsError) as info:
        load_folder(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert message.endswith("bin.txt (binary file), empty.txt (empty), image.png (not a .txt, .md, .html, .htm, .docx, .doc, .odt, .rtf, .pdf or .eml file)")


def test_five_megabyte_report_loads_whole(tmp_path: Path) -> None:
    # its speed is a benchmark figure: python scripts/bench.py --parts load
    paragraph = "Đoàn công tác đến cảng Cửa Việt lúc 9h.Sáng 3/4 hai bên trao đổi về kế hoạch mở rộng cảng, TP.HCM hỗ trợ 1.000 tỷ đồng. "
    lines = 5_000_000 // (len(paragraph.encode()) * 40) + 1
    write(tmp_path, "big.txt", TITLE + "\n" + (paragraph * 40 + "\n") * lines)
    report = only_report(tmp_path)
    assert report.title == TITLE
    assert len(report.body.encode()) > 5_000_000
    sentences = split_sentences(report.body)
    assert len(sentences) == 2 * 40 * lines
    assert sentences[:2] == ["Đoàn công tác đến cảng Cửa Việt lúc 9h.", "Sáng 3/4 hai bên trao đổi về kế hoạch mở rộng cảng, TP.HCM hỗ trợ 1.000 tỷ đồng."]


@pytest.mark.shared
def test_viet_nga_titles(shared_dir: Path) -> None:
    loaded = load_folder(shared_dir / "examples" / "viet-nga")
    assert len(loaded.reports) == 2 and loaded.skipped == ()
    glued, first_line = loaded.reports
    assert glued.title == "Việt-Nga tăng cường hợp tác quốc phòng"  # glued to the body
    assert glued.body.startswith("Bộ trưởng Quốc phòng Phùng Quang Thanh")
    assert glued.credits == ("Theo Vietnam+",)
    assert first_line.title == "Đoàn đại biểu quân sự Việt Nam thăm chính thức Nga"
    assert first_line.body.startswith("Nhận lời mời")


def test_nul_bytes_that_are_not_utf16_text_are_binary(tmp_path: Path) -> None:
    # NULs at one parity only, but the decoded text holds control characters: not text.
    write(tmp_path, "controls.txt", "".join(chr(c) for c in range(1, 32)).encode("utf-16-le") * 4)
    # An odd length cannot be UTF-16.
    write(tmp_path, "odd.txt", "Tin tức hôm nay".encode("utf-16-le") + b"x")
    # NULs at both parities (a NUL character is never in text).
    write(tmp_path, "both.txt", "Tin tức".encode("utf-16-le") + b"\x00\x00" + "hôm nay".encode("utf-16-le"))
    # NULs at one parity, Latin letters, but no ASCII at all: "ÿþÿþ…" is not text.
    write(tmp_path, "latin1.txt", b"\x00\xff\x00\xfe" * 64)
    write(tmp_path, "ok.txt", "Tiêu đề\nNội dung bản tin.")
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["ok.txt"]
    assert sorted(loaded.skipped, key=lambda s: s.file) == [
        SkippedFile("both.txt", "binary file"),
        SkippedFile("controls.txt", "binary file"),
        SkippedFile("latin1.txt", "binary file"),
        SkippedFile("odd.txt", "binary file"),
    ]


@pytest.mark.parametrize("recursive", [False, True])
def test_pipes_and_broken_links_are_skipped_not_read(tmp_path: Path, recursive: bool) -> None:
    """Reading a named pipe would block forever; a dangling link has nothing to read."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    write(tmp_path, "a.txt", TEXT)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    loaded = load_folder(tmp_path, recursive=recursive)
    assert [r.file for r in loaded.reports] == ["a.txt"]
    assert loaded.skipped == (
        SkippedFile("gone.txt", "broken link"),
        SkippedFile("pipe.txt", "not a regular file (a pipe, socket or device)"),
    )


def test_load_files_names_them_from_their_common_folder(tmp_path: Path) -> None:
    from summarizer.documents import load_files

    write(tmp_path, "x/a.txt", TEXT)
    write(tmp_path, "y/b.md", TEXT.replace(TITLE, "Cảng Cửa Việt đón tàu lớn"))
    write(tmp_path, "y/photo.jpg", b"\xff\xd8\xff")
    loaded = load_files([tmp_path / "y" / "b.md", tmp_path / "x" / "a.txt", tmp_path / "y" / "photo.jpg"])
    assert loaded.folder == tmp_path.resolve()
    assert [r.file for r in loaded.reports] == ["x/a.txt", "y/b.md"]  # sorted, like a folder's
    assert loaded.skipped == (SkippedFile("y/photo.jpg", "not a .txt, .md, .html, .htm, .docx, .doc, .odt, .rtf, .pdf or .eml file"),)
    with pytest.raises(EmptyFolderError):
        load_files([])
    with pytest.raises(BadOptionError, match="is a folder: give one folder, or report files"):
        load_files([tmp_path / "x"])  # a usage error (exit 2), as any other mix of a folder and files


def test_load_files_folds_dots_in_the_names_and_reads_a_file_named_twice_once(tmp_path: Path) -> None:
    from summarizer.documents import load_files

    write(tmp_path, "x/a.txt", TEXT)
    write(tmp_path, "y/b.txt", TEXT.replace(TITLE, "Cảng Cửa Việt đón tàu lớn"))
    loaded = load_files([tmp_path / "y" / ".." / "x" / "a.txt", tmp_path / "y" / "b.txt"])
    assert [r.file for r in loaded.reports] == ["x/a.txt", "y/b.txt"]  # before: "../x/a.txt" and "b.txt"
    again = load_files([tmp_path / "x" / "a.txt", tmp_path / "x" / "." / ".." / "x" / "a.txt"])
    assert [r.file for r in again.reports] == ["a.txt"] and again.skipped == ()
    # a folder link before ".." leads elsewhere: two files that fold to one name keep their names
    write(tmp_path, "far/a.txt", TEXT.replace(TITLE, "Cảng Cửa Việt đón tàu lớn"))
    (tmp_path / "far" / "sub").mkdir()
    (tmp_path / "x" / "link").symlink_to(tmp_path / "far" / "sub")
    both = load_files([tmp_path / "x" / "a.txt", tmp_path / "x" / "link" / ".." / "a.txt"])
    assert [r.file for r in both.reports] == ["a.txt", "link/../a.txt"]  # review: one was dropped unsaid


def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import documents

    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "big.txt", TEXT * 50)
    monkeypatch.setattr(documents, "MAX_REPORT_BYTES", len(TEXT.encode()) * 2)
    monkeypatch.setattr(Path, "read_bytes", _refuse_big(Path.read_bytes))
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["a.txt"]
    ((file, reason),) = [(s.file, s.reason) for s in loaded.skipped]
    assert file == "big.txt" and reason.startswith("too large (") and "bytes" in reason


def test_text_over_the_size_limit_is_measured_in_utf8_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import documents
    from summarizer.documents import TextReport, load_texts

    text = "Tiêu đề\n" + "Đường ở Hà Nội ngập sâu. " * 40  # Vietnamese letters take 2-3 bytes each
    limit = len(text) + 10  # over the characters, under the bytes
    monkeypatch.setattr(documents, "MAX_REPORT_BYTES", limit)
    loaded = load_texts([TextReport("small", "Tiêu đề\nMưa lớn."), TextReport("big", text)])
    ((file, reason),) = [(s.file, s.reason) for s in loaded.skipped]
    size = len(text.encode("utf-8"))
    assert file == "big" and reason == f"too large ({size:,} bytes; a report is read only up to {limit:,})"


def _refuse_big(read_bytes):
    def guarded(path: Path) -> bytes:
        assert path.name != "big.txt", "an oversized file was read"
        return read_bytes(path)

    return guarded


def test_a_broken_link_is_named_so_whatever_its_name(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    (tmp_path / "c5").symlink_to(tmp_path / "missing")
    (tmp_path / "d.txt").symlink_to(tmp_path / "missing.txt")
    assert [(s.file, s.reason) for s in load_folder(tmp_path).skipped] == [("c5", "broken link"), ("d.txt", "broken link")]


def test_subfolders_with_reports_that_were_not_read_are_listed(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "day2/b.txt", TEXT)
    write(tmp_path, "photos/x.png", b"\x89PNG")  # no report in it
    write(tmp_path, "deep/er/c.md", TEXT)
    write(tmp_path, ".git/d.txt", TEXT)  # hidden
    assert load_folder(tmp_path).unread_folders == ("day2", "deep")
    assert load_folder(tmp_path, recursive=True).unread_folders == ()
    warnings = summarize(tmp_path, SummarizeOptions(engine="extractive")).warnings
    assert ("2 sub-folder(s) with reports not read (day2, deep): --recursive reads them as part of this event, "
            "summarize-batch summarizes one event per sub-folder") in warnings


def test_stray_nul_bytes_in_a_text_are_undecodable_characters_not_a_binary_file() -> None:
    from summarizer.documents import STRAY_NUL_SHARE, UnreadableError, decode_bytes

    text = ("Sáng 14/6, thành phố khánh thành cầu đi bộ qua sông Cẩm Lệ. " * 40).encode("utf-8")
    assert decode_bytes(text[:120] + b"\x00" + text[120:]) == (
        text[:120].decode("utf-8") + "\ufffd" + text[120:].decode("utf-8"), "utf-8")
    # In a legacy code page too: the stand-in is one character in every ASCII-based decoding.
    legacy = to_cp1258("Thành phố khánh thành cầu mới. " * 20)
    decoded, encoding = decode_bytes(legacy[:50] + b"\x00" + legacy[50:])
    assert encoding == "cp1258" and decoded.count("\ufffd") == 1
    assert "khánh thành cầu" in unicodedata.normalize("NFC", decoded)
    # More NULs than stray ones, or a file whose own bytes hold the stand-in: binary.
    many = int(STRAY_NUL_SHARE * len(text)) + 2
    with pytest.raises(UnreadableError, match="binary file"):
        decode_bytes(text[:100] + b"\x00" * many + text[100:])
    with pytest.raises(UnreadableError, match="binary file"):
        decode_bytes(b"\x1a" + text[:100] + b"\x00" + text[100:])


def test_code_openers_without_their_tag_end_are_text_and_read_once() -> None:
    from summarizer.documents import _without_code

    assert _without_code("câu <script " * 3) == "câu <script " * 3  # no ">": no tag
    assert _without_code("a <script x=1>code</script> b <script") == "a  b <script"
    many = "câu <script " * 20_000  # review: each opener read to the end for its ">"
    assert _without_code(many) == many
