"""The build cache shared by the fast backends, on its own (no backend library needed)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from summarizer.engines import model_cache
from summarizer.errors import ModelLoadError

SPEC = model_cache.CacheSpec(label="Test", dirname=".test-cache", subdir="test", required=("out.txt",))
BUILD_SECONDS = 0.3  # long enough for the second caller to arrive while the first builds


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "t5"}')
    return folder


def test_concurrent_callers_build_once_and_share_it(model: Path) -> None:
    calls: list[Path] = []
    lock = threading.Lock()

    def build(folder: Path) -> None:
        with lock:
            calls.append(folder)
        time.sleep(BUILD_SECONDS)
        (folder / "out.txt").write_text("built")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: model_cache.ensure_built(model, SPEC, "int8", "tag", build), range(2)))
    assert len(calls) == 1
    assert sorted(r.converted for r in results) == [False, True]
    assert results[0].path == results[1].path and (results[0].path / "out.txt").read_text() == "built"


def test_a_failed_build_releases_the_lock_and_leaves_nothing(model: Path) -> None:
    def broken(folder: Path) -> None:
        (folder / "out.txt").write_text("partial")
        raise RuntimeError("simulated crash")

    with pytest.raises(ModelLoadError, match="cannot convert .* for Test: simulated crash"):
        model_cache.ensure_built(model, SPEC, "int8", "tag", broken)
    root = model / SPEC.dirname
    assert [p for p in root.iterdir() if p.is_dir()] == []
    built = model_cache.ensure_built(model, SPEC, "int8", "tag", lambda folder: (folder / "out.txt").write_text("ok"))
    assert built.converted is True and (built.path / "out.txt").read_text() == "ok"


def test_the_key_follows_the_files_the_variant_and_the_tag(model: Path) -> None:
    def build(folder: Path) -> None:
        (folder / "out.txt").write_text("x")

    first = model_cache.ensure_built(model, SPEC, "int8", "tag", build)
    assert model_cache.ensure_built(model, SPEC, "int8", "tag", build).path == first.path
    assert model_cache.ensure_built(model, SPEC, "float32", "tag", build).key != first.key
    assert model_cache.ensure_built(model, SPEC, "int8", "other-tag", build).key != first.key
    (model / "config.json").write_text('{"model_type": "t5", "changed": 1}')
    assert model_cache.ensure_built(model, SPEC, "int8", "tag", build).key != first.key


def test_an_unreadable_model_file_is_a_model_load_error(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (model / "model.safetensors").write_bytes(b"weights")

    def denied(file: Path) -> str:  # as a file without read permission (tests may run as root)
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(model_cache, "_file_sha256", denied)
    with pytest.raises(ModelLoadError, match=r"cannot read .*: Permission denied"):
        model_cache.ensure_built(model, SPEC, "int8", "tag", lambda folder: (folder / "out.txt").write_text("x"))


def test_a_cache_folder_without_locks_is_a_model_load_error(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    def unsupported(fd: int, operation: int) -> None:  # as on a network mount without flock
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(fcntl, "flock", unsupported)
    with pytest.raises(ModelLoadError, match=r"cannot lock .*\.lock': Operation not supported"):
        model_cache.ensure_built(model, SPEC, "int8", "tag", lambda folder: (folder / "out.txt").write_text("x"))


def test_a_converter_refusing_the_tokenizer_is_a_model_load_error_and_a_bug_is_not(model: Path) -> None:
    def tokenizer_refused(folder: Path) -> None:  # what transformers raises for a tokenizer config without </s>
        raise TypeError("Expected Union[Tuple[str, int], Tuple[int, str], dict]")

    with pytest.raises(ModelLoadError, match="cannot convert .* for Test: Expected Union"):
        model_cache.ensure_built(model, SPEC, "int8", "tag", tokenizer_refused)

    def bug(folder: Path) -> None:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError):  # not dressed up as the model's fault
        model_cache.ensure_built(model, SPEC, "int8", "tag2", bug)
