"""The training lab's pictures, drawn with matplotlib (no Qt): the decision
boundary over the points, the loss and accuracy curves, and the network diagram.

Each picture is a small class that creates its artists once on an ``Axes`` and
then only updates them (``set_data``, ``set_array``, ``set_color``), which is
what lets the window redraw them many times a second — matplotlib's own advice
for animation. The same classes draw the exported files (:func:`export_picture`),
so a file shows exactly what the window showed.

Colours follow TensorFlow Playground: orange for -1, blue for +1, on the map,
the points and the weights alike. The map shows ``tanh(output)``, so the colour
says which side of the boundary a place is on and how sure the network is; the
black line is the boundary itself, where the output is 0.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import contourpy
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from ..engine.training_run import neuron_name
from ..errors import ExportError
from .tangent_figure import save_figure

__all__ = ["NEGATIVE", "POSITIVE", "CMAP", "BoundaryMap", "Curve", "NetworkDiagram", "zero_contour",
           "PICTURES", "EXPORT_FORMATS", "export_picture", "neuron_name"]

NEGATIVE = "#f59322"  # Playground's orange: target -1, negative weights
POSITIVE = "#0877bd"  # Playground's blue: target +1, positive weights
MAP_PALENESS = 0.45  # the map's colours are this far towards white: the points (full colour) stand out


def _pale(color: str) -> tuple[float, float, float]:
    return tuple(c + (1.0 - c) * MAP_PALENESS for c in to_rgb(color))


CMAP = LinearSegmentedColormap.from_list("playground", [_pale(NEGATIVE), "#f7f7f7", _pale(POSITIVE)])
PICTURES = ("boundary", "loss", "network")
EXPORT_FORMATS = ("png", "svg", "pdf")


def zero_contour(gx: np.ndarray, gy: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The line where ``z`` is 0 (the decision boundary), as x and y arrays with
    NaN between separate pieces: one Line2D draws them all."""
    if not np.isfinite(z).all() or z.min() > 0 or z.max() < 0:
        return np.empty(0), np.empty(0)
    gen = contourpy.contour_generator(gx, gy, z, line_type=contourpy.LineType.ChunkCombinedNan)
    pieces = [p for p in gen.lines(0.0)[0] if p is not None]
    if not pieces:
        return np.empty(0), np.empty(0)
    points = np.concatenate(pieces)
    return points[:, 0], points[:, 1]


class BoundaryMap:
    """The points over the network's output on a grid, with the zero contour."""

    def __init__(self, ax: Axes, bounds: tuple[float, float, float, float], xs: np.ndarray, ys: np.ndarray):
        self.ax = ax
        self.image = ax.imshow(np.zeros((2, 2)), extent=bounds, origin="lower", cmap=CMAP, vmin=-1, vmax=1,
                               interpolation="bilinear", zorder=0)
        ax.set_aspect("equal", adjustable="box")  # the data's own shape: moons look like moons
        (self.contour,) = ax.plot([], [], color="#202124", linewidth=1.6, zorder=2, label="output = 0")
        self.points = ax.scatter([], [], s=22, linewidths=0.8, edgecolors="white", zorder=3)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2", rotation=0, labelpad=10)
        self.set_points(bounds, xs, ys)

    def set_points(self, bounds: tuple[float, float, float, float], xs: np.ndarray, ys: np.ndarray) -> None:
        """New data (another dataset, seed, size or noise)."""
        self.image.set_extent(bounds)
        self.ax.set_xlim(bounds[0], bounds[1])
        self.ax.set_ylim(bounds[2], bounds[3])
        self.points.set_offsets(xs[:, :2] if len(xs) else np.empty((0, 2)))
        self.points.set_facecolors([POSITIVE if y > 0 else NEGATIVE for y in ys])
        size = 22 if len(xs) <= 300 else 10
        self.points.set_sizes([size])

    def point_at(self, x: float, y: float) -> int | None:
        """The index of the point drawn at (x, y) (within 3 % of the map's width), if any."""
        offsets = np.asarray(self.points.get_offsets())
        if not len(offsets):
            return None
        d = np.hypot(offsets[:, 0] - x, offsets[:, 1] - y)
        i = int(np.argmin(d))
        x0, x1 = self.ax.get_xlim()
        return i if d[i] <= 0.03 * abs(x1 - x0) else None

    def mark(self, index: int | None) -> None:
        """Ring the point ``index`` (None: no point ringed)."""
        n = len(self.points.get_offsets())
        edges = np.tile(to_rgba("white"), (n, 1))
        widths = np.full(n, 0.8)
        if index is not None and 0 <= index < n:
            edges[index] = to_rgba("#202124")
            widths[index] = 2.2
        self.points.set_edgecolors(edges)
        self.points.set_linewidths(widths)

    def show(self, gx: np.ndarray, gy: np.ndarray, z: np.ndarray, title: str) -> None:
        with np.errstate(all="ignore"):
            self.image.set_data(np.tanh(np.nan_to_num(z, nan=0.0)))
        self.contour.set_data(*zero_contour(gx, gy, z))
        self.ax.set_title(title, fontsize=9)

    @property
    def artists(self) -> list:
        return [self.image, self.contour, self.points]


class Curve:
    """One quantity per step (the loss, or the accuracy), on a fixed or log y axis."""

    def __init__(self, ax: Axes, title: str, color: str, *, percent: bool = False):
        self.ax = ax
        self.percent = percent
        (self.line,) = ax.plot([], [], color=color, linewidth=1.4)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("step")
        ax.grid(True, alpha=0.3)
        self.log = False
        self._limits: tuple | None = None
        self._seen: tuple[float, float] | None = None  # the smallest and largest value shown
        self._low: int | None = None  # the log axis's lowest decade
        if percent:
            ax.set_ylim(0, 105)
            ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f} %")

    def set_log(self, on: bool) -> None:
        if self.percent or on == self.log:
            return
        self.log = on
        self.ax.set_yscale("log" if on else "linear")
        self._low = None
        if on:
            # Plain numbers (0.01, 0.1, 1), not mathtext powers of ten: easier to
            # read, and far quicker to draw while the axis grows during a run.
            self.ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}")
            self.ax.yaxis.set_minor_locator(NullLocator())
        self._limits = None

    def clear(self, hint: float | None = None) -> None:
        """A new run: forget the range; ``hint`` (the loss at step 0) sets the first one,
        so the axis is ready before the first step."""
        self._seen = None
        self._low = None
        if hint is not None and math.isfinite(hint):
            self._see(np.array([hint, hint * 3]))

    def _see(self, finite: np.ndarray) -> None:
        lo, hi = float(finite.min()), float(finite.max())
        if self._seen is not None:
            lo, hi = min(lo, self._seen[0]), max(hi, self._seen[1])
        self._seen = (lo, hi)

    def show(self, values: np.ndarray, planned: int) -> bool:
        """Draw ``values`` (one per step); the x axis spans the planned steps and the
        y axis every value seen since :meth:`clear` (it grows, never shrinks, during
        a run, so its ticks change rarely). Returns True when the axes' limits
        changed (the ticks must be redrawn)."""
        values = np.asarray(values, dtype=float)
        if self.percent:
            values = values * 100.0
        steps = np.arange(len(values))
        self.line.set_data(steps, values)
        xmax = max(planned, len(values), 1)
        finite = values[np.isfinite(values) & (values > 0)]
        if len(finite) and not self.percent:
            self._see(finite)
        if self.percent or self._seen is None:
            ylim = self.ax.get_ylim()
        elif self.log:
            lo, hi = self._seen
            # Whole decades, with one to spare below: the range changes rarely as the loss falls.
            if self._low is None or lo < 3 * 10.0 ** self._low:
                # Two decades to spare below: the range changes rarely as the loss falls.
                self._low = math.floor(math.log10(lo)) - 2
            ylim = (10.0 ** self._low, 10.0 ** math.ceil(math.log10(hi) + 1e-9))
        else:
            ylim = (0.0, _nice_ceiling(self._seen[1]))
        limits = (xmax, ylim)
        if limits == self._limits:
            return False
        self._limits = limits
        changed = False
        if self.ax.get_xlim() != (0, xmax):
            self.ax.set_xlim(0, xmax)
            changed = True
        if tuple(self.ax.get_ylim()) != tuple(ylim):
            self.ax.set_ylim(*ylim)
            changed = True
        return changed  # (the same limits again, after a clear: the ticks need no redraw)


def _nice_ceiling(x: float) -> float:
    """The next of 1, 2, 5 × 10^k at or above ``x`` (so the axis changes rarely)."""
    if x <= 0 or not math.isfinite(x):
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * exp >= x:
            return m * exp
    return 10 * exp


class NetworkDiagram:
    """Neurons as circles, weights as lines: blue positive, orange negative, the
    thicker the larger (as TensorFlow Playground draws them). Click a neuron to
    pick it (:meth:`neuron_at`)."""

    def __init__(self, ax: Axes, sizes: Sequence[int]):
        self.ax = ax
        ax.set_axis_off()
        ax.set_title("network (click a neuron)", fontsize=10)
        self.sizes = list(sizes)
        self.positions: list[np.ndarray] = []
        depth = len(self.sizes)
        for k, n in enumerate(self.sizes):
            ys = np.linspace(0.5, -0.5, n) * min(1.0, (n - 1) / 12 + 0.15) if n > 1 else np.zeros(1)
            self.positions.append(np.column_stack([np.full(n, k / max(depth - 1, 1)), ys]))
        segments = []
        for k in range(1, depth):
            for j in range(self.sizes[k]):
                for i in range(self.sizes[k - 1]):
                    segments.append([self.positions[k - 1][i], self.positions[k][j]])
        self.lines = LineCollection(segments, linewidths=0.5, colors="#999999", zorder=1)
        ax.add_collection(self.lines)
        radius = min(0.028, 0.3 / max(self.sizes))  # 16 neurons still apart in a short dock
        self.radius = radius
        all_pos = np.concatenate(self.positions)
        self.circles = ax.scatter(all_pos[:, 0], all_pos[:, 1], s=(radius * 2200) ** 2 / 40, zorder=2,
                                  facecolors="#ffffff", edgecolors="#5f6368", linewidths=1.0)
        for k, n in enumerate(self.sizes):
            # L1, L2...: the names the neurons go by (L1.n3), over the layer's size. "in", "out"
            # and no brackets: "input", "output" and "(16)" ran into their neighbours at the
            # canvas's narrowest (a 1024-px window; tests/ui/test_training_diagram.py).
            name = "in" if k == 0 else "out" if k == depth - 1 else f"L{k}"
            ax.text(self.positions[k][0, 0], 0.62, f"{name}\n{n}", ha="center", va="bottom", fontsize=8,
                    color="#5f6368")
        for i, (x, y) in enumerate(self.positions[0]):
            ax.text(x - 0.04, y, f"x{i + 1}", ha="right", va="center", fontsize=8)
        ax.set_xlim(-0.12, 1.08)
        ax.set_ylim(-0.62, 0.78)
        self.selected: tuple[int, int] | None = None
        self._index = self._weight_index()

    def _weight_index(self) -> np.ndarray:
        """For each line, where its weight sits in ``network.parameters()`` order
        (per layer, per neuron: w1..wn then b)."""
        index = []
        offset = 0
        for k in range(1, len(self.sizes)):
            nin = self.sizes[k - 1]
            for j in range(self.sizes[k]):
                base = offset + j * (nin + 1)
                index.extend(base + i for i in range(nin))
            offset += self.sizes[k] * (nin + 1)
        return np.array(index, dtype=int)

    def show(self, weights: np.ndarray) -> None:
        w = np.asarray(weights, dtype=float)[self._index]
        w = np.nan_to_num(w)
        scale = max(float(np.abs(w).max()), 1e-9) if len(w) else 1.0
        # Thickness by size relative to the largest weight; faint lines for tiny weights.
        strength = np.abs(w) / scale
        rgba = np.array([to_rgba(POSITIVE), to_rgba(NEGATIVE)])[(w < 0).astype(int)]
        rgba[:, 3] = 0.25 + 0.75 * strength
        self.lines.set_color(rgba)
        self.lines.set_linewidths(0.3 + 3.2 * strength)

    def neuron_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (layer, index) of the neuron drawn at data point (x, y), if any."""
        best, where = None, None
        for k, pos in enumerate(self.positions):
            d = np.hypot(pos[:, 0] - x, pos[:, 1] - y)
            i = int(np.argmin(d))
            if d[i] <= max(self.radius * 1.6, 0.03) and (best is None or d[i] < best):
                best, where = d[i], (k, i)
        return where

    def select(self, neuron: tuple[int, int] | None) -> None:
        """Ring the picked neuron (None: no neuron picked)."""
        self.selected = neuron
        edge = ["#5f6368"] * sum(self.sizes)
        widths = [1.0] * sum(self.sizes)
        if neuron is not None:
            flat = sum(self.sizes[:neuron[0]]) + neuron[1]
            edge[flat] = "#202124"
            widths[flat] = 2.6
        self.circles.set_edgecolors(edge)
        self.circles.set_linewidths(widths)


def export_picture(kind: str, path: str | os.PathLike, *, fmt: str | None = None, lab_view: dict,
                   overwrite: bool = True, dpi: int = 150) -> Path:
    """Write one of the lab's pictures (``"boundary"``, ``"loss"`` or ``"network"``)
    to ``path`` as PNG, SVG or PDF, atomically. ``lab_view`` holds what the window
    shows: ``bounds``, ``xs``, ``ys``, ``grid`` (gx, gy, z), ``title``, ``losses``,
    ``accuracies``, ``steps``, ``log``, ``sizes``, ``weights``."""
    if kind not in PICTURES:
        raise ExportError(f"There is no picture called '{kind}': choose {', '.join(PICTURES)}.")
    fmt = (fmt or Path(os.fspath(path)).suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Cannot write a picture as '{fmt or 'no extension'}': choose png, svg or pdf.")
    v = lab_view
    if kind == "loss":
        fig = Figure(figsize=(7.0, 3.2), layout="constrained")
        left, right = fig.subplots(1, 2)
        loss = Curve(left, "loss", "#c5221f")
        loss.set_log(bool(v.get("log")))
        loss.show(v["losses"], v["steps"])
        acc = Curve(right, "training accuracy", "#188038", percent=True)
        acc.show(v["accuracies"], v["steps"])
    elif kind == "boundary":
        fig = Figure(figsize=(5.0, 4.6), layout="constrained")
        ax = fig.subplots()
        if v.get("grid") is None:
            raise ExportError("This dataset has no map to export: a boundary map needs two features.")
        m = BoundaryMap(ax, v["bounds"], v["xs"], v["ys"])
        m.show(*v["grid"], v.get("title", "decision boundary"))
    else:
        fig = Figure(figsize=(6.0, 4.6), layout="constrained")
        d = NetworkDiagram(fig.subplots(), v["sizes"])
        d.show(v["weights"])
        d.select(v.get("selected"))
    return save_figure(fig, path, fmt=fmt, dpi=dpi, overwrite=overwrite)
