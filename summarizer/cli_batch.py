"""`summarize-batch ROOT -o results.jsonl`: summarize every cluster folder under ROOT (or every
line of a JSON Lines archive)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_common import (
    STDOUT_ARG, LogRoute, VersionOption, cli_edge, echo_stderr, is_stdout, nonempty_path, notices_as_lines, run_app,
    setup_logging, stderr_is_terminal, with_summarize_options,
)
from .corpus import is_failure
from .errors import BadOptionError
from .options import MAX_WORKERS, SummarizeOptions

log = logging.getLogger("summarizer.cli_batch")


app = typer.Typer(
    add_completion=False,
    help="Summarize every cluster folder under ROOT into one JSON line per cluster.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class RichProgress:
    """A rich progress bar on stderr: done/total, clusters per second, elapsed and ETA. While it
    runs, the ``summarizer`` logger prints through its console (above the bar)."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]summarize-batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("failed {task.fields[failed]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._task: Any = None
        self._failed = 0
        self._count = 0
        self._started = 0.0
        self._route = LogRoute(self._progress.console)  # log lines above the bar while it runs

    def start(self, total: int, already_done: int) -> None:
        import time

        self._route.start()
        self._progress.start()
        self._started = time.perf_counter()
        self._task = self._progress.add_task("batch", total=total, completed=already_done, rate="-", failed=0)

    def advance(self, record: dict[str, Any]) -> None:
        import time

        self._count += 1
        self._failed += is_failure(record)
        elapsed = time.perf_counter() - self._started
        rate = f"{self._count / elapsed:.2f} clusters/s" if elapsed > 0 else "-"
        self._progress.update(self._task, advance=1, rate=rate, failed=self._failed)

    def stop(self) -> None:
        self._progress.stop()
        self._route.stop()


@app.command()
@with_summarize_options
def batch_command(
    root: Annotated[str, typer.Argument(help="Folder with one sub-folder per cluster (or a ViMs root with clusters/), or a .jsonl archive of one cluster a line.", show_default=False)],
    options: SummarizeOptions,
    output_arg: Annotated[str, typer.Option("--output", "-o", help="JSON Lines output file (one record per cluster).", show_default=False)],
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes; each loads the engine once.", min=1, max=MAX_WORKERS)] = 1,
    shard: Annotated[str | None, typer.Option("--shard", help="Run only shard i of n (i/n): cluster k of the sorted ids goes to shard k mod n + 1.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Run at most N clusters (the first N of the shard, by id).", min=1)] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Keep the records already in OUTPUT and skip those clusters (error records run again).")] = False,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", metavar="ID", help="Leave out the cluster with this id (repeatable), e.g. one that kills its worker.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary line, only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and details on stderr.")] = False,
    version: VersionOption = False,
) -> None:
    """Summarize every cluster under ROOT; exit 12 when some clusters failed, 130 after Ctrl-C, 143 after SIGTERM."""
    setup_logging(verbose, quiet)
    from .batch import parse_shard, run_batch

    progress = RichProgress() if not quiet and stderr_is_terminal() else None
    with cli_edge(log):
        output = nonempty_path(output_arg, "--output")
        if is_stdout(output):
            raise BadOptionError(f"summarize-batch writes a file it can lock and resume; give --output a file name, not '{STDOUT_ARG}'")
        shard_pair = parse_shard(shard) if shard is not None else None
        try:
            with notices_as_lines():  # "warning: cluster c9 failed: ...", as the other commands print theirs
                report = run_batch(
                    nonempty_path(root, "ROOT"), output, options, workers=workers, shard=shard_pair, limit=limit,
                    resume=resume, progress=progress, exclude=exclude or (),
                )
        finally:
            if progress is not None:
                progress.stop()
    if not quiet:
        excluded = f" ({report.excluded} excluded)" if report.excluded else ""
        echo_stderr(
            f"{report.succeeded} ok, {report.failed} failed, {report.already_done} already done "
            f"of {report.selected} clusters{excluded} in {report.seconds:.1f}s ({report.rate:.2f} clusters/s) -> {report.output}"
        )
        if report.failed_ids:
            echo_stderr(f"failed: {', '.join(report.failed_ids)}")
        if report.interrupted:
            echo_stderr(f"{'terminated' if report.terminated else 'interrupted'}: rerun with --resume to finish")
    raise typer.Exit(report.exit_code)


def main() -> None:
    run_app(app, "summarize-batch")


if __name__ == "__main__":
    main()
