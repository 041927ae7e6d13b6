"""Functions of several lines and for loops run as Python runs them; what cannot be
run is skipped (and undone) with a note naming the line, never a refusal."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.lang import parse


def bindings(text: str) -> dict:
    return parse(text).build().bindings


# -- functions of several lines ---------------------------------------------------------

POLY = """def poly(x, scale=1.0, shift=None):
    '''a docstring is fine'''
    y = x * x
    if shift is None:
        shift = 0.0
    else:
        y = y + shift
    return y * scale, shift
"""


@pytest.mark.parametrize("call, expected", [
    ("poly(a)", (9.0, 0.0)),
    ("poly(a, 2.0)", (18.0, 0.0)),
    ("poly(a, shift=1.0)", (10.0, 1.0)),
    ("poly(x=a, scale=-1.0, shift=2.0)", (-11.0, 2.0)),
])
def test_defaults_keywords_branches_and_a_tuple_returned(call, expected):
    env = bindings(f"a = 3.0\n{POLY}out, s = {call}")
    assert (env["out"].data, env["s"]) == expected


def test_the_graph_names_the_nodes_by_the_lines_that_made_them_and_grads_flow_through():
    graph = parse(f"a = 3.0\n{POLY}out, s = poly(a, 2.0)\nout.backward()").build()
    assert graph.root.label == "out" and graph.by_name["a"].grad == 12.0
    assert any(v.label == "y" for v in graph.nodes)


def test_a_function_of_several_lines_is_not_the_plots_curve():
    program = parse("def f(x):\n    y = 3*x**2\n    return y - 4*x + 5\nz = f(3.0)")
    assert program.function is None and program.build().root.data == 20.0


@pytest.mark.parametrize("body, words", [
    ("    import os\n    return x", "line 2 of g(): an import is not run inside it here"),
    ("    while x:\n        x = x - 1\n    return x", "line 2 of g(): a 'while' loop"),
    ("    y = x.foo\n    return y", "line 2 of g(): '.foo' is not something this app knows"),
    ("    y = g(x)\n    return y", "'g' calls itself"),
])
def test_a_line_inside_that_cannot_be_run_skips_the_calling_line_with_a_note(body, words):
    program = parse(f"def g(x):\n{body}\na = 2.0\nb = g(a)\nc = a * 2")
    note = next(n for n in program.notes if n.span.line == 4 + body.count("\n"))
    assert words in note.message and program.output == "c"


@pytest.mark.parametrize("call, words", [
    ("poly()", "needs a value for 'x'"),
    ("poly(a, scale=1.0, scale2=2.0)", "has no input named 'scale2'"),
    ("poly(a, 1.0, scale=2.0)", "is given 'scale' twice"),
])
def test_calling_with_the_wrong_inputs_is_an_error_at_the_call(call, words):
    with pytest.raises(Exception, match=words):
        parse(f"a = 3.0\n{POLY}out, s = {call}")


# -- comparisons, truth, map, list, range -------------------------------------------------

@pytest.mark.parametrize("expr, expected", [
    ("1 < 2 < 3", True), ("1 < 2 > 3", False), ("None is None", True), ("2.0 is not None", True),
    ("not 0.0", True), ("0.0 or 2.0", 2.0), ("1.0 and 0.0", 0.0), ("3.0 if 1 > 2 else 4.0", 4.0),
    ("2.0 in [1.0, 2.0]", True), ("sum([True, False, True])", 2.0), ("len(list(range(2, 10, 3)))", 3.0),
    ("7.0 % 3.0", 1.0), ("7.0 // 2.0", 3.0),
])
def test_python_values_for_tests_and_counts(expr, expected):
    r = bindings(f"a = 2.0\nz = a * 2\nr = {expr}")["r"]
    assert (r if isinstance(r, bool) else r.data) == expected  # a number of its own is a leaf


def test_map_applies_value_a_network_or_a_function():
    env = bindings("xs = [1.0, 2.0]\nvs = list(map(Value, xs))\nts = list(map(tanh, vs))\n"
                   "n = MLP(2, [1])\nouts = list(map(n, [xs, xs]))\nz = outs[0] + ts[1]")
    assert [v.data for v in env["vs"]] == [1.0, 2.0] and env["outs"][0].data == env["outs"][1].data


def test_values_are_not_ordered_but_their_numbers_are():
    with pytest.raises(Exception, match="compare their numbers"):
        parse("a = Value(2.0)\nb = Value(3.0)\nc = a < b")
    assert bindings("a = Value(2.0)\nb = Value(3.0)\nc = a.data < b.data")["c"] is True


# -- top-level loops -----------------------------------------------------------------------

def test_a_loop_nudges_every_leaf_in_order_as_python_does():
    text = ("a = Value(2.0)\nb = Value(-3.0)\nL = a * b\nL.backward()\n"
            "for p in [a, b]:\n    p.data += 0.01 * p.grad\nL2 = a * b")
    env = bindings(text)
    assert (env["a"].data, env["b"].data) == (2.0 - 0.03, -3.0 + 0.02)
    assert env["L2"].data == pytest.approx((2.0 - 0.03) * (-3.0 + 0.02)) and env["L"].data == -6.0
    assert env["p"] is env["b"]


def test_zeroing_grads_in_a_loop_is_not_taken_for_the_learners_own_grads():
    graph = parse("a = Value(2.0)\nL = a * a\nL.backward()\nfor p in [a]:\n    p.grad = 0.0").build()
    assert graph.learner_grads == {} and graph.by_name["a"].grad == 0.0


def test_a_loop_that_cannot_run_is_undone_and_what_it_would_change_is_not_used_below():
    text = ("a = Value(2.0)\nL = a * 3\nfor k in range(3):\n    a.data += 1.0\n    q = a.foo\n"
            "z = a * 2\nw = L * 2")
    program = parse(text)
    env = program.build().bindings
    assert env["L"].data == 6.0  # the nudge of the first pass was undone
    notes = {n.span.line: n.message for n in program.notes}
    assert "it is not run here: line 5: '.foo'" in notes[3]
    assert "it uses 'a'" in notes[6] and env["w"].data == 12.0


def test_a_loop_too_big_to_build_is_skipped_before_it_runs_long():
    program = parse("a = Value(2.0)\nfor k in range(100000):\n    a = a * 1.0001\nz = 1.0 * 2")
    assert "more than 50,000 nodes" in program.notes[0].message


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=6), st.floats(-1, 1))
def test_a_running_sum_in_a_loop_is_pythons(numbers, start):
    text = f"total = Value({start!r})\nfor x in {numbers!r}:\n    total = total + x * x"
    expected = start
    for x in numbers:
        expected = expected + x * x
    assert bindings(text)["total"].data == expected
