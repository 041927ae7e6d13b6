"""Graphs too big to lay out at once (a part of :class:`~explorer.ui.graph_view.GraphView`).

Their full layout runs in the layout process (:mod:`graph_layout_job`), with a busy
notice and Cancel (Esc); a very big one shows its output's neighbourhood first
(:mod:`graph_collapse`), and above ``collapse_limit`` nodes only that, until
"Lay out all".

While the layout process works, the window has nothing to do: it makes the full
graph's items then, a few milliseconds at a time (:class:`ItemsInAdvance`), so
that when the layout arrives they only need their places. Making them was the
costliest part of putting a layout on screen (about 100 ms on a thousand nodes).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from ..engine import Graph
from ..viz import layout as viz_layout
from ..viz import style
from ..viz.geometry import Box
from .graph_collapse import collapse
from .graph_items import EdgeItem, OpItem, ValueItem
from .graph_layout_job import LayoutJob

__all__ = ["BigGraphs", "ItemsInAdvance"]

_NOWHERE = Box(0.0, 0.0, 0.0, 0.0)
#: Longest the window is kept busy at a time making items in advance.
_SLICE = 0.008


class ItemsInAdvance:
    """The items of ``graph``'s full drawing, made before its layout arrives: value
    and op items by node index, edges in the layout's (DOT) order with their ends."""

    def __init__(self, view, job: LayoutJob):
        self.job = job
        self.values: dict[int, ValueItem] = {}
        self.ops: dict[int, OpItem] = {}
        self.edges: list[EdgeItem] = []
        self._work = self._make(view, job.graph)

    def _make(self, view, graph: Graph):
        look, titles, nodes = view._look, view._titles, graph.nodes
        index = {v: i for i, v in enumerate(nodes)}
        for i, v in enumerate(nodes):
            self.values[i] = ValueItem(look, i, v, _NOWHERE, style.value_style(v, view._params), titles[i])
            yield
            if v.op is not None:
                self.ops[i] = OpItem(look, i, v, _NOWHERE)
                self.edges.append(EdgeItem(look, ("op", i), ("value", i), [], None))
                for child in v._prev:
                    self.edges.append(EdgeItem(look, ("value", index[child]), ("op", i), [], None))
                yield

    def work(self) -> bool:
        """Make items for a few milliseconds; False once all are made."""
        end = time.perf_counter() + _SLICE
        for _ in self._work:
            if time.perf_counter() > end:
                return True
        return False

    def edge(self, k: int, src: tuple, dst: tuple) -> EdgeItem | None:
        """The ``k``-th edge, if it was made and joins ``src`` to ``dst``."""
        if k < len(self.edges):
            edge = self.edges[k]
            if edge.src == src and edge.dst == dst:
                return edge
        return None


class BigGraphs:
    """GraphView's background layout and collapsed preview (a mixin)."""

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
        self._advance = advance = ItemsInAdvance(self, job)

        def work() -> None:
            if self._advance is advance and advance.work():
                QTimer.singleShot(0, work)

        QTimer.singleShot(0, work)

    def _job_done(self, job: LayoutJob, result) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy.hide()
        graph = job.graph
        self._collapsed = None
        self._ready_items = self._advance if self._advance is not None and self._advance.job is job else None
        self._advance = None
        self._build(graph, result, None)

    def _job_failed(self, job: LayoutJob, message: str) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy.hide()
        self.last_error = message
        self._show_collapsed_notice(message)

    def _cancel_job(self) -> None:
        self._advance = None
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
