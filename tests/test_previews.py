"""Expectations of a report written before the event, that another report tells as done, are flagged."""

from __future__ import annotations

from summarizer.documents import TextReport
from summarizer.pipeline import prepare
from summarizer.previews import preview_reports, preview_sentences, report_texts

# A charity concert announced the day before ...
PREVIEW = (
    "preview.txt",
    "Đêm nhạc gây quỹ cho trẻ em vùng lũ sắp diễn ra",
    [
        "Tối mai (12/8), đêm nhạc gây quỹ “Mùa thu cho em” sẽ được tổ chức tại Nhà hát Lớn.",
        "Ban tổ chức dự kiến quyên góp được 800 triệu đồng cho các em nhỏ vùng lũ.",
        "Khoảng 1.500 khán giả sẽ tham dự, theo ban tổ chức.",
        "Chương trình có sự góp mặt của nhiều ca sĩ trẻ.",
        "Đường phố quanh nhà hát sẽ đông đúc.",
    ],
)
# ... and told the day after.
OUTCOME = (
    "outcome.txt",
    "Đêm nhạc gây quỹ thu gần 1 tỷ đồng",
    [
        "Tối 12/8, đêm nhạc gây quỹ “Mùa thu cho em” đã diễn ra tại Nhà hát Lớn.",
        "Chương trình đã quyên góp được 950 triệu đồng.",
        "Hơn 2 nghìn khán giả đã đến xem.",
        "Số tiền này sẽ được dùng để xây hai điểm trường cho các em nhỏ vùng lũ.",
    ],
)


def test_a_concert_preview_is_overtaken_by_its_outcome() -> None:
    flagged = preview_sentences([PREVIEW, OUTCOME])
    assert set(flagged) == {("preview.txt", 0), ("preview.txt", 1), ("preview.txt", 2)}
    assert flagged[("preview.txt", 0)] == "expects 12/8, which outcome.txt tells as done (its sentence 0)"
    assert "12/8" in flagged[("preview.txt", 2)] and "outcome.txt" in flagged[("preview.txt", 2)]
    assert preview_reports([PREVIEW, OUTCOME]) == {"preview.txt"}
    # the order of the reports changes nothing
    assert preview_sentences([OUTCOME, PREVIEW]) == flagged


def test_the_outcome_reports_own_future_sentences_are_kept() -> None:
    flagged = preview_sentences([PREVIEW, OUTCOME])
    # "Số tiền này sẽ được dùng để xây ..." is what follows the event, told after it
    assert not any(file == "outcome.txt" for file, _ in flagged)
    # in the preview, a sentence with no future marker, or none about the event, stays
    assert ("preview.txt", 3) not in flagged and ("preview.txt", 4) not in flagged


def test_previews_alone_flag_nothing() -> None:
    other_preview = (
        "other.txt",
        "Nhà hát Lớn sẵn sàng cho đêm nhạc gây quỹ",
        [
            "Đêm nhạc “Mùa thu cho em” sẽ diễn ra vào tối 12/8 tới.",
            "Dự kiến khoảng 1.500 khán giả sẽ tham dự.",
        ],
    )
    assert preview_sentences([PREVIEW, other_preview]) == {}
    assert preview_reports([PREVIEW, other_preview]) == set()
    # an outcome alone has nothing to overtake
    assert preview_sentences([OUTCOME]) == {}


def test_future_sentences_without_a_coming_date_are_never_flagged() -> None:
    # plain "sẽ" says nothing about when a report was written
    plan = ("plan.txt", "Cầu mới thông xe", ["Cây cầu sẽ được thông xe vào ngày 2/9."])
    opened = ("opened.txt", "Khánh thành cầu", ["Sáng 2/9, cây cầu đã được khánh thành."])
    assert preview_sentences([plan, opened]) == {}
    # once a report names 2/9 as coming, the same sentence is an expectation overtaken
    coming = ("coming.txt", "", ["Cây cầu sẽ thông xe vào ngày 2/9 tới."])
    assert set(preview_sentences([plan, opened, coming])) == {("plan.txt", 0), ("coming.txt", 0)}


def test_an_event_expected_on_a_date_that_another_report_tells_as_done_then_is_overtaken() -> None:
    # rule 1b: the event right after the future marker, before its date, told as done on that date
    plan = ("plan.txt", "Hà Nội sắp công bố điểm chuẩn", ["Điểm chuẩn dự kiến được công bố ngày 8/7."])
    done = ("done.txt", "Điểm chuẩn lớp 10", ["Chiều 8/7, Sở Giáo dục công bố điểm chuẩn vào lớp 10."])
    assert set(preview_sentences([plan, done])) == {("plan.txt", 0)}
    # another event on that date, or the event far from its date ("theo AP ngày 19.5"), is not
    other = ("other.txt", "", ["Điểm chuẩn dự kiến được niêm yết ngày 8/7."])
    far = ("far.txt", "", ["Sở sẽ công bố điểm chuẩn sau khi chấm xong toàn bộ bài thi, theo kế hoạch ngày 8/7."])
    assert preview_sentences([other, done]) == {} and preview_sentences([far, done]) == {}


def test_a_range_is_no_coming_date_and_a_schedule_tells_nothing_as_done() -> None:
    season = (
        "season.txt",
        "Lịch giải đấu",
        ["Giải đấu diễn ra từ 10/6 tới 10/7 tại ba thành phố."],
    )
    opened = ("opened.txt", "Khai mạc giải", ["Ngày 10/6, giải đấu đã khai mạc."])
    assert preview_sentences([season, opened]) == {}
    # "Ngày 13/8, mùa giải mới bắt đầu." in a report that expects 7/7 is a schedule, not news
    schedule = (
        "schedule.txt",
        "Lịch của đội bóng",
        ["Theo lịch, ngày 7/7, đội sẽ tập trung.", "Ngày 13/8, mùa giải mới bắt đầu."],
    )
    expecting = ("expecting.txt", "", ["Mùa giải mới sẽ khởi tranh vào ngày 13/8 tới."])
    assert preview_sentences([schedule, expecting]) == {}


def test_empty_input_and_a_place_after_toi() -> None:
    assert preview_sentences([]) == {} and preview_reports([]) == set()
    assert preview_sentences([("a.txt", "", []), ("b.txt", "", [""])]) == {}
    # "ngày 21/5 tới Hà Nội": went to Hà Nội on 21/5, no coming date
    went = ("went.txt", "", ["Đoàn sẽ nghỉ một ngày sau khi ngày 21/5 tới Hà Nội."])
    done = ("done.txt", "", ["Ngày 21/5, đoàn đã đến Hà Nội."])
    assert preview_sentences([went, done]) == {}
    coming = ("coming.txt", "", ["Đoàn sẽ đến Hà Nội vào ngày 21/5 tới."])
    assert set(preview_sentences([coming, done])) == {("coming.txt", 0)}


def test_the_part_of_the_day_must_agree() -> None:
    training = ("training.txt", "", ["Toàn đội sẽ có buổi tập đầu tiên vào chiều mai (2/6)."])
    morning = ("morning.txt", "", ["Sáng 2/6, các bác sĩ đã kiểm tra sức khỏe cầu thủ."])
    assert preview_sentences([training, morning]) == {}
    afternoon = ("afternoon.txt", "", ["Chiều 2/6, toàn đội đã có buổi tập đầu tiên trên sân chính."])
    assert set(preview_sentences([training, afternoon])) == {("training.txt", 0)}


def test_quotations_the_reporter_and_obligations_tell_nothing_as_done() -> None:
    match = ("match.txt", "", ["Đội tuyển sẽ gặp Hồng Kông vào ngày 3/6 tới."])
    for told in [
        "“Ngày 3/6 chúng ta đã phải thi đấu rồi, nên không cần tập nặng”, HLV nói.",
        "Trong ngày 3/6, chúng tôi đã nhiều lần liên lạc với ban huấn luyện.",
        "Hôm nay, 3/6, các đội phải nộp danh sách cầu thủ.",
        "Đội tuyển thắng 2-1 trong trận giao hữu hôm trước.",  # a score, no date
    ]:
        assert preview_sentences([match, ("other.txt", "", [told])]) == {}, told
    assert preview_sentences([match, ("result.txt", "", ["Chiều 3/6, đội tuyển đã thắng Hồng Kông 2-1."])])


def test_a_day_alone_and_a_title_make_a_preview() -> None:
    wedding = (
        "wedding.txt",
        "Cặp diễn viên sắp về chung nhà",
        [
            "Hai người quen nhau trên phim trường năm 2014.",
            "Đám cưới của họ diễn ra vào ngày 21 tới đây.",
            "Họ sẽ tổ chức tiệc cưới nhỏ với gia đình hai bên.",
        ],
    )
    married = ("married.txt", "Cặp diễn viên đã thành vợ chồng", ["Tối 21/5, cặp đôi đã tổ chức lễ cưới ấm cúng."])
    flagged = preview_sentences([wedding, married])
    assert set(flagged) == {("wedding.txt", 1), ("wedding.txt", 2)}
    assert flagged[("wedding.txt", 1)].startswith("expects ngày 21,")
    assert preview_reports([wedding, married]) == {"wedding.txt"}
    # a coming date in the title alone makes a preview too
    eve = ("eve.txt", "Tối mai (21/5), cặp diễn viên về chung nhà", ["Khách mời sẽ tham dự tiệc cưới tại Hà Nội."])
    assert preview_reports([eve, married]) == {"eve.txt"}
    assert set(preview_sentences([eve, married])) == {("eve.txt", 0)}


def test_an_undated_report_repeating_the_expected_event_is_flagged() -> None:
    # a third report, written before the concert too, gives no date but expects what PREVIEW expects
    undated = (
        "undated.txt",
        "Các ca sĩ trẻ góp giọng vì trẻ em vùng lũ",
        [
            "Nhiều ca sĩ trẻ đã nhận lời góp mặt.",
            "Ban tổ chức cho biết khoảng 1.500 khán giả sẽ tham dự đêm nhạc.",
            "Những tiết mục ở Nhà hát Lớn sẽ được truyền hình trực tiếp.",  # no word of the event's frame
        ],
    )
    flagged = preview_sentences([PREVIEW, OUTCOME, undated])
    assert ("undated.txt", 1) in flagged and ("undated.txt", 2) not in flagged
    assert flagged[("undated.txt", 1)] == "expects the event of 12/8 again (told as done in outcome.txt)"
    # the outcome report's own follow-up shares words with the expectation ("khán giả sẽ tham dự"), and stays
    follow_up = ("outcome.txt", OUTCOME[1], [*OUTCOME[2], "Khán giả sẽ tham dự buổi đấu giá vào tuần sau nữa."])
    assert not any(file == "outcome.txt" for file, _ in preview_sentences([PREVIEW, follow_up]))
    # a shared name ("Nhà hát Lớn") is no shared event
    named = ("named.txt", "", ["Khán giả sẽ được đón tại Nhà hát Lớn."])
    assert preview_sentences([PREVIEW, OUTCOME, named]).keys() == preview_sentences([PREVIEW, OUTCOME]).keys()


def test_report_texts_reads_a_prepared_cluster() -> None:
    cluster = prepare([
        TextReport("preview.txt", "\n".join([PREVIEW[1], " ".join(PREVIEW[2])])),
        TextReport("outcome.txt", "\n".join([OUTCOME[1], " ".join(OUTCOME[2])])),
    ])
    texts = report_texts(cluster)
    assert [(file, title) for file, title, _ in texts] == [("preview.txt", PREVIEW[1]), ("outcome.txt", OUTCOME[1])]
    assert dict((file, list(sentences)) for file, _, sentences in texts) == {"preview.txt": PREVIEW[2], "outcome.txt": OUTCOME[2]}
    assert set(preview_sentences(texts)) == {("preview.txt", 0), ("preview.txt", 1), ("preview.txt", 2)}


def test_the_extractive_summary_leaves_out_the_overtaken_expectations_and_the_previews_title(write_reports) -> None:
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.options import SummarizeOptions

    folder = write_reports({file: "\n".join([title, *sentences]) + "\n" for file, title, sentences in (PREVIEW, OUTCOME)})
    options = SummarizeOptions(engine="extractive")
    output = ExtractiveEngine().summarize(prepare(folder, options), options)
    said = [s.text for s in output.sentences]
    # before: "Tối mai (12/8), ... sẽ được tổ chức" and "dự kiến quyên góp được 800 triệu" beside the outcome
    assert not any("Tối mai" in t or "dự kiến" in t or "sẽ tham dự" in t for t in said)
    assert "Chương trình đã quyên góp được 950 triệu đồng." in said
    assert output.title == "Đêm nhạc gây quỹ thu gần 1 tỷ đồng"  # not the preview's "sắp diễn ra"
