"""Exporting from the window: File > Export graph as / Export plot as, Edit > Copy graph image.

The dialogs are answered by the tests (``controller.ask_graph_target`` and
``ask_plot_target``), except in the tests of the dialogs themselves.
"""

import errno
import os
import stat
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pygraphviz
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from explorer.engine.numbers import format_fixed
from explorer.errors import ExportError
from explorer.model.session import L_EXAMPLE, Session
from explorer.ui import theme
from explorer.ui.compose import build_window
from explorer.ui.export import ExportChoice, ExportController
from explorer.ui.export_dialogs import PngOptions, PngOptionsDialog, resolve_target
from explorer.ui.main_window import MainWindow
from explorer.viz.format import fmt_grad

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def ExportingWindow(session: Session, *, lazy_plot: bool) -> MainWindow:  # noqa: N802 - reads as a class
    """The window as the application builds it (its export commands included); closing it
    never asks about unsaved changes."""
    gui = build_window(session, lazy_plot=lazy_plot, recover=False, autosave=False)
    gui.documents.ask_save_changes = lambda name: "discard"
    return gui.window


def exports_of(window: MainWindow) -> ExportController:
    """The window's export commands (a child of the window)."""
    return window.findChild(ExportController)


@pytest.fixture(autouse=True)
def own_settings(tmp_path):
    """Remembered folders and formats go to a throw-away INI file, never the user's."""
    theme.use_settings_file(tmp_path / "settings.ini")
    yield
    theme.use_settings_file(None)


@pytest.fixture
def window(qtbot):
    """The lecture's L graph after one Backward: L = -8, a.grad = 6."""
    win = ExportingWindow(Session(L_EXAMPLE), lazy_plot=True)
    qtbot.addWidget(win)
    win.session.backward()
    return win


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def answer(window, path, fmt=None, *, scale=1.0, transparent=False, overwrite=False):
    """Make the graph dialog answer ``path`` (as if the user chose it)."""
    choice = ExportChoice(Path(path), fmt or Path(path).suffix[1:], scale, transparent, overwrite)
    exports_of(window).ask_graph_target = lambda _fmt: choice


def export(window, path, fmt=None, **options) -> None:
    answer(window, path, fmt, **options)
    window.actions[f"export_graph_{fmt or Path(path).suffix[1:]}"].trigger()


def svg_texts(path: Path) -> list[str]:
    """Every text of the SVG, with Graphviz's non-breaking spaces as plain spaces."""
    root = ET.parse(path).getroot()
    return [" ".join((t.text or "").split()) for t in root.iter(f"{SVG}text")]


# -- each format, as on screen ---------------------------------------------------------------


def test_svg_has_every_label_and_the_numbers_on_screen(window, out):
    export(window, out / "graph.svg")

    text = " | ".join(svg_texts(out / "graph.svg"))
    graph = window.session.graph
    expected = [v.label for v in graph.nodes] + [format_fixed(v.data).strip() for v in graph.nodes]
    expected += [fmt_grad(v.grad, True).strip() for v in graph.nodes]
    assert [e for e in expected if e not in text] == []


def test_svg_boxes_are_where_the_window_draws_them(window, out):
    export(window, out / "graph.svg")

    root = ET.parse(out / "graph.svg").getroot()
    # Graphviz draws with y up, shifted down by the drawing's height plus its pad (0.1 inch).
    shift = root.find(f"{SVG}g").get("transform").split("translate(")[1].rstrip(")").split()
    height = float(shift[1]) - 7.2
    in_file = set()
    for node in root.iter(f"{SVG}g"):
        title = node.find(f"{SVG}title")
        if node.get("class") == "node" and title.text.startswith("v"):
            pts = [tuple(map(float, p.split(","))) for p in node.find(f"{SVG}polygon").get("points").split()]
            xs, ys = [p[0] for p in pts], [height + p[1] for p in pts]  # y up -> y down
            in_file.add(tuple(round(n, 1) for n in (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))))
    on_screen = {tuple(round(n, 1) for n in (r.x(), r.y(), r.width(), r.height()))
                 for r in (item.rect for item in window.graph_view.value_items())}
    assert in_file == on_screen


def test_svg_before_backward_shows_no_grads(qtbot, out):
    win = ExportingWindow(Session(L_EXAMPLE), lazy_plot=True)
    qtbot.addWidget(win)

    export(win, out / "graph.svg")

    grads = [t for t in svg_texts(out / "graph.svg") if t.startswith("grad")]
    assert grads == [f"grad {fmt_grad(0.0, False).strip()}"] * 7


def test_png_is_a_png_twice_as_wide_at_scale_2(window, out):
    export(window, out / "one.png", scale=1)
    export(window, out / "two.png", scale=2)

    one, two = QImage(str(out / "one.png")), QImage(str(out / "two.png"))
    assert (out / "two.png").read_bytes()[:8] == PNG_MAGIC and abs(two.width() - 2 * one.width()) <= 2


def test_transparent_png_has_a_see_through_corner(window, out):
    export(window, out / "clear.png", transparent=True)

    assert QImage(str(out / "clear.png")).pixelColor(0, 0).alpha() == 0


def test_pdf_is_a_pdf(window, out):
    export(window, out / "graph.pdf")

    assert (out / "graph.pdf").read_bytes()[:5] == b"%PDF-"


def test_dot_source_reads_back_with_the_current_grads(window, out):
    export(window, out / "graph.dot")

    dot = pygraphviz.AGraph(string=(out / "graph.dot").read_text(encoding="utf-8"))
    labels = " ".join(n.attr["label"] for n in dot.nodes())
    assert len(dot.nodes()) == 7 + 3 and fmt_grad(6.0, True).strip() in labels  # 7 values, 3 ops


def test_success_is_named_in_the_status_bar(window, out):
    export(window, out / "graph.svg")

    message = window.statusBar().currentMessage()
    assert message.startswith("Saved graph.svg (") and message.endswith(" KB)")


def test_export_graph_reuses_the_last_format(window, out):
    export(window, out / "first.pdf")
    asked = []
    exports_of(window).ask_graph_target = lambda fmt: asked.append(fmt)

    window.actions["export_graph"].trigger()

    assert asked == ["pdf"]


# -- never a half-written or replaced file ------------------------------------------------------


def test_a_read_only_file_is_left_alone_and_the_reason_shown(window, out):
    old = out / "graph.svg"
    old.write_text("old picture")
    old.chmod(stat.S_IRUSR)

    export(window, old, overwrite=True)

    assert old.read_text() == "old picture" and "read-only" in window.problems.message


def test_an_existing_file_is_not_replaced_without_asking(window, out):
    old = out / "graph.svg"
    old.write_text("old picture")

    export(window, old, overwrite=False)

    assert old.read_text() == "old picture" and "already exists" in window.problems.message


def test_a_confirmed_overwrite_replaces_the_file(window, out):
    old = out / "graph.svg"
    old.write_text("old picture")

    export(window, old, overwrite=True)

    assert old.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root ignores permission bits:
    then /sys, which refuses new files even to root)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    for folder in (locked, Path("/sys")):
        try:
            fd, name = tempfile.mkstemp(dir=folder)
        except OSError:
            return folder
        os.close(fd)
        os.unlink(name)
    pytest.skip("no folder here refuses new files")


def test_a_folder_that_cannot_be_written_is_explained(window, tmp_path):
    folder = _unwritable_folder(tmp_path)

    export(window, folder / "graph.png")

    assert "permission denied" in window.problems.message and not (folder / "graph.png").exists()


def test_a_full_disk_keeps_the_old_file_and_says_so(window, out, monkeypatch):
    old = out / "graph.pdf"
    old.write_bytes(b"old")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    export(window, old, overwrite=True)
    monkeypatch.undo()

    assert (old.read_bytes(), sorted(p.name for p in out.iterdir())) == (b"old", ["graph.pdf"]) \
        and "disk is full" in window.problems.message


def test_cancelling_the_dialog_writes_nothing(window, out):
    exports_of(window).ask_graph_target = lambda fmt: None

    window.actions["export_graph_svg"].trigger()

    assert list(out.iterdir()) == [] and window.problems.message == ""


def test_without_a_graph_the_export_commands_are_greyed(qtbot):
    win = ExportingWindow(Session(""), lazy_plot=True)
    qtbot.addWidget(win)

    assert not win.actions["export_graph_svg"].isEnabled() and not win.actions["copy_graph_image"].isEnabled()


def test_without_a_graph_exporting_says_why(qtbot, out):
    win = ExportingWindow(Session(""), lazy_plot=True)
    qtbot.addWidget(win)

    with pytest.raises(ExportError, match="no graph"):
        exports_of(win).export_graph_to(out / "graph.svg", "svg")


# -- remembered between runs --------------------------------------------------------------------


def test_the_next_dialog_opens_in_the_last_folder_with_the_last_format(qtbot, window, out):
    export(window, out / "talk.pdf")
    later = ExportingWindow(Session(L_EXAMPLE), lazy_plot=True)
    qtbot.addWidget(later)

    fmt = exports_of(later).last_format("graph")
    dialog = exports_of(later).graph_dialog(fmt)

    assert (Path(dialog.directory().absolutePath()), dialog.selectedNameFilter(), dialog.defaultSuffix()) == (
        out.resolve(), "PDF document (*.pdf)", "pdf")


def test_png_options_are_remembered(qtbot, window, out):
    export(window, out / "graph.png", scale=3, transparent=True)
    later = ExportingWindow(Session(L_EXAMPLE), lazy_plot=True)
    qtbot.addWidget(later)

    assert exports_of(later).png_options() == PngOptions(3.0, True)


def test_the_png_options_dialog_starts_from_the_remembered_choice(qtbot):
    dialog = PngOptionsDialog(PngOptions(4.0, True))
    qtbot.addWidget(dialog)

    assert dialog.options() == PngOptions(4.0, True)


def test_the_real_dialogs_answered_write_the_png_with_its_ending_added(qtbot, window, out):
    """The Qt dialogs themselves (non-native offscreen): a name typed without an
    ending gets the filter's, then the PNG options are asked."""
    window.show()
    answered = []

    def answer_png_options():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PngOptionsDialog):
            QTimer.singleShot(20, answer_png_options)
            return
        dialog.scale_box.setCurrentIndex(0)  # 1x
        answered.append("png options")
        dialog.accept()

    def answer_file_dialog():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer_file_dialog)
            return
        dialog.setDirectory(str(out))
        dialog.selectFile(str(out / "drawing"))
        answered.append("file")
        QTimer.singleShot(0, answer_png_options)
        dialog.accept()

    QTimer.singleShot(0, answer_file_dialog)
    window.actions["export_graph_png"].trigger()

    assert (answered, (out / "drawing.png").read_bytes()[:8]) == (["file", "png options"], PNG_MAGIC)


@pytest.mark.parametrize("typed, chosen, expected", [
    ("/x/talk.svg", "svg", ("/x/talk.svg", "svg")),
    ("/x/talk.png", "svg", ("/x/talk.png", "png")),  # the typed ending wins
    ("/x/talk.gv", "svg", ("/x/talk.gv", "dot")),
    ("/x/talk.v2", "pdf", ("/x/talk.v2.pdf", "pdf")),
])
def test_the_typed_name_decides_file_and_format(typed, chosen, expected):
    path, fmt, _overwrite = resolve_target(typed, chosen, ("svg", "png", "pdf", "dot"))

    assert (str(path), fmt) == expected


@given(name=st.text(st.characters(blacklist_characters="/\\\0", blacklist_categories=("Cs",)), min_size=1,
                   max_size=24),
       chosen=st.sampled_from(["svg", "png", "pdf", "dot"]))
def test_whatever_name_is_typed_the_file_ends_in_its_format(name, chosen):
    assume(name.strip(".") != "")

    path, fmt, _overwrite = resolve_target(f"/nowhere/{name}", chosen, ("svg", "png", "pdf", "dot"))

    assert path.suffix.lower() in (f".{fmt}", ".gv") and path.parent == Path("/nowhere")


def test_a_name_the_dialog_never_confirmed_is_not_overwritten(tmp_path):
    (tmp_path / "talk.v2.pdf").write_bytes(b"old")

    _path, _fmt, overwrite = resolve_target(str(tmp_path / "talk.v2"), "pdf", ("svg", "png", "pdf", "dot"))

    assert overwrite is False


# -- the plot and the clipboard --------------------------------------------------------------------


@pytest.fixture
def plot_window(qtbot):
    win = ExportingWindow(Session(L_EXAMPLE), lazy_plot=False)
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize("fmt, magic", [("png", PNG_MAGIC), ("svg", b"<?xml"), ("pdf", b"%PDF-")])
def test_the_plot_exports_in_each_format(plot_window, out, fmt, magic):
    target = out / f"plot.{fmt}"
    exports_of(plot_window).ask_plot_target = lambda _fmt: ExportChoice(target, fmt)

    plot_window.actions[f"export_plot_{fmt}"].trigger()

    assert target.read_bytes()[:len(magic)] == magic


def test_the_plot_never_replaces_a_file_unasked(plot_window, out):
    old = out / "plot.png"
    old.write_bytes(b"old")
    exports_of(plot_window).ask_plot_target = lambda _fmt: ExportChoice(old, "png", overwrite=False)

    plot_window.actions["export_plot_png"].trigger()

    assert old.read_bytes() == b"old" and "already exists" in plot_window.problems.message


@pytest.fixture
def clean_clipboard(qapp):
    QGuiApplication.clipboard().clear()
    yield QGuiApplication.clipboard()
    # Data left on the offscreen platform's clipboard crashes Qt's teardown at exit.
    QGuiApplication.clipboard().clear()


def test_copy_puts_a_png_and_an_svg_on_the_clipboard(window, clean_clipboard):
    window.actions["copy_graph_image"].trigger()

    mime = clean_clipboard.mimeData()
    copied = (mime.hasImage(), not clean_clipboard.image().isNull(),
              bytes(mime.data("image/svg+xml")).lstrip().startswith(b"<?xml"))
    assert copied == (True, True, True)


def test_copy_is_ctrl_shift_c_in_the_edit_menu(window):
    edit = window.menus["edit"]

    assert window.actions["copy_graph_image"] in edit.actions() \
        and window.actions["copy_graph_image"].shortcut().toString() == "Ctrl+Shift+C"


# -- the menus -------------------------------------------------------------------------------------


def _file_menu_texts(win) -> list[str]:
    return [a.text().replace("&", "") for a in win.menus["file"].actions() if not a.isSeparator()]


def test_the_file_menu_has_both_submenus_before_quit(window):
    texts = _file_menu_texts(window)

    assert texts[-4:] == ["Export graph...", "Export graph as", "Export plot as", "Quit"]


def test_the_graph_submenu_lists_the_four_formats(window):
    menu = window.findChild(QMenu, "menu_export_graph_as")

    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == ["SVG...", "PNG...", "PDF...", "DOT source..."]


def test_the_new_shortcuts_clash_with_no_other_command(window):
    keys = [row[2] for row in window.actions.shortcut_table()]

    assert len(keys) == len(set(keys))
