"""The inspector: everything about the selected node, with the numbers filled in.

Its op, data and grad; how its data was computed; the local derivative of its
op with respect to each input (from the op table's formulas); and the chain-rule
product that gave its grad (``grad(a) = grad(e) * b = (-2) * (-3) = 6``), with
every use of the node summed. A leaf's value can be typed here; the text is
rewritten to match (``Session.set_leaf``).
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..engine import EngineError, Value
from ..errors import ExplorerError
from ..explain import chain_rule_text, forward_text, local_derivatives
from ..session import Session
from .accents import accents
from .editor import editor_font

__all__ = ["Inspector", "precise"]


def precise(x: float) -> str:
    """A number with all the digits worth reading (10 significant)."""
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.10g}"


def _section(title: str) -> QLabel:
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


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

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.session = session
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)

        self.empty = QLabel("Click a node in the graph, or put the cursor on a name in the text, "
                            "to see how its value and its grad were computed.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("inspectorEmpty")
        self.empty.setForegroundRole(self.empty.foregroundRole())
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
        row.setContentsMargins(0, 4, 0, 0)
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

        self.forward_title = _section("How its value was computed")
        self.forward = _code_label()
        self.local_title = _section("Local derivatives (from the op table)")
        self.local = _code_label()
        self.local.setObjectName("inspectorLocal")
        self.chain_title = _section("Chain rule: where its grad came from")
        self.chain = _code_label()
        self.chain.setObjectName("inspectorChain")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("inspectorNote")

        for w in (self.title, self.kind, self.data, self.grad, self.value_row, self.forward_title,
                  self.forward, self.local_title, self.local, self.chain_title, self.chain, self.note):
            layout.addWidget(w)
        layout.addStretch(1)
        self._details = [self.title, self.kind, self.data, self.grad, self.value_row, self.forward_title,
                         self.forward, self.local_title, self.local, self.chain_title, self.chain,
                         self.note]
        self._shown: Value | None = None
        self._unsubscribe = session.subscribe(self._on_event)
        self.refresh()

    def _on_event(self, event: str) -> None:
        if event in ("selection", "values", "structure", "stepper"):
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
            return
        self._show_details(True)
        name = s.name
        me = name(node)
        c = accents(self)
        if self._shown is not node:
            self.value_edit.setText(precise(node.data))
        self._shown = node
        self.title.setText(me)
        leaf_name = graph.name_of(node) if node.is_leaf else None
        editable = leaf_name is not None and s.program is not None and leaf_name in s.program.leaves
        if node.is_leaf:
            what = "parameter (moved by Step)" if node in graph.parameters else "input or constant"
            self.kind.setText(f"A leaf: {what}." + ("" if editable else " It is a number inside an "
                                                    "expression, so it cannot be set here."))
        else:
            inputs = ", ".join(dict.fromkeys(name(ch) for ch in node.children))
            self.kind.setText(f"Made by <b>{html.escape(node.op_label)}</b> ({html.escape(node.op.name)}) "
                              f"from {html.escape(inputs)}.")
        self.data.setText(f"data  {precise(node.data)}" + ("   (out of date: press Forward)"
                                                          if s.values_stale and not node.is_leaf else ""))
        if s.has_grads:
            self.grad.setText(f"grad  {precise(node.grad)}")
        else:
            self.grad.setText("grad  —   (not computed yet: press Backward)")
        self.value_row.setVisible(editable)
        if editable and not self.value_edit.hasFocus():
            self.value_edit.setText(precise(node.data))
        self._edit_name = leaf_name

        self.forward.setText(html.escape(forward_text(node, name)))
        derivs = local_derivatives(node, name)
        self.local_title.setVisible(bool(derivs))
        self.local.setVisible(bool(derivs))
        if derivs:
            lines = []
            for d in derivs:
                formula = html.escape(d.formula)
                lines.append(f"{html.escape(d.text(me, name(d.input)))}"
                             f"<br><span style='color:{c['comment']}'>&nbsp;&nbsp;{formula}</span>")
            self.local.setText("<br>".join(lines))
        if s.has_grads:
            self.chain.setText(html.escape(chain_rule_text(graph, node, name)))
        else:
            self.chain.setText(f"grad({html.escape(me)}) = —   (press Backward to run the chain rule)")
        note = ""
        if s.accumulated:
            note = ("Backward ran more than once without Zero grad, so the grad shown is bigger than "
                    "this sum: the passes were added together.")
        elif s.stepper is not None and not s.stepper.done:
            note = "A step-through is under way: grads are filled in as it reaches each node."
        self.note.setVisible(bool(note))
        if note:
            self.note.setText(f"<span style='color:{c['warn_fg']}'>{html.escape(note)}</span>")

    def _show_details(self, shown: bool) -> None:
        self.empty.setVisible(not shown)
        for w in self._details:
            w.setVisible(shown)

    def focus_value(self) -> bool:
        """Put the cursor in the value box (F2 / double click on a leaf); False when
        the selection has no value that can be typed."""
        if not self.value_row.isVisible():
            return False
        self.value_edit.setFocus()
        self.value_edit.selectAll()
        return True

    def _apply_value(self) -> None:
        name = getattr(self, "_edit_name", None)
        if not name:
            return
        text = self.value_edit.text().strip()
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.problem.emit(EngineError(f"'{text}' is not a number: type one like 2.5 or -3e-2."))
            return
        try:
            self.session.set_leaf(name, value)
        except ExplorerError as exc:
            self.problem.emit(exc)
