"""What one walk over a text records: functions, names set by skipped lines, leaves,
notes and statements, and the result handed to :class:`~explorer.lang.program.Program`."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..engine import Value

__all__ = ["MAX_NODES", "MAX_STEPS", "UserFunction", "Opaque", "ModuleRef", "Skip", "LeafRecord",
           "NoteRecord",
           "StatementRecord", "WalkResult", "Group"]

# The work budget of one text, counting what it makes, not only what it writes:
# nodes built, and steps (operators evaluated, loop iterations of comprehensions and
# sums, elements of lists, expressions written out by function calls). Each is
# checked before the work is done where the count is known in advance, so any text
# over a limit is refused with one sentence naming the limit and the line in well
# under a second. See also MAX_SYMBOLS and MAX_STATEMENTS in program.py.
MAX_NODES = 50_000
MAX_STEPS = 200_000


@dataclass
class UserFunction:
    """A function written in the text: ``f(x) = ...``, ``def f(x): return ...`` or
    ``f = lambda x: ...``. Calls to it are written out in place."""

    name: str
    params: list[str]
    body: ast.expr
    start: int  # offsets of the definition
    end: int
    line: int
    # A ``def`` of several lines (explorer.lang.procedures): its statements, run at
    # each call, and its parameters' defaults. None for a function of one expression.
    statements: list[ast.stmt] | None = None
    defaults: dict = field(default_factory=dict)


@dataclass
class Group:
    """A part of the graph one call made: a neuron, a layer, a network called on an
    input, or a function of the text. A big graph is drawn with its groups closed,
    each as one box showing its output (see :mod:`explorer.viz.groups`)."""

    kind: str  # 'neuron', 'layer', 'network' or 'function'
    name: str  # what its box is titled: 'L1.n1', 'L1', 'n(x)', 'f(x)'
    members: list[Value] = field(default_factory=list)  # the nodes made inside, nested groups' too
    outputs: list[Value] = field(default_factory=list)
    parent: int | None = None  # index of the group it is inside, in the walk's list
    weights: list[Value] = field(default_factory=list)  # a neuron's parameters (made before the call)


@dataclass
class Opaque:
    """What a skipped line bound a name to: using the name skips the using line too."""

    reason: str
    line: int
    imported: bool = False  # a module this app does not know: calling into it stays an error
    # What the name held before a block that is not run would have changed it: later
    # lines cannot use it, but the graph can still show it (the output before the loop).
    previous: object = None


@dataclass(frozen=True)
class ModuleRef:
    """A module the text imported and uses by name (``from micrograd import nn``)."""

    name: str


class Skip(Exception):
    """Skip the current statement with a note (never an error)."""

    def __init__(self, reason: str, understood: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.understood = understood


@dataclass
class LeafRecord:
    name: str
    value: Value
    node: ast.AST | None  # the number that sets it; None for a default (x = 3.0)


@dataclass
class NoteRecord:
    start: int
    end: int
    message: str


@dataclass
class StatementRecord:
    kind: str  # 'leaf' 'node' 'label' 'function' 'output' 'understood' 'skipped'
    node: ast.AST
    name: str | None = None


@dataclass
class WalkResult:
    root: Value | None
    root_name: str | None
    env: dict
    leaves: dict[str, LeafRecord]
    spans: dict
    mentions: list
    notes: list[NoteRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    function: UserFunction | None = None
    run_backward: bool = False
    names: list[str] = field(default_factory=list)
    extras: dict = field(default_factory=dict)
    learner_grads: dict = field(default_factory=dict)  # Value -> the grad the text set by hand
    backward_calls: int = 0
