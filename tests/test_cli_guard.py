"""Issue 15 on the command line, black box: every failure is one line on stderr and
exit 2, in bounded time; nothing but a regular file is ever written or read."""

import os
import signal
import subprocess
import sys
import time

import pytest

from explorer.errors import ExportError
from explorer.fileio import check_writable
from explorer.viz.isolated import MAX_RENDER_NODES, run_isolated

SIMPLE = "a = 2.0\nb = -3.0\nL = a*b\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/full and fork are POSIX")


def run(*args: str, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, timeout: float = 60, **kw):
    """``python -m explorer ARGS``; (exit code, stderr, stdout bytes, seconds)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "explorer", *args], stdin=stdin, stdout=stdout,
                            stderr=subprocess.PIPE, timeout=timeout, **kw)
    return result.returncode, result.stderr.decode(), result.stdout or b"", time.perf_counter() - start


def one_line(err: str) -> str:
    """The error line, with the environment's Fontconfig chatter (not ours) left out."""
    lines = [line for line in err.splitlines() if not line.startswith("Fontconfig")]
    assert len(lines) == 1 and lines[0].startswith("gradient-explorer: "), err
    return lines[0]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "L.py"
    path.write_text(SIMPLE)
    return path


# -- 1 ------------------------------------------------------------------------------------

def test_a_function_giving_a_list_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("f(x) = [x]\n")
    code, err, _, _ = run("render", str(path), "-o", str(tmp_path / "f.svg"))
    assert code == 2 and "cannot be drawn: it gives a list" in one_line(err)


# -- 3: Graphviz guarded -------------------------------------------------------------------

def test_sixty_thousand_doublings_end_in_a_sentence_not_a_crash(tmp_path):
    path = tmp_path / "chain.py"
    path.write_text("a = 1.0\n" + "a = a*2\n" * 60_000)
    code, err, _, seconds = run("render", str(path), "-o", str(tmp_path / "chain.svg"))
    assert code == 2 and "limit" in one_line(err) and seconds < 20


def test_a_graph_too_big_to_lay_out_is_refused_before_graphviz(tmp_path):
    path = tmp_path / "big.py"
    path.write_text("a = 1.0\n" + "a = a*1.5 + 1\n" * (MAX_RENDER_NODES // 4 + 10))
    code, err, _, seconds = run("render", str(path), "-o", str(tmp_path / "big.svg"))
    line = one_line(err)
    assert code == 2 and f"limited to {MAX_RENDER_NODES:,}" in line and seconds < 20
    assert not (tmp_path / "big.svg").exists()


def test_an_input_used_far_down_a_graph_is_refused_before_graphviz_spends_minutes(tmp_path):
    path = tmp_path / "fan.py"
    path.write_text("a = 1.0\nb = " + " + ".join(["a"] * 120) + "\n")  # 121 values; > 60 s in dot
    code, err, _, seconds = run("render", str(path), "-o", str(tmp_path / "fan.svg"))
    assert code == 2 and "levels" in one_line(err) and seconds < 20


def test_the_same_big_graph_can_still_be_written_as_dot(tmp_path):
    path = tmp_path / "big.py"
    path.write_text("a = 1.0\n" + "a = a*1.5 + 1\n" * (MAX_RENDER_NODES // 4 + 10))
    code, _, _, _ = run("render", str(path), "-o", str(tmp_path / "big.dot"))
    assert code == 0 and (tmp_path / "big.dot").read_text().startswith("digraph")


@posix_only
def test_graphviz_crashing_in_its_child_is_a_sentence():
    with pytest.raises(ExportError.__mro__[1]) as info:  # ExplorerError: VizError is one
        run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV))
    assert "crashed while drawing this graph (SIGSEGV)" in str(info.value)


@posix_only
def test_graphviz_running_past_its_budget_is_stopped():
    start = time.perf_counter()
    with pytest.raises(Exception, match="did not finish within 0.5 s"):
        run_isolated(lambda: time.sleep(30) or b"", seconds=0.5)
    assert time.perf_counter() - start < 5


@posix_only
def test_errors_raised_in_the_child_come_back_as_the_same_sentence():
    def fail():
        raise ExportError("At scale 20 the PNG would be too large.")

    with pytest.raises(ExportError, match="At scale 20"):
        run_isolated(fail)
    assert run_isolated(lambda: b"bytes") == b"bytes"


def test_grad_colours_stay_valid_whatever_the_share():
    from explorer.engine import Value
    from explorer.viz.dot import _fill

    v = Value(1.0)
    v.grad = float("inf")
    for share in (4.5045, -3.0, float("nan"), 0.3):
        fill = _fill(v, None, 1e308, True, "LR", share)
        first, rest = fill.split(";")
        assert 0.0 <= float(rest.split(":")[0]) <= 1.0, fill


# -- 5: only regular files are written --------------------------------------------------------

@posix_only
@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_force_never_replaces_a_fifo_or_a_symlink(source, tmp_path, kind):
    target = tmp_path / "out.svg"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(source)
    code, err, _, _ = run("render", str(source), "-o", str(target), "--force")
    assert code == 2 and "not a regular file" in one_line(err)
    assert target.is_symlink() if kind == "symlink" else not target.is_file()


@posix_only
def test_a_device_is_never_a_place_to_write():
    with pytest.raises(ExportError, match="it is a device, not a regular file"):
        check_writable("/dev/null", overwrite=True)


# -- 6 and 8: inputs ---------------------------------------------------------------------------

@posix_only
def test_standard_input_is_capped_like_a_file(tmp_path):
    with open("/dev/zero", "rb") as zero:
        code, err, _, seconds = run("render", "-", "-o", str(tmp_path / "z.svg"), stdin=zero)
    assert code == 2 and "too large" in one_line(err) and seconds < 20


@posix_only
@pytest.mark.parametrize("name", ["fifo.py", "fifo.gexp"])
def test_a_fifo_as_input_is_refused_at_once(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    code, err, _, _ = run("check", str(fifo), timeout=30)
    assert code == 2 and "named pipe (FIFO)" in one_line(err)


@posix_only
def test_an_autosave_folder_with_a_fifo_does_not_hang_the_start(tmp_path):
    os.mkfifo(tmp_path / "x.autosave")
    probe = ("import sys; from explorer.model.autosave import find_recoverable; "
             f"print(len(find_recoverable({str(tmp_path)!r})))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stdout.split() == ["0"] and (tmp_path / "x.autosave").exists()


# -- 7: outputs that fail ---------------------------------------------------------------------

@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_standard_output_is_a_sentence(source):
    with open("/dev/full", "wb") as full:
        code, err, _, _ = run("render", str(source), "-o", "-", "--format", "svg", stdout=full)
    assert code == 2 and "standard output is full" in one_line(err)


@posix_only
def test_a_closed_standard_output_is_a_sentence(source):
    code, err, _, _ = run("render", str(source), "-o", "-", "--format", "dot", stdout=None,
                          pass_fds=(), preexec_fn=lambda: os.close(1))
    assert code == 2 and "standard output is closed" in one_line(err)


@posix_only
def test_a_closed_standard_input_is_a_sentence(tmp_path):
    code, err, _, _ = run("render", "-", "-o", str(tmp_path / "x.svg"), stdin=None,
                          preexec_fn=lambda: os.close(0))
    assert code == 2 and "no standard input" in one_line(err)


# -- 10: arguments ----------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "words"), [
    (["render"], "the following arguments are required"),
    (["render", "x.py", "-o", "x.svg", "--bogus"], "unrecognized arguments: --bogus"),
    (["check", "x.py", "--tol", "-1"], "--tol must be a finite number of at least 0"),
    (["check", "x.py", "--h", "nan"], "--h must be a finite number above 0"),
    (["render", "x.py", "-o", "x.svg", "--scale", "inf"], "--scale must be a finite number"),
])
def test_usage_errors_are_one_line_and_exit_2(args, words):
    code, err, _, _ = run(*args)
    assert code == 2 and words in one_line(err)


def test_an_extension_and_a_format_that_disagree_are_refused(source, tmp_path):
    code, err, _, _ = run("render", str(source), "-o", str(tmp_path / "x.svg"), "--format", "png")
    assert code == 2 and "ends in .svg but --format says png" in one_line(err)
    assert not (tmp_path / "x.svg").exists()


def test_a_lone_surrogate_in_a_session_is_a_sentence(tmp_path):
    path = tmp_path / "s.gexp"
    path.write_text('{"format": "gradient-explorer-session", "version": 1, '
                    '"text": "a = 2.0\\n# \\udc80\\nb = a*a"}')
    code, err, _, _ = run("check", str(path))
    line = one_line(err)
    assert code == 2 and "line 2" in line and "invalid character" in line and "codec" not in line


# -- 7: plot with numbers at the end of the floats -----------------------------------------------

@pytest.fixture
def curve(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("f(x) = 3*x**2 - 4*x + 5\n")
    return path


@pytest.mark.parametrize(("args", "words"), [
    (["--at", "1e308"], "x0 must lie between"),
    (["--range", "0", "1e308"], "The x range must lie between"),
    (["--range", "0", "inf"], "The x range must go from a smaller to a larger number"),
    (["--at", "nan"], "x0 must be a finite number"),
])
def test_plot_refuses_ranges_matplotlib_cannot_draw_with_a_sentence(curve, tmp_path, args, words):
    code, err, _, _ = run("plot", str(curve), "-o", str(tmp_path / "p.png"), *args)
    assert code == 2 and words in one_line(err) and not (tmp_path / "p.png").exists()


def test_plot_of_huge_values_clamps_its_y_axis(tmp_path):
    path = tmp_path / "big.py"
    path.write_text("f(x) = x*1e307\nx = 1.0\n")
    code, err, _, _ = run("plot", str(path), "-o", str(tmp_path / "p.png"), "--range", "-20", "20")
    assert code == 0 and (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG", err
