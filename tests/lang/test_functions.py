"""A function of one variable, in every form the lecture and a learner write it."""

import numpy as np
import pytest

from explorer.lang import parse

FORMS = [
    "f(x) = 3*x**2 - 4*x + 5",
    "def f(x): return 3*x**2 - 4*x + 5",
    "def f(x):\n    return 3*x**2 - 4*x + 5",
    "def f(x):\n    '''the lecture's function'''\n    return 3*x**2 - 4*x + 5",
    "f = lambda x: 3*x**2 - 4*x + 5",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_is_the_function_applied_to_a_leaf_x_at_3(text):
    program = parse(text)
    graph = program.build()
    graph.backward()
    assert (program.function.name, program.function.var, graph.root.label, graph.root.data,
            graph.by_name["x"].grad) == ("f", "x", "f", 20.0, 14.0)


@pytest.mark.parametrize("text", FORMS)
def test_function_describes_its_expression_text(text):
    assert parse(text).function.expression == "3*x**2 - 4*x + 5"


@pytest.mark.parametrize("point, slope", [("f(3.0)", 14.0), ("f(-4)", -28.0), ("x = 2/3", 0.0)])
def test_the_point_comes_from_a_call_or_an_assignment_in_the_text(point, slope):
    graph = parse(f"f(x) = 3*x**2 - 4*x + 5\n{point}").build()
    graph.backward()
    assert graph.by_name["x"].grad == pytest.approx(slope, abs=1e-12)


def test_an_assignment_before_the_function_also_sets_the_point():
    assert parse("x = -4\nf(x) = 3*x**2 - 4*x + 5").build().root.data == 69.0


def test_the_default_point_has_no_number_in_the_text_so_with_values_adds_one():
    program = parse("f(x) = 3*x**2 - 4*x + 5")
    assert program.leaves["x"].span is None and \
        parse(program.with_values({"x": 2.5})).leaves["x"].value == 2.5


def test_the_function_header_keeps_every_column_of_the_users_text():
    # `f(x) = ` is not Python; it is rewritten in place, so spans still point at the user's text.
    text = "f(x) = 3*x**2 - 4*x + 5"
    graph = parse(text).build()
    span = graph.span(graph.root)
    assert text[span.start:span.end] == "3*x**2 - 4*x + 5"


def test_a_function_of_a_function_output_plots_like_the_function():
    program = parse("f(x) = 3*x**2 - 4*x + 5")
    xs = np.array([-4.0, 0.0, 2 / 3, 3.0])
    assert np.allclose(program.function_of("x")(xs), 3 * xs**2 - 4 * xs + 5)


def test_a_later_expression_is_the_output_and_the_function_stays_for_the_plot():
    program = parse("def f(x):\n    return 3*x**2 - 4*x + 5\n\nx = 3.0\ny = f(x)")
    assert (program.output, program.function.name, program.build().root.data) == ("y", "f", 20.0)


def test_calls_write_the_body_out_in_place_with_the_argument():
    graph = parse("f(x) = x**2\na = 3.0\nb = f(a + 1)").build()
    graph.backward()
    assert (graph.root.data, graph.by_name["a"].grad) == (16.0, 8.0)


def test_functions_of_several_inputs_can_be_called():
    graph = parse("g(a, b, c) = a*b + c\nx = 2.0\ny = -3.0\nz = 10.0\nd = g(x, y, z)").build()
    assert graph.root.data == 4.0


def test_a_function_handed_to_another_function_is_called_there():
    text = ("f = lambda x: 3*x**2 - 4*x + 5\n"
            "def slope(g, x, h): return (g(x + h) - g(x)) / h\n"
            "x = 3.0\ns = slope(f, x, 0.001)")
    assert parse(text).build().root.data == pytest.approx(14.003)


def test_rebinding_the_function_name_to_a_value_ends_the_function():
    assert parse("f(x) = x**2\nf = 2.0\ng = f * 3").function is None


def test_a_calls_result_with_no_name_of_its_own_is_called_as_the_call_is_written():
    graph = parse("def g(t): return t * 2\ndef f(t): return g(t + 1)\na = 3.0\ndef same(t): return t\n"
                  "b = same(a)\nf(a) + f(b)").build()
    first, second = graph.root.children
    assert [graph.name_of(v) for v in (first, second, graph.by_name["a"])] == ["f(a)", "f(b)", "a"]
