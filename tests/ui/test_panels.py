"""The smaller panels on their own: history chart, step-through panel, gradcheck dialog."""

import math

from explorer.model.commands import Commands
from explorer.model.session import L_EXAMPLE, Session
from explorer.ui.gradcheck_dialog import GradCheckDialog
from explorer.ui.history_chart import HistoryChart


def test_the_history_chart_draws_steps_and_skips_overflow(qtbot):
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(300, 120)

    chart.set_values([-8.0, -7.3, math.inf, -6.1])
    image = chart.grab()

    assert not image.isNull() and "3 steps" in chart.toolTip()


def test_the_history_chart_explains_itself_when_empty(qtbot):
    chart = HistoryChart()
    qtbot.addWidget(chart)

    chart.set_values([])

    assert not chart.grab().isNull() and chart.values == []


def test_gradcheck_dialog_refuses_a_bad_h_in_words(qtbot):
    dialog = GradCheckDialog(Commands(Session(L_EXAMPLE)))
    qtbot.addWidget(dialog)
    dialog.h.setCurrentText("tiny")

    dialog.run()

    assert "h must be a small positive number" in dialog.summary.text()


def test_gradcheck_dialog_fills_one_row_per_leaf(qtbot):
    dialog = GradCheckDialog(Commands(Session(L_EXAMPLE)))
    qtbot.addWidget(dialog)

    dialog.run()

    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["a", "b", "c", "f"]
