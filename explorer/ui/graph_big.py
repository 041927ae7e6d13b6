"""Graphs too big to lay out at once (a part of :class:`~explorer.ui.graph_view.GraphView`).

Their full layout runs in the layout process (:mod:`graph_layout_job`), with a busy
notice and Cancel (View > Cancel layout, Esc); a very big one shows its output's
neighbourhood first (:mod:`graph_collapse`), and above ``collapse_limit`` nodes only
that, until View > Lay out all nodes (the notice's button).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from ..engine import Graph
from ..viz import layout as viz_layout
from .graph_collapse import collapse
from .graph_layout_job import LayoutJob

__all__ = ["BigGraphs", "layout_handlers"]


def layout_handlers(view: BigGraphs) -> dict[str, Callable[[], object]]:
    """What the action table's View > Lay out all nodes and Cancel layout do to ``view``."""
    return {"layout_all": view.show_all, "cancel_layout": view.cancel_layout}


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
        hold = self._collector.hold()  # until the answer is on screen (graph_build.CollectorHold)
        QTimer.singleShot(10_000, lambda: self._collector.release(hold))  # (a slow layout: not so long)
        job.start()  # first: the layout process works while the rest is done here
        self.collapsed_notice.hide()
        self.busy.set_text(f"Laying out all {len(graph.nodes):,} nodes…")
        self.busy.show()
        self._place_overlays()
        self.layoutStarted.emit()

    def _job_done(self, job: LayoutJob, result) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy.hide()
        graph = job.graph
        self._collapsed = None
        self._build(graph, result, None)
        self._drawn_job = job  # told once the answer is on screen (paintEvent)

    def _job_failed(self, job: LayoutJob, message: str) -> None:
        if job is not self._job:
            return
        self._job = None
        self._collector.release()
        self.busy.hide()
        self.last_error = message
        self._show_collapsed_notice(message)

    def _cancel_job(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            self._collector.release()
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
