"""Autosave and crash recovery, with no Qt in it.

While the window runs, its unsaved session is written every few seconds of idle
time to the per-user state folder (:mod:`explorer.userdirs`: ``~/.local/state/gradient-explorer``
on Linux, ``~/Library/Application Support/gradient-explorer`` on macOS,
``%LOCALAPPDATA%\\gradient-explorer`` on Windows), or to ``$GRADIENT_EXPLORER_STATE_DIR``
when that is set (tests point it at a temporary folder).

How a crash is told apart from a window that is simply still open: each running
window holds an exclusive lock on its own ``<id>.lock`` file for as long as it
lives. The operating system drops that lock when the process ends, however it
ends (even ``kill -9``). At start-up, :func:`find_recoverable` lists the autosaves
whose lock it *can* take: their owner is gone without cleaning up — a crash.
A clean exit (:meth:`Autosaver.close`) deletes its autosave, so nothing is offered.

Each autosave is one file written atomically (temp + rename, via
:mod:`explorer.fileio`): a crash in the middle of an autosave leaves the previous
one whole. Its content is an envelope around a normal session document (see
:mod:`explorer.document`), read back with the same defensive checks.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ExplorerError, FileFormatError
from ..userdirs import state_dir
from .document import (
    MAX_FILE_BYTES,
    SessionDocument,
    document_from_data,
    document_to_data,
    load_json,
)
from .document import VERSION as DOCUMENT_VERSION

__all__ = [
    "AUTOSAVE_FORMAT", "AutosaveError", "autosave_dir", "Autosaver",
    "Recovery", "find_recoverable", "IDLE_SECONDS", "MAX_DELAY_SECONDS",
]

AUTOSAVE_FORMAT = "gradient-explorer-autosave"
AUTOSAVE_VERSION = 1
_SUFFIX = ".autosave"
_LOCK = ".lock"

# Autosave after this much idle time, and at least this often while the user keeps
# typing: a crash loses at most a few seconds of work.
IDLE_SECONDS = 2.0
MAX_DELAY_SECONDS = 5.0


class AutosaveError(ExplorerError):
    """The state folder cannot hold autosaves (cannot be created, written or locked)."""


def autosave_dir() -> Path:
    folder = state_dir() / "autosave"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise AutosaveError(f"The folder for autosaves, {folder}, cannot be created "
                            f"({exc.strerror or exc}).") from None
    return folder


# -- locks: held by a live window, dropped by the OS when it dies -----------------------------


def _try_lock(path: Path) -> IO[bytes] | None:
    """Open ``path`` and take an exclusive lock without waiting; None if another
    process (or another open file here) holds it."""
    try:
        fh = open(path, "a+b")
    except OSError:
        return None
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def _unlock(fh: IO[bytes] | None) -> None:
    if fh is None:
        return
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass
    finally:
        fh.close()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# -- writing ------------------------------------------------------------------------------------


class Autosaver:
    """This window's autosave slot: ``write`` often, ``clear`` when saved, ``close`` on exit.

    >>> saver = Autosaver()                      # doctest: +SKIP
    >>> saver.write(snapshot(session), path=session.path)
    >>> saver.close()                            # clean exit: nothing to recover
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None):
        self.directory = Path(directory) if directory is not None else autosave_dir()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AutosaveError(f"The folder for autosaves, {self.directory}, cannot be created "
                                f"({exc.strerror or exc}).") from None
        self.id = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.file = self.directory / f"{self.id}{_SUFFIX}"
        self.lock_file = self.directory / f"{self.id}{_LOCK}"
        self._lock = _try_lock(self.lock_file)
        if self._lock is None:
            raise AutosaveError(f"The autosave folder {self.directory} cannot be used "
                                "(it could not be locked).")
        self.last_write: float | None = None

    def write(self, doc: SessionDocument, *, path: str | os.PathLike[str] | None = None) -> Path:
        """Save ``doc`` (the unsaved session; ``path`` its file, if it has one) atomically.

        Raises ExplorerError (ExportError) if the state folder cannot be written."""
        from ..fileio import atomic_write_text

        if self._lock is None:
            raise AutosaveError("This autosave slot was closed.")
        envelope: dict[str, Any] = {
            "format": AUTOSAVE_FORMAT,
            "version": AUTOSAVE_VERSION,
            "saved_at": time.time(),
            "path": None if path is None else os.fspath(path),
            "pid": os.getpid(),
            "document": document_to_data(doc),
        }
        try:
            text = json.dumps(envelope, ensure_ascii=False, allow_nan=False)
        except ValueError:
            raise FileFormatError("This session holds a number that cannot be saved.") from None
        atomic_write_text(self.file, text)
        self.last_write = time.monotonic()
        return self.file

    def clear(self) -> None:
        """Forget the autosave (the document was saved, or has no unsaved changes)."""
        _remove(self.file)
        self.last_write = None

    def close(self) -> None:
        """A clean exit: delete the autosave and release the lock."""
        self.clear()
        lock, self._lock = self._lock, None
        _unlock(lock)
        _remove(self.lock_file)

    @property
    def closed(self) -> bool:
        return self._lock is None

    def __enter__(self) -> Autosaver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- recovering ---------------------------------------------------------------------------------


@dataclass
class Recovery:
    """An autosave left behind by a window that did not exit cleanly.

    While a Recovery exists this process holds its lock, so a second window
    starting at the same moment does not offer the same work twice."""

    file: Path
    saved_at: float  # seconds since the epoch
    path: str | None  # the file the session had been saved to, if any
    document: SessionDocument
    _lock: IO[bytes] | None = None
    _lock_file: Path | None = None

    @property
    def title(self) -> str:
        """How the dialog names it: the file's name, or 'untitled'."""
        return Path(self.path).name if self.path else "untitled"

    def discard(self) -> None:
        """Delete it (after restoring it, or when the user declines)."""
        _remove(self.file)
        self.release()
        if self._lock_file is not None:
            _remove(self._lock_file)

    def release(self) -> None:
        """Let go of it without deleting (it will be offered again next time)."""
        lock, self._lock = self._lock, None
        _unlock(lock)


def find_recoverable(directory: str | os.PathLike[str] | None = None) -> list[Recovery]:
    """Autosaves of windows that crashed, newest first.

    Autosaves of windows still running are skipped (their lock is held). An
    autosave that cannot be read (damaged, from a newer version) is deleted:
    it can never be restored, and it would be offered forever. Lock files
    without an autosave (a window that crashed with nothing unsaved) are
    tidied up."""
    folder = Path(directory) if directory is not None else autosave_dir()
    found: list[Recovery] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for lock_file in [p for p in entries if p.name.endswith(_LOCK)]:
        if not lock_file.with_name(lock_file.name[: -len(_LOCK)] + _SUFFIX).exists():
            lock = _try_lock(lock_file)
            if lock is not None:  # its window is gone and left nothing to recover
                _unlock(lock)
                _remove(lock_file)
    for file in [p for p in entries if p.name.endswith(_SUFFIX) and _regular(p)]:
        lock_file = file.with_name(file.name[: -len(_SUFFIX)] + _LOCK)
        lock = _try_lock(lock_file)
        if lock is None:
            continue  # its window is still open
        try:
            saved_at, path, doc = _read_autosave(file)
        except _NewerAutosave:
            _unlock(lock)  # a newer app can restore it; leave it to that one
            continue
        except FileFormatError:
            _unlock(lock)
            _remove(file)
            _remove(lock_file)
            continue
        found.append(Recovery(file, saved_at, path, doc, lock, lock_file))
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


class _NewerAutosave(FileFormatError):
    """An autosave written by a newer version of the app: not ours to delete."""


def _regular(path: Path) -> bool:
    """Only regular files are autosaves; a FIFO named ``x.autosave`` would block
    the start of the app when read, a symbolic link could point anywhere."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_autosave(file: Path) -> tuple[float, str | None, SessionDocument]:
    try:
        with open(file, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise FileFormatError("An autosave could not be read.") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileFormatError("An autosave is too large.")
    # Same checks as a session file: untrusted JSON, read defensively.
    data = load_json(raw, name=file.name)
    if isinstance(data, dict) and data.get("format") == AUTOSAVE_FORMAT and _newer(data.get("version"),
                                                                                  AUTOSAVE_VERSION):
        raise _NewerAutosave("An autosave was written by a newer Gradient Explorer.")
    document = data.get("document") if isinstance(data, dict) else None
    if isinstance(document, dict) and _newer(document.get("version"), DOCUMENT_VERSION):
        raise _NewerAutosave("An autosave holds a session of a newer Gradient Explorer.")
    if (not isinstance(data, dict) or data.get("format") != AUTOSAVE_FORMAT
            or data.get("version") != AUTOSAVE_VERSION):
        raise FileFormatError("An autosave is not one this version can read.")
    saved_at = data.get("saved_at")
    path = data.get("path")
    if not isinstance(saved_at, (int, float)) or isinstance(saved_at, bool):
        raise FileFormatError("An autosave is damaged.")
    if path is not None and not isinstance(path, str):
        raise FileFormatError("An autosave is damaged.")
    # Re-check the document with the session file reader's own rules.
    doc = document_from_data(document, name=file.name)
    return float(saved_at), path, doc



def _newer(version, ours: int) -> bool:
    return isinstance(version, int) and not isinstance(version, bool) and version > ours
