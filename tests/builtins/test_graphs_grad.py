"""Grad on numeric (JAX) and symbolic (D) graphs; JAX values in arithmetic."""

import numpy as np


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
