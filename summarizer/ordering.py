"""Order the sentences an extractive summary has chosen the way the reports tell them.

The merged document's narrative order (:mod:`summarizer.dedup`) threads every report into the
largest one. That suits the whole merged text, but a summary holds a handful of sentences from
several reports, and in the threaded order a sentence from deep in the backbone report can come
before another report's lead: a summary could open with "Thiệt hại về hoa màu chưa thống kê."
(damage to crops not yet counted) ahead of the sentence that says what happened.

So the chosen sentences are ordered by pairwise precedence (``precedes``):

1. when some reports carry both sentences, those reports vote: each one by the order it gives
   them; a majority decides;
2. otherwise, when both name a match minute ("Phút 31, Khánh Hòa san bằng tỷ số 1-1.", "ở phút
   90+3", :func:`match_minute`), the earlier minute comes first: a match report's goals, chosen
   from several reports, were told as 17', 31', 15', 64' (Cluster_071; the one ViMs summary this
   changes, ROUGE and order agreement unchanged);
3. otherwise (no report carries both, or the vote ties) the sentence that stands earlier in some
   report comes first (its best 0-based position in any report: a report's lead before another
   report's fourth sentence); of equal positions, one that opens with its time ("Sáng 3/6, ...",
   ``salience.opens_with_time``: the news lead) comes first, else the narrative order decides.

The order is then built greedily (Cohen, Schapire and Singer, 1999): the next sentence is the one
that precedes the most of the sentences still to place, less the ones that precede it; ties go to
the earliest in narrative order. Every rule depends on the sentences and their positions only, so
the order does not depend on the order the reports were read in, beyond the narrative order's own
tie-breaks.

Measured with ``python scripts/order_report.py`` (Kendall's tau between a summary's sentence order
and the order of the human summary sentences they align with, ``evaluate.order_agreement``; ViMs,
the engine's chosen sentences). Tune (Cluster_001-200): narrative order 0.455, this order 0.631;
held-out (201-300): 0.413 and 0.618. With the time-opened lead (in the selection, and as the
tie-break of rule 3): tune 0.334 and 0.675, held-out 0.377 and 0.709; the tie-break alone, on that
selection (``summarize-eval``'s ``order_tau``): tune 0.637 -> 0.669, held-out 0.685 -> 0.723. Tried on tune and not kept (measured on the selection of the
time, when this order scored 0.642): relative instead of absolute positions in rule 3 (0.616),
positions alone without the vote (0.616), the order that agrees with the most precedences (exact,
by dynamic programming over subsets, instead of greedy: 0.632), rule 3 only between report leads
and other sentences (0.576). Later, never opening the summary with a sentence that points back
("Trước đó, ...", "Đây là ...", "Thông tin này ...", "Ngoài ra, ..."; 4 tune summaries opened with
"Trước đó") while another sentence could open it: tune order 0.659 -> 0.650, ROUGE-L -0.15
(held-out 0.730 -> 0.722): the human summaries open with such sentences as often. Not kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .dedup import DedupResult
from .salience import opens_with_time


def positions_by_report(dedup: DedupResult, groups: Sequence[int]) -> list[dict[int, int]]:
    """For each group in ``groups``: report -> the group's earliest sentence index there."""
    out: list[dict[int, int]] = []
    for g in groups:
        where: dict[int, int] = {}
        for m in dedup.groups[g].members:
            s = dedup.sentences[m]
            where[s.report] = min(where.get(s.report, s.index), s.index)
        out.append(where)
    return out


def precedes(a: dict[int, int], b: dict[int, int], narrative_a: int, narrative_b: int,
             timed_a: bool = False, timed_b: bool = False,
             minute_a: tuple[int, int] | None = None, minute_b: tuple[int, int] | None = None) -> bool:
    """Whether the sentence at positions ``a`` (report -> index) goes before the one at ``b``
    (see the module docstring): the reports' vote, then the match minutes (``minute_*``) when
    both name one; on equal positions a sentence that opens with its time (``timed_*``) goes
    first, and ``narrative_*`` break the last tie."""
    votes = sum((b[r] > a[r]) - (b[r] < a[r]) for r in a.keys() & b.keys())
    if votes:
        return votes > 0
    if minute_a is not None and minute_b is not None and minute_a != minute_b:
        return minute_a < minute_b
    return (min(a.values()), not timed_a, narrative_a) < (min(b.values()), not timed_b, narrative_b)


_MATCH_MINUTE = re.compile(
    r"(?<!\w)(?<!\d )phút\s+(\d{1,3})(?:\s*\+\s*(\d{1,2}))?(?!\w)(?!\s*giây)", re.IGNORECASE
)


def match_minutes(text: str) -> frozenset[tuple[int, int]]:
    """Every match minute ``text`` names (see :func:`match_minute`)."""
    return frozenset((int(m.group(1)), int(m.group(2) or 0)) for m in _MATCH_MINUTE.finditer(text))


def match_minute(text: str) -> tuple[int, int] | None:
    """The first match minute ``text`` names ("Phút 31, ...", "ở phút 90+3": (90, 3)), or None.
    A duration puts the number first ("sau 30 phút", "2 giờ 32 phút 15 giây") and is none."""
    found = _MATCH_MINUTE.search(text)
    return None if found is None else (int(found.group(1)), int(found.group(2) or 0))


def summary_order(dedup: DedupResult, chosen: Sequence[int]) -> list[int]:
    """``chosen`` (indices into ``dedup.groups``) in summary order (see the module docstring)."""
    narrative = sorted(dict.fromkeys(chosen))
    if len(narrative) < 2:
        return narrative
    where = positions_by_report(dedup, narrative)
    timed = [opens_with_time(dedup.groups[g].text) for g in narrative]
    minutes = [match_minute(dedup.groups[g].text) for g in narrative]
    n = len(narrative)
    before = np.array(
        [[i != j and precedes(where[i], where[j], narrative[i], narrative[j], timed[i], timed[j], minutes[i],
                              minutes[j]) for j in range(n)]
         for i in range(n)],
        dtype=np.int64,
    )
    margin = before - before.T  # +1 where i precedes j, -1 where j precedes i
    net = margin.sum(axis=1)  # over the sentences still to place
    placed = np.zeros(n, dtype=bool)
    order: list[int] = []
    for _ in range(n):
        pick = int(np.argmax(np.where(placed, np.iinfo(np.int64).min, net)))  # ties: the earliest
        order.append(narrative[pick])
        placed[pick] = True
        net -= margin[:, pick]
    return order
