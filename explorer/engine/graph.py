"""``Graph``: a computation recorded once and re-run as often as you like.

Building Values runs the arithmetic once. A Graph keeps the nodes in topological
order (a tape) so that after a leaf changes, ``forward()`` recomputes every
non-leaf from its op, ``backward()`` runs the chain rule again, and ``step(lr)``
moves the parameters — all without building a single new node. The window relies
on this: dragging a slider re-runs the tape, it never rebuilds the graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import EngineError
from .value import Value, backprop, recompute, topological_order

__all__ = ["Graph"]


class Graph:
    """The tape of every value ``root`` depends on.

    ``parameters``: the leaves a gradient step moves. By default the leaves marked
    ``param=True`` (an MLP's weights), or every leaf when none is marked (the
    lecture nudges all of a, b, c, f)."""

    def __init__(self, root: Value, parameters: Iterable[Value] | None = None):
        if not isinstance(root, Value):
            raise EngineError(f"A Graph is built from a Value, not {type(root).__name__}.")
        self.root = root
        self.nodes: list[Value] = topological_order(root)
        self.leaves: list[Value] = [v for v in self.nodes if v.op is None]
        # Only the non-leaves are recomputed by forward(), in tape order.
        self._ops: list[Value] = [v for v in self.nodes if v.op is not None]
        if parameters is None:
            marked = [v for v in self.leaves if v.param]
            self.parameters: list[Value] = marked or list(self.leaves)
        else:
            self.parameters = list(parameters)
        # Whether grads hold the result of a backward pass since the last change
        # (the window shows "grad —" otherwise) and how many passes have
        # accumulated into them (2 means the lecture's forgot-to-zero bug).
        self.backward_passes = 0

    def __len__(self) -> int:
        return len(self.nodes)

    def __repr__(self) -> str:
        return f"<Graph {len(self.nodes)} nodes, root={self.root!r}>"

    # -- running ---------------------------------------------------------------------

    def forward(self) -> float:
        """Recompute every non-leaf from its inputs; return the root's data.

        Grads are no longer valid afterwards (they belong to the old values)."""
        for node in self._ops:
            recompute(node)
        self.backward_passes = 0
        return self.root.data

    def backward(self, *, accumulate: bool = False) -> None:
        """Run the chain rule from the root: every node's grad becomes d root / d node.

        With ``accumulate=True`` the old grads are kept and added to, which is
        what ``Value.backward()`` does when you forget to zero the grads."""
        if not accumulate:
            self.zero_grad()
        # d root / d root = 1, set rather than added, exactly as micrograd does:
        # a second pass without zeroing doubles every other grad, not the root's.
        self.root.grad = 1.0
        backprop(self.nodes)
        self.backward_passes += 1

    def zero_grad(self) -> None:
        for node in self.nodes:
            node.grad = 0.0
        self.backward_passes = 0

    def step(self, lr: float, *, ascent: bool = False) -> None:
        """Move every parameter along its gradient: down (descent, the default,
        to lower a loss) or up (``ascent=True``, as the lecture nudges L up)."""
        lr = _number("learning rate", lr)
        delta = lr if ascent else -lr
        for p in self.parameters:
            p.data += delta * p.grad

    # -- reading ---------------------------------------------------------------------

    @property
    def has_grads(self) -> bool:
        """True when the grads come from a backward pass over the current values."""
        return self.backward_passes > 0

    @property
    def nonfinite(self) -> list[Value]:
        """Nodes whose data overflowed to inf or became nan (flagged in the UI)."""
        return [v for v in self.nodes if not v.finite]

    def values(self) -> dict[str, float]:
        """Data of every labelled node, by label."""
        return {v.label: v.data for v in self.nodes if v.label}

    def grads(self) -> dict[str, float]:
        """Grad of every labelled node, by label."""
        return {v.label: v.grad for v in self.nodes if v.label}

    def node(self, label: str) -> Value:
        """The node labelled ``label``."""
        for v in self.nodes:
            if v.label == label:
                return v
        raise EngineError(f"No node is labelled '{label}'.")

    def shape(self) -> tuple:
        """Everything a drawing of the graph depends on (ops, constants, labels,
        wiring), not the numbers: equal shapes can reuse one layout."""
        index = {v: i for i, v in enumerate(self.nodes)}
        return tuple((v.op.name if v.op is not None else "", v.arg, v.label, tuple(index[c] for c in v._prev))
                     for v in self.nodes)

    def edges(self) -> list[tuple[Value, Value]]:
        """(input, output) pairs, once per use (``a + a`` gives two)."""
        return [(child, v) for v in self._ops for child in v._prev]


def _number(what: str, x) -> float:
    """``x`` as a finite float, or an EngineError naming ``what`` (never ValueError)."""
    if isinstance(x, bool):
        raise EngineError(f"The {what} must be a number, not {x!r}.")
    try:
        value = float(x)
    except (TypeError, ValueError, OverflowError):
        raise EngineError(f"The {what} must be a number, not {x!r}.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise EngineError(f"The {what} must be a finite number, not {x!r}.")
    return value
