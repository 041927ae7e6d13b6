"""Graphviz layout away from the window: a separate process that can be cancelled.

pygraphviz holds Python's global interpreter lock for the whole of Graphviz's
work, so a layout running in a QThread would still stop the window from
painting (measured: the GUI thread got no time at all during a 1.7 s layout).
A child process has its own interpreter: the window keeps drawing, and Cancel
simply kills the child. The DOT goes in on stdin, Graphviz's json0 comes back
on stdout and is read with :mod:`explorer.viz.layout`, exactly as the in-process
layout reads it, so both paths give the same boxes.

Where there is no Python to start (a frozen, PyInstaller-built app), the layout
runs in a thread instead: correct, cancellable (the result is thrown away), but
the window may stutter while Graphviz works.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from explorer.viz import layout as viz_layout

__all__ = ["LayoutJob", "WORKER"]

WORKER = Path(__file__).with_name("graph_layout_worker.py")


class LayoutJob(QObject):
    """One layout of ``graph`` in the background. Emits exactly one of
    ``finished(Layout)`` or ``failed(str)``, and neither after :meth:`cancel`."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, graph, rankdir: str = "LR", parent: QObject | None = None,
                 titles: list[str] | None = None):
        super().__init__(parent)
        self.graph = graph
        self.rankdir = rankdir
        self.titles = titles
        self.cancelled = False
        self._process: QProcess | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        if self._process is not None:
            return self._process.state() != QProcess.ProcessState.NotRunning
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        # Placeholders instead of numbers: the same DOT the in-process layout uses.
        source = viz_layout.layout_source(self.graph, self.rankdir, self.titles)
        if getattr(sys, "frozen", False):
            self._start_thread(source)
        else:
            self._start_process(source)

    def cancel(self) -> None:
        """Stop waiting for this layout; the child process is killed."""
        self.cancelled = True
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(1000)

    # -- a child process -------------------------------------------------------------

    def _start_process(self, source: str) -> None:
        process = QProcess(self)
        process.finished.connect(self._process_finished)
        process.errorOccurred.connect(self._process_error)
        self._process = process
        self._payload = ("dot\n" + source).encode("utf-8")
        process.started.connect(self._send)
        process.start(sys.executable, [str(WORKER)])

    def _send(self) -> None:
        assert self._process is not None
        self._process.write(self._payload)
        self._process.closeWriteChannel()
        self._payload = b""

    def _process_error(self, error: QProcess.ProcessError) -> None:
        if self.cancelled:
            return
        if error == QProcess.ProcessError.FailedToStart:
            self.cancelled = True  # nothing else will come from this process
            self.failed.emit("The layout could not start a helper process "
                             f"({self._process.errorString() if self._process else error}).")

    def _process_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self.cancelled or self._process is None:
            return
        out = bytes(self._process.readAllStandardOutput().data())
        err = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        if status != QProcess.ExitStatus.NormalExit or code != 0:
            last = err.splitlines()[-1] if err else f"exit status {code}"
            self.failed.emit(f"Graphviz could not lay out the graph: {last}")
            return
        self._deliver(out)

    def _deliver(self, out: bytes) -> None:
        try:
            result = viz_layout.from_json0(self.graph, json.loads(out), self.rankdir)
        except (ValueError, KeyError, IndexError) as exc:
            self.failed.emit(f"Graphviz's layout could not be read ({exc}).")
            return
        self.finished.emit(result)

    # -- a thread (frozen app) -------------------------------------------------------

    def _start_thread(self, source: str) -> None:
        # Signals emitted from the thread are queued to this object's thread (the GUI).
        def run() -> None:
            try:
                out = viz_layout.render(source, "json0", prog="dot")
            except Exception as exc:  # noqa: BLE001 - reported to the user as one line
                if not self.cancelled:
                    self.failed.emit(str(exc))
                return
            if not self.cancelled:
                self._thread_done.emit(out)

        self._thread_done.connect(self._from_thread)
        self._thread = threading.Thread(target=run, name="graph-layout", daemon=True)
        self._thread.start()

    _thread_done = Signal(bytes)

    def _from_thread(self, out: bytes) -> None:
        if not self.cancelled:
            self._deliver(out)
