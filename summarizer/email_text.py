"""Plain text of a report received by e-mail and saved as a message file (``.eml``), for the loader.

The message is parsed with the standard library (``email``, default policy): its plain-text body
when it has one, else its HTML body (read like a saved web page by the caller, where a ``<div>``
for each paragraph, as Gmail and Apple Mail write them, is a paragraph: :mod:`summarizer.html_text`),
decoded from quoted-printable or base64; the loader decodes it in the charset the part declares
when that decodes it strictly, else by its own detection. The subject, without forwarding and
reply prefixes ("Fwd:", "TR:", "Re:", "Chuyển tiếp:"), is the report's title, unless the body
holds a forwarded message that is the report (below): then the Subject line of its header block
is ("Fwd: tin gửi anh" above "Subject: Mạo danh phóng viên ..." is titled "Mạo danh phóng
viên ..."; of messages forwarded within each other, the innermost one's that is the report).

**Attachments.** A report is often sent as an attached file with a covering note in the mail
("Em gửi bài trong file đính kèm."), and an editor means the attached article. Every attached
file with a name is handed to the loader (``EmailText.attachments``), which reads the first one
of a report format it reads (``.docx``, ``.pdf``, ``.txt``, ``.html``…; an attached message is
not opened) as the report when the mail's own text is only a covering note: at most
``COVERING_NOTE_MAX_WORDS`` syllables once its mail furniture is removed, or none. The report
keeps the mail's file name, its encoding is the attachment's after "eml+" ("eml+docx"), and its
title is the attachment's own (else the mail's). A longer mail text is the report, and then each
attached report file, left unread, is named in a warning, as are attached reports after the one
read and any that cannot be read.

Mail furniture is removed from a plain body (:func:`without_mail_furniture`), and from the lines
of an HTML body the same way (its text is blanked in the markup before the caller reads it):

* **Quoting** (plain text): the ">" marks opening the lines of a quoted block (at least
  ``QUOTED_BLOCK_MIN_LINES`` such lines, or any after an attribution line): the quoted text is
  the article. An HTML body quotes in ``<blockquote>``. The attribution line before a quoted
  block ("On ... wrote:", "Vào ... đã viết:", "Le ... a écrit :", wrapped on at most
  ``ATTRIBUTION_MAX_LINES`` lines) goes when it names an address or a time, as mail clients
  write it ("Vào năm 1946, Bác Hồ đã viết:" before an article's own quotation stays).
* **Replies above the quotation** (top-posting): when a quoted block after an attribution line
  is the article (no unquoted text follows it in its message, but a signature, and it is longer
  than the reply), the reply above the
  attribution is the replier's note and goes, when it is short (at most
  ``FORWARD_NOTE_MAX_WORDS`` syllables, as a forwarder's note; its signature counts); a longer
  text above is kept (it may be the article, with an earlier message quoted below), and so is
  a short report sent as the reply to a short request ("Em gửi tin cháy ở Thuận An nhé."). Text
  between or below quoted blocks (bottom-posting, inline replies) is kept, and so is the text
  above them then.
* **Forwarded messages**: a header block, that is the header lines ("From:", "Sent:", "Subject:",
  English, Vietnamese as Outlook and Gmail write them: "Từ:", "Đã gửi:", "Đến:", "Chủ đề:", or
  French: "De :", "Envoyé :", "À :", "Objet :") after a forward mark ("---------- Forwarded
  message ---------", "-----Original Message-----", "Begin forwarded message:", Vietnamese and
  French ones, or Outlook's line of underscores), or opening the body (two header lines or
  more), or anywhere with at least ``HEADER_BLOCK_MIN_LINES`` header lines that name the sender
  and the subject. The forwarded message is the report: the forwarder's note above it goes too,
  when it is short (at most ``FORWARD_NOTE_MAX_WORDS`` syllables); a longer text above is kept
  (it may be the article, with an earlier message below, and the mail's subject stays the
  title). A lone header line ("Từ: ..." in a sentence or a list) is text.
* **Signatures**, at the end of the message and at the end of each quoted or unquoted part of
  it: a "-- " line and the rest of its part; a closing block that starts with a sign-off line
  alone ("Trân trọng,", "Thân", "Best regards", "Regards", "Thanks") followed only by at most
  ``SIGNATURE_MAX_LINES`` short lines (``SIGNATURE_LINE_MAX_WORDS`` syllables: name, title,
  phone, address); and "Sent from my iPhone" / "Gửi từ iPhone của tôi" lines at the end. The
  words of a sign-off inside a sentence ("... trân trọng cảm ơn bà con") are text.
"""

from __future__ import annotations

import email
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from .html_text import declared_charset
from .normalize import word_count

EMAIL_SUFFIXES = (".eml",)

# A run of lines opening with ">" is a quoted block when it has at least this many lines (or
# follows an attribution line): a single "> 50%" line of an article is not a quotation.
QUOTED_BLOCK_MIN_LINES = 2
# An attribution line ("On Sat, 11 Jan 2025 ... <a@b.vn> wrote:") may be wrapped on this many lines.
ATTRIBUTION_MAX_LINES = 2
# Header lines anywhere in the body make a forwarded message's header block (without a forward
# mark before them and not opening the body) when there are at least this many, one naming the
# sender and one the subject: Outlook's HTML forward has no mark line, only a rule.
HEADER_BLOCK_MIN_LINES = 3
# Header lines opening the body are a header block from this many on.
OPENING_HEADER_MIN_LINES = 2
# The text above a forwarded message is the forwarder's note, and goes, when it has at most
# this many syllables (a note and a signature); a longer text is kept. The same limit holds for
# a reply above a quoted block that is the article (top-posting).
FORWARD_NOTE_MAX_WORDS = 60
# A mail text of at most this many syllables (furniture removed) beside an attached report is its
# covering note, and the attachment is read as the report: the limit of a forwarder's note.
COVERING_NOTE_MAX_WORDS = FORWARD_NOTE_MAX_WORDS
# A closing block after a sign-off line has at most this many lines, each of at most this many
# syllables (a name, a title, a phone number, an address).
SIGNATURE_MAX_LINES = 8
SIGNATURE_LINE_MAX_WORDS = 15

_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|tr|re|aw|chuyển tiếp|trả lời)\s*:\s*)+", re.IGNORECASE)
_FORWARD_MARK = re.compile(
    r"^-{2,}\s*(?:forwarded message|original message|thư chuyển tiếp|thư đã chuyển tiếp|thư gốc|"
    r"tin nhắn gốc|message transféré|message d'origine)\s*-{2,}$"
    r"|^(?:begin forwarded message|bắt đầu thư được chuyển tiếp|début du message réexpédié)\s*:$",
    re.IGNORECASE,
)
_HEADER_RULE = re.compile(r"^_{10,}$")  # Outlook's line above the headers of the message it forwards
# Header labels of forwarded and replied messages: English, Vietnamese (Outlook, Gmail), French.
_FROM_LABELS = ("from", "từ", "de")
_SUBJECT_LABELS = ("subject", "chủ đề", "tiêu đề", "objet")
_OTHER_LABELS = (
    "sent", "date", "to", "cc", "bcc", "attachments",
    "đã gửi", "gửi", "ngày", "đến", "tới", "tệp đính kèm", "đính kèm",
    "envoyé", "à", "pièces jointes",
)
_HEADER_LINE = re.compile(
    r"^\*?(" + "|".join(_FROM_LABELS + _SUBJECT_LABELS + _OTHER_LABELS) + r")\s*:", re.IGNORECASE
)
_QUOTE_MARKS = re.compile(r"^(?:>[ \t]?)+")
_ATTRIBUTION_START = re.compile(r"^(?:on|vào|le)\s", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(r"(?:wrote|đã viết|a écrit)\s*:$", re.IGNORECASE)
# ... and names an address or a time: "Vào năm 1945, Bác Hồ đã viết:" before a quotation is the article's.
_ATTRIBUTION_DETAIL = re.compile(r"@|\b\d{1,2}:\d{2}\b")
_SIGNATURE = "-- "  # the conventional signature separator line
_SIGN_OFF = re.compile(
    r"^(?:trân trọng(?: cảm ơn)?|thân ái|thân mến|thân|best regards|kind regards|warm regards|regards|"
    r"thanks(?: (?:and|&) regards)?|thank you|many thanks|cordialement|bien à vous)[\s,.!]*$",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(
    r"^(?:sent from (?:my )?\S.{0,40}|(?:được )?gửi từ .{1,40} của tôi|envoyé (?:de|depuis) (?:mon )?\S.{0,40}|"
    r"get outlook for \S.{0,20})$",
    re.IGNORECASE,
)

# HTML bodies: the elements that start and end a line of text, those whose text is not shown.
_HTML_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "br", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul",
})
_HTML_HIDDEN = frozenset({"head", "noscript", "script", "style", "template", "title"})
_HTML_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.DOTALL,
)
_HTML_SPACE = re.compile(r"\s+")


class EmailError(Exception):
    """A message file that cannot be read as a report; the message is the loader's skip reason."""


@dataclass(frozen=True)
class EmailText:
    subject: str | None  # the subject without Fwd:/Re: prefixes, None when empty
    body: bytes  # the body part's bytes, transfer encoding (quoted-printable, base64) undone
    html: bool  # the body is the HTML part (its mail furniture's text blanked already)
    charset: str | None  # the charset the part declares
    # the subject of the forwarded message an HTML body holds, when that message is the report
    # (a plain body's comes with its furniture: :func:`mail_text`)
    forwarded_subject: str | None = None
    # (file name, bytes) of each attached file that has a name, transfer encoding undone
    attachments: tuple[tuple[str, bytes], ...] = ()


def email_text(data: bytes) -> EmailText:
    """Subject, body and attached files of the message ``data``; raises EmailError. The body is
    left as bytes (empty when the mail has only attachments): the standard library's own
    ``get_content()`` would replace what its declared charset does not decode, where the loader
    decodes strictly and falls back to its own detection."""
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise EmailError("not an e-mail message (no headers)")
        body = message.get_body(preferencelist=("plain", "html"))
        attachments = tuple(_attachments(message))
    except RecursionError as exc:  # parts nested thousands deep: a damaged or hostile file
        raise EmailError("parts nested too deeply to read") from exc
    payload = body.get_payload(decode=True) if body is not None else None
    if not isinstance(payload, bytes) or not payload.strip():
        if not attachments:
            raise EmailError("no text in the e-mail")
        payload = b""
    subject = _PREFIX.sub("", str(message.get("subject", "") or "")).strip() or None
    html_body = body is not None and body.get_content_subtype() == "html"
    charset = body.get_content_charset() if body is not None else None
    forwarded = None
    if html_body and payload:
        payload, forwarded = _html_mail(payload, charset)
    return EmailText(subject, payload, html_body, charset, forwarded, attachments)


def _attachments(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each attached file of ``message`` that has a name and bytes (an
    attached message has none: it is not opened)."""
    for part in message.iter_attachments():
        name = part.get_filename()
        content = part.get_payload(decode=True)
        if name and isinstance(content, bytes):
            yield name, content


def mail_text(lines: list[str]) -> tuple[list[str], str | None]:
    """A plain body's lines without quote marks, attribution lines, forwarded-message header
    blocks (and the short note above the forwarded message), a short reply above a quoted
    article and signatures; and the subject of the forwarded message that is the report, None
    when there is none (see the module's docstring)."""
    texts, quoted = _unquoted(lines)
    dropped, subject = _furniture(texts, quoted)
    return [text for index, text in enumerate(texts) if index not in dropped], subject


def without_mail_furniture(lines: list[str]) -> list[str]:
    """A plain body's lines without its mail furniture (:func:`mail_text`)."""
    return mail_text(lines)[0]


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------


def _unquoted(lines: list[str]) -> tuple[list[str], list[bool]]:
    """The lines with the quote marks of quoted blocks removed, and whether each is quoted."""
    texts = list(lines)
    quoted = [False] * len(lines)
    index = 0
    while index < len(lines):
        if not lines[index].lstrip().startswith(">"):
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].lstrip().startswith(">"):
            end += 1
        if end - index >= QUOTED_BLOCK_MIN_LINES or _attribution_before(lines, index) is not None:
            for k in range(index, end):
                texts[k] = _QUOTE_MARKS.sub("", lines[k].strip())
                quoted[k] = True
        index = end
    return texts, quoted


def _attribution_before(texts: list[str], index: int) -> range | None:
    """The lines of the attribution ("On ... wrote:") that ends just before line ``index`` (blank
    lines between allowed), or None."""
    end = index
    while end > 0 and not texts[end - 1].strip():
        end -= 1
    for size in range(1, ATTRIBUTION_MAX_LINES + 1):
        start = end - size
        if start < 0 or not all(texts[k].strip() for k in range(start, end)):
            break
        text = " ".join(texts[k].strip() for k in range(start, end))
        if _ATTRIBUTION_START.match(text) and _ATTRIBUTION_END.search(text) and _ATTRIBUTION_DETAIL.search(text):
            return range(start, end)
    return None


def _furniture(texts: list[str], quoted: list[bool]) -> tuple[set[int], str | None]:
    """Indices of the lines of ``texts`` (quote marks removed; ``quoted``: in a quoted block)
    that are mail furniture, and the subject of the forwarded message that is the report: that
    of the last header block with nothing but a short note above it, up to the first block with
    a longer text above (which is kept, the report beginning there)."""
    dropped: set[int] = set()
    replies: list[tuple[range, int]] = []  # each attribution and the first line of its quoted block
    for index in range(1, len(texts)):
        if quoted[index] and not quoted[index - 1]:  # a quoted block's first line
            attribution = _attribution_before(texts, index)
            if attribution is not None and not any(quoted[k] for k in attribution):
                dropped.update(attribution)
                replies.append((attribution, index))
    blocks = list(_header_blocks(texts))
    start = 0  # where the current message begins
    subject: str | None = None
    kept_above = False  # a text above a block was kept: the report begins there
    for block in blocks:
        dropped.update(block)
        note = [k for k in range(start, block.start) if k not in dropped]
        if sum(word_count(texts[k]) for k in note) <= FORWARD_NOTE_MAX_WORDS:
            dropped.update(note)
            if not kept_above:
                subject = _block_subject(texts, block) or subject
        else:
            kept_above = True
        start = block.stop
    before_signatures = set(dropped)  # a note's signature counts in its length
    for part in _parts(quoted, dropped):
        dropped.update(_signature(texts, [k for k in part if k not in dropped]))
    for attribution, first in replies:
        dropped.update(_reply_note(texts, quoted, attribution, first, blocks, before_signatures, dropped))
    return dropped, subject


def _block_subject(texts: list[str], block: range) -> str | None:
    """The subject a header block's Subject line gives ("Subject: Fwd: Mạo danh ..." ->
    "Mạo danh ..."), None without one."""
    for k in block:
        text = texts[k].strip()
        match = _HEADER_LINE.match(text)
        if match and match.group(1).lower() in _SUBJECT_LABELS:
            subject = _PREFIX.sub("", text[match.end():].strip(" \t*")).strip()
            if subject:
                return subject
    return None


def _reply_note(texts: list[str], quoted: list[bool], attribution: range, first: int, blocks: list[range],
                counted: set[int], dropped: set[int]) -> list[int]:
    """The lines of the short reply above ``attribution`` when the quoted block opening at line
    ``first`` is the article (top-posting): nothing unquoted but ``dropped`` lines follows it in
    its message, and no quoted line is above it. Empty otherwise, or when the reply (its lines
    not in ``counted``, the furniture found before signatures) is longer than
    ``FORWARD_NOTE_MAX_WORDS``."""
    start = max((block.stop for block in blocks if block.stop <= attribution.start), default=0)
    end = min((block.start for block in blocks if block.start >= first), default=len(texts))
    if any(not quoted[k] and texts[k].strip() and k not in dropped for k in range(first, end)):
        return []  # text below the quotation: a bottom-posted or inline reply
    note = [k for k in range(start, attribution.start) if k not in counted]
    if any(quoted[k] for k in note):
        return []  # an earlier quotation above: replies between quotations
    note_words = sum(word_count(texts[k]) for k in note)
    if note_words > FORWARD_NOTE_MAX_WORDS:
        return []  # a long text above: perhaps the article, with an earlier message quoted below
    quoted_words = sum(word_count(texts[k]) for k in range(first, end) if quoted[k] and k not in dropped)
    if quoted_words <= note_words:
        return []  # a quotation no longer than the reply: the reply above it is the report
    return note


def _header_run(texts: list[str], index: int) -> range:
    """The header lines from ``index`` on (empty when line ``index`` is not one)."""
    end = index
    while end < len(texts) and _HEADER_LINE.match(texts[end].strip()):
        end += 1
    return range(index, end)


def _header_blocks(texts: list[str]) -> Iterator[range]:
    """The lines of each forwarded message's mark and header block, in order."""
    first = next((k for k, text in enumerate(texts) if text.strip()), None)
    index = 0
    while index < len(texts):
        text = texts[index].strip()
        mark = bool(_FORWARD_MARK.match(text))
        if mark or _HEADER_RULE.match(text):
            after = index + 1
            while after < len(texts) and not texts[after].strip():
                after += 1  # Apple Mail leaves a blank line between its mark and the headers
            run = _header_run(texts, after)
            if mark or len(run) >= OPENING_HEADER_MIN_LINES:
                block = range(index, run.stop if run else index + 1)
                yield block
                index = block.stop
                continue
        run = _header_run(texts, index)
        if run and (index == first and len(run) >= OPENING_HEADER_MIN_LINES or _names_sender_and_subject(texts, run)):
            yield run
            index = run.stop
            continue
        index += 1


def _names_sender_and_subject(texts: list[str], run: range) -> bool:
    """Whether the header lines ``run`` are a header block of their own: enough lines, one
    naming the sender, one the subject."""
    labels = set()
    for k in run:
        match = _HEADER_LINE.match(texts[k].strip())
        if match:
            labels.add(match.group(1).lower())
    return len(run) >= HEADER_BLOCK_MIN_LINES and bool(labels & set(_FROM_LABELS)) and bool(labels & set(_SUBJECT_LABELS))


def _parts(quoted: list[bool], dropped: set[int]) -> Iterator[list[int]]:
    """The indices of the lines left, in runs of quoted and unquoted lines (each may end in a
    signature: a reply's above its quotation, the original's at the quotation's end)."""
    part: list[int] = []
    for index, is_quoted in enumerate(quoted):
        if index in dropped:
            continue
        if part and quoted[part[-1]] != is_quoted:
            yield part
            part = []
        part.append(index)
    if part:
        yield part


def _signature(texts: list[str], part: list[int]) -> set[int]:
    """The lines of the part ``part`` (indices of ``texts``) that are its signature."""
    for position, index in enumerate(part):
        if texts[index].strip() == _SIGNATURE.strip():
            return set(part[position:])
    dropped: set[int] = set()
    end = len(part)
    while end > 0 and (not texts[part[end - 1]].strip() or _SENT_FROM.match(texts[part[end - 1]].strip())):
        end -= 1
        if texts[part[end]].strip():
            dropped.add(part[end])
    following = 0  # non-blank lines after the candidate sign-off line
    for position in range(end - 1, 0, -1):
        text = texts[part[position]].strip()
        if _SIGN_OFF.match(text):
            if any(texts[k].strip() for k in part[:position]):
                dropped.update(part[position:end])
            break
        if text:
            following += 1
            if following > SIGNATURE_MAX_LINES or word_count(text) > SIGNATURE_LINE_MAX_WORDS:
                break
    return dropped


# --------------------------------------------------------------------------------------------
# HTML bodies
# --------------------------------------------------------------------------------------------


@dataclass
class _HtmlLine:
    text: str  # the line's text, character references decoded, spaces collapsed
    spans: list[tuple[int, int]]  # where its text is in the markup
    quoted: bool  # inside a <blockquote>


def html_without_mail_furniture(payload: bytes, charset: str | None) -> bytes:
    """The HTML body ``payload`` with the text of its mail furniture's lines blanked
    (:func:`_html_mail`)."""
    return _html_mail(payload, charset)[0]


def _html_mail(payload: bytes, charset: str | None) -> tuple[bytes, str | None]:
    """The HTML body ``payload`` with the text of its mail furniture's lines blanked (the lines
    that a block element or ``<br>`` ends, read as :func:`mail_text` reads a plain body's), its
    tags kept; unchanged when it has none; and the subject of the forwarded message that is the
    report, if any. The markup is decoded in ``charset`` (or the one it declares, or UTF-8),
    keeping any undecodable byte as it is, so the bytes around the blanked text are the
    payload's own whatever the loader then finds the charset to be."""
    try:
        payload.decode("utf-8")
        codec = "utf-8"  # what decodes as UTF-8 is UTF-8, whatever a Western declaration says
    except UnicodeError:
        codec = charset or declared_charset(payload) or "utf-8"
    try:
        if "<a>:".encode(codec) != b"<a>:":
            return payload, None  # not an ASCII-compatible charset (UTF-16): read as it is
        markup = payload.decode(codec, "surrogateescape")
    except (LookupError, UnicodeError):
        return payload, None
    lines = _html_lines(markup)
    dropped, subject = _furniture([line.text for line in lines], [line.quoted for line in lines])
    spans = sorted(span for index in dropped for span in lines[index].spans)
    if not spans:
        return payload, subject
    kept, position = [], 0
    for start, end in spans:
        kept.append(markup[position:start])
        position = end
    kept.append(markup[position:])
    try:
        return "".join(kept).encode(codec, "surrogateescape"), subject
    except UnicodeError:
        return payload, subject


def _html_lines(markup: str) -> list[_HtmlLine]:
    """The lines of text of ``markup``, each with where its text is."""
    lines: list[_HtmlLine] = []
    current = _HtmlLine("", [], False)
    hidden: str | None = None  # the element whose text is not shown, while in it
    quote_depth = pre_depth = 0

    def end_line() -> None:
        nonlocal current
        lines.append(_HtmlLine(_HTML_SPACE.sub(" ", current.text).strip(), current.spans, current.quoted))
        current = _HtmlLine("", [], quote_depth > 0)

    def add_text(start: int, end: int) -> None:
        if hidden is not None or start >= end:
            return
        if pre_depth:  # preformatted text: its line breaks are lines
            for piece in re.finditer(r"[^\n]+|\n", markup[start:end]):
                if piece.group() == "\n":
                    end_line()
                else:
                    _add(current, markup, start + piece.start(), start + piece.end())
            return
        _add(current, markup, start, end)

    position = 0
    for token in _HTML_TOKEN.finditer(markup):
        add_text(position, token.start())
        position = token.end()
        name = (token.group(2) or "").lower()
        if not name:
            continue  # a comment, doctype or processing instruction
        closing = token.group(1) == "/"
        if hidden is not None:
            if closing and name == hidden:
                hidden = None
            continue
        if name in _HTML_HIDDEN and not closing and not token.group(0).endswith("/>"):
            hidden = name
            continue
        if name in _HTML_BLOCKS:
            end_line()
        if name == "blockquote":
            quote_depth = max(0, quote_depth + (-1 if closing else 1))
            current.quoted = quote_depth > 0
        elif name == "pre":
            pre_depth = max(0, pre_depth + (-1 if closing else 1))
    add_text(position, len(markup))
    end_line()
    return lines


def _add(line: _HtmlLine, markup: str, start: int, end: int) -> None:
    """Text ``markup[start:end]`` added to ``line``."""
    line.text += html.unescape(markup[start:end])
    line.spans.append((start, end))
