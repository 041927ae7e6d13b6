"""Engine vs micrograd, in one process, on the same work with the same weights.

(a) micrograd's moons demo step: MLP 2-16-16-1, 100 samples, SVM (hinge) loss
    plus L2, build + backward + update;
(b) the same step re-run on a fixed Graph, no rebuilding;
(c) a 100,000-deep chain (micrograd's recursive sort cannot);
(d) bytes per node.

Both sides must give the same gradients (1e-9) before anything is timed. Garbage
is collected before each timed run; ratios are given with the collector on (what
users feel) and off (pure compute).
"""

from __future__ import annotations

import gc
import math
import random
import sys
import time
import tracemalloc

from explorer.engine import Graph, Value, sum_values
from explorer.engine.nn import MLP
from tests.benchmarks import Case, Row, best_time

try:
    from micrograd.engine import Value as MValue
    from micrograd.nn import MLP as MMLP
except ImportError:  # the bench extra is not installed
    MValue = MMLP = None


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """sklearn's make_moons, written out: two interleaving half circles, labels ±1."""
    rng = random.Random(seed)
    half = n // 2
    xs, ys = [], []
    for i in range(half):
        t = math.pi * i / (half - 1)
        xs.append([math.cos(t) + rng.gauss(0, noise), math.sin(t) + rng.gauss(0, noise)])
        ys.append(-1.0)
    for i in range(n - half):
        t = math.pi * i / (n - half - 1)
        xs.append([1 - math.cos(t) + rng.gauss(0, noise), 0.5 - math.sin(t) + rng.gauss(0, noise)])
        ys.append(1.0)
    return xs, ys


X, Y = moons()
NOTES = {
    "fused": "fused: each neuron's w·x+b is one dot node (the nn default)",
    "expanded": "expanded: the lecture's node-for-node graph, a * node per weight (nn expand=True)",
}
LR = 0.5


def micrograd_step(model) -> float:
    """micrograd's demo notebook's loss() and update, as written there."""
    inputs = [list(map(MValue, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(Y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    total = data_loss + reg_loss
    model.zero_grad()
    total.backward()
    for p in model.parameters():
        p.data -= LR * p.grad
    return total.data


def our_loss(model) -> Value:
    inputs = [list(map(Value, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(Y, scores)]
    data_loss = sum_values(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum_values([p * p for p in model.parameters()])
    return data_loss + reg_loss


def our_step(model) -> Graph:
    graph = Graph(our_loss(model), parameters=model.parameters())
    graph.backward()
    graph.step(LR)
    return graph


def models(expand: bool):
    """A micrograd MLP and ours with the very same weights."""
    random.seed(1337)
    theirs = MMLP(2, [16, 16, 1])
    ours = MLP(2, [16, 16, 1], "relu", output="linear", expand=expand)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        p.data = q.data
    return theirs, ours


def check_same_gradients(theirs, ours) -> None:
    inputs = [list(map(MValue, row)) for row in X]
    scores = list(map(theirs, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(Y, scores)]
    total = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in theirs.parameters())
    theirs.zero_grad()
    total.backward()
    graph = Graph(our_loss(ours), parameters=ours.parameters())
    graph.backward()
    worst = max(abs(p.grad - q.grad) for p, q in zip(ours.parameters(), theirs.parameters()))
    if worst > 1e-9:
        raise AssertionError(f"gradients differ from micrograd's by {worst:g}")


def case_moons() -> list[Row]:
    if MMLP is None:
        return [Row("(a) moons step", math.nan, note="micrograd not installed: pip install -e .[bench]")]
    rows = []
    for expand in (False, True):
        theirs, ours = models(expand)
        check_same_gradients(theirs, ours)
        kind = "expanded" if expand else "fused"
        for gc_on in (True, False):
            t_ref = best_time(lambda theirs=theirs: micrograd_step(theirs), 5, gc_enabled=gc_on)
            t_ours = best_time(lambda ours=ours: our_step(ours), 5, gc_enabled=gc_on)
            target = "ratio >= 8 (GC on)" if gc_on and not expand else ""
            met = (t_ref / t_ours >= 8) if target else None
            rows.append(Row(f"(a) moons build+backward+update [{kind}] GC {'on' if gc_on else 'off'}",
                            t_ours, reference=t_ref, reference_name="micrograd", target=target, met=met))
        # (b) re-run the same step on a fixed Graph: no new nodes at all.
        graph = Graph(our_loss(ours), parameters=ours.parameters())

        def rerun(graph=graph):
            graph.forward()
            graph.backward()
            graph.step(LR)

        for gc_on in (True, False):
            t_ref = best_time(lambda theirs=theirs: micrograd_step(theirs), 5, gc_enabled=gc_on)
            t_ours = best_time(rerun, 5, gc_enabled=gc_on)
            target = "ratio >= 20 (GC on)" if gc_on and not expand else ""
            met = (t_ref / t_ours >= 20) if target else None
            rows.append(Row(f"(b) moons step re-run on a fixed Graph [{kind}] GC {'on' if gc_on else 'off'}",
                            t_ours, reference=t_ref, reference_name="micrograd", target=target, met=met,
                            note=f"{len(graph)} nodes; {NOTES[kind]}" if gc_on else ""))
    return rows


def case_deep_chain() -> list[Row]:
    depth = 100_000

    def ours() -> None:
        x = Value(1.0, label="x")
        y = x
        for _ in range(depth):
            y = y * 1.00001
        graph = Graph(y)
        graph.forward()
        graph.backward()

    t_ours = best_time(ours, 3)
    note = "micrograd not installed"
    if MValue is not None:
        x = MValue(1.0)
        y = x
        for _ in range(depth):
            y = y * 1.00001
        try:
            y.backward()
            note = "micrograd managed it"
        except RecursionError:
            note = f"micrograd: RecursionError (recursive topological sort, limit {sys.getrecursionlimit()})"
        del x, y
        gc.collect()
    return [Row("(c) 100,000-deep chain: build, forward, backward", t_ours, target="works", met=True,
                note=note)]


def _bytes_per_node(make) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep, count = make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del keep
    return (after - before) / count


def case_memory() -> list[Row]:
    n = 20_000

    def ours():
        xs = [Value(float(i)) for i in range(n)]
        y = xs[0]
        for x in xs[1:]:
            y = y * x + 1.0
        return (xs, y), 4 * n - 3  # n leaves; n-1 each of products, constants 1.0, sums

    def theirs():
        xs = [MValue(float(i)) for i in range(n)]
        y = xs[0]
        for x in xs[1:]:
            y = y * x + 1.0
        return (xs, y), 4 * n - 3

    ours_b = _bytes_per_node(ours)
    if MValue is None:
        return [Row("(d) bytes per node", ours_b, unit="B", note="micrograd not installed")]
    theirs_b = _bytes_per_node(theirs)
    return [Row("(d) bytes per node (20,000-step chain of * and +)", ours_b, unit="B", reference=theirs_b,
                reference_name="micrograd", target="ours <= 1/2 of micrograd", met=ours_b * 2 <= theirs_b)]


def case_seed_neuron() -> list[Row]:
    def build():
        x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
        w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
        b = Value(6.8813735870195432, label="b")
        o = (x1 * w1 + x2 * w2 + b).tanh()
        o.backward()

    t0 = time.perf_counter()
    for _ in range(1000):
        build()
    return [Row("seed neuron: build + backward (mean of 1000)", (time.perf_counter() - t0) / 1000)]


CASES = [
    Case("engine moons step (a, b)", case_moons),
    Case("engine deep chain (c)", case_deep_chain),
    Case("engine memory (d)", case_memory),
    Case("engine seed neuron", case_seed_neuron),
]
