"""Tiny-model builder, model resolution order and its errors, the checkpoint table, and the
download script's offline parts (pickle -> safetensors conversion, manifest)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from _tiny_model import copy_model, tiny_model_dir  # noqa: F401  (session fixture)

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
