"""Legacy Vietnamese 8-bit text: TCVN3 (the "ABC" encoding of .VnTime fonts, TCVN 5712:1993).

Python ships Windows-1258 but no TCVN3 codec, and a charset detector takes TCVN3 bytes for some
Western code page: "Céng hoµ x· héi chñ nghÜa ViÖt Nam" instead of "Cộng hoà xã hội chủ nghĩa
Việt Nam", silently. The loader therefore asks :func:`detect_tcvn3` before the generic detector.

The byte table is TCVN 5712:1993 as GNU libc's iconv decodes it (``TCVN5712-1``): ASCII below
0x80 except twelve control positions that hold capital letters with tone marks (VN1), capitals
with tone marks at 0x80-0x9F, and the ABC range 0xA1-0xFF (the seven capitals Ă Â Ê Ô Ơ Ư Đ,
the small letters, five combining tone marks at 0xB0-0xB4).

Detection compares two readings of the bytes, TCVN3 and Windows-1258, by their share of
plausible Vietnamese syllables (:func:`plausibility`) among the words that hold a non-ASCII
letter: a word read in the wrong code page comes out with symbols ("Hµ"), two tone marks
("tiờỡng") or letters no Vietnamese syllable has, so a true TCVN3 text scores near 1 as TCVN3
and far lower as Windows-1258, and the other way round.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

TCVN3 = "tcvn3"  # the encoding name reported for such files
# The TCVN3 reading must be plausible for at least this share of the non-ASCII words ...
TCVN3_MIN_PLAUSIBILITY = 0.8
# ... and beat the Windows-1258 reading by at least this much.
TCVN3_MIN_MARGIN = 0.2
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
_DECODING_TABLE = "".join(_LOW.get(b, chr(b)) for b in range(0x80)) + _HIGH
assert len(_DECODING_TABLE) == 256

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


def detect_tcvn3(data: bytes) -> str | None:
    """The text of ``data`` when it reads as TCVN3 Vietnamese (see the module docstring), else
    None."""
    sample = data[:DETECTION_SAMPLE_BYTES]
    tcvn3, judged = plausibility(decode_tcvn3(sample))
    if judged < MIN_JUDGED_WORDS or tcvn3 < TCVN3_MIN_PLAUSIBILITY:
        return None
    cp1258, _ = plausibility(sample.decode("cp1258", errors="replace"))
    if tcvn3 < cp1258 + TCVN3_MIN_MARGIN:
        return None
    return decode_tcvn3(data)
