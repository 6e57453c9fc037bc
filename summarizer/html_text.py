"""Plain text of a saved news web page (``.html`` / ``.htm`` reports), for the loader.

A saved article page holds far more than the report: menus, related-article lists, scripts,
share buttons, the site's name in the ``<title>``. What is kept (standard library ``html.parser``,
no network, no rendering):

* **Where:** the ``<article>`` element holding the most text, when it holds at least
  ``REGION_MIN_SHARE`` of the page's paragraph text (news sites put the report in one; some
  also wrap every teaser of a "related news" list in one, which this share rules out); else the
  container (``div``, ``section``, ``main``, ``td``...) that holds the most paragraph text, each
  paragraph counting its length for its nearest container and half of it for the next one out
  (so a sidebar or a comment box of short paragraphs loses to the report), when it scores at
  least ``REGION_MIN_SHARE`` of all paragraph text; else the whole page. Paragraphs are the
  ``<p>`` elements' lines, and lines of prose outside them (``PROSE_MIN_CHARS`` or more, ending
  like a sentence), which is how pages that separate paragraphs with ``<br>`` hold their text.
  A container of one paragraph of bare text (lines outside any ``<p>``, set apart by single
  ``<br>`` at most: one body line) is a paragraph itself, as a ``<p>`` is, not a container,
  when the container around it holds another paragraph too (a block like it, or a line of its
  own): Gmail and Apple Mail write each paragraph of a mail so (``<div>…</div><div><br></div>
  <div>…</div>``), and so do some sites; counted as a container, the paragraph holding most of
  the text was taken for the report and the others were lost. A story of one such block beside
  a box of ``<p>`` (or of other containers) stays a region of its own.
* **What:** text by blocks: every block-level element (``p``, ``div``, ``li``, headings, ``br``,
  table cells, ...) ends a line, though a table row of short cells is one line (see *Tables*).
  A ``<br>`` between two lines of body text, with no other block boundary between them, is a
  line break inside a paragraph, not a paragraph's end: the two lines are given as one, joined
  by ``SOFT_BREAK``, which the loader resolves (a sentence an author broke mid-way runs on,
  other lines stay lines). Two ``<br>`` in a row (a blank line) end a paragraph, and a ``<br>``
  inside an ``<h1>`` or a caption still ends a line: the title is the ``<h1>``'s first line,
  with the next ones while it runs on into them (ends in a comma, colon or dash, or the next
  opens in lower case or with a count: "Cháy xe buýt trên đường Nguyễn Trãi,<br>15 hành khách
  thoát nạn"; a date line under it, "12/03/2024 08:30", is not the title's).
  Everything else is decided line by line, as the page shows them (the region, link-only
  lines, table rows).
  Nothing inside ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``nav``,
  ``header``, ``footer``, ``aside``, ``form``, ``button``, ``select`` or ``iframe`` is kept,
  nor anything inside an element whose ``class`` or ``id``
  names page furniture (``_FURNITURE``: comments, "bình luận", related news, "tin liên quan",
  share buttons, breadcrumbs, tags, banners, ads, sidebars, menus, widgets), unless it holds the
  page's first ``<h1>`` (VnExpress calls its story's column ``sidebar-1``: the headline shows it
  is the story's), nor a block whose text is all link text (menus, tag lists, "related articles").
* **Lead:** the region gets back the lead its page sets apart right before it, outside it, in
  an element whose ``class`` or ``id`` names it (``_LEAD``: ``<div class="detail__summary">``
  beside ``<div class="detail__content">``, VnExpress's ``<p class="description">`` beside its
  ``<article>``; a date or byline line may stand between, ``LEAD_GAP_LINES``); not a teaser of a
  list (an element around it, short of the region, holds another such element). A class name
  in camelCase is read word by word ("ArticleLead", "detailSapo"). A lead no name marks is
  kept too when it is the one element of prose between the headline's ``<h1>`` and the region
  (``UNNAMED_LEAD_MAX_LINES``): left out with the page around the region, it was lost unsaid.
* **Captions:** the text of ``figcaption`` elements goes to the report's credits, not its body.
* **Datelines:** the text of an element whose ``class`` or ``id`` names a location stamp
  (``_DATELINE``: VnExpress's ``<span class="location-stamp">Gia Lai</span>`` opening its lead)
  goes to the credits, as a "HÀ NỘI - " dateline does, instead of opening the line glued to its
  first word ("Gia LaiNgày 19/5, ...").
* **Bylines:** a short line (``AUTHOR_ELEMENT_LINE_MAX_WORDS``) inside an element whose
  ``class`` or ``id`` names the author (``_BYLINE``: "author", "byline", "tac-gia": ``<p
  class="author">Phước Tuấn</p>``, a date beside the name in ``<div class="author-wrap">``) goes
  to the credits too; a longer line there is text (a story in a box some site calls so).
* **Title:** the first ``<h1>`` that is not only a link (of that region when it has one), else
  the ``og:title`` meta property, else ``<title>`` without a trailing site name
  ("… - VnExpress", "… | Báo Dân trí", see ``_without_site_name``). The ``<h1>`` used as the
  title is not repeated in the body.

**Tables**, the rule every reader of a format with tables follows (Word, OpenDocument, RTF,
Markdown: :func:`table_row_line`): a row whose cells are all short fragments (at most
``TABLE_CELL_MAX_WORDS`` words, and no sentence of ``TABLE_SENTENCE_MIN_WORDS`` words or more:
a list of results, prices, a schedule) is one line, its non-empty cells joined by
``TABLE_CELL_SEPARATOR`` ("1 | Nguyễn Văn Hùng | 32 phút 15 giây"), a cell's own lines by a
space; read cell by cell, "Hà Nội", "25" and "Thứ hai" were body lines, each a "sentence" of
its own. A row with a cell of prose or a table inside a cell, or with a single non-empty cell,
keeps each line of its cells as a line: such a table lays out a story (old news pages and Word
files set their paragraphs in one) rather than holding data; so does a row holding the title
(here the ``<h1>``) or a caption.

Character references (``&amp;``, ``&#7899;``, ``&nbsp;``) are decoded by the parser.
:func:`declared_charset` reads the ``<meta charset>`` (or ``http-equiv`` content type) of the
first bytes, which the loader tries before guessing.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .normalize import ENDS_WITH_FINAL_MARK

HTML_SUFFIXES = (".html", ".htm")
# Bytes searched for a <meta charset> declaration (HTML requires it within the first 1024).
CHARSET_SCAN_BYTES = 4096
# A trailing part of a <title> this short, after a separator, is the site's name.
SITE_NAME_MAX_WORDS = 5
# The chosen container must score at least this share of the page's paragraph text, or the
# whole page is kept (no container stands out: better some clutter than a lost report).
REGION_MIN_SHARE = 0.5
# A line outside any <p> this long that ends like a sentence counts as a paragraph (<br> pages).
PROSE_MIN_CHARS = 80
# A line records at most this many of the elements around it, outermost first: pages nest a few
# dozen deep, and a page of thousands of unclosed <div>s would otherwise cost time and memory
# quadratic in its size.
MAX_TRACKED_DEPTH = 256
# Tables (see the module docstring): a row of cells this short is one line, the cells joined so.
TABLE_CELL_SEPARATOR = " | "
TABLE_CELL_MAX_WORDS = 15  # a cell with more words holds prose
TABLE_SENTENCE_MIN_WORDS = 6  # a cell with a line this long that ends like a sentence holds prose
# What the readers of web pages (and HTML e-mails), .docx, .odt and .rtf files give for a line
# break inside a paragraph (``<br>``, ``w:br``, ``text:line-break``, ``\line``), where a
# paragraph's end is "\n": U+2028 LINE SEPARATOR, the character Unicode made for it. The loader
# resolves each one, to a space or a line break (``documents.resolved_soft_breaks``), before
# anything else reads the lines; plain text has none (``normalize.normalize_text`` reads U+2028
# there as a line end).
SOFT_BREAK = "\u2028"
# A title line that ends so goes on into the next line of its <h1> (a <br> inside the headline);
# so does one whose next line opens in lower case ...
TITLE_RUNS_ON = re.compile(r"[,;:\-–—]\s*$")
# ... and one whose next line opens with a count ("15 hành khách thoát nạn"), not a date or a
# time stamp ("12/03/2024 08:30": the page's, under its headline)
TITLE_COUNT_OPENS = re.compile(r"\d+(?:[.,]\d+)?\s+[^\W\d_]")

# Elements whose content is never report text.
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "head",
})
# Where two words of a camelCase class or id meet ("detailSapo", "ArticleLead"): read as a word
# boundary by the tests of names below (``_names``).
_CAMEL_JOIN = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# A class or id naming page furniture, as a whole word of it ("box-comment", "tin_lien_quan"),
# a version number after it too ("box-tinlienquanv2", VnExpress); "related" opens a word
# ("kbwscwl-relatedbox", Tuổi Trẻ).
_FURNITURE = re.compile(
    r"(?i)(?:^|[\s_-])(?:comments?|binh[_-]?luan|related\w*|tin[_-]?lien[_-]?quan|lien[_-]?quan|share|"
    r"social|breadcrumbs?|tags|banner|advert\w*|ads|sidebar|menu|popup|subscribe|newsletter|widget|"
    r"recommend\w*)(?:v?\d{1,2})?(?:$|[\s_-])"
)
# A class or id naming the author's line, as a whole word of it ("author", "author-name", "byline").
_BYLINE = re.compile(r"(?i)(?:^|[\s_-])(?:author|byline|tac[_-]?gia)(?:$|[\s_-])")
# A class or id naming the story's lead paragraph, which sites set apart from the body's container
# ("sapo", "detail__summary", "lead", "ArticleLead", "detailSapo", "intro", "chapeau", also
# misspelt "chappeau"): kept before the region when it stands outside it.
_LEAD = re.compile(r"(?i)(?:^|[\s_-])(?:sapo|summary|lead|lede|intro|description|chapp?eau|tom[_-]?tat)(?:$|[\s_-])")
# A class or id naming a dateline's place set in the lead's first line (VnExpress: "<p
# class="description"><span class="location-stamp">Gia Lai</span>Ngày 19/5, ...</p>"): a credit,
# like a "HÀ NỘI - " dateline, not the lead's first words.
_DATELINE = re.compile(r"(?i)(?:^|[\s_-])(?:location[_-]?stamp|dateline)(?:$|[\s_-])")
# Lines that may stand between the lead and the body (a date line, a byline): at most this many,
# each shorter than a line of prose.
LEAD_GAP_LINES = 2
# A lead that no class or id names, between the headline and the region: at most this many lines.
UNNAMED_LEAD_MAX_LINES = 3
# A line of at most this many words inside such an element is a byline (a name, a date and a time:
# "Thứ tư, 07/09/2022 - 06:30"), a credit rather than body text. Not the length of a plain
# text's closing author line (``report_lines.TRAILING_AUTHOR_LINE_MAX_WORDS``): there no element says
# the line is the author's, so only a shorter one is taken for a name.
AUTHOR_ELEMENT_LINE_MAX_WORDS = 12
# Elements that start and end a line of text: HTML's block elements, skipped ones too (the words
# before an <aside> and after it are not one word).
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
    "tr", "td", "th", "table", "blockquote", "pre", "section", "article", "main", "figure",
    "figcaption", "address", "center", "title", "aside", "nav", "header", "footer", "form", "details",
    "summary", "dialog", "fieldset", "legend", "caption", "hgroup", "menu", "search", "thead", "tbody",
    "tfoot",
})
# Elements that may hold a report's paragraphs (candidates when the page has no <article>).
_CONTAINERS = frozenset({"div", "section", "main", "article", "td", "body", "center"})
# Void elements: no end tag, so never pushed on the open-element stack.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SITE_SEPARATOR = re.compile(r"\s+[-|–—]\s+")
_SITE_NAME_ONLY = re.compile(r"^[-|–—]\s")  # a <title> opening with a separator: nothing before the site name
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    title: str | None  # the report's title (see the module docstring), None when the page has none
    lines: tuple[str, ...]  # body text, one block per line (its <br> breaks SOFT_BREAK), in page order
    captions: tuple[str, ...]  # figcaption texts, in page order
    bylines: tuple[str, ...] = ()  # short lines of the author's element (see the module docstring), in page order
    datelines: tuple[str, ...] = ()  # texts of the location stamps (``_DATELINE``), in page order


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares in its first bytes (``<meta charset=...>`` or
    ``<meta http-equiv="Content-Type" content="text/html; charset=...">``), lower case."""
    match = _CHARSET.search(data[:CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def looks_like_html(text: str) -> bool:
    """Whether a text starts like an HTML document (a doctype or an ``<html>`` tag)."""
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def table_row_line(cells: Sequence[Sequence[str]]) -> str | None:
    """The one line a table row reads as, its ``cells`` given as each cell's lines: the
    non-empty cells' text (a cell's lines joined by a space) joined by
    ``TABLE_CELL_SEPARATOR``; None when the row's cells keep their lines (a cell of prose, or
    fewer than two non-empty cells: see the module docstring)."""
    texts: list[str] = []
    for cell in cells:
        lines = [" ".join(line.split()) for line in cell]
        lines = [line for line in lines if line]
        if sum(len(line.split()) for line in lines) > TABLE_CELL_MAX_WORDS or any(map(_sentence, lines)):
            return None
        if lines:
            texts.append(" ".join(lines))
    return TABLE_CELL_SEPARATOR.join(texts) if len(texts) >= 2 else None


def _sentence(line: str) -> bool:
    """Whether a cell's line is a sentence of prose: long enough and ending like a sentence."""
    return len(line.split()) >= TABLE_SENTENCE_MIN_WORDS and bool(ENDS_WITH_FINAL_MARK.search(line))


def page_text(markup: str) -> PageText:
    """Title, body lines and captions of an HTML page (see the module docstring). Should the
    furniture names leave no text at all (a site that calls its story's box "share-area"), the
    page is read again without them."""
    result, around_h1 = _parse(markup, skip_furniture=True)
    if around_h1:  # the headline sits in an element named like furniture: that one is the story's
        result, _ = _parse(markup, skip_furniture=True, exempt=around_h1)
    return result if result.lines else _parse(markup, skip_furniture=False)[0]


COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"


def with_unclosed_comments_as_text(markup: str) -> str:
    """``markup`` with every "<!--" that no "-->" follows written as text ("&lt;!--"), which is
    how the standard parser reads it in the end; fed as is, the parser looks for the closer to
    the end of the page once for each (a page with 32,000 of them took 113 s in all, now 5 s)."""
    last_close = markup.rfind(COMMENT_CLOSE)
    start = markup.find(COMMENT_OPEN, last_close + len(COMMENT_CLOSE) if last_close >= 0 else 0)
    if start < 0:
        return markup
    return markup[:start] + markup[start:].replace(COMMENT_OPEN, "&lt;!--")


def _parse(markup: str, *, skip_furniture: bool, exempt: frozenset[int] = frozenset()) -> tuple[PageText, frozenset[int]]:
    """The page's text, and the elements named like furniture that enclose its first ``<h1>``
    (VnExpress calls its story's column ``sidebar-1``): ``exempt`` those from the furniture
    names in a second parse (element ids are the same in every parse of one page)."""
    parser = _PageParser(skip_furniture=skip_furniture, exempt=exempt)
    parser.feed(with_unclosed_comments_as_text(markup))
    parser.close()
    return parser.result(), parser.furniture_around_h1


@dataclass
class _Block:
    parts: list[str]  # text pieces of the current line
    linked: int = 0  # characters of those pieces inside <a>
    total: int = 0  # all characters of those pieces
    stamp: list[str] = field(default_factory=list)  # text pieces of the location stamp open in it
    stamps: list[str] = field(default_factory=list)  # its location stamps' texts (``_DATELINE``)


@dataclass(frozen=True)
class _Line:
    text: str
    kind: str  # "text", "h1", "caption", "byline" or "dateline" (a location stamp on a line of its own)
    ancestors: tuple[int, ...]  # ids of the elements open around it, outermost first
    paragraph: bool  # inside a <p>
    after_break: bool = False  # follows the line before it across a <br>, and no other block boundary
    stamps: tuple[str, ...] = ()  # the location stamps read out of it (``_DATELINE``)


@dataclass
class _Table:
    element: int  # the <table>'s id
    row: int | None = None  # the open <tr>'s id (the table's for cells without one), None between rows
    cells: list[int] = field(default_factory=list)  # where each cell of the open row starts in the lines
    nested: bool = False  # a cell of the open row holds a table


class _PageParser(HTMLParser):
    def __init__(self, *, skip_furniture: bool, exempt: frozenset[int] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_furniture = skip_furniture  # skip elements whose class/id names furniture
        self._exempt = exempt  # ids of elements not skipped for their names
        self._furniture: set[int] = set()  # ids of the elements skipped for their names
        self._seen_h1 = False
        self.furniture_around_h1: frozenset[int] = frozenset()  # see _parse
        self._stack: list[tuple[str, int]] = []  # open elements: (tag, id)
        self._open: Counter[str] = Counter()  # open elements by tag (an end tag's test without a scan)
        self._tags: dict[int, str] = {}  # id -> tag of every element seen
        self._next_id = 0
        self._skip_depth = 0  # open skipped elements
        self._skipped: set[int] = set()  # ids of the skipped elements
        self._links = 0  # open <a> elements
        self._caption = 0  # open <figcaption> elements
        self._bylines: set[int] = set()  # ids of the open (and closed) elements named as the author's
        self._leads: set[int] = set()  # ids of the elements named as the story's lead (``_LEAD``)
        self._byline = 0  # open elements named as the author's
        self._datelines: set[int] = set()  # ids of the elements named as a location stamp (``_DATELINE``)
        self._stamp = 0  # open elements named as a location stamp
        self._h1 = 0  # open <h1> elements
        self._paragraphs = 0  # open <p> elements
        self._title_parts: list[str] = []
        self._title_state = "before"  # "before", "inside" or "done": only the first <title> counts
        self._og_title: str | None = None
        self._articles: list[int] = []  # ids of the <article> elements
        self._lines: list[_Line] = []
        self._block = _Block([])
        self._tables: list[_Table] = []  # open tables, innermost last
        self._after_break = False  # the last line ended at a <br>, and nothing has ended a line since

    def _flush(self, *, at_break: bool = False) -> None:
        """End the current line; ``at_break``: it ends at a ``<br>``, so that the next line may
        go on the same paragraph (see the module docstring). A ``<br>`` that ends no line (two
        in a row, one opening a block) and a line left out end the paragraph."""
        self._end_stamp()  # a stamp the page never closed ends with its line
        text = _SPACE.sub(" ", "".join(self._block.parts)).strip()
        link_only = self._block.total > 0 and self._block.linked >= self._block.total
        stamps = tuple(self._block.stamps)
        self._block = _Block([])
        after_break, self._after_break = self._after_break, False
        if not text and stamps:
            text, kind, stamps = " ".join(stamps), "dateline", ()  # a stamp on a line of its own
        elif not text or link_only:
            return
        else:
            kind = "caption" if self._caption else "h1" if self._h1 else "text"
        if kind == "text" and self._byline and len(text.split()) <= AUTHOR_ELEMENT_LINE_MAX_WORDS:
            kind = "byline"
        ancestors = tuple(element for _, element in self._stack[:MAX_TRACKED_DEPTH])
        self._lines.append(_Line(text, kind, ancestors, self._paragraphs > 0, after_break, stamps))
        self._after_break = at_break

    def _end_stamp(self) -> None:
        """Close the location stamp of the current line: its text becomes one of the line's stamps."""
        text = _SPACE.sub(" ", "".join(self._block.stamp)).strip()
        self._block.stamp = []
        if text:
            self._block.stamps.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            kind = (values.get("property") or values.get("name") or "").lower()
            content = _SPACE.sub(" ", values.get("content") or "").strip()
            if kind == "og:title" and content and self._og_title is None:
                self._og_title = content
            return
        if tag == "title" and self._title_state == "before" and not self._open["svg"]:
            self._title_state = "inside"
        if tag in _BLOCKS:
            self._flush(at_break=tag == "br")
        if tag in _VOID:
            return
        element = self._next_id
        self._next_id += 1
        self._tags[element] = tag
        self._stack.append((tag, element))
        self._open[tag] += 1
        if tag == "h1" and not self._seen_h1:
            self._seen_h1 = True
            around = [e for _, e in self._stack[:-1]]
            if not any(self._tags[e] in _SKIPPED for e in around):  # not a site logo in a <header>
                self.furniture_around_h1 = frozenset(e for e in around if e in self._furniture)
        named = self._skip_furniture and element not in self._exempt and _names_furniture(attrs)
        if tag in _SKIPPED or named:
            self._skip_depth += 1
            self._skipped.add(element)
            if named:
                self._furniture.add(element)
        elif tag == "a":
            self._links += 1
        elif tag == "figcaption":
            self._caption += 1
        elif tag == "h1":
            self._h1 += 1
        elif tag == "p":
            self._paragraphs += 1
        elif tag == "article" and not self._skip_depth:
            self._articles.append(element)
        if element not in self._skipped and _names(_BYLINE, attrs):
            self._bylines.add(element)
            self._byline += 1
        if not self._skip_depth and _names(_LEAD, attrs):
            self._leads.add(element)
        if not self._skip_depth and _names(_DATELINE, attrs):
            self._datelines.add(element)
            self._stamp += 1
        if tag in ("table", "tr", "td", "th"):
            self._open_table_part(tag, element)

    def _open_table_part(self, tag: str, element: int) -> None:
        """Keep track of the table structure (see ``_end_row``); a ``<tr>`` or a cell opening
        while a row is open (the end tags are optional in HTML) ends or goes on that row."""
        table = self._tables[-1] if self._tables else None
        if tag == "table":
            if table is not None and table.cells:
                table.nested = True
            self._tables.append(_Table(element))
        elif table is None:
            return  # a row or a cell outside any table
        elif tag == "tr":
            self._end_row(table)
            table.row = element
        else:
            if table.row is None:
                table.row = table.element  # cells without a <tr>: one row, to the table's end
            table.cells.append(len(self._lines))

    def _end_row(self, table: _Table) -> None:
        """Close the open row of ``table``: when it is a row of short cells (:func:`table_row_line`)
        its cells' lines become one line."""
        cells, nested = table.cells, table.nested
        table.row, table.cells, table.nested = None, [], False
        if not cells or nested:
            return
        lines = self._lines[cells[0]:]
        if any(line.kind != "text" for line in lines):
            return  # the title's <h1> or a caption in a cell: a table that lays out the page
        bounds = [*cells, len(self._lines)]
        text = table_row_line([[line.text for line in self._lines[a:b]] for a, b in zip(bounds, bounds[1:])])
        if text is not None:
            ancestors = tuple(os.path.commonprefix([line.ancestors for line in lines]))  # what all cells sit in
            self._lines[cells[0]:] = [_Line(text, "text", ancestors, any(line.paragraph for line in lines),
                                            stamps=tuple(stamp for line in lines for stamp in line.stamps))]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_state == "inside":
            self._title_state = "done"
        if not self._open[tag]:
            return  # a stray end tag
        if tag in _BLOCKS:
            self._flush()
        while self._stack:  # also closes elements left open inside this one
            open_tag, element = self._stack.pop()
            self._open[open_tag] -= 1
            self._close(open_tag, element)
            if open_tag == tag:
                break

    def _close(self, tag: str, element: int) -> None:
        table = self._tables[-1] if self._tables else None
        if table is not None and element in (table.row, table.element):
            self._end_row(table)
            if element == table.element:
                self._tables.pop()
        if element in self._bylines:
            self._byline -= 1
        if element in self._datelines:
            self._stamp -= 1
            if not self._stamp:
                self._end_stamp()
        if element in self._skipped:
            self._skip_depth -= 1
            if element in self._furniture and not self._skip_depth and tag not in _BLOCKS:
                self._block.parts.append(" ")  # the words either side of an inline box left out are two
        elif tag == "a":
            self._links -= 1
        elif tag == "figcaption":
            self._caption -= 1
        elif tag == "h1":
            self._h1 -= 1
        elif tag == "p":
            self._paragraphs -= 1

    def handle_data(self, data: str) -> None:
        if self._title_state == "inside":
            self._title_parts.append(data)
            return
        if self._skip_depth:
            return
        if self._stamp:
            self._block.stamp.append(data)  # a location stamp: a credit, not the line's first words
            return
        self._block.parts.append(data)
        size = len(data.strip())
        self._block.total += size
        if self._links:
            self._block.linked += size

    def result(self) -> PageText:
        self._flush()
        for table in reversed(self._tables):  # tables the page never closed
            self._end_row(table)
        region = self._region()
        # the region's lines, each with its place on the page (a <br> joins only page neighbours),
        # and a lead set apart before it (``_LEAD``: "<div class="detail__summary">" beside the body's div)
        placed = [(index, line) for index, line in enumerate(self._lines) if region is None or region in line.ancestors]
        if region is not None and placed:
            placed = self._lead_before(placed[0][0]) + placed
        inside = [line for _, line in placed]
        headings = [line.text for line in inside if line.kind == "h1"]
        headings += [line.text for line in self._lines if line.kind == "h1"]
        title_lines = self._title_lines(headings[0]) if headings else []
        title = (" ".join(self._lines[i].text for i in title_lines) if title_lines else None) \
            or self._og_title or _without_site_name("".join(self._title_parts))
        body: list[list[str]] = []  # each body line's parts, joined by SOFT_BREAK once at the end
        last: _Line | None = None  # the line that ends body[-1]
        for index, line in placed:
            if not (line.kind == "text" or (line.kind == "h1" and line.text != title and index not in title_lines)):
                continue
            if (line.after_break and line.kind == "text" and last is not None and last.kind == "text"
                    and index > 0 and self._lines[index - 1] is last):
                body[-1].append(line.text)  # a <br> inside a paragraph
            else:
                body.append([line.text])
            last = line
        captions = [line.text for line in inside if line.kind == "caption"]
        bylines = [line.text for line in inside if line.kind == "byline"]
        datelines = [stamp for line in inside
                     for stamp in (line.stamps or ([line.text] if line.kind == "dateline" else []))]
        return PageText(title=title or None, lines=tuple(SOFT_BREAK.join(parts) for parts in body),
                        captions=tuple(captions), bylines=tuple(bylines), datelines=tuple(datelines))

    def _lead_before(self, start: int) -> list[tuple[int, _Line]]:
        """The lead lines just before line ``start`` (the region's first): the lines of one element
        named as the lead (``_LEAD``) that end right above the region, or above at most
        ``LEAD_GAP_LINES`` short lines (a date, a byline); not the teasers of a list further up."""
        k, gap = start - 1, 0
        while k >= 0 and not self._leads.intersection(self._lines[k].ancestors):
            line = self._lines[k]
            if line.kind == "h1" or gap == LEAD_GAP_LINES or (line.kind == "text" and len(line.text) >= PROSE_MIN_CHARS):
                return self._unnamed_lead(start)
            gap, k = gap + 1, k - 1
        if k < 0:
            return self._unnamed_lead(start)
        chain = self._lines[k].ancestors
        element = max(self._leads.intersection(chain))  # the innermost lead element
        # a teaser of a list ("<article class='item-news'>... <p class='description'>"): some element
        # around it, below where it meets the region, holds another lead too
        shared = len(os.path.commonprefix([chain, self._lines[start].ancestors]))
        below = set(chain[shared:])
        others = {e for line in self._lines if (leads := self._leads.intersection(line.ancestors))
                  for e in line.ancestors if e in below and leads - {element}}
        if others:
            return []
        lead: list[tuple[int, _Line]] = []
        while k >= 0 and element in self._lines[k].ancestors:
            if self._lines[k].kind == "text":
                lead.append((k, self._lines[k]))
            k -= 1
        return lead[::-1]

    def _unnamed_lead(self, start: int) -> list[tuple[int, _Line]]:
        """The lead between the headline and the region when no class or id names it (a site's
        own name for it, "<div class="box-x">"): the lines of the one element, outside the region,
        that holds the prose (:func:`_prose`) between the last ``<h1>`` above line ``start`` (the
        region's first) and it, at most ``UNNAMED_LEAD_MAX_LINES`` lines; the other lines there
        at most ``LEAD_GAP_LINES`` short ones (a date, a byline). Otherwise none: left out with
        the rest of the page outside the region, the lead would be lost unsaid."""
        k = start - 1
        while k >= 0 and self._lines[k].kind != "h1":
            k -= 1
        between = list(range(k + 1, start))
        prose = [i for i in between if _prose(self._lines[i])]
        if k < 0 or not prose:
            return []
        shared = tuple(os.path.commonprefix([self._lines[i].ancestors for i in prose]))
        outside = len(os.path.commonprefix([shared, self._lines[start].ancestors]))
        if len(shared) <= outside:
            return []  # no element of the prose's own: it sits right in the region's surroundings
        element = shared[-1]
        lead = [i for i in between if element in self._lines[i].ancestors]
        rest = [self._lines[i] for i in between if element not in self._lines[i].ancestors]
        if (len(lead) > UNNAMED_LEAD_MAX_LINES or len(rest) > LEAD_GAP_LINES
                or any(line.kind == "text" and len(line.text) >= PROSE_MIN_CHARS for line in rest)):
            return []
        return [(i, self._lines[i]) for i in lead if self._lines[i].kind == "text"]

    def _title_lines(self, first: str) -> list[int]:
        """Where the title's lines are: the first ``<h1>``'s first line (``first``), and the next
        lines of the same ``<h1>`` while the title runs on into them (``TITLE_RUNS_ON``: "Cháy xe
        buýt trên đường Nguyễn Trãi,<br>15 hành khách thoát nạn")."""
        start = next(i for i, line in enumerate(self._lines) if line.kind == "h1" and line.text == first)
        found = [start]
        for index in range(start + 1, len(self._lines)):
            line = self._lines[index]
            if line.kind != "h1" or line.ancestors != self._lines[start].ancestors:
                break
            if not (TITLE_RUNS_ON.search(self._lines[found[-1]].text) or line.text[:1].islower()
                    or TITLE_COUNT_OPENS.match(line.text)):
                break
            found.append(index)
        return found

    def _region(self) -> int | None:
        """The element whose text is the report, None for the whole page (see the module
        docstring)."""
        total = sum(len(line.text) for line in self._lines if _paragraph(line))
        if self._articles:
            sizes = dict.fromkeys(self._articles, 0)
            for line in self._lines:
                if line.kind == "text":
                    for element in line.ancestors:
                        if element in sizes:
                            sizes[element] += len(line.text)
            article = max(sizes, key=lambda a: (sizes[a], -a))
            if sizes[article] > 0 and sizes[article] >= REGION_MIN_SHARE * total:
                return article
        paragraphs = self._paragraph_blocks()
        scores: dict[int, float] = {}
        for line in self._lines:
            if not _paragraph(line):
                continue
            containers = [e for e in reversed(line.ancestors) if self._tags[e] in _CONTAINERS and e not in paragraphs]
            for share, element in zip((1.0, 0.5), containers):
                scores[element] = scores.get(element, 0.0) + share * len(line.text)
        if not scores:
            return None
        best = max(scores, key=lambda element: (scores[element], -element))
        return best if scores[best] >= REGION_MIN_SHARE * total else None

    def _paragraph_blocks(self) -> set[int]:
        """The containers that are paragraphs rather than candidates for the region (see the
        module docstring): each holds one paragraph of bare text (lines outside any ``<p>``,
        each after the first following a ``<br>``: one body line), and the nearest container
        around it that is not such a block holds another paragraph too (a block like it, or a
        text line of its own)."""
        blocks: dict[int, bool] = {}  # container -> whether its lines so far are one paragraph of bare text
        for line in self._lines:
            bare = line.kind == "text" and not line.paragraph
            for element in line.ancestors:
                if element in blocks:
                    blocks[element] = blocks[element] and bare and line.after_break
                elif self._tags[element] in _CONTAINERS:
                    blocks[element] = bare
        held: dict[int | None, set[int]] = {}  # container -> the paragraphs in it: blocks, or lines (-1 - index)
        around: dict[int, int | None] = {}  # block -> the container around it
        for index, line in enumerate(self._lines):
            if line.kind != "text":
                continue
            containers = [e for e in reversed(line.ancestors) if e in blocks]  # innermost first
            inner = 0  # the blocks holding the line: the innermost containers (a block's lines are one line's)
            while inner < len(containers) and blocks[containers[inner]]:
                inner += 1
            outer = containers[inner] if inner < len(containers) else None
            held.setdefault(outer, set()).add(containers[inner - 1] if inner else -1 - index)
            around.update(dict.fromkeys(containers[:inner], outer))
        return {block for block, outer in around.items() if len(held[outer]) >= 2}


def _names(pattern: re.Pattern[str], attrs: list[tuple[str, str | None]]) -> bool:
    """Whether the ``class`` or ``id`` in ``attrs`` holds a word ``pattern`` finds, a camelCase
    name's words apart ("detailSapo" reads as "detail Sapo", ``_CAMEL_JOIN``)."""
    return any(name in ("class", "id") and value and pattern.search(_CAMEL_JOIN.sub(" ", value)) for name, value in attrs)


def _names_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    return _names(_FURNITURE, attrs)


def _paragraph(line: _Line) -> bool:
    """A line of paragraph text: inside a <p>, or prose on its own (see the module docstring)."""
    return line.kind == "text" and (line.paragraph or _prose(line))


def _prose(line: _Line) -> bool:
    """A line of text that reads as prose: ``PROSE_MIN_CHARS`` long, ending like a sentence."""
    return line.kind == "text" and len(line.text) >= PROSE_MIN_CHARS and bool(ENDS_WITH_FINAL_MARK.search(line.text))


def _without_site_name(title: str) -> str:
    """A ``<title>`` without a trailing site name: the part after the last " | " when it has at
    most SITE_NAME_MAX_WORDS words ("… | Báo Dân trí"), or after the last " - ", " – " or " — "
    when it is one word or holds a dot ("… - VnExpress", "… - Tuoitre.vn"); a dash inside a
    headline ("Hà Nội - Hải Phòng") stays. At least two words must remain. A title that is only a
    separator and a site name (" | Báo Mới": the page left its headline out) is empty."""
    title = _SPACE.sub(" ", title).strip()
    if _SITE_NAME_ONLY.match(title):
        return ""
    separators = list(_SITE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end():].split()
    if "|" in last.group():
        site = len(tail) <= SITE_NAME_MAX_WORDS
    else:
        site = len(tail) == 1 or any("." in word for word in tail)
    return head if site and tail and len(head.split()) >= 2 else title
