"""The Training lab's row of controls: Play, Step one, Reset; the speed; log scale; export.

The buttons are the action table's entries for the lab (Training menu), so menu,
button, tooltip and Space share one QAction each.

In one row when the panel has the room; when it is narrow (a 1024-px window with
the lab under the graph) the speed goes to a row of its own under the buttons,
so the panel never asks the window for more width than the buttons need.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .actions import ActionRegistry
from .controls import action_button

__all__ = ["LabBar"]


class LabBar(QWidget):
    """The lab's controls (the panel connects the speed and the log scale); see the module docstring."""

    def __init__(self, speeds: int, actions: ActionRegistry, parent: QWidget | None = None):
        """``speeds``: how many steps the speed slider has; ``actions``: the registry
        whose entries for the lab (``panels=("lab",)`` in the action table) are its
        buttons, those of a submenu (Export) in a drop-down button named after it."""
        super().__init__(parent)
        buttons: list[QToolButton] = []
        drops: dict[str, QToolButton] = {}
        for action_id in actions.panel_actions("lab"):
            menu_id = actions.specs[action_id].menu
            if menu_id not in actions.submenu_specs:
                button = action_button(actions[action_id], wide=False)
                button.setObjectName(f"lab_{action_id}")
                # The size of a push button with that text: the bar looks as it always has.
                button.setMinimumSize(QPushButton(button.text()).sizeHint())
                buttons.append(button)
                continue
            drop = drops.get(menu_id)
            if drop is None:
                drop = drops[menu_id] = QToolButton()
                drop.setObjectName(f"lab_{menu_id}")
                drop.setText(actions.submenu_specs[menu_id].text.replace("&", ""))
                drop.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                drop.setMenu(QMenu(drop))
            drop.menu().addAction(actions[action_id])
        self.play_button, self.step_button, self.reset_button = buttons
        self.export_button = drops["lab_export"]
        self.export_button.setToolTip("Save the boundary map, the curves or the network diagram "
                                      "as PNG, SVG or PDF.")
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setObjectName("labSpeed")
        self.speed.setRange(0, speeds - 1)
        self.speed.setValue(speeds - 1)
        self.speed.setFixedWidth(100)
        self.speed.setToolTip("How fast to train: from one step a second to as fast as possible.")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("labSpeedText")
        # As wide as its longest text: the bar does not move as the speed changes.
        widest = self.speed_label.fontMetrics().horizontalAdvance("500 steps/s")
        self.speed_label.setMinimumWidth(widest)
        self.log_box = QCheckBox("Log scale")
        self.log_box.setObjectName("labLogScale")
        self.log_box.setChecked(True)
        self.log_box.setToolTip("Draw the loss on a logarithmic axis "
                                "(each grid line ten times the one below).")

        self.speed_box = QWidget()
        speed_row = QHBoxLayout(self.speed_box)
        speed_row.setContentsMargins(0, 0, 0, 0)
        speed_row.addWidget(QLabel("Speed"))
        speed_row.addWidget(self.speed)
        speed_row.addWidget(self.speed_label)
        self._row = QHBoxLayout()
        for w in (self.play_button, self.step_button, self.reset_button):
            self._row.addWidget(w)
        self._row.addSpacing(12)
        self._row.addStretch(1)
        self._row.addWidget(self.log_box)
        self._row.addWidget(self.export_button)
        self._second = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row)
        layout.addLayout(self._second)
        # The narrowest the bar gets: the buttons' row, or the speed's alone.
        spacing = self._row.spacing()
        self._narrow = max(self._row.minimumSize().width(), self.speed_box.minimumSizeHint().width())
        self._wide = self._row.minimumSize().width() + self.speed_box.minimumSizeHint().width() + spacing
        self.setMinimumWidth(self._narrow)
        self.one_row = False
        self._arrange(one_row=True)

    def _arrange(self, *, one_row: bool) -> None:
        if one_row == self.one_row:
            return
        self.one_row = one_row
        while self._second.count():  # the speed and its stretch, when they were there
            self._second.takeAt(0)
        self._row.removeWidget(self.speed_box)
        if one_row:
            self._row.insertWidget(4, self.speed_box)  # after the buttons and their spacing
        else:
            self._second.addWidget(self.speed_box)
            self._second.addStretch(1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._arrange(one_row=event.size().width() >= self._wide)
        super().resizeEvent(event)
