"""Lines that change values instead of building them, done in the order written.

A notebook does more than build expressions: it runs ``L.backward()``, sets grads by
hand (``f.grad = 4.0``), calls one node's ``_backward()``, nudges inputs
(``a.data += 0.01 * a.grad``), zeroes grads and seeds the random numbers. The
walker does each of these to the values it has built so far, at the line where it
stands, so every later line sees what Python would show there:

* ``v.backward()`` fills every grad below ``v`` with d v / d x, adding to grads
  already there (micrograd's and PyTorch's rule); ``v._backward()`` passes ``v``'s
  grad one step down to its inputs;
* ``x.grad = number`` sets the grad and records it as the learner's own, so the
  graph can compare it with backprop's (:mod:`explorer.lang.manual`);
* ``x.data = / += / -= number`` changes the value; nodes already built keep their
  old data, as in Python, and lines below build from the new one;
* ``random.seed(n)`` seeds the networks' starting weights, ``np.random.seed(n)``
  the datasets; imports of the modules a notebook uses are understood.

Nothing is executed: each of these is one of a short list of shapes, read from the
syntax tree; anything else stays an error or a skipped line with a note.
"""

from __future__ import annotations

import ast
import random

import numpy as np

from ..engine import Value
from ..engine.nn import Module
from ..engine.numbers import DIGITS, FINE_DIGITS, format_number
from ..engine.value import backprop
from .expressions import _MISSING
from .manual import TruthAtLine
from .records import ModuleRef, Skip

__all__ = ["Effects", "KNOWN_MODULES", "DRAWN"]

# Modules a notebook imports whose names this app understands (or whose lines it
# skips knowingly): importing them binds nothing that needs a value.
KNOWN_MODULES = ("math", "random", "numpy", "matplotlib", "torch", "graphviz", "sklearn", "micrograd",
                 "IPython")
_SEEDS = {"random.seed": "random", "np.random.seed": "numpy", "numpy.random.seed": "numpy",
          "torch.manual_seed": "torch"}
_AUG = {ast.Add: float.__add__, ast.Sub: float.__sub__, ast.Mult: float.__mul__, ast.Div: float.__truediv__}


def _dotted(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))

# Why `dot = draw_dot(L)` builds nothing; a later `dot.render('gout')` is told why too.
DRAWN = "drawing is automatic here"


class Effects:
    """The part of the walker that changes values (a mixin of the Walker)."""

    def init_effects(self) -> None:
        self.learner_grads: dict[Value, float] = {}
        self.truths = TruthAtLine()  # backprop's grad beside each of them, where its line stands
        self.backward_calls = 0
        # The stream networks draw their starting weights from: as if the text began
        # with random.seed(0), so a text always builds the same network.
        self.rng = random.Random(0)
        self.np_rng: np.random.RandomState | None = None  # set by np.random.seed(n)
        self.flavour = "lecture"  # "micrograd" once micrograd.nn is imported

    # -- imports -----------------------------------------------------------------------

    def import_statement(self, stmt) -> None:
        modules = [stmt.module or ""] if isinstance(stmt, ast.ImportFrom) else [a.name for a in stmt.names]
        tops = {m.split(".")[0] for m in modules}
        if not tops <= set(KNOWN_MODULES):
            raise Skip("imports are not needed here")
        if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.module.startswith("micrograd"):
            names = {a.name for a in stmt.names}
            if stmt.module == "micrograd.nn" or "nn" in names:
                self.flavour = "micrograd"
            if "nn" in names and stmt.module == "micrograd":
                alias = next(a.asname or a.name for a in stmt.names if a.name == "nn")
                self.env[alias] = ModuleRef("micrograd.nn")
            if self.flavour == "micrograd":
                raise Skip("Neuron, Layer and MLP are built in; as in micrograd, hidden layers use relu, "
                           "the last layer is linear and biases start at 0", understood=True)
        if "micrograd" in tops:
            raise Skip("micrograd's Value is built in", understood=True)
        raise Skip("this module is not needed here", understood=True)

    # -- calls on a line of their own ------------------------------------------------

    def call_effect(self, call: ast.Call) -> None:
        """Do what the call on a line of its own says, if it is one of the effects,
        and end the statement with a note (``Skip(understood=True)``)."""
        func = call.func
        if not isinstance(func, ast.Attribute):
            return
        dotted = _dotted(func)
        if dotted in _SEEDS:
            self._seed(call, _SEEDS[dotted])
        attr = func.attr
        if attr in ("backward", "_backward", "zero_grad") and not call.args and not call.keywords:
            base = func.value
            model = self.env.get(base.id) if isinstance(base, ast.Name) else None
            if attr == "zero_grad" and isinstance(model, Module):
                model.zero_grad()
                raise Skip("every weight's grad is set to 0 here", understood=True)
            target = self.evaluate(base)
            if type(target) is not Value:
                return
            name = self._excerpt(base)
            if attr == "backward":
                target.backward()
                self.backward_calls += 1
                self.run_backward = True
                if isinstance(base, ast.Name) and self.scope is None:
                    self.node_candidate = ("name", base.id)
                raise Skip(f"every value below {name} gets its grad d {name} / d value here (added to any "
                           "grad already there, as in Python)", understood=True)
            if attr == "_backward":
                backprop([target])  # one node: the chain rule's step from it to its inputs
                raise Skip(f"one step of the chain rule: {name}'s grad times each local derivative is "
                           f"added to the grads of {name}'s inputs", understood=True)
            target.zero_grad()
            raise Skip(f"the grads of {name} and of everything below it are set to 0 here", understood=True)

    def _seed(self, call: ast.Call, which: str) -> None:
        arg = call.args[0] if len(call.args) == 1 and not call.keywords else None
        if not (isinstance(arg, ast.Constant) and type(arg.value) is int and 0 <= arg.value < 2**32):
            raise self.error(call, "a seed is one whole number, like random.seed(1337)")
        if which == "random":
            self.rng = random.Random(arg.value)
            raise Skip(f"networks made below draw their starting weights as after random.seed({arg.value})",
                       understood=True)
        if which == "numpy":
            self.np_rng = np.random.RandomState(arg.value)
            raise Skip(f"datasets made below draw their points as after np.random.seed({arg.value})",
                       understood=True)
        raise Skip("PyTorch's random numbers are not used here", understood=True)

    def _building(self) -> Value | None:
        """The value the text is building at this line: its output so far."""
        kind, what = self.node_candidate or (None, None)
        value = self.env.get(what) if kind == "name" else what if kind == "value" else None
        return value if type(value) is Value else None

    def _draw_dot(self, call: ast.Call) -> None:
        """``draw_dot(L)``: L becomes the output (drawing itself is automatic)."""
        arg = call.args[0] if call.args else None
        if isinstance(arg, ast.Name):
            value = self.scope.get(arg.id, _MISSING) if self.scope else _MISSING
            if value is _MISSING:
                value = self.env.get(arg.id, _MISSING)
            if value is _MISSING:
                raise self._unknown(arg)
            if type(value) is Value:
                self.node_candidate = ("name", arg.id)
                self.used.add(arg.id)
        raise Skip(DRAWN)

    # -- x.grad = ..., x.data += ... ---------------------------------------------------

    def attribute_effect(self, stmt, target: ast.Attribute, op=None) -> None:
        """``x.grad = n``, ``x.data += n``, ``x.requires_grad = True``: done, then a note."""
        attr = target.attr
        if attr == "requires_grad":
            raise Skip("every value here has a grad; requires_grad is not needed", understood=True)
        if attr not in ("grad", "data"):
            return
        node = self.evaluate(target.value)
        if isinstance(node, Module) or type(node) is not Value:
            return
        self.numbers_only = True
        try:
            number = self.evaluate(stmt.value)
        finally:
            self.numbers_only = False
        if type(number) is not float:
            raise self.error(stmt.value, f"'.{attr}' is given a number here, like "
                                         f"{self._excerpt(target)} = 1.0")
        name = self._excerpt(target.value)
        old = getattr(node, attr)
        if op is not None:
            if type(op) not in _AUG:
                raise self.error(stmt, "use =, +=, -=, *= or /= here")
            try:
                number = _AUG[type(op)](old, number)
            except ZeroDivisionError:
                raise self.compute_error(stmt, "division by zero") from None
        if attr == "grad":
            node.grad = number
            if self.scope is None:  # a line of its own: the learner's backprop, checked; in a loop, zeroing
                self.learner_grads[node] = number
                self.truths.record(node, self._building(), number)
                self.extras["learner_truth"] = self.truths.truth
            raise Skip(f"your grad for {name}: {format_number(number)} "
                       "(the graph compares it with backprop's)", understood=True)
        node.data = number
        self.truths.values_changed()
        if number == old:  # the lecture's nudge before any backward: its grad is still 0
            raise Skip(f"{name} stays {format_number(old)} (the change is 0 here); "
                       "lines below use this value", understood=True)
        # The nudge is the lesson: as many digits as it takes to show it (h = 1e-8 on 2.0).
        digits = next(d for d in (DIGITS, FINE_DIGITS, 17)
                      if format_number(old, d) != format_number(number, d))
        raise Skip(f"{name} changes from {format_number(old, digits)} to {format_number(number, digits)}; "
                   "values built above keep their old data, lines below use the new one", understood=True)
