"""The README screenshot script works: the real app, on a private Xvfb, grabbed once it is drawn."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot", PACKAGING / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is an X11 server (Linux)")
def test_the_screenshot_shows_the_drawn_window(tmp_path):
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian/Ubuntu: apt install xvfb)")
    screenshot = _screenshot_module()
    from PIL import Image

    out = screenshot.take(tmp_path / "window.png", command=[sys.executable, "-m", "explorer"],
                          size=(1280, 800), theme="light", timeout=90)

    with Image.open(out) as image:
        width, height = image.size
        colours = len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])
    # The window (85 % of the screen by default), with text, graph and plot drawn: many colours.
    assert 900 <= width <= 1280 and 500 <= height <= 800 and colours > 200
