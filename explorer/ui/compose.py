"""The composition root: the one place a window is put together.

:func:`build_window` makes the model (a :class:`Session`, its :class:`Commands` and
the undo stack), the action table's QActions, the window and its views, and the
controllers (file commands, export, the Training lab), passing each what it needs
through its constructor. Then it gives every entry of the action table its
handler and only then builds the menus and the toolbar, once. Nothing is added to
the window or its menus afterwards::

    gui = build_window()          # app.main does this
    gui.window.show()
    gui.documents.open("neuron.gexp")
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QToolBar

from ..errors import ExplorerError
from ..model.commands import Commands
from ..model.document import RecentFiles
from ..model.examples import Example
from ..model.session import Session
from . import guide, help_dialogs, theme
from .actions import ActionRegistry
from .documents import DocumentController
from .export import GRAPH_FORMATS, PLOT_FORMATS, ExportController
from .graph_big import layout_handlers
from .main_window import MainWindow
from .presentation import PresentationMode
from .training_dock import TrainingLabDock
from .training_lab import lab_handlers
from .undo import UndoStack

__all__ = ["Gui", "build_window"]


@dataclass(frozen=True)
class Gui:
    """What :func:`build_window` made: the window, its model and its controllers."""

    window: MainWindow
    session: Session
    commands: Commands
    undo: UndoStack
    actions: ActionRegistry
    documents: DocumentController
    exports: ExportController
    training: TrainingLabDock
    presentation: PresentationMode


def build_window(session: Session | None = None, *, lazy_plot: bool = True, recover: bool = True,
                 autosave: bool = True, autosave_dir: str | os.PathLike[str] | None = None,
                 recent: RecentFiles | None = None) -> Gui:
    """The application window for ``session`` (the lecture's neuron when None), with
    every command bound and its menus built. ``lazy_plot`` builds the tangent plot
    after the first paint; ``recover`` offers an autosave left by a crash once the
    event loop runs; ``autosave``, ``autosave_dir`` and ``recent`` are the file
    commands' (tests point them elsewhere)."""
    session = session if session is not None else Session()
    commands = Commands(session)
    undo = UndoStack(commands)
    window: MainWindow | None = None

    def report(exc: ExplorerError) -> None:
        # The actions need somewhere to report before the window exists; none can
        # be triggered before it does (they are in no menu and no widget yet).
        if window is not None:
            window.report(exc)

    actions = ActionRegistry(report)
    window = MainWindow(session, commands, undo, actions, lazy_plot=lazy_plot)
    training = TrainingLabDock(window, commands, window.report, actions=actions)
    _place_training_dock(window, training)
    documents = DocumentController(window, undo, window.editor, window.report, training, autosave=autosave,
                                   recent=recent, autosave_dir=autosave_dir)
    exports = ExportController(window, session, window.graph_view, window.editor, lambda: window.plot_panel,
                               lambda text: window.statusBar().showMessage(text, 8000), actions)
    presentation = PresentationMode(window.editor, window.graph_view, lambda: window.plot_panel)
    gui = Gui(window, session, commands, undo, actions, documents, exports, training, presentation)
    documents.documentChanged.connect(window.offer_backward_tip)

    for action_id, handler in _handlers(gui).items():
        actions.bind(action_id, handler)
    for action_id, dock in _dock_toggles(gui).items():
        actions.adopt(action_id, dock.toggleViewAction())
        if isinstance(dock, QDockWidget) and dock is not training:
            # Qt shows a panel tabbed with another behind it (only a new tab said so):
            # asked for from the View menu, it comes to the front.
            actions[action_id].triggered.connect(lambda on, dock=dock: on and dock.raise_())
    actions["show_training"].triggered.connect(_lab_in_front(window, training))
    actions.bind_menu("recent", documents.build_recent_menu)
    actions.bind_menu("examples", documents.fill_examples_menu)
    # While the lab trains, Undo is offered even with nothing on the stack yet: it
    # pauses the run, which is then recorded, and undoes it.
    training.lab.events.running.connect(lambda on: actions["undo"].setEnabled(on or undo.stack.canUndo()))
    actions.build_menus(window.menuBar())  # refuses any entry without a handler
    actions.build_toolbar(window.toolbar)
    # The plot is built after the first paint and sends no signal: look when the menu opens.
    actions.submenus["export_plot_as"].aboutToShow.connect(exports.update_plot_enabled)
    exports.update_enabled()
    if recover:
        QTimer.singleShot(0, documents.offer_recovery)
    return gui


def _place_training_dock(window: MainWindow, dock: TrainingLabDock) -> None:
    """Tabbed with the tangent plot under the graph, hidden until asked for."""
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    # Hidden before it is tabbed: hidden after, Qt leaves the pair's tab bar visible,
    # stuck where the first layout put it (over the editor on a large screen).
    dock.hide()
    window.tabifyDockWidget(window.plot_dock, dock)
    window.plot_dock.raise_()


def _lab_in_front(window: MainWindow, lab: TrainingLabDock) -> Callable[[bool], None]:
    """View > Training lab: the lab in front of the tangent plot it is tabbed with; closed,
    the plot gets its own height back (the lab's taller minimum had pushed it up, and
    the graph stayed squeezed for every later document)."""

    def toggled(on: bool) -> None:
        if on:
            lab.raise_()
        else:
            # Once the layout has dropped the pair's tab bar, or the height would count it.
            QTimer.singleShot(0, window.panels.size_plot_default)

    return toggled


def _dock_toggles(gui: Gui) -> dict[str, QDockWidget | QToolBar]:
    """The panels whose own show/hide action the table's ``show_*`` entries use."""
    w = gui.window
    return {"show_expression": w.editor_dock, "show_controls": w.controls_dock,
            "show_inspector": w.inspector_dock, "show_stepper": w.stepper_dock, "show_plot": w.plot_dock,
            "show_training": gui.training, "show_toolbar": w.toolbar}


def _handlers(gui: Gui) -> dict[str, Callable[..., object]]:
    """What each entry of the action table does. A checkable entry's handler gets the
    new check state; the others get nothing. Button commands count the text typed
    so far first (``run_command``)."""
    w, s, c, docs, exports = gui.window, gui.session, gui.commands, gui.documents, gui.exports
    view = w.graph_view

    def open_example(ex: Example) -> None:
        w.guard(docs.open_example, ex)

    handlers: dict[str, Callable[..., object]] = {
        # File
        "new": docs.new,
        "open": docs.open,
        "save": docs.save,
        "save_as": docs.save_as,
        "export_graph": exports.export_graph,
        "quit": w.close,
        # Edit
        # A run in progress is paused and recorded first: Undo then undoes that run.
        "undo": lambda: w.run_command(lambda: (gui.training.finish_run(), gui.undo.undo())),
        "redo": lambda: w.run_command(lambda: (gui.training.finish_run(), gui.undo.redo())),
        "focus_editor": w.focus_editor,
        "edit_value": lambda: w.edit_leaf(s.selection),
        "copy_graph_image": exports.copy_graph_image,
        # Run
        "forward": lambda: w.run_command(c.forward),
        "backward": lambda: w.run_command(c.backward),
        "zero_grad": lambda: w.run_command(c.zero_grad),
        "step": lambda: w.run_command(c.step),
        "reset_values": lambda: w.run_command(c.reset_values),
        "auto_forward": lambda on: c.set_settings(auto_forward=bool(on)),
        "auto_backward": lambda on: c.set_settings(auto_backward=bool(on)),
        "gradcheck": w.open_gradcheck,
        # Step through
        "walk_backward": lambda: w.walk("backward"),
        "walk_forward": lambda: w.walk("forward"),
        "walk_play": w.play,
        "walk_finish": lambda: w.run_command(s.finish_step_through),
        "walk_stop": lambda: w.run_command(s.stop_step_through),
        # Training (and Training > Export): the lab's panel, its dock shown first
        **lab_handlers(gui.training.shown_panel),
        # View
        "zoom_in": view.zoom_in,
        "zoom_out": view.zoom_out,
        "zoom_fit": lambda: view.fit(whole=True),
        "zoom_reset": view.reset_zoom,
        **layout_handlers(view),  # Lay out all nodes, Cancel layout
        "aside_back": s.aside.back,
        "rank_lr": lambda on: on and view.set_rankdir("LR"),
        "rank_tb": lambda on: on and view.set_rankdir("TB"),
        "reset_layout": w.reset_layout,
        # Larger text needs a wider settings column (it scrolled both ways); measured
        # once the widgets have taken the new font.
        "presentation": lambda on: (gui.presentation.set(on),
                                    QTimer.singleShot(0, w.panels.size_text_column)),
        # Built after the first paint: until then the check mark waits for it (PlotPanel reads it).
        "plot_legend": lambda on: w.plot_panel is not None and w.plot_panel.show_legend(on),
        # Help
        "getting_started": lambda: guide.show_getting_started(w, open_example),
        "welcome": lambda: guide.show_welcome(w, on_tour=gui.actions["getting_started"].trigger,
                                              opened=guide.what_is_open(s.text, s.path)),
        "shortcuts": w.show_shortcuts,
        "about": lambda: help_dialogs.show_about(w),
    }
    for fmt in GRAPH_FORMATS:
        handlers[f"export_graph_{fmt}"] = partial(exports.export_graph, fmt)
    for fmt in PLOT_FORMATS:
        handlers[f"export_plot_{fmt}"] = partial(exports.export_plot, fmt)
    for mode in theme.THEMES:
        handlers[f"theme_{mode}"] = lambda on, mode=mode: on and w.set_theme(mode)
    return handlers
