"""A batched tape: one scalar graph run for every sample at once, with numpy.

Training on 100 samples with the scalar engine builds (or re-runs) 100 copies of
the same graph. Here the graph of *one* sample is recorded once, and each of its
nodes holds an array over the batch instead of a float: ``x1`` is the column of
every sample's first feature, a neuron's output is its output for every sample.
The arithmetic of each node is the op table's ``np_forward``, and backprop is the
same chain rule as :func:`explorer.engine.value.backprop` — each node passes its
grad to its inputs times the op table's local derivative (``np_local``) — on arrays.

Which nodes hold arrays: the *inputs* (a sample's features and target) do, and so
does everything computed from them. A weight does not depend on the sample, so it
stays one number; when it receives grads from every sample they are added up,
which is exactly what the scalar engine does when a weight is used by 100 copies
of the graph. Nodes that do not depend on a parameter get no grad at all.

One shortcut, for speed: the neurons of one layer — ``dot`` nodes (``w·x + b``)
that share their inputs — run together as one matrix product, ``W @ X + b``, and
their backward as two (``G @ X.T`` for the weights, ``W.T @ G`` for the inputs).
These are the sums of DOT's numpy forward and the products of its local
derivatives, in three numpy calls instead of hundreds (tests check they agree
with the scalar engine).

    tape = BatchedTape([loss_term, penalty], inputs=[x1, x2, y], parameters=params)
    terms, pen = tape.forward(theta, [X[:, 0], X[:, 1], Y])
    grads = tape.backward([1.0 / len(Y), 1.0])   # d (mean(terms) + pen) / d theta
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import EngineError
from .value import Value, topological_order

__all__ = ["BatchedTape"]


@dataclass
class _Layer:
    """dot nodes with the same inputs ``xs``: one neuron each (``ws[r]``, ``bs[r]``)."""

    members: list[int]
    xs: tuple[int, ...]
    ws: list[tuple[int, ...]]
    bs: list[int]


class BatchedTape:
    """The graph of ``outputs`` (one sample's), ready to run for a whole batch.

    ``inputs``: the leaves that differ from sample to sample (fed as arrays).
    ``parameters``: the leaves a training step moves (fed as one vector, in order;
    their grads come back in the same order). Every other leaf is a constant.
    """

    def __init__(self, outputs: Sequence[Value], *, inputs: Sequence[Value], parameters: Sequence[Value]):
        outputs = list(outputs)
        if not outputs:
            raise EngineError("A batched tape needs at least one output.")
        seen: dict[Value, None] = {}
        for out in outputs:
            for v in topological_order(out):
                seen[v] = None
        # Birth order is a topological order of the union (see topological_order).
        nodes = sorted(seen, key=lambda v: v._n)
        index = {v: i for i, v in enumerate(nodes)}
        self.nodes = nodes
        self.index = index
        self.outputs = [index[o] for o in outputs]
        # An input or parameter the outputs do not use is fed and ignored.
        self._input_slots = [index.get(v) for v in inputs]
        self._param_slots = [index.get(v) for v in parameters]
        n = len(nodes)
        self._leaf_data = [v.data if v.op is None else None for v in nodes]
        self._steps = [(i, v.op, v.arg, tuple(index[c] for c in v._prev)) for i, v in enumerate(nodes)
                       if v.op is not None]
        # batched[i]: node i differs per sample; grad[i]: node i depends on a parameter.
        batched = [False] * n
        needs_grad = [False] * n
        for slot in self._input_slots:
            if slot is not None:
                batched[slot] = True
        for slot in self._param_slots:
            if slot is not None:
                needs_grad[slot] = True
        for i, _op, _arg, prev in self._steps:
            batched[i] = any(batched[j] for j in prev)
            needs_grad[i] = any(needs_grad[j] for j in prev)
        self._batched = batched
        self._needs_grad = needs_grad
        self._layers = self._find_layers()
        self._fused = {m for layer in self._layers.values() for m in layer.members}
        self._data: list = []
        self._size = 0

    def __len__(self) -> int:
        return len(self.nodes)

    def _find_layers(self) -> dict[int, _Layer]:
        """Layers to run as matrix products, by their first node: dot nodes over the
        same per-sample inputs, with weights and bias that are one number each."""
        groups: dict[tuple[int, ...], _Layer] = {}
        batched = self._batched
        for i, op, _arg, prev in self._steps:
            if op.name != "dot":
                continue
            n = (len(prev) - 1) // 2
            ws, xs, b = prev[:n], prev[n:2 * n], prev[-1]
            if not all(batched[j] for j in xs) or any(batched[j] for j in (*ws, b)):
                continue
            layer = groups.setdefault(xs, _Layer([], xs, [], []))
            layer.members.append(i)
            layer.ws.append(ws)
            layer.bs.append(b)
        layers = {}
        for layer in groups.values():
            first = layer.members[0]
            # Everything the layer reads must exist when its first neuron runs.
            if len(layer.members) > 1 and all(j < first for ws in layer.ws for j in ws) \
                    and all(j < first for j in layer.bs):
                layers[first] = layer
        return layers

    # -- running ---------------------------------------------------------------------

    def forward(self, params: Sequence[float] | np.ndarray, feeds: Sequence[np.ndarray]) -> list:
        """Run the graph for every sample: ``feeds`` holds one array per input (all
        of one length, the batch). Returns each output's data: an array over the
        batch, or one number for an output that depends on no input."""
        if len(feeds) != len(self._input_slots):
            raise EngineError(f"This tape takes {len(self._input_slots)} inputs, got {len(feeds)}.")
        if len(params) != len(self._param_slots):
            raise EngineError(f"This tape has {len(self._param_slots)} parameters, got {len(params)}.")
        data = list(self._leaf_data)
        size = None
        for slot, column in zip(self._input_slots, feeds):
            column = np.asarray(column, dtype=float)
            if size is None:
                size = len(column)
            elif len(column) != size:
                raise EngineError("Every input of a batch needs the same number of samples.")
            if slot is not None:
                data[slot] = column
        for slot, p in zip(self._param_slots, params):
            if slot is not None:
                data[slot] = float(p)
        # Overflow gives inf and 0/0 nan, as in the scalar engine; the caller
        # checks the loss (a trainer stops and says which step).
        layers, fused = self._layers, self._fused
        with np.errstate(all="ignore"):
            for i, op, arg, prev in self._steps:
                if i in fused:
                    if i in layers:
                        _layer_forward(layers[i], data)
                    continue
                data[i] = op.np_forward([data[j] for j in prev], arg)
        self._data = data
        self._size = size or 0
        return [data[i] for i in self.outputs]

    def backward(self, seeds: Sequence[float | np.ndarray]) -> np.ndarray:
        """The chain rule from the outputs, seeded with d total / d output (a number,
        or an array over the batch: 1/n each for a mean). Returns d total / d
        parameter for every parameter, summed over the batch."""
        if not self._data:
            raise EngineError("Run forward() before backward().")
        if len(seeds) != len(self.outputs):
            raise EngineError(f"This tape has {len(self.outputs)} outputs, got {len(seeds)} seeds.")
        data = self._data
        batched = self._batched
        needs = self._needs_grad
        grads: list = [None] * len(data)
        for slot, seed in zip(self.outputs, seeds):
            if batched[slot]:
                # Per sample, always an array: a number that feeds every sample
                # then receives the sum of the samples' grads (see _total).
                seed = np.broadcast_to(np.asarray(seed, dtype=float), (self._size,))
            grads[slot] = seed if grads[slot] is None else grads[slot] + seed
        layers, fused = self._layers, self._fused
        with np.errstate(all="ignore"):
            for i, op, arg, prev in reversed(self._steps):
                if i in fused:
                    # The layer's first neuron comes last going backwards: by then
                    # every neuron of the layer has its whole grad.
                    if i in layers:
                        _layer_backward(layers[i], data, grads, needs)
                    continue
                g = grads[i]
                if g is None:
                    continue
                local = op.np_local([data[j] for j in prev], data[i], arg)
                for j, d in zip(prev, local):
                    if not needs[j]:
                        continue
                    if batched[j]:
                        contribution = d * g
                    else:
                        # One number used by every sample: the samples' grads add up.
                        contribution = _total(d, g)
                    grads[j] = contribution if grads[j] is None else grads[j] + contribution
        self._grads = grads
        out = np.zeros(len(self._param_slots))
        for k, slot in enumerate(self._param_slots):
            if slot is not None and grads[slot] is not None:
                out[k] = grads[slot]
        return out

    # -- reading ---------------------------------------------------------------------

    def data(self, node: Value) -> np.ndarray | float:
        """``node``'s data from the last forward (an array over the batch, or one number)."""
        if not self._data:
            raise EngineError("Run forward() first.")
        return self._data[self.index[node]]

    def grad(self, node: Value) -> np.ndarray | float:
        """``node``'s grad from the last backward: per sample for a batched node,
        summed over the batch for one that is not (0 where no grad flows)."""
        g = self._grads[self.index[node]]
        return 0.0 if g is None else g


def _layer_forward(layer: _Layer, data: list) -> None:
    W = np.array([[data[j] for j in ws] for ws in layer.ws], dtype=float)
    b = np.array([data[j] for j in layer.bs], dtype=float)
    X = np.stack([data[j] for j in layer.xs])
    out = W @ X + b[:, None]
    for r, m in enumerate(layer.members):
        data[m] = out[r]


def _layer_backward(layer: _Layer, data: list, grads: list, needs: list) -> None:
    size = len(data[layer.xs[0]])
    G = np.stack([np.broadcast_to(grads[m], (size,)) if grads[m] is not None else np.zeros(size)
                  for m in layer.members])
    X = np.stack([data[j] for j in layer.xs])
    # d(w·x + b)/dw_i = x_i, summed over the samples; d/db = 1; d/dx_i = w_i.
    dW = G @ X.T
    dB = G.sum(axis=1)
    for r, (ws, b) in enumerate(zip(layer.ws, layer.bs)):
        for i, j in enumerate(ws):
            if needs[j]:
                _add(grads, j, float(dW[r, i]))
        if needs[b]:
            _add(grads, b, float(dB[r]))
    if any(needs[j] for j in layer.xs):
        W = np.array([[data[j] for j in ws] for ws in layer.ws], dtype=float)
        dX = W.T @ G
        for i, j in enumerate(layer.xs):
            if needs[j]:
                _add(grads, j, dX[i])


def _add(grads: list, j: int, contribution) -> None:
    grads[j] = contribution if grads[j] is None else grads[j] + contribution


def _total(d, g) -> float:
    """Σ over the batch of d * g, for an input that is one number."""
    d_array = type(d) is np.ndarray and d.ndim > 0
    g_array = type(g) is np.ndarray and g.ndim > 0
    if d_array and g_array:
        return float(d @ g)
    if d_array:
        return float(d.sum()) * float(g)
    if g_array:
        return float(d) * float(g.sum())
    return float(d) * float(g)
