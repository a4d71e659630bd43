"""The immutable weighted graph (WFSA / WFST) and its constructors.

A :class:`Graph` is *structure* (numpy integer arrays) plus *weights* (one per
arc, in any array backend: numpy float64/float32, a JAX array or tracer, or a
numpy object array of symbolic expressions).

Conventions
-----------
* Nodes are ``0 .. num_nodes-1``.  ``start`` and ``accept`` are sorted arrays
  of distinct node ids; a graph may have several of each (GTN style).
* Labels are non-negative integers.  ``EPSILON = 0`` is the empty label (the
  OpenFst / k2 convention); real symbols are ``>= 1``.  GTN writes epsilon as
  ``-1``; :mod:`gtnlang.wfst.formats.gtn_text` converts.
* Weights are *scores*: larger is better (GTN).  OpenFst costs are the
  negation (the AT&T reader/writer converts).
* ``start_weights`` / ``accept_weights`` are optional (OpenFst initial/final
  weights).  ``None`` means the semiring's one (score 0) for every node in the
  set, which is what GTN graphs have.

Example
-------
>>> g = from_arcs([0], [2], [(0, 1, 1, 0.5), (1, 2, 2, -1.0)])
>>> g.num_nodes, g.num_arcs, g.is_acceptor
(3, 2, True)
"""

from __future__ import annotations

import numbers

import numpy as np

EPSILON = 0

_INT = np.int64


def _ro(a):
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def _is_jax(w):
    return "jax" in type(w).__module__


def as_weights(w, n=None, what="weights", name=None):
    """Normalise a weight vector: numpy arrays and JAX values are kept as they
    are; a list becomes float64 if every entry is a real number, else an object
    array (symbolic weights)."""
    if w is None:
        return None
    if isinstance(w, np.ndarray) or _is_jax(w):
        arr = w
    else:
        seq = list(w)
        if all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in seq):
            arr = np.asarray(seq, dtype=np.float64)
        else:
            arr = np.empty(len(seq), dtype=object)
            arr[:] = seq
    shape = getattr(arr, "shape", None)
    if shape is None or len(shape) != 1:
        raise ValueError(f"{_gname(name)}: {what} must be one-dimensional, got shape {shape}")
    if n is not None and shape[0] != n:
        raise ValueError(f"{_gname(name)}: {what} has length {shape[0]}, expected {n}")
    if isinstance(arr, np.ndarray) and arr.dtype != object and not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    return arr


def _check_labels(labels, src, dst, what, name):
    """A ``ValueError`` naming the first arc ``src[i] -> dst[i]`` whose label
    is negative."""
    bad = labels < 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{_gname(name)}: arc {i} ({src[i]} -> {dst[i]}) has negative {what} {labels[i]}; "
                         f"labels are non-negative integers and EPSILON = {EPSILON}")


def _gname(name):
    return f"graph {name!r}" if name else "graph"


def _int_array(x, what, name):
    a = np.asarray(x)
    if a.size == 0:
        return np.zeros(0, dtype=_INT)
    if a.ndim != 1:
        raise ValueError(f"{_gname(name)}: {what} must be one-dimensional")
    if a.dtype == bool or not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating) or a.dtype == object):
        v = a.ravel()[0].item() if a.size else None
        raise ValueError(f"{_gname(name)}: {what}[0] = {v!r} is not an integer ({what} must be integers, "
                         f"got dtype {a.dtype})")
    if not np.issubdtype(a.dtype, np.integer):
        try:
            f = a.astype(np.float64)
        except (TypeError, ValueError):
            bad = next(i for i, v in enumerate(a) if not isinstance(v, numbers.Integral))
            raise ValueError(f"{_gname(name)}: {what}[{bad}] = {a[bad]!r} is not an integer") from None
        badm = ~np.isfinite(f) | (f != np.round(f))
        if badm.any():
            bad = int(np.flatnonzero(badm)[0])
            v = a[bad].item() if hasattr(a[bad], "item") else a[bad]
            raise ValueError(f"{_gname(name)}: {what}[{bad}] = {v!r} is not an integer")
        a = f
    return a.astype(_INT)


class Graph:
    """An immutable weighted finite-state acceptor/transducer.

    Parameters are validated (node ids in range, integer non-negative labels,
    weight lengths) and a :class:`ValueError` names the graph and the offending
    arc.  ``weights=None`` gives a *structure-only* graph (used for arc maps).

    >>> g = Graph(2, [0], [1], [0], [1], [3], weights=[0.25])
    >>> g.arcs()
    [(0, 1, 3, 3, 0.25)]
    """

    __slots__ = ("num_nodes", "start", "accept", "src", "dst", "ilabel", "olabel",
                 "weights", "start_weights", "accept_weights", "name", "_cache")

    def __init__(self, num_nodes, start, accept, src, dst, ilabel, olabel=None,
                 weights=None, start_weights=None, accept_weights=None, name=None,
                 _trusted=False):
        s = object.__setattr__
        s(self, "name", name)
        s(self, "_cache", {})
        if _trusted:
            s(self, "num_nodes", int(num_nodes))
            for k, v in (("start", start), ("accept", accept), ("src", src), ("dst", dst),
                         ("ilabel", ilabel), ("olabel", ilabel if olabel is None else olabel)):
                s(self, k, _ro(np.asarray(v, dtype=_INT)))
            s(self, "weights", weights)
            s(self, "start_weights", start_weights)
            s(self, "accept_weights", accept_weights)
            return
        if isinstance(num_nodes, bool) or not isinstance(num_nodes, numbers.Integral) or num_nodes < 0:
            raise ValueError(f"{_gname(name)}: num_nodes must be a non-negative integer, got {num_nodes!r}")
        n = int(num_nodes)
        src = _int_array(src, "src", name)
        dst = _int_array(dst, "dst", name)
        il = _int_array(ilabel, "ilabel", name)
        ol = il if olabel is None else _int_array(olabel, "olabel", name)
        E = len(src)
        for what, a in (("dst", dst), ("ilabel", il), ("olabel", ol)):
            if len(a) != E:
                raise ValueError(f"{_gname(name)}: {what} has length {len(a)}, expected {E} (one per arc)")
        for what, a in (("src", src), ("dst", dst)):
            bad = (a < 0) | (a >= n)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ValueError(f"{_gname(name)}: arc {i} ({src[i]} -> {dst[i]}) names node {a[i]}, "
                                 f"but the graph has {n} nodes")
        for what, a in (("ilabel", il), ("olabel", ol)):
            _check_labels(a, src, dst, what, name)
        st, sw = _node_set(start, start_weights, n, "start", name)
        ac, aw = _node_set(accept, accept_weights, n, "accept", name)
        s(self, "num_nodes", n)
        s(self, "start", _ro(st))
        s(self, "accept", _ro(ac))
        s(self, "src", _ro(src))
        s(self, "dst", _ro(dst))
        s(self, "ilabel", _ro(il))
        s(self, "olabel", _ro(ol))
        s(self, "weights", as_weights(weights, E, "weights", name))
        s(self, "start_weights", sw)
        s(self, "accept_weights", aw)

    def __setattr__(self, k, v):
        raise AttributeError("Graph is immutable")

    # --- inspection -------------------------------------------------------
    @property
    def num_arcs(self):
        return len(self.src)

    @property
    def is_acceptor(self):
        return bool(np.array_equal(self.ilabel, self.olabel))

    @property
    def has_weights(self):
        return self.weights is not None

    def arcs(self):
        """Arcs as a list of ``(src, dst, ilabel, olabel, weight)`` tuples
        (``weight`` is ``None`` on a structure-only graph)."""
        w = self.weights
        out = []
        for i in range(self.num_arcs):
            wi = None if w is None else w[i]
            if isinstance(wi, np.generic):
                wi = wi.item()
            out.append((int(self.src[i]), int(self.dst[i]), int(self.ilabel[i]), int(self.olabel[i]), wi))
        return out

    def _same_structure(self, weights, start_weights, accept_weights, name):
        """A graph on this graph's structure arrays with other weights; it
        shares the cache of structural analyses (levels, components)."""
        g = Graph(self.num_nodes, self.start, self.accept, self.src, self.dst, self.ilabel, self.olabel,
                  weights, start_weights, accept_weights, name, _trusted=True)
        object.__setattr__(g, "_cache", self._cache)
        return g

    def with_weights(self, weights, start_weights=..., accept_weights=...):
        """The same structure with new arc weights (and optionally new
        start/accept weights; ``...`` keeps the current ones)."""
        sw = self.start_weights if start_weights is ... else as_weights(start_weights, len(self.start), "start_weights", self.name)
        aw = self.accept_weights if accept_weights is ... else as_weights(accept_weights, len(self.accept), "accept_weights", self.name)
        return self._same_structure(as_weights(weights, self.num_arcs, "weights", self.name), sw, aw, self.name)

    def structure(self):
        """This graph without weights (arc maps are computed on structure)."""
        return self._same_structure(None, None, None, self.name)

    def renamed(self, name):
        return self._same_structure(self.weights, self.start_weights, self.accept_weights, name)

    def numpy_weights(self, dtype=np.float64):
        """Arc weights as a numpy float array (zeros for a structure graph)."""
        if self.weights is None:
            return np.zeros(self.num_arcs, dtype)
        return np.asarray(self.weights, dtype=dtype)

    def __repr__(self):
        nm = f" {self.name!r}" if self.name else ""
        kind = "acceptor" if self.is_acceptor else "transducer"
        return f"<Graph{nm} {kind}: {self.num_nodes} nodes, {self.num_arcs} arcs, start {list(map(int, self.start))}, accept {list(map(int, self.accept))}>"

    def _cached(self, key, fn):
        c = self._cache
        if key not in c:
            c[key] = fn()
        return c[key]


def _node_set(nodes, weights, n, what, name):
    a = _int_array(nodes, what, name)
    bad = (a < 0) | (a >= n)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{_gname(name)}: {what} node {a[i]} does not exist (the graph has {n} nodes)")
    if weights is None:
        u = np.unique(a)
        return u, None
    w = as_weights(weights, len(a), f"{what}_weights", name)
    if len(np.unique(a)) != len(a):
        raise ValueError(f"{_gname(name)}: {what} nodes repeat while {what}_weights are given")
    order = np.argsort(a, kind="stable")
    if not np.array_equal(order, np.arange(len(a))):
        a = a[order]
        w = w[order]
    return a, w


# --- constructors ----------------------------------------------------------

def from_arcs(start, accept, arcs, num_nodes=None, start_weights=None, accept_weights=None,
              acceptor=None, name=None):
    """Build a graph from an arc list.

    Each arc is ``(src, dst, label)``, ``(src, dst, label, weight)`` (an
    acceptor arc) or ``(src, dst, ilabel, olabel, weight)``.  Pass
    ``acceptor=False`` to read 4-tuples as ``(src, dst, ilabel, olabel)``
    with weight 0.  ``num_nodes`` defaults to one more than the largest node
    id mentioned.

    >>> from_arcs([0], [1], [(0, 1, 5, 6, 1.5)]).arcs()
    [(0, 1, 5, 6, 1.5)]
    """
    src, dst, il, ol, w = [], [], [], [], []
    for k, a in enumerate(arcs):
        a = tuple(a)
        if len(a) == 3:
            s_, d_, l_ = a; o_ = l_; w_ = 0.0
        elif len(a) == 4 and acceptor is not False:
            s_, d_, l_, w_ = a; o_ = l_
        elif len(a) == 4:
            s_, d_, l_, o_ = a; w_ = 0.0
        elif len(a) == 5:
            s_, d_, l_, o_, w_ = a
        else:
            raise ValueError(f"{_gname(name)}: arc {k} {a!r} must have 3, 4 or 5 entries")
        src.append(s_); dst.append(d_); il.append(l_); ol.append(o_); w.append(w_)
    if num_nodes is None:
        ids = [x for x in list(src) + list(dst) + list(start) + list(accept) if isinstance(x, numbers.Integral)]
        num_nodes = (max(ids) + 1) if ids else 0
    return Graph(num_nodes, list(start), list(accept), src, dst, il, ol, w if arcs else np.zeros(0),
                 start_weights, accept_weights, name)


def linear_acceptor(labels, weights=None, name=None):
    """The acceptor of one sequence: nodes ``0..n``, arc ``i`` labelled
    ``labels[i]``, start 0, accept n.  ``linear_acceptor([])`` accepts only the
    empty string.

    >>> linear_acceptor([3, 1]).arcs()
    [(0, 1, 3, 3, 0.0), (1, 2, 1, 1, 0.0)]
    """
    lab = np.asarray(list(labels), dtype=np.int64) if not isinstance(labels, np.ndarray) else labels
    n = len(lab)
    if weights is None:
        weights = np.zeros(n)
    return Graph(n + 1, [0], [n], np.arange(n), np.arange(1, n + 1), lab, None, weights, name=name)


def linear_transducer(ilabels, olabels, name=None):
    """The cross-product transducer of two sequences (pynini's ``cross``): a
    chain of ``max(len)`` arcs, the shorter side padded with epsilon."""
    i = list(ilabels); o = list(olabels)
    n = max(len(i), len(o))
    i += [EPSILON] * (n - len(i)); o += [EPSILON] * (n - len(o))
    return Graph(n + 1, [0], [n], np.arange(n), np.arange(1, n + 1), i, o, np.zeros(n), name=name)


def linear_graph(T, V, labels=None, weights=None, name=None):
    """GTN's ``linear_graph``: the T x V emission lattice.  Nodes ``0..T``; arc
    ``t*V + v`` goes ``t -> t+1`` with label ``labels[v]``.  ``labels``
    defaults to ``1..V`` (column v carries label v+1, since 0 is EPSILON).

    >>> g = linear_graph(2, 3)
    >>> g.num_arcs, g.ilabel[:3].tolist()
    (6, [1, 2, 3])
    """
    T = int(T); V = int(V)
    lab = np.arange(1, V + 1) if labels is None else _int_array(labels, "labels", name)
    if len(lab) != V:
        raise ValueError(f"{_gname(name)}: labels has length {len(lab)}, expected V = {V}")
    # the labels of frame 0 are checked (arc v: 0 -> 1); the whole lattice is
    # then built trusted, and it is known to be a lattice without looking
    _check_labels(lab, np.zeros(V, _INT), np.ones(V, _INT), "ilabel", name)
    weights = np.zeros(T * V) if weights is None else as_weights(weights, T * V, "weights", name)
    src = np.repeat(np.arange(T, dtype=_INT), V)
    g = Graph(T + 1, [0], [T], src, src + 1, np.tile(lab, T), None, weights, name=name, _trusted=True)
    g._cache["lattice"] = (T, V, lab) if T >= 1 and V >= 1 and not np.any(lab == EPSILON) else None
    return g


def emissions(scores, labels=None, name=None):
    """The emission lattice of a ``(T, V)`` score array (numpy, JAX or object):
    ``linear_graph(T, V, labels)`` with ``weights = scores.reshape(-1)``."""
    shape = getattr(scores, "shape", None)
    if shape is None:
        scores = np.asarray(scores)
        shape = scores.shape
    if len(shape) != 2:
        raise ValueError(f"{_gname(name)}: emission scores must be a (T, V) array, got shape {shape}")
    T, V = shape
    return linear_graph(T, V, labels, scores.reshape(-1), name=name)


def scalar_graph(weight=0.0, label=EPSILON, name=None):
    """GTN's ``scalar_graph``: two nodes, one arc ``0 -> 1`` with the given
    weight (labelled epsilon by default), start 0, accept 1."""
    w = as_weights([weight]) if not (isinstance(weight, np.ndarray) or _is_jax(weight)) else weight.reshape(1)
    return Graph(2, [0], [1], [0], [1], [label], None, w, name=name)


def empty_graph(name=None):
    """The graph with no nodes (the empty relation)."""
    return Graph(0, [], [], [], [], [], None, np.zeros(0), name=name)
