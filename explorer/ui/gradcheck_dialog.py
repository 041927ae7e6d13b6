"""Gradient check: backprop's grad beside a numerical estimate, for every leaf.

The lecture checks one grad by nudging one input by h; this does it for all of
them with a central difference, ``(f(x+h) - f(x-h)) / 2h``, and marks any that
disagree. The step h can be chosen: too big and the estimate is coarse, too
small and floating-point rounding takes over (try 1e-12 to see it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine import EngineError, GradCheck
from ..engine.numbers import format_number
from ..errors import ExplorerError
from ..model.commands import Commands
from .accents import accents

__all__ = ["GradCheckDialog", "H_CHOICES"]

H_CHOICES = ("1e-2", "1e-3", "1e-4", "1e-5", "1e-6", "1e-7", "1e-8", "1e-10", "1e-12")
COLUMNS = ("Leaf", "Backprop grad", "Numerical grad", "Difference", "Agree?")


class GradCheckDialog(QDialog):
    def __init__(self, commands: Commands, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gradcheckDialog")
        self.setWindowTitle("Gradient check")
        self.commands = commands
        self.session = commands.session
        self.results: list[GradCheck] = []
        layout = QVBoxLayout(self)
        intro = QLabel("Each leaf is nudged by +h and −h and the output recomputed: "
                       "(f(x+h) − f(x−h)) / 2h estimates the grad without the chain rule. "
                       "Backprop is right when the two agree.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        row.addWidget(QLabel("Step h"))
        self.h = QComboBox()
        self.h.setObjectName("gradcheckH")
        self.h.setEditable(True)
        self.h.addItems(H_CHOICES)
        self.h.setCurrentText("1e-6")
        self.h.setToolTip("Smaller h: a closer estimate, until rounding errors grow (try 1e-12).")
        self.h.setMinimumContentsLength(8)
        row.addWidget(self.h)
        self.run_button = QPushButton("Check again")
        self.run_button.setToolTip("Run the check with this h.")
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("gradcheckTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("gradcheckSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

        self.run_button.clicked.connect(self.run)
        self.h.activated.connect(lambda _i: self.run())
        self.h.lineEdit().returnPressed.connect(self.run)
        self.resize(620, 380)

    def h_value(self) -> float:
        text = self.h.currentText().strip()
        try:
            h = float(text)
        except ValueError:
            raise EngineError(f"h must be a small positive number like 1e-6, not '{text}'.") from None
        if not (h > 0 and math.isfinite(h)):
            raise EngineError(f"h must be a small positive number like 1e-6, not '{text}'.")
        return h

    def run(self) -> list[GradCheck]:
        """Check every leaf with the chosen h and fill the table."""
        try:
            self.results = self.commands.gradcheck(self.h_value())
        except ExplorerError as exc:
            self.results = []
            self.table.setRowCount(0)
            self.summary.setText(str(exc))
            return []
        self._fill()
        return self.results

    @property
    def mismatches(self) -> list[GradCheck]:
        return [r for r in self.results if not r.ok]

    def _fill(self) -> None:
        c = accents(self)
        self.table.setRowCount(len(self.results))
        for row, r in enumerate(self.results):
            cells = (r.label, format_number(r.analytic), format_number(r.numerical),
                     f"{r.abs_error:.2e}", "✓ yes" if r.ok else "✗ MISMATCH")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                elif col > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not r.ok:
                    item.setBackground(QBrush(QColor(c["bad_bg"])))
                    item.setToolTip(f"Backprop and the estimate differ by {r.rel_error:.2e} (relative).")
                if col == 4:
                    item.setForeground(QBrush(QColor(c["ok"] if r.ok else c["bad"])))
                self.table.setItem(row, col, item)
        bad = self.mismatches
        h = self.h.currentText().strip()
        if not self.results:
            self.summary.setText("There are no leaves to check.")
        elif not bad:
            self.summary.setText(f"<span style='color:{c['ok']}'>All {len(self.results)} grads agree "
                                 f"with the numerical estimate (h = {h}).</span>")
        else:
            names = ", ".join(r.label for r in bad)
            self.summary.setText(f"<span style='color:{c['bad']}'>{len(bad)} of {len(self.results)} "
                                 f"disagree: {names}. With a very small or very large h the estimate "
                                 "itself goes wrong; try 1e-6.</span>")
