"""Options shared by `summarize` and `summarize-batch`, declared once.

``with_summarize_options`` adds the engine, model, length and generation options to a typer
command and hands the command one validated :class:`SummarizeOptions` instead. Defaults come
from ``options.py``; nothing here repeats a default value.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import re
import signal
import sys
import threading
import typing
from pathlib import Path
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Iterator, NoReturn

import typer

from .errors import (
    BROKEN_PIPE_EXIT, INTERNAL_ERROR_EXIT, INTERRUPTED_EXIT, OUT_OF_MEMORY_EXIT, TERMINATED_EXIT, BadOptionError,
    FolderNotFoundError, OutputError,
    SummarizerError,
)
from .fileio import expand_user
from .normalize import representable
from .models import DEFAULT_MODEL_ID
from .options import (
    BACKENDS,
    DEFAULT_MIN_NEW_TOKENS,
    DEFAULT_OPTIONS,
    DEVICES,
    ENGINES,
    MAX_INPUT_TOKENS_LIMIT,
    MAX_LENGTH_PENALTY,
    MAX_NEW_TOKENS_LIMIT,
    MAX_NO_REPEAT_NGRAM_SIZE,
    MAX_NUM_BEAMS,
    MAX_THREADS,
    PRECISIONS,
    STRATEGIES,
    SummarizeOptions,
)
from .result import IN_WARNINGS

_D = DEFAULT_OPTIONS
_MODEL_PANEL = "Model (vit5 engine)"
_GEN_PANEL = "Generation (vit5 engine)"


@dataclass(frozen=True)
class _Shared:
    name: str  # parameter name in the command signature
    annotation: Any  # Annotated[type, typer.Option(...)]
    default: Any  # typer default (None = "use options.py")
    target: str | None  # SummarizeOptions.with_changes key, None = not an options field


def _opt(*flags: str, help: str, panel: str | None = None, **kw: Any) -> typer.models.OptionInfo:
    return typer.Option(*flags, help=help, rich_help_panel=panel, **kw)


_SHARED: tuple[_Shared, ...] = (
    _Shared("engine", Annotated[str, _opt("--engine", "-e", help=f"Engine: {' | '.join(ENGINES)}. auto = vit5 when a model resolves, else extractive.")], _D.engine, "engine"),
    _Shared("max_words", Annotated[int, _opt("--max-words", "-w", help="Extractive summary budget in syllables.", min=1)], _D.extractive.max_words, "extractive__max_words"),
    _Shared("max_share", Annotated[float, _opt("--max-share", help=f"Extractive summary at most this share, in (0, 1], of the deduplicated reports' syllables (never under {_D.extractive.min_words}).")], _D.extractive.max_share, "extractive__max_share"),
    _Shared("max_sentences", Annotated[int | None, _opt("--max-sentences", "-n", help="At most this many summary sentences (default: as many as the length holds).", min=1)], None, "max_sentences"),
    _Shared("recursive", Annotated[bool, _opt("--recursive/--no-recursive", help="Also read reports in sub-folders.")], _D.recursive, "recursive"),
    _Shared("drop_off_topic", Annotated[bool, _opt("--drop-off-topic/--keep-off-topic", help="Leave out reports that share little with the others, and every group of reports but a largest one when they fall into several (listed as skipped, with a warning), or keep them in the summary and only warn.")], _D.drop_off_topic, "drop_off_topic"),
    _Shared("fix_names", Annotated[bool, _opt("--fix-names/--keep-names", help="Correct a name misspelt once against its far more frequent spelling across the reports (a warning names each correction the headline or summary shows), or keep every name as the reports spell it.")], _D.fix_name_typos, "fix_name_typos"),
    _Shared("model", Annotated[str | None, _opt("--model", "-m", help=f"Model folder or Hugging Face id (default: {DEFAULT_MODEL_ID}).", panel=_MODEL_PANEL)], None, "model__model"),
    _Shared("backend", Annotated[str, _opt("--backend", help=f"Inference backend: {' | '.join(BACKENDS)}.", panel=_MODEL_PANEL)], _D.model.backend, "model__backend"),
    _Shared("precision", Annotated[str, _opt("--precision", help=f"Weight precision: {' | '.join(PRECISIONS)}.", panel=_MODEL_PANEL)], _D.model.precision, "model__precision"),
    _Shared("device", Annotated[str, _opt("--device", help=f"Device: {' | '.join(DEVICES)}.", panel=_MODEL_PANEL)], _D.model.device, "model__device"),
    _Shared("threads", Annotated[int | None, _opt("--threads", help="CPU threads for inference (default: all cores).", min=1, max=MAX_THREADS, panel=_MODEL_PANEL)], None, "model__threads"),
    _Shared("strategy", Annotated[str, _opt("--strategy", help=f"Over-long clusters: {' | '.join(STRATEGIES)}.", panel=_MODEL_PANEL)], _D.model.strategy, "model__strategy"),
    _Shared("max_input_tokens", Annotated[int | None, _opt("--max-input-tokens", help="Model input budget in tokens (default: the checkpoint's).", min=1, max=MAX_INPUT_TOKENS_LIMIT, panel=_MODEL_PANEL)], None, "model__max_input_tokens"),
    _Shared("allow_pickle", Annotated[bool, _opt("--allow-pickle", help="Accept pickle (.bin) weights. Unpickling can run code: only for files you trust.", panel=_MODEL_PANEL)], _D.model.allow_pickle, "model__allow_pickle"),
    _Shared("num_beams", Annotated[int | None, _opt("--num-beams", help=f"Beam width (default {_D.generation.num_beams}).", min=1, max=MAX_NUM_BEAMS, panel=_GEN_PANEL)], None, "generation__num_beams"),
    _Shared("max_new_tokens", Annotated[int | None, _opt("--max-new-tokens", help=f"Most summary tokens (default {_D.generation.max_new_tokens}).", min=1, max=MAX_NEW_TOKENS_LIMIT, panel=_GEN_PANEL)], None, "generation__max_new_tokens"),
    _Shared("min_new_tokens", Annotated[int | None, _opt("--min-new-tokens", help=f"Fewest summary tokens (default {DEFAULT_MIN_NEW_TOKENS}, lowered to --max-new-tokens when that is less). Any minimum is lowered to {_D.generation.min_new_share:g} of the model input's tokens, so a short input is not padded out; a warning says so when it lowers one given here.", min=0, max=MAX_NEW_TOKENS_LIMIT, panel=_GEN_PANEL)], None, "generation__min_new_tokens"),
    _Shared("no_repeat_ngram_size", Annotated[int | None, _opt("--no-repeat-ngram-size", help=f"Forbid repeated n-grams of this size, 0 for none (default {_D.generation.no_repeat_ngram_size}).", min=0, max=MAX_NO_REPEAT_NGRAM_SIZE, panel=_GEN_PANEL)], None, "generation__no_repeat_ngram_size"),
    _Shared("length_penalty", Annotated[float | None, _opt("--length-penalty", help=f"Beam length penalty: above 1 favours longer summaries, under 1 shorter (default {_D.generation.length_penalty}).", min=0.0, max=MAX_LENGTH_PENALTY, panel=_GEN_PANEL)], None, "generation__length_penalty"),
)


def build_options(**values: Any) -> SummarizeOptions:
    """Turn the shared CLI values into validated options; ``None`` keeps the default. The rules
    between options (a minimum of new tokens over the maximum, the default minimum giving way to
    a smaller maximum) are the options' own, as in the library."""
    check_model_value(values.get("model"))
    changes = {}
    for shared in _SHARED:
        value = values.get(shared.name)
        if value is not None and shared.target is not None:
            changes[shared.target] = value
    try:
        return DEFAULT_OPTIONS.with_changes(**changes)
    except BadOptionError as exc:
        raise BadOptionError(with_flags(str(exc))) from None


def model_only_flags(values: dict[str, Any]) -> list[str]:
    """The flags of the ViT5 engine's options (the model and generation panels) that ``values``
    sets away from their defaults: the extractive engine reads none of them."""
    flags = []
    for shared in _SHARED:
        if (_option_info(shared).rich_help_panel in (_MODEL_PANEL, _GEN_PANEL)
                and values.get(shared.name, shared.default) != shared.default):
            flags.append(_flag(shared) or shared.name)
    return flags


def _option_info(shared: _Shared) -> Any:
    """The typer option (``typer.models.OptionInfo``) a shared option's annotation holds."""
    return typing.get_args(shared.annotation)[1]


def _flag(shared: _Shared) -> str | None:
    """The long flag of a shared option ("--max-share")."""
    info = _option_info(shared)
    names = [name for name in (info.default, *info.param_decls) if isinstance(name, str) and name.startswith("--")]
    return names[0].split("/")[0] if names else None


def with_flags(message: str) -> str:
    """An options error as the command line says it: each field named by its flag ("invalid
    --max-share 2.0; it must be in (0, 1]" for the library's "invalid max_share 2.0 ...")."""
    for shared in _SHARED:
        flag = _flag(shared)
        if shared.target is None or flag is None:
            continue
        field = shared.target.rsplit("__", 1)[-1]
        if "_" in field:  # a field's own name: replaced wherever it stands
            message = re.sub(rf"(?<![\w-]){field}(?![\w-])", flag, message)
        else:  # a plain word ("threads"): only where the message names the value
            message = re.sub(rf"^invalid {field} ", f"invalid {flag} ", message)
    return message


def check_model_value(model: str | None) -> None:
    """Refuse a ``--model`` value that is an option (``--model -q``: click takes the next word
    as the value, and the option would be looked up as a model id) unless a folder or file of that
    name exists; an empty one the options refuse."""
    if model and model.startswith("-") and not expand_user(model).exists():
        raise BadOptionError(f"--model {model!r}: that is an option, not a model folder or Hugging Face id "
                             "(give --model a value)")


def with_summarize_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a typer command whose signature has ``options: SummarizeOptions``.

    The shared options are added to the command's signature; the command receives the
    validated ``options`` instead. Invalid values end the command with a one-line error.
    """
    signature = inspect.signature(func, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != "options"]
    added = [
        inspect.Parameter(s.name, inspect.Parameter.KEYWORD_ONLY, default=s.default, annotation=s.annotation)
        for s in _SHARED
    ]
    names = {s.name for s in _SHARED}

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        shared = {k: kwargs.pop(k) for k in list(kwargs) if k in names}
        try:
            options = build_options(**shared)
        except SummarizerError as exc:
            fail(exc)
        ignored = model_only_flags(shared) if options.engine == "extractive" else []
        if ignored and not kwargs.get("quiet"):
            echo_stderr(f"notice: {', '.join(ignored)} {'has' if len(ignored) == 1 else 'have'} no effect with "
                        "--engine extractive (the ViT5 engine's options)")
        return func(*args, options=options, **kwargs)

    positional = [p for p in own if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p not in positional]
    wrapper.__signature__ = signature.replace(parameters=positional + keyword + added)  # type: ignore[attr-defined]
    return wrapper


def _print_version(ctx: typer.Context, value: bool) -> None:
    if value:
        from . import __version__

        try:
            echo_stdout(f"{ctx.info_name or 'summarizer'} {__version__}\n")
        except StdoutClosed:
            _silence(sys.stdout)
            raise typer.Exit(BROKEN_PIPE_EXIT) from None
        except SummarizerError as exc:
            fail(exc)
        raise typer.Exit()


# ``--version`` for every command: prints "<command> <version>" and exits 0.
VersionOption = Annotated[
    bool,
    typer.Option("--version", callback=_print_version, is_eager=True, expose_value=False, help="Print the version and exit."),
]


def nonempty_path(value: str, what: str) -> Path:
    """``value`` (a path argument taken as text) as a Path; BadOptionError when it is empty,
    which click's own Path type would read as "." (the working folder)."""
    if not value.strip():
        raise BadOptionError(f"empty {what} path")
    return Path(value)


def optional_path(value: str | None, what: str) -> Path | None:
    """An optional path option taken as text (:func:`nonempty_path` when given): ``-o ''`` is a
    usage error, not the working folder."""
    return None if value is None else nonempty_path(value, what)


def fail(exc: SummarizerError) -> None:
    """Print the error as one line on stderr and exit with its code."""
    echo_stderr(f"error: {exc}")
    raise typer.Exit(exc.exit_code)


def _silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at the null device, so that what is left in its buffer, and
    whatever is written to it later (the interpreter flushes stdout and stderr at exit, and exits
    120 when that fails), cannot fail again (the recipe of Python's note on SIGPIPE). Nothing to
    do for a stream without a descriptor (a test runner's)."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def echo_stderr(text: str) -> None:
    """Print ``text`` (a notice, a warning, an error line) on stderr, as far as stderr takes it: a
    tool cannot report to a stderr that is closed, full (``2>/dev/full``) or whose reader went
    away, so the line is dropped, stderr is pointed at the null device for the rest of the run
    (:func:`_silence`), and the run's own exit code stands (a summary written is a success; an
    error keeps its code). A file name that is not UTF-8 shows as the JSON output writes it
    (``normalize.representable``: ``b\\xe1o.txt``), and a line break in it as ``\\n``: a notice
    is one line."""
    try:
        typer.echo(representable(text).replace("\r", "\\r").replace("\n", "\\n"), err=True)
    except (OSError, ValueError):  # ValueError: a stream closed under us
        _silence(sys.stderr)


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (for a spinner or a progress bar); False when the process has
    none (started with ``2>&-``) or it is closed."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


def settle_stderr() -> None:
    """Flush stderr before exiting, silencing it (:func:`_silence`) when it cannot be written, so
    that a notice left in its buffer (by logging, or Python's own warnings, which drop the error
    but keep the text) does not turn the exit code into the interpreter's 120."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError):
        _silence(stream)


LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"  # stderr log lines of the three commands


class _SaidInWarnings(logging.Filter):
    """While ``active``, leaves out the log records of notices that the result's warnings also
    hold (records with ``result.IN_WARNINGS`` set): `summarize` prints those warnings at its end
    and would say them twice. Elsewhere (summarize-batch, whose records hold the warnings) the
    stderr line is the only place a user sees them as they happen."""

    def __init__(self) -> None:
        super().__init__()
        self.active = False

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.active and getattr(record, IN_WARNINGS, False))


SAID_IN_WARNINGS = _SaidInWarnings()  # on every handler the CLI logs through


@contextmanager
def warnings_printed_after() -> Iterator[None]:
    """The block's notices that reach the result's warnings are not logged on stderr as well
    (see :class:`_SaidInWarnings`)."""
    SAID_IN_WARNINGS.active = True
    try:
        yield
    finally:
        SAID_IN_WARNINGS.active = False


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is logged, not the stream of the first
    call: a command run again in one process (a test runner, an embedding program that swaps
    stderr) must not log to a stream an earlier run closed."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.addFilter(SAID_IN_WARNINGS)

    def handleError(self, record: logging.LogRecord) -> None:
        """A stderr that cannot be written (closed, full) drops the line, as :func:`echo_stderr`
        does, instead of logging's report of the failure, which would fail on it too and stay in
        its buffer; any other failure (a bad format string: a bug) is reported as logging does."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError) or (isinstance(error, ValueError) and getattr(sys.stderr, "closed", False)):
            _silence(sys.stderr)
            return
        super().handleError(record)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # StreamHandler.__init__ assigns it; stderr is read live
        pass


def setup_logging(verbose: bool, quiet: bool) -> None:
    """Log to stderr through the ``summarizer`` logger: warnings by default."""
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logger = logging.getLogger("summarizer")
    logger.setLevel(level)
    if all(isinstance(h, logging.NullHandler) for h in logger.handlers):  # the package's own NullHandler
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)


class NoticeFormatter(logging.Formatter):
    """Warnings and errors as the commands print their own notices, ``warning: ...`` (and
    ``error: ...``); the lines ``--verbose`` adds below them as :data:`LOG_FORMAT` has them."""

    def __init__(self) -> None:
        super().__init__(LOG_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno < logging.WARNING:
            return super().format(record)
        label = "error" if record.levelno >= logging.ERROR else "warning"
        return f"{label}: {record.getMessage()}"


@contextmanager
def notices_as_lines() -> Iterator[None]:
    """While the block runs, the ``summarizer`` logger's stderr lines are formatted by
    :class:`NoticeFormatter` (``summarize-eval``, whose notices are all log records), then as
    before (the handler is shared by every command run in one process)."""
    handlers = [h for h in logging.getLogger("summarizer").handlers if isinstance(h, StderrHandler)]
    saved = [h.formatter for h in handlers]
    for handler in handlers:
        handler.setFormatter(NoticeFormatter())
    try:
        yield
    finally:
        for handler, formatter in zip(handlers, saved):
            handler.setFormatter(formatter)


STDOUT_ARG = "-"  # as an output path: write to standard output


def is_stdout(path: Path | str | None) -> bool:
    """Whether the output path ``path`` means standard output (``-o -``)."""
    return path is not None and str(path) == STDOUT_ARG


class StdoutClosed(Exception):
    """The reader of stdout went away (``summarize ... | head``): :func:`cli_edge` exits with
    BROKEN_PIPE_EXIT and prints nothing. Raised only where stdout is written, so that a broken
    pipe elsewhere (a worker process) is still reported as the bug it is."""


# What to do instead of writing a closed stdout, by default (summarize); another command says its own.
STDOUT_CLOSED_HINT = "write to a file with -o FILE"


def _require_stdout(hint: str = STDOUT_CLOSED_HINT) -> None:
    """OutputError when the process has no stdout at all (started with ``>&-``), saying ``hint``."""
    if sys.stdout is None:
        raise OutputError(f"standard output is closed; {hint}")


@contextmanager
def writing_stdout(hint: str = STDOUT_CLOSED_HINT) -> Iterator[None]:
    """Around writing the command's output to stdout: OutputError when the process has no
    stdout; StdoutClosed when its reader went away (``| head``); OutputError (exit 6, as for an
    ``-o`` file) when it cannot be written otherwise (``> /dev/full``: no space left), stdout then
    silenced (:func:`_silence`) so that the interpreter's flush at exit does not fail again.
    ``hint``: what the closed-stdout error tells the user to do instead."""
    _require_stdout(hint)
    try:
        yield
    except BrokenPipeError as exc:
        raise StdoutClosed() from exc
    except UnicodeError:
        raise  # text the output cannot hold is a bug of what was written, not a failing stdout
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        _silence(sys.stdout)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"cannot write standard output: {reason}") from exc


def echo_stdout(text: str, hint: str = STDOUT_CLOSED_HINT) -> None:
    """Write ``text`` to stdout and flush it (see :func:`writing_stdout`). OutputError when
    stdout's encoding cannot hold it (``PYTHONIOENCODING=cp1252``: no "Đ"), naming the first
    character it cannot: the command's output is never written garbled."""
    _require_stdout(hint)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise OutputError(f"standard output's encoding {encoding} cannot hold {exc.object[exc.start]!r}; "
                          f"set PYTHONIOENCODING=utf-8, or {hint}") from None
    except LookupError:
        pass  # an encoding Python does not know: the stream's write says what it can
    with writing_stdout(hint):
        typer.echo(text, nl=False)
        sys.stdout.flush()


def stdout_console() -> Any:
    """A rich console on stdout whose broken pipe raises StdoutClosed (rich's own handling
    exits 1, a code that means nothing here)."""
    from rich.console import Console

    _require_stdout()

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise StdoutClosed()

    return _PipeConsole()


@contextmanager
def cli_edge(log: logging.Logger) -> Iterator[None]:
    """The CLI edge: the tool's errors become one line and their exit code; Ctrl-C exits 130,
    SIGTERM 143, each after the work in hand is cleaned up (a model build's temporary folder, an
    output's temporary file: a SIGTERM left them); a reader of stdout that went away (``| head``)
    exits 141 in silence; any other exception (a bug) becomes one line and INTERNAL_ERROR_EXIT,
    its traceback logged."""
    try:
        with _terminate_as_exception():
            yield
    except SummarizerError as exc:
        if isinstance(exc, FolderNotFoundError) and working_folder_gone():
            exc = FolderNotFoundError(f"{exc} ({WORKING_FOLDER_GONE})")
        fail(exc)
    except KeyboardInterrupt:
        echo_stderr("error: interrupted")
        raise typer.Exit(INTERRUPTED_EXIT) from None
    except Terminated:
        echo_stderr("error: terminated")
        raise typer.Exit(TERMINATED_EXIT) from None
    except StdoutClosed:
        _silence(sys.stdout)
        raise typer.Exit(BROKEN_PIPE_EXIT) from None
    except FileNotFoundError as exc:
        if not working_folder_gone():
            _internal_error(log, exc)
        echo_stderr(f"error: {WORKING_FOLDER_GONE}")
        raise typer.Exit(FolderNotFoundError.exit_code) from None
    except MemoryError:
        log.debug("out of memory", exc_info=True)
        echo_stderr("error: out of memory: the reports need more memory than this process may use "
                    "(a report takes about 100 times its size); give fewer or smaller reports, or more memory")
        raise typer.Exit(OUT_OF_MEMORY_EXIT) from None
    except Exception as exc:
        _internal_error(log, exc)


def _internal_error(log: logging.Logger, exc: Exception) -> NoReturn:
    """A bug: one line, the traceback logged, INTERNAL_ERROR_EXIT."""
    log.debug("internal error", exc_info=True)
    echo_stderr(f"error: internal error: {type(exc).__name__}: {exc} (run with -v for details)")
    raise typer.Exit(INTERNAL_ERROR_EXIT) from None


WORKING_FOLDER_GONE = ("the working folder was deleted or moved, so no relative path can be read; cd to an "
                       "existing folder or give absolute paths")


def working_folder_gone() -> bool:
    """Whether the working folder no longer exists (deleted under the shell): every relative
    path then fails with FileNotFoundError."""
    try:
        os.getcwd()
    except OSError:
        return True
    return False


class Terminated(BaseException):
    """Raised by the SIGTERM handler :func:`cli_edge` installs: unwinds as Ctrl-C does (a
    BaseException, so no ``except Exception`` takes it for an error of its own)."""


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` in the main thread while the block runs (Python's default
    ends the process at once, no ``finally`` run); the handler before is restored after. A
    ``summarize-batch`` run sets its own while it runs (``batch._StopFlag``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _parse_error_types() -> tuple[type[Exception], ...]:
    """The exception types a command line parse error comes as: typer's own (typer 0.2x carries
    its own click, whose exceptions derive from TyperException) and click's (older typer)."""
    found: list[type[Exception]] = [typer.TyperException] if hasattr(typer, "TyperException") else []
    try:
        import click
    except ImportError:
        return tuple(found)
    return (*found, click.ClickException)


STANDARD_DESCRIPTORS = (0, 1, 2)  # stdin, stdout, stderr


def fill_closed_descriptors() -> None:
    """Open the null device on each standard descriptor the process was started without
    (``<&-``, ``>&-``, ``2>&-``, as daemons and cron jobs run). Otherwise the next file opened
    takes its number, and whatever writes to "stderr" below Python (a native library, a worker
    process inheriting it) would write into that file: an output being written, say. Python's
    own stream for it stays None, so a closed stdin or stdout is still told apart."""
    for descriptor in STANDARD_DESCRIPTORS:
        try:
            os.fstat(descriptor)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != descriptor:
                os.dup2(devnull, descriptor)
                os.close(devnull)


def _stdout_failure_exit(exc: OSError) -> int:
    """The exit code of an OSError that escaped a command's parsing, where only click's output
    is written (``--help`` into a full disk: every command body is inside :func:`cli_edge`, and
    ``--version`` writes through :func:`echo_stdout`): stdout's failure as :func:`writing_stdout`
    tells it, 141 for a reader gone, else 6 in one line, not a traceback."""
    _silence(sys.stdout)
    if isinstance(exc, BrokenPipeError):
        return BROKEN_PIPE_EXIT
    echo_stderr(f"error: cannot write standard output: {exc.strerror or exc}")
    return OutputError.exit_code


def _file_identity(target: int | str) -> tuple[int, int] | None:
    """What file a descriptor or a path refers to (device, inode), or None when there is none."""
    try:
        found = os.stat(target)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _rich_left_broken_pipe(stdout_before: tuple[int, int] | None) -> bool:
    """Whether rich handled a broken stdout its own way: on a BrokenPipeError its console points
    descriptor 1 at the null device and raises SystemExit(1) (``Console.on_broken_pipe``). That
    is how typer's help reaches ``summarize --help | head``; the exit code then is this tool's
    BROKEN_PIPE_EXIT, not a 1 that means nothing here."""
    now = _file_identity(STANDARD_DESCRIPTORS[1])
    return now is not None and now != stdout_before and now == _file_identity(os.devnull)


def run_app(app: typer.Typer, prog_name: str) -> None:
    """Run a command line app as a console script: a usage error (an unknown option, a missing
    argument, a value out of range) is one line on stderr, "error: ...", with exit code 2, like
    every other error, instead of click's usage box. Standard descriptors the process lacks are
    filled first (:func:`fill_closed_descriptors`), and a stderr that cannot be written never
    changes the exit code (:func:`echo_stderr`, :func:`settle_stderr`)."""
    fill_closed_descriptors()
    stdout_before = _file_identity(STANDARD_DESCRIPTORS[1])
    try:
        code = app(prog_name=prog_name, standalone_mode=False)
    except _parse_error_types() as exc:
        if not hasattr(exc, "format_message"):
            raise
        echo_stderr(f"error: {exc.format_message().rstrip('.')} (see {prog_name} --help)")
        code = getattr(exc, "exit_code", BadOptionError.exit_code)
    except typer.Abort:  # end of input while click read a prompt's answer
        echo_stderr("error: interrupted")
        code = INTERRUPTED_EXIT
    except OSError as exc:  # outside the command's own edge (cli_edge): click writing --help
        code = _stdout_failure_exit(exc)
    except SystemExit as exc:
        if exc.code != 1 or not _rich_left_broken_pipe(stdout_before):
            raise
        code = BROKEN_PIPE_EXIT  # typer's rich help written into a pipe whose reader went away
    finally:
        settle_stderr()
    sys.exit(code if isinstance(code, int) else 0)


class ConsoleLog(logging.Handler):
    """Prints log records through a rich console, so they appear above its live display."""

    def __init__(self, console: Any, formatter: logging.Formatter | None) -> None:
        super().__init__()
        self._console = console
        self.setFormatter(formatter or logging.Formatter(LOG_FORMAT))
        self.addFilter(SAID_IN_WARNINGS)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._console.print(self.format(record), markup=False, highlight=False, soft_wrap=True)
        except Exception:  # logging's contract: report through handleError, never raise
            self.handleError(record)


class LogRoute:
    """Between ``start`` and ``stop``, the ``summarizer`` logger prints through ``console``
    (above a live display) instead of its own handlers."""

    def __init__(self, console: Any) -> None:
        self._console = console
        self._saved: list[logging.Handler] | None = None

    def start(self) -> None:
        logger = logging.getLogger("summarizer")
        self._saved = list(logger.handlers)
        formatter = next((h.formatter for h in self._saved if h.formatter is not None), None)
        logger.handlers[:] = [ConsoleLog(self._console, formatter)]

    def stop(self) -> None:
        if self._saved is not None:
            logging.getLogger("summarizer").handlers[:] = self._saved
            self._saved = None


class StageSpinner:
    """A transient rich spinner on stderr naming the pipeline stage under way (``summarize`` on
    a terminal: loading a model and generating take seconds to minutes on a CPU)."""

    def __init__(self, labels: dict[str, str], console: Any = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True)
        self._labels = labels
        self._status: Any = None

    def __enter__(self) -> "StageSpinner":
        self._route = LogRoute(self.console)
        self._route.start()
        self._status = self.console.status("starting")
        self._status.start()
        return self

    def update(self, stage: str) -> None:
        self._status.update(self._labels.get(stage, stage))

    def __exit__(self, *exc: object) -> None:
        self._status.stop()
        self._route.stop()
