"""Graph topology: reachability, trimming (``connect``), topological order,
acyclicity, strongly connected components, arc sorting.

All traversals are vectorised over a frontier (numpy), never a Python step
per arc.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1), (2, 1, 1)])
>>> connect(g).num_nodes
2
"""

from __future__ import annotations

import numpy as np

from .arcmap import ArcMap, accept_index, apply_map, pool_size, start_index
from .graph import Graph, _gname
from .sorting import argsort_ints

_INT = np.int64


def csr(n, src, order_key=None):
    """``(offsets, perm)``: arcs ``perm[offsets[u]:offsets[u+1]]`` leave u."""
    if order_key is None:
        perm = argsort_ints(src, n)
    else:
        perm = np.lexsort((order_key, src))
    offsets = np.zeros(n + 1, dtype=_INT)
    np.cumsum(np.bincount(src, minlength=n), out=offsets[1:])
    return offsets, perm


def expand_ranges(lo, hi):
    """For ranges ``[lo_i, hi_i)``: ``(owner, position)`` of every element,
    in order (a vectorised nested loop)."""
    owner = np.repeat(np.arange(len(lo), dtype=_INT), hi - lo)
    return owner, range_positions(lo, hi)


def reachable(n, src, dst, seeds):
    """Boolean mask of the nodes reachable from ``seeds`` along arcs.

    Breadth first over whole frontiers.  The arcs are grouped by source with
    one packed int64 sort of ``src << 32 | dst`` (numpy's sort is SIMD, its
    argsort several times slower).  A level's new nodes are collected in a
    boolean mask when the level is large, and deduplicated in proportion to
    its size when it is small (long chains take many small levels).
    """
    seen = np.zeros(n, dtype=bool)
    if n == 0:
        return seen
    seen[np.asarray(seeds, dtype=_INT)] = True
    if len(src) == 0:
        return seen
    succ, off = _successors(n, src, dst)
    frontier = np.flatnonzero(seen)
    fresh = scratch = None
    while len(frontier):
        nxt = succ[range_positions(off[frontier], off[frontier + 1])]
        if len(nxt) * 32 < n:
            # a small level (long chains): work in proportion to it
            if scratch is None:
                scratch = np.empty(n, np.int32 if len(succ) < 2**31 else _INT)
            frontier = dedupe(nxt[~seen[nxt]], scratch)
        else:
            # a large level: a mask of the new nodes, no sort
            if fresh is None:
                fresh = np.zeros(n, dtype=bool)
            fresh[nxt] = True
            fresh &= ~seen
            frontier = np.flatnonzero(fresh)
            fresh[frontier] = False
        seen[frontier] = True
    return seen


def _successors(n, src, dst):
    """``(succ, off)``: the successors of node u are ``succ[off[u]:off[u+1]]``
    (in no particular order)."""
    off = np.zeros(n + 1, dtype=_INT)
    np.cumsum(np.bincount(src, minlength=n), out=off[1:])
    if n < 2**31:
        packed = np.left_shift(src, 32, dtype=_INT)
        packed |= dst
        packed.sort()
        return (packed & 0xFFFFFFFF).astype(np.int32), off
    return dst[np.argsort(src)], off


def range_positions(lo, hi):
    """Every position of the ranges ``[lo_i, hi_i)``, in order (the
    positions of :func:`expand_ranges` without the owners).

    >>> range_positions(np.array([5, 0]), np.array([7, 1])).tolist()
    [5, 6, 0]
    """
    cnt = hi - lo
    tot = int(cnt.sum())
    starts = np.cumsum(cnt)
    starts -= cnt
    starts -= lo
    pos = np.arange(tot, dtype=_INT)
    pos -= np.repeat(starts, cnt)
    return pos


def dedupe(x, scratch):
    """The distinct values of ``x`` (ids below ``len(scratch)``), without a
    sort: each value is claimed by its last position."""
    pos = np.arange(len(x), dtype=scratch.dtype)
    scratch[x] = pos
    return x[scratch[x] == pos]


def _renumber(keep_nodes):
    new_id = np.full(len(keep_nodes), -1, dtype=_INT)
    new_id[keep_nodes] = np.arange(int(keep_nodes.sum()), dtype=_INT)
    return new_id


def connect_map(g):
    """Structure and arc map of :func:`connect`."""
    n = g.num_nodes
    acc = reachable(n, g.src, g.dst, g.start)
    coacc = reachable(n, g.dst, g.src, g.accept)
    keep = acc & coacc
    return subgraph_map(g, keep)


def subgraph_map(g, keep):
    """The subgraph on nodes ``keep`` (a mask), renumbered in order."""
    n = g.num_nodes
    new_id = _renumber(keep)
    ka = keep[g.src] & keep[g.dst] if g.num_arcs else np.zeros(0, bool)
    arcs = np.flatnonzero(ka)
    sm = keep[g.start] if n else np.zeros(0, bool)
    am = keep[g.accept] if n else np.zeros(0, bool)
    sidx = start_index(g)[sm]
    aidx = accept_index(g)[am]
    s = Graph(int(keep.sum()), new_id[g.start[sm]], new_id[g.accept[am]], new_id[g.src[arcs]], new_id[g.dst[arcs]],
              g.ilabel[arcs], g.olabel[arcs], name=g.name, _trusted=True)
    m = ArcMap([pool_size(g)], arcs, sidx if g.start_weights is not None else None,
               aidx if g.accept_weights is not None else None)
    return s, m


def connect(g, ops=None):
    """Trim: keep the nodes both accessible (from a start) and co-accessible
    (to an accept), renumbered in their original order.  A graph with no
    accepting path becomes the empty graph (0 nodes).

    >>> from gtnlang.wfst.graph import from_arcs
    >>> connect(from_arcs([0], [2], [(0, 1, 1)])).num_nodes
    0
    """
    s, m = connect_map(g)
    if s.num_nodes == g.num_nodes and s.num_arcs == g.num_arcs:
        return g
    return apply_map(s, m, [g], ops=ops)


def topological_levels(g):
    """``(order, level)`` for an acyclic graph: nodes in a topological order
    and each node's level (longest distance in arcs from a node with no
    incoming arc).  Returns ``None`` if the graph has a cycle.  Vectorised per
    level (Kahn's algorithm on a whole frontier at once)."""
    def compute():
        n = g.num_nodes
        rounds, _ = peel_sources(n, g.src, g.dst)
        if sum(map(len, rounds)) != n:
            return None
        level = np.zeros(n, dtype=_INT)
        for lv, nodes in enumerate(rounds):
            level[nodes] = lv
        return np.concatenate(rounds) if rounds else np.zeros(0, _INT), level
    return g._cached("toplevels", compute)


def peel_sources(n, src, dst):
    """Kahn's algorithm on whole frontiers: ``(rounds, remaining)``, the
    nodes peeled round by round (round k: nodes whose predecessors were all
    peeled before), and a mask of the nodes left (those on or after a cycle).
    Work is proportional to the arcs, however many rounds there are."""
    indeg = np.bincount(dst, minlength=n).astype(_INT)
    succ, off = _successors(n, src, dst)
    frontier = np.flatnonzero(indeg == 0)
    rounds = []
    remaining = np.ones(n, bool)
    while len(frontier):
        rounds.append(frontier)
        remaining[frontier] = False
        d = succ[range_positions(off[frontier], off[frontier + 1])]
        if len(d) * 8 < n:
            touched, dec = np.unique(d, return_counts=True)
        else:
            dec = np.bincount(d, minlength=n)
            touched = np.flatnonzero(dec)
            dec = dec[touched]
        indeg[touched] -= dec
        frontier = touched[indeg[touched] == 0]
    return rounds, remaining


def is_acyclic(g):
    """True if the graph has no cycle (self-loops count as cycles)."""
    return topological_levels(g) is not None


def topological_sort(g, ops=None):
    """Renumber nodes in topological order (arcs ordered by new source,
    stable).  Raises ``ValueError`` on a cyclic graph.

    >>> from gtnlang.wfst.graph import from_arcs
    >>> topological_sort(from_arcs([1], [0], [(1, 0, 1)])).arcs()
    [(0, 1, 1, 1, 0.0)]
    """
    tl = topological_levels(g)
    if tl is None:
        raise ValueError(f"topological_sort: {_gname(g.name)} is cyclic")
    order, _ = tl
    new_id = np.empty(g.num_nodes, _INT)
    new_id[order] = np.arange(g.num_nodes, dtype=_INT)
    return permute_nodes(g, new_id, ops=ops)


def permute_nodes(g, new_id, ops=None):
    """Renumber node u as ``new_id[u]`` (a permutation); arcs sorted by new
    source, stable; start/accept re-sorted."""
    ns = new_id[g.src]
    arcs = argsort_ints(ns, g.num_nodes)
    st = new_id[g.start]; so = np.argsort(st, kind="stable")
    ac = new_id[g.accept]; ao = np.argsort(ac, kind="stable")
    s = Graph(g.num_nodes, st[so], ac[ao], ns[arcs], new_id[g.dst][arcs], g.ilabel[arcs], g.olabel[arcs],
              name=g.name, _trusted=True)
    m = ArcMap([pool_size(g)], arcs, start_index(g)[so] if g.start_weights is not None else None,
               accept_index(g)[ao] if g.accept_weights is not None else None)
    return apply_map(s, m, [g], ops=ops)


def arc_sort(g, by="ilabel", ops=None):
    """Sort arcs by (source, label) -- ``by`` is ``"ilabel"`` or ``"olabel"``
    (OpenFst ``ArcSort``); stable, nodes unchanged."""
    if by not in ("ilabel", "olabel"):
        raise ValueError(f"arc_sort: by must be 'ilabel' or 'olabel', got {by!r}")
    lab = g.ilabel if by == "ilabel" else g.olabel
    other = g.olabel if by == "ilabel" else g.ilabel
    arcs = np.lexsort((other, lab, g.src))
    s = Graph(g.num_nodes, g.start, g.accept, g.src[arcs], g.dst[arcs], g.ilabel[arcs], g.olabel[arcs],
              name=g.name, _trusted=True)
    m = ArcMap([pool_size(g)], arcs, start_index(g) if g.start_weights is not None else None,
               accept_index(g) if g.accept_weights is not None else None)
    return apply_map(s, m, [g], ops=ops)


def strongly_connected_components(g):
    """``(num_components, component)``: each node's component id.  Ids are in
    a topological order of the condensation (arcs go from lower to higher or
    equal ids).  Nodes outside every cycle are peeled off vectorised first;
    Tarjan's algorithm (iterative) runs only on what remains."""
    def compute():
        n = g.num_nodes
        comp = np.full(n, -1, _INT)
        if n == 0:
            return 0, comp
        src, dst = g.src, g.dst
        # peel sources, then sinks of what remains: each is its own component
        head, alive = peel_sources(n, src, dst)
        a_ok = alive[src] & alive[dst]
        tail, still = peel_sources(n, dst[a_ok], src[a_ok])
        tail = [t[alive[t]] for t in tail]
        alive &= still
        # order sources by the peel round (each round's sources only have
        # incoming arcs from earlier rounds); sinks in reverse round order
        core = np.flatnonzero(alive)
        core_comp = {}
        core_order = []
        if len(core):
            a_ok = alive[src] & alive[dst]
            cs, cd = src[a_ok], dst[a_ok]
            off, perm = csr(n, cs)
            cd = cd[perm]
            index = {}
            low = {}
            stack = []
            onstack = set()
            counter = 0
            comps = []
            for root in core.tolist():
                if root in index:
                    continue
                work = [(root, int(off[root]))]
                index[root] = low[root] = counter; counter += 1
                stack.append(root); onstack.add(root)
                while work:
                    v, i = work[-1]
                    end = int(off[v + 1])
                    if i < end:
                        work[-1] = (v, i + 1)
                        w = int(cd[i])
                        if w not in index:
                            index[w] = low[w] = counter; counter += 1
                            stack.append(w); onstack.add(w)
                            work.append((w, int(off[w])))
                        elif w in onstack:
                            low[v] = min(low[v], index[w])
                    else:
                        work.pop()
                        if work:
                            u = work[-1][0]
                            low[u] = min(low[u], low[v])
                        if low[v] == index[v]:
                            c = []
                            while True:
                                w = stack.pop(); onstack.discard(w)
                                c.append(w)
                                if w == v:
                                    break
                            comps.append(c)
            # Tarjan emits components in reverse topological order
            core_order = comps[::-1]
        cid = 0
        for h in head:
            comp[h] = np.arange(cid, cid + len(h)); cid += len(h)
        for c in core_order:
            comp[np.asarray(c, _INT)] = cid; cid += 1
        for t in reversed(tail):
            comp[t] = np.arange(cid, cid + len(t)); cid += len(t)
        return cid, comp
    return g._cached("scc", compute)


def trim_map(s, m):
    """Trim structure ``s`` (made by map ``m``) and restrict ``m`` to match:
    the pair describes the trimmed graph in terms of the original inputs."""
    n = s.num_nodes
    keep = reachable(n, s.src, s.dst, s.start) & reachable(n, s.dst, s.src, s.accept)
    if keep.all():
        return s, m
    new_id = _renumber(keep)
    arcs = np.flatnonzero(keep[s.src] & keep[s.dst]) if s.num_arcs else np.zeros(0, _INT)
    sm = keep[s.start]
    am = keep[s.accept]
    s2 = Graph(int(keep.sum()), new_id[s.start[sm]], new_id[s.accept[am]], new_id[s.src[arcs]], new_id[s.dst[arcs]],
               s.ilabel[arcs], s.olabel[arcs], name=s.name, _trusted=True)
    m2 = ArcMap(m.input_sizes, (m.arc[0][arcs], m.arc[1][arcs]),
                None if m.start is None else (m.start[0][sm], m.start[1][sm]),
                None if m.accept is None else (m.accept[0][am], m.accept[1][am]), m.stages)
    return s2, m2
