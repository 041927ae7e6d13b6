"""Every command of the window, declared once: the one action table.

Each :class:`ActionSpec` says an action's text, shortcut (and whether it needs the
focus in one panel), tooltip, the menu it sits in, whether it is on the toolbar and
which panels show it as a button (the Training lab's, the plot's and the notices
over the graph too). Each :class:`MenuSpec` declares a submenu (Open Recent,
Examples, Export graph as).
:class:`~explorer.ui.actions.ActionRegistry` turns the table into QActions and
menus; the menus, the toolbar, the panels' buttons, Help > Keyboard shortcuts
and the README's shortcut table (``python3 dev.py shortcuts``) are all made
from it, and :mod:`explorer.ui.compose` gives every entry its handler before a
single menu is built. A new command is one entry here plus one handler there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

__all__ = ["ActionSpec", "MenuSpec", "MENUS", "SPECS", "SUBMENUS", "PANELS", "Shortcut", "menu_name",
           "menu_order"]

Shortcut = str | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # menu text, with & before the mnemonic letter
    tip: str  # one sentence: what it does (the tooltip adds the shortcut)
    menu: str  # the menu it lives in (a key of MENUS or SUBMENUS)
    shortcut: Shortcut = None
    more_keys: tuple[str, ...] = ()  # other keys for the same command, listed after the shortcut
    toolbar: bool = False
    checkable: bool = False
    group: str | None = None  # actions of one group exclude each other (radio items)
    section: int = 0  # a separator goes between sections of one menu
    button: str = ""  # shorter text for toolbar and panel buttons
    panels: tuple[str, ...] = ()  # the panels (keys of PANELS) that show it as a button
    # Its QAction is a dock's (or the toolbar's) own show/hide toggle, which Qt keeps in
    # step with the dock; the table still gives it its text, tip and place.
    dock_toggle: bool = False
    # What a checkable Play says while it is checked (running): "&Pause" and its tip.
    checked_text: str = ""
    checked_tip: str = ""
    # The panel (a key of PANELS) whose keyboard focus the shortcut needs; "" for the
    # whole window. Space belongs to text fields and focused buttons everywhere else.
    scope: str = ""


@dataclass(frozen=True)
class MenuSpec:
    """A submenu. Its items are the specs whose ``menu`` is its id, or — for a menu
    whose entries come from data (recent files, examples) — what its filler adds."""

    id: str
    text: str
    menu: str  # the menu it sits in
    section: int = 0
    filled: bool = False  # its entries are made by a handler, not declared here


# The menus, in the order they appear on the menu bar.
MENUS: dict[str, str] = {
    "file": "&File",
    "edit": "&Edit",
    "run": "&Run",
    "walk": "&Step through",
    "train": "&Training",
    "view": "&View",
    "help": "&Help",
}

# The panels that show actions as buttons (see ActionSpec.panels).
PANELS: dict[str, str] = {
    "controls": "the Controls panel",
    "stepper": "the Backprop step by step panel",
    "banner": "the banner above the graph",
    "aside": "the banner above a Training lab neuron's graph",
    "lab": "the Training lab's row of buttons",
    "plot": "the Tangent plot panel",
    "graph": "the notices over the graph (a big graph's layout)",
}

SUBMENUS: tuple[MenuSpec, ...] = (
    MenuSpec("recent", "Open &Recent", "file", section=0, filled=True),
    MenuSpec("examples", "&Examples", "file", section=2, filled=True),
    MenuSpec("export_graph_as", "Export &graph as", "file", section=3),
    MenuSpec("export_plot_as", "Export &plot as", "file", section=3),
    # A panel showing entries of a submenu shows them in a drop-down button with its name.
    MenuSpec("lab_export", "&Export", "train", section=1),
)

K = QKeySequence.StandardKey

SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", "&New", "Start a new, empty expression.", "file", K.New),
    ActionSpec("open", "&Open...", "Open a saved session (.gexp) or a text file with an expression.",
               "file", K.Open),
    ActionSpec("save", "&Save", "Save the session: the text, the values, the settings and the step "
               "history.", "file", K.Save, section=1),
    ActionSpec("save_as", "Save &As...", "Save the session under a new name.", "file", K.SaveAs, section=1),
    ActionSpec("export_graph", "Expor&t graph...", "Export the graph in the format and to the folder "
               "you used last.", "file", "Ctrl+Shift+E", section=3),
    ActionSpec("quit", "&Quit", "Close Gradient Explorer.", "file", K.Quit, section=9),
    # File > Export graph as / Export plot as
    ActionSpec("export_graph_svg", "&SVG...", "Save the graph as an SVG image: sharp at any size, "
               "for slides and web pages.", "export_graph_as"),
    ActionSpec("export_graph_png", "&PNG...", "Save the graph as a PNG picture; choose its size and "
               "background.", "export_graph_as"),
    ActionSpec("export_graph_pdf", "P&DF...", "Save the graph as a PDF: sharp at any size, for print "
               "and LaTeX.", "export_graph_as"),
    ActionSpec("export_graph_dot", "D&OT source...", "Save the graph's Graphviz DOT text, to edit it or "
               "lay it out again.", "export_graph_as"),
    ActionSpec("export_plot_png", "&PNG...", "Save the tangent plot as a PNG picture.", "export_plot_as"),
    ActionSpec("export_plot_svg", "&SVG...", "Save the tangent plot as an SVG image.", "export_plot_as"),
    ActionSpec("export_plot_pdf", "P&DF...", "Save the tangent plot as a PDF.", "export_plot_as"),
    # Edit
    # The menu item names the command (undo.py): "Undo Step (lr 0.01)".
    ActionSpec("undo", "&Undo", "Take back the last change: an edit of the text or a value, Forward, "
               "Backward, a step, a training run.", "edit", K.Undo),
    ActionSpec("redo", "&Redo", "Do again the change you took back.", "edit", K.Redo),
    ActionSpec("focus_editor", "&Edit expression", "Put the keyboard focus in the expression editor.",
               "edit", "Ctrl+E", section=1),
    ActionSpec("edit_value", "Set &value of selected leaf...", "Type a new number for the selected leaf.",
               "edit", "F2", section=1),
    ActionSpec("copy_graph_image", "&Copy graph image", "Put a picture of the graph on the clipboard "
               "(PNG at 2×, and SVG), to paste into slides or a document.", "edit", "Ctrl+Shift+C",
               section=2),
    # Run
    ActionSpec("forward", "&Forward", "Recompute every value from the leaves (the forward pass).",
               "run", "F5", toolbar=True, panels=("banner",)),
    ActionSpec("backward", "&Backward", "Run backprop: fill every grad with d(output)/d(node). "
               "Pressing it again without Zero grad adds to the grads, as in the lecture.",
               "run", "F6", toolbar=True),
    ActionSpec("zero_grad", "&Zero grad", "Set every grad back to 0 before the next Backward.",
               "run", "F7", toolbar=True, button="Zero grad", panels=("banner",)),
    ActionSpec("step", "&Step", "Move every parameter by the learning rate along its grad, "
               "then run forward again.", "run", "F8", toolbar=True, section=1),
    ActionSpec("reset_values", "&Reset values", "Put every leaf back to the number written in the text "
               "and clear the step history.", "run", "Ctrl+R", section=1, panels=("controls",)),
    ActionSpec("auto_forward", "Auto f&orward", "Recompute the values after every edit.", "run",
               checkable=True, section=2, panels=("controls",)),
    ActionSpec("auto_backward", "Auto bac&kward", "Recompute the grads after every edit and step.", "run",
               checkable=True, section=2, panels=("controls",)),
    ActionSpec("gradcheck", "&Gradient check...", "Compare every grad from backprop with a numerical "
               "estimate (f(x+h) - f(x-h)) / 2h.", "run", "Ctrl+G", toolbar=True, section=3,
               button="Grad check"),
    # Step through
    ActionSpec("walk_backward", "&Backward one node", "Backprop by hand: pass the gradient back through "
               "one node and show the arithmetic.", "walk", "F10", toolbar=True, button="Back 1 node",
               panels=("stepper",)),
    ActionSpec("walk_forward", "&Forward one node", "Recompute one node from its inputs and show the "
               "arithmetic.", "walk", "Shift+F10", button="Fwd 1 node", panels=("stepper",)),
    ActionSpec("walk_play", "&Play", "Take one step after another at the chosen speed; press again to "
               "pause.", "walk", "F9", toolbar=True, checkable=True, panels=("stepper",),
               checked_text="&Pause", checked_tip="Pause the step-through where it is."),
    ActionSpec("walk_finish", "F&inish", "Take every remaining step at once.", "walk", "Ctrl+F10",
               section=1, panels=("stepper",)),
    ActionSpec("walk_stop", "&Stop", "End the step-through where it is.", "walk", "Shift+F9", section=1,
               panels=("stepper",)),
    # Training (the lab's buttons). Space only while the keyboard focus is in the lab
    # (a click anywhere in it puts it there): elsewhere Space types a space or presses
    # the focused button, and the step-through has its own Play (F9).
    ActionSpec("train_play", "&Play", "Train, step after step, until the planned number of steps.",
               "train", "Space", checkable=True, panels=("lab",), scope="lab", checked_text="&Pause",
               checked_tip="Stop after the current step; everything learned so far stays."),
    ActionSpec("train_step", "&Step one", "One step: forward, loss, backward, update.", "train",
               panels=("lab",)),
    ActionSpec("train_reset", "&Reset training", "Back to step 0: the starting weights again, the curves "
               "cleared.", "train", button="Reset", panels=("lab",)),
    # Training > Export (the lab's Export button drops the same menu down)
    ActionSpec("train_export_boundary", "&Boundary map...", "Save the boundary map as PNG, SVG or PDF.",
               "lab_export", panels=("lab",)),
    ActionSpec("train_export_loss", "&Loss and accuracy curves...", "Save the loss and accuracy curves as "
               "PNG, SVG or PDF.", "lab_export", panels=("lab",)),
    ActionSpec("train_export_network", "&Network diagram...", "Save the network diagram as PNG, SVG or PDF.",
               "lab_export", panels=("lab",)),
    # View
    # Ctrl+= too: on most keyboards + is Shift+=, and Ctrl+= is what a hand reaches for.
    ActionSpec("zoom_in", "Zoom &in", "Make the graph bigger.", "view", K.ZoomIn, more_keys=("Ctrl+=",)),
    ActionSpec("zoom_out", "Zoom &out", "Make the graph smaller.", "view", K.ZoomOut),
    ActionSpec("zoom_fit", "&Fit graph", "Show the whole graph.", "view", "Ctrl+0"),
    ActionSpec("zoom_reset", "&Actual size", "Show the graph at 100 %.", "view", "Ctrl+1"),
    ActionSpec("aside_back", "&Back to the document's graph", "Show the document's graph again in place "
               "of the Training lab neuron's.", "view", panels=("aside",)),
    ActionSpec("rank_lr", "&Left to right", "Lay the graph out from left to right.", "view",
               checkable=True, group="rankdir", section=1),
    ActionSpec("rank_tb", "&Top to bottom", "Lay the graph out from top to bottom.", "view",
               checkable=True, group="rankdir", section=1),
    # A graph too big to lay out at once shows the nodes nearest its output (graph_big);
    # the notice over it offers the rest. Enabled only while that notice (or the busy
    # one, for Cancel) is up. Esc is the window's (it is the only Esc, and a dialog or a
    # popup keeps its own Esc: Qt gives a window's shortcuts only to the active window),
    # so it cancels wherever the focus is, as the busy notice says.
    ActionSpec("layout_all", "Lay out all &nodes", "The graph is too big to lay out at once, so only "
               "the nodes nearest the output are shown: lay out every node (Graphviz may take minutes; "
               "the window stays usable).", "view", section=1, button="Lay out all", panels=("graph",)),
    ActionSpec("cancel_layout", "&Cancel layout", "Stop laying out the whole graph; the nodes nearest "
               "the output stay shown.", "view", "Esc", section=1, button="Cancel", panels=("graph",)),
    ActionSpec("reset_layout", "&Reset layout", "Put every panel back where a new window has it.", "view",
               section=2),
    ActionSpec("presentation", "&Presentation mode", "Larger text everywhere, for a projector.", "view",
               "Ctrl+Shift+P", checkable=True, section=2),
    ActionSpec("show_expression", "Expression", "Show or hide the Expression panel.", "view", section=2,
               checkable=True, dock_toggle=True),
    ActionSpec("show_controls", "Controls", "Show or hide the Controls panel.", "view", section=2,
               checkable=True, dock_toggle=True),
    ActionSpec("show_inspector", "Inspector", "Show or hide the Inspector panel.", "view", section=2,
               checkable=True, dock_toggle=True),
    ActionSpec("show_stepper", "Backprop step by step", "Show or hide the Backprop step by step panel.",
               "view", section=2, checkable=True, dock_toggle=True),
    ActionSpec("show_plot", "Tangent plot", "Show or hide the Tangent plot panel.", "view", section=2,
               checkable=True, dock_toggle=True),
    # Off by default: the swatches by the readouts are the legend, and one never covers
    # the curve (nor costs a third of every full redraw).
    ActionSpec("plot_legend", "Plot l&egend", "Show the legend on the tangent plot (exports always have "
               "one).", "view", section=2, checkable=True, button="Legend", panels=("plot",)),
    ActionSpec("show_training", "Training lab", "Show or hide the Training lab: watch a network learn a "
               "2-D dataset, live.", "view", section=2, checkable=True, dock_toggle=True),
    ActionSpec("show_toolbar", "Toolbar", "Show or hide the toolbar.", "view", section=2, checkable=True,
               dock_toggle=True),
    ActionSpec("theme_system", "Follow the &system", "Light or dark as the desktop is.", "view",
               checkable=True, group="theme", section=3),
    ActionSpec("theme_light", "Li&ght", "Always light.", "view", checkable=True, group="theme", section=3),
    ActionSpec("theme_dark", "&Dark", "Always dark.", "view", checkable=True, group="theme", section=3),
    # Help
    ActionSpec("getting_started", "&Getting started", "Walk through the lecture's examples in order.",
               "help"),
    ActionSpec("welcome", "&Welcome", "The three first moves: Backward, click a node, drag x.", "help"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "List every keyboard shortcut.", "help", K.HelpContents),
    ActionSpec("about", "&About Gradient Explorer", "Version and credits.", "help", section=1),
)


def menu_name(menu_id: str) -> str:
    """The menu an entry sits in, as the menu bar shows it: "View", "Training > Export".
    Help > Keyboard shortcuts and the README name it, so that two commands of one
    name (the step-through's Play and the Training lab's) are told apart."""
    sub = next((m for m in SUBMENUS if m.id == menu_id), None)
    if sub is not None:
        return f"{menu_name(sub.menu)} > {sub.text.replace('&', '')}"
    return MENUS[menu_id].replace("&", "")


def menu_order(spec: ActionSpec) -> tuple[int, int]:
    """Where ``spec`` comes on the menu bar (its menu's place, then its section): the order
    of the shortcut lists. Sort by it stably, so entries of one section stay as declared."""
    sub = next((m for m in SUBMENUS if m.id == spec.menu), None)
    top, section = (sub.menu, sub.section) if sub is not None else (spec.menu, spec.section)
    return list(MENUS).index(top), section
