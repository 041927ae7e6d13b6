"""The action table: one declaration feeds menus, toolbar, panel buttons and the shortcut lists."""

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QMainWindow, QMenu, QTableWidget, QToolButton

from explorer.engine import EngineError
from explorer.ui.action_table import MENUS, PANELS, SPECS, SUBMENUS, menu_order
from explorer.ui.actions import ActionRegistry, ActionSpec

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def host(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def gui(make_gui):
    return make_gui()


def test_menus_refuse_an_action_that_does_nothing(host):
    registry = ActionRegistry(report=lambda exc: None, submenus=(),
                              specs=(ActionSpec("lonely", "Lonely", "Does nothing.", "run"),))

    with pytest.raises(RuntimeError, match="lonely"):
        registry.build_menus(host.menuBar())


def test_menus_are_built_once(host):
    registry = ActionRegistry(report=lambda exc: None, submenus=(),
                              specs=(ActionSpec("one", "One", "Does one thing.", "run"),))
    registry.bind("one", lambda: None)
    registry.build_menus(host.menuBar())

    with pytest.raises(RuntimeError, match="once"):
        registry.build_menus(host.menuBar())


def test_a_tooltip_names_the_shortcut():
    registry = ActionRegistry(report=lambda exc: None)

    assert registry["backward"].toolTip().endswith("(F6)")


def test_an_explorer_error_in_a_handler_is_reported_not_raised():
    reported = []
    registry = ActionRegistry(report=reported.append, submenus=(),
                              specs=(ActionSpec("boom", "Boom", "Fails.", "run"),))

    def fail():
        raise EngineError("That cannot be done.")

    registry.bind("boom", fail)
    registry["boom"].trigger()

    assert [str(e) for e in reported] == ["That cannot be done."]


def test_the_toolbar_is_built_from_the_table(gui):
    on_bar = {a.objectName() for a in gui.window.toolbar.actions() if not a.isSeparator()}

    assert on_bar == {f"action_{s.id}" for s in SPECS if s.toolbar}


def test_no_two_actions_share_a_shortcut():
    registry = ActionRegistry(report=lambda exc: None)

    keys = [row[2] for row in registry.shortcut_table()]

    assert len(keys) == len(set(keys))


def test_every_entry_of_the_table_has_a_handler(gui):
    assert gui.actions.unbound() == [] and set(gui.actions.actions) == {s.id for s in SPECS}


def _menu_places(menu: QMenu, key: str, places: dict[int, list[str]]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            _menu_places(sub, sub.objectName().removeprefix("menu_"), places)
        else:
            places.setdefault(id(action), []).append(key)


def test_every_action_appears_in_exactly_the_places_it_declares(gui):
    window = gui.window
    places: dict[int, list[str]] = {}
    for key, menu in window.menus.items():
        _menu_places(menu, key, places)
    for action in window.toolbar.actions():
        places.setdefault(id(action), []).append("toolbar")
    window.plot_loader.build()  # (built after the first paint otherwise)
    panels = {"controls": window.controls, "stepper": window.stepper_panel,
              "banner": window.accumulation_banner, "aside": window.aside_banner, "lab": gui.training.panel,
              "plot": window.plot_panel, "graph": window.graph_view}
    assert set(panels) == set(PANELS)
    for name, panel in panels.items():
        for button in panel.findChildren(QToolButton):
            if button.defaultAction() is not None:
                places.setdefault(id(button.defaultAction()), []).append(name)
            if button.menu() is not None:  # a drop-down button: its entries are the panel's
                for action in button.menu().actions():
                    places.setdefault(id(action), []).append(name)
        for box in panel.findChildren(QCheckBox):
            if box.property("action"):
                action = gui.actions[box.property("action").removeprefix("action_")]
                places.setdefault(id(action), []).append(name)

    wrong = {}
    for spec in SPECS:
        declared = sorted([spec.menu, *(["toolbar"] if spec.toolbar else []), *spec.panels])
        found = sorted(places.get(id(gui.actions[spec.id]), []))
        if found != declared:
            wrong[spec.id] = (declared, found)
    assert wrong == {}


def test_the_table_names_only_menus_and_panels_that_exist():
    menus = set(MENUS) | {m.id for m in SUBMENUS}

    assert [s.id for s in SPECS if s.menu not in menus or not set(s.panels) <= set(PANELS)] == []


def test_help_lists_every_shortcut_of_the_table(gui, qtbot):
    dialog = gui.window.show_shortcuts()
    table = dialog.findChild(QTableWidget)
    listed = [table.item(r, 1).text() for r in range(table.rowCount())]
    dialog.close()

    with_keys = [s.text.replace("&", "").rstrip(".") for s in sorted(SPECS, key=menu_order)
                 if not gui.actions[s.id].shortcut().isEmpty()]
    assert listed == with_keys


def test_the_readme_lists_the_shortcuts_of_the_table():
    """Every row of the README's table is an entry of the action table with a shortcut, in
    the table's order, and a shortcut written as keys in the table is written the same
    there. (The keys of standard shortcuts, Ctrl+Q..., depend on the desktop; the
    xvfb test in tests/packaging/test_readme.py checks them as a Linux desktop has them.)"""
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- shortcuts:start -->")[1].split("<!-- shortcuts:end -->")[0]
    rows = re.findall(r"^\| (.+?) \| (.+?) \| `(.+?)` \|$", block, re.M)
    order = list(MENUS)
    expected = sorted((s for s in SPECS if s.shortcut is not None),
                      key=lambda s: (order.index(s.menu), s.section))
    assert [(m, c) for m, c, _keys in rows] == [
        (MENUS[s.menu].replace("&", ""), s.text.replace("&", "").rstrip(".").rstrip()) for s in expected]
    assert [keys for (_m, _c, keys), s in zip(rows, expected) if isinstance(s.shortcut, str)] == [
        s.shortcut for s in expected if isinstance(s.shortcut, str)]


def test_every_menu_gives_each_item_its_own_mnemonic(gui):
    clashes = []
    for menu in [*gui.window.menus.values(), *gui.actions.submenus.values()]:
        keys = [a.text().split("&", 1)[1][0].lower() for a in menu.actions()
                if "&" in a.text() and not a.isSeparator()]
        clashes += [(menu.title(), k) for k in set(keys) if keys.count(k) > 1]
    assert clashes == []



def _active_window(gui, qtbot):
    """The window shown and active, so its shortcuts reach it."""
    window = gui.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_a_shortcut_runs_its_command_in_the_window(gui, qtbot):
    from PySide6.QtCore import Qt

    window = _active_window(gui, qtbot)
    gui.commands.zero_grad()

    qtbot.keyClick(window.graph_view, Qt.Key.Key_F6)  # Backward

    qtbot.waitUntil(lambda: gui.session.has_grads, timeout=2000)
    assert gui.session.graph.root.grad == 1.0


def _connected(action) -> bool:
    meta = action.metaObject()
    return any(action.isSignalConnected(meta.method(meta.indexOfSignal(signal)))
               for signal in ("triggered(bool)", "toggled(bool)"))


def test_every_item_of_every_menu_and_the_toolbar_is_the_tables_and_does_something(gui):
    """No dead menu item and none added behind the table's back: an item is an entry of
    the table (with its handler) or an entry of a submenu the table says is filled
    from data (recent files, examples), connected to what it opens."""
    filled = {f"menu_{m.id}" for m in SUBMENUS if m.filled}
    table = {f"action_{s.id}" for s in SPECS}
    gui.actions.submenus["recent"].aboutToShow.emit()
    wrong = []

    def walk(menu, where: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), action.menu().objectName())
            elif where in filled:
                if not _connected(action):
                    wrong.append((where, action.text(), "does nothing"))
            elif action.objectName() not in table:
                wrong.append((where, action.text(), "not in the action table"))
            elif not _connected(action):
                wrong.append((where, action.text(), "does nothing"))

    for key, menu in gui.window.menus.items():
        walk(menu, key)
    walk(gui.window.toolbar, "toolbar")
    assert wrong == [] and len(gui.actions.submenus["examples"].actions()) >= 7


def test_ctrl_equals_zooms_in_wherever_the_focus_is(gui, qtbot):
    from PySide6.QtCore import Qt

    window = _active_window(gui, qtbot)
    view = window.graph_view
    before = view.transform().m11()

    qtbot.keyClick(window.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)

    assert view.transform().m11() > before and "Ctrl+=" in gui.actions["zoom_in"].toolTip()


def test_no_shortcut_is_set_outside_the_action_table():
    """Keys come from the table, so Help and the README list every one."""
    import ast

    ui = Path(__file__).resolve().parents[2] / "explorer" / "ui"
    found = []
    for path in sorted(ui.glob("*.py")):
        if path.name == "actions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "attr", None) or getattr(node, "id", "")  # x.setShortcut or QShortcut
            if name in ("setShortcut", "setShortcuts", "QShortcut"):
                found.append(f"{path.name}:{node.lineno} {name}")
    assert found == []


def test_the_plot_legend_is_the_view_menus_entry_and_the_plots_button(gui):
    gui.window.plot_loader.build()
    panel = gui.window.plot_panel
    assert panel.legend_button.defaultAction() is gui.actions["plot_legend"] and panel.canvas.legend is None

    gui.actions["plot_legend"].trigger()  # View > Plot legend

    assert panel.canvas.legend is not None and panel.legend_button.isChecked()
