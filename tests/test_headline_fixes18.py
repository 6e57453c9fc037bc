"""Headline choice: a live blog's label goes like "NÓNG:", a live blog's title is discounted like a
teaser, a title from a report on another story never wins a near-tie on being short, and a title
stating a toll the reports update to a higher figure gives way to one that agrees."""

from __future__ import annotations

import pytest

from summarizer import headline, salience
from summarizer.documents import TextReport
from summarizer.options import HeadlineOptions
from summarizer.pipeline import summarize

FINAL = "Việt Nam vs Thái Lan: Quang Hải lập cú đúp, Việt Nam giành chức vô địch"


@pytest.mark.parametrize("title", [
    f"TRỰC TIẾP {FINAL}",  # in capitals, no colon
    f"Trực tiếp {FINAL}",  # a live blog's label before a capitalised word
    f"LIVE {FINAL}",
    f"Tường thuật trực tiếp {FINAL}",
    f"Tường thuật trực tiếp: {FINAL}",
    f"TƯỜNG THUẬT TRỰC TIẾP {FINAL}",
])
def test_a_live_blog_label_goes_without_a_colon(title: str) -> None:
    assert headline.strip_label(title) == FINAL
    # ... and what merely opens in capitals or with those words stays
    for kept in ("HOT girl Minh Thư bị phạt vì lái xe quá tốc độ",  # the next word is the headline's own
                 "KHẨN CẤP Sơ tán dân khỏi vùng lũ ở Quảng Ngãi",  # the run in capitals is no label
                 "ẢNH HƯỞNG CỦA BÃO SỐ 4 ĐẾN CÁC TỈNH MIỀN BẮC",  # the whole title in capitals
                 "Trực tiếp chỉ đạo cứu hộ ở vùng lũ Quảng Ngãi",  # "directly", before a lower-case word
                 "TP HCM tăng giá vé xe buýt từ tháng sau"):  # an acronym, not a label
        assert headline.strip_label(kept) == kept


def test_a_label_in_capitals_goes_and_the_headline_keeps_its_first_word() -> None:
    assert headline.strip_label("NÓNG Cháy lớn tại chợ Đồng Xuân lúc rạng sáng") == "Cháy lớn tại chợ Đồng Xuân lúc rạng sáng"
    assert headline.strip_label("TRỰC TIẾP U23 Việt Nam gặp U23 Thái Lan") == "U23 Việt Nam gặp U23 Thái Lan"
    assert headline.strip_label("VIDEO cháy chợ") == "VIDEO cháy chợ"  # too little left


def test_the_extractive_headline_has_no_live_label() -> None:
    body = ("Tối 5/1, Việt Nam thắng Thái Lan 3-2 trên sân Rajamangala và giành chức vô địch. "
            "Quang Hải ghi hai bàn trong hiệp một. "
            "Đây là lần thứ ba Việt Nam vô địch giải đấu.")
    result = summarize([TextReport("live.txt", f"TRỰC TIẾP {FINAL}\n{body}")])
    assert result.title == FINAL


def test_a_live_blog_title_is_discounted_like_a_teaser() -> None:
    assert headline.is_live_blog("Trực tiếp bóng đá Việt Nam gặp Thái Lan chung kết")
    assert headline.is_live_blog("[Trực tiếp] Việt Nam gặp Thái Lan")
    assert not headline.is_live_blog("Liverpool chính thức đón tân binh")
    assert headline.style_score("Trực tiếp bóng đá Việt Nam gặp Thái Lan chung kết") < 1.0
    reference = ["Tối 5/1, Việt Nam gặp Thái Lan ở trận chung kết trên sân Rajamangala.",
                 "Việt Nam thắng 3-2 và vô địch."]
    titles = [("Trực tiếp bóng đá Việt Nam gặp Thái Lan chung kết", "live.txt"),
              ("Đội tuyển lên ngôi sau chiến thắng 3-2", "news.txt")]
    assert salience.rank_source_titles(titles, reference)[0].file == "live.txt"  # the closer of the two
    assert [c.file for c in headline.rank_source_titles(titles, reference)] == ["news.txt", "live.txt"]


BRIDGE = [
    ("Cầu Rạch Miễu 2 thông xe sau ba năm thi công", "a.txt",
     "Sáng 19/5, tỉnh Bến Tre và Tiền Giang tổ chức lễ thông xe cầu Rạch Miễu 2. Cây cầu dài 2,8 km nối hai "
     "tỉnh, tổng vốn đầu tư hơn 5.000 tỷ đồng. Sau ba năm thi công, cầu Rạch Miễu 2 giúp giảm ùn tắc cho cầu cũ."),
    ("Bến Tre và Tiền Giang khánh thành cầu Rạch Miễu 2 vốn hơn 5.000 tỷ đồng", "b.txt",
     "Cầu Rạch Miễu 2 nối Tiền Giang với Bến Tre được thông xe sáng 19/5. Dự án có tổng vốn đầu tư hơn 5.000 tỷ "
     "đồng. Người dân hai tỉnh phấn khởi khi cầu Rạch Miễu 2 đưa vào sử dụng."),
    ("Thông xe cầu Rạch Miễu 2 nối Tiền Giang và Bến Tre", "c.txt",
     "Lễ thông xe cầu Rạch Miễu 2 diễn ra sáng 19/5 với sự tham dự của lãnh đạo hai tỉnh Tiền Giang, Bến Tre. "
     "Cầu dài 2,8 km, thi công trong ba năm."),
    ("Giá cà phê lập đỉnh mới 130.000 đồng một kg", "d.txt",  # another story, in the folder by mistake
     "Sáng 19/5, giá cà phê nhân xô tại Tây Nguyên lập đỉnh mới 130.000 đồng một kg. "
     "Giá cà phê tăng 2.000 đồng so với hôm qua."),
]


def test_a_title_the_other_reports_do_not_share_never_wins_a_near_tie() -> None:
    titles = [(t, f) for t, f, _ in BRIDGE]
    reports = [(f, f"{t}\n{b}") for t, f, b in BRIDGE]
    summary = ["Sáng 19/5, tỉnh Bến Tre và Tiền Giang tổ chức lễ thông xe cầu Rạch Miễu 2.",
               "Sáng 19/5, giá cà phê nhân xô tại Tây Nguyên lập đỉnh mới 130.000 đồng một kg.",
               "Dự án có tổng vốn đầu tư hơn 5.000 tỷ đồng."]
    old = salience.rank_source_titles(titles, summary)
    assert old[0].file == "d.txt" and old[1].score >= old[0].score * (1 - salience.TITLE_SCORE_TIE)  # a near-tie
    agreement = dict(zip([f for _, f in titles], headline.report_agreement(titles, reports)))
    assert agreement["d.txt"] < headline.MIN_TIE_AGREEMENT * max(agreement.values())
    ranked = headline.rank_source_titles(titles, summary, reports)
    assert ranked[0].file == "b.txt"
    assert ranked[1].file == "d.txt"  # then by its score


FIRE = [
    ("Cháy kho hàng ở Long An, 2 người tử vong", "a.txt",
     "Rạng sáng 3/4, một kho hàng tại huyện Đức Hòa, tỉnh Long An bốc cháy dữ dội. Vụ cháy kho hàng làm 2 người "
     "tử vong, 5 người bị thương. Lực lượng cứu hỏa mất bốn giờ mới khống chế được đám cháy kho hàng ở Long An."),
    ("Vụ cháy ở Đức Hòa: số người chết tăng lên 3", "b.txt",
     "Chiều 3/4, một nạn nhân bị bỏng nặng trong vụ cháy đã tử vong tại bệnh viện, nâng số người chết lên 3. "
     "Cơ quan công an đang điều tra nguyên nhân."),
    ("Long An: Cháy lớn thiêu rụi kho hàng", "c.txt",
     "Đám cháy kho hàng ở huyện Đức Hòa bùng phát rạng sáng 3/4, khói đen bao trùm khu vực. "
     "Kho hàng rộng hơn 2.000 m2 bị thiêu rụi."),
]
FIRE_SUMMARY = [
    "Rạng sáng 3/4, một kho hàng tại huyện Đức Hòa, tỉnh Long An bốc cháy dữ dội.",
    "Vụ cháy kho hàng làm 2 người tử vong, 5 người bị thương.",
    "Chiều 3/4, một nạn nhân bị bỏng nặng trong vụ cháy đã tử vong tại bệnh viện, nâng số người chết lên 3.",
]


def test_a_title_with_a_toll_the_reports_update_is_stale() -> None:
    texts = [f"{t}\n{b}" for t, _, b in FIRE]
    assert headline.stale_figures("Cháy kho hàng ở Long An, 2 người tử vong", texts)
    assert not headline.stale_figures("Vụ cháy ở Đức Hòa: số người chết tăng lên 3", texts)
    assert not headline.stale_figures("Long An: Cháy lớn thiêu rụi kho hàng", texts)  # no figure
    assert not headline.stale_figures("Cháy kho hàng ở Long An, 5 người bị thương", texts)  # another count


def test_the_stale_toll_gives_way_to_the_update() -> None:
    titles = [(t, f) for t, f, _ in FIRE]
    reports = [(f, f"{t}\n{b}") for t, f, b in FIRE]
    assert salience.rank_source_titles(titles, FIRE_SUMMARY)[0].file == "a.txt"  # the most central
    ranked = headline.rank_source_titles(titles, FIRE_SUMMARY, reports)
    assert [c.file for c in ranked] == ["b.txt", "c.txt", "a.txt"]  # b gives the new toll: a comes last
    assert ranked[2].score == pytest.approx(salience.rank_source_titles(titles, FIRE_SUMMARY)[0].score
                                            * headline.STALE_DISCOUNT)


def test_the_headline_pass_prefers_the_updated_toll() -> None:
    titles = [(t, f) for t, f, _ in FIRE]
    sources = [s for t, _, b in FIRE for s in (t, *b.split(". "))]
    stale = "Cháy kho hàng ở Long An làm 2 người tử vong"
    choice = headline.choose([stale], titles, " ".join(FIRE_SUMMARY), HeadlineOptions(), sources=sources)
    assert choice.title == "Vụ cháy ở Đức Hòa: số người chết tăng lên 3"
    assert choice.candidates[-1].text in (stale, "Cháy kho hàng ở Long An, 2 người tử vong")


@pytest.mark.parametrize("summary", ["…", "-- !", "Lũ quét ở Phước Sơn, 12 người mất tích."])
def test_choose_with_no_candidate_takes_the_summary_lead_or_nothing(summary: str) -> None:
    choice = headline.choose([], [], summary, HeadlineOptions(), notices=[])  # before: IndexError on punctuation
    assert choice.origin == "summary"  # no model candidate and no title: not the model's headline
    assert choice.title == ("" if summary in ("…", "-- !") else "Lũ quét ở Phước Sơn, 12 người mất tích")


def test_the_headline_pass_keeps_the_most_lead_sentences_that_fit() -> None:
    class Words:
        """Counts a token per word; generates one candidate; records what it was given."""

        def __init__(self) -> None:
            self.counted = 0
            self.given: list[str] = []

        def count_tokens(self, text: str) -> int:
            self.counted += 1
            return len(text.split())

        def generate(self, inputs, request):
            self.given += inputs
            return [["Tiêu đề"]]

    summary = " ".join(f"Câu thứ {n} có năm chữ." for n in range(1, 201))  # 200 sentences of 6 words
    backend = Words()
    candidates, _ = headline.model_candidates(backend, summary, prefix="", budget=52, options=HeadlineOptions())
    assert candidates == ["Tiêu đề"]
    assert backend.given == [" ".join(f"Câu thứ {n} có năm chữ." for n in range(1, 9))]  # 8 sentences, 48 words
    assert backend.counted <= 10  # halving: before, one count per sentence dropped (190)


def test_a_stale_title_ranks_after_every_other_once_a_title_gives_the_new_toll() -> None:
    stale_a, stale_b = "Xe khách tông xe tải trên cao tốc, 2 người chết", "Cao tốc Đà Nẵng: xe khách tông xe tải, 2 người chết"
    fresh = "Tai nạn trên cao tốc Đà Nẵng: 3 người tử vong"
    plain = "Tai nạn giao thông nghiêm trọng trên cao tốc"
    titles = [(stale_a, "a.txt"), (fresh, "b.txt"), (plain, "c.txt"), (stale_b, "d.txt")]
    summary = ["Sáng 20/5, xe khách tông vào đuôi xe tải trên cao tốc Đà Nẵng, làm 2 người chết, 11 người bị thương.",
               "Xe khách tông mạnh vào đuôi xe tải đang dừng trên cao tốc."]
    reports = [("a.txt", f"{stale_a}\n{summary[0]}"), ("d.txt", f"{stale_b}\n{summary[1]}"),
               ("b.txt", f"{fresh}\nChiều 20/5, công an cho biết số người tử vong trong vụ xe khách tông xe tải "
                         "trên cao tốc Đà Nẵng - Quảng Ngãi đã tăng lên 3 người."),
               ("c.txt", f"{plain}\nVụ tai nạn làm 3 người chết, 10 người bị thương.")]
    ranked = headline.rank_source_titles(titles, summary, reports)
    assert [c.file for c in ranked][-2:] in (["a.txt", "d.txt"], ["d.txt", "a.txt"])  # before: a stale one won
    assert ranked[0].file in ("b.txt", "c.txt")


def test_a_title_counting_from_its_own_day_is_discounted_like_a_teaser() -> None:
    titles = [("Giá điện tăng 4,8% từ hôm nay", "a.txt"), ("EVN tăng giá điện lần thứ hai trong năm", "b.txt")]
    summary = ["Từ ngày 11/10, giá điện bình quân tăng 4,8%.", "Đây là lần EVN tăng giá điện thứ hai trong năm."]
    plain = {c.file: c.score for c in salience.rank_source_titles(titles, summary)}
    ranked = {c.file: c.score for c in headline.rank_source_titles(titles, summary)}
    assert ranked["a.txt"] == pytest.approx(plain["a.txt"] * salience.TEASER_DISCOUNT)  # before: not discounted
    assert ranked["b.txt"] == pytest.approx(plain["b.txt"])


def test_a_live_blog_s_title_is_discounted_though_its_label_was_cleaned_off() -> None:
    raw = "TRỰC TIẾP Hà Nội FC - Công an Hà Nội: Derby Thủ đô"
    titles = [(headline.strip_label(raw), "live.txt"), ("Văn Quyết ghi bàn, Hà Nội FC thắng derby Thủ đô", "b.txt")]
    assert titles[0][0] == "Hà Nội FC - Công an Hà Nội: Derby Thủ đô"
    summary = ["Tối 2/11, Hà Nội FC thắng Công an Hà Nội 2-1 ở trận derby Thủ đô.", "Văn Quyết ghi bàn ở phút 90+4."]
    reports = [("live.txt", f"{raw}\nPhút 90+4, Văn Quyết ghi bàn."), ("b.txt", f"{titles[1][0]}\n{summary[0]}")]
    plain = {c.file: c.score for c in salience.rank_source_titles(titles, summary)}
    ranked = {c.file: c.score for c in headline.rank_source_titles(titles, summary, reports)}
    assert ranked["live.txt"] == pytest.approx(plain["live.txt"] * salience.TEASER_DISCOUNT)  # before: the label gone, no discount


def test_live_in_an_english_word_or_a_show_is_no_live_blog() -> None:
    assert not headline.is_live_blog("Live show Đan Trường cháy vé")  # before: True, its score halved
    assert headline.is_live_blog("LIVE Việt Nam vs Thái Lan") and headline.is_live_blog("Live: Việt Nam vs Thái Lan")
    assert headline.is_live_blog("Trực tiếp Việt Nam vs Thái Lan")


def test_only_a_title_with_the_updated_count_sends_the_stale_ones_last() -> None:
    stale, other = "Xe khách lật trên đèo, 2 người chết, 15 người bị thương", "Cảnh sát điều tra, 15 người bị thương"
    titles = [(stale, "a.txt"), (other, "b.txt")]
    summary = ["Sáng 20/5, xe khách lật trên đèo làm 2 người chết, 15 người bị thương."]
    reports = [("a.txt", f"{stale}\n{summary[0]}"), ("b.txt", f"{other}\nChiều 20/5, số người chết đã tăng lên 3.")]
    ranked = headline.rank_source_titles(titles, summary, reports)
    plain = {c.file: c.score for c in salience.rank_source_titles(titles, summary)}
    # no title gives the new toll of the dead: the stale one is discounted, not sent last by rule
    assert {c.file: c.score for c in ranked}["a.txt"] == pytest.approx(plain["a.txt"] * headline.STALE_DISCOUNT)
    assert [c.file for c in ranked] == ["a.txt", "b.txt"]  # before: b.txt's injured count sent a.txt last
