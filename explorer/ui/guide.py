"""The first-run welcome and Help > Getting started.

The welcome names the three first moves (press Backward, click a node, drag x) once,
on the first start; it is remembered as dismissed in the settings and reachable
again from Help. Getting started walks the lecture's examples in order, one page
each: what it shows, what to try, and a button that opens it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model.examples import Example, examples
from ..model.sample_texts import NEURON_EXAMPLE
from . import theme

__all__ = ["WELCOME_KEY", "welcome_due", "WelcomeDialog", "GettingStartedDialog", "FIRST_MOVES",
           "show_welcome", "show_getting_started", "what_is_open"]

#: The welcome's first words over the lecture's neuron (what a first start opens).
NEURON_OPEN = "The lecture's neuron is open"

#: Settings key: true once the welcome was dismissed.
WELCOME_KEY = "guide/welcome_dismissed"

#: The three first moves, as the welcome says them.
FIRST_MOVES = (
    ("Press Backward (F6)", "every box fills in its grad: d(output)/d(that value), by the chain rule."),
    ("Click a node", "the Inspector shows how its value and its grad were computed, with the numbers."),
    ("Drag x under the plot", "the tangent follows: its slope is the grad backprop gave."),
)

# What to try in each of the lecture's examples (by Example.key); the others show their summary.
_TRY = {
    "derivative": "Drag x towards 2/3 and watch the slope go to 0; make h smaller and watch the "
                  "estimate (f(x+h) - f(x))/h meet the slope.",
    "partial": "Press Backward: dd/da = -3 (the value of b), dd/db = 2, dd/dc = 1.",
    "L": "Press Backward and check a.grad = 6 and b.grad = -4 by the chain rule; click e to see it.",
    "neuron": "Press Backward: w2.grad is 0 because x2 is 0. Press Back 1 node (F10) to do it by hand.",
    "neuron_exp": "The same neuron with tanh written through exp: the same grads at every input.",
    "mlp": "A whole network: double-click a layer or a neuron to open it, double-click its frame to "
           "close it.",
    "training": "Open the Training lab and press Play: the loss falls towards 0.",
}


def welcome_due() -> bool:
    """True until the welcome has been dismissed once."""
    return not theme.settings().value(WELCOME_KEY, False, type=bool)


def _dismiss() -> None:
    store = theme.settings()
    store.setValue(WELCOME_KEY, True)
    store.sync()


class WelcomeDialog(QDialog):
    """Three first moves, and the way to the tour."""

    def __init__(self, parent: QWidget | None = None, on_tour=None,
                 opened: str = NEURON_OPEN):
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to Gradient Explorer")
        layout = QVBoxLayout(self)
        moves = "".join(f"<li><b>{html.escape(what)}</b>: {html.escape(why)}</li>"
                        for what, why in FIRST_MOVES)
        text = QLabel(f"<p>{html.escape(opened, quote=False)}: its graph, with data and grad on every value, "
                      f"and the tangent plot under it. Three first moves:</p><ol>{moves}</ol>"
                      "<p>Help &gt; Getting started walks through the lecture's examples in order.</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        self.again = QCheckBox("Show this at every start")
        layout.addWidget(self.again)
        buttons = QDialogButtonBox()
        self.tour_button = buttons.addButton("Getting started…", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("Start exploring", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        if on_tour is not None:
            self.tour_button.clicked.connect(lambda: (self.accept(), on_tour()))
        else:
            self.tour_button.hide()
        layout.addWidget(buttons)
        self.finished.connect(lambda _result: None if self.again.isChecked() else _dismiss())
        self.resize(520, self.sizeHint().height())


class GettingStartedDialog(QDialog):
    """The lecture's examples in order, one page each, with a button opening it."""

    def __init__(self, parent: QWidget | None = None, open_example=None):
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.setWindowTitle("Getting started")
        self.examples: list[Example] = list(examples())
        self.open_example = open_example
        self.index = 0
        layout = QVBoxLayout(self)
        self.page = QLabel()
        self.page.setWordWrap(True)
        self.page.setTextFormat(Qt.TextFormat.RichText)
        self.page.setMinimumHeight(140)
        layout.addWidget(self.page, 1)
        row = QHBoxLayout()
        self.back = QPushButton("‹ Previous")
        self.open_button = QPushButton("Open this example")
        self.next = QPushButton("Next ›")
        self.back.clicked.connect(lambda: self.show_page(self.index - 1))
        self.next.clicked.connect(lambda: self.show_page(self.index + 1))
        self.open_button.clicked.connect(self._open)
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.next)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.open_button.setEnabled(open_example is not None)
        self.show_page(0)
        self.resize(560, 300)

    def show_page(self, index: int) -> None:
        self.index = max(0, min(index, len(self.examples) - 1))
        ex = self.examples[self.index]
        tip = _TRY.get(ex.key, "")
        self.page.setText(
            f"<p style='color:gray'>Step {self.index + 1} of {len(self.examples)}</p>"
            f"<h3>{html.escape(ex.title)}</h3><p>{html.escape(ex.summary)}</p>"
            + (f"<p><b>Try:</b> {html.escape(tip)}</p>" if tip else ""))
        self.back.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < len(self.examples) - 1)

    def _open(self) -> None:
        if self.open_example is not None:
            self.open_example(self.examples[self.index])


def what_is_open(text: str, path: str | None) -> str:
    """The welcome's first words, true of what the window shows: the lecture's example
    whose text it is, else the file's name, else "Your text"."""
    example = next((e for e in examples() if e.text == text), None)
    # (NEURON_EXAMPLE: a first start's text, not the example file's.)
    if text == NEURON_EXAMPLE or (example is not None and example.key == "neuron"):
        return NEURON_OPEN
    if example is not None:
        return f"The example “{example.title}” is open"
    return f"“{Path(path).name}” is open" if path else "Your text is open"


def show_welcome(parent: QWidget, on_tour: Callable[[], object], opened: str) -> WelcomeDialog:
    """The welcome, naming what is open (``opened``, see :func:`what_is_open`); its
    "Getting started" button calls ``on_tour``."""
    dialog = WelcomeDialog(parent, on_tour=on_tour, opened=opened)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_getting_started(parent: QWidget, open_example: Callable[[Example], object]) -> GettingStartedDialog:
    """The tour; its "Open this example" button calls ``open_example`` (as a new document)."""
    dialog = GettingStartedDialog(parent, open_example)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
