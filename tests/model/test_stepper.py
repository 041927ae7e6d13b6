"""Step-through of backprop and forward, and the chain-rule explanations (no Qt, no parser)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import EngineError, Graph, Value
from explorer.model.explain import chain_rule_text, forward_text, local_derivatives, make_namer
from explorer.model.stepper import Stepper
from tests.lecture import L_root


def lecture_l() -> Graph:
    """The lecture's first graph: L = (a*b + c) * f."""
    return Graph(L_root())


def lecture_neuron() -> Graph:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return Graph(o)


def all_lines(stepper: Stepper) -> list[str]:
    lines = []
    while (step := stepper.next()) is not None:
        lines += step.lines
    return lines


def test_backward_step_through_writes_the_lectures_arithmetic():
    lines = all_lines(Stepper(lecture_l()))

    assert "a.grad += b.data * e.grad  ->  0 + (-3) * (-2) = 6" in lines


def test_the_first_step_seeds_the_output_with_one():
    step = Stepper(lecture_l()).next()

    assert step.lines[0].startswith("L.grad = 1")


def test_steps_go_from_the_output_back_one_node_at_a_time():
    graph = lecture_l()
    stepper = Stepper(graph)

    order = [stepper.next().node.label for _ in range(stepper.total)]

    assert order == ["L", "d", "e"]


def test_each_step_highlights_the_edges_its_gradient_flows_along():
    graph = lecture_l()
    stepper = Stepper(graph)
    stepper.next()

    step = stepper.next()  # d passes its grad to e and c

    assert {(src.label, dst.label) for src, dst in step.edges} == {("e", "d"), ("c", "d")}


def test_grads_part_way_through_show_only_what_has_been_passed_back():
    graph = lecture_l()
    stepper = Stepper(graph)
    stepper.next()
    stepper.next()

    assert graph.node("a").grad == 0.0 and graph.node("e").grad == -2.0


def test_a_finished_walk_leaves_the_same_grads_as_backward():
    stepped, reference = lecture_neuron(), lecture_neuron()
    reference.backward()

    Stepper(stepped).run_to_end()

    assert stepped.grads() == reference.grads() and stepped.has_grads


def test_a_value_used_twice_receives_both_contributions_in_turn():
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"

    lines = all_lines(Stepper(Graph(b)))

    assert lines[-2:] == [
        "a.grad += 1 * b.grad  ->  0 + 1 * 1 = 1",
        "a.grad += 1 * b.grad  ->  1 + 1 * 1 = 2",
    ]


def test_tanh_step_uses_the_op_tables_formula():
    graph = lecture_neuron()

    lines = all_lines(Stepper(graph))

    assert "n.grad += (1 - tanh(n.data)^2) * o.grad  ->  0 + 0.5 * 1 = 0.5" in lines


def test_forward_step_through_recomputes_each_node_with_its_numbers():
    graph = lecture_l()
    graph.node("a").data = 3.0

    lines = all_lines(Stepper(graph, "forward"))

    assert lines == [
        "e.data = a.data * b.data  ->  3 * (-3) = -9",
        "d.data = e.data + c.data  ->  (-9) + 10 = 1",
        "L.data = d.data * f.data  ->  1 * (-2) = -2",
    ]


def test_forward_step_through_marks_grads_as_not_computed():
    graph = lecture_l()
    graph.backward()

    Stepper(graph, "forward").next()

    assert not graph.has_grads


def test_forward_step_into_a_domain_error_names_the_node():
    x = Value(2.0, label="x")
    z = x.log()
    z.label = "z"
    graph = Graph(z)
    x.data = -1.0

    with pytest.raises(EngineError, match="z"):
        Stepper(graph, "forward").next()


def test_an_unknown_direction_is_an_explorer_error():
    with pytest.raises(EngineError):
        Stepper(lecture_l(), "sideways")


def test_a_leaf_output_is_a_one_step_walk():
    graph = Graph(Value(4.0, label="x"))
    stepper = Stepper(graph)

    stepper.run_to_end()

    assert stepper.total == 1 and graph.root.grad == 1.0


def test_unnamed_nodes_are_named_by_their_expression():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b) * 2.0
    L.label = "L"

    lines = all_lines(Stepper(Graph(L)))

    assert "a.grad += b.data * (a*b).grad  ->  0 + (-3) * 2 = -6" in lines


# -- explanations for the inspector ------------------------------------------------------


def test_chain_rule_text_fills_in_the_numbers():
    graph = lecture_l()
    graph.backward()

    text = chain_rule_text(graph, graph.node("a"), make_namer())

    assert text == "grad(a) = grad(e) * b = (-2) * (-3) = 6"


def test_chain_rule_text_sums_every_use_of_a_node():
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    graph = Graph(b)
    graph.backward()

    text = chain_rule_text(graph, a, make_namer())

    assert text == "grad(a) = grad(b) * 1 + grad(b) * 1 = 1 * 1 + 1 * 1 = 2"


def test_local_derivatives_come_from_the_op_table_with_names_and_numbers():
    graph = lecture_l()
    e = graph.node("e")

    texts = [d.text("e", d.input.label) for d in local_derivatives(e, make_namer())]

    assert texts == ["de/da = b = -3", "de/db = a = 2"]


def test_forward_text_shows_how_a_value_was_computed():
    graph = lecture_l()

    assert forward_text(graph.node("d"), make_namer()) == "d = e + c = (-6) + 10 = 4"


@given(st.floats(-50, 50, allow_nan=False), st.floats(-50, 50, allow_nan=False),
       st.floats(-50, 50, allow_nan=False))
def test_chain_rule_terms_add_up_to_the_grad_backward_gives(x, y, z):
    a, b, c = Value(x, label="a"), Value(y, label="b"), Value(z, label="c")
    out = (a * b + a * c).tanh() + a * a
    out.label = "out"
    graph = Graph(out)
    graph.backward()

    text = chain_rule_text(graph, a, make_namer())

    assert math.isclose(float(text.rsplit("= ", 1)[1]), a.grad, rel_tol=1e-5, abs_tol=1e-5)


def test_backward_step_through_knows_which_grads_it_has_reached():
    graph = lecture_l()
    stepper = Stepper(graph)
    stepper.next()  # L seeds its grad and passes it to d and f
    assert {v.label for v in stepper.reached} == {"L", "d", "f"}


def test_a_long_unnamed_expression_is_shortened_never_an_internal_id():
    xs = [Value(float(i), label=f"input{i}") for i in range(6)]
    out = (xs[0] * xs[1] + xs[2] * xs[3] + xs[4] * xs[5]).tanh()
    assert make_namer()(out) == "(tanh(…))"


def test_a_constant_written_as_a_number_reads_as_that_number_in_the_code():
    # "(a*b).grad += 2.data * L.grad" was no Python: a bare 2 has no .data.
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b) * 2.0 - 3.0
    L.label = "L"

    lines = all_lines(Stepper(Graph(L)))

    assert "(a*b).grad += 2 * (a*b*2).grad  ->  0 + 2 * 1 = 2" in lines
    assert not any("2.data" in line or "3.data" in line for line in lines)
