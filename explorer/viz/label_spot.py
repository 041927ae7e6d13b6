"""Where a small label next to a point goes so that it covers no line: the tangent
plot's ``df/dx = 14`` beside its point.

Plain geometry on screen coordinates (pixels, y down), no matplotlib and no Qt:
the window gives the curve and the tangent as pixel polylines and the plot's area,
and gets back the label's top-left corner. Places are tried nearest first (above
right of the point, above left, below...), then further out; the first that stays
inside the area and touches no line wins, else the one touching the fewest.

This runs on every slider move, so it is cheap where it can be. The curve stays put
while the point moves along it (it changes only with the view): the window draws
it once into a :class:`LineMask` (a pixel grid with a summed-area table, so any
rectangle is tested with four look-ups) and passes that as ``still``. The short
lines that move with the point (tangent, secant) are tested exactly, segment by
segment, in plain Python: numpy's per-call overhead on a two-point line costs more
than the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["LineMask", "label_spot"]

# Directions tried, in order of preference: above right reads most naturally beside
# a point, then above left; straight above or below last (they sit on the tangent).
_DIRECTIONS = ((1, -1), (-1, -1), (1, 1), (-1, 1), (1, 0), (-1, 0), (0, -1), (0, 1))
# Distances from the point tried, as multiples of the gap.
_REACH = (1.0, 2.5, 4.5, 7.0)
# How much of a line a rectangle covers is counted as dots this far apart (pixels).
_STEP = 2.0
# A line given in ``lines`` with more points than this is drawn into a LineMask (a
# curve passed there rather than as ``still``): testing thousands of segments one by
# one in Python for every place tried would be slow.
_EXACT_POINTS = 64

Box = tuple[float, float, float, float]  # left, top, right, bottom


class LineMask:
    """Lines drawn into a grid of one-pixel cells over ``box``, kept as a summed-area
    table: how many of the cells a rectangle covers hold a line is then four
    look-ups, whatever the lines. Made once for lines that stay while a label moves
    (see :func:`label_spot`'s ``still``)."""

    def __init__(self, lines: Sequence[np.ndarray], box: Box):
        left, top, right, bottom = box
        self._left, self._top = math.floor(left), math.floor(top)
        self._width = max(math.ceil(right) - self._left, 0) + 1
        self._height = max(math.ceil(bottom) - self._top, 0) + 1
        # Dots a pixel apart: every cell a line passes through gets one.
        dots = _dense(lines, box, step=1.0)
        cells = np.zeros((self._height + 1, self._width + 1), dtype=np.int32)  # row and column 0: zeros
        if len(dots):
            cols = np.clip(np.floor(dots[:, 0]).astype(int) - self._left, 0, self._width - 1)
            rows = np.clip(np.floor(dots[:, 1]).astype(int) - self._top, 0, self._height - 1)
            cells[rows + 1, cols + 1] = 1
        # int32 sums (numpy would widen to int64): half the memory, and no sum can
        # overflow, as none exceeds the cell count (8.3 million for a 4K plot).
        table = np.int32 if cells.size < 2**31 else np.int64
        self._sums = cells.cumsum(axis=0, dtype=table).cumsum(axis=1, dtype=table)
        self._cells = int(self._sums[-1, -1])

    def __len__(self) -> int:
        """How many cells hold a line."""
        return self._cells

    @property
    def nbytes(self) -> int:
        """Memory the summed-area table takes."""
        return self._sums.nbytes

    def count(self, rect: Box) -> int:
        """How many cells holding a line ``rect`` touches (edges included)."""
        x0, y0, x1, y1 = rect
        width, height = self._width, self._height
        c0, c1 = math.floor(x0) - self._left, math.floor(x1) - self._left + 1
        r0, r1 = math.floor(y0) - self._top, math.floor(y1) - self._top + 1
        c0, r0 = (c0 if c0 > 0 else 0), (r0 if r0 > 0 else 0)
        c1, r1 = (c1 if c1 < width else width), (r1 if r1 < height else height)
        if c0 >= c1 or r0 >= r1:
            return 0
        s = self._sums
        return s.item(r1, c1) - s.item(r0, c1) - s.item(r1, c0) + s.item(r0, c0)


def label_spot(point: tuple[float, float], size: tuple[float, float], lines: Sequence[np.ndarray],
               area: Box, *, gap: float = 10.0, margin: float = 3.0,
               still: LineMask | None = None) -> tuple[float, float]:
    """The top-left corner of a ``size`` (w, h) label near ``point`` (x, y), inside
    ``area`` (left, top, right, bottom), covering as little of ``lines`` as it can.

    ``lines``: polylines, arrays or lists of (x, y) rows; NaN rows break a line. ``still``:
    more lines, drawn beforehand (see :class:`LineMask`). ``margin``: room kept clear
    around the label. The label never covers the point itself."""
    # Plain floats: numpy's scalars (a matplotlib bbox gives those) compare slowly.
    x, y = float(point[0]), float(point[1])
    w, h = float(size[0]), float(size[1])
    left, top, right, bottom = (float(v) for v in area)
    reach = max(_REACH) * gap + w + h + margin
    near = (x - reach, y - reach, x + reach, y + reach)
    segments, long_lines = _segments(lines, near)
    masks = [m for m in (still, LineMask(long_lines, near) if long_lines else None)
             if m is not None and len(m)]
    # (Plain comparisons, not min/max or sum over generators: this loop runs on every
    # slider move, and those calls cost more than the arithmetic.)
    fits_x, fits_y = right - left >= w, bottom - top >= h
    best: tuple | None = None
    for k, d in enumerate(_REACH):
        for j, (dx, dy) in enumerate(_DIRECTIONS):
            cx = x + d * gap if dx > 0 else (x - d * gap - w if dx < 0 else x - w / 2)
            cy = y + d * gap if dy > 0 else (y - d * gap - h if dy < 0 else y - h / 2)
            if not fits_x or cx < left:
                cx = left
            elif cx > right - w:
                cx = right - w
            if not fits_y or cy < top:
                cy = top
            elif cy > bottom - h:
                cy = bottom - h
            rect = (cx - margin, cy - margin, cx + w + margin, cy + h + margin)
            covers_point = rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]
            if covers_point and best is not None and not best[0][0]:
                continue  # cannot beat a place already found that leaves the point free
            hits = 0.0
            for segment in segments:
                hits += _covered(segment, rect)
            for mask in masks:
                hits += mask.count(rect)
            score = (covers_point, hits, k, j)
            if best is None or score < best[0]:
                best = (score, (cx, cy))
            if not covers_point and hits == 0:
                return (cx, cy)
    return best[1]


def _segments(lines: Sequence[np.ndarray], box: Box) -> tuple[list[tuple[float, float, float, float]],
                                                               list[np.ndarray]]:
    """The finite segments of the short ``lines`` whose bounding box meets ``box``, as
    (ax, ay, bx, by) floats; and the long lines, left to be sampled into dots."""
    x0, y0, x1, y1 = box
    segments, long_lines = [], []
    for line in lines:
        if len(line) > _EXACT_POINTS:
            long_lines.append(np.asarray(line, dtype=float).reshape(-1, 2))
            continue
        rows = line.tolist() if isinstance(line, np.ndarray) else line
        for (ax, ay), (bx, by) in zip(rows, rows[1:]):
            # (NaN ends, line breaks: dropped by isfinite.)
            if not ((ax < x0 and bx < x0) or (ax > x1 and bx > x1) or (ay < y0 and by < y0)
                    or (ay > y1 and by > y1)) and math.isfinite(ax + ay + bx + by):
                segments.append((ax, ay, bx, by))
    return segments, long_lines


def _covered(segment: tuple[float, float, float, float], rect: Box) -> float:
    """How much of ``segment`` lies in ``rect``, counted as the dots a sampling every
    ``_STEP`` would put there (0 when it misses; at least 1 when it touches)."""
    ax, ay, bx, by = segment
    x0, y0, x1, y1 = rect
    if (ax < x0 and bx < x0) or (ax > x1 and bx > x1) or (ay < y0 and by < y0) or (ay > y1 and by > y1):
        return 0.0  # wholly to one side (most segments, for most places tried)
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    # Liang-Barsky: clip a + t (b - a), 0 <= t <= 1, to each side of the rectangle.
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0.0:
            if q < 0.0:
                return 0.0  # parallel to this side and outside it
            continue
        r = q / p
        if p < 0.0:
            if r > t0:
                t0 = r
        elif r < t1:
            t1 = r
        if t0 > t1:
            return 0.0
    return 1.0 + (t1 - t0) * math.hypot(dx, dy) / _STEP


def _dense(lines: Sequence[np.ndarray], box: Box, step: float = _STEP) -> np.ndarray:
    """The parts of every polyline inside ``box`` as dots at most ``step`` apart (a
    curve's samples can be far apart where it is steep). Each segment is cut to the
    box first, so one that crosses far beyond it (near a pole) is sampled as finely
    as any other where it matters."""
    x0, y0, x1, y1 = box
    parts = []
    for line in lines:
        pts = np.asarray(line, dtype=float).reshape(-1, 2)
        if len(pts) < 2:
            continue
        a, d = pts[:-1], pts[1:] - pts[:-1]
        # Liang-Barsky, every segment at once: the part t0..t1 of a + t d inside the box.
        t0, t1 = np.zeros(len(a)), np.ones(len(a))
        with np.errstate(divide="ignore", invalid="ignore"):
            for axis, lo, hi in ((0, x0, x1), (1, y0, y1)):
                p, q = a[:, axis], d[:, axis]
                enter, leave = (lo - p) / q, (hi - p) / q
                flat = q == 0  # parallel to this side: inside its slab or not at all
                inside = (p >= lo) & (p <= hi)
                t0 = np.where(flat, np.where(inside, t0, np.inf), np.maximum(t0, np.minimum(enter, leave)))
                t1 = np.where(flat, t1, np.minimum(t1, np.maximum(enter, leave)))
        keep = t0 <= t1  # NaN ends (line breaks) compare False: dropped
        if not keep.any():
            continue
        a, d, t0, t1 = a[keep], d[keep], t0[keep], t1[keep]
        start, span = a + d * t0[:, None], d * (t1 - t0)[:, None]
        length = np.hypot(span[:, 0], span[:, 1])
        # (The cap only matters for a box too big to be a plot's.)
        counts = np.minimum(np.ceil(np.nan_to_num(length, posinf=0.0) / step), 4000).astype(int) + 1
        total = int(counts.sum())
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        t = (np.arange(total) - starts) / np.repeat(counts, counts)
        parts.append(np.repeat(start, counts, axis=0) + np.repeat(span, counts, axis=0) * t[:, None])
        parts.append(start[-1:] + span[-1:])
    if not parts:
        return np.empty((0, 2))
    return np.concatenate(parts)
