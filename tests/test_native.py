"""Native backend (ONNX Runtime encoder + the C decoder step): float32 parity with torch token for
token and with ONNX Runtime step by step, the three int8 kernels (AVX-512 VNNI, AVX2, plain C)
against one another, int8 quality, the build, and errors.

CI installs the ``fast`` extra and has a C compiler, so under ``CI=true`` a missing onnxruntime or
compiler is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

if os.environ.get("CI") == "true":
    import onnx  # noqa: F401  (must be installed in CI)
    import onnxruntime  # noqa: F401
else:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")

from _tiny_model import (
    INPUTS, PARITY_REQUESTS, SPECIAL_IDS, assert_forced_length_is_exact, assert_ids_match_torch,
    assert_results_do_not_depend_on_the_other_inputs, build_gated_model, build_tiny_once, build_variant_model,
    cli_json_on_backend, copy_model, copy_model_files, load_hf, report_rouge_l, torch_generate_ids,
)

from summarizer.engines import model_cache, native_backend, ort_backend, t5_native, t5_onnx
from summarizer.engines.base import GenerateRequest
from summarizer.engines.native_backend import NativeBackend
from summarizer.engines.ort_backend import OnnxRuntimeBackend
from summarizer.errors import DeviceError, GenerationError, ModelLoadError, NativeBuildError

if os.environ.get("CI") != "true" and not t5_native.compiler_available():
    pytest.skip("no C compiler", allow_module_level=True)

THREADS = 1
STEPS = 12  # decoder steps compared one by one
FLOAT32_TOLERANCE = 1e-4  # max |log-prob difference| against ONNX Runtime float32
# max |log-prob difference| between the int8 kernels: their integer sums are exact, but the float
# parts round differently with and without fused multiply-add, which can move an activation to the
# neighbouring int8 value (a wrong kernel is off by whole units)
KERNEL_TOLERANCE = 0.05
INT8_TOLERANCE = 0.25  # max |log-prob difference| of int8 against float32 on the tiny random models


@pytest.fixture(scope="session")
def native_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the tiny model (builds write cache folders into it)."""
    return copy_model(build_tiny_once(tmp_path_factory), tmp_path_factory.mktemp("native") / "model")


@pytest.fixture(scope="session")
def head64_model(native_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model's tokenizer with heads of 64 dimensions (every published T5's head size),
    which the C step runs on whole-vector paths of their own."""
    return build_variant_model(native_model, tmp_path_factory.mktemp("native-head64") / "model", d_kv=64, num_heads=2)


@pytest.fixture(scope="session")
def hf_model(native_model: Path):
    return load_hf(native_model)


# a longer input: source blocks of 64 positions, full and partial
LONG_INPUT = " ".join(INPUTS * 3)


def _load(path: Path, precision: str) -> NativeBackend:
    return NativeBackend.load(path, precision=precision, device="cpu", threads=THREADS)


def _step_log_probs(backend, text: str, beams: int = 2) -> list[np.ndarray]:
    """Log-probabilities of STEPS decoder steps over ``beams`` rows, with the rows reordered
    every third step (reversed), the same token schedule fed to every backend (so two backends'
    steps compare position by position whatever each would have chosen)."""
    step = backend._decoder_steps(backend._tokenizer.encode(text), beams, STEPS)
    vocab = backend.shape.vocab_size
    out = []
    for i in range(STEPS):
        tokens = (np.arange(beams, dtype=np.int64) * 7 + i * 13) % vocab if i else np.zeros(beams, dtype=np.int64)
        reorder = np.arange(beams)[::-1].copy() if i and i % 3 == 0 else None
        out.append(step(tokens, reorder))
    return out


@pytest.mark.parametrize("request_index", range(len(PARITY_REQUESTS)))
def test_float32_matches_torch_token_for_token(native_model: Path, hf_model, request_index: int) -> None:
    request = PARITY_REQUESTS[request_index]
    assert_ids_match_torch(_load(native_model, "float32").generate_ids(INPUTS, request), hf_model, INPUTS, request)


def test_t5_v1_1_style_checkpoint_matches_torch(native_model: Path, tmp_path: Path) -> None:
    gated = build_gated_model(native_model, tmp_path / "gated")
    hf = load_hf(gated)
    backend = _load(gated, "float32")
    assert backend.shape.gated and not backend.shape.tied and not backend.shape.scale_decoder_outputs
    for request in (PARITY_REQUESTS[1], PARITY_REQUESTS[3]):
        for text, hyps in zip(INPUTS, backend.generate_ids(INPUTS, request)):
            assert [[i for i in h if i not in SPECIAL_IDS] for h in hyps] == torch_generate_ids(hf, text, request)


@pytest.mark.parametrize("which", ["native_model", "head64_model"])
def test_float32_steps_equal_onnxruntime_float32_with_reordered_beams(which: str, request) -> None:
    model = request.getfixturevalue(which)
    ort = OnnxRuntimeBackend.load(model, precision="float32", device="cpu", threads=THREADS)
    for text in [*INPUTS, LONG_INPUT]:
        for beams in (1, 2, 4):
            for ours, theirs in zip(_step_log_probs(_load(model, "float32"), text, beams), _step_log_probs(ort, text, beams)):
                assert np.abs(ours - theirs).max() < FLOAT32_TOLERANCE


def test_head64_model_matches_torch_token_for_token(head64_model: Path) -> None:
    hf = load_hf(head64_model)
    backend = _load(head64_model, "float32")
    assert backend.shape.d_kv == 64
    for request in (PARITY_REQUESTS[1], PARITY_REQUESTS[3]):
        texts = [INPUTS[0], LONG_INPUT]
        for text, hyps in zip(texts, backend.generate_ids(texts, request)):
            assert [[i for i in h if i not in SPECIAL_IDS] for h in hyps] == torch_generate_ids(hf, text, request)


@pytest.mark.parametrize("which", ["native_model", "head64_model"])
def test_int8_steps_stay_close_to_float32(which: str, request) -> None:
    """int8 weights, activations and caches move the log-probabilities a little, not wholesale."""
    model = request.getfixturevalue(which)
    for text in (INPUTS[0], LONG_INPUT):
        for ours, reference in zip(_step_log_probs(_load(model, "int8"), text, 4), _step_log_probs(_load(model, "float32"), text, 4)):
            assert np.abs(ours - reference).max() < INT8_TOLERANCE


@pytest.mark.parametrize("which", ["native_model", "head64_model"])
def test_int8_kernels_agree(which: str, request, tmp_path: Path, monkeypatch) -> None:
    """The plain C kernel (no -march) and, where the CPU has it, AVX2 give the default build's
    log-probabilities (within KERNEL_TOLERANCE)."""
    model = request.getfixturevalue(which)
    default = [_step_log_probs(_load(model, "int8"), text, 4) for text in (INPUTS[0], LONG_INPUT)]
    kernels = {"c": ((),), "avx2": (("-mavx2", "-mfma"),)}
    flags = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    if " avx2" not in flags:
        kernels.pop("avx2")
    real_library = t5_native.library
    for name, optional in kernels.items():
        monkeypatch.setattr(t5_native, "library", lambda *a, o=optional, **k: real_library(tmp_path / "lib", o))
        native_backend.clear_loaded()
        backend = _load(model, "int8")
        assert backend.info()["kernel"] == name
        for text, expected in zip((INPUTS[0], LONG_INPUT), default):
            for ours, theirs in zip(_step_log_probs(backend, text, 4), expected):
                assert np.abs(ours - theirs).max() < KERNEL_TOLERANCE
    native_backend.clear_loaded()


def test_forced_length_is_exact(native_model: Path) -> None:
    assert_forced_length_is_exact(_load(native_model, "int8"), INPUTS[:2])


def test_results_do_not_depend_on_the_other_inputs(native_model: Path) -> None:
    assert_results_do_not_depend_on_the_other_inputs(_load(native_model, "int8"))


def test_int8_summary_rouge_l_against_float32(native_model: Path, record_property, capsys) -> None:
    report_rouge_l(_load(native_model, "float32"), _load(native_model, "int8"), "native int8", record_property, capsys)


def test_load_is_reused_and_builds_are_cached(native_model: Path) -> None:
    native_backend.clear_loaded()
    first = _load(native_model, "int8")
    assert _load(native_model, "int8") is first
    info = first.info()
    assert first.name == info["backend"] == "native" and first.precision == "int8" and info["threads"] == THREADS
    assert info["kernel"] in t5_native.KERNELS.values()
    built = Path(info["converted_path"])
    assert built.parent == native_model / native_backend.CACHE_DIRNAME
    # one build holds everything the backend reads: the encoder graph, not the decoder's
    files = {p.name for p in built.iterdir()}
    assert files >= {t5_onnx.ENCODER_FILE, ort_backend.SHAPE_FILE, ort_backend.BIAS_FILE,
                     t5_native.WEIGHTS_FILE, t5_native.LAYOUT_FILE}
    assert t5_onnx.DECODER_FILE not in files
    native_backend.clear_loaded()
    again = _load(native_model, "int8")
    assert again is not first and again.info()["converted_now"] is False
    assert again.info()["converted_path"] == info["converted_path"]


def test_a_first_load_builds_no_onnx_decoder(native_model: Path, tmp_path: Path) -> None:
    fresh = copy_model_files(native_model, tmp_path / "model")
    backend = _load(fresh, "int8")
    assert backend.info()["converted_now"] is True
    assert [p.name for p in fresh.iterdir() if p.is_dir()] == [native_backend.CACHE_DIRNAME]


def test_more_steps_than_the_state_holds_is_an_error(native_model: Path) -> None:
    backend = _load(native_model, "int8")
    step = backend._decoder_steps(backend._tokenizer.encode(INPUTS[0]), 1, 2)
    tokens = np.zeros(1, dtype=np.int64)
    step(tokens, None)
    step(tokens, None)
    with pytest.raises(GenerationError, match="more steps than the state was made for"):
        step(tokens, None)
    with pytest.raises(GenerationError, match="invalid argument"):
        backend._decoder_steps(backend._tokenizer.encode(INPUTS[0]), 1, 2)(np.array([10**6]), None)


def test_device_precision_and_compiler_errors(native_model: Path, tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(DeviceError, match="cuda is not available to backend native"):
        NativeBackend.load(native_model, precision="int8", device="cuda")
    with pytest.raises(DeviceError, match="not supported by backend native; choose one of: auto, int8, float32"):
        _load(native_model, "bfloat16")
    assert native_backend.available() is True
    monkeypatch.setenv("CC", str(tmp_path / "no-such-cc"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert t5_native.compiler_available() is True  # $CC names one; compiling it is what fails
    with pytest.raises(NativeBuildError, match="cannot run the C compiler"):
        t5_native.build_library(tmp_path / "lib")
    monkeypatch.delenv("CC")
    assert t5_native.compiler_available() is False and native_backend.available() is False
    with pytest.raises(NativeBuildError, match="needs a C compiler"):
        t5_native.build_library(tmp_path / "lib")


def test_a_compiler_that_fails_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "cc"
    fake.write_text("#!/bin/sh\necho 'fake-cc 1.0'\n[ \"$1\" = --version ] && exit 0\necho 'error: nothing compiles here' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CC", str(fake))
    with pytest.raises(NativeBuildError, match="cannot compile t5step.c with .*nothing compiles here"):
        t5_native.build_library(tmp_path / "lib")
    assert not any((tmp_path / "lib").iterdir())  # no half-written library left behind


def test_cli_end_to_end_on_native(native_model: Path, sample_dir: Path) -> None:
    result = cli_json_on_backend(native_model, sample_dir, "native")
    assert result["backend"] == "native"


def test_request_limits_are_kept(native_model: Path) -> None:
    backend = _load(native_model, "int8")
    request = GenerateRequest(num_beams=3, max_new_tokens=7, num_return_sequences=2)
    hyps = backend.generate_ids([INPUTS[1]], request)[0]
    assert len(hyps) == 2 and all(len(h) <= 7 for h in hyps)


def test_an_unwritable_library_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(NativeBuildError, match="cannot write the native step library into .*SUMMARIZER_CACHE_DIR"):
        t5_native.build_library(blocker / "lib")


def test_cross_attention_of_the_wrong_shape_is_refused(native_model: Path) -> None:
    backend = _load(native_model, "int8")
    s = backend.shape
    wrong = [(np.zeros((1, s.num_heads, s.d_kv, 5), np.float32), np.zeros((1, s.num_heads, 4, s.d_kv), np.float32))]
    with pytest.raises(GenerationError, match="do not have the decoder's shape"):
        backend._step.state(1, wrong * s.num_decoder_layers, 4)
    with pytest.raises(GenerationError, match="do not have the decoder's shape"):
        backend._step.state(1, [], 4)


def test_auto_falls_back_to_onnxruntime_when_the_step_cannot_be_built(native_model: Path, monkeypatch, caplog) -> None:
    from summarizer.engines import vit5
    from summarizer.options import ModelOptions

    def broken(*args, **kwargs):
        raise NativeBuildError("cannot compile t5step.c with cc: error: no space left")

    monkeypatch.setattr(t5_native, "build_library", broken)
    monkeypatch.setattr(vit5, "pick_backend", lambda requested, device="auto", precision="auto", model_type=None: "native" if requested == "auto" else requested)
    native_backend.clear_loaded()
    vit5.clear_engines()
    with caplog.at_level("WARNING", logger="summarizer.engines.vit5"):
        engine = vit5.load_engine(ModelOptions(model=str(native_model), backend="auto", threads=THREADS))
    assert engine.backend.name == "onnxruntime"
    assert "no space left; running on onnxruntime instead" in caplog.text
    with pytest.raises(NativeBuildError, match="no space left"):  # asked for by name: no fallback
        vit5.load_engine(ModelOptions(model=str(native_model), backend="native", threads=THREADS))
    vit5.clear_engines()


def test_an_earlier_build_with_fewer_flags_is_reused_without_compiling(tmp_path: Path, monkeypatch) -> None:
    """A compiler that refused the optional flags once is not asked again at every start."""
    real = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    calls = tmp_path / "calls"
    wrapper = tmp_path / "cc"
    wrapper.write_text(f'#!/bin/sh\n[ "$1" = --version ] && exec {real} --version\necho x >> {calls}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("CC", str(wrapper))
    plain = t5_native.build_library(tmp_path / "lib", ((),))
    assert calls.read_text().count("x") == 1
    again = t5_native.build_library(tmp_path / "lib", (("-DT5_NEVER_BUILT",), ()))
    assert again == plain and calls.read_text().count("x") == 1


def _forget_check(built: Path) -> None:
    """Make ``built``'s marker what a version without the weight check wrote: no check recorded."""
    marker_file = built / model_cache.MARKER_FILE
    marker = json.loads(marker_file.read_text())
    marker.pop("checked", None)
    marker_file.write_text(json.dumps(marker))


def test_a_build_made_before_the_weight_check_is_checked_once_and_kept(native_model: Path, tmp_path: Path,
                                                                        monkeypatch) -> None:
    """A build a version without the weight check made is not rebuilt (it is what this version
    builds) nor used unchecked: the weights are checked once, and that is recorded."""
    fresh = copy_model_files(native_model, tmp_path / "model")
    native_backend.clear_loaded()
    old = Path(_load(fresh, "int8").info()["converted_path"])
    _forget_check(old)
    stamp = (old / t5_native.WEIGHTS_FILE).stat().st_mtime_ns
    checks: list[str] = []
    real = t5_onnx.check_weights
    monkeypatch.setattr(t5_onnx, "check_weights", lambda weights, shape: (checks.append("checked"), real(weights, shape)))
    for _ in range(2):
        native_backend.clear_loaded()
        again = _load(fresh, "int8").info()
        assert again["converted_now"] is False and Path(again["converted_path"]) == old
    assert checks == ["checked"]  # the second load found it recorded
    assert (old / t5_native.WEIGHTS_FILE).stat().st_mtime_ns == stamp
    marker = json.loads((old / model_cache.MARKER_FILE).read_text())
    assert marker["checked"] == f"t5-weights-{t5_onnx.WEIGHT_CHECKS}"
    assert [p.name for p in (fresh / native_backend.CACHE_DIRNAME).iterdir() if p.is_dir()] == [old.name]
    native_backend.clear_loaded()


def _widen_feed_forward(model: Path, layer: int = 1, width: int = 4096) -> None:
    """Give the decoder layer ``layer`` feed-forward weights ``width`` wide, unlike the others'."""
    import torch
    from safetensors.torch import load_file, save_file

    (weights,) = model.glob("*.safetensors")
    state = load_file(str(weights))
    d_model = state["shared.weight"].shape[1]
    ff = f"decoder.block.{layer}.layer.2.DenseReluDense"
    state[f"{ff}.wi.weight"] = torch.randn(width, d_model) * 0.05
    state[f"{ff}.wo.weight"] = torch.randn(d_model, width) * 0.05
    save_file({k: v.contiguous() for k, v in state.items()}, str(weights), metadata={"format": "pt"})


def test_weights_whose_shapes_the_step_would_overrun_are_refused(native_model: Path, tmp_path: Path) -> None:
    """The C step takes the feed-forward width from the first layer and the norm size from
    d_model: a layer whose feed-forward weights are wider wrote past its buffers (glibc: 'free():
    invalid next size', an abort) and one whose norm weights are shorter read past them. Both are
    refused before anything is built."""
    import torch
    from safetensors.torch import load_file, save_file

    native_backend.clear_loaded()
    wide = copy_model_files(native_model, tmp_path / "wide")
    _widen_feed_forward(wide)
    ff = "decoder.block.1.layer.2.DenseReluDense.wi.weight"
    with pytest.raises(ModelLoadError, match=rf"{ff} is \[4096, 64\], config.json and the feed-forward width of "
                                             rf"encoder.block.0.layer.1.DenseReluDense.wi.weight make it \[128, 64\]"):
        _load(wide, "float32")
    assert not (wide / native_backend.CACHE_DIRNAME).exists()  # nothing built, no empty cache folder left
    short = copy_model_files(native_model, tmp_path / "short")
    (weights,) = short.glob("*.safetensors")
    state = load_file(str(weights))
    state["decoder.final_layer_norm.weight"] = torch.ones(32)
    save_file({k: v.contiguous() for k, v in state.items()}, str(weights), metadata={"format": "pt"})
    with pytest.raises(ModelLoadError, match=r"decoder.final_layer_norm.weight is \[32\], config.json makes it \[64\]"):
        _load(short, "float32")


def test_a_bad_build_made_before_the_weight_check_is_refused(native_model: Path, tmp_path: Path, monkeypatch) -> None:
    """A build that a version without the (feed-forward) weight check made of weights the step
    would overrun is refused as a new build would be, not loaded."""
    fresh = copy_model_files(native_model, tmp_path / "model")
    _widen_feed_forward(fresh)
    native_backend.clear_loaded()
    with monkeypatch.context() as patch:  # the version before the check (which this version's load
        patch.setattr(t5_onnx, "check_weights", lambda weights, shape: None)  # would refuse: built only)
        old = native_backend.ensure_built(fresh, "float32").path
    _forget_check(old)
    native_backend.clear_loaded()
    with pytest.raises(ModelLoadError, match="DenseReluDense.wi.weight is \\[4096, 64\\]"):
        _load(fresh, "float32")
    native_backend.clear_loaded()


def _truncate(file: Path, size: int = 1000) -> None:
    file.write_bytes(file.read_bytes()[:size])


@pytest.mark.parametrize("damage", ["truncated-encoder-weights", "truncated-decoder-weights", "missing-layout",
                                    "garbled-layout"])
def test_a_damaged_or_incomplete_build_is_built_again(native_model: Path, tmp_path: Path, damage: str) -> None:
    """A truncated encoder weights file ended every run with an internal error (exit 70), a
    build missing decoder.json could not be rebuilt ('Directory not empty'), and a layout whose
    dimensions are not the model's would have the C step read past its arrays. Each is built
    again now."""
    fresh = copy_model_files(native_model, tmp_path / "model")
    native_backend.clear_loaded()
    built = Path(_load(fresh, "int8").info()["converted_path"])
    reference = _load(fresh, "int8").generate_ids(INPUTS[:1], GenerateRequest(num_beams=2, max_new_tokens=8))
    if damage == "truncated-encoder-weights":
        _truncate(built / (t5_onnx.ENCODER_FILE + t5_onnx.WEIGHTS_SUFFIX))
    elif damage == "truncated-decoder-weights":
        _truncate(built / t5_native.WEIGHTS_FILE)
    elif damage == "missing-layout":
        (built / t5_native.LAYOUT_FILE).unlink()
    else:
        layout = json.loads((built / t5_native.LAYOUT_FILE).read_text())
        layout["tensors"]["0.o.q"]["shape"] = [2, 2]
        (built / t5_native.LAYOUT_FILE).write_text(json.dumps(layout))
    native_backend.clear_loaded()
    again = _load(fresh, "int8")
    assert again.info()["converted_now"] is True and Path(again.info()["converted_path"]) == built
    assert again.generate_ids(INPUTS[:1], GenerateRequest(num_beams=2, max_new_tokens=8)) == reference
    assert [p.name for p in built.parent.iterdir() if p.name.endswith(".tmp")] == []
    native_backend.clear_loaded()


def test_a_tokenizer_larger_than_the_model_s_vocabulary_is_refused_at_load(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Only torch refused another checkpoint's tokenizer; native and ONNX Runtime failed each
    generation late, in the runtime's words ("Gather ... idx=2321 must be within [-604,603]")."""
    from tokenizers import Tokenizer as FastTokenizer

    from summarizer.engines.tokenizer import checked_tokenizer
    from summarizer.errors import ModelLoadError
    from summarizer.models import resolve_model

    model = copy_model_files(build_tiny_once(tmp_path_factory), tmp_path / "model")
    vocab = json.loads((model / "config.json").read_text(encoding="utf-8"))["vocab_size"]
    assert len(checked_tokenizer(model)) <= vocab
    grown = FastTokenizer.from_file(str(model / "tokenizer.json"))
    grown.add_tokens([f"tiếng{n}" for n in range(vocab)])
    grown.save(str(model / "tokenizer.json"))
    for backend in (NativeBackend, OnnxRuntimeBackend):
        with pytest.raises(ModelLoadError, match=rf"tokenizer of .* has \d+ tokens but the model only {vocab}"):
            backend.load(resolve_model(str(model)))
