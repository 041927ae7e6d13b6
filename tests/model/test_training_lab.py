"""The training lab's Qt-free model: settings, stepping from a worker, the document's
network, undo of a run."""

import threading

import numpy as np
import pytest

from explorer.engine.training_run import LabSettings, TrainingRunError
from explorer.lang import parse
from explorer.model.examples import example
from explorer.model.training_lab import TrainingLab


def events_of(lab: TrainingLab) -> list[str]:
    seen: list[str] = []
    for signal in lab.events:
        signal.connect(lambda _value, name=signal.name: seen.append(name))
    return seen


def test_a_new_lab_is_micrograds_demo_at_step_zero():
    snap = TrainingLab().snapshot()
    assert snap.step == 0 and snap.steps == 100 and len(snap.losses) == 0
    assert len(snap.weights) == 337  # MLP(2, [16, 16, 1])


def test_advance_takes_steps_and_records_loss_and_accuracy():
    lab = TrainingLab()
    assert lab.advance(10) == 10
    snap = lab.snapshot()
    assert snap.step == 10 and len(snap.losses) == len(snap.accuracies) == 10
    assert snap.loss < snap.losses[0]


def test_advance_stops_at_the_planned_number_of_steps():
    lab = TrainingLab(LabSettings(steps=5))
    assert lab.advance(50) == 5
    assert lab.advance(1) == 0


def test_the_learning_rate_changes_between_steps_without_losing_the_run():
    lab = TrainingLab()
    lab.advance(3)
    seen = events_of(lab)
    lab.configure(lr=0.5)
    assert lab.snapshot().step == 3 and seen == ["settings"]


def test_a_new_network_size_starts_a_new_run():
    lab = TrainingLab()
    lab.advance(3)
    seen = events_of(lab)
    lab.configure(hidden=(8,))
    assert lab.snapshot().step == 0 and len(lab.snapshot().weights) == 8 * 3 + 9
    assert "run" in seen


def test_a_setting_outside_its_limit_is_refused_and_nothing_changes():
    lab = TrainingLab()
    lab.advance(2)
    with pytest.raises(TrainingRunError, match="from 1 to 64 neurons"):
        lab.configure(hidden=(100,))
    assert lab.snapshot().step == 2 and lab.settings.hidden == (16, 16)


def test_an_unknown_setting_is_named():
    with pytest.raises(TrainingRunError, match="Unknown training setting: colour"):
        TrainingLab().configure(colour="red")


def test_a_diverging_loss_leaves_a_message_naming_the_step_and_the_weights_before_it():
    lab = TrainingLab(LabSettings(loss="sse", alpha=0.0, lr=10.0, schedule="constant", hidden=(16, 16, 16),
                                  steps=1000))
    taken = lab.advance(1000)
    snap = lab.snapshot()
    assert taken < 1000
    assert f"at step {snap.step + 1}" in snap.message and "smaller learning rate" in snap.message
    assert np.isfinite(snap.weights).all() and np.isfinite(snap.losses).all()


def test_step_zero_loss_is_the_documents_graph_loss_and_trained_weights_go_back_to_the_graph():
    program = parse(example("training").text)
    graph = program.build()
    before = graph.forward()
    lab = TrainingLab(LabSettings(lr=0.1, schedule="constant", steps=50))
    lab.use_network(graph.model, program.dataset.xs, program.dataset.ys)
    lab.advance(50)
    snap = lab.snapshot()
    assert snap.losses[0] == pytest.approx(before, rel=1e-12)
    lab.write_weights()
    after = graph.forward()
    assert after == pytest.approx(lab.run.loss(), rel=1e-12)
    assert after < before / 10


def test_undoing_a_run_restores_weights_step_and_history():
    lab = TrainingLab()
    lab.advance(5)
    before = lab.state()
    lab.advance(20)
    after = lab.state()
    lab.restore(before)
    snap = lab.snapshot()
    assert snap.step == 5 and len(snap.losses) == 5
    np.testing.assert_array_equal(snap.weights, before.weights)
    lab.restore(after)
    assert lab.snapshot().step == 25


def test_snapshots_read_while_a_worker_trains_are_whole_steps():
    lab = TrainingLab(LabSettings(steps=300))
    worker = threading.Thread(target=lambda: lab.advance(300))
    worker.start()
    snaps = []
    while worker.is_alive():
        snaps.append(lab.snapshot())
    worker.join()
    assert all(s.step == len(s.losses) == len(s.accuracies) for s in snaps)
    assert lab.snapshot().step == 300


def test_the_map_covers_every_point():
    lab = TrainingLab()
    xmin, xmax, ymin, ymax = lab.bounds
    xs = lab.dataset.xs
    assert xmin < xs[:, 0].min() and xs[:, 0].max() < xmax
    assert ymin < xs[:, 1].min() and xs[:, 1].max() < ymax
    gx, gy, z = lab.boundary(40)
    assert z.shape == (40, 40) and gx[0] == xmin and gy[-1] == ymax
