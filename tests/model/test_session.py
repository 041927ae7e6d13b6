"""The Session: the window's document model, driven without a window."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import EngineError
from explorer.errors import ExplorerError
from explorer.model.session import L_EXAMPLE, NEURON_EXAMPLE, REUSE_EXAMPLE, Session


def events_of(session: Session) -> list[str]:
    """The names of the signals a session emits, in order."""
    seen: list[str] = []
    for signal in session.events:
        signal.connect(lambda _value, name=signal.name: seen.append(name))
    return seen


def test_a_new_session_opens_the_lectures_neuron():
    session = Session()

    assert session.text == NEURON_EXAMPLE and math.isclose(session.output.data, 0.70710678, abs_tol=1e-8)


def test_grads_are_not_computed_until_backward():
    session = Session(L_EXAMPLE)

    assert not session.has_grads


def test_backward_gives_the_lectures_grads():
    session = Session(L_EXAMPLE)

    session.backward()

    assert session.graph.grads() == {"a": 6.0, "b": -4.0, "c": -2.0, "e": -2.0, "d": -2.0, "f": 4.0, "L": 1.0}


def test_one_ascent_step_of_0_01_gives_the_lectures_L():
    session = Session(L_EXAMPLE)
    session.set_settings(lr=0.01, ascent=True)

    session.step()

    assert math.isclose(session.output.data, -7.286496, abs_tol=1e-9)


def test_the_step_history_starts_before_the_first_step():
    session = Session(L_EXAMPLE)
    session.set_settings(ascent=True, steps_per_click=3)

    session.step()

    assert len(session.history) == 4 and session.history[0] == -8.0


def test_backward_twice_accumulates_and_says_why():
    session = Session(L_EXAMPLE)
    session.backward()
    session.backward()

    assert session.accumulated and "without Zero grad" in session.accumulation_message


def test_zero_grad_then_backward_gives_the_true_grads_again():
    session = Session(L_EXAMPLE)
    session.backward()
    session.backward()
    session.zero_grad()

    session.backward()

    assert session.graph.node("a").grad == 6.0 and not session.accumulated


def test_a_value_used_twice_gets_both_contributions():
    session = Session(REUSE_EXAMPLE)

    session.backward()

    assert session.graph.node("a").grad == 2.0


def test_a_parse_error_keeps_the_last_good_graph_and_the_text():
    session = Session(L_EXAMPLE)
    good = session.graph
    broken = L_EXAMPLE + "M = L *\n"

    session.set_text(broken)

    assert session.graph is good and session.text == broken and session.stale


def test_the_error_has_the_span_to_underline():
    session = Session(L_EXAMPLE)

    session.set_text("a = 2\nb = a *\n")

    assert session.error.line == 2 and 0 <= session.error.start <= len(session.text)


def test_fixing_the_error_clears_it():
    session = Session(L_EXAMPLE)
    session.set_text("a = 2\nb = a *\n")

    session.set_text(L_EXAMPLE)

    assert session.error is None and not session.stale


def test_set_leaf_rewrites_the_number_in_the_text():
    session = Session(L_EXAMPLE)

    session.set_leaf("a", 3.0)

    assert "a = Value(3.0, label='a')" in session.text and session.output.data == -2.0


def test_set_leaf_of_an_unknown_name_is_an_explorer_error():
    session = Session(L_EXAMPLE)

    with pytest.raises(EngineError, match="not a leaf"):
        session.set_leaf("zz", 1.0)


def test_set_leaf_refuses_infinity():
    session = Session(L_EXAMPLE)

    with pytest.raises(EngineError, match="finite"):
        session.set_leaf("a", float("inf"))


def test_auto_backward_keeps_grads_fresh_after_an_edit():
    session = Session(L_EXAMPLE)
    session.set_settings(auto_backward=True)

    session.set_leaf("a", 3.0)

    assert session.has_grads and session.graph.node("b").grad == -6.0


def test_without_auto_backward_an_edit_shows_grads_as_not_computed():
    session = Session(L_EXAMPLE)
    session.backward()

    session.set_leaf("a", 3.0)

    assert not session.has_grads


def test_with_auto_forward_off_a_leaf_change_waits_for_forward():
    session = Session(L_EXAMPLE)
    session.set_settings(auto_forward=False)

    session.set_leaf("a", 3.0, write_text=False)

    assert session.output.data == -8.0 and session.values_stale


def test_forward_brings_stale_values_up_to_date():
    session = Session(L_EXAMPLE)
    session.set_settings(auto_forward=False)
    session.set_leaf("a", 3.0, write_text=False)

    session.forward()

    assert session.output.data == -2.0 and not session.values_stale


def test_a_comment_typed_after_steps_keeps_the_stepped_values():
    session = Session(L_EXAMPLE)
    session.set_settings(ascent=True)
    session.step()

    session.set_text("# my notes\n" + L_EXAMPLE)

    assert math.isclose(session.output.data, -7.286496, abs_tol=1e-9)


def test_reset_values_puts_the_texts_numbers_back():
    session = Session(L_EXAMPLE)
    session.set_settings(ascent=True)
    session.step()

    session.reset_values()

    assert session.output.data == -8.0 and session.history == []


def test_a_new_expression_clears_the_old_history():
    session = Session(L_EXAMPLE)
    session.step()

    session.set_text(REUSE_EXAMPLE)

    assert session.history == []


def test_selection_follows_the_cursor_in_the_text():
    session = Session(L_EXAMPLE)

    session.select_at(session.text.index("e = a*b"))

    assert session.selection is session.graph.node("e")


def test_selection_survives_an_edit_of_a_number():
    session = Session(L_EXAMPLE)
    session.select(session.graph.node("d"))

    session.set_leaf("c", 11.0)

    assert session.selection is session.graph.node("d")


def test_gradcheck_agrees_on_the_neuron():
    session = Session(NEURON_EXAMPLE)

    results = session.gradcheck(1e-6)

    assert results and all(r.ok for r in results)


def test_step_through_takes_one_node_per_call():
    session = Session(L_EXAMPLE)
    session.step_through("backward")

    step = session.step_through("backward")

    assert step.node.label == "d" and session.stepper.position == 2


def test_finishing_a_step_through_gives_backwards_grads():
    session = Session(L_EXAMPLE)
    session.step_through("backward")

    session.finish_step_through()

    assert session.has_grads and session.graph.node("a").grad == 6.0


def test_step_through_writes_the_lectures_arithmetic():
    session = Session(L_EXAMPLE)

    lines = []
    for _ in range(3):
        lines += session.step_through("backward").lines

    assert "a.grad += b.data * e.grad  ->  0 + (-3) * (-2) = 6" in lines


def test_an_edit_ends_a_step_through():
    session = Session(L_EXAMPLE)
    session.step_through("backward")

    session.set_leaf("a", 1.0)

    assert session.stepper is None


def test_events_tell_the_window_what_to_redraw():
    session = Session(L_EXAMPLE)
    seen = events_of(session)

    session.backward()

    assert seen == ["values"]


def test_a_same_shaped_edit_says_so():
    session = Session(L_EXAMPLE)

    session.set_leaf("a", 5.0)

    assert session.same_shape


def test_bad_settings_are_explorer_errors():
    session = Session(L_EXAMPLE)

    with pytest.raises(EngineError):
        session.set_settings(lr=-1.0)


def test_auto_backward_turns_auto_forward_on():
    session = Session(L_EXAMPLE)
    session.set_settings(auto_forward=False)

    session.set_settings(auto_backward=True)

    assert session.auto_forward


def test_an_engine_error_after_a_step_is_reported_not_raised():
    session = Session("x = 0.5\ny = x.log()\n")
    session.set_settings(lr=10.0)

    session.step()  # log's input goes negative: no exception, an error to show

    assert isinstance(session.error, EngineError) and not session.stale


@given(st.text(max_size=60))
def test_any_text_keeps_the_text_and_never_raises(text):
    session = Session(L_EXAMPLE)

    session.set_text(text)

    assert session.text == text and (session.error is None or session.graph is not None)


def test_setting_a_leaf_while_the_text_has_an_error_keeps_every_character():
    session = Session("a = 2.0\nb = a * 3\n")
    broken = "a = 2.0\nb = a * 3\nc = b +"
    session.set_text(broken)

    with pytest.raises(ExplorerError, match="fix it first"):
        session.set_leaf("a", 5.0)
    assert session.text == broken


def test_a_replaced_text_is_freed_without_the_cyclic_collector():
    import gc
    import weakref

    session = Session("a = 2.0\nb = a*a + 1.0\n")
    session.name(session.graph.nodes[-1])  # the window names values (status line, inspector)
    old = weakref.ref(session.graph.nodes[0])
    gc.disable()  # (re-enabled below): reference counting alone must free the old graph
    try:
        session.set_text("c = 3.0\n")
        freed = old() is None
    finally:
        gc.enable()

    assert freed
