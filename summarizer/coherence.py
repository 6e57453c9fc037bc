"""Does every report belong to the event? A report that shares little with the others is flagged.

Editors and scripts collect a folder's reports by hand or by a clustering step, and a report
about another event slips in; its sentences would then be merged into the summary (an editor's
fire story took a football result as its second sentence, under the warning that named the
football report). So by default (``SummarizeOptions.drop_off_topic``) the tool leaves such a
report out, lists it among the skipped files with its similarity (:func:`drop`) and says so in
``warnings``, unless every report is flagged (then none can be told apart as the stray one);
``--keep-off-topic`` keeps it in the summary, with the warning. ViMs has no such report, so its
figures do not move.

Several events: two reports at least ``MIN_REPORT_SIMILARITY`` alike are linked, and the linked
groups of two reports or more are the graph's connected components (:func:`check`). A folder
whose reports fall into two groups or more (a clustering step that put two stories together) is
flagged; with ``drop_off_topic`` the reports of every group but the largest are left out, when
one group is larger than every other (with two groups of one size, none can be told to be the
stray one, and the warning stays). Calibrated on ViMs with ``scripts/coherence_report.py``: no
cluster falls apart at 0.06 (its weakest link, the smallest similarity that keeps the cluster
connected, is 0.080 at the lowest, cluster 27; 0.146 at the 5th percentile), and of 600 folders
pooling two random clusters, 82.3% fall into exactly those two groups; in the others one pair of
reports across the two stories reaches 0.06 (the largest such pair is 0.252) and joins them. One
link is enough to join, so a folder of many stories may show fewer groups than it holds.

Same kind, another event: a report that shares stock phrases with the others ("tổ chức lễ
khánh thành", "lực lượng chức năng") but is about another bridge, fire or match passes the test
above. So a report under ``NAMELESS_MAX_SIMILARITY`` is flagged too when it names at least
``NAMES_TO_COMPARE`` people, places or bodies (runs of two capitalised words or more,
:func:`names`) and no other report uses one of them, while two of the other reports share one
(so a folder needs three reports; :func:`check`). Calibrated on ViMs (probe of this session, the
same draws as above): no report of a whole cluster is flagged (the lowest similarity of an
on-topic report that shares no name is 0.162, among 20), nor in clusters cut to their first two
reports; cut to their first three, 1 of 900 (Cluster_053, whose Buddha's birthday reports tell of
ceremonies in several places: 0.087). Of 300 foreign reports added to whole clusters, those
flagged rise by 20, most of the ones between 0.06 and 0.12; a higher bound flags on-topic
reports (0.2: 3 of 1,950; 0.3: 8; none: 16).

At any similarity, a report that shares no name with the others (as above) is flagged when its
lead dates its event on another day (:func:`lead_date`, :func:`_another_day`: "Rạng sáng 15/3" where
two other reports' leads agree on 12/3) and no other report names that day: a tester's folder held
a fire at another market told in the same stock words (similarity 0.62). ViMs: no on-topic report
flagged in whole clusters or their first three reports (the probe above), nor more of 300 foreign
reports added (296 of 300 either way).

A weaker sign is only warned about (:func:`suspect_warning`; the report stays in the summary): a
report under ``NAMELESS_MAX_SIMILARITY`` to every other whose best similarity is also under
``SUSPECT_RELATIVE_SIMILARITY`` of what the other reports typically reach with one another (the
median of their best similarities, the report left out; needs three reports). An editor's folder
of three reports on new drink-driving fines held a four-line gold-price report of the same day:
0.09 to the closest, whose shared bigrams were "triệu đồng", "ở mức", "so với", "26 tháng"; the
others reach 0.37. Probe on ViMs (this session, the draws of the calibration above): whole
clusters 6 of 1,950 on-topic reports warned about (Cluster_027, 053, 057 and three of 179's
Olympic reports on separate athletes); of the foreign reports that reach 0.06 and so pass the
first test, 57 of 61 are warned about (first three reports: 1 of 900 and 34 of 42).

Copies: a report with the same title and text as one read before it (the same article saved
twice, or crawled twice) is left out and listed as skipped (:func:`drop_copies`): a second copy
would count as a second source for every one of its sentences. On the ViMs tune split five
clusters hold such a copy; leaving them out moved ROUGE-2 by +0.08 (paired, p = 0.50).

Similarity of two reports: the cosine of their syllable-bigram vectors (title and body,
:func:`normalize.syllables` tokens, weight 1 + log(count) per bigram). A report is flagged when
its similarity to the most similar other report is under ``MIN_REPORT_SIMILARITY``.

Calibrated on ViMs (``python scripts/coherence_report.py``), where every report belongs to its
cluster. The lowest on-topic similarity is 0.080 in whole clusters (1,950 reports) and 0.076 in
clusters cut to their first two reports (600). One report of another, randomly drawn cluster
added to a cluster (900 trials each way) has a median of 0.028 (0.021 beside two reports).
Flagged at 0.05 / 0.06 / 0.07: no on-topic report at any of them; 84.9 / 90.7 / 94.6% of the
foreign reports (90.0 / 92.7 / 95.3% beside two reports). The threshold is 0.06, not 0.07,
for a margin under the lowest on-topic figure: reports of one event gathered elsewhere overlap
less than ViMs' do. Foreign reports that pass are mostly the same kind of news (two crime
reports, two property launches, two football stories), which share stock phrases.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import normalize
from .documents import LoadedFolder, SkippedFile
from .salience import TfIdf

# A report less similar than this to every other report of the folder is flagged; two reports at
# least this similar are linked (about the same event).
MIN_REPORT_SIMILARITY = 0.06
# A report less similar than this to every other report is flagged too when it names at least
# NAMES_TO_COMPARE people, places or bodies (``names``), none of which another report names, while
# two of the other reports name one in common (``check``).
NAMELESS_MAX_SIMILARITY = 0.12
NAMES_TO_COMPARE = 2
# A report under NAMELESS_MAX_SIMILARITY to every other whose best similarity is also under this
# share of the typical one among the others (the median of their best similarities, itself left
# out) is named in a warning, not left out (``Check.suspects``): a short report of the same day
# that shares only stock words ("triệu đồng", "ở mức") with the others.
SUSPECT_RELATIVE_SIMILARITY = 0.3
SUSPECT_MIN_REPORTS = 3  # the others need two reports at least for a typical similarity
GROUP_FILES_SHOWN = 3  # files named per group in the several-events warning

Tokenizer = Callable[[str], list[str]]


@dataclass(frozen=True)
class Outlier:
    file: str  # the report, relative to the folder
    similarity: float  # its cosine to the most similar other report
    no_shared_name: bool = False  # flagged because no other report uses one of its names
    other_day: str = ""  # and its lead dates another day than the others': "dated 15/3, the others 12/3"

    @property
    def reason(self) -> str:
        """Why it was flagged, for a warning or a skipped file: "similarity 0.09, no name in
        common", "dated 15/3, the others 12/3, no name in common"."""
        told = self.other_day or f"similarity {self.similarity:.2f}"
        return f"{told}{', no name in common' if self.no_shared_name else ''}"


def names(text: str) -> frozenset[str]:
    """The names of ``text`` (title and body) that can tell one event from another of its kind:
    runs of two capitalised words or more (``normalize.capitalised_runs``; a sentence's first word
    left out, as its capital proves nothing), as ``normalize.match_key`` keys."""
    found = set()
    for run, initial in normalize.capitalised_runs(text):
        words = run[1:] if initial else run
        if len(words) >= 2:
            found.add(normalize.match_key(" ".join(words)))
    return frozenset(found)


# The date a report's lead gives its event ("Rạng sáng 12/3, ..."): the first day/month in its
# first LEAD_DATE_CHARS characters after the title, written with a slash, or after a time word
# with a hyphen or a period ("ngày 12-3", "sáng 12.3"): a score ("thắng Lào 2-1") or a decimal
# ("tăng 1.5%") is no date.
LEAD_DATE_CHARS = 300
_TIME_WORD = rf"(?:ngày|hôm|rạng sáng|mùng|{normalize.PARTS_OF_DAY})"
_LEAD_DATE = re.compile(
    rf"(?<![\d/.,-])(?:({normalize.DAY})\s*/\s*({normalize.MONTH})"
    rf"|(?<!\w){_TIME_WORD}\s+({normalize.DAY})\s*[.-]\s*({normalize.MONTH}))(?!\d|[/.-]\d{{1,2}}(?!\d)|\s*%)",
    re.IGNORECASE,
)


def lead_date(text: str) -> tuple[int, int] | None:
    """(day, month) of the first date in the lead of ``text``: its body, after the title line
    (the whole text when it is one line); None when none."""
    body = text.partition("\n")[2] or text
    match = _LEAD_DATE.search(body[:LEAD_DATE_CHARS])
    if match is None:
        return None
    return int(match[1] or match[3]), int(match[2] or match[4])


def _another_day(i: int, dates: Sequence[tuple[int, int] | None], texts: Sequence[str]) -> str:
    """"dated D, the others E" when report ``i``'s lead dates its event on a day D that two
    other reports' leads agree is not the event's (E), and no other report names D; else ""."""
    mine = dates[i]
    if mine is None:
        return ""
    agreed = Counter(d for j, d in enumerate(dates) if j != i and d is not None).most_common(1)
    if not agreed or agreed[0][1] < 2 or agreed[0][0] == mine:
        return ""
    day = re.compile(rf"(?<![\d/.-])0?{mine[0]}(?:\s*[/.-]\s*|\s+tháng\s+)0?{mine[1]}(?!\d)", re.IGNORECASE)
    if any(day.search(text) for j, text in enumerate(texts) if j != i):
        return ""
    return f"dated {mine[0]}/{mine[1]}, the others {agreed[0][0][0]}/{agreed[0][0][1]}"


def _names_apart(texts: Sequence[str], best: np.ndarray) -> list[str | None]:
    """For each text, None, or "" when it is flagged by its names (see the module docstring),
    or why it is flagged by its names at any similarity: its lead's date is another day than
    the one the others' leads agree on (:func:`_another_day`). Linear in the names: one count of
    the reports naming each name serves every report."""
    if len(texts) < 3:
        return [None] * len(texts)
    named = [names(text) for text in texts]
    reports_naming = Counter(name for own in named for name in own)
    shared = {name for name, count in reports_naming.items() if count >= 2}
    dates = [lead_date(text) for text in texts]
    apart: list[str | None] = []
    for i, own in enumerate(named):
        if len(own) < NAMES_TO_COMPARE or own & shared or not shared:
            apart.append(None)  # too few names, or a name another report uses (or no two share one)
            continue
        # None of its names is another's, so every name two reports share is two others' one.
        if best[i] < NAMELESS_MAX_SIMILARITY:
            apart.append("")
        else:  # similar enough, unless its lead tells of another day
            apart.append(_another_day(i, dates, texts) or None)
    return apart


def similarity_matrix(texts: Sequence[str], *, tokenize: Tokenizer = normalize.syllables) -> np.ndarray:
    """Pairwise cosine of the texts' syllable-bigram vectors (1 + log count); 0 on the diagonal.
    Sparse rows (``salience.TfIdf``), so a folder of many long reports stays small in memory."""
    vocabulary: dict[tuple[str, str], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for row, text in enumerate(texts):
        tokens = tokenize(text)
        local: dict[int, int] = {}
        for bigram in zip(tokens, tokens[1:]):
            column = vocabulary.setdefault(bigram, len(vocabulary))
            local[column] = local.get(column, 0) + 1
        rows += [row] * len(local)
        cols += list(local)
        counts += list(local.values())
    r = np.asarray(rows, dtype=np.int64)
    values = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    norms = np.sqrt(np.bincount(r, weights=values**2, minlength=len(texts)))
    values = values / np.where(norms > 0, norms, 1.0)[r]
    matrix = TfIdf(rows=r, cols=np.asarray(cols, dtype=np.int64), values=values, shape=(len(texts), len(vocabulary)))
    similarity = matrix.similarity_matrix()
    np.fill_diagonal(similarity, 0.0)
    return similarity


@dataclass(frozen=True)
class Check:
    """What the similarity of a folder's reports says (see the module docstring)."""

    outliers: tuple[Outlier, ...]  # reports with no other report as similar as the threshold
    groups: tuple[tuple[str, ...], ...]  # the linked groups of two reports or more, largest first
    # reports far less similar to the others than they are to one another, not outliers (warned about)
    suspects: tuple[tuple[Outlier, float], ...] = ()  # each with the others' typical similarity

    @property
    def main_group(self) -> tuple[str, ...] | None:
        """The largest group, when there are several and it is larger than every other."""
        if len(self.groups) < 2 or len(self.groups[0]) == len(self.groups[1]):
            return None
        return self.groups[0]


def check(files: Sequence[str], texts: Sequence[str], *, threshold: float = MIN_REPORT_SIMILARITY) -> Check:
    """Outliers and linked groups of the reports (``files[i]`` holds ``texts[i]``); groups list
    their files in the given order, the largest group first (ties: the one whose first report
    comes first). A folder of one report has neither."""
    if len(files) != len(texts):
        raise ValueError(f"{len(files)} files but {len(texts)} texts")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold}")
    if len(texts) < 2:
        return Check((), ())
    similarity = similarity_matrix(texts)
    best = similarity.max(axis=1)
    apart = _names_apart(texts, best)
    found = tuple(Outlier(file, float(score), bool(score >= threshold), by_names or "")
                  for file, score, by_names in zip(files, best, apart) if score < threshold or by_names is not None)
    flagged = {o.file for o in found}
    suspects = tuple((Outlier(files[i], float(best[i])), typical) for i, typical in _suspects(similarity)
                     if files[i] not in flagged)
    groups = tuple(tuple(files[i] for i in members) for members in _components(similarity >= threshold))
    return Check(found, groups, suspects)


def _suspects(similarity: np.ndarray) -> list[tuple[int, float]]:
    """The reports under NAMELESS_MAX_SIMILARITY to every other and under
    SUSPECT_RELATIVE_SIMILARITY of the others' typical best similarity (the median, each other
    report's best taken without the suspect: its second best when the suspect was its best), with
    that typical similarity. Quadratic in the reports, as the matrix is."""
    n = len(similarity)
    if n < SUSPECT_MIN_REPORTS:
        return []
    rows = np.arange(n)
    first = similarity.argmax(axis=1)  # the best and the runner-up of each row, without sorting whole rows
    best = similarity[rows, first]
    similarity[rows, first] = -np.inf  # put back below: no copy of the n x n matrix
    try:
        second = similarity.argmax(axis=1)
    finally:
        similarity[rows, first] = best
    runner_up = similarity[rows, second]
    found = []
    for i in np.flatnonzero(best < NAMELESS_MAX_SIMILARITY):
        others = np.where(first == i, runner_up, best)
        typical = float(np.median(np.delete(others, i)))
        if best[i] < SUSPECT_RELATIVE_SIMILARITY * typical:
            found.append((int(i), typical))
    return found


def _components(linked: np.ndarray) -> list[list[int]]:
    """Connected components of two nodes or more of the graph ``linked`` (boolean adjacency),
    each in ascending order, the largest first (ties: the smallest first node). A breadth-first
    search over the matrix's rows, each node's row read once: no list of the linked pairs (4,000
    reports that all link made 8 million unions and their index arrays)."""
    n = len(linked)
    labels = np.full(n, -1, dtype=np.int64)
    for start in range(n):
        if labels[start] >= 0:
            continue
        labels[start] = start
        frontier = np.array([start])
        while frontier.size:
            frontier = np.flatnonzero(linked[frontier].any(axis=0) & (labels < 0))
            labels[frontier] = start
    members: dict[int, list[int]] = {}
    for node, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(node)
    return sorted((c for c in members.values() if len(c) > 1), key=lambda c: (-len(c), c[0]))


def outliers(
    files: Sequence[str], texts: Sequence[str], *, threshold: float = MIN_REPORT_SIMILARITY
) -> list[Outlier]:
    """The reports (``files[i]`` holds ``texts[i]``) whose best similarity to another report is
    under ``threshold``, in the given order. A folder of one report has none."""
    return list(check(files, texts, threshold=threshold).outliers)


def warning(found: Sequence[Outlier], reports: int) -> str | None:
    """One warning line for the outliers of a folder of ``reports`` reports, or None."""
    if not found:
        return None
    or_no_name = _OR_NO_NAME if any(o.no_shared_name for o in found) else ""
    if len(found) == reports:
        if reports == 2:
            return (f"the two reports share little (similarity {found[0].similarity:.2f}, under "
                    f"{MIN_REPORT_SIMILARITY}): are they about the same event?")
        return (f"no report shares much with any other (similarities under {MIN_REPORT_SIMILARITY}{or_no_name}): "
                "are they about the same event?")
    listed = ", ".join(f"{o.file} ({o.reason})" for o in found)
    or_other_day = ", or dated another day with no name in common" if any(o.other_day for o in found) else ""
    return (f"reports that share little with the others (similarity under {MIN_REPORT_SIMILARITY}{or_no_name}"
            f"{or_other_day}), perhaps about another event: {listed}")


_OR_NO_NAME = f", or under {NAMELESS_MAX_SIMILARITY} with no name in common"


def suspect_warning(suspects: Sequence[tuple[Outlier, float]]) -> str | None:
    """One warning line for the reports that share far less with the others than they do with
    one another (``Check.suspects``), or None. They stay in the summary."""
    if not suspects:
        return None
    listed = ", ".join(f"{o.file} (similarity {o.similarity:.2f}, the others {typical:.2f})" for o, typical in suspects)
    return f"reports that share far less with the others than they do with one another, perhaps about another event (kept): {listed}"


def group_warning(groups: Sequence[Sequence[str]]) -> str | None:
    """One warning line when the reports fall into several linked groups, or None."""
    if len(groups) < 2:
        return None
    listed = "; ".join(
        f"{len(g)} reports ({', '.join(g[:GROUP_FILES_SHOWN])}{', …' if len(g) > GROUP_FILES_SHOWN else ''})"
        for g in groups
    )
    return (f"the reports fall into {len(groups)} groups that share little with one another (no two "
            f"reports of different groups reach similarity {MIN_REPORT_SIMILARITY}), perhaps "
            f"{len(groups)} events: {listed}")


def drop(loaded: LoadedFolder, found: Sequence[Outlier]) -> LoadedFolder:
    """``loaded`` without the reports of ``found``, which join the skipped files with their
    similarity as the reason. Unchanged when ``found`` is empty or names every report."""
    names = {o.file for o in found}
    if not names or names >= {r.file for r in loaded.reports}:
        return loaded
    return _leave_out(loaded, [
        SkippedFile(o.file, f"off-topic: {'another event' if o.other_day else 'shares little with the other reports'} "
                            f"({o.reason})")
        for o in found
    ])


# A report fewer of whose words than this carry a Vietnamese letter (``normalize.
# vietnamese_word_share``) is in another language, or Vietnamese typed without diacritics: the
# lowest ViMs report scores 0.21, English and French about 0.
MIN_VIETNAMESE_WORD_SHARE = 0.1
# A report is judged by its language only when it has this many words: "Hà …" is no English.
MIN_WORDS_TO_JUDGE = 20


def foreign_reports(loaded: LoadedFolder) -> list[tuple[str, float]]:
    """(file, share of Vietnamese words) of each report of ``MIN_WORDS_TO_JUDGE`` words or more
    that does not read as Vietnamese, when another report of ``loaded`` with body text does (a
    cluster of such reports alone is warned about as a whole by ``pipeline.prepare``)."""
    shares = [(r, normalize.vietnamese_word_share([r.full_text])) for r in loaded.reports]
    foreign = [(r.file, share) for r, share in shares if share is not None and share < MIN_VIETNAMESE_WORD_SHARE
               and len(r.full_text.split()) >= MIN_WORDS_TO_JUDGE]
    named = {file for file, _ in foreign}
    kept_body = any(r.body and r.file not in named for r in loaded.reports)
    return foreign if kept_body else []


def drop_foreign(loaded: LoadedFolder, foreign: Sequence[tuple[str, float]]) -> LoadedFolder:
    """``loaded`` without the ``foreign`` reports (:func:`foreign_reports`), which join the skipped
    files with their share as the reason: an English wire story among Vietnamese reports would
    give the summary an English sentence."""
    return _leave_out(loaded, [SkippedFile(file, foreign_reason(share)) for file, share in foreign])


def foreign_reason(share: float) -> str:
    return (f"does not read as Vietnamese ({share:.0%} of its words carry a Vietnamese letter, under "
            f"{MIN_VIETNAMESE_WORD_SHARE:.0%})")


def drop_groups(loaded: LoadedFolder, found: Check) -> LoadedFolder:
    """``loaded`` without the reports of every group but the main one (``Check.main_group``),
    which join the skipped files with the sizes as the reason. Unchanged without a main group."""
    main = found.main_group
    if main is None:
        return loaded
    present = {r.file for r in loaded.reports}  # an outlier by its names, left out already, may be linked
    return _leave_out(loaded, [
        SkippedFile(file, f"off-topic: one of {len(group)} reports that share little with the "
                          f"largest group ({len(main)} reports)")
        for group in found.groups[1:]
        for file in group
        if file in present
    ])


def drop_copies(loaded: LoadedFolder) -> LoadedFolder:
    """``loaded`` without reports whose title and text (spacing aside) repeat an earlier one's;
    each joins the skipped files naming the report it repeats."""
    first: dict[tuple[str | None, str], str] = {}
    copies = []
    for report in loaded.reports:
        key = (report.title, " ".join(report.body.split()))
        if key in first:
            copies.append(SkippedFile(report.file, f"same title and text as {first[key]}"))
        else:
            first[key] = report.file
    return _leave_out(loaded, copies) if copies else loaded


def _leave_out(loaded: LoadedFolder, skipped: Sequence[SkippedFile]) -> LoadedFolder:
    """``loaded`` without the reports ``skipped`` names, which join its skipped files."""
    names = {s.file for s in skipped}
    kept = tuple(r for r in loaded.reports if r.file not in names)
    return replace(loaded, reports=kept, skipped=loaded.skipped + tuple(skipped))
