"""Native backend: ONNX Runtime's encoder with the decoder step in this project's own C code
(:mod:`summarizer.engines.t5_native`), the fastest CPU path in ``scripts/bench.py``.

The encoder runs once per input on ONNX Runtime, on the encoder graph the ``onnxruntime``
backend would build, at the same precision. Its cross-attention keys and values go to the C step
as int8 rows, and every decoder step runs in C: int8 projections (``int8``, the default) or
float32 ones (``float32``, which matches the torch backend token for token). One build, made
once from one read of the checkpoint, holds the encoder graph and the decoder's weights for the
C step, and no ONNX decoder graph (ViT5-base int8: a first load of 5.2 s and 429 MB, where
building the onnxruntime backend's graphs as well took 10.8 s and 657 MB; ViT5-large's shape
1.0 GB, where 1.5 GB): ``<model>/.native-cache/<precision>-<key>/`` (or the user cache, ``native-weights/``), keyed by
the source's hash like every other build. The C library is compiled once per machine (a C
compiler is needed: ``cc``, ``gcc``, ``clang`` or ``$CC``). Search (greedy, beams) is the numpy
search of the other backends.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from . import model_cache, ort_backend, search, t5_native, t5_onnx
from .base import LoadedOnce
from .model_cache import ConvertedModel, default_threads
from .tokenizer import checked_tokenizer

log = logging.getLogger("summarizer.engines.native_backend")

BACKEND_NAME = "native"
CACHE_DIRNAME = ".native-cache"  # inside the model folder
USER_CACHE_SUBDIR = "native-weights"  # inside the user cache folder
CACHE = model_cache.CacheSpec(label="native backend", dirname=CACHE_DIRNAME, subdir=USER_CACHE_SUBDIR,
                              required=(t5_onnx.ENCODER_FILE, ort_backend.SHAPE_FILE, ort_backend.BIAS_FILE,
                                        t5_native.WEIGHTS_FILE, t5_native.LAYOUT_FILE))


def available() -> bool:
    """Whether the ONNX Runtime encoder can run here and a C compiler is found."""
    return ort_backend.available() and t5_native.compiler_available()


def _write(weights: Mapping[str, np.ndarray], shape: t5_onnx.T5Shape, folder: Path, precision: str) -> None:
    ort_backend.write_graphs(weights, shape, folder, precision, decoder=False)
    t5_native.write_weights(weights, shape, folder, quantize=precision == "int8")


def _build(model_dir: Path, precision: str, allow_pickle: bool) -> Callable[[Path], None]:
    return ort_backend.checkpoint_build(model_dir, allow_pickle,
                                        lambda weights, shape, folder: _write(weights, shape, folder, precision))


def ensure_built(model_dir: Path, precision: str, *, managed: bool = False, allow_pickle: bool = False) -> ConvertedModel:
    """The native build of ``model_dir`` at ``precision`` (encoder graph and decoder weights),
    written on first use."""
    ort_backend.check_precision(precision, BACKEND_NAME)
    ort = ort_backend.import_ort()
    tag = f"native-{t5_native.LAYOUT_FORMAT}|onnxruntime-{ort.__version__}|{ort_backend.CACHE_FORMAT}"
    return model_cache.ensure_built(model_dir, CACHE, precision, tag, _build(model_dir, precision, allow_pickle),
                                    managed=managed, check=ort_backend.checkpoint_check(model_dir, allow_pickle))


def prepare(model_dir: Path, precision: str) -> ConvertedModel:
    """Everything a first load builds (the build above and the C library), built now; returns
    the build (benchmarks time this on its own)."""
    built = ensure_built(model_dir, precision)
    t5_native.library()
    return built


_LOADED: LoadedOnce["NativeBackend"] = LoadedOnce()


class NativeBackend(ort_backend.OnnxRuntimeBackend):
    """A T5 checkpoint with ONNX Runtime's encoder and the C decoder step (``Seq2SeqBackend``)."""

    name = BACKEND_NAME

    def __init__(self, *, decoder_step: t5_native.Decoder, **kwargs: Any) -> None:
        super().__init__(decoder=None, **kwargs)
        self._step = decoder_step

    @classmethod
    def load(cls, resolved: Any, *, precision: str = "auto", device: str = "auto",
             threads: int | None = None, allow_pickle: bool = False) -> "NativeBackend":
        """Load (building the encoder graph, the decoder weights and the C library once if
        needed) the model at ``resolved.path``; reused per process like the other backends."""
        ort = ort_backend.import_ort()
        model_dir, managed = model_cache.source_folder(resolved, allow_pickle=allow_pickle)
        ort_backend.resolve_device(device, BACKEND_NAME)
        precision = ort_backend.resolve_precision(precision, BACKEND_NAME)
        n_threads = threads if threads is not None else default_threads()

        def load() -> "NativeBackend":
            started = time.perf_counter()

            def open_build(built: ConvertedModel) -> "NativeBackend":
                lib = t5_native.library()
                encoder = ort_backend.session(ort, built.path / t5_onnx.ENCODER_FILE, n_threads)
                shape, bias = ort_backend.read_shape(built.path)
                step = t5_native.Decoder(lib, t5_native.DecoderWeights(built.path, shape), shape)
                return cls(decoder_step=step, encoder=encoder, shape=shape, tables=bias,
                           tokenizer=checked_tokenizer(model_dir), model_dir=model_dir, built=built,
                           precision=precision, threads=n_threads, load_seconds=time.perf_counter() - started)

            # a build that cannot be loaded (a truncated file) is built again, once
            backend = model_cache.load_built(
                lambda: ensure_built(model_dir, precision, managed=managed, allow_pickle=allow_pickle), open_build, CACHE)
            log.info("native %s (%s kernel) on cpu (%d threads) loaded in %.2fs from %s", precision,
                     backend._step.kernel, n_threads, backend.load_seconds, backend.converted.path)
            return backend

        return _LOADED.get((str(model_dir), precision, n_threads, allow_pickle), load)

    def info(self) -> dict[str, Any]:
        return {**super().info(), "kernel": self._step.kernel}

    def _decoder_steps(self, ids: list[int], beams: int, steps: int) -> search.StepFunction:
        encoded, _mask = self._encode(ids)
        cross = [(encoded[f"cross_key_t.{layer}"].numpy(), encoded[f"cross_value.{layer}"].numpy())
                 for layer in range(self.shape.num_decoder_layers)]
        self._step.set_threads(self.threads)  # OpenMP's setting is per process: set it per call
        state = self._step.state(beams, cross, max(steps, 1))
        position = 0

        def step(tokens: np.ndarray, reorder: np.ndarray | None) -> np.ndarray:
            nonlocal position
            bias = t5_onnx.decoder_bias(self._decoder_table, position, self.shape)
            position += 1
            return state.step(tokens, reorder, bias)

        return step


def clear_loaded() -> None:
    """Forget every loaded model (tests and benchmarks use this between configurations)."""
    _LOADED.clear()
