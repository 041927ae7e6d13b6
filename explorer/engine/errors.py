"""The project's one error family (DESIGN decision 6).

Every failure a user can cause ends in a subclass of :class:`ExplorerError` whose
message is a sentence a learner understands. It lives in the engine because the
engine imports nothing else from the package; ``explorer.errors`` re-exports it.
"""

from __future__ import annotations


class ExplorerError(Exception):
    """Base of every error Gradient Explorer reports to a person."""


class EngineError(ExplorerError):
    """Arithmetic the engine cannot do (log of a negative number, division by zero),
    or a value that is not a number. Names the node and the op when there is one."""

    def __init__(self, message: str, node=None, op: str | None = None):
        super().__init__(message)
        self.node = node
        self.op = op
