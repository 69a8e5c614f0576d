#!/usr/bin/env python3
"""Rebuilds assets/fonts/NotoSansSC-goodwill.otf: Noto Sans CJK SC Regular (SIL OFL 1.1, from Debian's
fonts-noto-cjk), cut down to the characters a trainer may type, and writes the list the checker reads
(engine/src/font_chars.txt), so `goodwill check` can name a character the game would show as a box.

Covered: printable ASCII and Latin-1, general punctuation, CJK punctuation, full-width forms and the
symbols the interface uses; the whole CJK Unified Ideographs block (U+4E00–U+9FFF, 20,992 characters:
all of GB 2312, and every character of the 通用规范汉字表 in the basic block, so names such as 喆 and 堃
render), CJK Extension A, the Extension B–F ideographs the source face has; and every character in the
scenarios, the seeds and the source code.
The test `font_covers_every_character` fails when a scenario uses a character outside the font, and
`the_checkers_character_list_is_the_fonts` when this list and the font disagree; rerun this script then:

    apt-get install fonts-noto-cjk && pip install fonttools && python3 assets/fonts/subset.py
"""
import pathlib
import subprocess

from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = ROOT / "assets/fonts/NotoSansSC-goodwill.otf"
LIST = ROOT / "engine/src/font_chars.txt"

chars = set(chr(c) for c in range(0x20, 0x7F)) | set(chr(c) for c in range(0xA0, 0x180))
chars |= set(chr(c) for c in range(0x2000, 0x2070))  # general punctuation: dashes, quotes, …
chars |= set(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
chars |= set(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
chars |= set("✓✗⚠→←↑↓×▶％•·～")
chars |= set(chr(c) for c in range(0x4E00, 0xA000))  # CJK Unified Ideographs
chars |= set(chr(c) for c in range(0x3400, 0x4DC0))  # CJK Extension A
# The supplementary-plane ideographs the Simplified Chinese face draws (Extensions B–F, 2,365 in Noto
# Sans CJK SC 2.004): the 通用规范汉字表's characters outside the basic block, such as 𬌗 and 𫖯, are among them.
from fontTools.ttLib import TTCollection

chars |= set(chr(c) for c in TTCollection(SOURCE, lazy=True).fonts[2].getBestCmap() if c >= 0x20000)
for hi in range(0xA1, 0xF8):  # all of GB 2312 (symbols and both levels of characters)
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for pattern in ("scenarios/*.ron", "src/**/*.rs", "engine/src/**/*.rs", "store/src/**/*.rs"):
    for path in ROOT.glob(pattern):
        chars |= set(path.read_text(encoding="utf-8"))
seeds = ROOT.parent / "shared/seeds"
for path in seeds.glob("*.txt") if seeds.is_dir() else []:
    chars |= set(path.read_text(encoding="utf-8"))
chars = sorted(c for c in chars if c.isprintable() and c not in "\n\r\t")
# The list goes in a file: on the command line it is longer than the system allows.
UNICODES = OUT.with_suffix(".unicodes.txt")
UNICODES.write_text("\n".join(f"U+{ord(c):04X}" for c in chars), encoding="utf-8")
# Face 2 of the collection is Simplified Chinese (JP, KR, SC, TC, HK).
subprocess.run(
    ["pyftsubset", SOURCE, "--font-number=2", f"--unicodes-file={UNICODES}", f"--output-file={OUT}",
     "--layout-features=*", "--no-hinting", "--desubroutinize"],
    check=True,
)
UNICODES.unlink()
# pyftsubset keeps only format 4 character maps, whose 16-bit length cannot hold this many characters:
# readers then stop partway and draw boxes. The full map goes in format 12 tables (read first), and the
# format 4 table keeps what fits, the characters before CJK Extension A, for readers that need one.
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

font = TTFont(OUT)
full = font["cmap"].getBestCmap()
tables = []
for platform, encoding, fmt, cmap in (
    (0, 4, 12, full),
    (3, 1, 4, {c: g for c, g in full.items() if c < 0x3400}),
    (3, 10, 12, full),
):
    table = CmapSubtable.newSubtable(fmt)
    table.platformID, table.platEncID, table.language = platform, encoding, 0
    table.cmap = dict(cmap)
    tables.append(table)
font["cmap"].tables = tables
font.save(OUT)
# What the font really maps (a character the source font lacks is not in it), as ranges.
covered = sorted(TTFont(OUT).getBestCmap())
ranges = []
for code in covered:
    if ranges and ranges[-1][1] == code - 1:
        ranges[-1][1] = code
    else:
        ranges.append([code, code])
LIST.write_text(
    "# Characters in assets/fonts/NotoSansSC-goodwill.otf, as hex ranges; written by assets/fonts/subset.py.\n"
    + "".join(f"{a:04X}-{b:04X}\n" if a != b else f"{a:04X}\n" for a, b in ranges),
    encoding="utf-8",
)
print(f"{OUT}: {len(covered)} characters, {OUT.stat().st_size // 1024} KiB; {LIST}: {len(ranges)} ranges")
