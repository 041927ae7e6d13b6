"""``Program.training``: which network, data and loss the text trains, read from the
graph its loss built (so any spelling of the same loss gives the same answer)."""

import pytest

from explorer.lang import parse

from . import lecture_notebooks as nb
from .test_models import TRAINING

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]


def test_the_demo_trains_with_the_hinge_loss_its_alpha_and_the_moons_it_goes_over():
    program = parse("\n".join(nb.DEMO[:6]))
    setup = program.training
    assert (setup.loss, setup.alpha, setup.loss_name) == ("hinge", 1e-4, "total_loss")
    assert setup.model is program.model and setup.dataset == program.dataset
    assert len(setup.dataset.xs) == 100 and set(setup.dataset.ys) == {-1.0, 1.0}
    assert setup.loss_value == program.build().bindings["total_loss"].data


@pytest.mark.parametrize("loss_line, kind", [
    ("loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))", "sse"),
    ("loss = sum([(ygt - yout)**2 for ygt, yout in zip(ys, ypred)])", "sse"),
    ("loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred)) / len(ys)", "mse"),
    ("loss = sum((1 + -ygt*yout).relu() for ygt, yout in zip(ys, ypred)) * (1.0 / len(ys))", "hinge"),
    ("loss = sum((1 - ygt*yout).relu() for ygt, yout in zip(ys, ypred)) * 0.25 + "
     "0.01 * sum(p*p for p in n.parameters())", "hinge"),
])
def test_the_loss_is_read_from_what_the_text_computes(loss_line, kind):
    text = TRAINING.replace("loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))", loss_line)
    setup = parse(text).training
    assert setup.loss == kind and setup.dataset.xs == XS and setup.dataset.ys == YS
    assert setup.alpha == (0.01 if "p*p" in loss_line else 0.0)


@pytest.mark.parametrize("loss_line", [
    "loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred)) * 0.3",  # neither a sum nor a mean
    "loss = sum((1 + -ygt*yout).relu() for ygt, yout in zip(ys, ypred))",  # the lab's hinge is a mean
    # L2 over one weight, not all of them:
    "loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred)) + "
    "0.01 * sum(p*p for p in [n.parameters()[0]])",
    "loss = sum(yout.tanh() for yout in ypred)",
    "loss = (ypred[0] - 1.0)**2",
])
def test_a_loss_the_lab_does_not_train_with_gives_no_setup(loss_line):
    text = TRAINING.replace("loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))", loss_line)
    program = parse(text)
    assert program.training is None and program.build().root.label == "loss"


def test_after_the_training_loop_the_setup_is_the_last_loss_and_its_data():
    from .test_models import LOOP

    setup = parse(TRAINING + LOOP).training
    assert setup.loss == "sse" and setup.dataset.xs == XS and setup.loss_name == "loss"
