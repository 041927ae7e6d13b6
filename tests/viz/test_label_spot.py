"""Where the tangent plot's slope label goes: beside its point, on no line, inside the plot."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.viz.label_spot import label_spot

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
