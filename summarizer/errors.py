"""The tool's own error types.

Every failure a user can cause is one of these. The CLI turns them into one line on stderr and
the exit code below; nothing else reaches the user as a traceback. Codes are documented in the
README and must stay stable.
"""

from __future__ import annotations

# At most this many characters of an argument go into a message (report text given where a path
# is expected, a report's name, an option's value): the message stays one short line.
EXCERPT_CHARS = 60
# A path that names nothing is shown up to this many characters, its end kept (the file's name).
PATH_EXCERPT_CHARS = 120
PATH_EXCERPT_END = 50


def excerpt(text: str, limit: int = EXCERPT_CHARS, *, end: int = 0) -> str:
    """``text`` with its runs of whitespace (line breaks too) as one space and, when longer than
    ``limit`` characters, cut to them with "…" where it was cut: its beginning, or its beginning
    and its last ``end`` characters. What a message shows of an argument."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit - end].rstrip()
    return f"{head}…{flat[len(flat) - end:].lstrip()}" if end else f"{head}…"


def shown(value: object, limit: int = EXCERPT_CHARS) -> str:
    """``repr(value)`` as a message shows it: the excerpt of it (see :func:`excerpt`)."""
    return excerpt(repr(value), limit)


def shown_path(path: object) -> str:
    """A path as a message shows it: whole, or when it is longer than ``PATH_EXCERPT_CHARS``
    (report text given by mistake) its beginning and its end."""
    return excerpt(str(path), PATH_EXCERPT_CHARS, end=PATH_EXCERPT_END)


class SummarizerError(Exception):
    """Base class: a user-facing failure with a one-line message and an exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # always one line
        return " ".join(self.message.split())


class BadOptionError(SummarizerError):
    """An option value outside its valid range or choices."""

    exit_code = 2


class FolderNotFoundError(SummarizerError):
    """The input folder does not exist or is not a folder."""

    exit_code = 3


class EmptyFolderError(SummarizerError):
    """The folder holds no report files at all."""

    exit_code = 4


class NoReadableReportsError(SummarizerError):
    """Files exist, but none is a readable text report with at least one sentence."""

    exit_code = 5


class OutputError(SummarizerError):
    """The output path cannot be written."""

    exit_code = 6


class ModelNotFoundError(SummarizerError):
    """The requested model could not be resolved to a local folder."""

    exit_code = 7


class ModelLoadError(SummarizerError):
    """The model folder exists but cannot be loaded (missing files, pickle weights, corruption)."""

    exit_code = 8


class NativeBuildError(ModelLoadError):
    """The native backend's C step cannot be compiled or loaded on this machine (no compiler, an
    unwritable cache, a compiler error); ``--backend auto`` then runs ONNX Runtime instead."""


class DeviceError(SummarizerError):
    """The requested device or backend is not available on this machine."""

    exit_code = 9


class GenerationError(SummarizerError):
    """The model failed while generating."""

    exit_code = 10


class EvaluationError(SummarizerError):
    """Predictions or references for evaluation are missing or malformed."""

    exit_code = 11


class WorkerDiedError(SummarizerError):
    """A batch worker process died (killed, out of memory, a crash in native code); the records
    written so far are kept, and ``--resume`` goes on from them."""

    exit_code = 13


# Exit code of a batch run in which at least one cluster failed (the others were written).
BATCH_PARTIAL_FAILURE_EXIT = 12
# Exit code of a failure that is not the user's (a bug): one line; `--verbose` logs the traceback.
INTERNAL_ERROR_EXIT = 70
# Exit code when the process ran out of memory (a report of many megabytes takes about 100 times its
# size; a limit set with `ulimit -v` or a container's): no bug, the input is too big for the limit.
OUT_OF_MEMORY_EXIT = 14
# Exit code after Ctrl-C: the current record was finished and the output is consistent.
INTERRUPTED_EXIT = 130
# Exit code after SIGTERM (a CI job cancelled, `docker stop`, `timeout`): 128 + 15, what a shell
# reports for a process SIGTERM ended; what was being built or written is cleaned up as after Ctrl-C.
TERMINATED_EXIT = 143
# Exit code when the reader of stdout went away (`| head`): 128 + SIGPIPE, what a shell reports
# for a Unix tool that SIGPIPE ended; nothing more is printed.
BROKEN_PIPE_EXIT = 141
