"""The controls panel: the gradient-step settings, the auto toggles, Reset values
and the history chart (shown once there are steps to chart). Forward, Backward,
Zero grad and Step are on the toolbar only: one button per command.

The buttons are the registry's QActions (``QToolButton.setDefaultAction``), so
they share text, shortcut, tooltip and enabled state with the menu and the
toolbar. The settings widgets write to the Session and follow its
``settings`` event, so they never disagree with the menu's check marks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model.commands import Commands
from .actions import ActionRegistry
from .binding import bind
from .history_chart import HistoryChart
from .plot_inputs import NumberBox

__all__ = ["ControlsPanel", "action_button"]


def action_button(action, *, wide: bool = True) -> QToolButton:
    """A push-button look-alike for a registry action."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    if wide:
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setMinimumHeight(28)
    return button


class ControlsPanel(QWidget):
    def __init__(self, commands: Commands, actions: ActionRegistry, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("controls")
        self.commands = commands
        self.session = session = commands.session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)

        # Forward, Backward, Zero grad and Step are on the toolbar: no second copy here.
        autos = QHBoxLayout()
        self.auto_forward = QCheckBox("Auto forward")
        self.auto_backward = QCheckBox("Auto backward")
        for box, action_id in ((self.auto_forward, "auto_forward"), (self.auto_backward, "auto_backward")):
            action = actions[action_id]
            box.setToolTip(action.toolTip())
            box.setChecked(action.isChecked())
            box.setProperty("action", action.objectName())  # the table's entry it shows
            box.toggled.connect(action.setChecked)
            action.toggled.connect(box.setChecked)
            autos.addWidget(box)
        autos.addStretch(1)
        layout.addLayout(autos)

        group = QGroupBox("Gradient step")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.lr = NumberBox(0.000001, 100.0)  # 0.01, as undo's "Step (lr 0.01)" writes it, not 0.010000
        self.lr.setObjectName("learningRate")
        self.lr.setSingleStep(0.01)
        self.lr.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.lr.setToolTip("How far one step moves each parameter: lr * grad.")
        self.direction = QComboBox()
        self.direction.setObjectName("stepDirection")
        self.direction.addItem("Descent (lower it)", False)
        self.direction.addItem("Ascent (raise it)", True)
        # Its width follows the font (presentation mode), not the one of its first showing.
        self.direction.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.direction.setToolTip("Descent moves each parameter against its grad, to lower the output "
                                  "(a loss); ascent moves along it, to raise it, as the lecture nudges L up.")
        self.steps = QSpinBox()
        self.steps.setObjectName("stepsPerClick")
        self.steps.setRange(1, 10000)
        self.steps.setToolTip("How many steps one click of Step takes.")
        form.addRow("Learning rate", self.lr)
        form.addRow("Direction", self.direction)
        form.addRow("Steps per click", self.steps)
        form.addRow(action_button(actions["reset_values"]))
        layout.addWidget(group)

        # Empty until the first Step: takes no room before then.
        self.history_title = QLabel("Output over the steps")
        layout.addWidget(self.history_title)
        self.chart = HistoryChart()
        layout.addWidget(self.chart, 1)
        layout.addStretch(0)

        self.lr.valueChanged.connect(lambda v: self._set(lr=float(v)))
        self.direction.currentIndexChanged.connect(
            lambda i: self._set(ascent=bool(self.direction.itemData(i))))
        self.steps.valueChanged.connect(lambda v: self._set(steps_per_click=int(v)))
        self._updating = False
        ev = session.events
        bind(self, (ev.lr, self._sync_settings), (ev.ascent, self._sync_settings),
             (ev.steps_per_click, self._sync_settings), (ev.history, self._show_history))
        self._sync_settings()
        self._show_history(session.history)

    def _show_history(self, values: list[float]) -> None:
        self.chart.set_values(values)
        shown = len(values) > 1
        self.history_title.setVisible(shown)
        self.chart.setVisible(shown)

    def _set(self, **changes) -> None:
        if not self._updating:
            self.commands.set_settings(**changes)

    def _sync_settings(self, _value: object = None) -> None:
        s = self.session
        self._updating = True
        try:
            if abs(self.lr.value() - s.lr) > 1e-12:
                self.lr.setValue(s.lr)
            self.direction.setCurrentIndex(1 if s.ascent else 0)
            self.steps.setValue(int(s.steps_per_click))
        finally:
            self._updating = False
