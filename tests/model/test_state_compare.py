"""Two session states show the same numbers exactly when their numbers read the same:
nan equals nan, 0.0 is not -0.0 (what Undo compares to know whether a change happened)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from explorer.model.session import Session
from explorer.model.state import capture

NUMBERS = st.lists(st.one_of(st.floats(allow_nan=True), st.sampled_from([0.0, -0.0, 2.0])), max_size=6)


@given(NUMBERS, NUMBERS)
def test_states_are_the_same_when_their_numbers_read_the_same(xs, ys):
    state = capture(Session("f(x) = 3*x**2 - 4*x + 5\n"))
    a, b = replace(state, data=tuple(xs)), replace(state, data=tuple(ys))
    assert a.same_numbers(b) == ([repr(x) for x in xs] == [repr(y) for y in ys])
