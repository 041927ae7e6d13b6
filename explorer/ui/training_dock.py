"""The Training lab's place in the main window: a dock (placed by :mod:`explorer.ui.compose`).

The lab's panel is built the first time the dock is shown, so starting the
window does not pay for a canvas it may never show. A session file keeps every
setting of the lab and what it trains (:class:`~explorer.model.training_lab.SavedLab`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from ..engine.training_run import TrainingRunError
from ..errors import ExplorerError
from ..model.commands import Commands
from ..model.training_lab import SavedLab, TrainingLab
from .actions import ActionRegistry
from .training_lab import TrainingLabPanel

__all__ = ["TrainingLabDock"]


class TrainingLabDock(QDockWidget):
    settingsChanged = Signal()

    def __init__(self, window: QMainWindow, commands: Commands,
                 report: Callable[[ExplorerError], None] | None = None, lab: TrainingLab | None = None,
                 actions: ActionRegistry | None = None):
        """The dock of ``window``, training the network the text of ``commands.session``
        defines, each run one of ``commands`` (one undo step); a problem goes to ``report``.
        The panel's buttons are the Training entries of ``actions`` (the window's)."""
        super().__init__("Training lab", window)
        self.setObjectName("trainingDock")
        self._host = window
        self._commands = commands
        self._report = report
        self._actions = actions
        self.lab = lab or TrainingLab()
        self._panel: TrainingLabPanel | None = None
        self.setWidget(QLabel("The training lab appears here when this panel is shown."))
        self.visibilityChanged.connect(lambda visible: visible and self.panel)
        self.lab.events.settings.connect(lambda _s: self.settingsChanged.emit())

    @property
    def panel(self) -> TrainingLabPanel:
        if self._panel is None:
            self._panel = TrainingLabPanel(self.lab, self._commands, self, actions=self._actions)
            report = self._report
            if report is not None:
                self._panel.errorOccurred.connect(lambda message: report(ExplorerError(message)))
            old = self.widget()
            self.setWidget(self._panel)
            if old is not None:
                old.deleteLater()
        return self._panel

    def shown_panel(self) -> TrainingLabPanel:
        """The panel, its dock shown and raised: a Training menu command shows what it does."""
        self.show()
        self.raise_()
        return self.panel

    def open(self) -> TrainingLabPanel:
        """Show and raise the dock, tall enough for the map to be read; train the
        expression's network when it defines one with data (the training example)."""
        self.show()
        self.raise_()
        panel = self.panel
        if panel.expression_available() and not panel.running:
            # The lab follows the text as it opens (no command: nothing the user changed).
            try:
                panel.follow_expression()
            except ExplorerError as exc:
                if self._report is not None:
                    self._report(exc)
        window = self._host
        if window.dockWidgetArea(self) in (
                Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            window.resizeDocks([self], [int(window.height() * 0.55)], Qt.Orientation.Vertical)
        return self.panel

    def saved(self) -> SavedLab:
        """What a session file records of the lab: every setting, and what it trains."""
        return self.lab.saved()

    def apply_saved(self, saved: SavedLab | None) -> None:
        """Show an opened document's lab (None: a document without one, the lab's defaults)."""
        self.finish_run()
        graph = self._commands.session.graph
        try:
            self.lab.apply_saved(saved or SavedLab(), graph.training if graph is not None else None)
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
