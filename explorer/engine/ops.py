"""The op table: every operation the engine knows, defined once.

Each entry carries everything anyone needs to know about an operation:

* ``forward(xs, arg)``     - the value on plain floats (the engine, gradcheck),
* ``np_forward(xs, arg)``  - the same on numpy arrays (the function plot, batched training),
* ``local(xs, out, arg)``  - the local derivative of the output with respect to each
                             input, as a tuple with one entry per input (backprop),
* ``np_local(xs, out, arg)`` - the same on numpy arrays,
* ``formulas``             - the text of those derivatives, per input (the inspector).

One calling convention for every op, whatever its number of inputs: ``xs`` is the
sequence of the inputs' values in order (``(a,)``, ``(a, b)``, or all n inputs of Σ
and of the neuron's dot), ``out`` the output's value and ``arg`` the op's constant
(the exponent of ``x**2``; ``None`` for every other op). So a reader of the table
(engine, vectoriser, gradcheck, inspector, step-through) never asks how many inputs
an op has: it passes the inputs' values and gets one derivative back per input.

Reading one entry is reading the lecture: ``mul`` says "out = a * b, d out/da = b,
d out/db = a" as ``xs[0] * xs[1]`` and ``(xs[1], xs[0])``. The engine, the plot,
gradcheck and the inspector all read this table, so a new op is one entry plus its
tests.

Floats and arrays. ``forward`` and ``local`` work on Python floats and may branch
(``1.0 if a > 0 else 0.0``): that keeps the scalar engine as fast as micrograd.
``np_forward`` and ``np_local`` take numpy arrays of one shape (or floats mixed
with them) and never branch in Python: they use ``np.where``-style forms and give
NaN or inf where the maths is undefined, never an exception. They leave numpy's
error state alone, so a caller runs them under ``np.errstate(all="ignore")`` once
for a whole pass (as :mod:`explorer.engine.vectorise` does) instead of each op
paying for it. Where a local
derivative has no branch (``mul``, ``tanh``, ...) ``np_local`` *is* ``local``, the
same function; only ``pow``, ``powv`` and ``relu`` spell theirs out twice. A
derivative that does not depend on the inputs may be given as a plain float
(``add``'s ``(1.0, 1.0)``) in both forms: numpy broadcasts it.

Forward functions on floats raise :class:`DomainError` for inputs outside the op's
domain (log of a negative number, division by zero). Overflow is not an error: it
gives ``inf``, which the graph flags (see ``Value.finite``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .numbers import format_number

__all__ = ["Op", "OPS", "FUNCTIONS", "DomainError"]

# What the table's functions take: the inputs' values in order (floats, or numpy
# arrays for the np_ forms), the output's value, and the op's constant.
Inputs = Sequence
Forward = Callable[[Inputs, "float | None"], float]
Local = Callable[[Inputs, float, "float | None"], tuple]


class DomainError(ArithmeticError):
    """An input outside an op's domain; the engine turns it into an EngineError
    that names the node."""


@dataclass(frozen=True)
class Op:
    name: str  # stable identifier, used in saved files and by the language
    symbol: str  # what the graph shows in the op node ("{}" takes the constant)
    arity: int  # how many inputs (0: any number); callers never need it, xs carries them all
    forward: Forward  # forward(xs, arg) -> the output, on floats
    np_forward: Callable  # np_forward(xs, arg) -> the output, on arrays
    local: Local  # local(xs, out, arg) -> (d out/d xs[0], d out/d xs[1], ...), on floats
    formulas: tuple[str, ...]  # per input: "d out/da = b", with inputs named a, b
    expression: str  # "a * b": how the output is made, for the inspector
    # local on arrays; when not given, `local` itself (it has no branch, so it works on arrays)
    np_local: Local = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.np_local is None:
            object.__setattr__(self, "np_local", self.local)

    def label(self, arg: float | None = None) -> str:
        """The text on the op node in the graph (``**2`` shows its exponent)."""
        return self.symbol.format(format_number(arg)) if arg is not None else self.symbol


# --- forward helpers that keep Python's exceptions inside the engine ---------------


def _div(xs, arg) -> float:
    a, b = xs
    if b == 0:
        raise DomainError("division by zero")
    return a / b


def _pow_number(a: float, e: float) -> float:
    """a ** e for floats, with the cases Python would turn into exceptions or
    complex numbers reported as domain errors, and overflow as inf."""
    if a == 0 and e < 0:
        raise DomainError(f"0 raised to a negative power ({format_number(e)}) is undefined")
    if a < 0 and not float(e).is_integer():
        raise DomainError(f"a negative number ({a:g}) raised to a fractional power ({e:g}) is not real")
    try:
        return float(a) ** e
    except OverflowError:
        # Only |a| > 1 with a large e overflows; the sign follows an odd integer e.
        odd = float(e).is_integer() and int(e) % 2 == 1
        return -math.inf if (a < 0 and odd) else math.inf


def _exp(xs, arg) -> float:
    try:
        return math.exp(xs[0])
    except OverflowError:
        return math.inf


def _log(xs, arg) -> float:
    a = xs[0]
    if a <= 0:
        raise DomainError(f"log is only defined for positive numbers, got {a:g}")
    return math.log(a)


def _sigmoid(xs, arg) -> float:
    a = xs[0]
    # Written two ways so exp never overflows: exp(-|a|) is at most 1.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _np_sigmoid(xs, arg):
    return 0.5 * (1.0 + np.tanh(0.5 * xs[0]))  # never overflows


def _pow_slope(a: float, k: float) -> float:
    """d(a^k)/da = k * a^(k-1); k = 0 has slope 0 everywhere, and at a = 0 an
    exponent below 1 (like the square root) has an infinite slope."""
    if k == 0:
        return 0.0
    if a == 0 and k < 1:
        return math.copysign(math.inf, k)
    return k * _pow_number(a, k - 1)


def _np_pow_slope(a, k):
    """:func:`_pow_slope` on arrays: the same three cases, chosen element by element."""
    a = np.asarray(a, dtype=float)
    slope = k * np.power(a, np.subtract(k, 1.0))
    slope = np.where((a == 0) & (np.asarray(k) < 1), np.copysign(np.inf, k), slope)
    return np.where(np.asarray(k) == 0, 0.0, slope)


def _powv_local(xs, out, arg):
    a, b = xs
    da = _pow_slope(a, b)
    # d(a**b)/db = a**b * ln(a); only defined for a > 0 (0 for a == 0 and b > 0).
    db = out * math.log(a) if a > 0 else 0.0
    return (da, db)


def _np_powv_local(xs, out, arg):
    a, b = (np.asarray(x, dtype=float) for x in xs)
    # log of a positive stand-in where a <= 0, so no log(0) is taken just to be thrown away.
    db = np.where(a > 0, out * np.log(np.where(a > 0, a, 1.0)), 0.0)
    return (_np_pow_slope(a, b), db)


def _np_power(a, e):
    return np.power(np.asarray(a, dtype=float), e)


OPS: dict[str, Op] = {}


def _register(op: Op) -> Op:
    OPS[op.name] = op
    return op


# --- the table ---------------------------------------------------------------------
# Forward and derivative side by side, as in the lecture. `xs` holds the inputs'
# data, (a,) or (a, b); `out` is the output's data, `arg` the op's constant (the
# exponent k of a**k).

ADD = _register(Op(
    "add", "+", 2,
    forward=lambda xs, arg: xs[0] + xs[1],
    np_forward=lambda xs, arg: xs[0] + xs[1],
    local=lambda xs, out, arg: (1.0, 1.0),
    formulas=("d(a + b)/da = 1", "d(a + b)/db = 1"),
    expression="a + b",
))
SUB = _register(Op(
    "sub", "-", 2,
    forward=lambda xs, arg: xs[0] - xs[1],
    np_forward=lambda xs, arg: xs[0] - xs[1],
    local=lambda xs, out, arg: (1.0, -1.0),
    formulas=("d(a - b)/da = 1", "d(a - b)/db = -1"),
    expression="a - b",
))
MUL = _register(Op(
    "mul", "*", 2,
    forward=lambda xs, arg: xs[0] * xs[1],
    np_forward=lambda xs, arg: xs[0] * xs[1],
    local=lambda xs, out, arg: (xs[1], xs[0]),
    formulas=("d(a * b)/da = b", "d(a * b)/db = a"),
    expression="a * b",
))
DIV = _register(Op(
    "div", "/", 2,
    forward=_div,
    np_forward=lambda xs, arg: np.divide(xs[0], xs[1]),
    # -(a/b)/b rather than -a/(b*b): b*b underflows to 0 for tiny b.
    local=lambda xs, out, arg: (1.0 / xs[1], -(xs[0] / xs[1]) / xs[1]),
    formulas=("d(a / b)/da = 1/b", "d(a / b)/db = -a/b^2"),
    expression="a / b",
))
NEG = _register(Op(
    "neg", "-", 1,
    forward=lambda xs, arg: -xs[0],
    np_forward=lambda xs, arg: -xs[0],
    local=lambda xs, out, arg: (-1.0,),
    formulas=("d(-a)/da = -1",),
    expression="-a",
))
POW = _register(Op(
    "pow", "**{}", 1,
    forward=lambda xs, arg: _pow_number(xs[0], arg),
    np_forward=lambda xs, arg: _np_power(xs[0], arg),
    # d(a^k)/da = k * a^(k-1); k = 0 has derivative 0 everywhere, even at a = 0.
    local=lambda xs, out, arg: (_pow_slope(xs[0], arg),),
    np_local=lambda xs, out, arg: (_np_pow_slope(xs[0], arg),),
    formulas=("d(a^k)/da = k * a^(k-1)",),
    expression="a ** k",
))
POWV = _register(Op(
    "powv", "**", 2,
    forward=lambda xs, arg: _pow_number(xs[0], xs[1]),
    np_forward=lambda xs, arg: _np_power(xs[0], xs[1]),
    local=_powv_local,
    np_local=_np_powv_local,
    formulas=("d(a^b)/da = b * a^(b-1)", "d(a^b)/db = a^b * ln(a)"),
    expression="a ** b",
))
EXP = _register(Op(
    "exp", "exp", 1,
    forward=_exp,
    np_forward=lambda xs, arg: np.exp(xs[0]),
    local=lambda xs, out, arg: (out,),
    formulas=("d exp(a)/da = exp(a)",),
    expression="exp(a)",
))
LOG = _register(Op(
    "log", "log", 1,
    forward=_log,
    np_forward=lambda xs, arg: np.log(xs[0]),
    local=lambda xs, out, arg: (1.0 / xs[0],),
    formulas=("d log(a)/da = 1/a",),
    expression="log(a)",
))
TANH = _register(Op(
    "tanh", "tanh", 1,
    forward=lambda xs, arg: math.tanh(xs[0]),
    np_forward=lambda xs, arg: np.tanh(xs[0]),
    local=lambda xs, out, arg: (1.0 - out * out,),
    formulas=("d tanh(a)/da = 1 - tanh(a)^2",),
    expression="tanh(a)",
))
RELU = _register(Op(
    "relu", "ReLU", 1,
    forward=lambda xs, arg: xs[0] if xs[0] > 0 else 0.0,
    np_forward=lambda xs, arg: np.maximum(xs[0], 0.0),
    local=lambda xs, out, arg: (1.0 if xs[0] > 0 else 0.0,),
    np_local=lambda xs, out, arg: (np.where(np.asarray(xs[0]) > 0, 1.0, 0.0),),
    formulas=("d relu(a)/da = 1 if a > 0 else 0",),
    expression="relu(a)",
))
SIGMOID = _register(Op(
    "sigmoid", "σ", 1,
    forward=_sigmoid,
    np_forward=_np_sigmoid,
    local=lambda xs, out, arg: (out * (1.0 - out),),
    formulas=("d σ(a)/da = σ(a) * (1 - σ(a))",),
    expression="sigmoid(a)",
))
SUM = _register(Op(
    "sum", "Σ", 0,
    # Any number of inputs: xs holds them all.
    forward=lambda xs, arg: sum(xs),
    np_forward=lambda xs, arg: sum(xs),
    local=lambda xs, out, arg: (1.0,) * len(xs),
    formulas=("d(a + b + ...)/da = 1",),
    expression="a + b + ...",
))


def _dot(xs, arg) -> float:
    n = len(xs) // 2
    return sum(map(operator.mul, xs[:n], xs[n:2 * n])) + xs[-1]


def _np_dot(xs, arg):
    n = len(xs) // 2
    return sum(w * x for w, x in zip(xs[:n], xs[n:2 * n])) + xs[-1]


def _dot_local(xs, out, arg) -> tuple[float, ...]:
    n = len(xs) // 2
    # d/dw_i = x_i, d/dx_i = w_i, d/db = 1: the inputs swapped, then 1 for b.
    return (*xs[n:2 * n], *xs[:n], 1.0)


# A neuron's weighted sum in one node: inputs are (w1..wn, x1..xn, b). The same
# numbers as n products and a sum, with n+1 fewer nodes to build and walk; the
# nn module uses it unless asked to expand the graph as the lecture draws it.
DOT = _register(Op(
    "dot", "w·x+b", 0,
    forward=_dot,
    np_forward=_np_dot,
    local=_dot_local,
    formulas=("d(w·x + b)/dw_i = x_i", "d(w·x + b)/dx_i = w_i", "d(w·x + b)/db = 1"),
    expression="w1*x1 + ... + wn*xn + b",
))

#: The ops a text may call as functions, ``tanh(x)`` or ``x.tanh()``: those the
#: table writes as ``name(a)``. The language reads its function names from here.
FUNCTIONS: tuple[str, ...] = tuple(op.name for op in OPS.values() if op.expression == f"{op.name}(a)")
