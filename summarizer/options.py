"""Every tunable of the pipeline, in one place.

Each stage takes its own frozen options dataclass; :class:`SummarizeOptions` bundles them.
Defaults live here and nowhere else: the CLI, the batch runner and the library API all build
their options from these classes.
"""

from __future__ import annotations

import math
import numbers
import os
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .errors import BadOptionError, shown

ENGINES = ("auto", "extractive", "vit5")
BACKENDS = ("auto", "torch", "ctranslate2", "onnxruntime", "native")
PRECISIONS = ("auto", "float32", "int8", "int8_float32", "bfloat16")
DEVICES = ("auto", "cpu", "cuda")
STRATEGIES = ("pack", "map-reduce")
FORMATS = ("text", "markdown", "json")
# The format an output file's suffix asks for when --format is not given (others: text).
FORMAT_OF_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown"}
DEFAULT_FORMAT = "text"


# What a value of each declared field type must be, as the error message says it.
_TYPE_WORDS: dict[Any, str] = {int: "an integer", float: "a number", bool: "True or False", str: "a string"}
# The most CPU threads ``ModelOptions.threads`` takes (--threads): the hardware threads of a
# 128-core server with two threads a core. Far past a machine's cores a run slows down (256
# threads on 2 cores took the tiny test model 27 s instead of 2 s), then stalls (4,096 threads:
# over 100 s) or takes the process down (100,000: torch and CTranslate2 segfault); a count from a
# config file, an environment variable or a typo over this is refused up front.
MAX_THREADS = 256
# The most worker processes summarize-batch starts: more are no use on one machine (each loads its
# own engine and opens its own files), and a huge value overflowed the process pool's semaphore.
MAX_WORKERS = 1024
# The longest MinHash signature DedupOptions.num_perm takes: each sentence holds num_perm 64-bit
# values (4,096: 32 KB a sentence, 320 MB for 10,000 sentences); past it an array too large
# for memory failed deep inside the deduplicator.
MAX_NUM_PERM = 4096
# The longest shingle DedupOptions.shingle_size takes, in syllables: a longer one than nearly every
# sentence leaves sentences nothing to compare but their whole text.
MAX_SHINGLE_SIZE = 64
# The largest model input budget ModelOptions.max_input_tokens (--max-input-tokens) takes: 64
# times ViT5's 1,024. A budget over the checkpoint's own limit runs with a warning; one past this
# is a typo, and would hand a whole archive to one forward pass.
MAX_INPUT_TOKENS_LIMIT = 65_536
# The summary pass's fewest new tokens when none is given (GenerationOptions.min_new_tokens None),
# so summaries are not one-liners; lowered to max_new_tokens when that is less.
DEFAULT_MIN_NEW_TOKENS = 64


_FIELD_TYPES: dict[type, dict[str, Any]] = {}  # options class -> its fields' declared types


def _field_types(cls: type) -> dict[str, Any]:
    """The declared types of ``cls``'s fields (the annotations are strings here), evaluated once."""
    if cls not in _FIELD_TYPES:
        _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    return _FIELD_TYPES[cls]


def _conform(kind: Any, value: Any) -> tuple[bool, Any]:
    """Whether ``value`` is of the declared type ``kind`` (``int``, ``float``, ``bool``, ``str``,
    an options dataclass, or a union of them with None), and the value to keep: an integer or a
    real number of another class (numpy's) as a plain ``int`` / ``float``, so that no backend meets
    a type its C side refuses. A bool is no number here, and a float no integer: ``num_beams=1.5``
    would otherwise fail deep inside a backend."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        for member in typing.get_args(kind):
            ok, kept = _conform(member, value)
            if ok:
                return True, kept
        return False, value
    if kind is type(None):
        return value is None, value
    if kind is bool:
        return isinstance(value, bool), value
    if kind in (int, float):
        number = numbers.Integral if kind is int else numbers.Real
        if isinstance(value, bool) or not isinstance(value, number):
            return False, value
        try:
            return True, kind(value)
        except OverflowError:  # an integer too large for a float (10**400): no real number the options take
            return False, value
    return isinstance(value, kind), value


def _type_words(kind: Any) -> str:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return " or ".join("None" if k is type(None) else _type_words(k) for k in typing.get_args(kind))
    return _TYPE_WORDS.get(kind, f"a {getattr(kind, '__name__', kind)}")


def _check_fields(options: Any, label: str = "") -> None:
    """Refuse a field of the options dataclass ``options`` whose value is not of its declared type
    (``label`` goes before the field's name in the message, e.g. "headline "), and a float field
    that is not finite; numbers are kept as plain ``int`` / ``float``. Every options class calls
    this first, so no field is left unchecked and range checks can rely on the type."""
    for f in fields(options):
        kind = _field_types(type(options))[f.name]
        value = getattr(options, f.name)
        ok, kept = _conform(kind, value)
        if not ok:
            raise BadOptionError(f"invalid {label}{f.name} {shown(value)}; it must be {_type_words(kind)}")
        if isinstance(kept, float):
            _finite(f"{label}{f.name}", kept)
        if kept is not value:
            object.__setattr__(options, f.name, kept)


def _choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BadOptionError(f"invalid {name} {shown(value)}; choose one of: {', '.join(choices)}")


def _finite(name: str, value: float) -> None:
    # an int is always finite, and math.isfinite would turn one too large for a float (10**400) into
    # an OverflowError
    if not isinstance(value, int) and not math.isfinite(value):
        raise BadOptionError(f"invalid {name} {shown(value)}; it must be a finite number")


def _positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    _finite(name, value)
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise BadOptionError(f"invalid {name} {shown(value)}; it must be {bound}")


def _at_most(name: str, value: float, high: float) -> None:
    if value > high:
        raise BadOptionError(f"invalid {name} {shown(value)}; it must be at most {shown(high)}")


def _int_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise BadOptionError(f"invalid {name} {shown(value)}; it must be in [{low}, {high}]")


def _fraction(name: str, value: float) -> None:
    if not 0.0 < value <= 1.0:
        raise BadOptionError(f"invalid {name} {shown(value)}; it must be in (0, 1]")


@dataclass(frozen=True)
class DedupOptions:
    shingle_size: int = 3  # syllables per shingle (w-shingling over normalized syllables)
    num_perm: int = 128  # MinHash signature length
    bands: int = 64  # LSH bands; rows per band = num_perm // bands (64: 98% recall of cross-report near-duplicates on ViMs)
    similarity_threshold: float = 0.5  # exact Jaccard of shingle sets at or above which two sentences match
    containment_threshold: float = 0.8  # share of the shorter sentence's shingles inside the longer one
    min_shingles: int = 2  # sentences with fewer shingles are compared by exact normalized text only
    # seed of the MinHash permutations (results are deterministic for a seed): any integer >= 0,
    # what numpy's default_rng takes (dedup.minhash_signatures)
    seed: int = 1
    match_numbers: bool = True  # a version joins a group only if its numbers all appear in the group's anchor

    def __post_init__(self) -> None:
        _check_fields(self)
        _int_range("shingle_size", self.shingle_size, 1, MAX_SHINGLE_SIZE)
        _int_range("num_perm", self.num_perm, 1, MAX_NUM_PERM)
        _int_range("bands", self.bands, 1, self.num_perm)
        if self.num_perm % self.bands:
            raise BadOptionError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")
        _fraction("similarity_threshold", self.similarity_threshold)
        _fraction("containment_threshold", self.containment_threshold)
        _positive("min_shingles", self.min_shingles)
        _positive("seed", self.seed, allow_zero=True)


@dataclass(frozen=True)
class ExtractiveOptions:
    # Summary length budget in syllables (whitespace-separated tokens holding a letter or digit); 250 is about the mean
    # length of the ViMs human summaries on the tuning split (244) and scored best there.
    max_words: int = 250
    mmr_lambda: float = 0.7  # MMR trade-off: 1.0 = salience only, 0.0 = novelty only
    # A cluster of at most this many reports always gets its most salient report-opening
    # sentence (the news lead) in the summary; 0 turns it off. Cross-report support says little
    # with few reports; on ViMs tune clusters cut to 2/3/4 reports this gained ROUGE-2, on the
    # whole clusters (5-10 reports) it lost (see engines/extractive.py).
    lead_pin_max_reports: int = 4
    # A summary is at most this share of the deduplicated reports' syllables, so a few short
    # reports are not handed back almost whole. ViMs human summaries hold a median 0.11 and a
    # 95th percentile 0.25 of theirs (max 0.39). At 0.3, 10 of the 300 ViMs summaries get a
    # smaller budget; ROUGE-2 tune -0.07 (standard error 0.05), held-out +0.08 (0.13).
    max_share: float = 0.3
    min_words: int = 80  # the share never takes the budget below this many syllables

    def __post_init__(self) -> None:
        _check_fields(self)
        _positive("max_words", self.max_words)
        _positive("lead_pin_max_reports", self.lead_pin_max_reports, allow_zero=True)
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise BadOptionError(f"invalid mmr_lambda {shown(self.mmr_lambda)}; it must be in [0, 1]")
        _fraction("max_share", self.max_share)
        _positive("min_words", self.min_words)

    def budget(self, input_words: int) -> tuple[int, str]:
        """The summary budget in syllables for an input of ``input_words`` deduplicated
        syllables, and which option set it: ``max_words``, ``max_share`` or ``min_words``
        (``min_words`` never raises the budget above ``max_words``)."""
        shared = math.floor(self.max_share * input_words)
        if shared >= self.max_words:
            return self.max_words, "max_words"
        if shared >= self.min_words:
            return shared, "max_share"
        return min(self.min_words, self.max_words), ("min_words" if self.min_words < self.max_words else "max_words")


# Upper bounds of the generation settings. A beam's score is its log-probability over its
# length to the power length_penalty: 256 tokens to the power 16 overflows single precision (the
# ONNX and native searches score in it), and usual values are 0.6-2. More new tokens than this
# is no summary (ViT5 was trained to write at most 256) and would run until memory ends.
MAX_LENGTH_PENALTY = 10.0
MAX_NEW_TOKENS_LIMIT = 2048
# Beams kept at each step: the memory of a search grows with them (ViT5-base with 128 beams peaked
# at 6.6 GB for 5 new tokens on torch; 100,000 had the process killed with no error), and the
# usual widths are 1-8.
MAX_NUM_BEAMS = 64
# A repeated n-gram longer than any output cannot be (CTranslate2 hung on 2**63 and failed on 2**64).
MAX_NO_REPEAT_NGRAM_SIZE = MAX_NEW_TOKENS_LIMIT


@dataclass(frozen=True)
class GenerationOptions:
    num_beams: int = 4  # beam search width for the summary pass
    max_new_tokens: int = 256  # upper bound of generated summary tokens
    # lower bound, so summaries are not one-liners; None = DEFAULT_MIN_NEW_TOKENS, lowered to
    # max_new_tokens when that is less (a minimum given above max_new_tokens is an error)
    min_new_tokens: int | None = None
    no_repeat_ngram_size: int = 3  # forbid repeating any n-gram of this size
    # beam score length exponent, >= 0 (>1 favours longer outputs, <1 shorter; a negative one
    # would reward the shortest output and the backends' searches end it differently)
    length_penalty: float = 1.0
    # min_new_tokens is lowered to this share of the model input's tokens, so a short input is
    # not padded out to a summary as long as itself (as ExtractiveOptions.max_share)
    min_new_share: float = 0.3

    @property
    def effective_min_new_tokens(self) -> int:
        """``min_new_tokens``, or when it is None the default minimum, no more than ``max_new_tokens``:
        ``with_changes(generation__max_new_tokens=32)`` alone gives way to the default minimum
        rather than refuse it (as ``--max-new-tokens 32`` does)."""
        if self.min_new_tokens is not None:
            return self.min_new_tokens
        return min(DEFAULT_MIN_NEW_TOKENS, self.max_new_tokens)

    def min_tokens(self, input_tokens: int) -> int:
        """The fewest new tokens for a model input of ``input_tokens`` tokens:
        ``effective_min_new_tokens`` lowered to ``min_new_share`` of the input."""
        return min(self.effective_min_new_tokens, math.floor(self.min_new_share * input_tokens))

    def __post_init__(self) -> None:
        _check_fields(self)
        _fraction("min_new_share", self.min_new_share)
        _positive("num_beams", self.num_beams)
        _int_range("num_beams", self.num_beams, 1, MAX_NUM_BEAMS)
        _int_range("max_new_tokens", self.max_new_tokens, 1, MAX_NEW_TOKENS_LIMIT)
        if self.min_new_tokens is not None:
            _positive("min_new_tokens", self.min_new_tokens, allow_zero=True)
            if self.min_new_tokens > self.max_new_tokens:
                raise BadOptionError(f"min_new_tokens ({self.min_new_tokens}) must not exceed max_new_tokens "
                                     f"({self.max_new_tokens})")
        _int_range("no_repeat_ngram_size", self.no_repeat_ngram_size, 0, MAX_NO_REPEAT_NGRAM_SIZE)
        _positive("length_penalty", self.length_penalty, allow_zero=True)
        _at_most("length_penalty", self.length_penalty, MAX_LENGTH_PENALTY)


@dataclass(frozen=True)
class HeadlineOptions:
    num_candidates: int = 4  # model candidates returned by the headline pass
    num_beams: int = 4  # beam width of the headline pass (>= num_candidates)
    max_new_tokens: int = 24  # headline token limit
    length_penalty: float = 0.6  # >= 0; < 1 favours short candidates
    min_syllables: int = 5  # shortest acceptable headline
    max_syllables: int = 16  # longest acceptable headline

    def __post_init__(self) -> None:
        _check_fields(self, "headline ")
        _positive("headline num_candidates", self.num_candidates)
        _positive("headline max_new_tokens", self.max_new_tokens)
        if self.num_beams < self.num_candidates:
            raise BadOptionError("headline num_beams must be >= num_candidates")
        _int_range("headline num_beams", self.num_beams, 1, MAX_NUM_BEAMS)
        _positive("headline length_penalty", self.length_penalty, allow_zero=True)
        _at_most("headline length_penalty", self.length_penalty, MAX_LENGTH_PENALTY)
        _int_range("headline max_new_tokens", self.max_new_tokens, 1, MAX_NEW_TOKENS_LIMIT)
        _positive("headline min_syllables", self.min_syllables)
        _positive("headline max_syllables", self.max_syllables)
        if self.min_syllables > self.max_syllables:
            raise BadOptionError("headline min_syllables must not exceed max_syllables")


@dataclass(frozen=True)
class ModelOptions:
    # local folder (a str or os.PathLike, kept as str) or Hugging Face id; None = the default checkpoint
    model: str | None = None
    backend: str = "auto"  # inference backend: auto picks the fastest installed one
    precision: str = "auto"  # weight precision; auto = the backend's default on the device
    device: str = "auto"  # auto = CUDA when available, else CPU
    threads: int | None = None  # CPU threads for inference, 1 to MAX_THREADS; None = all cores
    allow_pickle: bool = False  # accept pickle (.bin) weights; off because unpickling runs code
    strategy: str = "pack"  # how over-long clusters reach the model: pack or map-reduce
    max_input_tokens: int | None = None  # input budget; None = the checkpoint's own limit

    def __post_init__(self) -> None:
        if isinstance(self.model, os.PathLike):  # a pathlib.Path is as natural as its text
            object.__setattr__(self, "model", os.fspath(self.model))
        _check_fields(self)
        if self.model is not None and not self.model.strip():
            raise BadOptionError("empty model name: give a model folder or Hugging Face id, or none for the default")
        _choice("backend", self.backend, BACKENDS)
        _choice("precision", self.precision, PRECISIONS)
        _choice("device", self.device, DEVICES)
        _choice("strategy", self.strategy, STRATEGIES)
        if self.threads is not None:
            _int_range("threads", self.threads, 1, MAX_THREADS)
        if self.max_input_tokens is not None:
            _int_range("max_input_tokens", self.max_input_tokens, 1, MAX_INPUT_TOKENS_LIMIT)


@dataclass(frozen=True)
class SummarizeOptions:
    engine: str = "auto"  # auto = vit5 when a model resolves, else extractive
    recursive: bool = False  # also read reports in sub-folders
    # leave out reports that share little with the others (coherence.py), listed as skipped; off
    # (--keep-off-topic): keep them in the summary, with the warning
    drop_off_topic: bool = True
    # correct a name misspelt once against its far more frequent look-alike across the reports
    # (normalize.find_name_typos); off: every name stays as the reports spell it
    fix_name_typos: bool = True
    # at most this many summary sentences (both engines; ViT5's output is cut after them, with a
    # warning); None = as many as the length budget holds
    max_sentences: int | None = None
    dedup: DedupOptions = field(default_factory=DedupOptions)  # cross-report deduplication
    extractive: ExtractiveOptions = field(default_factory=ExtractiveOptions)  # extractive engine
    model: ModelOptions = field(default_factory=ModelOptions)  # model resolution and backend
    generation: GenerationOptions = field(default_factory=GenerationOptions)  # summary pass
    headline: HeadlineOptions = field(default_factory=HeadlineOptions)  # headline pass

    def __post_init__(self) -> None:
        _check_fields(self)
        _choice("engine", self.engine, ENGINES)
        if self.max_sentences is not None:
            _positive("max_sentences", self.max_sentences)

    @property
    def max_words(self) -> int:
        return self.extractive.max_words

    def with_changes(self, **changes: Any) -> "SummarizeOptions":
        """Copy with top-level fields replaced; nested keys use ``section__field`` names. A whole
        section given (``extractive=ExtractiveOptions(...)``) is taken first and the section's
        nested keys (``extractive__max_share=...``) are changed on top of it, whatever the order
        of the keyword arguments."""
        top: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        names = {f.name for f in fields(self)}
        for key, value in changes.items():
            if "__" in key:
                section, name = key.split("__", 1)
                if section not in names or not is_dataclass(getattr(self, section)):
                    sections = sorted(n for n in names if is_dataclass(getattr(self, n)))
                    raise BadOptionError(f"unknown option section {shown(section)}; choose one of: {', '.join(sections)}")
                nested.setdefault(section, {})[name] = value
            elif key in names:
                top[key] = value
            else:
                raise BadOptionError(f"unknown option {shown(key)}; choose one of: {', '.join(sorted(names))}")
        for section, values in nested.items():
            current = getattr(self, section)
            if section in top:  # the whole section given as well: its nested keys change that one
                kind = type(current)
                if not isinstance(top[section], kind):
                    raise BadOptionError(f"invalid {section} {shown(top[section])}; it must be a {kind.__name__}")
                current = top[section]
            known = {f.name for f in fields(current)}
            unknown = sorted(set(values) - known)
            if unknown:
                raise BadOptionError(f"unknown option {section}__{unknown[0]}; {section} has: {', '.join(sorted(known))}")
            top[section] = replace(current, **values)
        return replace(self, **top)


DEFAULT_OPTIONS = SummarizeOptions()


def options_or_default(options: SummarizeOptions | None) -> SummarizeOptions:
    """``options``, or the defaults for None (the library's entry points take None as "no
    changes"); anything else is refused in one line rather than failing later on a missing field."""
    if options is None:
        return DEFAULT_OPTIONS
    if not isinstance(options, SummarizeOptions):
        raise BadOptionError(f"options must be a SummarizeOptions (or None for the defaults), not "
                             f"{type(options).__name__}")
    return options
