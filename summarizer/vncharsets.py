"""Legacy Vietnamese 8-bit text: TCVN3 (the "ABC" encoding of .VnTime fonts, TCVN 5712:1993),
VNI (VNI-Windows, of the VNI-Times fonts) and VISCII (RFC 1456).

Python ships Windows-1258 but none of these, and a charset detector takes their bytes for a
Western code page: "Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi chuû
nghóa Vieät Nam" (VNI) instead of "Cộng hoà xã hội chủ nghĩa Việt Nam", silently. The loader
therefore asks :func:`detect_legacy` before the generic detector.

The byte table is TCVN 5712:1993 as GNU libc's iconv decodes it (``TCVN5712-1``): ASCII below
0x80 except twelve control positions that hold capital letters with tone marks (VN1), capitals
with tone marks at 0x80-0x9F, and the ABC range 0xA1-0xFF (the seven capitals Ă Â Ê Ô Ơ Ư Đ,
the small letters, five combining tone marks at 0xB0-0xB4).

VISCII (RFC 1456, as GNU libc's iconv decodes it) keeps every one of the 134 precomposed letters
in one byte: 0x80-0xFF, plus six control positions (0x02 0x05 0x06 0x14 0x19 0x1E) for the
capitals that did not fit.

VNI is read as Windows-1252 first; a vowel letter there is followed by one byte for its
circumflex or breve and tone together, or for its tone alone (a + "ù" = á, a + "á" = ấ, a + "é"
= ắ), and a few single bytes are letters of their own ("ô" = ơ, "ö" = ư, "ñ" = đ, "í ì æ ó ò" =
í ì ỉ ĩ ị, "î" = ỵ); capitals likewise with the capital bytes.

Detection compares the readings of the bytes (TCVN3, VNI, VISCII, Windows-1258) by their share of
plausible Vietnamese syllables (:func:`plausibility`) among the words that hold a non-ASCII
letter: a word read in the wrong encoding comes out with symbols ("Hµ"), two tone marks
("tiờỡng") or letters no Vietnamese syllable has, so a text scores near 1 in its own encoding
and far lower in the others.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Callable

TCVN3 = "tcvn3"  # the encoding names reported for such files
VNI = "vni"
VISCII = "viscii"
# A legacy reading must be plausible for at least this share of the non-ASCII words ...
LEGACY_MIN_PLAUSIBILITY = 0.8
# ... and beat the Windows-1258 reading by at least this much.
LEGACY_MIN_MARGIN = 0.2
# At least this many non-ASCII words are needed to judge at all.
MIN_JUDGED_WORDS = 5
DETECTION_SAMPLE_BYTES = 64_000  # bytes read for detection

# Capital letters with tone marks at control positions (VN1).
_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
    0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}
_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)


def _byte_table(controls: dict[int, str], high: str) -> str:
    """A decoding table of 256 characters: ASCII below 0x80 except the letters at ``controls``,
    then ``high`` for 0x80-0xFF."""
    if len(high) != 0x80:
        raise ValueError(f"a table's upper half has 128 characters, not {len(high)}")
    return "".join(controls.get(b, chr(b)) for b in range(0x80)) + high


_DECODING_TABLE = _byte_table(_LOW, _HIGH)

# VISCII: capitals at control positions, then 0x80-0xFF.
_VISCII_LOW = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
_VISCII_TABLE = _byte_table(_VISCII_LOW, _VISCII_HIGH)

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W\d_]+")
# A Vietnamese syllable without its tone mark, lower case: onset, vowels, coda.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)


def decode_tcvn3(data: bytes) -> str:
    """The text of TCVN3 bytes (every byte has a meaning, so this never fails)."""
    return codecs.charmap_decode(data, "strict", _DECODING_TABLE)[0]


def decode_viscii(data: bytes) -> str:
    """The text of VISCII bytes (every byte has a meaning, so this never fails)."""
    return codecs.charmap_decode(data, "strict", _VISCII_TABLE)[0]


def plausibility(text: str) -> tuple[float, int]:
    """(share, count): of the words of ``text`` that hold a non-ASCII letter (``count`` of
    them), the share that are one plausible Vietnamese syllable: onset, one to three vowels,
    coda, at most one tone mark."""
    judged = plausible = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        judged += 1
        parts = unicodedata.normalize("NFD", word.lower())
        if sum(ch in _TONES for ch in parts) > 1:
            continue
        base = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
        if _SYLLABLE.fullmatch(base):
            plausible += 1
    return (plausible / judged if judged else 0.0), judged


def decode_vni(data: bytes) -> str:
    """The text of VNI-Windows bytes (see the module docstring)."""
    text = data.decode("cp1252", errors="replace")
    return _VNI_PATTERN.sub(lambda m: _VNI_CODES[m.group()], text)


def _vni_codes() -> dict[str, str]:
    """Every VNI code of one or two characters (as read in Windows-1252) -> its letter."""
    tone = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
    circumflex = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
    breve = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
    groups = [
        ("aeouy", tone, ""),
        ("aeo", circumflex, "\u0302"),
        ("a", breve, "\u0306"),
        ("ô", tone, ""),  # ơ, with a tone
        ("ö", tone, ""),  # ư, with a tone
    ]
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
    codes: dict[str, str] = {}
    for bases, marks, shape in groups:
        for base in bases:
            for byte, mark in marks.items():
                small = unicodedata.normalize("NFC", singles.get(base, base) + shape + mark)
                codes[base + byte] = small
                codes[base.upper() + byte.upper()] = small.upper()
                codes[base.upper() + byte] = small.upper()  # "Aù": a capital before a small mark byte
    for code, letter in singles.items():
        codes[code] = letter
        codes[code.upper()] = letter.upper()
    return codes


_VNI_CODES = _vni_codes()
# One pass, two-character codes first: a letter a pair produces is never read again as a code.
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_CODES), key=len, reverse=True)))
_READERS = ((TCVN3, decode_tcvn3), (VNI, decode_vni), (VISCII, decode_viscii))


def detect_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) of ``data`` when it reads as TCVN3, VNI or VISCII Vietnamese (see
    the module docstring), else None."""
    encoding = detect_legacy_encoding(data)
    return None if encoding is None else (legacy_decoder(encoding)(data), encoding)


def detect_legacy_encoding(data: bytes) -> str | None:
    """The name of the legacy encoding ``data`` reads as (judged on its first
    ``DETECTION_SAMPLE_BYTES``), else None."""
    sample = data[:DETECTION_SAMPLE_BYTES]
    cp1258, _ = plausibility(sample.decode("cp1258", errors="replace"))
    best: tuple[float, str] | None = None
    for name, reader in _READERS:
        share, judged = plausibility(reader(sample))
        if judged >= MIN_JUDGED_WORDS and share >= LEGACY_MIN_PLAUSIBILITY and share >= cp1258 + LEGACY_MIN_MARGIN:
            if best is None or share > best[0]:
                best = (share, name)
    return None if best is None else best[1]


# How a legacy font's glyphs come out of a document format that knows only the font's 8-bit
# codes (PDF text extraction, a Word document's compressed pieces): as these code pages' letters.
LEGACY_GLYPH_CODE_PAGES = ("cp1252", "latin-1")
# A line is typed in a Unicode font when at least this share of its non-ASCII letters are outside
# the code page (ệ ư ơ đ ạ: over half of real Vietnamese text's, in all 1,950 ViMs reports; at
# least one in most lines); a line in a legacy font has none, or the odd one a Unicode font
# supplied (the ğ of a Turkish name) among many glyphs.
UNICODE_LINE_SHARE = 0.05
# ... and the lines judged legacy must hold at least this share of the text's non-ASCII letters:
# a short line of real Vietnamese can have few letters outside the code page ("thích trò chơi
# và máy móc": one of six), and among Unicode lines it is one of them.
LEGACY_LETTER_SHARE = 0.5


# Fonts of the legacy encodings, by the start of their name in lower case: the TCVN3 (ABC) fonts
# are .VnTime, .VnArial, .VnTimeH and the like; the VNI fonts VNI-Times, VNI-Helve and so on.
LEGACY_FONTS = ((".vn", TCVN3), ("vni-", VNI), ("vni ", VNI))


def legacy_font_encoding(font_name: str) -> str | None:
    """The legacy encoding a font of this name draws (TCVN3, VNI), or None."""
    lowered = font_name.strip().lower()
    return next((encoding for start, encoding in LEGACY_FONTS if lowered.startswith(start)), None)


def legacy_decoder(encoding: str) -> Callable[[bytes], str]:
    """The decoder of a legacy encoding's name (TCVN3, VNI, VISCII)."""
    return dict(_READERS)[encoding]


def decode_glyphs(text: str, encoding: str, code_page: str = LEGACY_GLYPH_CODE_PAGES[0]) -> str:
    """``text`` typed in a font of the legacy ``encoding`` and stored as ``code_page`` characters,
    decoded; characters outside the code page, and control characters, are kept as they are."""
    decode = legacy_decoder(encoding)
    table = _glyph_bytes(code_page)
    return "".join(
        decode(_encoded("".join(run), code_page)) if glyph else "".join(run)
        for glyph, run in itertools.groupby(text, lambda c: c in table and c >= " ")
    )


def legacy_glyphs(text: str) -> tuple[str, str | None]:
    """``text``, or its reading in a legacy Vietnamese encoding when the glyphs of a legacy font
    (.VnTime, VNI-Times) came out as Windows-1252 (or Latin-1) characters; and that encoding's
    name (None when the text is kept). Judged and decoded line by line: a line typed in a Unicode
    font (``UNICODE_LINE_SHARE``) is kept, as is every character outside the code page, and the
    other lines must hold most of the text (``LEGACY_LETTER_SHARE``)."""
    lines = text.split("\n")
    letters = [sum(c.isalpha() and not c.isascii() for c in line) for line in lines]
    for code_page in LEGACY_GLYPH_CODE_PAGES:
        runs = [_code_page_runs(line, code_page) for line in lines]
        legacy = [not _typed_in_unicode(line_runs) for line_runs in runs]
        if sum(n for n, candidate in zip(letters, legacy) if candidate) < LEGACY_LETTER_SHARE * sum(letters):
            continue
        data = b"\n".join(
            b"".join(_encoded(run, code_page) for run, inside in line_runs if inside)
            for line_runs, candidate in zip(runs, legacy) if candidate
        )
        found = None if data.isascii() else detect_legacy_encoding(data)
        if found is None:
            continue
        decode = legacy_decoder(found)
        decoded = [
            _decoded_line(line, line_runs, code_page, decode) if candidate else line
            for line, line_runs, candidate in zip(lines, runs, legacy)
        ]
        return "\n".join(decoded), found
    return text, None


def _decoded_line(line: str, runs: list[tuple[str, bool]], code_page: str, decode: Callable[[bytes], str]) -> str:
    """``line`` decoded, unless it reads as Vietnamese clearly better as it is (by
    ``LEGACY_MIN_MARGIN``): a line typed in a Unicode font whose accented letters all happen to be
    in the code page ("cà phê")."""
    decoded = "".join(decode(_encoded(run, code_page)) if inside else run for run, inside in runs)
    as_is, judged = plausibility(line)
    return line if judged and as_is >= plausibility(decoded)[0] + LEGACY_MIN_MARGIN else decoded


def _typed_in_unicode(runs: list[tuple[str, bool]]) -> bool:
    outside = sum(c.isalpha() for run, inside in runs if not inside for c in run)
    non_ascii = outside + sum(c.isalpha() and not c.isascii() for run, inside in runs if inside for c in run)
    return outside > 0 and outside >= UNICODE_LINE_SHARE * non_ascii


def glyph_characters(code_page: str) -> str:
    """The 256 characters of ``code_page``'s bytes, in byte order; a byte it leaves undefined is
    read as the code point of the same number (as Word's compressed text and PDF extraction
    give it). For ``codecs.charmap_decode``."""
    if code_page not in _GLYPH_CHARACTERS:
        _GLYPH_CHARACTERS[code_page] = "".join(
            bytes([byte]).decode(code_page, errors="ignore") or chr(byte) for byte in range(256))
    return _GLYPH_CHARACTERS[code_page]


def _glyph_bytes(code_page: str) -> dict[str, int]:
    """Character -> its byte in :func:`glyph_characters`."""
    if code_page not in _GLYPH_BYTES:
        table: dict[str, int] = {}
        for byte, char in enumerate(glyph_characters(code_page)):
            table.setdefault(char, byte)
        _GLYPH_BYTES[code_page] = table
    return _GLYPH_BYTES[code_page]


_GLYPH_CHARACTERS: dict[str, str] = {}
_GLYPH_BYTES: dict[str, dict[str, int]] = {}


def _code_page_runs(text: str, code_page: str) -> list[tuple[str, bool]]:
    """``text`` cut into maximal runs of characters inside ``code_page`` or outside it."""
    table = _glyph_bytes(code_page)
    return [("".join(run), inside) for inside, run in itertools.groupby(text, table.__contains__)]


def _encoded(run: str, code_page: str) -> bytes:
    table = _glyph_bytes(code_page)
    return bytes(table[c] for c in run)
