#!/usr/bin/env python3
"""Rebuilds assets/fonts/NotoSansSC-goodwill.otf: Noto Sans CJK SC Regular (SIL OFL 1.1, from Debian's
fonts-noto-cjk), cut down to the characters Goodwill needs, so the repository stays small.

Covered: printable ASCII and Latin-1, common CJK punctuation and symbols, the 3,755 level-1 GB2312
characters (so most new scenario text works without rebuilding), and every character in the
scenarios and the source code (interface strings). The test `font_covers_every_character` fails when
a scenario uses a character outside the subset; rerun this script then:

    apt-get install fonts-noto-cjk && pip install fonttools && python3 assets/fonts/subset.py
"""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = ROOT / "assets/fonts/NotoSansSC-goodwill.otf"

chars = set(chr(c) for c in range(0x20, 0x7F)) | set(chr(c) for c in range(0xA0, 0x100))
chars |= set("，。、；：？！“”‘’（）《》【】—…·～「」『』—–•✓✗⚠→←↑↓×▶％")
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for pattern in ("scenarios/*.ron", "src/**/*.rs", "engine/src/**/*.rs", "store/src/**/*.rs"):
    for path in ROOT.glob(pattern):
        chars |= set(path.read_text(encoding="utf-8"))
chars = sorted(c for c in chars if c.isprintable() and c not in "\n\r\t")
unicodes = ",".join(f"U+{ord(c):04X}" for c in chars)
# Face 2 of the collection is Simplified Chinese (JP, KR, SC, TC, HK).
subprocess.run(
    ["pyftsubset", SOURCE, "--font-number=2", f"--unicodes={unicodes}", f"--output-file={OUT}",
     "--layout-features=*", "--no-hinting", "--desubroutinize"],
    check=True,
)
print(f"{OUT}: {len(chars)} characters, {OUT.stat().st_size // 1024} KiB")
