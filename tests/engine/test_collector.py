"""The cyclic garbage collector after a pause (engine.collector): what was made while
it was paused is not walked by the young passes that follow, and is still collected
when it becomes cyclic garbage."""

import gc
import time
import weakref

from explorer.engine.collector import collector_paused
from explorer.lang import parse


def long_text(lines: int = 12_000) -> str:
    return "x = 1.0\n" + "".join(f"x{i} = x{i - 1 if i else ''} * 1.0001 + x\n" for i in range(lines))


def test_the_collectors_next_pass_after_reading_a_long_text_is_short():
    text = long_text()
    gc.collect()
    graph = parse(text).build()  # read with the collector paused
    start = time.thread_time()
    gc.collect(1)  # what the collector does next on its own: a pass over its young generations
    took = time.thread_time() - start

    # Before: it walked the text's ~400,000 new objects, 50-230 ms holding the interpreter
    # lock (the window froze though the text was read on a worker thread).
    assert len(graph.nodes) > 36_000 and took < 0.010


def test_cyclic_garbage_made_while_paused_is_still_collected():
    class Node:
        pass

    with collector_paused():
        node = Node()
        node.me = node  # a reference cycle: only the cyclic collector can free it
    alive = weakref.ref(node)
    del node
    gc.collect()

    assert alive() is None


def test_garbage_made_before_a_pause_is_still_found_by_the_young_passes():
    class Node:
        pass

    node = Node()
    node.me = node
    alive = weakref.ref(node)
    del node  # young cyclic garbage: the next young pass frees it
    with collector_paused():
        pass
    gc.collect(1)  # a pass over the young generations only

    # Before, the pause moved it to the oldest generation with what the pause made,
    # and a whole-heap pass, which such moves never bring about, was needed to free it.
    assert alive() is None
