"""Opening one panel never leaves another squeezed for later documents: the Training
lab, the inspector and the step-through each take room while open and give it back."""

from __future__ import annotations

import pytest

from explorer.model.session import Session


@pytest.fixture
def gui(make_gui, qtbot):
    gui = make_gui(Session(), lazy_plot=False)
    gui.window.resize(1360, 850)
    gui.window.show()
    qtbot.waitExposed(gui.window)
    return gui


def room(gui, qtbot) -> tuple[int, int, int, int]:
    """(graph width, graph height, plot drawing width, plot drawing height) on screen,
    once the docks and the plot's layout have settled."""
    qtbot.wait(100)
    window = gui.window
    canvas = window.plot_panel.canvas
    visible = canvas.isVisible() and not canvas.visibleRegion().isEmpty()
    return (window.graph_view.width(), window.graph_view.height(),
            canvas.width() if visible else 0, canvas.height() if visible else 0)


def close_enough(a: tuple, b: tuple) -> bool:
    """The graph the same size (2 px); the plot too, but for its readouts' column, whose
    width follows the names in it (``change in y: o(x1+h) - o(x1)``)."""
    slack = (2, 2, 24, 2)
    return all(abs(x - y) <= s for x, y, s in zip(a, b, slack))


def test_the_training_lab_opened_and_closed_from_the_view_menu_gives_its_room_back(gui, qtbot):
    gui.documents.open_example("neuron")
    before = room(gui, qtbot)
    toggle = gui.training.toggleViewAction()
    toggle.trigger()
    qtbot.wait(30)
    toggle.trigger()
    gui.documents.open_example("L")
    gui.documents.open_example("neuron")
    assert close_enough(room(gui, qtbot), before)


def test_after_the_training_example_the_next_text_shows_its_plot_full_size(gui, qtbot):
    gui.documents.open_example("neuron")
    before = room(gui, qtbot)
    gui.documents.open_example("training")  # opens the Training lab in front of the plot
    qtbot.wait(30)
    gui.documents.open_example("neuron")
    graph_w, graph_h, plot_w, plot_h = room(gui, qtbot)
    # (The lab stays open as a tab behind the plot: its tab bar takes a line.)
    assert graph_h >= before[1] - 20 and plot_h >= before[3] - 30 and plot_w >= before[2] - 24


def test_the_inspector_shown_then_closed_gives_the_graph_its_width_back(gui, qtbot):
    gui.documents.open_example("L")
    before = room(gui, qtbot)
    gui.window.graph_view.nodeClicked.emit(gui.session.graph.root)
    assert room(gui, qtbot)[0] < before[0]  # it did take room
    gui.window.inspector_dock.close()
    gui.documents.open_example("neuron")
    gui.documents.open_example("L")
    assert close_enough(room(gui, qtbot), before)


def test_the_step_through_started_then_closed_gives_the_graph_its_width_back(gui, qtbot):
    gui.documents.open_example("L")
    before = room(gui, qtbot)
    gui.actions["walk_backward"].trigger()
    assert room(gui, qtbot)[0] < before[0]
    gui.actions["walk_stop"].trigger()
    gui.window.stepper_dock.close()
    gui.documents.open_example("neuron")
    gui.documents.open_example("L")
    assert close_enough(room(gui, qtbot), before)


def test_the_step_through_in_the_narrow_right_column_puts_its_log_under_the_buttons(gui, qtbot):
    gui.documents.open_example("L")
    for _ in range(3):
        gui.actions["walk_backward"].trigger()
    qtbot.wait(30)
    panel, log = gui.window.stepper_panel, gui.window.stepper_panel.log
    # The whole column's width for the arithmetic, wrapped: no line starts off screen.
    assert log.width() >= 0.9 * (panel.width() - 16) and not log.horizontalScrollBar().isVisible()
