"""The document: what the window shows, with no Qt in it.

A :class:`Session` holds the expression text, the program parsed from it, the
graph built from that, the selection, the learning-rate settings, the tangent
plot's settings and the history of gradient steps. Widgets never change each
other: they call a Session method, and the Session tells every subscriber what
changed (napari's model/view split, at our scale). Tests drive it without a
window.

Events passed to subscribers (one string each):

``text``       the expression text changed
``structure``  a new graph replaced the old one (lay it out again, unless it has
               the same shape)
``values``     data or grads in the current graph changed (relabel in place)
``error``      ``error`` was set or cleared
``selection``  ``selection`` changed
``settings``   a setting changed (learning rate, ascent, auto toggles, plot)
``history``    the step history changed
``document``   the file path or the unsaved-changes mark changed
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .engine import EngineError, Value
from .errors import ExplorerError
from .lang import ParseError, Program, parse

__all__ = ["Session", "NEURON_EXAMPLE", "EVENTS"]

EVENTS = ("text", "structure", "values", "error", "selection", "settings", "history", "document")

# The lecture's neuron, as the notebook writes it: what the window opens with.
NEURON_EXAMPLE = """\
# inputs x1, x2
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
# weights w1, w2
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
# bias of the neuron
b = Value(6.8813735870195432, label='b')
# x1*w1 + x2*w2 + b
x1w1 = x1*w1; x1w1.label = 'x1w1'
x2w2 = x2*w2; x2w2.label = 'x2w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1w1 + x2w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
"""

Listener = Callable[[str], None]


class Session:
    """One open document. See the module docstring for the events."""

    def __init__(self, text: str = NEURON_EXAMPLE):
        self._listeners: list[Listener] = []
        self.text: str = ""
        self.program: Program | None = None
        self.graph = None  # ProgramGraph | None: the last graph that built
        self.error: ExplorerError | None = None
        self.selection: Value | None = None
        # Gradient step settings. The lecture nudges L *up* (ascent) by 0.01; a
        # loss is pushed down (descent). Descent is the default a learner trains with.
        self.lr: float = 0.01
        self.ascent: bool = False
        self.steps_per_click: int = 1
        # "auto" toggles: re-run forward / backward after every edit.
        self.auto_forward: bool = True
        self.auto_backward: bool = False
        # Tangent plot: which leaf the curve is drawn against, the finite-difference
        # step, and the x range (None: chosen around the current value).
        self.plot_var: str | None = None
        self.h: float = 1e-3
        self.x_range: tuple[float, float] | None = None
        self.history: list[float] = []
        self.path: str | None = None
        self.dirty: bool = False
        self.last_action: tuple[str, float] | None = None  # (what, seconds)
        self.set_text(text, mark_dirty=False)

    # -- subscribers -----------------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(event)`` on every change; returns a function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _emit(self, *events: str) -> None:
        for event in events:
            for callback in list(self._listeners):
                callback(event)

    # -- reading ---------------------------------------------------------------------

    @property
    def has_grads(self) -> bool:
        return self.graph is not None and self.graph.has_grads

    @property
    def accumulated(self) -> bool:
        """True after Backward twice without Zero grad: grads were added twice."""
        return self.graph is not None and self.graph.backward_passes > 1

    @property
    def output(self) -> Value | None:
        return self.graph.root if self.graph is not None else None

    @property
    def stale(self) -> bool:
        """The text has an error, so the graph shown is the last one that built."""
        return isinstance(self.error, ParseError)

    # -- editing the text --------------------------------------------------------------

    def set_text(self, text: str, *, mark_dirty: bool = True) -> None:
        """Parse and build ``text``. On an error keep the last good graph (greyed by
        the UI) and set ``error``; the text itself is always kept."""
        if text == self.text and self.program is not None:
            return
        self.text = text
        events = ["text"]
        if mark_dirty and not self.dirty:
            self.dirty = True
            events.append("document")
        t0 = time.perf_counter()
        try:
            program = parse(text)
            graph = program.build()
        except ExplorerError as exc:
            self.error = exc
            events.append("error")
            self._emit(*events)
            return
        had_grads = self.has_grads
        same_shape = self.graph is not None and _shape(self.graph) == _shape(graph)
        self.program = program
        self.graph = graph
        self.selection = self._same_node(self.selection, graph)
        if self.error is not None:
            self.error = None
            events.append("error")
        events.append("structure")
        # Keep grads on screen across an edit that only changed numbers, and run
        # backward where the text or the auto toggle asks for it.
        if program.run_backward or self.auto_backward or (had_grads and same_shape):
            self._run(graph.backward)
        self.last_action = ("build", time.perf_counter() - t0)
        self._emit(*events, "selection", "values")

    def _same_node(self, old: Value | None, graph) -> Value | None:
        """The node in the new graph that the old selection was (by name), if any."""
        if old is None or self.program is None:
            return None
        name = old.label
        return graph.by_name.get(name) if name else None

    # -- the buttons -----------------------------------------------------------------

    def forward(self) -> None:
        self._timed("forward", self._graph().forward)

    def backward(self) -> None:
        """Backward as ``L.backward()`` does: grads accumulate when they were not
        zeroed first (``accumulated`` then says why the numbers doubled)."""
        graph = self._graph()
        self._timed("backward", lambda: graph.backward(accumulate=graph.has_grads))

    def zero_grad(self) -> None:
        self._timed("zero grad", self._graph().zero_grad)

    def step(self) -> None:
        """``steps_per_click`` gradient steps: fresh grads, move the parameters by
        ``lr`` along them (up for ascent, down for descent), forward again."""
        graph = self._graph()

        def run() -> None:
            for _ in range(max(1, int(self.steps_per_click))):
                graph.backward()
                graph.step(self.lr, ascent=self.ascent)
                graph.forward()
                self.history.append(graph.root.data)
            if self.auto_backward:
                graph.backward()

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
            if self.auto_backward:
                graph.backward()

        self._timed("reset values", run)
        self.history.clear()
        self._emit("history")

    def set_leaf(self, name: str, value: float, *, write_text: bool = True) -> None:
        """Give leaf ``name`` a new value and re-run the graph.

        ``write_text=False`` is the live path (a slider being dragged): only the
        graph changes. ``write_text=True`` also rewrites the number in the text, so
        the text and the graph never disagree."""
        value = float(value)
        if not math.isfinite(value):
            raise EngineError(f"'{name}' needs a finite number, not {value}.")
        graph = self._graph()
        node = graph.by_name.get(name)
        if node is None or not node.is_leaf:
            raise EngineError(f"'{name}' is not a leaf of this expression.")
        if write_text and self.program is not None and name in self.program.leaves:
            self.set_text(self.program.with_values({name: value}))
            return
        keep_grads = graph.has_grads or self.auto_backward

        def run() -> None:
            node.data = value
            graph.forward()
            if keep_grads:
                graph.backward()

        self._timed("set value", run)

    def select(self, value: Value | None) -> None:
        if value is not self.selection:
            self.selection = value
            self._emit("selection")

    def select_at(self, offset: int) -> None:
        """Select the node whose text is at character ``offset`` of the text."""
        if self.graph is not None and not self.stale:
            self.select(self.graph.node_at(offset))

    def set_settings(self, **changes) -> None:
        """Change settings by name: ``lr``, ``ascent``, ``steps_per_click``,
        ``auto_forward``, ``auto_backward``, ``plot_var``, ``h``, ``x_range``."""
        allowed = {"lr", "ascent", "steps_per_click", "auto_forward", "auto_backward",
                   "plot_var", "h", "x_range"}
        for key, value in changes.items():
            if key not in allowed:
                raise AttributeError(f"unknown setting {key!r}")
            setattr(self, key, value)
        self._emit("settings")
        if changes.get("auto_backward") and self.graph is not None and not self.graph.has_grads:
            self.backward()

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
        if self.error is not None and not isinstance(self.error, ParseError):
            self.error = None
        return True

    def _timed(self, what: str, fn: Callable[[], object]) -> None:
        had_error = self.error
        t0 = time.perf_counter()
        self._run(fn)
        self.last_action = (what, time.perf_counter() - t0)
        events = ["values"]
        if self.error is not had_error:
            events.append("error")
        self._emit(*events)


def _shape(graph) -> tuple:
    """What the layout depends on: ops, constants, labels and wiring, not numbers."""
    index = {id(v): i for i, v in enumerate(graph.nodes)}
    return tuple(
        (v.op.name if v.op else "", v.arg, v.label, tuple(index[id(c)] for c in v.children))
        for v in graph.nodes
    )
