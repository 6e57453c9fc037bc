"""The headline pass: a second generate call over the summary, its limits, and the scoring that
picks between model candidates and the reports' own titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from _tiny_model import ScriptedBackend, tiny_model_dir  # noqa: F401  (session fixture)

from summarizer import headline
from summarizer.options import HeadlineOptions

SUMMARY = (
    "Ngày 14/2, lũ quét ở huyện Phước Sơn làm 12 người mất tích. "
    "Ông Nguyễn Văn An, Chủ tịch tỉnh Quảng Nam, chỉ đạo tìm kiếm người mất tích ở Phước Sơn."
)
SOURCES = [
    "Chiều 14/2, lũ quét xảy ra ở huyện Phước Sơn, tỉnh Quảng Nam.",
    "Có 12 người mất tích sau trận lũ.",
    "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Quảng Nam, đã đến hiện trường chỉ đạo tìm kiếm.",
]
TITLES = [("Mưa lớn gây thiệt hại ở miền Trung", "a.txt"), ("Thời tiết xấu kéo dài", "b.txt")]


def test_request_follows_headline_options() -> None:
    request = headline.headline_request(HeadlineOptions(), no_repeat_ngram_size=3)
    assert (request.num_beams, request.num_return_sequences, request.max_new_tokens) == (4, 4, 24)
    assert request.length_penalty == 0.6 < 1.0
    assert request.min_new_tokens == 5
    assert request.no_repeat_ngram_size == 3


def test_clean_candidate_one_line_no_final_period() -> None:
    assert headline.clean_candidate("<pad> Lũ quét ở Phước Sơn , 12 người mất tích .\nDòng hai") == \
        "Lũ quét ở Phước Sơn, 12 người mất tích"
    assert headline.clean_candidate("Lũ quét ở Phước Sơn. Câu thứ hai.") == "Lũ quét ở Phước Sơn"
    assert headline.clean_candidate("Ai chịu trách nhiệm?") == "Ai chịu trách nhiệm?"


def test_attention_labels_are_stripped_places_stay() -> None:
    assert headline.strip_label("Sốc: Đội bóng muốn ký hợp đồng 5 năm với Tuấn Anh") == \
        "Đội bóng muốn ký hợp đồng 5 năm với Tuấn Anh"
    assert headline.strip_label("NÓNG: cháy lớn ở chợ Bến Thành") == "Cháy lớn ở chợ Bến Thành"
    # a final period goes; an ellipsis, a question and an exclamation stay
    assert headline.strip_label("Xe buýt bốc cháy dữ dội trên đường Nguyễn Trãi.") == "Xe buýt bốc cháy dữ dội trên đường Nguyễn Trãi"
    assert headline.strip_label("Xe buýt bốc cháy, tài xế...") == "Xe buýt bốc cháy, tài xế..."
    assert headline.strip_label("Vì sao xe buýt bốc cháy?") == "Vì sao xe buýt bốc cháy?"
    # an abbreviation's or an initial's period stays; a short word's goes
    for kept in ("Giá xăng, dầu, gas v.v.", "Bắt đối tượng trộm xe ở TP.", "Khởi tố ông Nguyễn Văn A."):
        assert headline.strip_label(kept) == kept
    assert headline.strip_label("Tăng cường hợp tác với Nga.") == "Tăng cường hợp tác với Nga"
    assert headline.strip_label("[Video] Xe tải lao vào nhà dân ở Hà Tĩnh") == "Xe tải lao vào nhà dân ở Hà Tĩnh"
    assert headline.strip_label("(Clip): Xe tải lao vào nhà dân") == "Xe tải lao vào nhà dân"
    # A place or a speaker before the colon is part of the headline.
    assert headline.strip_label("Hà Nội: Cháy tại nhà hàng trên phố Huế") == "Hà Nội: Cháy tại nhà hàng trên phố Huế"
    assert headline.strip_label("Thủ tướng: 'Phải 91% người dân tham gia bảo hiểm'") == \
        "Thủ tướng: 'Phải 91% người dân tham gia bảo hiểm'"
    # A site's section or column before the colon is a label too.
    assert headline.strip_label("THẾ GIỚI 24H: Một tiểu đoàn NATO đủ trì hoãn đà tấn công của Nga") == \
        "Một tiểu đoàn NATO đủ trì hoãn đà tấn công của Nga"
    assert headline.strip_label("Kinh tế: Mỹ tăng trưởng 2% trong quý đầu") == "Mỹ tăng trưởng 2% trong quý đầu"
    # Too little left after the label: it stays.
    assert headline.strip_label("Video: cháy chợ") == "Video: cháy chợ"
    assert headline.clean_candidate("Chấn động: Thiếu nữ bị lừa bán sang Trung Quốc.") == "Thiếu nữ bị lừa bán sang Trung Quốc"


def test_a_long_title_stays_whole_and_gives_way_to_a_shorter_one() -> None:
    # cut at a comma or a colon, a long title lost its predicate ("Ông Nguyễn Văn An, Giám đốc Sở Y
    # tế tỉnh Quảng Nam" of "..., bị bắt vì nhận hối lộ"): it stays whole
    long = ("Ông Nguyễn Văn An, Giám đốc Sở Y tế tỉnh Quảng Nam, bị bắt vì nhận hối lộ hàng tỷ đồng trong "
            "vụ mua sắm thiết bị y tế tại bệnh viện tỉnh")
    assert headline.strip_label(long) == long
    short = "Giám đốc Sở Y tế tỉnh Quảng Nam bị bắt vì nhận hối lộ"
    summary = ["Ông Nguyễn Văn An, Giám đốc Sở Y tế tỉnh Quảng Nam, bị bắt vì nhận hối lộ trong vụ mua sắm thiết bị y tế."]
    ranked = headline.rank_source_titles([(long, "a.txt"), (short, "b.txt")], summary)
    plain = {c.text: c.score for c in headline.salience.score_source_titles([(long, "a.txt"), (short, "b.txt")], summary)}
    assert plain[long] > plain[short]  # the long title is the more central ...
    assert ranked[0].text == short  # ... by less than its length costs it
    assert {c.text: c.score for c in ranked}[long] == pytest.approx(headline.LONG_TITLE_DISCOUNT * plain[long])


def test_a_cluster_of_long_titles_gets_one_of_them_whole(tmp_path: Path) -> None:
    from summarizer.pipeline import summarize

    body = ("Sáng 22/12, tuyến metro số 1 Bến Thành - Suối Tiên chính thức vận hành thương mại sau 17 năm xây dựng. "
            "Tuyến dài 19,7 km với 14 nhà ga. Người dân được miễn phí vé trong tháng đầu tiên.\n")
    (tmp_path / "a.txt").write_text(
        "Tuyến metro số 1 Bến Thành - Suối Tiên chính thức vận hành thương mại sau 17 năm xây dựng, người dân "
        "được miễn phí vé đi tàu trong tháng đầu tiên kể từ ngày khai trương\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Metro số 1 TP.HCM chính thức chạy sau 17 năm chờ đợi: Người dân xếp hàng dài từ sáng sớm để được trải "
        "nghiệm chuyến tàu đầu tiên\n" + body.replace("Sáng 22/12", "Từ 5h sáng 22/12"), encoding="utf-8")
    result = summarize(tmp_path)
    assert result.title in {s.title for s in result.sources}  # not cut from the summary's first words
    assert result.title_origin == "source" and all(s.title for s in result.sources)
    assert not any("no report has a title" in w for w in result.warnings)


def test_style_score() -> None:
    assert headline.style_score("Lũ quét ở Phước Sơn, 12 người mất tích") == 1.0
    assert headline.style_score("theo ông An, lũ lớn:") < 0.7
    assert headline.style_score("Lũ lũ quét") < 1.0
    assert headline.style_score("Vì sao lũ quét ở Phước Sơn?") < 1.0  # a teaser asks instead of telling


def test_model_candidate_can_win() -> None:
    good = "Lũ quét ở Phước Sơn, 12 người mất tích"
    choice = headline.choose([good, "ông An nói rằng"], TITLES, SUMMARY, HeadlineOptions(), sources=SOURCES)
    assert choice.origin == "model"
    assert choice.title == good
    assert [c.origin for c in choice.candidates].count("source") == 2
    assert choice.candidates[0].score > max(c.score for c in choice.candidates if c.origin == "source")


def test_source_title_beats_an_invented_candidate() -> None:
    invented = "Lũ quét ở Đà Lạt, 300 người mất tích"  # place and number found in no source
    titles = [("Lũ quét ở Phước Sơn, nhiều người mất tích", "a.txt")]
    choice = headline.choose([invented], titles, SUMMARY, HeadlineOptions(), sources=SOURCES)
    assert choice.origin == "source"
    assert choice.title == "Lũ quét ở Phước Sơn, nhiều người mất tích"
    assert choice.candidates[0].file == "a.txt"


def test_length_outside_range_costs() -> None:
    options = HeadlineOptions()
    profile = headline.Profile(SUMMARY, SOURCES)
    short = headline.score("Lũ quét", profile, options)
    fit = headline.score("Lũ quét ở Phước Sơn làm người mất tích", profile, options)
    long = headline.score(" ".join(["Lũ quét ở Phước Sơn làm người mất tích"] * 3), profile, options)
    assert fit > short and fit > long


def test_headline_pass_is_a_generate_call_over_the_summary() -> None:
    backend = ScriptedBackend([["Lũ quét ở Phước Sơn, 12 người mất tích", "Phước Sơn có lũ"]])
    candidates, request = headline.model_candidates(
        backend, SUMMARY, prefix="vietnews: ", budget=1024, options=HeadlineOptions(num_candidates=2),
    )
    assert len(backend.calls) == 1
    inputs, sent = backend.calls[0]
    assert inputs == ["vietnews: " + SUMMARY]
    assert sent == request and request.num_return_sequences == 2
    assert candidates == ["Lũ quét ở Phước Sơn, 12 người mất tích", "Phước Sơn có lũ"]


def test_headline_pass_obeys_its_token_limit(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines.torch_backend import TorchBackend
    from summarizer.models import resolve_model

    backend = TorchBackend.load(resolve_model(str(tiny_model_dir)), device="cpu")
    outputs = []
    real = backend.model.generate

    def spy(**kwargs):
        out = real(**kwargs)
        outputs.append(out)
        return out

    monkeypatch.setattr(backend.model, "generate", spy)
    options = HeadlineOptions(num_candidates=3, num_beams=3, max_new_tokens=7)
    candidates, request = headline.model_candidates(backend, SUMMARY, prefix="", budget=512, options=options)
    assert len(outputs) == 1
    assert outputs[0].shape[0] == 3  # num_return_sequences
    assert outputs[0].shape[1] - 1 <= 7  # decoder start token + at most max_new_tokens
    assert len(candidates) == 3
    assert all("\n" not in c and not c.endswith(".") for c in candidates)


def test_a_label_on_a_line_of_its_own_is_not_the_title(write_reports) -> None:
    from summarizer import SummarizeOptions, summarize

    body = ("Rạng sáng 12/5, một đám cháy lớn bùng phát tại chợ Đồng Xuân, quận Hoàn Kiếm, Hà Nội. "
            "Lực lượng cứu hỏa đã huy động nhiều xe chữa cháy đến hiện trường.")
    folder = write_reports({"a.txt": "[Video]\nCháy lớn tại chợ Đồng Xuân lúc rạng sáng\n" + body,
                            "b.txt": "NÓNG:\n" + body.replace("Rạng sáng 12/5", "Khoảng 3h sáng 12/5")})
    result = summarize(folder, SummarizeOptions(engine="extractive"))
    assert result.title == "Cháy lớn tại chợ Đồng Xuân lúc rạng sáng"
    assert all("Video" not in c.text and "NÓNG" not in c.text for c in result.title_candidates)
    assert "[Video]" not in result.summary and "NÓNG" not in result.summary


def test_a_title_telling_an_earlier_state_than_another_reports_title_is_discounted() -> None:
    hunt, caught = "Truy bắt nghi phạm cướp tiệm vàng ở Đồng Nai", "Nghi phạm cướp tiệm vàng ở Đồng Nai sa lưới"
    assert headline.overtaken_state(hunt, [caught]) and not headline.overtaken_state(caught, [hunt])
    assert not headline.overtaken_state(hunt, ["Cướp tiệm vàng ở Đồng Nai"])  # nothing tells it past
    assert not headline.overtaken_state(hunt, ["Bắt đầu truy tìm nghi phạm"])  # "bắt đầu" is no arrest
    # an arrest after a flight is an arrest: the state told first decides (a tester's manhunt headline)
    after_flight = "Bắt nghi phạm cướp tiệm vàng ở Phú Bình sau 20 giờ lẩn trốn"
    assert headline.overtaken_state(hunt, [after_flight]) and not headline.overtaken_state(after_flight, [hunt])
    assert headline.overtaken_state("Quảng Nam: Một người mất tích khi qua ngầm tràn",
                                    ["Tìm thấy thi thể người đàn ông bị lũ cuốn ở Nam Trà My"])
    # a storm on its way beside one that came ashore (a tester's headline was the forecast)
    coming, ashore = "Bão số 5 giật cấp 14 hướng vào Quảng Ninh - Hải Phòng", "Bão Kajiki đổ bộ Quảng Ninh, 2 người chết"
    assert headline.overtaken_state(coming, [ashore]) and not headline.overtaken_state(ashore, [coming])
    assert not headline.overtaken_state(coming, ["Bão số 5 sắp đổ bộ Quảng Ninh"])  # still to come there too
    for later in ("Bão số 5 dự kiến đổ bộ Quảng Ninh chiều nay", "Bão số 5 có thể đổ bộ Hải Phòng"):
        assert not headline.overtaken_state(coming, [later]), later
    # a wedding to come beside one held
    engaged, married = "Ca sĩ Hà Anh Thư sắp kết hôn với doanh nhân Lý Minh Quân", "Hà Anh Thư cưới doanh nhân ở Đà Lạt"
    assert headline.overtaken_state(engaged, [married]) and not headline.overtaken_state(married, [engaged])
    assert not headline.overtaken_state(engaged, ["Hà Anh Thư sẽ cưới vào cuối năm"])
    # the words are everyday verbs: only of a storm
    assert not headline.overtaken_state("Man City áp sát ngôi đầu Ngoại hạng Anh", ["Arsenal suy yếu vì chấn thương"])
    summary = ["Khoảng 10h sáng 3/5, một thanh niên dùng súng cướp 30 lượng vàng của tiệm vàng ở Đồng Nai.",
               "Ngày 5/5, công an đã bắt được nghi phạm cướp tiệm vàng ở Đồng Nai."]
    ranked = headline.rank_source_titles([(hunt, "a.txt"), (hunt, "c.txt"), (caught, "b.txt")], summary)
    assert ranked[0].text == caught  # before: the manhunt, two reports' title
