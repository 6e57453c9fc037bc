"""CTranslate2 backend: the fast CPU path for ViT5 (and any T5 checkpoint).

The resolved Hugging Face folder is converted once with CTranslate2's ``TransformersConverter``
and the result is reused afterwards:

* **Where.** ``<model>/.ct2-cache/<weights>-<key>/``. When the model folder is read-only, or is
  a snapshot inside the Hugging Face cache (which that library manages), it goes to the user
  cache instead: ``$SUMMARIZER_CACHE_DIR/ct2/`` when that is
  set, else ``$XDG_CACHE_HOME/summarizer/ct2/`` (``~/.cache/summarizer/ct2/``). A converted copy
  found in either place is used.
* **Key.** The sha256 of every file of the model folder (weights, config, tokenizer files; read
  in chunks), together with the CTranslate2 version and the stored weight type. Editing or
  replacing any file gives a new key, so a stale conversion is never used. File digests are
  remembered in ``source-hashes.json`` of the cache folder, keyed by path, size and mtime, so a
  warm start does not re-read a gigabyte of weights.
* **Atomic.** Conversion writes into a temporary folder beside the target and renames it into
  place; a crash leaves no half-written model, and two processes converting at once both end up
  with one complete folder.

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

``ctranslate2``, ``transformers`` and ``torch`` are imported inside functions only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BadOptionError, DeviceError, GenerationError, ModelLoadError
from .base import GenerateRequest

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
CACHE_ENV = "SUMMARIZER_CACHE_DIR"
HF_CACHE_SOURCE = "hf-cache"  # ResolvedModel.source of a Hugging Face cache snapshot
HASHES_FILE = "source-hashes.json"  # remembered file digests, inside a cache folder
MARKER_FILE = "summarizer-source.json"  # written into every converted folder: what it came from
CONVERTED_FILES = ("model.bin", "config.json")  # a converted folder is usable when these exist
HASH_CHUNK_BYTES = 8 * 1024 * 1024  # read size while hashing weights
KEY_CHARS = 16  # hex digits of the source hash kept in the folder name
CACHE_FORMAT = 1  # bump when the layout of converted folders changes
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


def default_threads() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _model_path(resolved: Any) -> Path:
    path = getattr(resolved, "path", resolved)
    return Path(path).resolve()


# --------------------------------------------------------------------------- source hashing


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _source_files(model_dir: Path) -> list[Path]:
    files = sorted(p for p in model_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise ModelLoadError(f"model folder {model_dir} holds no files to convert")
    return files


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def source_hash(model_dir: Path, *, memo_dir: Path | None = None) -> str:
    """sha256 over the names and contents of every file in ``model_dir``.

    With ``memo_dir``, per-file digests are remembered there (keyed by absolute path, size and
    mtime) and reused while a file is unchanged."""
    memo_path = memo_dir / HASHES_FILE if memo_dir is not None else None
    memo = _read_json(memo_path) if memo_path is not None else {}
    changed = False
    total = hashlib.sha256()
    for file in _source_files(model_dir):
        stat = file.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = memo.get(str(file))
        if isinstance(entry, dict) and entry.get("stamp") == stamp and isinstance(entry.get("sha256"), str):
            file_digest = entry["sha256"]
        else:
            file_digest = _file_sha256(file)
            memo[str(file)] = {"stamp": stamp, "sha256": file_digest}
            changed = True
        total.update(f"{file.name}\0{stat.st_size}\0{file_digest}\n".encode())
    if memo_path is not None and changed:
        try:
            _write_json_atomic(memo_path, memo)
        except OSError as exc:
            log.info("cannot remember file digests in %s: %s", memo_path, exc)
    return total.hexdigest()


# --------------------------------------------------------------------------- conversion cache


def user_cache_dir() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser() / USER_CACHE_SUBDIR
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "summarizer" / USER_CACHE_SUBDIR


def _writable_dir(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def cache_roots(model_dir: Path, *, managed: bool = False) -> list[Path]:
    """Where converted models are looked for, in order: beside the model, then the user cache.
    ``managed`` (a Hugging Face cache snapshot, which that library owns): the user cache only."""
    if managed:
        return [user_cache_dir()]
    return [model_dir / CACHE_DIRNAME, user_cache_dir()]


def _is_converted(folder: Path) -> bool:
    return all((folder / name).is_file() for name in CONVERTED_FILES)


@dataclass(frozen=True)
class ConvertedModel:
    path: Path  # the CTranslate2 model folder
    key: str  # full source hash
    weights: str  # stored weight type
    converted: bool  # True when this call did the conversion
    seconds: float  # time spent hashing + converting (hashing only when reused)


def _cache_key(model_dir: Path, weights: str, memo_dir: Path | None) -> tuple[str, str]:
    ct2 = _import_ct2()
    digest = source_hash(model_dir, memo_dir=memo_dir)
    key = hashlib.sha256(f"{digest}|{weights}|{ct2.__version__}|{CACHE_FORMAT}".encode()).hexdigest()
    return key, f"{weights}-{key[:KEY_CHARS]}"


def _convert_into(model_dir: Path, root: Path, name: str, weights: str, key: str) -> Path:
    from ctranslate2.converters import TransformersConverter

    final = root / name
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=root))
    try:
        log.info("converting %s to CTranslate2 (%s weights, one time) into %s", model_dir, weights, final)
        converter = TransformersConverter(str(model_dir), low_cpu_mem_usage=True)
        converter.convert(str(tmp), quantization=weights, force=True)
        marker = {"source": str(model_dir), "key": key, "weights": weights, "format": CACHE_FORMAT}
        (tmp / MARKER_FILE).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if not _is_converted(final):
                raise
            log.info("another process converted %s first; using its copy", final)
            shutil.rmtree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def ensure_converted(model_dir: Path, precision: str, *, managed: bool = False) -> ConvertedModel:
    """The CTranslate2 folder for ``model_dir`` at ``precision``, converting it on first use
    (``managed``: see :func:`cache_roots`)."""
    if precision not in STORED_WEIGHTS:
        raise DeviceError(
            f"precision {precision!r} is not available with backend ctranslate2; "
            f"choose one of: {', '.join(STORED_WEIGHTS)}"
        )
    weights = STORED_WEIGHTS[precision]
    started = time.perf_counter()
    roots = cache_roots(model_dir, managed=managed)
    writable = next((root for root in roots if _writable_dir(root)), None)
    key, name = _cache_key(model_dir, weights, writable)
    for root in roots:
        if _is_converted(root / name):
            return ConvertedModel(root / name, key, weights, False, time.perf_counter() - started)
    if writable is None:
        raise ModelLoadError(
            f"cannot convert {model_dir} for CTranslate2: no writable cache folder "
            f"(tried {', '.join(str(r) for r in roots)}); set {CACHE_ENV} to a writable folder"
        )
    try:
        path = _convert_into(model_dir, writable, name, weights, key)
    except (OSError, ValueError, RuntimeError, NotImplementedError, KeyError) as exc:
        raise ModelLoadError(f"cannot convert {model_dir} for CTranslate2: {exc}") from exc
    return ConvertedModel(path, key, weights, True, time.perf_counter() - started)


# --------------------------------------------------------------------------- device / precision


def resolve_device(device: str) -> str:
    ct2 = _import_ct2()
    cuda = ct2.get_cuda_device_count() > 0
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

_LOADED: dict[tuple[str, str, str, int], "CTranslate2Backend"] = {}
_LOAD_LOCK = threading.Lock()


class CTranslate2Backend:
    """A T5 checkpoint run by CTranslate2 (implements ``engines.base.Seq2SeqBackend``)."""

    name = BACKEND_NAME

    def __init__(self, *, translator: Any, tokenizer: Any, model_dir: Path, converted: ConvertedModel,
                 precision: str, device: str, threads: int, load_seconds: float) -> None:
        self._translator = translator
        self._tokenizer = tokenizer
        self.model_dir = model_dir
        self.converted = converted
        self.precision = precision
        self.device = device
        self.threads = threads
        self.load_seconds = load_seconds  # conversion (if any) + loading, for reports and benchmarks
        self.last_generated: tuple[int, ...] = ()  # new tokens (EOS included) of each sequence of the last call

    @classmethod
    def load(cls, resolved: Any, *, precision: str = "auto", device: str = "auto",
             threads: int | None = None, allow_pickle: bool = False) -> "CTranslate2Backend":
        """Load (converting once if needed) the model at ``resolved.path`` (a ResolvedModel or
        a folder path); reused per process for the same path, precision, device and thread count."""
        ct2 = _import_ct2()
        model_dir = _model_path(resolved)
        if not model_dir.is_dir():
            raise ModelLoadError(f"model folder {model_dir} does not exist")
        if getattr(resolved, "has_safetensors", True) is False and not allow_pickle:
            raise ModelLoadError(f"model folder {model_dir} has no safetensors weights and pickle is not allowed")
        device = resolve_device(device)
        precision = resolve_precision(precision, device)
        n_threads = threads if threads is not None else default_threads()
        cache_key = (str(model_dir), precision, device, n_threads)
        with _LOAD_LOCK:
            cached = _LOADED.get(cache_key)
            if cached is not None:
                return cached
            started = time.perf_counter()
            managed = getattr(resolved, "source", None) == HF_CACHE_SOURCE
            converted = ensure_converted(model_dir, precision, managed=managed)
            try:
                translator = ct2.Translator(
                    str(converted.path), device=device, compute_type=COMPUTE_TYPES[precision],
                    inter_threads=INTER_THREADS, intra_threads=n_threads,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelLoadError(f"CTranslate2 cannot load {converted.path}: {exc}") from exc
            tokenizer = _Tokenizer(model_dir)
            backend = cls(translator=translator, tokenizer=tokenizer, model_dir=model_dir,
                          converted=converted, precision=precision, device=device,
                          threads=n_threads, load_seconds=time.perf_counter() - started)
            log.info("ctranslate2 %s on %s (%d threads) loaded in %.2fs from %s", precision, device,
                     n_threads, backend.load_seconds, converted.path)
            _LOADED[cache_key] = backend
            return backend

    # -- Seq2SeqBackend

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text))

    def generate(self, inputs: list[str], request: GenerateRequest) -> list[list[str]]:
        # decoded exactly as the torch backend decodes (same tokenizer, same flags)
        return [self._tokenizer.decode_batch(hypotheses) for hypotheses in self.generate_ids(inputs, request)]

    # -- extras

    def generate_ids(self, inputs: list[str], request: GenerateRequest) -> list[list[list[int]]]:
        """Like :meth:`generate` but returns the generated token ids (EOS not included)."""
        if request.num_return_sequences > request.num_beams:
            raise BadOptionError(
                f"num_return_sequences ({request.num_return_sequences}) must not exceed "
                f"num_beams ({request.num_beams})"
            )
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
        return ids

    def info(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "precision": self.precision,
            "device": self.device,
            "threads": self.threads,
            "compute_type": getattr(self._translator, "compute_type", None),
            "converted_path": str(self.converted.path),
            "converted_now": self.converted.converted,
            "source_key": self.converted.key,
            "load_s": self.load_seconds,
        }


class _Tokenizer:
    """The checkpoint's tokenizer behind the four calls this backend needs.

    When the folder has a ``tokenizer.json`` whose post-processor appends EOS (every checkpoint
    saved by transformers 5, the tiny builder's included), it is run directly by the
    ``tokenizers`` library: the very tokenizer ``AutoTokenizer`` wraps, without importing
    transformers and torch (seconds of start-up on a small CPU). Otherwise ``AutoTokenizer``."""

    def __init__(self, model_dir: Path) -> None:
        self._fast = _fast_tokenizer(model_dir)
        self._hf = None if self._fast is not None else _hf_tokenizer(model_dir)

    def encode(self, text: str) -> list[int]:
        if self._fast is not None:
            return list(self._fast.encode(text).ids)
        return list(self._hf(text, add_special_tokens=True, verbose=False)["input_ids"])

    def ids_to_tokens(self, ids: list[int]) -> list[str]:
        if self._fast is not None:
            return [self._fast.id_to_token(i) for i in ids]
        return self._hf.convert_ids_to_tokens(ids)

    def tokens_to_ids(self, tokens: list[str]) -> list[int]:
        if self._fast is not None:
            ids = [self._fast.token_to_id(t) for t in tokens]
            if None in ids:  # a padded vocabulary row the tokenizer does not know: decode as <unk>
                unk = self._fast.token_to_id(UNK_TOKEN)
                ids = [unk if i is None else i for i in ids]
            return ids
        return self._hf.convert_tokens_to_ids(tokens)

    def decode_batch(self, sequences: list[list[int]]) -> list[str]:
        """Special tokens stripped, no clean-up of spaces (as the torch backend decodes)."""
        if self._fast is not None:
            return self._fast.decode_batch(sequences, skip_special_tokens=True)
        return self._hf.batch_decode(sequences, skip_special_tokens=True, clean_up_tokenization_spaces=False)


TOKENIZER_FILE = "tokenizer.json"
EOS_TOKEN = "</s>"
UNK_TOKEN = "<unk>"


def _fast_tokenizer(model_dir: Path) -> Any:
    file = model_dir / TOKENIZER_FILE
    if not file.is_file():
        return None
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return None
    try:
        tokenizer = Tokenizer.from_file(str(file))
    except Exception as exc:  # tokenizers raises its own Exception subclass for malformed files
        raise ModelLoadError(f"cannot load the tokenizer of {model_dir}: {exc}") from exc
    eos = tokenizer.token_to_id(EOS_TOKEN)
    if eos is None or tokenizer.encode("").ids != [eos]:
        log.info("%s does not append %s itself; using transformers' tokenizer", file, EOS_TOKEN)
        return None
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _hf_tokenizer(model_dir: Path) -> Any:
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"cannot load the tokenizer of {model_dir}: {exc}") from exc


def clear_loaded() -> None:
    """Forget every loaded model (tests and benchmarks use this between configurations)."""
    with _LOAD_LOCK:
        _LOADED.clear()
