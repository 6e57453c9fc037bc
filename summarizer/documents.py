"""Load: read every report of a folder, whatever its encoding, and find its title and credits.

OWNER: helper "ingest" implements load_folder. The dataclasses below are the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Report:
    file: str  # path relative to the input folder, POSIX separators
    path: Path  # absolute path
    encoding: str  # detected encoding name
    title: str | None  # the report's title (first line or glued-title split), None when absent
    body: str  # NFC text, LF line endings, credits and title removed; paragraphs separated by "\n"
    credits: tuple[str, ...] = ()  # stripped source credits / captions, in order found


@dataclass(frozen=True)
class SkippedFile:
    file: str  # path relative to the input folder
    reason: str  # one line, e.g. "binary file", "cannot decode", "empty"


@dataclass(frozen=True)
class LoadedFolder:
    folder: Path
    reports: tuple[Report, ...]  # readable reports in stable (sorted) order
    skipped: tuple[SkippedFile, ...]  # files not used, with why


def load_folder(folder: str | Path, *, recursive: bool = False) -> LoadedFolder:
    """Read the reports of ``folder``. Raises FolderNotFoundError / EmptyFolderError /
    NoReadableReportsError (see errors.py)."""
    raise NotImplementedError("ingest helper implements this")
