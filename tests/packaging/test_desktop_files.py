"""The Linux desktop integration files: valid, consistent with each other and with the app."""

from __future__ import annotations

import configparser
import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import explorer
from explorer.model.document import FORMAT, SUFFIX
from explorer.ui.theme import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
MIME = PACKAGING / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in .desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def scripts() -> set[str]:
    """The commands the installed package provides (console and GUI scripts)."""
    points = importlib.metadata.distribution("gradient-explorer").entry_points
    return {p.name for p in points if p.group in ("console_scripts", "gui_scripts")}


# --- .desktop ------------------------------------------------------------------------------------


def test_the_desktop_entry_validates():
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (Debian: apt install desktop-file-utils)")

    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_desktop_entry_has_what_a_menu_needs():
    entry = desktop_entry()

    missing = {"Type", "Name", "Comment", "Exec", "Icon", "Categories"} - set(entry)

    assert missing == set() and entry["Type"] == "Application" and entry["Terminal"] == "false"


def test_the_desktop_entry_runs_an_installed_command_and_names_the_icon_by_the_app_id():
    entry = desktop_entry()
    command = entry["Exec"].split()[0]

    assert command in scripts() and entry["Icon"] == APP_ID and entry["StartupWMClass"] == "gradient-explorer"


# --- AppStream metainfo --------------------------------------------------------------------------


def test_metainfo_is_well_formed_with_the_required_tags():
    root = ET.parse(METAINFO).getroot()

    required = ["id", "name", "summary", "description", "metadata_license", "project_license",
                "launchable", "content_rating", "releases"]

    assert root.tag == "component" and [tag for tag in required if root.find(tag) is None] == []


def test_metainfo_agrees_with_the_desktop_entry_and_the_package_version():
    root = ET.parse(METAINFO).getroot()
    release = root.find("releases/release").get("version")

    assert (root.findtext("id"), root.findtext("launchable"), release) == (
        APP_ID, DESKTOP.name, explorer.__version__)


def test_metainfo_validates_with_appstreamcli():
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli is not installed (Debian: apt install appstream)")

    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


# --- the .gexp file type -------------------------------------------------------------------------


def test_the_file_type_matches_session_files_by_name_and_content():
    mime = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    glob = mime.find(f"{MIME_NS}glob").get("pattern")
    magic = mime.find(f"{MIME_NS}magic/{MIME_NS}match").get("value")

    assert (glob, magic) == (f"*{SUFFIX}", f'"{FORMAT}"')
    assert mime.get("type") in desktop_entry()["MimeType"].split(";")


# --- icons ---------------------------------------------------------------------------------------


def _render_icons_module():
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_committed_icon_png_is_a_fresh_rendering_of_its_svg(qapp, capsys):
    render_icons = _render_icons_module()

    status = render_icons.main(["--check"])

    assert status == 0, capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None, reason="needs bash")
def test_install_desktop_puts_entry_icons_and_file_type_under_the_prefix(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}

    subprocess.run(["bash", str(PACKAGING / "install-desktop.sh"), "--exec", "/opt/ge/gradient-explorer"],
                   check=True, env=env, capture_output=True)

    share = tmp_path / "share"
    icons = sorted(int(re.match(r"(\d+)x", p.parts[-3]).group(1))
                   for p in share.glob(f"icons/hicolor/*x*/apps/{APP_ID}.png"))
    assert icons == [16, 24, 32, 48, 64, 128, 256, 512]
    entry = (share / "applications" / DESKTOP.name).read_text()
    assert 'Exec="/opt/ge/gradient-explorer" %f' in entry
