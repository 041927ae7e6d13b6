"""The lecture's PyTorch cell, read as scalar Values: no PyTorch needed.

    x1 = torch.Tensor([2.0]).double()   ; x1.requires_grad = True
    o = torch.tanh(n); o.backward(); x1.grad.item()

``torch.Tensor([2.0])`` (or ``torch.tensor(2.0)``) is a leaf holding 2.0, exactly like
``Value(2.0)``; ``.double()``/``.float()`` keep it as it is (every number here is a
double); ``torch.tanh``, ``torch.exp``, ... are the op table's functions; ``.item()``
reads the number. The walker does the rest as for Values.
"""

from __future__ import annotations

import ast

__all__ = ["torch_plan"]

_FUNCTIONS = ("tanh", "exp", "log", "relu", "sigmoid")
_KEYWORDS = ("dtype", "requires_grad", "device")


def torch_plan(walker, node: ast.Call):
    """(sub-expressions, plan) for ``torch.<something>(...)``, as the walker's
    :meth:`call_plan` returns them."""
    attr = node.func.attr
    if attr in _FUNCTIONS:
        return (walker._one_arg(node, f"torch.{attr}"),), ("fn", attr)
    if attr in ("Tensor", "tensor"):
        for kw in node.keywords:
            if kw.arg not in _KEYWORDS:
                raise walker.error(kw, f"torch.{attr}(...) takes a number, like torch.{attr}([2.0])")
        if len(node.args) != 1:
            raise walker.error(node, f"torch.{attr}(...) takes one number, like torch.{attr}([2.0])")
        data = node.args[0]
        if isinstance(data, (ast.List, ast.Tuple)):
            if len(data.elts) != 1:
                raise walker.error(data, "only tensors of one number are understood here, like "
                                         f"torch.{attr}([2.0])")
            data = data.elts[0]
        return (data,), ("Value", None)
    raise walker.error(node.func, f"'torch.{attr}' is not understood here; scalar tensors "
                                  "(torch.Tensor([2.0])), torch.tanh, torch.exp and .backward() are")
