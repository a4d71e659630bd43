"""Scores: shortest distance in any semiring, forward (log) and Viterbi (max)
scores, arc posteriors.

Acyclic graphs: a pass over topological levels, each level one vectorised
segment reduction (no Python step per arc); it works for every backend
(numpy, JAX, object arrays through :class:`SymbolicOps` -- the symbolic
forward score is the dynamic programme, polynomial in size).  A chain of
single-node levels (an emission lattice) is one cumulative reduction.

Cyclic graphs (numpy weights): strongly connected components in topological
order; each non-trivial component is solved exactly -- a linear solve in the
real semiring (log scores by scaling), Bellman-Ford in max-plus, reachability
in the boolean semiring.  A divergent cycle sum gives ``+inf``.

A graph with no accepting path scores ``-inf`` (the log/tropical zero), and
its posteriors are all zero (never NaN).

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 0.0), (0, 1, 2, 0.0)])
>>> round(forward_score(g), 6), viterbi_score(g)
(0.693147, 0.0)
"""

from __future__ import annotations

from .graph import _gname

import numpy as np

from .arcmap import backend_for, segment_reduce_np
from .semiring import LOG, TROPICAL, get_semiring
from .sorting import argsort_ints
from .topology import strongly_connected_components, topological_levels

_INT = np.int64

#: largest strongly connected component solved densely (nodes)
MAX_SCC_SIZE = 4000


def _reversed(g):
    from .graph import Graph
    return Graph(g.num_nodes, g.accept, g.start, g.dst, g.src, g.olabel, g.ilabel, g.weights,
                 g.accept_weights, g.start_weights, g.name, _trusted=True)


def _level_plan(g):
    """Arcs grouped by the topological level of their destination."""
    def compute():
        order, level = topological_levels(g)
        nlev = int(level.max()) + 1 if g.num_nodes else 0
        n = g.num_nodes
        arcs = argsort_ints(level[g.dst] * n + g.dst, nlev * n)
        alev = level[g.dst][arcs]
        a_off = np.searchsorted(alev, np.arange(nlev + 1))
        nodes_by_level = argsort_ints(level, nlev)
        nlv = level[nodes_by_level]
        n_off = np.searchsorted(nlv, np.arange(nlev + 1))
        local = np.empty(g.num_nodes, _INT)
        # local index of each node within its level
        local[nodes_by_level] = np.arange(g.num_nodes) - n_off[nlv]
        st_lev = level[g.start]
        st_order = np.argsort(st_lev, kind="stable")
        s_off = np.searchsorted(st_lev[st_order], np.arange(nlev + 1))
        chain = bool(nlev == g.num_nodes and np.all(level[g.dst] - level[g.src] == 1)) and \
            len(g.start) == 1 and level[g.start[0]] == 0
        return dict(level=level, nlev=nlev, arcs=arcs, a_off=a_off, nodes=nodes_by_level, n_off=n_off,
                    local=local, st_order=st_order, s_off=s_off, chain=chain)
    return g._cached("levelplan", compute)


def _acyclic_distance(g, semiring, ops):
    B = backend_for([g.weights, g.start_weights], semiring, ops)
    n = g.num_nodes
    plan = _level_plan(g)
    w = g.weights if g.weights is not None else np.zeros(g.num_arcs)
    w = B.convert(w)
    sw = B.const(B.one, len(g.start)) if g.start_weights is None else B.convert(g.start_weights)
    if B.kind == "numpy" and plan["chain"]:
        return _chain_distance(g, plan, w, sw, semiring)
    if B.kind == "numpy":
        alpha = B.const(B.zero, n)
        for k in range(plan["nlev"]):
            nodes = plan["nodes"][plan["n_off"][k]:plan["n_off"][k + 1]]
            arcs = plan["arcs"][plan["a_off"][k]:plan["a_off"][k + 1]]
            so = plan["st_order"][plan["s_off"][k]:plan["s_off"][k + 1]]
            v = B.times(alpha[g.src[arcs]], w[arcs])
            seg = plan["local"][g.dst[arcs]]
            if len(so):
                v = np.concatenate([v, sw[so]])
                seg = np.concatenate([seg, plan["local"][g.start[so]]])
            alpha[nodes] = segment_reduce_np(v, seg, len(nodes), semiring)
        return alpha
    if B.kind == "object":
        alpha = B.const(B.zero, n)
        for k in range(plan["nlev"]):
            nodes = plan["nodes"][plan["n_off"][k]:plan["n_off"][k + 1]]
            arcs = plan["arcs"][plan["a_off"][k]:plan["a_off"][k + 1]]
            so = plan["st_order"][plan["s_off"][k]:plan["s_off"][k + 1]]
            v = B.times(alpha[g.src[arcs]], w[arcs]) if len(arcs) else B.const(B.one, 0)
            seg = plan["local"][g.dst[arcs]]
            if len(so):
                v = B.concat([v, sw[so]])
                seg = np.concatenate([seg, plan["local"][g.start[so]]])
            alpha[nodes] = B.segment_plus(v, seg, len(nodes))
        return alpha
    # JAX: functional updates, one segment reduction per level
    import jax.numpy as jnp
    alpha = jnp.full((n,), B.zero, dtype=w.dtype)
    for k in range(plan["nlev"]):
        nodes = plan["nodes"][plan["n_off"][k]:plan["n_off"][k + 1]]
        arcs = plan["arcs"][plan["a_off"][k]:plan["a_off"][k + 1]]
        so = plan["st_order"][plan["s_off"][k]:plan["s_off"][k + 1]]
        v = B.times(alpha[g.src[arcs]], w[arcs])
        seg = plan["local"][g.dst[arcs]]
        if len(so):
            v = jnp.concatenate([v, sw[so]])
            seg = np.concatenate([seg, plan["local"][g.start[so]]])
        alpha = alpha.at[nodes].set(B.segment_plus(v, seg, len(nodes)))
    return alpha


def _chain_distance(g, plan, w, sw, semiring):
    # one node per level, every arc one level forward: a cumulative product of
    # per-level sums, no loop over levels
    nlev = plan["nlev"]
    lev_of_arc = plan["level"][g.dst]
    layer = segment_reduce_np(w, lev_of_arc, nlev, semiring)
    layer[0] = sw[0]
    if semiring.name in ("log", "tropical"):
        with np.errstate(invalid="ignore"):
            acc = np.cumsum(layer)
        acc = np.where(np.isnan(acc), -np.inf, acc)
    elif semiring.name == "real":
        acc = np.cumprod(layer)
    else:
        acc = np.logical_and.accumulate(layer)
    alpha = np.empty(g.num_nodes, dtype=acc.dtype)
    alpha[plan["nodes"]] = acc
    return alpha


def shortest_distance(g, semiring=LOG, reverse=False, ops=None):
    """Per-node distances: forward ``alpha[q]`` = ⊕ over paths from a start
    to q (start weight included), or with ``reverse=True`` backward
    ``beta[q]`` = ⊕ over paths from q to an accept (accept weight included).

    Acyclic graphs accept any backend; cyclic graphs need numpy weights.

    >>> from gtnlang.wfst.graph import linear_acceptor
    >>> shortest_distance(linear_acceptor([1, 2], [1.0, 2.0]), "tropical")
    array([0., 1., 3.])
    """
    semiring = get_semiring(semiring)
    if g.num_nodes and isinstance(g.weights, np.ndarray) and g.weights.dtype.kind == "f" \
            and semiring.name in ("log", "tropical"):
        from .compose import lattice_shape
        ls = lattice_shape(g)
        if ls is not None:
            return _lattice_distance(g, ls, semiring, reverse)
    if reverse:
        g = _reversed(g)
    if g.num_nodes == 0:
        return np.zeros(0)
    if topological_levels(g) is not None:
        return _acyclic_distance(g, semiring, ops)
    return _cyclic_distance(g, semiring)


def _lattice_distance(g, ls, semiring, reverse):
    # an emission lattice: one reduction per frame, then a cumulative sum
    T, V, _ = ls
    x = g.weights.reshape(T, V)
    if semiring.name == "tropical":
        layer = x.max(axis=1)
    else:
        layer = _frame_logsumexp(x)
    out = np.zeros(T + 1, dtype=x.dtype)
    # Frames are summed in float64 whatever the weights' type: a float32
    # running sum over thousands of frames would lose digits for nothing.
    if reverse:
        out[:-1] = np.cumsum(layer[::-1], dtype=np.float64)[::-1]
    else:
        out[1:] = np.cumsum(layer, dtype=np.float64)
    return out


def _rows_logsumexp(x):
    m = x.max(axis=1)
    mf = np.where(np.isfinite(m), m, 0.0)
    # One temporary, exponentiated in place: a third faster on a 1M-arc lattice.
    shifted = np.subtract(x, mf[:, None])
    np.exp(shifted, out=shifted)
    with np.errstate(divide="ignore"):
        return mf + np.log(shifted.sum(axis=1))


#: lattices with at least this many scores are reduced in row blocks on a thread pool
PARALLEL_MIN_SCORES = 1 << 18
_POOL = []


def _frame_logsumexp(x):
    """Log-sum-exp of each row.  Large arrays go in blocks of rows (each
    block's temporary stays in cache) to a thread pool: numpy's exp releases
    the GIL, and exp is most of the work."""
    import os
    workers = min(os.cpu_count() or 1, 8)
    if x.size < PARALLEL_MIN_SCORES or workers == 1:
        return _rows_logsumexp(x)
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor
        _POOL.append(ThreadPoolExecutor(workers, thread_name_prefix="gtnlang-wfst"))
    rows = max(1, (1 << 17) // x.shape[1])
    blocks = [x[a:a + rows] for a in range(0, x.shape[0], rows)]
    return np.concatenate(list(_POOL[0].map(_rows_logsumexp, blocks)))


def _total(g, alpha, semiring, ops=None):
    if g.num_nodes == 0 or len(g.accept) == 0:
        return semiring.zero if semiring.name != "boolean" else False
    B = backend_for([alpha, g.accept_weights], semiring, ops)
    v = alpha[g.accept]
    if g.accept_weights is not None:
        v = B.times(v, B.convert(g.accept_weights))
    if B.kind == "numpy":
        return semiring.plus_np(v)
    r = B.segment_plus(v, np.zeros(len(g.accept), _INT), 1)
    return r[0]


def total_weight(g, semiring=LOG, ops=None):
    """⊕ over all accepting paths of the path weights, in ``semiring``."""
    semiring = get_semiring(semiring)
    if g.num_nodes == 0:
        return semiring.zero
    return _total(g, shortest_distance(g, semiring, ops=ops), semiring, ops)


def forward_score(g, ops=None):
    """Log-sum-exp over all accepting paths of the path score (GTN's
    ``forward_score``); ``-inf`` when there is none.

    >>> from gtnlang.wfst.graph import empty_graph
    >>> forward_score(empty_graph())
    -inf
    """
    return total_weight(g, LOG, ops)


def viterbi_score(g, ops=None):
    """The best path score (max-plus); ``-inf`` when there is no path."""
    return total_weight(g, TROPICAL, ops)


def arc_posteriors(g, semiring=LOG):
    """Gradient of the total score w.r.t. each arc weight (numpy): in the log
    semiring the arc posteriors ``exp(alpha[src] + w + beta[dst] - Z)``; in
    max-plus, 1 on the arcs of the Viterbi path (GTN's convention).  All zero
    when no accepting path exists."""
    semiring = get_semiring(semiring)
    E = g.num_arcs
    if semiring.name == "tropical":
        from .paths import viterbi_path_arcs
        out = np.zeros(E)
        best = viterbi_path_arcs(g)
        if best is not None:
            _, arcs, _ = best
            np.add.at(out, np.asarray(arcs, dtype=np.int64), 1.0)
        return out
    if semiring.name != "log":
        raise ValueError("arc_posteriors: semiring must be log or tropical")
    if g.num_nodes == 0 or E == 0:
        return np.zeros(E)
    w = g.numpy_weights()
    a = np.asarray(shortest_distance(g, LOG), dtype=np.float64)
    b = np.asarray(shortest_distance(g, LOG, reverse=True), dtype=np.float64)
    Z = _total(g, a, LOG)
    if not np.isfinite(Z):
        return np.zeros(E)
    with np.errstate(invalid="ignore", over="ignore"):
        p = np.exp(a[g.src] + w + b[g.dst] - Z)
    return np.where(np.isfinite(p), p, 0.0)


# --- cyclic graphs ------------------------------------------------------------

def _cyclic_distance(g, semiring):
    if g.weights is not None and not (isinstance(g.weights, np.ndarray) and g.weights.dtype != object):
        try:
            w = np.asarray(g.weights, dtype=np.float64)
        except Exception:
            raise ValueError(f"shortest_distance: {_gname(g.name)} is cyclic; exact cyclic scores need numeric "
                             "(numpy) weights") from None
    else:
        w = g.numpy_weights()
    n = g.num_nodes
    ncomp, comp = strongly_connected_components(g)
    sizes = np.bincount(comp, minlength=ncomp)
    big = np.flatnonzero(sizes > MAX_SCC_SIZE)
    if len(big):
        raise ValueError(f"shortest_distance: {_gname(g.name)} has a strongly connected component of "
                         f"{sizes[big[0]]} nodes, more than MAX_SCC_SIZE = {MAX_SCC_SIZE} for the exact solve")
    internal = comp[g.src] == comp[g.dst]
    nontrivial = np.zeros(ncomp, bool)
    nontrivial[comp[g.src[internal]]] = True
    # condensation levels: components in topological order, grouped by level
    from .graph import Graph
    cg = Graph(ncomp, [], [], comp[g.src[~internal]], comp[g.dst[~internal]],
               np.zeros(int((~internal).sum()), _INT), _trusted=True)
    _, clevel = topological_levels(cg)
    nodes_order = np.lexsort((np.arange(n), clevel[comp]))
    nl = clevel[comp][nodes_order]
    nlev = int(clevel.max()) + 1
    n_off = np.searchsorted(nl, np.arange(nlev + 1))
    ext = np.flatnonzero(~internal)
    ext = ext[np.argsort(clevel[comp[g.dst[ext]]], kind="stable")]
    e_off = np.searchsorted(clevel[comp[g.dst[ext]]], np.arange(nlev + 1))
    int_arcs = np.flatnonzero(internal)
    int_arcs = int_arcs[np.argsort(comp[g.src[int_arcs]], kind="stable")]
    i_off = np.searchsorted(comp[g.src[int_arcs]], np.arange(ncomp + 1))
    sw = np.zeros(len(g.start)) if g.start_weights is None else np.asarray(g.start_weights, np.float64)
    if semiring.name == "real" and g.start_weights is None:
        sw = np.ones(len(g.start))
    zero = semiring.zero
    dt = bool if semiring.name == "boolean" else np.float64
    alpha = np.full(n, zero, dtype=dt)
    start_w = np.full(n, zero, dtype=dt)
    if semiring.name == "boolean":
        start_w[g.start] = True
    else:
        start_w[g.start] = sw
    wv = w.astype(bool) if semiring.name == "boolean" else w
    for k in range(nlev):
        nodes = nodes_order[n_off[k]:n_off[k + 1]]
        arcs = ext[e_off[k]:e_off[k + 1]]
        if semiring.name in ("log", "tropical"):
            v = np.concatenate([alpha[g.src[arcs]] + wv[arcs], start_w[nodes]])
        elif semiring.name == "real":
            v = np.concatenate([alpha[g.src[arcs]] * wv[arcs], start_w[nodes]])
        else:
            v = np.concatenate([alpha[g.src[arcs]] & wv[arcs], start_w[nodes]])
        seg = np.concatenate([g.dst[arcs], nodes])
        # reduce into a compact index space of this level's nodes
        loc = np.full(n, -1, _INT)
        loc[nodes] = np.arange(len(nodes))
        inflow = segment_reduce_np(v, loc[seg], len(nodes), semiring)
        alpha[nodes] = inflow
        for c in np.unique(comp[nodes][nontrivial[comp[nodes]]]):
            cn = nodes[comp[nodes] == c]
            ca = int_arcs[i_off[c]:i_off[c + 1]]
            alpha[cn] = _solve_scc(cn, g.src[ca], g.dst[ca], wv[ca], alpha[cn], semiring)
    return alpha


def _solve_scc(cn, src, dst, w, b, semiring):
    """x = b ⊕ x ⊗ A on one strongly connected component."""
    m = len(cn)
    loc = {int(q): i for i, q in enumerate(cn)}
    li = np.array([loc[int(s)] for s in src], _INT) if m < 64 else _loc(cn, src)
    lj = np.array([loc[int(d)] for d in dst], _INT) if m < 64 else _loc(cn, dst)
    name = semiring.name
    if name == "boolean":
        return np.full(m, bool(b.any()))
    if name == "tropical":
        return _max_plus_closure(li, lj, w, b, m)
    if name == "real":
        A = np.zeros((m, m))
        np.add.at(A, (li, lj), w)
        return _real_solve(A, b)
    # log: solve in probability space scaled by max-plus potentials phi (the
    # tropical solution): entries exp(w_ij + phi_i - phi_j) <= 1, so weights
    # of -800 neither underflow nor make the matrix look reducible
    if (b == np.inf).any():
        return np.full(m, np.inf)           # a diverged sum flows in and reaches the whole component
    if not np.isfinite(b).any():
        return b.copy()
    phi = _max_plus_closure(li, lj, w, b, m)
    if (phi == np.inf).any():
        return np.full(m, np.inf)           # a positive cycle: the log sum diverges too
    reached = np.isfinite(phi)
    ps = np.where(reached, phi, 0.0)
    live = reached[li]
    with np.errstate(over="ignore", invalid="ignore"):
        A = np.zeros((m, m))
        np.add.at(A, (li[live], lj[live]), np.exp(w[live] + ps[li[live]] - ps[lj[live]]))
        bh = np.where(np.isfinite(b), np.exp(np.where(np.isfinite(b), b, 0.0) - ps), 0.0)
    xr = _real_solve(A, bh)
    with np.errstate(divide="ignore"):
        return np.where(xr > 0, ps + np.log(np.maximum(xr, 1e-300)), np.where(np.isinf(xr), np.inf, -np.inf))


def _max_plus_closure(li, lj, w, b, m):
    """x = max(b, max_i x_i + w_ij) by Bellman-Ford; +inf everywhere when a
    positive cycle is reachable from the inflow (still improving after m rounds)."""
    x = b.copy()
    for _ in range(m + 1):
        cand = np.full(m, -np.inf)
        np.maximum.at(cand, lj, x[li] + w)
        nx = np.maximum(x, cand)
        if np.array_equal(nx, x):
            return x
        x = nx
    return np.full(m, np.inf)


def _loc(cn, x):
    o = np.argsort(cn)
    return o[np.searchsorted(cn[o], x)]


def _real_solve(A, b):
    """x = b + A^T x for an irreducible nonnegative A and b >= 0.  The series
    converges iff the spectral radius is below 1, which (Collatz-Wielandt)
    holds iff the solution is positive: no eigenvalue computation needed."""
    m = len(b)
    if np.any(A < 0) or np.any(b < 0):
        # signed real weights: fall back to the spectral radius
        if m and np.max(np.abs(np.linalg.eigvals(A))) >= 1.0:
            return np.where(b != 0, np.inf, 0.0) if np.any(b != 0) else np.zeros(m)
        return np.linalg.solve(np.eye(m) - A.T, b)
    if not np.any(b > 0):
        return np.zeros(m)
    if not np.all(np.isfinite(A)):
        return np.full(m, np.inf)
    try:
        x = np.linalg.solve(np.eye(m) - A.T, b)
    except np.linalg.LinAlgError:
        return np.full(m, np.inf)
    if not np.all(np.isfinite(x)) or not np.all(x > 0):
        return np.full(m, np.inf)
    return x
