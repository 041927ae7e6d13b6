"""The main window: editor on the left, graph in the middle, panels on the right.

The window owns no state of its own: everything it shows is the Session's, and
every command calls a Session method (through the action registry). Its job is
wiring: Session events -> widgets, widget signals -> Session methods.

    Expression (dock, left) | graph (centre)          | Controls (dock, right)
    editor + problems line  | banners over GraphView  | Inspector / Step by step (tabs)
                            | Tangent plot (dock, bottom; created after the first paint)
"""

from __future__ import annotations

import html
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..engine import EngineError, Value
from ..engine.numbers import format_number
from ..errors import ExplorerError
from ..lang.errors import ParseError
from ..model.commands import Commands
from ..model.session import Session
from ..model.stepper import Kind
from . import help_dialogs, theme
from .actions import ActionRegistry
from .background_parse import BackgroundParse
from .binding import bind
from .controls import ControlsPanel, action_button
from .editor import ExpressionEditor
from .gradcheck_dialog import GradCheckDialog
from .graph_view import GraphView
from .inspector import Inspector
from .problems import ProblemsPanel
from .stepthrough import StepThroughPanel
from .undo import UndoStack
from .window_parts import Banner, LeafPopup, scrolling

if TYPE_CHECKING:  # imported when the plot is built, after the first paint (matplotlib is slow)
    from .plot_view import PlotPanel

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)

# The tangent plot's default room: its drawing at least this tall, the readout beside
# it this wide, and its other rows (dock title, range, the x and h sliders) this tall.
_PLOT_MIN_H = 260
_PLOT_READOUT_W = 360
_PLOT_ROWS_H = 150

def _preload_plotting() -> None:
    """Import the plot's Qt-free half (numpy, matplotlib) off the GUI thread."""
    try:
        importlib.import_module("explorer.viz.tangent_figure")
    except Exception:  # noqa: BLE001 - the GUI thread's import reports it properly
        log.exception("preloading the plot failed")


class MainWindow(QMainWindow):
    """The application window for one :class:`Session`."""

    #: The panels' arrangement; a saved layout of another version is not restored.
    LAYOUT_VERSION = 2

    firstPainted = Signal()  # the window has been drawn once (startup is over)

    def __init__(self, session: Session, commands: Commands, undo_stack: UndoStack,
                 actions: ActionRegistry, *, lazy_plot: bool = True):
        """The window's views for ``session``; ``commands`` are what its widgets send,
        ``undo_stack`` runs them, ``actions`` are the action table's QActions (their
        handlers and the menus come from :func:`explorer.ui.compose.build_window`)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gradient Explorer")
        self.session = session
        self.commands = commands
        self.undo_stack = undo_stack
        undo_stack.setParent(self)
        self.actions = actions
        actions.setParent(self)
        self.plot_panel: PlotPanel | None = None
        self._plot_pending = lazy_plot
        self._plot_loader: threading.Thread | None = None
        self._first_paint_done = False
        self._sized = False
        self._plot_room = True  # the plot dock has its full height (see _size_plot_dock)
        self._selecting_from_text = False  # the cursor chose the selection: leave the cursor be
        self.gradcheck_dialog: GradCheckDialog | None = None
        self.state_restored = False  # the user's own layout came back (restore_state)
        self.setDockNestingEnabled(True)
        self.setDocumentMode(False)

        self._build_central()
        self._build_docks()
        self._banner_buttons = {action_id: action_button(actions[action_id], wide=False)
                                for action_id in actions.panel_actions("banner")}
        for button in self._banner_buttons.values():
            self.accumulation_banner.add_button(button)
        self._build_status_bar()
        # Filled from the action table by the composition root, with the menus.
        self.toolbar = QToolBar("Toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self._show_initial_checks()

        self.leaf_popup = LeafPopup(self)
        self.leaf_popup.submitted.connect(
            lambda name, value: self.guard(self.commands.set_leaf, name, value))

        # Model -> view: each signal to the part of the window that shows it.
        ev = self.session.events
        bind(self, (ev.text, self._show_text), (ev.structure, self._show_structure),
             (ev.values, self._show_values), (ev.error, self._error_changed),
             (ev.selection, self._selection_changed), (ev.auto_forward, self._sync_settings),
             (ev.auto_backward, self._sync_settings), (ev.stepper, self._stepper_changed))
        # View -> model.
        self.parser = BackgroundParse(self)
        self.parser.finished.connect(self._text_read)
        self.editor.textSettled.connect(self._text_settled)
        self.editor.cursorMoved.connect(self._cursor_moved)
        self.problems.goto.connect(self.editor.goto_offset)
        self.graph_view.nodeClicked.connect(self._node_clicked)
        self.graph_view.nodeDoubleClicked.connect(self.edit_leaf)
        self.inspector.problem.connect(self.report)

        self.undo_stack.bind_actions(self.actions["undo"], self.actions["redo"])
        self.editor.set_initial_text(self.session.text)
        self._show_everything()
        if not lazy_plot:
            self._build_plot_panel()
        self.resize(1280, 800)
        self.editor.setFocus()

    def restore_state(self) -> bool:
        """Put the window and its panels back as the user left them (True if there was
        something to restore); call after every dock exists and before ``show()``."""
        self.state_restored = theme.restore_window_state(self, "main", self.LAYOUT_VERSION)
        return self.state_restored

    @property
    def menus(self) -> dict[str, QMenu]:
        """The menu bar's menus by key (empty until the composition root builds them)."""
        return self.actions.menus

    # -- building -----------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget()
        central.setObjectName("graphArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        # (The graph view marks a stale graph itself; the problems line says why.)
        self.accumulation_banner = Banner("accumulationBanner")
        layout.addWidget(self.accumulation_banner)
        self.graph_view = GraphView()
        self.graph_view.setObjectName("graphView")
        self.graph_view.setToolTip("Click a node to inspect it; double-click a leaf to change its value.")
        layout.addWidget(self.graph_view, 1)
        self.setCentralWidget(central)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, *,
              scroll: bool = False) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(scrolling(widget) if scroll else widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        # The stage is the graph and, under it, the tangent plot. The left column (the
        # text, the step settings) runs the full height; the right column (inspector,
        # step-through) is empty until a node is clicked or a step taken, so it stays
        # hidden until then and the graph has its width.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        editor_panel = QWidget()
        editor_layout = QVBoxLayout(editor_panel)
        editor_layout.setContentsMargins(6, 4, 6, 6)
        editor_layout.setSpacing(2)
        self.editor = ExpressionEditor()
        self.problems = ProblemsPanel()
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addWidget(self.problems)
        self.editor_dock = self._dock("Expression", "expressionDock", editor_panel,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)

        self.controls = ControlsPanel(self.commands, self.actions)
        self.controls_dock = self._dock("Controls", "controlsDock", self.controls,
                                        Qt.DockWidgetArea.LeftDockWidgetArea, scroll=True)
        self.inspector = Inspector(self.commands)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)

        # The plot panel imports matplotlib: built after the window has painted.
        self.plot_placeholder = QLabel("Loading the tangent plot…")
        self.plot_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot_dock = self._dock("Tangent plot", "plotDock", self.plot_placeholder,
                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        self.stepper_panel = StepThroughPanel(self.session, self.actions)
        self.stepper_dock = self._dock("Backprop step by step", "stepDock", self.stepper_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea, scroll=True)
        self.tabifyDockWidget(self.inspector_dock, self.stepper_dock)
        self._inspector_shown_once = False
        self.arrange_default_layout()

    def arrange_default_layout(self) -> None:
        """The panels where a new window puts them (View > Reset layout): text and step
        settings on the left, the plot under the graph, the inspector and step-through
        on the right, hidden until a node is clicked or a step-through starts."""
        left, right, bottom = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        for dock, area in ((self.editor_dock, left), (self.controls_dock, left), (self.plot_dock, bottom),
                           (self.inspector_dock, right), (self.stepper_dock, right)):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
        self.splitDockWidget(self.editor_dock, self.controls_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.inspector_dock, self.stepper_dock)
        for dock in (self.editor_dock, self.controls_dock, self.plot_dock):
            dock.show()
        self.inspector_dock.hide()
        self.stepper_dock.hide()
        self._inspector_shown_once = False

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_nodes = QLabel()
        self.status_nodes.setObjectName("statusNodes")
        self.status_output = QLabel()
        self.status_output.setObjectName("statusOutput")
        self.status_time = QLabel()
        self.status_time.setObjectName("statusTime")
        for w, sample in ((self.status_nodes, "99999 nodes"), (self.status_output, "output o = -0.000000"),
                          (self.status_time, "finish step-through: 999.9 ms")):
            w.setContentsMargins(8, 0, 8, 0)
            # Wide enough for its longest text, so the bar does not jump as numbers change.
            w.setMinimumWidth(w.fontMetrics().horizontalAdvance(sample) + 16)
            bar.addPermanentWidget(w)

    def _show_initial_checks(self) -> None:
        """Check marks for what is in force before any handler runs: left-to-right
        layout, and the theme chosen last time (setup_application applied it)."""
        for action_id in ("rank_lr", f"theme_{theme.theme_mode()}"):
            action = self.actions[action_id]
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)

    # -- the lazy plot panel --------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._first_paint_done:
            self._first_paint_done = True
            self.firstPainted.emit()
            if self._plot_pending:
                # After this paint reaches the screen: matplotlib's import must not delay it.
                QTimer.singleShot(30, self._create_plot_panel)

    def apply_default_sizes(self) -> None:
        """Split the window among the panels in proportion to its size: the graph gets
        the most; the tangent plot under it a real plot (its drawing area at least
        260 px tall, no wider than 3:1 beside its readout); the text column about a
        quarter of the width. (Skipped when the user's own arrangement was restored.)"""
        w, h = max(self.width(), 800), max(self.height(), 500)
        side = min(400, max(250, int(w * 0.24)))
        self.resizeDocks([self.editor_dock], [side], Qt.Orientation.Horizontal)
        # The plot's dock: its drawing area plus about 130 px of rows (title, range,
        # the x and h sliders); the drawing at least a third as tall as it is wide.
        plot_w = max(300, w - side - _PLOT_READOUT_W)
        plot_h = max(_PLOT_MIN_H, int(plot_w / 3))
        bottom = min(int(h * 0.49), plot_h + _PLOT_ROWS_H)
        if self.session.graph is not None and not self.session.plot_variables:
            bottom = 90  # nothing to plot: one line saying so, the graph has the rest
        self._plot_room = bottom != 90
        self.resizeDocks([self.plot_dock], [bottom], Qt.Orientation.Vertical)
        controls_h = min(self.controls.sizeHint().height() + 50, int(h * 0.45))
        self.resizeDocks([self.editor_dock, self.controls_dock], [h - controls_h, controls_h],
                         Qt.Orientation.Vertical)
        if not self.inspector_dock.isHidden() or not self.stepper_dock.isHidden():
            self.resizeDocks([self.inspector_dock], [min(380, max(280, int(w * 0.24)))],
                             Qt.Orientation.Horizontal)

    def reset_layout(self) -> None:
        """View > Reset layout: every panel back where a new window has it."""
        self.arrange_default_layout()
        self.apply_default_sizes()
        self.graph_view.fit(whole=False)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self.state_restored:
                self.apply_default_sizes()
            if self.session.graph is not None and not self.session.has_grads:
                self.statusBar().showMessage(
                    "Tip: press Backward (F6) to fill in every grad, then click a node to see "
                    "the chain rule that gave it.", 20000)
        if self._plot_pending and not self._first_paint_done:
            # Offscreen and some platforms never send a paint to the main window itself.
            QTimer.singleShot(200, self._create_plot_panel)

    def _create_plot_panel(self) -> None:
        """Build the tangent plot. matplotlib takes a second or more to import, so
        unless it is loaded already its import runs on a worker thread first
        (it touches no Qt object) and the window stays responsive meanwhile."""
        if self.plot_panel is not None or self._plot_loader is not None:
            return
        self._plot_pending = False
        if "explorer.viz.tangent_figure" in sys.modules:
            self._build_plot_panel()
            return
        loader = threading.Thread(target=_preload_plotting, name="preload-matplotlib", daemon=True)
        self._plot_loader = loader
        loader.start()
        self._plot_poll = QTimer(self)
        self._plot_poll.setInterval(40)
        self._plot_poll.timeout.connect(self._plot_loaded)
        self._plot_poll.start()

    def _plot_loaded(self) -> None:
        if self._plot_loader is not None and self._plot_loader.is_alive():
            return
        self._plot_poll.stop()
        self._build_plot_panel()

    def _build_plot_panel(self) -> None:
        if self.plot_panel is not None:
            return
        try:
            from .plot_view import PlotPanel

            panel = PlotPanel(self.commands, self)
        except ExplorerError as exc:
            self.plot_placeholder.setText(str(exc))
            return
        self.plot_panel = panel
        panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        # In a scroll area: on a small screen the plot scrolls rather than pushing
        # the window taller than the screen.
        self.plot_dock.setWidget(scrolling(panel))
        self.plot_placeholder.deleteLater()

    def current_plot_panel(self) -> PlotPanel | None:
        """The tangent plot, or None while it is still being built."""
        return self.plot_panel

    # -- commands --------------------------------------------------------------------------

    def report(self, exc: ExplorerError) -> None:
        """Every ExplorerError ends here: the problems line, never a traceback."""
        self.problems.show_error(str(exc), exc.start if isinstance(exc, ParseError) else None)
        self.statusBar().showMessage(str(exc), 8000)

    def _text_settled(self, text: str) -> None:
        """After a pause in typing the text is read on a worker thread (the window
        keeps drawing); a command's flush reads it at once."""
        if self.editor.by_pause and text != self.session.text:
            self.editor.awaiting = True
            self.parser.submit(text)
            return
        self.parser.cancel()
        self.editor.awaiting = False
        self.guard(self.commands.set_text, text)

    def _text_read(self, text: str, result: object) -> None:
        self.editor.awaiting = False
        if text == self.editor.toPlainText():
            self.guard(lambda: self.commands.set_text(text, parsed=result))

    def guard(self, fn: Callable[..., object], *args: object) -> None:
        """Run ``fn(*args)``; an ExplorerError goes to the problems line."""
        try:
            fn(*args)
        except ExplorerError as exc:
            self.report(exc)

    def run_command(self, fn: Callable[[], object]) -> None:
        """A button's command: the text typed so far counts first."""
        if self.editor.pending:
            self.editor.flush()
        fn()

    def walk(self, kind: Kind) -> None:
        """Step through forward or backprop one node (starting a walk if none is on)."""
        if self.editor.pending:
            self.editor.flush()
        self.session.step_through(kind)
        self._show_stepper_dock()

    def _show_stepper_dock(self) -> None:
        was_hidden = self.inspector_dock.isHidden() and self.stepper_dock.isHidden()
        self.stepper_dock.show()
        self.stepper_dock.raise_()
        if was_hidden:
            self.resizeDocks([self.stepper_dock], [min(380, max(280, int(self.width() * 0.24)))],
                             Qt.Orientation.Horizontal)

    def play(self, playing: bool) -> None:
        if playing:
            if self.editor.pending:
                self.editor.flush()
            self._show_stepper_dock()
        self.stepper_panel.set_playing(bool(playing))

    def focus_editor(self) -> None:
        self.editor_dock.show()
        self.editor_dock.raise_()
        self.editor.setFocus()

    def set_theme(self, mode: str) -> None:
        app = QApplication.instance()
        theme.apply_theme(app, mode)
        theme.save_theme_mode(mode)
        self._show_everything()

    def load_example(self, text: str, what: str = "Paste example") -> None:
        """Put an example in the editor as one undoable edit, and show it at once."""
        if self.editor.pending:
            self.editor.flush()
        self.guard(self.commands.replace_text, text, what)
        self.graph_view.fit()

    def edit_leaf(self, value: Value | None) -> None:
        """Double click on a leaf (or F2): a small box to type its new value."""
        s = self.session
        if value is None or s.graph is None:
            self.statusBar().showMessage("Select a leaf first (click it in the graph).", 5000)
            return
        if value is not s.selection:
            s.select(value)
        name = s.graph.name_of(value) if value.is_leaf else None
        if not value.is_leaf or name is None or s.program is None or name not in s.program.leaves:
            what = ("is computed from other values" if not value.is_leaf
                    else "is a number inside an expression")
            self.statusBar().showMessage(f"{s.name(value)} {what}: only named leaves can be set.", 6000)
            return
        pos = QCursor.pos()
        if not self.graph_view.rect().contains(self.graph_view.mapFromGlobal(pos)):
            pos = self.graph_view.mapToGlobal(self.graph_view.rect().center())
        self.leaf_popup.open_for(name, value.data, pos + QPoint(8, 8))

    def open_gradcheck(self) -> GradCheckDialog:
        if self.editor.pending:
            self.editor.flush()
        if self.session.graph is None:
            raise EngineError("There is no graph to check yet: type an expression first.")
        dialog = GradCheckDialog(self.commands, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.run()
        dialog.show()
        self.gradcheck_dialog = dialog
        return dialog

    def show_shortcuts(self) -> QDialog:
        """Help > Keyboard shortcuts: every shortcut of the action table."""
        return help_dialogs.show_shortcuts(self, self.actions.shortcut_table())

    # -- selection ---------------------------------------------------------------------------

    def _node_clicked(self, value: Value | None) -> None:
        self.session.select(value)
        if value is not None and not self._inspector_shown_once:
            # The inspector is empty until a node is clicked: it appears the first time.
            self._inspector_shown_once = True
            self.inspector_dock.show()
            self.inspector_dock.raise_()
            self.resizeDocks([self.inspector_dock], [min(380, max(280, int(self.width() * 0.24)))],
                             Qt.Orientation.Horizontal)

    def _cursor_moved(self, offset: int) -> None:
        # While typing, the graph still belongs to the old text: its offsets are wrong.
        if not self.editor.pending and self.editor.toPlainText() == self.session.text:
            self._selecting_from_text = True
            try:
                self.session.select_at(offset)
            finally:
                self._selecting_from_text = False

    # -- session events -> widgets -----------------------------------------------------------

    def _show_text(self, text: str) -> None:
        if self.editor.toPlainText() != text and not self.editor.pending:
            self.editor.apply_text(text)

    def _show_structure(self, _same_shape: bool = False) -> None:
        s = self.session
        self.graph_view.set_graph(s.graph, s.has_grads)
        self._show_notes()
        self._update_enabled()
        self._size_plot_dock()

    def _size_plot_dock(self) -> None:
        """A text with nothing to plot (a network's loss) gives the plot one line, and
        the graph the rest; a plottable one gets the plot its room back."""
        plottable = bool(self.session.plot_variables) if self.session.graph is not None else True
        if plottable == self._plot_room or self.plot_dock.isHidden() or not self._sized:
            self._plot_room = plottable
            return
        self._plot_room = plottable
        if plottable:
            self.apply_default_sizes()
        else:
            self.resizeDocks([self.plot_dock], [90], Qt.Orientation.Vertical)

    def _show_values(self, _=None) -> None:
        self.graph_view.refresh_values(self.session.has_grads)
        self._show_status()
        self._show_banners()

    def _error_changed(self, _error=None) -> None:
        self._show_error()
        self._update_enabled()

    def _selection_changed(self, _value=None) -> None:
        self._show_selection()
        self._update_enabled()

    def _stepper_changed(self, _stepper=None) -> None:
        self._show_stepper()
        self._update_enabled()

    def _update_enabled(self) -> None:
        """Commands that cannot do anything now are greyed, never silently dead."""
        s = self.session
        has_graph = s.graph is not None
        for action_id in ("forward", "backward", "zero_grad", "step", "reset_values", "gradcheck",
                          "walk_backward", "walk_forward", "walk_play"):
            self.actions[action_id].setEnabled(has_graph)
        walking = s.stepper is not None and not s.stepper.done
        self.actions["walk_finish"].setEnabled(walking)
        self.actions["walk_stop"].setEnabled(s.stepper is not None)
        value = s.selection
        settable = (has_graph and value is not None and value.is_leaf and s.program is not None
                    and s.graph.name_of(value) in s.program.leaves)
        self.actions["edit_value"].setEnabled(bool(settable))

    def _show_everything(self) -> None:
        s = self.session
        if s.graph is not None:
            self.graph_view.set_graph(s.graph, s.has_grads)
        self._show_notes()
        self._show_error()
        self._show_selection()
        self._show_status()
        self._show_banners()
        self._sync_settings()
        self._update_enabled()

    def _show_notes(self) -> None:
        program = self.session.program
        notes = list(program.notes) if program is not None and not self.session.stale else []
        self.editor.set_notes([(n.span.start, n.span.end, n.message) for n in notes])
        self.problems.set_notes([(n.span.line, n.span.start, n.message) for n in notes])

    def _show_error(self) -> None:
        s = self.session
        err = s.error
        self.graph_view.set_stale(s.stale)
        if err is None:
            self.editor.set_error(None, None)
            n = len(s.graph.nodes) if s.graph is not None else 0
            self.problems.show_ok("" if n else "Type an expression to see its graph.")
            return
        located = isinstance(err, ParseError)  # only a parse error points at a place in the text
        if s.stale and located:
            self.editor.set_error(err.start, err.end, str(err))
        else:
            self.editor.set_error(None, None)
        self.problems.show_error(str(err), err.start if located else None)

    def _show_selection(self) -> None:
        s = self.session
        value = s.selection
        self.graph_view.set_selected(value)
        span = s.graph.span(value) if value is not None and s.graph is not None and not s.stale else None
        # The cursor chose this node: leave it where the user put it.
        self.editor.show_span((span.start, span.end) if span is not None else None,
                              move_cursor=not self._selecting_from_text)
        if value is not None and not self.inspector_dock.isHidden():
            self.inspector_dock.raise_()

    def _show_status(self) -> None:
        s = self.session
        graph = s.graph
        if graph is None:
            self.status_nodes.setText("no graph")
            self.status_output.setText("")
        else:
            self.status_nodes.setText(f"{len(graph.nodes)} nodes")
            root = graph.root
            self.status_output.setText(f"output {s.name(root)} = {format_number(root.data)}")
        if s.last_action is not None:
            what, seconds = s.last_action
            self.status_time.setText(f"{what}: {seconds * 1000:.1f} ms")

    def _show_banners(self) -> None:
        s = self.session
        message = s.accumulation_message
        # Its buttons are the table's "banner" actions: the one that clears the trouble shows.
        self._banner_buttons["zero_grad"].setVisible(bool(message))
        self._banner_buttons["forward"].setVisible(not message and s.values_stale)
        if message:
            self.accumulation_banner.show_message(html.escape(message))
        elif s.values_stale:
            self.accumulation_banner.show_message(
                "A leaf changed but Auto forward is off: the values after it are out of date. "
                "Press Forward to recompute them.")
        else:
            self.accumulation_banner.hide()

    def _sync_settings(self, _value: object = None) -> None:
        """Menu check marks and the panel's check boxes follow the session (no echo back)."""
        s = self.session
        pairs = ((self.actions["auto_forward"], self.controls.auto_forward, s.auto_forward),
                 (self.actions["auto_backward"], self.controls.auto_backward, s.auto_backward))
        for action, box, on in pairs:
            for widget in (action, box):
                widget.blockSignals(True)
                widget.setChecked(on)
                widget.blockSignals(False)

    def _show_stepper(self) -> None:
        s = self.session
        stepper = s.stepper
        step = stepper.current if stepper is not None else None
        if step is None:
            # (A finished walk keeps its last step lit until the next command.)
            self.graph_view.highlight_step(None, [])
        else:
            self.graph_view.highlight_step(step.node, step.edges)
        # Part-way through backprop the grads are real but partial: show the numbers of
        # the values the gradient has reached, the dash of "not computed yet" elsewhere.
        walking_back = stepper is not None and stepper.kind == "backward" and not stepper.done
        self.graph_view.refresh_values(s.has_grads or walking_back, stepper.reached if walking_back else None)
        self._show_status()

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stepper_panel.set_playing(False)
        try:
            theme.save_window_state(self, "main", self.LAYOUT_VERSION)
        except Exception:  # noqa: BLE001 - never block closing on a settings problem
            log.exception("could not save the window state")
        super().closeEvent(event)
