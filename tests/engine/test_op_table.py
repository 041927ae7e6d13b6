"""The op table's one calling convention, checked for every entry through that
convention alone: ``forward(xs, arg)``, ``local(xs, out, arg)`` on floats and
``np_forward`` / ``np_local`` on arrays (hypothesis draws the inputs)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.ops import FUNCTIONS, OPS, DomainError, Op

small = st.floats(min_value=-3, max_value=3, allow_nan=False)
positive = st.floats(min_value=0.1, max_value=5, allow_nan=False)
away_from_zero = st.floats(min_value=0.2, max_value=4) | st.floats(min_value=-4, max_value=-0.2)
away_from_kink = st.floats(min_value=1e-3, max_value=3) | st.floats(min_value=-3, max_value=-1e-3)
exponents = st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0])


@st.composite
def smooth_inputs(draw, op: Op) -> tuple[tuple[float, ...], float | None]:
    """Inputs (and the constant) where ``op`` is differentiable: away from log's
    and division's poles and relu's kink."""
    if op.name == "sum":
        return tuple(draw(st.lists(small, min_size=1, max_size=6))), None
    if op.name == "dot":
        n = draw(st.integers(1, 4))
        return tuple(draw(st.lists(small, min_size=2 * n + 1, max_size=2 * n + 1))), None
    per_input = {
        "div": (small, away_from_zero), "log": (positive,), "relu": (away_from_kink,),
        "pow": (positive,), "powv": (positive, small),
    }.get(op.name, (small,) * op.arity)
    xs = tuple(draw(s) for s in per_input)
    return xs, (draw(exponents) if op.name == "pow" else None)


def central_difference(op: Op, xs, arg, i: int, h: float = 1e-6) -> float:
    up = [*xs]
    down = [*xs]
    up[i] += h
    down[i] -= h
    return (op.forward(up, arg) - op.forward(down, arg)) / (2 * h)


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_every_local_derivative_matches_a_central_difference_of_forward(name, data):
    op = OPS[name]
    xs, arg = data.draw(smooth_inputs(op))
    out = op.forward(xs, arg)
    local = op.local(xs, out, arg)
    numeric = tuple(central_difference(op, xs, arg, i) for i in range(len(xs)))
    assert local == pytest.approx(numeric, rel=1e-5, abs=1e-6)


# Inputs for the array forms: anywhere at all, with the points where the float forms
# branch (0 for relu and powers, negatives under a fractional power) drawn often.
edgy = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -2.5]) | st.floats(min_value=-30, max_value=30)


@st.composite
def array_inputs(draw, op: Op) -> tuple[list[np.ndarray], float | None]:
    size = draw(st.integers(1, 8))
    count = {"sum": draw(st.integers(1, 4)), "dot": 2 * draw(st.integers(1, 3)) + 1}.get(op.name, op.arity)
    columns = [np.array(draw(st.lists(edgy, min_size=size, max_size=size))) for _ in range(count)]
    return columns, (draw(exponents) if op.name == "pow" else None)


def _scalar(fn, *args) -> float:
    """What a float form gives, NaN where it refuses (a domain error)."""
    try:
        return float(fn(*args))
    except (DomainError, ArithmeticError):
        return math.nan


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_array_forms_agree_with_the_float_forms_element_by_element(name, data):
    op = OPS[name]
    columns, arg = data.draw(array_inputs(op))
    with np.errstate(all="ignore"):
        out = op.np_forward(columns, arg)
        locals_ = [np.broadcast_to(d, out.shape) for d in op.np_local(columns, out, arg)]
    for j in range(out.shape[0]):
        xs = [float(c[j]) for c in columns]
        want = _scalar(op.forward, xs, arg)
        if math.isnan(want):  # outside the domain: the array form says so with nan or inf
            assert not math.isfinite(out[j])
            continue
        assert out[j] == pytest.approx(want, rel=1e-12, abs=1e-12)
        try:
            want_local = op.local(xs, want, arg)
        except (DomainError, ArithmeticError):
            continue  # the float form refuses; the array form gives nan or inf there
        got_local = [float(d[j]) for d in locals_]
        assert got_local == pytest.approx(list(want_local), rel=1e-12, abs=1e-12, nan_ok=True)


def test_the_language_calls_exactly_the_ops_written_as_functions():
    assert FUNCTIONS == ("exp", "log", "tanh", "relu", "sigmoid")


def test_an_op_label_shows_its_constant_as_written():
    assert (OPS["pow"].label(2.0), OPS["pow"].label(0.5), OPS["mul"].label()) == ("**2", "**0.5", "*")
