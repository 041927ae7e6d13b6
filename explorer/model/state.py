"""A session's state as one value: what Undo goes back to, exactly.

:func:`capture` reads everything a user can change in a
:class:`~explorer.model.session.Session` into a frozen :class:`SessionState`;
:func:`restore` makes the session show that state again, value by value. A
command (see :mod:`explorer.model.commands`) keeps the state before and after
it ran, so Undo and Redo only ever return to states that really existed — never
a mix of an old text with newer stepped values.

The graph is not copied: the text it was built from is, and building is
deterministic, so the same text gives the same nodes in the same order; the
numbers are then put back node by node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import ExplorerError
from .session import Session

__all__ = ["SessionState", "capture", "restore"]


@dataclass(frozen=True)
class SessionState:
    text: str  # what the editor holds (may have an error)
    graph_text: str  # the text the shown graph was built from (the last that built)
    data: tuple[float, ...]  # every node's data, in the graph's order
    grads: tuple[float, ...]
    backward_passes: int
    parameters: tuple[int, ...]  # positions of the leaves a step moves
    values_stale: bool
    error: ExplorerError | None  # an engine error (a step into log(-1)); text errors re-derive
    history: tuple[float, ...]
    settings: tuple[tuple[str, Any], ...]

    def same_numbers(self, other: SessionState) -> bool:
        """True when ``other`` shows exactly what this state shows (nan equals nan)."""
        return (self.text == other.text and self.graph_text == other.graph_text
                and self.backward_passes == other.backward_passes and self.parameters == other.parameters
                and self.values_stale == other.values_stale and self.settings == other.settings
                and _error_text(self.error) == _error_text(other.error)
                and _same_values(self.data, other.data) and _same_values(self.grads, other.grads)
                and _same_values(self.history, other.history))


def _error_text(error: ExplorerError | None) -> str | None:
    return str(error) if error else None


def _same_values(xs: tuple[float, ...], ys: tuple[float, ...]) -> bool:
    """Equal as their reprs are (nan equals nan; 0.0 is not -0.0, nor 2 2.0), without
    writing them out: a slider drag asks this at every push to the session."""
    if len(xs) != len(ys):
        return False
    for x, y in zip(xs, ys):
        if x == y:
            if type(x) is not type(y) or (x == 0 and math.copysign(1.0, x) != math.copysign(1.0, y)):
                return False
        elif not (x != x and y != y):  # unequal, unless both are nan
            return False
    return True


def capture(session: Session) -> SessionState:
    graph = session.graph
    nodes = graph.nodes if graph is not None else []
    position = {id(node): i for i, node in enumerate(nodes)}
    engine_error = session.error if session.error is not None and not session.stale else None
    return SessionState(
        text=session.text,
        graph_text=session.graph_text,
        data=tuple(node.data for node in nodes),
        grads=tuple(node.grad for node in nodes),
        backward_passes=graph.backward_passes if graph is not None else 0,
        parameters=tuple(position[id(p)] for p in graph.parameters) if graph is not None else (),
        values_stale=session.values_stale,
        error=engine_error,
        history=tuple(session.history),
        settings=tuple((name, getattr(session, name)) for name in Session.SETTINGS),
    )


def restore(session: Session, state: SessionState) -> None:
    """Make ``session`` show ``state``: text, graph, every number, settings, history."""
    if session.graph is None or session.graph_text != state.graph_text:
        session.set_text(state.graph_text)
    if session.text != state.text:
        session.set_text(state.text)  # fails again, keeping the graph
    # Settings first, set as fields: set_settings would re-run forward or backward.
    for name, value in state.settings:
        setattr(session, name, value)
    graph = session.graph
    if graph is not None and len(graph.nodes) == len(state.data):
        for node, data, grad in zip(graph.nodes, state.data, state.grads):
            node.data = data
            node.grad = grad
        graph.backward_passes = state.backward_passes
        graph.parameters = [graph.nodes[i] for i in state.parameters]
    session.restore_shown(values_stale=state.values_stale, error=state.error, history=state.history)
