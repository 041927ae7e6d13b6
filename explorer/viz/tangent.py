"""The tangent plot, without Qt: a curve, its tangent at x0, and the secant for a step h.

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

:class:`TangentArtists` draws that state with matplotlib artists created once and
updated with ``set_data`` (so the window can blit at 60 fps);
:func:`draw_tangent_figure` and :func:`save_tangent_plot` draw the same picture on a
plain Agg figure for export and for the command line.
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from ..engine import Graph, Value
from ..engine.vectorise import vectorise
from ..errors import ExplorerError, ExportError
from ..fileio import atomic_write_with

__all__ = [
    "PlotError", "TangentModel", "TangentState", "PlotTheme", "LIGHT", "DARK", "TangentArtists",
    "clone_graph", "default_range", "y_limits", "break_jumps", "nice_step",
    "draw_tangent_figure", "save_tangent_plot", "render_tangent_plot", "tangent_figure_for",
    "figure_bytes", "save_figure", "apply_theme", "readout_lines",
    "default_variable", "function_name", "fmt_readout", "readout_labels",
    "ROUNDOFF_H", "H_MIN", "H_MAX", "EXPORT_FORMATS",
]

# Below this step the forward difference of a float function is dominated by
# round-off: about sqrt(machine epsilon) = 1.5e-8 for x of order 1.
ROUNDOFF_H = 1e-8
# The h control runs from 1 down to 1e-12 (a log scale).
H_MAX = 1.0
H_MIN = 1e-12
EXPORT_FORMATS = ("png", "svg", "pdf")


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


def default_range(x0: float) -> tuple[float, float]:
    """The x range shown first: the seed's -5..5 when x0 is near it, stretched to
    keep x0 well inside; for large |x0| a window of half its size around it."""
    if not math.isfinite(x0):
        return (-5.0, 5.0)
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
                 output: str | None = None):
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
        lo, hi = _check_range(lo, hi)
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
            where = f"{self.output_name} is undefined at {self.name} = {x:.6g}"
            return math.nan, math.nan, f"{where}: {_sentence(exc)}"
        if not math.isfinite(y):
            where = f"{self.output_name} overflows at {self.name} = {x:.6g}"
            return math.nan, math.nan, f"{where} (too large for a float)."
        try:
            self.graph.backward()
            slope = self.leaf.grad
        except (ExplorerError, ArithmeticError, ValueError):
            slope = math.nan
        if not math.isfinite(slope):
            return y, math.nan, (f"The slope is undefined at {self.name} = {x:.6g} "
                                 "(the derivative is infinite or undefined there).")
        return y, slope, ""

    def at(self, x0: float, h: float) -> TangentState:
        """The full picture at ``x0`` for step ``h``."""
        x0, h = float(x0), float(h)
        if not math.isfinite(x0):
            raise PlotError(f"x0 must be a finite number, not {x0}.")
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
    by_name = getattr(graph, "by_name", None) or {}
    node = by_name.get(name)
    if node is None:
        node = next((v for v in graph.leaves if v.label == name), None)
    if node is None or not node.is_leaf:
        names = [n for n, v in by_name.items() if v.is_leaf] or [v.label for v in graph.leaves if v.label]
        choose = f" Choose one of: {', '.join(names)}." if names else ""
        raise PlotError(f"'{name}' is not a variable of this expression.{choose}")
    return node


def _check_range(lo: float, hi: float) -> tuple[float, float]:
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise PlotError(f"The x range must go from a smaller to a larger number, not {lo:g} to {hi:g}.")
    return lo, hi


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith(".") else text + "."


def fmt_readout(x: float, digits: int = 6) -> str:
    """A readout number: 'undefined' for NaN, else up to ``digits`` significant digits."""
    if not math.isfinite(x):
        return "undefined" if math.isnan(x) else ("∞" if x > 0 else "−∞")
    if x == 0:
        return "0"
    return f"{x:.{digits}g}".replace("-", "−")


# --- drawing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlotTheme:
    """Colours of the plot; the window picks LIGHT or DARK from its palette."""

    background: str
    foreground: str
    grid: str
    curve: str
    tangent: str
    secant: str
    run: str
    rise: str
    point: str
    box: str  # the readout box's fill


# The seed's colours (C0 curve, C1-- tangent, C8-- change in x, C4 change in y),
# lightened on dark backgrounds so they keep their contrast.
LIGHT = PlotTheme("#ffffff", "#222222", "#d9d9d9", "#1f77b4", "#ff7f0e", "#2ca02c", "#bcbd22",
                  "#9467bd", "#d62728", "#ffffffd9")
DARK = PlotTheme("#1e1f22", "#dddddd", "#3c3f44", "#5aa9ff", "#ffa040", "#55d36b", "#d8d94a",
                 "#c39bff", "#ff5b5b", "#1e1f22d9")


def apply_theme(fig: Figure, ax, theme: PlotTheme) -> None:
    """Colour the figure, axes, ticks and grid (not the data artists)."""
    fig.set_facecolor(theme.background)
    ax.set_facecolor(theme.background)
    for spine in ax.spines.values():
        spine.set_color(theme.foreground)
    ax.tick_params(colors=theme.foreground, which="both")
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    ax.grid(True, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)


class TangentArtists:
    """The plot's artists, made once on ``ax``; :meth:`show` moves them.

    With ``animated=True`` the moving artists are left out of normal draws so a
    window can draw them over a saved background and blit (matplotlib's blitting
    recipe). The curve is not animated: it only changes with the range or the
    other leaves, and is then part of a full redraw."""

    def __init__(self, ax, theme: PlotTheme = LIGHT, *, animated: bool = False, label_point: bool = True):
        self.ax = ax
        self.theme = theme
        a = animated
        self.fname, self.var = "f", "x"
        (self.curve,) = ax.plot([], [], color=theme.curve, linewidth=2, label="f(x)", zorder=2)
        (self.tangent,) = ax.plot([], [], "--", color=theme.tangent, linewidth=2,
                                  label="tangent (slope by backprop)", animated=a, zorder=3)
        (self.secant,) = ax.plot([], [], ":", color=theme.secant, linewidth=1.8,
                                 label="secant through x0 and x0+h", animated=a, zorder=3)
        (self.run,) = ax.plot([], [], "--", color=theme.run, linewidth=2, label="change in x (h)",
                              animated=a, zorder=4)
        self.rise = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14,
                                    color=theme.rise, linewidth=2, animated=a,
                                    zorder=4, shrinkA=0, shrinkB=0)
        ax.add_patch(self.rise)
        (self.point_h,) = ax.plot([], [], "o", markersize=6, markerfacecolor=theme.background,
                                  markeredgecolor=theme.secant, markeredgewidth=1.5, animated=a, zorder=5)
        (self.point,) = ax.plot([], [], "o", markersize=9, color=theme.point, animated=a, zorder=6,
                                label="the point (x0, f(x0))")
        self.point.set_pickradius(10)
        # A tick on the x axis at x0: where x0 is even when f(x0) is undefined or off screen.
        (self.x_marker,) = ax.plot([], [], "^", markersize=8, color=theme.point, animated=a, zorder=6,
                                   transform=ax.get_xaxis_transform(), clip_on=False)
        self.label = ax.annotate("", (0, 0), xytext=(10, 10), textcoords="offset points", fontsize=9,
                                 color=theme.foreground, animated=a, zorder=7,
                                 bbox=dict(boxstyle="round,pad=0.25", fc=theme.box, ec=theme.grid, lw=0.6))
        # The window puts this label in a Qt overlay instead: Agg text with a box is
        # the slowest thing to blit (about 10 ms a frame).
        self.label_point = label_point
        self.label.set_visible(label_point)
        self.animated: list = [self.tangent, self.secant, self.run, self.rise, self.point_h, self.point,
                         self.x_marker]
        if label_point:
            self.animated.append(self.label)

    def _pixels(self, dy: float) -> float:
        """How long a vertical step of ``dy`` data units is on screen, in pixels."""
        if not math.isfinite(dy):
            return 0.0
        ylo, yhi = self.ax.get_ylim()
        height = self.ax.bbox.height
        return abs(dy) / abs(yhi - ylo) * height if yhi != ylo else 0.0

    def set_names(self, fname: str, var: str) -> None:
        """Name the output and the variable in the legend and the point's label."""
        self.fname, self.var = fname, var
        self.curve.set_label(f"{fname}({var})")
        self.point.set_label(f"the point ({var}0, {fname}({var}0))" if len(var) == 1 else "the point at x0")

    def legend_handles(self) -> list:
        """Legend entries; the arrow gets a line-and-arrowhead stand-in (a patch
        would show as a filled box)."""
        rise = Line2D([], [], color=self.theme.rise, linewidth=2, marker="v", markersize=6,
                      label="change in y")
        return [self.curve, self.tangent, self.secant, self.run, rise, self.point]

    def set_theme(self, theme: PlotTheme) -> None:
        self.theme = theme
        self.curve.set_color(theme.curve)
        self.tangent.set_color(theme.tangent)
        self.secant.set_color(theme.secant)
        self.run.set_color(theme.run)
        self.rise.set_color(theme.rise)
        self.point_h.set_markerfacecolor(theme.background)
        self.point_h.set_markeredgecolor(theme.secant)
        self.point.set_color(theme.point)
        self.x_marker.set_color(theme.point)
        self.label.set_color(theme.foreground)
        self.label.get_bbox_patch().set(facecolor=theme.box, edgecolor=theme.grid)

    def show_curve(self, xs: np.ndarray, ys: np.ndarray) -> None:
        self.curve.set_data(xs, ys)

    def point_text(self, state: TangentState) -> str:
        """The label next to the point: the backprop slope, named."""
        slope = fmt_readout(state.slope, 4) if not state.undefined else "undefined"
        return f"d{self.fname}/d{self.var} = {slope}"

    def show(self, state: TangentState, x_view: tuple[float, float]) -> None:
        """Move the tangent, secant, change lines, points and label to ``state``."""
        lo, hi = x_view
        half = 0.15 * (hi - lo)
        defined = not state.undefined
        if defined:
            self.tangent.set_data(*state.tangent_segment(half))
            self.point.set_data([state.x0], [state.y0])
        else:
            self.tangent.set_data([], [])
            self.point.set_data([state.x0], [state.y0] if math.isfinite(state.y0) else [np.nan])
        self.x_marker.set_data([state.x0], [0.0])
        have_secant = math.isfinite(state.y0) and math.isfinite(state.y_h)
        if have_secant:
            self.secant.set_data(*state.secant_segment(0.5 * half))
            self.run.set_data(*state.run_segment())
            a, b = state.rise_segment()
            self.rise.set_positions(a, b)
            self.point_h.set_data([state.x0 + state.h], [state.y_h])
        else:
            for line in (self.secant, self.run, self.point_h):
                line.set_data([], [])
            self.rise.set_positions((state.x0, 0), (state.x0, 0))
        # An arrow shorter than its own head would only hide the point: leave it out.
        self.rise.set_visible(have_secant and self._pixels(state.dy) > 12)
        if self.label_point and math.isfinite(state.y0):
            self.label.xy = (state.x0, state.y0)
            self.label.set_text(self.point_text(state))
            # Keep the label inside the axes: put it left of the point near the right edge.
            right = state.x0 > lo + 0.72 * (hi - lo)
            self.label.set_position((-10, 10) if right else (10, 10))
            self.label.set_horizontalalignment("right" if right else "left")
            self.label.set_visible(True)
        elif self.label_point:
            self.label.set_visible(False)


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
    lines = [
        f"{n['x0']} = {fmt_readout(state.x0)}    {n['f']} = {fmt_readout(state.y0)}    "
        f"{n['slope']} = {fmt_readout(state.slope)}",
        f"{n['fd']} = {fmt_readout(state.fd_slope, 10)}  with h = {state.h:.3g}    "
        f"difference = {fmt_readout(state.difference, 3)}",
    ]
    if state.undefined:
        lines.append(state.undefined)
    elif state.note:
        lines.append(state.note)
    return lines


def draw_tangent_figure(model: TangentModel, x0: float | None = None, h: float = 1e-3, *,
                        x_range: tuple[float, float] | None = None,
                        y_range: tuple[float, float] | None = None, figure: Figure | None = None,
                        theme: PlotTheme = LIGHT, samples: int = 2000, caption: bool = True,
                        legend: bool = True) -> Figure:
    """The tangent picture on a plain matplotlib Figure (no Qt, no pyplot).

    ``x0`` defaults to the leaf's current value, ``x_range`` to
    :func:`default_range` around x0, ``y_range`` to fit the curve."""
    x0 = model.source_value if x0 is None else float(x0)
    lo, hi = _check_range(*(x_range or default_range(x0)))
    state = model.at(x0, h)
    fig = figure if figure is not None else Figure(figsize=(7.5, 5.2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    apply_theme(fig, ax, theme)
    artists = TangentArtists(ax, theme)
    artists.set_names(model.output_name, model.name)
    xs, ys = model.curve(lo, hi, samples)
    ylo, yhi = y_range if y_range is not None else y_limits(ys, state.y0)
    artists.show_curve(*break_jumps(xs, ys, yhi - ylo))
    artists.show(state, (lo, hi))
    ax.set_xlim(lo, hi)
    ax.set_ylim(ylo, yhi)
    ax.set_xlabel(model.name)
    ax.set_ylabel(f"{model.output_name}({model.name})")
    if legend:
        leg = ax.legend(handles=artists.legend_handles(), loc="best", fontsize=8, framealpha=0.85,
                        facecolor=theme.background, edgecolor=theme.grid, labelcolor=theme.foreground)
        leg.set_zorder(8)
    if caption:
        fig.supxlabel("\n".join(readout_lines(state, model.output_name, model.name)), fontsize=8.5,
                      color=theme.foreground, family="monospace", x=0.02, ha="left")
    return fig


def tangent_figure_for(program, var: str | None = None, at: float | None = None, h: float = 1e-3, *,
                       x_range: tuple[float, float] | None = None,
                       theme: PlotTheme | str = LIGHT) -> Figure:
    """The tangent figure of ``program`` (a lang Program or an engine Graph)."""
    graph = program.build() if hasattr(program, "build") else program
    if not isinstance(graph, Graph):
        raise PlotError("Nothing to plot: the expression has no output.")
    var = var or default_variable(program, graph)
    model = TangentModel(graph, var, output=function_name(program))
    if isinstance(theme, str):
        theme = DARK if theme.lower() == "dark" else LIGHT
    return draw_tangent_figure(model, at, h, x_range=x_range, theme=theme)


def render_tangent_plot(program, var: str | None = None, at: float | None = None, h: float = 1e-3,
                        fmt: str = "png", *, x_range: tuple[float, float] | None = None,
                        theme: PlotTheme | str = LIGHT, dpi: int = 150) -> bytes:
    """The bytes of the tangent plot as png, svg or pdf (for standard output)."""
    fmt = _check_format(fmt)
    return figure_bytes(tangent_figure_for(program, var, at, h, x_range=x_range, theme=theme), fmt, dpi)


def figure_bytes(fig: Figure, fmt: str, dpi: int = 150) -> bytes:
    """``fig`` as the bytes of a png, svg or pdf file."""
    fmt = _check_format(fmt)
    buffer = io.BytesIO()
    _agg(fig)
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def save_tangent_plot(program, var: str | None, at: float | None, h: float, path: str | os.PathLike, *,
                      x_range: tuple[float, float] | None = None, fmt: str | None = None,
                      theme: PlotTheme | str = LIGHT, dpi: int = 150, overwrite: bool = True) -> Path:
    """Draw the tangent plot of ``program`` (a lang Program or an engine Graph)
    against ``var`` at x0 = ``at`` with step ``h`` and write it to ``path``.

    ``var=None`` plots against the function's variable (``f(x) = ...``) or the
    first leaf; ``at=None`` uses the leaf's value in the program. The format comes
    from ``fmt`` or the file's suffix (png, svg, pdf). Written atomically."""
    fig = tangent_figure_for(program, var, at, h, x_range=x_range, theme=theme)
    return save_figure(fig, path, fmt=fmt, dpi=dpi, overwrite=overwrite)


def function_name(program) -> str | None:
    """What the plotted output is called: ``f`` when the output is the function
    ``f(x) = ...``, else the name the text gives the output (None when it has none:
    ``(f(x + h) - f(x))/h`` on a line of its own is not ``f``)."""
    function = getattr(program, "function", None)
    output = getattr(program, "output", None)
    name = getattr(function, "name", None)
    if name and (output == name or not hasattr(program, "output")):
        return name
    return output or None


def default_variable(program, graph: Graph) -> str:
    """The variable a plot uses when none is named: the function's own (``f(x)``),
    else the program's first variable, else the first labelled leaf."""
    function = getattr(program, "function", None)
    if function is not None and getattr(function, "var", None):
        return function.var
    variables = list(getattr(program, "variables", None) or [])
    if variables:
        return variables[0]
    labelled = [v.label for v in graph.leaves if v.label]
    if not labelled:
        raise PlotError("This expression has no named input to plot against.")
    return labelled[0]


def save_figure(fig: Figure, path: str | os.PathLike, *, fmt: str | None = None, dpi: int = 150,
                overwrite: bool = True, transparent: bool = False) -> Path:
    """Write ``fig`` as png, svg or pdf, atomically (explorer.fileio)."""
    path = Path(path)
    fmt = _check_format(fmt or path.suffix.lstrip(".") or "png")
    _agg(fig)

    def writer(target: Path) -> None:
        fig.savefig(target, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), transparent=transparent)

    return atomic_write_with(path, writer, overwrite=overwrite)


def _check_format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Cannot save a plot as '{fmt}': choose one of {', '.join(EXPORT_FORMATS)}.")
    return fmt


def _agg(fig: Figure):
    """An Agg canvas for ``fig``: exports never touch the window's Qt canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
