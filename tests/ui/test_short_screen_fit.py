"""On a short screen (1366x768, a common laptop) the first example a learner opens, the
lecture's neuron, is shown whole, and the tangent plot under it still draws a real plot
with its readouts whole: the plot gives up height it has to spare on short windows."""

from __future__ import annotations

import pytest

from explorer.ui.graph_zoom import READABLE_TEXT_PX
from tests.ui.test_examples_fit import inside, open_example


@pytest.mark.parametrize("size", [(1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_neuron_is_whole_on_a_short_laptop_screen_and_the_plot_still_readable(qtbot, size):
    window = open_example(qtbot, "neuron", size)
    view = window.graph_view
    items = view.value_items()
    smallest = min(view.transform().m11() * item.label_font.pixelSize() for item in items)
    assert smallest >= READABLE_TEXT_PX
    assert all(inside(view, item) for item in items), "some value box is outside the graph's view"
    qtbot.waitUntil(lambda: window.plot_panel is not None, timeout=20000)  # built after the graph
    qtbot.wait(50)
    panel = window.plot_panel
    canvas = panel.canvas
    box = canvas.ax.get_window_extent()  # the axes, in device pixels
    axes_h = box.height / canvas.devicePixelRatioF()
    assert axes_h >= 140, f"the plot's axes are {axes_h:.0f} px tall"
    readouts = panel.readout_panel
    assert readouts.height() >= readouts.minimumSizeHint().height()
    assert not readouts.visibleRegion().isEmpty()
    assert readouts.visibleRegion().boundingRect().height() >= readouts.minimumSizeHint().height()
