"""Text and graph never disagree: values written back into the text read back the same,
and the plot's numpy function agrees with the graph."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.lang import ProgramError, parse
from tests.lecture import NEURON_TEXT

from .test_basics import PLAIN_L

NEURON = NEURON_TEXT

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


def test_with_values_writes_the_shortest_number_that_reads_back():
    text = parse(PLAIN_L).with_values({"a": 2.5, "f": 0.1 + 0.2})
    assert "a = 2.5;" in text and "f = 0.30000000000000004" in text


def test_with_values_rewrites_a_fraction_as_one_number():
    assert parse("x = 2/3\ny = x*x").with_values({"x": 0.5}) == "x = 0.5\ny = x*x"


def test_with_values_rewrites_the_number_inside_value():
    assert parse(NEURON).with_values({"b": -1.0}).splitlines()[4] == "b = Value(-1.0, label='b')"


def test_with_values_rewrites_the_point_of_a_function_call():
    assert parse("f(x) = x**2\nf(3.0)").with_values({"x": -2.0}) == "f(x) = x**2\nf(-2.0)"


@given(a=finite, b=finite, f=finite)
def test_with_values_round_trips_any_finite_values(a, b, f):
    program = parse(PLAIN_L)
    again = parse(program.with_values({"a": a, "b": b, "f": f}))
    assert [again.leaves[k].value for k in "abf"] == [a, b, f]


@given(value=finite)
def test_with_values_round_trips_through_value_calls(value):
    again = parse(parse(NEURON).with_values({"w1": value}))
    assert again.leaves["w1"].value == value and again.leaves["w1"].label == "w1"


def test_with_values_leaves_the_rest_of_the_text_alone():
    program = parse(PLAIN_L)
    assert program.with_values({}) == PLAIN_L


@pytest.mark.parametrize("values, words", [
    ({"zz": 1.0}, "no leaf named 'zz'"), ({"a": math.nan}, "finite"), ({"a": math.inf}, "finite"),
    ({"a": "two"}, "needs a number"),
])
def test_with_values_refuses_what_cannot_be_written(values, words):
    with pytest.raises(ProgramError) as info:
        parse(PLAIN_L).with_values(values)
    assert words in str(info.value)


@pytest.mark.parametrize("text, var", [
    (PLAIN_L, "a"), (PLAIN_L, "f"), (NEURON, "w1"), (NEURON, "b"), ("f(x) = 3*x**2 - 4*x + 5", "x"),
    ("a = 2.0\nb = 3.0\nc = exp(a) / (1 + sigmoid(b*a)) - relu(a - b) + a**b + 2**a", "a"),
    ("a = 2.0\nb = 3.0\nc = exp(a) / (1 + sigmoid(b*a)) - relu(a - b) + a**b + 2**a", "b"),
])
def test_function_of_matches_the_graph_at_sample_points(text, var):
    program = parse(text)
    curve = program.function_of(var)
    xs = np.linspace(0.25, 4.0, 7)
    expected = [parse(program.with_values({var: float(x)})).build().root.data for x in xs]
    assert np.allclose(curve(xs), expected, rtol=1e-12, atol=1e-12)


@given(x=st.floats(-50, 50))
def test_function_of_agrees_with_the_graph_for_the_neuron(x):
    program = parse(NEURON)
    graph = program.build()
    graph.by_name["w1"].data = x
    assert program.function_of("w1")(np.array([x]))[0] == pytest.approx(graph.forward(), rel=1e-12, abs=1e-12)


def test_function_of_gives_nan_where_the_maths_is_undefined_and_never_raises():
    curve = parse("a = 2.0\nb = log(a) + 1/a + a**0.5").function_of("a")
    with np.errstate(all="raise"):  # warnings would raise here; function_of must silence them
        ys = curve(np.array([-1.0, 0.0, 4.0]))
    assert np.isnan(ys[0]) and not np.isfinite(ys[1]) and ys[2] == pytest.approx(math.log(4) + 0.25 + 2)


def test_function_of_a_leaf_the_output_does_not_use_is_flat():
    curve = parse("h = 0.001\na = 2.0\nb = a*a").function_of("h")
    assert list(curve(np.array([1.0, 2.0]))) == [4.0, 4.0]


def test_function_of_keeps_other_leaves_at_the_text_values_even_after_the_graph_changes():
    program = parse(PLAIN_L)
    graph = program.build()
    graph.by_name["b"].data = 100.0
    assert program.function_of("a")(np.array([2.0]))[0] == -8.0


def test_function_of_an_unknown_leaf_is_a_program_error():
    with pytest.raises(ProgramError):
        parse(PLAIN_L).function_of("q")


def test_function_of_accepts_a_plain_number():
    assert float(parse("f(x) = 3*x**2 - 4*x + 5").function_of("x")(3.0)) == 20.0
