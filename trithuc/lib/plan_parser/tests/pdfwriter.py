"""A minimal PDF writer for tests: Vietnamese text in a real text layer, no dependencies.

The font is a Type0 font with Identity-H encoding: each character is written as its
UTF-16 code, and a ToUnicode map tells readers (pypdf, a viewer's copy and paste) which
character each code is. No font file is embedded, so a viewer substitutes one; the text
layer, which is what the parser reads, is exact.
"""

from __future__ import annotations

from pathlib import Path

_LINES_PER_PAGE = 55


def _cmap(codes: set[int]) -> bytes:
    highs = sorted({c >> 8 for c in codes})
    ranges = [f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in highs]
    blocks = []
    for i in range(0, len(ranges), 100):
        chunk = ranges[i : i + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    body = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
    )
    return body.encode("ascii")


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text if ord(c) <= 0xFFFF)


def write_text_pdf(path: Path, lines: list[str]) -> None:
    """Write `lines` as the text layer of a PDF (one text line per line)."""
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)] or [[]]
    codes = {ord(c) for line in lines for c in line if ord(c) <= 0xFFFF} | {32}
    objects: list[bytes] = []

    def add(content: bytes) -> int:
        objects.append(content)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /ArialMT /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        + f"/FontDescriptor {descriptor} 0 R /DW 500 /CIDToGIDMap /Identity >>".encode()
    )
    cmap = _cmap(codes)
    to_unicode = add(f"<< /Length {len(cmap)} >>\nstream\n".encode() + cmap + b"endstream")
    font = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    page_ids = []
    for page_lines in pages:
        ops = ["BT", "/F1 9 Tf", "13 TL", "36 806 Td"]
        for line in page_lines:
            ops.append(f"<{_hex(line)}> Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        content = add(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    _write(path, objects, catalog)


def write_image_only_pdf(path: Path) -> None:
    """A PDF like a scan: a page with a drawn image and no text at all."""
    stream = b"q 500 0 0 700 40 60 cm 0.5 g 0 0 1 1 re f Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
    ]
    _write(path, objects, 1)


def _write(path: Path, objects: list[bytes], root: int) -> None:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    Path(path).write_bytes(bytes(out))


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, pixels) of a binary grey PGM (P5, 8 bits), as pdftoppm -gray writes."""
    data = Path(path).read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError(f"not an 8-bit binary PGM: {path}")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1 : pos + 1 + width * height]


def write_image_pdf(path: Path, pages: list[tuple[int, int, bytes]], dpi: int) -> None:
    """A PDF like a scanner's: each page one grey image, no text layer."""
    import zlib

    objects: list[bytes] = [b"", b""]
    page_ids = []
    for width, height, pixels in pages:
        packed = zlib.compress(pixels, 6)
        image = len(objects) + 1
        objects.append(
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
            f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
            f"/Length {len(packed)} >>\nstream\n".encode()
            + packed
            + b"\nendstream"
        )
        w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
        stream = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
            f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    _write(path, objects, 1)
