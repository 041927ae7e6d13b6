"""Done when: the lecture's notebooks, pasted cell by cell as one growing text, are
never refused, and every name holds what Python holds after the same cells — or a
note on the line that set it says why not (a loop or a function body that is not run).

Python runs the same cells against stand-ins (``notebook_compare``); the app only
reads them."""

import pytest

from . import lecture_notebooks as nb
from . import seed_cells as seeds
from .notebook_compare import paste_and_compare

# The demo's training loop runs 100 steps in Python and its last cell scores a fine
# mesh; one step and a coarse mesh are enough to compare (the app skips both anyway)
# and keep the test quick.
DEMO = [cell.replace("range(100)", "range(1)").replace("h = 0.25", "h = 1.0") for cell in nb.DEMO]


def _seed_notebook(k: str) -> list[str]:
    return [text for name, text in vars(seeds).items() if name.startswith(f"S{k}_")]


# name -> what each notebook's last cell may leave unmatched, each explained by a note
NOTEBOOKS = {
    "first half": (nb.FIRST_HALF, {"topo", "xs", "ys"}),
    "second half": (nb.SECOND_HALF, set()),
    "micrograd demo": (DEMO, {"Xmesh", "inputs", "scores", "x_max", "x_min", "xx", "y_max", "y_min", "yy"}),
    "micrograd trace_graph": (nb.TRACE_GRAPH, set()),
    # The two halves in one document, as a learner following the whole video pastes them.
    "whole lecture": (nb.FIRST_HALF + nb.SECOND_HALF, {"topo"}),
    "whole lecture, demo and trace_graph": (nb.FIRST_HALF + nb.SECOND_HALF + DEMO + nb.TRACE_GRAPH,
                                            {"topo", "Xmesh", "inputs", "scores", "x_max", "x_min", "xx",
                                             "y_max", "y_min", "yy"}),
    **{f"notes {k}": (_seed_notebook(k), {"xs", "ys"} if k != "2" else {"xs"}) for k in "01234"},
}


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_every_cell_is_understood_or_skipped_with_a_note_and_nothing_diverges_silently(name):
    cells, expected_noted = NOTEBOOKS[name]
    outcomes = paste_and_compare(cells, seed=0)
    refused = {o.index: o.refused for o in outcomes if o.refused}
    silent = {o.index: o.silent for o in outcomes if o.silent}
    assert (refused, silent) == ({}, {})
    assert set(outcomes[-1].noted) == expected_noted
    assert outcomes[-1].compared >= 10 or name in ("micrograd trace_graph", "notes 0")


def test_the_harness_sees_a_divergence_when_the_app_gets_a_grad_wrong(monkeypatch):
    # The comparison can fail: with _backward() doing nothing, x1's grad differs.
    import explorer.lang.effects as effects

    monkeypatch.setattr(effects, "backprop", lambda topo: None)
    outcomes = paste_and_compare(nb.FIRST_HALF, seed=0)
    assert "x1" in outcomes[22].silent


def test_a_learners_own_cells_between_the_lectures_are_understood_and_agree_with_python():
    from .learner_cells import LEARNER

    outcomes = paste_and_compare(LEARNER, seed=0)
    refused = {o.index: o.refused for o in outcomes if o.refused}
    silent = {o.index: o.silent for o in outcomes if o.silent}
    assert (refused, silent) == ({}, {})
    assert [o.index for o in outcomes if o.python_error] == []
    assert set(outcomes[-1].noted) == set() and outcomes[-1].compared >= 20
