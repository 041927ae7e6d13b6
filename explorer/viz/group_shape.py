"""A grouped drawing shaped to its canvas: a layer's neurons in several ranks.

A grouped MLP(3, [16, 16, 1]) opens with one layer's sixteen neuron boxes in one rank:
Graphviz stacks them, left to right, in a column about 1,270 points tall and 900
wide, and on a 1920x1080 window the fit left two thirds of the canvas's width empty
(the drawing was 1.4 times too tall to be shown whole at a readable size). Here the
closed groups of an open group that do not read one another (a layer's neurons) are
laid out in several ranks of a few each ("bands"), joined by invisible edges, as many
as make the drawing's shape closest to the canvas's: with two bands it is about 1,100
by 820 points and shown whole.

How many bands is estimated from the drawing in one band (:class:`Shape`: its size,
one neuron's room across and along the ranks), so a choice costs one more Graphviz
run at most, and a window resized to another shape is answered without one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Value
from .dot import op_name, value_name
from .geometry import Layout
from .groups import GroupedView
from .layout import layout_source, read_layout, run_layout

__all__ = ["Shape", "WRAP_FROM", "MAX_BANDS", "parallel_groups", "lay_out_grouped"]

#: From this many closed groups side by side in one rank, they may be wrapped.
WRAP_FROM = 6
#: At most this many bands (more make long edges run across many of them).
MAX_BANDS = 4
# A band more is taken only if it makes the shown drawing this much larger: two bands
# read more easily than three.
_WORTH = 1.08
_MCLIMIT = 0.01  # see lay_out_banded
_MARGIN = 12.0  # points around the drawing when it is fitted (graph_zoom._FIT_MARGIN, both sides)


def parallel_groups(view: GroupedView) -> list[list[Value]]:
    """Per open group (cluster), its closed groups none of which reads another (a
    layer's neurons), in their order, where there are at least :data:`WRAP_FROM`."""
    out = []
    for cluster in view.clusters:
        boxes = [v for v in cluster.nodes if v in view.group_of]
        inside = set(boxes)
        if len(boxes) >= WRAP_FROM and not any(c in inside for v in boxes for c in v._prev):
            out.append(boxes)
    return out


def wrap_edges(view: GroupedView, bands: int) -> list[str]:
    """DOT lines putting each of :func:`parallel_groups` in ``bands`` ranks: an
    invisible edge from the k-th box of a band to the k-th group of the next (into its
    op node, so that no edge of the drawing has the same ends)."""
    if bands <= 1:
        return []
    index = {v: i for i, v in enumerate(view.stand_in.nodes)}
    lines = []
    for boxes in parallel_groups(view):
        rows = math.ceil(len(boxes) / bands)
        for j in range(rows, len(boxes)):
            before, after = index[boxes[j - rows]], index[boxes[j]]
            lines.append(f"{value_name(before)} -> {op_name(after)} [style=invis];")
    return lines


@dataclass
class Shape:
    """The drawing laid out in one band, measured in points: its size along the ranks
    (``along``: the width for rankdir LR) and across them; the most groups in one rank
    (``rows``), the size of each across the ranks (``row``) and the room a band takes
    along them (``band``: an op node, a box, and the gaps after each).

    A group moved to another band frees its box's size across, not its box and the gap
    after it: the edges that cross a band to reach the next (from the layer before, to
    the layer after) each hold a gap's room in it (Graphviz routes them through it)."""

    along: float
    across: float
    rows: int
    row: float
    band: float
    rankdir: str

    @classmethod
    def measure(cls, view: GroupedView, layout: Layout) -> Shape:
        lr = layout.rankdir == "LR"
        along, across = (layout.width, layout.height) if lr else (layout.height, layout.width)
        sets = parallel_groups(view)
        if not sets:
            return cls(along, across, 0, 0.0, 0.0, layout.rankdir)
        boxes = max(sets, key=len)
        start = end = gap = row = None
        for v in boxes:
            box, op = layout.values[v], layout.ops[v]
            # (along the ranks: where the op starts, the box ends, the gap between; across: the larger)
            if lr:
                parts = (op.x, box.x + box.w, box.x - (op.x + op.w), max(box.h, op.h))
            else:
                parts = (op.y, box.y + box.h, box.y - (op.y + op.h), max(box.w, op.w))
            start = parts[0] if start is None else min(start, parts[0])
            end = parts[1] if end is None else max(end, parts[1])
            gap = parts[2] if gap is None else max(gap, parts[2])
            row = parts[3] if row is None else max(row, parts[3])
        return cls(along, across, len(boxes), row, end - start + gap, layout.rankdir)

    def size(self, bands: int) -> tuple[float, float]:
        """The drawing's estimated width and height with ``bands`` bands."""
        rows = math.ceil(self.rows / bands) if self.rows else 0
        along = self.along + (bands - 1) * self.band
        across = self.across - (self.rows - rows) * self.row
        return (along, across) if self.rankdir == "LR" else (across, along)

    def best_bands(self, room: tuple[float, float], readable: float) -> int:
        """How many bands show the drawing best in ``room`` (logical pixels) with text
        readable from zoom ``readable`` on: shown whole, the largest; else the most of
        it at the readable zoom. Fewer bands unless more gain :data:`_WORTH`."""
        if self.rows < WRAP_FROM:
            return 1
        width, height = room
        if width < 2 or height < 2:
            return 1

        def score(bands: int) -> float:
            w, h = self.size(bands)
            w, h = w + _MARGIN, h + _MARGIN
            fit = min(width / w, height / h)
            if fit >= readable:
                return 1.0 + fit  # whole: the larger, the better (always above a part)
            return min(1.0, width / (w * readable)) * min(1.0, height / (h * readable))

        best, best_score = 1, score(1)
        for bands in range(2, min(MAX_BANDS, self.rows) + 1):
            s = score(bands)
            if s > best_score * _WORTH:
                best, best_score = bands, s
        return best


def lay_out_grouped(view: GroupedView, rankdir: str, room: tuple[float, float] | None = None,
                    readable: float = 1.0) -> tuple[Layout, Shape, int]:
    """Lay out ``view`` for a canvas of ``room`` logical pixels (None: in one band)
    whose text is readable from zoom ``readable`` on: (the layout, the drawing's
    :class:`Shape` in one band, the bands used)."""
    source = layout_source(view.stand_in, rankdir, view.titles, view.dot_clusters())
    result = read_layout(view.stand_in, run_layout(source), rankdir)
    shape = Shape.measure(view, result)
    bands = shape.best_bands(room, readable) if room is not None else 1
    if bands > 1:
        result = lay_out_banded(view, rankdir, bands, source)
    return result, shape, bands


def lay_out_banded(view: GroupedView, rankdir: str, bands: int, source: str | None = None) -> Layout:
    """``view`` laid out with its parallel groups in ``bands`` bands."""
    if source is None:
        source = layout_source(view.stand_in, rankdir, view.titles, view.dot_clusters())
    end = source.rstrip().rfind("}")
    # Graphviz's crossing minimisation, left to itself, shuffled the neurons of a band
    # (L2.n3, n2, n1, n5, n4, n6) for no fewer crossings: the fan from the layer before
    # gives it nothing to order them by. Barely run, it keeps the text's order (as one
    # band has it: L2.n6 ... L2.n1, then L2.n12 ... L2.n7).
    lines = [*wrap_edges(view, bands), f"graph [mclimit={_MCLIMIT}];"]
    wrapped = source[:end] + "\n".join(lines) + "\n}"
    return read_layout(view.stand_in, run_layout(wrapped), rankdir)
