"""Graphviz layout away from the window: a separate process that can be cancelled.

pygraphviz holds Python's global interpreter lock for the whole of Graphviz's
work, so a layout running in a QThread would still stop the window from
painting (measured: the GUI thread got no time at all during a 1.7 s layout).
A child process has its own interpreter: the window keeps drawing, and Cancel
simply kills the child. The DOT goes in on stdin, Graphviz's positions come back
on stdout (:mod:`explorer.viz.gv_positions`) and are read with
:mod:`explorer.viz.layout`, exactly as the in-process layout reads its own, so
both paths give the same boxes.

Starting Python and pygraphviz costs 100-300 ms, so one :class:`LayoutWorker`
process is started ahead of need (:func:`warm_up`) and kept waiting: a layout
is handed to it at once. Cancelling kills it, and a fresh one is started for the
next layout while nobody waits.

Where there is no Python to start (a frozen, PyInstaller-built app), the layout
runs in a thread instead: correct, cancellable (the result is thrown away), but
the window may stutter while Graphviz works.
"""

from __future__ import annotations

import atexit
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer, Signal

from explorer.viz import layout as viz_layout

__all__ = ["LayoutJob", "LayoutWorker", "WORKER", "shared_worker", "warm_up"]

WORKER = Path(__file__).with_name("graph_layout_worker.py")


class LayoutWorker(QObject):
    """One long-lived layout process (graph_layout_worker.py), one request at a time.

    ``answered(request, ok, data)``: the positions (``ok``) or one line saying what failed."""

    answered = Signal(int, bool, bytes)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._process: QProcess | None = None
        self._buffer = bytearray()
        self._header: tuple[bool, int] | None = None
        self._pending: bytes | None = None  # written once the process has started
        self.current: int | None = None  # the request being worked on
        self._requests = 0
        #: How many processes this worker has started (tests and benchmarks read it).
        self.starts = 0

    @property
    def ready(self) -> bool:
        """A process is running and waiting for work."""
        return (self._process is not None and self.current is None
                and self._process.state() == QProcess.ProcessState.Running)

    def warm(self) -> None:
        """Start the process now (if none is running), so the next request need not wait."""
        if self._process is not None:
            return
        process = QProcess(self)
        process.readyReadStandardOutput.connect(lambda p=process: self._read(p))
        process.finished.connect(lambda code, status, p=process: self._ended(p, f"exit status {code}"))
        process.errorOccurred.connect(lambda error, p=process: self._failed_to_start(p, error))
        process.started.connect(lambda p=process: self._started(p))
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self._process = process
        self._buffer.clear()
        self._header = None
        self.starts += 1
        process.start(sys.executable, [str(WORKER)])

    def submit(self, prog: str, source: str) -> int:
        """Lay out DOT ``source`` with ``prog``; the answer comes as ``answered``."""
        if self.current is not None:
            self._stop()  # still busy with an abandoned request: start afresh
        self.warm()
        self._requests += 1
        self.current = self._requests
        payload = (prog + "\n" + source).encode("utf-8")
        message = b"%d\n" % len(payload) + payload
        if self._process.state() == QProcess.ProcessState.Running:
            self._write(self._process, message)
        else:
            self._pending = message
        return self.current

    def drawn(self) -> None:
        """The window has drawn the last answer: the process may free its layout now
        rather than when the next request comes (that would wait for it)."""
        process = self._process
        if process is not None and self.current is None and process.state() == QProcess.ProcessState.Running:
            process.write(b"0\n")

    def cancel(self, request: int) -> None:
        """Give up on ``request``: the process is killed, a new one started while idle."""
        if request != self.current:
            return
        self._stop()
        QTimer.singleShot(300, self.warm)

    def shutdown(self) -> None:
        """Let the process end (its stdin closes); kill it if it does not."""
        process, self._process = self._process, None
        self.current = None
        if process is None:
            return
        process.blockSignals(True)  # an ending we asked for is not news
        process.closeWriteChannel()
        if not process.waitForFinished(500):
            process.kill()
            process.waitForFinished(500)

    def _stop(self) -> None:
        process, self._process = self._process, None
        self.current = None
        self._pending = None
        if process is not None:
            process.blockSignals(True)
            process.kill()
            process.waitForFinished(1000)
            process.deleteLater()

    def _started(self, process: QProcess) -> None:
        if process is self._process and self._pending is not None:
            self._write(process, self._pending)
            self._pending = None

    @staticmethod
    def _write(process: QProcess, message: bytes) -> None:
        """Hand ``message`` over now. QProcess would pass it on a pipe-full (64 KB) each
        time the event loop comes round, and the window may keep that loop busy meanwhile
        (the preview of a very big graph); the worker is waiting to read, so this is quick."""
        process.write(message)
        while process.bytesToWrite() > 0 and process.waitForBytesWritten(1000):
            pass

    def _read(self, process: QProcess) -> None:
        if process is not self._process:
            return
        self._buffer += bytes(process.readAllStandardOutput().data())
        while True:
            if self._header is None:
                end = self._buffer.find(b"\n")
                if end < 0:
                    return
                word, size = bytes(self._buffer[:end]).split()
                self._header = (word == b"ok", int(size))
                del self._buffer[:end + 1]
            ok, size = self._header
            if len(self._buffer) < size:
                return
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
            self._header = None
            request, self.current = self.current, None
            if request is not None:
                self.answered.emit(request, ok, data)

    def _ended(self, process: QProcess, why: str) -> None:
        if process is not self._process:
            return
        self._process = None
        process.deleteLater()
        request, self.current = self.current, None
        if request is not None:
            self.answered.emit(request, False, f"the layout helper stopped ({why})".encode())

    def _failed_to_start(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._ended(process, f"it could not start: {process.errorString()}")


_shared: LayoutWorker | None = None


def shared_worker() -> LayoutWorker:
    """The one layout process of this application (stopped when the application quits)."""
    global _shared
    if _shared is None:
        app = QCoreApplication.instance()
        _shared = LayoutWorker(app)
        if app is not None:
            app.aboutToQuit.connect(_shared.shutdown)
        atexit.register(_shutdown_shared)  # also when the application object is never told to quit
    return _shared


def _shutdown_shared() -> None:
    try:
        if _shared is not None:
            _shared.shutdown()
    except RuntimeError:  # Qt already deleted it with the application
        pass


def warm_up() -> None:
    """Start the layout process ahead of need (a no-op in a frozen app, which uses threads)."""
    if not getattr(sys, "frozen", False):  # sys.frozen exists only inside a PyInstaller bundle
        shared_worker().warm()


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
        self._request: int | None = None
        self._worker: LayoutWorker | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        if self._worker is not None:
            return not self.cancelled and self._worker.current == self._request
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        # Placeholders instead of numbers: the same DOT the in-process layout uses.
        source = viz_layout.layout_source(self.graph, self.rankdir, self.titles)
        if getattr(sys, "frozen", False):  # a PyInstaller bundle cannot start a second interpreter
            self._start_thread(source)
        else:
            self._start_process(source)

    def drawn(self) -> None:
        """The window has drawn this layout: the worker process may free its own copy."""
        if self._worker is not None and not self.cancelled:
            self._worker.drawn()

    def cancel(self) -> None:
        """Stop waiting for this layout; the worker process is killed."""
        self.cancelled = True
        if self._worker is not None and self._request is not None:
            self._worker.cancel(self._request)

    # -- the worker process ----------------------------------------------------------

    def _start_process(self, source: str) -> None:
        worker = shared_worker()
        self._worker = worker
        worker.answered.connect(self._answered)
        self._request = worker.submit("dot", source)

    def _answered(self, request: int, ok: bool, data: bytes) -> None:
        if request != self._request or self.cancelled:
            return
        self._worker.answered.disconnect(self._answered)
        if not ok:
            self.failed.emit(f"Graphviz could not lay out the graph: {data.decode('utf-8', 'replace')}")
            return
        self._deliver(data)

    def _deliver(self, out: bytes) -> None:
        try:
            result = viz_layout.read_layout(self.graph, out, self.rankdir)
        except (ValueError, KeyError, IndexError) as exc:
            self.failed.emit(f"Graphviz's layout could not be read ({exc}).")
            return
        self.finished.emit(result)

    # -- a thread (frozen app) -------------------------------------------------------

    def _start_thread(self, source: str) -> None:
        # Signals emitted from the thread are queued to this object's thread (the GUI).
        def run() -> None:
            try:
                out = viz_layout.run_layout(source)
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
