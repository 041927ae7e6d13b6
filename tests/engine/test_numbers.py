"""One number formatter: as a person writes it (with a number of digits), and the
graph's fixed-width form, so boxes keep their size."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.engine.numbers import NUMBER_WIDTH, format_fixed, format_number


@pytest.mark.parametrize("x, text", [
    (6.0, "6"), (-3.0, "-3"), (0.7071067811865476, "0.707107"), (1e-8, "1e-08"), (1.5e20, "1.5e+20"),
    (-0.0, "0"), (math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan"), (-7.286496, "-7.2865"),
])
def test_numbers_read_as_written_in_arithmetic(x, text):
    assert format_number(x) == text


def test_digits_says_how_many_significant_digits_a_fraction_keeps():
    assert [format_number(2 / 3, d) for d in (3, 6, 10)] == ["0.667", "0.666667", "0.6666666667"]


@given(st.floats(-1e300, 1e300), st.integers(1, 17))
def test_a_number_reads_back_within_its_digits(x, digits):
    assert float(format_number(x, digits)) == pytest.approx(x, rel=10.0 ** (1 - digits))


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0))
def test_a_tiny_number_is_never_written_as_zero(x):
    assert float(format_number(x)) != 0


def test_lecture_numbers_read_like_the_lecture_in_the_graph():
    assert [format_fixed(x).strip() for x in (2.0, -3.0, 6.8813735870195432, -8.0)] == [
        "2.0000", "-3.0000", "6.8814", "-8.0000"]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_graph_number_takes_the_same_width(x):
    assert len(format_fixed(x)) == NUMBER_WIDTH


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0))
def test_tiny_and_huge_graph_numbers_are_not_shown_as_zero(x):
    assert float(format_fixed(x)) != 0 and math.copysign(1, float(format_fixed(x))) == math.copysign(1, x)


def test_negative_zero_and_overflow_in_the_graph():
    assert [format_fixed(x).strip() for x in (-0.0, math.inf, -math.inf, math.nan)] == [
        "0.0000", "inf", "-inf", "nan"]


@pytest.mark.parametrize("x, text", [(-123.4567, "-123.457"), (1234.5678, "1234.568"),
                                     (-99.99994, "-99.9999"), (123456.7, "123456.7"),
                                     (-12345678.0, "-1.2e+07")])
def test_a_large_graph_number_gives_up_decimals_before_it_turns_scientific(x, text):
    assert format_fixed(x).strip() == text


@given(st.floats(-1e6, 1e6).filter(lambda x: abs(x) >= 1e-4))
def test_a_graph_number_reads_back_within_half_its_last_decimal(x):
    text = format_fixed(x).strip()
    last = 10.0 ** -len(text.split(".")[1]) if "e" not in text else abs(x) * 0.1  # (2 digits at worst)
    assert abs(float(text) - x) <= last / 2 + 1e-12
