"""The window's one undo stack: Qt's QUndoStack, fed by the model's Qt-free commands.

:class:`UndoStack` becomes the sink of :class:`~explorer.model.commands.Commands`:
every command a user gives (typing, a value, Forward, Step, a slider drag ...)
lands here after it ran. Undo and Redo move the session between the states each
command saw before and after it. The Edit menu's items name what they will do
("Undo Step (lr 0.01)").

"Modified" is derived here and written to ``session.modified``: the document is
modified when a command that changes the document (``Command.modifies``) lies
between the saved state (the stack's clean index) and now. Exploring — a
slider drag, choosing h — is undoable but leaves an opened example unmodified.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtGui import QUndoStack as _QUndoStack

from ..model.commands import Command, Commands

__all__ = ["UndoStack"]

_MERGEABLE = 1  # Qt asks mergeWith only for equal ids; Command.merge decides


class _QtCommand(QUndoCommand):
    def __init__(self, command: Command):
        super().__init__(command.text)
        self.command = command
        self._ran = True  # Commands.perform already ran it; push's first redo is a no-op

    def redo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self.command.redo()

    def undo(self) -> None:
        self.command.undo()

    def id(self) -> int:
        return _MERGEABLE if self.command.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if isinstance(other, _QtCommand) and self.command.merge(other.command):
            self.setText(self.command.text)
            return True
        return False


class UndoStack(QObject):
    """The undo stack of one window's session."""

    def __init__(self, commands: Commands, parent: QObject | None = None):
        super().__init__(parent)
        self.commands = commands
        self.stack = _QUndoStack(self)
        # Our own list of the pushed wrappers, so each keeps its Python side.
        self._pushed: list[_QtCommand] = []
        commands.sink = self._push
        self.stack.indexChanged.connect(self._update_modified)
        self.stack.cleanChanged.connect(self._update_modified)

    def _push(self, command: Command) -> None:
        wrapper = _QtCommand(command)
        self._pushed = self._pushed[: self.stack.index()]
        count = self.stack.count()
        self.stack.push(wrapper)
        if self.stack.count() > count:
            self._pushed.append(wrapper)
        self._update_modified()

    # -- what the Edit menu does -------------------------------------------------------------

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def bind_actions(self, undo: QAction, redo: QAction) -> None:
        """Keep the menu's Undo/Redo items enabled and named after what they will do.

        Driven by the stack's own signals and their arguments (the stack also
        signals while it is being destroyed, when it can no longer be asked)."""
        s = self.stack
        pairs = ((undo, "Undo", s.canUndoChanged, s.undoTextChanged, s.canUndo(), s.undoText()),
                 (redo, "Redo", s.canRedoChanged, s.redoTextChanged, s.canRedo(), s.redoText()))
        for action, verb, can_changed, text_changed, can, text in pairs:
            def set_text(text: str, action: QAction = action, verb: str = verb) -> None:
                action.setText(f"&{verb} {text}".rstrip())

            set_text(text)
            action.setEnabled(can)
            text_changed.connect(set_text)
            can_changed.connect(action.setEnabled)

    # -- the document's saved state ----------------------------------------------------------

    def modified(self) -> bool:
        clean, now = self.stack.cleanIndex(), self.stack.index()
        if clean < 0:
            return True  # the saved state was undone past and replaced: it cannot come back
        lo, hi = sorted((clean, now))
        return any(w.command.modifies for w in self._pushed[lo:hi])

    def set_clean(self) -> None:
        """The document was saved (or opened): this is the state without changes."""
        self.stack.setClean()
        self._update_modified()

    def clear(self) -> None:
        """A new document: nothing to undo back to."""
        self.stack.clear()
        self._pushed.clear()
        self._update_modified()

    def _update_modified(self, *_args: object) -> None:
        try:
            modified = self.modified()
        except RuntimeError:  # the stack is being destroyed with its window
            return
        self.commands.session.modified = modified
