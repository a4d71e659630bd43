"""remove_epsilon through epsilon cycles: the weighted relation (truncated
path-sum oracle and the numpy cyclic scores), JAX gradients, extreme
weights, divergence and symbolic weights."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gtnlang.wfst as W
from gtnlang.wfst import EPSILON
from gtnlang.wfst.arcmap import ClosureStage
from wfst_oracle import assert_rel_equal, graphs, truncated_relation

S = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def eps_cycle_graphs(draw, acyclic_rest=False, acceptor=False, shift=-5.5):
    """A random small graph (the oracle's strategy) plus random epsilon arcs,
    which close epsilon cycles (self-loops included).  Every weight is lowered
    by ``-shift`` so that all cycles are contracting (the path sums converge)."""
    g = draw(graphs(max_nodes=4, max_arcs=6, acceptor=acceptor, acyclic=acyclic_rest, allow_empty=False))
    n = g.num_nodes
    k = draw(st.integers(1, 4))
    a = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
    b = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
    w = draw(st.lists(st.integers(-8, 8), min_size=k, max_size=k))
    cat = lambda x, y: np.concatenate([np.asarray(x, np.int64), np.asarray(y, np.int64)])
    weights = np.concatenate([np.asarray(g.weights, np.float64), np.asarray(w, np.float64) / 4]) + shift
    return W.Graph(n, g.start, g.accept, cat(g.src, a), cat(g.dst, b), cat(g.ilabel, [EPSILON] * k),
                   cat(g.olabel, [EPSILON] * k), weights, g.start_weights, g.accept_weights)


def has_eps_cycle(g):
    e = (g.ilabel == EPSILON) & (g.olabel == EPSILON)
    sub = W.Graph(g.num_nodes, [], [], g.src[e], g.dst[e], np.zeros(int(e.sum()), np.int64))
    return not W.is_acyclic(sub)


def eps_free(h):
    return not np.any((h.ilabel == EPSILON) & (h.olabel == EPSILON))


@S
@given(eps_cycle_graphs())
def test_relation_matches_truncated_path_sum(g):
    for sr, key in (("log", "log"), ("tropical", "max")):
        h = W.remove_epsilon(g, sr)
        assert eps_free(h)
        # h has no epsilon arcs: its strings of <= 2 labels use paths of <= 2 arcs
        assert_rel_equal(truncated_relation(h, key), truncated_relation(g, key), tol=1e-9)


@S
@given(eps_cycle_graphs())
def test_scores_match_numpy_cyclic_solve(g):
    for sr in ("log", "tropical"):
        want = W.total_weight(g, sr)
        got = W.total_weight(W.remove_epsilon(g, sr), sr)
        assert got == want or got == pytest.approx(want, rel=1e-10, abs=1e-10)


def test_epsilon_cycles_are_common_in_the_strategy():
    # the properties above are about cycles: the strategy must make them
    found = []

    @settings(max_examples=40, deadline=None, database=None)
    @given(eps_cycle_graphs())
    def probe(g):
        found.append(has_eps_cycle(g))
    probe()
    assert sum(found) >= 10


def _kplus_exact():
    # K = [[-inf, -800], [-800, -0.1]] (a 2-cycle through a self-loop): K* [1, 1] = 1 / (1 - e^-0.1 - e^-1600)
    star11 = -math.log1p(-math.exp(-0.1))
    return {(0, 0): -1600.0 + star11, (0, 1): -800.0 + star11, (1, 0): -800.0 + star11, (1, 1): -0.1 + star11}


def _deep_graph():
    # epsilon 2-cycle 0 <-> 1 of weight -800 each way, a self-loop on 1; then
    # label a from 0 and b from 1, so each closure entry d[p, q] is one arc's weight
    arcs = [(0, 1, 0, 0, -800.0), (1, 0, 0, 0, -800.0), (1, 1, 0, 0, -0.1), (0, 2, 1, 1, 0.0), (1, 2, 2, 2, 0.0)]
    return W.from_arcs([0, 1], [2], arcs)


def _closure_arcs(h):
    # arcs made from a closure entry: (src, label) -> weights other than the original 0
    out = {}
    for s, _, lab, _, w in h.arcs():
        if w != 0.0:
            out[(s, {1: 0, 2: 1}[lab])] = float(w)
    return out


def test_very_negative_weights_stay_exact():
    h = W.remove_epsilon(_deep_graph())
    exact = _kplus_exact()
    got = _closure_arcs(h)
    assert set(got) == set(exact)
    for k, v in exact.items():
        assert got[k] == pytest.approx(v, rel=1e-13), k


def test_very_negative_weights_exact_in_jax():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    g = _deep_graph()
    with _x64(jax):
        w = jnp.asarray(np.asarray(g.weights, np.float64))
        h = W.remove_epsilon(g.with_weights(w))
        got = _closure_arcs(h.with_weights(np.asarray(h.weights)))
        grad = jax.grad(lambda x: jnp.sum(W.remove_epsilon(g.with_weights(x)).weights))(w)
    for k, v in _kplus_exact().items():
        assert got[k] == pytest.approx(v, rel=1e-13), k
    assert np.all(np.isfinite(np.asarray(grad)))


def test_divergent_epsilon_cycle_is_inf_never_nan():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    # a 2-cycle of total weight 0.3 > 0: the log sum and the max-plus closure diverge
    g = W.from_arcs([0], [2], [(0, 1, 0, 0.1), (1, 0, 0, 0.2), (1, 2, 5, 0.0), (0, 2, 6, -1.0)])
    for sr in ("log", "tropical"):
        h = W.remove_epsilon(g, sr)
        assert not np.any(np.isnan(h.weights)) and np.any(h.weights == np.inf)
        assert W.total_weight(h, sr) == math.inf == W.total_weight(g, sr)
    # weight 0 exactly: log diverges (1 + 1 + ...), max-plus stays finite
    z = W.from_arcs([0], [1], [(0, 0, 0, 0.0), (0, 1, 5, -1.0)])
    assert W.forward_score(W.remove_epsilon(z)) == math.inf
    assert W.viterbi_score(W.remove_epsilon(z, "tropical")) == -1.0
    def finite_sum(x, sr):
        y = W.remove_epsilon(g.with_weights(x), sr).weights
        return jnp.sum(jnp.where(jnp.isfinite(y), y, 0.0))

    with _x64(jax):
        for sr in ("log", "tropical"):
            grad = jax.grad(finite_sum)(jnp.asarray(np.asarray(g.weights)), sr)
            assert not np.any(np.isnan(np.asarray(grad)))


def test_closure_in_the_real_and_boolean_semirings():
    g = W.from_arcs([0, 1], [2], [(0, 1, 0, math.log(0.5)), (1, 0, 0, math.log(0.25)), (1, 1, 0, math.log(0.25)),
                               (1, 2, 3, 0.0), (0, 2, 4, math.log(0.5))])
    p = g.with_weights(np.exp(np.asarray(g.weights)))
    hr = W.remove_epsilon(p, "real")
    assert W.total_weight(hr, "real") == pytest.approx(math.exp(W.forward_score(g)), rel=1e-12)
    b = g.with_weights(np.ones(g.num_arcs, bool))
    hb = W.remove_epsilon(b, "boolean")
    assert eps_free(hb) and hb.weights.dtype == bool and hb.weights.all()
    assert sorted(set(zip(hb.src.tolist(), hb.ilabel.tolist()))) == [(0, 3), (0, 4), (1, 3), (1, 4)]


@st.composite
def eps_gadget_graphs(draw, shift=-1.0):
    """An acyclic oracle graph with epsilon cycles hung on some nodes: new
    nodes joined to ``v`` only by epsilon arcs (``v -> n1 [-> n2] -> v``, a
    chord, a self-loop), so every cycle is an epsilon cycle and the result
    of ``remove_epsilon`` is acyclic."""
    g = draw(graphs(max_nodes=4, max_arcs=6, acyclic=True, allow_empty=False))
    n = g.num_nodes
    wt = lambda: draw(st.integers(-8, 8)) / 4 + shift
    arcs = [(int(s), int(d), int(i), int(o), float(w)) for s, d, i, o, w in g.arcs()]
    for v in sorted(set(draw(st.lists(st.integers(0, g.num_nodes - 1), min_size=1, max_size=2)))):
        ring = [v] + list(range(n, n + draw(st.integers(0, 2))))
        n += len(ring) - 1
        arcs += [(a, b, EPSILON, EPSILON, wt()) for a, b in zip(ring, ring[1:] + ring[:1])]
        if draw(st.booleans()):
            arcs.append((ring[-1], ring[len(ring) // 2], EPSILON, EPSILON, wt()))
    return W.from_arcs(g.start, g.accept, arcs, num_nodes=n, start_weights=g.start_weights,
                       accept_weights=g.accept_weights)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(eps_gadget_graphs())
def test_jax_grad_equals_posteriors_of_the_cyclic_original(g):
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    Z = W.forward_score(g)
    if not math.isfinite(Z):
        return
    with _x64(jax):
        f = lambda x: W.forward_score(W.remove_epsilon(g.with_weights(x)))
        v, grad = jax.value_and_grad(f)(jnp.asarray(np.asarray(g.weights, np.float64)))
    assert float(v) == pytest.approx(Z, rel=1e-10, abs=1e-10)
    # the exact gradient of the cyclic original: its arc posteriors (numpy solve)
    np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-9)


def test_jax_grad_equals_jax_grad_of_the_cyclic_kernel():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    from gtnlang.lower.cyclic import cyclic_total
    arcs = [(0, 1, 0, 0, -1.0), (1, 0, 0, 0, -2.0), (1, 1, 0, 0, -0.5), (1, 2, 3, 3, -1.0), (0, 2, 4, 4, -1.0),
            (2, 3, 0, 0, -1.0), (3, 3, 0, 0, -1.0), (3, 2, 0, 0, -0.3), (3, 4, 1, 1, 0.0), (2, 4, 2, 2, 0.5)]
    g = W.from_arcs([0], [4], arcs)
    with _x64(jax):
        x = jnp.asarray(np.asarray(g.weights, np.float64))
        grad = jax.grad(lambda x: W.forward_score(W.remove_epsilon(g.with_weights(x))))(x)
        ref = jax.jit(jax.grad(lambda x: cyclic_total(g.with_weights(x), "log")))(x)
    np.testing.assert_allclose(np.asarray(grad), np.asarray(ref), atol=1e-10)
    np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-10)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(eps_gadget_graphs())
def test_jax_grad_tropical_matches_finite_differences(g):
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    V = W.viterbi_score(g)
    if not math.isfinite(V):
        return
    w0 = np.asarray(g.weights, np.float64)
    f = lambda x: W.viterbi_score(W.remove_epsilon(g.with_weights(x), "tropical"))
    with _x64(jax):
        grad = np.asarray(jax.grad(f)(jnp.asarray(w0)))
    h = 1e-5
    for e in range(g.num_arcs):
        up, dn = w0.copy(), w0.copy()
        up[e] += h
        dn[e] -= h
        fu, fd = W.viterbi_score(g.with_weights(up)), W.viterbi_score(g.with_weights(dn))
        # the max is not differentiable at ties: there any value between the one-sided slopes is a subgradient
        lo, hi = sorted(((fu - V) / h, (V - fd) / h))
        assert lo - 1e-6 <= grad[e] <= hi + 1e-6, (e, grad[e], lo, hi)


def test_symbolic_epsilon_cycle_sympy_matches_numbers():
    sympy = pytest.importorskip("sympy")
    a, b, c = sympy.symbols("a b c")
    arcs = [(0, 1, 0, 0, 0.0), (1, 0, 0, 0, 0.0), (1, 1, 0, 0, 0.0), (1, 2, 3, 3, 0.0), (0, 2, 4, 4, 0.0)]
    g = W.from_arcs([0], [2], arcs)
    sym = np.empty(5, dtype=object)
    sym[:] = [a, b, c, sympy.Integer(0), sympy.Integer(1)]
    h = W.remove_epsilon(g.with_weights(sym), ops=W.sympy_ops())
    vals = {a: -1.0, b: -0.5, c: -2.0}
    num = W.remove_epsilon(g.with_weights(np.array([-1.0, -0.5, -2.0, 0.0, 1.0])))
    assert [x[:4] for x in h.arcs()] == [x[:4] for x in num.arcs()]
    got = np.array([float(sympy.N(x.subs(vals))) for x in h.weights])
    np.testing.assert_allclose(got, num.weights, rtol=1e-12)
    assert set().union(*(x.free_symbols for x in h.weights)) == {a, b, c}


def test_object_array_of_numbers_uses_the_default_star():
    g = _deep_graph()
    obj = np.empty(g.num_arcs, dtype=object)
    obj[:] = [float(x) for x in g.weights]
    h = W.remove_epsilon(g.with_weights(obj))
    assert h.weights.dtype == object
    np.testing.assert_allclose(h.weights.astype(float), W.remove_epsilon(g).weights, rtol=1e-13)


def test_symbolic_epsilon_cycle_without_star_is_a_clear_error():
    ops = W.SymbolicOps(add=lambda x, y: ("+", x, y), logsumexp=lambda xs: ("lse", *xs))
    g = W.from_arcs([0], [1], [(0, 0, 0, 0.0), (0, 1, 5, 0.0)])
    sym = np.empty(2, dtype=object)
    sym[:] = ["u", "v"]
    with pytest.raises(ValueError, match="star"):
        W.remove_epsilon(g.with_weights(sym), ops=ops)


def test_many_small_cycles_are_batched():
    # 300 epsilon 3-cycles and self-loops side by side: one closure stage, exact scores
    rng = np.random.default_rng(0)
    n, arcs = 900, []
    for u in range(0, n, 3):
        arcs += [(u, u + 1, 0, -1.0), (u + 1, u + 2, 0, -1.5), (u + 2, u, 0, -0.7), (u + 1, u + 1, 0, -2.0)]
        if u + 3 < n:
            arcs += [(u + 2, u + 3, int(rng.integers(1, 4)), float(rng.normal())) for _ in range(2)]
    g = W.from_arcs([0], [n - 1], arcs, num_nodes=n)
    s, m = W.remove_epsilon_map(g)
    assert sum(isinstance(x, ClosureStage) for x in m.stages) == 1
    for sr in ("log", "tropical"):
        assert W.total_weight(W.remove_epsilon(g, sr), sr) == pytest.approx(W.total_weight(g, sr), rel=1e-12)


def _x64(jax):
    try:
        return jax.enable_x64(True)
    except (AttributeError, TypeError):
        from jax.experimental import enable_x64
        return enable_x64()


def test_divergent_epsilon_cycle_off_every_path_has_zero_gradient():
    # hypothesis found it: the epsilon cycle 0 -> 3 -> 4 -> 0 sums past one
    # (its closure is +inf) but no start reaches it; it used to give NaN
    # gradients through remove_epsilon, and now is trimmed before closing
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    arcs = [(2, 1, 3, 2, -0.75), (2, 1, 1, 3, 0.75), (2, 1, 0, 2, -1.5), (0, 1, 0, 0, -0.75),
            (0, 3, 0, 0, -0.75), (3, 4, 0, 0, 0.0), (4, 0, 0, 0, 1.0)]
    g = W.from_arcs([1, 2], [2], arcs, num_nodes=5, start_weights=[-1.0, -0.25], accept_weights=[-0.5])
    h = W.remove_epsilon(g)
    assert np.all(np.isfinite(h.weights)) and W.forward_score(h) == pytest.approx(W.forward_score(g))
    with _x64(jax):
        f = lambda x: W.forward_score(W.remove_epsilon(g.with_weights(x)))
        v, grad = jax.value_and_grad(f)(jnp.asarray(np.asarray(g.weights, np.float64)))
    assert float(v) == pytest.approx(-0.75)
    np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-12)
