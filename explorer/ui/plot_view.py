"""``PlotPanel``: the function plot with a tangent at an x0 chosen by a slider.

The first seed's ``plot_with_tangent_and_change_lines``, live. The panel shows the
session's output as a function of one leaf (a combo box picks which; for
``f(x) = ...`` it is x), a point at x0 with the tangent whose slope backprop gives,
the secant through x0 and x0 + h with the change-in-x and change-in-y lines, and
readouts: x0, f(x0), f'(x0) by backprop, the finite-difference slope and their
difference.

Moving x0 (slider, spin box, dragging the point, arrow keys) redraws at once
(blitting, see plot_canvas.py) and moves the leaf in the session *throttled*
(``Commands.move_x`` at most every ``PUSH_MS``), so the graph view follows live
without making the slider stutter. One drag is one undo step, and moving x is
exploring: the text is not rewritten and the document is not marked modified.
Changes made elsewhere (the text, a step, Undo) move the point and the curve: the
panel keeps no x0, h or variable of its own, only a move on its way to the session.
Maths and drawing: ``explorer.viz.tangent`` and ``tangent_figure`` (no Qt).
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..errors import ExplorerError
from ..model.commands import Commands
from ..viz.tangent import H_MAX, H_MIN, TangentModel, TangentState, default_range, function_name, plot_title
from ..viz.tangent_figure import DARK, LIGHT, PlotTheme, draw_tangent_figure, save_figure
from .actions import ActionRegistry
from .binding import bind
from .controls import action_button
from .plot_arrangement import Arrangement, Note
from .plot_canvas import SLIDER_STEPS, PlotToolbar, TangentCanvas
from .plot_inputs import NumberBox, SliderRows, slider_grid
from .plot_readouts import Readouts
from .theme import last_folder, remember_folder

__all__ = ["PlotPanel", "PUSH_MS", "COMMIT_MS", "NOTHING_TO_PLOT", "NO_TEXT_YET"]

NO_TEXT_YET = "Type an expression with a named number (such as x = 3.0) to plot it."
NOTHING_TO_PLOT = ("Nothing to plot: the tangent plot draws the output against one named number of "
                   "the text, such as x = 3.0.")

# The graph follows the slider at most this often (the slider itself never waits).
PUSH_MS = 40
# After arrow keys or the wheel on the slider, write the text once they stop.
COMMIT_MS = 600
# A curve re-sampled because other leaves changed (training) redraws at most this often.
RESAMPLE_MS = 100


class PlotPanel(Arrangement, QWidget):
    """The tangent plot of ``session``'s output. See the module docstring."""

    x0Changed = Signal(float)
    message = Signal(str)  # one sentence for the status bar (export done, export failed)

    def __init__(self, commands: Commands, parent=None, actions: ActionRegistry | None = None):
        super().__init__(parent)
        self.commands = commands
        # Its Legend button is the table's entry: the window's (View menu), or its own.
        self.actions = actions or ActionRegistry.for_panel("plot", {"plot_legend": self.show_legend},
                                                           lambda exc: self.message.emit(str(exc)), self)
        self.session = session = commands.session
        self.model: TangentModel | None = None  # the curve drawn (render results, not settings)
        self.state: TangentState | None = None
        # A move the session has yet to hear of (told throttled: PUSH_MS, or once the h
        # slider rests); None: the session's value is the one shown.
        self._moving_x0: float | None = None
        self._moving_h: float | None = None
        self._pushing = False  # our own move is reaching the session (its values event is ours)
        self._setting_view = False
        self._build_ui()
        self._push_timer = QTimer(self, singleShot=True, interval=PUSH_MS, timeout=self._push)
        self._commit_timer = QTimer(self, singleShot=True, interval=COMMIT_MS, timeout=self.commit)
        self._settings_timer = QTimer(self, singleShot=True, interval=300, timeout=self._store_range)
        self._h_timer = QTimer(self, singleShot=True, interval=200, timeout=self._store_h)
        self._resample_timer = QTimer(self, singleShot=True, interval=RESAMPLE_MS,
                                      timeout=self._resample_cooled)
        self._resample_pending = False
        ev = session.events
        bind(self, (ev.structure, self._on_structure), (ev.values, self._on_values),
             (ev.plot_var, self._apply_settings), (ev.h, self._apply_settings),
             (ev.x_range, self._apply_settings))
        self._apply_palette()
        self._rebuild()

    # -- building the widgets ------------------------------------------------------------

    def _build_ui(self) -> None:
        self.canvas = TangentCanvas(self)
        self.toolbar = PlotToolbar(self.canvas, self, on_save=self.export_dialog, on_home=self.reset_range)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)
        self.canvas.toolbar = self.toolbar

        self.output_label = QLabel("f as a function of")
        self.var_combo = QComboBox()
        self.var_combo.setToolTip("The leaf to plot against; the other leaves keep their values.")
        self.var_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lo_box = NumberBox(-1e12, 1e12)
        self.hi_box = NumberBox(-1e12, 1e12)
        self.lo_box.setToolTip("Left end of the x range")
        self.hi_box.setToolTip("Right end of the x range")
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.output_label)
        top.addWidget(self.var_combo)
        top.addSpacing(12)
        for part in (QLabel("from"), self.lo_box, QLabel("to"), self.hi_box):
            top.addWidget(part)
        top.addStretch(1)
        top.addWidget(self.toolbar)
        self._top = top

        controls = self.sliders = SliderRows()
        self.x0_label, self.x0_slider, self.x0_box = controls.x0_label, controls.x0_slider, controls.x0_box
        self.h_slider, self.h_box = controls.h_slider, controls.h_box

        # Readouts: fixed-width numbers so they do not jump around while dragging.
        self.readout_panel = Readouts()
        self.readouts = self.readout_panel.values
        self.readout_names = self.readout_panel.names
        self.swatches = self.readout_panel.swatches
        self.note = Note()

        self.legend_button = action_button(self.actions["plot_legend"], wide=False)  # off at first

        self.empty = QLabel(NO_TEXT_YET)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        # Plot and controls on one side, readouts on the other: side by side in a
        # wide, short dock (the window's bottom dock), stacked when narrow.
        plot_side = QVBoxLayout()
        plot_side.addWidget(self.canvas, 1)
        plot_side.addWidget(self.empty, 1)
        self.slider_box = QWidget()
        self.slider_box.setLayout(controls)
        controls.setContentsMargins(0, 0, 0, 0)
        plot_side.addWidget(self.slider_box)
        plot_side.addWidget(self.note)
        self.readout_box = QWidget()
        readout_side = QVBoxLayout(self.readout_box)
        readout_side.setContentsMargins(0, 0, 0, 0)
        readout_side.addWidget(self.readout_panel)
        self._readout_side = readout_side
        readout_side.addWidget(self.legend_button, 0, Qt.AlignmentFlag.AlignRight)
        readout_side.addStretch(1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(plot_side, 1)
        self.body.addWidget(self.readout_box, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.top_bar)
        layout.addLayout(self.body, 1)

        self.var_combo.currentTextChanged.connect(self._on_var_chosen)
        self.lo_box.valueChanged.connect(self._on_range_typed)
        self.hi_box.valueChanged.connect(self._on_range_typed)
        self.x0_slider.valueChanged.connect(self._on_slider)
        self.x0_slider.sliderReleased.connect(self.commit)
        self.x0_box.valueChanged.connect(lambda x: self.set_x0(x, commit=True))
        self.h_slider.valueChanged.connect(self._on_h_slider)
        self.h_box.valueChanged.connect(lambda h: self.set_h(h))
        self.canvas.x0Dragged.connect(lambda x: self.set_x0(x, commit=False))
        self.canvas.dragFinished.connect(self.commit)
        self.canvas.keyMoved.connect(lambda x: self.set_x0(x, commit="later"))
        self.canvas.viewChanged.connect(self._on_view_changed)

    # -- what is shown: the session's, or a move on its way to it ----------------------------
    @property
    def variable(self) -> str | None:
        """The leaf the curve is drawn against (the session's ``plotted_variable``)."""
        return self.model.name if self.model is not None else None

    @property
    def x0(self) -> float:
        """Where the tangent touches: the plotted leaf's value, or a move on its way to it."""
        if self._moving_x0 is not None:
            return self._moving_x0
        return self.model.source_value if self.model is not None else 0.0

    @property
    def h(self) -> float:
        """The finite-difference step: the session's, or the h slider's while it moves."""
        return self._moving_h if self._moving_h is not None else float(self.session.h)

    # -- public API ------------------------------------------------------------------------

    def set_variable(self, name: str) -> None:
        """Plot against leaf ``name`` (as choosing it in the combo box does)."""
        index = self.var_combo.findText(name)
        if index < 0:
            raise ExplorerError(f"'{name}' is not a variable of this expression.")
        self.var_combo.setCurrentIndex(index)
        if self.variable != name:
            self._on_var_chosen(name)

    def set_x0(self, x: float, *, commit: bool | str = True) -> None:
        """Move the point to ``x``: redraw now; push to the session throttled;
        ``commit=True`` also writes the text now, ``"later"`` once moves stop."""
        if self.model is None or not math.isfinite(x):
            return
        self._moving_x0 = float(x)
        if not self._dragging():
            self._keep_in_view()
        self._show()
        self._sync_x0_controls()
        self.x0Changed.emit(self.x0)
        if not self._push_timer.isActive():
            self._push_timer.start()
        if commit is True:
            self.commit()
        elif commit == "later" and not self.canvas.dragging and not self.x0_slider.isSliderDown():
            self._commit_timer.start()

    def set_h(self, h: float) -> None:
        """The finite-difference step (clamped to 1e-12 .. 1)."""
        h = min(max(float(h), H_MIN), H_MAX)
        if h == self.h and self.state is not None and self.state.h == h:
            return
        self._moving_h = h
        self._sync_h_controls()
        self._show()
        self._h_timer.start()  # tell the session once the h slider rests

    def _store_h(self) -> None:
        h, self._moving_h = self._moving_h, None
        if h is not None and self.session.h != h:
            self._set_session(h=h)
        if self.state is not None and self.state.h != self.h:  # the session refused it
            self._sync_h_controls()
            self._show()

    def set_range(self, lo: float, hi: float) -> None:
        """Show x from ``lo`` to ``hi`` (the y range follows the curve)."""
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            self._say("The x range must go from a smaller to a larger number.")
            return
        self._set_view(lo, hi)
        self._store_range()

    def reset_range(self) -> None:
        """Back to the default range around x0 (the toolbar's Home button)."""
        self._set_view(*default_range(self.x0))
        self._set_session(x_range=None)  # "the default range", wherever x0 is

    def set_text_scale(self, scale: float) -> None:
        """The plot's matplotlib texts ``scale`` times their usual size (presentation mode)."""
        self.canvas.set_text_scale(scale)

    def commit(self) -> None:
        """The move ends (slider released, drag finished, Enter): push the last x0
        and close the drag's undo step."""
        self._commit_timer.stop()
        self._push_timer.stop()
        if self.model is not None and self._moving_x0 is not None:
            self._push()
        self.commands.end_drag()

    def export(self, path: str | Path, *, theme: PlotTheme = LIGHT) -> Path:
        """Save the plot as shown (range, x0, h) to png, svg or pdf, atomically."""
        if self.model is None:
            raise ExplorerError("There is nothing to plot yet: type an expression first.")
        fig = draw_tangent_figure(self.model, self.x0, self.h, x_range=self.canvas.x_view(),
                                  y_range=tuple(self.canvas.ax.get_ylim()), theme=theme)
        return save_figure(fig, path)

    def export_dialog(self) -> None:
        if self.model is None:
            self._say("There is nothing to plot yet.")
            return
        start = str(Path(last_folder("export")) / f"tangent-{self.variable or 'x'}.png")
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export plot", start, "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)")
        if not path:
            return
        if not Path(path).suffix:  # "tangent" typed with the SVG filter chosen: tangent.svg
            path += "." + chosen.split("*.")[-1].rstrip(")") if "*." in chosen else ".png"
        remember_folder(path, "export")
        try:
            saved = self.export(path)
        except ExplorerError as exc:
            self._say(str(exc))
            return
        self.message.emit(f"Saved the plot to {saved}.")

    # -- session events ----------------------------------------------------------------------

    # Handled at once: events come one edit at a time, the work is small, and the only
    # expensive part (a full figure draw) is deferred by draw_idle.

    def _on_structure(self, _same_shape: bool) -> None:
        self._rebuild()

    def _on_values(self, _=None) -> None:
        if self.model is not None and self.model.source is not self.session.graph:
            self._rebuild()
        elif self.model is not None:
            self._follow_values()

    def _rebuild(self) -> None:
        """A new graph: refill the variable list, keep the variable and view if we can."""
        session = self.session
        names = session.plot_variables
        with QSignalBlocker(self.var_combo):
            self.var_combo.clear()
            self.var_combo.addItems(names)
        if not names:
            self.model = None
            self.canvas.set_model(None)
            self.empty.setText(NOTHING_TO_PLOT if session.graph is not None else NO_TEXT_YET)
            self._show_empty(True)
            return
        self._show_empty(False)
        wanted = session.plotted_variable or names[0]
        first = self.model is None
        same_var = wanted == self.variable
        with QSignalBlocker(self.var_combo):
            self.var_combo.setCurrentText(wanted)
        self._use_variable(wanted, keep_view=same_var and not first)
        if first and session.x_range:
            lo, hi = session.x_range
            if math.isfinite(lo) and math.isfinite(hi) and lo < hi:
                self._set_view(lo, hi)

    def _use_variable(self, name: str, *, keep_view: bool) -> None:
        graph = self.session.graph
        try:
            program = self.session.program
            self.model = TangentModel(graph, name, output=function_name(program, graph, name),
                                      title=plot_title(program, graph, name))
        except ExplorerError as exc:
            self.model = None
            self._say(str(exc))
            return
        self._moving_x0 = None
        self.output_label.setText(f"{self.model.title} as a function of")
        self.x0_label.setText(name)
        self.readout_panel.set_names(self.model.output_name, name)
        self.canvas.set_model(self.model, name, self.model.y_label)
        self.canvas.show_legend(self.legend_button.isChecked())
        view = self.canvas.x_view()
        if keep_view and view[0] < self.x0 < view[1]:
            self.canvas.resample()
        else:
            self._set_view(*default_range(self.x0), autoscale_y=False)
        self._show()
        self.canvas.autoscale_y()
        self._sync_x0_controls()
        self._sync_h_controls()

    def _follow_values(self) -> None:
        """Values changed in the session (our own push, a step, a reset)."""
        others_changed = self.model.sync()
        if not self._pushing and not self._dragging():
            self._moving_x0 = None  # a step, Reset or Undo moved it: the session's value wins
        moved = self.state is None or self.state.x0 != self.x0
        if moved:
            self._keep_in_view()
        if others_changed or moved:
            self._show()  # f(x0) and the slope depend on the other leaves too
        if others_changed:
            self._resample_throttled()
        if moved:
            self._sync_x0_controls()
            self.x0Changed.emit(self.x0)

    def _resample_throttled(self) -> None:
        """Re-sample the curve (a full redraw) at most every RESAMPLE_MS: training
        can change the other leaves many times a second."""
        if self._resample_timer.isActive():
            self._resample_pending = True
            return
        self._resample_now()

    def _resample_cooled(self) -> None:
        if self._resample_pending and self.model is not None:
            self._resample_now()

    def _resample_now(self) -> None:
        self._resample_pending = False
        self.canvas.resample()
        # The curve moved (training lowers a loss): fit y again once the point leaves the view.
        y0 = self.state.y0 if self.state is not None else math.nan
        ylo, yhi = self.canvas.ax.get_ylim()
        if math.isfinite(y0) and not ylo <= y0 <= yhi:
            self.canvas.autoscale_y()
        self._resample_timer.start()

    def _apply_settings(self, _value: object = None) -> None:
        """Settings changed elsewhere (a file opened, another panel): follow them
        without writing anything back, so a document's range is never reset."""
        session = self.session
        var = session.plot_var
        h = session.h
        x_range = session.x_range
        if var and var != self.variable and self.var_combo.findText(var) >= 0:
            with QSignalBlocker(self.var_combo):
                self.var_combo.setCurrentText(var)
            self.commit()
            self._use_variable(var, keep_view=False)
        if h and self._moving_h is None and self.state is not None and self.state.h != h:
            self._sync_h_controls()  # set elsewhere (Undo, a file); ours is on its way otherwise
            self._show()
        if x_range and self.model is not None:
            lo, hi = self.canvas.x_view()
            if abs(x_range[0] - lo) + abs(x_range[1] - hi) > 1e-9 * (hi - lo):
                self._set_view(*x_range)

    # -- pushing to the session ----------------------------------------------------------------

    def _push(self) -> None:
        """Move the plotted leaf in the session (the graph view follows). A drag is one
        undo step; moving x is exploring, so the document is not modified."""
        if self.model is None or self.variable is None or self.model.source_value == self.x0:
            return
        if self._dragging() and not self.commands.dragging:
            self.commands.begin_drag()
        x0, self._pushing = self.x0, True
        try:
            self.commands.move_x(self.variable, x0)
        except ExplorerError as exc:
            self._say(str(exc))
        finally:
            self._pushing = False
        if self._moving_x0 == x0:
            self._moving_x0 = None  # the session has it (or refused it: then its value is shown)
            if self.state is not None and self.state.x0 != self.x0:
                self._show()
                self._sync_x0_controls()

    def _set_session(self, **settings) -> None:
        try:
            if set(settings) == {"x_range"}:
                self.session.x_range = settings["x_range"]  # zooming is a view change, not a command
            else:
                self.commands.set_settings(**settings)
        except ExplorerError:
            pass

    def _keep_in_view(self) -> None:
        """Typed, stepped or set elsewhere outside the view: move the view to x0,
        keeping its width (a drag never leaves the view)."""
        lo, hi = self.canvas.x_view()
        if not lo <= self.x0 <= hi:
            width = hi - lo
            self._set_view(self.x0 - width / 2, self.x0 + width / 2)

    def _set_view(self, lo: float, hi: float, *, autoscale_y: bool = True) -> None:
        """Change the view from code (not a user's pan or zoom: nothing to remember)."""
        self._setting_view = True
        try:
            self.canvas.set_view(lo, hi, autoscale_y=autoscale_y)
        finally:
            self._setting_view = False

    def _store_range(self) -> None:
        lo, hi = self.canvas.x_view()
        if self.session.x_range != (lo, hi):
            self._set_session(x_range=(lo, hi))

    # -- widgets to state ----------------------------------------------------------------------

    def _dragging(self) -> bool:
        return self.canvas.dragging or self.x0_slider.isSliderDown()

    def _on_var_chosen(self, name: str) -> None:
        if not name or name == self.variable or self.session.graph is None:
            return
        self.commit()
        self._use_variable(name, keep_view=False)
        self._set_session(plot_var=name, x_range=None)

    def _on_slider(self, k: int) -> None:
        self.set_x0(self._slider_x(k), commit=False if self.x0_slider.isSliderDown() else "later")

    def _slider_grid(self) -> tuple[float, float, int]:
        return slider_grid(*self.canvas.x_view(), SLIDER_STEPS)

    def slider_position(self, x: float, grid: tuple[float, float, int] | None = None) -> int:
        """The slider position that stands for ``x`` (clamped to the view; ``grid`` if read already)."""
        base, step, count = grid or self._slider_grid()
        return min(max(round((x - base) / step), 0), count)

    def _slider_x(self, k: int) -> float:
        base, step, _ = self._slider_grid()
        return round(base + k * step, max(0, -math.floor(math.log10(step))))

    def _on_h_slider(self, k: int) -> None:
        self.set_h(self.sliders.h_at(k))

    def _on_range_typed(self, _value: float) -> None:
        lo, hi = self.lo_box.value(), self.hi_box.value()
        if lo < hi:
            self.set_range(lo, hi)
        else:
            self._say("The x range must go from a smaller to a larger number.")

    def _on_view_changed(self, lo: float, hi: float) -> None:
        with QSignalBlocker(self.lo_box), QSignalBlocker(self.hi_box):
            self.lo_box.setValue(lo)
            self.hi_box.setValue(hi)
        self._sync_x0_controls()
        if not self._setting_view:  # the user panned or zoomed: remember it once they stop
            self._settings_timer.start()

    def show_legend(self, on: bool) -> None:
        """The legend on the plot, or not (View > Plot legend, the Legend button)."""
        self.canvas.show_legend(on)
        self.canvas.draw_idle()

    def _sync_x0_controls(self) -> None:
        _, step, count = grid = self._slider_grid()
        with QSignalBlocker(self.x0_slider):
            self.x0_slider.setRange(0, count)
            self.x0_slider.setSingleStep(1)
            self.x0_slider.setPageStep(max(1, count // 20))
            self.x0_slider.setValue(self.slider_position(self.x0, grid))
        with QSignalBlocker(self.x0_box):
            self.x0_box.setSingleStep(step)
            self.x0_box.setValue(self.x0)

    def _sync_h_controls(self) -> None:
        with QSignalBlocker(self.h_slider):
            self.h_slider.setValue(self.sliders.h_position(self.h))
        with QSignalBlocker(self.h_box):
            self.h_box.setValue(self.h)

    # -- showing -------------------------------------------------------------------------------

    def _show(self) -> None:
        """Recompute the state at x0 and h, move the artists, fill the readouts."""
        if self.model is None:
            return
        try:
            state = self.model.at(self.x0, self.h)
        except ExplorerError as exc:
            self._say(str(exc))
            return
        self.state = state
        self.canvas.show_state(state)
        self.readout_panel.show_state(state)
        self._say(state.undefined or state.note)

    def _say(self, text: str) -> None:
        if self.note.text() != text:
            self.note.setText(text)

    def _show_empty(self, empty: bool) -> None:
        """Nothing to plot (no named number to move): one line saying so, not a panel
        of greyed boxes and dashes (the window then gives the panel one line too)."""
        for part in (self.top_bar, self.canvas, self.slider_box, self.readout_box, self.note):
            part.setVisible(not empty)
        self.empty.setVisible(empty)
        if empty:
            self.readout_panel.clear()
            self._say("")

    # -- light and dark ------------------------------------------------------------------------

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        theme = DARK if dark else LIGHT
        if theme is not self.canvas.theme:
            self.canvas.set_theme(theme)
        self.readout_panel.set_theme(theme)
