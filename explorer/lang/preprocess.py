"""What users type that is not Python, turned into Python of exactly the same shape.

Three kinds of line are handled before ``ast.parse`` sees the text:

* notebook magics and shell lines (``%matplotlib inline``, ``!git clone ...``) and
  the ``In [1]:`` prompts of a pasted notebook are blanked;
* ``output L`` (choose the graph's output) is blanked and remembered;
* ``f(x) = 3*x**2 - 4*x + 5`` has its ``(x)`` blanked, leaving the assignment
  ``f    = 3*x**2 ...`` that the walker then reads as a function of ``x``.

Blanking replaces characters by spaces one for one, so every line and column
Python reports is a line and column of the user's own text.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

__all__ = ["Prepared", "prepare"]

_HEADER_HINT = re.compile(r"\)[ \t]*=(?!=)")  # starts with a literal: re scans for ')' quickly
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_MAGIC = re.compile(r"[ \t]*(?:%|!(?!=))")
_PROMPT = re.compile(r"[ \t]*(?:In|Out)[ \t]*\[[^\]\r\n]*\]:[ \t]*$")
_OUTPUT = re.compile(r"output[ \t]+([A-Za-z_][A-Za-z_0-9]*)[ \t]*(?:#.*)?$")
_FUNCTION = re.compile(
    r"([A-Za-z_][A-Za-z_0-9]*)([ \t]*\([ \t]*([A-Za-z_][A-Za-z_0-9]*(?:[ \t]*,[ \t]*[A-Za-z_][A-Za-z_0-9]*)*)"
    r"[ \t]*,?[ \t]*\))[ \t]*=(?!=)"
)


@dataclass
class FunctionHeader:
    """``f(x) = ...`` written on line ``line``: the name and its parameters."""

    name: str
    params: list[str]
    start: int  # offset of the name
    end: int  # offset just after ')'


@dataclass
class Prepared:
    text: str  # Python text, same length and line structure as the original
    blanked: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why)
    output: tuple[str, int, int] | None = None  # (name, start, end) of `output NAME`
    headers: dict[int, FunctionHeader] = field(default_factory=dict)  # by 1-based line


def _blank(s: str) -> str:
    return " " * len(s)


def prepare(text: str) -> Prepared:
    """Rewrite the non-Python lines of ``text``; see the module docstring."""
    # Fast path: nothing to rewrite (the common case while typing plain math).
    if not ("%" in text or "!" in text or "In" in text or "Out" in text or "output" in text
            or _HEADER_HINT.search(text)):
        return Prepared(text)
    prepared = Prepared(text)
    pieces: list[str] = []
    pos = 0
    for line_no, m in enumerate(_LINE.finditer(text), start=1):
        raw = m.group(0)
        if not raw:
            break
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        start = m.start()
        if _MAGIC.match(body):
            prepared.blanked.append((start, start + len(body), "magic"))
            body = _blank(body)
        elif _PROMPT.match(body):
            prepared.blanked.append((start, start + len(body), "prompt"))
            body = _blank(body)
        elif body.startswith("output"):
            out = _OUTPUT.match(body)
            if out:
                prepared.output = (out.group(1), start + out.start(1), start + out.end(1))
                body = _blank(body)
        else:
            fn = _FUNCTION.match(body)
            if fn and not keyword.iskeyword(fn.group(1)):
                params = [p.strip() for p in fn.group(3).split(",") if p.strip()]
                prepared.headers[line_no] = FunctionHeader(fn.group(1), params, start, start + fn.end(2))
                body = body[:fn.start(2)] + _blank(fn.group(2)) + body[fn.end(2):]
        pieces.append(body + ending)
        pos = m.end()
    pieces.append(text[pos:])
    prepared.text = "".join(pieces)
    return prepared
