"""What a graph rebuilt from edited text keeps of the one before it.

An edit that keeps the graph's shape (a comment, one number) must not undo the
gradient steps taken so far, nor lose the selection: these functions match the
new graph's nodes to the old one's, place by place.
"""

from __future__ import annotations

from ..engine import Value
from ..lang import Program, ProgramGraph

__all__ = ["same_node", "carry_over", "copy_state"]


def same_node(old_value: Value | None, old: ProgramGraph | None, graph: ProgramGraph) -> Value | None:
    """The node in the new graph that the old selection was (same place in a
    same-shaped graph, else by name), if any."""
    if old_value is None:
        return None
    if old is not None and len(old.nodes) == len(graph.nodes):
        for a, b in zip(old.nodes, graph.nodes):
            if a is old_value:
                if a.label == b.label and (a.op is b.op):
                    return b
                break
    name = old_value.label
    return graph.by_name.get(name) if name else None


def carry_over(old_program: Program | None, old: ProgramGraph, program: Program,
               graph: ProgramGraph) -> tuple[bool, bool]:
    """Leaves of ``graph`` whose number is written the same in both texts take the
    value the old graph's leaf has now.

    Returns ``(changed, moved)``. ``changed``: some leaf now differs from the old
    graph's, so computed values must be recomputed. ``moved``: some leaf took a value
    the text does not say (a gradient step, a value typed in the inspector), so the
    new graph's computed values and grads no longer follow from the text alone;
    when nothing moved, the freshly built graph already holds what Python would
    after the text (its nudges, its ``L.backward()`` where it stands, its grads set
    by hand) and must be left as it is."""
    old_literals = {name: leaf.value for name, leaf in old_program.leaves.items()} if old_program else {}
    new_literals = {name: leaf.value for name, leaf in program.leaves.items()}
    changed = moved = False
    for a, b in zip(old.nodes, graph.nodes):
        if b.op is not None:
            continue
        name = graph.name_of(b)
        if name is not None and name in new_literals and old_literals.get(name) == new_literals[name]:
            moved = moved or b.data != a.data
            b.data = a.data
        if b.data != a.data:
            changed = True
    return changed, moved


def copy_state(old: ProgramGraph, new: ProgramGraph, *, grads: bool) -> None:
    """Give ``new``'s computed nodes the data (and grads) ``old`` shows; same shape."""
    for a, b in zip(old.nodes, new.nodes):
        if b.op is not None:
            b.data = a.data
        if grads:
            b.grad = a.grad
    if grads:
        new.backward_passes = old.backward_passes
