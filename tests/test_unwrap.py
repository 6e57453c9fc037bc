"""Hard-wrapped plain text: paragraphs rejoined, one-paragraph-per-line text left alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.documents import load_folder
from summarizer.sentences import ends_sentence, split_sentences
from summarizer.unwrap import is_wrapped, unwrap_lines

PARAGRAPHS = [
    "Sáng 14/6, UBND thành phố Đà Nẵng tổ chức lễ khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm "
    "Lệ. Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng từ ngân sách thành phố.",
    "Trước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km qua cầu Cẩm Lệ – cây cầu luôn đông "
    "xe vào giờ cao điểm – để sang bờ bên kia, ông Nguyễn Văn Thành, Phó Chủ tịch UBND thành phố, "
    "nói tại buổi lễ.",
    "Theo ông Thành, công trình được khởi công từ tháng 3/2024 ở P. Hoà Xuân, Q. Cẩm Lệ, TP. Đà "
    "Nẵng và hoàn thành sớm hơn kế hoạch hai tháng nhờ nhà thầu thi công cả ban đêm.",
    "Ông đề nghị các sở, ngành sớm lắp hệ thống chiếu sáng nghệ thuật: cây cầu sẽ trở thành điểm "
    "tham quan mới của du khách khi đến thành phố, nhất là vào các đêm cuối tuần.",
]


def wrap(paragraphs: list[str], width: int, *, blank: bool) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines and blank:
            lines.append("")
        lines += textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
    return lines


@settings(max_examples=60, deadline=None)
@given(width=st.integers(min_value=45, max_value=120), blank=st.booleans())
def test_wrapped_paragraphs_come_back_sentence_for_sentence(width: int, blank: bool) -> None:
    lines = wrap(PARAGRAPHS, width, blank=blank)
    assert is_wrapped(lines)
    assert split_sentences("\n".join(unwrap_lines(lines))) == split_sentences("\n".join(PARAGRAPHS))
    # Without rejoining, sentences would be cut at line ends.
    assert split_sentences("\n".join(lines)) != split_sentences("\n".join(PARAGRAPHS))


def test_one_paragraph_per_line_is_left_alone() -> None:
    # Long paragraph lines, a short sub-heading and a roster without final punctuation.
    lines = [
        PARAGRAPHS[0],
        "Cây cầu mới của thành phố",
        PARAGRAPHS[1],
        "Đơn vị thi công: Công ty Cầu đường Miền Trung, Công ty Chiếu sáng Đô thị Đà Nẵng",
        "Đơn vị giám sát: Ban Quản lý dự án giao thông",
        PARAGRAPHS[2],
        PARAGRAPHS[3],
    ]
    assert not is_wrapped(lines)
    assert unwrap_lines(lines) == lines


def test_short_lines_lists_and_sentence_ends_keep_their_breaks() -> None:
    text = [
        "Phát biểu tại buổi lễ khánh thành, ông Nguyễn Văn Thành cho biết thành",
        "phố đã chuẩn bị ba hạng mục cho giai đoạn tiếp theo của dự án như sau:",
        "- Lắp hệ thống chiếu sáng nghệ thuật trên toàn bộ chiều dài cây cầu mới",
        "- Trồng cây xanh và bố trí ghế nghỉ chân ở hai đầu cầu cho người đi bộ",
        "Các hạng mục này dự kiến hoàn thành trước Tết, theo kế hoạch của UBND",
        "thành phố. Kinh phí lấy từ nguồn ngân sách và xã hội hoá của các doanh",
        "nghiệp đóng trên địa bàn hai phường Hoà Xuân và Khuê Trung năm nay.",
        "Theo Báo Sông Hàn",
    ]
    assert unwrap_lines(text) == [
        text[0] + " " + text[1],
        text[2],
        text[3],
        " ".join(text[4:7]),
        text[7],
    ]


def test_a_dash_or_abbreviation_at_a_line_start_or_end_is_not_a_break() -> None:
    text = [
        "Người dân phường Hoà Xuân từng phải đi vòng gần 4 km qua cầu Cẩm Lệ",
        "– cây cầu luôn đông xe vào giờ cao điểm – để sang bờ bên kia, tại P.",
        "Hoà Xuân, Q. Cẩm Lệ, TP. Đà Nẵng, theo lời kể của nhiều người dân ở",
        "đây.",
    ]
    assert unwrap_lines(text) == [" ".join(text)]


def test_ends_sentence() -> None:
    assert ends_sentence("đi vòng qua cầu.", "Ông Thành nói")
    assert ends_sentence("đi vòng qua cầu", "")
    assert not ends_sentence("đi vòng qua cầu", "Cẩm Lệ để sang")
    assert not ends_sentence("tại P. Hoà Xuân, TP.", "Đà Nẵng")
    assert not ends_sentence("ông Thành nói:", "“Cầu rất đẹp”")
    assert not ends_sentence("“Thật sao?”", "ông hỏi")
    assert ends_sentence("“Cầu rất đẹp.”", "Ông nói")


@pytest.mark.parametrize("blank", [True, False])
def test_loader_rejoins_a_wrapped_report(tmp_path: Path, blank: bool) -> None:
    title = "Đà Nẵng khánh thành cầu đi bộ qua sông Cẩm Lệ"
    # The last paragraph fills its last line and has no final period; the credit follows at once.
    last = "Cây cầu đi bộ đầu tiên trên sông Cẩm Lệ nay đã đón những người khách đầu"
    body = wrap([*PARAGRAPHS, last], len(last), blank=blank)
    assert body[-1] == last
    (tmp_path / "a.txt").write_text("\n".join([title, "", *body, "Theo Báo Sông Hàn"]) + "\n", encoding="utf-8")
    (report,) = load_folder(tmp_path).reports
    assert report.title == title
    assert split_sentences(report.body) == split_sentences("\n".join([*PARAGRAPHS, last]))
    assert report.credits == ("Theo Báo Sông Hàn",)


def test_credits_end_paragraphs_in_a_short_report(tmp_path: Path) -> None:
    """Lines that end in a photo credit, or a credit line after an unpunctuated paragraph, are
    paragraph ends even where their lengths look like a wrap."""
    lines = [
        "Sáng 3/4, đoàn công tác của tỉnh đã đến kiểm tra tiến độ mở rộng cảng Cửa Việt.",
        "Tàu hàng cập cảng Cửa Việt ngày 2/4 trong chuyến đầu tiên. Ảnh: Minh Anh",
        "Cảng sẽ có thêm hai bến, tàu 10.000 tấn sẽ vào được - Ảnh: TTXVN",
        "Công trình dự kiến hoàn thành trong năm 2026 theo kế hoạch của tỉnh nhà",
        "Theo Báo Quảng Trị",
    ]
    (tmp_path / "a.txt").write_text("\n".join(["Cảng Cửa Việt mở rộng", *lines]), encoding="utf-8")
    (report,) = load_folder(tmp_path).reports
    assert report.body.split("\n") == [lines[0], lines[3]]  # one-sentence lines ending in a credit are captions
    assert report.credits == (lines[1], lines[2], lines[4])


def test_scales_measure_lines_set_in_a_larger_font() -> None:
    """A lead set larger holds fewer characters to the line: measured by characters alone its
    lines look short (not wrapped); with their scale they fill the line like the others."""
    lead = [
        "Sáng 14/6, lãnh đạo thành phố cùng người dân phường Khuê",
        "Trung và phường Hoà Xuân dự lễ khánh thành cây cầu mang tên",
        "Hoà Xuân, bắc qua sông Cẩm Lệ, sau hơn một năm thi công.",
    ]
    body = wrap(PARAGRAPHS[1:], 80, blank=False)
    lines = lead + body
    scales = [80 / 60] * len(lead) + [1.0] * len(body)
    expected = split_sentences("\n".join([" ".join(lead), *PARAGRAPHS[1:]]))
    assert split_sentences("\n".join(unwrap_lines(lines, scales=scales))) == expected
    assert split_sentences("\n".join(unwrap_lines(lines))) != expected
    with pytest.raises(ValueError, match="lines but"):
        unwrap_lines(lines, scales=scales[:-1])


def test_a_paragraph_broken_once_in_its_middle_is_rejoined() -> None:
    # one paragraph a line, lines longer than any wrap width: not a wrapped text
    long = "theo số liệu của cơ quan chức năng được công bố trong buổi họp báo chiều qua tại trụ sở" * 2
    lines = [
        f"Triều Tiên tham gia công ước, {long}, vào ngày 27.4.2005",
        f"và đã tổ chức nhiều sự kiện khác nhau hằng năm, {long}.",
        f"Gia đình phải trả, {long}, số tiền 19.125.000",
        "đồng.",
        f"Chúng tôi sẽ thông báo kết quả, {long}”, chị Hằng cho hay.",
        f"heo chị Hằng, mỗi chiếc đồng hồ dùng được 5 năm, {long}.",  # a lost drop cap: stays apart
        f"Chỉ số này, {long}, tùy thuộc vào:",
        "i) quy mô dân số;",
        "ii) định hướng quy hoạch.",
        "Thiệt hại nặng nề",  # a heading, then a paragraph that lost its drop cap
        f"ây cầu treo bắc qua sông Rin đã bị cuốn trôi hoàn toàn, {long}.",
        "Tin tức nguồn: http://www.example.com/modules.php?sid=1482521",
        "doc tin tuc example.com",
    ]
    assert not is_wrapped(lines)
    assert unwrap_lines(lines) == [lines[0] + " " + lines[1], lines[2] + " " + lines[3], *lines[4:]]


def test_a_line_that_stops_on_initials_goes_on_into_a_lower_case_line() -> None:
    long = "theo số liệu của cơ quan chức năng được công bố trong buổi họp báo chiều qua tại trụ sở" * 2
    lines = [
        "Cụ thể, trên mạng xã hội có tài khoản B.N.T.",
        f"đã viết: “Chiều 31/5, {long}”.",
        f"Người báo tin là ông Nguyễn Văn A. {long}.",
        "Sau đó ông Trần Văn B.",  # a sentence that ends on an initial, then one in upper case
        f"Ông nói rằng {long}.",
    ]
    assert unwrap_lines(lines) == [lines[0] + " " + lines[1], *lines[2:]]


def test_a_line_that_stops_on_an_abbreviation_before_a_name_goes_on() -> None:
    long = "theo số liệu của cơ quan chức năng được công bố trong buổi họp báo chiều qua tại trụ sở" * 2
    lines = [
        "Hiện vụ việc đang được Công an TP.",
        "Thủ Dầu Một tiếp tục điều tra làm rõ.",
        "Người báo tin là anh Nguyễn Văn H.",  # a name's initial ends the sentence
        f"Ông nói rằng {long}.",
    ]
    assert unwrap_lines(lines) == [lines[0] + " " + lines[1], *lines[2:]]
    # "TP." is also the city itself, ending its sentence: the next line must open with a name
    ends = [
        "Theo ông, cơ chế xin - cho hiện nay đang gây rất nhiều khó khăn cho TP.",
        "TS Hùng cho rằng cần tạo dựng một môi trường đầu tư thông thoáng hơn.",  # another title: a new subject
        "Ông đề nghị báo cáo kết quả xử lý cho UBND TP.",
        "Sở Xây dựng chủ trì việc kiểm tra các chung cư cũ trên địa bàn.",  # an office
        "Chương trình được tổ chức trên địa bàn TP.",
        "Theo đó, các quận huyện phải báo cáo trước ngày 15.",  # no name
        "Sau đó ông bán căn nhà trị giá 4 tỷ đồng ở TP.",
        "HCM.",  # an acronym
        "Tình trạng này kéo dài nhiều năm trên địa bàn TP.",
        "Ông Nguyễn Văn Hùng, Chủ tịch UBND phường, cho biết sẽ xử lý.",  # a personal title: a new sentence
        "Dự án được triển khai ở TP.",
        "Tại Hà Nội, tình trạng này cũng xảy ra.",  # a preposition opens a sentence
        "Khu đô thị mới nằm ở TP.",
        "Bà Rịa, tỉnh Bà Rịa - Vũng Tàu.",  # but "Bà Rịa" is a city
    ]
    assert unwrap_lines(ends) == [*ends[:6], ends[6] + " " + ends[7], *ends[8:12], ends[12] + " " + ends[13]]


def test_a_line_that_leaves_a_parenthesis_open_goes_on_into_the_line_that_closes_it() -> None:
    story = "Theo lời kể của nhiều người dân sống gần đó, chiếc xe tải chạy với tốc độ cao trước khi gặp nạn."
    lines = [
        story,
        "Khi đến ngã tư Lê Lợi - Trần Phú (quận Hải Châu,",
        "TP Đà Nẵng), tài xế phanh gấp để tránh một xe máy chạy cắt ngang khiến cuộn thép trên xe lao về phía trước.",
        "Lô hàng được bán với giá 3 triệu yên (khoảng 27.000",
        "USD).",
        "Cuộn thép nặng khoảng 20 tấn (theo lời tài xế)",  # closed on its own line: it stays apart
        story,
        "Ông A (thứ hai từ trái sang, đứng cạnh chủ tịch xã",
        "(áo trắng)) phát biểu tại buổi lễ khai mạc được tổ chức sáng nay ở trung tâm văn hóa huyện.",  # another opens first
    ]
    assert unwrap_lines(lines) == [lines[0], lines[1] + " " + lines[2], lines[3] + " " + lines[4], *lines[5:]]
