"""The time-synchronous kernel vs the engine's materialised intersection."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

import gtnlang.wfst as W  # noqa: E402
from gtnlang.lower import kernels as K  # noqa: E402


def small_graph(rng, S, E, V, eps=False, weights=True):
    arcs = []
    for _ in range(E):
        lab = int(rng.integers(0 if eps else 1, V + 2))   # V+1 is not in the lattice
        if eps and lab == 0:
            a, b = sorted(rng.choice(S, 2, replace=False))   # epsilon arcs acyclic
        else:
            a, b = (int(v) for v in rng.integers(0, S, 2))
        arcs.append((int(a), int(b), lab, float(rng.normal()) if weights else 0.0))
    return W.from_arcs([0], [S - 1], arcs, num_nodes=S,
                       accept_weights=[float(rng.normal())] if weights else None)


@pytest.mark.parametrize("seed", [0, 1, 3])
def test_frame_scan_matches_intersect(seed):
    rng = np.random.default_rng(seed)
    T, V = 5, 4
    g = small_graph(rng, int(rng.integers(2, 5)), int(rng.integers(3, 12)), V, eps=seed % 3 == 0)
    x = rng.normal(size=(T, V))
    prod = W.intersect(W.emissions(x), g)
    gj = g.with_weights(jnp.asarray(g.weights, jnp.float32), accept_weights=jnp.asarray(g.accept_weights, jnp.float32))
    p = K.LatticeProduct(jnp.asarray(x, jnp.float32), gj)
    for ours, ref in ((K.forward_score, W.forward_score), (K.viterbi_score, W.viterbi_score)):
        a, b = float(ours(p)), float(ref(prod))
        assert (a == b == -np.inf) or a == pytest.approx(b, rel=1e-4, abs=1e-5)
    if seed % 3 == 0:
        return   # epsilon case: values only (keeps the folder fast)
    # gradients vs the materialised product through the level scan
    f1 = lambda xx, ww: K.forward_score(K.LatticeProduct(xx, g.with_weights(ww)))
    f2 = lambda xx, ww: K.forward_score(W.intersect(W.emissions(xx), g.with_weights(ww)))
    args = (jnp.asarray(x, jnp.float32), jnp.asarray(g.weights, jnp.float32))
    g1, g2 = jax.jit(jax.grad(f1, (0, 1)))(*args), jax.jit(jax.grad(f2, (0, 1)))(*args)
    for a, b in zip(g1, g2):
        assert np.all(np.isfinite(a))
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_batch_of_graphs_and_lengths():
    rng = np.random.default_rng(5)
    B, T, V = 3, 6, 3
    gs = [small_graph(rng, s, e, V) for s, e in ((2, 4), (4, 9), (3, 6))]
    x = rng.normal(size=(B, T, V))
    lens = np.array([6, 3, 1])
    got = np.asarray(K.intersect_lattice_score(jnp.asarray(x, jnp.float32), gs, lengths=lens))
    want = [W.forward_score(W.intersect(W.emissions(x[b, :lens[b]]), gs[b])) for b in range(B)]
    np.testing.assert_allclose(got, want, rtol=1e-4)


def test_lattice_product_materialize_and_labels():
    x = jnp.zeros((2, 2))
    g = W.linear_acceptor([7, 9])
    p = K.LatticeProduct(x, g, labels=[7, 9])
    assert float(p.forward_score()) == 0.0
    assert p.materialize().num_arcs == 2
    assert float(K.LatticeProduct(x, g).forward_score()) == -np.inf   # labels 1, 2 never match
