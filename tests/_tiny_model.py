"""Fixture helpers: a tiny random T5 with a Vietnamese sentencepiece tokenizer, built once per
test session (a few seconds) and shared by every test module that imports ``tiny_model_dir``."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.engines.base import GenerateRequest

_CACHE: dict[str, Path] = {}
SPECIAL_IDS = (0, 1)  # <pad>, </s> of the tiny model's tokenizer
# The summary-like request whose int8 result both fast backends report against float32.
SUMMARY_REQUEST = GenerateRequest(num_beams=4, max_new_tokens=32, min_new_tokens=8, no_repeat_ngram_size=3)
# Invented news-style Vietnamese inputs of the ONNX Runtime and native backends' tests.
INPUTS = [
    "Sáng nay, Ủy ban nhân dân tỉnh Quảng Trị họp bàn kế hoạch ứng phó với đợt rét đậm sắp tới.",
    "Giá hồ tiêu xuất khẩu giảm nhẹ trong tuần qua, nhiều nông hộ ở Gia Lai chờ giá lên.",
    "Đoàn công tác của Bộ Giáo dục kiểm tra công tác tuyển sinh tại bốn trường tuyến huyện.",
]
# Every request must give the same tokens as transformers' generate on float32 (the numpy search
# follows its semantics, n-gram bans included, without renormalising).
PARITY_REQUESTS = [
    GenerateRequest(num_beams=1, max_new_tokens=24),
    GenerateRequest(num_beams=1, max_new_tokens=24, min_new_tokens=24, no_repeat_ngram_size=3),
    GenerateRequest(num_beams=4, max_new_tokens=16, length_penalty=0.6, num_return_sequences=2),
    GenerateRequest(num_beams=4, max_new_tokens=32, min_new_tokens=8, no_repeat_ngram_size=3),
    GenerateRequest(num_beams=3, max_new_tokens=40, no_repeat_ngram_size=2, num_return_sequences=3),
]


def build_tiny_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the tiny model the first time it is asked for; later calls reuse the folder."""
    if "tiny" not in _CACHE:
        import torch

        from summarizer.tiny import build_model

        # a tiny model gains nothing from threads, and on a shared machine idle-spinning
        # OpenMP threads make it many times slower
        torch.set_num_threads(1)

        _CACHE["tiny"] = build_model(tmp_path_factory.mktemp("tiny-vit5") / "model", size="tiny")
    return _CACHE["tiny"]


def copy_model(src: Path, dst: Path) -> Path:
    """A private copy of a model folder a test may damage."""
    shutil.copytree(src, dst)
    return dst


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_once(tmp_path_factory)


def copy_model_files(src: Path, dst: Path) -> Path:
    """A copy of a model folder's files only: no conversion caches (sub-folders) come along."""
    dst.mkdir()
    for file in src.iterdir():
        if file.is_file():
            shutil.copy(file, dst / file.name)
    return dst


def build_variant_model(model: Path, target: Path, *, seed: int = 3, t5_v1_1: bool = False, **config: object) -> Path:
    """``model``'s tokenizer with a random T5 in ``target`` whose config is ``model``'s with
    ``config`` changed. ``t5_v1_1``: also gated-GELU feed-forward, an LM head of its own (untied)
    and decoder output not rescaled before it."""
    import json

    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    target.mkdir()
    for file in model.iterdir():
        if file.is_file() and not file.name.endswith((".safetensors", "config.json")):
            shutil.copy(file, target / file.name)
    settings = json.loads((model / "config.json").read_text())
    settings.update(config)
    if t5_v1_1:
        settings.update(feed_forward_proj="gated-gelu")
    for derived in ("dense_act_fn", "is_gated_act", "tie_word_embeddings", "scale_decoder_outputs", "architectures"):
        settings.pop(derived, None)  # transformers derives the first two from feed_forward_proj
    t5_config = T5Config(**settings)
    if t5_v1_1:  # set after construction: T5Config's constructor ties whatever it is given
        t5_config.tie_word_embeddings = False
        t5_config.scale_decoder_outputs = False
    torch.manual_seed(seed)
    T5ForConditionalGeneration(t5_config).save_pretrained(str(target), safe_serialization=True)
    return target


@contextlib.contextmanager
def transformers_records() -> Iterator[list[logging.LogRecord]]:
    """The records transformers' logger lets through (WARNING and up) inside the block. Collected
    on the logger itself: its stderr handler may hold a stream an earlier test replaced."""
    records: list[logging.LogRecord] = []
    collector = logging.Handler(logging.WARNING)
    collector.emit = records.append  # type: ignore[method-assign]
    hf_logger = logging.getLogger("transformers")
    hf_logger.addHandler(collector)
    try:
        yield records
    finally:
        hf_logger.removeHandler(collector)


def build_untied_model(target: Path) -> Path:
    """A tiny random model laid out like ViT5-large: gated GELU, one input embedding for encoder
    and decoder, an LM head of its own, no rescaled decoder output (``summarizer.tiny``)."""
    from summarizer.tiny import SIZES, build_model

    shape = dataclasses.replace(SIZES["tiny"], feed_forward_proj="gated-gelu", tie_word_embeddings=False)
    return build_model(target, size=shape, seed=2)


def build_gated_model(model: Path, target: Path) -> Path:
    """``model``'s tokenizer with a random T5 v1.1-style model (see :func:`build_variant_model`)."""
    return build_variant_model(model, target, t5_v1_1=True)


def load_hf(path: Path):
    """transformers' tokenizer and model of a model folder (the reference of the parity tests)."""
    from transformers import AutoTokenizer, T5ForConditionalGeneration

    return (AutoTokenizer.from_pretrained(str(path), local_files_only=True),
            T5ForConditionalGeneration.from_pretrained(str(path), local_files_only=True).eval())


def torch_generate_ids(hf, text: str, request, special_ids: tuple[int, ...] = SPECIAL_IDS) -> list[list[int]]:
    """transformers' generate on ``text`` with ``request`` as the torch backend calls it (beam
    search with early stopping); per returned sequence, the new ids without ``special_ids``."""
    import torch

    tokenizer, model = hf
    kwargs = dict(do_sample=False, num_beams=request.num_beams, max_new_tokens=request.max_new_tokens,
                  min_new_tokens=request.min_new_tokens, no_repeat_ngram_size=request.no_repeat_ngram_size,
                  num_return_sequences=request.num_return_sequences)
    if request.num_beams > 1:
        kwargs.update(length_penalty=request.length_penalty, early_stopping=True)
    with torch.inference_mode():
        out = model.generate(torch.tensor([tokenizer(text).input_ids]), **kwargs)
    return [[i for i in row[1:] if i not in special_ids] for row in out.tolist()]


def assert_ids_match_torch(got: list[list[list[int]]], hf, inputs: list[str], request) -> None:
    """A fast backend's ``generate_ids(inputs, request)`` equals transformers' generate, input by
    input and sequence by sequence (special ids aside); every expected sequence is non-empty."""
    assert len(got) == len(inputs)
    for text, hyps in zip(inputs, got):
        assert len(hyps) == request.num_return_sequences
        expected = torch_generate_ids(hf, text, request)
        assert [[i for i in h if i not in SPECIAL_IDS] for h in hyps] == expected
        assert all(len(h) > 0 for h in expected)


def assert_forced_length_is_exact(backend, inputs: list[str], length: int = 20) -> None:
    """With min = max new tokens, beam 4 returns exactly that many tokens (no EOS among them)."""
    request = GenerateRequest(num_beams=4, max_new_tokens=length, min_new_tokens=length)
    for hyps in backend.generate_ids(inputs, request):
        assert [len(h) for h in hyps] == [length]
    assert backend.last_generated == (length, length)
    assert backend.last_finished == (False, False)  # cut by the limit: the model never ended them


def cli_json_on_backend(model: Path, sample_dir: Path, backend: str) -> dict:
    """``summarize SAMPLE --engine vit5 --backend BACKEND --format json`` through typer's test
    runner, checked for what every backend must report; the parsed result."""
    import json

    from typer.testing import CliRunner

    from summarizer.cli import app

    args = [str(sample_dir), "--engine", "vit5", "--model", str(model), "--backend", backend,
            "--max-new-tokens", "16", "--min-new-tokens", "4", "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "vit5" and data["backend"] == backend and data["precision"] == "int8"
    assert 4 <= data["generation"]["summary_tokens"] <= 16  # counted as the torch backend counts
    assert data["packing"]["tokens_packed"] <= data["packing"]["token_budget"]
    return data


def assert_results_do_not_depend_on_the_other_inputs(backend) -> None:
    """Generating INPUTS together gives what generating each on its own gives."""
    together = backend.generate_ids(INPUTS, SUMMARY_REQUEST)
    assert together == [backend.generate_ids([text], SUMMARY_REQUEST)[0] for text in INPUTS]


def report_rouge_l(float32_backend, backend, label: str, record_property, capsys) -> None:
    """ROUGE-L of ``backend``'s summaries of INPUTS against ``float32_backend``'s, recorded as the
    test property ``rougeL_<label>_vs_float32`` and printed (the tiny random model's text is
    noise, so no level is asserted). Every summary must be non-empty, and each must resemble
    float32's summary of its own input more than float32's summaries of the other inputs, on
    average: a quantized model that wrote unrelated text would not (measured: 0.28-0.67 against
    its own input's, under 0.05 against the others')."""
    reference = float32_backend.generate(INPUTS, SUMMARY_REQUEST)
    got = backend.generate(INPUTS, SUMMARY_REQUEST)
    scores = [rouge_l(g[0], r[0]) for g, r in zip(got, reference)]
    mean = sum(scores) / len(scores)
    others = [rouge_l(g[0], r[0]) for i, g in enumerate(got) for j, r in enumerate(reference) if i != j]
    record_property(f"rougeL_{label.replace(' ', '_')}_vs_float32", mean)
    with capsys.disabled():
        print(f"\n[{label}] ROUGE-L against float32 (tiny random model): "
              + ", ".join(f"{s:.3f}" for s in scores) + f"; mean {mean:.3f}; "
              f"against the other inputs' {sum(others) / len(others):.3f}")
    assert all(g[0] for g in got)
    assert mean > sum(others) / len(others), (scores, others)


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F1 over lower-cased whitespace tokens (rouge_score's default tokenizer drops
    Vietnamese letters)."""
    from rouge_score import rouge_scorer

    class _Whitespace:
        def tokenize(self, text: str) -> list[str]:
            return text.lower().split()

    return rouge_scorer.RougeScorer(["rougeL"], tokenizer=_Whitespace()).score(reference, prediction)["rougeL"].fmeasure


class ScriptedBackend:
    """A Seq2SeqBackend stand-in: one token per word plus EOS, and scripted generations.

    ``replies[k]`` answers the k-th generate call: a list of candidate texts returned for every
    input of that call (cut to the request's num_return_sequences). Every call is recorded."""

    name = "scripted"
    precision = "float32"
    device = "cpu"

    def __init__(self, replies: list[list[str]]) -> None:
        self.replies = replies
        self.calls: list[tuple[list[str], object]] = []
        self.last_generated: tuple[int, ...] = ()

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def generate(self, inputs: list[str], request) -> list[list[str]]:
        reply = self.replies[min(len(self.calls), len(self.replies) - 1)]
        self.calls.append((list(inputs), request))
        outputs = [list(reply[: request.num_return_sequences]) for _ in inputs]
        self.last_generated = tuple(self.count_tokens(text) for texts in outputs for text in texts)
        return outputs
