"""What the canvas adds for a graph drawn grouped (:mod:`explorer.viz.groups`).

A closed group is a value box (:class:`GroupItem`) titled with the group's name and
showing its output's data and grad; double-click opens it in place. An open group
is a rounded frame (:class:`ClusterItem`) around its nodes with the group's name;
double-click the frame to close it again.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget

from ..viz.group_shape import Shape, lay_out_grouped
from ..viz.groups import Grouping
from .graph_items import Z_FRAMES, Look, ValueItem, _lod

__all__ = ["GroupItem", "ClusterItem", "GroupedDrawing", "FRAME_COLOR"]

FRAME_COLOR = "#8a8f98"
_TITLE_PX = 3.5  # below this many pixels of text the frame's title is not drawn


class GroupItem(ValueItem):
    """A closed group: its name, and its output's data and grad (a layer with several
    outputs says how many instead)."""

    def __init__(self, look: Look, index: int, value, box, kind_style, title: str, group: int, outputs: int):
        super().__init__(look, index, value, box, kind_style, title)
        self.group = group
        self.many = outputs if outputs > 1 else 0


class ClusterItem(QGraphicsItem):
    """The frame of an open group, titled; behind the nodes and edges."""

    def __init__(self, look: Look, rect: QRectF, title: str, group: int):
        super().__init__()
        self.look = look
        self.rect = rect
        self.title = title
        self.group = group
        self.setZValue(Z_FRAMES)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self.rect.adjusted(-2, -2, 2, 2)

    def title_rect(self) -> QRectF:
        return QRectF(self.rect.left() + 6, self.rect.top() + 2, self.rect.width() - 12, 16)

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        look = self.look
        painter.setPen(look.pen(FRAME_COLOR, 1.0, dashed=True))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect, 6.0, 6.0)
        if _lod(painter) * look.font.pixelSize() >= _TITLE_PX:
            painter.setPen(look.text_color("#555555"))
            painter.setFont(look.font)
            rect = self.title_rect()
            text = look.metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class GroupedDrawing:
    """GraphView's grouped drawing: open and close groups, and lay it out to the
    canvas's shape (a mixin)."""

    _group_shape: Shape | None = None  # the drawing in one band, measured
    _group_bands = 1  # how many bands a layer's neurons are laid out in now
    _reshape_timer: QTimer | None = None

    @property
    def is_grouped(self) -> bool:
        """The graph is drawn with its neurons, layers and function calls as boxes."""
        return self._grouping is not None

    @property
    def grouping(self) -> Grouping | None:
        return self._grouping

    def opened_groups(self) -> set[int]:
        return set(self._opened)

    def open_group(self, group: int) -> None:
        """Draw group ``group`` as its nodes, framed, where its box was."""
        if self._grouping is None or group in self._opened:
            return
        self._opened = self._opened | {group}
        self._show_grouped(anchor=group)

    def close_group(self, group: int) -> None:
        """Draw group ``group`` (and the groups inside it) as one box again."""
        if self._grouping is None or group not in self._opened:
            return
        self._opened = self._grouping.close(self._opened, group)
        self._show_grouped(anchor=group)

    def _show_grouped(self, anchor: int | None = None) -> None:
        """Lay out the grouped drawing (small: here, at once). ``anchor``: the group
        just opened or closed, kept in view at the current zoom."""
        grouping = self._grouping
        view = grouping.view(self._opened, self._titles)
        self.layoutStarted.emit()
        self.layout_count += 1
        result, self._group_shape, self._group_bands = lay_out_grouped(
            view, self._rankdir, self._grouped_room(), self.readable_scale())
        self._collapsed = None
        scale = self.transform().m11()
        self._build(grouping.graph, result, view, refit=anchor is None)
        if anchor is not None:
            self.setTransform(QTransform.fromScale(scale, scale))
            self._set_scene_rect(scale)
            target = self._group_rect(anchor)
            if target is not None:
                self.centerOn(target.center())
                # A frame taller or wider than the view: its output (the box that was
                # double-clicked) stays in sight, not only a column of weights.
                output = self._items.get(("value", self._grouping.groups[anchor].outputs[0]))
                if output is not None and output.isVisible():
                    self.ensureVisible(output.sceneBoundingRect(), 20, 20)
            self._auto_fit = False
            self._update_detail()

    def _grouped_room(self) -> tuple[int, int] | None:
        """The room the drawing has on the canvas, in logical pixels (None before the
        canvas is shown: it has no size of its own yet)."""
        return self._room() if self.isVisible() else None

    def reshape_later(self) -> None:
        """The canvas was resized: once it rests, lay the grouped drawing out again if
        another number of bands now suits its shape (a new window reaches its size in
        several steps; each layout takes tens of milliseconds)."""
        if self._grouping is None or self._group_shape is None:
            return
        if self._reshape_timer is None:
            self._reshape_timer = QTimer(self)
            self._reshape_timer.setSingleShot(True)
            self._reshape_timer.setInterval(80)
            self._reshape_timer.timeout.connect(self._reshape)
        self._reshape_timer.start()

    def _reshape(self) -> None:
        # Only while the fit is automatic: a drawing the user has zoomed or scrolled stays.
        shape = self._group_shape
        if self._grouping is None or shape is None or not self._auto_fit or not self.isVisible():
            return
        if shape.best_bands(self._room(), self.readable_scale()) != self._group_bands:
            self._show_grouped()

    def _group_rect(self, group: int) -> QRectF | None:
        for frame in self._clusters:
            if frame.group == group:
                return frame.rect
        for item in self._values:
            if isinstance(item, GroupItem) and item.group == group:
                return item.rect
        output = self._grouping.groups[group].outputs[0] if self._grouping else None
        item = self._items.get(("value", output))
        return item.rect if item is not None else None

    def _frame_at(self, pos) -> ClusterItem | None:
        """The innermost open group's frame at ``pos`` (the smallest one)."""
        point = self.mapToScene(pos)
        frames = [f for f in self._clusters if f.rect.contains(point)]
        return min(frames, key=lambda f: f.rect.width() * f.rect.height(), default=None)
