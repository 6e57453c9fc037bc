"""Derived model folders (a CTranslate2 conversion, ONNX graphs), built once and reused.

* **Where.** ``<model>/<dirname>/<variant>-<key>/`` (``dirname`` is per backend, e.g.
  ``.ct2-cache``). When the model folder is read-only, or is a snapshot inside the Hugging Face
  cache (which that library manages), it goes to the user cache instead:
  ``$SUMMARIZER_CACHE_DIR/<subdir>/`` when that is set, else
  ``$XDG_CACHE_HOME/summarizer/<subdir>/`` (``~/.cache/summarizer/<subdir>/``). A built copy
  found in either place is used.
* **Key.** The sha256 of every file of the model folder a build reads (``MODEL_FILE_SUFFIXES``:
  weights, config, tokenizer files; read in chunks; a note or a README beside them is none),
  together with the variant (stored weight type) and a tag naming the building
  library's version and the layout. Editing or replacing any file gives a new key, so a stale
  build is never used. File digests are remembered in ``source-hashes.json`` of the cache folder,
  keyed by path and a stamp of each file (size, mtime, ctime, inode and device), so a warm start
  does not re-read a gigabyte of weights. Size and mtime alone are not enough: ``cp -p``,
  ``rsync -a`` and ``tar`` give new weights the old file's size and mtime; but the ctime, which
  no user tool can set, changes on every write and rename, and a replaced file has a new inode,
  so a changed file is hashed again.
* **Checked.** A backend may name a check of the source that its build makes before writing
  anything (:class:`SourceCheck`: the fast T5 backends check the weights against config.json and
  for finite values). The marker file of every build records the check's name. A build found
  without it (made by a version that did not check yet, or checked less) is not used as it is:
  the check runs on the source first, and its name is recorded once it passes (a failing check
  is the error a new build would give). The check is not part of the key, as it changes nothing
  a build writes: a build that passes it is the build this version would make, so it is kept,
  not made again (ViT5-large: a minute) beside the old one, which nothing would ever remove.
* **Atomic.** A build writes into a temporary folder beside the target and renames it into
  place; a crash leaves no half-written model, and the temporary folder a build killed outright
  left is removed by the next build of that target (:func:`_remove_stale_temporaries`).
  Processes that need the same build at once (batch
  workers) take a file lock (:func:`_build_lock`), so one builds and the others wait for it. A
  folder at the target that lacks a file of the build (deleted by hand, a disk error) is moved
  aside and removed under that lock before the new build takes its place. A failed first build
  leaves no cache folder holding only ``source-hashes.json``.
* **Damaged.** A build that is complete but cannot be loaded (a truncated weights file, a
  garbled graph: the backend raises :class:`DamagedBuild`) is removed and built again, once
  (:func:`load_built`); a second failure, or one of a build just made, is a one-line
  ModelLoadError naming the folder to delete.
* **Checks alone.** A backend that builds nothing (torch) still has the source checked once per
  checkpoint rather than on every run (:func:`check_once`): its "build" is an empty folder that
  holds the marker recording the check.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ModelLoadError
from ..fileio import TEMP_SUFFIX, create_temporary_folder_beside, exclusive_lock, expand_user, replace_atomically
from ..json_input import parse_json
from ..models import SOURCE_HF_CACHE, hf_snapshot_id, is_loader_error, load_error_text

log = logging.getLogger("summarizer.engines.model_cache")
T = TypeVar("T")

CACHE_ENV = "SUMMARIZER_CACHE_DIR"
HASHES_FILE = "source-hashes.json"  # remembered file digests, inside a cache folder
MARKER_FILE = "summarizer-source.json"  # written into every built folder: what it came from
CHECKED_KEY = "checked"  # in MARKER_FILE: the name of the SourceCheck the source passed
BUILD_ID_KEY = "build"  # in MARKER_FILE: a random id of this build (see _build_identity)
BUILD_ID_BYTES = 8
HASH_CHUNK_BYTES = 8 * 1024 * 1024  # read size while hashing weights
KEY_CHARS = 16  # hex digits of the source hash kept in the folder name
CHECK_VARIANT = "checked"  # the variant name of a check_once record
# the tag of a check_once record: not the check's name, so that a grown check is made on the
# record of the old one and noted in its marker (see "Checked" above), not recorded anew beside it
CHECK_TAG = "source-check"


@dataclass(frozen=True)
class CacheSpec:
    """Where one backend keeps its builds and how a complete build is recognised."""

    label: str  # backend name in messages, e.g. "CTranslate2"
    dirname: str  # folder inside the model folder
    subdir: str  # folder inside the user cache
    required: tuple[str, ...]  # files every complete build holds
    verb: str = "convert"  # what a build does to the source, in messages ("cannot convert X for ...")
    noun: str = "conversion"  # likewise ("one-time conversion of X for ...")


@dataclass(frozen=True)
class ConvertedModel:
    path: Path  # the built folder
    key: str  # full source hash
    weights: str  # stored weight type (the variant)
    converted: bool  # True when this call did the build
    seconds: float  # time spent hashing + building (hashing only when reused, and checking when unchecked)
    # which build of its name this is (_build_identity) when it was found or made: the one a load
    # failed on, so that the build another process has made in its place since is not removed
    identity: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SourceCheck:
    """A check of the source folder that a backend's build makes itself before it writes anything.

    ``name`` says which check (give it a new one, e.g. a bumped version, when the check grows);
    ``run()`` makes the check again on its own, raising ModelLoadError (or a loader error, see
    :func:`summarizer.models.is_loader_error`) to refuse the source."""

    name: str
    run: Callable[[], None]


# --------------------------------------------------------------------------- source hashing


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


# The files of a model folder a build reads, by suffix: configuration and tokenizer settings
# (.json), weights (.safetensors, .bin), the sentencepiece model (.model). A note, a README or a
# summary written into the folder changes no build, and had every time made a new one beside the
# old (429-657 MB for ViT5-base).
MODEL_FILE_SUFFIXES = (".json", ".safetensors", ".bin", ".model")


def _source_files(model_dir: Path) -> list[Path]:
    files = sorted(p for p in model_dir.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.name.endswith(MODEL_FILE_SUFFIXES))
    if not files:
        raise ModelLoadError(f"model folder {model_dir} holds no files to convert")
    return files


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; {} when it is missing or unreadable (with a warning)."""
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def source_hash(model_dir: Path, *, memo_dir: Path | None = None) -> str:
    """sha256 over the names and contents of every file in ``model_dir``.

    With ``memo_dir``, per-file digests are remembered there (keyed by absolute path and
    :func:`file_stamp`) and reused while a file is unchanged."""
    memo_path = memo_dir / HASHES_FILE if memo_dir is not None else None
    memo = read_json(memo_path) if memo_path is not None else {}
    changed = False
    total = hashlib.sha256()
    for file in _source_files(model_dir):
        stat = file.stat()
        stamp = file_stamp(stat)
        entry = memo.get(str(file))
        if isinstance(entry, dict) and entry.get("stamp") == stamp and isinstance(entry.get("sha256"), str):
            file_digest = entry["sha256"]
        else:
            file_digest = _file_sha256(file)
            memo[str(file)] = {"stamp": stamp, "sha256": file_digest}
            changed = True
        total.update(f"{file.name}\0{stat.st_size}\0{file_digest}\n".encode())
    if memo_path is not None and changed:
        try:
            write_json_atomic(memo_path, memo)
        except OSError as exc:
            log.info("cannot remember file digests in %s: %s", memo_path, exc)
    return total.hexdigest()


def file_stamp(stat: os.stat_result) -> list[int]:
    """What says a file is unchanged since it was hashed: size, mtime, ctime, inode and device.
    mtime alone can be put back (``cp -p``, ``rsync -a``, ``tar``, ``touch -d``); the ctime
    cannot (every write, rename or ``utime`` sets it to now), and a file replaced by another has a
    new inode."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


# --------------------------------------------------------------------------- cache folders


def user_cache_dir(subdir: str) -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return expand_user(explicit) / subdir
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return expand_user(base) / "summarizer" / subdir


def writable_dir(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def cache_roots(model_dir: Path, spec: CacheSpec, *, managed: bool = False) -> list[Path]:
    """Where builds are looked for, in order: beside the model, then the user cache.
    ``managed`` (a Hugging Face cache snapshot, which that library owns): the user cache only."""
    if managed:
        return [user_cache_dir(spec.subdir)]
    return [model_dir / spec.dirname, user_cache_dir(spec.subdir)]


def _is_complete(folder: Path, spec: CacheSpec) -> bool:
    return all((folder / name).is_file() for name in spec.required)


def _ensure_checked(model_dir: Path, folder: Path, spec: CacheSpec, check: SourceCheck | None) -> None:
    """Run ``check`` on the source of the complete build ``folder`` unless its marker records
    that it passed (see the module docstring), then record it (where the folder is read-only the
    check runs again on the next load)."""
    if check is None:
        return
    marker_path = folder / MARKER_FILE
    marker = read_json(marker_path)
    if marker.get(CHECKED_KEY) == check.name:
        return
    log.info("checking %s for %s (%s): the build %s was made without the check", model_dir, spec.label,
             check.name, folder)
    _run_check(model_dir, spec, check)
    try:
        write_json_atomic(marker_path, {**marker, CHECKED_KEY: check.name})
    except OSError as exc:
        log.info("cannot record the check in %s (it runs again on the next load): %s", marker_path, exc)


@contextmanager
def _build_lock(root: Path, name: str) -> Iterator[None]:
    """The lock every process holds while it makes, replaces or removes the build ``root/name``
    (``root/.<name>.lock``), waiting for another that holds it."""
    with exclusive_lock(root / f".{name}", wait=True, error=ModelLoadError):
        yield


def _build_identity(folder: Path) -> str | None:
    """Which build ``folder`` holds: the id its marker records (:data:`BUILD_ID_KEY`), or for a
    build of a version that wrote none, the folder's inode and ctime (an inode alone is reused as
    soon as a removed folder frees it). None when it is gone."""
    build_id = read_json(folder / MARKER_FILE).get(BUILD_ID_KEY)
    if isinstance(build_id, str):
        return build_id
    try:
        stat = folder.stat()
    except OSError:
        return None
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_ctime_ns}"


def _remove_build(folder: Path) -> None:
    """Remove the build ``folder`` (with its build lock held): renamed aside first, so that no
    process ever sees a half-removed build under its name, then deleted. Raises OSError."""
    aside = create_temporary_folder_beside(folder)
    os.rename(folder, aside)  # onto the new empty folder: POSIX renames a folder over an empty one
    shutil.rmtree(aside)


def _build_into(model_dir: Path, root: Path, name: str, spec: CacheSpec, marker: dict[str, Any],
                build: Callable[[Path], None]) -> Path:
    """Make the build ``root/name`` (its build lock held), replacing a folder there that is not a
    complete build."""
    final = root / name
    _remove_stale_temporaries(final)
    tmp = create_temporary_folder_beside(final)
    try:
        # a warning, so the user knows why the first run waits (up to a minute for ViT5-base)
        log.warning("one-time %s of %s for %s (%s) into %s; later runs reuse it", spec.noun, model_dir,
                    spec.label, marker["weights"], final)
        build(tmp)
        (tmp / MARKER_FILE).write_text(json.dumps({**marker, BUILD_ID_KEY: secrets.token_hex(BUILD_ID_BYTES)},
                                                  indent=1), encoding="utf-8")
        if final.exists() and not _is_complete(final, spec):
            log.warning("replacing the incomplete build %s (it lacks a file)", final)
            _remove_build(final)
        try:
            os.rename(tmp, final)
        except OSError:
            if not _is_complete(final, spec):
                raise
            log.info("another process converted %s first; using its copy", final)
            shutil.rmtree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _remove_stale_temporaries(final: Path) -> None:
    """Remove the temporary folders of earlier builds of ``final`` (its build lock held, so no
    process is filling one): a build killed outright (SIGKILL, the out-of-memory killer, a CI
    job's cancel) left its half-written ".<name>.<hex>.tmp", hundreds of MB for ViT5-base, that
    nothing else would ever remove."""
    prefix = f".{final.name}."
    try:
        stale = [entry for entry in final.parent.iterdir()
                 if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX) and entry.is_dir()]
    except OSError:
        return  # the build that follows says what is wrong with the folder
    for entry in stale:
        log.info("removing %s, left by a build that was stopped", entry)
        try:
            shutil.rmtree(entry)
        except OSError as exc:  # it stays; the build goes on beside it
            log.warning("cannot remove %s, left by a build that was stopped: %s", entry, exc.strerror or exc)


def _remove_if_unused(root: Path) -> None:
    """Remove the cache folder ``root`` that a failed first build made, when it holds nothing but
    the remembered digests (another process's lock or build keeps it)."""
    try:
        if any(entry.name != HASHES_FILE for entry in root.iterdir()):
            return
        (root / HASHES_FILE).unlink(missing_ok=True)
        root.rmdir()
    except OSError as exc:  # another process has just put something there: it stays
        log.debug("keeping the cache folder %s: %s", root, exc)


def ensure_built(model_dir: Path, spec: CacheSpec, weights: str, tag: str, build: Callable[[Path], None],
                 *, managed: bool = False, check: SourceCheck | None = None) -> ConvertedModel:
    """The cached build of ``model_dir`` for ``weights``, calling ``build(folder)`` to make it on
    first use. ``tag`` names what else the build depends on (library version, layout version);
    ``managed``: see :func:`cache_roots`. ``check``: the check of the source that ``build`` makes
    (it must make it), run before a build found without it is used (see the module docstring)."""
    started = time.perf_counter()
    roots = cache_roots(model_dir, spec, managed=managed)
    existed = {root: root.is_dir() for root in roots}
    writable = next((root for root in roots if writable_dir(root)), None)
    try:
        return _find_or_build(model_dir, spec, weights, tag, build, roots, writable, check, started)
    except BaseException:
        if writable is not None and not existed[writable]:
            _remove_if_unused(writable)
        raise


def _find_or_build(model_dir: Path, spec: CacheSpec, weights: str, tag: str, build: Callable[[Path], None],
                   roots: list[Path], writable: Path | None, check: SourceCheck | None,
                   started: float) -> ConvertedModel:
    try:
        digest = source_hash(model_dir, memo_dir=writable)
    except OSError as exc:  # a weight file without read permission, say
        raise ModelLoadError(f"cannot read {exc.filename or model_dir}: {exc.strerror or exc}") from exc
    key = hashlib.sha256(f"{digest}|{weights}|{tag}".encode()).hexdigest()
    name = f"{weights}-{key[:KEY_CHARS]}"

    def found(folder: Path, converted: bool) -> ConvertedModel:
        return ConvertedModel(folder, key, weights, converted, time.perf_counter() - started, _build_identity(folder))

    for root in roots:
        if _is_complete(root / name, spec):
            _ensure_checked(model_dir, root / name, spec, check)
            return found(root / name, False)
    if writable is None:
        raise NoCacheFolder(
            f"cannot {spec.verb} {model_dir} for {spec.label}: no writable cache folder "
            f"(tried {', '.join(str(r) for r in roots)}); set {CACHE_ENV} to a writable folder"
        )
    marker = {"source": str(model_dir), "key": key, "weights": weights, "tag": tag}
    if check is not None:
        marker[CHECKED_KEY] = check.name
    with _build_lock(writable, name):
        if _is_complete(writable / name, spec):  # another process built it while this one waited
            _ensure_checked(model_dir, writable / name, spec, check)  # (a process of an older version, maybe)
            return found(writable / name, False)
        try:
            path = _build_into(model_dir, writable, name, spec, marker, build)
        except Exception as exc:  # a converter's refusal of the checkpoint (its tokenizer too: a TypeError)
            if not is_loader_error(exc):  # NotImplementedError, KeyError and the rest are among them
                raise
            raise ModelLoadError(f"cannot {spec.verb} {model_dir} for {spec.label}: {load_error_text(exc)}") from exc
    return found(path, True)


class NoCacheFolder(ModelLoadError):
    """No cache folder can be written to, and no build is found (:func:`ensure_built`)."""


class DamagedBuild(ModelLoadError):
    """A complete build that its backend cannot load (a truncated or garbled file): raised by a
    backend's loader for :func:`load_built`, which builds it again once."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"cannot load the build {folder}: {reason}")
        self.folder = folder
        self.reason = " ".join(reason.split())


def load_built(ensure: Callable[[], ConvertedModel], load: Callable[[ConvertedModel], T], spec: CacheSpec) -> T:
    """``load(ensure())``; when the build found cannot be loaded (``load`` raises
    :class:`DamagedBuild`), it is removed under its build lock and made again, once. A build
    that this call has just made and still cannot be loaded, or a damaged one that cannot be
    removed, is a ModelLoadError naming the folder to delete."""
    built = ensure()
    try:
        return load(built)
    except DamagedBuild as exc:
        if built.converted:
            raise _delete_hint(spec, exc) from exc
        log.warning("the %s build %s cannot be loaded (%s); building it again", spec.label, built.path, exc.reason)
        _discard(built, spec, exc)
    rebuilt = ensure()
    try:
        return load(rebuilt)
    except DamagedBuild as exc:
        raise _delete_hint(spec, exc) from exc


def _delete_hint(spec: CacheSpec, exc: DamagedBuild) -> ModelLoadError:
    return ModelLoadError(f"{spec.label} cannot load its build {exc.folder} ({exc.reason}); "
                          f"delete that folder to have it built again")


def _discard(built: ConvertedModel, spec: CacheSpec, exc: DamagedBuild) -> None:
    """Remove the damaged build ``built`` unless another process has replaced it already (a
    folder under its name with another build id is that process's new build, and stays)."""
    folder = built.path
    if not writable_dir(folder.parent):
        raise _delete_hint(spec, exc)
    with _build_lock(folder.parent, folder.name):
        if built.identity is not None and _build_identity(folder) != built.identity:
            log.info("another process has replaced the damaged build %s already", folder)
            return
        try:
            _remove_build(folder)
        except FileNotFoundError:
            return
        except OSError as error:
            raise ModelLoadError(f"{spec.label} cannot load its build {folder} ({exc.reason}) nor remove it "
                                 f"({error.strerror or error}); delete that folder") from error


def check_once(model_dir: Path, spec: CacheSpec, check: SourceCheck, *, managed: bool = False) -> None:
    """Make ``check`` of the source ``model_dir`` once per checkpoint, for a backend that builds
    nothing (torch): its passing is recorded as an empty build (:data:`CHECK_VARIANT`) holding
    the marker, keyed by the source's hash like every build, so the check (its finiteness part
    reads every weight: a second or two for ViT5-base) is not made again while the files are
    unchanged. Where no cache folder is writable it is made on every load."""
    try:
        ensure_built(model_dir, spec, CHECK_VARIANT, CHECK_TAG, lambda folder: _run_check(model_dir, spec, check),
                     managed=managed, check=check)
    except NoCacheFolder:
        log.info("no writable cache folder to record the check of %s in: checking it on every load", model_dir)
        _run_check(model_dir, spec, check)


def _run_check(model_dir: Path, spec: CacheSpec, check: SourceCheck) -> None:
    try:
        check.run()
    except Exception as exc:
        if not is_loader_error(exc):
            raise
        raise ModelLoadError(f"cannot use {model_dir} for {spec.label}: {load_error_text(exc)}") from exc


def source_folder(resolved: Any, *, allow_pickle: bool) -> tuple[Path, bool]:
    """The model folder a fast backend builds from (``resolved``: a ResolvedModel or a folder
    path), checked, and whether it is a Hugging Face cache snapshot (see :func:`cache_roots`):
    found there by its id, or given by its path (``models--<org>--<name>/snapshots/<commit>``)."""
    model_dir = Path(getattr(resolved, "path", resolved)).resolve()
    if not model_dir.is_dir():
        raise ModelLoadError(f"model folder {model_dir} does not exist")
    if getattr(resolved, "has_safetensors", True) is False and not allow_pickle:
        raise ModelLoadError(f"model folder {model_dir} has no safetensors weights and pickle is not allowed")
    return model_dir, getattr(resolved, "source", None) == SOURCE_HF_CACHE or hf_snapshot_id(model_dir) is not None


def default_threads() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
