"""Memory is given back as soon as a document is replaced: by reference counting,
not left for a pass of the cyclic garbage collector over the whole heap."""

import gc

from explorer.model.session import Session
from tests.ui.test_long_errors import long_text


def test_replacing_the_document_again_and_again_does_not_keep_the_old_ones(make_gui, qtbot, tmp_path):
    gui = make_gui(Session())
    window = gui.window
    window.resize(1000, 700)
    window.show()
    files = []
    for k in range(2):
        path = tmp_path / f"text{k}.txt"
        path.write_text(long_text(2000 + k))
        files.append(path)
    tracked = []
    for i in range(20):
        gui.documents.open(str(files[i % 2]))
        qtbot.waitUntil(lambda: not (window.parser.busy or window.graph_view.is_busy
                                     or window.graph_view.collector_held), timeout=30_000)
        qtbot.wait(20)
        tracked.append(len(gc.get_objects()))  # alive, or garbage the collector has yet to find

    # Counted without forcing a collection: what only the cyclic collector can free waits
    # for a pass over the whole heap, which may not come for a long time (what a pause
    # of the collector makes skips the counts that set one off). Before: a replaced
    # text's graph was held in a reference cycle (its namer), +25,000 objects a document;
    # then the old drawing's edges (EdgeItem <-> EdgeLayer), ~+1,700 a document.
    assert max(tracked[10:]) - max(tracked[:10]) < 10_000, tracked
