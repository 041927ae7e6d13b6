"""Windows for the UI tests, built as the application builds them (explorer.ui.compose)."""

from __future__ import annotations

import pytest

from explorer.ui.compose import Gui, build_window


@pytest.fixture
def make_gui(qtbot):
    """``make_gui(session=None, **options) -> Gui``: the whole window, with no crash
    recovery offered, no autosave, and "discard" as the answer to "Save changes?"
    (a test that cares sets its own answer), closed after the test."""

    def make(session=None, **options) -> Gui:
        options.setdefault("recover", False)
        options.setdefault("autosave", False)
        gui = build_window(session, **options)
        gui.documents.ask_save_changes = lambda name: "discard"
        qtbot.addWidget(gui.window)
        return gui

    return make
