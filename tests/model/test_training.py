"""Training the lecture's MLP: the loss falls, Stop stops, Reset starts over, the bug shows."""

from __future__ import annotations

import math
import threading
import time
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.nn import MLP
from explorer.model.training import (
    LECTURE_XS,
    LECTURE_YS,
    SampleGraph,
    Trainer,
    TrainingError,
    TrainingProblem,
    TrainingSettings,
    lecture_problem,
)

# The settings the report quotes: seed 1, learning rate 0.1.
LECTURE = TrainingSettings(lr=0.1, steps=100, seed=1)


def test_training_lowers_the_lecture_loss_below_0_01_within_100_steps():
    result = Trainer(lecture_problem(), LECTURE).run()
    assert result.loss < 0.01


def test_the_loss_history_has_one_entry_per_step_and_falls():
    result = Trainer(lecture_problem(), LECTURE).run(steps=50)
    assert len(result.losses) == 50 and result.losses[-1] < result.losses[0] / 10


def test_after_training_the_predictions_match_the_targets_in_sign():
    result = Trainer(lecture_problem(), LECTURE).run()
    assert [math.copysign(1, p) for p in result.predictions] == list(LECTURE_YS)


def test_the_trainer_matches_the_engines_own_training_loop():
    from explorer.engine.nn import train

    ours = Trainer(lecture_problem(), LECTURE).run(steps=30).losses
    theirs = train(MLP(3, [4, 4, 1], seed=1), LECTURE_XS, LECTURE_YS, steps=30, lr=0.1).losses
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_train_again_continues_from_where_it_stopped():
    trainer = Trainer(lecture_problem(), LECTURE)
    trainer.run(steps=10)
    assert trainer.run(steps=10).step == 20


def test_reset_draws_the_same_weights_from_the_same_seed():
    trainer = Trainer(lecture_problem(), LECTURE)
    before = trainer.snapshot().weights
    trainer.run(steps=10)
    assert trainer.reset().weights == before


def test_a_different_seed_gives_a_different_network():
    trainer = Trainer(lecture_problem(), LECTURE)
    assert trainer.reset(seed=2).weights != Trainer(lecture_problem(), LECTURE).snapshot().weights


def test_forgetting_to_zero_the_grads_shows_in_the_loss_curve():
    good = Trainer(lecture_problem(), LECTURE).run()
    buggy = Trainer(lecture_problem(), TrainingSettings(lr=0.1, seed=1, zero_grad=False)).run()
    assert buggy.grads_accumulated and buggy.losses[-1] > 100 * good.losses[-1]


def test_stop_from_another_thread_ends_the_run_early():
    trainer = Trainer(lecture_problem(), TrainingSettings(lr=0.01, steps=1_000_000, seed=1))
    worker = threading.Thread(target=trainer.run)
    worker.start()
    time.sleep(0.05)
    trainer.stop()
    worker.join(5)
    assert not worker.is_alive() and 0 < trainer.snapshot().step < 1_000_000


def test_a_snapshot_taken_while_training_is_consistent():
    trainer = Trainer(lecture_problem(), TrainingSettings(lr=0.01, steps=1000, seed=1))
    worker = threading.Thread(target=trainer.run)
    worker.start()
    seen = []
    while worker.is_alive():
        snap = trainer.snapshot()
        seen.append(len(snap.losses) == snap.step)
    worker.join()
    assert all(seen)


def test_progress_reports_are_throttled_and_the_last_one_is_final():
    reports = []
    trainer = Trainer(lecture_problem(), LECTURE)
    trainer.run(steps=2000, on_progress=reports.append, interval=0.05)
    assert len(reports) < 200 and reports[-1].step == 2000 and not reports[-1].running


def test_an_exploding_loss_stops_with_a_hint():
    problem = TrainingProblem(3, (4, 1), LECTURE_XS, LECTURE_YS, activation="linear")
    trainer = Trainer(problem, TrainingSettings(lr=1e6, steps=100, seed=1))
    with pytest.raises(TrainingError, match="smaller learning rate"):
        trainer.run()


def test_reset_is_refused_while_training_runs():
    trainer = Trainer(lecture_problem(), TrainingSettings(lr=0.01, steps=1_000_000, seed=1))
    worker = threading.Thread(target=trainer.run)
    worker.start()
    time.sleep(0.02)
    try:
        with pytest.raises(TrainingError, match="Stop"):
            trainer.reset()
    finally:
        trainer.stop()
        worker.join(5)


@pytest.mark.parametrize("changes", [
    {"lr": 0}, {"lr": -0.1}, {"lr": math.nan}, {"lr": math.inf}, {"steps": 0}, {"steps": 10**9},
    {"seed": -1}, {"steps": 2.5}, {"zero_grad": "yes"},
])
def test_bad_settings_are_refused_with_a_sentence(changes):
    with pytest.raises(TrainingError):
        Trainer(lecture_problem()).configure(**changes)


@pytest.mark.parametrize("kwargs", [
    dict(nin=3, layers=(4, 1), xs=LECTURE_XS, ys=LECTURE_YS[:3]),
    dict(nin=2, layers=(4, 1), xs=LECTURE_XS, ys=LECTURE_YS),
    dict(nin=3, layers=(4, 2), xs=LECTURE_XS, ys=LECTURE_YS),
    dict(nin=3, layers=(), xs=LECTURE_XS, ys=LECTURE_YS),
    dict(nin=3, layers=(4, 1), xs=(), ys=()),
    dict(nin=3, layers=(4, 1), xs=[["a", 1, 2]] * 4, ys=LECTURE_YS),
    dict(nin=3, layers=(4, 1), xs=[[math.nan, 1, 2]] * 4, ys=LECTURE_YS),
    dict(nin=3, layers=(100_000, 1), xs=LECTURE_XS, ys=LECTURE_YS),
])
def test_a_problem_that_cannot_be_trained_says_why(kwargs):
    with pytest.raises(TrainingError):
        TrainingProblem(**kwargs)


@given(lr=st.floats(0.001, 0.5), seed=st.integers(0, 1000))
def test_any_sensible_setting_trains_without_error(lr, seed):
    result = Trainer(lecture_problem(), TrainingSettings(lr=lr, seed=seed, steps=5)).run()
    assert len(result.losses) == 5 and all(map(math.isfinite, result.losses))


def test_a_problem_is_read_from_a_parsed_programs_model_and_dataset():
    program = SimpleNamespace(model=MLP(3, [4, 4, 1]), dataset=(LECTURE_XS, LECTURE_YS), loss_name="sse")
    assert TrainingProblem.from_program(program) == lecture_problem()


def test_a_relu_network_is_trained_as_relu():
    program = SimpleNamespace(model=MLP(3, [4, 1], "relu", output="linear"), dataset=(LECTURE_XS, LECTURE_YS))
    problem = TrainingProblem.from_program(program)
    assert (problem.activation, problem.output) == ("relu", "linear")


def test_a_program_without_a_network_says_what_to_write():
    with pytest.raises(TrainingError, match="MLP"):
        TrainingProblem.from_program(SimpleNamespace(model=None, dataset=None, loss_name=None))


# -- one sample's graph, for the canvas ---------------------------------------------------------


def test_the_sample_graph_shows_the_trainers_prediction_for_that_sample():
    trainer = Trainer(lecture_problem(), LECTURE)
    snap = trainer.run(steps=20)
    sample = SampleGraph(trainer.problem, 2)
    sample.update(snap.weights)
    assert sample.output.data == pytest.approx(snap.predictions[2], rel=1e-12)


def test_the_sample_graph_keeps_its_shape_as_the_weights_change():
    trainer = Trainer(lecture_problem(), LECTURE)
    sample = SampleGraph(trainer.problem, 0)
    nodes = list(sample.update(trainer.snapshot().weights).nodes)
    assert list(sample.update(trainer.run(steps=5).weights).nodes) == nodes


def test_the_sample_graph_has_grads_and_readable_labels():
    sample = SampleGraph(lecture_problem(), 0)
    graph = sample.update(Trainer(lecture_problem(), LECTURE).snapshot().weights)
    labels = {v.label for v in graph.nodes}
    assert graph.has_grads and {"x1", "x2", "x3", "ygt", "ypred", "loss", "L1.n1.w1"} <= labels


def test_a_sample_that_does_not_exist_is_refused():
    with pytest.raises(TrainingError, match="from 1 to 4"):
        SampleGraph(lecture_problem(), 4)
