"""The problems line and the notes list under the editor."""

from __future__ import annotations

from explorer.ui.problems import MAX_ROWS, ProblemsPanel

LONG_NOTES = [
    (1, 0, "`import math` understood: the lecture's imports are not needed here"),
    (2, 12, "`import numpy as np` understood: the lecture's imports are not needed here"),
    (11, 200, "print(L) shows nothing here: the graph already shows L"),
]


def test_long_notes_in_a_narrow_column_are_shown_whole(qtbot):
    # The editor's column at 1024 x 768 is about 230 px wide: notes wrap, nothing scrolls sideways.
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.resize(230, 400)
    panel.show()
    panel.set_notes(LONG_NOTES)
    qtbot.wait(20)
    notes = panel.notes
    viewport = notes.viewport().rect()
    rows = [notes.visualItemRect(notes.item(i)) for i in range(notes.count())]
    assert not notes.horizontalScrollBar().isVisible()
    assert all(viewport.contains(r) for r in rows) and rows[0].height() >= 2 * notes.sizeHintForRow(1) - 2


def test_many_notes_show_the_first_few_and_scroll(qtbot):
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    panel.set_notes([(k, k, f"note {k}") for k in range(1, 10)])
    qtbot.wait(20)
    notes = panel.notes
    shown = [k for k in range(notes.count())
             if notes.viewport().rect().contains(notes.visualItemRect(notes.item(k)))]
    assert shown == list(range(MAX_ROWS))
