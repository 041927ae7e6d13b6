"""The Training lab's place in the main window: a dock, and its one-line install.

The lab's panel is built the first time the dock is shown, so starting the
window does not pay for a canvas it may never show. Until the application model
saves the lab's own settings, a session file keeps what the old Training panel
kept: the learning rate, the number of steps and the weight seed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel

from ..engine.training_run import TrainingRunError
from ..errors import ExplorerError
from ..model.training import TrainingSettings
from ..model.training_lab import TrainingLab
from .training_controls import EXPRESSION
from .training_lab import TrainingLabPanel

__all__ = ["TrainingLabDock", "install_training_lab"]


class TrainingLabDock(QDockWidget):
    settingsChanged = Signal()

    def __init__(self, window, lab: TrainingLab | None = None):
        super().__init__("Training lab", window)
        self.setObjectName("trainingDock")
        self._host = window
        self.lab = lab or TrainingLab()
        self._panel: TrainingLabPanel | None = None
        self.setWidget(QLabel("The training lab appears here when this panel is shown."))
        self.visibilityChanged.connect(lambda visible: visible and self.panel)
        self.toggleViewAction().setText("Training lab")
        self.toggleViewAction().setStatusTip("Show or hide the Training lab: watch a network learn a "
                                             "2-D dataset, live.")
        self.lab.events.settings.connect(lambda _s: self.settingsChanged.emit())

    @property
    def panel(self) -> TrainingLabPanel:
        if self._panel is None:
            self._panel = TrainingLabPanel(self.lab, getattr(self._host, "session", None), self)
            report = getattr(self._host, "report", None)
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
        if hasattr(window, "resizeDocks") and window.dockWidgetArea(self) in (
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
            report = getattr(self._host, "report", None)
            if report is not None:
                report(exc)

    def shutdown(self) -> None:
        if self._panel is not None:
            self._panel.shutdown()


def install_training_lab(window, documents=None, *, visible: bool = False) -> TrainingLabDock:
    """Add the Training lab dock to ``window`` (tabbed with the tangent plot), a View
    menu entry to show it, and — given the window's DocumentController — save its
    settings with the session and open it with the training example."""
    dock = TrainingLabDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    plot_dock = getattr(window, "plot_dock", None)
    if plot_dock is not None:
        window.tabifyDockWidget(plot_dock, dock)
        plot_dock.raise_()
    if not visible:
        dock.hide()
    view_menu = (getattr(window, "menus", None) or {}).get("view")
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    if documents is not None:
        documents.attach_training(dock)
    window.training_dock = dock
    return dock
