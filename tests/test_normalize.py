"""Normalization: loading cleanup, match keys, aliases, dates and cluster-wide name typos."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.normalize import (
    NAME_TYPO_MARK_DROP_RATIO,
    REJECT_FOREIGN_MARKS,
    REJECT_INITIAL_CONSONANT,
    REJECT_MARK_DROP,
    REJECT_TONE_SWAP,
    REJECT_REPEATED,
    REJECT_TWO_NAMES,
    apply_corrections,
    find_name_typos,
    is_vietnamese_syllable,
    keys_touch,
    name_typo_candidates,
    fold_dates,
    fold_tone_placement,
    load_aliases,
    match_key,
    normalize_text,
    syllables,
    tone_style_corrections,
    word_count,
)


def test_normalize_text_line_endings_and_spaces() -> None:
    raw = "Dòng\u00a0một\t\tcó  tab \r\nDòng hai\rDòng\u2003ba\u200b \n\n"
    assert normalize_text(raw) == "Dòng một có tab\nDòng hai\nDòng ba"


def test_normalize_text_composes_nfc_and_keeps_spelling() -> None:
    decomposed = "hoa\u0300 bi\u0300nh, thu\u0301y"  # combining marks, old placement
    assert normalize_text(decomposed) == "hoà bình, thúy"


def test_eth_typed_for_d_becomes_d_in_vietnamese_text_only() -> None:
    # Windows-1252 text (an RTF run in a Western font, an old web page) has Ð/ð where Đ/đ is meant.
    assert normalize_text("\u00d0ại hội \u00f0ã bế mạc tại ÐMC.") == "Đại hội đã bế mạc tại ĐMC."
    assert normalize_text("Eiður Guðjohnsen") == "Eiður Guðjohnsen"  # no Vietnamese letter: kept



def test_word_count_counts_syllables() -> None:
    assert word_count("Bộ trưởng  Quốc phòng\nNga.") == 5
    assert word_count("") == 0
    assert word_count("Hà Nội - Sáng 3/6, • mưa … lớn") == 6  # a dash, a bullet, an ellipsis: no syllable


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
TYPO_TEXT = SENTENCE_WITH_TYPO.replace("Trần Vĩnh Khiêm", "Trần Vĩnh Khiên")  # m and n: neighbouring keys


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
    assert corrections == {"Trần Vĩnh Khiên": "Trần Vĩnh Khiêm"}
    assert apply_corrections(TYPO_TEXT, corrections) == SENTENCE_WITH_TYPO


def test_typo_needs_the_ratio() -> None:
    texts = ["Ông Trần Vĩnh Khiêm đến.", "Bà Trần Vĩnh Khiên đi.", "Ông Trần Vĩnh Khiêm về."]
    assert find_name_typos(texts) == {}  # 2 : 1 is below 3 : 1
    assert find_name_typos(texts, min_ratio=2.0) == {"Trần Vĩnh Khiên": "Trần Vĩnh Khiêm"}


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


def test_hyphenated_foreign_name_typo_is_compared_whole() -> None:
    # The capitalised runs split "Hezb-ul-Mujahedin" at its hyphens and its lower-case word;
    # compared whole, the slip with one letter dropped is found, and the correction leaves the
    # longer right spelling alone (the slip is a prefix of it).
    texts = [
        "Nhóm Hezb-ul-Mujahedin đã lên tiếng.",
        "Người phát ngôn của Hezb-ul-Mujahedin cho biết.",
        "Lực lượng Hezb-ul-Mujahedin rút lui.",
        "Chỉ vài giờ sau, nhóm Hezb-ul-Mujahedi nhận trách nhiệm.",
    ]
    corrections = find_name_typos(texts)
    assert corrections == {"Hezb-ul-Mujahedi": "Hezb-ul-Mujahedin"}
    assert apply_corrections(" ".join(texts), corrections).count("Hezb-ul-Mujahedin") == 4
    # Short compounds stay out, as short single words do: "Yo-jong" / "Yeo-jong" are two
    # transliterations, and "K-League" / "V-League" two leagues.
    short = ["bà Kim Yo-jong nói."] * 3 + ["bà Kim Yeo-jong cười."] + ["giải V-League"] * 3 + ["giải K-League"]
    assert find_name_typos(short) == {}


def test_hyphenated_name_written_in_two_casings_takes_the_usual_one() -> None:
    texts = ["ông Kim Jong-un phát biểu."] * 3 + ["ông Kim Jong-Un cười.", "bà Ri Sol-ju và Ri Sol-Ju."]
    # 3 : 1 takes the usual casing (1.5 : 1 is enough: neither is a slip, one is wanted); 1 : 1
    # leaves both, as there is no usual one.
    assert find_name_typos(texts) == {"Jong-Un": "Jong-un"}
    assert find_name_typos(texts[2:]) == {}  # one "Jong-un", one "Jong-Un"
    # with or without its hyphen, likewise
    storm = ["bão Ya-gi đổ bộ.", "Bão Yagi mạnh.", "siêu bão Yagi gây mưa.", "Yagi giật cấp 16."]
    assert find_name_typos(storm) == {"Ya-gi": "Yagi"}
    # a headline in capitals keeps its capitals
    assert "JONG-UN" not in find_name_typos(texts + ["KIM JONG-UN TỚI HÀ NỘI"])
    # a word with a capital inside it, likewise (ViMs Cluster_108's headline had "CotecCons")
    brand = ["Tập đoàn Vingroup mở cửa hàng."] * 3 + ["VinGroup bán hộ nông sản.", "Hãng VietJet và Vietjet."]
    assert find_name_typos(brand) == {"VinGroup": "Vingroup"}  # VietJet 1 : Vietjet 1, no usual one


def test_apply_corrections_whole_words_only() -> None:
    corrections = {"Phạm Văn Bìnhh": "Phạm Văn Bình", "Hà Nộii": "Hà Nội"}
    text = "Ông Phạm Văn Bìnhh ở Hà Nộii, không phải Phạm Văn Bìnhhx."
    assert apply_corrections(text, corrections) == "Ông Phạm Văn Bình ở Hà Nội, không phải Phạm Văn Bìnhhx."
    assert apply_corrections(text, {}) == text


# --- Traps: look-alike names that are two real names, or a correction in the wrong direction.
# Each text below is invented; every sentence differs, so no two occurrences are copies.


_BEFORE = "sáng trưa chiều tối đêm hôm mai mốt xưa nay sớm muộn lúc khi rồi vừa".split()
_AFTER = "nói cười đi về ăn ngủ hát học viết đọc chạy nhảy bơi lặn bay đứng".split()


def distinct_sentences(name: str, n: int, start: int = 0) -> list[str]:
    """n sentences mentioning ``name`` (never at a sentence start), each with other words on
    both sides of it, so no two are copies of one another."""
    return [
        f"Đoàn {_BEFORE[i % 16]} {_BEFORE[(i // 16 + i + 3) % 16]} gặp {name} {_AFTER[i % 16]} {_AFTER[(i + 5) % 16]}."
        for i in range(start, start + n)
    ]


def test_other_initial_consonant_in_a_two_syllable_name_is_another_name() -> None:
    texts = distinct_sentences("Bộ Nông", 5) + ["Theo đề xuất, Bộ Công an sẽ họp."]
    assert find_name_typos(texts) == {}
    (candidate,) = name_typo_candidates(texts)
    assert (candidate.typo, candidate.correction, candidate.rejected_by) == ("Bộ Công", "Bộ Nông", REJECT_INITIAL_CONSONANT)


def test_initial_consonant_slip_on_a_neighbouring_key_is_corrected() -> None:
    # h and n touch on the keyboard: "Hà Hội" is a slip for the frequent "Hà Nội".
    texts = distinct_sentences("Hà Nội", 5) + ["Chiều qua, đoàn về Hà Hội an toàn."]
    assert find_name_typos(texts) == {"Hà Hội": "Hà Nội"}


def test_three_syllable_name_is_anchored_even_with_another_initial() -> None:
    # Two shared syllables make it one person; h and l do not touch, still a typo.
    texts = distinct_sentences("ông Trần Minh Lộc", 5) + ["Sau đó, ông Trần Minh Hộc phát biểu."]
    assert find_name_typos(texts) == {"Trần Minh Hộc": "Trần Minh Lộc"}


def test_dropping_a_mark_needs_stronger_evidence() -> None:
    # A forgotten tone mark is the usual slip, so the marked form is not "corrected" away
    # on the plain ratio: 5 : 1 is enough for other typos but not for Thị -> Thi.
    wrong_way = distinct_sentences("bà Lê Thi Mận", 5) + ["Trước đó, bà Lê Thị Mận đã khai báo."]
    assert find_name_typos(wrong_way) == {}
    assert [c.rejected_by for c in name_typo_candidates(wrong_way)] == [REJECT_MARK_DROP]
    # A real extra mark with overwhelming evidence is still corrected.
    real = distinct_sentences("chung cư Phước Yên", int(NAME_TYPO_MARK_DROP_RATIO)) + ["Xe về chung cư Phước Yến."]
    assert find_name_typos(real) == {"Phước Yến": "Phước Yên"}
    # Adding a forgotten mark needs only the plain ratio.
    added = distinct_sentences("bà Lê Thị Mận", 3) + ["Trước đó, bà Lê Thi Mận đã khai báo."]
    assert find_name_typos(added) == {"Lê Thi Mận": "Lê Thị Mận"}


def test_a_tone_swapped_for_another_needs_stronger_evidence() -> None:
    # Two players of one team: a striker Nguyễn Văn Toàn named four times, a goalkeeper Nguyễn
    # Văn Toản once. Another tone is another name; "correcting" it would state a falsehood.
    texts = distinct_sentences("tiền đạo Nguyễn Văn Toàn", 4) + ["Thủ môn Nguyễn Văn Toản có một trận an nhàn."]
    assert find_name_typos(texts) == {}
    assert [c.rejected_by for c in name_typo_candidates(texts)] == [REJECT_TONE_SWAP]
    # With the evidence a dropped mark needs, a swapped tone is taken for the slip it then is.
    many = distinct_sentences("bị cáo Trần Cảnh Lạc", int(NAME_TYPO_MARK_DROP_RATIO)) + ["Bị cáo Trần Cạnh Lạc khai."]
    assert find_name_typos(many) == {"Trần Cạnh Lạc": "Trần Cảnh Lạc"}


def test_foreign_name_with_or_without_marks_is_one_spelling() -> None:
    umlaut = distinct_sentences("HLV Jurgen Kloppe", 5) + ["Sau trận, HLV Jürgen Kloppe cảm ơn khán giả."]
    assert find_name_typos(umlaut) == {}
    assert [c.rejected_by for c in name_typo_candidates(umlaut)] == [REJECT_FOREIGN_MARKS]
    # A Vietnamese tone mark on a Korean name is the slip, never the correction.
    tone = distinct_sentences("anh Park Jiwọon", 5) + ["Cảnh sát bắt anh Park Jiwoon tại sân bay."]
    assert find_name_typos(tone) == {}


def test_spelling_used_in_several_places_is_deliberate() -> None:
    texts = distinct_sentences("em Cao Đức", 12) + distinct_sentences("huyện Cam Đức", 3, start=20)
    assert find_name_typos(texts) == {}
    assert [c.rejected_by for c in name_typo_candidates(texts)] == [REJECT_REPEATED]
    # The same spelling copied from one sentence (even with a changed ending) is one use: a typo.
    copied = [
        "Nhà báo gặp em Cam Đức ở trường.",
        "Nhà báo gặp em Cam Đức ở trường hôm qua.",
        "Nhà báo gặp em Cam Đức ở lớp.",
    ]
    assert find_name_typos(distinct_sentences("em Cao Đức", 12) + copied) == {"Cam Đức": "Cao Đức"}


def test_two_spellings_given_ages_years_apart_are_two_people() -> None:
    # The thief and the pawnbroker, in sentences of their own: their ages tell them apart.
    thief = ["Công an bắt Nguyễn Văn Hùng (28 tuổi, quê Đồng Tháp).", "Nguyễn Văn Hùng, 28 tuổi, khai nhận.",
             "Ông Nguyễn Văn Hùng bị tạm giam."]
    pawnbroker = ["Chủ tiệm cầm đồ là Nguyễn Văn Hưng (45 tuổi) cũng bị triệu tập."]
    assert find_name_typos(thief + pawnbroker) == {}
    assert [c.rejected_by for c in name_typo_candidates(thief + pawnbroker)] == [REJECT_TWO_NAMES]
    # Years of birth alike; one year apart (reports disagree on a person's age) is still a slip.
    born = ["Nguyễn Văn Hùng (SN 1995) bị bắt.", "Nguyễn Văn Hùng (sinh năm 1995) khai.", "Nguyễn Văn Hùng bị giam."]
    assert find_name_typos(born + ["Chủ tiệm Nguyễn Văn Hưng (SN 1978) bị triệu tập."]) == {}
    assert find_name_typos(thief + ["Anh Nguyễn Văn Hưng (29 tuổi) bị bắt."]) == {"Nguyễn Văn Hưng": "Nguyễn Văn Hùng"}
    # An age against a year of birth is not compared.
    assert find_name_typos(thief + ["Anh Nguyễn Văn Hưng (SN 1970) bị bắt."]) == {"Nguyễn Văn Hưng": "Nguyễn Văn Hùng"}


def test_two_spellings_in_one_sentence_are_two_people() -> None:
    # A father and his son, the son named once in a sentence that names the father too, copied by
    # three reports: not a slip of the father's name.
    both = "Ông Nguyễn Văn Hùng, thợ mộc, có con trai là Nguyễn Văn Hưng vừa đỗ thủ khoa."
    texts = [both] * 3 + distinct_sentences("ông Nguyễn Văn Hùng", 6)
    assert find_name_typos(texts) == {}
    assert [c.rejected_by for c in name_typo_candidates(texts)] == [REJECT_TWO_NAMES]
    # In sentences of their own, the same counts are a slip, corrected.
    apart = ["Con trai ông là Nguyễn Văn Hưng."] * 3 + distinct_sentences("ông Nguyễn Văn Hùng", 9)
    assert find_name_typos(apart) == {"Nguyễn Văn Hưng": "Nguyễn Văn Hùng"}
    # A shorter name whose slip makes a syllable the cluster uses nowhere else stays a slip, in
    # one sentence with the right spelling too.
    slip = ["Phía Trung Quóc cho biết Trung Quốc phản đối."] + distinct_sentences("phía Trung Quốc", 5)
    assert find_name_typos(slip) == {"Trung Quóc": "Trung Quốc"}
    # ... also where the slip stands inside a longer name: its syllable is still used nowhere else.
    inside = ["Phía Trung Quóc cho biết Trung Quốc phản đối, theo Tân Hoa Xã Trung Quóc."]
    assert find_name_typos(inside + distinct_sentences("phía Trung Quốc", 5)) == {"Trung Quóc": "Trung Quốc"}
    # Its syllable in use elsewhere ("Hưng" of "Hưng Yên"): two names.
    used = ["Đội Hưng Hà thắng Hùng Hà tại Hưng Yên."] + distinct_sentences("đội Hùng Hà", 5)
    assert find_name_typos(used) == {}
    assert [c.rejected_by for c in name_typo_candidates(used)] == [REJECT_TWO_NAMES]


def test_vietnamese_syllable_shape_and_keyboard_neighbours() -> None:
    assert all(map(is_vietnamese_syllable, ["Thị", "nghiêng", "Đắk", "khuya", "Quảng", "giữa"]))
    assert not any(map(is_vietnamese_syllable, ["Mövenpick", "François", "Myụngun", "Stephane", "bcd"]))
    assert keys_touch("h", "N") and keys_touch("m", "n") and keys_touch("Đ", "s")
    assert not keys_touch("c", "n") and not keys_touch("m", "r") and not keys_touch("ă", "ư")


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


def test_typo_report_script_lists_applied_and_refused(tmp_path, capsys) -> None:
    from conftest import load_script

    module = load_script("typo_report")

    corpus = tmp_path / "corpus"
    for cluster, body in {
        "c1": distinct_sentences("Hà Nội", 5) + ["Chiều qua, đoàn về Hà Hội an toàn."],
        "c2": distinct_sentences("Bộ Nông", 5) + ["Theo đề xuất, Bộ Công an sẽ họp."],
    }.items():
        (corpus / cluster).mkdir(parents=True)
        (corpus / cluster / "a.txt").write_text("Tiêu đề bản tin\n" + "\n".join(body), encoding="utf-8")

    assert module.main(["--vims", str(corpus), "--context", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "c1\t'Hà Hội' (1) -> 'Hà Nội' (5)\tapplied\t…n về Hà Hội an t…"
    assert lines[1].startswith("applied: 1; refused: 1 {'initial-consonant': 1}; finding typos took ")
    assert module.main(["--vims", str(corpus), "--rejected", "--context", "5"]) == 0
    refused = capsys.readouterr().out.splitlines()[1]
    assert refused.startswith("c2\t'Bộ Công' (1) -> 'Bộ Nông' (5)\trefused (initial-consonant)\t")


def test_tone_style_follows_the_cluster_majority_and_keeps_case() -> None:
    texts = ["Hoà bình và hòa bình.", "Hòa Xuân, HOÀ XUÂN, hòa hợp.", "Thuý và Thúy; thủy và thuỷ."]
    table = tone_style_corrections(texts)
    # mark on the first vowel 5 (hòa, Hòa, hòa, Thúy, thủy) vs the second 4 (Hoà, HOÀ, Thuý,
    # thuỷ): the majority style wins for every such syllable, each case kept
    assert table == {"Hoà": "Hòa", "HOÀ": "HÒA", "Thuý": "Thúy", "thuỷ": "thủy"}
    assert apply_corrections("HOÀ bình, Hoà Xuân", table) == "HÒA bình, Hòa Xuân"
    # ties go to the canonical placement of fold_tone_placement (the second vowel)
    assert fold_tone_placement("thúy") == "thuý" and fold_tone_placement("thủy") == "thuỷ"
    assert tone_style_corrections(["Thuý và Thúy; thủy và thuỷ."]) == {"Thúy": "Thuý", "thủy": "thuỷ"}


def test_one_tone_style_for_the_whole_cluster() -> None:
    # Each word is written one way only, but the words disagree: "Cộng hoà" and "thỏa thuận"
    # would mix the styles in one summary. The second-vowel style has 4 occurrences, the
    # first-vowel style 2: every such syllable takes the second.
    texts = ["Nước Cộng hoà ký thoả thuận.", "Hai bên hoà giải, thỏa mãn.", "Uỷ ban họp với Đại úy."]
    assert tone_style_corrections(texts) == {"thỏa": "thoả", "úy": "uý"}
    # "quý", "hoàng", "khuya" have one placement only: never listed
    assert tone_style_corrections(["quý hoàng khuya hoà", "hòa hòa"]) == {"hoà": "hòa"}


def test_tone_style_never_changes_letters() -> None:
    # kỹ/kĩ and Lý/Lí differ by a letter, not by where the mark sits: left as written
    assert tone_style_corrections(["kỹ thuật kĩ càng", "ông Lý và ông Lí", "kỹ sư"]) == {}
    # one style only: nothing to do
    assert tone_style_corrections(["hoà bình", "hoà hợp"]) == {}
    # a misplaced mark on a syllable the cluster mostly spells right is fixed the same way
    assert tone_style_corrections(["toàn bộ", "toàn dân", "tòan quốc"]) == {"tòan": "toàn"}


def test_vietnamese_word_share() -> None:
    from summarizer.normalize import vietnamese_word_share

    assert vietnamese_word_share(["Bộ trưởng Quốc phòng Nga 2013"]) == pytest.approx(3 / 5)  # Bộ, trưởng, Quốc
    assert vietnamese_word_share(["Le président a déclaré", "Bo truong Quoc phong"]) == 0.0  # é is French too
    assert vietnamese_word_share(["2013 - 10.000", ""]) is None


def test_an_accent_on_a_consonant_is_no_tone_mark_style() -> None:
    # "Śnoa" (a Polish name, or text decoded with the wrong code page) ends in "oa" with an acute,
    # but on the S: it has no second spelling, and the cluster's style leaves it alone.
    assert tone_style_corrections(["Đội Śnoa gặp đội Ćuy tại Hà Nội.", "Lễ ký ở Hoà Bình."]) == {}
    assert tone_style_corrections(["Đội Śnoa và ńoa", "hòa hòa hoà"]) == {"hoà": "hòa"}


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    # Half of an emoji cut by a JSON API: no character, and nothing can encode it as UTF-8.
    text = normalize_text("Cầu mới \ud83d khánh thành\ud83d")
    assert text == "Cầu mới \ufffd khánh thành\ufffd"
    text.encode("utf-8")


def test_a_deliberate_spelling_is_corrected_alone_where_a_name_it_differs_in_is_corrected() -> None:
    # "Guendogan" (an accepted transliteration of Gündoğan) in three places is no slip alone; but
    # "Ilkay Guendogan" is corrected to the cluster's "Ilkay Gundogan", so the surname alone
    # follows, or a summary would tell "Ilkay Gundogan" and then "Guendogan"
    texts = (distinct_sentences("tiền vệ Ilkay Gundogan", 6) + distinct_sentences("cầu thủ Gundogan", 20, start=10)
             + ["Tiền vệ Ilkay Guendogan ký hợp đồng 4 năm.", "Sau trận, HLV khen Guendogan chạy rất tốt.",
                "Báo Đức viết rằng Guendogan sẽ nghỉ dài.", "Người hâm mộ chào đón Guendogan tại sân bay."])
    assert {(c.typo, c.rejected_by) for c in name_typo_candidates(texts)} == {
        ("Guendogan", REJECT_REPEATED), ("Ilkay Guendogan", None)}
    assert find_name_typos(texts) == {"Ilkay Guendogan": "Ilkay Gundogan", "Guendogan": "Gundogan"}
    # without the full name corrected, the deliberate spelling stays
    assert find_name_typos([t for t in texts if "Ilkay Guendogan" not in t]) == {}


def test_a_run_of_combining_marks_is_cut_and_a_decomposed_letter_kept() -> None:
    import unicodedata

    from summarizer.normalize import MAX_COMBINING_MARKS, normalize_text

    assert normalize_text("Vie\u0323\u0302t Nam") == "Việt Nam"  # two marks: a Vietnamese letter, composed
    noisy = "a" + "\u0301\u0323" * 50_000 + " b"  # before: NFC reordered it in quadratic time
    kept = normalize_text(noisy)
    assert kept == unicodedata.normalize("NFC", "a" + ("\u0301\u0323" * MAX_COMBINING_MARKS)[:MAX_COMBINING_MARKS] + " b")
    for marks in ("\u0591\u05b0", "\u0483\u0323"):  # any script's marks (review: Hebrew, Cyrillic were not cut)
        assert normalize_text("a" + marks * 50_000) == unicodedata.normalize("NFC", "a" + (marks * 2)[:MAX_COMBINING_MARKS])
    assert normalize_text("Chờ đã...... !!!!!! ------") == "Chờ đã...... !!!!!! ------"  # punctuation runs stay


def test_a_corrector_applies_the_longest_typo_first_as_whole_words() -> None:
    from summarizer.normalize import apply_corrections, corrector

    table = {"Nguyễn Văn Thàn": "Nguyễn Văn Thành", "Thàn": "Thành", "Jong-Un": "Jong-un"}
    fix = corrector(table)
    assert fix("Ông Nguyễn Văn Thàn và Thàn, Kim Jong-Un.") == "Ông Nguyễn Văn Thành và Thành, Kim Jong-un."
    assert fix("Thàny Thàn_1 xThàn") == "Thàny Thàn_1 xThàn"  # inside a longer word: left
    assert apply_corrections("Thàn.", table) == "Thành." and apply_corrections("Thàn.", {}) == "Thàn."
    many = {f"Tên{i}x": f"Tên{i}y" for i in range(5000)}  # built once: each text read word by word
    assert corrector(many)("Tên42x gặp Tên4999x.") == "Tên42y gặp Tên4999y."
