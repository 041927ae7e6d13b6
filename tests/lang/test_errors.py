"""Every mistake is a ParseError pointing at the exact place, in a sentence a learner reads."""

import pytest

from explorer.errors import ExplorerError
from explorer.lang import ComputeError, ParseError, parse


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text).build()
    return info.value


def marked(text: str, err: ParseError) -> str:
    """The characters the editor would underline."""
    return text[err.start:err.end]


@pytest.mark.parametrize("text, where, underlined, words", [
    ("a = 2.0\nb = 3.0\nc = q + a", (3, 5), "q", "unknown name 'q' — did you mean 'a'?"),
    ("x1 = 2.0\ny = x2 * 3", (2, 5), "x2", "did you mean 'x1'?"),
    ("a = 2.0\nb = tahn(a)", (2, 5), "tahn", "unknown function 'tahn' — did you mean 'tanh'?"),
    ("b = d * 2\nd = 2.0", (1, 5), "d", "'d' is used before it is given a value (on line 2)"),
    ("a = a + 1", (1, 5), "a", "'a' is used to give 'a' its own value before it has one"),
    ("x = 3x", (1, 5), "3", "write 3*x, not 3x"),
    ("a = 2.0\ny = 2a + 1", (2, 5), "2", "write 2*a, not 2a"),
    ("a = (2.0 + 1", (1, 5), "(", "this '(' is never closed"),
    ("a = 2.0)", (1, 8), ")", "this ')' has no opening partner"),
    ("a = 2.0\n  b = 3.0", (2, 1), "  ", "starts with spaces"),
    ("a = 'hi'", (1, 5), "'hi'", "text in quotes is only used for labels"),
    ("a = 2.0\nb = {a: a}", (2, 5), "{a: a}", "dicts are not understood here"),
    ("a = 2.0\nb = [a, a] * 2", (2, 5), "[a, a]", "a list cannot be used in arithmetic"),
    ("a = 2.0\nb = a // 2", (2, 5), "a // 2", "'//' (floor division) is not supported"),
    ("a = 2.0\nb = a.foo", (2, 5), "a.foo", "'.foo' is not something this app knows"),
    ("a = 2.0\nb = lambda: a\n", (2, 5), "lambda: a", "write a function of one variable"),
    ("a = 2.0\nc = (lambda y: y)(a)", (2, 6), "lambda y: y", "a lambda is only understood as a function"),
    ("a = 2.0\nb = [x for x in [a] if a]", (2, 24), "a", "'if' inside [...] is not understood here"),
    ("a = 2.0\nb = a if a else 1", (2, 10), "a", "a Value is not true or false"),
    ("a = 1\na.label = 3", (2, 11), "3", "a label is text in quotes"),
    ("a = Value(2.0, label='a', _op='+')", (1, 27), "_op='+'", "only label= can be given"),
    ("a = 2 − 1", (1, 7), "−", "'−' is not the minus sign Python reads; type -"),
    ("a = 1j", (1, 5), "1j", "complex numbers are not supported"),
])
def test_error_position_and_message(text, where, underlined, words):
    err = error_of(text)
    assert ((err.line, err.col), marked(text, err)) == (where, underlined) and words in err.message


@pytest.mark.parametrize("text, underlined", [
    ("__import__('os').system('x')", "__import__"),
    ("a = 2.0\nb = a.__class__", "a.__class__"),
    ("exec('print(1)')", "exec"),
    ("eval('1')", "eval"),
    ("open('sentinel', 'w')", "open"),
    ("import os\nos.system('touch sentinel')", "os.system"),
    ("a = 2.0\nb = getattr(a, 'data')", "getattr"),
    ("def g(x):\n    open('sentinel', 'w')\n    return x", "open"),
])
def test_anything_that_could_run_code_is_refused_even_on_a_skipped_line(text, underlined):
    err = error_of(text)
    assert marked(text, err) == underlined


def test_str_of_an_error_is_line_col_and_the_sentence():
    err = error_of("a = 2.0\nb = 3.0\nc = q + a")
    assert str(err) == "line 3, col 5: unknown name 'q' — did you mean 'a'?"


def test_columns_count_characters_not_utf8_bytes():
    text = "a = Value(2.0, label='α₁')\nb = a * qq"
    err = error_of(text)
    assert (err.line, err.col, marked(text, err)) == (2, 9, "qq")


def test_columns_after_non_ascii_text_on_the_same_line():
    text = "a = Value(2.0, label='α₁'); b = a * qq"
    err = error_of(text)
    assert marked(text, err) == "qq"


@pytest.mark.parametrize("text, underlined, reason", [
    ("a = 0.0\nb = 1/a", "1/a", "division by zero"),
    ("a = 1.0\nb = log(a - 2)", "log(a - 2)", "log is only defined for positive numbers"),
    ("a = 1/0", "1/0", "division by zero"),
    ("a = 2.0\nb = (-8.0) ** (1/3) * a", "(-8.0) ** (1/3)", "not real"),
])
def test_starting_values_that_cannot_be_computed_point_at_the_expression(text, underlined, reason):
    err = error_of(text)
    assert isinstance(err, ComputeError) and marked(text, err) == underlined and reason in err.message


def test_parse_errors_are_explorer_errors():
    assert issubclass(ParseError, ExplorerError)


def test_text_that_builds_nothing_says_so_when_built():
    err = error_of("# just a comment\nimport math")
    assert "nothing to draw" in err.message


def test_output_of_an_unknown_name():
    text = "a = 2.0\noutput aa"
    err = error_of(text)
    assert (marked(text, err), err.message) == ("aa", "there is no 'aa' to show — did you mean 'a'?")
