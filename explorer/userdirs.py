"""The per-user folders, in one place: where autosaves, recent files and the log go.

platformdirs names each system's own place (on Linux ``~/.local/state/gradient-explorer``
and ``~/.local/state/gradient-explorer/log``). ``$GRADIENT_EXPLORER_STATE_DIR`` moves
the state folder anywhere. Under the test suite (``GRADIENT_EXPLORER_TESTING``) both
are private temporary folders, so tests never touch a real user's files. (The
window's own settings are Qt's, see :mod:`explorer.ui.theme`.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ExplorerError

__all__ = ["APP_NAME", "ENV_STATE_DIR", "ENV_TESTING", "UserFolderError", "state_dir", "log_dir"]

APP_NAME = "gradient-explorer"
ENV_STATE_DIR = "GRADIENT_EXPLORER_STATE_DIR"
ENV_TESTING = "GRADIENT_EXPLORER_TESTING"

_test_dir: Path | None = None


class UserFolderError(ExplorerError):
    """A per-user folder cannot be created."""


def state_dir() -> Path:
    """The per-user state folder, created if missing: autosaves, recent files."""
    global _test_dir
    env = os.environ.get(ENV_STATE_DIR)
    if env:
        folder = Path(env).expanduser()
    elif os.environ.get(ENV_TESTING):
        if _test_dir is None:
            _test_dir = Path(tempfile.mkdtemp(prefix="gradient-explorer-state-"))
        folder = _test_dir
    else:
        import platformdirs

        folder = platformdirs.user_state_path(APP_NAME, appauthor=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserFolderError(f"The folder for autosaves, {folder}, cannot be created "
                              f"({exc.strerror or exc}).") from None
    return folder


def log_dir() -> Path:
    """Where unexpected errors are logged (not created here: only a first error does)."""
    if os.environ.get(ENV_TESTING):
        return Path(tempfile.gettempdir()) / "gradient-explorer-test-logs"
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False)
