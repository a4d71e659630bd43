"""JAX kernels vs the numpy engine: values, gradients, ties, -inf guards."""

import itertools

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from hypothesis import given, settings, HealthCheck, strategies as st  # noqa: E402

import gtnlang.wfst as W  # noqa: E402
from gtnlang.lower import kernels as K  # noqa: E402


def rand_dag(rng, n, e, nlab=3, weights=True, multi=False):
    """A random acyclic acceptor: arcs go from lower to higher node ids."""
    arcs = []
    for _ in range(e):
        a, b = sorted(rng.choice(n, 2, replace=False))
        arcs.append((int(a), int(b), int(rng.integers(1, nlab + 1)), float(rng.normal()) if weights else 0.0))
    starts = [0] + ([int(rng.integers(1, n))] if multi and n > 2 else [])
    accepts = sorted({n - 1} | ({int(rng.integers(0, n - 1))} if multi else set()))
    sw = rng.normal(size=len(set(starts))).tolist() if multi else None
    aw = rng.normal(size=len(accepts)).tolist() if multi else None
    return W.from_arcs(sorted(set(starts)), accepts, arcs, num_nodes=n, start_weights=sw, accept_weights=aw)


def viterbi_mask(g):
    # reference 0/1 arc mask of the engine's Viterbi path
    from gtnlang.wfst.paths import viterbi_path_arcs
    out = np.zeros(g.num_arcs)
    r = viterbi_path_arcs(g)
    if r is not None:
        out[r[1]] = 1.0
    return out


def posteriors(g, sr):
    return viterbi_mask(g) if sr == "tropical" else W.arc_posteriors(g, sr)


def jaxify(g):
    f = lambda w: None if w is None else jnp.asarray(np.asarray(w), jnp.float32)
    return g.with_weights(f(g.weights), start_weights=f(g.start_weights), accept_weights=f(g.accept_weights))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10 ** 6), n=st.sampled_from([2, 5]), e=st.sampled_from([0, 4, 9]), multi=st.booleans())
def test_scores_match_engine(seed, n, e, multi):
    rng = np.random.default_rng(seed)
    g = rand_dag(rng, n, e, multi=multi)
    gj = jaxify(g)
    for ours, ref in ((K.forward_score, W.forward_score), (K.viterbi_score, W.viterbi_score)):
        a, b = float(ours(gj)), float(ref(g))
        assert (a == b == -np.inf) or a == pytest.approx(b, rel=1e-5, abs=1e-5)
    for sr in ("log", "tropical"):
        for rev in ((False, True) if sr == "log" else (False,)):
            a = np.asarray(K.shortest_distance(gj, sr, reverse=rev))
            b = np.asarray(W.shortest_distance(g, sr, reverse=rev), float)
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10 ** 6), n=st.sampled_from([2, 5]), e=st.sampled_from([1, 8]))
def test_gradients_match_posteriors(seed, n, e):
    rng = np.random.default_rng(seed)
    g = rand_dag(rng, n, e)
    w = jnp.asarray(g.weights, jnp.float32)
    for ours, sr in ((K.forward_score, "log"), (K.viterbi_score, "tropical")):
        grad = jax.jit(jax.grad(lambda v: ours(g.with_weights(v))))(w)
        assert np.all(np.isfinite(grad))
        np.testing.assert_allclose(grad, posteriors(g, sr), rtol=1e-4, atol=1e-5)
        if sr == "tropical":
            np.testing.assert_array_equal(K.viterbi_path(g.with_weights(w)), viterbi_mask(g))


def brute_force_score(g, w):
    """log-sum-exp over every start-to-accept path, by enumeration."""
    out = {int(s): [] for s in range(g.num_nodes)}
    for i, s in enumerate(g.src):
        out[int(s)].append(i)
    paths = []

    def walk(u, acc):
        if u in set(g.accept.tolist()):
            paths.append(list(acc))
        for i in out[u]:
            walk(int(g.dst[i]), acc + [i])
    for s in g.start:
        walk(int(s), [])
    if not paths:
        return jnp.array(-jnp.inf)
    return jax.nn.logsumexp(jnp.stack([jnp.sum(w[jnp.array(p, int)]) if p else jnp.zeros(()) for p in paths]))


def test_gradient_vs_brute_force_enumeration():
    rng = np.random.default_rng(3)
    for _ in range(2):
        g = rand_dag(rng, 5, 8)
        w = jnp.asarray(g.weights, jnp.float32)
        ga = jax.grad(lambda v: K.forward_score(g.with_weights(v)))(w)
        gb = jax.grad(lambda v: brute_force_score(g, v))(w)
        np.testing.assert_allclose(ga, gb, rtol=1e-4, atol=1e-6)


def test_gradient_vs_finite_differences():
    rng = np.random.default_rng(7)
    g = rand_dag(rng, 6, 10, multi=True)
    w = np.asarray(g.weights, float)
    ga = jax.grad(lambda v: K.forward_score(jaxify(g).with_weights(v)))(jnp.asarray(w, jnp.float32))
    h = 1e-5
    fd = [(W.forward_score(g.with_weights(w + h * np.eye(len(w))[i]))
           - W.forward_score(g.with_weights(w - h * np.eye(len(w))[i]))) / (2 * h) for i in range(len(w))]
    np.testing.assert_allclose(ga, fd, rtol=1e-3, atol=1e-4)


def test_viterbi_ties_take_one_path():
    # two parallel arcs of equal weight, then two more: the first of each wins
    g = W.from_arcs([0], [2], [(0, 1, 1, 1.0), (0, 1, 2, 1.0), (1, 2, 1, 0.5), (1, 2, 2, 0.5)])
    w = jnp.asarray(g.weights, jnp.float32)
    grad = jax.grad(lambda v: K.viterbi_score(g.with_weights(v)))(w)
    np.testing.assert_array_equal(grad, [1, 0, 1, 0])
    np.testing.assert_array_equal(K.viterbi_path(g.with_weights(w)), viterbi_mask(g))
    # tie between two accepting nodes at different levels: the lower node id wins
    h = W.from_arcs([0], [1, 2], [(0, 1, 1, 1.0), (1, 2, 1, 0.0)])
    gh = jax.grad(lambda v: K.viterbi_score(h.with_weights(v)))(jnp.asarray(h.weights, jnp.float32))
    np.testing.assert_array_equal(gh, viterbi_mask(h))


def test_no_accepting_path_is_minus_inf_with_zero_gradient():
    g = W.from_arcs([0], [3], [(0, 1, 1, 0.3), (1, 2, 1, 0.2), (0, 2, 2, 1.0)], num_nodes=4)
    w = jnp.asarray(g.weights, jnp.float32)
    for f in (K.forward_score, K.viterbi_score):
        v, gr = jax.value_and_grad(lambda x: f(g.with_weights(x)))(w)
        assert float(v) == -np.inf
        np.testing.assert_array_equal(gr, 0.0)
    # all -inf weights
    h = W.from_arcs([0], [1], [(0, 1, 1), (0, 1, 2)])
    for f in (K.forward_score, K.viterbi_score):
        v, gr = jax.value_and_grad(lambda x: f(h.with_weights(x)))(jnp.full(2, -jnp.inf))
        assert float(v) == -np.inf and not np.any(np.isnan(gr))
        np.testing.assert_array_equal(gr, 0.0)
    assert float(K.forward_score(W.empty_graph())) == -np.inf


def test_batch_of_different_structures():
    rng = np.random.default_rng(11)
    gs = [rand_dag(rng, n, e, multi=True) for n, e in ((3, 3), (6, 9), (2, 0), (5, 7))] + [W.empty_graph()]
    got = np.asarray(K.forward_score_batch([jaxify(g) for g in gs]))
    want = [W.forward_score(g) for g in gs]
    np.testing.assert_allclose(got, want, rtol=1e-5)
    got = np.asarray(K.viterbi_score_batch([jaxify(g) for g in gs]))
    np.testing.assert_allclose(got, [W.viterbi_score(g) for g in gs], rtol=1e-5)


def test_jit_and_long_chain_compiles_fast():
    import time
    g = W.linear_acceptor(list(range(1, 501)))
    g = W.union(g, W.linear_acceptor([1, 2]))   # not a lattice: the level scan runs
    f = jax.jit(lambda w: K.forward_score(g.with_weights(w)))
    t0 = time.perf_counter()
    v = f(jnp.ones(g.num_arcs))
    assert time.perf_counter() - t0 < 10
    assert float(v) == pytest.approx(W.forward_score(g.with_weights(np.ones(g.num_arcs))), rel=1e-5)


def test_cyclic_graph_goes_to_the_cyclic_kernel():
    from gtnlang.lower.plan import level_plan
    g = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 0, 1, -1.0)])
    with pytest.raises(K.CyclicGraphError):
        level_plan([g])
    assert float(K.forward_score(g.with_weights(jnp.asarray(g.weights, jnp.float32)))) == \
        pytest.approx(W.forward_score(g), rel=1e-6)


def test_emission_lattice_alone():
    x = np.random.default_rng(0).normal(size=(6, 4))
    assert float(K.forward_score(W.emissions(jnp.asarray(x, jnp.float32)))) == pytest.approx(
        W.forward_score(W.emissions(x)), rel=1e-5)
    assert float(K.viterbi_score(W.emissions(jnp.asarray(x, jnp.float32)))) == pytest.approx(
        W.viterbi_score(W.emissions(x)), rel=1e-5)


def test_import_gtnlang_lower_does_not_import_jax():
    import subprocess
    import sys
    code = "import gtnlang, gtnlang.lower, gtnlang.lower.plan, sys; assert 'jax' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
