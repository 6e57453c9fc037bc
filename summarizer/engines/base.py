"""What an engine returns to the pipeline."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from ..cluster import PreparedCluster
from ..errors import BadOptionError
from ..options import SummarizeOptions
from ..result import LengthInfo, PackingInfo, SummarySentence, TitleCandidate


@dataclass(frozen=True)
class EngineOutput:
    sentences: tuple[SummarySentence, ...]
    title: str
    title_origin: str  # result.ORIGIN_SOURCE, ORIGIN_MODEL or ORIGIN_SUMMARY
    title_candidates: tuple[TitleCandidate, ...]
    backend: str | None = None
    precision: str | None = None
    model: str | None = None
    model_path: str | None = None
    packing: PackingInfo | None = None
    generation: dict[str, Any] | None = None
    length: LengthInfo | None = None
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)  # engine-internal stages, seconds


class Engine(Protocol):
    name: str  # "extractive" or "vit5"

    def summarize(self, cluster: PreparedCluster, options: SummarizeOptions) -> EngineOutput: ...


@dataclass(frozen=True)
class GenerateRequest:
    """One generate call's settings, backend-neutral (same meaning on every backend)."""

    num_beams: int
    max_new_tokens: int
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0
    num_return_sequences: int = 1

    def __post_init__(self) -> None:
        if self.num_return_sequences > self.num_beams:
            raise BadOptionError(
                f"num_return_sequences ({self.num_return_sequences}) must not exceed num_beams ({self.num_beams})"
            )


class Seq2SeqBackend(Protocol):
    """A loaded seq2seq model behind one API (torch reference; ONNX Runtime and CTranslate2 fast paths)."""

    name: str  # "torch", "ctranslate2", "onnxruntime" or "native"
    precision: str  # "float32", "int8", ...
    device: str  # "cpu" or "cuda"
    last_generated: tuple[int, ...]  # new tokens (EOS included) of each sequence of the last generate call
    # whether the model ended each sequence of the last call (EOS), rather than max_new_tokens cutting it
    # (optional: where a backend lacks it, a sequence of max_new_tokens tokens counts as cut)
    last_finished: tuple[bool, ...]

    def count_tokens(self, text: str) -> int:
        """Tokens the model's tokenizer makes of ``text``, EOS included."""
        ...

    def generate(self, inputs: list[str], request: GenerateRequest) -> list[list[str]]:
        """For each input, ``request.num_return_sequences`` decoded texts (special tokens
        stripped), best first. Inputs must already fit the model's input budget."""
        ...


class FastBackend:
    """What the backends that run the checkpoint's tokenizer themselves (ONNX Runtime,
    CTranslate2) share: their common state, counting tokens, decoding what ``generate_ids``
    returns exactly as the torch backend decodes, and the ``info`` record. Subclasses call
    ``__init__`` and define ``generate_ids``."""

    name: str

    def __init__(self, *, tokenizer: Any, model_dir: Any, converted: Any, precision: str, device: str,
                 threads: int, load_seconds: float) -> None:
        self._tokenizer = tokenizer  # a tokenizer.Tokenizer
        self.model_dir = model_dir
        self.converted = converted  # the model_cache.ConvertedModel it runs
        self.precision = precision
        self.device = device
        self.threads = threads
        self.load_seconds = load_seconds  # build or conversion (if any) + loading, for reports and benchmarks
        self.last_generated: tuple[int, ...] = ()  # new tokens (EOS included) of each sequence of the last call
        self.last_finished: tuple[bool, ...] = ()  # whether the model ended each (EOS) of the last call

    def count_tokens(self, text: str) -> int:
        """Tokens the model's tokenizer makes of ``text``, EOS included."""
        return len(self._tokenizer.encode(text))

    def generate(self, inputs: list[str], request: GenerateRequest) -> list[list[str]]:
        ids = self.generate_ids(inputs, request)  # type: ignore[attr-defined]
        return [self._tokenizer.decode_batch(hypotheses) for hypotheses in ids]

    def info(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "precision": self.precision,
            "device": self.device,
            "threads": self.threads,
            "converted_path": str(self.converted.path),
            "converted_now": self.converted.converted,
            "source_key": self.converted.key,
            "load_s": self.load_seconds,
        }


T = TypeVar("T")


class LoadedOnce(Generic[T]):
    """Models loaded in this process, by key: each key is loaded once and reused. Loading holds
    the lock, so concurrent callers of one key wait for the first instead of loading twice."""

    def __init__(self) -> None:
        self._loaded: dict[Hashable, T] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = load()
            return self._loaded[key]

    def clear(self) -> None:
        """Forget everything loaded (tests and benchmarks, between configurations)."""
        with self._lock:
            self._loaded.clear()


@contextlib.contextmanager
def quiet_transformers(log: logging.Logger) -> Iterator[None]:
    """While transformers loads a model: no progress bars on the user's stderr, and no loading
    notices unless ``log`` is at DEBUG (``--verbose``). For a ViT5-large-like checkpoint
    transformers 5 says the config asks to tie the LM head to the embedding (its config.json
    says false) and that it will not, which is right and nothing a user can act on."""
    from transformers.utils import logging as hf_logging

    bars = hf_logging.is_progress_bar_enabled()
    verbosity = hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    if not log.isEnabledFor(logging.DEBUG):
        hf_logging.set_verbosity_error()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()
