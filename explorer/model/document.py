"""Session files (``.gexp``): what a saved document holds, and how it is read safely.

A session file is JSON text with a format name and a version::

    {"format": "gradient-explorer-session", "version": 1,
     "text": "a = 2.0\\nb = -3.0\\n...", "values": {"a": 2.06, ...},
     "parameters": ["a", "b"], "lr": 0.01, "ascent": true, "plot_var": "a",
     "x0": 2.06, "h": 0.001, "history": [-8.0, -7.286496], ...}

Files come from anywhere (a download, a classmate, a damaged disk), so reading
is defensive: the size is capped *before* reading, the bytes must be UTF-8 JSON
(never pickle; nothing in the file is executed), NaN/Infinity and absurdly long
numbers are refused, deep nesting is caught, and every field is type-checked.
Anything wrong raises :class:`~explorer.errors.FileFormatError` with one sentence
and leaves the open document exactly as it was: :func:`read_document` returns a
new :class:`SessionDocument`; only :func:`~explorer.model.session.apply_document` touches a session, and
only after the file has been fully checked.

Saving goes through :mod:`explorer.fileio` (temp file in the same folder, fsync,
rename), so a crash mid-save leaves the old file whole.

Qt-free. :class:`RecentFiles` is the File > Open Recent list's logic.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..engine.training_run import MAX_LR, MAX_STEPS, LabSettings, TrainingRunError
from ..errors import ExplorerError, FileFormatError
from ..fileio import atomic_write_text, decode_text, read_user_file
from .training_lab import SOURCES, SavedLab

__all__ = [
    "FORMAT", "VERSION", "SUFFIX", "MAX_FILE_BYTES", "SessionDocument", "document_to_json",
    "document_from_json", "document_from_data", "load_json", "document_to_data", "read_document",
    "write_document", "document_text", "RecentFiles", "FileFormatError",
]

FORMAT = "gradient-explorer-session"
VERSION = 1
SUFFIX = ".gexp"
FILE_FILTER = "Gradient Explorer sessions (*.gexp);;All files (*)"

# A session is a few kilobytes; a very long expression with a long history a few
# megabytes. Anything beyond this is refused before a byte of it is read.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TEXT_CHARS = 4 * 1024 * 1024
MAX_LEAVES = 100_000
MAX_HISTORY = 1_000_000
MAX_NAME_CHARS = 200
# Numbers with more digits than any float needs: refused (Python's int() on a
# million digits is slow, and no setting needs them).
_MAX_DIGITS = 40


@dataclass
class SessionDocument:
    """Everything a session file holds. Defaults are the window's defaults."""

    text: str = ""
    values: dict[str, float] = field(default_factory=dict)  # current leaf values, by name
    parameters: list[str] | None = None  # leaves a step moves; None: the graph's own choice
    lr: float = 0.01
    ascent: bool = False
    steps_per_click: int = 1
    auto_forward: bool = True
    auto_backward: bool = False
    plot_var: str | None = None
    x0: float | None = None  # where the tangent touches the curve
    h: float = 1e-3
    x_range: tuple[float, float] | None = None
    history: list[float] = field(default_factory=list)  # output after each step; nan if it overflowed
    training: SavedLab | None = None  # the Training lab's settings and what it trains
    weights: list[float] | None = None  # the text's network's weights, in model.parameters() order

    def __eq__(self, other: object) -> bool:
        # nan == nan for the history, so a document equals its own round trip.
        if not isinstance(other, SessionDocument):
            return NotImplemented
        return document_to_data(self) == document_to_data(other)


# -- writing -----------------------------------------------------------------------------


def document_to_data(doc: SessionDocument) -> dict[str, Any]:
    """The JSON-ready dict of ``doc`` (non-finite history entries become null)."""
    from .. import __version__

    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "text": doc.text,
        "values": {name: float(v) for name, v in doc.values.items()},
        "parameters": None if doc.parameters is None else list(doc.parameters),
        "lr": float(doc.lr),
        "ascent": bool(doc.ascent),
        "steps_per_click": int(doc.steps_per_click),
        "auto_forward": bool(doc.auto_forward),
        "auto_backward": bool(doc.auto_backward),
        "plot_var": doc.plot_var,
        "x0": None if doc.x0 is None else float(doc.x0),
        "h": float(doc.h),
        "x_range": None if doc.x_range is None else [float(doc.x_range[0]), float(doc.x_range[1])],
        "history": [float(v) if math.isfinite(v) else None for v in doc.history],
        "training": None if doc.training is None else _lab_to_data(doc.training),
        "weights": None if doc.weights is None else [float(w) for w in doc.weights],
    }
    return data


def _lab_to_data(saved: SavedLab) -> dict[str, Any]:
    data: dict[str, Any] = {"source": saved.source}
    for f in fields(LabSettings):
        value = getattr(saved.settings, f.name)
        data[f.name] = list(value) if isinstance(value, tuple) else value
    return data


def document_to_json(doc: SessionDocument) -> str:
    """``doc`` as the text of a ``.gexp`` file. Raises FileFormatError for a value
    that JSON cannot hold (an infinite learning rate...)."""
    try:
        return json.dumps(document_to_data(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (ValueError, TypeError, OverflowError):
        raise FileFormatError("This session holds a number that cannot be saved (infinite or not a "
                              "number); reset the values and save again.") from None


def write_document(doc: SessionDocument, path: str | os.PathLike[str]) -> Path:
    """Save ``doc`` to ``path`` atomically (the old file stays whole if this fails).

    Raises FileFormatError (unsavable value) or ExportError (folder not writable,
    disk full...), each with a sentence for the user."""
    text = document_to_json(doc)
    atomic_write_text(path, text)
    return Path(path)


# -- reading ------------------------------------------------------------------------------


def read_document(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> SessionDocument:
    """Read and check a ``.gexp`` file. Raises FileFormatError, never anything else."""
    path = Path(path)
    name = path.name or str(path)
    raw = read_user_file(path, max_bytes=max_bytes, what="a session file")
    return document_from_json(raw, name=name)


def document_from_json(raw: bytes | str, *, name: str = "This file") -> SessionDocument:
    """Parse and check the text of a ``.gexp`` file. Raises FileFormatError."""
    return document_from_data(load_json(raw, name=name), name=name)


def load_json(raw: bytes | str, *, name: str = "This file") -> object:
    """Decode JSON from an untrusted file: UTF-8 only, no NaN/Infinity, no
    100-digit numbers, nesting depth errors caught. Raises FileFormatError."""
    who = f"'{name}'" if name != "This file" else name
    text = decode_text(raw, who, what="a session file") if isinstance(raw, bytes) else raw
    if not text.strip():
        raise FileFormatError(f"{who} is empty.")
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_parse_int,
                          parse_float=_parse_float)
    except _BadNumber as exc:
        raise FileFormatError(f"{who} is damaged: it holds {exc}, which a session never does.") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos == len(text) - len(text.lstrip()):
            raise FileFormatError(f"{who} is not a session file (it is not JSON text).") from None
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise FileFormatError(f"{who} is damaged: it ends too early ({where}); "
                                  "it may be truncated.") from None
        raise FileFormatError(f"{who} is damaged: it is not valid JSON ({exc.msg} at {where}).") from None
    except RecursionError:
        raise FileFormatError(f"{who} is not a session file (its data is nested too deeply).") from None
    except (ValueError, MemoryError):
        raise FileFormatError(f"{who} is not a session file (its data could not be read).") from None


class _BadNumber(ValueError):
    pass


def _refuse_constant(token: str) -> float:
    raise _BadNumber(f"'{token}'")


def _parse_int(token: str) -> int:
    if len(token.lstrip("-")) > _MAX_DIGITS:
        raise _BadNumber(f"a number {len(token)} digits long")
    return int(token)


def _parse_float(token: str) -> float:
    if len(token) > _MAX_DIGITS + 20:
        raise _BadNumber(f"a number {len(token)} characters long")
    value = float(token)
    if not math.isfinite(value):
        raise _BadNumber(f"the number {token[:20]} (too large for a float)")
    return value


def document_from_data(data: object, *, name: str = "This file") -> SessionDocument:
    """Check decoded JSON and build a SessionDocument. Raises FileFormatError."""
    who = f"'{name}'" if name != "This file" else name
    if not isinstance(data, dict):
        raise FileFormatError(f"{who} is not a Gradient Explorer session (it holds a "
                              f"{_json_type(data)}, not an object).")
    if data.get("format") != FORMAT:
        raise FileFormatError(f"{who} is not a Gradient Explorer session (its 'format' is not {FORMAT!r}).")
    version = data.get("version")
    if not _is_int(version) or version < 1:
        raise FileFormatError(f"{who} is damaged: its 'version' must be a whole number of 1 or more.")
    if version > VERSION:
        raise FileFormatError(f"{who} was saved by a newer Gradient Explorer (file version {version}; "
                              f"this one reads version {VERSION}): please update.")
    check = _Checker(who, data)
    defaults = SessionDocument()
    text = check.string("text", required=True, limit=MAX_TEXT_CHARS)
    values = check.values("values")
    parameters = check.names("parameters")
    h = check.number("h", defaults.h)
    if h <= 0:
        raise check.bad("h", "be a number above zero")
    x_range = check.pair("x_range")
    return SessionDocument(
        text=text,
        values=values,
        parameters=parameters,
        lr=check.number("lr", defaults.lr),
        ascent=check.boolean("ascent", defaults.ascent),
        steps_per_click=check.whole("steps_per_click", defaults.steps_per_click, low=1, high=1_000_000),
        auto_forward=check.boolean("auto_forward", defaults.auto_forward),
        auto_backward=check.boolean("auto_backward", defaults.auto_backward),
        plot_var=check.name_or_none("plot_var"),
        x0=check.number_or_none("x0"),
        h=h,
        x_range=x_range,
        history=check.history("history"),
        training=check.training("training"),
        weights=check.weights("weights"),
    )


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _json_type(x: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "true/false",
            type(None): "null", dict: "object"}.get(type(x), type(x).__name__)


class _Checker:
    """Reads one field at a time; a missing optional field takes its default."""

    def __init__(self, who: str, data: dict, prefix: str = ""):
        self.who = who
        self.data = data
        self.prefix = prefix

    def bad(self, key: str, wanted: str) -> FileFormatError:
        """``wanted`` finishes "'key' must ...": "be a finite number", "hold names"."""
        return FileFormatError(f"{self.who} is damaged: '{self.prefix}{key}' must {wanted}.")

    def string(self, key: str, *, required: bool = False, limit: int = MAX_NAME_CHARS) -> str:
        if key not in self.data and not required:
            return ""
        v = self.data.get(key)
        if not isinstance(v, str):
            raise self.bad(key, "be text")
        if len(v) > limit:
            raise self.bad(key, f"be at most {limit:,} characters")
        return v

    def number(self, key: str, default: float) -> float:
        v = self.data.get(key, default)
        if not _is_number(v):
            raise self.bad(key, "be a finite number")
        return float(v)

    def number_or_none(self, key: str) -> float | None:
        v = self.data.get(key)
        return None if v is None else self.number(key, 0.0)

    def whole(self, key: str, default: int, *, low: int, high: int) -> int:
        v = self.data.get(key, default)
        if not _is_int(v) or not low <= v <= high:
            raise self.bad(key, f"be a whole number from {low:,} to {high:,}")
        return v

    def boolean(self, key: str, default: bool) -> bool:
        v = self.data.get(key, default)
        if not isinstance(v, bool):
            raise self.bad(key, "be true or false")
        return v

    def _name(self, key: str, v: object) -> str:
        if not isinstance(v, str) or not v or len(v) > MAX_NAME_CHARS:
            raise self.bad(key, f"hold names (text of 1 to {MAX_NAME_CHARS} characters)")
        return v

    def name_or_none(self, key: str) -> str | None:
        v = self.data.get(key)
        return None if v is None else self._name(key, v)

    def names(self, key: str) -> list[str] | None:
        v = self.data.get(key)
        if v is None:
            return None
        if not isinstance(v, list) or len(v) > MAX_LEAVES:
            raise self.bad(key, "be a list of leaf names")
        return [self._name(key, item) for item in v]

    def values(self, key: str) -> dict[str, float]:
        v = self.data.get(key, {})
        if not isinstance(v, dict) or len(v) > MAX_LEAVES:
            raise self.bad(key, "be an object of leaf names and numbers")
        out: dict[str, float] = {}
        for name, number in v.items():
            self._name(key, name)
            if not _is_number(number):
                raise self.bad(key, f"hold finite numbers ('{name[:40]}' is not one)")
            out[name] = float(number)
        return out

    def pair(self, key: str) -> tuple[float, float] | None:
        v = self.data.get(key)
        if v is None:
            return None
        if (not isinstance(v, list) or len(v) != 2 or not all(map(_is_number, v))
                or not float(v[0]) < float(v[1])):
            raise self.bad(key, "be null or [low, high] with low below high")
        return float(v[0]), float(v[1])

    def history(self, key: str) -> list[float]:
        v = self.data.get(key, [])
        if not isinstance(v, list) or len(v) > MAX_HISTORY:
            raise self.bad(key, f"be a list of at most {MAX_HISTORY:,} numbers")
        out = []
        for item in v:
            if item is None:  # a step whose output overflowed
                out.append(math.nan)
            elif _is_number(item):
                out.append(float(item))
            else:
                raise self.bad(key, "be a list of numbers")
        return out

    def training(self, key: str) -> SavedLab | None:
        """The Training lab's settings: every one (this version), or the learning
        rate, steps, weight seed and zero-grad switch the old Training panel saved."""
        v = self.data.get(key)
        if v is None:
            return None
        if not isinstance(v, dict):
            raise self.bad(key, "be an object of training settings")
        sub = _Checker(self.who, v, prefix="training.")
        d = LabSettings()
        if "source" not in v:
            # A file of the old Training panel: its settings, brought within the lab's
            # limits (it allowed more steps), on the text's network as it trained.
            seed = sub.whole("seed", d.init_seed, low=0, high=2**63 - 1)
            settings = LabSettings(lr=min(sub.number("lr", d.lr), MAX_LR),
                                   steps=min(sub.whole("steps", d.steps, low=1, high=10**9), MAX_STEPS),
                                   init_seed=seed if seed < 2**32 else d.init_seed,
                                   zero_grad=sub.boolean("zero_grad", d.zero_grad))
            source = "document"
        else:
            source = sub.choice("source", SOURCES)
            given: dict[str, Any] = {}
            for f in fields(LabSettings):
                default = getattr(d, f.name)
                if f.name not in v:
                    continue
                if isinstance(default, bool):
                    given[f.name] = sub.boolean(f.name, default)
                elif isinstance(default, int):
                    given[f.name] = sub.whole(f.name, default, low=0, high=2**63)
                elif isinstance(default, float):
                    given[f.name] = sub.number(f.name, default)
                elif isinstance(default, str):
                    given[f.name] = sub.string(f.name, required=True)
                else:  # the hidden layers' sizes
                    sizes = v[f.name]
                    if not isinstance(sizes, list) or len(sizes) > 100 or not all(map(_is_int, sizes)):
                        raise sub.bad(f.name, "be a list of layer sizes (whole numbers)")
                    given[f.name] = tuple(sizes)
            settings = LabSettings(**given)
        try:
            settings.checked().make_dataset()  # the points' number, noise and seed too
        except TrainingRunError as exc:
            raise FileFormatError(f"{self.who} has a training setting the lab refuses: {exc}") from None
        return SavedLab(settings, source)

    def weights(self, key: str) -> list[float] | None:
        v = self.data.get(key)
        if v is None:
            return None
        if not isinstance(v, list) or len(v) > MAX_LEAVES or not all(map(_is_number, v)):
            raise self.bad(key, f"be a list of at most {MAX_LEAVES:,} finite numbers")
        return [float(w) for w in v]

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        v = self.data.get(key)
        if v not in tuple(allowed):
            raise self.bad(key, f"be one of {', '.join(map(repr, allowed))}")
        return v


def document_text(doc: SessionDocument) -> str:
    """The expression with the saved leaf values written into its numbers: the graph
    as it was when saved, for tools that read text (the command line). The text
    as saved when it does not parse."""
    if not doc.values:
        return doc.text
    try:
        from ..lang import parse

        program = parse(doc.text)
        moved = {name: value for name, value in doc.values.items()
                 if name in program.leaves and program.leaves[name].value != value}
        return program.with_values(moved) if moved else doc.text
    except ExplorerError:
        return doc.text


# -- recent files -----------------------------------------------------------------------------


class RecentFiles:
    """The File > Open Recent list: newest first, no duplicates, at most ``limit``.

    Stored as a small JSON list in the per-user state folder (next to the
    autosaves); a damaged list is ignored, never an error."""

    def __init__(self, paths: Iterable[str] = (), *, limit: int = 10, store: Path | None = None):
        self.limit = limit
        self.store = store
        self.paths: list[str] = []
        for p in paths:
            if isinstance(p, str) and p and p not in self.paths:
                self.paths.append(p)
        del self.paths[limit:]

    @classmethod
    def load(cls, store: Path | None = None, *, limit: int = 10) -> RecentFiles:
        if store is None:
            from ..userdirs import state_dir

            store = state_dir() / "recent.json"
        try:
            raw = store.read_bytes()[:1_000_000] if store.stat().st_size <= 1_000_000 else b""
            data = json.loads(raw.decode("utf-8"))
            paths = data.get("recent", []) if isinstance(data, dict) else []
        except (OSError, ValueError, RecursionError, UnicodeDecodeError):
            paths = []
        return cls(paths if isinstance(paths, list) else [], limit=limit, store=store)

    def save(self) -> None:
        """Write the list (quietly: a recent-files list is not worth an error dialog)."""
        if self.store is None:
            return
        try:
            from ..fileio import atomic_write_text

            self.store.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.store, json.dumps({"recent": self.paths}, indent=1))
        except (OSError, ExplorerError):
            pass

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` at the top (moving it if it was already in the list)."""
        p = _normalise(path)
        if p in self.paths:
            self.paths.remove(p)
        self.paths.insert(0, p)
        del self.paths[self.limit:]

    def remove(self, path: str | os.PathLike[str]) -> None:
        p = _normalise(path)
        if p in self.paths:
            self.paths.remove(p)

    def clear(self) -> None:
        self.paths.clear()

    def existing(self) -> list[str]:
        """The paths that still exist (the menu greys out or drops the others)."""
        return [p for p in self.paths if os.path.isfile(p)]

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _normalise(path: str | os.PathLike[str]) -> str:
    """An absolute path, so the same file opened two ways is listed once."""
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(os.fspath(path))
