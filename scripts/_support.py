"""Shared by this folder's corpus scripts: where ViMs is, the check that it is there, the options
of the split scripts, and the comparison of a report read back from another format (``pdf_report.py``, ``html_report.py``,
``office_report.py``)."""

from __future__ import annotations

import argparse
import difflib
import json
import random
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer import corpus
from summarizer.documents import Report, load_folder
from summarizer.fileio import write_atomic
from summarizer.sentences import split_sentences

DEFAULT_VIMS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vims"
SHOWN_LINES = 4  # diff lines printed per differing report
LINE_WIDTH = 150  # characters printed per diff line


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 ("--limit -1" took all clusters but one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def check_output(path: Path | None, inputs: list[Path]) -> str | None:
    """Why ``path`` (a --json file) cannot be written before the run spends its time, or None:
    its folder is missing or read-only, or it is one of ``inputs``."""
    from summarizer.errors import OutputError
    from summarizer.fileio import check_not_an_input, check_writable

    if path is None:
        return None
    try:
        check_writable(path)
        check_not_an_input(path, inputs)
    except OutputError as exc:
        return str(exc)
    return None


def split_arguments(parser: argparse.ArgumentParser, *, default_split: str) -> None:
    """The options every ViMs split script takes: ``--vims``, ``--split`` (``corpus.SPLITS``),
    ``--limit`` and ``--json``."""
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS, help="ViMs root (clusters/ and summaries/)")
    parser.add_argument("--split", choices=sorted(corpus.SPLITS), default=default_split, help="clusters to use")
    parser.add_argument("--limit", type=positive_int, default=None, help="only the first N clusters of the split")
    parser.add_argument("--json", type=Path, default=None, help="write the figures to this JSON file")


def measure_and_report(measure: Callable[[], dict], render: Callable[[dict], str], json_path: Path | None) -> int:
    """Run ``measure``, print ``render`` of its figures and the seconds it took, and write the
    figures as JSON to ``json_path`` when given; 0 (the scripts' exit status)."""
    started = time.perf_counter()
    data = measure()
    print(render(data))
    print(f"({time.perf_counter() - started:.1f}s)")
    if json_path is not None:
        write_atomic(json_path, json.dumps(data, indent=2) + "\n")
    return 0


def corpus_missing(vims: Path) -> bool:
    """True, with the one-line error printed, when ``vims`` holds no ``clusters/`` folder."""
    if (vims / "clusters").is_dir():
        return False
    print(f"error: no corpus at {vims} (expected clusters/ inside)", file=sys.stderr)
    return True


@dataclass(frozen=True)
class ReadBack:
    title_ok: bool  # the report read back has the expected title
    exact: bool  # ... and splits into exactly the expected sentences
    lines: list[str]  # printable lines saying how it differs (empty when it does not)


def read_back(label: str, title: str | None, sentences: list[str], report: Report) -> ReadBack:
    """How ``report`` compares with the expected ``title`` and body ``sentences``."""
    got = split_sentences(report.body)
    title_ok, exact = report.title == title, got == sentences
    if title_ok and exact:
        return ReadBack(True, True, [])
    shown_title = "ok" if title_ok else repr(report.title)
    diff = list(difflib.unified_diff(sentences, got, lineterm="", n=0))[2 : 2 + SHOWN_LINES]
    return ReadBack(title_ok, exact, [f"{label}: title {shown_title}", *(f"    {line[:LINE_WIDTH]}" for line in diff)])


@dataclass(frozen=True)
class Expected:
    """A corpus report, and what its own text file loads as."""

    source: Path
    title: str | None  # the title its text file loads with
    sentences: list[str]  # ... and that file's body sentences
    raw_title: str  # the file's first line
    paragraphs: list[str]  # its other non-empty lines


def expected_reports(vims: Path, count: int, seed: int, scratch: Path) -> list[Expected]:
    """``count`` reports of ``vims`` drawn at random with ``seed``, each loaded from a copy of its
    text file in a folder of its own under ``scratch``."""
    files = sorted((vims / "clusters").glob("*/*.txt"))
    expected = []
    for number, source in enumerate(random.Random(seed).sample(files, min(count, len(files)))):
        folder = scratch / f"text-{number:03d}"
        folder.mkdir()
        shutil.copy(source, folder / source.name)
        (report,) = load_folder(folder).reports
        lines = unicodedata.normalize("NFC", corpus.read_text(source)).split("\n")
        expected.append(Expected(source, report.title, split_sentences(report.body), lines[0].strip(),
                                 [line.strip() for line in lines[1:] if line.strip()]))
    return expected


def compare_written(kind: str, expected: list[Expected], scratch: Path, file_name: str,
                    write: Callable[[Expected], bytes], shown: int = 3) -> dict[str, int]:
    """Each report written by ``write`` as ``file_name`` in a folder of its own, loaded and
    compared with its text file; the first ``shown`` differences are printed. Returns {files,
    titles, exact}."""
    titles = exact = 0
    for number, item in enumerate(expected):
        folder = scratch / f"{kind}-{number:03d}"
        folder.mkdir()
        (folder / file_name).write_bytes(write(item))
        (report,) = load_folder(folder).reports
        result = read_back(f"[{kind}] {item.source.parent.name}/{item.source.name}", item.title, item.sentences, report)
        titles += result.title_ok
        exact += result.exact
        if result.lines and shown > 0:
            shown -= 1
            print("\n".join(result.lines))
    return {"files": len(expected), "titles": titles, "exact": exact}


def print_figures(figures: dict[str, dict[str, int]], noun: str, json_path: Path | None) -> None:
    """One line per kind of file (``compare_written``'s figures); the figures as JSON too when
    ``json_path`` is given."""
    width = max(map(len, figures), default=0) + 1
    for kind, row in figures.items():
        print(f"{kind:<{width}} {row['files']} {noun}: titles {row['titles']}/{row['files']}, "
              f"bodies sentence for sentence {row['exact']}/{row['files']}")
    if json_path is not None:
        write_atomic(json_path, json.dumps(figures, indent=2) + "\n")
