"""The lecture's backprop by hand, made checkable.

A text that sets grads itself (``L.grad = 1.0``, ``f.grad = 4.0``, ``x1.grad =
w1.data * x1w1.grad``) records them as the learner's own
(:attr:`ProgramGraph.learner_grads`). :func:`check_learner_grads` compares each
with the grad backprop gives for the graph's output, without touching the grads
the graph shows: ✓ when they agree, ✗ with the right number when they do not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Value
from ..engine.value import backprop

__all__ = ["GradMark", "check_learner_grads"]


@dataclass(frozen=True)
class GradMark:
    """One grad set by hand beside the one backprop computes."""

    yours: float
    backprop: float
    ok: bool

    @property
    def sign(self) -> str:
        return "✓" if self.ok else "✗"

    def __str__(self) -> str:
        return "✓" if self.ok else f"✗ (backprop: {self.backprop:.6g})"


def check_learner_grads(graph, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> dict[Value, GradMark]:
    """``{node: GradMark}`` for every node of ``graph`` whose grad the text set by
    hand, compared with d output / d node. The graph's grads are left as they are."""
    learner = getattr(graph, "learner_grads", None)
    if not learner:
        return {}
    nodes = graph.nodes
    saved = [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        graph.root.grad = 1.0
        backprop(nodes)
        truth = {v: v.grad for v in learner}
    finally:
        for v, g in zip(nodes, saved):
            v.grad = g
    return {v: GradMark(yours, truth[v], _agree(yours, truth[v], rel_tol, abs_tol))
            for v, yours in learner.items()}


def _agree(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
