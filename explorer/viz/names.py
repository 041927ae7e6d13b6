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
           "substitute", "short_arg", "placeholders"]

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
    cache: dict[int, str] = {}

    def name(v: Value) -> str:
        key = id(v)
        if key in cache:
            return cache[key]
        variable = name_of(v) if name_of is not None else None
        text = v.label or variable or ""
        if code and text and not text.isidentifier():
            text = variable if variable else f"({text})"
        if not text:
            if v.op is None:
                text = format_number(v.data)  # an unnamed constant: its number is its name
            else:
                text = f"({short_expression(v, name)})"
        cache[key] = text
        return text

    return name


#: Longest name made from an expression; longer ones elide their inputs with "…".
SHORT_NAME = 24


def short_expression(node: Value, name: Namer, limit: int = SHORT_NAME) -> str:
    """How ``node`` is made, in at most about ``limit`` characters: ``a * b``; with
    long input names elided, ``tanh(…)``, ``… * w``; at worst the op's own form."""
    full = expression_text(node, name)
    if node.op is None or (len(full) <= limit and "…" not in full):
        return full
    # An input already shortened says nothing more than "…" does.
    short = expression_text(node, lambda c: name(c) if len(name(c)) <= 8 and "…" not in name(c) else "…")
    if len(short) <= limit:
        return short
    if node.op is DOT:
        return "w·x + b"
    if node.op is SUM:
        return "Σ(…)"
    return expression_text(node, lambda c: "…")


def substitute(template: str, mapping: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(1), m.group(1)), template)


def short_arg(arg: float | None) -> str:
    return format_number(arg) if arg is not None else "k"


def expression_text(node: Value, name: Namer, suffix: str = "") -> str:
    """How ``node`` is made from its inputs: ``a * b``, ``tanh(n)``, ``x ** 2``.

    ``suffix='.data'`` writes it as micrograd code (``a.data * b.data``)."""
    op = node.op
    if op is None:
        return name(node)
    names = [name(c) + suffix for c in node.children]
    # The two ops of any number of inputs are written out in full, not as "a + b + ...".
    if op is DOT:
        n = len(names) // 2
        products = [f"{w}*{x}" for w, x in zip(names[:n], names[n:2 * n])]
        return " + ".join([*products, names[-1]])
    if op is SUM:
        return " + ".join(names)
    if op.expression.endswith("(a)") and one_bracket(names[0]):
        names[0] = names[0][1:-1]  # tanh(a * b), not tanh((a * b))
    return substitute(op.expression, placeholders(node, names))


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
