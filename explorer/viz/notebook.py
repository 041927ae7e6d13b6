"""``draw_dot``: the lecture's graph picture, for Jupyter and scripts.

    from explorer import Value, draw_dot
    ...
    draw_dot(L)            # shown inline in a notebook (SVG)
    draw_dot(L).save("L.png")
    draw_dot(L, format="png", rankdir="TB").render("gout")   # writes gout and gout.png

Works like the lecture's ``draw_dot`` built on the ``graphviz`` package, but
needs no ``dot`` program: Graphviz runs inside Python through pygraphviz. The
picture is a snapshot: the numbers are those at the moment ``draw_dot`` was
called, as a notebook cell's output should be.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..engine import Graph
from ..fileio import atomic_write_bytes, check_writable
from .dot import RANKDIRS, as_graph, check_rankdir, to_dot
from .export import format_for, render_pinned
from .foreign import is_value_like, mirror
from .layout import layout as compute_layout

__all__ = ["draw_dot", "GraphImage"]


class GraphImage:
    """A drawn graph: displays itself in Jupyter, saves itself to a file."""

    def __init__(self, root_or_graph, rankdir: str = "LR", *, has_grads: bool | None = None):
        check_rankdir(rankdir)
        if is_value_like(root_or_graph):
            root_or_graph = mirror(root_or_graph)  # the lecture's own Value, micrograd's: copied once
        elif not isinstance(root_or_graph, Graph):
            as_graph(root_or_graph)  # a clear error for anything but a value or Graph
        self.rankdir = rankdir
        self._layout = compute_layout(root_or_graph, rankdir)
        # Snapshot the text now, so later changes to the values do not leak in.
        self._pinned = to_dot(root_or_graph, rankdir=rankdir, has_grads=has_grads, layout=self._layout)
        #: Plain DOT source (no positions), as ``graphviz.Digraph.source`` gives it.
        self.source = to_dot(root_or_graph, rankdir=rankdir, has_grads=has_grads)
        self._cache: dict[tuple, bytes] = {}
        self.format = "svg"  # what render() writes, as graphviz.Digraph's format

    @property
    def width(self) -> float:
        """Width of the drawing in points."""
        return self._layout.width

    @property
    def height(self) -> float:
        return self._layout.height

    def pipe(self, format: str = "svg", *, scale: float = 1.0, transparent: bool = False) -> bytes:  # noqa: A002
        """The picture as bytes: svg, png, pdf or dot (``graphviz.Digraph.pipe``'s name)."""
        fmt = format_for("", format)
        if fmt == "dot":
            return (self.source + "\n").encode("utf-8")
        key = (fmt, scale, transparent)
        if key not in self._cache:
            self._cache[key] = render_pinned(self._pinned, self._layout, fmt, scale=scale,
                                             transparent=transparent)
        return self._cache[key]

    def _repr_svg_(self) -> str:
        return self.pipe("svg").decode("utf-8")

    def _repr_png_(self) -> bytes:
        return self.pipe("png")

    def save(self, path: str | os.PathLike, fmt: str | None = None, *, overwrite: bool = True,
             scale: float = 1.0, transparent: bool = False) -> Path:
        """Write the picture to ``path`` (format from the extension unless ``fmt``
        says). Replaces an existing file unless ``overwrite=False``, so a notebook
        cell can be run again; the write is atomic."""
        fmt = format_for(path, fmt)
        target = check_writable(path, overwrite=overwrite)
        data = self.pipe(fmt, scale=scale, transparent=transparent)
        return atomic_write_bytes(target, data, overwrite=overwrite)

    def render(self, filename: str | os.PathLike = "Digraph.gv", directory: str | os.PathLike | None = None,
               *, format: str | None = None, cleanup: bool = False) -> str:  # noqa: A002
        """What ``graphviz.Digraph.render`` does, so a notebook's ``dot.render('gout')``
        works: write the DOT source to ``filename`` and the picture beside it as
        ``filename.svg`` (or the ``format`` given here or to ``draw_dot``); with
        ``cleanup=True`` only the picture is kept. Returns the picture's path."""
        fmt = format_for("", format or self.format)
        source = Path(directory, filename) if directory is not None else Path(filename)
        picture = source.with_name(f"{source.name}.{fmt}")
        if not cleanup:
            atomic_write_bytes(check_writable(source, overwrite=True), (self.source + "\n").encode("utf-8"),
                               overwrite=True)
        self.save(picture, fmt)
        return str(picture)

    def __repr__(self) -> str:
        return f"<GraphImage {self.width:.0f}x{self.height:.0f} pt; display in Jupyter or .save(path)>"


def draw_dot(root_or_graph, format: str = "svg", rankdir: str = "LR") -> GraphImage:  # noqa: A002
    """Draw the graph behind ``root_or_graph`` like the lecture: a box
    ``{ label | data | grad }`` per value, a small node per operation.

    ``root_or_graph`` is a Value or a Graph, or a value of any micrograd-like class
    (``data``, ``grad``, ``_prev``, ``_op``: the lecture's own ``Value``, micrograd's).
    ``format`` and ``rankdir`` are those of micrograd's ``draw_dot(root, format='svg',
    rankdir='LR')``; ``format`` is what :meth:`GraphImage.render` writes. Positional
    ``draw_dot(L, 'TB')`` still means the direction, as it did before ``format``."""
    if format in RANKDIRS and rankdir == "LR":
        format, rankdir = "svg", format
    image = GraphImage(root_or_graph, rankdir)
    image.format = format_for("", format)
    return image
