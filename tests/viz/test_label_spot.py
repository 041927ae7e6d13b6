"""Where the tangent plot's slope label goes: beside its point, on no line, inside the plot."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.viz.label_spot import LineMask, label_spot

AREA = (0.0, 0.0, 400.0, 250.0)
SIZE = (90.0, 20.0)


def crosses(rect: tuple[float, float, float, float], line: np.ndarray) -> bool:
    """Does the polyline pass through the rectangle? (checked on a fine resampling)"""
    fine = []
    for a, b in zip(line[:-1], line[1:]):
        t = np.linspace(0.0, 1.0, 400)[:, None]
        fine.append(a + (b - a) * t)
    pts = np.concatenate(fine)
    x0, y0, x1, y1 = rect
    return bool(((pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)).any())


def rect_at(corner: tuple[float, float]) -> tuple[float, float, float, float]:
    return (corner[0], corner[1], corner[0] + SIZE[0], corner[1] + SIZE[1])


def test_a_rising_line_through_the_point_is_left_clear():
    # y down on screen: a line rising to the right goes up-right from the point, where the
    # label would go first (what the learner saw: "dL/da = 6" sitting on the line).
    line = np.array([[0.0, 250.0], [400.0, 50.0]])
    point = (200.0, 150.0)
    corner = label_spot(point, SIZE, [line], AREA)
    assert not crosses(rect_at(corner), line)


def test_near_the_top_right_corner_the_label_stays_inside():
    corner = label_spot((395.0, 3.0), SIZE, [], AREA)
    left, top, right, bottom = rect_at(corner)
    assert AREA[0] <= left and right <= AREA[2] and AREA[1] <= top and bottom <= AREA[3]


@settings(max_examples=300)
@given(st.floats(10, 390), st.floats(10, 240), st.floats(-8, 8))
def test_the_label_is_inside_and_clear_of_the_tangent_and_the_point(x, y, slope):
    """The tangent goes through its point, at any slope, with the point anywhere in the
    plot (corners too): the label finds a place clear of it, inside the plot."""
    line = np.array([[0.0, y - slope * x], [400.0, y + slope * (400 - x)]])
    corner = label_spot((x, y), SIZE, [line], AREA)
    left, top, right, bottom = rect_at(corner)
    inside = AREA[0] <= left and right <= AREA[2] and AREA[1] <= top and bottom <= AREA[3]
    covers_point = left <= x <= right and top <= y <= bottom
    assert inside and not covers_point and not crosses((left, top, right, bottom), line)


def parabola(n: int = 400) -> np.ndarray:
    """A steep curve as a plot gives it: many points, in pixels (y down)."""
    xs = np.linspace(0.0, 400.0, n)
    return np.column_stack((xs, 240.0 - 0.01 * (xs - 200.0) ** 2))


@pytest.mark.parametrize("x", [60.0, 150.0, 200.0, 330.0])
def test_a_curve_drawn_once_as_still_lines_is_left_clear(x):
    # The window draws the curve into a LineMask once per view and reuses it for every
    # move of the point; the label must stay off it as if the curve were given each time.
    curve = parabola()
    point = (x, 240.0 - 0.01 * (x - 200.0) ** 2)
    still = LineMask([curve], AREA)
    for corner in (label_spot(point, SIZE, [], AREA, still=still), label_spot(point, SIZE, [curve], AREA)):
        assert not crosses(rect_at(corner), curve)


def test_a_line_mask_counts_what_a_rectangle_covers():
    mask = LineMask([np.array([[0.0, 100.0], [400.0, 100.0]])], AREA)  # a horizontal line at y = 100
    assert (mask.count((10.0, 90.0, 50.0, 110.0)) > 0, mask.count((10.0, 102.0, 50.0, 130.0))) == (True, 0)


def test_a_4k_plots_line_mask_takes_4_bytes_a_pixel_and_counts_right():
    width, height = 3840.0, 2160.0
    diagonal = np.array([[0.0, 0.0], [width, height]])
    mask = LineMask([diagonal], (0.0, 0.0, width, height))
    assert mask.nbytes <= 4 * (width + 2) * (height + 2)
    assert mask.count((0.0, 0.0, width, height)) == len(mask) >= width
