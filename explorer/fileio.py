"""Writing files so that a crash or a full disk never leaves half a file behind.

Every file the program writes (images, session files, autosaves) goes through
here: the bytes go to a temporary file in the same folder, are flushed to the
disk (``fsync``), and only then take the final name with ``os.replace``, which
is atomic on every platform. Either the old file or the complete new one is
there afterwards, never a mix; the temporary file is removed when anything
fails.

Failures a user can cause become an :class:`~explorer.errors.ExportError` with
one sentence: permission denied, the disk is full, the folder does not exist,
the file exists (and overwriting was not allowed), the file is read-only.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import ExportError, FileFormatError

__all__ = [
    "atomic_write_bytes", "atomic_write_text", "atomic_write_with", "check_writable", "read_user_file",
    "decode_text", "read_stream", "ExportError",
]


def read_user_file(path: str | os.PathLike, *, max_bytes: int, what: str = "a file here") -> bytes:
    """The bytes of a file a person chose, refused with one sentence (FileFormatError)
    when it is missing, a folder, unreadable, or larger than ``max_bytes``.

    The size is checked before reading, and one byte past the cap is read so that a
    file that grows, or a device that reports size 0 (/dev/zero), is still caught."""
    path = Path(path)
    name = path.name or str(path)

    def too_big(size: int) -> FileFormatError:
        return FileFormatError(f"'{name}' is too large to be {what} ({size / 2**20:.1f} MB; "
                               f"the limit is {max_bytes / 2**20:.0f} MB).")

    try:
        # Asked before opening: opening a FIFO waits for a writer, maybe forever.
        kind = _kind_of(os.stat(path).st_mode)
        if kind not in ("file", "folder"):
            raise FileFormatError(f"'{name}' is {kind}, not a file; only a regular file can be {what}.")
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise too_big(size)
            data = fh.read(max_bytes + 1)
    except FileFormatError:
        raise
    except FileNotFoundError:
        raise FileFormatError(f"'{name}' does not exist (it may have been moved or deleted).") from None
    except IsADirectoryError:
        raise FileFormatError(f"'{name}' is a folder, not a file.") from None
    except PermissionError:
        raise FileFormatError(f"You do not have permission to read '{name}'.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise FileFormatError(f"'{name}' could not be read ({reason}).") from None
    if len(data) > max_bytes:
        raise too_big(len(data))
    return data


def read_stream(stream, *, max_bytes: int, who: str = "standard input", what: str = "a file here") -> bytes:
    """Everything on ``stream`` (a binary file object), read in pieces and refused
    with one sentence (FileFormatError) past ``max_bytes``: ``< /dev/zero`` ends at
    the cap, never in a MemoryError."""
    if stream is None:
        raise FileFormatError(f"There is no {who} to read (it is closed).")
    chunks = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = stream.read(min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "it is closed"
        raise FileFormatError(f"{who[:1].upper()}{who[1:]} could not be read ({reason}).") from None
    if total > max_bytes:
        raise FileFormatError(f"{who[:1].upper()}{who[1:]} is too large to be {what} (more than "
                              f"{max_bytes / 2**20:.0f} MB, the limit).")
    return b"".join(chunks)


def _kind_of(mode: int) -> str:
    """'file', 'folder', or what else a path is, for a sentence."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def decode_text(data: bytes, who: str, *, what: str = "a text file") -> str:
    """``data`` as text (UTF-8, a BOM allowed, Windows line ends made plain), or a
    FileFormatError "``who`` is not ``what`` (...)" — ``who`` as the sentence should
    name the file, e.g. ``"'cell.py'"`` or ``"standard input"``."""
    if b"\x00" in data[:4096]:
        raise FileFormatError(f"{who} is not {what} (it holds binary data, not text).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(f"{who} is not {what} (it is not UTF-8 text).") from None
    return text.replace("\r\n", "\n")


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; return the path written."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ExportError(f"Only bytes can be written to a file, not {type(data).__name__}.")

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)

    return atomic_write_with(path, write, overwrite=overwrite)


def atomic_write_text(path: str | os.PathLike, text: str, *, overwrite: bool = True,
                      encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8, newlines as given)."""
    if not isinstance(text, str):
        raise ExportError(f"Only text can be written here, not {type(text).__name__}.")
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise ExportError(f"The text cannot be saved as {encoding}: {exc}.") from None
    return atomic_write_bytes(path, data, overwrite=overwrite)


def atomic_write_with(path: str | os.PathLike, writer: Callable[[Path], None], *,
                      overwrite: bool = True) -> Path:
    """Let ``writer(tmp)`` create the file at a temporary path, then move it to ``path``.

    For libraries that want a file name rather than bytes (Graphviz, matplotlib).
    Whatever ``writer`` raises is passed on (an OSError becomes an ExportError),
    and the temporary file is removed."""
    target = check_writable(path, overwrite=overwrite)
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _export_error(exc, target) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        _fsync_file(tmp)
        _set_mode(tmp, target)
        if overwrite:
            os.replace(tmp, target)
        else:
            _move_no_clobber(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _export_error(exc, target) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    return target


def check_writable(path: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """The absolute path to write, or an ExportError saying why it cannot be written.

    Checked before any work is done, so a long render is not wasted."""
    try:
        target = Path(os.fspath(path)).expanduser().absolute()
    except (TypeError, ValueError):
        raise ExportError(f"{path!r} is not a valid file name.") from None
    if "\0" in str(target):
        raise ExportError("A file name cannot contain a NUL character.")
    folder = target.parent
    try:
        if not folder.is_dir():
            if folder.exists():
                raise ExportError(f"Cannot write {target}: {folder} is a file, not a folder.")
            raise ExportError(f"Cannot write {target}: the folder {folder} does not exist.")
        if target.is_dir():
            raise ExportError(f"Cannot write {target}: that is a folder.")
        if os.path.lexists(target):
            # Only a regular file is ever replaced: the rename would put a new file
            # in the place of a device (/dev/null), a FIFO or a symbolic link.
            kind = _kind_of(os.lstat(target).st_mode)
            if kind != "file":
                raise ExportError(f"Cannot write {target}: it is {kind}, not a regular file; "
                                  "only regular files are written.")
        if target.exists():
            if not overwrite:
                raise ExportError(f"{target} already exists; choose another name or allow overwriting.")
            if _read_only(target):
                raise ExportError(f"Cannot overwrite {target}: the file is read-only.")
    except OSError as exc:
        raise _export_error(exc, target) from None
    return target


def _read_only(path: Path) -> bool:
    # os.access says "writable" to root for every file; the mode bits still say
    # whether the owner meant the file to be left alone.
    mode = path.stat().st_mode
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _move_no_clobber(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target`` unless a file got that name meanwhile."""
    try:
        os.link(tmp, target)  # fails if target exists: no window for a race
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links (FAT, some network drives): check, then rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders, and needs not."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse to fsync a folder; the data itself is synced
    finally:
        os.close(fd)


_umask: int | None = None


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones for a new
    file (mkstemp makes it private to the owner)."""
    global _umask
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        if _umask is None:
            _umask = os.umask(0o022)
            os.umask(_umask)
        mode = 0o666 & ~_umask
    os.chmod(tmp, mode)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _export_error(exc: OSError, target: Path) -> ExportError:
    code = exc.errno
    if isinstance(exc, FileExistsError):
        return ExportError(f"{target} already exists; choose another name or allow overwriting.")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return ExportError(f"Cannot write {target}: permission denied; choose a folder you can write to.")
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        return ExportError(f"Cannot write {target}: the disk is full.")
    if code == errno.EROFS:
        return ExportError(f"Cannot write {target}: the disk is read-only.")
    if isinstance(exc, FileNotFoundError):
        return ExportError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    if code == errno.ENAMETOOLONG:
        return ExportError(f"Cannot write {target}: the file name is too long.")
    reason = exc.strerror or str(exc)
    return ExportError(f"Cannot write {target}: {reason}.")
