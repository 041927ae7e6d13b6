"""The Training panel: Train runs in the background, the curve and table follow,
Stop / Reset / the zero-grad bug do what the lecture says, and the window stays responsive."""

from __future__ import annotations

import math
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from explorer.model.session import Session
from explorer.model.training import LECTURE_YS, TrainingSettings
from explorer.ui.training_view import TrainingPanel, install_training_view

LECTURE = TrainingSettings(lr=0.1, steps=100, seed=1)


@pytest.fixture
def panel(qtbot):
    p = TrainingPanel(settings=LECTURE)
    qtbot.addWidget(p)
    p.resize(1000, 650)
    p.show()
    yield p
    p.shutdown()


def train(qtbot, panel, timeout=20_000):
    with qtbot.waitSignal(panel.trainingFinished, timeout=timeout) as finished:
        panel.train_button.click()
    return finished.args[0]


def test_train_lowers_the_lecture_loss_below_0_01(qtbot, panel):
    snap = train(qtbot, panel)
    assert snap.loss < 0.01 and panel.progress.value() == panel.progress.maximum()


def test_the_curve_has_a_point_per_step_and_the_table_shows_each_prediction(qtbot, panel):
    snap = train(qtbot, panel)
    shown = [float(panel.table.item(i, 2).text()) for i in range(4)]
    assert len(panel.curve.losses) == 100 and [math.copysign(1, p) for p in shown] == list(LECTURE_YS)
    assert shown == pytest.approx(list(snap.predictions), abs=1e-4)


def test_controls_are_locked_while_training_and_stop_is_offered(qtbot, panel):
    panel.steps_box.setValue(1_000_000)
    panel.lr_box.setValue(0.01)
    panel.train_button.click()
    locked = (panel.train_button.isEnabled(), panel.stop_button.isEnabled(), panel.lr_box.isEnabled())
    with qtbot.waitSignal(panel.trainingFinished, timeout=10_000):
        panel.stop_button.click()
    assert locked == (False, True, False) and panel.train_button.isEnabled()


def test_stop_ends_a_long_run_early(qtbot, panel):
    panel.steps_box.setValue(1_000_000)
    panel.lr_box.setValue(0.01)
    panel.train_button.click()
    qtbot.wait(100)
    with qtbot.waitSignal(panel.trainingFinished, timeout=10_000) as finished:
        panel.stop_button.click()
    assert 0 < finished.args[0].step < 1_000_000


def test_reset_draws_the_same_weights_again_and_clears_the_curve(qtbot, panel):
    before = panel.trainer.snapshot().weights
    train(qtbot, panel)
    panel.reset_button.click()
    assert (panel.trainer.snapshot().weights, panel.curve.losses) == (before, ())


def test_a_new_seed_gives_a_new_network_on_reset(qtbot, panel):
    before = panel.trainer.snapshot().weights
    panel.seed_box.setValue(7)
    panel.reset_button.click()
    assert panel.trainer.snapshot().weights != before


def test_forgetting_to_zero_grads_shows_in_the_curve_and_the_status(qtbot, panel):
    good = train(qtbot, panel).loss
    panel.zero_grad_box.setChecked(False)
    panel.reset_button.click()
    buggy = train(qtbot, panel)
    assert buggy.loss > 100 * good and "not zeroed" in panel.status.text()


def test_train_again_continues_the_same_curve(qtbot, panel):
    train(qtbot, panel)
    train(qtbot, panel)
    assert len(panel.curve.losses) == 200


def test_the_sample_graph_shows_the_chosen_samples_prediction(qtbot, panel):
    snap = train(qtbot, panel)
    panel.sample_box.setCurrentIndex(2)
    assert panel.sample_graph.output.data == pytest.approx(snap.predictions[2], rel=1e-9)


def test_the_sample_graph_is_drawn_in_the_panels_graph_view(qtbot, panel):
    graph = getattr(panel.graph_view, "graph", None)
    if graph is None and not hasattr(panel.graph_view, "set_graph"):
        pytest.skip("the graph view is not available")
    with qtbot.waitSignal(panel.sampleGraphChanged) as changed:
        panel.sample_box.setCurrentIndex(1)
    assert changed.args[0] is panel.sample_graph.graph


def test_without_a_network_in_the_expression_the_lectures_is_trained(qtbot):
    p = TrainingPanel(Session("a = 2.0\nb = a*a\n"), settings=LECTURE)
    qtbot.addWidget(p)
    assert "lecture's" in p.source_label.text() and p.trainer.problem.layers == (4, 4, 1)


def test_the_network_and_data_of_the_expression_are_trained(qtbot):
    from explorer.model.examples import example

    session = Session(example("training").text)
    p = TrainingPanel(session, settings=LECTURE)
    qtbot.addWidget(p)
    assert "from the expression" in p.source_label.text() and p.trainer.problem.xs[0] == (2.0, 3.0, -1.0)


def test_the_panel_follows_an_edited_dataset(qtbot):
    from explorer.model.examples import example

    session = Session(example("training").text)
    p = TrainingPanel(session, settings=LECTURE)
    qtbot.addWidget(p)
    text = example("training").text
    session.set_text(text.replace("ys = [1.0, -1.0, -1.0, 1.0]", "ys = [1.0, 1.0, -1.0, 1.0]"))
    assert p.trainer.problem.ys == (1.0, 1.0, -1.0, 1.0) and p.table.item(1, 1).text() == "1"


def test_settings_from_a_file_are_shown(qtbot, panel):
    panel.apply_settings(TrainingSettings(lr=0.05, steps=300, seed=3, zero_grad=False, sample=3))
    shown = (panel.lr_box.value(), panel.steps_box.value(), panel.seed_box.value(),
             panel.zero_grad_box.isChecked(), panel.sample_box.currentIndex())
    assert shown == (0.05, 300, 3, False, 3) and panel.settings.sample == 3


def test_an_exploding_loss_is_reported_not_raised(qtbot, panel):
    panel.lr_box.setValue(10.0)
    panel.zero_grad_box.setChecked(False)
    panel.steps_box.setValue(2000)
    snap = train(qtbot, panel)
    assert snap.step <= 2000 and panel.train_button.isEnabled()


def test_the_window_keeps_responding_while_training(qtbot, panel):
    """A 5 ms timer keeps ticking during a long run (benchmarks report the exact gap)."""
    panel.steps_box.setValue(3000)
    panel.lr_box.setValue(0.01)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    train(qtbot, panel)
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    # Generous: the test machine may be busy. The target (50 ms) is checked by the benchmark.
    assert len(ticks) > 20 and max(gaps) < 0.5


def test_the_dock_builds_its_panel_only_when_shown(qtbot):
    window = QMainWindow()
    window.session = Session()
    qtbot.addWidget(window)
    dock = install_training_view(window)
    built_hidden = dock._panel is not None
    dock.open()
    assert (built_hidden, dock.panel.isVisibleTo(window)) == (False, True)
    dock.shutdown()


def test_a_deleted_panel_stops_listening_to_the_session(qtbot):
    session = Session("a = 2.0\nb = a*a\n")
    p = TrainingPanel(session, settings=LECTURE)
    p.deleteLater()
    qtbot.waitUntil(lambda: not any(len(signal) for signal in session.events), timeout=2000)
    session.set_text("a = 3.0\nb = a*a*a\n")  # would raise if the dead panel still listened
