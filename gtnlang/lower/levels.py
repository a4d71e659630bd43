"""The general acyclic kernel: a ``lax.scan`` over topological levels.

Contract: given a :class:`~gtnlang.lower.plan.LevelPlan` (numpy, static) and
the weight pool (a JAX array or tracer laid out as the plan says),
:func:`level_scan` returns each graph's total weight in the semiring (``-inf``
with zero gradient when a graph has no accepting path) and optionally every
slot's forward value per level.  Compile time does not grow with the number
of levels (one scan body); each step is a gather of the previous level, a
dense masked reduction over the padded incoming-arc axis, and a gather of the
level's accepting slots into a per-graph accumulator.

>>> import jax.numpy as jnp
>>> from gtnlang.wfst import from_arcs
>>> from gtnlang.lower.plan import level_plan
>>> g = from_arcs([0], [1], [(0, 1, 1, 0.0), (0, 1, 2, 0.0)])
>>> round(float(level_scan(level_plan([g]), jnp.zeros(3), "log")[0][0]), 4)
0.6931
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .numerics import NEG_INF, masked_logsumexp, reduce

_BIG = np.int32(2 ** 30)


def _accumulate(semiring, acc, acc_key, vals, mask, keys):
    """Fold this level's accepting values (G, A) into the running (G,) total.
    Tropical: ties go to the lowest accepting node id (the numpy engine's
    choice), carried as ``acc_key``."""
    allv = jnp.concatenate([acc[:, None], vals], axis=1)
    allm = jnp.concatenate([jnp.ones_like(mask[:, :1]), mask], axis=1)
    if semiring == "log":
        return masked_logsumexp(allv, allm), acc_key
    allk = jnp.concatenate([acc_key[:, None], keys], axis=1)
    v = jnp.where(allm, allv, NEG_INF)
    sv = jax.lax.stop_gradient(v)
    best = jnp.max(sv, axis=1, keepdims=True)
    idx = jnp.argmin(jnp.where((sv == best) & allm, allk, _BIG), axis=1)
    out = jnp.take_along_axis(v, idx[:, None], axis=1)[:, 0]
    key = jnp.take_along_axis(allk, idx[:, None], axis=1)[:, 0]
    return jnp.where(out > NEG_INF, out, NEG_INF), key


def level_scan(plan, pool, semiring, want_alpha=False):
    """Run the level scan.  Returns ``(totals (G,), alphas (K, W) or None)``.

    The scan is jitted once per (plan, semiring) -- eager callers then pay one
    compile per graph structure, not one per primitive; inside an outer jit
    the call is inlined."""
    key = (semiring, want_alpha)
    fn = plan.jitted.get(key)
    if fn is None:
        fn = plan.jitted[key] = jax.jit(lambda p: _level_scan(plan, p, semiring, want_alpha))
    return fn(pool)


def _level_scan(plan, pool, semiring, want_alpha):
    dtype = pool.dtype
    G = plan.G
    if plan.K == 0:
        return jnp.full((G,), NEG_INF, dtype) + 0.0 * jnp.sum(pool), None
    # one gather of the whole pool per table, outside the loop
    w = pool[plan.widx]
    aw = pool[plan.acc_widx]
    one = jnp.zeros((1,), dtype)

    def step(carry, xs):
        prev, acc, key = carry
        src, wk, mk, aslot, awk, amk, akey = xs
        ext = jnp.concatenate([prev, one])
        cur = reduce(semiring, ext[src] + wk, mk)
        acc, key = _accumulate(semiring, acc, key, cur[aslot] + awk, amk, akey)
        return (cur, acc, key), (cur if want_alpha else None)

    init = (jnp.full((plan.W,), NEG_INF, dtype), jnp.full((G,), NEG_INF, dtype), jnp.full((G,), _BIG, jnp.int32))
    xs = (plan.src, w, plan.mask, plan.acc_slot, aw, plan.acc_mask, plan.acc_key)
    (_, acc, _), alphas = jax.lax.scan(step, init, xs)
    return acc, alphas


def node_values(plan, alphas, graph_index=0):
    """Per-node forward values of graph ``graph_index`` from the scan's
    per-level output."""
    a, b = plan.node_offsets[graph_index], plan.node_offsets[graph_index + 1]
    if b == a:
        return jnp.zeros((0,), alphas.dtype if alphas is not None else jnp.float32)
    return alphas[plan.node_level[a:b], plan.node_slot[a:b]]
