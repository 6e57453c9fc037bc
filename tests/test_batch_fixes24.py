"""summarize-batch, found by an operator's tests: Ctrl-C while the workers start, a hard link to a
new output, ids that differ only in Unicode normalization, a report added to a finished cluster,
a line per cluster for --verbose."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from summarizer.batch import RecordWriter, representable_ids, run_batch
from summarizer.corpus import ClusterEntry
from summarizer.errors import INTERRUPTED_EXIT, BadOptionError, OutputError
from summarizer.fileio import output_lock
from summarizer.options import DEFAULT_OPTIONS

EXTRACTIVE = DEFAULT_OPTIONS.with_changes(engine="extractive")
REPORT = ("Khai trương cầu mới ở {place}\n"
          "Sáng nay, người dân {place} dự lễ khai trương cây cầu dài tám trăm mét.\n"
          "Theo chính quyền, cây cầu nối hai bờ sông và giúp giảm ùn tắc.\n"
          "Nhiều người cho biết họ đã chờ cây cầu này suốt mười năm.\n")


def _cluster(folder: Path, place: str, reports: int = 2) -> Path:
    folder.mkdir(parents=True)
    for number in range(1, reports + 1):
        (folder / f"{number}.txt").write_text(REPORT.format(place=place) + f"Bản tin số {number}.\n", encoding="utf-8")
    return folder


def test_sigint_is_ignored_only_while_a_worker_may_start() -> None:
    from summarizer.batch import _sigint_ignored_while_spawning

    before = signal.getsignal(signal.SIGINT)
    with _sigint_ignored_while_spawning():
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT to them are POSIX")
def test_ctrl_c_at_the_terminal_while_the_workers_start_is_an_interruption(tmp_path: Path) -> None:
    """A terminal's Ctrl-C reaches the whole process group: a worker still importing died of it,
    and the run said a worker had died (exit 13, blaming clusters) instead of 130."""
    root = tmp_path / "root"
    for k in range(24):
        _cluster(root / f"c{k:02d}", f"xã số {k}")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "summarizer.cli_batch", str(root), "-o", str(out),
                                "-e", "extractive", "-j", "2", "-q"], start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # the interpreter is up; the workers are being started or importing
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode in (INTERRUPTED_EXIT, 0), err  # 0: it had finished already
    assert "worker process died" not in err and "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_hard_link_to_a_new_output_being_written_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "A.jsonl"
    writer = RecordWriter(output, truncate=True)
    with output_lock(output):  # no file yet: the run creates it
        writer.write(b'{"id": "c1", "error": "x"}\n')
        link = tmp_path / "B.jsonl"
        os.link(output, link)
        with pytest.raises(OutputError, match="hard link"):
            with output_lock(link):
                pass
        writer.close()
    with output_lock(link):  # the run over, the link is free
        pass


def test_two_folders_whose_names_differ_only_in_normalization_are_refused(tmp_path: Path) -> None:
    composed, decomposed = "Ngày", unicodedata.normalize("NFD", "Ngày")
    assert composed != decomposed
    entries = [ClusterEntry(composed, tmp_path / composed), ClusterEntry(decomposed, tmp_path / decomposed)]
    with pytest.raises(BadOptionError, match=r"would both get the id 'Ngày' \(the same letters"):
        representable_ids(entries)


def test_resume_refuses_a_cluster_that_gained_a_report(tmp_path: Path) -> None:
    root = tmp_path / "root"
    first = _cluster(root / "c1", "Cần Thơ")
    _cluster(root / "c2", "Huế")
    (first / ".an.txt").write_text("ẩn", encoding="utf-8")  # hidden: never read, never a change
    (first / "notes.csv").write_text("a,b", encoding="utf-8")  # no report suffix: skipped with a reason
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE)
    assert run_batch(root, out, EXTRACTIVE, resume=True).already_done == 2  # nothing changed
    (first / "3.txt").write_text(REPORT.format(place="Cần Thơ") + "Bản cập nhật.\n", encoding="utf-8")
    with pytest.raises(BadOptionError, match=r"holds the report '3\.txt', which its record 'c1' does not name"):
        run_batch(root, out, EXTRACTIVE, resume=True)


def test_verbose_logs_a_line_per_cluster(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "root"
    _cluster(root / "c1", "Cần Thơ")
    _cluster(root / "c2", "Huế")
    with caplog.at_level(logging.INFO, logger="summarizer.batch"):
        run_batch(root, tmp_path / "out.jsonl", EXTRACTIVE)
    assert [m for m in caplog.messages if m.startswith("cluster ")] == ["cluster c1 done (1 of 2 to run)",
                                                                         "cluster c2 done (2 of 2 to run)"]
