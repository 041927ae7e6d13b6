"""The graph canvas on a 1,000-node graph: value refresh, same-shape rebuild, new layout.

The graph is the forward pass of an MLP 3-19-19-1 drawn as the lecture draws it
(a * node per weight, a Σ per neuron): 994 values plus their op nodes, the same
graph bench_viz uses. Offscreen Qt; a view of 1200 x 800.

* refresh_values: every number changed (new leaf, forward, backward, untimed),
  then the timed call; target < 16 ms (one frame). The repaint that follows is
  measured separately (at 100% zoom and fitted), since that is what a user waits
  for too.
* same-shape set_graph: a freshly built graph with the same structure (what the
  session hands over after an edit that only changed a number); should cost about
  what a refresh costs.
* structure change: set_graph on the new structure against Graphviz alone laying
  out the same DOT in the same process (``AGraph(string=dot).layout('dot')``);
  target ours <= 1.5x. Both ways the view can do it are measured: in-process
  (what graphs up to ``async_threshold`` nodes get) and the default for a graph
  this size, a child process, timed until the full layout is on screen.
"""

from __future__ import annotations

import gc
import statistics
import time

from explorer.engine import Graph, Value
from explorer.engine.nn import MLP
from tests.benchmarks import Case, Row, best_time
from tests.benchmarks.bench_ui import after_the_paint, wait_for_layout

REFRESH_TARGET = 0.016


def thousand_node_graph() -> Graph:
    model = MLP(3, [19, 19, 1], seed=1, expand=True)
    graph = Graph(model([Value(1.0, label="x1"), Value(-2.0, label="x2"), Value(0.5, label="x3")]))
    graph.backward()
    return graph


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _view(*, sync: bool = True):
    from explorer.ui.graph_view import GraphView

    view = GraphView()
    view.resize(1200, 800)
    view.show()
    if sync:
        view.async_threshold = 10**9  # lay out in-process, whatever the size
        view.collapse_limit = 10**9
    _app().processEvents()
    return view


def _pump_until(predicate, timeout: float = 600.0) -> None:
    app = _app()
    end = time.perf_counter() + timeout
    while not predicate() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def bench_refresh() -> list[Row]:
    app = _app()
    graph = thousand_node_graph()
    view = _view()
    view.set_graph(graph, True)
    app.processEvents()
    leaf = graph.node("x1")  # an input: every value after it, and almost every grad, changes
    times, paint_100, paint_fit = [], [], []
    for k in range(30):
        leaf.data = 1.0 + 0.01 * (k + 1)  # never the value it already has
        graph.forward()
        graph.backward()
        t0 = time.perf_counter()
        view.refresh_values(True)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        view.viewport().repaint()
        (paint_fit if k < 15 else paint_100).append(time.perf_counter() - t0)
        if k == 14:
            view.reset_zoom()
            app.processEvents()
    best, median = min(times), statistics.median(times)
    rows = [
        Row(f"GraphView.refresh_values, {len(graph.nodes)} values (all change)", best,
            target="< 16 ms", met=best < REFRESH_TARGET,
            note=f"median {median * 1e3:.2f} ms over {len(times)} refreshes; no layout, no new items"),
        Row("  + the repaint that follows, zoom 100%", min(paint_100),
            note=f"median {statistics.median(paint_100) * 1e3:.1f} ms (only the boxes on screen paint)"),
        Row("  + the repaint that follows, whole graph fitted", min(paint_fit),
            note=f"median {statistics.median(paint_fit) * 1e3:.1f} ms (overview mode: boxes batched)"),
    ]
    view.close()
    view.deleteLater()
    return rows


def bench_same_shape() -> list[Row]:
    app = _app()
    view = _view()
    view.set_graph(thousand_node_graph(), True)
    app.processEvents()

    def rebuilt(k: int) -> Graph:
        # Same structure, new Value objects, and a new input: every value after it changes.
        g = thousand_node_graph()
        g.node("x1").data = 1.0 + 0.01 * (k + 1)
        g.forward()
        g.backward()
        return g

    graphs = [rebuilt(k) for k in range(8)]
    times = []
    for g in graphs:
        t0 = time.perf_counter()
        view.set_graph(g, True)
        times.append(time.perf_counter() - t0)
    # The reference: a refresh in which every box changes too.
    leaf = graphs[-1].node("x1")
    refreshes = []
    for k in range(8):
        leaf.data = 2.0 + 0.01 * k
        graphs[-1].forward()
        graphs[-1].backward()
        t0 = time.perf_counter()
        view.refresh_values(True)
        refreshes.append(time.perf_counter() - t0)
    best, refresh = min(times), min(refreshes)
    view.close()
    view.deleteLater()
    return [Row(f"GraphView.set_graph same shape, {len(graphs[0].nodes)} values (no layout)", best,
                reference=refresh, reference_name="refresh_values (all change)",
                target="about a refresh (<= 2x)", met=best <= 2 * refresh,
                note=f"median {statistics.median(times) * 1e3:.2f} ms; "
                f"ours / reference = {best / refresh:.2f}; new input, so most numbers change; "
                "the shape check walks every node")]


def _polynomial_text(x: float, terms: int = 250) -> str:
    """A long sum of unnamed products and powers: every computed box is titled with
    its expression (``3 * x ** 2``), the titles that cost the most to make."""
    body = " + ".join(f"{k % 7 + 1} * x ** {k % 4 + 1}" for k in range(terms))
    return f"x = {x}\nf = {body}\n"


def bench_same_shape_text() -> list[Row]:
    """What the session hands the view after the learner changes x in the text: a
    graph parsed afresh, same structure and titles (names and expressions), new
    numbers. The titles are made once per structure, not on every such edit."""
    from explorer.lang import parse

    app = _app()
    view = _view()
    view.set_graph(parse(_polynomial_text(0.5)).build(), True)
    app.processEvents()
    graphs = []
    for k in range(8):
        g = parse(_polynomial_text(0.5 + 0.01 * (k + 1))).build()
        g.backward()
        graphs.append(g)
    layouts = view.layout_count
    times = []
    for g in graphs:
        t0 = time.perf_counter()
        view.set_graph(g, True)
        times.append(time.perf_counter() - t0)
    relaid = view.layout_count - layouts
    leaf = graphs[-1].node("x")
    refreshes = []
    for k in range(8):
        leaf.data = 2.0 + 0.01 * k
        graphs[-1].forward()
        graphs[-1].backward()
        t0 = time.perf_counter()
        view.refresh_values(True)
        refreshes.append(time.perf_counter() - t0)
    best, refresh = min(times), min(refreshes)
    view.close()
    view.deleteLater()
    return [Row(f"GraphView.set_graph same shape, parsed text, {len(graphs[0].nodes)} values titled by "
                "expression", best, reference=refresh, reference_name="refresh_values (all change)",
                target="about a refresh (<= 2x)", met=best <= 2 * refresh and relaid == 0,
                note=f"median {statistics.median(times) * 1e3:.2f} ms; "
                f"ours / reference = {best / refresh:.2f}"
                + ("" if relaid == 0 else f"; LAID OUT AGAIN {relaid} TIMES"))]


def bench_structure_change() -> list[Row]:
    import pygraphviz

    from explorer.viz.dot import to_dot

    app = _app()
    graph = thousand_node_graph()
    tiny = Graph(Value(1.0, label="x").tanh())
    source = to_dot(graph, styled=False, numbers=False)  # what the view lays out
    sync_view = _view(sync=True)
    async_view = _view(sync=False)

    def ours_sync() -> None:
        sync_view.set_graph(graph, True)

    stalls: list[float] = []
    rest: list[float] = []

    def ours_async() -> float:
        # A 5 ms timer ticks all along: the longest gap between ticks is the longest
        # time the window could not react (reading the result, making the boxes on
        # screen, then those off screen and the garbage collection held off till then).
        from PySide6.QtCore import QTimer

        gc.collect()
        ticks = [time.perf_counter()]
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        async_view.set_graph(graph, True)
        wait_for_layout(async_view)  # in Qt's event loop, as the app waits
        app.processEvents()
        on_screen = time.perf_counter() - ticks[0]
        wall, _stall, _cpu = after_the_paint(async_view)
        rest.append(wall)
        timer.stop()
        ticks.append(time.perf_counter())
        stalls.append(max(b - a for a, b in zip(ticks, ticks[1:])))
        return on_screen

    def graphviz() -> None:
        pygraphviz.AGraph(string=source).layout("dot")

    best = {"sync": float("inf"), "async": float("inf"), "graphviz": float("inf")}
    for _ in range(5):  # in turns, so that load on the machine hits every side alike
        for name, fn, view in (("sync", ours_sync, sync_view), ("async", ours_async, async_view),
                               ("graphviz", graphviz, None)):
            if view is not None:
                view.set_graph(tiny, False)  # so that the timed call is a structure change
                app.processEvents()
            best[name] = min(best[name], fn() if fn is ours_async else best_time(fn, 1))
    full = not async_view.is_collapsed and len(async_view.value_items()) == len(graph.nodes)
    for view in (sync_view, async_view):
        view.close()
        view.deleteLater()
    ref = best["graphviz"]
    n = len(graph.nodes)
    return [
        Row(f"GraphView.set_graph new structure, {n} values, in-process", best["sync"], reference=ref,
            reference_name="AGraph(string=dot).layout('dot')", target="ours <= 1.5x reference",
            met=best["sync"] <= 1.5 * ref, note=f"ours / reference = {best['sync'] / ref:.2f}; "
            "DOT + Graphviz + reading its answer + creating the items on screen (those off screen "
            "come after the paint)"),
        Row(f"GraphView.set_graph new structure, {n} values, default (child process)", best["async"],
            reference=ref, reference_name="AGraph(string=dot).layout('dot')", target="ours <= 1.5x reference",
            met=best["async"] <= 1.5 * ref and full,
            note=f"ours / reference = {best['async'] / ref:.2f}; until the full layout is on screen; "
            "the window stays responsive meanwhile; the boxes off screen are made in the "
            f"{min(rest) * 1e3:.0f}-{max(rest) * 1e3:.0f} ms after"
            + ("" if full else "; FULL LAYOUT DID NOT ARRIVE")),
        Row("  longest time the window could not react during that", min(stalls),
            note=f"worst of {len(stalls)} runs {max(stalls) * 1e3:.0f} ms; the in-process layout "
            f"blocks it for {best['sync'] * 1e3:.0f} ms"),
    ]


def bench_worker_start() -> list[Row]:
    """A background layout's wait before Graphviz starts: the warm worker against a fresh
    process (what every background layout paid before), on a graph so small that the
    round trip is all start-up and transport."""
    import subprocess
    import sys

    from explorer.ui.graph_layout_job import WORKER, LayoutWorker
    from explorer.viz.layout import layout_source

    app = _app()
    source = layout_source(Graph(Value(1.0, label="x").tanh()))
    worker = LayoutWorker()
    worker.warm()
    _pump_until(lambda: worker.ready, 60)
    answers: list = []
    worker.answered.connect(lambda request, ok, data: answers.append(ok))

    def warm() -> None:
        before = len(answers)
        worker.submit("dot", source)
        _pump_until(lambda: len(answers) > before, 60)

    def fresh() -> None:
        payload = ("dot\n" + source).encode()
        subprocess.run([sys.executable, str(WORKER)], input=b"%d\n" % len(payload) + payload,
                       capture_output=True, check=True)

    ours = best_time(warm, 10)
    ref = best_time(fresh, 3)
    worker.shutdown()
    app.processEvents()
    return [Row("background layout of a 2-node graph: request to answer, warm worker", ours, reference=ref,
                reference_name="a fresh worker process (start-up, then the same layout)",
                target="starts within 50 ms", met=ours < 0.050 and all(answers),
                note=f"the fresh process takes {ref / ours:.0f}x as long")]


def bench_grouped_mlp() -> list[Row]:
    """MLP(3, [16, 16, 1]) and its loss, drawn grouped (issue 12: < 100 ms): grouping,
    Graphviz on the grouped drawing, reading it, and, as on a 1920x1080 window's canvas,
    the layer laid out again in the bands that suit the canvas (a second Graphviz run);
    then the window's whole set_graph to a painted view (< 1 s). Reference: Graphviz
    alone on the ungrouped graph."""
    import pygraphviz

    from explorer.lang import parse
    from explorer.viz.dot import box_titles
    from explorer.viz.group_shape import lay_out_grouped
    from explorer.viz.groups import Grouping
    from explorer.viz.layout import layout_source

    text = "n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nypred = n(x)\nloss = (ypred - 1.0)**2"
    graph = parse(text).build()
    source = layout_source(graph)

    def grouped() -> None:
        grouping = Grouping(graph, graph.groups)
        view = grouping.view(grouping.default_open(), box_titles(graph))
        _, _, bands = lay_out_grouped(view, "LR", room=(1500, 860), readable=1.1)
        assert bands > 1  # (the measurement includes the second run)

    def ungrouped() -> None:
        pygraphviz.AGraph(string=source).layout("dot")

    app = _app()
    gv = _view()

    def window() -> None:
        gv.set_graph(parse(text).build(), False)
        gv.viewport().repaint()

    ours = ref = win = float("inf")
    for _ in range(3):  # in turns, so that load on the machine hits both alike
        ours = min(ours, best_time(grouped, 3))
        ref = min(ref, best_time(ungrouped, 1))
        gv.set_graph(Graph(Value(1.0, label="x").tanh()), False)
        app.processEvents()
        win = min(win, best_time(window, 1))
    grouped_ok = gv.is_grouped
    gv.close()
    gv.deleteLater()
    return [
        Row(f"grouped layout of MLP(3, [16, 16, 1]) + loss ({len(graph.nodes)} values)", ours, reference=ref,
            reference_name="Graphviz alone, ungrouped (same run)", target="< 100 ms", met=ours < 0.100,
            note="grouping + Graphviz twice (one band, then the canvas's) + reading"),
        Row("  GraphView.set_graph of it to a painted, grouped view", win, target="< 1 s",
            met=win < 1.0 and grouped_ok, note="" if grouped_ok else "NOT GROUPED"),
    ]


CASES = [
    Case("graph view refresh 1000 nodes", bench_refresh),
    Case("graph view same-shape set_graph 1000 nodes", bench_same_shape),
    Case("graph view same-shape set_graph parsed text", bench_same_shape_text),
    Case("graph view structure change 1000 nodes", bench_structure_change),
    Case("graph view layout worker start", bench_worker_start),
    Case("graph view grouped MLP", bench_grouped_mlp),
]
