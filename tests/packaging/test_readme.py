"""The README's keyboard-shortcut table is the window's own: it cannot drift from the menus."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _module():
    spec = importlib.util.spec_from_file_location("readme_shortcuts", PACKAGING / "readme_shortcuts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _document(marker: str) -> Path:
    return ROOT / "README.md"


@pytest.mark.slow
@pytest.mark.xvfb
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the table is written with Linux's keys")
def test_the_readme_lists_exactly_the_shortcuts_of_the_window():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed: Linux desktop key bindings need the X11 platform")
    shortcuts = _module()
    document = _document(shortcuts.START)

    written = shortcuts.BLOCK.search(document.read_text(encoding="utf-8"))

    assert written is not None, f"{document.name} lost its shortcut markers"
    assert written.group(0) == shortcuts.block(shortcuts.shortcut_rows()), (
        f"run: .venv/bin/python packaging/readme_shortcuts.py --write {document.relative_to(ROOT)}")
