"""The tangent plot's maths and drawing (explorer.viz.tangent, tangent_figure), without Qt.

Reference values from the first seed: f(x) = 3x**2 - 4x + 5 has f(3) = 20,
f'(3) = 14, f'(-4) = -28, f'(2/3) = 0.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine import Graph, Value
from explorer.errors import ExplorerError, ExportError
from explorer.viz.tangent import (
    ROUNDOFF_H,
    PlotError,
    TangentModel,
    break_jumps,
    default_range,
    nice_step,
    y_limits,
)
from explorer.viz.tangent_figure import draw_tangent_figure, save_figure


def seed_graph(x0: float = 3.0) -> Graph:
    x = Value(x0, label="x")
    f = 3 * x**2 - 4 * x + 5
    f.label = "f"
    return Graph(f)


def neuron_graph() -> Graph:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.label = "o"
    return Graph(o)


def unary_graph(make) -> Graph:
    z = Value(1.0, label="z")
    return Graph(make(z))


finite_x = st.floats(min_value=-50, max_value=50, allow_nan=False)


# --- the seed's numbers ---------------------------------------------------------------


def test_seed_function_at_3_is_20_with_slope_14():
    state = TangentModel(seed_graph(), "x").at(3.0, 1e-6)
    assert (state.y0, state.slope) == (20.0, 14.0)


def test_seed_slope_at_minus_4_is_minus_28():
    assert TangentModel(seed_graph(), "x").at(-4.0, 1e-6).slope == -28.0


def test_seed_slope_at_two_thirds_is_zero():
    assert TangentModel(seed_graph(), "x").at(2 / 3, 1e-6).slope == pytest.approx(0.0, abs=1e-12)


def test_finite_difference_with_small_h_is_close_to_backprop():
    state = TangentModel(seed_graph(), "x").at(3.0, 1e-6)
    assert abs(state.difference) < 1e-4


def test_neuron_output_against_w1_has_the_lectures_grad():
    # The lecture: do/dw1 = x1 * (1 - o**2) = 2 * 0.5 = 1.0
    state = TangentModel(neuron_graph(), "w1").at(-3.0, 1e-6)
    assert state.slope == pytest.approx(1.0)


@given(a=st.floats(-5, 5), b=st.floats(-5, 5), c=st.floats(-5, 5), d=st.floats(-5, 5), x0=finite_x)
def test_backprop_slope_of_any_cubic_is_its_analytic_derivative(a, b, c, d, x0):
    x = Value(0.0, label="x")
    model = TangentModel(Graph(a * x**3 + b * x**2 + c * x + d), "x")
    expected = 3 * a * x0**2 + 2 * b * x0 + c
    assert model.at(x0, 1e-6).slope == pytest.approx(expected, rel=1e-9, abs=1e-9)


# --- the curve ------------------------------------------------------------------------------


@given(xs=st.lists(finite_x, min_size=1, max_size=20))
def test_vectorised_curve_matches_the_engine_point_by_point(xs):
    model = TangentModel(neuron_graph(), "w1")
    ys = model.f(np.array(xs))
    expected = [model.value(x) for x in xs]
    assert ys == pytest.approx(expected, rel=1e-12, abs=1e-15, nan_ok=True)


def test_curve_of_the_seed_over_its_range():
    xs, ys = TangentModel(seed_graph(), "x").curve(-5, 5, 2000)
    assert ys == pytest.approx(3 * xs**2 - 4 * xs + 5)


def test_log_of_negatives_is_a_gap_not_an_error():
    xs, ys = TangentModel(unary_graph(lambda z: z.log()), "z").curve(-2, 2, 401)
    assert np.isnan(ys[xs <= 0]).all() and np.isfinite(ys[xs > 0]).all()


def test_division_by_zero_and_overflow_are_gaps():
    recip = TangentModel(unary_graph(lambda z: 1 / z), "z").f(np.array([-1.0, 0.0, 1.0]))
    overflow = TangentModel(unary_graph(lambda z: z.exp()), "z").f(np.array([0.0, 1000.0]))
    assert np.isnan(recip[1]) and np.isnan(overflow[1]) and recip[0] == -1.0


def test_curve_holds_other_leaves_at_their_current_values():
    graph = neuron_graph()
    model = TangentModel(graph, "w1")
    b = next(v for v in graph.leaves if v.label == "b")
    b.data = 0.0
    changed = model.sync()
    assert changed and model.f(np.array([1.0]))[0] == pytest.approx(math.tanh(2.0))


def test_sync_reports_no_change_when_only_our_leaf_moved():
    graph = seed_graph()
    model = TangentModel(graph, "x")
    graph.node("x").data = 10.0
    assert model.sync() is False


def test_model_never_changes_the_document_graph():
    graph = neuron_graph()
    graph.backward()
    before = [(v.data, v.grad) for v in graph.nodes]
    TangentModel(graph, "w1").at(1.5, 1e-3)
    assert [(v.data, v.grad) for v in graph.nodes] == before


# --- undefined points and h --------------------------------------------------------------


def test_slope_undefined_where_f_is_undefined():
    state = TangentModel(unary_graph(lambda z: 1 / z), "z").at(0.0, 1e-3)
    assert math.isnan(state.slope) and "undefined" in state.undefined


def test_infinite_derivative_says_the_slope_is_undefined():
    state = TangentModel(unary_graph(lambda z: z**0.5), "z").at(0.0, 1e-3)
    assert state.y0 == 0.0 and "slope is undefined" in state.undefined


def test_tiny_h_gets_a_round_off_note():
    state = TangentModel(seed_graph(), "x").at(3.0, 1e-12)
    assert state.h < ROUNDOFF_H and "Round-off" in state.note


def test_good_h_has_no_note():
    assert TangentModel(seed_graph(), "x").at(3.0, 1e-6).note == ""


def test_h_lost_entirely_in_x0_says_so():
    state = TangentModel(seed_graph(), "x").at(1e6, 1e-12)  # 1e6 + 1e-12 == 1e6 in floating point
    assert state.fd_slope == 0.0 and "rounds back to x0" in state.note


def test_large_h_says_the_secant_is_not_the_tangent():
    assert "h is large" in TangentModel(seed_graph(), "x").at(3.0, 1.0).note


@pytest.mark.parametrize("h", [0.0, -1.0, math.nan, math.inf])
def test_bad_h_is_a_plot_error(h):
    with pytest.raises(PlotError):
        TangentModel(seed_graph(), "x").at(3.0, h)


def test_unknown_variable_names_the_choices():
    with pytest.raises(PlotError, match="Choose one of: x1, x2, w1, w2, b"):
        TangentModel(neuron_graph(), "q")


def test_bad_range_is_a_plot_error():
    with pytest.raises(PlotError):
        TangentModel(seed_graph(), "x").curve(5, -5)


# --- segments -------------------------------------------------------------------------------


@given(x0=finite_x)
def test_tangent_line_end_points_have_the_backprop_slope(x0):
    state = TangentModel(seed_graph(), "x").at(x0, 1e-4)
    (xa, xb), (ya, yb) = state.tangent_segment(1.5)
    assert (yb - ya) / (xb - xa) == pytest.approx(6 * x0 - 4, rel=1e-9, abs=1e-9)


def test_h_of_1_gives_the_seeds_secant_and_change_lines():
    # The seed's call: h = 1 at x = -2; f(-2) = 25, f(-1) = 12.
    state = TangentModel(seed_graph(), "x").at(-2.0, 1.0)
    xs, ys = state.secant_segment(0.0)
    assert (xs, ys, state.run_segment(), state.rise_segment()) == (
        [-2.0, -1.0], [25.0, 12.0], ([-2.0, -1.0], [25.0, 25.0]), ((-1.0, 25.0), (-1.0, 12.0)))


# --- ranges and limits ---------------------------------------------------------------------


@given(x0=st.floats(-1e6, 1e6))
def test_default_range_keeps_x0_well_inside(x0):
    lo, hi = default_range(x0)
    assert lo + 0.1 * (hi - lo) <= x0 <= hi - 0.1 * (hi - lo)


def test_default_range_near_zero_is_the_seeds():
    assert default_range(0.5) == (-5.0, 5.0) and default_range(3.0) == (-5.0, 5.5)


def test_nice_step_hits_round_numbers():
    assert nice_step(10.0, 1000) == 0.01 and nice_step(11.0, 1000) == 0.01 and nice_step(25, 1000) == 0.02


def test_y_limits_ignore_a_pole():
    xs = np.linspace(-5, 5, 2000)
    with np.errstate(divide="ignore"):
        lo, hi = y_limits(1 / xs)
    assert -20 < lo < -1 and 1 < hi < 20


def test_break_jumps_puts_a_gap_at_a_pole():
    xs = np.array([-1.0, -0.5, 0.5, 1.0])
    xs, ys = break_jumps(xs, 1 / xs, 3.0)
    assert np.isnan(ys).sum() == 1 and len(xs) == 5


# --- drawing and saving --------------------------------------------------------------------


def test_figure_shows_the_tangent_through_the_point():
    fig = draw_tangent_figure(TangentModel(seed_graph(), "x"), 3.0, 1e-3)
    ax = fig.axes[0]
    tangent = next(line for line in ax.lines if line.get_label().startswith("tangent"))
    (xa, xb), (ya, yb) = tangent.get_data()
    assert (yb - ya) / (xb - xa) == pytest.approx(14.0)


def save_tangent_plot(graph: Graph, var: str, x0: float, h: float, path):
    """What File > Export plot does: the figure at x0, written to ``path``."""
    return save_figure(draw_tangent_figure(TangentModel(graph, var), x0, h), path)


@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_save_tangent_plot_writes_each_format(tmp_path, suffix, magic):
    path = save_tangent_plot(seed_graph(), "x", 3.0, 1e-3, tmp_path / f"tangent.{suffix}")
    assert path.read_bytes().startswith(magic)


def test_save_to_unknown_format_is_an_export_error(tmp_path):
    with pytest.raises(ExportError):
        save_tangent_plot(seed_graph(), "x", 3.0, 1e-3, tmp_path / "tangent.bmpx")


def test_save_into_missing_folder_is_an_export_error(tmp_path):
    with pytest.raises(ExportError):
        save_tangent_plot(seed_graph(), "x", 3.0, 1e-3, tmp_path / "nope" / "tangent.png")


def test_save_at_an_undefined_point_still_draws(tmp_path):
    path = save_tangent_plot(unary_graph(lambda z: z.log()), "z", -1.0, 1e-3, tmp_path / "log.png")
    assert path.stat().st_size > 0


def test_every_failure_is_an_explorer_error():
    assert issubclass(PlotError, ExplorerError)


# --- the language's own vectorised function agrees ----------------------------------------


@given(xs=st.lists(finite_x, min_size=1, max_size=10))
def test_curve_matches_the_languages_function_of(xs):
    from explorer.lang import parse

    program = parse("x1 = 2.0\nx2 = 0.0\nw1 = -3.0\nw2 = 1.0\nb = 6.8813735870195432\n"
                    "o = (x1*w1 + x2*w2 + b).tanh()\n")
    ours = TangentModel(program.build(), "w1").f(np.array(xs))
    theirs = program.function_of("w1")(np.array(xs))
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15, nan_ok=True)


def test_seed_function_form_plots_against_x_with_its_name():
    from explorer.lang import parse

    program = parse("f(x) = 3*x**2 - 4*x + 5\n")
    model = TangentModel(program.build(), "x", output=program.function.name)
    assert (model.output_name, model.at(3.0, 1e-6).slope) == ("f", 14.0)


# --- the command line: gradient-explorer plot ---------------------------------------------


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "seed.py"
    path.write_text("f(x) = 3*x**2 - 4*x + 5\n")
    return path


def test_cli_plot_writes_the_picture_and_prints_the_readouts(seed_file, tmp_path, capsys):
    from explorer.cli import main

    out = tmp_path / "tangent.png"
    code = main(["plot", str(seed_file), "--at", "3", "-o", str(out)])
    assert (code, out.read_bytes()[:4], "df/dx by backprop = 14" in capsys.readouterr().out) == (
        0, b"\x89PNG", True)


def test_cli_plot_unknown_variable_is_one_line_and_exit_2(seed_file, tmp_path, capsys):
    from explorer.cli import main

    code = main(["plot", str(seed_file), "--var", "q", "-o", str(tmp_path / "t.png")])
    assert (code, capsys.readouterr().err.strip()) == (
        2, "gradient-explorer: 'q' is not a variable of this expression. Choose one of: x.")


@pytest.mark.parametrize("extra", [["--h", "0"], ["--at", "nan"], ["--range", "5", "-5"]])
def test_cli_plot_bad_numbers_write_nothing(seed_file, tmp_path, extra):
    from explorer.cli import main

    out = tmp_path / "t.svg"
    assert (main(["plot", str(seed_file), *extra, "-o", str(out)]), out.exists()) == (2, False)


@pytest.mark.parametrize("text, output, title", [
    ("def f(x):\n    return 3*x**2 - 4*x + 5\nx = 3.0\ny = f(x)\n", "f", "y = f(x)"),
    ("f(x) = 3*x**2 - 4*x + 5\n", "f", "f(x)"),
    ("def f(x):\n    return 3*x**2\nx = 3.0\nz = f(x) * 2\n", "z", "z(x)"),
    ("x = 3.0\ny = 3*x**2\n", "y", "y(x)"),
])
def test_the_exported_plot_names_the_output_as_the_text_does(text, output, title):
    from explorer.lang.program import parse
    from explorer.viz.tangent import function_name, plot_title

    program = parse(text)
    graph = program.build()
    model = TangentModel(graph, "x", output=function_name(program, graph, "x"),
                         title=plot_title(program, graph, "x"))
    fig = draw_tangent_figure(model, 3.0, 1e-3)
    assert (model.output_name, fig.axes[0].get_ylabel()) == (output, title)
