#!/usr/bin/env python3
"""Write the README's keyboard-shortcut table from the window's own action registry.

    .venv/bin/python packaging/readme_shortcuts.py            # print the table
    .venv/bin/python packaging/readme_shortcuts.py --write README.md

``--write`` replaces what stands between ``<!-- shortcuts:start -->`` and
``<!-- shortcuts:end -->`` in that file, so the README lists exactly the shortcuts the menus have;
tests/packaging/test_readme.py fails when the two drift apart. Keys are written in Qt's portable
form (Ctrl+S); on macOS Ctrl is the Command key.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

START, END = "<!-- shortcuts:start -->", "<!-- shortcuts:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action of a freshly built main window that has a shortcut."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GRADIENT_EXPLORER_TESTING", "1")  # no real settings, no autosave
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    from explorer.ui.actions import MENUS
    from explorer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])  # noqa: F841 - widgets need it
    window = MainWindow()
    try:
        registry = window.actions
        rows = []
        for spec in registry.specs.values():
            keys = registry[spec.id].shortcuts()
            if not keys:
                continue
            text = ", ".join(k.toString(QKeySequence.SequenceFormat.PortableText) for k in keys)
            menu = MENUS.get(spec.menu, spec.menu).replace("&", "")
            rows.append((menu, spec.text.replace("&", "").rstrip(".").rstrip(), text, spec.menu))
        # Menus in menu-bar order; within a menu, the registry's (declaration) order.
        order = {key: i for i, key in enumerate(MENUS)}
        rows.sort(key=lambda row: order.get(row[3], len(order)))
        return [row[:3] for row in rows]
    finally:
        window.close()
        window.deleteLater()


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
    args = parser.parse_args(argv)
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
