"""One value reads the same wherever it is read as text (explorer.engine.numbers):
the lecture's neuron output o = tanh(0.8814) read 0.707107 in the status bar and
0.7071067812 in the Inspector and the plot's readout."""

from __future__ import annotations

from PySide6.QtCore import Qt

from explorer.model.session import NEURON_EXAMPLE, Session


def test_the_neurons_output_reads_the_same_in_the_status_bar_the_inspector_and_the_plot(make_gui, qtbot):
    gui = make_gui(Session(NEURON_EXAMPLE))
    window, session = gui.window, gui.session
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.plot_panel is not None, timeout=5000)
    view = window.graph_view
    qtbot.waitUntil(lambda: view.item_for(session.graph.root) is not None, timeout=5000)
    box = view.item_for(session.graph.root)
    view.centerOn(box)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(box.sceneBoundingRect().center()))  # the Inspector shows o
    qtbot.waitUntil(lambda: window.inspector.isVisible() and window.inspector.title.text() == "o")
    window.plot_panel.set_variable("w1")  # o against w1: f(x0) is o

    status = window.status_line.output.text().split(" = ")[-1]
    inspector = window.inspector.data.text().split()[1]
    readout = window.plot_panel.readouts["f"].text()
    assert status == inspector == readout == "0.707107"


def test_number_boxes_write_their_numbers_as_the_rest_of_the_window_does(make_gui, qtbot):
    # The learning rate read "0.010000" in the Controls beside "Undo Step (lr 0.01)",
    # and the lab's "0.0500" beside its status line's "next lr 0.05".
    gui = make_gui(Session(NEURON_EXAMPLE))
    gui.window.show()
    gui.actions["step"].trigger()
    assert gui.actions["undo"].text() == "&Undo Step (lr 0.01)"
    lab = gui.training.open().form
    lab.lr.setValue(0.05)

    assert (gui.window.controls.lr.lineEdit().text(), lab.lr.lineEdit().text()) == ("0.01", "0.05")
    gui.training.shutdown()
