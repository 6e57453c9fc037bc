"""Deduplicate sentences across reports with MinHash/LSH, verified by exact similarity.

OWNER: helper "dedup" implements deduplicate. The dataclasses below are the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from .result import DedupStats
from .sentences import Sentence


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # indices into DedupResult.sentences, ascending
    representative: int  # the member chosen as the group's text
    text: str  # representative text (after name-typo corrections when given)


@dataclass(frozen=True)
class DedupResult:
    sentences: tuple[Sentence, ...]  # the input, unchanged
    groups: tuple[Group, ...]  # in narrative order; every input sentence is in exactly one
    stats: DedupStats
