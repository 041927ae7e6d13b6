"""The QActions of one window, made from the action table.

:class:`ActionRegistry` turns :data:`~explorer.ui.action_table.SPECS` into
QActions (napari's action manager, at our scale). The composition root
(:mod:`explorer.ui.compose`) binds a handler to every one, then builds the menus
and the toolbar once: an entry without a handler is refused there, so there can
be no dead menu item, and no menu is ever changed by hand after it is built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from ..errors import ExplorerError
from .action_table import MENUS, SPECS, SUBMENUS, ActionSpec, MenuSpec, menu_name, menu_order

__all__ = ["ActionSpec", "MenuSpec", "ActionRegistry", "SPECS", "MENUS", "SUBMENUS"]

log = logging.getLogger(__name__)


def _wrap(callback: Callable[..., object], report: Callable[[ExplorerError], None]) -> Callable[..., None]:
    """Run a handler; an ExplorerError goes to the problems line, not a traceback."""

    def run(*args) -> None:
        try:
            callback(*args)
        except ExplorerError as exc:
            report(exc)

    return run


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


class ActionRegistry(QObject):
    """The QActions (and submenus) of one window, made from the action table."""

    def __init__(self, report: Callable[[ExplorerError], None], specs: Iterable[ActionSpec] = SPECS,
                 submenus: Iterable[MenuSpec] = SUBMENUS, parent: QObject | None = None):
        super().__init__(parent)
        self._report = report
        self.specs: dict[str, ActionSpec] = {}
        self.actions: dict[str, QAction] = {}
        self.submenu_specs: dict[str, MenuSpec] = {m.id: m for m in submenus}
        self.submenus: dict[str, QMenu] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._bound: set[str] = set()
        self._fillers: dict[str, Callable[[QMenu], object]] = {}
        self.menus: dict[str, QMenu] = {}  # the menu bar's, once built
        for spec in specs:
            self._add(spec)

    @classmethod
    def for_panel(cls, panel: str, handlers: dict[str, Callable[..., object]],
                  report: Callable[[ExplorerError], None], parent: QObject) -> ActionRegistry:
        """The entries ``panel`` (a key of PANELS) shows, bound to ``handlers``: the
        QActions of a panel built on its own (tests, benchmarks), from the same table."""
        registry = cls(report, specs=[s for s in SPECS if panel in s.panels], parent=parent)
        for action_id, handler in handlers.items():
            registry.bind(action_id, handler)
        return registry

    def _add(self, spec: ActionSpec) -> None:
        action = QAction(spec.text, self)
        self.specs[spec.id] = spec
        self.actions[spec.id] = action
        self._dress(spec, action)
        if spec.group:
            group = self._groups.get(spec.group)
            if group is None:
                group = self._groups[spec.group] = QActionGroup(self)
                group.setExclusive(True)
            group.addAction(action)

    def _dress(self, spec: ActionSpec, action: QAction) -> None:
        action.setText(spec.text)
        action.setObjectName(f"action_{spec.id}")
        action.setCheckable(spec.checkable)
        if spec.shortcut is not None:
            action.setShortcuts([QKeySequence(spec.shortcut), *map(QKeySequence, spec.more_keys)])
        if spec.scope:
            # Only while the focus is in the widgets scope_shortcuts() gives it.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._tip(action, spec.tip)
        if spec.button:
            action.setIconText(spec.button)

    @staticmethod
    def _tip(action: QAction, tip: str) -> None:
        keys = _keys(action)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)

    def __getitem__(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def show_checked(self, action_id: str, on: bool) -> None:
        """Show a Play/Pause entry checked (running) or not, its text and tip the table's
        for that state (menu, button and tooltip all show the action's). The state it
        shows, not a command: its handler does not run (a run that ends by itself must
        not bring its panel to the front)."""
        spec, action = self.specs[action_id], self.actions[action_id]
        text = spec.checked_text if on and spec.checked_text else spec.text
        action.setText(text)
        action.setIconText(spec.button if spec.button and not on else text.replace("&", ""))
        self._tip(action, spec.checked_tip if on and spec.checked_tip else spec.tip)
        if action.isChecked() != on:
            with QSignalBlocker(action):  # (its buttons still follow: Qt tells them by event)
                action.setChecked(on)

    def scope_shortcuts(self, panel: str, widget: QWidget) -> None:
        """Give the entries whose shortcut is scoped to ``panel`` to ``widget``: their
        keys work while the keyboard focus is in it or one of its children."""
        for spec in self.specs.values():
            if spec.scope == panel:
                widget.addAction(self.actions[spec.id])

    # -- handlers -----------------------------------------------------------------------------

    def bind(self, action_id: str, handler: Callable[..., object]) -> None:
        """Connect ``handler`` to the action: ``toggled(bool)`` for a checkable one (a
        setting that follows a check mark), else ``triggered()``. Exceptions a user
        caused are reported."""
        spec = self.specs[action_id]
        if spec.dock_toggle:
            raise ValueError(f"{action_id} is a dock's own toggle: adopt() it")
        action = self.actions[action_id]
        wrapped = _wrap(handler, self._report)
        if spec.checkable:
            action.toggled.connect(wrapped)
        else:
            action.triggered.connect(lambda _checked=False: wrapped())
        self._bound.add(action_id)

    def adopt(self, action_id: str, action: QAction) -> None:
        """Use ``action`` — a dock's ``toggleViewAction()``, which Qt keeps in step with
        the dock — for a ``dock_toggle`` entry, dressed as the table says."""
        spec = self.specs[action_id]
        if not spec.dock_toggle:
            raise ValueError(f"{action_id} is not a dock toggle")
        if self.menus:
            raise RuntimeError("the menus are built already: adopt before build_menus")
        self._dress(spec, action)
        self.actions[action_id] = action
        self._bound.add(action_id)

    def bind_menu(self, menu_id: str, fill: Callable[[QMenu], object]) -> None:
        """``fill(menu)`` makes the entries of a submenu whose entries come from data."""
        if not self.submenu_specs[menu_id].filled:
            raise ValueError(f"the entries of {menu_id} are declared in the table")
        self._fillers[menu_id] = fill

    def unbound(self) -> list[str]:
        """Entries of the table that would do nothing: no handler, no filler."""
        dead = [i for i in self.actions if i not in self._bound]
        dead += [m.id for m in self.submenu_specs.values() if m.filled and m.id not in self._fillers]
        return dead

    # -- building the menus and the toolbar (once) -------------------------------------------

    def build_menus(self, menubar: QMenuBar) -> dict[str, QMenu]:
        """One menu per :data:`MENUS` entry and one QMenu per submenu, each with its
        items in declaration order (actions, then submenus, within a section) and a
        separator between sections. Refuses entries that do nothing."""
        if self.menus:
            raise RuntimeError("the menus are built once")
        dead = self.unbound()
        if dead:
            raise RuntimeError(f"actions without a handler: {', '.join(dead)}")
        parent = menubar.parentWidget() or menubar
        for spec in self.submenu_specs.values():
            menu = QMenu(spec.text, parent)
            menu.setObjectName(f"menu_{spec.id}")
            menu.setToolTipsVisible(True)
            self.submenus[spec.id] = menu
        for key, title in MENUS.items():
            menu = menubar.addMenu(title)
            menu.setObjectName(f"menu_{key}")
            menu.setToolTipsVisible(True)
            self.menus[key] = menu
        for key, menu in {**self.menus, **self.submenus}.items():
            self._fill(key, menu)
        for menu_id, fill in self._fillers.items():
            fill(self.submenus[menu_id])
        return self.menus

    def _fill(self, key: str, menu: QMenu) -> None:
        items: list[tuple[int, int, QAction | QMenu]] = []
        items += [(s.section, 0, self.actions[s.id]) for s in self.specs.values() if s.menu == key]
        items += [(m.section, 1, self.submenus[m.id]) for m in self.submenu_specs.values() if m.menu == key]
        items.sort(key=lambda item: (item[0], item[1]))  # stable: declaration order within
        last_section = None
        for section, _kind, item in items:
            if last_section is not None and section != last_section:
                menu.addSeparator()
            last_section = section
            if isinstance(item, QMenu):
                menu.addMenu(item)
            else:
                menu.addAction(item)

    def build_toolbar(self, toolbar: QToolBar) -> None:
        last_menu = None
        for spec in self.specs.values():
            if not spec.toolbar:
                continue
            if last_menu is not None and (spec.menu, spec.section) != last_menu:
                toolbar.addSeparator()
            last_menu = (spec.menu, spec.section)
            toolbar.addAction(self.actions[spec.id])

    def panel_actions(self, panel: str) -> list[str]:
        """The ids of the actions that ``panel`` shows as buttons, as declared."""
        return [s.id for s in self.specs.values() if panel in s.panels]

    def shortcut_table(self) -> list[tuple[str, str, str, str]]:
        """(menu, command, keys, what it does) for every action that has a shortcut, in
        menu-bar order (as the README's table)."""
        rows = []
        for spec in sorted(self.specs.values(), key=menu_order):
            keys = _keys(self.actions[spec.id])
            if keys:
                rows.append((menu_name(spec.menu), spec.text.replace("&", "").rstrip("."), keys, spec.tip))
        return rows
