"""Expressions: numbers, names, + - * / **, the op table's functions, ``Value(...)``
and calls of functions written in the text, evaluated into engine Values.

Numbers combine as numbers, as in Python (``2/3`` is one constant); as soon as a
Value takes part, the engine's own operators build the node, so the op table stays
the single truth about what each op computes. Evaluation uses an explicit stack
below a small depth, so any expression Python's parser accepts can be built.
"""

from __future__ import annotations

import ast
import operator

import numpy as np

from ..engine import EngineError, Value
from ..engine.ops import FUNCTIONS, OPS, DomainError
from .grouping import call_text, close_group, open_group
from .messages import suggest
from .procedures import truth
from .records import MAX_NODES, MAX_STEPS, Opaque, Skip, UserFunction
from .tensors import torch_plan

__all__ = ["Expressions", "FUNCTIONS"]

_MODULES = ("math", "np", "numpy")
_MODULE_CONSTANTS = {"pi": 3.141592653589793, "e": 2.718281828459045}
_BINOPS = {ast.Add: ("add", operator.add), ast.Sub: ("sub", operator.sub),
           ast.Mult: ("mul", operator.mul), ast.Div: ("div", operator.truediv),
           ast.Pow: ("pow", operator.pow)}
# On two numbers only (a loop's `k % 10 == 0`); no Value has them.
_NUMBER_OPS = {ast.Mod: operator.mod, ast.FloorDiv: operator.floordiv}
_BINOP_WORDS = {ast.FloorDiv: "'//' (floor division)", ast.Mod: "'%' (remainder)",
                ast.MatMult: "'@' (matrix product)", ast.LShift: "'<<'", ast.RShift: "'>>'",
                ast.BitOr: "'|'", ast.BitAnd: "'&'", ast.BitXor: "'^' (use ** for powers)"}
# A Value's operator methods, called by name as a learner explores them
# (``a.__radd__(1.0)`` is ``1.0 + a``): the operator and whether it is reflected.
OPERATOR_METHODS = {"__add__": (ast.Add, False), "__radd__": (ast.Add, True), "__sub__": (ast.Sub, False),
                    "__rsub__": (ast.Sub, True), "__mul__": (ast.Mult, False), "__rmul__": (ast.Mult, True),
                    "__truediv__": (ast.Div, False), "__rtruediv__": (ast.Div, True),
                    "__pow__": (ast.Pow, False), "__neg__": (ast.USub, False), "__repr__": (None, False)}
_MISSING = object()  # "no such name", distinct from any value a name can have
_SAME = ("item", "double", "float")  # PyTorch's scalar conversions
# Arithmetic nested less deeply than this is evaluated by plain recursion (fastest);
# deeper expressions use an explicit stack.
_FAST_DEPTH = 40


class Expressions:
    """The expression half of the walker (a mixin of :class:`~explorer.lang.walker.Walker`,
    which provides names, errors and the state used here)."""

    def _new(self, value: Value, node) -> Value:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error(node, f"this builds more than {MAX_NODES:,} nodes; that is too big to draw")
        self.spans[value] = node
        if self.open_groups:  # made inside a call: a member of that call's group
            self.groups[self.open_groups[-1]].members.append(value)
        return value

    def spend(self, steps: int, node) -> None:
        """Count ``steps`` units of work against the budget (MAX_STEPS), before doing
        them: a loop of a million iterations is refused before its first one."""
        self.steps += steps
        if self.steps > MAX_STEPS:
            # Point at the line that asks for the work, not inside a function it calls.
            node = self.stmt if self.stmt is not None else node
            raise self.error(node, f"this takes more than {MAX_STEPS:,} steps to build (operators, loop "
                                   "iterations and function calls counted); that is too big")

    def constant(self, number: float, node) -> Value:
        return self._new(Value(number), node)

    def evaluate(self, node: ast.expr, depth: int = 0):
        """Evaluate an expression: a float (numbers only), a Value, or a function.

        Shallow arithmetic (nearly every line anyone types) is evaluated recursively,
        which is quickest; below ``_FAST_DEPTH`` levels the explicit stack takes over,
        so depth is limited only by what Python's parser accepts."""
        kind = type(node)
        if kind is ast.Name:
            return self.name_value(node)
        if kind is ast.Constant:
            return self.atom(node, None)
        if kind is ast.BinOp and depth < _FAST_DEPTH and type(node.op) in _BINOPS:
            self.steps += 1
            if self.steps > MAX_STEPS:
                self.spend(0, node)
            left = self.evaluate(node.left, depth + 1)
            right = self.evaluate(node.right, depth + 1)
            return self.binop(node, (node.left, node.right), left, right)
        return self._eval_stack(node)

    def _eval_stack(self, node: ast.expr):
        todo: list = [(node, None, None)]
        vals: list = []
        kids_of = self.kids
        combine = self.combine
        name_value = self.name_value
        atom = self.atom
        Name, Constant = ast.Name, ast.Constant
        while todo:
            item, kids, plan = todo.pop()
            if kids is None:
                kind = type(item)
                # Names and numbers are most of any text: no bookkeeping for them.
                if kind is Name:
                    vals.append(name_value(item))
                    continue
                if kind is Constant:
                    vals.append(atom(item, None))
                    continue
                self.steps += 1
                if self.steps > MAX_STEPS:
                    self.spend(0, item)
                kids, plan = kids_of(item)
                if kids:
                    todo.append((item, kids, plan))
                    if len(kids) == 2:
                        todo.append((kids[1], None, None))
                        todo.append((kids[0], None, None))
                    else:
                        todo.extend((k, None, None) for k in reversed(kids))
                    continue
                vals.append(atom(item, plan))
            else:
                n = len(kids)
                if n == 2:
                    right = vals.pop()
                    args = (vals.pop(), right)
                elif n == 1:
                    args = (vals.pop(),)
                else:
                    args = vals[-n:]
                    del vals[-n:]
                vals.append(combine(item, kids, plan, args))
        return vals[0]

    def kids(self, node):
        """The sub-expressions to evaluate before ``node``, and how to combine them."""
        kind = type(node)
        if kind is ast.BinOp:
            if type(node.op) not in _BINOPS and type(node.op) not in _NUMBER_OPS:
                raise self.error(node, f"{_BINOP_WORDS.get(type(node.op), 'this operator')} is not "
                                       "supported; use + - * / **")
            return (node.left, node.right), None
        if kind is ast.Constant or kind is ast.Name:
            return (), None
        if kind is ast.UnaryOp:
            if type(node.op) in (ast.USub, ast.UAdd):
                return (node.operand,), None
            if isinstance(node.op, ast.Not):
                return (node.operand,), ("not",)
            raise self.error(node, "'~' is not supported; use + - * / **")
        if kind is ast.Call:
            return self.call_plan(node)
        if kind is ast.Attribute:
            if isinstance(node.value, ast.Name) and node.value.id in _MODULES and \
                    node.attr in _MODULE_CONSTANTS:
                return (), ("const", _MODULE_CONSTANTS[node.attr])
            if node.attr in ("data", "grad"):
                # a.data, a.grad: the number it holds at this line, as Python reads it.
                if isinstance(node.value, ast.Name):
                    saved, self.numbers_only = self.numbers_only, False
                    try:
                        value = self.name_value(node.value)
                    finally:
                        self.numbers_only = saved
                    if type(value) is Value:
                        self.read_numbers = True
                        return (), ("const", value.grad if node.attr == "grad" else value.data)
                return (node.value,), ("read", node.attr)
            if node.attr in FUNCTIONS:
                raise self.error(node, f"'.{node.attr}' needs brackets: .{node.attr}()")
            found = self.kids_other(node)
            if found is not None:
                return found
            raise self.error(node, f"'.{node.attr}' is not something this app knows")
        found = self.kids_other(node)
        if found is not None:
            return found
        raise self.error(node, _unsupported(node))

    def call_plan(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            name = func.id
            bound = self.scope.get(name, _MISSING) if self.scope else _MISSING
            if bound is _MISSING:
                bound = self.env.get(name, _MISSING)
            if isinstance(bound, UserFunction):
                if self.scope is None or name not in self.scope:
                    self.used.add(name)
                if bound.statements is not None:  # a def of several lines: run at the call
                    _no_star(self, node)
                    if any(kw.arg is None for kw in node.keywords):
                        raise self.error(node, "'**' before an input is not supported")
                    return ((*node.args, *(kw.value for kw in node.keywords)),
                            ("proc", bound, [kw.arg for kw in node.keywords]))
                if self._expansion(bound) > MAX_STEPS:
                    raise self.error(node, f"calling '{name}' would write out more than {MAX_STEPS:,} "
                                           "operations; that is too big to draw")
                if node.keywords:
                    raise self.error(node.keywords[0],
                                     f"'{name}' takes its inputs by position, like {name}(2.0)")
                if len(node.args) != len(bound.params):
                    raise self.error(node, f"'{name}' takes {len(bound.params)} input"
                                           f"{'s' if len(bound.params) != 1 else ''}, "
                                           f"got {len(node.args)}")
                _no_star(self, node)
                return tuple(node.args), ("user", bound)
            if isinstance(bound, Opaque):
                raise Skip(f"'{name}' is a function this app does not run")
            found = self.call_other(node, bound)
            if found is not None:
                return found
            if bound is not _MISSING and name not in FUNCTIONS and name != "Value":
                raise self.error(func, f"'{name}' is a value, not a function")
            if name in FUNCTIONS and bound is _MISSING:
                return (self._one_arg(node, name),), ("fn", name)
            if name == "Value":
                return self.value_call(node)
            if name in ("print", "draw_dot", "display"):
                raise self.error(node, f"'{name}(...)' belongs on a line of its own")
            self._skip_if_opaque(node)
            known = [*FUNCTIONS, "Value", *(k for k, v in self.env.items() if isinstance(v, UserFunction))]
            raise self.error(func, f"unknown function '{name}'{suggest(name, known)}")
        if isinstance(func, ast.Attribute):
            base = func.value
            if func.attr in _SAME and not node.args and not node.keywords:
                return (base,), ("same", func.attr)
            if func.attr in OPERATOR_METHODS:
                return (_operator_call(self, node),), ("pass",)
            if isinstance(base, ast.Name) and base.id == "torch" and base.id not in self.env:
                return torch_plan(self, node)
            if isinstance(base, ast.Name) and base.id in _MODULES and base.id not in self.env:
                if func.attr in FUNCTIONS and func.attr in ("exp", "log", "tanh"):
                    return (self._one_arg(node, f"{base.id}.{func.attr}"),), ("fn", func.attr)
                raise self.error(func, f"'{base.id}.{func.attr}' is not available; use exp, log or tanh")
            if func.attr in FUNCTIONS:
                if node.args or node.keywords:
                    raise self.error(node, f".{func.attr}() takes no inputs")
                return (base,), ("fn", func.attr)
            if func.attr in ("backward", "zero_grad"):
                raise self.error(func, f".{func.attr}() belongs on a line of its own")
            root = _root(base)
            if root is not None and not (self.scope and root in self.scope) and \
                    isinstance(self.env.get(root), Opaque) and not self.env[root].imported:
                self.name_value(ast.Name(id=root, ctx=ast.Load()))  # raises Skip saying why
            if root is not None and isinstance(self.env.get(root), np.ndarray):
                raise Skip("work on numpy arrays is not part of the graph")
            if isinstance(base, ast.Name) and type(self.env.get(base.id)) is not Value and \
                    not (self.scope and base.id in self.scope):
                raise self.error(func, f"'{base.id}.{func.attr}(...)' is not available here: this text is "
                                       "read, never run")
            raise self.error(func, f"'.{func.attr}()' is not something a Value can do; use .exp(), .log(), "
                                   ".tanh(), .relu() or .sigmoid()")
        if isinstance(func, ast.Lambda):
            raise self.error(func, _UNSUPPORTED[ast.Lambda])
        raise self.error(node, "only named functions can be called here, like tanh(n)")

    def _skip_if_opaque(self, node) -> None:
        """A call this app does not know, on a name a skipped line made: skip the
        line too (Python would run it; here its input has no value anyway)."""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and not (self.scope and sub.id in self.scope) and \
                    isinstance(self.env.get(sub.id), Opaque) and not self.env[sub.id].imported:
                self.name_value(sub)  # raises Skip naming the line

    def _expansion(self, fn: UserFunction, active: frozenset = frozenset()) -> int:
        """How many expression nodes a call of ``fn`` writes out, counting the calls
        inside it (``g(x) = f(x) + f(x)`` doubles): a chain of such functions is refused
        at once instead of after minutes of building."""
        memo = self.extras.setdefault("expansion", {})
        key = id(fn)
        if key in memo:
            return memo[key]
        if fn.name in active:
            return 1  # recursion is reported when the call is made
        total = 0
        for node in ast.walk(fn.body):
            total += 1
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id not in fn.params:
                callee = self.env.get(node.func.id)
                if isinstance(callee, UserFunction):
                    total += self._expansion(callee, active | {fn.name})
            if total > MAX_STEPS:
                break
        memo[key] = total
        return total

    def _one_arg(self, node: ast.Call, name: str) -> ast.expr:
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise self.error(node, f"{name}(...) takes exactly one input")
        return node.args[0]

    def value_call(self, node: ast.Call):
        data = node.args[0] if node.args else None
        label = None
        if len(node.args) > 1:
            raise self.error(node.args[1], "write Value(number, label='name'); the other inputs of the "
                                           "lecture's Value are filled in by the app")
        for kw in node.keywords:
            if kw.arg == "data" and data is None:
                data = kw.value
            elif kw.arg == "label":
                if not (isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)):
                    raise self.error(kw.value, "a label is text in quotes, like label='a'")
                label = kw.value.value
            else:
                raise self.error(kw, "write Value(number, label='name'); only label= can be given")
        if data is None:
            raise self.error(node, "Value(...) needs a number, like Value(2.0, label='a')")
        return (data,), ("Value", label)

    def atom(self, node, plan):
        kind = type(node)
        if kind is ast.Constant:
            value = node.value
            if type(value) is float:
                return value
            if type(value) is int:
                try:
                    return float(value)
                except OverflowError:
                    raise self.error(node, "this number is too large") from None
            if isinstance(value, str):
                raise self.error(node, "text in quotes is only used for labels, like Value(2.0, label='a')")
            if value is None or isinstance(value, bool):
                return value  # Python's None, True and False: for tests like `batch_size is None`
            if isinstance(value, complex):
                raise self.error(node, "complex numbers are not supported")
            raise self.error(node, f"{value!r} is not a number")
        if kind is ast.Name:
            return self.name_value(node)
        if plan is not None and plan[0] == "const":
            return plan[1]
        if plan is not None and plan[0] == "proc":
            return self.combine(node, (), plan, [])  # loss(): a call without inputs
        raise self.error(node, _unsupported(node))  # pragma: no cover - kids() refused it first

    def combine(self, node, kids, plan, args):
        kind = type(node)
        if kind is ast.BinOp:
            return self.binop(node, kids, args[0], args[1])
        if kind is ast.UnaryOp:
            if plan is not None:  # `not x`
                return not truth(self, args[0], kids[0])
            x = self._operand(args[0], kids[0])
            if isinstance(node.op, ast.UAdd):
                return x
            if type(x) is float:
                return -x
            return self._new(-x, node)
        if plan is not None:
            what = plan[0]
            if what == "fn":
                return self.apply_fn(node, plan[1], self._operand(args[0], kids[0]))
            if what == "Value":
                return self.make_value(node, kids[0], args[0], plan[1])
            if what == "pass":
                return args[0]
            if what == "read" or what == "same":
                return self._read(node, kids[0], args[0], plan[1])
            if what == "proc":
                fn = plan[1]
                return self.run_procedure(node, fn, self.procedure_arguments(node, fn, list(args), plan[2]))
            if what == "user":
                # A function may be handed to another (the notes' numerical_derivative(f, x, h)).
                return self.inline(node, plan[1], [a if isinstance(a, UserFunction) else self._operand(a, k)
                                                   for a, k in zip(args, kids)])
            return self.combine_other(node, kids, plan, args)
        raise self.error(node, _unsupported(node))  # pragma: no cover

    def _read(self, node, kid, x, attr: str):
        """``a.data``, ``a.grad`` (numbers, as Python reads them here), ``t.item()``
        (the number), ``t.double()`` (the same value: every number here is a double)."""
        if attr in ("double", "float"):
            if type(x) in (float, Value):
                return x
            raise self.error(kid, f".{attr}() is used on a value here, like torch.Tensor([2.0]).{attr}()")
        if type(x) is Value:
            self.read_numbers = True
            return x.grad if attr == "grad" else x.data
        if type(x) is float and attr in ("data", "item"):
            return x  # o.data.item(): PyTorch's data is a tensor, here already a number
        raise self.error(node, f"'.{attr}' is read from a value, like a.{attr}")

    def _operand(self, x, node):
        if type(x) is float or type(x) is Value:
            return x
        if type(x) is bool:
            return float(x)  # True + 1 == 2, as in Python
        if isinstance(x, UserFunction):
            raise self.error(node, f"'{x.name}' is a function: call it, like {x.name}(2.0)")
        raise self.error(node, "this is not a number or a value, so it cannot be used in arithmetic")

    def binop(self, node, kids, left, right):
        left = self._operand(left, kids[0])
        right = self._operand(right, kids[1])
        number_op = _NUMBER_OPS.get(type(node.op))
        if number_op is not None:  # k % 10 == 0 in a loop: numbers only, as no Value has them
            if type(left) is not float or type(right) is not float:
                raise self.error(node, f"{_BINOP_WORDS[type(node.op)]} is not supported on values; "
                                       "use + - * / **")
            if right == 0:
                raise self.compute_error(node, "division by zero")
            return number_op(left, right)
        name, fn = _BINOPS[type(node.op)]
        if type(left) is float and type(right) is float:
            try:
                if name == "pow":  # a number exponent is the op's constant
                    return OPS["pow"].forward((left,), right)
                return OPS[name].forward((left, right), None)
            except DomainError as exc:
                raise self.compute_error(node, str(exc)) from None
        if type(left) is float:
            left = self.constant(left, kids[0])
        if type(right) is float and name != "pow":
            right = self.constant(right, kids[1])
        try:
            out = fn(left, right)
        except EngineError as exc:
            raise self.compute_error(node, _reason(exc)) from None
        return self._new(out, node)

    def apply_fn(self, node, name: str, x):
        if type(x) is float:
            try:
                return OPS[name].forward((x,), None)
            except DomainError as exc:
                raise self.compute_error(node, str(exc)) from None
        try:
            out = getattr(x, name)()
        except EngineError as exc:
            raise self.compute_error(node, _reason(exc)) from None
        return self._new(out, node)

    def make_value(self, node, data_node, data, label):
        if type(data) is Value:
            data = data.data  # Python would fail here; take the number it holds now
        elif type(data) is not float:
            raise self.error(data_node, "Value(...) needs a number, like Value(2.0, label='a')")
        leaf = self._new(Value(data, label=label or ""), node)
        self.value_args[leaf] = data_node
        self.spans[leaf] = data_node
        self.mentions.append((node, leaf))
        if label is not None:
            self.labelled.discard(leaf)
        return leaf

    def inline(self, node, fn: UserFunction, args: list):
        """Write the body of ``fn`` out with ``args`` in place of its parameters."""
        if fn.name in self.calling:
            raise self.error(node, f"'{fn.name}' calls itself; that cannot be drawn as a graph")
        self.spend(12, node)  # a call costs about twelve operators (its body's count as they are built)
        saved = self.scope
        self.calling.append(fn.name)
        self.scope = dict(zip(fn.params, args))
        group = open_group(self, "function", call_text(node))
        result = None
        try:
            result = self.evaluate(fn.body)
            return result
        finally:
            close_group(self, group, [result])
            self.scope = saved
            self.calling.pop()


def _operator_call(walker, node: ast.Call) -> ast.expr:
    """``a.__radd__(b)`` as the expression it stands for, ``b + a``, placed where
    the call is written."""
    op, reflected = OPERATOR_METHODS[node.func.attr]
    if op is None:
        raise Skip("the graph shows every value")  # a.__repr__()
    count = 0 if op is ast.USub else 1
    if len(node.args) != count or node.keywords:
        raise walker.error(node, f".{node.func.attr}() takes {count} input{'s' if count != 1 else ''}")
    base = node.func.value
    if op is ast.USub:
        made = ast.UnaryOp(op=ast.USub(), operand=base)
    else:
        left, right = (node.args[0], base) if reflected else (base, node.args[0])
        made = ast.BinOp(left=left, op=op(), right=right)
    return ast.copy_location(made, node)


def _root(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _no_star(walker: Expressions, node: ast.Call) -> None:
    for a in node.args:
        if isinstance(a, ast.Starred):
            raise walker.error(a, "'*' before an input is not supported")


def _reason(exc: EngineError) -> str:
    """'division by zero' out of the engine's 'Cannot compute div(1, a): division by zero.'"""
    text = str(exc).rstrip(".")
    return text.split(": ", 1)[1] if ": " in text else text


_UNSUPPORTED = {
    ast.Lambda: "a lambda is only understood as a function of its own, like f = lambda x: 3*x**2",
    ast.ListComp: "list comprehensions are not understood here",
    ast.GeneratorExp: "generator expressions are not understood here",
    ast.SetComp: "set comprehensions are not understood here",
    ast.DictComp: "dict comprehensions are not understood here",
    ast.Compare: "comparisons (==, <, >) are not part of a graph",
    ast.BoolOp: "'and' / 'or' are not part of a graph",
    ast.IfExp: "'... if ... else ...' is not part of a graph",
    ast.JoinedStr: "text in quotes is only used for labels, like Value(2.0, label='a')",
    ast.Subscript: "indexing with [...] is not understood here",
    ast.List: "lists are not understood here",
    ast.Tuple: "use one value here, not several separated by commas",
    ast.Dict: "dicts are not understood here",
    ast.Set: "sets are not understood here",
    ast.Starred: "'*' before a name is not supported",
    ast.NamedExpr: "':=' is not supported; use a line of its own, like a = 2.0",
    ast.Await: "'await' is not supported",
    ast.Yield: "'yield' is not supported",
    ast.YieldFrom: "'yield' is not supported",
    ast.Slice: "slices are not understood here",
}


def _unsupported(node) -> str:
    return _UNSUPPORTED.get(type(node), f"{type(node).__name__} is not understood here")
