"""The composition root: one function builds the window; nothing patches it afterwards."""

from __future__ import annotations

import ast
from pathlib import Path

from explorer.model.session import L_EXAMPLE, Session

UI = Path(__file__).resolve().parents[2] / "explorer" / "ui"


def _ui_modules() -> dict[str, ast.Module]:
    return {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(UI.glob("*.py"))}


def test_the_window_its_model_and_its_controllers_are_built_together(make_gui):
    session = Session(L_EXAMPLE)

    gui = make_gui(session)

    sessions = (gui.window.session, gui.commands.session, gui.undo.commands.session, gui.documents.session,
                gui.exports.session)
    assert all(s is session for s in sessions)
    assert {gui.documents.parent(), gui.exports.parent(), gui.training.parent()} == {gui.window}


def test_no_module_sets_an_attribute_on_the_window_from_outside():
    """``window.documents = ...`` from an installer is how the window used to grow: every
    attribute of the window is now set by the window itself (``self.x = ...``)."""
    patches = []
    for name, tree in _ui_modules().items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                # window.x = ..., and through a reference kept elsewhere: self._window.x = ...
                owner = target.value if isinstance(target, ast.Attribute) else None
                owner_name = owner.id if isinstance(owner, ast.Name) else \
                    owner.attr if isinstance(owner, ast.Attribute) else ""
                if "window" in owner_name.lower():
                    patches.append(f"{name}:{node.lineno} {owner_name}.{target.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr" and node.args \
                    and isinstance(node.args[0], ast.Name) and "window" in node.args[0].id.lower():
                patches.append(f"{name}:{node.lineno} setattr({node.args[0].id}, ...)")
    assert patches == []


BY_HAND = ("insertAction", "insertMenu", "insertSeparator", "removeAction")


def test_no_menu_is_changed_by_hand_after_it_is_built():
    """Menus come from the action table (actions.py builds them); nothing inserts items."""
    by_hand = []
    for name, tree in _ui_modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in BY_HAND:
                by_hand.append(f"{name}:{node.lineno} {node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "addMenu" and name != "actions.py":
                by_hand.append(f"{name}:{node.lineno} addMenu")
    assert by_hand == []


def test_opening_examples_leaves_the_menus_as_built(make_gui):
    gui = make_gui()

    def shape():
        menus = [*gui.window.menus.values(), *gui.actions.submenus.values()]
        return {menu.objectName(): [a.text() for a in menu.actions()]
                for menu in menus if menu.objectName() != "menu_recent"}

    before = shape()
    gui.documents.open_example("L")
    gui.documents.open_example("training")
    assert shape() == before
