"""Atomic file writes: all or nothing, and one clear sentence when it cannot be done."""

import errno
import os
import stat

import pytest

from explorer import fileio
from explorer.errors import ExportError
from explorer.fileio import atomic_write_bytes, atomic_write_text, atomic_write_with


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_bytes(tmp_path):
    target = tmp_path / "graph.svg"
    atomic_write_bytes(target, b"<svg/>")
    assert target.read_bytes() == b"<svg/>"


def test_text_is_written_as_utf8(tmp_path):
    target = tmp_path / "notes.txt"
    atomic_write_text(target, "grad ∂L/∂a = 6")
    assert target.read_text(encoding="utf-8") == "grad ∂L/∂a = 6"


def test_replaces_an_existing_file_when_allowed(tmp_path):
    target = tmp_path / "graph.svg"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"


def test_refuses_to_overwrite_unless_allowed(tmp_path):
    target = tmp_path / "graph.svg"
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists"):
        atomic_write_bytes(target, b"new", overwrite=False)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["graph.svg"]


def test_no_overwrite_still_writes_a_new_file(tmp_path):
    target = tmp_path / "graph.svg"
    atomic_write_bytes(target, b"new", overwrite=False)
    assert leftovers(tmp_path) == ["graph.svg"]


def test_read_only_file_is_not_overwritten(tmp_path):
    target = tmp_path / "graph.svg"
    target.write_bytes(b"old")
    target.chmod(stat.S_IRUSR)
    with pytest.raises(ExportError, match="read-only"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nowhere" / "graph.svg", b"x")


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        atomic_write_bytes(tmp_path, b"x")


def test_failing_writer_leaves_no_file_and_no_temp(tmp_path):
    def writer(tmp):
        tmp.write_bytes(b"half a fi")
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        atomic_write_with(tmp_path / "graph.png", writer)
    assert leftovers(tmp_path) == []


def test_failing_writer_keeps_the_old_file(tmp_path):
    target = tmp_path / "graph.png"
    target.write_bytes(b"old")

    def writer(tmp):
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(ExportError):
        atomic_write_with(target, writer)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["graph.png"]


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    ],
)
def test_os_errors_become_one_sentence(tmp_path, monkeypatch, error, sentence):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(fileio.os, "replace", fail)
    with pytest.raises(ExportError, match=sentence):
        atomic_write_bytes(tmp_path / "graph.svg", b"x")
    assert leftovers(tmp_path) == []


def test_unwritable_folder_says_permission_denied(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        atomic_write_bytes(tmp_path / "graph.svg", b"x")


def test_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "graph.svg"
    atomic_write_bytes(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "graph.svg"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_non_bytes_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="bytes"):
        atomic_write_bytes(tmp_path / "x.bin", "text")  # type: ignore[arg-type]


def test_nul_in_name_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="NUL"):
        atomic_write_bytes(str(tmp_path / "a\0b"), b"x")


# -- reading a file a person chose ------------------------------------------------------------


def test_reading_a_folder_says_it_is_a_folder(tmp_path):
    from explorer.errors import FileFormatError
    from explorer.fileio import read_user_file

    with pytest.raises(FileFormatError, match="is a folder, not a file"):
        read_user_file(tmp_path, max_bytes=100)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    from explorer.errors import FileFormatError
    from explorer.fileio import read_user_file

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(FileFormatError, match="too large to be an expression"):
        read_user_file(big, max_bytes=1000, what="an expression")


def test_binary_data_is_not_taken_for_text():
    from explorer.errors import FileFormatError
    from explorer.fileio import decode_text

    with pytest.raises(FileFormatError, match="not a text file"):
        decode_text(b"\x89PNG\x00\x01", "'image.py'")


def test_text_with_a_bom_and_windows_line_ends_reads_plainly():
    from explorer.fileio import decode_text

    assert decode_text("\ufeffa = 1\r\nb = a\r\n".encode(), "'cell.py'") == "a = 1\nb = a\n"
