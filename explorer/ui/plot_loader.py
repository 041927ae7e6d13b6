"""The tangent plot, built into its dock after the window's first paint.

matplotlib takes a second or more to import; the window must appear first. So the
plot's dock shows one line ("Loading the tangent plot…") until the window has been
drawn, then the import runs on a worker thread (it touches no Qt object) and the
panel is built on the GUI thread when it is done.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

from ..errors import ExplorerError
from ..model.commands import Commands
from .actions import ActionRegistry
from .window_parts import scrolling

if TYPE_CHECKING:  # imported when the plot is built (matplotlib is slow to import)
    from .plot_view import PlotPanel

__all__ = ["PlotLoader"]

log = logging.getLogger(__name__)

_FIGURE_MODULE = "explorer.viz.tangent_figure"


def _preload_plotting() -> None:
    """Import the plot's Qt-free half (numpy, matplotlib) off the GUI thread."""
    try:
        importlib.import_module(_FIGURE_MODULE)
    except Exception:  # noqa: BLE001 - the GUI thread's import reports it properly
        log.exception("preloading the plot failed")


class PlotLoader(QObject):
    """Builds the tangent plot of ``commands``' session into ``dock`` when asked
    (:meth:`load`); ``status`` shows the plot's one-line news."""

    def __init__(self, commands: Commands, dock: QDockWidget, status: Callable[[str], None],
                 window: QWidget, *, lazy: bool = True, actions: ActionRegistry | None = None):
        super().__init__(window)
        self.commands = commands
        self.actions = actions  # the window's: the panel's buttons are its entries
        self.dock = dock
        self._status = status
        self._window = window
        self.panel: PlotPanel | None = None
        self.pending = lazy  # load() has yet to run
        self._thread: threading.Thread | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(40)
        self._poll.timeout.connect(self._imported)
        self.placeholder = QLabel("Loading the tangent plot…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dock.setWidget(self.placeholder)
        if not lazy:
            self.build()

    def load_soon(self, delay_ms: int) -> None:
        """Load after ``delay_ms``, unless it is under way or done already."""
        if self.pending:
            QTimer.singleShot(delay_ms, self.load)

    def cancel(self) -> None:
        """Never build the plot (a benchmark of the rest of the window)."""
        self.pending = False

    def load(self) -> None:
        """Import matplotlib on a worker thread (unless it is loaded), then build."""
        if not self.pending or self.panel is not None or self._thread is not None:
            return
        self.pending = False
        if _FIGURE_MODULE in sys.modules:
            self.build()
            return
        self._thread = threading.Thread(target=_preload_plotting, name="preload-matplotlib", daemon=True)
        self._thread.start()
        self._poll.start()

    def _imported(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._poll.stop()
        self.build()

    def build(self) -> None:
        """Build the panel now, on the GUI thread."""
        self.pending = False
        if self.panel is not None:
            return
        try:
            from .plot_view import PlotPanel

            panel = PlotPanel(self.commands, self._window, actions=self.actions)
        except ExplorerError as exc:
            self.placeholder.setText(str(exc))
            return
        self.panel = panel
        panel.message.connect(self._status)
        # In a scroll area: on a small screen the plot scrolls rather than pushing
        # the window taller than the screen.
        self.dock.setWidget(scrolling(panel))
        self.placeholder.deleteLater()
