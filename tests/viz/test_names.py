"""A computed value without a name is titled by the expression that made it, written as
the text writes it: brackets only where Python needs them, products and powers tight."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.lang import parse
from explorer.viz.dot import box_titles

INPUTS = "a = 1.5\nb = -2.0\nc = 3.0\n"


@pytest.mark.parametrize("text, title", [
    ("y = 3*x**2 - 4*x + 5", "3*x**2 - 4*x"),  # the lecture's f(x): not (3 * (x ** 2)) - (4 * x)
    ("y = (x + 1) * (x - 1) + 0", "(x + 1)*(x - 1)"),
    ("y = x - (x - 1) + 0", "x - (x - 1)"),
    ("y = (x**2)**3 + 0", "(x**2)**3"),
    ("y = x * -3 + 0", "x*(-3)"),
    ("y = x / 2 / (x * 3) + 0", "x/2/(x*3)"),
    ("y = tanh(x * 2) + 0", "tanh(x*2)"),
])
def test_a_computed_value_is_titled_as_the_text_writes_it(text, title):
    assert title in box_titles(parse("x = 2.0\n" + text).build())


leaves = st.sampled_from(["a", "b", "c", "2", "0.5"])


def _expressions(children):
    operators = st.sampled_from(["+", "-", "*", "/"])
    binary = st.tuples(children, operators, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    power = st.tuples(children, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]} ** {t[1]})")
    unary = children.map(lambda t: f"(-{t})") | children.map(lambda t: f"tanh({t})")
    return binary | power | unary


expressions = st.recursive(leaves, _expressions, max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(expressions)
def test_every_title_reads_back_as_the_value_it_names(expression):
    try:
        graph = parse(INPUTS + f"L = {expression}").build()
    except ExplorerError:
        return  # (a division by zero and the like: no graph to name)
    for node, title in zip(graph.nodes, box_titles(graph)):
        if node.op is None or node.label or "…" in title or title in "abcL":
            continue
        again = parse(INPUTS + f"t = {title}").build().root.data
        # (rel 1e-4: a constant the text folded, tanh(2), is named by its 6-digit number)
        both_nan = math.isnan(again) and math.isnan(node.data)
        assert both_nan or again == pytest.approx(node.data, rel=1e-4, abs=1e-9)


def test_a_negative_number_keeps_its_brackets_in_an_explanations_arithmetic():
    # The numbers form of "d = c + 4" ("(-6) + 4") lost its brackets when the names
    # learnt to drop an expression's: "4 + -6".
    from explorer.engine import Value
    from explorer.model.explain import factor
    from explorer.viz.names import expression_text

    c = Value(2.0) * Value(-3.0)
    texts = [expression_text(n, lambda v: factor(v.data)) for n in (c + 4, c * 2, 4 + c)]
    assert texts == ["(-6) + 4", "(-6) * 2", "4 + (-6)"]
