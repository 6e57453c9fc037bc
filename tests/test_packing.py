"""Input packing: the budget is never exceeded, nothing is truncated, left-out sentences are
reported; map-reduce chunks; the real tokenizer is never asked to truncate."""

from __future__ import annotations

from pathlib import Path

import pytest

from _tiny_model import tiny_model_dir  # noqa: F401  (session fixture)

from summarizer.errors import GenerationError
from summarizer.packing import chunk, compose, pack, truncate_naive

SENTENCES = [
    "Mưa lớn kéo dài ở miền Trung.",  # 7 words
    "Nước sông dâng cao làm ngập nhiều nhà dân ven sông.",  # 11
    "Chính quyền sơ tán người dân.",  # 6
    "Một cây cầu bị cuốn trôi trong đêm qua ở huyện miền núi.",  # 13
    "Trường học cho học sinh nghỉ.",  # 6
]


def words_plus_eos(text: str) -> int:
    """A stand-in tokenizer: one token per word, plus EOS."""
    return len(text.split()) + 1


def test_pack_takes_most_salient_in_narrative_order() -> None:
    scores = [0.9, 0.1, 0.8, 0.7, 0.2]
    packed = pack(SENTENCES, scores, words_plus_eos, budget=27)
    # greedy by salience: 0 (7) + 2 (6) + 3 (13) = 26 words + EOS = 27; 4 (6) no longer fits
    assert packed.indices == (0, 2, 3)
    assert packed.text == " ".join(SENTENCES[i] for i in (0, 2, 3))
    assert packed.tokens == 27 == packed.budget


def test_pack_skips_a_big_sentence_and_fills_with_smaller_ones() -> None:
    scores = [0.5, 0.9, 0.1, 0.95, 0.2]
    packed = pack(SENTENCES, scores, words_plus_eos, budget=20)
    # EOS + 3 (13) = 14; 1 (11) and 0 (7) do not fit; 4 (6) does -> 20; 2 (6) does not
    assert packed.indices == (3, 4)
    assert packed.tokens == 20


def test_pack_counts_the_prefix() -> None:
    packed = pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=15, prefix="vietnews: ")
    assert packed.text.startswith("vietnews: ")
    assert packed.tokens == words_plus_eos(packed.text) == 15  # prefix 1 + 7 + 6 + EOS
    assert packed.indices == (0, 2)


def test_pack_rechecks_the_exact_count() -> None:
    def non_additive(text: str) -> int:  # joined text costs one token more per join
        return words_plus_eos(text) + text.count(". ")

    packed = pack(SENTENCES, [0.9, 0.1, 0.8, 0.7, 0.2], non_additive, budget=27)
    # the estimate says (0, 2, 3) = 27, the exact count 29: the least salient (3) is dropped
    assert packed.indices == (0, 2)
    assert non_additive(packed.text) == packed.tokens == 15


def test_pack_with_similarity_skips_a_near_repeat() -> None:
    import numpy as np

    texts = [
        "Lũ quét làm sập cầu ở huyện miền núi.",  # 0: most salient
        "Lũ quét làm sập cầu treo ở huyện miền núi.",  # 1: near repeat of 0, second most salient
        "Chính quyền sơ tán người dân.",  # 2: new information, least salient
    ]
    sim = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    scores = [1.0, 0.9, 0.2]
    plain = pack(texts, scores, words_plus_eos, budget=20)
    assert plain.indices == (0, 1)  # 1 + 9 + 10 = 20: the repeat fills the budget
    mmr = pack(texts, scores, words_plus_eos, budget=20, similarity=lambda i: sim[i], mmr_lambda=0.5)
    # after 0: gain of 1 = 0.5 * 0.875 - 0.5 * 0.9 < 0 = gain of 2 (relevance 0, redundancy 0)
    assert mmr.indices == (0, 2)
    assert mmr.tokens == 16


def test_pack_fails_cleanly_when_nothing_fits() -> None:
    with pytest.raises(GenerationError, match="budget of 4 tokens"):
        pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=4)


def test_chunk_keeps_order_and_budget_and_leaves_out_oversized() -> None:
    chunks = chunk(SENTENCES, words_plus_eos, budget=13)
    # sentence 3 (13 words + EOS) can never fit and is left out, not cut
    assert [c.indices for c in chunks] == [(0,), (1,), (2, 4)]
    assert all(c.tokens <= 13 and c.tokens == words_plus_eos(c.text) for c in chunks)
    assert chunks[2].text == compose("", [SENTENCES[2], SENTENCES[4]])


def test_truncate_naive_cuts_inside_a_sentence() -> None:
    text = truncate_naive(SENTENCES, words_plus_eos, budget=10)
    assert text == SENTENCES[0] + " " + "Nước sông"
    assert words_plus_eos(text) == 10


class SpyTokenizer:
    """Delegates to a real tokenizer and records the keyword arguments of every call."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[dict] = []

    def __call__(self, *args, **kwargs):
        self.calls.append(kwargs)
        return self.inner(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_real_tokenizer_is_never_asked_to_truncate(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines.base import GenerateRequest
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.models import resolve_model

    loaded = TorchBackend.load(resolve_model(str(tiny_model_dir)), device="cpu")
    spy = SpyTokenizer(loaded.tokenizer)
    backend = TorchBackend(spy, loaded.model, path=loaded.path, precision="float32", device="cpu", threads=1)
    seen_inputs = []
    real_generate = loaded.model.generate

    def generate_spy(**kwargs):
        seen_inputs.append(kwargs["input_ids"])
        return real_generate(**kwargs)

    monkeypatch.setattr(loaded.model, "generate", generate_spy)
    texts = SENTENCES * 8  # far more than the budget
    packed = pack(texts, list(range(len(texts))), backend.count_tokens, budget=120)
    assert packed.tokens <= 120
    assert len(packed.indices) < len(texts)
    backend.generate([packed.text], GenerateRequest(num_beams=1, max_new_tokens=2))
    assert spy.calls and all(call.get("truncation") is False for call in spy.calls)
    # the model saw the whole packed input: every token, ending with EOS
    full = loaded.tokenizer(packed.text)["input_ids"]
    assert seen_inputs[0].shape[1] == len(full) == packed.tokens
    assert seen_inputs[0][0].tolist() == full
    assert full[-1] == loaded.tokenizer.eos_token_id
    assert all(texts[i] in packed.text for i in packed.indices)
