"""Grad on numeric (JAX) and symbolic (D) graphs; JAX values in arithmetic."""

import numpy as np
import pytest


def test_grad_symbolic(ev):
    ev('g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}];')
    assert ev("Simplify[Weights[Grad[ForwardScore[g], g]]]") == "{E^w1/(E^w1 + E^w2), E^w2/(E^w1 + E^w2), 1}"
    assert ev("Weights[Grad[ViterbiScore[g /. {w1 -> 1, w2 -> 2, w3 -> 3}], g /. {w1 -> 1, w2 -> 2, w3 -> 3}]]") \
        == "{0, 1, 1}"


def test_grad_numeric_matches_posteriors(session):
    from gtnlang.wfst import arc_posteriors
    session.eval("e = Emissions[{{0.1, 0.7, -0.2}, {0.3, 0.4, 1.}, {0., 0.5, 0.2}}];")
    gr = session.to_python(session.eval("Weights[Grad[ForwardScore[e], e]]"))
    e = session.eval("e").value.graph
    np.testing.assert_allclose(gr, arc_posteriors(e), atol=1e-5)


def test_ctc_like_loss(ev):
    ev("e = Emissions[{{0., 0.}, {0., 0.}}]; c = Acceptor[{0, 1}];")
    assert ev("Weights[Grad[ForwardScore[e] - ForwardScore[Intersect[e, c]], e]]") == "{-0.5, 0.5, 0.5, -0.5}"


def test_grad_list(ev):
    ev("a = Emissions[{{0., 0.}}]; b = Emissions[{{1., 1.}}];")
    assert ev("Map[Weights, Grad[ForwardScore[a] + 2 ForwardScore[b], {a, b}]]") == "{{0.5, 0.5}, {1., 1.}}"


def test_grad_not_scalar(ev, session):
    ev("a = Emissions[{{0., 0.}}];")
    ev("Grad[x, a]")
    assert ev("Weights[Grad[3, a]]") == "{0., 0.}"
    ev("Grad[foo[ForwardScore[a]], a]")
    assert session.messages and session.messages[0].startswith("Grad::scalar")


def test_grad_of_start_and_accept_weights(ev, session):
    """Start/accept (initial/final) weights get their own derivatives: numeric by JAX, checked by
    finite differences of ForwardScore; symbolic by D."""
    import math

    def fs(s0, a1, a2):
        return math.log(math.exp(s0 + 1.0 + a1) + math.exp(s0 + 2.0 + a2))
    h = 1e-6
    base = (0.5, 0.25, 1.0)
    numeric = [(fs(*[v + (h if j == i else 0) for j, v in enumerate(base)]) -
                fs(*[v - (h if j == i else 0) for j, v in enumerate(base)])) / (2 * h) for i in range(3)]
    session.eval('g = WFSA[{0 -> 0.5}, {1 -> 0.25, 2 -> 1.}, {{0, 1, "a", 1.}, {0, 2, "b", 2.}}]; '
                 'gr = Grad[ForwardScore[g], g];')
    got = session.to_python(session.eval("{StartWeights[gr], AcceptWeights[gr], Weights[gr]}"))
    assert got[0][0] == pytest.approx(numeric[0], abs=1e-5)
    assert got[1] == pytest.approx(numeric[1:], abs=1e-5)
    assert got[2] == pytest.approx(numeric[1:], abs=1e-5)     # each arc ends at its own accept node
    assert ev('InputForm[Grad[ForwardScore[h]^2, h = WFSA[{0 -> s0}, {1 -> a1}, {{0, 1, "a", w}}]]]') == \
        'WFSA[{0 -> 2*(a1 + s0 + w)}, {1 -> 2*(a1 + s0 + w)}, {{0, 1, "a", 2*(a1 + s0 + w)}}]'
