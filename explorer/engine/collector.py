"""Python's cyclic garbage collector, paused while many acyclic objects are made.

Reading a long text (ast nodes, Values) and reading Graphviz's answer for a big
graph (texts, boxes, points) each make tens or hundreds of thousands of small
objects with no reference cycles among them. The cyclic collector would walk them
again and again as they are made (half the time of a 10,000-line text); reference
counting still frees them, so nothing is lost by pausing it meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block; a collector someone else
    paused stays paused."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
