"""Small widgets of the main window: the banner above the graph, the box that sets a
leaf's value where it was double-clicked, and the scroll area around a panel."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QScrollArea, QWidget

from ..engine.numbers import FINE_DIGITS, format_number
from .accents import accents

__all__ = ["Banner", "LeafPopup", "scrolling"]


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a panel's minimum size no longer
    sets the window's, so every panel fits a 1024 x 640 screen."""
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'panel'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class Banner(QFrame):
    """A calm coloured strip above the graph with one message and optional buttons."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self._layout = layout
        self.hide()

    def add_button(self, widget: QWidget) -> None:
        self._layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_message(self, text: str, kind: str = "warn") -> None:
        """``kind``: "warn" (calm yellow), "info" (calm blue) or anything else (an error's red)."""
        c = accents(self)
        bg, fg, border = ((c["warn_bg"], c["warn_fg"], c["warn_border"]) if kind == "warn"
                          else (c["info_bg"], c["info_fg"], c["info_border"]) if kind == "info"
                          else (c["error_line"], c["error"], c["error"]))
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ background: {bg}; border: 1px solid {border}; "
                           f"border-radius: 4px; }} QLabel {{ color: {fg}; background: transparent; "
                           "border: none; }")
        self.label.setText(text)
        self.show()


class LeafPopup(QFrame):
    """A small box that pops up where the leaf was double-clicked: type, Enter."""

    submitted = Signal(str, float)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("leafPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel()
        self.edit = QLineEdit()
        self.edit.setObjectName("leafPopupEdit")
        self.edit.setMinimumWidth(140)
        validator = QDoubleValidator(self.edit)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        self.edit.setValidator(validator)
        self.edit.setToolTip("Type a number and press Enter (Esc cancels).")
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        self.edit.returnPressed.connect(self._submit)
        self._name = ""

    def open_for(self, name: str, value: float, at: QPoint) -> None:
        self._name = name
        self.label.setText(f"{name} =")
        self.edit.setText(format_number(value, FINE_DIGITS))
        self.adjustSize()
        self.move(at)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def _submit(self) -> None:
        text = self.edit.text().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return  # the validator keeps most junk out; Enter on junk does nothing
        self.hide()
        self.submitted.emit(self._name, value)
