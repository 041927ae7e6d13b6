"""The Training lab's network diagram at the canvas's narrowest (a 1024-px window)."""

import numpy as np
import pytest

from explorer.ui.training_canvas import TrainingCanvas


@pytest.mark.parametrize("sizes", [[2, 16, 16, 1], [2, 8, 8, 8, 1]])
def test_the_network_diagrams_layer_names_stay_apart_at_the_narrowest_canvas(qtbot, sizes):
    canvas = TrainingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(canvas.minimumSize())
    canvas.show()
    qtbot.waitExposed(canvas)
    assert canvas.figure.bbox.width <= canvas.minimumWidth() * canvas.devicePixelRatioF() + 1
    canvas.set_data((-1, 1, -1, 1), np.zeros((4, 2)), np.ones(4), sizes)
    canvas.draw()
    renderer = canvas.figure.canvas.get_renderer()
    names = [t for t in canvas.net_ax.texts if "\n" in t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in names]
    assert len(boxes) == len(sizes)
    for (left, right), (a, b) in zip(zip(names, names[1:]), zip(boxes, boxes[1:])):
        assert a.x1 < b.x0, f"{left.get_text()!r} runs into {right.get_text()!r}"
