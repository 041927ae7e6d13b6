"""Where the main window's panels go: the arrangement a new window has (and View >
Reset layout brings back), their sizes in proportion to the window, and the panels
that appear the first time they have something to show.

    Expression (left)  | graph (centre)              | Inspector / Step by step (right,
    Controls (left)    | Tangent plot (bottom)       |   tabs, hidden until needed)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ..model.session import Session

__all__ = ["PanelLayout"]

# The tangent plot's default room: its drawing at least this tall, the readout beside
# it this wide, and its other rows (dock title, range, the x and h sliders) this tall.
_PLOT_MIN_H = 260
_PLOT_READOUT_W = 360
_PLOT_ROWS_H = 150
_NOTHING_TO_PLOT_H = 90  # one line saying so: the graph has the rest
# Below this window height (a 1366x768 or 1024x768 laptop) the plot's drawing gets just
# this much, its axes still about 140 px tall, so that the graph has the height the
# lecture's neuron needs to be shown whole at the readable text size.
_SHORT_WINDOW_H = 850
_SHORT_PLOT_H = 200

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


class PanelLayout:
    """The docks of ``window`` and how they share its room."""

    def __init__(self, window: QMainWindow, session: Session, *, editor: QDockWidget, controls: QDockWidget,
                 controls_panel: QWidget, inspector: QDockWidget, stepper: QDockWidget, plot: QDockWidget):
        self.window = window
        self.session = session
        self.editor, self.controls, self.controls_panel = editor, controls, controls_panel
        self.inspector, self.stepper, self.plot = inspector, stepper, plot
        self.inspector_shown_once = False  # the inspector appears by itself only once
        self.plot_room = True  # the plot has its full height (not one line)
        # The stage is the graph and, under it, the tangent plot. The left column (the
        # text, the step settings) runs the full height; the right column (inspector,
        # step-through) is empty until a node is clicked or a step taken, so it stays
        # hidden until then and the graph has its width.
        for corner, area in ((Qt.Corner.BottomLeftCorner, LEFT), (Qt.Corner.TopLeftCorner, LEFT),
                             (Qt.Corner.BottomRightCorner, RIGHT), (Qt.Corner.TopRightCorner, RIGHT)):
            window.setCorner(corner, area)

    def arrange_default(self) -> None:
        """The panels where a new window puts them (View > Reset layout): text and step
        settings on the left, the plot under the graph, the inspector and step-through
        on the right, hidden until a node is clicked or a step-through starts."""
        w = self.window
        for dock, area in ((self.editor, LEFT), (self.controls, LEFT), (self.plot, BOTTOM),
                           (self.inspector, RIGHT), (self.stepper, RIGHT)):
            dock.setFloating(False)
            w.addDockWidget(area, dock)
        w.splitDockWidget(self.editor, self.controls, Qt.Orientation.Vertical)
        w.tabifyDockWidget(self.inspector, self.stepper)
        for dock in (self.editor, self.controls, self.plot):
            dock.show()
        self.inspector.hide()
        self.stepper.hide()
        self.inspector_shown_once = False

    def apply_default_sizes(self) -> None:
        """Split the window among the panels in proportion to its size: the graph gets
        the most; the tangent plot under it a real plot (its drawing area at least
        260 px tall, no wider than 3:1 beside its readout; 200 px on a window under
        850 px tall, where the graph needs the height); the text column about a
        quarter of the width. (Skipped when the user's own arrangement was restored.)"""
        self.size_plot_default(self.size_text_column())
        if not self.inspector.isHidden() or not self.stepper.isHidden():
            self._size_right_column()

    def size_text_column(self) -> int:
        """The text and step-settings column: about a quarter of the width, and wide and
        tall enough for the settings at the text size now (presentation mode or not);
        returns its width."""
        win = self.window
        w, h = max(win.width(), 800), max(win.height(), 500)
        # Wide enough for the step settings side by side with their labels (at 1024 px
        # they were cut by a scrollbar, and scrolled both ways).
        settings_w = self.controls_panel.sizeHint().width() + 4
        side = min(400, max(250, int(w * 0.24), settings_w))
        win.resizeDocks([self.editor], [side], Qt.Orientation.Horizontal)
        controls_h = min(self.controls_panel.sizeHint().height() + 50, int(h * 0.45))
        # Shared out of the column's own height once it has one (Qt scales the sizes
        # asked for to it: the Controls came out shorter than their text and scrolled).
        column = self.editor.height() + self.controls.height() if self.editor.isVisible() else 0
        column = column if column > controls_h else h
        win.resizeDocks([self.editor, self.controls], [column - controls_h, controls_h],
                        Qt.Orientation.Vertical)
        return side

    def size_plot_default(self, side: int | None = None) -> None:
        """The tangent plot's default height (``side``: the text column's width)."""
        win = self.window
        w, h = max(win.width(), 800), max(win.height(), 500)
        if side is None:
            side = self.editor.width() if not self.editor.isHidden() else 0
        # The plot's dock: its drawing area plus about 130 px of rows (title, range,
        # the x and h sliders); the drawing at least a third as tall as it is wide.
        plot_w = max(300, w - side - _PLOT_READOUT_W)
        plot_h = max(_PLOT_MIN_H, int(plot_w / 3)) if h >= _SHORT_WINDOW_H else _SHORT_PLOT_H
        bottom = min(int(h * 0.49), plot_h + _PLOT_ROWS_H)
        if self.session.graph is not None and not self.session.plot_variables:
            bottom = _NOTHING_TO_PLOT_H
        self.plot_room = bottom != _NOTHING_TO_PLOT_H
        win.resizeDocks([self.plot], [bottom], Qt.Orientation.Vertical)

    def size_plot(self, window_sized: bool = True) -> None:
        """A text with nothing to plot (a network's loss) gives the plot one line, and
        the graph the rest; a plottable one gets the plot its room back. (Before the
        window has its size, apply_default_sizes will do it.)"""
        plottable = bool(self.session.plot_variables) if self.session.graph is not None else True
        if plottable == self.plot_room or self.plot.isHidden() or not window_sized:
            self.plot_room = plottable
            return
        self.plot_room = plottable
        if plottable:
            self.plot.raise_()  # in front of the Training lab the last text opened
            self.apply_default_sizes()
        else:
            self.window.resizeDocks([self.plot], [_NOTHING_TO_PLOT_H], Qt.Orientation.Vertical)

    def reveal_stepper(self) -> None:
        """Show the step-through (a walk started), with room if the column was hidden."""
        was_hidden = self.inspector.isHidden() and self.stepper.isHidden()
        self.stepper.show()
        self.stepper.raise_()
        if was_hidden:
            self._size_right_column(self.stepper)

    def reveal_inspector_once(self) -> None:
        """The inspector is empty until a node is clicked: it appears the first time."""
        if self.inspector_shown_once:
            return
        self.inspector_shown_once = True
        self.inspector.show()
        self.inspector.raise_()
        self._size_right_column()

    def _size_right_column(self, dock: QDockWidget | None = None) -> None:
        width = min(380, max(280, int(self.window.width() * 0.24)))
        self.window.resizeDocks([dock or self.inspector], [width], Qt.Orientation.Horizontal)
