#!/usr/bin/env python3
"""Exit 0 when a PNG screenshot shows something: at least 8 distinct colours, and text-like detail (at
least 1 % of the pixels differ from the most common colour). Python's standard library only (a PNG reader for
the 8-bit RGB/RGBA, non-interlaced files Bevy saves)."""
import struct
import sys
import zlib
from collections import Counter


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("only 8-bit RGB/RGBA non-interlaced PNGs")
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return [row[x:x + 3] for row in rows[::4] for x in range(0, stride, bpp * 4)]


def main():
    sample = pixels(sys.argv[1])
    counts = Counter(sample)
    _, most = counts.most_common(1)[0]
    detail = 1 - most / len(sample)
    if len(counts) < 8 or detail < 0.01:
        print(f"{sys.argv[1]}: blank ({len(counts)} colours, {detail:.1%} off the background)")
        sys.exit(1)


if __name__ == "__main__":
    main()
