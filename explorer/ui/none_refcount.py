"""A guard against PySide6 6.12.0's lost reference to ``None`` on Python 3.11.

PySide6 6.12.0 returns ``None`` from every void method (``QPen.setWidth``,
``QPainter.drawLine``, ``QPolygonF.append``...) without counting the reference,
which is harmless from Python 3.12 on (``None`` is immortal there, PEP 683) but
on Python 3.11 takes one off ``None``'s reference count per call. A window that
paints makes tens of thousands of such calls a second, and the count (about
10,000 at start-up) reaches zero within seconds: "Fatal Python error:
none_dealloc". PySide6 6.11.3 does not have the bug (measured here).

The proper fix is in the dependencies (``PySide6-Essentials !=6.12.0`` on Python
< 3.12). Until then :func:`guard_none_refcount` gives ``None`` a reference count
no program can use up, which is what Python 3.12 does for every interpreter.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["guard_none_refcount", "needs_guard"]

_GUARD = 1 << 40  # ~10^12 calls: centuries of painting
_done = False


def needs_guard() -> bool:
    """True where the bug is: Python before 3.12 with the PySide6 6.12 series."""
    if sys.version_info >= (3, 12):
        return False
    try:
        import PySide6
    except ImportError:
        return False
    version = tuple(int(p) for p in PySide6.__version__.split(".")[:2] if p.isdigit())
    return version >= (6, 12)


def guard_none_refcount() -> bool:
    """Apply the guard once where it is needed; True if it was applied (now or before)."""
    global _done
    if _done:
        return True
    if not needs_guard() or sys.implementation.name != "cpython":
        return False
    # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
    ctypes.c_ssize_t.from_address(id(None)).value += _GUARD
    _done = True
    return True
