#!/usr/bin/env python
"""How well RTF and Word 97-2003 (.doc) reports read back: ViMs reports written as such files,
loaded, compared with the same report loaded as text.

    python scripts/office_report.py [--vims ../shared/data/vims] [--count 100] [--json PATH]

``--count`` reports drawn at random (seeded) are written in each flavour below and loaded through
the normal loader next to their own text file; printed per flavour: how many give the text
file's title, and how many give exactly its body sentences, with the first differences.

RTF flavours, as the editors that write them do:

* ``rtf-word``: Word: a font table with panose groups, a stylesheet, document properties, a
  running header and footer; the title in the Title style; every non-ASCII character as
  ``\\uN?``.
* ``rtf-1258``: Word on a Vietnamese Windows: ``\\ansicpg1258``, a ``\\fcharset163`` font, letters
  as Windows-1258 bytes (base letter, then a combining tone mark), ``\\uN`` only for characters
  that code page lacks.
* ``rtf-uc2``: ``\\uc2``: every ``\\uN`` followed by two fallback bytes, the letter's
  Windows-1258 bytes or ``??``.
* ``rtf-textedit``: macOS TextEdit: a font table without entry groups, ``\\uc0\\uN `` characters,
  paragraphs ended by a backslash at the end of the line.
* ``rtf-vni`` / ``rtf-tcvn3``: an old document in a legacy Vietnamese font (VNI-Times,
  .VnTime): the letters as that encoding's bytes (characters TCVN3 lacks, capitals with tone
  marks, as ``\\uN?``).

Word 97-2003 flavours, written with the tests' builder (``tests/_doc.py``):

* ``doc``: each paragraph a piece of its own, stored as Word does: one byte a character when
  Windows-1252 holds all of it, else UTF-16; the headline in the Title style; a footer stored
  after the main text.
* ``doc-vni``: a document typed in VNI-Times: the VNI codes as one-byte characters (characters
  VNI lacks in UTF-16 pieces, as typed in a Unicode font).
* ``doc-vni-title``: the same, under a headline typed in a Unicode font.
* ``doc-vni-nofonts``, ``doc-vni-title-nofonts``: the same two without the runs' fonts in the
  file, so that the reader has to judge the glyphs line by line.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.vncharsets import decode_tcvn3, decode_vni  # noqa: E402
from _support import DEFAULT_VIMS, compare_written, corpus_missing, expected_reports, print_figures  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from _doc import Piece, doc_bytes, font_property  # noqa: E402

SEED = 23
STI_NORMAL, STI_TITLE = 0, 62  # Word's built-in styles
FONTS = ("Arial", "VNI-Times")  # the .doc flavours' font table
FONT_UNICODE, FONT_VNI = 0, 1
SHOWN_DIFFERENCES = 3
WORD_HEAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0\deflang1066"
    r"{\fonttbl{\f0\froman\fcharset0\fprq2{\*\panose 02020603050405020304}Times New Roman;}"
    r"{\f1\fswiss\fcharset0\fprq2{\*\panose 020b0604020202020204}Arial;}}"
    r"{\colortbl;\red0\green0\blue0;\red255\green0\blue0;}"
    r"{\stylesheet{\ql \li0\ri0\widctlpar\f0\fs24 \snext0 Normal;}"
    r"{\s1\ql\outlinelevel0\b\f1\fs32 \sbasedon0 \snext0 heading 1;}"
    r"{\s15\qc\b\f1\fs40 \sbasedon0 \snext0 Title;}{\*\cs10 \additive Default Paragraph Font;}}"
    r"{\info{\title Normal template}{\author Bien tap}{\creatim\yr2024\mo6\dy1}}"
    "\n"
)


def _u(char: str) -> str:
    code = ord(char)
    return f"\\u{code if code < 32768 else code - 65536}"


def _ascii(char: str) -> str | None:
    if char in "\\{}":
        return "\\" + char
    return char if " " <= char < "\x7f" else None


def word_escape(text: str) -> str:
    return "".join(_ascii(c) or f"{_u(c)}?" for c in text)


def cp1258_bytes(char: str) -> bytes | None:
    """``char`` in Windows-1258: whole, else as a base letter and a combining tone mark."""
    for form in (char, unicodedata.normalize("NFD", char)):
        try:
            return form.encode("cp1258")
        except UnicodeEncodeError:
            pass
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    for split in range(len(marks), -1, -1):  # as much of the marks as the base can hold
        try:
            return (unicodedata.normalize("NFC", base + marks[:split]) + marks[split:]).encode("cp1258")
        except UnicodeEncodeError:
            continue
    return None


def _hex(data: bytes) -> str:
    return "".join(f"\\'{b:02x}" for b in data)


def cp1258_escape(text: str) -> str:
    out = []
    for c in text:
        data = None if _ascii(c) else cp1258_bytes(c)
        out.append(_ascii(c) or (_hex(data) if data else f"{_u(c)}?"))
    return "".join(out)


def uc2_escape(text: str) -> str:
    out = []
    for c in text:
        data = None if _ascii(c) else cp1258_bytes(c)
        fallback = _hex(data) if data and len(data) == 2 else "??"
        out.append(_ascii(c) or f"{_u(c)}{fallback}")
    return "".join(out)


def textedit_escape(text: str) -> str:
    return "".join(_ascii(c) or f"{_u(c)} " for c in text)


def _inverse(decode: Callable[[bytes], str], pairs: bool) -> dict[str, bytes]:
    """Letter -> bytes that ``decode`` reads as it: with ``pairs`` (VNI), a letter and a mark
    byte where one exists, else one byte."""
    table: dict[str, bytes] = {}
    candidates = [bytes([b]) for b in range(128, 256)]
    if pairs:
        candidates = [bytes([a, b]) for a in range(32, 256) for b in range(128, 256)] + candidates
    for data in candidates:
        letter = unicodedata.normalize("NFC", decode(data))
        if len(letter) == 1 and not letter.isascii() and letter not in table and letter != "\ufffd":
            table[letter] = data
    return table


def legacy_escape(table: dict[str, bytes]) -> Callable[[str], str]:
    def escape(text: str) -> str:
        return "".join(_ascii(c) or (_hex(table[c]) if c in table else f"{_u(c)}?") for c in text)

    return escape


def rtf(flavour: str, title: str, paragraphs: list[str], escapes: dict[str, Callable[[str], str]]) -> str:
    """The report as an RTF file of ``flavour`` (see the module docstring)."""
    esc = escapes[flavour]
    if flavour == "rtf-word":
        body = [r"{\header\pard\ql\fs16 " + esc("Báo Thử Nghiệm - bản in") + r"\par}",
                r"{\footer\pard\qc\fs16 Trang {\field{\*\fldinst PAGE}{\fldrslt 1}}\par}",
                r"\pard\plain\s15\qc\b\f1\fs40 " + esc(title) + r"\par"]
        body += [r"\pard\plain\ql\f0\fs24 " + esc(p) + r"\par" for p in paragraphs]
        return WORD_HEAD + "\n".join(body) + "}"
    if flavour == "rtf-textedit":
        head = (r"{\rtf1\ansi\ansicpg1252\cocoartf2709" "\n" r"{\fonttbl\f0\fswiss\fcharset0 Helvetica;}"
                "\n" r"{\colortbl;\red255\green255\blue255;}" "\n" r"\pard\tx560\pardirnatural\partightenfactor0"
                "\n" r"\f0\fs24 \cf0 \uc0 ")
        return head + "\\\n".join(esc(p) for p in [title, *paragraphs]) + "}"
    fonts = {"rtf-1258": r"{\f0\fswiss\fcharset163 Arial;}", "rtf-uc2": r"{\f0\fswiss\fcharset163 Arial;}",
             "rtf-vni": r"{\f0\fnil\fcharset0 VNI-Times;}", "rtf-tcvn3": r"{\f0\fnil\fcharset0 .VnTime;}"}
    page = r"\ansicpg1258" if flavour in ("rtf-1258", "rtf-uc2") else r"\ansicpg1252"
    uc = r"\uc2" if flavour == "rtf-uc2" else r"\uc1"
    head = r"{\rtf1\ansi" + page + r"\deff0{\fonttbl" + fonts[flavour] + "}" + uc + "\n"
    return head + "\n".join(r"\pard\f0\fs26 " + esc(p) + r"\par" for p in [title, *paragraphs]) + "}"


def _in_cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def word_doc(flavour: str, title: str, paragraphs: list[str], vni: dict[str, bytes], fonts_recorded: bool = True) -> bytes:
    """The report as a Word 97-2003 file of ``flavour`` (see the module docstring)."""
    texts = [title, *paragraphs]
    if flavour in ("doc-vni", "doc-vni-title"):
        # A letter the font lacks (ö in a German name: its byte is VNI's ư) was typed in a
        # Unicode font, so it is stored in a UTF-16 piece.
        # Each run names its font (VNI-Times, or Arial for the rest), as Word records it, unless
        # ``fonts_recorded`` is off (the reader then judges the glyphs line by line).
        legacy = texts[1:] if flavour == "doc-vni-title" else texts
        typed = [(vni[c].decode("cp1252"), True) if c in vni else (c, c.isascii()) for c in "\r".join(legacy) + "\r"]
        pieces = [Piece(texts[0] + "\r")] if flavour == "doc-vni-title" else []
        pieces += [Piece("".join(text for text, _ in run), compressed=inside)
                   for inside, run in itertools.groupby(typed, lambda item: item[1])]
        if not fonts_recorded:
            return doc_bytes(pieces)
        runs, at = [], 0
        for piece in pieces:
            runs.append((at, at + len(piece.text), font_property(FONT_VNI if piece.compressed else FONT_UNICODE)))
            at += len(piece.text)
        return doc_bytes(pieces, character_runs=runs, fonts=FONTS)
    pieces = [Piece(text + "\r", compressed=all(map(_in_cp1252, text))) for text in texts]
    main = sum(len(piece.text) for piece in pieces)
    styles = [STI_TITLE] + [STI_NORMAL] * (len(texts) - 1) + [STI_NORMAL]  # the footer's paragraph too
    return doc_bytes([*pieces, Piece("Trang 1\r")], ccp_text=main, styles=styles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if corpus_missing(args.vims):
        return 2
    vni = _inverse(decode_vni, pairs=True)
    escapes = {"rtf-word": word_escape, "rtf-1258": cp1258_escape, "rtf-uc2": uc2_escape,
               "rtf-textedit": textedit_escape, "rtf-vni": legacy_escape(vni),
               "rtf-tcvn3": legacy_escape(_inverse(decode_tcvn3, pairs=False))}
    figures: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        expected = expected_reports(args.vims, args.count, SEED, Path(scratch))
        for flavour in escapes:
            figures[flavour] = compare_written(flavour, expected, Path(scratch), "report.rtf", lambda item: rtf(
                flavour, item.raw_title, item.paragraphs, escapes).encode("ascii"), SHOWN_DIFFERENCES)
        for flavour in ("doc", "doc-vni", "doc-vni-title"):
            figures[flavour] = compare_written(flavour, expected, Path(scratch), "report.doc", lambda item: word_doc(
                flavour, item.raw_title, item.paragraphs, vni), SHOWN_DIFFERENCES)
        for flavour in ("doc-vni", "doc-vni-title"):  # the same without the fonts of the runs
            figures[f"{flavour}-nofonts"] = compare_written(f"{flavour}-nofonts", expected, Path(scratch), "report.doc",
                                                            lambda item: word_doc(flavour, item.raw_title, item.paragraphs,
                                                                                  vni, fonts_recorded=False),
                                                            SHOWN_DIFFERENCES)
    print_figures(figures, "files", args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
