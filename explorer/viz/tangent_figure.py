"""The tangent plot drawn with matplotlib: colours, artists, and whole figures.

:class:`TangentArtists` draws a :class:`~explorer.viz.tangent.TangentState` with
matplotlib artists created once and updated with ``set_data`` (so the window can
blit at 60 fps); :func:`draw_tangent_figure` draws the same picture on a plain Agg
figure, and :func:`save_figure` / :func:`figure_bytes` write it, for File > Export
and for ``gradient-explorer plot``. No Qt here: the window puts these artists on
its own canvas.
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

from ..errors import ExportError
from ..fileio import atomic_write_with
from .tangent import (
    TangentModel,
    TangentState,
    break_jumps,
    check_range,
    default_range,
    fmt_readout,
    readout_lines,
    y_limits,
)

__all__ = [
    "PlotTheme", "LIGHT", "DARK", "apply_theme", "TangentArtists", "draw_tangent_figure", "figure_bytes",
    "save_figure", "EXPORT_FORMATS",
]

EXPORT_FORMATS = ("png", "svg", "pdf")


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
        slope = fmt_readout(state.slope) if not state.undefined else "undefined"
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


def draw_tangent_figure(model: TangentModel, x0: float | None = None, h: float = 1e-3, *,
                        x_range: tuple[float, float] | None = None,
                        y_range: tuple[float, float] | None = None, figure: Figure | None = None,
                        theme: PlotTheme = LIGHT, samples: int = 2000, caption: bool = True,
                        legend: bool = True) -> Figure:
    """The tangent picture on a plain matplotlib Figure (no Qt, no pyplot).

    ``x0`` defaults to the leaf's current value, ``x_range`` to
    :func:`default_range` around x0, ``y_range`` to fit the curve."""
    x0 = model.source_value if x0 is None else float(x0)
    lo, hi = check_range(*(x_range or default_range(x0)))
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
    ax.set_ylabel(model.y_label)
    if legend:
        leg = ax.legend(handles=artists.legend_handles(), loc="best", fontsize=8, framealpha=0.85,
                        facecolor=theme.background, edgecolor=theme.grid, labelcolor=theme.foreground)
        leg.set_zorder(8)
    if caption:
        fig.supxlabel("\n".join(readout_lines(state, model.output_name, model.name)), fontsize=8.5,
                      color=theme.foreground, family="monospace", x=0.02, ha="left")
    return fig


def figure_bytes(fig: Figure, fmt: str, dpi: int = 150) -> bytes:
    """``fig`` as the bytes of a png, svg or pdf file."""
    fmt = _check_format(fmt)
    buffer = io.BytesIO()
    _agg(fig)
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()


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
