"""The action registry: one declaration feeds menus, toolbar and the shortcut list."""

import pytest
from PySide6.QtWidgets import QMainWindow, QToolBar

from explorer.engine import EngineError
from explorer.ui.actions import SPECS, ActionRegistry, ActionSpec


@pytest.fixture
def host(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


def test_menus_refuse_an_action_that_does_nothing(host):
    registry = ActionRegistry(host, report=lambda exc: None,
                              specs=(ActionSpec("lonely", "Lonely", "Does nothing.", "run"),))

    with pytest.raises(RuntimeError, match="lonely"):
        registry.build_menus(host.menuBar())


def test_a_tooltip_names_the_shortcut(host):
    registry = ActionRegistry(host, report=lambda exc: None)

    assert registry["backward"].toolTip().endswith("(F6)")


def test_an_explorer_error_in_a_handler_is_reported_not_raised(host):
    reported = []
    registry = ActionRegistry(host, report=reported.append,
                              specs=(ActionSpec("boom", "Boom", "Fails.", "run"),))

    def fail():
        raise EngineError("That cannot be done.")

    registry.bind("boom", fail)
    registry["boom"].trigger()

    assert [str(e) for e in reported] == ["That cannot be done."]


def test_the_toolbar_is_built_from_the_specs(host):
    registry = ActionRegistry(host, report=lambda exc: None)
    toolbar = QToolBar()

    registry.build_toolbar(toolbar)

    on_bar = {a.objectName() for a in toolbar.actions() if not a.isSeparator()}
    assert on_bar == {f"action_{s.id}" for s in SPECS if s.toolbar}


def test_no_two_actions_share_a_shortcut(host):
    registry = ActionRegistry(host, report=lambda exc: None)

    keys = [row[1] for row in registry.shortcut_table()]

    assert len(keys) == len(set(keys))


def test_every_menu_gives_each_item_its_own_mnemonic(qtbot):
    from explorer.ui.app import install_extensions
    from explorer.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    install_extensions(window)
    clashes = []
    for menu in window.menus.values():
        keys = [a.text().split("&", 1)[1][0].lower() for a in menu.actions()
                if "&" in a.text() and not a.isSeparator()]
        clashes += [(menu.title(), k) for k in set(keys) if keys.count(k) > 1]
    assert clashes == []
