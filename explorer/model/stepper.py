"""Step through backprop (or the forward pass) one node at a time.

The lecture does backprop by hand before it automates it: set ``L.grad = 1``, then
for each node, from the output back, push its grad to its inputs times the local
derivative. A :class:`Stepper` does exactly that, one node per :meth:`Stepper.next`,
on the real graph, and says what it did with the numbers filled in::

    a.grad += b.data * e.grad  ->  0 + (-3) * (-2) = 6

It reads the op table for both the formula text and the number (through
:mod:`explorer.explain`), so it never has derivative maths of its own. When it
has walked every node the graph holds exactly what ``Graph.backward()`` gives.

Qt-free: the window shows the steps, tests check them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..engine import EngineError, Graph, Value
from ..engine.numbers import format_number
from ..engine.value import recompute
from .explain import Namer, expression_text, factor, local_derivatives, make_namer

__all__ = ["Stepper", "Step", "Kind"]

Kind = Literal["backward", "forward"]


@dataclass(frozen=True)
class Step:
    """What one click did."""

    index: int  # 0-based position in the walk
    kind: Kind
    node: Value  # the node being processed
    edges: list[tuple[Value, Value]]  # (input, output): where gradient (or data) flowed
    lines: list[str] = field(default_factory=list)  # the arithmetic, one line per input
    title: str = ""  # one line saying what this step is


class Stepper:
    """A walk over ``graph``, one node per :meth:`next`.

    ``kind='backward'``: grads are zeroed, the root's grad is set to 1 (the first
    step), then each non-leaf node in reverse topological order passes its grad to
    its inputs. ``kind='forward'``: each non-leaf node in topological order is
    recomputed from its inputs. Leaves have nothing to do and are not steps."""

    def __init__(self, graph: Graph, kind: Kind = "backward", name: Namer | None = None):
        if kind not in ("backward", "forward"):
            raise EngineError(f"A step-through goes 'backward' or 'forward', not {kind!r}.")
        self.graph = graph
        self.kind: Kind = kind
        self.name: Namer = name or make_namer(code=True)
        ops = [v for v in graph.nodes if v.op is not None]
        if kind == "backward":
            # The root first (its grad is seeded with 1), then every op node from
            # the output back; a leaf root is a one-step walk.
            self._order: list[Value] = [graph.root, *[v for v in reversed(ops) if v is not graph.root]]
        else:
            self._order = ops
        self.position = 0  # how many steps have been taken
        self.steps: list[Step] = []
        #: Part-way through backprop: the nodes a gradient has reached so far (the
        #: others still hold the 0 the walk started from, which is not their grad).
        self.reached: set[Value] = set()
        self._started = False

    # -- reading -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._order)

    @property
    def done(self) -> bool:
        return self.position >= self.total

    @property
    def current(self) -> Step | None:
        """The step taken last (what the window highlights)."""
        return self.steps[-1] if self.steps else None

    @property
    def upcoming(self) -> Value | None:
        """The node the next step will process."""
        return None if self.done else self._order[self.position]

    # -- walking -----------------------------------------------------------------------

    def next(self) -> Step | None:
        """Take one step; None when the walk is over."""
        if self.done:
            return None
        if not self._started:
            self._start()
        node = self._order[self.position]
        step = self._backward_step(node) if self.kind == "backward" else self._forward_step(node)
        self.steps.append(step)
        self.position += 1
        if self.done:
            self._finish()
        return step

    def run_to_end(self) -> None:
        while self.next() is not None:
            pass

    def _start(self) -> None:
        self._started = True
        if self.kind == "backward":
            # A fresh pass, as the lecture does it by hand: every grad starts at 0.
            self.graph.zero_grad()
        else:
            # New data makes the old grads meaningless ("grad —" until Backward).
            self.graph.backward_passes = 0

    def _finish(self) -> None:
        if self.kind == "backward":
            # The same state Graph.backward() leaves: one pass of grads.
            self.graph.backward_passes = 1

    def _backward_step(self, node: Value) -> Step:
        name = self.name
        me = name(node)
        index = self.position
        if index == 0:
            node.grad = 1.0
            self.reached.add(node)
            lines = [f"{me}.grad = 1  ->  d{me}/d{me} = 1: the output's grad with respect to itself"]
            if node.op is None:
                return Step(index, "backward", node, [], lines, f"Seed the output: {me}.grad = 1")
            lines += self._push_grads(node)
            return Step(index, "backward", node, self._edges(node), lines,
                        f"Seed {me}.grad = 1, then pass it to {self._inputs(node)}")
        lines = self._push_grads(node)
        return Step(index, "backward", node, self._edges(node), lines,
                    f"{me} passes its grad to {self._inputs(node)}")

    def _push_grads(self, node: Value) -> list[str]:
        """``child.grad += local * node.grad`` for every input, with the numbers."""
        name = self.name
        me = name(node)
        g = node.grad
        lines = []
        for d in local_derivatives(node, name, suffix=".data"):
            child = d.input
            old = child.grad
            child.grad = old + d.value * g
            self.reached.add(child)
            local = d.named if _simple(d.named) else f"({d.named})"
            lines.append(
                f"{name(child)}.grad += {local} * {me}.grad  ->  "
                f"{format_number(old)} + {factor(d.value)} * {factor(g)} = {format_number(child.grad)}"
            )
        return lines

    def _forward_step(self, node: Value) -> Step:
        name = self.name
        recompute(node)  # the tape's own forward step; an EngineError names the node
        symbolic = expression_text(node, name, suffix=".data")
        numbers = expression_text(node, lambda v: factor(v.data))
        line = f"{name(node)}.data = {symbolic}  ->  {numbers} = {format_number(node.data)}"
        return Step(self.position, "forward", node, self._edges(node), [line],
                    f"Compute {name(node)} from {self._inputs(node)}")

    @staticmethod
    def _edges(node: Value) -> list[tuple[Value, Value]]:
        return [(child, node) for child in node.children]

    def _inputs(self, node: Value) -> str:
        names = list(dict.fromkeys(self.name(c) for c in node.children))
        if len(names) > 4:
            return f"{', '.join(names[:3])} and {len(names) - 3} more"
        return " and ".join(names) if len(names) <= 2 else f"{', '.join(names[:-1])} and {names[-1]}"


def _simple(expr: str) -> bool:
    """One name or one number needs no brackets in a product."""
    try:
        float(expr)
        return True
    except ValueError:
        pass
    return all(ch.isalnum() or ch in "._" for ch in expr)
