"""The tangent plot's maths: a curve, its tangent at x0, and the secant for a step h.

This is the first seed's ``plot_with_tangent_and_change_lines`` made live. Given a
graph and one of its leaves x, :class:`TangentModel` answers everything the plot
shows:

* the curve ``output(x)`` over a range, vectorised with the op table's numpy forms
  (other leaves held at their current values; NaN where it is undefined),
* ``f(x0)`` and the slope ``f'(x0)`` *by backprop* (forward and backward on a
  private copy of the graph, so the document is never disturbed mid-drag),
* the finite-difference slope ``(f(x0+h) - f(x0)) / h``, its difference from the
  backprop slope, and a note when h is so small that round-off takes over,
* the segments to draw: tangent line, secant, change in x, change in y.

Numbers only, no drawing (and no matplotlib): :mod:`explorer.viz.tangent_figure`
draws this state, in the window and in exported files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine import Graph, Value
from ..engine.numbers import DIGITS, FINE_DIGITS, SIZE_DIGITS, format_number
from ..engine.vectorise import vectorise
from ..errors import ExplorerError
from ..lang import Program, ProgramGraph

__all__ = [
    "PlotError", "TangentModel", "TangentState", "clone_graph", "default_range", "y_limits", "break_jumps",
    "nice_step", "check_range", "readout_lines", "default_variable", "function_name", "plot_title",
    "fmt_readout",
    "READOUT_DIGITS",
    "readout_labels", "ROUNDOFF_H", "H_MIN", "H_MAX",
]

# Below this step the forward difference of a float function is dominated by
# round-off: about sqrt(machine epsilon) = 1.5e-8 for x of order 1.
ROUNDOFF_H = 1e-8
# The h control runs from 1 down to 1e-12 (a log scale).
H_MAX = 1.0
H_MIN = 1e-12


class PlotError(ExplorerError):
    """The plot cannot be drawn as asked (unknown variable, bad range or h)."""


# --- the maths ------------------------------------------------------------------------


def clone_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with new Values, same ops, labels and data.

    Nodes are created in tape order, so ``copy.nodes[i]`` is the copy of
    ``graph.nodes[i]``: values can be synced by position."""
    made: dict[int, Value] = {}
    for v in graph.nodes:
        children = tuple(made[id(c)] for c in v.children)
        made[id(v)] = Value(float(v.data), children, v.op, v.label, arg=v.arg, param=v.param)
    return Graph(made[id(graph.root)])


def nice_step(width: float, count: int = 1000) -> float:
    """The largest round step (1, 2 or 5 times a power of ten) that cuts ``width``
    into at least ``count`` pieces: slider positions land on numbers like 3.0."""
    if not (width > 0 and math.isfinite(width)):
        return 1.0
    raw = width / count
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (5.0, 2.0, 1.0):
        if m * power <= raw * (1 + 1e-9):
            return m * power
    return power


# The largest |x| or |y| an axis shows: matplotlib's tick arithmetic overflows on
# spans near the largest float ("arange: cannot compute length"), so ranges are
# refused (x) or clamped (y) beyond this.
AXIS_LIMIT = 1e300


def default_range(x0: float) -> tuple[float, float]:
    """The x range shown first: the seed's -5..5 when x0 is near it, stretched to
    keep x0 well inside; for large |x0| a window of half its size around it."""
    if not math.isfinite(x0):
        return (-5.0, 5.0)
    x0 = min(max(x0, -AXIS_LIMIT / 2), AXIS_LIMIT / 2)
    if abs(x0) <= 20:
        lo, hi = min(-5.0, x0 - 2.5), max(5.0, x0 + 2.5)
    else:
        lo, hi = x0 - abs(x0) / 2, x0 + abs(x0) / 2
    step = nice_step(hi - lo, 20)
    return (math.floor(lo / step) * step, math.ceil(hi / step) * step)


def y_limits(ys: np.ndarray, *extra: float) -> tuple[float, float]:
    """Y limits that show the curve (and the ``extra`` y values, such as f(x0)).

    A pole (1/x near 0) would squash everything else flat, so when the extremes are
    far outside the bulk of the values the limits follow the bulk instead."""
    finite = ys[np.isfinite(ys)]
    points = [y for y in extra if math.isfinite(y)]
    if finite.size == 0 and not points:
        return (-1.0, 1.0)
    if finite.size:
        lo, hi = float(finite.min()), float(finite.max())
        q_lo, q_hi = (float(q) for q in np.quantile(finite, [0.02, 0.98]))
        if hi - lo > 20 * max(q_hi - q_lo, 1e-300):
            pad = 0.5 * (q_hi - q_lo)
            lo, hi = q_lo - pad, q_hi + pad
    else:
        lo = hi = points[0]
    lo, hi = min([lo, *points]), max([hi, *points])
    limit = AXIS_LIMIT / 2
    lo, hi = min(max(lo, -limit), limit), min(max(hi, -limit), limit)
    span = hi - lo
    if span <= 1e-12 * max(1.0, abs(hi)):
        pad = max(1.0, abs(hi) * 0.1)
        return (lo - pad, hi + pad)
    return (lo - 0.08 * span, hi + 0.08 * span)


def break_jumps(xs: np.ndarray, ys: np.ndarray, span: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN where consecutive samples jump by more than ``span`` (the visible
    height), so a pole is drawn as a gap and not as a vertical line."""
    if ys.size < 2 or not (span > 0):
        return xs, ys
    with np.errstate(invalid="ignore"):
        jumps = np.flatnonzero(np.abs(np.diff(ys)) > span)
    if jumps.size == 0:
        return xs, ys
    return np.insert(xs, jumps + 1, np.nan), np.insert(ys, jumps + 1, np.nan)


@dataclass(frozen=True)
class TangentState:
    """Everything the plot shows for one x0 and one h. Undefined numbers are NaN."""

    x0: float
    h: float
    y0: float  # f(x0)
    slope: float  # f'(x0) by backprop
    y_h: float  # f(x0 + h)
    fd_slope: float  # (f(x0 + h) - f(x0)) / h
    undefined: str = ""  # why f or its slope is undefined at x0 ('' when it is defined)
    note: str = ""  # what h is doing (round-off, too coarse), '' when nothing to say

    @property
    def difference(self) -> float:
        """Finite-difference slope minus backprop slope."""
        return self.fd_slope - self.slope

    @property
    def dy(self) -> float:
        """The change in y over the step: f(x0 + h) - f(x0)."""
        return self.y_h - self.y0

    def tangent_segment(self, half_width: float) -> tuple[list[float], list[float]]:
        """The tangent line y = f(x0) + f'(x0) (x - x0) over x0 ± half_width."""
        xa, xb = self.x0 - half_width, self.x0 + half_width
        return [xa, xb], [self.y0 - self.slope * half_width, self.y0 + self.slope * half_width]

    def secant_segment(self, half_width: float) -> tuple[list[float], list[float]]:
        """The line through (x0, f(x0)) and (x0 + h, f(x0 + h)), a little beyond both."""
        xa = min(self.x0, self.x0 + self.h) - half_width
        xb = max(self.x0, self.x0 + self.h) + half_width
        m = self.fd_slope
        return [xa, xb], [self.y0 + m * (xa - self.x0), self.y0 + m * (xb - self.x0)]

    def run_segment(self) -> tuple[list[float], list[float]]:
        """The change in x: from (x0, f(x0)) across to (x0 + h, f(x0))."""
        return [self.x0, self.x0 + self.h], [self.y0, self.y0]

    def rise_segment(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The change in y: from (x0 + h, f(x0)) up (or down) to (x0 + h, f(x0 + h))."""
        return (self.x0 + self.h, self.y0), (self.x0 + self.h, self.y_h)


class TangentModel:
    """The tangent plot of ``graph``'s output against one of its leaves.

    ``leaf`` is a leaf Value of ``graph`` or its name. The model works on a private
    copy of the graph; call :meth:`sync` after the original's values change."""

    def __init__(self, graph: Graph, leaf: Value | str, *, name: str | None = None,
                 output: str | None = None, title: str | None = None):
        if not isinstance(graph, Graph):
            raise PlotError("A tangent plot needs a graph: type an expression first.")
        if isinstance(leaf, str):
            name = name or leaf
            leaf = _find_leaf(graph, leaf)
        if not isinstance(leaf, Value) or not leaf.is_leaf:
            raise PlotError("A tangent plot is drawn against a leaf (an input), not a computed value.")
        try:
            self._index = next(i for i, v in enumerate(graph.nodes) if v is leaf)
        except StopIteration:
            raise PlotError("That value is not part of this expression.") from None
        self.source = graph
        self.name: str = name or leaf.label or "x"
        # What the output is called in readouts: the function's name for f(x) = ...,
        # else the output's label or name in the text ('o', 'L'), else "output": never
        # a name the text does not give it.
        self.output_name: str = output or graph.root.label or "output"
        #: The output as the text writes it, for the plot's title: ``y = f(x)``
        #: (:func:`plot_title`), else its name.
        self.title: str = title or self.output_name
        #: The y axis's name: ``y = f(x)``, else ``L(a)``.
        self.y_label: str = title or f"{self.output_name}({self.name})"
        self.graph = clone_graph(graph)
        self.leaf = self.graph.nodes[self._index]
        self._function = vectorise(self.graph, self.leaf)
        self._others = self._other_values()

    # -- following the original graph -------------------------------------------------

    @property
    def source_value(self) -> float:
        """The leaf's value in the original graph (where the document has it)."""
        return self.source.nodes[self._index].data

    def _other_values(self) -> tuple[float, ...]:
        return tuple(v.data for i, v in enumerate(self.source.nodes) if v.op is None and i != self._index)

    def sync(self) -> bool:
        """Copy the original graph's leaf values; True when a leaf other than ours
        changed (the curve then has to be sampled again)."""
        for mine, theirs in zip(self.graph.nodes, self.source.nodes):
            if theirs.op is None:
                mine.data = theirs.data
        others = self._other_values()
        changed = others != self._others
        self._others = others
        return changed

    # -- numbers ------------------------------------------------------------------------

    def f(self, xs: np.ndarray) -> np.ndarray:
        """The output at every x in ``xs`` (vectorised; NaN where undefined)."""
        return self._function(xs)

    def curve(self, lo: float, hi: float, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        """``n`` samples of the curve over [lo, hi]."""
        lo, hi = check_range(lo, hi)
        xs = np.linspace(lo, hi, max(2, int(n)))
        return xs, self._function(xs)

    def value(self, x: float) -> float:
        """f(x) by the engine's forward pass (NaN where undefined)."""
        self.leaf.data = float(x)
        try:
            y = self.graph.forward()
        except (ExplorerError, ArithmeticError, ValueError):
            return math.nan
        return y if math.isfinite(y) else math.nan

    def value_and_slope(self, x: float) -> tuple[float, float, str]:
        """(f(x), f'(x) by backprop, why undefined or '')."""
        x = float(x)
        self.leaf.data = x
        try:
            y = self.graph.forward()
        except (ExplorerError, ArithmeticError, ValueError) as exc:
            where = f"{self.output_name} is undefined at {self.name} = {format_number(x)}"
            return math.nan, math.nan, f"{where}: {_sentence(exc)}"
        if not math.isfinite(y):
            where = f"{self.output_name} overflows at {self.name} = {format_number(x)}"
            return math.nan, math.nan, f"{where} (too large for a float)."
        try:
            self.graph.backward()
            slope = self.leaf.grad
        except (ExplorerError, ArithmeticError, ValueError):
            slope = math.nan
        if not math.isfinite(slope):
            return y, math.nan, (f"The slope is undefined at {self.name} = {format_number(x)} "
                                 "(the derivative is infinite or undefined there).")
        return y, slope, ""

    def at(self, x0: float, h: float) -> TangentState:
        """The full picture at ``x0`` for step ``h``."""
        x0, h = float(x0), float(h)
        if not math.isfinite(x0):
            raise PlotError(f"x0 must be a finite number, not {x0}.")
        if abs(x0) > AXIS_LIMIT:
            raise PlotError(f"x0 must lie between {-AXIS_LIMIT:g} and {AXIS_LIMIT:g}, not {x0:g}.")
        if not (h > 0 and math.isfinite(h)):
            raise PlotError(f"The step h must be a positive number, got {h:g}.")
        y0, slope, undefined = self.value_and_slope(x0)
        y_h = self.value(x0 + h)
        fd = (y_h - y0) / h
        note = self._h_note(x0, h, y0, slope, fd) if not undefined else ""
        return TangentState(x0, h, y0, slope, y_h, fd, undefined, note)

    def _h_note(self, x0: float, h: float, y0: float, slope: float, fd: float) -> str:
        """What the step h is doing to the estimate, in a sentence (or '')."""
        if not math.isfinite(fd):
            return f"{self.output_name} is undefined at x0 + h, so there is no finite-difference slope."
        if x0 + h == x0:
            return ("Round-off: x0 + h rounds back to x0 in floating point, "
                    "so f does not change at all and the estimate is 0.")
        error = abs(fd - slope)
        if h < ROUNDOFF_H:
            ref = (self.value(x0 + ROUNDOFF_H) - y0) / ROUNDOFF_H
            if math.isfinite(ref) and error > abs(ref - slope) and error > 1e-12 * max(1.0, abs(slope)):
                return ("Round-off: below h ≈ 1e-8, f(x0+h) − f(x0) loses its digits, "
                        "so the estimate gets worse as h shrinks.")
        if h >= 1e-3 and error > 1e-2 * max(1.0, abs(slope)):
            return "h is large: the secant's slope is not yet the tangent's (shrink h to close the gap)."
        return ""


def _find_leaf(graph: Graph, name: str) -> Value:
    by_name = graph.by_name if isinstance(graph, ProgramGraph) else {}
    node = by_name.get(name)
    if node is None:
        node = next((v for v in graph.leaves if v.label == name), None)
    if node is None or not node.is_leaf:
        names = [n for n, v in by_name.items() if v.is_leaf] or [v.label for v in graph.leaves if v.label]
        choose = f" Choose one of: {', '.join(names)}." if names else ""
        raise PlotError(f"'{name}' is not a variable of this expression.{choose}")
    return node


def check_range(lo: float, hi: float) -> tuple[float, float]:
    """``(lo, hi)`` as floats, or a PlotError unless ``lo < hi`` and both are finite."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise PlotError(f"The x range must go from a smaller to a larger number, not {lo:g} to {hi:g}.")
    if max(abs(lo), abs(hi)) > AXIS_LIMIT:
        raise PlotError(f"The x range must lie between {-AXIS_LIMIT:g} and {AXIS_LIMIT:g}, "
                        f"not {lo:g} to {hi:g}.")
    return lo, hi


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith(".") else text + "."


#: Significant digits of each readout, in the window and in an export's caption alike:
#: the digits every number is read with (explorer.engine.numbers), except where digits
#: are the lesson. The finite difference and the rise it divides show the fine ones
#: (14.000003 at h = 1e-6, not 14); their distance from the slope shows few, as its
#: size is what it says (it shrinks with h, then grows again with round-off).
READOUT_DIGITS = {"x0": DIGITS, "f": DIGITS, "slope": DIGITS, "fd": FINE_DIGITS, "diff": SIZE_DIGITS,
                  "dx": DIGITS, "dy": FINE_DIGITS}


def fmt_readout(x: float, digits: int = DIGITS) -> str:
    """A readout number, written as the inspector, the status bar and the
    explanations write numbers (:func:`~explorer.engine.numbers.format_number`:
    ``14``, ``-13``, ``0.014003``, ``2.27e-13``), or 'undefined' for NaN."""
    if math.isnan(x):
        return "undefined"
    return format_number(x, digits)


def readout_labels(fname: str = "f", var: str = "x") -> dict[str, str]:
    """What each readout is called, with the output and variable's own names:
    for o against w1, ``do/dw1 by backprop`` and ``(o(w1+h) − o(w1)) / h``."""
    return {
        "x0": var,
        "f": f"{fname}({var})",
        "slope": f"d{fname}/d{var} by backprop",
        "dx": "change in x: h",
        "dy": f"change in y: {fname}({var}+h) − {fname}({var})",
        "fd": f"({fname}({var}+h) − {fname}({var})) / h",
        "diff": "difference",
    }


def readout_lines(state: TangentState, fname: str = "f", var: str = "x") -> list[str]:
    """The readouts as text lines (the export's caption; the window shows the same)."""
    n = readout_labels(fname, var)
    d = READOUT_DIGITS
    lines = [
        f"{n['x0']} = {fmt_readout(state.x0, d['x0'])}    {n['f']} = {fmt_readout(state.y0, d['f'])}    "
        f"{n['slope']} = {fmt_readout(state.slope, d['slope'])}",
        f"{n['fd']} = {fmt_readout(state.fd_slope, d['fd'])}  with h = {fmt_readout(state.h, d['dx'])}    "
        f"difference = {fmt_readout(state.difference, d['diff'])}",
    ]
    if state.undefined:
        lines.append(state.undefined)
    elif state.note:
        lines.append(state.note)
    return lines


def function_name(program: Program | None, graph: Graph | None = None, var: str | None = None) -> str | None:
    """What the plotted output is called: the name the text gives the output (``f``
    for ``f(x) = ...``, ``L`` for ``L = ...``); None when it has none
    (``(f(x + h) - f(x))/h`` on a line of its own is not ``f``). With the ``graph``
    and the plotted ``var``: the function's own name when the output is that function
    of the variable itself (``y = f(x)`` is plotted as ``f(x)``, as the text says)."""
    called = _called_function(program, graph, var)
    return called or (program.output or None if program is not None else None)


def plot_title(program: Program | None, graph: Graph | None, var: str) -> str | None:
    """The plotted output as the text writes it, for the plot's title and y axis:
    ``y = f(x)`` when ``y = f(x)`` is the output; None when that is just its name."""
    called = _called_function(program, graph, var)
    output = program.output if program is not None else None
    return f"{output} = {called}({var})" if called and output and output != called else None


def _called_function(program: Program | None, graph: Graph | None, var: str | None) -> str | None:
    """``f`` when the output is the text's function ``f`` called on ``var`` itself."""
    fn = program.function if program is not None else None
    if fn is None or var is None or not isinstance(graph, ProgramGraph):
        return None
    call = f"{fn.name}({var})"
    for group in graph.groups:
        if (group.kind == "function" and group.name == call and len(group.outputs) == 1
                and group.outputs[0] is graph.root):
            return fn.name
    return None


def default_variable(program: Program | None, graph: Graph) -> str:
    """The variable a plot uses when none is named: the function's own (``f(x)``),
    else the program's first variable, else the first labelled leaf."""
    if program is not None and program.function is not None:
        return program.function.var
    if program is not None and program.variables:
        return program.variables[0]
    labelled = [v.label for v in graph.leaves if v.label]
    if not labelled:
        raise PlotError("This expression has no named input to plot against.")
    return labelled[0]
