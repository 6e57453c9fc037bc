"""The abstractive engine: ViT5 (any T5 seq2seq checkpoint) writes the summary, then the headline.

Per cluster:

1. **Pack** the merged, deduplicated sentences into the checkpoint's input budget, counted with
   the model's own tokenizer (``packing.pack``: most salient first, narrative order, never a
   truncated sentence), or with ``--strategy map-reduce`` summarize consecutive chunks that fit
   and then summarize the joined partial summaries. The checkpoint's prefix (``vietnews: `` for
   the large vietnews model) goes in front; the tokenizer adds EOS.
2. **Generate** with the summary settings (``GenerationOptions``).
3. **Post-process**: strip special tokens and spaces before punctuation, split into sentences,
   drop exact repeats.
4. **Align** every generated sentence with the merged sentences it most resembles (unigram and
   bigram F1 over match-key syllables); their source sentences become its ``sources``
   (``aligned: true``). A sentence resembling none (``ALIGN_MIN_SCORE``) cites none, and a
   warning counts such sentences.
5. **Headline**: a second generate call over the summary, scored against the reports' own titles
   (``headline.py``).
6. **Faithfulness**: numbers, dates and names of the output that no report contains become
   warnings (``faithfulness.py``).

Backends come from a small table (``BACKEND_CLASSES``); ``auto`` is decided by
:func:`pick_backend`. Loaded engines are cached per process.
"""

from __future__ import annotations

import importlib
import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from .. import faithfulness, headline, packing, quotes
from ..cluster import PreparedCluster
from ..errors import BadOptionError, GenerationError, NativeBuildError, shown
from ..models import SUPPORTED_MODEL_TYPES, ResolvedModel, resolve_model
from ..normalize import ENDS_WITH_FINAL_MARK, match_key, syllables
from ..options import ModelOptions, SummarizeOptions
from ..result import (
    IN_WARNINGS, ORIGIN_MODEL, LeftOut, LengthInfo, PackingInfo, PartialLeftOut, SourceRef, SummarySentence,
)
from ..sentences import split_sentences
from .base import EngineOutput, GenerateRequest, LoadedOnce, Seq2SeqBackend

log = logging.getLogger("summarizer.engines.vit5")

ENGINE_NAME = "vit5"
# Map-reduce: a partial summary is generated at most this share of the tokens the next round's
# input has room for. Its text encodes again into more tokens than were generated (a tester's
# 256 generated tokens were 305 again): at the whole room, no partial summary fitted.
PARTIAL_ROOM_SHARE = 0.8
# Alignment: at most this many merged sentences per generated sentence, and only those scoring
# at least this share of the best match.
ALIGN_MAX_GROUPS = 2
ALIGN_RELATIVE_MIN = 0.6
# A generated sentence whose best match scores under this resembles no source sentence and is
# cited to none. Measured on ViMs Cluster_001-200 (mean of unigram and bigram F1, best match
# among the cluster's merged sentences): 1 of 2,366 human summary sentences scores under it
# against its own cluster ("Niềm vui chưa trọn thì HAGL phải nhận tin dữ từ Nha Trang": framing,
# no source sentence's content), while against another cluster's sentences 2.2% reach it, and
# the median is 0.09: news sentences share "của", "người", "cho biết" with any other news.
ALIGN_MIN_SCORE = 0.2
# LengthInfo.limited_by of a ViT5 summary: what ended it.
LIMITED_BY_TOKENS = "max_new_tokens"  # the token limit cut it short
LIMITED_BY_MODEL = "end_of_sequence"  # the model ended it (EOS) before the limit


# backend name -> (module, class) of its ``Seq2SeqBackend``; each class has the same ``load``.
BACKEND_CLASSES: dict[str, tuple[str, str]] = {
    "torch": ("torch_backend", "TorchBackend"),
    "ctranslate2": ("ct2_backend", "CTranslate2Backend"),
    "onnxruntime": ("ort_backend", "OnnxRuntimeBackend"),
    "native": ("native_backend", "NativeBackend"),
}


def load_backend(name: str, resolved: ResolvedModel, *, precision: str, device: str, threads: int | None,
                 allow_pickle: bool = False) -> Seq2SeqBackend:
    """Load ``resolved`` on backend ``name`` (a key of ``BACKEND_CLASSES``; its module is
    imported only now)."""
    module, cls = BACKEND_CLASSES[name]
    backend = getattr(importlib.import_module(f"{__package__}.{module}"), cls)
    return backend.load(resolved, precision=precision, device=device, threads=threads, allow_pickle=allow_pickle)


def pick_backend(requested: str, device: str = "auto", precision: str = "auto", model_type: str | None = None) -> str:
    """``auto``: on a CPU, native (ONNX Runtime's encoder and the C decoder step: the fastest in
    ``scripts/bench.py``) when onnxruntime is installed and a C compiler is found, else
    onnxruntime; for CUDA (asked for, or found by CTranslate2 with ``device auto``) or without
    onnxruntime, ctranslate2 when installed; else torch. A backend that does not run the
    checkpoint's ``model_type`` (config.json; None: not known yet) is passed over (mT5 runs on
    torch alone). A ``precision`` other than ``auto`` that the first choice does not run goes to
    the next installed one that runs it (``bfloat16`` to ctranslate2 or torch); when none does,
    the first choice says so as it loads. A named backend as is.

    CTranslate2 is imported only when it is consulted: CUDA asked for, or a CUDA device that may
    be there (``ct2_backend.cuda_devices``), or every backend before it passed over. Importing it
    is not harmless: in a working folder that was deleted it ends the process (oneMKL)."""
    if requested == "auto":
        return _pick_auto(device, precision, model_type)
    if requested not in BACKEND_CLASSES:
        raise BadOptionError(f"invalid backend {shown(requested)}; choose one of: auto, {', '.join(BACKEND_CLASSES)}")
    return requested


def _pick_auto(device: str, precision: str, model_type: str | None, compiler: bool | None = None) -> str:
    """What ``auto`` picks (see :func:`pick_backend`); ``compiler``: whether a C compiler counts
    as found (None: look for one)."""
    order = (name for name in _auto_order(device, compiler)
             if model_type is None or model_type in backend_model_types(name))
    first = next(order, "torch")
    if precision == "auto" or precision in _precisions(first, device):
        return first
    for name in order:
        if precision in _precisions(name, device):
            return name
    return first


def backend_model_types(name: str) -> tuple[str, ...]:
    """The config.json ``model_type`` values backend ``name`` runs."""
    from . import ct2_backend, t5_onnx

    if name in ("native", "onnxruntime"):
        return t5_onnx.GRAPH_MODEL_TYPES
    if name == "ctranslate2":
        return ct2_backend.MODEL_TYPES
    return SUPPORTED_MODEL_TYPES


def _auto_order(device: str, compiler: bool | None = None) -> Iterator[str]:
    """The installed backends, the one ``auto`` takes first (see :func:`pick_backend`), each
    looked for only when the ones before it are passed over."""
    from . import ct2_backend, ort_backend, t5_native

    wants_cuda = device == "cuda" or (device == "auto" and ct2_backend.cuda_devices() > 0)
    if not wants_cuda and ort_backend.available():
        if compiler if compiler is not None else t5_native.compiler_available():
            yield "native"
        yield "onnxruntime"
    if ct2_backend.available():
        yield "ctranslate2"
    yield "torch"


def no_compiler_notice(options: ModelOptions, picked: str, model_type: str | None) -> str | None:
    """What to say when ``auto`` picked ``picked`` only because no C compiler is found for the
    native backend, which it would otherwise have run; else None."""
    from . import t5_native

    if options.backend != "auto" or picked == "native" or t5_native.compiler_available():
        return None
    if _pick_auto(options.device, options.precision, model_type, compiler=True) != "native":
        return None
    return (f"no C compiler found ({', '.join(t5_native.COMPILERS)} or ${t5_native.CC_ENV}) to build the native "
            f"backend; running on {picked} instead")


def _precisions(name: str, device: str) -> tuple[str, ...]:
    """The precisions backend ``name`` runs (on ``device``, for CTranslate2, which asks the
    hardware)."""
    from . import ct2_backend, ort_backend, torch_backend

    if name in ("native", "onnxruntime"):
        return ort_backend.PRECISIONS
    if name == "ctranslate2":
        on = "cuda" if device == "cuda" else "cpu"
        return tuple(ct2_backend.supported_precisions(on))
    return torch_backend.TORCH_PRECISIONS


_ENGINES: LoadedOnce["ViT5Engine"] = LoadedOnce()


def load_engine(options: ModelOptions, resolved: ResolvedModel | None = None) -> "ViT5Engine":
    """Resolve the model (``resolved``: already resolved from ``options.model``), load it on the
    chosen backend, and reuse the engine per process.

    Engines are kept by the folder the model resolves to, not by its name: a relative name
    (``tiny``, ``./tiny``) means another folder after ``os.chdir``, and ``$SUMMARIZER_MODELS_DIR``
    may change; each call resolves it again, so a name that no longer resolves is an error as in
    a fresh process. One folder under several names is loaded once."""
    if options.backend != "auto":
        pick_backend(options.backend)  # a backend of no such name is refused before the model is looked for
    if resolved is None:
        resolved = resolve_model(options.model, allow_pickle=options.allow_pickle)
    model = resolved
    model_type = resolved.config.get("model_type")
    backend_name = pick_backend(options.backend, options.device, options.precision, model_type)
    skipped = no_compiler_notice(options, backend_name, model_type)

    def load() -> "ViT5Engine":
        started = time.perf_counter()

        def on(name: str) -> Seq2SeqBackend:
            return load_backend(name, model, precision=options.precision, device=options.device,
                                threads=options.threads, allow_pickle=options.allow_pickle)

        notices: tuple[str, ...] = ()
        if skipped:  # logged now (a batch's stderr), and in every result of the engine (their warnings)
            notices = (skipped,)
            log.warning("%s", skipped, extra={IN_WARNINGS: True})
        try:
            backend = on(backend_name)
        except NativeBuildError as exc:
            if options.backend != "auto":
                raise
            # auto chose the fastest backend; one that cannot be built here falls back to the next.
            # Logged now (a batch's stderr), and in every result of the engine (their warnings)
            notices = (f"{exc}; running on onnxruntime instead",)
            log.warning("%s", notices[0], extra={IN_WARNINGS: True})
            backend = on("onnxruntime")
        return ViT5Engine(backend, model, load_seconds=time.perf_counter() - started, notices=notices)

    # the requested backend too: auto may have fallen back from the one it picked
    key = (str(resolved.path), options.backend, backend_name, options.precision, options.device, options.threads,
           options.allow_pickle)
    engine = _ENGINES.get(key, load)
    # the folder loaded under another name: this call's name (the result's "model") and the
    # checkpoint facts that name looks up (prefix, input limit)
    return engine if engine.resolved == resolved else engine.for_model(resolved)


def clear_engines() -> None:
    """Forget loaded engines (tests)."""
    _ENGINES.clear()


def cluster_salience(cluster: PreparedCluster) -> Any:
    """The packer's salience of the merged sentences (``packing.cluster_scores``)."""
    return packing.cluster_scores(cluster)


# ---------------------------------------------------------------------------- post-processing


def postprocess(text: str) -> list[str]:
    """Generated text -> sentences: special tokens and stray spaces removed, exact repeats
    (same match key) dropped, quotation marks left open or closed alone mended
    (``quotes.balance`` over the whole text)."""
    out: list[str] = []
    seen: set[str] = set()
    for sentence in split_sentences(headline.tidy(text)):
        key = match_key(sentence)
        if key and key not in seen:
            seen.add(key)
            out.append(sentence)
    return quotes.balance(out)


def cut_short(backend: Seq2SeqBackend, request: GenerateRequest, sequences: int) -> list[bool]:
    """Per sequence of ``backend``'s last generate call (made with ``request``, which returned
    ``sequences``): whether the token limit cut it before the model ended it (no EOS). A backend
    that does not say (``last_finished``) counts a sequence of ``max_new_tokens`` tokens as cut;
    one that does not count them either (``last_generated`` of another length), none."""
    generated = backend.last_generated
    finished = getattr(backend, "last_finished", None)
    if isinstance(finished, tuple) and len(finished) == sequences:
        return [not done for done in finished]
    if len(generated) == sequences:
        return [count >= request.max_new_tokens for count in generated]
    return [False] * sequences


def drop_unfinished(sentences: list[str]) -> tuple[list[str], bool]:
    """The sentences of a text the token limit cut, without its last one when that ends on no
    final mark (unfinished) and a whole sentence is left; and whether it was dropped."""
    if len(sentences) > 1 and not ENDS_WITH_FINAL_MARK.search(sentences[-1]):
        return sentences[:-1], True
    return sentences, False


def _f1(a: set[Any], b: set[Any]) -> float:
    common = len(a & b)
    return 0.0 if not common else 2 * common / (len(a) + len(b))


class _Aligner:
    """Similarity of generated sentences to the merged sentences."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.profiles = [self._profile(t) for t in texts]

    @staticmethod
    def _profile(text: str) -> tuple[set[str], set[tuple[str, str]]]:
        tokens = syllables(text)
        return set(tokens), set(zip(tokens, tokens[1:]))

    def best(self, text: str) -> list[int]:
        uni, bi = self._profile(text)
        scored = [((_f1(uni, u) + _f1(bi, b)) / 2, i) for i, (u, b) in enumerate(self.profiles)]
        scored = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        if not scored:
            return []
        top = scored[0][0]
        if top < ALIGN_MIN_SCORE:
            return []
        return sorted(i for s, i in scored[:ALIGN_MAX_GROUPS] if s >= ALIGN_RELATIVE_MIN * top)


# ---------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class _Reduced:
    """What map-reduce hands the final pass."""

    text: str  # the final input
    tokens: int  # its exact token count
    sources: frozenset[int]  # merged sentences whose content reached ``text`` through partial summaries
    chunks: int  # first-round model inputs
    rounds: int  # rounds of partial summaries written
    partials_left_out: tuple[PartialLeftOut, ...]  # partial summary sentences no later input holds


class ViT5Engine:
    name = ENGINE_NAME

    def __init__(self, backend: Seq2SeqBackend, resolved: ResolvedModel, *, load_seconds: float = 0.0,
                 notices: tuple[str, ...] = ()) -> None:
        self.backend = backend
        self.resolved = resolved
        self.load_seconds = load_seconds
        # what loading had to say (a fallback to another backend): in every result's warnings, as
        # the engine is loaded once and its results may come long after
        self.notices = notices

    def for_model(self, resolved: ResolvedModel) -> "ViT5Engine":
        """This engine's loaded backend for ``resolved``, the same folder resolved from another
        name (``tiny`` and ``/abs/tiny``)."""
        return ViT5Engine(self.backend, resolved, load_seconds=self.load_seconds, notices=self.notices)

    def budget(self, options: ModelOptions) -> int:
        return options.max_input_tokens or self.resolved.max_input_tokens

    def summary_request(self, options: SummarizeOptions) -> GenerateRequest:
        g = options.generation
        return GenerateRequest(num_beams=g.num_beams, max_new_tokens=g.max_new_tokens,
                               min_new_tokens=g.effective_min_new_tokens, no_repeat_ngram_size=g.no_repeat_ngram_size,
                               length_penalty=g.length_penalty, num_return_sequences=1)

    def summarize(self, cluster: PreparedCluster, options: SummarizeOptions) -> EngineOutput:
        timings: dict[str, float] = {}
        texts = cluster.merged_texts
        if not texts:
            raise GenerationError("the cluster has no sentences to summarize")
        prefix = self.resolved.prefix
        budget = self.budget(options.model)
        request = self.summary_request(options)

        warnings: list[str] = list(self.notices)
        running = getattr(self.backend, "threads", None)
        if options.model.threads is not None and running is not None and running != options.model.threads:
            # torch's thread count is one per process, set by the first load (torch_backend.set_threads_once)
            warnings.append(f"the model runs {running} thread{'s' if running != 1 else ''} in this process, as first loaded; "
                            f"--threads {options.model.threads} is not applied")
        if budget > self.resolved.max_input_tokens:
            warnings.append(f"input budget {budget} exceeds the model's {self.resolved.max_input_tokens} input tokens")
        target_limit = self.resolved.checkpoint.max_target_tokens
        if target_limit and request.max_new_tokens > target_limit:
            warnings.append(f"max_new_tokens {request.max_new_tokens} exceeds the {target_limit} target tokens "
                            f"{self.resolved.checkpoint.model_id} was fine-tuned with")

        started = time.perf_counter()
        rounds: int = 0
        partials_left_out: tuple[PartialLeftOut, ...] = ()
        if options.model.strategy == "map-reduce":
            reduced = self._map_reduce(texts, budget, prefix, request, warnings, options.generation.min_tokens)
            model_input, packed_idx, chunks, tokens = (reduced.text, tuple(sorted(reduced.sources)), reduced.chunks,
                                                       reduced.tokens)
            rounds, partials_left_out = reduced.rounds, reduced.partials_left_out
        else:
            packed = packing.pack(texts, cluster_salience(cluster), self.backend.count_tokens, budget,
                                  prefix=prefix, first=packing.pinned_sentences(cluster))
            model_input, packed_idx, chunks, tokens = packed.text, packed.indices, 1, packed.tokens
        timings["pack"] = time.perf_counter() - started
        request = replace(request, min_new_tokens=options.generation.min_tokens(tokens))
        asked = options.generation.min_new_tokens
        if asked is not None and request.min_new_tokens < asked:  # the default minimum gives way unsaid
            warnings.append(f"the minimum of {asked} new tokens (--min-new-tokens) was lowered to "
                            f"{request.min_new_tokens}: {options.generation.min_new_share:g} of the model input's "
                            f"{tokens} tokens (min_new_share), so a short input is not padded out")

        started = time.perf_counter()
        summary_raw = self.backend.generate([model_input], request)[0][0]
        summary_tokens = self.backend.last_generated[0] if self.backend.last_generated else None
        summary_cut = cut_short(self.backend, request, 1)[0]
        summary_sentences = postprocess(summary_raw)
        timings["generate"] = time.perf_counter() - started
        if not summary_sentences:
            raise GenerationError("the model generated an empty summary")
        if summary_cut:
            summary_sentences, dropped = drop_unfinished(summary_sentences)
            cut = f"the summary reached --max-new-tokens ({request.max_new_tokens}) before the model ended it"
            if dropped:
                warnings.append(f"{cut}: its unfinished last sentence was dropped")
            elif not ENDS_WITH_FINAL_MARK.search(summary_sentences[-1]):
                warnings.append(f"{cut} and ends mid-sentence (raise --max-new-tokens)")
            else:
                warnings.append(f"{cut} (raise --max-new-tokens for a longer one)")
        cap = options.max_sentences
        if cap is not None and len(summary_sentences) > cap:
            warnings.append(f"the model wrote {len(summary_sentences)} sentences; the first {cap} are kept "
                            "(--max-sentences)")
            summary_sentences = summary_sentences[:cap]
        summary_text = " ".join(summary_sentences)

        started = time.perf_counter()
        aligner = _Aligner(texts)
        sentences: list[SummarySentence] = []
        unaligned = 0
        for sentence in summary_sentences:
            groups = aligner.best(sentence)
            unaligned += not groups
            refs = tuple(
                SourceRef(file=cluster.dedup.sentences[m].file, index=cluster.dedup.sentences[m].index)
                for g in groups for m in cluster.dedup.groups[g].members
            )
            sentences.append(SummarySentence(text=sentence, sources=refs, aligned=True))
        timings["align"] = time.perf_counter() - started

        started = time.perf_counter()
        candidates, head_request = headline.model_candidates(
            self.backend, summary_text, prefix=prefix, budget=budget, options=options.headline,
            no_repeat_ngram_size=options.generation.no_repeat_ngram_size, notices=warnings,
        )
        # as the headline is shown (headline.as_shown: a lopsided dash spaced, quotation marks mended)
        cut_candidates = ({headline.as_shown(c) for c, cut in zip(candidates, cut_short(self.backend, head_request,
                                                                                        len(candidates))) if cut}
                          if head_request is not None else set())
        titles = [(r.title, r.file) for r in cluster.loaded.reports if r.title]
        sources = [s.text for s in cluster.sentences] + [t for t, _ in titles]
        choice = headline.choose(candidates, titles, summary_text, options.headline, sources=sources,
                                 request=head_request, notices=warnings)
        timings["headline"] = time.perf_counter() - started
        if head_request is not None and choice.origin == ORIGIN_MODEL and choice.title in cut_candidates:
            warnings.append(f"the headline reached the headline pass's max_new_tokens ({head_request.max_new_tokens}) "
                            "before the model ended it, and may be cut short")

        started = time.perf_counter()
        warnings += faithfulness.check(summary_text, choice.title, sources)
        broken = faithfulness.degeneracy(summary_text, sources)
        if broken:
            warnings.append(broken)
        timings["faithfulness"] = time.perf_counter() - started
        if unaligned:
            warnings.append(f"{unaligned} generated sentence(s) resemble no source sentence")

        packed_set = set(packed_idx)
        left_out = tuple(
            LeftOut(file=cluster.dedup.sentences[g.representative].file,
                    index=cluster.dedup.sentences[g.representative].index, text=g.text)
            for i, g in enumerate(cluster.dedup.groups) if i not in packed_set
        )
        info = PackingInfo(strategy=options.model.strategy, token_budget=budget, tokens_packed=tokens,
                           sentences_packed=len(packed_idx), sentences_left_out=left_out,
                           input=model_input, chunks=chunks, rounds=rounds,
                           partial_sentences_left_out=partials_left_out)
        generation = {
            "summary": asdict(request),
            "headline": asdict(head_request) if head_request is not None else None,  # None: no pass ran
            "prefix": prefix,
            # new tokens of the summary pass (EOS included), as every backend counts them
            "summary_tokens": summary_tokens,
            "device": self.backend.device,
            "threads": getattr(self.backend, "threads", None),
            "checkpoint_known": self.resolved.checkpoint.known,
        }
        return EngineOutput(
            sentences=tuple(sentences), title=choice.title, title_origin=choice.origin,
            title_candidates=choice.candidates, backend=self.backend.name, precision=self.backend.precision,
            model=self.resolved.requested, model_path=str(self.resolved.path), packing=info,
            generation=generation, warnings=tuple(warnings), timings=timings,
            length=LengthInfo(unit="tokens", input=tokens, budget=request.max_new_tokens,
                              minimum=request.min_new_tokens,
                              limited_by=LIMITED_BY_TOKENS if summary_cut else LIMITED_BY_MODEL,
                              max_sentences=options.max_sentences),
        )

    def _map_reduce(self, texts: Sequence[str], budget: int, prefix: str, request: GenerateRequest,
                    warnings: list[str], min_tokens: Callable[[int], int]) -> _Reduced:
        """Summarize chunks that fit, then their joined summaries, round after round until they fit
        one input; partial summaries are generated no longer than the budget leaves, so each fits
        the next round. A round whose partial summaries fill as many inputs as it read (a model
        that writes as much as it is given) ends the rounds: the final input is then the partial
        summary sentences that fit, in order, and ``warnings`` says how many were left out.
        Every partial summary sentence carries the merged sentences of the chunk it summarizes,
        so the result can say which merged sentences reached the final input and which were lost
        with the partial sentences left out (``_Reduced.sources``). Appends to ``warnings`` what
        a round had to leave out. ``min_tokens``: the fewest new tokens for an input of so many
        tokens (``GenerationOptions.min_tokens``), so that a short chunk is not padded out."""
        count = self.backend.count_tokens
        chunks = packing.chunk(texts, count, budget, prefix=prefix)
        if not chunks:
            raise BadOptionError(f"no sentence fits the model's input budget of {budget} tokens "
                                 "(raise --max-input-tokens)")
        chunked = {i for c in chunks for i in c.indices}
        too_long = sum(1 for i, text in enumerate(texts) if text.strip() and i not in chunked)
        if too_long:
            warnings.append(f"map-reduce: {too_long} sentence(s) longer than the input budget of {budget} tokens "
                            "left out (listed in packing.sentences_left_out)")
        first_round = len(chunks)
        current = chunks
        sources = [frozenset(c.indices) for c in chunks]  # the merged sentences behind each input
        lost: list[PartialLeftOut] = []
        # a partial summary must fit the next round's input: no longer than the budget leaves, less
        # what decoding and encoding again may add (PARTIAL_ROOM_SHARE)
        room = max(1, math.floor(PARTIAL_ROOM_SHARE * (budget - count(prefix))))
        round_number = 0
        final = None
        while len(current) > 1:
            round_number += 1
            log.info("map-reduce round %d: %d chunks", round_number, len(current))
            shortest = min(c.tokens for c in current)
            partial_request = replace(request, max_new_tokens=min(request.max_new_tokens, room),
                                      min_new_tokens=min(request.min_new_tokens, room, min_tokens(shortest)))
            partials = self.backend.generate([c.text for c in current], partial_request)
            cut = cut_short(self.backend, partial_request, len(partials))
            reduced: list[str] = []
            behind: list[frozenset[int]] = []  # the merged sentences behind each partial sentence
            dropped = 0
            for origin, partial, was_cut in zip(sources, partials, cut):
                sentences = postprocess(partial[0])
                if was_cut:
                    sentences, unfinished = drop_unfinished(sentences)
                    dropped += unfinished
                for sentence in sentences:
                    reduced.append(sentence)
                    behind.append(origin)
            if any(cut):
                warnings.append(f"map-reduce round {round_number}: {sum(cut)} partial summary(ies) reached the token "
                                f"limit of {partial_request.max_new_tokens} before the model ended them"
                                + (f"; the unfinished last sentence of {dropped} was dropped" if dropped else ""))
            if not reduced:
                raise GenerationError("the model generated empty partial summaries")
            following = packing.chunk(reduced, count, budget, prefix=prefix)
            if not following:
                # the options' mistake, not the model's: they let it write partial summaries longer than its input
                raise BadOptionError(f"no partial summary sentence fits the input budget of {budget} tokens "
                                     "(raise --max-input-tokens or lower --max-new-tokens)")
            kept = {i for c in following for i in c.indices}
            if len(kept) < len(reduced):
                lost += [PartialLeftOut(round=round_number, text=t) for i, t in enumerate(reduced) if i not in kept]
                warnings.append(f"map-reduce round {round_number}: {len(reduced) - len(kept)} partial summary "
                                f"sentence(s) longer than the input budget of {budget} tokens left out "
                                "(listed in packing.partial_sentences_left_out)")
            if len(following) >= len(current):  # no shorter than what the round read: stop here
                final = self._last_reduce(reduced, behind, following, budget, prefix, round_number, warnings, lost)
                break
            current = following
            sources = [frozenset().union(*(behind[i] for i in c.indices)) for c in following]
        if final is None:
            final = (current[0].text, current[0].tokens, sources[0])
        text, tokens, reached = final
        missed = len(chunked - reached)
        if missed:
            warnings.append(f"map-reduce: no partial summary of {missed} sentence(s) reached the final input "
                            "(listed in packing.sentences_left_out)")
        return _Reduced(text=text, tokens=tokens, sources=reached, chunks=first_round, rounds=round_number,
                        partials_left_out=tuple(lost))

    def _last_reduce(self, reduced: Sequence[str], behind: Sequence[frozenset[int]], chunks: Sequence[packing.Packed],
                     budget: int, prefix: str, round_number: int, warnings: list[str],
                     lost: list[PartialLeftOut]) -> tuple[str, int, frozenset[int]]:
        """The partial summary sentences (``reduced``) that ``chunks`` hold and that fit one input,
        in order; the rest are left out (added to ``lost``), and ``warnings`` says so. Returns the
        input, its tokens and the merged sentences behind it (``behind``: of each partial sentence)."""
        held = [i for c in chunks for i in c.indices]
        sentences = [reduced[i] for i in held]
        packed = packing.pack(sentences, [0.0] * len(sentences), self.backend.count_tokens, budget,
                              prefix=prefix, novelty=False)
        chosen = set(packed.indices)
        lost += [PartialLeftOut(round=round_number, text=t) for j, t in enumerate(sentences) if j not in chosen]
        left = len(sentences) - len(packed.indices)
        warnings.append(f"map-reduce round {round_number}: the partial summaries were no shorter than their "
                        f"inputs ({len(chunks)} inputs of {budget} tokens); {left} of their {len(sentences)} "
                        "sentence(s) left out of the final input (listed in packing.partial_sentences_left_out)")
        return packed.text, packed.tokens, frozenset().union(*(behind[held[j]] for j in packed.indices))
