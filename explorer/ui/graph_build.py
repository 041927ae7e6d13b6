"""Making the graph's items from a layout, and the numbers in them (a part of
:class:`~explorer.ui.graph_view.GraphView`).

A thousand-node graph has some 1,600 boxes. Making a Qt item for each, putting
its numbers in and indexing it for painting cost more than reading Graphviz's
answer (60-80 ms of CPU, twice that on a loaded machine), and the first paint
then indexed all of them. Yet such a graph opens at a readable size around its
output, with a few dozen boxes on screen. So a big graph's boxes wait as
rectangles (``_pending``): those on screen are made before the first paint, the
rest right after it, a few milliseconds at a time, while the window keeps
reacting. Whatever needs a box that is not made yet makes it there and then
(:meth:`ItemBuilder._node_item`: the selection, hover, a backprop step), or all
of them (:meth:`ItemBuilder._complete_items`: the zoomed-out overview,
:meth:`value_items`); scrolling or zooming makes the boxes coming into view.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QRectF, QTimer

from ..engine import Graph
from ..viz import style
from ..viz.dot import learner_marks
from ..viz.geometry import Box
from ..viz.groups import GroupedView
from .graph_collapse import Collapsed
from .graph_grouped import ClusterItem, GroupItem
from .graph_items import EdgeItem, EdgeLayer, NodeItem, OpItem, SummaryItem, ValueItem, number_texts

__all__ = ["CollectorHold", "ItemBuilder", "LAZY_MIN_BOXES", "SUMMARY_KEY"]

#: Layouts with at least this many boxes make those off screen after the first paint.
LAZY_MIN_BOXES = 300
#: Longest the window is kept busy at a time making the boxes off screen, seconds.
_SLICE = 0.008
# Node keys: ('value', i) and ('op', i) for graph.nodes[i]; ('summary', -1) in a collapsed view.
SUMMARY_KEY = ("summary", -1)


class CollectorHold:
    """Python's cyclic garbage collector, held off while a view puts a new structure on
    screen, and let go once the view has painted it.

    On the 1,001-node structure change the collector ran 4-8 times meanwhile, for
    40-590 ms in all (one pass over the oldest generation took 495 ms), because the
    parse, Graphviz's answer and the items allocate tens of thousands of objects.
    None of them is garbage yet: that collection can as well come after the paint."""

    def __init__(self) -> None:
        self._hold = 0  # the hold in force (0: none)
        self._count = 0

    def hold(self) -> int:
        """Hold the collector off (if it runs at all), taking over any hold in force;
        the number lets :meth:`release` end this hold only, not a later one."""
        if not self._hold:
            if not gc.isenabled():
                return 0  # held off by someone else, who will let it go
            gc.disable()
        self._count += 1
        self._hold = self._count
        return self._hold

    def release(self, hold: int | None = None) -> None:
        """Let the collector run again (``hold``: only if that hold is still in force)."""
        if self._hold and hold in (None, self._hold):
            self._hold = 0
            gc.enable()

    @property
    def holding(self) -> bool:
        return bool(self._hold)


class ItemBuilder:
    """GraphView's items: made from a layout, given their numbers (a mixin)."""

    _pending: dict[tuple, Box]
    _made_generation = 0
    _building = False  # (the boxes on screen are made once the new drawing is placed)

    @property
    def boxes_to_make(self) -> int:
        """Boxes of the drawing whose items are still to be made (see the module)."""
        return len(self._pending)

    @property
    def collector_held(self) -> bool:
        """Python's cyclic garbage collector is held off until the new drawing is painted."""
        return self._collector.holding

    # -- numbers ---------------------------------------------------------------------------

    def refresh_values(self, has_grads: bool | None = None, reached=None) -> None:
        """Put the current data and grads into the boxes (no layout, no new items).

        ``reached``: part-way through a backprop step-through, the values a gradient
        has reached; the others show the dash of a grad not computed yet."""
        if has_grads is not None:
            self._has_grads = bool(has_grads)
        graph = self._graph
        if graph is None or not (self._values or self._pending):
            return
        has = self._has_grads
        scale = style.grad_scale(v.grad for v in graph.nodes) if has else 0.0
        # A slider moves one leaf, backward changes only grads: boxes whose numbers
        # did not move are skipped (unless the grad colour scale itself changed).
        everything = (has, scale) != self._shown_scale
        self._shown_scale = (has, scale)
        self._reached = reached
        self._marks = learner_marks(graph) if has else {}  # grads the text set by hand: ✓ or ✗
        self._put_numbers(self._values, everything)
        if self._overview is not None:
            self.viewport().update()

    def _put_numbers(self, items: list, everything: bool) -> None:
        """The numbers of the last :meth:`refresh_values` into ``items``."""
        has, scale = self._shown_scale or (self._has_grads, 0.0)
        reached, marks, params = self._reached, self._marks, self._params
        grad_color = style.grad_color
        for item in items:
            v = item.value
            data, grad = v.data, v.grad
            known = has and (reached is None or v in reached)
            if (not everything and not marks and data == item.seen_data and grad == item.seen_grad
                    and known == item.seen_known):
                continue
            item.seen_data, item.seen_grad, item.seen_known = data, grad, known
            if item.many:  # a closed layer: several outputs, no one number stands for them
                item.set_numbers(f"{item.many} outputs", "double-click", "#ffffff")
                continue
            data_text, grad_text = number_texts(v, known)
            if marks and known and v in marks:
                grad_text += marks[v]
            finite = data - data == 0  # False for inf and nan
            if finite != item.finite:
                item.finite = finite
                item.kind = style.value_style(v, params)
                item.update()
            item.set_numbers(data_text, grad_text, grad_color(grad, scale, known))

    # -- items -----------------------------------------------------------------------------

    def _make_items(self, graph: Graph, result, collapsed: Collapsed | GroupedView | None,
                    lazy: bool = False) -> None:
        """``collapsed``: the stand-in the layout is of (a collapsed or grouped view), or
        None. ``lazy``: the value and op boxes wait in ``_pending`` (see the module)."""
        self._clear()
        self._layout = result if collapsed is None else None
        self._layout_nodes = graph.nodes
        look = self._look
        nodes = graph.nodes
        index = self._index if collapsed is None else collapsed.real
        params = self._params
        scene = self.scene()
        items = self._items
        group_of = collapsed.group_of if isinstance(collapsed, GroupedView) else {}
        if lazy:
            pending = self._pending
            for v, box in result.values.items():
                pending[("value", index[v])] = box
            for v, box in result.ops.items():
                pending[("op", index[v])] = box
            self._box_h = min((box.h for box in result.values.values()), default=0.0)
        for v, box in () if lazy else result.values.items():
            if collapsed is not None and v is collapsed.summary:
                item = SummaryItem(look, box, collapsed.hidden)
                items[SUMMARY_KEY] = item
            elif v in group_of:
                i = index[v]
                real = nodes[i]
                g = self._grouping.groups[group_of[v]]
                item = GroupItem(look, i, real, box, style.value_style(real, params), v.label, group_of[v],
                                 len(g.outputs))
                items[("value", i)] = item
                self._values.append(item)
            else:
                i = index[v]
                real = nodes[i]
                item = ValueItem(look, i, real, box, style.value_style(real, params), self._titles[i])
                item.finite = real.data - real.data == 0
                items[("value", i)] = item
                self._values.append(item)
            scene.addItem(item)
        for v, box in () if lazy else result.ops.items():
            i = index[v]
            item = OpItem(look, i, nodes[i], box)
            item.text = v.op_label  # a group's says what it is: 'neuron', 'layer'...
            items[("op", i)] = item
            scene.addItem(item)
        summary = collapsed.summary if collapsed is not None else None  # (never a Value of result's keys)
        edges, outs, ins = self._edges, self._out, self._in
        for e in result.edges:  # (1,600 on a thousand-node graph: the keys made inline)
            (src_kind, src_v), (dst_kind, dst_v) = e.src, e.dst
            src = SUMMARY_KEY if src_v is summary else (src_kind, index[src_v])
            dst = SUMMARY_KEY if dst_v is summary else (dst_kind, index[dst_v])
            edge = EdgeItem(look, src, dst, e.points, e.arrow, e.bounds)
            edges.append(edge)
            outs.setdefault(src, []).append(edge)
            ins.setdefault(dst, []).append(edge)
        scene.addItem(EdgeLayer(look, edges))  # (one item paints them all)
        for k, cluster in enumerate(collapsed.clusters if isinstance(collapsed, GroupedView) else ()):
            frame = result.clusters[k] if k < len(result.clusters) else None
            if frame is not None:
                rect = QRectF(frame.x, frame.y, frame.w, frame.h)
                item = ClusterItem(look, rect, cluster.title, cluster.group)
                self._clusters.append(item)
                scene.addItem(item)
        if not lazy:
            self._box_h = min((item.rect.height() for item in self._values), default=0.0)
        self._bounds = QRectF(0, 0, result.width, result.height)
        self.minimap.set_boxes(self._bounds, self._minimap_boxes())

    def _new_item(self, key: tuple, box: Box) -> NodeItem:
        """The item of a box that was waiting in ``_pending`` (a full layout's: a value's
        record or an op's ellipse, for the graph shown)."""
        kind, i = key
        real = self._graph.nodes[i]
        if kind == "value":
            item = ValueItem(self._look, i, real, box, style.value_style(real, self._params), self._titles[i])
            item.finite = real.data - real.data == 0
            item.selected = real is self._selected
            self._values.append(item)
        else:
            item = OpItem(self._look, i, real, box)
        self._items[key] = item
        self.scene().addItem(item)
        return item

    def _made(self, items: list[NodeItem]) -> None:
        """Items just made from ``_pending``: their numbers, as the others show them."""
        self._put_numbers([item for item in items if isinstance(item, ValueItem)], True)

    def _node_item(self, key: tuple) -> NodeItem | None:
        """The item drawn for ``key``, made now if it was waiting; None if not drawn."""
        item = self._items.get(key)
        if item is None and key in self._pending:
            item = self._new_item(key, self._pending.pop(key))
            self._made([item])
        return item

    def _make_visible_items(self) -> None:
        """Make the waiting boxes that are (or are about to be) on screen."""
        pending = self._pending
        if not pending or self._building:
            return
        view = self.viewport().rect()
        area = self.mapToScene(view.adjusted(-view.width() // 4, -view.height() // 4,
                                             view.width() // 4, view.height() // 4)).boundingRect()
        x0, y0, x1, y1 = area.left(), area.top(), area.right(), area.bottom()
        keys = [key for key, b in pending.items()
                if b.x <= x1 and b.x + b.w >= x0 and b.y <= y1 and b.y + b.h >= y0]
        self._made([self._new_item(key, pending.pop(key)) for key in keys])

    def _make_the_rest_later(self) -> None:
        """Make the waiting boxes once the window has painted, a slice at a time."""
        generation = self._made_generation

        def work() -> None:
            if generation != self._made_generation or not self._pending:
                return
            end = time.perf_counter() + _SLICE
            pending = self._pending
            made = []
            while pending and time.perf_counter() < end:
                for _ in range(min(16, len(pending))):
                    key, box = pending.popitem()
                    made.append(self._new_item(key, box))
            self._made(made)
            if pending:
                QTimer.singleShot(0, work)

        QTimer.singleShot(0, work)

    def _complete_items(self) -> None:
        """Make every box still waiting, now."""
        pending = self._pending
        if pending:
            self._made([self._new_item(key, box) for key, box in pending.items()])
            pending.clear()
