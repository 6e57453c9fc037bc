"""Split sentences of Vietnamese news text and keep where each came from.

OWNER: helper "ingest" implements split_sentences.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as in the source (NFC, single spaces)
    file: str  # report file, relative to the folder
    index: int  # 0-based sentence index inside that report's body
    report: int  # 0-based index of the report in load order


def split_sentences(text: str) -> list[str]:
    raise NotImplementedError("ingest helper implements this")
