"""Fixes, round 19: each text's figures read once per title ranking and headline choice; the two
author-line limits under names of their own; one table of news outlets for titles and datelines;
a name-typo correction that names the person, not the country before the name."""

from __future__ import annotations

import importlib
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import documents, figures, headline, html_text, report_lines
from summarizer.cli import app
from summarizer.documents import load_folder
from summarizer.normalize import apply_corrections, find_name_typos, name_typo_candidates
from summarizer.options import HeadlineOptions
# A fire whose toll one report updates (the titles of a.txt and b.txt state a figure), and its
# summary as the extractive engine picks it.
from test_headline_fixes18 import FIRE, FIRE_SUMMARY

runner = CliRunner()

# ---------------------------------------------------------------------------------------------
# Figures read once per ranking or choice
# ---------------------------------------------------------------------------------------------



@pytest.fixture()
def figures_read(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times ``figures.figures_in`` reads each text while the test runs."""
    read: Counter[str] = Counter()
    original = figures.figures_in

    def counting(sentence: str, **options: bool) -> list[figures.Figure]:
        read[sentence] += 1
        return original(sentence, **options)

    monkeypatch.setattr(figures, "figures_in", counting)
    return read


def test_ranking_the_titles_reads_each_text_once_and_ranks_as_before(figures_read: Counter[str]) -> None:
    titles = [(t, f) for t, f, _ in FIRE]
    reports = [(f, f"{t}\n{b}") for t, f, b in FIRE]
    ranked = headline.rank_source_titles(titles, FIRE_SUMMARY, reports)
    assert [c.file for c in ranked] == ["b.txt", "c.txt", "a.txt"]  # the stale toll last, as before
    assert figures_read and max(figures_read.values()) == 1, figures_read.most_common(3)
    # the titles, the reports' sentences and the summary's (each a report's sentence again), all read
    assert set(figures_read) >= {t for t, _ in titles} | set(FIRE_SUMMARY)


def test_the_headline_choice_and_the_stale_test_read_each_text_once(figures_read: Counter[str]) -> None:
    titles = [(t, f) for t, f, _ in FIRE]
    sources = [s for t, _, b in FIRE for s in (t, *b.split(". "))]
    stale = "Cháy kho hàng ở Long An làm 2 người tử vong"
    choice = headline.choose([stale], titles, " ".join(FIRE_SUMMARY), HeadlineOptions(), sources=sources)
    assert choice.title == "Vụ cháy ở Đức Hòa: số người chết tăng lên 3"
    assert max(figures_read.values()) == 1, figures_read.most_common(3)
    figures_read.clear()
    assert headline.stale_figures(FIRE[0][0], [f"{t}\n{b}" for t, _, b in FIRE])
    assert max(figures_read.values()) == 1, figures_read.most_common(3)


# ---------------------------------------------------------------------------------------------
# The two author-line limits
# ---------------------------------------------------------------------------------------------


def test_the_two_author_line_limits_have_names_of_their_own(tmp_path: Path) -> None:
    assert not hasattr(documents, "BYLINE_MAX_WORDS") and not hasattr(html_text, "BYLINE_MAX_WORDS")
    text_limit = report_lines.TRAILING_AUTHOR_LINE_MAX_WORDS
    element_limit = html_text.AUTHOR_ELEMENT_LINE_MAX_WORDS
    assert text_limit < element_limit
    body = "Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt. Hai bên trao đổi về kế hoạch."
    names = ["Minh", "Anh", "Hồng", "Nhung", "Văn", "Minh"]
    # a closing line of capitalised names: an author line up to the text's limit, body text beyond
    (tmp_path / "short.txt").write_text(f"Cảng Cửa Việt mở rộng\n{body}\n{' '.join(names[:text_limit])}\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text(f"Cảng Cửa Việt mở rộng\n{body}\n{' '.join(names[:text_limit + 1])}\n", encoding="utf-8")
    reports = {r.file: r for r in load_folder(tmp_path).reports}
    assert reports["short.txt"].credits == (" ".join(names[:text_limit]),)
    assert reports["long.txt"].body.endswith(" ".join(names[:text_limit + 1]))
    # in an element that names the author, a longer line (a date beside the name) is a byline
    byline = "Thứ Hai, 23/5/2016 10:30 Minh Anh"
    assert text_limit < len(byline.split()) <= element_limit
    page = html_text.page_text(f"<html><body><article><h1>Cảng Cửa Việt mở rộng</h1><p class='author'>{byline}</p>"
                               f"<p>{body}</p></article></body></html>")
    assert page.bylines == (byline,) and byline not in page.lines


# ---------------------------------------------------------------------------------------------
# One table of outlets
# ---------------------------------------------------------------------------------------------


def test_titles_and_datelines_read_their_outlets_from_one_table(tmp_path: Path) -> None:
    outlets = importlib.import_module("summarizer.outlets")
    assert headline.OUTLETS == outlets.outlet_names(outlets.TITLE)
    assert report_lines.AGENCY_CODES == outlets.outlet_names(outlets.DATELINE)
    assert all(uses for _, uses in outlets.OUTLET_TABLE)  # no row that neither module reads
    names = [name for name, _ in outlets.OUTLET_TABLE]
    assert len(names) == len(set(names))
    # each use keeps its own spellings: a title's tail, a body's opening code
    assert headline.strip_label("Cháy lớn ở kho hàng Long An - VnExpress") == "Cháy lớn ở kho hàng Long An"
    assert headline.strip_label("Cháy lớn ở kho hàng Long An - Tin tức") == "Cháy lớn ở kho hàng Long An"
    assert headline.strip_label("Mỹ trừng phạt thêm các ngân hàng Nga - Reuters").endswith("- Reuters")
    body = "Sáng 3/4, đoàn công tác của tỉnh Quảng Trị đã đến thăm cảng Cửa Việt. Hai bên trao đổi về kế hoạch."
    (tmp_path / "a.txt").write_text(f"Cảng Cửa Việt mở rộng\nReuters - {body}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Cảng Cửa Việt mở rộng thêm\nTin tức - {body}\n", encoding="utf-8")
    reports = {r.file: r for r in load_folder(tmp_path).reports}
    assert reports["a.txt"].body == body and reports["a.txt"].credits == ("Reuters",)
    assert reports["b.txt"].body == f"Tin tức - {body}"  # "Tin tức" is an outlet in a title only


# ---------------------------------------------------------------------------------------------
# A name typo after a country
# ---------------------------------------------------------------------------------------------

# A summit: the Lao prime minister named with his country many times, misspelt once.
SUMMIT = [
    "Thủ tướng Lào Sonexay Siphandon đến Hà Nội chiều 5/6, bắt đầu chuyến thăm chính thức Việt Nam.",
    "Tại lễ đón, Thủ tướng Lào Sonexay Siphandon cảm ơn sự giúp đỡ của Việt Nam.",
    "Hai bên ký 12 văn kiện hợp tác về giao thông, năng lượng và giáo dục, Thủ tướng Lào Sonexay Siphandon cho biết.",
    "Chiều cùng ngày, Thủ tướng Lào Sonexay Siphandon gặp các doanh nghiệp Việt Nam đầu tư tại Lào.",
    "Báo chí hai nước đưa tin Thủ tướng Lào Sonexay Siphadon sẽ rời Hà Nội vào tối 6/6.",
]


def test_a_typo_after_a_country_is_named_from_the_name_on() -> None:
    corrections = find_name_typos(SUMMIT)
    assert corrections == {"Sonexay Siphadon": "Sonexay Siphandon"}  # was "Lào Sonexay Siphadon"
    # corrected where it was before, after the country; and where the name stands alone
    assert "Thủ tướng Lào Sonexay Siphandon sẽ rời" in apply_corrections(SUMMIT[-1], corrections)
    assert apply_corrections("Ông Sonexay Siphadon phát biểu.", corrections) == "Ông Sonexay Siphandon phát biểu."
    # a person's name after other countries and a province: one name of its own, with or without the place
    others = ([f"Hôm {d}, Tổng thống Nga Vladimir Putin điện đàm với Tổng thống Mỹ Joe Biden." for d in ("qua", "nay", "kia")]
              + ["Ông Vladimir Putln nói.", "Sáng nay, Tổng thống Mỹ Joe Bidem phát biểu."]
              + [f"Chiều {d}, Chủ tịch Huế Nguyễn Văn Hùng đón đoàn." for d in (2, 3, 4)]
              + ["Tối 5, Chủ tịch Huế Nguyễn Văn Hùnh dự tiệc."])
    assert find_name_typos(others, min_ratio=2.0) == {
        "Vladimir Putln": "Vladimir Putin", "Joe Bidem": "Joe Biden", "Nguyễn Văn Hùnh": "Nguyễn Văn Hùng",
    }
    # a place's own name that opens with a country's, or a name that opens with a place's word, stays whole
    whole = (["Khách du lịch đến Mỹ Latinh tăng."] * 3 + ["Đoàn khách đến Mỹ Latin."]
             + ["Ca sĩ Mỹ Tâm Nguyễn hát."] * 3 + ["Ca sĩ Mỹ Tâm Nguyễm hát."]
             + ["Hãng Malaysia Airlines Berhad kiện."] * 3 + ["Hãng Malaysia Airlines Berhadd kiện."]
             + ["Ông Nhật Hoàng Akihito thoái vị."] * 3 + ["Ông Nhật Hoàng Akihiko thoái vị."])
    assert {c.typo for c in name_typo_candidates(whole)} == {
        "Mỹ Latin", "Mỹ Tâm Nguyễm", "Malaysia Airlines Berhadd", "Nhật Hoàng Akihiko",
    }


def test_the_pipeline_warns_of_the_name_without_the_country(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Thủ tướng Lào thăm chính thức Việt Nam\n" + " ".join(SUMMIT[:3]) + "\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lào và Việt Nam ký 12 văn kiện hợp tác\n" + " ".join(SUMMIT[3:]) + "\n",
                                    encoding="utf-8")
    result = runner.invoke(app, [str(tmp_path), "--engine", "extractive", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    typo_warnings = [w for w in data["warnings"] if w.startswith("name typo corrected")]
    assert typo_warnings == ["name typo corrected: 'Sonexay Siphadon' -> 'Sonexay Siphandon'"]
    assert "Siphadon" not in data["summary"] + data["title"]
