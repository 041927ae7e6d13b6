"""The autograd engine: pure Python, importable on its own.

    from explorer.engine import Value, Graph, gradcheck
"""

from .errors import EngineError, ExplorerError
from .gradcheck import GradCheck, gradcheck
from .graph import Graph
from .ops import OPS, Op
from .value import Value, sum_values, topological_order

__all__ = [
    "Value", "Graph", "gradcheck", "GradCheck", "sum_values", "topological_order",
    "OPS", "Op", "ExplorerError", "EngineError",
]
