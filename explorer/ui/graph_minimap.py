"""The whole graph in miniature, with the part the canvas shows outlined.

When a graph cannot be shown whole with its numbers readable, the canvas shows
part of it at a readable size; this map in the corner says so (the outlined
rectangle is what is on screen) and takes you elsewhere with a click or a drag.
It is a child of the view, like the other overlays (:mod:`graph_overlays`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from .graph_overlays import paint_panel

__all__ = ["Minimap"]

_GAP = 8  # from the view's edge, pixels
_MAX_W, _MAX_H = 180, 110  # largest size, pixels
_PAD = 4
_FRAME_COLOR = "#7c3aed"  # the selection's violet: "you are here"


class Minimap(QWidget):
    """Boxes of the whole graph, scaled down, and the visible part as a rectangle.

    ``moved(QPointF)``: the scene point the user clicked or dragged to (centre on it)."""

    moved = Signal(QPointF)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("graphMinimap")
        self.setToolTip("The whole graph; the outlined part is on screen. Click or drag to move.")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._bounds = QRectF()
        self._boxes: list[tuple[float, float, float, float, str]] = []
        self._visible = QRectF()
        self._picture: QPixmap | None = None
        self.hide()

    # -- what to show --------------------------------------------------------------------

    def set_boxes(self, bounds: QRectF, boxes: list[tuple[float, float, float, float, str]]) -> None:
        """The graph's extent and its boxes (scene x, y, width, height and a fill colour;
        plain numbers: a big graph has thousands, and a QRectF each cost milliseconds)."""
        self._bounds = QRectF(bounds)
        self._boxes = boxes
        self._picture = None
        self.update()

    def set_visible_rect(self, rect: QRectF) -> None:
        """The part of the scene the view shows."""
        if rect != self._visible:
            self._visible = QRectF(rect)
            self.update()

    def visible_rect(self) -> QRectF:
        return QRectF(self._visible)

    # -- geometry ------------------------------------------------------------------------

    def _scale(self) -> float:
        b = self._bounds
        if b.isEmpty():
            return 1.0
        return min((self.width() - 2 * _PAD) / b.width(), (self.height() - 2 * _PAD) / b.height())

    def _to_map(self, p: QPointF) -> QPointF:
        s = self._scale()
        b = self._bounds
        return QPointF(_PAD + (p.x() - b.left()) * s, _PAD + (p.y() - b.top()) * s)

    def _to_scene(self, p: QPointF) -> QPointF:
        s = self._scale()
        b = self._bounds
        return QPointF(b.left() + (p.x() - _PAD) / s, b.top() + (p.y() - _PAD) / s)

    def place(self, area: QRectF) -> None:
        """Bottom-right corner of ``area``, shaped like the graph, at most 180 x 110 pixels."""
        b = self._bounds
        if b.isEmpty():
            return
        room_w = min(_MAX_W, max(60, int(area.width() * 0.22)))
        room_h = min(_MAX_H, max(40, int(area.height() * 0.22)))
        s = min((room_w - 2 * _PAD) / b.width(), (room_h - 2 * _PAD) / b.height())
        w = max(24, int(b.width() * s) + 2 * _PAD)
        h = max(24, int(b.height() * s) + 2 * _PAD)
        x = int(area.right()) - _GAP - w
        y = int(area.bottom()) - _GAP - h
        if (w, h) != (self.width(), self.height()):
            self._picture = None
        self.setGeometry(x, y, w, h)

    # -- painting ------------------------------------------------------------------------

    def _render(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        p = QPainter(picture)
        s = self._scale()
        b = self._bounds
        p.setPen(Qt.PenStyle.NoPen)
        # One call per colour: a fillRect per box cost 15 ms on a thousand-node graph.
        by_fill: dict[str, list[QRectF]] = {}
        left, top = b.left(), b.top()
        for x, y, w, h, fill in self._boxes:
            by_fill.setdefault(fill, []).append(QRectF(_PAD + (x - left) * s, _PAD + (y - top) * s,
                                                       max(1.0, w * s), max(1.0, h * s)))
        for fill, rects in by_fill.items():
            p.setBrush(QColor(fill))
            p.drawRects(rects)
        p.end()
        return picture

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = paint_panel(self, 4)
        if self._bounds.isEmpty():
            return
        if self._picture is None:
            self._picture = self._render()
        p.drawPixmap(0, 0, self._picture)
        top_left = self._to_map(self._visible.topLeft())
        bottom_right = self._to_map(self._visible.bottomRight())
        frame = QRectF(top_left, bottom_right).intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.setPen(QPen(QColor(_FRAME_COLOR), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame)

    # -- moving the view -----------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.moved.emit(self._to_scene(event.position()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.moved.emit(self._to_scene(event.position()))
            event.accept()
            return
        super().mouseMoveEvent(event)
