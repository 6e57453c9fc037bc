#!/usr/bin/env python
"""How well saved web pages read back: ViMs reports in news-site page layouts, loaded, compared.

    python scripts/html_report.py [--vims ../shared/data/vims] [--count 60] [--json PATH]

``--count`` reports drawn at random (seeded) are written into each of the page layouts below, as
a news site would serve them, with the furniture such pages carry: a menu, a breadcrumb, a date
and author line, a photo with its caption inside the text, a "related news" list, tags, readers'
comments and a footer. Each page and the report's own text file are loaded through the normal
loader; printed per layout: how many pages give the text file's title, and how many give exactly
its body sentences, with the first differences.

Layouts: ``article`` (the story in an ``<article>``, comments after it), ``div`` (no
``<article>``: the story in a ``<div class="detail">``, comments in a sibling ``<div>``),
``br`` (paragraphs separated by ``<br>`` inside one ``<div>``), ``sapo`` (the lead in a
``<h2 class="sapo">``, the rest in ``<p>``), ``inside`` (related news, tags and readers' comments
inside the story's ``<article>``, as some sites nest them).
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _support import DEFAULT_VIMS, compare_written, corpus_missing, expected_reports, print_figures  # noqa: E402

SEED = 11
LAYOUTS = ("article", "div", "br", "sapo", "inside")
SHOWN_DIFFERENCES = 3
COMMENTS = (
    "Bài viết rất hay, cảm ơn tác giả.",
    "Mong các cơ quan chức năng sớm vào cuộc xử lý nghiêm.",
    "Tôi không đồng ý với ý kiến trên, cần xem xét thêm nhiều mặt.",
)
RELATED = ("Hà Nội đón đợt không khí lạnh mới", "Giá xăng dầu tăng nhẹ từ chiều nay", "Đội tuyển Việt Nam tập trung chuẩn bị vòng loại")


def _paragraphs(items: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in items)


def page(layout: str, title: str, paragraphs: list[str]) -> str:
    """The report as a news site's page in ``layout`` (see the module docstring)."""
    escaped = html.escape(title)
    head = (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escaped} | Báo Thử Nghiệm</title>"
            f"<meta property='og:title' content='{escaped}'><script>var ads = [];</script></head><body>")
    menu = ("<header><nav><ul>" + "".join(f"<li><a href='/{i}'>{name}</a></li>" for i, name in
            enumerate(("Trang chủ", "Thời sự", "Thế giới", "Kinh tế", "Thể thao"))) + "</ul></nav></header>")
    crumbs = "<div class='breadcrumb'><a href='/'>Trang chủ</a> » <a href='/thoi-su'>Thời sự</a></div>"
    byline = "<div class='meta'><span class='date'>Thứ Hai, 23/5/2016 10:30</span> <span class='author'>Minh Anh</span></div>"
    middle = len(paragraphs) // 2
    figure = ("<figure><img src='/anh.jpg' alt=''><figcaption>Hiện trường vụ việc. Ảnh: Minh Anh</figcaption></figure>")
    related = ("<div class='related'><h3>Tin liên quan</h3><ul>"
               + "".join(f"<li><a href='/tin/{i}'>{html.escape(r)}</a></li>" for i, r in enumerate(RELATED)) + "</ul></div>")
    tags = "<div class='tags'><a href='/tag/1'>thời sự</a> <a href='/tag/2'>xã hội</a></div>"
    comments = ("<div class='comments'><h3>Ý kiến bạn đọc</h3>"
                + "".join(f"<div class='comment'><b>Bạn đọc {i}</b><p>{html.escape(c)}</p></div>" for i, c in enumerate(COMMENTS))
                + "</div>")
    footer = "<footer><p>© Báo Thử Nghiệm. Giấy phép số 123/GP-BTTTT.</p></footer>"
    if layout == "article":
        story = (f"<article><h1>{escaped}</h1>{byline}{_paragraphs(paragraphs[:middle])}{figure}"
                 f"{_paragraphs(paragraphs[middle:])}{tags}</article>{related}{comments}")
    elif layout == "div":
        story = (f"<div class='main'><div class='detail'><h1 class='title'>{escaped}</h1>{byline}"
                 f"{_paragraphs(paragraphs[:middle])}{figure}{_paragraphs(paragraphs[middle:])}</div>"
                 f"{related}{comments}</div>")
    elif layout == "br":
        text = "<br><br>".join(html.escape(p) for p in paragraphs)
        story = f"<div class='detail'><h1>{escaped}</h1>{byline}<div class='content'>{text}</div></div>{related}{comments}"
    elif layout == "sapo":
        story = (f"<article><h1>{escaped}</h1>{byline}<h2 class='sapo'>{html.escape(paragraphs[0])}</h2>"
                 f"{_paragraphs(paragraphs[1:])}</article>{related}{comments}")
    elif layout == "inside":
        story = (f"<article><h1>{escaped}</h1>{byline}{_paragraphs(paragraphs[:middle])}{figure}"
                 f"{_paragraphs(paragraphs[middle:])}{tags}{related}{comments}</article>")
    else:
        raise ValueError(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    return head + menu + crumbs + story + footer + "</body></html>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if corpus_missing(args.vims):
        return 2
    figures: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        expected = expected_reports(args.vims, args.count, SEED, Path(scratch))
        for layout in LAYOUTS:
            figures[layout] = compare_written(layout, expected, Path(scratch), "page.html", lambda item: page(
                layout, item.raw_title, item.paragraphs).encode("utf-8"), SHOWN_DIFFERENCES)
    print_figures(figures, "pages", args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
