"""Lay out one graph in a separate process: DOT on stdin, Graphviz's json0 on stdout.

Run as a script (``python graph_layout_worker.py``), not as ``-m``, so that
starting it imports neither Qt nor the window's package: only pygraphviz, which
keeps the child's start-up near 60 ms (importing ``explorer`` would bring numpy
and cost 0.3 s). The window uses it for graphs whose layout takes long:
pygraphviz holds Python's global lock while Graphviz works, so a layout in a
thread would still freeze the window, while a process can be left alone, or
killed when the user cancels.

Protocol: the first line of stdin names the Graphviz program (``dot``), the rest
is the DOT source. Exit status 0 with the json0 text on stdout, or 1 with one
line on stderr saying what went wrong. The parent reads the answer exactly as
:func:`explorer.viz.layout.layout` reads its own (same DOT, same json0).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Python puts this script's folder first on the path; its modules (theme, editor...)
# are the window's, not ours to import here.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != _HERE]


def render(source: str, prog: str) -> bytes:
    """What explorer.viz.layout.render does for json0, without importing the package."""
    import pygraphviz
    from pygraphviz import graphviz as gv

    agraph = pygraphviz.AGraph(string=source)
    gvc = gv.gvContextWithBuiltins()
    try:
        if gv.gvLayout(gvc, agraph.handle, prog.encode()) != 0:
            raise RuntimeError(f"Graphviz could not lay out the graph with '{prog}'.")
        try:
            err, out = gv.gvRenderData(gvc, agraph.handle, b"json0")
        finally:
            gv.gvFreeLayout(gvc, agraph.handle)
        if err:
            raise RuntimeError("Graphviz could not write its layout.")
        return out
    finally:
        gv.gvFreeContext(gvc)


def main() -> int:
    data = sys.stdin.buffer.read().decode("utf-8")
    prog, _, source = data.partition("\n")
    try:
        out = render(source, prog.strip() or "dot")
    except Exception as exc:  # noqa: BLE001 - the parent turns this line into a user message
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
