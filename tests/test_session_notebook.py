"""The window's session on pasted notebook code: it shows the grads the text's own
lines leave (backward where it stands, grads set by hand), as Python would."""

from explorer.model.session import Session
from tests.lang import seed_cells as s

TEXT = "a = Value(2.0, label='a')\nb = a * 3.0; b.label = 'b'\nb.backward()\nz = b * 2; z.label = 'z'"


def test_grads_set_by_hand_are_what_the_session_shows():
    session = Session(s.S1_L + s.S1_MANUAL_GRADS)
    assert session.has_grads and session.graph.grads() == {
        "a": 6.0, "b": -4.0, "c": -2.0, "e": -2.0, "d": -2.0, "f": 4.0, "L": 1.0}


def test_backward_in_the_text_is_not_redone_from_a_later_output():
    session = Session(TEXT)
    assert session.output.label == "z"
    assert session.graph.grads() == {"a": 3.0, "b": 1.0, "z": 0.0}


def test_pressing_backward_then_gives_the_grads_of_the_output():
    session = Session(TEXT)
    session.zero_grad()
    session.backward()
    assert session.graph.grads() == {"a": 6.0, "b": 2.0, "z": 1.0}
