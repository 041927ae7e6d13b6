"""One set of colours says grad sign and size, kind of value, and trouble."""

from explorer.engine import Value
from explorer.viz import style


def rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_positive_grad_is_blue_and_negative_red():
    (r1, _, b1), (r2, _, b2) = rgb(style.grad_color(2.0, 4.0)), rgb(style.grad_color(-2.0, 4.0))
    assert b1 > r1 and r2 > b2


def test_larger_grad_is_a_stronger_colour():
    weak, strong = rgb(style.grad_color(0.5, 6.0)), rgb(style.grad_color(6.0, 6.0))
    assert sum(strong) < sum(weak)


def test_no_grads_yet_means_white():
    assert style.grad_color(3.0, 3.0, has_grads=False) == "#ffffff"


def test_parameter_looks_different_from_input():
    w = Value(1.0, param=True)
    x = Value(1.0)
    assert style.value_style(w) != style.value_style(x)


def test_overflowed_value_is_flagged():
    big = Value(1000.0).exp()
    assert style.value_style(big).border == style.FLAG_COLOR


def test_grad_scale_ignores_infinite_grads():
    assert style.grad_scale([1.0, -3.0, float("inf")]) == 3.0


def test_legend_explains_sign_and_size():
    assert "positive" in style.LEGEND and "negative" in style.LEGEND and "larger" in style.LEGEND
