"""Numerical gradient check: the lecture's ``lol()`` done for every leaf at once.

For each leaf, nudge it by ``+h`` and ``-h``, re-run the graph forward, and
compare the central difference ``(L(x+h) - L(x-h)) / 2h`` with the grad backprop
gave. Uses the re-runnable Graph, so nothing is rebuilt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import EngineError
from .graph import Graph
from .value import Value

__all__ = ["gradcheck", "GradCheck"]


@dataclass(frozen=True)
class GradCheck:
    """One leaf's result: backprop's grad beside the finite-difference estimate."""

    label: str
    analytic: float
    numerical: float
    abs_error: float
    rel_error: float
    ok: bool


def gradcheck(root: Value | Graph, h: float = 1e-6, *, tol: float = 1e-4,
              leaves: list[Value] | None = None) -> list[GradCheck]:
    """Compare backprop with central differences for every leaf (or ``leaves``).

    ``rel_error = |analytic - numerical| / max(1, |analytic|, |numerical|)``,
    so tiny grads are compared absolutely and large ones relatively. The graph's
    values are left as they were; its grads hold one fresh backward pass."""
    h = float(h)
    if not (h > 0 and math.isfinite(h)):
        raise EngineError(f"The step h must be a positive number, got {h:g}.")
    graph = root if isinstance(root, Graph) else Graph(root)
    graph.forward()
    graph.backward()
    results = []
    for i, leaf in enumerate(leaves if leaves is not None else graph.leaves):
        analytic = leaf.grad
        original = leaf.data
        try:
            leaf.data = original + h
            up = graph.forward()
            leaf.data = original - h
            down = graph.forward()
        finally:
            leaf.data = original
        numerical = (up - down) / (2 * h)
        err = abs(analytic - numerical)
        scale = max(1.0, abs(analytic), abs(numerical))
        rel = err / scale if math.isfinite(err) else math.inf
        results.append(GradCheck(leaf.label or f"leaf {i}", analytic, numerical, err, rel, rel <= tol))
    # Put values and grads back exactly as a single backward pass leaves them.
    graph.forward()
    graph.backward()
    return results
