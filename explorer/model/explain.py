"""The chain rule with the numbers filled in, for the inspector and the step-through.

Everything here reads the op table: a local derivative's *text* comes from
``Op.formulas`` (its placeholders ``a``, ``b``, ``k``... replaced by the real names)
and its *number* from ``Op.local``. No derivative is written a second time here,
so a new op explains itself as soon as it is in the table.

Qt-free: the window renders these strings, tests read them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..engine import Graph, Value
from ..engine.numbers import format_number
from ..engine.ops import DOT
from ..viz.names import (
    SHORT_NAME,
    Namer,
    attribute,
    expression_text,
    make_namer,
    negative_in_brackets,
    one_bracket,
    placeholders,
    short_expression,
    substitute,
)

__all__ = [
    "Namer", "factor", "short_expression", "one_bracket", "SHORT_NAME", "local_derivatives",
    "LocalDerivative", "ChainTerm",
    "chain_terms", "chain_rule_text", "consumers_of", "forward_text", "make_namer",
]

def factor(x: float) -> str:
    """``format_number`` for use inside a product: negatives in brackets, ``(-3)``."""
    return negative_in_brackets(format_number(x))


def _bracket(expr: str) -> str:
    """Wrap a formula used as a factor unless it is one name or one number."""
    return expr if re.fullmatch(r"[\w.]+|\([^()]*\)", expr) else f"({expr})"


@dataclass(frozen=True)
class LocalDerivative:
    """d node / d input for one input of a node (one per use: ``a + a`` has two)."""

    index: int  # which input
    input: Value
    formula: str  # from the op table, e.g. "d(a * b)/da = b"
    named: str  # the right-hand side in real names, e.g. "b" -> "w1" ; "1 - tanh(n)^2"
    value: float  # its number now

    def text(self, out: str, name: str) -> str:
        """``de/da = b = -3`` (the middle part dropped when it is just the number)."""
        out, name = _grouped(out), _grouped(name)
        value = format_number(self.value)
        if self.named == value:
            return f"d{out}/d{name} = {value}"
        return f"d{out}/d{name} = {self.named} = {value}"


def _grouped(name: str) -> str:
    """A name with spaces in brackets, so ``d/d(x1w1 + x2w2)`` reads as one thing."""
    return f"({name})" if " " in name and not (name.startswith("(") and name.endswith(")")) else name


def _formula_for(node: Value, index: int) -> str:
    op = node.op
    formulas = op.formulas
    if op is DOT:  # one formula for the weights, one for the inputs, one for the bias
        n = len(node.children) // 2
        return formulas[0] if index < n else formulas[1] if index < 2 * n else formulas[2]
    return formulas[min(index, len(formulas) - 1)]  # Σ has one formula for all its inputs


def _local_values(node: Value) -> tuple[float, ...]:
    kids = node.children
    try:
        return tuple(node.op.local([c.data for c in kids], node.data, node.arg))
    except ArithmeticError:  # DomainError included
        return (math.nan,) * len(kids)


def local_derivatives(node: Value, name: Namer, suffix: str = "") -> list[LocalDerivative]:
    """The local derivative of ``node`` with respect to each of its inputs, as text
    (from the op table's formula, names filled in) and as a number (``Op.local``)."""
    if node.op is None:
        return []
    kids = node.children
    values = _local_values(node)
    out: list[LocalDerivative] = []
    n = len(kids) // 2
    names = [attribute(c, name(c), suffix) for c in kids[:2]]
    for i, child in enumerate(kids):
        formula = _formula_for(node, i)
        rhs = formula.split(" = ", 1)[1] if " = " in formula else formula
        mapping = placeholders(node, names)
        if node.op is DOT:
            # d/dw_i = x_i and d/dx_i = w_i: the partner of input i.
            if i < n:
                mapping["x_i"] = attribute(kids[n + i], name(kids[n + i]), suffix)
            elif i < 2 * n:
                mapping["w_i"] = attribute(kids[i - n], name(kids[i - n]), suffix)
        out.append(LocalDerivative(i, child, formula, substitute(rhs, mapping), values[i]))
    return out


@dataclass(frozen=True)
class ChainTerm:
    """One path a node's grad arrives by: through ``consumer``'s input ``index``."""

    consumer: Value
    local: LocalDerivative

    @property
    def product(self) -> float:
        return self.consumer.grad * self.local.value


def consumers_of(graph: Graph, node: Value) -> list[Value]:
    """The nodes that use ``node`` as an input, in tape order (once each). Depends
    only on the structure, so a caller may keep it while the values change."""
    return [c for c in graph.nodes if c.op is not None and any(ch is node for ch in c.children)]


def chain_terms(graph: Graph, node: Value, name: Namer,
                consumers: list[Value] | None = None) -> list[ChainTerm]:
    """Every use of ``node`` as an input, in tape order: each contributes
    ``grad(consumer) * d consumer / d node`` to ``grad(node)``."""
    terms = []
    for consumer in consumers if consumers is not None else consumers_of(graph, node):
        for d in local_derivatives(consumer, name):
            if d.input is node:
                terms.append(ChainTerm(consumer, d))
    return terms


def chain_rule_text(graph: Graph, node: Value, name: Namer,
                    consumers: list[Value] | None = None) -> str:
    """``grad(a) = grad(e) * b = (-2) * (-3) = 6`` — the chain rule that gave a grad,
    with every use of the node summed (``a + a`` shows two terms)."""
    me = name(node)
    if node is graph.root:
        return f"grad({me}) = 1   (d{me}/d{me} = 1: backprop starts here)"
    terms = chain_terms(graph, node, name, consumers)
    if not terms:
        return f"grad({me}) = 0   ({me} does not reach the output)"
    symbolic = " + ".join(f"grad({name(t.consumer)}) * {_bracket(t.local.named)}" for t in terms)
    numeric = " + ".join(f"{factor(t.consumer.grad)} * {factor(t.local.value)}" for t in terms)
    total = math.fsum(t.product for t in terms)
    return f"grad({me}) = {symbolic} = {numeric} = {format_number(total)}"


def forward_text(node: Value, name: Namer) -> str:
    """``e = a * b = 2 * (-3) = -6`` — how a node's data was computed."""
    if node.op is None:
        return f"{name(node)} = {format_number(node.data)}   (a leaf: its value is given)"
    symbolic = expression_text(node, name)
    numbers = _numbers_expression(node)
    return f"{name(node)} = {symbolic} = {numbers} = {format_number(node.data)}"


def _numbers_expression(node: Value) -> str:
    """The node's expression with its inputs' numbers in place of their names."""
    return expression_text(node, lambda v: factor(v.data))
