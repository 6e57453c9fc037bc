"""Corpus readers: find the clusters of an archive and the reference summaries for evaluation.

Two layouts are understood:

* **Folder per cluster** - ``ROOT/<cluster id>/<report files>``; the cluster id is the folder
  name. For references, ``REFS/<cluster id>/`` holds one or more reference summary files, and
  optionally a ``title.txt`` (any case: ``Title.txt``) whose lines with a word are reference
  headlines (cleaned of the ViMs header lines as summaries are). A plain-text reference
  (``.txt``, or a name without a report format's suffix: ``D061.M.100.J.A``) is read whole; one in
  another format the report loader reads (``.html``, ``.md``, ``.docx``...) is read by the loader,
  as a report, and its body is the reference: the title the loader sets apart (a page's
  ``<title>``, a Markdown heading or front-matter title) is a headline, not summary text.
  Editors' backup copies and system files (:func:`is_leftover_file`) are not references, nor are
  data and metadata files (``meta.json``, ``links.csv``: :func:`is_data_file`), which a warning
  names.
* **ViMs** - ``ROOT/clusters/Cluster_NNN/*.txt`` (reports) and ``ROOT/summaries/Cluster_NNN/*.txt``
  (human summaries); a root holding ``summaries/`` alone (no ``clusters/``) is read from its
  ``summaries/`` too, when that is its only sub-folder and holds cluster folders. Every ViMs
  summary file starts with junk header lines: the cluster id (``Cluster_001``), blank lines and
  wiki-style section markers (``=Einleitung=``); some files
  also carry section markers (``=...=`` lines) further down. :func:`strip_reference_header`
  removes all of those, from references of every layout alike (the patterns match whole lines
  only: a content line is never one). The ViMs reports folder (``clusters/``) given as the
  references is refused. ViMs has no reference headlines, so headline evaluation does not apply
  to it (the reports' own titles are inputs the engines may copy, not references).

* **JSON Lines archive** - one cluster a line (for archives kept in a database rather than in
  folders): ``{"id": "c1", "reports": [{"name": "a", "text": "Title\\nBody ..."}, ...]}``; a
  report may give ``"title"`` and ``"body"`` instead of ``"text"``, or ``"title"`` beside
  ``"text"`` (its title then taken as given, the text being the body alone), or be a plain
  string (the text, named by its position: "1", "2", ...). The VLSP 2022 AbMuSu names are read
  too: ``"single_documents"`` for ``"reports"``, ``"raw_text"`` for ``"body"`` and
  ``"anchor_text"``, a lead paragraph put before it; a line without an id is cluster ``line-N``
  (N = its line number; its references, in the same file, get the same id). A references line
  without any summary is skipped with a warning that counts them; its id is listed in
  :attr:`References.without_summary`, which ``summarize-eval`` reports. Only the ids are read
  when listing (each line's byte offset is kept); a cluster's reports are read when it is
  summarized, so a malformed line fails that cluster alone. Ids must be unique (compared in NFC).

Text files are decoded as reports are (``documents.decode_bytes``: byte-order marks, UTF-8, the
legacy Vietnamese encodings, charset-normalizer with the Windows-1258 preference); reference
text, from files and JSON Lines alike, then gets the loader's normalization
(``normalize.normalize_text``: NFC, the look-alike Ð as Đ in Vietnamese text, invisible
characters dropped, spaces folded), so that it is spelled as the summaries made from the reports
are. A reference without a word (punctuation or symbols alone) is no reference.

Cluster ids are compared in NFC (:func:`normalize_id`): a folder that macOS named in NFD, an id
list and a predictions file in NFC name one cluster.
"""

from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .documents import BYTE_ORDER_MARKS, REPORT_SUFFIXES, TextReport, UnreadableError, decode_bytes, read_report
from .errors import BadOptionError, EmptyFolderError, EvaluationError, FolderNotFoundError, NoReadableReportsError
from .json_input import MalformedJSON, parse_json
from .normalize import normalize_text, representable, representable_value, word_count

log = logging.getLogger("summarizer.corpus")

VIMS_CLUSTERS_DIR = "clusters"
VIMS_SUMMARIES_DIR = "summaries"
JSONL_SUFFIXES = (".jsonl", ".ndjson")  # a cluster root that is a JSON Lines archive
# Keys of a JSON Lines archive: a cluster's reports, a report's body and its lead paragraph
# ("single_documents", "raw_text" and "anchor_text" as the VLSP 2022 AbMuSu release names them).
REPORTS_KEYS = ("reports", "single_documents")
BODY_KEYS = ("body", "raw_text")
LEAD_KEY = "anchor_text"
TITLE_FILE_NAME = "title.txt"  # reference headlines, one per line, in a folder-per-cluster refs dir (any case)
PLAIN_TEXT_SUFFIX = ".txt"  # a reference file read whole; other report formats are read by the loader

# Lines dropped from reference summaries: a cluster id line and wiki-style section markers.
_CLUSTER_ID_LINE = re.compile(r"cluster[_ -]?\d+", re.IGNORECASE)
_SECTION_MARKER_LINE = re.compile(r"=+[^=].*=+|=+")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_TRAILING_NUMBER = re.compile(r"(\d+)$")

# ViMs held-out split: tune on clusters 1-200, report on 201-300 (inclusive ranges of the
# number at the end of the cluster id). Only ViMs cluster ids (``Cluster_NNN``) are in a split
# other than "all": "report-205" is no held-out cluster.
SPLITS: dict[str, tuple[int, int] | None] = {
    "tune": (1, 200),
    "heldout": (201, 300),
    "all": None,
}
_VIMS_ID = re.compile(r"Cluster_\d+")  # a ViMs cluster id, the only kind a split other than "all" applies to



@dataclass(frozen=True)
class ClusterEntry:
    id: str  # folder name (a JSON Lines archive: the line's "id")
    path: Path  # the cluster folder (a JSON Lines archive: the archive file)
    offset: int | None = None  # a JSON Lines archive: the byte offset of the cluster's line
    line: int | None = None  # ... and its 1-based line number, for messages


@dataclass(frozen=True)
class ReferenceSet:
    id: str  # cluster id
    summaries: tuple[str, ...]  # cleaned reference summaries (at least one)
    files: tuple[str, ...]  # file names the summaries came from, same order
    titles: tuple[str, ...] = ()  # reference headlines, when the layout provides them


class References(dict[str, ReferenceSet]):
    """Reference sets by cluster id (what :func:`load_references` returns), and the ids of the
    clusters whose references hold no summary and were skipped (``without_summary``: the lines
    of a JSON Lines file without one), for the evaluation to report."""

    def __init__(self, sets: dict[str, ReferenceSet] | None = None, without_summary: tuple[str, ...] = ()) -> None:
        super().__init__(sets or {})
        self.without_summary = without_summary


def is_failure(record: Mapping[str, Any]) -> bool:
    """Whether a batch record is an error record: its ``error`` is set. A null ``error`` (tools
    that write every key on every line) is a success. ``summarize-eval`` and ``--resume`` read
    records this one way."""
    return record.get("error") is not None


def normalize_id(cluster_id: str) -> str:
    """The form in which cluster ids are compared: NFC. macOS names folders in NFD, while an id
    typed or copied into a file is NFC; both name one cluster. A folder name that is not UTF-8 is
    compared as :func:`representable` spells it, the id ``summarize-batch`` wrote for it."""
    return unicodedata.normalize("NFC", representable(cluster_id))


def decode_text(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode ``data`` like a report (documents.decode_bytes: BOMs, UTF-16, strict UTF-8, the
    legacy TCVN3, VNI and VISCII encodings, charset-normalizer with the Windows-1258 preference) to NFC
    text with LF line endings.
    Raises UnicodeDecodeError when no encoding fits (binary data)."""
    try:
        text, encoding = decode_bytes(data)
    except UnreadableError as exc:
        raise UnicodeDecodeError("utf-8", data, 0, len(data), f"{name}: {exc}") from exc
    log.debug("%s: decoded as %s", name, encoding)
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))


REPLACEMENT_CHARACTER = "\ufffd"  # what a byte that does not decode is read as


def read_text(path: Path) -> str:
    """Read a text file (see :func:`decode_text`)."""
    return decode_text(path.read_bytes(), name=str(path))


def is_junk_line(line: str) -> bool:
    """True for ViMs reference header lines: a cluster id line or a ``=Section=`` marker."""
    stripped = line.strip()
    return bool(_CLUSTER_ID_LINE.fullmatch(stripped) or _SECTION_MARKER_LINE.fullmatch(stripped))


def strip_reference_header(text: str) -> str:
    """Remove the junk lines of a reference summary and blank lines; keep content lines in order.

    Leading lines that are blank, a cluster id (``Cluster_001``) or a section marker
    (``=Einleitung=``) are the header; section markers later in the text are dropped too, since
    they are headings, not summary sentences. Content lines are whitespace-trimmed.
    """
    kept = _without_header_lines((line.strip() for line in _NEWLINES.split(text)), is_content=bool)
    return "\n".join(" ".join(line.split()) for line in kept)


def _without_header_lines(lines: Iterable[str], *, is_content: Callable[[str], bool]) -> list[str]:
    """The ``lines`` that ``is_content`` accepts, without the ViMs header lines: a cluster id
    (``Cluster_001``) before the first line kept, section markers (``=Einleitung=``) anywhere."""
    kept: list[str] = []
    for line in lines:
        if not is_content(line) or _SECTION_MARKER_LINE.fullmatch(line):
            continue
        if not kept and _CLUSTER_ID_LINE.fullmatch(line):
            continue
        kept.append(line)
    return kept


def _require_dir(path: Path, what: str, error: type[Exception]) -> Path:
    """``path``, a folder that can be listed and searched; ``error`` otherwise."""
    path = Path(path)
    try:
        is_dir = path.is_dir()
    except OSError as exc:  # a folder on the way that may not be searched
        raise error(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from exc
    if not is_dir:
        raise error(f"{what} {str(path)!r} does not exist or is not a folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise error(f"cannot read {what} {str(path)!r}: {os.strerror(errno.EACCES)}")
    return path


def _subfolders(path: Path, what: str, error: type[Exception]) -> list[Path]:
    """The visible sub-folders of ``path``, sorted; ``error`` when ``path`` cannot be read."""
    try:
        return sorted((p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)
    except OSError as exc:
        raise error(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from exc


def is_vims_root(root: Path) -> bool:
    """True when ``root`` has the ViMs ``clusters/`` and ``summaries/`` folders."""
    return (root / VIMS_CLUSTERS_DIR).is_dir() and (root / VIMS_SUMMARIES_DIR).is_dir()


def is_jsonl_file(path: str | Path) -> bool:
    """Whether ``path`` is a JSON Lines file (by its suffix, ``JSONL_SUFFIXES``)."""
    return Path(path).is_file() and Path(path).name.lower().endswith(JSONL_SUFFIXES)


def list_clusters(root: str | Path) -> list[ClusterEntry]:
    """The clusters of an archive, sorted by id.

    ``root`` holds one sub-folder per cluster; a ViMs root (with ``clusters/`` and
    ``summaries/``) is read from its ``clusters/`` folder; a ``.jsonl`` file is a JSON Lines
    archive (:func:`list_jsonl_clusters`). Raises FolderNotFoundError when root is missing and
    EmptyFolderError when it holds no cluster folder.
    """
    if is_jsonl_file(root):
        return list_jsonl_clusters(root)
    root = _require_dir(Path(root), "cluster root", FolderNotFoundError)
    if is_vims_root(root):
        root = root / VIMS_CLUSTERS_DIR
    entries = [ClusterEntry(p.name, p) for p in _subfolders(root, "cluster root", FolderNotFoundError)]
    if not entries:
        reports = any(p.is_file() and p.name.lower().endswith(REPORT_SUFFIXES) for p in root.iterdir())
        hint = "; it holds report files itself: summarize it as one event with `summarize`" if reports else ""
        raise EmptyFolderError(f"cluster root {str(root)!r} holds no cluster folders{hint}")
    return entries


def _line_id(raw: bytes, number: int) -> str:
    """A JSON Lines archive line's cluster id; a line that is not a JSON object with a string
    (or whole number) ``id`` is named ``line-N``, so that it still gets its error record."""
    try:
        record = parse_json(raw)
    except MalformedJSON:
        return f"line-{number}"
    return _record_id(record, number)


def _record_id(record: Any, number: int) -> str:
    """The cluster id of line ``number``'s parsed JSON (see :func:`_line_id`)."""
    value = record.get("id") if isinstance(record, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        return f"line-{number}"
    return str(value)


def json_lines(data: bytes) -> list[bytes]:
    """The lines of a JSON Lines file read whole: split at LF (CRLF reads so too), or, in a file
    without one, at CR (an old Mac tool's line ends). References and predictions are read so;
    an archive, read by offsets, refuses CR line ends instead (:func:`_cr_line_ends`)."""
    return data.split(b"\n") if b"\n" in data else data.split(b"\r")


# How much of an archive is read at a time looking for its first line's end.
LINE_END_CHUNK_BYTES = 65_536


def _cr_line_ends(handle: Any) -> bool:
    """Whether the file open as ``handle`` ends its first line with CR alone and goes on after it
    (CR line ends only, an old Mac tool's); it is read from the start up to that line's end."""
    handle.seek(0)
    while True:
        chunk = handle.read(LINE_END_CHUNK_BYTES)
        if not chunk:
            return False
        ends = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
        if not ends:
            continue
        end = min(ends)
        if chunk[end : end + 1] == b"\n":
            return False
        after = chunk[end + 1 :] or handle.read(LINE_END_CHUNK_BYTES)
        return not after.startswith(b"\n") and bool(after.strip())


def list_jsonl_clusters(path: str | Path) -> list[ClusterEntry]:
    """The clusters of a JSON Lines archive (see the module docstring), sorted by id; blank
    lines are skipped. Raises FolderNotFoundError when it cannot be read, EmptyFolderError when it
    holds no line, BadOptionError when two lines give one id (compared in NFC, :func:`normalize_id`,
    as references, predictions and id lists compare them: "Hòa" in NFC and in NFD is one id)."""
    path = Path(path)
    entries: list[ClusterEntry] = []
    seen: dict[str, int] = {}  # the normalized id: the line that gave it first
    try:
        with path.open("rb") as handle:
            wide = wide_encoding(handle.read(JSON_SNIFF_BYTES))
            if wide is not None:
                raise FolderNotFoundError(f"cannot read {str(path)!r}: it is {wide}, and JSON Lines are UTF-8 "
                                          f"(convert it first, e.g. iconv -f {wide.split()[0]} -t UTF-8)")
            if _cr_line_ends(handle):
                raise FolderNotFoundError(f"cannot read {str(path)!r}: its lines end in CR alone (an old Mac tool); "
                                          "JSON Lines end in LF (convert it first, e.g. tr '\\r' '\\n')")
            handle.seek(0)
            offset = 0
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    cluster_id = _line_id(raw, number)
                    key = normalize_id(cluster_id)
                    if key in seen:
                        raise BadOptionError(f"cluster id {cluster_id!r} is on lines {seen[key]} and {number} "
                                             f"of {str(path)!r}; ids must be unique")
                    seen[key] = number
                    entries.append(ClusterEntry(cluster_id, path, offset=offset, line=number))
                offset += len(raw)
    except OSError as exc:
        raise FolderNotFoundError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from exc
    if not entries:
        raise EmptyFolderError(f"JSON Lines archive {str(path)!r} holds no cluster")
    return sorted(entries, key=lambda e: e.id)


def _report_of(item: Any, position: int, where: str) -> TextReport:
    if isinstance(item, str):
        return TextReport(str(position), item)
    if not isinstance(item, dict):
        raise NoReadableReportsError(f"{where}: report {position} is not an object or a string")
    name = item.get("name", str(position))
    if not isinstance(name, (str, int)) or isinstance(name, bool):
        raise NoReadableReportsError(f"{where}: report {position} has a name that is not a string")
    body_key = next((key for key in BODY_KEYS if key in item), None)
    if "text" in item:  # with a "title" too (a database row's two columns), "text" is the body alone
        text, title = item["text"], item.get("title")
    elif body_key is not None:
        lead = item.get(LEAD_KEY) or ""
        if not isinstance(lead, str):
            raise NoReadableReportsError(f"{where}: report {position}'s {LEAD_KEY} must be a string")
        text, title = item[body_key], item.get("title")
        if isinstance(text, str) and lead.strip():
            text = lead + "\n" + text
    else:
        raise NoReadableReportsError(f"{where}: report {position} has no \"text\", \"body\" or \"raw_text\"")
    if not isinstance(text, str) or not (title is None or isinstance(title, str)):
        raise NoReadableReportsError(f"{where}: report {position}'s text, body and title must be strings")
    return TextReport(str(name), text, title=title or None)


def read_jsonl_cluster(entry: ClusterEntry) -> list[TextReport]:
    """The reports of the JSON Lines archive cluster ``entry`` (read from its line); raises
    NoReadableReportsError, naming the line, when the line does not hold a cluster."""
    assert entry.offset is not None, "not a JSON Lines archive entry"
    where = f"line {entry.line} of {entry.path.name}"
    try:
        with entry.path.open("rb") as handle:
            handle.seek(entry.offset)
            raw = handle.readline()
    except OSError as exc:
        raise NoReadableReportsError(f"{where}: cannot read ({exc.strerror or exc})") from exc
    try:
        record = parse_json(raw)
    except MalformedJSON as exc:
        raise NoReadableReportsError(f"{where}: not JSON ({exc})") from exc
    return cluster_reports(record, where)


def cluster_reports(record: Any, where: str) -> list[TextReport]:
    """The reports of one cluster given as JSON: an object with a ``"reports"`` list, or the
    list itself, each report as in a JSON Lines archive; ``where`` opens error messages."""
    reports = next((record[key] for key in REPORTS_KEYS if key in record), None) if isinstance(record, dict) else record
    if not isinstance(reports, list):
        raise NoReadableReportsError(f"{where}: no \"reports\" list")
    return [_report_of(item, position, where) for position, item in enumerate(reports, start=1)]


JSON_SNIFF_BYTES = 64  # bytes decoded to see whether an input opens like JSON


def _opens_like_json(data: bytes) -> bool:
    """Whether ``data`` opens with ``{``, or with ``[`` and then what a list of reports holds
    (``{``, ``"`` or ``]``), after white space, behind a byte-order mark when there is one
    (Windows tools write UTF-8 with one, PowerShell pipes UTF-16). A title such as "[Video]
    Cháy chợ ..." opens with ``[`` too, and is text."""
    encoding = next((name for bom, name in BYTE_ORDER_MARKS if data.startswith(bom)), "utf-8")
    # the codec drops the mark; a character cut at the end is no matter
    head = data[:JSON_SNIFF_BYTES].decode(encoding, errors="ignore").lstrip()
    if head[:1] == "{":
        return True
    return head[:1] == "[" and head[1:].lstrip()[:1] in ("{", '"', "]")


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16/32 encoding a JSON Lines file opening with ``head`` is in (its byte-order mark,
    or, without one, NUL bytes in its first line where the head reads in one of them as text
    opening with "{" or "["), None for UTF-8, other 8-bit text and binary data."""
    for bom, name in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            return None if bom == codecs.BOM_UTF8 else name.upper()
    if b"\x00" not in head.split(b"\n", 1)[0]:
        return None
    for name, unit in _WIDE_ENCODINGS:
        try:
            text = head[: len(head) // unit * unit].decode(name, errors="strict" if unit == 4 else "ignore")
        except UnicodeDecodeError:
            continue
        if text.lstrip()[:1] in ("{", "[") and "\x00" not in text:
            return "UTF-16 or UTF-32"
    return None


_WIDE_ENCODINGS = (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2))  # (name, bytes a unit)


def stdin_reports(data: bytes, name: str = "stdin") -> list[TextReport]:
    """What ``summarize -`` reads: JSON (an object with ``"reports"``, or a list of reports, as
    in a JSON Lines archive) when the input starts with ``{`` or ``[``, else one report's text
    in any encoding, named ``name``."""
    if _opens_like_json(data):
        try:
            record = parse_json(data)  # bytes: json finds UTF-8, UTF-16 or UTF-32 and skips a BOM
        except MalformedJSON as exc:
            raise NoReadableReportsError(f"{name}: starts like JSON but cannot be read as JSON ({exc})") from exc
        return cluster_reports(record, name)
    return [TextReport(name, data)]


def cluster_number(cluster_id: str) -> int | None:
    """The number at the end of a cluster id (``Cluster_042`` -> 42), None when there is none."""
    match = _TRAILING_NUMBER.search(cluster_id)
    return int(match.group(1)) if match else None


def is_vims_id(cluster_id: str) -> bool:
    """Whether ``cluster_id`` is a ViMs cluster id (``Cluster_NNN``)."""
    return bool(_VIMS_ID.fullmatch(cluster_id))


def in_split(cluster_id: str, split: str) -> bool:
    """Whether ``cluster_id`` belongs to ``split`` (see SPLITS). Ids that are not ViMs cluster
    ids (``Cluster_NNN``; "report-205", "khong-so") belong to ``all`` only."""
    if split not in SPLITS:
        raise BadOptionError(f"invalid split {split!r}; choose one of: {', '.join(SPLITS)}")
    bounds = SPLITS[split]
    if bounds is None:
        return True
    number = cluster_number(cluster_id)
    return is_vims_id(cluster_id) and number is not None and bounds[0] <= number <= bounds[1]


def split_ids(ids: list[str], split: str) -> list[str]:
    """The ids of ``ids`` in ``split``, in order. A split other than "all" applies to ViMs
    cluster ids only: BadOptionError when one of ``ids`` is not one (a "report-205" folder is
    no held-out cluster; filtering by its number would choose at random)."""
    if split not in SPLITS:
        raise BadOptionError(f"invalid split {split!r}; choose one of: {', '.join(SPLITS)}")
    if SPLITS[split] is not None:
        others = [i for i in ids if not is_vims_id(i)]
        if others:
            more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
            raise BadOptionError(f"--split {split} only applies to ViMs cluster ids (Cluster_NNN), and {others[0]!r}"
                                 f"{more} is not one; use --split all (or --ids to choose the clusters)")
    return [i for i in ids if in_split(i, split)]


COMMENT_MARK = "#"  # opens a comment line of an id list


def read_id_list(path: str | Path) -> list[str]:
    """Cluster ids listed one per line (NFC, trimmed); blank lines and comment lines (whose first
    character other than a space is ``#``) are ignored. A ``#`` elsewhere is part of the id:
    "tin#1" is a cluster id, so no comment may follow an id on its line."""
    path = Path(path)
    try:
        text = read_text(path)
    except OSError as exc:
        raise EvaluationError(f"cannot read id list {str(path)!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:  # its reason: "<path>: binary file" (decode_text)
        raise EvaluationError(f"cannot read id list {str(path)!r}: {exc.reason.rsplit(': ', 1)[-1]}") from exc
    ids = [line.strip() for line in text.split("\n")]
    return [normalize_id(i) for i in ids if i and not i.startswith(COMMENT_MARK)]


def _headlines(lines: list[str]) -> tuple[str, ...]:
    """Reference headlines: ``lines`` normalized as reports are, one line each, those with a word,
    cleaned of the ViMs header lines as summaries are (:func:`strip_reference_header`: a cluster
    id line before the first headline, ``=Section=`` markers anywhere)."""
    return tuple(_without_header_lines((" ".join(normalize_text(line).split()) for line in lines), is_content=has_words))


def _read_titles(path: Path) -> tuple[str, ...]:
    return _headlines(read_text(path).split("\n"))


def has_words(text: str) -> bool:
    """Whether ``text`` holds a word (a token with a letter or digit, the unit of every length):
    a reference of punctuation alone ("— … —") would score every summary 0 against it."""
    return word_count(text) > 0


# What a references folder may hold besides reference summaries, never read as one (the one
# list; the README repeats it). Editors' backup and autosave copies: "28.txt~", "28.txt.bak",
# "28.txt.orig", "28.txt.old", "28.txt.tmp", vim's "28.txt.swp"/".swo" (four ViMs summary folders
# hold a "~" copy, which weighed that summary twice) and Emacs's "#28.txt#"; the files Windows
# leaves in folders. Hidden files (".DS_Store", Emacs's lock ".#28.txt", vim's ".28.txt.swp")
# are never read, and not named in the warning either.
LEFTOVER_SUFFIXES = ("~", ".bak", ".orig", ".old", ".tmp", ".swp", ".swo")
LEFTOVER_NAMES = frozenset({"desktop.ini", "thumbs.db"})  # compared in lower case
_AUTOSAVE = re.compile(r"#.+#")  # Emacs's autosave copy of "28.txt": "#28.txt#"
HIDDEN_PREFIX = "."
MAX_LISTED = 5  # leftover files named in the warning
# Data and metadata files kept beside references (a crawler's "meta.json", "links.csv"): no
# summary, yet a name outside the report formats would be read whole as one. Compared in lower case.
DATA_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".toml", ".ini", ".cfg",
                 ".log")


def is_leftover_file(name: str) -> bool:
    """Whether a file named ``name`` in a references folder is an editor's backup copy, a
    system file or a hidden file rather than a reference summary (see ``LEFTOVER_SUFFIXES``)."""
    lower = name.lower()
    return (name.startswith(HIDDEN_PREFIX) or lower.endswith(LEFTOVER_SUFFIXES) or lower in LEFTOVER_NAMES
            or bool(_AUTOSAVE.fullmatch(name)))


def is_data_file(name: str) -> bool:
    """Whether a file named ``name`` in a references folder is a data or metadata file
    (``DATA_SUFFIXES``: ``meta.json``, ``links.csv``) rather than a reference summary."""
    return name.lower().endswith(DATA_SUFFIXES)


def _reference_text(path: Path) -> str:
    """The text of the reference file ``path``, normalized as a report's: a plain-text file whole;
    another report format (a web page, Markdown, an office document...) as the report loader
    reads it, its body (a title the format marks, a page's ``<title>``, a Word Title paragraph,
    is a headline, not summary text; a first line is never taken for one), or that title when it
    is all the file holds. Raises OSError, UnicodeDecodeError (plain text that does not decode)
    or UnreadableError."""
    name = path.name.lower()
    if name.endswith(PLAIN_TEXT_SUFFIX) or not name.endswith(REPORT_SUFFIXES):
        return normalize_text(read_text(path))
    report = read_report(path, reference=True)
    return report.body or report.title or ""


def _read_reference_folder(folder: Path, leftovers: list[Path], data_files: list[Path] | None = None
                           ) -> ReferenceSet | None:
    """The reference summaries of one cluster's folder; editors' backup copies and system files
    (:func:`is_leftover_file`; hidden ones aside) are appended to ``leftovers`` instead, data and
    metadata files (:func:`is_data_file`) to ``data_files``."""
    summaries: list[str] = []
    files: list[str] = []
    titles: tuple[str, ...] = ()
    try:
        paths = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name)
    except OSError as exc:
        log.warning("reference folder %s skipped: %s", folder, exc.strerror or exc)
        return None
    for path in paths:
        if is_leftover_file(path.name):
            if not path.name.startswith(HIDDEN_PREFIX):
                leftovers.append(path)
            continue
        if is_data_file(path.name):
            if data_files is not None:
                data_files.append(path)
            continue
        try:
            if path.name.lower() == TITLE_FILE_NAME:
                titles += _read_titles(path)
                continue
            text = strip_reference_header(_reference_text(path))
        except OSError as exc:
            log.warning("reference %s skipped: %s", path, exc.strerror or exc)
            continue
        except UnicodeDecodeError as exc:  # its reason: "<path>: binary file" (decode_text)
            log.warning("reference %s skipped: %s", path, exc.reason.rsplit(": ", 1)[-1])
            continue
        except UnreadableError as exc:  # a rich format the loader could not read: its reason
            log.warning("reference %s skipped: %s", path, exc)
            continue
        if not text:
            log.warning("reference %s skipped: empty after header stripping", path)
            continue
        if not has_words(text):
            log.warning("reference %s skipped: no words (only punctuation or symbols)", path)
            continue
        undecoded = text.count(REPLACEMENT_CHARACTER)
        if undecoded:  # a report's count is in its warnings; a reference's would go unseen
            log.warning("reference %s: %d character(s) could not be decoded (read as U+FFFD); the words holding "
                        "them match no prediction", path, undecoded)
        summaries.append(text)
        files.append(path.name)
    if not summaries:
        log.warning("reference folder %s holds no usable reference summary", folder)
        return None
    return ReferenceSet(normalize_id(folder.name), tuple(summaries), tuple(files), titles)


def _vims_summaries_beside(folder: Path) -> Path | None:
    """The ViMs ``summaries/`` folder when ``folder`` is recognisably the ViMs reports folder:
    named ``clusters``, with a ``summaries`` sibling holding a cluster folder of the same name as
    one of its own. Scored as references, its reports look like plausible summaries."""
    folder = folder.resolve()
    summaries = folder.parent / VIMS_SUMMARIES_DIR
    if folder.name != VIMS_CLUSTERS_DIR or not summaries.is_dir():
        return None
    try:
        return summaries if any((folder / p.name).is_dir() for p in summaries.iterdir() if p.is_dir()) else None
    except OSError:  # an unreadable sibling: the folder is read as given
        return None


def _lone_summaries_folder(root: Path) -> bool:
    """Whether ``root`` is recognisably a ViMs root without its reports: its only visible
    sub-folder is ``summaries/``, which holds sub-folders (cluster folders; a cluster's own
    folder holds reference files, which is read as one)."""
    try:
        return ([p.name for p in _subfolders(root, "references folder", EvaluationError)] == [VIMS_SUMMARIES_DIR]
                and bool(_subfolders(root / VIMS_SUMMARIES_DIR, "references folder", EvaluationError)))
    except EvaluationError:  # unreadable: the folder is read as given, and that read says why
        return False


def load_references(refs_dir: str | Path) -> References:
    """Reference summaries by cluster id.

    ``refs_dir`` is a folder per cluster of reference files, a ViMs ``summaries/`` folder, a
    ViMs root (its ``summaries/`` folder is used; also a root holding ``summaries/`` alone, see
    :func:`_lone_summaries_folder`), or a JSON Lines file
    (:func:`load_jsonl_references`); reference sets are keyed by NFC cluster id. Raises
    EvaluationError when the folder is missing, is another kind of file, is the ViMs reports
    folder, holds two folders that are one id in NFC, or yields no reference at all.
    """
    if is_jsonl_file(refs_dir):
        return load_jsonl_references(refs_dir)
    path = Path(refs_dir)
    if path.is_file():
        raise EvaluationError(f"references {str(path)!r} is a file, not a folder: give a folder with one sub-folder "
                              f"of reference files per cluster, a ViMs summaries/ folder or root, or a JSON Lines file "
                              f"({', '.join(JSONL_SUFFIXES)})")
    refs_dir = _require_dir(path, "references folder", EvaluationError)
    if is_vims_root(refs_dir) or _lone_summaries_folder(refs_dir):
        refs_dir = refs_dir / VIMS_SUMMARIES_DIR
    summaries_dir = _vims_summaries_beside(refs_dir)
    if summaries_dir is not None:
        raise EvaluationError(f"references folder {str(refs_dir)!r} is the ViMs reports folder, not the human "
                              f"summaries: give {str(summaries_dir)!r} (or the ViMs root {str(summaries_dir.parent)!r})")
    references = References()
    folders: dict[str, Path] = {}  # NFC id -> its folder, to refuse two spellings of one id
    leftovers: list[Path] = []
    data_files: list[Path] = []
    for folder in _subfolders(refs_dir, "references folder", EvaluationError):
        key = normalize_id(folder.name)
        if key in folders:
            raise EvaluationError(f"reference folders {str(folders[key])!r} and {str(folder)!r} name one cluster id "
                                  "(they differ only in Unicode normalization): merge them")
        folders[key] = folder
        ref = _read_reference_folder(folder, leftovers, data_files)
        if ref is not None:
            references[ref.id] = ref
    if leftovers:
        shown = ", ".join(f"{p.parent.name}/{p.name}" for p in leftovers[:MAX_LISTED])
        log.warning("%d editor backup or system file(s) among the references not read as references: %s%s",
                    len(leftovers), shown, ", …" if len(leftovers) > MAX_LISTED else "")
    if data_files:
        shown = ", ".join(f"{p.parent.name}/{p.name}" for p in data_files[:MAX_LISTED])
        log.warning("%d data or metadata file(s) among the references not read as references (%s): %s%s",
                    len(data_files), ", ".join(sorted({p.suffix.lower() for p in data_files})), shown,
                    ", …" if len(data_files) > MAX_LISTED else "")
    if not references:
        raise EvaluationError(f"references folder {str(refs_dir)!r} holds no cluster folder with reference files")
    return references


def _string_list(record: dict[str, Any], where: str, key: str, single: str | None = None) -> list[str]:
    """The strings a JSON Lines references record gives under ``key`` (a list of strings) or
    ``single`` (one string); none when the key is absent or null. Raises EvaluationError naming
    the key that holds another type."""
    value = record.get(key)
    if value is not None:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise EvaluationError(f"{where}: \"{key}\" must be a list of strings")
        return value
    value = record.get(single) if single is not None else None
    if value is None:
        return []
    if not isinstance(value, str):
        raise EvaluationError(f"{where}: \"{single}\" must be a string")
    return [value]


def load_jsonl_references(path: str | Path) -> References:
    """Reference summaries from a JSON Lines file, one cluster a line: ``{"id": "c1",
    "summaries": ["...", ...], "titles": ["...", ...]}`` (``"summary"``: one string also does;
    ``titles`` is optional; null is as absent). A line without an id is cluster ``line-N``, as
    ``summarize-batch`` names it, so one file can hold a corpus's reports and its references
    (the AbMuSu layout). Summaries are cleaned as a folder's reference files are (normalized,
    ViMs header lines dropped, see :func:`strip_reference_header`); one without a word is left
    out (with a warning when it was not blank). A line left without a summary is skipped, with
    one warning that counts such lines and names the first ``MAX_LISTED``, and its id is listed
    in ``without_summary``. Raises EvaluationError naming the line of a malformed record or a
    repeated id (compared in NFC), or when the file holds no reference."""
    path = Path(path)
    references = References()
    skipped: dict[str, int] = {}  # ids of the lines without a summary, and their line numbers
    try:
        with path.open("rb") as handle:
            data = handle.read()
        lines = json_lines(data)  # numbered as list_jsonl_clusters numbers them
    except OSError as exc:
        raise EvaluationError(f"cannot read references {str(path)!r}: {exc.strerror or exc}") from exc
    wide = wide_encoding(lines[0][:JSON_SNIFF_BYTES]) if lines else None
    if wide is not None:
        raise EvaluationError(f"cannot read references {str(path)!r}: it is {wide}, and JSON Lines are UTF-8")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"references {path.name}, line {number}"
        try:
            record = parse_json(line)
        except MalformedJSON as exc:
            raise EvaluationError(f"{where}: not JSON ({exc})") from exc
        if not isinstance(record, dict):
            raise EvaluationError(f"{where}: not a JSON object")
        summaries = _string_list(record, where, "summaries", "summary")
        titles = _string_list(record, where, "titles")
        cluster_id = _record_id(record, number)  # as summarize-batch names the line's cluster
        key = normalize_id(cluster_id)
        if key in references or key in skipped:
            raise EvaluationError(f"{where}: cluster id {cluster_id!r} given twice")
        cleaned = [strip_reference_header(normalize_text(text)) for text in summaries]
        kept = tuple(text for text in cleaned if has_words(text))
        wordless = sum(1 for text in cleaned if text and not has_words(text))
        if wordless:
            log.warning("%s: %d summar%s without words (only punctuation or symbols) left out", where, wordless,
                        "y" if wordless == 1 else "ies")
        if not kept:
            skipped[key] = number
            continue
        names = tuple(f"{path.name}:{number}#{k}" for k in range(1, len(kept) + 1))
        references[key] = ReferenceSet(key, kept, names, _headlines(titles))
    if not references:
        raise EvaluationError(f"references {str(path)!r} hold no reference summary")
    if skipped:
        shown = ", ".join(f"line {number} ({cluster_id})" for cluster_id, number in list(skipped.items())[:MAX_LISTED])
        log.warning("references %s: %d line(s) hold no reference summary and are not scored: %s%s", path.name,
                    len(skipped), shown, ", …" if len(skipped) > MAX_LISTED else "")
    references.without_summary = tuple(skipped)
    return references
