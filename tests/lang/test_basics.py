"""The lecture's first graph, typed as plain math: values, grads, names, spans."""

import pytest

from explorer.lang import ParseError, parse

PLAIN_L = """a = 2.0; b = -3.0; c = 10.0
e = a*b
d = e + c
f = -2.0
L = d*f
"""


def test_plain_math_builds_the_lectures_L_graph():
    graph = parse(PLAIN_L).build()
    graph.backward()
    assert graph.grads() == {"a": 6.0, "b": -4.0, "c": -2.0, "e": -2.0, "d": -2.0, "f": 4.0, "L": 1.0}


def test_output_is_the_last_assigned_name():
    assert parse(PLAIN_L).output == "L"


def test_leaves_carry_their_number_and_its_span():
    program = parse(PLAIN_L)
    b = program.leaves["b"]
    assert (b.value, PLAIN_L[b.span.start:b.span.end]) == (-3.0, "-3.0")


def test_unknown_name_error_points_at_the_name_and_suggests_a_close_one():
    with pytest.raises(ParseError) as info:
        parse("a = 2.0\nb = 3.0\nc = q + a")
    assert str(info.value) == "line 3, col 5: unknown name 'q' — did you mean 'a'?"
