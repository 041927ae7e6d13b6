"""The training loss curve, drawn with QPainter.

A loss falls over orders of magnitude (6 to 0.001 in the lecture), so the y axis
is logarithmic by default, with a line at each power of ten. Long runs are
drawn per pixel column (the lowest and highest loss of the steps that fall in
it), so a million steps cost no more to paint than a few hundred: the curve can
be repainted many times a second while training runs without slowing the window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import theme

__all__ = ["LossCurve"]

_LINE = {False: "#1565c0", True: "#90caf9"}
_TARGET = {False: "#2e7d32", True: "#81c784"}
_GRID = {False: "#d8d8d8", True: "#484848"}


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.0e}"


class LossCurve(QWidget):
    """Plots the loss before each training step; ``target`` draws a dashed goal line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lossCurve")
        self.losses: tuple[float, ...] = ()
        self.log_scale = True
        self.target: float | None = 0.01
        self.setMinimumSize(200, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("The loss before each training step. Lower is better; the dashed line is 0.01.")
        self.setAccessibleName("Loss curve")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 200)

    def set_losses(self, losses: Sequence[float], *, paint_now: bool = False) -> None:
        """Show ``losses``; ``paint_now`` draws at once (instead of at the next paint)."""
        self.losses = tuple(losses)
        if self.losses:
            last = self.losses[-1]
            self.setAccessibleDescription(f"{len(self.losses)} steps; last loss {_fmt(last)}")
        if paint_now and self.isVisible():
            self.repaint()
        else:
            self.update()

    def set_log_scale(self, on: bool) -> None:
        self.log_scale = bool(on)
        self.update()

    # -- drawing ---------------------------------------------------------------------

    def _y(self, v: float) -> float:
        """The value on the drawing axis (log10 in log scale)."""
        if self.log_scale:
            return math.log10(max(v, 1e-12))
        return v

    def columns(self, width: int) -> list[tuple[int, float, float]]:
        """(step, low, high) per pixel column, finite values only (numpy: a million
        steps take a few milliseconds)."""
        n = len(self.losses)
        if n == 0 or width <= 0:
            return []
        if n <= 2 * width:
            return [(i, v, v) for i, v in enumerate(self.losses) if math.isfinite(v)]
        values = np.asarray(self.losses, dtype=float)
        starts = (np.arange(width) * (n / width)).astype(np.int64)
        starts = np.unique(starts)
        finite = np.isfinite(values)
        lows = np.minimum.reduceat(np.where(finite, values, np.inf), starts)
        highs = np.maximum.reduceat(np.where(finite, values, -np.inf), starts)
        keep = np.isfinite(lows)
        return list(zip(starts[keep].tolist(), lows[keep].tolist(), highs[keep].tolist()))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = theme.is_dark(self.palette())
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        fm = self.fontMetrics()
        finite = [v for v in self.losses if math.isfinite(v)]
        if self.log_scale:
            finite = [v for v in finite if v > 0] or finite
        if len(finite) < 1:
            painter.setPen(muted)
            painter.drawText(self.rect().adjusted(8, 4, -8, -4),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "Press Train: the loss after each step is drawn here.")
            painter.end()
            return
        lo, hi = min(finite), max(finite)
        if self.target is not None:
            lo = min(lo, self.target)
        y_lo, y_hi = self._y(lo), self._y(hi)
        if self.log_scale:
            y_lo, y_hi = math.floor(y_lo), math.ceil(y_hi)
        if y_hi - y_lo < 1e-12:
            y_lo, y_hi = y_lo - 1, y_hi + 1
        label_w = max(fm.horizontalAdvance(_fmt(10 ** y_hi if self.log_scale else y_hi)),
                      fm.horizontalAdvance(_fmt(10 ** y_lo if self.log_scale else y_lo))) + 12
        plot = QRectF(label_w, 8, max(10, self.width() - label_w - 12),
                      max(10, self.height() - 14 - fm.height()))
        n = max(2, len(self.losses))

        def point(step: float, value_y: float) -> QPointF:
            x = plot.left() + plot.width() * step / (n - 1)
            y = plot.bottom() - plot.height() * (value_y - y_lo) / (y_hi - y_lo)
            return QPointF(x, y)

        # Grid: a line per power of ten (log) or top/bottom (linear), labelled.
        grid_pen = QPen(QColor(_GRID[dark]), 1)
        ticks = (range(int(y_lo), int(y_hi) + 1) if self.log_scale and y_hi - y_lo <= 12
                 else [y_lo, y_hi])
        for t in ticks:
            y = point(0, t).y()
            painter.setPen(grid_pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            label = _fmt(10 ** t if self.log_scale else t)
            painter.drawText(QRectF(0, y - fm.height() / 2, label_w - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(muted)
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, 80, fm.height()),
                         Qt.AlignmentFlag.AlignLeft, "step 1")
        painter.drawText(QRectF(plot.right() - 120, plot.bottom() + 2, 120, fm.height()),
                         Qt.AlignmentFlag.AlignRight, f"step {len(self.losses)}")
        if self.target is not None:
            painter.setPen(QPen(QColor(_TARGET[dark]), 1, Qt.PenStyle.DashLine))
            y = point(0, self._y(self.target)).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        # The curve: one vertex per step, or a low-high bar per pixel column.
        painter.setPen(QPen(QColor(_LINE[dark]), 1.6))
        cols = self.columns(int(plot.width()))
        line = QPolygonF()
        for step, low, high in cols:
            if low == high:
                line.append(point(step, self._y(low)))
            else:
                line.append(point(step, self._y(high)))
                line.append(point(step, self._y(low)))
        if line.size() == 1:
            painter.drawEllipse(line.at(0), 2, 2)
        else:
            painter.drawPolyline(line)
        painter.end()
