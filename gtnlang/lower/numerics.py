"""NaN-free semiring reductions over a masked axis (JAX).

Contract: a reduction over an empty or all ``-inf`` segment returns ``-inf``
(the semiring zero) *and a zero gradient* -- both the value and the argument
of the ``log`` are guarded, because ``log(0)`` has an infinite derivative and
``0 * inf`` is NaN.  The max used to shift the log-sum-exp is held under
``stop_gradient`` (the shift cancels analytically; differentiating it would
only add work).

The tropical reduction takes its subgradient on ONE entry: the first maximal
entry along the axis (an ``argmax`` under ``stop_gradient``), so ties do not
split the gradient the way ``jnp.max`` does.

>>> import jax.numpy as jnp
>>> x = jnp.array([[0.0, 0.0], [-jnp.inf, -jnp.inf]])
>>> m = jnp.array([[True, True], [True, True]])
>>> [round(float(v), 4) for v in masked_logsumexp(x, m)]
[0.6931, -inf]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

NEG_INF = -jnp.inf


def masked_logsumexp(x, mask=None, axis=-1):
    """``log(sum(exp(x)))`` over ``axis`` where ``mask`` is true; ``-inf``
    with zero gradient when no entry is finite."""
    if mask is not None:
        x = jnp.where(mask, x, NEG_INF)
    m = jax.lax.stop_gradient(jnp.max(x, axis=axis, keepdims=True))
    m = jnp.where(jnp.isfinite(m), m, 0.0)
    s = jnp.sum(jnp.exp(x - m), axis=axis)
    ok = s > 0
    return jnp.where(ok, jnp.log(jnp.where(ok, s, 1.0)) + jnp.squeeze(m, axis), NEG_INF)


def masked_max(x, mask=None, axis=-1):
    """Max over ``axis`` (masked); the gradient goes to the first maximal
    entry only, and is zero when the result is ``-inf``."""
    if mask is not None:
        x = jnp.where(mask, x, NEG_INF)
    idx = jnp.argmax(jax.lax.stop_gradient(x), axis=axis)
    v = jnp.squeeze(jnp.take_along_axis(x, jnp.expand_dims(idx, axis), axis=axis), axis)
    return jnp.where(v > NEG_INF, v, NEG_INF)


def reduce(semiring, x, mask=None, axis=-1):
    """The semiring sum (``"log"`` or ``"tropical"``) over ``axis``."""
    if semiring == "log":
        return masked_logsumexp(x, mask, axis)
    if semiring == "tropical":
        return masked_max(x, mask, axis)
    raise ValueError(f"JAX kernels support the log and tropical semirings, not {semiring!r}")


def semiring_name(semiring):
    """Normalise a semiring argument (name or :class:`gtnlang.wfst.Semiring`)."""
    name = getattr(semiring, "name", semiring)
    name = {"max": "tropical", "viterbi": "tropical", "forward": "log"}.get(name, name)
    if name not in ("log", "tropical"):
        raise ValueError(f"JAX kernels support the log and tropical semirings, not {semiring!r}")
    return name


def reduce_list(semiring, xs, masks=None):
    """The semiring sum of a short list of same-shaped arrays, elementwise
    (no stacking: a reduction over a tiny trailing axis vectorises badly).
    Same guards and tie-break (first maximal array wins) as :func:`reduce`."""
    if masks is not None:
        xs = [x if m is None else jnp.where(m, x, NEG_INF) for x, m in zip(xs, masks)]
    if semiring == "tropical":
        best = xs[0]
        sb = jax.lax.stop_gradient(best)
        for x in xs[1:]:
            sx = jax.lax.stop_gradient(x)
            take = sx > sb
            best = jnp.where(take, x, best)
            sb = jnp.where(take, sx, sb)
        return jnp.where(best > NEG_INF, best, NEG_INF)
    if semiring != "log":
        raise ValueError(f"JAX kernels support the log and tropical semirings, not {semiring!r}")
    sx = [jax.lax.stop_gradient(x) for x in xs]
    m = sx[0]
    for x in sx[1:]:
        m = jnp.maximum(m, x)
    m = jnp.where(jnp.isfinite(m), m, 0.0)
    s = jnp.exp(xs[0] - m)
    for x in xs[1:]:
        s = s + jnp.exp(x - m)
    ok = s > 0
    return jnp.where(ok, jnp.log(jnp.where(ok, s, 1.0)) + m, NEG_INF)


def weight_pool(graphs, parts, dtype):
    """The weights an index plan gathers from, as one flat array: for each
    graph its arc weights (zeros when it has none), then its start and accept
    weights where ``parts`` (``(num_arcs, has_start, has_accept)`` per graph)
    says so, then one trailing ``0.0`` that padding indices point at.

    >>> from gtnlang.wfst import from_arcs
    >>> g = from_arcs([0], [1], [(0, 1, 1, 2.0)])
    >>> weight_pool([g], [(1, False, False)], jnp.float32).tolist()
    [2.0, 0.0]
    """
    xs = []
    for g, (E, hs, ha) in zip(graphs, parts):
        xs.append(jnp.zeros((E,), dtype) if g.weights is None else jnp.asarray(g.weights, dtype).reshape(-1))
        if hs:
            xs.append(jnp.asarray(g.start_weights, dtype).reshape(-1))
        if ha:
            xs.append(jnp.asarray(g.accept_weights, dtype).reshape(-1))
    xs.append(jnp.zeros((1,), dtype))
    return jnp.concatenate(xs)
