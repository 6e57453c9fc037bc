"""Atomic output: what a reader sees and the permissions the written files get."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.batch import recover_output
from summarizer.engines import model_cache
from summarizer.fileio import write_atomic

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture()
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_output_gets_the_permissions_a_plain_open_gives(tmp_path: Path, umask: None) -> None:
    out = write_atomic(tmp_path / "summary.txt", "Tiêu đề\n")
    assert mode(out) == 0o644  # 0o666 less the umask; mkstemp alone would give 0o600
    os.umask(0o077)
    private = write_atomic(tmp_path / "private.txt", "x")
    assert mode(private) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_rewriting_an_output_keeps_its_permissions(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "summary.txt"
    out.write_text("cũ\n", encoding="utf-8")
    out.chmod(0o664)
    write_atomic(out, "mới\n")
    assert out.read_text(encoding="utf-8") == "mới\n" and mode(out) == 0o664


def test_repairing_a_batch_output_for_resume_keeps_its_permissions(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "out.jsonl"
    ok = json.dumps({"id": "a", "summary": "x"})
    out.write_text("\n".join([ok, '{"id": "b", "error": "hỏng"}']) + "\n", encoding="utf-8")
    out.chmod(0o640)
    assert recover_output(out) == {"a"}
    assert out.read_text(encoding="utf-8") == ok + "\n" and mode(out) == 0o640


def test_a_model_build_beside_the_model_is_readable_by_others(tmp_path: Path, umask: None) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "t5"}')
    spec = model_cache.CacheSpec(label="Test", dirname=".test-cache", subdir="test", required=("out.txt",))
    built = model_cache.ensure_built(model, spec, "int8", "tag", lambda folder: (folder / "out.txt").write_text("ok"))
    assert built.path.parent == model / spec.dirname
    assert mode(built.path) == 0o755  # mkdtemp alone would give 0o700: no other user could load it


def test_a_waiting_lock_is_taken_once_the_holder_lets_go(tmp_path: Path) -> None:
    """``wait=True`` (model builds): a second process blocks until the first releases, then
    holds the lock itself; without ``wait`` it is refused at once."""
    import subprocess
    import time

    from summarizer.errors import OutputError
    from summarizer.fileio import LOCK_SUFFIX, exclusive_lock

    target = tmp_path / "build"
    waiter = ("import sys, time; from summarizer.fileio import exclusive_lock\n"
              "with exclusive_lock(sys.argv[1], wait=True):\n"
              "    print(time.time(), flush=True)\n")
    with exclusive_lock(target, wait=True):
        child = subprocess.Popen([sys.executable, "-c", waiter, str(target)], stdout=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert child.poll() is None  # still waiting for the lock
        with pytest.raises(OutputError, match="is being written by another run"):
            with exclusive_lock(target):
                pass
        released = time.time()
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    assert float(out) >= released  # it got the lock only after this process let go
    assert not (tmp_path / ("build" + LOCK_SUFFIX)).exists()


def test_writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "summary.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "summary.txt"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    dangling = tmp_path / "later.txt"
    dangling.symlink_to(tmp_path / "real" / "later.txt")
    write_atomic(dangling, "made")  # as a shell's > does: the file the link names is created
    assert dangling.is_symlink() and (tmp_path / "real" / "later.txt").read_text(encoding="utf-8") == "made"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["later.txt", "real", "summary.txt"]  # no temporaries


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "tóm tắt")
    reader.join(timeout=30)
    assert received == ["tóm tắt".encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a pipe, not a plain file put in its place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="descriptor paths")
def test_a_path_naming_an_open_descriptor_is_written_through_it(tmp_path: Path) -> None:
    from summarizer.fileio import descriptor_of

    log = tmp_path / "app.log"
    log.write_text("HEADER\n", encoding="utf-8")
    with open(log, "ab") as appending:  # what a shell's >> gives the command
        fd = appending.fileno()
        assert descriptor_of(f"/dev/fd/{fd}") == fd and descriptor_of(f"/proc/self/fd/{fd}") == fd
        link = tmp_path / "out"
        link.symlink_to(f"/dev/fd/{fd}")
        assert descriptor_of(link) == fd
        write_atomic(f"/dev/fd/{fd}", "một\n")
        write_atomic(link, "hai\n")
    assert log.read_text(encoding="utf-8") == "HEADER\nmột\nhai\n"  # appended, neither replaced nor truncated
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["app.log", "out"]
    assert descriptor_of("/dev/stdout") == 1 and descriptor_of(log) is None
    read, write = os.pipe()
    try:
        write_atomic(f"/dev/fd/{write}", "tóm tắt")
        assert os.read(read, 100) == "tóm tắt".encode()
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="descriptor paths")
def test_a_descriptor_open_for_reading_is_refused_before_any_work(tmp_path: Path) -> None:
    from summarizer.errors import OutputError
    from summarizer.fileio import check_writable

    source = tmp_path / "in.txt"
    source.write_text("x", encoding="utf-8")
    with open(source, "rb") as reading:  # summarize ... -o /dev/fd/3 3<in.txt
        with pytest.raises(OutputError, match="open for reading only"):
            check_writable(f"/dev/fd/{reading.fileno()}")  # review: found only by the write, after the run


def test_a_closed_standard_output_named_by_path_is_an_error_not_another_file(tmp_path: Path) -> None:
    import subprocess

    # Started with >&-, the process gives descriptor 1 to the next file it opens: /dev/stdout
    # must not write into that file.
    script = ("import sys\nfrom summarizer.fileio import write_atomic\nfrom summarizer.errors import OutputError\n"
              "held = open(sys.argv[1], 'a')\n"
              "try:\n    write_atomic('/dev/stdout', 'x')\nexcept OutputError as exc:\n    print(exc, file=sys.stderr)\n")
    other = tmp_path / "other.txt"
    done = subprocess.run([sys.executable, "-c", script, str(other)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, close_fds=True, preexec_fn=lambda: os.close(1), timeout=60)
    assert "descriptor 1 is closed" in done.stderr, done.stderr
    assert other.read_text(encoding="utf-8") == ""


def test_an_output_lock_holds_the_file_under_every_name(tmp_path: Path) -> None:
    """The lock was `<name as given>.lock`: a symbolic link, a linked folder or a hard link to an
    output gave a second run a lock of its own, and it truncated the file the first was writing."""
    from summarizer.errors import OutputError
    from summarizer.fileio import LOCK_SUFFIX, output_lock

    real = tmp_path / "real.jsonl"
    real.write_text('{"id": "c01", "summary": "tóm tắt"}\n', encoding="utf-8")
    alias, hard, folder = tmp_path / "alias.jsonl", tmp_path / "hard.jsonl", tmp_path / "folder"
    alias.symlink_to(real)
    os.link(real, hard)
    folder.symlink_to(tmp_path, target_is_directory=True)
    with output_lock(real):
        for other in (real, alias, hard, folder / "real.jsonl"):
            with pytest.raises(OutputError, match="is being written by another run"):
                with output_lock(other):
                    pass
    with output_lock(alias):  # free again
        assert (tmp_path / ("real.jsonl" + LOCK_SUFFIX)).exists()  # beside the target, not the link
    assert not list(tmp_path.glob("*" + LOCK_SUFFIX))
