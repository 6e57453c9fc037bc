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
        from summarizer.tiny import build_model

        _CACHE["tiny"] = build_model(tmp_path_factory.mktemp("tiny-vit5") / "model", size="tiny")
    return _CACHE["tiny"]


def copy_model(src: Path, dst: Path) -> Path:
    """A private copy of a model folder a test may damage."""
    shutil.copytree(src, dst)
    return dst


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_once(tmp_path_factory)
