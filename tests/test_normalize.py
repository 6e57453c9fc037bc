"""Normalization: loading cleanup, match keys, aliases, dates and cluster-wide name typos."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.normalize import (
    apply_corrections,
    find_name_typos,
    fold_dates,
    fold_tone_placement,
    load_aliases,
    match_key,
    normalize_text,
    syllables,
    word_count,
)


def test_normalize_text_line_endings_and_spaces() -> None:
    raw = "Dòng\u00a0một\t\tcó  tab \r\nDòng hai\rDòng\u2003ba\u200b \n\n"
    assert normalize_text(raw) == "Dòng một có tab\nDòng hai\nDòng ba"


def test_normalize_text_composes_nfc_and_keeps_spelling() -> None:
    decomposed = "hoa\u0300 bi\u0300nh, thu\u0301y"  # combining marks, old placement
    assert normalize_text(decomposed) == "hoà bình, thúy"


def test_word_count_counts_syllables() -> None:
    assert word_count("Bộ trưởng  Quốc phòng\nNga.") == 5
    assert word_count("") == 0


@pytest.mark.parametrize(
    ("old", "new"),
    [("hòa bình", "hoà bình"), ("Ủy ban", "Uỷ ban"), ("Thúy", "Thuý"), ("khỏe", "khoẻ"), ("hòe", "hoè"),
     ("thủy thủ", "thuỷ thủ"), ("Thụy Sĩ", "Thụy Sỹ"), ("kỹ thuật", "kĩ thuật")],
)  # fmt: skip
def test_tone_placement_variants_share_a_key(old: str, new: str) -> None:
    assert match_key(old) == match_key(new)


def test_tone_placement_keeps_distinct_words_apart() -> None:
    assert match_key("hòa") != match_key("hóa")
    assert match_key("quý") != match_key("quỳ")
    assert fold_tone_placement("hoàng") == "hoàng"
    assert fold_tone_placement("người") == "người"
    assert fold_tone_placement("già") == "già"


def test_match_key_case_punctuation_spaces() -> None:
    assert match_key("  Hà Nội , ngày MƯA ! ") == "hà nội ngày mưa"
    assert match_key("Giá 1.000 đồng") == match_key("giá 1000 đồng")


@pytest.mark.parametrize(
    "text",
    ["từ ngày 7 đến 10/8", "từ ngày 7-10 tháng 8", "từ ngày 7 - 10/8", "từ ngày 7 tới 10 tháng 8"],
)
def test_date_ranges_fold(text: str) -> None:
    assert match_key(text) == "từ ngày 7 đến 10 tháng 8"


def test_date_forms_with_year_and_single_days() -> None:
    assert fold_dates("từ ngày 7-10/8/2013") == "từ ngày 7 đến 10 tháng 8 năm 2013"
    assert fold_dates("từ ngày 7-10 tháng 8/2013") == "từ ngày 7 đến 10 tháng 8 năm 2013"
    assert fold_dates("sáng 07/08") == "sáng 7 tháng 8"
    assert fold_dates("ngày 19.5.2016") == "ngày 19 tháng 5 năm 2016"
    assert fold_dates("tháng 8/2013") == "tháng 8 năm 2013"
    assert match_key("ngày 7/8/2013") == match_key("ngày 7 tháng 8 năm 2013")
    # Not dates: decimals, years ranges, large numbers.
    assert fold_dates("tăng 7.5 lần") == "tăng 7.5 lần"
    assert fold_dates("giai đoạn 2013-2015") == "giai đoạn 2013-2015"


def test_alias_folding() -> None:
    assert match_key("thủ đô Mátxcơva") == match_key("thủ đô Moscow") == match_key("thủ đô Mát-xcơ-va")
    assert match_key("LB Nga") == match_key("Liên bang Nga") == "nga"
    assert match_key("Đại tướng Sergei Shoigu") == match_key("Đại tướng Shoigu Sergei Kuzugetovich")
    assert match_key("tại TP.HCM") == match_key("tại Thành phố Hồ Chí Minh") == match_key("tại TP Hồ Chí Minh")
    assert match_key("Hoa Kỳ") == match_key("Mỹ")
    # Canonical forms are the short ones, so a common word is only ever folded to itself
    # (i/y spelling aside): "mỹ phẩm" stays cosmetics.
    assert match_key("mỹ phẩm") == match_key("mĩ phẩm") == "mĩ phẩm"


def test_alias_table_is_data() -> None:
    table = load_aliases()
    assert table[("mátxcơva",)] == ("moscow",)
    assert len(table) > 20


def test_syllables_are_match_key_tokens() -> None:
    assert syllables("Hoà bình, TP.HCM!") == ["hoà", "bình", "tp", "hcm"]


SENTENCE_WITH_TYPO = "Đại tướng Trần Vĩnh Khiêm nhấn mạnh hai bên sẽ mở rộng hợp tác."
TYPO_TEXT = SENTENCE_WITH_TYPO.replace("Trần Vĩnh Khiêm", "Trần Vịnh Khiêm")


def test_typo_found_across_a_cluster_even_when_both_reports_copy_it() -> None:
    report_a = [
        "Bộ trưởng Trần Vĩnh Khiêm thăm Hải Phòng.",
        TYPO_TEXT,
        "Chiều cùng ngày, ông Trần Vĩnh Khiêm gặp lãnh đạo thành phố.",
        "Theo lịch trình, Bộ trưởng Trần Vĩnh Khiêm về Hà Nội ngày mai.",
    ]
    report_b = [
        "Bộ trưởng Trần Vĩnh Khiêm đến Hải Phòng sáng nay.",
        TYPO_TEXT,
        "Ông Trần Vĩnh Khiêm cũng thăm cảng.",  # sentence start: still counts for frequency
        "Trước đó, Đại tướng Trần Vĩnh Khiêm dự lễ khánh thành.",
    ]
    # The typo sits in a sentence both reports copied (2 occurrences); the right form occurs 6 times.
    corrections = find_name_typos(report_a + report_b)
    assert corrections == {"Trần Vịnh Khiêm": "Trần Vĩnh Khiêm"}
    assert apply_corrections(TYPO_TEXT, corrections) == SENTENCE_WITH_TYPO


def test_typo_needs_the_ratio() -> None:
    texts = ["Ông Trần Vĩnh Khiêm đến.", "Bà Trần Vịnh Khiêm đi.", "Ông Trần Vĩnh Khiêm về."]
    assert find_name_typos(texts) == {}  # 2 : 1 is below 3 : 1
    assert find_name_typos(texts, min_ratio=2.0) == {"Trần Vịnh Khiêm": "Trần Vĩnh Khiêm"}


def test_no_false_typos_for_sentence_starts_short_words_and_variants() -> None:
    texts = (
        ["Việt Nam và Lào ký kết."] * 4  # "Việt" at sentence start
        + ["Viết báo là nghề của ông Nam."]  # "Viết" is a verb at sentence start
        + ["ông Nguyễn Văn H nói."] * 4 + ["ông Nguyễn Văn B nói."]  # anonymised initials
        + ["tại Thụy Sỹ hôm qua."] * 4 + ["tại Thụy Sĩ hôm nay."]  # i/y: both spellings correct
        + ["ở Khánh Hòa mưa."] * 4 + ["ở Khánh Hoà nắng."]  # tone placement: both correct
        + ["ông Lê nói, ông Lê cười, ông Lê đi, ông Lý về."]  # one-syllable surnames
        + ["cơ quan WHO họp"] * 4 + ["cơ quan WTO họp"]  # acronyms
    )
    assert find_name_typos(texts) == {}


def test_long_foreign_single_word_typo() -> None:
    texts = ["đội tuyển Argentina thắng."] * 3 + ["đội tuyển Arghentina thua."]
    assert find_name_typos(texts) == {"Arghentina": "Argentina"}


def test_apply_corrections_whole_words_only() -> None:
    corrections = {"Phạm Văn Bìnhh": "Phạm Văn Bình", "Hà Nộii": "Hà Nội"}
    text = "Ông Phạm Văn Bìnhh ở Hà Nộii, không phải Phạm Văn Bìnhhx."
    assert apply_corrections(text, corrections) == "Ông Phạm Văn Bình ở Hà Nội, không phải Phạm Văn Bìnhhx."
    assert apply_corrections(text, {}) == text


@pytest.mark.shared
def test_viet_nga_typo(shared_dir) -> None:
    from summarizer.documents import load_folder
    from summarizer.sentences import sentences_of

    loaded = load_folder(shared_dir / "examples" / "viet-nga")
    texts = [r.title for r in loaded.reports if r.title] + [s.text for s in sentences_of(loaded.reports)]
    assert find_name_typos(texts) == {"Phùng Quanh Thanh": "Phùng Quang Thanh"}

_VIETNAMESE_CHARS = st.sampled_from(list("aăâeêioôơuưy bcdđghklmnpqrstvx ÀÁẢÃẠàáảãạềếểễệòóỏõọùúủũụìíỉĩịỳýỷỹỵ .,/-:0123456789\n"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_VIETNAMESE_CHARS, max_size=80).map("".join))
def test_match_key_is_idempotent_and_single_spaced(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key
    assert key == " ".join(key.split())
    assert key == key.lower()
    assert syllables(text) == key.split()
