#!/usr/bin/env python3
"""Write the README's keyboard-shortcut table from the action table (explorer/ui/action_table.py).

    python3 dev.py shortcuts                                  # rewrite README.md's table
    .venv/bin/python packaging/readme_shortcuts.py            # print the table
    .venv/bin/python packaging/readme_shortcuts.py --write README.md

``--write`` replaces what stands between ``<!-- shortcuts:start -->`` and
``<!-- shortcuts:end -->`` in that file, so the README lists exactly the shortcuts the menus have;
tests/packaging/test_readme.py fails when the two drift apart. Keys are written in Qt's portable
form (Ctrl+S); on macOS Ctrl is the Command key.

Standard shortcuts (Quit, Redo, ...) depend on the desktop's key scheme, and Qt's headless
"offscreen" platform uses Windows' (no Ctrl+Q). So the keys are read on a private Xvfb with the
X11 platform, as on a Linux desktop (needs Xvfb: apt install xvfb).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

START, END = "<!-- shortcuts:start -->", "<!-- shortcuts:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)


def collect_rows() -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every entry of the action table that has a shortcut, with
    the keys this process's Qt platform gives them."""
    os.environ.setdefault("GRADIENT_EXPLORER_TESTING", "1")  # no real settings
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    from explorer.ui.action_table import SPECS, menu_name, menu_order

    app = QApplication.instance() or QApplication([])  # noqa: F841 - key bindings need it
    rows = []
    # Menus in menu-bar order; within a menu, by section, then as declared (as the menus
    # and Help > Keyboard shortcuts show them).
    for spec in sorted(SPECS, key=menu_order):
        if spec.shortcut is None:
            continue
        standard = isinstance(spec.shortcut, QKeySequence.StandardKey)
        keys = QKeySequence.keyBindings(spec.shortcut) if standard else [QKeySequence(spec.shortcut)]
        if not keys:
            continue
        keys = [*keys[:1], *map(QKeySequence, spec.more_keys)]
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.PortableText) for k in keys)
        command = spec.text.replace("&", "").rstrip(".").rstrip()
        rows.append((menu_name(spec.menu), command, text))
    return rows


def shortcut_rows() -> list[tuple[str, str, str]]:
    """The rows as on a Linux desktop: the window built in a child process on a private Xvfb."""
    spec = importlib.util.spec_from_file_location("screenshot", HERE / "screenshot.py")
    screenshot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshot)
    server, display = screenshot.start_xvfb(800, 600)
    try:
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "GRADIENT_EXPLORER_TESTING": "1"})
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--json"], env=env,
                               capture_output=True, text=True, timeout=120, cwd=HERE.parent)
        if child.returncode != 0:
            raise RuntimeError(f"reading the shortcuts failed:\n{child.stderr[-2000:]}")
        return [tuple(row) for row in json.loads(child.stdout)]
    finally:
        server.terminate()
        server.wait(timeout=10)


def markdown(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Menu | Command | Keys |", "| --- | --- | --- |"]
    lines += [f"| {menu} | {command} | `{keys}` |" for menu, command, keys in rows]
    return "\n".join(lines)


def block(rows: list[tuple[str, str, str]]) -> str:
    return f"{START}\n{markdown(rows)}\n{END}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="replace the shortcuts block in FILE (between the two markers)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the child's answer
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(collect_rows()))
        return 0
    table = block(shortcut_rows())
    if args.write is None:
        print(table)
        return 0
    text = args.write.read_text(encoding="utf-8")
    if not BLOCK.search(text):
        print(f"{args.write} has no {START} ... {END} block", file=sys.stderr)
        return 1
    args.write.write_text(BLOCK.sub(lambda _m: table, text), encoding="utf-8")
    print(f"updated the shortcuts in {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
