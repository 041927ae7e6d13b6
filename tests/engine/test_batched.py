"""The batched tape runs one sample's graph for a whole batch: its losses and grads
must be the scalar engine's, which builds one graph copy per sample."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import EngineError, Value
from explorer.engine.batched import BatchedTape
from explorer.engine.datasets import Dataset
from explorer.engine.losses import total_loss
from explorer.engine.nn import MLP
from explorer.engine.training_run import LabSettings, TrainingRun

coords = st.floats(-2, 2, allow_nan=False)


@st.composite
def problems(draw):
    nin = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.integers(1, 4), max_size=2))
    n = draw(st.integers(1, 8))
    xs = np.array(draw(st.lists(st.lists(coords, min_size=nin, max_size=nin), min_size=n, max_size=n)))
    ys = np.array(draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n)))
    settings = LabSettings(
        hidden=tuple(hidden), activation=draw(st.sampled_from(["tanh", "relu"])),
        output=draw(st.sampled_from(["linear", "tanh"])), loss=draw(st.sampled_from(["sse", "mse", "hinge"])),
        alpha=draw(st.sampled_from([0.0, 1e-4, 0.01])), init_seed=draw(st.integers(0, 1000)))
    return settings, Dataset("drawn", xs, ys)


def scalar_loss_and_grads(settings: LabSettings, data: Dataset) -> tuple[float, list[float]]:
    """micrograd's way: one graph per sample, summed into one loss, backward."""
    output = None if settings.output == settings.activation else settings.output
    model = MLP(data.features, settings.layers, settings.activation, output=output, seed=settings.init_seed)
    scores = [model([Value(float(v)) for v in x]) for x in data.xs]
    loss = total_loss(settings.loss, scores, list(data.ys), model.parameters(), settings.alpha)
    loss.backward()
    return loss.data, [p.grad for p in model.parameters()]


@given(problems())
def test_batched_loss_and_grads_equal_the_scalar_engines(problem):
    settings, data = problem
    expected_loss, expected_grads = scalar_loss_and_grads(settings, data)
    loss, grads, _scores = TrainingRun(settings, data).loss_and_grads()
    assert loss == pytest.approx(expected_loss, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(grads, expected_grads, rtol=1e-9, atol=1e-9)


@given(st.lists(st.floats(-3, 3), min_size=1, max_size=20), st.floats(0.1, 2), st.floats(-2, 2))
def test_every_kind_of_op_gives_the_scalar_grads_summed_over_samples(xs, a0, b0):
    # One sample's graph, with ops of one, two and many inputs and constants.
    a, b = Value(a0, label="a"), Value(b0, label="b")
    x = Value(0.0, label="x")
    out = ((a * x + b).tanh() ** 2 / (1 + (b * x).exp()) + (x - a).relu() + (x * b).sigmoid()
           - (1 + x * x).log() + a ** b - (-x) * 3)
    tape = BatchedTape([out], inputs=[x], parameters=[a, b])
    values = tape.forward([a0, b0], [np.array(xs)])[0]
    grads = tape.backward([1.0])
    expected_values, expected_grads = [], np.zeros(2)
    for v in xs:
        # Re-run the same scalar graph for this sample, as a Graph would.
        x.data = v
        from explorer.engine import Graph

        g = Graph(out, parameters=[a, b])
        expected_values.append(g.forward())
        g.backward()
        expected_grads += [a.grad, b.grad]
    np.testing.assert_allclose(values, expected_values, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads, expected_grads, rtol=1e-9, atol=1e-9)


def test_a_weight_used_by_every_sample_gets_the_sum_of_their_grads():
    w, x = Value(3.0), Value(0.0)
    tape = BatchedTape([w * x], inputs=[x], parameters=[w])
    tape.forward([3.0], [np.array([1.0, 2.0, 4.0])])
    assert tape.backward([1.0]) == pytest.approx([7.0])


def test_an_output_that_depends_on_no_input_is_one_number():
    w, x = Value(3.0), Value(0.0)
    tape = BatchedTape([w * x, w * w], inputs=[x], parameters=[w])
    per_sample, penalty = tape.forward([3.0], [np.array([1.0, 2.0])])
    assert list(per_sample) == [3.0, 6.0] and penalty == 9.0


def test_overflow_gives_inf_not_an_exception():
    w, x = Value(1.0), Value(0.0)
    tape = BatchedTape([(w * x).exp()], inputs=[x], parameters=[w])
    (out,) = tape.forward([1000.0], [np.array([1.0])])
    assert math.isinf(out[0])


def test_inputs_of_different_lengths_are_refused():
    w, x1, x2 = Value(1.0), Value(0.0), Value(0.0)
    tape = BatchedTape([w * x1 + x2], inputs=[x1, x2], parameters=[w])
    with pytest.raises(EngineError, match="same number of samples"):
        tape.forward([1.0], [np.zeros(3), np.zeros(4)])
