"""What a text trains, for the Training lab: its network, its data and its loss.

The loss is read from the graph the text built, not from how the text spells it,
so ``sum((yout - ygt)**2 for ...)`` written inline, micrograd's ``def loss():``
with its batching and accuracy, or a loop of one's own all give the same answer.
It is one of the losses the lab trains with (:mod:`explorer.engine.losses`):

* ``"sse"``: ``Σ (score - y)**2`` (the lecture), ``"mse"``: that times ``1/n``;
* ``"hinge"``: ``Σ relu(1 + -y*score) * (1/n)`` (micrograd's demo);

each optionally plus micrograd's L2 term ``alpha * Σ p*p`` over every parameter.
Each ``score`` must be the network's output for one input; the inputs it was
called with and the ``y`` of each term are the dataset, in the loss's order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..engine import Value
from ..engine.nn import MLP

__all__ = ["Dataset", "TrainingSetup", "LossKind", "recognise_loss"]

LossKind = Literal["sse", "mse", "hinge"]


class Dataset(NamedTuple):
    """The inputs and targets a network is trained on (plain numbers)."""

    xs: list[list[float]]
    ys: list[float]


@dataclass(frozen=True)
class TrainingSetup:
    """``Program.training``: everything the Training lab needs to train what the text
    trains, with the same loss — so the lab's step 0 shows the text's loss value."""

    model: MLP
    dataset: Dataset  # the inputs the network was called on in the loss, and each term's target
    loss: LossKind
    alpha: float  # micrograd's L2 coefficient (0.0: no L2 term)
    loss_name: str | None  # the loss's name in the text ('total_loss')
    loss_value: float  # its value in the text, with the weights the text gives


def _is(v: Value, name: str) -> bool:
    return v.op is not None and v.op.name == name


def _constant(v: Value, params: set) -> float | None:
    return v.data if v.op is None and v not in params else None


def _split_constant(v: Value, params: set) -> tuple[float, Value] | None:
    """``c * x`` or ``x * c`` (a ``mul`` with one constant input): (c, x)."""
    if not _is(v, "mul"):
        return None
    a, b = v.children
    if _constant(a, params) is not None:
        return a.data, b
    if _constant(b, params) is not None:
        return b.data, a
    return None


def _l2(v: Value, params: set) -> float | None:
    """alpha if ``v`` is ``alpha * Σ p*p`` over every parameter once, else None."""
    found = _split_constant(v, params)
    if found is None or not _is(found[1], "sum"):
        return None
    alpha, total = found
    squared = []
    for term in total.children:
        if _is(term, "mul") and term.children[0] is term.children[1]:
            squared.append(term.children[0])
        elif _is(term, "pow") and term.arg == 2.0:
            squared.append(term.children[0])
        else:
            return None
    return alpha if len(squared) == len(params) and set(squared) == params else None


def _hinge(term: Value, params: set, scores: dict) -> tuple[Value, float] | None:
    """``relu(1 + -y*score)`` (or ``relu(1 - y*score)``): (score, y)."""
    if not _is(term, "relu"):
        return None
    inner = term.children[0]
    if _is(inner, "add"):
        a, b = inner.children
        one, product = (a, b) if _constant(a, params) is not None else (b, a)
        sign = -1.0
    elif _is(inner, "sub"):
        one, product = inner.children
        sign = 1.0
    else:
        return None
    if _constant(one, params) != 1.0:
        return None
    found = _split_constant(product, params)
    if found is None or found[1] not in scores:
        return None
    return found[1], sign * found[0]


def _squared_error(term: Value, params: set, scores: dict) -> tuple[Value, float] | None:
    """``(score - y)**2`` or ``(y - score)**2``: (score, y)."""
    if not (_is(term, "pow") and term.arg == 2.0 and _is(term.children[0], "sub")):
        return None
    a, b = term.children[0].children
    if a in scores and _constant(b, params) is not None:
        return a, b.data
    if b in scores and _constant(a, params) is not None:
        return b, a.data
    return None


def recognise_loss(root: Value, model: MLP, scores: dict) -> tuple[LossKind, float, Dataset] | None:
    """(loss, alpha, dataset) if ``root`` is one of the lab's losses of ``model``'s
    outputs (``scores``: output Value -> the input numbers it was computed from)."""
    params = set(model.parameters())
    data, alpha = root, 0.0
    if _is(root, "add"):
        for mine, other in (root.children, reversed(root.children)):
            found = _l2(other, params)
            if found is not None:
                data, alpha = mine, found
                break
    mean = False
    scaled = _split_constant(data, params)
    if scaled is not None and _is(scaled[1], "sum"):
        factor, data = scaled
        mean = math.isclose(factor, 1.0 / len(data.children), rel_tol=1e-12)
        if not mean:
            return None
    elif _is(data, "div") and _is(data.children[0], "sum"):
        n = _constant(data.children[1], params)
        data = data.children[0]
        mean = n == len(data.children)
        if not mean:
            return None
    if not _is(data, "sum") or not data.children:
        return None
    for kind, read in (("hinge", _hinge), ("sse", _squared_error)):
        pairs = [read(term, params, scores) for term in data.children]
        if all(p is not None for p in pairs):
            if kind == "hinge" and not mean:
                return None  # the lab's hinge loss is the mean, as micrograd's demo's
            loss: LossKind = "mse" if kind == "sse" and mean else kind  # type: ignore[assignment]
            return loss, alpha, Dataset([list(scores[s]) for s, _ in pairs], [y for _, y in pairs])
    return None
