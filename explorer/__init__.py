"""Gradient Explorer: see how gradients flow through a computation.

    from explorer import Value, draw_dot
"""

__version__ = "0.1.0"

from .engine import EngineError, ExplorerError, Graph, Value, gradcheck  # noqa: E402

__all__ = ["Value", "Graph", "gradcheck", "ExplorerError", "EngineError", "__version__"]
