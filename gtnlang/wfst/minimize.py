"""Weight pushing and minimization of weighted acceptors.

``minimize`` determinizes when needed, pushes weights towards the start
(every node's outgoing mass becomes the semiring one; the total goes into
the start weight), then merges equivalent nodes by partition refinement on
(label, quantized weight, class of destination) signatures, treating each
weighted label as a letter (Mohri).  The weighted language is preserved.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [3], [(0, 1, 1, 0.0), (0, 2, 2, 0.0), (1, 3, 3, 0.0), (2, 3, 3, 0.0)])
>>> minimize(g, "tropical").num_nodes
3
"""

from __future__ import annotations

from .graph import _gname

import numpy as np

from .graph import Graph
from .semiring import LOG, get_semiring

_INT = np.int64
QUANTUM = 1e-6


def push_weights(g, semiring=LOG):
    """Push weights towards the start nodes (numpy weights): ``w' = w +
    beta[dst] - beta[src]``, accept weights ``a - beta``, start weights ``s +
    beta``.  Nodes with no accepting path are removed first."""
    from .score import shortest_distance
    from .topology import connect
    semiring = get_semiring(semiring)
    g = connect(g)
    if g.num_nodes == 0:
        return g
    w = g.numpy_weights()
    beta = np.asarray(shortest_distance(g.with_weights(w), semiring, reverse=True), np.float64)
    if not np.all(np.isfinite(beta)):
        raise ValueError("push_weights: infinite backward distance (divergent cycle)")
    sw = np.zeros(len(g.start)) if g.start_weights is None else np.asarray(g.start_weights, np.float64)
    aw = np.zeros(len(g.accept)) if g.accept_weights is None else np.asarray(g.accept_weights, np.float64)
    return Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel,
                 w + beta[g.dst] - beta[g.src], sw + beta[g.start], aw - beta[g.accept], g.name, _trusted=True)


def minimize(g, semiring=LOG):
    """The minimal deterministic acceptor with the same weighted language
    (numpy weights; ``semiring`` log or tropical).  The result has a start
    weight (the pushed total) and accept weights."""
    from .determinize import determinize, is_deterministic
    semiring = get_semiring(semiring)
    if not g.is_acceptor:
        raise ValueError(f"minimize: {_gname(g.name)} is a transducer; minimize acceptors")
    if not is_deterministic(g):
        g = determinize(g, semiring)
    g = push_weights(g, semiring)
    n = g.num_nodes
    if n == 0:
        return g
    aw = np.full(n, np.nan)
    aw[g.accept] = np.asarray(g.accept_weights, np.float64)
    qa = np.where(np.isnan(aw), np.iinfo(np.int64).min, np.round(np.nan_to_num(aw) / QUANTUM).astype(np.int64))
    cls = np.unique(qa, return_inverse=True)[1].astype(_INT)
    w = g.numpy_weights()
    qw = np.round(w / QUANTUM).astype(np.int64)
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
    keep = np.isin(g.src, rep)
    arcs = np.flatnonzero(keep)
    start = cls[g.start]
    acc_nodes = rep[np.unique(cls[g.accept])]
    acc_cls = cls[acc_nodes]
    accw = aw[acc_nodes]
    o = np.argsort(acc_cls)
    return Graph(nclass, start, acc_cls[o], cls[g.src[arcs]], cls[g.dst[arcs]], g.ilabel[arcs], None, w[arcs],
                 np.asarray(g.start_weights, np.float64), accw[o], g.name, _trusted=True)
