"""Exact scores of cyclic graphs in JAX: a scan over the levels of the
condensation (the DAG of strongly connected components), solving each
component's cycles in closed form.

Contract: :func:`cyclic_distance` gives every node's forward value (start
weights included) in the log or tropical semiring, equal to the numpy
engine's ``shortest_distance`` on cyclic graphs, jit-able and
differentiable.  A node whose paths diverge (a cycle whose weights sum to a
probability mass >= 1 in the log semiring, a positive cycle in the tropical
one) is ``+inf``; an unreachable node ``-inf`` with zero gradient.

One scan step handles one condensation level:

1. *inflow*: each node of the level gathers its incoming arcs from earlier
   levels (a padded table, as the acyclic level scan) and its start weight;
2. *single-node components* with self-loops of total weight ``s`` multiply
   the inflow by the geometric series ``1 / (1 - e^s)``: ``b - log1p(-e^s)``
   (tropical: unchanged when ``s <= 0``);
3. *multi-node components* solve ``x = b + A^T x`` in probability space,
   scaled by max-plus potentials ``phi`` (the tropical solution, held under
   ``stop_gradient``): entries ``exp(w_ij + phi_i - phi_j) <= 1``, so weights
   of -800 do not underflow and the solve is well conditioned; the value is
   ``phi + log x``.  The series converges iff ``x > 0`` (Collatz-Wielandt:
   the component is irreducible), checked on a first solve under
   ``stop_gradient``; a divergent component is replaced by the identity
   before the differentiated solve so no NaN reaches the gradient.
   Tropical: ``phi`` itself, recomputed with gradients along the best
   predecessor tree (one best path, as the acyclic kernel).

Compile time does not grow with the number of levels (one scan body); a step
costs ``O(K M^3)`` for ``K`` components of at most ``M`` nodes per level.

>>> import math, jax.numpy as jnp
>>> from gtnlang.wfst import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 1, 2, math.log(0.5))])   # 1 + 1/2 + 1/4 + ... = 2
>>> w = jnp.asarray(g.weights, jnp.float32)
>>> round(float(cyclic_total(g.with_weights(w), "log")), 4) == round(math.log(2.0), 4)
True
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from gtnlang.wfst import Graph, strongly_connected_components, topological_levels

from .numerics import NEG_INF, reduce, semiring_name, weight_pool
from .plan import _LRU, structure_key

_I32 = np.int32
_PLANS = _LRU()


class CyclicPlan(NamedTuple):
    """Numpy tables of one graph, per condensation level (leading axis ``L``).

    Pool indices point into ``[arc weights, start weights, 0.0]`` (the last
    entry is the padding weight); node ``N`` reads as ``-inf`` and node
    ``N + 1`` is a write-only sink for padded slots.
    """
    num_nodes: int
    nodes: np.ndarray        # (L, P) node of each slot
    in_src: np.ndarray       # (L, P, D) source node of each incoming external arc
    in_w: np.ndarray         # (L, P, D) its pool index
    start_w: np.ndarray      # (L, P) pool index of the start weight, -1 if not a start node
    loop_w: np.ndarray       # (L, P, R) pool indices of a single-node component's self-loops
    loop_mask: np.ndarray    # (L, P, R)
    comp_slot: np.ndarray    # (L, K, M) slot of each member of a multi-node component, P = padding
    arc_k: np.ndarray        # (L, E) internal arcs of multi-node components: component,
    arc_i: np.ndarray        # source member,
    arc_j: np.ndarray        # destination member,
    arc_w: np.ndarray        # pool index,
    arc_mask: np.ndarray     # and whether the entry is an arc
    pool_size: int


def cyclic_plan(g):
    """The (cached) :class:`CyclicPlan` of ``g``."""
    return _PLANS.get(structure_key(g, (b"cyclic",)), lambda: _build(g))


def _pad(rows, width, fill, dtype=_I32):
    out = np.full((len(rows), max(width, 1)), fill, dtype)
    for r, row in enumerate(rows):
        out[r, :len(row)] = row
    return out


def _build(g):
    N, E = g.num_nodes, g.num_arcs
    ncomp, comp = strongly_connected_components(g)
    comp = np.asarray(comp, np.int64)
    internal = comp[g.src] == comp[g.dst]
    cg = Graph(ncomp, [], [], comp[g.src[~internal]], comp[g.dst[~internal]],
               np.zeros(int((~internal).sum()), np.int64), _trusted=True)
    _, clevel = topological_levels(cg)
    level = np.asarray(clevel, np.int64)[comp]
    L = int(level.max()) + 1 if N else 0
    size = np.bincount(comp, minlength=ncomp)
    has_sw = g.start_weights is not None
    pad_w = E + (len(g.start) if has_sw else 0)  # pool index of the padding 0.0 (see weight_pool)
    start_idx = np.full(N, -1, np.int64)
    start_idx[g.start] = E + np.arange(len(g.start)) if has_sw else pad_w
    nodes_at = [np.flatnonzero(level == k) for k in range(L)]
    P = max([len(x) for x in nodes_at] + [1])
    slot = np.zeros(N, np.int64)
    for x in nodes_at:
        slot[x] = np.arange(len(x))
    ext = np.flatnonzero(~internal)
    loops = np.flatnonzero(internal & (size[comp[g.src]] == 1))
    multi_arcs = np.flatnonzero(internal & (size[comp[g.src]] > 1))
    D = max(np.bincount(g.dst[ext], minlength=N).max(initial=0), 1)
    R = max(np.bincount(g.dst[loops], minlength=N).max(initial=0), 1)
    multi = [c for c in range(ncomp) if size[c] > 1]
    members = {c: [] for c in multi}
    for v in range(N):
        if size[comp[v]] > 1:
            members[comp[v]].append(v)
    M = max([size[c] for c in multi] + [1])
    comps_at = [[c for c in multi if level[members[c][0]] == k] for k in range(L)]
    K = max([len(x) for x in comps_at] + [1])
    member_pos = np.zeros(N, np.int64)
    kpos = np.zeros(ncomp, np.int64)
    for cs in comps_at:
        for k, c in enumerate(cs):
            kpos[c] = k
            member_pos[members[c]] = np.arange(len(members[c]))
    arcs_at = [multi_arcs[level[g.src[multi_arcs]] == k] for k in range(L)]
    A = max([len(x) for x in arcs_at] + [1])

    nodes = np.full((L, P), N + 1, _I32)
    in_src = np.full((L, P, D), N, _I32)
    in_w = np.full((L, P, D), pad_w, _I32)
    start_w = np.full((L, P), -1, _I32)
    loop_w = np.full((L, P, R), pad_w, _I32)
    loop_mask = np.zeros((L, P, R), bool)
    comp_slot = np.full((L, K, M), P, _I32)
    arc_k = np.zeros((L, A), _I32); arc_i = np.zeros((L, A), _I32); arc_j = np.zeros((L, A), _I32)
    arc_w = np.full((L, A), pad_w, _I32); arc_mask = np.zeros((L, A), bool)
    for k in range(L):
        nodes[k, :len(nodes_at[k])] = nodes_at[k]
        start_w[k, :len(nodes_at[k])] = start_idx[nodes_at[k]]
        for c in comps_at[k]:
            comp_slot[k, kpos[c], :size[c]] = slot[members[c]]
        a = arcs_at[k]
        arc_k[k, :len(a)] = kpos[comp[g.src[a]]]
        arc_i[k, :len(a)] = member_pos[g.src[a]]
        arc_j[k, :len(a)] = member_pos[g.dst[a]]
        arc_w[k, :len(a)] = a
        arc_mask[k, :len(a)] = True
    for arcs, src_tab, w_tab, mask_tab in ((ext, in_src, in_w, None), (loops, None, loop_w, loop_mask)):
        order = arcs[np.argsort(g.dst[arcs], kind="stable")]
        d = g.dst[order]
        rank = np.arange(len(order)) - np.searchsorted(d, d)
        lv, sl = level[d], slot[d]
        if src_tab is not None:
            src_tab[lv, sl, rank] = g.src[order]
        w_tab[lv, sl, rank] = order
        if mask_tab is not None:
            mask_tab[lv, sl, rank] = True
    return CyclicPlan(N, nodes, in_src, in_w, start_w, loop_w, loop_mask, comp_slot,
                      arc_k, arc_i, arc_j, arc_w, arc_mask, pad_w + 1)


def _reduce(semiring, x, mask=None):
    """The semiring sum, where a diverged (``+inf``) entry makes the result
    ``+inf`` with zero gradient (``inf - inf`` would otherwise be NaN)."""
    up = jax.lax.stop_gradient(x) == jnp.inf
    if mask is not None:
        up = up & mask
    return jnp.where(jnp.any(up, axis=-1), jnp.inf, reduce(semiring, jnp.where(up, NEG_INF, x), mask))


def _potentials(b, w, k, i, j, mask, M):
    """Max-plus fixpoint phi_j = max(b_j, max_i phi_i + w_ij) over a padded
    batch of components ``(K, M)``, and whether it converged (no positive
    cycle) -- ``M`` rounds suffice when it does."""
    def relax(phi):
        cand = jnp.where(mask, phi[k, i] + w, NEG_INF)
        return jnp.maximum(phi, jnp.full_like(phi, NEG_INF).at[k, j].max(cand))
    phi = jax.lax.fori_loop(0, M, lambda _, p: relax(p), b)
    return phi, jnp.all((relax(phi) <= phi) | ~jnp.isfinite(phi), axis=1)


def _solve_log(b, w, k, i, j, mask, member, M):
    """Log-space solution of x = b + A^T x per component, ``(K, M)``."""
    Kc = b.shape[0]
    phi, _ = _potentials(jax.lax.stop_gradient(b), jax.lax.stop_gradient(w), k, i, j, mask, M)
    reached = jnp.isfinite(phi)
    phi = jax.lax.stop_gradient(jnp.where(reached, phi, 0.0))
    live = mask & reached[k, i]                  # arcs out of unreached members carry nothing
    arg = jnp.where(live, w + phi[k, i] - phi[k, j], NEG_INF)
    scaled = jnp.zeros((Kc, M, M), b.dtype).at[k, j, i].add(jnp.exp(arg))      # row j: inflow of j
    finite_b = jnp.isfinite(b)
    bh = jnp.where(finite_b, jnp.exp(jnp.where(finite_b, b, phi) - phi), 0.0)
    system = jnp.eye(M, dtype=b.dtype) - scaled
    probe = jnp.linalg.solve(jax.lax.stop_gradient(system), jax.lax.stop_gradient(bh)[..., None])[..., 0]
    has_in = jnp.any(jax.lax.stop_gradient(bh) > 0, axis=1)
    converged = jnp.all(jnp.isfinite(probe), axis=1) & jnp.all((probe > 0) | ~member | ~has_in[:, None], axis=1)
    safe = jnp.where(converged[:, None, None], system, jnp.eye(M, dtype=b.dtype))
    x = jnp.linalg.solve(safe, bh[..., None])[..., 0]
    pos = x > 0
    val = jnp.where(pos, phi + jnp.log(jnp.where(pos, x, 1.0)), NEG_INF)
    return jnp.where(converged[:, None] | ~has_in[:, None], val, jnp.inf)


def _solve_tropical(b, w, k, i, j, mask, member, M):
    """Max-plus solution per component with the gradient on one best path:
    the best-predecessor tree of the fixpoint, re-walked with gradients."""
    phi, converged = _potentials(jax.lax.stop_gradient(b), jax.lax.stop_gradient(w), k, i, j, mask, M)
    sphi = jax.lax.stop_gradient(phi)
    cand = jnp.where(mask, sphi[k, i] + jax.lax.stop_gradient(w), NEG_INF)
    # an arc is the predecessor of j if it attains phi_j strictly above the inflow (first such arc wins)
    attains = mask & (cand >= sphi[k, j]) & (cand > jax.lax.stop_gradient(b)[k, j]) & jnp.isfinite(cand)
    E = w.shape[0]
    first = jnp.full(sphi.shape, E, jnp.int32).at[k, j].min(jnp.where(attains, jnp.arange(E, dtype=jnp.int32), E))
    use_arc = first < E
    pick = jnp.minimum(first, E - 1)

    def walk(_, val):
        via = val[k[pick], i[pick]] + w[pick]
        return jnp.where(use_arc, via, b)
    val = jax.lax.fori_loop(0, M, walk, b)
    return jnp.where(converged[:, None], val, jnp.inf)


def cyclic_distance(g, semiring="log"):
    """Forward value of every node of ``g`` (any graph, cyclic or not), ``(N,)``."""
    semiring = semiring_name(semiring)
    plan = cyclic_plan(g)
    dtype = jnp.result_type(float) if g.weights is None else jnp.result_type(getattr(g.weights, "dtype", float))
    if not jnp.issubdtype(dtype, jnp.floating):
        dtype = jnp.result_type(float)
    pool = weight_pool([g], [(g.num_arcs, g.start_weights is not None, False)], dtype)
    N = plan.num_nodes
    M = plan.comp_slot.shape[-1]
    solve = _solve_log if semiring == "log" else _solve_tropical

    def step(alpha, t):
        nodes, in_src, in_w, start_w, loop_w, loop_mask, comp_slot, ak, ai, aj, aw, am = t
        cand = alpha[in_src] + pool[in_w]
        sw = jnp.where(start_w >= 0, pool[jnp.maximum(start_w, 0)], NEG_INF)
        b = _reduce(semiring, jnp.concatenate([cand, sw[:, None]], axis=1))
        s = _reduce(semiring, pool[loop_w], loop_mask)
        if semiring == "log":
            stable = s < 0
            factor = -jnp.log1p(-jnp.exp(jnp.where(stable, s, -1.0)))
            b = jnp.where(stable | (b == NEG_INF), b + jnp.where(stable, factor, 0.0), jnp.inf)
        else:
            b = jnp.where((s <= 0) | (b == NEG_INF), b, jnp.inf)
        if M > 1:
            bk = jnp.concatenate([b, jnp.full((1,), NEG_INF, b.dtype)])[comp_slot]        # (K, M)
            member = comp_slot < plan.nodes.shape[1]
            up = jax.lax.stop_gradient(bk) == jnp.inf
            xk = solve(jnp.where(up, NEG_INF, bk), pool[aw], ak, ai, aj, am, member, M)
            xk = jnp.where(jnp.any(up, axis=1, keepdims=True) & member, jnp.inf, xk)
            b = jnp.concatenate([b, jnp.zeros((1,), b.dtype)]).at[comp_slot].set(xk)[:-1]
        return alpha.at[nodes].set(b), None

    alpha0 = jnp.full((N + 2,), NEG_INF, dtype)
    tables = (plan.nodes, plan.in_src, plan.in_w, plan.start_w, plan.loop_w, plan.loop_mask, plan.comp_slot,
              plan.arc_k, plan.arc_i, plan.arc_j, plan.arc_w, plan.arc_mask)
    alpha, _ = jax.lax.scan(step, alpha0, tuple(jnp.asarray(x) for x in tables))
    return alpha[:N]


def cyclic_total(g, semiring="log"):
    """⊕ over the accepting nodes of their forward value times the accept weight."""
    semiring = semiring_name(semiring)
    if not g.num_nodes or not len(g.accept):
        return jnp.asarray(NEG_INF, jnp.result_type(float))
    alpha = cyclic_distance(g, semiring)
    acc = alpha[np.asarray(g.accept)]
    if g.accept_weights is not None:
        acc = acc + jnp.asarray(g.accept_weights, acc.dtype).reshape(-1)
    return _reduce(semiring, acc)
