"""Lay out graphs in a separate, long-lived process: DOT in on stdin, Graphviz's json0 out on stdout.

Run as a script (``python graph_layout_worker.py``), not as ``-m``, so that
starting it imports neither Qt nor the window's package: only pygraphviz, which
keeps the child's start-up near 60 ms (importing ``explorer`` would bring numpy
and cost 0.3 s). The window starts one while it is idle and keeps it waiting
(:mod:`graph_layout_job`), so a background layout starts at once instead of
paying that start-up each time. pygraphviz holds Python's global lock while
Graphviz works, so a layout in a thread would still freeze the window, while a
process can be left alone, or killed when the user cancels.

Protocol, one request after another until stdin closes:

* request: ``<n>\\n`` then ``n`` bytes of UTF-8: the Graphviz program (``dot``), a
  newline, the DOT source;
* answer: ``ok <n>\\n`` then ``n`` bytes of json0, or ``error <n>\\n`` then ``n`` bytes
  of one line saying what went wrong.

The parent reads the json0 exactly as :func:`explorer.viz.layout.layout` reads its
own (same DOT, same json0), so both paths give the same boxes.
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


def serve(stdin, stdout) -> int:
    """Answer requests until ``stdin`` ends (the window closed it, or went away)."""
    import pygraphviz  # noqa: F401 - loaded now, while nobody waits

    while True:
        header = stdin.readline()
        if not header:
            return 0
        size = int(header)
        data = stdin.read(size).decode("utf-8")
        prog, _, source = data.partition("\n")
        try:
            out = render(source, prog.strip() or "dot")
            stdout.write(b"ok %d\n" % len(out))
        except Exception as exc:  # noqa: BLE001 - the parent turns this line into a user message
            out = str(exc).replace("\n", " ").encode("utf-8")
            stdout.write(b"error %d\n" % len(out))
        stdout.write(out)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))
