"""Neuron, Layer, MLP as in the lecture, and the training helper."""

import pytest

from explorer.engine import EngineError, Graph, Value
from explorer.engine.nn import MLP, Neuron, mse_loss, train

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]


def test_mlp_has_the_lectures_parameter_count():
    assert len(MLP(3, [4, 4, 1]).parameters()) == 41


def test_weights_are_uniform_in_minus_one_to_one_and_marked_as_parameters():
    params = MLP(3, [4, 4, 1], seed=0).parameters()
    assert all(-1 <= p.data <= 1 and p.param for p in params)


def test_same_seed_same_network():
    a = [p.data for p in MLP(3, [4, 4, 1], seed=42).parameters()]
    b = [p.data for p in MLP(3, [4, 4, 1], seed=42).parameters()]
    assert a == b


def test_output_is_one_value_squashed_by_tanh():
    out = MLP(3, [4, 4, 1], seed=1)([2.0, 3.0, -1.0])
    assert isinstance(out, Value) and -1 < out.data < 1


def test_fused_and_expanded_neurons_agree():
    fused, expanded = Neuron(3, seed=5), Neuron(3, seed=5, expand=True)
    x = [1.0, -2.0, 0.5]
    a, b = fused(x), expanded(x)
    a.backward()
    b.backward()
    assert a.data == pytest.approx(b.data)
    assert [p.grad for p in fused.parameters()] == pytest.approx([p.grad for p in expanded.parameters()])


def test_relu_and_linear_activations():
    n = Neuron(2, "relu", seed=3)
    assert n([1.0, 1.0]).data >= 0
    lin = MLP(2, [3, 1], "relu", output="linear", seed=3)
    assert lin([1.0, 2.0]).op.name == "dot"


def test_unknown_activation_is_refused():
    with pytest.raises(EngineError, match="activation"):
        Neuron(2, "softmax")


def test_wrong_input_size_is_refused():
    with pytest.raises(EngineError, match="takes 3 inputs"):
        MLP(3, [4, 1])([1.0, 2.0])


def test_zero_grad_clears_every_parameter():
    model = MLP(3, [4, 4, 1], seed=0)
    mse_loss(model, XS, YS).backward()
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_training_lowers_the_loss_of_the_lecture_example():
    model = MLP(3, [4, 4, 1], seed=1)
    result = train(model, XS, YS, steps=100, lr=0.1)
    assert result.losses[-1] < 0.01 < result.losses[0]


def test_forgetting_zero_grad_changes_training():
    good = train(MLP(3, [4, 4, 1], seed=1), XS, YS, steps=30, lr=0.05).losses
    buggy = train(MLP(3, [4, 4, 1], seed=1), XS, YS, steps=30, lr=0.05, zero_grad=False).losses
    assert good[0] == buggy[0] and good[-1] != buggy[-1]


def test_training_stops_when_asked():
    result = train(MLP(3, [4, 1], seed=2), XS, YS, steps=50, on_step=lambda k, loss: k == 4)
    assert len(result.losses) == 5


def test_loss_graph_reruns_match_a_fresh_build():
    model = MLP(3, [4, 4, 1], seed=9)
    loss = mse_loss(model, XS, YS)
    graph = Graph(loss, parameters=model.parameters())
    graph.backward()
    graph.step(0.05)
    rerun = graph.forward()
    assert rerun == pytest.approx(mse_loss(model, XS, YS).data, rel=1e-12)


def test_micrograds_nonlin_keyword_is_accepted():
    from explorer.engine.nn import Layer

    assert Neuron(2, nonlin=False).activation == "linear"
    assert {n.activation for n in Layer(2, 3, nonlin=True).neurons} == {"relu"}
    with pytest.raises(EngineError, match="not both"):
        Neuron(2, "tanh", nonlin=True)


def test_micrograd_style_has_relu_hidden_layers_a_linear_output_and_zero_biases():
    model = MLP(2, [3, 1], style="micrograd", seed=0)
    assert [layer.neurons[0].activation for layer in model.layers] == ["relu", "linear"]
    assert all(n.b.data == 0.0 for layer in model.layers for n in layer.neurons)


def test_unseeded_networks_draw_from_pythons_random_so_random_seed_repeats_a_run():
    import random

    random.seed(1337)
    first = [p.data for p in MLP(3, [4, 1]).parameters()]
    random.seed(1337)
    assert [p.data for p in MLP(3, [4, 1]).parameters()] == first
