"""The lecture's examples, built once for every test and benchmark that needs them
(reference values in ../shared/DESIGN.md)."""

from explorer.engine import Value

# The seed's neuron cell, as a learner pastes it (seed 001, without its comments).
NEURON_TEXT = """x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1*w1; x1w1.label = 'x1w1'
x2w2 = x2*w2; x2w2.label = 'x2w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1w1 + x2w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
"""


def L_root(a_value: float = 2.0) -> Value:
    """e = a*b; d = e + c; L = d*f, built as the notebook builds it; returns L."""
    a = Value(a_value, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return L
