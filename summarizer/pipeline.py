"""The pipeline: load → split → normalize → deduplicate → engine (extractive or ViT5) → result.

A report that repeats another's title and text is left out as a copy; reports that share little
with the others, and folders whose reports fall into several groups (perhaps several events),
are flagged in ``warnings`` and still summarized, or left out and listed as skipped with
``drop_off_topic`` (the outliers, and every group but a largest one; :mod:`summarizer.coherence`).

``prepare`` runs the shared front of the pipeline; ``summarize`` picks an engine and builds the
:class:`SummaryResult`. Engines are loaded once per process (see ``engines.vit5.load_engine``).
"""

from __future__ import annotations

import errno
import logging
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from . import coherence, figures, measures, normalize, outlets, quotes, relative_days
from .cluster import PreparedCluster
from .dedup import deduplicate
from .documents import (
    REPORT_SUFFIXES, LoadedFolder, SkippedFile, TextReport, load_files, load_folder, load_texts, replacement_characters,
)
from .engines.base import Engine, EngineOutput
from .errors import BadOptionError, FolderNotFoundError, ModelNotFoundError, excerpt, shown_path
from .fileio import expand_user
from .options import DEFAULT_OPTIONS, SummarizeOptions, options_or_default
from .result import SourceFile, SummaryResult
from .sentences import sentences_of, split_sentences

log = logging.getLogger("summarizer.pipeline")


# An empty path (click and pathlib would read it as ".", the working folder) is refused with this.
EMPTY_PATH_ERROR = "empty path: give a folder of reports, report files, or '-' for stdin"
MAX_FOLDERS_LISTED = 5  # unread sub-folders named in the warning about them
# Files skipped for one same reason that get a warning each; more share one warning naming this
# many of them ("skipped 3999 files (b.txt, c.txt, …): same title and text as a.txt").
MAX_SKIPPED_LISTED = 5
# The stages ``summarize`` reports to its ``on_stage`` callback, in order, and what they do.
STAGES = {
    "engine_load": "loading the engine",
    "load": "reading the reports",
    "split": "splitting sentences",
    "normalize": "normalizing spellings",
    "dedup": "merging shared sentences",
    "engine": "writing the summary and headline",
}


class _Timer:
    def __init__(self, on_stage: Callable[[str], None] | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._on_stage = on_stage  # told each stage's name as it starts

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self._on_stage is not None:
            self._on_stage(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


# a folder, one report file, report files, or reports held in memory (one of them alone too)
Source = str | os.PathLike[str] | TextReport | Iterable[str | os.PathLike[str]] | Iterable[TextReport]
# What summarize and prepare read, as their errors name it.
_SOURCE_KINDS = "a folder or report file path, a list of them, or TextReport objects (a list, or one)"


def _report_sentences(cluster: PreparedCluster) -> list[str]:
    """The sentences of the reports' ``full_text``, from those ``prepare`` split already: each report's
    title's, then its body's (``split_sentences`` works line by line, so they are the sentences of
    the title and body joined by a line break)."""
    by_report: dict[str, list[str]] = {}
    for sentence in cluster.sentences:
        by_report.setdefault(sentence.file, []).append(sentence.text)
    return [piece for r in cluster.loaded.reports for piece in [*split_sentences(r.title or ""), *by_report.get(r.file, ())]]


def load_source(source: Source, *, recursive: bool = False) -> LoadedFolder:
    """The reports of ``source``: a folder's (``recursive``: with its sub-folders'), one report
    file, a list of report files, or :class:`TextReport` objects (one event), a list of them or
    one alone. Anything else is a one-line BadOptionError, as is report text given where a path
    is expected."""
    if isinstance(source, TextReport):  # one report held in memory: a list of one
        return load_texts([source])
    if isinstance(source, (str, os.PathLike)):
        path = _report_path(source, EMPTY_PATH_ERROR)
        try:
            missing, is_file = not path.exists(), path.is_file()
        except OSError as exc:  # a folder on the way that may not be searched (EACCES), a name too long
            raise FolderNotFoundError(f"cannot read {shown_path(path)}: {exc.strerror or exc}") from exc
        if missing and path.suffix.lower() in REPORT_SUFFIXES:
            raise FolderNotFoundError(f"file not found: {shown_path(path)}")
        return load_files([path]) if is_file else load_folder(path, recursive=recursive)
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise BadOptionError(f"reports given as {type(source).__name__}: give {_SOURCE_KINDS}; a report's bytes "
                             "go in TextReport(name, data)")
    if source is None or isinstance(source, Mapping) or not isinstance(source, Iterable):
        kind = "None" if source is None else type(source).__name__
        raise BadOptionError(f"reports given as {kind}: give {_SOURCE_KINDS}")
    items = list(source)
    for number, item in enumerate(items, 1):
        if not isinstance(item, (str, os.PathLike, TextReport)):
            raise BadOptionError(f"report {number} is {type(item).__name__}: give report file paths or TextReport "
                                 "objects")
    in_memory = [isinstance(item, TextReport) for item in items]
    if items and all(in_memory):
        return load_texts(items)  # type: ignore[arg-type]
    if any(in_memory):
        raise BadOptionError("give report files or TextReport objects, not both")
    return load_files([_report_path(item, "empty path among the report files") for item in items])  # type: ignore[arg-type]


def _report_path(value: str | os.PathLike[str], empty_error: str) -> Path:
    """``value`` as the path of a folder or report file; BadOptionError (``empty_error``) for an
    empty one, and for report text given instead of a path: a ``str`` that names nothing and holds
    a line break or is too long for a file name (shown in a short excerpt). A ``Path`` is a path
    whatever it holds (the command line's arguments: ``summarize $'no\\nexist'`` is a folder not
    found)."""
    text = os.fspath(value)
    if isinstance(text, bytes):  # a path-like of bytes
        text = os.fsdecode(text)
    if not text.strip():
        raise BadOptionError(empty_error)
    path = expand_user(text)
    try:
        os.lstat(path)
        return path
    except ValueError:  # a NUL character: no such file, said as for any missing one
        return path
    except OSError as exc:
        looks_like_text = isinstance(value, str) and (exc.errno == errno.ENAMETOOLONG or "\n" in text or "\r" in text)
    if looks_like_text:
        raise BadOptionError(f"report text given where a folder or file path is expected ('{excerpt(text)}', "
                             f"{len(text):,} characters): pass report text as TextReport(name, text), or to the command on "
                             "standard input ('-')")
    return path


def prepare(folder: Source, options: SummarizeOptions | None = DEFAULT_OPTIONS, *,
            _timer: _Timer | None = None) -> PreparedCluster:
    """Load the reports of ``folder`` (or the report files it names, see :func:`load_source`),
    split them and merge what they share. ``options`` None: the defaults."""
    options = options_or_default(options)
    timer = _timer or _Timer()
    with timer.stage("load"):
        loaded = coherence.drop_copies(load_source(folder, recursive=options.recursive))
        foreign = coherence.foreign_reports(loaded)
        if options.drop_off_topic:
            loaded = coherence.drop_foreign(loaded, foreign)
        found = coherence.check([r.file for r in loaded.reports], [r.full_text for r in loaded.reports])
        without_outliers = coherence.drop(loaded, found.outliers) if options.drop_off_topic else loaded
        kept = coherence.drop_groups(without_outliers, found) if options.drop_off_topic else loaded
        if not any(r.body for r in kept.reports) and any(r.body for r in loaded.reports):
            without_outliers = kept = loaded  # what is left holds headlines alone: kept, and warned about
    outliers_dropped, groups_dropped = without_outliers is not loaded, kept is not without_outliers
    reports_read = len(loaded.reports)
    loaded = kept
    with timer.stage("split"):
        sentences = tuple(sentences_of(loaded.reports))
    with timer.stage("normalize"):
        texts = [r.title for r in loaded.reports if r.title] + [s.text for s in sentences]
        # name typos, then the spellings of one name an output should not mix ("Moscow" / "Mátxcơva")
        corrections = ({**normalize.alias_spellings(texts), **normalize.find_name_typos(texts)}
                       if options.fix_name_typos else {})
        correct = normalize.corrector(corrections)
        tone_style = normalize.tone_style_corrections(correct(t) for t in texts)
    with timer.stage("dedup"):
        dedup = deduplicate(sentences, options.dedup, corrections=corrections)
    warnings = skipped_warnings(loaded.skipped)
    if not options.drop_off_topic:
        warnings += [f"{file} {coherence.foreign_reason(share)}" for file, share in foreign]
    if loaded.unread_folders:
        folders = loaded.unread_folders
        listed = ", ".join(folders[:MAX_FOLDERS_LISTED]) + (", …" if len(folders) > MAX_FOLDERS_LISTED else "")
        warnings.append(f"{len(folders)} sub-folder(s) with reports not read ({listed}): --recursive reads them as "
                        "part of this event, summarize-batch summarizes one event per sub-folder")
    for report in loaded.reports:
        if report.read_as:
            warnings.append(f"{report.file}: read as {report.read_as}, which its content is, whatever its name says")
        replaced = replacement_characters(report)
        if replaced:
            warnings.append(f"{report.file}: {replaced} undecodable character{'s' if replaced > 1 else ''} shown as \ufffd")
        warnings.extend(f"{report.file}: {note}" for note in report.notes)
    for notice in (None if outliers_dropped else coherence.warning(found.outliers, reports_read),
                   None if groups_dropped else coherence.group_warning(found.groups),
                   coherence.suspect_warning(found.suspects)):
        if notice:
            warnings.append(notice)
    share = normalize.vietnamese_word_share(s.text for s in sentences)
    # under coherence's share for a report, the whole cluster is flagged (the lowest ViMs cluster has 0.41)
    if share is not None and share < coherence.MIN_VIETNAMESE_WORD_SHARE:
        warnings.append(f"the reports do not read as Vietnamese ({share:.0%} of their words carry a Vietnamese "
                        f"letter, under {coherence.MIN_VIETNAMESE_WORD_SHARE:.0%}): another language, or Vietnamese typed "
                        "without diacritics; the summary may be poor")
    return PreparedCluster(
        loaded=loaded,
        sentences=sentences,
        dedup=dedup,
        corrections=corrections,
        warnings=tuple(warnings),
        tone_style=tone_style,
    )


def select_engine(options: SummarizeOptions) -> tuple[Engine, tuple[str, ...]]:
    """The engine ``options.engine`` asks for, and notices about the choice.

    ``auto`` runs ViT5 when the model resolves to a local folder and falls back to the
    extractive engine (with a notice) only when it does not; a model that resolves but fails to
    load is an error, never a silent fallback.
    """
    from .engines.extractive import ExtractiveEngine

    if options.engine == "extractive":
        return ExtractiveEngine(), ()
    from .engines import vit5
    from .models import resolve_model

    if options.engine == "auto":
        try:
            resolved = resolve_model(options.model.model, allow_pickle=options.model.allow_pickle)
        except ModelNotFoundError as exc:
            notice = f"no ViT5 model available ({exc}); ran the extractive engine instead"
            return ExtractiveEngine(), (notice,)
        return vit5.load_engine(options.model, resolved), ()
    return vit5.load_engine(options.model), ()


def summarize(
    folder: Source,
    options: SummarizeOptions | None = DEFAULT_OPTIONS,
    *,
    engine: Engine | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> SummaryResult:
    """Summarize the reports in ``folder`` (or the report files it names) into one headline and
    one summary; ``options`` None means the defaults. ``on_stage`` is called with each stage's
    name (a key of ``STAGES``) as it starts (the CLI's progress)."""
    options = options_or_default(options)
    if engine is not None and not callable(getattr(engine, "summarize", None)):
        raise BadOptionError(f"engine must be an engine object (with a summarize method), not {engine!r}; "
                             "an engine's name goes in the options: SummarizeOptions(engine=...)")
    if on_stage is not None and not callable(on_stage):
        raise BadOptionError(f"on_stage must be callable (it is called with each stage's name), not {on_stage!r}")
    timer = _Timer(on_stage)
    started = time.perf_counter()
    notices: tuple[str, ...] = ()
    if engine is None:
        with timer.stage("engine_load"):
            engine, notices = select_engine(options)
    cluster = prepare(folder, options, _timer=timer)
    with timer.stage("engine"):
        output = engine.summarize(cluster, options)
    output = _apply_corrections(output, cluster.corrections)
    name_notices = correction_warnings(output, cluster.corrections)
    tone_notice = tone_style_warning(output, cluster.tone_style)
    output = _apply_corrections(output, cluster.tone_style)
    output = _edited(output, cluster)
    checks_started = time.perf_counter()
    shown = [s.text for s in output.sentences]
    relative = relative_days.warning(relative_days.find(shown, output.title))
    relative_day_notice = (relative,) if relative else ()
    # An editor's checks on what the summary states: a toll given twice, or older than a report's
    # update; a name in the spelling fewer reports use (figures.py).
    texts = [r.full_text for r in cluster.loaded.reports]
    editorial = tuple(figures.conflicts(shown, output.title, texts)
                      + measures.disagreements(shown, output.title, [r.body for r in cluster.loaded.reports])
                      + measures.one_fact_two_figures(shown)
                      + figures.name_variants("\n".join([output.title or "", *shown]), texts, cluster.corrections,
                                              _report_sentences(cluster)))
    timings = dict(timer.seconds)
    timings["checks"] = time.perf_counter() - checks_started  # the warnings on the finished summary
    timings.update({f"engine.{k}": v for k, v in output.timings.items()})
    timings["total"] = time.perf_counter() - started
    counts: dict[str, int] = {}
    for sentence in cluster.sentences:
        counts[sentence.file] = counts.get(sentence.file, 0) + 1
    sources = tuple(
        SourceFile(file=r.file, encoding=r.encoding, title=r.title, credits=r.credits, sentences=counts.get(r.file, 0))
        for r in cluster.loaded.reports
    )
    return SummaryResult(
        title=output.title,
        sentences=output.sentences,
        engine=engine.name,
        backend=output.backend,
        precision=output.precision,
        model=output.model,
        model_path=output.model_path,
        sources=sources,
        dedup=cluster.dedup.stats,
        packing=output.packing,
        title_origin=output.title_origin,
        title_candidates=output.title_candidates,
        generation=output.generation,
        length=output.length,
        warnings=tuple(notices) + cluster.warnings + name_notices + tone_notice + output.warnings + relative_day_notice + editorial,
        timings=timings,
        skipped=tuple({"file": s.file, "reason": s.reason} for s in cluster.loaded.skipped),
    )


def correction_warnings(output: EngineOutput, corrections: Mapping[str, str]) -> tuple[str, ...]:
    """A warning for each name correction (``normalize.name_typo_candidates``) whose name the
    headline or the summary shows, corrected: one the output does not name changed nothing a
    reader sees (ViMs Cluster_269 warned of "Co-Ordinate" and "I-Connect", in no summary)."""
    shown = [output.title or "", *(s.text for s in output.sentences)]
    return tuple(f"name written one way: {wrong!r} -> {right!r}, as most of the reports write it"
                 if normalize.casing_key(wrong) == normalize.casing_key(right) or normalize.is_alias_spelling(wrong, right)
                 else f"name typo corrected: {wrong!r} -> {right!r}"
                 for wrong, right in sorted(corrections.items())
                 if any(normalize.whole_word(right).search(text) for text in shown))


def skipped_warnings(skipped: Sequence[SkippedFile]) -> list[str]:
    """One warning per skipped file, "skipped FILE: REASON", except that the files of one reason
    shared by more than ``MAX_SKIPPED_LISTED`` get one warning between them (4,000 copies of a
    report printed 3,999 lines), at the place of the first."""
    by_reason: dict[str, list[str]] = {}
    for s in skipped:
        by_reason.setdefault(s.reason, []).append(s.file)
    warnings: list[str] = []
    for s in skipped:
        files = by_reason[s.reason]
        if len(files) <= MAX_SKIPPED_LISTED:
            warnings.append(f"skipped {s.file}: {s.reason}")
        elif files[0] == s.file:
            warnings.append(f"skipped {len(files)} files ({', '.join(files[:MAX_SKIPPED_LISTED])}, …): {s.reason}")
    return warnings


def tone_style_warning(output: EngineOutput, tone_style: Mapping[str, str]) -> tuple[str, ...]:
    """The notice that the headline or the summary had tone marks re-placed to the cluster's
    style (``normalize.tone_style_corrections``), naming only the words re-placed there: a word
    the output does not hold was never shown to the reader in the other style."""
    if not tone_style:
        return ()
    shown = [output.title or "", *(s.text for s in output.sentences)]
    pairs = sorted({(w.lower(), r.lower()) for w, r in tone_style.items()
                    if any(normalize.whole_word(w).search(text) for text in shown)})
    if not pairs:
        return ()
    return ("tone marks re-placed as most of the cluster's words place them: "
            + ", ".join(f"{w!r} -> {r!r}" for w, r in pairs),)


# What stands after the text before a position when reading whether a quotation is open there: a
# letter, so that a straight mark right before the position reads as opening ('nói: "Hôm qua').
_FOLLOWING_WORD = "x"


def _in_quotation(text: str, position: int) -> bool:
    """Whether ``position`` of ``text`` lies inside a quotation that the text opens before it."""
    return bool(quotes.imbalance(text[:position] + _FOLLOWING_WORD).closers)


def _edited(output: EngineOutput, cluster: PreparedCluster) -> EngineOutput:
    """The summary as a desk edits copy from several papers, outside quotations: relative days
    that their date follows told by the date alone (``relative_days.dated``: "sáng nay (29/5)"
    as "sáng 29/5", in the headline too), and no clause saying which paper a source spoke to
    (``outlets.without_interview``: "Trao đổi với PV Dân trí, ông Tâm cho biết ..." as "Ông Tâm
    cho biết ..."). Neither in a quotation the sentence opens nor in a sentence whose report
    copy lies inside someone's words (the middle of a quotation over several sentences). Only
    the reports of a sentence that would change are read for their quotations (most summaries
    hold none)."""
    if output.title:  # the headline's relative day too ("Sáng nay (3/6) khởi công ..." as "Sáng 3/6 ..."),
        # and the candidates' alike, so that the winner listed first reads as the headline
        output = replace(output, title=relative_days.dated(output.title, _in_quotation),
                         title_candidates=tuple(replace(c, text=relative_days.dated(c.text, _in_quotation))
                                                for c in output.title_candidates))
    rewritten: dict[int, str] = {}  # summary sentence -> its edited text
    for k, shown in enumerate(output.sentences):
        text = outlets.without_interview(relative_days.dated(shown.text, _in_quotation))
        if text != shown.text:
            rewritten[k] = text
    if not rewritten:
        return output
    files = {ref.file for k in rewritten for ref in output.sentences[k].sources}
    by_report: dict[str, list[tuple[int, str]]] = {}
    for sentence in cluster.dedup.sentences:
        if sentence.file in files:
            by_report.setdefault(sentence.file, []).append((sentence.index, sentence.text))
    quoted: set[tuple[str, int]] = set()
    for file, sentences in by_report.items():
        sentences.sort()
        inside = quotes.inside_quotation([text for _, text in sentences])
        quoted.update((file, index) for (index, _), flag in zip(sentences, inside) if flag)
    told = tuple(replace(s, text=rewritten[k])
                 if k in rewritten and not any((ref.file, ref.index) in quoted for ref in s.sources) else s
                 for k, s in enumerate(output.sentences))
    return replace(output, sentences=told)


def _apply_corrections(output: EngineOutput, corrections: dict[str, str]) -> EngineOutput:
    """Use the cluster's frequent spelling (of names, of tone-mark placement) in everything the
    user reads."""
    if not corrections:
        return output
    fix = normalize.corrector(corrections)
    sentences = tuple(replace(s, text=fix(s.text)) for s in output.sentences)
    candidates = tuple(replace(c, text=fix(c.text)) for c in output.title_candidates)
    return replace(output, title=fix(output.title), sentences=sentences, title_candidates=candidates)
