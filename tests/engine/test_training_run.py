"""A training run on a 2-D dataset: the demo learns moons, limits are named, a
diverging loss stops the run with nothing lost."""

import math

import numpy as np
import pytest

from explorer.engine import Value
from explorer.engine.datasets import make_dataset
from explorer.engine.losses import total_loss
from explorer.engine.nn import MLP
from explorer.engine.training_run import (
    MAX_LAYERS,
    MAX_STEPS,
    MAX_WIDTH,
    LabSettings,
    LossDiverged,
    TrainingRun,
    TrainingRunError,
)

DEMO = LabSettings()  # micrograd's demo: MLP(2, [16, 16, 1]), moons, hinge + L2, lr 1.0 decaying


def test_the_demo_settings_classify_every_moon_within_100_steps():
    run = TrainingRun(DEMO)
    records = run.run()
    assert len(records) == 100
    assert max(r.accuracy for r in records) == 1.0
    assert run.accuracy() == 1.0
    assert records[-1].loss < records[0].loss / 10


def test_the_learning_rate_decays_as_in_the_demo():
    run = TrainingRun(DEMO)
    assert [run.learning_rate(k) for k in (0, 50, 99)] == pytest.approx([1.0, 0.55, 0.109])


def test_a_constant_learning_rate_stays_put():
    run = TrainingRun(LabSettings(schedule="constant", lr=0.3))
    assert run.learning_rate(0) == run.learning_rate(99) == 0.3


def test_step_zero_loss_is_the_loss_of_the_documents_network_at_its_weights():
    model = MLP(3, [4, 4, 1], seed=5)
    data = make_dataset("lecture")
    graph_loss = total_loss("sse", [model([Value(v) for v in x]) for x in data.xs], list(data.ys))
    run = TrainingRun(LabSettings(dataset="lecture", loss="sse", alpha=0.0, lr=0.05), data, network=model)
    assert run.step().loss == pytest.approx(graph_loss.data, rel=1e-12)


def test_trained_weights_can_be_written_back_into_the_network():
    model = MLP(3, [4, 4, 1], seed=5, activation="tanh")
    run = TrainingRun(LabSettings(dataset="lecture", loss="sse", alpha=0.0, lr=0.05, activation="tanh"),
                      network=model)
    run.run(50)
    run.write_weights()
    data = run.dataset
    after = total_loss("sse", [model([Value(v) for v in x]) for x in data.xs], list(data.ys))
    assert after.data == pytest.approx(run.loss(), rel=1e-12)
    assert after.data < run.losses[0] / 2


def test_a_network_with_the_wrong_number_of_inputs_is_refused_by_name():
    with pytest.raises(TrainingRunError, match="takes 3 inputs but the moons dataset has 2"):
        TrainingRun(DEMO, network=MLP(3, [4, 1]))


def test_a_loss_that_overflows_stops_the_run_naming_the_step_and_keeps_the_weights():
    run = TrainingRun(LabSettings(loss="sse", alpha=0.0, lr=10.0, schedule="constant", activation="relu",
                                  hidden=(16, 16, 16)))
    kept = None
    with pytest.raises(LossDiverged) as caught:
        for _ in range(1000):
            kept = (run.weights(), list(run.losses), run.step_count)
            run.step()
    message = str(caught.value)
    assert f"at step {caught.value.step}" in message and "smaller learning rate" in message
    weights, losses, step = kept
    np.testing.assert_array_equal(run.weights(), weights)
    assert run.losses == losses and run.step_count == step
    assert np.isfinite(run.weights()).all()


def test_seeded_mini_batches_repeat_and_differ_from_the_full_batch():
    a = TrainingRun(LabSettings(batch_size=20, batch_seed=3))
    b = TrainingRun(LabSettings(batch_size=20, batch_seed=3))
    full = TrainingRun(DEMO)
    for run in (a, b, full):
        run.run(10)
    assert a.losses == b.losses
    assert a.losses != full.losses


def test_momentum_changes_the_path():
    plain, heavy = TrainingRun(DEMO), TrainingRun(LabSettings(momentum=0.9, lr=0.1))
    plain.run(5)
    heavy.run(5)
    assert plain.losses[1:] != heavy.losses[1:]


def test_reset_goes_back_to_the_starting_weights_and_clears_the_history():
    run = TrainingRun(DEMO)
    start = run.weights()
    run.run(5)
    run.reset()
    np.testing.assert_array_equal(run.weights(), start)
    assert run.step_count == 0 and run.losses == [] and run.accuracies == []


def test_the_boundary_map_is_the_networks_output_on_a_grid():
    run = TrainingRun(DEMO)
    gx, gy, z = run.grid((-2, 3, -1.5, 2), 50)
    assert z.shape == (50, 50)
    assert z[7, 11] == pytest.approx(run.scores(np.array([[gx[11], gy[7]]]))[0])


def test_each_neuron_has_its_own_map():
    run = TrainingRun(DEMO)
    run.grid((-2, 3, -1.5, 2), 30)
    first = run.neuron_grid(1, 0)  # layer 1, neuron 1: relu(w·x + b)
    assert first.shape == (30, 30) and (first >= 0).all()
    np.testing.assert_allclose(run.neuron_grid(3, 0), run.grid((-2, 3, -1.5, 2), 30)[2])


@pytest.mark.parametrize("changes, limit", [
    ({"hidden": (16,) * (MAX_LAYERS + 1)}, f"at most {MAX_LAYERS} hidden layers"),
    ({"hidden": (MAX_WIDTH + 1,)}, f"from 1 to {MAX_WIDTH} neurons"),
    ({"hidden": (0,)}, f"from 1 to {MAX_WIDTH} neurons"),
    ({"steps": 0}, f"from 1 to {MAX_STEPS:,}"),
    ({"steps": MAX_STEPS + 1}, f"from 1 to {MAX_STEPS:,}"),
    ({"lr": 0.0}, "above 0 and at most 10"),
    ({"lr": math.inf}, "above 0 and at most 10"),
    ({"momentum": 1.0}, "momentum must be from 0"),
    ({"alpha": -1.0}, "alpha must be a number from 0 to 1"),
    ({"batch_size": -1}, "batch size"),
    ({"loss": "cross-entropy"}, "use one of sse, mse, hinge"),
    ({"size": 1}, "from 2 to"),
    ({"noise": 5.0}, "from 0 to 2"),
])
def test_settings_outside_their_limits_are_refused_naming_the_limit(changes, limit):
    from dataclasses import replace

    with pytest.raises(TrainingRunError, match=limit):
        TrainingRun(replace(DEMO, **changes))


def test_without_zeroing_the_grads_pile_up_and_the_steps_grow():
    zeroed = TrainingRun(LabSettings(schedule="constant", lr=0.05))
    piled = TrainingRun(LabSettings(schedule="constant", lr=0.05, zero_grad=False))
    zeroed.step()
    piled.step()
    first = piled.weights() - piled.start
    np.testing.assert_allclose(first, zeroed.weights() - zeroed.start)  # step 1: the same
    zeroed.step()
    piled.step()
    # Step 2 moves by the sum of both steps' grads: further than the zeroed run's step.
    assert np.linalg.norm(piled.weights() - piled.start - first) > np.linalg.norm(
        zeroed.weights() - zeroed.start - first)
