"""The collapsed view of a graph too big to lay out at once (no Qt in here).

Graphviz's ``dot`` takes seconds on a thousand-node MLP loss and minutes on a
few thousand, so a big graph is first shown as its output and the nodes nearest
to it (breadth first, up to a budget), with one summary node "… N more nodes"
feeding every kept node whose inputs were left out.

The layout is computed by :mod:`explorer.viz.layout` like any other: the kept
part is copied into stand-in Values (same labels, ops and wiring, plus the
summary leaf), laid out, and the boxes are handed back keyed by the real nodes,
so clicks and tooltips still talk about the user's Values.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..engine import Graph, Value

__all__ = ["Collapsed", "collapse"]


@dataclass
class Collapsed:
    """A part of ``graph`` and a stand-in graph to lay it out with."""

    graph: Graph  # the real graph
    kept: list[int]  # indices into graph.nodes, in tape order
    hidden: int  # how many nodes are not shown
    levels: int  # how many levels back from the output are shown in full
    stand_in: Graph  # copies of the kept nodes (+ the summary leaf), for the layout
    real: dict[Value, int]  # stand-in value -> index of the real node it copies
    summary: Value | None  # the stand-in summary leaf, None when nothing is hidden


def collapse(graph: Graph, budget: int = 150) -> Collapsed:
    """The output and the ``budget`` nodes nearest to it (at least the output)."""
    nodes = graph.nodes
    index = {v: i for i, v in enumerate(nodes)}
    root = len(nodes) - 1
    depth = {root: 0}
    order = [root]
    queue = deque([root])
    # Breadth first from the output along inputs: the nearest levels first.
    while queue and len(order) < budget:
        i = queue.popleft()
        for child in nodes[i]._prev:
            j = index[child]
            if j not in depth:
                depth[j] = depth[i] + 1
                order.append(j)
                queue.append(j)
                if len(order) >= budget:
                    break
    kept = sorted(depth)
    kept_set = set(kept)
    deepest = max(depth.values())
    # Levels shown in full: all but the last, unless the walk ran out of nodes.
    complete = len(kept) == len(nodes) or not queue and len(order) < budget
    levels = deepest if complete else max(0, deepest - 1)

    hidden = len(nodes) - len(kept)
    summary = Value(0.0, label=f"… {hidden:,} more nodes") if hidden else None
    copies: dict[int, Value] = {}
    real: dict[Value, int] = {}
    # Copies are made in tape order, so their birth order is a topological order too.
    for i in kept:
        v = nodes[i]
        inputs = [copies[index[c]] for c in v._prev if index[c] in kept_set]
        if summary is not None and len(inputs) < len(v._prev):
            inputs.append(summary)
        # A kept node whose inputs are all hidden keeps its op node, fed by the summary.
        copy = Value(v.data, tuple(inputs), v.op, v.label, arg=v.arg, param=v.param)
        copies[i] = copy
        real[copy] = i
    stand_in = Graph(copies[root])
    return Collapsed(graph, kept, hidden, levels, stand_in, real, summary)
