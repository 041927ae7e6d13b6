#!/usr/bin/env python3
"""Take the README's screenshot from the real app, on a private virtual display.

    .venv/bin/python packaging/screenshot.py                        # -> resources/screenshots/window.png
    .venv/bin/python packaging/screenshot.py --theme dark -o resources/screenshots/window-dark.png
    .venv/bin/python packaging/screenshot.py --command dist/gradient-explorer/gradient-explorer

It starts Xvfb (the window never appears on your own screen), launches the app exactly as a user
would (``python -m explorer`` on the lecture's neuron example), waits until the window has been
drawn and stopped changing (the graph is laid out in a worker process, so "mapped" is not
"ready"), grabs it and stops everything again. Settings and autosaves go to a temporary folder, so
the picture never depends on, or changes, your own settings.

Needs Xvfb (Debian/Ubuntu: apt install xvfb) and Pillow (installed with matplotlib).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "screenshots" / "window.png"
# The lecture's neuron, opened as the Examples menu opens it (with its settings: auto backward),
# so the picture shows data and grad on every node.
DEFAULT_EXAMPLE = "neuron"


class ScreenshotError(Exception):
    """Why no screenshot could be taken, in one sentence."""


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen, str]:
    """A private Xvfb of ``width`` x ``height``, started and accepting connections: (server, ":n")."""
    if shutil.which("Xvfb") is None:
        raise ScreenshotError("Xvfb is not installed (Debian/Ubuntu: sudo apt install xvfb)")
    # The display number is ours to pick: Xvfb's own search (-displayfd alone) starts at :0
    # and, with no lock files in that mode, was seen to take a number another X server
    # (a desktop, a parallel test run) was using. A random number far from the usual ones,
    # checked free; if another server takes it first, Xvfb refuses it and we try another.
    rng = random.Random()
    for _attempt in range(8):
        number = rng.randrange(200, 4000)
        if _display_in_use(number):
            continue
        started = _try_xvfb(number, width, height)
        if started is not None:
            return started, f":{number}"
    raise ScreenshotError("Xvfb did not start (no free display number found)")


def _display_in_use(number: int) -> bool:
    """Whether something holds X display ``number``: a lock file, a socket file, or a
    listening socket of that name (also the abstract ones Linux servers use)."""
    name = f"/tmp/.X11-unix/X{number}"
    if os.path.exists(f"/tmp/.X{number}-lock") or os.path.exists(name):
        return True
    try:
        with open("/proc/net/unix", encoding="utf-8", errors="replace") as sockets:
            return any(line.rstrip().endswith((" " + name, " @" + name)) for line in sockets)
    except OSError:
        return False


def _try_xvfb(number: int, width: int, height: int) -> subprocess.Popen | None:
    """Xvfb on ``:number``, once it accepts connections; None if it would not take that number."""
    # -displayfd: Xvfb writes the number to us once it accepts connections (not merely started).
    # -br: a black root window, so the app's window is the only thing that is not black.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", f":{number}", "-displayfd", str(write_end), "-screen", "0",
                               f"{width}x{height}x24", "-br", "-nolisten", "tcp", "-dpi", "96"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
    os.close(write_end)
    said = b""
    deadline = time.monotonic() + 15
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while not said.endswith(b"\n") and time.monotonic() < deadline:
            chunk = pipe.read(16)  # returns when Xvfb writes the number, or b"" when it exits
            if not chunk:
                break
            said += chunk
    if said.strip() != str(number).encode():
        server.kill()
        server.wait()
        return None
    return server


def grab(display: str):
    from PIL import ImageGrab

    return ImageGrab.grab(xdisplay=display).convert("RGB")


def wait_for_window(display: str, app: subprocess.Popen, timeout: float, settle: float):
    """The screen once the app's window is drawn and has stopped changing (a caret may blink)."""
    from PIL import ImageChops

    deadline = time.monotonic() + timeout
    first_seen = None
    previous = None
    steady = 0
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise ScreenshotError(f"the app exited with code {app.returncode} before its window was ready")
        image = grab(display)
        if image.getbbox() is None:  # still all black: no window yet
            time.sleep(0.1)
            continue
        first_seen = first_seen or time.monotonic()
        if previous is not None:
            changed = ImageChops.difference(image, previous).getbbox()
            small = changed is None or (changed[2] - changed[0]) * (changed[3] - changed[1]) <= 600
            steady = steady + 1 if small else 0
        previous = image
        if steady >= 4 and time.monotonic() - first_seen >= settle:
            return image
        time.sleep(0.25)
    raise ScreenshotError(f"the window was not ready within {timeout:.0f} s")


def _example_session(key: str, folder: Path) -> Path:
    """A session file (.gexp) of one of the app's examples, as the Examples menu would open it."""
    sys.path.insert(0, str(ROOT))
    from explorer.model.document import write_document
    from explorer.model.examples import example

    return write_document(example(key).document(), folder / f"{key}.gexp")


def take(out: Path, *, command: list[str], size: tuple[int, int], theme: str, timeout: float = 90.0,
         settle: float = 2.5, args: list[str] | None = None, example: str = DEFAULT_EXAMPLE) -> Path:
    """Launch ``command`` on a private Xvfb, save its window as PNG ``out``; return ``out``.

    ``args`` are the app's arguments (a file to open); None opens the neuron example."""
    for attempt in range(3):
        try:
            return _take_once(out, command=command, size=size, theme=theme, timeout=timeout, settle=settle,
                              args=args, example=example)
        except _NoDisplay as exc:
            # Seen on a loaded machine running several test suites at once: Qt could not
            # connect to an Xvfb that had just said it accepts connections (and still ran).
            # Not the app's fault nor the picture's: a fresh server, and the app again.
            if attempt == 2:
                raise ScreenshotError(str(exc)) from None
    raise AssertionError("unreachable")


class _NoDisplay(ScreenshotError):
    """The app could not connect to the display it was given."""


def _take_once(out: Path, *, command: list[str], size: tuple[int, int], theme: str, timeout: float,
               settle: float, args: list[str] | None, example: str) -> Path:
    server, display = start_xvfb(*size)
    scratch = Path(tempfile.mkdtemp(prefix="gradient-explorer-screenshot-"))
    app = None
    try:
        if args is None:
            args = [str(_example_session(example, scratch))]
        settings = scratch / "settings.ini"
        # (The first-run welcome dismissed: the picture is of the window, not of the dialog.)
        settings.write_text(f"[appearance]\ntheme={theme}\n\n[guide]\nwelcome_dismissed=true\n")
        env = {k: v for k, v in os.environ.items()
               if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "GRADIENT_EXPLORER_TESTING")}
        env.update({
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "GRADIENT_EXPLORER_SETTINGS": str(settings),  # fresh geometry, the chosen theme
            "GRADIENT_EXPLORER_STATE_DIR": str(scratch / "state"),  # no autosave to recover
            "XDG_CONFIG_HOME": str(scratch / "config"),
            "XDG_CACHE_HOME": str(scratch / "cache"),
            "XDG_STATE_HOME": str(scratch / "xdg-state"),  # the app's error log
            "XDG_DATA_HOME": str(scratch / "data"),
            "MPLCONFIGDIR": str(scratch / "mpl"),
        })
        log = (scratch / "app.log").open("w")
        app = subprocess.Popen([*command, *args], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            screen = wait_for_window(display, app, timeout, settle)
        except ScreenshotError as exc:
            log.flush()
            tail = (scratch / "app.log").read_text(errors="replace")[-2000:]
            error = _NoDisplay if "could not connect to display" in tail else ScreenshotError
            alive = "running" if server.poll() is None else f"ended ({server.returncode})"
            raise error(f"{exc}; Xvfb {display} {alive}; the app said:\n{tail}") from None
        log.flush()
        said = (scratch / "app.log").read_text(errors="replace")
        if "Traceback (most recent call last)" in said:
            # An unexpected error shows a message box over the window: not a picture for a README.
            raise ScreenshotError(f"the app met an unexpected error:\n{said[-2000:]}")
        window = screen.crop(screen.getbbox())
        out.parent.mkdir(parents=True, exist_ok=True)
        window.save(out, optimize=True)
        return out
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT,
                        help="PNG to write (default: resources/screenshots/window.png)")
    parser.add_argument("--size", default="1600x1000", help="virtual screen size (the window takes ~85%%)")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--command", nargs="+", default=[sys.executable, "-m", "explorer"],
                        help="how to start the app (default: this Python, -m explorer)")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for the window")
    parser.add_argument("--example", help=f"an example of the Examples menu (default {DEFAULT_EXAMPLE})")
    parser.add_argument("files", nargs="*", help="a file for the app to open instead of an example")
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
        out = take(args.output, command=args.command, size=(width, height), theme=args.theme,
                   timeout=args.timeout, args=args.files or None, example=args.example or DEFAULT_EXAMPLE)
    except ValueError:
        print(f"screenshot: --size must look like 1440x900, not {args.size}", file=sys.stderr)
        return 2
    except ScreenshotError as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 1
    from PIL import Image

    with Image.open(out) as image:
        print(f"wrote {out} ({image.width}x{image.height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
