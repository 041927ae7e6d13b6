"""``Value``: one scalar in a computation, with its gradient — the lecture's class.

A Value remembers the op that made it and its inputs (``children``), so the whole
expression can be walked backwards. What each op computes, and its local
derivative, is written once in the op table (``ops.py``); a Value only records
which entry made it.

Differences from micrograd, each for a reason:

* ``backward()`` sorts the graph with an explicit stack, so a 100,000-deep chain
  works (micrograd's recursive sort dies past ~1,000 levels).
* No closures per node: the derivative comes from the op table, so nodes hold no
  reference cycles, cost less memory and are freed without the cycle collector.
* ``-``, ``/`` and ``**`` with a Value exponent are ops of their own, so the graph a
  learner sees says what was written.
* Bad arithmetic raises :class:`EngineError` naming the node; overflow gives ``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import count
from numbers import Real

from .errors import EngineError
from .ops import ADD, DIV, DOT, EXP, LOG, MUL, NEG, POW, POWV, RELU, SIGMOID, SUB, SUM, TANH, Op

__all__ = ["Value", "as_value", "dot", "recompute", "sum_values", "topological_order"]

_EMPTY: tuple = ()
# Every Value gets the next number at birth. A value's inputs always exist before
# it does, so sorting by this number is a topological order (see below).
_birth = count().__next__


def _check_number(data, label: str = "") -> float:
    # bool is a Real in Python, but Value(True) is almost surely a mistake.
    if isinstance(data, bool) or not isinstance(data, Real):
        what = f" for '{label}'" if label else ""
        raise EngineError(
            f"A Value needs a number{what}, but got {data!r} ({type(data).__name__})."
        )
    try:
        return float(data)
    except OverflowError:
        # An integer beyond any float (10**400) overflows to inf, as arithmetic does.
        return math.inf if data > 0 else -math.inf


class Value:
    """A scalar with a gradient. ``Value(2.0, label='a')``."""

    __slots__ = ("data", "grad", "label", "op", "arg", "_prev", "param", "_n", "__weakref__")

    def __init__(self, data: float, _children: tuple = _EMPTY, _op: Op | None = None,
                 label: str = "", *, arg: float | None = None, param: bool = False):
        self.data = data if type(data) is float else _check_number(data, label)
        self.grad = 0.0
        self.label = label
        self.op = _op  # the op table entry that made this value; None for a leaf
        self.arg = arg  # the op's constant, e.g. the 2 of x**2
        self._prev = _children if type(_children) is tuple else tuple(_children)
        self.param = param  # a leaf that gradient steps move (a weight, not an input)
        self._n = _birth()

    # -- reading -------------------------------------------------------------------

    @property
    def children(self) -> tuple[Value, ...]:
        """The inputs this value was computed from (empty for a leaf)."""
        return self._prev

    @property
    def is_leaf(self) -> bool:
        return self.op is None

    @property
    def finite(self) -> bool:
        """False when the data overflowed to inf (or became nan)."""
        return math.isfinite(self.data)

    @property
    def _op(self) -> str:
        """micrograd's name for the op text ('+', '*', 'tanh'; '' for a leaf), so
        code written for micrograd's Value (the lecture's draw_dot) reads ours."""
        return self.op_label

    @property
    def op_label(self) -> str:
        """The op node's text in the graph: '+', '*', 'tanh', '**2'; '' for a leaf."""
        return self.op.label(self.arg) if self.op is not None else ""

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}{name})"

    # -- building ------------------------------------------------------------------

    def _apply(self, op: Op, arg: float | None = None) -> Value:
        """A new value made by the unary ``op`` from this one."""
        try:
            return Value(op.forward((self.data,), arg), (self,), op, arg=arg)
        except ArithmeticError as exc:  # DomainError, or a float the platform cannot hold
            raise _domain_error(exc, op, (self,)) from None

    def _apply2(self, op: Op, other: Value) -> Value:
        """A new value made by the binary ``op`` from this one and ``other``."""
        try:
            return Value(op.forward((self.data, other.data), None), (self, other), op)
        except ArithmeticError as exc:
            raise _domain_error(exc, op, (self, other)) from None

    def __add__(self, other) -> Value:
        return self._apply2(ADD, other if type(other) is Value else as_value(other))

    def __radd__(self, other) -> Value:
        return as_value(other)._apply2(ADD, self)

    def __sub__(self, other) -> Value:
        return self._apply2(SUB, other if type(other) is Value else as_value(other))

    def __rsub__(self, other) -> Value:
        return as_value(other)._apply2(SUB, self)

    def __mul__(self, other) -> Value:
        return self._apply2(MUL, other if type(other) is Value else as_value(other))

    def __rmul__(self, other) -> Value:
        return as_value(other)._apply2(MUL, self)

    def __truediv__(self, other) -> Value:
        return self._apply2(DIV, other if type(other) is Value else as_value(other))

    def __rtruediv__(self, other) -> Value:
        return as_value(other)._apply2(DIV, self)

    def __neg__(self) -> Value:
        return self._apply(NEG)

    def __pos__(self) -> Value:
        return self

    def __pow__(self, other) -> Value:
        if isinstance(other, Value):
            return self._apply2(POWV, other)
        return self._apply(POW, arg=_check_number(other, "exponent"))

    def __rpow__(self, other) -> Value:
        return as_value(other)._apply2(POWV, self)

    def exp(self) -> Value:
        return self._apply(EXP)

    def log(self) -> Value:
        return self._apply(LOG)

    def tanh(self) -> Value:
        return self._apply(TANH)

    def relu(self) -> Value:
        return self._apply(RELU)

    def sigmoid(self) -> Value:
        return self._apply(SIGMOID)

    # Values are nodes: equal only to themselves, usable as dict keys.
    __hash__ = object.__hash__

    # -- backprop ------------------------------------------------------------------

    def backward(self) -> None:
        """Fill ``grad`` of every value this one depends on with d self / d value.

        Like micrograd (and PyTorch) grads *accumulate*: call ``zero_grad()`` first
        if this graph has been through backward before."""
        topo = topological_order(self)
        self.grad = 1.0
        backprop(topo)

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on this value and everything it depends on."""
        for v in topological_order(self):
            v.grad = 0.0


def sum_values(values: Iterable, start=0.0) -> Value:
    """One Σ node over many inputs: what ``sum(...)`` means in the lecture, without
    a chain of thousands of ``+`` nodes."""
    items = tuple(as_value(v) for v in values)
    if not isinstance(start, Value) and start == 0:
        inputs = items
    else:
        inputs = (*items, as_value(start))
    if not inputs:
        return Value(0.0)
    return Value(SUM.forward([v.data for v in inputs], None), inputs, SUM)


def dot(weights: list[Value], inputs: list, bias: Value) -> Value:
    """``w1*x1 + ... + wn*xn + b`` as one node (a neuron's weighted sum)."""
    if len(weights) != len(inputs):
        raise EngineError(f"dot needs as many weights as inputs ({len(weights)} vs {len(inputs)}).")
    nodes = (*weights, *(x if type(x) is Value else as_value(x) for x in inputs), as_value(bias))
    return Value(DOT.forward([v.data for v in nodes], None), nodes, DOT)


def as_value(x) -> Value:
    """``x`` itself if it is a Value, else a new constant leaf holding it."""
    if isinstance(x, Value):
        return x
    return Value(_check_number(x))


def _domain_error(exc: ArithmeticError, op: Op, inputs: tuple[Value, ...],
                  node: Value | None = None) -> EngineError:
    names = ", ".join(v.label or f"{v.data:g}" for v in inputs)
    where = f" at '{node.label}'" if node is not None and node.label else ""
    return EngineError(f"Cannot compute {op.name}({names}){where}: {exc}.", node=node, op=op.name)


def recompute(node: Value) -> None:
    """Run ``node``'s op again on its inputs' current data: one step of the tape's
    forward pass. Raises EngineError naming the node when the op cannot."""
    op = node.op
    prev = node._prev
    # Two inputs (+ - * / and a**b, most nodes of a graph) are read by hand: a list
    # comprehension costs three times as much in CPython 3.11, and re-running a
    # graph (the slider, training) is mostly this line and backprop's.
    xs = (prev[0].data, prev[1].data) if len(prev) == 2 else [p.data for p in prev]
    try:
        node.data = op.forward(xs, node.arg)
    except ArithmeticError as exc:  # DomainError, or an overflow
        raise _domain_error(exc, op, prev, node) from None


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, inputs before outputs, ending with ``root``.

    A value's inputs are always created before it, so ordering the reachable
    values by birth number is a topological order. Collecting them needs no
    recursion (a 100,000-deep chain is fine) and no ordered depth-first search."""
    seen = {root}
    stack = [root]
    while stack:
        for child in stack.pop()._prev:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return sorted(seen, key=_birth_number)


def _birth_number(v: Value) -> int:
    return v._n


def backprop(topo: list[Value]) -> None:
    """The chain rule, node by node in reverse topological order: each node passes
    its grad to its inputs, times the local derivative from the op table, and
    inputs used more than once receive (accumulate) every contribution."""
    for node in reversed(topo):
        op = node.op
        if op is None:
            continue
        prev = node._prev
        g = node.grad
        try:
            if len(prev) == 2:  # the loop below written out, for speed (see recompute)
                a, b = prev
                da, db = op.local((a.data, b.data), node.data, node.arg)
                a.grad += da * g
                b.grad += db * g
            else:
                # One derivative per input, in the inputs' order: grad flows back along each.
                for child, d in zip(prev, op.local([c.data for c in prev], node.data, node.arg)):
                    child.grad += d * g
        except ArithmeticError as exc:
            # A local derivative outside what floats can hold (a**k near 0 with
            # a huge k...): say where, never let a Python error escape.
            raise EngineError(
                f"Cannot compute the derivative of {op.name} at '{node.label or node.op_label}': {exc}.",
                node=node, op=op.name) from None
