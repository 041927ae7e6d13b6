"""The Examples menu: the lecture, in order, as files shipped inside the package.

The examples live in ``explorer/resources/examples/``: one text file per example
(plain math or micrograd code, exactly as the lecture writes it) and
``index.json``, which gives their order, titles and the settings each one opens
with (the plot variable for ``f(x)``, ascent for the ``L`` graph...). They are read
with :mod:`importlib.resources`, so they are found the same way in a source
checkout, an installed wheel, a zip and a PyInstaller bundle.

Opening an example gives a new *untitled* document: Save asks where to put it,
so an example is never overwritten by accident.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import ExplorerError
from .document import SessionDocument, document_from_data, document_to_data

if TYPE_CHECKING:
    from importlib.abc import Traversable  # importlib.resources.abc from Python 3.11 on

__all__ = ["Example", "examples", "example", "examples_folder"]


@dataclass(frozen=True)
class Example:
    key: str  # stable name: "derivative", "L", "neuron", "training"...
    title: str  # the menu text
    summary: str  # the menu's tooltip / status tip
    text: str  # the expression text
    settings: dict[str, Any] = field(default_factory=dict)  # SessionDocument fields to set
    training: bool = False  # opens the Training lab on the text's network

    def document(self) -> SessionDocument:
        """The session this example opens as (checked like a file would be)."""
        data = document_to_data(SessionDocument(text=self.text))
        data.update(self.settings)
        return document_from_data(data, name=f"example '{self.key}'")


def examples_folder() -> Traversable:
    """Where the example files are (a folder, or a place inside a zip or bundle)."""
    return resources.files("explorer") / "resources" / "examples"


@lru_cache(maxsize=1)
def _load() -> tuple[Example, ...]:
    folder = examples_folder()
    try:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        entries = index["examples"]
        out = []
        for entry in entries:
            text = (folder / entry["file"]).read_text(encoding="utf-8")
            out.append(Example(entry["key"], entry["title"], entry.get("summary", ""), text,
                               dict(entry.get("settings", {})), bool(entry.get("training", False))))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Only a broken installation gets here: the files ship with the package.
        raise ExplorerError(f"The examples could not be loaded ({exc}); try reinstalling.") from None
    return tuple(out)


def examples() -> list[Example]:
    """Every example, in the lecture's order."""
    return list(_load())


def example(key: str) -> Example:
    """The example named ``key`` (see :func:`examples`)."""
    for ex in _load():
        if ex.key == key:
            return ex
    raise ExplorerError(f"There is no example called '{key}'; try one of: "
                        f"{', '.join(e.key for e in _load())}.")
