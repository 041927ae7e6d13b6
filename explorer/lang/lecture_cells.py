"""Which of the lecture's cells gives a name its value, for the message of an
unknown name.

A learner pastes one cell of the notebook (``draw_dot(L)``, ``o.backward()``)
without the cell before it that made ``L`` or ``o``; "unknown name 'L'" alone does
not say what to do. The names the lecture's notebooks (and micrograd's demo) give
values to are few and fixed, so the cell that makes each one is named, by its
first and its defining line, as the learner will see them in their notebook.
"""

from __future__ import annotations

__all__ = ["defining_cell"]

_L_CELL = "the cell that builds L (a = Value(2.0, label='a') … L = d * f)"
_NEURON_CELL = "the neuron's cell (x1 = Value(2.0, label='x1') … o = n.tanh())"
_DATA_CELL = "the cell xs = [[2.0, 3.0, -1.0], …]; ys = [1.0, -1.0, -1.0, 1.0]"
_TRAIN_CELL = "the training cell (ypred = [n(x) for x in xs]; loss = sum(…))"
_MOONS_CELL = "the demo's cell X, y = make_moons(n_samples=100, noise=0.1)"
_LOSS_CELL = "the demo's loss cell (def loss(batch_size=None): … total_loss, acc = loss())"

_CELLS: dict[str, str] = {
    **dict.fromkeys(("a", "c", "d", "e", "L"), _L_CELL),
    "f": f"{_L_CELL}, or def f(x): return 3*x**2 - 4*x + 5",
    "b": f"{_L_CELL}, or {_NEURON_CELL}",
    **dict.fromkeys(("x1", "x2", "w1", "w2", "x1w1", "x2w2", "x1w1x2w2", "o"), _NEURON_CELL),
    "n": f"{_NEURON_CELL}, or the cell n = MLP(3, [4, 4, 1])",
    "x": "the cell h = 0.000001; x = 2/3, or x = [2.0, 3.0, -1.0]; n = MLP(3, [4, 4, 1])",
    **dict.fromkeys(("xs", "ys"), _DATA_CELL),
    **dict.fromkeys(("ypred", "loss"), _TRAIN_CELL),
    **dict.fromkeys(("X", "y"), _MOONS_CELL),
    "model": "the demo's cell model = MLP(2, [16, 16, 1])",
    **dict.fromkeys(("total_loss", "acc"), _LOSS_CELL),
    "h": "the cell h = 0.000001; x = 2/3",
}


def defining_cell(name: str) -> str | None:
    """The lecture's cell that gives ``name`` its value, described; None for a name
    the lecture does not use."""
    return _CELLS.get(name)
