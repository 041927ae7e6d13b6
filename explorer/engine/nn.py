"""Neuron, Layer, MLP — the end of the lecture, on top of ``Value``.

As in the lecture: a neuron computes ``act(w · x + b)`` with weights and bias drawn
uniformly from [-1, 1]; a layer is a list of neurons; an MLP is a list of layers.
The activation is tanh everywhere by default (the lecture), or relu / linear.

``style="micrograd"`` builds micrograd's ``nn.py`` instead: relu hidden layers, a
linear last layer, biases starting at 0 (only the weights are drawn), and
``nonlin=True/False`` is accepted as micrograd spells it.

Weights come from Python's ``random`` unless ``seed=`` (a private stream) or
``rng=`` says otherwise, drawn in the lecture's order (each neuron's weights, then
its bias), so ``random.seed(1337)`` before ``MLP(2, [16, 16, 1], style="micrograd")``
gives micrograd's network number for number.

Two additions a user of micrograd or PyTorch expects: a ``seed`` so that the
same network comes back every time, and :func:`train`, the lecture's training
loop (forward, zero grad, backward, update) with its loss history.

The weighted sum ``w · x + b`` is one ``dot`` node by default (like a framework's
fused matrix multiply): the same numbers and grads with a tenth of the nodes, so
training is fast. ``expand=True`` builds it as the lecture draws it — a ``*`` node
per input and a Σ over them — for when you want to see every product.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import EngineError
from .graph import Graph
from .value import Value, as_value, dot, sum_values

__all__ = ["Module", "Neuron", "Layer", "MLP", "TrainResult", "mse_loss", "train"]

Activation = Literal["tanh", "relu", "linear"]
Style = Literal["lecture", "micrograd"]
_ACTIVATIONS = ("tanh", "relu", "linear")
_STYLES = ("lecture", "micrograd")


def _stream(rng, seed):
    """Where weights are drawn from: ``rng``, else a stream of its own for ``seed``,
    else Python's global ``random`` (so ``random.seed`` makes a run repeatable)."""
    if rng is not None:
        return rng
    return random.Random(seed) if seed is not None else random


def _activation(activation: Activation | None, nonlin: bool | None, style: Style) -> Activation:
    if style not in _STYLES:
        raise EngineError(f"Unknown style '{style}': use 'lecture' or 'micrograd'.")
    if nonlin is not None:
        if activation is not None:
            raise EngineError("Give activation= or nonlin=, not both.")
        return "relu" if nonlin else "linear"  # micrograd's keyword
    return activation or ("relu" if style == "micrograd" else "tanh")


class Module:
    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    def __init__(self, nin: int, activation: Activation | None = None, *, nonlin: bool | None = None,
                 style: Style = "lecture", rng: random.Random | None = None, seed: int | None = None,
                 name: str = "n", expand: bool = False):
        activation = _activation(activation, nonlin, style)
        if activation not in _ACTIVATIONS:
            raise EngineError(f"Unknown activation '{activation}': use one of {', '.join(_ACTIVATIONS)}.")
        if not isinstance(nin, int) or nin < 1:
            raise EngineError(f"A neuron needs at least one input, got {nin!r}.")
        rng = _stream(rng, seed)
        self.w = [Value(rng.uniform(-1, 1), label=f"{name}.w{i + 1}", param=True) for i in range(nin)]
        # micrograd starts every bias at 0 and draws nothing for it.
        bias = 0.0 if style == "micrograd" else rng.uniform(-1, 1)
        self.b = Value(bias, label=f"{name}.b", param=True)
        self.activation = activation
        self.expand = expand

    def __call__(self, x: Sequence) -> Value:
        x = _inputs(x)
        if len(x) != len(self.w):
            raise EngineError(f"This neuron takes {len(self.w)} inputs but was given {len(x)}.")
        if self.expand:
            act = sum_values([wi * xi for wi, xi in zip(self.w, x)], self.b)
        else:
            act = dot(self.w, x, self.b)
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, {self.activation})"


class Layer(Module):
    def __init__(self, nin: int, nout: int, activation: Activation | None = None, *,
                 nonlin: bool | None = None, style: Style = "lecture", rng: random.Random | None = None,
                 seed: int | None = None, name: str = "L", expand: bool = False):
        _size("A layer needs at least one input", nin)
        _size("A layer needs at least one neuron", nout)
        activation = _activation(activation, nonlin, style)
        rng = _stream(rng, seed)
        self.neurons = [Neuron(nin, activation, style=style, rng=rng, name=f"{name}.n{j + 1}", expand=expand)
                        for j in range(nout)]

    def __call__(self, x: Sequence) -> Value | list[Value]:
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer([{', '.join(map(repr, self.neurons))}])"


class MLP(Module):
    """``MLP(3, [4, 4, 1])``: 3 inputs, two hidden layers of 4, one output.

    ``activation`` applies to the hidden layers; ``output`` to the last one
    (the lecture uses tanh for both; ``style="micrograd"`` relu and linear)."""

    def __init__(self, nin: int, nouts: Sequence[int], activation: Activation | None = None, *,
                 output: Activation | None = None, style: Style = "lecture", seed: int | None = None,
                 rng: random.Random | None = None, expand: bool = False):
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
            raise EngineError("An MLP needs a list of layer sizes, e.g. MLP(3, [4, 4, 1]).")
        _size("An MLP needs at least one input", nin)
        for n in nouts:
            _size("Each layer of an MLP needs at least one neuron", n)
        activation = _activation(activation, None, style)
        if output is None:
            output = "linear" if style == "micrograd" else activation
        rng = _stream(rng, seed)
        sizes = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], output if i == last else activation, style=style,
                  rng=rng, name=f"L{i + 1}", expand=expand)
            for i in range(len(nouts))
        ]
        self.seed = seed

    def __call__(self, x: Sequence) -> Value | list[Value]:
        for layer in self.layers:
            x = layer(x)
            if isinstance(x, Value):
                x = [x]
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(map(repr, self.layers))}]"


def _size(message: str, n) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise EngineError(f"{message}, got {n!r}.")


def _inputs(x) -> Sequence:
    """A network's inputs: a list (or tuple) of numbers or Values, or one number."""
    if isinstance(x, (Value, int, float)) and not isinstance(x, bool):
        return [x]
    if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        raise EngineError(f"A network takes a list of numbers, like [2.0, 3.0, -1.0], not {x!r}.")
    return x


def mse_loss(model: Callable, xs: Sequence[Sequence[float]], ys: Sequence[float]) -> Value:
    """The lecture's loss: ``sum((yout - ygt)**2 for ...)`` over the dataset."""
    if isinstance(xs, (str, bytes)) or not isinstance(xs, Sequence) or \
            isinstance(ys, (str, bytes)) or not isinstance(ys, Sequence):
        raise EngineError("The inputs and the targets must be lists.")
    if len(xs) != len(ys):
        raise EngineError(f"There are {len(xs)} inputs but {len(ys)} targets; they must match.")
    return sum_values([(model(x) - as_value(y)) ** 2 for x, y in zip(xs, ys)])


@dataclass
class TrainResult:
    losses: list[float] = field(default_factory=list)
    predictions: list[float] = field(default_factory=list)


def train(model: MLP, xs: Sequence[Sequence[float]], ys: Sequence[float], *, steps: int = 100,
          lr: float = 0.05, zero_grad: bool = True,
          on_step: Callable[[int, float], bool | None] | None = None) -> TrainResult:
    """The lecture's loop: forward, zero grad, backward, update — ``steps`` times.

    The loss graph is built once and re-run (Graph), so each step costs only the
    arithmetic. ``zero_grad=False`` reproduces the lecture's bug: grads pile up
    across steps and the loss curve shows it. ``on_step(k, loss)`` is called
    after each step; returning True stops early."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise EngineError(f"The number of steps must be a whole number of at least 0, not {steps!r}.")
    from .graph import _number

    lr = _number("learning rate", lr)
    if on_step is not None and not callable(on_step):
        raise EngineError("on_step must be a function called after each step.")
    loss = mse_loss(model, xs, ys)
    graph = Graph(loss, parameters=model.parameters())
    result = TrainResult()
    for k in range(steps):
        graph.forward()
        graph.backward(accumulate=not zero_grad)
        graph.step(lr)
        result.losses.append(loss.data)
        if on_step is not None and on_step(k, loss.data):
            break
    graph.forward()
    result.predictions = [_scalar(model(x)).data for x in xs]
    return result


def _scalar(v) -> Value:
    return v if isinstance(v, Value) else v[0]
