"""`summarize-eval --pred results.jsonl --refs DIR`: ROUGE of batch output against references."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    STDOUT_ARG, VersionOption, cli_edge, echo_stdout, is_stdout, nonempty_path, notices_as_lines, optional_path, run_app,
    setup_logging, stdout_console, writing_stdout,
)
from .errors import BadOptionError, EvaluationError

log = logging.getLogger("summarizer.cli_eval")
MISSING_SHOWN = 5  # cluster ids named in the warning about clusters one side of --against lacks


app = typer.Typer(
    add_completion=False,
    help="Score summaries (summarize-batch JSON Lines) against reference summaries with Vietnamese ROUGE.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_table(report, selection: str) -> None:
    from rich.table import Table

    from .evaluate import ROUGE_TYPES, percent

    data = report.to_dict()
    table = Table(title=f"ROUGE on {selection} (F1 / P / R in points; 95% bootstrap CI of F1)")
    for column in ("metric", "F1", "P", "R", "95% CI"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name in ROUGE_TYPES + ("title_rouge1", "title_rouge2"):
        metric = data[name]
        if metric is None:
            continue
        low, high = metric["ci95"]
        table.add_row(name, percent(metric["f"]), percent(metric["p"]), percent(metric["r"]), f"[{percent(low)}, {percent(high)}]")
    console = stdout_console()
    console.print(table)
    console.print(
        f"clusters {data['clusters']} (predicted {data['predicted']}, missing {len(data['missing'])}), "
        f"avg syllables {data['avg_syllables']:.1f}, redundancy {100 * data['redundancy']:.2f}%",
        highlight=False,
    )
    if data["order_tau"] is not None:
        console.print(f"order agreement with the references (Kendall's tau): {data['order_tau']:.3f} "
                      f"over {data['order_clusters']} clusters with aligned sentence pairs", highlight=False)
    if data["missing"]:
        failed = set(data["failed"])
        parts = [f"{len(ids)} {kind} ({', '.join(ids)})" for kind, ids in (
            ("failed", [i for i in data["missing"] if i in failed]),  # an error record
            ("absent", [i for i in data["missing"] if i not in failed]),  # no record at all
        ) if ids]
        console.print(f"missing (scored 0): {', '.join(parts)}", highlight=False)
    if report.empty:
        console.print(f"empty summaries (scored 0): {len(report.empty)} ({', '.join(report.empty)})", highlight=False)
    if data["without_summary"]:
        console.print(f"references without a summary (not scored): {', '.join(data['without_summary'])}",
                      highlight=False)


def _print_comparison(comparison: dict, pred: Path) -> None:
    from rich.table import Table

    from .evaluate import ROUGE_TYPES, percent

    table = Table(
        title=f"{pred.name} against {Path(comparison['pred']).name} on {comparison['clusters']} clusters "
        "(F1 in points; paired bootstrap 95% CI; randomization test)"
    )
    for column in ("metric", "F1", "other F1", "difference", "95% CI", "p", "wins / losses / ties"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name in ROUGE_TYPES:
        row = comparison[name]
        low, high = row["ci95"]
        table.add_row(
            name, percent(row["f"]), percent(row["f_other"]), f"{100 * row['diff']:+.2f}",
            f"[{100 * low:+.2f}, {100 * high:+.2f}]", f"{row['p_value']:.4f}",
            f"{row['wins']} / {row['losses']} / {row['ties']}",
        )
    console = stdout_console()
    console.print(table)
    order = comparison["order_tau"]
    if order is not None:
        low, high = order["ci95"]
        console.print(f"order agreement (Kendall's tau) {order['tau']:.3f} against {order['tau_other']:.3f} on "
                      f"{order['clusters']} clusters: {order['diff']:+.3f} [{low:+.3f}, {high:+.3f}], "
                      f"p = {order['p_value']:.4f}", highlight=False)


EVAL_STDOUT_CLOSED_HINT = "write the figures to a file with --json FILE or --csv FILE, and pass -q to print no table"


@app.command()
def eval_command(
    pred_arg: Annotated[str, typer.Option("--pred", "-p", help="Predictions: JSON Lines from summarize-batch.", show_default=False)],
    refs: Annotated[str, typer.Option("--refs", "-r", help="References: folder per cluster (.txt read whole; .html, .md and other report formats read as the loader reads a report, their body), a ViMs summaries/ folder, a ViMs root (not its clusters/ folder: those are the reports), or a .jsonl file ({\"id\", \"summaries\", \"titles\"} a line). Every layout is cleaned alike: ViMs header lines (Cluster_NNN first, =Section= lines) dropped, text normalized as reports are, references without words skipped.", show_default=False)],
    json_arg: Annotated[str | None, typer.Option("--json", help="Write the figures as JSON (stable contract) to this file ('-': stdout, instead of the table).")] = None,
    csv_arg: Annotated[str | None, typer.Option("--csv", help="Write per-cluster scores as CSV to this file ('-': stdout, instead of the table).")] = None,
    split: Annotated[str, typer.Option("--split", help="ViMs split to score: tune (Cluster_001-200) | heldout (Cluster_201-300) | all; tune and heldout need ViMs cluster ids.")] = "all",
    ids_arg: Annotated[str | None, typer.Option("--ids", help="Score only the cluster ids listed in this file (one per line; a line whose first non-space character is '#' is a comment, and a '#' elsewhere is part of the id).")] = None,
    against_arg: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Other predictions (JSON Lines) to compare with on the same clusters: "
            "paired difference of F1, bootstrap CI, randomization-test p-value.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no table and no warnings.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details on stderr.")] = False,
    version: VersionOption = False,
) -> None:
    """Score PRED against REFS; clusters with references but no prediction score 0 and are listed."""
    setup_logging(verbose, quiet)
    with notices_as_lines(), cli_edge(log):
        from .corpus import SPLITS, load_references, read_id_list, representable_value, split_ids
        from .evaluate import compare, evaluate, load_predictions
        from .fileio import check_not_an_input, check_outside, check_writable, write_atomic

        refs_path = nonempty_path(refs, "--refs")  # before the outputs are checked against it ('' is no folder)
        pred = nonempty_path(pred_arg, "--pred")  # each path option taken as text: '' is no file, not "."
        json_path, csv_path = optional_path(json_arg, "--json"), optional_path(csv_arg, "--csv")
        ids_file, against = optional_path(ids_arg, "--ids"), optional_path(against_arg, "--against")
        if split not in SPLITS:
            raise BadOptionError(f"invalid split {split!r}; choose one of: {', '.join(SPLITS)}")
        if is_stdout(json_path) and is_stdout(csv_path):
            raise BadOptionError(f"--json and --csv cannot both be '{STDOUT_ARG}' (stdout); give one of them a file name")
        files = [Path(t) for t in (json_path, csv_path) if t is not None and not is_stdout(t)]
        if len(files) == 2 and files[0].resolve() == files[1].resolve():
            raise BadOptionError(f"--json and --csv name one file ({str(files[0])!r}); the one written last would "
                                 "replace the other: give each its own")
        for target in files:
            check_writable(target)
            check_not_an_input(target, [Path(p) for p in (pred, against, ids_file, refs) if p is not None])
            check_outside(target, refs)
        if Path(refs).is_file() and Path(pred).is_file() and os.path.samefile(refs, pred):
            raise BadOptionError(f"--refs and --pred are one file ({str(pred)!r}): a summary scored against itself "
                                 "scores 1; give the references")
        predictions = load_predictions(pred)  # first: a wrong path fails before references are read
        references = load_references(refs_path)
        without_summary = references.without_summary  # reference lines without a summary: listed, not scored
        listed = read_id_list(ids_file) if ids_file is not None else sorted({*references, *without_summary})
        if ids_file is not None and not listed:
            raise EvaluationError(f"id list {str(ids_file)!r} holds no cluster id (only blank or comment lines)")
        ids = split_ids(listed, split)
        bounds = SPLITS[split]
        if not ids and bounds is not None:
            low, high = bounds
            where = f"listed in {str(ids_file)!r}" if ids_file is not None else "with references"
            raise EvaluationError(f"none of the {len(listed)} cluster id(s) {where} is in --split {split} "
                                  f"(Cluster_{low:03d}-{high:03d}); use --split all to score them")
        report = evaluate(predictions, references, ids, without_summary=without_summary, label=str(pred))
        comparison = None
        if against is not None:
            other = evaluate(load_predictions(against), references, ids, without_summary=without_summary,
                             label=str(against))
            comparison = {"pred": str(against), **compare(report, other)}
            for side, name in (("missing", str(pred)), ("missing_other", str(against))):
                if comparison[side]:
                    shown = ", ".join(comparison[side][:MISSING_SHOWN]) + (
                        ", …" if len(comparison[side]) > MISSING_SHOWN else "")
                    log.warning("%s has no prediction for %d cluster(s) the other has (%s): they score 0 on its "
                                "side of the comparison", name, len(comparison[side]), shown)
        selection = f"split {split}" + (f", ids from {ids_file}" if ids_file is not None else "")
        outputs = []
        if json_path is not None:
            # ids as the predictions spell them (``unmatched``) and the paths named may hold characters
            # UTF-8 cannot (a lone surrogate in a JSON string, a file name that is not UTF-8): escaped
            # as summarize-batch writes them (corpus.representable)
            # to_dict() and the two keys only the command knows (EvaluationReport.to_dict)
            data = representable_value({**report.to_dict(), "selection": selection, "against": comparison})
            outputs.append((json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n"))
        if csv_path is not None:
            outputs.append((csv_path, report.to_csv()))
        for target, text in outputs:
            if is_stdout(target):
                echo_stdout(text, EVAL_STDOUT_CLOSED_HINT)
            else:
                write_atomic(target, text)
        if not quiet and not any(is_stdout(target) for target, _ in outputs):
            with writing_stdout(EVAL_STDOUT_CLOSED_HINT):  # a full disk behind stdout is exit 6, as for a file
                _print_table(report, selection)
                if comparison is not None:
                    _print_comparison(comparison, pred)


def main() -> None:
    run_app(app, "summarize-eval")


if __name__ == "__main__":
    main()
