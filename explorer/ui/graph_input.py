"""Mouse, keys, tooltips and hover of the graph canvas (a part of :class:`~explorer.ui.graph_view.GraphView`).

A press that moves less than a few pixels is a click (``nodeClicked``); more is a
pan. The wheel zooms around the cursor. Hovering a node lights it, its inputs and
its outputs; the tooltip gives its numbers in full. Its keys (zoom, Esc to cancel a
layout) are the window's actions (ui/action_table.py), wherever the focus is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QToolTip

from .graph_grouped import GroupItem
from .graph_items import NodeItem, SummaryItem, tooltip_text

__all__ = ["MouseAndKeys"]

_CLICK_SLOP = 4  # pixels a press may move and still be a click, not a pan


class MouseAndKeys:
    """GraphView's event handlers (a mixin, before QGraphicsView in the bases)."""

    def _node_at(self, pos) -> NodeItem | None:
        if self._overview is not None:  # the items are hidden: test their boxes
            tolerance = 3.0 / max(self.transform().m11(), 1e-6)
            return self._overview.hit(self.mapToScene(pos), tolerance)
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            self._press = (pos, self._node_at(pos), self.horizontalScrollBar().value(),
                           self.verticalScrollBar().value())
            self._panning = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, _item, h, v = self._press
            delta = pos - start
            if self._panning or delta.manhattanLength() > _CLICK_SLOP:
                if not self._panning:
                    self._panning = True
                    self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.horizontalScrollBar().setValue(h - delta.x())
                self.verticalScrollBar().setValue(v - delta.y())
                self._auto_fit = False
            event.accept()
            return
        self._set_hover(self._node_at(pos))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            _start, item, _h, _v = self._press
            was_pan = self._panning
            self._press = None
            self._panning = False
            self.viewport().unsetCursor()
            if not was_pan and item is not None and item.value is not None:
                self.nodeClicked.emit(item.value)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            item = self._node_at(event.position().toPoint())
            if isinstance(item, GroupItem):
                self.open_group(item.group)
            elif item is None and self._frame_at(event.position().toPoint()) is not None:
                self.close_group(self._frame_at(event.position().toPoint()).group)
            elif isinstance(item, SummaryItem):
                self.show_all()
            elif item is not None and item.value is not None:
                self.nodeDoubleClicked.emit(item.value)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._set_hover(None)
        super().leaveEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        dy = event.angleDelta().y() or event.angleDelta().x()
        if dy:
            # 120 units is one notch of a mouse wheel; touchpads send many small steps.
            self._zoom_by(1.0015 ** dy, anchor_mouse=True)
        event.accept()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            item = self._node_at(event.pos())
            if isinstance(item, GroupItem) and self._grouping is not None:
                g = self._grouping.groups[item.group]
                text = (f"<b>{item.label_text}</b>: a {g.kind} drawn as one box "
                        f"({len(g.members):,} values inside). Double-click to open it.")
                QToolTip.showText(event.globalPos(), text, self.viewport())
                return True
            if item is None and self._frame_at(event.pos()) is not None:
                QToolTip.showText(event.globalPos(), f"{self._frame_at(event.pos()).title}: double-click the "
                                  "frame to close it into one box again.", self.viewport())
                return True
            if isinstance(item, SummaryItem):
                QToolTip.showText(event.globalPos(), f"{item.hidden:,} nodes further from the output are "
                                  "not shown. Double-click to lay out the whole graph.", self.viewport())
                return True
            if item is not None and item.value is not None:
                QToolTip.showText(event.globalPos(), tooltip_text(item.value, self._has_grads, self.title),
                                  self.viewport())
                return True
            QToolTip.hideText()
            event.ignore()
            return False  # the view's own tooltip, if it has one
        return super().viewportEvent(event)

    def _set_hover(self, item: NodeItem | None) -> None:
        key = None
        if item is not None and item.index is not None:
            key = item.index
        if key == self._hover:
            return
        for it in self._hover_items:
            it.set_flags(hover=False)
        self._hover = key
        self._hover_items = []
        if key is None:
            if self._overview is not None:
                self.viewport().update()
            return
        nodes, edges = self._neighbourhood(key)
        for it in (*nodes, *edges):
            it.set_flags(hover=True)
        self._hover_items = [*nodes, *edges]
        if self._overview is not None:
            self.viewport().update()

    def _neighbourhood(self, i: int) -> tuple[list, list]:
        """Value ``i`` (and its op), its inputs and its outputs, with the edges between."""
        item = self._node_item  # (makes a big graph's box not made yet, see graph_build)
        keys: list = []
        edges: list = []
        value_key, op_key = ("value", i), ("op", i)
        keys += (value_key, op_key)
        for e in self._in.get(op_key, ()):  # inputs -> my op
            edges.append(e)
            keys.append(e.src)
        edges.extend(self._out.get(op_key, ()))  # my op -> me
        for e in self._out.get(value_key, ()):  # me -> the ops that use me -> their values
            edges.append(e)
            keys.append(e.dst)
            for e2 in self._out.get(e.dst, ()):
                edges.append(e2)
                keys.append(e2.dst)
        nodes = [node for node in map(item, keys) if node is not None]
        return nodes, edges
