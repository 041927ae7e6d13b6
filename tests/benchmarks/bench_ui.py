"""Window benchmarks (offscreen): edit to repainted graph, values-only refresh,
structure change against Graphviz's own layout time, and start-up to first paint.

Each timing runs the real window: the Session event goes through MainWindow to
GraphView, and the measurement ends when the graph's viewport has been painted
(``viewport().repaint()`` is synchronous), after any background layout finished.

Against aa99925 (before the application model): that commit's ``_settle`` polled
with processEvents and sleeps; build its window there (``MainWindow(Session(text),
lazy_plot=True)``) but time it with this module's ``_settle`` and ``best_time``, so
both sides are the same measurement.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import Case, Row, best_time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADIENT_EXPLORER_TESTING", "1")

EDIT_TARGET = 0.050
FRAME = 0.016
RATIO = 1.5
STARTUP = 1.5


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _window(text: str):
    from explorer.model.session import Session
    from explorer.ui.compose import build_window

    _app()
    gui = build_window(Session(text), lazy_plot=True, recover=False, autosave=False)
    gui.documents.ask_save_changes = lambda name: "discard"  # closing never waits on a question
    window = gui.window
    window.plot_loader.cancel()  # the plot panel is not what these cases measure
    window.resize(1280, 800)
    window.show()
    _settle(window)
    return window


def _layout_busy(view) -> bool:
    """True while the graph view waits for a layout (background process or thread)."""
    return bool(view.is_busy)


def _settle(window, timeout: float = 120.0) -> None:
    """Process events until the view has its layout, then paint it once."""
    app = _app()
    view = window.graph_view
    app.processEvents()
    wait_for_layout(view, timeout)
    view.viewport().repaint()


def wait_for_layout(view, timeout: float = 120.0) -> None:
    """Wait in Qt's event loop, as the app does, until ``view`` has no layout running.

    Not a loop of processEvents and sleeps: that keeps a core busy while the layout
    process works, and on a loaded two-core machine slows the very layout it waits for."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not _layout_busy(view):
        return
    loop = QEventLoop()

    def check() -> None:
        if not _layout_busy(view):
            loop.quit()

    view.layoutFinished.connect(check)
    poll = QTimer()  # a failed layout emits no layoutFinished
    poll.timeout.connect(check)
    poll.start(50)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    poll.stop()
    view.layoutFinished.disconnect(check)


def after_the_paint(view, timeout: float = 30.0) -> tuple[float, float, float]:
    """What a big graph's structure change leaves for after its first paint: the boxes
    off screen, made a slice at a time, and the garbage collection held off until then
    (graph_build). Returns (wall seconds until both are done, longest time the window
    could not react meanwhile, CPU seconds), timed with a 5 ms timer in Qt's event loop."""
    from PySide6.QtCore import QTimer

    app = _app()
    ticks = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    c0 = time.process_time()
    end = ticks[0] + timeout
    while (view.boxes_to_make or view.collector_held) and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    done = time.perf_counter()
    cpu = time.process_time() - c0
    later = done + 0.05  # and a little more: the collector's first pass comes with the next allocation
    while time.perf_counter() < later:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks.append(time.perf_counter())
    return done - ticks[0], max(b - a for a, b in zip(ticks, ticks[1:])), cpu


def chain_text(n_lines: int, variant: int = 0) -> str:
    """``h_i = (h_{i-1} * w + b).tanh()``: five nodes a line (two constants, *, +, tanh)."""
    lines = ["h0 = Value(0.5, label='h0')"]
    for i in range(1, n_lines + 1):
        w = 0.5 + ((i + variant) % 7) / 10
        b = 0.1 * ((i + variant) % 5) - 0.2
        op = "tanh" if (i + variant) % 3 else "sigmoid"
        lines.append(f"h{i} = (h{i - 1} * {w:.1f} + {b:.1f}).{op}()")
    return "\n".join(lines) + "\n"


def _edit_to_repaint() -> list[Row]:
    from explorer.model.session import NEURON_EXAMPLE

    window = _window(NEURON_EXAMPLE)
    editor = window.editor
    texts = {
        "number": [NEURON_EXAMPLE.replace("Value(2.0, label='x1')", f"Value({v}, label='x1')")
                   for v in ("2.5", "2.0")],
        "structure": [NEURON_EXAMPLE + "p = o * 2; p.label = 'p'\n", NEURON_EXAMPLE],
    }
    rows = []
    for kind, pair in texts.items():
        state = {"i": 0}

        def run(pair=pair, state=state) -> None:
            state["i"] += 1
            editor.apply_text(pair[state["i"] % 2])
            editor.flush()  # what the 150 ms typing pause triggers
            _settle(window)

        t = best_time(run, repeat=15)
        rows.append(Row(f"ui: edit to repainted graph, seed neuron ({kind} edit)", t,
                        target="< 50 ms", met=t < EDIT_TARGET,
                        note="from the end of the typing pause (debounce) to the painted graph"))
    window.close()
    return rows


def _values_refresh() -> list[Row]:
    text = chain_text(200)
    window = _window(text)
    session = window.session
    n = len(session.graph.nodes)
    layouts = {"n": 0}
    original = window.graph_view.set_graph

    def counting(*args, **kwargs):
        layouts["n"] += 1
        return original(*args, **kwargs)

    window.graph_view.set_graph = counting
    rows = []
    for what, fn in (("forward", session.forward), ("backward", session.backward),
                     ("step", session.step), ("zero grad", session.zero_grad)):
        def run(fn=fn) -> None:
            fn()
            window.graph_view.viewport().repaint()

        t = best_time(run, repeat=15)
        rows.append(Row(f"ui: values-only refresh, {n} nodes ({what})", t, target="< 16 ms",
                        met=t < FRAME and layouts["n"] == 0,
                        note=f"new layouts during the refreshes: {layouts['n']}"))
    window.close()
    return rows


def _structure_change() -> list[Row]:
    import pygraphviz  # noqa: F401 - the reference

    from explorer.model.session import Session
    from explorer.viz.dot import agraph_from_dot
    from explorer.viz.layout import layout_source

    texts = [chain_text(200, 0), chain_text(200, 1)]
    window = _window(texts[0])
    editor = window.editor
    state = {"i": 0}

    def run() -> None:
        state["i"] += 1
        editor.apply_text(texts[state["i"] % 2])
        editor.flush()
        _settle(window)

    graphs = [Session(text).graph for text in texts]
    # The same DOT the window lays out (titles, placeholders, the same Graphviz settings).
    sources = [layout_source(graph) for graph in graphs]
    # Also Graphviz again on a graph it laid out before (still parsed, its sizes and
    # places already set): a little faster, not a new structure, shown for comparison.
    agraphs = [agraph_from_dot(source) for source in sources]

    def graphviz() -> None:
        state["ref"] = state.get("ref", 0) + 1
        agraph_from_dot(sources[state["ref"] % 2]).layout("dot")

    def graphviz_again() -> None:
        agraphs[state["ref"] % 2].layout("dot")

    from explorer.ui.graph_layout_job import shared_worker

    def worker_cpu() -> float:
        """CPU seconds the layout process has used (Linux; 0 elsewhere)."""
        process = shared_worker()._process
        try:
            fields = Path(f"/proc/{process.processId()}/stat").read_text().rsplit(")", 1)[1].split()
        except (AttributeError, OSError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    ours = ref = again = float("inf")
    pairs = []
    cpu_ours, cpu_ref = [], []
    rest, stalls, cpu_rest = [], [], []
    for _ in range(5):  # in turns, so that load on the machine hits both alike
        c0, w0 = time.process_time(), worker_cpu()
        a = best_time(run, repeat=1)
        cpu_ours.append(time.process_time() - c0 + worker_cpu() - w0)
        wall, stall, cpu = after_the_paint(window.graph_view)
        rest.append(wall)
        stalls.append(stall)
        cpu_rest.append(cpu)
        c0 = time.process_time()
        b = best_time(graphviz, repeat=1)
        cpu_ref.append(time.process_time() - c0)
        again = min(again, best_time(graphviz_again, repeat=1))
        pairs.append(a / b)
        ours, ref = min(ours, a), min(ref, b)
    n = len(window.session.graph.nodes)
    # CPU time: what the work costs whatever else the machine runs (on a loaded two-core
    # machine the wall times above are mostly waiting for a core). Ours: this process
    # (the window) plus the layout process.
    cpu = (f"; CPU time ours {min(cpu_ours) * 1e3:.0f} ms (window + layout process) against Graphviz "
           f"{min(cpu_ref) * 1e3:.0f} ms = {min(cpu_ours) / min(cpu_ref):.2f}" if min(cpu_ref) > 0 else "")
    default = window.graph_view.async_threshold < n  # the app's own path for this size
    window.close()
    return [Row(f"ui: structure change to repainted graph, {n} nodes", ours, reference=ref,
                reference_name="pygraphviz AGraph(string=dot).layout('dot') on the DOT the window lays out",
                target="<= 1.5x Graphviz", met=ours <= RATIO * ref and default,
                note=f"ours / Graphviz = {ours / ref:.2f} (best of 5 each, in turns; turn by turn "
                + ", ".join(f"{r:.2f}" for r in pairs) + f"); {ours / again:.2f} against Graphviz "
                f"laying out its already laid-out graph again ({again * 1e3:.0f} ms); the path: "
                + ("the layout process, the default" if default else "IN-PROCESS, NOT THE DEFAULT") + cpu
                + f". After the paint, the boxes off screen and the garbage collection held off: "
                f"{min(rest) * 1e3:.0f}-{max(rest) * 1e3:.0f} ms more, {min(cpu_rest) * 1e3:.0f}-"
                f"{max(cpu_rest) * 1e3:.0f} ms CPU, the window never blocked for more than "
                f"{max(stalls) * 1e3:.0f} ms")]


def _startup() -> list[Row]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRADIENT_EXPLORER_STARTUP_PROBE": "1",
               "GRADIENT_EXPLORER_SETTINGS": os.path.join(tmp, "settings.ini"),
               "XDG_STATE_HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_CACHE_HOME": tmp}
        for _ in range(3):
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "explorer"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            line = ""
            for line in proc.stdout:
                if line.startswith("first-paint"):
                    break
            elapsed = time.perf_counter() - t0
            proc.wait(timeout=60)
            if line.startswith("first-paint"):
                times.append(elapsed)
    if not times:
        return [Row("ui: command to first painted window", float("nan"), target="< 1.5 s", met=False,
                    note="the window never reported its first paint")]
    best = min(times)
    return [Row("ui: command to first painted window (python -m explorer, offscreen)", best,
                target="< 1.5 s", met=best < STARTUP,
                note="best of 3 cold-ish starts: " + ", ".join(f"{t:.2f} s" for t in times))]


CASES = [
    Case("ui: edit to repainted graph", _edit_to_repaint),
    Case("ui: values-only refresh", _values_refresh),
    Case("ui: structure change", _structure_change),
    Case("ui: startup", _startup),
]
