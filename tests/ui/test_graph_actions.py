"""A big graph's layout commands: View > Lay out all nodes and Cancel layout (Esc) are the
action table's entries and the buttons of the notices over the graph."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableWidget

from explorer.ui import graph_big
from explorer.ui.graph_view import GraphView

# A chain of 91 values, with no neuron or function to group: big for the lowered limits below.
CHAIN = "x = 0.5\n" + "".join(f"x{i + 1} = tanh(x{i or ''} * 1.01)\n" for i in range(30))


@pytest.fixture
def never_ending_layout(monkeypatch):
    """A background layout that runs until it is cancelled (Graphviz never answers)."""
    monkeypatch.setattr(graph_big.LayoutJob, "start", lambda job: None)


def _window(make_gui, qtbot, *, collapse_limit: int):
    """The window, shown and active (so its shortcuts reach it), its canvas treating
    more than 20 values as a big graph."""
    gui = make_gui()
    view = gui.window.graph_view
    view.async_threshold, view.preview_threshold, view.collapse_budget = 20, 0, 10
    view.collapse_limit, view.group_threshold = collapse_limit, 10**9
    gui.window.show()
    qtbot.waitExposed(gui.window)
    gui.window.activateWindow()
    qtbot.waitUntil(gui.window.isActiveWindow, timeout=2000)
    return gui, view


def _view_menu(gui) -> list[str]:
    return [a.objectName() for a in gui.window.menus["view"].actions()]


def test_the_notices_buttons_are_the_view_menus_entries(make_gui):
    gui = make_gui()
    view = gui.window.graph_view

    assert view.collapsed_notice.button.defaultAction() is gui.actions["layout_all"]
    assert view.busy.cancel_button.defaultAction() is gui.actions["cancel_layout"]
    assert {"action_layout_all", "action_cancel_layout"} <= set(_view_menu(gui))


def test_a_view_on_its_own_makes_its_buttons_from_the_same_table(qtbot):
    view = GraphView()
    qtbot.addWidget(view)

    button = view.busy.cancel_button
    assert button.text() == "Cancel" and button.toolTip().endswith("(Esc)")
    assert view.collapsed_notice.button.text() == "Lay out all"


def test_lay_out_all_nodes_from_the_view_menu_lays_out_every_node(make_gui, qtbot):
    gui, view = _window(make_gui, qtbot, collapse_limit=40)
    lay_out_all = gui.actions["layout_all"]
    assert not lay_out_all.isEnabled()  # the lecture's neuron: nothing is left out

    gui.commands.set_text(CHAIN)
    assert view.is_collapsed and lay_out_all.isEnabled() and view.collapsed_notice.isVisible()
    with qtbot.waitSignal(view.layoutFinished, timeout=60_000):
        lay_out_all.trigger()  # View > Lay out all nodes

    assert not view.is_collapsed and len(view.value_items()) == len(gui.session.graph.nodes) == 91
    assert not lay_out_all.isEnabled() and not gui.actions["cancel_layout"].isEnabled()


def test_cancel_layout_from_the_view_menu_keeps_the_nodes_nearest_the_output(make_gui, qtbot,
                                                                              never_ending_layout):
    gui, view = _window(make_gui, qtbot, collapse_limit=1000)
    cancel = gui.actions["cancel_layout"]
    assert not cancel.isEnabled()

    gui.commands.set_text(CHAIN)
    assert view.is_busy and cancel.isEnabled() and view.busy.isVisible()
    cancel.trigger()  # View > Cancel layout

    assert not view.is_busy and view.is_collapsed and view.collapsed_notice.isVisible()
    assert not cancel.isEnabled() and gui.actions["layout_all"].isEnabled()


@pytest.mark.parametrize("focus", ["graph", "editor"])
def test_esc_cancels_a_running_layout_wherever_the_focus_is_in_the_window(make_gui, qtbot,
                                                                          never_ending_layout, focus):
    """Esc is the window's, as the busy notice and the View menu say; in the editor it
    still leaves the text and the cursor alone."""
    gui, view = _window(make_gui, qtbot, collapse_limit=1000)
    gui.commands.set_text(CHAIN)
    widget = view if focus == "graph" else gui.window.editor
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    text, cursor = gui.window.editor.toPlainText(), gui.window.editor.textCursor().position()

    qtbot.keyClick(widget, Qt.Key.Key_Escape)

    assert not view.is_busy and view.is_collapsed and view.collapsed_notice.isVisible()
    assert gui.window.editor.toPlainText() == text and gui.window.editor.textCursor().position() == cursor
    assert widget.hasFocus()


def test_esc_in_the_editor_with_no_layout_running_does_what_it_did_nothing(make_gui, qtbot):
    gui, view = _window(make_gui, qtbot, collapse_limit=1000)
    editor = gui.window.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    text, cursor, layouts = editor.toPlainText(), editor.textCursor().position(), view.layout_count

    qtbot.keyClick(editor, Qt.Key.Key_Escape)

    after = (editor.toPlainText(), editor.textCursor().position(), view.layout_count)
    assert after == (text, cursor, layouts)
    assert editor.hasFocus() and not gui.actions["cancel_layout"].isEnabled()


def test_esc_in_a_dialog_closes_the_dialog_and_the_layout_goes_on(make_gui, qtbot, never_ending_layout):
    gui, view = _window(make_gui, qtbot, collapse_limit=1000)
    gui.commands.set_text(CHAIN)
    dialog = gui.window.show_shortcuts()  # Help > Keyboard shortcuts
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)

    qtbot.keyClick(dialog.findChild(QTableWidget), Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert view.is_busy and gui.actions["cancel_layout"].isEnabled()


def test_esc_in_the_leaf_popup_closes_the_popup_and_the_layout_goes_on(make_gui, qtbot, never_ending_layout):
    gui, view = _window(make_gui, qtbot, collapse_limit=1000)
    gui.commands.set_text(CHAIN)
    popup = gui.window.leaf_popup
    popup.open_for("x", 0.5, gui.window.mapToGlobal(gui.window.rect().center()))
    qtbot.waitUntil(popup.edit.hasFocus, timeout=2000)

    qtbot.keyClick(popup.edit, Qt.Key.Key_Escape)

    assert not popup.isVisible() and view.is_busy and gui.session.graph.node("x").data == 0.5


def test_help_names_the_menu_of_every_shortcut_so_the_two_plays_are_told_apart(make_gui):
    gui = make_gui()
    dialog: QDialog = gui.window.show_shortcuts()
    table = dialog.findChild(QTableWidget)
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    dialog.close()

    assert header[:3] == ["Menu", "Command", "Keys"]
    both_plays = {("Step through", "Play", "F9"), ("Training", "Play", "Space")}
    assert both_plays | {("View", "Cancel layout", "Esc")} <= set(rows)
    assert len({(menu, command) for menu, command, _keys in rows}) == len(rows)
