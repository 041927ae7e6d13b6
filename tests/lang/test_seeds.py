"""Every cell of the lecture notes that builds an expression gives the lecture's graph,
values and grads. Cells that use a name from an earlier cell are pasted together with
that cell, as a learner pasting a notebook would."""

import pytest

from explorer.lang import ParseError, parse

from . import seed_cells as s

L_GRADS = {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}
NEURON_GRADS = {"o": 1.0, "n": 0.5, "b": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0,
                "x1w1": 0.5, "x2w2": 0.5, "x1w1 + x2w2": 0.5}


def lecture_f(x):
    """The lecture's function, run as plain Python to get the numbers the notebook printed."""
    return 3 * x**2 - 4 * x + 5


def built(*cells):
    """Parse the cells pasted one after another, build the graph and run backward."""
    program = parse("\n".join(cells))
    graph = program.build()
    graph.backward()
    return program, graph


def grads_by_label(graph):
    return {v.label: pytest.approx(v.grad, abs=1e-9) for v in graph.nodes if v.label}


@pytest.mark.parametrize("cells", [
    (s.S0_DEF_F,), (s.S0_DEF_F, s.S0_F_OF_3), (s.S1_DEF_F_AND_CALL,), (s.S2_DEF_F,),
    (s.S3_DEF_F, s.S3_F_OF_3),
    (s.S4_LAMBDA_PLOT,), (s.S0_DEF_F, s.S0_PLOT), (s.S3_DEF_F, s.S3_PLOT), (s.S2_DEF_F, s.S2_PLOT),
], ids=lambda cells: "+".join(c.split("\n")[0][:12] for c in cells))
def test_function_cells_give_f_of_3_equal_20_with_slope_14(cells):
    program, graph = built(*cells)
    assert (program.function.name, graph.root.data, graph.by_name["x"].grad) == ("f", 20.0, 14.0)


def test_function_written_with_lambda_and_checked_with_assert_is_f_at_3():
    program, graph = built(s.S4_LAMBDA_PLOT, s.S4_SLOPE_AT_3)
    assert (graph.root.label, graph.root.data, graph.by_name["x"].grad) == ("f", 20.0, 14.0)


@pytest.mark.parametrize("cell, x", [
    (s.S1_SLOPE_AT_MINUS_4, -4), (s.S1_SLOPE_AT_3, 3), (s.S1_SLOPE_AT_TWO_THIRDS, 2 / 3),
])
def test_numerical_slope_cells_build_the_difference_quotient_the_notebook_printed(cell, x):
    # The h of the later cells is the one set in the first slope cell, as in the notebook.
    program, graph = built(s.S1_DEF_F_AND_CALL, s.S1_SLOPE_AT_MINUS_4, cell)
    h = 0.000001
    assert graph.root.data == (lecture_f(x + h) - lecture_f(x)) / h


def test_slope_at_minus_4_is_exactly_the_printed_number():
    program, graph = built(s.S1_DEF_F_AND_CALL, s.S1_SLOPE_AT_MINUS_4)
    assert graph.root.data == -27.999997001870724


@pytest.mark.parametrize("cell, x", [
    (s.S2_SLOPE_AT_3, 3.0), (s.S2_SLOPE_AT_MINUS_3, -3.0), (s.S2_SLOPE_AT_TWO_THIRDS, 2 / 3),
])
def test_named_slope_cells_output_the_slope(cell, x):
    program, graph = built(s.S2_IMPORTS, s.S2_DEF_F, s.S2_PLOT, cell)
    h = 0.00000001
    assert (program.output, graph.root.data) == ("slope", (lecture_f(x + h) - lecture_f(x)) / h)


def test_bare_slope_expression_is_the_output():
    program, graph = built(s.S3_DEF_F, s.S3_SLOPE)
    h, x = 0.000001, 2 / 3
    assert graph.root.data == (lecture_f(x + h) - lecture_f(x)) / h


@pytest.mark.parametrize("cell", [s.S1_D, s.S3_D])
def test_d_equals_a_times_b_plus_c_has_the_lectures_partial_derivatives(cell):
    program, graph = built(cell)
    assert (graph.root.data, graph.by_name["a"].grad, graph.by_name["b"].grad, graph.by_name["c"].grad) == \
        (4.0, -3.0, 2.0, 1.0)


@pytest.mark.parametrize("cells", [(s.S1_NUDGE_A,), (s.S3_NUDGE_A,)])
def test_nudging_a_by_h_gives_the_printed_d2(cells):
    program, graph = built(*cells)
    assert (program.output, graph.root.data) == ("d2", 3.999699999999999)


def test_nudge_cell_notes_that_a_gets_a_new_value():
    program = parse(s.S1_NUDGE_A)
    assert any("'a' gets a new value here" in note.message for note in program.notes)


@pytest.mark.parametrize("cell", [s.S2_WRT_A, s.S2_WRT_B, s.S2_WRT_C])
def test_partial_derivative_cells_use_the_h_of_the_earlier_cell(cell):
    program, graph = built(s.S2_DEF_F, s.S2_SLOPE_AT_TWO_THIRDS, cell)
    h = 0.00000001
    nudged = {"a": (2.0 + h) * -3.0 + 10.0, "b": 2.0 * (-3.0 + h) + 10.0, "c": 2.0 * -3.0 + (10.0 + h)}
    which = next(k for k in "abc" if f"{k} += h" in cell)
    assert graph.root.data == nudged[which]


@pytest.mark.parametrize("cells", [
    (s.S1_CLASS, s.S1_L), (s.S2_CLASS, s.S2_L), (s.S3_CLASS_AND_L,),
    (s.S1_L, s.S1_INSPECT, s.S1_DRAW_DEFS, s.S1_DRAW_L, s.S1_MANUAL_GRADS, s.S1_LOL, s.S1_DRAW_L),
    (s.S2_L, s.S2_DRAW_DEFS, s.S2_LOL, s.S2_MANUAL_GRADS),
    (s.S3_CLASS_AND_L, s.S3_DRAW_DEFS, s.S3_DRAW_L, s.S3_MANUAL_GRADS, s.S3_LOL),
], ids=["notes001", "nb002", "nb003", "notes001-all", "nb002-all", "nb003-all"])
def test_L_cells_build_the_lectures_graph_with_its_labels_and_grads(cells):
    program, graph = built(*cells)
    assert (graph.root.data, grads_by_label(graph)) == (-8.0, L_GRADS)


def test_L_graph_has_the_lectures_seven_values_and_three_ops():
    program, graph = built(s.S1_L)
    assert sorted(v.label for v in graph.nodes) == sorted("abcdefL") and \
        [v.op_label for v in graph.nodes if not v.is_leaf] == ["*", "+", "*"]


def test_manual_grads_are_the_learners_own_and_the_graph_shows_them():
    graph = parse("\n".join([s.S1_L, s.S1_MANUAL_GRADS])).build()
    assert graph.has_grads and {v.label: g for v, g in graph.learner_grads.items()} == L_GRADS


def test_nudge_cell_after_the_manual_grads_gives_the_lectures_value():
    program = parse("\n".join([s.S2_L, s.S2_DRAW_DEFS, s.S2_LOL, s.S2_MANUAL_GRADS, s.S2_NUDGE]))
    assert program.build().root.data == pytest.approx(-7.286496, abs=1e-12)


@pytest.mark.parametrize("cells", [
    (s.S1_NEURON,), (s.S3_NEURON,), (s.S1_NEURON, s.S1_NEURON_MANUAL_GRADS, s.S1_DRAW_O),
    (s.S3_NEURON, s.S3_DRAW_O, s.S3_NEURON_MANUAL_GRADS, s.S3_BACKWARD),
], ids=["notes001", "nb003", "notes001-all", "nb003-all"])
def test_neuron_cells_give_o_0_7071_and_the_lectures_grads(cells):
    program, graph = built(*cells)
    assert (round(graph.root.data, 8), grads_by_label(graph)) == (0.70710678, NEURON_GRADS)


def test_o_backward_asks_for_a_backward_pass():
    assert parse("\n".join([s.S3_NEURON, s.S3_BACKWARD])).run_backward


def test_lambda_of_three_variables_builds_the_partial_difference_quotient():
    program, graph = built(s.S4_PARTIAL_A)
    assert (program.output, graph.root.data) == ("dgda", -3.000000000419334)


def test_second_partial_cell_gives_dg_dc():
    program, graph = built(s.S4_PARTIAL_A, s.S4_PARTIAL_B_C)
    assert (program.output, graph.root.data) == ("dgdc", 0.9999999992515995)


@pytest.mark.parametrize("name", [n for n in s.ALL_CELLS if any(k in n for k in (
    "IMPORTS", "CLASS", "DRAW_DEFS", "LOL", "MANUAL_GRADS", "GIT", "HELPERS", "TANH_PLOT", "PLOT_TANGENT_DEF",
    "INSPECT")) and n != "S3_CLASS_AND_L" and "MANUAL_GRADS" not in n])
def test_cells_that_build_nothing_parse_with_a_note_for_every_statement(name):
    program = parse(s.ALL_CELLS[name])
    assert program.output is None and program.notes


@pytest.mark.parametrize("seed", ["S0", "S1", "S2", "S3", "S4"])
def test_a_whole_notebook_pasted_at_once_parses(seed):
    cells = [text for name, text in s.ALL_CELLS.items() if name.startswith(seed + "_")]
    program = parse("\n".join(cells))
    assert program.build().root is not None


@pytest.mark.parametrize("name", [n for n in s.ALL_CELLS if "MANUAL_GRADS" in n])
def test_manual_grads_pasted_alone_name_the_value_that_is_missing(name):
    with pytest.raises(ParseError, match="unknown name '(L|o|x1|x2|w1|w2|b|x1w1|x2w2|n)'"):
        parse(s.ALL_CELLS[name])
