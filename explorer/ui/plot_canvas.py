"""The tangent plot's matplotlib canvas: one figure, artists made once, blitted.

This is matplotlib's "embedding in Qt" recipe plus its blitting recipe: the curve,
axes and grid are drawn normally and saved as a background bitmap; the moving
parts (tangent, secant, change lines, points, label) are animated artists drawn
over that background and blitted. A slider move therefore repaints a few lines,
not the figure. A full draw happens only when the view, the curve or the size
changes, and re-saves the background (the ``draw_event`` hook).

The canvas also makes the point draggable (press anywhere in the plot and drag),
zooms with the wheel, moves x0 with the arrow keys, and re-samples the curve
whenever the visible x range changes (pan, zoom, range boxes), as Desmos does.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel

from ..viz.label_spot import LineMask, label_spot
from ..viz.tangent import TangentModel, TangentState, break_jumps, nice_step, y_limits
from ..viz.tangent_figure import LIGHT, PlotTheme, TangentArtists, apply_theme
from .presentation import text_scale

__all__ = ["TangentCanvas", "PlotToolbar", "SLIDER_STEPS"]

# The slider cuts the visible range into about this many round steps.
SLIDER_STEPS = 1000
# Curve samples per visible range: about two per pixel of a wide plot.
CURVE_SAMPLES = 2000
# How near (in pixels) a press must be to the point to grab it rather than jump to it.
GRAB_PIXELS = 12
# matplotlib's text sizes (points) at text scale 1: ticks and axis names, the legend.
TEXT_PT = 10.0
LEGEND_PT = 8.0
# Room (pixels) the slope label keeps clear of the lines around it.
LABEL_MARGIN = 3.0


class TangentCanvas(FigureCanvasQTAgg):
    """The plot. Signals carry x0 as the user moves it; the panel owns the state."""

    x0Dragged = Signal(float)  # the point is being dragged (or the arrow keys moved it)
    dragFinished = Signal()  # the mouse was released: commit the value
    keyMoved = Signal(float)  # an arrow key moved x0 (commit a little later)
    viewChanged = Signal(float, float)  # the visible x range changed (pan, zoom, wheel)

    def __init__(self, parent=None, theme: PlotTheme = LIGHT):
        # No layout engine: constrained layout measures every text on every draw
        # (a third of a full draw). _fit_margins does it once after a draw instead.
        self.figure = Figure(figsize=(6, 4), dpi=100)
        super().__init__(self.figure)
        self.setParent(parent)
        self.ax = self.figure.add_subplot()
        self.theme = theme
        apply_theme(self.figure, self.ax, theme)
        self.artists = TangentArtists(self.ax, theme, animated=True, label_point=False)
        # The slope label that follows the point is a Qt label over the canvas:
        # moving a widget costs nothing, drawing boxed Agg text each frame ~10 ms.
        self.point_label = QLabel(self)
        self.point_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.point_label.hide()
        self._label_text_width = -1  # the width its text had when the label was last sized
        self._style_point_label()
        # The panel decides the limits; matplotlib's autoscaling would move them
        # behind its back whenever data changes.
        self.ax.set_autoscale_on(False)
        self.legend = None
        self._background = None
        self._margins_key: tuple | None = None
        self.model: TangentModel | None = None
        self.state: TangentState | None = None
        self._curve_ys: np.ndarray | None = None
        # The curve's LineMask for placing the slope label, with what it was made for.
        self._curve_mask_for: tuple[np.ndarray, tuple, LineMask] | None = None
        self._dragging = False
        self._resampling = False
        self.toolbar: NavigationToolbar2QT | None = None
        self.text_scale = 1.0
        self.set_text_scale(text_scale())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 140)
        self.mpl_connect("draw_event", self._on_draw)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_release_event", self._on_release)
        self.mpl_connect("scroll_event", self._on_scroll)
        self.mpl_connect("key_press_event", self._on_key)
        self.ax.callbacks.connect("xlim_changed", self._on_xlim_changed)
        # The arrow's visibility and the label's place depend on the y range too.
        self.ax.callbacks.connect("ylim_changed", self._on_ylim_changed)

    # -- what is shown -----------------------------------------------------------------

    def set_model(self, model: TangentModel | None, x_label: str = "x", y_label: str = "f(x)") -> None:
        self.model = model
        if model is not None:
            self.artists.set_names(model.output_name, model.name)
        self.ax.set_xlabel(x_label)
        self.ax.set_ylabel(y_label)
        if model is None:
            self.artists.show_curve([], [])
            self._curve_ys = None
            self.state = None
            for artist in self.artists.animated:
                artist.set_visible(False)
            self.point_label.hide()
        self.draw_idle()

    def set_view(self, lo: float, hi: float, *, autoscale_y: bool = True) -> None:
        """Show x in [lo, hi]; the curve is sampled again for it, y fits the curve."""
        self.ax.set_xlim(lo, hi)  # re-samples through _on_xlim_changed
        if autoscale_y:
            self.autoscale_y()
        self.draw_idle()

    def autoscale_y(self) -> None:
        if self._curve_ys is None:
            return
        extra = [self.state.y0] if self.state is not None else []
        ylo, yhi = y_limits(self._curve_ys, *extra)
        self.ax.set_ylim(ylo, yhi)
        self._resample()  # the pole breaks depend on the visible height

    def x_view(self) -> tuple[float, float]:
        lo, hi = self.ax.get_xlim()
        return (float(lo), float(hi))

    def resample(self) -> None:
        """Sample the curve again (the other leaves changed) and redraw fully."""
        self._resample()
        self.draw_idle()

    def _resample(self) -> None:
        if self.model is None:
            return
        lo, hi = self.x_view()
        xs, ys = self.model.curve(lo, hi, CURVE_SAMPLES)
        self._curve_ys = ys
        ylo, yhi = self.ax.get_ylim()
        self.artists.show_curve(*break_jumps(xs, ys, abs(yhi - ylo)))

    def show_state(self, state: TangentState) -> None:
        """Move the tangent and its friends to ``state`` and blit: the 60 fps path."""
        self.state = state
        self.artists.show(state, self.x_view())
        for artist in self.artists.animated:
            if artist is not self.artists.rise:
                artist.set_visible(True)
        self.blit_animated()
        self._place_point_label()

    def _place_point_label(self) -> None:
        """Put the slope label beside the point, where it covers neither the curve nor
        the tangent, and wholly inside the plot (see viz.label_spot)."""
        state, label = self.state, self.point_label
        if state is None or self.model is None or not math.isfinite(state.y0):
            label.hide()
            return
        a = self.artists
        moving = [line.get_xydata() for line in (a.tangent, a.secant, a.run)]
        # One transform for all (a call costs more than its arithmetic): the point, two
        # points that say where the view is (for the curve's mask), the moving lines.
        pix = self._on_screen(np.concatenate([((state.x0, state.y0), (0.0, 0.0), (1.0, 1.0)), *moving]))
        box, ratio, height = self.ax.bbox, self.device_pixel_ratio or 1.0, self.height()
        plot = (box.x0 / ratio, height - box.y1 / ratio, box.x1 / ratio, height - box.y0 / ratio)
        rows = pix.tolist()
        x, y = rows[0]
        if not (plot[0] <= x <= plot[2] and plot[1] <= y <= plot[3]):
            label.hide()
            return
        text = a.point_text(state)
        if label.text() != text:
            # Resized only when the text's width changes: sizing a styled label costs a
            # tenth of a slider move, and its digits are all as wide (so mostly the same).
            width = label.fontMetrics().horizontalAdvance(text)
            label.setText(text)
            if width != self._label_text_width:
                self._label_text_width = width
                label.adjustSize()
        lines, start = [], 3
        for xy in moving:  # (plain lists: label_spot tests these few segments in plain Python)
            lines.append(rows[start:start + len(xy)])
            start += len(xy)
        area = (plot[0] + 2, plot[1] + 2, plot[2] - 2, plot[3] - 2)
        still = self._curve_mask((*rows[1], *rows[2]), area)
        left, top = label_spot((x, y), (label.width(), label.height()), lines, area, gap=8.0,
                               margin=LABEL_MARGIN, still=still)
        label.move(round(left), round(top))
        label.show()

    def _on_screen(self, xy: np.ndarray) -> np.ndarray:
        """Data points as widget pixels (logical, y down)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        if not len(xy):
            return xy
        pix = self.ax.transData.transform(xy) / (self.device_pixel_ratio or 1.0)
        pix[:, 1] = self.height() - pix[:, 1]
        return pix

    def _curve_mask(self, view: tuple[float, ...], area: tuple[float, float, float, float]) -> LineMask:
        """The curve drawn into a LineMask for label_spot, remade only when the curve,
        the view (``view``: where two fixed points land on screen) or the size changed,
        not on every move of the point (sampling the whole curve was a sixth of a
        slider move)."""
        xy = self.artists.curve.get_xydata()  # a new array whenever the curve is set
        key = (view, area)
        cached = self._curve_mask_for
        if cached is None or cached[0] is not xy or cached[1] != key:
            # Only what a label inside the area can touch: the area and its margin.
            left, top, right, bottom = area
            box = (left - LABEL_MARGIN, top - LABEL_MARGIN, right + LABEL_MARGIN, bottom + LABEL_MARGIN)
            cached = self._curve_mask_for = (xy, key, LineMask([self._on_screen(xy)], box))
        return cached[2]

    def _style_point_label(self) -> None:
        # The size written in: a style sheet fixes the label's font when applied, so it
        # is applied again when the window's font changes (presentation mode).
        t = self.theme
        self.point_label.setStyleSheet(
            f"QLabel {{ color: {t.foreground}; background: {t.box[:7]}; border: 1px solid {t.grid};"
            f" border-radius: 4px; padding: 1px 4px; font-size: {self.font().pointSizeF():g}pt; }}")
        self.point_label.adjustSize()
        self._label_text_width = self.point_label.fontMetrics().horizontalAdvance(self.point_label.text())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._style_point_label()
            self._place_point_label()

    def set_theme(self, theme: PlotTheme) -> None:
        self.theme = theme
        apply_theme(self.figure, self.ax, theme)
        self.artists.set_theme(theme)
        self._style_point_label()
        self.show_legend(self.legend is not None)
        self.draw_idle()

    def set_text_scale(self, scale: float) -> None:
        """Tick labels, axis names and the legend ``scale`` times their usual size
        (presentation mode); the margins fit the new sizes at the next draw."""
        self.text_scale = scale
        size = TEXT_PT * scale
        self.ax.tick_params(which="both", labelsize=size)
        for axis in (self.ax.xaxis, self.ax.yaxis):
            axis.label.set_size(size)
            axis.get_offset_text().set_size(size)
        self._margins_key = None
        if self.legend is not None:
            self.show_legend(True)
        self.draw_idle()

    def show_legend(self, on: bool = True) -> None:
        if self.legend is not None:
            self.legend.remove()
            self.legend = None
        if on:
            t = self.theme
            self.legend = self.ax.legend(handles=self.artists.legend_handles(), loc="upper center",
                                         fontsize=LEGEND_PT * self.text_scale, framealpha=0.85,
                                         facecolor=t.background, edgecolor=t.grid, labelcolor=t.foreground)

    # -- blitting ----------------------------------------------------------------------

    def _on_draw(self, event) -> None:
        """After every full draw: save the background, then draw the animated artists
        on top so the frame on screen is complete."""
        if self._fit_margins():
            # Tick labels grew or shrank: draw once more with room for them. (Not
            # draw_idle() here: the Qt canvas ignores it while a draw is running.)
            self._background = None
            QTimer.singleShot(0, self.draw_idle)
            return
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._draw_animated()
        self._place_point_label()  # the view or the size may have changed

    def _fit_margins(self) -> bool:
        """Make the margins just fit the tick labels and axis labels drawn; True when
        they had to change (a few pixels of slack stop it from oscillating)."""
        renderer = self.get_renderer()
        fig = self.figure.bbox
        if fig.width < 10 or fig.height < 10:
            return False
        # Measuring every text costs a third of a draw: only when what the margins
        # depend on changed (the y tick labels, the axis labels, the size). A pan
        # along x changes none of them.
        key = (tuple(t.get_text() for t in self.ax.yaxis.get_ticklabels()), self.ax.get_xlabel(),
               self.ax.get_ylabel(), self.ax.yaxis.get_offset_text().get_text(), fig.width, fig.height)
        if key == self._margins_key:
            return False
        self._margins_key = key
        tight = self.ax.get_tightbbox(renderer)
        box = self.ax.get_window_extent(renderer)
        if tight is None:
            return False
        pad = 6 * (self.device_pixel_ratio or 1.0)
        want = (box.x0 - tight.x0 + pad, box.y0 - tight.y0 + pad,
                tight.x1 - box.x1 + pad, tight.y1 - box.y1 + pad)
        have = (box.x0, box.y0, fig.width - box.x1, fig.height - box.y1)
        if all(abs(w - h) <= 3 * pad / 6 for w, h in zip(want, have)):
            return False
        left, bottom, right, top = want
        if left + right >= fig.width * 0.8 or bottom + top >= fig.height * 0.8:
            return False  # too small a canvas to fit anything: keep what there is
        self.figure.subplots_adjust(left=left / fig.width, bottom=bottom / fig.height,
                                    right=1 - right / fig.width, top=1 - top / fig.height)
        return True

    def _draw_animated(self) -> None:
        if self.state is None:
            return
        for artist in self.artists.animated:
            if artist.get_visible():
                self.figure.draw_artist(artist)

    def blit_animated(self) -> None:
        # matplotlib's Qt canvas sets _draw_pending (private; getattr in case a version drops it).
        if getattr(self, "_draw_pending", False):
            return  # a full draw is on its way and will draw the animated artists too
        if self._background is None:
            self.draw_idle()  # first frame: a full draw saves the background
            return
        self.restore_region(self._background)
        self._draw_animated()
        self.blit(self.animated_bbox())

    def animated_bbox(self):
        """Where the moving parts can be: the axes (they are clipped to it) and, around
        its edge, the x0 marker on the x axis (not clipped: half of it hangs below), so
        the old marker is painted over while x0 is dragged."""
        pad = self.artists.x_marker.get_markersize() * self.figure.dpi / 72
        box = self.ax.bbox
        return Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1)

    def blit(self, bbox=None) -> None:
        """Ask Qt to repaint the blitted region at its next paint, as ``update``
        does, where matplotlib's ``blit`` uses ``repaint`` (paint right now). A burst
        of mouse moves then costs one paint per frame, together with the readouts,
        instead of one full window flush per move."""
        if bbox is None:
            bbox = self.figure.bbox
        ratio = self.device_pixel_ratio or 1.0
        left, bottom, width, height = (pt / ratio for pt in bbox.bounds)
        top = self.height() - (bottom + height)
        self.update(math.floor(left) - 1, math.floor(top) - 1, math.ceil(width) + 3, math.ceil(height) + 3)

    # -- mouse and keys ----------------------------------------------------------------

    def slider_step(self) -> float:
        lo, hi = self.x_view()
        return nice_step(hi - lo, SLIDER_STEPS)

    def snap(self, x: float) -> float:
        """Round x to the slider's step, so dragged values are round numbers."""
        step = self.slider_step()
        decimals = max(0, -math.floor(math.log10(step)))
        return round(round(x / step) * step, decimals)

    def _navigating(self) -> bool:
        return self.toolbar is not None and bool(self.toolbar.mode)

    def _data_x(self, event) -> float:
        if event.xdata is not None and event.inaxes is self.ax:
            return float(event.xdata)
        # Outside the axes while dragging: keep following the mouse, clamped to the view.
        x = float(self.ax.transData.inverted().transform((event.x, event.y))[0])
        lo, hi = self.x_view()
        return min(max(x, lo), hi)

    def _near_point(self, event) -> bool:
        if self.state is None or not math.isfinite(self.state.y0):
            return False
        px, py = self.ax.transData.transform((self.state.x0, self.state.y0))
        return math.hypot(px - event.x, py - event.y) <= GRAB_PIXELS * self.device_pixel_ratio

    def _on_press(self, event) -> None:
        if event.button != 1 or event.inaxes is not self.ax or self.model is None or self._navigating():
            return
        self._dragging = True
        self.setCursor(QCursor(Qt.CursorShape.ClosedHandCursor))
        if not self._near_point(event):  # a press elsewhere moves the point there
            self.x0Dragged.emit(self.snap(self._data_x(event)))

    def _on_motion(self, event) -> None:
        if self._dragging:
            self.x0Dragged.emit(self.snap(self._data_x(event)))
        elif not self._navigating():
            near = event.inaxes is self.ax and self._near_point(event)
            self.setCursor(QCursor(Qt.CursorShape.OpenHandCursor if near else Qt.CursorShape.ArrowCursor))

    def _on_release(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))
            self.dragFinished.emit()

    @property
    def dragging(self) -> bool:
        return self._dragging

    def _on_scroll(self, event) -> None:
        """Wheel zoom about the mouse, both axes (as on a map, Desmos or GeoGebra)."""
        if event.inaxes is not self.ax or event.xdata is None:
            return
        factor = 1 / 1.2 if event.button == "up" else 1.2
        x, y = event.xdata, event.ydata
        lo, hi = self.x_view()
        ylo, yhi = self.ax.get_ylim()
        self.ax.set_ylim(y - (y - ylo) * factor, y + (yhi - y) * factor)
        self.ax.set_xlim(x - (x - lo) * factor, x + (hi - x) * factor)
        self.draw_idle()

    def _on_key(self, event) -> None:
        if self.state is None or event.key not in ("left", "right", "shift+left", "shift+right"):
            return
        step = self.slider_step() * (10 if event.key.startswith("shift") else 1)
        sign = -1 if event.key.endswith("left") else 1
        self.keyMoved.emit(self.snap(self.state.x0 + sign * step))

    def _on_xlim_changed(self, ax) -> None:
        # Called inside set_xlim (pan, zoom, wheel, range boxes), before the draw:
        # sample the curve for the new view and stretch the tangent with it.
        if self._resampling:
            return
        self._resampling = True
        try:
            self._resample()
            if self.state is not None:
                self.artists.show(self.state, self.x_view())
        finally:
            self._resampling = False
        self.viewChanged.emit(*self.x_view())


    def _on_ylim_changed(self, ax) -> None:
        if self.state is not None and not self._resampling:
            self.artists.show(self.state, self.x_view())


class PlotToolbar(NavigationToolbar2QT):
    """matplotlib's toolbar (home, back, forward, pan, zoom), whose save button
    exports through the panel: the canvas alone would leave the moving parts out."""

    toolitems = [t for t in NavigationToolbar2QT.toolitems
                 if t[0] in ("Home", "Back", "Forward", "Pan", "Zoom", None, "Save")]

    def __init__(self, canvas: TangentCanvas, parent=None, on_save=None, on_home=None):
        super().__init__(canvas, parent, coordinates=False)
        self._on_save = on_save
        self._on_home = on_home

    def save_figure(self, *args):
        if self._on_save is not None:
            self._on_save()

    def home(self, *args):
        # "Home" means the default range around x0 (the panel decides), not the
        # first view matplotlib happened to see.
        if self._on_home is not None:
            self._on_home()
        else:
            super().home(*args)
