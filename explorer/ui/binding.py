"""Views bind to the model's typed signals for as long as the view lives.

A model (Qt-free) can outlive the widgets that show it: a panel closed, a dialog
gone. :func:`bind` connects a widget's handlers to model signals and disconnects
them when the widget is destroyed, so a signal never reaches a deleted widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ..model.evented import Signal

__all__ = ["bind"]


def bind(owner: QObject, *pairs: tuple[Signal[Any], Callable[[Any], object]]) -> Callable[[], None]:
    """Connect each ``(signal, handler)``; all are disconnected when ``owner`` is
    destroyed (or when the returned function is called)."""
    disconnects = [signal.connect(handler) for signal, handler in pairs]

    def unbind(*_args: object) -> None:
        while disconnects:
            disconnects.pop()()

    # Not a bound method of owner: by then its Python side may be gone too.
    owner.destroyed.connect(unbind)
    return unbind
