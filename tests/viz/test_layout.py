"""Layout: boxes, fields and curves from Graphviz, unchanged by the numbers."""

import math

import pytest

from explorer.engine import Graph, Value
from explorer.viz.layout import layout


def box_sizes(lay):
    return {v.label: (b.w, b.h, [(f.w, f.h) for f in b.fields]) for v, b in lay.values.items()}


def test_every_value_and_op_gets_a_box(neuron):
    lay = layout(neuron)
    assert len(lay.values) == 10 and len(lay.ops) == 5


def test_left_to_right_puts_inputs_left_of_the_output(neuron):
    lay = layout(neuron)
    assert lay.values[neuron.node("x1")].x < lay.values[neuron.root].x


def test_top_to_bottom_puts_inputs_above_the_output(neuron):
    lay = layout(neuron, "TB")
    assert lay.values[neuron.node("x1")].y < lay.values[neuron.root].y


def test_boxes_do_not_change_when_values_change(neuron):
    before = box_sizes(layout(neuron))
    neuron.node("x1").data = -123456.789
    neuron.node("w2").data = math.inf
    neuron.forward()
    neuron.backward()
    assert box_sizes(layout(neuron)) == before


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_record_has_label_data_grad_fields_inside_the_box(neuron, rankdir):
    box = layout(neuron, rankdir).values[neuron.root]
    inside = all(box.x - 1 <= f.x and f.x + f.w <= box.x + box.w + 1 and box.y - 1 <= f.y
                 and f.y + f.h <= box.y + box.h + 1 for f in box.fields)
    assert len(box.fields) == 3 and inside


def test_fields_are_stacked_label_data_grad_in_both_directions(neuron):
    lr = layout(neuron, "LR").values[neuron.root].fields
    tb = layout(neuron, "TB").values[neuron.root].fields
    assert lr[0].y < lr[1].y < lr[2].y and tb[0].y < tb[1].y < tb[2].y


def test_edges_connect_input_op_and_value(neuron):
    lay = layout(neuron)
    o, n = neuron.root, neuron.node("n")
    into_o = {e.src for e in lay.edges if e.dst == ("value", o)}
    into_op = {e.src for e in lay.edges if e.dst == ("op", o)}
    assert (into_o, into_op) == ({("op", o)}, {("value", n)})


def test_edge_curves_are_cubic_beziers_ending_in_an_arrow(neuron):
    lay = layout(neuron)
    assert all(len(e.points) % 3 == 1 and e.arrow is not None for e in lay.edges)


def test_edge_ends_near_its_target(neuron):
    lay = layout(neuron)
    edge = next(e for e in lay.edges if e.src == ("op", neuron.root))
    box = lay.values[neuron.root]
    assert box.contains(edge.arrow[0] + 1, edge.arrow[1])


def test_value_used_twice_gets_two_curves():
    a = Value(3.0, label="a")
    lay = layout(a + a)
    assert sum(1 for e in lay.edges if e.src == ("value", a)) == 2


def test_everything_fits_in_the_drawing(neuron):
    lay = layout(neuron)
    boxes = [*lay.values.values(), *lay.ops.values()]
    assert all(-1 <= b.x and b.x + b.w <= lay.width + 1 and -1 <= b.y and b.y + b.h <= lay.height + 1
               for b in boxes)


def test_a_single_leaf_can_be_laid_out():
    lay = layout(Value(1.0, label="x"))
    assert len(lay.values) == 1 and lay.edges == []


def test_layout_of_a_root_value_is_the_graph_layout(neuron):
    assert box_sizes(layout(neuron.root)) == box_sizes(layout(Graph(neuron.root)))


def test_layout_can_be_computed_from_text_anywhere(neuron):
    from explorer.viz.layout import layout_source, read_layout, run_layout

    answer = run_layout(layout_source(neuron, "TB"))  # the part a worker process would run
    assert box_sizes(read_layout(neuron, answer, "TB")) == box_sizes(layout(neuron, "TB"))


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_graphvizs_attributes_give_the_layout_json0_gives(rankdir):
    """The window reads the attributes Graphviz writes (gv_positions), export reads json0:
    the same boxes, fields, curves and frames, to the last digit."""
    import json

    from explorer.lang import parse
    from explorer.viz.dot import box_titles
    from explorer.viz.groups import Grouping
    from explorer.viz.layout import from_json0, layout_source, read_layout, render, run_layout

    text = ("n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nypred = n(x)\n"
            "loss = (ypred - 1.0)**2 + ypred * ypred\n")
    graph = parse(text).build()
    grouping = Grouping(graph, graph.groups)
    view = grouping.view(grouping.default_open(), box_titles(graph))
    grouped = layout_source(view.stand_in, rankdir, view.titles, view.dot_clusters())
    for g, source in ((graph, layout_source(graph, rankdir)), (view.stand_in, grouped)):
        ours = read_layout(g, run_layout(source), rankdir)
        theirs = from_json0(g, json.loads(render(source, "json0")), rankdir)
        assert ours == theirs and len(ours.edges) == sum(1 + len(v._prev) for v in g.nodes if v.op)
    assert any(frame is not None for frame in ours.clusters)


def test_far_from_the_origin_fields_keep_their_box_edges_and_boxes_stay_in_the_drawing():
    """Graphviz writes 5 significant digits, so beyond 10,000 points a field's edge may
    stand off its box's (drawn as a second border): the fields get the box's edges."""
    import json

    from explorer.viz.layout import layout_source, render

    v = Value(1.0, label="x" * 120)
    for i in range(40):
        v = v * 1.0
        v.label = f"{'y' * 120}{i}"
    graph = Graph(v)
    lay = layout(graph)
    far = max(lay.values.values(), key=lambda b: b.x)
    assert far.x > 10_000 and all(len(b.fields) == 3 for b in lay.values.values())
    assert all((f.x, f.w) == (b.x, b.w) for b in lay.values.values() for f in b.fields)
    # Nor does the last box stick out of the drawing (whose size has 5 digits too).
    boxes = [*lay.values.values(), *lay.ops.values()]
    assert all(b.x + b.w <= lay.width and b.y + b.h <= lay.height for b in boxes)
    # (Graphviz's own field rectangles there are off by more than half a point.)
    data = json.loads(render(layout_source(graph), "json0"))
    llx = float(data["bb"].split(",")[0])
    lefts = [float(o["rects"].split(",")[0]) - llx for o in data["objects"] if "rects" in o]
    assert max(min(abs(left - b.x) for b in lay.values.values()) for left in lefts) > 0.5
