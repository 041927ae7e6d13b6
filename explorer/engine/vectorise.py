"""The tape replayed on numpy arrays: one pass computes many values of the output.

Given a graph and some of its leaves, :class:`Replay` runs the part of the tape
that depends on those leaves with arrays in their place, each node with its op's
``np_forward`` from the op table (the same entries the engine runs on floats). Two
readers, one replay:

* :func:`vectorise` - the output as a numpy function of one leaf: the curve the plot
  draws (10,000 points cost a few numpy calls per node, not 10,000 forward passes);
* :func:`explorer.engine.gradcheck.gradcheck` - every nudge of a batch of leaves as
  one column, so checking 12,000 leaves is a handful of replays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .graph import Graph
from .value import Value

__all__ = ["Replay", "vectorise"]


class Replay:
    """The nodes of ``graph`` downstream of ``leaves``, in tape order, ready to run
    on arrays. Every other node contributes its current ``data``, read at each call,
    so a replay follows the graph when other leaves change."""

    def __init__(self, graph: Graph, leaves: Sequence[Value]):
        leaves = list(dict.fromkeys(leaves))  # a leaf named twice is fed once
        slot: dict[Value, int] = {leaf: i for i, leaf in enumerate(leaves)}
        steps: list[tuple[Callable, float | None, tuple]] = []
        last_reader: dict[int, int] = {}  # slot -> the step that reads it last
        for node in graph.nodes:
            if node.op is None or not any(c in slot for c in node.children):
                continue
            # An input is an array computed earlier (its slot number) or a node
            # whose data is read when the replay runs.
            inputs = tuple(slot[c] if c in slot else c for c in node.children)
            for i in inputs:
                if type(i) is int:
                    last_reader[i] = len(steps)
            slot[node] = len(leaves) + len(steps)
            steps.append((node.op.np_forward, node.arg, inputs))
        self.leaves = leaves
        self._steps = steps
        self._root = slot.get(graph.root)
        # Arrays no later step reads are dropped as the replay goes (a big graph
        # replayed on wide arrays would otherwise hold all of them at once).
        self._drop_after: list[list[int]] = [[] for _ in steps]
        for i, step in last_reader.items():
            if i != self._root:
                self._drop_after[step].append(i)

    @property
    def depends(self) -> bool:
        """Whether the output depends on the leaves at all."""
        return self._root is not None

    def __call__(self, arrays: Sequence[np.ndarray]) -> np.ndarray | None:
        """The output with ``arrays[i]`` in place of ``leaves[i]`` (None when the
        output does not depend on them). NaN or inf where the maths is undefined,
        never an exception or a numpy warning."""
        if self._root is None:
            return None
        values: list = [np.asarray(a, dtype=float) for a in arrays]
        with np.errstate(all="ignore"):
            for k, (forward, arg, inputs) in enumerate(self._steps):
                values.append(forward([values[i] if type(i) is int else i.data for i in inputs], arg))
                for i in self._drop_after[k]:
                    values[i] = None
        return values[self._root]


def vectorise(graph: Graph, leaf: Value | None) -> Callable[[np.ndarray], np.ndarray]:
    """The graph's output as a numpy function of ``leaf``: ``ys = fn(xs)``.

    ``fn`` takes an array (or a single number) and gives an array of the same
    shape, NaN where the maths is undefined (log of a negative, 0/0, overflow).
    Other leaves are read when ``fn`` is called. A leaf the output does not depend
    on (or ``None``) gives a flat function."""
    replay = Replay(graph, [leaf] if leaf is not None else [])
    root = graph.root

    def fn(xs: np.ndarray) -> np.ndarray:
        xs = np.asarray(xs, dtype=float)
        out = replay([xs])
        if out is None:
            return np.full(xs.shape, float(root.data))
        ys = np.array(np.broadcast_to(out, xs.shape), dtype=float)
        ys[~np.isfinite(ys)] = np.nan
        return ys

    return fn
