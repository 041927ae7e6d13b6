"""Numerical gradient check: the lecture's ``lol()`` done for every leaf at once.

For each leaf, nudge it by ``+s`` and ``-s``, re-run the graph forward, and
compare the central difference ``(L(x+s) - L(x-s)) / 2s`` with the grad backprop
gave. The nudge ``s`` is ``h`` relative to the leaf's size (``h`` times ``|x|``, at
least ``h``) and never turns a non-zero leaf into 0: the lecture's ``h = 0.000001``
is itself a leaf of its slope cell, and a nudge of exactly 1e-6 would divide by zero.

Re-running the whole graph once per nudge costs leaves × nodes: minutes on a
graph of 12,000 nodes. Instead, every nudge of a batch of leaves is one column of
a numpy array, and the tape is replayed once per batch with each op's
``np_forward`` (:class:`explorer.engine.vectorise.Replay`, the plot's replay too),
only over the nodes that depend on a leaf of the batch. The graph's own values
are never touched, so nothing needs restoring, even when a nudged value has no
result (log of a negative number): that estimate is nan and the leaf is reported
as not matching.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import EngineError
from .graph import Graph, _number
from .value import Value
from .vectorise import Replay

__all__ = ["gradcheck", "GradCheck", "checkable_leaves", "nudge"]

# Leaves nudged together: 2 columns each. Bounds the memory of one replay to
# about nodes × 2 × BATCH floats.
BATCH = 256


@dataclass(frozen=True)
class GradCheck:
    """One leaf's result: backprop's grad beside the finite-difference estimate."""

    label: str
    analytic: float
    numerical: float
    abs_error: float
    rel_error: float
    ok: bool


def checkable_leaves(graph: Graph) -> list[Value]:
    """The leaves a user can change: parameters and named inputs, not the constants
    written inside expressions (the 2 of ``a*2``). Every leaf when none is either."""
    chosen = [v for v in graph.leaves if v.param or v.label]
    return chosen or list(graph.leaves)


def nudge(x: float, h: float) -> float:
    """How far to move a leaf holding ``x``: ``h`` times its size (``h`` for sizes
    up to 1); half of ``|x|`` when that would land exactly on 0 (``h = 0.000001``
    nudged by 1e-6), so a non-zero leaf never becomes 0."""
    step = h * max(abs(x), 1.0)
    if x != 0 and (x - step == 0 or x + step == 0):
        step = abs(x) / 2
    return step


def gradcheck(root: Value | Graph, h: float = 1e-6, *, tol: float = 1e-4,
              leaves: list[Value] | None = None) -> list[GradCheck]:
    """Compare backprop with central differences for the leaves a user can change
    (:func:`checkable_leaves`), or for ``leaves``.

    ``rel_error = |analytic - numerical| / max(1, |analytic|, |numerical|)``,
    so tiny grads are compared absolutely and large ones relatively. The graph's
    values are left as they were; its grads hold one fresh backward pass."""
    h = _number("step h", h)
    if not h > 0:
        raise EngineError(f"The step h must be a positive number, got {h:g}.")
    tol = _number("tolerance", tol)
    if tol < 0:
        raise EngineError(f"The tolerance must be at least 0, got {tol:g}.")
    graph = root if isinstance(root, Graph) else Graph(root)
    graph.forward()
    graph.backward()
    chosen = checkable_leaves(graph) if leaves is None else list(leaves)
    for leaf in chosen:
        if not isinstance(leaf, Value) or leaf.op is not None:
            raise EngineError("gradcheck can only nudge leaves (values no op computed).")
    numerical: list[float] = []
    for start in range(0, len(chosen), BATCH):
        numerical.extend(_estimates(graph, chosen[start:start + BATCH], h))
    results = []
    for leaf, estimate in zip(chosen, numerical):
        analytic = leaf.grad
        err = abs(analytic - estimate)
        scale = max(1.0, abs(analytic), abs(estimate))
        rel = err / scale if math.isfinite(err) else math.inf
        # A constant (the 3 of 3*x) has no label: it is called by its value.
        results.append(GradCheck(leaf.label or f"{leaf.data:g}", analytic, estimate, err, rel, rel <= tol))
    return results


def _estimates(graph: Graph, batch: list[Value], h: float) -> list[float]:
    """Central differences for each leaf of ``batch``: column 2k holds the graph
    with leaf k at x + h, column 2k + 1 with it at x - h (every other leaf as is)."""
    width = 2 * len(batch)
    columns: dict[Value, np.ndarray] = {}
    steps = np.array([nudge(leaf.data, h) for leaf in batch])
    for k, leaf in enumerate(batch):
        column = columns.get(leaf)
        if column is None:
            column = columns[leaf] = np.full(width, leaf.data)
        column[2 * k] = leaf.data + steps[k]
        column[2 * k + 1] = leaf.data - steps[k]
    out = Replay(graph, list(columns))([*columns.values()])
    if out is None:  # the output does not depend on these leaves
        return [0.0] * len(batch)
    up, down = out[0::2], out[1::2]
    return [float(x) for x in (up - down) / (2 * steps)]
