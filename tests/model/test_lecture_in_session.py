"""The lecture pasted cell by cell into the window's document model, as a learner
does: each cell added to the editor's text is one ``Session.set_text``, and after
each one every name the window shows holds what Python holds after the same
cells. A cell that keeps the graph's shape (``o.backward()``, ``o.grad = 1.0``,
``n._backward()``) must show the grads its lines give, not the ones shown before."""

import pytest

from explorer.lang import parse
from explorer.model.session import Session
from tests.lang.notebook_compare import paste_and_compare
from tests.lang.test_lecture_paste import NOTEBOOKS


def session_paste(session: Session):
    def paste(text: str):
        session.set_text(text)
        if session.error is not None:
            if parse(text).empty:  # only imports and the like so far: nothing to draw
                return None, None
            raise session.error
        return session.program, session.graph

    return paste


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_each_cell_pasted_into_the_window_shows_what_python_holds(name):
    cells, expected_noted = NOTEBOOKS[name]
    outcomes = paste_and_compare(cells, seed=0, paste=session_paste(Session("a = 1.0\nb = a * 2")))
    refused = {o.index: o.refused for o in outcomes if o.refused}
    silent = {o.index: o.silent for o in outcomes if o.silent}
    assert (refused, silent) == ({}, {})
    assert set(outcomes[-1].noted) == expected_noted


def test_a_learners_cells_pasted_into_the_window_show_what_python_holds():
    from tests.lang.learner_cells import LEARNER

    outcomes = paste_and_compare(LEARNER, seed=0, paste=session_paste(Session("a = 1.0\nb = a * 2")))
    assert [(o.index, o.refused, o.silent) for o in outcomes if o.refused or o.silent] == []


CELLS = [
    "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\n"
    "e = a*b; e.label = 'e'\nd = e + c; d.label = 'd'\nf = Value(-2.0, label='f')\nL = d * f; L.label = 'L'",
    "L.grad = 1.0",
    "d.grad = -2.0\nf.grad = 4.0",
    "L.backward()",
    "L.backward()",
]


@pytest.mark.parametrize("auto_backward", [False, True])
def test_typing_a_number_keeps_the_texts_own_grads_as_python_would_give_them(auto_backward):
    # Editing 10.0 -> 11.0 keeps the shape; the grads are those of the text's lines
    # (grads set by hand, then two L.backward() calls adding up), not one fresh
    # backward pass of the output.
    session = Session("\n".join(CELLS))
    session.auto_backward = auto_backward
    edited = "\n".join(CELLS).replace("10.0", "11.0")
    [outcome] = paste_and_compare([edited], paste=session_paste(session))
    assert (outcome.refused, outcome.silent, outcome.compared) == (None, {}, 7)
    assert session.graph.by_name["a"].grad != 6.0  # what one backward pass would show


def test_backward_then_z_keeps_the_grads_of_the_value_backward_was_called_on_after_an_edit():
    text = CELLS[0] + "\nL.backward()\nz = L * 2"
    session = Session(text)
    session.set_text(text.replace("-2.0", "-3.0"))
    nodes = session.graph.by_name
    assert (nodes["L"].grad, nodes["z"].grad, nodes["a"].grad) == (1.0, 0.0, 9.0)


def test_a_backward_pressed_in_the_window_survives_an_edit_of_a_comment():
    session = Session(CELLS[0])
    session.backward()
    session.set_text(CELLS[0] + "\n# a comment")
    assert session.graph.by_name["a"].grad == 6.0


def test_a_step_taken_in_the_window_survives_an_edit_of_another_number():
    session = Session(CELLS[0] + "\nL.backward()")
    session.ascent = True
    session.step()
    a = session.graph.by_name["a"].data
    assert a != 2.0
    session.set_text((CELLS[0] + "\nL.backward()").replace("10.0", "11.0"))
    nodes = session.graph.by_name
    assert nodes["a"].data == a and nodes["c"].data == 11.0
    assert nodes["L"].data == pytest.approx((a * nodes["b"].data + 11.0) * nodes["f"].data)
