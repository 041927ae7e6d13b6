"""The window starts on a real X11 server, as on a Linux desktop (not only on Qt's offscreen platform).

pygraphviz's wheel carries its own libxcb. If pygraphviz is loaded before the QApplication exists,
the system's libX11 binds to that copy and Qt's X11 connection crashes (a segfault, no message).
The app only works because nothing imports pygraphviz in the window's process before Qt is up;
these tests keep it that way.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_importing_the_window_does_not_load_pygraphviz():
    code = ("import sys, explorer.cli, explorer.ui.app, explorer.ui.main_window; "
            "print(sorted(m for m in sys.modules if m.startswith('pygraphviz')))")

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
@pytest.mark.xvfb
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 (Xvfb) is a Linux test")
def test_the_window_paints_on_an_x11_server():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian/Ubuntu: apt install xvfb)")
    spec = importlib.util.spec_from_file_location("screenshot", PACKAGING / "screenshot.py")
    screenshot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshot)
    for _attempt in range(3):
        server, display = screenshot.start_xvfb(1280, 800)
        try:
            env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
            env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "GRADIENT_EXPLORER_STARTUP_PROBE": "1"})

            result = subprocess.run([sys.executable, "-m", "explorer"], env=env, capture_output=True,
                                    text=True, timeout=120)
        finally:
            server.terminate()
            server.wait(timeout=10)
        # Qt now and then cannot reach a just-started Xvfb on a machine running several
        # suites at once (see screenshot.take): the server's trouble, so a fresh one.
        if "could not connect to display" not in result.stderr:
            break

    assert result.returncode == 0 and "first-paint" in result.stdout, result.stderr[-2000:]
