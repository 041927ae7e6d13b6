"""A grouped drawing shaped to its canvas: a layer's neurons laid out in several ranks."""

import pytest

from explorer.lang import parse
from explorer.viz.dot import box_titles
from explorer.viz.group_shape import lay_out_banded, lay_out_grouped
from explorer.viz.groups import Grouping

MLP_TEXT = "n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nypred = n(x)\nloss = (ypred - 1.0)**2"


def grouped_view():
    graph = parse(MLP_TEXT).build()
    grouping = Grouping(graph, graph.groups)
    return grouping.view(grouping.default_open(), box_titles(graph))


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_the_estimate_of_a_banded_drawing_is_graphviz_s_size_within_a_tenth(rankdir):
    view = grouped_view()
    _one_band, shape, _bands = lay_out_grouped(view, rankdir)
    off = []
    for bands in (2, 3):
        drawn = lay_out_banded(view, rankdir, bands)
        w, h = shape.size(bands)
        off += [abs(w - drawn.width) / drawn.width, abs(h - drawn.height) / drawn.height]
    assert max(off) < 0.1, off


def test_on_a_wide_canvas_the_layer_is_wrapped_and_the_drawing_takes_the_canvas_s_shape():
    view = grouped_view()
    one_band, shape, _ = lay_out_grouped(view, "LR")
    drawn, _, bands = lay_out_grouped(view, "LR", room=(1500, 860), readable=1.1)
    aspect = drawn.width / drawn.height
    assert bands > 1 and one_band.width / one_band.height < 0.8 and 1.5 < aspect < 2.2


def test_the_bands_invisible_edges_are_not_drawn_and_every_edge_still_has_its_path():
    view = grouped_view()
    drawn = lay_out_banded(view, "LR", 3)
    real = sum(1 + len(v._prev) for v in view.stand_in.nodes if v.op is not None)
    assert len(drawn.edges) == real and all(len(e.points) >= 4 for e in drawn.edges)


def test_a_tall_canvas_keeps_the_layer_in_one_rank():
    view = grouped_view()
    _, _, bands = lay_out_grouped(view, "LR", room=(700, 1400), readable=1.1)
    assert bands == 1


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_each_band_keeps_the_neurons_in_the_text_s_order(rankdir):
    # Left to Graphviz's crossing minimisation a band read L2.n3, L2.n2, L2.n1, L2.n5, ...
    from explorer.viz.group_shape import parallel_groups

    view = grouped_view()
    drawn = lay_out_banded(view, rankdir, 3)
    neurons = parallel_groups(view)[0]
    across = [drawn.values[v].y if rankdir == "LR" else drawn.values[v].x for v in neurons]
    bands = [across[0:6], across[6:12], across[12:16]]
    assert all(b == sorted(b) or b == sorted(b, reverse=True) for b in bands), bands


def test_two_open_layers_feeding_each_other_stay_in_one_band():
    # Sixty-four edges from one layer's neurons to the next would cross the bands: the
    # banded drawing was wider and taller than the one-band one.
    graph = parse(MLP_TEXT.replace("[16, 16, 1]", "[8, 8, 1]")).build()
    grouping = Grouping(graph, graph.groups)
    view = grouping.view(grouping.default_open(), box_titles(graph))
    _, _, bands = lay_out_grouped(view, "LR", room=(1500, 860), readable=1.1)
    assert bands == 1
