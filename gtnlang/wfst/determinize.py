"""Weighted determinization of acceptors (max-plus and log semirings).

Mohri's weighted subset construction: a state of the result is a set of
``(node, residual)`` pairs; an arc's weight is the ⊕ of the members'
contributions and the residuals are what is left over.  The weighted language
is preserved: every string keeps its max (tropical) or log-sum-exp (log)
score.  Epsilons are removed first.  Weights must be numeric (the subsets
depend on their values), so the result has plain numpy weights and accept
weights (OpenFst style).

Not every weighted automaton is determinizable (the twins property); a
result larger than ``max_states`` raises ``ValueError``.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 1.0), (0, 1, 1, 2.0)])
>>> d = determinize(g, "tropical")
>>> d.num_arcs, float(d.weights[0])
(1, 2.0)
"""

from __future__ import annotations

from .graph import _gname

import numpy as np

from .arcmap import segment_reduce_np
from .graph import EPSILON, Graph
from .semiring import LOG, get_semiring
from .topology import csr, expand_ranges

_INT = np.int64
QUANTUM = 1e-6


def is_deterministic(g):
    """At most one start node and no two arcs leaving a node with the same
    input label, and no epsilon arcs."""
    if len(g.start) > 1 or np.any(g.ilabel == EPSILON):
        return False
    key = g.src * (int(g.ilabel.max(initial=0)) + 1) + g.ilabel
    return len(np.unique(key)) == len(key)


def determinize(g, semiring=LOG, max_states=100_000):
    """A deterministic acceptor with the same weighted language (see module
    docstring).  ``semiring``: ``"log"`` (default) or ``"tropical"``."""
    semiring = get_semiring(semiring)
    if semiring.name not in ("log", "tropical"):
        raise ValueError("determinize: semiring must be log or tropical")
    if not g.is_acceptor:
        raise ValueError(f"determinize: {_gname(g.name)} is a transducer; determinize acceptors "
                         "(encode labels first)")
    from .epsilon import remove_epsilon
    from .topology import connect
    g = connect(remove_epsilon(g, semiring) if np.any(g.ilabel == EPSILON) else g)
    if g.num_nodes == 0:
        return Graph(0, [], [], [], [], [], None, np.zeros(0), _trusted=True)
    n = g.num_nodes
    w = g.numpy_weights()
    sw = np.zeros(len(g.start)) if g.start_weights is None else np.asarray(g.start_weights, np.float64)
    aw_node = np.full(n, -np.inf)
    aw_node[g.accept] = 0.0 if g.accept_weights is None else np.asarray(g.accept_weights, np.float64)
    off, perm = csr(n, g.src)
    plus = lambda v: semiring.plus_np(v)

    def key_of(qs, rs):
        return (qs.tobytes(), np.round(rs / QUANTUM).astype(np.int64).tobytes())

    total0 = plus(sw)
    start_members = (g.start.copy(), sw - total0)
    o = np.argsort(start_members[0]); start_members = (start_members[0][o], start_members[1][o])
    states = [start_members]
    index = {key_of(*start_members): 0}
    A_src, A_dst, A_lab, A_w = [], [], [], []
    finals = []
    i = 0
    while i < len(states):
        qs, rs = states[i]
        fv = rs + aw_node[qs]
        finals.append(plus(fv[np.isfinite(fv)]) if np.isfinite(fv).any() else -np.inf)
        own, pos = expand_ranges(off[qs], off[qs + 1])
        if len(pos):
            arcs = perm[pos]
            lab = g.ilabel[arcs]
            cand = rs[own] + w[arcs]
            labs, li = np.unique(lab, return_inverse=True)
            W = segment_reduce_np(cand, li, len(labs), semiring)
            # per (label, dst): ⊕ of contributions, then residual = that - W
            dkey = li * n + g.dst[arcs]
            uk, di = np.unique(dkey, return_inverse=True)
            dv = segment_reduce_np(cand, di, len(uk), semiring)
            ul = uk // n; ud = uk % n
            bounds = np.searchsorted(ul, np.arange(len(labs) + 1))
            for j in range(len(labs)):
                mq = ud[bounds[j]:bounds[j + 1]]
                mr = dv[bounds[j]:bounds[j + 1]] - W[j]
                k = key_of(mq, mr)
                t = index.get(k)
                if t is None:
                    t = len(states)
                    if t >= max_states:
                        raise ValueError(f"determinize: more than max_states = {max_states} states; the graph "
                                         "may not be determinizable (twins property)")
                    index[k] = t
                    states.append((mq, mr))
                A_src.append(i); A_dst.append(t); A_lab.append(int(labs[j])); A_w.append(float(W[j]))
        i += 1
    finals = np.asarray(finals)
    acc = np.flatnonzero(np.isfinite(finals) | (finals == np.inf))
    accw = finals[acc]
    sww = None if total0 == 0.0 else np.array([total0])
    aww = None if np.all(accw == 0.0) else accw
    return Graph(len(states), [0], acc, A_src, A_dst, A_lab, None, np.asarray(A_w, np.float64), sww, aww,
                 g.name, _trusted=True)
