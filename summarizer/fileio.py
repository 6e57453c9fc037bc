"""Atomic file output: a reader sees the old file or the whole new one, never half."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .errors import OutputError, SummarizerError

log = logging.getLogger("summarizer.fileio")
T = TypeVar("T")

NEW_FILE_MODE = 0o666  # what a plain open() asks for: the umask then takes its bits off
NEW_FOLDER_MODE = 0o777  # what a plain mkdir() asks for, likewise
# The longest file name, in bytes, where the file system cannot say (os.pathconf): POSIX's usual NAME_MAX.
DEFAULT_NAME_MAX = 255
NAME_HASH_CHARS = 8  # hex digits of the full name's hash in a shortened lock name (see helper_name)


def expand_user(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded to that home folder, as
    ``Path.expanduser`` does; unexpanded when the home cannot be determined (``~nosuchuser``,
    or ``~`` with HOME unset and no password entry), where ``expanduser`` raises RuntimeError.
    The caller then looks for the path as written and reports its own not-found error."""
    try:
        return Path(path).expanduser()
    except RuntimeError as exc:
        log.debug("cannot expand %s: %s", path, exc)
        return Path(path)


def name_max(folder: str | Path) -> int:
    """The longest file name ``folder`` takes, in bytes (``os.pathconf``'s PC_NAME_MAX), or
    :data:`DEFAULT_NAME_MAX` where it cannot say (no pathconf, a folder that does not exist)."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return DEFAULT_NAME_MAX
    return limit if isinstance(limit, int) and limit > 0 else DEFAULT_NAME_MAX


def _name_bytes(text: str) -> int:
    """How many bytes ``text`` takes in a file name (``os.fsencode``: UTF-8 here; a byte that
    was not UTF-8, held as a surrogate, takes one)."""
    return len(os.fsencode(text))


def _fitting_prefix(name: str, budget: int) -> str:
    """The longest start of ``name`` that takes at most ``budget`` bytes, cut between characters."""
    used = 0
    for position, character in enumerate(name):
        used += _name_bytes(character)
        if used > budget:
            return name[:position]
    return name


def helper_name(name: str, folder: str | Path, opening: str, closing: str) -> str:
    """The name of a file kept beside the file ``name`` in ``folder`` (a temporary file, a
    lock): ``opening + name + closing`` when that fits the folder's longest name
    (:func:`name_max`); else ``name`` is cut, on a character boundary, to the bytes left, and
    the first :data:`NAME_HASH_CHARS` hex digits of the whole name's SHA-256 follow it, so that
    two long names with one start still get two helpers (``opening + prefix + "." + hash +
    closing``). A legal output name of up to NAME_MAX bytes can thus always be written. A name
    that cannot be encoded is returned whole, for the file system to refuse as it would the
    output itself."""
    whole = opening + name + closing
    try:
        limit = name_max(folder)
        if _name_bytes(whole) <= limit:
            return whole
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:NAME_HASH_CHARS]
        closing = f".{digest}{closing}"
        prefix = _fitting_prefix(name, limit - _name_bytes(opening + closing))
    except (UnicodeError, ValueError):
        return whole
    return opening + prefix + closing


# Paths that name one of this process's open descriptors rather than a file: written through
# the descriptor (``descriptor_of``).
STANDARD_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_PATH = re.compile(r"/(?:dev/fd|proc/self/fd|proc/(?P<pid>\d+)/fd)/(?P<fd>\d+)")
MAX_LINK_HOPS = 40  # symbolic links followed at most, as the kernel does (ELOOP)


def descriptor_of(path: str | Path) -> int | None:
    """The open descriptor that ``path`` names (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
    ``/proc/self/fd/N``, or a link to one of them), else None. Such a path is written through
    the descriptor: resolved, it leads to a pipe's pseudo name or to the file the shell opened,
    perhaps for appending (``>> log``), which a rename would replace whole and opening anew
    would truncate."""
    current = os.path.abspath(path)
    for _ in range(MAX_LINK_HOPS):
        if current in STANDARD_STREAMS:
            return STANDARD_STREAMS[current]
        match = _DESCRIPTOR_PATH.fullmatch(current)
        if match and (match["pid"] is None or int(match["pid"]) == os.getpid()):
            return int(match["fd"])
        if not os.path.islink(current):
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return None


def _open_descriptor(descriptor: int) -> int:
    """``descriptor``, checked open; OSError (EBADF) when it is not. A standard stream the
    process started without (``>&-``: Python's ``sys.stdout`` is then None) is closed even when
    its number was since given to a file the process opened."""
    stream = {0: sys.stdin, 1: sys.stdout, 2: sys.stderr}.get(descriptor, object())
    if stream is None:
        raise OSError(errno.EBADF, f"descriptor {descriptor} is closed")
    os.fstat(descriptor)
    if _read_only(descriptor):  # checked before any work, not found by the write at the end
        raise OSError(errno.EBADF, f"descriptor {descriptor} is open for reading only")
    flush = getattr(stream, "flush", None)
    if callable(flush):
        flush()  # what the stream holds goes out first
    return descriptor


def _read_only(descriptor: int) -> bool:
    """Whether ``descriptor`` is open for reading only (False where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:
        return False
    return fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY


def output_target(path: str | Path) -> Path:
    """The file that writing ``path`` changes: a symbolic link's target (the link stays a link,
    as a shell's ``>`` leaves it), else ``path`` itself (also a path naming an open descriptor,
    :func:`descriptor_of`)."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() and descriptor_of(target) is None else target


def check_writable(path: str | Path) -> Path:
    """Fail early, before any work, when ``path`` cannot be written. OutputError, also when the
    path cannot even be examined (a name longer than the file system takes: ENAMETOOLONG)."""
    target = Path(path)
    try:
        descriptor = descriptor_of(target)
        if descriptor is not None:
            _open_descriptor(descriptor)
            return target
        real = output_target(target)
        parent = real.parent if str(real.parent) else Path(".")
        if target.is_dir():
            raise OutputError(f"output path {str(target)!r} is a folder; give a file name")
        if not parent.is_dir():
            raise OutputError(f"cannot write {str(target)!r}: folder {str(parent)!r} does not exist")
        if not os.access(parent, os.W_OK):
            raise OutputError(f"cannot write {str(target)!r}: folder {str(parent)!r} is not writable")
        if target.exists() and not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {str(target)!r}: file is read-only")
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc
    return target


LOCK_SUFFIX = ".lock"  # beside an output that one run at a time may write (exclusive_lock)


def sibling_path(path: str | Path, suffix: str) -> Path:
    """``<name><suffix>`` beside ``path`` (a lock, a run's options file), or for a name too long
    to take the suffix, a shortened name with a hash of the whole one (:func:`helper_name`)."""
    path = Path(path)
    return path.with_name(helper_name(path.name, path.parent, "", suffix))


def lock_path(path: str | Path) -> Path:
    """The lock file of ``path`` (:func:`exclusive_lock`): ``<name>.lock`` beside it
    (:func:`sibling_path`)."""
    return sibling_path(path, LOCK_SUFFIX)


@contextmanager
def exclusive_lock(path: str | Path, *, wait: bool = False,
                   error: type[SummarizerError] = OutputError, shown: str | Path | None = None) -> Iterator[None]:
    """Hold ``<path>.lock`` (:func:`lock_path`) exclusively (``flock``) for the block, so that
    two processes never write the same output at once. When another process holds it: ``error`` at once, or with
    ``wait`` block until it lets go (a model build other processes wait for and then reuse).
    A lock that cannot be made or taken is ``error`` too (OutputError for an output, the model
    cache passes ModelLoadError). The lock file is removed afterwards. Where ``fcntl`` does not
    exist (Windows) no lock is taken. ``shown`` names the file in messages when ``path`` is
    not the name the user gave (:func:`output_lock` locks the resolved path)."""
    try:
        import fcntl
    except ImportError:
        log.debug("no fcntl here: %s is written without a lock", path)
        yield
        return
    lock = lock_path(path)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, NEW_FILE_MODE)
        except OSError as exc:
            raise error(f"cannot create the lock {str(lock)!r}: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise error(f"{str(shown if shown is not None else path)!r} is being written by another run "
                        f"(it holds {str(lock)!r}); "
                        "wait for it to end or choose another output") from None
        except OSError as exc:  # a file system without locks (some network mounts)
            os.close(fd)
            raise error(f"cannot lock {str(lock)!r}: {exc.strerror or exc}") from exc
        try:
            current = os.stat(lock).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:
            break
        os.close(fd)  # the run before removed the file between our open and our lock: take the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)  # still held: a run waiting on it finds no file to lock
    finally:
        os.close(fd)


@contextmanager
def output_lock(path: str | Path) -> Iterator[None]:
    """Hold the lock of the file that writing ``path`` changes, however it is named: the lock
    (:func:`exclusive_lock`) sits beside the resolved path (``realpath``), so that a symbolic
    link to an output, or a path through a linked folder, takes the same lock as the output's
    own name; and an existing output is itself locked too (``flock`` on its inode), so that a
    hard link to it, which no path comparison reveals, is refused as well. OutputError when
    another run holds either."""
    real = Path(os.path.realpath(path))
    with exclusive_lock(real, shown=path):
        with _inode_lock(real, shown=path):
            yield


@contextmanager
def _inode_lock(real: Path, *, shown: str | Path) -> Iterator[None]:
    """``flock`` the existing file ``real`` for the block (see :func:`output_lock`); nothing to
    lock when it does not exist yet (a hard link needs an existing file) or cannot be opened."""
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # O_NONBLOCK: a pipe must not hang the open
    except OSError as exc:  # absent (a new output), or unreadable: the lock beside it still holds
        log.debug("no lock on the file %s itself: %s", real, exc.strerror or exc)
        yield
        return
    try:
        lock_open_file(fd, shown)
        yield
    finally:
        os.close(fd)


def lock_open_file(fd: int, path: str | Path) -> None:
    """``flock`` the file open as ``fd`` (named ``path``) for as long as the descriptor stays
    open: :func:`output_lock` locks an output that exists when the run starts, and a run locks the
    one it creates (``batch.RecordWriter``), so that a hard link made to it while the run writes (a
    second run given the link's name) is refused too. OutputError when another run holds it."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(f"{str(path)!r} is being written by another run under another name "
                          "(a hard link to the same file); wait for it to end or choose another output") from None
    except OSError as exc:  # a file system without locks: the lock file beside it is taken already
        log.debug("cannot lock the file %s itself: %s", path, exc.strerror or exc)


def check_not_read_as_report(path: str | Path, folders: Iterable[Path], *, recursive: bool,
                             suffixes: tuple[str, ...], kind: str = "cluster folder") -> None:
    """Fail when ``path`` would be read as a report of one of ``folders`` (the folders a run
    reads, each a ``kind`` in the message): a visible file with a report suffix directly in one of them, or, with
    ``recursive``, below one through visible folders. :func:`check_not_an_input` only sees files
    that exist; a new output there would be written first and read back as a report next time."""
    target = Path(os.path.realpath(path))
    if target.name.startswith(".") or not target.name.lower().endswith(suffixes):
        return
    for folder in folders:
        real = Path(os.path.realpath(folder))
        if target.parent == real:
            inside = True
        elif recursive and real in target.parents:
            inside = not any(part.startswith(".") for part in target.parent.relative_to(real).parts)
        else:
            inside = False
        if inside:
            raise OutputError(f"output {str(path)!r} is inside the {kind} {str(folder)!r}, where it would be "
                              "read as one of its reports; write it elsewhere")


def check_outside(path: str | Path, folder: str | Path | None) -> None:
    """Fail when ``path`` lies inside ``folder`` (a references folder: a file written there would
    replace a reference, or be read as one the next time)."""
    if folder is None or not Path(folder).is_dir():
        return
    target = Path(os.path.realpath(path))
    if Path(os.path.realpath(folder)) in target.parents:
        raise OutputError(f"output {str(path)!r} is inside the references folder {str(folder)!r}; write it elsewhere")


def check_not_stdin(path: str | Path) -> None:
    """Fail when ``path`` is the file standard input reads (``summarize - -o f < f``): writing
    the output there would destroy the input. A pipe (``cat f |``) cannot be told apart."""
    try:
        given, existing = os.fstat(sys.stdin.fileno()), os.stat(path)
    except (AttributeError, OSError, ValueError):  # no stdin (<&-), none with a descriptor, no such file yet
        return
    if stat.S_ISREG(given.st_mode) and (given.st_dev, given.st_ino) == (existing.st_dev, existing.st_ino):
        raise OutputError(f"output {str(path)!r} is the file standard input reads; give another file name")


def check_not_an_input(path: str | Path, inputs: Iterable[Path]) -> None:
    """Fail when ``path`` is an existing file among ``inputs`` (the reports or archive a run
    reads): writing the output there would destroy an input."""
    target = Path(path)
    if not target.is_file():
        return
    for candidate in inputs:
        try:
            same = candidate.is_file() and os.path.samefile(target, candidate)
        except OSError:  # a file that vanished or cannot be examined is no reason to stop
            continue
        if same:
            raise OutputError(f"output {str(target)!r} is one of the inputs ({str(candidate)!r}); give another file name")


TEMP_NAME_ATTEMPTS = 100  # random temporary names tried before giving up (each clash is 1 in 2**32)
TEMP_SUFFIX = ".tmp"


def _create_beside(target: Path, create: Callable[[Path], T]) -> tuple[T, Path]:
    """``create(path)`` for a fresh random name beside ``target`` (".<name>.<hex>.tmp", the name
    shortened by :func:`helper_name` when that would be too long), trying another name while
    ``create`` finds one taken (FileExistsError)."""
    for _ in range(TEMP_NAME_ATTEMPTS):
        temporary = target.with_name(
            helper_name(target.name, target.parent, ".", f".{secrets.token_hex(4)}{TEMP_SUFFIX}"))
        try:
            return create(temporary), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target} after {TEMP_NAME_ATTEMPTS} tries")


def create_temporary_beside(target: str | Path) -> tuple[int, Path]:
    """A new empty file beside ``target``, opened for writing, to be renamed over it: (fd, path).

    Its permissions are those ``target`` will keep: an existing target's mode, else what a
    plain ``open`` would give (0o666 less the umask). ``tempfile.mkstemp`` would make every
    output 0o600, readable by its owner alone, and turn a shared 0o644 file private on rewrite.
    Raises OSError as ``os.open`` does."""
    target = Path(target)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd, temporary = _create_beside(target, lambda path: os.open(path, flags, NEW_FILE_MODE))
    if mode is not None:
        try:
            os.chmod(temporary, mode)
        except OSError:
            os.close(fd)
            temporary.unlink(missing_ok=True)
            raise
    return fd, temporary


def create_temporary_folder_beside(target: str | Path) -> Path:
    """A new empty folder beside ``target``, to be renamed to it once filled, with the
    permissions a plain ``mkdir`` gives (0o777 less the umask; ``tempfile.mkdtemp`` makes 0o700,
    which would keep a build in a shared model folder from every other user). Raises OSError."""
    _, temporary = _create_beside(Path(target), lambda path: os.mkdir(path, NEW_FOLDER_MODE))
    return temporary


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (:func:`create_temporary_beside`),
    fsync it, then rename it over ``path``: a reader sees the old file or the whole new one.
    The temporary file never stays behind; OSError as raised. The folder is then fsynced too
    (:func:`sync_folder`, best effort), so that the rename survives a power loss.

    A symbolic link is followed (:func:`output_target`: its target is replaced, the link stays).
    A path naming an open descriptor (``/dev/stdout``: :func:`descriptor_of`) is written through
    that descriptor, and something else that exists and is not a regular file (``/dev/null``, a
    named pipe) straight into, as a stream: there is no file to replace, and a rename would put
    a plain file in its place."""
    descriptor = descriptor_of(path)
    if descriptor is not None:
        with open(os.dup(_open_descriptor(descriptor)), "wb") as stream:  # closes the copy only
            stream.write(data)
        return
    path = output_target(path)
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        regular = True  # a new file
    if not regular:
        with open(path, "wb") as stream:
            stream.write(data)
        return
    fd, tmp = create_temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: str | Path) -> None:
    """fsync ``folder``, so that a rename in it is on disk; best effort: where folders cannot be
    opened (no ``O_DIRECTORY``, Windows) nothing is done, and a failure (a file system that
    refuses to sync a folder) is logged at debug level, never raised: the file is written."""
    directory = getattr(os, "O_DIRECTORY", None)
    if directory is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | directory)
    except OSError as exc:
        log.debug("cannot open the folder %s to sync it: %s", folder, exc.strerror or exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.debug("cannot sync the folder %s: %s", folder, exc.strerror or exc)
    finally:
        os.close(fd)


def write_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` over ``path`` with :func:`replace_atomically`, after :func:`check_writable`;
    OutputError when the file system refuses."""
    target = check_writable(path)
    try:
        replace_atomically(target, text.encode(encoding))
    except OSError as exc:  # e.g. a file system that refuses new files although the folder looks writable
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc
    return target
