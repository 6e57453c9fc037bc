"""Greedy and beam search over a decoder step function, in numpy.

Used by the ONNX Runtime backend; the semantics are transformers' ``generate`` as the torch
backend calls it (``do_sample=False``, beam search with ``early_stopping=True``), so float32
results agree token for token with the torch backend:

* Scores are log-softmax log-probabilities; ``min_new_tokens`` sets EOS to -inf while fewer
  tokens have been generated, ``no_repeat_ngram_size`` sets to -inf every token that would
  repeat an n-gram of the sequence (the decoder start token included), without renormalising.
* Greedy: the argmax (first on ties); a finished sequence is padded until all are finished.
* Beam search: every step keeps the ``2 * num_beams`` best continuations over all beams; of
  those among the first ``num_beams`` that end (EOS, or the length limit) the finished set
  keeps the best ``num_beams`` by ``sum of log-probabilities / length ** length_penalty``
  (length = generated tokens, EOS included); the others run on. An input is done once its
  finished set is full (early stopping) or no running beam can still beat its worst finished
  one; the search ends when every input is done or the length limit is reached.

The step function owns the decoder state: ``step(tokens, reorder)`` gets the token of every row
(``batch * beams`` rows, batch-major) and, from the second step on, for every row the row of the
previous step it continues (``None`` when each row continues itself), and returns the
log-probabilities ``[rows, vocab]`` of the next token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import GenerationError
from .base import GenerateRequest

StepFunction = Callable[[np.ndarray, "np.ndarray | None"], np.ndarray]
NEG = np.float32(-1.0e9)  # score of a beam that must not be chosen (transformers' value)
TOP_BLOCK = 64  # block width of the top-k prefilter in _top


@dataclass(frozen=True)
class SpecialTokens:
    start: int  # decoder start token
    eos: int
    pad: int


def _ban_repeats(log_probs: np.ndarray, histories: list[list[int]], size: int) -> None:
    """In place: -inf for every token that would complete an n-gram already in its row's history."""
    if size <= 0:
        return
    for row, history in enumerate(histories):
        if len(history) + 1 < size:
            continue
        prefix = tuple(history[len(history) - size + 1:]) if size > 1 else ()
        banned = [history[i + size - 1] for i in range(len(history) - size + 1)
                  if tuple(history[i:i + size - 1]) == prefix]
        if banned:
            log_probs[row, banned] = -np.inf


def _process(log_probs: np.ndarray, histories: list[list[int]], generated: int,
             request: GenerateRequest, special: SpecialTokens) -> np.ndarray:
    if np.isnan(log_probs).any():
        raise GenerationError("the model scored the next token as NaN (damaged weights, or a precision too "
                              "narrow for them)")
    if generated < request.min_new_tokens:
        log_probs[:, special.eos] = -np.inf
    _ban_repeats(log_probs, histories, request.no_repeat_ngram_size)
    return log_probs


def greedy(step: StepFunction, batch: int, request: GenerateRequest, special: SpecialTokens) -> list[list[int]]:
    """Generated ids per input (EOS included when it was generated)."""
    histories = [[special.start] for _ in range(batch)]
    finished = np.zeros(batch, dtype=bool)
    tokens = np.full(batch, special.start, dtype=np.int64)
    for generated in range(request.max_new_tokens):
        log_probs = _process(step(tokens, None), histories, generated, request, special)
        tokens = np.where(finished, special.pad, log_probs.argmax(axis=-1)).astype(np.int64)
        for row in np.flatnonzero(~finished):
            histories[row].append(int(tokens[row]))
        finished |= tokens == special.eos
        if finished.all():
            break
    return [h[1:] for h in histories]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest entries of each row, best first (lower index first on ties).

    Rows as long as beams x vocabulary are not partitioned whole (``argpartition`` over 144k
    scores takes about 1.3 ms): the k-th largest of the rows' ``TOP_BLOCK``-wide block maxima is a
    floor for the k-th largest score (k block maxima are k distinct entries), so only the entries
    at or above it, a few dozen, are sorted."""
    rows, n = scores.shape
    blocks = -(-n // TOP_BLOCK)
    if k >= n or blocks <= k:
        return _sort_top(scores, np.broadcast_to(np.arange(n), scores.shape), k)
    padded = scores
    if blocks * TOP_BLOCK != n:
        padded = np.full((rows, blocks * TOP_BLOCK), -np.inf, dtype=scores.dtype)
        padded[:, :n] = scores
    maxima = padded.reshape(rows, blocks, TOP_BLOCK).max(axis=2)
    floors = np.partition(maxima, blocks - k, axis=1)[:, blocks - k]
    out = np.empty((rows, k), dtype=np.int64)
    for row in range(rows):
        candidates = np.flatnonzero(scores[row] >= floors[row])
        out[row] = _sort_top(scores[row][None, candidates], candidates[None, :], k)[0]
    return out


def _sort_top(scores: np.ndarray, indices: np.ndarray, k: int) -> np.ndarray:
    """Of ``indices`` (with their ``scores``), per row the ``k`` best: highest score, then lowest index."""
    order = np.lexsort((indices, -scores), axis=1)[:, :k]
    return np.take_along_axis(indices, order, axis=1)


def beam(step: StepFunction, batch: int, request: GenerateRequest,
         special: SpecialTokens) -> list[list[list[int]]]:
    """Per input, ``num_return_sequences`` generated id lists (best first, EOS included when
    generated)."""
    beams, keep = request.num_beams, 2 * request.num_beams
    running: list[list[list[int]]] = [[[] for _ in range(beams)] for _ in range(batch)]
    running_scores = np.zeros((batch, beams), dtype=np.float32)
    running_scores[:, 1:] = NEG
    done_seqs: list[list[list[int]]] = [[[] for _ in range(beams)] for _ in range(batch)]
    done_scores = np.full((batch, beams), NEG, dtype=np.float32)
    done_flags = np.zeros((batch, beams), dtype=bool)
    improvable = np.ones(batch, dtype=bool)
    top_mask = np.arange(keep) < beams
    tokens = np.full(batch * beams, special.start, dtype=np.int64)
    reorder: np.ndarray | None = None
    for generated in range(request.max_new_tokens):
        # what n-gram bans look at: each row's sequence, decoder start included (none without bans)
        histories = ([[special.start, *seq] for per in running for seq in per]
                     if request.no_repeat_ngram_size > 0 else [])
        log_probs = _process(step(tokens, reorder), histories, generated, request, special)
        vocab = log_probs.shape[1]
        total = (log_probs.reshape(batch, beams, vocab) + running_scores[:, :, None]).reshape(batch, beams * vocab)
        picked = _top(total, keep)
        picked_scores = np.take_along_axis(total, picked, axis=1)
        from_beam, picked_tokens = picked // vocab, picked % vocab
        length = generated + 1
        ends = (picked_tokens == special.eos) | (length >= request.max_new_tokens)
        # running beams of the next step: the best continuations that did not end
        run_scores = picked_scores + ends.astype(np.float32) * NEG
        chosen = _top(run_scores, beams)
        # finished set: merge the ones ending among the first num_beams picks
        final = picked_scores / np.float32(length ** request.length_penalty)
        final = final + (done_flags.all(axis=1, keepdims=True)).astype(np.float32) * NEG
        final = final + (~improvable[:, None]).astype(np.float32) * NEG
        just_done = ends & top_mask[None, :]
        final = final + (~just_done).astype(np.float32) * NEG
        merged_scores = np.concatenate([done_scores, final], axis=1)
        merged_flags = np.concatenate([done_flags, just_done], axis=1)
        best = _top(merged_scores, beams)
        new_running: list[list[list[int]]] = []
        new_done: list[list[list[int]]] = []
        for b in range(batch):
            candidates = [running[b][from_beam[b, j]] + [int(picked_tokens[b, j])] for j in range(keep)]
            merged = done_seqs[b] + candidates
            new_done.append([merged[j] for j in best[b]])
            new_running.append([candidates[j] for j in chosen[b]])
        done_seqs, running = new_done, new_running
        done_scores = np.take_along_axis(merged_scores, best, axis=1)
        done_flags = np.take_along_axis(merged_flags, best, axis=1)
        running_scores = np.take_along_axis(run_scores, chosen, axis=1)
        # could a running beam still beat the worst finished one? (transformers' heuristic)
        best_possible = running_scores[:, 0] / np.float32(length ** request.length_penalty)
        worst = np.where(done_flags, done_scores.min(axis=1, keepdims=True), NEG)
        improvable &= (best_possible[:, None] > worst).any(axis=1)
        if not improvable.any() or done_flags.all() or ends.all():
            break
        rows = np.take_along_axis(from_beam, chosen, axis=1) + (np.arange(batch) * beams)[:, None]
        reorder = rows.reshape(-1)
        tokens = np.take_along_axis(picked_tokens, chosen, axis=1).reshape(-1).astype(np.int64)
    return [done_seqs[b][:request.num_return_sequences] for b in range(batch)]


def search(step: StepFunction, batch: int, request: GenerateRequest, special: SpecialTokens) -> list[list[list[int]]]:
    """Greedy when ``num_beams == 1``, else beam search; per input, the generated id lists."""
    if request.num_beams == 1:
        return [[ids] for ids in greedy(step, batch, request, special)]
    return beam(step, batch, request, special)
