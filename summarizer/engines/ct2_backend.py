"""CTranslate2 backend: a fast path for ViT5 (and any T5 checkpoint) on CPU and CUDA.

The resolved Hugging Face folder is converted once with CTranslate2's ``TransformersConverter``
into ``<model>/.ct2-cache/<weights>-<key>/`` (or the user cache, ``ct2/``) and reused afterwards;
where, how it is keyed and how it is written atomically: :mod:`summarizer.engines.model_cache`.
The converter copies whatever the checkpoint holds (a missing layer, a NaN), so the checkpoint
is first checked as the other backends check it (:func:`ort_backend.checkpoint_check`), which
the conversion's marker records; a conversion CTranslate2 cannot load (a truncated ``model.bin``)
is made again once.

Precisions map to CTranslate2 compute types: ``int8`` (the CPU default: int8 weights, int8
matrix products), ``int8_float32`` (int8 weights, float32 for the rest), ``float32`` (exact
parity with the torch backend) and ``bfloat16`` where the device supports it. ``int8`` and
``int8_float32`` share one int8 conversion; on a CPU CTranslate2 runs both with the same kernels
(it reports ``int8_float32`` as the compute type of either), they differ on CUDA.

The tokenizer stays the checkpoint's own sentencepiece tokenizer: inputs are tokenized to ids
(the tokenizer appends EOS), turned into token strings for CTranslate2, and generated tokens are
turned back into ids and decoded exactly as the torch backend decodes them. The checkpoint's
``tokenizer.json`` is run by the ``tokenizers`` library directly (what ``AutoTokenizer`` wraps),
so the fast path never imports transformers or torch; ``AutoTokenizer`` is the fallback. T5's decoder start
token (``<pad>``) comes from the converted model's config (the converter copies the checkpoint's
``decoder_start_token_id``), so no target prefix is needed.

An untied checkpoint (ViT5-large, T5 v1.1) is converted with the decoder-output scaling that
transformers applies, not the one CTranslate2's converter would infer from the flag transformers
5 misreports (:func:`match_output_scaling`). The float32 conversion of a random model of
ViT5-large's shape then scores tokens as torch does (largest difference in log-probability 4e-5,
over 1,237 input tokens); on a tiny model of that layout the difference was 27 without it.

``ctranslate2``, ``transformers`` and ``torch`` are imported inside functions only.
"""

from __future__ import annotations

import glob
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import DeviceError, GenerationError, ModelLoadError
from . import model_cache, ort_backend
from .base import FastBackend, GenerateRequest, LoadedOnce, quiet_transformers
from .model_cache import ConvertedModel, default_threads
from .tokenizer import checked_tokenizer

log = logging.getLogger("summarizer.engines.ct2_backend")

BACKEND_NAME = "ctranslate2"
# Option precision -> CTranslate2 compute type.
COMPUTE_TYPES: dict[str, str] = {
    "int8": "int8",
    "int8_float32": "int8_float32",
    "float32": "float32",
    "bfloat16": "bfloat16",
}
# Option precision -> weight type stored by the conversion (int8 variants share one folder).
STORED_WEIGHTS: dict[str, str] = {
    "int8": "int8",
    "int8_float32": "int8",
    "float32": "float32",
    "bfloat16": "bfloat16",
}
DEFAULT_PRECISION = "int8"  # what precision "auto" means (chosen from scripts/bench.py figures)
CACHE_DIRNAME = ".ct2-cache"  # inside the model folder
USER_CACHE_SUBDIR = "ct2"  # inside the user cache folder
CONVERTED_FILES = ("model.bin", "config.json")  # a converted folder is usable when these exist
# what the conversion is tested for (its decoder-output scaling fix, match_output_scaling, is T5's)
MODEL_TYPES = ("t5",)
CACHE_FORMAT = 2  # bump when what a conversion writes changes (2: untied T5 output scaling, match_output_scaling)
NO_INPUT_TRUNCATION = 0  # CTranslate2 truncates inputs at 1024 tokens unless told 0
INTER_THREADS = 1  # one generation at a time per process; threads go to intra_threads


def available() -> bool:
    """Whether ``ctranslate2`` imports here (a broken install counts as absent, so ``auto``
    falls back to torch instead of failing)."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def _import_ct2() -> Any:
    try:
        import ctranslate2
    except ImportError as exc:
        raise DeviceError(
            "backend ctranslate2 is not installed; install it with pip install 'summarizer[fast]' "
            "or choose one of: --backend torch, --backend auto"
        ) from exc
    return ctranslate2


CACHE = model_cache.CacheSpec(label="CTranslate2", dirname=CACHE_DIRNAME, subdir=USER_CACHE_SUBDIR,
                              required=CONVERTED_FILES)


def _convert(model_dir: Path, weights: str, check: model_cache.SourceCheck) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        from ctranslate2.converters import TransformersConverter

        # the converter copies whatever it finds (a missing layer stays random, a NaN stays NaN):
        # the checkpoint is checked as the other backends check it first
        check.run()

        class Converter(TransformersConverter):  # type: ignore[misc]
            def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
                return match_output_scaling(super().load_model(model_class, model_name_or_path, **kwargs))

        converter = Converter(str(model_dir), low_cpu_mem_usage=True)
        with quiet_transformers(log):
            converter.convert(str(folder), quantization=weights, force=True)

    return build


def match_output_scaling(model: Any) -> Any:
    """Make CTranslate2 rescale a T5 decoder's output exactly when transformers does.

    CTranslate2's T5 loader multiplies the decoder output by d_model ** -0.5 when
    ``config.tie_word_embeddings`` is true. transformers 5 reads that flag as true even where
    config.json says false (ViT5-large, every T5 v1.1 checkpoint) and rescales by its own
    ``scale_decoder_outputs`` instead (false for those), so without this the converted
    ViT5-large would score every token differently from the torch backend. The flag is set to
    what transformers computes; it only steers the conversion of this in-memory model."""
    config = model.config
    scale = getattr(config, "scale_decoder_outputs", None)
    if getattr(config, "model_type", None) == "t5" and scale is not None:
        config.tie_word_embeddings = bool(scale)
    return model


def ensure_converted(model_dir: Path, precision: str, *, managed: bool = False,
                     allow_pickle: bool = False) -> ConvertedModel:
    """The CTranslate2 folder for ``model_dir`` at ``precision``, converting it on first use
    (``managed``: see :func:`model_cache.cache_roots`). The checkpoint is checked as the other
    backends check it (:func:`ort_backend.checkpoint_check`), once: by the conversion, or before
    a conversion made without the check is used."""
    if precision not in STORED_WEIGHTS:
        raise DeviceError(
            f"precision {precision!r} is not available with backend ctranslate2; "
            f"choose one of: {', '.join(STORED_WEIGHTS)}"
        )
    model_type = model_cache.read_json(model_dir / "config.json").get("model_type")
    if model_type not in MODEL_TYPES:
        raise ModelLoadError(f"backend ctranslate2 runs {' and '.join(MODEL_TYPES)} checkpoints, and the model_type of "
                             f"{model_dir} is {model_type!r}; --backend torch runs it")
    weights = STORED_WEIGHTS[precision]
    tag = f"ctranslate2-{_import_ct2().__version__}|{CACHE_FORMAT}"
    check = ort_backend.checkpoint_check(model_dir, allow_pickle, graphs=False)
    return model_cache.ensure_built(model_dir, CACHE, weights, tag, _convert(model_dir, weights, check),
                                    managed=managed, check=check)


# --------------------------------------------------------------------------- device / precision


# Device nodes a GPU CTranslate2 might use makes on Linux: NVIDIA's driver one per GPU, WSL 2 its
# GPU bridge, ROCm its compute node. Where there is none, no CUDA device can be counted.
GPU_DEVICE_NODES = ("/dev/nvidia[0-9]*", "/dev/dxg", "/dev/kfd")


def gpu_may_be_present() -> bool:
    """False only where CUDA surely finds no device: on Linux without any of ``GPU_DEVICE_NODES``
    (elsewhere there is no such cheap test, and CTranslate2 is asked)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(glob.glob(pattern) for pattern in GPU_DEVICE_NODES)


def cuda_devices() -> int:
    """CUDA devices CTranslate2 can use here: 0 when it is not installed, and, without importing
    it, on a machine without a GPU's device nodes (``gpu_may_be_present``). ``--backend auto``
    asks this, and importing ctranslate2 in a working folder that was deleted ends the process
    (its oneMKL cannot load)."""
    if not gpu_may_be_present() or not available():
        return 0
    return _import_ct2().get_cuda_device_count()


def resolve_device(device: str) -> str:
    cuda = cuda_devices() > 0
    if device == "auto":
        return "cuda" if cuda else "cpu"
    if device == "cuda" and not cuda:
        raise DeviceError("device cuda is not available to CTranslate2 here; choose one of: cpu, auto")
    if device not in ("cpu", "cuda"):
        raise DeviceError(f"invalid device {device!r} for backend ctranslate2; choose one of: auto, cpu, cuda")
    return device


def supported_precisions(device: str) -> list[str]:
    """Option precisions CTranslate2 can run on ``device`` (a resolved device name)."""
    ct2 = _import_ct2()
    types = set(ct2.get_supported_compute_types(device))
    return [name for name, compute in COMPUTE_TYPES.items() if compute in types]


def resolve_precision(precision: str, device: str) -> str:
    valid = supported_precisions(device)
    if precision == "auto":
        if DEFAULT_PRECISION in valid:
            return DEFAULT_PRECISION
        return "float32"
    if precision not in valid:
        raise DeviceError(
            f"precision {precision!r} is not supported by CTranslate2 on {device}; "
            f"choose one of: auto, {', '.join(valid)}"
        )
    return precision


# --------------------------------------------------------------------------- the backend

_LOADED: LoadedOnce["CTranslate2Backend"] = LoadedOnce()


class CTranslate2Backend(FastBackend):
    """A T5 checkpoint run by CTranslate2 (implements ``engines.base.Seq2SeqBackend``)."""

    name = BACKEND_NAME

    def __init__(self, *, translator: Any, tokenizer: Any, model_dir: Path, converted: ConvertedModel,
                 precision: str, device: str, threads: int, load_seconds: float) -> None:
        self._translator = translator
        super().__init__(tokenizer=tokenizer, model_dir=model_dir, converted=converted, precision=precision,
                         device=device, threads=threads, load_seconds=load_seconds)

    @classmethod
    def load(cls, resolved: Any, *, precision: str = "auto", device: str = "auto",
             threads: int | None = None, allow_pickle: bool = False) -> "CTranslate2Backend":
        """Load (converting once if needed) the model at ``resolved.path`` (a ResolvedModel or
        a folder path); reused per process for the same path, precision, device and thread count."""
        ct2 = _import_ct2()
        model_dir, managed = model_cache.source_folder(resolved, allow_pickle=allow_pickle)
        device = resolve_device(device)
        precision = resolve_precision(precision, device)
        n_threads = threads if threads is not None else default_threads()

        def load() -> "CTranslate2Backend":
            started = time.perf_counter()

            def open_build(converted: ConvertedModel) -> "CTranslate2Backend":
                try:
                    translator = ct2.Translator(
                        str(converted.path), device=device, compute_type=COMPUTE_TYPES[precision],
                        inter_threads=INTER_THREADS, intra_threads=n_threads,
                    )
                except (RuntimeError, ValueError, OSError) as exc:  # a truncated model.bin, say
                    raise model_cache.DamagedBuild(converted.path, f"CTranslate2 cannot load it: {exc}") from exc
                return cls(translator=translator, tokenizer=checked_tokenizer(model_dir), model_dir=model_dir,
                           converted=converted, precision=precision, device=device,
                           threads=n_threads, load_seconds=time.perf_counter() - started)

            backend = model_cache.load_built(
                lambda: ensure_converted(model_dir, precision, managed=managed, allow_pickle=allow_pickle),
                open_build, CACHE)
            log.info("ctranslate2 %s on %s (%d threads) loaded in %.2fs from %s", precision, device,
                     n_threads, backend.load_seconds, backend.converted.path)
            return backend

        return _LOADED.get((str(model_dir), precision, device, n_threads, allow_pickle), load)

    # -- Seq2SeqBackend (count_tokens, generate: FastBackend)

    def generate_ids(self, inputs: list[str], request: GenerateRequest) -> list[list[list[int]]]:
        """Like :meth:`generate` but returns the generated token ids (EOS not included)."""
        if not inputs:
            return []
        tokenizer = self._tokenizer
        source = [tokenizer.ids_to_tokens(tokenizer.encode(text)) for text in inputs]
        try:
            results = self._translator.translate_batch(
                source,
                beam_size=request.num_beams,
                num_hypotheses=request.num_return_sequences,
                max_decoding_length=request.max_new_tokens,
                min_decoding_length=request.min_new_tokens,
                no_repeat_ngram_size=request.no_repeat_ngram_size,
                length_penalty=request.length_penalty,
                return_alternatives=False,
                max_input_length=NO_INPUT_TRUNCATION,
            )
        except (RuntimeError, ValueError) as exc:
            raise GenerationError(f"CTranslate2 generation failed: {exc}") from exc
        ids = [[tokenizer.tokens_to_ids(h) for h in r.hypotheses] for r in results]
        # as the torch backend counts them: new tokens of each sequence, EOS included (CTranslate2
        # leaves EOS out of a hypothesis; one shorter than the maximum ended with it)
        self.last_generated = tuple(
            len(h) + (1 if len(h) < request.max_new_tokens else 0) for hyps in ids for h in hyps
        )
        self.last_finished = tuple(len(h) < request.max_new_tokens for hyps in ids for h in hyps)
        return ids

    def info(self) -> dict[str, Any]:
        return {**super().info(), "compute_type": getattr(self._translator, "compute_type", None)}


def clear_loaded() -> None:
    """Forget every loaded model (tests and benchmarks use this between configurations)."""
    _LOADED.clear()
