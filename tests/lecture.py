"""The lecture's examples, built once for every test and benchmark that needs them
(reference values in ../shared/DESIGN.md)."""

from explorer.engine import Value
from explorer.model.session import NEURON_EXAMPLE

# The seed's neuron cell as a learner pastes it (seed 001): the window's default
# text without its comment lines.
NEURON_TEXT = "".join(line for line in NEURON_EXAMPLE.splitlines(True) if not line.startswith("#"))


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
