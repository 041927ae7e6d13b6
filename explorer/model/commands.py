"""Every user change is a command: named, undoable, and either a document change
or exploration.

A :class:`Command` runs a session method once and keeps the session's state
before and after (:mod:`explorer.model.state`), so Undo and Redo return to states
that really existed, value by value. :class:`Commands` is the one place the
window (and tests) change a session::

    commands = Commands(session)
    commands.step()                    # "Step (lr 0.01)"
    commands.set_leaf("c", 5.0)        # "Set c = 5"

Each command goes to ``commands.sink`` after it ran; the window's sink is Qt's
``QUndoStack`` (``explorer/ui/undo.py``). Without a window the sink only keeps
``session.modified`` true after a document change.

**Document versus exploration** (``Command.modifies``). Save keeps the text, the
leaves' values, the network's weights, the step settings (lr, ascent, steps per
click), the auto toggles, the step history, the plot's variable, x0, h and
range, and every Training lab setting. Of the changes to these, the ones that
make a document "modified" (asking "Save changes?") are: editing the text,
setting a leaf's value, Forward / Backward / Zero grad / Step / Reset values,
a training run (or lab Reset) of the text's network, and the step settings.
Exploring does not: dragging x along the plot, choosing the plotted variable or
h, zooming and panning, selecting, stepping through backprop, checking
gradients, touching a Training lab setting or picking what the lab trains.
Exploration is still undoable where it changes numbers (a slider drag is one
command), and Save still writes where you were.

**Training** (:class:`TrainingCommand`, :meth:`Commands.record_training`). A run
in the Training lab happens on a worker thread, so it is recorded when it ends
(or is paused, or diverges): one command, "Train 250 steps", holding the lab's
state and the graph's numbers before and after. Step one ("Train 1 step") and
the lab's Reset ("Reset training") are commands too. When the lab trains the
document's network, the command writes the learned weights into the graph's
weight leaves and runs forward, so the graph shows the lab's loss; Undo puts
back the weights before the run, in the lab and in the graph, exactly. Such a
run modifies the document (the graph's values changed); a run on one of the
lab's own datasets (moons, circles...) changes nothing Save keeps but the lab's
settings, so it is exploration.

A lab setting the user changes (the learning rate, the layers, the dataset, what
the lab trains...) is a command too (:meth:`Commands.set_lab_settings`,
:meth:`Commands.change_lab`), but exploration, like the plot's variable: Save
keeps every lab setting, yet trying one must not make every example switch ask
"Save changes?" (a symptom of issue 11); only what training does to the text's
weights modifies the document. Changes the lab makes by itself as the text changes (following the new
network) are not commands: undoing the text's change makes it follow again.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

from ..engine import GradCheck
from ..engine.nn import MLP
from ..engine.numbers import format_number
from .session import Session
from .state import SessionState, capture, restore
from .training_lab import LIVE_SETTINGS, LabState, TrainingLab

__all__ = ["Command", "Commands", "TrainingCommand", "TYPING_MERGE_SECONDS"]

# Typing within this many seconds of the last edit is one undo step.
TYPING_MERGE_SECONDS = 2.0

_SETTING_NAMES = {
    "lr": "learning rate", "ascent": "step direction", "steps_per_click": "steps per click",
    "auto_forward": "Auto forward", "auto_backward": "Auto backward", "plot_var": "plotted variable",
    "h": "h", "x_range": "plot range",
}
_EXPLORATION_SETTINGS = {"plot_var", "h", "x_range"}
_LAB_SETTING_NAMES = {
    "size": "points", "data_seed": "data seed", "hidden": "hidden layers", "init_seed": "weight seed",
    "alpha": "L2 alpha", "lr": "learning rate", "batch_size": "batch size", "batch_seed": "batch seed",
    "zero_grad": "zero grads",
}


class Command:
    """One user change. ``execute`` runs it the first time; ``undo``/``redo`` move
    between the states before and after it."""

    def __init__(self, session: Session, text: str, action: Callable[[], object], *,
                 modifies: bool = True, merge_key: Hashable | None = None):
        self.session = session
        self.text = text
        self.modifies = modifies
        self.merge_key = merge_key
        self._action = action
        self.before: SessionState | None = None
        self.after: SessionState | None = None
        self.time = 0.0
        self.result: Any = None

    def execute(self) -> None:
        """Run the change. The session's own errors propagate, with nothing changed."""
        self.before = capture(self.session)
        self.result = self._action()
        self.after = capture(self.session)
        self.time = time.monotonic()

    @property
    def changed(self) -> bool:
        return self.before is not None and self.after is not None and not self.before.same_numbers(self.after)

    def undo(self) -> None:
        assert self.before is not None, "undo before execute"
        self._show_document()
        restore(self.session, self.before)

    def redo(self) -> None:
        assert self.after is not None, "redo before execute"
        self._show_document()
        restore(self.session, self.after)

    def _show_document(self) -> None:
        """The document changes: the canvas shows its graph, not a lab neuron's (aside.py)."""
        self.session.aside.back()

    def merge(self, newer: Command) -> bool:
        """Take ``newer`` into this command (one drag, a burst of typing) if they
        belong together; True when merged."""
        if self.merge_key is None or newer.merge_key != self.merge_key:
            return False
        if self.merge_key == "typing" and newer.time - self.time > TYPING_MERGE_SECONDS:
            return False
        self.after = newer.after
        self.time = newer.time
        self.text = newer.text
        self.modifies = self.modifies or newer.modifies
        return True

    def __repr__(self) -> str:
        return f"<Command {self.text!r}>"


class TrainingCommand(Command):
    """A change of the Training lab: a run (or Step one, or Reset) it already made,
    or a setting. Keeps the lab's state and the session's before and after, and
    undoes and redoes them together. A run's command writes the lab's weights into
    the graph when the lab trains the document's network."""

    def __init__(self, session: Session, lab: TrainingLab, text: str,
                 action: Callable[[], object] | None = None, *, lab_before: LabState | None = None,
                 merge_key: Hashable | None = None):
        graph = session.graph
        self.follows = (lab.source == "document" and graph is not None
                        and graph.model is lab.network)
        # A run is recorded after it happened (on a worker thread): its command writes
        # the weights, a document change when they are the text's. A setting's command
        # changes the lab when it runs: exploration (see the module docstring).
        modifies = self.follows if action is None else False
        super().__init__(session, text, action or self._write_weights, modifies=modifies, merge_key=merge_key)
        self.lab = lab
        self.lab_before = lab_before
        self.lab_after: LabState | None = None
        # A setting changed while a run goes on (the learning rate, as Playground
        # allows) is only that setting: the run's own command, recorded when it
        # stops, holds the weights.
        self.settings_only = action is not None and lab.running

    def execute(self) -> None:
        if self.lab_before is None:
            self.lab_before = self.lab.state()
        super().execute()
        self.lab_after = self.lab.state()

    def _write_weights(self) -> None:
        if self.follows:
            # The network's own weights are the graph's weight leaves (use_network got graph.model).
            self.lab.write_weights()
            self.session.forward()

    @property
    def changed(self) -> bool:
        b, a = self.lab_before, self.lab_after
        if b is None or a is None:
            return False
        return super().changed or _lab_key(b) != _lab_key(a)

    def _show_document(self) -> None:
        pass  # a lab neuron in the canvas stays unless the graph changes (session.forward ends it)

    def undo(self) -> None:
        super().undo()
        assert self.lab_before is not None
        self._restore(self.lab_before)

    def redo(self) -> None:
        super().redo()
        assert self.lab_after is not None
        self._restore(self.lab_after)

    def _restore(self, state: LabState) -> None:
        if self.settings_only:
            self.lab.configure(**{k: getattr(state.settings, k) for k in LIVE_SETTINGS})
            return
        if state.document is not None:
            # The session was put back first; a text changed and undone since builds
            # another graph with another network of the same shape. Follow that one,
            # so the lab keeps training the network the graph shows.
            graph = self.session.graph
            model, setup = (graph.model, graph.training) if graph is not None else (None, None)
            if (model is not None and setup is not None and model is not state.document[0]
                    and _shape(model) == _shape(state.document[0])):
                self.lab.use_training(setup, model, base=state.settings)
                state = replace(state, document=self.lab.document)
        self.lab.restore(state)

    def merge(self, newer: Command) -> bool:
        if not isinstance(newer, TrainingCommand) or not super().merge(newer):
            return False
        self.lab_after = newer.lab_after
        return True


def _shape(network: MLP) -> tuple[int, ...]:
    return (len(network.layers[0].neurons[0].w), *(len(layer.neurons) for layer in network.layers),
            *(layer.neurons[0].activation for layer in network.layers))


def _lab_key(state: LabState) -> tuple:
    """What tells two lab states apart (the network and data it follows by identity)."""
    doc = state.document
    return (state.step, state.weights, state.settings, None if doc is None else (id(doc[0]), id(doc[1])))


class Commands:
    """The commands a user can give a session, each run and handed to ``sink``."""

    def __init__(self, session: Session):
        self.session = session
        self.sink: Callable[[Command], None] = self._mark_modified
        self._drags = itertools.count(1)
        self._drag: int | None = None

    def _mark_modified(self, command: Command) -> None:
        if command.modifies:
            self.session.modified = True

    def perform(self, command: Command) -> Command:
        """Run ``command``; if it changed anything, hand it to the sink (the undo stack)."""
        command.execute()
        if command.changed:
            self.sink(command)
        return command

    def _do(self, text: str, action: Callable[[], object], **kw: Any) -> Command:
        command = Command(self.session, text, action, **kw)
        command._show_document()
        return self.perform(command)

    # -- the text and the values ---------------------------------------------------------------

    def set_text(self, text: str, *, parsed: object = None) -> Command:
        """``parsed``: the text already read on a worker thread (Session.set_text)."""
        return self._do("Typing", lambda: self.session.set_text(text, parsed=parsed), merge_key="typing")

    def set_leaf(self, name: str, value: float) -> Command:
        return self._do(f"Set {name} = {format_number(float(value))}",
                        lambda: self.session.set_leaf(name, value))

    def replace_text(self, text: str, what: str) -> Command:
        """A whole new text at once (an example pasted in): one undo step, named."""
        return self._do(what, lambda: self.session.set_text(text))

    # -- the buttons ----------------------------------------------------------------------------

    def forward(self) -> Command:
        return self._do("Forward", self.session.forward)

    def backward(self) -> Command:
        return self._do("Backward", self.session.backward)

    def zero_grad(self) -> Command:
        return self._do("Zero grad", self.session.zero_grad)

    def step(self) -> Command:
        s = self.session
        n = s.steps_per_click
        what = "Step" if n == 1 else f"{n} Steps"
        return self._do(f"{what} (lr {format_number(s.lr)})", s.step)

    def reset_values(self) -> Command:
        return self._do("Reset values", self.session.reset_values)

    def gradcheck(self, h: float = 1e-6, tol: float = 1e-4) -> list[GradCheck]:
        command = self._do("Gradient check", lambda: self.session.gradcheck(h, tol), modifies=False)
        return command.result

    # -- settings -------------------------------------------------------------------------------

    def set_settings(self, **changes: Any) -> Command:
        """Change settings (see Session.set_settings); consecutive changes of the same
        settings merge into one undo step (a spin box's arrows)."""
        names = ", ".join(_SETTING_NAMES.get(k, k) for k in changes)
        if len(changes) == 1:
            [(key, value)] = changes.items()
            shown = format_number(value) if isinstance(value, float) else ("on" if value is True else
                                                                  "off" if value is False else value)
            text = f"Set {names} to {shown}" if key != "x_range" else f"Set {names}"
        else:
            text = f"Set {names}"
        modifies = not set(changes) <= _EXPLORATION_SETTINGS
        return self._do(text, lambda: self.session.set_settings(**changes), modifies=modifies,
                        merge_key=("settings", tuple(sorted(changes))))

    # -- the Training lab ------------------------------------------------------------------------

    def record_training(self, lab: TrainingLab, text: str, before: LabState) -> Command:
        """A change the lab already made (a run from ``before``, a ``lab.state()``, to
        now): write its weights into the graph if the lab trains the document's
        network, and hand it to the undo stack as one step named ``text``."""
        return self.perform(TrainingCommand(self.session, lab, text, lab_before=before))

    def set_lab_settings(self, lab: TrainingLab, **changes: Any) -> Command:
        """Change lab settings (see TrainingLab.configure): exploration, though Save
        keeps them; consecutive changes of the same settings merge (a spin box's arrows)."""
        names = ", ".join(_LAB_SETTING_NAMES.get(k, k) for k in changes)
        if len(changes) == 1:
            [value] = changes.values()
            shown = (format_number(value) if isinstance(value, float) else "on" if value is True else
                     "off" if value is False else
                     ", ".join(map(str, value)) if isinstance(value, tuple) else value)
            text = f"Set lab {names} to {shown}"
        else:
            text = f"Set lab {names}"
        return self.perform(TrainingCommand(self.session, lab, text, lambda: lab.configure(**changes),
                                            merge_key=("lab", tuple(sorted(changes)))))

    def change_lab(self, lab: TrainingLab, text: str, action: Callable[[], object]) -> Command:
        """Any other change of the lab (what it trains: a dataset, or the expression's
        network), one undo step named ``text``."""
        return self.perform(TrainingCommand(self.session, lab, text, action))

    # -- the tangent plot's x ------------------------------------------------------------------

    def begin_drag(self) -> None:
        """A slider or point drag starts: every move until end_drag is one undo step."""
        self._drag = next(self._drags)

    def end_drag(self) -> None:
        self._drag = None

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def move_x(self, name: str, value: float) -> Command:
        """Move the plotted leaf (exploration: the document is not modified)."""
        key = ("drag", self._drag) if self._drag is not None else None
        return self._do(f"Move {name} to {format_number(float(value))}",
                        lambda: self.session.set_leaf(name, value, write_text=False),
                        modifies=False, merge_key=key)
