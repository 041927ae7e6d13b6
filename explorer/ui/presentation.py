"""Presentation mode: every text larger, for a projector (View > Presentation mode).

The window's font, the editor's and the graph's smallest text grow by
:data:`SCALE`; turning it off puts back the sizes from before.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from .graph_view import GraphView
from .graph_zoom import READABLE_TEXT_PX

__all__ = ["SCALE", "PresentationMode"]

SCALE = 1.5


class PresentationMode:
    """Turns presentation mode on and off for one window's editor and graph."""

    def __init__(self, editor: QWidget, graph_view: GraphView):
        self.editor = editor
        self.graph_view = graph_view
        self._plain_fonts: tuple[QFont, QFont] | None = None  # the sizes to go back to

    def set(self, on: bool) -> None:
        app = QApplication.instance()
        if self._plain_fonts is None:
            self._plain_fonts = (app.font(), self.editor.font())
        window_font, editor_font = (QFont(f) for f in self._plain_fonts)
        if on:
            for font in (window_font, editor_font):
                font.setPointSizeF(font.pointSizeF() * SCALE)
        app.setFont(window_font)
        self.editor.setFont(editor_font)
        self.graph_view.set_text_px(READABLE_TEXT_PX * (SCALE if on else 1.0))
        self.graph_view.fit(whole=False)
