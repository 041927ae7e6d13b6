"""Numbers keep their width, so boxes keep their size; labels show as one line of text."""

import math

from hypothesis import given
from hypothesis import strategies as st

from explorer.viz.format import MAX_LABEL, NUMBER_WIDTH, display_label, fmt_grad, fmt_number


def test_lecture_numbers_read_like_the_lecture():
    assert [fmt_number(x).strip() for x in (2.0, -3.0, 6.8813735870195432, -8.0)] == [
        "2.0000", "-3.0000", "6.8814", "-8.0000"]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_number_takes_the_same_width(x):
    assert len(fmt_number(x)) == NUMBER_WIDTH


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0))
def test_tiny_and_huge_numbers_are_not_shown_as_zero(x):
    assert float(fmt_number(x)) != 0 and math.copysign(1, float(fmt_number(x))) == math.copysign(1, x)


def test_negative_zero_shows_as_zero():
    assert fmt_number(-0.0).strip() == "0.0000"


def test_overflow_shows_inf_and_nan():
    assert [fmt_number(x).strip() for x in (math.inf, -math.inf, math.nan)] == ["inf", "-inf", "nan"]


def test_grad_before_backward_is_a_dash_of_the_same_width():
    assert fmt_grad(6.0, False).strip() == "—" and len(fmt_grad(6.0, False)) == len(fmt_grad(6.0, True))


def test_newline_in_a_label_is_shown_not_obeyed():
    assert display_label("a\nb") == "a\\nb"


def test_invisible_characters_are_made_visible():
    assert display_label("x\u200by\x00") == "x\\u200by\\x00"


@given(st.text())
def test_shown_label_is_one_line_of_bounded_length(label):
    shown = display_label(label)
    assert "\n" not in shown and "\r" not in shown and len(shown) <= MAX_LABEL
