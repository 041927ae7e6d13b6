"""Graphs from the lecture, built fresh for each test."""

import pytest

from explorer.engine import Graph, Value
from tests.lecture import L_root


def lecture_L():
    """e = a*b; d = e + c; L = d*f (seed 001)."""
    return L_root()


def lecture_neuron():
    """o = tanh(x1*w1 + x2*w2 + b) (seed 001/003)."""
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1", param=True)
    w2 = Value(1.0, label="w2", param=True)
    b = Value(6.8813735870195432, label="b", param=True)
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1*w1 + x2*w2"
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


@pytest.fixture
def L():
    return lecture_L()


@pytest.fixture
def neuron():
    return Graph(lecture_neuron())
