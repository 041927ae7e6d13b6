"""What a value is called on screen: its label, the name the text gave it, or the
expression that made it (``a * b``, ``tanh(…)``), never an internal id.

The graph's boxes (:func:`explorer.viz.dot.box_titles`), the status bar, the
inspector and the step-through all name values with :func:`make_namer`, so one
value has one name everywhere. Expressions are written from the op table's
``expression`` templates (placeholders ``a``, ``b``, ``k`` replaced by names).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import Value
from ..engine.numbers import format_number
from ..engine.ops import DOT, SUM

__all__ = ["Namer", "make_namer", "SHORT_NAME", "short_expression", "expression_text", "one_bracket",
           "substitute", "short_arg", "placeholders", "attribute", "negative_in_brackets"]

Namer = Callable[[Value], str]

# The placeholder names the op table's formulas and expressions use for inputs.
_PLACEHOLDER = re.compile(r"(?<![\w.])(x_i|w_i|a|b|k)(?![\w(])")


def make_namer(name_of: Callable[[Value], str | None] | None = None, *, code: bool = False) -> Namer:
    """A function giving every node a name a learner can read.

    The node's label, else the variable it was assigned to (``name_of``), else
    the expression that made it from its inputs' names (``(a * b)``), shortened
    with "…" for the inputs when that would be too long to read (``tanh(…)``).
    ``code=True`` prefers the variable to a label that is not an identifier
    (``x1w1x2w2.grad`` reads as code, ``x1w1 + x2w2.grad`` does not)."""
    return _Namer(name_of, code)


class _Namer:
    """:func:`make_namer`'s function. An object rather than a closure: a closure that
    calls itself refers to itself, and that reference cycle kept ``name_of``'s graph
    (a whole replaced document) alive until a pass of the cyclic collector over the
    whole heap; this is freed as soon as its last user lets go of it."""

    __slots__ = ("_name_of", "_code", "_cache")

    def __init__(self, name_of: Callable[[Value], str | None] | None, code: bool):
        self._name_of = name_of
        self._code = code
        self._cache: dict[int, str] = {}

    def __call__(self, v: Value) -> str:
        key = id(v)
        cache = self._cache
        if key in cache:
            return cache[key]
        variable = self._name_of(v) if self._name_of is not None else None
        text = v.label or variable or ""
        if self._code and text and not text.isidentifier():
            text = variable if variable else f"({text})"
        if not text:
            if v.op is None:
                text = format_number(v.data)  # an unnamed constant: its number is its name
            else:
                text = f"({short_expression(v, self)})"
        cache[key] = text
        return text


#: Longest name made from an expression; longer ones elide their inputs with "…".
SHORT_NAME = 24


def short_expression(node: Value, name: Namer, limit: int = SHORT_NAME) -> str:
    """How ``node`` is made, in at most about ``limit`` characters: ``a * b``; with
    long input names elided, ``tanh(…)``, ``… * w``; at worst the op's own form."""
    full = expression_text(node, name, tight=True)
    if node.op is None or (len(full) <= limit and "…" not in full):
        return full
    # An input already shortened says nothing more than "…" does.
    short = expression_text(node, lambda c: name(c) if len(name(c)) <= 8 and "…" not in name(c) else "…",
                            tight=True)
    if len(short) <= limit:
        return short
    if node.op is DOT:
        return "w·x + b"
    if node.op is SUM:
        return "Σ(…)"
    return expression_text(node, lambda c: "…", tight=True)


def substitute(template: str, mapping: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(1), m.group(1)), template)


def short_arg(arg: float | None) -> str:
    return format_number(arg) if arg is not None else "k"


def expression_text(node: Value, name: Namer, suffix: str = "", *, tight: bool = False) -> str:
    """How ``node`` is made from its inputs: ``a * b``, ``tanh(n)``, ``x ** 2``.

    An input named by its own expression keeps its brackets only where Python needs
    them: ``3 * x ** 2``, not ``3 * (x ** 2)``; ``(a + b) * c`` keeps them.
    ``tight=True`` writes products and powers without spaces, as the lecture types
    them (``3*x**2 - 4*x``): how a value is named in a box, where width is scarce.
    ``suffix='.data'`` writes it as micrograd code (``a.data * b.data``)."""
    op = node.op
    if op is None:
        return name(node)
    if suffix:  # (x ** 2).data: an attribute needs its expression's brackets
        names = [attribute(c, name(c), suffix) for c in node.children]
    else:
        names = [_operand(c, name(c), op, i) for i, c in enumerate(node.children)]
    # The two ops of any number of inputs are written out in full, not as "a + b + ...".
    if op is DOT:
        n = len(names) // 2
        products = [f"{w}*{x}" for w, x in zip(names[:n], names[n:2 * n])]
        return " + ".join([*products, names[-1]])
    if op is SUM:
        return " + ".join(names)
    if op.expression.endswith("(a)") and one_bracket(names[0]):
        names[0] = names[0][1:-1]  # tanh(a * b), not tanh((a * b))
    template = _TIGHT.get(op.name, op.expression) if tight else op.expression
    return substitute(template, placeholders(node, names))


def attribute(v: Value, text: str, suffix: str) -> str:
    """``text`` (``v``'s name) with ``suffix`` (``.data``) as micrograd code writes
    it: ``a.data``, ``(a*b).data``, but a constant the text wrote as a number stays
    that number (``2``, ``(-3)``): ``2.data`` is not Python."""
    if v.op is None and not v.label and _is_number(text):
        return negative_in_brackets(text)
    return text + suffix


def negative_in_brackets(text: str) -> str:
    """A number written where a sign would be misread: ``(-3)``, ``2``."""
    return f"({text})" if text.startswith("-") else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


#: How tightly each op binds, as in Python (higher binds tighter); functions are atoms.
_BINDING = {"add": 1, "sub": 1, "sum": 1, "dot": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4, "powv": 4}
_ATOM = 5
#: Products and powers without spaces: ``3*x**2 - 4*x``, as the lecture writes them.
_TIGHT = {"mul": "a*b", "div": "a/b", "pow": "a**k", "powv": "a**b"}


def _operand(child: Value, text: str, parent, position: int) -> str:
    """``text`` (``child``'s name) as an input of ``parent``: an expression's brackets
    dropped where Python would not need them (``3 * (x ** 2)`` -> ``3 * x ** 2``),
    a negative number bracketed where it would be misread (``(-3) ** 2``)."""
    if child.op is None:
        misread = position > 0 or _BINDING.get(parent.name, _ATOM) > 1
        # A negative constant: x - (-3), x * (-3), (-3) ** 2.
        return negative_in_brackets(text) if misread and not child.label else text
    if child.label or not one_bracket(text) or parent.name not in _BINDING:
        return text  # a label, a variable's name, or inside a function's own brackets
    if _is_number(text[1:-1]):
        return text  # a number in the brackets a sign needs (explain.factor's "(-6)"), not an expression's
    inner, outer = _BINDING.get(child.op.name, _ATOM), _BINDING[parent.name]
    if parent.name in ("pow", "powv"):
        # (a**b)**c keeps them, a**b**c needs none: Python's ** groups from the right.
        keep = inner <= outer if position == 0 else inner < outer
    elif parent.name in ("sum", "dot"):
        keep = inner < outer
    else:
        # a - (b - c) and a * (b * c) keep theirs: Python reads a - b - c as (a - b) - c.
        keep = inner < outer or (inner == outer and position > 0)
    return text if keep else text[1:-1]


def placeholders(node: Value, names: list[str]) -> dict[str, str]:
    """What the op table's placeholders stand for at ``node``: ``a`` and ``b`` the
    names of its first inputs, ``k`` its constant."""
    return {"k": short_arg(node.arg), **dict(zip("ab", names))}


def one_bracket(text: str) -> bool:
    """True for ``(a * b)``: one pair of brackets around everything (not ``(a) + (b)``)."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(text) - 1:
            return False
    return True
