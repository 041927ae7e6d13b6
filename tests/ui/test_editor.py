"""The expression editor on its own: debounce, undoable program edits, error marks."""

from PySide6.QtGui import QTextCursor

from explorer.ui.editor import DEBOUNCE_MS, ExpressionEditor


def make_editor(qtbot, text: str = "a = 2\nb = a * 3\n") -> ExpressionEditor:
    editor = ExpressionEditor()
    qtbot.addWidget(editor)
    editor.set_initial_text(text)
    editor.show()
    return editor


def test_typing_is_handed_on_once_after_a_pause(qtbot):
    editor = make_editor(qtbot)
    settled = []
    editor.textSettled.connect(settled.append)
    editor.moveCursor(QTextCursor.MoveOperation.End)

    qtbot.keyClicks(editor, "c = b")
    qtbot.wait(DEBOUNCE_MS * 3)

    assert settled == ["a = 2\nb = a * 3\nc = b"]


def test_the_editor_leaves_undo_to_the_window(qtbot):
    editor = make_editor(qtbot)

    editor.apply_text("a = 5\nb = a * 3\n")
    editor.undo()  # the text box's own undo is off: the window's one stack undoes typing

    assert editor.toPlainText() == "a = 5\nb = a * 3\n"


def test_a_program_edit_keeps_the_cursor_outside_the_change(qtbot):
    editor = make_editor(qtbot)
    cursor = editor.textCursor()
    cursor.setPosition(len("a = 2\nb = a"))
    editor.setTextCursor(cursor)

    editor.apply_text("a = 7\nb = a * 3\n")

    assert editor.textCursor().position() == len("a = 7\nb = a")


def test_a_program_edit_is_not_handed_back(qtbot):
    editor = make_editor(qtbot)
    settled = []
    editor.textSettled.connect(settled.append)

    editor.apply_text("a = 9\nb = a * 3\n")
    qtbot.wait(DEBOUNCE_MS * 3)

    assert settled == []


def test_the_initial_text_cannot_be_undone_away(qtbot):
    editor = make_editor(qtbot)

    assert not editor.document().isUndoAvailable()


def test_an_empty_error_span_still_underlines_a_character(qtbot):
    editor = make_editor(qtbot, "b = a *")

    editor.set_error(7, 7, "something is missing")

    start, end = editor.error_span()
    assert end - start == 1


def test_offsets_count_characters_beyond_the_basic_plane(qtbot):
    editor = make_editor(qtbot, "# 😀 smile\nx = 2\n")

    editor.goto_offset(len("# 😀 smile\nx"))

    assert editor.cursor_offset() == len("# 😀 smile\nx")


def test_notes_mark_their_lines(qtbot):
    editor = make_editor(qtbot, "a = 2\nprint(a)\n")

    editor.set_notes([(6, 14, "print(...) is skipped")])

    assert editor._tip_at(8) == "print(...) is skipped"


def test_hovering_the_error_shows_its_message(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    editor = make_editor(qtbot, "b = a *")
    editor.set_error(4, 7, "this * needs something after it")
    rect = editor.cursorRect(editor.document().find("a"))
    pos = QPoint(rect.center().x() + 2, rect.center().y())

    QApplication.sendEvent(editor.viewport(),
                           QHelpEvent(QHelpEvent.Type.ToolTip, pos, editor.viewport().mapToGlobal(pos)))

    assert QToolTip.text() == "this * needs something after it"
