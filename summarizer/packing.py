"""Fit the merged document into the model's input budget without ever truncating a sentence.

The budget is counted with the model's real tokenizer (``count_tokens``, EOS included) and no
tokenizer-side truncation ever happens: a sentence is either given to the model whole or listed
as left out.

``cluster_scores``: how much of a merged sentence is expected to matter to a summary, predicted
by a linear model (``PackingWeights``) over features of its deduplication group: lead position
in its reports (log position, first sentence, relative position), LexRank centrality, whether
the first report carries it, a quotation mark, length, cosine to the reports' leads (their first
``LEAD_SENTENCES`` sentences) and soft cross-report support (``salience.report_coverage``). The
target of the model is the share of the sentence's syllable bigrams found in the human
summaries; the weights were fitted by least squares on ViMs Cluster_001-200 only
(``scripts/packing_report.py --fit``).

``pack``: the sentences ``first`` first (the engine gives ``pinned_sentences``: the first
report's opening ``PINNED_LEAD_SENTENCES``, ``first_report_lead``, then the news leads that open
with their time, "Sáng 3/6, ...", ``salience.time_leads``), then greedy: each step takes the sentence with
the highest ``score * novelty`` that still fits, where novelty is the share of its syllable bigrams (``normalize.syllables``) not yet in
the packed input, so paraphrases that deduplication kept apart do not spend the budget twice; a
sentence that does not fit is skipped and smaller ones still get a chance; the chosen sentences
are put back in narrative order. The exact token count of the assembled text is checked
afterwards; should it exceed the budget (tokenizers are not always additive over a join), the
last-chosen sentence is dropped until it fits.

Measured with ``python scripts/packing_report.py --split tune`` (estimated tokens, budget 1024;
share of the reference bigrams present in the model input, ViMs Cluster_001-200): naive
truncation 72.9%, the previous salience + MMR packer 76.6%, this packer 79.3% (+6.4 points;
+6.75 when each half of the split is packed with weights fitted on the other half). What lost on
the same split: a lead round-robin over the reports (71.4%), bigram coverage weighted by report
frequency (73.3-74.2%), the learned score without novelty (74.3%), a position prior with novelty
(73.9%), boosted trees instead of the linear model, feature interactions, sharper score powers,
and weights searched directly on recall (no gain on the other half). Tried later, each fitted on
one half of the split and measured on the other (this packer: 78.4% / 80.3%): greedy coverage of
syllable bigrams weighted by a logistic model of each bigram's chance to be in a human summary
(report frequency, counts, first position, title membership, salience): 77.9% / 79.3%; the
linear model with sentence means of those bigram features added: 78.7% / 79.7%; novelty raised
to a power (1.5, 2, 3): 78.4-75.1%; packing clauses instead of sentences (split after , ; : into
clauses of at least 5 syllables, each with its sentence's score, with or without a discount for
non-first clauses): 78.6% on the whole split (-0.7). Also fitted on one half and measured on the
other (this packer: 79.0% / 79.5%), each added to the linear model: TF-IDF cosine to the
reports' titles, to their first sentences, to the cluster centroid, the share of reports
carrying the group, digits, the share of capitalised words, log report count: 78.4-79.3% /
79.1-79.9%, nothing above noise; a lexical prior learned on the other half (each syllable's and
bigram's smoothed share of clusters whose references contain it when the input does,
leave-one-cluster-out while fitting, in the manner of Hong & Nenkova 2014), averaged over the
sentence: 78.8-79.4% / 79.5-79.7%; a logistic model (or boosted trees) of "the packer picks it
under true scores" instead of the least-squares target: 75.8-79.0% / 77.8-78.0%; the titles
themselves packed first: 78.2-78.9% on the whole split. With the true share of each sentence's
bigrams in the references as its score, this packer reaches 96.5%: the predictor (correlation
about 0.49 with that share), not the packing, is what limits recall. The ceiling at this budget,
the greedy reference oracle, is about 95%; the whole input holds 97.7%. Later, the first
report's first three sentences packed before the rest: 79.5% (+0.3; halves +0.4 / +0.3; held-out
85.2% against 84.4%, naive 83.2%). Tried after that and not kept: novelty over bigram counts, each
repeated bigram counting as new until the packed input holds it ``cap`` times (rewarding names
the references repeat): cap 1 79.8% (+0.3, within noise), cap 2 78.5%, cap 3 77.1%. Later still:
the extractive engine's own choice at 150 / 250 / 400 syllables packed right after the lead,
79.6 / 79.9 / 79.8% (held-out 85.6 / 85.3 / 85.3%); the score times the engine's salience,
79.6%; the report the greedy oracle draws most on packed whole first (it cannot be known, this
bounds what finding it would give), 79.9% (held-out 87.5%); scores standardized or ranked within
each cluster, fitted on one half: 79.1-79.5%; the score times the sentence's tokens to the power
-0.5 / -0.25 / 0.25 / 0.5 (score times novelty is already a density: the expected share of a
sentence's new bigrams found in a reference): 76.6 / 78.6 / 79.5 / 78.9%; the extractive engine's
time-opened lead (``salience.time_leads``) as one more feature, fitted on one half: 78.4 / 80.5%
against 78.4 / 80.3%. Nothing clears noise. Kept: those time-opened leads packed right after the
first report's lead (``pinned_sentences``): 79.5 -> 79.7% (halves 80.4 -> 80.6, 78.6 -> 78.8;
held-out 85.2 -> 85.4%), small but on every split.
Tried after the extractive engine's paraphrase block (``redundancy.PARAPHRASE_MIN_SHARE``): the
same block while packing (a sentence sharing 50 / 55 / 65% of the larger one's syllables with a
packed one, no figures telling them apart, is not packed): 78.3 / 79.0 / 79.3% against 79.7%. For
recall a second wording is worth its tokens (the references may use either); not kept.

Where this packer's misses are (``scripts/packing_report.py`` prints it; tune, distinct
reference bigrams): two thirds of the reference bigrams are found only in sentences that
one report alone carries; the packer keeps 67% of those and 95% of the ones in sentences several
reports share (held-out: 74% and 96%), so 93% of the misses are single-report details.

``chunk``: for map-reduce, consecutive runs of sentences in narrative order, each fitting the
budget; a sentence over the budget on its own is left out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from .errors import BadOptionError
from .normalize import CLOSERS_AFTER_MARK

if TYPE_CHECKING:
    from .cluster import PreparedCluster

log = logging.getLogger("summarizer.packing")

TokenCounter = Callable[[str], int]
SEPARATOR = " "  # between packed sentences
# The leads whose TF-IDF centroid defines the lead-similarity feature: this many first sentences
# of every report.
LEAD_SENTENCES = 3
# The first report's opening sentences that are packed before any other (``first_report_lead``).
PINNED_LEAD_SENTENCES = 3
# Predicted scores are floored here, so that novelty still orders sentences the model rates low.
MIN_SCORE = 1e-3
_QUOTE = re.compile(r'["\u201c\u201d]')
_INPUT_SENTENCE_END = re.compile(rf"[.!?…:;]{CLOSERS_AFTER_MARK}$")  # what ends a model input sentence (input_sentence)


@dataclass(frozen=True)
class PackingWeights:
    """Linear model of a merged sentence's value to a summary (see the module docstring).
    Field order = feature order of :func:`features`. Fitted on ViMs Cluster_001-200."""

    intercept: float = 0.2132
    log_position: float = -0.1011  # log(1 + earliest 0-based sentence index in a report)
    first_sentence: float = -0.0527  # 1 when some report opens with it
    relative_position: float = 0.208  # earliest index / that report's sentence count
    lexrank: float = 0.4458  # LexRank centrality, scaled to [0, 1] in the cluster
    first_report: float = 0.0347  # 1 when the first report (load order) carries it
    quote: float = -0.0612  # 1 when it holds a quotation mark
    log_length: float = -0.0774  # log(1 + syllables)
    lead_similarity: float = 0.2406  # TF-IDF cosine to the centroid of the reports' leads
    soft_support: float = 0.743  # salience.report_coverage / number of reports

    def vector(self) -> np.ndarray:
        return np.asarray(astuple(self)[1:], dtype=np.float64)


FEATURE_NAMES = tuple(f.name for f in fields(PackingWeights))[1:]
DEFAULT_PACKING_WEIGHTS = PackingWeights()


def features(cluster: "PreparedCluster") -> np.ndarray:
    """One row per deduplication group (merged sentence), columns ``FEATURE_NAMES``."""
    from . import salience

    texts = cluster.merged_texts
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    dedup = cluster.dedup
    reports = max([len(cluster.loaded.reports)] + [s.report + 1 for s in dedup.sentences])
    report_sizes = np.bincount([s.report for s in dedup.sentences], minlength=reports)
    feats = salience.features(texts)
    membership = np.zeros((n, reports))
    rows = np.zeros((n, len(FEATURE_NAMES)))
    for g, (group, first) in enumerate(zip(dedup.groups, dedup.best_positions())):
        members = [dedup.sentences[m] for m in group.members]
        membership[g, [m.report for m in members]] = 1.0
        rows[g, 0] = np.log1p(first)
        rows[g, 1] = float(first == 0)
        rows[g, 2] = min(m.index / report_sizes[m.report] for m in members)
        rows[g, 4] = float(any(m.report == 0 for m in members))
        rows[g, 5] = float(bool(_QUOTE.search(texts[g])))
        rows[g, 6] = np.log1p(salience.word_count(texts[g]))
    rows[:, 3] = feats.lexrank
    leads = [s.text for s in dedup.sentences if s.index < LEAD_SENTENCES]
    rows[:, 7] = _similarity_to_centroid(texts, leads)
    rows[:, 8] = salience.report_coverage(feats.similarity, membership) / reports
    return rows


def _similarity_to_centroid(texts: Sequence[str], others: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine of every text to the unit centroid of ``others`` (one TF-IDF over both)."""
    from . import salience

    if not others:
        return np.zeros(len(texts))
    matrix = salience.tfidf(list(texts) + list(others))
    mask = matrix.rows >= len(texts)
    centroid = np.bincount(matrix.cols[mask], weights=matrix.values[mask], minlength=matrix.shape[1])
    norm = np.linalg.norm(centroid)
    return matrix.dot(centroid / norm)[: len(texts)] if norm > 0 else np.zeros(len(texts))


def first_report_lead(cluster: "PreparedCluster", count: int = PINNED_LEAD_SENTENCES) -> list[int]:
    """The merged sentences that carry the first report's first ``count`` sentences, in its
    order (each once)."""
    dedup = cluster.dedup
    group_of = dedup.group_of()
    lead = sorted((s.index, i) for i, s in enumerate(dedup.sentences) if s.report == 0 and s.index < count)
    return list(dict.fromkeys(group_of[i] for _, i in lead))


def pinned_sentences(cluster: "PreparedCluster") -> list[int]:
    """The merged sentences packed before any other: the first report's lead
    (:func:`first_report_lead`), then every news lead that opens with its time
    (``salience.time_leads``: "Sáng 3/6, ...", one of a report's first two sentences), in
    narrative order."""
    from . import salience

    lead = first_report_lead(cluster)
    if not cluster.dedup.groups:
        return lead
    positions = cluster.dedup.best_positions()
    timed = [int(i) for i in np.flatnonzero(salience.time_leads(cluster.merged_texts, positions))]
    return lead + [i for i in timed if i not in lead]


def cluster_scores(cluster: "PreparedCluster", weights: PackingWeights = DEFAULT_PACKING_WEIGHTS) -> np.ndarray:
    """Predicted value of every merged sentence (``features`` × ``weights``), floored at MIN_SCORE."""
    rows = features(cluster)
    return np.maximum(rows @ weights.vector() + weights.intercept, MIN_SCORE)


@dataclass(frozen=True)
class Packed:
    text: str  # the exact model input: prefix + sentences joined by SEPARATOR
    indices: tuple[int, ...]  # indices of the packed sentences, narrative (ascending) order
    tokens: int  # exact token count of ``text`` (EOS included)
    budget: int


def compose(prefix: str, sentences: Sequence[str]) -> str:
    """The model input for ``sentences`` (never a literal ``</s>``: the tokenizer adds EOS), each
    as :func:`input_sentence` gives it."""
    return prefix + SEPARATOR.join(input_sentence(s) for s in sentences)


def input_sentence(text: str) -> str:
    """``text`` as one sentence of the model input: stripped, with a period when it does not end
    in a final mark, a colon or a semicolon (closing quotes or brackets may follow them): a
    heading, a table row ("Cầu chính | 1,2 km | 900 tỷ đồng", "Tỷ lệ giải ngân | 80%"), a report's
    last line that lost its period, so that it does not run into the next sentence."""
    text = text.strip()
    return text if not text or _INPUT_SENTENCE_END.search(text) else text + "."


class _Costs:
    """Per-sentence token costs without the tokenizer's fixed overhead (EOS)."""

    def __init__(self, texts: Sequence[str], count_tokens: TokenCounter, prefix: str, *, raw: bool = False) -> None:
        self.overhead = count_tokens("")
        self.prefix = count_tokens(prefix.strip()) - self.overhead if prefix.strip() else 0
        shown = [t.strip() if raw else input_sentence(t) for t in texts]  # input_sentence keeps a blank one blank
        self.each = [max(count_tokens(t) - self.overhead, 0) for t in shown]

    def total(self, indices: Sequence[int]) -> int:
        return self.overhead + self.prefix + sum(self.each[i] for i in indices)


def pack(
    texts: Sequence[str],
    scores: Sequence[float],
    count_tokens: TokenCounter,
    budget: int,
    *,
    prefix: str = "",
    novelty: bool = True,
    first: Sequence[int] = (),
) -> Packed:
    """The sentences of highest ``score * novelty`` (plain score order with ``novelty=False``)
    that fit ``budget`` tokens, in narrative order; the sentences ``first`` are taken before any
    other, in that order, each when it fits. Ties go to the earliest sentence."""
    if len(scores) != len(texts):
        raise ValueError(f"{len(texts)} sentences but {len(scores)} salience scores")
    costs = _Costs(texts, count_tokens, prefix)
    fixed = costs.overhead + costs.prefix
    if fixed >= budget:
        raise _no_room(costs, budget)
    bigrams = [_bigrams(t) for t in texts] if novelty else None
    chosen = _choose(np.asarray(scores, dtype=np.float64), np.asarray(costs.each, dtype=np.int64),
                     budget - fixed, bigrams, first)
    while True:
        indices = tuple(sorted(chosen))
        text = compose(prefix, [texts[i] for i in indices])
        tokens = count_tokens(text)
        if tokens <= budget or not chosen:
            break
        log.debug("exact count %d over budget %d; dropping sentence %d", tokens, budget, chosen[-1])
        chosen.pop()
    if not indices:
        raise BadOptionError(f"no sentence fits the model's input budget of {budget} tokens "
                             "(raise --max-input-tokens)")
    log.info("packed %d of %d sentences, %d of %d tokens", len(indices), len(texts), tokens, budget)
    return Packed(text=text, indices=indices, tokens=tokens, budget=budget)


def _bigrams(text: str) -> frozenset[tuple[str, str]]:
    from .normalize import syllables

    tokens = syllables(text)
    return frozenset(zip(tokens, tokens[1:]))


def _no_room(costs: _Costs, budget: int) -> BadOptionError:
    """The error for an input budget that holds no sentence beside what every input carries."""
    needs = [f"{costs.prefix} for the prefix"] if costs.prefix else []
    needs += [f"{costs.overhead} for the end-of-sequence mark"] if costs.overhead else []
    return BadOptionError(f"the input budget of {budget} tokens holds no sentence: {costs.overhead + costs.prefix} "
                          f"token(s) go to every input ({', '.join(needs)}); raise --max-input-tokens")


def _choose(scores: np.ndarray, costs: np.ndarray, room: int,
            bigrams: Sequence[frozenset[tuple[str, str]]] | None, first: Sequence[int] = ()) -> list[int]:
    """Indices in the order chosen: ``first`` (each that fits), then greedy by ``score *
    novelty`` (by score without bigrams)."""
    available = (costs > 0) & (costs <= room)
    novelty = np.ones(len(scores))
    if bigrams is not None:  # a one-word sentence adds no bigram: it only fills what room is left
        novelty[[i for i, b in enumerate(bigrams) if not b]] = 0.0
    covered: set[tuple[str, str]] = set()
    chosen: list[int] = []
    pinned = [i for i in first if 0 <= i < len(scores)]
    while True:
        available &= costs <= room
        if not available.any():
            return chosen
        while pinned and not available[pinned[0]]:
            pinned.pop(0)
        if pinned:
            best = pinned.pop(0)
        else:
            best = int(np.argmax(np.where(available, scores * novelty, -np.inf)))  # ties: the earliest
        chosen.append(best)
        available[best] = False
        room -= int(costs[best])
        if bigrams is not None and bigrams[best]:
            covered |= bigrams[best]
            for i in map(int, np.flatnonzero(available)):
                if bigrams[i] and not bigrams[i].isdisjoint(bigrams[best]):
                    novelty[i] = len(bigrams[i] - covered) / len(bigrams[i])


def chunk(
    texts: Sequence[str],
    count_tokens: TokenCounter,
    budget: int,
    *,
    prefix: str = "",
) -> list[Packed]:
    """Consecutive groups of sentences (narrative order), each fitting ``budget`` tokens."""
    costs = _Costs(texts, count_tokens, prefix)
    fixed = costs.overhead + costs.prefix
    if fixed >= budget:
        raise _no_room(costs, budget)
    groups: list[list[int]] = []
    current: list[int] = []
    used = fixed
    for i, cost in enumerate(costs.each):
        if cost == 0 or fixed + cost > budget:
            continue  # empty, or longer than the budget on its own: left out, never cut
        if used + cost > budget and current:
            groups.append(current)
            current, used = [], fixed
        current.append(i)
        used += cost
    if current:
        groups.append(current)
    result: list[Packed] = []
    for group in groups:
        result.extend(_fit_exact(texts, group, count_tokens, budget, prefix))
    return result


def _fit_exact(texts: Sequence[str], group: list[int], count_tokens: TokenCounter, budget: int,
               prefix: str) -> list[Packed]:
    """``group`` as one input, split in two while its exact count is over the budget."""
    text = compose(prefix, [texts[i] for i in group])
    tokens = count_tokens(text)
    if tokens <= budget:
        return [Packed(text=text, indices=tuple(group), tokens=tokens, budget=budget)]
    if len(group) == 1:
        log.warning("sentence %d does not fit %d tokens once composed; left out", group[0], budget)
        return []
    middle = len(group) // 2
    return (_fit_exact(texts, group[:middle], count_tokens, budget, prefix)
            + _fit_exact(texts, group[middle:], count_tokens, budget, prefix))


def truncate_naive(texts: Sequence[str], count_tokens: TokenCounter, budget: int, *, prefix: str = "") -> str:
    """Baseline for ``scripts/packing_report.py`` only: the reports concatenated in order and
    cut at the budget (what a tokenizer-side truncation would give the model), as they are."""
    costs = _Costs(texts, count_tokens, prefix, raw=True)
    used = costs.overhead + costs.prefix
    kept: list[str] = []
    for text, cost in zip(texts, costs.each):
        if used + cost <= budget:
            kept.append(text)
            used += cost
            continue
        words = text.split()
        room = budget - used
        partial: list[str] = []
        for word in words:  # the cut falls inside this sentence
            trial = partial + [word]
            if count_tokens(" ".join(trial)) - costs.overhead > room:
                break
            partial = trial
        if partial:
            kept.append(" ".join(partial))
        break
    return prefix + SEPARATOR.join(t.strip() for t in kept)
