"""Issue 15, reproductions 1, 2 and 10: every text ends in a ParseError sentence that
names the limit and the line, in bounded time, never a raw Python exception."""

import time

import pytest

from explorer.lang import ParseError, parse
from explorer.lang.messages import suggest
from explorer.lang.program import MAX_STATEMENTS, MAX_SYMBOLS
from explorer.lang.records import MAX_NODES, MAX_STEPS

NUMBERS = "xs = [" + ", ".join(f"{i}.0" for i in range(1000)) + "]\n"


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text).build()
    return info.value


def timed_error(text: str) -> tuple[ParseError, float]:
    start = time.perf_counter()
    err = error_of(text)
    return err, time.perf_counter() - start


# -- 1: a function whose value is not a number ----------------------------------------

@pytest.mark.parametrize(("text", "what"), [
    ("f(x) = [x]", "a list"),
    ("f(x) = f", "a function"),
    ("xs = [1.0]\nf(x) = xs", "a list"),
    ("def f(x): return [x]", "a list"),
    ("n = MLP(1, [1])\nf(x) = n", "a network"),
    ("f(x) = [x]\noutput f", "a list"),
])
def test_a_function_that_gives_no_number_is_a_sentence_at_its_line(text, what):
    err = error_of(text)
    assert f"the function 'f' cannot be drawn: it gives {what}" in err.message
    assert err.line == text.count("\n", 0, text.index("f(x)" if "f(x)" in text else "def")) + 1


# -- 2: work the text makes, not only what it writes ------------------------------------

@pytest.mark.parametrize("text", [
    NUMBERS + "ys = [[[x for x in xs] for y in xs] for z in xs]",
    NUMBERS + "s = sum(sum(sum(x for x in xs) for y in xs) for z in xs)",
    NUMBERS + "f(x) = x*x*x*x*x*x\nys = [[f(x) for x in xs] for y in xs]",
    NUMBERS + "f(x) = x\nys = [[f(f(f(x))) for x in xs] for y in xs]",
])
def test_loops_over_plain_numbers_count_against_the_step_budget(text):
    err, seconds = timed_error(text)
    assert f"more than {MAX_STEPS:,} steps" in err.message
    assert err.line == text.count("\n")  + 1  # the line that asks for the work
    assert seconds < 5  # 1 s on an idle machine; a loaded CI runner gets slack


def test_nodes_made_in_a_loop_count_against_the_node_budget():
    err, seconds = timed_error(NUMBERS + "a = 1.0\nys = [[a*x for x in xs] for y in xs]")
    assert f"more than {MAX_NODES:,} nodes" in err.message and err.line == 3
    assert seconds < 5


def test_too_many_statements_are_refused_before_python_reads_them():
    text = "a = 1.0\n" * (MAX_STATEMENTS + 10)
    err, seconds = timed_error(text)
    assert f"more than {MAX_STATEMENTS:,} lines" in err.message and err.line == MAX_STATEMENTS + 1
    assert seconds < 1


def test_too_many_operators_are_refused_before_python_reads_them():
    text = "a = 1.0\nb = [" + "a, " * MAX_SYMBOLS + "a]"
    err, seconds = timed_error(text)
    assert f"more than {MAX_SYMBOLS:,} operators and brackets" in err.message and err.line == 2
    assert seconds < 1


def test_a_hundred_thousand_letter_unknown_name_is_answered_at_once_and_shortly():
    text = "abc = 1.0\nb = " + "q" * 100_000
    err, seconds = timed_error(text)
    assert seconds < 1
    assert err.message.startswith("unknown name 'qqq") and len(err.message) < 100


def test_suggestions_still_find_slips():
    assert suggest("q", ["a", "b"]) == " — did you mean 'a'?"
    assert suggest("lables", ["labels", "x"]) == " — did you mean 'labels'?"


def test_suggestion_over_many_long_names_is_bounded():
    names = ["n" * 5000 + str(i) for i in range(2000)] + ["weight"]
    start = time.perf_counter()
    assert suggest("wieght", names) == " — did you mean 'weight'?"
    assert suggest("w" * 100_000, names) == ""
    assert time.perf_counter() - start < 0.5


# -- 10: the message of a 5,000-digit number --------------------------------------------

def test_a_five_thousand_digit_number_is_a_learner_sentence():
    err = error_of("a = " + "9" * 5000)
    assert "more than 4300 digits" in err.message and "sys." not in err.message
