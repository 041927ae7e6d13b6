"""Session files: what is saved comes back, and a bad file is refused with a sentence."""

from __future__ import annotations

import json
import math
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.training_run import LabSettings
from explorer.errors import ExplorerError, FileFormatError
from explorer.model.document import (
    FORMAT,
    MAX_FILE_BYTES,
    VERSION,
    RecentFiles,
    SessionDocument,
    document_from_json,
    document_to_data,
    document_to_json,
    read_document,
    write_document,
)
from explorer.model.training_lab import SavedLab

L_GRAPH = """a = Value(2.0, label='a')
b = Value(-3.0, label='b')
c = Value(10.0, label='c')
e = a*b; e.label = 'e'
d = e + c; d.label = 'd'
f = Value(-2.0, label='f')
L = d * f; L.label = 'L'
"""


def full_document() -> SessionDocument:
    return SessionDocument(
        text=L_GRAPH,
        values={"a": 2.06, "b": -3.04, "c": 9.98, "f": -1.96},
        parameters=["a", "b", "c", "f"],
        lr=0.01,
        ascent=True,
        steps_per_click=3,
        auto_forward=True,
        auto_backward=True,
        plot_var="a",
        x0=2.06,
        h=1e-4,
        x_range=(-5.0, 5.0),
        history=[-8.0, -7.286496, math.nan],
        training=SavedLab(EVERY_LAB_SETTING_CHANGED, "document"),
        weights=[0.5, -0.25, 1e-3],
    )


# Every lab setting away from its default, so a field not saved or not read shows.
EVERY_LAB_SETTING_CHANGED = LabSettings(
    dataset="circles", size=150, noise=0.25, data_seed=7, hidden=(8, 4, 2), activation="tanh", output="tanh",
    init_seed=42, loss="mse", alpha=0.001, lr=0.05, schedule="constant", momentum=0.9, batch_size=16,
    batch_seed=3, steps=750, zero_grad=False)


def write_raw(tmp_path, data: bytes | str, name: str = "bad.gexp"):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def valid_data(**changes) -> dict:
    data = document_to_data(SessionDocument(text="d = a*b + c"))
    data.update(changes)
    return data


# -- round trips ----------------------------------------------------------------------------------


def test_everything_saved_comes_back(tmp_path):
    doc = full_document()
    path = write_document(doc, tmp_path / "lecture.gexp")
    assert read_document(path) == doc


def test_every_training_lab_setting_comes_back(tmp_path):
    path = write_document(full_document(), tmp_path / "lecture.gexp")
    assert read_document(path).training == SavedLab(EVERY_LAB_SETTING_CHANGED, "document")
    saved = json.loads(path.read_text("utf-8"))["training"]
    assert set(saved) == {"source", *LabSettings.__dataclass_fields__} and saved["hidden"] == [8, 4, 2]


def test_a_file_of_the_old_training_panel_opens_with_its_three_settings(tmp_path):
    old = valid_data(training={"lr": 0.05, "steps": 200, "seed": 7, "zero_grad": False, "sample": 2})
    doc = read_document(write_raw(tmp_path, json.dumps(old)))
    assert doc.training == SavedLab(LabSettings(lr=0.05, steps=200, init_seed=7, zero_grad=False), "document")
    # It allowed a million steps; the lab stops at its limit rather than refusing the file.
    old["training"]["steps"] = 1_000_000
    assert read_document(write_raw(tmp_path, json.dumps(old))).training.settings.steps == 100_000


def test_a_saved_file_is_readable_json_with_format_and_version(tmp_path):
    path = write_document(full_document(), tmp_path / "lecture.gexp")
    data = json.loads(path.read_text("utf-8"))
    assert (data["format"], data["version"], data["text"]) == (FORMAT, VERSION, L_GRAPH)


def test_an_overflowed_step_is_saved_as_null_and_read_back_as_nan(tmp_path):
    path = write_document(SessionDocument(text="x = 1.0", history=[1.0, math.inf]), tmp_path / "s.gexp")
    assert json.loads(path.read_text())["history"] == [1.0, None]


def test_a_minimal_file_takes_the_defaults():
    doc = document_from_json(json.dumps({"format": FORMAT, "version": 1, "text": "x = 3.0"}))
    assert doc == SessionDocument(text="x = 3.0")


def test_unicode_text_survives(tmp_path):
    doc = SessionDocument(text="# Δx → 0, naïve\nx = 3.0\n")
    assert read_document(write_document(doc, tmp_path / "ü.gexp")).text == doc.text


@given(st.text(max_size=300), st.dictionaries(st.text(min_size=1, max_size=20),
                                                st.floats(allow_nan=False, allow_infinity=False),
                                                max_size=5))
def test_any_text_and_values_round_trip(text, values):
    doc = SessionDocument(text=text, values=values)
    assert document_from_json(document_to_json(doc)) == doc


# -- saving is atomic ------------------------------------------------------------------------------


def test_an_unsavable_number_leaves_the_old_file_whole(tmp_path):
    path = write_document(SessionDocument(text="x = 1.0"), tmp_path / "s.gexp")
    before = path.read_bytes()
    with pytest.raises(FileFormatError):
        write_document(SessionDocument(text="x = 2.0", lr=math.inf), path)
    assert path.read_bytes() == before


def test_saving_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(ExplorerError, match="does not exist"):
        write_document(SessionDocument(), tmp_path / "nowhere" / "s.gexp")


# -- damaged and hostile files ---------------------------------------------------------------------

BAD_FILES = {
    "not JSON": "this is not json",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "not UTF-8": b'{"text": "\xff\xfe"}',
    "empty": "",
    "truncated": json.dumps(valid_data())[:-30],
    "a list": "[1, 2, 3]",
    "another program's JSON": json.dumps({"name": "package.json", "version": "1.0.0"}),
    "newer version": json.dumps(valid_data(version=VERSION + 1)),
    "version zero": json.dumps(valid_data(version=0)),
    "version as text": json.dumps(valid_data(version="1")),
    "NaN literal": json.dumps(valid_data()).replace('"lr": 0.01', '"lr": NaN'),
    "Infinity literal": json.dumps(valid_data()).replace('"lr": 0.01', '"lr": -Infinity'),
    "huge float": json.dumps(valid_data()).replace('"lr": 0.01', '"lr": 1e400'),
    "huge integer": json.dumps(valid_data()).replace(
        '"steps_per_click": 1', '"steps_per_click": ' + "9" * 5000),
    "deep nesting": '{"format": "gradient-explorer-session", "version": 1, "text": "", "x": '
                    + "[" * 200_000 + "]" * 200_000 + "}",
    "text is a number": json.dumps(valid_data(text=42)),
    "missing text": json.dumps({k: v for k, v in valid_data().items() if k != "text"}),
    "value is a string": json.dumps(valid_data(values={"a": "2.0"})),
    "value is true": json.dumps(valid_data(values={"a": True})),
    "lr is a list": json.dumps(valid_data(lr=[0.01])),
    "h is negative": json.dumps(valid_data(h=-1e-3)),
    "ascent is 1": json.dumps(valid_data(ascent=1)),
    "history of strings": json.dumps(valid_data(history=["1.0"])),
    "parameters not a list": json.dumps(valid_data(parameters="a")),
    "empty leaf name": json.dumps(valid_data(values={"": 1.0})),
    "x_range backwards": json.dumps(valid_data(x_range=[5, -5])),
    "training steps zero": json.dumps(valid_data(training={"steps": 0})),
    "training is text": json.dumps(valid_data(training="fast")),
    "weights are text": json.dumps(valid_data(weights=["0.5"])),
    "training source unknown": json.dumps(valid_data(training={"source": "web", "lr": 0.1})),
    "training layer too wide": json.dumps(valid_data(training={"source": "lab", "hidden": [65]})),
    "training layers not numbers": json.dumps(valid_data(training={"source": "lab", "hidden": ["8"]})),
    "training lr too high": json.dumps(valid_data(training={"source": "lab", "lr": 11.0})),
    "training too many points": json.dumps(valid_data(training={"source": "lab", "size": 10**6})),
    "training dataset unknown": json.dumps(valid_data(training={"source": "lab", "dataset": "mnist"})),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_sentence(tmp_path, case):
    path = write_raw(tmp_path, BAD_FILES[case])
    with pytest.raises(FileFormatError) as err:
        read_document(path)
    message = str(err.value)
    assert message.endswith((".", "update.")) and "Traceback" not in message and len(message) < 300


def test_a_truncated_file_is_called_truncated(tmp_path):
    path = write_raw(tmp_path, document_to_json(full_document())[:200])
    with pytest.raises(FileFormatError, match="truncated"):
        read_document(path)


def test_a_newer_file_asks_for_an_update(tmp_path):
    path = write_raw(tmp_path, json.dumps(valid_data(version=VERSION + 1)))
    with pytest.raises(FileFormatError, match="newer"):
        read_document(path)


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.gexp"
    with open(path, "wb") as fh:  # sparse: 100 MB on paper, nothing on the disk
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(FileFormatError, match="too large"):
        read_document(path)
    assert MAX_FILE_BYTES < 100 * 1024 * 1024


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it_all():
    with pytest.raises(FileFormatError):
        read_document("/dev/zero", max_bytes=1024)


def test_a_missing_file_says_it_does_not_exist(tmp_path):
    with pytest.raises(FileFormatError, match="does not exist"):
        read_document(tmp_path / "gone.gexp")


def test_a_folder_is_not_a_session(tmp_path):
    with pytest.raises(FileFormatError, match="folder"):
        read_document(tmp_path)


@given(st.binary(max_size=2000))
def test_random_bytes_never_escape_as_a_python_error(data):
    try:
        document_from_json(data)
    except FileFormatError:
        pass


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=30,
)


@given(_json)
def test_random_json_never_escapes_as_a_python_error(value):
    try:
        document_from_json(json.dumps(value))
    except FileFormatError:
        pass


@given(st.sampled_from(sorted(valid_data())), _json)
def test_any_field_with_any_json_is_read_or_refused_cleanly(key, value):
    data = valid_data(**{key: value})
    try:
        doc = document_from_json(json.dumps(data))
    except FileFormatError:
        return
    assert isinstance(doc, SessionDocument)


# -- recent files -----------------------------------------------------------------------------------


def test_recent_files_put_the_newest_first_without_duplicates(tmp_path):
    recent = RecentFiles(limit=3)
    for name in ["a", "b", "a", "c", "d"]:
        recent.add(tmp_path / f"{name}.gexp")
    assert [os.path.basename(p) for p in recent] == ["d.gexp", "c.gexp", "a.gexp"]


def test_recent_files_persist_between_runs(tmp_path):
    store = tmp_path / "recent.json"
    recent = RecentFiles.load(store)
    recent.add(tmp_path / "lecture.gexp")
    recent.save()
    assert RecentFiles.load(store).paths == [str((tmp_path / "lecture.gexp").resolve())]


def test_a_damaged_recent_list_is_ignored(tmp_path):
    store = write_raw(tmp_path, b"\x00\x01 not json", "recent.json")
    assert RecentFiles.load(store).paths == []


def test_recent_files_that_no_longer_exist_are_left_out(tmp_path):
    kept = write_document(SessionDocument(), tmp_path / "kept.gexp")
    recent = RecentFiles([str(tmp_path / "deleted.gexp"), str(kept)])
    assert recent.existing() == [str(kept)]


# -- the text a command-line tool reads ------------------------------------------------------------


def test_the_text_of_a_saved_session_carries_its_moved_values():
    from explorer.model.document import document_text

    doc = SessionDocument(text="a = 2.0\nb = a*a\n", values={"a": 2.5})
    assert document_text(doc) == "a = 2.5\nb = a*a\n"


def test_the_text_of_a_session_that_does_not_parse_is_left_as_saved():
    from explorer.model.document import document_text

    doc = SessionDocument(text="a = (2.0\n", values={"a": 2.5})
    assert document_text(doc) == "a = (2.0\n"


def test_x0_puts_the_plotted_leaf_where_the_tangent_was():
    from explorer.model.saving import apply_document
    from explorer.model.session import Session

    session = Session("x = 3.0\ny = 3*x**2 - 4*x + 5\n")
    apply_document(session, SessionDocument(text=session.text, plot_var="x", x0=2 / 3))
    assert session.graph.by_name["x"].data == pytest.approx(2 / 3)


def test_opening_a_document_into_a_session_restores_values_settings_and_history():
    from explorer.model.saving import apply_document, snapshot
    from explorer.model.session import Session

    saved = full_document()
    session = Session("x = 1.0")
    apply_document(session, saved, path="/tmp/lecture.gexp")
    again = snapshot(session, training=saved.training)
    assert (again.values, again.lr, again.ascent, again.history[:2], session.path, session.modified) == (
        saved.values, 0.01, True, saved.history[:2], "/tmp/lecture.gexp", False)
