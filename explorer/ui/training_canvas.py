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
   over a copy of layer 2: a few milliseconds.

So a run never waits for a full redraw, and the window keeps answering.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy

from ..viz.training_plots import BoundaryMap, Curve, NetworkDiagram

__all__ = ["TrainingCanvas"]


class TrainingCanvas(FigureCanvasQTAgg):
    """Draws what the training lab shows; knows nothing of training itself."""

    neuronClicked = Signal(object)  # (layer, index), or None for a click beside the neurons

    def __init__(self, parent=None):
        self.figure = Figure(figsize=(11, 4.2), layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        self.setObjectName("trainingCanvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(600, 300)
        grid = self.figure.add_gridspec(2, 3, width_ratios=[1.35, 0.95, 0.9])
        self.map_ax = self.figure.add_subplot(grid[:, 0])
        self.net_ax = self.figure.add_subplot(grid[:, 1])
        self.loss_ax = self.figure.add_subplot(grid[0, 2])
        self.acc_ax = self.figure.add_subplot(grid[1, 2])
        self.boundary: BoundaryMap | None = None
        self.diagram: NetworkDiagram | None = None
        self.loss = Curve(self.loss_ax, "loss", "#c5221f")
        self.accuracy = Curve(self.acc_ax, "accuracy (training set)", "#188038", percent=True)
        self._background = None  # layer 1
        self._middle = None  # layer 2
        self._stale = True  # layer 1 no longer matches the figure: draw it all
        self._middle_stale = True  # layer 2 must be drawn again over layer 1
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
        for artist in self._animated() + self._occasional():
            artist.set_animated(True)
        self._stale = True

    def _occasional(self) -> list:
        """Layer 2: drawn when they change, kept between frames."""
        return [self.loss_ax.yaxis, self.map_ax.title]

    def _animated(self) -> list:
        # In drawing order: the points over the map, the neurons over the weights.
        out = [self.loss.line, self.accuracy.line]
        if self.boundary is not None:
            out += [self.boundary.image, self.boundary.contour, self.boundary.points]
        if self.diagram is not None:
            out += [self.diagram.lines, self.diagram.circles]
        return out

    def clear_curves(self, loss_hint: float | None = None) -> None:
        """A new run or a reset: the curves' ranges start again (from the loss at step 0)."""
        self.loss.clear(loss_hint)
        self.accuracy.clear()
        self._middle_stale = True

    def set_log(self, on: bool) -> None:
        self.loss.set_log(on)
        self._middle_stale = True

    def select(self, neuron) -> None:
        if self.diagram is not None:
            self.diagram.select(neuron)
        self._middle_stale = True

    def show_frame(self, *, grid=None, title: str = "", weights=None, losses=None, accuracies=None,
                   planned: int = 1) -> None:
        """Update the moving parts and put them on screen (blitting when it can)."""
        if grid is not None and self.boundary is not None:
            old_title = self.map_ax.get_title()
            self.boundary.show(*grid, title)
            self._middle_stale |= old_title != title
        if weights is not None and self.diagram is not None:
            self.diagram.show(weights)
        # The step axes change only with the planned number of steps: a full draw.
        shown = len(losses) if losses is not None else 0
        self._stale |= self.loss_ax.get_xlim()[1] != max(planned, shown, 1)
        if losses is not None:
            self._middle_stale |= self.loss.show(losses, planned)
        if accuracies is not None:
            self.accuracy.show(accuracies, planned)
        self._paint()

    # -- drawing -------------------------------------------------------------------------

    def _paint(self) -> None:
        if self._stale or self._background is None or not self.isVisible():
            self.draw()  # layer 1 in full; _on_draw adds layers 2 and 3
            return
        if self._middle_stale or self._middle is None:
            self.restore_region(self._background)
            self._draw_layer(self._occasional())
            self._middle = self.copy_from_bbox(self.figure.bbox)
            self._middle_stale = False
        else:
            self.restore_region(self._middle)
        self._draw_layer(self._animated())
        self.blit(self.figure.bbox)

    def _draw_layer(self, artists: list) -> None:
        for artist in artists:
            ax = artist.axes
            if ax is None or ax.get_visible():
                self.figure.draw_artist(artist)

    def _on_draw(self, _event) -> None:
        # A full draw leaves the animated artists out: save it (layer 1), then add
        # layer 2 and save that, then layer 3 for this picture.
        self.full_draws += 1
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._stale = False
        self._draw_layer(self._occasional())
        self._middle = self.copy_from_bbox(self.figure.bbox)
        self._middle_stale = False
        self._draw_layer(self._animated())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._stale = True
        super().resizeEvent(event)

    def _on_click(self, event) -> None:
        if event.inaxes is not self.net_ax or self.diagram is None or event.xdata is None:
            return
        self.neuronClicked.emit(self.diagram.neuron_at(event.xdata, event.ydata))
