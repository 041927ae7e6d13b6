"""The status bar's three permanent fields (the graph's size, the output's value and
how long the last command took), and room for its messages.

A message (a tip, a saved file, an error) is what the learner reads first, so while
one is shown the fields step aside, least needed first (time, then output, then
size), for as long as the message needs their room; a message longer than the
whole bar is cut with "…" and shown whole in the bar's tooltip (an error is also
in the problems line under the editor). At 1024 px the first tip was cut off by
"N nodes" otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar

from ..engine.numbers import format_number
from ..model.session import Session

__all__ = ["StatusLine", "message_room"]

# QStatusBar draws its message from x = 6 to 2 px before the first permanent field
# (or 12 px before the bar's right end); see QStatusBarPrivate::messageRect.
_MESSAGE_LEFT = 6
_MESSAGE_RIGHT_GAP = 2
_BAR_RIGHT = 12
_SPACING = 4  # allowance for the layout's spacing beside a field
#: How long a message cut to fit stays (its own timeout is not known here).
_CUT_MESSAGE_MS = 10000


class StatusLine:
    def __init__(self, bar: QStatusBar):
        self.bar = bar
        self.nodes = QLabel()
        self.nodes.setObjectName("statusNodes")
        self.output = QLabel()
        self.output.setObjectName("statusOutput")
        self.time = QLabel()
        self.time.setObjectName("statusTime")
        for label, sample in ((self.nodes, "99999 nodes"), (self.output, "output o = -0.000000"),
                              (self.time, "finish step-through: 999.9 ms")):
            label.setContentsMargins(8, 0, 8, 0)
            # Wide enough for its longest text, so the bar does not jump as numbers change.
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(sample) + 16)
            bar.addPermanentWidget(label)
        self._cutting = False
        bar.messageChanged.connect(self._make_room)

    @property
    def fields(self) -> list[QLabel]:
        """The permanent fields, in the order they step aside for a message."""
        return [self.time, self.output, self.nodes]

    def show(self, session: Session) -> None:
        """The fields for what the graph canvas shows: the document's graph, or a
        Training lab neuron's shown instead of it (``session.aside``)."""
        aside = session.aside.shown
        graph = aside.graph if aside is not None else session.graph
        if graph is None:
            self.nodes.setText("no graph")
            self.output.setText("")
        else:
            self.nodes.setText(f"{len(graph.nodes)} nodes")
            root = graph.root
            what = f"neuron {root.label}" if aside is not None else f"output {session.name(root)}"
            self.output.setText(f"{what} = {format_number(root.data)}")
        if session.last_action is not None:
            what, seconds = session.last_action
            self.time.setText(f"{what}: {seconds * 1000:.1f} ms")

    def _make_room(self, message: str) -> None:
        if self._cutting:
            return
        bar = self.bar
        fields = self.fields
        if not message:
            for field in fields:
                field.show()
            bar.setToolTip("")
            return
        needed = bar.fontMetrics().horizontalAdvance(message)
        shown = list(reversed(fields))  # left to right: nodes, output, time
        for field in fields:
            if needed <= message_room(bar, shown):
                break
            field.hide()
            shown.remove(field)
        for field in shown:
            field.show()
        room = message_room(bar, shown)
        if needed > room:
            cut = bar.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)
            bar.setToolTip(message)
            self._cutting = True
            try:
                bar.showMessage(cut, _CUT_MESSAGE_MS)
            finally:
                self._cutting = False
        else:
            bar.setToolTip("")


def message_room(bar: QStatusBar, fields: list[QLabel]) -> int:
    """Pixels the bar has for its message when ``fields`` (permanent ones) are shown."""
    grip = bar.findChild(QSizeGrip)
    end = bar.width() - (grip.width() + _SPACING if grip is not None and grip.isVisible() else 0)
    if fields:
        taken = sum(max(f.minimumWidth(), f.sizeHint().width()) + _SPACING for f in fields)
        right = end - taken - _MESSAGE_RIGHT_GAP
    else:
        right = min(end, bar.width() - _BAR_RIGHT)
    return max(0, right - _MESSAGE_LEFT)
