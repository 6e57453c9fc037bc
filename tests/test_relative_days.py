"""Relative days ("hôm qua", "sáng nay") in a summary are listed for the editor."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summarizer import relative_days
from summarizer.cli import app
from summarizer.relative_days import RelativeDay


def test_relative_days_are_found_with_their_sentence() -> None:
    sentences = [
        "Sáng nay, UBND thành phố khánh thành cây cầu.",
        "Hôm qua (13/6), công nhân đã hoàn thiện lan can.",  # the date is given: not listed
        "Theo kế hoạch, chiều mai cầu mở cửa; hôm kia đã chạy thử.",
        "Hiện nay và ngày nay, ánh sáng qua khe cửa vượt qua mọi thứ.",  # none of these
    ]
    found = relative_days.find(sentences, headline="Tối qua cầu sáng đèn")
    assert found == [
        RelativeDay("Tối qua", 0),
        RelativeDay("Sáng nay", 1),
        RelativeDay("chiều mai", 3),
        RelativeDay("hôm kia", 3),
    ]
    message = relative_days.warning(found)
    assert message is not None and message.endswith(
        "'Tối qua' (headline), 'Sáng nay' (sentence 1), 'chiều mai' (sentence 3), 'hôm kia' (sentence 3)"
    )
    assert relative_days.warning([]) is None
    assert relative_days.find(["Sáng nay (ngày 14/6), cầu mở cửa.", "Hôm nay (thứ Hai, 14-6) trời nắng."]) == []


def test_a_date_right_after_the_expression_says_its_day() -> None:
    dated = [
        "Sáng nay 14/6, cầu mở cửa.",
        "Chiều nay, 14/6, trời mưa to.",
        "Chiều qua, ngày 13/6, công nhân thử tải.",
        "Hôm nay 14.6 là ngày thông xe.",
        "Sáng nay 14-6-2016, tại Hà Nội, trời mưa.",
        "Chiều qua, ngày 13-6-2016, cầu chạy thử.",
        "Hôm nay 14/6: cầu thông xe.",
    ]
    assert relative_days.find(dated) == []
    # A figure that is not a date does not say the day.
    for figure in ("Hôm nay 2.500 người qua cầu.", "Hôm nay, 10-15 người bị thương.", "Hôm nay, 3-0 cho đội nhà."):
        assert relative_days.find([figure]) == [RelativeDay("Hôm nay", 1)], figure


def test_the_summary_json_carries_the_warning(write_reports) -> None:
    folder = write_reports({
        "a.txt": "Cầu Hòa Xuân thông xe\nSáng nay, cầu đi bộ Hòa Xuân ở Đà Nẵng chính thức thông xe sau hai năm thi công.\n",
        "b.txt": "Đà Nẵng thông xe cầu đi bộ\nCầu đi bộ Hòa Xuân ở Đà Nẵng chính thức thông xe sau hai năm thi công.\n",
    })
    result = CliRunner().invoke(app, [str(folder), "--engine", "extractive", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    relative = [w for w in data["warnings"] if w.startswith("relative days")]
    assert relative == [relative_days.warning(relative_days.find([s["text"] for s in data["sentences"]], data["title"]))]
    assert "'Sáng nay' (sentence 1)" in relative[0]


@pytest.mark.parametrize(("text", "told"), [
    ("Đến khoảng 9h sáng nay (29/5), công an vây bắt đối tượng.", "Đến khoảng 9h sáng 29/5, công an vây bắt đối tượng."),
    ("Hôm nay 20.5, bà chính thức nhậm chức.", "Ngày 20.5, bà chính thức nhậm chức."),
    ("Ông ra Hà Nội chiều qua, ngày 19/5.", "Ông ra Hà Nội chiều ngày 19/5."),
    ("Ngày hôm qua (24/5) nhiều người đã thấy anh.", "Ngày 24/5 nhiều người đã thấy anh."),
    ("Cặp đôi sẽ kết hôn vào ngày mai (21/5).", "Cặp đôi sẽ kết hôn vào ngày 21/5."),
    ("Hôm nay 2.500 người đã đến.", "Hôm nay 2.500 người đã đến."),  # no date
    ("Sáng nay đội tập nhẹ.", "Sáng nay đội tập nhẹ."),  # no date: the warning lists it
    ("Sáng nay (29/5 đội tập.", "Sáng nay (29/5 đội tập."),  # a bracket never closed
    ("U23 thắng Indonesia tối qua 2-1 trên sân Mỹ Đình.", "U23 thắng Indonesia tối qua 2-1 trên sân Mỹ Đình."),  # a score
    ("Hôm nay 2.5 triệu học sinh dự thi.", "Hôm nay 2.5 triệu học sinh dự thi."),  # an amount
    ("Sáng nay 1-6, tin từ Bộ chỉ huy cho biết.", "Sáng 1-6, tin từ Bộ chỉ huy cho biết."),
])  # fmt: skip
def test_a_relative_day_with_its_date_is_told_by_the_date(text: str, told: str) -> None:
    assert relative_days.dated(text) == told


def test_a_relative_day_inside_someones_words_is_not_edited(write_reports) -> None:
    from summarizer.options import SummarizeOptions
    from summarizer.pipeline import summarize

    folder = write_reports({"a.txt": "Khai trương tuyến buýt\nHôm nay (20/5), thành phố khai trương tuyến buýt số 120.\n"
                                     "Ông Minh nói: “Hôm nay (20/5) là ngày vui của thành phố.”\n"})
    texts = [s.text for s in summarize(folder, SummarizeOptions(engine="extractive")).sentences]
    assert texts[0] == "Ngày 20/5, thành phố khai trương tuyến buýt số 120."  # before: "Hôm nay (20/5), ..."
    assert texts[1] == "Ông Minh nói: “Hôm nay (20/5) là ngày vui của thành phố.”"


def test_the_headline_is_told_by_the_date_too(write_reports) -> None:
    from summarizer.options import SummarizeOptions
    from summarizer.pipeline import summarize

    folder = write_reports({"a.txt": "Sáng nay (3/6) khởi công nút giao thông Mỹ Thủy\n"
                                     "Sáng 3/6, thành phố khởi công xây dựng nút giao thông Mỹ Thủy ở quận 2.\n"})
    result = summarize(folder, SummarizeOptions(engine="extractive"))
    assert result.title == "Sáng 3/6 khởi công nút giao thông Mỹ Thủy"  # before: "Sáng nay (3/6) ..."
    assert result.title_candidates[0].text == result.title  # the winner, listed first, reads so too
