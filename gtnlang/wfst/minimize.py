"""Weight pushing and minimization of weighted acceptors.

``minimize`` determinizes when needed, pushes weights towards the start
(every node's outgoing mass becomes the semiring one; the total goes into
the start weight), then merges equivalent nodes by partition refinement on
(label, quantized weight, class of destination) signatures, treating each
weighted label as a letter (Mohri).  The weighted language is preserved.

Pushing is an :class:`~gtnlang.wfst.arcmap.ArcMap`: the backward distances
``beta`` are stages (segment ⊕ level by level over the condensation, each
cycle component closed by a :class:`~gtnlang.wfst.arcmap.ClosureStage`), and
``w ⊗ beta[dst] ⊘ beta[src]`` uses an
:class:`~gtnlang.wfst.arcmap.InverseStage`.  Merging compares the pushed
weights in numeric lanes (see :mod:`gtnlang.wfst.determinize`: with JAX
tracers or symbolic weights only weights equal as functions merge), and the
result keeps one node's arcs per class through the same map -- so JAX
differentiates through ``minimize`` and symbolic log weights stay symbolic.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [3], [(0, 1, 1, 0.0), (0, 2, 2, 0.0), (1, 3, 3, 0.0), (2, 3, 3, 0.0)])
>>> minimize(g, "tropical").num_nodes
3
"""

from __future__ import annotations

import numpy as np

from .arcmap import ArcMap, InverseStage, SumStage, accept_index, apply_map, pool_size, start_index
from .graph import Graph, _gname
from .semiring import LOG, get_semiring

_INT = np.int64
QUANTUM = 1e-6


def backward_map(g, pool):
    """Append to ``pool`` the stages of the backward distances ``beta[q] =
    ⊕`` over paths from ``q`` to an accept node (accept weight included);
    returns each node's pool index (``-2``: no path, the zero).

    Level by level from the sinks of the condensation: ``e[q] = accept(q) ⊕
    ⊕ w ⊗ beta[m]`` over the arcs leaving ``q``'s component, then inside a
    cycle component ``C``: ``beta[p] = e[p] ⊕ ⊕_{r ∈ C} K⁺[p, r] ⊗ e[r]``.
    """
    from .epsilon import Condensation
    n = g.num_nodes
    cond = Condensation(g, np.arange(g.num_arcs))
    kplus = cond.closure(g, pool, "push_weights")
    beta = np.full(n, -2, _INT)
    aidx = np.full(n, -2, _INT)
    aidx[g.accept] = accept_index(g)
    for ps in cond.levels(np.arange(n, dtype=_INT)):
        e = _inflow(g, pool, cond, ps, aidx, beta)
        cyc = cond.cyclic[cond.comp[ps]]
        beta[ps[~cyc]] = e[~cyc]
        if cyc.any():
            beta[ps[cyc]] = _through_cycles(pool, cond, kplus, ps[cyc], e[cyc], n)
    return beta


def _inflow(g, pool, cond, ps, aidx, beta):
    """``e[p]`` for the nodes ``ps`` of one level (pool indices, ``-2`` =
    zero): accept weights and arcs leaving the component."""
    from .topology import expand_ranges
    acc = ps[aidx[ps] > -2]
    _, pos = expand_ranges(cond.x_off[ps], cond.x_off[ps + 1])
    arcs = cond.x_sorted[pos]
    arcs = arcs[beta[g.dst[arcs]] > -2]
    p = np.concatenate([acc, g.src[arcs]])
    e = np.full(len(ps), -2, _INT)
    if not len(p):
        return e
    a = np.concatenate([aidx[acc], arcs])
    b = np.concatenate([np.full(len(acc), -1, _INT), beta[g.dst[arcs]]])
    up, _, idx = pool.reduce(p, np.zeros(len(p), _INT), a, b, 1)
    e[np.searchsorted(ps, up)] = idx
    return e


def _through_cycles(pool, cond, kplus, ps, e, n):
    """``beta[p] = e[p] ⊕ ⊕_{r ∈ C} K⁺[p, r] ⊗ e[r]`` for the members ``ps``
    (sorted) of this level's cycle components."""
    has = e > -2
    r = ps[has]
    own, p = cond.members(r)
    src = np.concatenate([r, p])
    a = np.concatenate([e[has], kplus(p, r[own])])
    b = np.concatenate([np.full(len(r), -1, _INT), e[has][own]])
    out = np.full(len(ps), -2, _INT)
    if len(src):
        up, _, idx = pool.reduce(src, np.zeros(len(src), _INT), a, b, 1)
        out[np.searchsorted(ps, up)] = idx
    return out


def push_map(g):
    """Structure and :class:`ArcMap` of :func:`push_weights` on a trimmed
    ``g`` (every node reaches an accept node)."""
    from .epsilon import StagePool
    pool = StagePool(pool_size(g))
    beta = backward_map(g, pool)
    if np.any(beta < 0):
        raise ValueError(f"push_weights: {_gname(g.name)} has nodes with no accepting path (trim it first)")
    inv = pool.add(InverseStage(beta))
    wb = pool.add(SumStage(np.arange(g.num_arcs), beta[g.dst], None, g.num_arcs))
    s = Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel, name=g.name, _trusted=True)
    m = ArcMap([pool_size(g)], (wb, inv[g.src]), (start_index(g), beta[g.start]),
               (accept_index(g), inv[g.accept]), pool.stages)
    return s, m


def push_weights(g, semiring=LOG, ops=None):
    """Push weights towards the start nodes: ``w' = w ⊗ beta[dst] ⊘
    beta[src]``, accept weights ``a ⊘ beta``, start weights ``s ⊗ beta``
    (``beta``: backward distances).  Nodes with no accepting path are removed
    first; a divergent cycle (infinite ``beta``) raises ``ValueError``.
    Any backend (an arc map).

    >>> from gtnlang.wfst.graph import from_arcs
    >>> p = push_weights(from_arcs([0], [2], [(0, 1, 1, 1.0), (1, 2, 2, 2.0)]), "tropical")
    >>> p.weights.tolist(), p.start_weights.tolist()
    ([0.0, 0.0], [3.0])
    """
    from .determinize import weight_lanes
    from .topology import connect
    semiring = get_semiring(semiring)
    g = connect(g, ops=ops)
    if g.num_nodes == 0:
        return g
    s, m = push_map(g)
    _check_finite(m, weight_lanes(g, semiring, "push_weights")[0], semiring)
    return apply_map(s, m, [g], semiring, ops)


def _check_finite(m, lane, semiring):
    # every node is reachable from the start: a divergent beta anywhere reaches the start weight
    with np.errstate(invalid="ignore"):
        sw = m.apply([lane], semiring)[1]
    if not np.all(sw < np.inf):
        raise ValueError("push_weights: infinite backward distance (divergent cycle)")


def minimize(g, semiring=LOG, ops=None):
    """The minimal deterministic acceptor with the same weighted language
    (``semiring`` log or tropical; weights in any backend, see the module
    docstring).  The result has a start weight (the pushed total) and accept
    weights."""
    from .determinize import determinize_map, is_deterministic, trimmed_with_lanes
    semiring = get_semiring(semiring)
    if semiring.name not in ("log", "tropical"):
        raise ValueError("minimize: semiring must be log or tropical")
    if not g.is_acceptor:
        raise ValueError(f"minimize: {_gname(g.name)} is a transducer; minimize acceptors")
    g, lanes = trimmed_with_lanes(g, semiring, ops, "minimize")
    if g.num_nodes and not is_deterministic(g):
        # a determinized trimmed graph is trimmed
        s, m = determinize_map(g, lanes, semiring)
        g = apply_map(s, m, [g], semiring, ops)
        lanes = [apply_map(s, m, [x], semiring) for x in lanes]
    if g.num_nodes == 0:
        return g
    s, m = push_map(g)
    _check_finite(m, lanes[0], semiring)
    with np.errstate(invalid="ignore", over="ignore"):     # a generic lane may diverge: it only merges less
        pushed = [m.apply([x], semiring) for x in lanes]
    s2, m2 = _merge_map(s, m, pushed)
    return apply_map(s2, m2, [g], semiring, ops)


def _merge_map(g, m, pushed):
    """Merge the equivalent nodes of the pushed structure ``g`` (map ``m``,
    lane values ``pushed``): structure and map of the quotient."""
    n = g.num_nodes
    qa = np.full(n, -1, _INT)
    qa[g.accept] = _classes(np.stack([p[2] for p in pushed], axis=1))
    cls = np.unique(qa, return_inverse=True)[1].reshape(-1).astype(_INT)
    qw = _classes(np.stack([p[0] for p in pushed], axis=1))
    order = np.lexsort((g.ilabel, g.src))
    src, lab, dst, qw_ = g.src[order], g.ilabel[order], g.dst[order], qw[order]
    off = np.searchsorted(src, np.arange(n + 1))
    nclass = int(cls.max()) + 1
    while True:
        # signature of a node: its class and its sorted (label, weight, class of dst) arcs
        sig = {}
        new = np.empty(n, _INT)
        la, wa, ca = lab.tolist(), qw_.tolist(), cls[dst].tolist()
        cl = cls.tolist()
        for u in range(n):
            a, b = off[u], off[u + 1]
            key = (cl[u], tuple(zip(la[a:b], wa[a:b], ca[a:b])))
            new[u] = sig.setdefault(key, len(sig))
        if len(sig) == nclass:
            break
        cls, nclass = new, len(sig)
    rep = np.full(nclass, -1, _INT)
    rep[cls[::-1]] = np.arange(n)[::-1]  # first node of each class
    arcs = np.flatnonzero(np.isin(g.src, rep))
    acc_nodes = rep[np.unique(cls[g.accept])]
    o = np.argsort(cls[acc_nodes])
    apos = np.searchsorted(g.accept, acc_nodes[o])
    s = Graph(nclass, cls[g.start], cls[acc_nodes[o]], cls[g.src[arcs]], cls[g.dst[arcs]], g.ilabel[arcs], None,
              name=g.name, _trusted=True)
    m2 = ArcMap(m.input_sizes, (m.arc[0][arcs], m.arc[1][arcs]), m.start,
                (m.accept[0][apos], m.accept[1][apos]), m.stages)
    return s, m2


def _classes(values):
    """One id per distinct row of quantized lane values (``-inf`` rows
    included)."""
    fin = np.isfinite(values)
    q = np.where(fin, np.round(np.where(fin, values, 0.0) / QUANTUM), 0).astype(np.int64)
    q[~fin] = np.iinfo(np.int64).min
    if not len(q):
        return np.zeros(0, _INT)
    return np.unique(q, axis=0, return_inverse=True)[1].reshape(-1).astype(_INT)
