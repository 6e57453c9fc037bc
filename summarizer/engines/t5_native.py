"""The T5 decoder step in C (``native/t5step.c``): compiled once per machine, weights laid out
for it, and a ctypes wrapper.

Why: a decoder step with one new token per sequence reads every decoder weight and the
cross-attention cache once, so its floor is memory bandwidth. ONNX Runtime's int8 products read
weights at about 17 GB/s on this project's 2-core machine and its float32 cross-attention cache
adds 75 MB per step over 1,024 source tokens; the C step keeps both in int8 and streams them
with AVX-512 VNNI (else AVX2, else plain C) products, see the C file's header.

* **Library.** :func:`library` compiles ``t5step.c`` with the system C compiler (``$CC``, else
  ``cc``, ``gcc`` or ``clang``) into the user cache (``$SUMMARIZER_CACHE_DIR/native/`` or
  ``~/.cache/summarizer/native/``), keyed by the sha256 of the source, the flags, the compiler
  and this CPU's feature flags (the build uses ``-march=native``), written atomically and
  reused; it tries OpenMP and ``-march=native`` first and drops what the compiler refuses.
* **Weights.** :func:`write_weights` writes the decoder's weights into one file
  (``decoder.bin``, every tensor 64-byte aligned, described by ``decoder.json``): the decoder
  embedding and RMS norm weights in float32; each projection ``[out, in]`` as int8 with one
  scale per output row (the same numbers as :func:`t5_onnx.quantize_columns` of its transpose)
  and its row sums, or as float32. :class:`DecoderWeights` maps the file back (no copy).
* **Step.** :class:`Decoder` holds the C model over those arrays; :meth:`Decoder.state` makes
  the per-input state (int8 cross-attention cache, self-attention cache, scratch), freed with
  the object.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import platform
import shutil
import subprocess
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GenerationError, NativeBuildError
from ..fileio import create_temporary_beside
from ..json_input import parse_json
from . import model_cache, t5_onnx

log = logging.getLogger("summarizer.engines.t5_native")

SOURCE = Path(__file__).parent / "native" / "t5step.c"
CC_ENV = "CC"  # the C compiler to use, as make and setuptools read it
COMPILERS = ("cc", "gcc", "clang")  # looked up on PATH when $CC is not set
BASE_FLAGS = ("-O3", "-std=gnu11", "-shared", "-fPIC")
# optional flags, tried together first and dropped one by one when the compiler refuses them
OPTIONAL_FLAGS = (("-fopenmp",), ("-march=native",))
LIBRARIES = ("-lm",)
USER_CACHE_SUBDIR = "native"  # inside the user cache folder
COMPILE_TIMEOUT_S = 120
WEIGHTS_FILE = "decoder.bin"
LAYOUT_FILE = "decoder.json"
ALIGN = 64  # byte alignment of every tensor in WEIGHTS_FILE (one cache line)
LAYOUT_FORMAT = 1  # bump when the layout of WEIGHTS_FILE changes
ACTIVATION_CODES = {"relu": 0, "gelu": 1, "gelu_new": 2}  # ACT_* in t5step.c
MATS_PER_LAYER = ("qkv", "o", "cross_q", "cross_o", "wi", "wo")  # M_* order in t5step.c
NORMS_PER_LAYER = ("layer.0", "layer.1", "layer.2")  # N_* order: self, cross, feed-forward
KERNELS = {0: "c", 1: "avx2", 2: "avx512-vnni"}  # t5_kernel() -> name
STATUS = {2: "more steps than the state was made for", 3: "invalid argument"}  # T5_ERR_* in t5step.c


# --------------------------------------------------------------------------- the library


def _compiler() -> str | None:
    named = os.environ.get(CC_ENV)
    if named:
        return shutil.which(named) or named
    for name in COMPILERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def compiler_available() -> bool:
    """Whether a C compiler is found (``auto`` prefers this backend only then)."""
    return _compiler() is not None


def _cpu_fingerprint() -> str:
    """What ``-march=native`` depends on: the CPU's feature flags (Linux), else its name."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("flags", "Features")):
                return line
    except OSError:
        log.debug("no /proc/cpuinfo; keying the native build by the processor name")
    return f"{platform.machine()}|{platform.processor()}"


def _compile(compiler: str, flags: tuple[str, ...], target: Path) -> subprocess.CompletedProcess[str]:
    command = [compiler, *BASE_FLAGS, *flags, str(SOURCE), "-o", str(target), *LIBRARIES]
    return subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S, check=False)


def _flag_sets() -> list[tuple[str, ...]]:
    """All optional flags, then each left out in turn, then none."""
    everything = tuple(flag for group in OPTIONAL_FLAGS for flag in group)
    sets = [everything]
    sets += [tuple(f for g in OPTIONAL_FLAGS if g is not left for f in g) for left in OPTIONAL_FLAGS]
    sets.append(())
    return list(dict.fromkeys(sets))


def build_library(folder: Path | None = None, optional: tuple[tuple[str, ...], ...] | None = None) -> Path:
    """The compiled step library, built now unless a build with the same key exists, into
    ``folder`` (default: the user cache). ``optional``: the optional flag sets to try, in order,
    instead of :func:`_flag_sets` (tests build the AVX2 and plain C kernels this way)."""
    compiler = _compiler()
    if compiler is None:
        raise NativeBuildError(f"the native backend needs a C compiler (set ${CC_ENV} or install cc); "
                               "--backend onnxruntime needs none")
    root = folder or model_cache.user_cache_dir(USER_CACHE_SUBDIR)
    source = SOURCE.read_bytes()
    try:
        version = subprocess.run([compiler, "--version"], capture_output=True, text=True,
                                 timeout=COMPILE_TIMEOUT_S, check=False).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise NativeBuildError(f"cannot run the C compiler {compiler}: {exc}") from exc
    fingerprint = _cpu_fingerprint().encode()
    targets = []
    for flags in (_flag_sets() if optional is None else optional):
        key = hashlib.sha256(b"\0".join([source, " ".join(BASE_FLAGS + flags).encode(), version.encode(),
                                         fingerprint])).hexdigest()[:model_cache.KEY_CHARS]
        targets.append((flags, root / f"t5step-{key}{_suffix()}"))
    for _flags, target in targets:  # any earlier build, even with fewer flags: no retrying each start
        if target.is_file():
            return target
    errors: list[str] = []
    for flags, target in targets:
        try:
            root.mkdir(parents=True, exist_ok=True)
            fd, tmp = create_temporary_beside(target)
        except OSError as exc:
            raise NativeBuildError(f"cannot write the native step library into {root}: {exc}; "
                                   f"set {model_cache.CACHE_ENV} to a writable folder") from exc
        os.close(fd)
        try:
            done = _compile(compiler, flags, Path(tmp))
            if done.returncode == 0:
                os.replace(tmp, target)
                log.info("compiled %s with %s %s", target.name, Path(compiler).name, " ".join(flags) or "(no optional flags)")
                return target
            errors.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
        except (OSError, subprocess.SubprocessError) as exc:
            errors.append(str(exc))
        finally:
            Path(tmp).unlink(missing_ok=True)
    raise NativeBuildError(f"cannot compile {SOURCE.name} with {compiler}: {errors[-1]}")


def _suffix() -> str:
    return ".dll" if os.name == "nt" else (".dylib" if platform.system() == "Darwin" else ".so")


class _Mat(ctypes.Structure):
    _fields_ = [("q", ctypes.c_void_p), ("scale", ctypes.c_void_p), ("sums", ctypes.c_void_p),
                ("f", ctypes.c_void_p), ("out", ctypes.c_int64), ("in_", ctypes.c_int64)]


class _Model(ctypes.Structure):
    _fields_ = [("d_model", ctypes.c_int64), ("d_kv", ctypes.c_int64), ("heads", ctypes.c_int64),
                ("layers", ctypes.c_int64), ("d_ff", ctypes.c_int64), ("vocab", ctypes.c_int64),
                ("gated", ctypes.c_int64), ("activation", ctypes.c_int64), ("scale_output", ctypes.c_int64),
                ("cache_int8", ctypes.c_int64), ("eps", ctypes.c_double), ("embed", ctypes.c_void_p), ("norms", ctypes.c_void_p),
                ("mats", ctypes.POINTER(_Mat))]


_LIBRARIES: dict[Path, ctypes.CDLL] = {}


def library(folder: Path | None = None, optional: tuple[tuple[str, ...], ...] | None = None) -> ctypes.CDLL:
    """The step library (compiled on first use; arguments as :func:`build_library`), loaded
    once per process."""
    path = build_library(folder, optional)
    if path not in _LIBRARIES:
        try:
            lib = ctypes.CDLL(str(path))
        except OSError as exc:
            raise NativeBuildError(f"cannot load the native step library {path}: {exc}") from exc
        model_p, state_p = ctypes.POINTER(_Model), ctypes.c_void_p
        lib.t5_state_new.restype = state_p
        lib.t5_state_new.argtypes = [model_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64]
        lib.t5_state_free.restype = None
        lib.t5_state_free.argtypes = [state_p]
        lib.t5_set_cross.restype = ctypes.c_int
        lib.t5_set_cross.argtypes = [model_p, state_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p]
        lib.t5_step.restype = ctypes.c_int
        lib.t5_step.argtypes = [model_p, state_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        lib.t5_threads.restype = ctypes.c_int
        lib.t5_threads.argtypes = [ctypes.c_int]
        lib.t5_kernel.restype = ctypes.c_int
        lib.t5_kernel.argtypes = []
        _LIBRARIES[path] = lib
    return _LIBRARIES[path]


# --------------------------------------------------------------------------- weights


def _decoder_tensors(weights: Mapping[str, np.ndarray], shape: t5_onnx.T5Shape) -> list[tuple[str, np.ndarray]]:
    """(name, float32 array) of everything the C step reads, in its order; projections ``[out, in]``."""
    def w(key: str) -> np.ndarray:
        return np.asarray(weights[key], dtype=np.float32)

    tensors = [("embed", w(t5_onnx.embedding_key(weights, "decoder")))]
    norms = [w(f"decoder.block.{layer}.{part}.layer_norm.weight")
             for layer in range(shape.num_decoder_layers) for part in NORMS_PER_LAYER]
    tensors.append(("norms", np.stack([*norms, w("decoder.final_layer_norm.weight")])))
    for layer in range(shape.num_decoder_layers):
        block = f"decoder.block.{layer}"
        attn, cross, ff = f"{block}.layer.0.SelfAttention", f"{block}.layer.1.EncDecAttention", f"{block}.layer.2.DenseReluDense"
        wi = (np.concatenate([w(f"{ff}.wi_0.weight"), w(f"{ff}.wi_1.weight")]) if shape.gated else w(f"{ff}.wi.weight"))
        mats = {"qkv": np.concatenate([w(f"{attn}.{n}.weight") for n in "qkv"]), "o": w(f"{attn}.o.weight"),
                "cross_q": w(f"{cross}.q.weight"), "cross_o": w(f"{cross}.o.weight"), "wi": wi, "wo": w(f"{ff}.wo.weight")}
        tensors += [(f"{layer}.{name}", mats[name]) for name in MATS_PER_LAYER]
    tensors.append(("lm_head", w(t5_onnx.lm_head_key(weights, shape))))
    return tensors


def write_weights(weights: Mapping[str, np.ndarray], shape: t5_onnx.T5Shape, folder: Path, *, quantize: bool) -> None:
    """Write ``decoder.bin`` and ``decoder.json`` into ``folder`` (see the module docstring).
    Raises KeyError when a weight the config calls for is missing."""
    layout: dict[str, Any] = {"format": LAYOUT_FORMAT, "quantized": quantize, "tensors": {}}
    offset = 0
    with (folder / WEIGHTS_FILE).open("wb") as out:
        def put(name: str, array: np.ndarray) -> None:
            nonlocal offset
            pad = -offset % ALIGN
            out.write(b"\0" * pad)
            offset += pad
            data = np.ascontiguousarray(array)
            layout["tensors"][name] = {"offset": offset, "dtype": data.dtype.str, "shape": list(data.shape)}
            out.write(data.tobytes())
            offset += data.nbytes

        for name, array in _decoder_tensors(weights, shape):
            if name in ("embed", "norms") or not quantize:
                put(name, array)
                continue
            quantized, scale = t5_onnx.quantize_columns(array.T)  # per output row of [out, in]
            rows = np.ascontiguousarray(quantized.T)
            put(f"{name}.q", rows)
            put(f"{name}.scale", scale)
            put(f"{name}.sums", rows.sum(axis=1, dtype=np.int32))
    (folder / LAYOUT_FILE).write_text(json.dumps(layout, indent=1), encoding="utf-8")


class DecoderWeights:
    """The arrays of a ``decoder.bin`` (views of one buffer read from it). Every array the C step
    reads must be there with the dimensions ``shape`` gives it (the C step
    trusts them: a garbled layout would have it read past the arrays). Anything wrong is a
    :class:`model_cache.DamagedBuild` of ``folder``, which the loader builds again."""

    def __init__(self, folder: Path, shape: t5_onnx.T5Shape) -> None:
        try:
            layout = parse_json((folder / LAYOUT_FILE).read_text(encoding="utf-8"))
            if layout.get("format") != LAYOUT_FORMAT:
                raise ValueError(f"layout format {layout.get('format')} is not {LAYOUT_FORMAT}")
            # read into process memory rather than mapped: numpy asks for huge pages on large
            # arrays, and a step that streams every weight then misses the TLB far less
            self._map = np.fromfile(folder / WEIGHTS_FILE, dtype=np.uint8)
            self.quantized = bool(layout["quantized"])
            self.arrays = {name: np.frombuffer(self._map, dtype=np.dtype(t["dtype"]), count=int(np.prod(t["shape"])),
                                               offset=t["offset"]).reshape(t["shape"])
                           for name, t in layout["tensors"].items()}
            _check_layout(self.arrays, self.quantized, shape)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise model_cache.DamagedBuild(folder, f"cannot read the native decoder weights: "
                                                   f"{type(exc).__name__}: {exc}") from exc


def _check_layout(arrays: Mapping[str, np.ndarray], quantized: bool, shape: t5_onnx.T5Shape) -> None:
    """ValueError unless ``arrays`` holds what :class:`Decoder` hands the C step, each array of
    the type and dimensions the step indexes it by (the feed-forward width is the first layer's)."""
    inner, d_model = shape.num_heads * shape.d_kv, shape.d_model
    expected: dict[str, tuple[tuple[int, ...], str]] = {
        "embed": ((shape.vocab_size, d_model), "<f4"),
        "norms": ((3 * shape.num_decoder_layers + 1, d_model), "<f4"),
    }
    wo = arrays.get("0.wo.q" if quantized else "0.wo")
    d_ff = int(wo.shape[-1]) if wo is not None and wo.ndim == 2 else -1  # -1: any layer's wo then mismatches
    for layer in range(shape.num_decoder_layers):
        mats = {"qkv": (3 * inner, d_model), "o": (d_model, inner), "cross_q": (inner, d_model),
                "cross_o": (d_model, inner), "wi": ((2 if shape.gated else 1) * d_ff, d_model), "wo": (d_model, d_ff)}
        expected.update(_mat_entries(f"{layer}", mats, quantized))
    expected.update(_mat_entries("", {"lm_head": (shape.vocab_size, d_model)}, quantized))
    for name, (dims, dtype) in expected.items():
        array = arrays.get(name)
        if array is None:
            raise ValueError(f"{LAYOUT_FILE} lacks {name}")
        if array.shape != dims or array.dtype.str != dtype:
            raise ValueError(f"{name} is {array.dtype.str} {list(array.shape)}, not {dtype} {list(dims)}")


def _mat_entries(prefix: str, mats: Mapping[str, tuple[int, int]],
                 quantized: bool) -> dict[str, tuple[tuple[int, ...], str]]:
    """What :func:`write_weights` writes for each projection ``[out, in]`` of ``mats``."""
    entries: dict[str, tuple[tuple[int, ...], str]] = {}
    for mat, (out, width) in mats.items():
        name = f"{prefix}.{mat}" if prefix else mat
        if quantized:
            entries.update({f"{name}.q": ((out, width), "|i1"), f"{name}.scale": ((out,), "<f4"),
                            f"{name}.sums": ((out,), "<i4")})
        else:
            entries[name] = ((out, width), "<f4")
    return entries


# --------------------------------------------------------------------------- the step


class Decoder:
    """The C model over a :class:`DecoderWeights` (kept alive with it)."""

    def __init__(self, lib: ctypes.CDLL, weights: DecoderWeights, shape: t5_onnx.T5Shape) -> None:
        self._lib = lib
        self._weights = weights
        self.shape = shape
        a = weights.arrays
        mats = (_Mat * (shape.num_decoder_layers * len(MATS_PER_LAYER) + 1))()
        names = [f"{layer}.{m}" for layer in range(shape.num_decoder_layers) for m in MATS_PER_LAYER] + ["lm_head"]
        for slot, name in zip(mats, names):
            if weights.quantized:
                q = a[f"{name}.q"]
                slot.q, slot.scale, slot.sums = q.ctypes.data, a[f"{name}.scale"].ctypes.data, a[f"{name}.sums"].ctypes.data
            else:
                q = a[name]
                slot.f = q.ctypes.data
            slot.out, slot.in_ = q.shape
        d_ff = mats[len(MATS_PER_LAYER) - 1].in_ if shape.num_decoder_layers else 0  # wo: [d_model, d_ff]
        self._mats = mats
        self._model = _Model(d_model=shape.d_model, d_kv=shape.d_kv, heads=shape.num_heads,
                             layers=shape.num_decoder_layers, d_ff=d_ff, vocab=shape.vocab_size,
                             gated=int(shape.gated), activation=ACTIVATION_CODES[shape.activation],
                             scale_output=int(shape.scale_decoder_outputs), cache_int8=int(weights.quantized),
                             eps=shape.eps,
                             embed=a["embed"].ctypes.data, norms=a["norms"].ctypes.data, mats=mats)

    def set_threads(self, threads: int) -> None:
        self._lib.t5_threads(threads)

    @property
    def kernel(self) -> str:
        """Which int8 kernel the compiled step uses (``avx512-vnni``, ``avx2`` or ``c``)."""
        return KERNELS.get(self._lib.t5_kernel(), "c")

    def state(self, rows: int, cross: list[tuple[np.ndarray, np.ndarray]], capacity: int) -> "StepState":
        """A state for ``rows`` sequences over one input, whose cross-attention keys (transposed,
        ``[1, heads, d_kv, source]``) and values (``[1, heads, source, d_kv]``) per layer are
        ``cross``, for at most ``capacity`` steps."""
        s = self.shape
        source = int(cross[0][1].shape[2]) if cross else 0
        expected = [((1, s.num_heads, s.d_kv, source), (1, s.num_heads, source, s.d_kv))] * s.num_decoder_layers
        if source < 1 or [(k.shape, v.shape) for k, v in cross] != expected:
            raise GenerationError("the encoder's cross-attention keys/values do not have the decoder's shape")
        pointer = self._lib.t5_state_new(ctypes.byref(self._model), rows, source, capacity)
        if not pointer:
            raise GenerationError(f"out of memory for a native decoder state ({rows} rows, {source} source tokens)")
        state = StepState(self, pointer, rows)
        for layer, (key_t, value) in enumerate(cross):
            key_t = np.ascontiguousarray(key_t, dtype=np.float32)
            value = np.ascontiguousarray(value, dtype=np.float32)
            state.check(self._lib.t5_set_cross(ctypes.byref(self._model), pointer, layer,
                                               key_t.ctypes.data, value.ctypes.data))
        return state


class StepState:
    """One input's decoding state in C memory (freed when this object goes)."""

    def __init__(self, decoder: Decoder, pointer: int, rows: int) -> None:
        self._decoder = decoder
        self._pointer = pointer
        self.rows = rows
        weakref.finalize(self, decoder._lib.t5_state_free, pointer)

    def check(self, status: int) -> None:
        if status:
            raise GenerationError(f"native decoder step failed: {STATUS.get(status, f'status {status}')}")

    def step(self, tokens: np.ndarray, source_rows: np.ndarray | None, bias: np.ndarray) -> np.ndarray:
        """Log-probabilities ``[rows, vocab]`` of the next token (a fresh array)."""
        d = self._decoder
        tokens = np.ascontiguousarray(tokens, dtype=np.int64)
        rows = None if source_rows is None else np.ascontiguousarray(source_rows, dtype=np.int64)
        bias = np.ascontiguousarray(bias, dtype=np.float32)
        log_probs = np.empty((self.rows, d.shape.vocab_size), dtype=np.float32)
        self.check(d._lib.t5_step(ctypes.byref(d._model), self._pointer, tokens.ctypes.data,
                                  None if rows is None else rows.ctypes.data, bias.ctypes.data, log_probs.ctypes.data))
        return log_probs
