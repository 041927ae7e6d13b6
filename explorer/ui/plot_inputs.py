"""The tangent plot's inputs: number boxes that read numbers as people write them,
and the x0 and h sliders with what their ends mean written beside them.

The x0 slider moves over the visible x range in round steps (:func:`slider_grid`);
the h slider runs over decades, from h = 1 at its left end to h = 1e-12 at its
right, and says so in the row itself, not only in a tooltip: smaller h to the right
is the direction a learner drags to watch the finite difference close in on the
slope (and then, near 1e-12, fall apart again).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QGridLayout, QLabel, QSizePolicy, QSlider

from ..engine.numbers import FINE_DIGITS, format_number
from ..viz.tangent import H_MAX, H_MIN, nice_step

__all__ = ["NumberBox", "SliderRows", "slider_grid", "H_TICKS_PER_DECADE"]

# The h slider: tenths of a decade from h = 1 (left) to h = 1e-12 (right).
H_TICKS_PER_DECADE = 10
_H_DECADES = round(-math.log10(H_MIN))


#: The widest number the boxes are sized for: FINE_DIGITS digits, a sign and a point.
_WIDE_NUMBER = "-3." + "1" * (FINE_DIGITS - 1)


class NumberBox(QDoubleSpinBox):
    """A spin box that shows numbers as a person writes them (3, 0.001, 1e-12)."""

    def __init__(self, lo: float, hi: float, *, log_steps: bool = False, parent=None):
        super().__init__(parent)
        self.setDecimals(15)
        self.setRange(lo, hi)
        self.setKeyboardTracking(False)  # valueChanged when Enter is pressed, not per key
        self.setAccelerated(True)
        self._log_steps = log_steps
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(92)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return format_number(value, FINE_DIGITS)

    def sizeHint(self):  # noqa: N802 - Qt's name
        return self._narrow(super().sizeHint())

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return self._narrow(super().minimumSizeHint())

    def _narrow(self, hint):
        # Qt sizes a spin box for its range's ends written out (1000000000000): far wider
        # than the numbers a learner types. Room for a number of FINE_DIGITS instead
        # ("-0.000123" was too little: x0 = pi showed as "-3.1415926", cut).
        hint.setWidth(min(hint.width(), self.fontMetrics().horizontalAdvance(_WIDE_NUMBER) + 32))
        return hint

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.replace("−", "-").strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        cleaned = text.replace("−", "-").strip()
        try:
            float(cleaned)
        except ValueError:
            ok = cleaned in ("", "-", "+", ".", "-.") or cleaned.lower().endswith(("e", "e-", "e+"))
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid, text, pos)
        return (QValidator.State.Acceptable, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        if self._log_steps:  # h: one click is a factor of 10
            self.setValue(min(max(self.value() * 10.0 ** steps, self.minimum()), self.maximum()))
        else:
            super().stepBy(steps)


class SliderRows(QGridLayout):
    """Two rows: ``x0 [slider] [box]`` and ``h  1 [slider] 1e-12 [box]``."""

    def __init__(self):
        super().__init__()
        self.x0_label = QLabel("x0")
        self.x0_slider = QSlider(Qt.Orientation.Horizontal)
        self.x0_slider.setToolTip("Move x0 (arrow keys work too; drag the point on the plot)")
        self.x0_box = NumberBox(-1e12, 1e12)
        self.x0_box.setToolTip("x0: type a value and press Enter")
        self.h_label = QLabel("h")
        self.h_slider = QSlider(Qt.Orientation.Horizontal)
        self.h_slider.setRange(0, _H_DECADES * H_TICKS_PER_DECADE)  # h = 1 ... 1e-12, left to right
        self.h_slider.setToolTip("The step h of the finite difference: 1 on the left, 1e-12 on the right")
        # The slider's two ends, written beside it: which way makes h smaller is not obvious.
        self.h_left = QLabel(format_number(H_MAX))
        self.h_right = QLabel(format_number(H_MIN))
        for end in (self.h_left, self.h_right):
            end.setObjectName("sliderEnd")
            end.setToolTip(self.h_slider.toolTip())
        self.h_box = NumberBox(H_MIN, H_MAX, log_steps=True)
        self.h_box.setToolTip("h: type a value (1 down to 1e-12) and press Enter")
        self.addWidget(self.x0_label, 0, 0)
        self.addWidget(self.x0_slider, 0, 1, 1, 3)
        self.addWidget(self.x0_box, 0, 4)
        self.addWidget(self.h_label, 1, 0)
        self.addWidget(self.h_left, 1, 1)
        self.addWidget(self.h_slider, 1, 2)
        self.addWidget(self.h_right, 1, 3)
        self.addWidget(self.h_box, 1, 4)
        self.setColumnStretch(2, 1)

    def h_at(self, position: int) -> float:
        return 10.0 ** (-position / H_TICKS_PER_DECADE)

    def h_position(self, h: float) -> int:
        return round(-math.log10(h) * H_TICKS_PER_DECADE)


def slider_grid(lo: float, hi: float, steps: int) -> tuple[float, float, int]:
    """(base, step, count) for an x slider over [lo, hi] in about ``steps`` round
    steps: position k means x = base + k * step. Positions count from the left end,
    so they fit Qt's int range at any zoom (x / step could not: 1e6 / 1e-6)."""
    step = nice_step(hi - lo, steps)
    base = math.ceil(lo / step) * step
    return base, step, max(1, math.floor((hi - base) / step + 1e-9))
