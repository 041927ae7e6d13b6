"""Checks of the numbers a user gives a setting (learning rate, steps per click, h):
each returns the value to keep or raises an EngineError saying, in one sentence,
what is wrong with it."""

from __future__ import annotations

import math

from ..engine import EngineError

__all__ = ["MAX_STEPS_PER_CLICK", "finite_float", "positive_rate", "whole_steps", "positive_h", "short"]

MAX_STEPS_PER_CLICK = 10_000  # as the Controls panel's spin box allows


def finite_float(x: object) -> float | None:
    """``x`` as a finite float, or None (a bool, not a number, inf, nan, or an int
    too large for a float, whose math.isfinite would raise OverflowError)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    try:
        value = float(x)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def positive_rate(lr: object) -> float:
    value = finite_float(lr)
    if value is None or value <= 0:
        raise EngineError(f"The learning rate must be a positive number, not {short(lr)}.")
    return value


def whole_steps(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_STEPS_PER_CLICK:
        raise EngineError(f"Steps per click must be a whole number from 1 to {MAX_STEPS_PER_CLICK:,}, "
                          f"not {short(n)}.")
    return n


def positive_h(h: object) -> float:
    value = finite_float(h)
    if value is None or value <= 0:
        raise EngineError(f"h must be a positive number, not {short(h)}.")
    return value


def short(x: object) -> str:
    """``repr(x)``, cut short: a 400-digit number in a sentence helps nobody."""
    text = repr(x)
    return text if len(text) <= 30 else text[:29] + "…"
