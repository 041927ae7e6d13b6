"""The op table: every operation the engine knows, defined once.

Each entry carries everything anyone needs to know about an operation:

* ``forward``      - the value on plain floats (the engine, gradcheck),
* ``np_forward``   - the same on numpy arrays (the function plot),
* ``local``        - the local derivative of the output with respect to each input,
                     given the inputs' data and the output's data (backprop):
                     ``local(a, out, arg)``, ``local(a, b, out, arg)``, or for the
                     n-ary Σ ``local(inputs, out, arg)``,
* ``formulas``     - the text of those derivatives, per input (the inspector).

Reading one entry is reading the lecture: ``mul`` says "out = a * b, d out/da = b,
d out/db = a". The engine, the plot, gradcheck and the inspector all read this table,
so a new op is one entry plus its tests.

Forward functions raise :class:`DomainError` for inputs outside the op's domain
(log of a negative number, division by zero). Overflow is not an error: it gives
``inf``, which the graph flags (see ``Value.finite``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Op", "OPS", "DomainError", "op_named"]


class DomainError(ArithmeticError):
    """An input outside an op's domain; the engine turns it into an EngineError
    that names the node."""


@dataclass(frozen=True)
class Op:
    name: str  # stable identifier, used in saved files and by the language
    symbol: str  # what the graph shows in the op node ("{}" takes the constant)
    arity: int  # number of inputs; 0 means "any number" (sum)
    forward: Callable[..., float]  # (a, arg) or (a, b, arg); n-ary: (inputs, arg)
    np_forward: Callable[..., np.ndarray]  # the same on arrays
    local: Callable[..., tuple[float, ...]]  # (a, [b,] out, arg) -> d out / d input_i
    formulas: tuple[str, ...]  # per input: "d out/da = b", with inputs named a, b
    expression: str  # "a * b": how the output is made, for the inspector

    def label(self, arg: float | None = None) -> str:
        """The text on the op node in the graph (``**2`` shows its exponent)."""
        return self.symbol.format(_short(arg)) if arg is not None else self.symbol


def _short(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


# --- forward helpers that keep Python's exceptions inside the engine ---------------


def _div(a: float, b: float, arg=None) -> float:
    if b == 0:
        raise DomainError("division by zero")
    return a / b


def _pow_number(a: float, e: float) -> float:
    """a ** e for floats, with the cases Python would turn into exceptions or
    complex numbers reported as domain errors, and overflow as inf."""
    if a == 0 and e < 0:
        raise DomainError(f"0 raised to a negative power ({_short(e)}) is undefined")
    if a < 0 and not float(e).is_integer():
        raise DomainError(f"a negative number ({a:g}) raised to a fractional power ({e:g}) is not real")
    try:
        return float(a) ** e
    except OverflowError:
        # Only |a| > 1 with a large e overflows; the sign follows an odd integer e.
        odd = float(e).is_integer() and int(e) % 2 == 1
        return -math.inf if (a < 0 and odd) else math.inf


def _pow(a: float, arg: float) -> float:
    return _pow_number(a, arg)


def _powv(a: float, b: float, arg=None) -> float:
    return _pow_number(a, b)


def _exp(a: float, arg=None) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        return math.inf


def _log(a: float, arg=None) -> float:
    if a <= 0:
        raise DomainError(f"log is only defined for positive numbers, got {a:g}")
    return math.log(a)


def _sigmoid(a: float, arg=None) -> float:
    # Written two ways so exp never overflows: exp(-|a|) is at most 1.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _np_sigmoid(a, arg=None):
    with np.errstate(over="ignore"):
        return 0.5 * (1.0 + np.tanh(0.5 * a))  # stable for every a


def _pow_slope(a: float, k: float) -> float:
    """d(a^k)/da = k * a^(k-1); k = 0 has slope 0 everywhere, and at a = 0 an
    exponent below 1 (like the square root) has an infinite slope."""
    if k == 0:
        return 0.0
    if a == 0 and k < 1:
        return math.copysign(math.inf, k)
    return k * _pow_number(a, k - 1)


def _powv_local(a, b, out, arg):
    da = _pow_slope(a, b)
    # d(a**b)/db = a**b * ln(a); only defined for a > 0 (0 for a == 0 and b > 0).
    db = out * math.log(a) if a > 0 else 0.0
    return (da, db)


def _np_pow(a, arg):
    return np.power(np.asarray(a, dtype=float), arg)


def _np_div(a, b, arg=None):
    return np.divide(a, b)


def _np_log(a, arg=None):
    return np.log(a)


OPS: dict[str, Op] = {}


def _register(op: Op) -> Op:
    OPS[op.name] = op
    return op


# --- the table ---------------------------------------------------------------------
# Forward and derivative side by side, as in the lecture. `a`, `b` are the inputs'
# data, `out` the output's data, `arg` the op's constant (the exponent of **).

ADD = _register(Op(
    "add", "+", 2,
    forward=lambda a, b, arg=None: a + b,
    np_forward=lambda a, b, arg=None: a + b,
    local=lambda a, b, out, arg: (1.0, 1.0),
    formulas=("d(a + b)/da = 1", "d(a + b)/db = 1"),
    expression="a + b",
))
SUB = _register(Op(
    "sub", "-", 2,
    forward=lambda a, b, arg=None: a - b,
    np_forward=lambda a, b, arg=None: a - b,
    local=lambda a, b, out, arg: (1.0, -1.0),
    formulas=("d(a - b)/da = 1", "d(a - b)/db = -1"),
    expression="a - b",
))
MUL = _register(Op(
    "mul", "*", 2,
    forward=lambda a, b, arg=None: a * b,
    np_forward=lambda a, b, arg=None: a * b,
    local=lambda a, b, out, arg: (b, a),
    formulas=("d(a * b)/da = b", "d(a * b)/db = a"),
    expression="a * b",
))
DIV = _register(Op(
    "div", "/", 2,
    forward=_div,
    np_forward=_np_div,
    # -(a/b)/b rather than -a/(b*b): b*b underflows to 0 for tiny b.
    local=lambda a, b, out, arg: (1.0 / b, -(a / b) / b),
    formulas=("d(a / b)/da = 1/b", "d(a / b)/db = -a/b^2"),
    expression="a / b",
))
NEG = _register(Op(
    "neg", "-", 1,
    forward=lambda a, arg=None: -a,
    np_forward=lambda a, arg=None: -a,
    local=lambda a, out, arg: (-1.0,),
    formulas=("d(-a)/da = -1",),
    expression="-a",
))
POW = _register(Op(
    "pow", "**{}", 1,
    forward=_pow,
    np_forward=_np_pow,
    # d(a^k)/da = k * a^(k-1); k = 0 has derivative 0 everywhere, even at a = 0.
    local=lambda a, out, arg: (_pow_slope(a, arg),),
    formulas=("d(a^k)/da = k * a^(k-1)",),
    expression="a ** k",
))
POWV = _register(Op(
    "powv", "**", 2,
    forward=_powv,
    np_forward=lambda a, b, arg=None: np.power(np.asarray(a, dtype=float), b),
    local=_powv_local,
    formulas=("d(a^b)/da = b * a^(b-1)", "d(a^b)/db = a^b * ln(a)"),
    expression="a ** b",
))
EXP = _register(Op(
    "exp", "exp", 1,
    forward=_exp,
    np_forward=lambda a, arg=None: np.exp(a),
    local=lambda a, out, arg: (out,),
    formulas=("d exp(a)/da = exp(a)",),
    expression="exp(a)",
))
LOG = _register(Op(
    "log", "log", 1,
    forward=_log,
    np_forward=_np_log,
    local=lambda a, out, arg: (1.0 / a,),
    formulas=("d log(a)/da = 1/a",),
    expression="log(a)",
))
TANH = _register(Op(
    "tanh", "tanh", 1,
    forward=lambda a, arg=None: math.tanh(a),
    np_forward=lambda a, arg=None: np.tanh(a),
    local=lambda a, out, arg: (1.0 - out * out,),
    formulas=("d tanh(a)/da = 1 - tanh(a)^2",),
    expression="tanh(a)",
))
RELU = _register(Op(
    "relu", "ReLU", 1,
    forward=lambda a, arg=None: a if a > 0 else 0.0,
    np_forward=lambda a, arg=None: np.maximum(a, 0.0),
    local=lambda a, out, arg: (1.0 if a > 0 else 0.0,),
    formulas=("d relu(a)/da = 1 if a > 0 else 0",),
    expression="relu(a)",
))
SIGMOID = _register(Op(
    "sigmoid", "σ", 1,
    forward=_sigmoid,
    np_forward=_np_sigmoid,
    local=lambda a, out, arg: (out * (1.0 - out),),
    formulas=("d σ(a)/da = σ(a) * (1 - σ(a))",),
    expression="sigmoid(a)",
))
SUM = _register(Op(
    "sum", "Σ", 0,
    # n-ary ops take their inputs as one tuple: forward(xs, arg)
    forward=lambda xs, arg=None: sum(xs),
    np_forward=lambda xs, arg=None: sum(xs),
    local=lambda xs, out, arg: (1.0,) * len(xs),
    formulas=("d(a + b + ...)/da = 1",),
    expression="a + b + ...",
))


def _dot(xs, arg=None) -> float:
    n = len(xs) // 2
    return sum(map(operator.mul, xs[:n], xs[n:2 * n])) + xs[-1]


def _np_dot(xs, arg=None):
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


def op_named(name: str) -> Op:
    """The table entry called ``name`` (raises KeyError for an unknown name)."""
    return OPS[name]
