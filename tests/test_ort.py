"""ONNX Runtime backend: token-for-token parity with torch (greedy and beam search, n-gram bans,
several returned sequences, both feed-forward kinds), int8 quality, the build cache, errors, and
the search on its own over a scripted step function.

CI installs the ``fast`` extra, so under ``CI=true`` a missing onnxruntime is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
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
    INPUTS, PARITY_REQUESTS, SPECIAL_IDS, SUMMARY_REQUEST, assert_forced_length_is_exact, assert_ids_match_torch,
    assert_results_do_not_depend_on_the_other_inputs, build_gated_model, build_tiny_once, cli_json_on_backend,
    copy_model, copy_model_files, load_hf, report_rouge_l, torch_generate_ids,
)

from summarizer.engines import model_cache, ort_backend, search, t5_onnx
from summarizer.engines.base import GenerateRequest
from summarizer.engines.ort_backend import OnnxRuntimeBackend
from summarizer.errors import BadOptionError, DeviceError, ModelLoadError

THREADS = 1


@pytest.fixture(scope="session")
def ort_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the tiny model (builds write a cache folder into it)."""
    return copy_model(build_tiny_once(tmp_path_factory), tmp_path_factory.mktemp("ort") / "model")


@pytest.fixture(scope="session")
def gated_model(ort_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_gated_model(ort_model, tmp_path_factory.mktemp("ort-gated") / "model")


@pytest.fixture(scope="session")
def hf_model(ort_model: Path):
    return load_hf(ort_model)


@pytest.fixture()
def fresh_model(ort_model: Path, tmp_path: Path) -> Path:
    """A copy without any build cache, for cache tests."""
    ort_backend.clear_loaded()
    return copy_model_files(ort_model, tmp_path / "model")


def _load(path: Path, precision: str) -> OnnxRuntimeBackend:
    return OnnxRuntimeBackend.load(path, precision=precision, device="cpu", threads=THREADS)


@pytest.mark.parametrize("request_index", range(len(PARITY_REQUESTS)))
def test_float32_matches_torch_token_for_token(ort_model: Path, hf_model, request_index: int) -> None:
    request = PARITY_REQUESTS[request_index]
    assert_ids_match_torch(_load(ort_model, "float32").generate_ids(INPUTS, request), hf_model, INPUTS, request)


def test_t5_v1_1_style_checkpoint_matches_torch(gated_model: Path) -> None:
    hf = load_hf(gated_model)
    backend = _load(gated_model, "float32")
    assert backend.shape.gated and backend.shape.activation == "gelu_new"
    assert not backend.shape.tied and not backend.shape.scale_decoder_outputs
    for request in (PARITY_REQUESTS[1], PARITY_REQUESTS[3]):
        for text, hyps in zip(INPUTS, backend.generate_ids(INPUTS, request)):
            assert [[i for i in h if i not in SPECIAL_IDS] for h in hyps] == torch_generate_ids(hf, text, request)


def test_generate_text_equals_the_torch_backend(ort_model: Path) -> None:
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.models import resolve_model

    torch_backend = TorchBackend.load(resolve_model(str(ort_model)), device="cpu")
    backend = _load(ort_model, "float32")
    for request in (PARITY_REQUESTS[1], SUMMARY_REQUEST):
        assert backend.generate(INPUTS, request) == torch_backend.generate(INPUTS, request)
        assert backend.last_generated == torch_backend.last_generated
        assert all("</s>" not in t and "<pad>" not in t for ts in backend.generate(INPUTS, request) for t in ts)
    assert [backend.count_tokens(t) for t in INPUTS] == [torch_backend.count_tokens(t) for t in INPUTS]


def test_forced_length_is_exact(ort_model: Path) -> None:
    assert_forced_length_is_exact(_load(ort_model, "int8"), INPUTS[:2])


def test_results_do_not_depend_on_the_other_inputs(ort_model: Path) -> None:
    assert_results_do_not_depend_on_the_other_inputs(_load(ort_model, "int8"))


def test_int8_summary_rouge_l_against_float32(ort_model: Path, record_property, capsys) -> None:
    report_rouge_l(_load(ort_model, "float32"), _load(ort_model, "int8"), "onnxruntime int8", record_property, capsys)


def test_load_is_reused_and_auto_precision_is_int8(ort_model: Path) -> None:
    first = OnnxRuntimeBackend.load(ort_model, precision="auto", device="auto", threads=THREADS)
    assert first.precision == ort_backend.DEFAULT_PRECISION == "int8"
    assert _load(ort_model, "int8") is first
    assert first.name == "onnxruntime" and first.device == "cpu" and first.info()["threads"] == THREADS
    assert first.count_tokens("") == 1  # EOS


def test_int8_build_equals_onnxruntime_quantize_dynamic(ort_model: Path, tmp_path: Path) -> None:
    """The int8 graphs quantize in numpy what ONNX Runtime's quantize_dynamic (per column, QInt8)
    would: the same int8 weights and scales, and the same outputs from the same kernels."""
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    shape = t5_onnx.T5Shape.from_config(json.loads((ort_model / "config.json").read_text()))
    weights = ort_backend.checkpoint_weights(ort_model, allow_pickle=False)
    direct, staged, reference = (tmp_path / n for n in ("direct", "float32", "reference"))
    for folder in (direct, staged, reference):
        folder.mkdir()
    t5_onnx.build(weights, shape, direct, quantize=True)
    t5_onnx.build(weights, shape, staged)
    for name in (t5_onnx.ENCODER_FILE, t5_onnx.DECODER_FILE):
        quantize_dynamic(str(staged / name), str(reference / name), weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], per_channel=True, use_external_data_format=True)
        ours = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(direct / name)).graph.initializer}
        theirs = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(reference / name)).graph.initializer}
        quantized = [k for k in ours if k.endswith("_quantized")]
        assert quantized and all(ours[k].dtype == np.int8 for k in quantized)
        for key in quantized + [k.replace("_quantized", "_scale") for k in quantized]:
            np.testing.assert_array_equal(ours[key], theirs[key], err_msg=key)

    ids = np.array([[5, 9, 14, 3, 22, 1]], dtype=np.int64)
    feeds = {"input_ids": ids, "mask_bias": np.zeros((1, 1, 1, ids.shape[1]), np.float32),
             "position_bias": t5_onnx.encoder_bias(t5_onnx.bias_tables(weights)[0], ids.shape[1], shape)}
    outputs = []
    for folder in (direct, reference):
        session = ort.InferenceSession(str(folder / t5_onnx.ENCODER_FILE), providers=["CPUExecutionProvider"])
        outputs.append(session.run(None, feeds))
    for ours, theirs in zip(*outputs):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)


def test_build_is_cached_keyed_and_reused(fresh_model: Path) -> None:
    import logging

    handlers = list(logging.getLogger().handlers)
    built = _load(fresh_model, "float32").converted
    assert built.converted is True
    assert built.path.parent == fresh_model / ort_backend.CACHE_DIRNAME
    assert built.path.name == f"float32-{built.key[:model_cache.KEY_CHARS]}"
    assert json.loads((built.path / model_cache.MARKER_FILE).read_text())["weights"] == "float32"
    stamp = (built.path / t5_onnx.DECODER_FILE).stat().st_mtime_ns
    ort_backend.clear_loaded()
    again = _load(fresh_model, "float32").converted
    assert again.converted is False and again.path == built.path
    assert (built.path / t5_onnx.DECODER_FILE).stat().st_mtime_ns == stamp
    int8 = _load(fresh_model, "int8").converted
    assert int8.path != built.path
    assert logging.getLogger().handlers == handlers  # the root logger is left alone
    config = json.loads((fresh_model / "config.json").read_text())
    config["summarizer_test_marker"] = 1
    (fresh_model / "config.json").write_text(json.dumps(config))
    ort_backend.clear_loaded()
    changed = _load(fresh_model, "int8").converted
    assert changed.converted is True and changed.key != int8.key
    assert [p.name for p in (fresh_model / ort_backend.CACHE_DIRNAME).iterdir() if ".tmp-" in p.name] == []


def test_failed_build_leaves_nothing_behind(fresh_model: Path, monkeypatch) -> None:
    def _broken(weights, shape, folder: Path, *, quantize: bool = False, decoder: bool = True) -> None:
        (folder / t5_onnx.ENCODER_FILE).write_bytes(b"partial")
        raise RuntimeError("simulated crash mid-build")

    monkeypatch.setattr(t5_onnx, "build", _broken)
    with pytest.raises(ModelLoadError, match="simulated crash"):
        _load(fresh_model, "float32")
    # no half-written build, and no cache folder holding only the remembered digests either
    assert not (fresh_model / ort_backend.CACHE_DIRNAME).exists()


def test_unsupported_checkpoints_are_clear_errors(fresh_model: Path) -> None:
    config = json.loads((fresh_model / "config.json").read_text())
    (fresh_model / "config.json").write_text(json.dumps({**config, "dense_act_fn": "silu"}))
    with pytest.raises(ModelLoadError, match="activation 'silu' is not supported; supported: relu, gelu, gelu_new"):
        _load(fresh_model, "float32")
    (fresh_model / "config.json").write_text(json.dumps(config))
    for weights in fresh_model.glob("*.safetensors"):
        weights.write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError, match="cannot read .*model.safetensors for ONNX Runtime") as info:
        _load(fresh_model, "float32")
    assert "--backend torch" not in str(info.value)  # torch cannot read a damaged file either
    import torch
    from safetensors.torch import save_file

    for weights in fresh_model.glob("*.safetensors"):
        save_file({"shared.weight": torch.zeros(2, 2)}, str(weights))
    # the graphs and the native step index the weights by config.json's dimensions: a mismatch
    # (a config edited by hand) read past them, corrupting memory; now it is refused first
    with pytest.raises(ModelLoadError, match=r"shapes do not match config.json: shared.weight is \[2, 2\], "
                                             rf"config.json makes it \[{config['vocab_size']}, {config['d_model']}\]"):
        _load(fresh_model, "float32")
    for weights in fresh_model.glob("*.safetensors"):
        save_file({"shared.weight": torch.zeros(config["vocab_size"], config["d_model"])}, str(weights))
    with pytest.raises(ModelLoadError, match="lacks the weight 'encoder.block.0.layer.0.SelfAttention.relative"):
        _load(fresh_model, "float32")
    # weights are read one at a time while building: a dtype numpy cannot read fails there, naming the file
    bias = "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"
    for weights in fresh_model.glob("*.safetensors"):
        save_file({"shared.weight": torch.zeros(config["vocab_size"], config["d_model"]),
                   bias: torch.zeros(32, 2, dtype=torch.float8_e4m3fn)}, str(weights))
    with pytest.raises(ModelLoadError, match="cannot read .*model.safetensors for ONNX Runtime: AttributeError") as info:
        _load(fresh_model, "float32")
    assert str(info.value).endswith("--backend torch reads every weight type")  # a weight type numpy lacks
    for weights in fresh_model.glob("*.safetensors"):
        weights.unlink()
    with pytest.raises(ModelLoadError, match=r"has no weights \(model.safetensors or model.safetensors.index.json\)"):
        _load(fresh_model, "float32")


def test_bfloat16_checkpoint_builds_as_its_float32_widening(ort_model: Path, tmp_path: Path) -> None:
    """A bfloat16 checkpoint gives the same float32 graphs, hence tokens, as the same weights
    widened to float32 beforehand."""
    import torch
    from safetensors.torch import load_file, save_file

    state = {k: v.to(torch.bfloat16) for k, v in load_file(str(ort_model / "model.safetensors")).items()}
    half, widened = copy_model_files(ort_model, tmp_path / "bf16"), copy_model_files(ort_model, tmp_path / "fp32")
    save_file(state, str(half / "model.safetensors"))
    save_file({k: v.float() for k, v in state.items()}, str(widened / "model.safetensors"))
    request = PARITY_REQUESTS[0]
    got = _load(half, "float32").generate_ids(INPUTS, request)
    assert got == _load(widened, "float32").generate_ids(INPUTS, request)


def test_device_precision_and_request_errors(ort_model: Path, monkeypatch) -> None:
    import sys

    with pytest.raises(DeviceError, match="cuda is not available to backend onnxruntime"):
        OnnxRuntimeBackend.load(ort_model, precision="int8", device="cuda")
    with pytest.raises(DeviceError, match="choose one of: auto, int8, float32"):
        _load(ort_model, "bfloat16")
    with pytest.raises(BadOptionError, match="num_return_sequences"):
        _load(ort_model, "int8").generate([INPUTS[0]], GenerateRequest(num_beams=2, max_new_tokens=4, num_return_sequences=3))
    with pytest.raises(ModelLoadError, match="does not exist"):
        _load(ort_model / "nope", "int8")
    assert _load(ort_model, "int8").generate([], PARITY_REQUESTS[0]) == []
    assert ort_backend.available() is True
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # makes `import onnxruntime` fail
    assert ort_backend.available() is False
    ort_backend.clear_loaded()
    with pytest.raises(DeviceError, match="onnxruntime is not installed; .*choose one of: --backend torch"):
        _load(ort_model, "int8")


def test_cli_end_to_end_on_onnxruntime(ort_model: Path, sample_dir: Path) -> None:
    cli_json_on_backend(ort_model, sample_dir, "onnxruntime")


# ---------------------------------------------------------------------------- the search alone

SPECIAL = search.SpecialTokens(start=0, eos=1, pad=0)


def _table_step(table: dict[tuple[int, ...], dict[int, float]], vocab: int):
    """A step function over a fixed tree of next-token probabilities: the history of each row
    (generated tokens) picks its distribution; unknown histories put everything on EOS."""
    histories: list[tuple[int, ...]] = []

    def step(tokens: np.ndarray, reorder):
        nonlocal histories
        if not histories:
            histories = [() for _ in tokens]
        else:
            previous = histories if reorder is None else [histories[r] for r in reorder]
            histories = [h + (int(t),) for h, t in zip(previous, tokens)]
        out = np.full((len(tokens), vocab), -np.inf, dtype=np.float32)
        for row, history in enumerate(histories):
            for token, p in table.get(history, {SPECIAL.eos: 1.0}).items():
                out[row, token] = np.log(p)
        return out

    return step


def test_beam_search_finds_what_greedy_misses() -> None:
    # greedy takes 2 (0.6) then ends with probability 0.6 * 0.4; beam search finds 3 then 4
    # (0.4 * 0.9) and its end
    table = {(): {2: 0.6, 3: 0.4}, (2,): {1: 0.4, 5: 0.3, 6: 0.3}, (3,): {4: 0.9, 1: 0.1}, (3, 4): {1: 1.0}}
    request = GenerateRequest(num_beams=2, max_new_tokens=5, length_penalty=0.0, num_return_sequences=2)
    assert search.greedy(_table_step(table, 8), 1, GenerateRequest(num_beams=1, max_new_tokens=5), SPECIAL) == [[2, 1]]
    best = search.beam(_table_step(table, 8), 1, request, SPECIAL)
    assert best == [[[3, 4, 1], [2, 1]]]


def test_min_length_and_ngram_bans() -> None:
    probs = np.log(np.array([[0.1, 0.4, 0.3, 0.2]], dtype=np.float32))
    request = GenerateRequest(num_beams=1, max_new_tokens=4, min_new_tokens=2, no_repeat_ngram_size=1)
    processed = search._process(probs.copy(), [[0, 2]], 1, request, SPECIAL)
    assert processed[0, 1] == -np.inf  # EOS banned before the minimum length
    assert processed[0, 2] == -np.inf and processed[0, 0] == -np.inf  # unigrams already in the history
    assert processed[0, 3] == probs[0, 3]
    bigram = GenerateRequest(num_beams=1, max_new_tokens=4, no_repeat_ngram_size=2)
    processed = search._process(probs.copy(), [[0, 2, 3, 2]], 3, bigram, SPECIAL)
    assert np.isneginf(processed[0, 3]) and np.isfinite(processed[0, 2])  # "2 3" seen, "2 2" not


def test_top_breaks_ties_by_the_lower_index() -> None:
    scores = np.array([[0.1, 0.5, 0.5, -1.0, 0.5]], dtype=np.float32)
    assert search._top(scores, 3).tolist() == [[1, 2, 4]]
    assert search._top(scores, 5).tolist() == [[1, 2, 4, 0, 3]]


@pytest.mark.parametrize("seed", range(4))
def test_top_equals_a_full_sort_on_long_rows_with_ties_and_bans(seed: int) -> None:
    """The block-maxima prefilter of _top never changes the answer of a full (score, index) sort."""
    rng = np.random.default_rng(seed)
    for _ in range(50):
        rows, n, k = int(rng.integers(1, 4)), int(rng.integers(1, 5000)), int(rng.integers(1, 12))
        scores = rng.integers(-4, 4, (rows, n)).astype(np.float32)  # many ties
        scores[:, rng.random(n) < rng.random()] = -np.inf  # banned tokens
        k = min(k, n)
        full = np.lexsort((np.broadcast_to(np.arange(n), scores.shape), -scores), axis=1)[:, :k]
        assert search._top(scores, k).tolist() == full.tolist()


def test_relative_position_buckets_match_transformers() -> None:
    import torch
    from transformers.models.t5.modeling_t5 import T5Attention

    relative = np.arange(-300, 301)[None, :] - np.zeros((1, 1), dtype=np.int64)
    for bidirectional in (True, False):
        mine = t5_onnx.relative_position_buckets(relative, bidirectional=bidirectional, num_buckets=32, max_distance=128)
        theirs = T5Attention._relative_position_bucket(torch.tensor(relative), bidirectional=bidirectional,
                                                       num_buckets=32, max_distance=128).numpy()
        assert mine.tolist() == theirs.tolist()


def test_weights_that_are_not_finite_are_a_load_error(fresh_model: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    (weights,) = fresh_model.glob("*.safetensors")
    state = load_file(str(weights))
    name = "encoder.block.0.layer.0.SelfAttention.o.weight"
    state[name][0, 0] = float("nan")  # a damaged file: generation scored NaN and crashed the search (exit 70)
    save_file({k: v.contiguous() for k, v in state.items()}, str(weights), metadata={"format": "pt"})
    assert torch.isnan(load_file(str(weights))[name]).any()
    with pytest.raises(ModelLoadError, match=f"the weight {name} holds values that are not finite numbers"):
        _load(fresh_model, "float32")


def test_a_build_made_before_the_weight_check_is_checked_before_it_is_used(fresh_model: Path, monkeypatch) -> None:
    """A cached build that a version without the weight check made from damaged weights (its
    marker records no check; the key is the same, as the check changes nothing a build writes)
    is refused as a new build would be, not loaded."""
    from safetensors.torch import load_file, save_file

    (weights,) = fresh_model.glob("*.safetensors")
    state = load_file(str(weights))
    name = "decoder.block.0.layer.2.DenseReluDense.wo.weight"
    state[name][0, 0] = float("inf")
    save_file({k: v.contiguous() for k, v in state.items()}, str(weights), metadata={"format": "pt"})
    with monkeypatch.context() as patch:  # the version before the check
        patch.setattr(t5_onnx, "check_weights", lambda weights, shape: None)
        old = _load(fresh_model, "float32").converted
    marker_file = old.path / model_cache.MARKER_FILE
    marker = json.loads(marker_file.read_text())
    marker.pop("checked", None)  # its marker recorded no check
    marker_file.write_text(json.dumps(marker))
    ort_backend.clear_loaded()
    with pytest.raises(ModelLoadError, match=f"the weight {name} holds values that are not finite numbers"):
        _load(fresh_model, "float32")
    assert "checked" not in json.loads(marker_file.read_text())


@pytest.mark.parametrize("damage", ["garbled-graph", "truncated-weights", "missing-graph", "truncated-bias"])
def test_a_damaged_or_incomplete_build_is_built_again(fresh_model: Path, damage: str) -> None:
    """A build whose graph ONNX Runtime cannot parse or whose weights file was cut short ended
    every run with an internal error (exit 70); one missing a graph could not be rebuilt ('Directory
    not empty'). Each is built again now, and the run goes on."""
    built = _load(fresh_model, "int8").converted
    reference = _load(fresh_model, "int8").generate_ids(INPUTS[:1], SUMMARY_REQUEST)
    if damage == "garbled-graph":
        (built.path / t5_onnx.DECODER_FILE).write_bytes(np.random.default_rng(0).bytes(5000))
    elif damage == "truncated-weights":
        data = built.path / (t5_onnx.DECODER_FILE + t5_onnx.WEIGHTS_SUFFIX)
        data.write_bytes(data.read_bytes()[:1000])
    elif damage == "truncated-bias":  # a BadZipFile, no OSError: it was an internal error on every run
        tables = built.path / ort_backend.BIAS_FILE
        tables.write_bytes(tables.read_bytes()[: tables.stat().st_size // 2])
    else:
        (built.path / t5_onnx.DECODER_FILE).unlink()
    ort_backend.clear_loaded()
    again = _load(fresh_model, "int8")
    assert again.converted.converted is True and again.converted.path == built.path
    assert again.generate_ids(INPUTS[:1], SUMMARY_REQUEST) == reference
    assert [p.name for p in built.path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_build_made_damaged_names_the_folder_to_delete(fresh_model: Path, monkeypatch) -> None:
    real = t5_onnx.build

    def garbling(weights, shape, folder: Path, **kwargs) -> None:
        real(weights, shape, folder, **kwargs)
        (folder / t5_onnx.ENCODER_FILE).write_bytes(b"not a graph")

    monkeypatch.setattr(t5_onnx, "build", garbling)
    with pytest.raises(ModelLoadError, match=r"ONNX Runtime cannot load its build .*int8-\w+ \(ONNX Runtime cannot "
                                             r"load encoder.onnx: .*\); delete that folder") as info:
        _load(fresh_model, "int8")
    assert "\n" not in str(info.value)


def test_only_model_safetensors_is_read_beside_other_safetensors_files(fresh_model: Path) -> None:
    """A backup beside model.safetensors (zz-backup.safetensors) replaced its weights here, the
    file last in name order winning, while transformers read model.safetensors alone."""
    from safetensors.numpy import save_file

    reference = dict(ort_backend.checkpoint_weights(fresh_model, allow_pickle=False))
    save_file({name: np.zeros_like(values) for name, values in reference.items()},
              str(fresh_model / "zz-backup.safetensors"))
    weights = ort_backend.checkpoint_weights(fresh_model, allow_pickle=False)
    assert set(weights) == set(reference)
    assert all(np.array_equal(weights[name], values) for name, values in reference.items())


def test_damaged_pickle_weights_are_one_line_without_unsafe_advice(fresh_model: Path) -> None:
    for weights in fresh_model.glob("*.safetensors"):
        weights.unlink()
    (fresh_model / "pytorch_model.bin").write_bytes(b"garbage\n")
    with pytest.raises(ModelLoadError, match=r"cannot read the pickle weights .*pytorch_model.bin: damaged or not "
                                             r"a PyTorch checkpoint") as info:
        ort_backend.checkpoint_weights(fresh_model, allow_pickle=True)
    assert "weights_only" not in str(info.value) and "\n" not in str(info.value)
