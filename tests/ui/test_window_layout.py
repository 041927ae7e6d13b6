"""The window's stage: the graph gets most of the room, the tangent plot a real plot,
panels with nothing to show take no room, and View > Reset layout puts it all back."""

from __future__ import annotations

import pytest

from explorer.model.session import Session


@pytest.fixture
def window(make_gui, qtbot):
    win = make_gui(Session()).window
    win.resize(1360, 850)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_graph_gets_most_of_the_width_and_empty_panels_are_hidden(window):
    graph = window.graph_view.width()
    hidden = window.inspector_dock.isHidden() and window.stepper_dock.isHidden()
    assert graph > window.width() * 0.6 and hidden


def test_no_command_has_two_buttons(window):
    from PySide6.QtWidgets import QToolButton

    on_toolbar = {a.text() for a in window.toolbar.actions() if a.text()}
    in_controls = {b.defaultAction().text() for b in window.controls.findChildren(QToolButton)
                   if b.defaultAction() is not None}
    assert not on_toolbar & in_controls


def test_the_plot_panel_gets_a_real_stage(window):
    # The dock's height is what the drawing gets, less about 150 px of rows around it.
    assert window.plot_dock.height() >= 260 + 120


def test_clicking_a_node_brings_the_inspector_in(window):
    graph = window.session.graph
    window.graph_view.nodeClicked.emit(graph.root)
    assert not window.inspector_dock.isHidden()


def test_reset_layout_puts_every_panel_back(window, qtbot):
    window.graph_view.nodeClicked.emit(window.session.graph.root)
    window.editor_dock.setFloating(True)
    window.plot_dock.hide()
    window.actions["reset_layout"].trigger()
    docked, plot_hidden = not window.editor_dock.isFloating(), window.plot_dock.isHidden()
    assert (docked, plot_hidden, window.inspector_dock.isHidden()) == (True, False, True)



def _shown(make_gui, qtbot, size: tuple[int, int]):
    """A new window for an empty document, at ``size``, on screen."""
    gui = make_gui(Session())
    gui.window.resize(*size)
    gui.window.show()
    qtbot.waitExposed(gui.window)
    return gui


def _shown_with_the_lab(make_gui, qtbot, size: tuple[int, int]):
    """:func:`_shown`, then View > Training lab, in front."""
    gui = _shown(make_gui, qtbot, size)
    gui.actions["show_training"].trigger()
    qtbot.waitUntil(lambda: not gui.training.visibleRegion().isEmpty(), timeout=3000)
    return gui

def test_view_training_lab_brings_the_lab_to_the_front(make_gui, qtbot):
    # It was tabbed behind the tangent plot: only a new tab at the window's foot said so.
    gui = _shown_with_the_lab(make_gui, qtbot, (1024, 768))
    window = gui.window
    assert gui.training.widget() is gui.training.panel and gui.training.panel.width() > 600
    gui.actions["show_plot"].trigger()  # hidden, then shown again: in front
    gui.actions["show_plot"].trigger()
    qtbot.waitUntil(lambda: not window.plot_dock.visibleRegion().isEmpty(), timeout=3000)
    gui.training.shutdown()


@pytest.mark.parametrize("presenting", [False, True], ids=["plain", "presentation"])
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1360, 850)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_step_settings_fit_their_panel_without_scrolling(make_gui, qtbot, size, presenting):
    # At 1024 x 768 the Controls scrolled both ways and its scrollbar cut "Descent (lower it)";
    # in presentation mode at every size.
    gui = _shown(make_gui, qtbot, size)
    window = gui.window
    if presenting:
        gui.actions["presentation"].trigger()
    qtbot.wait(300)  # the new font reaches every widget, then the panels are sized for it
    scroll = window.controls_dock.widget()
    bars = (scroll.horizontalScrollBar().isVisible(), scroll.verticalScrollBar().isVisible())
    if presenting:
        gui.actions["presentation"].trigger()  # (the application's font, for later tests)
    assert bars == (False, False)


def test_opening_the_lab_at_1024_leaves_the_text_column_its_width(make_gui, qtbot):
    from PySide6.QtWidgets import QComboBox

    # At 1024 x 768 the lab squeezed the text column to ~180 px (the editor and the Controls
    # cut) and its Loss box showed "Max-margin hinge (micr...".
    gui = _shown_with_the_lab(make_gui, qtbot, (1024, 768))
    window = gui.window
    qtbot.wait(200)
    controls = window.controls_dock.widget()
    needed = controls.widget().sizeHint().width()
    column = window.editor_dock.width()
    # Each of the lab's drop-down lists shows its whole text: as wide as a list sized to it.
    cut = []
    for box in gui.training.panel.form.findChildren(QComboBox):
        for i in range(box.count()):
            whole = QComboBox()
            whole.setFont(box.font())
            whole.addItem(box.itemText(i))
            if whole.sizeHint().width() > box.width():
                cut.append(box.itemText(i))
    gui.training.shutdown()
    assert (column >= needed, cut, controls.horizontalScrollBar().isVisible()) == (True, [], False), \
        (column, needed)


@pytest.mark.parametrize("presenting, least", [(False, 480), (True, 360)], ids=["plain", "presentation"])
def test_at_1024x768_the_tangent_plots_drawing_keeps_most_of_its_panel(make_gui, qtbot, presenting, least):
    # In presentation mode the readouts beside it took 325 of the panel's 646 px (each
    # number's box was as wide as 17 digits), leaving the drawing 307 px.
    gui = _shown(make_gui, qtbot, (1024, 768))
    window = gui.window
    qtbot.waitUntil(lambda: window.plot_panel is not None, timeout=3000)
    if presenting:
        gui.actions["presentation"].trigger()
    qtbot.wait(300)
    drawing = window.plot_panel.canvas.width()
    if presenting:
        gui.actions["presentation"].trigger()  # (the application's font, for later tests)
    assert drawing >= least


@pytest.mark.parametrize("presenting", [False, True], ids=["plain", "presentation"])
def test_at_1024x768_the_round_off_note_shows_and_the_sliders_stay_in_sight(make_gui, qtbot, presenting):
    # The note, a wrapped label, made the dock's scroll area size the panel by its
    # preferred height (the drawing's 400 px): the panel scrolled, the sliders and the
    # note below the dock's edge, just as h went below 1e-8.
    import math

    gui = make_gui(Session("def f(x):\n    return 3*x**2 - 4*x + 5\nx = 3.0\ny = f(x)\n"))
    window = gui.window
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.plot_panel is not None, timeout=3000)
    if presenting:
        gui.actions["presentation"].trigger()
    panel = window.plot_panel
    panel.set_x0(-math.pi, commit=True)
    panel.set_h(1.234e-9)
    qtbot.wait(300)
    area = window.plot_dock.widget()
    viewport = area.viewport()

    def in_sight(widget) -> bool:
        corners = (widget.rect().topLeft(), widget.rect().bottomRight())
        return all(viewport.rect().contains(widget.mapTo(viewport, c)) for c in corners)

    shown = (panel.note.text().startswith("Round-off"), in_sight(panel.note), in_sight(panel.h_slider),
             area.verticalScrollBar().isVisible())
    if presenting:
        gui.actions["presentation"].trigger()  # (the application's font, for later tests)
    assert shown == (True, True, True, False)
