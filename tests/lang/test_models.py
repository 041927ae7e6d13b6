"""The lecture's MLP code: a network, its data, its loss, read by whitelist."""

import random

import pytest

from explorer.engine.nn import MLP, mse_loss
from explorer.lang import ParseError, parse

TRAINING = """n = MLP(3, [4, 4, 1])
xs = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
ys = [1.0, -1.0, -1.0, 1.0]  # desired targets
ypred = [n(x) for x in xs]
loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
"""

LOOP = """
for k in range(20):
  # forward pass
  ypred = [n(x) for x in xs]
  loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
  # backward pass
  for p in n.parameters():
    p.grad = 0.0
  loss.backward()
  # update
  for p in n.parameters():
    p.data += -0.1 * p.grad
  print(k, loss.data)
"""

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]


def test_training_program_builds_the_lectures_loss_with_seeded_weights():
    graph = parse(TRAINING).build()
    assert graph.root.data == mse_loss(MLP(3, [4, 4, 1], seed=0), XS, YS).data


def test_training_program_tells_a_training_view_its_model_data_and_loss():
    program = parse(TRAINING)
    assert (isinstance(program.model, MLP), program.dataset, program.loss_name) == (True, (XS, YS), "loss")


def test_dataset_has_named_fields():
    dataset = parse(TRAINING).dataset
    assert (dataset.xs, dataset.ys) == (XS, YS)


def test_the_weights_are_the_parameters_of_the_graph():
    program = parse(TRAINING)
    graph = program.build()
    assert set(graph.parameters) == set(graph.model.parameters()) and len(graph.parameters) == 41


def test_the_loss_is_one_sum_node():
    graph = parse(TRAINING).build()
    assert graph.root.op_label == "Σ" and len(graph.root.children) == 4


def test_a_gradient_step_lowers_the_loss():
    graph = parse(TRAINING).build()
    before = graph.root.data
    graph.backward()
    graph.step(0.05)
    assert graph.forward() < before


def test_each_build_has_the_same_weights_in_a_fresh_network():
    program = parse(TRAINING)
    first, second = program.build(), program.build()
    assert first.model is not second.model and \
        [p.data for p in first.model.parameters()] == [p.data for p in second.model.parameters()]


def test_seed_keyword_chooses_other_weights():
    a = parse("n = MLP(3, [4, 1])\no = n([1.0, 2.0, 3.0])").build().root.data
    b = parse("n = MLP(3, [4, 1], seed=7)\no = n([1.0, 2.0, 3.0])").build().root.data
    assert a != b


def test_the_lectures_training_loop_runs_as_in_python():
    graph = parse(TRAINING + LOOP).build()
    # Python, on the engine's network with the same starting weights:
    n = MLP(3, [4, 4, 1], rng=random.Random(0))
    xs, ys = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]], [1.0, -1.0, -1.0, 1.0]
    for _ in range(20):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -0.1 * p.grad
    assert graph.root is graph.bindings["loss"] and graph.root.data == pytest.approx(loss.data, rel=1e-12)
    weights = [p.data for p in n.parameters()]
    assert [p.data for p in graph.model.parameters()] == pytest.approx(weights, rel=1e-12)
    assert graph.bindings["k"] == 19.0 and graph.bindings["p"] is graph.model.parameters()[-1]


def test_forward_pass_of_one_input():
    graph = parse("x = [2.0, 3.0, -1.0]\nn = MLP(3, [4, 4, 1])\no = n(x)").build()
    assert graph.root.data == MLP(3, [4, 4, 1], seed=0)([2.0, 3.0, -1.0]).data


@pytest.mark.parametrize("text", [
    "n = Neuron(2)\no = n([1.0, -1.0])",
    "n = Layer(2, 3)\no = n([1.0, -1.0])[1]",
    "n = MLP(2, [3, 1], activation='relu', output='linear')\no = n([1.0, -1.0])",
    "xs = [[1.0, 2.0], [3.0, 4.0]]\nn = MLP(2, [1])\no = n(xs[0]) + n(xs[-1]) / len(xs)",
])
def test_neurons_layers_and_options(text):
    assert parse(text).build().root.label == "o"


@pytest.mark.parametrize("text, words", [
    ("n = MLP(3, [4, 1])\no = n([1.0, 2.0])", "takes 3 inputs but was given 2"),
    ("n = MLP(3, 4)", "layer sizes are a list"),
    ("n = MLP(3, [0])", "a size is a whole number of at least 1"),
    ("n = MLP(3, [4], activation='sin')", "only activation="),
    ("n = MLP(3, [4, 1])\nxs = [[1.0, 2.0, 3.0]]\np = [n(x) for x in xs if x]", "'if' inside"),
    ("n = MLP(3, [4, 1])\nxs = [[1.0, 2.0, 3.0]]\np = [n(x) for x in xs for y in x]", "only one 'for'"),
    ("xs = [1.0, 2.0]\ny = xs[5]", "there is no element 5"),
    ("n = MLP(3, [4, 1])\no = n + 1", "a network is called with its inputs"),
    ("n = MLP(3, [100000, 100000])", "the limit is 50,000"),
])
def test_mistakes_in_network_code_are_parse_errors(text, words):
    with pytest.raises(ParseError) as info:
        parse(text).build()
    assert words in info.value.message


def test_showing_the_parameters_is_skipped():
    program = parse(TRAINING + "n.parameters()\nlen(n.parameters())\nypred\n")
    assert [n.span.line for n in program.notes] == [11, 12, 13]


def test_node_at_a_network_call_is_its_output():
    text = "n = MLP(3, [4, 1])\no = n([1.0, 2.0, 3.0])"
    graph = parse(text).build()
    assert graph.node_at(text.index("n([")) is graph.root


def test_a_network_call_records_a_group_per_neuron_and_layer():
    graph = parse("n = MLP(3, [4, 1])\no = n([1.0, 2.0, 3.0])").build()
    kinds = [(g.kind, g.name) for g in graph.groups]
    assert kinds == [("network", "n([1.0, 2.0, 3.0])"), ("layer", "L1"), *[("neuron", f"L1.n{i}") for i in
                     range(1, 5)], ("layer", "L2"), ("neuron", "L2.n1")]


def test_a_neuron_group_holds_the_nodes_its_call_made_and_gives_its_output():
    graph = parse("n = MLP(3, [4, 1])\no = n([1.0, 2.0, 3.0])").build()
    last = graph.groups[-1]
    assert last.outputs == [graph.root] and graph.root in last.members and last.parent == 6


def test_a_function_call_is_a_group_of_the_nodes_its_body_made():
    graph = parse("x = 2.0\ndef f(t): return 3*t**2 - 4*t + 5\ny = f(x)").build()
    (group,) = graph.groups
    assert (group.kind, group.name, group.outputs) == ("function", "f(x)", [graph.root])
    assert graph.node("x") not in group.members and len(group.members) == len(graph.nodes) - 1
