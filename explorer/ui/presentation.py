"""Presentation mode: every text larger, for a projector (View > Presentation mode).

The window's font, the editor's and the graph's smallest text grow by
:data:`SCALE`; turning it off puts back the sizes from before.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from .graph_zoom import READABLE_TEXT_PX

__all__ = ["SCALE", "set_presentation"]

SCALE = 1.5


def set_presentation(window, on: bool) -> None:
    app = QApplication.instance()
    if not hasattr(window, "_plain_fonts"):
        window._plain_fonts = (app.font(), window.editor.font())
    window_font, editor_font = (QFont(f) for f in window._plain_fonts)
    if on:
        for font in (window_font, editor_font):
            font.setPointSizeF(font.pointSizeF() * SCALE)
    app.setFont(window_font)
    window.editor.setFont(editor_font)
    window.graph_view.set_text_px(READABLE_TEXT_PX * (SCALE if on else 1.0))
    window.graph_view.fit(whole=False)
