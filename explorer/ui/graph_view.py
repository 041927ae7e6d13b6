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
  child process (see :mod:`graph_layout_job`); Esc or Cancel stops it. Above
  :attr:`GraphView.collapse_limit` nodes the full layout only starts on request.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPalette, QTransform
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip, QWidget

from ..engine import Graph, Value
from ..viz import layout as viz_layout
from ..viz import style
from ..viz.dot import box_titles, check_rankdir, learner_marks
from .graph_collapse import Collapsed, collapse
from .graph_items import EdgeItem, Look, NodeItem, OpItem, SummaryItem, ValueItem, number_texts, tooltip_text
from .graph_layout_job import LayoutJob, warm_up
from .graph_minimap import Minimap
from .graph_overlays import BusyOverlay, CollapsedOverlay, LegendOverlay, NoticeOverlay
from .graph_overview import OVERVIEW_MIN_ITEMS, OVERVIEW_PX, Overview

__all__ = ["GraphView"]

# Node keys: ('value', i) and ('op', i) for graph.nodes[i]; ('summary', -1) in a collapsed view.
_SUMMARY = ("summary", -1)
_ZOOM_STEP = 1.25
_MIN_SCALE, _MAX_SCALE = 0.02, 8.0
_MAX_FIT_SCALE = 2.0  # a three-node graph is not blown up to fill a big window
_FIT_MARGIN = 16.0  # points around the graph when fitting
#: The smallest text the automatic fit shows, in logical pixels (the font's em): a
#: graph that fits whole at this size is shown whole, a bigger one is shown at this
#: size around its output, with scroll bars and the minimap saying there is more.
READABLE_TEXT_PX = 11.0
_CLICK_SLOP = 4  # pixels a press may move and still be a click, not a pan


class GraphView(QGraphicsView):
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
    #: Above this many nodes the collapsed view is shown while the full layout runs;
    #: below, the layout process answers in well under a second and the view waits.
    preview_threshold = 1500

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        self._layout = None  # the full graph's viz Layout, when that is what is shown
        self._layout_nodes: list = []  # the graph.nodes that layout's keys belong to
        self._job: LayoutJob | None = None
        self._job_shape: tuple | None = None
        self._auto_fit = True
        self._hover: tuple | None = None
        self._hover_items: list = []
        self._selected: Value | None = None
        self._step_items: list = []
        self._shown_scale: tuple | None = None  # (has_grads, grad scale) the boxes show
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
        self.busy = BusyOverlay(self)
        self.busy.cancelled.connect(self.cancel_layout)
        self.collapsed_notice = CollapsedOverlay(self)
        self.collapsed_notice.show_all.connect(self.show_all)
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
        titles = box_titles(graph)
        # The titles (a variable's name, an expression) size the boxes like the labels do.
        shape = (graph.shape(), tuple(titles))
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
        self._titles = titles
        self._params = frozenset(graph.parameters)
        self._index = {v: i for i, v in enumerate(graph.nodes)}
        self._lay_out(graph)

    def refresh_values(self, has_grads: bool | None = None, reached=None) -> None:
        """Put the current data and grads into the boxes (no layout, no new items).

        ``reached``: part-way through a backprop step-through, the values a gradient
        has reached; the others show the dash of a grad not computed yet."""
        if has_grads is not None:
            self._has_grads = bool(has_grads)
        graph = self._graph
        if graph is None or not self._values:
            return
        has = self._has_grads
        scale = style.grad_scale(v.grad for v in graph.nodes) if has else 0.0
        grad_color = style.grad_color
        params = self._params
        # A slider moves one leaf, backward changes only grads: boxes whose numbers
        # did not move are skipped (unless the grad colour scale itself changed).
        everything = (has, scale) != self._shown_scale
        self._shown_scale = (has, scale)
        marks = learner_marks(graph) if has else {}  # grads the text set by hand: ✓ or ✗
        for item in self._values:
            v = item.value
            data, grad = v.data, v.grad
            known = has and (reached is None or v in reached)
            if (not everything and not marks and data == item.seen_data and grad == item.seen_grad
                    and known == item.seen_known):
                continue
            item.seen_data, item.seen_grad, item.seen_known = data, grad, known
            data_text, grad_text = number_texts(v, known)
            if marks and known and v in marks:
                grad_text += marks[v]
            finite = data - data == 0  # False for inf and nan
            if finite != item.finite:
                item.finite = finite
                item.kind = style.value_style(v, params)
                item.update()
            item.set_numbers(data_text, grad_text, grad_color(grad, scale, known))
        if self._overview is not None:
            self.viewport().update()

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
                item = self._items.get(key)
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
                item = self._items.get(key)
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

    def fit(self, *, whole: bool | None = None) -> None:
        """Zoom so the graph fits the window (never above 200%), if its text stays readable.

        A graph that fits whole with its text at least :meth:`text_px` pixels high is
        shown whole; a bigger one is shown at that text size around its output, with
        scroll bars and the minimap. ``whole=True`` (View > Fit graph) shows all of it
        however small; the choice holds for later automatic fits (resizes) until a new
        graph."""
        if whole is not None:
            self._fit_whole = whole
        self._auto_fit = True
        if self._bounds.isEmpty():
            return
        target = self._bounds.adjusted(-_FIT_MARGIN, -_FIT_MARGIN, _FIT_MARGIN, _FIT_MARGIN)
        width, height = self._room()
        if width < 2 or height < 2:
            return
        s = min(width / target.width(), height / target.height(), _MAX_FIT_SCALE)
        center = target.center()
        root = self._graph.root if self._graph is not None else None
        floor = self.readable_scale()
        if not self._fit_whole and s < floor:
            s = floor
            item = self.item_for(root)
            spot = item.sceneBoundingRect().center() if item is not None else target.center()
            # Centre on the output as far as the graph's edges allow, along each
            # axis where the graph is larger than the view.
            center = QPointF(_clamp(spot.x(), target.left(), target.right(), width / 2 / s),
                             _clamp(spot.y(), target.top(), target.bottom(), height / 2 / s))
        self.setTransform(QTransform.fromScale(s, s))
        self._set_scene_rect(s)
        self.centerOn(QPointF(center.x(), center.y() + self._reserved() / 2 / s))
        self._update_detail()

    def readable_scale(self) -> float:
        """The zoom at which the graph's text is :meth:`text_px` logical pixels high."""
        return self._text_px / style.FONT_SIZE

    def text_px(self) -> float:
        return self._text_px

    def set_text_px(self, px: float) -> None:
        """The smallest text the automatic fit allows (larger in presentation mode); refits."""
        self._text_px = float(px)
        if self._auto_fit:
            self.fit()

    def shows_whole_graph(self) -> bool:
        """Every box is inside the viewport."""
        if self._bounds.isEmpty():
            return True
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        return visible.adjusted(-0.5, -0.5, 0.5, 0.5).contains(self._bounds)

    def _reserved(self) -> int:
        """Pixels along the bottom kept clear for the legend, when there is room for that."""
        view = self.viewport().rect()
        reserved = self.legend.height() + 8 if not self.legend.isHidden() else 0
        return 0 if view.height() - reserved < view.height() * 0.6 else reserved

    def _room(self) -> tuple[int, int]:
        """Width and height the graph may take, in pixels: the view without its scroll
        bars (a graph that fits needs none) and the legend's strip."""
        view = self.viewport().rect()
        width, height = view.width(), view.height()
        if self.verticalScrollBar().isVisible():
            width += self.verticalScrollBar().width()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        return width, height - self._reserved()

    def _set_scene_rect(self, s: float) -> None:
        """The scrollable area: the graph, its margin, and the legend's strip below it."""
        if self._bounds.isEmpty():
            return
        extra = self._reserved() / s
        self.scene().setSceneRect(self._bounds.adjusted(-_FIT_MARGIN, -_FIT_MARGIN, _FIT_MARGIN,
                                                        _FIT_MARGIN + extra))

    def zoom_in(self) -> None:
        self._zoom_by(_ZOOM_STEP, anchor_mouse=False)

    def zoom_out(self) -> None:
        self._zoom_by(1 / _ZOOM_STEP, anchor_mouse=False)

    def reset_zoom(self) -> None:
        """100%: a point of the layout is a point on the screen, as Graphviz's own PNGs."""
        center = self.mapToScene(self.viewport().rect().center())
        s = self._unit_scale()
        self.setTransform(QTransform.fromScale(s, s))
        self._set_scene_rect(s)
        self.centerOn(center)
        self._update_detail()
        self._auto_fit = False

    def zoom(self) -> float:
        """The zoom relative to 100% (see :meth:`reset_zoom`)."""
        return self.transform().m11() / self._unit_scale()

    def cancel_layout(self) -> None:
        """Stop a full layout running in the background; the collapsed view stays."""
        if self._job is None:
            return
        graph = self._job.graph
        self._cancel_job()
        if self._collapsed is None:
            self._show_preview(graph)  # no preview was shown meanwhile: show it now
        self._show_collapsed_notice()

    def show_all(self) -> None:
        """Lay out every node, in the background, even above :attr:`collapse_limit`."""
        if self._graph is None or self._job is not None or self._collapsed is None:
            return
        self._start_job(self._graph)

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
        item = self._items.get(("value", i)) if i is not None else None
        return item if isinstance(item, ValueItem) else None

    def title(self, value: Value) -> str:
        """The title of ``value``'s box (its label, its name in the text, or its expression)."""
        i = self._index.get(value)
        return self._titles[i] if i is not None and i < len(self._titles) else value.label

    def value_items(self) -> list[ValueItem]:
        return list(self._values)

    def set_legend_visible(self, visible: bool) -> None:
        self.legend.setVisible(visible)

    # -- laying out ------------------------------------------------------------------------

    def _lay_out(self, graph: Graph) -> None:
        n = len(graph.nodes)
        self.last_error = None
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

    def _show_preview(self, graph: Graph) -> None:
        """The output and its nearest nodes, laid out here (a small graph: a blink)."""
        collapsed = collapse(graph, self.collapse_budget)
        self.layout_count += 1
        titles = [self._titles[collapsed.real[v]] if v in collapsed.real else v.label
                  for v in collapsed.stand_in.nodes]
        result = viz_layout.layout(collapsed.stand_in, self._rankdir, titles)
        self._collapsed = collapsed
        self._build(graph, result, collapsed)

    def _start_job(self, graph: Graph) -> None:
        self._cancel_job()
        job = LayoutJob(graph, self._rankdir, self, self._titles)
        job.finished.connect(lambda result, job=job: self._job_done(job, result))
        job.failed.connect(lambda message, job=job: self._job_failed(job, message))
        self._job = job
        self._job_shape = self._shape
        self.layout_count += 1
        self.collapsed_notice.hide()
        self.busy.set_text(f"Laying out all {len(graph.nodes):,} nodes…")
        self.busy.show()
        self._place_overlays()
        self.layoutStarted.emit()
        job.start()

    def _job_done(self, job: LayoutJob, result) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy.hide()
        graph = job.graph
        self._collapsed = None
        self._build(graph, result, None)

    def _job_failed(self, job: LayoutJob, message: str) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy.hide()
        self.last_error = message
        self._show_collapsed_notice(message)

    def _cancel_job(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            job.deleteLater()
        self.busy.hide()

    def _show_collapsed_notice(self, problem: str | None = None) -> None:
        c = self._collapsed
        if c is None:
            return
        total = len(c.graph.nodes)
        text = f"Showing the {len(c.kept):,} nodes nearest the output, of {total:,}."
        if problem:
            text += f" {problem}"
        self.collapsed_notice.set_text(text)
        self.collapsed_notice.show()
        self._place_overlays()

    # -- items -----------------------------------------------------------------------------

    def _clear(self) -> None:
        self._hover = None
        self._hover_items = []
        self._step_items = []
        self._items = {}
        self._values = []
        self._edges = []
        self._in = {}
        self._out = {}
        self._bounds = QRectF()
        self._overview = None
        self._layout = None
        self._shown_scale = None
        # A fresh scene rather than clearing this one: deleting thousands of items
        # takes longer than making them, and can wait until the new graph is on screen.
        old = self.scene()
        if old.items():
            self.setScene(QGraphicsScene(self))
            old.setParent(None)
            QTimer.singleShot(0, old.deleteLater)
        self.collapsed_notice.hide()
        self.minimap.set_boxes(QRectF(), [])
        self.minimap.hide()

    def _build(self, graph: Graph, result, collapsed: Collapsed | None) -> None:
        """Items for every box and curve of ``result`` (the layout of ``graph``, or of the
        stand-in of a collapsed view)."""
        # Thousands of items and no reference cycles among them: the cyclic collector
        # would only walk the whole graph again and again meanwhile.
        was = gc.isenabled()
        gc.disable()
        try:
            self._make_items(graph, result, collapsed)
        finally:
            if was:
                gc.enable()
        self.refresh_values()
        self.set_selected(self._selected if self._selected in self._index else None)
        self._auto_fit = True
        self.fit(whole=False)  # a new layout starts readable
        self._place_overlays()
        self.layoutFinished.emit()

    def _make_items(self, graph: Graph, result, collapsed: Collapsed | None) -> None:
        self._clear()
        self._layout = result if collapsed is None else None
        self._layout_nodes = graph.nodes
        look = self._look
        nodes = graph.nodes
        if collapsed is None:
            index = self._index
        else:
            index = collapsed.real
        params = self._params
        scene = self.scene()
        items = self._items
        for v, box in result.values.items():
            if collapsed is not None and v is collapsed.summary:
                item = SummaryItem(look, box, collapsed.hidden)
                items[_SUMMARY] = item
            else:
                i = index[v]
                real = nodes[i]
                item = ValueItem(look, i, real, box, style.value_style(real, params), self._titles[i])
                item.finite = real.data - real.data == 0
                items[("value", i)] = item
                self._values.append(item)
            scene.addItem(item)
        for v, box in result.ops.items():
            i = index[v]
            item = OpItem(look, i, nodes[i], box)
            items[("op", i)] = item
            scene.addItem(item)
        for e in result.edges:
            src = self._key(e.src, index, collapsed)
            dst = self._key(e.dst, index, collapsed)
            edge = EdgeItem(look, src, dst, e.points, e.arrow)
            self._edges.append(edge)
            self._out.setdefault(src, []).append(edge)
            self._in.setdefault(dst, []).append(edge)
            scene.addItem(edge)
        self._box_h = min((item.rect.height() for item in self._values), default=0.0)
        self._bounds = QRectF(0, 0, result.width, result.height)
        self.minimap.set_boxes(self._bounds, self._minimap_boxes())

    @staticmethod
    def _key(key: tuple, index: dict, collapsed: Collapsed | None) -> tuple:
        kind, v = key
        if collapsed is not None and v is collapsed.summary:
            return _SUMMARY
        return (kind, index[v])

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
        self.refresh_values()

    # -- mouse and keys --------------------------------------------------------------------

    def _node_at(self, pos) -> NodeItem | None:
        if self._overview is not None:  # the items are hidden: test their boxes
            tolerance = 3.0 / max(self.transform().m11(), 1e-6)
            return self._overview.hit(self.mapToScene(pos), tolerance)
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            self._press = (pos, self._node_at(pos), self.horizontalScrollBar().value(),
                           self.verticalScrollBar().value())
            self._panning = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, _item, h, v = self._press
            delta = pos - start
            if self._panning or delta.manhattanLength() > _CLICK_SLOP:
                if not self._panning:
                    self._panning = True
                    self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.horizontalScrollBar().setValue(h - delta.x())
                self.verticalScrollBar().setValue(v - delta.y())
                self._auto_fit = False
            event.accept()
            return
        self._set_hover(self._node_at(pos))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            _start, item, _h, _v = self._press
            was_pan = self._panning
            self._press = None
            self._panning = False
            self.viewport().unsetCursor()
            if not was_pan and item is not None and item.value is not None:
                self.nodeClicked.emit(item.value)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            item = self._node_at(event.position().toPoint())
            if isinstance(item, SummaryItem):
                self.show_all()
            elif item is not None and item.value is not None:
                self.nodeDoubleClicked.emit(item.value)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._set_hover(None)
        super().leaveEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        dy = event.angleDelta().y() or event.angleDelta().x()
        if dy:
            # 120 units is one notch of a mouse wheel; touchpads send many small steps.
            self._zoom_by(1.0015 ** dy, anchor_mouse=True)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self._job is not None:
            self.cancel_layout()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_Equal):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_0:
            self.reset_zoom()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            item = self._node_at(event.pos())
            if isinstance(item, SummaryItem):
                QToolTip.showText(event.globalPos(), f"{item.hidden:,} nodes further from the output are "
                                  "not shown. Double-click to lay out the whole graph.", self.viewport())
                return True
            if item is not None and item.value is not None:
                QToolTip.showText(event.globalPos(), tooltip_text(item.value, self._has_grads, self.title),
                                  self.viewport())
                return True
            QToolTip.hideText()
            event.ignore()
            return False  # the view's own tooltip, if it has one
        return super().viewportEvent(event)

    # -- hover -----------------------------------------------------------------------------

    def _set_hover(self, item: NodeItem | None) -> None:
        key = None
        if item is not None and getattr(item, "index", None) is not None:
            key = item.index
        if key == self._hover:
            return
        for it in self._hover_items:
            it.set_flags(hover=False)
        self._hover = key
        self._hover_items = []
        if key is None:
            if self._overview is not None:
                self.viewport().update()
            return
        nodes, edges = self._neighbourhood(key)
        for it in (*nodes, *edges):
            it.set_flags(hover=True)
        self._hover_items = [*nodes, *edges]
        if self._overview is not None:
            self.viewport().update()

    def _neighbourhood(self, i: int) -> tuple[list, list]:
        """Value ``i`` (and its op), its inputs and its outputs, with the edges between."""
        items = self._items
        nodes: list = []
        edges: list = []
        value_key, op_key = ("value", i), ("op", i)
        for key in (value_key, op_key):
            if key in items:
                nodes.append(items[key])
        for e in self._in.get(op_key, ()):  # inputs -> my op
            edges.append(e)
            if e.src in items:
                nodes.append(items[e.src])
        edges.extend(self._out.get(op_key, ()))  # my op -> me
        for e in self._out.get(value_key, ()):  # me -> the ops that use me -> their values
            edges.append(e)
            if e.dst in items:
                nodes.append(items[e.dst])
            for e2 in self._out.get(e.dst, ()):
                edges.append(e2)
                if e2.dst in items:
                    nodes.append(items[e2.dst])
        return nodes, edges

    # -- zoom and geometry -----------------------------------------------------------------

    def _unit_scale(self) -> float:
        return self.logicalDpiX() / 72.0 if self.logicalDpiX() > 0 else 1.0

    def _zoom_by(self, factor: float, *, anchor_mouse: bool) -> None:
        current = self.transform().m11()
        target = min(max(current * factor, _MIN_SCALE * self._unit_scale()), _MAX_SCALE * self._unit_scale())
        if abs(target - current) < 1e-12:
            return
        anchor = self.transformationAnchor()
        if not anchor_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / current, target / current)
        self._set_scene_rect(target)
        self.setTransformationAnchor(anchor)
        self._update_detail()
        self._auto_fit = False

    def _update_detail(self) -> None:
        """Switch overview mode (see graph_overview) on when a big graph is zoomed far out."""
        nodes = list(self._items.values())
        far = (len(nodes) >= OVERVIEW_MIN_ITEMS and self._box_h > 0
               and self.transform().m11() * self._box_h < OVERVIEW_PX)
        self._update_minimap()
        if far == (self._overview is not None):
            return
        self._overview = Overview(self._look, nodes, self._edges) if far else None
        for item in (*nodes, *self._edges):
            item.setVisible(not far)
        self.viewport().update()

    def _minimap_boxes(self) -> list:
        boxes = []
        for item in self._items.values():
            fill = getattr(item, "kind", None)
            boxes.append((item.rect, fill.fill if fill is not None else "#bbbbbb"))
        return boxes

    def _update_minimap(self) -> None:
        """Show the minimap, with the visible part outlined, while part of the graph is off screen."""
        minimap = self.minimap
        cut = not self._bounds.isEmpty() and not self.shows_whole_graph()
        if cut:
            minimap.set_visible_rect(self.mapToScene(self.viewport().rect()).boundingRect())
        if cut != minimap.isVisible():
            minimap.setVisible(cut)
            self._place_overlays()

    def _minimap_moved(self, point: QPointF) -> None:
        self.centerOn(point)
        self._auto_fit = False

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        super().drawBackground(painter, rect)
        if self._overview is not None:
            self._overview.draw_edges(painter)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        super().drawForeground(painter, rect)
        if self._overview is not None:
            self._overview.draw_nodes(painter)

    def _place_overlays(self) -> None:
        area = QRectF(self.viewport().geometry())
        for overlay in (self.legend, self.stale_notice, self.busy, self.collapsed_notice, self.minimap):
            if not overlay.isHidden():
                overlay.place(area)
                overlay.raise_()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_overlays()
        if self._auto_fit:
            self.fit()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._auto_fit:
            QTimer.singleShot(0, self._fit_if_auto)
        # The layout process, started while the window is idle so that the first big
        # graph does not wait for Python to start.
        QTimer.singleShot(1000, warm_up)

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
        edges=[viz_layout.Edge((e.src[0], swap[e.src[1]]), (e.dst[0], swap[e.dst[1]]), e.points, e.arrow)
               for e in result.edges],
        width=result.width, height=result.height, rankdir=result.rankdir)


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


def _clamp(spot: float, low: float, high: float, half: float) -> float:
    """Where to centre a view ``2 * half`` wide on ``spot`` without showing past
    ``low``/``high``; the middle when the whole span fits."""
    if high - low <= 2 * half:
        return (low + high) / 2
    return min(max(spot, low + half), high - half)
