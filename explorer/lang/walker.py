"""The whitelist walker: reads Python's syntax tree and builds the graph from it.

Nothing is executed. Each statement is one of a short list of shapes the walker
knows (a name bound to a number or an expression, ``x.label = '...'``, a function
of one variable, a line that is understood or skipped with a note); anything else
is a :class:`ParseError` at its line and column. Expressions are read by the
:class:`~explorer.lang.expressions.Expressions` half; the lecture's MLP code by the
subclass in :mod:`explorer.lang.models`.

Python's meaning is kept where a notebook relies on it:

* numbers combine as numbers (``2/3`` is one constant ``0.666...``, as in Python);
* a name bound to a number is a *leaf*; a name bound to an expression is the node
  it makes, labelled with the name;
* binding a name again makes a new node; lines above keep the old one (a note says so);
* ``f(x)`` calls of a function defined in the text are written out in place.
"""

from __future__ import annotations

import ast

from ..engine import Value
from .effects import DRAWN, Effects
from .errors import ComputeError, ParseError
from .expressions import (
    _BINOP_WORDS,
    _BINOPS,
    _MISSING,
    FUNCTIONS,
    Expressions,
    _unsupported,
)
from .lecture_cells import defining_cell
from .loops import Loops, changed_names
from .messages import excerpt, suggest
from .output import Output
from .procedures import Procedures
from .records import (
    MAX_NODES,
    MAX_STEPS,
    LeafRecord,
    NoteRecord,
    Opaque,
    Skip,
    StatementRecord,
    UserFunction,
    WalkResult,
)
from .refusals import refuse_reaching_outside
from .shapes import (
    _INSPECT,
    _PLOTTING,
    _inner_targets,
    _is_docstring,
    _is_draw_call,
    _is_empty_container,
    _is_inspection,
    _is_outside_call,
    _lambda_params,
    _number_literal,
    _root_name,
    _targets,
)
from .source import SourceMap

__all__ = ["Walker", "UserFunction", "Opaque", "MAX_NODES", "MAX_STEPS"]

# Names the app provides itself; pasting the lecture's own definitions of them is fine.
_BUILT_IN = {"Value", "Neuron", "Layer", "MLP", "Module", "draw_dot", "trace"}


class Walker(Loops, Procedures, Effects, Output, Expressions):
    """One walk over a parsed module; ``run()`` returns a :class:`WalkResult`."""

    def __init__(self, module: ast.Module, smap: SourceMap, *, headers=None, output=None, blanked=(),
                 original: str | None = None):
        self.module = module
        self.smap = smap
        self.original = smap.text if original is None else original  # the user's text, for excerpts
        self.reads_possible = ".data" in smap.text or ".grad" in smap.text
        self.headers = headers or {}
        self.output = output
        self.blanked = blanked
        self.env: dict[str, object] = {}
        self.bound_line: dict[str, int] = {}
        self.used: set[str] = set()
        self.future: dict[str, int] = {}
        self.leaves: dict[str, LeafRecord] = {}
        # Where each value was written, as ast nodes: turned into offsets only when
        # someone asks (a 10,000-line text has 70,000 of them).
        self.spans: dict[Value, ast.AST] = {}
        self.mentions: list[tuple[ast.AST, Value]] = []
        self.labelled: set[Value] = set()  # bound to a name or given a label already
        self.value_args: dict[Value, ast.AST] = {}  # Value(...) leaf -> its number
        self.notes: list[NoteRecord] = []
        self.statements: list[StatementRecord] = []
        self.function: UserFunction | None = None
        self.run_backward = False
        self.node_candidate: tuple | None = None
        self.leaf_candidate: str | None = None
        self.scope: dict | None = None
        self.calling: list[str] = []
        self.nodes = 0
        self.steps = 0
        self.stmt: ast.stmt | None = None
        self.inner_line = 0  # the line run last inside a function or a loop (for its notes)
        self.stmt_targets: set[str] = set()
        self.names: list[str] = []
        self.groups: list = []  # what each call made (lang.grouping), for drawing big graphs
        self.open_groups: list[int] = []
        self.extras: dict = {"groups": self.groups}
        self.read_numbers = False  # the expression being read took a number out of the graph
        self.numbers_only = False  # names give their numbers (step = 0.01 in a.data += step * a.grad)
        self.init_effects()

    # -- errors and notes ------------------------------------------------------------

    def offsets(self, node) -> tuple[int, int]:
        return self.smap.node_offsets(node)

    def compute_error(self, node, reason: str) -> ComputeError:
        """The starting values cannot be computed here: '1/a' with a = 0."""
        start, end = self.offsets(node)
        return ComputeError(f"cannot compute {excerpt(self.original[start:end])}: {reason}",
                            self.smap.span(start, end))

    def error(self, node, message: str, cls=ParseError) -> ParseError:
        start, end = self.offsets(node)
        return cls(message, self.smap.span(start, end))

    def note(self, node, message: str) -> None:
        start, end = self.offsets(node)
        self.notes.append(NoteRecord(start, end, message))

    def _excerpt(self, node) -> str:
        start, end = self.offsets(node)
        return excerpt(self.original[start:end])

    # -- the walk ------------------------------------------------------------------------

    def run(self) -> WalkResult:
        body = self.module.body
        self._prescan(body)
        for start, end, why in self.blanked:
            if why == "magic":
                line = self.original[start:end].strip()
                self.notes.append(NoteRecord(start, end, f"`{excerpt(line)}` skipped: notebook magics and "
                                             "shell commands are not run here"))
        for stmt in body:
            self.stmt = stmt
            self.stmt_targets = _targets(stmt)
            try:
                self.statement(stmt)
            except Skip as skip:
                kind = "understood" if skip.understood else "skipped"
                word = "understood" if skip.understood else "skipped"
                self.note(stmt, f"`{self._excerpt(stmt)}` {word}: {skip.reason}")
                self.statements.append(StatementRecord(kind, stmt))
                if not skip.understood:
                    self._taint(stmt, skip.reason)
        self.stmt = None
        root, root_name = self._choose_output()
        self.notes.sort(key=lambda n: n.start)
        result = WalkResult(root, root_name, self.env, self.leaves, self.spans, self.mentions, self.notes,
                            self.statements, self.function, self.run_backward, self.names, self.extras,
                            self.learner_grads, self.backward_calls)
        self.finish(result)
        return result

    def _prescan(self, body) -> None:
        """Where each name is first bound (for "used before it is given a value"), and
        a refusal of anything that could reach outside the text, even on lines that
        would be skipped."""
        for stmt in body:
            for name in _targets(stmt):
                self.future.setdefault(name, stmt.lineno)
        refuse_reaching_outside(self, body, self.smap.text)

    def _taint(self, stmt, reason: str) -> None:
        line = stmt.lineno
        names = _targets(stmt) | _inner_targets(stmt)
        if isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.AsyncFor)):
            names |= changed_names(stmt)  # what Python would have changed by running the block
        for name in names:
            if name in _BUILT_IN:
                continue  # a pasted `class Value:` or `def draw_dot(root):` does not replace ours
            old = self.env.get(name)
            # A block that is not run: later lines cannot use what it would have
            # changed, but the graph may still show the value from before it.
            previous = old.previous if isinstance(old, Opaque) else old
            self.env[name] = Opaque(reason, line, isinstance(stmt, (ast.Import, ast.ImportFrom)), previous)
            self.bound_line[name] = line
            self.used.discard(name)

    # -- statements ----------------------------------------------------------------------

    def statement(self, stmt: ast.stmt) -> None:
        kind = type(stmt)
        if kind is ast.Assign:
            self.assign(stmt)
        elif kind is ast.Expr:
            self.expression_statement(stmt)
        elif kind is ast.AugAssign:
            self.aug_assign(stmt)
        elif kind is ast.AnnAssign:
            if stmt.value is None or not isinstance(stmt.target, ast.Name):
                raise Skip("a type annotation without a value does nothing here")
            self.assign(ast.Assign(targets=[stmt.target], value=stmt.value, lineno=stmt.lineno,
                                   col_offset=stmt.col_offset, end_lineno=stmt.end_lineno,
                                   end_col_offset=stmt.end_col_offset))
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            self.function_def(stmt)
        elif kind in (ast.Import, ast.ImportFrom):
            self.import_statement(stmt)
        elif kind is ast.ClassDef:
            raise Skip("the Value class is built in" if stmt.name == "Value"
                        else "classes are not run here (Value, Neuron, Layer and MLP are built in)")
        elif kind is ast.Pass:
            return
        elif kind is ast.Assert:
            raise Skip("checks are not run; the graph shows every value")
        elif kind is ast.For:
            self.top_level_for(stmt)
        elif kind in (ast.While, ast.AsyncFor):
            raise Skip("'while' loops are not run here; a 'for' loop over a list or a range is")
        else:
            word = type(stmt).__name__.lower()
            raise Skip(f"'{word}' blocks are not run here")

    def _record(self, kind: str, node, name: str | None = None) -> None:
        self.statements.append(StatementRecord(kind, node, name))

    def assign(self, stmt: ast.Assign) -> None:
        value = stmt.value
        if len(stmt.targets) != 1:
            raise self.error(stmt.targets[1], "give one name a value at a time, like a = 2.0")
        target = stmt.targets[0]
        if isinstance(target, ast.Attribute):
            self.attribute_assign(stmt, target)
            return
        if isinstance(target, ast.Subscript):
            raise self.error(target, "only a name can be given a value here, like a = 2.0")
        if isinstance(target, ast.Name) and (header := self.headers.get(stmt.lineno)) and \
                header.name == target.id:
            self.define(header.name, header.params, value, stmt, header.start)
            return
        if isinstance(value, ast.Lambda) and isinstance(target, ast.Name):
            self.define(target.id, _lambda_params(self, value), value.body, stmt)
            return
        if self.assign_other(stmt, target, value):
            return
        if _is_outside_call(value):
            raise Skip("numpy arrays and plots are not part of the graph (the plot panel draws the curve)")
        if _is_empty_container(value):
            raise Skip("an empty list, set or dict builds nothing here")
        if _is_draw_call(value):
            self._draw_dot(value)
        if isinstance(target, ast.Tuple) or isinstance(target, ast.List):
            self.tuple_assign(stmt, target, value)
            return
        if not isinstance(target, ast.Name):
            raise self.error(target, "only a name can be given a value here, like a = 2.0")
        self.read_numbers = False
        result = self.evaluate(value)
        if type(result) is float and self.read_numbers:
            self.bind_number(target, result)
            return
        self.bind(target, result, value)

    def tuple_assign(self, stmt, target, value) -> None:
        names = target.elts
        for elt in names:
            if not isinstance(elt, ast.Name):
                raise self.error(elt, "only names can be given values here, like a, b = 2.0, -3.0")
        if not isinstance(value, (ast.Tuple, ast.List)):
            # X, y = make_moons(...), total_loss, acc = loss(): a call that gives several things.
            self.read_numbers = False
            results = self.evaluate(value)
            if not isinstance(results, tuple) or len(results) != len(names):
                raise self.error(value, f"write {len(names)} values separated by commas, one for each name")
            for name, result in zip(names, results):
                if type(result) is float and (self.read_numbers or isinstance(value, ast.Call)):
                    self.bind_number(name, result)  # acc = ...: a number a function counted
                else:
                    self.bind(name, result, value)
            return
        if len(value.elts) != len(names):
            raise self.error(value, f"write {len(names)} values separated by commas, one for each name")
        results = [self.evaluate(v) for v in value.elts]  # all right-hand sides first, as Python does
        for name, result, v in zip(names, results, value.elts):
            self.bind(name, result, v)

    def bind_number(self, target: ast.Name, number: float) -> None:
        """``L1 = L.data``: a plain number taken out of the graph, as in Python (it does
        not follow L when L changes later)."""
        self._rebinding(target.id, target)
        self.env[target.id] = number
        self.bound_line[target.id] = target.lineno
        self._record("data", target, target.id)

    def bind(self, target: ast.Name, result, value_node) -> None:
        """Give the name ``target`` the value of ``value_node`` (already evaluated)."""
        name = target.id
        self._rebinding(name, target)
        if isinstance(result, float):
            leaf = self._new(Value(result, label=name, param=True), value_node)
            self._add_leaf(name, leaf, value_node)
            self.labelled.add(leaf)
            self.env[name] = leaf
            self.mentions.append((target, leaf))
            self.leaf_candidate = name
            self._record("leaf", target, name)
        elif type(result) is Value:
            fresh = result not in self.labelled
            if fresh:
                if result.is_leaf and result in self.value_args:
                    # Value(2.0, label='x1'): a leaf whose number can be edited.
                    if not result.label:
                        result.label = name
                    result.param = True
                    self._add_leaf(name, result, self.value_args[result])
                    self.leaf_candidate = name
                    self._record("leaf", target, name)
                else:
                    result.label = name
                    self.names.append(name)
                    self.node_candidate = ("name", name)
                    self._record("node", target, name)
                self.labelled.add(result)
            else:
                self.node_candidate = ("name", name)
                self._record("node", target, name)
            self.env[name] = result
            self.mentions.append((target, result))
        elif isinstance(result, UserFunction):
            self.env[name] = result
            self._record("function", target, name)
        elif result is None or isinstance(result, (bool, tuple)):
            self.env[name] = result  # Python's True, None, or what a function gave back
            self._record("data", target, name)
        elif not self.bind_other(target, result, value_node):
            raise self.error(value_node, "this is not a number or an expression")
        self.bound_line[name] = target.lineno

    def _rebinding(self, name: str, target) -> None:
        if name not in self.env:
            return
        old = self.env[name]
        if self.function is not None and self.function.name == name:
            self.function = None  # `f = Value(-2.0)` after `def f(x)`: f is no longer the curve
        line = self.bound_line.get(name, target.lineno)
        if isinstance(old, Opaque):
            return
        if name in self.used:
            self.note(target, f"'{name}' gets a new value here; lines before this one keep using "
                              f"the '{name}' of line {line}")
            rec = self.leaves.pop(name, None)
            if rec is not None:
                key = f"{name} (line {line})"
                rec.name = key
                self.leaves[key] = rec
        else:
            self.note(target, f"'{name}' was set on line {line} and is set again here; "
                              "the later value is used")
            rec = self.leaves.pop(name, None)
            if rec is not None and rec.value is not None and type(old) is Value:
                self.labelled.discard(old)
            if self.leaf_candidate == name:
                self.leaf_candidate = None
        self.used.discard(name)

    def _add_leaf(self, name: str, value: Value, node) -> None:
        self.leaves[name] = LeafRecord(name, value, node)
        self.spans[value] = node

    def attribute_assign(self, stmt, target: ast.Attribute) -> None:
        attr = target.attr
        if attr == "label":
            if not isinstance(target.value, ast.Name):
                raise self.error(target.value, "set a label on a name, like e.label = 'e'")
            value = stmt.value
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                raise self.error(value, "a label is text in quotes, like e.label = 'e'")
            node = self.name_value(target.value)
            if type(node) is not Value:
                raise self.error(target.value, f"'{target.value.id}' is not a value that can have a label")
            node.label = value.value
            self.labelled.add(node)
            self._record("label", stmt, target.value.id)
            return
        self.attribute_effect(stmt, target)
        if attr == "grad":
            raise Skip("set grads with Backward (the chain rule fills them in)")
        if attr == "data":
            raise Skip("change a value by editing its number, or with Step")
        if attr in _INSPECT:
            raise Skip("internals of the Value class are built in")
        raise self.error(target, f"'.{attr}' cannot be set here; only .label can, like e.label = 'e'")

    def aug_assign(self, stmt: ast.AugAssign) -> None:
        target = stmt.target
        if isinstance(target, ast.Attribute):
            self.attribute_effect(stmt, target, stmt.op)
            if target.attr in ("data", "grad"):
                raise Skip("change values with Step (it moves every leaf along its grad)"
                            if target.attr == "data" else "set grads with Backward")
            raise self.error(target, f"'.{target.attr}' cannot be changed here")
        if not isinstance(target, ast.Name):
            raise self.error(target, "only a name can be changed with +=")
        if type(stmt.op) not in _BINOPS:
            raise self.error(stmt, f"{_BINOP_WORDS.get(type(stmt.op), 'this operator')} is not supported")
        synthetic = ast.BinOp(left=ast.Name(id=target.id, ctx=ast.Load()), op=stmt.op, right=stmt.value)
        ast.copy_location(synthetic, stmt)
        ast.copy_location(synthetic.left, target)
        result = self.evaluate(synthetic)
        if isinstance(result, float):
            # `a += h` with a number-valued a only happens inside functions; keep it simple.
            self.bind(target, result, stmt)
        else:
            self.bind(target, result, stmt)

    def function_def(self, stmt: ast.FunctionDef) -> None:
        body = [s for s in stmt.body if not _is_docstring(s)]
        args = stmt.args
        simple = (not stmt.decorator_list and not args.vararg and not args.kwarg and not args.kwonlyargs
                  and not args.defaults and not args.posonlyargs and args.args)
        if simple and len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            self.define(stmt.name, [a.arg for a in args.args], body[0].value, stmt)
            return
        if stmt.name in _BUILT_IN:
            raise Skip(f"{stmt.name} is built in")
        self.define_procedure(stmt)

    def define(self, name: str, params: list[str], body: ast.expr, stmt, start: int | None = None) -> None:
        if len(set(params)) != len(params):
            raise self.error(stmt, f"the function '{name}' names a parameter twice")
        s, e = self.offsets(stmt)
        fn = UserFunction(name, params, body, s if start is None else start, e, stmt.lineno)
        self._rebinding(name, stmt)
        self.env[name] = fn
        self.bound_line[name] = stmt.lineno
        if len(params) == 1:
            self.function = fn
            self.node_candidate = ("function", fn)
        else:
            self.note(stmt, f"`{self._excerpt(stmt)}` understood: a function of {len(params)} inputs; "
                            f"a call like {name}({', '.join(params)}) is written out in place")
        self._record("function", stmt, name)

    def expression_statement(self, stmt: ast.Expr) -> None:
        value = stmt.value
        if isinstance(value, ast.Constant):
            if isinstance(value.value, str):
                raise Skip("text on its own is a comment here")
            raise Skip("a number on its own does nothing here")
        if isinstance(value, ast.Call):
            self.call_effect(value)
            func = value.func
            if isinstance(func, ast.Name):
                fname = func.id
                bound = self.env.get(fname, _MISSING)
                if fname == "draw_dot":
                    self._draw_dot(value)
                if fname in ("print", "display"):
                    raise Skip("printing is not needed: the graph shows every value")
                if isinstance(bound, Opaque):
                    raise Skip(f"'{fname}' is a function this app does not run")
                if isinstance(bound, UserFunction) and len(bound.params) == 1 and len(value.args) == 1 \
                        and not value.keywords and _number_literal(value.args[0]):
                    var = bound.params[0]
                    if var in self.env:  # Python's f(3.0) does not change x, so neither may this line
                        raise Skip(f"'{var}' keeps its value of line {self.bound_line.get(var, '?')}: "
                                   f"calling {fname} does not change it, as in Python")
                    self.function_point(bound, value.args[0])  # the curve's point: a leaf x
                    return
            elif isinstance(func, ast.Attribute):
                root = _root_name(func)
                if root is not None and isinstance(self.env.get(root), Opaque) and \
                        not self.env[root].imported:
                    self.name_value(ast.Name(id=root, ctx=ast.Load()))  # skips: it uses a skipped name
                if func.attr == "zero_grad" and not value.args:
                    raise Skip("grads are zeroed with the Zero grad button")
                if root in _PLOTTING:
                    raise Skip("plots are drawn by the plot panel")
        if _is_inspection(value):
            raise Skip("the graph shows every value, its op and its inputs")
        result = self.evaluate(value)
        if type(result) is Value:
            if isinstance(value, ast.Name):
                self.node_candidate = ("name", value.id)
            else:
                self.node_candidate = ("value", result)
                self.labelled.add(result)
            self._record("output", stmt)
        elif isinstance(result, float):
            raise Skip("a plain number on its own does nothing here")
        else:
            raise Skip("this line shows something that is not a value")

    def function_point(self, fn: UserFunction, arg: ast.expr) -> None:
        """``f(3.0)`` on its own line: the point where the function is looked at."""
        number = self.evaluate(arg)
        var = ast.Name(id=fn.params[0], ctx=ast.Store())
        ast.copy_location(var, arg)
        self.bind(var, number, arg)
        self.node_candidate = ("function", fn)

    # -- names ---------------------------------------------------------------------------

    def name_value(self, node: ast.Name):
        """The value a name has here: a Value, a number (inside a function), a function."""
        name = node.id
        if self.scope is not None and name in self.scope:
            return self.scope[name]
        value = self.env.get(name, _MISSING)
        if value is _MISSING:
            raise self._unknown(node)
        if isinstance(value, Opaque):
            raise Skip(_opaque_use(name, value))
        if type(value) is Value:
            if self.numbers_only:
                return value.data  # a line that changes a grad or a value: Python's plain numbers
            if self.scope is None:
                self.used.add(name)
                self.mentions.append((node, value))
        return value

    def _unknown(self, node: ast.Name) -> ParseError:
        name = node.id
        if name in self.stmt_targets and name not in self.env and self.scope is None:
            return self.error(node, f"'{name}' is used to give '{name}' its own value before it has one")
        later = self.future.get(name)
        if later is not None and self.scope is None:
            return self.error(node, f"'{name}' is used before it is given a value (on line {later})")
        if name in FUNCTIONS or name == "Value":
            return self.error(node, f"'{name}' is a function: call it, like {name}(a)")
        candidates = list(self.env) + (list(self.scope) if self.scope else [])
        hint = suggest(name, candidates)
        if not hint and len(name) <= 20:
            # A cell pasted without the one before it that defines the name: the
            # lecture's cell for it, when the lecture has one.
            cell = defining_cell(name) if self.scope is None else None
            paste = f"unknown name '{name}': paste the cell that gives it a value above this one"
            if cell is not None:
                return self.error(node, f"{paste} — in the lecture, {cell}")
            return self.error(node, f"{paste}, or give it a value first, like {name} = 1.0")
        return self.error(node, f"unknown name '{name}'{hint}")

    # -- extension points (the MLP code of the lecture's last part: see models.py) --------

    def assign_other(self, stmt, target, value) -> bool:
        """Handle an assignment of a shape this class does not know; True if handled."""
        return False

    def bind_other(self, target, result, value_node) -> bool:
        """Bind a result that is neither a number, a Value nor a function; True if done."""
        return False

    def kids_other(self, node):
        """(sub-expressions, plan) for an expression this class does not know, or None."""
        return None

    def call_other(self, node: ast.Call, bound):
        """(sub-expressions, plan) for a call this class does not know, or None."""
        return None

    def combine_other(self, node, kids, plan, args):
        raise self.error(node, _unsupported(node))  # pragma: no cover - only plans made above

    def finish(self, result: WalkResult) -> None:
        """Add what a subclass knows to the result (the model and its data)."""


def _opaque_use(name: str, value: Opaque) -> str:
    """Why a line using a name a skipped line set is skipped too."""
    why = value.reason.split(";")[0]
    if why == DRAWN:  # dot.render('gout'), dot.view(), dot on its own line
        return (f"'{name}' is the drawing of line {value.line}, and the graph is drawn here already; "
                "File > Export graph (or gradient-explorer render) writes it to a file")
    if value.previous is not None:  # a block that was not run would have changed it
        return f"it uses '{name}', which line {value.line} would change in Python ({why})"
    return f"it uses '{name}', which line {value.line} does not give a value ({why})"
