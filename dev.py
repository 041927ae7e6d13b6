#!/usr/bin/env python3
"""Set up and run Gradient Explorer with nothing but Python 3.10+ and pip.

    python3 dev.py run      # make .venv if needed, install, launch the app
    python3 dev.py test     # make .venv if needed, install, lint, run every test
    python3 dev.py bench    # the benchmark table (add --json FILE to save it)
    python3 dev.py shortcuts  # rewrite the README's shortcut table from the action table

Extra arguments go to the program: ``python3 dev.py test -k engine``,
``python3 dev.py run examples/neuron.gexp``. Standard library only, so it works
on a fresh machine (Linux, macOS, Windows) before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXTRAS = "test,bench"


def _venv_python() -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def _stamp() -> str:
    # Reinstall only when the dependency list changes, so repeat runs start at once.
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest() + EXTRAS


def ensure_venv() -> Path:
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py runs on whatever python3 the user has
        sys.exit(f"Gradient Explorer needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    python = _venv_python()
    if not python.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp_file = VENV / ".installed"
    if not stamp_file.exists() or stamp_file.read_text() != _stamp():
        print("Installing Gradient Explorer and its dependencies into .venv ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "-e", f".[{EXTRAS}]"], check=True, cwd=ROOT)
        stamp_file.write_text(_stamp())
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "shortcuts"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = str(ensure_venv())
    if command == "run":
        return subprocess.call([python, "-m", "explorer", *rest], cwd=ROOT)
    if command == "bench":
        return subprocess.call([python, "-m", "tests.benchmarks", *rest], cwd=ROOT)
    if command == "shortcuts":  # needs Xvfb: the keys are a Linux desktop's
        return subprocess.call([python, "packaging/readme_shortcuts.py", "--write", "README.md", *rest],
                               cwd=ROOT)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    lint = subprocess.call([python, "-m", "ruff", "check", "explorer", "tests", "dev.py"], cwd=ROOT)
    tests = subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
