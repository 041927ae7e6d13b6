"""A Training lab run is one command: the lab and the graph go back together, exactly."""

import numpy as np
import pytest

from explorer.engine.training_run import LabSettings, TrainingRunError
from explorer.model.commands import Commands
from explorer.model.examples import example
from explorer.model.session import Session
from explorer.model.state import capture
from explorer.model.training_lab import TrainingLab


def following(session: Session, **settings) -> TrainingLab:
    """A lab training the network and data ``session``'s text defines (as the window's lab does)."""
    lab = TrainingLab(LabSettings(**settings))
    lab.use_training(session.graph.training, session.graph.model)
    return lab


def test_step_zero_of_the_training_example_is_the_graphs_loss():
    session = Session(example("training").text)
    lab = following(session)
    assert abs(lab.run.loss() - session.graph.root.data) < 1e-9
    assert abs(lab.snapshot().loss - session.graph.root.data) < 1e-9
    assert lab.snapshot().accuracy == lab.run.accuracy()  # at step 0 too, at the graph's weights


def test_a_run_writes_its_weights_into_the_graph_and_undo_takes_them_back_exactly():
    session = Session(example("training").text)
    commands = Commands(session)
    pushed = []
    commands.sink = pushed.append
    lab = following(session, lr=0.1, schedule="constant", steps=250)
    original, graph_before = session.graph.root.data, capture(session)
    weights_before = [p.data for p in session.graph.parameters]

    before = lab.state()
    assert lab.advance(250) == 250
    run = commands.record_training(lab, "Train 250 steps", before)

    assert pushed == [run] and run.text == "Train 250 steps" and run.modifies
    trained = session.graph.root.data
    assert trained == pytest.approx(lab.run.loss(), rel=1e-12) and trained < original / 10
    assert [p.data for p in session.graph.parameters] == list(lab.snapshot().weights)

    run.undo()
    assert session.graph.root.data == original  # exactly, not nearly
    assert capture(session).same_numbers(graph_before)
    assert [p.data for p in session.graph.parameters] == weights_before
    snap = lab.snapshot()
    assert snap.step == 0 and len(snap.losses) == 0 and list(snap.weights) == weights_before

    run.redo()
    assert session.graph.root.data == trained and lab.snapshot().step == 250
    np.testing.assert_array_equal(lab.snapshot().weights, [p.data for p in session.graph.parameters])


def test_a_run_on_the_labs_own_data_is_undoable_exploration():
    session = Session(example("training").text)
    commands = Commands(session)
    lab = TrainingLab(LabSettings(steps=5))
    before = lab.state()
    lab.advance(5)
    run = commands.record_training(lab, "Train 5 steps", before)
    assert not run.modifies and not session.modified and run.changed
    run.undo()
    assert lab.snapshot().step == 0


def test_a_run_that_took_no_step_is_not_recorded():
    session = Session(example("training").text)
    commands = Commands(session)
    pushed = []
    commands.sink = pushed.append
    lab = following(session)
    state = lab.state()
    commands.record_training(lab, "Train 0 steps", state)
    assert pushed == []


def test_a_learning_rate_changed_during_a_run_is_undone_alone_the_run_keeps_its_steps():
    session = Session(example("training").text)
    commands = Commands(session)
    lab = following(session, lr=0.1, steps=100)
    lab.advance(3)
    lab.set_running(True)  # a worker is training
    change = commands.set_lab_settings(lab, lr=0.5)
    lab.advance(4)
    lab.set_running(False)
    assert change.text == "Set lab learning rate to 0.5" and not change.modifies  # exploration
    change.undo()
    assert lab.settings.lr == 0.1 and lab.snapshot().step == 7
    change.redo()
    assert lab.settings.lr == 0.5 and lab.snapshot().step == 7


def test_a_new_network_size_is_undone_with_the_run_it_replaced():
    session = Session(example("training").text)
    commands = Commands(session)
    lab = TrainingLab(LabSettings(steps=10))
    lab.advance(5)
    weights = list(lab.snapshot().weights)
    change = commands.set_lab_settings(lab, hidden=(8,))
    assert change.text == "Set lab hidden layers to 8" and lab.snapshot().step == 0
    change.undo()
    assert lab.settings.hidden == (16, 16) and lab.snapshot().step == 5
    assert list(lab.snapshot().weights) == weights


def test_the_texts_network_cannot_be_reshaped_from_the_lab_and_says_where_to_change_it():
    session = Session(example("training").text)
    lab = following(session)
    with pytest.raises(TrainingRunError, match=r"change its layers in the text \(e.g. MLP"):
        Commands(session).set_lab_settings(lab, hidden=(8,))
    assert lab.settings.hidden == (4, 4) and lab.network is session.graph.model


def test_undoing_a_run_after_the_text_was_changed_and_back_keeps_the_lab_on_the_graphs_network():
    text = example("training").text
    session = Session(text)
    commands = Commands(session)
    lab = following(session, lr=0.1, schedule="constant", steps=100)
    original = session.graph.root.data

    def follow() -> None:  # what the window's lab does when the text builds a new graph
        lab.use_training(session.graph.training, session.graph.model)

    before = lab.state()
    lab.advance(20)
    run = commands.record_training(lab, "Train 20 steps", before)
    edit = commands.replace_text(text + "# a note\n", "Add a note")
    follow()
    edit.undo()  # the text as it was: built again, another network of the same shape
    follow()
    run.undo()
    assert session.graph.root.data == original and lab.network is session.graph.model
    before = lab.state()
    lab.advance(20)
    commands.record_training(lab, "Train 20 steps", before)
    assert session.graph.root.data == pytest.approx(lab.run.loss(), rel=1e-12)
    assert session.graph.root.data < original / 2  # the graph took the weights: the lab trains its network
