"""draw_dot works as the lecture's does: draw_dot(L) in a notebook, or saved to a file."""

import xml.etree.ElementTree as ET

from explorer.viz.notebook import GraphImage, draw_dot

from .conftest import lecture_L

SVG = "{http://www.w3.org/2000/svg}"


def test_draw_dot_of_a_value_displays_as_svg_and_png(L):
    image = draw_dot(L)
    assert image._repr_svg_().lstrip().startswith("<?xml") and image._repr_png_()[:4] == b"\x89PNG"


def test_lecture_grads_show_after_backward(L):
    L.backward()
    svg = ET.fromstring(draw_dot(L)._repr_svg_())
    texts = {(t.text or "").replace("\xa0", " ") for t in svg.iter(f"{SVG}text")}
    assert {"data   2.0000", "grad   6.0000"} <= texts


def test_grads_show_as_zero_before_backward_like_the_lecture(L):
    assert "0.0000" in draw_dot(L)._repr_svg_() and "—" not in draw_dot(L)._repr_svg_()


def test_picture_is_a_snapshot_of_the_values(L):
    image = draw_dot(L)
    L.data = 123.0
    assert "123.0000" not in image._repr_svg_()


def test_save_writes_the_format_of_the_extension(L, tmp_path):
    draw_dot(L).save(tmp_path / "L.png")
    assert (tmp_path / "L.png").read_bytes()[:4] == b"\x89PNG"


def test_save_twice_replaces_the_file_so_cells_can_rerun(L, tmp_path):
    draw_dot(L).save(tmp_path / "L.svg")
    draw_dot(lecture_L()).save(tmp_path / "L.svg")
    assert (tmp_path / "L.svg").stat().st_size > 0


def test_top_to_bottom(L):
    assert isinstance(draw_dot(L, rankdir="TB"), GraphImage) and draw_dot(L, "TB").height > draw_dot(L).height


def test_dot_source_like_graphviz_digraph(L):
    assert draw_dot(L).source.startswith("digraph")
