"""Bad input never escapes as a Python exception: the engine's own errors, or
inf flagged, and deep graphs that micrograd cannot handle."""

import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import EngineError, ExplorerError, Graph, Value


def test_tanh_of_a_huge_number_is_one():
    assert Value(1000.0).tanh().data == 1.0


def test_exp_overflow_is_inf_and_flagged():
    out = Value(1000.0, label="x").exp()
    assert out.data == math.inf and not out.finite
    assert Graph(out).nonfinite == [out]


def test_log_of_a_negative_number_names_the_node_and_op():
    x = Value(-1.0, label="x")
    with pytest.raises(EngineError, match=r"log\(x\).*positive") as info:
        x.log()
    assert info.value.op == "log"


def test_zero_to_a_negative_power_is_an_engine_error():
    with pytest.raises(EngineError, match="negative power"):
        Value(0.0, label="z") ** -1


def test_division_by_zero_is_an_engine_error():
    with pytest.raises(EngineError, match="division by zero"):
        Value(1.0, label="x") / 0


def test_negative_base_with_fractional_exponent_is_not_complex():
    with pytest.raises(EngineError, match="not real"):
        Value(-8.0) ** 0.5


def test_power_overflow_is_inf_not_overflowerror():
    assert (Value(10.0) ** 400).data == math.inf


def test_forward_rerun_names_the_node_that_failed():
    x = Value(2.0, label="x")
    y = x.log()
    y.label = "y"
    graph = Graph(y)
    x.data = -5.0
    with pytest.raises(EngineError, match="at 'y'"):
        graph.forward()


@pytest.mark.parametrize("bad", ["a", None, [1.0], 1 + 2j, True])
def test_non_numbers_are_refused_clearly(bad):
    with pytest.raises(EngineError, match="needs a number"):
        Value(bad)


def test_adding_a_string_is_refused_clearly():
    with pytest.raises(EngineError, match="needs a number"):
        Value(1.0) + "2"


def test_engine_errors_are_explorer_errors():
    assert issubclass(EngineError, ExplorerError)


def test_a_100000_deep_chain_builds_runs_forward_and_backward():
    assert sys.getrecursionlimit() < 100_000  # what would kill a recursive sort
    x = Value(1.0, label="x")
    y = x
    for _ in range(100_000):
        y = y * 1.00001 + 0.0
    graph = Graph(y)
    graph.forward()
    graph.backward()
    assert x.grad == pytest.approx(1.00001**100_000, rel=1e-9)


def test_reflected_operators_with_plain_numbers():
    a = Value(4.0, label="a")
    results = [(2 * a).data, (1 - a).data, (2 / a).data, (2 + a).data, (2**a).data]
    assert results == [8.0, -3.0, 0.5, 6.0, 16.0]


def test_graph_rerun_does_not_build_new_nodes():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    graph = Graph((a * b).tanh())
    nodes_before = list(graph.nodes)
    a.data = 0.5
    graph.forward()
    graph.backward()
    assert graph.nodes == nodes_before and graph.root.data == pytest.approx(math.tanh(1.5))


weird = st.floats(allow_nan=True, allow_infinity=True)


@given(x=weird, y=weird)
def test_no_python_exception_escapes_any_binary_op(x, y):
    for op in ("__add__", "__sub__", "__mul__", "__truediv__", "__pow__"):
        try:
            out = getattr(Value(x), op)(Value(y))
            out.backward()
        except EngineError:
            pass


@given(x=weird)
def test_no_python_exception_escapes_any_unary_op(x):
    for op in ("exp", "log", "tanh", "relu", "sigmoid", "__neg__"):
        try:
            getattr(Value(x), op)().backward()
        except EngineError:
            pass


def test_graphs_that_differ_only_in_numbers_have_the_same_shape():
    def build(x: float):
        a = Value(x, label="a")
        return Graph((a * 2.0).tanh())

    assert build(1.0).shape() == build(5.0).shape() != Graph(Value(1.0, label="a").exp()).shape()
