#!/usr/bin/env python3
"""Turn a PSF console font into C source for the framebuffer console.

usage: psf2c.py [FONT.psf[.gz|u]] -o OUTPUT.c

The repository holds no font: the build makes one from a PSF font that a
Debian package installs (console-setup-linux puts them in
/usr/share/consolefonts).  Without FONT the first font found in
DEFAULT_FONTS is used.

The output defines `const struct fb_font fb_font_default` (lib/fb_text.h)
indexed by character code.  When the font has a Unicode table, the glyph
for code n is the one the table gives for U+00nn, since Latin-1 is the
first 256 code points; console-setup fonts keep their glyphs in an order
of their own, so taking the first 256 glyphs as they are would scramble
the text.  Without a table, the first 256 glyphs (or 128, if that is all)
are taken in order.

PSF1 and PSF2 as described in kbd's documentation, doc/font-formats
("PSF fonts"): headers, glyph bitmaps, then the optional Unicode table.
"""

import argparse
import gzip
import os
import struct
import sys

DEFAULT_FONTS = (
    "/usr/share/consolefonts/Uni2-VGA16.psf.gz",
    "/usr/share/consolefonts/Lat15-VGA16.psf.gz",
    "/usr/share/kbd/consolefonts/default8x16.psfu.gz",
    "/usr/share/kbd/consolefonts/default8x16.psf.gz",
)

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODEHASSEQ = 0x04
PSF1_SEPARATOR = 0xFFFF
PSF1_STARTSEQ = 0xFFFE

PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
PSF2_SEPARATOR = 0xFF
PSF2_STARTSEQ = 0xFE

CODES = 256
PRINTABLE_ASCII = range(0x20, 0x7F)
REPLACEMENTS = (0xFFFD, ord("?"))


class FontError(Exception):
    pass


class Font:
    def __init__(self, width, height, glyphs, table):
        self.width = width
        self.height = height
        self.bytes_per_row = (width + 7) // 8
        self.glyphs = glyphs    # list of bytes, one per glyph
        self.table = table      # {code point: glyph index} or None


def read_font_file(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def split_glyphs(data, offset, count, size):
    end = offset + count * size
    if len(data) < end:
        raise FontError("glyph bitmaps run past the end of the file")
    return [data[offset + i * size:offset + (i + 1) * size]
            for i in range(count)], end


def first_glyph_for(code_points):
    """{code point: lowest glyph index} from (glyph, code point) pairs."""
    table = {}
    for glyph, cp in code_points:
        table.setdefault(cp, glyph)
    return table


def psf1_code_points(data, offset, count):
    """PSF1 table: per glyph, 16-bit code points up to PSF1_SEPARATOR;
    those after PSF1_STARTSEQ spell sequences, which are skipped."""
    glyph, in_seq = 0, False
    while glyph < count:
        if offset + 2 > len(data):
            raise FontError("PSF1 Unicode table is cut short")
        (value,) = struct.unpack_from("<H", data, offset)
        offset += 2
        if value == PSF1_SEPARATOR:
            glyph, in_seq = glyph + 1, False
        elif value == PSF1_STARTSEQ:
            in_seq = True
        elif not in_seq:
            yield glyph, value


def parse_psf1(data):
    if len(data) < 4:
        raise FontError("PSF1 header is cut short")
    mode, height = data[2], data[3]
    count = 512 if mode & PSF1_MODE512 else 256
    glyphs, end = split_glyphs(data, 4, count, height)
    table = None
    if mode & (PSF1_MODEHASTAB | PSF1_MODEHASSEQ):
        table = first_glyph_for(psf1_code_points(data, end, count))
    return Font(8, height, glyphs, table)


def psf2_code_points(data, offset, count):
    """PSF2 table: per glyph, UTF-8 text up to PSF2_SEPARATOR; each
    character of the text before any PSF2_STARTSEQ maps to the glyph."""
    for glyph in range(count):
        end = data.find(bytes([PSF2_SEPARATOR]), offset)
        if end < 0:
            raise FontError("PSF2 Unicode table is cut short")
        singles = data[offset:end].split(bytes([PSF2_STARTSEQ]))[0]
        try:
            text = singles.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FontError(f"PSF2 Unicode table entry {glyph}: {e}")
        for ch in text:
            yield glyph, ord(ch)
        offset = end + 1


def parse_psf2(data):
    if len(data) < 32:
        raise FontError("PSF2 header is cut short")
    (_, version, header_size, flags, count, size, height,
     width) = struct.unpack_from("<4s7I", data, 0)
    if size != height * ((width + 7) // 8):
        raise FontError(f"PSF2 glyph size {size} does not match "
                        f"{width}x{height}")
    glyphs, end = split_glyphs(data, header_size, count, size)
    table = None
    if flags & PSF2_HAS_UNICODE_TABLE:
        table = first_glyph_for(psf2_code_points(data, end, count))
    return Font(width, height, glyphs, table)


def parse_psf(data):
    if data[:4] == PSF2_MAGIC:
        return parse_psf2(data)
    if data[:2] == PSF1_MAGIC:
        return parse_psf1(data)
    raise FontError("not a PSF1 or PSF2 font")


def is_control(code):
    return code < 0x20 or 0x7F <= code < 0xA0


def glyphs_by_code(font):
    """The CODES (or fewer) glyphs to emit, indexed by character code."""
    if font.table is None:
        if len(font.glyphs) < 128:
            raise FontError(f"only {len(font.glyphs)} glyphs and no "
                            "Unicode table: ASCII is not all there")
        return font.glyphs[:CODES]

    missing = [c for c in PRINTABLE_ASCII if c not in font.table]
    if missing:
        raise FontError("no glyph for " +
                        " ".join(f"U+{c:04X}" for c in missing))
    blank = bytes(len(font.glyphs[0]))
    fallback = next((font.glyphs[font.table[r]] for r in REPLACEMENTS
                     if r in font.table), blank)
    out = []
    for code in range(CODES):
        if code in font.table:
            out.append(font.glyphs[font.table[code]])
        else:
            # Control codes show nothing, as on a terminal.
            out.append(blank if is_control(code) else fallback)
    return out


def code_comment(code):
    if 0x20 < code < 0x7F and chr(code) not in "\\*/":
        return f"0x{code:02x} '{chr(code)}'"
    return f"0x{code:02x}"


def c_source(font, glyphs, source_name):
    lines = [
        f"/* Made by tools/psf2c.py from {source_name}: do not edit. */",
        '#include "lib/fb_text.h"',
        "",
        "static const uint8_t glyphs[] = {",
    ]
    for code, glyph in enumerate(glyphs):
        lines.append(f"\t/* {code_comment(code)} */")
        row_bytes = ", ".join(f"0x{b:02x}" for b in glyph)
        lines.append(f"\t{row_bytes},")
    lines += [
        "};",
        "",
        "const struct fb_font fb_font_default = {",
        f"\t.width = {font.width},",
        f"\t.height = {font.height},",
        f"\t.bytes_per_row = {font.bytes_per_row},",
        "\t.glyphs = glyphs,",
        f"\t.count = {len(glyphs)},",
        "};",
        "",
    ]
    return "\n".join(lines)


def find_default_font():
    for path in DEFAULT_FONTS:
        if os.path.exists(path):
            return path
    raise FontError("no PSF console font found (looked for "
                    + ", ".join(DEFAULT_FONTS)
                    + "); install Debian's console-setup-linux "
                    "(make deps) or name one")


def write_atomically(path, text):
    """A failed run leaves no half-written file for make to trust."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("font", nargs="?",
                        help="PSF1 or PSF2 font, gzipped or not")
    parser.add_argument("-o", "--output", required=True,
                        help="C file to write")
    args = parser.parse_args(argv)
    try:
        path = args.font or find_default_font()
        font = parse_psf(read_font_file(path))
        glyphs = glyphs_by_code(font)
        write_atomically(args.output,
                         c_source(font, glyphs, os.path.basename(path)))
    except (OSError, FontError) as e:
        print(f"psf2c: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
