"""Salience features, MMR selection under a budget, and source-title ranking."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer import salience
from summarizer.salience import SalienceWeights

# An invented cluster: four sentences about a flood, one off-topic.
FLOOD = [
    "Mưa lớn kéo dài gây ngập nặng tại huyện Sơn Hà, hàng trăm ngôi nhà bị ngập sâu.",
    "Nước lũ dâng cao làm ngập hàng trăm ngôi nhà của người dân huyện Sơn Hà.",
    "Chính quyền huyện Sơn Hà đã sơ tán người dân khỏi vùng ngập lũ.",
    "Đội bóng đá trẻ của trường giành chức vô địch giải học sinh toàn tỉnh.",
    "Lũ tại Sơn Hà khiến giao thông bị chia cắt, nhiều ngôi nhà bị ngập.",
]


def test_tfidf_rows_are_unit_length_and_bigrams_counted():
    matrix = salience.tfidf(["a b c", "a b", "d"], tokenize=str.split)
    norms = np.sqrt(np.bincount(matrix.rows, weights=matrix.values**2, minlength=3))
    assert np.allclose(norms, 1.0)
    # terms: a, b, c, "a b", "b c", d
    assert matrix.shape == (3, 6)
    assert sorted(matrix.cols[matrix.rows == 0].tolist()) == [0, 1, 2, 3, 4]


def test_similarity_matrix_is_cosine():
    matrix = salience.tfidf(["x y", "x y", "z w"], tokenize=str.split)
    sim = matrix.similarity_matrix()
    assert sim[0, 1] == pytest.approx(1.0)
    assert sim[0, 2] == pytest.approx(0.0)


def test_off_topic_sentence_is_least_salient():
    s = salience.scores(FLOOD)
    assert s.shape == (5,)
    assert int(np.argmin(s)) == 3


def test_centroid_and_lexrank_agree_on_the_outlier():
    matrix = salience.tfidf(FLOOD)
    assert int(np.argmin(salience.centroid_scores(matrix))) == 3
    rank = salience.lexrank_scores(matrix.similarity_matrix())
    assert rank.sum() == pytest.approx(1.0)
    assert int(np.argmin(rank)) == 3


def test_lexrank_of_a_star_graph_ranks_the_hub_first():
    sim = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]], dtype=float)
    rank = salience.lexrank_scores(sim)
    assert int(np.argmax(rank)) == 0
    assert rank[1] == pytest.approx(rank[2]) == pytest.approx(rank[3])


def test_support_and_position_raise_salience():
    texts = ["Một câu bình thường về sự kiện trong ngày hôm nay ở thành phố."] * 1 + [
        "Một câu khác về sự kiện trong ngày hôm nay ở thành phố lớn."
    ]
    plain = salience.scores(texts, weights=SalienceWeights(centroid=0, lexrank=0, support=1, position=0), support=[0.5, 1.0])
    assert plain[1] > plain[0]
    lead = salience.scores(texts, weights=SalienceWeights(centroid=0, lexrank=0, support=0, position=1), positions=[0, 5])
    assert lead[0] > lead[1]


def test_short_sentences_are_damped():
    texts = ["Lũ lớn.", "Lũ lớn gây ngập nhiều nhà dân ở các xã ven sông suốt đêm qua."]
    s = salience.scores(texts, weights=SalienceWeights(centroid=0, lexrank=0, support=1, position=0), support=[1, 1])
    assert s[0] == pytest.approx(2 / salience.SHORT_SENTENCE_SYLLABLES)
    assert s[1] == pytest.approx(1.0)


def test_mmr_respects_budget_and_returns_narrative_order():
    lengths = [10, 10, 10, 10]
    relevance = np.array([0.1, 0.9, 0.8, 0.5])
    sim = np.eye(4)
    chosen = salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 1.0)
    assert chosen == [1, 2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng 3/6, UBND thành phố khởi công cầu vượt.", True),
        ("Khoảng gần 15h chiều 23/5, một đôi nam nữ đi taxi.", True),
        ("Lúc 21h30 ngày 2/6, người dân phát hiện đám cháy.", True),
        ("Sáng nay (3/6) khởi công nút giao Mỹ Thủy.", True),
        ("Ngày 12-12-2015, bị cáo điều khiển xe ô tô.", True),
        ("Tối 15-5, đoàn kiểm tra đến cơ sở.", True),
        ("Theo đó, ngày 3/6 thành phố khởi công.", False),  # a date, but not what the sentence opens with
        ("Hôm qua, thành phố khởi công.", False),  # a relative day says no date
        ("3 phụ nữ đã báo cảnh sát.", False),
        ("Năm 12/2015 là năm bản lề.", False),
    ],
)
def test_opens_with_time(text, expected):
    assert salience.opens_with_time(text) is expected


def test_a_time_opened_lead_gains_its_weight_only_near_the_top_of_a_report():
    texts = ["Sáng 3/6, UBND thành phố khởi công cầu vượt Mỹ Thủy.", "Chiều 4/6, công nhân rào công trường Mỹ Thủy.",
             "Dự án Mỹ Thủy được chia làm hai giai đoạn thi công."]
    positions = np.array([0.0, 5.0, 1.0])
    assert salience.time_leads(texts, positions).tolist() == [1.0, 0.0, 0.0]
    with_lead = salience.combine(salience.features(texts, positions=positions))
    without = salience.combine(salience.features(texts, positions=positions), SalienceWeights(time_lead=0.0))
    assert (with_lead - without).tolist() == pytest.approx([SalienceWeights().time_lead, 0.0, 0.0])


def test_a_sentence_opening_with_a_quotation_loses_its_weight():
    texts = ["“Chúng tôi sẽ hỗ trợ ngay”, ông Nam nói với phóng viên.", "Ông Nam nói sẽ hỗ trợ người dân ngay.",
             "\"Không ai bị thương\", cảnh sát cho biết.", "Cảnh sát nói “không ai bị thương”."]
    assert [salience.opens_with_quote(t) for t in texts] == [True, False, True, False]
    feats = salience.features(texts)
    with_penalty = salience.combine(feats)
    without = salience.combine(feats, SalienceWeights(quote_opening=0.0))
    damping = salience.short_damping(feats.lengths)
    expected = [SalienceWeights().quote_opening * d if q else 0.0 for d, q in zip(damping, [True, False, True, False])]
    assert (with_penalty - without).tolist() == pytest.approx(expected)


def test_a_first_person_sentence_outside_quotation_marks_loses_its_weight():
    texts = [
        "Tôi sẽ cống hiến tất cả cho đội bóng mới.",  # a quotation torn from its attribution
        "Trao đổi với chúng tôi, ông Nam cho biết cầu sẽ thông xe vào tháng 9.",  # which paper is "we"?
        "“Tôi sẽ cống hiến tất cả”, tân binh nói.",  # quoted: the reader sees who speaks
        "Ông Nam cho biết cầu sẽ thông xe vào tháng 9.",
        "Đội tôi tuyển chọn cầu thủ trẻ.",  # a coach's words with the marks lost: flagged too
        "Người đi bộ tối qua đông hơn thường lệ.",  # "tối" is not "tôi"
    ]
    assert [salience.unquoted_first_person(t) for t in texts] == [True, True, False, False, True, False]
    feats = salience.features(texts)
    with_penalty = salience.combine(feats)
    without = salience.combine(feats, SalienceWeights(first_person=0.0))
    damping = salience.short_damping(feats.lengths)
    flagged = [True, True, False, False, True, False]
    assert (with_penalty - without).tolist() == pytest.approx(
        [SalienceWeights().first_person * d if f else 0.0 for d, f in zip(damping, flagged)]
    )


def test_mmr_stops_at_max_count_with_the_best_first():
    lengths = [10, 10, 10, 10]
    relevance = np.array([0.1, 0.9, 0.8, 0.5])
    sim = np.eye(4)
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 100, 1.0, max_count=2) == [1, 2]
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 100, 1.0, max_count=1, pinned=(3,)) == [3]
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 100, 1.0) == [0, 1, 2, 3]


def test_mmr_penalizes_redundancy():
    lengths = [10, 10, 10]
    relevance = np.array([1.0, 0.95, 0.6])
    sim = np.array([[1, 0.9, 0], [0.9, 1, 0], [0, 0, 1]], dtype=float)
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 0.5) == [0, 2]
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 1.0) == [0, 1]


def test_mmr_skips_a_sentence_longer_than_the_budget():
    lengths = [50, 10, 10]
    relevance = np.array([1.0, 0.5, 0.4])
    chosen = salience.mmr_select(lengths, relevance, np.eye(3).__getitem__, 25, 0.7)
    assert chosen == [1, 2]


def test_mmr_blocked_candidates_are_never_chosen():
    lengths = [5, 5, 5]
    relevance = np.array([1.0, 0.9, 0.1])
    blocked = np.array([[True, True, False], [True, True, False], [False, False, True]])
    chosen = salience.mmr_select(lengths, relevance, np.zeros((3, 3)).__getitem__, 100, 1.0, blocked=blocked.__getitem__)
    assert chosen == [0, 2]


def test_select_fits_budget_in_input_order():
    s = salience.scores(FLOOD)
    chosen = salience.select(FLOOD, s, 40, 0.7)
    assert chosen == sorted(chosen)
    assert sum(salience.word_count(FLOOD[i]) for i in chosen) <= 40
    assert 3 not in chosen
    with pytest.raises(ValueError):
        salience.select(FLOOD, s[:2], 40, 0.7)


def test_word_count_ignores_punctuation_tokens():
    assert salience.word_count("Hà Nội – thủ đô , 2024 .") == 5


def test_rank_source_titles_most_central_first_and_shortest_among_equals():
    titles = [
        ("Đội bóng trẻ vô địch giải học sinh", "a.txt"),
        ("Lũ lớn gây ngập hàng trăm nhà ở Sơn Hà", "b.txt"),
        ("Lũ lớn gây ngập hàng trăm nhà ở Sơn Hà", "c.txt"),  # duplicate: listed once
    ]
    ranked = salience.rank_source_titles(titles, FLOOD[:3] + FLOOD[4:])
    assert [c.file for c in ranked] == ["b.txt", "a.txt"]
    assert ranked[0].origin == "source" and ranked[0].score > ranked[1].score


def test_rank_source_titles_prefers_shorter_on_a_tie(monkeypatch):
    titles = [("Lũ lớn ở Sơn Hà ngày hôm qua", "long.txt"), ("Lũ lớn ở Sơn Hà", "short.txt")]
    reference = ["Lũ lớn ở Sơn Hà ngày hôm qua gây ngập nhiều nhà."]
    assert [c.file for c in salience.rank_source_titles(titles, reference)] == ["long.txt", "short.txt"]
    monkeypatch.setattr(salience, "TITLE_SCORE_TIE", 1.0)  # every score counts as a tie
    assert [c.file for c in salience.rank_source_titles(titles, reference)] == ["short.txt", "long.txt"]


def test_a_teaser_title_gives_way_to_one_that_tells():
    # The question is closer to the summary (cosine 0.63 against 0.50), but only the other tells.
    titles = [("Vì sao lũ lớn tràn về Quảng Ngãi trong đêm?", "q.txt"), ("Quảng Ngãi: nhiều nhà bị ngập sau lũ", "t.txt")]
    reference = ["Lũ lớn tràn về Quảng Ngãi trong đêm, nhiều nhà bị ngập."]
    assert [c.file for c in salience.rank_source_titles(titles, reference)] == ["t.txt", "q.txt"]
    assert salience.is_teaser("Cầu thủ đắt giá nhất là...") and salience.is_teaser("Ai là “người hùng?”")
    assert not salience.is_teaser("Việt - Nga tăng cường hợp tác quốc phòng")


def test_rank_source_titles_without_titles():
    assert salience.rank_source_titles([], FLOOD) == []


def test_report_coverage_counts_carriers_and_best_paraphrase():
    similarity = np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.6], [0.0, 0.6, 1.0]])
    membership = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)  # one report each
    coverage = salience.report_coverage(similarity, membership)
    assert coverage.tolist() == pytest.approx([1.3, 1.9, 1.6])
    assert salience.report_coverage(None, membership).tolist() == [1.0, 1.0, 1.0]
    both = np.array([[1, 1, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    assert salience.report_coverage(similarity, both)[0] == pytest.approx(2.0)


def test_similarity_matrix_blocks_give_the_same_result(monkeypatch):
    matrix = salience.tfidf(FLOOD)
    whole = matrix.similarity_matrix()
    monkeypatch.setattr(salience, "SIMILARITY_BLOCK_TERMS", 3)
    assert np.allclose(matrix.similarity_matrix(), whole)
    dense = np.array([matrix.row(i) for i in range(len(FLOOD))])
    off_diagonal = ~np.eye(len(FLOOD), dtype=bool)
    assert np.allclose(whole[off_diagonal], (dense @ dense.T)[off_diagonal])


def test_mmr_never_fills_the_budget_with_fragments() -> None:
    from summarizer.salience import mmr_select

    lengths = [10, 1, 2, 6]
    salience = np.array([1.0, 0.9, 0.8, 0.1])
    no_overlap = lambda i: np.zeros(len(lengths))  # noqa: E731
    assert mmr_select(lengths, salience, no_overlap, 13, 1.0) == [0, 1, 2]
    assert mmr_select(lengths, salience, no_overlap, 13, 1.0, min_length=4) == [0]
    assert mmr_select(lengths, salience, no_overlap, 17, 1.0, min_length=4) == [0, 3]
    # when nothing is long enough, fragments are still better than an empty summary
    assert mmr_select([1, 2], np.array([0.2, 0.9]), lambda i: np.zeros(2), 5, 1.0, min_length=4) == [0, 1]


def test_mmr_takes_pinned_candidates_first_within_the_budget():
    lengths = [10, 10, 10, 30]
    relevance = np.array([0.9, 0.8, 0.1, 0.5])
    sim = np.eye(4)
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 1.0) == [0, 1]
    # The pinned low-salience candidate takes its share of the budget; the best other one follows.
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 1.0, pinned=(2,)) == [0, 2]
    # A pinned candidate longer than the budget is not forced in.
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 20, 1.0, pinned=(3,)) == [0, 1]


def test_mmr_pinned_candidates_count_toward_redundancy():
    lengths = [10, 10, 10]
    relevance = np.array([1.0, 0.9, 0.1])
    blocked = np.array([[True, False, True], [False, True, False], [True, False, True]])
    # Pinning 2 blocks its near-duplicate 0, however salient.
    chosen = salience.mmr_select(lengths, relevance, np.eye(3).__getitem__, 30, 1.0, blocked=blocked.__getitem__, pinned=(2,))
    assert chosen == [1, 2]


def test_mmr_drops_a_choice_that_a_later_one_tells_in_full():
    # 0 (short, most salient) is taken first; 1 tells all of it and more, so taking 1 drops 0
    # and gives its length back: 2 then fits where it did not before.
    lengths = [8, 20, 12]
    relevance = np.array([1.0, 0.9, 0.5])
    sim = np.eye(3)
    contains = {0: [False] * 3, 1: [True, False, False], 2: [False] * 3}
    told = lambda i: np.array(contains[i])  # noqa: E731
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 32, 1.0) == [0, 1]
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 32, 1.0, contains=told) == [1, 2]
    # a pinned choice stays, whatever tells it
    assert salience.mmr_select(lengths, relevance, sim.__getitem__, 32, 1.0, contains=told, pinned=(0,)) == [0, 1]
    # once 1 is chosen, 0 can no longer come in
    first = np.array([0.5, 1.0, 0.1])
    assert salience.mmr_select(lengths, first, sim.__getitem__, 40, 1.0, contains=told) == [1, 2]


def test_mmr_reconsiders_a_candidate_once_a_drop_gives_length_back():
    # 0 then 3 leave 5 syllables: 2 (7) no longer fits; 1 fits and tells 0 in full, so 0 goes
    # and 9 are left: 2 fits again and is taken.
    lengths = [8, 4, 7, 27]
    relevance = np.array([1.0, 0.9, 0.5, 0.95])
    told = lambda i: np.array([i == 1, False, False, False])  # noqa: E731
    assert salience.mmr_select(lengths, relevance, np.eye(4).__getitem__, 40, 1.0, contains=told) == [1, 2, 3]


def test_the_sparse_similarity_product_equals_the_dense_one(monkeypatch) -> None:
    """Very large inputs take scipy's sparse product (SPARSE_PRODUCT_MIN_WORK); same numbers."""
    import numpy as np

    from summarizer import salience

    texts = ["Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội.", "Hà Nội ngập sau trận mưa lớn chiều qua.",
             "Đội tuyển Việt Nam thắng Lào 4-0.", "Mưa lớn kéo dài, nhiều tuyến phố ngập sâu.", "Một câu riêng."]
    matrix = salience.tfidf(texts)
    monkeypatch.setattr(salience, "SPARSE_PRODUCT_MIN_WORK", 10**18)
    dense = matrix.similarity_matrix()
    monkeypatch.setattr(salience, "SPARSE_PRODUCT_MIN_WORK", 1)
    sparse = matrix.similarity_matrix()
    assert isinstance(sparse, np.ndarray) and sparse.shape == dense.shape == (5, 5)
    assert np.allclose(sparse, dense, atol=1e-12) and dense[0, 1] > 0.1 and dense[0, 4] == 0.0
