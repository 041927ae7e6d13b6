"""The expression language: text -> :class:`Program` -> graph, plot function, text.

    from explorer.lang import parse
    program = parse("a = 2.0; b = -3.0\\ne = a*b")
    graph = program.build()          # an engine Graph with names and source spans
    curve = program.function_of("a") # numpy function of one leaf
    text = program.with_values({"a": 2.5})

The text is read with ``ast.parse`` and a whitelist walker; it is never executed.
"""

from .errors import ComputeError, ParseError, ProgramError
from .program import MAX_TEXT, FunctionDef, Leaf, Note, Program, ProgramGraph, Statement, parse
from .source import Span
from .walker import MAX_NODES

__all__ = [
    "parse", "Program", "ProgramGraph", "Leaf", "Note", "Statement", "FunctionDef", "Span",
    "ParseError", "ComputeError", "ProgramError", "MAX_TEXT", "MAX_NODES",
]
