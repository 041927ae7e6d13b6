"""Crash recovery across processes: a window killed with SIGKILL leaves its work behind.

The child processes here use the autosave module exactly as the window does; the
full-window version (typing into the editor, then ``kill -9``) is in
tests/ui/test_documents.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from explorer.model.autosave import find_recoverable
from explorer.userdirs import ENV_STATE_DIR

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

CHILD = textwrap.dedent("""
    import sys, time
    from explorer.model.autosave import Autosaver
    from explorer.model.document import SessionDocument

    saver = Autosaver()
    saver.write(SessionDocument(text=sys.argv[1]), path=sys.argv[2] if len(sys.argv) > 2 else None)
    if "--exit-cleanly" in sys.argv:
        saver.close()
        print("closed", flush=True)
        sys.exit(0)
    print("saved", flush=True)
    time.sleep(60)  # killed long before this ends
""")


def run_child(tmp_path, *args: str) -> subprocess.Popen:
    env = {**os.environ, ENV_STATE_DIR: str(tmp_path / "state")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, *args], env=env, stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() in {"saved", "closed"}
    return child


def test_work_of_a_killed_process_is_recovered(tmp_path):
    child = run_child(tmp_path, "L = d * f  # typed just before the crash")
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    (found,) = find_recoverable(tmp_path / "state" / "autosave")
    assert found.document.text == "L = d * f  # typed just before the crash"


def test_a_process_that_is_still_running_keeps_its_autosave_to_itself(tmp_path):
    child = run_child(tmp_path, "x = 3.0")
    try:
        assert find_recoverable(tmp_path / "state" / "autosave") == []
    finally:
        child.kill()
        child.wait(10)


def test_a_clean_exit_leaves_nothing_to_recover(tmp_path):
    child = run_child(tmp_path, "x = 3.0", "--exit-cleanly")
    child.wait(10)
    assert find_recoverable(tmp_path / "state" / "autosave") == []


def test_the_saved_file_name_comes_back_with_the_text(tmp_path):
    child = run_child(tmp_path, "x = 3.0", str(tmp_path / "lecture.gexp"))
    child.kill()
    child.wait(10)
    (found,) = find_recoverable(tmp_path / "state" / "autosave")
    assert found.path == str(tmp_path / "lecture.gexp")
