"""Graphviz's layout of a DOT text, as the few numbers the window draws from.

Graphviz writes its results into the graph's attributes (``pos``, ``width``,
``height``, a record's ``rects``, an edge's ``pos`` spline, a cluster's ``bb``),
the step pygraphviz's own ``AGraph.layout`` ends with; this module reads just
those back through libcgraph and hands them on as lines of text. That is the
same numbers, character for character, that Graphviz's ``json0`` output
carries (json0 is written from these attributes), for less than half of what
writing and parsing json0 cost on a thousand-node graph (measured: json0 130 ms
to write + 15 ms to parse, against 70 ms to attach + 15 ms here, 830 KB against
250 KB to pass between processes).

The answer, one record a line, fields apart by tabs:

* ``g  bb`` (first line): the drawing's bounding box;
* ``n  name  pos  width  height  rects``: a node (``rects`` empty unless a record);
* ``e  tail  head  pos``: an edge, in Graphviz's order;
* ``c  name  bb``: a cluster (only those Graphviz placed).

It imports nothing of this package, only pygraphviz: the layout worker process
(:mod:`explorer.ui.graph_layout_worker`) loads it by its file path, so that
starting the process costs Python and pygraphviz, not numpy and the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["LayoutFailed", "lay_out", "laid_out", "positions"]


class LayoutFailed(Exception):
    """Graphviz refused the text or could not lay it out (the message says which)."""


def lay_out(source: str, prog: str = "dot", answer: Callable[[bytes], object] | None = None) -> bytes:
    """Lay out DOT ``source`` with Graphviz's ``prog`` in this process; :func:`positions`' answer.

    ``answer(out)``, if given, is called with it before Graphviz's layout and graph are
    freed: the layout process hands it over first (freeing a thousand-node graph takes
    30-50 ms that nobody needs to wait for)."""
    from pygraphviz import graphviz as gv

    with laid_out(source, prog) as (gvc, agraph):
        attach = _attach_attrs()
        if attach is not None:
            attach(int(agraph.handle))  # (a SWIG pointer's int is its address)
        else:
            # The "dot" renderer with no file only writes the layout into the attributes.
            gv.gvRender(gvc, agraph.handle, b"dot", None)
        out = positions(agraph.handle)
        if answer is not None:
            answer(out)
        return out


_attach = None


def _attach_attrs() -> Callable[[int], None] | None:
    """libgvc's ``attach_attrs(graph)``: what the "dot" renderer ends with (writing the
    layout into the attributes), without the rest of rendering, which walks every node
    and edge once more for nothing (measured on the 1,001-node chain: 21-31 ms against
    28-44 ms, the same text to the byte). None where the library does not show it
    through pygraphviz's module (Windows looks only in the module itself)."""
    global _attach
    if _attach is None:
        _attach = False
        try:
            import ctypes

            from pygraphviz import _graphviz

            function = ctypes.CDLL(_graphviz.__file__).attach_attrs  # found among its libraries
            function.argtypes, function.restype = [ctypes.c_void_p], None
            _attach = function
        except (ImportError, OSError, AttributeError):
            pass
    return _attach or None


@contextmanager
def laid_out(source: str, prog: str = "dot") -> Iterator[tuple[object, object]]:
    """Graphviz's context and the AGraph of DOT ``source``, laid out with ``prog``
    (as ``AGraph.draw`` does, without its "may take a long time" warning); the
    layout and the context are freed after. LayoutFailed if Graphviz refuses."""
    import pygraphviz
    from pygraphviz import graphviz as gv

    try:
        agraph = pygraphviz.AGraph(string=source)
    except Exception as exc:  # noqa: BLE001 - pygraphviz raises bare errors
        raise LayoutFailed(f"Graphviz could not read the graph description: {exc}") from None
    gvc = gv.gvContextWithBuiltins()
    try:
        if gv.gvLayout(gvc, agraph.handle, prog.encode()) != 0:
            raise LayoutFailed(f"Graphviz could not lay out the graph with '{prog}'.")
        try:
            yield gvc, agraph
        finally:
            gv.gvFreeLayout(gvc, agraph.handle)
    finally:
        gv.gvFreeContext(gvc)


def positions(handle) -> bytes:
    """The lines described in the module docstring, from a laid-out graph's attributes."""
    from pygraphviz import graphviz as gv

    get = gv.agget
    name_of = gv.agnameof
    lines = [b"g\t" + (get(handle, b"bb") or b"")]
    add = lines.append
    node = gv.agfstnode(handle)
    edges = []
    while node is not None:
        add(b"\t".join((b"n", name_of(node), get(node, b"pos") or b"", get(node, b"width") or b"",
                        get(node, b"height") or b"", get(node, b"rects") or b"")))
        edge = gv.agfstout(handle, node)
        while edge is not None:
            edges.append(b"\t".join((b"e", name_of(gv.agtail(edge)), name_of(gv.aghead(edge)),
                                     get(edge, b"pos") or b"")))
            edge = gv.agnxtout(handle, edge)
        node = gv.agnxtnode(handle, node)
    lines += edges
    stack = [handle]
    while stack:  # clusters, nested ones too
        sub = gv.agfstsubg(stack.pop())
        while sub is not None:
            name = name_of(sub)
            bb = get(sub, b"bb")
            if name.startswith(b"cluster_") and bb:
                add(b"\t".join((b"c", name, bb)))
            stack.append(sub)
            sub = gv.agnxtsubg(sub)
    return b"\n".join(lines)
