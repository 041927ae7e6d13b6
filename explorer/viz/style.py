"""Colours and fonts of the graph, shared by the window and the exported files.

One place decides what a learner sees, so a PNG for slides looks like the window:

* the **grad field** is tinted by the gradient's sign (blue positive, red
  negative) and size (stronger = larger ``|grad|`` compared with the largest in
  the graph); white before a backward pass and for a zero grad;
* a value's **kind** shows in its box: parameters (what a step moves) are
  yellow with a thick gold border, inputs and constants blue-grey, computed
  values white;
* a value that overflowed to ``inf`` or became ``nan`` gets a thick red border
  and red text;
* op nodes are small grey ellipses.

Colours are ``#rrggbb`` strings, usable by Graphviz and by ``QColor`` alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "FONT_FAMILY", "FONT_SIZE", "NodeStyle", "OP_STYLE", "EDGE_COLOR", "FLAG_COLOR",
    "value_kind", "value_style", "grad_scale", "grad_color", "LEGEND",
]

#: Graphviz font of every node; monospaced so fixed-width numbers keep boxes fixed.
FONT_FAMILY = "monospace"
FONT_SIZE = 10.0

EDGE_COLOR = "#555555"
FLAG_COLOR = "#d62728"  # inf / nan

# Strong ends of the grad scale; a grad is drawn as a tint between white and these.
_POSITIVE = (33, 102, 172)  # blue
_NEGATIVE = (178, 24, 43)  # red
_NAN_GRAD = "#bdbdbd"
# The tint never goes past this fraction of the strong colour, so black text stays readable.
_MIN_TINT, _MAX_TINT = 0.12, 0.60


@dataclass(frozen=True)
class NodeStyle:
    fill: str  # background of the label and data fields (and of an op node)
    border: str
    border_width: float  # points
    text: str
    dashed: bool = False


_KIND_STYLES = {
    "parameter": NodeStyle(fill="#fff3c4", border="#b8860b", border_width=2.0, text="#000000"),
    "input": NodeStyle(fill="#e6edf5", border="#5b6b82", border_width=1.0, text="#000000"),
    "computed": NodeStyle(fill="#ffffff", border="#333333", border_width=1.0, text="#000000"),
}
OP_STYLE = NodeStyle(fill="#eeeeee", border="#888888", border_width=1.0, text="#222222")


def value_kind(value, parameters: frozenset | set | None = None) -> str:
    """'parameter', 'input' (leaves that are not parameters, constants too) or 'computed'.

    ``parameters``: the graph's parameters when known (``Graph.parameters``), else
    the leaf's own ``param`` flag decides."""
    if value.op is not None:
        return "computed"
    if parameters is not None:
        return "parameter" if value in parameters else "input"
    return "parameter" if value.param else "input"


def value_style(value, parameters: frozenset | set | None = None) -> NodeStyle:
    """Box style of one value: its kind's colours, flagged red when data is inf or nan."""
    style = _KIND_STYLES[value_kind(value, parameters)]
    if not _finite(value.data):
        return NodeStyle(fill=style.fill, border=FLAG_COLOR, border_width=2.5, text=FLAG_COLOR, dashed=True)
    return style


def grad_scale(grads: Iterable[float]) -> float:
    """The largest finite ``|grad|``: the size every grad colour is compared with."""
    biggest = 0.0
    for g in grads:
        a = abs(g)
        if a > biggest and a != math.inf:
            biggest = a
    return biggest


def grad_color(grad: float, scale: float, has_grads: bool = True) -> str:
    """Fill of a grad field: blue for positive, red for negative, stronger when larger.

    ``scale`` is :func:`grad_scale` of the graph. Before a backward pass, and for a
    zero grad, the field is white; a nan grad is grey; an infinite one full colour."""
    if not has_grads or grad == 0:
        return "#ffffff"
    if grad != grad:
        return _NAN_GRAD
    strong = _POSITIVE if grad > 0 else _NEGATIVE
    if scale <= 0 or math.isinf(grad):
        share = 1.0
    else:
        share = min(1.0, abs(grad) / scale)
    # Square root: a grad a quarter of the largest is still clearly coloured.
    tint = _MIN_TINT + (_MAX_TINT - _MIN_TINT) * math.sqrt(share)
    r, g, b = (round(255 + (c - 255) * tint) for c in strong)
    return f"#{r:02x}{g:02x}{b:02x}"


def _finite(x: float) -> bool:
    try:
        return math.isfinite(x)
    except TypeError:
        return False


LEGEND = (
    "Grad field: blue = positive grad (raising this value raises the output), red = negative; "
    "the stronger the colour, the larger |grad| compared with the largest in the graph; "
    "white = not computed yet or zero. Yellow box with a gold border = parameter (a step moves it); "
    "blue-grey box = input or constant; white box = computed value; red border and text = inf or nan."
)
