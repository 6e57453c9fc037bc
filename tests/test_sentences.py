"""Sentence splitting of Vietnamese news text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from summarizer.documents import Report
from summarizer.sentences import MAX_SENTENCE_WORDS, Sentence, sentences_of, split_run_on, split_sentences

# (case name, text, expected sentences). Also used by scripts/compare_splitter.py.
CASES: list[tuple[str, str, list[str]]] = [
    (
        "missing space after period",
        "Hai bên ký thỏa thuận với Tổng thống Rahmon.Sáng 9/3, lễ đón diễn ra tại Dushanbe.",
        ["Hai bên ký thỏa thuận với Tổng thống Rahmon.", "Sáng 9/3, lễ đón diễn ra tại Dushanbe."],
    ),
    (
        "glued period inside a foreign name",
        "Man.Utd thắng Atl.Madrid. HA.GL hòa.Sau trận, họ về nước.“Chúng tôi mệt” - ông nói.UBND tỉnh họp. SHB.Đà Nẵng về nhì ở TP.HCM.Sáng nay mưa. Họp ở UBND.Sáng nay xong.",
        ["Man.Utd thắng Atl.Madrid.", "HA.GL hòa.", "Sau trận, họ về nước.", "“Chúng tôi mệt” - ông nói.",
         "UBND tỉnh họp.", "SHB.Đà Nẵng về nhì ở TP.HCM.", "Sáng nay mưa.", "Họp ở UBND.", "Sáng nay xong."],
    ),
    (
        "company suffix ends a sentence",
        "Cổ phần thuộc Thanh Niên Corp. Như vậy, công ty đổi chủ. Samsung Co. Ltd. Hàn Quốc đầu tư.",
        ["Cổ phần thuộc Thanh Niên Corp.", "Như vậy, công ty đổi chủ.", "Samsung Co. Ltd. Hàn Quốc đầu tư."],
    ),
    (
        "half-spaced hyphen between figures and a glued comma",
        "Sáng 20- 5, ông cho biết,Goo sẽ về. Giai đoạn 2016 -2020 có 3,5 triệu khách, 10 - 12 đoàn.",
        ["Sáng 20-5, ông cho biết, Goo sẽ về.", "Giai đoạn 2016-2020 có 3,5 triệu khách, 10 - 12 đoàn."],
    ),
    (
        "glued sentence after name of country",
        "Đoàn đã thăm Lào.Ngay sau đó, hai bên hội đàm.",
        ["Đoàn đã thăm Lào.", "Ngay sau đó, hai bên hội đàm."],
    ),
    (
        "city abbreviation glued and spaced",
        "Mưa lớn ở TP.HCM và TP. Cần Thơ kéo dài. Nhiều tuyến đường ngập.",
        ["Mưa lớn ở TP.HCM và TP. Cần Thơ kéo dài.", "Nhiều tuyến đường ngập."],
    ),
    (
        "academic titles",
        "PGS.TS. Lê Văn Khoa và ThS. Đỗ Minh, Th.S Vũ Hà trình bày. GS.TS.Hồ Lâm chủ trì.",
        ["PGS.TS. Lê Văn Khoa và ThS. Đỗ Minh, Th.S Vũ Hà trình bày.", "GS.TS.Hồ Lâm chủ trì."],
    ),
    (
        "v.v. inside and at the end",
        "Rau, củ, quả v.v. đều tăng giá. Gạo, thịt v.v. Sau đó giá giảm.",
        ["Rau, củ, quả v.v. đều tăng giá.", "Gạo, thịt v.v.", "Sau đó giá giảm."],
    ),
    (
        "numbers with separators",
        "Giá tăng 1.000 đồng, tức 7.5% hay 3,5 lần so với năm 2012. Đội U.23 thắng 2-1.",
        ["Giá tăng 1.000 đồng, tức 7.5% hay 3,5 lần so với năm 2012.", "Đội U.23 thắng 2-1."],
    ),
    (
        "dates",
        "Hội nghị diễn ra từ 7-10/8/2013. Ngày 7/8 khai mạc. Ngày 19.5 bế mạc.",
        ["Hội nghị diễn ra từ 7-10/8/2013.", "Ngày 7/8 khai mạc.", "Ngày 19.5 bế mạc."],
    ),
    (
        "quote ends the sentence",
        'Ông Minh nói: "Chúng tôi sẽ hợp tác." Sau đó hai bên ký kết.',
        ['Ông Minh nói: "Chúng tôi sẽ hợp tác."', "Sau đó hai bên ký kết."],
    ),
    (
        "curly quotes and attribution after a question",
        "“Thật sao?” ông hỏi lại. “Đúng vậy!” bà đáp.",
        ["“Thật sao?” ông hỏi lại.", "“Đúng vậy!” bà đáp."],
    ),
    (
        "glued question and exclamation",
        "Ai chịu trách nhiệm?Chưa có câu trả lời!Dư luận bức xúc.",
        ["Ai chịu trách nhiệm?", "Chưa có câu trả lời!", "Dư luận bức xúc."],
    ),
    (
        "ellipses",
        "Còn nhiều việc phải làm... Nhưng chúng tôi tin tưởng… Họ nói vậy… rồi im lặng.",
        ["Còn nhiều việc phải làm...", "Nhưng chúng tôi tin tưởng…", "Họ nói vậy… rồi im lặng."],
    ),
    (
        "quoted word after an ellipsis",
        "Có thể máy bay đã… “hạ cánh” nhầm xuống biển. Ông Hòa nói: “… Chúng tôi chưa rõ”.",
        ["Có thể máy bay đã… “hạ cánh” nhầm xuống biển.", "Ông Hòa nói: “… Chúng tôi chưa rõ”."],
    ),
    (
        "omitted text marker",
        "Bản tin viết (...) Hai bên đồng ý. Kết thúc.",
        ["Bản tin viết (...) Hai bên đồng ý.", "Kết thúc."],
    ),
    (
        "initials of a name",
        "Ông Nguyễn V. Hùng cho biết vậy. Tổng thống V.Putin đến Hà Nội.",
        ["Ông Nguyễn V. Hùng cho biết vậy.", "Tổng thống V.Putin đến Hà Nội."],
    ),
    (
        "initial closing an anonymised name before a new sentence",
        "Người bị bắt là Nguyễn Văn K. Sau đó, K. khai nhận. Ông Trần Thị Mộng P. Theo lời kể thì khác.",
        ["Người bị bắt là Nguyễn Văn K.", "Sau đó, K. khai nhận.", "Ông Trần Thị Mộng P.", "Theo lời kể thì khác."],
    ),
    (
        "initial that does not close a Vietnamese name",
        "Bà Lê Thị N. (52 tuổi) đến. Nguyễn Văn K. Sau đó đi. Ông Lý X. Tùng về. Cựu tổng thống John F. Kennedy nói.",
        ["Bà Lê Thị N. (52 tuổi) đến.", "Nguyễn Văn K. Sau đó đi.", "Ông Lý X. Tùng về.",
         "Cựu tổng thống John F. Kennedy nói."],
    ),
    (
        "line break without period",
        "Dòng đầu không có dấu chấm\nDòng hai có dấu chấm.\n\nĐoạn mới",
        ["Dòng đầu không có dấu chấm", "Dòng hai có dấu chấm.", "Đoạn mới"],
    ),
    (
        "space before period and digit-initial sentence",
        "Họ đến thủ đô Viêng Chăn . 3 người bị thương.",
        ["Họ đến thủ đô Viêng Chăn.", "3 người bị thương."],
    ),
    (
        "one-letter word ends a sentence",
        "Giải đấu lớn nhất châu Á. ABG5 có 14 môn thi.",
        ["Giải đấu lớn nhất châu Á.", "ABG5 có 14 môn thi."],
    ),
    (
        "abbreviation after a slash",
        "Bay giữa Hà Nội/TP. Hồ Chí Minh và Đà Nẵng. Giá vé giảm.",
        ["Bay giữa Hà Nội/TP. Hồ Chí Minh và Đà Nẵng.", "Giá vé giảm."],
    ),
    (
        "attribution after a dash",
        "“Vì sao lại chậm?” - ông Lộc hỏi. Hai bên ký kết. - Sau đó, đoàn rời đi.",
        ["“Vì sao lại chậm?” - ông Lộc hỏi.", "Hai bên ký kết.", "- Sau đó, đoàn rời đi."],
    ),
    (
        "web address",
        "Tin đăng trên vnexpress.net sáng nay. Bạn đọc phản hồi.",
        ["Tin đăng trên vnexpress.net sáng nay.", "Bạn đọc phản hồi."],
    ),
    (
        "unit letter after a number",
        "Điện thoại sạc nhanh 33 W. Máy có hai màu, giá 5 triệu. Anh Lê V. Nam đến mua.",
        ["Điện thoại sạc nhanh 33 W.", "Máy có hai màu, giá 5 triệu.", "Anh Lê V. Nam đến mua."],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split_cases(name: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_empty_and_punctuation_only() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ... \n***\n-") == []


def test_single_spaces_and_stripping() -> None:
    assert split_sentences("  Một   câu\tcó  nhiều khoảng trắng.  ") == ["Một câu có nhiều khoảng trắng."]
    assert split_sentences("Câu một.\tCâu hai.\r\nCâu ba.\u00a0Câu bốn.") == ["Câu một.", "Câu hai.", "Câu ba.", "Câu bốn."]


def test_split_is_linear_on_a_long_line() -> None:
    text = "Câu số một có dấu chấm.Câu tiếp theo dính liền. " * 20000
    sentences = split_sentences(text)
    assert len(sentences) == 40000
    assert sentences[1] == "Câu tiếp theo dính liền."


def _report(file: str, body: str) -> Report:
    return Report(file=file, path=Path(file).resolve(), encoding="utf-8", title=None, body=body)


def test_sentences_of_keeps_file_index_and_report_order() -> None:
    reports = [_report("b.txt", "Câu một. Câu hai.\nCâu ba"), _report("a.txt", "Câu bốn!")]
    assert sentences_of(reports) == [
        Sentence("Câu một.", "b.txt", 0, 0),
        Sentence("Câu hai.", "b.txt", 1, 0),
        Sentence("Câu ba", "b.txt", 2, 0),
        Sentence("Câu bốn!", "a.txt", 0, 1),
    ]


def test_list_markers_stay_with_their_item() -> None:
    text = "Đó là:\n1. Công ty An Phú (số 2, Hà Nội)\n2. Công ty Bình Minh.\nb. Mục phụ. IV. Phần bốn."
    assert split_sentences(text) == [
        "Đó là:",
        "1. Công ty An Phú (số 2, Hà Nội)",
        "2. Công ty Bình Minh.",
        "b. Mục phụ.",
        "IV. Phần bốn.",
    ]


def test_a_run_on_sentence_is_cut_at_clause_boundaries() -> None:
    clause = "người dân trong xã đã cùng nhau dọn dẹp bùn đất sau trận lũ lớn nhất nhiều năm qua,"  # 19 words
    text = "Sáng nay " + " ".join([clause] * 30) + " mọi việc dần ổn định"
    pieces = split_sentences(text)
    assert " ".join(pieces) == text  # nothing lost, nothing added
    assert all(len(p.split()) <= MAX_SENTENCE_WORDS for p in pieces)
    assert len(pieces) == 3
    assert all(p.endswith(",") for p in pieces[:-1])  # each cut at the last comma in its window
    assert pieces[-1].endswith("ổn định")


def test_a_run_on_sentence_without_clause_marks_is_cut_after_the_limit() -> None:
    words = [f"từ{i}" for i in range(450)]
    assert split_run_on(" ".join(words), 200) == [" ".join(words[:200]), " ".join(words[200:400]), " ".join(words[400:])]


def test_a_cut_never_opens_a_piece_with_a_dash() -> None:
    words = ["chữ"] * 150 + ["-"] + ["khác"] * 100
    pieces = split_run_on(" ".join(words), 200)
    assert pieces == [" ".join(["chữ"] * 150), " ".join(["khác"] * 100)]


def test_a_long_news_sentence_under_the_limit_stays_whole() -> None:
    sentence = "Theo báo cáo, " + " ".join(["mưa lớn kéo dài làm ngập nhiều tuyến đường,"] * 20) + " giao thông tê liệt."
    assert len(sentence.split()) <= MAX_SENTENCE_WORDS
    assert split_sentences(sentence) == [sentence]


_WORDS = st.sampled_from(["mưa", "lũ", "Hà", "Nội,", "dân;", "cầu:", "-", "–", "số", "12,", "ngày"])
_DASH_WORDS = ("-", "–")


@settings(max_examples=200, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=400), limit=st.integers(min_value=2, max_value=60))
@example(words=["mưa", "mưa", "-", "-", "mưa"], limit=2)  # a run of dashes at a cut
def test_split_run_on_invariants(words: list[str], limit: int) -> None:
    assume(any(w not in _DASH_WORDS for w in words))  # split_sentences passes only text with a word
    sentence = " ".join(words)
    pieces = split_run_on(sentence, limit)
    assert all(0 < len(p.split(" ")) <= limit for p in pieces)
    assert all(p.split(" ")[0] not in _DASH_WORDS for p in pieces[1:])  # a cut never opens on a dash
    # every word but the dashes at the cuts is kept, in order
    kept = [w for p in pieces for w in p.split(" ")]
    assert [w for w in kept if w not in _DASH_WORDS] == [w for w in words if w not in _DASH_WORDS]
    if len(words) <= limit:
        assert pieces == [sentence]
