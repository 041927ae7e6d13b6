"""Graph layout and export against Graphviz alone, and the CLI's cold start.

The reference in each row is Graphviz doing the same job on the same DOT in the
same process: what any program drawing this graph through Graphviz must pay.
Ours adds building the DOT, reading Graphviz's answer into boxes, and (export)
writing the file atomically.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer.engine import Graph, Value
from explorer.engine.nn import MLP
from tests.benchmarks import Case, Row, best_time
from tests.lecture import NEURON_TEXT

NEURON = NEURON_TEXT + "o.backward()\n"


def thousand_node_graph() -> Graph:
    """The forward pass of an MLP 3-19-19-1 built as the lecture draws it (a * node
    per weight, a Σ per neuron): about 1,000 values, with their op nodes ~1,500
    Graphviz nodes."""
    model = MLP(3, [19, 19, 1], seed=1, expand=True)
    graph = Graph(model([Value(1.0, label="x1"), Value(-2.0, label="x2"), Value(0.5, label="x3")]))
    graph.backward()
    return graph


def _interleaved(fns: dict, repeat: int) -> dict:
    """Best time of each function, measured in turns so that load on the machine
    hits both sides alike."""
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            best[k] = min(best[k], best_time(fn, 1))
    return best


def bench_layout() -> list[Row]:
    import pygraphviz

    from explorer.viz.dot import to_dot
    from explorer.viz.layout import layout

    graph = thousand_node_graph()
    raw = to_dot(graph)
    t = _interleaved({
        "ours": lambda: layout(graph),
        "graphviz": lambda: pygraphviz.AGraph(string=raw).layout("dot"),
    }, repeat=5)
    ops = sum(1 for v in graph.nodes if v.op is not None)
    return [Row(f"viz layout(), {len(graph.nodes)} values + {ops} op nodes", t["ours"],
                reference=t["graphviz"], reference_name="AGraph(string=dot).layout('dot')",
                target="ours <= 1.5x reference", met=t["ours"] <= 1.5 * t["graphviz"],
                note=f"ours / reference = {t['ours'] / t['graphviz']:.2f}")]


def bench_export() -> list[Row]:
    from explorer.viz.dot import to_dot
    from explorer.viz.export import export_graph
    from explorer.viz.layout import layout, render

    graph = thousand_node_graph()
    raw = to_dot(graph)
    window = layout(graph)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "graph.svg"
        t = _interleaved({
            "ours": lambda: export_graph(graph, out, overwrite=True),
            "reused": lambda: export_graph(graph, out, overwrite=True, layout=window),
            "graphviz": lambda: render(raw, "svg", prog="dot"),
        }, repeat=5)
        size = out.stat().st_size
    return [
        Row(f"viz export_graph() SVG, {len(graph.nodes)} values (layout + render + atomic write)",
            t["ours"], reference=t["graphviz"], reference_name="Graphviz dot layout + svg render",
            target="ours <= 1.5x reference", met=t["ours"] <= 1.5 * t["graphviz"],
            note=f"ours / reference = {t['ours'] / t['graphviz']:.2f}; file {size / 1e6:.1f} MB"),
        Row("viz export_graph() SVG reusing the window's layout", t["reused"], reference=t["graphviz"],
            reference_name="Graphviz dot layout + svg render", target="ours <= 1.5x reference",
            met=t["reused"] <= 1.5 * t["graphviz"]),
    ]


def bench_cli_cold_start() -> list[Row]:
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "neuron.py"
        source.write_text(NEURON)
        out = Path(folder) / "neuron.png"
        command = [sys.executable, "-m", "explorer", "render", str(source), "-o", str(out), "--force"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            done = subprocess.run(command, cwd=root, env=env, capture_output=True)
            best = min(best, time.perf_counter() - t0)
            if done.returncode != 0:
                return [Row("cli render seed neuron -> PNG, cold start", best, target="< 1 s", met=False,
                            note=done.stderr.decode(errors="replace").strip()[-200:])]
    return [Row("cli render seed neuron -> PNG, cold start (subprocess)", best, target="< 1 s",
                met=best < 1.0)]


CASES = [
    Case("viz layout 1000 nodes", bench_layout),
    Case("viz export svg 1000 nodes", bench_export),
    Case("viz cli cold start", bench_cli_cold_start),
]
