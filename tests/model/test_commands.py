"""Commands: every user change is named, undoable, and either a document change or exploration."""

import math

import pytest

from explorer.engine import EngineError
from explorer.model.commands import Commands
from explorer.model.session import L_EXAMPLE, Session
from explorer.model.state import capture

F_TEXT = "f(x) = 3*x**2 - 4*x + 5\n"


class ListStack:
    """What Qt's QUndoStack does with our commands, in a list (the Qt-free tests' stack)."""

    def __init__(self, commands: Commands):
        self.done: list = []
        self.undone: list = []
        commands.sink = self.push

    def push(self, command) -> None:
        self.undone.clear()
        if not (self.done and self.done[-1].merge(command)):
            self.done.append(command)

    def undo(self) -> None:
        command = self.done.pop()
        command.undo()
        self.undone.append(command)

    def redo(self) -> None:
        command = self.undone.pop()
        command.redo()
        self.done.append(command)


def lecture() -> tuple[Session, Commands, ListStack]:
    session = Session(L_EXAMPLE)
    commands = Commands(session)
    return session, commands, ListStack(commands)


def test_undo_after_a_step_returns_to_the_state_before_the_step_not_a_mix():
    # The first round's bug: c set, Backward, Step, Ctrl+Z gave c = 10 with the stepped a, b, f.
    session, commands, stack = lecture()
    commands.set_leaf("c", 5.0)
    commands.backward()
    commands.set_settings(ascent=True)
    before_step = capture(session)
    commands.step()
    stepped = session.output.data

    stack.undo()

    assert capture(session).same_numbers(before_step) and session.output.data != stepped


def test_redo_returns_exactly_to_the_stepped_state_and_its_history():
    session, commands, stack = lecture()
    commands.set_leaf("c", 5.0)
    commands.backward()
    commands.step()
    after = capture(session)
    history = list(session.history)

    stack.undo()
    stack.redo()

    assert capture(session).same_numbers(after) and session.history == history


def test_undo_to_the_bottom_returns_to_the_opened_state():
    session, commands, stack = lecture()
    opened = capture(session)
    commands.set_leaf("c", 5.0)
    commands.backward()
    commands.step()
    commands.set_text(L_EXAMPLE + "M = L * 2\n")

    while stack.done:
        stack.undo()

    assert capture(session).same_numbers(opened) and session.graph.by_name["c"].data == 10.0


def test_commands_are_named_for_the_edit_menu():
    session, commands, stack = lecture()
    commands.set_settings(lr=0.05)
    commands.backward()
    commands.step()
    commands.set_leaf("c", 5.0)

    assert [c.text for c in stack.done] == ["Set learning rate to 0.05", "Backward", "Step (lr 0.05)",
                                            "Set c = 5"]


def test_n_steps_are_named_with_their_count():
    session, commands, stack = lecture()
    commands.set_settings(steps_per_click=3)

    assert commands.step().text == "3 Steps (lr 0.01)"


def test_a_command_that_changes_nothing_is_not_kept():
    session, commands, stack = lecture()
    commands.forward()  # the values are already computed

    assert stack.done == []


def test_a_bad_value_raises_and_changes_nothing():
    session, commands, stack = lecture()
    before = capture(session)

    with pytest.raises(EngineError):
        commands.set_leaf("c", math.inf)

    assert capture(session).same_numbers(before) and stack.done == []


def test_typing_in_quick_succession_is_one_undo_step():
    session, commands, stack = lecture()
    commands.set_text(L_EXAMPLE + "#")
    commands.set_text(L_EXAMPLE + "# a")
    commands.set_text(L_EXAMPLE + "# a note")

    stack.undo()

    assert (len(stack.undone), session.text) == (1, L_EXAMPLE)


def test_undo_brings_back_a_text_with_a_mistake_and_the_graph_shown_with_it():
    session, commands, stack = lecture()
    commands.set_text(L_EXAMPLE + "M = L *\n")  # a mistake: the L graph stays
    stack.done[-1].time -= 10  # typed later: not merged
    commands.set_text(L_EXAMPLE + "M = L * 2\n")

    stack.undo()

    assert (session.text, session.stale, session.output.label) == (L_EXAMPLE + "M = L *\n", True, "L")


def test_one_drag_is_one_undo_step():
    session, commands, stack = Session(F_TEXT), None, None
    commands = Commands(session)
    stack = ListStack(commands)
    commands.begin_drag()
    for x in (2.5, 2.0, 1.5):
        commands.move_x("x", x)
    commands.end_drag()

    stack.undo()

    assert (len(stack.undone), stack.undone[0].text, session.x0) == (1, "Move x to 1.5", 3.0)


def test_exploring_does_not_modify_the_document():
    session = Session(F_TEXT)
    commands = Commands(session)
    commands.begin_drag()
    commands.move_x("x", 1.0)
    commands.end_drag()
    commands.set_settings(h=1e-6)

    assert not session.modified


@pytest.mark.parametrize("change", [
    lambda c: c.set_text(F_TEXT + "# note\n"),
    lambda c: c.set_leaf("x", 1.0),
    lambda c: c.backward(),
    lambda c: c.step(),
    lambda c: c.set_settings(lr=0.1),
])
def test_editing_and_stepping_modify_the_document(change):
    session = Session(F_TEXT)
    commands = Commands(session)

    change(commands)

    assert session.modified


def test_the_tangent_point_is_the_plotted_leafs_value():
    session = Session(F_TEXT)

    Commands(session).move_x("x", 2 / 3)

    assert (session.plotted_variable, session.x0, session.graph.by_name["x"].data) == ("x", 2 / 3, 2 / 3)


def test_a_reset_session_keeps_nothing_of_the_last_document():
    session = Session(F_TEXT)
    commands = Commands(session)
    commands.set_settings(auto_backward=True, plot_var="x", h=1e-6, lr=0.5)
    commands.step()

    session.reset()
    session.set_text(L_EXAMPLE)

    assert (session.auto_backward, session.plot_var, session.h, session.lr, session.history,
            session.has_grads) == (False, None, 1e-3, 0.01, [], False)
