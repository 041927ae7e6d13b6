"""The "Backprop step by step" panel.

Shows the arithmetic of every step taken so far (the current one stands out),
which node comes next, and holds the Play timer: Play takes one step per tick at
the chosen speed until the walk is over. The stepping itself is
``Session.step_through`` (Qt-free, :mod:`explorer.model.stepper`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..model.session import Session
from .accents import accents
from .actions import ActionRegistry
from .binding import bind
from .controls import action_button
from .editor import editor_font

__all__ = ["StepThroughPanel", "SPEEDS"]

# Steps per second the speed slider offers.
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)
#: From this width on the log sits beside the buttons; narrower, under them.
WIDE_PX = 620


class StepThroughPanel(QWidget):
    def __init__(self, session: Session, actions: ActionRegistry, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stepThrough")
        self.session = session
        self.actions = actions
        # Wide and short (a bottom dock): the buttons on the left, the arithmetic log
        # on the right where long lines fit. Narrow and tall (the window's right
        # column, where it opens): the log under the buttons (see resizeEvent).
        self.outer = outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(10)
        left = QVBoxLayout()
        left.setSpacing(6)
        outer.addLayout(left, 0)

        intro = QLabel("Walk the chain rule one node at a time, from the output back (or the forward "
                       "pass from the inputs on). The graph lights up the node and the edges it sends "
                       "gradient along.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(260)
        intro.setMaximumWidth(360)
        left.addWidget(intro)

        buttons = QGridLayout()
        buttons.setSpacing(4)
        buttons.addWidget(action_button(actions["walk_backward"]), 0, 0)
        buttons.addWidget(action_button(actions["walk_forward"]), 0, 1)
        buttons.addWidget(action_button(actions["walk_play"]), 1, 0)
        buttons.addWidget(action_button(actions["walk_finish"]), 1, 1)
        buttons.addWidget(action_button(actions["walk_stop"]), 2, 1)
        left.addLayout(buttons)

        speed_row = QHBoxLayout()
        speed_row.addWidget(QLabel("Speed"))
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setObjectName("stepSpeed")
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setValue(1)
        self.speed.setPageStep(1)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance("0.5 steps/s") + 4)
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        left.addLayout(speed_row)
        left.addStretch(1)

        right = QVBoxLayout()
        right.setSpacing(4)
        outer.addLayout(right, 1)
        self.progress = QLabel()
        self.progress.setObjectName("stepProgress")
        self.progress.setWordWrap(True)
        font = self.progress.font()
        font.setBold(True)
        self.progress.setFont(font)
        right.addWidget(self.progress)

        self.log = QTextBrowser()
        self.log.setObjectName("stepLog")
        self.log.setFont(editor_font())
        self.log.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self.log.setOpenLinks(False)
        self.log.setMinimumHeight(80)
        right.addWidget(self.log, 1)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.speed.valueChanged.connect(self._speed_changed)
        self._speed_changed(self.speed.value())
        bind(self, (session.events.stepper, self._changed), (session.events.structure, self._changed))
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        wide = event.size().width() >= WIDE_PX
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.outer.direction() != direction:
            self.outer.setDirection(direction)
            # Narrow, long lines wrap: a log scrolled sideways hides the start of every line.
            wrap = QTextBrowser.LineWrapMode.NoWrap if wide else QTextBrowser.LineWrapMode.WidgetWidth
            self.log.setLineWrapMode(wrap)
        super().resizeEvent(event)

    # -- play --------------------------------------------------------------------------

    @property
    def steps_per_second(self) -> float:
        return SPEEDS[self.speed.value()]

    def _speed_changed(self, index: int) -> None:
        speed = SPEEDS[index]
        self.speed_label.setText(f"{speed:g} step/s" if speed <= 1 else f"{speed:g} steps/s")
        self.speed.setToolTip(f"Play takes {SPEEDS[index]:g} steps per second.")
        self.timer.setInterval(int(1000 / SPEEDS[index]))

    def set_playing(self, playing: bool) -> None:
        """Start or pause Play (the walk_play action's toggled handler)."""
        if playing:
            stepper = self.session.stepper
            if stepper is None or stepper.done:
                self._step()  # the first step at once: a click should do something visible
            self.timer.start()
        else:
            self.timer.stop()
        self.actions.show_checked("walk_play", playing)  # Play or Pause, as the table says

    def _tick(self) -> None:
        stepper = self.session.stepper
        if stepper is not None and stepper.done:
            self.set_playing(False)
            return
        self._step()
        stepper = self.session.stepper
        if stepper is None or stepper.done or self.session.error is not None:
            self.set_playing(False)

    def _step(self) -> None:
        stepper = self.session.stepper
        kind = stepper.kind if stepper is not None and not stepper.done else "backward"
        self.session.step_through(kind)

    # -- drawing -----------------------------------------------------------------------

    def _changed(self, _value: object = None) -> None:
        self.refresh()
        if self.session.stepper is None and self.timer.isActive():
            self.set_playing(False)

    def refresh(self) -> None:
        s = self.session
        stepper = s.stepper
        c = accents(self)
        if stepper is None or not stepper.steps:
            self.progress.setText("Press “Backward one node” (F10) to start, or Play.")
            self.log.setHtml(f"<p style='color:{c['comment']}'>The arithmetic of each step appears here, "
                             "e.g.<br><br>a.grad += b.data * e.grad&nbsp;&nbsp;-&gt;&nbsp;&nbsp;"
                             "0 + (-3) * (-2) = 6</p>")
            return
        current = stepper.current
        direction = "Backprop" if stepper.kind == "backward" else "Forward pass"
        if stepper.done:
            self.progress.setText(f"{direction}: done, {stepper.total} of {stepper.total} steps. "
                                  "The next click starts again.")
        else:
            nxt = s.name(stepper.upcoming) if stepper.upcoming is not None else ""
            self.progress.setText(f"{direction}: step {stepper.position} of {stepper.total} — "
                                  f"{current.title}. Next: {nxt}.")
        parts = []
        for step in stepper.steps:
            is_current = step is current
            color = c["current"] if is_current else c["comment"]
            weight = "bold" if is_current else "normal"
            lines = "<br>".join(html.escape(line).replace("  ", "&nbsp;&nbsp;") for line in step.lines)
            parts.append(f"<div style='margin-bottom:6px'><span style='color:{color};font-weight:{weight}'>"
                         f"{step.index + 1}. {html.escape(step.title)}</span><br>"
                         f"<span style='font-weight:{weight}'>{lines}</span></div>")
        self.log.setHtml("".join(parts))
        # The current step is the last one: keep it in view.
        self.log.moveCursor(QTextCursor.MoveOperation.End)
        self.log.ensureCursorVisible()

    def current_text(self) -> str:
        """The arithmetic of the step taken last, as plain text (tests, copy)."""
        stepper = self.session.stepper
        if stepper is None or stepper.current is None:
            return ""
        return "\n".join(stepper.current.lines)
