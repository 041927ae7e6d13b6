"""The DOT is the lecture's draw_dot, with names from graph order and labels that stay text."""

import re
import xml.etree.ElementTree as ET

import pygraphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.engine import Graph, Value
from explorer.viz.dot import VizError, record_escape, to_agraph, to_dot
from explorer.viz.export import render_graph
from explorer.viz.format import display_label, fmt_grad

SVG = "{http://www.w3.org/2000/svg}"


def test_one_record_per_value_and_one_node_per_op(L):
    agraph = to_agraph(Graph(L))
    shapes = [agraph.get_node(n).attr["shape"] for n in agraph.nodes()]
    assert (shapes.count("record"), shapes.count("ellipse")) == (7, 3)


def test_record_reads_label_data_grad(L):
    L.backward()
    agraph = to_agraph(L)
    label = agraph.get_node("v0").attr["label"]
    assert re.fullmatch(r"a\|data(\\ )+2\.0000\|grad(\\ )+6\.0000", label)


def test_edges_go_input_to_op_to_value(L):
    agraph = to_agraph(L)
    # a, b, c, e = a*b, ...: e is node 3, its op node o3
    assert set(agraph.out_edges("o3")) == {("o3", "v3")} and set(agraph.in_edges("o3")) == {
        ("v0", "o3"), ("v1", "o3")}


def test_a_value_used_twice_has_two_edges():
    a = Value(3.0, label="a")
    agraph = to_agraph(a + a)
    assert len(agraph.in_edges("o1")) == 2


def test_names_follow_graph_order_not_python_ids(L):
    assert to_dot(Graph(L)) == to_dot(Graph(L))


def test_graph_before_backward_shows_dashes(L):
    assert record_escape("grad " + fmt_grad(0.0, False)) in to_dot(Graph(L))


def test_unknown_direction_is_a_clear_error(L):
    with pytest.raises(VizError, match="LR"):
        to_dot(L, rankdir="RL")


def test_only_values_can_be_drawn():
    with pytest.raises(VizError, match="value .* or a Graph"):
        to_dot(42)


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # also proves the SVG is well-formed XML
    # Graphviz keeps runs of spaces as no-break spaces.
    return [(t.text or "").replace("\xa0", " ") for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("label", [
    "{a|b}", "<port>", 'say "hi"', "back\\slash", "ends with \\", "\\N", "\\G", "&lt;", "&amp;",
    "]]>", "<!--", "a\nb", "x  y", "ü∂→", "%s", "\x00\x07",
])
def test_label_is_shown_as_written(label):
    svg = render_graph(Value(1.0, label=label), "svg")
    assert display_label(label) in svg_texts(svg)


label_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.text(
    st.sampled_from('{}|<>"\\ &;#ln\n'), max_size=12)


@settings(max_examples=60)
@given(label_text)
def test_no_label_breaks_the_dot_or_the_svg(label):
    node = Value(2.0, label=label) * Value(3.0, label="b")
    svg = render_graph(node, "svg")
    shown = display_label(label).replace("\xa0", " ").strip()
    assert not shown or shown in [t.strip() for t in svg_texts(svg)]


@settings(max_examples=30)
@given(label_text)
def test_dot_reparses_with_the_same_label(label):
    first = pygraphviz.AGraph(string=to_dot(Value(1.0, label=label)))
    again = pygraphviz.AGraph(string=first.to_string())
    assert again.get_node("v0").attr["label"] == first.get_node("v0").attr["label"]
