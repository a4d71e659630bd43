"""Optional: compare with OpenFst through pynini (skipped when not importable)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, HealthCheck

import gtnlang.wfst as W
from wfst_oracle import assert_rel_equal, graphs, relation

pynini = pytest.importorskip("pynini")

S = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def to_fst(g, arc_type="log"):
    """Via AT&T text: exercises write_att too (costs negated)."""
    f = pynini.Fst(arc_type=arc_type)
    if g.num_nodes == 0 or len(g.start) == 0:
        return f
    text = W.write_att(g, acceptor=False)
    comp = pynini.Fst(arc_type=arc_type)
    wt = "tropical" if arc_type == "standard" else arc_type
    # build directly from the parsed text so that no symbol tables are needed
    h = W.read_att(text)
    comp.add_states(h.num_nodes)
    comp.set_start(int(h.start[0]))
    w = h.numpy_weights()
    for e in range(h.num_arcs):
        comp.add_arc(int(h.src[e]), pynini.Arc(int(h.ilabel[e]), int(h.olabel[e]),
                                               pynini.Weight(wt, -w[e]), int(h.dst[e])))
    aw = np.zeros(len(h.accept)) if h.accept_weights is None else np.asarray(h.accept_weights)
    for a, x in zip(h.accept.tolist(), aw):
        comp.set_final(a, pynini.Weight(wt, -x))
    return comp


def from_fst(f):
    text = f.print() if f.num_states() else ""
    return W.read_att(text)


@S
@given(graphs(), graphs())
def test_compose_vs_openfst(a, b):
    fa, fb = to_fst(a), to_fst(b)
    fa.arcsort("olabel")
    ours = relation(W.compose(a, b))
    theirs = relation(from_fst(pynini.compose(fa, fb)))
    assert_rel_equal(ours, theirs, tol=1e-4)


@S
@given(graphs(acceptor=True))
def test_shortest_distance_vs_openfst(g):
    f = to_fst(g)
    ours = W.forward_score(g)
    if f.num_states() == 0:
        assert ours == -math.inf
        return
    d = pynini.shortestdistance(f, reverse=True)
    s = f.start()
    theirs = -float(d[s]) if s < len(d) else -math.inf
    theirs = -math.inf if theirs != theirs or theirs == -math.inf else theirs
    if ours == -math.inf:
        assert theirs == -math.inf or theirs < -1e30
    else:
        assert ours == pytest.approx(theirs, abs=1e-4)


@S
@given(graphs(acceptor=True))
def test_determinize_minimize_vs_openfst(g):
    f = to_fst(g, "standard")
    if f.num_states() == 0:
        return
    f = pynini.rmepsilon(f)
    try:
        d = pynini.determinize(f)
    except Exception:
        return
    ours_d = W.determinize(g, "tropical")
    assert_rel_equal(relation(ours_d, "max"), relation(from_fst(d), "max"), tol=1e-4)
    theirs_m = d.copy().minimize()
    ours_m = W.minimize(g, "tropical")
    assert_rel_equal(relation(ours_m, "max"), relation(from_fst(theirs_m), "max"), tol=1e-4)
    # same number of useful states (OpenFst may keep a non-coaccessible sink)
    assert ours_m.num_nodes <= pynini.connect(theirs_m).num_states() + 1
