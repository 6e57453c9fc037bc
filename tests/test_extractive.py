"""The extractive engine on small invented clusters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import salience
from summarizer.engines.extractive import ExtractiveEngine, choose_sentences, cut_to_budget, end_sentence, fallback_headline
from summarizer.errors import BadOptionError
from summarizer.options import SummarizeOptions
from summarizer.normalize import syllables
from summarizer.pipeline import prepare

SHARED_LEAD = "Mưa lớn kéo dài suốt ba ngày đã làm ngập hơn hai trăm ngôi nhà ở huyện Sơn Hà, tỉnh Quảng Ngãi."
SHARED_RESCUE = "Lực lượng cứu hộ đã sơ tán an toàn toàn bộ người dân khỏi vùng ngập sâu trong đêm."
REPORT_A = "\n".join(
    [
        "Lũ lớn nhấn chìm hàng trăm ngôi nhà ở Sơn Hà",
        SHARED_LEAD,
        "Cây cầu treo bắc qua sông Rin bị nước lũ cuốn trôi vào chiều thứ Bảy.",
        SHARED_RESCUE,
        "Giá rau xanh tại chợ huyện tăng gấp đôi so với tuần trước.",
    ]
)
REPORT_B = "\n".join(
    [
        "Quảng Ngãi: mưa lũ gây ngập nặng, cầu treo bị cuốn trôi, hàng trăm hộ dân phải sơ tán khẩn cấp",
        SHARED_LEAD,
        SHARED_RESCUE,
        "Chính quyền huyện đã chuẩn bị đủ lương thực cho người dân trong một tuần.",
    ]
)


def run(folder, **changes):
    options = SummarizeOptions(engine="extractive").with_changes(**changes)
    cluster = prepare(folder, options)
    return cluster, ExtractiveEngine().summarize(cluster, options)


FIRE_REPORTS = {
    "a.txt": "\n".join([
        "Cháy lớn tại chợ Bến Thành lúc rạng sáng",
        "Giá rau xanh tại các chợ trong thành phố tăng nhẹ trong tuần qua do thời tiết nắng nóng.",
        "Nhiều tiểu thương cho biết lượng khách đến chợ vào buổi sáng giảm so với tháng trước.",
        "Ban quản lý chợ đã lắp thêm quạt thông gió ở khu vực bán thực phẩm tươi sống.",
        "Lực lượng cứu hỏa đã khống chế hoàn toàn đám cháy tại chợ Bến Thành sau hai giờ.",
        "Không có thiệt hại về người, nguyên nhân vụ cháy đang được điều tra làm rõ.",
    ]),
    "b.txt": "\n".join([
        "Chợ Bến Thành bốc cháy, hàng chục sạp hàng bị thiêu rụi",
        "Rạng sáng nay, một đám cháy lớn đã bùng phát tại khu vực sạp vải của chợ Bến Thành, quận 1.",
        "Lực lượng cứu hỏa đã khống chế hoàn toàn đám cháy tại chợ Bến Thành sau hai giờ.",
        "Hàng chục sạp hàng bị thiêu rụi, thiệt hại ước tính nhiều tỷ đồng.",
    ]),
    "c.txt": "\n".join([
        "Cháy chợ Bến Thành: không có thương vong",
        "Rạng sáng nay, đám cháy lớn bùng phát tại khu sạp vải chợ Bến Thành khiến nhiều tiểu thương hoảng loạn.",
        "Lực lượng cứu hỏa đã khống chế hoàn toàn đám cháy tại chợ Bến Thành sau hai giờ.",
        "Không có thiệt hại về người, nguyên nhân vụ cháy đang được điều tra làm rõ.",
    ]),
}  # fmt: skip


def test_summary_opens_with_a_report_lead_not_the_merged_documents_first_sentence(write_reports):
    folder = write_reports(FIRE_REPORTS)
    cluster, output = run(folder, extractive__max_words=80)
    texts = [s.text for s in output.sentences]
    lead_c = FIRE_REPORTS["c.txt"].splitlines()[1]
    vents = FIRE_REPORTS["a.txt"].splitlines()[3]
    contained = FIRE_REPORTS["a.txt"].splitlines()[4]
    no_victims = FIRE_REPORTS["a.txt"].splitlines()[5]
    # The merged document threads report c's lead in after a's third sentence (a is the
    # backbone); the summary tells c's lead first, then what the reports carry in that order.
    merged = cluster.merged_texts
    assert merged.index(vents) < merged.index(lead_c)
    assert texts == [lead_c, vents, contained, no_victims]


def test_summary_fits_budget_in_the_reports_order_with_all_sources(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    cluster, output = run(folder, extractive__max_words=45)
    texts = [s.text for s in output.sentences]
    assert sum(salience.word_count(t) for t in texts) <= 45
    # The two sentences both reports carry are the most supported: both chosen, in order.
    assert texts == [SHARED_LEAD, SHARED_RESCUE]
    assert {(r.file, r.index) for r in output.sentences[0].sources} == {("a.txt", 0), ("b.txt", 0)}
    assert {(r.file, r.index) for r in output.sentences[1].sources} == {("a.txt", 2), ("b.txt", 1)}
    assert all(not s.aligned for s in output.sentences)
    merged = cluster.merged_texts
    positions = [merged.index(t) for t in texts]
    assert positions == sorted(positions)


def test_a_salience_bonus_changes_the_choice_and_none_changes_nothing(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    cluster, output = run(folder, extractive__max_words=45)
    merged = cluster.merged_texts
    mmr_lambda = SummarizeOptions().extractive.mmr_lambda
    plain, relevance = choose_sentences(cluster, 45, mmr_lambda)
    zero, _ = choose_sentences(cluster, 45, mmr_lambda, bonus=np.zeros(len(merged)))
    assert [merged[i] for i in plain] == [s.text for s in output.sentences] == [SHARED_LEAD, SHARED_RESCUE]
    assert zero == plain
    # A bonus far above every salience on one sentence A alone carries puts it in the summary.
    market = merged.index("Giá rau xanh tại chợ huyện tăng gấp đôi so với tuần trước.")
    bonus = np.zeros(len(merged))
    bonus[market] = 10 * relevance.max()
    boosted, boosted_relevance = choose_sentences(cluster, 45, mmr_lambda, bonus=bonus)
    assert market in boosted and market not in plain
    assert boosted_relevance[market] > relevance[market]


def test_headline_is_the_most_central_source_title(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    _, output = run(folder)
    assert output.title_origin == "source"
    assert {c.file for c in output.title_candidates} == {"a.txt", "b.txt"}
    assert output.title == output.title_candidates[0].text
    scores = [c.score for c in output.title_candidates]
    assert scores[0] >= max(scores) * (1 - salience.TITLE_SCORE_TIE)


def test_default_budget_never_exceeded(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    for budget in (10, 20, 30, 60, 180):
        _, output = run(folder, extractive__max_words=budget)
        assert sum(salience.word_count(s.text) for s in output.sentences) <= budget


def test_over_long_best_sentence_is_skipped_for_one_that_fits(write_reports):
    long_sentence = "Theo báo cáo " + " ".join(["của tỉnh về thiệt hại do mưa lũ gây ra"] * 4) + "."
    body = "\n".join(["Báo cáo thiệt hại mưa lũ", long_sentence, SHARED_RESCUE])
    folder = write_reports({"a.txt": body, "b.txt": body})
    _, output = run(folder, extractive__max_words=20)
    assert [s.text for s in output.sentences] == [SHARED_RESCUE]


def test_budget_below_every_sentence_cuts_the_most_salient(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    _, output = run(folder, extractive__max_words=5)
    assert len(output.sentences) == 1
    text = output.sentences[0].text
    assert text.endswith("…")
    assert salience.word_count(text) <= 5
    assert any("cut" in w for w in output.warnings)


def test_without_titles_headline_comes_from_first_summary_sentence(write_reports):
    body_a = "\n".join(REPORT_A.split("\n")[1:])
    body_b = "\n".join(REPORT_B.split("\n")[1:])
    folder = write_reports({"a.txt": body_a, "b.txt": body_b})
    cluster, output = run(folder, extractive__max_words=60)
    assert all(r.title is None for r in cluster.loaded.reports)
    assert output.title == fallback_headline(output.sentences[0].text, 16)
    assert len(output.title.split()) <= 16
    assert output.title_candidates[0].text == output.title
    # the summary's words, not a report's title (before: origin "source", file a.txt, whose title is None)
    assert output.title_origin == "summary" and output.title_candidates[0].origin == "summary"
    assert output.title_candidates[0].file is None
    cut = len(output.sentences[0].text.split()) > 16
    expected = "no report has a title; the headline is " + ("cut from " if cut else "") + "the first summary sentence"
    assert expected in output.warnings


def test_a_headline_from_a_short_untitled_sentence_is_not_said_to_be_cut(tmp_path):
    from summarizer import TextReport, summarize

    text = "Ngày 3/6, mưa lớn gây ngập nhiều tuyến phố ở Hà Nội."  # one line: a body with no title
    result = summarize([TextReport("a", text)])
    assert result.title == "Ngày 3/6, mưa lớn gây ngập nhiều tuyến phố ở Hà Nội"
    assert "no report has a title; the headline is the first summary sentence" in result.warnings


def test_fallback_headline_cuts_at_a_clause_boundary():
    sentence = "Mưa lớn kéo dài suốt ba ngày liền, hơn hai trăm ngôi nhà ở huyện Sơn Hà bị ngập sâu trong nước."
    assert fallback_headline(sentence, 16) == "Mưa lớn kéo dài suốt ba ngày liền"
    assert fallback_headline("Lũ lớn ở Sơn Hà.", 16) == "Lũ lớn ở Sơn Hà"
    words = " ".join(["một"] * 30)
    assert fallback_headline(words, 16) == " ".join(["một"] * 16)


def test_cut_to_budget():
    assert cut_to_budget("một hai ba bốn năm", 3) == "một hai ba…"
    assert cut_to_budget("một hai ba", 3) == "một hai ba"
    assert cut_to_budget("một, hai – ba bốn", 2) == "một, hai…"


def test_engine_name():
    assert ExtractiveEngine.name == "extractive"


@pytest.mark.parametrize("mmr_lambda", [0.0, 0.5, 1.0])
def test_no_near_duplicate_pair_in_summary(write_reports, mmr_lambda):
    edited = SHARED_LEAD.replace("hơn hai trăm", "gần ba trăm").replace("ba ngày", "hai ngày liền")
    body_a = "\n".join([SHARED_LEAD, SHARED_RESCUE])
    body_b = "\n".join([edited, "Giá rau xanh tại chợ huyện tăng gấp đôi so với tuần trước."])
    folder = write_reports({"a.txt": body_a, "b.txt": body_a, "c.txt": body_b})
    _, output = run(folder, extractive__max_words=180, extractive__mmr_lambda=mmr_lambda)
    texts = [s.text for s in output.sentences]
    assert not (SHARED_LEAD in texts and edited in texts)


@pytest.mark.parametrize(
    ("text", "worthy"),
    [
        (SHARED_LEAD, True),
        ("“Chúng tôi sẽ hỗ trợ ngay”, ông Nam nói.", True),
        ("12 người mất tích sau trận lũ.", True),
        ("ưa lớn kéo dài suốt ba ngày đã làm ngập hơn hai trăm ngôi nhà.", False),  # lost drop cap
        ("rao đổi với phóng viên,", False),  # a line broken mid-sentence
        ("Thiệt hại quá nặng nề", False),  # a section heading
        ("Tin tức nguồn: http://www.example.com/bai-viet-123", False),
        ("doc tin tuc example.com", False),
        ("» Thời sự trong nước", False),
        ("Mưa lớn kéo dài suốt ba ngày đã làm ngập hơn hai trăm ngôi nhà ở huyện Sơn Hà và nhiều xã lân cận", True),
        ("Nhóm dịch vụ y tế tăng 0,05%; nhóm bưu chính viễn thông tăng 0,03%;", False),  # a list item
        ("Các xã Tân Lập (Lục Yên), Động Quan (Lục Yên), Phúc Lợi (Lục Yên),", False),
        ("– Hồng Nhung nhận xét.\"", False),  # a quotation's tail split off
        ("- Chúng tôi sẽ cố gắng khắc phục hậu quả của trận lũ lịch sử này trong thời gian sớm nhất có thể, ông nói.", True),
        ("Phim về nỗi thất vọng “phúc lợi xã hội”", False),  # a heading that ends in a quoted phrase
        ("Thủ môn: Mariano Andujar (Estudiantes), Nahuel Guzman (Club Tigres)", False),  # a roster line
        ("Ông nói: “Chúng tôi sẽ hỗ trợ ngay.”", True),  # the period inside the quotation
        ("Đó là nguyên nhân vụ cháy (theo cảnh sát).", True),
        ("1 | Nguyễn Văn Hùng | 32 phút 15 giây | Phá kỷ lục.", False),  # a table row read as one line
        ("Tiền vệ (4): Nguyễn Văn An (SLNA), Trần Bình (Hà Nội), Lê Cường (Hải Phòng), Phạm Dũng (Huế)", False),
        ("Thủ môn (3): Trần Nguyên Mạnh (SLNA), Phí Minh Long (Hà Nội T&T), Đặng Văn Lâm (Hải Phòng)", False),
        ("Hậu vệ (3): Đỗ Duy Mạnh (Hà Nội, 1996), Quế Ngọc Hải (SLNA, 1993), và Bùi Tiến Dũng (Viettel, 1995)", False),
        ("Ông nói: đội sẽ đá tấn công, pressing tầm cao, phản công nhanh.", True),  # a sentence, with its period
        ("Ông Nguyễn Văn A cho biết: người dân cần chủ động phòng tránh, không ra đường khi mưa lớn, "
         "theo dõi thông tin dự báo thời tiết của các cơ quan chức năng", True),  # a sentence that lost its period
        ("Nguyên nhân khiến cá chết là gì?", False),  # a crosshead
        ("Đây không phải lần đầu!", False),
        ("Mời quý độc giả đón đọc!", False),
        ("“Ai sẽ bồi thường cho chúng tôi?”, một người dân hỏi.", True),  # someone's question, quoted
        ("Hiện tại, trường vẫn chưa phải là trường phi lợi nhuận như đã cam kết!", True),  # a claim, emphatic
        ("PV VTC News sẽ thông tin tiếp vụ việc.", False),  # the paper's promise to report more
        ("Chúng tôi sẽ tiếp tục thông tin về sự việc này.", False),
        ("“Chúng tôi sẽ tiếp tục thông tin về sự việc này”, ông Nam nói.", True),  # someone's words
        ("Bộ Y tế sẽ tiếp tục cập nhật số ca mắc mới mỗi ngày trên trang tin của bộ.", True),  # news
        ("Bộ Công an sẽ thông tin về vụ án.", True),  # the authorities' promise: news
        ("VOV.VN sẽ tiếp tục thông tin về sự việc này.", False),  # a site's
    ],
)
def test_summary_worthy(text: str, worthy: bool) -> None:
    from summarizer.engines.extractive import summary_worthy

    assert summary_worthy(text) is worthy


def test_headings_and_fragments_stay_out_of_the_summary(write_reports):
    heading, fragment = "Thiệt hại nặng nề", "ây cầu treo bắc qua sông Rin đã bị cuốn trôi hoàn toàn."
    report = "\n".join(["Lũ lớn ở Sơn Hà", heading, SHARED_LEAD, fragment, SHARED_RESCUE])
    folder = write_reports({"a.txt": report, "b.txt": "\n".join(["Lũ ở Quảng Ngãi", heading, fragment, SHARED_LEAD])})
    cluster, output = run(folder, extractive__max_words=200)
    assert heading in cluster.merged_texts and fragment in cluster.merged_texts  # both reports carry them
    assert [s.text for s in output.sentences] == [SHARED_LEAD, SHARED_RESCUE]


def test_mmr_falls_back_to_ineligible_candidates_when_nothing_else_fits() -> None:
    similarity = lambda i: np.zeros(2)  # noqa: E731
    chosen = salience.mmr_select([5, 5], [1.0, 0.5], similarity, 20, 0.7, eligible=np.array([False, False]))
    assert chosen == [0, 1]
    assert salience.mmr_select([5, 5], [1.0, 0.5], similarity, 20, 0.7, eligible=np.array([False, True])) == [1]


# Two reports that open differently and then copy the same two sentences.
PIN_SHARED_1 = "Lực lượng cứu hộ đã sơ tán an toàn toàn bộ người dân khỏi vùng ngập sâu trong đêm."
PIN_SHARED_2 = "Chính quyền huyện đã chuẩn bị đủ lương thực và nước uống cho người dân trong một tuần."
PIN_LEAD_A = "Mưa lớn buộc chính quyền huyện Sơn Hà sơ tán người dân khỏi vùng ngập sâu."
PIN_LEAD_B = "Sáng nay, nước sông Rin dâng cao nhất trong mười năm qua."


@pytest.mark.parametrize("pin_max_reports, expected", [
    # Off, or fewer allowed reports than the cluster has: the two sentences both reports carry
    # win on support and fill the 40-syllable budget.
    (0, [PIN_SHARED_1, PIN_SHARED_2]),
    (1, [PIN_SHARED_1, PIN_SHARED_2]),
    # On: the more salient opening (A's, on the cluster's topic) comes first; of the shared
    # sentences, the one that does not repeat it (MMR) fills the rest.
    (2, [PIN_LEAD_A, PIN_SHARED_2]),
])
def test_few_report_summary_holds_a_report_opening(write_reports, pin_max_reports, expected):
    folder = write_reports({
        "a.txt": "\n".join(["Lũ lớn nhấn chìm hàng trăm ngôi nhà ở Sơn Hà", PIN_LEAD_A, PIN_SHARED_1, PIN_SHARED_2]),
        "b.txt": "\n".join(["Sơn Hà ngập sâu sau ba ngày mưa lớn", PIN_LEAD_B, PIN_SHARED_1, PIN_SHARED_2]),
    })
    _, output = run(folder, extractive__max_words=40, extractive__lead_pin_max_reports=pin_max_reports)
    assert [s.text for s in output.sentences] == expected


def test_lead_pin_option_is_validated():
    from summarizer.errors import BadOptionError

    with pytest.raises(BadOptionError, match="lead_pin_max_reports"):
        SummarizeOptions().with_changes(extractive__lead_pin_max_reports=-1)


def test_dangling_connectives_are_detached() -> None:
    from summarizer.engines.extractive import detach_openers
    from summarizer.result import SourceRef, SummarySentence

    def sentence(text: str, *refs: tuple[str, int]) -> SummarySentence:
        return SummarySentence(text=text, sources=tuple(SourceRef(f, i) for f, i in refs))

    summary = [
        sentence("Tuy nhiên, cây cầu chỉ dành cho người đi bộ.", ("a.txt", 4)),
        sentence("Theo đó, xe máy bị cấm lên cầu.", ("a.txt", 5), ("b.txt", 9)),  # follows a.txt 4
        sentence("Cụ thể, mỗi ngày có 5.000 lượt người qua cầu.", ("b.txt", 2)),
        sentence("Trước đó, người dân phải đi vòng 4 km.", ("b.txt", 7)),  # a temporal anchor stays
        sentence("Tuy nhiên chưa có đèn chiếu sáng.", ("c.txt", 1)),  # a bare "Tuy nhiên" too
        sentence("Nhưng người dân vẫn hài lòng.", ("c.txt", 5)),
        sentence("Cụ thể hơn, cầu dài 320 m.", ("c.txt", 8)),  # "Cụ thể" leads into "hơn" here
        sentence("Ngoài ra còn có hai bãi đỗ xe.", ("c.txt", 9)),  # bare "Ngoài ra" stays
        sentence("Còn đội thi công, họ đã làm việc suốt đêm.", ("c.txt", 11)),  # "as for"
        sentence("Còn 5 hạng mục chưa xong.", ("c.txt", 13)),  # "still": stays
        sentence("Còn nhớ, hai năm trước cầu chỉ là bản vẽ.", ("c.txt", 15)),  # a set phrase
        sentence("Thời điểm trên, nhiều người đang đi bộ trên cầu.", ("d.txt", 6)),  # names no time here
        sentence("Lúc này, một cơn mưa lớn đổ xuống.", ("d.txt", 9)),  # "then": stays
        sentence("Cụ thể, là giảm chi phí đi lại.", ("d.txt", 12)),  # "Là giảm ..." opens no sentence
        sentence('Tuy nhiên trời vẫn mưa, nguy cơ sạt lở là rất cao".', ("e.txt", 3)),  # a quotation's tail
        sentence("Như vậy, cầu đã về đích sớm hai tháng.", ("e.txt", 7)),
        sentence("Như vậy là đủ.", ("e.txt", 9)),  # bare: stays
        sentence("Song, cầu vẫn chưa có lối cho xe lăn.", ("e.txt", 11)),  # "but", with its comma
        sentence("Song Hye-kyo cắt băng khánh thành.", ("e.txt", 13)),  # a name
        sentence("Mặc dù vậy, dự án vẫn được khen.", ("e.txt", 15)),
    ]
    assert [s.text for s in detach_openers(summary)] == [
        "Cây cầu chỉ dành cho người đi bộ.",
        "Theo đó, xe máy bị cấm lên cầu.",
        "Mỗi ngày có 5.000 lượt người qua cầu.",
        "Trước đó, người dân phải đi vòng 4 km.",
        "Chưa có đèn chiếu sáng.",
        "Người dân vẫn hài lòng.",
        "Cụ thể hơn, cầu dài 320 m.",
        "Ngoài ra còn có hai bãi đỗ xe.",
        "Đội thi công, họ đã làm việc suốt đêm.",
        "Còn 5 hạng mục chưa xong.",
        "Còn nhớ, hai năm trước cầu chỉ là bản vẽ.",
        "Nhiều người đang đi bộ trên cầu.",
        "Lúc này, một cơn mưa lớn đổ xuống.",
        "Cụ thể, là giảm chi phí đi lại.",
        'Tuy nhiên trời vẫn mưa, nguy cơ sạt lở là rất cao".',
        "Cầu đã về đích sớm hai tháng.",
        "Như vậy là đủ.",
        "Cầu vẫn chưa có lối cho xe lăn.",
        "Song Hye-kyo cắt băng khánh thành.",
        "Dự án vẫn được khen.",
    ]
    assert [s.sources for s in detach_openers(summary)] == [s.sources for s in summary]
    from summarizer.back_pointers import points_back

    assert points_back("Song, thông tin này chưa được xác nhận.")  # ViMs Cluster_237: it pointed at nothing


def test_a_summary_does_not_open_pointing_back() -> None:
    from summarizer.engines.extractive import detach_openers
    from summarizer.result import SourceRef, SummarySentence

    def sentence(text: str, index: int) -> SummarySentence:
        return SummarySentence(text=text, sources=(SourceRef("a.txt", index),))

    summary = [
        sentence("Trước đó, ngày 12/11, ông Đạt bị bắt tạm giam.", 4),  # opens the summary: before what?
        sentence("Trước đó, người dân phải đi vòng 4 km.", 9),  # after a summary sentence: stays
        sentence("Cụ thể: bốn nước kéo dài lệnh cấm đến cuối năm.", 12),
    ]
    assert [s.text for s in detach_openers(summary)] == [
        "Ngày 12/11, ông Đạt bị bắt tạm giam.",
        "Trước đó, người dân phải đi vòng 4 km.",
        "Bốn nước kéo dài lệnh cấm đến cuối năm.",
    ]
    assert detach_openers([sentence("Tại đây, ông gặp Phó Chủ tịch.", 3)])[0].text == "Ông gặp Phó Chủ tịch."


def test_headline_drops_an_attention_label(write_reports):
    folder = write_reports({"a.txt": "NÓNG: " + REPORT_A, "b.txt": "[Video] " + REPORT_B})
    _, output = run(folder)
    assert output.title in {REPORT_A.splitlines()[0], REPORT_B.splitlines()[0]}
    assert {c.text for c in output.title_candidates} == {REPORT_A.splitlines()[0], REPORT_B.splitlines()[0]}


def test_a_fact_told_twice_in_other_words_is_chosen_once() -> None:
    from summarizer.redundancy import redundancy_blocker, specific_figures

    texts = [
        "Phút 31, Khánh Hòa san bằng tỷ số 1-1 sau pha đánh đầu của Văn Khoa.",
        "Đội khách gỡ hòa 1-1 ở phút thứ 31 khi cầu thủ trẻ ghi bàn bằng đầu.",  # no match minute: the figures decide
        "Phút 31 của hiệp hai năm 2016, khán giả đã lấp kín 12 khán đài.",  # shares only "31"
        "Năm 2016 và năm 2015, đội bóng đều giành 1 chiến thắng như vậy.",  # years and one digit
    ]
    assert specific_figures(texts[0]) == {"31", "1 1"}
    assert specific_figures(texts[3]) == frozenset()
    tokens = [syllables(t) for t in texts]
    similarity = np.ones((4, 4))  # every pair counts as similar enough: the figures decide
    blocked = redundancy_blocker(tokens, texts, similarity.__getitem__)
    assert blocked(0).tolist() == [True, True, False, False]
    assert blocked(2).tolist()[:2] == [False, False]
    # Too little similarity: not the same fact, whatever the figures (and the two share too few
    # bigrams to be near-duplicates).
    apart = redundancy_blocker(tokens, texts, np.zeros((4, 4)).__getitem__)
    assert apart(0).tolist()[1] is False


def test_a_fact_two_reports_word_differently_is_chosen_once() -> None:
    from summarizer.redundancy import redundancy_blocker

    texts = [
        "Tài xế may mắn thoát nạn, tự mở cửa chạy ra đường.",
        "May mắn, tài xế không bị thương và kịp mở cửa thoát ra ngoài.",  # 8 of 12 syllables shared
        "Tài xế được người dân đưa ra khỏi cabin an toàn.",  # the driver again, another fact
        "Tàu SE1 rời ga Hà Nội lúc 19h25 và tới Đà Nẵng lúc 10h40 hôm sau.",
        "Chiều về, tàu rời Đà Nẵng lúc 13h15, tới ga Hà Nội lúc 4h50 sáng.",  # 9 of 15 shared, no figure
    ]
    blocked = redundancy_blocker([syllables(t) for t in texts], texts, np.zeros((5, 5)).__getitem__)
    assert blocked(0).tolist() == [True, True, False, False, False]
    assert blocked(1).tolist()[:3] == [True, True, False]
    assert not blocked(3)[4] and not blocked(4)[3]  # the train out and the train back both stay


def test_one_moment_told_by_two_reports_is_chosen_once() -> None:
    from summarizer.redundancy import SAME_HOUR_MIN_SHARE, hours, moments, redundancy_blocker

    texts = [
        "Ông kể đội trưởng vẫn ở lại sân tập chạy bộ đến 2 giờ sáng dù vợ đang chờ ở nhà.",
        "Anh ấy từng chạy bộ tới tận 2h sáng, bỏ mặc vợ chờ ở nhà.",  # one moment in other words
        "Cầu thủ này cho biết mình thường ngủ lúc 2 giờ sáng sau các trận đấu ở châu Âu.",  # the hour, little else
        "Đội trưởng vẫn ở lại sân tập chạy bộ đến khuya dù vợ đang chờ ở nhà.",  # no hour: not this rule
    ]
    assert hours(texts[0]) == hours(texts[1]) == {"2:00"}
    assert hours("Tỷ số 2-1 ở phút 90, ngày 20.5, lúc 13h50 và 7:05") == {"13:50", "7:05"}
    tokens = [syllables(t) for t in texts]
    sets = [set(t) for t in tokens]
    shares = [len(sets[0] & other) / max(len(sets[0]), len(other)) for other in sets]
    assert shares[1] >= SAME_HOUR_MIN_SHARE > shares[2]
    blocked = redundancy_blocker(tokens, texts, np.zeros((4, 4)).__getitem__)
    assert blocked(0).tolist()[1:3] == [True, False]
    assert blocked(1).tolist()[0]
    # a match minute is a moment as an hour is
    goals = ["Đội khách sớm có bàn mở tỷ số ở phút 12 nhờ cú đánh đầu của Leo.",
             "Phút 12, Leo đánh đầu mở tỷ số cho đội khách.",
             "Phút 40, Văn Quyết gỡ hòa cho chủ nhà sau một pha phối hợp đẹp."]  # another minute, another goal
    assert moments(goals[0]) == moments(goals[1]) == {"phút 12+0"} and moments("Sau 30 phút thi đấu") == frozenset()
    blocked = redundancy_blocker([syllables(t) for t in goals], goals, np.zeros((3, 3)).__getitem__)
    assert blocked(1).tolist() == [True, True, False]



def test_fire_engines_sent_are_one_fact_whatever_the_counts() -> None:
    from summarizer.redundancy import NO_CASUALTIES, redundancy_blocker, stock_facts

    texts = [
        "Cảnh sát PCCC quận Cầu Giấy đã điều 6 xe chữa cháy tới hiện trường.",
        "Ngay sau khi nhận tin báo, lực lượng chức năng huy động bảy xe cứu hỏa để dập lửa.",  # other words, other count
        "Do ngọn lửa quá lớn, cảnh sát phải huy động thêm 3 xe chữa cháy từ quận Tây Hồ.",  # sent in addition
        "Hai xe cứu thương đã đưa những người bị ngạt đi cấp cứu.",  # another kind of vehicle
        "Ngọn lửa thiêu rụi toàn bộ tầng 3 của căn nhà.",
    ]
    assert stock_facts(texts[0]) == stock_facts(texts[1]) == {"fire engines"}
    assert stock_facts(texts[2]) == frozenset() and stock_facts(texts[3]) == {"ambulances"}
    tokens = [syllables(t) for t in texts]
    blocked = redundancy_blocker(tokens, texts, np.zeros((5, 5)).__getitem__)
    assert blocked(0).tolist() == [True, True, False, False, False]
    assert blocked(1)[0] and blocked(2).tolist() == [False, False, True, False, False]
    assert not blocked(3)[:3].any()
    # a sentence that counts the fire engines beside a toll tells more: never blocked for them
    toll = "Vụ cháy khiến 3 người chết, 7 người bị thương; lực lượng chức năng đã huy động 18 xe cứu hỏa."
    pair = [texts[0], toll]
    assert redundancy_blocker([syllables(t) for t in pair], pair, np.zeros((2, 2)).__getitem__)(0).tolist() == [True, False]
    calm = ["Rất may vụ tai nạn không gây thiệt hại về người.", "Rất may mắn, không có ai bị thương vong trong vụ tai nạn.",
            "Hiện chưa có thông tin về thương vong.", "Tài xế may mắn không bị thương, tự mở cửa thoát ra.",
            # the same stock words beside other facts: kept
            "Vụ cháy thiêu rụi 20 ki-ốt, thiệt hại khoảng 5 tỷ đồng, rất may không có thương vong.",
            "Vụ cháy khiến 5 người bị thương nặng, rất may không có người thiệt mạng.",  # no deaths: not no casualties
            "Vụ cháy khiến 3 người chết, 7 người bị thương; lực lượng chức năng đã huy động 18 xe cứu hỏa."]
    assert [stock_facts(t) for t in calm] == [{NO_CASUALTIES}] * 3 + [frozenset()] + [{NO_CASUALTIES}, frozenset(),
                                                                                     {"fire engines"}]
    blocked = redundancy_blocker([syllables(t) for t in calm], calm, np.zeros((7, 7)).__getitem__)
    assert blocked(0).tolist() == [True, True, True, False, False, False, False]
    assert not blocked(6)[:6].any()  # the toll sentence blocks no bare stock sentence of another kind

def test_under_investigation_is_told_once() -> None:
    from summarizer.redundancy import UNDER_INQUIRY, redundancy_blocker, stock_facts

    texts = [
        "Nguyên nhân vụ việc đang được cơ quan chức năng điều tra làm rõ.",
        "Hiện vụ việc đang được Công an TP Thủ Dầu Một tiếp tục điều tra làm rõ.",  # investigators named
        "Hiện cơ quan công an đang tiếp tục điều tra vụ việc.",  # the verb before the case
        ("Hiếu bị công an bắt giữ ngay trong đêm tại nhà một người quen ở xã bên, hiện vụ việc đang được "
         "điều tra làm rõ."),  # tells more: the arrest
        "Lực lượng chức năng đã nhanh chóng có mặt tại hiện trường.",
        "Cơ quan điều tra xác định Đạt có liên quan một vụ án hình sự khác.",  # investigators, no inquiry
    ]
    assert [stock_facts(t) for t in texts] == [{UNDER_INQUIRY}] * 4 + [frozenset()] * 2
    blocked = redundancy_blocker([syllables(t) for t in texts], texts, np.zeros((6, 6)).__getitem__)
    assert blocked(0).tolist() == [True, True, True, False, False, False]
    assert blocked(3).tolist() == [True, True, True, True, False, False]  # it tells the inquiry too
    assert not blocked(5)[:3].any()
    # a place named is news of its own: not a bare "under investigation"
    from summarizer.redundancy import only_stock_facts

    assert not only_stock_facts("Vụ cháy xảy ra tại Chợ Lớn, TP Hồ Chí Minh, nguyên nhân đang được điều tra.")
    assert only_stock_facts("Hiện tại, Cơ quan Công an huyện Quế Phong đang tiến hành điều tra làm rõ vụ án mạng.")


def test_a_second_report_opening_that_restates_the_event_is_blocked() -> None:
    from summarizer.redundancy import OPENING_MIN_SIMILARITY, redundancy_blocker

    texts = ["Đội tuyển công bố danh sách 23 cầu thủ dự giải.", "Huấn luyện viên chốt 23 cái tên đi Pháp.",
             "Tiền vệ Reus bị loại vì chấn thương.", "Reus đã lỡ World Cup 2014 vì chấn thương."]
    similarity = np.array([[1.0, 0.3, 0.1, 0.0], [0.3, 1.0, 0.1, 0.0], [0.1, 0.1, 1.0, 0.3], [0.0, 0.0, 0.3, 1.0]])
    assert 0.1 < OPENING_MIN_SIMILARITY <= 0.3
    blocked = redundancy_blocker([syllables(t) for t in texts], texts, similarity.__getitem__,
                                 openings=[True, True, True, False])
    assert blocked(0).tolist() == [True, True, False, False]  # the other opening at 0.3
    assert blocked(2).tolist() == [False, False, True, False]  # 0.1 to the openings; 3 opens none
    unmarked = redundancy_blocker([syllables(t) for t in texts], texts, similarity.__getitem__)
    assert not unmarked(0)[1]


def test_a_sentence_another_tells_in_full_is_left_out(write_reports, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import redundancy
    from summarizer.redundancy import subsumption

    long = "Sáng 3/6, đám cháy ở kho hàng Thuận An khiến 3 công nhân bỏng nặng, phải nhập viện cấp cứu."
    short = "Công nhân bị bỏng phải cấp cứu tại kho hàng."  # 8 of its 10 syllables in the long one
    texts = [
        long,
        short,
        "4 công nhân bị bỏng phải cấp cứu tại kho hàng.",  # a number the long one lacks: a fact of its own
        "Tàu QNg 90123 đang tìm kiếm ngư dân.",
        "Tàu QNg 90124 đang tìm kiếm ngư dân.",
    ]
    contains = subsumption([syllables(t) for t in texts])
    assert contains(0).tolist() == [False, True, False, False, False]
    assert contains(1).tolist() == [False] * 5  # the long one holds more than the short one
    assert not contains(3)[4] and not contains(4)[3]

    body = f"{long} Lực lượng cứu hỏa dập tắt đám cháy sau hai giờ. Cơ quan công an đang điều tra nguyên nhân. "
    folder = write_reports({
        "a.txt": "Cháy kho hàng ở Thuận An\n" + body + short + "\n",
        "b.txt": "Cháy lớn tại Thuận An, 3 công nhân bị bỏng\n" + short + " " + body + "\n",
        "c.txt": "Ba công nhân bị bỏng trong vụ cháy kho\n" + body + "\n",
    })
    options = SummarizeOptions(engine="extractive").with_changes(extractive__max_share=1.0)

    def summary() -> list[str]:
        return [s.text for s in ExtractiveEngine().summarize(prepare(folder, options), options).sentences]

    assert long in summary() and short not in summary()
    # Without the rule both are told (both open a report: the opening block is off too).
    monkeypatch.setattr(redundancy, "SUBSUMED_SHARE", 1.01)
    monkeypatch.setattr(redundancy, "OPENING_MIN_SIMILARITY", 1.01)
    assert long in summary() and short in summary()


def test_a_span_of_years_and_a_decimal_in_either_style_are_specific_figures() -> None:
    from summarizer.redundancy import specific_figures

    a = "Hai cha con bị cáo buộc trốn khoản thuế 4,1 triệu euro trong thời gian từ năm 2007 - 2009."
    b = "Anh và cha bị cáo buộc gian lận tổng cộng 4.1 triệu euro từ năm 2007-2009."
    c = "Số thuế 4,1 triệu euro bị trốn từ năm 2007 đến năm 2009."
    assert specific_figures(a) == specific_figures(b) == specific_figures(c) == {"41", "2007 2009"}
    assert specific_figures("Đội bóng vô địch năm 2007 và năm 2009.") == frozenset()  # two years, no span


def test_a_persons_age_beside_the_name_tells_no_fact_apart() -> None:
    from summarizer.redundancy import redundancy_blocker, specific_figures

    texts = ["Tài xế xe khách là anh Phạm Văn Lâm (42 tuổi) khai do trời mưa, đường trơn nên xe bị mất lái.",
             "Tài xế Phạm Văn Lâm (45 tuổi) cho biết xe bị mất lái do đường trơn."]
    assert specific_figures(texts[0]) == specific_figures(texts[1]) == frozenset()
    assert specific_figures("Xe chở 42 hành khách, tài xế Lâm, 42 tuổi, bị thương.") == {"42"}  # the passengers
    blocked = redundancy_blocker([syllables(t) for t in texts], texts, np.zeros((2, 2)).__getitem__)
    assert blocked(0).tolist() == [True, True]  # one fact in two reports' words, their ages aside


@pytest.mark.parametrize(
    ("max_words", "input_words", "expected"),
    [
        (250, 2000, (250, "max_words")),  # long cluster: the syllable budget
        (250, 375, (112, "max_share")),  # short cluster: 0.3 of its syllables
        (250, 100, (80, "min_words")),  # tiny cluster: never under the floor
        (50, 100, (50, "max_words")),  # the floor never lifts the budget over max_words
    ],
)
def test_budget_is_a_share_of_short_input(max_words, input_words, expected):
    options = SummarizeOptions().with_changes(extractive__max_words=max_words).extractive
    assert (options.max_share, options.min_words) == (0.3, 80)
    assert options.budget(input_words) == expected


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_max_share_outside_0_1_is_refused(share):
    with pytest.raises(BadOptionError, match="max_share"):
        SummarizeOptions().with_changes(extractive__max_share=share)


def test_short_cluster_gets_a_share_of_its_length_not_the_whole_budget(write_reports):
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    cluster, output = run(folder, extractive__max_share=0.5, extractive__min_words=10)
    input_words = sum(salience.word_count(t) for t in cluster.merged_texts)
    words = sum(salience.word_count(s.text) for s in output.sentences)
    assert output.length.unit == "syllables" and output.length.input == input_words
    assert output.length.limited_by == "max_share" and output.length.budget == input_words // 2
    assert 0 < words <= input_words // 2
    _, whole = run(folder, extractive__max_share=1.0)
    assert whole.length.budget == input_words  # under max_words: the share of 1 allows it all
    assert sum(salience.word_count(s.text) for s in whole.sentences) > words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mưa đá và gió giật mạnh", "Mưa đá và gió giật mạnh."),
        ("Giá tăng 12", "Giá tăng 12."),
        ("Ông nói: “Chúng tôi sẽ làm.”", "Ông nói: “Chúng tôi sẽ làm.”"),
        ("Có thật không?", "Có thật không?"),
        ("Hà Nội (Việt Nam)", "Hà Nội (Việt Nam)."),  # the brackets end no sentence
        ("không thể lúc thế này, lúc thế kia được”", "không thể lúc thế này, lúc thế kia được”."),
        ("Ông nói “đã xong.”", "Ông nói “đã xong.”"),
        ("Đăng ký tại các trang sau:", "Đăng ký tại các trang sau…"),  # led into a list left out
        ("người dân đã dọn dẹp bùn đất,", "người dân đã dọn dẹp bùn đất…"),  # a piece of a run-on sentence
        ("Sau đó -", "Sau đó…"),
    ],
)
def test_a_summary_sentence_ends_as_a_sentence(text, expected):
    assert end_sentence(text) == expected


def test_a_report_line_without_its_period_gets_one_in_the_summary(write_reports):
    folder = write_reports({"a.txt": REPORT_A.replace("sơ tán an toàn toàn bộ người dân khỏi vùng ngập sâu trong đêm.",
                                                      "sơ tán an toàn toàn bộ người dân khỏi vùng ngập sâu trong đêm"),
                            "b.txt": REPORT_B.replace(SHARED_RESCUE, "Một con đường mới được mở qua núi trong tháng này.")})
    _, output = run(folder, extractive__max_share=1.0)
    texts = [s.text for s in output.sentences]
    assert "Lực lượng cứu hộ đã sơ tán an toàn toàn bộ người dân khỏi vùng ngập sâu trong đêm." in texts


def test_max_sentences_keeps_the_most_salient_ones(write_reports):
    folder = write_reports(FIRE_REPORTS)
    _, everything = run(folder, extractive__max_share=1.0)
    cluster, two = run(folder, extractive__max_share=1.0, max_sentences=2)
    assert len(everything.sentences) > 2 and len(two.sentences) == 2
    assert two.length.max_sentences == 2 and everything.length.max_sentences is None
    chosen, relevance = choose_sentences(cluster, two.length.budget, 0.7, pin_lead=True, max_sentences=2)
    assert len(chosen) == 2
    texts = {s.text for s in everything.sentences}
    assert all(s.text in texts for s in two.sentences)  # a subset of the longer summary


def test_max_sentences_must_be_positive():
    with pytest.raises(BadOptionError, match="max_sentences"):
        SummarizeOptions(max_sentences=0)


@settings(max_examples=300, deadline=None)
@given(
    max_words=st.integers(min_value=1, max_value=600),
    min_words=st.integers(min_value=1, max_value=300),
    share=st.floats(min_value=0.01, max_value=1.0),
    input_words=st.integers(min_value=0, max_value=20000),
)
def test_budget_invariants(max_words, min_words, share, input_words):
    options = SummarizeOptions().with_changes(
        extractive__max_words=max_words, extractive__min_words=min_words, extractive__max_share=share
    ).extractive
    budget, limited_by = options.budget(input_words)
    assert 1 <= budget <= max_words  # never over --max-words
    assert budget >= min(min_words, max_words)  # never under the floor
    assert budget <= max(int(share * input_words), min_words)  # never over the share, but for the floor
    assert limited_by in ("max_words", "max_share", "min_words")
    if limited_by == "max_share":
        assert budget == int(share * input_words)


def test_two_reports_news_leads_of_one_date_are_told_once(write_reports):
    folder = write_reports({
        "a.txt": "Cháy lớn tại chợ Đồng Xuân\n"
                 "Rạng sáng 12/5, một đám cháy lớn bùng phát tại chợ Đồng Xuân, quận Hoàn Kiếm, Hà Nội. "
                 "Lực lượng cứu hỏa đã huy động 20 xe chữa cháy đến hiện trường. "
                 "Hàng trăm ki-ốt quần áo ở tầng hai bị thiêu rụi hoàn toàn.",
        "b.txt": "Cháy chợ Đồng Xuân lúc rạng sáng\n"
                 "Khoảng 3h sáng 12/5, chợ Đồng Xuân ở Hà Nội bốc cháy dữ dội. "
                 "Rất may vụ cháy không gây thương vong về người. "
                 "Nguyên nhân vụ cháy đang được cơ quan chức năng điều tra làm rõ.",
    })
    _, output = run(folder)
    texts = [s.text for s in output.sentences]
    leads = [t for t in texts if t.startswith(("Rạng sáng 12/5", "Khoảng 3h sáng 12/5"))]
    assert len(leads) == 1, texts  # one of the two leads, not both
    assert any("thương vong" in t for t in texts)  # the budget goes to another fact instead


def test_a_summary_stating_a_toll_takes_in_the_report_that_updates_it(write_reports) -> None:
    from summarizer.engines.extractive import newest_tolls, toll_updates

    texts = ["Theo UBND tỉnh, mưa lũ đã làm 2 người chết, hàng trăm ha lúa bị ngập.",
             "Chiều 14/10, số người tử vong do mưa lũ đã tăng lên 4 người.",
             "Trước đó, đến trưa số người tử vong đã tăng lên 3 người.",
             "Lực lượng chức năng đã sơ tán khoảng 3.500 hộ dân."]
    tolls = toll_updates(texts)
    relevance, eligible = np.ones(len(texts)), np.ones(len(texts), dtype=bool)
    assert newest_tolls([0, 3], tolls, relevance, eligible) == [1]  # the highest update, not the one at noon
    assert newest_tolls([1, 3], tolls, relevance, eligible) == []
    assert newest_tolls([3], tolls, relevance, eligible) == []  # no toll stated, none to update
    folder = write_reports({
        "a.txt": "Lũ ở Quảng Ngãi\nSáng 14/10, mưa lớn làm ngập sâu nhiều tuyến đường ở huyện Sơn Tịnh.\n"
                 "Theo UBND tỉnh, mưa lũ đã làm 2 người chết, hàng trăm ha lúa bị ngập.\n"
                 "Lực lượng chức năng đã sơ tán khoảng 3.500 hộ dân ra khỏi vùng ngập.\n",
        "b.txt": "Số người chết do lũ tăng lên 4\nNhiều tuyến đường liên xã ở Quảng Ngãi bị chia cắt hoàn toàn.\n"
                 "Ông Nguyễn Văn Tám và cháu Lê Thị Hoa bị nước cuốn trôi khi qua tràn.\n"
                 "Chiều 14/10, số người tử vong do mưa lũ đã tăng lên 4 người.\n",
    })
    _, output = run(folder, extractive__max_words=40)
    said = " ".join(s.text for s in output.sentences)
    assert "tăng lên 4" in said  # before: "mưa lũ đã làm 2 người chết" alone
    assert "2 người chết" not in said  # and then beside it, as current


def test_an_update_that_repeats_the_lead_takes_the_outdated_lead_s_place(write_reports) -> None:
    # the update tells the lead again with the new toll: it was blocked as a repeat of the lead,
    # and the summary told 3 deaths (with a warning) where the reports had come to 5
    folder = write_reports({
        "a.txt": "Xe khách lao xuống vực trên đèo Khánh Lê\n"
                 "Rạng sáng 12/10, xe khách chở 38 người mất lái trên đèo Khánh Lê, lao xuống vực sâu, "
                 "khiến 3 người chết, 20 người bị thương.\n"
                 "Thời điểm xảy ra tai nạn, khu vực đèo có mưa và sương mù dày đặc.\n",
        "b.txt": "Số người chết trong vụ xe khách lao xuống vực tăng lên 5\n"
                 "Đến trưa 12/10, vụ xe khách lao xuống vực trên đèo Khánh Lê đã làm 5 người chết, 18 người bị thương.\n"
                 "Thời điểm xảy ra tai nạn, khu vực đèo có mưa và sương mù dày đặc.\n",
    })
    _, output = run(folder)
    said = " ".join(s.text for s in output.sentences)
    assert "đã làm 5 người chết" in said and "3 người chết" not in said, said
    assert not any("conflicting figures" in w for w in output.warnings)


def test_a_toll_a_chosen_update_outdates_goes() -> None:
    from summarizer.engines.extractive import outdated_tolls, toll_updates

    texts = ["Khoảng 2h sáng 14/3, một căn nhà trọ trên phố Phùng Hưng bốc cháy dữ dội.",
             "Vụ cháy khiến 2 người chết, 5 người bị thương.",
             "Đến trưa 14/3, số người tử vong trong vụ cháy nhà trọ trên phố Phùng Hưng, quận Hà Đông đã tăng lên 4 người.",
             "Vụ cháy khiến 3 người chết tại chỗ.",  # those who died at the scene: another count
             "Số người mất tích đã tăng lên 6 người.", "Trước đó, 8 người được báo mất tích."]  # a falling count
    tolls = toll_updates(texts)
    assert tolls[2] and tolls[2][0].value == 4 and tolls[2][0].update  # the comma of an address within the rise
    assert outdated_tolls([0, 1, 2, 3], tolls) == {1}
    assert outdated_tolls([0, 1, 3], tolls) == set()  # no update chosen: nothing is outdated
    assert outdated_tolls([4, 5], tolls) == set()


def test_an_update_naming_the_full_address_replaces_the_first_toll(write_reports) -> None:
    folder = write_reports({
        "a.txt": "Lũ quét ở Yên Bái, 2 người chết\n"
                 "Rạng sáng 4/8, lũ quét bất ngờ đổ về thôn Khe Mạ, xã Minh An, huyện Văn Chấn, tỉnh Yên Bái, làm 2 người chết.\n"
                 "Nước lũ cuốn trôi 12 ngôi nhà ven suối.\n",
        "b.txt": "Lũ quét ở Khe Mạ: số người chết tăng lên 5\n"
                 "Đến trưa 4/8, số người chết trong vụ lũ quét tại thôn Khe Mạ, xã Minh An, huyện Văn Chấn, "
                 "tỉnh Yên Bái đã tăng lên 5 người.\n"
                 "Nước lũ cuốn trôi 12 ngôi nhà ven suối.\n",
    })
    _, output = run(folder)
    said = " ".join(s.text for s in output.sentences)
    assert "đã tăng lên 5 người" in said and "làm 2 người chết" not in said, said


def test_a_toll_the_headline_states_is_taken_into_the_summary(write_reports) -> None:
    from summarizer.engines.extractive import QuotationRuns, headline_support

    folder = write_reports({
        "a.txt": "Sét đánh 1 người chết, 6 người bị thương ở Huế\n"
                 "Chiều 28/5, mưa dông kèm sét đánh trúng nhóm nông dân đang làm đồng ở thị xã Hương Trà.\n"
                 "Sét đánh làm 1 người chết, 6 người bị thương.\n"
                 "Các nạn nhân được đưa đến Bệnh viện Trung ương Huế cấp cứu.\n",
    })
    cluster = prepare(folder)
    texts = cluster.merged_texts
    group = {cluster.dedup.sentences[m].index: g for g, grp in enumerate(cluster.dedup.groups) for m in grp.members}
    titles = [(r.title, r.file) for r in cluster.loaded.reports]
    reports = [(r.file, r.full_text) for r in cluster.loaded.reports]
    relevance = np.ones(len(texts))
    chosen = [group[0], group[2]]  # before: the headline's toll, in no summary sentence
    out = headline_support(chosen, relevance, titles, reports, texts, QuotationRuns(cluster), [], 200, None)
    assert group[1] in out
    assert headline_support(out, relevance, titles, reports, texts, QuotationRuns(cluster), [], 200, None) == out
