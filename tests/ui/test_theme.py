"""Theme, icon and remembered settings: what a person sees and what the app remembers between runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter

from explorer.ui import theme


@pytest.fixture
def store(tmp_path):
    """Settings in a throw-away INI file, never the user's."""
    path = tmp_path / "settings.ini"
    theme.use_settings_file(path)
    yield path
    theme.use_settings_file(None)


@pytest.fixture
def app(qapp):
    yield qapp
    theme.apply_theme(qapp, "system")  # leave the shared application as other tests expect it


def make_window(qtbot) -> tuple[QMainWindow, QSplitter]:
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("editor_graph")
    splitter.addWidget(QLabel("editor"))
    splitter.addWidget(QLabel("graph"))
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    return window, splitter


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 = none, 21 = black on white)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- settings location ---------------------------------------------------------------------------


def test_tests_never_read_or_write_the_users_settings():
    theme.use_settings_file(None)
    assert os.environ.get(theme.ENV_TESTING)  # tests/conftest.py promises this

    location = Path(theme.settings().fileName()).resolve()

    assert not location.is_relative_to(Path.home() / ".config")


# --- window geometry and splitters ---------------------------------------------------------------


def test_window_size_and_splitter_sizes_come_back_in_the_next_session(qtbot, store):
    window, splitter = make_window(qtbot)
    window.resize(700, 420)
    window.show()
    splitter.setSizes([150, 550])
    chosen = splitter.sizes()
    theme.save_window_state(window, "main")
    window.close()

    again, again_splitter = make_window(qtbot)
    restored = theme.restore_window_state(again, "main")
    again.show()

    assert restored and (again.width(), again.height()) == (700, 420) and again_splitter.sizes() == chosen


def test_a_first_start_restores_nothing_and_keeps_the_default_size(qtbot, store):
    window, _ = make_window(qtbot)
    window.resize(640, 480)

    assert not theme.restore_window_state(window, "main") and window.width() == 640


def test_damaged_saved_state_is_ignored(qtbot, store):
    theme.settings().setValue("windows/main/geometry", "not a geometry")
    theme.settings().setValue("windows/main/splitters/editor_graph", QByteArray(b"\x00garbage"))
    window, splitter = make_window(qtbot)
    window.resize(640, 480)

    restored = theme.restore_window_state(window, "main")

    assert not restored and window.width() == 640


# --- last folders --------------------------------------------------------------------------------


def test_the_open_dialog_starts_in_the_folder_of_the_last_opened_file(tmp_path, store):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    theme.remember_folder(lessons / "neuron.gexp", "open")

    assert theme.last_folder("open") == str(lessons.resolve())


def test_a_remembered_folder_that_was_deleted_falls_back_to_home(tmp_path, store):
    gone = tmp_path / "gone"
    gone.mkdir()
    theme.remember_folder(gone, "export")
    gone.rmdir()

    assert theme.last_folder("export") == str(Path.home())


# --- theme ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_choosing_a_theme_switches_the_palette(app, mode):
    showing = theme.apply_theme(app, mode)

    assert showing == mode and theme.is_dark(app.palette()) == (mode == "dark")


def test_system_mode_returns_to_the_platforms_palette(app):
    platform_window = app.style().standardPalette().color(QPalette.ColorRole.Window)
    theme.apply_theme(app, "dark")

    theme.apply_theme(app, "system")

    assert app.palette().color(QPalette.ColorRole.Window) == platform_window


def test_the_chosen_theme_is_remembered_and_a_bad_value_means_system(store):
    theme.save_theme_mode("dark")
    remembered = theme.theme_mode()
    theme.settings().setValue("appearance/theme", "purple")

    assert (remembered, theme.theme_mode()) == ("dark", "system")


@pytest.mark.parametrize("palette", [theme.light_palette, theme.dark_palette], ids=["light", "dark"])
def test_text_is_readable_in_both_palettes(palette):
    p = palette()

    assert contrast(p.color(QPalette.ColorRole.Text), p.color(QPalette.ColorRole.Base)) >= 7
    assert contrast(p.color(QPalette.ColorRole.WindowText), p.color(QPalette.ColorRole.Window)) >= 7


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_editor_accent_colours_are_readable_on_their_background(dark):
    base = (theme.dark_palette() if dark else theme.light_palette()).color(QPalette.ColorRole.Base)
    text = (theme.dark_palette() if dark else theme.light_palette()).color(QPalette.ColorRole.Text)
    c = theme.colors(dark)

    low = {name: round(contrast(QColor(c[name]), base), 2)
           for name in ("keyword", "builtin", "number", "string", "comment", "note", "error")
           if contrast(QColor(c[name]), base) < 4.5}
    low |= {name: round(contrast(text, QColor(c[name])), 2)
            for name in ("span", "error_line") if contrast(text, QColor(c[name])) < 4.5}

    assert low == {}


# --- icon and application identity ---------------------------------------------------------------


def test_the_icon_uses_the_hand_drawn_png_at_small_sizes_and_stays_sharp_at_any_size(app):
    icon = theme.app_icon()
    argb = QImage.Format.Format_ARGB32
    drawn = QImage(str(theme.icon_dir() / "gradient-explorer-16.png")).convertToFormat(argb)

    small = icon.pixmap(16, 16).toImage().convertToFormat(argb)
    odd = icon.pixmap(40, 40)

    assert small == drawn and (odd.width(), odd.height()) == (40, 40)


def test_setup_names_the_application_for_settings_desktop_entry_and_icon(app, store):
    theme.setup_application(app)

    assert (app.organizationName(), app.applicationName(), app.desktopFileName()) == (
        theme.ORGANIZATION, theme.APPLICATION, theme.APP_ID)
    assert not app.windowIcon().isNull()


def test_setup_applies_the_saved_theme(app, store):
    theme.save_theme_mode("dark")

    showing = theme.setup_application(app)

    assert showing == "dark" and theme.is_dark(QApplication.palette())


def test_system_mode_follows_the_desktop_turning_dark_while_the_app_runs(app, monkeypatch):
    theme.apply_theme(app, "system")
    # The offscreen platform has no desktop setting; play the desktop switching to dark.
    monkeypatch.setattr(theme, "_system_scheme", lambda _app: "dark")

    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert theme.is_dark(app.palette())


def test_a_chosen_theme_ignores_the_desktop_switching(app, monkeypatch):
    theme.apply_theme(app, "light")
    monkeypatch.setattr(theme, "_system_scheme", lambda _app: "dark")

    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert not theme.is_dark(app.palette())
