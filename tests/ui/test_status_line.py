"""The status bar at the sizes a learner's screen has: every text in it can be read
whole. A message (the first tip, an error) comes first: the permanent fields step
aside while it needs their room, and come back when it is gone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.engine.numbers import format_number
from explorer.model.session import NEURON_EXAMPLE, Session

SIZES = [(1024, 768), (1366, 768), (1360, 850)]


def visible_fields(window):
    return [f for f in window.status_line.fields if f.isVisible()]


def texts_that_do_not_fit(window) -> list[str]:
    """Each status text that is not drawn whole: the message (QStatusBar draws it from
    x = 6 to 2 px before the first visible permanent field) and each field's text."""
    QApplication.processEvents()
    bar = window.statusBar()
    problems = []
    message = bar.currentMessage()
    if message:
        fields = visible_fields(window)
        right = min(f.x() for f in fields) - 2 if fields else bar.width() - 12
        if bar.fontMetrics().horizontalAdvance(message) > right - 6:
            problems.append(message)
    for field in visible_fields(window):
        margins = field.contentsMargins()
        room = field.width() - margins.left() - margins.right()
        if field.fontMetrics().horizontalAdvance(field.text()) > room:
            problems.append(field.text())
        if field.geometry().right() > bar.width():
            problems.append(field.text())
    return problems


@pytest.fixture
def window_at(make_gui, qtbot):
    def make(size):
        gui = make_gui(Session(NEURON_EXAMPLE))
        window = gui.window
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=5000)
        return gui

    return make


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_first_tip_and_the_fields_are_read_whole(window_at, qtbot, size):
    window = window_at(size).window
    assert window.statusBar().currentMessage().startswith("Tip: press Backward (F6)")
    assert texts_that_do_not_fit(window) == []
    assert window.status_line.nodes.isVisible()  # the graph's size gives way last


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_with_no_message_every_field_is_back_and_whole(window_at, qtbot, size):
    gui = window_at(size)
    window = gui.window
    gui.session.backward()
    window.statusBar().clearMessage()
    QApplication.processEvents()
    assert visible_fields(window) == window.status_line.fields
    assert "backward" in window.status_line.time.text() and texts_that_do_not_fit(window) == []


def test_a_message_longer_than_the_bar_is_cut_with_an_ellipsis_and_shown_whole_in_the_tooltip(window_at):
    window = window_at((1024, 768)).window
    long = "Line 3: " + "this name is not defined anywhere above " * 8 + "(the end)"
    window.show_message(long)
    bar = window.statusBar()
    assert bar.currentMessage().endswith("…") and bar.toolTip() == long
    assert texts_that_do_not_fit(window) == []


TIP = "Tip: press Backward (F6)"


def tip_shown(window) -> bool:
    return window.statusBar().currentMessage().startswith(TIP)


@pytest.mark.parametrize("how", ["Backward", "Auto backward"])
def test_the_backward_tip_goes_once_the_grads_are_filled(window_at, how):
    gui = window_at((1360, 850))
    assert tip_shown(gui.window)
    gui.actions["backward" if how == "Backward" else "auto_backward"].trigger()
    QApplication.processEvents()
    assert gui.session.has_grads and not tip_shown(gui.window)


def test_the_backward_tip_comes_back_for_a_document_without_grads_only(window_at):
    gui = window_at((1360, 850))
    gui.actions["backward"].trigger()
    gui.documents.open_example("neuron")  # opens with Auto backward: its grads are there
    QApplication.processEvents()
    assert gui.session.has_grads and not tip_shown(gui.window)
    gui.documents.open_example("L")  # "Press Backward": the tip applies again
    QApplication.processEvents()
    assert not gui.session.has_grads and tip_shown(gui.window)


def click_neuron(qtbot, panel, layer: int, index: int) -> None:
    canvas = panel.canvas
    px, py = canvas.net_ax.transData.transform(canvas.diagram.positions[layer][index])
    ratio = canvas.device_pixel_ratio
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(px / ratio), int(canvas.height() - py / ratio)))


def test_while_the_canvas_shows_a_lab_neuron_the_status_bar_gives_its_output(window_at, qtbot):
    gui = window_at((1360, 850))
    window, session = gui.window, gui.session
    panel = gui.training.open()
    panel.lab.advance(25)
    document_output = window.status_line.output.text()
    assert document_output == "output o = 0.707107"

    click_neuron(qtbot, panel, 2, 4)  # layer 2, neuron 5

    neuron = window.graph_view.graph.root
    assert window.status_line.output.text() == f"neuron L2.n5 = {format_number(neuron.data)}"
    assert window.status_line.nodes.text() == f"{len(window.graph_view.graph.nodes)} nodes"
    qtbot.mouseClick(window.aside_back, Qt.MouseButton.LeftButton)
    assert window.status_line.output.text() == document_output
    assert window.status_line.nodes.text() == f"{len(session.graph.nodes)} nodes"
    gui.training.shutdown()


@pytest.mark.parametrize("size, most", [((1024, 768), 2), ((1366, 768), 1)], ids=["1024x768", "1366x768"])
def test_the_neuron_banner_fits_in_one_or_two_lines_and_its_tooltip_says_the_rest(window_at, qtbot, size,
                                                                                   most):
    gui = window_at(size)
    window = gui.window
    panel = gui.training.open()
    panel.lab.advance(25)
    click_neuron(qtbot, panel, 1, 15)  # layer 1, neuron 16: the longest name
    QApplication.processEvents()
    label = window.aside_banner.label
    lines = label.heightForWidth(label.width()) / label.fontMetrics().lineSpacing()
    assert window.aside_banner.isVisible() and lines <= most
    assert [w for w in ("L1.n16", "step 25", "sample 1 of 100", "output") if w not in label.text()] == []
    assert "target" in label.toolTip() and "click a point on the map" in label.toolTip()
    gui.training.shutdown()
