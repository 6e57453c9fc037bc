"""Loader fixes: related-article lines behind arrows (">> Xem thêm: …"), a web page's lead under
more class names ("ArticleLead", "detailSapo", "chapeau"), VnExpress's location stamp, UTF-16
without a byte-order mark in decomposed Vietnamese, related-news boxes under real sites' class
names, and files whose extension is not what they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.documents import read_report

TITLE = "Cháy lớn tại chợ Bình Tây"
LEAD = "Rạng sáng 14/3, ngọn lửa bùng lên từ khu hàng vải ở tầng trệt của chợ. Lực lượng cứu hỏa đã khống chế đám cháy sau ba giờ."
MORE = "Không có thương vong về người."
STORY = f"{TITLE}\n{LEAD}\n{MORE}\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# B1: navigation lines behind arrows
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("arrow", [">>", ">>>", "»", "›", ">> ", "» "])
def test_a_navigation_line_behind_arrows_leaves_the_body(tmp_path: Path, arrow: str) -> None:
    text = (STORY + f"{arrow}Xem thêm: Cháy kho hàng ở Bình Dương, thiệt hại hàng tỉ đồng\n"
            f"{arrow}Đọc thêm: Cảnh giác với hỏa hoạn trong mùa khô\n"
            f"{arrow}Tin liên quan: Hỏa hoạn tại chợ Kim Biên\n")
    assert read_report(write(tmp_path / "a.txt", text)).body == f"{LEAD}\n{MORE}"


def test_a_sentence_behind_arrows_after_the_label_stays(tmp_path: Path) -> None:
    line = ">> Xem thêm chi tiết về kế hoạch sửa chữa chợ tại đây."
    assert read_report(write(tmp_path / "a.txt", STORY + line)).body.endswith("sửa chữa chợ tại đây.")


def test_a_web_pages_navigation_line_behind_arrows_leaves_the_body(tmp_path: Path) -> None:
    page = (f"<html><body><article><h1>{TITLE}</h1><p>{LEAD}</p>"
            '<p><strong>>> Đọc thêm:</strong> <a href="/x">Cháy kho hàng ở Bình Dương</a></p>'
            f"<p>{MORE}</p>"
            '<p><strong>&gt;&gt;&gt; Xem thêm:</strong> <a href="/y">Hỏa hoạn tại chợ Kim Biên</a></p>'
            '<p>» <a href="/z">Đọc thêm: Cảnh giác với hỏa hoạn trong mùa khô</a></p>'
            "</article></body></html>")
    assert read_report(write(tmp_path / "a.html", page)).body == f"{LEAD}\n{MORE}"
