"""The main window, driven as a learner drives it (pytest-qt, offscreen)."""

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from explorer.model.session import L_EXAMPLE, NEURON_EXAMPLE, Session
from explorer.ui.main_window import MainWindow


@pytest.fixture
def window(make_gui, qtbot):
    win = make_gui(Session()).window
    win.show()
    qtbot.waitExposed(win)
    return win


def paste(qtbot, window: MainWindow, text: str) -> None:
    """Replace the editor's text as a paste would, and wait for the graph to follow."""
    editor = window.editor
    editor.selectAll()
    editor.insertPlainText(text)
    qtbot.waitUntil(lambda: window.session.text == text, timeout=3000)


def trigger(window: MainWindow, action_id: str) -> None:
    window.actions[action_id].trigger()


def test_the_window_opens_with_the_lectures_neuron(window):
    assert window.editor.toPlainText() == NEURON_EXAMPLE and window.session.output.label == "o"


def test_typing_the_L_example_then_backward_draws_the_lectures_grads(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    qtbot.waitUntil(lambda: not window.graph_view.is_busy, timeout=10000)

    trigger(window, "backward")

    boxes = {item.label_text: (item.data_text.split()[-1], item.grad_text.split()[-1])
             for item in window.graph_view.value_items()}
    assert boxes == {
        "a": ("2.0000", "6.0000"), "b": ("-3.0000", "-4.0000"), "c": ("10.0000", "-2.0000"),
        "e": ("-6.0000", "-2.0000"), "d": ("4.0000", "-2.0000"), "f": ("-2.0000", "4.0000"),
        "L": ("-8.0000", "1.0000"),
    }


def test_before_backward_the_graph_shows_grads_as_not_computed(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    qtbot.waitUntil(lambda: not window.graph_view.is_busy, timeout=10000)

    grads = {item.grad_text.split()[-1] for item in window.graph_view.value_items()}

    assert grads == {"—"}


def test_step_with_ascent_0_01_gives_the_lectures_L(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    window.controls.direction.setCurrentIndex(1)  # ascent
    window.controls.lr.setValue(0.01)

    trigger(window, "step")

    assert math.isclose(window.session.output.data, -7.286496, abs_tol=1e-9)


def test_a_mistake_keeps_the_old_graph_and_every_character(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    good = window.session.graph
    window.editor.moveCursor(QTextCursor.MoveOperation.End)

    qtbot.keyClicks(window.editor, "M = L * (")
    qtbot.waitUntil(lambda: window.session.error is not None, timeout=3000)

    assert window.editor.toPlainText() == L_EXAMPLE + "M = L * (" and window.session.graph is good


def test_a_mistake_is_underlined_and_explained(qtbot, window):
    paste(qtbot, window, "a = 2\nb = a *\n")

    assert window.editor.error_span() is not None and window.problems.message.startswith("line 2")


def test_fixing_the_mistake_clears_the_underline(qtbot, window):
    paste(qtbot, window, "a = 2\nb = a *\n")

    paste(qtbot, window, "a = 2\nb = a * 3\n")

    assert window.editor.error_span() is None and window.problems.message == ""


def test_clicking_a_node_selects_its_text(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    node = window.session.graph.by_name["e"]

    window.graph_view.nodeClicked.emit(node)

    span = window.session.graph.span(node)
    assert window.editor.textCursor().selectedText() == L_EXAMPLE[span.start:span.end]


def test_moving_the_cursor_onto_a_name_selects_its_node(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    window.editor.setFocus()

    window.editor.goto_offset(L_EXAMPLE.index("d = e + c") + 1)

    assert window.session.selection is window.session.graph.by_name["d"]


def test_the_inspector_shows_a_grad_of_6(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    trigger(window, "backward")
    window.inspector_dock.raise_()

    window.graph_view.nodeClicked.emit(window.session.graph.by_name["a"])

    assert window.inspector.grad.text() == "grad  6"


def test_the_inspector_shows_the_chain_rule_with_numbers(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    trigger(window, "backward")
    window.inspector_dock.raise_()

    window.graph_view.nodeClicked.emit(window.session.graph.by_name["a"])

    assert window.inspector.chain_text() == "grad(a) = grad(e) * b = (-2) * (-3) = 6"


def test_grads_not_computed_yet_show_a_dash(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    window.inspector_dock.raise_()

    window.graph_view.nodeClicked.emit(window.session.graph.by_name["a"])

    assert window.inspector.grad.text().startswith("grad  —")


def test_backward_twice_says_why_the_numbers_grew(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)

    trigger(window, "backward")
    trigger(window, "backward")

    banner = window.accumulation_banner
    assert banner.isVisible() and "without Zero grad" in banner.label.text()


def test_zero_grad_removes_the_accumulation_message(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    trigger(window, "backward")
    trigger(window, "backward")

    trigger(window, "zero_grad")

    assert not window.accumulation_banner.isVisible()


def test_step_through_shows_the_lectures_arithmetic(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)

    for _ in range(3):
        trigger(window, "walk_backward")

    assert window.stepper_panel.current_text() == (
        "a.grad += b.data * e.grad  ->  0 + (-3) * (-2) = 6\n"
        "b.grad += a.data * e.grad  ->  0 + 2 * (-2) = -4")


def test_step_through_highlights_the_node_in_the_graph(qtbot, window, monkeypatch):
    paste(qtbot, window, L_EXAMPLE)
    seen = []
    monkeypatch.setattr(window.graph_view, "highlight_step", lambda node, edges: seen.append(node))

    trigger(window, "walk_backward")

    assert seen[-1] is window.session.graph.root


def test_play_walks_to_the_end_by_itself(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    window.stepper_panel.speed.setValue(window.stepper_panel.speed.maximum())

    trigger(window, "walk_play")

    qtbot.waitUntil(lambda: window.session.stepper is not None and window.session.stepper.done, timeout=5000)
    assert window.session.graph.by_name["a"].grad == 6.0


def test_gradcheck_marks_no_mismatch_on_the_neuron(qtbot, window):
    dialog = window.open_gradcheck()
    qtbot.addWidget(dialog)

    assert dialog.results and dialog.mismatches == [] and "All" in dialog.summary.text()


def test_gradcheck_with_a_silly_h_marks_mismatches(qtbot, window):
    dialog = window.open_gradcheck()
    qtbot.addWidget(dialog)
    dialog.h.setCurrentText("1e-15")

    dialog.run()

    assert dialog.mismatches


def test_setting_a_leaf_in_the_inspector_updates_the_text_and_undo_brings_it_back(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)
    window.inspector_dock.raise_()
    window.graph_view.nodeClicked.emit(window.session.graph.by_name["a"])
    window.inspector.value_edit.setText("4")

    window.inspector.value_button.click()
    changed = window.editor.toPlainText()
    window.actions["undo"].trigger()

    assert "Value(4.0, label='a')" in changed and window.editor.toPlainText() == L_EXAMPLE


def test_double_clicking_a_leaf_opens_a_value_box(qtbot, window):
    paste(qtbot, window, L_EXAMPLE)

    window.graph_view.nodeDoubleClicked.emit(window.session.graph.by_name["b"])
    popup = window.leaf_popup
    popup.edit.setText("-1")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)

    text = window.editor.toPlainText()
    assert window.session.graph.by_name["b"].data == -1.0 and "Value(-1.0, label='b')" in text


def test_skipped_lines_are_listed(qtbot, window):
    paste(qtbot, window, L_EXAMPLE + "print(L)\n")

    assert window.problems.notes.count() >= 1


def test_every_menu_item_does_something(window):
    assert window.actions.unbound() == []


def test_every_toolbar_button_has_a_tooltip_with_its_shortcut(window):
    tips = [a.toolTip() for a in window.toolbar.actions() if not a.isSeparator()]

    assert all(tip.endswith(")") for tip in tips)


def test_status_bar_shows_nodes_and_output(window):
    assert window.status_line.nodes.text() == "10 nodes" and "0.707107" in window.status_line.output.text()


def test_an_engine_error_goes_to_the_problems_line(qtbot, window):
    paste(qtbot, window, "x = 0.5\ny = x.log()\n")
    window.controls.lr.setValue(10.0)

    trigger(window, "step")

    assert "log" in window.problems.message


def test_auto_backward_in_the_menu_checks_the_panel_box(window):
    window.actions["auto_backward"].setChecked(True)

    assert window.controls.auto_backward.isChecked() and window.session.auto_backward


def test_the_plot_panel_arrives_after_the_first_paint(qtbot, window):
    qtbot.waitUntil(lambda: window.plot_panel is not None, timeout=5000)

    assert window.plot_dock.isAncestorOf(window.plot_panel)
