"""A Graph as Graphviz DOT, drawn the way the lecture's ``draw_dot`` draws it.

Every value is a record of three fields, ``label``, ``data 2.0000`` and
``grad 6.0000``, stacked like a card (the lecture puts them side by side, which
makes a chain of values three times wider than it needs to be: the neuron did
not fit a window with its numbers readable); every op is
a small ellipse (``+``, ``*``, ``tanh``) between its inputs and its result:
``input -> op -> value``. Node names come from the value's index in
``graph.nodes`` (``v3``, and ``o3`` for its op), so the same structure always
gives the same DOT, whatever Python's ``id()`` says.

Labels are user text. They are shown, never interpreted: the record syntax
(``{ } | < >``), spaces, backslashes, quotes and ``&`` entities are escaped, and
control characters made visible (:func:`~explorer.viz.format.display_label`),
so no label can break the record, the DOT or the SVG made from it.

The DOT is written as text and parsed by Graphviz in one go: much faster than
setting thousands of attributes one by one through pygraphviz.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine import Graph, Value
from ..engine.numbers import format_fixed
from ..errors import ExplorerError
from . import style
from .format import display_label, fmt_grad, placeholder
from .names import make_namer, one_bracket

if TYPE_CHECKING:  # pygraphviz is imported when a graph is actually built
    import pygraphviz

    from .geometry import Layout

__all__ = [
    "to_dot", "to_agraph", "exact_fills", "as_graph", "value_name", "op_name", "record_escape", "VizError",
    "box_titles", "drawing_key", "learner_marks",
]

RANKDIRS = ("LR", "TB")
#: Above this many values Graphviz is told to search less for the best placement
#: (``nslimit``, ``mclimit``): dot's time grows about as n^2.3 on an MLP, and these
#: settings halve it on a thousand-node graph. Smaller graphs (all the lecture's
#: examples) keep dot's defaults and look exactly as before.
QUICK_LAYOUT_VALUES = 400
_QUICK_LAYOUT = " nslimit=0.5 nslimit1=0.5 mclimit=0.3"


class VizError(ExplorerError):
    """A graph could not be drawn (bad option, nothing to draw, Graphviz refused)."""


def value_name(index: int) -> str:
    return f"v{index}"


def op_name(index: int) -> str:
    return f"o{index}"


def as_graph(root_or_graph) -> Graph:
    """A Graph from a Graph or from its root Value."""
    if isinstance(root_or_graph, Graph):
        return root_or_graph
    if isinstance(root_or_graph, Value):
        return Graph(root_or_graph)
    from .foreign import is_value_like, mirror

    if is_value_like(root_or_graph):
        return mirror(root_or_graph)  # the lecture's own Value class, micrograd's
    raise VizError(f"Only a value (with data, grad, _prev and _op) or a Graph can be drawn, "
                   f"not {type(root_or_graph).__name__}.")


def box_titles(graph) -> list[str]:
    """The title of every value's box, in ``graph.nodes`` order: its label, else the
    name the text gave it (``e = a*b`` titles it ``e``), else a short form of the
    expression that made it (``3 * x``, ``tanh(…)``); an unnamed constant shows its
    number. Never an internal id."""
    graph = as_graph(graph)
    name_of = getattr(graph, "name_of", None)
    name = make_namer(name_of)
    titles = []
    # In tape order, so every input is named (and cached) before the node that uses it.
    for v in graph.nodes:
        text = name(v)
        if v.op is not None and not v.label and one_bracket(text):
            text = text[1:-1]  # "(a * b)" as a name inside others; the box needs no brackets
        titles.append(text)
    return titles


def drawing_key(graph) -> tuple:
    """Everything the boxes depend on but the numbers: the structure
    (:meth:`Graph.shape <explorer.engine.Graph.shape>`: ops, constants, labels, wiring)
    and what :func:`box_titles` reads beyond it (the names the text gave values, an
    unnamed constant's number). Equal keys give equal titles and an equal layout, so
    a graph rebuilt after an edit that changed only a number needs neither; the key
    costs a fraction of the titles to make."""
    graph = as_graph(graph)
    name_of = getattr(graph, "name_of", None)
    if name_of is None:
        extra = tuple(v.data if v.op is None and not v.label else None for v in graph.nodes)
    else:
        extra = tuple(name_of(v) or (v.data if v.op is None and not v.label else None) for v in graph.nodes)
    return graph.shape(), extra


def check_rankdir(rankdir: str) -> str:
    if rankdir not in RANKDIRS:
        raise VizError(f"The direction must be LR (left to right) or TB (top to bottom), not {rankdir!r}.")
    return rankdir


_RECORD_SPECIAL = {
    "\\": "\\\\", "{": "\\{", "}": "\\}", "|": "\\|", "<": "\\<", ">": "\\>",
    # A hard space: record labels otherwise merge and trim spaces, and the
    # numbers' padding must survive to keep every box the same size.
    " ": "\\ ",
    # Graphviz turns HTML entities in labels into characters: "&lt;" must stay text.
    "&": "&amp;",
    '"': '\\"',  # the DOT string's own quote
}
_PLAIN_SPECIAL = {"\\": "\\\\", "&": "&amp;", '"': '\\"'}
# One C-level pass per text (a big graph has thousands of fields to escape).
_RECORD_TABLE = str.maketrans(_RECORD_SPECIAL)
_PLAIN_TABLE = str.maketrans(_PLAIN_SPECIAL)


def record_escape(text: str) -> str:
    """``text`` as one field of a DOT record label, inside a quoted DOT string."""
    return text.translate(_RECORD_TABLE)


def _plain_escape(text: str) -> str:
    return text.translate(_PLAIN_TABLE)


def record_label(label: str, data_text: str, grad_text: str, rankdir: str = "LR") -> str:
    """The three fields stacked top to bottom in either direction: a record's
    top-level fields run across the rank direction, braces turn them."""
    fields = (f"{record_escape(display_label(label))}|{record_escape('data ' + data_text)}"
              f"|{record_escape('grad ' + grad_text)}")
    return fields if rankdir == "LR" else f"{{{fields}}}"


def to_dot(graph, *, rankdir: str = "LR", has_grads: bool | None = None,
           layout: Layout | None = None, styled: bool = True, numbers: bool = True,
           graph_attrs: dict[str, str] | None = None, titles: list[str] | None = None,
           clusters: list[tuple[str, list[Value], int | None]] | None = None) -> str:
    """DOT source of ``graph`` (a Graph or its root Value).

    ``has_grads``: show grads as numbers, or a dash where none was computed
    (default: ``graph.has_grads``; always numbers for a root Value). ``numbers=False`` writes
    fixed-width placeholders instead of the numbers (what the layout is computed
    from). ``styled=False`` leaves out colours (they do not move anything).
    ``layout``: pin every node and edge where that layout put them, so a file
    drawn from it matches the window exactly (render with ``prog='nop2'``).
    ``graph_attrs``: extra Graphviz graph attributes (``bgcolor``, ``dpi``...).
    ``titles``: each value's box title (default :func:`box_titles`).
    ``clusters``: frames drawn around nodes, as (title, values inside, the position
    of the cluster it is inside or None); the layout reports where they went."""
    check_rankdir(rankdir)
    graph, has_grads, params = _context(graph, has_grads)
    nodes = graph.nodes
    if titles is None:
        titles = box_titles(graph)
    font = style.FONT_FAMILY
    lines = [
        "digraph G {",
        # Ranks closer than Graphviz's 0.5 in (0.2 in: the arrows still show): the lecture's
        # graphs are long chains, and at 1024 px the neuron must fit whole at a readable size.
        f'graph [rankdir={rankdir} fontname="{font}" ranksep=0.2 nodesep=0.2'
        + (_QUICK_LAYOUT if len(nodes) > QUICK_LAYOUT_VALUES else "")
        + (f' bb="0,0,{layout.width:.2f},{layout.height:.2f}"' if layout is not None else "")
        + "".join(f' {k}="{_plain_escape(str(val))}"' for k, val in (graph_attrs or {}).items()) + "];",
        f'node [shape=record fontname="{font}" fontsize={style.FONT_SIZE:g} margin="0.06,0.03"];',
    ]
    if styled:
        lines.append(f'edge [color="{style.EDGE_COLOR}" arrowsize=0.7];')
    else:
        lines.append("edge [arrowsize=0.7];")
    op_attrs = 'shape=ellipse fontsize=10 width=0.3 height=0.3 margin="0.04,0.02"'
    if styled:
        o = style.OP_STYLE
        op_attrs += f' style=filled fillcolor="{o.fill}" color="{o.border}" fontcolor="{o.text}"'
    index = {v: i for i, v in enumerate(nodes)}
    scale = style.grad_scale(v.grad for v in nodes) if (styled and has_grads) else 0.0
    blank = placeholder()
    marks = learner_marks(graph)
    lines_append = lines.append
    pin = layout is not None
    height = layout.height if pin else 0.0
    # Without numbers, every record's data and grad fields are the same text: escaped once.
    blank_fields = f"|{record_escape('data ' + blank)}|{record_escape('grad ' + blank)}"
    for i, v in enumerate(nodes):
        mark = marks.get(v, "") if marks else ""
        if numbers:
            label = record_label(titles[i], format_fixed(v.data), fmt_grad(v.grad, has_grads) + mark, rankdir)
        elif mark:
            label = record_label(titles[i], blank, blank + " " * len(mark), rankdir)
        else:  # (record_label's text, the usual case of a big graph's layout)
            label = record_escape(display_label(titles[i])) + blank_fields
            if rankdir != "LR":
                label = f"{{{label}}}"
        attrs = f'label="{label}"'
        if styled:
            attrs += _value_style_attrs(v, params, scale, has_grads, rankdir, layout)
        if pin:
            attrs += _pin_attrs(layout.values[v], height)
        lines_append(f"v{i} [{attrs}];")  # (value_name, op_name: inline, thousands of times)
        if v.op is not None:
            attrs = f'label="{_plain_escape(v.op_label)}" {op_attrs}'
            if pin:
                attrs += _pin_attrs(layout.ops[v], height)
            lines_append(f"o{i} [{attrs}];")
    # Edges: the op's result first, then its inputs (once per use: a + a has two).
    # The layout lists edges in this same order (see layout.py).
    k = 0
    edges = layout.edges if pin else None
    for i, v in enumerate(nodes):
        if v.op is None:
            continue
        # Weight 2 keeps a result in the rank right after its op: left free, Graphviz
        # may park it a rank later, beside another op, and the graph grows a box wider.
        pos = f' pos="{_edge_pos(edges[k], height)}"' if pin else ""
        k += 1
        lines_append(f"o{i} -> v{i} [weight=2{pos}];")
        for child in v._prev:
            pos = f' [pos="{_edge_pos(edges[k], height)}"]' if pin else ""
            k += 1
            lines_append(f"v{index[child]} -> o{i}{pos};")
    if clusters:
        _write_clusters(lines, clusters, index)
    lines_append("}")
    return "\n".join(lines)


def _write_clusters(lines: list[str], clusters: list, index: dict) -> None:
    """Nested ``subgraph cluster_k`` blocks naming their values and op nodes."""
    inside: dict = {}
    for k, (_title, _values, parent) in enumerate(clusters):
        inside.setdefault(parent, []).append(k)

    def write(k: int, depth: int) -> None:
        title, values, _parent = clusters[k]
        pad = "  " * depth
        lines.append(f'{pad}subgraph cluster_{k} {{ label="{_plain_escape(title)}" labeljust=l '
                     f'fontname="{style.FONT_FAMILY}" fontsize={style.FONT_SIZE:g} style=rounded;')
        names = []
        for v in values:
            i = index[v]
            names.append(value_name(i))
            if v.op is not None:
                names.append(op_name(i))
        lines.append(pad + "  " + "; ".join(names) + ";")
        for child in inside.get(k, ()):
            write(child, depth + 1)
        lines.append(pad + "}")

    for k in inside.get(None, ()):
        write(k, 0)


def learner_marks(graph) -> dict[Value, str]:
    """' ✓', or ' ✗ -1.5' with backprop's grad, after each grad the text set by hand
    (while the node still shows that number: after Backward it shows backprop's own)."""
    if not getattr(graph, "learner_grads", None):
        return {}
    from ..lang.manual import check_learner_grads

    return {v: " ✓" if m.ok else f" ✗ {format_fixed(m.backprop).strip()}"
            for v, m in check_learner_grads(graph).items() if v.grad == m.yours}


def to_agraph(graph, *, rankdir: str = "LR", has_grads: bool | None = None,
              layout: Layout | None = None) -> pygraphviz.AGraph:
    """``graph`` (a Graph or its root Value) as a ``pygraphviz.AGraph``, with the
    window's labels and colours; see :func:`to_dot`."""
    return agraph_from_dot(to_dot(graph, rankdir=rankdir, has_grads=has_grads, layout=layout))


def agraph_from_dot(source: str) -> pygraphviz.AGraph:
    import pygraphviz

    try:
        return pygraphviz.AGraph(string=source)
    except Exception as exc:  # pygraphviz raises bare errors; ours is a bug, say so plainly
        raise VizError(f"Graphviz could not read the graph description: {exc}") from None


def exact_fills(graph, layout: Layout, *, has_grads: bool | None = None) -> dict[str, str]:
    """``fillcolor`` of every value record, from the field sizes of ``layout``
    (for a drawing laid out from DOT without them; node name -> colour list)."""
    graph, has_grads, params = _context(graph, has_grads)
    scale = style.grad_scale(v.grad for v in graph.nodes) if has_grads else 0.0
    rankdir = layout.rankdir
    return {value_name(i): _fill(v, params, scale, has_grads, rankdir, _grad_share(v, rankdir, layout))
            for i, v in enumerate(graph.nodes)}


def _context(graph, has_grads: bool | None) -> tuple[Graph, bool, frozenset | None]:
    """The Graph, whether its grads are shown, and which leaves are parameters."""
    graph_given = isinstance(graph, Graph)
    graph = as_graph(graph)
    if has_grads is None:
        # A Graph knows whether its grads are current; a bare Value (a notebook's
        # draw_dot(L)) shows its grads as they are, 0.0000 included, like the lecture.
        has_grads = graph.has_grads if graph_given else True
    # A Graph says which leaves a step moves; a bare Value only has its leaves' own
    # param flags (Graph's "every leaf when none is marked" would paint inputs as weights).
    params = frozenset(graph.parameters) if graph_given else None
    return graph, has_grads, params


def _fill(v: Value, params: frozenset | None, scale: float, has_grads: bool, rankdir: str,
          share: float) -> str:
    # A two-colour "degenerate gradient": the label and data fields in the kind's
    # colour, the grad field (the bottom third or so) in the grad's colour.
    kind = style.value_style(v, params).fill
    grad = style.grad_color(v.grad, scale, has_grads)
    # Graphviz refuses a share outside [0, 1] ("Illegal value in color attribute"),
    # which a layout of overflowing numbers can give; the colours stay valid always.
    share = min(max(share, 0.0), 1.0) if share == share else 1 / 3
    return f"{grad};{share:.4f}:{kind}"  # the grad field is at the bottom; angle 90 fills upwards


def _value_style_attrs(v: Value, params: frozenset | None, scale: float, has_grads: bool,
                       rankdir: str, layout: Layout | None) -> str:
    s = style.value_style(v, params)
    fill = _fill(v, params, scale, has_grads, rankdir, _grad_share(v, rankdir, layout))
    angle = 90
    look = "filled,dashed" if s.dashed else "filled"
    return (f' style="{look}" fillcolor="{fill}" gradientangle={angle} color="{s.border}"'
            f' penwidth={s.border_width:g} fontcolor="{s.text}"')


def _grad_share(v: Value, rankdir: str, layout: Layout | None) -> float:
    """How much of the record's height the grad field (the bottom one) takes."""
    if layout is not None:
        box = layout.values[v]
        grad = box.fields[-1]
        return grad.h / box.h if box.h else 1 / 3
    return 1 / 3  # stacked fields all have one line's height


def _pin_attrs(box, height: float) -> str:
    # Graphviz's y axis points up; our layout's points down.
    x = box.x + box.w / 2
    y = height - (box.y + box.h / 2)
    return f' pos="{x:.3f},{y:.3f}!" width={box.w / 72:.5f} height={box.h / 72:.5f}'


def _edge_pos(edge, height: float) -> str:
    pts = " ".join(f"{x:.3f},{height - y:.3f}" for x, y in edge.points)
    if edge.arrow is None:
        return pts
    ax, ay = edge.arrow
    return f"e,{ax:.3f},{height - ay:.3f} {pts}"
