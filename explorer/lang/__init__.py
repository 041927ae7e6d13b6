"""The expression language: text -> :class:`Program` -> graph, plot function, text.

    from explorer.lang import parse
    program = parse("a = 2.0; b = -3.0\\ne = a*b")
    graph = program.build()          # an engine Graph with names and source spans
    curve = program.function_of("a") # numpy function of one leaf
    text = program.with_values({"a": 2.5})

The text is read with ``ast.parse`` and a whitelist walker; it is never executed.

The rules, in short (each is tested in ``tests/lang``):

* Plain math, one statement per line or separated by ``;``, ``#`` comments. A name
  bound to a number (``a = 2.0``, ``x = 2/3``) is a *leaf* and a parameter; any other
  name is the node its expression makes, labelled with the name. Numbers inside
  expressions are constant leaves (not parameters); numbers combined only with
  numbers stay numbers, as in Python (``2/3`` is one constant).
* micrograd notebook code as written: ``Value(2.0, label='a')``, ``e.label = 'e'``,
  ``n.tanh()``. Lines that change values are done where they stand, as Python would
  (``effects.py``): ``L.backward()`` (and ``run_backward`` is set), ``o._backward()``,
  grads set by hand (``f.grad = 4.0``: ``ProgramGraph.learner_grads``, checked by
  ``manual.check_learner_grads``), nudges (``a.data += 0.01 * a.grad``), ``zero_grad()``,
  ``random.seed(n)``; the PyTorch cell's scalar tensors are Values (``tensors.py``).
  Lines that build nothing (``print``, ``draw_dot``, plots, classes, functions of more
  than one statement, loops, empty lists, ``%magics``, ``!shell``) are skipped with a
  :class:`Note`. ``ProgramGraph.bindings`` holds what every name ends up with.
* The output is ``output NAME`` if written, else the last line that builds a node
  (an assignment, a bare expression, ``draw_dot(x)``, ``x.backward()``), else the
  function of one variable, else the last leaf.
* ``f(x) = ...``, ``def f(x): return ...``, ``f = lambda x: ...`` define a function;
  calls are written out in place. With one variable it is ``Program.function``, the
  plot's curve, applied to the leaf ``x`` (its value from ``x = ...`` or ``f(3.0)``
  in the text, else 3.0).
* Binding a name again follows Python: the later binding wins; if the old one was
  already used, lines above keep it (as a leaf named ``"a (line 3)"``) and a note says so.
* The lecture's MLP code: ``MLP(3, [4, 4, 1])`` (weights as after ``random.seed(0)`` unless the
  text seeds them), micrograd's after ``from micrograd import nn``, ``make_moons``, lists,
  ``n(x)``, one-``for`` comprehensions, ``sum(...)`` as one Σ node; see ``models.py``.
* Limits (the work budget): 1 MB of text, 20,000 statements, 50,000 operators and brackets,
  50,000 nodes, 200,000 steps of work (loops and calls included), Python's own nesting limits; every failure
  is a :class:`ParseError` (``ComputeError`` for starting values that cannot be
  computed) or a :class:`ProgramError`.
"""

from .errors import ComputeError, ParseError, ProgramError
from .program import MAX_TEXT, FunctionDef, Leaf, Note, Program, ProgramGraph, Statement, parse
from .source import Span
from .training import Dataset, TrainingSetup
from .walker import MAX_NODES

__all__ = [
    "parse", "Program", "ProgramGraph", "Leaf", "Note", "Statement", "FunctionDef", "Span",
    "ParseError", "ComputeError", "ProgramError", "MAX_TEXT", "MAX_NODES", "TrainingSetup", "Dataset",
]
