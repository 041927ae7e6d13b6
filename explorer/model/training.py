"""Training an MLP, step by step, with no Qt in it: the end of the lecture.

A :class:`Trainer` owns a network (``MLP(3, [4, 4, 1])``), a dataset (``xs``, ``ys``)
and the lecture's loss, ``sum((yout - ygt)**2 for ...)``, built once as a
re-runnable :class:`~explorer.engine.Graph`. Each step is the lecture's loop:
forward, zero the grads, backward, nudge every parameter against its gradient.

The window runs :meth:`Trainer.run` in a worker thread. Two things make that safe
and keep the window responsive:

* The worker alone touches the network. Whatever the window shows comes from a
  :class:`TrainingSnapshot` (plain floats, copied under a lock), so a redraw never
  reads a weight half-way through an update.
* :meth:`Trainer.stop` only sets a flag (``threading.Event``), checked between
  steps: Stop takes effect within one step (well under a millisecond here).

The graph the window draws is *one sample's* graph (:class:`SampleGraph`): the full
batch graph of four samples is too big to read. It has its own copy of the
weights, refreshed from a snapshot, so it can be drawn while the worker trains.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..engine import Graph, Value
from ..engine.errors import EngineError
from ..engine.nn import MLP
from ..engine.value import as_value, sum_values
from ..errors import ExplorerError

__all__ = [
    "LECTURE_XS", "LECTURE_YS", "LECTURE_LAYERS", "LOSSES", "TrainingError", "TrainingSettings",
    "TrainingProblem", "TrainingSnapshot", "Trainer", "SampleGraph", "lecture_problem",
]

# The lecture's tiny dataset: four inputs of three features and their targets.
LECTURE_XS: tuple[tuple[float, ...], ...] = (
    (2.0, 3.0, -1.0),
    (3.0, -1.0, 0.5),
    (0.5, 1.0, 1.0),
    (1.0, 1.0, -1.0),
)
LECTURE_YS: tuple[float, ...] = (1.0, -1.0, -1.0, 1.0)
LECTURE_LAYERS: tuple[int, ...] = (4, 4, 1)

# Loss names: "sse" is the lecture's sum of squared errors; "mse" divides it by the
# number of samples (what most libraries call the squared-error loss).
LOSSES = ("sse", "mse")
Loss = Literal["sse", "mse"]

# Limits that keep a typo (a million steps, a 10,000-wide layer) from freezing
# the machine; the lecture needs 100 steps of 41 weights.
MAX_STEPS = 1_000_000
MAX_PARAMETERS = 100_000
MAX_SAMPLES = 100_000


class TrainingError(ExplorerError):
    """Training could not start or continue (no network, mismatched data, a loss that overflowed)."""


@dataclass(frozen=True)
class TrainingSettings:
    """What the Train button uses. Defaults train the lecture's network below
    a loss of 0.01 in under 100 steps (seed 1 reaches it at step 20)."""

    lr: float = 0.1
    steps: int = 100
    seed: int = 1
    zero_grad: bool = True  # False: the lecture's "forgot to zero the grads" bug
    sample: int = 0  # which sample's graph the canvas shows

    def checked(self) -> TrainingSettings:
        """These settings, or a :class:`TrainingError` saying which one is wrong."""
        if not isinstance(self.lr, (int, float)) or isinstance(self.lr, bool) or not math.isfinite(self.lr):
            raise TrainingError("The learning rate must be a finite number, e.g. 0.1.")
        if self.lr <= 0:
            raise TrainingError("The learning rate must be above zero, e.g. 0.1.")
        if not _is_int(self.steps) or not 1 <= self.steps <= MAX_STEPS:
            raise TrainingError(f"The number of steps must be a whole number from 1 to {MAX_STEPS:,}.")
        if not _is_int(self.seed) or not 0 <= self.seed < 2**63:
            raise TrainingError("The seed must be a whole number of zero or more.")
        if not isinstance(self.zero_grad, bool):
            raise TrainingError("'zero grad' must be on or off.")
        if not _is_int(self.sample) or self.sample < 0:
            raise TrainingError("The sample must be a whole number of zero or more.")
        return self


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


@dataclass(frozen=True)
class TrainingProblem:
    """A network shape and the data it learns: ``MLP(nin, layers)`` on ``xs`` -> ``ys``."""

    nin: int
    layers: tuple[int, ...]
    xs: tuple[tuple[float, ...], ...]
    ys: tuple[float, ...]
    loss: Loss = "sse"
    activation: Literal["tanh", "relu", "linear"] = "tanh"
    output: Literal["tanh", "relu", "linear"] | None = None

    def __post_init__(self) -> None:
        # Normalise to tuples of floats, then check everything a user could get wrong.
        try:
            object.__setattr__(self, "layers", tuple(int(n) for n in self.layers))
            object.__setattr__(self, "xs", tuple(tuple(float(v) for v in x) for x in self.xs))
            object.__setattr__(self, "ys", tuple(float(y) for y in self.ys))
        except (TypeError, ValueError, OverflowError):
            raise TrainingError("The inputs and targets must be lists of numbers.") from None
        if not _is_int(self.nin) or self.nin < 1:
            raise TrainingError("The network needs at least one input.")
        if not self.layers or any(n < 1 for n in self.layers):
            raise TrainingError("Every layer needs at least one neuron, e.g. MLP(3, [4, 4, 1]).")
        if self.layers[-1] != 1:
            raise TrainingError("Training needs one output: make the last layer size 1, e.g. [4, 4, 1].")
        if self.parameter_count > MAX_PARAMETERS:
            raise TrainingError(f"This network has {self.parameter_count:,} weights; the limit is "
                                f"{MAX_PARAMETERS:,}.")
        if not self.xs:
            raise TrainingError("There are no samples to train on.")
        if len(self.xs) > MAX_SAMPLES:
            raise TrainingError(f"There are {len(self.xs):,} samples; the limit is {MAX_SAMPLES:,}.")
        if len(self.xs) != len(self.ys):
            raise TrainingError(f"There are {len(self.xs)} inputs but {len(self.ys)} targets; "
                                "they must match.")
        for i, x in enumerate(self.xs):
            if len(x) != self.nin:
                raise TrainingError(f"Sample {i + 1} has {len(x)} features but the network takes {self.nin}.")
        if not all(math.isfinite(v) for x in self.xs for v in x) or not all(map(math.isfinite, self.ys)):
            raise TrainingError("The inputs and targets must be finite numbers.")
        if self.loss not in LOSSES:
            raise TrainingError(f"Unknown loss '{self.loss}': use one of {', '.join(LOSSES)}.")

    @property
    def parameter_count(self) -> int:
        sizes = (self.nin, *self.layers)
        return sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(self.layers)))

    def build_model(self, seed: int | None, *, expand: bool = False) -> MLP:
        return MLP(self.nin, list(self.layers), self.activation, output=self.output, seed=seed, expand=expand)

    @classmethod
    def from_program(cls, program: object) -> TrainingProblem:
        """The problem a parsed program describes (``n = MLP(3, [4, 4, 1])``, ``xs``,
        ``ys``, the loss), read from ``program.model``, ``.dataset`` and ``.loss_name``."""
        model = getattr(program, "model", None)
        dataset = getattr(program, "dataset", None)
        if model is None:
            raise TrainingError("This expression has no network to train: write e.g. n = MLP(3, [4, 4, 1]).")
        if dataset is None:
            raise TrainingError("This expression has no data to train on: write xs = [[...]] and ys = [...].")
        nin, layers = _model_shape(model)
        xs, ys = _dataset(dataset)
        # The lecture's loss, sum((yout - ygt)**2 ...), is what the language reads
        # (``loss_name`` is the name it was given, e.g. "loss").
        hidden, output = _activations(model)
        return cls(nin, layers, xs, ys, "sse", activation=hidden, output=output)


def _model_shape(model: object) -> tuple[int, tuple[int, ...]]:
    """``(nin, layer sizes)`` of an engine MLP or a spec with ``nin`` and ``nouts``/``layers``."""
    if isinstance(model, MLP):
        return len(model.layers[0].neurons[0].w), tuple(len(layer.neurons) for layer in model.layers)
    nin = getattr(model, "nin", None)
    nouts = getattr(model, "nouts", None) or getattr(model, "layers", None)
    if not _is_int(nin) or not isinstance(nouts, Sequence):
        raise TrainingError("This network's shape could not be read: write e.g. n = MLP(3, [4, 4, 1]).")
    return nin, tuple(nouts)


def _activations(model: object) -> tuple[str, str | None]:
    """(hidden, output) activations of an engine MLP; ("tanh", None) otherwise."""
    if isinstance(model, MLP):
        hidden = model.layers[0].neurons[0].activation
        last = model.layers[-1].neurons[0].activation
        return hidden, (last if last != hidden else None)
    return getattr(model, "activation", None) or "tanh", getattr(model, "output", None)


def _dataset(dataset: object) -> tuple[Sequence, Sequence]:
    xs = getattr(dataset, "xs", None)
    ys = getattr(dataset, "ys", None)
    if xs is None and isinstance(dataset, Sequence) and len(dataset) == 2:
        xs, ys = dataset
    if xs is None or ys is None:
        raise TrainingError("This expression's data could not be read: write xs = [[...]] and ys = [...].")
    return xs, ys


def lecture_problem() -> TrainingProblem:
    """The lecture's network and data: MLP(3, [4, 4, 1]) on four samples."""
    return TrainingProblem(3, LECTURE_LAYERS, LECTURE_XS, LECTURE_YS)


@dataclass(frozen=True)
class TrainingSnapshot:
    """What the window shows, copied out of the trainer: plain numbers only."""

    step: int  # steps taken since the last reset
    losses: tuple[float, ...]  # loss before each step (what the lecture prints)
    loss: float | None  # the loss at the current weights (None before any forward)
    predictions: tuple[float, ...]  # network output per sample at the current weights
    targets: tuple[float, ...]
    weights: tuple[float, ...]  # every parameter, in model.parameters() order
    running: bool
    grads_accumulated: bool  # zero_grad was off for some step since the reset

    @property
    def diverged(self) -> bool:
        return self.loss is not None and not math.isfinite(self.loss)


Progress = Callable[[TrainingSnapshot], None]


class Trainer:
    """The lecture's training loop as an object that a worker thread can run and stop.

    >>> t = Trainer(lecture_problem(), TrainingSettings(lr=0.1, seed=1))
    >>> t.run(steps=100).loss < 0.01
    True
    """

    def __init__(self, problem: TrainingProblem | None = None, settings: TrainingSettings | None = None):
        self.problem = problem or lecture_problem()
        self.settings = (settings or TrainingSettings()).checked()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._running = False
        self.reset()

    # -- state -----------------------------------------------------------------------

    def reset(self, seed: int | None = None) -> TrainingSnapshot:
        """Fresh weights drawn from ``seed`` (default: the settings' seed); history cleared."""
        if self._running:
            raise TrainingError("Stop training before resetting the network.")
        if seed is not None:
            self.settings = replace(self.settings, seed=seed).checked()
        model = self.problem.build_model(self.settings.seed)
        ypred = [_scalar(model(list(x))) for x in self.problem.xs]
        terms = [(yp - as_value(y)) ** 2 for yp, y in zip(ypred, self.problem.ys)]
        loss = sum_values(terms)
        if self.problem.loss == "mse":
            loss = loss / len(terms)
        loss.label = "loss"
        with self._lock:
            self.model = model
            self._ypred = ypred
            self._loss = loss
            self._graph = Graph(loss, parameters=model.parameters())
            self._losses: list[float] = []
            self._step = 0
            self._accumulated = False
            self._loss_now: float | None = loss.data
        return self.snapshot()

    def configure(self, **changes) -> TrainingSettings:
        """Change settings by name (lr, steps, seed, zero_grad, sample); checked first."""
        unknown = set(changes) - {"lr", "steps", "seed", "zero_grad", "sample"}
        if unknown:
            raise TrainingError(f"Unknown training setting: {', '.join(sorted(unknown))}.")
        self.settings = replace(self.settings, **changes).checked()
        return self.settings

    @property
    def running(self) -> bool:
        return self._running

    @property
    def graph(self) -> Graph:
        """The whole-batch loss graph (for tests and scripts; the window draws a SampleGraph)."""
        return self._graph

    def snapshot(self) -> TrainingSnapshot:
        """A consistent copy of the current state, safe to read from any thread."""
        with self._lock:
            return self._snapshot_locked()

    def _snapshot_locked(self) -> TrainingSnapshot:
        return TrainingSnapshot(
            step=self._step,
            losses=tuple(self._losses),
            loss=self._loss_now,
            predictions=tuple(v.data for v in self._ypred),
            targets=self.problem.ys,
            weights=tuple(p.data for p in self._graph.parameters),
            running=self._running,
            grads_accumulated=self._accumulated,
        )

    # -- running ---------------------------------------------------------------------

    def stop(self) -> None:
        """Ask a running :meth:`run` to stop after the step it is in (any thread)."""
        self._stop.set()

    def clear_stop(self) -> None:
        """Forget an earlier :meth:`stop` (``run(clear_stop=False)`` keeps it)."""
        self._stop.clear()

    def run(self, steps: int | None = None, *, on_progress: Progress | None = None,
            interval: float = 0.05, clear_stop: bool = True) -> TrainingSnapshot:
        """Take ``steps`` gradient steps (default: the settings'), or fewer if stopped.

        ``on_progress(snapshot)`` is called at most every ``interval`` seconds, and
        once at the end: the window repaints a few dozen times a second however
        fast the steps are. Raises :class:`TrainingError` if the loss overflows.

        A thread that starts ``run`` later than it was asked to passes
        ``clear_stop=False`` (after calling :meth:`clear_stop` when asking), so a
        Stop pressed in between is not lost."""
        settings = self.settings if steps is None else replace(self.settings, steps=steps).checked()
        with self._lock:
            if self._running:
                raise TrainingError("Training is already running.")
            self._running = True
        if clear_stop:
            self._stop.clear()
        graph, loss = self._graph, self._loss
        lr, keep_grads = settings.lr, not settings.zero_grad
        last = time.perf_counter()
        try:
            for _ in range(settings.steps):
                if self._stop.is_set():
                    break
                with self._lock:
                    # The lecture's loop: forward, zero grad, backward, update.
                    try:
                        graph.forward()
                        graph.backward(accumulate=keep_grads)
                    except EngineError as exc:
                        raise TrainingError(f"Training stopped at step {self._step + 1}: {exc}") from None
                    self._losses.append(loss.data)
                    self._loss_now = loss.data
                    if not math.isfinite(loss.data):
                        raise TrainingError(f"The loss overflowed at step {self._step + 1}: "
                                            "try a smaller learning rate and press Reset.")
                    graph.step(lr)
                    self._step += 1
                    self._accumulated = self._accumulated or keep_grads
                if on_progress is not None and time.perf_counter() - last >= interval:
                    on_progress(self.snapshot())
                    last = time.perf_counter()
            with self._lock:
                # Outputs at the final weights, so the table matches what was learned.
                try:
                    graph.forward()
                except EngineError:
                    pass
                self._loss_now = loss.data
        finally:
            with self._lock:
                self._running = False
        final = self.snapshot()
        if on_progress is not None:
            on_progress(final)
        return final


def _scalar(v: Value | list[Value]) -> Value:
    return v if isinstance(v, Value) else v[0]


class SampleGraph:
    """One sample's graph, ``loss_i = (n(x_i) - y_i)**2``, for the canvas.

    It is built once per (network shape, sample) with its *own* weight leaves,
    labelled as in the network (``L1.n1.w1``...), inputs ``x1, x2, x3``, target
    ``ygt``, output ``ypred``. :meth:`update` copies the trainer's current weights
    in and re-runs the tape: values and grads change, the shape never does, so the
    canvas relabels in place instead of laying the graph out again. The grads
    shown are this sample's share of the batch gradient."""

    def __init__(self, problem: TrainingProblem, sample: int = 0, *, expand: bool = False):
        if not _is_int(sample) or not 0 <= sample < len(problem.xs):
            raise TrainingError(f"Pick a sample from 1 to {len(problem.xs)}.")
        self.problem = problem
        self.sample = sample
        self.model = problem.build_model(seed=0, expand=expand)
        inputs = [Value(v, label=f"x{i + 1}") for i, v in enumerate(problem.xs[sample])]
        ypred = _scalar(self.model(inputs))
        ypred.label = "ypred"
        ygt = Value(problem.ys[sample], label="ygt")
        diff = ypred - ygt
        diff.label = "ypred - ygt"
        loss = diff ** 2
        loss.label = "loss"
        self.graph = Graph(loss, parameters=self.model.parameters())
        self.output = ypred

    def update(self, weights: Sequence[float]) -> Graph:
        """Copy ``weights`` (a snapshot's) into this graph; forward and backward."""
        params = self.graph.parameters
        if len(weights) != len(params):
            raise TrainingError("These weights belong to a different network.")
        for p, w in zip(params, weights):
            p.data = float(w)
        try:
            self.graph.forward()
            self.graph.backward()
        except EngineError:
            # Overflowed weights: show the values, leave grads unset ("—").
            self.graph.zero_grad()
        return self.graph

