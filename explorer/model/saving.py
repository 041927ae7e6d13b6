"""What Save keeps of a session, and how an opened file is shown in one.

:func:`snapshot` reads a :class:`~explorer.model.session.Session` into a
:class:`~explorer.model.document.SessionDocument` (the ``.gexp`` file's
content); :func:`apply_document` makes a session show one. The file format and
its defensive reader are in :mod:`explorer.model.document`.
"""

from __future__ import annotations

import math
import os

from .document import SessionDocument
from .session import Session
from .training_lab import SavedLab

__all__ = ["snapshot", "apply_document"]


def snapshot(session: Session, *, training: SavedLab | None = None) -> SessionDocument:
    """What ``session`` would save: its text, the leaves' current values (which
    gradient steps may have moved away from the numbers in the text), settings and
    history."""
    values: dict[str, float] = {}
    parameters: list[str] | None = None
    graph = session.graph
    program = session.program
    if graph is not None and program is not None and not session.stale:
        by_name = graph.by_name
        for name in program.leaves:
            node = by_name.get(name)
            if node is not None and math.isfinite(node.data):
                values[name] = node.data
        name_of = {id(node): name for name, node in by_name.items()}
        named = [name_of.get(id(p)) for p in graph.parameters]
        if all(named):
            parameters = [n for n in named if n]
    model = graph.model if graph is not None else None
    weights = None
    if model is not None and not session.stale:
        # The network's weights are no names of the text: trained (or stepped) ones are kept in order.
        weights = [p.data for p in model.parameters()]
        if not all(map(math.isfinite, weights)):
            weights = None
    x0 = session.x0
    return SessionDocument(
        text=session.text,
        values=values,
        parameters=parameters,
        lr=session.lr,
        ascent=session.ascent,
        steps_per_click=session.steps_per_click,
        auto_forward=session.auto_forward,
        auto_backward=session.auto_backward,
        plot_var=session.plot_var,
        x0=x0 if x0 is None or math.isfinite(x0) else None,
        h=session.h,
        x_range=session.x_range,
        history=list(session.history),
        training=training,
        weights=weights,
    )


def apply_document(session: Session, doc: SessionDocument, *, path: str | os.PathLike[str] | None = None,
                   dirty: bool = False) -> None:
    """Make ``session`` show ``doc``: text, leaf values, settings, history.

    The text is set first (its own numbers); then the saved leaf values move the
    leaves where the steps had left them, without rewriting the text, exactly
    as they were when saved. Leaves the text no longer has are skipped."""
    session.set_text(doc.text)
    session.set_settings(
        lr=doc.lr, ascent=doc.ascent, steps_per_click=doc.steps_per_click,
        auto_forward=doc.auto_forward, auto_backward=doc.auto_backward,
        plot_var=doc.plot_var, h=doc.h, x_range=doc.x_range)
    values = dict(doc.values)
    if doc.x0 is not None and doc.plot_var is not None:
        # x0 is where the tangent touches: the plotted leaf's value.
        values.setdefault(doc.plot_var, doc.x0)
    session.restore_values(values, doc.parameters, backward=doc.auto_backward, weights=doc.weights)
    session.set_history(doc.history)
    session.path = None if path is None else str(path)
    session.modified = dirty
