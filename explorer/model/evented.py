"""Typed change events for the application model, with no Qt in them.

napari's ``EventedModel`` at our scale: a model declares its fields with
:class:`Field`, and an :class:`Events` group with one :class:`Signal` per field
(plus any happenings that are not a single field, such as "the graph was
rebuilt"). Setting a field to a new value emits that field's signal with the
value, so a view binds to exactly what it shows::

    session.events.lr.connect(spin_box.setValue)
    session.lr = 0.1            # -> spin_box.setValue(0.1)

Views never poll and never keep copies: they read the model when a signal says
that something they show has changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar, overload

__all__ = ["Signal", "Events", "Field", "fields_of"]

T = TypeVar("T")


class Signal(Generic[T]):
    """One typed event. ``connect`` returns a function that disconnects again."""

    __slots__ = ("name", "_callbacks", "_blocked")

    def __init__(self, name: str = ""):
        self.name = name
        self._callbacks: list[Callable[[T], object]] = []
        self._blocked = 0

    def connect(self, callback: Callable[[T], object]) -> Callable[[], None]:
        self._callbacks.append(callback)
        return lambda: self.disconnect(callback)

    def disconnect(self, callback: Callable[[T], object]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        if self._blocked:
            return
        # A copy: a callback may disconnect itself (a closing panel) while we loop.
        for callback in list(self._callbacks):
            callback(value)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """No emissions inside the block (for a change that is announced another way)."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1

    def __len__(self) -> int:
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"<Signal {self.name} ({len(self._callbacks)} connected)>"


class Events:
    """A group of signals: each ``name: Signal[T]`` annotation of a subclass becomes
    an instance attribute holding its own :class:`Signal`."""

    def __init__(self) -> None:
        for name in _signal_names(type(self)):
            setattr(self, name, Signal(name))

    def __iter__(self) -> Iterator[Signal[Any]]:
        return (getattr(self, name) for name in _signal_names(type(self)))


def _signal_names(cls: type) -> list[str]:
    names = []
    for klass in reversed(cls.__mro__):
        names += [n for n in getattr(klass, "__annotations__", {}) if n not in names]
    return names


class Field(Generic[T]):
    """A model attribute whose assignment emits ``owner.events.<name>`` when the
    value really changed (``==``, so equal floats and tuples stay quiet).

    ``check`` validates and may convert the value; it raises the model's own
    error with a sentence for the user."""

    def __init__(self, default: T, check: Callable[[Any], T] | None = None):
        self.default = default
        self.check = check
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Field[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj, owner):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, self.default)

    def __set__(self, obj: Any, value: T) -> None:
        if self.check is not None:
            value = self.check(value)
        old = obj.__dict__.get(self.name, self.default)
        obj.__dict__[self.name] = value
        if not _same(old, value):
            getattr(obj.events, self.name).emit(value)


def _same(a: object, b: object) -> bool:
    try:
        return bool(a is b or (type(a) is type(b) and a == b))
    except Exception:  # noqa: BLE001 - an odd __eq__ means "changed", never a crash
        return False


def fields_of(cls: type) -> dict[str, Field[Any]]:
    """Every :class:`Field` declared on ``cls`` and its bases, by name."""
    out: dict[str, Field[Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Field):
                out[name] = value
    return out
