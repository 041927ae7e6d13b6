"""Text as the graph shows it: numbers always the same number of characters, labels
as one line.

The value boxes are laid out once per structure (DESIGN decision 3), so every
number takes the same room whatever its value: :func:`explorer.engine.numbers.format_fixed`
pads ``2.0000``, ``-8.0000`` and ``1.23e+05`` to :data:`NUMBER_WIDTH` characters, and
a grad not computed yet is a dash of that width.
"""

from __future__ import annotations

import unicodedata

from ..engine.numbers import NUMBER_WIDTH, format_fixed

__all__ = [
    "NUMBER_WIDTH", "NOT_COMPUTED", "MAX_LABEL", "fmt_grad", "placeholder", "display_label",
]

#: What a grad shows before any backward pass (or after the values changed).
NOT_COMPUTED = "—"


def fmt_grad(x: float, has_grads: bool) -> str:
    """The grad as shown: a number once a backward pass has run, else a dash."""
    return format_fixed(x) if has_grads else NOT_COMPUTED.rjust(NUMBER_WIDTH)


def placeholder() -> str:
    """Text as wide as any formatted number: what the layout is computed with."""
    return "0" * NUMBER_WIDTH


#: Longest label shown in full; longer ones end in "…" so one box cannot swallow the graph.
MAX_LABEL = 40


def display_label(label: object) -> str:
    """A node's label as the graph shows it: one line of visible text.

    Newlines, tabs and other control characters appear as Python writes them in a
    string (``\\n``); invisible or unstorable characters (zero-width spaces, lone
    surrogates, unassigned code points) as ``\\uXXXX``. Spaces at either end are
    dropped (Graphviz would drop the leading ones anyway), and labels longer than
    :data:`MAX_LABEL` are cut with "…", so one box cannot swallow the graph.
    """
    text = label if isinstance(label, str) else str(label)
    if text.isprintable():  # the usual case, in one C-level check: every character shows as itself
        shown = text.strip(" ")
        return shown if len(shown) <= MAX_LABEL else shown[: MAX_LABEL - 1] + "…"
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch.isprintable() or ch == " " or unicodedata.category(ch) in _SHOWN:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    shown = "".join(out).strip(" ")
    if len(shown) > MAX_LABEL:
        shown = shown[: MAX_LABEL - 1] + "…"
    return shown


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# str.isprintable() says no to every separator but the space; these still draw as text.
_SHOWN = {"Zs"}
