#!/usr/bin/env python3
"""Render the app icon's PNG sizes (and a Windows .ico) from its SVG sources.

    .venv/bin/python packaging/render_icons.py          # rewrite explorer/resources/icons/*.png and .ico
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if a committed PNG is missing or stale

The SVGs in explorer/resources/icons/ are the source; the PNGs are committed so the app, the desktop entry
and the PyInstaller build need no SVG renderer at run time. Sizes up to 32 px come from
gradient-explorer-small.svg (fewer, bolder shapes that stay readable at 16 px); larger sizes from
gradient-explorer.svg. Rendering uses PySide6's QSvgRenderer (in PySide6-Essentials), so no
rsvg-convert or ImageMagick is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The icons are package data, so wheels and bundles carry them.
# (so that wheels carry them): whichever holds the SVG.
ICONS = ROOT / "explorer" / "resources" / "icons"
NAME = "gradient-explorer"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL_UP_TO = 32
# Pixel difference (0..255, averaged over the image) under which a committed PNG still counts as
# a rendering of the current SVG: different Qt versions antialias edges slightly differently.
TOLERANCE = 3.0


def source_for(size: int) -> Path:
    return ICONS / (f"{NAME}-small.svg" if size <= SMALL_UP_TO else f"{NAME}.svg")


def png_path(size: int) -> Path:
    return ICONS / f"{NAME}-{size}.png"


def render(svg: Path, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def mean_difference(a, b) -> float:
    """Average absolute channel difference of two same-sized images, 0..255."""
    if a.size() != b.size():
        return 255.0
    a = a.convertToFormat(b.format())
    diff = total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            for shift in (0, 8, 16, 24):
                diff += abs(((pa >> shift) & 0xFF) - ((pb >> shift) & 0xFF))
                total += 1
    return diff / total


def write_ico() -> Path:
    # Windows wants one .ico holding several sizes (PyInstaller's --icon on Windows).
    from PIL import Image

    images = [Image.open(png_path(size)).convert("RGBA") for size in (16, 24, 32, 48, 64, 128, 256)]
    target = ICONS / f"{NAME}.ico"
    images[-1].save(target, format="ICO", sizes=[im.size for im in images], append_images=images[:-1])
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the committed PNGs")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs it
    stale = []
    for size in SIZES:
        image = render(source_for(size), size)
        if args.check:
            committed = QImage(str(png_path(size)))
            if committed.isNull() or mean_difference(committed, image) > TOLERANCE:
                stale.append(png_path(size).name)
        elif not image.save(str(png_path(size)), "PNG"):
            raise SystemExit(f"could not write {png_path(size)}")
    if args.check:
        if stale:
            print("stale or missing icons (run packaging/render_icons.py):", ", ".join(stale))
            return 1
        print(f"{len(SIZES)} icon sizes match their SVG")
        return 0
    print("wrote", ", ".join(png_path(size).name for size in SIZES), "and", write_ico().name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
