"""The inspector: everything about the selected node, with the numbers filled in.

Its op, data and grad; how its data was computed; the local derivative of its
op with respect to each input (from the op table's formulas); and the chain-rule
product that gave its grad (``grad(a) = grad(e) * b = (-2) * (-3) = 6``), with
every use of the node summed. A leaf's value can be typed here; the text is
rewritten to match (``Session.set_leaf``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..engine import EngineError, Value
from ..engine.numbers import FINE_DIGITS, format_number
from ..errors import ExplorerError
from ..lang import ProgramGraph
from ..lang.manual import check_learner_grads
from ..model.commands import Commands
from ..model.explain import chain_rule_text, consumers_of, forward_text, local_derivatives
from .accents import accents
from .binding import bind
from .editor import editor_font

__all__ = ["Inspector"]


def _code_label() -> QLabel:
    label = QLabel()
    label.setFont(editor_font())
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    return label


class Inspector(QWidget):
    """Shows ``session.selection``; follows the session's events."""

    problem = Signal(object)  # an ExplorerError from a value typed here

    def __init__(self, commands: Commands, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.commands = commands
        self.session = session = commands.session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)

        self.empty = QLabel("Click a node in the graph, or put the cursor on a name in the text, "
                            "to see how its value and its grad were computed.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("inspectorEmpty")
        layout.addWidget(self.empty)

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = QLabel()
        self.kind.setWordWrap(True)
        self.data = _code_label()
        self.data.setObjectName("inspectorData")
        self.grad = _code_label()
        self.grad.setObjectName("inspectorGrad")

        # Typing a leaf's value: Enter (or Set) writes it into the text.
        self.value_row = QWidget()
        row = QHBoxLayout(self.value_row)
        row.setContentsMargins(0, 4, 0, 4)
        self.value_label = QLabel("Set value:")
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("inspectorValue")
        self.value_edit.setFont(editor_font())
        validator = QDoubleValidator(self.value_edit)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        self.value_edit.setValidator(validator)
        self.value_edit.setToolTip("Type a number and press Enter: the text is updated to match (Ctrl+Z "
                                   "in the editor undoes it).")
        self.value_button = QPushButton("Set")
        self.value_button.setToolTip("Write this value into the expression.")
        row.addWidget(self.value_label)
        row.addWidget(self.value_edit, 1)
        row.addWidget(self.value_button)
        self.value_edit.returnPressed.connect(self._apply_value)
        self.value_button.clicked.connect(self._apply_value)

        # The long formulas: a browser wraps and scrolls them; labels would not.
        self.details = QTextBrowser()
        self.details.setObjectName("inspectorDetails")
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setOpenLinks(False)
        self.details.viewport().setAutoFillBackground(False)
        self.details.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        for w in (self.title, self.kind, self.data, self.grad, self.value_row):
            layout.addWidget(w)
        layout.addWidget(self.details, 1)
        layout.addStretch(0)
        self._details = [self.title, self.kind, self.data, self.grad, self.value_row, self.details]
        self._shown: Value | None = None
        self._edit_name: str | None = None
        self.sections: dict[str, str] = {}  # plain text of each section (copy, tests)
        self._consumers_key: tuple | None = None
        self._page = ""
        self._details_shown: bool | None = None
        self._consumers: list[Value] = []
        ev = session.events
        bind(self, *((signal, self._changed)
                     for signal in (ev.selection, ev.values, ev.structure, ev.stepper)))
        self.refresh()

    def _changed(self, _value: object = None) -> None:
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    # -- drawing -----------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.isVisible():
            return  # showEvent refreshes it: values change often, hidden panels needn't follow
        s = self.session
        node = s.selection
        graph = s.graph
        if node is None or graph is None:
            self._show_details(False)
            self._shown = None
            self.sections = {}
            return
        self._show_details(True)
        name = s.name
        me = name(node)
        c = accents(self)
        self.title.setText(me)
        leaf_name = graph.name_of(node) if node.is_leaf else None
        editable = leaf_name is not None and s.program is not None and leaf_name in s.program.leaves
        if node.is_leaf:
            what = "a parameter (Step moves it)" if node in graph.parameters else "an input or constant"
            extra = "" if editable else " It is a number inside an expression, so it cannot be set here."
            self.kind.setText(f"A leaf: {what}.{extra}")
        else:
            inputs = ", ".join(dict.fromkeys(name(ch) for ch in node.children))
            self.kind.setText(f"Made by <b>{html.escape(node.op_label)}</b> ({html.escape(node.op.name)}) "
                              f"from {html.escape(inputs)}.")
        stale = "   (out of date: press Forward)" if s.values_stale and not node.is_leaf else ""
        self.data.setText(f"data  {format_number(node.data)}{stale}")
        if s.has_grads:
            self.grad.setText(f"grad  {format_number(node.grad)}{_learner_mark(graph, node)}")
        else:
            self.grad.setText("grad  —   (not computed yet: press Backward)")
        if self.value_row.isVisibleTo(self) != editable:
            self.value_row.setVisible(editable)
        if editable and (self._shown is not node or not self.value_edit.hasFocus()):
            self.value_edit.setText(format_number(node.data, FINE_DIGITS))  # see engine/numbers: input fields
        self._shown = node
        self._edit_name = leaf_name if editable else None

        sections: dict[str, str] = {"value": forward_text(node, name)}
        derivs = local_derivatives(node, name)
        if derivs:
            sections["local"] = "\n".join(d.text(me, name(d.input)) for d in derivs)
        if s.has_grads:
            key = (graph, node)  # the objects themselves: an id could be reused by a new graph
            if self._consumers_key is None or any(a is not b for a, b in zip(self._consumers_key, key)):
                # Who uses this node depends on the structure only: found once, not per refresh.
                self._consumers_key, self._consumers = key, consumers_of(graph, node)
            sections["chain"] = chain_rule_text(graph, node, name, self._consumers)
        else:
            sections["chain"] = f"grad({me}) = —   (press Backward to run the chain rule)"
        note = ""
        if s.accumulated:
            note = ("Backward ran more than once without Zero grad, so the grad shown is bigger than "
                    "this sum: the passes were added together.")
        elif s.stepper is not None and not s.stepper.done:
            note = "A step-through is under way: grads are filled in as it reaches each node."
        self.sections = sections
        page = self._html(sections, derivs, note, c)
        if page != self._page:  # re-laying out rich text costs more than comparing it
            self._page = page
            self.details.setHtml(page)

    def _html(self, sections: dict[str, str], derivs, note: str, c: dict[str, str]) -> str:
        mono = html.escape(editor_font().family())

        def code(text: str) -> str:
            return (f"<div style='font-family:\"{mono}\"; margin: 2px 0 8px 0'>"
                    f"{html.escape(text).replace(chr(10), '<br>')}</div>")

        def head(text: str) -> str:
            return f"<div style='margin: 4px 0 2px 0'><b>{text}</b></div>"

        parts = [head("How its value was computed"), code(sections["value"])]
        if "local" in sections:
            parts.append(head("Local derivatives</b> (from the op table)<b>"))
            rows = []
            for d, line in zip(derivs, sections["local"].split("\n")):
                rows.append(f"{html.escape(line)}<br><span style='color:{c['comment']}'>"
                            f"&nbsp;&nbsp;{html.escape(d.formula)}</span>")
            block = "<br>".join(rows)
            parts.append(f"<div style='font-family:\"{mono}\"; margin: 2px 0 8px 0'>{block}</div>")
        parts.append(head("Chain rule: where its grad came from"))
        parts.append(code(sections["chain"]))
        if note:
            style = f"color:{c['warn_fg']}; background:{c['warn_bg']}"
            parts.append(f"<p style='{style}'>{html.escape(note)}</p>")
        return "".join(parts)

    def chain_text(self) -> str:
        return self.sections.get("chain", "")

    def _show_details(self, shown: bool) -> None:
        if shown == self._details_shown:
            return
        self._details_shown = shown
        self.empty.setVisible(not shown)
        for w in self._details:
            w.setVisible(shown)
        if not shown:
            self.value_row.setVisible(False)

    def _apply_value(self) -> None:
        name = self._edit_name
        if not name:
            return
        text = self.value_edit.text().strip()
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.problem.emit(EngineError(f"'{text}' is not a number: type one like 2.5 or -3e-2."))
            return
        try:
            self.commands.set_leaf(name, value)
        except ExplorerError as exc:
            self.problem.emit(exc)


def _learner_mark(graph: ProgramGraph, node: Value) -> str:
    """'   ✓ your grad matches backprop' or '   ✗ backprop says 6' while the node shows
    the grad the text set by hand (x.grad = ...)."""
    yours = graph.learner_grads.get(node)
    if yours is None or node.grad != yours:
        return ""
    mark = check_learner_grads(graph)[node]
    if mark.ok:
        return "   ✓ your grad matches backprop"
    return f"   ✗ backprop says {format_number(mark.backprop)}"
