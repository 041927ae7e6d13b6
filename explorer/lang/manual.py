"""The lecture's backprop by hand, made checkable.

A text that sets grads itself (``L.grad = 1.0``, ``f.grad = 4.0``, ``x1.grad =
w1.data * x1w1.grad``) records them as the learner's own
(:attr:`ProgramGraph.learner_grads`). :func:`check_learner_grads` compares each
with the grad backprop gives, without touching the grads the graph shows: ✓ when
they agree, ✗ with the right number when they do not.

Backprop's number is taken where the learner's line stands (:class:`TruthAtLine`):
d output / d node with the values of that moment, the output being the value the
text was building then (``L`` of the lecture's ``L.grad = 1.0 ... a.grad = 6.0``).
The lecture's next cell nudges the leaves and builds a new ``L``; the grads by
hand were right for the ``L`` they were worked out for, and stay ✓.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import EngineError, Value
from ..engine.numbers import format_number
from ..engine.value import backprop, topological_order

__all__ = ["GradMark", "TruthAtLine", "check_learner_grads", "grads_of"]


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
        return "✓" if self.ok else f"✗ (backprop: {format_number(self.backprop)})"


def grads_of(root: Value) -> dict[Value, float]:
    """d root / d v for every v below ``root``, worked out aside: the grads the
    values hold are left as they are. Raises EngineError where backprop cannot."""
    nodes = topological_order(root)
    saved = [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        root.grad = 1.0
        backprop(nodes)
        return {v: v.grad for v in nodes}
    finally:
        for v, g in zip(nodes, saved):
            v.grad = g


class TruthAtLine:
    """Backprop's grad for each grad the text sets by hand, where its line stands.

    The learner's backprop starts from a value (``L.grad = 1.0``) and goes down;
    a grad set by hand with none set above it starts one (a top): ``L.grad = 1.0``
    starts it at ``L``; any other number starts it midway, in the backprop of the
    output the text is building at that line. Each later grad set below a top is
    checked against d start / d node. Grads are worked out once per start and kept
    until a value changes (``values_changed``)."""

    # Tops looked at for each line: a text setting thousands of unrelated grads by
    # hand is checked against its latest tops and the output only.
    MAX_TOPS = 64

    def __init__(self) -> None:
        self.truth: dict[Value, float] = {}
        self._tops: list[Value] = []
        self._ref: dict[Value, Value] = {}  # top -> the value its backprop by hand starts from
        self._cache: dict[Value, dict[Value, float] | None] = {}

    def values_changed(self) -> None:
        self._cache.clear()

    def _grads(self, root: Value) -> dict[Value, float] | None:
        if root not in self._cache:
            try:
                self._cache[root] = grads_of(root)
            except EngineError:
                self._cache[root] = None
        return self._cache[root]

    def record(self, node: Value, output: Value | None, yours: float) -> None:
        """``node``'s grad was just set by hand to ``yours``; ``output`` is the value
        being built at this line."""
        above = [(len(g), top) for top in self._tops[-self.MAX_TOPS:] if top is not node
                 and (g := self._grads(top)) is not None and node in g]
        if above:
            ref = self._ref[max(above, key=lambda pair: pair[0])[1]]
            grads = self._grads(ref)
            if grads is not None and node in grads:
                self.truth[node] = grads[node]
            return
        # The start of a backprop by hand: L.grad = 1.0 starts it at L (the grads set
        # below are d L / d node); a grad set midway (x1w1.grad = 0.5) is part of the
        # backprop of the output being built.
        g = self._grads(output) if output is not None and output is not node and yours != 1.0 else None
        below_output = g is not None and node in g
        self._ref[node] = output if below_output else node
        self.truth[node] = g[node] if below_output else 1.0
        mine = self._grads(node) or {}
        self._tops = [t for t in self._tops if t not in mine] + [node]


def check_learner_grads(graph, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> dict[Value, GradMark]:
    """``{node: GradMark}`` for every node of ``graph`` whose grad the text set by
    hand, compared with backprop's where the line stands (``graph.learner_truth``);
    once a value has changed since the text was read (a Step, a value typed in),
    with d output / d node now. The graph's grads are left as they are."""
    learner = getattr(graph, "learner_grads", None)
    if not learner:
        return {}
    recorded = getattr(graph, "learner_truth", {})
    if all(v in recorded for v in learner) and graph.data_as_built():
        return {v: GradMark(yours, recorded[v], _agree(yours, recorded[v], rel_tol, abs_tol))
                for v, yours in learner.items()}
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
