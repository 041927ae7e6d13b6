"""What a notebook's lines do besides building expressions — backward, grads set by
hand, nudges, seeds, PyTorch's scalar tensors, make_moons — done in order, as Python
would, and checked against Python running the same lines."""

import math
import random

import numpy as np
import pytest
from micrograd import nn as micrograd_nn
from micrograd.engine import Value as MicrogradValue

from explorer.engine import Graph, Value
from explorer.engine.nn import MLP
from explorer.lang import ParseError, parse
from explorer.lang.manual import check_learner_grads

from . import lecture_notebooks as nb
from . import seed_cells as s

NEURON = nb.SECOND_HALF[9].replace("o.backward()", "")  # the neuron cell, without its backward


def by_label(graph):
    return {v.label: v for v in graph.nodes if v.label}


# -- 1. lines that build nothing are skipped with a note, and the lines after them work --


@pytest.mark.parametrize("line, note", [
    ("topo = []", "an empty list, set or dict builds nothing"),
    ("visited = set()", "an empty list, set or dict builds nothing"),
    ("seen = {}", "an empty list, set or dict builds nothing"),
    ("o._backward()", "understood: one step of the chain rule"),
    ("dot = draw_dot(o)\ndot.render('gout')", "drawing is automatic"),
    ("print(o.data)", "printing is not needed"),
    ("assert o.data > 0", "checks are not run"),
    ("plt.plot([1, 2], [3, 4])", "plots are drawn by the plot panel"),
    ("import numpy as np", "not needed here"),
    ("o.data", "the graph shows every value"),
    ("1 - o.data**2", "a plain number on its own does nothing here"),
    ("random.seed(1337)", "as after random.seed(1337)"),
])
def test_a_line_that_builds_nothing_is_noted_and_the_next_line_still_builds(line, note):
    text = f"{NEURON}\n{line}\nz = o * 2"
    program = parse(text)
    first = text.count("\n", 0, text.index(line)) + 1
    assert any(n.span.line == first and note in n.message for n in program.notes), program.notes
    assert program.build().root.data == pytest.approx(2 * math.tanh(0.8813735870195432))


# -- 2. the learner's own grads, and nudges --------------------------------------------


def test_grads_set_by_hand_are_shown_and_compared_with_backprop():
    graph = parse(s.S1_L + s.S1_MANUAL_GRADS + "a.grad = 5.0\n").build()
    marks = {v.label: str(m) for v, m in check_learner_grads(graph).items()}
    assert marks == {"L": "✓", "d": "✓", "f": "✓", "c": "✓", "e": "✓", "b": "✓", "a": "✗ (backprop: 6)"}
    assert by_label(graph)["a"].grad == 5.0  # the graph shows the learner's number, as Python would


def test_grads_by_hand_are_checked_where_their_lines_stand_so_the_nudge_cell_after_them_keeps_the_ticks():
    # Notebook 002: the L graph, grads by hand, then the nudge cell builds a new L at
    # the nudged values. The grads by hand were right for the L they were worked out for.
    graph = parse("\n".join([s.S2_L, s.S2_MANUAL_GRADS, s.S2_NUDGE])).build()
    marks = {graph.name_of(v): str(m) for v, m in check_learner_grads(graph).items()}
    assert marks == {"a": "✓", "b": "✓", "c": "✓", "f": "✓"} and graph.root.data == pytest.approx(-7.286496)


def test_a_backprop_by_hand_starts_where_the_grad_is_set_to_1_else_at_the_output():
    # L.grad = 1.0 starts the learner's backprop at L, even with z = L * 2 built after it.
    text = s.S1_L + "z = L * 2\nL.grad = 1.0\nd.grad = -2.0\na.grad = 6.0\n"
    marks = {v.label: str(m) for v, m in check_learner_grads(parse(text).build()).items()}
    assert marks == {"L": "✓", "d": "✓", "a": "✓"}
    # Without it, a grad set by hand is part of the backprop of the output: d L / d a.
    alone = parse(s.S1_L + "a.grad = 6.0\nb.grad = 4.0\n").build()
    assert [str(m) for m in check_learner_grads(alone).values()] == ["✓", "✗ (backprop: -4)"]
    # Midway: x1w1.grad = 0.5 is d o / d x1w1, and x1 below it is d o / d x1.
    midway = parse(NEURON + "\nx1w1.grad = 0.5\nx1.grad = -1.5\nw1.grad = 2.0\n").build()
    assert [str(m) for m in check_learner_grads(midway).values()] == ["✓", "✓", "✗ (backprop: 1)"]


def test_after_a_value_changes_the_grads_by_hand_are_checked_against_backprop_at_the_new_values():
    graph = parse(s.S1_L + s.S1_MANUAL_GRADS).build()
    by_label(graph)["b"].data = -4.0  # a value typed in the inspector
    graph.forward()
    assert str(check_learner_grads(graph)[by_label(graph)["a"]]) == "✗ (backprop: 8)"


def test_the_lectures_grads_by_hand_after_o_backward_are_wrong_as_in_the_notebook():
    # The first half's notebook runs o.backward(), then o._backward() ... again: grads
    # added up, so x1.grad = w1.data * x1w1.grad gives -6, not -1.5, and is marked so.
    graph = parse("\n".join(nb.FIRST_HALF[:29])).build()
    marks = {v.label: str(m) for v, m in check_learner_grads(graph).items()}
    assert (marks["x1"], marks["n"], marks["o"]) == ("✗ (backprop: -1.5)", "✓", "✓")


def test_checking_the_learners_grads_leaves_the_shown_grads_alone():
    graph = parse(s.S1_L + "a.grad = 1.0\n").build()
    check_learner_grads(graph)
    assert [v.grad for v in graph.nodes] == [1.0] + [0.0] * (len(graph.nodes) - 1)


def test_the_lectures_nudge_cell_gives_minus_7_286496():
    program = parse("\n".join([s.S2_L, s.S2_MANUAL_GRADS, s.S2_NUDGE]))
    assert program.build().root.data == pytest.approx(-7.286496, abs=1e-12)


@pytest.mark.parametrize("line, a_after", [
    ("a.data += 0.5", 2.5), ("a.data -= 0.5 * a.grad", 1.5), ("a.data = 4.0", 4.0), ("a.data *= 3", 6.0),
])
def test_a_nudge_changes_the_leaf_for_the_lines_below_only(line, a_after):
    program = parse(f"a = Value(2.0, label='a')\nb = a * 1.0\nb.backward()\n{line}\nc = a * 1.0")
    env = program.build().bindings
    assert (env["a"].data, env["b"].data, env["c"].data) == (a_after, 2.0, a_after)


def test_a_grad_computed_from_other_grads_reads_them_at_that_line():
    text = NEURON + "\nx1w1.grad = 0.5\nx1.grad = w1.data * x1w1.grad\n"
    graph = parse(text).build()
    x1 = by_label(graph)["x1"]
    assert x1.grad == -1.5 and str(check_learner_grads(graph)[x1]) == "✓"


def test_a_grad_is_given_a_number():
    with pytest.raises(ParseError, match="given a number"):
        parse("a = Value(2.0)\nb = a * a\nxs = [1.0]\na.grad = xs")


# -- 3. the PyTorch cell --------------------------------------------------------------


def test_the_pytorch_cell_builds_the_neurons_graph_and_grads_without_pytorch():
    torch_cell = next(cell for cell in nb.SECOND_HALF if "torch.Tensor([2.0]).double()" in cell)
    env = parse(torch_cell).build().bindings
    values = parse(nb.SECOND_HALF[9]).build().bindings
    for name in ("x1", "x2", "w1", "w2", "b", "o"):
        assert (env[name].data, env[name].grad) == pytest.approx((values[name].data, values[name].grad))
    assert env["x1"].grad == pytest.approx(-1.5)


def test_item_reads_a_tensors_number_where_the_line_stands():
    torch_cell = next(cell for cell in nb.SECOND_HALF if "torch.Tensor([2.0]).double()" in cell)
    program = parse(torch_cell + "\nv = o.data.item()\ng = x1.grad.item()\nz = v * 2")
    env = program.build().bindings
    assert (env["v"], env["g"], env["z"].data) == pytest.approx((math.sqrt(0.5), -1.5, 2 * math.sqrt(0.5)))
    requires = [n.message for n in program.notes if "requires_grad = True`" in n.message]
    assert len(requires) == 5 and all("requires_grad is not needed" in m for m in requires)


def test_a_tensor_leaf_is_an_editable_number_of_the_text():
    program = parse("x = torch.tensor([2.5], dtype=torch.float64, requires_grad=True)\ny = torch.exp(x)")
    assert program.leaves["x"].value == 2.5 and program.build().root.data == pytest.approx(math.exp(2.5))


def test_a_tensor_of_several_numbers_is_refused_with_a_sentence():
    with pytest.raises(ParseError, match="one number"):
        parse("x = torch.Tensor([1.0, 2.0])")


# -- 4. micrograd's demo: dataset, labels, network ------------------------------------


def test_the_demos_dataset_and_network_are_the_programs():
    program = parse("\n".join(nb.DEMO[:5]))
    np.random.seed(1337)
    from explorer.engine.datasets import sklearn_make_moons

    X, y = sklearn_make_moons(n_samples=100, noise=0.1)
    assert program.dataset.xs == X.tolist() and program.dataset.ys == (y * 2 - 1).tolist()
    random.seed(1337)
    theirs = micrograd_nn.MLP(2, [16, 16, 1])
    assert [p.data for p in program.model.parameters()] == [p.data for p in theirs.parameters()]


def test_micrograd_style_network_computes_what_micrograd_computes():
    random.seed(7)
    theirs = micrograd_nn.MLP(2, [16, 16, 1])
    ours = MLP(2, [16, 16, 1], style="micrograd", rng=random.Random(7))
    x = [0.3, -1.2]
    out_theirs = theirs([MicrogradValue(v) for v in x])
    out_ours = ours(x)
    out_theirs.backward()
    out_ours.backward()
    assert out_ours.data == pytest.approx(out_theirs.data, rel=1e-12)
    assert [p.grad for p in ours.parameters()] == pytest.approx([p.grad for p in theirs.parameters()])


@pytest.mark.parametrize("make, theirs", [
    ("Neuron(2, nonlin=False)", lambda: micrograd_nn.Neuron(2, nonlin=False)),
    ("Neuron(2)", lambda: micrograd_nn.Neuron(2)),
    ("Layer(2, 3, nonlin=True)", lambda: micrograd_nn.Layer(2, 3, nonlin=True)),
    ("Layer(2, 3, nonlin=False)", lambda: micrograd_nn.Layer(2, 3, nonlin=False)),
    ("MLP(2, [3, 1])", lambda: micrograd_nn.MLP(2, [3, 1])),
])
def test_micrograds_nonlin_in_the_text_builds_what_micrograd_builds(make, theirs):
    text = f"from micrograd.nn import Neuron, Layer, MLP\nrandom.seed(3)\nm = {make}\nout = m([1.0, -2.0])\n"
    text += "z = out[0] * 1.0\n" if make.startswith("Layer") else ""  # a list alone draws nothing
    mine = parse(text).build().bindings["out"]
    random.seed(3)
    out = theirs()([MicrogradValue(1.0), MicrogradValue(-2.0)])
    mine, out = (mine, out) if isinstance(out, list) else ([mine], [out])
    assert [v.data for v in mine] == pytest.approx([v.data for v in out], rel=1e-12)


def test_random_seed_in_the_text_chooses_the_weights():
    def weights(seed):
        return [p.data for p in parse(f"random.seed({seed})\nn = MLP(3, [4, 1])\no = n([1.0, 2.0, 3.0])")
                .model.parameters()]

    assert weights(1) == weights(1) != weights(2)
    assert weights(1) == [p.data for p in MLP(3, [4, 1], rng=random.Random(1)).parameters()]


# -- 5. backward where the text says --------------------------------------------------


def test_backward_fills_the_grads_of_its_own_value_even_when_more_code_follows():
    graph = parse(NEURON + "\no.backward()\nz = o * 2").build()
    nodes = by_label(graph)
    assert graph.root is nodes["z"] and nodes["z"].grad == 0.0
    assert (nodes["o"].grad, nodes["n"].grad) == pytest.approx((1.0, 0.5))


def test_backward_twice_in_the_text_accumulates_as_in_python():
    graph = parse(s.S1_L + "L.backward()\nL.backward()").build()
    nodes = by_label(graph)
    # The output's grad is set to 1 each time; the others add a pass computed from the
    # already grown grads above them: d doubles, e triples, a quadruples.
    assert [nodes[k].grad for k in "Ldea"] == [1.0, -4.0, -6.0, 24.0]
    assert graph.backward_passes == 2


def test_pressing_backward_twice_does_what_the_readme_says():
    L = parse(s.S1_L).build()
    L.backward()
    L.backward(accumulate=True)
    assert [by_label(L)[k].grad for k in "Ldea"] == [1.0, -4.0, -6.0, 24.0]


# -- 6. unknown names --------------------------------------------------------------------


@pytest.mark.parametrize("cell, name, lecture_cell", [
    ("draw_dot(L)", "L", "the cell that builds L (a = Value(2.0, label='a') … L = d * f)"),
    ("o.backward()", "o", "the neuron's cell (x1 = Value(2.0, label='x1') … o = n.tanh())"),
    ("L.grad = 1.0\nd.grad = -2.0", "L", "the cell that builds L"),
    ("ypred", "ypred", "the training cell (ypred = [n(x) for x in xs]"),
    ("model.zero_grad()", "model", "model = MLP(2, [16, 16, 1])"),
])
def test_an_unknown_name_of_the_lecture_names_the_cell_that_defines_it(cell, name, lecture_cell):
    with pytest.raises(ParseError) as info:
        parse(cell)
    message = info.value.message
    assert message.startswith(f"unknown name '{name}': paste the cell that gives it a value above this one")
    assert lecture_cell in message and info.value.line == 1


def test_an_unknown_name_the_lecture_does_not_use_says_how_to_give_it_a_value():
    with pytest.raises(ParseError, match="unknown name 'zz': paste the cell .* like zz = 1.0"):
        parse("q = 2 * zz")


# -- 7. the lecture's own draw_dot runs on our Value -------------------------------------


def test_our_value_has_micrograds_op_text():
    a = Value(2.0)
    b = (a * a).tanh()
    assert (a._op, b._op, b._prev[0]._op) == ("", "tanh", "*")
    assert Graph(b).nodes[-1]._prev == b._prev


# -- a learner's own cells: operator methods and the network's parts ----------------------


@pytest.mark.parametrize("call, expected", [
    ("a.__add__(b)", -1.0), ("a.__radd__(1.0)", 3.0), ("a.__rmul__(3.0)", 6.0), ("a.__sub__(b)", 5.0),
    ("a.__truediv__(b)", 2.0 / -3.0), ("a.__pow__(2)", 4.0), ("a.__neg__()", -2.0),
])
def test_a_values_operator_methods_are_its_operators(call, expected):
    graph = parse(f"a = Value(2.0)\nb = Value(-3.0)\nz = {call}").build()
    assert graph.root.data == pytest.approx(expected) and graph.root.label == "z"


def test_other_double_underscore_names_stay_refused():
    with pytest.raises(ParseError, match="not allowed"):
        parse("a = Value(2.0)\nz = a.__class__")


def test_the_networks_parts_are_read_as_in_the_lecture():
    env = parse("n = MLP(3, [4, 4, 1])\nw = n.layers[0].neurons[0].w[0]\nb = n.layers[2].neurons[0].b\n"
                "g = n.layers[0].neurons[0].w[0].grad\nz = w * b").build().bindings
    model = env["n"]
    assert env["w"] is model.layers[0].neurons[0].w[0] and env["b"] is model.layers[2].neurons[0].b
    assert env["g"] == 0.0 and env["w"].label == "L1.n1.w1"  # a weight keeps its name
