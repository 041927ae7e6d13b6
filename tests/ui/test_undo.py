"""The window's one undo stack (Qt's QUndoStack fed by the model's commands): random command
sequences, then Undo and Redo, only ever land on states that really existed."""

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from explorer.engine.training_run import LabSettings
from explorer.errors import ExplorerError
from explorer.model.commands import Commands
from explorer.model.examples import example
from explorer.model.session import L_EXAMPLE, NEURON_EXAMPLE, Session
from explorer.model.state import capture
from explorer.model.training_lab import TrainingLab
from explorer.ui.undo import UndoStack

TRAINING = example("training").text
TEXTS = [TRAINING, L_EXAMPLE, L_EXAMPLE + "M = L * 2\n", L_EXAMPLE.replace("10.0", "7.0"),
         L_EXAMPLE + "M = L *\n", NEURON_EXAMPLE, "x = 3.0\ny = 3*x**2 - 4*x + 5\n", ""]
NAMES = ["a", "b", "c", "f", "x", "x1", "w1", "nope"]
numbers = st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda x: round(x, 3))


class UndoMachine(RuleBasedStateMachine):
    """``expected[i]`` is the state after the i-th command on the stack (0: as opened)."""

    def __init__(self):
        super().__init__()
        self.session = Session(TRAINING)
        self.commands = Commands(self.session)
        self.undo = UndoStack(self.commands)
        self.expected = [capture(self.session)]
        self.lab = TrainingLab(LabSettings(lr=0.05, schedule="constant", steps=1000))

    def _do(self, run) -> None:
        stack = self.undo.stack
        count, index = stack.count(), stack.index()
        try:
            run()
        except ExplorerError:
            return
        state = capture(self.session)
        if stack.index() == index + 1:  # a new command on top (anything undone is gone)
            del self.expected[index + 1:]
            self.expected.append(state)
        elif stack.count() != count or count == index:
            # Merged into the command on top (one drag, a burst of typing); or nothing
            # was kept, in which case nothing changed either.
            del self.expected[index + 1:]
            if index == 0:
                assert state.same_numbers(self.expected[0])
            self.expected[index] = state

    @rule(text=st.sampled_from(TEXTS))
    def type_text(self, text):
        self._do(lambda: self.commands.set_text(text))

    @rule(name=st.sampled_from(NAMES), value=numbers)
    def set_leaf(self, name, value):
        self._do(lambda: self.commands.set_leaf(name, value))

    @rule(which=st.sampled_from(["forward", "backward", "zero_grad", "step", "reset_values"]))
    def button(self, which):
        self._do(getattr(self.commands, which))

    @rule(lr=st.sampled_from([0.01, 0.1, 1.0]), ascent=st.booleans(), steps=st.integers(1, 3),
          auto=st.booleans())
    def settings(self, lr, ascent, steps, auto):
        self._do(lambda: self.commands.set_settings(lr=lr, ascent=ascent, steps_per_click=steps,
                                                    auto_backward=auto))

    @rule(moves=st.lists(numbers, min_size=1, max_size=4))
    def drag(self, moves):
        name = self.session.plotted_variable
        if name is None:
            return
        self.commands.begin_drag()
        for x in moves:
            self._do(lambda x=x: self.commands.move_x(name, x))
        self.commands.end_drag()

    @rule(steps=st.integers(1, 20))
    def train(self, steps):
        """A Training lab run on the text's network (the lab follows the text, as the window's does)."""
        graph = self.session.graph
        setup = getattr(graph, "training", None)
        if setup is None or self.session.values_stale:
            return
        if self.lab.network is not graph.model:
            self.lab.use_training(setup, graph.model)
        before = self.lab.state()
        self.lab.advance(steps)
        self._do(lambda: self.commands.record_training(self.lab, f"Train {steps} steps", before))

    @rule(lr=st.sampled_from([0.01, 0.05, 0.2]), hidden=st.sampled_from([(4, 4), (8,), (3, 2)]))
    def lab_setting(self, lr, hidden):
        """A lab setting the user changes: an undo step of its own, the session untouched."""
        self._do(lambda: self.commands.set_lab_settings(self.lab, lr=lr))
        self._do(lambda: self.commands.set_lab_settings(self.lab, hidden=hidden))

    @precondition(lambda self: self.undo.stack.canUndo())
    @rule()
    def undo_one(self):
        self.undo.undo()

    @precondition(lambda self: self.undo.stack.canRedo())
    @rule()
    def redo_one(self):
        self.undo.redo()

    @invariant()
    def shows_the_state_of_its_place_in_the_stack(self):
        assert capture(self.session).same_numbers(self.expected[self.undo.stack.index()])

    def teardown(self):
        # Undo to the bottom: exactly as opened. Redo to the top: exactly the last state.
        while self.undo.stack.canUndo():
            self.undo.undo()
        assert capture(self.session).same_numbers(self.expected[0])
        while self.undo.stack.canRedo():
            self.undo.redo()
        assert capture(self.session).same_numbers(self.expected[-1])


UndoMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
test_undo_and_redo_only_reach_states_that_existed = UndoMachine.TestCase


@pytest.fixture
def stack():
    session = Session(L_EXAMPLE)
    commands = Commands(session)
    return session, commands, UndoStack(commands)


def test_the_edit_menu_names_what_undo_will_undo(stack, qapp):
    from PySide6.QtGui import QAction

    session, commands, undo = stack
    undo_action, redo_action = QAction("Undo"), QAction("Redo")
    undo.bind_actions(undo_action, redo_action)
    commands.backward()
    commands.step()
    undo.undo()

    assert (undo_action.text(), redo_action.text()) == ("&Undo Backward", "&Redo Step (lr 0.01)")


def test_modified_follows_the_saved_state(stack):
    session, commands, undo = stack
    commands.backward()
    undo.set_clean()
    commands.step()
    modified_after_step = session.modified
    undo.undo()

    assert (modified_after_step, session.modified) == (True, False)


def test_exploring_after_saving_leaves_the_document_unmodified(stack):
    session, commands, undo = stack
    commands.begin_drag()
    commands.move_x(session.plotted_variable, 1.0)
    commands.end_drag()

    assert session.modified is False and undo.stack.canUndo()
