"""Look and memory of the window: light/dark theme, the app icon, and settings that persist.

The main window calls four functions and gets the rest for free::

    app = QApplication(argv)
    theme.setup_application(app)               # names, icon, desktop id, saved theme
    window = build_window().window
    theme.restore_window_state(window, "main", version)  # before show(): geometry, docks, splitters
    ...
    def closeEvent(self, event):
        theme.save_window_state(self, "main", version)

Settings go through :func:`settings` (QSettings: the registry on Windows, a plist on macOS, an
INI file in ``~/.config/gradient-explorer/`` on Linux). Tests never touch the user's settings:
when ``GRADIENT_EXPLORER_TESTING`` is set (tests/conftest.py sets it) they go to a temporary INI
file, and :func:`use_settings_file` or ``$GRADIENT_EXPLORER_SETTINGS`` point them anywhere.

Theme: "system" follows the desktop's light or dark setting, live; "light" and "dark" override
it. Where the platform can switch its own style (Qt >= 6.8 on Windows 11, macOS, GNOME/KDE
portals) we ask it to; where it cannot (plain X11, the offscreen platform) we switch to the
Fusion style with our own palette, so the override always takes effect.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

__all__ = [
    "ORGANIZATION", "APPLICATION", "DISPLAY_NAME", "APP_ID", "THEMES", "ENV_SETTINGS",
    "setup_application", "settings", "use_settings_file",
    "apply_theme", "theme_mode", "save_theme_mode", "is_dark", "colors", "light_palette", "dark_palette",
    "restore_window_state", "save_window_state", "last_folder", "remember_folder",
    "icon_dir", "app_icon",
]

# QSettings' names: ~/.config/gradient-explorer/gradient-explorer.conf on Linux. The same short
# name as the autosave folder (explorer.userdirs.APP_NAME), so a user finds both.
ORGANIZATION = "gradient-explorer"
APPLICATION = "gradient-explorer"
DISPLAY_NAME = "Gradient Explorer"
# Reverse-DNS id shared by the .desktop file, the AppStream metainfo and the installed icon name;
# Wayland compositors match the window to its desktop entry (and so its icon) by it.
APP_ID = "io.github.gradient_explorer.GradientExplorer"
THEMES = ("system", "light", "dark")
ENV_SETTINGS = "GRADIENT_EXPLORER_SETTINGS"
ENV_TESTING = "GRADIENT_EXPLORER_TESTING"

ICON_NAME = "gradient-explorer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_settings_file: Path | None = None
_test_dir: Path | None = None


# --- settings -------------------------------------------------------------------------------------


def use_settings_file(path: str | os.PathLike[str] | None) -> None:
    """Keep every setting in this INI file from now on (None: back to the normal place)."""
    global _settings_file
    _settings_file = None if path is None else Path(path)


def _testing_file() -> Path:
    # One throw-away folder per test process, removed at exit: a test can never read what a
    # person's real session saved, nor leave anything behind.
    global _test_dir
    if _test_dir is None:
        _test_dir = Path(tempfile.mkdtemp(prefix="gradient-explorer-settings-"))
        atexit.register(shutil.rmtree, _test_dir, True)
    return _test_dir / "settings.ini"


def settings() -> QSettings:
    """The application's settings store. Create one per use; QSettings objects are cheap."""
    if _settings_file is not None:
        return QSettings(str(_settings_file), QSettings.Format.IniFormat)
    if os.environ.get(ENV_SETTINGS):
        return QSettings(os.environ[ENV_SETTINGS], QSettings.Format.IniFormat)
    if os.environ.get(ENV_TESTING):
        return QSettings(str(_testing_file()), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def _string(store: QSettings, key: str, default: str) -> str:
    # Settings files can be edited by hand or come from another version: never trust the type.
    value = store.value(key, default)
    return value if isinstance(value, str) else default


# --- resources and the icon --------------------------------------------------------------------


def icon_dir() -> Path | None:
    """The folder holding the app icon's SVG and PNGs: package data
    (``explorer/resources/icons``), or ``sys._MEIPASS/resources/icons`` in a PyInstaller
    bundle. A folder counts only if it holds our icon."""
    candidates = [Path(__file__).resolve().parent.parent / "resources" / "icons"]
    bundle = getattr(sys, "_MEIPASS", None)  # set only inside a PyInstaller bundle
    if bundle:
        candidates.insert(0, Path(bundle) / "resources" / "icons")
    return next((path for path in candidates if (path / f"{ICON_NAME}.svg").is_file()), None)


def app_icon() -> QIcon:
    """The app icon: exact PNGs at 16..512 px (small sizes are hand-simplified), SVG in between.

    With the SVG as the base engine, any size a HiDPI screen asks for (say 40 px at 125 %) is
    rendered sharp, while the sizes we drew PNGs for use them unchanged.
    """
    folder = icon_dir()
    if folder is None:
        return QIcon()
    svg = folder / f"{ICON_NAME}.svg"
    icon = QIcon(str(svg)) if svg.is_file() else QIcon()
    for size in ICON_SIZES:
        png = folder / f"{ICON_NAME}-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


# --- theme ---------------------------------------------------------------------------------------


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (the palette in use, or the one given)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _palette(colors: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role, color in disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


R = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style (contrast of text on base about 13:1)."""
    return _palette(
        {
            R.Window: "#2b2d31", R.WindowText: "#e6e6e6", R.Base: "#1f2023", R.AlternateBase: "#2b2d31",
            R.ToolTipBase: "#3a3d42", R.ToolTipText: "#f0f0f0", R.PlaceholderText: "#8a8f98",
            R.Text: "#e6e6e6", R.Button: "#34373c", R.ButtonText: "#e6e6e6", R.BrightText: "#ff6b6b",
            R.Light: "#44474d", R.Midlight: "#3a3d42", R.Mid: "#26282c", R.Dark: "#1a1b1e",
            R.Shadow: "#000000", R.Highlight: "#3d7bd9", R.HighlightedText: "#ffffff",
            R.Link: "#7ab4ff", R.LinkVisited: "#c49bff", R.Accent: "#3d7bd9",
        },
        {R.WindowText: "#7d8087", R.Text: "#7d8087", R.ButtonText: "#7d8087", R.Highlight: "#3a3d42",
         R.HighlightedText: "#9a9da3"},
    )


def light_palette() -> QPalette:
    """The light counterpart, close to Fusion's own so the override looks like the default."""
    return _palette(
        {
            R.Window: "#efefef", R.WindowText: "#1a1a1a", R.Base: "#ffffff", R.AlternateBase: "#f5f5f5",
            R.ToolTipBase: "#ffffdc", R.ToolTipText: "#000000", R.PlaceholderText: "#80808a",
            R.Text: "#1a1a1a", R.Button: "#efefef", R.ButtonText: "#1a1a1a", R.BrightText: "#ffffff",
            R.Light: "#ffffff", R.Midlight: "#cacaca", R.Mid: "#b8b8b8", R.Dark: "#9f9f9f",
            R.Shadow: "#767676", R.Highlight: "#3071c8", R.HighlightedText: "#ffffff",
            R.Link: "#0b57d0", R.LinkVisited: "#7a3cc4", R.Accent: "#3071c8",
        },
        {R.WindowText: "#9a9a9a", R.Text: "#9a9a9a", R.ButtonText: "#9a9a9a", R.Highlight: "#c8c8c8",
         R.HighlightedText: "#ffffff"},
    )


_TEXT_COLORS = {
    # Editor and panel accents, chosen per background so each stays readable (>= 4.5:1 on Base).
    False: {
        "keyword": "#7c3aed", "builtin": "#0e7490", "number": "#b45309", "string": "#15803d",
        "comment": "#6b7280", "note": "#2563eb", "span": "#fde68a", "error": "#dc2626",
        "error_line": "#fee2e2",
    },
    True: {
        "keyword": "#c4b5fd", "builtin": "#67e8f9", "number": "#fbbf24", "string": "#86efac",
        "comment": "#9ca3af", "note": "#93c5fd", "span": "#5b4a12", "error": "#f87171",
        "error_line": "#4c1d1d",
    },
}


def colors(dark: bool | None = None) -> dict[str, str]:
    """Named accent colours (syntax, notes, error marks) for a light or dark background.

    ``dark=None`` asks the palette in use. Returns a fresh dict, so callers may keep it.
    """
    return dict(_TEXT_COLORS[is_dark() if dark is None else bool(dark)])


_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
_PROP_MODE = "gradientExplorerTheme"
_PROP_STYLE = "gradientExplorerPlatformStyle"


def _system_scheme(app: QApplication) -> str | None:
    scheme = app.styleHints().colorScheme()
    return {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(scheme)


def _use_style(app: QApplication, name: str) -> None:
    if app.style().name().lower() != name.lower():
        app.setStyle(name)


def apply_theme(app: QApplication, mode: str = "system") -> str:
    """Switch the whole application to ``mode`` ("system", "light" or "dark").

    Returns the theme now showing, "light" or "dark". In "system" mode the app follows later
    changes of the desktop's setting too. An unknown mode counts as "system".
    """
    mode = mode if mode in THEMES else "system"
    hints = app.styleHints()
    if app.property(_PROP_STYLE) is None:
        # Remember the platform's own style once, to return to it when an override ends.
        app.setProperty(_PROP_STYLE, app.style().name())
        hints.colorSchemeChanged.connect(lambda _scheme: _follow_system(app))
    app.setProperty(_PROP_MODE, mode)

    if mode == "system":
        if hasattr(hints, "unsetColorScheme"):  # Qt >= 6.8
            hints.unsetColorScheme()
        _use_style(app, str(app.property(_PROP_STYLE)))
        app.setPalette(QPalette())  # back to the platform's palette
        wanted = _system_scheme(app)
        if wanted is None or is_dark(app.palette()) == (wanted == "dark"):
            return "dark" if is_dark(app.palette()) else "light"
        # The desktop says dark but the platform gives no dark palette (X11 without a theme
        # plugin): draw it ourselves.
    else:
        wanted = mode
        if hasattr(hints, "setColorScheme"):  # Qt >= 6.8: let the native style switch if it can
            hints.setColorScheme(_SCHEMES[mode])
        _use_style(app, str(app.property(_PROP_STYLE)))
        app.setPalette(QPalette())
        if is_dark(app.palette()) == (wanted == "dark"):
            return wanted
    # Native styles (Windows, macOS) ignore custom palettes; Fusion honours them everywhere.
    _use_style(app, "Fusion")
    app.setPalette(dark_palette() if wanted == "dark" else light_palette())
    return wanted


def _follow_system(app: QApplication) -> None:
    if app.property(_PROP_MODE) == "system":
        apply_theme(app, "system")


def theme_mode() -> str:
    """The theme the user chose last time ("system" unless they chose otherwise)."""
    mode = _string(settings(), "appearance/theme", "system")
    return mode if mode in THEMES else "system"


def save_theme_mode(mode: str) -> None:
    if mode not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {mode!r}")
    settings().setValue("appearance/theme", mode)


# --- application set-up --------------------------------------------------------------------------


def setup_application(app: QApplication) -> str:
    """Name the application, give it its icon and desktop id, and apply the saved theme.

    Call once, right after creating the QApplication and before any window. Returns the theme
    showing ("light" or "dark").
    """
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)
    # Wayland and GNOME match windows to gradient-explorer's .desktop entry by this id.
    app.setDesktopFileName(APP_ID)
    try:
        from explorer import __version__
    except ImportError:  # pragma: no cover - the package is always importable here
        __version__ = ""
    app.setApplicationVersion(__version__)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return apply_theme(app, theme_mode())


# --- window geometry, splitters, folders ---------------------------------------------------------


def _splitters(window: QWidget) -> list[QSplitter]:
    # Only named splitters are remembered: a name stays valid when the layout changes, a
    # position in a list does not (and restoring sizes into the wrong splitter looks broken).
    return [s for s in window.findChildren(QSplitter) if s.objectName()]


def save_window_state(window: QWidget, key: str, version: int = 0) -> None:
    """Remember ``window``'s size and place, its toolbars and docks, and its named splitters;
    ``version`` is that of its panels' arrangement."""
    store = settings()
    store.beginGroup(f"windows/{key}")
    store.setValue("geometry", window.saveGeometry())
    if isinstance(window, QMainWindow):
        # Versioned: a layout saved by an older arrangement of the panels is not restored.
        store.setValue("state", window.saveState(version))
    for splitter in _splitters(window):
        store.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    store.endGroup()
    store.sync()


def _bytes(store: QSettings, key: str) -> QByteArray | None:
    value = store.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def restore_window_state(window: QWidget, key: str, version: int = 0) -> bool:
    """Put ``window`` back as :func:`save_window_state` left it; call before ``show()``.
    A layout saved under another ``version`` of the panels' arrangement is not restored.

    Returns False when nothing was saved yet (the caller keeps its default size). Damaged or
    foreign data is ignored piece by piece; Qt moves a window that would land off every screen.
    """
    store = settings()
    store.beginGroup(f"windows/{key}")
    restored = False
    geometry = _bytes(store, "geometry")
    if geometry is not None:
        restored = bool(window.restoreGeometry(geometry))
    state = _bytes(store, "state")
    if state is not None and isinstance(window, QMainWindow):
        restored = bool(window.restoreState(state, version)) or restored
    for splitter in _splitters(window):
        sizes = _bytes(store, f"splitters/{splitter.objectName()}")
        if sizes is not None:
            restored = bool(splitter.restoreState(sizes)) or restored
    store.endGroup()
    return restored


def last_folder(kind: str = "open") -> str:
    """The folder the user last used for ``kind`` ("open", "save", "export" ...), or home.

    A folder that has since been deleted or unmounted falls back to home, so a file dialog
    never opens on a path that does not exist.
    """
    folder = _string(settings(), f"folders/{kind}", "")
    if folder and Path(folder).is_dir():
        return folder
    return str(Path.home())


def remember_folder(path: str | os.PathLike[str], kind: str = "open") -> None:
    """Remember the folder of ``path`` (a file or a folder) for the next ``kind`` dialog."""
    target = Path(path).expanduser()
    folder = target if target.is_dir() else target.parent
    settings().setValue(f"folders/{kind}", str(folder.resolve()))
