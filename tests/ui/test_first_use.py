"""What a new user met in the window before the application model (issue 11's "Why"),
each as the window shows it now: a step undone and redone, the Edit menu's names,
one example opened after another, exploring without being asked to save."""

from __future__ import annotations

import pytest

from explorer.model.session import L_EXAMPLE, Session


@pytest.fixture
def lecture(make_gui):
    """The lecture's L graph, with the tangent plot built at once."""
    return make_gui(Session(L_EXAMPLE), lazy_plot=False)


NAMES_OF_F_OF_X = ["f(x)", "df/dx by backprop"]  # the derivative example: y = f(x)


def numbers(session) -> dict[str, float]:
    by_name = session.graph.by_name
    return {name: by_name[name].data for name in ("a", "b", "c", "f", "L")}


def test_undo_after_a_step_goes_back_to_before_the_step_and_redo_forward_to_it(lecture):
    # c = 5, Backward, Step (ascent): L = 2.57762. Ctrl+Z used to set c back to 10 and keep
    # the stepped a, b, f: L = -7.51, a state that never existed; Redo then gave 2.53742.
    gui = lecture
    session, act = gui.session, gui.actions
    gui.commands.set_settings(ascent=True)
    gui.commands.set_leaf("c", 5.0)
    act["backward"].trigger()
    act["step"].trigger()
    stepped = numbers(session)
    assert round(stepped["L"], 5) == 2.57762
    assert act["undo"].text() == "&Undo Step (lr 0.01)"

    act["undo"].trigger()

    assert numbers(session) == {"a": 2.0, "b": -3.0, "c": 5.0, "f": -2.0, "L": 2.0}
    assert not gui.window.controls.chart.isVisible() or gui.window.controls.chart.values == [2.0]
    assert act["redo"].text() == "&Redo Step (lr 0.01)"

    act["redo"].trigger()

    assert numbers(session) == stepped and round(session.output.data, 5) == 2.57762
    assert gui.window.controls.chart.values == [2.0, stepped["L"]]  # "Output over the steps"


def test_the_edit_menu_says_what_undo_and_redo_will_do(lecture):
    gui = lecture
    assert (gui.actions["undo"].text(), gui.actions["undo"].isEnabled()) == ("&Undo", False)
    gui.commands.set_leaf("c", 5.0)
    gui.actions["backward"].trigger()

    assert gui.actions["undo"].text() == "&Undo Backward"
    gui.actions["undo"].trigger()
    assert (gui.actions["undo"].text(), gui.actions["redo"].text()) == ("&Undo Set c = 5", "&Redo Backward")


def test_an_example_opened_after_another_keeps_none_of_its_plot(qtbot, lecture):
    # The derivative example opened after L plotted against a showed "L as a function
    # of a" and dL/da over f(x).
    gui = lecture
    panel = gui.window.plot_panel
    panel.set_variable("a")
    assert panel.output_label.text() == "L as a function of"

    gui.documents.open_example("derivative")

    shown = (panel.output_label.text(), panel.x0_label.text(), panel.variable)
    assert shown == ("y = f(x) as a function of", "x", "x")
    assert [panel.readout_names[k].text() for k in ("f", "slope")] == NAMES_OF_F_OF_X
    assert gui.session.x0 == 3.0 == panel.x0


def test_the_l_example_opens_without_grads_after_the_neuron_with_auto_backward(lecture):
    # The neuron example turns Auto backward on; example 3's comment says "press
    # Backward", and it used to open with every grad already filled in.
    gui = lecture
    gui.documents.open_example("neuron")
    assert gui.session.auto_backward and gui.session.has_grads

    gui.documents.open_example("L")

    assert (gui.session.auto_backward, gui.session.has_grads) == (False, False)
    assert not gui.actions["auto_backward"].isChecked() and not gui.window.controls.auto_backward.isChecked()


def test_exploring_an_example_then_opening_another_asks_nothing(qtbot, lecture):
    # Dragging the tangent's x used to mark the example modified: every switch asked
    # "Save changes to untitled?".
    gui = lecture
    gui.documents.open_example("derivative")
    panel = gui.window.plot_panel
    panel.x0_slider.setSliderDown(True)
    for k in (100, 300, 500):
        panel.x0_slider.setValue(k)
    panel.x0_slider.setSliderDown(False)
    panel.commit()
    panel.set_h(0.5)
    qtbot.waitUntil(lambda: gui.session.h == 0.5, timeout=2000)
    gui.window.graph_view.zoom_in()
    gui.session.select(gui.session.graph.root)
    assert gui.session.x0 != 3.0 and gui.undo.stack.canUndo()

    gui.documents.ask_save_changes = lambda name: pytest.fail(f"asked to save {name}")
    assert gui.session.modified is False and not gui.window.isWindowModified()
    assert gui.documents.open_example("L")


def test_the_training_example_trains_from_the_graphs_loss_and_the_graph_follows(qtbot, lecture):
    # The graph said loss = 7.72979 while the Training panel started at "step 0 · loss
    # 6.24427" (its own seed), and after training the graph still showed 7.72979.
    gui = lecture
    gui.documents.open_example("training")
    panel = gui.training.panel
    assert round(gui.session.output.data, 5) == 7.72979
    qtbot.waitUntil(lambda: "loss 7.72979 " in panel.status.text() + " ", timeout=5000)  # as the graph

    panel.step_button.click()

    assert panel.lab.snapshot().step == 1
    trained = panel.lab.run.loss()
    assert gui.session.output.data == pytest.approx(trained, rel=1e-9) and trained < 7.72979
