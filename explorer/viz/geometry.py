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
    #: A value's record fields, in order: label, data, grad (empty for op nodes).
    fields: list[Box] = field(default_factory=list)

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


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
