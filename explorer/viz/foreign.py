"""Draw values of other micrograd-like classes: the lecture's own ``Value``, micrograd's.

Anything with ``data``, ``grad``, ``_prev`` (its inputs) and ``_op`` (the op's text,
'' for a leaf) can be drawn: :func:`mirror` copies its graph into engine Values that
show the same numbers, labels and op texts. The copy is a picture only: its ops are
never run (``Graph.forward`` on it would be meaningless), which is why only the
drawing code uses it.
"""

from __future__ import annotations

from ..engine import Graph, Value
from ..engine.ops import Op

__all__ = ["is_value_like", "mirror"]

_NEEDED = ("data", "grad", "_prev", "_op")


def is_value_like(obj) -> bool:
    """True for a micrograd-style value (not ours: ours is drawn directly)."""
    return not isinstance(obj, (Value, type)) and all(hasattr(obj, a) for a in _NEEDED)


def _not_run(*args, **kwargs):  # pragma: no cover - a drawn copy is never computed
    raise RuntimeError("a drawn copy of another class's value is never computed")


def _op(text: str, arity: int, cache: dict) -> Op:
    key = (text, arity)
    if key not in cache:
        symbol = text.replace("{", "{{").replace("}", "}}")
        cache[key] = Op(name=f"drawn:{text}", symbol=symbol, arity=arity, forward=_not_run,
                        np_forward=_not_run, local=_not_run, formulas=(), expression=text)
    return cache[key]


def _number(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def mirror(root) -> Graph:
    """A Graph of engine Values drawn like ``root``'s graph (same data, grads,
    labels and op texts). Inputs are copied before the values made from them, without
    recursion, so a long chain is fine."""
    copies: dict[int, Value] = {}
    keep = []  # the originals, so their ids stay unique while we work
    ops: dict = {}
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        key = id(node)
        if key in copies:
            continue
        children = list(node._prev)
        if not ready:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in copies)
            continue
        text = str(node._op or "")
        kids = tuple(copies[id(c)] for c in children)
        op = _op(text, len(kids), ops) if kids or text else None
        copy = Value(_number(node.data), kids if op is not None else (), op,
                     label=str(getattr(node, "label", "") or ""))
        copy.grad = _number(node.grad)
        copies[key] = copy
        keep.append(node)
    graph = Graph(copies[id(root)])
    graph.backward_passes = 1  # grads are shown as they are, 0.0000 included, like the lecture
    return graph
