"""The built graph knows names and places: node <-> text for the editor and the canvas."""

import pytest

from explorer.engine import Graph
from explorer.lang import ProgramGraph, parse

TEXT = """a = Value(2.0, label='a')
b = Value(-3.0, label='b')
e = a*b; e.label = 'e'
L = e + 2*b
"""


@pytest.fixture
def graph() -> ProgramGraph:
    return parse(TEXT).build()


def at(word: str, nth: int = 0) -> int:
    """Offset of the nth occurrence of ``word`` in TEXT."""
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(word, pos + 1)
    return pos


def test_a_program_graph_is_an_engine_graph(graph):
    assert isinstance(graph, Graph)


def test_by_name_maps_every_name_to_its_node(graph):
    assert {name: v.label for name, v in graph.by_name.items()} == {"a": "a", "b": "b", "e": "e", "L": "L"}


def test_node_at_a_name_is_that_names_node(graph):
    assert graph.node_at(at("a*b")) is graph.by_name["a"]


def test_node_at_an_operator_is_the_node_it_makes(graph):
    assert graph.node_at(at("*b")) is graph.by_name["e"]


def test_node_at_a_constant_is_the_constant_leaf(graph):
    node = graph.node_at(at("2*b"))
    assert (node.is_leaf, node.data, node.param) == (True, 2.0, False)


def test_node_at_the_number_inside_value_is_the_leaf(graph):
    assert graph.node_at(at("-3.0")) is graph.by_name["b"]


def test_node_at_a_comment_or_blank_is_none():
    graph = parse("# a comment\na = 2.0\nb = a*a\n").build()
    assert graph.node_at(3) is None


def test_span_of_a_leaf_is_its_number_and_of_a_node_its_expression(graph):
    spans = {name: graph.span(graph.by_name[name]) for name in ("b", "L")}
    assert [TEXT[s.start:s.end] for s in spans.values()] == ["-3.0", "e + 2*b"]


def test_span_has_one_based_line_and_columns(graph):
    span = graph.span(graph.by_name["e"])
    assert (span.line, span.col, span.end_line, span.end_col) == (3, 5, 3, 8)


def test_name_of_gives_the_texts_name_even_when_the_label_differs():
    graph = parse("x = Value(2.0, label='x1')\ny = x*x").build()
    x = graph.by_name["x"]
    assert (x.label, graph.name_of(x)) == ("x1", "x")


def test_named_leaves_are_parameters_and_constants_are_not(graph):
    assert sorted(v.label for v in graph.parameters) == ["a", "b"]


def test_unnamed_sub_expressions_have_an_empty_label():
    graph = parse("a = 2.0\nb = -3.0\nc = 10.0\nd = a*b + c").build()
    assert [v.label for v in graph.nodes if not v.is_leaf] == ["", "d"]


def test_each_build_is_a_fresh_graph_with_the_texts_values():
    program = parse(TEXT)
    first = program.build()
    first.by_name["a"].data = 100.0
    assert program.build().by_name["a"].data == 2.0


def test_names_lists_the_intermediate_names_in_order():
    assert parse(TEXT).names == ["e", "L"]


def test_statements_say_what_each_line_did():
    assert [s.kind for s in parse(TEXT).statements] == ["leaf", "leaf", "node", "label", "node"]


def test_by_name_holds_only_nodes_of_the_graph():
    graph = parse("h = 0.001\na = 2.0\nb = a*a").build()
    assert "h" not in graph.by_name and parse("h = 0.001\na = 2.0\nb = a*a").variables == ["a"]


def test_a_value_used_twice_is_one_node_with_both_grads():
    graph = parse("a = 3.0\nb = a + a").build()
    graph.backward()
    assert graph.by_name["a"].grad == 2.0


def test_the_lectures_ascent_step_on_the_L_graph():
    from .test_basics import PLAIN_L
    graph = parse(PLAIN_L).build()
    graph.backward()
    graph.step(0.01, ascent=True)
    assert graph.forward() == pytest.approx(-7.286496)
