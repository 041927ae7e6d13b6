"""Which nodes each call made: the groups a big graph is drawn with.

While the walker evaluates a call of a function of the text, or runs a network
on an input, every node it makes is recorded in the innermost open
:class:`~explorer.lang.records.Group` (the walker's ``_new`` does it). Networks
are run neuron by neuron here, as ``MLP.__call__`` and ``Layer.__call__`` do, so
that each neuron and each layer is a group of its own inside the network's.
"""

from __future__ import annotations

import ast

from ..engine import Value
from ..engine.nn import MLP, Layer, Module, Neuron
from .records import Group

__all__ = ["open_group", "close_group", "run_network", "call_text"]

_NAME = 24  # longest call text used as a group's name


def open_group(walker, kind: str, name: str) -> int:
    """Start recording the nodes ``walker`` makes into a new group; its index."""
    groups: list[Group] = walker.groups
    parent = walker.open_groups[-1] if walker.open_groups else None
    groups.append(Group(kind, name, parent=parent))
    walker.open_groups.append(len(groups) - 1)
    return len(groups) - 1


def close_group(walker, index: int, outputs) -> None:
    """Stop recording into group ``index``; ``outputs`` are what the call gave back.
    Its nodes belong to the group it is inside too."""
    walker.open_groups.pop()
    group = walker.groups[index]
    group.outputs = [v for v in outputs if isinstance(v, Value)]
    if group.parent is not None:
        walker.groups[group.parent].members.extend(group.members)


def call_text(node: ast.AST) -> str:
    """The call as written (``n(x)``, ``f(a, b)``), shortened to fit a box."""
    text = ast.unparse(node)
    return text if len(text) <= _NAME else text[:_NAME - 1] + "…"


def run_network(walker, model: Module, x: list, node: ast.AST):
    """``model(x)`` (the engine's own arithmetic), one group per neuron and per layer,
    inside one group for the whole call."""
    if isinstance(model, Neuron):
        return _neuron(walker, model, x, node)
    if isinstance(model, Layer):
        return _layer(walker, model, x, node)
    assert isinstance(model, MLP)
    index = open_group(walker, "network", call_text(node))
    out = None
    try:
        for layer in model.layers:  # as MLP.__call__
            out = _layer(walker, layer, x, node)
            x = [out] if isinstance(out, Value) else out
    finally:
        close_group(walker, index, x)
    return x[0] if len(x) == 1 else x


def _layer(walker, layer: Layer, x: list, node: ast.AST):
    name = layer.neurons[0].b.label.rsplit(".", 2)[0] if layer.neurons else "layer"
    index = open_group(walker, "layer", name)
    outs: list = []
    try:
        outs = [_neuron(walker, n, x, node) for n in layer.neurons]
    finally:
        close_group(walker, index, outs)
    return outs[0] if len(outs) == 1 else outs  # as Layer.__call__


def _neuron(walker, neuron: Neuron, x: list, node: ast.AST) -> Value:
    index = open_group(walker, "neuron", neuron.b.label.rsplit(".", 1)[0])
    walker.groups[index].weights = neuron.parameters()
    out = None
    try:
        out = neuron(x)
        walker._adopt([out], node)  # its new nodes, recorded into this group
    finally:
        close_group(walker, index, [out])
    return out
