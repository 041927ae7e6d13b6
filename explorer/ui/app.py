"""Start the window: ``main(argv) -> exit code``.

``argv`` holds the arguments after the program's name: nothing (the lecture's
neuron opens) or one file to open. Errors never show a traceback: an
ExplorerError goes to the problems line, anything else is logged to a file and
summed up in one sentence (:func:`install_excepthook`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

_T0 = time.perf_counter()

from PySide6.QtCore import QTimer  # noqa: E402 - the clock starts before Qt is imported
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from ..errors import ExplorerError  # noqa: E402
from ..userdirs import log_dir  # noqa: E402

__all__ = ["main", "install_excepthook", "log_path"]

log = logging.getLogger("explorer")

# Set by the startup benchmark: print the time of the first paint and quit.
ENV_PROBE = "GRADIENT_EXPLORER_STARTUP_PROBE"


def log_path() -> Path:
    """Where unexpected errors are written (the per-user log folder)."""
    return log_dir() / "gradient-explorer.log"


def _log_to_file(text: str) -> Path | None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
        return path
    except OSError:
        return None


def install_excepthook(report: Callable[[ExplorerError], None],
                       parent: Callable[[], QWidget | None] = lambda: None) -> None:
    """Route uncaught exceptions: an ExplorerError to ``report`` (the problems line);
    anything else to the log file and one short message box, never a traceback."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, ExplorerError):
            report(exc)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        where = _log_to_file(text)
        print(text, file=sys.stderr)
        detail = f" The details were written to {where}." if where else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "Something went wrong",
                          f"Gradient Explorer met an unexpected problem: {exc_type.__name__}: "
                          f"{str(exc)[:200]}. Your text is safe; you can keep working.{detail}",
                          QMessageBox.StandardButton.Ok, parent())
        box.setObjectName("unexpectedErrorBox")
        box.setModal(False)
        box.show()

    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    """Open the window (and the file in ``argv``, if any); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from ..display import display_problem, qt_problem

    problem = display_problem() or qt_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # The QApplication first: on X11, pygraphviz's bundled libxcb loaded before Qt
    # connects to the display crashes the window, so nothing may import it earlier.
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gradient-explorer"])
    from . import theme
    from .compose import build_window

    theme.setup_application(app)
    gui = build_window()
    window = gui.window
    install_excepthook(window.report, lambda: window)
    if not window.restore_state():
        _default_geometry(window)
    if os.environ.get(ENV_PROBE):
        window.firstPainted.connect(lambda: _probe_done(app))
    window.show()
    if not os.environ.get(ENV_PROBE) and not os.environ.get(theme.ENV_TESTING):
        from .guide import welcome_due

        if welcome_due():  # the first start: the three first moves, once
            QTimer.singleShot(300, gui.actions["welcome"].trigger)
    if argv:
        # After show(), so a file that cannot be read explains itself in the window
        # (File > Open's way: it reports its own errors and remembers the file).
        QTimer.singleShot(0, lambda: gui.documents.open(argv[0]))
    return int(app.exec())


def _default_geometry(window) -> None:
    """85 % of the screen, at most 1600 x 1000, centred: room for every panel. On a
    small screen (768 or 800 px high) all of it: the graph and the plot need the room."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    share = 1.0 if area.height() <= 900 else 0.85
    w = min(1600, max(960, int(area.width() * share)))
    h = min(1000, max(600, int(area.height() * share)))
    window.resize(min(w, area.width()), min(h, area.height()))
    window.move(area.center().x() - window.width() // 2, area.center().y() - window.height() // 2)


def _probe_done(app: QApplication) -> None:
    print(f"first-paint {time.perf_counter() - _T0:.4f}", flush=True)
    QTimer.singleShot(0, app.quit)
