"""The main window: editor on the left, graph in the middle, panels on the right.

The window owns no state of its own: everything it shows is the Session's, and
every command calls a Session method (through a Command, so Undo can take it back).
Its job is wiring: Session events -> widgets, widget signals -> commands. It is
built by :func:`explorer.ui.compose.build_window`, which also binds the action
table's handlers and builds the menus; where the panels go is
:mod:`explorer.ui.panel_layout`'s, the lazily built plot :mod:`explorer.ui.plot_loader`'s.

    Expression (dock, left) | graph (centre)          | Controls (dock, right)
    editor + problems line  | banners over GraphView  | Inspector / Step by step (tabs)
                            | Tangent plot (dock, bottom; created after the first paint)
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..engine import EngineError, Value
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
from .panel_layout import PanelLayout
from .plot_loader import PlotLoader
from .problems import ProblemsPanel
from .status_line import StatusLine
from .stepthrough import StepThroughPanel
from .undo import UndoStack
from .window_parts import Banner, LeafPopup, scrolling

if TYPE_CHECKING:  # imported when the plot is built, after the first paint (matplotlib is slow)
    from .plot_view import PlotPanel

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)

#: The first move, in the status bar while the graph has no grads yet.
BACKWARD_TIP = ("Tip: press Backward (F6) to fill in every grad, then click a node to see the chain rule "
                "that gave it.")


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
        self._first_paint_done = False
        self._sized = False
        self._selecting_from_text = False  # the cursor chose the selection: leave the cursor be
        self.gradcheck_dialog: GradCheckDialog | None = None
        self.state_restored = False  # the user's own layout came back (restore_state)
        self.setDockNestingEnabled(True)
        self.setDocumentMode(False)

        self._build_central()
        self._build_docks()
        self.plot_loader = PlotLoader(commands, self.plot_dock, self.show_message, self, lazy=lazy_plot,
                                      actions=actions)
        self._banner_buttons = {action_id: action_button(actions[action_id], wide=False)
                                for action_id in actions.panel_actions("banner")}
        for button in self._banner_buttons.values():
            self.accumulation_banner.add_button(button)
        self.status_line = StatusLine(self.statusBar())
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
             (ev.auto_backward, self._sync_settings), (ev.stepper, self._stepper_changed),
             (self.session.aside.events.shown, self._show_aside))
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
        # Says when the canvas shows a Training lab neuron instead of the document's graph.
        self.aside_banner = Banner("asideBanner")
        (back,) = self.actions.panel_actions("aside")  # Back to the document's graph
        self.aside_back = action_button(self.actions[back], wide=False)
        self.aside_back.setObjectName("asideBack")
        self.actions[back].setEnabled(False)  # until the canvas shows a neuron's graph
        self.aside_banner.add_button(self.aside_back)
        layout.addWidget(self.aside_banner)
        self.graph_view = GraphView(actions=self.actions)
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

        # The plot panel imports matplotlib: built after the window has painted (PlotLoader).
        self.plot_dock = self._dock("Tangent plot", "plotDock", QWidget(),
                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        self.stepper_panel = StepThroughPanel(self.session, self.actions)
        self.stepper_dock = self._dock("Backprop step by step", "stepDock", self.stepper_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea, scroll=True)
        self.panels = PanelLayout(self, self.session, editor=self.editor_dock, controls=self.controls_dock,
                                  controls_panel=self.controls, inspector=self.inspector_dock,
                                  stepper=self.stepper_dock, plot=self.plot_dock)
        self.panels.arrange_default()

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
            # After this paint reaches the screen: matplotlib's import must not delay it.
            self.plot_loader.load_soon(30)

    def reset_layout(self) -> None:
        """View > Reset layout: every panel back where a new window has it."""
        self.panels.arrange_default()
        self.panels.apply_default_sizes()
        self.graph_view.fit(whole=False)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self.state_restored:
                self.panels.apply_default_sizes()
            self.offer_backward_tip()
        if not self._first_paint_done:
            # Offscreen and some platforms never send a paint to the main window itself.
            self.plot_loader.load_soon(200)

    def offer_backward_tip(self) -> None:
        """The first move, for a new window or document whose graph has no grads yet;
        it goes as soon as they are filled (:meth:`_drop_backward_tip`)."""
        s = self.session
        if s.graph is not None and not s.has_grads and s.aside.shown is None:
            self.statusBar().showMessage(BACKWARD_TIP, 20000)

    def _drop_backward_tip(self) -> None:
        # Left up after Backward (or with Auto backward on) it told the learner to do
        # what was done. (The status line may have cut it to fit, ending in "…".)
        message = self.statusBar().currentMessage()
        if message and BACKWARD_TIP.startswith(message.rstrip("…")) and (
                self.session.has_grads or self.session.aside.shown is not None):
            self.statusBar().clearMessage()

    @property
    def plot_panel(self) -> PlotPanel | None:
        """The tangent plot, or None while it is still being built."""
        return self.plot_loader.panel

    def show_message(self, text: str) -> None:
        """One line of news in the status bar, for a few seconds."""
        self.statusBar().showMessage(text, 6000)

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
        self.panels.reveal_stepper()

    def play(self, playing: bool) -> None:
        if playing:
            if self.editor.pending:
                self.editor.flush()
            self.panels.reveal_stepper()
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
        if value is not None:
            self.panels.reveal_inspector_once()

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
        if s.aside.shown is None:
            self.graph_view.set_graph(s.graph, s.has_grads)
        self._show_notes()
        self._update_enabled()
        self.panels.size_plot(self._sized)

    def _show_values(self, _=None) -> None:
        if self.session.aside.shown is None:
            self.graph_view.refresh_values(self.session.has_grads)
        self.status_line.show(self.session)
        self._show_banners()
        self._drop_backward_tip()

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

    def _show_aside(self, aside=None) -> None:
        """The canvas shows a lab neuron's graph (model/aside.py), or the document's again."""
        s = self.session
        self.actions["aside_back"].setEnabled(aside is not None)
        if aside is None:
            self.aside_banner.hide()
            self.graph_view.set_graph(s.graph, s.has_grads)
            self._show_stepper()
            nodes = s.graph.nodes if s.graph is not None else ()
            if s.selection is not None and not any(v is s.selection for v in nodes):
                s.select(None)  # a value of the neuron's graph: it is gone from the canvas
            self.status_line.show(s)
            return
        self.graph_view.highlight_step(None, [])
        self.graph_view.set_graph(aside.graph, True)
        self.aside_banner.show_message(html.escape(aside.title), kind="info")
        self.aside_banner.label.setToolTip(aside.detail)
        self.status_line.show(s)  # the fields describe the canvas: the neuron's output
        self._drop_backward_tip()

    def _show_everything(self) -> None:
        s = self.session
        if s.aside.shown is not None:
            self._show_aside(s.aside.shown)
        elif s.graph is not None:
            self.graph_view.set_graph(s.graph, s.has_grads)
        self._show_notes()
        self._show_error()
        self._show_selection()
        self.status_line.show(self.session)
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
        if s.aside.shown is None:  # (a lab neuron in the canvas: a step-through ends that first)
            if step is None:
                # (A finished walk keeps its last step lit until the next command.)
                self.graph_view.highlight_step(None, [])
            else:
                self.graph_view.highlight_step(step.node, step.edges)
            # Part-way through backprop the grads are real but partial: show the numbers of
            # the values the gradient has reached, the dash of "not computed yet" elsewhere.
            walking_back = stepper is not None and stepper.kind == "backward" and not stepper.done
            self.graph_view.refresh_values(s.has_grads or walking_back,
                                           stepper.reached if walking_back else None)
        self.status_line.show(self.session)

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stepper_panel.set_playing(False)
        try:
            theme.save_window_state(self, "main", self.LAYOUT_VERSION)
        except Exception:  # noqa: BLE001 - never block closing on a settings problem
            log.exception("could not save the window state")
        super().closeEvent(event)
