"""Python's cyclic garbage collector, paused while many acyclic objects are made.

Reading a long text (ast nodes, Values) and reading Graphviz's answer for a big
graph (texts, boxes, points) each make tens or hundreds of thousands of small
objects with no reference cycles among them. The cyclic collector would walk them
again and again as they are made (half the time of a 10,000-line text); reference
counting still frees them, so nothing is lost by pausing it meanwhile.

When it ran again, what was made meanwhile was all still in its youngest
generation: its next pass walked all of it at once (the ~400,000 objects of a
12,000-line text: 50-340 ms, holding the interpreter lock, so the window froze
although the text was read on a worker thread), the pass after that again one
generation up (70-500 ms). So the pause ends by moving what it made straight to
the oldest generation, without walking it: ``gc.freeze()`` then ``gc.unfreeze()``,
each a constant-time splice of the collector's lists. Only passes over the whole
heap look at it again (and find whatever of it becomes cyclic garbage). What was
young before the pause first gets its ordinary young pass (a few thousand objects
at most, ~1 ms), so only what the pause made skips them: objects moved up this way
do not count towards Python's trigger for a whole-heap pass, and a test's closed
windows moved up with them were left as garbage until the interpreter exited.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block; a collector someone else
    paused stays paused. What the block made is then in the oldest generation."""
    was = gc.isenabled()
    if was:
        gc.collect(1)  # what was young before: its ordinary pass (see the module)
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
