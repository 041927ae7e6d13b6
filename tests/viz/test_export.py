"""Exported files: valid, complete, matching the window, written atomically."""

import json
import stat
import struct
import xml.etree.ElementTree as ET

import pygraphviz
import pytest

from explorer.engine import Graph, Value
from explorer.errors import ExportError
from explorer.viz import export as export_module
from explorer.viz.dot import to_dot
from explorer.viz.export import export_graph, render_graph
from explorer.viz.layout import from_json0, layout, render

SVG = "{http://www.w3.org/2000/svg}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_svg_is_xml_with_every_label_and_number(neuron, tmp_path):
    neuron.backward()
    path = export_graph(neuron, tmp_path / "neuron.svg")
    texts = {(t.text or "").replace("\xa0", " ") for t in ET.parse(path).getroot().iter(f"{SVG}text")}
    wanted = {"x1", "w1", "x1*w1 + x2*w2", "n", "o", "tanh", "data   0.7071", "grad  -1.5000"}
    assert wanted <= texts


def test_png_has_a_png_header_and_a_sensible_size(neuron, tmp_path):
    path = export_graph(neuron, tmp_path / "neuron.png")
    width, height = png_size(path.read_bytes())
    assert width > 800 and 100 < height < width  # a readable print of ten boxes, wider than tall


def test_png_scale_two_doubles_the_pixels(neuron):
    w1, h1 = png_size(render_graph(neuron, "png"))
    w2, h2 = png_size(render_graph(neuron, "png", scale=2))
    assert abs(w2 - 2 * w1) <= 2 and abs(h2 - 2 * h1) <= 2


def test_transparent_png_has_a_see_through_corner(neuron, tmp_path):
    from matplotlib.image import imread

    opaque = imread(export_graph(neuron, tmp_path / "white.png"))
    clear = imread(export_graph(neuron, tmp_path / "clear.png", transparent=True))
    assert (opaque[0, 0, 3], clear[0, 0, 3]) == (1.0, 0.0)


def test_pdf_is_a_complete_pdf(neuron, tmp_path):
    data = export_graph(neuron, tmp_path / "neuron.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(data) > 2000


def test_dot_reparses_with_pygraphviz(neuron, tmp_path):
    path = export_graph(neuron, tmp_path / "neuron.dot")
    agraph = pygraphviz.AGraph(str(path))
    records = [n for n in agraph.nodes() if agraph.get_node(n).attr["shape"] == "record"]
    assert len(records) == 10


def test_format_can_be_given_apart_from_the_name(neuron, tmp_path):
    path = export_graph(neuron, tmp_path / "picture", fmt="svg")
    assert path.read_bytes().startswith(b"<?xml")


def test_file_matches_the_window_layout(neuron):
    window = layout(neuron)
    pinned = to_dot(neuron, layout=window)
    drawn = from_json0(neuron, json.loads(render(pinned, "json0", prog="nop2")), "LR")
    moved = max(abs(drawn.values[v].x - b.x) + abs(drawn.values[v].y - b.y) for v, b in window.values.items())
    assert moved < 0.5


def test_existing_file_is_kept_unless_overwrite(neuron, tmp_path):
    target = tmp_path / "neuron.svg"
    target.write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export_graph(neuron, target)
    assert target.read_text() == "mine"


def test_overwrite_replaces_the_file(neuron, tmp_path):
    target = tmp_path / "neuron.svg"
    target.write_text("mine")
    export_graph(neuron, target, overwrite=True)
    assert target.read_bytes().startswith(b"<?xml")


def test_read_only_file_is_not_replaced(neuron, tmp_path):
    target = tmp_path / "neuron.png"
    target.write_bytes(b"keep")
    target.chmod(stat.S_IRUSR)
    with pytest.raises(ExportError, match="read-only"):
        export_graph(neuron, target, overwrite=True)
    assert target.read_bytes() == b"keep"


def test_failed_render_leaves_no_file_and_no_temp(neuron, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ExportError("Graphviz crashed.")

    monkeypatch.setattr(export_module, "exact_fills", broken)
    with pytest.raises(ExportError):
        export_graph(neuron, tmp_path / "neuron.png")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_clear_error(neuron, tmp_path):
    with pytest.raises(ExportError, match="svg, png, pdf or dot"):
        export_graph(neuron, tmp_path / "neuron.gif")


def test_huge_png_is_refused(tmp_path):
    wide = Value(0.5, label="x")
    for _ in range(12):
        wide = wide.tanh()
    with pytest.raises(ExportError, match="too large"):
        export_graph(wide, tmp_path / "chain.png", scale=20)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), "big"])
def test_bad_scale_is_a_clear_error(neuron, scale):
    with pytest.raises(ExportError, match="scale"):
        render_graph(neuron, "png", scale=scale)


def node_outlines(svg: bytes) -> dict[str, list[float]]:
    """Each node's outline in an SVG from Graphviz: polygon corners or ellipse centre and radii."""
    shapes = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        if g.get("class") != "node":
            continue
        title = g.find(f"{SVG}title").text
        polygon, ellipse = g.find(f"{SVG}polygon"), g.find(f"{SVG}ellipse")
        if polygon is not None:
            shapes[title] = [float(x) for x in polygon.get("points").replace(",", " ").split()]
        else:
            shapes[title] = [float(ellipse.get(k)) for k in ("cx", "cy", "rx", "ry")]
    return shapes


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_export_with_or_without_the_window_layout_draws_the_same_boxes(neuron, rankdir):
    neuron.backward()
    pinned = node_outlines(render_graph(neuron, "svg", layout=layout(neuron, rankdir), rankdir=rankdir))
    fresh = node_outlines(render_graph(neuron, "svg", rankdir=rankdir))
    assert max(abs(a - b) for k in pinned for a, b in zip(pinned[k], fresh[k])) < 0.05


def test_same_graph_same_file(neuron):
    assert render_graph(neuron, "svg") == render_graph(neuron, "svg")


def test_top_to_bottom_export_is_taller_than_wide(neuron):
    width, height = png_size(render_graph(Graph(neuron.root), "png", rankdir="TB"))
    assert height > width


def test_grad_colour_fills_exactly_the_grad_field(neuron):
    neuron.backward()
    node = next(g for g in ET.fromstring(render_graph(neuron, "svg")).iter(f"{SVG}g")
                if g.get("class") == "node" and g.find(f"{SVG}title").text == "v7")  # "x1*w1 + x2*w2"
    gradient = node.find(f"{SVG}defs/{SVG}linearGradient")
    y1, y2 = float(gradient.get("y1")), float(gradient.get("y2"))
    colour_change = y1 + float(gradient.findall(f"{SVG}stop")[1].get("offset")) * (y2 - y1)
    # The fields are stacked: the separators are horizontal lines, the grad field the lowest.
    separators = [float(p.get("points").split()[0].split(",")[1]) for p in node.findall(f"{SVG}polyline")]
    assert abs(colour_change - max(separators)) < 1.0
