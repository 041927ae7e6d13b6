"""The Training lab's status line: what the run is doing, in as much as fits.

The line sits beside the progress bar, in a dock that may be narrow (a 1024-px
window with the lab open leaves it about 400 px). Its parts have an order of
importance — the state, the loss, the speed while training, the accuracy, the
next learning rate, the network — and :class:`StatusLine` shows the most
important ones that fit its width, in their reading order, never a cut-off
word; the whole line is its tooltip. The step count is the progress bar's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QWidget

from ..engine.numbers import format_number
from ..model.training_lab import LabSnapshot

__all__ = ["StatusLine", "status_parts", "ProgressAndStatus"]

SEPARATOR = " · "


def status_parts(snap: LabSnapshot, network: str) -> list[tuple[int, str]]:
    """(importance, text) of each part of the line, in reading order; 0 matters most."""
    state = "training" if snap.running else ("finished" if snap.step >= snap.steps else
                                             "paused" if snap.step else "ready")
    parts = [(0, state)]
    if snap.loss is not None:
        parts.append((1, f"loss {format_number(snap.loss)}"))
    if snap.accuracy is not None:
        parts.append((3, f"accuracy {snap.accuracy * 100:.0f} %"))
    if snap.running and snap.steps_per_second:
        parts.append((2, f"{snap.steps_per_second:,.0f} steps/s"))
    parts.append((4, f"next lr {format_number(snap.lr)}"))
    parts.append((5, network))
    return parts


class StatusLine(QLabel):
    """A one-line label that drops its least important parts rather than be cut off."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Its text changes every frame; an ignored width keeps that from re-laying out the panel.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._parts: list[tuple[int, str]] = []

    def set_parts(self, parts: list[tuple[int, str]]) -> None:
        if parts != self._parts:
            self._parts = list(parts)
            self._fit()

    def full_text(self) -> str:
        return SEPARATOR.join(text for _rank, text in self._parts)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin() - 2
        metrics = self.fontMetrics()
        ranks = sorted({rank for rank, _text in self._parts})
        shown = ""
        for limit in reversed(ranks):  # all parts first, then fewer and fewer
            shown = SEPARATOR.join(text for rank, text in self._parts if rank <= limit)
            if metrics.horizontalAdvance(shown) <= room:
                break
        self.setText(shown)
        full = self.full_text()
        self.setToolTip(full if shown != full else "")


class ProgressAndStatus(QWidget):
    """The progress bar with the status line beside it, or under it where beside it the
    line would have no room for the loss and the accuracy (a 1024-px window: about 270
    px, and a six-digit loss pushed the accuracy out)."""

    #: What the line must have room for beside the bar, else it goes under it.
    WANTED = "paused · loss -0.000000000 · accuracy 100 %"

    def __init__(self, progress: QWidget, status: StatusLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.progress, self.status = progress, status
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(progress)
        self.box.addWidget(status, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        room = event.size().width() - self.progress.width() - self.box.spacing()
        wanted = self.status.fontMetrics().horizontalAdvance(self.WANTED) + 2 * self.status.margin() + 4
        direction = QBoxLayout.Direction.LeftToRight if room >= wanted else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)  # (the width stays: no loop of resizes)
        super().resizeEvent(event)
