"""Every command of the window, declared once.

One :class:`ActionSpec` per command says its text, shortcut, tooltip, menu and
whether it is on the toolbar. :class:`ActionRegistry` turns the specs into
QActions, and the menus, the toolbar, the buttons in the panels and the
keyboard-shortcut list are all built from those same QActions (napari's action
manager, at our scale). A spec without a handler is refused when the menus are
built, so there can be no dead menu item.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from ..errors import ExplorerError

__all__ = ["ActionSpec", "ActionRegistry", "SPECS", "MENUS"]

log = logging.getLogger(__name__)

Shortcut = str | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # menu text, with & before the mnemonic letter
    tip: str  # one sentence: what it does (the tooltip adds the shortcut)
    menu: str  # the menu it lives in (a key of MENUS)
    shortcut: Shortcut = None
    toolbar: bool = False
    checkable: bool = False
    group: str | None = None  # actions of one group exclude each other (radio items)
    section: int = 0  # a separator goes between sections of one menu
    button: str = ""  # shorter text for toolbar and panel buttons


# The menus, in the order they appear on the menu bar.
MENUS: dict[str, str] = {
    "file": "&File",
    "edit": "&Edit",
    "run": "&Run",
    "walk": "&Step through",
    "view": "&View",
    "help": "&Help",
}

K = QKeySequence.StandardKey

SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("quit", "&Quit", "Close Gradient Explorer.", "file", K.Quit, section=9),
    # Edit
    ActionSpec("undo", "&Undo", "Undo the last change to the expression.", "edit", K.Undo),
    ActionSpec("redo", "&Redo", "Redo the change you undid.", "edit", K.Redo),
    ActionSpec("focus_editor", "&Edit expression", "Put the keyboard focus in the expression editor.",
               "edit", "Ctrl+E", section=1),
    ActionSpec("edit_value", "Set &value of selected leaf...", "Type a new number for the selected leaf.",
               "edit", "F2", section=1),
    # Run
    ActionSpec("forward", "&Forward", "Recompute every value from the leaves (the forward pass).",
               "run", "F5", toolbar=True),
    ActionSpec("backward", "&Backward", "Run backprop: fill every grad with d(output)/d(node). "
               "Pressing it again without Zero grad adds to the grads, as in the lecture.",
               "run", "F6", toolbar=True),
    ActionSpec("zero_grad", "&Zero grad", "Set every grad back to 0 before the next Backward.",
               "run", "F7", toolbar=True, button="Zero grad"),
    ActionSpec("step", "&Step", "Move every parameter by the learning rate along its grad, "
               "then run forward again.", "run", "F8", toolbar=True, section=1),
    ActionSpec("reset_values", "&Reset values", "Put every leaf back to the number written in the text "
               "and clear the step history.", "run", "Ctrl+R", section=1),
    ActionSpec("auto_forward", "Auto f&orward", "Recompute the values after every edit.", "run",
               checkable=True, section=2),
    ActionSpec("auto_backward", "Auto bac&kward", "Recompute the grads after every edit and step.", "run",
               checkable=True, section=2),
    ActionSpec("gradcheck", "&Gradient check...", "Compare every grad from backprop with a numerical "
               "estimate (f(x+h) - f(x-h)) / 2h.", "run", "Ctrl+G", toolbar=True, section=3,
               button="Grad check"),
    # Step through
    ActionSpec("walk_backward", "&Backward one node", "Backprop by hand: pass the gradient back through "
               "one node and show the arithmetic.", "walk", "F10", toolbar=True, button="Back 1 node"),
    ActionSpec("walk_forward", "&Forward one node", "Recompute one node from its inputs and show the "
               "arithmetic.", "walk", "Shift+F10", button="Fwd 1 node"),
    ActionSpec("walk_play", "&Play", "Take one step after another at the chosen speed; press again to "
               "pause.", "walk", "F9", toolbar=True, checkable=True),
    ActionSpec("walk_finish", "F&inish", "Take every remaining step at once.", "walk", "Ctrl+F10",
               section=1),
    ActionSpec("walk_stop", "&Stop", "End the step-through where it is.", "walk", "Shift+F9", section=1),
    # View
    ActionSpec("zoom_in", "Zoom &in", "Make the graph bigger.", "view", K.ZoomIn),
    ActionSpec("zoom_out", "Zoom &out", "Make the graph smaller.", "view", K.ZoomOut),
    ActionSpec("zoom_fit", "&Fit graph", "Show the whole graph.", "view", "Ctrl+0"),
    ActionSpec("zoom_reset", "&Actual size", "Show the graph at 100 %.", "view", "Ctrl+1"),
    ActionSpec("rank_lr", "&Left to right", "Lay the graph out from left to right.", "view",
               checkable=True, group="rankdir", section=1),
    ActionSpec("rank_tb", "&Top to bottom", "Lay the graph out from top to bottom.", "view",
               checkable=True, group="rankdir", section=1),
    ActionSpec("reset_layout", "&Reset layout", "Put every panel back where a new window has it.", "view",
               section=2),
    ActionSpec("presentation", "&Presentation mode", "Larger text everywhere, for a projector.", "view",
               "Ctrl+Shift+P", checkable=True, section=2),
    # Help
    ActionSpec("getting_started", "&Getting started", "Walk through the lecture's examples in order.",
               "help"),
    ActionSpec("welcome", "&Welcome", "The three first moves: Backward, click a node, drag x.", "help"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "List every keyboard shortcut.", "help", K.HelpContents),
    ActionSpec("about", "&About Gradient Explorer", "Version and credits.", "help", section=1),
)


def _wrap(callback: Callable[..., object], report: Callable[[ExplorerError], None]) -> Callable[..., None]:
    """Run a handler; an ExplorerError goes to the problems line, not a traceback."""

    def run(*args) -> None:
        try:
            callback(*args)
        except ExplorerError as exc:
            report(exc)

    return run


class ActionRegistry(QObject):
    """The QActions of one window, made from :data:`SPECS` (plus any added later)."""

    def __init__(self, parent: QWidget, report: Callable[[ExplorerError], None],
                 specs: tuple[ActionSpec, ...] = SPECS):
        super().__init__(parent)
        self._parent = parent
        self._report = report
        self.specs: dict[str, ActionSpec] = {}
        self.actions: dict[str, QAction] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._bound: set[str] = set()
        self.extra_menu_actions: dict[str, list[QAction | QMenu | None]] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self._parent)
        action.setObjectName(f"action_{spec.id}")
        action.setCheckable(spec.checkable)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{spec.tip} ({keys})" if keys else spec.tip)
        action.setStatusTip(spec.tip)
        if spec.button:
            action.setIconText(spec.button)
        if spec.group:
            group = self._groups.get(spec.group)
            if group is None:
                group = self._groups[spec.group] = QActionGroup(self._parent)
                group.setExclusive(True)
            group.addAction(action)
        self.specs[spec.id] = spec
        self.actions[spec.id] = action
        return action

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def bind(self, action_id: str, handler: Callable[..., object], *, toggled: bool = False) -> None:
        """Connect ``handler`` to the action: ``triggered()`` or, for a setting that
        follows a check box, ``toggled(bool)``. Exceptions a user caused are reported."""
        action = self.actions[action_id]
        wrapped = _wrap(handler, self._report)
        if toggled:
            action.toggled.connect(wrapped)
        else:
            action.triggered.connect(lambda _checked=False: wrapped())
        self._bound.add(action_id)

    def unbound(self) -> list[str]:
        return [i for i in self.actions if i not in self._bound]

    # -- building the menus and the toolbar ------------------------------------------

    def build_menus(self, menubar: QMenuBar) -> dict[str, QMenu]:
        """One menu per :data:`MENUS` entry, with its actions in declaration order and a
        separator between sections. Refuses actions that do nothing."""
        dead = self.unbound()
        if dead:
            raise RuntimeError(f"actions without a handler: {', '.join(dead)}")
        menus: dict[str, QMenu] = {}
        for key, title in MENUS.items():
            menu = menubar.addMenu(title)
            menu.setObjectName(f"menu_{key}")
            menu.setToolTipsVisible(True)
            menus[key] = menu
            last_section = None
            items = [(s.section, self.actions[s.id]) for s in self.specs.values() if s.menu == key]
            items += [(sec, extra) for sec, extra in self.extra_menu_actions.get(key, [])]
            items.sort(key=lambda pair: pair[0])
            for section, item in items:
                if last_section is not None and section != last_section:
                    menu.addSeparator()
                last_section = section
                if isinstance(item, QMenu):
                    menu.addMenu(item)
                else:
                    menu.addAction(item)
        return menus

    def add_to_menu(self, menu_key: str, item: QAction | QMenu, section: int = 0) -> None:
        """Put an extra item (a submenu, a dock's show/hide toggle) in a menu;
        call before :meth:`build_menus`."""
        self.extra_menu_actions.setdefault(menu_key, []).append((section, item))

    def build_toolbar(self, toolbar: QToolBar) -> None:
        last_menu = None
        for spec in self.specs.values():
            if not spec.toolbar:
                continue
            if last_menu is not None and (spec.menu, spec.section) != last_menu:
                toolbar.addSeparator()
            last_menu = (spec.menu, spec.section)
            toolbar.addAction(self.actions[spec.id])

    def shortcut_table(self) -> list[tuple[str, str, str]]:
        """(command, keys, what it does) for every action that has a shortcut."""
        rows = []
        for spec in self.specs.values():
            keys = self.actions[spec.id].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                rows.append((spec.text.replace("&", "").rstrip("."), keys, spec.tip))
        return rows
