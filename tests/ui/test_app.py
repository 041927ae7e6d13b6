"""Start-up and the last line of defence against tracebacks."""

import os
import subprocess
import sys

import pytest

from explorer.engine import EngineError
from explorer.ui import app


def test_an_explorer_error_goes_to_the_report_function(qtbot, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook(reported.append)

    sys.excepthook(EngineError, EngineError("Bad number."), None)

    assert [str(e) for e in reported] == ["Bad number."]


def test_an_unexpected_error_is_logged_and_summed_up_not_printed_as_a_dialog_traceback(
        qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "log_path", lambda: tmp_path / "ge.log")
    app.install_excepthook(lambda exc: None)

    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())

    assert "ZeroDivisionError" in (tmp_path / "ge.log").read_text()


@pytest.mark.slow
def test_the_window_paints_from_a_fresh_process(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", app.ENV_PROBE: "1",
           "GRADIENT_EXPLORER_SETTINGS": str(tmp_path / "settings.ini"),
           "XDG_STATE_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    code = "import sys; from explorer.ui.app import main; sys.exit(main([]))"

    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert out.returncode == 0 and "first-paint" in out.stdout
