"""Summary order: reports vote on the order of what they share, leads go before deep sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.dedup import DedupResult, Group
from summarizer.ordering import precedes, summary_order
from summarizer.result import DedupStats
from summarizer.sentences import Sentence


def merged(reports: list[list[str]], narrative: list[str]) -> DedupResult:
    """A deduplication result by hand: report r is ``r.txt``; every distinct label is one group,
    and ``narrative`` gives the groups' (narrative) order."""
    sentences = tuple(
        Sentence(text=label, file=f"{r}.txt", index=i, report=r)
        for r, labels in enumerate(reports)
        for i, label in enumerate(labels)
    )
    groups = tuple(
        Group(members=members, representative=members[0], text=label)
        for label in narrative
        for members in [tuple(m for m, s in enumerate(sentences) if s.text == label)]
    )
    assert sorted(m for g in groups for m in g.members) == list(range(len(sentences)))
    stats = DedupStats(len(reports), len(sentences), len(groups), len(sentences) - len(groups), 0, 0)
    return DedupResult(sentences=sentences, groups=groups, stats=stats)


def ordered(result: DedupResult, labels: list[str]) -> list[str]:
    index = [g.text for g in result.groups]
    return [result.groups[g].text for g in summary_order(result, [index.index(x) for x in labels])]


def test_another_reports_lead_goes_before_a_deep_backbone_sentence():
    # The narrative order threads report 1's lead in just before the sentence it shares with the
    # backbone, so the backbone's fourth sentence a3 comes first there; in a summary the lead
    # b0 goes first.
    result = merged(
        [["a0", "a1", "a2", "a3", "a4"], ["b0", "a4", "b2"]],
        ["a0", "a1", "a2", "a3", "b0", "a4", "b2"],
    )
    assert ordered(result, ["a3", "b0"]) == ["b0", "a3"]
    assert ordered(result, ["a1", "a3", "b0", "b2"]) == ["b0", "a1", "b2", "a3"]


def test_of_two_report_leads_the_one_opening_with_its_time_goes_first():
    plan = "Dự án sẽ được thi công hai giai đoạn."
    lead = "Sáng 3/6, thành phố khởi công xây dựng nút giao Mỹ Thủy."
    result = merged([[plan, "x"], [lead, "y"]], [plan, "x", lead, "y"])
    assert ordered(result, [plan, lead]) == [lead, plan]  # both open a report; the narrative put plan first
    assert ordered(result, ["x", lead]) == [lead, "x"]
    # a deeper sentence does not jump ahead of another report's first one for its date
    dated_deep = "Chiều 4/6, công nhân bắt đầu rào chắn công trường."
    result = merged([[plan, dated_deep]], [plan, dated_deep])
    assert ordered(result, [dated_deep, plan]) == [plan, dated_deep]


def test_the_reports_carrying_both_sentences_vote():
    # x before y in two reports, after it in one: x first, although y opens report 2.
    result = merged([["p", "x", "y"], ["x", "q", "y"], ["y", "x"]], ["p", "x", "q", "y"])
    assert ordered(result, ["y", "x"]) == ["x", "y"]
    # A tied vote falls back to the earliest position, then to the narrative order.
    tied = merged([["x", "y"], ["y", "x"]], ["x", "y"])
    assert ordered(tied, ["y", "x"]) == ["x", "y"]


def test_goals_told_by_several_reports_come_in_match_order():
    goal_31 = "Phút 31, Khánh Hòa san bằng tỷ số 1-1."
    goal_15 = "Ở phút 15, Đông Triều mở tỷ số."
    goal_93 = "Khánh Hòa ấn định chiến thắng 4-1 ở phút 90+3."
    goal_64 = "Phút 64, Đình Kha nâng tỷ số lên 3-1."
    result = merged([["a0", goal_31, goal_64], ["b0", "b1", goal_15], ["c0", goal_93]],
                    ["a0", "b0", "c0", goal_31, "b1", goal_64, goal_15, goal_93])
    assert ordered(result, [goal_31, goal_15, goal_93, goal_64]) == [goal_15, goal_31, goal_64, goal_93]
    # A report carrying both still decides, and a duration ("sau 30 phút") names no minute.
    result = merged([["a0", goal_64, goal_31]], ["a0", goal_64, goal_31])
    assert ordered(result, [goal_31, goal_64]) == [goal_64, goal_31]
    from summarizer.ordering import match_minute
    assert match_minute("Sau 30 phút, trận đấu tạm dừng.") is None and match_minute(goal_93) == (90, 3)
    assert match_minute("Anh về đích sau 2 giờ 32 phút 15 giây.") is None
    assert match_minute("Chỉ 5 phút 30 giây sau, đội khách gỡ hòa.") is None


def test_precedence_is_antisymmetric():
    a, b = {0: 3, 1: 0}, {0: 1, 2: 5}
    assert precedes(a, b, 0, 1) != precedes(b, a, 1, 0)
    assert precedes(b, a, 1, 0)  # report 0, the only one carrying both, has b first


def test_one_sentence_and_none():
    result = merged([["a0", "a1"]], ["a0", "a1"])
    assert summary_order(result, []) == []
    assert summary_order(result, [1]) == [1]
    assert summary_order(result, [1, 1]) == [1]


@st.composite
def clusters(draw):
    """Reports drawn over a small pool of labels (each label at most once per report), with the
    narrative order a random permutation of the labels used."""
    pool = [f"s{i}" for i in range(8)]
    reports = draw(st.lists(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True), min_size=1, max_size=4))
    used = sorted({x for r in reports for x in r})
    narrative = draw(st.permutations(used))
    chosen = draw(st.lists(st.sampled_from(used), min_size=1, max_size=len(used), unique=True))
    return reports, list(narrative), chosen


@settings(max_examples=200, deadline=None)
@given(clusters())
def test_order_is_a_permutation_that_follows_a_report_carrying_every_chosen_sentence(case):
    reports, narrative, chosen = case
    result = merged(reports, narrative)
    order = ordered(result, chosen)
    assert sorted(order) == sorted(chosen)
    assert ordered(result, list(reversed(chosen))) == order  # the call order does not matter
    # When the chosen sentences are all in one report and no other report carries two of them,
    # that report's order is the summary's.
    for labels in reports:
        others_share_two = any(len(set(r) & set(chosen)) >= 2 for r in reports if r is not labels)
        if set(chosen) <= set(labels) and not others_share_two:
            assert order == [x for x in labels if x in chosen]
