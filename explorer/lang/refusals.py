"""Refused before anything is read: whatever could reach outside the text if it
ever ran (``open``, ``eval``, ``__import__``, ``x.__class__``), even on a line that
would only be skipped — the one thing a pasted text may never do, so it is
looked for first, over the whole syntax tree."""

from __future__ import annotations

import ast
import re

from .expressions import OPERATOR_METHODS

__all__ = ["refuse_reaching_outside", "DANGEROUS"]

# Calls that would reach outside the text if they ever ran; named so the error says why.
DANGEROUS = {"exec", "eval", "compile", "open", "getattr", "setattr", "delattr", "globals",
             "locals", "vars", "breakpoint", "input", "exit", "quit", "__import__", "help"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def refuse_reaching_outside(walker, body: list[ast.stmt], text: str) -> None:
    """Raise the walker's ParseError at the first such place in ``body``."""
    # The tree is only searched when the text could hold such a thing at all
    # (plain substring tests: far faster than a regex over a long text).
    if "__" not in text and DANGEROUS.isdisjoint(_IDENTIFIER.findall(text)):
        return
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef):
            continue  # a pasted class is skipped whole and never run
        if isinstance(node, ast.Name):
            if node.id.startswith("__") and node.id.endswith("__") or node.id == "__import__":
                raise walker.error(node, f"names with double underscores, like '{node.id}', "
                                         "are not allowed here")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in OPERATOR_METHODS:
            # a.__radd__(1.0): a Value's own operator, read as 1.0 + a
            stack.extend([node.func.value, *node.args, *(kw.value for kw in node.keywords)])
            continue
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("__"):
                raise walker.error(node, f"'.{node.attr}' is not allowed here: only a Value's "
                                         ".label, .data and .grad and its methods can be used")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in DANGEROUS:
            raise walker.error(node.func, f"'{node.func.id}(...)' is not available: this text is read, "
                                          "never run")
        stack.extend(ast.iter_child_nodes(node))
