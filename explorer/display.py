"""Decide, before Qt is imported, whether the window can open at all.

Without a display Qt does not fail politely: it prints several lines about platform plugins and
aborts the process (a core dump on Linux). A learner on a server, in a container or in an SSH
session deserves one sentence that says what is wrong and what to do instead. This module is
Qt-free so it can run before ``PySide6`` is imported, and cheap (no subprocess, no X round trip).

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
"""

from __future__ import annotations

import ctypes
import os
import re
import socket
import sys
from collections.abc import Callable, Mapping

__all__ = ["display_problem", "qt_problem", "HINT"]

#: What to do instead, shared by every message so the advice is always the same.
HINT = (
    "use the command line instead (gradient-explorer --help), "
    "or set QT_QPA_PLATFORM=offscreen to run the window without showing it"
)

# Platform plugins that talk to a display server; any other (offscreen, minimal, vnc, eglfs,
# linuxfb ...) draws somewhere Qt manages itself, so we trust the user who chose it.
_X11 = {"xcb"}
_WAYLAND = {"wayland", "wayland-egl", "wayland-brcm"}

# A local X display is ":N" or ":N.S" (optionally "unix:N"); its server listens on a socket
# named after N. Remote displays ("host:N", SSH forwarding) are left to Qt.
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def _x_server_listens(display: str) -> bool:
    """True when a local X server answers on DISPLAY's socket (or DISPLAY is not local)."""
    match = _LOCAL_X.match(display.strip())
    if not match:
        return True
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    # Xorg and Xvfb listen on an abstract socket and/or a file; connecting (without speaking
    # X) is how Qt's xcb finds the server too, so a refused connect means Qt would abort.
    for address in ("\0" + path, path):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(0.5)
            sock.connect(address)
            return True
        except OSError:
            continue
        finally:
            sock.close()
    return False


def _xcb_cursor_loads() -> bool:
    # Qt >= 6.5 refuses to load its X11 plugin without libxcb-cursor and aborts; distributions
    # do not always install it. dlopen is what Qt does, so it is the honest test.
    # A standalone (PyInstaller) build carries its own copy next to Qt's libraries.
    bundle = getattr(sys, "_MEIPASS", None)
    names = ["libxcb-cursor.so.0"] + ([os.path.join(bundle, "libxcb-cursor.so.0")] if bundle else [])
    for name in names:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


def _platforms(value: str) -> list[str]:
    # QT_QPA_PLATFORM may be a fallback list "wayland;xcb", each with options "xcb:foo=1".
    return [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    x_server_listens: Callable[[str], bool] = _x_server_listens,
    xcb_cursor_loads: Callable[[], bool] = _xcb_cursor_loads,
) -> str | None:
    """One line explaining why the window cannot open here, or None when it can (or may).

    Only Linux and the other X11/Wayland systems are checked: Windows and macOS always have a
    display for a desktop session. ``environ``, ``platform`` and the two probes exist so tests
    can describe a machine without changing the real one.
    """
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    if plat.startswith(("win", "darwin", "cygwin")):
        return None

    display = env.get("DISPLAY", "").strip()
    wayland = env.get("WAYLAND_DISPLAY", "").strip()
    requested = _platforms(env.get("QT_QPA_PLATFORM", ""))
    if requested and any(name not in _X11 | _WAYLAND for name in requested):
        return None  # offscreen, vnc, eglfs ...: the user chose a platform that needs no server

    wants_x11 = not requested or any(name in _X11 for name in requested)
    wants_wayland = not requested or any(name in _WAYLAND for name in requested)
    if wants_wayland and wayland:
        return None

    if wants_x11 and display:
        if not x_server_listens(display):
            return (
                f"Gradient Explorer cannot open its window: DISPLAY is {display} but no X server "
                f"is running there; {HINT}."
            )
        if not xcb_cursor_loads():
            return (
                "Gradient Explorer cannot open its window: Qt needs the libxcb-cursor library "
                "(Debian/Ubuntu: sudo apt install libxcb-cursor0, Fedora: sudo dnf install "
                f"xcb-util-cursor); or {HINT}."
            )
        return None

    if requested:
        needs = " or ".join(
            var for var, wanted in (("DISPLAY", wants_x11), ("WAYLAND_DISPLAY", wants_wayland)) if wanted
        )
        return (
            f"Gradient Explorer cannot open its window: QT_QPA_PLATFORM={';'.join(requested)} "
            f"needs {needs}, which is not set; {HINT}."
        )
    return (
        "Gradient Explorer cannot open its window: no display was found (DISPLAY and "
        f"WAYLAND_DISPLAY are not set); {HINT}."
    )


def qt_problem(version: str | None = None, python: tuple[int, int] | None = None) -> str | None:
    """One sentence when the installed Qt binding is known to crash here, else None.

    PySide6 6.12.0 drops a reference to ``None`` on every void call under Python 3.11,
    and a painting window dies within seconds ("Fatal Python error: none_dealloc").
    pyproject.toml excludes it; this catches an environment that installed it anyway."""
    if version is None:
        from importlib import metadata

        for dist in ("PySide6-Essentials", "PySide6"):
            try:
                version = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
        else:
            return None
    python = python or sys.version_info[:2]
    if version == "6.12.0" and python < (3, 12):
        return ("PySide6 6.12.0 crashes on Python 3.11 and older; install another version with "
                "pip install 'PySide6-Essentials!=6.12.0', or use Python 3.12 or newer.")
    return None
