"""The training lab's settings: data, network, training — widgets that send changes.

Each widget sends its new value as a command (:meth:`Commands.set_lab_settings`,
one undo step, which calls :meth:`TrainingLab.configure`); nothing here
keeps state of its own. When the lab's settings change (a new run, an undo, a
file opened), :meth:`TrainingSettingsForm.show_settings` puts them back into the
widgets without sending them again. A value the lab refuses comes back as a
sentence naming the limit (``errorOccurred``) and the widget shows the lab's
value again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..engine.datasets import DATASETS, MAX_NOISE, MAX_SIZE
from ..engine.losses import LOSS_TITLES
from ..engine.training_run import MAX_LR, MAX_STEPS, LabSettings, TrainingRunError
from ..model.commands import Commands
from ..model.training_lab import LIVE_SETTINGS, TrainingLab
from .plot_inputs import NumberBox

__all__ = ["TrainingSettingsForm", "parse_layers", "EXPRESSION"]

EXPRESSION = "expression"  # the dataset picker's entry for the expression's own network and data


def parse_layers(text: str) -> tuple[int, ...]:
    """``"16, 16"`` -> (16, 16); an empty text is no hidden layer."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise TrainingRunError("Write the hidden layer sizes as whole numbers separated by commas, "
                               "e.g. 16, 16.") from None


class TrainingSettingsForm(QWidget):
    """Dataset, network and training settings in three groups."""

    errorOccurred = Signal(str)
    datasetPicked = Signal(str)  # a DATASETS key, or EXPRESSION

    def __init__(self, lab: TrainingLab, commands: Commands | None = None, parent: QWidget | None = None):
        """The settings of ``lab``; each change is one of ``commands`` (an undo step)
        when given, else goes to the lab directly."""
        super().__init__(parent)
        self.lab = lab
        self.commands = commands
        self._quiet = False
        self.dataset = _combo("labDataset", [], "Which points to learn.")
        for key, kind in DATASETS.items():
            self.dataset.addItem(kind.title, key)
            self.dataset.setItemData(self.dataset.count() - 1, kind.hint, 3)  # 3: ToolTipRole
        self.size = _spin(2, MAX_SIZE, "labSize", "How many points to generate.")
        self.noise = _dspin(0.0, MAX_NOISE, 0.05, 2, "labNoise",
                            "How far the points stray from the clean shape.")
        self.data_seed = _spin(0, 2**31 - 1, "labDataSeed", "The same seed gives the same points.")

        self.hidden = QLineEdit()
        self.hidden.setObjectName("labHidden")
        self.hidden.setToolTip("Neurons per hidden layer, e.g. 16, 16 (micrograd's demo). "
                               "Empty: one neuron, a straight boundary.")
        self.activation = _combo("labActivation", [("relu", "relu"), ("tanh", "tanh")],
                                 "The hidden neurons' activation.")
        self.output = _combo("labOutput", [("linear", "linear"), ("tanh", "tanh")],
                             "The output neuron: linear (the demo) or squashed by tanh (the lecture).")
        self.init_seed = _spin(0, 2**31 - 1, "labInitSeed", "The seed the starting weights are drawn from.")

        # Short names, the full ones in their tooltips: at 1024 px the column is narrow and
        # "Max-margin hinge (micrograd's demo)" was cut to "Max-margin hinge (micr…".
        self.loss = _combo("labLoss", [(_LOSS_SHORT[key], key) for key in LOSS_TITLES],
                           "What training lowers.")
        for i, title in enumerate(LOSS_TITLES.values()):
            self.loss.setItemData(i, title, 3)  # 3: ToolTipRole
        self.loss.currentIndexChanged.connect(self._loss_tip)
        self._loss_tip()
        self.alpha = _dspin(0.0, 1.0, 0.0001, 5, "labAlpha",
                            "L2 regularisation: alpha * sum(p*p) is added to the loss (the demo: 0.0001).")
        self.lr = _dspin(0.0001, MAX_LR, 0.05, 4, "labLr", "How far each step moves the weights.")
        self.schedule = _combo("labSchedule", [("decays to lr/10", "decay"), ("constant", "constant")],
                               "micrograd's demo lowers the rate from lr to lr/10 over the run: "
                               "lr * (1 - 0.9k/steps) at step k.")
        self.momentum = _dspin(0.0, 0.99, 0.1, 2, "labMomentum",
                               "Momentum: each step keeps this share of the previous one (0: plain SGD).")
        self.batch = _spin(0, MAX_SIZE, "labBatch", "Samples per step, drawn at random from the batch seed; "
                                                    "'all' uses every sample every step.")
        self.batch.setSpecialValueText("all")
        self.steps = _spin(1, MAX_STEPS, "labSteps", "How many steps a run takes (the schedule spans them).")
        self.zero_grad = QCheckBox("Zero grads before backward")
        self.zero_grad.setObjectName("labZeroGrad")
        self.zero_grad.setToolTip("Untick to reproduce the lecture's bug: without zeroing, every step uses "
                                  "the sum of all the grads so far, and the steps grow too big.")

        data = QFormLayout()
        data.addRow("Dataset", self.dataset)
        data.addRow("Points", self.size)
        data.addRow("Noise", self.noise)
        data.addRow("Seed", self.data_seed)
        net = QFormLayout()
        net.addRow("Hidden layers", self.hidden)
        net.addRow("Activation", self.activation)
        net.addRow("Output", self.output)
        net.addRow("Weight seed", self.init_seed)
        train = QFormLayout()
        train.addRow("Loss", self.loss)
        train.addRow("L2 alpha", self.alpha)
        train.addRow("Learning rate", self.lr)
        train.addRow("Schedule", self.schedule)
        train.addRow("Momentum", self.momentum)
        train.addRow("Batch size", self.batch)
        train.addRow("Steps", self.steps)
        train.addRow(self.zero_grad)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, form in (("Data", data), ("Network", net), ("Training", train)):
            box = QGroupBox(title)
            box.setLayout(form)
            layout.addWidget(box)
        layout.addStretch(1)

        self.dataset.currentIndexChanged.connect(self._on_dataset)
        for name, spin in (("size", self.size), ("data_seed", self.data_seed), ("init_seed", self.init_seed),
                           ("batch_size", self.batch), ("steps", self.steps)):
            spin.valueChanged.connect(lambda v, n=name: self._send(**{n: int(v)}))
        for name, spin in (("noise", self.noise), ("alpha", self.alpha), ("lr", self.lr),
                           ("momentum", self.momentum)):
            spin.valueChanged.connect(lambda v, n=name: self._send(**{n: float(v)}))
        for name, combo in (("activation", self.activation), ("output", self.output), ("loss", self.loss),
                            ("schedule", self.schedule)):
            combo.currentIndexChanged.connect(lambda _i, n=name, c=combo: self._send(**{n: c.currentData()}))
        self.zero_grad.toggled.connect(lambda on: self._send(zero_grad=bool(on)))
        self.hidden.editingFinished.connect(self._on_hidden)
        self.show_settings(lab.settings)

    # -- lab -> widgets --------------------------------------------------------------------

    def show_settings(self, s: LabSettings) -> None:
        self._quiet = True
        try:
            key = EXPRESSION if self.lab.source == "document" else s.dataset
            i = self.dataset.findData(key)
            if i >= 0:
                self.dataset.setCurrentIndex(i)
            self.size.setValue(s.size)
            self.noise.setValue(s.noise)
            self.data_seed.setValue(min(s.data_seed, self.data_seed.maximum()))
            if not self.hidden.hasFocus():
                self.hidden.setText(", ".join(map(str, s.hidden)))
            for combo, value in ((self.activation, s.activation), (self.output, s.output),
                                 (self.loss, s.loss), (self.schedule, s.schedule)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            self.init_seed.setValue(min(s.init_seed, self.init_seed.maximum()))
            self.alpha.setValue(s.alpha)
            self.lr.setValue(s.lr)
            self.momentum.setValue(s.momentum)
            self.batch.setValue(s.batch_size)
            self.steps.setValue(s.steps)
            self.zero_grad.setChecked(s.zero_grad)
            generated = self.lab.source != "document" and DATASETS[s.dataset].make is not None
            for w in (self.size, self.noise, self.data_seed):
                w.setEnabled(generated and not self.lab.running)
            from_doc = self.lab.source == "document"
            for w in (self.hidden, self.activation, self.output, self.init_seed):
                w.setEnabled(not from_doc and not self.lab.running)
        finally:
            self._quiet = False

    def set_running(self, running: bool) -> None:
        """While training, only settings a run can take between steps stay editable."""
        for name, w in self._widgets().items():
            if name not in LIVE_SETTINGS:
                w.setEnabled(not running)
        if not running:
            self.show_settings(self.lab.settings)

    def _widgets(self) -> dict[str, QWidget]:
        return {"dataset": self.dataset, "size": self.size, "noise": self.noise, "data_seed": self.data_seed,
                "hidden": self.hidden, "activation": self.activation, "output": self.output,
                "init_seed": self.init_seed, "loss": self.loss, "alpha": self.alpha, "lr": self.lr,
                "schedule": self.schedule, "momentum": self.momentum, "batch_size": self.batch,
                "steps": self.steps, "zero_grad": self.zero_grad}

    def offer_expression(self, available: bool) -> None:
        """Show (or hide) the "From the expression" entry of the dataset picker."""
        i = self.dataset.findData(EXPRESSION)
        self._quiet = True
        try:
            if available and i < 0:
                self.dataset.addItem("From the expression", EXPRESSION)
                tip = "The network, xs and ys the expression defines, from its weights."
                self.dataset.setItemData(self.dataset.count() - 1, tip, 3)
            elif not available and i >= 0:
                self.dataset.removeItem(i)
        finally:
            self._quiet = False

    # -- widgets -> lab --------------------------------------------------------------------

    def _send(self, **changes) -> None:
        if self._quiet:
            return
        try:
            if self.commands is not None:
                self.commands.set_lab_settings(self.lab, **changes)
            else:
                self.lab.configure(**changes)
        except TrainingRunError as exc:
            self.errorOccurred.emit(str(exc))
            self.show_settings(self.lab.settings)

    def _loss_tip(self) -> None:
        self.loss.setToolTip(f"What training lowers: {self.loss.currentData(3)}.")

    def _on_dataset(self, _index: int) -> None:
        if not self._quiet:
            self.datasetPicked.emit(self.dataset.currentData())

    def _on_hidden(self) -> None:
        if self._quiet:
            return
        try:
            hidden = parse_layers(self.hidden.text())
        except TrainingRunError as exc:
            self.errorOccurred.emit(str(exc))
            self.show_settings(self.lab.settings)
            return
        if hidden != self.lab.settings.hidden:
            self._send(hidden=hidden)


def _spin(low: int, high: int, name: str, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)  # one change per finished number, not per digit typed
    return box


def _dspin(low: float, high: float, step: float, decimals: int, name: str, tip: str) -> QDoubleSpinBox:
    box = NumberBox(low, high)  # 0.05, as the status line writes the lr, not 0.0500
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    return box


_LOSS_SHORT = {"sse": "Squares, summed", "mse": "Squares, averaged", "hinge": "Hinge (the demo)"}


def _combo(name: str, items: list[tuple[str, str]], tip: str) -> QComboBox:
    box = QComboBox()
    # A long entry ("Max-margin hinge (micrograd's demo)") must not widen the whole column.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)  # with the lab open at 1024 px the form has ~270 px
    box.setObjectName(name)
    box.setToolTip(tip)
    for text, data in items:
        box.addItem(text, data)
    return box
