"""The reference seq2seq backend: Hugging Face transformers on torch.

* Loading: ``AutoTokenizer`` / ``AutoModelForSeq2SeqLM`` from the resolved folder only
  (``local_files_only``), safetensors only unless pickle was explicitly allowed, never remote
  code. Any loader failure becomes one-line :class:`ModelLoadError`.
* Checked first, as every backend checks a checkpoint (:func:`ort_backend.checkpoint_check`):
  every weight config.json calls for is there with its dimensions, and finite. transformers
  would fill a missing weight with random values, and a NaN would give a summary of nonsense,
  each without a word. The check reads every weight (a second or two for ViT5-base), so it is
  made once per checkpoint and recorded as the other backends record theirs
  (:func:`model_cache.check_once`: ``<model>/.torch-cache/``, else the user cache's
  ``torch-checks/``). A weight transformers still reports missing (``output_loading_info``) is
  an error too, never a random one.
* Device: ``auto`` = CUDA when torch sees one, else CPU; asking for ``cuda`` without one is a
  :class:`DeviceError`. Precision: float32 (the CPU default) or bfloat16 when asked (the CUDA
  default, when the GPU supports it); int8 is the CTranslate2 backend's.
* Threads: ``torch.set_num_threads`` is called once per process, from ``ModelOptions.threads``
  (None leaves torch's default: one thread per physical core).
* Inference: ``torch.inference_mode``, KV cache on, greedy or beam search; one loaded backend
  per (folder, precision, device), reused for every cluster of a batch run. transformers sizes
  the cache it makes by the encoder's layer count (``num_layers``): a checkpoint with more
  decoder layers (``num_decoder_layers``) failed with an IndexError, so for one the cache is
  made here, growing layer by layer (:func:`decoder_cache_arguments`).
* Generation settings come from the request alone, as on the other backends: of the checkpoint's
  own generation defaults (``generation_config.json``) only the special token ids are kept
  (``TOKEN_FIELDS``). transformers would otherwise fill every setting the request leaves unset
  from them (a fine-tuned checkpoint's ``repetition_penalty``, say, on torch only) and warn that
  its ``max_length`` and the request's ``max_new_tokens`` are both set, at every call.

torch and transformers are imported inside the functions.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import BadOptionError, DeviceError, GenerationError, ModelLoadError
from ..models import ResolvedModel, is_loader_error, load_error_text
from . import model_cache, ort_backend
from .base import GenerateRequest, LoadedOnce, quiet_transformers
from .model_cache import source_folder
from .tokenizer import check_vocabulary

log = logging.getLogger("summarizer.engines.torch_backend")

# The checkpoint's generation settings that are kept: which ids start, end and pad a sequence.
TOKEN_FIELDS = ("decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id")

TORCH_PRECISIONS = ("float32", "bfloat16")
# Where the record that a checkpoint passed the weight check is kept (an empty "build" with its
# marker, see model_cache.check_once).
CHECKS = model_cache.CacheSpec(label="torch", dirname=".torch-cache", subdir="torch-checks",
                               required=(model_cache.MARKER_FILE,), verb="check", noun="check")
MISSING_SHOWN = 3  # missing weights named in the error
_LOADED: LoadedOnce["TorchBackend"] = LoadedOnce()
_THREADS_SET: list[int] = []  # the thread count set in this process (at most one entry)


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when available else ``cpu``; ``cuda`` without CUDA -> DeviceError."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise DeviceError("device cuda requested but torch sees no CUDA GPU on this machine; use --device cpu or auto")
    if device not in ("cpu", "cuda"):
        raise BadOptionError(f"invalid device {device!r}; choose one of: auto, cpu, cuda")
    return device


def resolve_precision(precision: str, device: str) -> str:
    """``auto`` -> float32 on CPU, bfloat16 on a CUDA GPU that supports it."""
    import torch

    if precision == "auto":
        if device == "cuda" and torch.cuda.is_bf16_supported():
            return "bfloat16"
        return "float32"
    if precision not in TORCH_PRECISIONS:
        raise DeviceError(
            f"precision {precision!r} is not available on the torch backend; choose one of: "
            f"{', '.join(TORCH_PRECISIONS)} (int8 needs --backend native, onnxruntime or ctranslate2)"
        )
    return precision


def set_threads_once(threads: int | None) -> int:
    """Set torch's intra-op thread count the first time a count is given; return the count in use."""
    import torch

    if threads is not None and not _THREADS_SET:
        torch.set_num_threads(threads)
        _THREADS_SET.append(threads)
    elif threads is not None and _THREADS_SET[0] != threads:
        log.warning("torch threads already set to %d in this process; ignoring %d", _THREADS_SET[0], threads)
    return torch.get_num_threads()


class TorchBackend:
    """A loaded tokenizer + seq2seq model (see the module docstring)."""

    name = "torch"

    def __init__(self, tokenizer: Any, model: Any, *, path: Path, precision: str, device: str, threads: int) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.path = path
        self.precision = precision
        self.device = device
        self.threads = threads
        self.last_generated: tuple[int, ...] = ()  # new tokens (EOS included) of each sequence of the last call
        self.last_finished: tuple[bool, ...] = ()  # whether the model ended each (EOS) of the last call

    @classmethod
    def load(
        cls,
        resolved: ResolvedModel,
        *,
        precision: str = "auto",
        device: str = "auto",
        threads: int | None = None,
        allow_pickle: bool = False,
    ) -> "TorchBackend":
        """Load (or reuse from this process's cache) the model of ``resolved``."""
        dev = resolve_device(device)
        prec = resolve_precision(precision, dev)
        used_threads = set_threads_once(threads)
        # before the cache: a model loaded from pickle once is still refused to a caller without allow_pickle
        model_dir, managed = source_folder(resolved, allow_pickle=allow_pickle)
        return _LOADED.get((str(resolved.path), prec, dev),
                           lambda: cls._load_uncached(resolved, prec, dev, used_threads, allow_pickle, model_dir, managed))

    @classmethod
    def _load_uncached(cls, resolved: ResolvedModel, precision: str, device: str, threads: int,
                       allow_pickle: bool, model_dir: Path, managed: bool) -> "TorchBackend":
        """``model_dir``, ``managed``: :func:`source_folder`'s answer for ``resolved``."""
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        folder = str(resolved.path)
        model_cache.check_once(model_dir, CHECKS, ort_backend.checkpoint_check(model_dir, allow_pickle, graphs=False),
                               managed=managed)
        dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        try:
            with quiet_transformers(log):
                tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
                model, loading = AutoModelForSeq2SeqLM.from_pretrained(
                    folder,
                    local_files_only=True,
                    trust_remote_code=False,
                    use_safetensors=None if allow_pickle else True,
                    dtype=dtype,
                    output_loading_info=True,
                )
        except Exception as exc:  # safetensors' SafetensorError and the like count too (is_loader_error)
            if not is_loader_error(exc):
                raise
            raise ModelLoadError(f"cannot load model from {folder}: {type(exc).__name__}: {load_error_text(exc)}") from exc
        missing = sorted(loading.get("missing_keys") or ()) + sorted(loading.get("mismatched_keys") or ())
        if missing:  # transformers gave these random values
            raise ModelLoadError(f"{folder} lacks the weight(s) {', '.join(map(str, missing[:MISSING_SHOWN]))}"
                                 f"{' and more' if len(missing) > MISSING_SHOWN else ''} that the model calls for")
        check_vocabulary(folder, len(tokenizer), model.config.vocab_size)
        model.to(device)
        model.eval()
        model.config.use_cache = True
        model.generation_config = token_settings_only(model.generation_config)
        log.info("loaded %s with torch (%s, %s, %d threads)", folder, precision, device, threads)
        return cls(tokenizer, model, path=resolved.path, precision=precision, device=device, threads=threads)

    # ------------------------------------------------------------------ Seq2SeqBackend

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` with the model's tokenizer, EOS included, never truncated."""
        return len(self.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def generation_kwargs(self, request: GenerateRequest) -> dict[str, Any]:
        """The Hugging Face generate settings for ``request`` (same meaning on every backend)."""
        kwargs: dict[str, Any] = {
            "do_sample": False,
            "num_beams": request.num_beams,
            "max_new_tokens": request.max_new_tokens,
            "min_new_tokens": request.min_new_tokens,
            "no_repeat_ngram_size": request.no_repeat_ngram_size,
            "num_return_sequences": request.num_return_sequences,
            "use_cache": True,
        }
        if request.num_beams > 1:
            kwargs["length_penalty"] = request.length_penalty
            kwargs["early_stopping"] = True
        return kwargs

    def generate(self, inputs: list[str], request: GenerateRequest) -> list[list[str]]:
        """For each input, ``num_return_sequences`` decoded texts, best first."""
        import torch
        from transformers import GenerationConfig

        if not inputs:
            return []
        encoded = self.tokenizer(inputs, return_tensors="pt", padding=True, truncation=False)
        encoded = {k: v.to(self.device) for k, v in encoded.items()}
        config = GenerationConfig.from_dict({**self.model.generation_config.to_dict(), **self.generation_kwargs(request)})
        try:
            with torch.inference_mode():
                output = self.model.generate(**encoded, generation_config=config,
                                             **decoder_cache_arguments(self.model))
        except (RuntimeError, ValueError) as exc:
            raise GenerationError(f"generation failed: {type(exc).__name__}: {exc}") from exc
        rows = output.tolist()
        self.last_generated = tuple(self._new_tokens(row) for row in rows)
        self.last_finished = tuple(self.tokenizer.eos_token_id in row[1:] for row in rows)
        texts = self.tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        per = request.num_return_sequences
        return [texts[i * per:(i + 1) * per] for i in range(len(inputs))]

    def _new_tokens(self, row: list[int]) -> int:
        """Tokens generated in one output row: after the decoder start, up to and with EOS."""
        generated = row[1:]
        eos = self.tokenizer.eos_token_id
        return generated.index(eos) + 1 if eos in generated else len(generated)


# The generate argument taking a cache made by the caller: "cache" from transformers 5.x (which
# deprecates the older name), "past_key_values" before.
CACHE_ARGUMENTS = ("cache", "past_key_values")


def decoder_cache_arguments(model: Any) -> dict[str, Any]:
    """The generate arguments for a T5 whose decoder has more layers than its encoder: a fresh
    cache of layers made as they are first used (transformers makes one of ``num_layers``
    layers, and the decoder's next layer is out of range); none for any other model."""
    config = model.config
    decoder_layers = getattr(config, "num_decoder_layers", None)
    if not isinstance(decoder_layers, int) or decoder_layers <= config.num_layers:
        return {}
    import inspect

    from transformers.cache_utils import DynamicCache, EncoderDecoderCache

    accepted = inspect.signature(model.forward).parameters
    name = next((name for name in CACHE_ARGUMENTS if name in accepted), CACHE_ARGUMENTS[-1])
    return {name: EncoderDecoderCache(DynamicCache(), DynamicCache())}


def token_settings_only(checkpoint: Any) -> Any:
    """A GenerationConfig holding only the special token ids of ``checkpoint``'s (see the module
    docstring); what it leaves out is logged at DEBUG."""
    from transformers import GenerationConfig

    given = checkpoint.to_diff_dict()
    dropped = sorted(k for k in given if k not in TOKEN_FIELDS and not k.startswith("_") and k != "transformers_version")
    if dropped:
        log.debug("the checkpoint's generation defaults not used (the request sets generation): %s",
                  ", ".join(f"{k}={given[k]!r}" for k in dropped))
    return GenerationConfig(**{k: getattr(checkpoint, k, None) for k in TOKEN_FIELDS})


def clear_cache() -> None:
    """Forget loaded models (tests)."""
    _LOADED.clear()
