"""Small panels floating over the graph canvas: legend, notices, the busy indicator.

They are children of the view (not of its viewport, whose children would scroll
with the scene) and placed in a corner by :meth:`Overlay.place`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..viz import style
from .graph_items import HOVER_COLOR, SELECT_COLOR, STEP_COLOR

__all__ = ["Overlay", "LegendOverlay", "NoticeOverlay", "BusyOverlay", "CollapsedOverlay"]

_GAP = 8  # from the view's edge, pixels
_PAD = 8  # inside a panel
_SWATCH = 16


class Overlay(QFrame):
    """A rounded, slightly see-through panel that sits in one corner of the view."""

    def __init__(self, parent: QWidget, corner: Qt.Corner, name: str):
        super().__init__(parent)
        self.setObjectName(name)
        self.corner = corner
        self.setAutoFillBackground(False)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Painted by hand (not a style sheet): follows the palette, light or dark, live.
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        bg = QColor(pal.color(QPalette.ColorRole.Window))
        bg.setAlpha(235)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(bg)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

    def place(self, area: QRectF) -> None:
        """Put the panel in its corner of ``area`` (the viewport, in view coordinates)."""
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        w = min(size.width(), max(40, int(area.width()) - 2 * _GAP))
        h = size.height()
        left = self.corner in (Qt.Corner.TopLeftCorner, Qt.Corner.BottomLeftCorner)
        top = self.corner in (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)
        x = area.left() + _GAP if left else area.right() - _GAP - w
        y = area.top() + _GAP if top else area.bottom() - _GAP - h
        self.setGeometry(int(x), int(y), w, h)


class LegendOverlay(Overlay):
    """What the colours mean, from viz.style (so the window and the exports agree)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.Corner.BottomLeftCorner, "graphLegend")
        self.items = style.legend_items()
        self.setToolTip(style.LEGEND)
        self._expanded = True
        self._chosen = False  # the user folded or unfolded it: stop deciding for them
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def place(self, area: QRectF) -> None:
        # Folded to its title in a small view, where it would hide half the graph.
        if not self._chosen:
            self._expanded = area.height() >= 420 and area.width() >= 560
        super().place(area)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Click folds the legend to its title (and back).
        self._chosen = True
        self._expanded = not self._expanded
        self.updateGeometry()
        self.place(QRectF(self.parentWidget().viewport().geometry()))
        self.update()
        event.accept()

    def _entries(self) -> list[tuple[str, str, str]]:
        rows = [("fill", c, text) for c, text in self.items]
        rows += [("ring", SELECT_COLOR, "selected"), ("ring", HOVER_COLOR, "hovered node's inputs/outputs"),
                 ("ring", STEP_COLOR, "backprop step")]
        return rows

    def _flow(self, max_width: int) -> tuple[list[tuple[int, int, tuple]], int, int]:
        """Entries placed left to right, wrapping at ``max_width``: (x, row, entry), width, rows."""
        fm = self.fontMetrics()
        x, row, widest = _PAD, 0, 0
        placed = []
        for entry in self._entries():
            w = _SWATCH + 4 + fm.horizontalAdvance(entry[2]) + 14
            if x > _PAD and x + w > max_width:
                x, row = _PAD, row + 1
            placed.append((x, row, entry))
            x += w
            widest = max(widest, x)
        return placed, widest, row + 1

    def _max_width(self) -> int:
        parent = self.parentWidget()
        room = parent.width() - 2 * _GAP - 8 if parent is not None else 600
        return max(160, min(620, room))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        fm = self.fontMetrics()
        line = fm.height() + 3
        if not self._expanded:
            return QSize(fm.horizontalAdvance("Legend ▸") + 2 * _PAD, line + 6)
        _placed, width, rows = self._flow(self._max_width())
        return QSize(width, line * (rows + 1) + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height() + 3
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        p.setPen(text_color)
        p.drawText(_PAD, 3 + fm.ascent() + 1, "Legend ▾" if self._expanded else "Legend ▸")
        if not self._expanded:
            return
        placed, _w, _rows = self._flow(self._max_width())
        for x, row, (kind, color, text) in placed:
            y = 3 + line * (row + 1)
            box = QRectF(x, y + (line - 11) / 2, _SWATCH, 10)
            if kind == "fill":
                p.setPen(QPen(QColor("#777777"), 1))
                p.setBrush(QColor(color))
                p.drawRect(box)
            else:
                p.setPen(QPen(QColor(color), 2.2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(box.adjusted(1, 1, -1, -1), 2, 2)
            p.setPen(text_color)
            p.drawText(int(x + _SWATCH + 4), y + fm.ascent() + 1, text)


class NoticeOverlay(Overlay):
    """One line of text in a corner (the stale notice)."""

    def __init__(self, parent: QWidget, corner: Qt.Corner, name: str, text: str = ""):
        super().__init__(parent, corner, name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 10, 5)
        self.label = QLabel(text)
        self.label.setWordWrap(False)
        layout.addWidget(self.label)

    def set_text(self, text: str) -> None:
        self.label.setText(text)


class BusyOverlay(Overlay):
    """"Laying out 3,200 nodes…" with a busy bar and Cancel (Esc does the same)."""

    cancelled = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.Corner.TopLeftCorner, "graphBusy")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known end: Qt animates a busy bar
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(90)
        self.bar.setMaximumHeight(12)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop laying out the whole graph (Esc)")
        self.cancel_button.clicked.connect(self.cancelled)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)

    def set_text(self, text: str) -> None:
        self.label.setText(text)


class CollapsedOverlay(Overlay):
    """"Showing 150 of 12,000 nodes" with a button to lay out everything anyway."""

    show_all = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.Corner.TopLeftCorner, "graphCollapsed")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 8, 5)
        self.label = QLabel()
        self.button = QPushButton("Lay out all")
        self.button.setToolTip("Lay out every node. Graphviz may take minutes on a graph this big; "
                               "the window stays usable and Esc cancels.")
        self.button.clicked.connect(self.show_all)
        layout.addWidget(self.label)
        layout.addWidget(self.button)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
