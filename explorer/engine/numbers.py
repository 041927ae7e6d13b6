"""Numbers as text: one formatter for every place a number is read as text.

The rule, in one place:

* **The graph's boxes** keep the lecture's ``draw_dot`` form, four decimals in a
  fixed width (:func:`format_fixed`, below): ``o = 0.7071``.
* **Everywhere else a value is read as text** — the status bar, the Inspector, the
  plot's readouts, the explanations and step-through, undo's names, the gradcheck
  dialog, the history chart, the Training lab — it is written by
  :func:`format_number` with :data:`DIGITS` significant digits: ``o = 0.707107`` in
  all of them, so a learner who compares two places sees one number.
* **Exceptions, where the digits are the lesson**, use :data:`FINE_DIGITS`: the
  finite-difference readouts (``(f(x+h) − f(x)) / h = 14.000003`` at h = 1e-6 is
  the lecture's point; at :data:`DIGITS` it would read ``14``, the same as the
  slope) and a nudge too small for :data:`DIGITS` to show. Input fields (a leaf's
  value, the plot's x0 and h) show :data:`FINE_DIGITS` too, so a value taken back
  unchanged moves by less than anything shown. The finite difference's distance
  from the slope is the one number shown with fewer, :data:`SIZE_DIGITS` (its size
  is the lesson: it shrinks with h, then grows again with round-off).

:func:`format_number` ``(x, digits=DIGITS)`` writes a number as a person writes it in
arithmetic:

* whole numbers below 10**15 in size are written as integers: ``6``, ``-3``, ``0``;
* every other number gets ``digits`` significant digits, in Python's ``g`` style:
  ``0.707107``, ``-7.28650``, huge and tiny ones in scientific notation: ``1.5e+20``,
  ``1e-08`` (so a tiny gradient never reads as ``0``);
* ``-0.0`` is written ``0`` (a sign on zero only confuses); ``nan``, ``inf`` and
  ``-inf`` as those words.

:func:`format_fixed` ``(x)`` is the graph's form: four decimals as the lecture's
``draw_dot`` prints them (``2.0000``), always exactly :data:`NUMBER_WIDTH`
characters, right-aligned. The graph's value boxes are laid out once per structure
(DESIGN decision 3), so a number must take the same room whatever its value: a new
value relabels a box in place and the box keeps its size. Numbers too big for four
decimals give up decimals first (``-123.457``); those still too big, or too small for
four decimals, switch to scientific notation (``1.23e+05``, ``-1.0e-07``)
rather than lie (``%.4f`` would print a gradient of 1e-7 as ``0.0000``); ``-0.0``
is ``0.0000``; ``nan``, ``inf`` and ``-inf`` are those words, padded.
"""

from __future__ import annotations

import math

__all__ = ["format_number", "format_fixed", "NUMBER_WIDTH", "DIGITS", "FINE_DIGITS", "SIZE_DIGITS"]

#: Significant digits of a value read as text anywhere but the graph's boxes.
DIGITS = 6
#: Significant digits where more digits are the lesson (finite differences) and in
#: input fields (see the module's docstring).
FINE_DIGITS = 10
#: Significant digits of a number whose size is what it says (the finite difference's
#: distance from the slope).
SIZE_DIGITS = 3

#: Characters every :func:`format_fixed` number takes ("-99.9999", "-123.457", "1.23e+05"):
#: one fewer makes every box narrower, and at 1024 px the lecture's neuron fits whole.
NUMBER_WIDTH = 8


def format_number(x: float, digits: int = DIGITS) -> str:
    """``x`` as a person writes it: ``6``, ``-3``, ``0.707107``, ``1e-08``
    (``digits`` significant digits for a number that is not whole)."""
    x = float(x)
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.{digits}g}"


def format_fixed(x: float) -> str:
    """``x`` in exactly :data:`NUMBER_WIDTH` characters, right-aligned, as the
    graph's boxes show it.

    >>> format_fixed(2.0)
    '  2.0000'
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
        return "0.0000".rjust(NUMBER_WIDTH)  # also -0.0
    if abs(x) >= 1e-4:
        # Four decimals as the lecture prints them; a large number gives up decimals
        # (-123.457, 12345.68) before it turns to scientific notation.
        for decimals in (4, 3, 2, 1):
            text = f"{x:.{decimals}f}"
            if len(text) <= NUMBER_WIDTH:
                return text.rjust(NUMBER_WIDTH)
    # Too large or too small for four decimals: as many significant digits as fit.
    for digits in (3, 2, 1, 0):
        text = f"{x:.{digits}e}"
        if len(text) <= NUMBER_WIDTH:
            return text.rjust(NUMBER_WIDTH)
    return text  # unreachable for floats: "-1e+308" always fits
