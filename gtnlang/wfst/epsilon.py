"""Weighted epsilon removal, epsilon cycles included.

An arc is an epsilon arc when both its labels are ``EPSILON``.  For each
node ``p`` the closure distances ``d[p, q]`` (⊕ over epsilon paths ``p -> q``
of one or more arcs) are computed as arc-map *stages*, so the result is exact
in any semiring, symbolic weights included, and differentiable through JAX:

1. the strongly connected components of the epsilon subgraph that hold a
   cycle get their transitive closure ``K⁺`` in one
   :class:`~gtnlang.wfst.arcmap.ClosureStage` (Kleene's elimination in the
   semiring: exact for log weights of any magnitude, ``+inf`` for a
   divergent cycle);
2. the condensation (the DAG of components) is walked level by level from
   its sinks: a node's distances through the epsilon arcs leaving its
   component are segment ⊕ of ``w_e ⊗ d[m, q]``; inside a cyclic component
   ``C`` they are then ``d[p, q] = E[p, q] ⊕ ⊕_{r ∈ C} K⁺[p, r] ⊗ E[r, q]``
   (``E``: the distances through the component's outgoing arcs), and
   ``d[p, q] = K⁺[p, q]`` for ``q`` in ``C``.

Then every non-epsilon arc ``q -> r`` yields ``p -> r`` weighted ``d[p, q] ⊗
w``, and ``p``'s accept weight becomes ``accept(p) ⊕ ⊕_q d[p, q] ⊗
accept(q)`` (OpenFst's ``RmEpsilon``).  The result is trimmed.

>>> import math
>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [2], [(0, 1, 0, 0.5), (1, 2, 7, 1.0)])
>>> remove_epsilon(g).arcs()
[(0, 1, 7, 7, 1.5)]
>>> loop = from_arcs([0], [1], [(0, 0, 0, math.log(0.5)), (0, 1, 7, 0.0)])
>>> h = remove_epsilon(loop)             # the direct arc, and the one after 1/2 + 1/4 + ... = 1
>>> [(s, d, l, round(math.exp(w), 12)) for s, d, l, _, w in h.arcs()]
[(0, 1, 7, 1.0), (0, 1, 7, 1.0)]
"""

from __future__ import annotations

import numpy as np

from .arcmap import ArcMap, ClosureStage, SumStage, accept_index, apply_map, pool_size
from .graph import EPSILON, Graph, _gname
from .semiring import LOG, get_semiring
from .topology import connect, csr, expand_ranges, strongly_connected_components, topological_levels, trim_map

_INT = np.int64

#: largest epsilon cycle component closed (nodes; the closure costs M^3)
MAX_CLOSURE_SIZE = 1000


def _eps_mask(g):
    return (g.ilabel == EPSILON) & (g.olabel == EPSILON)


class StagePool:
    """The stages appended to an arc-map pool of ``size`` entries so far."""

    def __init__(self, size):
        self.size = size
        self.stages = []

    def add(self, stage):
        """Append ``stage``; the pool indices of its outputs."""
        idx = self.size + np.arange(stage.size, dtype=_INT)
        self.size += stage.size
        self.stages.append(stage)
        return idx

    def reduce(self, p, q, a, b, n):
        """A stage ⊕-ing terms ``pool[a] ⊗ pool[b]`` by key ``(p, q)`` (``q <
        n``); ``(p, q, pool index)`` of each distinct key, sorted by ``p``."""
        key = p * n + q
        uk, seg = np.unique(key, return_inverse=True)
        idx = self.add(SumStage(a, b, seg.reshape(-1), len(uk)))
        return uk // n, uk % n, idx


class Condensation:
    """The subgraph of ``g`` on arcs ``arcs``: its strongly connected
    components, their height (levels counted from the sinks of the
    condensation), and the arcs leaving a component grouped by source."""

    def __init__(self, g, arcs):
        n = g.num_nodes
        self.arcs = np.asarray(arcs, _INT)
        src, dst = g.src[self.arcs], g.dst[self.arcs]
        sub = Graph(n, [], [], src, dst, np.zeros(len(src), _INT), _trusted=True)
        ncomp, comp = strongly_connected_components(sub)
        internal = comp[src] == comp[dst]
        self.comp = comp
        self.size = np.bincount(comp, minlength=ncomp)
        self.cyclic = np.zeros(ncomp, bool)
        self.cyclic[comp[src[internal]]] = True
        self.internal = self.arcs[internal]
        # heights: a component comes after every component its arcs lead to
        rc = Graph(ncomp, [], [], comp[dst[~internal]], comp[src[~internal]], np.zeros(int((~internal).sum()), _INT),
                   _trusted=True)
        self.height = topological_levels(rc)[1][comp]
        ext = self.arcs[~internal]
        self.x_off, perm = csr(n, g.src[ext])
        self.x_sorted = ext[perm]
        # members of each component, and each node's place among them
        self.m_perm = np.argsort(comp, kind="stable")
        self.m_off = np.searchsorted(comp[self.m_perm], np.arange(ncomp + 1))
        self.local = np.empty(n, _INT)
        self.local[self.m_perm] = np.arange(n, dtype=_INT) - self.m_off[comp[self.m_perm]]

    def members(self, nodes):
        """``(owner, member)``: every member of each node's component."""
        c = self.comp[nodes]
        own, pos = expand_ranges(self.m_off[c], self.m_off[c + 1])
        return own, self.m_perm[pos]

    def levels(self, nodes):
        """``nodes`` grouped by height, lowest first (a list of arrays)."""
        nodes = nodes[np.argsort(self.height[nodes], kind="stable")]
        bounds = np.flatnonzero(np.diff(self.height[nodes], prepend=-1, append=-1))
        return [nodes[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]

    def closure(self, g, pool, what):
        """Append the :class:`ClosureStage` of every cyclic component; returns
        ``kplus(p, q)``, the pool index of ``K⁺[p, q]`` for nodes ``p, q`` of
        one cyclic component (``None`` when there is none)."""
        cyc = np.flatnonzero(self.cyclic)
        if not len(cyc):
            return None
        sizes = self.size[cyc]
        if sizes.max() > MAX_CLOSURE_SIZE:
            raise ValueError(f"{what}: {_gname(g.name)} has a cycle component of {sizes.max()} nodes, "
                             f"more than MAX_CLOSURE_SIZE = {MAX_CLOSURE_SIZE}")
        rank = np.full(len(self.size), -1, _INT)
        rank[cyc] = np.arange(len(cyc))
        s, d = g.src[self.internal], g.dst[self.internal]
        idx = pool.add(ClosureStage(sizes, rank[self.comp[s]], self.local[s], self.local[d], self.internal))
        base = np.zeros(len(self.size), _INT)
        base[cyc] = idx[0] + np.cumsum(sizes ** 2) - sizes ** 2
        return lambda p, q: base[self.comp[p]] + self.local[p] * self.size[self.comp[p]] + self.local[q]


def _distances(g, eps, pool):
    """``(P_src, P_dst, P_pool)``: every pair with an epsilon path ``p -> q``
    and the pool index of ``d[p, q]``, grouped by ``p``."""
    n = g.num_nodes
    kplus = eps.closure(g, pool, "remove_epsilon")
    has_out = np.zeros(n, bool)
    has_out[g.src[eps.arcs]] = True
    pstart = np.zeros(n, _INT)
    pcount = np.zeros(n, _INT)
    P = [np.zeros(0, _INT)] * 3
    for ps in eps.levels(np.flatnonzero(has_out)):
        rows = _level(g, eps, pool, kplus, ps, pstart, pcount, P[1], P[2])
        o = np.argsort(rows[0], kind="stable")
        rows = [r[o] for r in rows]
        first = np.searchsorted(rows[0], ps)
        pstart[ps] = len(P[1]) + first
        pcount[ps] = np.searchsorted(rows[0], ps, "right") - first
        P = [np.concatenate([a, b]) for a, b in zip(P, rows)]
    return P


def _level(g, eps, pool, kplus, ps, pstart, pcount, P_dst, P_pool):
    """The pairs ``(p, q, pool index)`` of the nodes ``ps`` of one level (all
    lower levels done)."""
    # through the arcs leaving p's component: w_e, and w_e ⊗ d[m, q]
    own, pos = expand_ranges(eps.x_off[ps], eps.x_off[ps + 1])
    arcs = eps.x_sorted[pos]
    p_of, m_of = ps[own], g.dst[arcs]
    o2, pos2 = expand_ranges(pstart[m_of], pstart[m_of] + pcount[m_of])
    tp = np.concatenate([p_of, p_of[o2]])
    tq = np.concatenate([m_of, P_dst[pos2]])
    ta = np.concatenate([arcs, arcs[o2]])
    tb = np.concatenate([np.full(len(arcs), -1, _INT), P_pool[pos2]])
    E = pool.reduce(tp, tq, ta, tb, g.num_nodes) if len(tp) else [np.zeros(0, _INT)] * 3
    cyc = eps.cyclic[eps.comp[E[0]]]
    out = [x[~cyc] for x in E]
    cps = ps[eps.cyclic[eps.comp[ps]]]
    if not len(cps):
        return out
    # a cyclic component: E[p, q] ⊕ K⁺[p, r] ⊗ E[r, q] for q outside it ...
    Er, Eq, Ei = (x[cyc] for x in E)
    o3, p3 = eps.members(Er)
    if len(Er):
        B = pool.reduce(np.concatenate([Er, p3]), np.concatenate([Eq, Eq[o3]]),
                        np.concatenate([Ei, kplus(p3, Er[o3])]),
                        np.concatenate([np.full(len(Er), -1, _INT), Ei[o3]]), g.num_nodes)
        out = [np.concatenate([a, b]) for a, b in zip(out, B)]
    # ... and K⁺[p, q] inside it
    o4, q4 = eps.members(cps)
    p4 = cps[o4]
    return [np.concatenate([a, b]) for a, b in zip(out, (p4, q4, kplus(p4, q4)))]


def remove_epsilon_map(g):
    """Structure and :class:`ArcMap` of :func:`remove_epsilon` (any epsilon
    subgraph, cycles included)."""
    n = g.num_nodes
    eps = Condensation(g, np.flatnonzero(_eps_mask(g)))
    pool = StagePool(pool_size(g))
    P_src, P_dst, P_pool = _distances(g, eps, pool)
    # new arcs: pair (p, q) x non-epsilon arcs leaving q
    ne = np.flatnonzero(~_eps_mask(g))
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
    accept, acc_map = _accept(g, pool, P_src, P_dst, P_pool)
    s = Graph(n, g.start, accept, src, dst, il, ol, name=g.name, _trusted=True)
    sm = None
    if g.start_weights is not None:
        sm = np.arange(g.num_arcs, g.num_arcs + len(g.start), dtype=_INT)
    m = ArcMap([pool_size(g)], (ia, ib), sm, acc_map, pool.stages)
    return trim_map(s, m)


def _accept(g, pool, P_src, P_dst, P_pool):
    """Accept nodes and their pool indices: ``accept(p) ⊕ ⊕_q d[p, q] ⊗
    accept(q)``."""
    n = g.num_nodes
    is_acc = np.zeros(n, bool)
    is_acc[g.accept] = True
    aidx = np.full(n, -1, _INT)
    aidx[g.accept] = accept_index(g)
    via = is_acc[P_dst]
    if not via.any():
        return g.accept, None if g.accept_weights is None else accept_index(g)
    newacc = np.union1d(g.accept, P_src[via])
    loc = np.searchsorted(newacc, np.concatenate([g.accept, P_src[via]]))
    ta = np.concatenate([aidx[g.accept], P_pool[via]])
    tb = np.concatenate([np.full(len(g.accept), -1, _INT), aidx[P_dst[via]]])
    return newacc, pool.add(SumStage(ta, tb, loc, len(newacc)))


def remove_epsilon(g, semiring=LOG, ops=None):
    """A graph without epsilon arcs (both labels ``EPSILON``) and the same
    weighted relation in ``semiring`` (log by default; the construction is
    exact in every semiring, max-plus included).  Transducer arcs with one
    epsilon side are kept.  Epsilon cycles are closed exactly (``+inf``
    weights where their sum diverges); symbolic weights on an epsilon cycle
    need a ``star`` in their :class:`~gtnlang.wfst.semiring.SymbolicOps`.
    """
    semiring = get_semiring(semiring)
    if not _eps_mask(g).any():
        return g
    # trimmed first: an epsilon cycle off every accepting path may diverge,
    # and its +inf closure would turn the zero gradients of its arcs into NaN
    g = connect(g, ops=ops)
    if not _eps_mask(g).any():
        return g
    s, m = remove_epsilon_map(g)
    return apply_map(s, m, [g], semiring=semiring, ops=ops)
