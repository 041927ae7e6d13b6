"""The problems line under the editor: the error, in one sentence, and the notes.

A parse error reads ``line 3, col 5: ...``; clicking it puts the cursor there.
Notes are the lines the parser skipped or read in its own way (``print(L)``,
``plt.plot(...)``): a short list in a quieter colour, each clickable too. Any
other ExplorerError the window meets (a value that cannot be computed, a bad
number typed in a box) is shown here as well, so nothing needs a dialog.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .accents import accents

__all__ = ["ProblemsPanel", "MAX_ROWS"]

#: The notes list shows this many notes whole, in at most MAX_LINES lines; more scroll.
MAX_ROWS = 4
MAX_LINES = 8


class ProblemsPanel(QWidget):
    """``goto(offset)`` is emitted when a problem or a note is clicked."""

    goto = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problems")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        self.line = QLabel()
        self.line.setObjectName("problemLine")
        self.line.setWordWrap(True)
        self.line.setTextFormat(Qt.TextFormat.RichText)
        self.line.setCursor(Qt.CursorShape.PointingHandCursor)
        self.line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.line.mousePressEvent = self._line_clicked  # a click jumps to the error
        layout.addWidget(self.line)
        self.notes = QListWidget()
        self.notes.setObjectName("notesList")
        self.notes.setToolTip("Lines that were skipped or read in a special way. Click one to go there.")
        self.notes.setAlternatingRowColors(False)
        # A long note wraps onto more lines rather than scrolling sideways: the editor's
        # own horizontal scroll bar sits just above, and two of them squeezed the list
        # to a sliver. The list is as tall as its first few notes (see _fit_notes).
        self.notes.setWordWrap(True)
        self.notes.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes.setResizeMode(QListView.ResizeMode.Adjust)
        self.notes.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.notes.viewport().installEventFilter(self)
        self.notes.itemActivated.connect(self._note_clicked)
        self.notes.itemClicked.connect(self._note_clicked)
        layout.addWidget(self.notes)
        self._offset: int | None = None
        self.message = ""
        self.show_ok("")
        self.set_notes([])

    # -- the error line ----------------------------------------------------------------

    def show_error(self, message: str, offset: int | None = None) -> None:
        c = accents(self)
        self.message = message
        self._offset = offset
        where = " Click to go there." if offset is not None else ""
        self.line.setText(f"<span style='color:{c['error']}'>&#x2716; {html.escape(message)}</span>")
        self.line.setToolTip(f"{message}{where}")
        self.line.setVisible(True)

    def show_ok(self, message: str) -> None:
        """No problem: a quiet status (or nothing)."""
        self.message = ""
        self._offset = None
        c = accents(self)
        self.line.setText(f"<span style='color:{c['comment']}'>{html.escape(message)}</span>")
        self.line.setToolTip("")
        self.line.setVisible(bool(message))

    def _line_clicked(self, event) -> None:
        if self._offset is not None:
            self.goto.emit(self._offset)

    # -- notes -------------------------------------------------------------------------

    def set_notes(self, notes: list[tuple[int, int, str]]) -> None:
        """(line number, offset, message) per note."""
        self.notes.clear()
        for line, offset, message in notes:
            item = QListWidgetItem(f"line {line}: {message}")
            item.setData(Qt.ItemDataRole.UserRole, offset)
            item.setToolTip(message)
            item.setForeground(self.palette().placeholderText())
            self.notes.addItem(item)
        self.notes.setVisible(bool(notes))
        self._fit_notes()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.notes.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_notes()  # a narrower list wraps its notes onto more lines
        return super().eventFilter(watched, event)

    def _fit_notes(self) -> None:
        """Make the list as tall as its first MAX_ROWS notes, wrapped as shown (at most
        MAX_LINES lines: the editor above needs the room more)."""
        count = self.notes.count()
        if not count:
            return
        self.notes.doItemsLayout()
        rows = sum(max(self.notes.visualItemRect(self.notes.item(i)).height(), self.notes.sizeHintForRow(i))
                   for i in range(min(count, MAX_ROWS)))
        rows = min(rows, MAX_LINES * self.notes.fontMetrics().lineSpacing() + 4)
        height = rows + 2 * self.notes.frameWidth() + 2
        if height != self.notes.height():
            self.notes.setFixedHeight(height)

    def _note_clicked(self, item: QListWidgetItem) -> None:
        offset = item.data(Qt.ItemDataRole.UserRole)
        if offset is not None:
            self.goto.emit(int(offset))
