"""Every op's derivative agrees with finite differences, and random expression
trees backprop correctly (hypothesis)."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from explorer.engine import OPS, Graph, Value, gradcheck, sum_values
from explorer.engine.value import dot

finite = st.floats(min_value=-3, max_value=3, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.1, max_value=5, allow_nan=False)

UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
}


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("name", sorted(UNARY))
@given(x=finite)
def test_unary_op_derivative_matches_finite_difference(name, x):
    assume(not (name == "relu" and abs(x) < 1e-4))  # the kink has no derivative
    a = Value(x)
    out = UNARY[name](a)
    out.backward()
    numeric = central_difference(lambda t: UNARY[name](Value(t)).data, x)
    assert a.grad == pytest.approx(numeric, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("name", sorted(BINARY))
@given(x=finite, y=finite)
def test_binary_op_derivatives_match_finite_difference(name, x, y):
    a, b = Value(x), Value(y)
    BINARY[name](a, b).backward()
    da = central_difference(lambda t: BINARY[name](Value(t), Value(y)).data, x)
    db = central_difference(lambda t: BINARY[name](Value(x), Value(t)).data, y)
    assert (a.grad, b.grad) == pytest.approx((da, db), rel=1e-5, abs=1e-6)


@given(x=finite, y=st.floats(min_value=0.2, max_value=4) | st.floats(min_value=-4, max_value=-0.2))
def test_division_derivatives(x, y):
    a, b = Value(x), Value(y)
    (a / b).backward()
    assert (a.grad, b.grad) == pytest.approx((1 / y, -x / y**2), rel=1e-9)


@given(x=positive)
def test_log_derivative(x):
    a = Value(x)
    a.log().backward()
    assert a.grad == pytest.approx(1 / x, rel=1e-12)


@given(x=positive, k=st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0]))
def test_power_with_number_exponent(x, k):
    a = Value(x)
    (a**k).backward()
    assert a.grad == pytest.approx(k * x ** (k - 1), rel=1e-9)


@given(x=positive, y=finite)
def test_power_with_value_exponent(x, y):
    a, b = Value(x), Value(y)
    out = a**b
    out.backward()
    assert (a.grad, b.grad) == pytest.approx((y * x ** (y - 1), x**y * math.log(x)), rel=1e-9)


@given(ws=st.lists(finite, min_size=1, max_size=6), b=finite)
def test_dot_equals_products_plus_sum(ws, b):
    xs = [0.5 * i - 1 for i in range(len(ws))]
    wv, bv = [Value(w) for w in ws], Value(b)
    fused = dot(wv, xs, bv)
    fused.backward()
    w2, b2 = [Value(w) for w in ws], Value(b)
    expanded = sum_values([w * x for w, x in zip(w2, xs)], b2)
    expanded.backward()
    assert fused.data == pytest.approx(expanded.data)
    assert [w.grad for w in wv] + [bv.grad] == pytest.approx([w.grad for w in w2] + [b2.grad])


@st.composite
def expressions(draw, depth=4):
    """A random small expression tree over three leaves, as a builder function."""
    if depth == 0 or draw(st.booleans()):
        i = draw(st.integers(0, 2))
        return lambda leaves: leaves[i]
    kind = draw(st.sampled_from(["add", "sub", "mul", "tanh", "sigmoid", "exp_small", "sq"]))
    left = draw(expressions(depth=depth - 1))
    if kind in ("tanh", "sigmoid"):
        return lambda leaves: getattr(left(leaves), kind)()
    if kind == "exp_small":
        return lambda leaves: (left(leaves) * 0.1).exp()
    if kind == "sq":
        return lambda leaves: left(leaves) ** 2
    right = draw(expressions(depth=depth - 1))
    return lambda leaves: BINARY[kind](left(leaves), right(leaves))


@given(build=expressions(), xs=st.tuples(finite, finite, finite))
def test_random_expression_trees_pass_gradcheck(build, xs):
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    root = build(leaves)
    assume(isinstance(root, Value) and root.op is not None)
    results = gradcheck(root, h=1e-6, tol=1e-4)
    assert all(r.ok for r in results), results


def test_every_op_has_formula_text_for_each_input():
    for op in OPS.values():
        assert op.formulas and all(isinstance(t, str) and "/d" in t for t in op.formulas), op.name


def test_gradcheck_reports_every_leaf_of_the_neuron():
    x = [Value(v, label=n) for v, n in [(2.0, "x1"), (0.0, "x2"), (-3.0, "w1"), (1.0, "w2")]]
    b = Value(6.8813735870195432, label="b")
    o = (x[0] * x[2] + x[1] * x[3] + b).tanh()
    results = gradcheck(Graph(o))
    assert [r.label for r in results if r.ok] == ["x1", "x2", "w1", "w2", "b"]  # creation order


# -- the numerical nudge (issue 14, item 9) --------------------------------------------


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda x: x != 0),
       st.floats(min_value=1e-12, max_value=1.0))
def test_the_nudge_is_relative_to_the_value_and_never_lands_on_zero(x, h):
    from explorer.engine.gradcheck import nudge

    step = nudge(x, h)
    assert step > 0 and x + step != 0 and x - step != 0
    if x + h * max(abs(x), 1.0) != 0 and x - h * max(abs(x), 1.0) != 0:
        assert step == h * max(abs(x), 1.0)  # relative: 1e-6 of 1000 is 1e-3


def test_gradcheck_of_a_large_leaf_and_of_the_lectures_h():
    # x = 1000: the nudge is 1e-3, not 1e-6 lost in the rounding of x**3. The
    # lecture's h = 0.000001 nudged by exactly 1e-6 would be 0 and divide by zero
    # in the slope cell's (f(x + h) - f(x))/h: its estimate is a number.
    x = Value(1000.0, label="x")
    assert [r.ok for r in gradcheck(x * x * x)] == [True]
    h = Value(0.000001, label="h")
    x = Value(2 / 3, label="x")
    f = (lambda v: 3 * v ** 2 - 4 * v + 5)
    by_label = {r.label: r for r in gradcheck((f(x + h) - f(x)) / h)}
    assert math.isfinite(by_label["h"].numerical) and by_label["x"].ok
