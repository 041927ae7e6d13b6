"""Where Graphviz puts every box and curve, for the window to draw with Qt.

``layout(graph)`` runs Graphviz's ``dot`` in-process (through pygraphviz; no
``dot`` program needed) on the same DOT the exported files use, with
fixed-width placeholders instead of the numbers: the boxes depend only on the
structure and the labels, so forward, backward, step and the slider change the
text inside the boxes and never need a new layout (DESIGN decision 3).

Coordinates are points (1/72 inch) with the origin top-left and y pointing
down, as Qt draws. Graphviz's answer is read in one pass from the attributes
it writes (positions, record field rectangles and edge splines together, see
:mod:`gv_positions`; the same numbers its ``json0`` output carries, which export
reads with :func:`from_json0`).
"""

from __future__ import annotations

import numpy as np

from ..engine import Value
from ..engine.collector import collector_paused
from .dot import VizError, as_graph, check_rankdir, to_dot
from .geometry import Box, Edge, Layout, NodeKey
from .gv_positions import LayoutFailed, laid_out, lay_out

__all__ = ["from_json0", "layout", "layout_source", "run_layout", "read_layout", "render"]

def layout(graph, rankdir: str = "LR", titles: list[str] | None = None,
           clusters: list | None = None) -> Layout:
    """Lay out ``graph`` (a Graph or its root Value) with Graphviz ``dot``.

    Takes ~30 ms for the lecture's graphs but seconds for ~1,000 values, and
    Graphviz holds Python's GIL while it works (a thread does not keep a window
    responsive): the window lays big graphs out in a worker process
    (:mod:`explorer.ui.graph_layout_job`, from :func:`layout_source` and
    :func:`read_layout`). ``titles``: the boxes' titles (default
    :func:`~explorer.viz.dot.box_titles`); ``clusters``: frames, see
    :func:`~explorer.viz.dot.to_dot`."""
    check_rankdir(rankdir)
    graph = as_graph(graph)
    return read_layout(graph, run_layout(layout_source(graph, rankdir, titles, clusters)), rankdir)


def layout_source(graph, rankdir: str = "LR", titles: list[str] | None = None,
                  clusters: list | None = None) -> str:
    """The DOT that :func:`layout` gives Graphviz: structure and titles, fixed-width
    placeholders for the numbers, no colours."""
    return to_dot(as_graph(graph), rankdir=check_rankdir(rankdir), styled=False, numbers=False, titles=titles,
                  clusters=clusters)


def run_layout(source: str) -> bytes:
    """Graphviz's layout of DOT ``source``, as :mod:`gv_positions` writes it. Needs
    nothing but the text, so it can run in another process."""
    try:
        return lay_out(source, "dot")
    except LayoutFailed as exc:
        raise VizError(str(exc)) from None


def read_layout(graph, data: bytes | str, rankdir: str = "LR") -> Layout:
    """The :class:`Layout` of ``graph`` from :func:`run_layout`'s answer for its
    :func:`layout_source` (same graph, same rankdir)."""
    # Tens of thousands of small objects (the texts, then boxes and points) and no
    # cycles among them: the cyclic collector would only walk them again and again.
    with collector_paused():
        return _read_positions(as_graph(graph), data, rankdir)


def render(source: str, fmt: str, prog: str = "dot") -> bytes:
    """Lay out DOT ``source`` with Graphviz's ``prog`` and render it as ``fmt``, in-process.

    Calls libgvc directly (as ``AGraph.draw`` does), which also spares the user
    pygraphviz's "may take a long time" warning on graphs over 1,000 nodes."""
    from pygraphviz import graphviz as gv

    try:
        with laid_out(source, prog) as (gvc, agraph):
            err, out = gv.gvRenderData(gvc, agraph.handle, fmt.encode())
    except LayoutFailed as exc:
        raise VizError(str(exc)) from None
    if err:
        raise VizError(f"Graphviz could not draw the graph as {fmt}.")
    return out


def _floats(text: str) -> list[float]:
    return [float(t) for t in text.replace(",", " ").split()]


def from_json0(graph, data: dict, rankdir: str) -> Layout:
    """The Layout of ``graph`` from Graphviz's ``json0`` output, already parsed."""
    with collector_paused():  # (see read_layout)
        return _read_json0(graph, data, rankdir)


def _read_json0(graph, data: dict, rankdir: str) -> Layout:
    names = {}  # Graphviz's object id -> node name
    nodes, clusters = [], []
    for obj in data.get("objects", ()):
        name = obj["name"]
        if name.startswith("cluster_"):
            if "bb" in obj:  # (Graphviz leaves out a cluster with nothing in it)
                clusters.append((name, obj["bb"]))
            continue
        names[obj["_gvid"]] = name
        nodes.append((name, obj["pos"], obj["width"], obj["height"], obj.get("rects", "")))
    edges = [(names[e["tail"]], names[e["head"]], e.get("pos", "")) for e in data.get("edges", ())]
    return _assemble(graph, data["bb"], nodes, edges, clusters, rankdir)


def _read_positions(graph, data: bytes | str, rankdir: str) -> Layout:
    """:func:`gv_positions.positions`' lines (see there) as a Layout."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    bb = ""
    nodes, edges, clusters = [], [], []
    for line in text.split("\n"):
        fields = line.split("\t")
        kind = fields[0]
        if kind == "n":
            nodes.append(fields[1:6])
        elif kind == "e":
            edges.append(fields[1:4])
        elif kind == "c":
            clusters.append(fields[1:3])
        elif kind == "g":
            bb = fields[1]
    if not bb:
        raise ValueError("no bounding box in the layout")
    return _assemble(graph, bb, nodes, edges, clusters, rankdir)


def _assemble(graph, bb: str, nodes_found, edges_found, clusters_found, rankdir: str) -> Layout:
    """The Layout from Graphviz's attribute texts: nodes as (name, pos, width, height,
    rects), edges as (tail name, head name, pos), clusters as (name, bb)."""
    llx, lly, urx, ury = _floats(bb)
    nodes = graph.nodes
    frames: dict[int, Box] = {}
    for name, cbb in clusters_found:
        x1, y1, x2, y2 = _floats(cbb)
        frames[int(name[8:])] = Box(x1 - llx, ury - y2, x2 - x1, y2 - y1)
    values, ops, keys, right, bottom = _boxes(nodes, nodes_found, llx, ury)

    # Graphviz lists edges in its own order; put them back in DOT order, matching
    # parallel edges (a + a) by their ends.
    found: dict[tuple[int, bool, int], list[Edge]] = {}
    for edge in _edges(edges_found, keys, llx, ury):
        src, dst = edge.src, edge.dst
        found.setdefault((id(src[1]), src[0] == "op", id(dst[1])), []).append(edge)
    edges: list[Edge] = []
    for v in nodes:
        if v.op is None:
            continue
        edges.append(found[(id(v), True, id(v))].pop(0))
        for child in v._prev:
            edges.append(found[(id(child), False, id(v))].pop(0))
    count = max(frames, default=-1) + 1
    # The bounding box has the same 5 digits: past 100,000 points the last box may stick
    # out of it by a few points, and the window could not scroll to its edge.
    width = max(urx - llx, right)
    height = max(ury - lly, bottom)
    return Layout(values, ops, edges, width, height, rankdir, [frames.get(k) for k in range(count)])


# A thousand-node graph has ~34,000 numbers to read and ~4,600 boxes to make: each kind of
# number is read in one go (one join, one split, one map) and moved to our origin with
# numpy; Python only makes the objects. A record's fields (12,000 of those numbers) are read
# when first asked for: before the first paint, only by the boxes on screen.


def _array(texts: list[str], count: int) -> np.ndarray:
    """The ``count`` numbers in ``texts`` (Graphviz's "x,y" pairs and lists), in order."""
    numbers = np.array(list(map(float, " ".join(texts).replace(",", " ").split())))
    if len(numbers) != count:  # (a number missing would shift all after it)
        raise ValueError(f"{count} numbers expected, {len(numbers)} found")
    return numbers


def _boxes(nodes, nodes_found, llx: float, ury: float):
    """Every node's Box (a record's with its fields, to read), keyed by its Value; Graphviz's node
    names -> our keys; and how far right and down the boxes reach."""
    values: dict[Value, Box] = {}
    ops: dict[Value, Box] = {}
    keys: dict[str, NodeKey] = {}  # Graphviz's node name -> our key
    if not nodes_found:
        return values, ops, keys, 0.0, 0.0
    names = [found[0] for found in nodes_found]
    n = len(names)
    centres = _array([found[1] for found in nodes_found], 2 * n).reshape(-1, 2)
    w = _array([found[2] for found in nodes_found], n) * 72
    h = _array([found[3] for found in nodes_found], n) * 72
    record = np.array([name[0] == "v" for name in names])
    # Graphviz reports a record one point taller than it draws it ("+1 to fix
    # rounding", shapes.c); the box is what is drawn.
    h[record] -= 1
    x = np.round(centres[:, 0] - llx - w / 2, 2)
    y = np.round(ury - centres[:, 1] - h / 2, 2)
    w, h = np.round(w, 2), np.round(h, 2)
    boxes = list(map(Box, x.tolist(), y.tolist(), w.tolist(), h.tolist()))
    for name, box, found in zip(names, boxes, nodes_found):
        v = nodes[int(name[1:])]
        if name[0] == "v":
            box.fields_from(found[4], llx, ury)
            values[v] = box
            keys[name] = ("value", v)
        else:
            ops[v] = box
            keys[name] = ("op", v)
    return values, ops, keys, float(np.max(x + w)), float(np.max(y + h))


def _edges(edges_found, keys: dict[str, NodeKey], llx: float, ury: float) -> list[Edge]:
    """The edges' curves in Graphviz's order, each with the rectangle it stays within."""
    poses = [found[2] for found in edges_found]
    # Our edges: one spline each, an arrow head at the end (``e,x,y``), none at the start.
    if not all(pos[:2] == "e," for pos in poses) or any(";" in pos or "s," in pos for pos in poses):
        return [Edge(keys[tail], keys[head], *_spline(pos, llx, ury)) for tail, head, pos in edges_found]
    counts = np.array([pos.count(" ") + 1 for pos in poses], dtype=np.intp)  # the tip, then the curve
    xy = _array([pos[2:] for pos in poses], 2 * int(counts.sum())).reshape(-1, 2)
    xs, ys = xy[:, 0] - llx, ury - xy[:, 1]
    starts = np.cumsum(counts) - counts
    bounds = zip(*(f.reduceat(a, starts).tolist() for f, a in
                   ((np.minimum, xs), (np.minimum, ys), (np.maximum, xs), (np.maximum, ys))))
    xs, ys, ends = xs.tolist(), ys.tolist(), np.cumsum(counts).tolist()
    return [Edge(keys[tail], keys[head], list(zip(xs[a + 1:b], ys[a + 1:b])), (xs[a], ys[a]), rect)
            for (tail, head, _pos), a, b, rect in zip(edges_found, starts.tolist(), ends, bounds)]


def _spline(pos: str, llx: float, ury: float) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
    """Graphviz edge ``pos``: ``s,x,y`` (start arrow), ``e,x,y`` (arrow tip), then
    the B-spline control points; only the first spline of a ``;`` list. Moved to
    our origin (top-left, y down)."""
    text = pos.split(";", 1)[0].lstrip()
    arrow = None
    while text[:2] in ("s,", "e,"):
        head, _, text = text.partition(" ")
        if head[0] == "e":
            _, x, y = head.split(",")
            arrow = (float(x) - llx, ury - float(y))
    numbers = text.replace(",", " ").split()
    points = [(float(x) - llx, ury - float(y)) for x, y in zip(numbers[0::2], numbers[1::2])]
    return points, arrow
