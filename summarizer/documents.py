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
:func:`_spaced_title_split`), with the next lines when a wrapped headline continues in lower
case. A text that is a headline alone (one title line; a title over credits only) is a report
with that title and an empty body: a headline candidate with no sentences, unless no report of
the folder has body text, when each headline is read as its report's text
(:func:`_headlines_as_text`). In plain text, PDFs and e-mails the body's paragraphs, when
hard-wrapped at a fixed width, are rejoined (:mod:`summarizer.unwrap`). Source credits, the
authors' credit ("Bài và ảnh: …"), datelines, leading date lines and photo captions (a short
line ending in a photo credit or opening with "Ảnh:", a Word paragraph in the Caption style, an
OpenDocument one in a LibreOffice caption style)
are removed from the body and kept in ``Report.credits``; lines sending the reader to other
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
from .outlets import DATELINE, outlet_names
from .errors import BadOptionError, EmptyFolderError, FolderNotFoundError, NoReadableReportsError, shown, shown_path
from .fileio import expand_user
from .html_text import (
    COMMENT_CLOSE, HTML_SUFFIXES, SITE_NAME_MAX_WORDS, SOFT_BREAK, TABLE_CELL_SEPARATOR, declared_charset,
    looks_like_html, page_text, table_row_line,
)
from .markdown_text import (
    HTML_LINE_BREAKS, HTML_REFERENCE, HTML_TAG, markdown_text, marks_a_title, reference_character,
)
from .pdf_text import PDF_MAGIC, PDF_SUFFIXES, PdfError, pdf_text
from .rtf_text import RTF_SUFFIXES, rtf_text
from .normalize import (
    ENDS_WITH_FINAL_MARK, INVISIBLE_CHARACTERS, PARTS_OF_DAY, SENTENCE_END, VIETNAMESE_CAPITALS, WEB_ADDRESS,
    normalize_text, representable, title_cased, word_count,
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
# Title rules: a first line of at most this many syllables that does not end like a sentence.
TITLE_MAX_SYLLABLES = 25
# ... or of at most this many when a line break of its own ends it and the next line opens anew
# (not in lower case, as a hard-wrapped paragraph's next line does): a site's long headline
# ("Metro số 1 TP.HCM chính thức chạy sau 17 năm chờ đợi: Người dân xếp hàng dài từ sáng sớm
# ...", 30 syllables). The ViMs titles have at most 25; a line alone, and a title found inside a
# line (glued, spaced), keep to TITLE_MAX_SYLLABLES, where nothing else tells a title.
TITLE_LINE_MAX_SYLLABLES = 40
# A line of at least this many parts joined by a bar is a table row, not a title, unless one part
# has this many syllables.
TABLE_ROW_MIN_CELLS = 3
TITLE_PART_MIN_SYLLABLES = 4
# A title glued to the body must have at least this many syllables before the glue point.
GLUED_TITLE_MIN_SYLLABLES = 3
# A title glued to the body by a space is split off only when the sentence after it, up to its
# final mark, has at least this many syllables (a lead sentence, not a fragment of a headline).
SPACED_TITLE_MIN_SENTENCE_SYLLABLES = 8
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
# Title
# --------------------------------------------------------------------------------------------

# A title may end with "?" or "!" (question headlines are common); these endings make it a sentence.
_TITLE_BREAKING_ENDINGS = (".", "…", ":", ";", ",")
_CLOSING = "\"'”’»)]"
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"'”’»)\]]*\s")


def _is_title_line(line: str, max_syllables: int = TITLE_MAX_SYLLABLES) -> bool:
    stripped = line.rstrip(_CLOSING)
    return (0 < word_count(line) <= max_syllables and not stripped.endswith(_TITLE_BREAKING_ENDINGS)
            and not _table_row(line))


def _leading_row(line: str) -> bool:
    """A line above the title that is a table row ("Xã | Số nhà bị cuốn trôi"), not a title with
    its site name after a bar ("Mưa lớn ở Hà Nội | Báo X": a longer first part, at most
    ``SITE_NAME_MAX_WORDS`` words after it)."""
    parts = line.split(TABLE_CELL_SEPARATOR)
    if len(parts) < 2:
        return False
    return not (len(parts) == 2 and word_count(parts[0]) >= TITLE_PART_MIN_SYLLABLES
                and len(parts[1].split()) <= SITE_NAME_MAX_WORDS)


def _table_row(line: str) -> bool:
    """A table row read as one line ("Ngày | Trận | Giờ", see ``html_text.table_row_line``): at
    least ``TABLE_ROW_MIN_CELLS`` cells of at most ``TITLE_PART_MIN_SYLLABLES`` - 1 syllables each.
    A title with a site name after a bar ("Mưa lớn ở Hà Nội | Báo X", "Bão số 3 | VnExpress") has
    two parts, or a longer one, and stays a title."""
    parts = line.split(TABLE_CELL_SEPARATOR)
    return len(parts) >= TABLE_ROW_MIN_CELLS and all(word_count(part) < TITLE_PART_MIN_SYLLABLES for part in parts)


def _wrapped_title(title: str | None, lines: list[str]) -> tuple[str | None, list[str]]:
    """A title wrapped over lines (a PDF's large headline, a fixed-width text) gets its next
    lines back while they open in lower case, as no body sentence does, or while a blank line
    follows the next one and sets the title's block apart from the body ("... Hàn Quốc Yoon Suk" /
    "Yeol nhân chuyến thăm ..." / "" / "Chiều 23/6, ..."), and the title stays title-sized and
    does not end like a sentence."""
    while title and lines and lines[0].strip() and (
            lines[0][:1].islower() or (len(lines) > 1 and not lines[1].strip() and _continues_title(lines[0]))
    ) and _is_title_line(f"{title} {lines[0]}"):
        title, lines = f"{title} {lines[0]}", lines[1:]
    return title, lines


# A line under a title, before a blank line, of fewer words is a byline or a label, not its rest.
TITLE_REST_MIN_WORDS = 4
_DATE_OR_TIME = re.compile(r"\d{1,2}[/:.-]\d{1,2}")


def _continues_title(line: str) -> bool:
    """Whether ``line``, under a title and above a blank line, may be the title's rest: no date or
    clock time in it (a date line, "Thứ Hai, 23/5/2016 10:30"), and not a short name line."""
    return word_count(line) >= TITLE_REST_MIN_WORDS and not _DATE_OR_TIME.search(line)


_QUOTE_CLOSERS = "\"”’»"
# A line ending in a word that cannot end a phrase ("... dưới sự chủ trì của") runs on into the next.
_ENDS_MID_PHRASE = re.compile(
    r"(?<!\w)(?:của|và|với|các|những|cho|là|để|từ|ở|tại|trong|về|theo|do|vì|khi|nhưng|mà|thì|bởi|được|bị|đã|sẽ|"
    r"đang|cùng|như|hoặc|hay|nếu|tới|đến|sau|trước|trên|dưới)$"
)
# Two lines whose lengths differ by at most this share of the longer were wrapped at one width.
WRAP_WIDTH_TOLERANCE = 0.15


def _same_width(a: str, b: str) -> bool:
    """Whether lines ``a`` and ``b`` read as two lines of a paragraph wrapped at one width: as long
    as each other, and ``b`` runs on too (a whole paragraph of about a title's length ends in a
    final mark)."""
    return (abs(len(a) - len(b)) <= WRAP_WIDTH_TOLERANCE * max(len(a), len(b))
            and not ENDS_WITH_FINAL_MARK.search(b.rstrip()))


def _glued_title_split(line: str) -> int | None:
    """Index where a title glued to the body ends: the first lower→upper case change inside a
    word ("…phòngBộ…") whose left part is a title-sized phrase. The lower-case side must be a
    whole lower-case syllable of two or more letters, so names such as iPhone, McCain, VinFast,
    YouTube are never split."""
    word_start = 0
    spaces = 0
    for i in range(1, len(line)):
        previous, current = line[i - 1], line[i]
        if previous == " ":
            word_start = i
            spaces += 1
            if spaces >= TITLE_MAX_SYLLABLES:
                return None  # the left part would be too long for a title
            continue
        if not (previous.islower() and current.isupper()):
            continue
        fragment = line[word_start:i]
        if len(fragment) < 2 or not (fragment.isalpha() and fragment.islower()):
            continue
        left = line[:i]
        syllable_count = word_count(left)
        if syllable_count > TITLE_MAX_SYLLABLES or _SENTENCE_INSIDE.search(left):
            return None
        if syllable_count >= GLUED_TITLE_MIN_SYLLABLES:
            return i
    return None


# Sentence openers that a headline or a sentence never has capitalised in its middle, so that one
# after a space ends a headline glued to its lead (see :func:`_spaced_title_split`): a part of
# the day, a day or "hôm" with a date or a figure ("Sáng 12/10,", "Rạng sáng 12.10", "Ngày
# 26/12,", "Tối 6-9", "Hôm 3/4"), an approximate or exact hour ("Khoảng 4h30,", "Lúc 10 giờ"),
# and "Theo" with a capitalised source ("Theo Nghị định 168 ...,", "Theo TTXVN,").
_DAY_PART = r"(?:Rạng sáng|Sáng sớm|Chiều tối|Sáng|Trưa|Chiều|Tối|Đêm|Khuya|Ngày|Hôm)"
_SPACED_OPENER = re.compile(
    rf"(?<= )(?:{_DAY_PART}(?: nay| qua)?(?: ngày| hôm)? \d{{1,2}}(?:[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?)?\b"
    r"|(?:Khoảng|Lúc|Vào lúc|Vào khoảng) \d{1,2}(?: ?h| giờ|:\d{2})"
    r"|(?P<source>Theo) (?=\w))"
)


def _lead_source(word: str) -> bool:
    """Whether ``word`` after "Theo" opens the source of a lead ("Theo thông tin ban đầu,", "Theo
    Nghị định 168,", "Theo TTXVN,"): a lower-case word, an acronym, or a word with a Vietnamese
    letter, or a known agency (``AGENCY_CODES``: "Theo Reuters,"); another name in plain Latin
    letters ("Theo Walcott", "Theo Hernandez") is a footballer's name going on, not a source."""
    word = word.rstrip(",:")
    return word[:1].islower() or word.isupper() or not word.isascii() or word in _AGENCY_WORDS


# A title glued to its lead by a space has at least this many syllables ("Nhân kỷ niệm Ngày
# 20/10, ..." is a lead, not a three-syllable title and its body).
SPACED_TITLE_MIN_SYLLABLES = 5
# Words that take a day or a date after them: before an opener they make it their object, not the
# start of a lead ("Nhân kỷ niệm Ngày 20/10", "Chào mừng Ngày Nhà giáo", "kéo dài đến Tối 6/9").
_TAKES_A_DATE = re.compile(
    r"(?i:(?<!\w)(?:kỷ niệm|kỉ niệm|chào mừng|hưởng ứng|mừng|nhân|dịp|từ|đến|tới|trong|vào|của|sau|trước))$"
)


def _spaced_title_split(line: str) -> int | None:
    """Index where a title glued to its lead by a space ends ("Tai nạn thảm khốc trên đèo Bảo
    Lộc Sáng 12/10, xe khách lao xuống vực ..."), None when there is none: the first sentence
    opener that is never capitalised inside a sentence (``_SPACED_OPENER``) such that

    * what precedes it reads as a headline: ``SPACED_TITLE_MIN_SYLLABLES`` to
      ``TITLE_MAX_SYLLABLES`` syllables, no sentence ending inside, not ending in a mark (a
      final mark, a comma, a colon: "Hà Nội: Sáng 12/10, ..." is one sentence) nor in a word that
      takes the day after it as its object (``_TAKES_A_DATE``: "Nhân kỷ niệm Ngày 20/10, ..."),
      not in title case (``normalize.title_cased``, "Tai Nạn Sáng 12/10 Trên Đèo": there every
      word is capitalised, so a capitalised "Sáng" may be its own word);
    * what follows reads as a sentence: its first sentence ends in a final mark and has at least
      ``SPACED_TITLE_MIN_SENTENCE_SYLLABLES`` syllables; after "Theo", a source
      (:func:`_lead_source`) and a comma in that sentence ("Theo Nghị định 168, tài xế ...").

    Measured on ViMs' 1,950 reports: as they are (the title on its own line) no title or body
    changes. With each title glued to its first body line by a space (1,947 reports), the 603
    whose lead opens with such an opener are split exactly at the title's end in 561 cases and
    left whole in 42 (a title ending in "?" or "…", a lead "Theo Nafiqa," whose source reads as
    a foreign name, one title ending in a word of ``_TAKES_A_DATE``); none is split anywhere else. Each of the 21,681 body lines after the
    first, taken as a first line, is split nowhere."""
    for match in _SPACED_OPENER.finditer(line):
        left = line[: match.start()].rstrip()
        syllables = word_count(left)
        if syllables > TITLE_MAX_SYLLABLES or _SENTENCE_INSIDE.search(left):
            return None  # every later opener has the same too long (or broken) left part
        last = left.rstrip(_CLOSING)[-1:]
        if syllables < SPACED_TITLE_MIN_SYLLABLES or not last.isalnum() or title_cased(left):
            continue
        if _TAKES_A_DATE.search(left):
            continue  # "Nhân kỷ niệm Ngày 20/10, ...": the day is the phrase's object, one sentence
        sentences = split_sentences(line[match.start():])
        first = sentences[0] if sentences else ""
        if word_count(first) < SPACED_TITLE_MIN_SENTENCE_SYLLABLES or not ENDS_WITH_FINAL_MARK.search(first):
            continue
        if match.group("source") and not ("," in first and _lead_source(line[match.end():].split()[0])):
            continue
        return match.start()
    return None


def _split_title(lines: list[str], *, tables: bool = False, headline_only: bool = False) -> tuple[str | None, list[str]]:
    """The title line found at the top of ``lines`` (or glued to the first), and the rest.
    ``tables``: the format reads tables, whose rows of short cells are lines joined by
    ``TABLE_CELL_SEPARATOR``: rows opening the document are passed over (a results table above
    the headline) and stay in the body, after the title found below them. ``headline_only``:
    a text whose only line reads as a title is a headline without a body (its title, and no
    lines), as an editor saves a headline alone; otherwise a title needs a line after it."""
    from .headline import is_label_only

    if tables:
        rows = 0
        while rows < len(lines) - 1 and (_leading_row(lines[rows]) or not lines[rows].strip()):
            rows += 1
        if any(TABLE_CELL_SEPARATOR in line for line in lines[:rows]):
            title, rest = _split_title(lines[rows:])
            return title, lines[:rows] + rest

    while len(lines) > 1 and is_label_only(lines[0]):  # "[Video]" on a line above the headline
        lines = lines[1:]
    first, rest = lines[0], lines[1:]
    following = next((line.strip() for line in rest if line.strip()), "")
    # a long first line is a title only above a line that opens anew: a line that runs on in lower
    # case ("các tỉnh ...", not "iPhone ...") or as long as it is (a width both were wrapped at) is the
    # rest of a hard-wrapped paragraph, and a line alone may be a sentence without its period
    runs_on = bool(following) and (following.split()[0].islower() or _same_width(first.strip(), following)
                                   or _ENDS_MID_PHRASE.search(first.rstrip()) is not None
                                   or first.rstrip()[-1:] in _QUOTE_CLOSERS)  # a quoted question is someone's words
    longest = TITLE_LINE_MAX_SYLLABLES if following and not runs_on else TITLE_MAX_SYLLABLES
    if (following or headline_only) and _is_title_line(first, longest):
        return first.strip(), rest
    cut = _glued_title_split(first)
    if cut is None:
        cut = _spaced_title_split(first)
    if cut is not None:
        return first[:cut].strip(), [first[cut:].strip(), *rest]
    return None, lines


# --------------------------------------------------------------------------------------------
# Credits, datelines, captions
# --------------------------------------------------------------------------------------------

# News agencies and sites whose short code opens a body as "CODE - " (with parentheses any
# capitalised short name is accepted: "(TTXVN)", "(Dân trí) -", "Hà Nội (AFP) -").
AGENCY_CODES = outlet_names(DATELINE)  # the table and why its spellings differ: :mod:`summarizer.outlets`
CREDIT_MAX_WORDS = 8  # longest "Theo ..." / "Nguồn: ..." credit, words included
# Longest author line closing a report ("Minh Anh", "Hồng Nhung - Văn Minh"), read from the text
# alone; a page's line in an element that names the author may be longer (a date beside the name:
# ``html_text.AUTHOR_ELEMENT_LINE_MAX_WORDS``).
TRAILING_AUTHOR_LINE_MAX_WORDS = 5
MAX_TRAILING_CREDIT_LINES = 3  # credit/byline/caption lines removed from the end, at most
MAX_LEADING_DATE_LINES = 2  # date/time lines ("Thứ Hai, 23/5/2016 10:30") removed from the start
DATE_LINE_MAX_WORDS = 12  # longest such line (a date, a time and an author's name)
WEB_CREDIT_MAX_WORDS = 12  # a closing line this short with a web address is a source link ...
# ... unless it ends in a final mark with at least this many words beside the address: a sentence
# that names a site ("Thí sinh tra cứu điểm thi tại trang tuyensinh.moet.gov.vn từ ngày 10/7.").
# No ViMs closing line with an address ends in a final mark; "Xem chi tiết tại vnexpress.net." has 3.
WEB_SENTENCE_MIN_WORDS = 5
_WEB_TOKEN = re.compile(r"\S*(?:https?://|www\.|[\w-]\.(?:com|vn|net|org|info)\b)\S*")

_DASH = r"[-–—]"
_AGENCY_WORDS = frozenset(code.split()[0] for code in AGENCY_CODES)  # "Reuters", "VnExpress", "Dân"...
_AGENCIES = "|".join(re.escape(code) for code in sorted(AGENCY_CODES, key=len, reverse=True))
# "(TTXVN)", "(PLO)-", "(Dân trí) - ": parentheses at the very start of the body.
_DATELINE_PAREN = re.compile(rf"^\(([A-ZĐ][^()\n]{{0,38}})\)\s*(?:{_DASH}|:)?\s*")
# "Hà Nội (TTXVN) - ", "Washington, 7/8 (AFP) – ": a place (and date) before, a dash after.
_DATELINE_PLACE = re.compile(rf"^[A-ZĐ][\w/,. ]{{0,40}}?\s*\(([A-ZĐ][^()\n]{{0,38}})\)\s*{_DASH}\s*")
# "TTO - ", "VOV.VN - ": a known agency code and a dash; or any outlet's code in capitals ("TPO
# - ", "SKĐS - ", "NLĐO - ", "GD&TĐ - ", "VTV.vn - ") before a capital that opens the lead (a
# sentence opening "Messi - ..." has no all-capital code).
# ... or a place written in capitals, its parts joined by dashes too ("HÀ NỘI - ", "TP. HỒ CHÍ MINH
# - ", "BÀ RỊA - VŨNG TÀU - "; each part at most DATELINE_PLACE_WORDS words of two capitals or more),
# before a lead that opens with its time or a word of where or whence ("Sáng 3/5, ...", "Theo ...":
# ``_PLACE_LEAD_OPENER``); a pairing of two names opens a lead so too ("VIỆT NAM - Thái Lan sẽ gặp
# nhau ...", "MỸ - TRUNG QUỐC: ..."), and keeps its first party
DATELINE_PLACE_WORDS = 4
_CAPITAL_WORD = rf"[{VIETNAMESE_CAPITALS}]{{2,}}\.?"
_PLACE_PART = rf"{_CAPITAL_WORD}(?: {_CAPITAL_WORD}){{0,{DATELINE_PLACE_WORDS - 1}}}"
_PLACE_LEAD_OPENER = (rf"(?:Rạng sáng|{'|'.join(part.capitalize() for part in PARTS_OF_DAY.split('|'))}|Khoảng|Ngày|Hôm|Lúc|Vào|Đến|Từ|Sau|Trước|Theo|Tại"
                      r"|Trong|Gần|Hơn|Năm|Tháng|\d)")
# ... or a site's name as its address ("CAND.com.vn - ", "Ngoisao.vn - ", "Giadinh.net.vn - "), or
# one word ending in a word sites end their names with, or opening with a digit ("ZNews - ",
# "VietTimes - ", "2Sao - "; not any word in camel case: "VinFast - hãng xe ..." may open a lead)
_SITE_CODE = (r"[A-Za-z0-9][A-Za-z0-9-]{1,20}(?:\.com|\.net)?\.vn"
              r"|[A-Z0-9][A-Za-z0-9]{0,12}(?:News|Net|Online|Plus|TV|Times|Biz|Info)|\d{1,3}[A-Z][a-z]{1,10}")
# An unknown short code in capitals is an outlet's only before a lead's opening word: its time,
# where or whence (``_PLACE_LEAD_OPENER``), or a subject a news lead opens with; before any other
# it is a party of a pairing ("HAGL - SLNA là trận ...", "NATO - Nga tiếp tục ...", "MU - Chelsea: ...").
_CODE_LEAD_OPENER = (rf"(?:{_PLACE_LEAD_OPENER}|Ông|Bà|Anh|Chị|Em|Cơ quan|Công an|Cảnh sát|UBND|HĐND|Sở|Bộ|Ban|Các|"
                     r"Nhiều|Những|Một|Hai|Ba|Người|Lực lượng|Thủ tướng|Chủ tịch|Tổng|Phó|Giám đốc|Mới đây|Vừa qua|"
                     r"Hiện|Dù|Mặc dù|Với|Để|Nhằm)(?!\w)")
_DATELINE_CODE = re.compile(
    rf"^(?:(?:{_AGENCIES}|{_SITE_CODE}|[A-ZĐ]{{1,4}}&[A-ZĐ]{{1,4}})\s*{_DASH}\s*(?=[{VIETNAMESE_CAPITALS}\d\"“])"
    rf"|[A-ZĐ]{{2,6}}(?:\.(?:[A-ZĐ]{{2,4}}|vn))?\s*{_DASH}\s+(?={_CODE_LEAD_OPENER}|[\"“])"
    rf"|{_PLACE_PART}(?:\s*{_DASH}\s*{_PLACE_PART})*\s*{_DASH}\s*(?={_PLACE_LEAD_OPENER}))"
)
_BULLET = re.compile(r"^[*•+]\s+(?=\S)")  # a list bullet opening a line (a dash may open dialogue)
_END_MARK = re.compile(r"\s*/\s*\.\s*$")  # "./." closing a Vietnamese news story
_CREDIT_START = re.compile(r"\(?\b(?:Theo|Nguồn)\b")
_CREDIT = re.compile(r"^\(?(?:Theo|Nguồn)\s*:?\s+(\S[^,;]*?)\s*\)?\.?$")
# Lower-case words that may precede a source's name: "Theo báo Tuổi Trẻ", "Nguồn: trang VOV".
_SOURCE_KINDS = frozenset({"báo", "tờ", "trang", "hãng", "kênh", "đài", "tạp", "thông", "cổng", "website"})
# "(TTXVN)", "(Theo Dân trí)": a source in parentheses ending a report.
_PAREN_CREDIT = re.compile(r"^\((?:Theo\s+|Nguồn:?\s+)?([A-ZĐ][^()\n]{0,38})\)\.?$")
_PAREN_TAIL = re.compile(r"(?<=[.!?…\"”])\s*\((?:Theo\s+|Nguồn:?\s+)?[A-ZĐ][^()\n]{0,38}\)\.?$")
_CAPTION_WORD = r"(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Video|Clip|Đồ họa|Đồ hoạ|Infographic)"
# A whole line that is a caption credit: "Ảnh: Reuters", "(Ảnh minh họa)", "- Ảnh: AFP".
_CAPTION_LINE = re.compile(rf"^(?:{_DASH}\s*)?\(?{_CAPTION_WORD}(?:\s*:\s*[^\n]{{1,60}}?)?\)?\.?$")
# "(Ảnh: TTXVN)" anywhere, "- Ảnh: AFP" at the end of a line.
_CAPTION_PAREN = re.compile(rf"\s*\((?i:{_CAPTION_WORD})\s*:\s*[^()\n]{{1,60}}\)")  # "(ảnh: X)" too
_CAPTION_TAIL = re.compile(rf"\s+{_DASH}\s*{_CAPTION_WORD}\s*:\s*[^\n]{{1,60}}$")
# "Bà Ko chụp ảnh ở New York ngày 23-4. Ảnh: THE WASHINGTON POST": a credit after a sentence's end.
_CAPTION_AFTER_SENTENCE = re.compile(rf"(?<=[.!?…\"”])\s*{_CAPTION_WORD}\s*:\s*[^\n]{{1,60}}$")
# "Tường nhà bị nứt sau trận động đất. (Ảnh: Dư Toán/TTXVN)": a credit in brackets ending a line.
_CAPTION_PAREN_END = re.compile(rf"\s*\((?i:{_CAPTION_WORD})\s*:\s*[^()\n]{{1,60}}\)\.?$")
# "Ảnh: Hiện trường một ngôi nhà bị nứt", "Video: Toàn cảnh vụ cháy": a caption opening with its label.
_CAPTION_HEAD = re.compile(rf"^{_CAPTION_WORD}\s*:\s*\S")
CAPTION_MAX_WORDS = 40  # a line ending in a photo credit is a caption when it is one sentence this short
# A line crediting the report's authors, wherever it stands: "Bài và ảnh: Nhóm phóng viên TTXVN",
# "Bài, ảnh: Minh Anh", "Tin, ảnh: Hồng Nhung", "Bài: Minh Anh", "Thực hiện: Nhóm PV" (a series
# part, "Bài 1: ...", has its number before the colon).
_AUTHOR_CREDIT = re.compile(
    r"^(?:(?:Bài|Tin|Ảnh|Video|Clip)(?:\s*(?:,|và|&|\+|-)\s*(?:ảnh|bài|video|clip))+|Bài|(?:Nhóm )?[Tt]hực hiện)"
    rf"\s*:\s*(?P<names>[{VIETNAMESE_CAPITALS}][^.!?…\n]*)\.?$"  # a name in capitals: "Bài: đang cập nhật" is none
)
# Arrows leading a link to another article: ">>", ">>>", "»", "›", "▶", "►", "→".
_NAVIGATION_ARROWS = r"[>»›▶►→]+"
# A line sending the reader to other articles: "Xem thêm: <another article's title>", "Đọc thêm »",
# "Tin liên quan" heading a list of titles, the label behind arrows too (">> Xem thêm:", "» Đọc thêm:").
# Dropped from the body (no credit: it names no source).
_NAVIGATION_LABEL = re.compile(
    rf"(?i)^(?:{_NAVIGATION_ARROWS}\s*)?(?:xem thêm|đọc thêm|mời (?:bạn )?(?:xem|đọc) thêm|tin liên quan|bài liên quan|tin bài liên quan|"
    r"tin cùng chuyên mục|có thể bạn quan tâm|bạn có thể quan tâm)\s*(?:[:>»›]+\s*(?P<target>.*))?$"
)
MAX_RELATED_TITLES = 10  # titles listed under a closing "Tin liên quan" line, dropped with it, at most
_BYLINE_TOKEN = re.compile(rf"^(?:[A-ZĐ][^\W\d_]*(?:/[A-ZĐ][\w+.]*)?|{_DASH}|/|&)$")


def _short(text: str, limit: int) -> bool:
    return word_count(text) <= limit


def _names_a_source(value: str) -> bool:
    """The part after "Theo"/"Nguồn" names a source: it starts with a capital ("Vietnam+",
    "VnExpress") or a kind of source ("báo Tuổi Trẻ"), and has no clause of its own."""
    words = value.split()
    if not words or len(words) > CREDIT_MAX_WORDS - 1:
        return False
    first = words[0]
    return first[0].isupper() or (first.lower() in _SOURCE_KINDS and any(w[0].isupper() for w in words[1:]))


def _web_sentence(line: str) -> bool:
    """A line with a web address that reads as a sentence: it ends in a final mark and has
    ``WEB_SENTENCE_MIN_WORDS`` words beside its addresses."""
    return bool(ENDS_WITH_FINAL_MARK.search(line)) and word_count(_WEB_TOKEN.sub(" ", line)) >= WEB_SENTENCE_MIN_WORDS


def _whole_line_credit(line: str, *, last: bool) -> bool:
    """A line that is only a credit: "Theo Vietnam+", "(Theo VnExpress)", "Nguồn: TTXVN",
    a caption credit, the authors' credit ("Bài và ảnh: Nhóm phóng viên TTXVN"), or (for the
    report's last lines) an author byline or a short line with a web address (a link to the
    source)."""
    credit = _CREDIT.match(line)
    if credit and _short(line, CREDIT_MAX_WORDS) and _names_a_source(credit.group(1)):
        return True
    authors = _AUTHOR_CREDIT.match(line)
    if authors and _short(authors.group("names"), CREDIT_MAX_WORDS):
        return True
    if _CAPTION_LINE.match(line) and _short(line, CREDIT_MAX_WORDS + 2):
        return True
    paren = _PAREN_CREDIT.match(line)
    if last and paren and _names_a_source(paren.group(1)):
        return True
    if last and _short(line, WEB_CREDIT_MAX_WORDS) and WEB_ADDRESS.search(line) and not _web_sentence(line):
        return True  # "Tin tức nguồn: http://…", "Xem tiếp tại: http://…", "doc tin tuc xaluan.com"
    if last and _GROUP_BYLINE.match(line):
        return True  # "Nhóm phóng viên", "Nhóm PV Thời sự": a desk's byline, no name in it
    if last and _short(line, TRAILING_AUTHOR_LINE_MAX_WORDS):
        tokens = line.split()
        names = [t for t in tokens if t[0].isupper()]
        return bool(names) and all(_BYLINE_TOKEN.match(t) for t in tokens)
    return False


# A closing byline of a desk rather than a person: "Nhóm phóng viên", "Nhóm PV", "Nhóm phóng viên
# Thời sự", "Ban Kinh tế".
_GROUP_BYLINE = re.compile(r"^(?:Nhóm (?:phóng viên|PV)|Ban [A-ZĐ]\w*)(?: [A-ZĐ][\w-]*){0,3}\.?$")


def _glued_tail_credit(line: str) -> int | None:
    """Start of a credit glued after the last sentence ("…Việt Nam.Theo Vietnam+")."""
    paren = _PAREN_TAIL.search(line)
    if paren:
        credit = _PAREN_CREDIT.match(paren.group(0).strip())
        if credit and _names_a_source(credit.group(1)):
            return paren.start()
    starts = [m.start() for m in _CREDIT_START.finditer(line)]
    if not starts or starts[-1] == 0:
        return None
    start = starts[-1]
    before = line[:start].rstrip()
    tail = line[start:]
    credit = _CREDIT.match(tail)
    if (
        before
        and before[-1] in ".!?…\"”"
        and credit
        and _short(tail, CREDIT_MAX_WORDS)
        and _names_a_source(credit.group(1))
        and not _SENTENCE_INSIDE.search(credit.group(1))
    ):
        return start
    return None


def _strip_dateline(line: str) -> tuple[str, str | None]:
    for pattern in (_DATELINE_PAREN, _DATELINE_PLACE, _DATELINE_CODE):
        match = pattern.match(line)
        if match and _short(match.group(0), CREDIT_MAX_WORDS) and match.end() < len(line):
            return line[match.end() :], match.group(0).strip(" -–—:")
    return line, None


def _photo_credit_tails(line: str) -> list[re.Match[str]]:
    """The photo credits ending ``line`` ("… - Ảnh: TTXVN", "… ngày 2/4. Ảnh: AFP", "… động
    đất. (Ảnh: Dư Toán/TTXVN)"), each pattern's match when it is credit-sized."""
    tails = [pattern.search(line) for pattern in (_CAPTION_TAIL, _CAPTION_AFTER_SENTENCE, _CAPTION_PAREN_END)]
    return [tail for tail in tails if tail and _short(tail.group(0), CREDIT_MAX_WORDS + 2)]


def _caption_line(line: str) -> bool:
    """Whether ``line`` is a photo caption as a whole: one short sentence or fragment
    (``CAPTION_MAX_WORDS``) that ends in a photo credit ("… tại hội thảo - Ảnh: Quang Định",
    "… ngày 23-4. Ảnh: AFP", "… sau trận động đất. (Ảnh: Dư Toán/TTXVN)") or opens with a
    caption's label ("Ảnh: Hiện trường một ngôi nhà bị nứt tại xã Hiếu", "Video: Toàn cảnh vụ
    tai nạn"). A longer line, or one of several sentences, is body text that merely ends in a
    credit: only the credit leaves it (:func:`_strip_captions`). On ViMs the bracketed credit
    and the label opening a caption move 1 line out of the 1,950 bodies, a credit glued before
    its caption ("Ảnh: Telegraph Taliban xác nhận …", Cluster_072); no ViMs body line ends in a
    bracketed credit, and every line ViMs holds that ends in a credit is a caption (6, those
    with a dash or a full stop were captions already)."""
    parts = [line[: credit.start()] for credit in _photo_credit_tails(line)]
    if _CAPTION_HEAD.match(line):
        parts.append(line)
    return any(_short(part.strip(), CAPTION_MAX_WORDS) and not _SENTENCE_INSIDE.search(part.strip()) for part in parts)


# A news aggregator's credit inside the text it copied (ViMs has 10): "... án chung thân - tin
# tức đăng tải trên báo Thanh niên." closing a sentence, "Tin tức (đăng tải) trên báo Dân trí
# cho hay, ..." opening one, and "như tin (tức báo X) đã đưa," inside one ("Trước đó, như tin đã
# đưa, đêm 31/3, ..."). Each goes to the credits; the sentence keeps its claim.
_AGGREGATOR_TAIL = re.compile(r"\s+[-–—]\s+tin tức đăng tải trên [^.!?\n]{1,60}?(?=[.!?]\s|[.!?]$|$)", re.IGNORECASE)
_AGGREGATOR_HEAD = re.compile(r"(?:(?<=^)|(?<=[.!?]\s))Tin tức (?:đăng tải )?(?:trên|từ) báo [^,.!?\n]{1,40}?"
                              r"(?: cho (?:hay|biết))?,\s+(?=\w)")
_AS_REPORTED = re.compile(r"(?:(?<=^)|(?<=[.!?]\s)|(?<=,\s))(?i:như tin(?: tức)?(?: báo [^,.!?\n]{1,30}?)? đã đưa),\s+(?=\w)")


def strip_aggregator_credits(line: str) -> tuple[str, list[str]]:
    """``line`` without an aggregator's credits (``_AGGREGATOR_TAIL``, ``_AGGREGATOR_HEAD``,
    ``_AS_REPORTED``), a sentence that opened with one capitalised again, and the credits."""
    credits: list[str] = []

    def take(match: re.Match[str]) -> str:
        credits.append(match.group().strip(" ,-–—"))
        return ""

    line = _AGGREGATOR_TAIL.sub(take, line)
    for pattern in (_AGGREGATOR_HEAD, _AS_REPORTED):
        line = pattern.sub(lambda m: "\x00" + take(m), line)
    if "\x00" in line:  # what followed a removed opener starts its sentence, or goes on a clause
        line = re.sub(r"(^|[.!?]\s)\x00(\w)", lambda m: m.group(1) + m.group(2).upper(), line).replace("\x00", "")
    return line, credits


def _strip_captions(line: str) -> tuple[str, list[str]]:
    """The line without photo credits, and what was removed. A photo caption
    (:func:`_caption_line`) is removed whole, kept as one credit."""
    if _caption_line(line):
        return "", [line.strip()]
    found: list[str] = []

    def keep(match: re.Match[str]) -> str:
        found.append(match.group(0).strip())
        return ""

    line = _CAPTION_PAREN.sub(keep, line)
    tail = _CAPTION_TAIL.search(line)
    if tail and _short(tail.group(0), CREDIT_MAX_WORDS + 2):
        found.append(tail.group(0).strip(" -–—"))
        line = line[: tail.start()]
    return line.strip(), found


def _kept_break(line: str, following: str) -> bool:
    """A line break that is a paragraph's end whatever the wrapping: ``line`` ends in a photo
    credit ("… ngày 2/4. Ảnh: Minh Anh"), ``following`` is a credit line of its own ("Theo
    TTXVN"), or either is a table row (``TABLE_CELL_SEPARATOR``: "Xăng RON 95 | 24.500 đồng")."""
    return (bool(_photo_credit_tails(line)) or _whole_line_credit(following, last=False)
            or TABLE_CELL_SEPARATOR in line or TABLE_CELL_SEPARATOR in following)


# A date or time: "23/5/2016", "23-5-2016", "Thứ Hai", "Chủ nhật", "10:30", "GMT+7".
_DATE_TOKEN = re.compile(
    r"(?i)\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\bthứ\s+(?:hai|ba|tư|năm|sáu|bảy)\b|\bchủ\s+nhật\b|"
    r"\b\d{1,2}:\d{2}\b|\bGMT\b"
)


def _date_line(line: str) -> bool:
    """A page's date (and author) line, not a sentence: "Thứ Hai, 23/5/2016 10:30 (GMT+7)"."""
    stripped = line.rstrip(_CLOSING)
    return (
        _short(line, DATE_LINE_MAX_WORDS)
        and bool(_DATE_TOKEN.search(line))
        and not stripped.endswith((".", "!", "?", "…"))
    )


def _strip_end_mark(line: str) -> str:
    """``line`` without the end-of-article mark "/." of Vietnamese news copy ("... làm rõ./.",
    "... hiện nay/.", a line "/." alone), ending in final punctuation ("" when nothing is left)."""
    if not _END_MARK.search(line):
        return line
    kept = _END_MARK.sub("", line).rstrip()
    return kept + ("." if kept and not SENTENCE_END.search(kept) else "")


def _navigation_line(line: str) -> re.Match[str] | None:
    """The label's match when ``line`` sends the reader to other articles
    (``_NAVIGATION_LABEL``): the label alone ("Tin liên quan", "Xem thêm:"), or followed by a
    title ("Xem thêm: Cháy chung cư mini ở Khương Hạ khiến 56 người chết"): title-sized, not
    ending like a sentence; None otherwise. A sentence after the label ("Xem thêm chi tiết về hỗ
    trợ của Ngân sách nhà nước tại đây.", ViMs) is text."""
    label = _NAVIGATION_LABEL.match(line)
    target = (label.group("target") or "").strip() if label else ""
    return label if label and (not target or _is_title_line(target)) else None


def _without_navigation(lines: list[str]) -> list[str]:
    """``lines`` without navigation lines (:func:`_navigation_line`), without the title-sized
    lines (at most ``MAX_RELATED_TITLES``) listed under a label alone on its line ("Xem thêm:",
    "Tin liên quan" in the body), and without all that follows a closing "Tin liên quan" (a label
    alone, followed up to the end by at most ``MAX_RELATED_TITLES`` title-sized lines). On ViMs no line is dropped: its two lines opening
    so are a sentence ("Xem thêm chi tiết … tại đây.") and a closing web credit ("Xem tiếp tại:
    http://…", a credit already)."""
    kept: list[str] = []
    listed = 0  # titles that may still follow a label alone on its line ("Xem thêm:", "Tin liên quan")
    for index, line in enumerate(lines):
        if listed:
            if _is_title_line(line):
                listed -= 1
                continue  # another article's title listed under the label
            listed = 0
        label = _navigation_line(line)
        if label is None:
            kept.append(line)
            continue
        remaining = len(lines) - index - 1  # counted, not copied: one copy per label was quadratic
        if (not label.group("target") and 0 < remaining <= MAX_RELATED_TITLES
                and all(_is_title_line(after) for after in lines[index + 1 :])):
            break  # a closing list of related titles
        listed = 0 if label.group("target") else MAX_RELATED_TITLES
    return kept


# A live blog's entry opens with its clock time and a separator ("21h32: Phút 82, ...", "21:32 -
# ...", "9 giờ 05: ..."); LIVE_BLOG_MIN_ENTRIES such lines make a text a live blog.
_CLOCK_STAMP = re.compile(  # single optional spaces (the loader folds runs of them): no backtracking over long ones
    r"(?:(\d{1,2}) ?(?:h|:|giờ) ?(\d{2})? ?(?:phút)? ?[:\-–—|]"  # "21h32:", "21:32 -"
    r"|[\[(](\d{1,2}) ?(?:h|:) ?(\d{2})[\])] ?[:\-–—]?"  # "[17:30]", "(17h30)"
    r"|(?i:phút) (\d{1,3})(?: ?\+ ?(\d{1,2}))? ?:)"  # a match's "Phút 55:", "Phút 90+4:"
    r" (?=\S)"
)
LIVE_BLOG_MIN_ENTRIES = 3
# A line that opens the way a stamp does, read as one or not: a match minute however written
# ("Phút 110 - Bàn thắng:", "Phú 33:", "(90+4’):", "(72):") or a clock time ("23h30 Trận đấu").
_STAMP_LIKE = re.compile(
    r"\W*(?:(?i:phú?t)\s*\d|\(\s*\d{1,3}(?:\s*\+\s*\d{1,2})?\s*['’]?\s*\)|\d{1,2}\s*(?:h|:|giờ)\s*\d{0,2}(?!\d))"
)
HOURS_A_DAY, MINUTES_AN_HOUR = 24, 60


def _clock_minutes(line: str) -> int | None:
    """The time of day a line opens with as a live blog's entry stamp, in minutes, or None."""
    match = _CLOCK_STAMP.match(line)
    if match is None:
        return None
    if match.group(5) is not None:  # a match minute: its order is all that counts
        return int(match.group(5)) * MINUTES_AN_HOUR + int(match.group(6) or 0)
    hour = int(match.group(1) or match.group(3))
    minute = int(match.group(2) or match.group(4) or 0)
    return hour * MINUTES_AN_HOUR + minute if hour < HOURS_A_DAY and minute < MINUTES_AN_HOUR else None


# A live blog's entry header on a line of its own: "Cập nhật lúc 12:45 ngày 07/09/2024".
_UPDATE_STAMP = re.compile(r"^\W*(?i:cập nhật|updated?)\b")


UPDATE_LABEL_MAX_WORDS = 4  # "Cập nhật liên tục", "Cập nhật mới nhất": a live blog's label line


def _update_stamp(line: str) -> bool:
    """A line that only says when the text below it was updated, or that it is (layout, never a
    sentence): "Cập nhật lúc 12:45 ngày 07/09/2024", "Cập nhật liên tục"."""
    if not _UPDATE_STAMP.match(line):
        return False
    return _date_line(line) or (_short(line, UPDATE_LABEL_MAX_WORDS) and not ENDS_WITH_FINAL_MARK.search(line))


def _without_stamp(line: str) -> str:
    """A live blog's entry without its stamp: a clock time goes ("21h32: Phút 82, ..." -> "Phút
    82, ..."); a match minute stays as prose ("Phút 55: Hai Long gỡ hòa" -> "Phút 55, Hai Long gỡ
    hòa"), the capital after it kept (a name as often as a common word: "Phút 30: Hải đột phá")."""
    match = _CLOCK_STAMP.match(line)
    if match is None:
        return line
    rest = line[match.end() :]
    if match.group(5) is None:
        return rest
    minute = match.group(5) + (f"+{match.group(6)}" if match.group(6) else "")
    return f"{match.group(0).split()[0]} {minute}, {rest}"


def live_blog_in_order(lines: list[str]) -> list[str]:
    """``lines`` without the lines that only say when the text under them was updated ("Cập
    nhật lúc 12:45 ngày 07/09/2024"); then, for a live blog (``LIVE_BLOG_MIN_ENTRIES`` lines or
    more opening with a clock stamp), with the stamps taken off, layout rather than prose ("21h32: Phút 82, ..." -> "Phút
    82, ..."; a match minute stays as prose, :func:`_without_stamp`), and its entries told as a
    report tells them: a blog whose stamps fall from first to last, newest first as live blogs are
    written, keeps its newest entry in front (the state of things, a report's lead: "Trận đấu kết
    thúc! Việt Nam thắng 3-2") and tells the others from the first on (each entry the stamped
    line and the lines under it up to the next stamp, the last one's up to the end; what comes
    before the first stays in front). Stamps that rise are left as they are: a day's programme
    ("7h30: Lễ rước kiệu từ chân núi.") reads so as often as a blog written oldest first, and
    its lines are no sentences without their times. Any other text is returned as is."""
    lines = [line for line in lines if not _update_stamp(line)]
    stamps = [_clock_minutes(line) for line in lines]  # each line's, read once
    starts = [i for i, minutes in enumerate(stamps) if minutes is not None]
    if len(starts) < LIVE_BLOG_MIN_ENTRIES:
        return lines
    times = [minutes for minutes in stamps if minutes is not None]
    if not (times[0] > times[-1] and all(a >= b for a, b in zip(times, times[1:]))):
        return lines  # times that rise are a day's programme as often as a blog: they stay
    if any(_STAMP_LIKE.match(line) and minutes is None for line, minutes in zip(lines[starts[0] :], stamps[starts[0] :])):
        return lines  # entries stamped in ways not read ("Phút 110 - Bàn thắng:", "(90+4’):"): moved, they would scramble
    plain = [line if minutes is None else _without_stamp(line) for line, minutes in zip(lines, stamps)]
    entries = [plain[start:end] for start, end in zip(starts, [*starts[1:], len(plain)])]
    told = [entries[0], *reversed(entries[1:])]  # the newest, the blog's lead, then from the start
    return plain[: starts[0]] + [line for entry in told for line in entry]


def _strip_credits(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Body lines without credits (and without the end mark "/." and list bullets "*", "•", "+",
    and lines sending the reader to other articles, :func:`_without_navigation`), and the
    credits in the order they appear."""
    lines = [line for line in (_BULLET.sub("", _strip_end_mark(line)) for line in lines) if line.strip()]
    lines = _without_navigation(lines)
    head: list[str] = []
    tail: list[str] = []
    # Date lines of a saved page or a PDF at the very start ("Thứ Hai, 23/5/2016 10:30 Minh Anh").
    while len(lines) > 1 and len(head) < MAX_LEADING_DATE_LINES and _date_line(lines[0]):
        head.append(lines.pop(0))
    # Whole credit lines at the end (bylines only there), then a credit glued to the last sentence.
    removed = 0
    while len(lines) > 1 and removed < MAX_TRAILING_CREDIT_LINES and _whole_line_credit(lines[-1], last=True):
        tail.insert(0, lines.pop())
        removed += 1
    if lines:
        cut = _glued_tail_credit(lines[-1])
        if cut is not None:
            tail.insert(0, lines[-1][cut:].strip())
            lines[-1] = lines[-1][:cut].rstrip()
    if lines:
        lines[0], dateline = _strip_dateline(lines[0])
        if dateline:
            head.append(dateline)
    body: list[str] = []
    middle: list[str] = []
    for line in lines:
        if _whole_line_credit(line, last=False):
            middle.append(line)
            continue
        line, captions = _strip_captions(line)
        middle.extend(captions)
        line, credits = strip_aggregator_credits(line)
        middle.extend(credits)
        if line:
            body.append(line)
    return body, tuple(head + middle + [t for t in tail if t])


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
            pdf = pdf_text(data, relative.rsplit("/", 1)[-1], is_title=_is_title_line)
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
    above it is body text (neither a title line, :func:`_is_title_line`, nor a table row): it is
    a crosshead, and the title is found in the text as in a plain file (its first line, then).
    A heading with only a date, a section's name or a table row above it stays the title."""
    title, lines, above = document.title, document.lines, document.title_line
    if title is None or not document.heading:
        return title, lines
    if all(_is_title_line(line.replace(SOFT_BREAK, " ")) or _leading_row(line) for line in lines[:above]):
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
    ``tables``: the format reads tables (see :func:`_split_title`); ``headline_only``: a
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
        title, lines = _split_title(text.split("\n"), tables=tables, headline_only=headline_only)
    else:
        lines = text.split("\n")
    lines = _without_repeated_title(lines, title)
    if hard_wrapped:
        if not title_given:
            title, lines = _wrapped_title(title, lines)
        tail = list(scales[len(scales) - len(lines) :]) if scales is not None and len(scales) >= len(lines) else None
        lines = unwrap_lines(lines, keep_break=_kept_break, scales=tail, hyphenated=hyphenated)
    body_lines, credits = (lines, ()) if reference else _strip_credits(lines)
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
