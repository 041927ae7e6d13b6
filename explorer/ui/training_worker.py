"""The thread that trains, at the pace the speed control asks for.

The worker calls :meth:`TrainingLab.advance` in a ``QThread`` of its own, so the
window's thread only draws. Three things keep the window answering while it runs:

* At full speed it works in slices of a few milliseconds and, between slices,
  gives way while the window draws a frame (:meth:`TrainingWorker.hold`):
  Python runs one thread at a time, and a frame drawn while the worker competes
  for the interpreter would take twice as long.
* numpy's BLAS uses one thread (:mod:`explorer.engine.blas`): OpenBLAS's
  helpers busy-wait between products, on the core the window draws with.
* It reports nothing per step. When the window wants a frame it says so
  (:meth:`TrainingWorker.request_frame`); the worker then computes the frame's
  numbers — the snapshot and the 100 x 100 map — between two steps, in its own
  thread, and hands them over (``frameReady``). The window's thread only draws.

At a set pace (1 to 500 steps a second) it sleeps until the next step is due,
so one step a second really is one step a second.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..engine.blas import use_one_blas_thread
from ..model.training_lab import TrainingLab

__all__ = ["TrainingWorker", "TrainingThread", "FULL_SPEED"]

FULL_SPEED = 0  # steps per second: as fast as possible
SLICE = 0.008  # seconds of stepping between two looks at the flags at full speed
SWITCH_INTERVAL = 0.001
HOLD_LIMIT = 0.2  # seconds: the longest the worker waits for the window to draw


class TrainingWorker(QObject):
    """Steps a lab until paused, finished or diverged. Lives in a TrainingThread."""

    stopped = Signal(str)  # why: "paused", "finished" or "diverged"
    frameReady = Signal(object)  # whatever make_frame() returned

    def __init__(self, lab: TrainingLab, speed: float = FULL_SPEED,
                 make_frame: Callable[[], object] | None = None):
        super().__init__()
        self.lab = lab
        self.speed = speed  # steps per second, or FULL_SPEED; the window may change it any time
        self.make_frame = make_frame
        self._pause = threading.Event()
        self._frame_wanted = threading.Event()
        # Cleared while the window draws a frame (hold/release); the worker waits
        # for it, at most HOLD_LIMIT, so a window that never releases cannot stall it.
        self._may_step = threading.Event()
        self._may_step.set()

    def hold(self) -> None:
        """The window is about to draw: take no step until :meth:`release`."""
        self._may_step.clear()

    def release(self) -> None:
        self._may_step.set()

    def request_frame(self) -> None:
        """Ask for the numbers of one frame, computed between two steps (any thread)."""
        self._frame_wanted.set()

    def _deliver_frame(self) -> None:
        if self._frame_wanted.is_set() and self.make_frame is not None:
            self._frame_wanted.clear()
            frame = self.make_frame()
            # Hold here, not when the window starts drawing: else the next slice starts
            # before the window has the frame, and the two threads share the
            # interpreter while it draws (a frame then takes twice as long).
            self.hold()
            self.frameReady.emit(frame)

    def pause(self) -> None:
        """Stop after the step in progress (any thread)."""
        self._pause.set()

    @Slot()
    def run(self) -> None:
        use_one_blas_thread()  # BLAS threads busy-wait on the CPU the window draws with
        # No lower priority for this thread: it holds the interpreter lock while it
        # steps, and a thread the system runs less often holds it longer, so the
        # window waited longer for it (measured: gaps of 60-110 ms on a busy machine).
        # Python hands the interpreter to a waiting thread every 5 ms by default; 1 ms
        # lets the window's thread in sooner while this one computes.
        saved = sys.getswitchinterval()
        sys.setswitchinterval(min(saved, SWITCH_INTERVAL))
        try:
            why = self._loop()
        finally:
            sys.setswitchinterval(saved)
        self.stopped.emit(why)

    def _loop(self) -> str:
        lab = self.lab
        why = "paused"
        next_due = time.perf_counter()
        while not self._pause.is_set():
            self._deliver_frame()
            self._may_step.wait(HOLD_LIMIT)
            speed = self.speed
            if speed == FULL_SPEED:
                taken = lab.advance(1_000_000, budget=SLICE)
            else:
                wait = next_due - time.perf_counter()
                if wait > 0:
                    # Sleep in short pieces so Pause and a new speed act at once.
                    self._pause.wait(min(wait, 0.02))
                    continue
                taken = lab.advance(1)
                next_due = max(next_due + 1.0 / speed, time.perf_counter() - 0.25)
            if taken < 0:
                why = "diverged"
                break
            if taken == 0:
                why = "finished"
                break
            if speed == FULL_SPEED:
                time.sleep(0)  # let the window take the interpreter between slices
        return why


class TrainingThread(QThread):
    """A QThread that runs one worker and goes away when it stops."""

    def __init__(self, worker: TrainingWorker, parent=None):
        super().__init__(parent)
        self.setObjectName("training")
        self.worker = worker
        worker.moveToThread(self)
        self.started.connect(worker.run)
