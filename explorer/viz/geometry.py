"""The shapes of a graph's layout: boxes, edges and the whole picture.

Plain data, in points (1/72 inch) with the origin top-left and y pointing down, as
Qt draws. :mod:`explorer.viz.layout` fills them from Graphviz; :mod:`explorer.viz.dot`
pins an existing layout's positions when it writes DOT; the window draws them.
Kept apart from both so each can name them without importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..engine import Value

__all__ = ["NodeKey", "Box", "Edge", "Layout"]

#: ('value', v) is a value's record, ('op', v) the op node that computes v.
NodeKey = tuple[str, Value]


@dataclass(slots=True)
class Box:
    """A rectangle: top-left corner (x, y), width and height, in points, y down."""

    x: float
    y: float
    w: float
    h: float
    _fields: list[Box] | None = field(default=None, repr=False, compare=False)
    #: A record's fields as Graphviz wrote them (its ``rects``) and where our origin is in
    #: Graphviz's coordinates (left, top): read on first use. A thousand-node graph shown
    #: at a readable size makes a few dozen records before its first paint, not 1,000.
    _rects: tuple[str, float, float] | None = field(default=None, repr=False, compare=False)

    @property
    def fields(self) -> list[Box]:
        """A value's record fields, in order: label, data, grad (empty for op nodes)."""
        if self._fields is None:
            self._fields = _record_fields(self, *self._rects) if self._rects is not None else []
            self._rects = None
        return self._fields

    @fields.setter
    def fields(self, fields: list[Box]) -> None:
        self._fields, self._rects = fields, None

    def fields_from(self, rects: str, llx: float, ury: float) -> None:
        """A record's fields are Graphviz's ``rects`` ("x1,y1,x2,y2 ...", y up), whose
        origin is ``llx``, ``ury`` away from ours: read when first asked for."""
        self._fields, self._rects = None, (rects, llx, ury)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Box):
            return NotImplemented
        return ((self.x, self.y, self.w, self.h, self.fields)
                == (other.x, other.y, other.w, other.h, other.fields))

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


def _record_fields(box: Box, rects: str, llx: float, ury: float) -> list[Box]:
    """The field boxes of ``box``, a record, from Graphviz's ``rects`` ("x1,y1,x2,y2 ...",
    y up, origin ``llx``, ``ury`` away from ours)."""
    r = [float(t) for t in rects.replace(",", " ").split()]
    fields = [Box(r[j] - llx, ury - r[j + 3], r[j + 2] - r[j], r[j + 3] - r[j + 1])
              for j in range(0, len(r), 4)]
    # Graphviz writes 5 significant digits: 100,000 points into a long chain a field may
    # stand 5 points off its box's edge (drawn as a second border). A record's fields span
    # the whole box across the way they are stacked: they get its edges.
    if fields and abs(fields[0].w - box.w) <= abs(fields[0].h - box.h):
        for f in fields:  # stacked (a card)
            f.x, f.w = box.x, box.w
    else:
        for f in fields:  # side by side
            f.y, f.h = box.y, box.h
    return fields


@dataclass(slots=True)
class Edge:
    src: NodeKey
    dst: NodeKey
    #: Cubic Bézier control points: p0, then three more per segment (y down).
    points: list[tuple[float, float]]
    #: Tip of the arrow head at ``dst`` (the curve stops short of it), or None.
    arrow: Union[tuple[float, float], None]  # noqa: UP007 (slots dataclass evaluates it on 3.10)
    #: (left, top, right, bottom) of the control points and the tip, when the reader
    #: worked them out for every edge at once; None: work them out from the points.
    bounds: Union[tuple[float, float, float, float], None] = field(default=None, compare=False)  # noqa: UP007


@dataclass
class Layout:
    values: dict[Value, Box]
    ops: dict[Value, Box]  # op node of each non-leaf value
    #: In DOT order: for each computed value, op -> value, then input -> op per input.
    edges: list[Edge]
    width: float
    height: float
    rankdir: str = "LR"
    #: The frames of the clusters given to :func:`~explorer.viz.dot.to_dot`, in order.
    clusters: list[Box] = field(default_factory=list)
