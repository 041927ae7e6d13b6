"""Gradient Explorer: see how gradients flow through a computation.

    from explorer import Value, draw_dot

``draw_dot`` (Graphviz through pygraphviz) is imported on first use, so
``import explorer`` stays light for scripts that only need the engine.
"""

__version__ = "0.1.0"

from .engine import EngineError, ExplorerError, Graph, Value, gradcheck  # noqa: E402

__all__ = ["Value", "Graph", "gradcheck", "draw_dot", "ExplorerError", "EngineError", "__version__"]


def __getattr__(name: str):
    if name == "draw_dot":
        from .viz.notebook import draw_dot

        return draw_dot
    raise AttributeError(f"module 'explorer' has no attribute {name!r}")
