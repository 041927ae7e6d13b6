"""Run Graphviz where its crash cannot take the program down, within a time budget.

Graphviz is C code: on some graphs its layout runs for minutes, and on a few it
crashes the whole process (a 60,000-deep chain: SIGSEGV inside ``dot``'s layout,
exit 139 with no message). The command line therefore draws in a child process
made with ``fork`` (the graph is already in its memory; only the finished bytes
come back through a pipe). A child that crashes or runs past the budget becomes
one sentence, and nothing is written.

Where ``fork`` is not available (Windows), or not safe (macOS, whose system
libraries refuse a forked child), the work runs in this process: the size limit
(:data:`MAX_RENDER_NODES`) still applies, only the crash and time guards do not.
The window has its own layout process (``explorer.ui.graph_layout_job``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable

from ..errors import ExplorerError, ExportError
from .dot import VizError

__all__ = ["run_isolated", "check_size", "long_edges", "MAX_RENDER_NODES", "MAX_RENDER_EDGES",
           "MAX_RENDER_SPANS", "LAYOUT_SECONDS"]

# Graphviz's dot takes about 17 s on 4,000 nodes and grows faster than linearly;
# past these sizes a picture is unreadable anyway.
MAX_RENDER_NODES = 2_000
MAX_RENDER_EDGES = 4_000
MAX_RENDER_SPANS = 3_000  # see long_edges()
# The most a layout and its rendering may take before the child is stopped.
LAYOUT_SECONDS = 30.0
MAX_CHILD_BYTES = 4 * 2**30


def long_edges(graph) -> int:
    """About how many ranks Graphviz's edges cross: an input used far down the graph
    (``b = a + a + ... + a``, 70 terms) makes an edge spanning many ranks, each a
    hidden node to place; 5,000 of them take Graphviz's ``dot`` a quarter of a minute.

    Ranks as ``dot`` assigns them: a computed value two below its deepest input (its
    op node sits between), a leaf just before its first use."""
    rank: dict = {}
    for v in graph.nodes:
        if v.op is not None:
            rank[v] = 2 + max((rank.get(c, 0) for c in v.children), default=0)
    for v in reversed(graph.nodes):
        if v.op is not None:
            for c in v.children:
                if c.op is None:
                    rank[c] = min(rank.get(c, rank[v] - 2), rank[v] - 2)
    return sum(max(0, rank[v] - 2 - rank.get(c, 0)) for v in graph.nodes if v.op is not None
               for c in v.children)


def check_size(graph) -> None:
    """Refuse, with a sentence, a graph too big for Graphviz to lay out in time."""
    nodes = len(graph.nodes)
    edges = sum(len(v.children) for v in graph.nodes)
    spans = long_edges(graph)
    if spans > MAX_RENDER_SPANS:
        raise VizError(f"The graph's arrows cross {spans:,} levels of it (an input used far down the graph); "
                       f"drawing is limited to {MAX_RENDER_SPANS:,}, as Graphviz would take minutes. "
                       "Use --format dot to get the graph as text.")
    if nodes > MAX_RENDER_NODES:
        raise VizError(f"The graph has {nodes:,} values; drawing is limited to {MAX_RENDER_NODES:,} "
                       "(Graphviz would take minutes, and the picture would be unreadable). "
                       "Draw a smaller part, or use --format dot to get the graph as text.")
    if edges > MAX_RENDER_EDGES:
        raise VizError(f"The graph has {edges:,} arrows; drawing is limited to {MAX_RENDER_EDGES:,} "
                       "(Graphviz would take minutes). Use --format dot to get the graph as text.")


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def run_isolated(work: Callable[[], bytes], *, seconds: float = LAYOUT_SECONDS,
                 what: str = "Graphviz") -> bytes:
    """``work()`` in a forked child; its bytes, or the ExplorerError it raised, or a
    VizError saying it crashed or ran out of time."""
    if not _can_fork():
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the answer, leave without cleanup
        os.close(read_end)
        code = 0
        try:
            _quiet_stderr()
            _limit_memory()
            try:
                payload = b"D" + work()
            except ExplorerError as exc:
                payload = (b"V" if isinstance(exc, VizError) else b"E") + str(exc).encode("utf-8", "replace")
                code = 3
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - a child must never run the parent's code
            code = 4
        os._exit(code)
    os.close(write_end)
    return _collect(pid, read_end, seconds, what)


def _quiet_stderr() -> None:
    """Graphviz and its font library print warnings on stderr ("Fontconfig warning",
    "Illegal value in color attribute"); a failure is reported as one sentence by
    the parent instead, so the child's stderr goes to the null device."""
    import faulthandler

    faulthandler.disable()  # a crash is the parent's to report, once
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass


def _limit_memory() -> None:
    """At most MAX_CHILD_BYTES of address space for the child: a layout that would
    take all the memory fails (and is reported) instead of slowing the machine."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = MAX_CHILD_BYTES if hard == resource.RLIM_INFINITY else min(MAX_CHILD_BYTES, hard)
        if soft == resource.RLIM_INFINITY or soft > want:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):
        pass


def _collect(pid: int, read_end: int, seconds: float, what: str) -> bytes:
    import selectors
    import time

    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    with selectors.DefaultSelector() as sel, os.fdopen(read_end, "rb", buffering=0) as pipe:
        sel.register(pipe, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not sel.select(timeout=left):
                continue
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        raise VizError(f"{what} did not finish within {seconds:g} s, so it was stopped and nothing "
                       "was written; draw a smaller graph, or use --format dot to get it as text.")
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise VizError(f"{what} crashed while drawing this graph ({name}); nothing was written. "
                       "Draw a smaller graph, or use --format dot to get it as text.")
    data = b"".join(chunks)
    kind, body = data[:1], data[1:]
    if kind == b"D" and os.WEXITSTATUS(status) == 0:
        return body
    if kind == b"V":
        raise VizError(body.decode("utf-8", "replace"))
    if kind == b"E":
        raise ExportError(body.decode("utf-8", "replace"))
    raise VizError(f"{what} stopped without drawing the graph (exit status {os.WEXITSTATUS(status)}); "
                   "nothing was written.")
