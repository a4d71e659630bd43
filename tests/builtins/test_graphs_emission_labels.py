"""Intersect's emission-label check applies to lattices made by Emissions only: a
graph that merely has the shape of a lattice (Acceptor[{0, 0}] looks like a
one-column lattice) is not checked against the other graph's labels."""

import numpy as np
from hypothesis import given, settings, strategies as st

from gtnlang.session import Session


def brute_force_score(n_nodes, arcs, starts, accepts, labels):
    """log-sum-exp over the paths of a WFSA reading `labels` (arcs: (src, dst, label, w))."""
    scores = []

    def walk(node, k, total):
        if k == len(labels):
            if node in accepts:
                scores.append(total)
            return
        for s, d, lab, w in arcs:
            if s == node and lab == labels[k]:
                walk(d, k + 1, total + w)

    for s in starts:
        walk(s, 0, 0.0)
    if not scores:
        return -np.inf
    return float(np.logaddexp.reduce(scores))


def test_the_reported_case():
    s = Session(print_messages=False)
    out = s.eval("ForwardScore[Intersect[WFSA[{0}, {0}, {{0, 0, 0}, {0, 0, 1}}], Acceptor[{0, 0}]]]")
    assert str(out) == "0" and s.messages == []


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.data())
def test_lattice_shaped_acceptors_are_not_checked(n_nodes, n, data):
    arcs = data.draw(st.lists(st.tuples(st.integers(0, n_nodes - 1), st.integers(0, n_nodes - 1),
                                        st.integers(0, 2), st.sampled_from([-1.0, 0.0, 0.5, 2.0])),
                              min_size=1, max_size=6))
    accepts = sorted(set(data.draw(st.lists(st.integers(0, n_nodes - 1), min_size=1, max_size=2))))
    src = ", ".join("{%d, %d, %d, %r}" % a for a in arcs)
    s = Session(print_messages=False)
    g = f"WFSA[{{0}}, {{{', '.join(map(str, accepts))}}}, {{{src}}}, {n_nodes}]"
    out = s.to_python(s.eval(f"N[ForwardScore[Intersect[{g}, Acceptor[{{{', '.join(['0'] * n)}}}]]]]"))
    assert s.messages == []
    want = brute_force_score(n_nodes, arcs, [0], accepts, [0] * n)
    assert out == want if want == -np.inf else abs(out - want) < 1e-9


def test_emission_lattices_are_still_checked():
    s = Session(print_messages=False)
    s.eval("Intersect[Emissions[{{0., 1.}, {2., 3.}}], Acceptor[{0, 5}]]")
    assert any(m.startswith("Intersect::label") and "Label 5" in m and "2 columns" in m for m in s.messages)
    # one column: a lattice by construction, so checked
    s.eval("Intersect[Acceptor[{1}], Emissions[{{0.}, {1.}}]]")
    assert any(m.startswith("Intersect::label") and "Label 1" in m for m in s.messages)
    # the same shape built by hand is not
    s.eval("Intersect[Acceptor[{1}], WFSA[{0}, {2}, {{0, 1, 0, 0.}, {1, 2, 0, 1.}}]]")
    assert s.messages == []


def test_scores_of_the_unchecked_product_match_brute_force():
    s = Session(print_messages=False)
    arcs = [(0, 0, 0, 0.5), (0, 1, 0, 1.0), (1, 1, 1, 2.0), (1, 0, 0, -1.0)]
    src = ", ".join("{%d, %d, %d, %r}" % a for a in arcs)
    for n in range(1, 5):
        out = s.to_python(s.eval(f"ForwardScore[Intersect[WFSA[{{0}}, {{0, 1}}, {{{src}}}, 2], "
                                 f"Acceptor[ConstantArray[0, {n}]]]]"))
        assert s.messages == []
        assert abs(out - brute_force_score(2, arcs, [0], [0, 1], [0] * n)) < 1e-9
