"""ONNX Runtime backend: the fastest CPU path for ViT5 (and any T5 checkpoint) on this project's
benchmark (``scripts/bench.py``).

The checkpoint's weights (the files :func:`summarizer.models.weight_files` names, which every
backend reads: safetensors; pickle only with ``allow_pickle``) are turned once into
two ONNX graphs by :mod:`summarizer.engines.t5_onnx` (no exporter, no torch): an encoder that
also projects the cross-attention keys/values of every decoder layer, and a one-token decoder
step with a self-attention cache. ``int8`` (the CPU default) quantizes every projection and the
LM head as ONNX Runtime's dynamic quantization does (int8 weights, one scale per output column;
activations quantized per call by its ``DynamicQuantizeMatMul``); ``float32`` keeps the
checkpoint's weights and matches the torch backend token for token. The build is cached beside the model (``.onnx-cache``) or in the
user cache (``onnx/``), keyed by the source's hash: :mod:`summarizer.engines.model_cache`. Every
build first checks the weights against config.json and for finite values
(:func:`t5_onnx.check_weights`); a cached build whose marker does not record that check (an older
version made it) has the checkpoint checked before it is used (:func:`checkpoint_check`; the
torch and CTranslate2 backends make the same check). A build ONNX Runtime cannot load (a
truncated weights file) is built again once (:func:`model_cache.load_built`).

Search (greedy, beam search with the options of ``GenerateRequest``) runs in numpy,
:mod:`summarizer.engines.search`, with transformers' semantics. Inputs are generated one at a
time: int8 activations are quantized with one scale per call, so a batch would make one input's
result depend on the others. The tokenizer is the checkpoint's own
(:class:`summarizer.engines.tokenizer.Tokenizer`), so this path imports neither torch nor
transformers at run time. Building the graphs needs the ``onnx`` package;
``onnx`` and ``onnxruntime`` are imported inside functions only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import logging
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DeviceError, GenerationError, ModelLoadError
from ..json_input import parse_json
from ..models import SUPPORTED_MODEL_TYPES, load_pickle_weights, weight_files
from . import model_cache, search, t5_onnx
from .base import FastBackend, GenerateRequest, LoadedOnce
from .model_cache import ConvertedModel, default_threads
from .tokenizer import Tokenizer, checked_tokenizer

log = logging.getLogger("summarizer.engines.ort_backend")

BACKEND_NAME = "onnxruntime"
PRECISIONS = ("int8", "float32")  # what this backend runs
DEFAULT_PRECISION = "int8"  # what precision "auto" means (chosen from scripts/bench.py figures)
DEVICES = ("auto", "cpu")
CACHE_DIRNAME = ".onnx-cache"  # inside the model folder
USER_CACHE_SUBDIR = "onnx"  # inside the user cache folder
SHAPE_FILE = "t5-shape.json"  # the T5Shape the graphs were built for
BIAS_FILE = "position-bias.npz"  # relative position bias tables (encoder, decoder)
BUILT_FILES = (t5_onnx.ENCODER_FILE, t5_onnx.DECODER_FILE, SHAPE_FILE, BIAS_FILE)
CACHE_FORMAT = 5  # bump when the graphs or the layout change
PROVIDER = "CPUExecutionProvider"
ERROR_LOG_LEVEL = 3  # ONNX Runtime's own log: errors only
CACHE = model_cache.CacheSpec(label="ONNX Runtime", dirname=CACHE_DIRNAME, subdir=USER_CACHE_SUBDIR,
                              required=BUILT_FILES)


def available() -> bool:
    """Whether ``onnxruntime`` imports here and ``onnx`` (needed to build the graphs) is
    installed (``auto`` skips this backend otherwise)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    try:
        return importlib.util.find_spec("onnx") is not None
    except (ImportError, ValueError):  # a broken or half-removed install
        return False


def import_ort() -> Any:
    try:
        import onnxruntime
    except ImportError as exc:
        raise DeviceError(
            "backend onnxruntime is not installed; install it with pip install 'summarizer[fast]' "
            "or choose one of: --backend torch, --backend ctranslate2, --backend auto"
        ) from exc
    return onnxruntime


# --------------------------------------------------------------------------- building


NUMPY_READER = "np"  # safetensors' numpy reader: what the graphs are built from (no torch needed)
TORCH_READER = "pt"  # its torch reader, widened to float32 numpy: every weight type torch reads


class _SafetensorsWeights(Mapping[str, np.ndarray]):
    """The tensors of a (possibly sharded) safetensors checkpoint, each read from its file when
    asked for, so a build holds one weight at a time rather than the whole checkpoint (ViT5-large:
    3 GB); float16 and bfloat16 weights are widened to float32 by the builder. Unreadable files and
    dtypes numpy cannot read are a ModelLoadError naming the file; a missing name is a KeyError.
    ``reader``: :data:`NUMPY_READER`, or :data:`TORCH_READER` for the weight check of the torch
    and CTranslate2 backends (torch reads every dtype they run; numpy needs ml_dtypes for bfloat16)."""

    def __init__(self, shards: list[Path], reader: str = NUMPY_READER) -> None:
        if reader == NUMPY_READER:
            try:  # numpy reads bfloat16 once ml_dtypes (a dependency of onnx) has registered it
                import ml_dtypes  # noqa: F401
            except ImportError:
                log.debug("ml_dtypes is not installed: bfloat16 checkpoints cannot be read for ONNX Runtime")
        self._reader = reader
        self._where: dict[str, Path] = {}
        for shard in shards:
            with self._open(shard) as handle:
                self._where.update(dict.fromkeys(handle.keys(), shard))

    def _open(self, shard: Path) -> Any:
        from safetensors import safe_open

        try:
            return safe_open(str(shard), framework=self._reader)
        except Exception as exc:
            if _read_error(exc):
                raise _unreadable(shard, exc, self._reader, dtype=False) from exc
            raise

    def __getitem__(self, name: str) -> np.ndarray:
        shard = self._where[name]
        with self._open(shard) as handle:
            try:
                tensor = handle.get_tensor(name)
            except Exception as exc:
                if _read_error(exc):
                    raise _unreadable(shard, exc, self._reader, dtype=_dtype_error(exc)) from exc
                raise
        if self._reader == TORCH_READER:
            return _as_numpy(tensor)
        return tensor

    def __contains__(self, name: object) -> bool:
        return name in self._where  # Mapping's own would read the whole tensor to answer

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def _as_numpy(tensor: Any) -> np.ndarray:
    """A torch tensor as numpy, floating point as float32 as the builders read it (numpy has no bfloat16)."""
    return (tensor.float() if tensor.is_floating_point() else tensor).numpy()


def _read_error(exc: Exception) -> bool:
    """A corrupt or truncated file (safetensors' own error type, OSError) or a dtype numpy cannot
    read (TypeError, ValueError; AttributeError for float8), as opposed to a bug elsewhere."""
    return (isinstance(exc, (OSError, TypeError, ValueError, AttributeError))
            or type(exc).__module__.startswith("safetensors"))


def _dtype_error(exc: Exception) -> bool:
    """A tensor of a type numpy cannot read (bfloat16 without ml_dtypes: TypeError; float8:
    AttributeError), as opposed to a damaged file (safetensors' own error, OSError)."""
    return isinstance(exc, (TypeError, ValueError, AttributeError)) and not type(exc).__module__.startswith("safetensors")


def _unreadable(shard: Path, exc: Exception, reader: str, *, dtype: bool) -> ModelLoadError:
    """The file ``shard`` cannot be read; torch is suggested only for a weight type numpy cannot
    read (torch fails on a damaged file too)."""
    purpose = "ONNX Runtime" if reader == NUMPY_READER else "the weight check"
    hint = "; --backend torch reads every weight type" if dtype and reader == NUMPY_READER else ""
    return ModelLoadError(f"cannot read {shard} for {purpose}: {type(exc).__name__}: {exc}{hint}")


def checkpoint_weights(model_dir: Path, allow_pickle: bool, reader: str = NUMPY_READER) -> Mapping[str, np.ndarray]:
    """Every tensor of the checkpoint as numpy arrays: the files :func:`models.weight_files`
    names (which every backend reads), safetensors read lazily (``reader``: see
    :class:`_SafetensorsWeights`), pickle ones only with ``allow_pickle``, read by
    :func:`models.load_pickle_weights` (``weights_only``)."""
    files, is_pickle = weight_files(model_dir, allow_pickle=allow_pickle)
    if not is_pickle:
        return _SafetensorsWeights(files, reader)
    weights = {}
    for file in files:
        state = load_pickle_weights(file)
        weights.update({k: _as_numpy(v) for k, v in state.items()})
    return weights


@contextlib.contextmanager
def _checkpoint_errors(model_dir: Path) -> Iterator[None]:
    """A missing weight or one that does not fit config.json, as a ModelLoadError naming it."""
    try:
        yield
    except KeyError as exc:
        raise ModelLoadError(f"{model_dir} lacks the weight {exc} that its config calls for") from exc
    except t5_onnx.CheckpointMismatch as exc:
        raise ModelLoadError(f"{model_dir}: {exc}") from exc


def _checked_checkpoint(model_dir: Path, allow_pickle: bool, *,
                        graphs: bool = True) -> tuple[Mapping[str, np.ndarray], t5_onnx.T5Shape]:
    """The checkpoint's weights and shape, checked against each other (:func:`t5_onnx.check_weights`).
    ``graphs``: for the graphs and the native step (their config needs, numpy's reader);
    otherwise for the torch and CTranslate2 backends (see :func:`t5_onnx.T5Shape.from_config`)."""
    config = parse_json((model_dir / "config.json").read_text(encoding="utf-8"))
    if graphs:
        shape = t5_onnx.T5Shape.from_config(config)
    else:
        shape = t5_onnx.T5Shape.from_config(config, graphs=False, model_types=SUPPORTED_MODEL_TYPES)
    weights = checkpoint_weights(model_dir, allow_pickle, NUMPY_READER if graphs else TORCH_READER)
    with _checkpoint_errors(model_dir):
        t5_onnx.check_weights(weights, shape)
    return weights, shape


def checkpoint_build(model_dir: Path, allow_pickle: bool,
                     write: Callable[[Mapping[str, np.ndarray], t5_onnx.T5Shape, Path], None]) -> Callable[[Path], None]:
    """A build for ``model_cache.ensure_built``: reads the checkpoint's config and weights, checks
    them (:func:`checkpoint_check` names this check) and has ``write(weights, shape, folder)``
    write the build (a missing weight: ModelLoadError)."""
    def build(folder: Path) -> None:
        weights, shape = _checked_checkpoint(model_dir, allow_pickle)
        with _checkpoint_errors(model_dir):
            write(weights, shape, folder)

    return build


def checkpoint_check(model_dir: Path, allow_pickle: bool, *, graphs: bool = True) -> model_cache.SourceCheck:
    """The weight check :func:`checkpoint_build` makes, for ``model_cache.ensure_built`` to make on
    its own before it uses a build whose marker does not record it (one made before the check
    existed, or before it last grew: :data:`t5_onnx.WEIGHT_CHECKS`). Without ``graphs``, the same
    check for a backend whose own library reads the checkpoint (torch, CTranslate2): config.json
    held to what that library accepts, weights read through torch."""
    def run() -> None:
        _checked_checkpoint(model_dir, allow_pickle, graphs=graphs)

    return model_cache.SourceCheck(name=f"t5-weights-{t5_onnx.WEIGHT_CHECKS}", run=run)


def _build(model_dir: Path, precision: str, allow_pickle: bool) -> Callable[[Path], None]:
    return checkpoint_build(model_dir, allow_pickle,
                            lambda weights, shape, folder: write_graphs(weights, shape, folder, precision))


def write_graphs(weights: Mapping[str, np.ndarray], shape: t5_onnx.T5Shape, folder: Path, precision: str,
                 *, decoder: bool = True) -> None:
    """Write the graphs (int8 projections for ``int8``; the encoder's alone without ``decoder``),
    the shape and the position-bias tables into ``folder``. Raises KeyError when a weight the
    config calls for is missing."""
    encoder_table, decoder_table = t5_onnx.bias_tables(weights)
    np.savez(folder / BIAS_FILE, encoder=encoder_table, decoder=decoder_table)
    (folder / SHAPE_FILE).write_text(json.dumps(dataclasses.asdict(shape), indent=1), encoding="utf-8")
    t5_onnx.build(weights, shape, folder, quantize=precision == "int8", decoder=decoder)


def ensure_built(model_dir: Path, precision: str, *, managed: bool = False,
                 allow_pickle: bool = False) -> ConvertedModel:
    """The ONNX graphs of ``model_dir`` at ``precision``, built on first use."""
    check_precision(precision)
    ort = import_ort()
    tag = f"onnxruntime-{ort.__version__}|{CACHE_FORMAT}"
    return model_cache.ensure_built(model_dir, CACHE, precision, tag, _build(model_dir, precision, allow_pickle),
                                    managed=managed, check=checkpoint_check(model_dir, allow_pickle))


def resolve_device(device: str, backend: str = BACKEND_NAME) -> str:
    """``cpu`` for ``auto``/``cpu`` (``backend`` names the backend in errors: it runs on the CPU)."""
    if device == "cuda":
        raise DeviceError(f"device cuda is not available to backend {backend} (it runs on the CPU); "
                          "choose one of: auto, cpu, or --backend torch for CUDA")
    if device not in DEVICES:
        raise DeviceError(f"invalid device {device!r} for backend {backend}; choose one of: {', '.join(DEVICES)}")
    return "cpu"


def resolve_precision(precision: str, backend: str = BACKEND_NAME) -> str:
    if precision == "auto":
        return DEFAULT_PRECISION
    check_precision(precision, backend)
    return precision


def check_precision(precision: str, backend: str = BACKEND_NAME) -> None:
    """DeviceError unless ``precision`` is one the ONNX Runtime backends (this one and native)
    run; ``backend`` names the one asked for in the message."""
    if precision not in PRECISIONS:
        raise DeviceError(f"precision {precision!r} is not supported by backend {backend}; "
                          f"choose one of: auto, {', '.join(PRECISIONS)}")


def session(ort: Any, path: Path, threads: int) -> Any:
    """An ONNX Runtime CPU session over the graph at ``path`` with ``threads`` intra-op threads;
    a graph it cannot load (a truncated weights file, a garbled graph) is a
    :class:`model_cache.DamagedBuild` of its folder, which the loader builds again."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = ERROR_LOG_LEVEL
    try:
        return ort.InferenceSession(str(path), options, providers=[PROVIDER])
    except Exception as exc:
        if not (ort_error(exc) or isinstance(exc, (RuntimeError, ValueError, OSError, TypeError))):
            raise
        raise model_cache.DamagedBuild(path.parent, f"ONNX Runtime cannot load {path.name}: {exc}") from exc


def ort_error(exc: BaseException) -> bool:
    """An error of ONNX Runtime itself: its exception classes (Fail, InvalidProtobuf,
    RuntimeException, ...) derive from Exception alone, told by their module."""
    return type(exc).__module__.startswith("onnxruntime")


def read_shape(folder: Path) -> tuple[t5_onnx.T5Shape, tuple[np.ndarray, np.ndarray]]:
    """The T5Shape and the (encoder, decoder) position-bias tables a build was made for
    (:class:`model_cache.DamagedBuild` when they cannot be read)."""
    try:
        shape = t5_onnx.T5Shape(**parse_json((folder / SHAPE_FILE).read_text(encoding="utf-8")))
        with np.load(folder / BIAS_FILE) as tables:
            return shape, (tables["encoder"], tables["decoder"])
    except (ValueError, OSError, TypeError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # a truncated .npz
        raise model_cache.DamagedBuild(folder, f"cannot read {SHAPE_FILE} or {BIAS_FILE}: {exc}") from exc


# --------------------------------------------------------------------------- the backend

_LOADED: LoadedOnce["OnnxRuntimeBackend"] = LoadedOnce()


class OnnxRuntimeBackend(FastBackend):
    """A T5 checkpoint run as ONNX graphs by ONNX Runtime (implements ``Seq2SeqBackend``)."""

    name = BACKEND_NAME
    device = "cpu"

    def __init__(self, *, encoder: Any, decoder: Any, shape: t5_onnx.T5Shape, tables: tuple[np.ndarray, np.ndarray],
                 tokenizer: Tokenizer, model_dir: Path, built: ConvertedModel, precision: str, threads: int,
                 load_seconds: float) -> None:
        self._encoder = encoder
        self._decoder = decoder
        self._encoder_outputs = [o.name for o in encoder.get_outputs()]
        self._decoder_outputs = [o.name for o in decoder.get_outputs()] if decoder is not None else []
        self.shape = shape
        self._encoder_table, self._decoder_table = tables
        super().__init__(tokenizer=tokenizer, model_dir=model_dir, converted=built, precision=precision,
                         device=self.device, threads=threads, load_seconds=load_seconds)
        self._special = search.SpecialTokens(start=shape.decoder_start_token_id, eos=shape.eos_token_id,
                                             pad=shape.pad_token_id)

    @classmethod
    def load(cls, resolved: Any, *, precision: str = "auto", device: str = "auto",
             threads: int | None = None, allow_pickle: bool = False) -> "OnnxRuntimeBackend":
        """Load (building the graphs once if needed) the model at ``resolved.path`` (a
        ResolvedModel or a folder path); reused per process for the same path, precision and
        thread count."""
        ort = import_ort()
        model_dir, managed = model_cache.source_folder(resolved, allow_pickle=allow_pickle)
        resolve_device(device)
        precision = resolve_precision(precision)
        n_threads = threads if threads is not None else default_threads()

        def load() -> "OnnxRuntimeBackend":
            started = time.perf_counter()

            def open_build(built: ConvertedModel) -> "OnnxRuntimeBackend":
                encoder = session(ort, built.path / t5_onnx.ENCODER_FILE, n_threads)
                decoder = session(ort, built.path / t5_onnx.DECODER_FILE, n_threads)
                shape, bias = read_shape(built.path)
                return cls(encoder=encoder, decoder=decoder, shape=shape, tables=bias,
                           tokenizer=checked_tokenizer(model_dir), model_dir=model_dir, built=built,
                           precision=precision, threads=n_threads, load_seconds=time.perf_counter() - started)

            backend = model_cache.load_built(
                lambda: ensure_built(model_dir, precision, managed=managed, allow_pickle=allow_pickle), open_build, CACHE)
            log.info("onnxruntime %s on cpu (%d threads) loaded in %.2fs from %s", precision, n_threads,
                     backend.load_seconds, backend.converted.path)
            return backend

        return _LOADED.get((str(model_dir), precision, n_threads, allow_pickle), load)

    # -- Seq2SeqBackend (count_tokens, generate: FastBackend)

    def generate_ids(self, inputs: list[str], request: GenerateRequest) -> list[list[list[int]]]:
        """Like :meth:`generate` but returns the generated token ids (EOS not included)."""
        if not inputs:
            return []
        results: list[list[list[int]]] = []
        try:
            # one input at a time: int8 activations are quantized with one scale per call, so
            # batching inputs would make a result depend on the other inputs
            for text in inputs:
                step = self._decoder_steps(self._tokenizer.encode(text), request.num_beams, request.max_new_tokens)
                results.extend(search.search(step, 1, request, self._special))
        except Exception as exc:  # onnxruntime's own error classes derive from Exception alone
            if not (isinstance(exc, RuntimeError) or ort_error(exc)):
                raise
            raise GenerationError(f"{self.name} generation failed: {exc}") from exc
        self.last_generated = tuple(len(ids) for hyps in results for ids in hyps)
        eos = self._special.eos
        self.last_finished = tuple(bool(ids) and ids[-1] == eos for hyps in results for ids in hyps)
        return [[[i for i in ids if i != eos] for ids in hyps] for hyps in results]

    def _encode(self, ids: list[int]) -> tuple[dict[str, Any], Any]:
        """Run the encoder over one input's ``ids``: its outputs (the cross-attention keys and
        values of every decoder layer) as OrtValues by name, and the (empty) padding mask. (The
        graphs take batches with a padding mask; one input at a time needs none.)"""
        length = len(ids)
        ort = import_ort()
        value = ort.OrtValue.ortvalue_from_numpy
        mask = value(np.zeros((1, 1, 1, length), dtype=np.float32))  # no padding
        encoded = self._encoder.run_with_ort_values(self._encoder_outputs, {
            "input_ids": value(np.asarray([ids], dtype=np.int64)),
            "position_bias": value(t5_onnx.encoder_bias(self._encoder_table, length, self.shape)),
            "mask_bias": mask,
        })
        return dict(zip(self._encoder_outputs, encoded)), mask

    def _decoder_steps(self, ids: list[int], beams: int, steps: int) -> search.StepFunction:
        """Run the encoder over one input's ``ids`` and return the decoder step function of
        the search over its ``beams`` rows (at most ``steps`` calls)."""
        shape = self.shape
        value = import_ort().OrtValue.ortvalue_from_numpy
        feed, mask = self._encode(ids)
        # the cache stays in ONNX Runtime's memory from step to step (no copies through numpy)
        feed["mask_bias"] = mask
        rows = beams
        for layer in range(shape.num_decoder_layers):
            feed[f"past_key_t.{layer}"] = value(np.zeros((rows, shape.num_heads, shape.d_kv, 0), dtype=np.float32))
            feed[f"past_value.{layer}"] = value(np.zeros((rows, shape.num_heads, 0, shape.d_kv), dtype=np.float32))
        identity = np.arange(rows, dtype=np.int64)
        position = 0

        def step(tokens: np.ndarray, reorder: np.ndarray | None) -> np.ndarray:
            nonlocal position
            feed["source_rows"] = value(identity if reorder is None else reorder.astype(np.int64))
            feed["input_ids"] = value(tokens.astype(np.int64).reshape(rows, 1))
            feed["self_bias"] = value(t5_onnx.decoder_bias(self._decoder_table, position, shape))
            outputs = dict(zip(self._decoder_outputs, self._decoder.run_with_ort_values(self._decoder_outputs, feed)))
            for layer in range(shape.num_decoder_layers):
                feed[f"past_key_t.{layer}"] = outputs[f"present_key_t.{layer}"]
                feed[f"past_value.{layer}"] = outputs[f"present_value.{layer}"]
            position += 1
            return outputs[t5_onnx.LOG_PROBS].numpy()

        return step


def clear_loaded() -> None:
    """Forget every loaded model (tests and benchmarks use this between configurations)."""
    _LOADED.clear()
