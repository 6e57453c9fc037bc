"""Deduplicate sentences across reports with MinHash/LSH, verified by exact similarity.

How it works (cost grows linearly with the number of sentences):

1. Every sentence is normalized for matching (``normalize.syllables``: lower case, tone marks
   folded, aliases folded) after the cluster's name-typo corrections are applied, so that
   ``hoà``/``hòa`` or ``Moscow``/``Mátxcơva`` compare equal. Sentences with the same
   normalized form (``normalize.match_key``, i.e. the syllables joined) are merged outright.
2. Shingles: overlapping runs of ``shingle_size`` syllables. Each distinct syllable is hashed once
   (BLAKE2b, 64 bits, so hashes do not depend on input order or the Python hash seed); shingle
   hashes are combined arithmetically from the syllable hashes with numpy, with no Python loop
   per shingle.
3. MinHash: ``num_perm`` universal hash functions ``(a*x + b) mod p`` (``p`` = 2^31 - 1), all
   evaluated with numpy over every shingle, minimum per sentence.
4. LSH: ``bands`` bands of ``num_perm // bands`` rows; sentences whose band values are equal
   share a bucket and become candidates.
5. Grouping without chaining. The distinct versions are visited in a fixed order that depends
   only on the sentences, never on the order of the reports: most syllables first (the most
   complete version), then a well-formed start (a version starting in lower case lost its first
   letter), then most distinct numbers, then most identical copies, then file and index. A
   version joins an existing group only if it verifies against that group's ANCHOR (its first,
   most complete version, which is also its representative) by exact similarity of the shingle
   sets: Jaccard >= ``similarity_threshold`` or containment ``|A ∩ B| / min(|A|, |B|)`` >=
   ``containment_threshold`` (one sentence contained in a longer one); otherwise it anchors a
   new group. Pair by pair closure (A≈B, B≈C puts A with C) would chain a bulletin's many
   template lines into one group and keep one of them; here every member matches its
   representative directly. The anchors tried are those of the version's LSH candidates: every
   candidate of a bucket of at most ``BUCKET_ALL_PAIRS_LIMIT`` members (pairs generated with
   numpy), and the first ``MAX_BUCKET_REPRESENTATIVES`` anchors seen in each larger bucket, so
   the cost is versions × a bounded number of anchors. The best match wins (containment, then
   Jaccard, then the earlier anchor).
6. Numbers: with ``match_numbers`` (default on), a version joins an anchor only if every number
   it states appears in the anchor; "23 - 26 độ" and "24 - 27 độ" are two facts, not two
   versions. A version without the figure may still join the one that states it.

Sentences of the SAME report are never merged unless they are identical after normalization: a
report does not repeat a fact on purpose, and two similar sentences of one report usually carry
different facts ("... thắng 2-1" / "... thua 1-2"). A group anchored in another report may
still take two sentences of one report, but the second (and any later one) only when the anchor
contains it (share of the member inside the anchor >= ``containment_threshold``).

The representative of a group is its anchor or a copy of it (same normalized form, or the same
letters with other marks: a tone typed wrong); among them, one that ends in final punctuation,
then the best spelled (``_spelling_scores``: the words written beside the same neighbours as the
cluster writes them most often, "tỉnh Quảng Ninh với" over "tinh Quãng Ninh vơi"), then the
spelling of the earliest report, then the earliest sentence. Over the 300 ViMs clusters this
changes 11 of 22,545 representatives: one slip mended ("khách tù Nha Trang" -> "từ"), the others
the form the cluster uses more ("Liên bang Nga" for "LB Nga", "6/2019" for "06/2019", tỷ / tỉ);
word counts instead of pairs made "Quá bức xúc" into "Qua bức xúc". A run of two to four words
the representative types twice in a row is typed once when another copy writes it once between
the same two neighbours on each side (``_without_doubled_runs``: "tàu du lịch tàu du lịch Hồng
Long"). ViMs group texts hold 11 doubled runs, 8 of them slips; 1 is mended ("tàu du lịch tàu du
lịch", Cluster_045), the others lacking a sentence that writes them once so; one neighbour a side
would mend "so với đối với đối thủ" too, but also "Ban tổ chức tổ chức nhiều ..." wherever the
cluster writes "Ban tổ chức nhiều ..."; a quotation's "chết chết chết chết" stays. At most
``MAX_DOUBLED_RUN_CHECKS`` runs a cluster are checked, each against one string of all its
sentences (``WrittenOnce``): a 5 MB report of random repeated words takes as long as before.

Narrative order: the report with the most sentences (ties: the earliest) is the backbone; the
sentences of every other report (in decreasing size) are threaded into it: a group not yet placed
goes right after the group of the report's previous sentence, or, for a report's leading run,
right before the group of its next placed sentence. A group therefore sits where the reports tell
it, and the backbone's lead stays in front unless another report's lead precedes a shared sentence.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import normalize
from .options import DedupOptions
from .result import DedupStats
from .sentences import Sentence

log = logging.getLogger("summarizer.dedup")

# Mersenne prime 2^31 - 1: modulus of the MinHash permutations (a*x + b) mod p. Shingle hashes
# are reduced to 31 bits (x < p) and a, b are drawn below p, so a*x + b < 2^62 never overflows
# uint64 while the product wraps around p many times (a proper universal hash family).
MERSENNE_PRIME = np.uint64((1 << 31) - 1)
MINHASH_INPUT_BITS = 31
# Shingles per MinHash chunk: bounds the (num_perm × shingles) uint64 temporary (16 MB at 128).
MINHASH_CHUNK_SHINGLES = 1 << 14
# Buckets up to this size are verified pair by pair; larger ones against local representatives.
BUCKET_ALL_PAIRS_LIMIT = 12
# Candidate pairs converted to Python ints at a time.
PAIR_CHUNK = 1 << 16
# A bucket keeps at most this many local representatives to compare newcomers with.
MAX_BUCKET_REPRESENTATIVES = 16
# Odd 64-bit constants for combining syllable hashes into shingle / band hashes (splitmix64's).
_MIX_MULTIPLIERS = (
    0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93,
    0xA0761D6478BD642F, 0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3,
)
_SHIFT_MIX_A, _SHIFT_MIX_B, _SHIFT_MIX_C = np.uint64(30), np.uint64(27), np.uint64(31)

# Numbers of a normalized sentence (runs of digits), compared when ``match_numbers`` is on.
_NUMBER = re.compile(r"\d+")

Tokenizer = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # indices into DedupResult.sentences, ascending
    representative: int  # the member chosen as the group's text
    text: str  # representative text (after name-typo corrections when given)


@dataclass(frozen=True)
class DedupResult:
    sentences: tuple[Sentence, ...]  # the input, unchanged
    groups: tuple[Group, ...]  # in narrative order; every input sentence is in exactly one
    stats: DedupStats

    def group_of(self) -> list[int]:
        """For every input sentence, the position of its group in ``groups``."""
        owner = [0] * len(self.sentences)
        for position, group in enumerate(self.groups):
            for member in group.members:
                owner[member] = position
        return owner

    def best_positions(self) -> list[int]:
        """For every group, its best (smallest) 0-based sentence position in any report."""
        return [min(self.sentences[m].index for m in group.members) for group in self.groups]


# ---------------------------------------------------------------------------- hashing helpers


def _mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer, element-wise on uint64 (wrap-around arithmetic intended)."""
    z = values.astype(np.uint64, copy=True)
    z ^= z >> _SHIFT_MIX_A
    z *= np.uint64(_MIX_MULTIPLIERS[1])
    z ^= z >> _SHIFT_MIX_B
    z *= np.uint64(_MIX_MULTIPLIERS[2])
    z ^= z >> _SHIFT_MIX_C
    return z


class _Encoder:
    """Syllables of many sentences as compact integer ids (one flat array), hashed at the end."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.ids = array("q")
        self.lengths = array("q")

    def add(self, tokens: Sequence[str]) -> None:
        vocabulary = self.vocabulary
        self.ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in tokens])
        self.lengths.append(len(tokens))

    def hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """Flat uint64 hashes of all tokens, and each sentence's token count. Each distinct
        syllable is hashed once with BLAKE2b (stable across runs and input orders)."""
        table = np.fromiter(
            (int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little") for w in self.vocabulary),
            dtype=np.uint64,
            count=len(self.vocabulary),
        )
        ids = np.frombuffer(self.ids, dtype=np.int64) if len(self.ids) else np.zeros(0, dtype=np.int64)
        lengths = np.frombuffer(self.lengths, dtype=np.int64) if len(self.lengths) else np.zeros(0, dtype=np.int64)
        return table[ids], lengths.copy()


def shingle_sets(tokens: Sequence[Sequence[str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique shingle hashes of every token list, as one flat array plus offsets
    (see :func:`shingles_of_hashes`)."""
    encoder = _Encoder()
    for sentence in tokens:
        encoder.add(sentence)
    return shingles_of_hashes(*encoder.hashes(), size)


def shingles_of_hashes(flat: np.ndarray, lengths: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique shingle hashes of every sentence, as one flat array plus offsets.

    ``flat`` holds the syllable hashes of all sentences back to back, ``lengths`` each
    sentence's syllable count. ``hashes[offsets[i]:offsets[i + 1]]`` are sentence ``i``'s
    shingles. A shingle is ``size`` consecutive syllables; its hash is a fixed linear
    combination of the syllable hashes (wrap-around uint64), finalized by splitmix64.
    """
    n = len(lengths)
    sentence_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    valid_count = len(flat) - size + 1
    if valid_count <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(n + 1, dtype=np.int64)
    combined = np.zeros(valid_count, dtype=np.uint64)
    for k in range(size):  # loop over the shingle width, not over shingles
        multiplier = np.uint64(_MIX_MULTIPLIERS[k % len(_MIX_MULTIPLIERS)] + 2 * (k // len(_MIX_MULTIPLIERS)))
        combined += flat[k : k + valid_count] * multiplier
    combined = _mix64(combined)
    first = sentence_of[:valid_count]
    position = np.arange(valid_count, dtype=np.int64) - starts[first]
    keep = position + size <= lengths[first]
    owner, hashes = first[keep], combined[keep]
    order = np.lexsort((hashes, owner))
    owner, hashes = owner[order], hashes[order]
    distinct = np.ones(len(hashes), dtype=bool)
    distinct[1:] = (owner[1:] != owner[:-1]) | (hashes[1:] != hashes[:-1])
    owner, hashes = owner[distinct], hashes[distinct]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=offsets[1:])
    return hashes, offsets


def minhash_signatures(hashes: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (rows: sentences, columns: permutations) of non-empty shingle sets.

    Every sentence ``i`` must have ``offsets[i + 1] > offsets[i]``.
    """
    rng = np.random.default_rng(seed)
    high = int(MERSENNE_PRIME)
    a = rng.integers(1, high, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, high, size=num_perm, dtype=np.uint64)
    x = hashes >> np.uint64(64 - MINHASH_INPUT_BITS)
    n = len(offsets) - 1
    signatures = np.empty((num_perm, n), dtype=np.uint32)  # values < p < 2^31
    begin = 0
    while begin < n:
        # Whole sentences per chunk, about MINHASH_CHUNK_SHINGLES shingles (at least one sentence).
        end = int(np.searchsorted(offsets, offsets[begin] + MINHASH_CHUNK_SHINGLES, side="right")) - 1
        end = min(max(end, begin + 1), n)
        lo, hi = offsets[begin], offsets[end]
        values = a[:, None] * x[None, lo:hi]  # permutations × shingles, contiguous along shingles
        values += b[:, None]
        values %= MERSENNE_PRIME
        signatures[:, begin:end] = np.minimum.reduceat(values, offsets[begin:end] - lo, axis=1)
        begin = end
    return signatures.T


def band_keys(signatures: np.ndarray, bands: int) -> np.ndarray:
    """One uint64 key per (sentence, band): the band's rows combined arithmetically."""
    n, num_perm = signatures.shape
    rows = num_perm // bands
    shaped = signatures.reshape(n, bands, rows)
    keys = np.zeros((n, bands), dtype=np.uint64)
    for r in range(rows):  # loop over rows of a band, not over sentences
        keys = _mix64(keys + shaped[:, :, r] * np.uint64(_MIX_MULTIPLIERS[r % len(_MIX_MULTIPLIERS)]))
    return keys


def lsh_candidates(keys: np.ndarray, all_pairs_limit: int) -> tuple[np.ndarray, set[tuple[int, ...]]]:
    """Candidate pairs from the LSH buckets of every band.

    Buckets of at most ``all_pairs_limit`` members yield all their pairs (vectorised, returned
    as unique ``(p << 32) | q`` codes with ``p < q``); larger buckets are returned as sorted
    tuples of row indices, for verification against local representatives.
    """
    n, bands = keys.shape
    codes: list[np.ndarray] = []
    large: set[tuple[int, ...]] = set()
    for band in range(bands):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], boundaries))
        sizes = np.diff(np.concatenate((starts, [n])))
        for size in np.unique(sizes[sizes >= 2]).tolist():
            run_starts = starts[sizes == size]
            if size > all_pairs_limit:
                large.update(tuple(sorted(order[r : r + size].tolist())) for r in run_starts.tolist())
                continue
            left, right = np.triu_indices(size, k=1)
            p = order[run_starts[:, None] + left[None, :]].ravel()
            q = order[run_starts[:, None] + right[None, :]].ravel()
            low, high = np.minimum(p, q).astype(np.uint64), np.maximum(p, q).astype(np.uint64)
            codes.append((low << np.uint64(32)) | high)
    pairs = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.uint64)
    return pairs, large


# ---------------------------------------------------------------------------- grouping helpers


class UnionFind:
    """Disjoint sets over 0..n-1; a set's root is its smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            if rj < ri:
                ri, rj = rj, ri
            self.parent[rj] = ri


class _LazySets:
    """Shingle sets as Python frozensets (fast intersections), built only for the sentences
    that some candidate pair needs."""

    def __init__(self, hashes: np.ndarray, offsets: np.ndarray) -> None:
        self.hashes, self.offsets = hashes, offsets
        self.built: dict[int, frozenset[int]] = {}

    def __getitem__(self, k: int) -> frozenset[int]:
        found = self.built.get(k)
        if found is None:
            found = self.built[k] = frozenset(self.hashes[self.offsets[k] : self.offsets[k + 1]].tolist())
        return found


def _match_score(a: frozenset[int], b: frozenset[int], options: DedupOptions) -> tuple[float, float, float] | None:
    """(containment, Jaccard, share of ``b`` inside ``a``) of two shingle sets when they match
    under the exact verification (Jaccard >= ``similarity_threshold`` or containment
    ``|A ∩ B| / min(|A|, |B|)`` >= ``containment_threshold``), else None."""
    if len(a) < options.min_shingles or len(b) < options.min_shingles:
        return None
    shared = len(a & b)
    if shared == 0:
        return None
    union_size = len(a) + len(b) - shared
    smaller = min(len(a), len(b))
    if shared >= options.similarity_threshold * union_size or shared >= options.containment_threshold * smaller:
        return shared / smaller, shared / union_size, shared / len(b)
    return None


def similar(a: frozenset[int], b: frozenset[int], options: DedupOptions) -> bool:
    """Exact verification: Jaccard or containment of two shingle sets reaches its threshold."""
    return _match_score(a, b, options) is not None


def _corrector(corrections: Mapping[str, str] | None) -> Callable[[str], str]:
    return normalize.corrector(corrections or {})


# ---------------------------------------------------------------------------- the deduplicator


def deduplicate(
    sentences: Sequence[Sentence],
    options: DedupOptions = DedupOptions(),
    *,
    corrections: Mapping[str, str] | None = None,
    tokenize: Tokenizer | None = None,
    key: Callable[[str], str] | None = None,
) -> DedupResult:
    """Group the sentences that say the same thing in different reports.

    ``tokenize`` (default ``normalize.syllables``) turns a sentence into normalized syllables;
    ``key`` gives the normalized form that makes two sentences identical; by default the
    normalized syllables joined by spaces (which is ``normalize.match_key``). ``corrections`` (name typo -> frequent form) are applied before matching and to
    every representative text. See the module docstring for the method.
    """
    tokenize = tokenize or normalize.syllables
    correct = _corrector(corrections)
    sentences = tuple(sentences)
    n = len(sentences)
    corrected = [correct(s.text) for s in sentences]
    encoder = _Encoder()
    keys: list[str] = []
    for text in corrected:
        tokens = tokenize(text)
        keys.append(key(text) if key else " ".join(tokens))
        encoder.add(tokens)
    flat, token_counts = encoder.hashes()
    del encoder

    union = UnionFind(n)
    exemplar_of: dict[str, int] = {}
    # Identical normalized text: merged outright. The exemplar of a key is its first sentence by
    # (file, index), so it does not depend on the order of the reports.
    for i in sorted(range(n), key=lambda i: (sentences[i].file, sentences[i].index)):
        first = exemplar_of.setdefault(keys[i], i)
        if first != i:
            union.union(first, i)
    exemplars = sorted(exemplar_of.values())
    files: dict[int, set[str]] = {e: set() for e in exemplars}
    for i in range(n):
        files[exemplar_of[keys[i]]].add(sentences[i].file)

    chosen = np.asarray(exemplars, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(token_counts)[:-1])) if n else np.zeros(0, dtype=np.int64)
    counts = token_counts[chosen]
    # Gather the exemplars' syllable hashes into one flat array (vectorised segment gather).
    segment_start = np.repeat(starts[chosen] - (np.cumsum(counts) - counts), counts)
    gathered = flat[segment_start + np.arange(int(counts.sum()), dtype=np.int64)]
    hashes, offsets = shingles_of_hashes(gathered, counts, options.shingle_size)
    lengths = token_counts.tolist()
    numbers = [len(set(_NUMBER.findall(k))) for k in keys]
    copies = Counter(keys)

    broken = [normalize.starts_in_lower_case(s.text) for s in sentences]

    def rank(i: int) -> tuple[int, bool, int, int, str, int]:
        """Anchor order, a pure function of the sentence (never of the order of the reports):
        most syllables (the most complete version), then a well-formed start (not a lost drop
        cap: "ự án" loses to "Dự án"), then most distinct numbers, then most identical copies,
        then file and index."""
        return (-lengths[i], broken[i], -numbers[i], -copies[keys[i]], sentences[i].file, sentences[i].index)

    sizes = np.diff(offsets)
    eligible = np.flatnonzero(sizes >= options.min_shingles)
    if len(eligible) >= 2:
        _merge_near_duplicates(
            [exemplars[i] for i in eligible.tolist()],
            hashes,
            offsets,
            eligible,
            files,
            keys,
            rank,
            options,
            union,
        )

    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(union.find(i), []).append(i)
    raw_groups = list(members.values())
    spelling = _spelling_scores(corrected)
    written_once = WrittenOnce(corrected)
    built = [_build_group(m, sentences, corrected, keys, rank, spelling, written_once) for m in raw_groups]
    ordered = _narrative_order(built, sentences)
    words_before = sum(normalize.word_count(s.text) for s in sentences)
    words_after = sum(normalize.word_count(g.text) for g in ordered)
    stats = DedupStats(
        reports=len({s.file for s in sentences}),
        sentences_in=n,
        groups=len(ordered),
        sentences_merged=n - len(ordered),
        words_before=words_before,
        words_after=words_after,
    )
    log.debug("dedup: %d sentences -> %d groups", n, len(ordered))
    return DedupResult(sentences=sentences, groups=tuple(ordered), stats=stats)


def _merge_near_duplicates(
    nodes: list[int],
    hashes: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    files: dict[int, set[str]],
    keys: list[str],
    rank: Callable[[int], tuple[int, bool, int, int, str, int]],
    options: DedupOptions,
    union: UnionFind,
) -> None:
    """LSH candidates among ``nodes`` (exemplar sentence indices), each verified against the
    anchor of a candidate group, then unioned into that group (see the module docstring)."""
    count = len(nodes)
    sub_offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(offsets[rows + 1] - offsets[rows], out=sub_offsets[1:])
    picked = np.concatenate([hashes[offsets[r] : offsets[r + 1]] for r in rows.tolist()])
    signatures = minhash_signatures(picked, sub_offsets, options.num_perm, options.seed)
    pairs, large_buckets = lsh_candidates(band_keys(signatures, options.bands), BUCKET_ALL_PAIRS_LIMIT)
    shingles = _LazySets(picked, sub_offsets)

    numbers = [frozenset(_NUMBER.findall(keys[v])) for v in nodes]
    order_of_nodes = sorted(range(count), key=lambda k: rank(nodes[k]))
    position = np.empty(count, dtype=np.int64)
    position[np.asarray(order_of_nodes, dtype=np.int64)] = np.arange(count, dtype=np.int64)

    # A node whose identical copies all come from one report carries that report's id, else -1;
    # two nodes of the same single report never match each other directly, so such pairs go.
    report_ids: dict[str, int] = {}
    single = np.array(
        [report_ids.setdefault(next(iter(files[v])), len(report_ids)) if len(files[v]) == 1 else -1 for v in nodes],
        dtype=np.int64,
    )
    first = (pairs >> np.uint64(32)).astype(np.int64)
    second = (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
    cross = (single[first] != single[second]) | (single[first] < 0)
    first, second = first[cross], second[cross]
    # Each candidate pair is looked at from its later node, towards the earlier one.
    later_first = position[first] > position[second]
    later = np.where(later_first, first, second)
    earlier = np.where(later_first, second, first)
    order = np.argsort(later, kind="stable")
    earlier_of = earlier[order].tolist()
    bounds = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(later, minlength=count), out=bounds[1:])
    bounds_list = bounds.tolist()
    buckets_of: dict[int, list[int]] = {}
    for b, bucket in enumerate(sorted(large_buckets)):
        for k in bucket:
            buckets_of.setdefault(k, []).append(b)
    bucket_anchors: list[list[int]] = [[] for _ in large_buckets]

    anchor = list(range(count))  # every node is its own anchor until it joins a group
    group_files: dict[int, set[str]] = {}
    verified = 0
    for k in order_of_nodes:
        near = earlier_of[bounds_list[k] : bounds_list[k + 1]]
        in_buckets = buckets_of.get(k, ())
        if not near and not in_buckets:
            continue
        candidates = {anchor[m] for m in near}
        for b in in_buckets:
            candidates.update(bucket_anchors[b])
        best, best_score = -1, (0.0, 0.0, 0)
        mine = files[nodes[k]]
        for a in candidates:
            if not files[nodes[a]].isdisjoint(mine):
                continue  # the anchor is a different sentence of one of this node's reports
            if options.match_numbers and not numbers[k] <= numbers[a]:
                continue  # a number the anchor does not state: another fact, not another version
            verified += 1
            score = _match_score(shingles[a], shingles[k], options)
            if score is None:
                continue
            # The group already holds a version from one of this node's reports: join only when
            # the anchor contains this sentence (it then states both; see the module docstring).
            if a in group_files and not group_files[a].isdisjoint(mine) and score[2] < options.containment_threshold:
                continue
            ranked = (score[0], score[1], -int(position[a]))
            if ranked > best_score:
                best, best_score = a, ranked
        if best >= 0:
            anchor[k] = best
            group_files.setdefault(best, set(files[nodes[best]])).update(mine)
            union.union(nodes[best], nodes[k])
        for b in in_buckets:
            chosen = bucket_anchors[b]
            if anchor[k] not in chosen and len(chosen) < MAX_BUCKET_REPRESENTATIVES:
                chosen.append(anchor[k])
    log.debug("dedup: %d candidate pairs, %d large buckets, %d verifications", len(pairs), len(large_buckets), verified)


_WORD = re.compile(r"[^\W_]+")
# Spelling scores are compared rounded to this many decimals: sums of the same logarithms taken in
# another order differ in their last bits, and must tie (then the earliest report's copy wins).
SPELLING_DIGITS = 9


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case."""
    return [w.lower() for w in _WORD.findall(text)]


def _spelling_scores(texts: Sequence[str]) -> list[float]:
    """For each text, the sum over its word pairs of log(how often the cluster writes that pair
    exactly so, case aside): of two copies of a sentence that differ in marks only, the one whose
    words the reports write so beside the same neighbours more often ("tỉnh Quảng Ninh với"
    against "tinh Quãng Ninh vơi"). Pairs, not words: "qua" outnumbers "quá" in any cluster,
    but not in "quá bức xúc"."""
    pairs = [list(zip(ws, ws[1:])) for ws in map(_words, texts)]
    counts = Counter(p for ps in pairs for p in ps)
    return [sum(math.log(counts[p]) for p in ps) for ps in pairs]


def _build_group(
    members: list[int],
    sentences: tuple[Sentence, ...],
    corrected: list[str],
    keys: list[str],
    rank: Callable[[int], tuple[int, bool, int, int, str, int]],
    spelling: Sequence[float],
    written_once: Callable[[Sequence[str]], bool],
) -> Group:
    """The representative is the group's anchor (the member every other one was verified
    against) or a copy of it: its identical copies and the members that differ from it in
    marks only (a tone or a hat typed wrong). Among them, one that ends in final punctuation (a
    copy can lose its period: a report's last line, a caption-like paragraph), then the best
    spelled (``_spelling_scores``), then the first report's spelling."""
    anchor = min(members, key=rank)
    bare = normalize.base_letters(" ".join(corrected[anchor].split()))
    best = min(
        (m for m in members if keys[m] == keys[anchor] or normalize.base_letters(" ".join(corrected[m].split())) == bare),
        key=lambda m: (not normalize.SENTENCE_END.search(corrected[m]), -round(spelling[m], SPELLING_DIGITS), sentences[m].report,
                       sentences[m].index, sentences[m].file),
    )
    text = corrected[best]
    if _DOUBLED_RUN.search(text):
        text = _without_doubled_runs(text, written_once)
    return Group(members=tuple(sorted(members)), representative=best, text=text)


# A run of this many words typed twice in a row is a slip ("tàu du lịch tàu du lịch", "quản lý
# quản lý") when another sentence of the cluster has it once between the same neighbours; one word twice is Vietnamese
# reduplication as often ("từ từ", "người người"), as is a run of one word said over and over
# ("chết chết chết chết"); a phrase that reads on ("Ban tổ chức tổ chức nhiều hoạt động") is
# written once between the same two neighbours on each side nowhere else.
MIN_DOUBLED_WORDS = 2
MAX_DOUBLED_WORDS = 4
DOUBLED_RUN_CONTEXT = 2  # the neighbours on each side another sentence must write the run between
CONTEXT_CHARS = 80  # the text read on each side of a doubled run for those neighbouring words
_DOUBLED_RUN = re.compile(
    rf"(?<!\w)((?:[^\W_]+\s+){{{MIN_DOUBLED_WORDS - 1},{MAX_DOUBLED_WORDS - 1}}}[^\W_]+)\s+\1(?!\w)"
)


# The doubled runs a cluster's sentences are checked for at most: each check reads the whole
# cluster once (in C), so a report made of repeated text stays linear.
MAX_DOUBLED_RUN_CHECKS = 256


class WrittenOnce:
    """Whether some sentence of the cluster writes a run of words (lower case, words only), read
    from one string of all of them built on the first question; at most
    ``MAX_DOUBLED_RUN_CHECKS`` answers, then "no"."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._joined: str | None = None
        self.checks = 0

    def __call__(self, words: Sequence[str]) -> bool:
        if self.checks >= MAX_DOUBLED_RUN_CHECKS:
            return False
        self.checks += 1
        if self._joined is None:  # "|" between sentences: no run is found across two of them
            self._joined = "| " + " | ".join(" ".join(_words(t)) for t in self._texts) + " |"
        return f" {' '.join(w.lower() for w in words)} " in self._joined


def _without_doubled_runs(text: str, written_once: Callable[[Sequence[str]], bool]) -> str:
    """``text`` with each run of words typed twice in a row typed once, where a sentence of the
    cluster writes the run once between the same neighbours (``written_once``)."""

    def mend(match: re.Match[str]) -> str:
        run = _WORD.findall(match.group(1))
        if len({w.lower() for w in run}) == 1:
            return match.group(0)  # one word said over and over ("chết chết chết chết"): emphasis
        before = _WORD.findall(text[max(0, match.start() - CONTEXT_CHARS) : match.start()])[-DOUBLED_RUN_CONTEXT:]
        after = _WORD.findall(text[match.end() : match.end() + CONTEXT_CHARS])[:DOUBLED_RUN_CONTEXT]
        return match.group(1) if written_once([*before, *run, *after]) else match.group(0)

    return _DOUBLED_RUN.sub(mend, text)


def _narrative_order(groups: list[Group], sentences: tuple[Sentence, ...]) -> list[Group]:
    """Thread every report's sentences into the largest report's order (see module docstring)."""
    if not groups:
        return []
    owner = [0] * len(sentences)
    for g, group in enumerate(groups):
        for m in group.members:
            owner[m] = g
    by_report: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        by_report.setdefault(s.report, []).append(i)
    for indices in by_report.values():
        indices.sort(key=lambda i: sentences[i].index)
    reports = sorted(by_report, key=lambda r: (-len(by_report[r]), r))
    head = -1  # sentinel node of a doubly linked list of group ids
    nxt: dict[int, int] = {head: head}
    prv: dict[int, int] = {head: head}

    def insert_after(anchor: int, g: int) -> None:
        follower = nxt[anchor]
        nxt[anchor], prv[g], nxt[g], prv[follower] = g, anchor, follower, g

    for r in reports:
        sequence = [owner[i] for i in by_report[r]]
        # The leading run of not-yet-placed groups goes just before the report's first placed one.
        first_placed = next((g for g in sequence if g in nxt), None)
        cursor = prv[first_placed] if first_placed is not None else prv[head]
        for g in sequence:
            if g in nxt:
                cursor = g
            else:
                insert_after(cursor, g)
                cursor = g
    order: list[int] = []
    node = nxt[head]
    while node != head:
        order.append(node)
        node = nxt[node]
    return [groups[g] for g in order]
