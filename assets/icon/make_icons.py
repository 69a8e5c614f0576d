#!/usr/bin/env python3
"""Renders goodwill.svg to the packages' icons: goodwill.png (256 px, the Linux .desktop icon) and
goodwill.ico (16–256 px, embedded in goodwill.exe by build.rs). Run by hand after changing the SVG; the
outputs are committed, so a build needs neither Chromium nor this script.

Chromium draws the SVG (no image library needed); the ICO holds each size as a PNG, which Windows reads
since Vista."""
import pathlib
import struct
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SIZES = [16, 24, 32, 48, 64, 128, 256]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--default-background-color=00000000", "--hide-scrollbars"]


def render(size: int, work: pathlib.Path) -> bytes:
    page = work / f"icon-{size}.html"
    png = work / f"icon-{size}.png"
    page.write_text(f'<html><body style="margin:0"><img src="{(HERE / "goodwill.svg").as_uri()}" '
                    f'width="{size}" height="{size}" style="display:block"></body></html>')
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                    f"--window-size={size},{size}", f"--screenshot={png}", page.as_uri()],
                   check=True, capture_output=True)
    return png.read_bytes()


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images.items():
        side = 0 if size == 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        images = {size: render(size, pathlib.Path(tmp)) for size in SIZES}
    (HERE / "goodwill.png").write_bytes(images[256])
    (HERE / "goodwill.ico").write_bytes(ico(images))


if __name__ == "__main__":
    main()
