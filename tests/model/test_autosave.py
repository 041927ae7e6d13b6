"""Autosave: unsaved work is kept in the state folder, and only a crash leaves it behind."""

from __future__ import annotations

import json

import pytest

from explorer.errors import ExplorerError
from explorer.model.autosave import Autosaver, find_recoverable
from explorer.model.document import SessionDocument
from explorer.userdirs import ENV_STATE_DIR, state_dir


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "autosave"


def test_the_state_folder_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_STATE_DIR, str(tmp_path / "state"))
    assert state_dir() == tmp_path / "state" and state_dir().is_dir()


def test_tests_never_use_the_real_state_folder(monkeypatch):
    monkeypatch.delenv(ENV_STATE_DIR, raising=False)
    monkeypatch.setenv("GRADIENT_EXPLORER_TESTING", "1")
    assert "gradient-explorer-state-" in state_dir().name


def test_a_running_windows_autosave_is_not_offered_for_recovery(folder):
    with Autosaver(folder) as saver:
        saver.write(SessionDocument(text="x = 3.0"))
        assert find_recoverable(folder) == []


def test_a_clean_exit_removes_the_autosave(folder):
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="x = 3.0"))
    saver.close()
    assert list(folder.iterdir()) == []


def test_saving_the_document_clears_its_autosave(folder):
    with Autosaver(folder) as saver:
        saver.write(SessionDocument(text="x = 3.0"))
        saver.clear()
        assert not saver.file.exists()


def test_an_autosave_whose_window_is_gone_is_offered_with_its_text_and_file(folder):
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="d = a*b + c", lr=0.05), path="/home/me/lecture.gexp")
    saver._lock.close()  # what the OS does when the process dies: the lock is dropped
    (found,) = find_recoverable(folder)
    assert (found.document.text, found.document.lr, found.title) == ("d = a*b + c", 0.05, "lecture.gexp")


def test_a_recovery_being_offered_is_not_offered_twice(folder):
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="x = 1.0"))
    saver._lock.close()
    first = find_recoverable(folder)
    assert len(first) == 1 and find_recoverable(folder) == []


def test_a_discarded_recovery_is_gone_for_good(folder):
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="x = 1.0"))
    saver._lock.close()
    find_recoverable(folder)[0].discard()
    assert list(folder.iterdir()) == []


def test_a_damaged_autosave_is_dropped_not_offered(folder):
    saver = Autosaver(folder)
    saver.write(SessionDocument(text="x = 1.0"))
    saver._lock.close()
    saver.file.write_bytes(b'{"format": "gradient-explorer-autosave", "version": 1, "document": [')
    assert find_recoverable(folder) == [] and not saver.file.exists()


def test_the_newest_recovery_comes_first(folder):
    for i, text in enumerate(["older", "newer"]):
        saver = Autosaver(folder)
        saver.write(SessionDocument(text=text))
        data = json.loads(saver.file.read_text())
        data["saved_at"] = 1000.0 + i
        saver.file.write_text(json.dumps(data))
        saver._lock.close()
    assert [r.document.text for r in find_recoverable(folder)] == ["newer", "older"]


def test_a_closed_slot_refuses_to_write(folder):
    saver = Autosaver(folder)
    saver.close()
    with pytest.raises(ExplorerError):
        saver.write(SessionDocument())


def test_an_unwritable_state_folder_is_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ENV_STATE_DIR, str(blocker / "state"))
    with pytest.raises(ExplorerError, match="cannot be created"):
        state_dir()
