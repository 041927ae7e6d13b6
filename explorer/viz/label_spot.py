"""Where a small label next to a point goes so that it covers no line: the tangent
plot's ``df/dx = 14`` beside its point.

Plain geometry on screen coordinates (pixels, y down), no matplotlib and no Qt:
the window gives the curve and the tangent as pixel polylines and the plot's area,
and gets back the label's top-left corner. Places are tried nearest first (above
right of the point, above left, below...), then further out; the first that stays
inside the area and touches no line wins, else the one touching the fewest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["label_spot", "lines_hit"]

# Directions tried, in order of preference: above right reads most naturally beside
# a point, then above left; straight above or below last (they sit on the tangent).
_DIRECTIONS = ((1, -1), (-1, -1), (1, 1), (-1, 1), (1, 0), (-1, 0), (0, -1), (0, 1))
# Distances from the point tried, as multiples of the gap.
_REACH = (1.0, 2.5, 4.5, 7.0)
# Lines are sampled at least this densely (pixels) before testing a rectangle.
_STEP = 2.0


def label_spot(point: tuple[float, float], size: tuple[float, float], lines: Sequence[np.ndarray],
               area: tuple[float, float, float, float], *, gap: float = 10.0,
               margin: float = 3.0) -> tuple[float, float]:
    """The top-left corner of a ``size`` (w, h) label near ``point`` (x, y), inside
    ``area`` (left, top, right, bottom), covering as little of ``lines`` as it can.

    ``lines``: polylines, arrays of (x, y) rows; NaN rows break a line. ``margin``:
    room kept clear around the label. The label never covers the point itself."""
    x, y = point
    w, h = size
    left, top, right, bottom = area
    reach = max(_REACH) * gap + w + h
    dots = _dense(lines, (x - reach, y - reach, x + reach, y + reach))
    best: tuple | None = None
    for k, d in enumerate(_REACH):
        for j, (dx, dy) in enumerate(_DIRECTIONS):
            cx = x + d * gap if dx > 0 else (x - d * gap - w if dx < 0 else x - w / 2)
            cy = y + d * gap if dy > 0 else (y - d * gap - h if dy < 0 else y - h / 2)
            cx = min(max(cx, left), right - w) if right - left >= w else left
            cy = min(max(cy, top), bottom - h) if bottom - top >= h else top
            rect = (cx - margin, cy - margin, cx + w + margin, cy + h + margin)
            covers_point = rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]
            hits = lines_hit(dots, rect)
            score = (covers_point, hits, k, j)
            if best is None or score < best[0]:
                best = (score, (cx, cy))
            if not covers_point and hits == 0:
                return (cx, cy)
    return best[1]


def lines_hit(dots: np.ndarray, rect: tuple[float, float, float, float]) -> int:
    """How many of ``dots`` (densely sampled lines, see :func:`label_spot`) lie in ``rect``."""
    if not len(dots):
        return 0
    x0, y0, x1, y1 = rect
    xs, ys = dots[:, 0], dots[:, 1]
    return int(np.count_nonzero((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)))


def _dense(lines: Sequence[np.ndarray], box: tuple[float, float, float, float]) -> np.ndarray:
    """The parts of every polyline near ``box`` as points at most _STEP apart (a long
    tangent is two points; a curve's samples can be far apart where it is steep)."""
    x0, y0, x1, y1 = box
    parts = []
    for line in lines:
        pts = np.asarray(line, dtype=float).reshape(-1, 2)
        if len(pts) < 2:
            continue
        a, b = pts[:-1], pts[1:]
        # Only segments whose bounding box meets the box (NaN ends compare False: dropped).
        near = ((np.minimum(a[:, 0], b[:, 0]) <= x1) & (np.maximum(a[:, 0], b[:, 0]) >= x0)
                & (np.minimum(a[:, 1], b[:, 1]) <= y1) & (np.maximum(a[:, 1], b[:, 1]) >= y0))
        a, b = a[near], b[near]
        if not len(a):
            continue
        length = np.hypot(*(b - a).T)
        # (A segment crossing far beyond the box, near a pole, is sampled more coarsely.)
        counts = np.minimum(np.ceil(length / _STEP), 4000).astype(int) + 1
        total = int(counts.sum())
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        t = (np.arange(total) - starts) / np.repeat(counts, counts)
        parts.append(np.repeat(a, counts, axis=0) + np.repeat(b - a, counts, axis=0) * t[:, None])
        parts.append(b[-1:])
    if not parts:
        return np.empty((0, 2))
    return np.concatenate(parts)
