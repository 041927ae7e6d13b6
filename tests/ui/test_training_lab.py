"""The Training lab, driven as a learner drives it (pytest-qt, offscreen)."""

import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMainWindow

from explorer.engine.training_run import LabSettings
from explorer.model.commands import Commands
from explorer.model.examples import example
from explorer.model.session import Session
from explorer.model.training_lab import TrainingLab
from explorer.ui.training_dock import TrainingLabDock
from explorer.ui.training_lab import SPEEDS, TrainingLabPanel
from explorer.ui.training_worker import FULL_SPEED


@pytest.fixture
def panel(qtbot):
    p = TrainingLabPanel(TrainingLab(), Commands(Session()))
    qtbot.addWidget(p)
    p.resize(1360, 480)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def play_until_stopped(qtbot, panel, timeout=30_000) -> str:
    with qtbot.waitSignal(panel.runStopped, timeout=timeout) as stopped:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    return stopped.args[0]


def test_play_trains_the_demo_to_the_planned_step_and_says_finished(qtbot, panel):
    assert play_until_stopped(qtbot, panel) == "finished"
    snap = panel.lab.snapshot()
    assert snap.step == 100 and snap.accuracy == 1.0
    assert panel.progress.text() == "step 100 of 100" and "finished" in panel.status.text()
    assert panel.play_button.text() == "Play" and panel.step_button.isEnabled()


def test_pause_stops_mid_run_and_the_progress_says_how_far_it_got(qtbot, panel):
    panel.form.steps.setValue(100_000)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert panel.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: panel.lab.snapshot().step >= 20, timeout=20_000)
    with qtbot.waitSignal(panel.runStopped, timeout=5000) as stopped:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    step = panel.lab.snapshot().step
    assert stopped.args == ["paused"] and 20 <= step < 100_000
    assert panel.progress.value() == step and panel.progress.text() == f"step {step:,} of 100,000"
    assert "paused" in panel.status.text()


def test_step_one_takes_exactly_one_step(qtbot, panel):
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    snap = panel.lab.snapshot()
    assert snap.step == 2 and len(snap.losses) == 2
    assert "loss" in panel.status.text() and panel.progress.text() == "step 2 of 100"


def test_reset_goes_back_to_step_zero_with_the_starting_weights(qtbot, panel):
    start = panel.lab.snapshot().weights
    play_until_stopped(qtbot, panel)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    snap = panel.lab.snapshot()
    assert snap.step == 0 and len(snap.losses) == 0 and (snap.weights == start).all()
    assert panel.progress.text() == "step 0 of 100" and "ready" in panel.status.text()


def test_a_slow_speed_takes_about_that_many_steps_a_second(qtbot, panel):
    panel.speed.setValue(SPEEDS.index(10))
    assert panel.speed_label.text() == "10 steps/s"
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    time.sleep(0.05)
    qtbot.wait(1000)
    with qtbot.waitSignal(panel.runStopped, timeout=5000):
        panel.pause()
    assert 4 <= panel.lab.snapshot().step <= 16


def test_the_speed_can_change_during_a_run(qtbot, panel):
    panel.form.steps.setValue(100_000)
    panel.set_speed(1)
    started = time.monotonic()
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    slow = panel.lab.snapshot().step
    # One step at once, then one a second: on a loaded machine the 300 ms wait can
    # last longer, and the steps allowed grow with the time that really passed.
    allowed = 1 + int(time.monotonic() - started)
    panel.speed.setValue(len(SPEEDS) - 1)
    assert panel._worker.speed == FULL_SPEED and panel.speed_label.text() == "fastest"
    qtbot.waitUntil(lambda: panel.lab.snapshot().step > slow + 30, timeout=20_000)
    with qtbot.waitSignal(panel.runStopped, timeout=5000):
        panel.pause()
    assert slow <= allowed


def test_a_loss_that_overflows_stops_the_run_with_a_sentence(qtbot, panel):
    panel.lab.configure(loss="sse", alpha=0.0, lr=10.0, schedule="constant", hidden=(16, 16, 16), steps=1000)
    assert play_until_stopped(qtbot, panel) == "diverged"
    text = panel.message.text()
    assert "at step" in text and "smaller learning rate" in text
    assert panel.play_button.text() == "Play"


def test_a_layer_size_beyond_the_limit_is_refused_by_name(qtbot, panel):
    panel.form.hidden.setText("100, 16")
    panel.form.hidden.editingFinished.emit()
    assert "from 1 to 64 neurons" in panel.message.text()
    assert panel.form.hidden.text() == "16, 16" and panel.lab.settings.hidden == (16, 16)


@pytest.mark.parametrize("typed", ["8, x", "8.5", "1e3"])
def test_layer_sizes_that_are_not_whole_numbers_are_refused_with_an_example(qtbot, panel, typed):
    panel.form.hidden.setText(typed)
    panel.form.hidden.editingFinished.emit()
    assert "whole numbers separated by commas, e.g. 16, 16" in panel.message.text()
    assert panel.form.hidden.text() == "16, 16" and panel.lab.settings.hidden == (16, 16)


def test_too_many_weights_are_refused_naming_the_limit(qtbot, panel):
    panel.form.hidden.setText("64, 64, 64, 64, 64, 64")
    panel.form.hidden.editingFinished.emit()
    assert "the limit is 20,000" in panel.message.text() and panel.lab.settings.hidden == (16, 16)


def test_picking_another_dataset_redraws_the_points(qtbot, panel):
    panel.form.dataset.setCurrentIndex(panel.form.dataset.findData("circles"))
    assert panel.lab.dataset.name == "circles"
    offsets = panel.canvas.boundary.points.get_offsets()
    assert len(offsets) == len(panel.lab.dataset.xs) and (offsets == panel.lab.dataset.xs).all()


def test_clicking_a_neuron_shows_its_own_map_and_clicking_again_the_networks(qtbot, panel):
    canvas = panel.canvas
    x, y = canvas.diagram.positions[1][2]  # layer 1, neuron 3
    px, py = canvas.net_ax.transData.transform((x, y))
    ratio = canvas.device_pixel_ratio
    where = QPoint(int(px / ratio), int(canvas.height() - py / ratio))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=where)
    assert panel._neuron == (1, 2) and "L1.n3" in canvas.map_ax.get_title()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=where)
    assert panel._neuron is None and canvas.map_ax.get_title().startswith("output")


@pytest.mark.parametrize("kind", ["boundary", "loss", "network"])
def test_exports_write_valid_png_svg_and_pdf(qtbot, panel, tmp_path, kind):
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    panel.export(kind, str(tmp_path / f"{kind}.png"))
    panel.export(kind, str(tmp_path / f"{kind}.svg"))
    panel.export(kind, str(tmp_path / f"{kind}.pdf"))
    assert (tmp_path / f"{kind}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.parse(tmp_path / f"{kind}.svg").getroot().tag.endswith("svg")
    assert (tmp_path / f"{kind}.pdf").read_bytes()[:5] == b"%PDF-"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def _docked(window: QMainWindow, session: Session) -> TrainingLabDock:
    """The lab's dock in ``window``, hidden until opened (as the composition root puts it)."""
    dock = TrainingLabDock(window, Commands(session))
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    return dock


def test_the_training_example_trains_the_expressions_network_and_the_graph_shows_the_result(qtbot):
    window = QMainWindow()
    session = Session(example("training").text)
    qtbot.addWidget(window)
    dock = _docked(window, session)
    window.show()
    panel = dock.open()
    graph_loss = session.graph.root.data
    assert panel.lab.source == "document" and panel.lab.run.loss() == pytest.approx(graph_loss, rel=1e-12)
    panel.lab.configure(lr=0.1, schedule="constant")
    assert play_until_stopped(qtbot, panel) == "finished"
    trained = panel.lab.run.loss()
    assert session.graph.root.data == pytest.approx(trained, rel=1e-9) and trained < graph_loss / 10
    dock.shutdown()


def test_the_dock_builds_its_panel_only_when_shown(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = _docked(window, Session())
    built_hidden = dock._panel is not None
    dock.open()
    assert (built_hidden, dock.panel.isVisibleTo(window)) == (False, True)
    dock.shutdown()


def test_a_deleted_panel_stops_listening(qtbot):
    session = Session("a = 2.0\nb = a*a\n")
    lab = TrainingLab(LabSettings(steps=5))
    p = TrainingLabPanel(lab, Commands(session))
    p.shutdown()
    p.deleteLater()
    qtbot.waitUntil(lambda: not any(len(signal) for signal in session.events), timeout=2000)
    assert not any(len(signal) for signal in lab.events)


def test_a_run_is_one_command_that_undo_takes_back(qtbot):
    commands = Commands(Session())
    recorded = []
    commands.sink = recorded.append
    p = TrainingLabPanel(TrainingLab(), commands)
    qtbot.addWidget(p)
    p.show()
    play_until_stopped(qtbot, p)
    [run] = recorded
    assert run.text == "Train 100 steps" and (run.lab_before.step, run.lab_after.step) == (0, 100)
    assert not run.modifies  # the lab's own moons: exploration, nothing Save keeps changed
    run.undo()
    assert p.lab.snapshot().step == 0
    qtbot.waitUntil(lambda: p.progress.text() == "step 0 of 100", timeout=2000)
    qtbot.mouseClick(p.step_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(p.reset_button, Qt.MouseButton.LeftButton)
    assert [c.text for c in recorded[1:]] == ["Train 1 step", "Reset training"]
    p.shutdown()


def test_a_frame_reaches_the_screen_one_part_at_a_time_and_then_whole(qtbot, panel):
    canvas = panel.canvas
    qtbot.waitUntil(lambda: not canvas.pending, timeout=5000)
    box = canvas._boxes["map"]

    def pixels():
        buffer = np.asarray(canvas.buffer_rgba())
        top = buffer.shape[0]
        return buffer[int(top - box.y1):int(top - box.y0), int(box.x0):int(box.x1)].copy()

    before = pixels()
    panel.lab.advance(30)
    snap = panel.lab.snapshot()
    canvas.show_frame(grid=panel._grid(), title=panel._map_title(), weights=snap.weights,
                      losses=snap.losses, accuracies=snap.accuracies, planned=snap.steps)
    painted = [canvas.paint() for _ in range(4)]
    # The cheap curves first, then one costly column per call, then nothing is left.
    assert painted[0] == "curves" and sorted(painted[1:3]) == ["map", "net"] and painted[3] is None
    assert not canvas.pending and not np.array_equal(pixels(), before)  # the new map is on screen


def _click_neuron(qtbot, panel, layer: int, index: int) -> None:
    canvas = panel.canvas
    x, y = canvas.diagram.positions[layer][index]
    px, py = canvas.net_ax.transData.transform((x, y))
    ratio = canvas.device_pixel_ratio
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(px / ratio), int(canvas.height() - py / ratio)))


def test_clicking_a_neuron_shows_its_graph_in_the_canvas_and_back_shows_the_documents(qtbot, make_gui):
    gui = make_gui()
    window, session = gui.window, gui.session
    window.show()
    panel = gui.training.open()
    panel.lab.advance(25)
    text, doc_graph = session.text, session.graph
    _click_neuron(qtbot, panel, 2, 4)  # layer 2, neuron 5
    shown = window.graph_view.graph
    assert shown is not doc_graph and shown.root.label == "L2.n5"
    assert shown.root.data == pytest.approx(panel.lab.neuron_parts(2, 4, 0).output, rel=1e-12, abs=1e-12)
    assert {v.label for v in shown.nodes if v.is_leaf} >= {"L1.n1", "L1.n16", "w1", "w16", "b"}
    assert window.aside_banner.isVisible() and "L2.n5" in window.aside_banner.label.text()
    assert session.text == text and session.graph is doc_graph  # the document is untouched
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)  # the neuron's graph follows the lab
    qtbot.waitUntil(lambda: window.graph_view.graph is not shown, timeout=3000)
    assert window.graph_view.graph.root.data == pytest.approx(panel.lab.neuron_parts(2, 4, 0).output,
                                                              rel=1e-12, abs=1e-12)
    window.graph_view.nodeClicked.emit(window.graph_view.graph.root)  # inspect the neuron's output
    assert session.selection is window.graph_view.graph.root
    qtbot.mouseClick(window.aside_back, Qt.MouseButton.LeftButton)
    assert window.graph_view.graph is session.graph and not window.aside_banner.isVisible()
    assert session.selection is None  # it was a value of the neuron's graph, gone from the canvas
    _click_neuron(qtbot, panel, 1, 0)
    _click_neuron(qtbot, panel, 1, 0)  # the same neuron again: the document's graph
    assert window.graph_view.graph is session.graph and session.text == text
    gui.training.shutdown()


def test_clicking_a_point_on_the_map_shows_the_picked_neuron_on_that_sample(qtbot, make_gui):
    gui = make_gui()
    gui.window.show()
    panel = gui.training.open()
    panel.lab.advance(25)
    _click_neuron(qtbot, panel, 1, 4)
    canvas = panel.canvas
    px, py = canvas.map_ax.transData.transform(panel.lab.dataset.xs[37])
    ratio = canvas.device_pixel_ratio
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(px / ratio), int(canvas.height() - py / ratio)))
    shown = gui.window.graph_view.graph
    assert shown.root.data == pytest.approx(panel.lab.neuron_parts(1, 4, 37).output, rel=1e-12, abs=1e-12)
    x1 = next(v for v in shown.nodes if v.label == "x1")
    assert x1.data == panel.lab.dataset.xs[37][0]
    assert "sample 38 of 100" in gui.window.aside_banner.label.text()
    gui.training.shutdown()
