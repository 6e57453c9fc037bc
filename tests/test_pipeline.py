"""The whole pipeline on the bundled sample and on the two real reports in ../shared."""

from __future__ import annotations

import json
from itertools import combinations
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import VIET_NGA, requires_viet_nga
from summarizer import SummarizeOptions, TextReport, prepare, summarize
from summarizer.errors import BadOptionError, EmptyFolderError, NoReadableReportsError
from summarizer.engines.base import EngineOutput
from summarizer.normalize import apply_corrections, match_key
from summarizer.pipeline import STAGES
from summarizer.result import SummarySentence

EXTRACTIVE = SummarizeOptions(engine="extractive")


def bigrams(text: str) -> set[tuple[str, str]]:
    words = [w.strip('.,;:!?"()').lower() for w in text.split()]
    return set(zip(words, words[1:]))


def assert_no_repeated_fact(sentences: list[str], limit: float = 0.5) -> None:
    for a, b in combinations(sentences, 2):
        ba, bb = bigrams(a), bigrams(b)
        overlap = len(ba & bb) / max(1, min(len(ba), len(bb)))
        assert overlap < limit, (a, b)


def test_sample_summary_is_grounded_and_deduplicated(sample_dir: Path) -> None:
    result = summarize(sample_dir, EXTRACTIVE)
    assert result.engine == "extractive" and result.title_origin == "source"
    # a report's own title, with the tone marks placed as most reports place them
    assert match_key(result.title) in {match_key(s.title) for s in result.sources}
    assert_no_repeated_fact([s.text for s in result.sentences])
    assert result.dedup.words_after < 0.85 * result.dedup.words_before
    # the name typo both reports copied is corrected from the cluster-wide count
    text = result.title + " " + result.summary
    assert "Nguyễn Văn Thàn " not in text + " "
    assert any("Nguyễn Văn Thàn" in w and "Nguyễn Văn Thành" in w for w in result.warnings)
    # credits and captions are kept as sources, not summarized
    credits = {c for s in result.sources for c in s.credits}
    assert any("TTXVN" in c for c in credits)
    assert "Ảnh:" not in result.summary
    # report A writes "Hoà Xuân", reports B and C (4 times) "Hòa Xuân": the output uses one style
    text = result.title + " " + result.summary + " " + " ".join(c.text for c in result.title_candidates)
    assert "Hòa Xuân" in text and "Hoà" not in text
    assert any("'hoà' -> 'hòa'" in w for w in result.warnings)
    assert set(result.timings) >= {"load", "split", "dedup", "engine", "total"}


def test_prepare_maps_every_sentence_to_one_group(sample_dir: Path) -> None:
    cluster = prepare(sample_dir, EXTRACTIVE)
    seen = sorted(i for g in cluster.dedup.groups for i in g.members)
    assert seen == list(range(len(cluster.sentences)))


def test_stages_are_reported_in_order_as_they_start(sample_dir: Path) -> None:
    stages: list[str] = []
    result = summarize(sample_dir, EXTRACTIVE, on_stage=stages.append)
    assert stages == list(STAGES)  # engine_load, load, split, normalize, dedup, engine
    assert set(STAGES) <= set(result.timings)


def test_injected_engine_is_used(sample_dir: Path) -> None:
    class EchoFirst:
        name = "extractive"

        def summarize(self, cluster, options) -> EngineOutput:
            first = cluster.dedup.groups[0]
            return EngineOutput(
                sentences=(SummarySentence(first.text, ()),), title="T", title_origin="source", title_candidates=()
            )

    result = summarize(sample_dir, EXTRACTIVE, engine=EchoFirst())
    cluster = prepare(sample_dir, EXTRACTIVE)
    # the engine's text as the user reads it: tone marks placed the cluster's way (hoà -> hòa)
    assert cluster.tone_style == {"Hoà": "Hòa"}
    assert result.summary == apply_corrections(cluster.dedup.groups[0].text, cluster.tone_style)


@requires_viet_nga
def test_viet_nga_done_when() -> None:
    result = summarize(VIET_NGA, EXTRACTIVE)
    assert result.title and "\n" not in result.title
    assert_no_repeated_fact([s.text for s in result.sentences])
    stats = result.dedup
    assert stats.reports == 2
    assert stats.words_after < 0.8 * stats.words_before, stats
    text = result.title + " " + result.summary
    assert "Quanh Thanh" not in text
    assert any("Phùng Quanh Thanh" in w and "Phùng Quang Thanh" in w for w in result.warnings), result.warnings
    titles = {s.file: s.title for s in result.sources}
    assert all(titles.values()), titles  # both titles found, the glued one too


def test_reports_held_in_memory_summarize_as_their_files_do(sample_dir: Path) -> None:
    files = sorted(sample_dir.glob("*.txt"))
    from_files = summarize(sample_dir, EXTRACTIVE)
    as_text = summarize([TextReport(p.name, p.read_text(encoding="utf-8")) for p in files], EXTRACTIVE)
    as_bytes = summarize([TextReport(p.name, p.read_text(encoding="utf-8").encode("utf-16")) for p in files], EXTRACTIVE)
    for result in (as_text, as_bytes):
        assert (result.title, result.summary) == (from_files.title, from_files.summary)
        assert [s.file for s in result.sources] == [p.name for p in files]
        assert [r.file for s in result.sentences for r in s.sources] == [r.file for s in from_files.sentences for r in s.sources]
    assert {s.encoding for s in as_text.sources} == {"str"}
    assert {s.encoding for s in as_bytes.sources} == {"utf-16"}


def test_an_in_memory_report_is_read_by_its_names_format(sample_dir: Path) -> None:
    first, *rest = sorted(sample_dir.glob("*.txt"))
    title, body = first.read_text(encoding="utf-8").split("\n", 1)
    page = f"<html><head><title>{title} - Báo X</title></head><body><nav>Trang chủ | Thời sự</nav>" \
           f"<article><h1>{title}</h1>" + "".join(f"<p>{line}</p>" for line in body.splitlines() if line) + \
           "</article></body></html>"
    items = [TextReport("trang.html", page.encode("utf-8"))] + [TextReport(p.name, p.read_text(encoding="utf-8")) for p in rest]
    loaded = prepare(items, EXTRACTIVE).loaded
    assert loaded.reports[0].file == "trang.html" and loaded.reports[0].title == title
    assert "Trang chủ" not in loaded.reports[0].body
    from_file = prepare(sample_dir, EXTRACTIVE).loaded.reports[0]
    assert (loaded.reports[0].body, loaded.reports[0].credits) == (from_file.body, from_file.credits)


def test_in_memory_reports_refuse_repeated_names_and_mixed_sources(sample_dir: Path) -> None:
    text = (sample_dir / "01-bao-a.txt").read_text(encoding="utf-8")
    with pytest.raises(BadOptionError, match="'a'"):
        summarize([TextReport("a", text), TextReport("a", text)], EXTRACTIVE)
    with pytest.raises(BadOptionError, match="not both"):
        summarize([TextReport("a", text), sample_dir / "02-bao-b.txt"], EXTRACTIVE)
    with pytest.raises(EmptyFolderError):
        summarize([], EXTRACTIVE)


def test_an_unreadable_in_memory_report_is_skipped_and_listed(sample_dir: Path) -> None:
    text = (sample_dir / "01-bao-a.txt").read_text(encoding="utf-8")
    result = summarize([TextReport("a", text), TextReport("blank", " \n\n")], EXTRACTIVE)
    assert result.skipped == ({"file": "blank", "reason": "empty"},)
    with pytest.raises(NoReadableReportsError, match="blank"):
        summarize([TextReport("blank", "")], EXTRACTIVE)


def test_reports_that_do_not_read_as_vietnamese_are_flagged(tmp_path: Path) -> None:
    english = [
        TextReport("a", "Storm hits the coast\nA powerful storm hit the coast on Monday, killing three people. "
                        "Officials said power was cut to 10,000 homes."),
        TextReport("b", "Three dead as storm strikes\nThree people died when a storm struck the coast on Monday. "
                        "About 10,000 homes lost power, officials said."),
    ]
    flagged = [w for w in summarize(english, SummarizeOptions(engine="extractive")).warnings
               if "do not read as Vietnamese" in w]
    assert flagged == ["the reports do not read as Vietnamese (0% of their words carry a Vietnamese letter, under "
                       "10%): another language, or Vietnamese typed without diacritics; the summary may be poor"]


def test_a_report_in_another_language_among_vietnamese_ones_is_left_out(tmp_path: Path) -> None:
    reports = [
        TextReport("en", "Fire at Binh Tay market\nA large fire broke out early on March 12 at Binh Tay market, "
                         "destroying 120 stalls. No one was hurt, officials said."),
        TextReport("vi", "Cháy chợ Bình Tây\nKhoảng 4h sáng 12/3, lửa bốc lên từ khu sạp vải của chợ Bình Tây. "
                         "Lực lượng cảnh sát PCCC đã huy động 15 xe chữa cháy. Rất may vụ hỏa hoạn không gây thương vong."),
        TextReport("vi2", "Chợ Bình Tây cháy lớn\nRạng sáng 12/3, chợ Bình Tây ở quận 6 bốc cháy, 120 sạp hàng bị thiêu rụi. "
                          "Đến 7h cùng ngày, đám cháy cơ bản được dập tắt."),
    ]
    result = summarize(reports, SummarizeOptions(engine="extractive"))
    reason = "does not read as Vietnamese (0% of its words carry a Vietnamese letter, under 10%)"
    assert result.skipped == ({"file": "en", "reason": reason},)
    assert "fire" not in result.summary.lower() and all(s.sources[0].file != "en" for s in result.sentences)
    kept = summarize(reports, SummarizeOptions(engine="extractive", drop_off_topic=False))
    assert f"en {reason}" in kept.warnings and not kept.skipped
    # every report in another language: none is left out, the cluster is warned about as a whole
    assert not summarize(reports[:1], SummarizeOptions(engine="extractive")).skipped
    # too few words to judge ("Hà …": no letter only Vietnamese uses), or no other report with a body: kept
    short = [TextReport("a", "Hà …"), TextReport("b", "Nội")]
    assert not summarize(short, SummarizeOptions(engine="extractive")).skipped


def test_vietnamese_reports_are_not_flagged(sample_dir: Path) -> None:
    assert not [w for w in summarize(sample_dir, SummarizeOptions(engine="extractive")).warnings
                if "Vietnamese" in w]


def test_an_empty_path_is_refused_by_the_library_too() -> None:
    for source in ("", ["a.txt", ""]):
        with pytest.raises(BadOptionError, match="empty path"):
            summarize(source, SummarizeOptions(engine="extractive"))


@pytest.mark.parametrize("change, message", [
    ({"generation__length_penalty": float("nan")}, "invalid length_penalty nan; it must be a finite number"),
    ({"headline__length_penalty": float("inf")}, "invalid headline length_penalty inf"),
    ({"generation__num_beams": float("inf")}, "invalid num_beams inf; it must be an integer"),
    ({"extractive__mmr_lambda": float("inf")}, "invalid mmr_lambda inf; it must be a finite number"),
    ({"headline__max_syllables": 0}, "invalid headline max_syllables 0; it must be > 0"),
    ({"extractive__max_word": 3}, "unknown option extractive__max_word; extractive has: .*max_words"),
    ({"extra__max_words": 3}, "unknown option section 'extra'"),
])
def test_options_refuse_values_and_names_they_cannot_use(change: dict, message: str) -> None:
    with pytest.raises(BadOptionError, match=message):
        SummarizeOptions().with_changes(**change)


@pytest.mark.parametrize("change, message", [
    ({"generation__num_beams": 1.5}, "invalid num_beams 1.5; it must be an integer"),
    ({"generation__max_new_tokens": 20.5}, "invalid max_new_tokens 20.5; it must be an integer"),
    ({"generation__no_repeat_ngram_size": 2.5}, "invalid no_repeat_ngram_size 2.5; it must be an integer"),
    ({"generation__num_beams": True}, "invalid num_beams True; it must be an integer"),
    ({"generation__length_penalty": "1"}, "invalid length_penalty '1'; it must be a number"),
    ({"generation__length_penalty": -5.0}, r"invalid length_penalty -5.0; it must be >= 0"),
    ({"headline__length_penalty": -0.5}, r"invalid headline length_penalty -0.5; it must be >= 0"),
    # beam scores in single precision overflow past these (an internal error, numpy warnings)
    ({"generation__length_penalty": 200.0}, r"invalid length_penalty 200.0; it must be at most 10.0"),
    ({"headline__length_penalty": 11.0}, r"invalid headline length_penalty 11.0; it must be at most 10.0"),
    ({"generation__max_new_tokens": 10**20}, r"invalid max_new_tokens 100000000000000000000; it must be in \[1, 2048\]"),
    ({"headline__max_new_tokens": 5000}, r"invalid headline max_new_tokens 5000; it must be in \[1, 2048\]"),
    # a search's memory grows with its beams: 100,000 had the process killed with no error line
    ({"generation__num_beams": 100_000}, r"invalid num_beams 100000; it must be in \[1, 64\]"),
    ({"headline__num_beams": 65}, r"invalid headline num_beams 65; it must be in \[1, 64\]"),
    ({"headline__num_candidates": 2.0}, "invalid headline num_candidates 2.0; it must be an integer"),
    ({"model__threads": "2"}, "invalid threads '2'; it must be an integer or None"),
    ({"model__threads": 2.5}, "invalid threads 2.5; it must be an integer or None"),
    ({"model__model": 3}, "invalid model 3; it must be a string or None"),
    ({"model__model": ""}, "empty model name"),
    ({"model__allow_pickle": "no"}, "invalid allow_pickle 'no'; it must be True or False"),
    ({"dedup__num_perm": 128.0}, "invalid num_perm 128.0; it must be an integer"),
    ({"extractive__max_share": None}, "invalid max_share None; it must be a number"),
    ({"extractive__mmr_lambda": 10**400}, "invalid mmr_lambda 1000.*; it must be a number"),  # no float holds it
    ({"max_sentences": 2.0}, "invalid max_sentences 2.0; it must be an integer or None"),
    ({"recursive": "yes"}, "invalid recursive 'yes'; it must be True or False"),
    ({"engine": None}, "invalid engine None; it must be a string"),
    ({"dedup": {"bands": 4}}, "invalid dedup .*; it must be a DedupOptions"),
])
def test_options_of_the_wrong_type_are_refused_on_construction(change: dict, message: str) -> None:
    with pytest.raises(BadOptionError, match=message) as raised:
        SummarizeOptions().with_changes(**change)
    assert "\n" not in str(raised.value)


def _options_classes() -> list[type]:
    from dataclasses import fields

    return [SummarizeOptions] + [f.default_factory for f in fields(SummarizeOptions) if callable(f.default_factory)]


@pytest.mark.parametrize("cls", _options_classes(), ids=lambda c: c.__name__)
def test_every_options_field_refuses_a_value_of_another_type(cls: type) -> None:
    """Each field of each options class is checked against its declared type: a value of a type it
    cannot be never gets past construction to fail deep inside a backend."""
    import typing
    from dataclasses import fields

    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        kinds = set(typing.get_args(hints[f.name])) or {hints[f.name]}
        wrong = "x" if str not in kinds else 1.5
        with pytest.raises(BadOptionError, match=f"invalid .*{f.name} {wrong!r}; it must be"):
            cls(**{f.name: wrong})
        if int in kinds:
            with pytest.raises(BadOptionError, match=f"invalid .*{f.name} 2.5; it must be an integer"):
                cls(**{f.name: 2.5})


def test_options_take_a_path_for_the_model_and_numpy_numbers() -> None:
    import numpy as np

    from summarizer.options import ModelOptions

    options = SummarizeOptions().with_changes(model__model=Path("models/vit5"), generation__num_beams=np.int64(2),
                                              generation__length_penalty=np.float32(0.5))
    assert options.model.model == "models/vit5" and options.model == ModelOptions(model="models/vit5")
    assert type(options.generation.num_beams) is int and type(options.generation.length_penalty) is float


def test_the_default_minimum_of_new_tokens_gives_way_to_a_smaller_maximum_in_the_library() -> None:
    from summarizer.options import DEFAULT_MIN_NEW_TOKENS, GenerationOptions

    smaller = SummarizeOptions(engine="vit5").with_changes(generation__max_new_tokens=32)
    assert smaller.generation.effective_min_new_tokens == 32
    # the default stays the default: a larger maximum later brings the default minimum back
    assert smaller.with_changes(generation__max_new_tokens=300).generation.effective_min_new_tokens == DEFAULT_MIN_NEW_TOKENS
    assert GenerationOptions(max_new_tokens=32, min_new_tokens=8).effective_min_new_tokens == 8
    with pytest.raises(BadOptionError, match=r"min_new_tokens \(64\) must not exceed max_new_tokens \(32\)"):
        GenerationOptions(max_new_tokens=32, min_new_tokens=64)  # a minimum given is never lowered silently


def test_no_options_means_the_defaults(sample_dir: Path) -> None:
    from summarizer.engines.extractive import ExtractiveEngine

    engine = ExtractiveEngine()
    assert summarize(sample_dir, None, engine=engine).to_dict()["summary"] == summarize(sample_dir, engine=engine).summary
    assert prepare(sample_dir, None).dedup.stats == prepare(sample_dir).dedup.stats
    with pytest.raises(BadOptionError, match="options must be a SummarizeOptions .*not dict"):
        summarize(sample_dir, {"engine": "extractive"})  # type: ignore[arg-type]


def test_keep_names_leaves_every_name_as_the_reports_spell_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    body = ("Bộ trưởng Trần Vĩnh Khiêm thăm Hải Phòng sáng 3/6. Ông Trần Vĩnh Khiêm gặp lãnh đạo thành phố. "
            "Chiều cùng ngày, Bộ trưởng Trần Vĩnh Khiêm thăm cảng Lạch Huyện.")
    (tmp_path / "a.txt").write_text("Bộ trưởng thăm Hải Phòng\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Bộ trưởng Trần Vĩnh Khiên đến Hải Phòng\n" + body.replace("Hải Phòng sáng 3/6", "thành phố Cảng"),
                                    encoding="utf-8")
    fixed = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    assert "name typo corrected: 'Trần Vĩnh Khiên' -> 'Trần Vĩnh Khiêm'" in fixed.warnings
    kept = summarize(tmp_path, SummarizeOptions(engine="extractive", fix_name_typos=False))
    assert not any("name typo" in w for w in kept.warnings)
    assert kept.title_candidates and any("Khiên" in c.text for c in kept.title_candidates)
    result = CliRunner().invoke(app, [str(tmp_path), "--keep-names", "--format", "json", "-e", "extractive"])
    assert result.exit_code == 0 and not any("name typo" in w for w in json.loads(result.stdout)["warnings"])


def test_a_correction_the_summary_does_not_show_is_not_warned(tmp_path: Path) -> None:
    from summarizer.options import ExtractiveOptions

    lead = "Sáng 3/6, mưa lớn gây ngập nhiều tuyến phố ở Hà Nội, giao thông ùn tắc kéo dài nhiều giờ."
    tail = "Kỹ sư Lê Văn Khiêm của công ty thoát nước cho biết máy bơm hoạt động hết công suất."
    more = "Theo ông Lê Văn Khiêm, nước rút chậm. Ông Lê Văn Khiêm đề nghị người dân hạn chế ra đường."
    (tmp_path / "a.txt").write_text(f"Hà Nội ngập nặng\n{lead}\n{tail}\n{more}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Mưa lớn ở Hà Nội\n{lead}\n{tail.replace('Khiêm', 'Khiên')}", encoding="utf-8")
    options = SummarizeOptions(engine="extractive")
    short = summarize(tmp_path, replace(options, extractive=ExtractiveOptions(max_words=25)))
    assert "Khiêm" not in short.summary and "Khiêm" not in short.title
    assert not any("name typo corrected" in w for w in short.warnings)  # before: warned of a name not shown
    whole = summarize(tmp_path, replace(options, extractive=ExtractiveOptions(max_words=250, max_share=1.0)))
    assert "Lê Văn Khiêm" in whole.summary
    assert "name typo corrected: 'Lê Văn Khiên' -> 'Lê Văn Khiêm'" in whole.warnings


def test_a_name_cased_two_ways_is_written_one_way_and_said_so(tmp_path: Path) -> None:
    lead = "Ông Kim Jong-un thị sát nhà máy sáng 3/6. Ông Kim Jong-un khen ngợi công nhân. "
    (tmp_path / "a.txt").write_text("Ông Kim Jong-un thăm nhà máy\n" + lead + "Nhà máy sản xuất phân bón.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nhà lãnh đạo thăm nhà máy\n" + lead + "Ông Kim Jong-Un yêu cầu tăng sản lượng.",
                                    encoding="utf-8")
    result = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    assert "name written one way: 'Jong-Un' -> 'Jong-un', as most of the reports write it" in result.warnings
    assert "Jong-Un" not in result.summary and "Ông Kim Jong-un yêu cầu tăng sản lượng." in result.summary
    assert not any(w.startswith("name typo corrected") for w in result.warnings)


def test_an_outdated_toll_in_the_summary_is_warned() -> None:
    early = TextReport(
        "sang-som.txt",
        "Sáng 12/4, xe khách lao xuống vực trên đèo Khánh Lê làm 3 người tử vong. Xe chở 30 hành khách từ Nha "
        "Trang đi Đà Lạt. Lực lượng cứu hộ đã có mặt tại hiện trường. Nguyên nhân vụ tai nạn đang được điều tra.",
        title="Xe khách lao xuống vực trên đèo Khánh Lê, 3 người tử vong",
    )
    later = TextReport(
        "cap-nhat.txt",
        "Xe khách chở 30 hành khách từ Nha Trang đi Đà Lạt gặp nạn trên đèo Khánh Lê. Đến trưa cùng ngày, số "
        "người tử vong đã tăng lên 5. Các nạn nhân bị thương được đưa về bệnh viện tỉnh Khánh Hòa.",
        title="Cập nhật vụ xe khách gặp nạn trên đèo Khánh Lê",
    )

    class EarlyFirst:  # an engine that says what the first report said first
        name = "extractive"

        def summarize(self, cluster, options) -> EngineOutput:
            text = cluster.dedup.groups[0].text
            assert "3 người tử vong" in text
            return EngineOutput(sentences=(SummarySentence(text, ()),), title="Xe khách gặp nạn trên đèo Khánh Lê",
                                title_origin="source", title_candidates=())

    result = summarize([early, later], SummarizeOptions(engine="extractive"), engine=EarlyFirst())
    assert any(w.startswith("conflicting figures for deaths: '3 người tử vong'") and "tăng lên 5" in w
               for w in result.warnings), result.warnings


def test_the_tone_mark_notice_names_only_words_the_output_shows(sample_dir: Path) -> None:
    class Say:
        name = "extractive"

        def __init__(self, text: str) -> None:
            self.text = text

        def summarize(self, cluster, options) -> EngineOutput:
            return EngineOutput(sentences=(SummarySentence(self.text, ()),), title="T", title_origin="source",
                                title_candidates=())

    assert prepare(sample_dir, EXTRACTIVE).tone_style == {"Hoà": "Hòa"}
    shown = summarize(sample_dir, EXTRACTIVE, engine=Say("Cầu Hoà Xuân được khánh thành."))
    notices = [w for w in shown.warnings if w.startswith("tone marks")]
    assert notices == ["tone marks re-placed as most of the cluster's words place them: 'hoà' -> 'hòa'"]
    assert shown.summary == "Cầu Hòa Xuân được khánh thành."
    unseen = summarize(sample_dir, EXTRACTIVE, engine=Say("Cầu đi bộ được khánh thành."))
    assert not any(w.startswith("tone marks") for w in unseen.warnings)  # before: named 'hoà', never shown


def test_many_files_skipped_for_one_reason_share_one_warning() -> None:
    from summarizer.documents import SkippedFile
    from summarizer.pipeline import MAX_SKIPPED_LISTED, skipped_warnings

    copies = [SkippedFile(f"c{i:02d}.txt", "same title and text as c00.txt") for i in range(1, 12)]
    empty = [SkippedFile("e.txt", "empty")]
    assert skipped_warnings(empty + copies) == [
        "skipped e.txt: empty",
        "skipped 11 files (c01.txt, c02.txt, c03.txt, c04.txt, c05.txt, …): same title and text as c00.txt"]
    few = copies[:MAX_SKIPPED_LISTED]  # as many as are listed: a warning each, as before
    assert skipped_warnings(few) == [f"skipped {s.file}: {s.reason}" for s in few]
