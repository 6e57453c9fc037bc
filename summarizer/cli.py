"""`summarize FOLDER`: one headline and one summary for a folder of reports about one event."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import StageSpinner, cli_edge, setup_logging, with_summarize_options
from .errors import BadOptionError
from .options import FORMATS, SummarizeOptions

log = logging.getLogger("summarizer.cli")


app = typer.Typer(
    add_completion=False,
    help="Summarize a folder of Vietnamese news reports about one event into one headline and one summary.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def render(result, fmt: str) -> str:
    """The result as text, Markdown or JSON (the JSON contract of README, "JSON schema")."""
    if fmt == "json":
        return result.to_json() + "\n"
    if fmt == "markdown":
        lines = [f"# {result.title}", "", result.summary, ""]
        engine = result.engine if result.backend is None else f"{result.engine} ({result.backend}, {result.precision})"
        files = ", ".join(s.file for s in result.sources)
        lines.append(f"*Engine: {engine}. Sources: {files}.*")
        return "\n".join(lines) + "\n"
    return f"{result.title}\n\n{result.summary}\n"


@app.command()
@with_summarize_options
def summarize_command(
    folder: Annotated[Path, typer.Argument(help="Folder holding the reports of one event (.txt, .md, .html, .htm, .docx, .pdf).", show_default=False)],
    options: SummarizeOptions,
    output_format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {' | '.join(FORMATS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no notices or warnings on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and details on stderr.")] = False,
) -> None:
    """Summarize the reports in FOLDER."""
    setup_logging(verbose, quiet)
    with cli_edge(log):
        if output_format not in FORMATS:
            raise BadOptionError(f"invalid format {output_format!r}; choose one of: {', '.join(FORMATS)}")
        from .fileio import check_writable, write_atomic
        from .pipeline import summarize

        if output is not None:
            check_writable(output)
        if not quiet and sys.stderr.isatty():
            from .pipeline import STAGES

            with StageSpinner(STAGES) as spinner:
                result = summarize(folder, options, on_stage=spinner.update)
        else:
            result = summarize(folder, options)
        text = render(result, output_format)
        if output is not None:
            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)
    sys.stdout.flush()  # the summary first, then the notices
    if not quiet:
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        if result.engine == "extractive":
            typer.echo("engine: extractive (no model ran)", err=True)
        else:
            typer.echo(f"engine: {result.engine} ({result.backend}, {result.precision}) model: {result.model_path}", err=True)


def main() -> None:
    app(prog_name="summarize")


if __name__ == "__main__":
    main()
