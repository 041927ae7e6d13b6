"""The graph canvas: what a learner sees and can click, and what it costs to update."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from explorer.engine import Graph, Value
from explorer.ui import graph_view as graph_view_module
from explorer.ui.graph_items import EdgeItem, NodeItem, SummaryItem, ValueItem, tooltip_text
from explorer.ui.graph_view import GraphView
from explorer.viz.format import NUMBER_WIDTH
from tests.lecture import L_root

SEED_GRADS = {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}


def lecture_graph(a_value: float = 2.0) -> Graph:
    """The seed's L = (a*b + c) * f, built as the notebook builds it."""
    return Graph(L_root(a_value))


def chain_graph(n: int) -> Graph:
    """x, then n alternating * and tanh nodes: a long, thin graph."""
    v = Value(0.5, label="x")
    for i in range(n // 2):
        v = v * 1.01
        v = v.tanh()
        v.label = f"t{i}"
    return Graph(v)


def squash(text: str) -> str:
    """'grad     6.0000' -> 'grad 6.0000' (numbers are right-aligned to a fixed width)."""
    return " ".join(text.split())


def by_label(view: GraphView) -> dict[str, ValueItem]:
    return {item.value.label: item for item in view.value_items()}


def viewport_point(view: GraphView, item) -> QPoint:
    return view.mapFromScene(item.sceneBoundingRect().center())


@pytest.fixture
def view(qtbot):
    w = GraphView()
    qtbot.addWidget(w)
    w.resize(1000, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def count_layouts(monkeypatch):
    """Counts calls of Graphviz's layout made by the view."""
    calls = []
    real = graph_view_module.viz_layout.layout

    def counting(graph, rankdir="LR", titles=None):
        calls.append(graph)
        return real(graph, rankdir, titles)

    monkeypatch.setattr(graph_view_module.viz_layout, "layout", counting)
    return calls


# -- what is drawn -------------------------------------------------------------------------


def test_one_record_per_value_with_the_lecture_labels_and_data(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    shown = {label: squash(item.data_text) for label, item in by_label(view).items()}
    assert shown == {"a": "data 2.0000", "b": "data -3.0000", "c": "data 10.0000", "e": "data -6.0000",
                     "d": "data 4.0000", "f": "data -2.0000", "L": "data -8.0000"}


def test_grads_read_dash_before_backward(view):
    view.set_graph(lecture_graph(), False)
    assert {squash(item.grad_text) for item in view.value_items()} == {"grad —"}


def test_backward_then_refresh_shows_the_seed_grads(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.backward()
    view.refresh_values(True)
    shown = {label: squash(item.grad_text) for label, item in by_label(view).items()}
    assert shown == {label: f"grad {g:.4f}" for label, g in SEED_GRADS.items()}


def test_one_op_node_per_computed_value(view):
    view.set_graph(lecture_graph(), False)
    ops = sorted(item.text for item in view.scene().items() if isinstance(item, NodeItem)
                 and not isinstance(item, ValueItem))
    assert ops == ["*", "*", "+"]


def test_parameters_look_different_from_inputs(view):
    x = Value(2.0, label="x")
    w = Value(-3.0, label="w", param=True)
    view.set_graph(Graph(x * w), False)
    items = by_label(view)
    assert (items["w"].kind.fill, items["w"].kind.border) != (items["x"].kind.fill, items["x"].kind.border)


def test_changing_a_leaf_updates_every_box_after_it(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.node("a").data = 3.0
    graph.forward()
    view.refresh_values(False)
    shown = {label: squash(item.data_text) for label, item in by_label(view).items()}
    assert (shown["a"], shown["e"], shown["d"], shown["L"]) == ("data 3.0000", "data -9.0000", "data 1.0000",
                                                                 "data -2.0000")


def test_grad_fields_are_coloured_by_sign(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.backward()
    view.refresh_values(True)
    items = by_label(view)
    positive, negative = QColor(items["a"].grad_fill), QColor(items["b"].grad_fill)
    assert positive.blue() > positive.red() and negative.red() > negative.blue()


def test_tooltip_gives_full_precision():
    a = Value(1 / 3, label="a")
    assert repr(1 / 3) in tooltip_text(a, False)


def test_hovering_a_node_shows_its_tooltip(view, qtbot):
    graph = lecture_graph()
    view.set_graph(graph, False)
    pos = viewport_point(view, view.item_for(graph.node("c")))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert "data = 10.0" in QToolTip.text()


def test_top_to_bottom_stacks_the_fields(view):
    view.set_graph(lecture_graph(), False)
    view.set_rankdir("TB")
    label, data, grad = by_label(view)["a"].fields
    assert label.bottom() <= data.top() + 0.5 and data.bottom() <= grad.top() + 0.5


# -- clicks, hover, selection ----------------------------------------------------------------


def test_clicking_a_node_emits_its_value(view, qtbot):
    graph = lecture_graph()
    view.set_graph(graph, False)
    a = graph.node("a")
    with qtbot.waitSignal(view.nodeClicked, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=viewport_point(view, view.item_for(a)))
    assert blocker.args[0] is a


def test_double_clicking_a_node_emits_its_value(view, qtbot):
    graph = lecture_graph()
    view.set_graph(graph, False)
    f = graph.node("f")
    with qtbot.waitSignal(view.nodeDoubleClicked, timeout=1000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          pos=viewport_point(view, view.item_for(f)))
    assert blocker.args[0] is f


def test_dragging_empty_space_pans_instead_of_clicking(view, qtbot):
    view.set_graph(lecture_graph(), False)
    for _ in range(4):
        view.zoom_in()
    before = view.mapToScene(view.viewport().rect().center())
    clicked = []
    view.nodeClicked.connect(clicked.append)
    corner = QPoint(5, 5)  # empty canvas far from the graph at this zoom
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(view.viewport(), QPoint(60, 45))
    qtbot.mouseMove(view.viewport(), QPoint(120, 85))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(120, 85))
    after = view.mapToScene(view.viewport().rect().center())
    assert (after - before).manhattanLength() > 10 and clicked == []


def test_hovering_a_node_highlights_its_inputs_and_outputs(view, qtbot):
    graph = lecture_graph()
    view.set_graph(graph, False)
    qtbot.mouseMove(view.viewport(), viewport_point(view, view.item_for(graph.node("d"))))
    lit = {label for label, item in by_label(view).items() if item.hover}
    assert lit == {"d", "e", "c", "L"}


def test_selected_node_is_outlined_and_brought_into_view(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    for _ in range(8):
        view.zoom_in()
    view.centerOn(view.item_for(graph.root))
    a = graph.node("a")
    view.set_selected(a)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view.item_for(a).selected and visible.contains(view.item_for(a).sceneBoundingRect().center())


def test_step_highlight_marks_the_node_and_the_edges_its_gradient_takes(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    a, b, e = graph.node("a"), graph.node("b"), graph.node("e")
    view.highlight_step(e, [(a, e), (b, e)])
    index = {v: i for i, v in enumerate(graph.nodes)}
    lit_edges = {(e_.src, e_.dst) for e_ in view._edges if isinstance(e_, EdgeItem) and e_.step}
    assert lit_edges == {(("value", index[a]), ("op", index[e])), (("value", index[b]), ("op", index[e])),
                         (("op", index[e]), ("value", index[e]))}


def test_clearing_the_step_highlight_undims_everything(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    view.highlight_step(graph.node("e"), [(graph.node("a"), graph.node("e"))])
    view.highlight_step(None, [])
    steps = [i for i in view.scene().items() if getattr(i, "step", False) or getattr(i, "lit", False)]
    assert steps == [] and not view._look.stepping


def _colourful_pixels(image: QImage) -> int:
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if c.hsvSaturation() > 40 and c.value() > 40:
                count += 1
    return count


def test_stale_graph_is_greyed_with_a_notice(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.backward()
    view.refresh_values(True)
    view.set_legend_visible(False)
    view.set_selected(graph.node("a"))
    view.set_stale(True)
    image = view.viewport().grab().toImage()
    assert _colourful_pixels(image) == 0 and view.stale_notice.isVisible()


# -- zoom ----------------------------------------------------------------------------------------


def test_zoom_in_out_and_reset(view):
    view.set_graph(lecture_graph(), False)
    view.reset_zoom()
    view.zoom_in()
    zoomed = view.zoom()
    view.reset_zoom()
    assert zoomed == pytest.approx(1.25) and view.zoom() == pytest.approx(1.0)


def test_fit_whole_shows_the_whole_graph(view):
    view.resize(420, 400)
    view.set_graph(lecture_graph(), False)
    for _ in range(10):
        view.zoom_in()
    view.fit(whole=True)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(visible.contains(item.rect) for item in view.value_items())


# -- what updates cost ---------------------------------------------------------------------------


def test_refresh_values_makes_no_new_items_and_no_layout(view, count_layouts):
    graph = lecture_graph()
    view.set_graph(graph, False)
    before = {id(i) for i in view.scene().items()}
    calls = len(count_layouts)
    graph.node("a").data = 3.0
    graph.forward()
    graph.backward()
    view.refresh_values(True)
    assert ({id(i) for i in view.scene().items()}, len(count_layouts)) == (before, calls)


def test_same_shape_graph_reuses_layout_and_items(view, count_layouts):
    view.set_graph(lecture_graph(2.0), False)
    items_before = {id(i) for i in view.scene().items()}
    calls = len(count_layouts)
    rebuilt = lecture_graph(5.0)  # what the session builds after the user typed a = 5.0
    view.set_graph(rebuilt, False)
    a_item = view.item_for(rebuilt.node("a"))
    assert (len(count_layouts), {id(i) for i in view.scene().items()}) == (calls, items_before)
    assert squash(a_item.data_text) == "data 5.0000"


def test_same_shape_text_graph_makes_no_new_titles(view, monkeypatch):
    from explorer.lang import parse

    view.set_graph(parse("x = 2.0\nf = 3*x**2 - 4*x + 5").build(), False)
    made = []
    real = graph_view_module.box_titles
    monkeypatch.setattr(graph_view_module, "box_titles", lambda g: made.append(g) or real(g))
    view.set_graph(parse("x = 3.0\nf = 3*x**2 - 4*x + 5").build(), False)  # only x's number changed
    assert made == [] and "3*x**2" in {item.label_text for item in view.value_items()}


@pytest.mark.parametrize(("edited", "title"), [("x = 2.0\ny = 3*x**2 - 4*x + 5", "y"),  # output renamed
                                               ("x = 2.0\nf = 3*x**2 - 4*x + 6", "6")])  # a constant
def test_a_text_edit_that_changes_a_title_shows_the_new_title(view, edited, title):
    from explorer.lang import parse

    view.set_graph(parse("x = 2.0\nf = 3*x**2 - 4*x + 5").build(), False)
    view.set_graph(parse(edited).build(), False)
    assert title in {item.label_text for item in view.value_items()}


def test_current_layout_follows_a_same_shape_graph(view):
    old = lecture_graph(2.0)
    view.set_graph(old, False)
    first = view.current_layout()
    rebuilt = lecture_graph(5.0)
    view.set_graph(rebuilt, False)
    assert view.current_layout().values[rebuilt.node("a")] is first.values[old.node("a")]


def test_new_structure_is_laid_out_again(view, count_layouts):
    view.set_graph(lecture_graph(), False)
    x = Value(1.0, label="x")
    view.set_graph(Graph(x.tanh()), False)
    assert len(count_layouts) == 2 and sorted(by_label(view)) == ["", "x"]


@settings(max_examples=60)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=4, max_size=4))
def test_any_numbers_keep_every_box_where_it_was(qapp, values):
    view = GraphView()
    graph = lecture_graph()
    view.set_graph(graph, False)
    rects = [QRectF(item.rect) for item in view.value_items()]
    for leaf, x in zip(graph.leaves, values):
        leaf.data = x
        leaf.grad = x
    for node in graph.nodes:
        if node.op is not None:
            node.data = values[0] * 2
    view.refresh_values(True)
    texts = {len(t) for item in view.value_items() for t in (item.data_text, item.grad_text)}
    view.deleteLater()
    assert [item.rect for item in view.value_items()] == rects and texts == {len("data ") + NUMBER_WIDTH}


def test_inf_data_is_flagged(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.node("L").data = math.inf
    view.refresh_values(False)
    assert squash(by_label(view)["L"].data_text) == "data inf" and by_label(view)["L"].kind.dashed


# -- big graphs ----------------------------------------------------------------------------------


def test_graph_above_the_limit_shows_a_collapsed_view_at_once(view):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 100, 30
    graph = chain_graph(400)
    t0 = time.perf_counter()
    view.set_graph(graph, False)
    elapsed = time.perf_counter() - t0
    summary = [i for i in view.scene().items() if isinstance(i, SummaryItem)]
    assert view.is_collapsed and not view.is_busy and len(view.value_items()) <= 30
    assert summary[0].text == f"… {len(graph.nodes) - len(view.value_items()):,} more nodes"
    assert elapsed < 5 and view.collapsed_notice.isVisible()


def test_collapsed_view_keeps_the_output_and_its_inputs(view):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 100, 30
    graph = chain_graph(400)
    view.set_graph(graph, False)
    root = graph.root
    assert view.item_for(root) is not None and view.item_for(root.children[0]) is not None


def test_mid_sized_graph_is_laid_out_in_the_background(view, qtbot):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 1000, 10
    graph = chain_graph(60)
    view.set_graph(graph, False)
    assert view.is_busy and view.busy.isVisible()
    with qtbot.waitSignal(view.layoutFinished, timeout=60000):
        pass
    assert not view.is_busy and not view.is_collapsed and len(view.value_items()) == len(graph.nodes)


def test_background_layout_can_be_cancelled_with_escape(view, qtbot):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 1000, 10
    view.set_graph(chain_graph(60), False)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert not view.is_busy and view.is_collapsed and view.collapsed_notice.isVisible()


def test_lay_out_all_from_the_collapsed_view(view, qtbot):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 40, 10
    graph = chain_graph(60)
    view.set_graph(graph, False)
    with qtbot.waitSignal(view.layoutFinished, timeout=60000):
        view.collapsed_notice.button.click()
    assert not view.is_collapsed and len(view.value_items()) == len(graph.nodes)


def test_same_shape_graph_during_a_background_layout_lands_on_the_new_values(view, qtbot):
    view.async_threshold, view.collapse_limit, view.collapse_budget = 20, 1000, 10
    view.set_graph(chain_graph(60), False)
    newer = chain_graph(60)
    newer.leaves[0].data = 0.25
    newer.forward()
    view.set_graph(newer, False)
    with qtbot.waitSignal(view.layoutFinished, timeout=60000):
        pass
    assert view.item_for(newer.root) is not None and view.item_for(newer.leaves[0]).value is newer.leaves[0]


def test_fitting_a_small_graph_in_a_narrow_view_keeps_its_text_readable_and_shows_the_output(view):
    view.resize(420, 400)
    graph = lecture_graph()
    view.set_graph(graph, False)

    view.fit()

    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view.zoom() >= 0.6 and visible.contains(view.item_for(graph.root).sceneBoundingRect())


def test_part_way_through_backprop_unreached_grads_show_the_dash(view):
    graph = lecture_graph()
    view.set_graph(graph, False)
    graph.zero_grad()
    graph.root.grad = 1.0
    view.refresh_values(True, reached={graph.root})
    items = by_label(view)
    assert (squash(items["L"].grad_text), squash(items["a"].grad_text)) == ("grad 1.0000", "grad —")


def test_an_unnamed_computed_value_is_titled_by_its_expression(view):
    x = Value(3.0, label="x")
    y = 3 * x ** 2
    y.label = "y"
    view.set_graph(Graph(y), False)
    titles = sorted(item.label_text for item in view.value_items())
    assert titles == sorted(["x", "x**2", "3", "y"])  # as the text writes it


def test_background_layouts_reuse_one_waiting_process(view, qtbot):
    from explorer.ui.graph_layout_job import shared_worker

    view.async_threshold, view.collapse_limit = 20, 1000
    worker = shared_worker()
    worker.warm()
    qtbot.waitUntil(lambda: worker.ready, timeout=30000)
    starts = worker.starts
    for n in (60, 62):
        with qtbot.waitSignal(view.layoutFinished, timeout=60000):
            view.set_graph(chain_graph(n), False)
    assert worker.starts == starts and len(view.value_items()) == len(chain_graph(62).nodes)


def test_the_layout_process_takes_drawn_as_a_note_not_a_request():
    """The window says when it has drawn an answer ("0"), so that the process frees its
    layout then, not when the next request comes: only the request is answered."""
    import io

    from explorer.ui.graph_layout_worker import serve
    from explorer.viz.layout import layout_source

    payload = b"dot\n" + layout_source(chain_graph(3)).encode()
    request = b"%d\n" % len(payload) + payload
    out = io.BytesIO()
    serve(io.BytesIO(b"0\n" + request + b"0\n" + request + b"0\n"), out)
    answers, rest = [], out.getvalue()
    while rest:
        header, _, rest = rest.partition(b"\n")
        word, size = header.split()
        answers.append(word)
        rest = rest[int(size):]
    assert answers == [b"ok", b"ok"]


def _drawing(view: GraphView) -> tuple:
    """Every box (with its fields and title) and every curve (with its ends), as drawn."""
    boxes = sorted((item.index, item.rect.getRect(), [f.getRect() for f in item.fields], item.label_text,
                    item.kind) for item in view.value_items())
    ops = sorted((key, item.rect.getRect(), item.text) for key, item in view._items.items() if key[0] == "op")
    edges = [(e.src, e.dst, e._points, e._arrow, e.boundingRect().getRect()) for e in view._edges]
    return boxes, ops, edges


@pytest.mark.parametrize("made_later", [False, True])
def test_background_layout_draws_what_the_layout_here_draws(view, qtbot, made_later):
    """The layout process's answer is drawn as the same layout made here draws it, also
    when the boxes off screen are made after the first paint (graph_build)."""
    view.lazy_min_boxes = 10 if made_later else 10**9
    graph = chain_graph(60)
    here = GraphView()
    qtbot.addWidget(here)
    here.set_graph(graph, True)
    view.async_threshold, view.collapse_limit = 20, 1000
    with qtbot.waitSignal(view.layoutFinished, timeout=60000):
        view.set_graph(graph, True)
    assert view.layout_count == 1 and not view.is_collapsed
    assert _drawing(view) == _drawing(here) and len(view._edges) == len(here._edges) > 0


def test_a_legend_the_fit_folded_unfolds_for_the_next_graph_but_a_users_fold_stays(qtbot):
    # Once a big graph's fit folded it, the legend stayed folded for every later graph.
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QWidget

    from explorer.ui.graph_overlays import LegendOverlay

    host = QWidget()
    qtbot.addWidget(host)
    legend = LegendOverlay(host)
    room = QRectF(0, 0, 1000, 600)
    legend.place(room)
    unfolded = legend.sizeHint().height()
    legend.fold()
    legend.place(room)
    assert legend.sizeHint().height() < unfolded  # folded through this graph's placements
    legend.new_graph()
    legend.place(room)
    assert legend.sizeHint().height() == unfolded
    legend._chosen, legend._expanded = True, False  # the user folded it by a click
    legend.new_graph()
    legend.place(room)
    assert legend.sizeHint().height() < unfolded


@pytest.mark.parametrize("user_opened_it", [False, True])
def test_the_minimap_never_covers_the_legend(qtbot, user_opened_it):
    # In a narrow canvas (or with presentation mode's larger text) the minimap, bottom
    # right, was drawn over the legend's words, bottom left.
    narrow = GraphView()
    qtbot.addWidget(narrow)
    narrow.resize(560, 420)
    narrow.show()
    qtbot.waitExposed(narrow)
    if user_opened_it:
        narrow.legend._chosen, narrow.legend._expanded = True, True
    narrow.set_graph(chain_graph(60), False)
    qtbot.waitUntil(lambda: narrow.minimap.isVisible(), timeout=5000)
    narrow._place_overlays()
    assert not narrow.legend.geometry().intersects(narrow.minimap.geometry())
