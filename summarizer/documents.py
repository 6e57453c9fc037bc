"""Load: read every report of a folder, whatever its encoding, and find its title and credits.

Reading a file (``decode_bytes``): explicit byte-order marks first (UTF-8, UTF-16, UTF-32),
then UTF-16 without a mark (NUL bytes at one parity only, decoded and checked), then a binary
check (other NULs or many control bytes), then strict UTF-8, then UTF-8 with a few undecodable
bytes (a page cut mid-character, one stray byte: at least ``NEARLY_UTF8_VALID_PER_BAD`` well-formed
non-ASCII characters per bad byte; each run of bad bytes becomes U+FFFD "�", and the
summary's warnings count them, :func:`replacement_characters`), then the legacy Vietnamese
encodings TCVN3 ("ABC"), VNI and VISCII when the bytes read as Vietnamese in one of them
(:mod:`summarizer.vncharsets`), then charset-normalizer (which is what recognises the legacy
Vietnamese code page Windows-1258; that code page stores tone marks as combining characters,
and the NFC step of :func:`normalize.normalize_text` recomposes them).

Markdown reports (``.md``) lose their markup first (:mod:`summarizer.markdown_text`). Web
pages (``.html``, ``.htm``, or any report file that starts with a doctype or ``<html>``) are
decoded in the character set they declare when it decodes them, and reduced to their article's
title, text blocks and captions by :mod:`summarizer.html_text`; figure captions go to the
credits; an old page set in a legacy Vietnamese font is decoded line by line
(:func:`vncharsets.legacy_glyphs`). Word documents (``.docx``) give their paragraphs and their
Title-styled paragraph (:mod:`summarizer.docx_text`), OpenDocument texts (``.odt``) likewise
(:mod:`summarizer.odt_text`), Rich Text Format files (``.rtf``) likewise, in the code page of
each font, legacy Vietnamese fonts included (:mod:`summarizer.rtf_text`), and Word 97-2003
files (``.doc``) the paragraphs of their main text and their Title paragraph
(:mod:`summarizer.doc_text`). PDF files give the text lines of their pages without page numbers
and running headers, and their headline by its type size (:mod:`summarizer.pdf_text`), read
like plain text. E-mails saved as ``.eml`` give their subject (or the forwarded message's own,
when that message is the report) as the title and their plain (else HTML) body without
forwarding headers and signature (:mod:`summarizer.email_text`); when that text is only a
covering note, their first attached report file instead (the others are warned of).

A line break inside a paragraph of a web page or an office document (``<br>``, ``w:br``,
``text:line-break``, ``\\line``) reaches the loader as ``html_text.SOFT_BREAK``, apart from the
paragraph ends ("\n"), and is resolved before anything reads the lines
(:func:`resolved_soft_breaks`): a sentence that plainly runs on across it is joined by a space,
every other break stays a line break.

Structure of a report (``read_report``): the title is the first line when it is short and does
not end like a sentence, or the part before a title glued to the body ("…quốc phòngBộ trưởng…",
or by a space before a lead's opener: "… đèo Bảo Lộc Sáng 12/10, xe khách …",
:func:`report_lines.split_title`), with the next lines when a wrapped headline continues in lower
case. A text that is a headline alone (one title line; a title over credits only) is a report
with that title and an empty body: a headline candidate with no sentences, unless no report of
the folder has body text, when each headline is read as its report's text
(:func:`_headlines_as_text`). In plain text, PDFs and e-mails the body's paragraphs, when
hard-wrapped at a fixed width, are rejoined (:mod:`summarizer.unwrap`). Source credits, the
authors' credit ("Bài và ảnh: …"), datelines, leading date lines and photo captions (a short
line ending in a photo credit or opening with "Ảnh:", a Word paragraph in the Caption style, an
OpenDocument one in a LibreOffice caption style)
are removed from the body and kept in ``Report.credits`` (:mod:`summarizer.report_lines`); lines sending the reader to other
articles ("Xem thêm: <title>", "Tin liên quan") are dropped; only clear patterns are touched
(see ``credits`` below). The end-of-story mark of Vietnamese news copy ("... làm rõ./.", a line
"/." alone) is dropped, the sentence keeping its final punctuation, and so is a list bullet
("*", "•", "+") opening a line.
"""

from __future__ import annotations

import array
import codecs
import io
import logging
import os
import re
import sys
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .doc_text import CFB_SIGNATURE, DOC_SUFFIXES, doc_text
from .docx_text import DOCX_SUFFIXES, docx_text
from .email_text import COVERING_NOTE_MAX_WORDS, EMAIL_SUFFIXES, EmailError, EmailText, email_text, mail_text
from .odt_text import ODT_SUFFIXES, odt_text
from .office import OfficeFileError, OfficeText
from .errors import BadOptionError, EmptyFolderError, FolderNotFoundError, NoReadableReportsError, shown, shown_path
from .fileio import expand_user
from .html_text import (
    COMMENT_CLOSE, HTML_SUFFIXES, SOFT_BREAK, declared_charset,
    looks_like_html, page_text, table_row_line,
)
from .markdown_text import (
    HTML_LINE_BREAKS, HTML_REFERENCE, HTML_TAG, markdown_text, marks_a_title, reference_character,
)
from .pdf_text import PDF_MAGIC, PDF_SUFFIXES, PdfError, pdf_text
from .rtf_text import RTF_SUFFIXES, rtf_text
from .normalize import (
    ENDS_WITH_FINAL_MARK, INVISIBLE_CHARACTERS, normalize_text, representable, word_count,
)
from .report_lines import (
    is_title_line, kept_break, leading_row, live_blog_in_order, split_title, strip_credits, wrapped_title,
)
from .sentences import split_sentences
from .unwrap import unwrap_lines
from .vncharsets import detect_legacy, legacy_glyphs

logger = logging.getLogger("summarizer.documents")

REPORT_SUFFIXES = (
    (".txt", ".md") + HTML_SUFFIXES + DOCX_SUFFIXES + DOC_SUFFIXES + ODT_SUFFIXES + RTF_SUFFIXES + PDF_SUFFIXES
    + EMAIL_SUFFIXES
)
# Files attached to an e-mail that are read as its report: those of a report format, a message
# aside (an e-mail is read one level deep).
ATTACHED_SUFFIXES = tuple(suffix for suffix in REPORT_SUFFIXES if suffix not in EMAIL_SUFFIXES)
TEXT_ENCODING = "str"  # Report.encoding of a TextReport given as text (decoded already)
MAX_REPORT_BYTES = 128 * 1024 * 1024  # larger files are skipped unread (a news report is far smaller)
DOCX_ENCODING = "docx"  # what Report.encoding says of a Word document
ODT_ENCODING = "odt"  # ... of an OpenDocument text
RTF_ENCODING = "rtf"  # ... of a Rich Text Format document ("+tcvn3" etc. when a legacy font was decoded)
DOC_ENCODING = "doc"  # ... of a Word 97-2003 document (likewise)
# Office documents, read from the file's bytes: (suffixes, reader, what Report.encoding says of them).
_OFFICE_READERS = (
    (DOCX_SUFFIXES, docx_text, DOCX_ENCODING),
    (ODT_SUFFIXES, odt_text, ODT_ENCODING),
    (RTF_SUFFIXES, rtf_text, RTF_ENCODING),
    (DOC_SUFFIXES, doc_text, DOC_ENCODING),
)
PDF_ENCODING = "pdf"  # ... and of a PDF (with "+tcvn3" etc. when a legacy font was decoded)
EMAIL_ENCODING = "eml"  # ... and of an e-mail, with its body's charset: "eml+utf-8"
# UTF-16 without a byte-order mark: in Latin-script text (Vietnamese included: spaces, most
# consonants, digits, punctuation) at least this share of the code units is ASCII, so their
# high byte (odd positions for little-endian, even for big-endian) is NUL ...
UTF16_MIN_ASCII_SHARE = 0.3
# ... while at most this share of the low bytes is (a NUL character is never in text), not
# counting the code units of combining marks (``_NUL_LOW_MARKS``).
UTF16_MAX_NUL_LOW_SHARE = 0.0
# The combining marks whose UTF-16 code unit has a NUL low byte: decomposed Vietnamese (NFD)
# writes the grave tone mark as U+0300 after its letter ("a" + U+0300 for "à").
_NUL_LOW_MARKS = tuple(code for code in range(0, 0x10000, 0x100) if unicodedata.category(chr(code)) == "Mn")
# A file with more than this share of control bytes (besides tab/LF/CR/FF/ESC) is binary.
BINARY_CONTROL_SHARE = 0.05
# A file that is not UTF-16 with NUL bytes is binary, unless they are at most this share of its
# bytes: stray NULs in a text, each read as an undecodable character (shown as "\ufffd").
STRAY_NUL_SHARE = 0.001
_NUL_STAND_IN = b"\x1a"  # SUB: one character in every ASCII-based decoding
# UTF-8 text with a few undecodable bytes is still UTF-8 when it holds at least this many
# well-formed non-ASCII characters per bad byte. Vietnamese text has one in nearly every word;
# ViMs text written in the legacy encodings has 0 (TCVN3, Windows-1258) to 0.04 (VISCII) per
# bad byte.
NEARLY_UTF8_VALID_PER_BAD = 5
# Sub-folders of a folder read without --recursive are searched this many levels down for
# report files, to name them in a warning (LoadedFolder.unread_folders).
UNREAD_FOLDER_DEPTH = 2
# --recursive enters sub-folders at most this many levels below the folder read; a folder deeper
# down is not entered, and is listed as skipped (no archive of reports nests that deep; a tree
# nested thousands deep is damaged or hostile, and its paths outgrow what the system opens).
MAX_FOLDER_DEPTH = 64
# When charset-normalizer recognises no language, the decoded text must be at least this share
# Latin script (letters of Vietnamese, English, French...), digits and punctuation.
MIN_LATIN_SHARE = 0.8
DETECTION_SAMPLE_CHARS = 100_000  # characters inspected for that check
_SUFFIX_LIST = ", ".join(REPORT_SUFFIXES[:-1]) + " or " + REPORT_SUFFIXES[-1]
# Most skipped files named in the one-line NoReadableReportsError message.
MAX_FILES_IN_ERROR = 10


@dataclass(frozen=True)
class Report:
    file: str  # path relative to the input folder, POSIX separators (a TextReport's name)
    path: Path | None  # absolute path; None for a report given in memory (TextReport)
    encoding: str  # detected encoding name
    title: str | None  # the report's title (first line or glued-title split), None when absent
    body: str  # NFC text, LF line endings, credits and title removed; paragraphs separated by "\n"
    credits: tuple[str, ...] = ()  # stripped source credits / captions, in order found
    # what the file's content showed it to be when its name said another format ("a Word document
    # (.docx)" for a .docx saved as .txt): it was read as that (see ``_format_name``); None otherwise
    read_as: str | None = None
    # what the summary's warnings tell of the file beyond its text, one line each ("attachment
    # b.pdf not read: ..."); the warning names the file
    notes: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """Title and body as one text (a line break between): what the coherence check, the
        editor's checks and the headline's agreement read of a report."""
        return f"{self.title or ''}\n{self.body}"


@dataclass(frozen=True)
class SkippedFile:
    file: str  # path relative to the input folder
    reason: str  # one line, e.g. "binary file", "cannot decode", "empty"


@dataclass(frozen=True)
class TextReport:
    """A report held in memory, for library use (``summarize([TextReport(...), ...])``).

    ``data`` is what a report file would hold: text (``str``), or the bytes of any format and
    encoding the loader reads from files, the format taken from ``name``'s suffix ("a.html",
    "b.docx"; plain text without one). The title is found as in a file (its first line, or a
    title glued to the body) unless ``title`` is given, with ``data`` as text: then ``data`` is
    the body alone. ``name`` stands for the file name in the result (``sources``, provenance)
    and must be unique among the reports."""

    name: str
    data: str | bytes
    title: str | None = None


@dataclass(frozen=True)
class LoadedFolder:
    folder: Path | None  # None for reports given in memory
    reports: tuple[Report, ...]  # readable reports in stable (sorted) order
    skipped: tuple[SkippedFile, ...]  # files not used, with why
    # sub-folders holding report files that were not read (a folder read without --recursive)
    unread_folders: tuple[str, ...] = ()


class UnreadableError(Exception):
    """A file that is not a usable report; the message is the skip reason."""


# --------------------------------------------------------------------------------------------
# Bytes -> text
# --------------------------------------------------------------------------------------------

# Byte-order marks and the codecs that decode text behind them (longest mark first).
BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_VIETNAMESE_CODE_PAGE = "cp1258"
_COMBINING_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; raises UnreadableError with the skip reason.
    Shared by the report loader and the reference reader (corpus.py)."""
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableError("cannot decode as text") from exc
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        nuls = data.count(0)
        if nuls > max(1, STRAY_NUL_SHARE * len(data)) or _NUL_STAND_IN in data:
            raise UnreadableError("binary file")
        # A few stray NULs in a text (a copy that went wrong): each is read as an undecodable
        # character, by a stand-in byte every ASCII-based decoding reads as one character.
        text, encoding = decode_bytes(data.replace(b"\x00", _NUL_STAND_IN))
        return text.replace(_NUL_STAND_IN.decode("ascii"), "\ufffd"), encoding
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > BINARY_CONTROL_SHARE * len(data):
        raise UnreadableError("binary file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly, "utf-8"
    legacy = detect_legacy(data)
    if legacy is not None:
        return legacy
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise UnreadableError("cannot decode as text")
    encoding = best.encoding
    if encoding != _VIETNAMESE_CODE_PAGE and any(m.encoding == _VIETNAMESE_CODE_PAGE for m in matches):
        # Several single-byte code pages decode anything; combining tone marks are the mark of
        # Vietnamese text in Windows-1258, so prefer it when the detector also considered it.
        candidate = data.decode(_VIETNAMESE_CODE_PAGE, errors="replace")
        if any(ch in _COMBINING_TONES for ch in candidate):
            encoding = _VIETNAMESE_CODE_PAGE
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableError("cannot decode as text") from exc
    if best.coherence <= 0 and not _mostly_latin(text):
        # No language recognised and not even Latin script: bytes that merely happen to be
        # valid in some multi-byte code page (random data decodes as CJK).
        raise UnreadableError("cannot decode as text")
    return text, encoding.replace("_", "-")


_BAD_BYTES = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape writes them


def _nearly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with each run of undecodable bytes replaced by U+FFFD, when it is UTF-8
    but for a few bytes (see ``NEARLY_UTF8_VALID_PER_BAD``); None otherwise."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(len(run) for run in _BAD_BYTES.findall(text))
    valid = sum(1 for ch in text if ord(ch) > 127) - bad
    if valid < NEARLY_UTF8_VALID_PER_BAD * bad:
        return None
    return _BAD_BYTES.sub("\ufffd", text)


def replacement_characters(report: Report) -> int:
    """U+FFFD characters in the report's title and body: bytes that could not be decoded."""
    return (report.title or "").count("\ufffd") + report.body.count("\ufffd")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when ``data`` is Latin-script UTF-16 without a byte-order mark: NUL
    bytes at one parity only (but for combining marks, ``_NUL_LOW_MARKS``), strict decoding, at least UTF16_MIN_ASCII_SHARE ASCII characters,
    no control characters besides whitespace, and mostly Latin script. None otherwise (then the
    NULs mean a binary file)."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        low = data[0::2] if encoding == "utf-16-le" else data[1::2]
        if high.count(0) < UTF16_MIN_ASCII_SHARE * units:
            continue
        nul_low = low.count(0)
        if nul_low:  # the combining marks among them (NFD text) are no NUL bytes of a binary file
            codes = array.array("H", data)
            if (sys.byteorder == "little") != (encoding == "utf-16-le"):
                codes.byteswap()
            nul_low -= sum(codes.count(mark) for mark in _NUL_LOW_MARKS)
        if nul_low > UTF16_MAX_NUL_LOW_SHARE * units:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(ch.isascii() for ch in text) < UTF16_MIN_ASCII_SHARE * len(text):
            continue  # "ÿþÿþ": NULs at one parity, but no text
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0c" for ch in text):
            continue
        if _mostly_latin(text):
            return text, encoding
    return None


def _mostly_latin(text: str) -> bool:
    """Whether most of ``text``'s first characters are Latin letters, digits or punctuation,
    read composed: Windows-1258 writes tone marks as combining characters after the letter, and
    a short Vietnamese text decoded from it held too many of them to pass."""
    sample = [ch for ch in unicodedata.normalize("NFC", text[:DETECTION_SAMPLE_CHARS]) if not ch.isspace()]
    if not sample:
        return False
    latin = sum(
        1 for ch in sample if ch.isascii() or unicodedata.category(ch)[0] in "PNZ" or "LATIN" in unicodedata.name(ch, "")
    )
    return latin >= MIN_LATIN_SHARE * len(sample)


# --------------------------------------------------------------------------------------------
# Line breaks inside paragraphs
# --------------------------------------------------------------------------------------------

# What the loading normalization (:func:`normalize.normalize_text`) makes a space (tabs, no-break
# spaces) or drops (zero-width spaces, byte-order marks, soft hyphens): passed over, with the
# spaces, when the text on either side of a soft break is looked at, and left out where it joins.
_IGNORED_AT_BREAK = " \t\u00a0" + INVISIBLE_CHARACTERS


def resolved_soft_breaks(text: str) -> str:
    """``text`` of a rich-format reader with each ``SOFT_BREAK`` (a line break inside a
    paragraph: ``<br>``, ``w:br``, ``text:line-break``, ``\\line``) resolved, before anything
    reads its lines. An author breaks a line mid-sentence ("... đi vòng gần 4 km" / "qua cầu Cẩm
    Lệ ..."), and read as two lines each half would be a fragment; but a line break also sets
    out lists, addresses and verse, and rejoining every line as a hard-wrapped text is rejoined
    ran short paragraphs and list items together. So a break is a space only where the sentence
    plainly runs on (:func:`_runs_on`: the text before ends no sentence, nor in a colon, and the
    text after opens with a lower-case letter); every other one is a line break ("\\n"), as
    the readers gave before. A break opening or ending a paragraph goes, and two or more in a
    row (a blank line, the way some authors set paragraphs apart) are a line break."""
    if SOFT_BREAK not in text:
        return text
    return "\n".join(_resolved_paragraph(paragraph) for paragraph in text.split("\n"))


def _resolved_paragraph(paragraph: str) -> str:
    """One paragraph (no "\\n") with its soft breaks resolved (see :func:`resolved_soft_breaks`)."""
    parts = paragraph.split(SOFT_BREAK)
    pieces = [parts[0]]  # joined once at the end: a paragraph of thousands of breaks stays linear
    last = parts[0] if parts[0].strip(_IGNORED_AT_BREAK) else None  # the latest part holding text
    blank = False  # an empty part (two breaks in a row) since the last text
    for part in parts[1:]:
        if not part.strip(_IGNORED_AT_BREAK):
            blank = True
        elif last is None:
            pieces, last, blank = [part], part, False  # a break opening the paragraph
        else:
            separator = " " if not blank and _runs_on(last, part) else "\n"
            pieces[-1] = pieces[-1].rstrip(_IGNORED_AT_BREAK)
            pieces += [separator, part.lstrip(_IGNORED_AT_BREAK)]
            last, blank = part, False
    return "".join(pieces)


def _runs_on(before: str, after: str) -> bool:
    """Whether a sentence plainly runs on across a line break between the part ``before`` and the
    part ``after``: ``before`` ends no sentence (no final mark, closing quotes or brackets
    allowed after it) and not in a colon (a list or a quotation follows), and ``after`` opens
    with a lower-case letter. A capital, a digit, a dash or a bullet after the break may open a
    list item, an address line or a new sentence whose mark was left out, and keeps the break."""
    before = before.rstrip(_IGNORED_AT_BREAK)
    return (after.lstrip(_IGNORED_AT_BREAK)[:1].islower() and not before.endswith(":")
            and not ENDS_WITH_FINAL_MARK.search(before))


# --------------------------------------------------------------------------------------------
# Folder
# --------------------------------------------------------------------------------------------


def read_report(path: Path, relative: str | None = None, *, reference: bool = False) -> Report:
    """The report in the file ``path`` (named ``relative``, its name by default), read by its
    format; UnreadableError with the reason a folder's listing of skipped files gives.
    ``reference``: read as a reference summary, text from its first line: only a title the
    format marks (a page's ``<title>`` or heading, a Word Title paragraph, a Markdown heading, an
    e-mail's subject) is set apart, never a first line that looks like one, and no line is taken
    for a credit, a dateline or a byline (a report's editorial furniture, a summary's words)."""
    relative = path.name if relative is None else relative
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise UnreadableError(f"too large ({size:,} bytes; a report file is read only up to {MAX_REPORT_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from exc
    return _parse_data(data, relative, path, reference=reference)


def _parse_data(data: bytes | str, relative: str, path: Path | None, title: str | None = None, *,
                reference: bool = False) -> Report:
    """The report in ``data``, read by the format its name ``relative`` says (plain text when
    the name has no known suffix); ``data`` as ``str`` is text already decoded, and then a
    ``title`` given makes it the body alone."""
    if isinstance(data, str) and title is None and relative.lower().endswith(RTF_SUFFIXES):
        data = _rtf_bytes(data)  # RTF is text, but its reader takes bytes, as from a file
    elif isinstance(data, str) and title is None and relative.lower().endswith(EMAIL_SUFFIXES):
        data = data.encode("utf-8")
    if isinstance(data, str):
        if not data.strip() and not (title and title.strip()):  # a title alone is a headline-only report
            raise UnreadableError("empty")
        if data.strip() and (relative.lower().endswith(HTML_SUFFIXES) or looks_like_html(data)):
            return _page_report(path, relative, TEXT_ENCODING, data, title, empty="no text in the page",
                                reference=reference)
        return _text_report(path, relative, TEXT_ENCODING, data, markdown=relative.lower().endswith(".md"), title=title,
                            reference=reference)
    fmt = _format_name(relative, data)  # the name by which the format is chosen
    if fmt == relative.lower():
        return _read_format(data, fmt, relative, path, reference=reference)
    found = fmt[len(relative.lower()):]
    kind = f"{_CONTENT_KINDS[found]} ({found})"
    if found == ZIP_SUFFIX:
        raise UnreadableError(f"{kind}, not a report (no Word document or OpenDocument text in it)")
    try:
        report = _read_format(data, fmt, relative, path, reference=reference)
    except UnreadableError as exc:
        raise UnreadableError(f"{exc} (read as {kind}, which its content is)") from exc
    return replace(report, read_as=kind)


def _read_format(data: bytes, fmt: str, relative: str, path: Path | None, *, reference: bool) -> Report:
    """The report in the file bytes ``data`` named ``relative``, read by the format ``fmt`` (its
    name, or that with the suffix of what its content is: :func:`_format_name`) says."""
    for suffixes, reader, office_encoding in _OFFICE_READERS:
        if fmt.endswith(suffixes):
            try:
                document = reader(data)
            except OfficeFileError as exc:
                raise UnreadableError(str(exc)) from exc
            except RecursionError as exc:  # elements nested thousands deep: a damaged or hostile file
                raise UnreadableError("elements nested too deeply to read") from exc
            encoding = _with_legacy(office_encoding, document.encoding)
            title, lines = office_title(document)
            text = without_stray_tags(normalize_text(resolved_soft_breaks("\n".join(lines))))
            title = resolved_soft_breaks(title) if title is not None else None
            return _report(path, relative, encoding, text, title, document.captions, tables=True, reference=reference)
    if fmt.endswith(PDF_SUFFIXES):
        try:
            pdf = pdf_text(data, relative.rsplit("/", 1)[-1], is_title=is_title_line)
        except PdfError as exc:
            raise UnreadableError(str(exc)) from exc
        encoding = _with_legacy(PDF_ENCODING, pdf.encoding)
        text = normalize_text("\n".join(pdf.lines))
        return _report(path, relative, encoding, text, pdf.title, hard_wrapped=True, scales=pdf.scales,
                       hyphenated=True, reference=reference)
    if not data.strip():
        raise UnreadableError("empty")
    if fmt.endswith(EMAIL_SUFFIXES):
        return _email_report(path, relative, data)
    html = fmt.endswith(HTML_SUFFIXES)
    raw, encoding = (_decode_declared(data, declared_charset(data)) if html else None) or decode_bytes(data)
    if html and not _HTML_TAG.search(raw):
        html = False  # plain text under a page's name: lines, title and all, as a text file's
    if html or looks_like_html(raw):
        return _page_report(path, relative, encoding, raw, None, empty="no text in the page", reference=reference)
    return _text_report(path, relative, encoding, raw, markdown=fmt.endswith(".md"), reference=reference)


def office_title(document: OfficeText) -> tuple[str | None, tuple[str, ...]]:
    """The title and body lines of an office document: a Heading 1 that its reader took for the
    title (no paragraph is styled Title) goes back among the lines where it stood when a line
    above it is body text (neither a title line, :func:`is_title_line`, nor a table row): it is
    a crosshead, and the title is found in the text as in a plain file (its first line, then).
    A heading with only a date, a section's name or a table row above it stays the title."""
    title, lines, above = document.title, document.lines, document.title_line
    if title is None or not document.heading:
        return title, lines
    if all(is_title_line(line.replace(SOFT_BREAK, " ")) or leading_row(line) for line in lines[:above]):
        return title, lines
    return None, lines[:above] + (title,) + lines[above:]


def _text_report(path: Path | None, relative: str, encoding: str, raw: str, *, markdown: bool,
                 title: str | None = None, reference: bool = False) -> Report:
    """The report of a plain-text or Markdown file's decoded ``raw`` text (a given ``title``
    makes it the body alone): tab-separated rows read as table rows and stray tags removed in
    plain text, the markup read in Markdown; its lines may be hard-wrapped."""
    text = normalize_text(raw if markdown else _tab_separated_rows(raw))
    marked = markdown and marks_a_title(text)  # a heading or a front matter title: the format marks it
    text = markdown_text(text) if markdown else without_stray_tags(text)
    return _report(path, relative, encoding, text, title or None, hard_wrapped=True, title_given=bool(title),
                   tables=markdown, reference=reference, title_marked=marked)


# A line of at least this many tab-separated fields is a table row: one stray tab in a wrapped
# line ("... dự\tán giao thông ...") makes two.
TAB_ROW_MIN_FIELDS = 3


def _tab_separated_rows(text: str) -> str:
    """Plain ``text`` with each line of tab-separated short fields read as a table row, its cells
    joined as every reader of a format with tables joins them ("Cầu chính\\t1,2 km\\t900 tỷ đồng"
    -> "Cầu chính | 1,2 km | 900 tỷ đồng", ``html_text.table_row_line``); a line indented with a
    tab, of fewer than ``TAB_ROW_MIN_FIELDS`` fields, or whose fields hold prose or end sentences
    ("Đoạn một.\\tĐoạn hai.\\tBa."), keeps its tabs (read as spaces)."""
    if "\t" not in text:
        return text

    def row(line: str) -> str:
        fields = [field for field in line.split("\t") if field.strip()]
        if (line.startswith("\t") or len(fields) < TAB_ROW_MIN_FIELDS
                or any(ENDS_WITH_FINAL_MARK.search(field.rstrip()) for field in fields)):
            return line
        joined = table_row_line([[field] for field in fields])
        return joined if joined is not None else line

    return "\n".join(row(line) if "\t" in line else line for line in text.splitlines())


# Tags left in a plain-text or office report by a copy from a page's source ("<strong>Liverpool và
# M.U mỗi đội phải nộp phạt.</strong>", "<div class=...>", "<img src=...>"): removed, their text
# kept; a block's tag or a line break ends the line (``markdown_text.HTML_LINE_BREAKS``). Tags are
# read by CommonMark's grammar (``markdown_text.HTML_TAG``), so "<i và b>" is text, and only the
# names of HTML elements are tags: "<Tên>" is text too.
_STRAY_INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i img ins label mark nobr q s small span strong sub sup time u wbr "
    "picture source iframe video audio center html head body caption meta link".split()
)
# Elements removed with what they hold (a page's code, a button's label) and comments, each up to
# its first closer (``_without_code``), and the tags of a namespace Word writes into HTML it copies
# ("<o:p></o:p>").
_CODE_OPENER = re.compile(r"<(script|style|noscript|button)\b|<!--", re.IGNORECASE)  # a tag's ">" found after
_CODE_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "noscript", "button")}
_NAMESPACED_TAG = re.compile(r"</?[a-z]+:[a-z]+(?:\s[^<>]*)?/?>", re.IGNORECASE)


def _without_code(text: str) -> str:
    """``text`` without its scripts, styles, noscripts and buttons (with what they hold) and its
    comments, each from its opener to the first closer after it; an opener never closed stays
    as text. Linear: once no closer of a kind follows a place, none follows a later one, so each
    kind is looked for to the end at most once, and so is the ">" ending a tag (a lazy ``.*?``
    regex read to the end for every unclosed opener: 16,000 "<!--" took 56 s)."""
    out: list[str] = []
    position = 0
    unclosed: set[str] = set()  # kinds with no closer after the last place looked from
    no_tag_end = False  # no ">" after the last place looked from
    search_from = 0
    while (opener := _CODE_OPENER.search(text, search_from)) is not None:
        kind = (opener.group(1) or "!--").lower()
        end = -1
        if kind == "!--":
            if kind not in unclosed:
                found = text.find(COMMENT_CLOSE, opener.end())
                end = found + len(COMMENT_CLOSE) if found >= 0 else -1
        elif kind not in unclosed and not no_tag_end:
            tag_end = text.find(">", opener.end())
            no_tag_end = tag_end < 0
            if not no_tag_end:
                closer = _CODE_CLOSERS[kind].search(text, tag_end + 1)
                end = closer.end() if closer else -1
        if end < 0:
            unclosed.add(kind)
            search_from = opener.end()
            continue
        out.append(text[position : opener.start()])
        position = search_from = end
    out.append(text[position:])
    return _NAMESPACED_TAG.sub("", "".join(out))


def without_stray_tags(text: str) -> str:
    """Normalized ``text`` without the HTML a copy from a page's source left in it: its tags
    (``_STRAY_INLINE_TAGS``; a block's or a break's ends the line), comments, scripts and styles
    with their code; then its character references read ("B&#236;nh D&#432;&#417;ng", "&nbsp;",
    "&quot;"). Text that only looks like a tag ("a < b", "<Tên>", "<i và b>") or a reference
    ("AT&T", "R&D;") stays."""
    if "<" not in text and "&" not in text:
        return text
    text = _without_code(text)

    def replacement(match: re.Match[str]) -> str:
        name = (match.group(1) or match.group(2)).lower()
        if name == "br":
            return SOFT_BREAK  # inside a paragraph, as a page's: a sentence broken by it runs on
        if name in HTML_LINE_BREAKS:
            return "\n"
        return "" if name in _STRAY_INLINE_TAGS else match.group(0)

    def character(match: re.Match[str]) -> str:
        char = reference_character(match.group(0))
        if char is None:
            return match.group(0)  # stands for no character ("&notit;", "&#0;"): as written
        return " " if char.isspace() else char  # "&nbsp;" a space

    return normalize_text(resolved_soft_breaks(HTML_REFERENCE.sub(character, HTML_TAG.sub(replacement, text))))


# Office file names that a web tool or an old Word "Save as" often gives to RTF or HTML; Word reads
# them by their content, and so does the loader.
_MISNAMED_OFFICE_SUFFIXES = DOC_SUFFIXES + DOCX_SUFFIXES + ODT_SUFFIXES
_RTF_MAGIC = b"{\\rtf"
SNIFF_BYTES = 512  # bytes of an office-named file looked at for RTF or HTML inside
# Any file is read by what its content is when that is a format of its own (a .docx saved as
# .txt, an .odt named .docx, a PDF named .doc, an e-mail saved as .txt): a zip archive holding a
# Word document's or an OpenDocument text's part, a compound file (Word 97-2003), a PDF, RTF, or an
# e-mail message's headers; a web page inside a file of a binary format's name too (a page named
# .txt is read as a page after decoding, :func:`looks_like_html`).
_ZIP_MAGIC = b"PK\x03\x04"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"  # the "mimetype" member of an .odt
ZIP_SUFFIX = ".zip"  # another zip archive (a spreadsheet, a folder zipped): no report format
# What each format found by content is, for the warning and the skip reason that name it.
_CONTENT_KINDS = {
    DOCX_SUFFIXES[0]: "a Word document", ODT_SUFFIXES[0]: "an OpenDocument text",
    DOC_SUFFIXES[0]: "a Word 97-2003 document", PDF_SUFFIXES[0]: "a PDF", RTF_SUFFIXES[0]: "an RTF document",
    HTML_SUFFIXES[0]: "a web page", EMAIL_SUFFIXES[0]: "an e-mail message", ZIP_SUFFIX: "a zip archive",
}
# The names of the formats each of those is read under: a file so named is read by its name.
_CONTENT_NAMES = {
    DOCX_SUFFIXES[0]: DOCX_SUFFIXES, ODT_SUFFIXES[0]: ODT_SUFFIXES, DOC_SUFFIXES[0]: DOC_SUFFIXES,
    PDF_SUFFIXES[0]: PDF_SUFFIXES, RTF_SUFFIXES[0]: RTF_SUFFIXES, HTML_SUFFIXES[0]: HTML_SUFFIXES,
    EMAIL_SUFFIXES[0]: EMAIL_SUFFIXES, ZIP_SUFFIX: DOCX_SUFFIXES + ODT_SUFFIXES,  # their own reasons
}
# Bytes looked at for an e-mail message's header block (received lines and signatures run long).
MESSAGE_SNIFF_BYTES = 16_384
MESSAGE_HEADER_MIN_LINES = 2  # a header block opening a message file has at least this many lines
_MESSAGE_HEADER = re.compile(rb"([A-Za-z][A-Za-z0-9-]*):[ \t]")  # "Subject: ..." (RFC 5322)
# Headers only a message file has, one of which it must hold: a block of "From:", "To:",
# "Subject:" lines pasted above a text report is its text (read by the e-mail furniture rules).
_MESSAGE_FILE_HEADERS = frozenset({
    b"mime-version", b"content-type", b"content-transfer-encoding", b"message-id", b"received", b"return-path",
})


_HTML_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|!--|!doctype)[\s>/]", re.IGNORECASE)  # any tag at all


def _format_name(relative: str, data: bytes) -> str:
    """``relative`` in lower case, with the suffix of the format its content is added when that
    is not the format its name says (:func:`_content_format`: "report.doc" holding "{\\rtf1...",
    "report.txt" holding a Word document), so that it is read as what it is."""
    name = relative.lower()
    found = _content_format(data, name)
    return name if found is None or name.endswith(_CONTENT_NAMES[found]) else name + found


def _content_format(data: bytes, name: str) -> str | None:
    """The suffix of the format ``data`` is by its content, for a file called ``name`` (see
    ``_ZIP_MAGIC`` above); None for text, and for a web page unless the name is a binary format's."""
    if data.startswith(_ZIP_MAGIC):
        return _zip_format(data)
    if data.startswith(CFB_SIGNATURE):
        return DOC_SUFFIXES[0]
    if data.startswith(PDF_MAGIC):
        return PDF_SUFFIXES[0]
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_RTF_MAGIC):
        return RTF_SUFFIXES[0]
    if name.endswith(BINARY_SUFFIXES + EMAIL_SUFFIXES) and looks_like_html(head.decode("latin-1")):
        return HTML_SUFFIXES[0]
    return EMAIL_SUFFIXES[0] if _opens_with_message_headers(data) else None


def _zip_format(data: bytes) -> str | None:
    """".docx" for a zip archive holding a Word document's part, ".odt" for one holding an
    OpenDocument text's, ``ZIP_SUFFIX`` for another, None when its directory cannot be read
    (the reader its name chooses says why)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:len(_ODT_MIMETYPE) + 1] if "mimetype" in names else b""
    # the errors office._read_part reads as a damaged archive
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError):
        return None
    if "word/document.xml" in names:
        return DOCX_SUFFIXES[0]
    if "content.xml" in names and mimetype.strip() == _ODT_MIMETYPE:
        return ODT_SUFFIXES[0]
    return ZIP_SUFFIX


def _opens_with_message_headers(data: bytes) -> bool:
    """Whether ``data`` opens with an e-mail message's header block: at least
    ``MESSAGE_HEADER_MIN_LINES`` header lines (folded ones going on, an mbox "From " line
    before them), up to a blank line or the ``MESSAGE_SNIFF_BYTES`` looked at, one of them a
    header only a message file has (``_MESSAGE_FILE_HEADERS``)."""
    lines = data[:MESSAGE_SNIFF_BYTES].splitlines()
    if len(data) > MESSAGE_SNIFF_BYTES:
        lines = lines[:-1]  # cut short
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    names: list[bytes] = []
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and names:
            continue  # a folded header's next line
        header = _MESSAGE_HEADER.match(line)
        if header is None:
            return False
        names.append(header.group(1).lower())
    return len(names) >= MESSAGE_HEADER_MIN_LINES and not _MESSAGE_FILE_HEADERS.isdisjoint(names)


def _with_legacy(encoding: str, legacy: str | None) -> str:
    """What ``Report.encoding`` says of a file read as ``encoding`` whose text in a legacy font
    was decoded as ``legacy``: "pdf+tcvn3", "windows-1252+vni"."""
    return f"{encoding}+{legacy}" if legacy else encoding


def _page_report(path: Path | None, relative: str, encoding: str, markup: str, title: str | None, *, empty: str,
                 reference: bool = False) -> Report:
    """The report of a web page's ``markup`` (:mod:`summarizer.html_text`): its article text,
    ``title`` or else the page's own, location stamps, captions and bylines as credits;
    ``empty`` is the skip reason when the page has no text."""
    page = page_text(markup)
    if not page.lines:
        raise UnreadableError(empty)
    title = title or page.title
    # An old page set in a legacy Vietnamese font (<font face="VNI-Times">) holds that font's
    # codes as Windows-1252 letters: decoded where they read as Vietnamese, line by line, each
    # line as the page shows it (the parts of a paragraph broken by a <br> apart).
    head = [title.replace("\n", " ")] if title else []
    body = [part for line in page.lines for part in line.split(SOFT_BREAK)]
    after_break = [i > 0 for line in page.lines for i in range(line.count(SOFT_BREAK) + 1)]
    captions = [caption.replace("\n", " ") for caption in page.datelines + page.captions + page.bylines]
    decoded, legacy = legacy_glyphs("\n".join(head + body + captions))
    if legacy is not None:
        lines = decoded.split("\n")
        title = lines[0] if head else None
        body, captions = lines[len(head):len(head) + len(body)], lines[len(head) + len(body):]
    joined = "".join((SOFT_BREAK if soft else "\n") + part for soft, part in zip(after_break, body))
    text = resolved_soft_breaks(joined[1:])  # [1:]: the first part follows no break
    text = without_stray_tags(normalize_text(text))  # tags a page shows as text ("&lt;b&gt;")
    return _report(path, relative, _with_legacy(encoding, legacy), text, title, tuple(captions), tables=True,
                   headline_only=False, reference=reference)


def _email_report(path: Path | None, relative: str, data: bytes) -> Report:
    """A report saved from an e-mail (:mod:`summarizer.email_text`): its text, whose title is the
    subject or the subject of the forwarded message that is the report; or, when that text is
    only a covering note, its first attached file that reads as a report (``ATTACHED_SUFFIXES``),
    under the mail's name. Attached report files left unread are named in ``Report.notes``."""
    try:
        mail = email_text(data)
    except EmailError as exc:
        raise UnreadableError(str(exc)) from exc
    attached = [(name, content) for name, content in mail.attachments if name.lower().endswith(ATTACHED_SUFFIXES)]
    try:
        own: Report | None = _mail_text_report(path, relative, mail)
    except UnreadableError:
        if not attached:
            raise
        own = None
    if not attached:
        assert own is not None  # unreadable without attachments has raised
        return own
    if own is not None and word_count(own.body) > COVERING_NOTE_MAX_WORDS:
        return replace(own, notes=tuple(f"attachment {name} not read: the e-mail's own text is the report"
                                        for name, _ in attached))
    failed: list[tuple[str, str]] = []  # (attachment, why it cannot be read)
    for index, (name, content) in enumerate(attached):
        try:
            report = _parse_data(content, name, path)
        except UnreadableError as exc:
            failed.append((name, str(exc)))
            continue
        notes = [f"attachment {other} not read ({why})" for other, why in failed]
        notes += [f"attachment {other} not read: only the first attached report ({name}) is read"
                  for other, _ in attached[index + 1:]]
        title = report.title or (own.title if own is not None else mail.subject)
        return replace(report, file=relative, encoding=f"{EMAIL_ENCODING}+{report.encoding}", title=title,
                       notes=tuple(notes))
    if own is None:
        raise UnreadableError("no text in the e-mail; " + "; ".join(f"attachment {name}: {why}" for name, why in failed))
    return replace(own, notes=tuple(f"attachment {name} not read ({why})" for name, why in failed))


def _mail_text_report(path: Path | None, relative: str, mail: EmailText) -> Report:
    """The report of an e-mail's own text (see :func:`_email_report`)."""
    raw, detected = _decode_declared(mail.body, mail.charset or "us-ascii") or decode_bytes(mail.body)
    encoding = f"{EMAIL_ENCODING}+{detected}"
    if mail.html:
        return _page_report(path, relative, encoding, raw, mail.forwarded_subject or mail.subject,
                            empty="no text in the e-mail")
    kept, forwarded = mail_text(normalize_text(raw).split("\n"))
    title = forwarded or mail.subject
    lines = without_stray_tags("\n".join(kept)).split("\n")
    body = [line for line in lines if line.strip()]
    if title and body and normalize_text(body[0]) == normalize_text(title):
        lines = lines[lines.index(body[0]) + 1 :]  # the report's own title, repeating the subject
    return _report(path, relative, encoding, "\n".join(lines).strip("\n"), title, hard_wrapped=True,
                   headline_only=False)


def _report(
    path: Path | None,
    relative: str,
    encoding: str,
    text: str,
    title: str | None,
    captions: tuple[str, ...] = (),
    *,
    hard_wrapped: bool = False,
    scales: Sequence[float] | None = None,
    hyphenated: bool = False,
    title_given: bool = False,
    tables: bool = False,
    headline_only: bool = True,
    reference: bool = False,
    title_marked: bool = False,
) -> Report:
    """The report of normalized ``text`` whose title is ``title`` when the format marks one
    (a page's heading, a Word Title paragraph), else found in the text; ``captions`` (already
    known to be captions) open the credits. ``hard_wrapped``: the text's lines may be a
    paragraph broken at a fixed width (plain text), to be rejoined (:mod:`summarizer.unwrap`);
    ``scales``: the relative character width of each line of ``text`` (a PDF's font sizes);
    ``hyphenated``: a hyphen ending a line may break a word (a PDF's typesetting: see
    :mod:`summarizer.unwrap`);
    ``title_given``: ``title`` came from the caller (``TextReport.title``), never extended;
    ``tables``: the format reads tables (see :func:`report_lines.split_title`); ``headline_only``: a
    headline without body text (a text of one title line, a document of only its Title
    paragraph, a title with only credits under it) is a report of that title and an empty body,
    which the headline can draw on and the summary has nothing from (a web page or an e-mail
    without text is skipped instead: a page's ``<title>``, a mail's subject, is no headline an
    editor saved); ``reference`` (:func:`read_report`): no title is looked for in the text unless
    ``title_marked`` (its first line is a Markdown heading or front matter title), and no credit is
    taken off.
    Title handling only takes lines off the front, so the remaining lines are the tail of
    ``scales``."""
    if not text.strip() and not (title and headline_only):
        raise UnreadableError("empty")
    if title:  # one line: a Word or OpenDocument Title paragraph may hold a manual line break
        title, lines = " ".join(normalize_text(title).split()), text.split("\n")
    elif not reference or title_marked:
        title, lines = split_title(text.split("\n"), tables=tables, headline_only=headline_only)
    else:
        lines = text.split("\n")
    lines = _without_repeated_title(lines, title)
    if hard_wrapped:
        if not title_given:
            title, lines = wrapped_title(title, lines)
        tail = list(scales[len(scales) - len(lines) :]) if scales is not None and len(scales) >= len(lines) else None
        lines = unwrap_lines(lines, keep_break=kept_break, scales=tail, hyphenated=hyphenated)
    body_lines, credits = (lines, ()) if reference else strip_credits(lines)
    body = "\n".join(body_lines if reference else live_blog_in_order(body_lines))
    if not split_sentences(body):
        if not (title and headline_only):
            raise UnreadableError("no sentences")
        body = ""
    credits = tuple(normalize_text(c) for c in captions) + credits
    return Report(file=relative, path=path.resolve() if path else None, encoding=encoding, title=title, body=body,
                  credits=credits)


def _without_repeated_title(lines: list[str], title: str | None) -> list[str]:
    """``lines`` without a first line that is the title again (a page whose ``<title>`` is the
    title and whose story opens with the headline in bold; scales stay aligned: the line is
    only taken off the front)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title and first is not None and " ".join(lines[first].split()).casefold() == " ".join(title.split()).casefold():
        return lines[first + 1 :]
    return lines


# Western code pages (by Python's codec name) that a declaration names by habit, a server's or an
# editor's default: they lack ơ, ư, ă, đ and most toned vowels, so Vietnamese text in one is never
# what the bytes are, and Latin-1 decodes any byte without an error to show it.
WESTERN_CODECS = frozenset({"iso8859-1", "cp1252", "iso8859-15"})


def _decode_declared(data: bytes, charset: str | None) -> tuple[str, str] | None:
    """(text, encoding) of ``data`` in the character set its container declares (a web page's
    ``<meta charset>``, an e-mail part's header), when there is one, the data has no byte-order
    mark (which takes precedence) and it decodes strictly; None otherwise. A Western code page
    (``WESTERN_CODECS``) declared over bytes beyond ASCII is not taken at its word either: bytes
    that are UTF-8, a legacy Vietnamese font or Windows-1258 are read as such
    (:func:`_vietnamese_bytes`)."""
    if charset is None or any(data.startswith(bom) for bom, _ in BYTE_ORDER_MARKS):
        return None
    try:
        text = data.decode(charset)
    except (LookupError, ValueError):  # ValueError: undecodable bytes, a name with a NUL in it
        logger.info("declared charset %s does not decode the text; detecting instead", charset)
        return None
    if codecs.lookup(charset).name in WESTERN_CODECS and not data.isascii():
        detected = _vietnamese_bytes(data)
        if detected is not None:
            logger.info("declared charset %s, but the bytes are %s", charset, detected[1])
            return detected
    return text, charset


def _vietnamese_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when ``data`` is plainly UTF-8, text in a legacy Vietnamese font
    encoding (VNI, TCVN3: ``detect_legacy``), or Windows-1258 (its combining tone marks show it;
    VNI's codes would pass for them, so it is tried first); None otherwise."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = detect_legacy(data)
    if legacy is not None:
        return legacy
    try:
        candidate = data.decode(_VIETNAMESE_CODE_PAGE)
    except UnicodeDecodeError:
        return None
    return (candidate, _VIETNAMESE_CODE_PAGE) if any(ch in _COMBINING_TONES for ch in candidate) else None


def list_files(folder: Path, recursive: bool) -> tuple[list[tuple[str, Path]], list[SkippedFile]]:
    """(relative POSIX path, path) of every entry that is not a folder (files, and links, pipes
    and the like, which the caller skips with a reason) sorted by relative path, and the
    sub-folders that were not entered (recursive mode): hidden ones, those that cannot be read,
    links to a folder read already (a link to a folder is followed, once: links can loop), and
    those more than ``MAX_FOLDER_DEPTH`` levels down. FolderNotFoundError when ``folder`` itself
    cannot be read.

    The recursive walk is iterative, in the order ``os.walk`` goes (top-down, sub-folders by
    name), and tells folders apart by device and inode, so its time grows with the number of
    entries alone: no recursion to run out of, and no ``realpath`` per folder, which resolves
    every component of a path again and made a deep tree's walk quadratic in its depth."""
    found: list[tuple[str, Path]] = []
    passed: list[SkippedFile] = []
    if not recursive:
        try:
            found.extend((path.name, path) for path in folder.iterdir() if not path.is_dir())
        except OSError as exc:
            raise _unreadable_folder(folder, exc) from exc
        return sorted(found), []
    try:
        top = os.stat(folder)
    except OSError as exc:
        raise _unreadable_folder(folder, exc) from exc
    seen = {(top.st_dev, top.st_ino)}  # a linked folder is read once: links can loop
    pending: list[tuple[str, str, int]] = [("", os.fspath(folder), 0)]  # (relative path, path, depth); a stack
    while pending:
        relative, path, depth = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            if not relative:
                raise _unreadable_folder(folder, exc) from exc
            passed.append(SkippedFile(relative, f"cannot read folder: {exc.strerror or exc}"))
            continue
        entered: list[tuple[str, str, int]] = []
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_folder = entry.is_dir()  # a link to a folder counts: links are followed
            except OSError:
                is_folder = False
            if not is_folder:
                found.append((name, Path(entry.path)))
                continue
            if entry.name.startswith("."):
                passed.append(SkippedFile(name, "hidden folder"))
                continue
            try:
                status = entry.stat()
            except OSError as exc:
                passed.append(SkippedFile(name, f"cannot read folder: {exc.strerror or exc}"))
                continue
            if (status.st_dev, status.st_ino) in seen:
                passed.append(SkippedFile(name, "link to a folder read already"))
            elif depth >= MAX_FOLDER_DEPTH:
                passed.append(SkippedFile(name, f"folder nested too deeply (over {MAX_FOLDER_DEPTH} levels down)"))
            else:
                seen.add((status.st_dev, status.st_ino))
                entered.append((name, entry.path, depth + 1))
        pending.extend(reversed(entered))  # the first by name is read next, as os.walk does
    return sorted(found), sorted(passed, key=lambda skipped: skipped.file)


def _unreadable_folder(folder: Path, exc: OSError) -> FolderNotFoundError:
    return FolderNotFoundError(f"cannot read folder {folder}: {exc.strerror or exc}")


def input_files(paths: Sequence[Path], *, recursive: bool) -> Iterator[Path]:
    """Every file that reading ``paths`` (folders and report files) may open: a folder's
    entries as :func:`list_files` finds them, a file itself."""
    for path in paths:
        if path.is_dir():
            yield from (entry for _, entry in list_files(path, recursive)[0])
        else:
            yield path


def _not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (reading a named pipe would wait forever), or None."""
    if path.is_file():
        return None
    if path.is_symlink() and not path.exists():
        return "broken link"
    return "not a regular file (a pipe, socket or device)"


def _visible_subfolders(folder: Path) -> list[Path]:
    """The sub-folders of ``folder`` whose names do not start with a dot, sorted."""
    return sorted(path for path in folder.iterdir() if path.is_dir() and not path.name.startswith("."))


def _subfolder_hint(folder: Path) -> str:
    """How to read a folder whose reports sit in sub-folders (a root of clusters, say)."""
    subfolders = len(_visible_subfolders(folder))
    if not subfolders:
        return ""
    return (f"; it has {subfolders} sub-folder(s): --recursive reads them as one event, "
            "summarize-batch summarizes one event per sub-folder")


def load_folder(folder: str | Path, *, recursive: bool = False) -> LoadedFolder:
    """Read the reports of ``folder``. Raises FolderNotFoundError / EmptyFolderError /
    NoReadableReportsError (see errors.py)."""
    root = expand_user(folder)
    if not root.exists():
        raise FolderNotFoundError(f"folder not found: {shown_path(root)}")
    if not root.is_dir():
        raise FolderNotFoundError(f"not a folder: {shown_path(root)}")
    files, passed_folders = list_files(root, recursive)
    skipped = list(passed_folders)
    hint = "" if recursive else _subfolder_hint(root)
    loaded = _load_entries(root, files, skipped, hint=hint)
    return loaded if recursive else replace(loaded, unread_folders=_folders_with_reports(root))


def _folders_with_reports(folder: Path) -> tuple[str, ...]:
    """The visible sub-folders of ``folder`` holding a report file in themselves or in a folder
    at most ``UNREAD_FOLDER_DEPTH`` levels below them (a bound, so that a folder beside a large
    tree is not walked whole), sorted."""
    found = []
    for sub in _visible_subfolders(folder):
        for root, dirs, files in os.walk(sub):
            depth = len(Path(root).relative_to(sub).parts)
            dirs[:] = [d for d in dirs if not d.startswith(".")] if depth < UNREAD_FOLDER_DEPTH else []
            if any(not f.startswith(".") and f.lower().endswith(REPORT_SUFFIXES) for f in files):
                found.append(sub.name)
                break
    return tuple(found)


def load_files(paths: Sequence[str | Path]) -> LoadedFolder:
    """Read the report files ``paths`` (one event), named relative to their common folder.
    Raises FolderNotFoundError for a path that is missing or not a file, EmptyFolderError for
    no path, NoReadableReportsError when none of them is a readable report."""
    if not paths:
        raise EmptyFolderError("no report files given")
    files = [expand_user(p) for p in paths]
    for path in files:
        try:
            missing, is_dir = not path.exists() and not path.is_symlink(), path.is_dir()
        except OSError as exc:  # a folder on the way that may not be searched (EACCES)
            raise FolderNotFoundError(f"cannot read {shown_path(path)}: {exc.strerror or exc}") from exc
        if missing:
            raise FolderNotFoundError(f"file not found: {shown_path(path)}")
        if is_dir:
            raise BadOptionError(f"{shown_path(path)} is a folder: give one folder, or report files")
    # named with ".." and "." folded ("../part/a.txt" beside "b.txt" is "part/a.txt") and read
    # where given (a folder link before ".." leads elsewhere than the folded path); one file named
    # twice ("md/a.txt ./md/../md/a.txt") is read once, and two files that fold to one name keep
    # the names as given
    given: dict[str, Path] = {}  # the file's real path -> the path given first for it
    for path in files:
        given.setdefault(os.path.realpath(path), path.absolute())
    folded = {real: Path(os.path.normpath(path)) for real, path in given.items()}
    if len(set(folded.values())) < len(folded):
        folded = dict(given)
    root = Path(os.path.commonpath([str(named.parent) for named in folded.values()]))
    entries = sorted((folded[real].relative_to(root).as_posix(), given[real]) for real in given)
    return _load_entries(root, entries, [], hint="")


# Formats whose files are binary: a report in one is given as bytes.
BINARY_SUFFIXES = DOCX_SUFFIXES + ODT_SUFFIXES + DOC_SUFFIXES + PDF_SUFFIXES
# Formats that carry their own title: a report in one given as text takes no title beside it.
TITLED_TEXT_SUFFIXES = RTF_SUFFIXES + EMAIL_SUFFIXES
# The most an RTF \u control word holds: a signed 16-bit number.
_RTF_UNICODE_LIMIT = 0x8000


def _rtf_bytes(text: str) -> bytes:
    """RTF given as text, as its reader takes it: ASCII, each other character as the \\uN? control
    word RTF writes it with (a literal "á" would be read in the document's code page)."""
    def escaped(char: str) -> str:
        if ord(char) < 0x80:
            return char
        encoded = char.encode("utf-16-le")  # one UTF-16 unit, or a surrogate pair beyond the BMP
        units = [int.from_bytes(encoded[k : k + 2], "little") for k in range(0, len(encoded), 2)]
        return "".join(f"\\u{unit - 0x10000 if unit >= _RTF_UNICODE_LIMIT else unit}?" for unit in units)

    return "".join(escaped(char) for char in text).encode("ascii")


def load_texts(items: Sequence[TextReport]) -> LoadedFolder:
    """Read reports held in memory (one event), in the order given. Raises EmptyFolderError for
    no report, BadOptionError for a name that is empty or not unique, NoReadableReportsError
    when none is a readable report; an unreadable one is skipped with the reason, as a file."""
    if not items:
        raise EmptyFolderError("no reports given")
    names = [item.name for item in items]
    for number, name in enumerate(names, 1):
        if not isinstance(name, str):
            raise BadOptionError(f"report {number}: its name must be a str, not {type(name).__name__}")
    # A name UTF-8 cannot hold (a lone surrogate: half of an emoji cut by a JSON API) is written
    # with visible escapes, as summarize-batch writes a file name that is not UTF-8.
    names = [representable(name) for name in names]
    # compared in NFC: "báo" typed on macOS (NFD) and elsewhere is one name in every listing of sources
    repeated = sorted(name for name, count in Counter(unicodedata.normalize("NFC", n) for n in names).items()
                      if count > 1)
    if repeated:
        raise BadOptionError(f"report names must be unique; given more than once: {', '.join(map(shown, repeated))}")
    if not all(name.strip() for name in names):
        raise BadOptionError("every report needs a name")
    reports: list[Report] = []
    skipped: list[SkippedFile] = []
    for item, name in zip(items, names):
        item = replace(item, name=name) if name != item.name else item
        if not isinstance(item.data, (str, bytes)):
            raise BadOptionError(f"report {shown(item.name)}: data must be str or bytes, not {type(item.data).__name__}")
        if item.title is not None and not (isinstance(item.title, str) and isinstance(item.data, str)):
            raise BadOptionError(f"report {shown(item.name)}: a title goes with text data (str), as a str")
        binary = next((suffix for suffix in BINARY_SUFFIXES if item.name.lower().endswith(suffix)), None)
        if binary is not None and isinstance(item.data, str) and _format_name(item.name, item.data[:SNIFF_BYTES].encode(
                "utf-8", "replace")) == item.name.lower():  # a ".doc" may be RTF or a page: text then
            raise BadOptionError(f"report {shown(item.name)}: a {binary} file is binary; give its bytes, not text")
        titled = next((suffix for suffix in TITLED_TEXT_SUFFIXES if item.name.lower().endswith(suffix)), None)
        if titled is not None and item.title is not None:
            raise BadOptionError(f"report {shown(item.name)}: a {titled} report holds its own title; give it "
                                 "without title=, or give its text as plain text with the title")
        try:
            # text counts in UTF-8 bytes, as a file of it would; a character takes at most 4, so
            # text that short is under the limit without being encoded
            size = (len(item.data) if isinstance(item.data, bytes) or 4 * len(item.data) <= MAX_REPORT_BYTES
                    else len(item.data.encode("utf-8", errors="surrogatepass")))
            if size > MAX_REPORT_BYTES:
                raise UnreadableError(f"too large ({size:,} bytes; a report is read only up to {MAX_REPORT_BYTES:,})")
            title = item.title if item.title is not None and item.title.strip() else None  # "" and "   ": none given
            reports.append(_parse_data(item.data, item.name, None, title))
        except UnreadableError as exc:
            skipped.append(SkippedFile(item.name, str(exc)))
    _log_skipped(skipped)
    if not reports:
        raise NoReadableReportsError(f"no readable report among those given: {_skipped_listing(skipped)}")
    return LoadedFolder(folder=None, reports=tuple(_headlines_as_text(reports)), skipped=tuple(skipped))


def _headlines_as_text(reports: list[Report]) -> list[Report]:
    """``reports``, where none has body text (every one a headline alone: a folder of headlines,
    one line piped in), with each headline read as its report's text, untitled, as before
    headline-only reports were read: a summary is never made of nothing. Where some report has
    body text, a headline alone stays a title with an empty body: a headline candidate, listed
    among the sources with no sentences."""
    if not reports or any(report.body for report in reports):
        return reports
    return [replace(report, title=None, body=report.title or "") for report in reports]


def _log_skipped(skipped: Sequence[SkippedFile]) -> None:
    for skip in skipped:
        logger.info("skipped %s: %s", skip.file, skip.reason)


def _skipped_listing(skipped: Sequence[SkippedFile]) -> str:
    """The skipped files (hidden ones aside) with their reasons, for an error message: at most
    ``MAX_FILES_IN_ERROR``, then how many more."""
    named = [f"{s.file} ({s.reason})" for s in skipped if not s.reason.startswith("hidden")]
    more = len(named) - MAX_FILES_IN_ERROR
    return ", ".join(named[:MAX_FILES_IN_ERROR]) + (f" and {more} more" if more > 0 else "")


def _load_entries(
    root: Path, files: Sequence[tuple[str, Path]], skipped: list[SkippedFile], *, hint: str
) -> LoadedFolder:
    """Read ``files`` ((name relative to ``root``, path) in load order) as the reports of one
    event; ``skipped`` holds what was already left out, ``hint`` ends an EmptyFolderError."""
    reports: list[Report] = []
    visible = 0
    named_as_reports = 0  # visible files with a report's suffix
    for relative, path in files:
        if relative.rsplit("/", 1)[-1].startswith("."):
            skipped.append(SkippedFile(relative, "hidden file"))
            continue
        visible += 1
        named_as_reports += relative.lower().endswith(REPORT_SUFFIXES)
        special = _not_regular(path)
        if special is not None:
            skipped.append(SkippedFile(relative, special))
            continue
        if not relative.lower().endswith(REPORT_SUFFIXES):
            skipped.append(SkippedFile(relative, f"not a {_SUFFIX_LIST} file"))
            continue
        try:
            reports.append(read_report(path, relative))
        except UnreadableError as exc:
            skipped.append(SkippedFile(relative, str(exc)))
    _log_skipped(skipped)
    if not visible:
        hidden = f" (only {len(skipped)} hidden file(s) or folder(s))" if skipped else ""
        raise EmptyFolderError(f"no report files in {root}{hidden}; expected {_SUFFIX_LIST} files{hint}")
    if not named_as_reports:
        raise EmptyFolderError(f"no report files in {root}: {_skipped_listing(skipped)}{hint}")
    if not reports:
        raise NoReadableReportsError(f"no readable report in {root}: {_skipped_listing(skipped)}")
    return LoadedFolder(folder=root.resolve(), reports=tuple(_headlines_as_text(reports)), skipped=tuple(skipped))
