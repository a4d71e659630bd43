"""Arc maps: how an operation's output weights are made from its inputs', and
how such a map is applied in any array backend.

Every operation computes its output *structure* with numpy and an
:class:`ArcMap`.  The map sees the inputs' weights as one *pool*: for each
input graph in order, its arc weights, then its start weights (if it has
any), then its accept weights (if any).  Index ``-1`` means the semiring's
one.  An output weight is ``pool[a] ⊗ pool[b]`` (a gather and a semiring
product of up to two sources).  Operations that must add, close or divide
weights first append *stages* to the pool, each computed from the pool so
far:

* :class:`SumStage` ``⊕_{k: seg[k] = j} pool[a_k] ⊗ pool[b_k]`` for ``j < n``
  (a plain 4-tuple ``(a, b, seg, n)`` means this stage);
* :class:`ClosureStage` the transitive closures ``K⁺ = ⊕_{n >= 1} K^n`` of
  a batch of small square matrices whose entries are pool entries (epsilon
  cycles in ``remove_epsilon``);
* :class:`InverseStage` ``pool[a_k]`` inverted for ⊗ (``-x`` in the log and
  tropical semirings), so that ``pool[a] ⊗ pool[inv]`` is a division
  (residuals in ``determinize``).

Applying a map uses only the backend's own ops (``w[idx]``, ``+``,
concatenate, segment reductions, a loop of rank-one updates for closures),
so numpy floats, JAX arrays and tracers (differentiable, no hand-written
backward) and object arrays of symbolic expressions (through
:class:`~gtnlang.wfst.semiring.SymbolicOps`) all work.

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


class SumStage:
    """``out[j] = ⊕_{k: seg[k] = j} pool[a_k] ⊗ pool[b_k]`` for ``j < n``;
    ``seg`` ``None``: ``out[k] = pool[a_k] ⊗ pool[b_k]`` (no reduction)."""

    __slots__ = ("a", "b", "seg", "n", "size")

    def __init__(self, a, b, seg, n):
        self.a = np.asarray(a, _INT)
        self.b = np.asarray(b, _INT)
        self.seg = None if seg is None else np.asarray(seg, _INT)
        self.n = int(n)
        self.size = self.n if self.seg is not None else len(self.a)

    def run(self, B, pool):
        v = B.times2(pool, self.a + 1, self.b + 1)
        return v if self.seg is None else B.segment_plus(v, self.seg, self.n)


class InverseStage:
    """``out[k] = pool[a_k]`` inverted for ⊗ (log, tropical: ``-x``; real:
    ``1/x``), so that ``pool[a] ⊗ pool[inverse]`` is the semiring quotient.

    >>> from gtnlang.wfst.graph import from_arcs
    >>> g = from_arcs([0], [1], [(0, 1, 1, 5.0), (0, 1, 1, 2.0)])
    >>> m = ArcMap([pool_size(g)], (np.array([0]), np.array([2])), stages=[InverseStage([1])])
    >>> m.apply([g])[0]                 # 5 / 2 in the log semiring
    array([3.])
    """

    __slots__ = ("a", "size")

    def __init__(self, a):
        self.a = np.asarray(a, _INT)
        self.size = len(self.a)

    def run(self, B, pool):
        return B.inverse(B.take(pool, self.a + 1))


class ClosureStage:
    """Transitive closures ``K⁺ = ⊕_{n >= 1} K^n`` (the ⊕ over all paths of
    one or more steps) of a batch of square matrices.  Matrix ``c`` has side
    ``sizes[c]``; entry ``(comp[k], i[k], j[k])`` is ``pool[idx[k]]`` (repeated
    entries are ⊕-ed, missing ones are zero).  Output: each matrix's
    ``sizes[c]**2`` closure entries, row-major, matrices in order.

    Kleene's elimination ``K[i, j] ⊕= K[i, k] ⊗ K[k, k]* ⊗ K[k, j]`` for ``k =
    0 .. M-1`` (Floyd-Warshall in max-plus, Gauss-Jordan in the real
    semiring, Warshall in the boolean one), run in the semiring itself: the
    log semiring never leaves log space, so every entry is exact to rounding
    whatever its magnitude (``exp(-800)`` neither underflows nor is lost
    beside larger entries), and the only subtraction is the star ``a* = 1 /
    (1 - e^a)`` of a pivot (the GTH algorithm).  A divergent sum (a pivot
    ``a >= one``: spectral radius ``>= 1``, or a positive max-plus cycle) has
    star ``+inf``, and ``+inf ⊗ zero = zero``, so results are ``+inf``, never
    NaN.  Matrices are batched by side, padded to a power of two.

    >>> from gtnlang.wfst.graph import from_arcs
    >>> import math
    >>> g = from_arcs([0], [1], [(0, 1, 1, math.log(0.5))])
    >>> st = ClosureStage([1], [0], [0], [0], [0])        # a self-loop of weight 1/2
    >>> m = ArcMap([pool_size(g)], np.array([1]), stages=[st])
    >>> round(math.exp(m.apply([g])[0][0]), 12)          # 1/2 + 1/4 + ... = 1
    1.0
    """

    __slots__ = ("sizes", "comp", "i", "j", "idx", "size", "buckets", "order")

    def __init__(self, sizes, comp, i, j, idx):
        self.sizes = np.asarray(sizes, _INT)
        self.comp, self.i, self.j, self.idx = (np.asarray(x, _INT) for x in (comp, i, j, idx))
        sq = self.sizes ** 2
        self.size = int(sq.sum())
        out_off = np.cumsum(sq) - sq
        pads = 1 << np.ceil(np.log2(np.maximum(self.sizes, 1))).astype(_INT)
        self.buckets, placed = [], []
        for P in np.unique(pads).tolist():
            cs = np.flatnonzero(pads == P)
            rank = np.full(len(self.sizes), -1, _INT)
            rank[cs] = np.arange(len(cs))
            e = np.flatnonzero(pads[self.comp] == P)
            flat = rank[self.comp[e]] * P * P + self.i[e] * P + self.j[e]
            # each matrix's own M x M block of the padded P x P one, row-major
            own = np.repeat(np.arange(len(cs), dtype=_INT), sq[cs])
            pos = np.arange(len(own), dtype=_INT) - np.repeat(np.cumsum(sq[cs]) - sq[cs], sq[cs])
            M = self.sizes[cs][own]
            self.buckets.append((self.idx[e], flat, len(cs), P, own * P * P + (pos // M) * P + pos % M))
            placed.append(out_off[cs][own] + pos)
        placed = np.concatenate(placed) if placed else np.zeros(0, _INT)
        self.order = np.empty(len(placed), _INT)
        self.order[placed] = np.arange(len(placed), dtype=_INT)

    def run(self, B, pool):
        parts = []
        for idx, flat, K, P, gather in self.buckets:
            A = B.segment_plus(B.take(pool, idx + 1), flat, K * P * P)
            parts.append(B.take(B.kleene(A.reshape(K, P, P)).reshape(-1), gather))
        if not parts:
            return B.const(B.zero, 0)
        return B.take(B.concat(parts), self.order)


_STAGES = (SumStage, InverseStage, ClosureStage)


def _stage(s):
    return s if isinstance(s, _STAGES) else SumStage(*s)


class ArcMap:
    """``arc``/``start``/``accept``: ``(a, b)`` index pairs into the pool
    (``start``/``accept`` ``None`` = the output has no start/accept weights).
    ``stages``: stage objects (see the module docstring), or ``(a, b, seg,
    n)`` tuples for a :class:`SumStage`; ``seg`` ``None`` = no reduction."""

    __slots__ = ("input_sizes", "stages", "arc", "start", "accept")

    def __init__(self, input_sizes, arc, start=None, accept=None, stages=()):
        self.input_sizes = list(input_sizes)
        self.arc = _pair(arc)
        self.start = _pair(start)
        self.accept = _pair(accept)
        self.stages = [_stage(s) for s in stages]

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
        pool = self._run_stages(B, B.concat([B.const(B.one, 1)] + [B.convert(p) for p in parts]))
        outs = [B.times2(pool, self.arc[0] + 1, self.arc[1] + 1)]
        for p in (self.start, self.accept):
            outs.append(None if p is None else B.times2(pool, p[0] + 1, p[1] + 1))
        return tuple(outs)


    def _run_stages(self, B, pool):
        """The pool with every stage's outputs appended."""
        if B.kind == "jax" or len(self.stages) <= 1:
            for st in self.stages:
                pool = B.concat([pool, st.run(B, pool)])
            return pool
        # numpy and object arrays: one buffer filled stage by stage, since
        # many stages (one per level or wave) would copy a growing pool each
        full = B.const(B.zero, len(pool) + sum(st.size for st in self.stages))
        full[:len(pool)] = pool
        o = len(pool)
        for st in self.stages:
            full[o:o + st.size] = st.run(B, full)
            o += st.size
        return full


def apply_map(structure, amap, graphs, semiring=LOG, ops=None):
    """The output graph: ``structure`` with weights from ``amap`` applied to
    ``graphs``' weights.  Structure-only inputs give a structure-only output."""
    from .graph import Graph
    if any(g.weights is None for g in graphs):
        return structure
    w, sw, aw = amap.apply(graphs, semiring, ops)
    return structure._same_structure(w, sw, aw, structure.name)


# --- backends --------------------------------------------------------------

def _is_jax(x):
    return "jax" in type(x).__module__


def is_traced(x):
    """Whether ``x`` is a JAX tracer (inside ``jax.grad``, ``jit``, ``vmap``)."""
    if not _is_jax(x):
        return False
    import jax
    return isinstance(x, jax.core.Tracer)


def concrete_values(x):
    """The numpy values of a weight array, or ``None`` where they are not
    known: a JAX tracer under ``jit`` or ``vmap`` (eager ``jax.grad``
    tracers carry their values)."""
    if not is_traced(x):
        return np.asarray(x)
    try:
        from jax._src.core import to_concrete_value
    except ImportError:                          # pragma: no cover - older JAX
        return None
    v = to_concrete_value(x)
    return None if v is None else np.asarray(v)


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

    def inverse(self, x):
        return _inverse(x, self.semiring.name)

    def kleene(self, A):
        return kleene_np(A, self.semiring.name)


def _inverse(x, name):
    """⊗-inverse elementwise (numpy or JAX arrays)."""
    if name in ("log", "tropical"):
        return -x
    if name == "real":
        return 1.0 / x
    raise ValueError(f"the {name} semiring has no inverse (division)")


def kleene_np(A, name):
    """Transitive closures of a batch ``(K, M, M)`` of matrices by Kleene's
    elimination in semiring ``name`` (see :class:`ClosureStage`).

    >>> h = np.log(0.5)
    >>> A = np.array([[[-np.inf, h], [h, -np.inf]]])        # a 2-cycle of probability 1/4
    >>> np.round(np.exp(kleene_np(A, "log")[0]), 12)       # (1/4 + 1/16 + ...) = 1/3 back home
    array([[0.33333333, 0.66666667],
           [0.66666667, 0.33333333]])
    """
    # zero ⊗ +inf needs a guard only once a +inf exists (a divergent star)
    inf = name != "boolean" and bool(np.any(A == np.inf))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(A.shape[1]):
            st = _star_np(A[:, k, k], name)
            inf = inf or (name != "boolean" and bool(np.any(st == np.inf)))
            u = _times_np(A[:, :, k], st[:, None], name, inf)
            A = _plus_np(A, _times_np(u[:, :, None], A[:, None, k, :], name, inf), name)
    return A


def _star_np(s, name):
    # a* = ⊕_n a^n; +inf where the series diverges
    if name == "log":
        return np.where(s < 0, -np.log1p(-np.exp(np.minimum(s, 0.0))), np.inf)
    if name == "tropical":
        return np.where(s <= 0, 0.0, np.inf)
    if name == "real":
        return np.where(s < 1, 1.0 / (1.0 - np.where(s < 1, s, 0.0)), np.inf)
    return np.ones(s.shape, bool)


def _times_np(x, y, name, inf=True):
    # zero annihilates, +inf included (a divergent sum times an absent path is
    # no path); without any +inf the plain product already does
    if name in ("log", "tropical"):
        r = x + y
        return np.where(np.isnan(r), -np.inf, r) if inf else r
    if name == "real":
        return np.where((x == 0) | (y == 0), 0.0, x * y) if inf else x * y
    return x & y


def _plus_np(x, y, name):
    if name == "log":
        return np.logaddexp(x, y)
    if name == "tropical":
        return np.maximum(x, y)
    if name == "real":
        return x + y
    return x | y


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

    def inverse(self, x):
        if self.semiring.name not in ("log", "tropical"):
            raise ValueError(f"symbolic weights: no inverse (division) in the {self.semiring.name} semiring")
        neg = self.ops.neg
        return self._obj([neg(a) for a in x])

    def kleene(self, A):
        star = self.ops.star_for(self.semiring)
        if star is None:
            raise ValueError("symbolic weights on a cycle (an epsilon cycle) need the star operation a* = "
                             "⊕_n a^n, and the symbolic ops in use define none (SymbolicOps(star=...))")
        out = A.copy()
        for c in range(A.shape[0]):
            out[c] = self._kleene_one(A[c], star)
        return out

    def _kleene_one(self, A, star):
        # None marks a structural zero and _ONE the one, so that no term of
        # either is built into the expressions
        P = A.shape[0]
        K = [[None if x is self.zero else x for x in row] for row in A]
        t = self._times
        mul = lambda a, b: None if a is None or b is None else (b if a is _ONE else (a if b is _ONE else t(a, b)))
        for k in range(P):
            col = [(i, K[i][k]) for i in range(P) if K[i][k] is not None]
            row = [(j, K[k][j]) for j in range(P) if K[k][j] is not None]
            s = K[k][k]
            st = _ONE if s is None else star(s)
            for i, a in col:
                u = mul(a, st)
                for j, b in row:
                    v = mul(u, b)
                    K[i][j] = v if K[i][j] is None else self._plus([K[i][j], v])
        out = np.empty((P, P), dtype=object)
        for i in range(P):
            out[i, :] = [self.zero if x is None else x for x in K[i]]
        return out


_ONE = object()


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

    def inverse(self, x):
        return _inverse(x, self.semiring.name)

    def kleene(self, A):
        return kleene_jax(A, self.semiring.name)


#: matrices up to this side are eliminated by an unrolled loop (no loop to compile)
KLEENE_UNROLL = 16


def kleene_jax(A, name):
    """:func:`kleene_np` in JAX, differentiable; infinities (divergence,
    zeros) carry no NaN into gradients.  Small sides unroll the pivots;
    larger ones run a ``fori_loop`` (one compiled step, whatever the side)."""
    import jax

    def step(k, A):
        u = _times_jax(A[:, :, k], _star_jax(A[:, k, k], name)[:, None], name)
        return _plus_jax(A, _times_jax(u[:, :, None], A[:, None, k, :], name), name)
    M = A.shape[1]
    if M > KLEENE_UNROLL:
        return jax.lax.fori_loop(0, M, step, A)
    for k in range(M):
        A = step(k, A)
    return A


def _star_jax(s, name):
    import jax.numpy as jnp
    if name == "log":
        ok = s < 0
        return jnp.where(ok, -jnp.log1p(-jnp.exp(jnp.where(ok, s, -1.0))), jnp.inf)
    if name == "tropical":
        return jnp.where(s <= 0, jnp.zeros_like(s), jnp.inf)
    if name == "real":
        ok = s < 1
        return jnp.where(ok, 1.0 / (1.0 - jnp.where(ok, s, 0.0)), jnp.inf)
    return jnp.ones(s.shape, bool)


def _times_jax(x, y, name):
    import jax.numpy as jnp
    if name in ("log", "tropical"):
        return jnp.where((x == -jnp.inf) | (y == -jnp.inf), -jnp.inf, x + y)
    if name == "real":
        # both factors masked: the product's gradient must not meet 0 * inf
        z = (x == 0) | (y == 0)
        return jnp.where(z, 0.0, x) * jnp.where(z, 0.0, y)
    return x & y


def _plus_jax(x, y, name):
    import jax
    import jax.numpy as jnp
    if name == "log":
        m = jax.lax.stop_gradient(jnp.maximum(x, y))
        fin = jnp.isfinite(m)
        mf = jnp.where(fin, m, 0.0)
        e = jnp.exp(jnp.where(fin, x, 0.0) - mf) + jnp.exp(jnp.where(fin, y, 0.0) - mf)
        return jnp.where(fin, mf + jnp.log(e), m)
    if name == "tropical":
        return jnp.maximum(x, y)
    if name == "real":
        return x + y
    return x | y


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
    # an all-zero segment is zero; one holding a divergent (+inf) term is +inf
    return jnp.where(fin, mf + jnp.log(safe), m)
