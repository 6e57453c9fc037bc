"""ROUGE evaluation for Vietnamese summaries, with confidence intervals and redundancy.

Definitions (the README repeats them):

* **Tokens** - :class:`VietnameseTokenizer`: Unicode NFC, lower case, then every maximal run of
  letters, digits and combining marks is a token (one Vietnamese syllable; ``20.100`` gives two
  tokens), its tone mark placed canonically (:func:`fold_placement`): the old and new placements
  (``hoà``/``hòa``, ``thuỳ``/``thùy``, ``uỷ``/``ủy``) are one token, as the matching keys have
  them and as the summarizer rewrites them to the cluster's style, so that the tool's own spelling
  is not penalised. Only the mark's position is folded, never a letter: ``kỹ``/``kĩ`` and
  ``lý``/``lí`` stay two tokens. rouge-score's default tokenizer keeps only ``[a-z0-9]`` and would
  cut ``người`` into ``ng``, ``i``; this one keeps it whole.
* **ROUGE** - rouge-score's ``RougeScorer`` (rouge1, rouge2, rougeL over the whole text, no
  stemming) with that tokenizer. With several references a cluster's P, R and F1 are the means of
  its scores against each reference (averaging, not the max that ``score_multi`` takes).
* **Predictions** - a successful record's ``summary`` must be a string, its ``title`` and
  ``sentences`` a string and a list, or null or absent (:func:`prediction_problem`); another type
  is an EvaluationError naming the record and the key, never a text made of it.
* **Texts** - a prediction's summary, sentences and title get the report loader's normalization
  (``normalize.normalize_text``) before they are scored, as references do when they are read
  (corpus.py), so that a look-alike Ð or a zero-width space counts the same on both sides.
  Cluster ids are compared in NFC (``corpus.normalize_id``).
* **Corpus figure** - the mean over clusters. A cluster with references but no successful
  prediction (absent, or an error record: one whose ``error`` is set; ``"error": null`` is a
  success) scores 0 and is listed in ``missing``; a successful prediction whose summary holds no
  word scores 0 too, is counted as predicted, and is named in a warning (``EvaluationReport.empty``:
  an empty summary usually means a pipeline bug); a cluster whose
  references hold no summary (a JSON Lines references line without one, which the loader
  warns of) is not scored and is listed in ``without_summary``. The 95% CI of
  the mean F1 is a percentile bootstrap over clusters (``BOOTSTRAP_RESAMPLES`` resamples, fixed
  ``BOOTSTRAP_SEED``, so reruns give the same interval).
* **Syllables** - a summary's length: whitespace-separated tokens holding at least one letter or
  digit (the engines' length-budget unit); ``avg_syllables`` is the mean over predicted clusters.
* **Redundancy** - over all predicted summaries, the share of sentence pairs (same summary) that
  are near-duplicates: the pair's distinct token bigrams overlap by at least
  ``REDUNDANCY_THRESHOLD`` of the smaller bigram set; a sentence of fewer than
  ``REDUNDANCY_MIN_TOKENS`` tokens only matches an identical one.
* **Order agreement** - how well a summary's sentence order agrees with a human summary's:
  each summary sentence is aligned with the reference sentence holding the largest share of its
  distinct token bigrams, when that share is at least ``ORDER_ALIGNMENT``; Kendall's tau between
  the summary order and the reference order of the aligned sentences (pairs aligned with the
  same reference sentence are left out), 1 for the same order, -1 for the reverse. A cluster's
  value is the mean over its references that give at least one comparable pair; ``order_tau``
  is the mean over the clusters that have a value (``order_clusters`` of them).
* **Headline ROUGE** - ROUGE-1/2 of the predicted ``title`` against reference headlines, only
  where the references carry them (``title.txt``, see corpus.py); ViMs has none, so the
  ``title_rouge*`` figures are null there.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import logging
import math
import re
import unicodedata
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .corpus import JSON_SNIFF_BYTES, References, ReferenceSet, is_failure, json_lines, normalize_id, wide_encoding
from .errors import EvaluationError
from .json_input import MalformedJSON, parse_json
from .normalize import canonical_placement, normalize_text
from .salience import word_count

log = logging.getLogger("summarizer.evaluate")

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
TITLE_ROUGE_TYPES = ("rouge1", "rouge2")
BOOTSTRAP_RESAMPLES = 1000  # bootstrap resamples of the clusters for the CI of the mean
BOOTSTRAP_SEED = 20240601  # fixed, so the interval is reproducible
CI_LEVEL = 0.95
REDUNDANCY_THRESHOLD = 0.5  # bigram overlap (share of the smaller set) at which two summary sentences are near-duplicates
REDUNDANCY_NGRAM = 2
REDUNDANCY_MIN_TOKENS = 3  # shorter sentences (fragments such as "1.") only match an identical one
ORDER_ALIGNMENT = 0.5  # share of a summary sentence's bigrams a reference sentence must hold to align with it
ORDER_NGRAM = 2  # the n-grams that alignment compares
MAX_NAMED = 5  # clusters or files named in a warning

_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


@functools.lru_cache(maxsize=65536)
def fold_placement(token: str) -> str:
    """A lower-case NFC token with its tone mark on the canonical vowel
    (``normalize.canonical_placement``: ``hoà``/``hòa`` -> one string, ``kỹ``/``kĩ`` stay apart,
    spelled differently, unlike a mark's position, which the summarizer rewrites to the cluster's
    style); cached, as a corpus repeats its tokens."""
    return canonical_placement(token)


class VietnameseTokenizer:
    """Syllable tokenizer for rouge-score: NFC, lower case, runs of letters/digits/marks, tone
    placement folded (:func:`fold_placement`)."""

    def tokenize(self, text: str) -> list[str]:
        return [fold_placement(token) for token in _TOKEN.findall(unicodedata.normalize("NFC", text).lower())]


TOKENIZER = VietnameseTokenizer()


# Summary length in syllables: the engines' budget unit, counted by the same function.
count_syllables = word_count


def _ngram_set(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def near_duplicate(a: str, b: str, *, threshold: float = REDUNDANCY_THRESHOLD) -> bool:
    """Whether two sentences are near-duplicates (see module doc)."""
    ta, tb = TOKENIZER.tokenize(a), TOKENIZER.tokenize(b)
    if min(len(ta), len(tb)) < REDUNDANCY_MIN_TOKENS:
        return bool(ta) and ta == tb
    return _overlaps(_ngram_set(ta, REDUNDANCY_NGRAM), _ngram_set(tb, REDUNDANCY_NGRAM), threshold)


def _overlaps(a: Set[tuple[str, ...]], b: Set[tuple[str, ...]], threshold: float) -> bool:
    """Whether the shared n-grams of two non-empty sets are ``threshold`` or more of the smaller."""
    return len(a & b) / min(len(a), len(b)) >= threshold


def redundant_pairs(sentences: Sequence[str]) -> tuple[int, int]:
    """(near-duplicate pairs, all pairs) among one summary's sentences: the count
    :func:`near_duplicate` gives over every pair (at ``REDUNDANCY_THRESHOLD``), without calling it on every pair.

    Each sentence is tokenized once. Short ones (under ``REDUNDANCY_MIN_TOKENS`` tokens) match
    only an identical short one, and identical bigram sets all match: both counted by grouping.
    The distinct bigram sets left are compared pair by pair when they are few
    (``REDUNDANCY_PAIRWISE_MAX``), else by :func:`_bigram_set_matches`, whose time grows with the
    bigrams sentences share rather than with the square of the sentences."""
    count = len(sentences)
    short: dict[tuple[str, ...], int] = {}  # identical short sentences
    sets: dict[frozenset[tuple[str, ...]], int] = {}  # the bigram sets of the others, and how many have each
    for sentence in sentences:
        tokens = TOKENIZER.tokenize(sentence)
        if len(tokens) < REDUNDANCY_MIN_TOKENS:
            if tokens:  # an empty one matches nothing
                short[tuple(tokens)] = short.get(tuple(tokens), 0) + 1
        else:
            bigrams = frozenset(_ngram_set(tokens, REDUNDANCY_NGRAM))
            sets[bigrams] = sets.get(bigrams, 0) + 1
    redundant = sum(n * (n - 1) // 2 for n in short.values())
    redundant += sum(n * (n - 1) // 2 for n in sets.values())  # identical sets share all their bigrams
    distinct = list(sets)
    counts = [sets[bigrams] for bigrams in distinct]
    if len(distinct) <= REDUNDANCY_PAIRWISE_MAX:
        for i, first in enumerate(distinct):
            for j in range(i + 1, len(distinct)):
                if _overlaps(first, distinct[j], REDUNDANCY_THRESHOLD):
                    redundant += counts[i] * counts[j]
    else:
        redundant += _bigram_set_matches(distinct, counts, REDUNDANCY_THRESHOLD)
    return redundant, count * (count - 1) // 2


REDUNDANCY_PAIRWISE_MAX = 200  # distinct bigram sets compared pair by pair (a real summary has about 10 sentences)
REDUNDANCY_BLOCK_ENTRIES = 1 << 22  # pair-matrix entries computed at a time (bounded memory)
REDUNDANCY_BLOCK_ROWS = 4096  # ... and at most this many rows of it
REDUNDANCY_DENSE_SHARE = 8  # a bigram in over 1/8 of the sets is counted in a dense product


def _least_overlap(size: int, threshold: float) -> int:
    """The fewest shared bigrams ``t`` for which ``t / size >= threshold``, compared as
    :func:`near_duplicate` compares (floating point included); ``size + 1`` when none is."""
    needed = max(0, math.ceil(threshold * size))
    while needed > 0 and (needed - 1) / size >= threshold:
        needed -= 1
    while needed <= size and needed / size < threshold:
        needed += 1
    return needed


def _bigram_set_matches(sets: Sequence[frozenset[tuple[str, ...]]], counts: Sequence[int], threshold: float) -> int:
    """Near-duplicate pairs between the distinct bigram sets ``sets`` (``counts[i]`` sentences
    have ``sets[i]``; ``0 < threshold``): the sum of ``counts[i] * counts[j]`` over the pairs
    ``i < j`` whose shared bigrams are at least ``threshold`` of the smaller set.

    The shared bigrams of every pair come from the product of the sentence-by-bigram matrix with
    its transpose, over the bigrams at least two sets hold (only those can be shared), a block of
    rows at a time: a sparse product, whose time grows with the pairs that share a bigram, for the
    bigrams few sets hold; a dense one (BLAS) for the few held by a large share of the sets
    (``REDUNDANCY_DENSE_SHARE``), where nearly every pair shares one anyway (thousands of
    sentences that repeat one sentence's words: the pairs that match are then nearly all of
    them). A pair matches when it shares at least :func:`_least_overlap` of the smaller set's
    size: the comparison :func:`near_duplicate` makes, in whole numbers."""
    import numpy as np
    from scipy import sparse

    # smaller sets first: in a pair i < j the set i is then the smaller one, whose size sets the
    # shared bigrams needed (its row's, so a block compares with one number per row)
    order = sorted(range(len(sets)), key=lambda k: len(sets[k]))
    sets, counts = [sets[k] for k in order], [counts[k] for k in order]
    size_count = len(sets)
    holders: dict[tuple[str, ...], int] = {}
    for bigrams in sets:
        for bigram in bigrams:
            holders[bigram] = holders.get(bigram, 0) + 1
    columns = {bigram: k for k, bigram in enumerate(b for b, n in holders.items() if n > 1)}
    if not columns:
        return 0
    rows_of, columns_of = [], []
    for row, bigrams in enumerate(sets):
        for bigram in bigrams:
            column = columns.get(bigram)
            if column is not None:
                rows_of.append(row)
                columns_of.append(column)
    held = np.bincount(np.asarray(columns_of, dtype=np.int64), minlength=len(columns))
    dense_columns = np.flatnonzero(held * REDUNDANCY_DENSE_SHARE > size_count)
    sparse_columns = np.flatnonzero(held * REDUNDANCY_DENSE_SHARE <= size_count)
    matrix = sparse.csr_matrix((np.ones(len(rows_of), dtype=np.float32), (rows_of, columns_of)),
                               shape=(size_count, len(columns)))
    light = matrix[:, sparse_columns].tocsr()
    light_t = light.T.tocsr()
    heavy = matrix[:, dense_columns].toarray() if dense_columns.size else None
    sizes = {len(bigrams) for bigrams in sets}
    least = {size: _least_overlap(size, threshold) for size in sizes}
    needed = np.asarray([least[len(bigrams)] for bigrams in sets], dtype=np.float32)
    weight = np.asarray(counts, dtype=np.float64)
    unweighted = all(count == 1 for count in counts)
    total = 0.0
    rows_per_block = max(1, min(REDUNDANCY_BLOCK_ROWS, REDUNDANCY_BLOCK_ENTRIES // size_count))
    for low in range(0, size_count, rows_per_block):
        high = min(size_count, low + rows_per_block)
        shared = (light[low:high] @ light_t).tocoo()  # (rows of the block) x (every set)
        if heavy is None:
            keep = shared.col > shared.row + low  # each pair once, i < j
            first, second = shared.row[keep] + low, shared.col[keep]
            match = shared.data[keep] >= needed[first]
            total += float(weight[first[match]] @ weight[second[match]])
            continue
        # the columns from ``low`` on: each pair once, i < j, the block's own rows masked below
        with np.errstate(invalid="ignore"):  # 0/1 entries: some OpenBLAS kernels raise a spurious
            overlap = heavy[low:high] @ heavy[low:].T  # invalid-value flag here (numpy issue 24067)
        keep = shared.col >= low
        overlap[shared.row[keep], shared.col[keep] - low] += shared.data[keep]
        match = overlap >= needed[low:high, None]
        match[:, : high - low] &= np.triu(np.ones((high - low, high - low), dtype=bool), 1)
        if unweighted:
            total += np.count_nonzero(match)
        else:
            total += float(weight[low:high] @ (match.astype(np.float64) @ weight[low:]))
    return int(round(total))


def concordance(values: Sequence[int], size: int) -> tuple[int, int]:
    """(concordant, discordant): of the pairs i < j of ``values`` (whole numbers in
    ``range(size)``: the reference sentences summary sentences align with), how many have
    ``values[i] < values[j]`` and how many ``values[i] > values[j]``; tied pairs count in
    neither. The earlier values are counted in a Fenwick tree, so this takes O(n log size),
    not the O(n²) of comparing every pair (a runaway summary has thousands of sentences)."""
    tree = [0] * (size + 1)  # tree[k] counts the earlier values in a range of positions ending at k (1-based)

    def earlier_below(limit: int) -> int:  # earlier values < limit
        count = 0
        while limit > 0:
            count += tree[limit]
            limit -= limit & -limit
        return count

    concordant = discordant = 0
    for seen, value in enumerate(values):
        concordant += earlier_below(value)
        discordant += seen - earlier_below(value + 1)
        position = value + 1
        while position <= size:
            tree[position] += 1
            position += position & -position
    return concordant, discordant


def order_agreement(sentences: Sequence[str], references: Sequence[str]) -> float | None:
    """Kendall's tau between the order of ``sentences`` and that of the reference sentences
    they align with, the mean over ``references`` (see the module doc); None when no reference
    gives a comparable pair."""
    from .sentences import split_sentences

    owns = [_ngram_set(TOKENIZER.tokenize(sentence), ORDER_NGRAM) for sentence in sentences]
    taus = []
    for reference in references:
        targets = [_ngram_set(TOKENIZER.tokenize(r), ORDER_NGRAM) for r in split_sentences(reference)]
        aligned = []
        for own in owns:
            if not own or not targets:
                continue
            shares = [len(own & t) / len(own) for t in targets]
            best = max(range(len(targets)), key=shares.__getitem__)
            if shares[best] >= ORDER_ALIGNMENT:
                aligned.append(best)
        concordant, discordant = concordance(aligned, len(targets))
        if concordant + discordant:
            taus.append((concordant - discordant) / (concordant + discordant))
    return _mean(taus) if taus else None


@functools.lru_cache(maxsize=None)
def _scorer(types: tuple[str, ...]) -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(types), tokenizer=TOKENIZER)


def rouge(prediction: str, references: Sequence[str], types: Sequence[str] = ROUGE_TYPES) -> dict[str, tuple[float, float, float]]:
    """(F1, precision, recall) per ROUGE type, each the mean over ``references``."""
    if not references:
        raise EvaluationError("rouge needs at least one reference")
    scorer = _scorer(tuple(types))
    totals = {t: [0.0, 0.0, 0.0] for t in types}
    for reference in references:
        scores = scorer.score(reference, prediction)
        for t in types:
            totals[t][0] += scores[t].fmeasure
            totals[t][1] += scores[t].precision
            totals[t][2] += scores[t].recall
    count = len(references)
    return {t: (v[0] / count, v[1] / count, v[2] / count) for t, v in totals.items()}


# ---------------------------------------------------------------------------------------------
# Predictions


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """Records by NFC id (:func:`corpus.normalize_id`; the records keep their ``id`` as written)
    from a JSON Lines file (``summarize-batch`` output, or any lines with ``id`` and ``summary``).
    A torn last line is ignored with a warning; a successful record wins over an error record of
    the same id. A successful record whose ``summary`` is not a string, ``title`` neither a string
    nor null, or ``sentences`` neither a list nor null is an EvaluationError naming the line and
    the key (:func:`prediction_problem`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvaluationError(f"cannot read predictions {str(path)!r}: {exc.strerror or exc}") from exc
    wide = wide_encoding(data[:JSON_SNIFF_BYTES])
    if wide is not None:
        raise EvaluationError(f"cannot read predictions {str(path)!r}: it is {wide}, and JSON Lines are UTF-8")
    data = data.removeprefix(codecs.BOM_UTF8)  # a byte-order mark some Windows tools write
    lines = json_lines(data)
    records: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = parse_json(raw, encoding="utf-8")
        except MalformedJSON as exc:
            if number == len(lines) and records:  # no final newline after records: a line a crash cut short
                log.warning("%s: ignoring a torn last line (no final newline)", path)
                break
            raise EvaluationError(f"{path}:{number}: not a JSON record ({exc})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise EvaluationError(f"{path}:{number}: record has no string 'id'")
        if not is_failure(record) and record.get("summary") is None:
            raise EvaluationError(f"{path}:{number}: record {record['id']!r} has neither 'summary' nor 'error'")
        problem = prediction_problem(record)
        if problem is not None:
            raise EvaluationError(f"{path}:{number}: record {record['id']!r}: {problem}")
        key = normalize_id(record["id"])
        previous = records.get(key)
        if previous is not None and not is_failure(previous) and is_failure(record):
            continue
        if previous is not None and not is_failure(previous):
            log.warning("%s:%d: repeated id %r; the later record is used", path, number, record["id"])
        records[key] = record
    if not records:
        raise EvaluationError(f"predictions {str(path)!r} hold no record")
    return records


def prediction_problem(record: Mapping[str, Any]) -> str | None:
    """What is wrong with the types of a prediction record's scored keys ("'summary' must be a
    string"), None when nothing is (an error record is not scored: None). ``title`` and
    ``sentences`` may be null or absent; a ``sentences`` list whose items are not ``{"text": ...}``
    objects is no error (its summary is split, :func:`summary_sentences`)."""
    if is_failure(record):
        return None
    if not isinstance(record.get("summary"), str):
        return "'summary' must be a string"
    if record.get("title") is not None and not isinstance(record["title"], str):
        return "'title' must be a string or null"
    if record.get("sentences") is not None and not isinstance(record["sentences"], list):
        return "'sentences' must be a list or null"
    return None


def summary_sentences(record: Mapping[str, Any]) -> list[str]:
    """A record's summary sentences: its ``sentences`` texts, else (no list, a malformed one, or
    an empty one: a tool that leaves the key empty) its summary split."""
    listed = record.get("sentences")
    if (isinstance(listed, list) and listed
            and all(isinstance(s, dict) and isinstance(s.get("text"), str) for s in listed)):
        return [s["text"] for s in listed]
    from .sentences import split_sentences

    return split_sentences(record.get("summary") or "")


# ---------------------------------------------------------------------------------------------
# Evaluation


@dataclass
class ClusterScore:
    id: str
    status: str  # "ok", "missing" (no record) or "failed" (error record)
    refs: int
    scores: dict[str, tuple[float, float, float]]  # type -> (F1, P, R)
    syllables: int = 0
    sentences: int = 0
    pairs: int = 0
    redundant: int = 0
    title_scores: dict[str, tuple[float, float, float]] | None = None
    order_tau: float | None = None  # order_agreement; None without a comparable pair


@dataclass
class EvaluationReport:
    clusters: list[ClusterScore]
    unmatched: list[str] = field(default_factory=list)  # predicted ids without references
    # ids of the selection whose references hold no summary (skipped when loading): not scored
    without_summary: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [c.id for c in self.clusters if c.status != "ok"]

    @property
    def failed(self) -> list[str]:
        return [c.id for c in self.clusters if c.status == "failed"]

    @property
    def empty(self) -> list[str]:
        """Predicted clusters whose summary holds no word (scored 0, counted in ``predicted``)."""
        return [c.id for c in self.clusters if c.status == "ok" and c.syllables == 0]

    def metric(self, rouge_type: str, *, title: bool = False) -> dict[str, Any] | None:
        """{f, p, r, ci95} of one ROUGE type, means over clusters."""
        rows = [r for r in (c.title_scores if title else c.scores for c in self.clusters) if r is not None]
        if not rows:
            return None
        f = [r[rouge_type][0] for r in rows]
        low, high = bootstrap_ci(f)
        return {
            "f": _mean(f),
            "p": _mean([r[rouge_type][1] for r in rows]),
            "r": _mean([r[rouge_type][2] for r in rows]),
            "ci95": [low, high],
        }

    @property
    def avg_syllables(self) -> float:
        return _mean([c.syllables for c in self.clusters if c.status == "ok"])

    @property
    def redundancy(self) -> float:
        pairs = sum(c.pairs for c in self.clusters)
        return sum(c.redundant for c in self.clusters) / pairs if pairs else 0.0

    @property
    def order_tau(self) -> float | None:
        values = [c.order_tau for c in self.clusters if c.order_tau is not None]
        return _mean(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        """The figures: the keys of ``summarize-eval --json`` (its stable contract) but two, which
        ``summarize-eval`` adds because it knows them and the report does not: ``selection`` (the
        clusters chosen: "split all", "split heldout, ids from ids.txt") and ``against`` (null, or
        :func:`compare` of this report with the ``--against`` predictions' report, with their path
        as ``pred``). A library caller that wants the whole contract adds them the same way:
        ``{**report.to_dict(), "selection": ..., "against": None}``."""
        titled = [c for c in self.clusters if c.title_scores is not None]
        return {
            **{t: self.metric(t) for t in ROUGE_TYPES},
            "clusters": len(self.clusters),
            "predicted": sum(c.status == "ok" for c in self.clusters),
            "avg_syllables": self.avg_syllables,
            "redundancy": self.redundancy,
            "order_tau": self.order_tau,
            "order_clusters": sum(c.order_tau is not None for c in self.clusters),
            "missing": self.missing,
            "failed": self.failed,
            "unmatched": list(self.unmatched),
            "without_summary": list(self.without_summary),
            "title_rouge1": self.metric("rouge1", title=True),
            "title_rouge2": self.metric("rouge2", title=True),
            "title_clusters": len(titled),
            "method": {
                "tokenizer": "NFC, lower case, runs of letters/digits/combining marks, tone placement folded",
                "multi_reference": "mean of per-reference P/R/F1",
                "bootstrap_resamples": BOOTSTRAP_RESAMPLES,
                "bootstrap_seed": BOOTSTRAP_SEED,
                "redundancy_threshold": REDUNDANCY_THRESHOLD,
                "order_alignment": ORDER_ALIGNMENT,
            },
        }

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        header = ["id", "status", "refs"]
        for t in ROUGE_TYPES:
            header += [f"{t}_f", f"{t}_p", f"{t}_r"]
        header += ["syllables", "sentences", "pairs", "redundant_pairs", "title_rouge1_f", "title_rouge2_f", "order_tau"]
        writer.writerow(header)
        for c in self.clusters:
            row: list[Any] = [c.id, c.status, c.refs]
            for t in ROUGE_TYPES:
                row += [f"{v:.6f}" for v in c.scores[t]]
            row += [c.syllables, c.sentences, c.pairs, c.redundant]
            for t in TITLE_ROUGE_TYPES:
                row.append("" if c.title_scores is None else f"{c.title_scores[t][0]:.6f}")
            row.append("" if c.order_tau is None else f"{c.order_tau:.6f}")
            writer.writerow(row)
        return buffer.getvalue()


def _mean(values: Sequence[float]) -> float:
    return float(sum(values) / len(values)) if values else 0.0


def bootstrap_ci(values: Sequence[float], *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap CI (CI_LEVEL) of the mean of ``values``."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    tail = (1.0 - CI_LEVEL) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


PERMUTATIONS = 10_000  # random sign flips of the paired differences for the p-value
PERMUTATION_CHUNK = 1_000  # sign flips drawn at a time
TIE_TOLERANCE = 1e-12  # a permuted mean this close to the observed one counts as as extreme


def paired_difference(
    a: Sequence[float],
    b: Sequence[float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    permutations: int = PERMUTATIONS,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """Compare two systems' per-cluster scores on the same clusters (``a[i]`` and ``b[i]`` are
    one cluster): the mean difference a - b, its percentile bootstrap CI (CI_LEVEL, clusters
    resampled), a two-sided p-value of a paired randomization test (each cluster's difference
    has its sign flipped at random; the share of ``permutations`` whose mean is at least as far
    from 0, counting the observed one), and how many clusters each side wins."""
    import numpy as np

    if len(a) != len(b):
        raise EvaluationError(f"paired scores differ in length: {len(a)} and {len(b)}")
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if diffs.size == 0:
        raise EvaluationError("no cluster to compare")
    low, high = bootstrap_ci(diffs.tolist(), resamples=resamples, seed=seed)
    rng = np.random.default_rng(seed)
    observed = abs(diffs.mean())
    extreme = 0
    for start in range(0, permutations, PERMUTATION_CHUNK):  # bounded memory on large corpora
        signs = rng.choice((-1.0, 1.0), size=(min(PERMUTATION_CHUNK, permutations - start), diffs.size))
        extreme += int((np.abs(signs @ diffs) / diffs.size >= observed - TIE_TOLERANCE).sum())
    return {
        "diff": float(diffs.mean()),
        "ci95": [low, high],
        "p_value": (extreme + 1) / (permutations + 1),
        "wins": int((diffs > 0).sum()),
        "losses": int((diffs < 0).sum()),
        "ties": int((diffs == 0).sum()),
    }


def compare(report: EvaluationReport, other: EvaluationReport) -> dict[str, Any]:
    """Paired comparison of two reports over the same clusters: per ROUGE type, both mean F1
    (``f``, ``f_other``) and :func:`paired_difference` of F1 (this report minus the other);
    ``order_tau``: the same for order agreement over the clusters where both have a value (None
    when none has); plus the number of clusters, and the clusters only this report (``missing``)
    or only the other (``missing_other``) has no prediction for, which score 0 on that side."""
    ids, other_ids = [c.id for c in report.clusters], [c.id for c in other.clusters]
    if ids != other_ids:
        raise EvaluationError("the two evaluations cover different clusters")
    result: dict[str, Any] = {}
    for t in ROUGE_TYPES:
        mine, theirs = [c.scores[t][0] for c in report.clusters], [c.scores[t][0] for c in other.clusters]
        result[t] = {"f": _mean(mine), "f_other": _mean(theirs), **paired_difference(mine, theirs)}
    both = [(c.order_tau, o.order_tau) for c, o in zip(report.clusters, other.clusters)
            if c.order_tau is not None and o.order_tau is not None]
    result["order_tau"] = None
    if both:
        mine_tau, theirs_tau = [a for a, _ in both], [b for _, b in both]
        result["order_tau"] = {"tau": _mean(mine_tau), "tau_other": _mean(theirs_tau), "clusters": len(both),
                               **paired_difference(mine_tau, theirs_tau)}
    result["clusters"] = len(ids)
    # clusters that score 0 on one side only for want of a prediction: they move the difference
    result["missing"] = sorted(set(report.missing) - set(other.missing))
    result["missing_other"] = sorted(set(other.missing) - set(report.missing))
    return result


_ZERO = (0.0, 0.0, 0.0)


def score_cluster(cluster_id: str, record: Mapping[str, Any] | None, reference: ReferenceSet) -> ClusterScore:
    """One cluster's scores; a missing or failed prediction scores zero. The prediction's texts
    are normalized as the references were (see the module doc). Raises EvaluationError for a
    record whose keys have the wrong type (:func:`prediction_problem`)."""
    title_refs = reference.titles
    if record is None or is_failure(record):
        status = "missing" if record is None else "failed"
        return ClusterScore(
            cluster_id, status, len(reference.summaries), {t: _ZERO for t in ROUGE_TYPES},
            title_scores={t: _ZERO for t in TITLE_ROUGE_TYPES} if title_refs else None,
        )
    problem = prediction_problem(record)
    if problem is not None:
        raise EvaluationError(f"record {cluster_id!r}: {problem}")
    summary = normalize_text(record["summary"])
    sentences = [text for text in map(normalize_text, summary_sentences(record)) if text]
    redundant, pairs = redundant_pairs(sentences)
    title_scores = None
    if title_refs:
        title_scores = rouge(normalize_text(record.get("title") or ""), title_refs, TITLE_ROUGE_TYPES)
    return ClusterScore(
        cluster_id,
        "ok",
        len(reference.summaries),
        rouge(summary, reference.summaries),
        syllables=count_syllables(summary),
        sentences=len(sentences),
        pairs=pairs,
        redundant=redundant,
        title_scores=title_scores,
        order_tau=order_agreement(sentences, reference.summaries),
    )


def _title_key(text: str) -> str:
    return " ".join(normalize_text(text).split()).casefold()


def reports_among_references(record: Mapping[str, Any], reference: ReferenceSet) -> list[str]:
    """The reference files of ``reference`` that are reports the prediction ``record`` was made
    from: a file with the name of one of the record's ``sources`` (``summarize`` lists each
    report's file and title) whose first line is that report's title. A report file opens with
    its title; a human summary seldom bears a report's file name and opens with its headline too.
    Cheap, and it catches a reports folder given as the references outside the ViMs layout."""
    sources = record.get("sources")
    if not isinstance(sources, list):
        return []
    titles = {
        source["file"].rsplit("/", 1)[-1]: _title_key(source["title"])
        for source in sources
        if isinstance(source, dict) and isinstance(source.get("file"), str) and isinstance(source.get("title"), str)
    }
    return [
        name for name, text in zip(reference.files, reference.summaries)
        if titles.get(name) and _title_key(text.split("\n", 1)[0]) == titles[name]
    ]


def evaluate(
    predictions: Mapping[str, Mapping[str, Any]],
    references: Mapping[str, ReferenceSet],
    ids: Iterable[str] | None = None,
    *,
    without_summary: Iterable[str] | None = None,
    label: str | None = None,
) -> EvaluationReport:
    """Score ``predictions`` (records by id) against ``references`` over ``ids`` (default: every
    cluster with references, and those of ``without_summary``); ids are compared in NFC.
    ``without_summary``: the ids whose references hold no summary (by default those of
    ``references`` when it is what :func:`corpus.load_references` returns,
    ``References.without_summary``); those chosen are not scored but listed in the report's
    ``without_summary``. ``label`` (the predictions file) opens the warnings, which two
    evaluations of one run (``--against``) would otherwise leave unattributed. Raises
    EvaluationError when another id has no references or no cluster is left to score."""
    if without_summary is None:
        without_summary = references.without_summary if isinstance(references, References) else ()
    predictions = {normalize_id(i): record for i, record in predictions.items()}
    references = {normalize_id(i): reference for i, reference in references.items()}
    without_summary = [normalize_id(i) for i in without_summary]
    ids = [normalize_id(i) for i in ids] if ids is not None else None
    prefix = f"{label}: " if label else ""
    empty = set(without_summary) - set(references)
    chosen = sorted(set(ids)) if ids is not None else sorted(set(references) | empty)
    skipped = [i for i in chosen if i in empty]
    chosen = [i for i in chosen if i not in empty]
    lacking = [i for i in chosen if i not in references]
    if lacking:
        shown = ", ".join(lacking[:5]) + (" ..." if len(lacking) > 5 else "")
        raise EvaluationError(f"{len(lacking)} cluster(s) to evaluate have no references: {shown}")
    if not chosen:
        raise EvaluationError("no cluster to evaluate" + (
            f": the references of the {len(skipped)} chosen cluster(s) hold no summary" if skipped else ""))
    chosen_set = set(chosen)
    # the ids as the predictions file spells them, to be found in it
    unmatched = sorted(str(predictions[i].get("id", i)) for i in predictions if i not in references and i not in empty)
    if unmatched:
        log.warning("%s%d predicted cluster(s) have no references and are not scored", prefix, len(unmatched))
    outside = sum(1 for i in predictions if i in references and i not in chosen_set)
    if outside:
        log.info("%d predicted cluster(s) are outside the evaluated selection", outside)
    scored = [score_cluster(i, predictions.get(i), references[i]) for i in chosen]
    report = EvaluationReport(scored, unmatched, skipped)
    if report.missing:
        log.warning("%s%d of %d cluster(s) have no successful prediction and score 0", prefix, len(report.missing),
                    len(scored))
    if report.empty:
        log.warning("%s%d cluster(s) have an empty summary (no word) and score 0: %s%s", prefix, len(report.empty),
                    ", ".join(report.empty[:MAX_NAMED]), ", …" if len(report.empty) > MAX_NAMED else "")
    reports = [
        f"{i}/{name}" for i in chosen if predictions.get(i) is not None and not is_failure(predictions[i])
        for name in reports_among_references(predictions[i], references[i])
    ]
    if reports:
        clusters = len({name.rsplit("/", 1)[0] for name in reports})
        log.warning("%s%d cluster(s) have reference files that are reports their prediction summarized (a source's "
                    "file name and title): %s%s; --refs should name the human summaries", prefix, clusters,
                    ", ".join(reports[:MAX_NAMED]), ", …" if len(reports) > MAX_NAMED else "")
    return report


def percent(value: float) -> str:
    """A fraction as points (0.3661 -> '36.61')."""
    return f"{100 * value:.2f}"
