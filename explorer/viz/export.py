"""The graph as a file: SVG, PNG, PDF or DOT, drawn by Graphviz's own renderers.

Files match the window: same labels and colours (``style``), same layout.
Given the window's :class:`Layout`, every box and curve is pinned where it
is on screen (Graphviz ``nop2``, no new layout). Without it, Graphviz lays the
graph out once more; the numbers take exactly the room of the placeholders the
window's layout was made with, so the result is that same layout. Writing is
atomic and never replaces an existing file unless ``overwrite=True``
(``explorer.fileio``).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from pathlib import Path

from ..errors import ExportError
from ..fileio import atomic_write_bytes, check_writable
from .dot import VizError, agraph_from_dot, as_graph, check_rankdir, exact_fills, to_dot
from .geometry import Layout
from .layout import from_json0, render

__all__ = ["FORMATS", "export_graph", "render_graph", "render_pinned", "format_for"]

FORMATS = ("svg", "png", "pdf", "dot")
# Graphviz's cairo renderers: antialiased, and they draw the two-colour fills.
_RENDERERS = {"svg": "svg", "png": "png:cairo", "pdf": "pdf:cairo"}
PNG_DPI = 96.0  # scale 1: one point is 96/72 pixels, as on a typical screen
MAX_SIDE = 32767  # cairo's largest image side
MAX_PIXELS = 200_000_000
PAD = 0.1  # inches of margin around the drawing


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else from the file's extension."""
    if fmt is None:
        fmt = Path(os.fspath(path)).suffix.lstrip(".")
        if not fmt:
            raise ExportError(f"Say which format to write {os.fspath(path)!r} in: svg, png, pdf or dot.")
    fmt = str(fmt).lower().lstrip(".")
    if fmt == "gv":
        fmt = "dot"
    if fmt not in FORMATS:
        raise ExportError(f"Cannot export a graph as '{fmt}': choose svg, png, pdf or dot.")
    return fmt


def render_graph(graph, fmt: str, *, scale: float = 1.0, transparent: bool = False, rankdir: str = "LR",
                 has_grads: bool | None = None, layout: Layout | None = None) -> bytes:
    """The bytes of ``graph`` (a Graph or its root Value) drawn as ``fmt``.

    ``scale`` sizes PNG images (1 = 96 pixels per inch; 2 for sharp slides);
    SVG and PDF are vector images and ignore it. ``layout``: the window's
    layout of this graph, to reuse instead of computing it again."""
    fmt = format_for("", fmt)
    check_rankdir(rankdir)
    scale = _check_scale(scale)
    if not _is_graph_or_value(graph):
        as_graph(graph)  # raises the one-sentence VizError
    background = "transparent" if transparent else "white"
    if fmt == "dot":
        # Plain DOT, with no positions: someone editing it wants Graphviz to lay it out.
        text = to_dot(graph, rankdir=rankdir, has_grads=has_grads,
                      graph_attrs={"bgcolor": background, "pad": f"{PAD:g}"})
        return (text + "\n").encode("utf-8")
    if layout is None or layout.rankdir != rankdir:
        return _render_one_pass(graph, fmt, rankdir=rankdir, has_grads=has_grads, scale=scale,
                                transparent=transparent)
    source = to_dot(graph, rankdir=rankdir, has_grads=has_grads, layout=layout)
    return render_pinned(source, layout, fmt, scale=scale, transparent=transparent)


def _graph_attrs(fmt: str, scale: float, transparent: bool) -> dict[str, str]:
    attrs = {"bgcolor": "transparent" if transparent else "white", "pad": f"{PAD:g}"}
    if fmt == "png":
        attrs["dpi"] = f"{PNG_DPI * scale:g}"
    return attrs


def _check_png_size(layout: Layout, scale: float) -> None:
    dpi = PNG_DPI * scale
    width = (layout.width / 72 + 2 * PAD) * dpi
    height = (layout.height / 72 + 2 * PAD) * dpi
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ExportError(
            f"At scale {scale:g} the PNG would be {width:,.0f} × {height:,.0f} pixels, "
            "too large to make; use a smaller scale, or SVG or PDF, which stay sharp at any size.")


def _render_one_pass(graph, fmt: str, *, rankdir: str, has_grads: bool | None, scale: float,
                     transparent: bool) -> bytes:
    """Lay out and render in one Graphviz session: the numbers take exactly the
    placeholders' room, so this is the window's layout; in between, Graphviz's
    record fields (its json0 answer) make the grad-field colour fit exactly."""
    from pygraphviz import graphviz as gv

    source = to_dot(graph, rankdir=rankdir, has_grads=has_grads,
                    graph_attrs=_graph_attrs(fmt, scale, transparent))
    agraph = agraph_from_dot(source)
    gvc = gv.gvContextWithBuiltins()
    try:
        if gv.gvLayout(gvc, agraph.handle, b"dot") != 0:
            raise VizError("Graphviz could not lay out the graph.")
        try:
            err, answer = gv.gvRenderData(gvc, agraph.handle, b"json0")
            if err:
                raise VizError("Graphviz could not report its layout.")
            drawn = from_json0(as_graph(graph), json.loads(answer), rankdir)
            if fmt == "png":
                _check_png_size(drawn, scale)
            for name, fill in exact_fills(graph, drawn, has_grads=has_grads).items():
                agraph.get_node(name).attr["fillcolor"] = fill
            err, data = gv.gvRenderData(gvc, agraph.handle, _RENDERERS[fmt].encode())
            if err:
                raise VizError(f"Graphviz could not draw the graph as {fmt}.")
        finally:
            gv.gvFreeLayout(gvc, agraph.handle)
    finally:
        gv.gvFreeContext(gvc)
    return _stable_svg_ids(data) if fmt == "svg" else data


def render_pinned(source: str, layout: Layout, fmt: str, *, scale: float = 1.0,
                  transparent: bool = False) -> bytes:
    """Render DOT made by ``to_dot(..., layout=layout)`` as svg, png or pdf."""
    scale = _check_scale(scale)
    if fmt == "png":
        _check_png_size(layout, scale)
    # Options first, as a graph attribute line of their own right after "digraph G {".
    head, body = source.split("\n", 1)
    line = " ".join(f'{k}="{v}"' for k, v in _graph_attrs(fmt, scale, transparent).items())
    data = render(f"{head}\ngraph [{line}];\n{body}", _RENDERERS[fmt], prog="nop2")
    return _stable_svg_ids(data) if fmt == "svg" else data


# Graphviz names each gradient fill "node3_l_17" from a counter that runs for the
# whole process, so the same graph gave different files, and two pictures in one
# web page (a saved notebook) could borrow each other's fills. Name them after the
# node and the picture's content instead: the same graph, the same file.
_GRADIENT_ID = re.compile(rb"\b((?:node|edge|clust|graph)\d+)_([lr])_\d+\b")


def _stable_svg_ids(svg: bytes) -> bytes:
    marked = _GRADIENT_ID.sub(rb"GEFILL_\1_\2", svg)
    if marked is svg or b"GEFILL_" not in marked:
        return svg
    digest = hashlib.sha1(marked).hexdigest()[:10].encode()
    return marked.replace(b"GEFILL_", b"ge" + digest + b"_")


def export_graph(graph, path: str | os.PathLike, fmt: str | None = None, *, scale: float = 1.0,
                 transparent: bool = False, rankdir: str = "LR", overwrite: bool = False,
                 has_grads: bool | None = None, layout: Layout | None = None) -> Path:
    """Write ``graph`` to ``path`` as svg, png, pdf or dot (from the extension
    unless ``fmt`` says); return the path written.

    Nothing is written when anything fails, and an existing file is replaced only
    with ``overwrite=True``; errors are :class:`ExportError` sentences."""
    fmt = format_for(path, fmt)
    target = check_writable(path, overwrite=overwrite)  # before the work, not after
    data = render_graph(graph, fmt, scale=scale, transparent=transparent, rankdir=rankdir,
                        has_grads=has_grads, layout=layout)
    return atomic_write_bytes(target, data, overwrite=overwrite)


def _check_scale(scale) -> float:
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise ExportError(f"The scale must be a number, not {scale!r}.") from None
    if not math.isfinite(value) or value <= 0 or value > 20:
        raise ExportError(f"The scale must be a number above 0 and at most 20, not {scale!r}.")
    return value


def _is_graph_or_value(obj) -> bool:
    from ..engine import Graph, Value

    return isinstance(obj, (Graph, Value))
