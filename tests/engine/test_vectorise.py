"""One numpy vectoriser for the plot and the language: a graph's output as an array
function of one leaf, computed with the op table's numpy forms."""

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import Graph, Value
from explorer.engine.vectorise import Replay, vectorise


def lecture_graph() -> tuple[Graph, Value, Value]:
    a, b, c, f = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c"), Value(-2.0, label="f")
    return Graph((a * b + c) * f), a, b


@given(xs=st.lists(st.floats(-50, 50), min_size=1, max_size=20))
def test_the_curve_matches_the_engine_point_by_point(xs):
    graph, a, _ = lecture_graph()
    curve = vectorise(graph, a)(np.array(xs))
    expected = []
    for x in xs:
        a.data = x
        expected.append(graph.forward())
    assert curve == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_other_leaves_are_read_when_the_function_is_called():
    graph, a, b = lecture_graph()
    fn = vectorise(graph, a)
    b.data = 1.0
    assert fn(np.array([2.0]))[0] == (2.0 * 1.0 + 10.0) * -2.0


def test_an_output_that_does_not_depend_on_the_leaf_is_flat():
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    fn = vectorise(Graph(y * 3), x)
    assert list(fn(np.array([0.0, 1.0, 5.0]))) == [6.0, 6.0, 6.0]


def test_undefined_points_are_nan_and_nothing_warns():
    x = Value(2.0, label="x")
    fn = vectorise(Graph(x.log() + 1 / x), x)
    with np.errstate(all="raise"):
        ys = fn(np.array([-1.0, 0.0, math.e]))
    assert np.isnan(ys[0]) and np.isnan(ys[1]) and ys[2] == pytest.approx(1 + 1 / math.e)


def test_a_single_number_gives_a_single_number():
    x = Value(3.0, label="x")
    assert float(vectorise(Graph(3 * x**2 - 4 * x + 5), x)(3.0)) == 20.0


def test_a_replay_of_several_leaves_feeds_each_its_own_column():
    graph, a, b = lecture_graph()
    out = Replay(graph, [a, b])([np.array([2.0, 1.0]), np.array([-3.0, 4.0])])
    assert list(out) == [(2.0 * -3.0 + 10.0) * -2.0, (1.0 * 4.0 + 10.0) * -2.0]


def test_a_long_replay_on_wide_arrays_holds_only_what_later_nodes_read():
    x = Value(1.0, label="x")
    y = x
    for _ in range(200):
        y = (y * 0.5).tanh()  # 400 nodes, each an array of 10,000 floats (80 kB)
    replay = Replay(Graph(y), [x])
    xs = np.linspace(-1, 1, 10_000)
    tracemalloc.start()
    replay([xs])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000  # all 400 arrays at once would be 32 MB
