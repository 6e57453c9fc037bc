"""Deduplication across reports: exact cases on small invented documents, and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.dedup import (
    BUCKET_ALL_PAIRS_LIMIT,
    DedupResult,
    deduplicate,
    minhash_signatures,
    shingle_sets,
    similar,
)
from summarizer.normalize import syllables
from summarizer.options import DedupOptions
from summarizer.sentences import Sentence


def reports(*docs: list[str]) -> list[Sentence]:
    """Sentences of invented reports: report r is file ``r.txt``."""
    out = []
    for r, doc in enumerate(docs):
        out.extend(Sentence(text=t, file=f"{r}.txt", index=i, report=r) for i, t in enumerate(doc))
    return out


def group_sets(result: DedupResult) -> set[frozenset[tuple[str, int]]]:
    return {
        frozenset((result.sentences[m].file, result.sentences[m].index) for m in g.members) for g in result.groups
    }


def merged(result: DedupResult) -> set[frozenset[tuple[str, int]]]:
    """Only the groups with more than one member."""
    return {g for g in group_sets(result) if len(g) > 1}


FLOOD = "Mưa lớn kéo dài suốt ba ngày đã làm ngập hơn hai trăm ngôi nhà ở huyện Sơn Hà."
BRIDGE = "Cây cầu treo bắc qua sông Trà Khúc bị lũ cuốn trôi vào chiều thứ Bảy."
RESCUE = "Lực lượng cứu hộ đã sơ tán an toàn toàn bộ người dân khỏi vùng nguy hiểm."
MARKET = "Giá rau xanh tại các chợ trong thành phố tăng gấp đôi so với tuần trước."


# Invented district names: variants of one sentence that differ in a word, not in a number.
PLACES = (
    "Sơn Hà Sơn Tây Ba Tơ Minh Long Nghĩa Hành Tư Nghĩa Mộ Đức Đức Phổ Bình Sơn Trà Bồng Lý Sơn "
    "Sơn Tịnh Tây Trà Ba Vì Mỹ Đức Đan Phượng Hoài Đức Quốc Oai Thạch Thất Chương Mỹ Thanh Oai "
    "Ứng Hòa Phú Xuyên Thường Tín"
).split()
PLACES = tuple(" ".join(PLACES[i : i + 2]) for i in range(0, len(PLACES) - 1, 2))


def test_exact_duplicate_is_merged():
    result = deduplicate(reports([FLOOD, BRIDGE], [FLOOD, MARKET]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 0)})}
    assert result.stats.groups == 3
    assert result.stats.sentences_merged == 1


def test_one_word_edit_is_merged_and_majority_form_wins():
    edited = FLOOD.replace("hơn hai trăm", "gần hai trăm")
    result = deduplicate(reports([edited, BRIDGE], [FLOOD], [FLOOD, RESCUE]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 0), ("2.txt", 0)})}
    group = next(g for g in result.groups if len(g.members) == 3)
    assert group.text == FLOOD  # two reports share this form, one has the edit


def test_sentence_contained_in_a_longer_one_is_merged_and_longer_represents():
    longer = FLOOD[:-1] + ", trong đó có nhiều nhà bị cuốn trôi hoàn toàn."
    result = deduplicate(reports([FLOOD, BRIDGE], [MARKET, longer]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 1)})}
    group = next(g for g in result.groups if len(g.members) == 2)
    assert group.text == longer


def test_a_version_that_lost_its_first_letter_does_not_represent():
    broken = FLOOD[1:]  # "ưa lớn kéo dài …": a lost drop cap, in the earlier report
    result = deduplicate(reports([broken, BRIDGE], [MARKET, FLOOD]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 1)})}
    assert next(g for g in result.groups if len(g.members) == 2).text == FLOOD


def test_unrelated_sentences_are_not_merged():
    result = deduplicate(reports([FLOOD, BRIDGE], [RESCUE, MARKET]))
    assert merged(result) == set()
    assert result.stats.groups == 4
    assert result.stats.sentences_merged == 0


def test_tone_mark_variants_are_merged_and_first_report_spelling_kept():
    old = "Hai bên nhất trí giữ gìn hoà bình và thúc đẩy hợp tác về thuỷ lợi trong khu vực."
    new = "Hai bên nhất trí giữ gìn hòa bình và thúc đẩy hợp tác về thủy lợi trong khu vực."
    result = deduplicate(reports([old], [new]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 0)})}
    assert result.groups[0].text == old  # tie: the first report's spelling, never rewritten


def test_a_copy_with_final_punctuation_is_preferred_as_the_representative():
    bare = FLOOD.rstrip(".")
    result = deduplicate(reports([bare, BRIDGE], [RESCUE, FLOOD]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 1)})}
    group = next(g for g in result.groups if len(g.members) == 2)
    assert group.text == FLOOD  # not the first report's copy, which lost its period


def test_alias_variants_are_merged():
    a = "Đoàn đại biểu đã tới Mátxcơva vào sáng thứ Hai để bắt đầu chuyến thăm chính thức."
    b = "Đoàn đại biểu đã tới Moscow vào sáng thứ Hai để bắt đầu chuyến thăm chính thức."
    result = deduplicate(reports([a, FLOOD], [MARKET, b]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 1)})}


def test_near_duplicates_inside_one_report_stay_apart_but_identical_ones_merge():
    edited = FLOOD.replace("ba ngày", "bốn ngày")
    result = deduplicate(reports([FLOOD, edited, BRIDGE, BRIDGE]))
    assert merged(result) == {frozenset({("0.txt", 2), ("0.txt", 3)})}


def test_short_sentences_match_only_when_identical():
    options = DedupOptions(min_shingles=3)
    result = deduplicate(reports(["Trời mưa to.", "Nước dâng cao."], ["Trời mưa to!", "Nước dâng rất cao."]), options)
    # "trời mưa to" has one shingle: merged by its identical normalized form only.
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 0)})}


def test_corrections_apply_to_matching_and_representative():
    a = "Ông Nguyễn Văn Hùnh phát biểu tại buổi lễ khai mạc hội chợ thương mại quốc tế."
    b = "Ông Nguyễn Văn Hùng phát biểu tại buổi lễ khai mạc hội chợ thương mại quốc tế."
    result = deduplicate(reports([a], [b]), corrections={"Hùnh": "Hùng"})
    assert [g.text for g in result.groups] == [b]
    assert result.stats.groups == 1


def test_stats_count_syllables_before_and_after():
    result = deduplicate(reports([FLOOD, BRIDGE], [FLOOD]))
    flood, bridge = len(FLOOD.split()), len(BRIDGE.split())
    assert result.stats.reports == 2
    assert result.stats.sentences_in == 3
    assert result.stats.words_before == 2 * flood + bridge
    assert result.stats.words_after == flood + bridge


def test_narrative_order_threads_other_reports_into_the_largest():
    lead_b = "Bão số ba đổ bộ vào đất liền các tỉnh miền Trung trong đêm qua với sức gió rất mạnh."
    result = deduplicate(reports([lead_b, FLOOD, RESCUE], [FLOOD, BRIDGE, RESCUE, MARKET]))
    # Backbone: report 1 (four sentences). Report 0's lead precedes FLOOD, its shared successor.
    assert [g.text for g in result.groups] == [lead_b, FLOOD, BRIDGE, RESCUE, MARKET]


def test_empty_input():
    result = deduplicate([])
    assert result.groups == ()
    assert result.stats.sentences_in == 0 and result.stats.groups == 0


def test_large_bucket_of_variants_is_one_group():
    # More near-identical versions than BUCKET_ALL_PAIRS_LIMIT: verified against local
    # representatives instead of all pairs, still one group.
    count = BUCKET_ALL_PAIRS_LIMIT + 8
    docs = [[FLOOD.replace("Sơn Hà", place)] for place in PLACES[:count]]
    result = deduplicate(reports(*docs))
    assert len(result.groups) == 1
    assert len(result.groups[0].members) == count


def test_similarity_thresholds():
    options = DedupOptions(similarity_threshold=0.5, containment_threshold=0.8, min_shingles=2)
    a = frozenset(range(10))
    assert similar(a, frozenset(range(5, 15)), options) is False  # J = 5/15, containment 0.5
    assert similar(a, frozenset(range(3, 13)), options) is True  # J = 7/13 >= 0.5
    assert similar(frozenset(range(8)), frozenset(range(40)), options) is True  # contained
    assert similar(frozenset({1}), frozenset({1}), options) is False  # below min_shingles


def test_shingle_hashes_are_vectorised_per_sentence():
    tokens = [["a", "b", "c", "d"], ["x"], ["b", "c", "d", "a", "b", "c", "d"]]
    hashes, offsets = shingle_sets(tokens, 3)
    assert offsets.tolist() == [0, 2, 2, 6]  # 2 shingles, none, 4 distinct of 5 ("b c d" twice)
    first = set(hashes[0:2].tolist())
    third = set(hashes[2:6].tolist())
    assert len(first & third) == 2  # "b c d" and "a b c" are shared


def test_minhash_agreement_estimates_jaccard():
    rng = np.random.default_rng(0)
    base = rng.integers(0, 1 << 63, 200, dtype=np.uint64)
    other = np.concatenate([base[:100], rng.integers(0, 1 << 63, 100, dtype=np.uint64)])  # J = 1/3
    hashes = np.concatenate([np.sort(base), np.sort(other)])
    signatures = minhash_signatures(hashes, np.array([0, 200, 400]), 512, 7)
    agreement = float((signatures[0] == signatures[1]).mean())
    assert abs(agreement - 1 / 3) < 0.08


# ---------------------------------------------------------------------------- invariants

WORDS = (
    "mưa bão lũ cầu sông nhà dân cứu hộ tỉnh huyện xã chính quyền người ngày đêm hôm qua sáng "
    "chiều nước ngập đường giao thông bị hư hỏng nặng đã đang sẽ tiếp tục hỗ trợ khẩn cấp"
).split()

sentence_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def clusters(draw):
    """Reports built from a pool of sentences, some copied with a one-word edit."""
    pool = draw(st.lists(sentence_text, min_size=1, max_size=8))
    docs = []
    for _ in range(draw(st.integers(1, 4))):
        doc = []
        for _ in range(draw(st.integers(1, 6))):
            text = draw(st.sampled_from(pool))
            if draw(st.booleans()):
                words = text.split()
                words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
                text = " ".join(words)
            doc.append(text)
        docs.append(doc)
    return docs


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(clusters())
def test_every_sentence_is_in_exactly_one_group(docs):
    result = deduplicate(reports(*docs))
    members = sorted(m for g in result.groups for m in g.members)
    assert members == list(range(len(result.sentences)))
    for g in result.groups:
        assert g.representative in g.members
        assert list(g.members) == sorted(g.members)
    assert result.stats.groups == len(result.groups)
    assert result.stats.sentences_merged == len(result.sentences) - len(result.groups)


@SETTINGS
@given(clusters())
def test_every_member_matches_its_representative(docs):
    # No chaining: a member is the representative's text or verifies against it directly.
    result = deduplicate(reports(*docs))
    options = DedupOptions()
    tokens = [syllables(s.text) for s in result.sentences]
    hashes, offsets = shingle_sets(tokens, options.shingle_size)
    sets = [frozenset(hashes[offsets[i] : offsets[i + 1]].tolist()) for i in range(len(tokens))]
    for g in result.groups:
        rep = g.representative
        for m in g.members:
            assert tokens[m] == tokens[rep] or similar(sets[m], sets[rep], options)


@SETTINGS
@given(clusters(), st.randoms(use_true_random=False))
def test_groups_do_not_depend_on_report_order(docs, rng):
    forward = deduplicate(reports(*docs))
    order = list(range(len(docs)))
    rng.shuffle(order)
    shuffled = []
    for new_position, old in enumerate(order):
        shuffled.extend(Sentence(text=t, file=f"{old}.txt", index=i, report=new_position) for i, t in enumerate(docs[old]))
    assert group_sets(deduplicate(shuffled)) == group_sets(forward)


@SETTINGS
@given(clusters())
def test_deduplicating_the_merged_document_changes_nothing(docs):
    first = deduplicate(reports(*docs))
    again = deduplicate(reports([g.text for g in first.groups]))
    assert again.stats.sentences_merged == 0
    assert [g.text for g in again.groups] == [g.text for g in first.groups]


def test_tokenizer_is_injectable():
    seen: list[str] = []

    def tokenize(text: str) -> list[str]:
        seen.append(text)
        return syllables(text)

    deduplicate(reports([FLOOD], [BRIDGE]), tokenize=tokenize)
    assert seen == [FLOOD, BRIDGE]


@pytest.mark.parametrize("bands", [16, 32, 64])
def test_band_settings_all_find_the_edit(bands):
    edited = FLOOD.replace("hơn hai trăm", "gần hai trăm")
    result = deduplicate(reports([FLOOD], [edited]), DedupOptions(num_perm=128, bands=bands))
    assert len(result.groups) == 1


def test_large_buckets_give_the_same_groups_in_any_report_order():
    import random

    # Two families of variants, each larger than BUCKET_ALL_PAIRS_LIMIT, plus unrelated text,
    # spread over many reports; the groups must not depend on the order of the reports.
    count = BUCKET_ALL_PAIRS_LIMIT + 6
    docs = [
        [
            FLOOD.replace("Sơn Hà", PLACES[n]),
            BRIDGE.replace("thứ Bảy", f"hôm {PLACES[n]}") if n % 2 else MARKET,
            RESCUE.replace("toàn bộ", f"dân {PLACES[n]}") if n % 3 else f"Tin vắn {PLACES[n]} về thời tiết vùng núi phía Bắc.",
        ]
        for n in range(count)
    ]
    forward = group_sets(deduplicate(reports(*docs)))
    rng = random.Random(5)
    for _ in range(3):
        order = list(range(count))
        rng.shuffle(order)
        shuffled = [
            Sentence(text=t, file=f"{old}.txt", index=i, report=position)
            for position, old in enumerate(order)
            for i, t in enumerate(docs[old])
        ]
        assert group_sets(deduplicate(shuffled)) == forward
    sizes = sorted(len(g) for g in forward)
    assert sizes[-1] == count  # every FLOOD variant in one group


# ---------------------------------------------------------------------------- no chaining

HANOI = "Hà Nội: nhiệt độ thấp nhất từ 23 đến 26 độ, cao nhất từ 28 đến 31 độ."
HUE = "Huế: nhiệt độ thấp nhất từ 25 đến 28 độ, cao nhất từ 32 đến 35 độ."
VINH = "Tại Vinh và các huyện ven biển, nhiệt độ thấp nhất từ 23 đến 26 độ, trời có mưa rào."
LOW_23 = "Nhiệt độ thấp nhất từ 23 đến 26 độ."
HIGH_32 = "Nhiệt độ cao nhất từ 32 đến 35 độ."
HIGH_28 = "Nhiệt độ cao nhất từ 28 đến 31 độ."


def test_bulletin_lines_do_not_chain_through_a_shared_short_line():
    # LOW_23 is contained in both HANOI and VINH; pair by pair it would put HANOI and VINH (two
    # different forecasts) into one group and drop one of them. Each short line joins the one
    # long line that contains it best; the long lines stay apart.
    result = deduplicate(reports([HANOI, HUE], [LOW_23, HIGH_32], [VINH, HIGH_28]))
    assert group_sets(result) == {
        frozenset({("0.txt", 0), ("1.txt", 0), ("2.txt", 1)}),  # HANOI, LOW_23, HIGH_28
        frozenset({("0.txt", 1), ("1.txt", 1)}),  # HUE, HIGH_32
        frozenset({("2.txt", 0)}),  # VINH
    }
    # Narrative order: VINH leads report 2, whose next sentence belongs to the HANOI group.
    assert [g.text for g in result.groups] == [VINH, HANOI, HUE]


def test_short_lines_contained_in_one_long_line_all_join_it():
    long_line = "Hà Nội 25-30 độ, Huế 27-33 độ."
    shorts = ["Hà Nội: 25-30 độ.", "Huế: 27-33 độ."]
    other = "Hà Nội: 24-29 độ."  # another day's figures: not in the long line
    result = deduplicate(reports([long_line], shorts + [other]))
    # The long line states both short ones, so both join it, though they come from one report.
    assert group_sets(result) == {
        frozenset({("0.txt", 0), ("1.txt", 0), ("1.txt", 1)}),
        frozenset({("1.txt", 2)}),
    }
    assert result.groups[0].text == long_line


def test_versions_with_different_numbers_stay_apart_unless_numbers_are_ignored():
    other = FLOOD.replace("hai trăm", "300")
    more = FLOOD.replace("hai trăm", "400")
    docs = ([other, BRIDGE], [more])
    assert merged(deduplicate(reports(*docs))) == set()
    loose = deduplicate(reports(*docs), DedupOptions(match_numbers=False))
    assert merged(loose) == {frozenset({("0.txt", 0), ("1.txt", 0)})}


def test_a_version_without_the_numbers_joins_the_one_that_states_them():
    vague = "Mưa lớn kéo dài đã làm ngập nhiều ngôi nhà ở huyện Sơn Hà, chính quyền cho biết."
    exact = "Mưa lớn kéo dài đã làm ngập 120 ngôi nhà ở huyện Sơn Hà, chính quyền cho biết."
    result = deduplicate(reports([vague], [exact]))
    assert merged(result) == {frozenset({("0.txt", 0), ("1.txt", 0)})}


def test_overlapping_windows_do_not_chain():
    # A≈B and B≈C (Jaccard 4/8 of their 3-shingles) but A and C share 2 of 10: no group may
    # hold both A and C. All have 8 syllables, so the first file's sentence anchors the group.
    words = "đoàn công tác của tỉnh đã kiểm tra đê biển xã Bình Minh sáng nay".split()
    a, b, c = (" ".join(words[start : start + 8]) + "." for start in (0, 2, 4))
    result = deduplicate(reports([a], [b], [c]))
    assert group_sets(result) == {frozenset({("0.txt", 0), ("1.txt", 0)}), frozenset({("2.txt", 0)})}
    assert result.groups[0].text == a


def test_the_copy_spelled_as_the_reports_write_it_represents_the_group():
    # Report 0 types three marks wrong in a sentence both reports carry; report 1 spells it
    # right, and writes "tỉnh Quảng Ninh" once more elsewhere. Marks are all that differs.
    typed = "Chiều 7/9, bão số 3 đã đổ bộ vào tinh Quãng Ninh vơi sức gió mạnh cấp 12."
    right = "Chiều 7/9, bão số 3 đã đổ bộ vào tỉnh Quảng Ninh với sức gió mạnh cấp 12."
    elsewhere = "Ban Chỉ huy phòng chống thiên tai tỉnh Quảng Ninh với các sở đã họp khẩn."
    result = deduplicate(reports([typed, BRIDGE], [right, elsewhere]))
    (group,) = [g for g in result.groups if len(g.members) > 1]
    assert group.text == right
    # Without the neighbours written elsewhere nothing tells them apart: the first report's copy.
    result = deduplicate(reports([typed, BRIDGE], [right, MARKET]))
    assert [g.text for g in result.groups if len(g.members) > 1] == [typed]


def test_a_run_of_words_typed_twice_is_typed_once_where_another_sentence_writes_it_once():
    slip = "Ngày 15/5, tàu du lịch tàu du lịch Hồng Long chở 8 khách ra vịnh thì gặp sự cố."
    other = "Vào ngày 15/5, tàu du lịch Hồng Long đã bị giữ lại."
    result = deduplicate(reports([slip, BRIDGE], [other, MARKET]))
    assert "Ngày 15/5, tàu du lịch Hồng Long chở 8 khách ra vịnh thì gặp sự cố." in [g.text for g in result.groups]
    # no sentence writes it once between the same neighbours: left as typed
    assert slip in [g.text for g in deduplicate(reports([slip, BRIDGE], [MARKET])).groups]
    # a phrase that reads on, and one word said over and over, stay
    for kept in ("Ban tổ chức tổ chức nhiều hoạt động tại sân vận động.", "Họ hét lên: “Chết chết chết chết!”."):
        assert kept in [g.text for g in deduplicate(reports([kept, "Ban tổ chức nhiều lần họp."], [MARKET])).groups]
    # the run once between the nearest neighbours alone is not enough
    near = deduplicate(reports([slip, BRIDGE], ["Trước đó, tàu du lịch Hồng Long đã được cấp phép.", MARKET]))
    assert slip in [g.text for g in near.groups]
