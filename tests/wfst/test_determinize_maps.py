"""determinize / minimize through arc maps: the weighted language in every
backend, JAX gradients (against the input's arc posteriors and finite
differences), symbolic log weights, and the inverse (division) stage."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gtnlang.wfst as W
from gtnlang.wfst.arcmap import ArcMap, InverseStage, pool_size
from wfst_oracle import assert_rel_equal, graphs, relation

jax = pytest.importorskip("jax")
jnp = jax.numpy

OPS = {"determinize": W.determinize, "minimize": W.minimize}
J = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _x64():
    try:
        return jax.enable_x64(True)
    except (AttributeError, TypeError):
        from jax.experimental import enable_x64
        return enable_x64()


def as_numpy(h):
    f = lambda w: None if w is None else np.asarray(w, np.float64)
    return h.with_weights(f(h.weights), start_weights=f(h.start_weights), accept_weights=f(h.accept_weights))


@st.composite
def continuous(draw, g):
    """``g`` with random continuous weights (almost surely no ties)."""
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    return g.with_weights(rng.normal(size=g.num_arcs))


@J
@given(graphs(acceptor=True), st.sampled_from(["log", "tropical"]), st.sampled_from(sorted(OPS)))
def test_language_preserved_with_jax_weights(g, sr, op):
    key = "log" if sr == "log" else "max"
    with _x64():
        h = OPS[op](g.with_weights(jnp.asarray(np.asarray(g.weights))), sr)
    h = as_numpy(h)
    assert W.is_deterministic(h)
    assert_rel_equal(relation(h, key), relation(g, key), tol=1e-6)


@J
@given(graphs(acceptor=True, node_weights=False), st.sampled_from(sorted(OPS)))
def test_log_gradient_is_the_inputs_posteriors(g, op):
    # the language is preserved, so d ForwardScore(op(g)) / dw are g's own arc
    # posteriors -- also where weights coincide (the strategy's quarter steps)
    assume(np.isfinite(W.forward_score(g)) and g.num_arcs)
    with _x64():
        grad = jax.grad(lambda x: W.forward_score(OPS[op](g.with_weights(x))))(jnp.asarray(np.asarray(g.weights)))
    np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-9)


@J
@given(graphs(acceptor=True, node_weights=False, allow_empty=False).flatmap(continuous),
       st.sampled_from(["log", "tropical"]), st.sampled_from(sorted(OPS)))
def test_gradient_matches_finite_differences(g, sr, op):
    f = lambda w: W.total_weight(OPS[op](g.with_weights(w), sr), sr)
    w0 = np.asarray(g.weights)
    v = f(w0)
    assume(np.isfinite(v))
    with _x64():
        grad = np.asarray(jax.grad(f)(jnp.asarray(w0)))
    h = 1e-6
    for e in range(g.num_arcs):
        up, dn = w0.copy(), w0.copy()
        up[e] += h
        dn[e] -= h
        if sr == "log":
            assert grad[e] == pytest.approx((f(up) - f(dn)) / (2 * h), abs=1e-5), e
        else:
            # at a tie of the max any value between the one-sided slopes is a subgradient
            lo, hi = sorted(((f(up) - v) / h, (v - f(dn)) / h))
            assert lo - 1e-6 <= grad[e] <= hi + 1e-6, (e, grad[e], lo, hi)


def test_gradient_exact_where_residuals_coincide():
    # at zero weights the states reached by a and by c have equal residuals, and
    # numpy determinize merges them; a gradient needs them apart (as functions
    # of the weights they differ), which the traced construction keeps
    g = W.from_arcs([0], [3], [(0, 1, 1, 0.0), (0, 2, 1, 0.0), (0, 1, 3, 0.0), (0, 2, 3, 0.0),
                               (1, 3, 2, 0.0), (2, 3, 2, 0.0)])
    nodes = []

    def f(x):
        d = W.determinize(g.with_weights(x))
        nodes.append(d.num_nodes)
        return W.forward_score(d)

    with _x64():
        grad = jax.grad(f)(jnp.zeros(g.num_arcs))
    assert W.determinize(g).num_nodes == 3 and nodes == [4]
    np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-12)


def test_cyclic_determinize_gradient():
    # a determinizable cyclic acceptor: the loops on 1 and 2 carry different labels
    g = W.from_arcs([0], [3], [(0, 1, 1, 0.3), (0, 2, 1, -0.2), (1, 3, 2, 0.5), (2, 3, 2, 1.1), (2, 3, 3, 0.7),
                               (1, 1, 4, -1.0), (2, 2, 5, -1.3)])
    from gtnlang.lower.cyclic import cyclic_total
    with _x64():
        for op in OPS.values():
            x = jnp.asarray(np.asarray(g.weights))
            grad = jax.grad(lambda x: cyclic_total(op(g.with_weights(x)), "log"))(x)
            np.testing.assert_allclose(np.asarray(grad), W.arc_posteriors(g), atol=1e-9)


def test_symbolic_log_weights_match_numbers():
    sympy = pytest.importorskip("sympy")
    a, b = sympy.symbols("a b")
    arcs = [(0, 1, 1, 0.0), (0, 2, 1, 0.0), (1, 3, 2, 0.0), (2, 3, 2, 0.0), (2, 3, 3, 0.0), (1, 1, 4, 0.0),
            (2, 2, 5, 0.0), (0, 2, 1, 0.0)]
    g = W.from_arcs([0], [3], arcs)
    sym = np.empty(len(arcs), dtype=object)
    sym[:] = [a, b, sympy.Integer(0), sympy.Rational(1, 2), a, sympy.Integer(-1), sympy.Integer(-1), b]
    vals = {a: 0.4, b: -0.3}
    num = g.with_weights(np.array([float(sympy.sympify(x).subs(vals)) for x in sym]))
    for op in OPS.values():
        s = op(g.with_weights(sym), ops=W.sympy_ops())
        n = op(num)
        assert [x[:4] for x in s.arcs()] == [x[:4] for x in n.arcs()]
        for got, want in ((s.weights, n.weights), (s.start_weights, n.start_weights),
                          (s.accept_weights, n.accept_weights)):
            assert (got is None) == (want is None)
            if got is not None:
                np.testing.assert_allclose([float(sympy.N(x.subs(vals))) for x in got], want, rtol=1e-12, atol=1e-12)
        assert set().union(*(sympy.sympify(x).free_symbols for x in s.weights)) == {a, b}


def test_symbolic_structure_is_generic():
    # a = b would make the two a-states' residuals equal; symbolic weights keep them apart
    sympy = pytest.importorskip("sympy")
    a, b = sympy.symbols("a b")
    g = W.from_arcs([0], [3], [(0, 1, 1, 0.0), (0, 2, 1, 0.0), (0, 1, 3, 0.0), (0, 2, 3, 0.0),
                               (1, 3, 2, 0.0), (2, 3, 2, 0.0)])
    sym = np.empty(6, dtype=object)
    sym[:] = [a, b, b, a, sympy.Integer(0), sympy.Integer(0)]
    d = W.determinize(g.with_weights(sym), ops=W.sympy_ops())
    assert d.num_nodes == 4
    for x, y in ((0.3, 0.3), (0.3, -1.2)):
        num = g.with_weights(np.array([x, y, y, x, 0.0, 0.0]))
        got = W.forward_score(d.with_weights(np.array([float(w.subs({a: x, b: y})) for w in d.weights])))
        assert got == pytest.approx(W.forward_score(num), rel=1e-12)


def test_symbolic_tropical_and_jit_are_clear_errors():
    g = W.from_arcs([0], [1], [(0, 1, 1, 0.0), (0, 1, 1, 0.0)])
    sym = np.empty(2, dtype=object)
    sym[:] = ["u", "v"]
    for op in OPS.values():
        with pytest.raises(ValueError, match="symbolic weights need the log semiring"):
            op(g.with_weights(sym), "tropical")
        with pytest.raises(ValueError, match="jax.jit"):
            jax.jit(lambda x, op=op: op(g.with_weights(x)).weights)(jnp.zeros(2))


def test_inverse_stage_in_every_backend():
    sympy = pytest.importorskip("sympy")
    g = W.from_arcs([0], [1], [(0, 1, 1, 5.0), (0, 1, 1, 2.0)])
    m = ArcMap([pool_size(g)], (np.array([0, 1]), np.array([2, 2])), stages=[InverseStage([1])])
    assert m.apply([g])[0].tolist() == [3.0, 0.0]
    assert np.asarray(m.apply([g.with_weights(jnp.asarray([5.0, 2.0]))])[0]).tolist() == [3.0, 0.0]
    x, y = sympy.symbols("x y")
    sym = np.empty(2, dtype=object)
    sym[:] = [x, y]
    assert list(m.apply([g.with_weights(sym)], ops=W.sympy_ops())[0]) == [x - y, 0]
    assert m.apply([g.with_weights(np.array([5.0, 2.0]))], "real")[0].tolist() == [2.5, 1.0]
    with pytest.raises(ValueError, match="no inverse"):
        m.apply([g.with_weights(np.array([1.0, 1.0]))], "boolean")


def test_push_weights_any_backend():
    g = W.from_arcs([0], [2], [(0, 1, 1, 1.0), (1, 2, 2, 2.0), (1, 1, 3, -1.0)])
    p = W.push_weights(g)
    assert W.forward_score(p) == pytest.approx(W.forward_score(g), rel=1e-12)
    # every node's outgoing mass, accept weight included, is one
    aw = dict(zip(p.accept.tolist(), p.accept_weights.tolist()))
    for u in range(p.num_nodes):
        out = [w for s, _, _, _, w in p.arcs() if s == u] + ([aw[u]] if u in aw else [])
        assert math.log(sum(math.exp(w) for w in out)) == pytest.approx(0.0, abs=1e-12)
    with _x64():
        pj = W.push_weights(g.with_weights(jnp.asarray(np.asarray(g.weights))))
    np.testing.assert_allclose(np.asarray(pj.weights), p.weights, rtol=1e-12)
    with pytest.raises(ValueError, match="divergent"):
        W.push_weights(g.with_weights(np.array([1.0, 2.0, 0.5])))
