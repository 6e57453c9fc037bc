"""CTranslate2 backend: parity with torch on the tiny model, int8 quality, the conversion cache
(hash key, reuse, atomic write, read-only fallback), precision/device errors.

CI installs the ``fast`` extra, so under ``CI=true`` a missing ctranslate2 is a failure, not a skip.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path

import pytest

if os.environ.get("CI") == "true":
    import ctranslate2  # noqa: F401  (must be installed in CI)
else:
    pytest.importorskip("ctranslate2")

from _tiny_model import PARITY_REQUESTS as SHARED_PARITY_REQUESTS
from _tiny_model import (
    INPUTS, assert_forced_length_is_exact, assert_ids_match_torch, build_tiny_once, build_untied_model,
    cli_json_on_backend, copy_model, copy_model_files, load_hf, report_rouge_l, torch_generate_ids,
    transformers_records,
)

from summarizer.engines import ct2_backend, model_cache
from summarizer.engines.base import GenerateRequest
from summarizer.engines.ct2_backend import CTranslate2Backend
from summarizer.engines.tokenizer import Tokenizer
from summarizer.errors import BadOptionError, DeviceError, ModelLoadError

# The first three of the shared parity requests must be token-identical on float32 CTranslate2 and
# torch. The others are beam searches with no_repeat_ngram_size: CTranslate2 renormalises the
# log-probabilities after banning repeated n-grams while transformers does not, so beam scores
# (not greedy argmaxes) can rank differently once a ban applies.
PARITY_REQUESTS = SHARED_PARITY_REQUESTS[:3]
THREADS = 1


@pytest.fixture(scope="session")
def ct2_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the tiny model (conversions write a cache folder into it)."""
    return copy_model(build_tiny_once(tmp_path_factory), tmp_path_factory.mktemp("ct2") / "model")


@pytest.fixture(scope="session")
def hf_model(ct2_model: Path):
    return load_hf(ct2_model)


@pytest.fixture()
def fresh_model(ct2_model: Path, tmp_path: Path) -> Path:
    """A copy without any conversion cache, for cache tests."""
    ct2_backend.clear_loaded()
    return copy_model_files(ct2_model, tmp_path / "model")


def _load(path: Path, precision: str) -> CTranslate2Backend:
    return CTranslate2Backend.load(path, precision=precision, device="cpu", threads=THREADS)


@pytest.mark.parametrize("request_index", range(len(PARITY_REQUESTS)))
def test_float32_matches_torch_token_for_token(ct2_model: Path, hf_model, request_index: int) -> None:
    request = PARITY_REQUESTS[request_index]
    assert_ids_match_torch(_load(ct2_model, "float32").generate_ids(INPUTS, request), hf_model, INPUTS, request)


def test_untied_checkpoint_like_vit5_large_matches_torch(tmp_path: Path, caplog) -> None:
    """ViT5-large's layout (gated GELU, one input embedding, an LM head of its own, no rescaled
    decoder output) at tiny size. transformers 5 reports tie_word_embeddings as true for it, and
    CTranslate2's converter rescaled the decoder output by that flag (log-probabilities 27 apart)
    until ``ct2_backend.match_output_scaling``."""
    model = build_untied_model(tmp_path / "untied")
    hf = load_hf(model)
    assert not hf[1].config.scale_decoder_outputs
    caplog.set_level(logging.WARNING, logger="summarizer")
    with transformers_records() as records:  # the conversion keeps transformers' notices to itself
        backend = _load(model, "float32")
    assert records == []
    for request in PARITY_REQUESTS:
        assert_ids_match_torch(backend.generate_ids(INPUTS, request), hf, INPUTS, request)


def test_generate_text_equals_torch_decode(ct2_model: Path, hf_model) -> None:
    tokenizer, _ = hf_model
    request = PARITY_REQUESTS[1]
    texts = _load(ct2_model, "float32").generate(INPUTS, request)
    for text, outs in zip(INPUTS, texts):
        expected = tokenizer.decode(torch_generate_ids(hf_model, text, request)[0], skip_special_tokens=True).strip()
        assert outs == [expected]
        assert outs[0] and "</s>" not in outs[0] and "<pad>" not in outs[0]


def test_float32_texts_equal_the_torch_backend(ct2_model: Path) -> None:
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.models import resolve_model

    resolved = resolve_model(str(ct2_model))
    reference = TorchBackend.load(resolved, precision="float32", device="cpu")
    fast = CTranslate2Backend.load(resolved, precision="float32", device="cpu", threads=THREADS)
    for request in PARITY_REQUESTS:
        assert fast.generate(INPUTS, request) == reference.generate(INPUTS, request)
        assert fast.last_generated == reference.last_generated  # token counts reported alike
    assert [fast.count_tokens(t) for t in INPUTS] == [reference.count_tokens(t) for t in INPUTS]


TOKENIZER_TEXTS = INPUTS + [
    "",
    "Ông Nguyễn Văn Tư – Chủ tịch UBND xã – nói: “Đã xong 100%!” (ngày 3/4), còn 2,5 tỷ đồng…",
    "HÀ NỘI  có   nhiều khoảng trắng\tvà\ndòng mới; email a.b@c.vn, mã ABC-123.",
]


def test_direct_tokenizer_equals_transformers(ct2_model: Path, hf_model) -> None:
    tokenizer, _ = hf_model
    fast = Tokenizer(ct2_model)
    assert fast._fast is not None  # the tiny model ships tokenizer.json: no transformers import
    for text in TOKENIZER_TEXTS:
        ids = tokenizer(text).input_ids
        assert fast.encode(text) == ids
        assert fast.ids_to_tokens(ids) == tokenizer.convert_ids_to_tokens(ids)
        assert fast.tokens_to_ids(fast.ids_to_tokens(ids)) == ids
    sequences = [tokenizer(t).input_ids for t in TOKENIZER_TEXTS] + [[0, 5, 9, 1, 0, 0]]
    assert fast.decode_batch(sequences) == tokenizer.batch_decode(
        sequences, skip_special_tokens=True, clean_up_tokenization_spaces=False)


def test_folder_without_tokenizer_json_falls_back_to_transformers(fresh_model: Path, ct2_model: Path) -> None:
    (fresh_model / "tokenizer.json").unlink()
    slow = _load(fresh_model, "float32")
    assert slow._tokenizer._fast is None and slow._tokenizer._hf is not None
    request = PARITY_REQUESTS[1]
    assert slow.generate(INPUTS, request) == _load(ct2_model, "float32").generate(INPUTS, request)
    assert [slow.count_tokens(t) for t in INPUTS] == [_load(ct2_model, "float32").count_tokens(t) for t in INPUTS]


def test_forced_length_is_exact(ct2_model: Path) -> None:
    assert_forced_length_is_exact(_load(ct2_model, "int8"), INPUTS[:2])


def test_int8_summary_rouge_l_against_float32(ct2_model: Path, record_property, capsys) -> None:
    for precision in ("int8", "int8_float32"):
        report_rouge_l(_load(ct2_model, "float32"), _load(ct2_model, precision), f"ct2 {precision}", record_property, capsys)


def test_count_tokens_includes_eos(ct2_model: Path, hf_model) -> None:
    tokenizer, _ = hf_model
    backend = _load(ct2_model, "int8")
    ids = tokenizer(INPUTS[0]).input_ids
    assert ids[-1] == tokenizer.eos_token_id
    assert backend.count_tokens(INPUTS[0]) == len(ids)
    assert backend.count_tokens("") == 1


def test_load_is_reused_within_the_process(ct2_model: Path) -> None:
    first = _load(ct2_model, "int8")
    assert _load(ct2_model, "int8") is first
    assert first.name == "ctranslate2" and first.precision == "int8" and first.device == "cpu"
    assert first.info()["threads"] == THREADS


def test_auto_precision_on_cpu_is_int8(ct2_model: Path) -> None:
    backend = CTranslate2Backend.load(ct2_model, precision="auto", device="cpu", threads=THREADS)
    assert backend.precision == ct2_backend.DEFAULT_PRECISION == "int8"


def test_conversion_is_cached_keyed_and_reused(fresh_model: Path) -> None:
    backend = _load(fresh_model, "float32")
    converted = backend.converted
    assert converted.converted is True
    assert converted.path.parent == fresh_model / ct2_backend.CACHE_DIRNAME
    assert converted.path.name == f"float32-{converted.key[:model_cache.KEY_CHARS]}"
    marker = json.loads((converted.path / model_cache.MARKER_FILE).read_text())
    assert marker["key"] == converted.key and marker["weights"] == "float32"
    stamp = (converted.path / "model.bin").stat().st_mtime_ns

    ct2_backend.clear_loaded()
    again = _load(fresh_model, "float32")
    assert again.converted.converted is False
    assert again.converted.path == converted.path
    assert (converted.path / "model.bin").stat().st_mtime_ns == stamp
    # int8 and int8_float32 share one int8 conversion
    int8 = _load(fresh_model, "int8").converted
    assert _load(fresh_model, "int8_float32").converted.path == int8.path
    assert int8.path != converted.path
    leftovers = [p.name for p in (fresh_model / ct2_backend.CACHE_DIRNAME).iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_changed_source_gives_a_new_conversion(fresh_model: Path) -> None:
    first = _load(fresh_model, "int8").converted
    config = json.loads((fresh_model / "config.json").read_text())
    config["summarizer_test_marker"] = 1
    (fresh_model / "config.json").write_text(json.dumps(config))
    ct2_backend.clear_loaded()
    second = _load(fresh_model, "int8").converted
    assert second.converted is True
    assert second.key != first.key and second.path != first.path


def test_source_hash_memo_skips_unchanged_files(fresh_model: Path, tmp_path: Path, monkeypatch) -> None:
    memo = tmp_path / "memo"
    first = model_cache.source_hash(fresh_model, memo_dir=memo)
    assert model_cache.source_hash(fresh_model) == first  # memo does not change the digest

    def _no_reading(path: Path) -> str:
        raise AssertionError(f"re-hashed unchanged file {path}")

    monkeypatch.setattr(model_cache, "_file_sha256", _no_reading)
    assert model_cache.source_hash(fresh_model, memo_dir=memo) == first
    (fresh_model / "generation_config.json").write_text("{}")
    with pytest.raises(AssertionError, match="re-hashed"):
        model_cache.source_hash(fresh_model, memo_dir=memo)


def test_read_only_model_folder_uses_the_user_cache(fresh_model: Path, tmp_path: Path, monkeypatch) -> None:
    user_cache = tmp_path / "user-cache"
    monkeypatch.setenv(model_cache.CACHE_ENV, str(user_cache))
    real = model_cache.writable_dir
    # Simulated read-only model folder (tests may run as root, which ignores file modes).
    monkeypatch.setattr(model_cache, "writable_dir",
                        lambda folder: False if fresh_model in folder.parents else real(folder))
    backend = _load(fresh_model, "int8")
    assert backend.converted.path.parent == user_cache / ct2_backend.USER_CACHE_SUBDIR
    assert not (fresh_model / ct2_backend.CACHE_DIRNAME).exists()
    assert backend.generate([INPUTS[0]], PARITY_REQUESTS[0])[0][0]


def test_hugging_face_cache_snapshots_convert_into_the_user_cache(fresh_model: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    from summarizer.models import SOURCE_HF_CACHE, resolve_model

    user_cache = tmp_path / "user-cache"
    monkeypatch.setenv(model_cache.CACHE_ENV, str(user_cache))
    resolved = dataclasses.replace(resolve_model(str(fresh_model)), source=SOURCE_HF_CACHE)
    backend = CTranslate2Backend.load(resolved, precision="int8", device="cpu", threads=THREADS)
    assert backend.converted.path.parent == user_cache / ct2_backend.USER_CACHE_SUBDIR
    assert not (fresh_model / ct2_backend.CACHE_DIRNAME).exists()


def test_failed_conversion_leaves_nothing_behind(fresh_model: Path, monkeypatch) -> None:
    from ctranslate2.converters import TransformersConverter

    def _broken(self, output_dir, *args, **kwargs):
        Path(output_dir, "model.bin").write_bytes(b"partial")
        raise RuntimeError("simulated crash mid-conversion")

    monkeypatch.setattr(TransformersConverter, "convert", _broken)
    with pytest.raises(ModelLoadError, match="simulated crash"):
        _load(fresh_model, "int8")
    # no half-written conversion, and no cache folder holding only the remembered digests either
    assert not (fresh_model / ct2_backend.CACHE_DIRNAME).exists()


def test_unknown_precision_lists_choices(ct2_model: Path) -> None:
    with pytest.raises(DeviceError, match="choose one of: auto, .*int8"):
        CTranslate2Backend.load(ct2_model, precision="float16", device="cpu", threads=THREADS)


def test_precision_unsupported_by_the_cpu_is_a_device_error(ct2_model: Path, monkeypatch) -> None:
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_supported_compute_types", lambda device: {"int8", "float32", "int8_float32"})
    expected = "'bfloat16' is not supported by CTranslate2 on cpu; choose one of: auto, int8, int8_float32, float32"
    with pytest.raises(DeviceError, match=expected):
        CTranslate2Backend.load(ct2_model, precision="bfloat16", device="cpu", threads=THREADS)


def test_missing_cuda_is_a_device_error(ct2_model: Path, monkeypatch) -> None:
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    with pytest.raises(DeviceError, match="cuda"):
        CTranslate2Backend.load(ct2_model, precision="int8", device="cuda", threads=THREADS)
    assert ct2_backend.resolve_device("auto") == "cpu"


def test_more_sequences_than_beams_is_rejected(ct2_model: Path) -> None:
    with pytest.raises(BadOptionError, match="num_return_sequences"):
        _load(ct2_model, "int8").generate([INPUTS[0]], GenerateRequest(num_beams=2, max_new_tokens=4, num_return_sequences=3))


def test_missing_model_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="does not exist"):
        CTranslate2Backend.load(tmp_path / "nope", precision="int8", device="cpu", threads=THREADS)


def test_empty_batch(ct2_model: Path) -> None:
    assert _load(ct2_model, "int8").generate([], PARITY_REQUESTS[0]) == []


def test_a_missing_or_broken_install_is_reported(ct2_model: Path, monkeypatch) -> None:
    import sys

    assert ct2_backend.available() is True
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # makes `import ctranslate2` fail
    assert ct2_backend.available() is False
    with pytest.raises(DeviceError, match="ctranslate2 is not installed; .*choose one of: --backend torch"):
        CTranslate2Backend.load(ct2_model, precision="int8", device="cpu", threads=THREADS)


def test_cli_end_to_end_on_ctranslate2(ct2_model: Path, sample_dir: Path) -> None:
    cli_json_on_backend(ct2_model, sample_dir, "ctranslate2")


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_a_damaged_or_incomplete_conversion_is_made_again(fresh_model: Path, damage: str) -> None:
    """A conversion missing model.bin could not be replaced ('Directory not empty') on every run;
    a truncated one could not be loaded. Both are converted again now."""
    converted = _load(fresh_model, "int8").converted
    reference = _load(fresh_model, "int8").generate_ids(INPUTS[:1], GenerateRequest(num_beams=1, max_new_tokens=8))
    model_bin = converted.path / "model.bin"
    if damage == "missing":
        model_bin.unlink()
    else:
        model_bin.write_bytes(model_bin.read_bytes()[:1000])
    ct2_backend.clear_loaded()
    again = _load(fresh_model, "int8")
    assert again.converted.converted is True and again.converted.path == converted.path
    assert again.generate_ids(INPUTS[:1], GenerateRequest(num_beams=1, max_new_tokens=8)) == reference


def _edit_weights(folder: Path, edit) -> None:
    from safetensors.torch import load_file, save_file

    state = load_file(str(folder / "model.safetensors"))
    edit(state)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})


def test_a_damaged_checkpoint_is_refused_as_the_other_backends_refuse_it(fresh_model: Path) -> None:
    """The converter copied a checkpoint lacking a decoder layer (left random) or holding a NaN,
    and the run went on (exit 0); it is checked as the native and ONNX Runtime backends check it."""
    def nan(state) -> None:
        state["decoder.block.0.layer.0.SelfAttention.k.weight"][0, 0] = float("nan")

    _edit_weights(fresh_model, nan)
    with pytest.raises(ModelLoadError, match="the weight decoder.block.0.layer.0.SelfAttention.k.weight holds "
                                             "values that are not finite"):
        _load(fresh_model, "int8")
    assert not (fresh_model / ct2_backend.CACHE_DIRNAME).exists()
    _edit_weights(fresh_model, lambda state: [state.pop(k) for k in list(state) if k.startswith("decoder.block.1.")])
    with pytest.raises(ModelLoadError, match="lacks the weight 'decoder.block.1.layer.0.SelfAttention.q.weight'"):
        _load(fresh_model, "int8")
    config = json.loads((fresh_model / "config.json").read_text())
    (fresh_model / "config.json").write_text(json.dumps({**config, "model_type": "mt5"}))
    with pytest.raises(ModelLoadError, match="backend ctranslate2 runs t5 checkpoints.*'mt5'; --backend torch runs it"):
        _load(fresh_model, "int8")


def test_a_conversion_made_before_the_check_is_checked_once(fresh_model: Path, monkeypatch) -> None:
    from summarizer.engines import t5_onnx

    converted = _load(fresh_model, "int8").converted
    marker_file = converted.path / model_cache.MARKER_FILE
    marker = json.loads(marker_file.read_text())
    assert marker[model_cache.CHECKED_KEY] == f"t5-weights-{t5_onnx.WEIGHT_CHECKS}"
    marker_file.write_text(json.dumps({k: v for k, v in marker.items() if k != model_cache.CHECKED_KEY}))
    checks: list[int] = []
    real = t5_onnx.check_weights
    monkeypatch.setattr(t5_onnx, "check_weights", lambda weights, shape: (checks.append(1), real(weights, shape)))
    for _ in range(2):
        ct2_backend.clear_loaded()
        assert _load(fresh_model, "int8").converted.path == converted.path
    assert checks == [1]
