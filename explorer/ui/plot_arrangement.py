"""How the tangent plot panel lays itself out in the room its dock gives it (a part
of :class:`~explorer.ui.plot_view.PlotPanel`).

The dock scrolls (so a panel's minimum size never sets the window's), which means
the panel's own width says little: it is never narrower than its minimum. The room
is the scroll area's: at 1024 px with the step-through open the plot gets under
500 px, and the panel then gives the readouts short names and moves the toolbar
over them instead of scrolling sideways, where the numbers would be out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QBoxLayout, QLabel, QSizePolicy, QWidget

__all__ = ["Arrangement", "Note", "WIDE_PX"]

#: From this width on the panel is one wide row: plot, then readouts with long names.
WIDE_PX = 760


class Arrangement:
    """PlotPanel's layout by the room it has (a mixin; needs ``body``, ``top_bar``,
    ``_top``, ``toolbar``, ``readout_panel`` and ``_readout_side``)."""

    _watching = False  # the scroll area's viewport is filtered (installed once, on the first show)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        area = self._scroll_viewport()
        if area is not None and not self._watching:
            self._watching = True
            area.installEventFilter(self)  # the room we have is the scroll area's, not our own size
        self._arrange()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self._scroll_viewport():
            self._arrange()
        return super().eventFilter(watched, event)

    def _scroll_viewport(self) -> QWidget | None:
        parent = self.parentWidget()
        area = parent.parentWidget() if parent is not None else None
        return parent if isinstance(area, QAbstractScrollArea) and parent is area.viewport() else None

    def _arrange(self) -> None:
        """Fit the room the dock gives (a 1024-px window with the step-through open
        leaves the plot under 500 px): the readouts beside the plot unless the room
        is tall, with short names when narrow, and the toolbar over the readouts
        when the range row has no room for it. Nothing then scrolls sideways."""
        viewport = self._scroll_viewport()
        room = viewport.width() if viewport is not None else self.width()
        height = viewport.height() if viewport is not None else self.height()
        beside = room >= WIDE_PX or room > 1.2 * height
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        compact = beside and room < WIDE_PX
        changed = self.body.direction() != direction or self.readout_panel.compact != compact
        if self.body.direction() != direction:
            self.body.setDirection(direction)
        self.readout_panel.set_compact(compact)
        in_top = self._top.indexOf(self.toolbar) >= 0
        row = self.top_bar.sizeHint().width() + (0 if in_top else self.toolbar.sizeHint().width() + 6)
        if in_top and room < row:
            self._top.removeWidget(self.toolbar)
            self._readout_side.insertWidget(0, self.toolbar, 0, Qt.AlignmentFlag.AlignRight)
            changed = True
        elif not in_top and room >= row:
            self._readout_side.removeWidget(self.toolbar)
            self._top.addWidget(self.toolbar)
            changed = True
        if changed:
            # Now, not at the next pass of the event loop: the scroll area sizes the
            # panel from its minimum, which these changes just moved.
            self.readout_panel.updateGeometry()
            self.layout().activate()


class Note(QLabel):
    """A sentence under the plot (round-off, a coarse h), wrapped to the panel's width.

    It takes the lines it needs as its minimum height, but tells the layout it has no
    height-for-width: a layout that has one makes the dock's scroll area size the
    panel by its preferred height for the width (the drawing's 400 px), and at
    1024x768 the round-off note, appearing as h went below 1e-8, sent the sliders
    out of the dock's sight."""

    def __init__(self, text: str = ""):
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._fit()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        needed = max(line, self.heightForWidth(max(self.width(), 1))) if self.text() else line
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
