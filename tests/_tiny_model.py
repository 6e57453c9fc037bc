"""Fixture helpers: a tiny random T5 with a Vietnamese sentencepiece tokenizer, built once per
test session (a few seconds) and shared by every test module that imports ``tiny_model_dir``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

_CACHE: dict[str, Path] = {}


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
