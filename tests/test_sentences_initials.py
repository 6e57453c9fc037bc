"""Sentence ends after a capital letter and its period, inside brackets, and at a page abbreviation;
a foreign name broken after its middle initial across two lines."""

from __future__ import annotations

import pytest

from summarizer import sentences
from summarizer.sentences import MAX_BRACKET_REACH, ends_sentence, split_sentences
from summarizer.unwrap import unwrap_lines

# (case name, text, expected sentences)
CASES: list[tuple[str, str, list[str]]] = [
    (
        "a letter labelled by a common noun ends the sentence",
        "Em đạt 29,5 điểm khối A. Ông Hùng làm nghề thợ mộc. Đội nằm ở bảng B. Các đối thủ đều mạnh. "
        "Cam chứa nhiều vitamin C. Bác sĩ khuyên ăn cam. Nhà thầu được xếp hạng A. Tuy nhiên dự án vẫn chậm.",
        ["Em đạt 29,5 điểm khối A.", "Ông Hùng làm nghề thợ mộc.", "Đội nằm ở bảng B.", "Các đối thủ đều mạnh.",
         "Cam chứa nhiều vitamin C.", "Bác sĩ khuyên ăn cam.", "Nhà thầu được xếp hạng A.",
         "Tuy nhiên dự án vẫn chậm."],
    ),
    (
        "an abbreviated name after a kinship word ends the sentence",
        "Anh ta cắt đứt quan hệ với anh L. Nhưng cũng lúc này chị biết tin. Chị kể với ông L. Vì bị hỏi "
        "mãi, chị khai hết. Nhóm này đập cửa nhà bà H. Sau đó chúng bỏ chạy.",
        ["Anh ta cắt đứt quan hệ với anh L.", "Nhưng cũng lúc này chị biết tin.", "Chị kể với ông L.",
         "Vì bị hỏi mãi, chị khai hết.", "Nhóm này đập cửa nhà bà H.", "Sau đó chúng bỏ chạy."],
    ),
    (
        "a unit letter after a lower-case word or a figure",
        "Nhiệt độ thấp nhất 23 độ C. Nhiệt độ cao nhất 31 độ C. Nhiệt độ là 3,5độ C. Tỷ lệ là 3,5 %.",
        ["Nhiệt độ thấp nhất 23 độ C.", "Nhiệt độ cao nhất 31 độ C.", "Nhiệt độ là 3,5độ C.", "Tỷ lệ là 3,5 %."],
    ),
    (
        "a labelled letter or a unit glued to the next sentence",
        "Nhiệt độ cao nhất 34 độ C.Nhiệt độ thấp nhất 24 độ C. Sạc nhanh 67 W.Máy có pin lớn. "
        "Ông Nguyễn V.Hùng nói. Đội ở bảng B.Bình Dương đứng đầu.",
        ["Nhiệt độ cao nhất 34 độ C.", "Nhiệt độ thấp nhất 24 độ C.", "Sạc nhanh 67 W.", "Máy có pin lớn.",
         "Ông Nguyễn V.Hùng nói.", "Đội ở bảng B.Bình Dương đứng đầu."],
    ),
    (
        "a labelled letter before a foreign word and an opener before a name",
        "Brazil nằm ở bảng B. Ecuador là đối thủ đầu tiên. Đội xếp thứ ba ở bảng E. Theo Bộ Y tế, không ai bị thương.",
        ["Brazil nằm ở bảng B.", "Ecuador là đối thủ đầu tiên.", "Đội xếp thứ ba ở bảng E.",
         "Theo Bộ Y tế, không ai bị thương."],
    ),
    (
        "an anonymised name closing a sentence before an opener and a name",
        "Người bị bắt là Nguyễn Văn K. Theo Công an tỉnh, K. đã khai nhận.",
        ["Người bị bắt là Nguyễn Văn K.", "Theo Công an tỉnh, K. đã khai nhận."],
    ),
    (
        "initials that go on into a name, a place or a club",
        "Tay vợt M. Sharapova giành chiến thắng. Tổng thống Donald J. Trump phát biểu. Tàu USS John C. Stennis "
        "rời cảng. Anh Nguyễn Văn A. cho biết vậy. Ông N.V.A. (45 tuổi) bị bắt. Anh trú tại P. Tân An, TP Buôn "
        "Ma Thuột. Trận đấu giữa Quảng Nam và B. Bình Dương kết thúc. Cựu tổng thống John F. Kennedy nói.",
        ["Tay vợt M. Sharapova giành chiến thắng.", "Tổng thống Donald J. Trump phát biểu.",
         "Tàu USS John C. Stennis rời cảng.", "Anh Nguyễn Văn A. cho biết vậy.", "Ông N.V.A. (45 tuổi) bị bắt.",
         "Anh trú tại P. Tân An, TP Buôn Ma Thuột.", "Trận đấu giữa Quảng Nam và B. Bình Dương kết thúc.",
         "Cựu tổng thống John F. Kennedy nói."],
    ),
    (
        "a role before a public figure's initial: the name goes on unless an opener follows",
        "Phút 30, tiền vệ Q. Hải ghi bàn. Cầu thủ C. Ronaldo sút hỏng. Ca sĩ M. Tâm hát. "
        "Khán giả chờ tiền đạo V. Sau đó anh vào sân. Cảnh sát bắt ca sĩ N. Anh này khai nhận. "
        "Họ gặp người mẫu T. Hắn bỏ đi.",
        ["Phút 30, tiền vệ Q. Hải ghi bàn.", "Cầu thủ C. Ronaldo sút hỏng.", "Ca sĩ M. Tâm hát.",
         "Khán giả chờ tiền đạo V.", "Sau đó anh vào sân.", "Cảnh sát bắt ca sĩ N.", "Anh này khai nhận.",
         "Họ gặp người mẫu T.", "Hắn bỏ đi."],
    ),
    (
        "a one-letter administrative unit goes on into its place, even one named like an opener",
        "Vụ cháy xảy ra tại X. Bà Điểm, H. Hóc Môn, TP.HCM vào sáng nay. Anh Tâm ngụ tại H. Từ Liêm, Hà Nội. "
        "Xe chạy qua T. Bà Rịa - Vũng Tàu. Nhóm này đập cửa nhà bà H. Ông Tư chạy ra. Đó là việc riêng của H. "
        "Tại một địa điểm ở Q.7, H kêu ông chờ. Người đi cùng là tên H. Gây án xong, H bỏ trốn.",
        ["Vụ cháy xảy ra tại X. Bà Điểm, H. Hóc Môn, TP.HCM vào sáng nay.", "Anh Tâm ngụ tại H. Từ Liêm, Hà Nội.",
         "Xe chạy qua T. Bà Rịa - Vũng Tàu.", "Nhóm này đập cửa nhà bà H.", "Ông Tư chạy ra.",
         "Đó là việc riêng của H.", "Tại một địa điểm ở Q.7, H kêu ông chờ.", "Người đi cùng là tên H.",
         "Gây án xong, H bỏ trốn."],
    ),
    (
        "abbreviations and glued names are left as they were",
        "PGS.TS. Lê Khoa đến TP.HCM xem Man.Utd đá. Theo BS. Lê Tám, bệnh nhân đã ổn.",
        ["PGS.TS. Lê Khoa đến TP.HCM xem Man.Utd đá.", "Theo BS. Lê Tám, bệnh nhân đã ổn."],
    ),
    (
        "page abbreviation",
        "Xem thêm tr. 12 của báo cáo. Số liệu ở tr. 3. Bảng 2 cho thấy điều đó.",
        ["Xem thêm tr. 12 của báo cáo.", "Số liệu ở tr. 3.", "Bảng 2 cho thấy điều đó."],
    ),
    (
        "a period inside a bracket that closes soon",
        "Ông Hải (sinh năm 1970. Quê Nghệ An) là người phát hiện. Anh Toàn (SN 1988, phường Vinh Tân,TP. Vinh) "
        "tử vong. Cô viết “Feel safe” (Tạm dịch: Tấm lưng của anh ấy... Cảm thấy bình yên) rồi tắt máy.",
        ["Ông Hải (sinh năm 1970. Quê Nghệ An) là người phát hiện.",
         "Anh Toàn (SN 1988, phường Vinh Tân, TP. Vinh) tử vong.",
         "Cô viết “Feel safe” (Tạm dịch: Tấm lưng của anh ấy... Cảm thấy bình yên) rồi tắt máy."],
    ),
    (
        "brackets that close before the period, never, or far after it",
        "(Đây là lần thứ ba.) Cảnh sát điều tra. Nước cấp theo mùa (mùa hè 7 khối/tháng. Hiện nay công ty "
        "xả thải. Giá 5 triệu (đã gồm thuế). Sau đó tăng. Có 3 người (trong đó 2 người bị thương nặng. "
        "Những người còn lại đã được đưa về nhà, sức khỏe ổn định, gia đình đã đến đón) về quê.",
        ["(Đây là lần thứ ba.)", "Cảnh sát điều tra.", "Nước cấp theo mùa (mùa hè 7 khối/tháng.",
         "Hiện nay công ty xả thải.", "Giá 5 triệu (đã gồm thuế).", "Sau đó tăng.",
         "Có 3 người (trong đó 2 người bị thương nặng.",
         "Những người còn lại đã được đưa về nhà, sức khỏe ổn định, gia đình đã đến đón) về quê."],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split_cases(name: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_the_far_bracket_case_closes_beyond_the_reach() -> None:
    text = CASES[-1][1]
    period = text.index("nặng.") + len("nặng.")
    assert text.index(")", period) - period > MAX_BRACKET_REACH


def test_ends_sentence_reads_lines_as_the_splitter_does() -> None:
    assert ends_sentence("Em đạt 29,5 điểm khối A.", "Ông Hùng làm nghề thợ mộc.")
    assert ends_sentence("Đội tuyển nằm ở bảng B.", "Họ lần lượt gặp Ecuador, Haiti.")
    assert not ends_sentence("Tay vợt người Nga M.", "Sharapova giành chiến thắng.")
    assert not ends_sentence("Vụ cháy xảy ra tại X.", "Bà Điểm, H. Hóc Môn, TP.HCM vào sáng nay.")
    assert ends_sentence("Nhóm này đập cửa nhà bà H.", "Ông Tư chạy ra.")
    assert not ends_sentence("Ông Hải (sinh năm 1970.", "Quê Nghệ An) là người phát hiện.")
    assert ends_sentence("Giá 5 triệu (đã gồm thuế). Ông Hải (sinh năm 1970).", "Quê ông ở Nghệ An.")


def test_brackets_are_scanned_once_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # The split counts open brackets as it goes: each character is read once, however many periods
    # inside brackets keep a sentence open ("(năm 1970. Quê An)" below, 300 times in one sentence,
    # where counting again from the sentence's start would read some 45 times the line), and
    # each look for a closing bracket reads at most MAX_BRACKET_REACH characters after a period.
    scanned: list[int] = []
    looks: list[int] = []
    depth, closes_soon = sentences._bracket_depth, sentences._bracket_closes_soon

    def counted_depth(line: str, start: int, end: int, depth_at_start: int = 0) -> int:
        scanned.append(end - start)
        return depth(line, start, end, depth_at_start)

    def counted_closes_soon(line: str, position: int) -> bool:
        looks.append(position)
        return closes_soon(line, position)

    monkeypatch.setattr(sentences, "_bracket_depth", counted_depth)
    monkeypatch.setattr(sentences, "_bracket_closes_soon", counted_closes_soon)
    line = ("Câu (một. Hai) xong. " * 300 + "Câu (mở mà không đóng. Tiếp tục. " * 300
            + "Ông (năm 1970. Quê An) " * 300 + "về quê.")
    result = split_sentences(line)
    assert result[:2] == ["Câu (một. Hai) xong.", "Câu (một. Hai) xong."]
    assert result[298:602] == ["Câu (một. Hai) xong."] * 2 + ["Câu (mở mà không đóng.", "Tiếp tục."] * 151
    assert " ".join(result[900:]) == ("Ông (năm 1970. Quê An) " * 300 + "về quê.").strip()
    assert sum(scanned) <= len(line)
    assert len(looks) <= line.count(".")


LONG = "khi máy bay tác chiến điện tử cố gắng hạ cánh xuống boong"


def test_a_foreign_name_broken_after_its_middle_initial_is_rejoined() -> None:
    lines = [
        f"Phát ngôn viên cho biết sự cố xảy ra {LONG} trên tàu sân bay USS John C.",
        "Stennis vào tối ngày 29/5.",
        "Báo cáo ban đầu ước tính thiệt hại khoảng 68 triệu USD.",
    ]
    assert unwrap_lines(lines) == [lines[0] + " " + lines[1], lines[2]]
    assert split_sentences("\n".join(unwrap_lines(lines)))[0].endswith("John C. Stennis vào tối ngày 29/5.")


@pytest.mark.parametrize(
    "lines",
    [
        [f"Người bị bắt {LONG} là Nguyễn Văn A.", "Sau đó, A. khai nhận."],  # a Vietnamese name ends it
        [f"Người bị bắt {LONG} là Nguyễn Văn A.", "Stennis nói vậy."],  # a Vietnamese name, a foreign word
        [f"Danh sách {LONG} {LONG} {LONG} gồm những người sau đây.", "Smith J.", "Brown K.",
         f"Họ {LONG} {LONG} {LONG} sẽ có mặt."],  # a roster of names
        ["Tàu USS John C.", "Stennis vào tối 29/5."],  # a short line: a heading
        [f"Phát ngôn viên cho biết sự cố xảy ra {LONG} trên tàu USS John C.", "Stennis Foundation cho hay."],
    ],
)
def test_lines_ending_in_an_initial_that_stay_apart(lines: list[str]) -> None:
    assert unwrap_lines(lines) == lines
