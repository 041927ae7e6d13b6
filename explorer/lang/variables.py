"""Which leaves a program's output can be plotted against, and which one by default.

The tangent plot (window and command line) draws the output as a function of one
leaf. A program names its variables (``x = 3.0``; ``f(x) = ...``); failing that,
any labelled leaf will do.
"""

from __future__ import annotations

from .program import Program, ProgramGraph

__all__ = ["plot_variables", "default_plot_variable"]


def plot_variables(program: Program | None, graph: ProgramGraph | None) -> list[str]:
    """The named leaves of ``graph`` the output can be drawn against, in the text's order."""
    if graph is None:
        return []
    names = list(program.variables) if program is not None and program.variables else []
    if not names:
        names = [v.label for v in graph.leaves if v.label]
    by_name = graph.by_name
    return list(dict.fromkeys(n for n in names if n in by_name and by_name[n].is_leaf))


def default_plot_variable(program: Program | None, graph: ProgramGraph | None) -> str | None:
    """The variable a plot uses when none is chosen: the function's own (``f(x)``),
    else the program's first variable, else the first labelled leaf; None if none."""
    names = plot_variables(program, graph)
    function = program.function if program is not None else None
    if function is not None and function.var in names:
        return function.var
    return names[0] if names else None
