"""Zoom, fitting and the minimap of the graph canvas (a part of :class:`~explorer.ui.graph_view.GraphView`).

The fit rule: a graph that fits whole with its text at least :data:`READABLE_TEXT_PX`
logical pixels high is shown whole; a bigger one is shown at that size around its
output, with scroll bars and the minimap saying there is more. Never cut silently.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView

from ..viz import style
from .graph_items import ValueItem
from .graph_overview import OVERVIEW_MIN_ITEMS, OVERVIEW_PX, Overview

__all__ = ["ZoomAndFit", "READABLE_TEXT_PX"]

_ZOOM_STEP = 1.25
_MIN_SCALE, _MAX_SCALE = 0.02, 8.0
_MAX_FIT_SCALE = 2.0  # a three-node graph is not blown up to fill a big window
_FIT_MARGIN = 6.0  # points around the graph when fitting (a clear gap, not a frame)
#: The smallest text the automatic fit shows, in logical pixels (the font's em): a
#: graph that fits whole at this size is shown whole, a bigger one is shown at this
#: size around its output, with scroll bars and the minimap saying there is more.
READABLE_TEXT_PX = 11.0


class ZoomAndFit:
    """GraphView's zoom, fit and minimap (a mixin: it reads the view's items and bounds)."""

    _legend_room = True  # the fit leaves the legend its strip along the bottom

    def fit(self, *, whole: bool | None = None) -> None:
        """Zoom so the graph fits the window (never above 200%), if its text stays readable.

        A graph that fits whole with its text at least :meth:`text_px` pixels high is
        shown whole; a bigger one is shown at that text size around its output, with
        scroll bars and the minimap. ``whole=True`` (View > Fit graph) shows all of it
        however small; the choice holds for later automatic fits (resizes) until a new
        graph."""
        if whole is not None:
            self._fit_whole = whole
        self._auto_fit = True
        if self._bounds.isEmpty():
            return
        target = self._bounds.adjusted(-_FIT_MARGIN, -_FIT_MARGIN, _FIT_MARGIN, _FIT_MARGIN)
        floor = self.readable_scale()
        self._legend_room = True
        width, height = self._room()
        if width < 2 or height < 2:
            return
        s = min(width / target.width(), height / target.height(), _MAX_FIT_SCALE)
        if s < floor and not self._fit_whole:
            # Whole and readable without the legend's strip: at the readable size exactly,
            # with the legend folded to its title (it would cover boxes otherwise).
            self._legend_room = False
            width, height = self._room()
            s = min(width / target.width(), height / target.height(), _MAX_FIT_SCALE)
            if s >= floor and not self.legend.isHidden():
                s = floor
                self.legend.fold()
            else:
                self._legend_room = True
                width, height = self._room()
                s = min(width / target.width(), height / target.height(), _MAX_FIT_SCALE)
        center = target.center()
        root = self._graph.root if self._graph is not None else None
        if not self._fit_whole and s < floor:
            s = floor
            item = self.item_for(root)
            spot = item.sceneBoundingRect().center() if item is not None else target.center()
            # Centre on the output as far as the graph's edges allow, along each
            # axis where the graph is larger than the view.
            center = QPointF(_clamp(spot.x(), target.left(), target.right(), width / 2 / s),
                             _clamp(spot.y(), target.top(), target.bottom(), height / 2 / s))
        self.setTransform(QTransform.fromScale(s, s))
        self._set_scene_rect(s)
        self.centerOn(QPointF(center.x(), center.y() + self._reserved() / 2 / s))
        self._update_detail()

    def readable_scale(self) -> float:
        """The zoom at which the graph's text is :meth:`text_px` logical pixels high."""
        return self._text_px / style.FONT_SIZE

    def text_px(self) -> float:
        return self._text_px

    def set_text_px(self, px: float) -> None:
        """The smallest text the automatic fit allows (larger in presentation mode); refits."""
        self._text_px = float(px)
        if self._auto_fit:
            self.fit()
            self.reshape_later()  # a grouped drawing's bands are chosen for the text size too

    def shows_whole_graph(self) -> bool:
        """Every box is inside the viewport."""
        if self._bounds.isEmpty():
            return True
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        return visible.adjusted(-0.5, -0.5, 0.5, 0.5).contains(self._bounds)

    def _reserved(self) -> int:
        """Pixels along the bottom kept clear for the legend, when there is room for that."""
        view = self.viewport().rect()
        if not self._legend_room:
            return 0
        reserved = self.legend.height() + 8 if not self.legend.isHidden() else 0
        return 0 if view.height() - reserved < view.height() * 0.6 else reserved

    def _room(self) -> tuple[int, int]:
        """Width and height the graph may take, in pixels: the view without its scroll
        bars (a graph that fits needs none) and the legend's strip."""
        view = self.viewport().rect()
        width, height = view.width(), view.height()
        if self.verticalScrollBar().isVisible():
            width += self.verticalScrollBar().width()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        # (One pixel spare: rounding would otherwise bring up a scroll bar for nothing.)
        return width - 1, height - self._reserved() - 1

    def _set_scene_rect(self, s: float) -> None:
        """The scrollable area: the graph, its margin, and the legend's strip below it."""
        if self._bounds.isEmpty():
            return
        extra = self._reserved() / s
        self.scene().setSceneRect(self._bounds.adjusted(-_FIT_MARGIN, -_FIT_MARGIN, _FIT_MARGIN,
                                                        _FIT_MARGIN + extra))

    def zoom_in(self) -> None:
        self._zoom_by(_ZOOM_STEP, anchor_mouse=False)

    def zoom_out(self) -> None:
        self._zoom_by(1 / _ZOOM_STEP, anchor_mouse=False)

    def reset_zoom(self) -> None:
        """100%: a point of the layout is a point on the screen, as Graphviz's own PNGs."""
        center = self.mapToScene(self.viewport().rect().center())
        s = self._unit_scale()
        self.setTransform(QTransform.fromScale(s, s))
        self._set_scene_rect(s)
        self.centerOn(center)
        self._update_detail()
        self._auto_fit = False

    def zoom(self) -> float:
        """The zoom relative to 100% (see :meth:`reset_zoom`)."""
        return self.transform().m11() / self._unit_scale()

    def _unit_scale(self) -> float:
        return self.logicalDpiX() / 72.0 if self.logicalDpiX() > 0 else 1.0

    def _zoom_by(self, factor: float, *, anchor_mouse: bool) -> None:
        current = self.transform().m11()
        target = min(max(current * factor, _MIN_SCALE * self._unit_scale()), _MAX_SCALE * self._unit_scale())
        if abs(target - current) < 1e-12:
            return
        anchor = self.transformationAnchor()
        if not anchor_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / current, target / current)
        self._set_scene_rect(target)
        self.setTransformationAnchor(anchor)
        self._update_detail()
        self._auto_fit = False

    def _update_detail(self) -> None:
        """Switch overview mode (see graph_overview) on when a big graph is zoomed far out."""
        far = (len(self._items) + len(self._pending) >= OVERVIEW_MIN_ITEMS and self._box_h > 0
               and self.transform().m11() * self._box_h < OVERVIEW_PX)
        self._update_minimap()
        if far == (self._overview is not None):
            return
        if far:
            self._complete_items()  # the overview draws every box
        nodes = list(self._items.values())
        self._overview = Overview(self._look, nodes, self._edges) if far else None
        for item in (*nodes, *{e.layer for e in self._edges if e.layer is not None}):
            item.setVisible(not far)
        self.viewport().update()

    def _minimap_boxes(self) -> list:
        """(x, y, w, h, fill) of every box, made or still waiting."""
        boxes = []
        for item in self._items.values():
            fill = item.kind if isinstance(item, ValueItem) else None
            boxes.append((*item.rect.getRect(), fill.fill if fill is not None else "#bbbbbb"))
        nodes, params = self._graph.nodes if self._pending else (), self._params
        value_style = style.value_style
        for (kind, i), b in self._pending.items():  # (boxes whose items are not made yet)
            fill = value_style(nodes[i], params).fill if kind == "value" else "#bbbbbb"
            boxes.append((b.x, b.y, b.w, b.h, fill))
        return boxes

    def _update_minimap(self) -> None:
        """Show the minimap, with the visible part outlined, while part of the graph is off screen."""
        self._make_visible_items()  # (boxes of a big graph coming into view, see graph_build)
        minimap = self.minimap
        cut = not self._bounds.isEmpty() and not self.shows_whole_graph()
        if cut:
            minimap.set_visible_rect(self.mapToScene(self.viewport().rect()).boundingRect())
        if cut != minimap.isVisible():
            minimap.setVisible(cut)
            self._place_overlays()

    def _minimap_moved(self, point: QPointF) -> None:
        self.centerOn(point)
        self._auto_fit = False

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        super().drawBackground(painter, rect)
        if self._overview is not None:
            self._overview.draw_edges(painter)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        super().drawForeground(painter, rect)
        if self._overview is not None:
            self._overview.draw_nodes(painter)


def _clamp(spot: float, low: float, high: float, half: float) -> float:
    """Where to centre a view ``2 * half`` wide on ``spot`` without showing past
    ``low``/``high``; the middle when the whole span fits."""
    if high - low <= 2 * half:
        return (low + high) / 2
    return min(max(spot, low + half), high - half)
