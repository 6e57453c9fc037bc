"""Plain text of a Markdown report (``.md``), for the loader: what a reader sees rendered.

The loader has normalized the text already (LF line ends, no indentation, single spaces), so
nothing here depends on indentation (no indented code blocks or nested-list levels).

Removed, line by line:

* a YAML front matter block (a first line ``---``, ``key: value`` lines, a closing ``---`` or
  ``...``), or a TOML one as Hugo writes it (a first line ``+++``, ``key = "value"`` lines and
  ``[table]`` headers, a closing ``+++``; should the closing line be lost, the block ends at the
  first line that is no TOML: "+++" has no meaning in Markdown); its ``title:`` (TOML: a top-level ``title = "..."``,
  its escapes read) becomes the first line when the text does not open with a heading, where
  the loader takes a title from;
* code fence lines (```` ``` ````, ``~~~``), the code between them kept as it is;
* the markers of ATX headings (``## Tiêu đề ##``, the closing run too) and setext underlines;
* horizontal rules, blockquote markers (``>``, nested ``> >``);
* list markers: ``*`` and ``+``; ``-`` and ``1.`` / ``1)`` only at a list's edge (the first
  line, after a blank line, a heading, a list item, or a line that ends a sentence or with a
  colon): after a line that runs on, a dash is one of a hard-wrapped sentence ("... cao tốc Cam
  Lộ" / "- La Sơn ..."); and a number of at most ``ORDERED_MARKER_MAX_DIGITS`` digits ("2016.
  Năm đó ..." is a sentence about a year). A dialogue line "- Anh có khỏe không?" is a list item
  to Markdown and loses its dash like one (it renders as a bullet); its words and its line are
  kept, and dialogue dashes that are no list marker ("– ", "—", "-Anh") stay. A task box
  ``[ ]`` goes too;
* reference definitions (``[bql]: https://...``) and footnote definitions (``[^1]: ...``);
* GitHub tables: a row with a following delimiter row (``|---|---|``) opens one; the delimiter
  row goes. A row of short cells is one line, its cells joined by " | " ("1 | Nguyễn Văn Hùng
  | 32 phút 15 giây"); a row with a cell of prose or a single non-empty cell keeps each cell as
  a line (the rule of every format: :func:`summarizer.html_text.table_row_line`). Each such
  line is a paragraph of its own (blank lines around it), so that the loader never rejoins it
  to the line before as the rest of a hard-wrapped sentence.
* HTML comments (``<!-- more -->``), and ``<script>`` and ``<style>`` elements with their content.

Inline: images (``![alt](src)``, ``![alt][ref]``) go; links keep their text (``[text](url)``,
``[text][ref]``, ``[text][]``, ``[text]``, when the label is defined); footnote references
(``[^1]``) go when the note is defined; autolinks ``<https://...>`` keep the address; code spans
keep their text verbatim; strike-through ``~~x~~`` goes with its text (it was deleted:
"~~10.000~~ 12.000" is "12.000"); emphasis ``***x***``, ``**x**``, ``__x__``, ``*x*``, ``_x_``
keeps its text. Inline HTML goes as it renders: a tag (``<b>``, ``</span>``, ``<img src=...>``,
``<br/>``; read by CommonMark's grammar of a tag: a letter after ``<``, ASCII attribute names,
so "a < b", "<3" and "<tên>" are text) is dropped and the text between tags kept; the tag of a
block-level element (``<br>``, ``<p>``, ``<div>``, ``<li>``...: ``_HTML_LINE_BREAKS``) ends
the line. Entity and character references with their semicolon (``&amp;``, ``&nbsp;``,
``&#7899;``) are decoded, a space among them (``&nbsp;``) to a space; "AT&T", "R&D" and
"&notation" stay. An emphasis delimiter never sits inside a word or number ("5*3 và 2*4",
"tin_tuc_moi" are left alone), which is stricter than CommonMark for ``*``, and a closing
``_``/``__`` never comes before a file extension ("__init__.py"). Backslash escapes ("\\*",
"1986\\. Năm") give the character.
"""

from __future__ import annotations

import bisect
import html
import html.entities
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .html_text import table_row_line

# An ordered-list marker has at most this many digits: "1. Mở đầu", "12) ..." are list items,
# "2016. Năm đó ..." is a sentence that opens with a year.
ORDERED_MARKER_MAX_DIGITS = 2
# A front matter block closes within this many lines, or the opening "---" is a rule.
FRONT_MATTER_MAX_LINES = 100

_YAML_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\s*:(?:\s|$)")
_YAML_TITLE = re.compile(r"^title\s*:\s*(.*)$", re.IGNORECASE)
# TOML: a key (bare, quoted or dotted) and "=", or a [table] / [[array of tables]] header.
_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_TOML_DOTTED_KEY = rf"{_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*"
_TOML_TABLE = re.compile(rf"^\[\[?\s*{_TOML_DOTTED_KEY}\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(rf"^{_TOML_DOTTED_KEY}\s*=|{_TOML_TABLE.pattern}")
_TOML_TITLE = re.compile(r"^title\s*=\s*(.*)$", re.IGNORECASE)
_TOML_BASIC_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$')
_TOML_LITERAL_STRING = re.compile(r"^'([^']*)'\s*(?:#.*)?$")
_TOML_VALUE_LINE = re.compile(r"^[\"'\[\]{}0-9+-]|^(?:true|false)\b")  # a line of an array's values
_TOML_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')  # a one-line string, for bracket counting
_TOML_TRIPLED_STRING = re.compile(r"^(\"{3}|'{3})(.*?)\1\s*(?:#.*)?$")  # closing on its line
_TOML_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_TOML_ESCAPES = {"b": "", "t": " ", "n": " ", "f": "", "r": " ", "e": "", '"': '"', "\\": "\\"}
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^#{1,6}(?:\s+|$)")
_ATX_CLOSING = re.compile(r"(?:^|\s+)#+\s*$")
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_QUOTE = re.compile(r"^(?:>\s?)+")
_BULLET = re.compile(r"^[*+]\s+(?=\S)")
_DASH_BULLET = re.compile(r"^-\s+(?=\S)")
_ORDERED = re.compile(rf"^\d{{1,{ORDERED_MARKER_MAX_DIGITS}}}[.)]\s+(?=\S)")
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+(?=\S)")
# A list's edge: a line ending a sentence or introducing a list, after which "- " opens an item.
_ENDS_SENTENCE_OR_COLON = re.compile(r"[.!?…:;\"”’)\]]$")
_REFERENCE_DEFINITION = re.compile(
    r"""^\[(?!\^)([^\]]+)\]:\s*<?[^\s<>]+>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$"""
)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:")
_TABLE_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
_TABLE_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_BLANK_LINE = re.compile(r"\n\n")  # paragraphs, for code spans (never across one: as _inline reads them)
# What goes with everything up to its end: a comment, a script or a style element.
_HTML_RAW_OPENING = re.compile(r"<!--|<(script|style)(?=[\s/>])", re.IGNORECASE)
# A tag as CommonMark reads raw HTML: an open tag (ASCII attribute names, values unquoted or
# quoted; "/>" too; group 1 its element) or a closing tag (group 2 its element).
_HTML_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_HTML_TAG = re.compile(rf"<(?:([A-Za-z][A-Za-z0-9-]*)(?:{_HTML_ATTRIBUTE})*\s*/?|/([A-Za-z][A-Za-z0-9-]*)\s*)>")
HTML_TAG = _HTML_TAG  # public: the loader's stray-tag removal reads tags the same way
# Elements whose tag ends a line where it stands (a block's edge when rendered, or <br>).
_HTML_LINE_BREAKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_HTML_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
HTML_LINE_BREAKS = _HTML_LINE_BREAKS  # public: ... and the elements whose tag ends a line
HTML_REFERENCE = _HTML_REFERENCE  # ... and character references (read by :func:`reference_character`)


def reference_character(reference: str) -> str | None:
    """The character an HTML character reference (``HTML_REFERENCE``: "&nbsp;", "&#236;",
    "&#x1ED9;") stands for, None when it stands for none: a name HTML does not know, which
    ``html.unescape`` would read by its longest known prefix ("&notit;" as "¬it;"), or a number no
    character has ("&#0;", "&#x110000;", a surrogate), which it reads as U+FFFD."""
    if reference.startswith("&#"):
        digits = reference[2:-1]
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        if not 0 < code <= sys.maxunicode or 0xD800 <= code <= 0xDFFF:
            return None
    elif reference[1:] not in html.entities.html5:
        return None
    return html.unescape(reference)

# Inline. Placeholders (private-use characters) hold escapes and code spans while the rest is read.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HELD = re.compile(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}")
_HOLD_MARKS = re.compile(f"[{_HOLD_OPEN}{_HOLD_CLOSE}]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"\\$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Link and image text holds no "[", a target no "(" (each scan then stops at the next one: an
# unclosed "[" or "](" no longer sends every later one to the paragraph's end, quadratic in them).
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"  # one level of brackets inside: "(https://vi.wikipedia.org/wiki/Huế_(thành_phố))"
_IMAGE = re.compile(rf"[ \t]*!\[[^\[\]]*\](?:{_TARGET}|\[[^\[\]]*\])[ \t]*")
_INLINE_LINK = re.compile(rf"\[([^\[\]]*)\]{_TARGET}")
_REFERENCE_LINK = re.compile(r"\[([^\[\]^][^\[\]]*)\](?:\[([^\[\]]*)\])?(?![(\[:])")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\[\]\s]+)\](?!:)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
# Images and strike-through, with the spaces around them (see _dropped for what is left).
_STRIKE = re.compile(r"[ \t]*~~(?=\S)((?:(?!~~).)+?)(?<=\S)~~[ \t]*", re.DOTALL)  # no "~~" inside: linear
# Emphasis: the opening delimiter not after a letter or digit and before a non-space, the closing
# one after a non-space and not before a letter or digit; an underscore delimiter not next to
# another underscore either, nor closing before a file extension ("__init__.py"). The emphasized
# text holds no delimiter of its own kind (an underscore only inside a word: "_tin_tuc_").
_STRONG_STAR = re.compile(r"(?<![^\W_])\*\*(?=[^\s*])((?:(?!\*\*).)+?)(?<=[^\s*])\*\*(?![^\W_])", re.DOTALL)
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__(?=[^\s_])((?:(?!__).)+?)(?<=[^\s_])__(?!\w|\.\w)", re.DOTALL)
_EMPHASIS_STAR = re.compile(r"(?<![^\W_])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![^\W_])")
_EMPHASIS_UNDERSCORE = re.compile(
    r"(?<!\w)_(?=[^\s_])((?:[^_]|(?<=[^\W_])_(?=[^\W_]))+?)(?<=[^\s_])_(?!\w|\.\w)"
)
_EMPHASES = (_STRONG_STAR, _STRONG_UNDERSCORE, _EMPHASIS_STAR, _EMPHASIS_UNDERSCORE)
_SPACE_RUN = re.compile(r"[ \t]{2,}")


def marks_a_title(text: str) -> bool:
    """Whether the normalized Markdown ``text`` marks its title: a front matter ``title`` or a
    heading as its first text (what :func:`markdown_text` then gives as its first line)."""
    title, lines = _without_front_matter(text.split("\n"))
    return bool(title) or _opens_with(lines, "\0")  # "\0": no line is that; a heading is asked


def markdown_text(text: str) -> str:
    """Plain text of the normalized Markdown ``text`` (see the module's docstring)."""
    title, lines = _without_front_matter(text.split("\n"))
    lines = _without_raw_html(lines)
    references = {m.group(1).casefold() for m in map(_REFERENCE_DEFINITION.match, lines) if m}
    notes = {m.group(1).casefold() for m in map(_FOOTNOTE_DEFINITION.match, lines) if m}
    blocks = _block_lines(lines)
    out: list[str] = []
    for code, block in blocks:
        out.extend(block if code else _inline("\n".join(block), references, notes).split("\n"))
    if title and not _opens_with(lines, title):
        out[:0] = [title, ""]
    text = "\n".join(line.strip() for line in (_SPACE_RUN.sub(" ", line) for line in out))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------


def _without_raw_html(lines: list[str]) -> list[str]:
    """``lines`` without HTML comments and ``<script>`` / ``<style>`` elements (they may span
    lines), outside fenced code blocks and code spans, which keep them as written. One pass: an
    opening left without its end (a "<script>" named in prose) stays text, and the removal goes
    on after it."""
    out: list[str] = []
    prose: list[str] = []
    for line, kind in zip(lines, _fence_kinds(lines)):
        if kind == _TEXT:
            prose.append(line)
            continue
        out.extend(_raw_html_removed("\n".join(prose)).split("\n") if prose else [])
        prose = []
        out.append(line)
    out.extend(_raw_html_removed("\n".join(prose)).split("\n") if prose else [])
    return out


_TEXT, _FENCE_OPEN, _CODE, _FENCE_CLOSE = range(4)  # a line's place (_fence_kinds)


def _fence_kinds(lines: list[str]) -> list[int]:
    """For each line: text, the fence opening a fenced code block, a line of its code, or the fence
    closing it (read stripped; a block left open runs to the end)."""
    kinds: list[int] = []
    fence: str | None = None  # the opening fence while in a fenced block
    for raw in lines:
        line = raw.strip()
        if fence is not None:
            closes = line.startswith(fence[0] * len(fence)) and not line.strip(fence[0])
            kinds.append(_FENCE_CLOSE if closes else _CODE)
            fence = None if closes else fence
        elif opening := _FENCE.match(line):
            kinds.append(_FENCE_OPEN)
            fence = opening.group(1)
        else:
            kinds.append(_TEXT)
    return kinds


def _raw_html_removed(text: str) -> str:
    """``text`` without its comments and script or style elements, none of them counted inside a
    code span (see :func:`_without_raw_html`)."""
    if "<" not in text:
        return text
    code: list[tuple[int, int]] = []  # code spans, each inside one paragraph
    offset = 0
    for paragraph in _BLANK_LINE.split(text):
        code += [(offset + m.start(), offset + m.end()) for m in _CODE_SPAN.finditer(paragraph)]
        offset += len(paragraph) + 2
    starts = [start for start, _ in code]

    def in_code(index: int) -> bool:
        k = bisect.bisect_right(starts, index) - 1
        return k >= 0 and index < code[k][1]

    lower = text.lower()
    kept: list[str] = []
    position = 0
    unclosed: set[str] = set()  # closing marks found nowhere after some opening: none after a later one
    for match in _HTML_RAW_OPENING.finditer(text):
        closing = "-->" if match.group(1) is None else f"</{match.group(1).lower()}"
        if match.start() < position or in_code(match.start()) or closing in unclosed:
            continue
        end = lower.find(closing, match.end())
        while end != -1 and in_code(end):
            end = lower.find(closing, end + 1)
        if end != -1 and match.group(1) is not None:
            end = lower.find(">", end)
            end = end if end == -1 else end + 1
        elif end != -1:
            end += len(closing)
        if end == -1:
            unclosed.add(closing)  # left open ("<script>" named in prose): this one stays text
            continue
        kept.append(text[position:match.start()])
        position = end
    kept.append(text[position:])
    return "".join(kept)


@dataclass(frozen=True)
class _FrontMatter:
    """A kind of front matter block: its closing lines, its first key's form, its title line."""

    closes: tuple[str, ...]
    key: re.Pattern[str]  # the first line inside ("---", text, "---" is no front matter)
    title: re.Pattern[str]  # the title's line, group 1 its value
    value: Callable[[str], str | None]  # the title's text from that value
    section: re.Pattern[str] | None = None  # a line after which the keys are not the page's own
    unclosed: Callable[[list[str]], int | None] | None = None  # where a block that never closes ends (None: it is no block)


def _without_front_matter(lines: list[str]) -> tuple[str | None, list[str]]:
    """(title of the YAML or TOML front matter or None, the lines after it); the lines unchanged
    when they do not open with front matter."""
    kind = _FRONT_MATTERS.get(lines[0].strip()) if lines else None
    if kind is None:
        return None, lines
    for end in range(1, min(len(lines), FRONT_MATTER_MAX_LINES + 1)):
        if lines[end].strip() in kind.closes:
            after = end + 1
            break
    else:
        if kind.unclosed is None:
            return None, lines
        run = kind.unclosed(lines)  # the closing line was lost: the block is its leading run of keys
        if run is None:
            return None, lines
        end = after = run
    inner = [line for line in lines[1:end] if line.strip()]
    if not inner or not kind.key.match(inner[0]):
        return None, lines  # a rule, some text and a rule (or a setext heading): not front matter
    title = None
    for line in inner:
        if kind.section is not None and kind.section.match(line):
            break  # a TOML [table]: a "title" in it is not the page's
        match = kind.title.match(line)
        if match:
            title = kind.value(match.group(1))
            break
    return title, lines[after:]


def _toml_run_end(lines: list[str]) -> int | None:
    """The index of the first line after an opening ``+++`` that is no part of a TOML block: not
    blank, not a comment, not a key line or ``[table]`` header, not inside an array, inline table
    or tripled string that a key line opened and has not closed (an array's line holds values: it
    opens with a quote, a bracket, a brace, a digit or a sign; a blank line or a line of text ends
    an array left open). So a front matter whose closing ``+++`` was lost ends where the text
    begins; None when a string or an array stays open to the end (no block is taken)."""
    depth, tripled = 0, None  # open brackets of a value; the tripled quote of an open string
    for index in range(1, min(len(lines), FRONT_MATTER_MAX_LINES + 1)):
        line = lines[index].strip()
        if tripled is not None:
            if tripled in line:
                tripled = None
            continue
        if depth > 0:
            if not line or not _TOML_VALUE_LINE.match(line):
                return index  # the array was not closed either: the text begins here
            depth = max(0, depth + _bracket_balance(line))
            continue
        if not line or line.startswith("#") or _TOML_TABLE.match(line):
            continue
        key = _TOML_KEY.match(line)
        if key is None:
            return index
        value = line[key.end() :].strip()
        opening = value[:3]
        if opening in ('"""', "'''") and opening not in value[3:]:
            tripled = opening
        elif value[:1] in "[{":
            depth = max(0, _bracket_balance(value))
    if tripled is not None or depth > 0:
        return None  # a string or an array left open to the end: no telling where text begins
    return min(len(lines), FRONT_MATTER_MAX_LINES + 1)


def _bracket_balance(text: str) -> int:
    """Opening minus closing brackets and braces of ``text`` outside its quoted strings."""
    return sum(+1 if ch in "[{" else -1 for ch in _TOML_QUOTED.sub("", text) if ch in "[]{}")


def _yaml_scalar(value: str) -> str | None:
    """A one-line YAML scalar's text: quotes removed; None for an empty value or a block scalar
    (``|``, ``>``: its text is on the next lines, not read)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    elif len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'")
    elif value.startswith(("|", ">")):
        return None
    else:
        value = value.split(" #", 1)[0]  # a comment after a plain scalar
    return value.strip() or None


def _toml_string(value: str) -> str | None:
    """A one-line TOML string's text (basic "...", its escapes read; literal '...'; either kind
    tripled when it closes on its line); None for an empty one or another value (a string that
    goes on to other lines, a number, a date, an array)."""
    value = value.strip()
    tripled = _TOML_TRIPLED_STRING.match(value)
    if tripled:
        text = tripled.group(2)
        text = _TOML_ESCAPE.sub(_toml_escape, text) if tripled.group(1).startswith('"') else text
        return unicodedata.normalize("NFC", " ".join(text.split())) or None
    if value.startswith(('"""', "'''")):
        return None  # goes on to other lines
    basic, literal = _TOML_BASIC_STRING.match(value), _TOML_LITERAL_STRING.match(value)
    if basic:
        text = _TOML_ESCAPE.sub(_toml_escape, basic.group(1))
    elif literal:
        text = literal.group(1)
    else:
        return None
    return unicodedata.normalize("NFC", " ".join(text.split())) or None


def _toml_escape(match: re.Match[str]) -> str:
    """The character a TOML escape stands for (a line break or tab: a space in a title); an
    escape TOML does not know stays as it is."""
    code = match.group(1) or match.group(2)
    if code is not None:
        return chr(int(code, 16)) if int(code, 16) <= sys.maxunicode else match.group(0)
    return _TOML_ESCAPES.get(match.group(3), match.group(0))


_FRONT_MATTERS = {  # its first line -> the kind of front matter a block opening so is
    "---": _FrontMatter(("---", "..."), _YAML_KEY, _YAML_TITLE, _yaml_scalar),
    "+++": _FrontMatter(("+++",), _TOML_KEY, _TOML_TITLE, _toml_string, section=_TOML_TABLE,
                         unclosed=_toml_run_end),
}


def _opens_with(lines: list[str], title: str) -> bool:
    """Whether the text of ``lines`` opens with a heading or with ``title`` itself."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return False
    line = lines[first].strip()
    underlined = first + 1 < len(lines) and bool(_SETEXT_UNDERLINE.match(lines[first + 1].strip()))
    return bool(_ATX_HEADING.match(line)) or underlined or line == title


def _block_lines(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """The lines without block markup, as (is code, lines) runs: a fenced block's lines are code
    (kept verbatim), the rest is text for :func:`_inline`."""
    blocks: list[tuple[bool, list[str]]] = []
    text: list[str] = []
    previous = ""  # the last line read ("" blank or start), without its quote markers
    previous_item = False  # ... and whether it was a list item or a heading
    table = False
    for index, (raw, kind) in enumerate(zip(lines, _fence_kinds(lines))):
        line = raw.strip()
        if kind == _CODE:
            blocks[-1][1].append(raw)
            continue
        if kind == _FENCE_CLOSE:
            blocks.append((False, text))
            text = []
            continue
        if kind == _FENCE_OPEN:
            blocks.append((False, text))
            blocks.append((True, []))
            text = []
            previous, previous_item = "", False
            continue
        line = _QUOTE.sub("", line)
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if "|" in line and (table or _delimiter_row(following)):
            table = True
            if not _delimiter_row(line):
                cells = [_HTML_TAG.sub(_in_cell, cell) for cell in _cells(line)]
                row = table_row_line([[cell] for cell in cells])
                for row_line in [row] if row is not None else [cell for cell in cells if cell]:
                    text.extend(("", row_line, ""))  # a paragraph of its own: never rejoined
            previous, previous_item = "", False
            continue
        table = False
        if not line or _REFERENCE_DEFINITION.match(line) or _FOOTNOTE_DEFINITION.match(line):
            text.append("")
            previous, previous_item = "", False
            continue
        if _SETEXT_UNDERLINE.match(line) and previous and not previous_item:
            continue  # the underline of a setext heading (an "===" or "---" line after text)
        if _RULE.match(line):
            text.append("")
            previous, previous_item = "", False
            continue
        item = True
        if _ATX_HEADING.match(line):
            line = _ATX_CLOSING.sub("", _ATX_HEADING.sub("", line, count=1))
        elif _BULLET.match(line):
            line = _BULLET.sub("", line, count=1)
        elif _DASH_BULLET.match(line) and _list_edge(previous, previous_item):
            line = _DASH_BULLET.sub("", line, count=1)
        elif _ORDERED.match(line) and _list_edge(previous, previous_item):
            line = _ORDERED.sub("", line, count=1)
        else:
            item = False
        if item:
            line = _TASK_BOX.sub("", line, count=1)
        text.append(line)
        previous, previous_item = line or " ", item
    blocks.append((False, text))  # (an unclosed fence's lines went to its code block, to the end)
    return [(code, block) for code, block in blocks if block]


def _list_edge(previous: str, previous_item: bool) -> bool:
    """Whether a line after ``previous`` (the line before, "" for none or blank) may open a list
    item: ``previous`` is none, blank, an item or heading, or ends a sentence or with a colon."""
    return not previous.strip() or previous_item or bool(_ENDS_SENTENCE_OR_COLON.search(previous))


def _delimiter_row(line: str) -> bool:
    """Whether ``line`` is a table's delimiter row ("|---|:---:|", "--- | ---")."""
    return "|" in line and "-" in line and bool(_TABLE_DELIMITER.match(line))


def _in_cell(tag: re.Match[str]) -> str:
    """An HTML tag in a table cell: a space for a line break (``<br>``: a cell of two lines is
    one, as in the other formats), else kept for :func:`_inline`."""
    return " " if _tag_replacement(tag) else tag.group(0)


def _cells(row: str) -> list[str]:
    """The cells of a table row "| a | b |", stripped."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip().replace("\\|", "|") for cell in _TABLE_CELL_SEPARATOR.split(row)]


# --------------------------------------------------------------------------------------------
# Inline
# --------------------------------------------------------------------------------------------


def _inline(text: str, references: set[str], notes: set[str]) -> str:
    """``text`` (lines of text blocks) without inline markup; paragraphs (runs of non-blank
    lines) are read one at a time, so no markup pairs across a blank line."""
    return "\n\n".join(_inline_paragraph(p, references, notes) for p in text.split("\n\n"))


def _inline_paragraph(text: str, references: set[str], notes: set[str]) -> str:
    held: list[str] = []

    def hold(literal: str) -> str:
        held.append(literal)
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    text = _HOLD_MARKS.sub(lambda m: hold(m.group()), text)  # the report's own private-use marks
    text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    text = _HARD_BREAK.sub("", text)
    text = _CODE_SPAN.sub(lambda m: hold(_code(m.group(2))), text)
    text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    text = _HTML_TAG.sub(_tag_replacement, text)
    decoded = False

    def character(match: re.Match[str]) -> str:
        nonlocal decoded
        char = reference_character(match.group(0))
        if char is None:
            return match.group(0)  # no such entity: text
        decoded = True
        return hold(" " if char.isspace() else char)  # held: "&#42;" is a star, not emphasis

    text = _HTML_REFERENCE.sub(character, text)
    text = _dropped(_IMAGE, text)
    text = _INLINE_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REFERENCE.sub(lambda m: "" if m.group(1).casefold() in notes else m.group(0), text)

    def reference(match: re.Match[str]) -> str:
        label = match.group(2) or match.group(1)  # [text][ref], or [text][] / [text]: the text
        return match.group(1) if label.casefold() in references else match.group(0)

    text = _REFERENCE_LINK.sub(reference, text)
    text = _dropped(_STRIKE, text)
    for _ in range(3):  # nested emphasis ("***x***", "**a _b_ c**") unwraps level by level
        before = text
        for pattern in _EMPHASES:
            text = pattern.sub(r"\1", text)
        if text == before:
            break
    def restore(match: re.Match[str]) -> str:  # a held literal may hold another (an escape in a code span)
        return _HELD.sub(restore, held[int(match.group(1))])

    text = _HELD.sub(restore, text)  # one pass: what comes back is never read as a placeholder
    return unicodedata.normalize("NFC", text) if decoded else text  # "e&#770;" reads "ê"


def _tag_replacement(match: re.Match[str]) -> str:
    """What an HTML tag leaves: a line break for a block-level element's (``<br>``, ``<p>``),
    else nothing."""
    name = (match.group(1) or match.group(2)).lower()
    return "\n" if name in _HTML_LINE_BREAKS else ""


def _code(content: str) -> str:
    """A code span's text: one space stripped from each side when both have one (CommonMark)."""
    if len(content) > 2 and content[0] == content[-1] == " " and content.strip():
        return content[1:-1]
    return content


def _dropped(pattern: re.Pattern[str], text: str) -> str:
    """``text`` without what ``pattern`` finds (an image, struck-through text) and the spaces
    around it: one space stays between words, none at a line's start or end or before
    punctuation."""

    def drop(match: re.Match[str]) -> str:  # the neighbours only: slicing the text was quadratic
        start, end = match.start(), match.end()
        at_edge = start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] in "\n.,;:!?…)"
        return "" if at_edge else " "

    return pattern.sub(drop, text)
