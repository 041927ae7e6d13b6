"""The command line on pasted notebook code: every note on stderr with its line,
the text's own grads drawn with their checks, gradcheck on the lecture's slope cell."""

import xml.etree.ElementTree as ET

from explorer.cli import main
from explorer.engine import EngineError, gradcheck
from explorer.lang import parse
from tests.lang import lecture_notebooks as nb
from tests.lang import seed_cells as s

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path):
    return [(t.text or "").replace("\xa0", " ") for t in ET.parse(path).getroot().iter(f"{SVG}text")]


def test_render_prints_every_note_with_its_line_on_stderr(tmp_path, capsys):
    source = tmp_path / "first_half.py"
    source.write_text("\n".join(nb.FIRST_HALF[:17]))  # up to the topo = [] cell
    assert main(["render", str(source), "-o", str(tmp_path / "o.svg")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "gradient-explorer: note: line 1: `import math` understood: this module is not needed here" in err
    assert any(line.startswith("gradient-explorer: note: line ") and "`topo = []` skipped" in line
               for line in err)


def test_render_draws_the_learners_grads_with_a_tick_or_a_cross(tmp_path):
    source = tmp_path / "manual.py"
    source.write_text(s.S1_L + s.S1_MANUAL_GRADS + "a.grad = 5.0\n")
    out = tmp_path / "manual.svg"
    assert main(["render", str(source), "-o", str(out)]) == 0
    texts = [" ".join(t.split()) for t in svg_texts(out)]
    assert "grad 4.0000 ✓" in texts and "grad 5.0000 ✗ 6.0000" in texts


def test_render_keeps_the_grads_of_the_texts_own_backward(tmp_path):
    source = tmp_path / "z.py"
    source.write_text("a = Value(2.0, label='a')\nb = a * 3.0\nb.backward()\nz = b * 2\n")
    out = tmp_path / "z.svg"
    assert main(["render", str(source), "-o", str(out)]) == 0
    texts = [" ".join(t.split()) for t in svg_texts(out)]
    assert texts.count("grad 3.0000") == 1 and "grad 0.0000" in texts  # a: d b / d a; z: not reached


def test_check_of_the_slope_cell_nudges_h_without_dividing_by_zero(tmp_path, capsys):
    source = tmp_path / "slope.py"
    source.write_text("def f(x):\n  return 3*x**2 - 4*x + 5\nh = 0.000001\nx = 2/3\n(f(x + h) - f(x))/h\n")
    code = main(["check", str(source)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert [line.split()[0] for line in out.splitlines()[1:-1]] == ["h", "x"]


def test_constants_checked_by_hand_are_called_by_their_value():
    graph = parse("x = 2.0\ny = 3*x**2").build()
    assert [r.label for r in gradcheck(graph, leaves=graph.leaves)] == ["x", "3"]


def test_a_check_that_cannot_compute_names_the_line(tmp_path, capsys, monkeypatch):
    source = tmp_path / "sqrt.py"
    source.write_text("a = 2.0\nb = a * 3.0\nc = b.tanh()\n")

    def failing(graph, **kwargs):
        raise EngineError("Cannot compute the derivative of tanh at 'c': overflow.", node=graph.root)

    monkeypatch.setattr("explorer.engine.gradcheck", failing)
    assert main(["check", str(source)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("gradient-explorer: line 3: Cannot compute the derivative")


def test_plot_names_a_difference_quotient_output_not_f(tmp_path, capsys):
    source = tmp_path / "slope.py"
    source.write_text("def f(x):\n  return 3*x**2 - 4*x + 5\nh = 0.000001\nx = 2/3\n(f(x + h) - f(x))/h\n")
    assert main(["plot", str(source), "-o", str(tmp_path / "p.png"), "--var", "x"]) == 0
    out = capsys.readouterr().out
    assert "output(x) = " in out and "f(x) =" not in out


def test_plot_names_a_named_output_by_its_name(tmp_path, capsys):
    source = tmp_path / "neuron.py"
    source.write_text(nb.SECOND_HALF[9])  # the neuron cell: o = n.tanh(); o.label = 'o'; o.backward()
    assert main(["plot", str(source), "-o", str(tmp_path / "o.png"), "--var", "w1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("w1 = -3    o(w1) = 0.707107 ") and "do/dw1 by backprop = 1" in out
