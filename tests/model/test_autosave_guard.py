"""Issue 15, reproductions 8 and 10: autosave scanning reads only regular files, and
an older app never deletes what a newer one autosaved."""

from __future__ import annotations

import json

from explorer.model.autosave import Autosaver, find_recoverable
from explorer.model.document import SessionDocument


def crashed_autosave(folder, **changes):
    """An autosave whose window is gone (lock released, file left), edited as a newer
    app might write it."""
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="x = 3.0"))
    file = saver.file
    data = json.loads(file.read_text())
    data.update(changes.get("envelope", {}))
    data["document"].update(changes.get("document", {}))
    file.write_text(json.dumps(data))
    saver._lock.close()  # what the OS does when the process dies: the lock is dropped
    return file


def test_a_newer_apps_autosave_is_left_alone(tmp_path):
    file = crashed_autosave(tmp_path, envelope={"version": 99})
    assert find_recoverable(tmp_path) == [] and file.exists()


def test_an_autosave_holding_a_newer_session_is_left_alone(tmp_path):
    file = crashed_autosave(tmp_path, document={"version": 99})
    assert find_recoverable(tmp_path) == [] and file.exists()


def test_a_damaged_autosave_is_still_tidied_up(tmp_path):
    file = crashed_autosave(tmp_path)
    file.write_text("{not json")
    assert find_recoverable(tmp_path) == [] and not file.exists()


def test_a_symlink_named_like_an_autosave_is_not_read(tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    (tmp_path / "x.autosave").symlink_to(target)
    assert find_recoverable(tmp_path) == [] and target.exists()
