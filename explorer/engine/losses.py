"""The losses a network can be trained with, written with Values as in the lecture.

* ``"sse"`` — the lecture's ``sum((yout - ygt)**2 for ...)``,
* ``"mse"`` — the same divided by the number of samples,
* ``"hinge"`` — micrograd's demo: the max-margin loss ``relu(1 - y*score)``,
  averaged over the samples, so a point counts until it is on the right side of the
  boundary with a margin of 1.

Any of them can add micrograd's L2 regularisation, ``alpha * sum(p*p for p in
parameters)``, which keeps the weights small.

Each loss is split into what one sample contributes (:func:`sample_term`) and how
the samples' terms are combined (:func:`batch_weight`: summed, or averaged), so
that the same per-sample graph can run for a whole batch at once
(:mod:`explorer.engine.batched`). :func:`total_loss` builds the whole thing with
the scalar engine, one graph copy per sample, exactly as micrograd's demo does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .errors import EngineError
from .value import Value, as_value, dot, sum_values

__all__ = ["LOSSES", "LOSS_TITLES", "Loss", "sample_term", "batch_weight", "l2_penalty", "total_loss"]

Loss = Literal["sse", "mse", "hinge"]
LOSSES: tuple[str, ...] = ("sse", "mse", "hinge")
LOSS_TITLES = {
    "sse": "Squared error, summed (the lecture's)",
    "mse": "Squared error, averaged",
    "hinge": "Max-margin hinge (micrograd's demo)",
}


def _check(loss: str) -> None:
    if loss not in LOSSES:
        raise EngineError(f"Unknown loss '{loss}': use one of {', '.join(LOSSES)}.")


def sample_term(loss: Loss, score: Value, target: Value | float) -> Value:
    """What one sample adds to the loss: ``(score - y)**2`` or ``relu(1 + -y*score)``."""
    _check(loss)
    if loss == "hinge":
        return (1 + -as_value(target) * score).relu()
    return (score - as_value(target)) ** 2


def batch_weight(loss: Loss, n: int) -> float:
    """What each sample's term is multiplied by: 1 for a sum, 1/n for a mean."""
    _check(loss)
    return 1.0 if loss == "sse" else 1.0 / n


def l2_penalty(parameters: Sequence[Value], alpha: float) -> Value:
    """micrograd's regularisation: ``alpha * sum(p*p for p in parameters)``, its sum
    of squares as one ``dot`` node (p·p + 0) rather than a product node per weight."""
    params = list(parameters)
    return alpha * dot(params, params, 0.0)


def total_loss(loss: Loss, scores: Sequence[Value], targets: Sequence[float],
               parameters: Sequence[Value] = (), alpha: float = 0.0) -> Value:
    """The whole loss over a batch, one graph copy per sample (the scalar engine's
    way): the combined terms, plus the penalty when ``alpha`` is not 0."""
    if len(scores) != len(targets):
        raise EngineError(f"There are {len(scores)} outputs but {len(targets)} targets; they must match.")
    terms = [sample_term(loss, s, y) for s, y in zip(scores, targets)]
    data = sum_values(terms)
    if loss != "sse":
        data = data * (1.0 / len(terms))
    return data + l2_penalty(parameters, alpha) if alpha else data
