"""A Training lab run in the real window: one step on the window's undo stack, and the
graph agrees with the lab (the training example, issue 11 item 5, issue 13 item 5)."""

import pytest
from PySide6.QtCore import Qt

from explorer.engine.numbers import format_number
from explorer.ui.training_lab import TrainingLabPanel


def open_training_example(make_gui, qtbot):
    gui = make_gui()
    gui.window.resize(1360, 850)
    gui.window.show()
    qtbot.waitExposed(gui.window)
    assert gui.documents.open_example("training")
    panel = gui.training.panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=5000)
    return gui, panel


def train(qtbot, panel: TrainingLabPanel, steps: int) -> str:
    panel.form.steps.setValue(steps)
    with qtbot.waitSignal(panel.runStopped, timeout=30_000) as stopped:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    return stopped.args[0]


def test_step_zero_of_the_lab_is_the_loss_the_graph_shows(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    graph_loss = gui.session.graph.root.data
    assert panel.lab.source == "document"
    assert abs(panel.lab.run.loss() - graph_loss) < 1e-9
    assert f"loss {format_number(graph_loss)} " in panel.status.text()  # as the status bar reads it
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert abs(panel.lab.snapshot().losses[0] - graph_loss) < 1e-9  # the curve's first point


def test_the_training_example_opens_the_lab_at_the_lectures_rate_and_play_lowers_the_loss(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    original = gui.session.graph.root.data
    assert (panel.lab.settings.lr, panel.lab.settings.schedule) == (0.1, "constant")
    assert not gui.session.modified
    assert train(qtbot, panel, 100) == "finished"
    assert gui.session.graph.root.data < 0.01 < original


def test_a_run_is_one_undo_step_that_takes_the_graph_and_the_lab_back_exactly(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    session, window = gui.session, gui.window
    original = session.graph.root.data
    start_weights = list(panel.lab.snapshot().weights)
    panel.form.lr.setValue(0.1)

    assert train(qtbot, panel, 250) == "finished"
    trained = session.graph.root.data
    final = panel.lab.run.loss()
    assert abs(trained - final) < 1e-12 * max(1.0, abs(final)) and trained < original / 10
    assert [p.data for p in session.graph.parameters] == list(panel.lab.snapshot().weights)
    assert f"loss {final:.4g}" in panel.status.text()
    assert gui.actions["undo"].text() == "&Undo Train 250 steps" and gui.actions["undo"].isEnabled()
    assert session.modified

    window.activateWindow()
    qtbot.keyClick(window.graph_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.lab.snapshot().step == 0, timeout=2000)
    assert session.graph.root.data == original  # exactly
    assert list(panel.lab.snapshot().weights) == start_weights
    assert [p.data for p in session.graph.parameters] == start_weights
    assert gui.actions["redo"].text() == "&Redo Train 250 steps"

    gui.actions["redo"].trigger()
    assert session.graph.root.data == trained and panel.lab.snapshot().step == 250
    qtbot.waitUntil(lambda: "step 250 of 250" == panel.progress.text(), timeout=2000)


def test_undo_during_a_run_pauses_it_and_undoes_it(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    original = gui.session.graph.root.data
    panel.form.steps.setValue(100_000)
    panel.form.lr.setValue(0.01)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.lab.snapshot().step >= 10, timeout=20_000)
    gui.actions["undo"].trigger()
    assert not panel.running and panel.lab.snapshot().step == 0
    assert gui.session.graph.root.data == original
    assert gui.actions["redo"].text().startswith("&Redo Train ")
    assert gui.actions["undo"].text() == "&Undo Set lab learning rate to 0.01"


def test_a_lab_setting_is_an_undo_step_that_does_not_modify_the_document(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    assert not gui.session.modified and not gui.undo.stack.canUndo()  # following the text is no change
    panel.form.lr.setValue(0.25)
    # Trying a setting is exploration (issue 11: it made every example switch ask "Save changes?").
    assert not gui.session.modified and gui.actions["undo"].text() == "&Undo Set lab learning rate to 0.25"
    panel.form.momentum.setValue(0.5)
    gui.actions["undo"].trigger()
    assert panel.lab.settings.momentum == 0.0 and panel.form.momentum.value() == 0.0
    gui.actions["undo"].trigger()
    assert panel.lab.settings.lr == 0.1 and panel.form.lr.value() == 0.1 and not gui.session.modified
    panel.form.dataset.setCurrentIndex(panel.form.dataset.findData("moons"))
    assert panel.lab.source == "lab" and gui.actions["undo"].text() == "&Undo Train on moons"
    gui.actions["undo"].trigger()
    assert panel.lab.source == "document" and panel.form.dataset.currentData() == "expression"
    assert abs(panel.lab.run.loss() - gui.session.graph.root.data) < 1e-9
    gui.actions["redo"].trigger()  # training on moons, a setting tried: still nothing to save
    panel.form.lr.setValue(0.3)
    gui.documents.ask_save_changes = lambda name: pytest.fail(f"asked to save {name}")
    assert not gui.window.isWindowModified() and gui.documents.open_example("L")


def test_every_lab_setting_is_saved_and_opened_again(make_gui, qtbot, tmp_path):
    gui, panel = open_training_example(make_gui, qtbot)
    form = panel.form
    form.lr.setValue(0.2)
    form.schedule.setCurrentIndex(form.schedule.findData("constant"))
    form.momentum.setValue(0.3)
    form.batch.setValue(2)
    form.steps.setValue(40)
    form.zero_grad.setChecked(False)
    saved = panel.lab.saved()
    assert saved.source == "document" and saved.settings.momentum == 0.3
    assert gui.documents.save_as(tmp_path / "trained.gexp")

    gui.documents.new()
    assert panel.lab.saved() != saved  # a new document: the lab's defaults
    assert gui.documents.open(tmp_path / "trained.gexp")
    assert panel.lab.saved() == saved and not gui.session.modified
    assert (form.lr.value(), form.momentum.value(), form.steps.value(), form.zero_grad.isChecked(),
            form.dataset.currentData()) == (0.2, 0.3, 40, False, "expression")
    assert abs(panel.lab.run.loss() - gui.session.graph.root.data) < 1e-9


def test_trained_weights_are_saved_and_the_reopened_graph_shows_the_trained_loss(make_gui, qtbot, tmp_path):
    gui, panel = open_training_example(make_gui, qtbot)
    panel.form.lr.setValue(0.1)
    train(qtbot, panel, 60)
    trained = gui.session.graph.root.data
    assert gui.documents.save_as(tmp_path / "trained.gexp")
    gui.documents.new()
    assert gui.documents.open(tmp_path / "trained.gexp")
    assert gui.session.graph.root.data == trained  # the weights came back, not the text's seeded ones
    assert abs(panel.lab.run.loss() - trained) < 1e-9 and panel.lab.snapshot().step == 0


def test_a_diverging_run_stops_naming_the_step_and_undo_brings_back_the_weights_before_it(make_gui, qtbot):
    gui = make_gui()
    gui.window.show()
    panel = gui.training.open()
    lab = panel.lab
    gui.commands.set_lab_settings(lab, loss="sse", alpha=0.0, lr=10.0, schedule="constant",
                                  hidden=(16, 16, 16), steps=1000)
    before = lab.snapshot().weights
    with qtbot.waitSignal(panel.runStopped, timeout=30_000) as stopped:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    snap = lab.snapshot()
    assert stopped.args == ["diverged"] and 0 < snap.step < 1000
    message = panel.message.text()
    assert f"at step {snap.step + 1}" in message and "smaller learning rate (now 10)" in message
    assert gui.actions["undo"].text().startswith(f"&Undo Train {snap.step} step")
    gui.actions["undo"].trigger()
    assert lab.snapshot().step == 0 and list(lab.snapshot().weights) == list(before)
    settings = "loss, L2 alpha, learning rate, schedule, hidden layers, steps"
    assert gui.actions["undo"].text() == f"&Undo Set lab {settings}"


def test_reset_in_the_lab_puts_the_texts_weights_back_in_the_graph_and_undo_the_trained_ones(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    original = gui.session.graph.root.data
    panel.form.lr.setValue(0.1)
    train(qtbot, panel, 30)
    trained = gui.session.graph.root.data
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert gui.session.graph.root.data == original and panel.lab.snapshot().step == 0
    assert gui.actions["undo"].text() == "&Undo Reset training"
    gui.actions["undo"].trigger()
    assert gui.session.graph.root.data == trained and panel.lab.snapshot().step == 30


def test_undo_is_offered_during_the_first_run_and_undoes_it(make_gui, qtbot):
    gui, panel = open_training_example(make_gui, qtbot)
    original = gui.session.graph.root.data
    assert not gui.actions["undo"].isEnabled()
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert gui.actions["undo"].isEnabled()
    qtbot.waitUntil(lambda: panel.lab.snapshot().step >= 5, timeout=20_000)
    gui.actions["undo"].trigger()
    assert not panel.running and panel.lab.snapshot().step == 0 and gui.session.graph.root.data == original
    assert not gui.actions["undo"].isEnabled() and gui.actions["redo"].text().startswith("&Redo Train ")
