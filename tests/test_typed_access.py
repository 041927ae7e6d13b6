"""The window reads our own types by their typed attributes, not by probing.

``getattr(session, "graph", None)`` hides a missing attribute until a user meets it,
and a type checker cannot see through it. A handful are left in ``explorer/ui``,
each on something that is not ours (``sys`` in a PyInstaller bundle, ``os`` on
Windows, a Qt version's method, matplotlib's canvas), each with a comment saying why.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "explorer" / "ui"
MOST = 8  # issue 11 began with 57


def _probes() -> list[tuple[str, int, str]]:
    """(file, line, source line) of every getattr/hasattr call in explorer/ui."""
    found = []
    for path in sorted(UI.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("getattr", "hasattr"):
                found.append((path.name, node.lineno, lines[node.lineno - 1]))
    return found


def test_at_most_a_handful_of_getattr_and_hasattr_are_left_in_the_ui():
    probes = _probes()
    assert len(probes) <= MOST, "\n".join(f"{f}:{n} {line.strip()}" for f, n, line in probes)


def test_each_one_left_says_why():
    without_reason = []
    for name, lineno, line in _probes():
        lines = (UI / name).read_text(encoding="utf-8").splitlines()
        above = lines[lineno - 2].strip() if lineno > 1 else ""
        if "#" not in line and not above.startswith("#"):
            without_reason.append(f"{name}:{lineno} {line.strip()}")
    assert without_reason == []
