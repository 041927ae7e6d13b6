"""Help > Keyboard shortcuts and Help > About: two small dialogs."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

__all__ = ["show_shortcuts", "show_about"]


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str, str, str]]) -> QDialog:
    """A table of (menu, command, keys, what it does): the action table's shortcuts. The
    menu tells two commands of one name apart (Step through's Play, Training's Play)."""
    dialog = QDialog(parent)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    table = QTableWidget(len(rows), 4)
    table.setHorizontalHeaderLabels(("Menu", "Command", "Keys", "What it does"))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            table.setItem(r, col, QTableWidgetItem(text))
    for col in range(3):
        table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    layout.addWidget(table)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(860, 560)
    dialog.show()
    return dialog


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, "About Gradient Explorer",
        f"<h3>Gradient Explorer {html.escape(__version__)}</h3>"
        "<p>See how gradients flow: type an expression (or paste a cell of the micrograd "
        "lecture), run forward and backward, and check every grad against the chain rule.</p>"
        "<p>Built for Andrej Karpathy's lecture <i>The spelled-out intro to neural networks "
        "and backpropagation: building micrograd</i>. MIT licence.</p>")
