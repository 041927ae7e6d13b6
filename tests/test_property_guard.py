"""Issue 15's property: random and mutated programs, session files and command lines
only ever end in the project's own errors (or succeed), each within a time bound.

Hypothesis's ``deadline`` is the time bound of one example; it is generous (a loaded
CI runner is slow) but finite, so a text that makes unbounded work fails the test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.cli import main
from explorer.errors import ExplorerError
from explorer.lang import parse
from explorer.model.document import document_from_json
from tests.lang.test_fuzz import PROGRAMS, TOKENS

# Texts that make work: loops over lists, functions calling functions, networks.
WORK = [
    "xs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]\n",
    "ys = [[x for x in xs] for y in xs]\n",
    "s = sum(x*x for x in xs)\n",
    "f(x) = x*x + x\n",
    "g(x) = f(x) + f(x)\n",
    "h(x) = g(g(x))\n",
    "n = MLP(3, [4, 4, 1])\n",
    "ypred = [n([x, x, x]) for x in xs]\n",
    "f(x) = [x]\n",
    "a = " + "9" * 40 + "\n",
]
TOKENS_MORE = [*TOKENS, "xs", " for x in xs]", "[", "sum(", "f(", "g(", "h(", "n(", "10**400", "\udc80"]
BOUND = timedelta(seconds=5)
TIME_LIMIT = BOUND.total_seconds()


@st.composite
def programs(draw) -> str:
    """A real program, or a stack of work-making lines, then mutated a few times."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(PROGRAMS))
    else:
        text = "".join(draw(st.lists(st.sampled_from(WORK), min_size=1, max_size=12)))
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if kind == "insert":
            text = text[:pos] + draw(st.sampled_from(TOKENS_MORE)) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 8)):]
        else:
            text = (text[:pos] + text[pos:pos + draw(st.integers(1, 40))] * draw(st.integers(2, 50))
                    + text[pos:])
    return text


@settings(max_examples=1000, deadline=BOUND, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_programs_end_in_a_graph_or_an_explorer_error_in_bounded_time(text):
    start = time.perf_counter()
    try:
        graph = parse(text).build()
        graph.backward()
    except ExplorerError as exc:
        message = str(exc)
        assert message and "\n" not in message.strip() and len(message) < 600
    assert time.perf_counter() - start < TIME_LIMIT


# -- session files ------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)


@st.composite
def sessions(draw) -> bytes:
    """A session document with random fields changed, or random JSON, or random bytes."""
    kind = draw(st.sampled_from(["document", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    doc = {"format": "gradient-explorer-session", "version": 1, "text": draw(programs())}
    for key in draw(st.lists(st.sampled_from(["version", "text", "leaves", "settings", "history",
                                              "format", "output"]), max_size=3)):
        doc[key] = draw(json_values)
    return json.dumps(doc).encode("utf-8", "surrogatepass")


@settings(max_examples=500, deadline=BOUND, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_session_files_load_or_end_in_an_explorer_error(raw):
    try:
        doc = document_from_json(raw, name="s.gexp")
    except ExplorerError:
        return
    try:
        parse(doc.text).build()
    except ExplorerError:
        pass


# -- command lines --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-property")
    good = folder / "good.py"
    good.write_text("a = 2.0\nb = -3.0\nL = a*b\n")
    bad = folder / "bad.py"
    bad.write_text("f(x) = [x]\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.py")
    return folder


ARGS = ["render", "check", "plot", "-", "-o", "--output", "--format", "svg", "png", "pdf", "dot", "gif",
        "--force", "--backward", "--rankdir", "LR", "TB", "XY", "--scale", "1", "0", "-1", "inf", "nan",
        "1e308", "--transparent", "--h", "--tol", "1e-6", "--at", "--range", "--help", "--bogus", "x",
        "{good}", "{bad}", "{fifo}", "{missing}", "{out}.svg", "{out}.dot", "{out}.png", "{folder}",
        "/dev/null", "--version", "--var"]


@settings(max_examples=400, deadline=BOUND, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ARGS), min_size=1, max_size=8))
def test_command_lines_end_in_an_exit_code_and_at_most_one_line(files, argv):
    names = {"good": files / "good.py", "bad": files / "bad.py", "fifo": files / "fifo.py",
             "missing": files / "missing.py", "out": files / "out", "folder": files}
    argv = [a.format(**names) for a in argv]
    if argv[0] not in ("render", "check", "plot") and not argv[0].startswith("-"):
        argv = ["check", *argv]  # never the window
    if argv in (["--help"], ["--version"]):
        return
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:  # pragma: no cover - main never exits, it returns
            pytest.fail(f"main({argv}) raised SystemExit({exc.code})")
    assert code in (0, 1, 2), (argv, code)
    if code == 2 and "--help" not in argv:
        lines = [line for line in err.getvalue().splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("gradient-explorer: "), (argv, err.getvalue())
    for leftover in files.glob(".out.*"):
        pytest.fail(f"a temporary file was left behind: {leftover}")


# -- sessions, driven -----------------------------------------------------------------------------

numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**400), 10**400),
                    st.sampled_from(["x", None, 1e308, -1e-320, 10**12, 10**400, 50]))
operations = st.one_of(
    programs().map(lambda text: ("set_text", text)),
    st.sampled_from([("forward",), ("backward",), ("zero_grad",), ("step",), ("reset_values",),
                     ("step_through",), ("finish_step_through",), ("stop_step_through",)]),
    st.tuples(st.just("set_leaf"), st.sampled_from(["a", "x", "b", "zz"]), numbers),
    st.tuples(st.just("set_settings"), st.sampled_from(["lr", "steps_per_click", "h", "ascent"]), numbers),
    st.tuples(st.just("gradcheck"), numbers, numbers),
)


@settings(max_examples=300, deadline=BOUND, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=8))
def test_sessions_driven_at_random_end_only_in_explorer_errors(ops):
    from explorer.model.session import Session

    session = Session()
    start = time.perf_counter()
    for op in ops:
        name, *args = op
        try:
            if name == "set_settings":
                session.set_settings(**{args[0]: args[1]})
            else:
                getattr(session, name)(*args)
        except ExplorerError:
            pass
    assert time.perf_counter() - start < TIME_LIMIT
