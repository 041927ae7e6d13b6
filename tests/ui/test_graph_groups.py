"""Big graphs open grouped (a box per neuron, layer, function call), and groups open and close."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from explorer.lang import parse
from explorer.model.session import Session
from explorer.ui.graph_grouped import GroupItem
from explorer.ui.graph_view import GraphView
from explorer.ui.graph_zoom import READABLE_TEXT_PX

MLP_TEXT = "n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nypred = n(x)\nloss = (ypred - 1.0)**2"


@pytest.fixture
def view(qtbot):
    w = GraphView()
    qtbot.addWidget(w)
    w.resize(1000, 650)
    w.show()
    qtbot.waitExposed(w)
    return w


def on_screen(view, item) -> bool:
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    return visible.contains(item.sceneBoundingRect().center())


def group_item(view, name: str) -> GroupItem:
    return next(i for i in view.value_items() if isinstance(i, GroupItem) and i.label_text == name)


def double_click(qtbot, view, scene_point) -> None:
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_point))


def test_mlp_16_16_1_opens_grouped_readable_with_its_output_in_view_within_a_second(view):
    graph = parse(MLP_TEXT).build()
    graph.backward()
    t0 = time.perf_counter()
    view.set_graph(graph, True)
    view.viewport().repaint()
    elapsed = time.perf_counter() - t0
    loss = view.item_for(graph.root)
    text_px = view.transform().m11() * loss.label_font.pixelSize()
    assert view.is_grouped and len(view.value_items()) <= 40
    assert on_screen(view, loss) and text_px >= READABLE_TEXT_PX and elapsed < 1.0


def test_double_click_opens_a_group_in_place_and_on_its_frame_closes_it(view, qtbot):
    graph = parse(MLP_TEXT).build()
    view.set_graph(graph, False)
    before = len(view.value_items())
    layer = group_item(view, "L1")
    view.centerOn(layer)
    double_click(qtbot, view, layer.sceneBoundingRect().center())
    opened = len(view.value_items())
    frame = next(f for f in view._clusters if f.title == "L1")
    view.centerOn(frame.title_rect().center())
    double_click(qtbot, view, frame.title_rect().center())  # the frame's title, not a node
    assert (opened, len(view.value_items())) == (before + 15, before)



def test_opening_a_neuron_taller_than_the_view_keeps_its_output_in_sight(view, qtbot):
    graph = parse(MLP_TEXT).build()
    view.set_graph(graph, False)
    neuron = group_item(view, "L3.n1")
    view.centerOn(neuron)
    output = neuron.value
    double_click(qtbot, view, neuron.sceneBoundingRect().center())
    frame = next(f for f in view._clusters if f.title == "L3.n1")
    taller = frame.rect.height() * view.transform().m11() > view.viewport().height()
    assert taller and on_screen(view, view.item_for(output))

def test_a_closed_neuron_shows_its_outputs_numbers(view):
    graph = parse(MLP_TEXT).build()
    graph.backward()
    view.set_graph(graph, True)
    item = group_item(view, "L3.n1")
    out = item.value
    assert (item.data_text.split()[-1], item.grad_text.split()[-1]) == (f"{out.data:.4f}", f"{out.grad:.4f}")


def test_a_small_graph_is_never_grouped(view):
    graph = parse("x = 2.0\ndef f(t): return 3*t**2 - 4*t + 5\ny = f(x)").build()
    view.set_graph(graph, False)
    assert not view.is_grouped


@pytest.mark.parametrize("size, least", [((1920, 1080), 1.0), ((1360, 850), 0.6), ((1024, 768), 0.38)],
                         ids=["1920x1080", "1360x850", "1024x768"])
def test_the_grouped_mlp_takes_the_canvas_s_shape(qtbot, size, least):
    """In one rank, its sixteen neurons made the drawing a tall column: at 1920x1080 it
    was cut top and bottom with two thirds of the canvas's width empty, and at 1360x850
    half of it was out of sight. ``least``: the share of the drawing in sight (1: whole)."""
    from explorer.model.session import Session
    from explorer.ui.compose import build_window

    window = build_window(Session(MLP_TEXT), recover=False, autosave=False).window
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(400)  # the window reaches its size, then the drawing is laid out for it (once it rests)
    view = window.graph_view
    drawing = view.scene().itemsBoundingRect()
    visible = view.mapToScene(view.viewport().rect()).boundingRect().intersected(drawing)
    in_sight = (visible.width() * visible.height()) / (drawing.width() * drawing.height())
    loss = view.item_for(view.graph.root)
    text_px = view.transform().m11() * loss.label_font.pixelSize()
    assert on_screen(view, loss) and text_px >= READABLE_TEXT_PX and in_sight >= least * 0.99, in_sight
    if least == 1.0:
        on_canvas = view.mapFromScene(drawing).boundingRect()
        share = on_canvas.width() * on_canvas.height() / (view.viewport().width() * view.viewport().height())
        assert view.shows_whole_graph() and share >= 0.8, share


def test_a_grouped_networks_output_has_one_name_in_the_box_the_status_bar_and_the_inspector(make_gui, qtbot):
    gui = make_gui(Session("n = MLP(3, [16, 16, 1])\nx = [2.0, 3.0, -1.0]\nn(x)"))
    window, session = gui.window, gui.session
    window.resize(1366, 768)
    window.show()
    view = window.graph_view
    qtbot.waitUntil(lambda: view.item_for(session.graph.root) is not None, timeout=10000)
    root = session.graph.root

    item = view.item_for(root)
    view.centerOn(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(item.sceneBoundingRect().center()))
    qtbot.waitUntil(lambda: window.inspector.isVisible() and window.inspector.title.text() != "")

    box = item.label_text
    assert view.is_grouped and box == "L3.n1"
    assert window.status_line.output.text().startswith(f"output {box} = ")
    assert window.inspector.title.text() == box
    assert f"\n{box} = tanh(" in window.inspector.details.toPlainText()  # how it was computed
