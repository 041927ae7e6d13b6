"""Errors of the expression language, each one sentence a learner understands.

``str(err) == "line 3, col 5: unknown name 'q' — did you mean 'a'?"``; the editor
uses ``start``/``end`` (0-based character offsets) to underline the place.
"""

from __future__ import annotations

from ..errors import ExplorerError
from .messages import shorten_words
from .source import Span

__all__ = ["ParseError", "ComputeError", "ProgramError"]


class ParseError(ExplorerError):
    """The text cannot be turned into a graph; points at the place that is wrong."""

    def __init__(self, message: str, span: Span):
        message = shorten_words(message)
        self.message = message
        self.span = span
        self.line = span.line
        self.col = span.col
        self.end_line = span.end_line
        self.end_col = span.end_col
        self.start = span.start
        self.end = span.end
        super().__init__(f"line {span.line}, col {span.col}: {message}")


class ComputeError(ParseError):
    """The text is fine but its starting values cannot be computed (division by zero,
    log of a negative number); points at the statement that fails."""


class ProgramError(ExplorerError):
    """A request about a parsed program that cannot be met (a leaf name that does not
    exist, a value that is not a finite number)."""
