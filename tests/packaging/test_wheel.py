"""`pip install gradient-explorer` works: the wheel builds, installs into a fresh environment, and its
commands start headless and render a graph there.

The fresh environment gets the wheel (with its console and GUI scripts) and borrows the already
installed dependencies (PySide6, numpy, pygraphviz ...) through a .pth file, so the test takes
seconds, not a 200 MB download. It never sees the repository's editable install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import explorer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NEURON = """\
x1 = Value(2.0, label='x1'); x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1'); w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
n = x1*w1 + x2*w2 + b
o = n.tanh(); o.label = 'o'
o.backward()
"""


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", str(ROOT),
         "-w", str(out)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and "No matching distribution found" in result.stderr:
        pytest.skip("building a wheel needs setuptools from PyPI, which cannot be reached")
    assert result.returncode == 0, result.stderr[-3000:]
    return next(out.glob("gradient_explorer-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; dependencies borrowed by .pth."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "--python",
                    str(_bin(env, "python")), "install", "--no-deps", str(wheel)], check=True, timeout=300)
    purelib = Path(subprocess.run([str(_bin(env, "python")), "-c",
                                   "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    # Plain path lines: the dependencies become importable, but the .pth files in that folder
    # (among them the editable install of this repository) are not run.
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


def run(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([*args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**clean, "QT_QPA_PLATFORM": "offscreen"})


def test_the_wheel_holds_every_module_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "explorer"

    missing = sorted(p.relative_to(ROOT).as_posix() for p in package.rglob("*.py")
                     if "__pycache__" not in p.parts and p.relative_to(ROOT).as_posix() not in names)

    assert missing == []


def test_the_wheel_carries_the_examples(wheel):
    names = zipfile.ZipFile(wheel).namelist()

    assert "explorer/resources/examples/index.json" in names


def test_the_wheel_carries_the_window_icon(wheel):
    names = zipfile.ZipFile(wheel).namelist()

    assert "explorer/resources/icons/gradient-explorer.svg" in names


def test_the_installed_command_answers_version_from_the_wheel_not_the_repository(installed, tmp_path):
    result = run(installed, str(_bin(installed, "gradient-explorer")), "--version", cwd=tmp_path)
    where = run(installed, str(_bin(installed, "python")), "-c", "import explorer; print(explorer.__file__)",
                cwd=tmp_path)

    assert result.stdout.strip() == f"gradient-explorer {explorer.__version__}"
    assert Path(where.stdout.strip()).is_relative_to(installed)


def test_the_installed_command_renders_a_graph_headless(installed, tmp_path):
    (tmp_path / "neuron.py").write_text(NEURON)

    command = str(_bin(installed, "gradient-explorer"))
    result = run(installed, command, "render", "neuron.py", "-o", "neuron.svg", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "0.7071" in (tmp_path / "neuron.svg").read_text()


def test_python_dash_m_explorer_and_the_gui_script_exist(installed, tmp_path):
    module = run(installed, str(_bin(installed, "python")), "-m", "explorer", "--help", cwd=tmp_path)

    assert module.returncode == 0 and "render" in module.stdout
    assert _bin(installed, "gradient-explorer-gui").exists()
