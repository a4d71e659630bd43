"""The cyclic JAX kernel (gtnlang/lower/cyclic.py) against the numpy engine's
exact per-component solve, finite differences and arc posteriors."""

import math

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import gtnlang.wfst as W  # noqa: E402
from gtnlang.lower import kernels as K  # noqa: E402
from gtnlang.lower.compile import x64_context  # noqa: E402
from gtnlang.lower.cyclic import cyclic_distance, cyclic_total  # noqa: E402


def rand_graph(rng, n, e, shift=-1.0, weighted_ends=False):
    """Any directed multigraph: self-loops, cycles, parallel arcs, several starts and accepts."""
    arcs = [(int(rng.integers(n)), int(rng.integers(n)), 1, float(rng.normal() * 1.5 + shift)) for _ in range(e)]
    starts = sorted(set(rng.integers(n, size=int(rng.integers(1, 3))).tolist()))
    accepts = sorted(set(rng.integers(n, size=int(rng.integers(1, 3))).tolist()))
    sw = rng.normal(size=len(starts)).tolist() if weighted_ends else None
    aw = rng.normal(size=len(accepts)).tolist() if weighted_ends else None
    return W.from_arcs(starts, accepts, arcs, num_nodes=n, start_weights=sw, accept_weights=aw)


def as_jax(g):
    f = lambda w: None if w is None else jnp.asarray(np.asarray(w, np.float64))
    return g.with_weights(f(g.weights), start_weights=f(g.start_weights), accept_weights=f(g.accept_weights))


def same(a, b):
    return a == b or (math.isfinite(a) and a == pytest.approx(b, rel=1e-9, abs=1e-9))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10 ** 6), n=st.integers(1, 5), e=st.integers(0, 9), ends=st.booleans())
def test_values_match_engine(seed, n, e, ends):
    g = rand_graph(np.random.default_rng(seed), n, e, weighted_ends=ends)
    with x64_context(64):
        gj = as_jax(g)
        lg, tr, a = jax.jit(lambda: (cyclic_total(gj, "log"), cyclic_total(gj, "tropical"),
                                     cyclic_distance(gj, "log")))()
        assert same(float(lg), W.forward_score(g))
        assert same(float(tr), W.viterbi_score(g))
        a = np.asarray(a)
        b = np.asarray(W.shortest_distance(g, W.LOG), float)
        assert all(same(float(x), float(y)) for x, y in zip(a, b))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10 ** 6), n=st.integers(1, 5), e=st.integers(1, 8))
def test_gradients(seed, n, e):
    """log: the gradient is each arc's expected count (the engine's posteriors);
    tropical: one best path, checked by finite differences.  Divergent or empty
    graphs: zero gradient, never NaN."""
    g = rand_graph(np.random.default_rng(seed), n, e)
    with x64_context(64):
        w = jnp.asarray(np.asarray(g.weights, np.float64))
        for sr in ("log", "tropical"):
            f = lambda v, sr=sr: cyclic_total(g.with_weights(v), sr)
            h, eye = 1e-6, np.eye(e)
            # one program: value, gradient and the 2e finite-difference probes
            v, grad, probes = jax.jit(lambda x: (*jax.value_and_grad(f)(x),
                                                 jax.vmap(f)(jnp.concatenate([x + h * eye, x - h * eye]))))(w)
            v, grad = float(v), np.asarray(grad)
            assert np.all(np.isfinite(grad))
            if not math.isfinite(v):
                assert not grad.any()
                continue
            if sr == "log":
                np.testing.assert_allclose(grad, W.arc_posteriors(g, W.LOG), rtol=1e-6, atol=1e-9)
            else:
                fd = (np.asarray(probes[:e]) - np.asarray(probes[e:])) / (2 * h)
                np.testing.assert_allclose(grad, fd, atol=1e-5)


def test_geometric_series_and_divergence():
    half = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 1, 2, math.log(0.5))])
    assert float(K.forward_score(half.with_weights(jnp.asarray(half.weights, jnp.float32)))) == \
        pytest.approx(math.log(2.0), rel=1e-6)
    for loop in (0.0, 0.5):   # mass 1 and e^0.5 per turn: the sum diverges
        g = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 1, 2, loop)])
        w = jnp.asarray(g.weights, jnp.float32)
        assert float(K.forward_score(g.with_weights(w))) == math.inf
        assert not np.asarray(jax.grad(lambda v: K.forward_score(g.with_weights(v)))(w)).any()
    two = W.from_arcs([0], [2], [(0, 1, 1, 0.0), (1, 0, 1, 0.2), (0, 1, 2, 0.1), (1, 2, 3, 0.0)])
    assert float(K.forward_score(two.with_weights(jnp.asarray(two.weights, jnp.float32)))) == math.inf


def test_very_negative_weights_in_float32():
    g = W.from_arcs([0], [1], [(0, 1, 1, -800.0), (1, 0, 1, -800.0), (1, 1, 2, -0.1), (0, 0, 1, -900.0)])
    w = jnp.asarray(g.weights, jnp.float32)
    v, grad = jax.value_and_grad(lambda x: K.forward_score(g.with_weights(x)))(w)
    assert float(v) == pytest.approx(-800.0 - math.log1p(-math.exp(-0.1)), rel=1e-6)
    np.testing.assert_allclose(np.asarray(grad), [1.0, 0.0, math.exp(-0.1) / (1 - math.exp(-0.1)), 0.0],
                               rtol=1e-3, atol=1e-6)


def test_batch_mixes_cyclic_and_acyclic():
    loop = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 1, 2, math.log(0.5))])
    line = W.linear_acceptor([1, 2], weights=np.array([0.5, 0.25]))
    gs = [g.with_weights(jnp.asarray(g.weights, jnp.float32)) for g in (loop, line)]
    np.testing.assert_allclose(np.asarray(K.forward_score_batch(gs)), [math.log(2.0), 0.75], rtol=1e-6)


def test_language_scores_and_grad_of_a_cyclic_graph():
    from gtnlang import Session
    s = Session(print_messages=False, print_output=False)
    s.eval('g = WFSA[{0}, {1}, {{0, 1, "a", 0.}, {1, 1, "b", Log[0.5]}, {1, 0, "c", -1.}}];')
    fs, grad, compiled = s.to_python(s.eval(
        'With[{cf = Compile[{w}, ForwardScore[WFSA[{0}, {1}, {{0, 1, "a", 0.}, {1, 1, "b", w}}]]]}, '
        '{ForwardScore[g], Weights[Grad[ForwardScore[g], g]], cf[Log[0.5]]}]'))
    assert s.messages == []
    engine_g = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (1, 1, 2, math.log(0.5)), (1, 0, 3, -1.0)])
    assert fs == pytest.approx(W.forward_score(engine_g), rel=1e-6)
    np.testing.assert_allclose(grad, W.arc_posteriors(engine_g, W.LOG), rtol=1e-4)
    assert compiled == pytest.approx(math.log(2.0), rel=1e-6)
