"""The Training panel: train the lecture's MLP and watch the loss fall.

What TensorFlow Playground users expect, at the lecture's scale: a learning
rate, a number of steps and a seed; Train / Stop / Reset; a progress bar; a loss
curve that updates live; a table of predictions against targets; and the graph
of one sample (pick which) with its data and grads at the current weights.
"Zero grads before backward" can be unticked to show the lecture's bug: the grads
pile up across steps and the loss curve stops falling.

Training runs in a worker thread (QThread) through the Qt-free
:class:`explorer.model.training.Trainer`. The worker reports a snapshot at most every
50 ms (plain numbers, copied under the trainer's lock), so the window repaints
about 20 times a second however fast the steps are, and stays responsive.

Where the network comes from: the expression, when it defines one with data
(``n = MLP(3, [4, 4, 1])``, ``xs``, ``ys``, the loss); otherwise the lecture's
network and dataset, so Train always does something.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..errors import ExplorerError
from ..model.training import (
    SampleGraph,
    Trainer,
    TrainingError,
    TrainingProblem,
    TrainingSettings,
    TrainingSnapshot,
    lecture_problem,
)
from .binding import bind
from .loss_curve import LossCurve

__all__ = ["TrainingPanel", "TrainingDock", "install_training_view"]

PROGRESS_INTERVAL = 0.05  # seconds between progress reports from the worker
GRAPH_INTERVAL = 0.25  # seconds between redraws of the sample graph while training
# Heavy drawing is split into turns of the event loop with a real (1 ms) timer in
# between: a zero timer would run before timers already due (a key repeat, a tick).
YIELD_MS = 1
ACK_TIMEOUT = 0.2  # longest the worker waits for the window to draw a report
# While training runs, Python switches threads every 0.5 ms instead of 5 ms, so an
# event (a key, a timer) waits at most that long for the lock between reports.
SWITCH_INTERVAL = 0.0005
WORKER_NICE = 10


class _Worker(QObject):
    """Runs ``trainer.run`` in the worker thread; reports through queued signals.

    After each progress report the worker waits (releasing the GIL) until the
    window says it has drawn it, or ACK_TIMEOUT passes. Python threads share one
    interpreter lock, and a busy worker would otherwise make every Python paint
    call of the window (the graph's items, the curve) wait its turn for the lock;
    this way the window draws uncontended, a few milliseconds in every 50."""

    progress = Signal(object)  # TrainingSnapshot
    finished = Signal(object)  # TrainingSnapshot
    failed = Signal(str)

    def __init__(self, trainer: Trainer, steps: int):
        super().__init__()
        self.trainer = trainer
        self.steps = steps
        self.drawn = threading.Event()

    def _report(self, snap: TrainingSnapshot) -> None:
        self.drawn.clear()
        self.progress.emit(snap)
        if snap.running:
            self.drawn.wait(ACK_TIMEOUT)

    @Slot()
    def run(self) -> None:
        _lower_priority()
        try:
            snap = self.trainer.run(self.steps, on_progress=self._report, interval=PROGRESS_INTERVAL,
                                    clear_stop=False)
        except ExplorerError as exc:
            self.failed.emit(str(exc))
            snap = self.trainer.snapshot()
        self.finished.emit(snap)


def _lower_priority() -> None:
    """Let the window's thread win the CPU when both want it (Linux and macOS: a
    thread's own nice value; elsewhere nothing). The worker still gets every
    cycle the window does not need."""
    if not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
    except (OSError, AttributeError):
        pass


class TrainingPanel(QWidget):
    """Train / Stop / Reset with a live loss curve, predictions and one sample's graph.

    ``session``: when given, the network and data come from its expression (and
    follow it as it changes). ``graph_view``: a GraphView to draw the sample graph
    in; by default the panel makes its own. The ``sampleGraphChanged`` /
    ``sampleValuesChanged`` signals let a window draw the sample graph elsewhere too.
    """

    trainingStarted = Signal()
    trainingFinished = Signal(object)  # TrainingSnapshot
    sampleGraphChanged = Signal(object)  # engine Graph (a new shape: lay it out)
    sampleValuesChanged = Signal(object)  # the same Graph with new data/grads
    errorOccurred = Signal(str)
    settingsChanged = Signal()  # learning rate, steps, seed, zero grad or sample changed

    def __init__(self, session=None, parent: QWidget | None = None, *, graph_view: QWidget | None = None,
                 settings: TrainingSettings | None = None):
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.session = session
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._run_start_step = 0
        self._run_steps = 0
        self._last_graph_draw = 0.0
        self._problem_source = "lecture"
        self._pending_problem: tuple[TrainingProblem, str] | None = None
        self._saved_switch = sys.getswitchinterval()
        self._table_problem: TrainingProblem | None = None  # whose inputs the table shows
        self._quiet = False
        settings = (settings or TrainingSettings()).checked()
        self.trainer = Trainer(lecture_problem(), settings)
        self.sample_graph: SampleGraph | None = None
        self._build(graph_view)
        self._apply_settings_to_widgets(settings)
        if session is not None:
            bind(self, (session.events.structure, self._on_structure))
            self.follow_session()
        self._rebuild_sample()
        self._show(self.trainer.snapshot())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- widgets -----------------------------------------------------------------------

    def _build(self, graph_view: QWidget | None) -> None:
        self.source_label = QLabel()
        self.source_label.setObjectName("trainingSource")
        self.source_label.setWordWrap(True)

        self.lr_box = QDoubleSpinBox()
        self.lr_box.setObjectName("trainingLr")
        self.lr_box.setDecimals(4)
        self.lr_box.setRange(0.0001, 10.0)
        self.lr_box.setSingleStep(0.01)
        self.lr_box.setToolTip("How far each step moves the weights against their gradient "
                               "(the lecture uses 0.05 to 0.1).")
        self.steps_box = QSpinBox()
        self.steps_box.setObjectName("trainingSteps")
        self.steps_box.setRange(1, 1_000_000)
        self.steps_box.setToolTip("How many gradient steps one press of Train takes.")
        self.seed_box = QSpinBox()
        self.seed_box.setObjectName("trainingSeed")
        self.seed_box.setRange(0, 2**31 - 1)
        self.seed_box.setToolTip("The random seed the weights are drawn from; Reset draws them again.")
        self.zero_grad_box = QCheckBox("Zero grads before backward")
        self.zero_grad_box.setObjectName("trainingZeroGrad")
        self.zero_grad_box.setToolTip("Untick to reproduce the lecture's bug: without zeroing, the grads "
                                      "of every step add up and the steps grow too big.")

        form = QFormLayout()
        form.addRow("Learning rate", self.lr_box)
        form.addRow("Steps", self.steps_box)
        form.addRow("Seed", self.seed_box)
        form.addRow(self.zero_grad_box)

        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainingTrain")
        self.train_button.setToolTip("Run the steps: forward, zero grads, backward, update — "
                                     "in the background.")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("trainingStop")
        self.stop_button.setToolTip("Stop after the current step.")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("trainingReset")
        self.reset_button.setToolTip("Draw fresh weights from the seed and clear the loss curve.")
        buttons = QHBoxLayout()
        for b in (self.train_button, self.stop_button, self.reset_button):
            buttons.addWidget(b)

        self.progress = QProgressBar()
        self.progress.setObjectName("trainingProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setObjectName("trainingStatus")
        self.status.setWordWrap(True)
        self.log_box = QCheckBox("Log scale")
        self.log_box.setChecked(True)
        self.log_box.setToolTip("Draw the loss on a logarithmic axis (each line is ten times the one below).")

        self.curve = LossCurve()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("trainingPredictions")
        self.table.setHorizontalHeaderLabels(["input", "target", "prediction", "error"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.table.setToolTip("The network's output for each sample at the current weights.")

        self.sample_box = QComboBox()
        self.sample_box.setObjectName("trainingSample")
        self.sample_box.setToolTip("Which sample's graph to draw. Its grads are that sample's share of "
                                   "the batch gradient.")
        self.expand_box = QCheckBox("Show every product")
        self.expand_box.setToolTip("Draw w·x + b as one * node per input and a Σ, as the lecture does, "
                                   "instead of one dot node per neuron.")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.source_label)
        lv.addLayout(form)
        lv.addLayout(buttons)
        lv.addWidget(self.progress)
        lv.addWidget(self.status)
        lv.addWidget(self.log_box)
        lv.addWidget(self.curve, 1)
        lv.addWidget(self.table)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Graph of"))
        pick.addWidget(self.sample_box, 1)
        pick.addWidget(self.expand_box)
        rv.addLayout(pick)
        self.graph_view = graph_view if graph_view is not None else _make_graph_view()
        self._owns_graph_view = graph_view is None
        rv.addWidget(self.graph_view, 1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("trainingSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)

        self.train_button.clicked.connect(self.train)
        self.stop_button.clicked.connect(self.stop)
        self.reset_button.clicked.connect(self.reset)
        self.log_box.toggled.connect(self.curve.set_log_scale)
        self.sample_box.currentIndexChanged.connect(self._on_sample_changed)
        self.expand_box.toggled.connect(lambda _on: self._rebuild_sample())
        for box in (self.lr_box, self.steps_box, self.seed_box):
            box.valueChanged.connect(self._on_setting_changed)
        self.zero_grad_box.toggled.connect(self._on_setting_changed)

    def _apply_settings_to_widgets(self, settings: TrainingSettings) -> None:
        self._quiet = True
        try:
            self.lr_box.setValue(settings.lr)
            self.steps_box.setValue(settings.steps)
            self.seed_box.setValue(min(settings.seed, self.seed_box.maximum()))
            self.zero_grad_box.setChecked(settings.zero_grad)
        finally:
            self._quiet = False

    # -- settings ----------------------------------------------------------------------

    @property
    def settings(self) -> TrainingSettings:
        """The settings as the widgets show them (saved with the session)."""
        return self.trainer.settings

    def apply_settings(self, settings: TrainingSettings | None) -> None:
        """Show ``settings`` (from an opened file); a new seed redraws the weights."""
        if settings is None or self.running:
            return
        old_seed = self.trainer.settings.seed
        self.trainer.configure(lr=settings.lr, steps=settings.steps, seed=settings.seed,
                               zero_grad=settings.zero_grad)
        self._apply_settings_to_widgets(self.trainer.settings)
        if settings.seed != old_seed:
            self.reset()
        if 0 <= settings.sample < self.sample_box.count():
            self.sample_box.setCurrentIndex(settings.sample)

    def _on_setting_changed(self, *_args) -> None:
        if self._quiet:
            return
        try:
            self.trainer.configure(lr=float(self.lr_box.value()), steps=int(self.steps_box.value()),
                                   seed=int(self.seed_box.value()),
                                   zero_grad=self.zero_grad_box.isChecked(),
                                   sample=max(0, self.sample_box.currentIndex()))
        except TrainingError as exc:
            self._report(str(exc))
            return
        self.settingsChanged.emit()

    # -- the network and data ----------------------------------------------------------

    def follow_session(self) -> None:
        """Train what the expression defines, or the lecture's network if it defines none."""
        program = getattr(self.session, "program", None) if self.session is not None else None
        try:
            problem = TrainingProblem.from_program(program) if program is not None else None
        except TrainingError:
            problem = None
        self.set_problem(problem)

    def set_problem(self, problem: TrainingProblem | None) -> None:
        """Train ``problem`` (None: the lecture's). Keeps the weights if nothing changed."""
        source = "expression" if problem is not None else "lecture"
        problem = problem or lecture_problem()
        if problem == self.trainer.problem and source == self._problem_source:
            self._pending_problem = None
            return
        if self.running:
            # The expression changed under a running training: finish this run
            # on the old network; the new one is picked up when it ends.
            self._pending_problem = (problem, source)
            return
        self._problem_source = source
        self.trainer = Trainer(problem, self.trainer.settings)
        self._rebuild_samples_box()
        self._rebuild_sample()
        self._show(self.trainer.snapshot())

    def _on_structure(self, _same_shape: bool) -> None:
        self.follow_session()

    def _describe_source(self) -> str:
        p = self.trainer.problem
        net = f"MLP({p.nin}, [{', '.join(map(str, p.layers))}])"
        data = f"{len(p.xs)} sample{'s' if len(p.xs) != 1 else ''}"
        loss = "sum of squared errors" if p.loss == "sse" else "mean squared error"
        where = ("from the expression" if self._problem_source == "expression"
                 else "the lecture's (the expression defines no network with xs and ys)")
        return f"<b>{net}</b> on {data}, loss: {loss} — {where}."

    def _rebuild_samples_box(self) -> None:
        p = self.trainer.problem
        current = self.sample_box.currentIndex()
        self.sample_box.blockSignals(True)
        self.sample_box.clear()
        for i, (x, y) in enumerate(zip(p.xs, p.ys)):
            self.sample_box.addItem(f"sample {i + 1}: {_vec(x)} → {y:g}")
        self.sample_box.setCurrentIndex(current if 0 <= current < len(p.xs) else 0)
        self.sample_box.blockSignals(False)

    def _on_sample_changed(self, index: int) -> None:
        if index >= 0:
            self._rebuild_sample()
            self._on_setting_changed()

    def _rebuild_sample(self) -> None:
        if self.sample_box.count() == 0:
            self._rebuild_samples_box()
        index = max(0, self.sample_box.currentIndex())
        self.sample_graph = SampleGraph(self.trainer.problem, index, expand=self.expand_box.isChecked())
        graph = self.sample_graph.update(self.trainer.snapshot().weights)
        set_graph = getattr(self.graph_view, "set_graph", None)
        if set_graph is not None:
            set_graph(graph, True)
        self.sampleGraphChanged.emit(graph)

    def _refresh_sample(self, snap: TrainingSnapshot, *, paint_now: bool = False) -> None:
        if self.sample_graph is None:
            return
        graph = self.sample_graph.update(snap.weights)
        refresh = getattr(self.graph_view, "refresh_values", None)
        if refresh is not None:
            refresh(True)
            viewport = getattr(self.graph_view, "viewport", None)
            if paint_now and viewport is not None and self.graph_view.isVisible():
                viewport().repaint()
        self.sampleValuesChanged.emit(graph)
        self._last_graph_draw = time.monotonic()

    # -- running -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    def train(self) -> None:
        """Start training in the background (the settings' number of steps)."""
        if self.running:
            return
        self._on_setting_changed()
        self._run_start_step = self.trainer.snapshot().step
        self._run_steps = self.trainer.settings.steps
        self.trainer.clear_stop()  # a Stop from now on stops this run, even before it starts
        self._thread = QThread()
        self._thread.setObjectName("training")
        self._worker = _Worker(self.trainer, self._run_steps)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Queued: the slots run in this (the GUI) thread, whatever emits.
        queued = Qt.ConnectionType.QueuedConnection
        self._worker.progress.connect(self._on_progress, queued)
        self._worker.failed.connect(self._report, queued)
        self._worker.finished.connect(self._on_finished, queued)
        # The thread's own loop ends as soon as the work does, even if this
        # thread is busy (or blocked in shutdown()) and sees _on_finished later.
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self.progress.setRange(0, self._run_steps)
        self.progress.setValue(0)
        self._set_running(True)
        self._saved_switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._saved_switch, SWITCH_INTERVAL))
        self.trainingStarted.emit()
        self._thread.start()

    def stop(self) -> None:
        """Ask the worker to stop after the step it is in."""
        self.trainer.stop()

    def reset(self) -> None:
        """Fresh weights from the seed; the loss curve starts again."""
        if self.running:
            return
        self._on_setting_changed()
        try:
            snap = self.trainer.reset(int(self.seed_box.value()))
        except TrainingError as exc:
            self._report(str(exc))
            return
        self._refresh_sample(snap)
        self._show(snap)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop training and wait for the worker (before the window closes)."""
        if self._thread is not None:
            self.trainer.stop()
            worker = self._worker
            if worker is not None:
                worker.drawn.set()
            self._thread.quit()
            self._thread.wait(timeout_ms)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Run the event loop until the current run ends (for scripts and tests);
        True if it ended in time."""
        if self._thread is None:
            return True
        loop = QEventLoop()
        self.trainingFinished.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.trainingFinished.disconnect(loop.quit)
        return self._thread is None

    @Slot(object)
    def _on_progress(self, snap: TrainingSnapshot) -> None:
        # Draw now, while the worker waits, then let it go on (see _Worker). The
        # sample graph, when due, is drawn in a turn of its own (YIELD_MS), so that
        # events waiting meanwhile (a key, a timer) are handled between the two.
        self._show(snap, paint_now=True)
        if time.monotonic() - self._last_graph_draw >= GRAPH_INTERVAL:
            QTimer.singleShot(YIELD_MS, lambda: self._draw_sample_then_release(snap))
            return
        self._release_worker()

    def _draw_sample_then_release(self, snap: TrainingSnapshot) -> None:
        self._refresh_sample(snap, paint_now=True)
        self._release_worker()

    def _release_worker(self) -> None:
        worker = self._worker
        if worker is not None:
            worker.drawn.set()

    @Slot(object)
    def _on_finished(self, snap: TrainingSnapshot) -> None:
        thread, self._thread = self._thread, None
        self._worker = None
        sys.setswitchinterval(self._saved_switch)
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self._set_running(False)
        self._show(snap)
        QTimer.singleShot(YIELD_MS, lambda: self._refresh_sample(snap))
        self.trainingFinished.emit(snap)
        pending, self._pending_problem = self._pending_problem, None
        if pending is not None:
            self.set_problem(pending[0] if pending[1] == "expression" else None)

    def _set_running(self, on: bool) -> None:
        self.train_button.setEnabled(not on)
        self.stop_button.setEnabled(on)
        self.reset_button.setEnabled(not on)
        for w in (self.lr_box, self.steps_box, self.seed_box, self.zero_grad_box):
            w.setEnabled(not on)

    def _report(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c62828'>{message}</span>")
        self.errorOccurred.emit(message)

    # -- showing a snapshot ----------------------------------------------------------------

    def _show(self, snap: TrainingSnapshot, *, paint_now: bool = False) -> None:
        self.source_label.setText(self._describe_source())
        self.curve.set_losses(snap.losses, paint_now=paint_now)
        if self.running:
            self.progress.setValue(max(0, min(self._run_steps, snap.step - self._run_start_step)))
        elif snap.step == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        else:
            self.progress.setValue(self.progress.maximum())
        loss = "—" if snap.loss is None else f"{snap.loss:.6g}"
        text = f"step {snap.step} · loss {loss}"
        if snap.grads_accumulated:
            text += (" · grads were not zeroed: each step used the sum of all the grads so far "
                     "(the lecture's bug)")
        if snap.diverged:
            text += " · the loss overflowed: lower the learning rate and press Reset"
        self.status.setText(text)
        self._fill_table(snap)

    def _fill_table(self, snap: TrainingSnapshot) -> None:
        p = self.trainer.problem
        if self._table_problem is not p:
            self._table_problem = p
            self.table.setRowCount(len(p.xs))
            for i, x in enumerate(p.xs):
                self.table.setItem(i, 0, QTableWidgetItem(_vec(x)))
                self.table.setItem(i, 1, QTableWidgetItem(f"{p.ys[i]:g}"))
                self.table.setItem(i, 2, QTableWidgetItem())
                self.table.setItem(i, 3, QTableWidgetItem())
            self.table.setMaximumHeight(self.table.horizontalHeader().height()
                                        + sum(self.table.rowHeight(r) for r in range(len(p.xs))) + 4)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        for i, (pred, target) in enumerate(zip(snap.predictions, snap.targets)):
            for col, value in ((2, pred), (3, pred - target)):
                item = self.table.item(i, col)
                item.setText(f"{value:+.4f}" if math.isfinite(value) else "overflow")
                item.setFont(mono)


def _vec(x) -> str:
    return "[" + ", ".join(f"{v:g}" for v in x) + "]"


def _make_graph_view() -> QWidget:
    """C2's GraphView when it is available; a note otherwise (the panel still trains)."""
    try:
        from .graph_view import GraphView
    except ImportError:
        label = QLabel("The sample graph appears here.")
        label.setObjectName("trainingGraphPlaceholder")
        return label
    view = GraphView()
    view.setObjectName("trainingGraphView")
    return view


# -- wiring into the main window ---------------------------------------------------------------------


class TrainingDock(QDockWidget):
    """The Training dock. Its panel is built the first time the dock is shown, so
    the window's start-up does not pay for a graph layout it may never show."""

    settingsChanged = Signal()

    def __init__(self, window, settings: TrainingSettings | None = None):
        super().__init__("Training", window)
        self.setObjectName("trainingDock")
        self._host = window
        self._settings = settings or TrainingSettings()
        self._panel: TrainingPanel | None = None
        self.setWidget(QLabel("Training appears here when this panel is shown."))
        self.visibilityChanged.connect(lambda visible: visible and self.panel)
        self.toggleViewAction().setStatusTip("Show or hide the Training panel: train the lecture's "
                                             "MLP and watch the loss fall.")

    @property
    def panel(self) -> TrainingPanel:
        if self._panel is None:
            self._panel = TrainingPanel(getattr(self._host, "session", None), self,
                                        settings=self._settings)
            self._panel.settingsChanged.connect(self.settingsChanged)
            error = getattr(self._host, "report", None)
            if error is not None:
                self._panel.errorOccurred.connect(lambda message: error(ExplorerError(message)))
            old = self.widget()
            self.setWidget(self._panel)
            if old is not None:
                old.deleteLater()
        return self._panel

    @property
    def settings(self) -> TrainingSettings:
        """What a saved session records (the panel's, or those it will start with)."""
        return self._panel.settings if self._panel is not None else self._settings

    def apply_settings(self, settings: TrainingSettings | None) -> None:
        if settings is None:
            return
        if self._panel is not None:
            self._panel.apply_settings(settings)
        else:
            self._settings = settings

    def open(self) -> TrainingPanel:
        """Show and raise the dock (building the panel)."""
        self.show()
        self.raise_()
        return self.panel

    def shutdown(self) -> None:
        if self._panel is not None:
            self._panel.shutdown()


def install_training_view(window, documents=None, *, visible: bool = False) -> TrainingDock:
    """Add the Training dock to ``window`` (tabbed with the tangent plot), a View menu
    entry to show it, and — given the window's DocumentController — save its
    settings with the session and open it with the training example."""
    dock = TrainingDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    plot_dock = getattr(window, "plot_dock", None)
    if plot_dock is not None:
        window.tabifyDockWidget(plot_dock, dock)
        plot_dock.raise_()
    if not visible:
        dock.hide()
    view_menu = (getattr(window, "menus", None) or {}).get("view")
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    if documents is not None:
        documents.attach_training(dock)
    window.training_dock = dock
    return dock
