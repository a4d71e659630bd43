"""The rational operations: union, concatenation, closure (GTN semantics).

>>> from gtnlang.wfst.graph import linear_acceptor
>>> g = concat(linear_acceptor([1]), linear_acceptor([2]))
>>> g.num_nodes, g.num_arcs
(4, 3)
"""

from __future__ import annotations

import numpy as np

from .arcmap import ArcMap, accept_index, apply_map, pool_size, start_index
from .graph import EPSILON, Graph

_INT = np.int64


def _bases(graphs):
    nb, pb = [0], [0]
    for g in graphs:
        nb.append(nb[-1] + g.num_nodes)
        pb.append(pb[-1] + pool_size(g))
    return nb, pb


def union_map(graphs):
    graphs = list(graphs)
    nb, pb = _bases(graphs)
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, _INT)
    src = cat([g.src + o for g, o in zip(graphs, nb)])
    dst = cat([g.dst + o for g, o in zip(graphs, nb)])
    il = cat([g.ilabel for g in graphs]); ol = cat([g.olabel for g in graphs])
    arcs = cat([np.arange(g.num_arcs, dtype=_INT) + p for g, p in zip(graphs, pb)])
    start = cat([g.start + o for g, o in zip(graphs, nb)])
    accept = cat([g.accept + o for g, o in zip(graphs, nb)])
    sw = cat([start_index(g, p) for g, p in zip(graphs, pb)])
    aw = cat([accept_index(g, p) for g, p in zip(graphs, pb)])
    s = Graph(nb[-1], start, accept, src, dst, il, ol, _trusted=True)
    m = ArcMap([pool_size(g) for g in graphs], arcs,
               sw if any(g.start_weights is not None for g in graphs) else None,
               aw if any(g.accept_weights is not None for g in graphs) else None)
    return s, m


def union(*graphs, ops=None):
    """The disjoint union (GTN's ``union``): nodes of each graph in turn, all
    their start and accept nodes; no new start node.  ``union(g1, g2, ...)``
    or ``union([g1, g2, ...])``."""
    graphs = _flat(graphs)
    s, m = union_map(graphs)
    return apply_map(s, m, graphs, ops=ops)


def _flat(graphs):
    if len(graphs) == 1 and isinstance(graphs[0], (list, tuple)):
        return list(graphs[0])
    return list(graphs)


def concat_map(graphs):
    graphs = list(graphs)
    if not graphs:
        s = Graph(1, [0], [0], [], [], [], _trusted=True)
        return s, ArcMap([], np.zeros(0, _INT))
    nb, pb = _bases(graphs)
    src, dst, il, ol, ia, ib = [], [], [], [], [], []
    for i, g in enumerate(graphs):
        if i > 0:
            p = graphs[i - 1]
            # epsilon arcs accept x start, accept-major (GTN's order)
            a_ = np.repeat(p.accept, len(g.start)); s_ = np.tile(g.start, len(p.accept))
            src.append(a_ + nb[i - 1]); dst.append(s_ + nb[i])
            il.append(np.full(len(a_), EPSILON, _INT)); ol.append(np.full(len(a_), EPSILON, _INT))
            ia.append(np.repeat(accept_index(p, pb[i - 1]), len(g.start)))
            ib.append(np.tile(start_index(g, pb[i]), len(p.accept)))
        src.append(g.src + nb[i]); dst.append(g.dst + nb[i]); il.append(g.ilabel); ol.append(g.olabel)
        ia.append(np.arange(g.num_arcs, dtype=_INT) + pb[i]); ib.append(np.full(g.num_arcs, -1, _INT))
    cat = np.concatenate
    first, last = graphs[0], graphs[-1]
    s = Graph(nb[-1], first.start + nb[0], last.accept + nb[-2], cat(src), cat(dst), cat(il), cat(ol), _trusted=True)
    m = ArcMap([pool_size(g) for g in graphs], (cat(ia), cat(ib)),
               start_index(first) if first.start_weights is not None else None,
               accept_index(last, pb[-2]) if last.accept_weights is not None else None)
    return s, m


def concat(*graphs, ops=None):
    """Concatenation (GTN's ``concat``): the graphs' nodes in turn, epsilon
    arcs from every accept node of one graph to every start node of the next
    (weighted accept ⊗ start weight).  ``concat()`` accepts only the empty
    string."""
    graphs = _flat(graphs)
    s, m = concat_map(graphs)
    if not graphs:
        return Graph(1, [0], [0], [], [], [], None, np.zeros(0), _trusted=True)
    return apply_map(s, m, graphs, ops=ops)


def closure_map(g):
    n = g.num_nodes
    ns = len(g.start)
    a_ = np.repeat(g.accept, ns); s_ = np.tile(g.start, len(g.accept))
    src = np.concatenate([np.zeros(ns, _INT), g.src + 1, a_ + 1])
    dst = np.concatenate([g.start + 1, g.dst + 1, s_ + 1])
    k = len(a_)
    il = np.concatenate([np.full(ns, EPSILON, _INT), g.ilabel, np.full(k, EPSILON, _INT)])
    ol = np.concatenate([np.full(ns, EPSILON, _INT), g.olabel, np.full(k, EPSILON, _INT)])
    ia = np.concatenate([start_index(g), np.arange(g.num_arcs, dtype=_INT), np.repeat(accept_index(g), ns)])
    ib = np.concatenate([np.full(ns + g.num_arcs, -1, _INT), np.tile(start_index(g), len(g.accept))])
    accept = np.concatenate([[0], g.accept + 1])
    s = Graph(n + 1, [0], accept, src, dst, il, ol, _trusted=True)
    aw = None
    if g.accept_weights is not None:
        aw = np.concatenate([[-1], accept_index(g)])
    m = ArcMap([pool_size(g)], (ia, ib), None, aw)
    return s, m


def closure(g, ops=None):
    """Kleene star (GTN's ``closure``): a new node 0, start and accept; epsilon
    arcs from it to each start; the old accept nodes stay accepting and get
    epsilon arcs back to each start."""
    s, m = closure_map(g)
    return apply_map(s, m, [g], ops=ops)
