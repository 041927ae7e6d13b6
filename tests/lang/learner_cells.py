"""A learner following the lecture, typing cells of their own between the
notebook's: poking at Value's operators and internals, backprop by hand one
``_backward()`` at a time, the network's parameters, and the training loop
written out over several cells (forward, backward, update, again) — what a
person pastes who is not copying the notebook verbatim. Run by the tests with
Python (against the lecture's own classes) and pasted into the app cell by cell."""

from . import lecture_notebooks as nb

VALUE_CLASS = nb.SECOND_HALF[7]  # the lecture's Value, with tanh, exp and backward()
MLP_CLASSES = nb.SECOND_HALF[14]  # the lecture's Neuron, Layer and MLP
DRAW_DOT = nb.SECOND_HALF[8]  # the lecture's trace() and draw_dot()

LEARNER = [
    "import math\nimport random\nimport numpy as np",
    VALUE_CLASS,
    DRAW_DOT,
    "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\na",
    "a.__repr__()",
    "a + b",
    "a.__add__(b)",
    "a.__radd__(1.0)",
    "2 * a",
    "a * 2",
    "a - 1",
    "a / b",
    "a ** 2",
    "-a",
    "(a * b).__mul__(c)",
    "d = a*b + c\nd",
    "d._prev",
    "d._op",
    "print(d.data, d.grad)",
    "e = a*b; e.label = 'e'\nd = e + c; d.label = 'd'\nf = Value(-2.0, label='f')\n"
    "L = d * f; L.label = 'L'\nL",
    "draw_dot(L)",
    "L.grad = 1.0",
    "L._backward()",
    "d._backward()",
    "e._backward()",
    "a.grad, b.grad, c.grad, f.grad",
    "L.grad = 1.0; L._backward(); d._backward(); e._backward()",
    "L.backward()",
    "a.data += 0.01 * a.grad\nb.data += 0.01 * b.grad\nc.data += 0.01 * c.grad\nf.data += 0.01 * f.grad",
    "e = a * b\nd = e + c\nL = d * f\nL.data",
    # the neuron, backprop by hand as a chain on one line
    "x1 = Value(2.0, label='x1')\nx2 = Value(0.0, label='x2')\nw1 = Value(-3.0, label='w1')\n"
    "w2 = Value(1.0, label='w2')\nb = Value(6.8813735870195432, label='b')\n"
    "x1w1 = x1*w1; x1w1.label = 'x1*w1'\nx2w2 = x2*w2; x2w2.label = 'x2*w2'\n"
    "x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'\nn = x1w1x2w2 + b; n.label = 'n'\n"
    "o = n.tanh(); o.label = 'o'",
    "o.grad = 1.0; o._backward(); n._backward(); b._backward()",
    "x1w1x2w2._backward(); x1w1._backward(); x2w2._backward()",
    "[x1.grad, w1.grad, x2.grad, w2.grad]",
    "o.grad",
    "o.backward()",  # on top of the grads by hand: they add up, as in Python
    "z = o*2",  # after o.backward(): z's grad stays 0 and o's grads are d o / d x
    "z.grad, o.grad, x1.grad",
    # the network
    MLP_CLASSES,
    "x = [2.0, 3.0, -1.0]\nn = MLP(3, [4, 4, 1])\nn(x)",
    "len(n.parameters())",
    "params = n.parameters()\nlen(params)",
    "n.layers[0].neurons[0].w[0]",
    "n.layers[0].neurons[0].b.data",
    "xs = [\n  [2.0, 3.0, -1.0],\n  [3.0, -1.0, 0.5],\n  [0.5, 1.0, 1.0],\n  [1.0, 1.0, -1.0],\n]\n"
    "ys = [1.0, -1.0, -1.0, 1.0]",
    "ypred = [n(x) for x in xs]\nypred",
    "loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\nloss",
    "loss.backward()",
    "n.layers[0].neurons[0].w[0].grad",
    "draw_dot(loss)",
    "for p in n.parameters():\n  p.data += -0.01 * p.grad",
    "n.layers[0].neurons[0].w[0].data",
    "ypred = [n(x) for x in xs]\nloss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\nloss",
    "loss.backward()",  # without zeroing: the lecture's bug, grads add up, as in Python
    "for p in n.parameters():\n  p.data += -0.01 * p.grad",
    "ypred = [n(x) for x in xs]\nloss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\nloss",
    "for p in n.parameters():\n  p.grad = 0.0\nloss.backward()",
    "for p in n.parameters():\n  p.data += -0.05 * p.grad",
    "for k in range(10):\n  ypred = [n(x) for x in xs]\n"
    "  loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\n"
    "  for p in n.parameters():\n    p.grad = 0.0\n  loss.backward()\n  for p in n.parameters():\n"
    "    p.data += -0.05 * p.grad\n  print(k, loss.data)",
    "ypred",
    "[y.data for y in ypred]",
    "loss.data",
]
