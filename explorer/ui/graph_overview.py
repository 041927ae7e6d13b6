"""A big graph zoomed far out: every box a few pixels, drawn in a handful of calls.

Zoomed out on a thousand-node graph, each item is a speck, yet Qt still calls
every item's Python ``paint`` (about 25 µs each: some 70 ms a frame for 3,000
items). In overview mode the view hides its items and draws them itself: all
edges as one path with a one-pixel pen, the boxes grouped by colour with
``drawRects``; only highlighted things (selection, hover, a step) get more.
Hit-testing still works, against the items' rectangles.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath

from ..viz import style
from .graph_items import HOVER_COLOR, STEP_COLOR, EdgeItem, Look, NodeItem, OpItem, SummaryItem, ValueItem

__all__ = ["Overview", "OVERVIEW_MIN_ITEMS", "OVERVIEW_PX"]

#: Only graphs with at least this many node items switch to overview mode.
OVERVIEW_MIN_ITEMS = 300
#: A value box shorter than this on screen (pixels) means "zoomed far out".
OVERVIEW_PX = 6.0


class Overview:
    """Batch drawing and hit-testing of one view's items while they are hidden."""

    def __init__(self, look: Look, nodes: list[NodeItem], edges: list[EdgeItem]):
        self.look = look
        self.nodes = nodes
        self.edges = edges
        self._path: QPainterPath | None = None

    def _edge_path(self) -> QPainterPath:
        if self._path is None:  # built on first use: most graphs are never zoomed this far out
            path = QPainterPath()
            for e in self.edges:
                path.addPath(e.path)
            self._path = path
        return self._path

    def draw_edges(self, painter: QPainter) -> None:
        look = self.look
        name = "#a0a4ab" if look.dark else style.EDGE_COLOR
        painter.save()
        if look.stepping:
            painter.setOpacity(0.5)
        painter.setPen(look.pen(name, 1.0, cosmetic=True))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._edge_path())
        painter.setOpacity(1.0)
        for e in self.edges:
            if e.step or e.hover:
                painter.setPen(look.pen(STEP_COLOR if e.step else HOVER_COLOR, 2.0, cosmetic=True))
                painter.drawPath(e.path)
        painter.restore()

    def draw_nodes(self, painter: QPainter) -> None:
        look = self.look
        # (fill, border or None) -> boxes; a border is one device pixel at this scale.
        groups: dict[tuple[str, str | None], list[QRectF]] = {}
        marked: list[NodeItem] = []
        op = style.OP_STYLE
        for item in self.nodes:
            if isinstance(item, ValueItem):
                kind = item.kind
                groups.setdefault((kind.fill, kind.border), []).append(item.rect)
                groups.setdefault((item.grad_fill, None), []).append(item.fields[-1])
            elif isinstance(item, OpItem):
                groups.setdefault((op.fill, op.border), []).append(item.rect)
            elif isinstance(item, SummaryItem):
                groups.setdefault(("#f4f4f4", "#777777"), []).append(item.rect)
            if item.selected or item.step or item.hover:
                marked.append(item)
        painter.save()
        # Boxes first with their borders, then the grad fields over them.
        for (fill, border), rects in sorted(groups.items(), key=lambda kv: kv[0][1] is None):
            if border is None:
                painter.setPen(Qt.PenStyle.NoPen)
            else:
                painter.setPen(look.pen(border, 1.0, cosmetic=True))
            painter.setBrush(look.color(fill))
            painter.drawRects(rects)
        for item in marked:
            item._outline(painter, "ellipse" if isinstance(item, OpItem) else "rect")
        painter.restore()

    def hit(self, point: QPointF, tolerance: float) -> NodeItem | None:
        """The node whose box is at ``point`` (within ``tolerance``, scene units)."""
        best = None
        for item in self.nodes:
            if item.rect.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(point):
                best = item
                if item.rect.contains(point):
                    return item
        return best
