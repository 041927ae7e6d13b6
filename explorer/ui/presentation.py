"""Presentation mode: every text larger, for a projector (View > Presentation mode).

The window's font, the editor's, the graph's smallest text and the tangent plot's
text (tick labels, axis names, its readouts) grow by :data:`SCALE`; turning it off
puts back the sizes from before. The mode is the application's (its font is), so
:func:`text_scale` tells a plot made later how large to start.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from .graph_view import GraphView
from .graph_zoom import READABLE_TEXT_PX

__all__ = ["SCALE", "PresentationMode", "text_scale"]

SCALE = 1.5

_scale = 1.0  # SCALE while presentation mode is on


def text_scale() -> float:
    """How much larger than usual text is drawn now: SCALE in presentation mode, else 1."""
    return _scale


class PresentationMode:
    """Turns presentation mode on and off for one window's editor, graph and plot.

    ``plot_panel()``: the tangent plot's panel, or None while it is not built yet (it
    then starts at :func:`text_scale`)."""

    def __init__(self, editor: QWidget, graph_view: GraphView,
                 plot_panel: Callable[[], object] | None = None):
        self.editor = editor
        self.graph_view = graph_view
        self.plot_panel = plot_panel
        self._plain_fonts: tuple[QFont, QFont] | None = None  # the sizes to go back to

    def set(self, on: bool) -> None:
        global _scale
        _scale = SCALE if on else 1.0
        app = QApplication.instance()
        if self._plain_fonts is None:
            self._plain_fonts = (app.font(), self.editor.font())
        window_font, editor_font = (QFont(f) for f in self._plain_fonts)
        if on:
            for font in (window_font, editor_font):
                font.setPointSizeF(font.pointSizeF() * SCALE)
        app.setFont(window_font)
        self.editor.setFont(editor_font)
        self.graph_view.set_text_px(READABLE_TEXT_PX * _scale)
        self.graph_view.fit(whole=False)
        # The plot's own texts are matplotlib's, which the window's font does not reach
        # (its readouts are Qt labels and follow the window's font by themselves).
        panel = self.plot_panel() if self.plot_panel is not None else None
        if panel is not None:
            panel.set_text_scale(_scale)
