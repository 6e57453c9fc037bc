"""The numpy search the fast backends share: what it does with scores it cannot rank."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.engines.base import GenerateRequest
from summarizer.engines.search import SpecialTokens, search
from summarizer.errors import GenerationError

SPECIAL = SpecialTokens(start=0, eos=1, pad=0)
VOCAB = 8


@pytest.mark.parametrize("beams", [1, 3])
def test_nan_scores_are_a_generation_error_not_a_crash(beams: int) -> None:
    def step(tokens: np.ndarray, reorder: np.ndarray | None) -> np.ndarray:
        return np.full((len(tokens), VOCAB), np.nan)  # as damaged weights make a model score

    with pytest.raises(GenerationError, match="scored the next token as NaN"):
        search(step, 2, GenerateRequest(num_beams=beams, max_new_tokens=4), SPECIAL)


def test_finite_scores_still_search() -> None:
    def step(tokens: np.ndarray, reorder: np.ndarray | None) -> np.ndarray:
        scores = np.full((len(tokens), VOCAB), -5.0)
        scores[:, 3] = -0.1
        scores[:, SPECIAL.eos] = -0.2
        return scores

    out = search(step, 1, GenerateRequest(num_beams=2, max_new_tokens=3, min_new_tokens=1), SPECIAL)
    assert out[0][0][0] == 3  # the best first token
