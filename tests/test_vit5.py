"""The ViT5 engine on a tiny random model and on a scripted backend: packing in the result,
map-reduce, post-processing, alignment, headline pass, faithfulness warnings, backends, CLI."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from _tiny_model import (  # noqa: F401  (tiny_model_dir: session fixture)
    INPUTS, ScriptedBackend, build_untied_model, copy_model_files, tiny_model_dir, transformers_records,
)

from summarizer import packing
from summarizer.engines import vit5
from summarizer.engines.base import GenerateRequest
from summarizer.errors import BadOptionError, DeviceError, GenerationError, NativeBuildError
from summarizer.models import resolve_model
from summarizer.options import ModelOptions, SummarizeOptions
from summarizer.pipeline import prepare, summarize

REPORT_A = (
    "Lũ quét ở Phước Sơn, 12 người mất tích\n"
    "Chiều 14/2, lũ quét bất ngờ xảy ra tại xã Phước Thành, huyện Phước Sơn, tỉnh Quảng Nam. "
    "Theo báo cáo ban đầu, 12 người dân đang làm rẫy đã bị mất tích. "
    "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Quảng Nam, đã đến hiện trường chỉ đạo tìm kiếm. "
    "Lực lượng cứu hộ gồm hơn 200 người được huy động trong đêm. "
    "Nhiều tuyến đường vào xã bị sạt lở nên việc tiếp cận gặp khó khăn.\n"
)
REPORT_B = (
    "Quảng Nam huy động lực lượng tìm người mất tích do lũ quét\n"
    "Chiều 14/2, lũ quét bất ngờ xảy ra tại xã Phước Thành, huyện Phước Sơn, tỉnh Quảng Nam. "
    "Ông Nguyễn Văn An yêu cầu các lực lượng khẩn trương tìm kiếm người mất tích. "
    "Bộ đội biên phòng và dân quân địa phương đã được điều động hỗ trợ. "
    "Trận mưa lớn kéo dài ba ngày trước đó làm đất đá trên núi bị sạt xuống suối.\n"
)

SUMMARY_FROM_SOURCES = (
    "Chiều 14/2, lũ quét xảy ra tại huyện Phước Sơn, tỉnh Quảng Nam . "
    "Ông Nguyễn Văn An đã đến hiện trường chỉ đạo tìm kiếm 12 người mất tích."
)


@pytest.fixture()
def cluster_dir(write_reports) -> Path:
    return write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})


@pytest.fixture()
def tiny_options(tiny_model_dir: Path) -> SummarizeOptions:
    # small generation lengths keep the random model fast
    return SummarizeOptions(engine="vit5", model=ModelOptions(model=str(tiny_model_dir), backend="torch")).with_changes(
        generation__max_new_tokens=24, generation__min_new_tokens=8, headline__max_new_tokens=12,
    )


def scripted_engine(tiny_model_dir: Path, replies: list[list[str]]) -> tuple[vit5.ViT5Engine, ScriptedBackend]:
    backend = ScriptedBackend(replies)
    return vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir))), backend


def test_end_to_end_with_tiny_model(cluster_dir: Path, tiny_options: SummarizeOptions, tiny_model_dir: Path) -> None:
    engine = vit5.load_engine(tiny_options.model)
    assert engine is vit5.load_engine(tiny_options.model)  # loaded once per process
    result = summarize(cluster_dir, tiny_options, engine=engine)
    data = json.loads(result.to_json())
    assert data["engine"] == "vit5" and data["backend"] == "torch" and data["precision"] == "float32"
    assert data["model_path"] == str(tiny_model_dir.resolve())
    packing = data["packing"]
    assert packing["strategy"] == "pack"
    assert packing["tokens_packed"] <= packing["token_budget"] == 512
    assert packing["tokens_packed"] == engine.backend.count_tokens(packing["input"])
    assert packing["sentences_packed"] + len(packing["sentences_left_out"]) == data["dedup"]["groups"]
    assert data["title_origin"] in ("model", "source")
    assert data["title"] and "\n" not in data["title"]
    assert data["generation"]["summary"]["max_new_tokens"] == 24
    assert 8 <= data["generation"]["summary_tokens"] <= 24  # min / max new tokens held
    assert data["generation"]["headline"]["max_new_tokens"] == 12
    assert data["sentences"] and all(s["aligned"] for s in data["sentences"])


def test_small_budget_leaves_sentences_out(cluster_dir: Path, tiny_options: SummarizeOptions) -> None:
    options = tiny_options.with_changes(model__max_input_tokens=120)
    engine = vit5.load_engine(options.model)
    cluster = prepare(cluster_dir, options)
    out = engine.summarize(cluster, options)
    assert out.packing.token_budget == 120
    assert engine.backend.count_tokens(out.packing.input) == out.packing.tokens_packed <= 120
    assert out.packing.sentences_left_out
    assert out.packing.sentences_packed + len(out.packing.sentences_left_out) == len(cluster.merged_texts)
    for left in out.packing.sentences_left_out:
        assert left.text not in out.packing.input
        assert left.file in ("a.txt", "b.txt")


def test_map_reduce_summarizes_chunks_then_their_summaries(cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, backend = scripted_engine(tiny_model_dir, [
        ["Lũ quét ở Phước Sơn."],  # map: one partial per chunk
        [SUMMARY_FROM_SOURCES],  # reduce
        ["Lũ quét ở Phước Sơn, 12 người mất tích"],  # headline
    ])
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=45)
    cluster = prepare(cluster_dir, options)
    out = engine.summarize(cluster, options)
    map_inputs, _ = backend.calls[0]
    assert out.packing.strategy == "map-reduce"
    assert out.packing.chunks == len(map_inputs) > 1
    assert all(backend.count_tokens(text) <= 45 for text in map_inputs)
    reduce_inputs, _ = backend.calls[1]
    assert reduce_inputs == [out.packing.input]
    assert out.packing.input == " ".join(["Lũ quét ở Phước Sơn."] * len(map_inputs))
    assert backend.calls[2][1].max_new_tokens == 24  # the headline pass comes last
    assert len(backend.calls) == 3
    # partial summaries are generated no longer than a share of what the next round's input budget
    # leaves: their text encodes again into more tokens than were generated
    import math

    assert backend.calls[0][1].max_new_tokens == math.floor(vit5.PARTIAL_ROOM_SHARE * (45 - backend.count_tokens("")))
    assert backend.calls[1][1].max_new_tokens == SummarizeOptions().generation.max_new_tokens


def test_map_reduce_reports_partial_sentences_over_the_budget(cluster_dir: Path, tiny_model_dir: Path) -> None:
    # a backend that ignores the length limit: its one over-long partial sentence cannot be reduced
    rambling = " ".join(["mưa lớn kéo dài"] * 30) + "."
    engine, backend = scripted_engine(tiny_model_dir, [
        [rambling + " Lũ quét ở Phước Sơn."],  # every map input gets this partial summary
        [SUMMARY_FROM_SOURCES],
        ["Lũ quét ở Phước Sơn, 12 người mất tích"],
    ])
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=45)
    out = engine.summarize(prepare(cluster_dir, options), options)
    assert "Lũ quét ở Phước Sơn." in out.packing.input and "mưa lớn" not in out.packing.input
    map_inputs, _ = backend.calls[0]
    expected = f"{len(map_inputs)} partial summary sentence(s) longer than the input budget of 45 tokens left out"
    assert any(expected in w for w in out.warnings), out.warnings


def test_map_reduce_stops_and_says_so_when_partial_summaries_do_not_get_shorter(
        cluster_dir: Path, tiny_model_dir: Path) -> None:
    # a backend that writes a partial summary filling a whole input: no round can merge two
    wordy = ("Lực lượng cứu hộ gồm bộ đội biên phòng và dân quân địa phương tìm kiếm người mất tích "
             "suốt đêm ở xã Phước Thành huyện Phước Sơn tỉnh Quảng Nam.")
    engine, backend = scripted_engine(tiny_model_dir, [
        [wordy],  # every map input gets this partial summary
        [SUMMARY_FROM_SOURCES],  # the final pass
        ["Lũ quét ở Phước Sơn, 12 người mất tích"],
    ])
    budget = 45
    overhead = backend.count_tokens("")
    assert backend.count_tokens(wordy) <= budget < 2 * (backend.count_tokens(wordy) - overhead) + overhead
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=budget)
    cluster = prepare(cluster_dir, options)
    out = engine.summarize(cluster, options)
    chunks = len(backend.calls[0][0])
    assert chunks > 1 and len(backend.calls) == 3  # map, the final pass, the headline: no endless rounds
    assert backend.calls[1][0] == [out.packing.input] == [wordy]
    expected = (f"map-reduce round 1: the partial summaries were no shorter than their inputs ({chunks} inputs "
                f"of {budget} tokens); {chunks - 1} of their {chunks} sentence(s) left out of the final input "
                "(listed in packing.partial_sentences_left_out)")
    assert expected in out.warnings, out.warnings
    # only the first chunk's partial summary reached the final input: the others' sentences are lost
    first_chunk = packing.chunk(cluster.merged_texts, backend.count_tokens, budget)[0].indices
    assert out.packing.rounds == 1
    assert [(p.round, p.text) for p in out.packing.partial_sentences_left_out] == [(1, wordy)] * (chunks - 1)
    assert out.packing.sentences_packed == len(first_chunk)
    assert len(out.packing.sentences_left_out) == len(cluster.merged_texts) - len(first_chunk)
    missed = len(cluster.merged_texts) - len(first_chunk)
    assert (f"map-reduce: no partial summary of {missed} sentence(s) reached the final input "
            "(listed in packing.sentences_left_out)") in out.warnings


class PerInputBackend(ScriptedBackend):
    """A ScriptedBackend whose map rounds answer each input by ``partial(input)``; the calls
    after the rounds (the final pass, the headline) take the scripted replies."""

    def __init__(self, partial, replies: list[list[str]], rounds: int) -> None:
        super().__init__(replies)
        self.partial = partial
        self.rounds = rounds

    def generate(self, inputs: list[str], request) -> list[list[str]]:
        if len(self.calls) >= self.rounds:
            self.calls.append((list(inputs), request))
            reply = self.replies[min(len(self.calls) - 1 - self.rounds, len(self.replies) - 1)]
            return [list(reply[: request.num_return_sequences]) for _ in inputs]
        self.calls.append((list(inputs), request))
        return [[self.partial(text)] for text in inputs]


def test_map_reduce_reports_the_source_sentences_whose_partial_summaries_were_all_left_out(
        cluster_dir: Path, tiny_model_dir: Path) -> None:
    # the chunks that mention Quảng Nam get a partial summary longer than any input: their
    # content never reaches the final input, and packing says so, not "everything packed"
    rambling = " ".join(["mưa lớn kéo dài"] * 30) + "."
    budget = 45
    backend = PerInputBackend(lambda text: rambling if "Quảng Nam" in text else "Lũ quét ở Phước Sơn.",
                              [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn, 12 người mất tích"]], rounds=1)
    engine = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir)))
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=budget)
    cluster = prepare(cluster_dir, options)
    out = engine.summarize(cluster, options)
    chunks = packing.chunk(cluster.merged_texts, backend.count_tokens, budget)
    lost = [c for c in chunks if "Quảng Nam" in c.text]
    assert lost and len(lost) < len(chunks)
    lost_sentences = {cluster.merged_texts[i] for c in lost for i in c.indices}
    assert {left.text for left in out.packing.sentences_left_out} == lost_sentences
    assert out.packing.sentences_packed == len(cluster.merged_texts) - len(lost_sentences)
    assert out.packing.rounds == 1 and out.packing.chunks == len(chunks)
    assert [(p.round, p.text) for p in out.packing.partial_sentences_left_out] == [(1, rambling)] * len(lost)
    assert (f"map-reduce: no partial summary of {len(lost_sentences)} sentence(s) reached the final input "
            "(listed in packing.sentences_left_out)") in out.warnings
    data = out.packing.to_dict()
    assert data["rounds"] == 1 and data["partial_sentences_left_out"][0] == {"round": 1, "text": rambling}
    # a plain pack writes no rounds
    packed = vit5.ViT5Engine(ScriptedBackend([[SUMMARY_FROM_SOURCES], ["Lũ quét"]]), engine.resolved).summarize(
        cluster, SummarizeOptions(engine="vit5"))
    assert packed.packing.to_dict()["rounds"] == 0 and packed.packing.to_dict()["partial_sentences_left_out"] == []


def test_map_reduce_partials_that_all_outgrow_the_budget_are_a_usage_error(cluster_dir: Path, tiny_model_dir: Path) -> None:
    # the options let the model write partial summaries longer than its input: a usage error
    # naming the options (exit 2), not "the model failed while generating" (exit 10)
    from summarizer.errors import BadOptionError

    rambling = " ".join(["mưa lớn kéo dài"] * 30) + "."
    backend = PerInputBackend(lambda text: rambling, [[SUMMARY_FROM_SOURCES]], rounds=1)
    engine = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir)))
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=45)
    with pytest.raises(BadOptionError, match=r"no partial summary sentence fits the input budget of 45 tokens "
                                             r"\(raise --max-input-tokens or lower --max-new-tokens\)"):
        engine.summarize(prepare(cluster_dir, options), options)


def test_map_reduce_partials_follow_the_minimum_share_and_over_long_sentences_are_warned(
        cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, backend = scripted_engine(tiny_model_dir, [
        ["Lũ quét ở Phước Sơn."],  # map
        [SUMMARY_FROM_SOURCES],  # reduce
        ["Lũ quét ở Phước Sơn, 12 người mất tích"],  # headline
    ])
    budget = 14
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=budget)
    cluster = prepare(cluster_dir, options)
    out = engine.summarize(cluster, options)
    map_inputs, partial = backend.calls[0]
    shortest = min(backend.count_tokens(text) for text in map_inputs)
    # a chunk of a few tokens is not padded out to the default minimum of 64 new tokens
    assert partial.min_new_tokens == options.generation.min_tokens(shortest) < options.generation.effective_min_new_tokens
    too_long = [t for t in cluster.merged_texts if backend.count_tokens(t) > budget]
    assert too_long and len(out.packing.sentences_left_out) == len(too_long)
    assert (f"map-reduce: {len(too_long)} sentence(s) longer than the input budget of {budget} tokens left out "
            "(listed in packing.sentences_left_out)") in out.warnings


def test_a_skipped_headline_pass_is_said_in_the_warnings_and_generation(cluster_dir: Path, tiny_model_dir: Path) -> None:
    rambling = "Chiều 14/2, " + "mưa lớn kéo dài " * 12 + "ở Phước Sơn."  # one sentence, longer than the budget
    engine, backend = scripted_engine(tiny_model_dir, [[rambling]])  # no headline call follows
    budget = 30
    assert backend.count_tokens(rambling) > budget
    options = SummarizeOptions(engine="vit5").with_changes(model__max_input_tokens=budget)
    out = engine.summarize(prepare(cluster_dir, options), options)
    assert len(backend.calls) == 1  # the summary pass only
    assert (f"the summary is too long for a headline pass (input budget {budget} tokens): the headline is chosen "
            "from the reports' titles only") in out.warnings
    assert out.generation["headline"] is None and out.title_origin == "source"


def test_postprocess_strips_tokens_spaces_and_repeats() -> None:
    raw = "<pad> Lũ quét ở Phước Sơn . Lũ quét ở Phước Sơn . 12 người mất tích ( theo báo cáo ) !</s>"
    assert vit5.postprocess(raw) == ["Lũ quét ở Phước Sơn.", "12 người mất tích (theo báo cáo)!"]


def test_postprocess_closes_a_quotation_the_model_left_open() -> None:
    raw = "Ông nói: “Chúng tôi sẽ khắc phục. Người dân yên tâm.</s>"
    assert vit5.postprocess(raw) == ["Ông nói: “Chúng tôi sẽ khắc phục.", "Người dân yên tâm.”"]


def test_alignment_points_at_resembling_source_sentences(cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, _ = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    out = engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    first, second = out.sentences
    assert first.text == "Chiều 14/2, lũ quét xảy ra tại huyện Phước Sơn, tỉnh Quảng Nam."
    assert first.aligned and {(r.file, r.index) for r in first.sources} >= {("a.txt", 0), ("b.txt", 0)}
    assert ("a.txt", 2) in {(r.file, r.index) for r in second.sources}
    assert not any("resemble no source sentence" in w for w in out.warnings)


def test_a_generated_sentence_resembling_no_source_cites_none(cluster_dir: Path, tiny_model_dir: Path) -> None:
    # it shares a few everyday words with the reports ("của", "người", "tỉnh"), nothing they tell
    unrelated = "Giá vàng trong nước hôm nay tăng mạnh theo đà của thị trường thế giới, người mua đổ xô đi mua."
    engine, _ = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES + " " + unrelated], ["Lũ quét ở Phước Sơn"]])
    out = engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert [s.text for s in out.sentences][-1] == unrelated
    assert out.sentences[-1].sources == () and out.sentences[0].sources
    assert "1 generated sentence(s) resemble no source sentence" in out.warnings


def test_model_headline_wins_and_invented_number_is_flagged(cluster_dir: Path, tiny_model_dir: Path) -> None:
    summary = SUMMARY_FROM_SOURCES + " Có 99 ngôi nhà bị cuốn trôi."
    engine, backend = scripted_engine(tiny_model_dir, [
        [summary],
        ["Lũ quét ở Phước Sơn, 12 người mất tích ở Quảng Nam", "theo ông An"],
    ])
    out = engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert len(backend.calls) == 2  # summary pass, then the headline pass over the summary
    headline_inputs, headline_request = backend.calls[1]
    assert headline_inputs == [" ".join(s.text for s in out.sentences)]
    assert headline_request.num_return_sequences == 4 and headline_request.max_new_tokens == 24
    assert out.title_origin == "model"
    assert out.title == "Lũ quét ở Phước Sơn, 12 người mất tích ở Quảng Nam"
    assert {c.origin for c in out.title_candidates} == {"model", "source"}
    assert "unsupported number in the summary: '99' appears in no source report" in out.warnings
    assert not any("'12'" in w or "Phước Sơn" in w for w in out.warnings)


def test_a_summary_of_words_no_report_holds_is_said_to_come_from_a_broken_model(
        cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, _ = scripted_engine(tiny_model_dir, [
        ["Ống ống chuy chuy ZZZ ẳẳẳ đặ đặ bả bả giá áng áng êm hú Lũ quét."], ["Lũ quét ở Phước Sơn"]])
    out = engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert any(w.startswith("the model's summary looks broken: ") for w in out.warnings), out.warnings
    fine, _ = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    assert not any("looks broken" in w for w in fine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5")).warnings)


def test_empty_generation_is_an_error(cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, _ = scripted_engine(tiny_model_dir, [["<pad> . "]])
    with pytest.raises(GenerationError, match="empty summary"):
        engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))


def test_torch_backend_options(tiny_model_dir: Path) -> None:
    import torch

    from summarizer.engines.torch_backend import TorchBackend

    resolved = resolve_model(str(tiny_model_dir))
    if not torch.cuda.is_available():
        with pytest.raises(DeviceError, match="cuda"):
            TorchBackend.load(resolved, device="cuda")
    with pytest.raises(DeviceError, match="ctranslate2"):  # exit 9, as every backend's unavailable precision
        TorchBackend.load(resolved, precision="int8", device="cpu")
    backend = TorchBackend.load(resolved, device="cpu")
    kwargs = backend.generation_kwargs(GenerateRequest(num_beams=4, max_new_tokens=9, min_new_tokens=2,
                                                       no_repeat_ngram_size=3, length_penalty=0.5,
                                                       num_return_sequences=2))
    assert kwargs == {"do_sample": False, "num_beams": 4, "max_new_tokens": 9, "min_new_tokens": 2,
                      "no_repeat_ngram_size": 3, "num_return_sequences": 2, "use_cache": True,
                      "length_penalty": 0.5, "early_stopping": True}
    out = backend.generate(["Lũ quét ở Phước Sơn."], GenerateRequest(num_beams=2, max_new_tokens=6,
                                                                      min_new_tokens=6, num_return_sequences=2))
    assert len(out) == 1 and len(out[0]) == 2


def test_torch_backend_keeps_transformers_notices_off_stderr(tmp_path: Path, caplog) -> None:
    """transformers 5 warns, loading a ViT5-large-like model, that it will not tie what the config
    never asked to tie; the user sees that only with --verbose."""
    from summarizer.engines.torch_backend import TorchBackend

    model = build_untied_model(tmp_path / "untied")
    caplog.set_level(logging.WARNING, logger="summarizer")
    with transformers_records() as records:
        TorchBackend.load(resolve_model(str(model)), precision="float32", device="cpu")
    assert records == []
    caplog.set_level(logging.DEBUG, logger="summarizer")
    with transformers_records() as records:
        TorchBackend.load(resolve_model(str(model)), precision="bfloat16", device="cpu")
    assert any("tie" in r.getMessage() for r in records)


def test_torch_backend_generates_from_the_request_alone(tiny_model_dir: Path, tmp_path: Path, caplog) -> None:
    """A fine-tuned checkpoint's generation defaults (max_length, repetition_penalty, beams...)
    change nothing on the torch backend, as on the others, and draw no warning."""
    from summarizer.engines.torch_backend import TorchBackend

    tuned_dir = copy_model_files(tiny_model_dir, tmp_path / "tuned")
    path = tuned_dir / "generation_config.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "max_length": 256, "repetition_penalty": 3.0,
                                "no_repeat_ngram_size": 2, "length_penalty": 2.0, "num_beams": 4}))
    request = GenerateRequest(num_beams=1, max_new_tokens=24)
    expected = TorchBackend.load(resolve_model(str(tiny_model_dir)), precision="float32", device="cpu").generate(INPUTS, request)
    caplog.set_level(logging.WARNING, logger="summarizer")
    with transformers_records() as records:
        tuned = TorchBackend.load(resolve_model(str(tuned_dir)), precision="float32", device="cpu")
        assert tuned.generate(INPUTS, request) == expected
    assert records == []


def test_bfloat16_on_cpu(tiny_model_dir: Path) -> None:
    import torch

    from summarizer.engines.torch_backend import TorchBackend

    backend = TorchBackend.load(resolve_model(str(tiny_model_dir)), precision="bfloat16", device="cpu")
    assert backend.precision == "bfloat16" and backend.model.dtype == torch.bfloat16
    assert len(backend.generate(["Lũ quét."], GenerateRequest(num_beams=1, max_new_tokens=3))[0]) == 1


@pytest.mark.parametrize(("ort", "cc", "ct2", "cuda", "device", "expected"), [
    (True, True, True, 0, "auto", "native"),  # CPU: the fastest installed backend
    (True, False, True, 0, "auto", "onnxruntime"),  # no C compiler for the native step
    (True, True, True, 0, "cpu", "native"),
    (True, True, True, 1, "cpu", "native"),
    (True, True, True, 1, "auto", "ctranslate2"),  # a GPU CTranslate2 can use
    (True, True, True, 0, "cuda", "ctranslate2"),  # onnxruntime and native run on the CPU only
    (True, True, False, 0, "cuda", "torch"),
    (False, True, True, 0, "auto", "ctranslate2"),  # native needs onnxruntime's encoder
    (True, False, False, 0, "auto", "onnxruntime"),
    (False, True, False, 0, "auto", "torch"),
])
def test_auto_backend_choice(monkeypatch, ort: bool, cc: bool, ct2: bool, cuda: int, device: str, expected: str) -> None:
    from summarizer.engines import ct2_backend, ort_backend, t5_native

    monkeypatch.setattr(ort_backend, "available", lambda: ort)
    monkeypatch.setattr(t5_native, "compiler_available", lambda: cc)
    monkeypatch.setattr(ct2_backend, "available", lambda: ct2)
    monkeypatch.setattr(ct2_backend, "cuda_devices", lambda: cuda)
    assert vit5.pick_backend("auto", device) == expected
    assert vit5.pick_backend("torch", device) == "torch"


def test_auto_backend_follows_the_precision_asked_for(monkeypatch) -> None:
    from summarizer.engines import ct2_backend, ort_backend, t5_native

    monkeypatch.setattr(ort_backend, "available", lambda: True)
    monkeypatch.setattr(t5_native, "compiler_available", lambda: True)
    monkeypatch.setattr(ct2_backend, "available", lambda: True)
    monkeypatch.setattr(ct2_backend, "cuda_devices", lambda: 0)
    monkeypatch.setattr(ct2_backend, "supported_precisions", lambda device: ["int8", "int8_float32", "float32"])
    assert vit5.pick_backend("auto", "auto", "int8") == "native"
    assert vit5.pick_backend("auto", "auto", "int8_float32") == "ctranslate2"  # native does not run it
    assert vit5.pick_backend("auto", "auto", "bfloat16") == "torch"  # nor CTranslate2 on this CPU
    monkeypatch.setattr(ct2_backend, "available", lambda: False)
    assert vit5.pick_backend("auto", "auto", "int8_float32") == "native"  # none runs it: the first says so


def test_torch_runs_a_checkpoint_with_more_decoder_than_encoder_layers(tmp_path: Path) -> None:
    """transformers sizes its cache by the encoder's layers: such a checkpoint failed with
    "internal error: IndexError" (exit 70). It runs, as transformers does without a cache."""
    import dataclasses

    import torch

    from summarizer.engines import torch_backend
    from summarizer.tiny import SIZES, build_model

    shape = SIZES["tiny"]
    folder = build_model(tmp_path / "asym", size=dataclasses.replace(shape, num_decoder_layers=shape.num_layers + 1))
    torch_backend.clear_cache()
    backend = torch_backend.TorchBackend.load(resolve_model(str(folder)), device="cpu")
    for request in (GenerateRequest(num_beams=1, max_new_tokens=12),
                    GenerateRequest(num_beams=4, max_new_tokens=12, no_repeat_ngram_size=3, num_return_sequences=2)):
        got = backend.generate(INPUTS[:2], request)
        settings = {**backend.generation_kwargs(request), "use_cache": False}
        with torch.inference_mode():
            output = backend.model.generate(**backend.tokenizer(INPUTS[:2], return_tensors="pt", padding=True),
                                            **settings)
        texts = backend.tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        per = request.num_return_sequences
        assert got == [texts[i * per:(i + 1) * per] for i in range(2)]
    torch_backend.clear_cache()


def _all_backends_installed(monkeypatch, *, compiler: bool = True) -> None:
    from summarizer.engines import ct2_backend, ort_backend, t5_native

    monkeypatch.setattr(ort_backend, "available", lambda: True)
    monkeypatch.setattr(t5_native, "compiler_available", lambda: compiler)
    monkeypatch.setattr(ct2_backend, "available", lambda: True)
    monkeypatch.setattr(ct2_backend, "cuda_devices", lambda: 0)


def _mt5_copy(tiny_model_dir: Path, target: Path) -> Path:
    """The tiny model with config.json saying mT5 (its weights' layout is T5's)."""
    folder = copy_model_files(tiny_model_dir, target)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "mt5"}))
    return folder


def test_auto_backend_runs_an_mt5_checkpoint_on_a_backend_that_runs_it(tiny_model_dir: Path, tmp_path: Path,
                                                                       monkeypatch) -> None:
    """auto chose native for an mT5 checkpoint, which only torch runs: exit 8 where --backend torch ran."""
    _all_backends_installed(monkeypatch)
    assert vit5.pick_backend("auto", "auto", "auto", "t5") == "native"
    assert vit5.pick_backend("auto", "auto", "auto", "mt5") == "torch"
    assert vit5.pick_backend("auto", "auto", "int8", "mt5") == "torch"  # torch says it cannot, as it loads
    folder = _mt5_copy(tiny_model_dir, tmp_path / "mt5")
    vit5.clear_engines()
    try:
        engine = vit5.load_engine(ModelOptions(model=str(folder), backend="auto", device="cpu"))
        assert engine.backend.name == "torch" and engine.notices == ()  # native was never a choice: nothing to say
    finally:
        vit5.clear_engines()


def test_auto_says_why_the_native_backend_is_passed_over_without_a_c_compiler(
        cluster_dir: Path, tiny_model_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """Without a C compiler auto ran ONNX Runtime and said nothing, where the README promises a warning."""
    loaded: list[str] = []

    def load_backend(name: str, resolved, **kwargs):
        loaded.append(name)
        return ScriptedBackend([[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])

    monkeypatch.setattr(vit5, "load_backend", load_backend)
    _all_backends_installed(monkeypatch, compiler=False)
    notice = "no C compiler found (cc, gcc, clang or $CC) to build the native backend; running on onnxruntime instead"
    vit5.clear_engines()
    try:
        options = SummarizeOptions(engine="vit5", model=ModelOptions(model=str(tiny_model_dir)))
        assert notice in summarize(cluster_dir, options).warnings and loaded == ["onnxruntime"]
        for backend in ("onnxruntime", "torch"):  # named: nothing passed over
            named = options.with_changes(model__backend=backend)
            assert not any("C compiler" in w for w in summarize(cluster_dir, named).warnings)
        mt5 = options.with_changes(model__model=str(_mt5_copy(tiny_model_dir, tmp_path / "mt5")))
        assert not any("C compiler" in w for w in summarize(cluster_dir, mt5).warnings)  # native does not run it
        assert loaded[-1] == "torch"
    finally:
        vit5.clear_engines()


def test_named_backend_must_be_known() -> None:
    with pytest.raises(BadOptionError, match="choose one of"):
        vit5.pick_backend("onnx")


# ---------------------------------------------------------------------------- CLI


def _cli(*args: str):
    from typer.testing import CliRunner

    from summarizer.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


FAST = ("--backend", "torch", "--max-new-tokens", "16", "--min-new-tokens", "4", "--format", "json")


def test_cli_engine_vit5_end_to_end(cluster_dir: Path, tiny_model_dir: Path) -> None:
    result = _cli(cluster_dir, "--engine", "vit5", "--model", tiny_model_dir, *FAST)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "vit5" and data["backend"] == "torch"
    assert data["model"] == str(tiny_model_dir)
    assert data["model_path"] == str(tiny_model_dir.resolve())
    assert set(data["packing"]) >= {"token_budget", "tokens_packed", "sentences_packed", "sentences_left_out", "input"}
    assert data["title_origin"] in ("model", "source")
    assert data["generation"]["summary"]["max_new_tokens"] == 16
    assert data["generation"]["summary"]["min_new_tokens"] == 4


def test_cli_says_on_stderr_what_the_model_input_left_out(cluster_dir: Path, tiny_model_dir: Path) -> None:
    # text output too: before, only --format json's packing showed it
    budget = ("--max-input-tokens", "60")
    result = _cli(cluster_dir, "--engine", "vit5", "--model", tiny_model_dir, *FAST[:-2], *budget)
    assert result.exit_code == 0, result.output
    data = json.loads(_cli(cluster_dir, "--engine", "vit5", "--model", tiny_model_dir, *FAST, *budget).stdout)
    left, packed = len(data["packing"]["sentences_left_out"]), data["packing"]["sentences_packed"]
    assert left > 0
    assert (f"model input: {left} of {left + packed} sentences left out ({data['packing']['tokens_packed']} of 60 "
            "tokens used; listed under packing in --format json; --strategy map-reduce reads them all)") in result.stderr
    whole = _cli(cluster_dir, "--engine", "vit5", "--model", tiny_model_dir, *FAST[:-2], "--max-input-tokens", "4000")
    assert whole.exit_code == 0 and "model input:" not in whole.stderr  # nothing left out: nothing said


def test_cli_engine_auto_picks_vit5_when_the_model_resolves(cluster_dir: Path, tiny_model_dir: Path) -> None:
    result = _cli(cluster_dir, "--model", tiny_model_dir, *FAST)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "vit5"
    assert not any("extractive" in w for w in data["warnings"])


def test_cli_vit5_errors_are_one_line(cluster_dir: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch

    missing = _cli(cluster_dir, "--engine", "vit5", "--model", tmp_path / "nope", "--backend", "torch")
    assert missing.exit_code == 7 and "does not exist" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    if not torch.cuda.is_available():
        cuda = _cli(cluster_dir, "--engine", "vit5", "--model", tiny_model_dir, "--backend", "torch", "--device", "cuda")
        assert cuda.exit_code == 9 and "cuda" in cuda.stderr
        assert len(cuda.stderr.strip().splitlines()) == 1


def test_limits_beyond_the_checkpoint_are_warned(cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, _ = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    options = SummarizeOptions(engine="vit5").with_changes(model__max_input_tokens=600)
    out = engine.summarize(prepare(cluster_dir), options)
    assert "input budget 600 exceeds the model's 512 input tokens" in out.warnings
    assert out.packing.token_budget == 600


def test_min_new_tokens_lowered_for_a_short_input(cluster_dir: Path, tiny_model_dir: Path) -> None:
    # the default minimum (64 new tokens) would pad a summary of this ~120-token input out to half its length
    engine, backend = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    options = SummarizeOptions(engine="vit5")
    out = engine.summarize(prepare(cluster_dir, options), options)
    summary_request = backend.calls[0][1]
    tokens = out.packing.tokens_packed
    expected = int(options.generation.min_new_share * tokens)
    assert 0 < expected < options.generation.effective_min_new_tokens
    assert summary_request.min_new_tokens == expected == out.length.minimum
    assert summary_request.max_new_tokens == options.generation.max_new_tokens == out.length.budget
    # the scripted model ended its summary itself: the token limit set nothing
    assert (out.length.unit, out.length.input, out.length.limited_by) == ("tokens", tokens, "end_of_sequence")
    assert out.generation["summary"]["min_new_tokens"] == expected
    # a long enough input keeps the configured minimum
    assert options.generation.min_tokens(1000) == options.generation.effective_min_new_tokens


def test_a_report_without_periods_is_packed_in_pieces_not_refused(write_reports, tiny_model_dir: Path) -> None:
    # 640 words and not one sentence end: whole, it would exceed the 512-token budget
    clause = "lực lượng cứu hộ tiếp tục tìm kiếm người mất tích ở Phước Sơn trong đêm,"
    body = " ".join([clause] * 40)
    folder = write_reports({"a.txt": "Tìm kiếm người mất tích\n" + body + "\n", "b.txt": REPORT_B})
    engine, backend = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    options = SummarizeOptions(engine="vit5").with_changes(model__max_input_tokens=512)
    cluster = prepare(folder, options)
    out = engine.summarize(cluster, options)
    assert out.packing.tokens_packed <= 512
    assert out.packing.sentences_packed >= 2
    pieces = [s.text for s in cluster.sentences if s.file == "a.txt"]
    assert len(pieces) == 4 and " ".join(pieces) == body  # 12 clauses (192 words) a piece
    assert any(p in out.packing.input for p in pieces)


def test_max_sentences_cuts_the_generated_summary_and_says_so(cluster_dir: Path, tiny_model_dir: Path) -> None:
    three = SUMMARY_FROM_SOURCES + " Lực lượng cứu hộ gồm hơn 200 người được huy động trong đêm."
    engine, _ = scripted_engine(tiny_model_dir, [[three], ["Lũ quét ở Phước Sơn"]])
    options = SummarizeOptions(engine="vit5", max_sentences=2)
    out = engine.summarize(prepare(cluster_dir, options), options)
    assert len(out.sentences) == 2 and out.length.max_sentences == 2
    assert "the model wrote 3 sentences; the first 2 are kept (--max-sentences)" in out.warnings


def test_a_minimum_given_is_lowered_for_a_short_input_with_a_warning(cluster_dir: Path, tiny_model_dir: Path) -> None:
    engine, backend = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    options = SummarizeOptions(engine="vit5").with_changes(generation__min_new_tokens=200)
    out = engine.summarize(prepare(cluster_dir, options), options)
    tokens = out.packing.tokens_packed
    lowered = int(options.generation.min_new_share * tokens)
    assert backend.calls[0][1].min_new_tokens == lowered == out.length.minimum < 200
    assert (f"the minimum of 200 new tokens (--min-new-tokens) was lowered to {lowered}: 0.3 of the model input's "
            f"{tokens} tokens (min_new_share), so a short input is not padded out") in out.warnings
    # the default minimum gives way as documented, unsaid
    engine, _ = scripted_engine(tiny_model_dir, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])
    default = engine.summarize(prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert default.length.minimum == lowered and not any("lowered" in w for w in default.warnings)


def test_a_backend_fallback_is_in_every_results_warnings_and_said_once_on_stderr(
        cluster_dir: Path, tiny_model_dir: Path, monkeypatch) -> None:
    def load_backend(name: str, resolved, **kwargs):
        if name == "native":
            raise NativeBuildError("cannot run the C compiler cc: not found")
        return ScriptedBackend([[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]])

    monkeypatch.setattr(vit5, "load_backend", load_backend)
    monkeypatch.setattr(vit5, "pick_backend", lambda requested, device="auto", precision="auto", model_type=None:
                        "native" if requested == "auto" else requested)
    notice = "cannot run the C compiler cc: not found; running on onnxruntime instead"
    options = SummarizeOptions(engine="vit5", model=ModelOptions(model=str(tiny_model_dir)))
    vit5.clear_engines()
    try:
        assert notice in summarize(cluster_dir, options).warnings
        assert notice in summarize(cluster_dir, options).warnings  # the engine is loaded once: each result says it
        vit5.clear_engines()
        result = _cli(cluster_dir, "-e", "vit5", "-m", tiny_model_dir, "--format", "json")
        assert result.exit_code == 0, result.output
        assert notice in json.loads(result.stdout)["warnings"]
        assert result.stderr.count(notice) == 1, result.stderr  # the warning line, not the log record as well
    finally:
        vit5.clear_engines()


class LimitedBackend(PerInputBackend):
    """A PerInputBackend that says which sequences the token limit cut: ``cut(text)`` for each
    answer (of the map rounds, the final pass and the headline pass alike)."""

    def __init__(self, partial, replies: list[list[str]], rounds: int, cut) -> None:
        super().__init__(partial, replies, rounds)
        self.cut = cut
        self.last_finished: tuple[bool, ...] = ()

    def generate(self, inputs: list[str], request) -> list[list[str]]:
        outputs = super().generate(inputs, request)
        self.last_generated = tuple(self.count_tokens(t) for texts in outputs for t in texts)
        self.last_finished = tuple(not self.cut(t) for texts in outputs for t in texts)
        return outputs


CUT_SUMMARY = "Chiều 14/2, lũ quét xảy ra tại huyện Phước Sơn, tỉnh Quảng Nam. Ông Nguyễn Văn An đã đến hiện trường chỉ"


@pytest.mark.parametrize(("cut", "summary", "sentences", "said"), [
    (True, CUT_SUMMARY, 1, "the summary reached --max-new-tokens (256) before the model ended it: its unfinished "
                           "last sentence was dropped"),
    (True, CUT_SUMMARY.rsplit(". ", 1)[1], 1, "the summary reached --max-new-tokens (256) before the model ended it "
                                               "and ends mid-sentence (raise --max-new-tokens)"),
    (True, SUMMARY_FROM_SOURCES, 2, "the summary reached --max-new-tokens (256) before the model ended it (raise "
                                    "--max-new-tokens for a longer one)"),
    (False, CUT_SUMMARY, 2, None),  # the model ended it there: nothing is dropped
])
def test_a_summary_the_token_limit_cut_is_said_and_loses_its_unfinished_sentence(
        cluster_dir: Path, tiny_model_dir: Path, cut: bool, summary: str, sentences: int, said: str | None) -> None:
    """A summary cut at --max-new-tokens ended mid-sentence without a word, and length.limited_by
    said max_new_tokens even when the model had ended the summary itself."""
    backend = LimitedBackend(None, [[summary], ["Lũ quét ở Phước Sơn"]], rounds=0, cut=lambda text: cut and text == summary)
    out = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir))).summarize(
        prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert len(out.sentences) == sentences
    assert [w for w in out.warnings if "max-new-tokens" in w] == ([said] if said else [])
    assert out.length.limited_by == ("max_new_tokens" if cut else "end_of_sequence")


def test_a_model_headline_the_token_limit_cut_is_said(cluster_dir: Path, tiny_model_dir: Path) -> None:
    headline = "Lũ quét ở Phước Sơn, 12 người mất tích ở Quảng Nam"
    for cut in (True, False):
        backend = LimitedBackend(None, [[SUMMARY_FROM_SOURCES], [headline, "theo ông An"]], rounds=0,
                                 cut=lambda text: cut and text == headline)
        out = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir))).summarize(
            prepare(cluster_dir), SummarizeOptions(engine="vit5"))
        assert out.title == headline and out.title_origin == "model"
        warned = ("the headline reached the headline pass's max_new_tokens (24) before the model ended it, and may "
                  "be cut short") in out.warnings
        assert warned == cut and out.length.limited_by == "end_of_sequence"
    # a headline shown mended (its lopsided dash spaced) is the one that was cut all the same
    lopsided = "Lũ quét ở Phước Sơn- 12 người mất tích ở Quảng Nam"
    backend = LimitedBackend(None, [[SUMMARY_FROM_SOURCES], [lopsided, "theo ông An"]], rounds=0,
                             cut=lambda text: text == lopsided)
    out = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir))).summarize(
        prepare(cluster_dir), SummarizeOptions(engine="vit5"))
    assert out.title == "Lũ quét ở Phước Sơn - 12 người mất tích ở Quảng Nam" and out.title_origin == "model"
    assert any(w.startswith("the headline reached the headline pass's max_new_tokens") for w in out.warnings)


def test_map_reduce_partials_the_token_limit_cut_lose_their_unfinished_sentence(cluster_dir: Path,
                                                                                tiny_model_dir: Path) -> None:
    partial = "Lũ quét ở Phước Sơn. Ông An đến hiện"
    backend = LimitedBackend(lambda text: partial, [[SUMMARY_FROM_SOURCES], ["Lũ quét ở Phước Sơn"]], rounds=1,
                             cut=lambda text: text == partial)
    options = SummarizeOptions(engine="vit5").with_changes(model__strategy="map-reduce", model__max_input_tokens=45)
    out = vit5.ViT5Engine(backend, resolve_model(str(tiny_model_dir))).summarize(prepare(cluster_dir, options), options)
    chunks = out.packing.chunks
    assert chunks > 1 and out.packing.rounds == 1
    final_input = backend.calls[1][0][0]
    assert "Ông An đến hiện" not in final_input and "Lũ quét ở Phước Sơn." in final_input
    room = backend.calls[0][1].max_new_tokens
    assert (f"map-reduce round 1: {chunks} partial summary(ies) reached the token limit of {room} before the model "
            f"ended them; the unfinished last sentence of {chunks} was dropped") in out.warnings


def test_torch_says_when_the_token_limit_cut_the_summary(cluster_dir: Path, tiny_options: SummarizeOptions) -> None:
    """The tiny random model cannot end a summary before min_new_tokens, here max_new_tokens too."""
    options = tiny_options.with_changes(generation__max_new_tokens=8, generation__min_new_tokens=8,
                                        generation__min_new_share=1.0)
    result = summarize(cluster_dir, options)
    assert result.length.limited_by == "max_new_tokens"
    assert any(w.startswith("the summary reached --max-new-tokens (8) before the model ended it") for w in result.warnings)
