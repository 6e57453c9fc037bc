"""The build cache shared by the fast backends, on its own (no backend library needed)."""

from __future__ import annotations

import json
import os
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
    # nothing: not even the cache folder with the remembered digests the failed first build made
    assert not (model / SPEC.dirname).exists()
    built = model_cache.ensure_built(model, SPEC, "int8", "tag", lambda folder: (folder / "out.txt").write_text("ok"))
    assert built.converted is True and (built.path / "out.txt").read_text() == "ok"


def test_the_temporary_folder_of_a_build_killed_outright_goes_with_the_next_build(model: Path) -> None:
    """A SIGKILL, the out-of-memory killer or a CI cancel left ".<build>.<hex>.tmp" (311 MB for
    ViT5-base after 4 s) that no later run removed."""
    def build(folder: Path) -> None:
        (folder / "out.txt").write_text("built")

    built = model_cache.ensure_built(model, SPEC, "int8", "tag", build)
    name = built.path.name
    model_cache._remove_build(built.path)  # as if the first build had never finished
    stale = built.path.parent / f".{name}.0badc0de.tmp"
    stale.mkdir()
    (stale / "out.txt").write_text("half")
    other = built.path.parent / ".another-build.0badc0de.tmp"  # another build's: its own lock covers it
    other.mkdir()
    again = model_cache.ensure_built(model, SPEC, "int8", "tag", build)
    assert again.converted and not stale.exists() and other.exists()


def test_the_key_follows_the_files_the_variant_and_the_tag(model: Path) -> None:
    def build(folder: Path) -> None:
        (folder / "out.txt").write_text("x")

    first = model_cache.ensure_built(model, SPEC, "int8", "tag", build)
    assert model_cache.ensure_built(model, SPEC, "int8", "tag", build).path == first.path
    assert model_cache.ensure_built(model, SPEC, "float32", "tag", build).key != first.key
    assert model_cache.ensure_built(model, SPEC, "int8", "other-tag", build).key != first.key
    (model / "config.json").write_text('{"model_type": "t5", "changed": 1}')
    changed = model_cache.ensure_built(model, SPEC, "int8", "tag", build)
    assert changed.key != first.key
    # a note or an output written into the folder is no file of the model: no new build
    (model / "README.md").write_text("ghi chú")
    (model / "out1.txt").write_text("tóm tắt")
    assert model_cache.ensure_built(model, SPEC, "int8", "tag", build).key == changed.key


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


# --------------------------------------------------------------------------- checks of the source


def _build(folder: Path) -> None:
    (folder / "out.txt").write_text("built")


def _check(calls: list[str], name: str = "check-1", *, fails: bool = False) -> model_cache.SourceCheck:
    def run() -> None:
        calls.append(name)
        if fails:
            raise ValueError("the weights are damaged")

    return model_cache.SourceCheck(name=name, run=run)


def _old_build(model: Path) -> model_cache.ConvertedModel:
    """A build as a version without the check made it: its marker records no check."""
    built = model_cache.ensure_built(model, SPEC, "int8", "tag", _build)
    marker = json.loads((built.path / model_cache.MARKER_FILE).read_text())
    assert set(marker) == {"source", "key", "weights", "tag", model_cache.BUILD_ID_KEY}
    return built


def test_a_build_made_before_its_check_is_checked_once_and_kept(model: Path) -> None:
    old = _old_build(model)
    stamp = (old.path / "out.txt").stat().st_mtime_ns
    calls: list[str] = []
    again = model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls))
    assert calls == ["check-1"]
    assert again.converted is False and again.path == old.path and again.key == old.key  # not built again
    assert (old.path / "out.txt").stat().st_mtime_ns == stamp
    marker = json.loads((old.path / model_cache.MARKER_FILE).read_text())
    assert marker == {"source": str(model), "key": old.key, "weights": "int8", "tag": "tag",
                      model_cache.CHECKED_KEY: "check-1", model_cache.BUILD_ID_KEY: old.identity}
    model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls))
    assert calls == ["check-1"]  # recorded: not made again
    model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls, "check-2"))
    assert calls == ["check-1", "check-2"]  # a check that grew is made again
    assert [p.name for p in (model / SPEC.dirname).iterdir() if p.is_dir()] == [old.path.name]


def test_a_build_made_before_its_check_is_refused_when_the_source_fails_it(model: Path) -> None:
    old = _old_build(model)
    calls: list[str] = []
    for _ in range(2):  # a failure is not recorded: refused every time
        with pytest.raises(ModelLoadError, match="cannot use .*model for Test: the weights are damaged"):
            model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls, fails=True))
    assert calls == ["check-1", "check-1"]
    assert model_cache.CHECKED_KEY not in json.loads((old.path / model_cache.MARKER_FILE).read_text())

    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError):  # not dressed up as the model's fault
        model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=model_cache.SourceCheck("check-1", bug))


def test_a_new_build_records_its_check_without_making_it_again(model: Path) -> None:
    calls: list[str] = []
    built = model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls))
    assert built.converted is True and calls == []  # the build made it
    assert json.loads((built.path / model_cache.MARKER_FILE).read_text())[model_cache.CHECKED_KEY] == "check-1"
    assert model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls)).converted is False
    assert calls == []


def test_a_check_that_cannot_be_recorded_is_made_on_every_load(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _old_build(model)

    def read_only(path: Path, data: dict) -> None:  # as a build in a read-only model folder
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(model_cache, "write_json_atomic", read_only)
    calls: list[str] = []
    for _ in range(2):
        assert model_cache.ensure_built(model, SPEC, "int8", "tag", _build, check=_check(calls)).path == old.path
    assert calls == ["check-1", "check-1"]


# --------------------------------------------------------------------------- replaced and damaged builds

TWO_FILES = model_cache.CacheSpec(label="Test", dirname=".test-cache", subdir="test", required=("a.txt", "b.txt"))


def _two_files(folder: Path) -> None:
    (folder / "a.txt").write_text("a")
    (folder / "b.txt").write_text("b")


def test_a_build_that_lacks_a_file_is_replaced(model: Path) -> None:
    """The rebuild of a build missing one file could not be renamed onto the folder left there
    ('Directory not empty'), on every run; it replaces it now."""
    first = model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files)
    (first.path / "b.txt").unlink()
    (first.path / "stale.txt").write_text("left by the incomplete build")
    again = model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files)
    assert again.converted is True and again.path == first.path
    assert sorted(p.name for p in again.path.iterdir()) == ["a.txt", "b.txt", model_cache.MARKER_FILE]
    assert [p.name for p in again.path.parent.iterdir() if p.name.endswith(".tmp")] == []


class _Opened:
    def __init__(self, built: model_cache.ConvertedModel) -> None:
        self.built = built


def _open_unless_damaged(built: model_cache.ConvertedModel) -> _Opened:
    if (built.path / "a.txt").read_text() != "a":
        raise model_cache.DamagedBuild(built.path, "a.txt is garbled")
    return _Opened(built)


def test_a_damaged_build_is_built_again_once(model: Path) -> None:
    def ensure() -> model_cache.ConvertedModel:
        return model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files)

    first = ensure()
    (first.path / "a.txt").write_text("garbled")
    opened = model_cache.load_built(ensure, _open_unless_damaged, TWO_FILES)
    assert opened.built.converted is True and opened.built.path == first.path
    assert (first.path / "a.txt").read_text() == "a"
    assert [p.name for p in first.path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_build_that_stays_damaged_names_the_folder_to_delete(model: Path) -> None:
    def garbled(folder: Path) -> None:
        _two_files(folder)
        (folder / "a.txt").write_text("garbled")

    def ensure() -> model_cache.ConvertedModel:
        return model_cache.ensure_built(model, TWO_FILES, "int8", "tag", garbled)

    with pytest.raises(ModelLoadError, match=r"Test cannot load its build .*int8-\w+ \(a.txt is garbled\); "
                                             "delete that folder") as info:
        model_cache.load_built(ensure, _open_unless_damaged, TWO_FILES)  # built now: not built again
    assert "\n" not in str(info.value)
    calls: list[int] = []

    def counted() -> model_cache.ConvertedModel:
        calls.append(1)
        return ensure()

    with pytest.raises(ModelLoadError, match="delete that folder"):
        model_cache.load_built(counted, _open_unless_damaged, TWO_FILES)  # found, rebuilt once, still damaged
    assert len(calls) == 2


def test_a_damaged_build_another_process_has_replaced_is_kept(model: Path) -> None:
    """Two processes fail on the same damaged build: the second must not remove the build the
    first has made in its place."""
    first = model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files)
    (first.path / "a.txt").write_text("garbled")
    seen = model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files)  # the second process's view
    opened = model_cache.load_built(lambda: model_cache.ensure_built(model, TWO_FILES, "int8", "tag", _two_files),
                                    _open_unless_damaged, TWO_FILES)  # the first process rebuilds it
    replaced = opened.built.path
    model_cache._discard(seen, TWO_FILES, model_cache.DamagedBuild(seen.path, "a.txt is garbled"))
    assert (replaced / "a.txt").read_text() == "a"  # still there


def test_a_file_changed_with_its_size_and_mtime_kept_is_hashed_again(model: Path) -> None:
    """cp -p, rsync -a and tar keep a file's size and mtime: a cache keyed by those two reused
    the build of the old weights. The ctime (and inode) tell the change now."""
    weights = model / "model.safetensors"
    weights.write_bytes(b"old weights")
    before = model_cache.source_hash(model, memo_dir=model / ".memo")
    stat = weights.stat()
    time.sleep(CTIME_TICK_S)
    with weights.open("r+b") as handle:  # in place: the same inode
        handle.write(b"new")
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert weights.stat().st_size == stat.st_size and weights.stat().st_mtime_ns == stat.st_mtime_ns
    assert model_cache.source_hash(model, memo_dir=model / ".memo") != before
    memo = json.loads((model / ".memo" / model_cache.HASHES_FILE).read_text())
    assert len(memo[str(weights)]["stamp"]) == 5  # size, mtime, ctime, inode, device


def test_a_check_alone_is_made_once_and_recorded(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    check = model_cache.SourceCheck("check-1", lambda: calls.append("checked"))
    for _ in range(2):
        model_cache.check_once(model, SPEC_CHECKS, check)
    assert calls == ["checked"]
    (model / "config.json").write_text('{"model_type": "t5", "changed": 2}')  # another checkpoint
    model_cache.check_once(model, SPEC_CHECKS, check)
    assert calls == ["checked"] * 2
    failing = model_cache.SourceCheck("check-1", lambda: (_ for _ in ()).throw(ValueError("a NaN")))
    (model / "config.json").write_text('{"model_type": "t5", "changed": 3}')
    with pytest.raises(ModelLoadError, match="cannot use .* for Checks: a NaN"):
        model_cache.check_once(model, SPEC_CHECKS, failing)
    monkeypatch.setattr(model_cache, "writable_dir", lambda folder: False)  # nowhere to record it
    for _ in range(2):
        model_cache.check_once(model, SPEC_CHECKS, check)
    assert calls == ["checked"] * 4


SPEC_CHECKS = model_cache.CacheSpec(label="Checks", dirname=".checks-cache", subdir="checks",
                                    required=(model_cache.MARKER_FILE,), verb="check", noun="check")
# Longer than the coarsest clock a file system stamps ctimes with (a kernel tick, 4 ms at 250 Hz)
CTIME_TICK_S = 0.05


def test_a_cache_file_nested_too_deep_is_unreadable_not_a_crash(tmp_path, caplog) -> None:
    # json.loads raises RecursionError (no ValueError) on nesting thousands deep.
    from summarizer.engines.model_cache import read_json

    path = tmp_path / "stamp.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert read_json(path) == {}
    assert "ignoring unreadable cache file" in caplog.text
