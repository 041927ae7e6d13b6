"""The project's error family, for code outside the engine.

Every failure a user can cause is an :class:`ExplorerError` subclass with a message a
learner understands (DESIGN decision 6). The base lives in the engine, which imports
nothing else from the package; the rest of the family is declared here.
"""

from __future__ import annotations

from .engine.errors import EngineError, ExplorerError

__all__ = ["ExplorerError", "EngineError", "FileFormatError", "ExportError"]


class FileFormatError(ExplorerError):
    """A session file that is damaged, truncated, of an unknown version or not ours."""


class ExportError(ExplorerError):
    """An image or file could not be written (folder not writable, disk full...)."""
