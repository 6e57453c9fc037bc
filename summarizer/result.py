"""Typed results and their JSON contract.

The JSON form (``SummaryResult.to_dict``) is a documented, stable contract: every key is always
present, ``None`` (JSON null) where it does not apply. See README, "JSON schema".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# A log record with this attribute set (``log.warning(..., extra={IN_WARNINGS: True})``) holds a
# notice that is also in the result's ``warnings``; a command that prints those warnings leaves
# the record off stderr (cli_common.warnings_printed_after), so it is said once.
IN_WARNINGS = "in_result_warnings"


@dataclass(frozen=True)
class SourceRef:
    file: str  # path relative to the input folder, POSIX separators
    index: int  # 0-based sentence index inside that file's body
    # the report's sentence tells part of the summary sentence only (a shorter copy merged into
    # it: "... đến hiện trường." of "... đến hiện trường, sau 3 giờ mới khống chế được đám cháy.")
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "index": self.index, **({"partial": True} if self.partial else {})}


@dataclass(frozen=True)
class SummarySentence:
    text: str  # the sentence as output
    sources: tuple[SourceRef, ...]  # input sentences it comes from (or most resembles)
    aligned: bool = False  # True when sources were found by similarity (abstractive output)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": [s.to_dict() for s in self.sources],
            "aligned": self.aligned,
        }


@dataclass(frozen=True)
class SourceFile:
    file: str  # path relative to the input folder
    encoding: str  # detected encoding, e.g. "utf-8", "utf-8-sig", "utf-16", "cp1258"
    title: str | None  # the report's own title, when one was found
    credits: tuple[str, ...] = ()  # stripped source credits and captions
    sentences: int = 0  # body sentences found

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "encoding": self.encoding,
            "title": self.title,
            "credits": list(self.credits),
            "sentences": self.sentences,
        }


@dataclass(frozen=True)
class DedupStats:
    reports: int  # reports with body sentences (a title-only report has none; ``sources`` lists every report read)
    sentences_in: int  # body sentences over all reports
    groups: int  # distinct sentences after merging
    sentences_merged: int  # sentences_in - groups
    words_before: int  # syllables over all input sentences
    words_after: int  # syllables of the merged document (one representative per group)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class LeftOut:
    file: str
    index: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "index": self.index, "text": self.text}


@dataclass(frozen=True)
class PartialLeftOut:
    """A map-reduce partial summary sentence that no later input holds (longer than the input
    budget, or more than the final input holds)."""

    round: int  # the reduce round that wrote it (1: the summaries of the first chunks)
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "text": self.text}


@dataclass(frozen=True)
class PackingInfo:
    strategy: str  # "pack" or "map-reduce"
    token_budget: int  # input tokens the model accepts (prefix and EOS included)
    tokens_packed: int  # tokens of the text actually given to the model
    # merged sentences given to the model; map-reduce: those whose content reached the final
    # input (a partial summary of their chunk is in it)
    sentences_packed: int
    # the other merged sentences: did not fit (map-reduce: longer than the budget, or every
    # partial summary sentence of their chunk was left out on the way)
    sentences_left_out: tuple[LeftOut, ...]
    input: str  # the exact text given to the model (for map-reduce: the final reduce input)
    chunks: int = 1  # number of model inputs (map-reduce > 1)
    rounds: int = 0  # map-reduce: rounds of partial summaries written (0 for pack)
    partial_sentences_left_out: tuple[PartialLeftOut, ...] = ()  # map-reduce: partial summary sentences lost

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "token_budget": self.token_budget,
            "tokens_packed": self.tokens_packed,
            "sentences_packed": self.sentences_packed,
            "sentences_left_out": [s.to_dict() for s in self.sentences_left_out],
            "input": self.input,
            "chunks": self.chunks,
            "rounds": self.rounds,
            "partial_sentences_left_out": [p.to_dict() for p in self.partial_sentences_left_out],
        }


@dataclass(frozen=True)
class LengthInfo:
    """How long the summary was allowed to be, and what set that length."""

    unit: str  # "syllables" (extractive) or "tokens" (vit5)
    input: int  # the deduplicated input's length (extractive) / the model input's tokens (vit5)
    budget: int  # most summary syllables / new tokens allowed
    minimum: int  # fewest (vit5: effective_min_new_tokens after the min_new_share cap; extractive: 0)
    # extractive: the option that set the budget (max_words, max_share, min_words); vit5: what ended the
    # summary, max_new_tokens (the limit cut it) or end_of_sequence (the model ended it)
    limited_by: str
    max_sentences: int | None = None  # the sentence cap asked for (--max-sentences), None for none

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "input": self.input, "budget": self.budget, "minimum": self.minimum,
                "limited_by": self.limited_by, "max_sentences": self.max_sentences}


# Where a headline came from (``title_origin``, ``TitleCandidate.origin``).
ORIGIN_SOURCE = "source"  # one of the reports' own titles
ORIGIN_MODEL = "model"  # the model's headline pass
ORIGIN_SUMMARY = "summary"  # the summary's first words: no title and no model candidate to choose from


@dataclass(frozen=True)
class TitleCandidate:
    text: str
    origin: str  # ORIGIN_SOURCE, ORIGIN_MODEL or ORIGIN_SUMMARY
    score: float
    file: str | None = None  # for source titles: the report it came from

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "origin": self.origin, "score": round(self.score, 6), "file": self.file}


@dataclass(frozen=True)
class SummaryResult:
    title: str
    sentences: tuple[SummarySentence, ...]
    engine: str  # "extractive" or "vit5"
    backend: str | None  # "native" / "onnxruntime" / "ctranslate2" / "torch"; None for extractive
    precision: str | None  # weight precision that ran; None for extractive
    model: str | None  # the id or path asked for
    model_path: str | None  # the resolved folder
    sources: tuple[SourceFile, ...]
    dedup: DedupStats
    packing: PackingInfo | None
    title_origin: str  # ORIGIN_SOURCE, ORIGIN_MODEL or ORIGIN_SUMMARY
    title_candidates: tuple[TitleCandidate, ...]
    generation: dict[str, Any] | None  # generation settings used (summary and headline passes)
    length: LengthInfo | None  # the summary's length budget and what set it
    warnings: tuple[str, ...]
    timings: dict[str, float]  # seconds per stage
    skipped: tuple[dict[str, str], ...] = field(default=())  # files not read, with the reason

    @property
    def summary(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "summary": self.summary,
            "sentences": [s.to_dict() for s in self.sentences],
            "engine": self.engine,
            "backend": self.backend,
            "precision": self.precision,
            "model": self.model,
            "model_path": self.model_path,
            "sources": [s.to_dict() for s in self.sources],
            "skipped": [dict(s) for s in self.skipped],
            "dedup": self.dedup.to_dict(),
            "packing": self.packing.to_dict() if self.packing else None,
            "title_origin": self.title_origin,
            "title_candidates": [c.to_dict() for c in self.title_candidates],
            "generation": self.generation,
            "length": self.length.to_dict() if self.length else None,
            "warnings": list(self.warnings),
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON contract; a report file name that is not UTF-8 is written with visible
        ``\\xNN`` escapes, as ``summarize-batch`` writes it (``normalize.representable_value``)."""
        from .normalize import representable_value

        return json.dumps(representable_value(self.to_dict()), ensure_ascii=False, indent=indent)


# Keys of the JSON contract, in order; tests check every result against this.
JSON_KEYS = (
    "title", "summary", "sentences", "engine", "backend", "precision", "model", "model_path",
    "sources", "skipped", "dedup", "packing", "title_origin", "title_candidates", "generation",
    "length", "warnings", "timings",
)
