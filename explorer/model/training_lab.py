"""The training lab's state, with no Qt in it: what is trained, on what, how far.

:class:`TrainingLab` holds the settings (:class:`~explorer.engine.training_run.LabSettings`),
the dataset, the network and its training run — weights, step, the history of loss
and accuracy — and a status message. A window renders it and changes it only
through its methods; tests drive it without a window. Its ``events`` are typed
signals (:mod:`explorer.model.evented`): ``settings`` (the new
:class:`LabSettings`), ``run`` (a new run, a reset or an undo: everything
changed), ``message`` (the status sentence) and ``running``.

Two threads use it. The window's thread changes settings and reads snapshots; one
worker thread calls :meth:`TrainingLab.advance`. A lock keeps them apart, held for
one step at a time, so a snapshot is never half a step. Changes the window makes
are announced at once through ``events``; progress made by the worker is not
announced from the worker's thread (a view must not run there) —
:attr:`TrainingLab.version` grows instead, and the window reads a snapshot on its
own clock (a redraw per frame, however fast the steps).

"Agrees with the document": :meth:`TrainingLab.use_network` trains the network an
expression defines, from the weights it has now (so step 0's loss is the graph's
loss), and :meth:`TrainingLab.write_weights` copies what was learned back into the
graph's weight leaves. :meth:`TrainingLab.state` and :meth:`TrainingLab.restore`
make a run one undoable change: the state before it and after it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..engine.datasets import Dataset
from ..engine.errors import ExplorerError
from ..engine.nn import MLP
from ..engine.training_run import LabSettings, LossDiverged, TrainingRun, TrainingRunError
from ..engine.value import Value
from ..lang.training import TrainingSetup
from .evented import Events, Signal

__all__ = ["TrainingLab", "LabSnapshot", "LabState", "NeuronParts", "SavedLab", "SOURCES", "LIVE_SETTINGS",
           "TrainingRunError"]

# Settings a run can take on between two steps (as TensorFlow Playground lets the
# learning rate change while it trains); every other setting starts a new run.
LIVE_SETTINGS = frozenset({"lr", "schedule", "momentum", "steps", "batch_size", "zero_grad"})
# What the expression's MLP(...) fixes when the lab trains it.
_TEXT_NETWORK = frozenset({"hidden", "activation", "output", "init_seed"})
MAP_MARGIN = 0.25  # the boundary map reaches this far beyond the points (share of their span)


@dataclass(frozen=True)
class LabSnapshot:
    """What the window draws, copied under the lock: plain numbers only."""

    version: int
    step: int
    steps: int  # the run's planned length
    losses: np.ndarray
    accuracies: np.ndarray
    weights: np.ndarray
    lr: float  # the rate the next step will use
    running: bool
    message: str
    steps_per_second: float
    # The loss at the current weights, measured when no run is going (what the
    # graph shows once the weights are written into it); None while training.
    loss_now: float | None = None
    accuracy_now: float | None = None

    @property
    def loss(self) -> float | None:
        """The loss at the current weights when measured, else the last step's."""
        if self.loss_now is not None:
            return self.loss_now
        return float(self.losses[-1]) if len(self.losses) else None

    @property
    def accuracy(self) -> float | None:
        if self.accuracy_now is not None:
            return self.accuracy_now
        return float(self.accuracies[-1]) if len(self.accuracies) else None


@dataclass(frozen=True)
class NeuronParts:
    """One neuron at work on one sample: its inputs (the layer before's outputs
    for that sample), weights, bias and activation, and the output they give."""

    layer: int  # 1: the first hidden layer
    index: int
    sample: int
    point: tuple[float, ...]  # the sample's features
    target: float
    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    activation: str
    output: float  # what the lab's batched forward gives for this neuron and sample
    step: int


@dataclass(frozen=True)
class LabState:
    """Everything one run changes: restoring it undoes the run."""

    settings: LabSettings
    weights: tuple[float, ...]
    velocity: tuple[float, ...]
    grad_sum: tuple[float, ...]
    step: int
    losses: tuple[float, ...]
    accuracies: tuple[float, ...]
    batch_state: dict
    # The network and data an expression defines when the lab follows it (None: the lab's own).
    document: tuple[MLP, Dataset] | None = field(default=None, compare=False)


SOURCES = ("lab", "document")


@dataclass(frozen=True)
class SavedLab:
    """What a document keeps of the lab: every setting, and what it trains — one of
    its own datasets (``"lab"``) or the network and data the text defines
    (``"document"``; the text then also gives the layers, activations, loss and alpha)."""

    settings: LabSettings = LabSettings()
    source: str = "lab"


class TrainingLabEvents(Events):
    settings: Signal[LabSettings]
    run: Signal[None]
    message: Signal[str]
    running: Signal[bool]


class TrainingLab:
    """The lab's one model. See the module docstring for threads and events."""

    def __init__(self, settings: LabSettings | None = None):
        self.events = TrainingLabEvents()
        self._lock = threading.RLock()
        self.version = 0
        self.message = ""
        self.running = False
        self.source = "lab"  # or "document": the network and data an expression defines
        self._rate = (0.0, 0, 0.0)  # (time, step) at the last rate measurement, and the rate
        self._document: tuple[MLP, Dataset] | None = None
        self.run = TrainingRun(settings or LabSettings())
        self.bounds = _bounds(self.run.dataset)

    def _emit(self, *names: str) -> None:
        self.version += 1
        for name in names:
            signal = getattr(self.events, name)
            signal.emit({"settings": self.run.settings, "run": None, "message": self.message,
                         "running": self.running}[name])

    # -- reading -----------------------------------------------------------------------

    @property
    def settings(self) -> LabSettings:
        return self.run.settings

    @property
    def dataset(self) -> Dataset:
        return self.run.dataset

    @property
    def network(self) -> MLP:
        return self.run.network

    @property
    def document(self) -> tuple[MLP, Dataset] | None:
        """The network and data of the expression the lab trains (None: its own)."""
        return self._document

    def snapshot(self) -> LabSnapshot:
        with self._lock:
            run = self.run
            return LabSnapshot(
                version=self.version, step=run.step_count, steps=run.settings.steps,
                losses=np.array(run.losses), accuracies=np.array(run.accuracies), weights=run.weights(),
                lr=run.learning_rate(), running=self.running, message=self.message,
                steps_per_second=self._rate[2],
                **({} if self.running else self._measure_now()))

    def _measure_now(self) -> dict[str, float | None]:
        """The loss and accuracy at the current weights (what the graph shows)."""
        try:
            loss, _grads, scores = self.run.loss_and_grads()
            return {"loss_now": loss, "accuracy_now": self.run.accuracy(scores)}
        except (ExplorerError, FloatingPointError):
            return {}

    def boundary(self, resolution: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The network's output over the map (see :meth:`TrainingRun.grid`)."""
        with self._lock:
            return self.run.grid(self.bounds, resolution)

    def neuron_map(self, layer: int, index: int, resolution: int = 100) -> np.ndarray:
        """One neuron's output over the map (layer 0 is the inputs)."""
        with self._lock:
            self.run.grid(self.bounds, resolution)
            return self.run.neuron_grid(layer, index).copy()

    def neuron_parts(self, layer: int, index: int, sample: int) -> NeuronParts:
        """What neuron ``index`` of ``layer`` (1: the first hidden layer) computes for
        sample ``sample`` of the dataset, at the current weights."""
        with self._lock:
            run = self.run
            if not 1 <= layer < len(run.neurons) or not 0 <= index < len(run.neurons[layer]):
                raise TrainingRunError("There is no such neuron in this network.")
            if not 0 <= sample < len(run.dataset):
                raise TrainingRunError(f"There is no sample {sample + 1}: the data has {len(run.dataset)}.")
            point = run.dataset.xs[sample]
            outputs = run.activations(point)
            weights, bias = run.neuron_weights(layer, index)
            activation = run.network.layers[layer - 1].neurons[index].activation
            return NeuronParts(layer, index, sample, tuple(map(float, point)), float(run.dataset.ys[sample]),
                               tuple(map(float, outputs[layer - 1])), tuple(map(float, weights)), bias,
                               activation, float(outputs[layer][index]), run.step_count)

    # -- changing ----------------------------------------------------------------------

    def configure(self, **changes) -> LabSettings:
        """Change settings by name. Learning rate, schedule, momentum, steps and
        batch size apply from the next step on; anything else (data, network, loss)
        starts a new run from the new settings. Raises TrainingRunError naming the
        limit, and then nothing changes."""
        with self._lock:
            unknown = set(changes) - set(LabSettings.__dataclass_fields__)
            if unknown:
                raise TrainingRunError(f"Unknown training setting: {', '.join(sorted(unknown))}.")
            new = replace(self.run.settings, **changes).checked()
            if new == self.run.settings:
                return new
            text_defines = {k for k in _TEXT_NETWORK if getattr(new, k) != getattr(self.run.settings, k)}
            if self._document is not None and text_defines:
                raise TrainingRunError("This network is the expression's: change its layers in the text "
                                       "(e.g. MLP(3, [8, 1])), or train on one of the lab's datasets.")
            if set(changes) <= LIVE_SETTINGS or all(
                    getattr(new, k) == getattr(self.run.settings, k) for k in set(changes) - LIVE_SETTINGS):
                self.run.settings = new
                self._emit("settings")
                return new
            self._rebuild(new)
        return new

    def _rebuild(self, settings: LabSettings) -> None:
        """A new run from ``settings`` (the document's network and data when the lab
        follows the document, else a fresh network from the init seed)."""
        if self.running:
            raise TrainingRunError("Pause training before changing the data or the network.")
        if self._document is not None:
            network, data = self._document
            run = TrainingRun(settings, data, network=network)
        else:
            run = TrainingRun(settings)
        self.run = run
        self.bounds = _bounds(run.dataset)
        self.message = ""
        self._rate = (0.0, 0, 0.0)
        self._emit("settings", "run", "message")

    def saved(self) -> SavedLab:
        """What Save keeps of the lab."""
        with self._lock:
            return SavedLab(self.run.settings, self.source)

    def apply_saved(self, saved: SavedLab, setup: TrainingSetup | None = None) -> None:
        """Show a document's lab: its settings, training the text's network (``setup``,
        ``Program.training``) if it did and the text still defines one, else a new
        run on the lab's own data. Raises TrainingRunError (nothing changed)."""
        settings = saved.settings.checked()
        with self._lock:
            if self.running:
                raise TrainingRunError("Pause training before opening another document.")
            if saved.source == "document" and setup is not None:
                self.use_training(setup, base=settings)
            elif self.source == "lab" and self.run.settings == settings and self.run.step_count == 0:
                return  # this very run, untouched: nothing to rebuild
            else:
                self._document = None
                self.source = "lab"
                self._rebuild(settings)

    def use_training(self, setup: TrainingSetup, network: MLP | None = None, *,
                     base: LabSettings | None = None) -> None:
        """Train what the expression trains (``Program.training``): its network (or
        ``network``, the same one from another build of the text), on the data its
        loss goes over, with its loss and L2 alpha — micrograd's demo trains with
        its hinge loss and alpha 1e-4, the lecture with summed squared error — so
        step 0's loss is the text's loss."""
        self.use_network(network if network is not None else setup.model, setup.dataset.xs, setup.dataset.ys,
                         loss=setup.loss, alpha=setup.alpha, base=base)

    def use_network(self, network: MLP, xs: Sequence[Sequence[float]], ys: Sequence[float], *,
                    loss: str = "sse", alpha: float | None = None, base: LabSettings | None = None) -> None:
        """Train the network an expression defines, on its ``xs`` and ``ys``, from
        the weights it has now, with the expression's loss (the lecture's summed
        squared error unless told) and L2 ``alpha`` (None: the lab's own for the
        hinge loss, else 0): step 0's loss is then the graph's loss. The other
        settings are ``base``'s (default: the lab's)."""
        try:
            data = Dataset("expression", np.array(xs, dtype=float).reshape(len(ys), -1),
                           np.array(ys, dtype=float))
        except ValueError:
            raise TrainingRunError("The expression's xs and ys must be lists of numbers of one "
                                   "length each.") from None
        hidden = tuple(len(layer.neurons) for layer in network.layers[:-1])
        first, last = network.layers[0].neurons[0], network.layers[-1].neurons[0]
        activation = first.activation if len(network.layers) > 1 else "tanh"
        output = last.activation if last.activation in ("linear", "tanh") else "linear"
        with self._lock:
            settings = replace(base or self.run.settings, hidden=hidden, activation=activation, output=output,
                               loss=loss, alpha=alpha if alpha is not None else
                               0.0 if loss != "hinge" else (base or self.run.settings).alpha)
            self._document = (network, data)
            self.source = "document"
            try:
                self._rebuild(settings.checked())
            except TrainingRunError:
                self._document = None
                self.source = "lab"
                raise

    def use_lab_data(self) -> None:
        """Stop following the document: the lab's own dataset and a fresh network."""
        with self._lock:
            self._document = None
            self.source = "lab"
            self._rebuild(self.run.settings)

    def reset(self) -> None:
        """Back to step 0 with the starting weights; the history is cleared."""
        with self._lock:
            if self.running:
                raise TrainingRunError("Pause training before resetting.")
            self.run.reset()
            self.message = ""
            self._rate = (0.0, 0, 0.0)
            self._emit("run", "message")

    def set_running(self, running: bool) -> None:
        with self._lock:
            if running == self.running:
                return
            self.running = running
            if running:
                self.message = ""
                self._rate = (time.perf_counter(), self.run.step_count, self._rate[2])
            self._emit("running", "message")

    # -- stepping (any one thread) -----------------------------------------------------

    def advance(self, steps: int = 1, *, budget: float | None = None) -> int:
        """Take up to ``steps`` steps, stopping early at the run's planned length,
        after ``budget`` seconds, or when the loss diverges (the message says
        which step; the weights are those before it). Returns the steps taken."""
        taken = 0
        start = time.perf_counter()
        while taken < steps:
            with self._lock:
                run = self.run
                if run.finished:
                    break
                try:
                    run.step()
                except LossDiverged as exc:
                    self.message = str(exc)
                    self.version += 1
                    return -1 if taken == 0 else taken
                taken += 1
                self.version += 1
            if budget is not None and time.perf_counter() - start >= budget:
                break
        self._measure_rate()
        return taken

    def _measure_rate(self) -> None:
        with self._lock:
            t0, k0, rate = self._rate
            now, k = time.perf_counter(), self.run.step_count
            if t0 and now - t0 >= 0.5:
                self._rate = (now, k, (k - k0) / (now - t0))
            elif not t0:
                self._rate = (now, k, rate)

    # -- the document and undo ---------------------------------------------------------

    def write_weights(self, parameters: Sequence[Value] | None = None) -> None:
        """Copy the current weights into ``parameters`` (default: the network's own,
        which are the graph's weight leaves when the lab follows the document)."""
        with self._lock:
            self.run.write_weights(parameters)

    def state(self) -> LabState:
        with self._lock:
            run = self.run
            return LabState(run.settings, tuple(run.theta), tuple(run.velocity), tuple(run.grad_sum),
                            run.step_count,
                            tuple(run.losses), tuple(run.accuracies), run._batches.bit_generator.state,
                            self._document)

    def restore(self, state: LabState) -> None:
        """Put back a state from :meth:`state` (undo or redo of a run)."""
        with self._lock:
            if self.running:
                raise TrainingRunError("Pause training before undoing.")
            structural = {k for k in LabSettings.__dataclass_fields__
                          if getattr(state.settings, k) != getattr(self.run.settings, k)} - LIVE_SETTINGS
            if structural or not _same_document(state.document, self._document):
                self._document = state.document
                self.source = "lab" if state.document is None else "document"
                self._rebuild(state.settings)
            self.run.settings = state.settings
            run = self.run
            run.reset(state.weights)
            run.velocity = np.array(state.velocity)
            run.grad_sum = np.array(state.grad_sum)
            run.step_count = state.step
            run.history.losses[:] = state.losses
            run.history.accuracies[:] = state.accuracies
            run._batches.bit_generator.state = state.batch_state
            self.message = ""
            self._emit("run", "message")


def _same_document(a: tuple[MLP, Dataset] | None, b: tuple[MLP, Dataset] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] is b[0] and a[1] is b[1]


def _bounds(data: Dataset) -> tuple[float, float, float, float]:
    """The map's extent: a square around the points' box, with a margin (square, as
    Playground's: the map is as big as its column allows, and shapes keep their shape)."""
    if data.features < 2:
        return (-1.0, 1.0, -1.0, 1.0)
    lo, hi = data.xs[:, :2].min(axis=0), data.xs[:, :2].max(axis=0)
    centre = (lo + hi) / 2
    half = max(float((hi - lo).max()), 1.0) * (0.5 + MAP_MARGIN / 2)
    x, y = float(centre[0]), float(centre[1])
    return (x - half, x + half, y - half, y + half)
