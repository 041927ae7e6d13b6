"""File commands of the window: New, Open, Open Recent, Save, Save As, Examples —
plus the unsaved-changes mark, the question on close, autosave and crash recovery.

Everything about the file itself is Qt-free (:mod:`explorer.model.document`,
:mod:`explorer.model.autosave`); this module asks the questions and keeps the title
honest. The composition root (:mod:`explorer.ui.compose`) makes one controller per
window and binds the File commands of the action table to it.

What a user of a desktop editor expects, and gets:

* The title names the file, with ``*`` (Qt's windowModified) while there are
  unsaved changes — typed text, moved values, settings, step history. Undoing
  back to what was saved clears the mark.
* Closing with unsaved changes asks Save / Discard / Cancel. So do New, Open
  and opening an example.
* Save writes atomically (temp file + rename): a crash mid-save leaves the old
  file whole. Save on an untitled document asks for a name (``.gexp`` added).
* A file that cannot be opened says why in one sentence, and the open document
  is left exactly as it was.
* While there are unsaved changes, the session is autosaved after 2 s without
  typing (and at least every 5 s while typing goes on) to the per-user state
  folder. After a crash the next start offers to restore it; a clean exit
  deletes it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from ..errors import ExplorerError
from ..fileio import decode_text, read_user_file
from ..model.autosave import IDLE_SECONDS, MAX_DELAY_SECONDS, Autosaver, Recovery, find_recoverable
from ..model.document import (
    FILE_FILTER,
    SUFFIX,
    RecentFiles,
    SessionDocument,
    read_document,
    write_document,
)
from ..model.examples import Example, example, examples
from ..model.saving import apply_document, snapshot
from .binding import bind
from .editor import ExpressionEditor
from .theme import last_folder, remember_folder
from .training_dock import TrainingLabDock
from .undo import UndoStack

__all__ = ["DocumentController"]

APP_TITLE = "Gradient Explorer"


class DocumentController(QObject):
    """The window's file commands and its unsaved-changes state.

    The dialogs are attributes, so tests (and other front ends) can answer them:
    ``ask_save_changes(name) -> "save" | "discard" | "cancel"``,
    ``ask_open_path() -> str | None``, ``ask_save_path(suggested) -> str | None``,
    ``ask_restore(recovery) -> "restore" | "discard" | "later"``,
    ``show_error(message)``.
    """

    modifiedChanged = Signal(bool)
    documentChanged = Signal()  # a new document is shown (New, Open, example, restore)
    exampleOpened = Signal(object)  # the Example

    def __init__(self, window: QMainWindow, undo: UndoStack, editor: ExpressionEditor | None,
                 report: Callable[[ExplorerError], None], training: TrainingLabDock | None = None, *,
                 autosave: bool = True, recent: RecentFiles | None = None,
                 autosave_dir: str | os.PathLike[str] | None = None):
        """File commands for ``window``: its title, close and drops; ``editor`` holds the
        text typed so far; ``report`` shows a problem in the window; ``training``
        (optional) has its settings saved with the session and opens with the
        training example."""
        super().__init__(window)
        self.window = window
        self.undo = undo
        self.session = session = undo.commands.session
        self.editor = editor
        self._report = report
        self.recent = recent if recent is not None else RecentFiles.load()
        self.training = training
        if training is not None:
            self.exampleOpened.connect(lambda ex: ex.training and training.open())
        self._recent_menu: QMenu | None = None
        self._first_change: float | None = None
        self._path_seen = session.path
        self.idle_seconds = IDLE_SECONDS
        self.max_delay_seconds = MAX_DELAY_SECONDS

        self.ask_save_changes: Callable[[str], str] = self._ask_save_changes
        self.ask_open_path: Callable[[], str | None] = self._ask_open_path
        self.ask_save_path: Callable[[str], str | None] = self._ask_save_path
        self.ask_restore: Callable[[Recovery], str] = self._ask_restore
        self.show_error: Callable[[str], None] = self._show_error

        self.autosaver: Autosaver | None = None
        if autosave:
            try:
                self.autosaver = Autosaver(autosave_dir) if autosave_dir is not None else Autosaver()
            except (ExplorerError, OSError) as exc:
                # No autosave is a loss of safety, not of function: say so once, carry on.
                self._status(f"Autosave is off: {exc}")
        self._autosave_dir = autosave_dir
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.timeout.connect(self.autosave_now)
        ev = session.events
        # "Modified" is the undo stack's (see ui/undo.py); while it holds, every
        # further change moves the autosave along.
        bind(self, (ev.path, self._on_path), (ev.modified, self._on_modified),
             *((signal, self._changed) for signal in (ev.text, ev.values, ev.history)))
        window.installEventFilter(self)
        window.setAcceptDrops(True)  # a .gexp dropped on the window opens it
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._update_title()

    # -- state -------------------------------------------------------------------------------

    @property
    def path(self) -> str | None:
        return self.session.path

    @property
    def modified(self) -> bool:
        return self.session.modified

    @property
    def display_name(self) -> str:
        return Path(self.path).name if self.path else "untitled"

    def _current(self) -> SessionDocument:
        """The session as it would be saved now, with the text as typed so far."""
        training = self.training.saved() if self.training is not None else None
        doc = snapshot(self.session, training=training)
        if self.editor is not None:
            doc.text = self.editor.toPlainText()
        return doc

    def _changed(self, *_args) -> None:
        if self.session.modified:
            self._schedule_autosave()

    def _on_path(self, path: str | None) -> None:
        if path != self._path_seen:
            self._path_seen = path
            if not self.session.modified:
                # Something else opened a file into the session (a file named on the
                # command line): that is the document now, with nothing unsaved.
                self._mark_clean()
        self._update_title()

    def _schedule_autosave(self) -> None:
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        # Idle autosave, but never later than MAX_DELAY after the first unsaved change.
        due = min(self.idle_seconds, max(0.0, self._first_change + self.max_delay_seconds - now))
        self._autosave_timer.start(int(due * 1000))

    def _on_modified(self, modified: bool) -> None:
        if modified:
            self._schedule_autosave()
        elif self.autosaver is not None:
            self._autosave_timer.stop()
            self._first_change = None
            self.autosaver.clear()
        self._update_title()
        self.modifiedChanged.emit(modified)

    def _mark_clean(self) -> None:
        self._first_change = None
        self.undo.set_clean()

    def _update_title(self) -> None:
        self.window.setWindowFilePath(self.path or "")
        self.window.setWindowTitle(f"{self.display_name}[*] — {APP_TITLE}")
        self.window.setWindowModified(self.session.modified)

    def _flush_editor(self) -> None:
        if self.editor is not None and self.editor.pending:
            self.editor.flush()

    # -- commands ------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the document goes away: True to go on (saved or discarded), False to stay."""
        self._flush_editor()
        if not self.session.modified:
            return True
        answer = self.ask_save_changes(self.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> bool:
        """An empty, untitled document (after asking about unsaved changes)."""
        if not self.maybe_save():
            return False
        self._show_document(SessionDocument(text=""), path=None)
        return True

    def open(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Open a ``.gexp`` session, or a text file holding an expression."""
        if path is None:
            if not self.maybe_save():
                return False
            path = self.ask_open_path()
            if not path:
                return False
        elif not self.maybe_save():
            return False
        try:
            doc, is_session = _read_any(Path(path))
        except ExplorerError as exc:
            self.show_error(str(exc))
            if not Path(path).exists():
                self.recent.remove(path)
                self.recent.save()
                self._rebuild_recent_menu()
            return False
        # A plain text file opens as untitled: Save must not overwrite the .py/.txt with JSON.
        self._show_document(doc, path=Path(path) if is_session else None)
        self._remember(path)
        if not is_session:
            self._status(f"Opened the text of {Path(path).name}; Save will ask where to keep the session.")
        return True

    def save(self) -> bool:
        """Save to the current file, or ask for one. True when saved.

        A document read from a .py or .txt file is saved as a new .gexp next to
        it: the expression file itself is never overwritten with JSON."""
        if not self.path:
            return self.save_as()
        path = Path(self.path)
        if path.suffix.lower() != SUFFIX:
            return self.save_as(None, suggested=str(path.with_suffix(SUFFIX)))
        return self._write(path)

    def save_as(self, path: str | os.PathLike[str] | None = None, *, suggested: str | None = None) -> bool:
        if path is None:
            suggested = suggested or self.path or str(Path(last_folder("save")) / f"untitled{SUFFIX}")
            path = self.ask_save_path(suggested)
            if not path:
                return False
            if not Path(path).suffix:
                path = f"{path}{SUFFIX}"
        return self._write(Path(path))

    def _write(self, path: Path) -> bool:
        self._flush_editor()
        doc = self._current()
        try:
            write_document(doc, path)
        except ExplorerError as exc:
            self.show_error(str(exc))
            return False
        self._mark_clean()
        self.session.path = str(path)
        self._remember(path)
        _remember_folder(path, "save")
        self._status(f"Saved {path.name}.")
        return True

    def open_example(self, key: str | Example) -> bool:
        """Open an example as a new untitled document (Save asks where to keep it)."""
        ex = key if isinstance(key, Example) else example(key)
        if not self.maybe_save():
            return False
        self._show_document(ex.document(), path=None)
        self.exampleOpened.emit(ex)
        return True

    def _show_document(self, doc: SessionDocument, *, path: Path | None, modified: bool = False) -> None:
        self._autosave_timer.stop()
        if self.editor is not None:
            # Before the session changes, so the window's 'text' handler sees nothing
            # to do; and a new document has nothing to undo back to.
            self.editor.set_initial_text(doc.text)
        # A new document starts from a clean model: nothing of the last one carries over.
        self.session.reset()
        apply_document(self.session, doc, path=path)
        if self.training is not None:
            self.training.apply_saved(doc.training)
        self.undo.clear()
        self._first_change = None
        if modified:
            # Restored work that was never saved: modified until it is.
            self.undo.stack.resetClean()
            self.session.modified = True
        self._update_title()
        self.documentChanged.emit()

    # -- autosave and recovery ------------------------------------------------------------------

    def autosave_now(self) -> Path | None:
        """Write the autosave now if there are unsaved changes (the timer calls this)."""
        if self.autosaver is None or self.autosaver.closed:
            return None
        self._first_change = None
        if not self.session.modified:
            self.autosaver.clear()
            return None
        try:
            written = self.autosaver.write(self._current(), path=self.path)
        except ExplorerError as exc:
            self._status(f"Autosave failed: {exc}")
            return None
        return written

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosave left behind. True if restored."""
        try:
            found = find_recoverable(self._autosave_dir)
        except OSError:
            return False
        if not found:
            return False
        newest, rest = found[0], found[1:]
        for other in rest:
            other.release()  # kept for the next start
        answer = self.ask_restore(newest)
        if answer == "later":
            newest.release()
            return False
        if answer != "restore":
            newest.discard()
            return False
        doc = newest.document
        path = Path(newest.path) if newest.path else None
        self._show_document(doc, path=path, modified=True)
        newest.discard()
        self.autosave_now()  # our own copy, at once: a second crash loses nothing
        self._status(f"Restored the unsaved work of {newest.title}.")
        return True

    def shutdown(self) -> None:
        """A clean exit: the autosave is no longer needed."""
        self._autosave_timer.stop()
        if self.autosaver is not None:
            self.autosaver.close()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is not self.window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close:
            if not self.maybe_save():
                event.ignore()
                return True  # the window stays open
            self.shutdown()
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and _dropped_file(event) is not None:
            event.acceptProposedAction()
            return True
        elif kind == QEvent.Type.Drop:
            path = _dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                # After the drop returns: the file manager must not wait on our dialogs.
                QTimer.singleShot(0, lambda: self._run(self.open, path))
                return True
        return False

    # -- recent files and menus -----------------------------------------------------------------

    def _remember(self, path: str | os.PathLike[str]) -> None:
        self.recent.add(path)
        self.recent.save()
        self._rebuild_recent_menu()

    def build_recent_menu(self, menu: QMenu) -> QMenu:
        self._recent_menu = menu
        menu.aboutToShow.connect(self._rebuild_recent_menu)
        self._rebuild_recent_menu()
        return menu

    def _rebuild_recent_menu(self) -> None:
        menu = self._recent_menu
        if menu is None:
            return
        menu.clear()
        paths = self.recent.paths
        for i, p in enumerate(paths):
            exists = os.path.isfile(p)
            label = f"&{i + 1} {Path(p).name}" if i < 9 else Path(p).name
            action = menu.addAction(label)
            action.setToolTip(p if exists else f"{p} (no longer there)")
            action.setStatusTip(p)
            action.setEnabled(exists)
            action.triggered.connect(lambda _c=False, p=p: self.open(p))
        if paths:
            menu.addSeparator()
        clear = menu.addAction("&Clear the list")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self._clear_recent)
        menu.setEnabled(True)

    def _clear_recent(self) -> None:
        self.recent.clear()
        self.recent.save()
        self._rebuild_recent_menu()

    def fill_examples_menu(self, menu: QMenu) -> QMenu:
        """The lecture's examples, in order; each opens as a new untitled document."""
        menu.clear()
        menu.setToolTipsVisible(True)
        for ex in examples():
            action = menu.addAction(ex.title)
            action.setToolTip(ex.summary)
            action.setStatusTip(ex.summary)
            action.triggered.connect(lambda _c=False, ex=ex: self._run(self.open_example, ex))
        return menu

    def _run(self, fn, *args) -> None:
        try:
            fn(*args)
        except ExplorerError as exc:
            self.show_error(str(exc))

    # -- default dialogs ---------------------------------------------------------------------------

    def _ask_save_changes(self, name: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                          f"Do you want to save the changes to {name}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("saveChangesBox")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"

    def _ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open", last_folder("open"),
            f"{FILE_FILTER.split(';;')[0]};;Expressions (*.py *.txt);;All files (*)")
        if path:
            _remember_folder(path, "open")
        return path or None

    def _ask_save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save As", suggested, FILE_FILTER)
        return path or None

    def _ask_restore(self, recovery: Recovery) -> str:
        when = time.strftime("%H:%M on %d %b", time.localtime(recovery.saved_at))
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE,
                          f"Gradient Explorer did not close properly. Restore your unsaved work on "
                          f"{recovery.title} (autosaved at {when})?", QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("restoreBox")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        return "restore" if clicked is restore else "discard" if clicked is discard else "later"

    def _show_error(self, message: str) -> None:
        self._report(ExplorerError(message))
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, message, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setObjectName("documentErrorBox")
        box.exec()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)


def _read_any(path: Path) -> tuple[SessionDocument, bool]:
    """A session file, or the text of an expression (a .py cell, a .txt)."""
    if path.suffix.lower() == SUFFIX:
        return read_document(path), True
    from ..model.document import MAX_TEXT_CHARS

    data = read_user_file(path, max_bytes=MAX_TEXT_CHARS, what="an expression")
    if data.lstrip().startswith(b"{") and b'"gradient-explorer-session"' in data[:4096]:
        return read_document(path), True  # a session saved under another extension
    text = decode_text(data, f"'{path.name}'")
    return SessionDocument(text=text), False


def _dropped_file(event) -> str | None:
    """The one local file being dragged onto the window, if that is what it is."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    urls = [u for u in mime.urls() if u.isLocalFile()]
    return urls[0].toLocalFile() if len(urls) == 1 else None


def _remember_folder(path: str | os.PathLike[str], kind: str) -> None:
    try:
        remember_folder(path, kind)
    except OSError:
        pass  # a folder not remembered is no reason to fail a save
