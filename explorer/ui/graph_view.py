"""The graph canvas: the lecture's ``draw_dot`` picture, live and clickable.

Graphviz ``dot`` decides where everything goes (:mod:`explorer.viz.layout`);
Qt items draw it (:mod:`explorer.ui.graph_items`), so every value is a record
``label | data | grad`` that can be hovered, clicked and highlighted.

What costs what, and so what happens when:

* ``refresh_values`` (forward, backward, step, a slider): new text in the
  existing items. No layout, no new items.
* ``set_graph`` with a graph of the same shape (the session rebuilds the graph
  on every edit, also when only a number changed): the items are handed the new
  Values by position in ``graph.nodes``; no layout either.
* ``set_graph`` with a new structure: a new Graphviz layout. Small graphs are laid
  out at once. Graphviz takes seconds on a few hundred nodes of an MLP and minutes
  on a few thousand, so bigger graphs first show the output and its nearest
  nodes (a collapsed view, laid out in a blink) while the full layout runs in a
  child process (see :mod:`graph_layout_job`); Cancel layout (Esc) stops it. Above
  :attr:`GraphView.collapse_limit` nodes the full layout only starts on request.

The view is in parts: fitting, zoom and the minimap (:mod:`graph_zoom`), mouse and keys
(:mod:`graph_input`), making the items and putting the numbers in them, a big graph's
boxes on screen first (:mod:`graph_build`), big graphs' background layout
(:mod:`graph_big`) and graphs drawn grouped, a box per neuron, layer or function call
(:mod:`graph_grouped`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from ..engine import Graph, Value
from ..lang import ProgramGraph
from ..viz import layout as viz_layout
from ..viz import style
from ..viz.dot import box_titles, check_rankdir, drawing_key
from ..viz.groups import GROUP_THRESHOLD, Grouping
from .actions import ActionRegistry
from .graph_big import BigGraphs, layout_handlers
from .graph_build import LAZY_MIN_BOXES, CollectorHold, ItemBuilder
from .graph_collapse import Collapsed
from .graph_grouped import ClusterItem, GroupedDrawing
from .graph_input import MouseAndKeys
from .graph_items import EdgeItem, Look, NodeItem, ValueItem
from .graph_layout_job import LayoutJob, warm_up
from .graph_minimap import Minimap
from .graph_overlays import BusyOverlay, CollapsedOverlay, LegendOverlay, NoticeOverlay
from .graph_overview import Overview
from .graph_zoom import READABLE_TEXT_PX, ZoomAndFit

__all__ = ["GraphView"]

log = logging.getLogger(__name__)

class GraphView(ZoomAndFit, ItemBuilder, GroupedDrawing, BigGraphs, MouseAndKeys, QGraphicsView):
    """The computational graph, drawn from a Graphviz layout. See the module docstring."""

    nodeClicked = Signal(object)  # the Value clicked (an op node gives the value it computes)
    nodeDoubleClicked = Signal(object)
    #: A layout started / was put on screen (also for the collapsed view); for tests and status.
    layoutStarted = Signal()
    layoutFinished = Signal()

    #: Above this many nodes the full layout runs in a child process (the window never waits).
    async_threshold = 300
    #: Above this many nodes only the collapsed view is laid out, until "Lay out all".
    collapse_limit = 3000
    #: How many nodes nearest the output the collapsed view shows.
    collapse_budget = 80
    #: Above this many values a graph whose text says what each call made (a network's
    #: neurons and layers, functions) opens grouped (see viz.groups).
    group_threshold = GROUP_THRESHOLD
    #: Above this many nodes the collapsed view is shown while the full layout runs;
    #: below, the layout process answers in well under a second and the view waits.
    preview_threshold = 1500
    #: Layouts with at least this many boxes make those off screen after the first paint.
    lazy_min_boxes = LAZY_MIN_BOXES

    def __init__(self, parent: QWidget | None = None, actions: ActionRegistry | None = None):
        """``actions``: the window's registry, whose Lay out all nodes and Cancel layout
        (View menu) are the buttons of the notices over the graph; without one (a view
        on its own: tests, benchmarks) it makes those entries from the same table."""
        super().__init__(parent)
        self.actions = actions or ActionRegistry.for_panel("graph", layout_handlers(self), _log, self)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, False)
        # Pan by dragging, zoom with the wheel; the scroll bars (and the minimap) appear
        # only when part of the graph is off screen, so nothing is ever cut silently.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)

        self._look = Look(dark=_is_dark(self))
        self._apply_background()
        self._graph: Graph | None = None
        self._fit_whole = False  # View > Fit graph asked for the whole graph, however small
        self._text_px = READABLE_TEXT_PX  # smallest text the automatic fit allows
        self._has_grads = False
        self._rankdir = "LR"
        self._shape: tuple | None = None
        self._titles: list[str] = []  # box title of each of graph.nodes
        self._params: frozenset = frozenset()
        self._index: dict[Value, int] = {}
        self._items: dict[tuple, NodeItem] = {}
        self._values: list[ValueItem] = []
        self._edges: list[EdgeItem] = []
        self._in: dict[tuple, list[EdgeItem]] = {}
        self._out: dict[tuple, list[EdgeItem]] = {}
        self._bounds = QRectF()
        self._collapsed: Collapsed | None = None
        self._grouping: Grouping | None = None  # a big graph's groups, when drawn grouped
        self._opened: set[int] = set()  # the groups drawn open
        self._clusters: list[ClusterItem] = []
        self._layout = None  # the full graph's viz Layout, when that is what is shown
        self._layout_nodes: list = []  # the graph.nodes that layout's keys belong to
        self._job: LayoutJob | None = None
        self._job_shape: tuple | None = None
        self._pending: dict[tuple, object] = {}  # boxes whose items are made later (graph_build)
        self._collector = CollectorHold()  # (graph_build)
        self._paint_releases = 0  # the collector's hold the next paint ends
        self._drawn_job: LayoutJob | None = None  # the background layout the next paint shows
        self._auto_fit = True
        self._hover: tuple | None = None
        self._hover_items: list = []
        self._selected: Value | None = None
        self._step_items: list = []
        self._shown_scale: tuple | None = None  # (has_grads, grad scale) the boxes show
        self._reached = None  # (refresh_values' arguments, for boxes made later)
        self._marks: dict = {}
        self._overview: Overview | None = None  # set while zoomed far out on a big graph
        self._box_h = 0.0  # the shortest value box, points
        self._press: tuple | None = None  # (pos, item or None, scroll values)
        self._panning = False
        #: How many Graphviz layouts this view has asked for (tests read it).
        self.layout_count = 0
        self.last_error: str | None = None

        self.legend = LegendOverlay(self)
        self.legend.show()
        self.stale_notice = NoticeOverlay(self, Qt.Corner.TopRightCorner, "graphStale",
                                          "Graph of the last text that worked")
        self.busy = BusyOverlay(self, self.actions["cancel_layout"])
        self.collapsed_notice = CollapsedOverlay(self, self.actions["layout_all"])
        self.minimap = Minimap(self)
        self.minimap.moved.connect(self._minimap_moved)
        self.horizontalScrollBar().valueChanged.connect(self._update_minimap)
        self.verticalScrollBar().valueChanged.connect(self._update_minimap)
        self._place_overlays()

    # -- public API ------------------------------------------------------------------------

    @property
    def graph(self) -> Graph | None:
        return self._graph

    @property
    def is_busy(self) -> bool:
        """A full layout is running in the background."""
        return self._job is not None

    @property
    def is_collapsed(self) -> bool:
        """Only the output's neighbourhood is shown (the graph is big)."""
        return self._collapsed is not None

    def set_graph(self, graph: Graph | Value | None, has_grads: bool = False) -> None:
        """Show ``graph``. Same shape as the one shown: the items take the new Values
        (no layout). New shape: lay it out (in the background when it is big)."""
        if graph is None:
            self._cancel_job()
            self._clear()
            self._graph, self._shape = None, None
            return
        if isinstance(graph, Value):
            graph = Graph(graph)
        # The titles (a variable's name, an expression) size the boxes like the labels do;
        # the key says when they are the same without making them.
        shape = drawing_key(graph)
        self._has_grads = bool(has_grads)
        if self._job is not None:
            if shape == self._job_shape:
                self._job.graph = graph  # the same boxes will fit the new Values
            else:
                self._cancel_job()
        if shape == self._shape and self._graph is not None:
            self._rebind(graph)
            return
        self._graph = graph
        self._shape = shape
        self._titles = box_titles(graph)
        self._params = frozenset(graph.parameters)
        self._index = {v: i for i, v in enumerate(graph.nodes)}
        self._lay_out(graph)

    def set_selected(self, value: Value | None) -> None:
        """Outline ``value``'s node (None: nothing); centre it if it is off-screen."""
        self._selected = value
        for item in self._items.values():
            if item.selected:
                item.set_flags(selected=False)
        item = self.item_for(value)
        if item is None:
            return
        item.set_flags(selected=True)
        if self._overview is not None:
            self.viewport().update()
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if not visible.contains(item.sceneBoundingRect()):
            self.centerOn(item)
            self._auto_fit = False

    def set_stale(self, stale: bool) -> None:
        """Grey everything: the text has an error and this graph is from the last good text."""
        stale = bool(stale)
        if stale == self._look.stale:
            return
        self._look.stale = stale
        self.stale_notice.setVisible(stale)
        self._place_overlays()
        self.viewport().update()

    def highlight_step(self, node: Value | None, edges: list | None = None) -> None:
        """Highlight the node being processed and the edges (input, output) its gradient
        (or data) flows along; dim the rest a little. ``node=None`` clears it."""
        for item in self._step_items:
            if isinstance(item, NodeItem):
                item.lit = False
            item.set_flags(step=False)
        self._step_items = []
        if node is None:
            if self._look.stepping:
                self._look.stepping = False
                self.viewport().update()
            return
        i = self._index.get(node)
        lit: list = []
        if i is not None:
            for key in (("value", i), ("op", i)):
                item = self._node_item(key)
                if item is not None:
                    item.set_flags(step=True)
                    self._step_items.append(item)
        for inp, out in edges or ():
            a, b = self._index.get(inp), self._index.get(out)
            if a is None or b is None:
                continue
            op_key = ("op", b)
            for e in self._in.get(op_key, ()):
                if e.src == ("value", a):
                    e.set_flags(step=True)
                    self._step_items.append(e)
            for e in self._out.get(op_key, ()):
                e.set_flags(step=True)
                self._step_items.append(e)
            for key in (("value", a), ("value", b), op_key):
                item = self._node_item(key)
                if item is not None and not item.step:
                    lit.append(item)
        for item in lit:
            item.lit = True  # the receivers: not dimmed, no ring
            item.update()
            self._step_items.append(item)
        self._look.stepping = True
        self.viewport().update()

    def set_rankdir(self, rankdir: str) -> None:
        """'LR' (left to right, as the lecture) or 'TB' (top to bottom): lays out again."""
        rankdir = check_rankdir(rankdir)
        if rankdir == self._rankdir:
            return
        self._rankdir = rankdir
        if self._graph is not None:
            self._cancel_job()
            self._auto_fit = True
            self._lay_out(self._graph)

    def rankdir(self) -> str:
        return self._rankdir

    def current_layout(self):
        """The viz ``Layout`` on screen (boxes keyed by the graph's Values), or None while
        only a collapsed view is shown: an export pinned to it matches the window exactly."""
        result = self._layout
        if result is None or self._graph is None:
            return None
        if self._layout_nodes is not self._graph.nodes:
            # Same shape, new Values since it was made: hand over the boxes by position.
            result = _rekey(result, self._layout_nodes, self._graph.nodes)
            self._layout, self._layout_nodes = result, self._graph.nodes
        return result

    def item_for(self, value: Value | None) -> ValueItem | None:
        """The record drawn for ``value`` (None when not shown)."""
        if value is None:
            return None
        i = self._index.get(value)
        item = self._node_item(("value", i)) if i is not None else None
        return item if isinstance(item, ValueItem) else None

    def title(self, value: Value) -> str:
        """The title of ``value``'s box (its label, its name in the text, or its expression)."""
        i = self._index.get(value)
        return self._titles[i] if i is not None and i < len(self._titles) else value.label

    def value_items(self) -> list[ValueItem]:
        self._complete_items()
        return list(self._values)

    def set_legend_visible(self, visible: bool) -> None:
        self.legend.setVisible(visible)

    # -- laying out ------------------------------------------------------------------------

    def _lay_out(self, graph: Graph) -> None:
        n = len(graph.nodes)
        self._made_generation += 1  # the drawing shown is on its way out: make no more of it
        self.last_error = None
        self._grouping = None
        groups = graph.groups if isinstance(graph, ProgramGraph) else None  # a bare Graph has none
        if groups and n > self.group_threshold:
            grouping = Grouping(graph, groups)
            if len(grouping):
                self._cancel_job()
                self._grouping = grouping
                self._opened = grouping.default_open()
                self._show_grouped()
                return
        if n <= self.async_threshold:
            self._collapsed = None
            self.layoutStarted.emit()
            self.layout_count += 1
            result = viz_layout.layout(graph, self._rankdir, self._titles)
            self._build(graph, result, None)
            return
        # Big: the full layout in the background; for a very big graph, the output's
        # neighbourhood meanwhile (laid out here in a blink).
        full = n <= self.collapse_limit
        if full:
            self._start_job(graph)  # first, so the child works while the preview is laid out here
        else:
            self.layoutStarted.emit()
        if full and n <= self.preview_threshold:
            return
        self._show_preview(graph)
        if not full:
            self._show_collapsed_notice()

    # -- items -----------------------------------------------------------------------------

    def _clear(self) -> None:
        drawn = bool(self._items or self._edges)  # (scene.items() would wrap every item)
        # The old drawing's Python side goes with its scene, after the new one is shown.
        old_drawing = (self._items, self._values, self._edges, self._in, self._out, self._layout,
                       self._overview)
        self._hover = None
        self._hover_items = []
        self._step_items = []
        self._items = {}
        self._values = []
        self._edges = []
        self._clusters = []
        self._in = {}
        self._out = {}
        self._bounds = QRectF()
        self._overview = None
        self._layout = None
        self._shown_scale = None
        self._pending = {}
        self._made_generation += 1  # (boxes of the last layout still to make: not any more)
        # A fresh scene rather than clearing this one: deleting thousands of items
        # takes longer than making them, and can wait until the new graph is on screen.
        if drawn:
            old = self.scene()
            self.setScene(QGraphicsScene(self))
            old.setParent(None)
            QTimer.singleShot(300, lambda: (old.deleteLater(), old_drawing))
        self.collapsed_notice.hide()
        self.minimap.set_boxes(QRectF(), [])
        self.minimap.hide()

    def _build(self, graph: Graph, result, collapsed, refit: bool = True) -> None:
        """Items for every box and curve of ``result`` (the layout of ``graph``, or of the
        stand-in of a collapsed view)."""
        # A big graph's boxes off screen are made after the first paint (graph_build).
        lazy = (refit and collapsed is None and graph is self._graph
                and len(result.values) + len(result.ops) >= self.lazy_min_boxes)
        # Thousands of items and no reference cycles among them: the cyclic collector
        # would only walk the whole graph again and again meanwhile; it may run again
        # once they are on screen (see paintEvent).
        hold = self._collector.hold()
        QTimer.singleShot(1000, lambda: self._collector.release(hold))  # (should no paint come)
        self._paint_releases = hold
        self._building = True
        try:
            self._make_items(graph, result, collapsed, lazy)
            self.refresh_values()
            self.set_selected(self._selected if self._selected in self._index else None)
            if refit:
                self.legend.new_graph()  # (fit sets _auto_fit itself)
                self.fit(whole=False)  # a new layout starts readable
        finally:
            self._building = False
        if self._pending:
            self._make_visible_items()
            self._make_the_rest_later()
        self._place_overlays()
        self.layoutFinished.emit()

    def _rebind(self, graph: Graph) -> None:
        """Same shape: every item shows the Value at its position in the new graph."""
        self._graph = graph
        nodes = graph.nodes
        self._index = {v: i for i, v in enumerate(nodes)}
        self._params = params = frozenset(graph.parameters)
        for item in self._items.values():
            if item.value is not None:
                item.value = nodes[item.index]
        for item in self._values:
            kind = style.value_style(item.value, params)
            if kind != item.kind:
                item.kind = kind
                item.finite = item.value.data - item.value.data == 0
                item.update()
        # The texts depend only on the numbers, so boxes whose numbers are the same in
        # the new graph (usually most of them) are left as they are by the refresh.
        if self._collapsed is not None:
            self._collapsed.graph = graph
        if self._grouping is not None:
            self._grouping.graph = graph
        self.refresh_values()

    # -- overlays and events ---------------------------------------------------------------

    def _place_overlays(self) -> None:
        area = QRectF(self.viewport().geometry())
        for overlay in (self.legend, self.stale_notice, self.busy, self.collapsed_notice, self.minimap):
            if not overlay.isHidden():
                overlay.place(area)
                overlay.raise_()
        # The legend (bottom left) and the minimap (bottom right) met in a narrow view or
        # with presentation mode's larger text, and the minimap covered the legend's words:
        # the legend folds to its title, or, kept open by the user, the minimap sits above it.
        legend, minimap = self.legend, self.minimap
        if legend.isHidden() or minimap.isHidden() or not legend.geometry().intersects(minimap.geometry()):
            return
        legend.fold()
        legend.place(area)
        if legend.geometry().intersects(minimap.geometry()):
            minimap.move(minimap.x(), max(0, legend.y() - minimap.height() - 4))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_overlays()
        if self._auto_fit:
            self.fit()
            self.reshape_later()  # a grouped drawing may suit the new shape better otherwise

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._auto_fit:
            QTimer.singleShot(0, self._fit_if_auto)
        # The layout process, started while the window is idle so that the first big
        # graph does not wait for Python to start.
        QTimer.singleShot(1000, warm_up)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        hold, self._paint_releases = self._paint_releases, 0
        if hold:  # a new drawing is on screen: the collector may run (graph_build)
            QTimer.singleShot(0, lambda: self._collector.release(hold))
        job, self._drawn_job = self._drawn_job, None
        if job is not None:  # and the layout process may free Graphviz's copy of it (once painted:
            QTimer.singleShot(0, job.drawn)  # waking it could cost the paint a few ms)

    def _fit_if_auto(self) -> None:
        if self._auto_fit:
            self.fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:
            self._look.dark = _is_dark(self)
            self._look.forget_colors()
            self._apply_background()
            self.viewport().update()
        super().changeEvent(event)

    def _apply_background(self) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        self.setBackgroundBrush(base if base.isValid() else QColor("#ffffff"))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._cancel_job()
        super().closeEvent(event)

    def _center(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())


def _rekey(result, old_nodes: list, new_nodes: list):
    """``result`` (a viz Layout) with every Value key replaced by the one at its position."""
    swap = {old: new for old, new in zip(old_nodes, new_nodes)}
    return viz_layout.Layout(
        values={swap[v]: box for v, box in result.values.items()},
        ops={swap[v]: box for v, box in result.ops.items()},
        edges=[viz_layout.Edge((e.src[0], swap[e.src[1]]), (e.dst[0], swap[e.dst[1]]), e.points, e.arrow,
                              e.bounds) for e in result.edges],
        width=result.width, height=result.height, rankdir=result.rankdir)


def _log(exc: Exception) -> None:
    log.warning("%s", exc)


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128
