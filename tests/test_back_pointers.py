"""Sentences whose subject points back at the sentence before them ("Người này ...")."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.back_pointers import points_back

from summarizer.engines.extractive import QuotationRuns
from summarizer.pipeline import prepare


@pytest.mark.parametrize("text", [
    "Người này có hơi men.",
    "Con số này tại thành phố Huế là 7.000.",
    "Trong đó, có gần 3.000 cử tri là ngư dân.",
    "Họ đã thu về tới 1,85 triệu chữ ký.",
    "Hắn có biệt danh là “xe ủi”.",
    "Thủ môn 22 tuổi này được trao áo số 1.",
    "Với mức giảm này, giá bán lẻ là 272.000 đồng.",
    "Theo thông cáo trên, phía Mỹ đã thông báo.",
    "Nhưng họ đã thu về tới 1,85 triệu chữ ký.",  # behind a connective the summary drops
    "Điều đó khiến nhiều người lo lắng.",
    "Sau đó, người này đã bỏ trốn khỏi hiện trường.",  # behind a time opener
    "Theo kế hoạch, họ sẽ mở màn cuộc đua trên đất Pháp.",  # behind a source that names no one
    "Theo ghi nhận tại hiện trường, con trăn này dài khoảng 4m.",
    "Hình ảnh cho thấy, tên này dùng một cây đao lớn.",
    "Đến gần quan sát và mở bao tải ra, thì người này tá hỏa.",  # behind a clause closed by "thì"
    "Số tiền còn lại ông Minh dùng để trả nợ ngân hàng.",  # the rest of a whole named before
    "Hai bé còn lại chỉ bị ngộ độc nhẹ.",
    "Theo sau là Justin Bieber với 2 giải.",  # next in a sequence begun before
    "Đứng tiếp theo là Anthony Martial với 86 triệu bảng.",
    "Tiếp đến, chỉ số giá nhóm hàng ăn tăng 0,36%.",
    "Vì xác định đây là vấn đề rất quan trọng.",  # only the reason for the sentence before
    "Bởi lẽ Montenegro là một nước nhỏ và nằm cách xa biên giới Nga.",
    "Hội đồng xét xử quyết định tuyên 3 bị cáo mức án như trên.",  # "as above": what came before
    "Ông Hoan khẳng định như trên khi trả lời báo chí hôm nay.",
    "Đây là lần đầu tiên buổi lễ được tổ chức tại Đà Nẵng.",  # what "đây" (this) is, told before
    "Đây cũng là lần thứ hai đội giành cúp.",
    "Đó là vai trò kết nối giữa đội U21 và đội 1.",
    "Đây được xem là món quà chia tay của Pep.",
    "Theo CNN, đây là khoản đầu tư lớn nhất cho Uber.",  # behind a source, named or not
    "Khi đó, Cục Xuất bản đã có công văn yêu cầu đình chỉ cuốn sách.",  # at a time the one before named
    "Trước đó, có thông tin cho rằng cô đã kết hôn.",
    "Khi đó, ông là người thứ hai bước vào phòng.",  # an ordinal, a count, a range, a duration: no time
    "Khi đó, có 1.500 người dân tụ tập.",
    "Trước đó, 2-3 đối tượng đã bỏ trốn.",
    "Khi đó, lực lượng huy động 24 giờ liên tục.",
])  # fmt: skip
def test_a_subject_that_points_back(text):
    assert points_back(text)


@pytest.mark.parametrize("text", [
    "Lần này, đội tuyển đã chuẩn bị kỹ.",  # a time word with a meaning of its own
    "Lúc này, kiểm lâm viên đã rút súng.",
    "Vũ khí trên xe tăng gồm một pháo 125mm.",  # "trên" = on
    "Ông Masuzoe sau đó phủ nhận cáo buộc này.",  # a named subject
    "Hồ Chí Minh này mùa mưa nhiều.",
    "Hội nghị diễn ra tại Hà Nội.",
    "Kỷ lục trước đó thuộc về một ca sĩ Anh.",
    "Ông Thắng cho biết hội sẽ kiến nghị.",  # a title before a name
    "Bà con vẫn có lãi lớn.",  # a title that is part of a noun
    "Cô gái 20 tuổi đã được cứu.",
    "Anh Quốc rời Liên minh châu Âu.",
    "Trong tuần này, giá xăng tăng hai lần.",  # a time word after "Trong", "Cuối", "Đầu"
    "Cuối tháng này, đội tuyển hội quân.",
    # what the subject points at is named before it in the sentence
    "Theo đại diện Vietnam Airlines, hãng này phải tạm ngừng 6 chuyến bay.",
    "Theo lời khai của Kwon Yonggil, anh ta thuê nhà tại Việt Nam.",
    "Theranos cho biết, công ty này có thể thay thế phương pháp cũ.",
    "Cảnh sát đã bắt được một người đàn ông 38 tuổi, người này đã nhận tội.",
    "Chỉ còn lại 2 nhà máy sản xuất ethanol.",  # "only two remain": no rest of anything
    "Hiện còn lại ba người mất tích.",
    " , họ đi.",  # a lead clause of nothing
    "Theo a, " * 1500 + "họ đi.",  # one lead clause only, however many there are
    "Tiếp theo kế hoạch, đoàn sẽ đi Huế.",  # following a plan
    "Đứng thứ hai là nhóm nhà ở và vật liệu xây dựng.",  # a rank of its own
    "Vì trời mưa lớn, trận đấu bị hoãn.",  # a cause that leads into its own clause
    "Vì mưa lớn nên trận đấu bị hoãn.",
    "Vì sao thịt cóc lại gây ngộ độc?",
    "Vì vậy các công ty điều chỉnh giảm giá.",
    "Bởi lẽ đó anh quyết định ra đi.",  # "for that reason": the reason was told, a clause follows
    "Bởi vì vậy anh đi.",
    "Trận đấu căng thẳng cả trên sân cỏ cũng như trên khán đài.",  # "as well as on"
    "“Đây là vấn đề của cảnh sát”, người phát ngôn nói.",  # someone's words: their speaker is named
    "Đoàn đã đến Đà Nẵng.",
    "Trước đó, vào 26/2, Cục Xuất bản đã có công văn yêu cầu đình chỉ cuốn sách.",  # a date of its own
    "Khi đó, năm 2014, anh mới 20 tuổi.",
    "Trước đó, lúc 9h, đoàn đã rời khách sạn.",
    "Trước đó, ngày 31-3, công an khám xét nhà.",
    "Trước đó, vào sáng thứ hai, đoàn đã đến.",
    "Đây, tại căn phòng này, ông đã viết cuốn sách đầu tiên.",  # here, not "this is"
    "Xe có hệ thống quét tương tự như trên siêu chiến đấu cơ T-50.",  # "as on" a thing named
    'Ông nói: "Mức án như trên là thỏa đáng."',  # inside someone's words
])  # fmt: skip
def test_a_subject_that_stands_alone(text):
    assert not points_back(text)


def test_a_title_alone_as_the_subject_points_back_except_in_a_reports_opening(write_reports):
    from summarizer.back_pointers import title_alone

    assert title_alone("Ông trưởng thành ở một thị trấn gần Birmingham.")
    assert title_alone("Cô cũng nằm trong hội đồng quản trị của nhiều công ty.")
    for text in ("Anh hùng Lao động được vinh danh.", "Ông bà ta có câu.", "Anh chị em công nhân đã nghỉ."):
        assert not title_alone(text)
    lead = "Anh chính thức rời Liên minh châu Âu vào lúc 23h ngày 31/1 theo giờ London."
    cluster = prepare(write_reports({"a.txt": f"Anh rời EU\n{lead}\nNgười dân đổ ra đường ăn mừng.\n"}))
    opening = _groups(cluster)["a.txt", 0]
    assert QuotationRuns(cluster).torn([opening]) == set()  # before: Britain read as "he", the lead never taken


def _groups(cluster):
    return {(s.file, s.index): g for g, group in enumerate(cluster.dedup.groups) for m in group.members
            for s in [cluster.dedup.sentences[m]]}


def test_a_back_pointer_goes_in_only_after_the_sentence_it_points_at(write_reports):
    cluster = prepare(write_reports({
        "a.txt": "Xe tải lao vào chợ\nMột xe tải lao vào chợ Bình Điền sáng 5/6 làm ba người bị thương.\n"
                 "Tài xế Nguyễn Văn Tâm bị công an giữ lại ngay tại hiện trường.\n"
                 "Người này có nồng độ cồn vượt mức cho phép.\n",
        "b.txt": "Tai nạn ở chợ Bình Điền\nSáng 5/6, một xe tải mất lái lao vào chợ Bình Điền.\n",
    }))
    group = _groups(cluster)
    driver, drunk = group["a.txt", 1], group["a.txt", 2]
    runs = QuotationRuns(cluster)
    assert runs.torn([drunk]) == {drunk}  # before: "Người này có nồng độ cồn ..." alone
    assert runs.torn([driver, drunk]) == set()
    assert runs.together([drunk, driver]) == [driver, drunk]


def test_a_report_opening_that_points_at_its_title_never_stands_on_that_reports_account(write_reports):
    cluster = prepare(write_reports({
        "a.txt": "Giải bắn súng châu Á khai mạc\nGiải đấu này diễn ra từ ngày 19 đến 26/5 tại thủ đô Bangkok.\n"
                 "Đội tuyển Việt Nam cử 12 xạ thủ tham dự giải.\n",
    }))
    opening = _groups(cluster)["a.txt", 0]
    assert QuotationRuns(cluster).torn([opening]) == {opening}


def test_a_back_pointer_is_told_in_the_words_of_a_copy_that_stands_alone(write_reports):
    folder = write_reports({
        "a.txt": "Mẹ bầu nghiện bọt xà phòng\nChị Lan Anh ở Hải Phòng có sở thích kỳ lạ khi mang thai.\n"
                 "Bà mẹ này còn có thể phủ đầy bọt xà phòng lên mặt rồi từ từ hút vào miệng và tận hưởng.\n",
        "b.txt": "Thai phụ nghiện xà phòng\nChị Lan Anh có thể phủ đầy bọt xà phòng lên mặt rồi từ từ hút vào miệng.\n"
                 "Bác sĩ cho biết điều này không gây hại cho thai nhi.\n",
    })
    cluster = prepare(folder)
    group = _groups(cluster)
    soap = group["a.txt", 1]
    assert soap == group["b.txt", 0]  # one merged sentence, two copies
    assert cluster.dedup.sentences[cluster.dedup.groups[soap].representative].file == "a.txt"  # "Bà mẹ này ..."
    runs = QuotationRuns(cluster)
    assert runs.torn([soap]) == set()  # b.txt's copy stands alone
    assert runs.standalone_copies([soap]) == {soap: ("b.txt", 0)}
    assert runs.standalone_copies([group["a.txt", 0], soap]) == {}  # a.txt's words, after what they point at


LIST_REPORT = (
    "Hà Nội siết xe tải vào nội đô từ 1/7\n"
    "UBND TP Hà Nội vừa ban hành quyết định điều chỉnh tổ chức giao thông trong khu vực nội đô từ ngày 1/7.\n"
    "Theo quyết định, thành phố áp dụng ba biện pháp chính:\n"
    "- Cấm xe tải trên 10 tấn đi vào vành đai 2 từ 6h đến 21h hằng ngày.\n"
    "- Hạn chế xe khách trên 30 chỗ đi vào phố cổ vào cuối tuần.\n"
    "- Mở thêm 12 tuyến buýt nhanh kết nối các khu đô thị vệ tinh.\n"
    "Sở GTVT cho biết các biện pháp nhằm giảm ùn tắc vào giờ cao điểm.\n"
    "Người vi phạm có thể bị phạt đến 4 triệu đồng.\n"
)


def test_a_list_item_and_its_lead_in_go_in_together(write_reports):
    cluster = prepare(write_reports({"a.txt": LIST_REPORT}))
    group = _groups(cluster)
    lead_in, trucks, coaches = group["a.txt", 1], group["a.txt", 2], group["a.txt", 3]
    runs = QuotationRuns(cluster)
    assert runs.torn([trucks]) == {trucks}  # "- Cấm xe tải ..." without what it is
    assert runs.torn([lead_in]) == {lead_in}  # "... ba biện pháp chính:" and nothing after it
    # "ba biện pháp chính:" counts its items: it stands with all three, each item only in the list
    buses = group["a.txt", 4]
    assert runs.torn([lead_in, trucks, coaches]) == {lead_in, trucks, coaches}
    assert runs.torn([lead_in, trucks, coaches, buses]) == set()
    assert runs.torn([trucks, coaches]) == {trucks, coaches}  # the second item hangs from the lead-in too
    assert runs.leads_into(lead_in, coaches) and not runs.leads_into(trucks, coaches)
    # a lead-in that counts nothing stands with any one of its items
    uncounted = prepare(write_reports({"a.txt": LIST_REPORT.replace("ba biện pháp chính:", "các biện pháp chính sau:")},
                                      folder="uncounted"))
    group = _groups(uncounted)
    assert QuotationRuns(uncounted).torn([group["a.txt", i] for i in (1, 2, 3)]) == set()


def test_a_chosen_list_item_brings_its_lead_in_and_is_told_as_prose(write_reports):
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.options import SummarizeOptions

    options = SummarizeOptions(engine="extractive").with_changes(extractive__max_words=100, extractive__max_share=1.0)
    cluster = prepare(write_reports({"a.txt": LIST_REPORT}), options)
    texts = [s.text for s in ExtractiveEngine().summarize(cluster, options).sentences]
    # before: "- Cấm xe tải ..." alone, its dash in the prose, the lead-in left out
    assert "Theo quyết định, thành phố áp dụng ba biện pháp chính:" in texts
    item = texts.index("Theo quyết định, thành phố áp dụng ba biện pháp chính:") + 1
    assert texts[item : item + 3] == ["Cấm xe tải trên 10 tấn đi vào vành đai 2 từ 6h đến 21h hằng ngày.",
                                      "Hạn chế xe khách trên 30 chỗ đi vào phố cổ vào cuối tuần.",
                                      "Mở thêm 12 tuyến buýt nhanh kết nối các khu đô thị vệ tinh."]
    assert not any(t.startswith("-") for t in texts)
    # at every budget the counted list is told whole or not at all, never in part
    for budget in (30, 45, 60, 75):
        short = options.with_changes(extractive__max_words=budget)
        cluster = prepare(write_reports({"a.txt": LIST_REPORT}), short)
        texts = [s.text for s in ExtractiveEngine().summarize(cluster, short).sentences]
        told = [t for t in texts if "biện pháp chính:" in t or t.startswith(("Cấm xe", "Hạn chế xe", "Mở thêm"))]
        assert len(told) in (0, 4), (budget, texts)


def test_items_ending_in_semicolons_are_told_with_their_counted_list(write_reports):
    from summarizer.back_pointers import announced_count
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.options import SummarizeOptions

    assert (announced_count("Người dân có ba lựa chọn thay thế:"), announced_count("UBND công bố 5 tuyến phố sau:"),
            announced_count("Các tuyến phố gồm:"), announced_count("Từ năm 2025 áp dụng:")) == (3, 5, None, None)
    # a number word opening a name, and "năm" of a year, count nothing
    assert announced_count("Hà Nội công bố 5 điểm cấm đỗ xe ở quận Ba Đình:") == 5
    assert announced_count("Ba giải pháp được đưa ra trong năm nay:") == 3
    report = ("Hạn chế xe máy trên 5 tuyến phố trung tâm Hà Nội\n"
              "UBND TP Hà Nội vừa quyết định hạn chế xe máy vào giờ cao điểm trên 5 tuyến phố trung tâm từ năm 2025.\n"
              "Người dân có ba lựa chọn thay thế:\n"
              "1. Đi xe buýt hoặc tàu điện;\n"
              "2. Gửi xe tại các bãi đỗ vành đai;\n"
              "3. Đi bộ hoặc xe đạp công cộng.\n"
              "Sở GTVT cho biết sẽ bổ sung 200 xe buýt mới để phục vụ người dân.\n")
    options = SummarizeOptions(engine="extractive").with_changes(extractive__max_words=90, extractive__max_share=1.0)
    summary = " ".join(s.text for s in ExtractiveEngine().summarize(prepare(write_reports({"a.txt": report}), options),
                                                                    options).sentences)
    assert ("Người dân có ba lựa chọn thay thế: Đi xe buýt hoặc tàu điện; Gửi xe tại các bãi đỗ vành đai; "
            "Đi bộ hoặc xe đạp công cộng.") in summary


FLOOD_REPORTS = {
    "a.txt": "Lũ chia cắt nhiều xã ở Quảng Ngãi\n"
             "Sáng 14/10, mưa lớn kéo dài làm ngập sâu nhiều tuyến đường ở huyện Sơn Tịnh.\n"
             "Để ứng phó, tỉnh đưa ra ba nhóm giải pháp:\n"
             "1. Sơ tán dân khỏi vùng nguy hiểm.\n"
             "2. Cấm người và phương tiện qua các ngầm tràn.\n"
             "3. Dự trữ lương thực cho vùng bị chia cắt.\n"
             "Hôm qua, nhiều tuyến đường liên xã đã bị chia cắt hoàn toàn.\n",
}


def test_numbered_items_hang_from_their_lead_in_and_are_told_in_one_stretch(write_reports):
    cluster = prepare(write_reports(FLOOD_REPORTS))
    group = _groups(cluster)
    lead_in, first, second, third, roads = (group["a.txt", i] for i in range(1, 6))
    runs = QuotationRuns(cluster)
    assert runs.torn([second, third]) == {second, third}  # before: "2. Cấm ..." stood alone
    assert runs.torn([lead_in, second, third]) == {lead_in, second, third}  # "ba nhóm": all three, or none
    assert runs.torn([lead_in, first, second, third]) == set()
    assert runs.together([lead_in, second, roads, first, third]) == [lead_in, first, second, third, roads]
    # a lead-in that counts nothing stands with any one of its items
    uncounted = prepare(write_reports({"a.txt": FLOOD_REPORTS["a.txt"].replace("ba nhóm giải pháp:", "các giải pháp:")},
                                      folder="uncounted"))
    group = _groups(uncounted)
    assert QuotationRuns(uncounted).torn([group["a.txt", i] for i in (1, 3, 4)]) == set()


def test_a_quotation_tail_that_points_back_needs_its_run(write_reports):
    cluster = prepare(write_reports({
        "a.txt": "Vải thiều được giá\nVụ vải thiều ở Lục Ngạn đang vào chính vụ.\n"
                 "“Năm nay sản lượng giảm do thời tiết nồm ẩm.\nNhưng giá lại tăng gấp đôi.\n"
                 "Nhờ đó bà con vẫn có lãi lớn”, ông Bình, Giám đốc hợp tác xã, chia sẻ.\n",
    }))
    group = _groups(cluster)
    head, middle, tail = group["a.txt", 1], group["a.txt", 2], group["a.txt", 3]
    runs = QuotationRuns(cluster)
    assert runs.torn([head, tail]) == {head, tail}  # before: "Nhờ đó ..." after the head, the reason gone
    assert runs.torn([head, middle, tail]) == set()


def test_a_quotation_whose_speaker_comes_first_is_not_closed_by_another_reports_speaker(write_reports):
    # a.txt names the speaker before the quotation, b.txt after it; the tail of a.txt's run is
    # b.txt's longer copy. Told so, the quotation names its speaker twice.
    cluster = prepare(write_reports({
        "a.txt": "Thiếu điện ở miền Bắc\nChiều 10/6, Thủ tướng chủ trì cuộc họp về tình trạng thiếu điện.\n"
                 "Thủ tướng nhấn mạnh: \"Không để thiếu điện cho sản xuất và sinh hoạt của người dân.\n"
                 "Ai làm sai phải chịu trách nhiệm trước pháp luật.\"\n",
        "b.txt": "Miền Bắc thiếu điện\nChiều 10/6, Thủ tướng chủ trì cuộc họp về tình trạng thiếu điện.\n"
                 "\"Ai làm sai phải chịu trách nhiệm trước pháp luật\", Thủ tướng nói.\n",
    }))
    group = _groups(cluster)
    head, tail = group["a.txt", 1], group["a.txt", 2]
    assert tail == group["b.txt", 1] and cluster.dedup.groups[tail].text.endswith("Thủ tướng nói.")
    assert QuotationRuns(cluster).run_sentences([head, tail]) == {tail: ("a.txt", 2)}


def test_a_quotation_is_told_in_its_own_reports_words_not_in_a_paraphrase_told_as_news(write_reports):
    cluster = prepare(write_reports({
        "a.txt": "Ngư dân chờ kết luận\nÔng Phạm Văn Thắng, Chủ tịch Hội Nghề cá, cho biết như vậy.\n"
                 "“Việc công bố chậm khiến người dân ven biển từ Hà Tĩnh đến Huế chưa thể đi đánh cá ven biển, "
                 "các hộ nuôi tôm chưa thể nuôi.\n"
                 "Hội đề nghị Chính phủ tiếp tục hỗ trợ các gia đình bị thiệt hại” - ông Thắng khẳng định.\n",
        "b.txt": "Hội Nghề cá kiến nghị\nTuy nhiên, đến nay dù đã 1,5 tháng, người dân ven biển từ Hà Tĩnh đến Huế "
                 "chưa thể đi đánh cá ven biển, các hộ nuôi tôm chưa thể nuôi.\n"
                 "Hội đề nghị Chính phủ tiếp tục hỗ trợ các gia đình bị thiệt hại.\n",
    }))
    group = _groups(cluster)
    head, tail = group["a.txt", 1], group["a.txt", 2]
    assert head == group["b.txt", 0]
    assert cluster.dedup.groups[head].text.startswith("Tuy nhiên")  # b.txt's own words, no mark
    # before: b.txt's "Tuy nhiên, đến nay ..." went inside ông Thắng's marks, as his words
    assert QuotationRuns(cluster).run_sentences([head, tail]) == {head: ("a.txt", 1)}


def test_a_quotation_with_no_speaker_follows_the_sentence_that_names_one(write_reports):
    from summarizer.back_pointers import speakerless_quotation

    assert speakerless_quotation("“Tôi đã bị thuyết phục và quyết định khoác áo đội bóng mới”.")
    assert not speakerless_quotation("“Tôi đã bị thuyết phục”, anh nói.")
    cluster = prepare(write_reports({
        "a.txt": "Nữ diễn viên giảng dạy ở London\nTrường đại học ở London mời nữ diễn viên giảng dạy từ mùa thu.\n"
                 "Nữ diễn viên cho biết cô được truyền cảm hứng bởi khóa học mới này.\n"
                 "”Điều quan trọng là chúng ta mở rộng thảo luận về quyền của phụ nữ”.\n",
    }))
    group = _groups(cluster)
    said, words = group["a.txt", 1], group["a.txt", 2]
    runs = QuotationRuns(cluster)
    assert runs.torn([words]) == {words}  # before: her words alone, nobody saying them
    assert runs.torn([said, words]) == set()


@pytest.mark.parametrize("text, expected", [
    ("Ông Đỗ Văn Phúc, Giám đốc Trung tâm điều hành xe buýt, cho biết như trên.", True),
    ("Ông Trần Thắng, giám đốc Sở Tài nguyên, cho biết như trên ngày 19-5.", True),
    ("Báo cáo của hãng Savills vừa phát hành sáng 23/5 cho biết như vậy.", True),
    ("Thông tin với PV, một cán bộ công an xác nhận vụ việc trên.", True),
    ("Tuy nhiên, hãng tin chưa xác nhận về thông tin này.", True),
    ("Ông giám đốc sở khẳng định như trên khi trả lời báo chí hôm nay.", True),
    ("Ông cho biết như vậy là đủ để xây cầu mới.", False),  # "so much is enough": news of its own
    ("Ông An cho biết con số này trong năm nay tăng gấp đôi.", False),
    ("Bà Bình cho biết điều này sau khi công ty lỗ 500 tỷ đồng.", False),
    ("Bộ trưởng chia sẻ, việc dư luận sốt ruột về thông tin này là xác đáng.", False),
    ("Ông nói điều này “không thể chấp nhận”.", False),  # inside someone's words
    ("Ông Masuzoe sau đó phủ nhận cáo buộc này.", True),  # denied: what? (ViMs Cluster_233)
    ("Trả lời phỏng vấn, đại diện nữ diễn viên bác bỏ tin đồn này.", True),
    ("Ngay cả bạn bè của cặp đôi cũng thừa nhận điều này.", True),
    ("Ông từng bị đồn đã qua đời hồi năm ngoái, song chính phủ đã bác bỏ thông tin này.", False),  # told in the sentence
    ("Danh sách được công bố giữa tháng 6 nhưng chúng ta đã sớm biết được thông tin này.", False),
    ("Ông Masuzoe, trong khi trả lời báo chí, đã phủ nhận cáo buộc này.", True),  # a when-clause: no contrast
    ("Ca sĩ Minh, người hát song ca với Lan, đã bác bỏ tin đồn này.", True),  # "song ca": a duet
])  # fmt: skip
def test_a_sentence_that_only_says_someone_told_what_came_before(text, expected):
    from summarizer.back_pointers import says_as_above

    assert says_as_above(text) is expected


def test_said_as_above_goes_in_only_after_what_it_confirms(write_reports):
    cluster = prepare(write_reports({
        "a.txt": "Mở tuyến xe buýt du lịch\nTừ ngày 20/5, thành phố mở tuyến xe buýt hai tầng số 120 đi quanh trung tâm.\n"
                 "Vé xe có giá 199.000 đồng và dùng được trong 24 giờ.\n"
                 "Ông Đỗ Văn Phúc, giám đốc trung tâm điều hành xe buýt, cho biết như trên.\n",
        "b.txt": "Xe buýt hai tầng\nÔng Lê Bình, phó giám đốc sở giao thông, cho biết như trên sáng 20/5.\n"
                 "Mỗi hành khách có tai nghe thuyết minh bằng tám thứ tiếng.\n",
    }))
    group = _groups(cluster)
    price, said = group["a.txt", 1], group["a.txt", 2]
    runs = QuotationRuns(cluster)
    assert runs.torn([said]) == {said}  # before: "..., cho biết như trên." stood alone
    assert runs.torn([price, said]) == set()
    opening = group["b.txt", 0]
    assert runs.torn([opening]) == {opening}  # it points at its report's title


def test_a_copy_told_for_a_sentence_that_points_back_must_not_restate_another(write_reports):
    from summarizer.engines.extractive import restated_copies

    cluster = prepare(write_reports({
        "a.txt": "Cháy ký túc xá\nĐêm 22/5, một vụ cháy lớn xảy ra tại ký túc xá nữ của trường Pithak ở Chiang Rai.\n"
                 "Đại tá Prayad Singsin cho biết 17 học sinh đã thiệt mạng.\n"
                 "Ông cũng cho biết thêm rằng, hiện ngọn lửa đã được dập tắt song nguyên nhân vụ việc đang được điều tra.\n",
        "b.txt": "17 học sinh chết cháy\nVụ cháy xảy ra lúc 23h đêm 22/5 khi các em đang ngủ.\n"
                 "Nguyên nhân vụ việc đang được điều tra.\n",
        "c.txt": "Thái Lan: cháy trường học\nNhiều em nhỏ đã được đưa đến bệnh viện gần đó.\n"
                 "Nguyên nhân vụ cháy vẫn đang tiếp tục được điều tra.\n",
    }))
    group = _groups(cluster)
    said, cause = group["a.txt", 2], group["c.txt", 1]
    assert group["b.txt", 1] == said  # "Nguyên nhân vụ việc ..." is a copy of ông's sentence
    runs = QuotationRuns(cluster)
    assert runs.standalone_copies([said, cause]) == {said: ("b.txt", 1)}  # "Ông" points back: b's words told
    relevance = np.ones(len(cluster.merged_texts))
    assert restated_copies([said, cause], runs, cluster.merged_texts, relevance) == {said}
    # ông's words stand after the sentence that names him
    assert restated_copies([group["a.txt", 1], said, cause], runs, cluster.merged_texts, relevance) == set()
