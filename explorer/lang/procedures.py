"""Functions of several lines, run where they are called (a mixin of the Walker).

micrograd's demo computes its loss in a function of a dozen lines::

    def loss(batch_size=None):
        if batch_size is None:
            Xb, yb = X, y
        ...
        return total_loss, sum(accuracy) / len(accuracy)

    total_loss, acc = loss()

Such a ``def`` is a :class:`~explorer.lang.records.UserFunction` with statements.
A call runs them, by the same whitelist as the rest of the text, in a scope of its
own (its parameters and the names it sets; other names are the text's): an
``if`` takes the branch its test gives, ``return`` gives back one value or a
tuple, ``for`` goes over a list. ``print``, plots and ``draw_dot`` inside are
skipped; lines that change values (``x.grad = ...``, ``p.data -= ...``,
``.backward()``) are done, as at the top level. Nothing is executed.

A line inside that cannot be understood does not refuse the text: the line that
calls the function is skipped, with a note naming the line inside and why.
"""

from __future__ import annotations

import ast

from ..engine import Value
from .errors import ParseError
from .grouping import call_text, close_group, open_group
from .records import Skip, UserFunction

__all__ = ["Procedures", "truth"]

# What a block of statements ends with when it has no `return`.
_NO_RETURN = object()
# Calls that only show something: skipped inside a function, as at the top level.
_SHOWING = ("print", "display", "draw_dot")
_SHOWING_MODULES = ("plt", "matplotlib", "dot")
_STATEMENT_WORDS = {ast.FunctionDef: "a function inside a function", ast.While: "a 'while' loop",
                    ast.Import: "an import", ast.ImportFrom: "an import", ast.ClassDef: "a class"}


def _of(fn) -> str:
    """'loss()' for a function, 'the loop' for a loop's body."""
    return f"{fn.name}()" if isinstance(fn, UserFunction) else fn.name


def truth(walker, x, node) -> bool:
    """Python's truth of ``x`` for ``if``, ``not``, ``and``/``or``: numbers, True,
    False, None and lists. A Value is refused: Python would call every Value true,
    which is never what a test on one means."""
    if x is None or isinstance(x, (bool, float, int, list, tuple)):
        return bool(x)
    if type(x) is Value:
        raise walker.error(node, "a Value is not true or false; compare its number, like a.data > 0")
    raise walker.error(node, "this is not something that can be true or false")


class Procedures:
    """``def`` with several lines, and calls of it."""

    def define_procedure(self, stmt: ast.FunctionDef) -> None:
        args = stmt.args
        if stmt.decorator_list or args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
            raise Skip("only plain functions are understood here, like def loss(batch_size=None): ...")
        params = [a.arg for a in args.args]
        if len(set(params)) != len(params):
            raise self.error(stmt, f"the function '{stmt.name}' names a parameter twice")
        defaults = {}
        for param, default in zip(params[len(params) - len(args.defaults):], args.defaults):
            if not isinstance(default, ast.Constant) or isinstance(default.value, (str, bytes, complex)):
                raise Skip("a parameter's default is a number, True, False or None here")
            value = default.value
            defaults[param] = float(value) if type(value) is int else value
        s, e = self.offsets(stmt)
        fn = UserFunction(stmt.name, params, stmt, s, e, stmt.lineno, statements=stmt.body, defaults=defaults)
        self._rebinding(stmt.name, stmt)
        self.env[stmt.name] = fn
        self.bound_line[stmt.name] = stmt.lineno
        call = f"{stmt.name}({', '.join(p for p in params if p not in defaults)})"
        self.note(stmt, f"`{self._excerpt(stmt)}` understood: a function of several lines; a call like "
                        f"{call} runs its lines there (print and plots inside are skipped)")
        self._record("function", stmt, stmt.name)

    def procedure_arguments(self, node: ast.Call, fn: UserFunction, args: list, keywords: list[str]) -> dict:
        """The call's scope: positional inputs, then keywords, then the defaults."""
        params = fn.params
        if len(args) - len(keywords) > len(params):
            raise self.error(node, f"'{fn.name}' takes at most {len(params)} input"
                                   f"{'s' if len(params) != 1 else ''}, got {len(args) - len(keywords)}")
        positional = len(args) - len(keywords)
        scope = dict(zip(params, args[:positional]))
        for key, value in zip(keywords, args[positional:]):
            if key not in params:
                raise self.error(node, f"'{fn.name}' has no input named '{key}'")
            if key in scope:
                raise self.error(node, f"'{fn.name}' is given '{key}' twice")
            scope[key] = value
        for param in params:
            if param not in scope:
                if param not in fn.defaults:
                    raise self.error(node, f"'{fn.name}' needs a value for '{param}'")
                scope[param] = fn.defaults[param]
        return scope

    def run_procedure(self, node: ast.Call, fn: UserFunction, scope: dict):
        """Run ``fn``'s lines for the call ``node``; what its ``return`` gives (None
        without one)."""
        if fn.name in self.calling:
            raise Skip(f"'{fn.name}' calls itself; that is not run here")
        self.spend(12, node)
        saved = self.scope
        self.calling.append(fn.name)
        self.scope = scope
        group = open_group(self, "function", call_text(node))
        result = None
        try:
            result = self.run_block(fn.statements, fn)
        except ParseError as exc:
            if "steps to build" in exc.message or "nodes" in exc.message:
                raise  # the budget: the text is too big, wherever the work happens
            raise Skip(f"line {exc.line} of {fn.name}(): {exc.message}") from None
        except Skip as skip:
            if skip.reason.startswith("line "):
                raise
            raise Skip(f"line {self.inner_line} of {fn.name}(): {skip.reason}") from None
        finally:
            close_group(self, group, [result] if type(result) is Value else
                        [v for v in result if type(v) is Value] if isinstance(result, tuple) else [])
            self.scope = saved
            self.calling.pop()
        return None if result is _NO_RETURN else result

    # -- statements inside a function -----------------------------------------------

    def run_block(self, stmts: list[ast.stmt], fn: UserFunction):
        for stmt in stmts:
            self.inner_line = stmt.lineno
            self.spend(1, stmt)
            kind = type(stmt)
            if kind is ast.Return:
                return self._returned(stmt.value)
            if kind is ast.If:
                branch = stmt.body if truth(self, self.evaluate(stmt.test), stmt.test) else stmt.orelse
                result = self.run_block(branch, fn)
                if result is not _NO_RETURN:
                    return result
            elif kind is ast.For:
                result = self._local_for(stmt, fn)
                if result is not _NO_RETURN:
                    return result
            elif kind is ast.Assign:
                self._local_assign(stmt)
            elif kind is ast.AugAssign:
                self._local_aug_assign(stmt)
            elif kind is ast.Expr:
                self._local_expression(stmt.value)
            elif kind is ast.Pass:
                continue
            else:
                word = _STATEMENT_WORDS.get(kind, f"'{kind.__name__.lower()}'")
                raise Skip(f"line {stmt.lineno} of {_of(fn)}: {word} is not run inside it here")
        return _NO_RETURN

    def _returned(self, value):
        if value is None:
            return None
        if isinstance(value, ast.Tuple):
            return tuple(self.evaluate(v) for v in value.elts)
        return self.evaluate(value)

    def _local_for(self, stmt: ast.For, fn: UserFunction):
        if stmt.orelse:
            raise Skip(f"line {stmt.lineno} of {_of(fn)}: 'for ... else' is not run here")
        names = self.loop_names(stmt.target)
        items = self.loop_items(stmt.iter)
        for item in items:
            self.spend(1, stmt)
            self.scope.update(self.unpack(names, item, stmt.target))
            result = self.run_block(stmt.body, fn)
            if result is not _NO_RETURN:
                return result
        return _NO_RETURN

    def _local_assign(self, stmt: ast.Assign) -> None:
        if len(stmt.targets) != 1:
            raise self.error(stmt.targets[1], "give one name a value at a time")
        target = stmt.targets[0]
        if isinstance(target, ast.Attribute):
            self._local_attribute(stmt, target)
            return
        if isinstance(target, ast.Name):
            self._set_local(target.id, self.evaluate(stmt.value))
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            names = self.loop_names(target)
            if isinstance(stmt.value, (ast.Tuple, ast.List)) and len(stmt.value.elts) == len(names):
                results = tuple(self.evaluate(v) for v in stmt.value.elts)  # all right-hand sides first
            else:
                results = self.evaluate(stmt.value)
            for name, result in self.unpack(names, results, target).items():
                self._set_local(name, result)
            return
        raise self.error(target, "only a name can be given a value here")

    def _set_local(self, name: str, result) -> None:
        if type(result) is Value and not result.label and not result.is_leaf:
            result.label = name  # the graph names a node by the line that made it
        self.scope[name] = result

    def _local_attribute(self, stmt, target: ast.Attribute, op=None) -> None:
        if target.attr == "label" and op is None:
            node = self.evaluate(target.value)
            value = stmt.value
            if type(node) is Value and isinstance(value, ast.Constant) and isinstance(value.value, str):
                node.label = value.value
                return
            raise self.error(stmt, "set a label on a value, like e.label = 'e'")
        try:
            self.attribute_effect(stmt, target, op)
        except Skip as skip:
            if skip.understood:
                return
            raise
        raise self.error(target, f"'.{target.attr}' cannot be changed here")

    def _local_aug_assign(self, stmt: ast.AugAssign) -> None:
        target = stmt.target
        if isinstance(target, ast.Attribute):
            self._local_attribute(stmt, target, stmt.op)
            return
        if not isinstance(target, ast.Name):
            raise self.error(target, "only a name can be changed with +=")
        synthetic = ast.BinOp(left=ast.Name(id=target.id, ctx=ast.Load()), op=stmt.op, right=stmt.value)
        ast.copy_location(synthetic, stmt)
        ast.copy_location(synthetic.left, target)
        self._set_local(target.id, self.evaluate(synthetic))

    def _local_expression(self, value: ast.expr) -> None:
        if isinstance(value, ast.Constant):
            return  # a docstring or a stray number
        if isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Name) and func.id in _SHOWING:
                return
            root = func
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in _SHOWING_MODULES:
                return
            try:
                self.call_effect(value)
            except Skip as skip:
                if skip.understood:
                    return
                raise
        self.evaluate(value)  # a call of another function, or a value shown in a notebook

    # -- loops (here and at the top level) ---------------------------------------------

    def loop_names(self, target) -> list[str]:
        if isinstance(target, ast.Name):
            return [target.id]
        if isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
            return [e.id for e in target.elts]
        raise self.error(target, "write names here, like 'for x in xs' or 'a, b = ...'")

    def loop_items(self, node) -> list:
        """What a ``for`` goes over: a list, a range, a network's parameters, an array."""
        items = self.as_items(self.evaluate(node))
        if items is None:
            raise self.error(node, "a 'for' here goes over a list, like 'for p in n.parameters()'")
        return items

    def unpack(self, names: list[str], item, target) -> dict:
        if len(names) == 1 and isinstance(target, ast.Name):
            return {names[0]: item}
        parts = self.as_items(item)
        if parts is None or len(parts) != len(names):
            raise self.error(target, f"each element does not have {len(names)} parts to unpack")
        return dict(zip(names, parts))
