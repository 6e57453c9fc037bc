"""Summarize every cluster of an archive into a JSON Lines file, robustly.

One line per cluster: ``{"id": <folder name>, **SummaryResult.to_dict()}`` or, for a cluster that
failed, ``{"id": ..., "error": <one-line message>}``. The root is a folder of cluster folders, a ViMs
root, or a JSON Lines archive of one cluster a line (its ``id``, or ``line-N``; see
:mod:`summarizer.corpus`). Guarantees:

* each line is written with one ``write`` call on an unbuffered append-only descriptor (so it is
  flushed as soon as it is written); the file is fsynced at the end;
* a failing cluster (bad encoding, empty folder, model error, even a bug) becomes an error record
  and the run goes on; unexpected exceptions are logged with their traceback;
* ``resume=True`` keeps the successful records already in the file, drops a torn last line left
  by a crash and error records (those clusters are tried again), and skips clusters already done;
* Ctrl-C stops scheduling new clusters, finishes and writes the ones in progress, then returns
  with ``interrupted=True`` (the CLI exits with INTERRUPTED_EXIT); a second Ctrl-C stops at once,
  which can at worst leave a torn last line for ``resume`` to drop;
* ``workers > 1`` runs clusters in that many processes, each loading the engine (and model) once
  in its initializer; records then arrive in completion order. Workers send their log records to
  the parent through a queue, so they come out through the parent's handlers (and above the
  progress bar) rather than straight onto the terminal;
* the options of a run are kept beside the output (``options_path``: ``<output>.options.json``);
  ``resume=True`` refuses to add records made with other options to a file (BadOptionError naming
  the changed fields); the thread count is left out of the comparison, it does not change results,
  and an option the file's record lacks (added to the tool since) counts as its default; the
  record also names the tool version (``VERSION_KEY``), and a resume by another one is warned about.

Selection order: clusters sorted by id -> shard (cluster ``k`` of the sorted list goes to shard
``k mod n + 1``) -> ``limit`` (the first N of the shard) -> minus those already done (resume). So
``--limit 10 --resume`` finishes the same 10 clusters an interrupted ``--limit 10`` run started.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from . import __version__
from .corpus import ClusterEntry, list_clusters, read_jsonl_cluster
from .errors import (
    BATCH_PARTIAL_FAILURE_EXIT,
    INTERRUPTED_EXIT,
    BadOptionError,
    OutputError,
    SummarizerError,
    WorkerDiedError,
)
from .fileio import NEW_FILE_MODE
from .options import DEFAULT_OPTIONS, SummarizeOptions

log = logging.getLogger("summarizer.batch")

POLL_SECONDS = 0.2  # how often the parallel loop checks for Ctrl-C while waiting for results
EXTRA_IN_FLIGHT = 1  # clusters queued per pool beyond one per worker (keeps workers busy)
MAX_SUSPECTS_SHOWN = 8  # clusters named when a worker dies (those in flight: one of them killed it)
MP_START_METHOD = "spawn"  # fresh interpreters: no inherited torch threads or locks
# Native thread pools (numpy's BLAS, OpenMP) a worker is limited to, unless the user set them:
# N workers each running a pool sized for every core oversubscribe the CPU (measured: 2 workers on
# 2 cores ran no faster than 1 until their BLAS pools were limited).
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/n"`` -> ``(i, n)`` with 1 <= i <= n; BadOptionError otherwise."""
    parts = text.strip().split("/")
    try:
        if len(parts) != 2:
            raise ValueError
        index, count = int(parts[0]), int(parts[1])
    except ValueError:
        raise BadOptionError(f"invalid shard {text!r}; use i/n with whole numbers, e.g. 1/4") from None
    if count < 1 or not 1 <= index <= count:
        raise BadOptionError(f"invalid shard {text!r}; i must be in 1..n and n >= 1")
    return index, count


def shard_of(position: int, count: int) -> int:
    """The 1-based shard of the cluster at ``position`` (0-based) among the sorted ids."""
    return position % count + 1


def select_clusters(
    entries: Sequence[ClusterEntry],
    *,
    shard: tuple[int, int] | None = None,
    limit: int | None = None,
) -> list[ClusterEntry]:
    """Sort by id, keep this shard's clusters, then the first ``limit`` of them."""
    ordered = sorted(entries, key=lambda e: e.id)
    if shard is not None:
        index, count = shard
        ordered = [e for k, e in enumerate(ordered) if shard_of(k, count) == index]
    if limit is not None:
        ordered = ordered[:limit]
    return ordered


# ---------------------------------------------------------------------------------------------
# Output file


@dataclass(frozen=True)
class OutputScan:
    """What :func:`scan_output` found in an existing output, before anything is changed."""

    done: set[str]  # ids of the successful records, each once
    kept: list[bytes]  # the lines to keep (successful records, the last of each id)
    dropped: int  # complete lines to drop: error records, unparsable lines, repeated ids
    end: int  # bytes up to the end of the last complete line; a torn line follows when < size
    size: int  # bytes in the file
    # (engine, model_path) of the kept records -> how many: what made them, whatever the options said
    makers: dict[tuple[Any, Any], int] = field(default_factory=dict)
    # (id, its "length" object) of the kept records: the length the options gave each summary
    lengths: list[tuple[str, Any]] = field(default_factory=list)


def scan_output(path: Path) -> OutputScan:
    """Read an existing output for resuming, without changing it (see :func:`repair_output`).
    Of two successful records of one id the later is kept, as ``summarize-eval`` reads them."""
    if not path.exists():
        return OutputScan(set(), [], 0, 0, 0)
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    latest: dict[str, tuple[bytes, tuple[Any, Any], Any]] = {}  # id -> line, maker, length (first seen first)
    dropped = 0
    for number, raw in enumerate(data[:end].splitlines(), start=1):
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            log.warning("%s:%d: unreadable line dropped", path, number)
            dropped += 1
            continue
        ident = record.get("id") if isinstance(record, dict) else None
        if not isinstance(ident, str) or "error" in record:
            dropped += 1
            continue
        if ident in latest:
            log.warning("%s:%d: repeated id %r; the later record is kept", path, number, ident)
            dropped += 1
        latest[ident] = (raw, (record.get("engine"), record.get("model_path")), record.get("length"))
    makers: dict[tuple[Any, Any], int] = {}
    for _, maker, _ in latest.values():
        makers[maker] = makers.get(maker, 0) + 1
    return OutputScan(set(latest), [raw for raw, _, _ in latest.values()], dropped, end, len(data), makers,
                      [(ident, length) for ident, (_, _, length) in latest.items()])


def repair_output(path: Path, scan: OutputScan) -> None:
    """Make the output :func:`scan_output` read consistent for resuming: a torn last line (no
    final newline) is cut off with ``truncate``; when complete lines must go too (error records,
    unparsable lines, repeated ids) the kept lines are written to a temporary file that
    atomically replaces the original."""
    from .fileio import replace_atomically

    if scan.end < scan.size:
        log.warning("%s: dropping a torn last line (%d bytes)", path, scan.size - scan.end)
    try:
        if scan.dropped:
            log.info("%s: %d error or unreadable records dropped; those clusters run again", path, scan.dropped)
            replace_atomically(path, b"".join(line + b"\n" for line in scan.kept))
        elif scan.end < scan.size:
            with open(path, "r+b") as handle:
                handle.truncate(scan.end)
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputError(f"cannot repair {str(path)!r} for resuming: {exc.strerror or exc}") from exc


def recover_output(path: Path) -> set[str]:
    """Make an existing output file consistent for resuming (:func:`scan_output`, then
    :func:`repair_output`); return the ids done successfully."""
    scan = scan_output(path)
    repair_output(path, scan)
    return scan.done


class RecordWriter:
    """Appends one JSON record per line; each line is one ``os.write`` (no user-space buffer).

    The file is opened (and, without ``resume``, truncated) at the first write or at
    :meth:`ensure_open`, so a run that fails before producing anything leaves an existing
    output untouched."""

    def __init__(self, path: Path, *, truncate: bool, on_open: Callable[[], None] | None = None) -> None:
        self.path = path
        self._truncate = truncate
        self._on_open = on_open  # called once, just before the file is opened
        self._fd: int | None = None

    def ensure_open(self) -> int:
        if self._fd is not None:
            return self._fd
        if self._on_open is not None:
            self._on_open()
            self._on_open = None
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if self._truncate else 0)
        try:
            self._fd = os.open(self.path, flags, NEW_FILE_MODE)
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {exc.strerror or exc}") from exc
        return self._fd

    def write(self, record: dict[str, Any]) -> None:
        fd = self.ensure_open()
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            written = os.write(fd, line)
            while written < len(line):  # a partial write (rare: signals, full pipes) continues the same line
                written += os.write(fd, line[written:])
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


OPTIONS_SUFFIX = ".options.json"  # the sidecar beside a batch output that records its options
# The sidecar's record of the tool version that wrote the records (not an option: a resume by
# another version is warned about, not refused).
VERSION_KEY = "summarizer_version"
# Options that change speed, not results: left out of the resume comparison.
RESULT_NEUTRAL_OPTIONS = ("model.threads",)
# Options the resume compares by what the records say they resolved to (check_resume_engine: the
# model folder), not as written: "--model tiny" and "--model /abs/path/tiny" are one model.
CHECKED_BY_RECORDS = ("model.model",)


def options_path(output: Path) -> Path:
    return output.with_name(output.name + OPTIONS_SUFFIX)


def options_record(options: SummarizeOptions) -> dict[str, Any]:
    """The options as flat ``section.field`` keys (JSON values), result-neutral ones left out."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        else:
            flat[prefix] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)

    walk("", asdict(options))
    for key in RESULT_NEUTRAL_OPTIONS:
        flat.pop(key, None)
    return flat


def check_resume_options(output: Path, options: SummarizeOptions, done: set[str]) -> None:
    """Refuse to resume a file whose records were made with other options (see module doc)."""
    if not done:
        return
    sidecar = options_path(output)
    try:
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("%s has no %s: the options of its %d records cannot be checked", output.name, sidecar.name, len(done))
        return
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot read {str(sidecar)!r}: {exc}") from exc
    if not isinstance(recorded, dict):
        raise OutputError(f"cannot read {str(sidecar)!r}: not the JSON object of a run's options")
    version = recorded.pop(VERSION_KEY, None)
    if version != __version__:
        log.warning("%s was written by summarizer %s; this is %s: its %d records and the new ones may differ "
                    "beyond the options", output.name, version or "(a version that did not record itself)",
                    __version__, len(done))
    current = options_record(options)
    # An option the sidecar does not name is newer than the run that wrote it; new options
    # default to the behaviour from before they existed, so the default stands in for it.
    recorded = {**options_record(DEFAULT_OPTIONS), **recorded}
    changed = sorted(k for k in set(recorded) | set(current)
                     if recorded.get(k) != current.get(k) and k not in CHECKED_BY_RECORDS)
    if changed:
        shown = ", ".join(f"{k} {recorded.get(k)!r} -> {current.get(k)!r}" for k in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        raise BadOptionError(
            f"cannot resume {str(output)!r} with other options ({shown}{more}); "
            "rerun with the same options, or without --resume to start over"
        )


def planned_maker(options: SummarizeOptions) -> tuple[str, str | None]:
    """(engine, model folder) a run with ``options`` will use: ``auto`` resolved as
    ``pipeline.select_engine`` resolves it, without loading anything."""
    from .errors import ModelNotFoundError
    from .models import resolve_model

    if options.engine == "extractive":
        return "extractive", None
    try:
        resolved = resolve_model(options.model.model, allow_pickle=options.model.allow_pickle)
    except ModelNotFoundError:
        if options.engine == "auto":
            return "extractive", None
        raise
    return "vit5", str(resolved.path)


def check_resume_engine(output: Path, options: SummarizeOptions, makers: dict[tuple[Any, Any], int]) -> None:
    """Refuse to resume a file whose records another engine or model folder made: the same
    options can mean another engine (``auto`` finds a model that was not there before, or
    another folder under the same name), and a file without its options record has only this."""
    if not makers:
        return
    planned = planned_maker(options)
    other = sorted(((m, n) for m, n in makers.items() if tuple(m) != planned), key=lambda item: -item[1])
    if other:
        (engine, model_path), count = other[0]
        made = f"{engine} engine" + (f" ({model_path})" if model_path else "")
        now = f"{planned[0]} engine" + (f" ({planned[1]})" if planned[1] else "")
        raise BadOptionError(
            f"cannot resume {str(output)!r}: {count} of its records were made by the {made}, and this run "
            f"would use the {now}; rerun with the same engine and model, or without --resume to start over"
        )


def check_resume_lengths(output: Path, options: SummarizeOptions, lengths: list[tuple[str, Any]]) -> None:
    """Refuse to resume a file whose records had another length than this run's options give
    them (``length``: the budget and what set it, the sentence cap): the records carry it, so
    this holds without the options file too (a file copied elsewhere, a CI artifact)."""
    for ident, length in lengths:
        if not isinstance(length, dict) or not isinstance(length.get("input"), int):
            continue  # a record from before lengths were recorded, or another tool's
        if length.get("unit") == "syllables":
            budget, limited_by = options.extractive.budget(length["input"])
            wanted = {"budget": budget, "limited_by": limited_by, "max_sentences": options.max_sentences}
        elif length.get("unit") == "tokens":
            wanted = {"budget": options.generation.max_new_tokens, "max_sentences": options.max_sentences}
        else:
            continue
        differs = [k for k, v in wanted.items() if length.get(k) != v]
        if differs:
            shown = ", ".join(f"{k} {length.get(k)!r} -> {wanted[k]!r}" for k in differs)
            raise BadOptionError(
                f"cannot resume {str(output)!r}: its record {ident!r} had another length ({shown}); "
                "rerun with the options it was made with (--max-words, --max-share, --max-sentences, "
                "--max-new-tokens), or without --resume to start over"
            )


def write_options(output: Path, options: SummarizeOptions) -> None:
    """Record the run's options beside ``output`` (``write_atomic`` raises OutputError itself)."""
    from .fileio import write_atomic

    record = {**options_record(options), VERSION_KEY: __version__}
    write_atomic(options_path(output), json.dumps(record, indent=2, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------------------------
# One cluster


def error_record(cluster_id: str, message: str) -> dict[str, Any]:
    return {"id": cluster_id, "error": " ".join(str(message).split()) or "unknown error"}


def summarize_entry(entry: ClusterEntry, options: SummarizeOptions, engine: Any, notices: tuple[str, ...]) -> dict[str, Any]:
    """Summarize one cluster into its record; every failure becomes an error record."""
    from .pipeline import summarize

    try:
        source = entry.path if entry.offset is None else read_jsonl_cluster(entry)
        result = summarize(source, options, engine=engine)
    except SummarizerError as exc:
        return error_record(entry.id, str(exc))
    except Exception as exc:  # a bug in one cluster must not end the batch; the traceback is logged
        log.exception("cluster %s: unexpected error", entry.id)
        return error_record(entry.id, f"internal error: {type(exc).__name__}: {exc}")
    if notices:
        result = replace(result, warnings=tuple(notices) + tuple(result.warnings))
    return {"id": entry.id, **result.to_dict()}


def load_engine(options: SummarizeOptions) -> tuple[Any, tuple[str, ...]]:
    from .pipeline import select_engine

    return select_engine(options)


# Per-worker-process state, set once by the pool initializer.
_WORKER: dict[str, Any] = {}


def _init_worker(options: SummarizeOptions, log_level: int, log_queue: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent, which drains the workers
    if options.model.threads is not None:  # before numpy / torch load in this fresh process
        for name in THREAD_ENV_VARS:
            os.environ.setdefault(name, str(options.model.threads))
    logger = logging.getLogger("summarizer")
    logger.setLevel(log_level)
    logger.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    logger.propagate = False
    _WORKER["options"] = options
    try:
        _WORKER["engine"], _WORKER["notices"] = load_engine(options)
    except SummarizerError as exc:  # reported to the parent with the first task, which ends the run
        _WORKER["fatal"] = exc


def _worker_task(entry: ClusterEntry) -> tuple[str, Any]:
    fatal = _WORKER.get("fatal")
    if fatal is not None:
        return "fatal", fatal
    return "record", summarize_entry(entry, _WORKER["options"], _WORKER["engine"], _WORKER["notices"])


# ---------------------------------------------------------------------------------------------
# The run


class ProgressSink(Protocol):
    def start(self, total: int, already_done: int) -> None: ...

    def advance(self, record: dict[str, Any]) -> None: ...


@dataclass
class BatchReport:
    output: Path
    selected: int  # clusters in the selection (after shard and limit)
    already_done: int = 0  # of those, skipped because the output already had them (resume)
    succeeded: int = 0
    failed_ids: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failed_ids)

    @property
    def processed(self) -> int:
        return self.succeeded + self.failed

    @property
    def rate(self) -> float:
        """Clusters per second over this run's wall time."""
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return INTERRUPTED_EXIT
        return BATCH_PARTIAL_FAILURE_EXIT if self.failed_ids else 0


class _StopFlag:
    """First Ctrl-C: ask the run to stop after the current cluster(s). Second: stop now."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> "_StopFlag":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        log.warning("interrupted: finishing the cluster(s) in progress; press Ctrl-C again to stop at once")

    def __exit__(self, *exc: Any) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def _input_files(entries: Sequence[ClusterEntry]) -> Iterator[Path]:
    """Every file a run over ``entries`` may read: a JSON Lines archive, or each cluster folder's
    files at any depth (``--recursive`` may be set)."""
    from .documents import input_files

    yield from {e.path for e in entries if e.offset is not None}
    yield from input_files([e.path for e in entries if e.offset is None], recursive=True)


def run_batch(
    root: str | Path,
    output: str | Path,
    options: SummarizeOptions = DEFAULT_OPTIONS,
    *,
    workers: int = 1,
    shard: tuple[int, int] | None = None,
    limit: int | None = None,
    resume: bool = False,
    progress: ProgressSink | None = None,
) -> BatchReport:
    """Summarize the clusters under ``root`` into JSON Lines at ``output`` (see module doc).

    Raises SummarizerError subclasses for run-level problems (missing root, unwritable output,
    bad options, a model that cannot load); per-cluster failures are error records.
    """
    if workers < 1:
        raise BadOptionError(f"invalid workers {workers!r}; it must be >= 1")
    if limit is not None and limit < 1:
        raise BadOptionError(f"invalid limit {limit!r}; it must be >= 1")
    if shard is not None:
        parse_shard(f"{shard[0]}/{shard[1]}")
    from .fileio import check_writable, exclusive_lock, output_target

    output = check_writable(output)
    target = output_target(output)
    if target.exists() and not target.is_file():
        raise OutputError(f"cannot write {str(output)!r}: not a regular file (a run locks its output, "
                          "and --resume reads it back)")
    with exclusive_lock(output):
        return _run_batch_locked(root, output, options, workers=workers, shard=shard, limit=limit, resume=resume,
                                 progress=progress)


def _run_batch_locked(
    root: str | Path,
    output: Path,
    options: SummarizeOptions,
    *,
    workers: int,
    shard: tuple[int, int] | None,
    limit: int | None,
    resume: bool,
    progress: ProgressSink | None,
) -> BatchReport:
    """:func:`run_batch` once the options are checked and the output is locked for this run."""
    from .fileio import check_not_an_input

    entries = list_clusters(root)
    check_not_an_input(output, _input_files(entries))
    selection = select_clusters(entries, shard=shard, limit=limit)
    scan = scan_output(output) if resume else None
    done = scan.done if scan is not None else set()
    check_resume_options(output, options, done)  # before the repair: a refused resume changes nothing
    if scan is not None:
        check_resume_engine(output, options, scan.makers)
        check_resume_lengths(output, options, scan.lengths)
        repair_output(output, scan)
    todo = [e for e in selection if e.id not in done]
    report = BatchReport(output=output, selected=len(selection), already_done=len(selection) - len(todo))
    if progress is not None:
        progress.start(len(selection), report.already_done)
    log.info("%d clusters selected, %d already done, %d to run", len(selection), report.already_done, len(todo))
    writer = RecordWriter(output, truncate=not resume, on_open=lambda: write_options(output, options))
    started = time.perf_counter()

    def accept(record: dict[str, Any]) -> None:
        writer.write(record)
        if "error" in record:
            report.failed_ids.append(record["id"])
            log.warning("cluster %s failed: %s", record["id"], record["error"])
        else:
            report.succeeded += 1
        if progress is not None:
            progress.advance(record)

    try:
        with _StopFlag() as stop:
            try:
                if todo and workers == 1:
                    _run_serial(todo, options, accept, stop)
                elif todo:
                    _run_parallel(todo, options, workers, accept, stop)
            except KeyboardInterrupt:  # second Ctrl-C, or raised by a progress callback
                stop.requested = True
            report.interrupted = stop.requested and report.processed < len(todo)
        writer.ensure_open()  # an empty selection still leaves a (possibly empty) output file
    finally:
        writer.close()
        report.seconds = time.perf_counter() - started
    return report


def _run_serial(todo: list[ClusterEntry], options: SummarizeOptions, accept: Any, stop: _StopFlag) -> None:
    engine, notices = load_engine(options)
    for entry in todo:
        if stop.requested:
            return
        accept(summarize_entry(entry, options, engine, notices))


def _worker_options(options: SummarizeOptions, workers: int) -> SummarizeOptions:
    """Split the CPU cores between workers unless the user chose a thread count (the value also
    caps each worker's native thread pools, see THREAD_ENV_VARS)."""
    if options.model.threads is not None:
        return options
    threads = max(1, (os.cpu_count() or 1) // workers)
    return options.with_changes(model__threads=threads)


class _ParentLog(logging.Handler):
    """Hands a worker's log record to the parent's logger of the same name (and its handlers)."""

    def emit(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _run_parallel(todo: list[ClusterEntry], options: SummarizeOptions, workers: int, accept: Any, stop: _StopFlag) -> None:
    import multiprocessing

    context = multiprocessing.get_context(MP_START_METHOD)
    level = logging.getLogger("summarizer").getEffectiveLevel()
    log_queue = context.Queue()
    listener = logging.handlers.QueueListener(log_queue, _ParentLog())
    listener.start()
    try:
        _run_pool(todo, options, workers, accept, stop, context, level, log_queue)
    finally:
        listener.stop()  # drains what the workers logged before they ended


def _run_pool(todo: list[ClusterEntry], options: SummarizeOptions, workers: int, accept: Any, stop: _StopFlag,
              context: Any, level: int, log_queue: Any) -> None:
    pending = list(reversed(todo))  # pop() takes them in sorted order
    running: set[Future] = set()
    cluster_of: dict[Future, str] = {}
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(_worker_options(options, workers), level, log_queue),
    ) as pool:
        try:
            while pending or running:
                while pending and not stop.requested and len(running) < workers + EXTRA_IN_FLIGHT:
                    entry = pending.pop()
                    future = pool.submit(_worker_task, entry)
                    cluster_of[future] = entry.id
                    running.add(future)
                if not running:
                    break
                finished, running = wait(running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                broken: list[str] = []  # the clusters whose futures a dead worker broke
                for future in finished:
                    cluster = cluster_of.pop(future)  # a done future holds its record: let it go
                    try:
                        kind, payload = future.result()
                    except BrokenProcessPool:
                        broken.append(cluster)
                        continue
                    if kind == "fatal":
                        raise payload
                    accept(payload)  # records that made it are written before the run stops
                if broken:
                    suspects = sorted([*broken, *(cluster_of[f] for f in running)])
                    shown = ", ".join(suspects[:MAX_SUSPECTS_SHOWN]) + (", …" if len(suspects) > MAX_SUSPECTS_SHOWN else "")
                    raise WorkerDiedError(
                        f"a worker process died (killed, or out of memory?) while summarizing one of: {shown}; "
                        "the records written so far are kept: rerun with --resume, leaving that cluster out if it "
                        "happens again"
                    )
        except BaseException:
            # Stop now: drop queued clusters and end the workers (their clusters are not written).
            processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before 3.14
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            raise
