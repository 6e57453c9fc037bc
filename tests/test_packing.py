"""Input packing: the budget is never exceeded, nothing is truncated, left-out sentences are
reported; map-reduce chunks; the real tokenizer is never asked to truncate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from _tiny_model import tiny_model_dir  # noqa: F401  (session fixture)
from conftest import load_script

from summarizer.errors import BadOptionError
from summarizer.packing import (
    FEATURE_NAMES,
    MIN_SCORE,
    PackingWeights,
    chunk,
    cluster_scores,
    compose,
    features,
    first_report_lead,
    pack,
    truncate_naive,
)
from summarizer.pipeline import prepare

SENTENCES = [
    "Mưa lớn kéo dài ở miền Trung.",  # 7 words
    "Nước sông dâng cao làm ngập nhiều nhà dân ven sông.",  # 11
    "Chính quyền sơ tán người dân.",  # 6
    "Một cây cầu bị cuốn trôi trong đêm qua ở huyện miền núi.",  # 13
    "Trường học cho học sinh nghỉ.",  # 6
]


def words_plus_eos(text: str) -> int:
    """A stand-in tokenizer: one token per word, plus EOS."""
    return len(text.split()) + 1


def test_pack_takes_most_salient_in_narrative_order() -> None:
    scores = [0.9, 0.1, 0.8, 0.7, 0.2]
    packed = pack(SENTENCES, scores, words_plus_eos, budget=27)
    # greedy by salience: 0 (7) + 2 (6) + 3 (13) = 26 words + EOS = 27; 4 (6) no longer fits
    assert packed.indices == (0, 2, 3)
    assert packed.text == " ".join(SENTENCES[i] for i in (0, 2, 3))
    assert packed.tokens == 27 == packed.budget


def test_pack_skips_a_big_sentence_and_fills_with_smaller_ones() -> None:
    scores = [0.5, 0.9, 0.1, 0.95, 0.2]
    packed = pack(SENTENCES, scores, words_plus_eos, budget=20)
    # EOS + 3 (13) = 14; 1 (11) and 0 (7) do not fit; 4 (6) does -> 20; 2 (6) does not
    assert packed.indices == (3, 4)
    assert packed.tokens == 20


def test_pack_takes_the_first_sentences_given_before_the_rest() -> None:
    scores = [0.1, 0.1, 0.9, 0.8, 0.7]
    # 1 (11) and 0 (7) first, as given, then by salience: 2 (6); 3 (13) no longer fits, 4 (6) does
    packed = pack(SENTENCES, scores, words_plus_eos, budget=31, first=[1, 0])
    assert packed.indices == (0, 1, 2, 4)
    # one that does not fit is passed over; an index out of range is ignored
    assert pack(SENTENCES, scores, words_plus_eos, budget=14, first=[3, 9]).indices == (3,)
    assert pack(SENTENCES, scores, words_plus_eos, budget=8, first=[3]).indices == (2,)


def test_pack_counts_the_prefix() -> None:
    packed = pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=15, prefix="vietnews: ")
    assert packed.text.startswith("vietnews: ")
    assert packed.tokens == words_plus_eos(packed.text) == 15  # prefix 1 + 7 + 6 + EOS
    assert packed.indices == (0, 2)


def test_pack_rechecks_the_exact_count() -> None:
    def non_additive(text: str) -> int:  # joined text costs one token more per join
        return words_plus_eos(text) + text.count(". ")

    packed = pack(SENTENCES, [0.9, 0.1, 0.8, 0.7, 0.2], non_additive, budget=27)
    # the estimate says (0, 2, 3) = 27, the exact count 29: the least salient (3) is dropped
    assert packed.indices == (0, 2)
    assert non_additive(packed.text) == packed.tokens == 15


def test_pack_novelty_skips_a_paraphrase() -> None:
    texts = [
        "Lũ quét làm sập cầu ở huyện miền núi.",  # 0: 9 words, 8 bigrams, most salient
        "Lũ quét làm sập cầu treo ở huyện miền núi.",  # 1: 10 words, 9 bigrams, 7 of them in 0
        "Chính quyền sơ tán người dân.",  # 2: 6 words, 5 new bigrams, least salient
    ]
    scores = [1.0, 0.9, 0.3]
    plain = pack(texts, scores, words_plus_eos, budget=20, novelty=False)
    assert plain.indices == (0, 1)  # 1 + 9 + 10 = 20: the paraphrase fills the budget
    packed = pack(texts, scores, words_plus_eos, budget=20)
    # after 0: gain of 1 = 0.9 * 2/9 = 0.2 < gain of 2 = 0.3 * 5/5; then 1 no longer fits
    assert packed.indices == (0, 2)
    assert packed.tokens == 16


def test_pack_fills_leftover_room_with_sentences_the_model_rates_low() -> None:
    texts = ["Mưa to.", "Mưa to.", "Gió mạnh cấp tám."]  # 1 repeats 0 entirely: novelty 0
    packed = pack(texts, [1.0, 1.0, 0.5], words_plus_eos, budget=9)
    assert packed.indices == (0, 1, 2)  # the repeat still fills the room left (2 + 2 + 4 + EOS)
    assert packed.tokens == 9


def test_pack_fails_cleanly_when_nothing_fits() -> None:
    # an option too small for the input, nothing the model did: exit 2 with the option to raise
    with pytest.raises(BadOptionError, match=r"budget of 4 tokens \(raise --max-input-tokens\)"):
        pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=4)
    with pytest.raises(BadOptionError, match=r"^the input budget of 3 tokens holds no sentence: 6 token\(s\) go to "
                                             r"every input \(5 for the prefix, 1 for the end-of-sequence mark\); "
                                             r"raise --max-input-tokens$"):
        pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=3, prefix="vietnews tin tức hôm nay: ")
    # no prefix: the end-of-sequence mark alone, not called a prefix
    with pytest.raises(BadOptionError, match=r"go to every input \(1 for the end-of-sequence mark\)"):
        pack(SENTENCES, [1, 1, 1, 1, 1], words_plus_eos, budget=1)


def test_chunk_keeps_order_and_budget_and_leaves_out_oversized() -> None:
    chunks = chunk(SENTENCES, words_plus_eos, budget=13)
    # sentence 3 (13 words + EOS) can never fit and is left out, not cut
    assert [c.indices for c in chunks] == [(0,), (1,), (2, 4)]
    assert all(c.tokens <= 13 and c.tokens == words_plus_eos(c.text) for c in chunks)
    assert chunks[2].text == compose("", [SENTENCES[2], SENTENCES[4]])


def test_a_sentence_without_a_final_mark_gets_one_in_the_model_input() -> None:
    row, share, lead = "Cầu chính | 1,2 km | 900 tỷ đồng", "Tỷ lệ giải ngân | 80%", "Tiến độ thi công:"
    packed = pack([SENTENCES[0], row, share, lead, SENTENCES[1]], [1] * 5, words_plus_eos, budget=100)
    assert packed.text == f"{SENTENCES[0]} {row}. {share}. {lead} {SENTENCES[1]}"
    assert compose("", ["“Chúng tôi sẽ cố gắng.”", "“Chúng tôi sẽ cố gắng”"]) == "“Chúng tôi sẽ cố gắng.” “Chúng tôi sẽ cố gắng”."
    assert packed.tokens == words_plus_eos(packed.text)


def test_truncate_naive_cuts_inside_a_sentence() -> None:
    text = truncate_naive(SENTENCES, words_plus_eos, budget=10)
    assert text == SENTENCES[0] + " " + "Nước sông"
    assert words_plus_eos(text) == 10


REPORT_A = (
    "Bão số 5 đổ bộ vào Quảng Bình\n"
    "Bão số 5 đã đổ bộ vào tỉnh Quảng Bình chiều qua với sức gió rất mạnh.\n"
    "Hàng nghìn ngôi nhà bị tốc mái và nhiều cây xanh bị quật đổ.\n"
    "Ông Lê Văn Tám nói: \"Chúng tôi chưa từng thấy cơn bão nào mạnh như vậy\".\n"
)
REPORT_B = (
    "Quảng Bình khắc phục hậu quả bão\n"
    "Lực lượng cứu hộ đã được điều động tới các xã ven biển ngay trong đêm.\n"
    "Bão số 5 đã đổ bộ vào tỉnh Quảng Bình chiều qua với sức gió rất mạnh.\n"
)


def _column(name: str) -> int:
    return FEATURE_NAMES.index(name)


def test_features_of_a_small_cluster(write_reports) -> None:
    cluster = prepare(write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B}))
    texts = cluster.merged_texts
    rows = features(cluster)
    assert rows.shape == (len(texts), len(FEATURE_NAMES)) == (4, 9)
    shared = next(i for i, t in enumerate(texts) if t.startswith("Bão số 5"))
    quoted = next(i for i, t in enumerate(texts) if t.startswith("Ông Lê"))
    rescue = next(i for i, t in enumerate(texts) if t.startswith("Lực lượng"))
    # the shared sentence opens report a (index 0) and is carried by both reports
    assert rows[shared, _column("log_position")] == 0.0
    assert rows[shared, _column("first_sentence")] == 1.0
    assert rows[shared, _column("first_report")] == 1.0
    assert rows[shared, _column("soft_support")] == pytest.approx(1.0)
    # the quote is report a's third sentence of three
    assert rows[quoted, _column("log_position")] == pytest.approx(np.log(3))
    assert rows[quoted, _column("relative_position")] == pytest.approx(2 / 3)
    assert rows[quoted, _column("quote")] == 1.0
    assert rows[rescue, _column("first_report")] == 0.0
    assert rows[rescue, _column("first_sentence")] == 1.0  # it opens report b
    assert rows[shared, _column("log_length")] == pytest.approx(np.log(1 + 17))  # 17 syllables


def test_first_report_lead_is_its_opening_sentences_in_order(write_reports) -> None:
    cluster = prepare(write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B}))
    texts = cluster.merged_texts
    lead = [texts[i][:12] for i in first_report_lead(cluster)]
    assert lead == ["Bão số 5 đã ", "Hàng nghìn n", "Ông Lê Văn T"]
    assert [texts[i][:12] for i in first_report_lead(cluster, count=1)] == ["Bão số 5 đã "]


def test_cluster_scores_apply_the_weights_and_the_floor(write_reports) -> None:
    cluster = prepare(write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B}))
    rows = features(cluster)
    zeros = {name: 0.0 for name in FEATURE_NAMES}
    only_leads = PackingWeights(**(zeros | {"first_sentence": 1.0, "intercept": -0.5}))
    scores = cluster_scores(cluster, only_leads)
    expected = np.where(rows[:, _column("first_sentence")] == 1.0, 0.5, MIN_SCORE)
    assert scores.tolist() == pytest.approx(expected.tolist())
    default = cluster_scores(cluster)
    assert default.shape == (4,) and (default >= MIN_SCORE).all()


class SpyTokenizer:
    """Delegates to a real tokenizer and records the keyword arguments of every call."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[dict] = []

    def __call__(self, *args, **kwargs):
        self.calls.append(kwargs)
        return self.inner(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_real_tokenizer_is_never_asked_to_truncate(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines.base import GenerateRequest
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.models import resolve_model

    loaded = TorchBackend.load(resolve_model(str(tiny_model_dir)), device="cpu")
    spy = SpyTokenizer(loaded.tokenizer)
    backend = TorchBackend(spy, loaded.model, path=loaded.path, precision="float32", device="cpu", threads=1)
    seen_inputs = []
    real_generate = loaded.model.generate

    def generate_spy(**kwargs):
        seen_inputs.append(kwargs["input_ids"])
        return real_generate(**kwargs)

    monkeypatch.setattr(loaded.model, "generate", generate_spy)
    texts = SENTENCES * 8  # far more than the budget
    packed = pack(texts, list(range(len(texts))), backend.count_tokens, budget=120)
    assert packed.tokens <= 120
    assert len(packed.indices) < len(texts)
    backend.generate([packed.text], GenerateRequest(num_beams=1, max_new_tokens=2))
    assert spy.calls and all(call.get("truncation") is False for call in spy.calls)
    # the model saw the whole packed input: every token, ending with EOS
    full = loaded.tokenizer(packed.text)["input_ids"]
    assert seen_inputs[0].shape[1] == len(full) == packed.tokens
    assert seen_inputs[0][0].tolist() == full
    assert full[-1] == loaded.tokenizer.eos_token_id
    assert all(texts[i] in packed.text for i in packed.indices)


def test_packing_report_counts_misses_by_how_many_reports_carry_them(write_reports) -> None:
    report = load_script("packing_report")
    cluster = prepare(write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B}))
    # Reference bigrams found in the reports: "bão số", "số 5" (the shared sentence); "lực
    # lượng", "lượng cứu", "cứu hộ" (report b only) and "tốc mái" (report a only). The others,
    # such as "trời nắng", are in no report and not counted.
    reference = "Bão số 5 khiến lực lượng cứu hộ vất vả; nhà tốc mái; trời nắng."
    shared_sentence = "Bão số 5 đã đổ bộ vào tỉnh Quảng Bình chiều qua với sức gió rất mạnh."
    counts = report.misses_by_support(cluster, shared_sentence, [reference])
    assert counts == {"shared": 2, "kept_shared": 2, "single": 4, "kept_single": 0}
    everything = " ".join(cluster.merged_texts)
    assert report.misses_by_support(cluster, everything, [reference])["kept_single"] == 4


def test_pinned_sentences_add_the_time_opened_leads_after_the_first_reports_lead(write_reports) -> None:
    from summarizer.packing import pinned_sentences

    folder = write_reports({
        "a.txt": "Bão số 5 đổ bộ\nBão số 5 đã đổ bộ vào đất liền.\nGió giật cấp 12 quật đổ cây.\nMưa lớn kéo dài.\nNhiều nhà tốc mái.\n",
        "b.txt": "Bão số 5 gây thiệt hại\nNhiều tỉnh miền Trung mất điện.\nSáng 3/6, bão số 5 đổ bộ vào Quảng Trị.\n"
                 "Chiều 4/6, điện đã được khôi phục ở nhiều nơi.\n",
    })
    cluster = prepare(folder)
    texts = cluster.merged_texts
    pinned = [texts[i] for i in pinned_sentences(cluster)]
    lead = [texts[i] for i in first_report_lead(cluster)]
    # the first report's three opening sentences, then the time-opened one among b's first two (not its third)
    assert pinned == lead + ["Sáng 3/6, bão số 5 đổ bộ vào Quảng Trị."]
