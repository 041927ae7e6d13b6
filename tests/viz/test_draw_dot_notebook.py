"""draw_dot for any micrograd-like value, micrograd's signature, and .render()."""

import math
import types

from micrograd.engine import Value as MicrogradValue

from explorer.engine import Value
from explorer.viz.notebook import draw_dot
from tests.lang import lecture_notebooks as nb
from tests.lang.notebook_compare import StandInValue


def test_a_hand_written_micrograd_style_class_is_drawn_with_its_numbers():
    a = StandInValue(2.0, label="a")
    b = StandInValue(-3.0, label="b")
    out = (a * b).tanh()
    out.label = "out"
    out.backward()
    source = draw_dot(out).source
    assert "out|data" in source and "tanh" in source
    assert f"{math.tanh(-6.0):.4f}" in source.replace("\\ ", " ")


def test_micrograds_own_value_is_drawn():
    x = MicrogradValue(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    assert 'label="ReLU"' in draw_dot(y).source


def test_micrograds_signature_and_render_write_the_source_and_the_picture(tmp_path):
    x = Value(1.0, label="x")
    y = (x * 2.0).tanh()
    dot = draw_dot(y, format="png", rankdir="TB")
    written = dot.render(str(tmp_path / "gout"))
    assert written == str(tmp_path / "gout.png")
    assert (tmp_path / "gout.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "gout").read_text().startswith("digraph")


def test_the_lectures_own_draw_dot_runs_on_our_value():
    # The lecture's cell, run by the test with a stand-in graphviz: it reads _prev and _op.
    recorded = {}

    class Digraph:
        def __init__(self, *args, **kwargs):
            recorded["nodes"], recorded["edges"] = [], []

        def node(self, name, label, **kwargs):
            recorded["nodes"].append(label)

        def edge(self, a, b):
            recorded["edges"].append((a, b))

    cell = next(c for c in nb.FIRST_HALF if c.startswith("from graphviz import Digraph"))
    namespace = {"__name__": "lecture"}
    graphviz = types.ModuleType("graphviz")
    graphviz.Digraph = Digraph
    import sys

    sys.modules["graphviz"], saved = graphviz, sys.modules.get("graphviz")
    try:
        exec(cell, namespace)  # noqa: S102 - the lecture's code, run by the test
        a = Value(2.0, label="a")
        L = a * Value(-3.0, label="b")
        L.label = "L"
        namespace["draw_dot"](L)
    finally:
        if saved is None:
            sys.modules.pop("graphviz")
        else:
            sys.modules["graphviz"] = saved
    assert "*" in recorded["nodes"]
    assert any(label.startswith("{ L | data -6.0000") for label in recorded["nodes"])
    assert len(recorded["edges"]) == 3
