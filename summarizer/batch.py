"""Summarize every cluster of an archive into a JSON Lines file, robustly.

One line per cluster: ``{"id": <folder name>, **SummaryResult.to_dict()}`` or, for a cluster that
failed, ``{"id": ..., "error": <one-line message>}``. The root is a folder of cluster folders, a ViMs
root, or a JSON Lines archive of one cluster a line (its ``id``, or ``line-N``; see
:mod:`summarizer.corpus`). Guarantees:

* each line is written with one ``write`` call on an unbuffered append-only descriptor (so it is
  flushed as soon as it is written); the file is fsynced at the end;
* a failing cluster (bad encoding, empty folder, model error, even a bug) becomes an error record
  and the run goes on; the run logs one line for it (a warning), and the traceback of an
  unexpected exception only at debug level (``--verbose``);
* a record that cannot be written becomes its cluster's error record too: a name that is not
  valid UTF-8 (a folder or file named on another system) is written with each undecodable byte
  as ``\\xNN`` (:func:`representable`; the cluster's id is that spelling, which ``resume`` and
  ``exclude`` compare with), and any other failure to serialise is that cluster's error;
* ``resume=True`` keeps the successful records already in the file (ids in NFC), drops a torn
  last line left by a crash and the error records of the clusters it selects (those clusters are
  tried again; the failure of one it leaves out stays), and skips clusters already done.
  A file that does not read as this tool's output (no record at all, or a line that is not one
  before the last line) is refused before anything changes (:func:`scan_output`);
* Ctrl-C stops scheduling new clusters, finishes and writes the ones in progress, then returns
  with ``interrupted=True`` (the CLI exits with INTERRUPTED_EXIT); a second Ctrl-C stops at once,
  which can at worst leave a torn last line for ``resume`` to drop. SIGTERM does the same
  (``terminated=True``, TERMINATED_EXIT);
* ``workers > 1`` runs clusters in that many processes, each loading the engine (and model) once
  in its initializer; records then arrive in completion order. Workers send their log records to
  the parent through a queue, so they come out through the parent's handlers (and above the
  progress bar) rather than straight onto the terminal. A worker whose parent is gone (killed
  outright) ends itself (:func:`_exit_with_parent`);
* one run at a time writes a file: the lock is taken on the resolved path and on the existing
  file itself, so a link to the output is no way around it (:func:`summarizer.fileio.output_lock`);
  an output the run would read back as a report (inside a cluster folder) is refused;
* the options of a run are kept beside the output (``options_path``: ``<output>.options.json``);
  ``resume=True`` refuses to add records made with other options to a file (BadOptionError naming
  the changed fields); the thread count is left out of the comparison, it does not change results,
  and an option the file's record lacks (added to the tool since) counts as its default; the
  record also names the tool version (``VERSION_KEY``), and a resume by another one is warned about.
  The file is written when a run starts its output (beside a link's target); a resume of records
  already there leaves it as it is, so it never vouches for records whose options went unchecked.

Selection order: clusters sorted by id -> shard (cluster ``k`` of the sorted list goes to shard
``k mod n + 1``) -> ``limit`` (the first N of the shard) -> minus ``exclude`` -> minus those already
done (resume). So ``--limit 10 --resume`` finishes the same 10 clusters an interrupted ``--limit 10``
run started, and excluding a cluster moves no other between shards.
"""

from __future__ import annotations

import errno
import json
import logging
import logging.handlers
import os
import re
import signal
import sys
import threading
import time
import unicodedata
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterator, Mapping, Protocol, Sequence

from . import __version__
from .corpus import (
    ClusterEntry, is_failure, list_clusters, normalize_id, read_jsonl_cluster, representable, representable_value,
)
from .errors import (
    BATCH_PARTIAL_FAILURE_EXIT,
    INTERRUPTED_EXIT,
    TERMINATED_EXIT,
    BadOptionError,
    OutputError,
    SummarizerError,
    WorkerDiedError,
)
from .fileio import NEW_FILE_MODE, lock_open_file
from .json_input import MalformedJSON, parse_json
from .options import DEFAULT_OPTIONS, MAX_WORKERS, SummarizeOptions

log = logging.getLogger("summarizer.batch")

POLL_SECONDS = 0.2  # how often the parallel loop checks for Ctrl-C while waiting for results
EXTRA_IN_FLIGHT = 1  # clusters queued per pool beyond one per worker (keeps workers busy)
MAX_SUSPECTS_SHOWN = 8  # clusters named when a worker dies (those in flight: one of them killed it)
MP_START_METHOD = "spawn"  # fresh interpreters: no inherited torch threads or locks
# Native thread pools (numpy's BLAS, OpenMP) a worker is limited to, unless the user set them:
# N workers each running a pool sized for every core oversubscribe the CPU (measured: 2 workers on
# 2 cores ran no faster than 1 until their BLAS pools were limited).
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
SHARD_PATTERN = re.compile(r"[0-9]+/[0-9]+")  # --shard i/n: ASCII digits only, nothing around them
PARENT_CHECK_SECONDS = 1.0  # how often a worker checks that the batch process that started it lives
ORPHANED_WORKER_EXIT = 1  # a worker's exit status once its parent is gone (nobody reads it)
PR_SET_PDEATHSIG = 1  # Linux prctl(2): the signal a process gets when its parent ends
MAX_LEFT_OUT_SHOWN = 5  # entries of ROOT named in the warning about those that are not cluster folders
MAX_BAD_LINES_SHOWN = 3  # lines named when --resume refuses an output that is not this tool's


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/n"`` -> ``(i, n)`` with 1 <= i <= n; BadOptionError otherwise. Only ASCII digits
    (:data:`SHARD_PATTERN`): ``int`` alone would take ``1_0``, ``+1``, spaces and other scripts'
    digits, which a CI matrix never means and which may hide a templating mistake."""
    if not SHARD_PATTERN.fullmatch(text):
        raise BadOptionError(f"invalid shard {text!r}; use i/n with whole numbers, e.g. 1/4")
    index, count = (int(part) for part in text.split("/"))
    if count < 1 or not 1 <= index <= count:
        raise BadOptionError(f"invalid shard {text!r}; i must be in 1..n and n >= 1")
    return index, count


def _whole_number(name: str, value: object, most: int | None = None) -> None:
    """BadOptionError unless ``value`` is a whole number of at least 1 (not a bool, not "2"), and
    at most ``most`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadOptionError(f"invalid {name} {value!r}; it must be a whole number >= 1")
    if value < 1:
        raise BadOptionError(f"invalid {name} {value!r}; it must be >= 1")
    if most is not None and value > most:
        raise BadOptionError(f"invalid {name} {value!r}; it must be at most {most}")



def _shard_value(shard: object) -> tuple[int, int]:
    """A library caller's shard: ``(i, n)`` of whole numbers, or the command line's ``"i/n"``."""
    if isinstance(shard, str):
        return parse_shard(shard)
    if (not isinstance(shard, tuple) or len(shard) != 2
            or any(isinstance(part, bool) or not isinstance(part, int) for part in shard)):
        raise BadOptionError(f"invalid shard {shard!r}; give (i, n) with whole numbers, or \"i/n\", e.g. (1, 4)")
    return parse_shard(f"{shard[0]}/{shard[1]}")


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

    done: set[str]  # ids of the successful records, each once, in NFC (``corpus.normalize_id``)
    kept: list[bytes]  # the lines to keep (successful records, the last of each id)
    dropped: int  # complete lines to drop: error records of clusters that run again, unparsable lines, repeated ids
    end: int  # bytes up to the end of the last complete line; a torn line follows when < size
    size: int  # bytes in the file
    # (engine, model_path) of the kept records -> how many: what made them, whatever the options said
    makers: dict[tuple[Any, Any], int] = field(default_factory=dict)
    # (id, its "length" object) of the kept records: the length the options gave each summary
    lengths: list[tuple[str, Any]] = field(default_factory=list)
    # (id, its ViT5 settings: the packing strategy and the generation settings) of the kept records
    settings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # NFC id -> the report files a kept record read (its sources)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # NFC id -> the files a kept record names, read or skipped (its sources and its skipped)
    accounted: dict[str, frozenset[str]] = field(default_factory=dict)


def scan_output(path: Path, selected: Collection[str] | None = None) -> OutputScan:
    """Read an existing output for resuming, without changing it (see :func:`repair_output`).
    Of two successful records of one id the later is kept, as ``summarize-eval`` reads them; ids
    are compared in NFC (a folder macOS names in NFD is the cluster a record names in NFC). An
    error record is dropped, as its cluster runs again, unless ``selected`` (NFC ids) is given
    and leaves its cluster out (``--limit``, ``--shard``, ``--exclude``): then the last one is
    kept, when the cluster has no successful record, so that the failure stays on file.

    A record is a JSON object with a string ``id``. Only the last line may be something else (a
    line a crash tore, which is dropped): OutputError, before anything is changed, when a line
    before it is not a record, or when the file holds no record at all, since then it is not this
    tool's output (a notes file given as ``-o`` by mistake), and resuming would replace it.
    Blank lines are passed over."""
    if not path.exists():
        return OutputScan(set(), [], 0, 0, 0)
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    lines = data[:end].split(b"\n")[:-1]  # the complete lines; a torn one may follow at data[end:]
    latest: dict[str, tuple[bytes, tuple[Any, Any], Any, dict[str, Any]]] = {}  # id -> line, maker, length, settings
    files: dict[str, tuple[str, ...]] = {}  # id -> the files its record read
    accounted: dict[str, frozenset[str]] = {}  # id -> the files its record names, read or skipped
    failures: dict[str, bytes] = {}  # NFC id -> the last error record of a cluster this run leaves out
    dropped = 0
    records = 0
    bad: list[int] = []  # numbers of the complete lines that are not records
    last = max((n for n, raw in enumerate(lines, start=1) if raw.strip()), default=0)  # the last non-blank line
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            dropped += 1
            continue
        record = _parse_record(raw)
        if record is None:
            bad.append(number)
            dropped += 1
            continue
        records += 1
        ident = normalize_id(record["id"])
        if is_failure(record):
            if selected is not None and ident not in selected:
                if ident in failures:
                    dropped += 1  # an earlier error record of it goes
                failures[ident] = raw
            else:
                dropped += 1
            continue
        if ident in latest:
            log.warning("%s:%d: repeated id %r; the later record is kept", path, number, record["id"])
            dropped += 1
        latest[ident] = (raw, (record.get("engine"), record.get("model_path")), record.get("length"),
                         generation_settings(record))
        files[ident] = _named_files(record)
        accounted[ident] = frozenset((*files[ident], *_named_files(record, "skipped")))
    torn = data[end:]
    _check_is_batch_output(path, bad=bad, last=last if not torn.strip() else None, records=records, torn=torn)
    for number in bad:  # the last line only: _check_is_batch_output refused any other
        log.warning("%s:%d: unreadable last line dropped", path, number)
    makers: dict[tuple[Any, Any], int] = {}
    for _, maker, _, _ in latest.values():
        makers[maker] = makers.get(maker, 0) + 1
    superseded = failures.keys() & latest.keys()  # a successful record of the cluster stands
    dropped += len(superseded)
    failed = [raw for ident, raw in failures.items() if ident not in superseded]
    return OutputScan(set(latest), [raw for raw, _, _, _ in latest.values()] + failed, dropped, end, len(data), makers,
                      [(ident, length) for ident, (_, _, length, _) in latest.items()],
                      [(ident, settings) for ident, (_, _, _, settings) in latest.items() if settings], files,
                      accounted)


def _named_files(record: dict[str, Any], key: str = "sources") -> tuple[str, ...]:
    """The files a record names under ``key``, as written: the reports it read (``sources``), or
    those it skipped (``skipped``: a broken link, a pipe, a hidden folder are no files to look
    for, but they account for what its folder holds)."""
    items = record.get(key)
    named = [item.get("file") for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    return tuple(name for name in named if isinstance(name, str))


def check_resume_root(output: Path, entries: Sequence[ClusterEntry], files: Mapping[str, tuple[str, ...]],
                      accounted: Mapping[str, frozenset[str]] | None = None, *, recursive: bool = False) -> None:
    """Refuse to resume a file whose record of a selected cluster names a report file that the
    cluster's folder does not hold: it was made from another root with the same ids ("Cluster_001"
    of another corpus), or the folder changed since, and either way it is not this cluster's
    summary. Likewise when the folder holds a report file (a visible file with a report suffix,
    below visible folders with ``recursive``) that the record names neither among its sources nor
    among its skipped files (``accounted``): a report added since, which the summary leaves out.
    Names escaped as not UTF-8 (``\\xNN``) and clusters of a JSON Lines archive are not
    looked for."""
    for entry in entries:
        ident = normalize_id(entry.id)
        named = files.get(ident, ())
        if entry.offset is not None or not named:
            continue
        missing = next((name for name in named if "\\x" not in name and not (entry.path / name).is_file()), None)
        if missing is not None:
            raise BadOptionError(
                f"cannot resume {str(output)!r}: its record {entry.id!r} names the report {missing!r}, which "
                f"{representable(str(entry.path))!r} does not hold: it was made from another root, or the cluster "
                "changed since; rerun without --resume to start over"
            )
        known = accounted.get(ident) if accounted is not None else None
        if known is None or any("\\x" in name for name in known):
            continue
        added = next((relative for relative in _report_names(entry.path, recursive) if relative not in known), None)
        if added is not None:
            raise BadOptionError(
                f"cannot resume {str(output)!r}: {representable(str(entry.path))!r} holds the report {added!r}, which "
                f"its record {entry.id!r} does not name: the cluster changed since; rerun without --resume to "
                "start over"
            )


def _report_names(folder: Path, recursive: bool) -> list[str]:
    """The relative names of the visible files with a report suffix that reading ``folder``
    meets (``documents.list_files``); none when it cannot be read (the run says so itself)."""
    from .documents import REPORT_SUFFIXES, list_files

    try:
        found, _ = list_files(folder, recursive)
    except SummarizerError:
        return []
    return [relative for relative, _ in found
            if not any(part.startswith(".") for part in relative.split("/")) and relative.lower().endswith(REPORT_SUFFIXES)]


# A ViT5 record's settings that a resume compares with the run's (``check_resume_generation``):
# (the record's path to it, the option's dotted name). The minimum of new tokens is left out: a
# short input lowers it, so records of one run differ in it.
GENERATION_SETTINGS = (
    (("packing", "strategy"), "model.strategy"),
    (("generation", "summary", "num_beams"), "generation.num_beams"),
    (("generation", "summary", "no_repeat_ngram_size"), "generation.no_repeat_ngram_size"),
    (("generation", "summary", "length_penalty"), "generation.length_penalty"),
    (("generation", "headline", "num_beams"), "headline.num_beams"),
    (("generation", "headline", "num_return_sequences"), "headline.num_candidates"),
    (("generation", "headline", "max_new_tokens"), "headline.max_new_tokens"),
    (("generation", "headline", "length_penalty"), "headline.length_penalty"),
)


def _at(data: Any, path: Sequence[str]) -> Any:
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def generation_settings(record: dict[str, Any]) -> dict[str, Any]:
    """The ViT5 settings a record states (``GENERATION_SETTINGS``, by the options' dotted name);
    empty for an extractive record or one from before they were recorded."""
    return {name: value for path, name in GENERATION_SETTINGS if (value := _at(record, path)) is not None}


def _parse_record(raw: bytes) -> dict[str, Any] | None:
    """The record on an output line (a JSON object with a string ``id``), or None."""
    try:
        record = parse_json(raw, encoding="utf-8")
    except MalformedJSON:
        return None
    return record if isinstance(record, dict) and isinstance(record.get("id"), str) else None


def _check_is_batch_output(path: Path, *, bad: list[int], last: int | None, records: int, torn: bytes) -> None:
    """Refuse to resume ``path`` when it does not read as this tool's output (see
    :func:`scan_output`): ``bad`` are the complete lines that are not records, ``last`` the
    number of the last line when it is complete (None: a torn line follows), ``records`` how
    many records there are, ``torn`` what follows the last newline. A file that holds only a
    torn line is resumed (a crash during its first record) when that line starts as a record
    does (``{``); blank lines alone are an empty output."""
    early = [n for n in bad if n != last]
    if early:
        shown = ", ".join(map(str, early[:MAX_BAD_LINES_SHOWN])) + (", …" if len(early) > MAX_BAD_LINES_SHOWN else "")
        raise OutputError(
            f"cannot resume {str(path)!r}: line{'s' if len(early) > 1 else ''} {shown} "
            f"{'are' if len(early) > 1 else 'is'} not a summarize-batch record (a JSON object with an \"id\"), "
            "and only the last line, which a crash can leave torn, is dropped; if the file is this tool's output, "
            "remove those lines and resume again, else choose another output"
        )
    if not records and (bad or (torn.strip() and not torn.lstrip().startswith(b"{"))):
        raise OutputError(
            f"cannot resume {str(path)!r}: it holds no summarize-batch record (JSON objects with an \"id\", "
            "one a line), so it is not this tool's output; choose another output, or delete the file to start over"
        )


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
            try:
                self._fd = os.open(self.path, flags | os.O_EXCL, NEW_FILE_MODE)
                created = True
            except FileExistsError:  # an existing output: fileio.output_lock holds its inode already
                self._fd = os.open(self.path, flags, NEW_FILE_MODE)
                created = False
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {exc.strerror or exc}") from exc
        if created:
            lock_open_file(self._fd, self.path)
        return self._fd

    def write(self, line: bytes) -> None:
        """Append ``line`` (one record and its newline, :func:`encode_record`)."""
        fd = self.ensure_open()
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
    """The options file beside ``output``: ``<name>.options.json``, shortened with a hash for a
    name too long to take the suffix (``fileio.sibling_path``); beside the target of a link, so
    that every name of one file finds its one options file."""
    from .fileio import output_target, sibling_path

    return sibling_path(output_target(output), OPTIONS_SUFFIX)  # beside the file a link leads to, as its lock


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
    # the minimum that applies, not None for "the default": as older runs recorded it
    flat["generation.min_new_tokens"] = options.generation.effective_min_new_tokens
    for key in RESULT_NEUTRAL_OPTIONS:
        flat.pop(key, None)
    return flat


def check_resume_options(output: Path, options: SummarizeOptions, done: set[str]) -> None:
    """Refuse to resume a file whose records were made with other options (see module doc)."""
    if not done:
        return
    sidecar = options_path(output)
    if not sidecar.exists():
        from .fileio import sibling_path

        beside_link = sibling_path(output, OPTIONS_SUFFIX)  # where earlier runs put a linked output's
        sidecar = beside_link if beside_link.exists() else sidecar
    try:
        recorded = parse_json(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("%s has no %s: the options of its %d records cannot be checked", output.name, sidecar.name, len(done))
        return
    except (OSError, ValueError) as exc:  # MalformedJSON, UnicodeDecodeError: ValueErrors
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
        if engine is None:  # a record of another tool, or edited by hand
            made = f"{count} of its records do not say which engine made them (no \"engine\" key)"
        else:
            made = (f"{count} of its records were made by the {engine} engine"
                    + (f" ({model_path})" if model_path else ""))
        now = f"{planned[0]} engine" + (f" ({planned[1]})" if planned[1] else "")
        raise BadOptionError(
            f"cannot resume {str(output)!r}: {made}, and this run "
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


def _option(options: SummarizeOptions, dotted: str) -> Any:
    value: Any = options
    for name in dotted.split("."):
        value = getattr(value, name)
    return value


def check_resume_generation(output: Path, options: SummarizeOptions, settings: list[tuple[str, dict[str, Any]]]) -> None:
    """Refuse to resume a file whose ViT5 records were made with another packing strategy or
    other generation settings than this run's: the records carry them, so this holds without the
    options file too, as :func:`check_resume_lengths` does for the length."""
    for ident, stated in settings:
        differs = [(name, value, wanted) for name, value in stated.items() if (wanted := _option(options, name)) != value]
        if differs:
            shown = ", ".join(f"{name} {value!r} -> {wanted!r}" for name, value, wanted in differs[:3])
            raise BadOptionError(
                f"cannot resume {str(output)!r}: its record {ident!r} was made with other ViT5 settings ({shown}); "
                "rerun with the options it was made with, or without --resume to start over"
            )


def write_options(output: Path, options: SummarizeOptions) -> None:
    """Record the run's options beside ``output`` (``write_atomic`` raises OutputError itself)."""
    from .fileio import write_atomic

    record = {**options_record(options), VERSION_KEY: __version__}
    write_atomic(options_path(output), json.dumps(record, indent=2, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------------------------
# One cluster


def _json_line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def encode_record(record: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """``record`` as its output line, and the record that line holds. A name with undecodable
    bytes anywhere in it (its id, a source's file name, a warning) is made :func:`representable`
    first; a record that still cannot be written (a value JSON has no form for: a bug) becomes its
    cluster's error record, so that one cluster never ends the run."""
    try:
        try:
            return record, _json_line(record)
        except UnicodeEncodeError:
            record = representable_value(record)
            return record, _json_line(record)
    except (TypeError, ValueError, RecursionError) as exc:
        failed = error_record(str(record.get("id")),
                              f"internal error: its record cannot be written: {type(exc).__name__}: {exc}")
        # one line, the run's "cluster ... failed" warning; the traceback with --verbose
        log.debug("cluster %s: its record cannot be written", failed["id"], exc_info=True)
        return failed, _json_line(failed)


def error_record(cluster_id: str, message: str) -> dict[str, Any]:
    """A failed cluster's record: its id (:func:`representable`) and a one-line message."""
    return {"id": representable(cluster_id), "error": representable(" ".join(str(message).split()) or "unknown error")}


def summarize_entry(entry: ClusterEntry, options: SummarizeOptions, engine: Any, notices: tuple[str, ...]) -> dict[str, Any]:
    """Summarize one cluster into its record; every failure becomes an error record."""
    from .pipeline import summarize

    try:
        source = entry.path if entry.offset is None else read_jsonl_cluster(entry)
        result = summarize(source, options, engine=engine)
        if notices:
            result = replace(result, warnings=tuple(notices) + tuple(result.warnings))
        return {"id": entry.id, **result.to_dict()}
    except SummarizerError as exc:
        return error_record(entry.id, str(exc))
    except Exception as exc:  # a bug in one cluster must not end the batch
        # Its one line is the run's "cluster ... failed" warning, from its error record; the
        # traceback is a detail for --verbose, as for the other commands' internal errors.
        log.debug("cluster %s: unexpected error", representable(entry.id), exc_info=True)
        return error_record(entry.id, f"internal error: {type(exc).__name__}: {exc}")


def load_engine(options: SummarizeOptions) -> tuple[Any, tuple[str, ...]]:
    from .pipeline import select_engine

    return select_engine(options)


# Per-worker-process state, set once by the pool initializer.
_WORKER: dict[str, Any] = {}


def _exit_with_parent(parent_pid: int) -> None:
    """End this worker when the batch process that started it (``parent_pid``) is gone.

    A parent killed outright (SIGKILL, the OOM killer) runs no cleanup; its workers would sit
    idle for ever, reparented, holding their memory and the resource tracker's pipe (which keeps
    that process alive too). A daemon thread checks every PARENT_CHECK_SECONDS whether the
    parent changed (``os.getppid``: the orphan is adopted by init or a subreaper) and exits.
    On Linux the kernel is asked to SIGKILL the worker when its parent ends as well
    (``PR_SET_PDEATHSIG``), which also reaches a worker whose thread is stuck in native code
    holding the GIL; the thread stays for a parent that died before that request."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
        except (OSError, AttributeError) as exc:  # no C library to load, or no prctl in it
            log.debug("no parent-death signal: %s", exc)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(ORPHANED_WORKER_EXIT)  # nothing to flush: records go to the parent, which is gone

    threading.Thread(target=watch, name="summarizer-parent-watch", daemon=True).start()


def _init_worker(options: SummarizeOptions, log_level: int, log_queue: Any, parent_pid: int | None = None) -> None:
    """Set up a pool process: ``parent_pid`` (the batch process) is watched, see
    :func:`_exit_with_parent` (None: not, for a test calling this in its own process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent, which drains the workers
    # A worker that is sent SIGTERM (the pool shutting down, the whole process group terminated)
    # ends; a forked one would otherwise run the parent's handler, inherited with its memory.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if options.model.threads is not None:  # before numpy / torch load in this fresh process
        for name in THREAD_ENV_VARS:
            os.environ.setdefault(name, str(options.model.threads))
    logger = logging.getLogger("summarizer")
    logger.setLevel(log_level)
    logger.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    logger.propagate = False
    if parent_pid is not None:  # before the engine loads, which takes seconds
        _exit_with_parent(parent_pid)
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
    selected: int  # clusters in the selection (after shard, limit and --exclude)
    already_done: int = 0  # of those, skipped because the output already had them (resume)
    succeeded: int = 0
    failed_ids: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    terminated: bool = False  # interrupted by SIGTERM rather than Ctrl-C
    excluded: int = 0  # clusters of the shard and limit left out by --exclude

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
            return TERMINATED_EXIT if self.terminated else INTERRUPTED_EXIT
        return BATCH_PARTIAL_FAILURE_EXIT if self.failed_ids else 0


class _StopFlag:
    """First Ctrl-C or SIGTERM: ask the run to stop after the current cluster(s). Second (either):
    stop now. SIGTERM is what a cancelled CI job, ``docker stop``, ``timeout`` or a plain ``kill``
    sends; left to its default it would end the run without a word, and with ``--workers`` the
    pool with it, mid-record, so it is taken as the first Ctrl-C is (``signal`` says which came)."""

    HANDLED = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.requested = False
        self.signal: int | None = None  # the signal that asked to stop (None: none, or a progress callback)
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> "_StopFlag":
        if threading.current_thread() is threading.main_thread():
            for signum in self.HANDLED:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    @property
    def terminated(self) -> bool:
        return self.signal == signal.SIGTERM

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        self.signal = signum
        if signum == signal.SIGTERM:
            log.warning("terminated: finishing the cluster(s) in progress; a second SIGTERM or Ctrl-C stops at once")
        else:
            log.warning("interrupted: finishing the cluster(s) in progress; press Ctrl-C again to stop at once")

    def __exit__(self, *exc: Any) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)


def representable_ids(entries: Sequence[ClusterEntry]) -> list[ClusterEntry]:
    """``entries`` with :func:`representable` ids: the id a record is written with, which
    ``--resume`` and ``--exclude`` compare with. BadOptionError when two clusters come to one id
    (a folder named ``b"Vi\\xeat"`` beside one literally named ``Vi\\xeat``), as for two
    archive lines with one id: their records could not be told apart. So is a pair whose ids
    differ only in Unicode normalization (a folder macOS named in NFD beside one named in NFC):
    ``--resume`` and ``--exclude`` compare ids in NFC (``corpus.normalize_id``)."""
    named: dict[str, ClusterEntry] = {}
    out = []
    for entry in entries:
        ident = representable(entry.id)
        if ident != entry.id:
            entry = replace(entry, id=ident)
        other = named.setdefault(normalize_id(ident), entry)
        if other is not entry:
            why = ("(a name that is not UTF-8 is written with \\xNN escapes)" if other.id == ident else
                   "(the same letters, one name's accents composed and the other's not: ids are compared in NFC)")
            raise BadOptionError(f"clusters {_where(other)} and {_where(entry)} would both get the id "
                                 f"{unicodedata.normalize('NFC', ident)!r} {why}; rename one of them")
        out.append(entry)
    return out


def _where(entry: ClusterEntry) -> str:
    """A cluster as a message names it: its folder, or its archive line."""
    if entry.offset is None:
        return repr(representable(str(entry.path)))
    return f"on line {entry.line} of {representable(str(entry.path))!r}"


def _warn_about_left_out_entries(folders: Sequence[Path], output: Path) -> None:
    """Warn, once, about the visible entries of the cluster root that are not cluster folders
    (a file, a broken link, a link loop): each would otherwise be passed over in silence, with
    no record and no notice, though a link that no longer leads to its cluster is a cluster
    lost. Hidden entries (``.git``, ``.DS_Store``) and this run's own files (the output, its lock
    and options file, when written into the root) are not named."""
    from .fileio import lock_path

    if not folders:
        return  # a JSON Lines archive: every line is a cluster
    cluster_root = folders[0].parent
    own: set[str] = set()
    for name_of in (Path(output), Path(os.path.realpath(output))):
        if os.path.realpath(name_of.parent) == os.path.realpath(cluster_root):
            own |= {name_of.name, lock_path(name_of).name, options_path(name_of).name}
    clusters = {folder.name for folder in folders}
    try:
        names = sorted(os.listdir(cluster_root))
    except OSError as exc:  # list_clusters read it a moment ago
        log.debug("cannot list %s again: %s", cluster_root, exc.strerror or exc)
        return
    left = [f"{representable(name)} ({_not_a_cluster_folder(cluster_root / name)})" for name in names
            if not name.startswith(".") and name not in clusters and name not in own]
    if left:
        shown = ", ".join(left[:MAX_LEFT_OUT_SHOWN]) + (", …" if len(left) > MAX_LEFT_OUT_SHOWN else "")
        log.warning("%s: %d entr%s not a cluster folder and get%s no record: %s", representable(str(cluster_root)),
                    len(left), "ies are" if len(left) > 1 else "y is", "" if len(left) > 1 else "s", shown)


def _not_a_cluster_folder(path: Path) -> str:
    """What the root entry ``path``, which is not a folder, is (see _warn_about_left_out_entries)."""
    if path.is_symlink():
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a link loop"
            if exc.errno == errno.ENOENT:
                return "a broken link"
            return f"a link that cannot be followed: {exc.strerror or exc}"
        return "a link to a file"
    if path.is_file():
        return "a file"
    return "not a folder"


def _input_files(entries: Sequence[ClusterEntry]) -> Iterator[Path]:
    """Every file a run over ``entries`` may read: a JSON Lines archive, or each cluster folder's
    files at any depth (``--recursive`` may be set)."""
    from .documents import input_files

    yield from {e.path for e in entries if e.offset is not None}
    yield from input_files([e.path for e in entries if e.offset is None], recursive=True)


def run_batch(
    root: str | Path,
    output: str | Path,
    options: SummarizeOptions | None = DEFAULT_OPTIONS,
    *,
    workers: int = 1,
    shard: tuple[int, int] | str | None = None,
    limit: int | None = None,
    resume: bool = False,
    progress: ProgressSink | None = None,
    exclude: Collection[str] = (),
) -> BatchReport:
    """Summarize the clusters under ``root`` into JSON Lines at ``output`` (see module doc).
    ``exclude``: cluster ids to leave out of the selection (after shard and limit, as the ones
    done already are), say one that kills its worker each time.

    Raises SummarizerError subclasses for run-level problems (missing root, unwritable output,
    bad options, a model that cannot load); per-cluster failures are error records.
    """
    from .options import options_or_default

    options = options_or_default(options)
    _whole_number("workers", workers, MAX_WORKERS)
    if limit is not None:
        _whole_number("limit", limit)
    if shard is not None:
        shard = _shard_value(shard)
    if isinstance(exclude, str):
        exclude = (exclude,)  # one id, not its letters
    from .fileio import check_writable, descriptor_of, output_lock, output_target

    output = check_writable(output)
    target = output_target(output)
    if descriptor_of(output) is not None:  # /dev/stdout: a pipe, or a file opened by the shell for appending
        raise OutputError(f"cannot write {str(output)!r}: it names an open descriptor, not a file; give the "
                          "output file's own path (a run locks its output, and --resume reads it back)")
    if target.exists() and not target.is_file():
        raise OutputError(f"cannot write {str(output)!r}: not a regular file (a run locks its output, "
                          "and --resume reads it back)")
    with output_lock(output):  # the file written, whatever link or name leads to it
        return _run_batch_locked(root, output, options, workers=workers, shard=shard, limit=limit, resume=resume,
                                 progress=progress,
                                 exclude=frozenset(normalize_id(ident) for ident in exclude))  # NFC, as ids are compared


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
    exclude: frozenset[str],  # NFC ids (normalize_id)
) -> BatchReport:
    """:func:`run_batch` once the options are checked and the output is locked for this run."""
    from .documents import REPORT_SUFFIXES
    from .fileio import check_not_an_input, check_not_read_as_report

    entries = representable_ids(list_clusters(root))
    folders = [e.path for e in entries if e.offset is None]
    check_not_an_input(output, _input_files(entries))  # first: an existing report is named
    check_not_read_as_report(output, folders, recursive=options.recursive, suffixes=REPORT_SUFFIXES)
    selection = select_clusters(entries, shard=shard, limit=limit)
    kept = [e for e in selection if normalize_id(e.id) not in exclude]  # a folder macOS named in NFD matches what is typed
    excluded, selection = len(selection) - len(kept), kept
    scan = scan_output(output, {normalize_id(e.id) for e in selection}) if resume else None
    done = scan.done if scan is not None else set()
    check_resume_options(output, options, done)  # before the repair: a refused resume changes nothing
    if scan is not None:
        check_resume_engine(output, options, scan.makers)
        check_resume_lengths(output, options, scan.lengths)
        check_resume_generation(output, options, scan.settings)
        check_resume_root(output, selection, scan.files, scan.accounted, recursive=options.recursive)
        repair_output(output, scan)
    # Warnings after the checks, so that a refused run says one line:
    _warn_about_left_out_entries(folders, output)
    unknown = sorted(exclude - {normalize_id(e.id) for e in entries})
    if unknown:
        log.warning("--exclude: no cluster %s under %s", ", ".join(map(repr, unknown)), representable(str(root)))
    todo = [e for e in selection if normalize_id(e.id) not in done]
    report = BatchReport(output=output, selected=len(selection), already_done=len(selection) - len(todo),
                         excluded=excluded)
    if progress is not None:
        progress.start(len(selection), report.already_done)
    log.info("%d clusters selected, %d already done, %d to run", len(selection), report.already_done, len(todo))
    # The options file vouches for every record of the output: a resume of records made before this
    # run leaves it as it is (checked equal, or absent: then unchecked, and it stays so; a version
    # differing stays on record too).
    vouch = not done
    writer = RecordWriter(output, truncate=not resume, on_open=(lambda: write_options(output, options)) if vouch else None)
    started = time.perf_counter()

    def accept(record: dict[str, Any]) -> None:
        record, line = encode_record(record)
        writer.write(line)
        if is_failure(record):
            report.failed_ids.append(record["id"])
            log.warning("cluster %s failed: %s", record["id"], record["error"])
        else:
            report.succeeded += 1
        # a line per cluster for --verbose, where no progress bar shows it (a CI log, a file)
        log.info("cluster %s %s (%d of %d to run)", record["id"], "failed" if is_failure(record) else "done",
                 report.processed, len(todo))
        if progress is not None:
            progress.advance(record)

    try:
        with _StopFlag() as stop:
            try:
                if todo and workers == 1:
                    _run_serial(todo, options, accept, stop)
                elif todo:
                    _run_parallel(todo, options, workers, accept, stop)
            except KeyboardInterrupt:  # second Ctrl-C or SIGTERM, or raised by a progress callback
                stop.requested = True
            report.interrupted = stop.requested and report.processed < len(todo)
            report.terminated = stop.terminated
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


def _worker_died(suspects: Sequence[str]) -> WorkerDiedError:
    """The error for a worker that died while summarizing one of ``suspects`` (cluster ids)."""
    shown = ", ".join(suspects[:MAX_SUSPECTS_SHOWN]) + (", …" if len(suspects) > MAX_SUSPECTS_SHOWN else "")
    during = f" while summarizing one of: {shown}" if suspects else ""
    return WorkerDiedError(
        f"a worker process died (killed, or out of memory?){during}; "
        "the records written so far are kept: rerun with --resume, and if it happens again, "
        "with --exclude ID for the cluster that kills it (or fewer --workers, for memory)"
    )


@contextmanager
def _sigint_ignored_while_spawning() -> Iterator[None]:
    """Ignore SIGINT for the block (a ``pool.submit``, which may start a worker process): a
    process started while SIGINT is ignored starts ignoring it (Python keeps a disposition its
    parent set), so a Ctrl-C at the terminal, which reaches the whole process group, does not
    kill a worker still importing, before its initializer ignores it, with a traceback each. A
    Ctrl-C inside the block (the few milliseconds of a process start) is lost; the next counts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_pool(todo: list[ClusterEntry], options: SummarizeOptions, workers: int, accept: Any, stop: _StopFlag,
              context: Any, level: int, log_queue: Any) -> None:
    pending = list(reversed(todo))  # pop() takes them in sorted order
    running: set[Future] = set()
    cluster_of: dict[Future, str] = {}
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(_worker_options(options, workers), level, log_queue, os.getpid()),
    ) as pool:
        try:
            while pending or running:
                while pending and not stop.requested and len(running) < workers + EXTRA_IN_FLIGHT:
                    entry = pending.pop()
                    try:
                        with _sigint_ignored_while_spawning():
                            future = pool.submit(_worker_task, entry)
                    except BrokenProcessPool:
                        # a worker died before its future told so: the records already made are
                        # taken below, then the broken futures name the clusters it may have held
                        pending.append(entry)
                        if not running:
                            raise _worker_died([]) from None
                        break
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
                if broken and stop.requested:
                    # SIGTERM sent to the whole process group (`timeout`, a CI runner, systemd), or
                    # a Ctrl-C at the terminal before a starting worker ignores it, ended the workers
                    # too: their clusters are not written, and run again with --resume.
                    log.info("the workers were %s too; %d cluster(s) in progress are not written",
                             "terminated" if stop.terminated else "interrupted", len(broken))
                    return
                if broken:
                    raise _worker_died(sorted([*broken, *(cluster_of[f] for f in running)]))
        except BaseException:
            # Stop now: drop queued clusters and end the workers (their clusters are not written).
            processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before 3.14
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            raise
