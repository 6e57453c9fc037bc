"""Build small PDF files for the loader's tests, the way word processors write Vietnamese text:
a composite (Type0) font with two-byte glyph ids (Identity-H) and a ToUnicode map that gives
each glyph id its character. No glyph shapes are embedded: text extraction reads only the map.
"""

from __future__ import annotations

from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
FONT_SIZE = 11
LEADING = 14  # points between lines, at least
LEADING_RATIO = 1.3  # ... and at least this times the line's font size
MARGIN = 56
BFCHAR_BLOCK = 100  # the CMap syntax allows at most 100 entries per bfchar block


def _stream(body: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(body)}{extra} >>\nstream\n".encode() + body + b"\nendstream"


def _to_unicode(codes: dict[str, int]) -> bytes:
    entries = sorted(codes.items(), key=lambda item: item[1])
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Test-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), BFCHAR_BLOCK):
        block = entries[start : start + BFCHAR_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:04X}> <{ord(char):04X}>" for char, code in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


Line = str | tuple[str, float]  # a line of text, or a line and its font size in points


def pdf_bytes(pages: Sequence[Sequence[Line]], *, title: str | None = None) -> bytes:
    """A PDF whose page ``i`` shows the lines ``pages[i]`` top to bottom, each in ``FONT_SIZE``
    unless it comes with its own size (``title`` goes into the document information
    dictionary)."""
    sized = [[(line, float(FONT_SIZE)) if isinstance(line, str) else line for line in page] for page in pages]
    codes: dict[str, int] = {}
    for page in sized:
        for text, _ in page:
            for char in text:
                codes.setdefault(char, len(codes) + 1)
    contents = []
    for page in sized:
        ops = [f"BT {MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
        for text, size in page:
            glyphs = "".join(f"{codes[char]:04X}" for char in text)
            ops.append(f"/F1 {size:g} Tf <{glyphs}> Tj 0 {-max(LEADING, LEADING_RATIO * size):g} Td")
        ops.append("ET")
        contents.append("\n".join(ops).encode("ascii"))

    objects: list[bytes] = []  # object n is objects[n - 1]
    page_ids = [5 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSans /Encoding /Identity-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSans "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /TestSans /Flags 32 "
        b"/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 "
        b"/StemV 80 >> >>] /ToUnicode 4 0 R >>"
    )
    objects.append(_stream(_to_unicode(codes)))
    for index, content in enumerate(contents):
        content_id = page_ids[index] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(_stream(content))
    info_ref = ""
    if title is not None:
        encoded = "".join(f"{b:02X}" for b in b"\xfe\xff" + title.encode("utf-16-be"))
        objects.append(f"<< /Title <{encoded}> >>".encode())
        info_ref = f" /Info {len(objects)} 0 R"

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
