"""The status bar's three permanent fields: the graph's size, the output's value and
how long the last command took."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from ..engine.numbers import format_number
from ..model.session import Session

__all__ = ["StatusLine"]


class StatusLine:
    def __init__(self, bar: QStatusBar):
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

    def show(self, session: Session) -> None:
        graph = session.graph
        if graph is None:
            self.nodes.setText("no graph")
            self.output.setText("")
        else:
            self.nodes.setText(f"{len(graph.nodes)} nodes")
            root = graph.root
            self.output.setText(f"output {session.name(root)} = {format_number(root.data)}")
        if session.last_action is not None:
            what, seconds = session.last_action
            self.time.setText(f"{what}: {seconds * 1000:.1f} ms")
