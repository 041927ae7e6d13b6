"""The texts a session starts from: the lecture's neuron (what the window opens
with), the L graph and the reuse example, as the notebook writes them."""

from __future__ import annotations

__all__ = ["NEURON_EXAMPLE", "L_EXAMPLE", "REUSE_EXAMPLE"]

# The lecture's neuron, as the notebook writes it: what the window opens with.
NEURON_EXAMPLE = """\
# inputs x1, x2
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
# weights w1, w2
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
# bias of the neuron
b = Value(6.8813735870195432, label='b')
# x1*w1 + x2*w2 + b
x1w1 = x1*w1; x1w1.label = 'x1w1'
x2w2 = x2*w2; x2w2.label = 'x2w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1w1 + x2w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
"""

# The lecture's first expression graph (L = -8; grads a 6, b -4, c -2, f 4).
L_EXAMPLE = """\
a = Value(2.0, label='a')
b = Value(-3.0, label='b')
c = Value(10.0, label='c')
e = a*b; e.label = 'e'
d = e + c; d.label = 'd'
f = Value(-2.0, label='f')
L = d*f; L.label = 'L'
"""

REUSE_EXAMPLE = """\
# A value used twice: both uses send gradient back, so a.grad = 2
a = Value(3.0, label='a')
b = a + a; b.label = 'b'
"""
