"""The lecture's numbers (DESIGN.md, "Reference values from the seeds")."""

import math

import pytest

from explorer.engine import Graph, Value
from tests.lecture import L_root


def L_graph():
    return L_root()


def neuron(tanh_through_exp: bool = False):
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1")
    w2 = Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1w1 + x2w2"
    n = x1w1x2w2 + b
    n.label = "n"
    if tanh_through_exp:
        e = (2 * n).exp()
        o = (e - 1) / (e + 1)
    else:
        o = n.tanh()
    o.label = "o"
    return o


def test_quadratic_value_and_slopes():
    def f(x):
        return 3 * x**2 - 4 * x + 5

    for x0, slope in [(3.0, 14.0), (-4.0, -28.0), (2 / 3, 0.0)]:
        x = Value(x0, label="x")
        y = f(x)
        y.backward()
        assert x.grad == pytest.approx(slope, abs=1e-12)
    assert f(Value(3.0)).data == 20.0


def test_d_equals_ab_plus_c():
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    d = a * b + c
    d.backward()
    assert (d.data, a.grad, b.grad, c.grad) == (4.0, -3.0, 2.0, 1.0)


def test_L_graph_grads_match_the_lecture():
    L = L_graph()
    L.backward()
    grads = Graph(L).grads()
    assert L.data == -8.0
    assert grads == {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}


def test_one_ascent_step_of_0_01_gives_the_lectures_L():
    graph = Graph(L_graph())
    graph.backward()
    graph.step(0.01, ascent=True)
    assert graph.forward() == pytest.approx(-7.286496, abs=1e-9)


def test_neuron_output_and_grads():
    o = neuron()
    o.backward()
    grads = Graph(o).grads()
    assert o.data == pytest.approx(0.70710678, abs=1e-8)
    expected = {"n": 0.5, "b": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
    assert {k: grads[k] for k in expected} == pytest.approx(expected, abs=1e-9)


def test_tanh_through_exp_gives_the_same_grads():
    plain, via_exp = neuron(), neuron(tanh_through_exp=True)
    plain.backward()
    via_exp.backward()
    leaves = ["x1", "x2", "w1", "w2", "b"]
    assert {k: Graph(via_exp).grads()[k] for k in leaves} == pytest.approx(
        {k: Graph(plain).grads()[k] for k in leaves}, abs=1e-9)
    assert via_exp.data == pytest.approx(1 / math.sqrt(2), abs=1e-9)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0, label="a")
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_backward_twice_without_zero_grad_accumulates_exactly_like_micrograd():
    # micrograd's L.backward() twice gives a.grad == 24: d's grad doubles to -4,
    # then e collects -2 + -4, and a collects 6 + (-3)(-6) — the lecture's bug.
    L = L_graph()
    graph = Graph(L)
    graph.backward()
    graph.backward(accumulate=True)
    assert (graph.node("d").grad, graph.node("a").grad, L.grad) == (-4.0, 24.0, 1.0)
