"""The Training lab trains what the text trains: its network, its data and its loss
(``Program.training``), so step 0 shows the text's own loss."""

import pytest

from explorer.engine.training_run import LabSettings
from explorer.lang import parse
from explorer.model.training_lab import TrainingLab
from tests.lang import lecture_notebooks as nb
from tests.lang.test_models import TRAINING


def test_micrograds_demo_is_trained_with_its_hinge_loss_and_alpha_from_the_texts_loss():
    program = parse("\n".join(nb.DEMO[:6]))
    graph = program.build()
    lab = TrainingLab(LabSettings(loss="sse", alpha=0.0, steps=3))
    lab.use_training(program.training, graph.model)
    assert (lab.settings.loss, lab.settings.alpha) == ("hinge", 1e-4)
    lab.advance(1)
    assert lab.snapshot().losses[0] == pytest.approx(graph.bindings["total_loss"].data, rel=1e-12)


@pytest.mark.parametrize("scale, loss", [("", "sse"), ("(1.0 / len(ys)) * ", "mse")])
def test_the_lectures_squared_error_is_trained_as_written_summed_or_averaged(scale, loss):
    program = parse(TRAINING.replace("loss = sum(", f"loss = {scale}sum("))
    lab = TrainingLab(LabSettings(loss="hinge", steps=3))
    lab.use_training(program.training)
    assert (lab.settings.loss, lab.settings.alpha) == (loss, 0.0)
    lab.advance(1)
    assert lab.snapshot().losses[0] == pytest.approx(program.build().root.data, rel=1e-12)
