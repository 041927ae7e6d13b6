"""Positions in the user's text: :class:`Span` and the offset <-> line/column map.

Python's ``ast`` reports columns in UTF-8 *bytes*; the editor counts *characters*.
:class:`SourceMap` converts once per line, so a label like ``'x₁'`` or a comment in
another script never shifts an error marker or a node highlight.

Conventions (shared with :class:`~explorer.lang.errors.ParseError`): ``line`` and
``col`` are 1-based; ``end_col`` is 1-based and exclusive (``end_col - col`` is the
length of a one-line span); ``start`` and ``end`` are 0-based character offsets
into the text, ``[start, end)``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Span", "SourceMap"]

# Python ends a line at \r\n, \r or \n (and nothing else, unlike str.splitlines).
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int
    start: int
    end: int

    def __str__(self) -> str:
        return f"line {self.line}, col {self.col}"


class SourceMap:
    """Line starts of one text, for turning ast positions and offsets into Spans."""

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        starts.extend(m.end() for m in _LINE_END.finditer(text))
        self.line_starts = starts
        self.ascii = text.isascii()
        self._lines: dict[int, bytes] = {}

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its line ending."""
        i = line - 1
        start = self.line_starts[i]
        end = self.line_starts[i + 1] if i + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, col_bytes: int) -> int:
        """Character offset of an ast position (1-based line, 0-based UTF-8 column)."""
        line = min(max(line, 1), len(self.line_starts))
        start = self.line_starts[line - 1]
        if self.ascii:
            return start + col_bytes
        encoded = self._lines.get(line)
        if encoded is None:
            encoded = self._lines[line] = self.line_text(line).encode("utf-8")
        return start + len(encoded[:col_bytes].decode("utf-8", "ignore"))

    def char_offset(self, line: int, col: int) -> int:
        """Character offset of a 1-based (line, character column), clamped to the text."""
        line = min(max(line, 1), len(self.line_starts))
        start = self.line_starts[line - 1]
        return min(start + max(col - 1, 0), start + len(self.line_text(line)))

    def node_offsets(self, node) -> tuple[int, int]:
        """[start, end) character offsets of an ast node."""
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def span(self, start: int, end: int) -> Span:
        """The Span of character offsets [start, end)."""
        n = len(self.text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        line = bisect_right(self.line_starts, start)
        end_line = bisect_right(self.line_starts, end)
        # A span that ends exactly at a line break ends on its own line.
        if end_line > line and end == self.line_starts[end_line - 1] and end > start:
            end_line -= 1
            end_col = end - self.line_starts[end_line - 1] + 1
            text_end = self.line_starts[end_line - 1] + len(self.line_text(end_line))
            end_col = min(end_col, text_end - self.line_starts[end_line - 1] + 1)
        else:
            end_col = end - self.line_starts[end_line - 1] + 1
        return Span(line, start - self.line_starts[line - 1] + 1, end_line, end_col, start, end)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)
