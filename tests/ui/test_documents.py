"""File commands in the window: the title's mark, Save/Open/Recent/Examples, the question
on close, autosave and crash recovery.

The window here is a small stand-in with the real editor, session, File commands of
the action table and DocumentController, wired as explorer.ui.compose wires them (so
these tests do not depend on the graph view); test_main_window_integration at the
end uses the real one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from explorer.model.autosave import Autosaver
from explorer.model.commands import Commands
from explorer.model.document import SessionDocument, read_document, write_document
from explorer.model.examples import examples
from explorer.model.session import Session
from explorer.ui.actions import SPECS, SUBMENUS, ActionRegistry
from explorer.ui.documents import DocumentController
from explorer.ui.editor import ExpressionEditor
from explorer.ui.undo import UndoStack
from explorer.userdirs import ENV_STATE_DIR

L_TEXT = "a = 2.0\nb = -3.0\nc = 10.0\nf = -2.0\nL = (a*b + c) * f\n"


FILE_COMMANDS = ("new", "open", "save", "save_as", "quit")  # the table's entries the host has


class Host(QMainWindow):
    """The main window's wiring in miniature: editor <-> session, registry, File menu."""

    def __init__(self, text: str = L_TEXT):
        super().__init__()
        self.session = Session(text)
        self.commands = Commands(self.session)
        self.undo_stack = UndoStack(self.commands, self)
        self.editor = ExpressionEditor()
        self.editor.set_initial_text(text)
        self.setCentralWidget(self.editor)
        self.problems: list[str] = []
        self.documents = docs = DocumentController(self, self.undo_stack, self.editor, self.report)
        self.actions = ActionRegistry(self.report, [s for s in SPECS if s.id in FILE_COMMANDS],
                                      [m for m in SUBMENUS if m.id in ("recent", "examples")], parent=self)
        handlers = {"new": docs.new, "open": docs.open, "save": docs.save, "save_as": docs.save_as,
                    "quit": self.close}
        for action_id, handler in handlers.items():
            self.actions.bind(action_id, handler)
        self.actions.bind_menu("recent", docs.build_recent_menu)
        self.actions.bind_menu("examples", docs.fill_examples_menu)
        self.menus = self.actions.build_menus(self.menuBar())
        self.addActions(list(self.actions.actions.values()))
        self.editor.textSettled.connect(self.commands.set_text)
        self.session.events.text.connect(self._show_text)

    def _show_text(self, text: str) -> None:
        if self.editor.toPlainText() != text and not self.editor.pending:
            self.editor.apply_text(text)

    def report(self, exc) -> None:
        self.problems.append(str(exc))


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_STATE_DIR, str(tmp_path / "state"))
    return tmp_path / "state"


@pytest.fixture
def window(qtbot, state):
    host = Host()
    qtbot.addWidget(host)
    docs = host.documents
    docs.idle_seconds = 0.05
    docs.max_delay_seconds = 0.2
    errors: list[str] = []
    docs.show_error = errors.append
    docs.errors = errors
    # No test may ever wait on a real dialog: each one that needs an answer sets it.
    docs.ask_save_changes = lambda name: "discard"
    docs.ask_open_path = lambda: None
    docs.ask_save_path = lambda suggested: None
    docs.ask_restore = lambda rec: "later"
    host.show()
    yield host
    docs.ask_save_changes = lambda name: "discard"
    docs.shutdown()


def type_text(qtbot, window, text: str) -> None:
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, text)
    window.editor.flush()
    qtbot.wait(10)


# -- the title and the unsaved-changes mark -------------------------------------------------------


def test_a_new_window_is_untitled_and_unmodified(window):
    assert (window.windowTitle(), window.isWindowModified()) == ("untitled[*] — Gradient Explorer", False)


def test_typing_marks_the_window_modified(qtbot, window):
    type_text(qtbot, window, "# a note")
    qtbot.waitUntil(window.isWindowModified, timeout=1000)


def test_a_gradient_step_is_an_unsaved_change(qtbot, window):
    window.commands.backward()
    window.commands.step()
    qtbot.waitUntil(window.isWindowModified, timeout=1000)


def test_undoing_back_to_the_saved_text_clears_the_mark(qtbot, window, tmp_path):
    window.documents.save_as(tmp_path / "l.gexp")
    type_text(qtbot, window, "x")
    qtbot.waitUntil(window.isWindowModified, timeout=1000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=1000)


# -- saving ------------------------------------------------------------------------------------------


def test_save_as_writes_the_session_and_names_the_window(qtbot, window, tmp_path):
    type_text(qtbot, window, "# saved")
    window.documents.save_as(tmp_path / "lecture.gexp")
    saved = read_document(tmp_path / "lecture.gexp")
    assert (saved.text, window.windowTitle(), window.isWindowModified()) == (
        L_TEXT + "# saved", "lecture.gexp[*] — Gradient Explorer", False)


def test_save_as_adds_the_extension_when_none_is_typed(window, tmp_path):
    window.documents.ask_save_path = lambda suggested: str(tmp_path / "mine")
    window.documents.save()
    assert (tmp_path / "mine.gexp").is_file()


def test_the_saved_file_keeps_values_moved_by_steps(window, tmp_path):
    window.commands.backward()
    window.commands.step()
    moved = window.session.graph.by_name["a"].data
    window.documents.save_as(tmp_path / "stepped.gexp")
    assert read_document(tmp_path / "stepped.gexp").values["a"] == moved != 2.0


def test_cancelling_the_save_dialog_saves_nothing(qtbot, window, tmp_path):
    type_text(qtbot, window, "#")
    window.documents.ask_save_path = lambda suggested: None
    assert not window.documents.save() and window.isWindowModified()


def test_a_save_that_fails_says_why_and_keeps_the_mark(qtbot, window, tmp_path):
    type_text(qtbot, window, "#")
    window.documents.save_as(tmp_path / "missing-folder" / "x.gexp")
    assert window.documents.errors and "does not exist" in window.documents.errors[0]
    assert window.isWindowModified()


# -- opening -----------------------------------------------------------------------------------------


def test_open_shows_the_files_text_and_values(window, tmp_path):
    path = write_document(SessionDocument(text="x = 3.0\ny = x**2\n", values={"x": 4.0}), tmp_path / "s.gexp")
    window.documents.open(path)
    assert (window.editor.toPlainText(), window.session.graph.root.data, window.isWindowModified()) == (
        "x = 3.0\ny = x**2\n", 16.0, False)


def test_a_damaged_file_says_why_and_changes_nothing(window, tmp_path):
    bad = tmp_path / "bad.gexp"
    bad.write_text('{"format": "gradient-explorer-session", "version": 1, "text": ')
    window.documents.open(bad)
    assert (window.documents.errors[0].endswith("may be truncated."), window.editor.toPlainText(),
            window.session.path) == (True, L_TEXT, None)


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary", b"[" * 100_000, b'{"format": "x"}'])
def test_hostile_files_never_change_the_document(window, tmp_path, content):
    path = tmp_path / "hostile.gexp"
    path.write_bytes(content)
    window.documents.open(path)
    assert window.documents.errors and window.session.text == L_TEXT


def test_a_text_file_opens_as_an_untitled_expression(window, tmp_path):
    cell = tmp_path / "cell.py"
    cell.write_text("a = Value(2.0, label='a')\nb = a * a\n")
    window.documents.open(cell)
    assert (window.session.text.startswith("a = Value"), window.session.path) == (True, None)


def test_opening_asks_about_unsaved_changes_and_cancel_stays(qtbot, window, tmp_path):
    other = write_document(SessionDocument(text="x = 1.0"), tmp_path / "other.gexp")
    type_text(qtbot, window, "# mine")
    window.documents.ask_save_changes = lambda name: "cancel"
    window.documents.open(other)
    assert window.session.text.endswith("# mine")


def test_new_after_discarding_is_empty_and_untitled(qtbot, window):
    type_text(qtbot, window, "# mine")
    window.documents.ask_save_changes = lambda name: "discard"
    window.documents.new()
    assert (window.editor.toPlainText(), window.windowTitle()) == ("", "untitled[*] — Gradient Explorer")


# -- recent files ---------------------------------------------------------------------------------------


def test_saved_files_appear_in_open_recent(window, tmp_path):
    window.documents.save_as(tmp_path / "one.gexp")
    menu = window.findChild(QMenu, "menu_recent")
    menu.aboutToShow.emit()
    assert menu.actions()[0].text() == "&1 one.gexp"


def test_a_recent_file_that_vanished_is_dropped_when_chosen(window, tmp_path):
    path = window.documents.save_as(tmp_path / "gone.gexp") and tmp_path / "gone.gexp"
    path.unlink()
    window.documents.open(path)
    assert str(path.resolve()) not in window.documents.recent.paths


# -- examples -------------------------------------------------------------------------------------------


def test_the_examples_menu_lists_the_lecture_in_order(window):
    menu = window.findChild(QMenu, "menu_examples")
    assert [a.text() for a in menu.actions()] == [e.title for e in examples()]


def test_an_example_opens_untitled_with_its_settings(window):
    window.documents.open_example("derivative")
    assert (window.session.path, window.session.plot_var, window.isWindowModified()) == (None, "x", False)


def test_the_file_menu_has_the_document_commands_in_order(window):
    texts = [a.text() for a in window.menus["file"].actions() if not a.isSeparator()]
    assert texts == ["&New", "&Open...", "Open &Recent", "&Save", "Save &As...", "&Examples", "&Quit"]


# -- closing ----------------------------------------------------------------------------------------------


def test_closing_with_unsaved_changes_and_cancel_keeps_the_window(qtbot, window):
    type_text(qtbot, window, "#")
    window.documents.ask_save_changes = lambda name: "cancel"
    window.close()
    assert window.isVisible()


def test_closing_and_saving_writes_the_file(qtbot, window, tmp_path):
    type_text(qtbot, window, "# keep me")
    window.documents.ask_save_changes = lambda name: "save"
    window.documents.ask_save_path = lambda suggested: str(tmp_path / "kept.gexp")
    window.close()
    assert read_document(tmp_path / "kept.gexp").text.endswith("# keep me") and not window.isVisible()


def test_closing_unmodified_asks_nothing(window):
    window.documents.ask_save_changes = lambda name: pytest.fail("asked")
    window.close()
    assert not window.isVisible()


# -- autosave and recovery -----------------------------------------------------------------------------------


def autosaves(state: Path) -> list[Path]:
    return sorted((state / "autosave").glob("*.autosave"))


def test_unsaved_typing_is_autosaved_after_a_pause(qtbot, window, state):
    type_text(qtbot, window, "# typed")
    qtbot.waitUntil(lambda: bool(autosaves(state)), timeout=2000)
    data = json.loads(autosaves(state)[0].read_text())
    assert data["document"]["text"].endswith("# typed")


def test_saving_removes_the_autosave(qtbot, window, state, tmp_path):
    type_text(qtbot, window, "# typed")
    qtbot.waitUntil(lambda: bool(autosaves(state)), timeout=2000)
    window.documents.save_as(tmp_path / "s.gexp")
    assert autosaves(state) == []


def test_a_clean_exit_removes_the_autosave(qtbot, window, state):
    type_text(qtbot, window, "# typed")
    qtbot.waitUntil(lambda: bool(autosaves(state)), timeout=2000)
    window.documents.ask_save_changes = lambda name: "discard"
    window.close()
    assert autosaves(state) == []


def test_a_crashed_sessions_work_is_offered_and_restored(qtbot, window, state):
    orphan = Autosaver(state / "autosave")
    orphan.write(SessionDocument(text="x = 5.0\ny = x*x\n"), path=None)
    orphan._lock.close()  # its process died: the OS dropped the lock
    asked = []
    window.documents.ask_restore = lambda rec: asked.append(rec.title) or "restore"
    window.documents.offer_recovery()
    assert (asked, window.editor.toPlainText(), window.isWindowModified()) == (
        ["untitled"], "x = 5.0\ny = x*x\n", True)


def test_declining_a_recovery_discards_it(window, state):
    orphan = Autosaver(state / "autosave")
    orphan.write(SessionDocument(text="x = 5.0"))
    orphan._lock.close()
    window.documents.ask_restore = lambda rec: "discard"
    window.documents.offer_recovery()
    assert autosaves(state) == [] and window.session.text == L_TEXT


# -- the whole thing across a real crash --------------------------------------------------------------------

CHILD = textwrap.dedent("""
    # What app.main does, plus the hook: the real window, autosave, recovery.
    import sys
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    app = QApplication([])
    from explorer.ui.compose import build_window
    gui = build_window(recover=False)
    window, docs = gui.window, gui.documents
    window.show()
    if sys.argv[1] == "type":
        docs.idle_seconds = 0.2
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        QTest.keyClicks(window.editor, "# typed before the crash")
        while not docs.autosaver.file.exists():
            QTest.qWait(20)
        print("autosaved", flush=True)
        QTest.qWait(60_000)  # killed long before this
    else:
        docs.ask_restore = lambda rec: "restore"
        docs.offer_recovery()
        print("last line:", window.editor.toPlainText().splitlines()[-1], flush=True)
        docs.shutdown()
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_text_typed_before_a_sigkill_is_restored_on_the_next_start(tmp_path):
    env = {**os.environ, ENV_STATE_DIR: str(tmp_path / "state"), "QT_QPA_PLATFORM": "offscreen"}
    script = CHILD
    child = subprocess.Popen([sys.executable, "-c", script, "type"], env=env, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    restart = subprocess.run([sys.executable, "-c", script, "restore"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert restart.stdout.strip().splitlines()[-1] == "last line: # typed before the crash"


# -- the real main window ----------------------------------------------------------------------------------


def test_main_window_integration(qtbot, make_gui, state):
    gui = make_gui(lazy_plot=False, autosave=True)
    window, docs = gui.window, gui.documents
    window.show()
    docs.open_example("L")
    window.commands.backward()
    window.commands.step()
    qtbot.waitUntil(window.isWindowModified, timeout=1000)
    docs.ask_save_changes = lambda name: "discard"
    window.close()
    assert not window.isVisible() and window.actions["save"].shortcut().matches(
        Qt.Modifier.CTRL | Qt.Key.Key_S) is not None


def test_a_session_dropped_on_the_window_opens(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = write_document(SessionDocument(text="x = 7.0\n"), tmp_path / "dropped.gexp")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    window.documents.eventFilter(window, drop)
    qtbot.waitUntil(lambda: window.session.text == "x = 7.0\n", timeout=1000)


def test_a_session_opened_by_the_command_line_is_not_marked_modified(qtbot, window, tmp_path):
    path = write_document(SessionDocument(text="x = 2.0\ny = x*x\n"), tmp_path / "cli.gexp")
    window.documents.open(str(path))  # what app.main does with a file named on the command line
    qtbot.wait(20)
    assert (window.isWindowModified(), window.windowTitle()) == (False, "cli.gexp[*] — Gradient Explorer")


def test_saving_a_document_read_from_a_py_file_never_overwrites_it(qtbot, window, tmp_path):
    cell = tmp_path / "cell.py"
    cell.write_text("a = 2.0\nb = a*a\n")
    window.session.path = str(cell)  # as the command line's open_path leaves it
    asked = []
    window.documents.ask_save_path = lambda suggested: asked.append(suggested) or suggested
    window.documents.save()
    assert (cell.read_text(), asked) == ("a = 2.0\nb = a*a\n", [str(tmp_path / "cell.gexp")])


APP_CHILD = textwrap.dedent("""
    # The application itself (explorer.ui.app.main), driven from a timer.
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from explorer.ui import app as app_module
    from explorer.ui.documents import DocumentController

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def documents():
        return window().findChild(DocumentController)

    def type_and_wait():
        w = window()
        documents().idle_seconds = 0.2
        w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
        QTest.keyClicks(w.editor, "# typed in the app")
        while not documents().autosaver.file.exists():
            QTest.qWait(20)
        print("autosaved", flush=True)

    def answer_restore():
        boxes = [b for b in QApplication.topLevelWidgets()
                 if b.objectName() == "restoreBox" and b.isVisible()]
        if not boxes:
            QTimer.singleShot(50, answer_restore)
            return
        box = boxes[0]
        restore = next(b for b in box.buttons() if b.text() == "Restore")
        restore.click()
        QTimer.singleShot(50, report)

    def report():
        print("last line:", window().editor.toPlainText().splitlines()[-1], flush=True)
        documents().ask_save_changes = lambda name: "discard"
        QApplication.instance().quit()

    qapp = QApplication([])  # main() uses it; timers need it first
    QTimer.singleShot(300, type_and_wait if sys.argv[1] == "type" else answer_restore)
    sys.exit(app_module.main([]))
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_the_app_offers_to_restore_work_lost_to_a_sigkill(tmp_path):
    env = {**os.environ, ENV_STATE_DIR: str(tmp_path / "state"), "QT_QPA_PLATFORM": "offscreen",
           "GRADIENT_EXPLORER_SETTINGS": str(tmp_path / "settings.ini")}
    child = subprocess.Popen([sys.executable, "-c", APP_CHILD, "type"], env=env, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    restart = subprocess.run([sys.executable, "-c", APP_CHILD, "restore"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert "last line: # typed in the app" in restart.stdout.splitlines()
