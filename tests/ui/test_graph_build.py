"""A big graph's boxes off screen are made after its first paint (ui/graph_build):
whatever the learner does before they are all made finds the boxes it needs."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QRectF

from explorer.engine import Graph
from explorer.ui.graph_view import GraphView
from tests.ui.test_graph_view import chain_graph, squash


def boxes(graph: Graph) -> int:
    """A record per value, an ellipse per op."""
    return len(graph.nodes) + sum(v.op is not None for v in graph.nodes)


def new_view(qtbot, lazy: bool = True) -> GraphView:
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    view.async_threshold = 10**9  # laid out here: the test need not wait for the layout process
    view.lazy_min_boxes = 10 if lazy else 10**9
    return view


@pytest.fixture
def view(qtbot) -> GraphView:
    return new_view(qtbot)


@pytest.fixture
def waiting(view, monkeypatch) -> GraphView:
    """A view that makes the boxes on screen and leaves the rest waiting (no slices)."""
    monkeypatch.setattr(view, "_make_the_rest_later", lambda: None)
    return view


def visible_rect(view: GraphView):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_the_boxes_on_screen_come_first_and_the_rest_right_after(view, qtbot):
    graph = chain_graph(120)
    view.set_graph(graph, True)
    made_first = len(view._items)
    assert 0 < made_first < boxes(graph) and not view.shows_whole_graph()
    qtbot.waitUntil(lambda: view.boxes_to_make == 0, timeout=10000)
    assert len(view._items) == boxes(graph)


def test_boxes_made_later_show_what_boxes_made_at_once_show(view, qtbot):
    graph = chain_graph(120)
    eager = new_view(qtbot, lazy=False)
    eager.set_graph(graph, True)
    view.set_graph(graph, True)

    def drawn(v: GraphView) -> list:
        return sorted((i.index, i.rect.getRect(), i.label_text, i.data_text, i.grad_text, i.grad_fill, i.kind)
                      for i in v.value_items())

    assert drawn(view) == drawn(eager)


def test_every_box_is_on_the_minimap_before_its_item_is_made(waiting):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    assert waiting.boxes_to_make > 0 and len(waiting.minimap._boxes) == boxes(graph)


def test_scrolling_to_boxes_not_made_yet_makes_them(waiting):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    layout = waiting.current_layout()
    assert ("value", 0) not in waiting._items  # x, the input, far from the output
    waiting.horizontalScrollBar().setValue(0)
    waiting.verticalScrollBar().setValue(0)
    seen = visible_rect(waiting)
    on_screen = [i for i, v in enumerate(graph.nodes)
                 if seen.intersects(QRectF(layout.values[v].x, layout.values[v].y, layout.values[v].w,
                                           layout.values[v].h))]
    assert 0 in on_screen and all(("value", i) in waiting._items for i in on_screen)
    assert all(squash(waiting._items[("value", i)].data_text).startswith("data ") for i in on_screen)


def test_selecting_a_value_off_screen_makes_its_box_selects_it_and_brings_it_into_view(waiting):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    x = graph.nodes[0]
    assert ("value", 0) not in waiting._items
    waiting.set_selected(x)
    item = waiting.item_for(x)
    assert item is not None and item.selected and visible_rect(waiting).contains(item.sceneBoundingRect())


def test_a_step_on_a_value_off_screen_rings_its_box(waiting):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    x = graph.nodes[0]
    product = next(v for v in graph.nodes if x in v._prev)
    waiting.highlight_step(product, [(x, product)])
    assert waiting.item_for(product).step and waiting.item_for(x).lit


def test_numbers_refreshed_while_boxes_wait_are_the_numbers_they_show(waiting, qtbot):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    x = graph.nodes[0]
    x.data = 0.75
    graph.forward()
    graph.backward()
    waiting.refresh_values(True)
    eager = new_view(qtbot, lazy=False)
    eager.set_graph(graph, True)
    assert squash(waiting.item_for(x).data_text) == squash(eager.item_for(x).data_text) == "data 0.7500"
    assert squash(waiting.item_for(x).grad_text) == squash(eager.item_for(x).grad_text)


def test_export_has_every_box_while_some_wait(waiting):
    graph = chain_graph(120)
    waiting.set_graph(graph, True)
    layout = waiting.current_layout()
    assert waiting.boxes_to_make > 0 and len(layout.values) == len(graph.nodes)


def test_the_garbage_collector_runs_again_once_the_graph_is_on_screen(view, qtbot):
    # An earlier test's view may still hold it, until its own 1-s fallback (the event
    # loop does not run between tests): start from a running collector.
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    view.set_graph(chain_graph(120), True)
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_the_garbage_collector_runs_again_when_a_background_layout_is_cancelled(view, qtbot):
    view.async_threshold, view.preview_threshold = 20, 20
    view.set_graph(chain_graph(120), True)
    assert view.is_busy
    view.cancel_layout()
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    assert not view.collector_held
