"""Corpus readers: find the clusters of an archive and the reference summaries for evaluation.

Two layouts are understood:

* **Folder per cluster** - ``ROOT/<cluster id>/<report files>``; the cluster id is the folder
  name. For references, ``REFS/<cluster id>/`` holds one or more reference summary files, and
  optionally a ``title.txt`` whose non-empty lines are reference headlines.
* **ViMs** - ``ROOT/clusters/Cluster_NNN/*.txt`` (reports) and ``ROOT/summaries/Cluster_NNN/*.txt``
  (human summaries). Every ViMs summary file starts with junk header lines: the cluster id
  (``Cluster_001``), blank lines and wiki-style section markers (``=Einleitung=``); some files
  also carry section markers (``=...=`` lines) further down. :func:`strip_reference_header`
  removes all of those. ViMs has no reference headlines, so headline evaluation does not apply
  to it (the reports' own titles are inputs the engines may copy, not references).

* **JSON Lines archive** - one cluster a line (for archives kept in a database rather than in
  folders): ``{"id": "c1", "reports": [{"name": "a", "text": "Title\\nBody ..."}, ...]}``; a
  report may give ``"title"`` and ``"body"`` instead of ``"text"`` (its title then taken as
  given), or be a plain string (the text, named by its position: "1", "2", ...). The VLSP 2022
  AbMuSu names are read too: ``"single_documents"`` for ``"reports"``, ``"raw_text"`` for
  ``"body"`` and ``"anchor_text"``, a lead paragraph put before it; a line without an id is
  cluster ``line-N`` (N = its line number; its references, in the same file, get the same id).
  A references line without any summary is skipped with a warning that counts them; its id is
  listed in :attr:`References.without_summary`, which ``summarize-eval`` reports.
  Only the ids are read when listing (each line's byte offset is kept); a cluster's reports are
  read when it is summarized, so a malformed line fails that cluster alone. Ids must be unique.

Text files are decoded with BOM detection, then strict UTF-8, then charset-normalizer's best
guess; line endings (CRLF, CR, LF, mixed) become LF and text is NFC-normalized.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import BYTE_ORDER_MARKS, REPORT_SUFFIXES, TextReport, UnreadableError, decode_bytes
from .errors import BadOptionError, EmptyFolderError, EvaluationError, FolderNotFoundError, NoReadableReportsError

log = logging.getLogger("summarizer.corpus")

VIMS_CLUSTERS_DIR = "clusters"
VIMS_SUMMARIES_DIR = "summaries"
JSONL_SUFFIXES = (".jsonl", ".ndjson")  # a cluster root that is a JSON Lines archive
# Keys of a JSON Lines archive: a cluster's reports, a report's body and its lead paragraph
# ("single_documents", "raw_text" and "anchor_text" as the VLSP 2022 AbMuSu release names them).
REPORTS_KEYS = ("reports", "single_documents")
BODY_KEYS = ("body", "raw_text")
LEAD_KEY = "anchor_text"
TITLE_FILE_NAME = "title.txt"  # reference headlines, one per line, in a folder-per-cluster refs dir

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
    lines = _NEWLINES.split(text)
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _SECTION_MARKER_LINE.fullmatch(stripped):
            continue
        if not kept and _CLUSTER_ID_LINE.fullmatch(stripped):
            continue
        kept.append(" ".join(stripped.split()))
    return "\n".join(kept)


def _require_dir(path: Path, what: str, error: type[Exception]) -> Path:
    path = Path(path)
    if not path.is_dir():
        raise error(f"{what} {str(path)!r} does not exist or is not a folder")
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
        record = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nesting too deep
        return f"line-{number}"
    return _record_id(record, number)


def _record_id(record: Any, number: int) -> str:
    """The cluster id of line ``number``'s parsed JSON (see :func:`_line_id`)."""
    value = record.get("id") if isinstance(record, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        return f"line-{number}"
    return str(value)


def list_jsonl_clusters(path: str | Path) -> list[ClusterEntry]:
    """The clusters of a JSON Lines archive (see the module docstring), sorted by id; blank
    lines are skipped. Raises FolderNotFoundError when it cannot be read, EmptyFolderError when it
    holds no line, BadOptionError when two lines give one id."""
    path = Path(path)
    entries: list[ClusterEntry] = []
    seen: dict[str, int] = {}
    try:
        with path.open("rb") as handle:
            wide = wide_encoding(handle.read(JSON_SNIFF_BYTES))
            if wide is not None:
                raise FolderNotFoundError(f"cannot read {str(path)!r}: it is {wide}, and JSON Lines are UTF-8 "
                                          f"(convert it first, e.g. iconv -f {wide.split()[0]} -t UTF-8)")
            handle.seek(0)
            offset = 0
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    cluster_id = _line_id(raw, number)
                    if cluster_id in seen:
                        raise BadOptionError(f"cluster id {cluster_id!r} is on lines {seen[cluster_id]} and {number} "
                                             f"of {str(path)!r}; ids must be unique")
                    seen[cluster_id] = number
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
    if "text" in item:
        text, title = item["text"], None
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
        record = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting too deep
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
    """The UTF-16/32 encoding a file opening with ``head`` is in (its byte-order mark, or NUL
    bytes in its first line), None for UTF-8 and other 8-bit text."""
    for bom, name in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            return None if bom == codecs.BOM_UTF8 else name.upper()
    return "UTF-16 or UTF-32" if b"\x00" in head.split(b"\n", 1)[0] else None


def stdin_reports(data: bytes, name: str = "stdin") -> list[TextReport]:
    """What ``summarize -`` reads: JSON (an object with ``"reports"``, or a list of reports, as
    in a JSON Lines archive) when the input starts with ``{`` or ``[``, else one report's text
    in any encoding, named ``name``."""
    if _opens_like_json(data):
        try:
            record = json.loads(data)  # bytes: json finds UTF-8, UTF-16 or UTF-32 and skips a BOM
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting too deep
            raise NoReadableReportsError(f"{name}: starts like JSON but is not ({exc})") from exc
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


def read_id_list(path: str | Path) -> list[str]:
    """Cluster ids listed one per line; blank lines and ``#`` comments are ignored."""
    path = Path(path)
    try:
        text = read_text(path)
    except OSError as exc:
        raise EvaluationError(f"cannot read id list {str(path)!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:  # its reason: "<path>: binary file" (decode_text)
        raise EvaluationError(f"cannot read id list {str(path)!r}: {exc.reason.rsplit(': ', 1)[-1]}") from exc
    ids = [line.split("#", 1)[0].strip() for line in text.split("\n")]
    return [i for i in ids if i]


def _read_titles(path: Path) -> tuple[str, ...]:
    text = read_text(path)
    return tuple(" ".join(line.split()) for line in text.split("\n") if line.strip())


# Names of the copies editors leave beside a file ("28.txt~", "28.txt.bak", "28.txt.swp"): not
# another reference summary (four ViMs summary folders hold one).
BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".swo")
MAX_LISTED = 5  # backup copies named in the warning


def is_backup_copy(name: str) -> bool:
    return name.lower().endswith(BACKUP_SUFFIXES)


def _read_reference_folder(folder: Path, backups: list[Path]) -> ReferenceSet | None:
    """The reference summaries of one cluster's folder; editors' backup copies are appended to
    ``backups`` instead."""
    summaries: list[str] = []
    files: list[str] = []
    titles: tuple[str, ...] = ()
    try:
        paths = sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")), key=lambda p: p.name)
    except OSError as exc:
        log.warning("reference folder %s skipped: %s", folder, exc.strerror or exc)
        return None
    for path in paths:
        if is_backup_copy(path.name):
            backups.append(path)
            continue
        try:
            if path.name == TITLE_FILE_NAME:
                titles = _read_titles(path)
                continue
            text = strip_reference_header(read_text(path))
        except OSError as exc:
            log.warning("reference %s skipped: %s", path, exc.strerror or exc)
            continue
        except UnicodeDecodeError as exc:  # its reason: "<path>: binary file" (decode_text)
            log.warning("reference %s skipped: %s", path, exc.reason.rsplit(": ", 1)[-1])
            continue
        if not text:
            log.warning("reference %s skipped: empty after header stripping", path)
            continue
        summaries.append(text)
        files.append(path.name)
    if not summaries:
        log.warning("reference folder %s holds no usable reference summary", folder)
        return None
    return ReferenceSet(folder.name, tuple(summaries), tuple(files), titles)


def load_references(refs_dir: str | Path) -> References:
    """Reference summaries by cluster id.

    ``refs_dir`` is a folder per cluster of reference files, a ViMs ``summaries/`` folder, a
    ViMs root (its ``summaries/`` folder is used), or a JSON Lines file
    (:func:`load_jsonl_references`). Raises EvaluationError when the folder is missing or
    yields no reference at all.
    """
    if is_jsonl_file(refs_dir):
        return load_jsonl_references(refs_dir)
    refs_dir = _require_dir(Path(refs_dir), "references folder", EvaluationError)
    if is_vims_root(refs_dir):
        refs_dir = refs_dir / VIMS_SUMMARIES_DIR
    references = References()
    backups: list[Path] = []
    for folder in _subfolders(refs_dir, "references folder", EvaluationError):
        ref = _read_reference_folder(folder, backups)
        if ref is not None:
            references[ref.id] = ref
    if backups:
        shown = ", ".join(f"{p.parent.name}/{p.name}" for p in backups[:MAX_LISTED])
        log.warning("%d editor backup cop%s among the references not read as references: %s%s", len(backups),
                    "y" if len(backups) == 1 else "ies", shown, ", …" if len(backups) > MAX_LISTED else "")
    if not references:
        raise EvaluationError(f"references folder {str(refs_dir)!r} holds no cluster folder with reference files")
    return references


def _nonempty_nfc(texts: list[str]) -> tuple[str, ...]:
    """``texts`` NFC-normalized and stripped, empty ones left out."""
    return tuple(t for t in (unicodedata.normalize("NFC", x).strip() for x in texts) if t)


def load_jsonl_references(path: str | Path) -> References:
    """Reference summaries from a JSON Lines file, one cluster a line: ``{"id": "c1",
    "summaries": ["...", ...], "titles": ["...", ...]}`` (``"summary"``: one string also does;
    ``titles`` is optional). A line without an id is cluster ``line-N``, as ``summarize-batch``
    names it, so one file can hold a corpus's reports and its references (the AbMuSu layout);
    a line without a summary is skipped, with one warning that counts such lines and names the
    first ``MAX_LISTED``, and its id is listed in ``without_summary``. Raises EvaluationError
    naming the line of a malformed record or a repeated id, or when the file holds no reference."""
    path = Path(path)
    references = References()
    skipped: dict[str, int] = {}  # ids of the lines without a summary, and their line numbers
    try:
        with path.open("rb") as handle:
            lines = list(handle)  # split at "\n" only, as list_jsonl_clusters numbers them
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
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting too deep
            raise EvaluationError(f"{where}: not JSON ({exc})") from exc
        if not isinstance(record, dict):
            raise EvaluationError(f"{where}: not a JSON object")
        summaries = record.get("summaries", [record["summary"]] if "summary" in record else [])
        titles = record.get("titles", [])
        if not isinstance(summaries, list) or not all(isinstance(x, str) for x in summaries):
            raise EvaluationError(f"{where}: \"summaries\" must be a list of strings")
        if not isinstance(titles, list) or not all(isinstance(x, str) for x in titles):
            raise EvaluationError(f"{where}: \"titles\" must be a list of strings")
        cluster_id = _record_id(record, number)  # as summarize-batch names the line's cluster
        if cluster_id in references or cluster_id in skipped:
            raise EvaluationError(f"{where}: cluster id {cluster_id!r} given twice")
        kept = _nonempty_nfc(summaries)
        if not kept:
            skipped[cluster_id] = number
            continue
        names = tuple(f"{path.name}:{number}#{k}" for k in range(1, len(kept) + 1))
        heads = _nonempty_nfc(titles)
        references[cluster_id] = ReferenceSet(cluster_id, kept, names, heads)
    if not references:
        raise EvaluationError(f"references {str(path)!r} hold no reference summary")
    if skipped:
        shown = ", ".join(f"line {number} ({cluster_id})" for cluster_id, number in list(skipped.items())[:MAX_LISTED])
        log.warning("references %s: %d line(s) hold no reference summary and are not scored: %s%s", path.name,
                    len(skipped), shown, ", …" if len(skipped) > MAX_LISTED else "")
    references.without_summary = tuple(skipped)
    return references
