"""Arc maps: how an operation's output weights are made from its inputs', and
how such a map is applied in any array backend.

Every operation computes its output *structure* with numpy and an
:class:`ArcMap`.  The map sees the inputs' weights as one *pool*: for each
input graph in order, its arc weights, then its start weights (if it has
any), then its accept weights (if any).  Index ``-1`` means the semiring's
one.  An output weight is ``pool[a] ⊗ pool[b]`` (a gather and a semiring
product of up to two sources).  Operations that must add weights
(``remove_epsilon``) first append *stages* to the pool: each stage computes
``⊕_{k: seg[k] = j} pool[a_k] ⊗ pool[b_k]`` for ``j < n``.

Applying a map uses only the backend's own ops (``w[idx]``, ``+``,
concatenate, segment reductions), so numpy floats, JAX arrays and tracers
(differentiable, no hand-written backward) and object arrays of symbolic
expressions (through :class:`~gtnlang.wfst.semiring.SymbolicOps`) all work.

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 2.0)])
>>> m = ArcMap([pool_size(g)], arc=(np.array([0, 0]), np.array([-1, 0])))
>>> m.apply([g])[0]
array([2., 4.])
"""

from __future__ import annotations

import numpy as np

from .semiring import LOG, current_ops, get_semiring

_INT = np.int64


def pool_size(g):
    """Number of pool entries graph ``g`` contributes to an arc map."""
    return g.num_arcs + (len(g.start) if g.start_weights is not None else 0) + \
        (len(g.accept) if g.accept_weights is not None else 0)


def pool_offsets(g, base=0):
    """``(arc_offset, start_offset or None, accept_offset or None)`` of ``g``
    in a pool where ``g``'s entries begin at ``base``."""
    o = base + g.num_arcs
    so = None
    if g.start_weights is not None:
        so = o
        o += len(g.start)
    ao = o if g.accept_weights is not None else None
    return base, so, ao


def start_index(g, base=0):
    """Pool index of each start node's weight (``-1`` = one)."""
    _, so, _ = pool_offsets(g, base)
    if so is None:
        return np.full(len(g.start), -1, _INT)
    return so + np.arange(len(g.start), dtype=_INT)


def accept_index(g, base=0):
    """Pool index of each accept node's weight (``-1`` = one)."""
    _, _, ao = pool_offsets(g, base)
    if ao is None:
        return np.full(len(g.accept), -1, _INT)
    return ao + np.arange(len(g.accept), dtype=_INT)


def _pair(p, n=None):
    if p is None:
        return None
    if isinstance(p, tuple):
        a, b = p
    else:
        a, b = p, None
    a = np.asarray(a, dtype=_INT)
    b = np.full(len(a), -1, _INT) if b is None else np.asarray(b, dtype=_INT)
    return a, b


class ArcMap:
    """``arc``/``start``/``accept``: ``(a, b)`` index pairs into the pool
    (``start``/``accept`` ``None`` = the output has no start/accept weights).
    ``stages``: list of ``(a, b, seg, n)``; ``seg`` sorted, ``None`` = no
    reduction."""

    __slots__ = ("input_sizes", "stages", "arc", "start", "accept")

    def __init__(self, input_sizes, arc, start=None, accept=None, stages=()):
        self.input_sizes = list(input_sizes)
        self.arc = _pair(arc)
        self.start = _pair(start)
        self.accept = _pair(accept)
        self.stages = [(np.asarray(a, _INT), np.asarray(b, _INT), None if s is None else np.asarray(s, _INT), int(n))
                       for a, b, s, n in stages]

    def select_arcs(self, keep):
        """The map restricted/reordered to output arcs ``keep`` (an index or
        boolean array)."""
        a, b = self.arc
        return ArcMap(self.input_sizes, (a[keep], b[keep]), self.start, self.accept, self.stages)

    def with_nodes(self, start=..., accept=...):
        return ArcMap(self.input_sizes, self.arc, self.start if start is ... else start,
                      self.accept if accept is ... else accept, self.stages)

    def is_identity_for_arcs(self):
        a, b = self.arc
        return len(self.input_sizes) == 1 and not self.stages and len(a) == self.input_sizes[0] and \
            np.array_equal(a, np.arange(len(a))) and bool(np.all(b == -1))

    def apply(self, graphs, semiring=LOG, ops=None):
        """Apply to input graphs; returns ``(arc_w, start_w, accept_w)``."""
        semiring = get_semiring(semiring)
        if len(graphs) != len(self.input_sizes):
            raise ValueError(f"arc map expects {len(self.input_sizes)} input graphs, got {len(graphs)}")
        parts = []
        for g, n in zip(graphs, self.input_sizes):
            if g.weights is None:
                raise ValueError(f"graph {g.name!r} has no weights to map" if g.name else "graph has no weights to map")
            if pool_size(g) != n:
                raise ValueError("arc map was made for a graph of another shape")
            parts.append(g.weights)
            if g.start_weights is not None:
                parts.append(g.start_weights)
            if g.accept_weights is not None:
                parts.append(g.accept_weights)
        B = backend_for(parts, semiring, ops)
        pool = B.concat([B.const(B.one, 1)] + [B.convert(p) for p in parts])
        for a, b, seg, n in self.stages:
            v = B.times2(pool, a + 1, b + 1)
            if seg is not None:
                v = B.segment_plus(v, seg, n)
            pool = B.concat([pool, v])
        outs = [B.times2(pool, self.arc[0] + 1, self.arc[1] + 1)]
        for p in (self.start, self.accept):
            outs.append(None if p is None else B.times2(pool, p[0] + 1, p[1] + 1))
        return tuple(outs)


def apply_map(structure, amap, graphs, semiring=LOG, ops=None):
    """The output graph: ``structure`` with weights from ``amap`` applied to
    ``graphs``' weights.  Structure-only inputs give a structure-only output."""
    from .graph import Graph
    if any(g.weights is None for g in graphs):
        return structure
    w, sw, aw = amap.apply(graphs, semiring, ops)
    s = structure
    return Graph(s.num_nodes, s.start, s.accept, s.src, s.dst, s.ilabel, s.olabel, w, sw, aw, s.name, _trusted=True)


# --- backends --------------------------------------------------------------

def _is_jax(x):
    return "jax" in type(x).__module__


def backend_for(arrays, semiring=LOG, ops=None):
    """The backend serving a list of weight arrays: JAX if any is a JAX value,
    object if any is an object array, else numpy (result dtype: the widest
    float among them)."""
    semiring = get_semiring(semiring)
    arrays = [a for a in arrays if a is not None]
    if any(_is_jax(a) for a in arrays):
        if any(isinstance(a, np.ndarray) and a.dtype == object for a in arrays):
            raise ValueError("cannot mix symbolic (object) weights with JAX weights")
        return JaxBackend(semiring)
    if any(isinstance(a, np.ndarray) and a.dtype == object for a in arrays):
        return ObjectBackend(semiring, ops or current_ops())
    dt = np.result_type(*[a.dtype for a in arrays]) if arrays else np.float64
    if semiring.name == "boolean":
        dt = np.bool_
    elif not np.issubdtype(dt, np.floating):
        dt = np.float64
    return NumpyBackend(semiring, dt)


class NumpyBackend:
    kind = "numpy"

    def __init__(self, semiring, dtype=np.float64):
        self.semiring = semiring
        self.dtype = dtype
        self.one = semiring.one
        self.zero = semiring.zero

    def const(self, v, n):
        return np.full(n, v, dtype=self.dtype)

    def convert(self, x):
        return np.asarray(x, dtype=self.dtype)

    def concat(self, xs):
        return np.concatenate(xs) if len(xs) > 1 else xs[0]

    def take(self, x, idx):
        return x[idx]

    def times(self, x, y):
        n = self.semiring.name
        if n in ("log", "tropical"):
            return x + y
        if n == "real":
            return x * y
        return x & y

    def times2(self, pool, ia, ib):
        # index 0 of the pool is "one": skip the product where every b is one
        if len(ib) and not np.any(ib):
            return pool[ia]
        return self.times(pool[ia], pool[ib])

    def segment_plus(self, v, seg, n):
        return segment_reduce_np(v, seg, n, self.semiring)


def segment_reduce_np(v, seg, n, semiring):
    """⊕ of ``v`` grouped by ``seg`` (any order) into ``n`` slots; empty slots
    get the semiring's zero."""
    name = semiring.name
    v = np.asarray(v)
    if name == "tropical":
        out = np.full(n, -np.inf, dtype=v.dtype if v.dtype.kind == "f" else np.float64)
        np.maximum.at(out, seg, v)
        return out
    if name == "real":
        return np.bincount(seg, weights=v, minlength=n).astype(v.dtype if v.dtype.kind == "f" else np.float64)
    if name == "boolean":
        out = np.zeros(n, dtype=bool)
        out[seg[v.astype(bool)]] = True
        return out
    dt = v.dtype if v.dtype.kind == "f" else np.float64
    m = np.full(n, -np.inf, dtype=dt)
    np.maximum.at(m, seg, v)
    mf = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(invalid="ignore", over="ignore"):
        e = np.exp(v - mf[seg])
    s = np.bincount(seg, weights=e, minlength=n)
    with np.errstate(divide="ignore"):
        out = np.where(np.isfinite(m), mf + np.log(s), m)
    return out.astype(dt, copy=False)


class ObjectBackend:
    kind = "object"

    def __init__(self, semiring, ops):
        self.semiring = semiring
        self.ops = ops
        self._times = ops.times_for(semiring)
        self._plus = ops.plus_for(semiring)
        self.one = ops.one_for(semiring)
        self.zero = ops.zero_for(semiring)

    def const(self, v, n):
        out = np.empty(n, dtype=object)
        out[:] = [v] * n
        return out

    def convert(self, x):
        if isinstance(x, np.ndarray) and x.dtype == object:
            return x
        out = np.empty(len(x), dtype=object)
        out[:] = [float(t) for t in np.asarray(x)]
        return out

    def concat(self, xs):
        return np.concatenate(xs) if len(xs) > 1 else xs[0]

    def take(self, x, idx):
        return x[idx]

    def _obj(self, lst):
        out = np.empty(len(lst), dtype=object)
        out[:] = lst
        return out

    def times(self, x, y):
        t = self._times
        return self._obj([t(a, b) for a, b in zip(x, y)])

    def times2(self, pool, ia, ib):
        t = self._times
        one_b = ib == 0
        xa = pool[ia]
        if one_b.all():
            return xa
        xb = pool[ib]
        # a factor of "one" is dropped rather than built into the expression
        return self._obj([a if ob else (b if ia_ == 0 else t(a, b)) for a, b, ob, ia_ in zip(xa, xb, one_b, ia)])

    def segment_plus(self, v, seg, n):
        groups = [[] for _ in range(n)]
        for x, s in zip(v, seg):
            groups[s].append(x)
        p = self._plus
        return self._obj([self.zero if not g else (g[0] if len(g) == 1 else p(g)) for g in groups])


class JaxBackend:
    kind = "jax"

    def __init__(self, semiring):
        import jax.numpy as jnp
        self.jnp = jnp
        self.semiring = semiring
        self.one = semiring.one
        self.zero = semiring.zero

    def const(self, v, n):
        return self.jnp.full((n,), v)

    def convert(self, x):
        return self.jnp.asarray(x)

    def concat(self, xs):
        return self.jnp.concatenate(xs) if len(xs) > 1 else xs[0]

    def take(self, x, idx):
        return x[idx]

    def times(self, x, y):
        n = self.semiring.name
        if n in ("log", "tropical"):
            return x + y
        if n == "real":
            return x * y
        return x & y

    def times2(self, pool, ia, ib):
        if len(ib) and not np.any(ib):
            return pool[ia]
        return self.times(pool[ia], pool[ib])

    def segment_plus(self, v, seg, n):
        return segment_reduce_jax(v, seg, n, self.semiring)


def segment_reduce_jax(v, seg, n, semiring):
    """JAX ⊕ by segment; finite gradients where a whole segment is ``-inf``."""
    import jax
    import jax.numpy as jnp
    name = semiring.name
    seg = jnp.asarray(seg)
    if name == "real":
        return jax.ops.segment_sum(v, seg, num_segments=n)
    if name == "tropical":
        return jax.ops.segment_max(v, seg, num_segments=n)
    if name == "boolean":
        return jax.ops.segment_max(v.astype(jnp.int32), seg, num_segments=n).astype(bool)
    m = jax.lax.stop_gradient(jax.ops.segment_max(v, seg, num_segments=n))
    fin = jnp.isfinite(m)
    mf = jnp.where(fin, m, 0.0)
    e = jnp.exp(v - mf[seg])
    s = jax.ops.segment_sum(e, seg, num_segments=n)
    safe = jnp.where(fin, s, 1.0)
    return jnp.where(fin, mf + jnp.log(safe), -jnp.inf)
