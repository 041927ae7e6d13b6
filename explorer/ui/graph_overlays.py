"""Small panels floating over the graph canvas: legend, notices, the busy indicator.

The buttons of the notices are the action table's commands (View > Lay out all
nodes, Cancel layout), as the Training lab's buttons are.

They are children of the view (not of its viewport, whose children would scroll
with the scene) and placed in a corner by :meth:`Overlay.place`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..viz import style
from .controls import action_button

__all__ = ["Overlay", "LegendOverlay", "NoticeOverlay", "CommandNotice", "BusyOverlay", "CollapsedOverlay"]

_GAP = 8  # from the view's edge, pixels
_PAD = 8  # inside a panel
_SWATCH = 16


def paint_panel(widget: QWidget, radius: float) -> QPainter:
    """Paint ``widget``'s rounded, nearly opaque background and return the painter
    for whatever goes on top. Painted by hand (not a style sheet): it follows the
    palette, light or dark, live."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pal = widget.palette()
    bg = QColor(pal.color(QPalette.ColorRole.Window))
    bg.setAlpha(235)
    p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
    p.setBrush(bg)
    p.drawRoundedRect(QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    return p


class Overlay(QFrame):
    """A rounded, slightly see-through panel that sits in one corner of the view."""

    def __init__(self, parent: QWidget, corner: Qt.Corner, name: str):
        super().__init__(parent)
        self.setObjectName(name)
        self.corner = corner
        self.setAutoFillBackground(False)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paint_panel(self, 6).end()

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
    """What the colours mean, from viz.style (so the window and the exports agree).

    Two short rows, grads then boxes; click folds it to its title. The rings the
    window adds (selection, hover, a backprop step) are explained in its tooltip."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.Corner.BottomLeftCorner, "graphLegend")
        self.rows = _legend_rows()
        self.setToolTip(style.LEGEND + " Outlines in the window: violet = selected, teal = inputs and "
                        "outputs of the node under the mouse, orange = the node a backprop step is "
                        "processing and the edges its gradient flows along. Click to fold.")
        self._expanded = True
        self._chosen = False  # the user folded or unfolded it: stop deciding for them
        self._fit_folded = False  # the fit folded it for this graph (until new_graph)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def place(self, area: QRectF) -> None:
        # Folded to its title in a small view, where it would hide much of the graph.
        if not self._chosen and not self._fit_folded:
            self._expanded = area.height() >= 300 and area.width() >= 420
        super().place(area)

    def fold(self) -> None:
        """Fold to the title (the graph needs the room), unless the user chose otherwise."""
        if not self._chosen and self._expanded:
            self._expanded = False
            self._fit_folded = True  # keep it folded through later placements of this graph
            self.updateGeometry()
            self.update()

    def new_graph(self) -> None:
        """A new layout: the last graph's fold no longer holds (the user's own choice does)."""
        self._fit_folded = False

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._chosen = True
        self._expanded = not self._expanded
        self.updateGeometry()
        self.place(QRectF(self.parentWidget().viewport().geometry()))
        self.update()
        event.accept()

    def _layout(self) -> tuple[list[list[tuple[int, tuple]]], int]:
        """Each row's entries with their x; the widest row's width."""
        fm = self.fontMetrics()
        title_w = max(fm.horizontalAdvance(row[0]) for row in self.rows) + 8
        placed, widest = [], 0
        for title, entries in self.rows:
            x = _PAD + 12 + title_w
            row = [(_PAD + 12, ("title", title))]
            for entry in entries:
                row.append((x, entry))
                x += (_SWATCH + 4 if entry[0] != "text" else 0) + fm.horizontalAdvance(entry[-1]) + 12
            placed.append(row)
            widest = max(widest, x)
        return placed, widest

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        fm = self.fontMetrics()
        line = fm.height() + 3
        if not self._expanded:
            return QSize(fm.horizontalAdvance("▸ Legend") + 2 * _PAD, line + 6)
        _placed, width = self._layout()
        return QSize(width, line * len(self.rows) + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height() + 3
        pal = self.palette()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        p.setPen(text_color)
        if not self._expanded:
            p.drawText(_PAD, 3 + fm.ascent() + 1, "▸ Legend")
            return
        p.drawText(_PAD - 2, 3 + fm.ascent() + 1, "▾")
        placed, _w = self._layout()
        for r, row in enumerate(placed):
            y = 3 + line * r
            baseline = y + fm.ascent() + 1
            for x, entry in row:
                kind = entry[0]
                if kind == "title":
                    p.setPen(text_color)
                    p.drawText(x, baseline, entry[1])
                    continue
                if kind == "text":
                    p.setPen(muted)
                    p.drawText(x, baseline, entry[1])
                    continue
                _kind, fill, border, width, text = entry
                box = QRectF(x + 0.5, y + (line - 11) / 2 + 0.5, _SWATCH - 1, 10)
                p.setPen(QPen(QColor(border), width))
                p.setBrush(QColor(fill))
                p.drawRect(box)
                p.setPen(text_color)
                p.drawText(int(x + _SWATCH + 4), baseline, text)


def _legend_rows() -> list[tuple[str, list[tuple]]]:
    """The legend's rows, with every colour taken from viz.style."""
    from types import SimpleNamespace

    def kind(param: bool, op: object = None, data: float = 0.0) -> style.NodeStyle:
        return style.value_style(SimpleNamespace(op=op, param=param, data=data))

    param, leaf, computed = kind(True), kind(False), kind(False, op="op")
    flagged = kind(False, data=float("inf"))
    return [
        ("Grad", [
            ("swatch", style.grad_color(1.0, 1.0), "#777777", 1, "> 0"),
            ("swatch", style.grad_color(-1.0, 1.0), "#777777", 1, "< 0"),
            ("swatch", style.grad_color(0.1, 1.0), "#777777", 1, "small"),
            ("text", "deeper colour = larger |grad|"),
        ]),
        ("Box", [
            ("swatch", param.fill, param.border, 2, "parameter"),
            ("swatch", leaf.fill, leaf.border, 1, "input / constant"),
            ("swatch", computed.fill, computed.border, 1, "computed"),
            ("swatch", flagged.fill, flagged.border, 2, "inf / nan"),
        ]),
    ]


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


class CommandNotice(Overlay):
    """A notice whose button is a command of the action table (View menu): the
    command is enabled exactly while the notice is up, so its menu entry and its
    shortcut work only when the button is there to press."""

    action: QAction | None = None  # (Overlay.__init__ hides the notice before it has one)

    def __init__(self, parent: QWidget, name: str, action: QAction, margins: tuple[int, int, int, int]):
        super().__init__(parent, Qt.Corner.TopLeftCorner, name)
        self.action = action
        action.setEnabled(False)  # hidden until there is something to do
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(*margins)
        self.label = QLabel()
        self.row.addWidget(self.label)
        self.button = action_button(action, wide=False)
        # The size of a push button with that text: the notice looks as it always has.
        self.button.setMinimumSize(QPushButton(self.button.text()).sizeHint())

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        super().setVisible(visible)
        if self.action is not None:
            self.action.setEnabled(visible)

    def set_text(self, text: str) -> None:
        self.label.setText(text)


class BusyOverlay(CommandNotice):
    """"Laying out 3,200 nodes…" with a busy bar and Cancel (View > Cancel layout, Esc)."""

    def __init__(self, parent: QWidget, cancel: QAction):
        super().__init__(parent, "graphBusy", cancel, (10, 6, 8, 6))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known end: Qt animates a busy bar
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(90)
        self.bar.setMaximumHeight(12)
        # Filled (so opaque to Qt): its animation, many frames a second while a layout
        # runs, then repaints only itself, not the panel and the graph under it (a
        # thousand-node graph's edges cost a millisecond a frame, taken from the layout).
        self.bar.setAutoFillBackground(True)
        self.cancel_button = self.button
        self.row.addWidget(self.bar)
        self.row.addWidget(self.button)


class CollapsedOverlay(CommandNotice):
    """"Showing the 80 nodes nearest the output, of 12,000." with Lay out all
    (View > Lay out all nodes)."""

    def __init__(self, parent: QWidget, show_all: QAction):
        super().__init__(parent, "graphCollapsed", show_all, (10, 5, 8, 5))
        self.row.addWidget(self.button)
