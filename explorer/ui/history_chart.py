"""A small line chart of the output over the gradient steps.

Drawn with QPainter: a few dozen lines of code instead of importing matplotlib
at startup (the window must paint in well under 1.5 s), and cheap enough to
redraw after every step.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..engine.numbers import format_number
from .accents import accents

__all__ = ["HistoryChart"]


class HistoryChart(QWidget):
    """Plots ``values`` (the output after each step, the first one before any)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyChart")
        self.values: list[float] = []
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("The output's value after each Step (the first point is before any step).")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 96)

    def set_values(self, values: list[float]) -> None:
        self.values = list(values)
        if self.values:
            first, last = self.values[0], self.values[-1]
            steps = len(self.values) - 1
            self.setToolTip(f"The output over {steps} steps: "
                            f"from {format_number(first)} to {format_number(last)}.")
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = accents(self)
        pal = self.palette()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(QColor(c["grid"]), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        fm = self.fontMetrics()
        values = [v for v in self.values if math.isfinite(v)]
        if len(values) < 2:
            painter.setPen(muted)
            painter.drawText(self.rect().adjusted(8, 4, -8, -4), Qt.AlignmentFlag.AlignCenter
                             | Qt.TextFlag.TextWordWrap,
                             "Press Step to see the output change, step by step.")
            painter.end()
            return
        lo, hi = min(values), max(values)
        if hi == lo:
            lo, hi = lo - 1, hi + 1
        label_w = max(fm.horizontalAdvance(format_number(lo)), fm.horizontalAdvance(format_number(hi))) + 10
        plot = QRectF(label_w, 8, self.width() - label_w - 10, self.height() - 16 - fm.height())
        # Axis labels: top and bottom values, first and last step.
        painter.setPen(muted)
        painter.drawText(QRectF(0, plot.top() - fm.height() / 2, label_w - 4, fm.height()),
                         Qt.AlignmentFlag.AlignRight, format_number(hi))
        painter.drawText(QRectF(0, plot.bottom() - fm.height() / 2, label_w - 4, fm.height()),
                         Qt.AlignmentFlag.AlignRight, format_number(lo))
        n = len(self.values)
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, 60, fm.height()),
                         Qt.AlignmentFlag.AlignLeft, "step 0")
        painter.drawText(QRectF(plot.right() - 80, plot.bottom() + 2, 80, fm.height()),
                         Qt.AlignmentFlag.AlignRight, f"step {n - 1}")
        painter.setPen(QPen(QColor(c["grid"]), 1, Qt.PenStyle.DashLine))
        painter.drawLine(plot.topLeft(), plot.topRight())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

        def point(i: int, v: float) -> QPointF:
            x = plot.left() + plot.width() * (i / (n - 1))
            y = plot.bottom() - plot.height() * ((v - lo) / (hi - lo))
            return QPointF(x, y)

        path = QPainterPath()
        started = False
        for i, v in enumerate(self.values):
            if not math.isfinite(v):
                started = False
                continue
            p = point(i, v)
            if started:
                path.lineTo(p)
            else:
                path.moveTo(p)
                started = True
        painter.setPen(QPen(QColor(c["line"]), 2))
        painter.drawPath(path)
        last = self.values[-1]
        if math.isfinite(last):
            p = point(n - 1, last)
            painter.setBrush(QColor(c["line"]))
            painter.drawEllipse(p, 3, 3)
            painter.setPen(text_color)
            text = format_number(last)
            w = fm.horizontalAdvance(text)
            x = min(p.x() - w - 6, plot.right() - w)
            y = p.y() - 6 if p.y() - fm.height() > plot.top() else p.y() + fm.height() + 2
            painter.drawText(QPointF(max(plot.left(), x), y), text)
        painter.end()
