"""Paste a notebook into the app cell by cell and compare it with Python running it.

Python runs the cells (test code, run by the test; the product never runs user text)
with small stand-ins for what is not installed here: a micrograd-style ``Value``, a
scalar ``torch``, ``graphviz.Digraph``, ``sklearn.datasets`` and ``plt``. The app
parses the same cells as one growing text. After every cell, every name Python
holds that is a number, a value, or a list of them is compared with the app's:
same data and, for values, same grad. A difference is *noted* when the app's text
has a note on the line that gave the name its value (a skipped line); otherwise it
is a *silent divergence*.
"""

from __future__ import annotations

import contextlib
import io
import math
import random
import sys
import types
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from explorer.engine import Value as AppValue
from explorer.engine.datasets import sklearn_make_moons
from explorer.errors import ExplorerError
from explorer.lang import parse
from explorer.lang.records import Opaque

# -- stand-ins for Python's run ---------------------------------------------------------


class StandInValue:
    """A tiny micrograd-style Value: what Python runs cells against when they do not
    define their own."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"StandInValue(data={self.data})"

    def _lift(self, other):
        return other if isinstance(other, StandInValue) else StandInValue(other)

    def __add__(self, other):
        other = self._lift(other)
        out = StandInValue(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._lift(other)
        out = StandInValue(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = StandInValue(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def _unary(self, data, local, op):
        out = StandInValue(data, (self,), op)

        def _backward():
            self.grad += local() * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, lambda: 1 - t * t, "tanh")

    def exp(self):
        e = math.exp(self.data)
        return self._unary(e, lambda: e, "exp")

    def relu(self):
        r = max(0.0, self.data)
        return self._unary(r, lambda: float(self.data > 0), "ReLU")

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def backward(self):
        topo, seen = [], set()
        stack = [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                topo.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in v._prev)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class _Tensor:
    """A scalar torch tensor: enough of torch for the lecture's PyTorch cell."""

    def __init__(self, value):
        self.v = value
        self.requires_grad = False

    @property
    def data(self):
        return _Number(self.v.data)

    @property
    def grad(self):
        return _Number(self.v.grad)

    def double(self):
        return self

    def item(self):
        return self.v.data

    def __add__(self, other):
        return _Tensor(self.v + other.v)

    def __mul__(self, other):
        return _Tensor(self.v * other.v)

    def backward(self):
        self.v.backward()


class _Number(float):
    def item(self):
        return float(self)


def _torch_module():
    torch = types.ModuleType("torch")
    torch.Tensor = lambda numbers: _Tensor(StandInValue(float(numbers[0])))
    torch.tanh = lambda t: _Tensor(t.v.tanh())
    return torch


class _Anything:
    """``plt`` and friends: every attribute and call gives itself back."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self


class _Digraph:
    def __init__(self, *args, **kwargs):
        self.nodes, self.edges = [], []

    def node(self, name, label=None, **kwargs):
        self.nodes.append((name, label))

    def edge(self, a, b):
        self.edges.append((a, b))

    def render(self, *args, **kwargs):
        return "rendered"


@contextmanager
def _stand_in_modules():
    graphviz = types.ModuleType("graphviz")
    graphviz.Digraph = _Digraph
    sklearn = types.ModuleType("sklearn")
    datasets = types.ModuleType("sklearn.datasets")
    datasets.make_moons = sklearn_make_moons
    datasets.make_blobs = None
    sklearn.datasets = datasets
    plt = _Anything()
    matplotlib = types.ModuleType("matplotlib")
    matplotlib.pyplot = plt
    fake = {"torch": _torch_module(), "graphviz": graphviz, "sklearn": sklearn, "sklearn.datasets": datasets,
            "matplotlib": matplotlib, "matplotlib.pyplot": plt}
    saved = {k: sys.modules.get(k) for k in fake}
    sys.modules.update(fake)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def python_lines(cell: str) -> str:
    """The cell as plain Python: magics and shell lines dropped (as IPython would)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.split("\n"))


# -- what a name holds, in numbers ----------------------------------------------------


def observe(obj, depth: int = 0):
    """('value', data, grad), ('number', x), ('list', [...]) or None (not compared)."""
    if isinstance(obj, _Tensor):
        return ("value", float(obj.v.data), float(obj.v.grad))
    if isinstance(obj, (bool, _Anything, _Digraph)):
        return None
    if isinstance(obj, (int, float, np.integer, np.floating)):
        return ("number", float(obj))
    if hasattr(obj, "data") and hasattr(obj, "grad") and hasattr(obj, "_prev") and not isinstance(obj, type):
        return ("value", float(obj.data), float(obj.grad))
    if isinstance(obj, np.ndarray) and obj.dtype.kind in "fiu":
        return ("list", [observe(x, depth + 1) for x in obj.tolist()]) if depth < 3 else None
    if isinstance(obj, (list, tuple)) and depth < 3:
        items = [observe(x, depth + 1) for x in obj]
        return ("list", items) if all(i is not None for i in items) else None
    return None


def same(py, app, rel=1e-9) -> bool:
    if py is None:
        return True
    if app is None:
        return False
    kind = py[0]
    if kind == "list":
        return (app[0] == "list" and len(app[1]) == len(py[1])
                and all(same(p, a) for p, a in zip(py[1], app[1])))
    if app[0] == "list":
        return False

    def close(x, y):
        return x == y or math.isclose(x, y, rel_tol=rel, abs_tol=1e-12)

    if not close(py[1], app[1]):
        return False
    return kind != "value" or app[0] != "value" or close(py[2], app[2])


# -- the run ----------------------------------------------------------------------------


@dataclass
class CellOutcome:
    index: int
    refused: str | None = None  # the ParseError, if the growing text was refused
    noted: dict[str, str] = field(default_factory=dict)  # name -> the note that explains it
    silent: dict[str, tuple] = field(default_factory=dict)  # name -> (python, app)
    compared: int = 0
    python_error: str | None = None  # the cell fails in Python itself


def _note_lines(program) -> dict[int, str]:
    return {n.span.line: n.message for n in program.notes}


def _cell_lines(cells: list[str]) -> list[tuple[int, int]]:
    spans, line = [], 1
    for cell in cells:
        count = cell.count("\n") + 1
        spans.append((line, line + count - 1))
        line += count
    return spans


def parse_and_build(text: str):
    """The library's way in: ``parse`` and ``build`` (an ExplorerError if refused)."""
    program = parse(text)
    return program, (None if program.empty else program.build())


def paste_and_compare(cells: list[str], *, seed: int | None = None,
                      paste: Callable[[str], tuple] = parse_and_build) -> list[CellOutcome]:
    """Paste ``cells`` one by one (a growing text), comparing after each one.

    ``paste(text)`` gives the app's ``(program, graph)`` for the text so far (graph
    None when there is nothing to draw yet) or raises its ExplorerError: the
    library's ``parse`` by default, or a window's Session (tests/model)."""
    ns: dict = {"Value": StandInValue, "__name__": "__notebook__"}
    outcomes = []
    random.seed(seed)
    np.random.seed(0 if seed is None else seed)
    with _stand_in_modules():
        for k, cell in enumerate(cells):
            outcome = CellOutcome(k)
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(python_lines(cell), f"<cell {k}>", "exec"), ns)  # noqa: S102 - test code
            except Exception as exc:  # a cell of the notes that fails in Python too (it stops there)
                outcome.python_error = f"{type(exc).__name__}: {exc}"
            outcomes.append(outcome)
            text = "\n".join(cells[:k + 1])
            try:
                program, graph = paste(text)
            except ExplorerError as exc:
                outcome.refused = str(exc)
                continue
            if graph is None:  # only imports and the like so far: nothing to compare
                continue
            notes = _note_lines(program)
            bindings = graph.bindings
            for name, obj in ns.items():
                if name.startswith("_") or isinstance(obj, (types.ModuleType, type)) or callable(obj) \
                        and not hasattr(obj, "data") and not isinstance(obj, _Tensor):
                    continue
                py = observe(obj)
                if py is None:
                    continue
                outcome.compared += 1
                app_obj = bindings.get(name)
                if isinstance(app_obj, Opaque):
                    if app_obj.line in notes:
                        outcome.noted[name] = notes[app_obj.line]
                    else:
                        outcome.silent[name] = (py, f"skipped on line {app_obj.line} without a note")
                    continue
                app = _observe_app(app_obj)
                if not same(py, app):
                    outcome.silent[name] = (py, app)
    return outcomes


def _observe_app(obj):
    if type(obj) is AppValue:
        return ("value", obj.data, obj.grad)
    return observe(obj)
