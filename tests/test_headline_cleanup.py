"""What sites add around a headline (a trailing outlet name, a trailing label, "!!!") is cut
from every candidate, and a title in capitals or one that asks gives way to one that tells."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest

from _tiny_model import ScriptedBackend

from summarizer import headline, salience
from summarizer.documents import TextReport
from summarizer.options import HeadlineOptions
from summarizer.pipeline import summarize

FIRE = "Cháy chợ Đồng Xuân, hàng trăm ki-ốt bị thiêu rụi"


@pytest.mark.parametrize("title", [
    f"{FIRE} - VnExpress",
    f"{FIRE} | Báo Tuổi Trẻ",
    f"{FIRE} - Dân trí",
    f"{FIRE} – Tuổi Trẻ Online",
    f"{FIRE}- Báo Công an nhân dân",
    f"{FIRE} - Thanh Niên",
    f"{FIRE} — Báo Quảng Ninh",  # "Báo" and a capitalised name
    f"{FIRE} | VOV.VN",  # a web address
    f"{FIRE} - Dantri.com.vn",
    f"{FIRE} (VIDEO)",
    f"{FIRE} [Ảnh]",
    f"{FIRE} - Video",
    f"{FIRE} (clip)",
    f"{FIRE} (Video + ảnh) - VnExpress",  # a label, then the outlet
])
def test_trailing_outlet_names_and_labels_go(title: str) -> None:
    assert headline.strip_label(title) == FIRE
    assert headline.clean_candidate(title + ".") == FIRE


@pytest.mark.parametrize("title", [
    "Khai trương đường bay Hà Nội - Hải Phòng",
    "U23 thắng đậm trận Việt Nam - Thái Lan 2-1",
    "Trận siêu kinh điển Ronaldo - Messi",
    "Mưa lớn gây ngập nhiều nơi ở Thừa Thiên - Huế",
    "Tranh chấp tiền lương giữa doanh nghiệp - người lao động",  # an outlet's name, in lower case
    "Chương trình nâng cao hiểu biết - dân trí",
    "Việt Nam là điểm đến hấp dẫn nhất - Báo Mỹ",  # whose press says it
    "MU thua đậm - Báo Anh chỉ trích Mourinho",
    "Ô nhiễm không khí ở Hà Nội - Báo động đỏ",
    "Bão số 5 đổ bộ vào Đài Loan (Trung Quốc)",
])
def test_a_dash_or_bracket_of_the_headline_stays(title: str) -> None:
    assert headline.strip_label(title) == title
    # ... also behind an outlet name that does go
    assert headline.strip_label(f"{title} - VnExpress") == title


def test_too_short_a_headline_keeps_its_tail() -> None:
    assert headline.strip_label("Cháy chợ - VnExpress") == "Cháy chợ - VnExpress"
    assert headline.strip_label("Cháy chợ lớn (Video)") == "Cháy chợ lớn (Video)"
    assert headline.strip_label("Cháy chợ lớn ở Hà Nội (Video)") == "Cháy chợ lớn ở Hà Nội"


def test_outlet_names() -> None:
    assert headline.is_outlet_name("Báo Tuổi Trẻ") and headline.is_outlet_name("Tuổi Trẻ Online")
    assert headline.is_outlet_name("Báo điện tử Dân trí") and headline.is_outlet_name("VNEXPRESS")
    assert not headline.is_outlet_name("người lao động") and not headline.is_outlet_name("Hải Phòng")
    assert not headline.is_outlet_name("Báo Hàn Quốc") and not headline.is_outlet_name("Báo cáo")


def test_a_run_of_marks_is_one_mark() -> None:
    assert headline.strip_label("NÓNG: Cháy lớn tại chợ Đồng Xuân, tiểu thương mất trắng!!!") == \
        "Cháy lớn tại chợ Đồng Xuân, tiểu thương mất trắng!"
    assert headline.strip_label("Cháy lớn tại chợ Đồng Xuân ! ! !") == "Cháy lớn tại chợ Đồng Xuân!"
    # a question stays a question (and a teaser)
    assert headline.reduce_marks("Vì sao lửa lan nhanh như vậy?!") == "Vì sao lửa lan nhanh như vậy?"
    assert headline.reduce_marks("Vì sao lửa lan nhanh như vậy???") == "Vì sao lửa lan nhanh như vậy?"
    # one mark is the editor's and stays
    assert headline.strip_label("Người mẹ kêu cứu: 'Hãy cứu con tôi!'") == "Người mẹ kêu cứu: 'Hãy cứu con tôi!'"
    assert headline.clean_candidate("Cháy lớn tại chợ Đồng Xuân!!! Câu hai.") == "Cháy lớn tại chợ Đồng Xuân!"


def test_a_title_in_capitals_gives_way_to_one_in_sentence_case() -> None:
    # The capitals are closer to the summary, but a headline is written in sentence case.
    reference = ["Sáng 12/7, Thủy điện Hòa Bình mở cửa xả đáy thứ hai.", "Người dân được khuyến cáo không đánh bắt cá."]
    titles = [("THỦY ĐIỆN HÒA BÌNH MỞ CỬA XẢ ĐÁY", "caps.txt"), ("Thủy điện Hòa Bình xả đáy lần hai", "plain.txt")]
    ranked = salience.rank_source_titles(titles, reference)
    assert [c.file for c in ranked] == ["plain.txt", "caps.txt"]
    assert ranked[1].text == "THỦY ĐIỆN HÒA BÌNH MỞ CỬA XẢ ĐÁY"  # left as written
    assert salience.is_all_caps("THỦY ĐIỆN HÒA BÌNH MỞ CỬA XẢ ĐÁY")
    assert not salience.is_all_caps("ĐT Việt Nam gặp UAE ở vòng loại FIFA")  # acronyms in a sentence
    assert not salience.is_all_caps("UBND TP.HCM")  # too short to tell
    assert headline.style_score("THỦY ĐIỆN HÒA BÌNH MỞ CỬA XẢ ĐÁY") < headline.style_score("Thủy điện Hòa Bình mở cửa xả đáy")


def test_a_title_in_title_case_gives_way_to_one_in_sentence_case() -> None:
    # The title-cased one is closer to the summary (it names Nga), but every word capitalised is
    # no Vietnamese headline's style.
    reference = ["Montenegro ký nghị định thư gia nhập NATO.", "Nga lập tức dọa trừng phạt Montenegro."]
    titles = [("Montenegro Gia Nhập NATO, Nga Lập Tức Dọa Trừng Phạt", "title.txt"),
              ("NATO ký nghị định thư kết nạp Montenegro", "plain.txt")]
    assert [c.file for c in salience.rank_source_titles(titles, reference)] == ["plain.txt", "title.txt"]
    # without the discount the title-cased one wins: the test tells the two apart
    title_cased, plain = salience.score_source_titles(titles, reference)
    assert plain.score < title_cased.score / salience.TEASER_DISCOUNT
    assert salience.is_title_case("Montenegro Gia Nhập NATO, Nga Lập Tức Dọa Trừng Phạt")
    assert not salience.is_title_case("Tổng Bí thư Nguyễn Phú Trọng thăm Cuba")  # a lower-case word
    assert not salience.is_title_case("Lionel Messi Lập Kỷ")  # four words may all be a name
    assert headline.style_score("Montenegro Gia Nhập NATO, Nga Lập Tức Dọa") < \
        headline.style_score("Montenegro gia nhập NATO, Nga lập tức dọa")


def test_a_teaser_wins_only_when_twice_as_central() -> None:
    # The question lists the summary's actors: raw cosine 1.78 times the statement's.
    reference = [
        "Chi cục Quản lý thị trường Hà Nội trả lại 2 tấn xúc xích bị tạm giữ cho công ty Minh Phát.",
        "Cục An toàn thực phẩm kết luận xúc xích của công ty Minh Phát an toàn.",
        "Công ty Minh Phát cho biết doanh số sụt giảm mạnh sau vụ tạm giữ.",
    ]
    titles = [("Vụ xúc xích Minh Phát, Chi cục Quản lý thị trường Hà Nội nói gì?", "q.txt"),
              ("Doanh nghiệp được minh oan sau vụ tạm giữ", "t.txt")]
    assert [c.file for c in salience.rank_source_titles(titles, reference)] == ["t.txt", "q.txt"]


def test_the_extractive_headline_is_clean() -> None:
    body = ("Khoảng 2h sáng 15/3, đám cháy bùng phát tại tầng 2 chợ Đồng Xuân, quận Hoàn Kiếm, Hà Nội. "
            "Lực lượng chữa cháy đã điều động 20 xe chữa cháy đến hiện trường. "
            "Hàng trăm ki-ốt bị thiêu rụi, chưa có thiệt hại về người.")
    reports = [TextReport("a.txt", f"{FIRE} | Báo Tuổi Trẻ\n{body}"),
               TextReport("b.txt", f"{FIRE} - VnExpress\n{body.replace('Khoảng 2h', 'Rạng')}")]
    result = summarize(reports)
    assert result.title == FIRE
    assert [c.text for c in result.title_candidates] == [FIRE]  # one title once its outlet goes


def test_model_candidates_are_cleaned_the_same_way() -> None:
    backend = ScriptedBackend([[f"{FIRE}!! (VIDEO)", f"{FIRE} - VnExpress."]])
    candidates, _ = headline.model_candidates(backend, FIRE + ".", prefix="", budget=1024,
                                              options=HeadlineOptions(num_candidates=2))
    assert candidates == [FIRE + "!", FIRE]
    choice = headline.choose(candidates, [(f"{FIRE} | Báo Tuổi Trẻ", "a.txt")], FIRE + ".", HeadlineOptions(),
                             sources=[FIRE + "."])
    assert choice.title == FIRE and choice.origin == "source"


def _one_tail_at_a_time(text: str) -> str:
    """The rule of ``strip_label`` for the tails as first written: one tail per pass, each pass
    searching the whole title and counting the syllables of what stays (quadratic in the tails)."""
    while True:
        match = headline._TRAILING_LABEL.search(text)
        if match and headline._is_label(match.group("bracketed") or match.group("plain")):
            head = text[: match.start()]
        else:
            separators = list(headline._SEPARATOR.finditer(text))
            if not separators or not headline.is_outlet_name(text[separators[-1].end() :]):
                return text
            head = text[: separators[-1].start()]
        head = head.rstrip(" :-–—|")
        if len(headline.syllables(head)) < headline.MIN_AFTER_LABEL:
            return text
        text = head


TAILS = [" - Video", " (VIDEO)", " [Ảnh]", " | Báo Tuổi Trẻ", " - VnExpress", "- Dân trí", " – Tuổi Trẻ Online",
         " (Video + ảnh).", " | VOV.VN", " - Hải Phòng", " - Báo Mỹ", " (Trung Quốc)", "  -  Clip"]


@pytest.mark.parametrize("head", [FIRE, "Cháy chợ", "Cháy chợ lớn", "Cháy chợ lớn ở", "Khai trương đường bay Hà Nội"])
def test_many_tails_go_as_one_at_a_time_would(head: str) -> None:
    for start in range(len(TAILS)):
        title = head + "".join(TAILS[(start + i * 5) % len(TAILS)] for i in range(40))
        assert headline.strip_label(title) == _one_tail_at_a_time(title)


class _Counted:
    """A compiled pattern that counts the characters it is given to read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.read = pattern, 0

    def _span(self, text: str, pos: int, endpos: int) -> None:
        self.read += min(endpos, len(text)) - pos

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self._span(text, pos, endpos)
        return self.pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self._span(text, pos, endpos)
        return self.pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        self._span(text, pos, endpos)
        return self.pattern.finditer(text, pos, endpos)


@pytest.mark.parametrize(("title", "expected"), [
    ("Khánh thành cầu Hòa Xuân qua sông" + " - Video" * 2000, "Khánh thành cầu Hòa Xuân qua sông"),
    (FIRE + " (Video) - VnExpress | Báo Tuổi Trẻ" * 500, FIRE),
    ("Cháy chợ" + " - Video" * 2000, "Cháy chợ - Video - Video"),  # the tails go while 4 syllables stay
    ("Cháy chợ" + " (Video)" * 2000, "Cháy chợ (Video) (Video)"),
])
def test_a_title_with_many_tails_is_read_once(monkeypatch: pytest.MonkeyPatch, title: str, expected: str) -> None:
    # Each tail is found from the right, reading only its own end of the title, and the syllables
    # are counted for a few of the shortest heads only (one pass per tail, each searching the whole
    # title and counting what stays, took 8.5 s for 2,000 tails and 33 s for 4,000).
    label, separator = _Counted(headline._TRAILING_LABEL), _Counted(headline._SEPARATOR)
    monkeypatch.setattr(headline, "_TRAILING_LABEL", label)
    monkeypatch.setattr(headline, "_SEPARATOR", separator)
    counted: list[str] = []
    syllables = headline.syllables

    def counted_syllables(text: str) -> list[str]:
        counted.append(text)
        return syllables(text)

    monkeypatch.setattr(headline, "syllables", counted_syllables)
    assert headline.strip_label(title) == expected
    assert label.read + separator.read <= 2 * len(title)
    assert len(counted) <= headline.MIN_AFTER_LABEL + 1
    assert sum(map(len, counted)) <= (headline.MIN_AFTER_LABEL + 1) * len(expected)
