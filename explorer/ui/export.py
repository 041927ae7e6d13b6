"""File > Export graph as / Export plot as, and Edit > Copy graph image.

The graph's files come from Graphviz's own renderers (:mod:`explorer.viz.export`)
pinned to the layout on screen, with the numbers and colours on screen; the
plot's from matplotlib through the plot panel. The composition root (:mod:`explorer.ui.compose`) makes one
controller per window and binds the export commands of the action table to it.

Every file is written atomically and an existing file is replaced only when the
file dialog asked and the user said yes. A failure is one sentence in the
window's problems line (``window.report``, through the action registry); a
success is one line in the status bar ("Saved graph.svg (12 KB)").

The questions are attributes, so tests and other front ends can answer them:
``ask_graph_target(fmt) -> ExportChoice | None``, ``ask_plot_target(fmt) -> ...``.
The last folder (``theme.last_folder("export")``, shared with the plot panel's
own button), the last format of each kind and the PNG options are remembered.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from ..errors import ExportError
from ..fileio import check_writable
from ..model.session import Session
from ..viz import layout as viz_layout
from ..viz.export import FORMATS, export_graph, format_for, render_graph
from . import theme
from .actions import ActionRegistry
from .binding import bind
from .editor import ExpressionEditor
from .export_dialogs import PngOptions, ask_png_options, choose_target, file_dialog
from .graph_view import GraphView

if TYPE_CHECKING:  # the plot panel is built after the first paint (matplotlib is slow to import)
    from .plot_view import PlotPanel

__all__ = ["ExportChoice", "ExportController", "GRAPH_FORMATS", "PLOT_FORMATS", "COPY_SCALE"]

GRAPH_FORMATS: tuple[str, ...] = FORMATS  # svg, png, pdf, dot
PLOT_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
COPY_SCALE = 2.0  # the clipboard's PNG: sharp when pasted into slides
# The commands of the action table this controller runs (File and Edit menus).
GRAPH_ACTIONS = ("export_graph", "copy_graph_image", *(f"export_graph_{f}" for f in GRAPH_FORMATS))
PLOT_ACTIONS = tuple(f"export_plot_{f}" for f in PLOT_FORMATS)
FOLDER_KIND = "export"


@dataclass(frozen=True)
class ExportChoice:
    """Where and how to write, as the dialogs answered."""

    path: Path
    fmt: str
    scale: float = 1.0
    transparent: bool = False
    overwrite: bool = False  # the user agreed to replace the existing file


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "?"
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB"


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    """A wait cursor while Graphviz or matplotlib works (big graphs take seconds)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class ExportController(QObject):
    """The export commands of one window. See the module docstring."""

    def __init__(self, window: QWidget, session: Session, graph_view: GraphView, editor: ExpressionEditor,
                 plot_panel: Callable[[], PlotPanel | None], status: Callable[[str], None],
                 actions: ActionRegistry):
        """``window`` is the dialogs' parent; the graph is ``graph_view``'s, the plot
        ``plot_panel()``'s (None until it is built); ``status`` shows one line of news;
        ``actions`` are greyed while there is nothing to export."""
        super().__init__(window)
        self.window = window
        self.session = session
        self.graph_view = graph_view
        self.editor = editor
        self.plot_panel = plot_panel
        self._status = status
        self.actions = actions
        ev = session.events
        bind(self, (ev.structure, self.update_enabled), (ev.error, self.update_enabled))
        self.ask_graph_target: Callable[[str], ExportChoice | None] = self._ask_graph_target
        self.ask_plot_target: Callable[[str], ExportChoice | None] = self._ask_plot_target

    # -- commands (bound to the actions; an ExportError goes to window.report) -----------------

    def export_graph(self, fmt: str | None = None) -> Path | None:
        """Ask where (and, for PNG, how big), then write the graph. None when cancelled."""
        self._current_graph()  # nothing to export: say so before any dialog
        choice = self.ask_graph_target(fmt or self.last_format("graph"))
        if choice is None:
            return None
        path = self.export_graph_to(choice.path, choice.fmt, choice.scale, choice.transparent,
                                    overwrite=choice.overwrite)
        self._remember("graph", path, choice.fmt)
        if choice.fmt == "png":
            self.remember_png_options(PngOptions(choice.scale, choice.transparent))
        self._say_saved(path)
        return path

    def export_plot(self, fmt: str | None = None) -> Path | None:
        """Ask where, then write the tangent plot as shown. None when cancelled."""
        self._plot_panel()
        choice = self.ask_plot_target(fmt or self.last_format("plot"))
        if choice is None:
            return None
        path = self.export_plot_to(choice.path, choice.fmt, overwrite=choice.overwrite)
        self._remember("plot", path, choice.fmt)
        self._say_saved(path)
        return path

    def copy_graph_image(self) -> None:
        """The graph as on screen onto the clipboard: a PNG at 2× (also as image/png)
        and the SVG (image/svg+xml) for applications that take vector pictures."""
        graph, has_grads, rankdir = self._current_graph()
        with _busy():
            layout = viz_layout.layout(graph, rankdir)
            png = render_graph(graph, "png", scale=COPY_SCALE, rankdir=rankdir, has_grads=has_grads,
                               layout=layout)
            svg = render_graph(graph, "svg", rankdir=rankdir, has_grads=has_grads, layout=layout)
        image = QImage.fromData(png, "PNG")
        if image.isNull():
            raise ExportError("The picture of the graph could not be made for the clipboard.")
        mime = QMimeData()
        mime.setImageData(image)
        mime.setData("image/png", QByteArray(png))
        mime.setData("image/svg+xml", QByteArray(svg))
        QGuiApplication.clipboard().setMimeData(mime)
        self._status(f"Copied the graph to the clipboard ({image.width()} × {image.height()} pixels, "
                     "and SVG).")

    # -- the work, without questions -------------------------------------------------------------

    def export_graph_to(self, path: str | os.PathLike, fmt: str | None = None, scale: float = 1.0,
                        transparent: bool = False, *, overwrite: bool = False) -> Path:
        """Write the graph shown in the window to ``path`` (format from ``fmt`` or the
        ending): same layout, labels, colours, numbers and grads as on screen."""
        fmt = format_for(path, fmt)
        check_writable(path, overwrite=overwrite)  # before the work, not after
        graph, has_grads, rankdir = self._current_graph()
        with _busy():
            # The window's layout is this same Graphviz run on the same text (numbers
            # replaced by fixed-width placeholders), so it is what the screen shows. The
            # view does not hand out its own copy, so it is made again (~30 ms for the
            # lecture's graphs). DOT text carries no positions: no layout needed.
            layout = viz_layout.layout(graph, rankdir) if fmt != "dot" else None
            return export_graph(graph, path, fmt, scale=scale, transparent=transparent, rankdir=rankdir,
                                overwrite=overwrite, has_grads=has_grads, layout=layout)

    def export_plot_to(self, path: str | os.PathLike, fmt: str | None = None, *,
                       overwrite: bool = False) -> Path:
        """Write the tangent plot as shown (range, x0, h) to ``path`` (png, svg or pdf)."""
        suffix = Path(os.fspath(path)).suffix.lower().lstrip(".")
        fmt = (fmt or suffix).lower().lstrip(".")
        if fmt not in PLOT_FORMATS:
            raise ExportError(f"Cannot export the plot as '{fmt or '?'}': choose png, svg or pdf.")
        if suffix != fmt:
            # The panel takes the format from the ending; a mismatch would write the wrong kind.
            raise ExportError(f"Give the file the ending .{fmt} to save the plot as {fmt.upper()}.")
        check_writable(path, overwrite=overwrite)  # the panel's writer replaces files silently
        panel = self._plot_panel()
        with _busy():
            return Path(panel.export(path))

    # -- what is on screen -----------------------------------------------------------------------

    def _current_graph(self):
        """(graph, has_grads, rankdir) of the graph view, as it is drawn now."""
        if self.editor.pending:
            self.editor.flush()  # the text typed so far counts, as for every command
        view = self.graph_view
        graph = view.graph
        if graph is None:
            raise ExportError("There is no graph to export yet: type an expression first.")
        if view.is_busy or view.is_collapsed:
            raise ExportError("Only part of this big graph is laid out so far; wait for the full layout "
                              "(or press “Lay out all”) and export again.")
        s = self.session
        stepper = s.stepper
        # As the window draws it: part-way through backprop the grads are shown.
        has_grads = bool(s.has_grads or (stepper is not None and stepper.kind == "backward"))
        return graph, has_grads, view.rankdir()

    def _plot_panel(self) -> PlotPanel:
        panel = self.plot_panel()
        if panel is None:
            raise ExportError("The tangent plot is still loading; try again in a moment.")
        if panel.model is None:
            raise ExportError("There is nothing to plot yet: type an expression first.")
        return panel

    def update_enabled(self, *_args) -> None:
        """Grey the graph commands while there is no graph."""
        has_graph = self.session.graph is not None
        for action_id in GRAPH_ACTIONS:
            self.actions[action_id].setEnabled(has_graph)

    def update_plot_enabled(self) -> None:
        """Grey the plot commands while there is no plot. Called as their menu opens:
        the panel appears after the first paint and sends no signal of its own."""
        panel = self.plot_panel()
        ready = panel is not None and panel.model is not None
        for action_id in PLOT_ACTIONS:
            self.actions[action_id].setEnabled(ready)

    # -- memory ---------------------------------------------------------------------------------

    def last_format(self, kind: str) -> str:
        """The format last used for ``kind`` ("graph" or "plot"): svg / png at first."""
        formats = GRAPH_FORMATS if kind == "graph" else PLOT_FORMATS
        value = theme.settings().value(f"export/{kind}_format", formats[0])
        return value if isinstance(value, str) and value in formats else formats[0]

    def png_options(self) -> PngOptions:
        store = theme.settings()
        try:
            scale = float(store.value("export/png_scale", 2.0))
        except (TypeError, ValueError):
            scale = 2.0
        transparent = str(store.value("export/png_transparent", "false")).lower() in ("true", "1")
        return PngOptions(scale if 1 <= scale <= 4 else 2.0, transparent)

    def remember_png_options(self, options: PngOptions) -> None:
        store = theme.settings()
        store.setValue("export/png_scale", float(options.scale))
        store.setValue("export/png_transparent", bool(options.transparent))

    def _remember(self, kind: str, path: Path, fmt: str) -> None:
        theme.remember_folder(path, FOLDER_KIND)
        theme.settings().setValue(f"export/{kind}_format", fmt)

    def suggested_path(self, kind: str, fmt: str) -> Path:
        """Where the dialog starts: the last export folder, a name from the document."""
        folder = Path(theme.last_folder(FOLDER_KIND))
        doc = self.session.path
        if kind == "plot":
            stem = f"tangent-{self.session.plotted_variable or 'x'}"
        else:
            stem = Path(doc).stem if doc else "graph"
        return folder / f"{stem}.{fmt}"

    # -- the default questions ------------------------------------------------------------------

    def graph_dialog(self, fmt: str):
        return file_dialog(self.window, "Export graph", self.suggested_path("graph", fmt), GRAPH_FORMATS, fmt)

    def plot_dialog(self, fmt: str):
        return file_dialog(self.window, "Export plot", self.suggested_path("plot", fmt), PLOT_FORMATS, fmt)

    def _ask_graph_target(self, fmt: str) -> ExportChoice | None:
        target = choose_target(self.graph_dialog(fmt), fmt, GRAPH_FORMATS)
        if target is None:
            return None
        path, fmt, overwrite = target
        if fmt != "png":
            return ExportChoice(path, fmt, overwrite=overwrite)
        options = ask_png_options(self.window, self.png_options())
        if options is None:
            return None
        return ExportChoice(path, fmt, options.scale, options.transparent, overwrite)

    def _ask_plot_target(self, fmt: str) -> ExportChoice | None:
        target = choose_target(self.plot_dialog(fmt), fmt, PLOT_FORMATS)
        return None if target is None else ExportChoice(target[0], target[1], overwrite=target[2])

    # -- messages ---------------------------------------------------------------------------------

    def _say_saved(self, path: Path) -> None:
        self._status(f"Saved {path.name} ({_size(path)})")
