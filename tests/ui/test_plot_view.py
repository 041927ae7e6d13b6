"""The tangent plot panel (explorer.ui.plot_view.PlotPanel), driven like a user would.

Reference values from the first seed: f(x) = 3x**2 - 4x + 5 has f(3) = 20,
f'(3) = 14, f'(2/3) = 0; with h = 1 at x = -2 the secant goes through (-2, 25)
and (-1, 12).
"""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from explorer.errors import ExportError
from explorer.model.commands import Commands
from explorer.model.session import Session
from explorer.ui.plot_view import COMMIT_MS, PUSH_MS, PlotPanel
from explorer.viz.tangent_figure import DARK

SEED = "f(x) = 3*x**2 - 4*x + 5\n"


@pytest.fixture
def make_panel(qtbot):
    def make(text: str = SEED) -> PlotPanel:
        panel = PlotPanel(Commands(Session(text)))
        qtbot.addWidget(panel)
        panel.resize(900, 620)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def line_slope(line) -> float:
    (xa, xb), (ya, yb) = line.get_data()
    return (yb - ya) / (xb - xa)


def canvas_point(panel, x: float, y: float) -> QPoint:
    """Widget coordinates (Qt: y down, logical pixels) of data point (x, y)."""
    canvas = panel.canvas
    px, py = canvas.ax.transData.transform((x, y))
    ratio = canvas.device_pixel_ratio
    return QPoint(round(px / ratio), round(canvas.height() - py / ratio))


# --- what the learner reads ---------------------------------------------------------------


def test_seed_at_3_reads_f_20_and_slope_14(make_panel):
    panel = make_panel()
    panel.set_x0(3.0)
    assert (panel.readouts["f"].text(), panel.readouts["slope"].text()) == ("20", "14")


def test_seed_at_two_thirds_has_slope_0(make_panel):
    panel = make_panel()
    panel.set_x0(2 / 3)
    assert panel.readouts["slope"].text() == "0"


def test_tangent_line_has_the_backprop_slope(make_panel):
    panel = make_panel()
    panel.set_x0(3.0)
    assert line_slope(panel.canvas.artists.tangent) == pytest.approx(14.0)


def test_tangent_line_touches_the_curve_at_x0(make_panel):
    panel = make_panel()
    panel.set_x0(-1.5)
    (xa, xb), (ya, yb) = panel.canvas.artists.tangent.get_data()
    assert (ya + yb) / 2 == pytest.approx(3 * 1.5**2 + 4 * 1.5 + 5)  # the midpoint is (x0, f(x0))


def test_h_of_1_shows_the_seeds_secant(make_panel):
    panel = make_panel()
    panel.set_x0(-2.0)
    panel.set_h(1.0)
    artists = panel.canvas.artists
    assert (line_slope(artists.secant), artists.point_h.get_data(), artists.run.get_data()) == (
        pytest.approx(-13.0), ([-1.0], [12.0]), ([-2.0, -1.0], [25.0, 25.0]))


def test_readouts_name_the_output_and_the_leaf(make_panel):
    panel = make_panel(Session().text)
    panel.set_variable("w1")
    assert panel.readout_names["slope"].text() == "do/dw1 by backprop"


def test_the_derivative_example_names_its_function_as_the_text_does(make_panel):
    # def f(x): ...; y = f(x): the plot said "y as a function of x" and "y(x)".
    from explorer.model.examples import example

    panel = make_panel(example("derivative").document().text)
    assert panel.output_label.text() == "y = f(x) as a function of"
    assert panel.canvas.ax.get_ylabel() == "y = f(x)"
    assert [panel.readout_names[k].text() for k in ("f", "slope")] == ["f(x)", "df/dx by backprop"]


def test_a_function_called_on_something_else_keeps_the_outputs_name(make_panel):
    panel = make_panel("def f(x):\n    return 3*x**2\nx = 3.0\nz = f(x) * 2\n")
    assert panel.output_label.text() == "z as a function of"
    assert panel.canvas.ax.get_ylabel() == "z(x)"


def test_neuron_against_w1_reads_the_lectures_grad(make_panel):
    panel = make_panel(Session().text)  # the lecture's neuron
    panel.set_variable("w1")
    assert float(panel.readouts["slope"].text()) == pytest.approx(1.0)


def test_tiny_h_explains_round_off(make_panel):
    panel = make_panel()
    panel.set_x0(3.0)
    panel.set_h(1e-12)
    assert "Round-off" in panel.note.text()


def test_log_of_a_negative_is_a_gap_and_a_sentence_not_an_error(make_panel):
    panel = make_panel("a = 2.0\nL = (a - 1).log()\n")
    panel.set_x0(0.5)
    ys = panel.canvas.artists.curve.get_ydata()
    assert (panel.readouts["slope"].text() == "undefined" and "undefined" in panel.note.text()
            and any(math.isnan(y) for y in ys))


# --- the slider, the point and the session ------------------------------------------------


def test_dragging_the_slider_sets_the_graphs_leaf_without_writing_text(make_panel, qtbot):
    panel = make_panel()
    session = panel.session
    panel.x0_slider.setSliderDown(True)
    panel.x0_slider.setValue(panel.slider_position(1.5))
    qtbot.waitUntil(lambda: session.graph.by_name["x"].data == 1.5, timeout=PUSH_MS * 20)
    assert "1.5" not in session.text


def test_a_slider_drag_moves_the_leaf_and_leaves_the_text_and_document_alone(make_panel):
    panel = make_panel()
    text = panel.session.text
    panel.x0_slider.setSliderDown(True)
    panel.x0_slider.setValue(panel.slider_position(-1.25))
    panel.x0_slider.setSliderDown(False)  # emits sliderReleased
    assert (panel.session.x0, panel.session.text, panel.session.modified) == (-1.25, text, False)


def test_one_slider_drag_is_one_undo_step_back_to_where_it_started(make_panel):
    panel = make_panel()
    pushed = []  # a stack that merges as Qt's QUndoStack does: with the command on top

    def push(command):
        if not (pushed and pushed[-1].merge(command)):
            pushed.append(command)

    panel.commands.sink = push
    start = panel.session.x0
    panel.x0_slider.setSliderDown(True)
    for x in (-1.0, -1.25, -2.0):
        panel.x0_slider.setValue(panel.slider_position(x))
        panel._push()  # what the throttle timer does while the slider is held
    panel.x0_slider.setSliderDown(False)
    pushed[0].undo()
    assert (len(pushed), pushed[0].text, panel.session.x0) == (1, "Move x to -2", start)


def test_undo_and_redo_of_a_move_put_the_point_where_the_session_has_it(make_panel):
    # The panel once kept its own x0 and took a value equal to the last one it pushed
    # for its own echo: after Undo, Redo put x back at -2 and the point stayed at 3.
    panel = make_panel()
    pushed = []
    panel.commands.sink = pushed.append
    panel.set_x0(3.0)
    panel.set_x0(-2.0)
    pushed[-1].undo()
    assert (panel.session.x0, panel.x0, panel.readouts["f"].text()) == (3.0, 3.0, "20")
    pushed[-1].redo()
    assert (panel.session.x0, panel.x0, panel.readouts["f"].text(), panel.x0_slider.value()) == (
        -2.0, -2.0, "25", panel.slider_position(-2.0))


def test_undo_of_an_h_change_puts_the_h_slider_back(make_panel, qtbot):
    panel = make_panel()
    pushed = []
    panel.commands.sink = pushed.append
    panel.set_x0(-2.0)
    panel.set_h(1.0)
    qtbot.waitUntil(lambda: panel.session.h == 1.0, timeout=2000)
    assert (pushed[-1].text, panel.readouts["dy"].text()) == ("Set h to 1", "-13")
    pushed[-1].undo()
    assert (panel.session.h, panel.h, panel.state.h, panel.h_box.value()) == (1e-3, 1e-3, 1e-3, 1e-3)
    assert panel.readouts["dy"].text() != "-13"


def test_arrow_keys_on_the_slider_move_the_leaf_once_they_stop(make_panel, qtbot):
    panel = make_panel()
    panel.x0_slider.setFocus()
    start = panel.x0
    qtbot.keyClick(panel.x0_slider, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: panel.session.x0 == start + 0.01, timeout=COMMIT_MS * 5)


def test_slider_moves_are_throttled(make_panel, qtbot):
    panel = make_panel()
    session = panel.session
    calls = []
    original = session.set_leaf
    session.set_leaf = lambda *a, **k: (calls.append(a), original(*a, **k))
    panel.x0_slider.setSliderDown(True)
    for k in range(100):
        panel.x0_slider.setValue(k)
    qtbot.wait(PUSH_MS * 3)
    assert 1 <= len(calls) <= 3 and session.graph.by_name["x"].data == panel.x0 == -4.01


def test_dragging_the_point_moves_x0_and_commits_on_release(make_panel, qtbot):
    panel = make_panel()
    panel.set_x0(3.0)
    canvas = panel.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas_point(panel, 3.0, 20.0))
    qtbot.mouseMove(canvas, canvas_point(panel, 1.0, 4.0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas_point(panel, 1.0, 4.0))
    assert abs(panel.x0 - 1.0) < 0.05 and panel.session.x0 == panel.x0


def test_arrow_keys_on_the_plot_move_x0_by_one_step(make_panel, qtbot):
    panel = make_panel()
    panel.set_x0(3.0)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Left)
    assert panel.x0 == 2.99


def test_editing_the_leaf_elsewhere_moves_the_slider(make_panel):
    panel = make_panel()
    panel.session.set_leaf("x", 1.5)
    assert (panel.x0, panel.x0_slider.value(), panel.readouts["f"].text()) == (
        1.5, panel.slider_position(1.5), "5.75")


def test_a_gradient_step_moves_the_point_and_the_curve(make_panel):
    panel = make_panel(Session().text)
    panel.set_variable("w1")
    before = panel.canvas.artists.curve.get_ydata().copy()
    panel.session.step()  # moves every leaf, w1 and the others
    moved = panel.session.graph.by_name["w1"].data
    assert panel.x0 == moved and list(panel.canvas.artists.curve.get_ydata()) != list(before)


def test_choosing_a_variable_is_remembered_by_the_session(make_panel):
    panel = make_panel(Session().text)
    panel.var_combo.setCurrentText("b")
    assert panel.session.plot_var == "b" and panel.x0 == pytest.approx(6.8813735870195432)


def test_an_error_in_the_text_never_overwrites_what_is_typed(make_panel):
    panel = make_panel()
    panel.session.set_text("f(x) = 3*x**2 - 4*x +")  # typing: not valid yet
    panel.set_x0(1.0)
    assert panel.session.text == "f(x) = 3*x**2 - 4*x +"


def test_no_expression_shows_a_hint_instead_of_a_plot(make_panel):
    panel = make_panel("")
    assert panel.empty.isVisible() and not panel.canvas.isVisible()


# --- the view -----------------------------------------------------------------------------


def test_slider_moves_blit_and_never_redraw_the_figure(make_panel, qtbot):
    panel = make_panel()
    qtbot.waitUntil(lambda: panel.canvas._background is not None)
    draws = []
    panel.canvas.mpl_connect("draw_event", draws.append)
    for k in range(50):
        panel.x0_slider.setValue(k)
    assert draws == []


def test_range_boxes_set_the_view_and_the_curve_covers_it(make_panel):
    panel = make_panel()
    panel.lo_box.setValue(-1.0)
    panel.hi_box.setValue(2.0)
    xs = panel.canvas.artists.curve.get_xdata()
    assert (panel.canvas.x_view(), xs[0], xs[-1]) == ((-1.0, 2.0), -1.0, 2.0)


def test_wheel_zoom_updates_the_range_boxes(make_panel, qtbot):
    panel = make_panel()
    canvas = panel.canvas
    from matplotlib.backend_bases import MouseEvent

    x, y = canvas.ax.transData.transform((0.0, 20.0))
    MouseEvent("scroll_event", canvas, x, y, button="up", step=1)._process()
    assert panel.hi_box.value() - panel.lo_box.value() < 11.0


def test_home_button_goes_back_to_the_range_around_x0(make_panel):
    panel = make_panel()
    panel.set_range(100, 200)
    panel.toolbar.home()
    assert panel.canvas.x_view() == (-5.0, 5.5)  # default_range(3.0)


def test_dark_palette_gives_the_dark_plot(make_panel):
    panel = make_panel()
    palette = panel.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    panel.setPalette(palette)
    assert panel.canvas.theme is DARK


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_export_writes_the_plot(make_panel, tmp_path, suffix, magic):
    panel = make_panel()
    path = panel.export(tmp_path / f"tangent.{suffix}")
    assert path.read_bytes().startswith(magic)


def test_export_to_a_missing_folder_is_an_export_error(make_panel, tmp_path):
    panel = make_panel()
    with pytest.raises(ExportError):
        panel.export(tmp_path / "missing" / "tangent.png")


def test_change_in_y_readout_is_the_seeds_dy(make_panel):
    panel = make_panel()
    panel.set_x0(-2.0)
    panel.set_h(1.0)
    assert panel.readouts["dy"].text() == "-13"  # f(-1) - f(-2) = 12 - 25


def test_undefined_point_still_marks_x0_on_the_axis(make_panel):
    panel = make_panel("a = 2.0\nL = (a - 1).log()\n")
    panel.set_x0(0.5)
    assert panel.canvas.artists.x_marker.get_xdata() == [0.5]


def test_slider_lands_on_round_numbers_far_from_zero(make_panel):
    panel = make_panel()
    panel.set_range(1e6, 1e6 + 1)  # x / step would overflow Qt's int slider
    panel.x0_slider.setValue(250)
    assert panel.x0 == 1000000.25


def test_typing_x0_outside_the_view_brings_it_into_view(make_panel):
    panel = make_panel()
    panel.x0_box.setValue(40.0)
    lo, hi = panel.canvas.x_view()
    assert lo < 40.0 < hi


def test_h_reaches_the_session_once_the_slider_rests(make_panel, qtbot):
    panel = make_panel()
    panel.h_slider.setValue(60)  # h = 1e-6
    qtbot.waitUntil(lambda: panel.session.h == 1e-6, timeout=2000)


def test_choosing_another_variable_leaves_the_text_alone(make_panel):
    panel = make_panel("a = 2\nb = 3\nL = a*b\n")  # "2", not "2.0": a rewrite would show
    panel.set_variable("b")
    assert panel.session.text == "a = 2\nb = 3\nL = a*b\n"


def test_settings_from_an_opened_file_are_all_followed(make_panel):
    panel = make_panel(Session().text)
    panel.session.set_settings(plot_var="w1", h=1e-6, x_range=(-4.0, 0.0))
    assert (panel.variable, panel.h, panel.canvas.x_view(), panel.session.x_range) == (
        "w1", 1e-6, (-4.0, 0.0), (-4.0, 0.0))


def test_h_just_chosen_survives_another_setting_changing(make_panel, qtbot):
    panel = make_panel()
    panel.set_h(1e-5)
    panel.set_range(-4.0, 0.0)  # tells the session before h's timer has fired
    qtbot.waitUntil(lambda: panel.session.h == 1e-5, timeout=2000)


def test_many_steps_in_a_row_redraw_the_curve_a_few_times_not_each_step(make_panel, qtbot):
    panel = make_panel(Session().text)
    panel.set_variable("w1")
    resamples = []
    original = panel.canvas.resample
    panel.canvas.resample = lambda: (resamples.append(1), original())
    for _ in range(20):
        panel.session.step()
    qtbot.wait(300)
    xs, ys = panel.canvas.artists.curve.get_data()
    curve_at_x0 = np.interp(panel.x0, xs, ys)  # the last redraw has the final values
    assert len(resamples) <= 3 and curve_at_x0 == pytest.approx(panel.state.y0, abs=1e-3)


def test_point_pushed_out_of_view_by_other_leaves_brings_the_y_range_along(make_panel):
    panel = make_panel("a = 2.0\nb = 1.0\nL = a*b\n")  # L against a; b scales the line
    panel.session.set_leaf("b", 1000.0, write_text=False)  # values only, as training does
    ylo, yhi = panel.canvas.ax.get_ylim()
    assert ylo <= panel.state.y0 <= yhi


def test_change_in_y_arrow_too_short_to_see_is_left_out(make_panel):
    panel = make_panel("a = 2.0\nL = a*1000000\n")  # dy = 1000 on a y range of about 1e7
    assert not panel.canvas.artists.rise.get_visible()


def test_a_closed_panel_stops_listening_to_the_session(qtbot):
    session = Session(SEED)
    panel = PlotPanel(Commands(session))
    panel.deleteLater()
    qtbot.wait(50)  # the deferred delete runs
    session.set_leaf("x", 1.0)  # would reach a deleted widget if still subscribed
    assert session.graph.by_name["x"].data == 1.0


# --- polish: the label, the marker, the h slider, the numbers -------------------------------

L_TEXT = "a = 2.0\nb = -3.0\nc = 10.0\nf = -2.0\nL = (a*b + c)*f\n"


def settle(panel, qtbot) -> None:
    """Draw now, and again once the margins have fitted the tick labels (a queued redraw)."""
    panel.canvas.draw()
    qtbot.wait(60)
    panel.canvas.draw()


def label_rect(panel):
    geometry = panel.canvas.point_label.geometry()
    return geometry.left(), geometry.top(), geometry.right(), geometry.bottom()


def line_pixels(panel, line) -> np.ndarray:
    """The line's points in widget pixels, resampled finely (a long tangent is two points)."""
    canvas = panel.canvas
    xy = canvas.ax.transData.transform(line.get_xydata()) / canvas.device_pixel_ratio
    xy[:, 1] = canvas.height() - xy[:, 1]
    t = np.linspace(0.0, 1.0, 50)[:, None]
    return np.concatenate([a + (b - a) * t for a, b in zip(xy[:-1], xy[1:])])


def covers(rect, pts: np.ndarray) -> bool:
    left, top, right, bottom = rect
    return bool(((pts[:, 0] >= left) & (pts[:, 0] <= right) & (pts[:, 1] >= top)
                 & (pts[:, 1] <= bottom)).any())


@pytest.mark.parametrize(("text", "x0"), [(L_TEXT, 2.0), (SEED, 3.0), (SEED, -4.0), (SEED, 0.7)])
def test_the_slope_label_covers_neither_the_curve_nor_the_tangent(make_panel, qtbot, text, x0):
    panel = make_panel(text)
    panel.set_x0(x0)
    settle(panel, qtbot)
    rect = label_rect(panel)
    artists = panel.canvas.artists
    assert panel.canvas.point_label.isVisible()
    assert not covers(rect, line_pixels(panel, artists.curve))
    assert not covers(rect, line_pixels(panel, artists.tangent))


def test_a_slider_drag_keeps_the_label_off_the_curve_without_resampling_it_each_move(
        make_panel, qtbot, monkeypatch):
    """The curve stays put while x0 is dragged along it: the label's placement draws it
    once (a sixth of a move's cost when it was sampled on every move), and the label
    still ends off the curve and the tangent, wherever the drag stops."""
    import explorer.ui.plot_canvas as plot_canvas

    panel = make_panel()
    settle(panel, qtbot)
    made = []
    real = plot_canvas.LineMask
    monkeypatch.setattr(plot_canvas, "LineMask", lambda *a, **k: made.append(1) or real(*a, **k))
    slider = panel.x0_slider
    slider.setSliderDown(True)
    for k in range(slider.minimum(), slider.maximum(), (slider.maximum() - slider.minimum()) // 25):
        slider.setValue(k)
        qtbot.wait(1)
    slider.setSliderDown(False)
    rect, artists = label_rect(panel), panel.canvas.artists
    assert (len(made) <= 1 and panel.canvas.point_label.isVisible()
            and not covers(rect, line_pixels(panel, artists.curve))
            and not covers(rect, line_pixels(panel, artists.tangent)))


@pytest.mark.parametrize("x0", [-4.99, 5.49, 0.7])
def test_the_slope_label_is_never_clipped_in_a_small_window(qtbot, x0):
    # The plot's size in a 1024 x 768 window: the label stays wholly inside the plot area.
    panel = PlotPanel(Commands(Session(SEED)))
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_x0(x0)
    settle(panel, qtbot)
    canvas = panel.canvas
    ratio = canvas.device_pixel_ratio
    box = canvas.ax.bbox
    left, top, right, bottom = label_rect(panel)
    assert (box.x0 / ratio <= left and right <= box.x1 / ratio
            and canvas.height() - box.y1 / ratio <= top and bottom <= canvas.height() - box.y0 / ratio)


def test_while_dragging_the_old_x_marker_is_painted_over(make_panel, qtbot, monkeypatch):
    """Each frame of a drag repaints only what blitting asks for: that must include the x0
    marker on the axis, old place and new, or the old one stays until the mouse is released."""
    panel = make_panel()
    panel.set_x0(3.0)
    canvas = panel.canvas
    settle(panel, qtbot)
    ratio = canvas.device_pixel_ratio

    def marker_rect():
        ext = canvas.artists.x_marker.get_window_extent(canvas.get_renderer())
        height = canvas.height()
        return (ext.x0 / ratio, height - ext.y1 / ratio, ext.x1 / ratio, height - ext.y0 / ratio)

    before = marker_rect()
    asked = []
    real_update = canvas.update
    monkeypatch.setattr(canvas, "update", lambda *args: (asked.append(args), real_update(*args)))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas_point(panel, 3.0, 20.0))
    qtbot.mouseMove(canvas, canvas_point(panel, 1.0, 4.0))
    after = marker_rect()
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas_point(panel, 1.0, 4.0))
    rects = [a for a in asked if len(a) == 4]

    def repainted(r) -> bool:
        return any(x <= r[0] and y <= r[1] and x + w >= r[2] and y + h >= r[3] for x, y, w, h in rects)

    assert rects and repainted(before) and repainted(after)


def test_the_h_slider_says_which_end_is_which(make_panel):
    panel = make_panel()
    rows = panel.sliders
    slider = panel.h_slider.geometry()
    left, right = rows.h_left, rows.h_right
    assert (left.isVisible() and right.isVisible() and (left.text(), right.text()) == ("1", "1e-12")
            and left.geometry().right() < slider.left() and right.geometry().left() > slider.right())


def test_readouts_write_numbers_as_the_inspector_does(make_panel, qtbot):
    from explorer.ui.inspector import Inspector

    panel = make_panel()
    inspector = Inspector(panel.commands)
    qtbot.addWidget(inspector)
    inspector.show()
    panel.set_x0(-1.5)
    session = panel.session
    session.select(session.graph.root)
    # f(-1.5) = 17.75 and the slope -13: one format, ASCII minus, in both places.
    assert (panel.readouts["f"].text(), panel.readouts["slope"].text()) == ("17.75", "-13")
    assert inspector.data.text().split()[1] == panel.readouts["f"].text()


def test_nothing_to_plot_is_one_line_not_a_panel_of_greyed_boxes(make_panel):
    panel = make_panel("n = MLP(3, [4, 4, 1])\nx = [2.0, 3.0, -1.0]\nn(x)\n")  # no named number
    shown = [w for w in (panel.var_combo, panel.lo_box, panel.x0_slider, panel.h_slider, panel.readouts["f"],
                         panel.toolbar, panel.canvas) if w.isVisible()]
    assert panel.empty.isVisible() and shown == []
    assert panel.minimumSizeHint().height() <= 4 * panel.fontMetrics().lineSpacing()


def test_in_a_narrow_dock_nothing_scrolls_sideways_and_every_number_shows(qtbot):
    """A 1024-px window with the step-through open leaves the plot's dock under 500 px
    wide: the readouts' numbers, the sliders and the toolbar stay in sight."""
    from PySide6.QtWidgets import QScrollArea

    from explorer.ui.window_parts import scrolling

    panel = PlotPanel(Commands(Session(SEED)))
    area: QScrollArea = scrolling(panel)
    qtbot.addWidget(area)
    area.resize(490, 370)
    area.show()
    qtbot.waitExposed(area)
    # (It settles in a few passes of the event loop, as the scroll area follows the panel.)
    qtbot.waitUntil(lambda: panel.width() <= area.viewport().width(), timeout=2000)
    viewport = area.viewport()

    def in_sight(widget) -> bool:
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
        return viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)

    shown = [panel.readouts[k] for k in ("x0", "f", "slope", "fd")]
    shown += [panel.x0_slider, panel.h_box, panel.toolbar]
    qtbot.wait(50)
    assert all(in_sight(w) for w in shown) and not area.horizontalScrollBar().isVisible()
    assert panel.readouts["slope"].text() == "14"


def test_a_long_number_in_a_narrow_column_is_drawn_smaller_not_cut(qtbot):
    """Beside a narrow plot the numbers' boxes hold the usual numbers (``14.003``); a
    longer one (ten digits of a round-off-sized change) is drawn smaller, whole."""
    from PySide6.QtGui import QFontMetricsF

    panel = PlotPanel(Commands(Session(SEED)))
    qtbot.addWidget(panel)
    panel.resize(640, 300)
    panel.show()
    qtbot.waitUntil(lambda: panel.readout_panel.compact, timeout=2000)
    panel.set_x0(-math.pi)
    panel.set_h(1.234e-9)
    shown = {}
    for key, label in panel.readouts.items():
        shown[key] = QFontMetricsF(label.font()).horizontalAdvance(label.text()) <= label.width()
    assert len(panel.readouts["dy"].text()) >= 15 and all(shown.values()), shown


def test_the_finite_difference_keeps_the_digits_that_are_its_lesson(make_panel):
    # The seed: at x = 3 with h = 0.000001 the estimate is 14.000003, not the slope's 14.
    panel = make_panel()
    panel.set_x0(3.0)
    panel.set_h(1e-6)
    assert (panel.readouts["slope"].text(), panel.readouts["fd"].text()) == ("14", "14.000003")


def test_the_x_box_shows_a_long_number_whole(qtbot):
    """x0 = pi showed as "-3.1415926" in a box sized for "-0.000123": cut, and wrong."""
    from explorer.ui.plot_inputs import NumberBox

    box = NumberBox(-1e12, 1e12)
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    box.show()
    box.setValue(-math.pi)
    text = box.lineEdit().text()
    room = box.lineEdit().contentsRect().width()
    assert text == "-3.141592654" and box.lineEdit().fontMetrics().horizontalAdvance(text) <= room
