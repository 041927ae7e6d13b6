"""The lecture's last part: ``MLP(3, [4, 4, 1])``, its data and its loss, still read
by whitelist and never run.

What is understood, on top of everything :class:`~explorer.lang.walker.Walker` reads:

* ``n = MLP(3, [4, 4, 1])`` (also ``Neuron(2)``, ``Layer(2, 3)``, ``nn.MLP(...)``;
  keywords ``activation=``, ``output=``, ``nonlin=``, ``seed=``): the engine's own
  network, its weights drawn as Python would after ``random.seed(0)`` (or the text's
  own ``random.seed(n)``; ``seed=`` gives a network its own stream), so a text always
  builds the same graph; after ``from micrograd.nn import ...`` it is micrograd's
  network (relu, a linear last layer, biases at 0);
* ``X, y = make_moons(n_samples=100, noise=0.1)`` (scikit-learn's, drawn after the
  text's ``np.random.seed(n)``) and numpy arithmetic on it, like ``y = y*2 - 1``;
* lists of numbers: ``x = [2.0, 3.0, -1.0]``, ``xs = [[...], ...]``, ``ys = [...]``,
  ``xs[0]``, ``len(ys)``;
* calls of a network: ``n(x)``;
* one-``for`` comprehensions without ``if``: ``[n(x) for x in xs]`` and
  ``sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))`` (``sum`` is one Σ node).

The program then tells a training view what it needs: ``model``, ``dataset``
(``xs``, ``ys``) and ``loss_name``; and, when its loss is one the Training lab
trains with (squared error, or micrograd's hinge loss with its L2 term),
``training``: a :class:`~explorer.lang.training.TrainingSetup` saying which.
"""

from __future__ import annotations

import ast

import numpy as np

from ..engine import EngineError, Value, sum_values
from ..engine.datasets import DatasetError, sklearn_make_moons
from ..engine.nn import MLP, Layer, Module, Neuron
from .builtins import Builtins
from .expressions import _BINOPS, _MISSING, _reason
from .grouping import run_network
from .records import MAX_NODES, ModuleRef, Skip, UserFunction, WalkResult
from .training import Dataset, TrainingSetup, recognise_loss
from .walker import Walker

__all__ = ["ModelWalker", "Dataset", "TrainingSetup"]

_CONSTRUCTORS = {"MLP": MLP, "Neuron": Neuron, "Layer": Layer}
# What a network's parts are called, in the lecture's classes and micrograd's:
# n.layers[0].neurons[0].w[0].grad
_MEMBERS = {MLP: ("layers",), Layer: ("neurons",), Neuron: ("w", "b")}
_ACTIVATIONS = ("tanh", "relu", "linear")


class Predictions(list):
    """The list ``[n(x) for x in xs]``: remembers which inputs it came from."""

    inputs: list | None = None


class ModelWalker(Builtins, Walker):
    """The walker, plus networks, lists and comprehensions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model_calls = 0  # model calls seen while a comprehension runs

    # -- expressions -------------------------------------------------------------------

    def kids_other(self, node):
        kind = type(node)
        if kind is ast.Attribute and node.attr in ("layers", "neurons", "w", "b"):
            return (node.value,), ("member", node.attr)
        if kind is ast.List:
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    raise self.error(elt, "'*' before a name is not supported")
            return tuple(node.elts), ("list",)
        if kind is ast.Subscript:
            if isinstance(node.slice, (ast.Slice, ast.Tuple)):
                raise Skip("slicing numpy arrays is not part of the graph")
            return (node.value,), ("index", self._index(node.slice))
        if kind in (ast.ListComp, ast.GeneratorExp):
            gens = node.generators
            if len(gens) != 1:
                raise self.error(node, "only one 'for' is understood here, like [n(x) for x in xs]")
            gen = gens[0]
            if gen.ifs:
                raise self.error(gen.ifs[0], "'if' inside [...] is not understood here")
            if gen.is_async:
                raise self.error(node, "'async for' is not understood here")
            names = _target_names(gen.target)
            if names is None:
                raise self.error(gen.target, "write the loop variables as names, like 'for x in xs' or "
                                             "'for ygt, yout in zip(ys, ypred)'")
            return (gen.iter,), ("comp", names)
        return super().kids_other(node)

    def _index(self, node) -> int:
        negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        inner = node.operand if negative else node
        if not (isinstance(inner, ast.Constant) and type(inner.value) is int):
            raise self.error(node, "pick an element with a whole number, like xs[0]")
        return -inner.value if negative else inner.value

    def call_plan(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                isinstance(self.env.get(func.value.id), ModuleRef) and func.attr in _CONSTRUCTORS:
            # nn.MLP(...) after `from micrograd import nn`
            return (), ("model", self._model_spec(node, func.attr))
        if isinstance(func, ast.Attribute) and func.attr == "parameters" and not node.args and \
                not node.keywords:
            return (func.value,), ("parameters",)
        return super().call_plan(node)

    def call_other(self, node: ast.Call, bound):
        name = node.func.id
        if isinstance(bound, Module):
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                raise self.error(node, f"'{name}' takes one list of inputs, like {name}([2.0, 3.0, -1.0])")
            return (node.args[0],), ("call_model", bound)
        if bound is not _MISSING:
            return None
        if name in _CONSTRUCTORS:
            return (), ("model", self._model_spec(node, name))
        if name == "make_moons":
            return (), ("moons", self._moons_spec(node))
        if name == "sum":
            if len(node.args) != 1 or node.keywords:
                raise self.error(node, "sum(...) takes one list, like sum((yout - ygt)**2 for ...)")
            return (node.args[0],), ("sum",)
        if name == "zip":
            if not node.args or node.keywords:
                raise self.error(node, "zip(...) takes lists, like zip(ys, ypred)")
            return tuple(node.args), ("zip",)
        if name == "len":
            if len(node.args) != 1 or node.keywords:
                raise self.error(node, "len(...) takes one list")
            return (node.args[0],), ("len",)
        return super().call_other(node, bound)

    def _model_spec(self, node: ast.Call, name: str) -> tuple:
        """The constructor's arguments, read from the text (they must be written out)."""
        wants = {"MLP": ("inputs", "layer sizes"), "Neuron": ("inputs",),
                 "Layer": ("inputs", "outputs")}[name]
        example = {"MLP": "MLP(3, [4, 4, 1])", "Neuron": "Neuron(2)", "Layer": "Layer(2, 3)"}[name]
        if len(node.args) != len(wants):
            raise self.error(node, f"write {example}: {' and '.join(wants)}")
        sizes = []
        for arg, what in zip(node.args, wants):
            if what == "layer sizes":
                if not isinstance(arg, ast.List) or not arg.elts:
                    raise self.error(arg, f"the layer sizes are a list of whole numbers, like {example}")
                sizes.append([self._size(e) for e in arg.elts])
            else:
                sizes.append(self._size(arg))
        options = {}
        for kw in node.keywords:
            value = kw.value
            if kw.arg in ("activation", "output") and isinstance(value, ast.Constant) and \
                    value.value in _ACTIVATIONS:
                options[kw.arg] = value.value
            elif kw.arg == "seed" and isinstance(value, ast.Constant) and type(value.value) is int:
                options["seed"] = value.value
            elif kw.arg == "nonlin" and isinstance(value, ast.Constant) and isinstance(value.value, bool):
                options["activation"] = "relu" if value.value else "linear"  # micrograd's keyword
            else:
                raise self.error(kw, "only activation='tanh'|'relu'|'linear', output=... and seed=<whole "
                                     "number> can be given")
        if name != "MLP" and "output" in options:
            raise self.error(node, "output= is only for an MLP")
        widths = [sizes[0], *(sizes[1] if name == "MLP" else sizes[1:])]
        weights = sum((widths[i] + 1) * widths[i + 1] for i in range(len(widths) - 1)) if len(widths) > 1 \
            else widths[0] + 1
        if weights > MAX_NODES:
            raise self.error(node, f"this network has {weights:,} weights; the limit is {MAX_NODES:,}")
        return (name, sizes, options)

    def _moons_spec(self, node: ast.Call) -> dict:
        """make_moons's arguments, written out as numbers (scikit-learn's names)."""
        spec = {}
        names = ("n_samples", "noise", "random_state", "shuffle")
        given = list(zip(names, node.args)) + [(kw.arg, kw.value) for kw in node.keywords]
        for key, value in given:
            if key not in names or not isinstance(value, ast.Constant):
                raise self.error(value, "write make_moons(n_samples=100, noise=0.1) with numbers")
            spec[key] = value.value
        return spec

    def _size(self, node) -> int:
        if not (isinstance(node, ast.Constant) and type(node.value) is int and 1 <= node.value <= 100_000):
            raise self.error(node, "a size is a whole number of at least 1")
        return node.value

    def atom(self, node, plan):
        if plan is not None and plan[0] in ("model", "moons"):
            return self.combine_other(node, (), plan, ())
        return super().atom(node, plan)

    def combine_other(self, node, kids, plan, args):
        what = plan[0]
        if what == "list":
            self.spend(len(args), node)
            for item, kid in zip(args, kids):
                if isinstance(item, (UserFunction, Module)):
                    raise self.error(kid, "a list holds numbers or values")
            return list(args)
        if what == "index":
            seq = args[0]
            if not isinstance(seq, (list, tuple)):
                raise self.error(kids[0], "only a list can be indexed with [...]")
            if not -len(seq) <= plan[1] < len(seq):
                raise self.error(node, f"there is no element {plan[1]}: the list has {len(seq)}")
            return seq[plan[1]]
        if what == "comp":
            return self._comprehension(node, kids[0], args[0], plan[1])
        if what == "model":
            return self._make_model(node, *plan[1])
        if what == "moons":
            spec = dict(plan[1])
            if spec.get("random_state") is None:
                if self.np_rng is None:
                    self.note(node, "make_moons draws its points as after np.random.seed(0); write "
                                    "np.random.seed(n) above it to choose")
                    self.np_rng = np.random.RandomState(0)
                spec["random_state"] = self.np_rng
            try:
                return sklearn_make_moons(**spec)
            except DatasetError as exc:
                raise self.error(node, str(exc).rstrip(".")) from None
        if what == "call_model":
            return self._call_model(node, plan[1], kids[0], args[0])
        if what == "sum":
            return self._sum(node, kids[0], args[0])
        if what == "member":
            owner = args[0]
            if plan[1] not in _MEMBERS.get(type(owner), ()):
                raise self.error(node, f"'.{plan[1]}' is a part of a network: n.layers, n.layers[0].neurons, "
                                       "a neuron's .w and .b")
            part = getattr(owner, plan[1])
            return list(part) if isinstance(part, list) else part
        if what == "parameters":
            if not isinstance(args[0], Module):
                raise self.error(kids[0], "only a network has .parameters()")
            return list(args[0].parameters())
        if what == "zip":
            lists = [self.as_items(item) for item in args]
            for items, kid in zip(lists, kids):
                if items is None:
                    raise self.error(kid, "zip(...) takes lists")
            zipped = list(zip(*lists))
            args = lists
            for a in args:
                if isinstance(a, Predictions):
                    others = [b for b in args if b is not a]
                    if len(others) == 1:
                        self.extras["targets"] = others[0]
                        self.extras["predictions"] = a
            return zipped
        if what == "len":
            items = self.as_items(args[0])
            if items is None:
                raise self.error(kids[0], "len(...) takes a list")
            return float(len(items))
        return super().combine_other(node, kids, plan, args)

    def binop(self, node, kids, left, right):
        if isinstance(left, np.ndarray) or isinstance(right, np.ndarray):
            # y*2 - 1 on make_moons's labels: numpy arithmetic, as in the notebook.
            for x, kid in ((left, kids[0]), (right, kids[1])):
                if not isinstance(x, (np.ndarray, float)):
                    raise self.error(kid, "a numpy array is combined with numbers here, like y*2 - 1")
            with np.errstate(all="ignore"):
                return _BINOPS[type(node.op)][1](left, right)
        return super().binop(node, kids, left, right)

    def _operand(self, x, node):
        if isinstance(x, (list, tuple)):
            raise self.error(node, "a list cannot be used in arithmetic; pick one element, like xs[0]")
        if isinstance(x, Module):
            raise self.error(node, "a network is called with its inputs, like n(x)")
        return super()._operand(x, node)

    def _comprehension(self, node, iter_node, items, names: list[str]):
        items = self.as_items(items)
        if items is None:
            raise self.error(iter_node, "the 'for' must go over a list, like 'for x in xs'")
        elt = node.elt
        self.spend(2 * len(items), node)  # before the first iteration: nested loops multiply
        out = []
        saved = self.scope
        calls_before = self.model_calls
        try:
            for item in items:
                scope = dict(saved) if saved else {}
                if len(names) == 1:
                    scope[names[0]] = item
                else:
                    if not isinstance(item, (tuple, list)) or len(item) != len(names):
                        raise self.error(node.generators[0].target,
                                         f"each element does not have {len(names)} parts to unpack")
                    scope.update(zip(names, item))
                self.scope = scope
                out.append(self.evaluate(elt))
        finally:
            self.scope = saved
        if self.model_calls > calls_before and len(names) == 1:
            # [n(x) for x in xs]: predictions, and xs the network's inputs.
            predictions = Predictions(out)
            predictions.inputs = items
            self.extras["inputs"] = items
            return predictions
        return out

    def _make_model(self, node, name: str, sizes: list, options: dict) -> Module:
        options = dict(options)
        if "seed" not in options:
            options["rng"] = self.rng  # one stream for the whole text, as Python's random is
        options["style"] = self.flavour
        try:
            if name == "MLP":
                model = MLP(sizes[0], sizes[1], **options)
            else:
                model = _CONSTRUCTORS[name](*sizes, **options)
        except EngineError as exc:
            raise self.error(node, _reason(exc)) from None
        for p in model.parameters():
            self._new(p, node)
            self.labelled.add(p)  # `w = n.layers[0].neurons[0].w[0]` keeps its label L1.n1.w1
        return model

    def _call_model(self, node, model: Module, arg_node, x):
        if isinstance(x, (float, Value)):
            x = [x]
        if not isinstance(x, list) or not all(type(v) in (float, Value) for v in x):
            raise self.error(arg_node, "a network takes a list of numbers, like [2.0, 3.0, -1.0]")
        try:
            out = run_network(self, model, x, node)  # model(x), neuron by neuron
        except EngineError as exc:
            raise self.error(node, _reason(exc)) from None
        self.model_calls += 1
        outs = out if isinstance(out, list) else [out]
        self._adopt(outs, node)
        if type(out) is Value:  # a score: which input made it, for the dataset of a loss over it
            self.extras.setdefault("scores", {})[out] = [v if type(v) is float else v.data for v in x]
        for v in outs:  # last among the nodes written at this call: what the call stands for
            self.spans[v] = self.spans.pop(v)
        return out

    def _sum(self, node, arg_node, items):
        items = self.as_items(items)
        if items is None:
            raise self.error(arg_node, "sum(...) takes a list, like sum((yout - ygt)**2 for ...)")
        self.spend(len(items), node)
        items = [float(v) if type(v) is bool else v for v in items]  # sum(accuracy): True counts 1
        for item in items:
            if type(item) not in (float, Value):
                raise self.error(arg_node, "sum(...) adds numbers or values")
        if all(type(v) is float for v in items):
            return float(sum(items))
        out = sum_values(items)
        self._adopt([out], node)
        self.extras["sum_value"] = out
        return out

    def _adopt(self, outputs: list, node) -> None:
        """Give the nodes the engine just made a place in the text and count them."""
        stack = list(outputs)
        spans = self.spans
        while stack:
            v = stack.pop()
            if v in spans:
                continue
            self._new(v, node)
            stack.extend(v.children)

    # -- statements --------------------------------------------------------------------

    def bind_other(self, target, result, value_node) -> bool:
        name = target.id
        if isinstance(result, Module):
            self.env[name] = result
            self.extras["model"] = result
            self._record("model", target, name)
            return True
        if isinstance(result, (list, tuple, np.ndarray)):
            self.env[name] = result
            self._record("data", target, name)
            return True
        return False

    def expression_statement(self, stmt: ast.Expr) -> None:
        value = stmt.value
        if isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                    isinstance(self.env.get(func.value.id), Module):
                raise Skip("the network's weights are the leaves of the graph")
            if isinstance(func, ast.Name) and func.id == "len":
                raise Skip("the graph shows every value")
        super().expression_statement(stmt)

    def finish(self, result: WalkResult) -> None:
        model = self.extras.get("model")
        if model is None:
            return
        inputs = self.extras.get("inputs")
        targets = self.extras.get("targets")
        if inputs is None or targets is None or len(inputs) != len(targets):
            inputs, targets = _guess_data(self.env, model)
        if inputs is not None and targets is not None:
            try:
                xs = [[_number(v) for v in (row if isinstance(row, list) else [row])] for row in inputs]
                ys = [_number(v) for v in targets]
                self.extras["dataset"] = Dataset(xs, ys)
            except TypeError:
                pass
        root = result.root
        if root is not None and result.root_name and _depends_on(root, set(model.parameters())):
            self.extras["loss_name"] = result.root_name if inputs is not None else None
        self._training(result, model)

    def _training(self, result: WalkResult, model: Module) -> None:
        """``Program.training``: the output, or else the last value a name holds, when
        it is one of the Training lab's losses of this network."""
        scores = self.extras.get("scores")
        if not isinstance(model, MLP) or not scores:
            return
        candidates = [(result.root_name, result.root)] if result.root is not None else []
        candidates += [(name, v) for name, v in reversed(self.env.items())
                       if type(v) is Value and not v.is_leaf and v is not result.root]
        for name, value in candidates[:20]:
            found = recognise_loss(value, model, scores)
            if found is not None:
                loss, alpha, dataset = found
                self.extras["training"] = TrainingSetup(model, dataset, loss, alpha, name, value.data)
                self.extras["dataset"] = dataset  # the data the loss goes over, in its order
                return


def _target_names(target) -> list[str] | None:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]
    return None


def _number(v) -> float:
    if type(v) is float:
        return v
    if type(v) is Value:
        return v.data
    raise TypeError(v)


def _model_inputs(model: Module) -> int:
    if isinstance(model, MLP):
        return len(model.layers[0].neurons[0].w)
    if isinstance(model, Layer):
        return len(model.neurons[0].w)
    return len(model.w)


def _guess_data(env: dict, model: Module):
    """xs: a list of rows as wide as the network's input; ys: a list of numbers as long."""
    nin = _model_inputs(model)
    rows = {k: v for k, v in env.items() if isinstance(v, list) and v and
            all(isinstance(r, list) and len(r) == nin for r in v)}
    flats = {k: v for k, v in env.items() if isinstance(v, list) and v and
             all(type(e) in (float, Value) for e in v) and not isinstance(v, Predictions)}
    # make_moons's arrays: X of shape (n, nin), y of n labels.
    rows.update({k: [[float(x) for x in r] for r in v] for k, v in env.items()
                 if isinstance(v, np.ndarray) and v.ndim == 2 and v.shape[1] == nin and len(v)})
    flats.update({k: [float(y) for y in v] for k, v in env.items()
                  if isinstance(v, np.ndarray) and v.ndim == 1 and len(v)})
    for xs_name in sorted(rows, key=lambda k: k != "xs"):
        xs = rows[xs_name]
        for ys_name in sorted(flats, key=lambda k: k != "ys"):
            if len(flats[ys_name]) == len(xs):
                return xs, flats[ys_name]
    return None, None


def _depends_on(root: Value, params: set) -> bool:
    seen = {root}
    stack = [root]
    while stack:
        v = stack.pop()
        if v in params:
            return True
        for c in v.children:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return False
