"""Paths: enumeration (acyclic graphs), the Viterbi path, n-best paths.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 1.0), (0, 1, 2, 3.0)])
>>> [(i, o, float(w)) for i, o, w in enumerate_paths(g)]
[((1,), (1,), 1.0), ((2,), (2,), 3.0)]
>>> viterbi_path(g).arcs()
[(0, 1, 2, 2, 3.0)]
"""

from __future__ import annotations

from .graph import _gname

import heapq

import numpy as np

from .arcmap import ArcMap, accept_index, apply_map, backend_for, pool_size, start_index
from .graph import EPSILON, Graph
from .semiring import LOG, TROPICAL, get_semiring
from .topology import csr, is_acyclic

_INT = np.int64

#: enumerate_paths refuses graphs with more accepting paths than this
MAX_PATHS = 100_000


def path_arcs(g, max_paths=MAX_PATHS):
    """All accepting paths of an acyclic graph as ``(start_pos, arcs,
    accept_pos)``: the index into ``g.start``, the arc ids, the index into
    ``g.accept``.  Raises ``ValueError`` on a cyclic graph or when there are
    more than ``max_paths`` paths."""
    if not is_acyclic(g):
        raise ValueError(f"enumerate_paths: {_gname(g.name)} is cyclic (infinitely many paths)")
    # count paths first so that a huge enumeration is refused before any work
    from .score import shortest_distance
    cnt = shortest_distance(g.with_weights(np.ones(g.num_arcs), start_weights=np.ones(len(g.start)),
                                           accept_weights=np.ones(len(g.accept))), "real") if g.num_nodes else np.zeros(0)
    total = float(cnt[g.accept].sum()) if g.num_nodes else 0.0
    if total > max_paths:
        raise ValueError(f"enumerate_paths: {_gname(g.name)} has {total:.0f} accepting paths, "
                         f"more than max_paths = {max_paths}")
    off, perm = csr(g.num_nodes, g.src)
    acc_pos = {int(a): i for i, a in enumerate(g.accept)}
    out = []
    for si, s in enumerate(g.start.tolist()):
        stack = [(s, ())]
        while stack:
            u, arcs = stack.pop()
            if u in acc_pos:
                out.append((si, arcs, acc_pos[u]))
            for e in perm[off[u]:off[u + 1]][::-1].tolist():
                stack.append((int(g.dst[e]), arcs + (e,)))
    return out


def enumerate_paths(g, semiring=LOG, ops=None, max_paths=MAX_PATHS):
    """Every accepting path of an acyclic graph as ``(input labels, output
    labels, weight)``; epsilons are dropped from the label tuples and the
    weight is the backend's ⊗ (a sum, for log/max-plus) of the start weight,
    arc weights and accept weight.  Paths are listed start by start, depth
    first in arc order.  Raises ``ValueError`` on a cyclic graph."""
    semiring = get_semiring(semiring)
    paths = path_arcs(g, max_paths)
    B = backend_for([g.weights, g.start_weights, g.accept_weights], semiring, ops)
    w = g.weights if g.weights is not None else np.zeros(g.num_arcs)
    res = []
    for si, arcs, ai in paths:
        terms = []
        if g.start_weights is not None:
            terms.append(g.start_weights[si])
        terms.extend(w[e] for e in arcs)
        if g.accept_weights is not None:
            terms.append(g.accept_weights[ai])
        res.append((tuple(int(g.ilabel[e]) for e in arcs if g.ilabel[e] != EPSILON),
                    tuple(int(g.olabel[e]) for e in arcs if g.olabel[e] != EPSILON),
                    _product(terms, B)))
    return res


def _product(terms, B):
    if not terms:
        return B.one
    if B.kind == "object":
        t = B._times
        acc = terms[0]
        for x in terms[1:]:
            acc = t(acc, x)
        return acc
    acc = terms[0]
    for x in terms[1:]:
        acc = B.times(acc, x)
    return acc


def _numeric(x):
    return None if x is None else np.asarray(x, dtype=np.float64)


def _best_in(g, alpha, w):
    """For each node, the incoming arc maximising alpha[src] + w (or -1)."""
    n = g.num_nodes
    cand = alpha[g.src] + w
    order = np.lexsort((-cand, g.dst))
    dsorted = g.dst[order]
    first = np.searchsorted(dsorted, np.arange(n))
    has = first < len(dsorted)
    has[has] = dsorted[first[has]] == np.arange(n)[has]
    best = np.full(n, -1, _INT)
    best[has] = order[first[has]]
    return best, cand


def viterbi_path_arcs(g):
    """``(start_pos, arcs, accept_pos)`` of the best path, or ``None``."""
    from .score import shortest_distance
    if g.num_nodes == 0 or not len(g.start) or not len(g.accept):
        return None
    w = g.numpy_weights()
    sg = Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel, w,
               _numeric(g.start_weights), _numeric(g.accept_weights), _trusted=True)
    alpha = np.asarray(shortest_distance(sg, TROPICAL), dtype=np.float64)
    fin = alpha[g.accept] + (0.0 if g.accept_weights is None else _numeric(g.accept_weights))
    if not len(fin) or not np.isfinite(fin.max()) and fin.max() != np.inf:
        return None
    ai = int(np.argmax(fin))
    best, cand = _best_in(g, alpha, w)
    sw = np.full(g.num_nodes, -np.inf)
    sw[g.start] = 0.0 if g.start_weights is None else _numeric(g.start_weights)
    u = int(g.accept[ai])
    arcs = []
    seen = set()
    while True:
        # stop at a start node whose start weight alone achieves alpha
        e = int(best[u])
        if sw[u] >= alpha[u] or e < 0 or (e >= 0 and cand[e] < sw[u]):
            break
        if u in seen:
            break
        seen.add(u)
        arcs.append(e)
        u = int(g.src[e])
    arcs.reverse()
    si = int(np.searchsorted(g.start, u))
    return si, arcs, ai


def _paths_graph(g, paths, ops=None):
    """The union of linear graphs, one per ``(start_pos, arcs, accept_pos)``,
    weights gathered from ``g`` (so differentiable)."""
    src, dst, ia, starts, accepts, sidx, aidx = [], [], [], [], [], [], []
    node = 0
    for si, arcs, ai in paths:
        k = len(arcs)
        starts.append(node); accepts.append(node + k)
        src.extend(range(node, node + k)); dst.extend(range(node + 1, node + k + 1))
        ia.extend(arcs)
        sidx.append(si); aidx.append(ai)
        node += k + 1
    ia = np.asarray(ia, _INT)
    s = Graph(node, starts, accepts, src, dst, g.ilabel[ia], g.olabel[ia], _trusted=True)
    m = ArcMap([pool_size(g)], ia,
               start_index(g)[np.asarray(sidx, _INT)] if g.start_weights is not None else None,
               accept_index(g)[np.asarray(aidx, _INT)] if g.accept_weights is not None else None)
    return apply_map(s, m, [g], ops=ops)


def viterbi_path(g, ops=None):
    """The best accepting path as a linear graph (GTN's ``viterbi_path``);
    its weights are gathered from ``g``'s (differentiable).  The empty graph
    when there is no accepting path."""
    p = viterbi_path_arcs(g)
    if p is None:
        return Graph(0, [], [], [], [], [], None, None if g.weights is None else g.weights[:0], _trusted=True)
    return _paths_graph(g, [p], ops)


def shortest_paths(g, n, unique=False, ops=None):
    """The ``n`` best accepting paths (max-plus), best first, as a union of
    linear graphs (one start per path).  With ``unique=True`` only the best
    path of each distinct (input, output) label string is kept.  Paths are
    found best-first with the exact backward Viterbi score as the heuristic,
    so cyclic graphs work (without positive-weight cycles)."""
    from .score import shortest_distance
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"shortest_paths: n must be a non-negative integer, got {n!r}")
    if g.num_nodes == 0 or n == 0:
        return _paths_graph(g, [], ops)
    w = g.numpy_weights()
    sw = np.zeros(len(g.start)) if g.start_weights is None else _numeric(g.start_weights)
    aw = np.zeros(len(g.accept)) if g.accept_weights is None else _numeric(g.accept_weights)
    sg = Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel, w, None, aw, _trusted=True)
    beta = np.asarray(shortest_distance(sg, TROPICAL, reverse=True), dtype=np.float64)
    if np.any(beta == np.inf):
        raise ValueError("shortest_paths: the graph has a positive-score cycle on an accepting path")
    off, perm = csr(g.num_nodes, g.src)
    acc_pos = {int(a): i for i, a in enumerate(g.accept)}
    heap = []
    cnt = 0
    for i, s in enumerate(g.start.tolist()):
        if np.isfinite(beta[s]):
            heapq.heappush(heap, (-(sw[i] + beta[s]), cnt, sw[i], s, None, i, -1)); cnt += 1
    found = []
    seen = set()
    max_pops = 1_000_000
    while heap and len(found) < n and max_pops:
        max_pops -= 1
        negf, _, gsc, u, path, si, ai = heapq.heappop(heap)
        if ai >= 0:
            arcs = []
            p = path
            while p is not None:
                arcs.append(p[0]); p = p[1]
            arcs.reverse()
            if unique:
                key = (tuple(int(g.ilabel[e]) for e in arcs if g.ilabel[e] != EPSILON),
                       tuple(int(g.olabel[e]) for e in arcs if g.olabel[e] != EPSILON))
                if key in seen:
                    continue
                seen.add(key)
            found.append((si, arcs, ai))
            continue
        if u in acc_pos:
            k = acc_pos[u]
            heapq.heappush(heap, (-(gsc + aw[k]), cnt, gsc + aw[k], u, path, si, k)); cnt += 1
        for e in perm[off[u]:off[u + 1]].tolist():
            v = int(g.dst[e])
            if np.isfinite(beta[v]):
                ng = gsc + w[e]
                heapq.heappush(heap, (-(ng + beta[v]), cnt, ng, v, (e, path), si, -1)); cnt += 1
    return _paths_graph(g, found, ops)
