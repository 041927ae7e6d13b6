"""The Training lab's status line in a narrow dock (a 1024 x 768 window): never cut off."""

import pytest
from PySide6.QtCore import Qt

from explorer.engine.numbers import format_number
from explorer.engine.training_run import LabSettings
from explorer.model.training_lab import LabSnapshot
from explorer.ui.training_status import StatusLine, status_parts


def fits(label) -> bool:
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def test_at_1024_by_768_the_labs_status_line_is_whole_while_training_and_after(make_gui, qtbot):
    gui = make_gui()
    window = gui.window
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    gui.documents.open_example("training")
    panel = gui.training.panel
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert window.width() <= 1024  # the window with the lab open still fits the screen
    panel.form.steps.setValue(100_000)
    panel.form.lr.setValue(0.01)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "steps/s" in panel.status.text(), timeout=20_000)
    status = panel.status
    assert fits(status) and "loss " in status.text() and status.text().startswith("training")
    with qtbot.waitSignal(panel.runStopped, timeout=10_000):
        panel.pause()
    qtbot.waitUntil(lambda: status.text().startswith("paused"), timeout=2000)
    assert fits(status) and f"loss {format_number(panel.lab.run.loss())} " in status.text()
    assert f"accuracy {panel.lab.run.accuracy() * 100:.0f} %" in status.text()  # at the weights it shows
    bar = panel.progress
    assert bar.fontMetrics().horizontalAdvance("step 100,000 of 100,000") < bar.contentsRect().width()


def test_a_narrow_line_drops_the_least_important_parts_whole_and_keeps_them_in_the_tooltip(qtbot):
    line = StatusLine()
    qtbot.addWidget(line)
    snap = LabSnapshot(version=1, step=40, steps=100, losses=[0.5, 0.25], accuracies=[0.5, 0.75],
                       weights=[], lr=0.1, running=True, message="", steps_per_second=1234.0)
    parts = status_parts(snap, LabSettings().describe())
    for width in (900, 400, 250, 150):
        line.resize(width, 20)
        line.set_parts(parts)
        line.show()
        assert fits(line) or line.text() == "training"
        assert line.text().startswith("training") and "…" not in line.text()
    line.resize(250, 20)
    assert "loss 0.25" in line.text() and "MLP" not in line.text() and "MLP(2, [16, 16, 1])" in line.toolTip()


@pytest.mark.parametrize("width", [460, 900])
def test_the_loss_and_accuracy_always_show_beside_or_under_the_progress_bar(qtbot, width):
    # At 1024 px the line beside the bar had ~270 px, and a six-digit loss pushed the
    # accuracy out of it: there the line now goes under the bar.
    from PySide6.QtWidgets import QProgressBar

    from explorer.ui.training_status import ProgressAndStatus

    bar = QProgressBar()
    bar.setFixedWidth(bar.fontMetrics().horizontalAdvance("step 100,000 of 100,000") + 24)
    line = ProgressAndStatus(bar, StatusLine())
    qtbot.addWidget(line)
    line.resize(width, 60)
    line.show()
    qtbot.waitExposed(line)
    line.status.set_parts([(0, "paused"), (1, "loss 0.000795217"), (3, "accuracy 100 %"),
                           (4, "next lr 0.01"), (5, "MLP(3, [4, 4, 1]) on 4 points")])
    qtbot.wait(20)
    assert "loss 0.000795217 · accuracy 100 %" in line.status.text()
