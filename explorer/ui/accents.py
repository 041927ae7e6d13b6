"""Colours of the window's own panels, for a light or a dark palette.

``theme.colors()`` gives the editor's accents; the panels need a few more (the
accumulation banner, the gradient-check marks, the history line). Each pair is
chosen to read on the background it belongs to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from . import theme

__all__ = ["accents", "dark"]

_EXTRA = {
    False: {
        "warn_bg": "#fff4ce", "warn_fg": "#5c4400", "warn_border": "#e0c060",
        "info_bg": "#e3f0fb", "info_fg": "#0b3d66", "info_border": "#8cb8de",
        "ok": "#2e7d32", "bad": "#c62828", "bad_bg": "#fde0dc",
        "line": "#1565c0", "grid": "#d0d0d0", "current": "#1565c0",
    },
    True: {
        "warn_bg": "#4a3b10", "warn_fg": "#ffe7a0", "warn_border": "#8a6d1a",
        "info_bg": "#14324d", "info_fg": "#cfe6fb", "info_border": "#2f5f8a",
        "ok": "#81c784", "bad": "#ef5350", "bad_bg": "#5a2a2a",
        "line": "#90caf9", "grid": "#4a4a4a", "current": "#90caf9",
    },
}


def dark(widget: QWidget | None = None) -> bool:
    """True when ``widget`` (or the application) has a dark background."""
    return theme.is_dark(widget.palette() if widget is not None else None)


def accents(widget: QWidget | None = None) -> dict[str, str]:
    """The editor's accents plus the panels' colours, for ``widget``'s palette."""
    is_dark = dark(widget)
    return {**theme.colors(is_dark), **_EXTRA[is_dark]}
