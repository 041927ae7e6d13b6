"""The tangent plot's readouts: x0, f(x0), the slope by backprop, the finite
difference and how far apart they are, each beside a swatch of what it is on the plot.

The swatches are the plot's legend (the drawn legend is off by default, so it never
covers the curve). Numbers are written by :func:`explorer.viz.tangent.fmt_readout`,
the inspector's format, in a monospaced font of fixed width so they do not jump
around while x0 is dragged.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ..viz.tangent import READOUT_DIGITS, TangentState, fmt_readout, readout_labels
from ..viz.tangent_figure import PlotTheme

__all__ = ["Readouts", "SWATCH_W", "SWATCH_H", "short_labels"]

SWATCH_W, SWATCH_H = 26, 12
# The widest number a readout shows: every value label is made this wide once.
_WIDEST = "-0.000000000e-000"
# In a narrow column (short names) the labels are this wide, which holds the numbers a
# lesson shows (``14.00299999``, ``-0.014003``); a longer one is drawn smaller to fit,
# so the plot beside keeps its width and nothing moves while x0 is dragged.
_COMPACT_WIDEST = "-0.00000000"


class _Number(QLabel):
    """A readout's number in a box of fixed width: drawn smaller when it would not fit."""

    def __init__(self, text: str):
        super().__init__(text)
        self.base_font = QFont(self.font())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        font = QFont(self.base_font)
        room = self.width() - 4
        wide = QFontMetricsF(font).horizontalAdvance(text)
        if wide > room > 0:
            font.setPointSizeF(max(font.pointSizeF() * room / wide, 1.0))
        if font != self.font():
            self.setFont(font)
        super().setText(text)


class Readouts(QWidget):
    """A grid of swatch | name | number, one row per quantity (keys of
    :func:`~explorer.viz.tangent.readout_labels`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, _Number] = {}
        self.swatches: dict[str, QLabel] = {}
        self._theme: PlotTheme | None = None
        self._compact = False
        self._fname, self._var = "f", "x"
        grid = self._grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for row, (key, text) in enumerate(readout_labels().items()):
            swatch = QLabel()
            swatch.setFixedSize(SWATCH_W, SWATCH_H)
            name = QLabel(text)
            value = _Number("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(swatch, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(value, row, 2)
            self.swatches[key], self.names[key], self.values[key] = swatch, name, value
        grid.setColumnStretch(3, 1)
        self._size_numbers()

    def set_names(self, fname: str, var: str) -> None:
        """Name the rows after the output and the variable (``do/dw1 by backprop``)."""
        self._fname, self._var = fname, var
        full = readout_labels(fname, var)
        short = short_labels(fname, var) if self._compact else full
        for key, text in short.items():
            self.names[key].setText(text)
            self.names[key].setToolTip(full[key] if self._compact else "")

    def show_state(self, state: TangentState) -> None:
        values = {"x0": state.x0, "f": state.y0, "slope": state.slope, "fd": state.fd_slope,
                  "diff": state.difference, "dx": state.h, "dy": state.dy}
        for key, x in values.items():
            self.values[key].setText(fmt_readout(x, READOUT_DIGITS[key]))

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Short names (``slope``, ``Δy``) where the column is narrow; the full ones
        are then the names' tooltips, and the swatches still say which line is which."""
        if compact != self._compact:
            self._compact = compact
            self.set_names(self._fname, self._var)
            self._size_numbers()

    def clear(self) -> None:
        for label in self.values.values():
            label.setText("—")

    def set_theme(self, theme: PlotTheme) -> None:
        """Swatches in the plot's colours; the two slopes' names in theirs."""
        kinds = {"x0": ("dot", theme.point), "f": ("solid", theme.curve), "slope": ("dash", theme.tangent),
                 "dx": ("dash", theme.run), "dy": ("arrow", theme.rise), "fd": ("dot-line", theme.secant)}
        ratio = self.devicePixelRatioF()
        for key, (kind, color) in kinds.items():
            self.swatches[key].setPixmap(swatch(kind, color, ratio))
        self._theme = theme
        self._style_names()

    def _style_names(self) -> None:
        # A style sheet fixes a label's font when it is applied: the size is written in,
        # and written again when the window's font changes (presentation mode).
        theme = self._theme
        if theme is None:
            return
        size = self.font().pointSizeF()
        for key, color in (("slope", theme.tangent), ("fd", theme.secant)):
            self.names[key].setStyleSheet(f"color: {color}; font-weight: 600; font-size: {size:g}pt;")

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # the window's font changed (presentation mode)
            self._size_numbers()
            self._style_names()

    def _size_numbers(self) -> None:
        # Monospaced at the window's text size; a fixed size, so new text never asks
        # the panel to lay itself out again.
        mono = QFont(self.font())
        mono.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "Liberation Mono", "monospace"])
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFixedPitch(True)
        widest = _COMPACT_WIDEST if self._compact else _WIDEST
        self._grid.setHorizontalSpacing(6 if self._compact else 10)
        for value in self.values.values():
            value.base_font = mono
            value.setFont(mono)
            value.setFixedSize(value.fontMetrics().horizontalAdvance(widest) + 4,
                               value.fontMetrics().height() + 2)
            value.setText(value.text())  # smaller again if it no longer fits


def short_labels(fname: str = "f", var: str = "x") -> dict[str, str]:
    """The readouts' names in a few characters each, for a narrow column."""
    return {"x0": var, "f": f"{fname}({var})", "slope": "slope", "dx": "h", "dy": "Δy",
            "fd": "Δy / h", "diff": "difference"}


def swatch(kind: str, color: str, ratio: float = 1.0) -> QPixmap:
    """A small picture of a plot line (solid, dashed, dotted), the point, or the arrow."""
    pixmap = QPixmap(round(SWATCH_W * ratio), round(SWATCH_H * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), 2)
    y = SWATCH_H / 2
    if kind == "dot":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(QPointF(SWATCH_W / 2, y), 4.5, 4.5)
    elif kind == "arrow":
        painter.setPen(pen)
        painter.drawLine(QPointF(SWATCH_W / 2, 1), QPointF(SWATCH_W / 2, SWATCH_H - 4))
        painter.setBrush(QColor(color))
        mid = SWATCH_W / 2
        head = [QPointF(mid - 4, SWATCH_H - 5), QPointF(mid + 4, SWATCH_H - 5), QPointF(mid, SWATCH_H - 0.5)]
        painter.drawPolygon(QPolygonF(head))
    else:
        pen.setStyle({"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
                      "dot-line": Qt.PenStyle.DotLine}[kind])
        painter.setPen(pen)
        painter.drawLine(QPointF(1, y), QPointF(SWATCH_W - 1, y))
    painter.end()
    return pixmap
