"""Issue 15, reproductions 4 and 9: gradcheck in linear-ish time that never changes
the graph's values, and an engine API that answers bad arguments with EngineError."""

import math
import time

import pytest

from explorer.engine import EngineError, Graph, Value, gradcheck
from explorer.engine.nn import MLP, Layer, train


def chain(n: int) -> Graph:
    """a, then n times a = a*1.0001 + 0.0001: 4n + 1 nodes, 2n of them constants."""
    a = Value(0.5, label="a", param=True)
    x = a
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    return Graph(x)


# -- 4: gradcheck -------------------------------------------------------------------------

def test_gradcheck_checks_what_a_user_can_change_not_the_constants():
    results = gradcheck(chain(10))
    assert [r.label for r in results] == ["a"] and results[0].ok


def test_gradcheck_of_a_twelve_thousand_node_graph_takes_seconds_not_minutes():
    graph = chain(3000)
    start = time.perf_counter()
    results = gradcheck(graph)
    assert len(graph.nodes) == 12_001 and all(r.ok for r in results)
    assert time.perf_counter() - start < 5


def test_gradcheck_of_many_leaves_feeding_a_long_graph_is_fast():
    xs = [Value(i / 100, label=f"x{i}") for i in range(500)]
    s = xs[0]
    for x in xs[1:]:
        s = s + x * x
    for _ in range(2000):
        s = s * 0.9999
    start = time.perf_counter()
    results = gradcheck(s)
    assert len(results) == 500 and all(r.ok for r in results)
    assert time.perf_counter() - start < 5


def test_a_domain_error_while_nudging_leaves_every_value_as_it_was():
    a = Value(1e-7, label="a")
    b = Value(2.0, label="b")
    out = (a.log() * b).tanh()
    graph = Graph(out)
    graph.forward()
    before = [v.data for v in graph.nodes]
    results = {r.label: r for r in gradcheck(graph, h=1e-6)}
    assert [v.data for v in graph.nodes] == before
    assert math.isnan(results["a"].numerical) and not results["a"].ok and results["b"].ok


def test_gradcheck_still_checks_the_lecture_neuron_exactly():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    results = {r.label: r for r in gradcheck((x1 * w1 + x2 * w2 + b).tanh())}
    assert results["x1"].numerical == pytest.approx(-1.5, abs=1e-6)
    assert results["w2"].numerical == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("kwargs", [dict(h="x"), dict(h=float("nan")), dict(h=-1.0), dict(tol=-1.0),
                                    dict(tol="x")])
def test_gradcheck_arguments_are_checked(kwargs):
    with pytest.raises(EngineError):
        gradcheck(Value(2.0, label="a") * 3, **kwargs)


# -- 9: the engine's arguments ------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: Value(10**400),
    lambda: Value(2.0) + 10**400,
    lambda: Value(2.0) ** 10**400,
    lambda: 10**400 * Value(2.0),
])
def test_integers_beyond_any_float_become_inf_not_overflow_error(make):
    assert make().data == math.inf


def test_a_negative_huge_integer_becomes_minus_inf():
    assert Value(-(10**400)).data == -math.inf


@pytest.mark.parametrize("call", [
    lambda: Graph(Value(1.0, label="a") * 2).step("x"),
    lambda: Graph(Value(1.0, label="a") * 2).step(None),
    lambda: MLP(3, [1])(None),
    lambda: MLP(3, [1])("abc"),
    lambda: train(MLP(1, [1]), [[1.0]], [1.0], steps="3"),
    lambda: train(MLP(1, [1]), [[1.0]], [1.0], lr="fast"),
    lambda: MLP(3, [0]),
    lambda: MLP(3, [-1]),
    lambda: MLP(0, [2]),
    lambda: MLP(3, "4"),
    lambda: MLP(3, [2.5]),
    lambda: Layer(2, 0),
])
def test_bad_arguments_are_engine_errors(call):
    with pytest.raises(EngineError):
        call()
