"""A big graph drawn grouped: each neuron, layer, network call or function call one box.

The text tells which nodes each call made (:mod:`explorer.lang.grouping`). A closed
group is drawn as one value box titled with its name (``L1.n3``, ``f(x)``) showing
its output's data and grad, fed by an op ellipse naming its kind (``neuron``) from
the values it reads: ``inputs -> (neuron) -> [L1.n3]``, the way the graph draws any
computed value. An open group shows its nodes, framed (a Graphviz cluster) and
titled, so it can be closed again.

Constants a call made are inside its group, and so is a weight that only one group
uses (a neuron's); weights several groups use (the calls of a network on four
inputs) and the inputs themselves stay outside, drawn once.

Everything here is Qt-free: :meth:`Grouping.view` gives a stand-in
:class:`~explorer.engine.Graph` (copies of the visible nodes plus one node per
closed group) that :mod:`explorer.viz.layout` lays out like any graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import Graph, Value
from ..engine.ops import Op

__all__ = ["GroupInfo", "Grouping", "GroupedView", "Cluster", "GROUP_THRESHOLD", "OPEN_BUDGET"]

#: Graphs with more values than this open grouped.
GROUP_THRESHOLD = 150
#: How many boxes a grouped graph opens with, at most: groups are opened, nearest
#: nesting level first, while the drawing stays within it.
OPEN_BUDGET = 30

_KIND_LABEL = {"neuron": "neuron", "layer": "layer", "network": "network", "function": "function"}


def _not_computed(*_args):
    raise ArithmeticError("a group's box is drawn, not computed")


def _group_op(kind: str) -> Op:
    # The op ellipse in front of a closed group's box says what the group is.
    return Op(f"group:{kind}", _KIND_LABEL.get(kind, kind), 0, _not_computed, _not_computed, _not_computed,
              (), "")


_GROUP_OPS = {kind: _group_op(kind) for kind in _KIND_LABEL}


@dataclass
class GroupInfo:
    """One group of the graph, by positions in ``graph.nodes``."""

    kind: str
    name: str
    members: set[int]  # nodes inside (nested groups' too, and the leaves only it uses)
    outputs: list[int]
    parent: int | None  # index in Grouping.groups
    children: list[int] = field(default_factory=list)
    depth: int = 0


@dataclass
class Cluster:
    """An open group's frame: its title and the stand-in nodes inside it."""

    group: int
    title: str
    nodes: list[Value]
    parent: int | None  # the open group it is inside (an index into Grouping.groups)


@dataclass
class GroupedView:
    """A stand-in graph of the visible nodes and closed groups."""

    stand_in: Graph
    real: dict[Value, int]  # stand-in value -> index of the real node it shows (a group: its output)
    group_of: dict[Value, int]  # stand-in value of a closed group -> the group's index
    clusters: list[Cluster]
    titles: list[str]  # the box title of each stand-in node, in stand_in.nodes order
    summary = None  # (a collapsed view's "… more nodes"; a grouped view has none)

    def dot_clusters(self) -> list[tuple[str, list[Value], int | None]]:
        """The clusters as :func:`~explorer.viz.dot.to_dot` takes them."""
        position = {c.group: k for k, c in enumerate(self.clusters)}
        return [(c.title, c.nodes, position.get(c.parent)) for c in self.clusters]


class Grouping:
    """The groups of ``graph`` (``groups``: the walk's :class:`~explorer.lang.records.Group` list)."""

    def __init__(self, graph: Graph, groups: list):
        self.graph = graph
        nodes = graph.nodes
        index = {v: i for i, v in enumerate(nodes)}
        kept: dict[int, int] = {}  # walk's index -> ours
        self._weights = {index[w] for g in groups for w in getattr(g, "weights", ()) if w in index}
        self.groups: list[GroupInfo] = []
        for k, g in enumerate(groups):
            members = {index[v] for v in g.members if v in index}
            outputs = [index[v] for v in g.outputs if v in index]
            if not members or not outputs:
                continue  # nothing of it reaches this graph's output
            parent = g.parent
            while parent is not None and parent not in kept:
                parent = groups[parent].parent
            info = GroupInfo(g.kind, g.name, members, outputs, kept[parent] if parent is not None else None)
            kept[k] = len(self.groups)
            self.groups.append(info)
        for gid, info in enumerate(self.groups):
            if info.parent is not None:
                self.groups[info.parent].children.append(gid)
                info.depth = self.groups[info.parent].depth + 1
        self._absorb_leaves()
        # Each node's groups from the outermost in (a node is in a group's children's
        # groups only through that group).
        self.chain: list[tuple[int, ...]] = [()] * len(nodes)
        for gid in sorted(range(len(self.groups)), key=lambda g: self.groups[g].depth):
            for i in self.groups[gid].members:
                self.chain[i] = (*self.chain[i], gid)

    def __len__(self) -> int:
        return len(self.groups)

    def _absorb_leaves(self) -> None:
        """A weight (a parameter leaf) all of whose users are inside one group belongs to
        that group (the innermost one holding them all) and to the groups around it."""
        nodes = self.graph.nodes
        index = {v: i for i, v in enumerate(nodes)}
        innermost: dict[int, int] = {}
        for gid in sorted(range(len(self.groups)), key=lambda g: self.groups[g].depth):
            for i in self.groups[gid].members:
                innermost[i] = gid
        users: dict[int, list[int]] = {}
        for j, v in enumerate(nodes):
            for child in v._prev:
                users.setdefault(index[child], []).append(j)
        for i in range(len(nodes)):
            if i not in self._weights or i in innermost or i not in users:
                continue  # only a network's weights: an input (a function's argument) stays in view
            common = None
            for j in users[i]:
                path = self._path(innermost.get(j))
                common = path if common is None else common[:_shared(common, path)]
                if not common:
                    break
            if common:
                for gid in common:
                    self.groups[gid].members.add(i)

    def _path(self, gid: int | None) -> list[int]:
        """Groups from the outermost down to ``gid``."""
        path = []
        while gid is not None:
            path.append(gid)
            gid = self.groups[gid].parent
        return path[::-1]

    # -- what is shown ---------------------------------------------------------------

    def shown(self, i: int, opened: set[int]) -> int | None:
        """The closed group node ``i`` is drawn inside (the outermost), or None if it is drawn itself."""
        for gid in self.chain[i]:
            if gid not in opened:
                return gid
        return None

    def count(self, opened: set[int]) -> int:
        """How many boxes the drawing has with the groups in ``opened`` open."""
        boxes = set()
        for i in range(len(self.graph.nodes)):
            g = self.shown(i, opened)
            boxes.add(("n", i) if g is None else ("g", g))
        return len(boxes)

    def default_open(self, budget: int = OPEN_BUDGET) -> set[int]:
        """Open whole nesting levels, outermost first, while the drawing has at most
        ``budget`` boxes; then, within the next level, the groups nearest the output."""
        opened: set[int] = set()
        levels: dict[int, list[int]] = {}
        for gid, g in enumerate(self.groups):
            levels.setdefault(g.depth, []).append(gid)
        for depth in sorted(levels):
            trial = opened | set(levels[depth])
            if self.count(trial) <= budget:
                opened = trial
                continue
            # Not the whole level: the groups nearest the output (made last) first.
            for gid in sorted(levels[depth], key=lambda g: -max(self.groups[g].outputs)):
                if self.count(opened | {gid}) <= budget:
                    opened.add(gid)
            break
        return opened

    def view(self, opened: set[int], titles: list[str]) -> GroupedView:
        """The stand-in graph with ``opened`` open; ``titles``: the real nodes' box titles."""
        nodes = self.graph.nodes
        index = {v: i for i, v in enumerate(nodes)}
        copies: dict[tuple, Value] = {}
        real: dict[Value, int] = {}
        group_of: dict[Value, int] = {}
        last_output = {gid: max(g.outputs) for gid, g in enumerate(self.groups)}

        def stand(i: int) -> Value:
            gid = self.shown(i, opened)
            key = ("n", i) if gid is None else ("g", gid)
            made = copies.get(key)
            if made is None:
                made = make_group(gid) if gid is not None else make_node(i)
            return made

        def inputs_of(children, seen_groups: set) -> tuple:
            out = []
            for child in children:
                v = stand(index[child])
                if v in group_of:  # a group feeding a node several times: one edge
                    if v in seen_groups:
                        continue
                    seen_groups.add(v)
                out.append(v)
            return tuple(out)

        def make_node(i: int) -> Value:
            v = nodes[i]
            copy = Value(v.data, inputs_of(v._prev, set()), v.op, v.label, arg=v.arg, param=v.param)
            copies[("n", i)] = copy
            real[copy] = i
            return copy

        def make_group(gid: int) -> Value:
            g = self.groups[gid]
            members = g.members
            external = [c for m in sorted(members) for c in nodes[m]._prev if index[c] not in members]
            seen: set = set()
            feeds = inputs_of(dict.fromkeys(external), seen)  # each outside value once
            out = nodes[g.outputs[0]]
            copy = Value(out.data, feeds, _GROUP_OPS.get(g.kind, _GROUP_OPS["function"]), g.name)
            copies[("g", gid)] = copy
            real[copy] = g.outputs[0]
            group_of[copy] = gid
            return copy

        # In tape order, so every stand-in is made after what it reads (a topological order).
        for i in range(len(nodes)):
            gid = self.shown(i, opened)
            if gid is None:
                if ("n", i) not in copies:
                    make_node(i)
            elif i == last_output[gid] and ("g", gid) not in copies:
                make_group(gid)
        root = stand(len(nodes) - 1)
        stand_in = Graph(root)
        stand_titles = [self.groups[group_of[v]].name if v in group_of else titles[real[v]]
                        for v in stand_in.nodes]
        return GroupedView(stand_in, real, group_of, self._clusters(opened, copies), stand_titles)

    def _clusters(self, opened: set[int], copies: dict) -> list[Cluster]:
        out = []
        for gid in sorted(opened, key=lambda g: self.groups[g].depth):
            g = self.groups[gid]
            if any(p not in opened for p in self._path(g.parent)):
                continue  # inside a closed group: not drawn
            inside = [copies[("n", i)] for i in sorted(g.members) if ("n", i) in copies]
            inside += [copies[("g", c)] for c in g.children if ("g", c) in copies]
            if inside:
                out.append(Cluster(gid, g.name, inside, g.parent))
        return out

    def close(self, opened: set[int], gid: int) -> set[int]:
        """``opened`` without ``gid`` and the groups inside it."""
        inside = {gid}
        stack = [gid]
        while stack:
            for c in self.groups[stack.pop()].children:
                inside.add(c)
                stack.append(c)
        return opened - inside


def _shared(a: list, b: list) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
