"""Weighted epsilon removal.

An arc is an epsilon arc when both its labels are ``EPSILON``.  For each
node ``p`` the epsilon closure distances ``d[p, q]`` (⊕ over epsilon paths
``p -> q``) are computed level by level over the (acyclic) epsilon subgraph as
arc-map *stages* (gathers, ⊗ and segment ⊕ in the backend), so the result is
exact in any semiring, symbolic weights included, and differentiable through
JAX.  Then every non-epsilon arc ``q -> r`` yields ``p -> r`` weighted
``d[p, q] ⊗ w``, and ``p``'s accept weight becomes ``⊕_q d[p, q] ⊗
accept(q)`` (OpenFst's ``RmEpsilon``).  The result is trimmed.

Epsilon *cycles* (numpy weights only) are closed exactly with a linear solve
(log/real) or Bellman-Ford (max-plus); that result is numeric, not an arc map.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [2], [(0, 1, 0, 0.5), (1, 2, 7, 1.0)])
>>> remove_epsilon(g).arcs()
[(0, 1, 7, 7, 1.5)]
"""

from __future__ import annotations

from .graph import _gname

import numpy as np

from .arcmap import ArcMap, accept_index, apply_map, pool_size
from .graph import EPSILON, Graph
from .semiring import LOG, get_semiring
from .topology import csr, expand_ranges, topological_levels, trim_map

_INT = np.int64


def _eps_mask(g):
    return (g.ilabel == EPSILON) & (g.olabel == EPSILON)


def remove_epsilon_map(g):
    """Structure and :class:`ArcMap` of :func:`remove_epsilon` (acyclic
    epsilon subgraph).  Returns ``None`` when the epsilon arcs form a cycle."""
    eps = _eps_mask(g)
    n = g.num_nodes
    ea = np.flatnonzero(eps)
    ne = np.flatnonzero(~eps)
    eg = Graph(n, [], [], g.src[ea], g.dst[ea], np.zeros(len(ea), _INT), _trusted=True)
    # heights: process nodes whose epsilon successors are all done (reverse graph levels)
    rg = Graph(n, [], [], g.dst[ea], g.src[ea], np.zeros(len(ea), _INT), _trusted=True)
    tl = topological_levels(rg)
    if tl is None:
        return None
    _, height = tl
    # only nodes with outgoing epsilon arcs have closures
    has_out = np.zeros(n, bool); has_out[g.src[ea]] = True
    off, perm = csr(n, g.src[ea])
    e_sorted = ea[perm]
    base = pool_size(g)
    pool_len = base
    stages = []
    pstart = np.zeros(n, _INT); pcount = np.zeros(n, _INT)
    P_dst = np.zeros(0, _INT); P_pool = np.zeros(0, _INT)
    hl = height[has_out]
    nodes_h = np.flatnonzero(has_out)
    order = np.argsort(hl, kind="stable")
    nodes_h = nodes_h[order]; hl = hl[order]
    bounds = np.searchsorted(hl, np.arange(int(hl.max()) + 2)) if len(hl) else np.zeros(1, _INT)
    for k in range(len(bounds) - 1):
        ps = nodes_h[bounds[k]:bounds[k + 1]]
        if not len(ps):
            continue
        own, pos = expand_ranges(off[ps], off[ps + 1])
        arcs = e_sorted[pos]
        p_of = ps[own]
        m_of = g.dst[arcs]
        # direct terms: (p, m) weighted w_e
        t_p = [p_of]; t_q = [m_of]; t_a = [arcs]; t_b = [np.full(len(arcs), -1, _INT)]
        # through m: (p, q) weighted w_e ⊗ d[m, q]
        o2, pos2 = expand_ranges(pstart[m_of], pstart[m_of] + pcount[m_of])
        if len(o2):
            t_p.append(p_of[o2]); t_q.append(P_dst[pos2]); t_a.append(arcs[o2]); t_b.append(P_pool[pos2])
        tp = np.concatenate(t_p); tq = np.concatenate(t_q)
        ta = np.concatenate(t_a); tb = np.concatenate(t_b)
        key = tp * n + tq
        uk, seg = np.unique(key, return_inverse=True)
        stages.append((ta, tb, seg, len(uk)))
        up = uk // n; uq = uk % n
        idx = pool_len + np.arange(len(uk), dtype=_INT)
        pool_len += len(uk)
        # pairs of this level's nodes, appended (uk is sorted by p)
        first = np.searchsorted(up, ps)
        pstart[ps] = len(P_dst) + first
        pcount[ps] = np.searchsorted(up, ps, "right") - first
        P_dst = np.concatenate([P_dst, uq]); P_pool = np.concatenate([P_pool, idx])
    P_src = _pair_src(pstart, pcount, len(P_dst))
    # new arcs: pair (p, q) x non-epsilon arcs leaving q
    noff, nperm = csr(n, g.src[ne])
    ne_sorted = ne[nperm]
    o3, pos3 = expand_ranges(noff[P_dst], noff[P_dst + 1])
    new_arcs = ne_sorted[pos3]
    src = np.concatenate([g.src[ne], P_src[o3]])
    dst = np.concatenate([g.dst[ne], g.dst[new_arcs]])
    il = np.concatenate([g.ilabel[ne], g.ilabel[new_arcs]])
    ol = np.concatenate([g.olabel[ne], g.olabel[new_arcs]])
    ia = np.concatenate([ne, P_pool[o3]])
    ib = np.concatenate([np.full(len(ne), -1, _INT), new_arcs])
    order = np.argsort(src, kind="stable")
    src, dst, il, ol, ia, ib = src[order], dst[order], il[order], ol[order], ia[order], ib[order]
    # accept weights
    is_acc = np.zeros(n, bool); is_acc[g.accept] = True
    aidx = np.full(n, -1, _INT); aidx[g.accept] = accept_index(g)
    via = is_acc[P_dst]
    accept = g.accept
    acc_map = None if g.accept_weights is None else accept_index(g)
    if via.any():
        newacc = np.union1d(g.accept, P_src[via])
        loc = np.searchsorted(newacc, np.concatenate([g.accept, P_src[via]]))
        ta = np.concatenate([aidx[g.accept], P_pool[via]])
        tb = np.concatenate([np.full(len(g.accept), -1, _INT), aidx[P_dst[via]]])
        stages.append((ta, tb, loc, len(newacc)))
        acc_map = pool_len + np.arange(len(newacc), dtype=_INT)
        pool_len += len(newacc)
        accept = newacc
    s = Graph(n, g.start, accept, src, dst, il, ol, name=g.name, _trusted=True)
    sm = None
    if g.start_weights is not None:
        sm = np.arange(g.num_arcs, g.num_arcs + len(g.start), dtype=_INT)
    m = ArcMap([base], (ia, ib), sm, acc_map, stages)
    return trim_map(s, m)


def _pair_src(pstart, pcount, total):
    out = np.empty(total, _INT)
    nz = np.flatnonzero(pcount)
    own, pos = expand_ranges(pstart[nz], pstart[nz] + pcount[nz])
    out[pos] = nz[own]
    return out


def remove_epsilon(g, semiring=LOG, ops=None):
    """A graph without epsilon arcs (both labels ``EPSILON``) and the same
    weighted relation in ``semiring`` (log by default; the construction is
    also exact for max-plus).  Transducer arcs with one epsilon side are kept.
    """
    semiring = get_semiring(semiring)
    if not _eps_mask(g).any():
        return g
    r = remove_epsilon_map(g)
    if r is None:
        return _remove_epsilon_cyclic(g, semiring)
    s, m = r
    return apply_map(s, m, [g], semiring=semiring, ops=ops)


def _remove_epsilon_cyclic(g, semiring):
    from .score import shortest_distance
    if g.weights is not None and isinstance(g.weights, np.ndarray) and g.weights.dtype == object:
        raise ValueError(f"remove_epsilon: {_gname(g.name)} has an epsilon cycle; "
                         "symbolic weights need an acyclic epsilon subgraph")
    w = g.numpy_weights()
    eps = _eps_mask(g)
    n = g.num_nodes
    ea = np.flatnonzero(eps)
    ne = np.flatnonzero(~eps)
    src_nodes = np.unique(g.src[ea])
    # d[p, q] for p with epsilon arcs: distances in the epsilon subgraph from p,
    # minus the empty path (closure over >= 1 arc), computed per source
    rows_p, rows_q, rows_d = [], [], []
    for p in src_nodes.tolist():
        out = (g.src[ea] == p)
        # one step then the reflexive closure: d = ⊕_e w_e ⊗ D*(dst_e, .)
        # merge duplicate starts by ⊕
        starts, inv = np.unique(g.dst[ea][out], return_inverse=True)
        from .arcmap import segment_reduce_np
        sw = segment_reduce_np(w[ea][out], inv, len(starts), semiring)
        first = Graph(n, starts, [], g.src[ea], g.dst[ea], np.zeros(len(ea), _INT), None, w[ea], sw, None,
                      _trusted=True)
        d = shortest_distance(first, semiring)
        q = np.flatnonzero(d > -np.inf) if semiring.name != "real" else np.flatnonzero(d != 0)
        rows_p.append(np.full(len(q), p, _INT)); rows_q.append(q); rows_d.append(d[q])
    P_src = np.concatenate(rows_p) if rows_p else np.zeros(0, _INT)
    P_dst = np.concatenate(rows_q) if rows_q else np.zeros(0, _INT)
    P_w = np.concatenate(rows_d) if rows_d else np.zeros(0)
    noff, nperm = csr(n, g.src[ne])
    ne_sorted = ne[nperm]
    o3, pos3 = expand_ranges(noff[P_dst], noff[P_dst + 1])
    na = ne_sorted[pos3]
    times = (lambda a, b: a * b) if semiring.name == "real" else (lambda a, b: a + b)
    src = np.concatenate([g.src[ne], P_src[o3]]); dst = np.concatenate([g.dst[ne], g.dst[na]])
    il = np.concatenate([g.ilabel[ne], g.ilabel[na]]); ol = np.concatenate([g.olabel[ne], g.olabel[na]])
    ww = np.concatenate([w[ne], times(P_w[o3], w[na])])
    one = semiring.one
    aw_node = np.full(n, semiring.zero, dtype=np.float64)
    aw_node[g.accept] = one if g.accept_weights is None else np.asarray(g.accept_weights, np.float64)
    is_acc = np.zeros(n, bool); is_acc[g.accept] = True
    via = is_acc[P_dst]
    from .arcmap import segment_reduce_np
    vals = np.concatenate([aw_node[g.accept], times(P_w[via], aw_node[P_dst[via]])])
    nodes = np.concatenate([g.accept, P_src[via]])
    acc = np.unique(nodes)
    accw = segment_reduce_np(vals, np.searchsorted(acc, nodes), len(acc), semiring)
    order = np.argsort(src, kind="stable")
    out = Graph(n, g.start, acc, src[order], dst[order], il[order], ol[order], ww[order], g.start_weights,
                accw, g.name, _trusted=True)
    from .topology import connect
    return connect(out)
