"""Tiny-model builder, model resolution order and its errors, the checkpoint table, and the
download script's offline parts (pickle -> safetensors conversion, manifest)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from _tiny_model import copy_model, copy_model_files, tiny_model_dir  # noqa: F401  (session fixture)

from summarizer.tiny import SIZES, alphabet_lines, train_spiece

VI_TEXT = (
    "Chiều 14/2, ông Đỗ Hữu Phước – Giám đốc Sở Y tế tỉnh Khánh Hòa – cho biết đã có 27 người "
    "nhập viện sau bữa tiệc cưới; “tình hình đã ổn định”, ông nói."
)


def _tokenizer(folder: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


def test_tiny_model_folder_layout(tiny_model_dir: Path) -> None:
    names = {p.name for p in tiny_model_dir.iterdir()}
    assert {"config.json", "generation_config.json", "model.safetensors", "spiece.model",
            "tokenizer.json", "tokenizer_config.json"} <= names
    assert not any(n.endswith(".bin") for n in names)
    config = json.loads((tiny_model_dir / "config.json").read_text())
    assert config["vocab_size"] == SIZES["tiny"].vocab_size == 604
    assert config["feed_forward_proj"] == "relu"
    assert config["tie_word_embeddings"] is True


def test_tiny_tokenizer_round_trips_vietnamese(tiny_model_dir: Path) -> None:
    tok = _tokenizer(tiny_model_dir)
    assert len(tok) == SIZES["tiny"].vocab_size
    ids = tok(VI_TEXT).input_ids
    assert ids[-1] == tok.eos_token_id == 1
    assert tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == VI_TEXT
    # fewer tokens than characters: multi-character pieces, not a 4-token fallback vocabulary
    assert len(ids) < 0.7 * len(VI_TEXT)
    assert len(set(ids)) > 30


def test_tiny_tokenizer_covers_every_vietnamese_letter(tiny_model_dir: Path) -> None:
    tok = _tokenizer(tiny_model_dir)
    for line in alphabet_lines():
        ids = tok(line).input_ids
        assert tok.unk_token_id not in ids, line
        # sentencepiece's default nmt_nfkc normalization (as in real T5/ViT5 tokenizers)
        assert tok.decode(ids, skip_special_tokens=True) == unicodedata.normalize("NFKC", line)


def test_base_sized_vocabulary_is_exact(tmp_path: Path) -> None:
    from transformers import T5Tokenizer

    shape = SIZES["base"]
    trained = train_spiece(["Hà Nội mùa thu đẹp lắm.", "Trời hôm nay nắng nhẹ."], tmp_path / "spiece.model",
                           vocab_size=shape.sp_vocab)
    assert trained < shape.sp_vocab
    tok = T5Tokenizer.from_pretrained(str(tmp_path), extra_ids=shape.extra_ids)
    assert len(tok) == shape.vocab_size == 36096
    text = unicodedata.normalize("NFC", "Trời hôm nay ở Hà Nội rất đẹp.")
    assert tok.decode(tok(text).input_ids, skip_special_tokens=True) == text


def test_build_model_rejects_unknown_size(tmp_path: Path) -> None:
    from summarizer.tiny import build_model

    with pytest.raises(ValueError, match="tiny, base"):
        build_model(tmp_path, size="huge")


# ---------------------------------------------------------------------------- resolution


from conftest import load_script  # noqa: E402
import shutil  # noqa: E402

from summarizer.errors import ModelLoadError, ModelNotFoundError  # noqa: E402
from summarizer.models import (  # noqa: E402
    DEFAULT_MODEL_ID,
    MODELS_DIR_ENV,
    check_safetensors,
    hf_repo_folder,
    lookup_checkpoint,
    resolve_model,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def empty_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No model anywhere: an empty models dir (via the env var) and an empty HF cache."""
    (tmp_path / "models").mkdir()
    (tmp_path / "hf" / "hub").mkdir(parents=True)
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "models"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    return tmp_path


def fake_hf_cache(hub: Path, model_id: str, source: Path, *, ref: str = "main") -> Path:
    """Lay out ``source`` as huggingface_hub's cache does: refs/<ref> -> snapshots/<commit>/."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = hf_repo_folder(hub, model_id)
    (repo / "refs" / Path(ref).parent).mkdir(parents=True, exist_ok=True)
    (repo / "refs" / ref).write_text(commit)
    snapshot = repo / "snapshots" / commit
    shutil.copytree(source, snapshot)
    return snapshot


def test_existing_directory_wins(tiny_model_dir: Path, empty_places: Path) -> None:
    resolved = resolve_model(str(tiny_model_dir))
    assert resolved.path == tiny_model_dir.resolve()
    assert resolved.source == "directory"
    assert resolved.has_safetensors and not resolved.has_pickle
    assert resolved.checkpoint.known is False and resolved.prefix == ""
    assert resolved.max_input_tokens == 512  # unknown checkpoint, no stated limit: T5's length


def test_models_dir_by_full_name_and_by_last_part(tiny_model_dir: Path, empty_places: Path) -> None:
    models = empty_places / "models"
    copy_model(tiny_model_dir, models / "vit5-base-vietnews-summarization")
    resolved = resolve_model(DEFAULT_MODEL_ID)
    assert resolved.path == (models / "vit5-base-vietnews-summarization").resolve()
    assert resolved.source == "models-dir"
    assert resolved.checkpoint.known and resolved.max_input_tokens == 1024
    assert resolve_model(None).path == resolved.path  # None = the default checkpoint
    copy_model(tiny_model_dir, models / "someone" / "my-model")
    assert resolve_model("someone/my-model").path == (models / "someone" / "my-model").resolve()
    # an explicit models_dir overrides the environment
    other = empty_places / "other"
    copy_model(tiny_model_dir, other / "my-model")
    assert resolve_model("someone/my-model", models_dir=other).path == (other / "my-model").resolve()


def test_hf_cache_offline_at_the_table_revision(tiny_model_dir: Path, empty_places: Path) -> None:
    model_id = "VietAI/vit5-large-vietnews-summarization"
    snapshot = fake_hf_cache(empty_places / "hf" / "hub", model_id, tiny_model_dir)
    resolved = resolve_model(model_id)
    assert resolved.source == "hf-cache"
    assert resolved.path == snapshot.resolve()
    assert resolved.prefix == "vietnews: "
    base_id = DEFAULT_MODEL_ID  # table revision refs/pr/2
    pr_snapshot = fake_hf_cache(empty_places / "hf" / "hub", base_id, tiny_model_dir, ref="refs/pr/2")
    assert resolve_model(base_id).path == pr_snapshot.resolve()
    # precedence: the models dir before the cache, an existing folder before both
    local = copy_model(tiny_model_dir, empty_places / "models" / "vit5-large-vietnews-summarization")
    assert resolve_model(model_id).path == local.resolve()
    assert resolve_model(str(snapshot)).source == "directory"


def test_hf_repo_folder_is_the_one_huggingface_hub_uses(tmp_path: Path) -> None:
    from huggingface_hub.file_download import repo_folder_name

    model_id = "VietAI/vit5-base-vietnews-summarization"
    assert hf_repo_folder(tmp_path, model_id) == tmp_path / repo_folder_name(repo_id=model_id, repo_type="model")


def test_not_found_says_how_to_get_it(empty_places: Path) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model("VietAI/vit5-base-vietnews-summarization")
    message = str(info.value)
    assert "python scripts/download_model.py VietAI/vit5-base-vietnews-summarization" in message
    assert "\n" not in message
    assert info.value.exit_code == 7


def test_missing_directory(empty_places: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model(str(empty_places / "no" / "such" / "model"))
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model("./nowhere/")


def test_missing_tokenizer_file(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "spiece.model").unlink()
    assert resolve_model(str(folder)).path == folder.resolve()  # tokenizer.json is enough
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelLoadError, match="no tokenizer file"):
        resolve_model(str(folder))


def _save_as_pickle(folder: Path) -> None:
    import torch
    from safetensors.torch import load_file

    state = load_file(str(folder / "model.safetensors"))
    torch.save(state, str(folder / "pytorch_model.bin"))
    (folder / "model.safetensors").unlink()


def test_pickle_only_is_refused_unless_allowed(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    _save_as_pickle(folder)
    with pytest.raises(ModelLoadError, match="pickle") as info:
        resolve_model(str(folder))
    assert "--convert" in str(info.value) and "--allow-pickle" in str(info.value)
    from summarizer import models

    # The hint names where the copy goes; a folder already in models/ is not its own target.
    assert f"--dest {models.PROJECT_MODELS_DIR} " in str(info.value)
    assert str(models.PROJECT_MODELS_DIR / "m") in str(info.value)
    inside = models.PROJECT_MODELS_DIR / "m"
    assert models._convert_dest(inside) == models.PROJECT_MODELS_DIR / models.CONVERTED_DIR
    resolved = resolve_model(str(folder), allow_pickle=True)
    assert resolved.has_pickle and not resolved.has_safetensors
    from summarizer.engines.torch_backend import TorchBackend

    backend = TorchBackend.load(resolved, device="cpu", allow_pickle=True)
    assert backend.count_tokens("Hà Nội") > 1
    # once loaded, the model is reused, but never handed to a caller that does not allow pickle
    assert TorchBackend.load(resolved, device="cpu", allow_pickle=True) is backend
    with pytest.raises(ModelLoadError, match="pickle is not allowed"):
        TorchBackend.load(resolved, device="cpu")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_corrupt_safetensors_is_a_clear_error(tiny_model_dir: Path, tmp_path: Path, damage: str) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    if damage == "truncate":
        weights.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        weights.write_bytes(b"\x00\x01not a safetensors file at all" * 10)
    else:
        weights.write_bytes(b"")
    with pytest.raises(ModelLoadError, match="corrupt safetensors") as info:
        resolve_model(str(folder))
    assert "\n" not in str(info.value)


def test_loader_failure_becomes_model_load_error(tiny_model_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A sound file whose tensors do not fit the config is refused by the weight check, and
    (without the check) fails inside transformers: one line either way."""
    import torch
    from safetensors.torch import load_file, save_file

    from summarizer.engines import model_cache, torch_backend
    from summarizer.engines.torch_backend import TorchBackend

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    state = load_file(str(folder / "model.safetensors"))
    state["shared.weight"] = torch.zeros(7, 3)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    resolved = resolve_model(str(folder))  # the header is sound
    with pytest.raises(ModelLoadError, match=r"shapes do not match config.json: shared.weight is \[7, 3\]") as info:
        TorchBackend.load(resolved, device="cpu")
    assert "\n" not in str(info.value)
    monkeypatch.setattr(model_cache, "check_once", lambda *args, **kwargs: None)
    torch_backend.clear_cache()
    with pytest.raises(ModelLoadError, match="cannot load model") as info:
        TorchBackend.load(resolved, device="cpu")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("config", "message"), [
    ("[]", "is not a JSON object"),
    ("{bad", "cannot read"),
    ('{"model_type": "t5", "d_model": "x"}', "d_model must be a positive integer, not 'x'"),
    ('{"model_type": "t5", "num_layers": 0}', "num_layers must be a positive integer, not 0"),
    ('{"model_type": "t5", "vocab_size": true}', "vocab_size must be a positive integer, not True"),
    # torch failed with an IndexError (exit 70) and CTranslate2 crashed the process (exit 139)
    ('{"model_type": "t5", "relative_attention_max_distance": 16, "relative_attention_num_buckets": 32}',
     "relative_attention_max_distance (16) must exceed half of relative_attention_num_buckets (32)"),
    ('{"model_type": "t5", "relative_attention_max_distance": 8}',
     "relative_attention_max_distance (8) must exceed half of relative_attention_num_buckets (32)"),
])
def test_a_damaged_config_is_a_clear_error(tiny_model_dir: Path, tmp_path: Path, config: str, message: str) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "config.json").write_text(config, encoding="utf-8")
    with pytest.raises(ModelLoadError, match=re.escape(message)) as info:
        resolve_model(str(folder))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name", ["tokenizer.json", "tokenizer_config.json", "generation_config.json"])
@pytest.mark.parametrize(("content", "message"), [("[]", "is not a JSON object"), ("{bad", "cannot read")])
def test_a_damaged_json_file_of_the_model_is_a_clear_error(tiny_model_dir: Path, tmp_path: Path, name: str,
                                                           content: str, message: str) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(ModelLoadError, match=re.escape(message)) as info:
        resolve_model(str(folder))
    assert name in str(info.value) and "\n" not in str(info.value)


def test_weights_that_do_not_fit_the_config_say_so(tiny_model_dir: Path, tmp_path: Path) -> None:
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.engines.t5_onnx import T5Shape

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "config.json").write_text('{"model_type": "t5"}', encoding="utf-8")  # T5's default sizes
    with pytest.raises(ModelLoadError, match="the weights' shapes do not match config.json") as info:
        TorchBackend.load(resolve_model(str(folder)), device="cpu")
    assert "\n" not in str(info.value) and "above report" not in str(info.value)
    with pytest.raises(ValueError, match="config.json lacks vocab_size, d_model, d_kv, num_heads, num_layers"):
        T5Shape.from_config({"model_type": "t5"})


def test_check_safetensors_accepts_a_sound_file(tiny_model_dir: Path) -> None:
    check_safetensors(tiny_model_dir / "model.safetensors")


def test_checkpoint_table() -> None:
    base = lookup_checkpoint("VietAI/vit5-base-vietnews-summarization")
    assert (base.revision, base.prefix, base.max_input_tokens, base.max_target_tokens) == ("refs/pr/2", "", 1024, 256)
    large = lookup_checkpoint("vietai/VIT5-large-vietnews-summarization")  # case-insensitive
    assert large.prefix == "vietnews: " and large.known
    assert lookup_checkpoint("models/vit5-large-vietnews-summarization/").prefix == "vietnews: "
    unknown = lookup_checkpoint("someone/t5-small")
    assert not unknown.known and unknown.prefix == "" and unknown.max_input_tokens is None
    assert "</s>" not in base.prefix + large.prefix


def test_manifest_identifies_a_renamed_folder(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = copy_model(tiny_model_dir, tmp_path / "whatever")
    (folder / "summarizer_manifest.json").write_text(
        json.dumps({"model_id": "VietAI/vit5-large-vietnews-summarization"}), encoding="utf-8")
    assert resolve_model(str(folder)).prefix == "vietnews: "


# ---------------------------------------------------------------------------- download script (offline parts)


def _download_script():
    return load_script("download_model")


def test_convert_pickle_to_safetensors_and_manifest(tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    script = _download_script()
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    original = load_file(str(folder / "model.safetensors"))
    # tied names sharing one storage, as pickle checkpoints of T5 store them
    state = dict(original)
    state["encoder.embed_tokens.weight"] = state["shared.weight"]
    bin_file = tmp_path / "pytorch_model.bin"
    torch.save(state, str(bin_file))
    (folder / "model.safetensors").unlink()

    entry = script.convert_pickle_to_safetensors(bin_file, folder / "model.safetensors")
    assert entry["read"]["sha256"] == script.sha256_file(bin_file)
    assert entry["written"]["sha256"] == script.sha256_file(folder / "model.safetensors")
    assert entry["aliases"] == {"encoder.embed_tokens.weight": "shared.weight"}
    converted = load_file(str(folder / "model.safetensors"))
    assert converted.keys() == original.keys()
    assert all(torch.equal(converted[k], v) for k, v in original.items())

    manifest = script.write_manifest(folder, model_id="someone/tiny", revision="main", commit=None, conversion=entry)
    data = json.loads(manifest.read_text())
    assert data["conversion"] == entry and data["model_id"] == "someone/tiny"
    assert data["files"]["model.safetensors"] == entry["written"]["sha256"]
    assert script.verify_manifest(folder) == []
    (folder / "config.json").write_text((folder / "config.json").read_text() + " ")
    assert script.verify_manifest(folder) == ["config.json"]

    # the converted folder loads through the normal path
    from summarizer.engines.torch_backend import TorchBackend

    (folder / "config.json").write_text((folder / "config.json").read_text().rstrip() + "\n")
    backend = TorchBackend.load(resolve_model(str(folder)), device="cpu")
    assert torch.equal(backend.model.get_input_embeddings().weight, original["shared.weight"])
    assert torch.equal(backend.model.get_encoder().embed_tokens.weight, original["shared.weight"])


def test_convert_refuses_non_tensor_pickles(tmp_path: Path) -> None:
    import torch

    script = _download_script()
    bad = tmp_path / "pytorch_model.bin"
    torch.save({"step": 3}, str(bad))
    with pytest.raises(script.DownloadError, match="not a state dict"):
        script.convert_pickle_to_safetensors(bad, tmp_path / "out.safetensors")


def test_make_tiny_model_script_with_own_texts(tmp_path: Path) -> None:
    module = load_script("make_tiny_model")
    texts = tmp_path / "texts.txt"
    texts.write_text("Cà Mau mùa nước nổi.\nNgười dân đi chợ nổi Cái Răng từ sáng sớm.\n", encoding="utf-8")
    assert module.main([str(tmp_path / "m"), "--texts", str(texts), "--seed", "3"]) == 0
    tok = _tokenizer(tmp_path / "m")
    assert len(tok) == SIZES["tiny"].vocab_size
    line = "Người dân đi chợ nổi Cái Răng"
    assert tok.decode(tok(line).input_ids, skip_special_tokens=True) == line
    assert resolve_model(str(tmp_path / "m")).has_safetensors


@pytest.mark.parametrize("env", [{"HF_ENDPOINT": "http://127.0.0.1:9"}, {"HF_HUB_OFFLINE": "1"}],
                         ids=["hub-unreachable", "offline-mode"])
def test_download_without_the_hub_is_a_one_line_error(tmp_path: Path, env: dict[str, str]) -> None:
    import os
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "download_model.py"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    result = subprocess.run([sys.executable, str(script), "VietAI/vit5-base-vietnews-summarization", "--dest",
                             str(tmp_path)], capture_output=True, text=True, env={**clean, **env}, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot download VietAI/vit5-base-vietnews-summarization ("), result.stderr
    assert list(tmp_path.iterdir()) == []  # a failed download leaves no folder for summarize to pick up


def test_a_damaged_sentencepiece_file_is_named_not_a_missing_tiktoken(tiny_model_dir: Path, tmp_path: Path) -> None:
    from summarizer.engines.torch_backend import TorchBackend

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "tokenizer.json").unlink(missing_ok=True)  # only spiece.model is left to read
    (folder / "spiece.model").write_bytes(b"\x00not a sentencepiece model\xff" * 10)
    with pytest.raises(ModelLoadError, match="spiece.model is damaged") as info:
        TorchBackend.load(resolve_model(str(folder)), device="cpu")
    assert "tiktoken" not in str(info.value)


def test_convert_a_local_tied_pickle_checkpoint_keeps_shared_weight(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A transformers pickle of a tied T5 stores shared, both embed_tokens and lm_head as one
    tensor: the converted file keeps shared.weight (the native backend reads the embedding
    there; lm_head.weight was kept and the model refused)."""
    import torch
    from safetensors.torch import load_file

    script = _download_script()
    source = copy_model(tiny_model_dir, tmp_path / "tiedpk")
    state = load_file(str(source / "model.safetensors"))
    shared = state["shared.weight"]
    for alias in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight"):
        state[alias] = shared
    (source / "model.safetensors").unlink()
    torch.save(state, str(source / "pytorch_model.bin"))
    folder = script.download(str(source), revision=None, dest=tmp_path / "models", convert=True)
    assert folder == tmp_path / "models" / "tiedpk" and sorted(p.name for p in (tmp_path / "models").iterdir()) == ["tiedpk"]
    converted = load_file(str(folder / "model.safetensors"))
    assert "shared.weight" in converted and "lm_head.weight" not in converted
    manifest = json.loads((folder / script.MANIFEST_FILE).read_text())
    assert manifest["conversion"]["aliases"]["lm_head.weight"] == "shared.weight"
    assert script.verify_manifest(folder) == [] and resolve_model(str(folder)).has_safetensors
    # a second run does not overwrite the folder unless asked to
    with pytest.raises(script.DownloadError, match="already exists and is not empty; remove it, or pass --force"):
        script.download(str(source), revision=None, dest=tmp_path / "models", convert=True)
    assert script.download(str(source), revision=None, dest=tmp_path / "models", convert=True, force=True) == folder


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)],
                         ids=["umask-022", "umask-002", "umask-077"])
def test_converted_weights_get_the_permissions_of_a_plain_file(tmp_path: Path, umask: int, expected: int) -> None:
    """safetensors writes its file with a temporary file's 0o600: a model converted into a
    shared models/ folder was unreadable to everyone else; it follows the umask now."""
    import os
    import stat

    import torch

    script = _download_script()
    source = tmp_path / "tinypk"
    source.mkdir()
    (source / "config.json").write_text("{}\n", encoding="utf-8")
    torch.save({"shared.weight": torch.zeros(2, 2)}, str(source / "pytorch_model.bin"))
    previous = os.umask(umask)
    try:
        folder = script.download(str(source), revision=None, dest=tmp_path / "models", convert=True)
        alone = tmp_path / "alone.safetensors"
        script.convert_pickle_to_safetensors(source / "pytorch_model.bin", alone)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((folder / "model.safetensors").stat().st_mode) == expected
    assert stat.S_IMODE(alone.stat().st_mode) == expected
    assert stat.S_IMODE((folder / "config.json").stat().st_mode) == stat.S_IMODE((source / "config.json").stat().st_mode)
    assert script.verify_manifest(folder) == []


@pytest.mark.parametrize("model_id", ["", "bad id with spaces", "../../etc", "a/b/c", "VietAI/"])
def test_an_invalid_model_id_is_refused_before_anything_is_written(tmp_path: Path, model_id: str) -> None:
    script = _download_script()
    with pytest.raises(script.DownloadError, match="invalid model id"):
        script.download(model_id, revision=None, dest=tmp_path / "models", convert=False)
    assert not (tmp_path / "models").exists()


def test_make_tiny_model_will_not_write_over_a_folder_that_holds_something(tmp_path: Path) -> None:
    module = load_script("make_tiny_model")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "model.safetensors").write_bytes(b"someone's weights")
    with pytest.raises(SystemExit) as info:
        module.main([str(tmp_path / "real")])
    assert info.value.code == 1
    assert (tmp_path / "real" / "model.safetensors").read_bytes() == b"someone's weights"
    (tmp_path / "texts.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    with pytest.raises(SystemExit):
        module.main([str(tmp_path / "new"), "--texts", str(tmp_path / "texts.txt")])


# ---------------------------------------------------------------------------- which files hold the weights


def _save_shards(folder: Path, shards: list[str]) -> None:
    """Split model.safetensors into the named shard files with an index naming them."""
    from safetensors.torch import load_file, save_file

    state = load_file(str(folder / "model.safetensors"))
    names = sorted(state)
    weight_map = {}
    for index, shard in enumerate(shards):
        part = names[index::len(shards)]
        save_file({k: state[k] for k in part}, str(folder / shard), metadata={"format": "pt"})
        weight_map.update(dict.fromkeys(part, shard))
    (folder / "model.safetensors").unlink()
    (folder / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))


def test_weight_files_are_model_safetensors_or_the_shards_of_its_index(tiny_model_dir: Path, tmp_path: Path) -> None:
    """One rule for every backend: a stray *.safetensors (a backup) beside model.safetensors
    replaced its weights on the native and ONNX Runtime backends."""
    from summarizer.models import weight_files

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "zz-backup.safetensors").write_bytes((folder / "model.safetensors").read_bytes())
    assert weight_files(folder) == ([folder / "model.safetensors"], False)
    _save_shards(folder, ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])
    assert weight_files(folder) == ([folder / "model-00001-of-00002.safetensors",
                                     folder / "model-00002-of-00002.safetensors"], False)
    assert resolve_model(str(folder)).has_safetensors
    (folder / "model-00002-of-00002.safetensors").unlink()
    with pytest.raises(ModelLoadError, match="misses weight shard"):
        resolve_model(str(folder))
    for file in folder.glob("model*"):
        file.unlink()
    with pytest.raises(ModelLoadError, match=r"has no weights \(model.safetensors or model.safetensors.index.json; "
                                             r"other \*.safetensors files are not read\)"):
        resolve_model(str(folder))  # zz-backup.safetensors alone is not the model's weights


def test_a_config_of_another_architecture_is_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    """model_type bart loaded a random BART on torch (exit 0) and failed inside CTranslate2's
    converter (exit 70); every backend refuses it now, in one line."""
    folder = copy_model(tiny_model_dir, tmp_path / "m")
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] == "t5"  # as ViT5's own config.json says
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "bart"}))
    with pytest.raises(ModelLoadError, match=r"model_type is 'bart', not a T5 model \('t5' or 'mt5'"):
        resolve_model(str(folder))
    (folder / "config.json").write_text(json.dumps({k: v for k, v in config.items() if k != "model_type"}))
    with pytest.raises(ModelLoadError, match="model_type is None"):
        resolve_model(str(folder))


def test_the_t5_defaults_of_the_weight_check_are_transformers(tmp_path: Path) -> None:
    from transformers import T5Config

    from summarizer.engines.t5_onnx import T5_CONFIG_DEFAULTS

    assert T5_CONFIG_DEFAULTS == {key: getattr(T5Config(), key) for key in T5_CONFIG_DEFAULTS}


def _damage_weights(folder: Path, damage: str) -> None:
    from safetensors.torch import load_file, save_file

    state = load_file(str(folder / "model.safetensors"))
    if damage == "missing-layer":
        state = {k: v for k, v in state.items() if not k.startswith("decoder.block.1.")}
    else:
        state["decoder.block.0.layer.0.SelfAttention.k.weight"][0, 0] = float("nan")
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})


@pytest.mark.parametrize(("damage", "message"), [
    ("missing-layer", "lacks the weight 'decoder.block.1.layer.0.SelfAttention.q.weight' that its config calls for"),
    ("nan", "the weight decoder.block.0.layer.0.SelfAttention.k.weight holds values that are not finite"),
])
def test_torch_refuses_a_damaged_checkpoint(tiny_model_dir: Path, tmp_path: Path, damage: str, message: str) -> None:
    """torch ran a checkpoint lacking a decoder layer (random values in its place) or holding a
    NaN with exit 0; it is checked as the other backends check it."""
    from summarizer.engines import torch_backend

    folder = copy_model_files(tiny_model_dir, tmp_path / "m")
    _damage_weights(folder, damage)
    torch_backend.clear_cache()
    with pytest.raises(ModelLoadError, match=re.escape(message)) as info:
        torch_backend.TorchBackend.load(resolve_model(str(folder)), device="cpu")
    assert "\n" not in str(info.value)
    assert not (folder / torch_backend.CHECKS.dirname).exists()  # nothing recorded, no empty folder left


def test_torch_checks_a_checkpoint_once_and_records_it(tiny_model_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines import model_cache, t5_onnx, torch_backend

    folder = copy_model_files(tiny_model_dir, tmp_path / "m")  # without the records of other tests
    checks: list[int] = []
    real = t5_onnx.check_weights
    monkeypatch.setattr(t5_onnx, "check_weights", lambda weights, shape: (checks.append(1), real(weights, shape)))
    for _ in range(2):
        torch_backend.clear_cache()
        torch_backend.TorchBackend.load(resolve_model(str(folder)), device="cpu")
    assert checks == [1]
    (record,) = (folder / torch_backend.CHECKS.dirname).glob(f"{model_cache.CHECK_VARIANT}-*")
    marker = json.loads((record / model_cache.MARKER_FILE).read_text())
    assert marker[model_cache.CHECKED_KEY] == f"t5-weights-{t5_onnx.WEIGHT_CHECKS}"
    torch_backend.clear_cache()


def test_torch_never_fills_a_missing_weight_with_random_values(tiny_model_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the check (a weight it does not know of), a weight transformers reports missing is an
    error too, not a random initialisation."""
    from summarizer.engines import model_cache, torch_backend

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    _damage_weights(folder, "missing-layer")
    monkeypatch.setattr(model_cache, "check_once", lambda *args, **kwargs: None)
    torch_backend.clear_cache()
    with pytest.raises(ModelLoadError, match=r"lacks the weight\(s\) decoder.block.1.\S+, decoder.block.1.\S+, "
                                             r"decoder.block.1.\S+ and more that the model calls for"):
        torch_backend.TorchBackend.load(resolve_model(str(folder)), device="cpu")


def test_damaged_pickle_weights_are_one_line_without_unsafe_advice(tiny_model_dir: Path, tmp_path: Path) -> None:
    """torch's refusal of a damaged pickle (6 lines, exit 70) advised re-running with
    weights_only=False, which runs any code the file holds."""
    from summarizer.engines import torch_backend

    folder = copy_model(tiny_model_dir, tmp_path / "m")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"garbage\n")
    torch_backend.clear_cache()
    with pytest.raises(ModelLoadError, match=r"cannot read the pickle weights .*pytorch_model.bin: damaged or not a "
                                             r"PyTorch checkpoint of tensors \(Unsupported operand 103\)") as info:
        torch_backend.TorchBackend.load(resolve_model(str(folder), allow_pickle=True), device="cpu",
                                        allow_pickle=True)
    assert "weights_only" not in str(info.value) and "\n" not in str(info.value)
    script = _download_script()
    with pytest.raises(script.DownloadError, match="damaged or not a PyTorch checkpoint") as info:
        script.download(str(folder), revision=None, dest=tmp_path / "models", convert=True)
    assert "weights_only" not in str(info.value)
    assert script.main([str(folder), "--convert", "--dest", str(tmp_path / "models")]) == 1


def test_convert_refuses_a_destination_that_is_or_holds_the_source(tiny_model_dir: Path, tmp_path: Path) -> None:
    """--dest the source's parent made the target the source folder itself, which --force then
    replaced: the pickle weights and the user's own files were gone."""
    script = _download_script()
    source = copy_model(tiny_model_dir, tmp_path / "pk")
    _save_as_pickle(source)
    (source / "NOTES.txt").write_text("my notes")
    for force in (False, True):
        with pytest.raises(script.DownloadError, match="is the source folder itself; choose another --dest"):
            script.download(str(source), revision=None, dest=tmp_path, convert=True, force=force)
    with pytest.raises(script.DownloadError, match="is inside the source folder"):
        script.download(str(source), revision=None, dest=source / "out", convert=True, force=True)
    nested = tmp_path / "pk2" / "inner" / "pk2"  # its target, <dest>/pk2, holds it
    nested.parent.mkdir(parents=True)
    source.rename(nested)
    with pytest.raises(script.DownloadError, match="holds the source folder"):
        script.download(str(nested), revision=None, dest=tmp_path, convert=True, force=True)
    assert {p.name for p in nested.iterdir()} >= {"NOTES.txt", "config.json", "pytorch_model.bin"}
    with pytest.raises(script.DownloadError, match="the folder '.*nowhere' to convert does not exist"):
        script.download(str(tmp_path / "nowhere"), revision=None, dest=tmp_path / "models", convert=True)


def test_converting_a_hf_cache_snapshot_keeps_the_model_id(tiny_model_dir: Path, tmp_path: Path) -> None:
    """The copy of a pickle-only snapshot of the Hugging Face cache was named after the commit and
    its manifest recorded the snapshot's path: the known-checkpoint table matched neither, so
    ViT5-large lost its prefix and half its input budget. The copy keeps the model's id."""
    script = _download_script()
    model_id = "VietAI/vit5-large-vietnews-summarization"
    pickled = copy_model(tiny_model_dir, tmp_path / "pickled")
    _save_as_pickle(pickled)
    snapshot = fake_hf_cache(tmp_path / "hub", model_id, pickled)
    with pytest.raises(ModelLoadError) as info:  # the advice names the copy the table will match
        resolve_model(str(snapshot))
    assert f"{snapshot} --convert --dest" in str(info.value)
    assert "vit5-large-vietnews-summarization, to pass as --model" in str(info.value)
    assert resolve_model(str(snapshot), allow_pickle=True).prefix == "vietnews: "  # the snapshot as it is, too
    folder = script.download(str(snapshot), revision=None, dest=tmp_path / "models", convert=True)
    assert folder == tmp_path / "models" / "vit5-large-vietnews-summarization"
    manifest = json.loads((folder / script.MANIFEST_FILE).read_text())
    assert (manifest["model_id"], manifest["revision"], manifest["commit"]) == (model_id, "main", snapshot.name)
    resolved = resolve_model(str(folder))
    assert resolved.checkpoint.known and resolved.prefix == "vietnews: " and resolved.max_input_tokens == 1024
    renamed = folder.rename(tmp_path / "models" / "mine")  # the manifest alone is enough
    assert resolve_model(str(renamed)).prefix == "vietnews: "


def test_convert_a_local_sharded_pickle_checkpoint(tiny_model_dir: Path, tmp_path: Path) -> None:
    """The runtime error advises --convert for a sharded pickle checkpoint too, which then failed
    ("has no pytorch_model.bin to convert"): its shards are merged into one model.safetensors."""
    import torch
    from safetensors.torch import load_file

    script = _download_script()
    source = copy_model_files(tiny_model_dir, tmp_path / "shpk")
    original = load_file(str(source / "model.safetensors"))
    names = sorted(original)
    shards = ["pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"]
    weight_map = {}
    for number, shard in enumerate(shards):
        part = names[number::len(shards)]
        torch.save({k: original[k] for k in part}, str(source / shard))
        weight_map.update(dict.fromkeys(part, shard))
    (source / "pytorch_model.bin.index.json").write_text(json.dumps({"weight_map": weight_map}))
    (source / "model.safetensors").unlink()
    with pytest.raises(ModelLoadError, match=f"{source} --convert"):
        resolve_model(str(source))
    folder = script.download(str(source), revision=None, dest=tmp_path / "models", convert=True)
    converted = load_file(str(folder / "model.safetensors"))
    assert converted.keys() == original.keys() and all(torch.equal(converted[k], v) for k, v in original.items())
    manifest = json.loads((folder / script.MANIFEST_FILE).read_text())
    assert manifest["conversion"]["read"] == [{"file": s, "sha256": script.sha256_file(source / s)} for s in shards]
    assert manifest["conversion"]["written"]["sha256"] == script.sha256_file(folder / "model.safetensors")
    assert not any(p.name.startswith("pytorch_model") for p in folder.iterdir())
    assert script.verify_manifest(folder) == [] and resolve_model(str(folder)).has_safetensors
    (source / shards[1]).unlink()
    with pytest.raises(script.DownloadError, match="misses weight shard"):
        script.download(str(source), revision=None, dest=tmp_path / "models", convert=True, force=True)


def test_a_hf_cache_snapshot_given_by_its_path_keeps_the_builds_out_of_the_cache(
        tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolved by its id, a snapshot's builds went to the user cache, but given as --model by its
    path they were written inside the Hugging Face cache (<snapshot>/.onnx-cache/)."""
    from summarizer.engines import model_cache, torch_backend

    monkeypatch.setenv(model_cache.CACHE_ENV, str(tmp_path / "user-cache"))
    files_only = copy_model_files(tiny_model_dir, tmp_path / "files")  # no builds of other tests
    snapshot = fake_hf_cache(tmp_path / "hub", "someone/tiny-model", files_only)
    resolved = resolve_model(str(snapshot))
    assert resolved.source == "directory"
    assert model_cache.source_folder(resolved, allow_pickle=False) == (snapshot.resolve(), True)
    torch_backend.clear_cache()
    torch_backend.TorchBackend.load(resolved, device="cpu")  # records its weight check in a cache folder
    torch_backend.clear_cache()
    assert not any(p.name.startswith(".") for p in snapshot.iterdir())
    assert list((tmp_path / "user-cache" / torch_backend.CHECKS.subdir).iterdir())
    assert model_cache.source_folder(tiny_model_dir, allow_pickle=False)[1] is False  # any other folder: beside it
