"""The document model: what the window shows, with no Qt in it.

A :class:`Session` holds the expression text, the program parsed from it, the
graph built from that, the selection, the learning-rate settings, the tangent
plot's settings, the history of gradient steps and an optional step-through of
backprop. Widgets never change each other: they call a Session method (through a
command, see :mod:`explorer.model.commands`, so that Undo can take it back), and
the Session tells every subscriber what changed through a typed signal in
``session.events`` (napari's evented model, at our scale). Tests drive it
without a window.

``events`` (each a :class:`~explorer.model.evented.Signal` carrying the new value):

``text``        the expression text changed (str)
``structure``   a new graph replaced the old one; the value says whether it has the
                same shape (a view may keep its layout)
``values``      data or grads in the current graph changed (relabel in place; None)
``error``       ``error`` was set or cleared
``selection``   ``selection`` changed (the Value or None)
``history``     the step history changed (a tuple of outputs)
``stepper``     a step-through started, moved on or ended (the Stepper or None)
``lr`` ``ascent`` ``steps_per_click`` ``auto_forward`` ``auto_backward``
``plot_var`` ``h`` ``x_range`` ``path`` ``modified``
                one per setting field (:class:`~explorer.model.evented.Field`)

The two "auto" settings say what re-runs after an edit (in the text, or a leaf
changed from the inspector): ``auto_forward`` recomputes every value from the
leaves; ``auto_backward`` also recomputes the grads. With both off, changing a
leaf changes only that leaf until Forward is pressed (``values_stale``), as in
the lecture's notebook, and grads are shown as not computed ("grad —").

The tangent plot's point ``x0`` is not stored: it *is* the value of the leaf
``plot_var`` (one source of truth), read with :attr:`Session.x0`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from ..engine import EngineError, GradCheck, Value, gradcheck
from ..errors import ExplorerError
from ..lang import Program, ProgramGraph, parse
from ..lang.variables import default_plot_variable, plot_variables
from .aside import GraphAside
from .carry_over import carry_over, copy_state, same_node
from .evented import Events, Field, Signal, fields_of
from .explain import Namer, make_namer
from .sample_texts import L_EXAMPLE, NEURON_EXAMPLE, REUSE_EXAMPLE
from .setting_checks import positive_h, positive_rate, short, whole_steps
from .stepper import Kind, Step, Stepper

__all__ = ["Session", "SessionEvents", "NEURON_EXAMPLE", "L_EXAMPLE", "REUSE_EXAMPLE"]

class SessionEvents(Events):
    """The signals of a :class:`Session` (see the module docstring)."""

    text: Signal[str]
    structure: Signal[bool]
    values: Signal[None]
    error: Signal[ExplorerError | None]
    selection: Signal[Value | None]
    history: Signal[tuple[float, ...]]
    stepper: Signal[Stepper | None]
    lr: Signal[float]
    ascent: Signal[bool]
    steps_per_click: Signal[int]
    auto_forward: Signal[bool]
    auto_backward: Signal[bool]
    plot_var: Signal[str | None]
    h: Signal[float]
    x_range: Signal[tuple[float, float] | None]
    path: Signal[str | None]
    modified: Signal[bool]


class Session:
    """One open document. See the module docstring for the events."""

    # Gradient step settings. The lecture nudges L *up* (ascent) by 0.01; a loss is
    # pushed down (descent). Descent is the default a learner trains with.
    lr = Field(0.01, positive_rate)
    ascent = Field(False, bool)
    steps_per_click = Field(1, whole_steps)
    # "auto" toggles: re-run forward / backward after every edit.
    auto_forward = Field(True, bool)
    auto_backward = Field(False, bool)
    # Tangent plot: which leaf the curve is drawn against, the finite-difference step,
    # and the x range (None: chosen around the current value).
    plot_var: Field[str | None] = Field(None)
    h = Field(1e-3, positive_h)
    x_range: Field[tuple[float, float] | None] = Field(None)
    # The file this document was opened from or saved to, and whether it has changes
    # that Save would keep (the window's undo stack decides; see commands.py).
    path: Field[str | None] = Field(None)
    modified = Field(False, bool)

    def __init__(self, text: str = NEURON_EXAMPLE):
        self.events = SessionEvents()
        self.text: str = ""
        self.program: Program | None = None
        self.graph: ProgramGraph | None = None  # the last graph that built
        self.graph_text: str = ""  # the text that graph was built from
        self.error: ExplorerError | None = None
        self.selection: Value | None = None
        self.history: list[float] = []
        self.last_action: tuple[str, float] | None = None  # (what, seconds)
        # True when the last 'structure' event kept the graph's shape (only
        # numbers changed), so a view may keep its layout.
        self.same_shape: bool = False
        # A leaf changed but forward has not run since (auto_forward off).
        self.values_stale: bool = False
        self.stepper: Stepper | None = None
        self.aside = GraphAside()  # a graph shown instead of this one for a while (aside.py)
        self._namer: Namer | None = None
        self._text_failed = False
        self._text_grads: list[float] = []  # the grads the last text's lines gave
        self.set_text(text)

    def reset(self) -> None:
        """Forget everything: a new document is about to be shown in this session.

        Settings go back to their defaults (each view hears of it); the graph is
        dropped without an event, so the next ``set_text`` builds afresh and no
        value, history, plot choice or toggle of the old document carries over."""
        for name, field in fields_of(type(self)).items():
            setattr(self, name, field.default)
        self.program = None
        self.graph = None
        self.graph_text = ""
        self._text_grads = []
        self.selection = None
        self.values_stale = False
        self.same_shape = False
        self._namer = None
        self._text_failed = False
        events = self._drop_stepper()
        if self.history:
            self.history.clear()
            events.append("history")
        if self.error is not None:
            self.error = None
            events.append("error")
        self._emit(*events, "selection")

    # -- events ------------------------------------------------------------------------

    def _emit(self, *names: str) -> None:
        """Emit the typed signals named, each with the model's current value."""
        ev = self.events
        for name in names:
            if name == "structure":
                ev.structure.emit(self.same_shape)
            elif name == "values":
                ev.values.emit(None)
            elif name == "history":
                ev.history.emit(tuple(self.history))
            else:
                getattr(ev, name).emit(getattr(self, name))

    # -- reading ---------------------------------------------------------------------

    @property
    def has_grads(self) -> bool:
        return self.graph is not None and self.graph.has_grads

    @property
    def accumulated(self) -> bool:
        """True after Backward twice without Zero grad: grads were added twice."""
        return self.graph is not None and self.graph.backward_passes > 1

    @property
    def accumulation_message(self) -> str | None:
        """Why the grads grew, in words, when they were accumulated (else None)."""
        if not self.accumulated:
            return None
        passes = self.graph.backward_passes
        return (f"Backward ran {passes} times without Zero grad, so each pass added its gradients "
                "to the ones already there (grads accumulate with +=): the numbers are too big. "
                "Press Zero grad, then Backward, for the true gradients.")

    @property
    def output(self) -> Value | None:
        return self.graph.root if self.graph is not None else None

    @property
    def stale(self) -> bool:
        """The text has an error, so the graph shown is the last one that built."""
        return self._text_failed

    def name(self, value: Value) -> str:
        """What the window calls ``value``: its label, its variable, or its expression."""
        return self._names()(value)

    def _names(self) -> Namer:
        if self._namer is None:
            graph = self.graph
            self._namer = make_namer(graph.name_of if graph is not None else None)
        return self._namer

    # -- editing the text --------------------------------------------------------------

    def set_text(self, text: str, *, parsed: object = None) -> None:
        """Parse and build ``text``. On an error keep the last good graph (greyed by
        the UI) and set ``error``; the text itself is always kept. ``parsed``: the
        ``(program, graph)`` of ``text``, or its ExplorerError, already made (on a
        worker thread, see ``explorer.ui.background_parse``)."""
        if text == self.text and self.program is not None:
            return
        self.text = text
        events = ["text"]
        t0 = time.perf_counter()
        try:
            if isinstance(parsed, ExplorerError):
                raise parsed
            if parsed is not None:
                program, graph = parsed
            else:
                program = parse(text)
                graph = program.build()
        except ExplorerError as exc:
            self.error = exc
            self._text_failed = True
            events.append("error")
            events += self._drop_stepper()
            self._emit(*events)
            return
        old, old_program = self.graph, self.program
        same_shape = old is not None and old.shape() == graph.shape()
        events += self._drop_stepper()
        self.program = program
        self.graph = graph
        self.graph_text = text
        self._namer = None
        self.same_shape = same_shape
        self.selection = same_node(self.selection, old, graph)
        self._text_failed = False
        if self.error is not None:
            self.error = None
            events.append("error")
        events.append("structure")
        if not same_shape and self.history:
            # Steps of another expression mean nothing for this one.
            self.history.clear()
            events.append("history")
        changed = moved = True
        text_grads = [v.grad for v in graph.nodes]  # as the text's own lines leave them
        if same_shape:
            # An edit that kept the shape (a comment, one number): leaves whose
            # number in the text did not change keep the value they have now (a
            # gradient step may have moved them), so typing never undoes steps.
            changed, moved = carry_over(old_program, old, program, graph)
        if not changed and text_grads == self._text_grads:
            # Same numbers, same grads from the text: what is shown (grads of a
            # Backward pressed since) is still right. A pasted `o.grad = 1.0` or
            # `o.backward()` cell changes the text's grads: those are shown instead.
            copy_state(old, graph, grads=True)
        elif changed and same_shape and not self.auto_forward:
            # Auto forward is off: only the leaves take the new numbers; the rest
            # keep what they showed until Forward is pressed.
            copy_state(old, graph, grads=False)
            self.values_stale = True
        else:
            self.values_stale = False
            if same_shape and moved:
                # Leaves the text does not set any more: values and grads follow them.
                self._run(graph.forward)
                if program.run_backward or self.auto_backward:
                    self._run(graph.backward)
            elif self.auto_backward and not graph.has_grads:
                # A text with its own L.backward() or x.grad = ... lines already holds
                # the grads Python would show after them: keep those.
                self._run(graph.backward)
        self._text_grads = text_grads
        self.last_action = ("build", time.perf_counter() - t0)
        self._emit(*events, "selection", "values")

    # -- the buttons -----------------------------------------------------------------

    def forward(self) -> None:
        graph = self._graph()

        def run() -> None:
            graph.forward()
            self.values_stale = False
            if self.auto_backward:
                graph.backward()

        self._timed("forward", run)

    def backward(self) -> None:
        """Backward as ``L.backward()`` does: grads accumulate when they were not
        zeroed first (``accumulated`` then says why the numbers grew)."""
        graph = self._graph()
        self._timed("backward", lambda: graph.backward(accumulate=graph.has_grads))

    def zero_grad(self) -> None:
        self._timed("zero grad", self._graph().zero_grad)

    def step(self) -> None:
        """``steps_per_click`` gradient steps: fresh grads, move the parameters by
        ``lr`` along them (up for ascent, down for descent), forward again.

        The history starts with the output before the first step, so a chart of
        it shows where the steps began."""
        graph = self._graph()

        def run() -> None:
            if self.values_stale:
                graph.forward()
                self.values_stale = False
            if not self.history:
                self.history.append(graph.root.data)
            for _ in range(max(1, int(self.steps_per_click))):
                graph.backward()
                graph.step(self.lr, ascent=self.ascent)
                graph.forward()
                self.history.append(graph.root.data)
            # The grads on screen belong to the values before the last move:
            # recompute them (auto) or show them as not computed.
            if self.auto_backward:
                graph.backward()
            else:
                graph.backward_passes = 0

        self._timed("step", run)
        self._emit("history")

    def reset_values(self) -> None:
        """Put every leaf back to the value written in the text; clear the history."""
        if self.program is None:
            return
        graph = self._graph()

        def run() -> None:
            for name, leaf in self.program.leaves.items():
                node = graph.by_name.get(name)
                if node is not None:
                    node.data = leaf.value
            graph.forward()
            self.values_stale = False
            if self.auto_backward:
                graph.backward()

        self._timed("reset values", run)
        self.history.clear()
        self._emit("history")

    def clear_history(self) -> None:
        if self.history:
            self.history.clear()
            self._emit("history")

    def set_leaf(self, name: str, value: float, *, write_text: bool = True) -> None:
        """Give leaf ``name`` a new value and re-run the graph (as the auto toggles say).

        ``write_text=False`` is the live path (a slider being dragged): only the
        graph changes. ``write_text=True`` also rewrites the number in the text, so
        the text and the graph never disagree."""
        try:
            value = float(value)
        except (TypeError, ValueError, OverflowError):
            raise EngineError(f"'{name}' needs a finite number, not {short(value)}.") from None
        if not math.isfinite(value):
            raise EngineError(f"'{name}' needs a finite number, not {value}.")
        graph = self._graph()
        node = graph.by_name.get(name)
        if node is None or not node.is_leaf:
            raise EngineError(f"'{name}' is not a leaf of this expression.")
        if write_text and self.stale:
            # The text would be rewritten from the last program that parsed, and
            # everything typed since would be lost.
            raise ExplorerError(f"The text has an error ({self.error}); fix it first, so that "
                                f"setting '{name}' does not overwrite what you typed.")
        if write_text and self.program is not None and name in self.program.leaves:
            self.set_text(self.program.with_values({name: value}))
            return
        stale = self._drop_stepper()

        def run() -> None:
            node.data = value
            if self.auto_forward:
                graph.forward()
                self.values_stale = False
                if self.auto_backward:
                    graph.backward()
            else:
                self.values_stale = True
                graph.backward_passes = 0

        self._timed("set value", run)
        self._emit(*stale)

    def select(self, value: Value | None) -> None:
        if value is not self.selection:
            self.selection = value
            self._emit("selection")

    def select_at(self, offset: int) -> None:
        """Select the node whose text is at character ``offset`` of the text."""
        if self.graph is not None and not self.stale:
            node = self.graph.node_at(offset)
            if node is not None:
                self.select(node)

    SETTINGS = ("lr", "ascent", "steps_per_click", "auto_forward", "auto_backward", "plot_var", "h",
                "x_range")

    def set_settings(self, **changes) -> None:
        """Change settings by name: ``lr``, ``ascent``, ``steps_per_click``,
        ``auto_forward``, ``auto_backward``, ``plot_var``, ``h``, ``x_range``.

        Every value is checked before any is set (a bad one changes nothing).
        Auto backward needs fresh values, so turning it on turns auto forward on,
        and turning auto forward off turns auto backward off."""
        for key in changes:
            if key not in self.SETTINGS:
                raise AttributeError(f"unknown setting {key!r}")
        fields = fields_of(type(self))
        checked = {key: (fields[key].check(value) if fields[key].check else value)
                   for key, value in changes.items()}
        for key, value in checked.items():
            setattr(self, key, value)
        if checked.get("auto_backward"):
            self.auto_forward = True
        if checked.get("auto_forward") is False:
            self.auto_backward = False
        if self.graph is None:
            return
        if checked.get("auto_forward") and self.values_stale:
            self.forward()
        elif checked.get("auto_backward") and not self.graph.has_grads:
            self.backward()

    @property
    def plot_variables(self) -> list[str]:
        """The leaves the output can be plotted against."""
        return plot_variables(self.program, self.graph)

    @property
    def plotted_variable(self) -> str | None:
        """The leaf the tangent plot draws against: ``plot_var`` when this graph has
        it, else the program's default (``x`` of ``f(x) = ...``)."""
        if self.plot_var is not None and self.plot_var in self.plot_variables:
            return self.plot_var
        return default_plot_variable(self.program, self.graph)

    @property
    def x0(self) -> float | None:
        """Where the tangent touches the curve: the value of the plotted leaf."""
        name = self.plotted_variable
        node = self.graph.by_name.get(name) if self.graph is not None and name else None
        return node.data if node is not None and node.is_leaf else None

    def restore_values(self, values: dict[str, float], parameters: list[str] | None = None, *,
                       backward: bool = False, weights: list[float] | None = None) -> None:
        """Put saved leaf values back (no text rewrite), the network's saved
        ``weights`` (in ``model.parameters()`` order; skipped if the network now
        has another number of them) and the saved choice of parameters; then
        forward (and backward if asked or auto)."""
        graph = self.graph
        if graph is None or self.stale:
            return
        by_name = graph.by_name
        changed = False
        model = graph.model
        if weights and model is not None:
            params = model.parameters()
            if len(params) == len(weights):
                for p, w in zip(params, weights):
                    changed = changed or p.data != w
                    p.data = w
        for name, value in values.items():
            node = by_name.get(name)
            if node is not None and node.is_leaf and node.data != value:
                node.data = value
                changed = True
        if parameters is not None:
            params = [by_name[n] for n in parameters if n in by_name and by_name[n].is_leaf]
            if params:
                graph.parameters = params
        if changed:
            def run() -> None:
                graph.forward()
                self.values_stale = False
                if self.auto_backward or backward:
                    graph.backward()

            self._timed("open", run)

    def restore_shown(self, *, values_stale: bool, error: ExplorerError | None,
                      history: tuple[float, ...]) -> None:
        """Undo's last move (see state.restore): the numbers were put back in the
        graph; set what goes with them and tell every view."""
        events = ["values", "history", *self._drop_stepper()]
        self.values_stale = values_stale
        self._namer = None
        if not self._text_failed and self.error is not error:
            self.error = error
            events.append("error")
        self.history[:] = history
        self._emit(*events)

    def set_history(self, history: list[float]) -> None:
        self.history[:] = history
        self._emit("history")

    # -- gradient check ----------------------------------------------------------------

    def gradcheck(self, h: float = 1e-6, tol: float = 1e-4) -> list[GradCheck]:
        """Backprop's grad beside the central difference for every leaf.

        Leaves the graph with fresh values and one fresh backward pass."""
        graph = self._graph()
        results: list[GradCheck] = []

        def run() -> None:
            results.extend(gradcheck(graph, h, tol=tol))
            self.values_stale = False

        self._timed("gradient check", run)
        if isinstance(self.error, EngineError) and not results:
            raise self.error
        return results

    # -- stepping through backprop -------------------------------------------------------

    def step_through(self, kind: Kind = "backward") -> Step | None:
        """Take the next step of a step-through of ``kind`` (starting one if none is
        under way, or the last one finished or went the other way)."""
        graph = self._graph()
        self.aside.back()
        if self.stepper is None or self.stepper.done or self.stepper.kind != kind:
            self.stepper = Stepper(graph, kind, make_namer(graph.name_of, code=True))
        step: Step | None = None

        def run() -> None:
            nonlocal step
            step = self.stepper.next()
            if kind == "forward" and self.stepper.done:
                self.values_stale = False

        self._timed(f"{kind} one node", run, walking=True)
        self._emit("stepper")
        return step

    def finish_step_through(self) -> None:
        """Take every remaining step at once."""
        if self.stepper is None or self.stepper.done:
            return

        def run() -> None:
            self.stepper.run_to_end()

        self._timed("finish step-through", run, walking=True)
        self._emit("stepper")

    def stop_step_through(self) -> None:
        """Leave the step-through where it is (grads stay as far as it got)."""
        self._emit(*self._drop_stepper())

    def _drop_stepper(self) -> list[str]:
        self.aside.back()  # (called as the document changes: the canvas shows it again)
        if self.stepper is None:
            return []
        self.stepper = None
        return ["stepper"]

    # -- helpers -----------------------------------------------------------------------

    def _graph(self):
        if self.graph is None:
            raise EngineError("There is no graph yet: type an expression first.")
        return self.graph

    def _run(self, fn: Callable[[], object]) -> bool:
        """Run ``fn``; an engine error (log of a negative after a step...) becomes
        ``error`` instead of escaping to the window."""
        try:
            fn()
        except EngineError as exc:
            self.error = exc
            return False
        if self.error is not None and not self._text_failed:
            self.error = None
        return True

    def _timed(self, what: str, fn: Callable[[], object], *, walking: bool = False) -> None:
        had_error = self.error
        t0 = time.perf_counter()
        self._run(fn)
        self.last_action = (what, time.perf_counter() - t0)
        events = ["values"]
        if self.error is not had_error:
            events.append("error")
        if not walking:
            # Any command but the step-through itself ends a step-through under way.
            events += self._drop_stepper()
        self._emit(*events)
