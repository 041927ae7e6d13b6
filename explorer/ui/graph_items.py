"""The graph's pieces as Qt items that paint themselves: value records, op nodes, and
one layer that paints every edge.

Every item gets its place from Graphviz (:mod:`explorer.viz.layout`, points, y
down) and its colours from :mod:`explorer.viz.style`, the module the exported
files use too, so the window and a PNG for slides agree. Items paint text with
QPainter at item coordinates and keep no cached pixmaps, so text stays sharp at
any zoom and on HiDPI screens.

Values change far more often than the structure (every forward, backward, step
and slider move), so a :class:`ValueItem` keeps its box and only swaps the three
strings and the grad colour it paints; numbers come from
:func:`explorer.engine.numbers.format_fixed`, which always has the same width.

What is highlighted (hover, selection, a backprop step) is state on the items;
the :class:`Look` shared by all items of a view holds what applies to all of
them at once (greyed when the text has an error, dimmed during a step).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..engine.numbers import format_fixed
from ..viz import style
from ..viz.format import display_label, fmt_grad

__all__ = [
    "Look", "ValueItem", "OpItem", "EdgeItem", "EdgeLayer", "SummaryItem",
    "SELECT_COLOR", "HOVER_COLOR", "STEP_COLOR",
]

# Accents of the window only (exports have no hover or selection): chosen apart from
# the grad colours (blue, red) and the parameters' gold border.
SELECT_COLOR = "#7c3aed"  # violet outline around the selected node
HOVER_COLOR = "#0891b2"  # teal: the hovered node's inputs, outputs and their edges
STEP_COLOR = "#f97316"  # orange: the node being processed and where its gradient goes

#: Stacking: frames of open groups, then the edges, then the boxes (at Qt's default 0).
Z_FRAMES, Z_EDGES = -2.0, -1.0
# Below this many screen pixels per text line, text is not drawn (it would be noise).
_MIN_TEXT_PX = 3.5
# Below this many screen pixels of height a box is drawn as a plain coloured block.
_TINY_PX = 6.0
# Room around a box for outlines, in points.
_MARGIN = 5.0
_DIM_OPACITY = 0.5  # others, during a step-through
_GREY_TEXT = "#6e6e6e"
_NO_EXTENT = (math.nan,) * 4  # (an edge with no points: never painted)


def _rect(box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)


class Look:
    """Fonts, colour cache and view-wide state shared by every item of one view."""

    def __init__(self, *, dark: bool = False):
        self.font = _mono_font(style.FONT_SIZE)
        self.op_font = _mono_font(10.0)
        self.metrics = QFontMetricsF(self.font)
        self.stale = False  # the text has an error: everything greyed
        self.stepping = False  # a step is highlighted: everything else dimmed
        self.dark = dark
        self._colors: dict[tuple[str, bool], QColor] = {}
        self._grey_text = QColor(_GREY_TEXT)
        self._pens: dict[tuple, QPen] = {}

    def color(self, name: str) -> QColor:
        """The QColor for ``#rrggbb``, grey and faded while the graph is stale."""
        key = (name, self.stale)
        c = self._colors.get(key)
        if c is None:
            c = QColor(name)
            if self.stale:
                grey = round(0.3 * c.red() + 0.59 * c.green() + 0.11 * c.blue())
                # Lighter than the colour was, so the grey text stays readable on it.
                grey = round(grey + (245 - grey) * 0.7) if grey < 245 else grey
                c = QColor(grey, grey, grey)
            self._colors[key] = c
        return c

    def text_color(self, name: str) -> QColor:
        if self.stale:
            return self._grey_text  # not faded further: greyed text must stay readable
        return self.color(name)

    def edge_color(self) -> QColor:
        # Graphviz's dark grey disappears on a dark canvas; lighten it there.
        return self.color("#a0a4ab" if self.dark else style.EDGE_COLOR)

    def pen(self, name: str, width: float, *, dashed: bool = False, cosmetic: bool = False) -> QPen:
        """A cached pen: painting makes thousands of them a frame otherwise."""
        key = (name, width, dashed, cosmetic, self.stale)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(self.color(name), width)
            pen.setCosmetic(cosmetic)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            self._pens[key] = pen
        return pen

    def forget_colors(self) -> None:
        """After a palette change: colours and pens are made again."""
        self._colors.clear()
        self._pens.clear()


def _mono_font(size: float) -> QFont:
    # The layout sized every field for a monospaced font (viz.style.FONT_FAMILY);
    # scene units are points, so the font's pixel size is its size in points.
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "Liberation Mono", "monospace"])
    font.setFixedPitch(True)
    font.setPixelSize(max(1, round(size)))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _lod(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class NodeItem(QGraphicsItem):
    """What value and op items share: a box, a Value, highlight flags."""

    index: int | None = None  # graph.nodes[index] is the value shown; None for the summary box

    def __init__(self, look: Look, value, rect: QRectF):
        super().__init__()
        self.look = look
        self.value = value
        self.rect = rect
        self.selected = False
        self.hover = False  # an input or output of the hovered node (or that node)
        self.step = False  # the node a backprop step is processing (ringed)
        self.lit = False  # receives that step's gradient: kept bright, no ring
        self._bounds = rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)

    def place(self, box) -> None:
        """Put the item where the layout's ``box`` says (an item made before its
        layout arrived, see graph_big; not yet in a scene)."""
        self.rect = _rect(box)
        self._bounds = self.rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def set_flags(self, *, selected: bool | None = None, hover: bool | None = None,
                  step: bool | None = None) -> None:
        changed = False
        if selected is not None and selected != self.selected:
            self.selected, changed = selected, True
        if hover is not None and hover != self.hover:
            self.hover, changed = hover, True
        if step is not None and step != self.step:
            self.step, changed = step, True
        if changed:
            self.update()

    def _outline(self, painter: QPainter, shape: str) -> None:
        """The accent ring around the box: step, then selection, then hover."""
        if self.step:
            color, width = STEP_COLOR, 3.0
        elif self.selected:
            color, width = SELECT_COLOR, 3.0
        elif self.hover:
            color, width = HOVER_COLOR, 2.0
        else:
            return
        if self.step and self.selected:
            # Both: the selection ring just outside the step's.
            self._ring(painter, shape, SELECT_COLOR, 2.0, 4.0)
        self._ring(painter, shape, color, width, 1.5 + width / 2 - 1)

    def _ring(self, painter: QPainter, shape: str, color: str, width: float, gap: float) -> None:
        painter.setPen(self.look.pen(color, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        r = self.rect.adjusted(-gap, -gap, gap, gap)
        if shape == "ellipse":
            painter.drawEllipse(r)
        else:
            painter.drawRoundedRect(r, 3.0, 3.0)

    def _dimmed(self) -> bool:
        return self.look.stepping and not (self.step or self.lit)


class ValueItem(NodeItem):
    """A value's record ``label | data 2.0000 | grad 6.0000``, as ``draw_dot`` draws it."""

    many = 0  # a closed group with several outputs shows how many (see graph_grouped)

    def __init__(self, look: Look, index: int, value, box, kind_style: style.NodeStyle,
                 title: str | None = None):
        super().__init__(look, value, _rect(box))
        self.index = index
        self.fields = [_rect(f) for f in box.fields] or _split3(self.rect)
        self.label_text = display_label(value.label if title is None else title)
        self.data_text = ""
        self.grad_text = ""
        self.grad_fill = "#ffffff"
        self.seen_data: float | None = None  # the numbers the texts were made from
        self.seen_grad: float | None = None
        self.seen_known = False  # whether the grad text shows a number (not the dash)
        self.kind = kind_style
        self.finite = True
        self._label_font: QFont | None = None  # measured on first paint

    def place(self, box) -> None:
        super().place(box)
        self.fields = [_rect(f) for f in box.fields] or _split3(self.rect)
        self._label_font = None

    @property
    def label_font(self) -> QFont:
        """The look's font, or a smaller one when the title is wider than its field (a
        wide fallback glyph, a long name), rather than spilling over its neighbours."""
        if self._label_font is None:
            look = self.look
            font = look.font
            width = look.metrics.horizontalAdvance(self.label_text)
            room = self.fields[0].width() - 4
            if width > room > 0:
                font = QFont(look.font)
                font.setPixelSize(max(1, math.floor(look.font.pixelSize() * room / width)))
            self._label_font = font
        return self._label_font

    def set_numbers(self, data_text: str, grad_text: str, grad_fill: str) -> bool:
        """New numbers (already formatted); repaints only when something changed."""
        if data_text == self.data_text and grad_text == self.grad_text and grad_fill == self.grad_fill:
            return False
        self.data_text = data_text
        self.grad_text = grad_text
        self.grad_fill = grad_fill
        self.update()
        return True

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        look = self.look
        if self._dimmed():
            painter.setOpacity(_DIM_OPACITY)
        kind = self.kind
        rect = self.rect
        grad_f = self.fields[-1]
        lod = _lod(painter)
        if lod * rect.height() < _TINY_PX:
            # A few pixels on screen (a big graph zoomed out): its colours and a hairline.
            painter.setPen(look.pen(kind.border, 1.0, cosmetic=True))
            painter.setBrush(look.color(kind.fill))
            painter.drawRect(rect)
            painter.fillRect(grad_f, look.color(self.grad_fill))
            self._outline(painter, "rect")
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillRect(rect, look.color(kind.fill))
        painter.fillRect(grad_f, look.color(self.grad_fill))
        # Separators between the fields, then the border over everything.
        painter.setPen(look.pen(kind.border, 1.0))
        for f in self.fields[1:]:
            if f.left() > rect.left() + 0.5:
                painter.drawLine(QPointF(f.left(), rect.top()), QPointF(f.left(), rect.bottom()))
            else:
                painter.drawLine(QPointF(rect.left(), f.top()), QPointF(rect.right(), f.top()))
        painter.setPen(look.pen(kind.border, kind.border_width, dashed=kind.dashed))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if lod * look.font.pixelSize() >= _MIN_TEXT_PX:
            painter.setPen(look.text_color(kind.text))
            painter.setFont(self.label_font)
            painter.drawText(self.fields[0], Qt.AlignmentFlag.AlignCenter, self.label_text)
            painter.setFont(look.font)
            painter.drawText(self.fields[1], Qt.AlignmentFlag.AlignCenter, self.data_text)
            painter.drawText(grad_f, Qt.AlignmentFlag.AlignCenter, self.grad_text)
        self._outline(painter, "rect")


def _split3(rect: QRectF) -> list[QRectF]:
    # A record without field rectangles (should not happen): three equal parts.
    w = rect.width() / 3
    return [QRectF(rect.left() + i * w, rect.top(), w, rect.height()) for i in range(3)]


class OpItem(NodeItem):
    """The small ellipse of an operation (``+``, ``*``, ``tanh``) feeding its value."""

    def __init__(self, look: Look, index: int, value, box):
        super().__init__(look, value, _rect(box))
        self.index = index
        self.text = value.op_label

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        look = self.look
        if self._dimmed():
            painter.setOpacity(_DIM_OPACITY)
        s = style.OP_STYLE
        lod = _lod(painter)
        if lod * self.rect.height() < _TINY_PX:
            painter.setPen(look.pen(s.border, 1.0, cosmetic=True))
            painter.setBrush(look.color(s.fill))
            painter.drawRect(self.rect)
            self._outline(painter, "ellipse")
            return
        painter.setPen(look.pen(s.border, s.border_width))
        painter.setBrush(look.color(s.fill))
        painter.drawEllipse(self.rect)
        if lod * look.op_font.pixelSize() >= _MIN_TEXT_PX:
            painter.setPen(look.text_color(s.text))
            painter.setFont(look.op_font)
            painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.text)
        self._outline(painter, "ellipse")


class SummaryItem(NodeItem):
    """"… 9,800 more nodes": where the collapsed view leaves the rest of the graph out."""

    def __init__(self, look: Look, box, hidden: int):
        super().__init__(look, None, _rect(box))
        self.hidden = hidden
        self.text = f"… {hidden:,} more nodes"

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        look = self.look
        painter.setPen(look.pen("#777777", 1.2, dashed=True))
        painter.setBrush(look.color("#f4f4f4"))
        painter.drawRoundedRect(self.rect, 6.0, 6.0)
        if _lod(painter) * look.font.pixelSize() >= _MIN_TEXT_PX:
            painter.setPen(look.text_color("#444444"))
            painter.setFont(look.font)
            painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.text)


class EdgeItem:
    """A Graphviz spline with its arrow head; drawn thicker in an accent when highlighted.

    Not a QGraphicsItem of its own: a thousand-node graph has 1,600 edges, and making
    that many items took about as long as Graphviz's own answer took to read. The
    view's one :class:`EdgeLayer` paints them all (those in the exposed part)."""

    def __init__(self, look: Look, src: tuple, dst: tuple, points: list, arrow,
                 bounds: tuple[float, float, float, float] | None = None):
        """``bounds``: (left, top, right, bottom) of the points and the arrow tip, when
        known (the layout reader works them out for all edges at once)."""
        self.look = look
        self.src = src  # ('value', index) / ('op', index) / ('summary', 0)
        self.dst = dst
        self.hover = False
        self.step = False
        self.layer: EdgeLayer | None = None
        # The curve is made on first paint: a big graph shown at a readable size paints
        # only the edges on screen, and making thousands of paths up front cost more
        # than the layout they came from. The control points bound a Bézier curve.
        self._points = points
        self._arrow = arrow
        self._path: QPainterPath | None = None
        self._head: QPolygonF | None = None
        if bounds is None:
            corners = points if arrow is None else [*points, arrow]
            if corners:
                xs, ys = zip(*corners)
                bounds = (min(xs), min(ys), max(xs), max(ys))
        #: (left, top, right, bottom) with room for the pen and the arrow head; None: nothing to draw.
        self.extent = None if bounds is None else (bounds[0] - 4, bounds[1] - 4, bounds[2] + 4, bounds[3] + 4)

    @property
    def path(self) -> QPainterPath:
        if self._path is None:
            points = self._points
            path = QPainterPath()
            if points:
                path.moveTo(*points[0])
                for k in range(1, len(points) - 2, 3):
                    path.cubicTo(QPointF(*points[k]), QPointF(*points[k + 1]), QPointF(*points[k + 2]))
            self._path = path
            self._head = _arrow_head(points[-1] if points else None, self._arrow)
        return self._path

    @property
    def head(self) -> QPolygonF | None:
        self.path  # noqa: B018 - made together with the path
        return self._head

    def boundingRect(self) -> QRectF:  # noqa: N802 - as a QGraphicsItem's
        if self.extent is None:
            return QRectF()
        x0, y0, x1, y1 = self.extent
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def set_flags(self, *, hover: bool | None = None, step: bool | None = None) -> None:
        changed = False
        if hover is not None and hover != self.hover:
            self.hover = hover
            changed = True
        if step is not None and step != self.step:
            self.step = step
            changed = True
        if changed and self.layer is not None:
            self.layer.update(self.boundingRect())

    def draw(self, painter: QPainter, lod: float) -> None:
        look = self.look
        if self.step:
            name, width = STEP_COLOR, 2.6
        elif self.hover:
            name, width = HOVER_COLOR, 2.0
        else:
            name, width = ("#a0a4ab" if look.dark else style.EDGE_COLOR), 1.0
        if width * lod <= 1.6:
            # One device pixel, whatever the zoom: Qt's fast cosmetic line path (a
            # thousand long splines cost 8 ms instead of 60 ms at 100%).
            painter.setPen(look.pen(name, 1.0 if width == 1.0 else 1.6, cosmetic=True))
        else:
            painter.setPen(look.pen(name, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        if self.head is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.color(name))
            painter.drawPolygon(self.head)


class EdgeLayer(QGraphicsItem):
    """Every edge of a drawing, under the boxes: the plain ones first (dimmed during a
    backprop step), then the highlighted ones over them. Never under the mouse: the
    boxes are what is hovered and clicked."""

    def __init__(self, look: Look, edges: list[EdgeItem]):
        super().__init__()
        self.look = look
        self.edges = edges
        for edge in edges:
            edge.layer = self
        # Every edge's extent in one array: painting finds those in the exposed part with a
        # few array operations, not 1,600 QRectF.intersects calls (a frame on a big graph).
        self._extents = np.array([e.extent or _NO_EXTENT for e in edges], dtype=float).reshape(-1, 4)
        known = self._extents[~np.isnan(self._extents[:, 0])]
        if len(known):
            (left, top), (right, bottom) = known[:, :2].min(axis=0), known[:, 2:].max(axis=0)
            self._bounds = QRectF(QPointF(left, top), QPointF(right, bottom))
        else:
            self._bounds = QRectF()
        # Under the boxes, which keep Qt's default z (0): setting one on each of a thousand
        # boxes cost more than the rest of making them.
        self.setZValue(Z_EDGES)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the exposed part
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def exposed(self, rect: QRectF) -> list[EdgeItem]:
        """The edges whose extent overlaps ``rect`` (as QRectF.intersects: some area in common)."""
        if rect.isEmpty():
            return []
        e = self._extents
        near = ((e[:, 0] < rect.right()) & (rect.left() < e[:, 2])
                & (e[:, 1] < rect.bottom()) & (rect.top() < e[:, 3]))  # (a NaN extent: never)
        edges = self.edges
        return [edges[i] for i in np.flatnonzero(near).tolist()]

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        lod = _lod(painter)
        lit = []
        if self.look.stepping:
            painter.setOpacity(_DIM_OPACITY)
        for edge in self.exposed(option.exposedRect):
            if edge.step or edge.hover:
                lit.append(edge)
            else:
                edge.draw(painter, lod)
        painter.setOpacity(1.0)
        for edge in sorted(lit, key=lambda e: e.step):  # a step's edges over the hovered ones
            edge.draw(painter, lod)


def _arrow_head(end, tip) -> QPolygonF | None:
    """A filled triangle from the spline's end to the arrow tip Graphviz gave."""
    if end is None or tip is None:
        return None
    ex, ey = end
    tx, ty = tip
    dx, dy = tx - ex, ty - ey
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return None
    # Graphviz's normal arrow: half as wide as it is long, about.
    nx, ny = -dy / length, dx / length
    half = length * 0.36
    return QPolygonF([QPointF(tx, ty), QPointF(ex + nx * half, ey + ny * half),
                      QPointF(ex - nx * half, ey - ny * half)])


def tooltip_text(value, has_grads: bool, title=None) -> str:
    """Title, op, data and grad with full precision, for the hover tooltip.
    ``title(v)``: a value's box title (default its label)."""
    if title is None:
        def title(v):
            return v.label
    rows = []
    label = display_label(title(value)) or "(no label)"
    rows.append(f"<b>{_html(label)}</b>")
    if value.op is not None:
        inputs = ", ".join(display_label(title(c)) or "·" for c in value.children)
        rows.append(f"op: {_html(value.op_label)} ({value.op.name}) of {_html(inputs)}")
    else:
        rows.append("parameter" if value.param else "leaf (input or constant)")
    rows.append(f"data = {value.data!r}")
    rows.append(f"grad = {value.grad!r}" if has_grads else "grad — (run backward to compute it)")
    return "<br>".join(rows)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number_texts(value, has_grads: bool) -> tuple[str, str]:
    """The data and grad field texts, exactly as the exported record writes them."""
    return "data " + format_fixed(value.data), "grad " + fmt_grad(value.grad, has_grads)
