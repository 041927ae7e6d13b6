"""A graph the canvas shows for a while instead of the document's: a Training lab neuron.

Clicking a neuron in the Training lab's network diagram shows that neuron's own
scalar graph in the graph canvas — the lecture's neuron, ``x1*w1 + x2*w2 + ... + b``
and then its activation — for one sample of the lab's data, at the lab's current
weights, with data and grads. The grads are the neuron's own backward
(``out.backward()``: d out / d each value), as the lecture shows a neuron.

The document — its text, program and graph — is not touched. :class:`GraphAside`
only says what the canvas shows instead (``shown``), and :meth:`GraphAside.back`
returns to the document's graph. Anything done to the document goes back by
itself: an edit, a new document, a button, a step-through, a training run that
writes the document's network (:class:`~explorer.model.session.Session`), an
Undo of one (:mod:`explorer.model.commands`). A run on the lab's own data leaves
the document alone, and the lab's panel shows the neuron's new numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.graph import Graph
from ..engine.numbers import format_number
from ..engine.training_run import neuron_name
from ..engine.value import Value, sum_values
from .evented import Events, Signal
from .training_lab import NeuronParts, TrainingLab

__all__ = ["Aside", "GraphAside", "neuron_aside", "neuron_graph", "weighted_sum_title"]


@dataclass(frozen=True)
class Aside:
    """What the canvas shows instead of the document's graph."""

    graph: Graph
    # What it is, short enough for the window's banner to say in one line (two at
    # 1024 px wide); ``detail`` says the rest, for the banner's tooltip.
    title: str
    key: tuple  # what is shown: the same key again is the same picture with new numbers
    detail: str = ""


class AsideEvents(Events):
    shown: Signal[Aside | None]


class GraphAside:
    """Whether the canvas shows the document's graph (``shown`` is None) or an aside."""

    def __init__(self) -> None:
        self.events = AsideEvents()
        self.shown: Aside | None = None

    def show(self, aside: Aside) -> None:
        self.shown = aside
        self.events.shown.emit(aside)

    def back(self) -> None:
        """Back to the document's graph (nothing happens when it is shown already)."""
        if self.shown is not None:
            self.shown = None
            self.events.shown.emit(None)


def neuron_graph(parts: NeuronParts, depth: int) -> Value:
    """The neuron of ``parts`` as Values — inputs and weights as leaves, one product
    per input, their sum with the bias, the activation — run forward and backward
    from its output. ``depth``: the network's layers counting the inputs."""
    names = [neuron_name(parts.layer - 1, i, depth) for i in range(len(parts.inputs))]
    xs = [Value(x, label=name) for x, name in zip(parts.inputs, names)]
    ws = [Value(w, label=f"w{i + 1}", param=True) for i, w in enumerate(parts.weights)]
    b = Value(parts.bias, label="b", param=True)
    products = [w * x for w, x in zip(ws, xs)]
    for p, w, x in zip(products, ws, xs):
        p.label = f"{w.label}*{x.label}"  # w1*x1, the terms of the title below
    total = sum_values(products, b)
    total.label = weighted_sum_title([p.label for p in products])
    # A linear neuron (micrograd's output) is its sum: that node takes the neuron's name.
    out = {"relu": total.relu, "tanh": total.tanh}.get(parts.activation, lambda: total)()
    out.label = neuron_name(parts.layer, parts.index, depth)
    return out


#: Most products a weighted sum's title writes out; past it, the first and the last.
_TERMS_SHOWN = 3


def weighted_sum_title(products: list[str]) -> str:
    """The weighted sum as the lecture writes it: ``w1*x1 + w2*x2 + b``; with many
    inputs the first and the last product, ``w1*x1 + … + w16*x16 + b``."""
    if len(products) > _TERMS_SHOWN:
        products = [products[0], "…", products[-1]]
    return " + ".join([*products, "b"])


def neuron_aside(lab: TrainingLab, layer: int, index: int, sample: int = 0) -> Aside:
    """The aside of neuron ``index`` of ``layer`` (1: the first hidden layer) working
    on sample ``sample`` of the lab's data, at the lab's weights now."""
    parts = lab.neuron_parts(layer, index, sample)
    depth = len(lab.network.layers) + 1
    root = neuron_graph(parts, depth)
    graph = Graph(root)
    graph.backward()
    name = root.label
    where = ", ".join(format_number(v) for v in parts.point)
    on = f"sample {sample + 1} of {len(lab.dataset)}"
    title = (f"Training lab neuron {name}, step {parts.step:,}, {on}: output {format_number(root.data)}; "
             f"grads are d {name} / d value.")
    detail = (f"Neuron {name} of the Training lab at step {parts.step:,}, on {on} (x = {where}; target "
              f"{format_number(parts.target)}; click a point on the map for another): its inputs times "
              f"its weights plus its bias, then its activation; output {format_number(root.data)}. Grads "
              f"are d {name} / d each value, from {name}.backward(). Your expression's graph is unchanged.")
    return Aside(graph, title, ("neuron", id(lab), layer, index, sample), detail)
