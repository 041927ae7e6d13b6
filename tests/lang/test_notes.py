"""Lines that are not expression building are understood or skipped, never run, and a
note says which line and why."""

import pytest

from explorer.lang import parse


def notes_of(text: str) -> list[str]:
    return [str(n) for n in parse(text).notes]


@pytest.mark.parametrize("line, why", [
    ("draw_dot(L)", "drawing is automatic here"),
    ("L.grad = 1.0", "your grad for L: 1 (the graph compares it with backprop's)"),
    ("a.grad = a.data * L.grad", "your grad for a: 0"),
    ("a.data += 0.01 * a.grad", "a stays 2 (the change is 0 here)"),
    ("a.data += 0.5", "a changes from 2 to 2.5;"),
    ("a.data += 1e-9", "a changes from 2 to 2.000000001;"),
    ("L._backward()", "one step of the chain rule"),
    ("topo = []", "an empty list, set or dict builds nothing"),
    ("random.seed(1337)", "as after random.seed(1337)"),
    ("print(L)", "printing is not needed"),
    ("import math", "not needed here"),
    ("from graphviz import Digraph", "not needed here"),
    ("import os", "imports are not needed"),
    ("%matplotlib inline", "notebook magics and shell commands"),
    ("!git clone https://github.com/x/y.git", "notebook magics and shell commands"),
    ("plt.plot(xs, ys)", "plots are drawn by the plot panel"),
    ("xs = np.arange(-5, 5, 0.25)", "numpy arrays and plots are not part of the graph"),
    ("class Value:\n    pass", "the Value class is built in"),
    ("def trace(root):\n    nodes = set()\n    return nodes", "trace is built in"),
    ("def lol():\n    h = 0.001\n    print(h)", "understood: a function of several lines"),
    ("assert L.data == -8.0", "checks are not run"),
    ("for k in range(20):\n    L = L * 2", "understood: run 20 times, as in Python"),
    ("while L.data < 0:\n    L = L * 2", "'while' loops are not run here"),
    ("for k in range(20):\n    b = k % 0", "not run here: line 4: cannot compute k % 0"),
    ("L._prev, L._op", "the graph shows every value"),
    ("L.zero_grad()", "set to 0 here"),
])
def test_lines_that_build_nothing_are_skipped_with_a_note_naming_the_line(line, why):
    text = f"a = 2.0\nL = a * 3.0\n{line}\n"
    program = parse(text)
    note = next(n for n in program.notes if n.span.line == 3)
    assert why in note.message and str(note).startswith("line 3: `")


def test_backward_is_understood_and_asks_for_a_backward_pass():
    program = parse("a = 2.0\nL = a * a\nL.backward()")
    assert program.run_backward and "understood" in program.notes[0].message


def test_magic_lines_are_blanked_so_positions_after_them_are_exact():
    text = "%matplotlib inline\na = 2.0\nb = a * qq"
    with pytest.raises(Exception) as info:
        parse(text)
    assert (info.value.line, info.value.col) == (3, 9)


def test_a_name_set_by_a_skipped_line_skips_the_lines_that_use_it():
    program = parse("f = lambda x: x**2\nxs = np.arange(-5, 5, 0.25)\nys = f(xs)")
    assert "it uses 'xs'" in program.notes[-1].message and program.output == "f"


def test_a_later_binding_wins_and_a_note_says_so():
    program = parse("a = 2.0\na = 3.0\nb = a * 2")
    assert program.build().root.data == 6.0 and \
        program.notes[0].message == "'a' was set on line 1 and is set again here; the later value is used"


def test_rebinding_a_used_name_makes_a_new_node_and_older_lines_keep_the_old_one():
    program = parse("a = 2.0\nb = -3.0\nc = 10.0\nd1 = a*b + c\na = 2.0001\nd2 = a*b + c")
    assert (program.output, program.build().root.data) == ("d2", 2.0001 * -3.0 + 10.0) and \
        "lines before this one keep using the 'a' of line 1" in program.notes[0].message


def test_the_old_leaf_of_a_rebound_name_stays_editable_under_a_name_with_its_line():
    program = parse("a = 2.0\nd1 = a*3\na = 5.0\nd2 = a*3")
    assert list(program.leaves) == ["a (line 1)", "a"]


def test_augmented_assignment_is_a_new_node_built_from_the_old_value():
    graph = parse("a = 2.0\nh = 0.5\na += h\nb = a * 2").build()
    graph.backward()
    assert (graph.root.data, graph.by_name["h"].grad) == (5.0, 2.0)


def test_draw_dot_names_the_output():
    assert parse("a = 2.0\nb = a*3\nc = b*2\ndraw_dot(b)").output == "b"


def test_a_bare_name_on_the_last_line_is_the_output_as_a_notebook_shows_it():
    assert parse("a = 2.0\nb = a*3\nc = b*2\nb").output == "b"


def test_output_line_chooses_the_output():
    assert parse("a = 2.0\nb = a*3\noutput b\nc = b*2").output == "b"


def test_the_output_defaults_to_the_last_assigned_name():
    assert parse("a = 2.0; b = -3.0; c = 10.0").output == "c"


def test_a_notebook_prompt_line_is_ignored():
    assert parse("In [3]:\na = 2.0\nb = a*a").output == "b"


@pytest.mark.parametrize("use", ["dot.render('gout')", "dot.render('gout', view=True)", "dot.view()", "dot"])
def test_rendering_a_drawing_is_skipped_with_a_note_saying_where_files_are_written(use):
    program = parse(f"a = 2.0\nL = a * 3.0\ndot = draw_dot(L)\n{use}\n")
    assert [str(n) for n in program.notes] == [
        "line 3: `dot = draw_dot(L)` skipped: drawing is automatic here",
        f"line 4: `{use}` skipped: 'dot' is the drawing of line 3, and the graph is drawn here already; "
        "File > Export graph (or gradient-explorer render) writes it to a file"]
    assert program.output == "L"


def test_calling_the_function_at_a_number_does_not_change_a_variable_that_has_a_value():
    # The second half's f(3.0), pasted after the first half's x = 2/3: Python keeps x.
    program = parse("x = 2/3\ndef f(x):\n  return 3*x**2 - 4*x + 5\nf(3.0)\ny = x * 3")
    assert str(program.notes[0]) == ("line 4: `f(3.0)` skipped: 'x' keeps its value of line 1: "
                                     "calling f does not change it, as in Python")
    assert program.build().bindings["y"].data == 2.0
    assert parse("def f(x):\n  return 3*x**2 - 4*x + 5\nf(3.0)").build().root.data == 20.0
