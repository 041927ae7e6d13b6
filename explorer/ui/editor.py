"""The expression editor: a code editor that parses as you type.

* Typing starts a short timer (:data:`DEBOUNCE_MS`); when it runs out the text is
  handed on (``textSettled``), so the graph follows the text without re-parsing
  on every key.
* A parse error underlines its span with a wavy line and marks its line in the
  gutter; lines the parser skipped (``Program.notes``) get a quiet mark whose
  tooltip says why.
* Text written by the program (a leaf's value changed in the inspector) arrives
  through :meth:`ExpressionEditor.apply_text` as one ordinary edit, so Ctrl+Z
  undoes it like anything typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRect, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPainter,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from .theme import colors

__all__ = ["ExpressionEditor", "DEBOUNCE_MS", "editor_font"]

# Long enough that a word typed at normal speed parses once, short enough to feel live.
DEBOUNCE_MS = 150


def editor_font(point_size: float | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    if point_size:
        font.setPointSizeF(point_size)
    return font


class _Highlighter(QSyntaxHighlighter):
    """Quiet colours for Python-like text: comments, numbers, strings, keywords."""

    def __init__(self, document, dark: bool):
        super().__init__(document)
        c = colors(dark)
        self._rules: list[tuple[QRegularExpression, QTextCharFormat]] = []

        def rule(pattern: str, color: str, bold: bool = False, italic: bool = False) -> None:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(color))
            if bold:
                fmt.setFontWeight(QFont.Weight.DemiBold)
            fmt.setFontItalic(italic)
            self._rules.append((QRegularExpression(pattern), fmt))

        rule(r"\b(def|return|lambda|import|from|as|for|in|if|else|print)\b", c["keyword"], bold=True)
        rule(r"\b(Value|math|np)\b", c["builtin"])
        rule(r"\.(tanh|exp|log|relu|sigmoid|backward|label|data|grad)\b", c["builtin"])
        rule(r"(?<![\w.])[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\b", c["number"])
        rule(r"'[^'\n]*'|\"[^\"\n]*\"", c["string"])
        rule(r"#[^\n]*", c["comment"], italic=True)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for pattern, fmt in self._rules:
            it = pattern.globalMatch(text)
            while it.hasNext():
                m = it.next()
                self.setFormat(m.capturedStart(), m.capturedLength(), fmt)


class _Gutter(QWidget):
    """Line numbers, with a mark on the error's line and on skipped lines."""

    def __init__(self, editor: ExpressionEditor):
        super().__init__(editor)
        self._editor = editor
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802
        self._editor.paint_gutter(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        text = self._editor.gutter_tip(event.position().y())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()


class ExpressionEditor(QPlainTextEdit):
    """The text of the expression. Emits ``textSettled(text)`` after a pause in
    typing and ``cursorMoved(offset)`` when the user moves the cursor."""

    textSettled = Signal(str)
    cursorMoved = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("expressionEditor")
        self._gutter = _Gutter(self)  # before setFont: its FontChange resizes the gutter
        self.setFont(editor_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setPlaceholderText("Type an expression, e.g.\n\na = 2.0\nb = -3.0\nL = a*b + 10\n\n"
                                "or paste a cell of the lecture's notebook.")
        self.setToolTip("")
        self._dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self._highlighter = _Highlighter(self.document(), self._dark)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._pause)
        self.by_pause = False  # True while textSettled reports a pause in typing
        # Set by the receiver while it reads handed-on text in the background, so
        # that ``pending`` (and a command's flush) still sees it.
        self.awaiting = False
        self._applying = False  # text being written by the program, not typed
        self._moving = False  # cursor being moved by the program
        self._error: tuple[int, int, str] | None = None
        self._error_line: int | None = None
        self._notes: dict[int, list[str]] = {}  # 0-based line -> messages
        self._note_spans: list[tuple[int, int]] = []
        self._span: tuple[int, int] | None = None  # the selected node's text
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()
        self.textChanged.connect(self._on_text_changed)
        self.cursorPositionChanged.connect(self._on_cursor)
        # The window has one undo stack for every change, typing included: the
        # text box's own would undo text behind the graph's back.
        self.setUndoRedoEnabled(False)

    def event(self, event) -> bool:  # noqa: D102 - Qt override
        # Let Ctrl+Z / Ctrl+Shift+Z reach the window's Undo / Redo, which a text
        # box would otherwise claim for itself.
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return False
        return super().event(event)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            # Larger digits (presentation mode) need a wider gutter, or they run into the text.
            self._update_gutter_width()
            cr = self.contentsRect()
            self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))
        if event.type() == event.Type.PaletteChange:
            # Light <-> dark: new syntax colours and marks.
            dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
            if dark != self._dark:
                self._dark = dark
                self._highlighter.setDocument(None)
                self._highlighter = _Highlighter(self.document(), dark)
                self._refresh_selections()
                self._gutter.update()

    # -- text in and out -----------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """Typed text that has not been handed on yet, or is still being read (see
        :attr:`awaiting`)."""
        return self._timer.isActive() or self.awaiting

    def flush(self) -> None:
        """Hand the text on now (before a command that must see what was typed)."""
        self._timer.stop()
        self.awaiting = False
        self.textSettled.emit(self.toPlainText())

    def _pause(self) -> None:
        # A pause in typing: receivers may read the text in the background
        # (``by_pause`` is True while they are told), unlike flush(), after which a
        # command needs the result at once.
        self.by_pause = True
        try:
            self.flush()
        finally:
            self.by_pause = False

    def _on_text_changed(self) -> None:
        if self._applying:
            return
        self._timer.start()

    def set_initial_text(self, text: str) -> None:
        """The first text of a document: not an undoable edit, nothing to undo to."""
        self._applying = True
        try:
            self.setPlainText(text)
        finally:
            self._applying = False
        self.document().clearUndoRedoStacks()

    def apply_text(self, text: str) -> None:
        """Make the editor show ``text`` with the smallest edit, as one undoable step,
        keeping the cursor where it was when it is outside the changed part."""
        old = self.toPlainText()
        if old == text:
            return
        start = 0
        limit = min(len(old), len(text))
        while start < limit and old[start] == text[start]:
            start += 1
        end_old, end_new = len(old), len(text)
        while end_old > start and end_new > start and old[end_old - 1] == text[end_new - 1]:
            end_old -= 1
            end_new -= 1
        # QTextCursor counts UTF-16 code units; Python counts code points.
        q_start, q_end = _utf16(old, start), _utf16(old, end_old)
        cursor = QTextCursor(self.document())
        # textChanged arrives when the edit block ends: keep the guard up until then,
        # so text the program wrote is not handed back to it as if typed.
        self._applying = True
        try:
            cursor.beginEditBlock()
            cursor.setPosition(q_start)
            cursor.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text[start:end_new])
            cursor.endEditBlock()
        finally:
            self._applying = False

    # -- what the program shows in the text ---------------------------------------------

    def set_error(self, start: int | None, end: int | None, message: str = "") -> None:
        """Underline ``[start, end)`` (code points) with a wavy line; None clears it."""
        if start is None:
            self._error = None
            self._error_line = None
        else:
            text = self.toPlainText()
            start = max(0, min(start, len(text)))
            end = max(start, min(end if end is not None else start, len(text)))
            if end == start:
                # An empty span (end of text, a missing bracket): underline the
                # character before it, or the one after, so there is something to see.
                if start < len(text) and text[start] != "\n":
                    end = start + 1
                elif start > 0:
                    start -= 1
            self._error = (start, end, message)
            self._error_line = text.count("\n", 0, start)
        self._refresh_selections()
        self._gutter.update()

    def set_notes(self, notes: list[tuple[int, int, str]]) -> None:
        """Lines the parser skipped or only partly understood: (start, end, message)."""
        text = self.toPlainText()
        self._notes = {}
        self._note_spans = []
        for start, end, message in notes:
            line = text.count("\n", 0, max(0, min(start, len(text))))
            self._notes.setdefault(line, []).append(message)
            self._note_spans.append((start, end))
        self._refresh_selections()
        self._gutter.update()

    def show_span(self, span: tuple[int, int] | None, *, move_cursor: bool = True) -> None:
        """Highlight the selected node's text; select it and scroll to it unless
        the cursor is already inside it (the user put it there)."""
        self._span = span
        if span is not None and move_cursor:
            cursor = self.textCursor()
            text = self.toPlainText()
            q_start, q_end = _utf16(text, span[0]), _utf16(text, span[1])
            inside = q_start <= cursor.position() <= q_end
            if not inside:
                cursor.setPosition(q_start)
                cursor.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
                self._moving = True
                try:
                    self.setTextCursor(cursor)
                    self.ensureCursorVisible()
                finally:
                    self._moving = False
        self._refresh_selections()

    def _refresh_selections(self) -> None:
        c = colors(self._dark)
        text = self.toPlainText()
        selections = []
        for start, end in self._note_spans:
            sel = QTextEdit.ExtraSelection()
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            sel.format.setUnderlineColor(QColor(c["note"]))
            sel.cursor = self._cursor(text, start, end)
            selections.append(sel)
        if self._span is not None:
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor(c["span"]))
            sel.cursor = self._cursor(text, *self._span)
            selections.append(sel)
        if self._error is not None:
            line = QTextEdit.ExtraSelection()
            line.format.setBackground(QColor(c["error_line"]))
            line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            line.cursor = self._cursor(text, self._error[0], self._error[0])
            selections.append(line)
            sel = QTextEdit.ExtraSelection()
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            sel.format.setUnderlineColor(QColor(c["error"]))
            sel.format.setToolTip(self._error[2])
            sel.cursor = self._cursor(text, self._error[0], self._error[1])
            selections.append(sel)
        self.setExtraSelections(selections)

    def _cursor(self, text: str, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        n = len(text)
        cursor.setPosition(_utf16(text, max(0, min(start, n))))
        cursor.setPosition(_utf16(text, max(0, min(end, n))), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def error_span(self) -> tuple[int, int] | None:
        return (self._error[0], self._error[1]) if self._error else None

    def goto_offset(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(_utf16(self.toPlainText(), offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def cursor_offset(self) -> int:
        """The cursor's position in code points (what the parser's offsets count)."""
        return _code_points(self.toPlainText(), self.textCursor().position())

    def _on_cursor(self) -> None:
        if self._moving or self._applying:
            return
        self.cursorMoved.emit(self.cursor_offset())

    def viewportEvent(self, event) -> bool:  # noqa: N802
        # Tooltips on the error and on skipped lines, where the mouse is (the text
        # area is the viewport, so its events arrive here, in its coordinates).
        if event.type() == event.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            offset = _code_points(self.toPlainText(), cursor.position())
            tip = self._tip_at(offset)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tip_at(self, offset: int) -> str:
        if self._error and self._error[0] <= offset <= max(self._error[1], self._error[0] + 1):
            return self._error[2]
        line = self.toPlainText().count("\n", 0, offset)
        return "\n".join(self._notes.get(line, []))

    # -- the gutter ------------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _update_gutter_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event) -> None:
        c = colors(self._dark)
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        width = self._gutter.width()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                if number == self._error_line:
                    painter.setBrush(QColor(c["error"]))
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.drawEllipse(3, top + height // 2 - 3, 6, 6)
                elif number in self._notes:
                    painter.setBrush(QColor(c["note"]))
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.drawEllipse(3, top + height // 2 - 3, 6, 6)
                painter.setPen(muted)
                painter.drawText(0, top, width - 4, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    def gutter_tip(self, y: float) -> str:
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid():
            bottom = top + self.blockBoundingRect(block).height()
            if top <= y < bottom:
                line = block.blockNumber()
                if line == self._error_line and self._error:
                    return self._error[2]
                return "\n".join(self._notes.get(line, []))
            block = block.next()
            top = bottom
        return ""


_NON_BMP = re.compile("[\U00010000-\U0010ffff]")


def _utf16(text: str, offset: int) -> int:
    """Code-point offset -> QTextCursor position (UTF-16 units: astral characters count twice)."""
    return offset + len(_NON_BMP.findall(text, 0, offset))


def _code_points(text: str, position: int) -> int:
    """QTextCursor position (UTF-16 units) -> code-point offset."""
    if not _NON_BMP.search(text):
        return position
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)
