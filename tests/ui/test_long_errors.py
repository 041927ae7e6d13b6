"""Issue 15, reproduction 2 in the window: a 100,000-letter unknown name is answered at
once, its message is short, and the window keeps its width."""

import time

import pytest

from explorer.model.session import Session
from explorer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    win = MainWindow(Session(), lazy_plot=True)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_a_huge_unknown_name_neither_stalls_nor_widens_the_window(qtbot, window):
    width = window.width()
    text = "abc = 1.0\nb = " + "q" * 100_000
    start = time.perf_counter()
    window.session.set_text(text)
    seconds = time.perf_counter() - start
    qtbot.wait(50)

    assert window.session.error is not None and seconds < 1
    assert len(str(window.session.error)) < 120 and window.width() == width
