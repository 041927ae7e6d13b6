"""``parse(text) -> Program``: what the text says, and the graph it builds.

A :class:`Program` keeps everything the window needs beside the graph: the leaves
with the span of the number that sets each one (so an edited value is written back
into the text), the notes about lines that were skipped or understood, the output,
and the function of one variable, if the text defines one, for the plot.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine import Graph, Value
from ..engine.collector import collector_paused
from ..engine.nn import Module
from ..engine.vectorise import vectorise
from .errors import ParseError, ProgramError
from .messages import syntax_message
from .models import ModelWalker
from .preprocess import prepare
from .source import SourceMap, Span
from .training import Dataset, TrainingSetup
from .walker import UserFunction, WalkResult

__all__ = ["parse", "Program", "ProgramGraph", "Leaf", "Note", "Statement", "FunctionDef", "MAX_TEXT"]

MAX_TEXT = 1_000_000  # characters
# Checked before Python's parser reads the text, so that its time and memory are
# bounded too (500,000 one-character statements take it 3 s and 800 MB):
MAX_STATEMENTS = 20_000  # lines and ';' separators: an upper bound on the statements
MAX_SYMBOLS = 50_000  # operators, brackets and separators: a bound on the parser's tokens
_SYMBOLS = "+-*/%=(),[]{}:;.<>@&|^~!"


@dataclass(frozen=True)
class Leaf:
    """A named input: ``a = 2.0`` or ``a = Value(2.0, label='a')``.

    ``span`` is the number that sets it (``2.0``), so it can be rewritten; None when
    the text gives no number (the ``x`` of ``f(x) = ...`` without a value, 3.0)."""

    name: str
    value: float
    span: Span | None
    label: str


@dataclass(frozen=True)
class Note:
    """A line that was skipped or understood, and why."""

    span: Span
    message: str

    def __str__(self) -> str:
        return f"line {self.span.line}: {self.message}"


@dataclass(frozen=True)
class Statement:
    """One top-level statement: 'leaf', 'node', 'label', 'function', 'output' (a bare
    expression that is shown), 'understood' or 'skipped'."""

    kind: str
    span: Span
    name: str | None = None


@dataclass(frozen=True)
class FunctionDef:
    """``f(x) = 3*x**2 - 4*x + 5`` (or the ``def``/``lambda`` form): the plot's curve."""

    name: str
    var: str
    span: Span  # the whole definition
    expression: str  # the body's text, e.g. '3*x**2 - 4*x + 5'


class ProgramGraph(Graph):
    """The engine's Graph plus the way back to the text: which name each node has
    and where in the text it was written."""

    def __init__(self, result: WalkResult, smap: SourceMap, root: Value):
        super().__init__(root)
        members = set(self.nodes)
        self._members = members
        by_name: dict[str, Value] = {}
        for key, rec in result.leaves.items():
            if rec.value in members:
                by_name[key] = rec.value
        for name, value in result.env.items():
            if type(value) is Value and value in members:
                by_name[name] = value
        if result.root_name and result.root_name not in by_name:
            by_name[result.root_name] = root
        self.by_name: dict[str, Value] = by_name
        self._names: dict[Value, str] = {}
        for name, value in by_name.items():
            self._names.setdefault(value, name)
        self._spans = result.spans  # Value -> ast node
        self._mentions = result.mentions  # (ast node, Value)
        self._smap = smap
        self._by_line: dict[int, list[tuple[int, int, Value]]] | None = None
        self.model: Module | None = result.extras.get("model")
        #: As ``Program.training``, with this graph's own network.
        self.training: TrainingSetup | None = result.extras.get("training")
        #: What every name holds at the end of the text, as Python would have it: a
        #: Value (in this graph or not), a number, a list, a network, or an ``Opaque``
        #: for a name a skipped line set.
        self.bindings: dict[str, object] = dict(result.env)
        #: Grads the text set by hand (``f.grad = 4.0``), by node of this graph: the
        #: learner's own backprop, compared with the engine's by ``manual.check``.
        self.learner_grads: dict[Value, float] = {v: g for v, g in result.learner_grads.items()
                                                  if v in members}
        #: Backprop's grad for each of them where its line stands (lang.manual).
        truth = result.extras.get("learner_truth", {})
        self.learner_truth: dict[Value, float] = {v: t for v, t in truth.items() if v in members}
        self._built_data = [v.data for v in self.nodes] if self.learner_grads else []
        # The text's own L.backward(), x.grad = ... and x._backward() lines left the
        # grads as Python would show them: the graph has grads.
        if result.backward_calls or result.learner_grads:
            self.backward_passes = max(1, result.backward_calls)
        #: What each call made (lang.grouping): the boxes a big graph is drawn with.
        self.groups = result.extras.get("groups", [])
        self._call_names = _call_names(self.groups)

    def data_as_built(self) -> bool:
        """True while every value holds what the text gave it (no Step, no value
        typed in since): the grads set by hand are checked where their lines stand."""
        return [v.data for v in self.nodes] == self._built_data if self.learner_grads else True

    def span(self, value: Value) -> Span | None:
        """Where ``value`` was written: the expression that made it, or a leaf's number."""
        node = self._spans.get(value)
        return self._smap.span(*self._smap.node_offsets(node)) if node is not None else None

    def name_of(self, value: Value) -> str | None:
        """The name the text gives ``value`` (``'e'`` for ``e = a*b``), if any; else,
        for a value a call made and gave back, the call's name: a neuron's output is
        ``L3.n1`` (as its weights are ``L3.n1.w1``), a function call's ``f(x)``. That
        is the title of the call's box when a big graph is drawn grouped, so the
        status bar, the inspector and the explanations call the value what its box
        does."""
        return self._names.get(value) or self._call_names.get(value)

    def node_at(self, offset: int) -> Value | None:
        """The node written at character ``offset`` of the text (the innermost one), or
        None. A cursor just after a name (``a|``) still finds it."""
        if self._by_line is None:
            self._index()
        line = bisect_right(self._smap.line_starts, offset)
        best = None
        for start, end, value in self._by_line.get(line, ()):
            if start <= offset < end or (offset == end and start < end):
                inside = start <= offset < end
                key = (not inside, end - start)
                if best is None or key <= best[0]:  # a tie: the later node (a call's output comes last)
                    best = (key, value)
        return best[1] if best is not None else None

    def _index(self) -> None:
        by_line: dict[int, list] = {}
        members = self._members
        pairs = [(n, v) for v, n in self._spans.items() if v in members]
        pairs += [(n, v) for n, v in self._mentions if v in members]
        line_of = self._smap.line_of
        offsets = self._smap.node_offsets
        for node, value in pairs:
            start, end = offsets(node)
            if end <= start:
                continue
            for line in range(line_of(start), line_of(max(end - 1, start)) + 1):
                by_line.setdefault(line, []).append((start, end, value))
        self._by_line = by_line


class Program:
    """A parsed text. ``build()`` makes a fresh graph from it each time."""

    def __init__(self, text: str, module: ast.Module, prepared, smap: SourceMap, result: WalkResult):
        self.text = text
        self._module = module
        self._prepared = prepared
        self._smap = smap
        span = smap.span
        node_span = self._node_span
        self.leaves: dict[str, Leaf] = {}
        leaf_spans = {key: node_span(rec.node) if rec.node is not None else None
                      for key, rec in result.leaves.items()}
        for key in sorted(leaf_spans, key=lambda k: leaf_spans[k].start if leaf_spans[k] else len(text)):
            rec = result.leaves[key]
            self.leaves[key] = Leaf(key, rec.value.data, leaf_spans[key], rec.value.label)
        self.output: str | None = result.root_name
        self.notes: list[Note] = [Note(span(n.start, n.end), n.message) for n in result.notes]
        self._statement_records = result.statements
        self._statements: list[Statement] | None = None
        self.run_backward: bool = result.run_backward
        self.names: list[str] = list(dict.fromkeys(result.names))  # intermediate (non-leaf) names
        fn = result.function
        self.function: FunctionDef | None = _function_def(fn, smap) if fn is not None else None
        self.model: Module | None = result.extras.get("model")  # the text's network (n = MLP(...))
        self.dataset: Dataset | None = result.extras.get("dataset")  # its xs and ys, when the text has them
        self.loss_name: str | None = result.extras.get("loss_name")
        #: The network, data and loss the Training lab should train, when the text's
        #: loss is one it knows (see :mod:`explorer.lang.training`); else None.
        self.training: TrainingSetup | None = result.extras.get("training")
        self._first: ProgramGraph | None = None
        self._private: ProgramGraph | None = None
        self._has_graph = result.root is not None
        if result.root is not None:
            self._first = ProgramGraph(result, smap, result.root)
            self.model = self._first.model
        self._variables = [k for k in self.leaves if self._first is not None and k in self._first.by_name]

    def __repr__(self) -> str:
        return f"<Program output={self.output!r} leaves={list(self.leaves)}>"

    def _node_span(self, node) -> Span:
        return self._smap.span(*self._smap.node_offsets(node))

    @property
    def statements(self) -> list[Statement]:
        """Every top-level statement, what it is and where (made on first use)."""
        if self._statements is None:
            self._statements = [Statement(r.kind, self._node_span(r.node), r.name)
                                for r in self._statement_records]
        return list(self._statements)

    @property
    def variables(self) -> list[str]:
        """The leaves the output depends on, in the order the text gives them: what a
        plot can put on its x axis."""
        return list(self._variables)

    @property
    def empty(self) -> bool:
        """True when the text builds nothing (only comments, imports, skipped lines)."""
        return not self._has_graph

    # -- building --------------------------------------------------------------------

    def build(self) -> ProgramGraph:
        """A graph of the text with the values written in it. Each call gives a new,
        independent graph (the first one was made while parsing)."""
        if self._first is not None:
            graph, self._first = self._first, None
            return graph
        with collector_paused():
            return self._walk()

    def _walk(self) -> ProgramGraph:
        if not self._has_graph:
            raise ParseError("there is nothing to draw yet: write an expression, like L = a*b + c",
                             self._smap.span(0, 0))
        result = _run_walker(self._module, self._prepared, self._smap, self.text)
        return ProgramGraph(result, self._smap, result.root)

    # -- the plot ----------------------------------------------------------------------

    def function_of(self, var: str) -> Callable[[np.ndarray], np.ndarray]:
        """The output as a vectorised function of the leaf ``var``, every other leaf
        held at the value written in the text. Computed with each op's ``np_forward``
        (the op table, see :func:`explorer.engine.vectorise.vectorise`); NaN where
        the maths is undefined, never an exception."""
        if var not in self.leaves:
            raise ProgramError(f"There is no leaf named '{var}'"
                               + (f"; the leaves are {', '.join(self.leaves)}." if self.leaves else "."))
        if self._private is None:
            self._private = self._walk()
        graph = self._private
        return vectorise(graph, graph.by_name.get(var))

    # -- writing values back -------------------------------------------------------------

    def with_values(self, values: dict[str, float]) -> str:
        """The text with the numbers of these leaves rewritten (shortest form that reads
        back as the same float: 2.5, not 2.5000000001)."""
        edits: list[tuple[int, int, str]] = []
        appended: list[str] = []
        for name, value in values.items():
            leaf = self.leaves.get(name)
            if leaf is None:
                raise ProgramError(f"There is no leaf named '{name}' to change.")
            number = _finite(name, value)
            literal = repr(number)
            if leaf.span is None:
                appended.append(f"{leaf.name} = {literal}")
            else:
                edits.append((leaf.span.start, leaf.span.end, literal))
        text = self.text
        for start, end, literal in sorted(edits, reverse=True):
            text = text[:start] + literal + text[end:]
        if appended:
            sep = "" if not text or text.endswith(("\n", "\r")) else "\n"
            text = text + sep + "\n".join(appended) + "\n"
        return text


def _call_names(groups: list) -> dict[Value, str]:
    """The name of each value a call gave back (see :meth:`ProgramGraph.name_of`): a
    network's values after their neuron (the innermost group, not its layer's ``L3``
    or the network call's ``n(x)``), a function's after the outermost call the text
    wrote (``f(x)``, not the ``g(t)`` that ``f`` returns). Leaves and values made
    outside the call (``def f(t): return t``) keep their own names."""
    names: dict[Value, str] = {}
    for group in groups:  # outer groups first: a group is recorded when its call starts
        if group.kind not in ("neuron", "function"):
            continue
        made = set(group.members) if group.kind == "function" else None
        for out in group.outputs:
            if out.op is None or (made is not None and out not in made):
                continue
            if group.kind == "neuron":
                names[out] = group.name
            else:
                names.setdefault(out, group.name)
    return names


def _finite(name: str, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ProgramError(f"'{name}' needs a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ProgramError(f"'{name}' needs a finite number, not {number}.")
    return number


def _function_def(fn: UserFunction, smap: SourceMap) -> FunctionDef:
    start, end = smap.node_offsets(fn.body)
    return FunctionDef(fn.name, fn.params[0], smap.span(fn.start, fn.end), smap.text[start:end])


# -- parse ---------------------------------------------------------------------------------


def _run_walker(module, prepared, smap, original: str) -> WalkResult:
    walker = ModelWalker(module, smap, headers=prepared.headers, output=prepared.output,
                         blanked=prepared.blanked, original=original)
    try:
        return walker.run()
    except RecursionError:
        stmt = walker.stmt
        start, end = smap.node_offsets(stmt) if stmt is not None else (0, 0)
        raise ParseError("this is nested too deeply to be drawn (functions calling functions, or brackets "
                         "inside brackets)", smap.span(start, end)) from None


def parse(text: str) -> Program:
    """Read ``text`` (plain math, a micrograd notebook cell, or a function of one
    variable) into a :class:`Program`. Raises :class:`ParseError` (line, column and a
    sentence) for anything it cannot read; never runs any of the text."""
    with collector_paused():
        return _parse(text)


def _parse(text: str) -> Program:
    if not isinstance(text, str):
        raise ProgramError(f"parse() needs text, not {type(text).__name__}.")
    if len(text) > MAX_TEXT:
        smap = SourceMap(text[:MAX_TEXT + 1])
        raise ParseError(f"the text is {len(text):,} characters long; the limit is {MAX_TEXT:,} (1 MB)",
                         smap.span(MAX_TEXT, MAX_TEXT))
    _check_size(text)
    _check_characters(text)
    prepared = prepare(text)
    smap = SourceMap(prepared.text)
    try:
        with warnings.catch_warnings():
            # Python warns on stderr about things like `1if x` or '\d' in a string; the
            # walker reports what matters as errors, so the warnings are noise here.
            warnings.simplefilter("ignore")
            module = _read_module(prepared.text)
    except SyntaxError as exc:
        raise _syntax_error(exc, smap) from None
    except (RecursionError, MemoryError):
        raise ParseError("brackets or operators are nested too deeply for Python to read",
                         smap.span(0, min(1, len(text)))) from None
    except ValueError as exc:  # NUL bytes on older Pythons
        raise ParseError(syntax_message(str(exc)), smap.span(0, 0)) from None
    result = _run_walker(module, prepared, smap, text)
    return Program(text, module, prepared, smap, result)


_PIECE_LINES = 300  # Python's parser reads this many lines in a few milliseconds


def _read_module(source: str) -> ast.Module:
    """``ast.parse(source)``, in pieces of a few hundred lines when the text is long.

    Python's parser is one C call that holds the interpreter lock throughout: on a
    20,000-line text, a window parsing in a background thread would still freeze
    for a quarter of a second. Between pieces the lock is free. A piece starts only
    at a line that begins at column 0; a split in the wrong place (inside brackets,
    a triple-quoted string, before ``else:``) leaves a piece Python cannot read, and
    then the whole text is read at once, which also gives the right error."""
    lines = source.splitlines(keepends=True)
    if len(lines) <= _PIECE_LINES:
        return ast.parse(source, "<expression>", "exec")
    body: list[ast.stmt] = []
    start = 0
    while start < len(lines):
        end = min(start + _PIECE_LINES, len(lines))
        while end < len(lines) and not (lines[end][:1].isalpha() or lines[end][:1] == "_"):
            end += 1
        try:
            # Blank lines in front give the piece its line numbers (faster than
            # renumbering every node afterwards).
            piece = ast.parse("\n" * start + "".join(lines[start:end]), "<expression>", "exec")
        except SyntaxError:
            return ast.parse(source, "<expression>", "exec")
        body.extend(piece.body)
        start = end
    return ast.Module(body=body, type_ignores=[])


def _check_size(text: str) -> None:
    """Refuse, before Python's parser sees it, a text with too many statements or
    symbols, naming the line where the count passes the limit. ``str.count`` is fast
    C, a few milliseconds for a megabyte."""
    statements = text.count("\n") + text.count(";")
    if statements > MAX_STATEMENTS:
        _refuse_at(text, "\n;", MAX_STATEMENTS, f"the text has more than {MAX_STATEMENTS:,} lines and "
                   "statements; that is the limit, so the lines from here on are too many")
    symbols = sum(text.count(c) for c in _SYMBOLS)
    if symbols > MAX_SYMBOLS:
        _refuse_at(text, _SYMBOLS, MAX_SYMBOLS, f"the text has more than {MAX_SYMBOLS:,} operators and "
                   "brackets; that is the limit, so it is too big to read from here on")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_characters(text: str) -> None:
    """A lone surrogate (half of a UTF-16 pair, possible in a session file's JSON)
    is no character at all; Python's parser would fail with a codec message."""
    found = _SURROGATE.search(text)
    if found:
        at = found.start()
        raise ParseError(f"the text holds an invalid character (U+{ord(found.group()):04X}, half of a "
                         "UTF-16 pair); remove it", SourceMap(text).span(at, at + 1))


def _refuse_at(text: str, chars: str, limit: int, message: str) -> None:
    """Raise ParseError at the line where the count of ``chars`` passes ``limit``."""
    seen = 0
    start = 0
    for line in text.splitlines(keepends=True):
        seen += sum(line.count(c) for c in chars)
        if seen > limit:
            break
        start += len(line)
    smap = SourceMap(text)
    raise ParseError(message, smap.span(start, start))


def _syntax_error(exc: SyntaxError, smap: SourceMap) -> ParseError:
    line = exc.lineno or 1
    col = exc.offset or 1
    if line > len(smap.line_starts):
        line = len(smap.line_starts)
        col = len(smap.line_text(line)) + 1
    start = smap.char_offset(line, col)
    end_line, end_col = exc.end_lineno, exc.end_offset
    end = start + 1
    if end_line and end_col and end_col > 0 and (end_line, end_col) > (line, col):
        end = smap.char_offset(end_line, end_col)
    line_end = smap.line_starts[line - 1] + len(smap.line_text(line))
    end = min(max(end, start), max(line_end, start))
    if isinstance(exc, IndentationError) and "unexpected indent" in (exc.msg or ""):
        # Python points somewhere inside the indentation; underline all of it.
        body = smap.line_text(line)
        start = smap.line_starts[line - 1]
        end = start + len(body) - len(body.lstrip(" \t"))
    at = smap.text[start:max(line_end, start + 1)]  # from the error to the end of its line
    return ParseError(syntax_message(exc.msg or "invalid syntax", at), smap.span(start, end))
