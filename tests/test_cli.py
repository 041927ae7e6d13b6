"""The command line: render and check headless, one-line errors, the right exit codes."""

import io
import subprocess
import sys
import types
import xml.etree.ElementTree as ET

import pytest

from explorer import cli
from explorer.__main__ import main as command
from explorer.cli import Command, main
from tests.lecture import NEURON_TEXT

NEURON = NEURON_TEXT
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def neuron_file(tmp_path):
    path = tmp_path / "neuron.py"
    path.write_text(NEURON)
    return path


def svg_texts(path):
    return {(t.text or "").replace("\xa0", " ") for t in ET.parse(path).getroot().iter(f"{SVG}text")}


def test_render_writes_an_svg_of_the_file(neuron_file, tmp_path):
    out = tmp_path / "neuron.svg"
    assert main(["render", str(neuron_file), "-o", str(out)]) == 0
    assert {"x1", "n", "o", "tanh"} <= svg_texts(out)


def test_render_without_backward_shows_no_grads(neuron_file, tmp_path):
    out = tmp_path / "neuron.svg"
    main(["render", str(neuron_file), "-o", str(out)])
    assert not any(t.startswith("grad") and "0.5000" in t for t in svg_texts(out))


def test_render_backward_shows_the_lecture_grads(neuron_file, tmp_path):
    out = tmp_path / "neuron.svg"
    main(["render", str(neuron_file), "-o", str(out), "--backward"])
    assert {"grad  -1.5000", "grad   0.5000"} <= svg_texts(out)


def test_backward_written_in_the_file_is_run(tmp_path):
    source = tmp_path / "L.py"
    source.write_text("a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nL = a*b\nL.backward()\n")
    out = tmp_path / "L.svg"
    main(["render", str(source), "-o", str(out)])
    assert "grad  -3.0000" in svg_texts(out)


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
def test_render_each_format(neuron_file, tmp_path, fmt, magic):
    out = tmp_path / f"neuron.{fmt}"
    main(["render", str(neuron_file), "-o", str(out)])
    assert out.read_bytes().startswith(magic)


def test_format_option_wins_over_the_extension(neuron_file, tmp_path):
    out = tmp_path / "neuron.img"
    main(["render", str(neuron_file), "-o", str(out), "--format", "png"])
    assert out.read_bytes().startswith(b"\x89PNG")


def test_parse_error_is_one_line_with_line_and_column(tmp_path, capsys):
    source = tmp_path / "bad.py"
    source.write_text("a = 2\nb = a +\n")
    out = tmp_path / "bad.svg"
    code = main(["render", str(source), "-o", str(out)])
    err = capsys.readouterr().err
    assert (code, err.startswith("gradient-explorer: line 2, col "), err.count("\n"), out.exists()) == (
        2, True, 1, False)


def test_existing_output_needs_force(neuron_file, tmp_path, capsys):
    out = tmp_path / "neuron.svg"
    out.write_text("mine")
    code = main(["render", str(neuron_file), "-o", str(out)])
    assert (code, out.read_text(), "--force" in capsys.readouterr().err) == (2, "mine", True)


def test_force_replaces_the_output(neuron_file, tmp_path):
    out = tmp_path / "neuron.svg"
    out.write_text("mine")
    assert main(["render", str(neuron_file), "-o", str(out), "--force"]) == 0 and out.read_text() != "mine"


def test_read_only_output_is_an_error_even_with_force(neuron_file, tmp_path, capsys):
    out = tmp_path / "neuron.svg"
    out.write_text("mine")
    out.chmod(0o444)
    code = main(["render", str(neuron_file), "-o", str(out), "--force"])
    assert (code, "read-only" in capsys.readouterr().err, out.read_text()) == (2, True, "mine")


def test_missing_input_file(tmp_path, capsys):
    code = main(["render", str(tmp_path / "nope.py"), "-o", str(tmp_path / "x.svg")])
    assert (code, "does not exist" in capsys.readouterr().err) == (2, True)


def test_unknown_output_format(neuron_file, tmp_path, capsys):
    code = main(["render", str(neuron_file), "-o", str(tmp_path / "x.gif")])
    assert (code, "svg, png, pdf or dot" in capsys.readouterr().err) == (2, True)


def test_a_saved_session_renders_with_its_saved_values(tmp_path, capsys):
    from explorer.model.document import write_document
    from explorer.model.saving import snapshot
    from explorer.model.session import Session

    session = Session("a = 2.0\nb = a * 3\n")
    session.set_leaf("a", 5.0, write_text=False)  # a step moved a: the file keeps 5
    path = tmp_path / "work.gexp"
    write_document(snapshot(session), path)
    out = tmp_path / "x.svg"

    code = main(["render", str(path), "-o", str(out)])

    assert (code, "15.0000" in out.read_text()) == (0, True)


def test_a_damaged_session_file_is_a_clear_error(tmp_path, capsys):
    session = tmp_path / "work.gexp"
    session.write_text("{ not json")
    code = main(["render", str(session), "-o", str(tmp_path / "x.svg")])
    assert (code, not (tmp_path / "x.svg").exists()) == (2, True)


def test_binary_input_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / "image.py"
    source.write_bytes(b"\x89PNG\xff\xfe")
    code = main(["render", str(source), "-o", str(tmp_path / "x.svg")])
    assert (code, "not a text file" in capsys.readouterr().err) == (2, True)


def test_render_from_standard_input_to_standard_output(monkeypatch, capsysbinary):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NEURON.encode())))
    code = main(["render", "-", "-o", "-", "--format", "svg"])
    assert (code, capsysbinary.readouterr().out.startswith(b"<?xml")) == (0, True)


def test_standard_output_needs_a_format(neuron_file, capsys):
    code = main(["render", str(neuron_file), "-o", "-"])
    assert (code, "--format" in capsys.readouterr().err) == (2, True)


def test_check_passes_for_the_neuron(neuron_file, capsys):
    code = main(["check", str(neuron_file)])
    out = capsys.readouterr().out
    assert (code, "All 5 gradients" in out, "x1" in out) == (0, True, True)


def test_check_fails_with_exit_code_1_on_a_mismatch(tmp_path, capsys):
    source = tmp_path / "cube.py"
    source.write_text("x = 3.0\ny = x**3\n")
    # A big h makes the central difference of x**3 off by h**2 = 0.25.
    code = main(["check", str(source), "--h", "0.5"])
    assert (code, "MISMATCH" in capsys.readouterr().out) == (1, True)


def test_check_rejects_a_zero_step(neuron_file, capsys):
    code = main(["check", str(neuron_file), "--h", "0"])
    assert (code, capsys.readouterr().err.startswith("gradient-explorer: ")) == (2, True)


def test_version(capsys):
    assert main(["--version"]) == 0 and "gradient-explorer" in capsys.readouterr().out


def test_unknown_word_is_neither_file_nor_command(capsys):
    code = main(["frobnicate"])
    assert (code, "neither a file nor a command" in capsys.readouterr().err) == (2, True)


def test_missing_required_option_is_a_usage_error(neuron_file, capsys):
    assert main(["render", str(neuron_file)]) == 2


@pytest.fixture
def fake_window(monkeypatch):
    calls = []
    module = types.ModuleType("explorer.ui.app")
    module.main = lambda argv: calls.append(list(argv)) or 0
    monkeypatch.setitem(sys.modules, "explorer.ui.app", module)
    return calls


def test_no_arguments_opens_the_window(fake_window):
    assert command([]) == 0 and fake_window == [[]]


def test_a_single_file_opens_the_window_on_it(fake_window, neuron_file):
    command([str(neuron_file)])
    assert fake_window == [[str(neuron_file)]]


def test_a_command_never_opens_the_window(fake_window, neuron_file, tmp_path):
    command(["render", str(neuron_file), "-o", str(tmp_path / "n.dot")])
    assert fake_window == []


def test_missing_window_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "explorer.ui.app", None)
    code = command([])
    assert (code, capsys.readouterr().err.count("\n")) == (1, 1)


def _hello_arguments(parser):
    parser.add_argument("name")


def _hello_run(args):
    print(f"hello {args.name}")
    return 0


def test_a_command_is_one_entry_in_the_registry(monkeypatch, capsys):
    hello = Command("hello", "say hello", f"{__name__}:_hello_arguments", f"{__name__}:_hello_run")
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, hello])
    assert main(["hello", "world"]) == 0 and capsys.readouterr().out == "hello world\n"


def test_a_command_whose_module_is_missing_says_so(monkeypatch, capsys):
    ghost = Command("ghost", "not here", "explorer.no_such_module:add", "explorer.no_such_module:run")
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, ghost])
    code = main(["ghost"])
    assert (code, "not available" in capsys.readouterr().err) == (1, True)


def test_python_m_explorer_renders_without_qt(neuron_file, tmp_path):
    out = tmp_path / "neuron.png"
    probe = ("import sys; from explorer.cli import main; "
             f"code = main(['render', {str(neuron_file)!r}, '-o', {str(out)!r}]); "
             "print(code, 'PySide6' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (result.stdout.split(), out.read_bytes()[:4]) == (["0", "False"], b"\x89PNG")


def test_module_entry_point_exit_code(tmp_path):
    source = tmp_path / "bad.py"
    source.write_text("a = (\n")
    result = subprocess.run([sys.executable, "-m", "explorer", "check", str(source)],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, "gradient-explorer: line" in result.stderr) == (2, True)
