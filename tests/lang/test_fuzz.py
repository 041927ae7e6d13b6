"""Fuzzing: random text and random edits of real programs. Nothing but an ExplorerError
ever escapes, and no input runs code (a sentinel file is never created)."""

import os
import tempfile

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.lang import parse

from . import seed_cells
from .test_models import LOOP, TRAINING

SENTINEL_DIR = tempfile.mkdtemp(prefix="lang-fuzz-")
SENTINEL = os.path.join(SENTINEL_DIR, "sentinel")

ATTACKS = [
    f"open({SENTINEL!r}, 'w')",
    f"__import__('os').system('touch {SENTINEL}')",
    f"exec(\"open({SENTINEL!r}, 'w')\")",
    f"eval(\"open({SENTINEL!r}, 'w')\")",
    f"a = 2.0\nb = a.__class__.__init__.__globals__['open']({SENTINEL!r}, 'w')",
    f"import os\nos.system('touch {SENTINEL}')",
    f"def f(x):\n    open({SENTINEL!r}, 'w')\n    return x\ny = f(2.0)",
    f"f = lambda x: open({SENTINEL!r}, 'w')\ny = f(1.0)",
    f"class Value:\n    def __init__(self, d):\n        open({SENTINEL!r}, 'w')\na = Value(2.0)",
    f"[open({SENTINEL!r}, 'w') for _ in range(1)]",
    f"print(open({SENTINEL!r}, 'w'))",
    f"draw_dot(open({SENTINEL!r}, 'w'))",
    f"a = 2.0\na.label = open({SENTINEL!r}, 'w')",
    f"x = np.save({SENTINEL!r}, 1)",
    f"plt.savefig({SENTINEL!r})",
    f"!touch {SENTINEL}",
    f"%run {SENTINEL}",
]

PROGRAMS = list(seed_cells.ALL_CELLS.values()) + ATTACKS + [TRAINING, TRAINING + LOOP,
    "a = 2.0; b = -3.0; c = 10.0\ne = a*b\nd = e + c\nf = -2.0\nL = d*f\noutput L",
    "f(x) = 3*x**2 - 4*x + 5\nf(3.0)",
    "a = 2.0\nb = exp(a) / (1 + sigmoid(a)) - relu(a - 3) + a**a + 2**a + log(a) + tanh(a)",
    "g(a, b) = a*b + 1\nx = 2.0\ny = 3.0\nz = g(x, y)",
]

TOKENS = ["(", ")", "*", "**", "+", "-", "/", "=", ".", ",", ":", "lambda ", "x", "a", "f(", "1e308", "0",
          "'s'", "[", "]", " for ", " in ", "__", "exec(", "open(", "\n", "  ", "#", "%", "!", "output ",
          "Value(", "label=", "tanh", ".tanh()", "def ", "return ", "import ", ";", "\\", '"""', "1/0",
          "log(-1)", "2/3", "f(x) = ", "\t", "é", "−", "\x00", "\r", "if ", "else ", "yield ", "await ",
          "@", "~", "not ", "{", "}", "...", "None", "True", "1j", "0x1F", "9" * 30, "MLP(", "sum(", "zip("]


def exercise(text: str) -> None:
    """Everything a window does with a text; only ExplorerError may come out."""
    try:
        program = parse(text)
        for note in program.notes:
            str(note)
        program.statements  # noqa: B018 - building the list is what is tested
        try:
            graph = program.build()
        except ExplorerError:
            return
        graph.backward()
        for offset in (0, len(text) // 2, len(text)):
            node = graph.node_at(offset)
            if node is not None:
                graph.span(node)
                graph.name_of(node)
        for name in program.variables[:3]:
            program.function_of(name)(np.array([-1.0, 0.0, 0.5, 2.0]))
            program.with_values({name: 1.5})
    except ExplorerError as exc:
        assert str(exc).startswith("line ") or "leaf" in str(exc) or "number" in str(exc)
    finally:
        assert not os.path.exists(SENTINEL), f"code ran for {text!r}"


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(PROGRAMS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "attack"]))
        pos = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 8)):]
        elif kind == "replace":
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos + 1:]
        elif kind == "duplicate":
            text = text[:pos] + text[pos:pos + draw(st.integers(1, 30))] + text[pos:]
        else:
            text = text[:pos] + "\n" + draw(st.sampled_from(ATTACKS)) + "\n" + text[pos:]
    return text


@settings(max_examples=300)
@given(mutated())
def test_mutations_of_real_programs_raise_only_explorer_errors_and_run_nothing(text):
    exercise(text)


@given(st.text(max_size=200))
def test_random_text_raises_only_explorer_errors(text):
    exercise(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_random_token_soup_raises_only_explorer_errors(text):
    exercise(text)


def test_every_attack_is_refused_or_skipped_and_runs_nothing():
    for text in ATTACKS:
        exercise(text)
    assert not os.path.exists(SENTINEL)


def test_python_syntax_warnings_are_not_printed(recwarn):
    parse("a = 2.0\nb = a*3\nprint('\\d', 1if b else 2)")
    assert not [w for w in recwarn if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]
