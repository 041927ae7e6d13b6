"""Shapes of statements and expressions the walker recognises, as small tests on
Python's syntax tree (no state: the :class:`~explorer.lang.walker.Walker` asks)."""

from __future__ import annotations

import ast

from .expressions import _MODULES
from .records import UserFunction

# Libraries whose calls make arrays and plots, not graph nodes.
_PLOTTING = ("plt", "np", "numpy", "matplotlib", "pd")
# Attributes that only *show* something (the lecture's `L._prev, L._op`).
_INSPECT = {"data", "grad", "label", "_prev", "_op", "_backward", "children", "op"}


def _kind_of(result) -> str:
    """'a list', 'a function', 'a network': what a result is, for a sentence."""
    if isinstance(result, (list, tuple)):
        return "a list"
    if isinstance(result, UserFunction):
        return "a function"
    if callable(getattr(result, "parameters", None)):
        return "a network"
    return "something that is not a value"


def _targets(stmt) -> set[str]:
    """Names a top-level statement binds."""
    names: set[str] = set()
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            name = (alias.asname or alias.name).split(".")[0]
            if name not in _MODULES and name != "*":
                names.add(name)
        return names
    else:
        return names
    for t in targets:
        if isinstance(t, ast.Name):
            names.add(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            names.update(e.id for e in t.elts if isinstance(e, ast.Name))
    return names


def _inner_targets(stmt) -> set[str]:
    """Names bound anywhere inside a block statement (a skipped loop's variables)."""
    if not isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.AsyncFor)):
        return set()
    found = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
    return found


def _lambda_params(walker, node: ast.Lambda) -> list[str]:
    args = node.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.defaults or args.posonlyargs or not args.args:
        raise walker.error(node, "write a function of one variable, like f = lambda x: 3*x**2")
    return [a.arg for a in args.args]


def _is_docstring(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and \
        isinstance(stmt.value.value, str)


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_outside_call(value) -> bool:
    """``np.arange(...)``, ``plt.subplots()``, ``np.c_[...]``: the plotting world, not the graph."""
    parts = value.elts if isinstance(value, ast.Tuple) else [value]
    return any(isinstance(p, (ast.Call, ast.Subscript, ast.Attribute)) and _root_name(p) in _PLOTTING
               for p in parts)


def _is_empty_container(value) -> bool:
    """``topo = []``, ``visited = set()``: filled later by code that is not run here."""
    if isinstance(value, (ast.List, ast.Set, ast.Tuple)) and not value.elts:
        return True
    if isinstance(value, ast.Dict) and not value.keys:
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
        value.func.id in ("list", "set", "dict") and not value.args and not value.keywords


def _is_draw_call(value) -> bool:
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "draw_dot"


def _is_inspection(value) -> bool:
    parts = value.elts if isinstance(value, ast.Tuple) else [value]
    return bool(parts) and all(isinstance(p, ast.Attribute) and p.attr in _INSPECT for p in parts)


def _number_literal(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)
