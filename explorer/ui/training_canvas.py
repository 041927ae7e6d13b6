"""The training lab's one matplotlib canvas: boundary map, network, loss, accuracy.

One ``FigureCanvasQTAgg`` holds four axes. Their artists are made once
(:mod:`explorer.viz.training_plots`) and then only updated; the parts that move
while training are *animated* artists, drawn by blitting onto saved pictures of
the rest — matplotlib's own recipe for fast animation. There are three layers:

1. the static picture (frames, labels, the points), drawn in full only when the
   size or the data changes (a few hundred milliseconds of text rendering);
2. parts that change now and then — the loss axis when its range grows, the
   map's title — drawn over a copy of layer 1 and
   saved again when they change (the step axes change only with the planned
   number of steps, which redraws everything);
3. what moves every frame — the map, the boundary line, the weights, the two
   curves (and what must lie on top of them: the points, the neurons) — drawn
   over a copy of layer 2.

The figure is cut into three columns — the map, the network, the curves — each
with its own saved layers 1 and 2, restored, drawn and put on screen on its own.
:meth:`TrainingCanvas.paint` draws *one* column that changed — the curves
first (cheap, and they show the progress), then the map and the network by turns
(5-10 ms each on a slow machine) — and the window calls it again, from its event
loop, while columns wait (:attr:`TrainingCanvas.pending`). So the window's
thread is never busy for long, and it keeps answering while a run goes as fast
as it can.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy

from ..viz.training_plots import BoundaryMap, Curve, NetworkDiagram

__all__ = ["TrainingCanvas"]


COLUMNS = ("map", "net", "curves")  # left to right; each is drawn and blitted on its own
COSTLY = ("map", "net")  # a frame drawn while training draws one of these, by turns


class TrainingCanvas(FigureCanvasQTAgg):
    """Draws what the training lab shows; knows nothing of training itself."""

    neuronClicked = Signal(object)  # (layer, index), or None for a click beside the neurons
    pointClicked = Signal(int)  # the index of a data point clicked on the map

    def __init__(self, parent=None):
        self.figure = Figure(figsize=(11, 4.2), layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        self.setObjectName("trainingCanvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(440, 300)  # beside the form and a full-height text column at 1024 px
        grid = self.figure.add_gridspec(2, 3, width_ratios=[1.35, 0.95, 0.9])
        self.map_ax = self.figure.add_subplot(grid[:, 0])
        self.net_ax = self.figure.add_subplot(grid[:, 1])
        self.loss_ax = self.figure.add_subplot(grid[0, 2])
        self.acc_ax = self.figure.add_subplot(grid[1, 2])
        self.boundary: BoundaryMap | None = None
        self.diagram: NetworkDiagram | None = None
        self.loss = Curve(self.loss_ax, "loss", "#c5221f")
        # "accuracy" (on the training points): "training accuracy" was cut at the 440-px
        # minimum the canvas has at 1024 px beside a full-width text column.
        self.accuracy = Curve(self.acc_ax, "accuracy", "#188038", percent=True)
        self._boxes: dict[str, Bbox] = {}  # each column's place on the canvas, in pixels
        self._background: dict[str, object] = {}  # layer 1, per column
        self._middle: dict[str, object] = {}  # layer 2, per column
        self._stale = True  # layer 1 no longer matches the figure: draw it all
        self._middle_stale = set(COLUMNS)  # columns whose layer 2 must be drawn again
        self._dirty = set(COLUMNS)  # columns whose moving parts changed since drawn
        self._turn = 0  # which costly column goes first next time
        self._title = ""  # the map's whole title (it shows the part that fits, see _fitting)
        self._refit = False  # the size changed: does the map's title still fit?
        self.full_draws = 0
        self.mpl_connect("button_press_event", self._on_click)
        self.mpl_connect("draw_event", self._on_draw)

    # -- what is shown -------------------------------------------------------------------

    def set_data(self, bounds, xs: np.ndarray, ys: np.ndarray, sizes: list[int]) -> None:
        """A new dataset or network: rebuild the map's points and the diagram."""
        if self.boundary is None:
            self.boundary = BoundaryMap(self.map_ax, bounds, xs, ys)
        else:
            self.boundary.set_points(bounds, xs, ys)
        has_map = xs.shape[1] == 2
        self.map_ax.set_visible(True)
        if not has_map:
            self.boundary.show(np.zeros(2), np.zeros(2), np.zeros((2, 2)),
                               "no map: this dataset has more than two features")
        if self.diagram is None or self.diagram.sizes != sizes:
            self.net_ax.clear()
            self.diagram = NetworkDiagram(self.net_ax, sizes)
        for column in COLUMNS:
            for artist in self._animated(column) + self._occasional(column):
                artist.set_animated(True)
        self._stale = True

    def _occasional(self, column: str) -> list:
        """Layer 2 of a column: drawn when it changes, kept between frames."""
        return {"map": [self.map_ax.title], "net": [], "curves": [self.loss_ax.yaxis]}[column]

    def _animated(self, column: str) -> list:
        """Layer 3 of a column, in drawing order: the points over the map, the neurons over the weights."""
        if column == "curves":
            return [self.loss.line, self.accuracy.line]
        if column == "map":
            b = self.boundary
            return [] if b is None else [b.image, b.contour, b.points]
        d = self.diagram
        return [] if d is None else [d.lines, d.circles]

    def clear_curves(self, loss_hint: float | None = None) -> None:
        """A new run or a reset: the curves' ranges start again (from the loss at step 0)."""
        self.loss.clear(loss_hint)
        self.accuracy.clear()
        self._middle_stale.add("curves")
        self._dirty.add("curves")

    def set_log(self, on: bool) -> None:
        self.loss.set_log(on)
        self._middle_stale.add("curves")

    def set_running(self, on: bool) -> None:
        """While training, the map's cells are drawn as squares (about 4 px across):
        half the cost of smoothing them (5 ms a frame on a slow machine); the map
        is smooth again when the run stops."""
        if self.boundary is not None:
            self.boundary.image.set_interpolation("nearest" if on else "bilinear")
            self._dirty.add("map")

    def select(self, neuron) -> None:
        if self.diagram is not None:
            self.diagram.select(neuron)
            self._dirty.add("net")

    def show_frame(self, *, grid=None, title: str = "", weights=None, losses=None, accuracies=None,
                   planned: int = 1) -> None:
        """Update the moving parts; :meth:`paint` puts them on screen."""
        if grid is not None and self.boundary is not None:
            old_title = self.map_ax.get_title()
            self._title = title
            self.boundary.show(*grid, self._fitting(title))
            self._dirty.add("map")
            if old_title != self.map_ax.get_title():
                self._middle_stale.add("map")
        if weights is not None and self.diagram is not None:
            self.diagram.show(weights)
            self._dirty.add("net")
        # The step axes change only with the planned number of steps: a full draw.
        shown = len(losses) if losses is not None else 0
        self._stale |= self.loss_ax.get_xlim()[1] != max(planned, shown, 1)
        if losses is not None and self.loss.show(losses, planned):
            self._middle_stale.add("curves")
        if losses is not None or accuracies is not None:
            self._dirty.add("curves")
        if accuracies is not None:
            self.accuracy.show(accuracies, planned)

    def _fitting(self, title: str) -> str:
        """``title``, or its part before " · " when the whole is wider than the map's column."""
        short = title.split(" · ")[0]
        box = self._boxes.get("map")
        if short == title or box is None:
            return title
        text = self.map_ax.title
        saved = text.get_text()
        text.set_text(title)
        extent = text.get_window_extent(self.get_renderer())  # centred over the map, not the column
        wide = extent.x0 < box.x0 + 2 or extent.x1 > box.x1 - 2
        text.set_text(saved)
        return short if wide else title

    # -- drawing -------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """Whether a column changed and is not on screen yet (call :meth:`paint`)."""
        return bool(self._dirty | self._middle_stale) or self._refit

    def paint(self) -> str | None:
        """Put one changed column on screen (a full draw when the picture is out of
        date); returns which ("all" for a full draw), or None when none changed."""
        if self._stale or not self._background or not self.isVisible():
            self.draw()  # layer 1 in full; _on_draw adds layers 2 and 3
            return "all"
        if self._refit:
            self._refit = False
            fitted = self._fitting(self._title)
            if self._title and fitted != self.map_ax.get_title():
                self.map_ax.set_title(fitted, fontsize=9)
                self._middle_stale.add("map")
        waiting = self._dirty | self._middle_stale
        if "curves" in waiting:
            column = "curves"
        else:
            column = next((c for c in COSTLY[self._turn:] + COSTLY[:self._turn] if c in waiting), None)
            if column is None:
                return None
            self._turn = (COSTLY.index(column) + 1) % len(COSTLY)
        self._paint_column(column)
        self._dirty.discard(column)
        self.blit(self._boxes[column])
        return column

    def paint_all(self) -> None:
        """Put every change on screen now (a picture to save or look at at once)."""
        while self.paint() not in (None, "all"):
            pass

    def _paint_column(self, column: str) -> None:
        if column in self._middle_stale or column not in self._middle:
            self.restore_region(self._background[column])
            self._draw_layer(self._occasional(column))
            self._middle[column] = self.copy_from_bbox(self._boxes[column])
            self._middle_stale.discard(column)
        else:
            self.restore_region(self._middle[column])
        self._draw_layer(self._animated(column))

    def _draw_layer(self, artists: list) -> None:
        for artist in artists:
            ax = artist.axes
            if ax is None or ax.get_visible():
                self.figure.draw_artist(artist)

    def _column_boxes(self) -> dict[str, Bbox]:
        """The three columns, split at the network's frame: the map's labels stay
        left of it, the loss axis's tick labels right of it."""
        fig = self.figure.bbox
        left, right = math.floor(self.net_ax.bbox.x0), math.ceil(self.net_ax.bbox.x1)
        return {"map": Bbox.from_extents(fig.x0, fig.y0, left, fig.y1),
                "net": Bbox.from_extents(left, fig.y0, right, fig.y1),
                "curves": Bbox.from_extents(right, fig.y0, fig.x1, fig.y1)}

    def _on_draw(self, _event) -> None:
        # A full draw leaves the animated artists out: save it (layer 1), then add
        # layer 2 and save that, then layer 3 for this picture — column by column.
        self.full_draws += 1
        self._refit = True
        self._boxes = self._column_boxes()
        # A long map title stops at its column: past it, it would stay on the network's.
        self.map_ax.title.set_clip_box(self._boxes["map"])
        self.map_ax.title.set_clip_on(True)
        self._background = {c: self.copy_from_bbox(box) for c, box in self._boxes.items()}
        self._stale = False
        for column in COLUMNS:
            self._draw_layer(self._occasional(column))
            self._middle[column] = self.copy_from_bbox(self._boxes[column])
        self._middle_stale.clear()
        for column in COLUMNS:
            self._draw_layer(self._animated(column))
        self._dirty.clear()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._stale = True
        super().resizeEvent(event)

    def mark_point(self, index: int | None) -> None:
        """Ring data point ``index`` on the map (None: none)."""
        if self.boundary is not None:
            self.boundary.mark(index)
            self._dirty.add("map")

    def _on_click(self, event) -> None:
        if event.xdata is None:
            return
        if event.inaxes is self.net_ax and self.diagram is not None:
            self.neuronClicked.emit(self.diagram.neuron_at(event.xdata, event.ydata))
        elif event.inaxes is self.map_ax and self.boundary is not None:
            index = self.boundary.point_at(event.xdata, event.ydata)
            if index is not None:
                self.pointClicked.emit(index)
