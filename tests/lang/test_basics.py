"""The lecture's first graph, typed as plain math: values, grads, names, spans."""

import pytest

from explorer.lang import ParseError, parse

PLAIN_L = """a = 2.0; b = -3.0; c = 10.0
e = a*b
d = e + c
f = -2.0
L = d*f
"""


def test_plain_math_builds_the_lectures_L_graph():
    graph = parse(PLAIN_L).build()
    graph.backward()
    assert graph.grads() == {"a": 6.0, "b": -4.0, "c": -2.0, "e": -2.0, "d": -2.0, "f": 4.0, "L": 1.0}


def test_output_is_the_last_assigned_name():
    assert parse(PLAIN_L).output == "L"


def test_leaves_carry_their_number_and_its_span():
    program = parse(PLAIN_L)
    b = program.leaves["b"]
    assert (b.value, PLAIN_L[b.span.start:b.span.end]) == (-3.0, "-3.0")


def test_unknown_name_error_points_at_the_name_and_suggests_a_close_one():
    with pytest.raises(ParseError) as info:
        parse("a = 2.0\nb = 3.0\nc = q + a")
    assert str(info.value) == "line 3, col 5: unknown name 'q' — did you mean 'a'?"


TANH_THROUGH_EXP = """x1 = 2.0
x2 = 0.0
w1 = -3.0
w2 = 1.0
b = 6.8813735870195432
n = x1*w1 + x2*w2 + b
o = (exp(2*n) - 1) / (exp(2*n) + 1)
"""


def test_tanh_written_through_exp_gives_the_neurons_grads():
    graph = parse(TANH_THROUGH_EXP).build()
    graph.backward()
    grads = {name: round(graph.by_name[name].grad, 9) for name in ("n", "b", "x1", "w1", "x2", "w2")}
    assert grads == {"n": 0.5, "b": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}


def test_a_leaf_bound_to_a_fraction_holds_its_value():
    assert parse("x = 2/3").leaves["x"].value == 2 / 3


def test_constants_inside_expressions_are_not_parameters():
    graph = parse("a = 2.0\nb = 3*a + 1e-3").build()
    assert [v.label for v in graph.parameters] == ["a"]


def test_a_bare_expression_can_be_the_output_without_a_name():
    program = parse("a = 2.0\na * 3")
    assert (program.output, program.empty, program.build().root.data) == (None, False, 6.0)


def test_text_with_only_comments_is_empty():
    assert parse("# nothing yet\n").empty
