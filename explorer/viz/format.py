"""Numbers as the graph shows them: always the same number of characters.

The value boxes are laid out once per structure (DESIGN decision 3) in a
monospaced font, so every number must take the same room whatever its value:
``2.0000``, ``-8.0000`` and ``1.23e+05`` are all padded to :data:`NUMBER_WIDTH`
characters. Four decimals, as the lecture's ``draw_dot`` prints them; numbers
too big or too small for that switch to scientific notation instead of lying
(``%.4f`` would print a gradient of 1e-7 as ``0.0000``).
"""

from __future__ import annotations

import math
import unicodedata

__all__ = [
    "NUMBER_WIDTH", "NOT_COMPUTED", "MAX_LABEL", "fmt_number", "fmt_grad", "placeholder", "display_label",
]

#: Characters every formatted number takes ("-999.9999", "-1.23e+05").
NUMBER_WIDTH = 9
#: What a grad shows before any backward pass (or after the values changed).
NOT_COMPUTED = "—"


def fmt_number(x: float) -> str:
    """``x`` in exactly :data:`NUMBER_WIDTH` characters, right-aligned.

    >>> fmt_number(2.0)
    '   2.0000'
    """
    try:
        x = float(x)
    except (TypeError, ValueError, OverflowError):
        return "?".rjust(NUMBER_WIDTH)
    if math.isnan(x):
        return "nan".rjust(NUMBER_WIDTH)
    if math.isinf(x):
        return ("inf" if x > 0 else "-inf").rjust(NUMBER_WIDTH)
    if x == 0:
        return "0.0000".rjust(NUMBER_WIDTH)  # also -0.0: a sign on zero only confuses
    if abs(x) >= 1e-4:
        text = f"{x:.4f}"
        if len(text) <= NUMBER_WIDTH:
            return text.rjust(NUMBER_WIDTH)
    # Too large or too small for four decimals: as many significant digits as fit.
    for digits in (3, 2, 1, 0):
        text = f"{x:.{digits}e}"
        if len(text) <= NUMBER_WIDTH:
            return text.rjust(NUMBER_WIDTH)
    return text  # unreachable for floats: "-1e+308" always fits


def fmt_grad(x: float, has_grads: bool) -> str:
    """The grad as shown: a number once a backward pass has run, else a dash."""
    return fmt_number(x) if has_grads else NOT_COMPUTED.rjust(NUMBER_WIDTH)


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
