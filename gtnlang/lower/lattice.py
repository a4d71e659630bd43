"""The time-synchronous kernel: an emission lattice intersected with a small
graph, scored frame by frame without building the product.

For a ``(T, V)`` emission array (GTN's linear graph: frame ``t``, column
``v`` labelled ``labels[v]``) and a small epsilon-free acceptor ``g`` with
``S`` states, the product's forward values after frame ``t`` are a length-S
vector; one frame is

    alpha'[s] = ⊕_{arcs p -(l, w)-> s} alpha[p] ⊗ w ⊗ x[t, col(l)]

so the kernel is a ``lax.scan`` over frames applying ``g``'s padded
incoming-arc table ``(S, D)`` -- O(T·S·D) work and O(S) carry, never the
O(T·S) lattice.  It equals ``forward_score(intersect(emissions(x), g))`` (and
the tropical analogue) of the numpy engine.

Two layouts, chosen in numpy from the structure:

* *diagonal*: every incoming entry of state ``s`` comes from ``s - o`` for one
  of a few offsets ``o`` (CTC: 0, 1, 2; ASG; left-to-right HMMs) -- the gather
  becomes shifted copies of the carry;
* *gather*: a general ``(S, D)`` table of source states.

When all arcs into a state carry one label (*state-labelled*: CTC, ASG,
HMMs) the emission scores are gathered once for all frames, ``(T, S)``,
outside the loop.

A batch is ``B`` lattices of one shape with ``B`` small graphs of any
structures, padded to a common ``S`` and ``D``; ``lengths`` gives each
lattice's number of frames (the carry stops changing after it).

>>> import numpy as np, jax.numpy as jnp
>>> from gtnlang.wfst import from_arcs, emissions, intersect, forward_score
>>> g = from_arcs([0], [0], [(0, 0, 1, 0.0), (0, 0, 2, 0.5)])
>>> x = np.log(np.full((3, 2), 0.5))
>>> p = LatticeProduct(jnp.asarray(x), g)
>>> round(float(p.forward_score()), 5) == round(forward_score(intersect(emissions(x), g)), 5)
True
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from gtnlang.wfst import EPSILON, Graph, emissions as _emissions, intersect as _intersect
from gtnlang.wfst import project_input, remove_epsilon

from .numerics import NEG_INF, reduce, reduce_list, semiring_name, weight_pool
from .plan import _LRU, structure_key

#: at most this many distinct source offsets use the diagonal layout
MAX_DIAGONALS = 8

_I32 = np.int32
_FRAMES = _LRU()


class FrameTable(NamedTuple):
    """Dense incoming-arc tables of ``B`` small graphs (arrays may be numpy,
    JAX arrays or tracers -- e.g. CTC builds ``col`` and ``mask`` from traced
    targets).

    * ``offsets``: tuple of ints (diagonal layout: entry ``d`` of state ``s``
      reads state ``s - offsets[d]``) or ``None``;
    * ``src``: ``(B, S, D)`` source states (gather layout) or ``None``;
    * ``col``: lattice column read by an entry, ``(B, S)`` if state-labelled
      else ``(B, S, D)``; ``-1`` = the label is not in the lattice;
    * ``w``: ``(B, S, D)`` arc weights or ``None`` (all zero);
    * ``mask``: ``(B, S, D)`` which entries are arcs;
    * ``start``, ``accept``: ``(B, S)`` start / accept weights, ``-inf`` for
      states that are not start / accept states.
    """
    offsets: tuple | None
    src: object
    col: object
    w: object
    mask: object
    start: object
    accept: object

    @property
    def state_labelled(self):
        return len(np.shape(self.col)) == 2


def _prepare(g, semiring):
    """An epsilon-free acceptor on input labels: epsilon arcs are removed
    (differentiably) by the engine first."""
    if np.any(g.ilabel == EPSILON):
        g = remove_epsilon(project_input(g), semiring)
    return g


class _FrameStructure:
    __slots__ = ("B", "S", "D", "offsets", "src", "widx", "col", "mask", "start_widx", "start_mask",
                 "accept_widx", "accept_mask", "pool_parts", "ONE")


def frame_structure(graphs, labels):
    """Numpy tables (cached by structure and lattice labels) of ``graphs``
    against a lattice whose column ``v`` is labelled ``labels[v]``."""
    labels = np.asarray(labels, np.int64)
    key = b"".join(structure_key(g, (g.ilabel.tobytes(),)) for g in graphs) + labels.tobytes()
    return _FRAMES.get(key, lambda: _build(graphs, labels))


def _build(graphs, labels):
    B = len(graphs)
    S = max(max(g.num_nodes for g in graphs), 1)
    srt = np.argsort(labels, kind="stable")
    slab = labels[srt]
    per, p, parts = [], 0, []
    for g in graphs:
        E = g.num_arcs
        pos = np.searchsorted(slab, g.ilabel)
        hit = (pos < len(slab)) & (slab[np.minimum(pos, len(slab) - 1)] == g.ilabel)
        col = np.where(hit, srt[np.minimum(pos, len(slab) - 1)], -1)
        o = np.lexsort((np.arange(E), g.dst))
        dsorted = g.dst[o]
        first = np.searchsorted(dsorted, dsorted)
        d = np.arange(E) - first
        sw = p + E if g.start_weights is not None else -1
        aw = p + E + (len(g.start) if g.start_weights is not None else 0) if g.accept_weights is not None else -1
        per.append(dict(o=o, dst=dsorted, src=g.src[o], d=d, col=col[o], w=p + o, sw=sw, aw=aw))
        parts.append((E, g.start_weights is not None, g.accept_weights is not None))
        p += E + (len(g.start) if g.start_weights is not None else 0) + (len(g.accept) if g.accept_weights is not None else 0)
    ONE = p
    # diagonal layout if each (state, offset) has at most one arc and offsets are few
    offs = np.unique(np.concatenate([q["dst"] - q["src"] for q in per])) if any(len(q["o"]) for q in per) else np.zeros(1, np.int64)
    diag = len(offs) <= MAX_DIAGONALS
    if diag:
        for q in per:
            k = (q["dst"] - q["src"]).astype(np.int64)
            q["d"] = np.searchsorted(offs, k)
            if len(k) and len(np.unique(q["dst"] * len(offs) + q["d"])) != len(k):
                diag = False
                break
    if not diag:
        for q in per:
            q["d"] = np.arange(len(q["o"])) - np.searchsorted(q["dst"], q["dst"])
    D = max(1, len(offs)) if diag else max([int(q["d"].max()) + 1 for q in per if len(q["o"])] or [1])
    F = _FrameStructure()
    F.B, F.S, F.D, F.ONE, F.pool_parts = B, S, D, ONE, parts
    F.offsets = tuple(int(o) for o in offs) if diag else None
    F.src = np.zeros((B, S, D), _I32)
    F.widx = np.full((B, S, D), ONE, _I32)
    col = np.full((B, S, D), -1, _I32)
    F.mask = np.zeros((B, S, D), bool)
    F.start_widx = np.full((B, S), ONE, _I32); F.start_mask = np.zeros((B, S), bool)
    F.accept_widx = np.full((B, S), ONE, _I32); F.accept_mask = np.zeros((B, S), bool)
    for b, (g, q) in enumerate(zip(graphs, per)):
        F.src[b, q["dst"], q["d"]] = q["src"]
        F.widx[b, q["dst"], q["d"]] = q["w"]
        col[b, q["dst"], q["d"]] = q["col"]
        F.mask[b, q["dst"], q["d"]] = q["col"] >= 0  # a label outside the lattice never matches
        F.start_mask[b, g.start] = True
        if q["sw"] >= 0:
            F.start_widx[b, g.start] = q["sw"] + np.arange(len(g.start))
        F.accept_mask[b, g.accept] = True
        if q["aw"] >= 0:
            F.accept_widx[b, g.accept] = q["aw"] + np.arange(len(g.accept))
    # state-labelled: every live entry of a state reads the same column
    lo = np.where(F.mask, col, np.iinfo(_I32).max).min(axis=2)
    hi = np.where(F.mask, col, -1).max(axis=2)
    live = F.mask.any(axis=2)
    if np.all(~live | (lo == hi)):
        F.col = np.where(live, hi, -1).astype(_I32)
    else:
        F.col = col
    for k in F.__slots__:
        v = getattr(F, k)
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
    return F


def frame_table(graphs, labels, dtype, semiring="log"):
    """The :class:`FrameTable` of small graphs (weights: any backend)."""
    graphs = [_prepare(g, semiring) for g in graphs]
    F = frame_structure(graphs, labels)
    has_w = any(g.weights is not None and not (isinstance(g.weights, np.ndarray) and not g.weights.any())
                for g in graphs) or any(h or a for _, h, a in F.pool_parts)
    pool = weight_pool(graphs, F.pool_parts, dtype) if has_w else None
    w = pool[F.widx] if has_w else None
    z = jnp.where(F.start_mask, pool[F.start_widx] if has_w else 0.0, NEG_INF).astype(dtype)
    acc = jnp.where(F.accept_mask, pool[F.accept_widx] if has_w else 0.0, NEG_INF).astype(dtype)
    return FrameTable(F.offsets, None if F.offsets else F.src, F.col, w, F.mask, z, acc)


def _shift(alpha, o):
    # alpha[:, s - o], -inf outside
    if o == 0:
        return alpha
    B, S = alpha.shape
    pad = jnp.full((B, min(abs(o), S)), NEG_INF, alpha.dtype)
    if o > 0:
        return jnp.concatenate([pad, alpha[:, :S - o]], axis=1)[:, :S]
    return jnp.concatenate([alpha[:, -o:], pad], axis=1)[:, :S]


def frame_scan(em, table, semiring="log", lengths=None):
    """Scores ``(B,)`` of ``B`` lattices ``em`` ``(B, T, V)`` intersected with
    the graphs of ``table``; ``lengths`` ``(B,)`` frames per lattice.
    Jitted (inlined under an outer jit); the layout is static."""
    semiring = semiring_name(semiring)
    static_mask = isinstance(table.mask, np.ndarray)
    drop = tuple(bool(static_mask and table.mask[..., d].all()) for d in range(np.shape(table.mask)[-1]))
    return _frame_scan_jit(em, table._replace(offsets=None), lengths, offsets=table.offsets,
                           semiring=semiring, drop=drop)


@partial(jax.jit, static_argnames=("offsets", "semiring", "drop"))
def _frame_scan_jit(em, table, lengths, offsets, semiring, drop):
    table = table._replace(offsets=offsets)
    B, T, V = em.shape
    dtype = em.dtype
    mask = jnp.asarray(table.mask)
    S = mask.shape[-2]
    D = mask.shape[-1]
    mask = jnp.broadcast_to(mask, (B, S, D))
    col = jnp.asarray(table.col, jnp.int32)
    if table.state_labelled:
        col = jnp.broadcast_to(col, (B, S))
        e = jnp.take_along_axis(em, jnp.maximum(col, 0)[:, None, :], axis=2)
        xs_e = jnp.where(col[:, None, :] >= 0, e, NEG_INF).transpose(1, 0, 2)   # (T, B, S)
    else:
        col = jnp.broadcast_to(col, (B, S, D)).reshape(B, S * D)
        xs_e = em.transpose(1, 0, 2)                                          # (T, B, V)
    w = None if table.w is None else jnp.broadcast_to(jnp.asarray(table.w, dtype), (B, S, D))
    src = None if table.offsets else jnp.broadcast_to(jnp.asarray(table.src, jnp.int32), (B, S, D)).reshape(B, S * D)
    lens = None if lengths is None else jnp.asarray(lengths, jnp.int32)

    if table.offsets and table.state_labelled:
        # diagonal, state-labelled (CTC, ASG, HMMs): D shifted copies of the
        # carry reduced elementwise; an all-true mask column is dropped
        masks = [None if drop[d] else mask[..., d] for d in range(len(table.offsets))]
        ws = [None if w is None else w[..., d] for d in range(len(table.offsets))]

        def step(alpha, xs):
            e_t, t = xs
            cand = [_shift(alpha, o) if wd is None else _shift(alpha, o) + wd
                    for o, wd in zip(table.offsets, ws)]
            new = reduce_list(semiring, cand, masks) + e_t
            if lens is not None:
                new = jnp.where((t < lens)[:, None], new, alpha)
            return new, None
    else:
        step = _general_step(table, semiring, B, S, D, w, src, col, mask, lens)

    alpha0 = jnp.broadcast_to(jnp.asarray(table.start, dtype), (B, S))
    alpha, _ = jax.lax.scan(step, alpha0, (xs_e, jnp.arange(T, dtype=jnp.int32)))
    return reduce(semiring, alpha + jnp.broadcast_to(jnp.asarray(table.accept, dtype), (B, S)))


def _general_step(table, semiring, B, S, D, w, src, col, mask, lens):
    def step(alpha, xs):
        e_t, t = xs
        if table.offsets:
            cand = jnp.stack([_shift(alpha, o) for o in table.offsets], axis=-1)
        else:
            cand = jnp.take_along_axis(alpha, src, axis=1).reshape(B, S, D)
        if w is not None:
            cand = cand + w
        if table.state_labelled:
            new = reduce(semiring, cand, mask) + e_t
        else:
            ec = jnp.take_along_axis(e_t, jnp.maximum(col, 0), axis=1).reshape(B, S, D)
            cand = cand + jnp.where(col.reshape(B, S, D) >= 0, ec, NEG_INF)
            new = reduce(semiring, cand, mask)
        if lens is not None:
            new = jnp.where((t < lens)[:, None], new, alpha)
        return new, None
    return step


def intersect_lattice_score(emissions, graph, semiring="log", labels=None, lengths=None):
    """Score of ``intersect(emissions(x, labels), graph)`` by the frame scan.

    ``emissions`` is ``(T, V)`` with one graph, or ``(B, T, V)`` with a list
    of ``B`` graphs (or one graph shared by all).  ``labels`` are the lattice
    column labels (default ``1..V``, as :func:`gtnlang.wfst.emissions`).
    Returns a scalar or ``(B,)``.

    >>> import jax.numpy as jnp
    >>> from gtnlang.wfst import linear_acceptor
    >>> float(intersect_lattice_score(jnp.zeros((2, 3)), linear_acceptor([1, 3])))
    0.0
    """
    em = jnp.asarray(emissions)
    if not jnp.issubdtype(em.dtype, jnp.floating):
        em = em.astype(jnp.float32)
    single = em.ndim == 2
    if single:
        em = em[None]
    B, T, V = em.shape
    graphs = [graph] * B if isinstance(graph, Graph) else list(graph)
    if len(graphs) != B:
        raise ValueError(f"intersect_lattice_score: {len(graphs)} graphs for a batch of {B} lattices")
    labels = np.arange(1, V + 1) if labels is None else np.asarray(labels, np.int64)
    # one shared graph: a batch-1 table that broadcasts over the lattices
    table = frame_table([graph] if isinstance(graph, Graph) else graphs, labels, em.dtype, semiring)
    out = frame_scan(em, table, semiring, lengths)
    return out[0] if single else out


class LatticeProduct:
    """A lazily represented ``Intersect[Emissions[x], g]``: the emission
    array, its column labels and the small graph, never materialised unless
    asked.  The graph builtins return one when they intersect an emission
    lattice whose weights are JAX values with a small graph, so that
    ``ForwardScore``/``ViterbiScore`` run the frame scan.

    * ``emissions``: ``(T, V)`` JAX array (or tracer);
    * ``graph``: a :class:`gtnlang.wfst.Graph` acceptor (weights any backend);
    * ``labels``: the lattice's column labels (default ``1..V``);
    * ``lattice_first``: operand order of the intersection (scores do not
      depend on it; :meth:`materialize` keeps it).

    >>> import jax.numpy as jnp
    >>> from gtnlang.wfst import linear_acceptor
    >>> p = LatticeProduct(jnp.zeros((2, 2)), linear_acceptor([1, 2]))
    >>> float(p.forward_score()), p.materialize().num_arcs
    (0.0, 2)
    """

    __slots__ = ("emissions", "graph", "labels", "lattice_first")

    def __init__(self, emissions, graph, labels=None, lattice_first=True):
        self.emissions = emissions
        self.graph = graph
        T, V = np.shape(emissions)
        self.labels = np.arange(1, V + 1) if labels is None else np.asarray(labels, np.int64)
        self.lattice_first = lattice_first

    @property
    def frames(self):
        return np.shape(self.emissions)[0]

    def forward_score(self):
        return intersect_lattice_score(self.emissions, self.graph, "log", self.labels)

    def viterbi_score(self):
        return intersect_lattice_score(self.emissions, self.graph, "tropical", self.labels)

    def score(self, semiring):
        return intersect_lattice_score(self.emissions, self.graph, semiring, self.labels)

    def lattice(self):
        """The emission lattice as an engine Graph."""
        return _emissions(self.emissions, self.labels)

    def materialize(self):
        """The product as an engine Graph (``gtnlang.wfst.intersect``)."""
        a, b = self.lattice(), self.graph
        return _intersect(a, b) if self.lattice_first else _intersect(b, a)

    def __repr__(self):
        T, V = np.shape(self.emissions)
        return f"<LatticeProduct {T}x{V} lattice ∩ {self.graph!r}>"
