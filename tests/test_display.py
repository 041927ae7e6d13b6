"""The no-display check: one clear sentence instead of Qt's abort, and silence when a window can open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.display import HINT, display_problem


def linux(env: dict[str, str], *, listens: bool = True, cursor: bool = True) -> str | None:
    """The check on a described Linux machine, never touching the real one."""
    return display_problem(
        env, "linux", x_server_listens=lambda _display: listens, xcb_cursor_loads=lambda: cursor
    )


def test_no_display_at_all_gives_one_line_that_suggests_the_cli_and_offscreen():
    message = linux({})

    assert message is not None and "\n" not in message
    assert "gradient-explorer --help" in message and "QT_QPA_PLATFORM=offscreen" in message


@pytest.mark.parametrize(
    "env",
    [
        {"DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"DISPLAY": "localhost:10.0"},
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "minimal"},
        {"QT_QPA_PLATFORM": "vnc:size=800x600"},
        {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"},
    ],
)
def test_a_usable_display_or_a_chosen_headless_platform_passes(env):
    assert linux(env) is None


def test_windows_and_macos_are_never_blocked():
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None


def test_a_platform_that_needs_a_server_names_the_missing_variable():
    message = linux({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"})

    assert message is not None and "QT_QPA_PLATFORM=xcb needs DISPLAY" in message


def test_a_stale_display_says_no_x_server_is_running_there():
    message = linux({"DISPLAY": ":7"}, listens=False)

    assert message is not None and "DISPLAY is :7 but no X server is running there" in message


def test_a_missing_libxcb_cursor_names_the_package_to_install():
    message = linux({"DISPLAY": ":0"}, cursor=False)

    assert message is not None and "libxcb-cursor0" in message and HINT in message


def _free_display_number() -> int:
    return next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                and not Path(f"/tmp/.X{n}-lock").exists())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 sockets exist on Linux only")
def test_the_real_probe_tells_a_running_xvfb_from_an_empty_display_number():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: apt install xvfb)")
    number = _free_display_number()
    assert display_problem({"DISPLAY": f":{number}"}, "linux") is not None

    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "320x240x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and display_problem({"DISPLAY": f":{number}"}, "linux"):
            time.sleep(0.05)
        assert display_problem({"DISPLAY": f":{number}"}, "linux") is None
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check only acts on Linux")
def test_the_app_started_without_a_display_prints_one_line_and_exits_1():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}

    result = subprocess.run([sys.executable, "-m", "explorer"], env=env, capture_output=True, text=True,
                            timeout=60)

    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_the_qt_binding_that_crashes_on_python_311_is_named_with_a_fix():
    from explorer.display import qt_problem

    message = qt_problem("6.12.0", (3, 11))
    assert message is not None and "PySide6-Essentials!=6.12.0" in message


def test_good_qt_bindings_pass():
    from explorer.display import qt_problem

    assert (qt_problem("6.11.3", (3, 11)), qt_problem("6.12.0", (3, 12))) == (None, None)
