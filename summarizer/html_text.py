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
* **What:** text by blocks: every block-level element (``p``, ``div``, ``li``, headings, ``br``,
  table cells, ...) ends a line. Nothing inside ``script``, ``style``, ``noscript``,
  ``template``, ``svg``, ``nav``, ``header``, ``footer``, ``aside``, ``form``, ``button``,
  ``select`` or ``iframe`` is kept, nor anything inside an element whose ``class`` or ``id``
  names page furniture (``_FURNITURE``: comments, "bình luận", related news, "tin liên quan",
  share buttons, breadcrumbs, tags, banners, ads, sidebars, menus, widgets), unless it holds the
  page's first ``<h1>`` (VnExpress calls its story's column ``sidebar-1``: the headline shows it
  is the story's), nor a block whose text is all link text (menus, tag lists, "related articles").
* **Captions:** the text of ``figcaption`` elements goes to the report's credits, not its body.
* **Title:** the first ``<h1>`` that is not only a link (of that region when it has one), else
  the ``og:title`` meta property, else ``<title>`` without a trailing site name
  ("… - VnExpress", "… | Báo Dân trí", see ``_without_site_name``). The ``<h1>`` used as the
  title is not repeated in the body.

Character references (``&amp;``, ``&#7899;``, ``&nbsp;``) are decoded by the parser.
:func:`declared_charset` reads the ``<meta charset>`` (or ``http-equiv`` content type) of the
first bytes, which the loader tries before guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

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
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# Elements whose content is never report text.
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "head",
})
# A class or id naming page furniture, as a whole word of it ("box-comment", "tin_lien_quan").
_FURNITURE = re.compile(
    r"(?i)(?:^|[\s_-])(?:comments?|binh[_-]?luan|related|tin[_-]?lien[_-]?quan|lien[_-]?quan|share|"
    r"social|breadcrumbs?|tags|banner|advert\w*|ads|sidebar|menu|popup|subscribe|newsletter|widget|"
    r"recommend\w*)(?:$|[\s_-])"
)
# Elements that start and end a line of text.
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
    "tr", "td", "th", "table", "blockquote", "pre", "section", "article", "main", "figure",
    "figcaption", "address", "center", "title",
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
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    title: str | None  # the report's title (see the module docstring), None when the page has none
    lines: tuple[str, ...]  # body text, one block per line, in page order
    captions: tuple[str, ...]  # figcaption texts, in page order


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares in its first bytes (``<meta charset=...>`` or
    ``<meta http-equiv="Content-Type" content="text/html; charset=...">``), lower case."""
    match = _CHARSET.search(data[:CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def looks_like_html(text: str) -> bool:
    """Whether a text starts like an HTML document (a doctype or an ``<html>`` tag)."""
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def page_text(markup: str) -> PageText:
    """Title, body lines and captions of an HTML page (see the module docstring). Should the
    furniture names leave no text at all (a site that calls its story's box "share-area"), the
    page is read again without them."""
    result, around_h1 = _parse(markup, skip_furniture=True)
    if around_h1:  # the headline sits in an element named like furniture: that one is the story's
        result, _ = _parse(markup, skip_furniture=True, exempt=around_h1)
    return result if result.lines else _parse(markup, skip_furniture=False)[0]


def _parse(markup: str, *, skip_furniture: bool, exempt: frozenset[int] = frozenset()) -> tuple[PageText, frozenset[int]]:
    """The page's text, and the elements named like furniture that enclose its first ``<h1>``
    (VnExpress calls its story's column ``sidebar-1``): ``exempt`` those from the furniture
    names in a second parse (element ids are the same in every parse of one page)."""
    parser = _PageParser(skip_furniture=skip_furniture, exempt=exempt)
    parser.feed(markup)
    parser.close()
    return parser.result(), parser.furniture_around_h1


@dataclass
class _Block:
    parts: list[str]  # text pieces of the current line
    linked: int = 0  # characters of those pieces inside <a>
    total: int = 0  # all characters of those pieces


@dataclass(frozen=True)
class _Line:
    text: str
    kind: str  # "text", "h1" or "caption"
    ancestors: tuple[int, ...]  # ids of the elements open around it, outermost first
    paragraph: bool  # inside a <p>


class _PageParser(HTMLParser):
    def __init__(self, *, skip_furniture: bool, exempt: frozenset[int] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_furniture = skip_furniture  # skip elements whose class/id names furniture
        self._exempt = exempt  # ids of elements not skipped for their names
        self._furniture: set[int] = set()  # ids of the elements skipped for their names
        self._seen_h1 = False
        self.furniture_around_h1: frozenset[int] = frozenset()  # see _parse
        self._stack: list[tuple[str, int]] = []  # open elements: (tag, id)
        self._tags: dict[int, str] = {}  # id -> tag of every element seen
        self._next_id = 0
        self._skip_depth = 0  # open skipped elements
        self._skipped: set[int] = set()  # ids of the skipped elements
        self._links = 0  # open <a> elements
        self._caption = 0  # open <figcaption> elements
        self._h1 = 0  # open <h1> elements
        self._paragraphs = 0  # open <p> elements
        self._title_parts: list[str] = []
        self._title_state = "before"  # "before", "inside" or "done": only the first <title> counts
        self._og_title: str | None = None
        self._articles: list[int] = []  # ids of the <article> elements
        self._lines: list[_Line] = []
        self._block = _Block([])

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._block.parts)).strip()
        link_only = self._block.total > 0 and self._block.linked >= self._block.total
        self._block = _Block([])
        if not text or link_only:
            return
        kind = "caption" if self._caption else "h1" if self._h1 else "text"
        ancestors = tuple(element for _, element in self._stack)
        self._lines.append(_Line(text, kind, ancestors, self._paragraphs > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            kind = (values.get("property") or values.get("name") or "").lower()
            content = _SPACE.sub(" ", values.get("content") or "").strip()
            if kind == "og:title" and content and self._og_title is None:
                self._og_title = content
            return
        if tag == "title" and self._title_state == "before" and all(t != "svg" for t, _ in self._stack):
            self._title_state = "inside"
        if tag in _BLOCKS:
            self._flush()
        if tag in _VOID:
            return
        element = self._next_id
        self._next_id += 1
        self._tags[element] = tag
        self._stack.append((tag, element))
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

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_state == "inside":
            self._title_state = "done"
        if all(t != tag for t, _ in self._stack):
            return  # a stray end tag
        if tag in _BLOCKS:
            self._flush()
        while self._stack:  # also closes elements left open inside this one
            open_tag, element = self._stack.pop()
            self._close(open_tag, element)
            if open_tag == tag:
                break

    def _close(self, tag: str, element: int) -> None:
        if element in self._skipped:
            self._skip_depth -= 1
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
        self._block.parts.append(data)
        size = len(data.strip())
        self._block.total += size
        if self._links:
            self._block.linked += size

    def result(self) -> PageText:
        self._flush()
        region = self._region()
        inside = [line for line in self._lines if region is None or region in line.ancestors]
        headings = [line.text for line in inside if line.kind == "h1"]
        headings += [line.text for line in self._lines if line.kind == "h1"]
        title = (headings[0] if headings else None) or self._og_title or _without_site_name("".join(self._title_parts))
        body = [line.text for line in inside if line.kind == "text" or (line.kind == "h1" and line.text != title)]
        captions = [line.text for line in inside if line.kind == "caption"]
        return PageText(title=title or None, lines=tuple(body), captions=tuple(captions))

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
        scores: dict[int, float] = {}
        for line in self._lines:
            if not _paragraph(line):
                continue
            containers = [e for e in reversed(line.ancestors) if self._tags[e] in _CONTAINERS]
            for share, element in zip((1.0, 0.5), containers):
                scores[element] = scores.get(element, 0.0) + share * len(line.text)
        if not scores:
            return None
        best = max(scores, key=lambda element: (scores[element], -element))
        return best if scores[best] >= REGION_MIN_SHARE * total else None


def _names_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name in ("class", "id") and value and _FURNITURE.search(value) for name, value in attrs)


def _paragraph(line: _Line) -> bool:
    """A line of paragraph text: inside a <p>, or prose on its own (see the module docstring)."""
    if line.kind != "text":
        return False
    return line.paragraph or (len(line.text) >= PROSE_MIN_CHARS and bool(_SENTENCE_END.search(line.text)))


def _without_site_name(title: str) -> str:
    """A ``<title>`` without a trailing site name: the part after the last " | " when it has at
    most SITE_NAME_MAX_WORDS words ("… | Báo Dân trí"), or after the last " - ", " – " or " — "
    when it is one word or holds a dot ("… - VnExpress", "… - Tuoitre.vn"); a dash inside a
    headline ("Hà Nội - Hải Phòng") stays. At least two words must remain."""
    title = _SPACE.sub(" ", title).strip()
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
