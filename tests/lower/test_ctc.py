"""CTC loss vs optax and vs a float64 engine reference."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy
optax = pytest.importorskip("optax")

import gtnlang.wfst as W  # noqa: E402
from gtnlang.lower.ctc import ctc_graph, ctc_loss, ctc_loss_batch  # noqa: E402


def batch(rng, B, T, V, L):
    x = rng.normal(size=(B, T, V)).astype(np.float32) * 2
    n = rng.integers(0, L + 1, size=B)
    y = rng.integers(1, V, size=(B, L))
    y[0, :2] = 3                     # a repeat: no skip arc there
    for b in range(B):
        y[b, n[b]:] = 0
    return x, y, n


def optax_loss(x, y, n):
    lp = (np.arange(y.shape[1])[None] >= n[:, None]).astype(np.float32)
    return optax.ctc_loss(jnp.asarray(x), jnp.zeros(x.shape[:2]), jnp.asarray(y), jnp.asarray(lp), blank_id=0)


def reference(x, y):
    """float64 loss and gradient from the numpy engine: -F(I(E(x), ctc)) + F(E(x))."""
    x = np.asarray(x, np.float64)
    T, V = x.shape
    prod = W.intersect(W.emissions(x), ctc_graph(y, 0))
    F = W.forward_score(prod)
    loss = -F + W.forward_score(W.emissions(x))
    post = W.arc_posteriors(prod)
    _, level = W.topological_levels(prod)
    gamma = np.zeros((T, V))
    np.add.at(gamma, (level[prod.src], prod.ilabel - 1), post)
    sm = np.exp(x - x.max(1, keepdims=True)); sm /= sm.sum(1, keepdims=True)
    return loss, sm - gamma


def test_ctc_graph_structure():
    g = ctc_graph([1, 2, 2], 0)
    assert g.num_nodes == 7 and list(g.start) == [0] and list(g.accept) == [5, 6]
    skips = [(s, d) for s, d in zip(g.src, g.dst) if d - s == 2]
    assert skips == [(1, 3)]
    assert ctc_graph([], 0).num_nodes == 1


def test_matches_optax():
    rng = np.random.default_rng(0)
    x, y, n = batch(rng, 5, 15, 6, 5)
    ours = ctc_loss_batch(jnp.asarray(x), jnp.asarray(y), n)
    np.testing.assert_allclose(ours, optax_loss(x, y, n), rtol=1e-4)
    # a list of targets (static structure) and the single-sequence form agree
    seqs = [list(y[b, :n[b]]) for b in range(5)]
    np.testing.assert_allclose(ctc_loss_batch(jnp.asarray(x), seqs), ours, rtol=1e-6)
    assert float(ctc_loss(jnp.asarray(x[1]), seqs[1])) == pytest.approx(float(ours[1]), rel=1e-6)


def test_gradients_vs_float64_reference():
    rng = np.random.default_rng(1)
    x, y, n = batch(rng, 3, 10, 5, 4)
    f = jax.jit(jax.value_and_grad(lambda xx, yy, nn: ctc_loss_batch(xx, yy, nn).sum()))
    v, g = f(jnp.asarray(x), jnp.asarray(y), jnp.asarray(n))
    tot = 0.0
    for b in range(3):
        lb, gb = reference(x[b], list(y[b, :n[b]]))
        tot += lb
        np.testing.assert_allclose(g[b], gb, rtol=1e-3, atol=1e-3)
    assert float(v) == pytest.approx(tot, rel=1e-4)


def test_impossible_target_is_inf_with_zero_gradient():
    x = jnp.zeros((2, 4))
    v, g = jax.value_and_grad(lambda xx: ctc_loss(xx, [1, 1, 1], 0))(x)   # needs 5 frames
    assert float(v) == np.inf
    np.testing.assert_array_equal(g, 0.0)


def test_language_level_identity():
    """-F(Intersect(Emissions(x), CTCGraph)) + F(Emissions(x)) on raw logits,
    through the generic kernels, equals the CTC loss."""
    from gtnlang.lower import kernels as K
    rng = np.random.default_rng(2)
    x = jnp.asarray(rng.normal(size=(7, 4)), jnp.float32)
    y = [2, 2, 3]
    lhs = -K.forward_score(K.LatticeProduct(x, ctc_graph(y, 0))) + K.forward_score(W.emissions(x))
    mat = -K.forward_score(W.intersect(W.emissions(x), ctc_graph(y, 0))) + K.forward_score(W.emissions(x))
    assert float(lhs) == pytest.approx(float(ctc_loss(x, y, 0)), rel=1e-5)
    assert float(mat) == pytest.approx(float(ctc_loss(x, y, 0)), rel=1e-5)
