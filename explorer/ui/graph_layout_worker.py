"""Lay out graphs in a separate, long-lived process: DOT in on stdin, Graphviz's positions out on stdout.

Run as a script (``python graph_layout_worker.py``), not as ``-m``, so that
starting it imports neither Qt nor the window's package: only pygraphviz (and
:mod:`explorer.viz.gv_positions`, loaded by its file path), which
keeps the child's start-up near 60 ms (importing ``explorer`` would bring numpy
and cost 0.3 s). The window starts one while it is idle and keeps it waiting
(:mod:`graph_layout_job`), so a background layout starts at once instead of
paying that start-up each time. pygraphviz holds Python's global lock while
Graphviz works, so a layout in a thread would still freeze the window, while a
process can be left alone, or killed when the user cancels.

Protocol, one request after another until stdin closes:

* request: ``<n>\\n`` then ``n`` bytes of UTF-8: the Graphviz program (``dot``), a
  newline, the DOT source;
* answer: ``ok <n>\\n`` then ``n`` bytes of :mod:`~explorer.viz.gv_positions`' lines,
  or ``error <n>\\n`` then ``n`` bytes of one line saying what went wrong;
* ``0\\n`` alone, no answer: the window has drawn the last answer, Graphviz's layout
  of it may be freed now (see :func:`_while_the_window_draws`).

The parent reads them exactly as :func:`explorer.viz.layout.layout` reads its
own (same DOT, same code writing them), so both paths give the same boxes.
"""

from __future__ import annotations

import importlib.util
import select
import sys
from pathlib import Path

# Python puts this script's folder first on the path; its modules (theme, editor...)
# are the window's, not ours to import here.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != _HERE]


def _positions_module():
    """explorer/viz/gv_positions.py, loaded from its file: the package itself is not imported."""
    path = _HERE.parent / "viz" / "gv_positions.py"
    spec = importlib.util.spec_from_file_location("gv_positions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Seconds the layout is kept after its answer, unless the window writes sooner.
_FREE_AFTER = 0.5


def _while_the_window_draws(stdin, seconds: float) -> None:
    """Wait ``seconds``, or until the window writes: it says when it has drawn the
    answer (``0``), or sends the next request. Freeing a thousand-node layout takes
    10-100 ms of CPU: on a busy machine that is better spent after the window has read
    and drawn the answer than alongside it; and before the next request, which
    otherwise waits for it (a user's next edit often comes within the half second)."""
    try:
        select.select([stdin], [], [], seconds)
    except (OSError, ValueError):  # (on Windows select cannot wait on a pipe: no wait)
        pass


def serve(stdin, stdout) -> int:
    """Answer requests until ``stdin`` ends (the window closed it, or went away)."""
    import pygraphviz  # noqa: F401 - loaded now, while nobody waits

    lay_out = _positions_module().lay_out

    while True:
        header = stdin.readline()
        if not header:
            return 0
        size = int(header)
        if size == 0:  # the window drew the last answer (its layout is freed by now)
            continue
        data = stdin.read(size).decode("utf-8")
        prog, _, source = data.partition("\n")
        sent = []

        def answer(out: bytes, word: bytes = b"ok", sent: list = sent) -> None:
            stdout.write(b"%s %d\n" % (word, len(out)))
            stdout.write(out)
            stdout.flush()
            sent.append(word)
            if word == b"ok":
                _while_the_window_draws(stdin, _FREE_AFTER)

        try:
            # Answered before Graphviz frees the graph: the window need not wait for that.
            lay_out(source, prog.strip() or "dot", answer)
        except Exception as exc:  # noqa: BLE001 - the parent turns this line into a user message
            if not sent:  # (one answer a request, whatever failed after it)
                answer(str(exc).replace("\n", " ").encode("utf-8"), b"error")


if __name__ == "__main__":
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))
