"""A graph's output as a numpy function of one leaf: the curve the plot draws.

Given a graph and one of its leaves x, :func:`vectorise` replays the tape on an
array of x values at once, each node with its op's ``np_forward`` from the op
table (the same entries the engine runs on floats), so plotting 10,000 points
costs a few numpy calls per node rather than 10,000 forward passes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .graph import Graph
from .value import Value

__all__ = ["vectorise"]


def vectorise(graph: Graph, leaf: Value | None) -> Callable[[np.ndarray], np.ndarray]:
    """The graph's output as a numpy function of ``leaf``: ``ys = fn(xs)``.

    Only the nodes that depend on ``leaf`` are computed on arrays; every other
    node contributes its current ``data``, read each time the function is called,
    so the function follows the graph when other leaves change. ``fn`` takes an
    array (or a single number) and gives an array of the same shape; where the
    maths is undefined (log of a negative, 0/0, overflow) it gives NaN, never an
    exception or a numpy warning. A leaf the output does not depend on (or
    ``None``) gives a flat function."""
    slot: dict[Value, int] = {}  # node -> its array's place in the replay
    plan: list[tuple] = []
    if leaf is not None:
        slot[leaf] = 0
        for node in graph.nodes:
            if node.op is None or not any(c in slot for c in node.children):
                continue
            # An input is an array computed earlier (its slot number) or a node
            # whose data is read when the function is called.
            inputs = tuple(slot[c] if c in slot else c for c in node.children)
            slot[node] = len(plan) + 1
            plan.append((node.op.np_forward, node.arg, inputs))
    root = graph.root
    root_slot = slot.get(root)

    def fn(xs: np.ndarray) -> np.ndarray:
        xs = np.asarray(xs, dtype=float)
        if root_slot is None:
            return np.full(xs.shape, float(root.data))
        arrays = [xs]
        with np.errstate(all="ignore"):
            for forward, arg, inputs in plan:
                arrays.append(forward([arrays[c] if type(c) is int else c.data for c in inputs], arg))
        ys = np.array(np.broadcast_to(arrays[root_slot], xs.shape), dtype=float)
        ys[~np.isfinite(ys)] = np.nan
        return ys

    return fn
