"""The first-run welcome, Help > Getting started and presentation mode."""

from __future__ import annotations

import pytest

from explorer.model.examples import examples
from explorer.model.session import Session
from explorer.ui import guide


@pytest.fixture
def window(make_gui, qtbot):
    win = make_gui(Session()).window
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_welcome_names_the_three_first_moves_and_is_dismissed_once(window, qtbot):
    guide.theme.settings().remove(guide.WELCOME_KEY)  # a first start
    assert guide.welcome_due()
    window.actions["welcome"].trigger()
    dialog = window.findChild(guide.WelcomeDialog)
    labels = " ".join(w.text() for w in dialog.findChildren(guide.QLabel))
    dialog.accept()
    assert all(move in labels for move, _ in guide.FIRST_MOVES) and not guide.welcome_due()


def test_getting_started_walks_the_examples_in_order_and_opens_them(window, qtbot):
    window.actions["getting_started"].trigger()
    dialog = window.findChild(guide.GettingStartedDialog)
    titles = []
    for _ in examples():
        titles.append(dialog.examples[dialog.index].title)
        dialog.next.click()
    dialog.show_page(2)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.session.text == examples()[2].text, timeout=3000)
    assert titles == [e.title for e in examples()]


def test_presentation_mode_makes_the_graph_text_larger_and_back(window):
    view = window.graph_view
    before = view.text_px()
    window.actions["presentation"].trigger()
    larger = view.text_px()
    window.actions["presentation"].trigger()
    assert larger > before and view.text_px() == before


def test_presentation_mode_makes_the_plot_text_larger_and_back(make_gui, qtbot):
    win = make_gui(Session("f(x) = 3*x**2 - 4*x + 5\n"), lazy_plot=False).window
    win.show()
    qtbot.waitExposed(win)
    panel = win.plot_panel
    canvas = panel.canvas

    def sizes() -> tuple[float, float, int]:
        """Tick label and axis name (points), and a readout's text height (pixels)."""
        tick = canvas.ax.xaxis.get_major_ticks()[0].label1.get_fontsize()
        return tick, canvas.ax.xaxis.label.get_fontsize(), panel.readouts["slope"].fontMetrics().height()

    before = sizes()
    win.actions["presentation"].trigger()
    qtbot.wait(20)  # the new font reaches the widgets as events
    larger = sizes()
    win.actions["presentation"].trigger()
    qtbot.wait(20)
    assert all(big >= 1.4 * small for big, small in zip(larger, before)) and sizes() == before


@pytest.mark.parametrize(("key", "path", "words"), [
    ("neuron", None, "The lecture's neuron is open"),
    ("first start", None, "The lecture's neuron is open"),  # Session()'s own text
    ("mlp", None, "The example “Neuron, Layer, MLP: a forward pass” is open"),
    (None, "/tmp/mine.gexp", "“mine.gexp” is open"),
    (None, None, "Your text is open"),
])
def test_the_welcome_says_what_is_open(make_gui, qtbot, key, path, words):
    text = next((e.text for e in examples() if e.key == key), None) if key else "a = 2.0\nb = a * 3\n"
    session = Session(text) if text is not None else Session()
    session.path = path
    win = make_gui(session).window
    win.actions["welcome"].trigger()
    dialog = win.findChild(guide.WelcomeDialog)
    shown = " ".join(w.text() for w in dialog.findChildren(guide.QLabel))
    dialog.reject()
    assert words in shown and (key in ("neuron", "first start") or "neuron" not in shown)
