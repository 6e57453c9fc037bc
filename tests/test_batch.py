"""summarize-batch: records, failure isolation, resume after an interruption, shards, workers, CLI."""

from __future__ import annotations

import json
import re
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _tiny_model import tiny_model_dir  # noqa: F401  (session fixture)
from summarizer import batch as batch_module
from summarizer.batch import (
    BatchReport,
    parse_shard,
    recover_output,
    run_batch,
    select_clusters,
    shard_of,
)
from summarizer.cli_batch import app as batch_app
from summarizer.corpus import ClusterEntry
from summarizer.errors import (
    BATCH_PARTIAL_FAILURE_EXIT,
    INTERRUPTED_EXIT,
    BadOptionError,
    ModelNotFoundError,
    OutputError,
)
from summarizer.options import DEFAULT_OPTIONS
from summarizer.result import JSON_KEYS

EXTRACTIVE = DEFAULT_OPTIONS.with_changes(engine="extractive")

# Invented events: (topic, place, detail). Each cluster gets two short reports about one event.
EVENTS = [
    ("Mưa lớn gây ngập", "Cần Thơ", "nước dâng cao nửa mét trên nhiều tuyến phố"),
    ("Khai trương cầu mới", "Đà Nẵng", "cây cầu dài tám trăm mét nối hai bờ sông"),
    ("Hội chợ nông sản", "Đắk Lắk", "hơn ba trăm gian hàng cà phê và hồ tiêu"),
    ("Cháy chợ đêm", "Hải Phòng", "lực lượng cứu hỏa khống chế đám cháy sau hai giờ"),
    ("Giải chạy việt dã", "Huế", "năm nghìn vận động viên tham gia cự ly mười cây số"),
]


def _report(topic: str, place: str, detail: str, variant: int) -> str:
    lead = "Sáng nay" if variant == 0 else "Hôm nay"
    return (
        f"{topic} tại {place}\n"
        f"{lead}, người dân {place} chứng kiến sự kiện {topic.lower()}.\n"
        f"Theo chính quyền địa phương, {detail}.\n"
        f"Nhiều người cho biết họ chưa từng thấy cảnh tượng như vậy ở {place}.\n"
        f"Các cơ quan chức năng sẽ tiếp tục theo dõi tình hình trong những ngày tới.\n"
        + ("Phóng viên sẽ cập nhật thêm thông tin chi tiết.\n" if variant else "")
    )


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    base = tmp_path / "archive"
    for number, (topic, place, detail) in enumerate(EVENTS, start=1):
        folder = base / f"c{number:02d}"
        folder.mkdir(parents=True)
        for variant in (0, 1):
            (folder / f"{variant + 1}.txt").write_text(_report(topic, place, detail, variant), encoding="utf-8")
    bad = base / "c03b"  # sorts between c03 and c04
    bad.mkdir()
    (bad / "1.txt").write_bytes(bytes(range(256)) * 8)  # binary only: nothing decodable
    return base


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for r in records:
        assert r["id"] not in out, f"duplicate record {r['id']}"
        out[r["id"]] = {k: v for k, v in r.items() if k != "timings"}
    return out


class StopAfter:
    """A progress sink that presses Ctrl-C (raises KeyboardInterrupt) after N records."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.seen = 0
        self.total: int | None = None

    def start(self, total: int, already_done: int) -> None:
        self.total = total

    def advance(self, record: dict[str, Any]) -> None:
        self.seen += 1
        if self.seen == self.count:
            raise KeyboardInterrupt


def test_parse_shard_and_assignment() -> None:
    assert parse_shard("2/3") == (2, 3)
    assert parse_shard("01/10") == (1, 10)
    # int() takes these, a shard must not: underscores, signs, other scripts' digits, spaces
    for bad in ("0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "", "1_0/20", "+1/+3", "\u0661/\u0662", " 1/2", "1/2 ",
                "1 /2", "1/2\n", "-1/3"):
        with pytest.raises(BadOptionError, match="invalid shard"):
            parse_shard(bad)
    assert [shard_of(k, 3) for k in range(7)] == [1, 2, 3, 1, 2, 3, 1]
    entries = [ClusterEntry(name, Path(name)) for name in ("e", "a", "d", "b", "c")]
    assert [e.id for e in select_clusters(entries, shard=(1, 2))] == ["a", "c", "e"]
    assert [e.id for e in select_clusters(entries, shard=(2, 2))] == ["b", "d"]
    assert [e.id for e in select_clusters(entries, shard=(1, 2), limit=2)] == ["a", "c"]
    # Every cluster lands in exactly one shard.
    shards = [{e.id for e in select_clusters(entries, shard=(i, 3))} for i in (1, 2, 3)]
    assert set().union(*shards) == {"a", "b", "c", "d", "e"} and sum(map(len, shards)) == 5


def test_batch_records_and_failure_isolation(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = run_batch(root, out, EXTRACTIVE)
    records = _read(out)
    assert sorted(r["id"] for r in records) == ["c01", "c02", "c03", "c03b", "c04", "c05"]
    by_id = {r["id"]: r for r in records}
    assert set(by_id["c03b"]) == {"id", "error"} and "\n" not in by_id["c03b"]["error"]
    for cid in ("c01", "c02", "c03", "c04", "c05"):
        assert list(by_id[cid]) == ["id", *JSON_KEYS]
        assert by_id[cid]["engine"] == "extractive" and by_id[cid]["summary"]
    assert report.failed_ids == ["c03b"] and report.succeeded == 5
    assert report.exit_code == BATCH_PARTIAL_FAILURE_EXIT and not report.interrupted


def test_unexpected_exception_becomes_error_record(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.pipeline as pipeline

    real = pipeline.summarize

    def flaky(folder, options, **kw):
        if Path(folder).name == "c02":
            raise RuntimeError("boom\nsecond line")
        return real(folder, options, **kw)

    monkeypatch.setattr(pipeline, "summarize", flaky)
    out = tmp_path / "out.jsonl"
    report = run_batch(root, out, EXTRACTIVE, limit=3)
    by_id = {r["id"]: r for r in _read(out)}
    assert by_id["c02"]["error"] == "internal error: RuntimeError: boom second line"
    assert "summary" in by_id["c01"] and "summary" in by_id["c03"]
    assert report.failed_ids == ["c02"]


def test_resume_after_interruption_equals_uninterrupted_run(root: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    run_batch(root, full, EXTRACTIVE)

    partial = tmp_path / "partial.jsonl"
    stopped = run_batch(root, partial, EXTRACTIVE, progress=StopAfter(3))
    assert stopped.interrupted and stopped.exit_code == INTERRUPTED_EXIT
    assert len(_read(partial)) == 3  # the interrupted record was finished, nothing after it
    # A crash while writing the next record leaves half a line behind.
    torn = json.dumps({"id": "c04", "title": "nửa dòng", "summary": "bị cắt"}, ensure_ascii=False)
    with partial.open("ab") as handle:
        handle.write(torn.encode("utf-8")[: len(torn) // 2])

    resumed = run_batch(root, partial, EXTRACTIVE, resume=True)
    assert resumed.already_done == 3 and resumed.processed == 3
    assert _by_id(_read(partial)) == _by_id(_read(full))


def test_recover_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    ok = json.dumps({"id": "a", "summary": "x"})
    path.write_text(ok + "\n" + '{"id": "b", "su', encoding="utf-8")
    assert recover_output(path) == {"a"}
    assert path.read_text(encoding="utf-8") == ok + "\n"  # torn line truncated away

    path.write_text("\n".join([ok, '{"id": "b", "error": "hỏng"}', ok, "rác"]) + "\n", encoding="utf-8")
    assert recover_output(path) == {"a"}
    assert path.read_text(encoding="utf-8") == ok + "\n"  # error, junk last line and repeated lines dropped
    newer = json.dumps({"id": "a", "summary": "y"})  # a rerun appended: the later record counts, as in summarize-eval
    path.write_text("\n".join([ok, json.dumps({"id": "c", "summary": "z"}), newer]) + "\n", encoding="utf-8")
    assert recover_output(path) == {"a", "c"}
    assert path.read_text(encoding="utf-8") == newer + "\n" + json.dumps({"id": "c", "summary": "z"}) + "\n"
    assert recover_output(tmp_path / "absent.jsonl") == set()


def test_limit_then_resume_finishes_the_same_selection(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = run_batch(root, out, EXTRACTIVE, limit=2)
    assert [r["id"] for r in _read(out)] == ["c01", "c02"] and first.exit_code == 0
    again = run_batch(root, out, EXTRACTIVE, limit=2, resume=True)
    assert again.already_done == 2 and again.processed == 0
    rest = run_batch(root, out, EXTRACTIVE, resume=True)
    assert rest.processed == 4 and len(_read(out)) == 6


def test_resume_retries_error_records(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE)
    (root / "c03b" / "1.txt").write_text("Tin sửa lại\nBài báo này nay đã đọc được bình thường.\n", encoding="utf-8")
    report = run_batch(root, out, EXTRACTIVE, resume=True)
    assert report.processed == 1 and report.exit_code == 0
    assert "summary" in _by_id(_read(out))["c03b"]


def test_engine_that_cannot_load_ends_the_run(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(options):
        raise ModelNotFoundError("model 'x' not found")

    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "c01", "summary": "kết quả cũ"}\n', encoding="utf-8")
    monkeypatch.setattr(batch_module, "load_engine", no_model)
    with pytest.raises(ModelNotFoundError):
        run_batch(root, out, EXTRACTIVE)
    assert out.read_text(encoding="utf-8") == '{"id": "c01", "summary": "kết quả cũ"}\n'  # left untouched


def test_option_validation(root: Path, tmp_path: Path) -> None:
    with pytest.raises(BadOptionError):
        run_batch(root, tmp_path / "o.jsonl", EXTRACTIVE, workers=0)
    with pytest.raises(BadOptionError):
        run_batch(root, tmp_path / "o.jsonl", EXTRACTIVE, shard=(3, 2))
    with pytest.raises(BadOptionError):
        run_batch(root, tmp_path / "o.jsonl", EXTRACTIVE, limit=0)
    # a process pool's semaphore holds a C int: before, exit 70 with an OverflowError
    for workers in (batch_module.MAX_WORKERS + 1, 2**31 - 1, 10**20):
        with pytest.raises(BadOptionError, match=f"invalid workers {workers}; it must be at most"):
            run_batch(root, tmp_path / "o.jsonl", EXTRACTIVE, workers=workers)
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.slow
def test_workers_give_the_same_records(root: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    run_batch(root, serial, EXTRACTIVE)
    report = run_batch(root, parallel, EXTRACTIVE, workers=2)
    assert report.exit_code == BATCH_PARTIAL_FAILURE_EXIT
    assert _by_id(_read(parallel)) == _by_id(_read(serial))


def test_report_rate_and_exit_codes(tmp_path: Path) -> None:
    report = BatchReport(output=tmp_path, selected=4, succeeded=3, failed_ids=["x"], seconds=2.0)
    assert report.rate == 2.0 and report.exit_code == BATCH_PARTIAL_FAILURE_EXIT
    report.interrupted = True
    assert report.exit_code == INTERRUPTED_EXIT


def test_cli_batch(root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli.jsonl"
    result = runner.invoke(batch_app, [str(root), "-o", str(out), "--engine", "extractive", "--shard", "1/2"])
    assert result.exit_code == 0, result.output  # c03b (index 3 of the sorted ids) belongs to shard 2
    assert sorted(r["id"] for r in _read(out)) == ["c01", "c03", "c04"]
    assert "3 ok, 0 failed" in result.output
    result = runner.invoke(batch_app, [str(root), "-o", str(out), "--engine", "extractive", "--shard", "2/2", "-q"])
    assert result.exit_code == BATCH_PARTIAL_FAILURE_EXIT
    assert sorted(r["id"] for r in _read(out)) == ["c02", "c03b", "c05"]
    assert result.output == ""


def test_cli_batch_errors(root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad_shard = runner.invoke(batch_app, [str(root), "-o", str(tmp_path / "o.jsonl"), "--shard", "3/2"])
    assert bad_shard.exit_code == BadOptionError.exit_code
    assert bad_shard.output.startswith("error: invalid shard") and bad_shard.output.count("\n") == 1
    missing = runner.invoke(batch_app, [str(tmp_path / "absent"), "-o", str(tmp_path / "o.jsonl"), "-e", "extractive"])
    assert missing.exit_code == 3 and missing.output.startswith("error:")
    bad_engine = runner.invoke(batch_app, [str(root), "-o", str(tmp_path / "o.jsonl"), "-e", "gpt"])
    assert bad_engine.exit_code == BadOptionError.exit_code


def test_cli_batch_refuses_stdout_as_its_output(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(batch_app, [str(root), "-o", "-", "-e", "extractive"])
    assert result.exit_code == BadOptionError.exit_code and result.output.count("\n") == 1
    assert result.output.startswith("error: summarize-batch writes a file it can lock and resume")
    assert not (tmp_path / "-").exists()  # before: a file named '-'


def test_rich_progress_counts_rate_and_failures() -> None:
    from summarizer.cli_batch import RichProgress

    progress = RichProgress()
    progress.start(3, 1)
    progress.advance({"id": "a", "summary": "x"})
    progress.advance({"id": "b", "error": "hỏng"})
    progress.stop()
    task = progress._progress.tasks[0]
    assert task.completed == 3 and task.total == 3
    assert task.fields["failed"] == 1 and task.fields["rate"].endswith("clusters/s")


@pytest.mark.slow
def test_ctrl_c_in_a_real_process_leaves_a_consistent_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    base = _many_clusters(tmp_path / "many", 60, digits=3)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer.cli_batch", str(base), "-o", str(out), "-e", "extractive", "-q"]
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1], stderr=subprocess.PIPE)
    _wait_for_records(process, out, 2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    records = _read(out)  # every line is complete JSON
    if process.returncode == INTERRUPTED_EXIT:
        assert 2 <= len(records) < 60
    else:  # the run ended before the signal arrived
        assert process.returncode == 0, stderr.decode()
    resumed = run_batch(base, out, EXTRACTIVE, resume=True)
    assert resumed.exit_code == 0
    assert sorted(_by_id(_read(out))) == [f"k{n:03d}" for n in range(60)]


def test_engine_notices_reach_every_record(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines.extractive import ExtractiveEngine

    monkeypatch.setattr(batch_module, "load_engine", lambda options: (ExtractiveEngine(), ("chạy engine dự phòng",)))
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=2)
    for record in _read(out):
        assert record["warnings"][0] == "chạy engine dự phòng"


def test_worker_reports_an_engine_that_cannot_load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import logging
    import signal

    def no_model(options):
        raise ModelNotFoundError("model 'x' not found")

    import queue

    monkeypatch.setattr(batch_module, "load_engine", no_model)
    monkeypatch.setattr(batch_module, "_WORKER", {})
    previous = signal.getsignal(signal.SIGINT)
    logger = logging.getLogger("summarizer")
    handlers, propagate, level = list(logger.handlers), logger.propagate, logger.level
    try:
        batch_module._init_worker(EXTRACTIVE, logging.WARNING, queue.Queue())  # what each pool process runs first
        kind, payload = batch_module._worker_task(ClusterEntry("c01", tmp_path))
    finally:
        signal.signal(signal.SIGINT, previous)
        logger.handlers[:], logger.propagate = handlers, propagate
        logger.setLevel(level)
    assert kind == "fatal" and isinstance(payload, ModelNotFoundError)


@pytest.mark.skipif(sys.platform != "linux", reason="fork lets the test reach into the workers")
def test_a_worker_that_dies_ends_the_run_with_its_own_exit_and_resume_finishes(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.errors import WorkerDiedError

    original = batch_module.summarize_entry

    def dies_on_c02(entry, *args):  # type: ignore[no-untyped-def]
        if entry.id == "c02":
            os._exit(9)  # as the kernel's OOM killer would end it: no exception, no record
        return original(entry, *args)

    monkeypatch.setattr(batch_module, "MP_START_METHOD", "fork")  # the workers inherit the patch
    monkeypatch.setattr(batch_module, "summarize_entry", dies_on_c02)
    out = tmp_path / "out.jsonl"
    with pytest.raises(WorkerDiedError, match=r"a worker process died .* while summarizing one of: .*c02.*rerun with "
                                              r"--resume, and if it happens again, with --exclude ID"):
        run_batch(root, out, EXTRACTIVE, workers=2)
    assert WorkerDiedError.exit_code == 13
    written = _read(out) if out.exists() else []
    assert "c02" not in {r["id"] for r in written}  # whole records only, each once
    monkeypatch.setattr(batch_module, "summarize_entry", original)
    run_batch(root, out, EXTRACTIVE, workers=2, resume=True)
    whole = tmp_path / "whole.jsonl"
    run_batch(root, whole, EXTRACTIVE)
    assert _by_id(_read(out)) == _by_id(_read(whole))


def test_worker_log_records_reach_the_parent(root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import os

    (root / "c02" / "notes.pdf").write_bytes(b"%PDF-1.4")
    caplog.set_level(logging.INFO, logger="summarizer")
    run_batch(root, tmp_path / "out.jsonl", EXTRACTIVE, workers=2)
    skipped = [r for r in caplog.records if r.name == "summarizer.documents" and "notes.pdf" in r.getMessage()]
    assert len(skipped) == 1, [r.getMessage() for r in caplog.records]
    assert skipped[0].process != os.getpid()  # logged in a worker, handled by the parent's logger


def test_resume_refuses_other_options(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=2)
    sidecar = batch_module.options_path(out)
    assert json.loads(sidecar.read_text(encoding="utf-8"))["extractive.max_words"] == EXTRACTIVE.extractive.max_words
    with out.open("ab") as handle:  # what a resume would repair: an error record and a torn line
        handle.write(b'{"id": "c04", "error": "boom"}\n{"id": "yy", "summ')
    before = out.read_bytes()
    with pytest.raises(BadOptionError, match=r"extractive\.max_words 250 -> 40"):
        run_batch(root, out, EXTRACTIVE.with_changes(extractive__max_words=40), resume=True)
    assert out.read_bytes() == before  # nothing written, nothing repaired
    # The thread count changes speed, not results: resuming with another one is fine.
    report = run_batch(root, out, EXTRACTIVE.with_changes(model__threads=1), resume=True)
    assert report.already_done == 2 and len(_read(out)) == 6


def test_resume_refuses_records_another_engine_made_under_the_same_options(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    """--engine auto ran the extractive engine (no model); a model has appeared since, so the
    same options would now run vit5: the file would mix the two."""
    from _tiny_model import copy_model_files

    from summarizer.models import DEFAULT_MODEL_ID, MODELS_DIR_ENV

    auto = DEFAULT_OPTIONS.with_changes(engine="auto")
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "no-models"))
    out = tmp_path / "out.jsonl"
    run_batch(root, out, auto, limit=2)
    assert {r["engine"] for r in _read(out)} == {"extractive"}
    before = out.read_bytes()
    models = tmp_path / "models"
    (models / DEFAULT_MODEL_ID).parent.mkdir(parents=True)
    copy_model_files(tiny_model_dir, models / DEFAULT_MODEL_ID)
    monkeypatch.setenv(MODELS_DIR_ENV, str(models))
    with pytest.raises(BadOptionError, match=r"2 of its records were made by the extractive engine, and this run "
                                             r"would use the vit5 engine \(.*vit5-base-vietnews-summarization\)"):
        run_batch(root, out, auto, resume=True)
    assert out.read_bytes() == before
    # the same holds when the options file is gone: the records say what made them
    batch_module.options_path(out).unlink()
    with pytest.raises(BadOptionError, match="made by the extractive engine"):
        run_batch(root, out, auto, resume=True)
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path / "no-models"))
    assert run_batch(root, out, auto, resume=True).already_done == 2  # as before: resumes


def test_resume_without_the_options_file_still_refuses_another_length(root: Path, tmp_path: Path) -> None:
    """The records carry their length (budget, what set it, the sentence cap): a file copied
    without its options file is still not resumed with another --max-words."""
    out = tmp_path / "out.jsonl"
    wide = EXTRACTIVE.with_changes(extractive__max_share=1.0)  # so that --max-words sets the budget
    run_batch(root, out, wide.with_changes(extractive__max_words=60), limit=2)
    batch_module.options_path(out).unlink()
    before = out.read_bytes()
    with pytest.raises(BadOptionError, match=r"had another length \(budget 60 -> 50\)"):
        run_batch(root, out, wide.with_changes(extractive__max_words=50), resume=True)
    with pytest.raises(BadOptionError, match=r"max_sentences None -> 2"):
        run_batch(root, out, wide.with_changes(extractive__max_words=60, max_sentences=2), resume=True)
    assert out.read_bytes() == before
    assert run_batch(root, out, wide.with_changes(extractive__max_words=60), resume=True).already_done == 2


def test_resume_without_the_options_file_still_refuses_other_vit5_settings(root: Path, tmp_path: Path,
                                                                          tiny_model_dir: Path) -> None:
    """The ViT5 records carry their packing strategy and generation settings: a file without its
    options file is not resumed with other ones (it mixed pack and map-reduce, 4 beams and 1)."""
    out = tmp_path / "out.jsonl"
    small = DEFAULT_OPTIONS.with_changes(engine="vit5", model__model=str(tiny_model_dir), model__backend="torch",
                                         generation__max_new_tokens=8, generation__min_new_tokens=2,
                                         headline__max_new_tokens=6)
    run_batch(root, out, small, limit=1)
    batch_module.options_path(out).unlink()
    before = out.read_bytes()
    with pytest.raises(BadOptionError, match=r"other ViT5 settings \(model.strategy 'pack' -> 'map-reduce', "
                                             r"generation.num_beams 4 -> 1\)"):
        run_batch(root, out, small.with_changes(model__strategy="map-reduce", generation__num_beams=1), resume=True)
    with pytest.raises(BadOptionError, match=r"headline.max_new_tokens 6 -> 7"):
        run_batch(root, out, small.with_changes(headline__max_new_tokens=7), resume=True)
    assert out.read_bytes() == before
    assert run_batch(root, out, small, resume=True, limit=2).already_done == 1


def test_resume_takes_one_model_folder_however_it_is_named(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    from summarizer.engines import vit5

    out = tmp_path / "out.jsonl"
    small = DEFAULT_OPTIONS.with_changes(engine="vit5", model__model=str(tiny_model_dir), model__backend="torch",
                                         generation__max_new_tokens=8, generation__min_new_tokens=2,
                                         headline__max_new_tokens=6)
    run_batch(root, out, small, limit=1)
    monkeypatch.chdir(tiny_model_dir.parent)
    relative = small.with_changes(model__model=tiny_model_dir.name)  # the same folder, named from its parent
    assert run_batch(root, out, relative, limit=1, resume=True).already_done == 1
    vit5.clear_engines()


def test_resume_of_a_file_from_before_an_option_existed(root: Path, tmp_path: Path) -> None:
    """An option missing from the sidecar (added to the tool since) counts as its default."""
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=2)
    sidecar = batch_module.options_path(out)
    recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    del recorded["drop_off_topic"]
    sidecar.write_text(json.dumps(recorded), encoding="utf-8")
    with pytest.raises(BadOptionError, match=r"drop_off_topic True -> False"):
        run_batch(root, out, EXTRACTIVE.with_changes(drop_off_topic=False), resume=True)
    assert run_batch(root, out, EXTRACTIVE, resume=True).already_done == 2


def test_the_options_file_records_the_version_and_a_resume_by_another_warns(
        root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from summarizer import __version__

    caplog.set_level(logging.WARNING, logger="summarizer")  # a CLI test run before may have quietened it
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=1)
    sidecar = batch_module.options_path(out)
    recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    assert recorded[batch_module.VERSION_KEY] == __version__
    caplog.clear()
    assert run_batch(root, out, EXTRACTIVE, limit=2, resume=True).already_done == 1
    assert not any("written by summarizer" in r.getMessage() for r in caplog.records)  # same version
    recorded[batch_module.VERSION_KEY] = "0.0.1"
    sidecar.write_text(json.dumps(recorded), encoding="utf-8")
    caplog.clear()
    assert run_batch(root, out, EXTRACTIVE, resume=True).already_done == 2  # warned, not refused
    warned = [r.getMessage() for r in caplog.records if "written by summarizer 0.0.1" in r.getMessage()]
    assert len(warned) == 1 and f"this is {__version__}" in warned[0]
    # the file still holds that version's records: the options file still says so, and warns again
    assert json.loads(sidecar.read_text(encoding="utf-8"))[batch_module.VERSION_KEY] == "0.0.1"
    caplog.clear()
    run_batch(root, out, EXTRACTIVE, resume=True)
    assert any("written by summarizer 0.0.1" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("content", ["{bad", "[]", "3"], ids=["not-json", "a-list", "a-number"])
def test_resume_with_a_damaged_options_file_is_a_one_line_error(root: Path, tmp_path: Path, content: str) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=1)
    batch_module.options_path(out).write_text(content, encoding="utf-8")
    before = out.read_bytes()
    with pytest.raises(OutputError, match="cannot read"):
        run_batch(root, out, EXTRACTIVE, resume=True)
    assert out.read_bytes() == before


def test_resume_without_options_file_warns(root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=1)
    batch_module.options_path(out).unlink()
    report = run_batch(root, out, EXTRACTIVE, resume=True)
    assert report.already_done == 1
    assert any("cannot be checked" in r.getMessage() for r in caplog.records)
    # not written by this run: it would vouch for the options of records it never checked, and
    # a later resume with the first run's options would be refused, one with others accepted
    assert not batch_module.options_path(out).exists()
    keep_names = EXTRACTIVE.with_changes(fix_name_typos=False)
    assert run_batch(root, out, keep_names, resume=True).already_done == len(EVENTS)
    assert not batch_module.options_path(out).exists()
    # a fresh run vouches for its records
    run_batch(root, out, keep_names, limit=1)
    assert json.loads(batch_module.options_path(out).read_text(encoding="utf-8"))["fix_name_typos"] is False


def test_a_resume_keeps_the_failures_of_clusters_it_leaves_out(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE)
    failed = [r for r in _read(out) if "error" in r]
    assert [r["id"] for r in failed] == ["c03b"]
    # a resume of the first two clusters leaves c03b out: its failure stays on file (it was erased,
    # and summarize-eval then counted the cluster absent, not failed); one it selects runs again
    assert run_batch(root, out, EXTRACTIVE, limit=2, resume=True).already_done == 2
    assert [r for r in _read(out) if "error" in r] == failed
    report = run_batch(root, out, EXTRACTIVE, resume=True, exclude=["c01"])
    assert report.failed_ids == ["c03b"] and len(_read(out)) == len(EVENTS) + 1


def test_a_resume_reads_ids_in_nfc(tmp_path: Path) -> None:
    import unicodedata

    base = tmp_path / "archive"
    for name in ("Hà Nội", "Huế"):
        folder = base / unicodedata.normalize("NFD", name)
        folder.mkdir(parents=True)
        (folder / "1.txt").write_text(_report(*EVENTS[0], 0), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(base, out, EXTRACTIVE)
    records = _read(out)
    out.write_text("".join(json.dumps({**r, "id": unicodedata.normalize("NFC", r["id"])}, ensure_ascii=False) + "\n"
                           for r in records), encoding="utf-8")
    assert run_batch(base, out, EXTRACTIVE, resume=True).already_done == 2  # before: both ran again
    assert len(_read(out)) == 2


def test_a_resume_refuses_records_of_another_root_with_the_same_ids(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    for number in (1, 2):
        folder = other / f"c{number:02d}"
        folder.mkdir(parents=True)
        (folder / "tin.txt").write_text(_report(*EVENTS[-number], 0), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=2)
    before = out.read_bytes()
    # before: "2 already done", the other corpus's c01 and c02 kept as this root's
    with pytest.raises(BadOptionError, match=r"its record 'c01' names the report '1.txt', which .* does not hold"):
        run_batch(other, out, EXTRACTIVE, resume=True)
    assert out.read_bytes() == before
    assert run_batch(root, out, EXTRACTIVE, resume=True).already_done == 2  # its own root resumes
    # what a record lists as skipped is no file to look for: a broken link, a hidden folder
    (root / "c01" / "old.txt").symlink_to(tmp_path / "gone.txt")
    (root / "c02" / ".cache").mkdir()
    fresh = tmp_path / "fresh.jsonl"
    run_batch(root, fresh, EXTRACTIVE.with_changes(recursive=True), limit=2)
    assert any(item["file"] == "old.txt" for item in _read(fresh)[0]["skipped"])
    assert run_batch(root, fresh, EXTRACTIVE.with_changes(recursive=True), resume=True).already_done == 2


def test_the_options_file_of_a_linked_output_is_the_target_s(root: Path, tmp_path: Path) -> None:
    (tmp_path / "art").mkdir()
    target = tmp_path / "art" / "b.jsonl"
    run_batch(root, target, EXTRACTIVE, limit=2)
    link = tmp_path / "b.jsonl"
    link.symlink_to(target)
    assert batch_module.options_path(link) == batch_module.options_path(target)
    with pytest.raises(BadOptionError, match="fix_name_typos True -> False"):  # before: accepted, records mixed
        run_batch(root, link, EXTRACTIVE.with_changes(fix_name_typos=False), resume=True)
    assert run_batch(root, link, EXTRACTIVE, resume=True).already_done == 2
    assert not (tmp_path / "b.jsonl.options.json").exists()
    # an options file an earlier run left beside the link is still read
    batch_module.options_path(target).rename(tmp_path / "b.jsonl.options.json")
    with pytest.raises(BadOptionError, match="fix_name_typos True -> False"):
        run_batch(root, link, EXTRACTIVE.with_changes(fix_name_typos=False), resume=True)


def test_rich_progress_prints_log_records_above_the_bar() -> None:
    import io
    import logging

    from rich.console import Console

    from summarizer.cli_batch import RichProgress

    buffer = io.StringIO()
    logger = logging.getLogger("summarizer")
    handlers = list(logger.handlers)
    progress = RichProgress(console=Console(file=buffer, force_terminal=True, width=120))
    progress.start(2, 0)
    logging.getLogger("summarizer.batch").warning("cluster c9 failed: hỏng")
    progress.advance({"id": "c9", "error": "hỏng"})
    progress.stop()
    assert "WARNING summarizer.batch: cluster c9 failed: hỏng" in buffer.getvalue()
    assert logger.handlers == handlers  # restored


# ---------------------------------------------------------------------------------------------
# JSON Lines archives


def _archive_lines(root: Path) -> list[str]:
    """The clusters of the ``root`` fixture as JSON Lines, each in another of the accepted report
    shapes: {"name", "text"}, {"name", "title", "body"} and a bare string."""
    lines = []
    for number, folder in enumerate(sorted(p for p in root.iterdir() if p.name != "c03b")):
        files = sorted(folder.glob("*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in files]
        if number % 3 == 0:
            reports: list[Any] = [{"name": p.name, "text": t} for p, t in zip(files, texts)]
        elif number % 3 == 1:
            reports = [{"name": p.name, "title": t.split("\n", 1)[0], "body": t.split("\n", 1)[1]} for p, t in zip(files, texts)]
        else:
            reports = texts
        lines.append(json.dumps({"id": folder.name, "reports": reports}, ensure_ascii=False))
    return lines


@pytest.mark.parametrize("workers", [1, 2])
def test_a_json_lines_archive_summarizes_as_its_folders_do(root: Path, tmp_path: Path, workers: int) -> None:
    archive = tmp_path / "archive.jsonl"
    lines = _archive_lines(root)
    broken = ['{"id": "c00x", "reports": "not a list"}', '{"id": "c00y", "reports": [{"name": "a"}]}', "{not json"]
    archive.write_text("\n".join(lines[:2] + broken + [""] + lines[2:]) + "\n", encoding="utf-8")
    report = run_batch(archive, tmp_path / "out.jsonl", EXTRACTIVE, workers=workers)
    assert (report.succeeded, sorted(report.failed_ids)) == (5, ["c00x", "c00y", "line-5"])
    assert report.exit_code == BATCH_PARTIAL_FAILURE_EXIT
    from_archive = _by_id(_read(tmp_path / "out.jsonl"))
    assert from_archive["c00x"]["error"] == 'line 3 of archive.jsonl: no "reports" list'
    assert from_archive["c00y"]["error"] == 'line 4 of archive.jsonl: report 1 has no "text", "body" or "raw_text"'
    assert from_archive["line-5"]["error"].startswith("line 5 of archive.jsonl: not JSON")
    run_batch(root, tmp_path / "folders.jsonl", EXTRACTIVE)
    from_folders = _by_id(_read(tmp_path / "folders.jsonl"))
    for cluster_id, record in from_folders.items():
        if "error" in record:
            continue
        assert (from_archive[cluster_id]["title"], from_archive[cluster_id]["summary"]) == (record["title"], record["summary"])
    assert [s["file"] for s in from_archive["c01"]["sources"]] == ["1.txt", "2.txt"]  # {"name", "text"}
    assert [s["file"] for s in from_archive["c03"]["sources"]] == ["1", "2"]  # bare strings: by position


def test_a_json_lines_archive_with_a_repeated_id_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text('{"id": "a", "reports": ["x"]}\n{"id": "b", "reports": ["y"]}\n{"id": "a", "reports": ["z"]}\n')
    with pytest.raises(BadOptionError, match=r"'a' is on lines 1 and 3"):
        run_batch(archive, tmp_path / "out.jsonl", EXTRACTIVE)
    assert not (tmp_path / "out.jsonl").exists()


def test_a_json_lines_archive_resumes_by_id(root: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(_archive_lines(root)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = run_batch(archive, out, EXTRACTIVE, limit=2)
    rest = run_batch(archive, out, EXTRACTIVE, resume=True)
    assert (first.succeeded, rest.already_done, rest.succeeded) == (2, 2, 3)
    assert sorted(_by_id(_read(out))) == ["c01", "c02", "c03", "c04", "c05"]


def test_one_json_lines_file_holds_reports_and_references_as_abmusu_does(tmp_path: Path) -> None:
    # the VLSP 2022 AbMuSu layout: no ids; single_documents of {title, anchor_text, raw_text}; summary
    from summarizer.corpus import load_references
    from summarizer.evaluate import evaluate, load_predictions

    lines = []
    for topic, place, detail in EVENTS[:2]:
        documents = []
        for variant in (0, 1):
            title, lead, *body = _report(topic, place, detail, variant).splitlines()
            documents.append({"title": title, "anchor_text": lead, "raw_text": "\n".join(body)})
        lines.append({"single_documents": documents, "summary": f"{topic} tại {place}: {detail}.", "category": "Xã hội"})
    corpus = tmp_path / "abmusu.jsonl"
    corpus.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    report = run_batch(corpus, tmp_path / "out.jsonl", EXTRACTIVE)
    assert (report.succeeded, report.failed) == (2, 0)
    records = _by_id(_read(tmp_path / "out.jsonl"))
    assert sorted(records) == ["line-1", "line-2"]
    first = records["line-1"]
    assert [s["title"] for s in first["sources"]] == ["Mưa lớn gây ngập tại Cần Thơ"] * 2
    assert [s["sentences"] for s in first["sources"]] == [4, 5]  # the anchor text read as the lead, then the body
    references = load_references(corpus)
    assert sorted(references) == ["line-1", "line-2"]
    scores = evaluate(load_predictions(tmp_path / "out.jsonl"), references)
    assert scores.to_dict()["clusters"] == 2 and scores.to_dict()["missing"] == []


def test_the_output_never_overwrites_an_input(root: Path, tmp_path: Path) -> None:
    victim = root / "c01" / "1.txt"
    before = victim.read_bytes()
    with pytest.raises(OutputError, match="is one of the inputs"):
        run_batch(root, victim, EXTRACTIVE)
    assert victim.read_bytes() == before
    archive = tmp_path / "archive.jsonl"
    line = {"id": "x", "reports": [victim.read_text(encoding="utf-8")]}
    archive.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(OutputError, match="is one of the inputs"):
        run_batch(archive, archive, EXTRACTIVE)
    assert json.loads(archive.read_text(encoding="utf-8")) == line


def test_one_run_at_a_time_writes_an_output(root: Path, tmp_path: Path) -> None:
    from summarizer.fileio import LOCK_SUFFIX, exclusive_lock

    out = tmp_path / "out.jsonl"
    run_batch(root, out, EXTRACTIVE, limit=1)
    before = out.read_bytes()
    lock = tmp_path / ("out.jsonl" + LOCK_SUFFIX)
    assert not lock.exists()  # removed after the run
    with exclusive_lock(out):  # another run holds the output
        assert lock.read_text().strip() == str(os.getpid())
        for resume in (False, True):
            with pytest.raises(OutputError, match="is being written by another run"):
                run_batch(root, out, EXTRACTIVE, resume=resume)
        assert out.read_bytes() == before  # neither truncated nor resumed
    assert not lock.exists()
    assert run_batch(root, out, EXTRACTIVE, resume=True).already_done == 1  # the lock is free again


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_an_output_that_is_not_a_regular_file_is_refused(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / "out.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        run_batch(root, fifo, EXTRACTIVE)
    assert sorted(p.name for p in out.iterdir()) == ["out.jsonl"]  # no lock or options file left


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="descriptor paths")
def test_an_output_naming_an_open_descriptor_is_refused(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with open(out, "ab") as appending:  # summarize-batch -o /dev/stdout >> out.jsonl
        with pytest.raises(OutputError, match="names an open descriptor"):
            run_batch(root, f"/dev/fd/{appending.fileno()}", EXTRACTIVE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "out.jsonl"]  # no lock or options file


def test_an_empty_root_is_refused_not_read_as_the_working_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(batch_app, ["", "-o", str(tmp_path / "out.jsonl"), "-e", "extractive"])
    assert result.exit_code == BadOptionError.exit_code
    assert result.stderr.strip() == "error: empty ROOT path"
    assert not (tmp_path / "out.jsonl").exists()


# ---------------------------------------------------------------------------------------------
# Robustness: links to the output, names that are not UTF-8, signals, what --resume accepts


class RunsBeside:
    """A progress sink that, at the first record of a run, starts other runs on the given
    outputs (as a concurrent job would) and keeps what each raised."""

    def __init__(self, root: Path, outputs: list[Path]) -> None:
        self.root, self.outputs = root, outputs
        self.raised: list[BaseException | None] = []

    def start(self, total: int, already_done: int) -> None:
        pass

    def advance(self, record: dict[str, Any]) -> None:
        while self.outputs:
            try:
                run_batch(self.root, self.outputs.pop(0), EXTRACTIVE)
                self.raised.append(None)
            except OutputError as exc:
                self.raised.append(exc)


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="links and flock")
def test_a_link_to_the_output_is_locked_as_the_output_is(root: Path, tmp_path: Path) -> None:
    """The lock was `<path as given>.lock`: a run through a symbolic link (or a hard link) to
    the output of a running batch ran beside it and truncated the file under it."""
    real = tmp_path / "real.jsonl"
    real.write_text('{"id": "c00", "summary": "cũ"}\n', encoding="utf-8")  # so that a hard link can be made
    alias, hard = tmp_path / "alias.jsonl", tmp_path / "hard.jsonl"
    alias.symlink_to(real)
    os.link(real, hard)
    beside = RunsBeside(root, [alias, hard])
    report = run_batch(root, real, EXTRACTIVE, progress=beside)
    assert len(beside.raised) == 2 and all(isinstance(exc, OutputError) for exc in beside.raised), beside.raised
    assert "'alias.jsonl' is being written by another run" in str(beside.raised[0]).replace(str(tmp_path) + "/", "")
    assert "hard link" in str(beside.raised[1])
    assert report.processed == 6 and len(_read(real)) == 6  # nothing truncated under the run
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == []


@pytest.mark.skipif(sys.platform != "linux", reason="a file system that takes names that are not UTF-8")
@pytest.mark.parametrize("workers", [1, 2])
def test_names_that_are_not_utf8_get_escaped_ids_and_resume(tmp_path: Path, workers: int) -> None:
    """A file named b'b\\xe1o.txt' or a cluster folder named b'Vi\\xeat' ended the whole batch with
    exit 70 (UnicodeEncodeError in the record writer)."""
    base = tmp_path / "archive"
    topic, place, detail = EVENTS[0]
    plain = base / "c01"
    plain.mkdir(parents=True)
    (plain / "1.txt").write_text(_report(topic, place, detail, 0), encoding="utf-8")
    (Path(os.fsdecode(bytes(plain) + b"/b\xe1o.txt"))).write_text(_report(topic, place, detail, 1), encoding="utf-8")
    latin = Path(os.fsdecode(bytes(base) + b"/Vi\xeat"))
    latin.mkdir()
    (latin / "1.txt").write_text(_report(*EVENTS[1], 0), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(batch_app, [str(base), "-o", str(out), "-e", "extractive", "-j", str(workers)])
    assert result.exit_code == 0, result.output
    records = _by_id(_read(out))
    assert sorted(records) == ["Vi\\xeat", "c01"]
    assert [s["file"] for s in records["c01"]["sources"]] == ["1.txt", "b\\xe1o.txt"]
    assert run_batch(base, out, EXTRACTIVE, resume=True).already_done == 2  # the id written is the id computed
    assert run_batch(base, out, EXTRACTIVE, exclude=["Vi\\xeat"]).selected == 1
    (base / "Vi\\xeat").mkdir()  # the same id spelled out: two clusters could not be told apart
    with pytest.raises(BadOptionError, match=r"would both get the id 'Vi\\\\xeat'"):
        run_batch(base, tmp_path / "other.jsonl", EXTRACTIVE)


def test_a_record_that_cannot_be_written_becomes_its_clusters_error_record(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = batch_module.summarize_entry

    def odd_value(entry, *args):  # type: ignore[no-untyped-def]
        record = original(entry, *args)
        return {**record, "extra": {1, 2}} if entry.id == "c02" else record  # a set: JSON has no form for it

    monkeypatch.setattr(batch_module, "summarize_entry", odd_value)
    out = tmp_path / "out.jsonl"
    report = run_batch(root, out, EXTRACTIVE, limit=3)
    records = _by_id(_read(out))
    assert records["c02"] == {"id": "c02", "error": "internal error: its record cannot be written: TypeError: "
                                                    "Object of type set is not JSON serializable"}
    assert "summary" in records["c01"] and "summary" in records["c03"]
    assert report.failed_ids == ["c02"]


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended: only its parent's wait is missing)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _many_clusters(base: Path, count: int, digits: int = 4) -> Path:
    """``count`` clusters of two reports under ``base``, named k0000, k0001, ... (``digits`` wide)."""
    for number in range(count):
        topic, place, detail = EVENTS[number % len(EVENTS)]
        folder = base / f"k{number:0{digits}d}"
        folder.mkdir(parents=True)
        for variant in (0, 1):
            (folder / f"{variant + 1}.txt").write_text(_report(topic, place, detail, variant), encoding="utf-8")
    return base


def _start_batch(base: Path, out: Path, *extra: str) -> Any:
    """A batch with two workers in its own process, once it has written its first record."""
    import subprocess

    command = [sys.executable, "-m", "summarizer.cli_batch", str(base), "-o", str(out), "-e", "extractive", "-j", "2", *extra]
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1], stderr=subprocess.PIPE)
    _wait_for_records(process, out, 1)
    assert process.poll() is None, "the batch ended before the test could signal it"
    return process


def _wait_for_records(process: Any, out: Path, count: int, seconds: float = 60) -> None:
    """Until ``out`` holds ``count`` lines, the batch ``process`` has ended, or ``seconds`` pass."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.005)


def _wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return {pid for pid in pids if _alive(pid)}


WORKERS_GONE_SECONDS = 8  # a worker checks on its parent every PARENT_CHECK_SECONDS (Linux: at once)


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_workers_end_when_the_batch_process_is_killed(tmp_path: Path) -> None:
    """SIGKILL of the parent left the spawn workers and the resource tracker alive for ever."""
    import signal

    process = _start_batch(_many_clusters(tmp_path / "many", 1500), tmp_path / "out.jsonl", "-q")
    children = _children(process.pid)  # the two workers and the resource tracker
    assert len(children) >= 2
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _wait_until_gone(children, WORKERS_GONE_SECONDS) == set()


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
def test_sigterm_is_taken_as_ctrl_c_and_exits_143(tmp_path: Path) -> None:
    import signal

    base = _many_clusters(tmp_path / "many", 1500)
    out = tmp_path / "out.jsonl"
    process = _start_batch(base, out)
    children = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == batch_module.TERMINATED_EXIT == 143, stderr.decode()
    assert stderr.decode().rstrip().endswith("terminated: rerun with --resume to finish")
    assert _wait_until_gone(children, WORKERS_GONE_SECONDS) == set()
    records = _read(out)  # every line complete
    assert 1 <= len(records) < 1500
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_terminated_report_exit_code(tmp_path: Path) -> None:
    report = BatchReport(output=tmp_path, selected=4, succeeded=1, interrupted=True, terminated=True)
    assert report.exit_code == 143


@pytest.mark.parametrize("content", [
    "ghi chú họp sáng thứ hai\nmua thêm cà phê\n",  # a notes file given as -o by mistake
    "ghi chú không có dòng mới ở cuối",
    '{"id": "c01", "summary": "tóm tắt"}\nrác ở giữa\n{"id": "c02", "summary": "tóm tắt"}\n',  # junk before the last line
    "[1, 2]\n{\"id\": \"c01\", \"summary\": \"tóm tắt\"}\n",  # JSON, but not a record
], ids=["notes", "notes-no-newline", "junk-mid-file", "not-a-record"])
def test_resume_refuses_a_file_that_is_not_batch_output(root: Path, tmp_path: Path, content: str) -> None:
    out = tmp_path / "notes.txt"
    out.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(batch_app, [str(root), "-o", str(out), "-e", "extractive", "--resume"])
    assert result.exit_code == OutputError.exit_code, result.output
    assert result.output.startswith("error: cannot resume") and result.output.count("\n") == 1
    assert out.read_text(encoding="utf-8") == content  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "notes.txt"]  # no options file, no lock left


@pytest.mark.parametrize("content", ["", "\n\n", '{"id": "c01", "tit'], ids=["empty", "blank-lines", "torn-first-record"])
def test_resume_of_an_empty_or_torn_output_runs_everything(root: Path, tmp_path: Path, content: str) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(content, encoding="utf-8")
    report = run_batch(root, out, EXTRACTIVE, resume=True)
    assert report.processed == 6 and len(_read(out)) == 6


@pytest.mark.parametrize("where", ["c03/zz.txt", "c03/zz.MD", "c03/sub/zz.html"])
def test_an_output_that_would_be_read_as_a_report_is_refused(root: Path, tmp_path: Path, where: str) -> None:
    """`-o root/c03/zz.txt` was created, then read back as one of c03's reports."""
    out = root / where
    out.parent.mkdir(exist_ok=True)
    before = sorted(out.parent.iterdir())
    recursive = EXTRACTIVE.with_changes(recursive=True)
    with pytest.raises(OutputError, match="is inside the cluster folder .*c03.*read as one of its reports"):
        run_batch(root, out, recursive)
    assert sorted(out.parent.iterdir()) == before  # no output, lock or options file made there
    if "/sub/" in where:  # not read without --recursive: allowed
        run_batch(root, out, EXTRACTIVE, limit=1)
    hidden = root / "c03" / ".zz.txt"  # hidden files are not read
    run_batch(root, hidden, EXTRACTIVE, limit=1)


def test_root_entries_that_are_not_clusters_are_named_once(
        root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    (root / "ghi-chu.txt").write_text("không phải một cụm tin\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\0")  # hidden: not named
    if hasattr(os, "symlink") and sys.platform != "win32":
        (root / "c09").symlink_to(root / "absent")  # a cluster moved away
        (root / "vong").symlink_to(root / "vong")  # a link loop
    run_batch(root, root / "out.jsonl", EXTRACTIVE, limit=1)  # the run's own files in ROOT are not named
    warned = [r.getMessage() for r in caplog.records if "not a cluster folder" in r.getMessage()]
    assert len(warned) == 1, warned
    if hasattr(os, "symlink") and sys.platform != "win32":
        assert warned[0].endswith(": 3 entries are not a cluster folder and get no record: "
                                  "c09 (a broken link), ghi-chu.txt (a file), vong (a link loop)")
    assert "DS_Store" not in warned[0] and "out.jsonl" not in warned[0]


def test_resume_names_records_without_an_engine(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "c01", "summary": "tóm tắt của một công cụ khác"}\n', encoding="utf-8")
    with pytest.raises(BadOptionError) as caught:
        run_batch(root, out, EXTRACTIVE, resume=True)
    message = str(caught.value)
    assert "None" not in message
    assert '1 of its records do not say which engine made them (no "engine" key), and this run would use the extractive engine' in message


def test_exclude_leaves_clusters_out(root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(batch_app, [str(root), "-o", str(out), "-e", "extractive", "--exclude", "c03b",
                                            "--exclude", "c02", "--exclude", "c99"])
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in _read(out)) == ["c01", "c03", "c04", "c05"]
    assert "4 ok, 0 failed, 0 already done of 4 clusters (2 excluded)" in result.output
    assert any("--exclude: no cluster 'c99'" in r.getMessage() for r in caplog.records)
    # after shard and limit, as the clusters done already: --limit 2 keeps c01, c02, and c02 is left out
    assert [e for e in _read(out) if e["id"] == "c01"] and run_batch(root, tmp_path / "l.jsonl", EXTRACTIVE, limit=2,
                                                                     exclude=["c02"]).selected == 1


def test_exclude_matches_a_folder_named_in_nfd(root: Path, tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Cháy_chợ")
    (root / "c01").rename(root / nfd)  # as macOS names a folder
    result = run_batch(root, tmp_path / "out.jsonl", EXTRACTIVE, exclude=["Cháy_chợ", "c03b"])
    assert result.excluded == 2
    assert nfd not in {r["id"] for r in _read(tmp_path / "out.jsonl")}


@pytest.mark.parametrize(("arguments", "message"), [
    ({"workers": "2"}, "invalid workers '2'"), ({"workers": 2.5}, "invalid workers 2.5"),
    ({"workers": True}, "invalid workers True"), ({"limit": "2"}, "invalid limit '2'"),
    ({"shard": (1, "3")}, "invalid shard (1, '3')"), ({"shard": (True, 3)}, "invalid shard (True, 3)"),
    ({"options": {"engine": "extractive"}}, "options must be a SummarizeOptions"),
])
def test_run_batch_refuses_wrong_types_in_one_line(root: Path, tmp_path: Path, arguments: dict, message: str) -> None:
    extra = {"options": EXTRACTIVE, **arguments}
    with pytest.raises(BadOptionError, match=re.escape(message)):  # before: TypeError / AttributeError
        run_batch(root, tmp_path / "o.jsonl", **extra)


def test_run_batch_takes_none_options_a_shard_string_and_one_excluded_id(root: Path, tmp_path: Path) -> None:
    everything = run_batch(root, tmp_path / "all.jsonl", None)  # None: the defaults, as summarize takes it
    ids = sorted(r["id"] for r in _read(tmp_path / "all.jsonl"))
    assert everything.selected == len(ids)
    sharded = run_batch(root, tmp_path / "s.jsonl", EXTRACTIVE, shard="1/2")
    assert sharded.selected == len(ids[::2])
    left = run_batch(root, tmp_path / "x.jsonl", EXTRACTIVE, exclude=ids[0])
    assert left.excluded == 1 and ids[0] not in {r["id"] for r in _read(tmp_path / "x.jsonl")}  # before: its letters


def test_cli_batch_warnings_read_as_the_other_commands(root: Path, tmp_path: Path) -> None:
    (root / "broken").mkdir()
    (root / "broken" / "x.txt").write_bytes(b"\x00\x01\x02" * 400)
    result = CliRunner().invoke(batch_app, [str(root), "-o", str(tmp_path / "o.jsonl"), "-e", "extractive", "--workers", "1"])
    assert "warning: cluster broken failed:" in result.stderr, result.stderr
    assert "WARNING summarizer.batch" not in result.stderr  # before: the logging format


def test_the_worker_died_error_names_the_clusters_it_may_have_held_or_none() -> None:
    from summarizer.batch import _worker_died

    assert "while summarizing one of: c01, c02;" in str(_worker_died(["c01", "c02"]))
    message = str(_worker_died([]))
    assert "one of" not in message and message.startswith("a worker process died (killed, or out of memory?); ")
