"""Bounded work (issue 15): how long the answers to hostile or huge inputs take.

(a) gradcheck of a 12,000-node graph fed by 200 named leaves (target < 5 s), beside
    the old way of checking: every leaf nudged and the whole tape re-run, twice;
(b) texts over the language's work budget: the time until the one-sentence refusal
    (target < 1 s each);
(c) "did you mean" for a 100,000-character unknown name (target < 1 s), beside
    difflib over a 5,000-character one (the old way; it grows with the square).
"""

from __future__ import annotations

import difflib

from explorer.engine import Graph, Value, gradcheck
from explorer.errors import ExplorerError
from explorer.lang import parse
from tests.benchmarks import Case, Row, best_time

NUMBERS = "xs = [" + ", ".join(f"{i}.0" for i in range(1000)) + "]\n"

OVER_BUDGET = {
    "3 nested loops over 1,000 numbers": NUMBERS + "ys = [[[x for x in xs] for y in xs] for z in xs]",
    "nested sums over 1,000 numbers": NUMBERS + "s = sum(sum(sum(x for x in xs) for y in xs) for z in xs)",
    "a function called a million times": NUMBERS + "f(x) = x*x*x\nys = [[f(x) for x in xs] for y in xs]",
    "a million nodes from two loops": NUMBERS + "a = 1.0\nys = [[a*x for x in xs] for y in xs]",
    "60,000 lines of a = a*2": "a = 1.0\n" + "a = a*2\n" * 60_000,
    "a 1 MB list": "xs = [" + "1.0, " * 199_999 + "1.0]",
}


def _graph(leaves: int = 200, nodes: int = 12_000) -> tuple[Graph, list[Value]]:
    xs = [Value(0.5 + i / 1000, label=f"x{i}") for i in range(leaves)]
    s = xs[0]
    for x in xs[1:]:
        s = s + x
    while len(Graph(s).nodes) < nodes - 2:  # a chain after the sum: 2 nodes a link
        for _ in range(500):
            s = s * 0.9999
    return Graph(s), xs


def _old_gradcheck(graph: Graph, leaves: list[Value], h: float = 1e-6) -> list[float]:
    """What gradcheck did before: nudge one leaf, re-run the whole tape, twice per leaf."""
    estimates = []
    for leaf in leaves:
        original = leaf.data
        try:
            leaf.data = original + h
            up = graph.forward()
            leaf.data = original - h
            down = graph.forward()
        finally:
            leaf.data = original
        estimates.append((up - down) / (2 * h))
    graph.forward()
    return estimates


def _gradcheck() -> list[Row]:
    graph, leaves = _graph()
    ours = best_time(lambda: gradcheck(graph), repeat=3)
    ref = best_time(lambda: _old_gradcheck(graph, leaves), repeat=1)
    return [Row(f"guard: gradcheck, {len(graph.nodes):,} nodes, {len(leaves)} leaves", ours, reference=ref,
                reference_name="every leaf, whole tape re-run", target="< 5 s", met=ours < 5)]


def _refusal_time(text: str) -> float:
    def run() -> None:
        try:
            parse(text).build()
        except ExplorerError:
            return
        raise AssertionError("the text was not refused")

    return best_time(run, repeat=3)


def _budget() -> list[Row]:
    rows = []
    for name, text in OVER_BUDGET.items():
        t = _refusal_time(text)
        rows.append(Row(f"guard: refused, {name}", t, target="< 1 s", met=t < 1.0))
    return rows


def _old_suggest(name: str, candidates: list[str]) -> str | None:
    """The suggestion before the cap: difflib, then every one-key slip tried, each a
    new string as long as the name (quadratic in its length)."""
    from explorer.lang.messages import _neighbours

    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    known = set(candidates)
    for i, ch in enumerate(name):
        for k in _neighbours(ch):
            if name[:i] + k + name[i + 1:] in known:
                return name[:i] + k + name[i + 1:]
    return None


def _suggestion() -> list[Row]:
    text = "abc = 1.0\nb = " + "q" * 100_000
    ours = _refusal_time(text)
    ref = best_time(lambda: _old_suggest("q" * 20_000, ["abc", "b"]), repeat=1)
    return [Row("guard: unknown name of 100,000 characters, parse to error", ours, reference=ref,
                reference_name="old suggestion, 20,000 chars", target="< 1 s", met=ours < 1.0,
                note="the reference: the old suggestion, a name 5 times shorter (it grows as the square)")]


CASES = [
    Case("guard gradcheck 12k", _gradcheck),
    Case("guard budget", _budget),
    Case("guard suggestion", _suggestion),
]
