"""Weighted determinization of acceptors (max-plus and log semirings).

Mohri's weighted subset construction: a state of the result is a set of
``(node, residual)`` pairs; an arc's weight is the ⊕ of the members'
contributions ``r_q ⊗ w`` and each new residual is what is left over, a
semiring quotient ``(⊕ contributions into q') ⊘ W`` (a subtraction of
scores).  The weighted language is preserved: every string keeps its max
(tropical) or log-sum-exp (log) score.  Epsilons are removed first.

Which residuals coincide, and so which states exist, depends on the weight
*values*.  The structure is computed in numpy from numeric *lanes* of the
weights (:func:`weight_lanes`); the weights themselves come from an
:class:`~gtnlang.wfst.arcmap.ArcMap` (sums, an
:class:`~gtnlang.wfst.arcmap.InverseStage` for the quotients, products),
applied in the input's backend, so JAX differentiates through the result
and symbolic weights give symbolic results:

* numpy or concrete JAX weights: one lane, their values;
* JAX tracers (inside ``jax.grad``): their values and a generic lane of
  random values -- two states merge only when their residuals agree in both,
  i.e. (almost surely) as functions of the weights, so the result equals the
  input's language in a whole neighbourhood and the gradient is exact even
  where weights coincide (all zero, say);
* symbolic weights (log semiring only): two generic lanes, each symbol a
  random number.  In the log semiring a residual is a real-analytic function
  of the weights (log-sum-exps, sums and differences); two distinct analytic
  functions agree only on a set of measure zero, so residuals equal at random
  values are equal as functions.  The structure found at generic values is
  therefore valid for every value of the symbols (states merge only where
  residuals are identical, arcs exist whatever their finite weights).  In the
  tropical semiring residuals are piecewise linear (a ``max``): which piece
  applies depends on the order of the weights, so no one structure serves
  all values, and symbolic tropical weights raise ``ValueError``.

Not every weighted automaton is determinizable (the twins property); a
result larger than ``max_states`` raises ``ValueError``.  Under ``jax.jit``
or ``vmap`` the weight values are unknown, so the structure cannot be
computed: that raises ``ValueError`` too (``jax.grad`` alone works).

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 1.0), (0, 1, 1, 2.0)])
>>> d = determinize(g, "tropical")
>>> d.num_arcs, float(d.weights[0])
(1, 2.0)
"""

from __future__ import annotations

import numpy as np

from .arcmap import (ArcMap, InverseStage, SumStage, accept_index, apply_map, concrete_values, is_traced,
                     pool_size, segment_reduce_np, start_index)
from .graph import EPSILON, Graph, _gname
from .semiring import LOG, get_semiring
from .topology import csr, expand_ranges

_INT = np.int64
QUANTUM = 1e-6
#: seed of the generic lanes (reproducible structures)
GENERIC_SEED = 20240611


def is_deterministic(g):
    """At most one start node and no two arcs leaving a node with the same
    input label, and no epsilon arcs."""
    if len(g.start) > 1 or np.any(g.ilabel == EPSILON):
        return False
    key = g.src * (int(g.ilabel.max(initial=0)) + 1) + g.ilabel
    return len(np.unique(key)) == len(key)


# --- numeric lanes ------------------------------------------------------------

def weight_lanes(g, semiring, what):
    """Numeric stand-ins for ``g``'s weights, one numpy graph per lane (see
    the module docstring), from which value-dependent structure is computed.

    >>> from gtnlang.wfst.graph import from_arcs
    >>> [l.weights.tolist() for l in weight_lanes(from_arcs([0], [1], [(0, 1, 1, 2.0)]), LOG, "f")]
    [[2.0]]
    """
    parts = [g.weights, g.start_weights, g.accept_weights]
    if any(isinstance(p, np.ndarray) and p.dtype == object for p in parts):
        if semiring.name != "log":
            raise ValueError(f"{what}: symbolic weights need the log semiring; in the {semiring.name} semiring "
                             "the result's structure depends on which weights are larger, which symbols do not tell")
        rng = np.random.default_rng(GENERIC_SEED)
        lanes = []
        for _ in range(2):
            seen = {}                   # one value per symbol within a lane, fresh ones in the next
            lanes.append(_lane(g, [_generic(p, rng, seen) for p in parts]))
        return lanes
    vals = [None if p is None else concrete_values(p) for p in parts]
    if any(v is None and p is not None for v, p in zip(vals, parts)):
        raise ValueError(f"{what}: the result's structure depends on the weight values, which are not known "
                         "under jax.jit or vmap (traced); call it outside them (jax.grad works)")
    lanes = [_lane(g, vals)]
    if any(p is not None and is_traced(p) for p in parts):
        rng = np.random.default_rng(GENERIC_SEED)
        lanes.append(_lane(g, [None if p is None else _random(rng, len(p)) for p in parts]))
    return lanes


def _lane(g, parts):
    w, sw, aw = (None if p is None else np.asarray(p, np.float64) for p in parts)
    return Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel,
                 np.zeros(g.num_arcs) if w is None else w, sw, aw, g.name, _trusted=True)


def _random(rng, k):
    # negative enough that cycles of generic weights converge (pushing sums them)
    return rng.uniform(-6.0, -3.0, k)


def _generic(p, rng, seen):
    """Numbers stay; each distinct symbolic entry becomes one random value."""
    if p is None:
        return None
    out = np.empty(len(p))
    for i, x in enumerate(p):
        try:
            out[i] = float(x)
            continue
        except (TypeError, ValueError):
            pass
        try:
            key = ("h", x)
            hash(key)
        except TypeError:
            key = ("id", id(x))
        if key not in seen:
            seen[key] = _random(rng, 1)[0]
        out[i] = seen[key]
    return out


def lanes_key(qs, R):
    """Hashable identity of a state: its members and quantized residuals."""
    fin = np.isfinite(R)
    q = np.where(fin, np.round(np.where(fin, R, 0.0) / QUANTUM), 0).astype(np.int64)
    q[~fin] = np.iinfo(np.int64).min
    return qs.tobytes(), q.tobytes()


# --- the construction ---------------------------------------------------------

class _Subsets:
    """States found so far: members, residual lanes and residual pool indices."""

    def __init__(self, max_states, generic):
        self.members, self.lanes, self.ridx = [], [], []
        self.index = {}
        self.max_states = max_states
        self.generic = generic

    def find(self, qs, R, ridx):
        k = lanes_key(qs, R)
        t = self.index.get(k)
        if t is None:
            t = len(self.members)
            if t >= self.max_states:
                why = ("; residuals must agree as functions of the weights here (generic values, for exact "
                       "gradients or symbolic weights), and it may be determinizable only at coincident weight "
                       "values") if self.generic else ""
                raise ValueError(f"determinize: more than max_states = {self.max_states} states; the graph may not be "
                                 f"determinizable (twins property){why}")
            self.index[k] = t
            self.members.append(qs)
            self.lanes.append(R)
            self.ridx.append(ridx)
        return t

    def flat(self, wave):
        """``(state, member, residual index, residual lanes)`` of every member
        of the states ``wave``."""
        st = np.concatenate([np.full(len(self.members[t]), t, _INT) for t in wave])
        cat = lambda xs: np.concatenate([xs[t] for t in wave])
        return st, cat(self.members), cat(self.ridx), cat(self.lanes)


def determinize_map(g, lanes, semiring=LOG, max_states=100_000):
    """Structure and :class:`ArcMap` of the determinization of ``g`` (an
    epsilon-free, trimmed acceptor) whose weights have numeric ``lanes``
    (numpy graphs with ``g``'s structure).  States are found a wave at a
    time (all states of one breadth-first round), a few stages per wave."""
    semiring = get_semiring(semiring)
    from .epsilon import StagePool
    pool = StagePool(pool_size(g))
    # lane values by pool index; row 0 (index -1) is the one, 0.0
    L = np.concatenate([np.zeros((1, len(lanes))), np.stack([_pool_values(x) for x in lanes], axis=1)])
    val = lambda idx: L[idx + 1]
    S = _Subsets(max_states, len(lanes) > 1)
    start_w, R0, ridx0 = _start(g, pool, val, len(lanes), semiring)
    o = np.argsort(g.start, kind="stable")
    S.find(g.start[o], R0[o], ridx0[o])
    off, perm = csr(g.num_nodes, g.src)
    arcs, finals = [], []
    done = 0
    while done < len(S.members):
        wave = np.arange(done, len(S.members))
        done = len(S.members)
        finals.append(_finals(g, pool, S, wave))
        arcs.append(_expand(g, pool, S, wave, off, perm, val, semiring))
    src, dst, lab, widx = (np.concatenate(x) for x in zip(*arcs))
    acc, aw = (np.concatenate(x) for x in zip(*finals))
    o = np.argsort(src, kind="stable")
    s = Graph(len(S.members), [0], acc, src[o], dst[o], lab[o], None, name=g.name, _trusted=True)
    return s, ArcMap([pool_size(g)], widx[o], start_w, None if np.all(aw == -1) else aw, pool.stages)


def _pool_values(lane):
    parts = [lane.weights]
    if lane.start_weights is not None:
        parts.append(lane.start_weights)
    if lane.accept_weights is not None:
        parts.append(lane.accept_weights)
    return np.concatenate([np.asarray(p, np.float64) for p in parts])


def _start(g, pool, val, nlanes, semiring):
    """The start weight ``total = ⊕ s_q`` (pool index, ``None`` = one) and
    the start residuals ``s_q ⊘ total`` (lanes and pool indices)."""
    k = len(g.start)
    if g.start_weights is None and k == 1:
        return None, np.zeros((1, nlanes)), np.full(1, -1, _INT)
    sidx = start_index(g)
    sv = val(sidx)
    tv = _reduce_lanes(sv, np.zeros(k, _INT), 1, semiring)
    total = pool.add(SumStage(sidx, np.full(k, -1, _INT), np.zeros(k, _INT), 1))
    inv = pool.add(InverseStage(total))
    ridx = pool.add(SumStage(sidx, np.repeat(inv, k), None, k))
    with np.errstate(invalid="ignore"):
        R = np.where(sv == -np.inf, -np.inf, sv - tv)
    return total, R, ridx


def _finals(g, pool, S, wave):
    """Accepting states of ``wave`` and their weights ``⊕_q r_q ⊗ accept(q)``
    (pool indices; ``-1`` = one)."""
    aidx = np.full(g.num_nodes, -2, _INT)
    aidx[g.accept] = accept_index(g)
    st, qs, ri, _ = S.flat(wave)
    acc = aidx[qs] > -2
    st, qs, ri = st[acc], qs[acc], ri[acc]
    states, first, cnt = np.unique(st, return_index=True, return_counts=True)
    # one accepting member with a residual or accept weight of one: no stage needed
    single = (cnt == 1) & ((ri[first] == -1) | (aidx[qs[first]] == -1))
    w = np.where(ri[first] == -1, aidx[qs[first]], ri[first])
    if not single.all():
        red = pool.add(SumStage(ri, aidx[qs], np.searchsorted(states, st), len(states)))
        w = np.where(single, w, red)
    return states, w


def _expand(g, pool, S, wave, off, perm, val, semiring):
    """Arcs out of the states of ``wave``: ``(src, dst, label, weight index)``;
    new states are appended to ``S``."""
    n = g.num_nodes
    st, qs, ri, R = S.flat(wave)
    own, pos = expand_ranges(off[qs], off[qs + 1])
    if not len(pos):
        return [np.zeros(0, _INT)] * 4
    arcs = perm[pos]
    lab = g.ilabel[arcs]
    nl = int(lab.max()) + 1
    # (state, label) groups: an arc weighted W; (state, label, dst): a member of its target
    u1, g1 = np.unique(st[own] * nl + lab, return_inverse=True)
    u2, g2 = np.unique(g1 * n + g.dst[arcs], return_inverse=True)
    Wi = pool.add(SumStage(ri[own], arcs, g1, len(u1)))
    grp = u2 // n
    Rv, Ri = _residuals(pool, ri[own], arcs, R[own] + val(arcs), Wi, g1, g2, grp, semiring)
    dst_node = u2 % n
    bounds = np.searchsorted(grp, np.arange(len(u1) + 1))
    dst_state = np.array([S.find(dst_node[a:b], Rv[a:b], Ri[a:b]) for a, b in zip(bounds[:-1], bounds[1:])],
                         dtype=_INT)
    return [u1 // nl, dst_state, u1 % nl, Wi]


def _residuals(pool, ra, arcs, cand, Wi, g1, g2, grp, semiring):
    """The residual of each (group, destination) ``(⊕ its contributions
    pool[ra] ⊗ pool[arcs]) ⊘ W[group]``: lanes and pool indices."""
    n1, n2 = int(g1.max()) + 1, len(grp)
    Wv = _reduce_lanes(cand, g1, n1, semiring)
    Dv = _reduce_lanes(cand, g2, n2, semiring)
    # a sole destination keeps all of W: its residual is exactly one
    sole = np.bincount(grp, minlength=n1)[grp] == 1
    with np.errstate(invalid="ignore"):
        Rv = np.where(sole[:, None] | (Dv == -np.inf), np.where(sole[:, None], 0.0, -np.inf), Dv - Wv[grp])
    Ri = np.full(n2, -1, _INT)
    many = np.flatnonzero(~sole)
    if len(many):
        keep = ~sole[g2]
        ren = np.full(n2, -1, _INT)
        ren[many] = np.arange(len(many))
        Di = pool.add(SumStage(ra[keep], arcs[keep], ren[g2[keep]], len(many)))
        ug = np.unique(grp[many])
        inv_of = np.full(n1, -1, _INT)
        inv_of[ug] = pool.add(InverseStage(Wi[ug]))
        Ri[many] = pool.add(SumStage(Di, inv_of[grp[many]], None, len(many)))
    return Rv, Ri


def _reduce_lanes(v, seg, n, semiring):
    return np.stack([segment_reduce_np(v[:, k], seg, n, semiring) for k in range(v.shape[1])], axis=1)


def determinize(g, semiring=LOG, max_states=100_000, ops=None):
    """A deterministic acceptor with the same weighted language (see module
    docstring).  ``semiring``: ``"log"`` (default) or ``"tropical"``.
    Weights in any backend: numpy, JAX (differentiable; not under ``jit``),
    symbolic (log semiring)."""
    semiring = get_semiring(semiring)
    if semiring.name not in ("log", "tropical"):
        raise ValueError("determinize: semiring must be log or tropical")
    if not g.is_acceptor:
        raise ValueError(f"determinize: {_gname(g.name)} is a transducer; determinize acceptors "
                         "(encode labels first)")
    g, lanes = trimmed_with_lanes(g, semiring, ops, "determinize")
    if g.num_nodes == 0:
        return Graph(0, [], [], [], [], [], None, np.zeros(0), _trusted=True)
    s, m = determinize_map(g, lanes, semiring, max_states)
    return apply_map(s, m, [g], semiring, ops)


def trimmed_with_lanes(g, semiring, ops, what):
    """``g`` without epsilons, trimmed, with its numeric lanes (the same
    operations run on each lane, so lanes keep the relations between the
    weights that the operations create)."""
    from .epsilon import remove_epsilon
    from .topology import connect
    if g.weights is None:
        g = g.with_weights(np.zeros(g.num_arcs))
    lanes = weight_lanes(g, semiring, what)
    eps = bool(np.any(g.ilabel == EPSILON))
    step = lambda h, o: connect(remove_epsilon(h, semiring, o) if eps else h, ops=o)
    return step(g, ops), [step(l, None) for l in lanes]
