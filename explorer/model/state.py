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
        return _key(self) == _key(other)


def _key(state: SessionState) -> tuple:
    def bits(xs: tuple[float, ...]) -> tuple:
        return tuple(repr(x) for x in xs)

    return (state.text, state.graph_text, bits(state.data), bits(state.grads), state.backward_passes,
            state.parameters, state.values_stale, str(state.error) if state.error else None,
            bits(state.history), state.settings)


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
