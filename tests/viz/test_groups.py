"""A big graph drawn grouped: a box per neuron, layer, network call or function call."""

from explorer.lang import parse
from explorer.viz.dot import box_titles
from explorer.viz.groups import Grouping
from explorer.viz.layout import layout

MLP_TEXT = "n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nypred = n(x)\nloss = (ypred - 1.0)**2"


def grouped(text: str):
    graph = parse(text).build()
    return graph, Grouping(graph, graph.groups)


def test_a_neurons_weights_are_inside_its_group():
    graph, grouping = grouped(MLP_TEXT)
    neuron = next(g for g in grouping.groups if g.name == "L1.n1")
    names = {graph.nodes[i].label for i in neuron.members}
    assert {"L1.n1.w1", "L1.n1.w2", "L1.n1.w3", "L1.n1.b"} <= names


def test_weights_several_calls_share_stay_outside_every_group():
    graph, grouping = grouped("n = MLP(2, [2, 1])\na = n([1.0, 2.0])\nb = n([3.0, 4.0])\nloss = a + b")
    w = graph.nodes.index(graph.node("L1.n1.w1"))
    assert all(w not in g.members for g in grouping.groups)


def test_all_closed_the_network_is_one_box_between_its_input_and_the_loss():
    graph, grouping = grouped(MLP_TEXT)
    view = grouping.view(set(), box_titles(graph))
    assert view.titles == ["n(x)", "1", "ypred - 1", "loss"]


def test_the_grouped_mlp_opens_with_few_boxes_and_its_output_path_in_them():
    graph, grouping = grouped(MLP_TEXT)
    opened = grouping.default_open()
    view = grouping.view(opened, box_titles(graph))
    assert len(view.stand_in.nodes) <= 40 and {"L3.n1", "loss"} <= set(view.titles)


def test_opening_a_group_shows_its_nodes_in_a_frame_the_layout_places():
    graph, grouping = grouped(MLP_TEXT)
    l3 = next(k for k, g in enumerate(grouping.groups) if g.name == "L3")
    view = grouping.view({0, l3}, box_titles(graph))
    result = layout(view.stand_in, "LR", view.titles, view.dot_clusters())
    frames = dict(zip([c.title for c in view.clusters], result.clusters))
    inner = result.values[next(v for v, t in zip(view.stand_in.nodes, view.titles) if t == "L3.n1")]
    frame = frames["L3"]
    assert frame.x <= inner.x and inner.x + inner.w <= frame.x + frame.w


def test_closing_a_group_closes_the_groups_inside_it():
    graph, grouping = grouped(MLP_TEXT)
    everything = set(range(len(grouping.groups)))
    assert grouping.close(everything, 0) == set()


def test_a_function_call_is_one_box_fed_by_its_argument():
    graph, grouping = grouped("x = 2.0\ndef f(t): return 3*t**2 - 4*t + 5\ny = f(x)")
    view = grouping.view(set(), box_titles(graph))
    assert view.titles == ["x", "f(x)"] and view.stand_in.root.op_label == "function"
