"""`summarize FOLDER`: one headline and one summary for a folder of reports about one event."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    StageSpinner, StdoutClosed, VersionOption, cli_edge, echo_stderr, echo_stdout, is_stdout, optional_path, run_app,
    setup_logging, stderr_is_terminal, warnings_printed_after, with_summarize_options,
)
from .errors import BadOptionError, NoReadableReportsError, OutputError
from .options import DEFAULT_FORMAT, FORMAT_OF_SUFFIX, FORMATS, SummarizeOptions
from .render import render

log = logging.getLogger("summarizer.cli")


app = typer.Typer(
    add_completion=False,
    help="Summarize a folder of Vietnamese news reports about one event into one headline and one summary.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


STDIN_ARG = "-"  # as the only path: read the reports from standard input
@app.command()
@with_summarize_options
def summarize_command(
    arguments: Annotated[
        list[str],  # not Path: click reads an empty argument as "." (the working folder)
        typer.Argument(
            help="A folder holding the reports of one event, or the report files themselves "
            "(.txt, .md, .html, .htm, .docx, .doc, .odt, .rtf, .pdf, .eml); '-' reads stdin: one "
            "report's text, or JSON ({\"reports\": [...]} or a list) for several.",
            show_default=False,
            metavar="FOLDER | FILE... | -",
        ),
    ],
    options: SummarizeOptions,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {' | '.join(FORMATS)} (default: as the -o file's suffix asks, "
            f"{', '.join(f'{k} {v}' for k, v in FORMAT_OF_SUFFIX.items())}; else {DEFAULT_FORMAT}).",
            show_default=False,
        ),
    ] = None,
    output_arg: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout ('-': stdout).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no notices or warnings on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and details on stderr.")] = False,
    version: VersionOption = False,
    cite: Annotated[
        bool,
        typer.Option(
            "--cite",
            help="Text and Markdown: after each sentence the numbers of the reports it comes from, "
            "then the numbered reports.",
        ),
    ] = False,
) -> None:
    """Summarize the reports in FOLDER (or the report FILEs) into one headline and one summary."""
    setup_logging(verbose, quiet)
    with cli_edge(log):
        output = optional_path(output_arg, "--output")
        if output_format is not None and output_format not in FORMATS:
            raise BadOptionError(f"invalid format {output_format!r}; choose one of: {', '.join(FORMATS)}")
        from .documents import REPORT_SUFFIXES, input_files
        from .fileio import check_not_an_input, check_not_read_as_report, check_not_stdin, check_writable, write_atomic
        from .pipeline import EMPTY_PATH_ERROR, Source, summarize

        if any(not argument.strip() for argument in arguments):
            raise BadOptionError(EMPTY_PATH_ERROR)
        paths = [Path(argument) for argument in arguments]
        source: Source
        from_stdin = any(str(path) == STDIN_ARG for path in paths)
        if from_stdin:
            if len(paths) != 1:
                raise BadOptionError(f"'{STDIN_ARG}' (read the reports from stdin) cannot be given with folders or files")
            from .corpus import stdin_reports

            source = stdin_reports(_read_stdin())
        else:
            source = paths[0] if len(paths) == 1 else paths
        if is_stdout(output):
            output = None
        if output is not None:
            check_writable(output)
            if from_stdin:  # a file redirected into stdin (`summarize - -o f < f`) is an input too
                check_not_stdin(output)
            else:
                check_not_an_input(output, input_files(paths, recursive=options.recursive))
                folders = [path for path in paths if _is_folder(path)]  # a new report there would be read next time
                check_not_read_as_report(output, folders, recursive=options.recursive, suffixes=REPORT_SUFFIXES,
                                         kind="reports folder")
        # the result's warnings are printed below: a notice among them is not logged as well
        with warnings_printed_after():
            if not quiet and stderr_is_terminal():
                from .pipeline import STAGES

                with StageSpinner(STAGES) as spinner:
                    result = summarize(source, options, on_stage=spinner.update)
            else:
                result = summarize(source, options)
        if output_format is None:
            output_format = DEFAULT_FORMAT if output is None else FORMAT_OF_SUFFIX.get(output.suffix.lower(), DEFAULT_FORMAT)
        text = render(result, output_format, cite=cite)
        if output is not None:
            try:
                write_atomic(output, text)
            except OutputError as exc:
                if isinstance(exc.__cause__, BrokenPipeError):  # -o /dev/stdout whose reader went away: as -o -
                    raise StdoutClosed() from exc
                raise
        else:
            echo_stdout(text)  # the summary first, then the notices
    if not quiet:
        for warning in result.warnings:
            echo_stderr(f"warning: {warning}")
        if result.engine == "extractive":
            echo_stderr("engine: extractive (no model ran)")
            length = result.length
            if length is not None and length.limited_by != "max_words":
                floor = "the floor of " if length.limited_by == "min_words" else ""
                echo_stderr(f"length: at most {length.budget} syllables ({floor}--max-share "
                            f"{options.extractive.max_share:g} of {length.input} deduplicated syllables; "
                            f"--max-words {options.extractive.max_words} for longer clusters)")
        else:
            echo_stderr(f"engine: {result.engine} ({result.backend}, {result.precision}) model: {result.model_path}")
            packing = result.packing
            if packing is not None and packing.sentences_left_out:  # never silent: stderr says it, as JSON lists it
                left = len(packing.sentences_left_out)
                hint = "" if packing.strategy == "map-reduce" else "; --strategy map-reduce reads them all"
                echo_stderr(f"model input: {left} of {packing.sentences_packed + left} sentences left out "
                            f"({packing.tokens_packed} of {packing.token_budget} tokens used; listed under packing "
                            f"in --format json{hint})")


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; one that cannot be examined (a name too long, a folder on
    the way that may not be searched) is the loader's to report, as for any run without -o."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _read_stdin() -> bytes:
    """All of standard input, as bytes; NoReadableReportsError when the process has none (started
    with ``<&-``: Python's stream is None) or it cannot be read, as for an empty one."""
    stream = sys.stdin
    if stream is None:
        raise NoReadableReportsError("no readable report: standard input is closed; "
                                     f"pipe the reports in, or give a folder or files instead of '{STDIN_ARG}'")
    try:
        return stream.buffer.read()
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise NoReadableReportsError(f"no readable report: cannot read standard input: {reason}") from exc


def main() -> None:
    run_app(app, "summarize")


if __name__ == "__main__":
    main()
