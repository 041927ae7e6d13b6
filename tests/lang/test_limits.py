"""Texts too big or too deep give a clear ParseError instead of a crash or a hang."""

import time

import pytest

from explorer.lang import MAX_NODES, MAX_TEXT, ParseError, parse


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text).build()
    return info.value


def test_text_over_one_megabyte_is_refused_at_the_limit():
    err = error_of("a = 1.0\n" + "#" * MAX_TEXT)
    assert err.start == MAX_TEXT and "limit is 1,000,000" in err.message


def test_more_nodes_than_the_limit_is_refused():
    # 100 nodes per call, 2,100 calls: a short text that builds 210,000 nodes.
    body = " + ".join(["x*x"] * 50)
    calls = " + ".join(["f(a)"] * 2100)
    err = error_of(f"f(x) = {body}\na = 1.0\nb = {calls}")
    assert f"more than {MAX_NODES:,} nodes" in err.message


@pytest.mark.parametrize("text", [
    "a = " + "(" * 300 + "1" + ")" * 300,
    "a = 1.0\nb = " + " + ".join(["a"] * 100_000),
    "a = 1.0\nb = " + "-" * 100_000 + "a",
    "a = 1.0\nb = " + "tanh(" * 5000 + "a" + ")" * 5000,
])
def test_nesting_deeper_than_pythons_parser_allows_is_a_parse_error(text):
    assert error_of(text).line >= 1


def test_a_sum_as_deep_as_python_reads_builds_without_recursion():
    graph = parse("a = 1.0\nb = " + " + ".join(["a"] * 2500)).build()
    graph.backward()
    assert (graph.root.data, graph.by_name["a"].grad) == (2500.0, 2500.0)


def test_a_chain_of_doubling_functions_is_refused_at_once():
    defs = ["def g0(x): return x + x"]
    defs += [f"def g{i}(x): return g{i - 1}(x) + g{i - 1}(x)" for i in range(1, 40)]
    start = time.perf_counter()
    err = error_of("\n".join(defs) + "\na = 1.0\ny = g39(a)")
    assert "too big" in err.message and time.perf_counter() - start < 2.0


@pytest.mark.parametrize("text", [
    "f(x) = f(x) + 1\na = f(2.0)",
    "def f(x): return g(x)\ndef g(x): return f(x)\na = 1.0\nb = f(a)",
])
def test_a_function_that_calls_itself_is_refused(text):
    assert "calls itself" in error_of(text).message


def test_ten_thousand_statements_parse():
    lines = ["x = 1.0"] + [f"x{i} = x{i - 1 if i else ''} * 1.0001 + x" for i in range(9_999)]
    assert len(parse("\n".join(lines)).build().nodes) == 1 + 3 * 9_999


def test_nul_characters_are_a_parse_error():
    assert "NUL" in error_of("a = 1.0\x00").message
