"""Training a network on a 2-D dataset, step by step: the training lab's engine.

:class:`LabSettings` says everything a run depends on — the dataset (kind, size,
noise, seed), the network (hidden layer sizes, activation, output, initial-weight
seed) and the training (loss, L2 alpha, learning rate and its schedule, momentum,
batch size and seed, number of steps) — and checks each against its limit.
The defaults are micrograd's demo: MLP(2, [16, 16, 1]) with relu hidden layers
and a linear output, on 100 moons with noise 0.1, the max-margin loss plus
``1e-4 * sum(p*p)``, and the learning rate ``1.0 - 0.9*k/100`` at step k.

:class:`TrainingRun` trains it. Each step is the demo's loop — forward, loss,
backward, update — but on a :class:`~explorer.engine.batched.BatchedTape`: the
graph of one sample, run for the whole batch with numpy, so a step takes a few
milliseconds instead of micrograd's half a second. A run never touches a Value's
data; its weights are one numpy vector, copied in and out
(:meth:`TrainingRun.write_weights`), so a window can draw while a worker trains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from .batched import BatchedTape
from .datasets import DATASETS, Dataset, DatasetError, make_dataset
from .errors import ExplorerError
from .losses import LOSSES, batch_weight, l2_penalty, sample_term
from .nn import MLP
from .value import Value

__all__ = ["LabSettings", "TrainingRun", "TrainingRunError", "LossDiverged", "StepRecord", "MAX_PARAMETERS",
           "MAX_STEPS", "MAX_LAYERS", "MAX_WIDTH", "GRID_LIMIT", "neuron_name"]

MAX_LAYERS = 6  # hidden layers
MAX_WIDTH = 64  # neurons in one layer
MAX_PARAMETERS = 20_000
MAX_STEPS = 100_000
MAX_LR = 10.0
GRID_LIMIT = 400  # a boundary map at most 400 x 400
SCHEDULES = ("decay", "constant")


class TrainingRunError(ExplorerError):
    """A training setting outside its limit, or data the network cannot take."""


class LossDiverged(TrainingRunError):
    """The loss (or a weight) became inf or nan; the step was not applied."""

    def __init__(self, message: str, step: int):
        super().__init__(message)
        self.step = step


def _whole(x: object) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _number(x: object) -> bool:
    return isinstance(x, (int, float, np.floating)) and not isinstance(x, bool) and math.isfinite(x)


def neuron_name(layer: int, index: int, depth: int) -> str:
    """``x1`` for an input, ``L1.n3`` for a hidden neuron, ``output`` for the last."""
    if layer == 0:
        return f"x{index + 1}"
    if layer == depth - 1:
        return "output"
    return f"L{layer}.n{index + 1}"


@dataclass(frozen=True)
class LabSettings:
    """Everything a training run depends on (defaults: micrograd's demo)."""

    dataset: str = "moons"
    size: int = 100
    noise: float = 0.1
    data_seed: int = 1337
    hidden: tuple[int, ...] = (16, 16)
    activation: Literal["tanh", "relu"] = "relu"
    output: Literal["linear", "tanh"] = "linear"
    init_seed: int = 1337
    loss: Literal["sse", "mse", "hinge"] = "hinge"
    alpha: float = 1e-4
    lr: float = 1.0
    schedule: Literal["decay", "constant"] = "decay"
    momentum: float = 0.0
    batch_size: int = 0  # 0: every sample, every step
    batch_seed: int = 0
    steps: int = 100
    zero_grad: bool = True  # False: the lecture's bug, every step uses the sum of all grads so far

    def checked(self) -> LabSettings:
        """These settings, or a :class:`TrainingRunError` naming the limit broken."""
        if self.dataset not in DATASETS:
            raise TrainingRunError(f"Unknown dataset '{self.dataset}': use one of {', '.join(DATASETS)}.")
        if not isinstance(self.hidden, tuple) or len(self.hidden) > MAX_LAYERS:
            raise TrainingRunError(f"A network here has at most {MAX_LAYERS} hidden layers.")
        if not all(_whole(n) and 1 <= n <= MAX_WIDTH for n in self.hidden):
            raise TrainingRunError(f"Every hidden layer needs from 1 to {MAX_WIDTH} neurons.")
        if self.activation not in ("tanh", "relu"):
            raise TrainingRunError("The hidden layers' activation must be tanh or relu.")
        if self.output not in ("linear", "tanh"):
            raise TrainingRunError("The output must be linear or tanh.")
        if self.loss not in LOSSES:
            raise TrainingRunError(f"Unknown loss '{self.loss}': use one of {', '.join(LOSSES)}.")
        if not _number(self.alpha) or not 0 <= self.alpha <= 1:
            raise TrainingRunError("The L2 alpha must be a number from 0 to 1 "
                                   "(micrograd's demo uses 0.0001).")
        if not _number(self.lr) or not 0 < self.lr <= MAX_LR:
            raise TrainingRunError(f"The learning rate must be above 0 and at most {MAX_LR:g}.")
        if self.schedule not in SCHEDULES:
            raise TrainingRunError("The learning-rate schedule must be 'decay' or 'constant'.")
        if not _number(self.momentum) or not 0 <= self.momentum < 1:
            raise TrainingRunError("The momentum must be from 0 up to (not including) 1.")
        if not _whole(self.steps) or not 1 <= self.steps <= MAX_STEPS:
            raise TrainingRunError(f"The number of steps must be a whole number from 1 to {MAX_STEPS:,}.")
        for name in ("data_seed", "init_seed", "batch_seed"):
            seed = getattr(self, name)
            if not _whole(seed) or not 0 <= seed < 2**32:
                raise TrainingRunError(f"The {name.replace('_', ' ')} must be a whole number from 0 to "
                                       f"{2**32 - 1:,}.")
        if not isinstance(self.zero_grad, bool):
            raise TrainingRunError("'Zero grads' must be on or off.")
        if not _whole(self.batch_size) or self.batch_size < 0:
            raise TrainingRunError("The batch size must be a whole number (0 means every sample).")
        if self.parameter_count(2 if self.dataset != "lecture" else 3) > MAX_PARAMETERS:
            raise TrainingRunError(f"This network has {self.parameter_count(2):,} weights; the limit is "
                                   f"{MAX_PARAMETERS:,}.")
        return self

    @property
    def layers(self) -> list[int]:
        """Layer sizes after the input, the output neuron included: [16, 16, 1]."""
        return [*self.hidden, 1]

    def parameter_count(self, nin: int) -> int:
        sizes = [nin, *self.layers]
        return sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(self.layers)))

    def make_dataset(self) -> Dataset:
        try:
            return make_dataset(self.dataset, size=self.size, noise=self.noise, seed=self.data_seed)
        except DatasetError as exc:
            raise TrainingRunError(str(exc)) from None

    def describe(self, nin: int = 2) -> str:
        """``MLP(2, [16, 16, 1])``, as a learner would write it."""
        return f"MLP({nin}, [{', '.join(map(str, self.layers))}])"


@dataclass
class StepRecord:
    """What one step measured, before its update (as the demo prints it)."""

    step: int
    loss: float
    accuracy: float
    lr: float


@dataclass
class _History:
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)


class TrainingRun:
    """One network learning one dataset. Not thread-safe: one thread steps it;
    others read copies (:meth:`weights`, :attr:`losses`...)."""

    def __init__(self, settings: LabSettings | None = None, dataset: Dataset | None = None, *,
                 network: MLP | None = None):
        self.settings = (settings or LabSettings()).checked()
        self.dataset = dataset if dataset is not None else self.settings.make_dataset()
        nin = self.dataset.features
        if network is None:
            s = self.settings
            network = MLP(nin, s.layers, s.activation, output=None if s.output == s.activation else s.output,
                          seed=s.init_seed)
        else:
            want = len(network.layers[0].neurons[0].w)
            if want != nin:
                raise TrainingRunError(f"The network takes {want} inputs but the {self.dataset.name} "
                                       f"dataset has {nin} features.")
            if len(network.layers[-1].neurons) != 1:
                raise TrainingRunError("Training needs one output: make the last layer size 1.")
        self.network = network
        self.parameters: list[Value] = network.parameters()
        self.start = np.array([p.data for p in self.parameters], dtype=float)
        # One sample's graph: inputs x1..xn and target y are the batched leaves.
        self.inputs = [Value(0.0, label=f"x{i + 1}") for i in range(nin)]
        self.target = Value(0.0, label="y")
        # The network's call, layer by layer, keeping each neuron's output node
        # (the diagram draws each neuron's own map from them).
        self.neurons: list[list[Value]] = [list(self.inputs)]
        for layer in network.layers:
            self.neurons.append([neuron(self.neurons[-1]) for neuron in layer.neurons])
        self.score: Value = self.neurons[-1][0]
        term = sample_term(self.settings.loss, self.score, self.target)
        outputs = [term]
        if self.settings.alpha:
            outputs.append(l2_penalty(self.parameters, self.settings.alpha))
        self._tape = BatchedTape(outputs, inputs=[*self.inputs, self.target], parameters=self.parameters)
        self._score_tape = BatchedTape([self.score], inputs=self.inputs, parameters=self.parameters)
        self.reset()

    # -- state -------------------------------------------------------------------------

    def reset(self, weights: Sequence[float] | None = None) -> None:
        """Back to the starting weights (or ``weights``), step 0, no history."""
        self.theta = np.array(self.start if weights is None else weights, dtype=float)
        if self.theta.shape != self.start.shape:
            raise TrainingRunError("These weights belong to a different network.")
        self.velocity = np.zeros_like(self.theta)
        self.grad_sum = np.zeros_like(self.theta)  # what grads add up to when they are not zeroed
        self.step_count = 0
        self.history = _History()
        self._batches = np.random.default_rng(self.settings.batch_seed)

    @property
    def losses(self) -> list[float]:
        return self.history.losses

    @property
    def accuracies(self) -> list[float]:
        return self.history.accuracies

    @property
    def finished(self) -> bool:
        return self.step_count >= self.settings.steps

    def weights(self) -> np.ndarray:
        """A copy of the current weights, in ``network.parameters()`` order."""
        return self.theta.copy()

    def write_weights(self, parameters: Sequence[Value] | None = None) -> None:
        """Copy the current weights into Values (default: the network's own), so a
        graph built from them shows what was learned."""
        params = self.parameters if parameters is None else list(parameters)
        if len(params) != len(self.theta):
            raise TrainingRunError("These weights belong to a different network.")
        for p, w in zip(params, self.theta):
            p.data = float(w)

    def learning_rate(self, k: int | None = None) -> float:
        """The rate of step ``k`` (default: the next): constant, or the demo's
        ``lr * (1 - 0.9*k/steps)``, which stays at a tenth after the last planned step."""
        k = self.step_count if k is None else k
        s = self.settings
        if s.schedule == "constant":
            return s.lr
        return s.lr * max(0.1, 1.0 - 0.9 * k / s.steps)

    # -- measuring ---------------------------------------------------------------------

    def loss_and_grads(self, rows: np.ndarray | None = None,
                       theta: np.ndarray | None = None) -> tuple[float, np.ndarray, np.ndarray]:
        """(loss, d loss / d weights, scores) over the samples ``rows`` (default: all)."""
        xs, ys = self.dataset.xs, self.dataset.ys
        if rows is not None:
            xs, ys = xs[rows], ys[rows]
        theta = self.theta if theta is None else theta
        outs = self._tape.forward(theta, [*xs.T, ys])
        weight = batch_weight(self.settings.loss, len(ys))
        loss = float(np.sum(outs[0])) * weight + (float(outs[1]) if len(outs) > 1 else 0.0)
        grads = self._tape.backward([weight, 1.0][:len(outs)])
        scores = np.asarray(self._tape.data(self.score), dtype=float)
        return loss, grads, scores

    def loss(self) -> float:
        """The loss over every sample at the current weights (no step taken)."""
        return self.loss_and_grads()[0]

    def scores(self, points: np.ndarray | None = None) -> np.ndarray:
        """The network's output for each row of ``points`` (default: the dataset)."""
        points = self.dataset.xs if points is None else np.asarray(points, dtype=float)
        return np.broadcast_to(self._score_tape.forward(self.theta, list(points.T))[0], (len(points),))

    def accuracy(self, scores: np.ndarray | None = None) -> float:
        """The share of samples on the right side of 0, as the demo counts it."""
        scores = self.scores() if scores is None else scores
        return float(np.mean((self.dataset.ys > 0) == (scores > 0)))

    # -- training ----------------------------------------------------------------------

    def step(self) -> StepRecord:
        """One step: forward, loss, backward, update. Raises :class:`LossDiverged`
        (and changes nothing) when the loss or the new weights are not finite."""
        n = len(self.dataset)
        size = self.settings.batch_size
        rows = None if size == 0 or size >= n else self._batches.permutation(n)[:size]
        k = self.step_count
        lr = self.learning_rate(k)
        loss, grads, scores = self.loss_and_grads(rows)
        if not math.isfinite(loss):
            raise LossDiverged(self._diverged_message(k, "loss", loss), k + 1)
        grad_sum = self.grad_sum + grads
        if not self.settings.zero_grad:
            grads = grad_sum  # micrograd's .grad += without zero_grad(): the grads pile up
        velocity = self.settings.momentum * self.velocity - lr * grads
        theta = self.theta + velocity
        if not np.isfinite(theta).all():
            raise LossDiverged(self._diverged_message(k, "weights", math.inf), k + 1)
        accuracy = self.accuracy(scores if rows is None else None)
        self.theta, self.velocity = theta, velocity
        self.grad_sum = grad_sum if not self.settings.zero_grad else np.zeros_like(theta)
        self.step_count = k + 1
        self.history.losses.append(loss)
        self.history.accuracies.append(accuracy)
        return StepRecord(k, loss, accuracy, lr)

    def _diverged_message(self, k: int, what: str, value: float) -> str:
        became = "nan" if math.isnan(value) else "inf"
        subject = "The loss" if what == "loss" else "The weights"
        return (f"{subject} became {became} at step {k + 1}, so training stopped there and kept the "
                f"weights of step {k}: try a smaller learning rate (now {self.settings.lr:g}).")

    def run(self, steps: int | None = None) -> list[StepRecord]:
        """Take ``steps`` steps (default: up to the settings' number)."""
        steps = self.settings.steps - self.step_count if steps is None else steps
        return [self.step() for _ in range(max(0, steps))]

    # -- drawing -----------------------------------------------------------------------

    def grid(self, bounds: tuple[float, float, float, float],
             resolution: int = 100) -> tuple[np.ndarray, ...]:
        """The network's output on a ``resolution`` × ``resolution`` grid over
        ``(xmin, xmax, ymin, ymax)``: (xs, ys, scores), scores[row, col]."""
        if not _whole(resolution) or not 2 <= resolution <= GRID_LIMIT:
            raise TrainingRunError(f"A boundary map is from 2 to {GRID_LIMIT} points a side.")
        if self.dataset.features != 2:
            raise TrainingRunError("A boundary map needs a dataset of two features.")
        gx = np.linspace(bounds[0], bounds[1], resolution)
        gy = np.linspace(bounds[2], bounds[3], resolution)
        px, py = np.meshgrid(gx, gy)
        z = self._score_tape.forward(self.theta, [px.ravel(), py.ravel()])[0]
        return gx, gy, np.broadcast_to(z, px.size).reshape(px.shape)

    def activations(self, point: Sequence[float]) -> list[np.ndarray]:
        """Every neuron's output for one input ``point``, layer by layer (layer 0:
        the point itself), at the current weights: what the network computes for it."""
        feeds = [np.array([float(v)]) for v in point]
        if len(feeds) != len(self.inputs):
            raise TrainingRunError(f"The network takes {len(self.inputs)} inputs, not {len(feeds)}.")
        tape = self._score_tape
        tape.forward(self.theta, feeds)
        return [np.array([float(np.broadcast_to(tape.data(n), (1,))[0]) for n in layer])
                for layer in self.neurons]

    def neuron_weights(self, layer: int, index: int) -> tuple[np.ndarray, float]:
        """The current weights and bias of neuron ``index`` of ``layer`` (1: the first hidden)."""
        neuron = self.network.layers[layer - 1].neurons[index]
        where = {id(p): i for i, p in enumerate(self.parameters)}
        return self.theta[[where[id(w)] for w in neuron.w]].copy(), float(self.theta[where[id(neuron.b)]])

    def neuron_grid(self, layer: int, index: int) -> np.ndarray:
        """One neuron's output on the grid of the last :meth:`grid` call (its
        activation, reshaped like the map): what that neuron has learned to detect."""
        node = self.neurons[layer][index]
        data = self._score_tape.data(node)
        size = self._score_tape._size
        side = int(round(math.sqrt(size)))
        return np.broadcast_to(data, (size,)).reshape(side, side)

    def with_settings(self, **changes) -> LabSettings:
        return replace(self.settings, **changes).checked()
