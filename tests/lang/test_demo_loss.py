"""micrograd's demo notebook: its dataset, its network and its loss function of
several lines become the program's, with the numbers the real ``micrograd`` package
gives for the same weights."""

import contextlib
import io

import pytest

from explorer.lang import parse

from . import lecture_notebooks as nb
from .notebook_compare import _stand_in_modules, python_lines

SETUP, LOSS = nb.DEMO[:5], nb.DEMO[5]


def run_with_micrograd(cells: list[str]) -> dict:
    """Python runs the cells against the real micrograd package (test code)."""
    import micrograd.engine  # noqa: F401 - the real package, installed in the venv

    ns: dict = {}
    with _stand_in_modules(), contextlib.redirect_stdout(io.StringIO()):
        for cell in cells:
            exec(compile(python_lines(cell), "<demo>", "exec"), ns)  # noqa: S102 - test code
    return ns


def test_the_demos_loss_function_gives_micrograds_loss_and_accuracy():
    theirs = run_with_micrograd([*SETUP, LOSS])
    graph = parse("\n".join([*SETUP, LOSS])).build()
    ours = graph.bindings
    assert ours["total_loss"].data == theirs["total_loss"].data  # the same sums in the same order
    assert ours["acc"] == theirs["acc"] == 0.5
    assert graph.root is ours["total_loss"] and graph.root.label == "total_loss"


def test_its_backward_gives_micrograds_grads_for_every_weight():
    theirs = run_with_micrograd([*SETUP, LOSS, "total_loss.backward()"])
    graph = parse("\n".join([*SETUP, LOSS, "total_loss.backward()"])).build()
    ours = [p.grad for p in graph.model.parameters()]
    assert ours == pytest.approx([p.grad for p in theirs["model"].parameters()], rel=1e-12, abs=1e-15)
    assert any(ours)


def test_the_loss_reads_the_text_so_a_change_there_changes_it():
    cells = [*SETUP, LOSS.replace("alpha = 1e-4", "alpha = 0.5")]
    theirs = run_with_micrograd(cells)
    ours = parse("\n".join(cells)).build().bindings
    assert ours["total_loss"].data == pytest.approx(theirs["total_loss"].data, rel=1e-12)


def test_a_batch_drawn_with_numpy_skips_the_call_with_a_note_naming_the_line_inside():
    text = "\n".join([*SETUP, LOSS, "batch_loss, batch_acc = loss(batch_size=10)"])
    program = parse(text)
    note = program.notes[-1]
    assert note.span.line == text.count("\n") + 1
    assert "line 29 of loss()" in note.message
    assert program.output == "total_loss"


def test_the_training_loop_that_would_build_too_much_is_not_run_and_says_so():
    program = parse("\n".join([*SETUP, LOSS, nb.DEMO[6]]))
    graph = program.build()
    loop_note = next(n for n in program.notes if n.message.startswith("`for k in range(100):`"))
    assert "would build more than 50,000 nodes" in loop_note.message
    # Undone: the weights are micrograd's starting ones and the loss the first one,
    # and the names the loop would change cannot be used by later lines.
    theirs = run_with_micrograd([*SETUP, LOSS])
    assert [p.data for p in graph.model.parameters()] == [p.data for p in theirs["model"].parameters()]
    assert graph.root.data == theirs["total_loss"].data and graph.root.grad == 0.0
    later = parse("\n".join([*SETUP, LOSS, nb.DEMO[6], "z = total_loss * 2"]))
    assert "it uses 'total_loss'" in later.notes[-1].message
