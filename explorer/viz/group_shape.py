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
a neuron's room across and along the ranks, and the edges that would have to cross a
band), so a choice costs one more Graphviz run at most, and a window resized to another
shape is answered without one. Where the edges crossing the bands would take more room
than the bands save (two open layers of MLP(3, [8, 8, 1]), each neuron feeding every
neuron of the next), the drawing stays in one band; so it does if Graphviz's banded
drawing turns out no better than the estimate said.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..engine import Value
from .dot import op_name, value_name
from .geometry import Layout
from .groups import GroupedView
from .layout import layout_source, read_layout, run_layout

__all__ = ["Column", "Shape", "WRAP_FROM", "MAX_BANDS", "parallel_groups", "lay_out_grouped"]

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
class Column:
    """One of :func:`parallel_groups` in the one-band layout: the edges into and out of
    each group, and, in points, a box's size across the ranks (``row``), the gap
    between two boxes, and the room a band takes along the ranks (``band``: an op
    node, a box, and the gaps after each)."""

    ins: list[int]
    outs: list[int]
    row: float
    gap: float
    band: float

    def bands_used(self, bands: int) -> int:
        return math.ceil(len(self.ins) / math.ceil(len(self.ins) / bands))

    def across(self, bands: int) -> float:
        """Its size across the ranks in ``bands`` bands: the fullest band's boxes, and
        a virtual node (about a gap, measured) for each edge Graphviz routes
        through it: into a later band from before, out of an earlier band to after."""
        m = len(self.ins)
        rows = math.ceil(m / bands)
        parts = [range(j, min(j + rows, m)) for j in range(0, m, rows)]
        fullest = 0.0
        for b, members in enumerate(parts):
            passing = sum(self.ins[i] for later in parts[b + 1:] for i in later)
            passing += sum(self.outs[i] for earlier in parts[:b] for i in earlier)
            size = len(members) * (self.row + self.gap) - self.gap + passing * self.gap
            fullest = max(fullest, size)
        return fullest


@dataclass
class Shape:
    """The grouped drawing's size in points, laid out in one band, and what a number
    of bands would make of it: estimated from its :class:`Column` s, or ``known`` once
    Graphviz has laid it out so (``{bands: (width, height)}``)."""

    along: float  # the size along the ranks (the width for rankdir LR)
    across: float
    columns: list[Column]
    rankdir: str
    known: dict[int, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def measure(cls, view: GroupedView, layout: Layout) -> Shape:
        lr = layout.rankdir == "LR"
        along, across = (layout.width, layout.height) if lr else (layout.height, layout.width)
        uses: dict[Value, int] = {}
        for v in view.stand_in.nodes:
            for child in v._prev:
                uses[child] = uses.get(child, 0) + 1
        columns = []
        for boxes in parallel_groups(view):
            start = end = gap = row = None
            tops = []
            for v in boxes:
                box, op = layout.values[v], layout.ops[v]
                # (along the ranks: where the op starts, the box ends, the gap between;
                # across: where it starts, and the larger of the two)
                if lr:
                    parts = (op.x, box.x + box.w, box.x - (op.x + op.w), max(box.h, op.h), box.y)
                else:
                    parts = (op.y, box.y + box.h, box.y - (op.y + op.h), max(box.w, op.w), box.x)
                start = parts[0] if start is None else min(start, parts[0])
                end = parts[1] if end is None else max(end, parts[1])
                gap = parts[2] if gap is None else max(gap, parts[2])
                row = parts[3] if row is None else max(row, parts[3])
                tops.append(parts[4])
            tops.sort()
            pitch = min(b - a for a, b in zip(tops, tops[1:]))
            columns.append(Column([len(v._prev) for v in boxes], [uses.get(v, 0) for v in boxes],
                                  row, max(pitch - row, 0.0), end - start + gap))
        shape = cls(along, across, columns, layout.rankdir)
        shape.known[1] = shape.size(1)
        return shape

    def size(self, bands: int) -> tuple[float, float]:
        """The drawing's width and height with ``bands`` bands (estimated unless known)."""
        if bands in self.known:
            return self.known[bands]
        along = self.along + sum((c.bands_used(bands) - 1) * c.band for c in self.columns)
        if self.columns:
            tallest = max(c.across(1) for c in self.columns)
            across = self.across - tallest + max(c.across(bands) for c in self.columns)
        else:
            across = self.across
        return (along, across) if self.rankdir == "LR" else (across, along)

    def score(self, bands: int, room: tuple[float, float], readable: float) -> float:
        """How well ``bands`` bands show the drawing in ``room`` (logical pixels) with
        text readable from zoom ``readable`` on: shown whole, above 1 and the larger
        the better; else the share of it in sight at the readable zoom."""
        width, height = room
        w, h = self.size(bands)
        w, h = w + _MARGIN, h + _MARGIN
        fit = min(width / w, height / h)
        if fit >= readable:
            return 1.0 + fit
        return min(1.0, width / (w * readable)) * min(1.0, height / (h * readable))

    def best_bands(self, room: tuple[float, float], readable: float) -> int:
        """How many bands show the drawing best in ``room`` (see :meth:`score`); fewer
        unless more gain :data:`_WORTH`."""
        most = max((len(c.ins) for c in self.columns), default=0)
        if most < WRAP_FROM or room[0] < 2 or room[1] < 2:
            return 1
        best, best_score = 1, self.score(1, room, readable)
        for bands in range(2, min(MAX_BANDS, most) + 1):
            s = self.score(bands, room, readable)
            if s > best_score * _WORTH:
                best, best_score = bands, s
        return best


def lay_out_grouped(view: GroupedView, rankdir: str, room: tuple[float, float] | None = None,
                    readable: float = 1.0) -> tuple[Layout, Shape, int]:
    """Lay out ``view`` for a canvas of ``room`` logical pixels (None: in one band)
    whose text is readable from zoom ``readable`` on: (the layout, the drawing's
    :class:`Shape`, the bands used). The bands chosen are laid out, and kept only if
    Graphviz's drawing is indeed the better one."""
    source = layout_source(view.stand_in, rankdir, view.titles, view.dot_clusters())
    one = read_layout(view.stand_in, run_layout(source), rankdir)
    shape = Shape.measure(view, one)
    bands = shape.best_bands(room, readable) if room is not None else 1
    if bands == 1:
        return one, shape, 1
    banded = lay_out_banded(view, rankdir, bands, source)
    shape.known[bands] = (banded.width, banded.height)
    if shape.score(bands, room, readable) > shape.score(1, room, readable) * _WORTH:
        return banded, shape, bands
    return one, shape, 1


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
