"""Reading the text while the window keeps drawing: parse and build on a worker thread.

A text within the language's work budget can still take up to about a second to
read and build (20,000 lines). Done on the GUI thread after a pause in typing, that
would freeze the window; here it runs on a Python thread, and the result comes back
to the GUI thread as a queued signal. Python's interpreter lock is handed between
the two threads every few milliseconds (the parser itself is fed a few hundred
lines at a time for the same reason, see ``explorer.lang.program``), so typing and
painting go on meanwhile.

Only the newest text counts: a text submitted while another is being read is read
next, and the older result is dropped. Nothing is shared with the GUI thread
while the worker runs: it makes a new Program and Graph, which the session then
takes over (``Session.set_text(text, parsed=...)``).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from ..errors import ExplorerError
from ..lang import parse

__all__ = ["BackgroundParse"]


class BackgroundParse(QObject):
    """``submit(text)``; later ``finished(text, result)`` with ``result`` a
    ``(program, graph)`` pair or the ExplorerError the text gave."""

    finished = Signal(str, object)
    _done = Signal(int, str, object)  # emitted on the worker thread, delivered queued

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._generation = 0
        self._running: threading.Thread | None = None
        self._next: str | None = None
        self._done.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """A text is being read (or waits to be)."""
        return self._running is not None or self._next is not None

    def submit(self, text: str) -> None:
        self._generation += 1
        if self._running is not None:
            self._next = text  # read when the current one is done; its result is dropped
            return
        self._start(text)

    def cancel(self) -> None:
        """Drop every result still to come (the text was read another way)."""
        self._generation += 1
        self._next = None

    def wait(self, timeout: float = 10.0) -> None:
        """Block until the worker is idle (tests, and closing the window)."""
        thread = self._running
        if thread is not None:
            thread.join(timeout)

    def _start(self, text: str) -> None:
        generation = self._generation

        def work() -> None:
            try:
                program = parse(text)
                result: object = (program, program.build())
            except Exception as exc:  # noqa: BLE001 - ExplorerError, or a bug shown by the GUI thread
                result = exc
            try:
                self._done.emit(generation, text, result)
            except RuntimeError:
                pass  # the window closed while the text was read: nobody to tell

        self._running = threading.Thread(target=work, name="parse-text", daemon=True)
        self._running.start()

    def _deliver(self, generation: int, text: str, result: object) -> None:
        self._running = None
        if self._next is not None:
            text_next, self._next = self._next, None
            self._start(text_next)
            return
        if generation != self._generation:
            return
        if isinstance(result, Exception) and not isinstance(result, ExplorerError):
            raise result  # a bug: the application's handler reports it, as on the GUI thread
        self.finished.emit(text, result)
