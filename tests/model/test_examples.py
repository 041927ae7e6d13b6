"""The Examples menu: the lecture in order, each example runs and gives the lecture's numbers."""

from __future__ import annotations

import pytest

from explorer.engine.datasets import LECTURE_XS, LECTURE_YS
from explorer.engine.training_run import LabSettings
from explorer.errors import ExplorerError
from explorer.model.document import read_document, write_document
from explorer.model.examples import example, examples, examples_folder
from explorer.model.training_lab import TrainingLab

KEYS = [e.key for e in examples()]


def build(key: str):
    from explorer.lang import parse

    program = parse(example(key).text)
    return program, program.build()


def test_the_examples_follow_the_lecture_in_order():
    assert KEYS == ["derivative", "partial", "L", "neuron", "neuron_exp", "mlp", "training"]


def test_the_example_files_ship_inside_the_package():
    assert (examples_folder() / "index.json").is_file()


@pytest.mark.parametrize("key", KEYS)
def test_every_example_survives_save_and_open(tmp_path, key):
    doc = example(key).document()
    assert read_document(write_document(doc, tmp_path / f"{key}.gexp")) == doc


@pytest.mark.parametrize("key", KEYS)
def test_every_example_parses_and_builds(key):
    program, graph = build(key)
    assert graph.root is not None and not any(n.message.lower().startswith("error") for n in program.notes)


def test_an_unknown_example_names_the_ones_there_are():
    with pytest.raises(ExplorerError, match="derivative"):
        example("nope")


def test_the_derivative_example_plots_f_against_x_at_3():
    program, graph = build("derivative")
    assert (graph.root.data, example("derivative").document().plot_var) == (20.0, "x")


def test_the_partial_derivatives_example_gives_the_lectures_slopes():
    _, graph = build("partial")
    graph.backward()
    assert [graph.by_name[n].grad for n in "abc"] == [-3.0, 2.0, 1.0]


def test_the_L_example_gives_the_lectures_grads_and_step():
    _, graph = build("L")
    graph.backward()
    grads = {n: graph.by_name[n].grad for n in ["L", "d", "f", "c", "e", "a", "b"]}
    graph.step(0.01, ascent=True)
    assert (grads, round(graph.forward(), 6)) == (
        {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}, -7.286496)


@pytest.mark.parametrize("key", ["neuron", "neuron_exp"])
def test_both_neurons_give_the_lectures_grads(key):
    _, graph = build(key)
    graph.backward()
    grads = [graph.by_name[n].grad for n in ["x1", "w1", "x2", "w2", "b"]]
    assert (round(graph.root.data, 8), grads) == (0.70710678, pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5]))


def test_the_mlp_example_is_one_forward_pass_of_a_3_4_4_1_network():
    program, graph = build("mlp")
    assert len(graph.parameters) == 41 and -1.0 < graph.root.data < 1.0


def test_the_training_example_is_the_lectures_problem_and_trains_below_0_01():
    _, graph = build("training")
    setup = graph.training
    assert (setup.dataset.xs, setup.dataset.ys) == ([list(x) for x in LECTURE_XS], list(LECTURE_YS))
    assert setup.loss == "sse" and setup.alpha == 0.0 and len(graph.parameters) == 41
    lab = TrainingLab(LabSettings(lr=0.1, schedule="constant", steps=100))
    lab.use_training(setup, graph.model)
    lab.advance(100)
    assert lab.run.loss() < 0.01
