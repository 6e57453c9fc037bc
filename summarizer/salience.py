"""Sentence salience and redundancy-aware selection over TF-IDF of normalized syllables.

Pure functions over numpy arrays (scipy is imported only for the similarity matrix of a very
large input, so the extractive path starts fast). Everything is computed inside one cluster:
the "documents" of the TF-IDF are the cluster's (merged) sentences.

* :func:`tfidf` - rows are sentences, terms are normalized syllables and syllable bigrams
  (``normalize.syllables``: lower case, tone marks and aliases folded); sublinear term frequency,
  smoothed IDF ``log((1 + n) / (1 + df)) + 1``, rows scaled to unit length. Kept sparse
  (coordinate arrays), so a very long report costs memory linear in its size.
* :func:`centroid_scores` - cosine of each sentence to the cluster centroid.
* :func:`lexrank_scores` - continuous LexRank: PageRank (damping ``LEXRANK_DAMPING``) on the
  cosine-similarity graph, by power iteration.
* :func:`scores` - the salience used by the engines: a weighted sum of the features above and,
  when the caller knows them, cross-report support (how many reports carry the sentence) and a
  lead-position prior. Higher = more salient.
* :func:`select` / :func:`mmr_select` - Maximal Marginal Relevance under a syllable budget;
  indices are returned in narrative (input) order.
* :func:`rank_source_titles` - the reports' own titles ranked by how central they are.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import normalize
from .result import ORIGIN_SOURCE, TitleCandidate

log = logging.getLogger("summarizer.salience")

LEXRANK_DAMPING = 0.85  # PageRank damping of the LexRank graph walk
LEXRANK_ITERATIONS = 100  # power-iteration cap
LEXRANK_TOLERANCE = 1e-8  # power iteration stops when the L1 change falls below this
# The dense similarity graph is built for at most this many sentences; beyond it LexRank is left
# out (weight moved to the centroid feature), so memory stays linear for very long inputs.
LEXRANK_MAX_SENTENCES = 1500
SIMILARITY_BLOCK_TERMS = 2048  # terms per dense block when building the similarity matrix
# Rows × shared terms from which the similarity matrix is a sparse product (scipy, imported only
# then: 0.2 s of start-up a usual cluster does not pay). A folder of 1,950 reports: 4.3 s -> 0.2 s.
SPARSE_PRODUCT_MIN_WORK = 20_000_000
BIGRAM_WEIGHT = 1.0  # TF-IDF bigram terms are added with this multiplier of their weight
# Sentences shorter than this many syllables get a proportionally lower salience (datelines,
# bylines and fragments say little on their own).
SHORT_SENTENCE_SYLLABLES = 8
# Merged sentences shorter than this are never put in a summary ("1.", "HCM.", "Đó là:").
MIN_SUMMARY_SENTENCE_SYLLABLES = 4
# Title ranking: titles scoring at least (1 - TITLE_SCORE_TIE) of the best count as equally
# central, and the shortest of them wins.
TITLE_SCORE_TIE = 0.05
# A teaser title's score is multiplied by this (``rank_source_titles``). Set on ViMs Cluster_001-200,
# leaving each report's title out and scoring the pick against it: 0.6 takes the teasers picked
# from 20 / 19 to 0 / 8 of 652 / 665 picks on the halves, ROUGE-1 45.88 -> 45.77 / 45.98 -> 45.99
# (standard error about 0.4): the headline reads as news at no cost in overlap. Then 0.5: a
# teaser wins only when twice as central as the best title that tells. The 8 teaser picks 0.6
# left on the second half were all one cluster's question (Cluster_161: the affair, then "what
# does the agency's head say?"), 1.83 times the best statement: every title names the event, so
# the TF-IDF fitted on them weighs its name little, while the question lists the summary's
# actors. 0.5 takes them to 0, changes no other of the 300 ViMs picks, ROUGE-1 46.21 -> 46.22,
# ROUGE-2 28.12 -> 28.07 on that half (the other half and Cluster_201-300 unchanged).
TEASER_DISCOUNT = 0.5
_ASKS = re.compile(rf"\?{normalize.CLOSERS_AFTER_MARK}$")  # a question mark, closing quotes or brackets after it
# A title in capitals (``is_all_caps``): this many words with letters, this share of its cased
# letters upper case. Discounted like a teaser.
ALL_CAPS_MIN_WORDS = 3
ALL_CAPS_SHARE = 0.8
# A title in title case (``is_title_case``: "Montenegro Gia Nhập NATO, Nga Lập Tức Dọa Trừng
# Phạt"): this many words with letters, every one capitalised. Fewer may all be a name ("Tổng
# Bí thư Nguyễn Phú Trọng" has a lower-case word, "Lionel Messi Lập Kỷ Lục" 5). Discounted
# like a title in capitals. 2 of the 1,950 ViMs titles are (Cluster_016, Cluster_291).
TITLE_CASE_MIN_WORDS = 5

# A time-opened news lead (``opens_with_time``): a day/month date after at most this many words,
# each a time word or a clock time, in one of a report's first TIME_LEAD_MAX_POSITION + 1 sentences.
TIME_OPENING_MAX_WORDS = 6
TIME_LEAD_MAX_POSITION = 1
QUOTE_OPENERS = "\"“„«'‘"  # marks that open a direct quotation
QUOTE_MARKS = "\"“”„«»"  # marks of a direct quotation, opening or closing (not ' : 1h30')
# A word of the first person: the speaker of a quotation, or the newspaper's own "chúng tôi".
_FIRST_PERSON = re.compile(r"(?<!\w)(?:tôi|chúng tôi|chúng ta|chúng em)(?!\w)", re.IGNORECASE)
TIME_WORDS = frozenset("vào khoảng lúc từ gần hơn rạng sáng trưa chiều tối đêm khuya sớm hôm qua nay mai ngày giờ phút".split())
_DATE_WORD = re.compile(r"\(?\d{1,2}[/-]\d{1,2}(?:[/-](?:19|20)?\d\d)?\)?[,:.]?")  # 3/6, (3/6), 12-12-2015,
_CLOCK_WORD = re.compile(r"\(?\d{1,2}(?:h|g|giờ)?(?:\d{1,2}(?:'|p|phút)?)?\)?,?")  # 15h, 21h30, 9

Tokenizer = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class SalienceWeights:
    """Weights of the salience features (each feature is scaled to [0, 1] inside the cluster).

    Defaults tuned on ViMs Cluster_001-200 only (ROUGE-2 F1 of the extractive engine, see the
    README); cross-report support is by far the strongest signal on multi-report news."""

    centroid: float = 0.5  # cosine to the TF-IDF centroid
    lexrank: float = 1.0  # LexRank centrality
    support: float = 4.0  # cross-report support (needs ``support`` or ``membership``)
    position: float = 0.5  # lead prior from the sentence's best position (needs ``positions``)
    position_decay: float = 10.0  # the prior is exp(-position / position_decay)
    time_lead: float = 1.0  # a news lead that opens with its time ("Sáng 3/6, ..."; ``time_leads``)
    # a sentence that opens with a direct quotation: 1.4% of the human summary sentences on tune,
    # 3.3% of the engine's choices before this weight, none after
    quote_opening: float = -2.0
    # a sentence in the first person with no quotation mark (``unquoted_first_person``): a quote
    # torn from the sentence that says who speaks, or a newspaper's "chúng tôi"
    first_person: float = -1.0
    # a sentence inside a quotation an earlier sentence of its report opened, with no mark of its
    # own (``quotes.inside_quotation``): someone's words read as the newspaper's
    in_quotation: float = -1.0


DEFAULT_WEIGHTS = SalienceWeights()


@dataclass(frozen=True)
class TfIdf:
    """Sparse row-normalized TF-IDF matrix in coordinate form."""

    rows: np.ndarray  # int64, row (sentence) of each stored value
    cols: np.ndarray  # int64, term of each stored value
    values: np.ndarray  # float64, unit-length rows
    shape: tuple[int, int]  # (sentences, terms)

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """Matrix × dense term vector: one value per row."""
        return np.bincount(self.rows, weights=self.values * vector[self.cols], minlength=self.shape[0])

    def row(self, i: int) -> np.ndarray:
        """Row ``i`` as a dense term vector."""
        dense = np.zeros(self.shape[1])
        mask = self.rows == i
        dense[self.cols[mask]] = self.values[mask]
        return dense

    def column_sums(self) -> np.ndarray:
        return np.bincount(self.cols, weights=self.values, minlength=self.shape[1])

    def similarity_matrix(self) -> np.ndarray:
        """Dense cosine similarities (rows are unit length). Only terms in two or more rows can
        link rows, so the dense product runs over those columns only."""
        n, _ = self.shape
        df = np.bincount(self.cols, minlength=self.shape[1])
        shared = np.flatnonzero(df >= 2)
        remap = np.full(self.shape[1], -1, dtype=np.int64)
        remap[shared] = np.arange(len(shared))
        keep = remap[self.cols] >= 0
        rows, cols, values = self.rows[keep], remap[self.cols[keep]], self.values[keep]
        if n * len(shared) >= SPARSE_PRODUCT_MIN_WORK:
            from scipy import sparse

            matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(shared)))
            return (matrix @ matrix.T).toarray()
        result = np.zeros((n, n))
        # Dense blocks of SIMILARITY_BLOCK_TERMS columns at a time bound the memory to n × block.
        for start in range(0, len(shared), SIMILARITY_BLOCK_TERMS):
            inside = (cols >= start) & (cols < start + SIMILARITY_BLOCK_TERMS)
            block = np.zeros((n, min(SIMILARITY_BLOCK_TERMS, len(shared) - start)))
            block[rows[inside], cols[inside] - start] = values[inside]
            result += block @ block.T
        return result


def terms_of(tokens: Sequence[str]) -> list[str]:
    """TF-IDF terms of a token list: the syllables and the syllable bigrams."""
    bigrams = [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return list(tokens) + bigrams


def tfidf(texts: Sequence[str], *, tokenize: Tokenizer | None = None) -> TfIdf:
    """TF-IDF rows of ``texts`` (see module docstring)."""
    tokenize = tokenize or normalize.syllables
    return tfidf_of_tokens([list(tokenize(text)) for text in texts])


def tfidf_of_tokens(token_lists: Sequence[Sequence[str]]) -> TfIdf:
    """TF-IDF rows of already tokenized texts."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    bigram: list[bool] = []
    for i, tokens in enumerate(token_lists):
        local: dict[int, int] = {}
        for position, term in enumerate(terms_of(tokens)):
            t = vocabulary.setdefault(term, len(vocabulary))
            local[t] = local.get(t, 0) + 1
            if local[t] == 1:
                bigram.append(position >= len(tokens))
                rows.append(i)
                cols.append(t)
        counts.extend(local.values())
    n = len(token_lists)
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    tf = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    df = np.bincount(c, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    values = tf * idf[c] * np.where(np.asarray(bigram, dtype=bool), BIGRAM_WEIGHT, 1.0)
    norms = np.sqrt(np.bincount(r, weights=values**2, minlength=n))
    values = values / np.where(norms > 0, norms, 1.0)[r]
    return TfIdf(rows=r, cols=c, values=values, shape=(n, len(vocabulary)))


def centroid_scores(matrix: TfIdf) -> np.ndarray:
    """Cosine of every row to the (unit-length) mean of all rows."""
    centroid = matrix.column_sums()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(matrix.shape[0])
    return matrix.dot(centroid / norm)


def lexrank_scores(similarity: np.ndarray, *, damping: float = LEXRANK_DAMPING) -> np.ndarray:
    """Continuous LexRank: stationary distribution of a random walk on the similarity graph
    (self-loops removed, rows normalized), with teleport probability ``1 - damping``."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1, keepdims=True)
    # A sentence linked to nothing teleports uniformly.
    transition = np.where(row_sums > 0, weights / np.where(row_sums > 0, row_sums, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(LEXRANK_ITERATIONS):
        updated = (1.0 - damping) / n + damping * (transition.T @ rank)
        change = np.abs(updated - rank).sum()
        rank = updated
        if change < LEXRANK_TOLERANCE:
            break
    return rank


def _unit_scale(values: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] by the maximum (all zeros stay zeros)."""
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


word_count = normalize.word_count  # syllables: the unit of every length budget


@dataclass(frozen=True)
class Features:
    """Salience features of a cluster's sentences, each scaled to [0, 1] within the cluster."""

    centroid: np.ndarray  # cosine to the TF-IDF centroid
    lexrank: np.ndarray  # LexRank centrality (the centroid feature again past LEXRANK_MAX_SENTENCES)
    support: np.ndarray | None  # share of the reports carrying the sentence, when known
    positions: np.ndarray | None  # best 0-based sentence position in a report, when known
    lengths: np.ndarray  # syllables
    similarity: np.ndarray | None  # dense cosine matrix (None past LEXRANK_MAX_SENTENCES)
    time_lead: np.ndarray | None = None  # 1 for a time-opened news lead (``time_leads``), when positions are known
    quote_opening: np.ndarray | None = None  # 1 for a sentence that opens with a quotation mark
    first_person: np.ndarray | None = None  # 1 for a sentence in the first person outside quotation marks
    in_quotation: np.ndarray | None = None  # 1 for a sentence inside a quotation of its report, when known


def report_coverage(similarity: np.ndarray | None, membership: np.ndarray) -> np.ndarray:
    """Soft cross-report support of each sentence.

    ``membership[i, r]`` is 1 when report ``r`` carries sentence ``i`` (a member of its
    deduplication group). A report that carries the sentence counts 1; any other report counts
    its best TF-IDF cosine to the sentence (a paraphrase the deduplicator did not merge still
    counts in part). Without a similarity matrix, only the reports that carry it count.
    """
    membership = np.asarray(membership, dtype=np.float64)
    if similarity is None or membership.size == 0:
        return membership.sum(axis=1)
    others = similarity.copy()
    np.fill_diagonal(others, 0.0)
    best = np.zeros_like(membership)
    for r in range(membership.shape[1]):
        carriers = membership[:, r] > 0
        if carriers.any():
            best[:, r] = others[:, carriers].max(axis=1)
    return np.maximum(membership, best).sum(axis=1)


def features(
    texts: Sequence[str],
    *,
    support: Sequence[float] | np.ndarray | None = None,
    positions: Sequence[float] | np.ndarray | None = None,
    membership: np.ndarray | None = None,
    matrix: TfIdf | None = None,
    in_quotation: Sequence[float] | np.ndarray | None = None,
) -> Features:
    """Compute the :class:`Features` of ``texts`` (``matrix``: a :func:`tfidf` of them, reused).

    Support comes from ``support`` as given, or from ``membership`` (sentences × reports, see
    :func:`report_coverage`) when that is given instead. ``in_quotation``: 1 for a sentence
    inside a quotation in its report (the texts alone do not tell it).
    """
    matrix = matrix or tfidf(texts)
    centroid = _unit_scale(centroid_scores(matrix))
    similarity = matrix.similarity_matrix() if len(texts) <= LEXRANK_MAX_SENTENCES else None
    lexrank = _unit_scale(lexrank_scores(similarity)) if similarity is not None else centroid
    if support is None and membership is not None:
        support = report_coverage(similarity, membership)
    return Features(
        centroid=centroid,
        lexrank=lexrank,
        support=None if support is None else _unit_scale(np.asarray(support, dtype=np.float64)),
        positions=None if positions is None else np.asarray(positions, dtype=np.float64),
        lengths=np.array([word_count(t) for t in texts], dtype=np.float64),
        similarity=similarity,
        time_lead=None if positions is None else time_leads(texts, positions),
        quote_opening=np.array([opens_with_quote(t) for t in texts], dtype=np.float64),
        first_person=np.array([unquoted_first_person(t) for t in texts], dtype=np.float64),
        in_quotation=None if in_quotation is None else np.asarray(in_quotation, dtype=np.float64),
    )


def combine(feats: Features, weights: SalienceWeights = DEFAULT_WEIGHTS) -> np.ndarray:
    """Weighted sum of the features (absent ones count zero), damped for short sentences:
    multiplied by min(1, syllables / SHORT_SENTENCE_SYLLABLES)."""
    total = weights.centroid * feats.centroid + weights.lexrank * feats.lexrank
    if feats.support is not None:
        total = total + weights.support * feats.support
    if feats.positions is not None:
        total = total + weights.position * np.exp(-feats.positions / weights.position_decay)
    if feats.time_lead is not None:
        total = total + weights.time_lead * feats.time_lead
    if feats.quote_opening is not None:
        total = total + weights.quote_opening * feats.quote_opening
    if feats.first_person is not None:
        total = total + weights.first_person * feats.first_person
    if feats.in_quotation is not None:
        total = total + weights.in_quotation * feats.in_quotation
    return total * short_damping(feats.lengths)


def opens_with_quote(text: str) -> bool:
    """Whether ``text`` opens with a quotation mark (direct speech: "“Chúng tôi ...,” ông nói.")."""
    return text.lstrip()[:1] in QUOTE_OPENERS


def unquoted_first_person(text: str) -> bool:
    """Whether ``text`` speaks in the first person ("tôi", "chúng tôi", "chúng ta", "chúng em")
    and holds no quotation mark: a quotation torn from the sentence that says who speaks ("Tôi
    sẽ cống hiến tất cả cho đội bóng."), or a newspaper's own "chúng tôi" ("Trao đổi với chúng
    tôi, ..."). In a summary of several reports neither tells the reader who."""
    return _FIRST_PERSON.search(text) is not None and not any(mark in text for mark in QUOTE_MARKS)


def opens_with_time(text: str) -> bool:
    """Whether ``text`` opens with the time of its news: a day/month date among its first
    ``TIME_OPENING_MAX_WORDS + 1`` words with only time words and clock times before it ("Sáng
    3/6, ...", "Khoảng 15h chiều 23/5, ...", "Lúc 21h30 ngày 2/6, ...", "Sáng nay (3/6) ...")."""
    for word in text.split()[: TIME_OPENING_MAX_WORDS + 1]:
        if _DATE_WORD.fullmatch(word):
            return True
        if word.strip("(),").lower() not in TIME_WORDS and not _CLOCK_WORD.fullmatch(word):
            return False
    return False


def time_leads(texts: Sequence[str], positions: Sequence[float] | np.ndarray) -> np.ndarray:
    """1.0 for each text that opens with its time (:func:`opens_with_time`) and stands among
    the first ``TIME_LEAD_MAX_POSITION + 1`` sentences of some report (``positions``: each
    text's best 0-based position), else 0.0: the news lead that says when and what."""
    leads = np.array([opens_with_time(t) for t in texts], dtype=bool)
    return (leads & (np.asarray(positions, dtype=np.float64) <= TIME_LEAD_MAX_POSITION)).astype(np.float64)


def short_damping(lengths: np.ndarray) -> np.ndarray:
    """The factor damping the salience of short sentences: min(1, syllables /
    SHORT_SENTENCE_SYLLABLES)."""
    return np.minimum(1.0, np.asarray(lengths, dtype=np.float64) / SHORT_SENTENCE_SYLLABLES)


def scores(
    texts: Sequence[str],
    *,
    support: Sequence[float] | np.ndarray | None = None,
    positions: Sequence[float] | np.ndarray | None = None,
    weights: SalienceWeights = DEFAULT_WEIGHTS,
    matrix: TfIdf | None = None,
) -> np.ndarray:
    """Salience of each text, higher = more salient (comparable within one call only).

    ``support`` (optional): for each text, the share of the cluster's reports that carry it.
    ``positions`` (optional): for each text, its best 0-based sentence position in a report.
    Features the caller does not give have no weight. ``matrix`` reuses a :func:`tfidf` of
    ``texts``.
    """
    if len(texts) == 0:
        return np.zeros(0)
    return combine(features(texts, support=support, positions=positions, matrix=matrix), weights)


def mmr_select(
    lengths: Sequence[int] | np.ndarray,
    salience: np.ndarray,
    similarity: Callable[[int], np.ndarray],
    max_words: int,
    mmr_lambda: float,
    *,
    blocked: Callable[[int], np.ndarray] | None = None,
    min_length: int = 1,
    eligible: np.ndarray | None = None,
    pinned: Sequence[int] = (),
    max_count: int | None = None,
    contains: Callable[[int], np.ndarray] | None = None,
) -> list[int]:
    """Maximal Marginal Relevance under a length budget (and at most ``max_count`` choices).

    Repeatedly takes the candidate maximizing ``mmr_lambda * salience - (1 - mmr_lambda) *
    (max similarity to anything chosen)`` among those that still fit ``max_words``; stops when
    none fits. ``salience`` is scaled to [0, 1] first so the two terms are comparable;
    ``similarity(i)`` returns the similarity of every candidate to candidate ``i``. Returns the
    chosen indices in input (narrative) order. ``blocked(i)`` (optional) marks the candidates
    that may no longer be chosen once ``i`` is (hard redundancy filter). Never exceeds the budget: a candidate longer than
    what is left is skipped, so when the most salient sentence alone is over budget, the next
    best that fits is taken. Candidates shorter than ``min_length`` (list markers, stray
    fragments) or not ``eligible`` are never chosen, unless no other candidate fits. ``pinned``
    candidates are taken first, in the given order, whenever they fit what is left of the budget
    (eligible or not: the caller vouches for them); they count against the budget and toward
    redundancy like any choice, and the scaling of ``salience`` is unchanged by them.
    ``contains(i)`` (optional) marks the candidates whose content candidate ``i`` already tells:
    once ``i`` is taken they may not be chosen, and those already chosen (pinned ones aside) are
    dropped, their length going back to the budget.
    """
    n = len(lengths)
    lengths_arr = np.asarray(lengths, dtype=np.int64)
    relevance = _unit_scale(np.asarray(salience, dtype=np.float64))
    redundancy = np.zeros(n)
    fits = (lengths_arr > 0) & (lengths_arr <= max_words)
    available = fits & (lengths_arr >= max(1, min_length))
    if eligible is not None:
        available &= np.asarray(eligible, dtype=bool)
    if not available.any():
        available = fits
    left = max_words
    chosen: list[int] = []

    def take(index: int) -> None:
        nonlocal left, redundancy, available
        chosen.append(index)
        available[index] = False
        left -= int(lengths_arr[index])
        redundancy = np.maximum(redundancy, similarity(index))
        if blocked is not None:
            available &= ~blocked(index)
        if contains is not None:
            told = contains(index)
            available &= ~told
            dropped = [c for c in chosen if told[c] and c not in pinned]
            if dropped:
                for c in dropped:
                    chosen.remove(c)
                    left += int(lengths_arr[c])
                redundancy = np.zeros(n)
                for c in chosen:
                    redundancy = np.maximum(redundancy, similarity(c))

    for index in pinned:
        if index not in chosen and 0 < lengths_arr[index] <= left and (max_count is None or len(chosen) < max_count):
            take(int(index))
    while max_count is None or len(chosen) < max_count:
        fitting = available & (lengths_arr <= left)  # not kept: a dropped choice gives length back
        if not fitting.any():
            break
        gain = np.where(fitting, mmr_lambda * relevance - (1.0 - mmr_lambda) * redundancy, -np.inf)
        take(int(np.argmax(gain)))
    return sorted(chosen)


def select(texts: Sequence[str], scores: np.ndarray, max_words: int, mmr_lambda: float) -> list[int]:
    """MMR selection of ``texts`` under ``max_words`` syllables with TF-IDF cosine redundancy;
    indices in narrative (input) order."""
    if len(texts) != len(scores):
        raise ValueError(f"{len(texts)} texts but {len(scores)} scores")
    if not texts:
        return []
    matrix = tfidf(texts)
    return mmr_select(
        [word_count(t) for t in texts],
        np.asarray(scores, dtype=np.float64),
        lambda i: matrix.dot(matrix.row(i)),
        max_words,
        mmr_lambda,
    )


def is_teaser(title: str) -> bool:
    """A title that asks or trails off instead of telling: it ends with a question mark (behind
    closing quotes or brackets) or holds an ellipsis."""
    return bool(_ASKS.search(title)) or "…" in title or "..." in title


def is_all_caps(title: str) -> bool:
    """A title written in capitals ("THỦY ĐIỆN HÒA BÌNH MỞ CỬA XẢ ĐÁY"): at least
    ``ALL_CAPS_MIN_WORDS`` words with letters, and at least ``ALL_CAPS_SHARE`` of its cased
    letters upper case (acronyms in a sentence-case title, "ĐT Việt Nam gặp UAE ở vòng loại
    FIFA", stay well under it: 41% is the most of any ViMs title)."""
    words = sum(any(c.isalpha() for c in word) for word in title.split())
    upper = sum(c.isupper() for c in title)
    cased = upper + sum(c.islower() for c in title)
    return words >= ALL_CAPS_MIN_WORDS and cased > 0 and upper >= ALL_CAPS_SHARE * cased


def is_title_case(title: str) -> bool:
    """A title with every word capitalised (``normalize.title_cased``) and at least
    ``TITLE_CASE_MIN_WORDS`` words with letters."""
    words = sum(any(c.isalpha() for c in word) for word in title.split())
    return words >= TITLE_CASE_MIN_WORDS and normalize.title_cased(title)


def not_sentence_case(title: str) -> bool:
    """A title written in capitals (:func:`is_all_caps`) or in title case (:func:`is_title_case`),
    not in the sentence case of a Vietnamese headline."""
    return is_all_caps(title) or is_title_case(title)


def score_source_titles(
    titles: Sequence[tuple[str, str | None]],
    reference_texts: Sequence[str],
) -> list[TitleCandidate]:
    """The reports' own titles, scored, in input order (identical titles, by normalized form,
    once, with the first file).

    ``titles`` are ``(title, file)`` pairs; ``reference_texts`` what the title should represent
    (the summary, or the merged sentences). A title's score is the TF-IDF cosine between the
    title and the centroid of the reference texts (TF-IDF fitted on titles and references
    together).
    A teaser (:func:`is_teaser`: "Vì sao Đình Luật bị loại khỏi tuyển Việt Nam?", "Cầu thủ
    đắt giá nhất thế giới là..."') has its score multiplied by ``TEASER_DISCOUNT``: a summary's
    headline states the event. So has a title in capitals or in title case
    (:func:`not_sentence_case`: a headline is written in sentence case, and no title is re-cased
    here); a title that is both a teaser and not in sentence case, twice.
    """
    unique: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for title, file in titles:
        key = normalize.match_key(title)
        if title.strip() and key not in seen:
            seen.add(key)
            unique.append((title.strip(), file))
    if not unique:
        return []
    texts = [t for t, _ in unique] + list(reference_texts)
    matrix = tfidf(texts)
    k = len(unique)
    reference_rows = np.isin(matrix.rows, np.arange(k, len(texts)))
    centroid = np.bincount(matrix.cols[reference_rows], weights=matrix.values[reference_rows], minlength=matrix.shape[1])
    norm = np.linalg.norm(centroid)
    cosine = matrix.dot(centroid / norm)[:k] if norm > 0 else np.zeros(k)
    cosine *= np.array([TEASER_DISCOUNT ** (is_teaser(title) + not_sentence_case(title)) for title, _ in unique])
    return [TitleCandidate(text=title, origin=ORIGIN_SOURCE, score=float(score), file=file)
            for (title, file), score in zip(unique, cosine)]


def rank_source_titles(titles: Sequence[tuple[str, str | None]], reference_texts: Sequence[str]) -> list[TitleCandidate]:
    """The reports' own titles (:func:`score_source_titles`), most central first: titles scoring
    at least ``1 - TITLE_SCORE_TIE`` of the best count as tied with it and come shortest first;
    the others follow by score; then input order (:func:`title_order`)."""
    scored = score_source_titles(titles, reference_texts)
    if not scored:
        return scored
    scores = [c.score for c in scored]
    return [scored[i] for i in title_order([c.text for c in scored], scores, tied_with_best(scores))]


def tied_with_best(scores: Sequence[float], allowed: Sequence[bool] | None = None) -> list[bool]:
    """Which ``scores`` are at least ``1 - TITLE_SCORE_TIE`` of the best one, among those
    ``allowed`` (all when None; one not allowed is never tied)."""
    allowed = [True] * len(scores) if allowed is None else list(allowed)
    best = max(score for score, ok in zip(scores, allowed) if ok)
    return [ok and score >= best * (1.0 - TITLE_SCORE_TIE) for score, ok in zip(scores, allowed)]


def title_order(texts: Sequence[str], scores: Sequence[float], tied: Sequence[bool],
                last: Sequence[bool] | None = None) -> list[int]:
    """The order of titles: those ``tied`` with the best, shortest first; the rest by score; then
    input order; the ones marked ``last`` after all others."""
    last = [False] * len(texts) if last is None else list(last)
    return sorted(range(len(texts)), key=lambda i: (last[i], not tied[i], 0.0 if tied[i] else -scores[i],
                                                    word_count(texts[i]), i))
