"""The Training lab: watch a network learn a 2-D dataset, live.

What TensorFlow Playground shows, on micrograd's demo: pick a dataset (moons,
circles, XOR, spiral, two blobs, the lecture's four samples, or the network and
data the expression defines), set the network and the training, then Play. The
points sit over the network's decision map (orange where it says -1, blue where
it says +1, the black line where its output is 0); the loss and accuracy curves
grow; the network diagram shows every weight, blue positive, orange negative,
thicker when larger. Click a neuron to see its own output over the same map.

The panel only renders the Qt-free :class:`~explorer.model.training_lab.TrainingLab`
and sends it commands. Training runs in a :class:`TrainingWorker` thread; a frame
timer reads the lab's snapshot 25 times a second and draws what changed, however
fast the steps are (see :mod:`explorer.ui.training_canvas`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..engine.blas import use_one_blas_thread
from ..engine.datasets import DATASETS
from ..engine.training_run import TrainingRunError
from ..errors import ExplorerError
from ..model.aside import neuron_aside
from ..model.commands import Commands
from ..model.training_lab import LabSnapshot, LabState, TrainingLab
from ..viz.training_plots import export_picture, neuron_name
from .actions import ActionRegistry
from .training_bar import LabBar
from .training_canvas import TrainingCanvas
from .training_controls import EXPRESSION, TrainingSettingsForm
from .training_status import ProgressAndStatus, StatusLine, status_parts
from .training_worker import FULL_SPEED, TrainingThread, TrainingWorker

__all__ = ["TrainingLabPanel", "SPEEDS", "FRAME_MS", "lab_handlers"]

FRAME_MS = 40  # the display's clock: 25 frames a second at most
TICK_MS = 10  # how often the clock looks whether a frame is due
DRAW_SHARE = 0.35  # drawing takes at most this share of the time while training
GRID = 100  # the map's resolution: 100 x 100 outputs per frame
# A frame while training paints the curves and one of the map and the network (by
# turns), each in its own turn of the event loop: the window answers in between.
PARTS_PER_FRAME = 2
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, FULL_SPEED)  # steps per second; the last: as fast as possible
EXPORTS = (("boundary", "Boundary map"), ("loss", "Loss and accuracy curves"), ("network", "Network diagram"))


def speed_text(speed: float) -> str:
    """Short: the bar beside it must fit a narrow dock."""
    return "fastest" if speed == FULL_SPEED else f"{speed:g} step{'s' if speed != 1 else ''}/s"


def lab_handlers(panel: Callable[[], TrainingLabPanel]) -> dict[str, Callable[..., object]]:
    """What the action table's Training entries do, to the panel ``panel()`` gives
    (the window's shows its dock first: a menu command shows what it does)."""
    handlers: dict[str, Callable[..., object]] = {
        "train_play": lambda on: panel().set_playing(bool(on)),
        "train_step": lambda: panel().step_once(),
        "train_reset": lambda: panel().reset(),
    }
    for kind, _title in EXPORTS:
        handlers[f"train_export_{kind}"] = lambda kind=kind: panel().export_dialog(kind)
    return handlers


class TrainingLabPanel(QWidget):
    """Settings on the left; the controls, the status line and the canvas on the right."""

    runStarted = Signal()
    runStopped = Signal(str)  # "paused", "finished" or "diverged"
    errorOccurred = Signal(str)

    def __init__(self, lab: TrainingLab | None, commands: Commands, parent: QWidget | None = None,
                 actions: ActionRegistry | None = None):
        """The panel of ``lab``. Each run, Step one and Reset is sent to ``commands``
        as one undoable command (which writes the weights into the graph of
        ``commands.session`` when the lab trains the expression's network). Its
        buttons are the Training entries of ``actions``, the window's registry, whose
        handlers the composition root binds; without one (a panel on its own: tests,
        benchmarks) it makes those entries from the same table and binds them itself."""
        super().__init__(parent)
        self.setObjectName("trainingLab")
        # A click anywhere in the lab puts the keyboard focus here: Space then plays.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.actions = actions or ActionRegistry.for_panel("lab", lab_handlers(lambda: self),
                                                           lambda exc: self._report(str(exc)), self)
        use_one_blas_thread()  # the map is drawn here too when not training (see training_worker)
        self.lab = lab or TrainingLab()
        self.commands = commands
        self.session = commands.session
        self._thread: TrainingThread | None = None
        self._worker: TrainingWorker | None = None
        self._speed = FULL_SPEED
        self._drawn = -1  # the lab version last drawn
        self._frame_pending = False  # a frame was asked of the worker and has not come yet
        self._run_before = None  # the lab's state when Play was pressed
        self._next_frame = 0.0  # time.perf_counter() before which no frame is asked for
        self._painting: tuple[TrainingWorker | None, float, int] | None = None  # see _paint_frame
        self._neuron: tuple[int, int] | None = None
        self._aside_version = -1  # the lab version the neuron's graph in the canvas shows
        self._sample = 0  # the sample it works on (a point clicked on the map)
        self._build()
        unsubscribe = [self.lab.events.run.connect(lambda _v: self._on_new_run()),
                       self.lab.events.settings.connect(self._on_settings)]
        unsubscribe.append(self.session.events.structure.connect(lambda _same: self._offer_expression()))
        # The lab and the session may outlive this widget: stop listening when it goes.
        self.destroyed.connect(lambda *_: [u() for u in unsubscribe])
        self._offer_expression()
        self._on_new_run()
        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(TICK_MS)
        self.frame_timer.timeout.connect(self._tick)
        self.frame_timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = TrainingSettingsForm(self.lab, self.commands)
        self.form.errorOccurred.connect(self._report)
        self.form.datasetPicked.connect(self.pick_dataset)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.form.minimumSizeHint().width() + 24)
        scroll.setMaximumWidth(min(self.form.sizeHint().width() + 24, 280))

        self.bar = LabBar(len(SPEEDS), self.actions)
        bar = self.bar
        self.actions.scope_shortcuts("lab", self)  # Space, while the focus is in the lab
        self.play_button, self.step_button = bar.play_button, bar.step_button
        self.reset_button = bar.reset_button
        self.speed, self.speed_label = bar.speed, bar.speed_label
        self.speed_label.setText(speed_text(FULL_SPEED))
        self.log_box, self.export_button = bar.log_box, bar.export_button

        self.progress = QProgressBar()
        self.progress.setObjectName("labProgress")
        self.progress.setTextVisible(True)
        # Room for its longest text and no more: the status line beside it needs the rest
        # (the panel is ~450 px wide there at 1024 px).
        longest = self.progress.fontMetrics().horizontalAdvance("step 100,000 of 100,000")
        self.progress.setFixedWidth(longest + 24)
        self.status = StatusLine()
        self.status.setObjectName("labStatus")
        self.message = QLabel()
        self.message.setObjectName("labMessage")
        self.message.setWordWrap(True)
        line = ProgressAndStatus(self.progress, self.status)

        self.canvas = TrainingCanvas()
        self.canvas.neuronClicked.connect(self.pick_neuron)
        self.canvas.pointClicked.connect(self.pick_sample)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(bar)
        rv.addWidget(line)
        rv.addWidget(self.message)
        rv.addWidget(self.canvas, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([scroll.minimumWidth(), 1100])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.splitter)

        self.speed.valueChanged.connect(lambda i: self.set_speed(SPEEDS[i]))
        self.log_box.toggled.connect(self._on_log)

    def event(self, event: QEvent) -> bool:
        # Space is Play except on a focused button, check box or list, which Space presses
        # or opens (text fields keep it themselves).
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Space
                and isinstance(QApplication.focusWidget(), QAbstractButton | QComboBox)):
            event.accept()
            return True
        return super().event(event)

    # -- commands --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    def toggle_play(self) -> None:
        self.set_playing(not self.running)

    def set_playing(self, on: bool) -> None:
        """Play (the train_play action checked) or Pause (unchecked)."""
        self.play() if on else self.pause()

    def play(self) -> None:
        """Train in the background at the chosen speed until paused or finished."""
        if self.running:
            return
        if self.lab.run.finished:
            self._report(f"This run has taken its {self.lab.settings.steps:,} steps: raise Steps to go on, "
                         "or press Reset to start again.")
            self._set_running(False)  # Play stays Play
            return
        self._run_before = self.lab.state()
        self.lab.set_running(True)
        self._worker = TrainingWorker(self.lab, self._speed, make_frame=self._make_frame)
        self._thread = TrainingThread(self._worker)
        self._frame_pending = False
        self._worker.frameReady.connect(self._draw_frame, Qt.ConnectionType.QueuedConnection)
        self._worker.stopped.connect(self._on_stopped, Qt.ConnectionType.QueuedConnection)
        self._worker.stopped.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._set_running(True)
        self.runStarted.emit()
        self._thread.start()

    def pause(self) -> None:
        """Stop after the step in progress; everything learned so far stays."""
        if self._worker is not None:
            self._worker.pause()

    def step_once(self) -> None:
        """One step, in this thread (a step takes milliseconds)."""
        if self.running:
            return
        if self.lab.run.finished:
            self.lab.configure(steps=self.lab.settings.steps + 1)
        before = self.lab.state()
        taken = self.lab.advance(1)
        if taken < 0:
            self._report(self.lab.message)
        else:
            self._record("Train 1 step", before)
        self._frame()

    def reset(self) -> None:
        if self.running:
            self.pause()
            self.wait()
        before = self.lab.state()
        try:
            self.lab.reset()
        except TrainingRunError as exc:
            self._report(str(exc))
            return
        self._record("Reset training", before)

    def set_speed(self, speed: float) -> None:
        """Steps per second (FULL_SPEED: as fast as possible); applies at once, even mid-run."""
        self._speed = speed
        self.speed_label.setText(speed_text(speed))
        if self.speed.value() != SPEEDS.index(speed):
            self.speed.setValue(SPEEDS.index(speed))
        if self._worker is not None:
            self._worker.speed = speed

    def pick_dataset(self, key: str) -> None:
        """A dataset from the picker, or the expression's network and data."""
        if key == EXPRESSION:
            what, change = "Train the expression's network", self.follow_expression
        else:
            def change() -> None:
                if self.lab.source == "document":
                    self.lab.use_lab_data()
                self.lab.configure(dataset=key)
            what = f"Train on {DATASETS[key].title.lower() if key in DATASETS else key}"
        try:
            if self.commands is not None:
                self.commands.change_lab(self.lab, what, change)
            else:
                change()
        except ExplorerError as exc:
            self._report(str(exc))
            self.form.show_settings(self.lab.settings)

    def follow_expression(self) -> None:
        """Train the network and data the expression defines, from its weights."""
        graph, program = self.session.graph, self.session.program
        dataset = program.dataset if program is not None else None
        model = graph.model if graph is not None else None
        if model is None or dataset is None:
            raise TrainingRunError("The expression defines no network with xs and ys to train: "
                                   "write e.g. n = MLP(2, [8, 1]), xs = [[...]] and ys = [...].")
        setup = graph.training if graph is not None else None
        if setup is not None:
            # The text's own loss and L2 alpha: step 0's loss is the graph's loss.
            self.lab.use_training(setup, model)
        else:
            self.lab.use_network(model, dataset.xs, dataset.ys)
        self.form.show_settings(self.lab.settings)

    def pick_neuron(self, neuron) -> None:
        """Show ``neuron``'s own output over the map, and its scalar graph for one sample
        (the first, or a point clicked on the map) in the window's graph canvas (None,
        or the same one again: the network's map and the document's graph)."""
        self._neuron = None if neuron == self._neuron or neuron is None or neuron[0] == 0 else neuron
        self.canvas.select(self._neuron)
        self.canvas.mark_point(self._sample if self._neuron is not None else None)
        self._show_neuron_graph()
        self._drawn = -1
        self._frame()

    def pick_sample(self, index: int) -> None:
        """The sample (a point clicked on the map) the picked neuron's graph works on."""
        self._sample = index
        if self._neuron is not None:
            self.canvas.mark_point(index)
            self._show_neuron_graph()

    def _show_neuron_graph(self) -> None:
        """The picked neuron's graph in the graph canvas, at the lab's weights now
        (model/aside.py); no neuron picked: the document's graph again."""
        aside = self.session.aside if self.session is not None else None
        if aside is None:
            return
        mine = aside.shown is not None and aside.shown.key[:2] == ("neuron", id(self.lab))
        if self._neuron is None:
            if mine:
                aside.back()
            return
        try:
            aside.show(neuron_aside(self.lab, *self._neuron, self._sample))
        except ExplorerError as exc:
            self._report(str(exc))
        self._aside_version = self.lab.version

    def export_dialog(self, kind: str) -> None:
        title = dict(EXPORTS)[kind]
        formats = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
        path, _filter = QFileDialog.getSaveFileName(self, f"Export {title.lower()}", f"{kind}.png", formats)
        if path:
            try:
                self.export(kind, path)
            except ExplorerError as exc:
                self._report(str(exc))

    def export(self, kind: str, path: str) -> None:
        """Write the boundary map, the curves or the diagram as the window shows them."""
        snap = self.lab.snapshot()
        data = self.lab.dataset
        grid = self._grid() if data.features == 2 else None
        export_picture(kind, path, lab_view={
            "bounds": self.lab.bounds, "xs": data.xs, "ys": data.ys, "grid": grid, "title": self._map_title(),
            "losses": snap.losses, "accuracies": snap.accuracies, "steps": snap.steps,
            "log": self.log_box.isChecked(), "sizes": self._sizes(), "weights": snap.weights,
            "selected": self._neuron})

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Run the event loop until the current run stops (scripts and tests)."""
        if self._thread is None:
            return True
        loop = QEventLoop()
        self.runStopped.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.runStopped.disconnect(loop.quit)
        return self._thread is None

    def shutdown(self) -> None:
        """Stop training and wait for the thread (before the window closes)."""
        self.frame_timer.stop()
        if self._thread is not None:
            self._worker.pause()
            self._worker.release()
            self._thread.quit()
            self._thread.wait(5000)

    # -- events ----------------------------------------------------------------------------

    def _on_stopped(self, why: str) -> None:
        thread, self._thread = self._thread, None
        self._worker = None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        self.lab.set_running(False)
        self._set_running(False)
        if why == "diverged":
            self._report(self.lab.message)
        before, self._run_before = self._run_before, None
        if before is not None:
            taken = self.lab.run.step_count - before.step
            self._record(f"Train {taken:,} step{'s' if taken != 1 else ''}", before)
        self._frame()
        self.runStopped.emit(why)

    def _record(self, what: str, before: LabState) -> None:
        """What the lab did since ``before``: one command on the window's undo stack
        (the weights go into the expression's graph when the lab trains it)."""
        try:
            self.commands.record_training(self.lab, what, before)
        except ExplorerError as exc:
            self._report(str(exc))

    def _on_new_run(self) -> None:
        data = self.lab.dataset
        self._neuron, self._sample = None, 0
        self._show_neuron_graph()  # (another network: its neurons are not the ones shown)
        self.canvas.set_data(self.lab.bounds, data.xs, data.ys, self._sizes())
        self.canvas.mark_point(None)
        self.canvas.set_log(self.log_box.isChecked())
        self.canvas.clear_curves(self._start_loss())
        self.form.show_settings(self.lab.settings)
        self.message.clear()
        self._drawn = -1
        self._frame()

    def _start_loss(self) -> float | None:
        """The loss before any step (or at the first recorded one): the curve's first range."""
        losses = self.lab.run.losses
        if losses:
            return float(min(losses))
        try:
            return self.lab.run.loss()
        except ExplorerError:
            return None

    def _on_settings(self, _settings) -> None:
        self.form.show_settings(self.lab.settings)
        self._drawn = -1

    def _on_log(self, on: bool) -> None:
        self.canvas.set_log(on)
        self._drawn = -1
        self._frame()

    def expression_available(self) -> bool:
        """Whether the expression defines a network and the data to train it on."""
        program = self.session.program
        return program is not None and program.dataset is not None and program.model is not None

    def _offer_expression(self) -> None:
        available = self.expression_available()
        self.form.offer_expression(available)
        if self.lab.source == "document" and not self.running:
            try:
                self.follow_expression() if available else self.lab.use_lab_data()
            except ExplorerError as exc:
                self._report(str(exc))

    def _set_running(self, on: bool) -> None:
        self.actions.show_checked("train_play", on)  # Pause while running: the table's words
        self.actions["train_step"].setEnabled(not on)
        self.form.set_running(on)
        self.canvas.set_running(on)

    def _report(self, message: str) -> None:
        self.message.setText(f"<span style='color:#c62828'>{message}</span>")
        self.errorOccurred.emit(message)

    # -- drawing ---------------------------------------------------------------------------

    def _sizes(self) -> list[int]:
        return [self.lab.dataset.features, *(len(layer.neurons) for layer in self.lab.network.layers)]

    def _grid(self):
        """(xs, ys, outputs) over the map: the network's, or the picked neuron's."""
        if self._neuron is not None:
            b = self.lab.bounds
            z = self.lab.neuron_map(*self._neuron, GRID)
            return np.linspace(b[0], b[1], GRID), np.linspace(b[2], b[3], GRID), z
        return self.lab.boundary(GRID)

    def _map_title(self) -> str:
        if self._neuron is not None:
            depth = len(self._sizes())
            name = neuron_name(*self._neuron, depth)
            return f"{name}'s output · click again: all"
        return "output: orange −1, blue +1 · line 0"

    def _tick(self) -> None:
        """The display's clock. While training, ask the worker for a frame's numbers
        when one is due; otherwise draw here whatever changed."""
        worker = self._worker
        if worker is None:
            if not self._frame() and self.canvas.pending and self.isVisible() and self._painting is None:
                self.canvas.paint()  # what the last frame left for later: one part a tick
        elif (not self._frame_pending and self._painting is None and time.perf_counter() >= self._next_frame
              and self.isVisible()):
            self._frame_pending = True
            worker.request_frame()

    def _make_frame(self):
        """The numbers of one frame (called in the worker's thread, between steps)."""
        snap = self.lab.snapshot()
        grid = self._grid() if self.lab.dataset.features == 2 else None
        return snap, grid

    def _draw_frame(self, frame) -> None:
        """Draw a frame the worker computed; the worker waits meanwhile (it held
        itself before handing the frame over)."""
        self._frame_pending = False
        worker = self._worker
        if worker is not None:
            worker.hold()
        self._painting = (worker, time.perf_counter(), PARTS_PER_FRAME)
        try:
            self._show(*frame, paint=False)
        finally:
            self._paint_frame()

    def _paint_frame(self) -> None:
        """Paint one part of the frame, then let the event loop run before the next
        (:data:`PARTS_PER_FRAME` at most; what is left waits for the next frame).
        Then the worker goes on."""
        if self._painting is None:
            return
        worker, start, left = self._painting
        painted = self.canvas.paint() if self.isVisible() else None
        left -= 1
        if painted not in (None, "all") and left > 0 and self.canvas.pending:
            self._painting = (worker, start, left)
            # A 1 ms timer, not a 0 ms one: Qt runs posted calls before due timers,
            # and the timers and input waiting since the first part must go first.
            QTimer.singleShot(1, self, self._paint_frame)
            return
        self._painting = None
        if worker is not None:
            worker.release()
        cost = time.perf_counter() - start
        # Drawing takes at most DRAW_SHARE of the time: a slow machine gets fewer frames,
        # never fewer steps.
        self._next_frame = time.perf_counter() + max(FRAME_MS / 1000, cost / DRAW_SHARE - cost)

    def _frame(self) -> bool:
        """Draw the lab's current state, here, if it changed since the last frame (and
        the picked neuron's graph, when the canvas shows it)."""
        if self.lab.version == self._drawn or not self.isVisible() and self._drawn >= 0:
            return False
        self._show(*self._make_frame())
        aside = self.session.aside if self.session is not None else None
        if (aside is not None and aside.shown is not None and self._neuron is not None and not self.running
                and aside.shown.key[1:4] == (id(self.lab), *self._neuron)
                and self._aside_version != self.lab.version):
            self._show_neuron_graph()
        return True

    def _show(self, snap: LabSnapshot, grid, paint: bool = True) -> None:
        """Show ``snap``; ``paint``: put one changed part on screen now, and the
        rest one a tick (:meth:`_tick`)."""
        self._drawn = snap.version
        self.canvas.show_frame(grid=grid, title=self._map_title(), weights=snap.weights,
                               losses=snap.losses, accuracies=snap.accuracies, planned=snap.steps)
        self._show_status(snap)
        if paint and self.isVisible():
            self.canvas.paint()

    def _show_status(self, snap: LabSnapshot) -> None:
        self.progress.setRange(0, snap.steps)
        self.progress.setValue(min(snap.step, snap.steps))
        self.progress.setFormat(f"step {snap.step:,} of {snap.steps:,}")
        sizes = self._sizes()
        net = f"MLP({sizes[0]}, [{', '.join(map(str, sizes[1:]))}]) on {len(self.lab.dataset)} points"
        self.status.set_parts(status_parts(snap, net))
        if snap.message and not self.message.text():
            self._report(snap.message)
