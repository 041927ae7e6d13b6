"""A Training lab neuron's graph shown instead of the document's (model/aside.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.model.aside import neuron_aside
from explorer.model.commands import Commands
from explorer.model.session import Session
from explorer.model.training_lab import TrainingLab
from explorer.viz.dot import box_titles


@pytest.fixture(scope="module")
def lab():
    lab = TrainingLab()
    lab.advance(40)
    return lab


@settings(max_examples=25, deadline=None)
@given(layer=st.integers(1, 3), index=st.integers(0, 15), sample=st.integers(0, 99))
def test_a_neurons_graph_computes_what_the_lab_computes_for_that_sample(lab, layer, index, sample):
    index = min(index, len(lab.network.layers[layer - 1].neurons) - 1)
    parts = lab.neuron_parts(layer, index, sample)
    aside = neuron_aside(lab, layer, index, sample)
    root = aside.graph.root
    assert root.data == pytest.approx(parts.output, rel=1e-12, abs=1e-12)
    # The lab's own network, called on the sample with its current weights, agrees.
    lab.write_weights()
    called = lab.network.layers
    x = [float(v) for v in lab.dataset.xs[sample]]
    for k in range(layer):
        x = [n(x).data for n in called[k].neurons]
    assert root.data == pytest.approx(x[index], rel=1e-12, abs=1e-12)
    # Its own backward: d out / d w_i is x_i times the activation's slope.
    leaves = {v.label: v for v in aside.graph.nodes if v.is_leaf}
    slope = leaves["b"].grad
    for i, xi in enumerate(parts.inputs):
        assert leaves[f"w{i + 1}"].grad == pytest.approx(xi * slope, rel=1e-12, abs=1e-12)
    assert f"sample {sample + 1} of 100" in aside.title and root.label in aside.title


def test_a_neuron_that_does_not_exist_is_refused_by_name(lab):
    with pytest.raises(Exception, match="no such neuron"):
        lab.neuron_parts(4, 0, 0)
    with pytest.raises(Exception, match="no sample 101"):
        lab.neuron_parts(1, 0, 100)


def test_showing_a_neuron_leaves_the_document_alone_and_the_document_brings_itself_back(lab):
    session = Session()
    commands = Commands(session)
    text, graph, root = session.text, session.graph, session.graph.root.data
    session.aside.show(neuron_aside(lab, 1, 0))
    assert session.aside.shown is not None
    assert (session.text, session.graph, session.graph.root.data) == (text, graph, root)
    commands.forward()  # a button acts on the document: the canvas shows it again
    assert session.aside.shown is None
    session.aside.show(neuron_aside(lab, 1, 0))
    session.set_text("a = 2.0\nL = a * a")
    assert session.aside.shown is None
    session.aside.show(neuron_aside(lab, 1, 0))
    session.step_through("backward")
    assert session.aside.shown is None


@pytest.mark.parametrize("layer, title", [(1, "w1*x1 + w2*x2 + b"), (2, "w1*L1.n1 + … + w16*L1.n16 + b")])
def test_a_neurons_weighted_sum_is_titled_as_the_lecture_writes_it(lab, layer, title):
    graph = neuron_aside(lab, layer, 0).graph
    activation = graph.root
    assert box_titles(graph)[graph.nodes.index(activation.children[0])] == title
