"""The Training lab's place in the main window: a dock (placed by :mod:`explorer.ui.compose`).

The lab's panel is built the first time the dock is shown, so starting the
window does not pay for a canvas it may never show. Until the application model
saves the lab's own settings, a session file keeps what the old Training panel
kept: the learning rate, the number of steps and the weight seed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from ..engine.training_run import TrainingRunError
from ..errors import ExplorerError
from ..model.commands import Commands
from ..model.training import TrainingSettings
from ..model.training_lab import TrainingLab
from .training_controls import EXPRESSION
from .training_lab import TrainingLabPanel

__all__ = ["TrainingLabDock"]


class TrainingLabDock(QDockWidget):
    settingsChanged = Signal()

    def __init__(self, window: QMainWindow, commands: Commands | None = None,
                 report: Callable[[ExplorerError], None] | None = None, lab: TrainingLab | None = None):
        """The dock of ``window``, training the network the text of ``commands.session``
        defines, each run one of ``commands`` (one undo step); a problem goes to ``report``."""
        super().__init__("Training lab", window)
        self.setObjectName("trainingDock")
        self._host = window
        self._commands = commands
        self._report = report
        self.lab = lab or TrainingLab()
        self._panel: TrainingLabPanel | None = None
        self.setWidget(QLabel("The training lab appears here when this panel is shown."))
        self.visibilityChanged.connect(lambda visible: visible and self.panel)
        self.lab.events.settings.connect(lambda _s: self.settingsChanged.emit())

    @property
    def panel(self) -> TrainingLabPanel:
        if self._panel is None:
            self._panel = TrainingLabPanel(self.lab, self._commands, self)
            report = self._report
            if report is not None:
                self._panel.errorOccurred.connect(lambda message: report(ExplorerError(message)))
            old = self.widget()
            self.setWidget(self._panel)
            if old is not None:
                old.deleteLater()
        return self._panel

    def open(self) -> TrainingLabPanel:
        """Show and raise the dock, tall enough for the map to be read; train the
        expression's network when it defines one with data (the training example)."""
        self.show()
        self.raise_()
        panel = self.panel
        if panel.expression_available() and not panel.running:
            panel.pick_dataset(EXPRESSION)
        window = self._host
        if window.dockWidgetArea(self) in (
                Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            window.resizeDocks([self], [int(window.height() * 0.55)], Qt.Orientation.Vertical)
        return self.panel

    # What a session file records (see the module docstring).
    @property
    def settings(self) -> TrainingSettings:
        s = self.lab.settings
        return TrainingSettings(lr=s.lr, steps=s.steps, seed=s.init_seed)

    def apply_settings(self, settings: TrainingSettings | None) -> None:
        if settings is None or self.lab.running:
            return
        try:
            self.lab.configure(lr=settings.lr, steps=settings.steps, init_seed=settings.seed)
        except TrainingRunError as exc:
            if self._report is not None:
                self._report(exc)

    def finish_run(self) -> None:
        """Pause a run and wait until it is recorded as a command (before Undo or Redo,
        which then undo or redo that run)."""
        if self._panel is not None and self._panel.running:
            self._panel.pause()
            self._panel.wait()

    def shutdown(self) -> None:
        if self._panel is not None:
            self._panel.shutdown()
