"""The lecture's backprop by hand in the window: grads set in the text are shown with
a ✓, or a ✗ and backprop's number, in the graph's boxes and in the inspector."""

import pytest

from explorer.model.session import L_EXAMPLE, Session

MANUAL = L_EXAMPLE + "\nL.grad = 1.0\nf.grad = 4.0\na.grad = 5.0\n"


def shown_grads(window) -> dict[str, str]:
    """Each box's grad field without the word 'grad': '4.0000 ✓'."""
    return {item.label_text: " ".join(item.grad_text.split()[1:]) for item in window.graph_view.value_items()}


@pytest.fixture
def window(make_gui, qtbot):
    win = make_gui(Session(MANUAL)).window
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.graph_view.is_busy, timeout=10000)
    return win


def test_the_boxes_mark_each_grad_set_by_hand(window):
    grads = shown_grads(window)
    assert (grads["L"], grads["f"], grads["a"], grads["b"]) == ("1.0000 ✓", "4.0000 ✓", "5.0000 ✗ 6.0000",
                                                                 "0.0000")


def test_the_inspector_says_what_backprop_gives(window):
    window.inspector_dock.raise_()
    window.graph_view.nodeClicked.emit(window.session.graph.by_name["a"])
    assert window.inspector.grad.text() == "grad  5   ✗ backprop says 6"


def test_after_backward_a_mark_stays_only_where_the_box_still_shows_the_learners_number(window):
    window.actions["zero_grad"].trigger()
    window.actions["backward"].trigger()
    grads = shown_grads(window)
    assert (grads["a"], grads["f"]) == ("6.0000", "4.0000 ✓")
