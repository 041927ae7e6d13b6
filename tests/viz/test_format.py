"""Numbers keep their width, so boxes keep their size; labels show as one line of text."""


from hypothesis import given
from hypothesis import strategies as st

from explorer.viz.format import MAX_LABEL, display_label, fmt_grad


def test_grad_before_backward_is_a_dash_of_the_same_width():
    assert fmt_grad(6.0, False).strip() == "—" and len(fmt_grad(6.0, False)) == len(fmt_grad(6.0, True))


def test_newline_in_a_label_is_shown_not_obeyed():
    assert display_label("a\nb") == "a\\nb"


def test_invisible_characters_are_made_visible():
    assert display_label("x\u200by\x00") == "x\\u200by\\x00"


@given(st.text())
def test_shown_label_is_one_line_of_bounded_length(label):
    shown = display_label(label)
    assert "\n" not in shown and "\r" not in shown and len(shown) <= MAX_LABEL
