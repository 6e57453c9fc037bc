"""Faithfulness: numbers, dates and names of generated text that no source supports."""

from __future__ import annotations

import pytest

from summarizer.faithfulness import (
    DEGENERATE_MIN_WORDS,
    Claim,
    SourceIndex,
    check,
    degeneracy,
    extract_claims,
    novel_word_share,
    unsupported_claims,
)

SOURCES = [
    "Sáng 12/3, ông Nguyễn Văn An cho biết 1.200 ngôi nhà ở huyện Phước Sơn bị ngập.",
    "Theo Sở Y tế, 5,7% dân số đã được tiêm vắc-xin.",
    "Đội tuyển thắng 2-0 hôm 5 tháng 9 năm 2024 tại Hà Nội.",
]


def test_extract_claims_kinds() -> None:
    claims = extract_claims("Ngày 12/3, ông Lê Minh nói 27 người ở Đà Nẵng bị thương.")
    assert Claim("date", "12/3") in claims
    assert Claim("number", "27") in claims
    assert Claim("name", "Lê Minh") in claims
    assert Claim("name", "Đà Nẵng") in claims
    # a single capitalised word opening a sentence is not a claim
    assert not any(c.text == "Ngày" for c in claims)


def test_invented_number_is_flagged() -> None:
    warnings = check("Có 1.300 ngôi nhà ở huyện Phước Sơn bị ngập.", "Lũ ở Phước Sơn", SOURCES)
    assert warnings == ["unsupported number in the summary: '1.300' appears in no source report"]


def test_supported_facts_pass_after_normalization() -> None:
    # digit separators, date forms, case and tone-mark placement are folded
    summary = ("Ngày 12 tháng 3, ông Nguyễn Văn An nói 1200 nhà bị ngập; 5,7% dân số đã tiêm. "
               "Đội tuyển thắng 2-0 ngày 5/9/2024 tại Hà Nội.")
    assert check(summary, "Nguyễn Văn An nói về lũ ở Phước Sơn", SOURCES) == []


def test_invented_name_and_date_in_headline() -> None:
    warnings = check("Ông Nguyễn Văn An nói về lũ.", "Ông Trần Văn Bình đến Phước Sơn ngày 14/3", SOURCES)
    assert warnings == [
        "unsupported date in the headline: '14/3' appears in no source report",
        "unsupported name in the headline: 'Ông Trần Văn Bình' appears in no source report",
    ]


def test_each_claim_reported_once() -> None:
    index = SourceIndex(SOURCES)
    claims = unsupported_claims("Có 99 người. Thêm 99 người nữa.", index)
    assert claims == [Claim("number", "99")]


def test_number_inside_a_longer_number_is_not_support() -> None:
    index = SourceIndex(["Có 1200 người."])
    assert unsupported_claims("Có 200 người.", index) == [Claim("number", "200")]


@pytest.mark.parametrize("text", [
    "Thành phố Hồ Chí Minh khai trương tuyến metro số 1.",  # an alias folds the words away in the keys
    "Liên bang Nga và Việt Nam ký thỏa thuận.",
    "Chiếc Airbus A320 của chuyến bay MS804 mất tích lúc 2h45 ngày 19.5.",  # codes, a time, a dotted date
    "Xe mang biển số 47C-11426 đi Đắk Lắk tháng 4-2016.",
])
def test_words_copied_from_a_report_are_never_flagged(text: str) -> None:
    assert check(text, text, [text]) == []


def test_a_claim_inside_a_longer_word_or_number_is_still_flagged() -> None:
    warnings = check("Bà Lan có 32 người.", "", ["Bà Lana có 320 người, chuyến bay A320."])
    assert warnings == ["unsupported number in the summary: '32' appears in no source report",
                        "unsupported name in the summary: 'Bà Lan' appears in no source report"]
    source = ["Vụ cháy khiến 2.500 hộ dân bị ảnh hưởng, thiệt hại 1,75 tỷ đồng. Có 32.000 người sơ tán."]
    for part in ("500", "32", "75"):
        assert check(f"Có {part} người.", "", source) == [
            f"unsupported number in the summary: '{part}' appears in no source report"], part


def test_a_day_and_month_match_whether_written_with_a_slash_tang_or_a_hyphen() -> None:
    from summarizer.faithfulness import check

    source = ["Sáng 19-5, bà Hillary Clinton phát biểu tại Hà Nội."]  # Tuổi Trẻ's house style
    for summary in ("Sáng 19/5, bà Clinton phát biểu.", "Ngày 19 tháng 5, bà Clinton phát biểu."):
        assert check(summary, "", source) == []
    assert check("Sáng 19-5, bà Clinton phát biểu.", "", ["Sáng 19/5, bà Clinton phát biểu."]) == []
    # another day is still flagged, and a score is no date
    assert check("Sáng 20/5, bà Clinton phát biểu.", "", source) == [
        "unsupported date in the summary: '20/5' appears in no source report"]
    assert check("Đội nhà thắng 2-0.", "", ["Đội nhà thắng ngày 2/1."]) == [
        "unsupported number in the summary: '2-0' appears in no source report"]


def test_a_summary_of_words_no_report_holds_is_flagged_as_broken() -> None:
    sources = ["Chiều 14/2, lũ quét xảy ra tại huyện Phước Sơn, tỉnh Quảng Nam.", "Mười hai người mất tích."]
    copied = "Lũ quét xảy ra tại huyện Phước Sơn chiều 14/2, mười hai người mất tích."
    assert novel_word_share(copied, sources) == 0.0 and degeneracy(copied, sources) is None
    reworded = "Lũ quét bất ngờ xảy ra tại huyện Phước Sơn, mười hai người đã mất tích."  # 2 of 14 words new
    assert degeneracy(reworded, sources) is None
    broken = "Ống ống chuy chuy ZZZ ẳẳẳ đặ đặ bả bả giá áng lũ quét"
    assert novel_word_share(broken, sources) == 12 / 14
    assert degeneracy(broken, sources) == (
        "the model's summary looks broken: 86% of its words appear in no report (a trained summarization model "
        "takes nearly all of its words from the reports); check the model: untrained, a checkpoint for another "
        "task, or a tokenizer that does not match it")
    assert novel_word_share(" ".join(["xyz"] * (DEGENERATE_MIN_WORDS - 1)), sources) is None  # too short to tell


@pytest.mark.parametrize(("summary", "source", "flagged"), [
    ("Thiệt hại 25 tỷ đồng.", "Thiệt hại 2,5 tỷ đồng.", "25"),  # a dropped decimal comma
    ("Thiệt hại 2,5 tỷ đồng.", "Thiệt hại 25 tỷ đồng.", "2,5"),
    ("Có 1,5 triệu người.", "Có 15 triệu người.", "1,5"),
    ("Lãi suất 0,5%.", "Lãi suất 05%.", "0,5"),
    ("Có 1.500 người.", "Có 1500 người.", None),  # the dot groups thousands: one value
    ("Có 1500 người.", "Có 1.500 người.", None),
    ("Lãi suất 2,50%.", "Lãi suất 2,5%.", None),
    ("Có 1.200.000 người.", "Có 1200000 người.", None),
])
def test_numbers_are_compared_by_value_with_the_vietnamese_decimal_comma(summary: str, source: str,
                                                                         flagged: str | None) -> None:
    """The match key strips digit separators, so "25" was found in "2,5" and a dropped decimal
    comma (a tenfold error) went unflagged."""
    expected = [f"unsupported number in the summary: '{flagged}' appears in no source report"] if flagged else []
    assert check(summary, "", [source]) == expected


def test_two_numbers_of_one_match_key_are_each_checked() -> None:
    assert check("Có 2,5 tỷ và 25 tỷ.", "", ["Có 2,5 tỷ."]) == [
        "unsupported number in the summary: '25' appears in no source report"]
