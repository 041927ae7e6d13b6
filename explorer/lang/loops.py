"""``for`` loops of the text, run as Python would (a mixin of the Walker).

The lecture trains its network with loops written out in cells::

    for p in n.parameters():
        p.data += -0.1 * p.grad

    for k in range(20):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
        ...

A loop at the top level is run, iteration by iteration, with the statements a
function body may hold (:mod:`explorer.lang.procedures`); afterwards the names it
set hold what Python would leave in them (the last iteration's ``loss``, ``k``, ``p``).

A loop that cannot be run — a line in it is not understood, or it would build
more than the text's budget of nodes (micrograd's demo loop trains for 100 steps,
each building the whole loss again: that is the Training lab's job) — is undone
completely and skipped with a note. The names it would have changed (the names
it sets, the values whose ``.data``/``.grad`` it changes, the networks whose
parameters it updates) then hold nothing later lines may use: a line using one
is skipped with a note too, instead of silently showing a value Python would not.
The graph still shows what was built before the loop.
"""

from __future__ import annotations

import ast

from ..engine import Value
from .errors import ParseError
from .records import MAX_NODES, Skip

__all__ = ["Loops", "changed_names"]


class _Undo:
    """Everything a loop can change, to put back if it cannot be run to the end."""

    def __init__(self, walker):
        self.values = [(v, v.data, v.grad, v.label) for v in walker.spans]
        self.lengths = {k: len(getattr(walker, k))
                        for k in ("mentions", "notes", "groups", "statements", "names")}
        self.nodes = walker.nodes
        self.learner_grads = dict(walker.learner_grads)
        self.flags = (walker.backward_calls, walker.run_backward, walker.node_candidate,
                      walker.leaf_candidate)
        self.rng = walker.rng.getstate()
        self.np_rng = walker.np_rng.get_state() if walker.np_rng is not None else None
        self.extras = {k: v for k, v in walker.extras.items() if k != "groups"}

    def restore(self, walker) -> None:
        for v, data, grad, label in self.values:
            v.data, v.grad, v.label = data, grad, label
        for key, n in self.lengths.items():
            del getattr(walker, key)[n:]
        walker.nodes = self.nodes
        walker.learner_grads = self.learner_grads
        walker.backward_calls, walker.run_backward, walker.node_candidate, walker.leaf_candidate = self.flags
        walker.rng.setstate(self.rng)
        if self.np_rng is None:
            walker.np_rng = None
        else:
            walker.np_rng.set_state(self.np_rng)
        groups = walker.extras["groups"]
        walker.extras.clear()
        walker.extras.update(self.extras, groups=groups)


class Loops:
    """Running a top-level ``for`` (see the module docstring)."""

    def top_level_for(self, stmt: ast.For) -> None:
        if stmt.orelse:
            raise Skip("'for ... else' is not run here")
        undo = _Undo(self)
        scope: dict = {}
        self.inner_line = stmt.lineno
        try:
            names = self.loop_names(stmt.target)
            items = self.loop_items(stmt.iter)
            self.scope = scope
            before = self.nodes
            for k, item in enumerate(items):
                self.spend(1, stmt)
                scope.update(self.unpack(names, item, stmt.target))
                self.run_block(stmt.body, _LoopFrame)
                if k == 0 and (self.nodes - before) * len(items) > MAX_NODES - before:
                    raise _TooBig(len(items))
        except (Skip, ParseError, _TooBig) as exc:
            self.scope = None
            undo.restore(self)
            if isinstance(exc, Skip) and exc.understood:
                raise
            raise Skip(_why_not(exc, self.inner_line)) from None
        finally:
            self.scope = None
        self._export(stmt, scope)
        count = len(items)
        raise Skip(f"run {count} time{'s' if count != 1 else ''}, as in Python; afterwards each name holds "
                   "what its last run left", understood=True)

    def _export(self, stmt: ast.For, scope: dict) -> None:
        """The loop's names become the text's, as in Python (without making leaves:
        ``learning_rate`` set in a loop is a plain number, ``p`` the last parameter)."""
        for name, value in scope.items():
            if name in self.leaves:
                self._rebinding(name, stmt)
            self.env[name] = value
            self.bound_line[name] = stmt.lineno
            self.used.discard(name)
        for name in reversed(_assigned_names(stmt.body)):
            value = scope.get(name)
            if type(value) is Value and not value.is_leaf:
                self.node_candidate = ("name", name)  # the last value the loop built: the graph's output
                self.labelled.add(value)
                break


class _LoopFrame:
    """What a top-level loop's body is run as: the messages call it 'the loop'."""

    name = "the loop"
    statements = None


class _TooBig(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def _why_not(exc, line: int) -> str:
    if isinstance(exc, _TooBig):
        return (f"running it {exc.count:,} times would build more than {MAX_NODES:,} nodes, so it is not run "
                "here; the Training lab trains a network fast")
    if isinstance(exc, ParseError):
        return f"it is not run here: line {exc.line}: {exc.message}"
    return f"it is not run here: {exc.reason}" if exc.reason.startswith("line ") else \
        f"it is not run here: line {line}: {exc.reason}"


def _assigned_names(body: list[ast.stmt]) -> list[str]:
    names = []
    for stmt in body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] \
            if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) else []
        for t in targets:
            for node in ast.walk(t):
                if isinstance(node, ast.Name):
                    names.append(node.id)
    return names


def _root(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def changed_names(stmt) -> set[str]:
    """Names a loop that is not run would have changed: those it sets, values whose
    .data/.grad it sets, bases of .backward()/.zero_grad(), and what a loop variable
    that is changed comes from (``model`` in ``for p in model.parameters(): p.data -= ...``)."""
    changed: set[str] = set()
    loops: dict[str, str] = {}
    for node in ast.walk(stmt):
        if isinstance(node, (ast.For, ast.comprehension)):
            source = _root(node.iter)
            for name in ast.walk(node.target):
                if isinstance(name, ast.Name) and source is not None:
                    loops[name.id] = source
            if isinstance(node, ast.For):
                changed.update(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            changed.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            root = _root(node.value)
            if root is not None:
                changed.add(root)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("backward", "zero_grad", "_backward"):
            root = _root(node.func.value)
            if root is not None:
                changed.add(root)
    for name in list(changed):
        seen = set()
        while name in loops and name not in seen:  # p -> model.parameters() -> model
            seen.add(name)
            name = loops[name]
            changed.add(name)
    return changed
