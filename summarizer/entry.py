"""The console scripts' entry points: each imports its command's module, then runs it.

The imports take a few tenths of a second (typer, rich, the pipeline); a Ctrl-C while they run
would print Python's traceback, before the command's own edge (``cli_common.cli_edge``) is there
to turn it into one line. Here it ends the process as an interrupted command does: "error:
interrupted" on stderr and exit ``INTERRUPTED_EXIT``.
"""

from __future__ import annotations

import importlib
import sys

from .errors import INTERRUPTED_EXIT  # imported with the package already


# Text every stream of these commands may carry: Vietnamese letters, an ellipsis, curly quotes.
_SAMPLE_TEXT = "Đường ơ ư ạ … “”"


def _tolerant_streams() -> None:
    """Standard streams whose encoding cannot hold Vietnamese (``PYTHONIOENCODING=ascii`` or
    ``cp1252``, a Windows code page behind ``> file``) write what they cannot hold as escapes
    (``\\u2026``) rather than failing: help, notices and errors still show. The summary itself is
    refused there with a one-line error (``cli_common.echo_stdout``), not written garbled."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or not callable(reconfigure):
            continue  # no stream (>&-), or one a test runner put there
        try:
            _SAMPLE_TEXT.encode(encoding)
        except (UnicodeError, LookupError):
            reconfigure(errors="backslashreplace")


def _run(module: str) -> None:
    _tolerant_streams()
    try:
        main = importlib.import_module(module).main
    except KeyboardInterrupt:
        try:
            sys.stderr.write("error: interrupted\n")
        except (AttributeError, OSError, ValueError):
            pass  # no stderr to say it on (2>&-): the exit code says it
        raise SystemExit(INTERRUPTED_EXIT) from None
    main()


def summarize() -> None:
    """``summarize``."""
    _run("summarizer.cli")


def summarize_batch() -> None:
    """``summarize-batch``."""
    _run("summarizer.cli_batch")


def summarize_eval() -> None:
    """``summarize-eval``."""
    _run("summarizer.cli_eval")
