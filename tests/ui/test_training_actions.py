"""The Training lab's commands are the action table's: its buttons, the Training menu and
Space are one QAction each, and Space stays a space everywhere outside the lab (issue 11, item 6)."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget


def shown_window(make_gui, qtbot):
    """The window shown and active (so its shortcuts reach it), with the lab open."""
    gui = make_gui()
    window = gui.window
    window.resize(1360, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    gui.actions["show_training"].trigger()  # View > Training lab
    panel = gui.training.panel
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    return gui, panel


def menu_item(gui, action_id: str):
    """The Training menu's item (or its Export submenu's) for ``action_id``."""
    menu = gui.window.menus["train"]
    items = [*menu.actions(), *gui.actions.submenus["lab_export"].actions()]
    (item,) = [a for a in items if a.objectName() == f"action_{action_id}"]
    return item


def test_the_labs_buttons_are_the_tables_actions(make_gui):
    gui = make_gui()
    panel = gui.training.panel

    shown = [panel.play_button.defaultAction(), panel.step_button.defaultAction(),
             panel.reset_button.defaultAction(), *panel.export_button.menu().actions()]

    ids = ("train_play", "train_step", "train_reset", "train_export_boundary", "train_export_loss",
           "train_export_network")
    assert shown == [gui.actions[i] for i in ids]


def test_step_one_from_the_menu_takes_a_step_that_undo_takes_back(make_gui, qtbot):
    gui = make_gui()
    before = gui.training.lab.snapshot().weights.copy()

    menu_item(gui, "train_step").trigger()  # Training > Step one, with the lab still hidden

    assert gui.training.lab.snapshot().step == 1 and not gui.training.isHidden()
    assert not np.array_equal(gui.training.lab.snapshot().weights, before)
    gui.actions["undo"].trigger()
    assert gui.training.lab.snapshot().step == 0
    assert np.array_equal(gui.training.lab.snapshot().weights, before)


def test_play_from_the_menu_runs_until_pause_and_undo_restores_the_weights(make_gui, qtbot):
    gui, panel = shown_window(make_gui, qtbot)
    panel.form.steps.setValue(100_000)
    before = panel.lab.snapshot().weights.copy()
    play = menu_item(gui, "train_play")

    play.trigger()  # Training > Play
    assert panel.running and play.text() == "&Pause" and panel.play_button.text() == "Pause"
    assert play.isChecked() and panel.play_button.isChecked()
    assert play.toolTip().startswith("Stop after the current step")
    assert not gui.actions["train_step"].isEnabled()
    qtbot.waitUntil(lambda: panel.lab.snapshot().step >= 5, timeout=20_000)
    with qtbot.waitSignal(panel.runStopped, timeout=5000) as stopped:
        play.trigger()  # Training > Pause
    assert stopped.args == ["paused"] and play.text() == "&Play" and panel.play_button.text() == "Play"
    assert not play.isChecked() and not panel.play_button.isChecked()
    assert gui.actions["train_step"].isEnabled() and panel.lab.snapshot().step >= 5

    gui.actions["undo"].trigger()

    assert panel.lab.snapshot().step == 0 and np.array_equal(panel.lab.snapshot().weights, before)


def test_space_plays_and_pauses_once_you_have_clicked_in_the_lab(make_gui, qtbot):
    gui, panel = shown_window(make_gui, qtbot)
    panel.form.steps.setValue(100_000)
    qtbot.mouseClick(panel.status, Qt.MouseButton.LeftButton)  # a click in the lab, on no control
    assert panel.isAncestorOf(QApplication.focusWidget())

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)

    assert panel.running and gui.actions["train_play"].isChecked()
    with qtbot.waitSignal(panel.runStopped, timeout=5000) as stopped:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert stopped.args == ["paused"]


def test_space_in_the_editor_types_a_space_while_the_lab_is_open(make_gui, qtbot):
    gui, panel = shown_window(make_gui, qtbot)
    editor = gui.window.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    text = editor.toPlainText()

    qtbot.keyClick(editor, Qt.Key.Key_Space)

    assert editor.toPlainText() == text + " " and not panel.running


def test_space_in_the_graph_does_not_train_the_lab_beside_it(make_gui, qtbot):
    """Space is the lab's only while the focus is in the lab: the step-through has its own Play."""
    gui, panel = shown_window(make_gui, qtbot)
    view = gui.window.graph_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)

    qtbot.keyClick(view, Qt.Key.Key_Space)

    assert not panel.running and panel.lab.snapshot().step == 0


def test_space_on_a_focused_button_of_the_lab_presses_that_button(make_gui, qtbot):
    """Tab to Step one, press Space: one step, not Play."""
    gui, panel = shown_window(make_gui, qtbot)
    panel.step_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel.step_button.hasFocus, timeout=2000)

    qtbot.keyClick(panel.step_button, Qt.Key.Key_Space)

    assert panel.lab.snapshot().step == 1 and not panel.running


def test_help_lists_the_labs_keys(make_gui):
    gui = make_gui()
    dialog = gui.window.show_shortcuts()
    table = dialog.findChild(QTableWidget)
    rows = [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())]
    dialog.close()

    assert ("Training", "Play", "Space", gui.actions.specs["train_play"].tip) in rows


def test_a_run_that_ends_while_you_look_at_the_plot_leaves_the_plot_in_front(make_gui, qtbot):
    """Only a Play the user presses brings the lab to the front; Play turning back by itself does not."""
    gui, panel = shown_window(make_gui, qtbot)
    panel.form.steps.setValue(300)
    in_front = lambda dock: not dock.visibleRegion().isEmpty()  # noqa: E731 - (tabbed docks stay "visible")
    with qtbot.waitSignal(panel.runStopped, timeout=30_000) as stopped:
        gui.actions["train_play"].trigger()
        assert in_front(gui.training)
        gui.window.plot_dock.raise_()  # back to the tangent plot while it trains

    assert stopped.args == ["finished"] and not gui.actions["train_play"].isChecked()
    qtbot.wait(50)
    assert in_front(gui.window.plot_dock) and not in_front(gui.training)
