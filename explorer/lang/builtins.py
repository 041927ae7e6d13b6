"""Python's small pieces a notebook's functions use, read by whitelist (a mixin of
the walker): comparisons (``yi > 0``, ``batch_size is None``), ``not``, ``and``,
``or``, ``... if ... else ...``, ``None``/``True``/``False``, and the built-ins
``map``, ``list`` and ``range``.

These make plain Python values (True, a list of numbers), never graph nodes: in
micrograd's demo they choose a batch and count the accuracy. Comparing two Values
is refused with a sentence (micrograd's Value cannot be compared either); their
numbers can be (``scorei.data > 0``).
"""

from __future__ import annotations

import ast
import operator

import numpy as np

from ..engine import Value
from ..engine.nn import Module
from ..engine.ops import FUNCTIONS
from .expressions import _MISSING
from .procedures import truth
from .records import Opaque, UserFunction

__all__ = ["Builtins"]

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not}
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
MAX_RANGE = 1_000_000  # a range longer than this is refused before it is made


def as_items(x) -> list | None:
    """``x`` as a list Python's ``for`` would go over, numbers as floats, or None:
    a list or tuple, a numpy array (rows of a 2-D one as lists)."""
    if isinstance(x, list):
        return x
    if isinstance(x, tuple):
        return list(x)
    if isinstance(x, np.ndarray) and x.dtype.kind in "fiub" and x.ndim in (1, 2):
        return x.astype(float).tolist()
    return None


def _plain(x):
    """A number as Python compares it: numpy's numbers and bools are floats here."""
    if isinstance(x, (np.floating, np.integer)):
        return float(x)
    return x


class Builtins:
    """Comparisons, truth, and map/list/range (see the module docstring)."""

    def as_items(self, x) -> list | None:
        return as_items(x)

    def kids_other(self, node):
        kind = type(node)
        if kind is ast.Compare:
            for op in node.ops:
                if type(op) not in _COMPARE and not isinstance(op, (ast.In, ast.NotIn)):
                    raise self.error(node, "this comparison is not understood here")  # pragma: no cover
            return (node.left, *node.comparators), ("compare",)
        if kind in (ast.BoolOp, ast.IfExp):
            return (), ("lazy",)  # operands are evaluated only when Python would
        return super().kids_other(node)

    def atom(self, node, plan):
        if plan is not None and plan[0] == "lazy":
            if isinstance(node, ast.IfExp):
                chosen = node.body if truth(self, self.evaluate(node.test), node.test) else node.orelse
                return self.evaluate(chosen)
            want = isinstance(node.op, ast.Or)  # `or` stops at the first true operand, `and` at a false one
            result = None
            for value in node.values:
                result = self.evaluate(value)
                if truth(self, result, value) == want:
                    return result
            return result
        return super().atom(node, plan)

    def call_other(self, node: ast.Call, bound):
        name = node.func.id
        if bound is _MISSING and name in ("map", "list", "range"):
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
                raise self.error(node, f"{name}(...) takes its inputs by position here")
            if name == "map":
                if len(node.args) != 2:
                    raise self.error(node, "map(...) takes a function and one list here, like "
                                           "map(Value, xrow)")
                return (node.args[1],), ("map", self._mapped(node.args[0]))
            if name == "list":
                if len(node.args) != 1:
                    raise self.error(node, "list(...) takes one list here")
                return (node.args[0],), ("list_of",)
            if not 1 <= len(node.args) <= 3:
                raise self.error(node, "range(...) takes one to three whole numbers, like range(100)")
            return tuple(node.args), ("range",)
        return super().call_other(node, bound)

    def _mapped(self, func):
        """What ``map`` applies: Value, a network, a function of the text, or tanh & co."""
        if not isinstance(func, ast.Name):
            raise self.error(func, "map(...) takes a function by its name here, like map(Value, xrow)")
        name = func.id
        bound = self.scope.get(name, _MISSING) if self.scope else _MISSING
        if bound is _MISSING:
            bound = self.env.get(name, _MISSING)
        if isinstance(bound, Opaque):
            self.name_value(func)  # raises Skip naming the line that set it
        if isinstance(bound, (Module, UserFunction)):
            return bound
        if bound is _MISSING and (name == "Value" or name in FUNCTIONS):
            return name
        raise self.error(func, f"map(...) applies Value, a network or a function here, not '{name}'")

    def combine_other(self, node, kids, plan, args):
        what = plan[0]
        if what == "compare":
            return self._compare(node, args)
        if what == "list_of":
            items = as_items(args[0])
            if items is None:
                raise self.error(kids[0], "list(...) takes a list here")
            self.spend(len(items), node)
            return list(items)
        if what == "range":
            return self._range(node, kids, args)
        if what == "map":
            return self._map(node, kids[0], plan[1], args[0])
        return super().combine_other(node, kids, plan, args)

    def _compare(self, node: ast.Compare, args) -> bool:
        left = _plain(args[0])
        for op, right, kid in zip(node.ops, args[1:], node.comparators):
            right = _plain(right)
            if isinstance(op, (ast.In, ast.NotIn)):
                items = as_items(right)
                if items is None:
                    raise self.error(kid, "'in' looks in a list here")
                found = any(left is x or (type(x) is not Value and type(left) is not Value and left == x)
                            for x in items)
                ok = found if isinstance(op, ast.In) else not found
            else:
                if type(left) is Value or type(right) is Value:
                    if isinstance(op, _ORDER):
                        raise self.error(node, "Values are not compared; compare their numbers, like "
                                               "a.data > 0")
                    ok = _COMPARE[type(op)](left is right, True) if not isinstance(op, (ast.Is, ast.IsNot)) \
                        else _COMPARE[type(op)](left, right)
                else:
                    try:
                        ok = _COMPARE[type(op)](left, right)
                    except TypeError:
                        raise self.error(node, "these cannot be compared") from None
            if not ok:
                return False
            left = right
        return True

    def _range(self, node, kids, args) -> list[float]:
        whole = []
        for x, kid in zip(args, kids):
            if type(x) is not float or not x.is_integer():
                raise self.error(kid, "range(...) takes whole numbers, like range(100)")
            whole.append(int(x))
        steps = range(*whole) if whole[-1] != 0 or len(whole) < 3 else None
        if steps is None:
            raise self.error(node, "range(...) cannot step by 0")
        if len(steps) > MAX_RANGE:
            raise self.error(node, f"this range has more than {MAX_RANGE:,} numbers; that is too many")
        self.spend(len(steps), node)
        return [float(k) for k in steps]

    def _map(self, node, seq_node, func, seq) -> list:
        items = as_items(seq)
        if items is None:
            raise self.error(seq_node, "map(...) goes over a list here")
        self.spend(len(items), node)
        out = []
        for item in items:
            if func == "Value":
                if type(item) is Value:
                    item = item.data  # Python would fail here; take the number it holds now
                if type(item) is not float:
                    raise self.error(seq_node, "Value(...) needs numbers here")
                out.append(self._new(Value(item), node))
            elif isinstance(func, str):
                out.append(self.apply_fn(node, func, self._operand(item, seq_node)))
            elif isinstance(func, Module):
                out.append(self._call_model(node, func, seq_node, item))
            elif func.statements is not None:
                out.append(self.run_procedure(node, func, self.procedure_arguments(node, func, [item], [])))
            else:
                if len(func.params) != 1:
                    raise self.error(node, f"'{func.name}' takes {len(func.params)} inputs; map gives it one")
                out.append(self.inline(node, func, [self._operand(item, seq_node)]))
        return out
