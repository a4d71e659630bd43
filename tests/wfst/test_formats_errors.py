"""Formats round trips, and bad input rejected with clear ValueErrors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, HealthCheck

import gtnlang.wfst as W
from wfst_oracle import assert_rel_equal, graphs, relation

S = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@S
@given(graphs())
def test_att_round_trip(g):
    h = W.read_att(W.write_att(g, acceptor=False), acceptor=False)
    assert_rel_equal(relation(h), relation(g))
    if g.is_acceptor:
        h = W.read_att(W.write_att(g), acceptor=True)
        assert_rel_equal(relation(h), relation(g))


def test_att_costs_are_negated_and_symbols():
    g = W.from_arcs([0], [1], [(0, 1, 1, 2, 0.5)], accept_weights=[-1.5])
    text = W.write_att(g)
    assert text.splitlines() == ["0\t1\t1\t2\t-0.5", "1\t1.5"]
    syms = {"<eps>": 0, "a": 1, "b": 2}
    t2 = W.write_att(g, isymbols=syms)
    assert t2.splitlines()[0] == "0\t1\ta\tb\t-0.5"
    h = W.read_att(t2, isymbols=syms)
    assert h.arcs() == [(0, 1, 1, 2, 0.5)]
    assert float(h.accept_weights[0]) == -1.5
    a = W.read_att("0 1 3 2.0\n1\n", acceptor=True)
    assert a.arcs() == [(0, 1, 3, 3, -2.0)] and a.accept_weights is None


@S
@given(graphs(node_weights=False))
def test_gtn_text_round_trip(g):
    h = W.read_gtn_text(W.write_gtn_text(g))
    assert h.num_arcs == g.num_arcs
    assert_rel_equal(relation(h), relation(g))
    assert np.array_equal(h.ilabel, g.ilabel) and np.array_equal(h.olabel, g.olabel)


def test_gtn_text_epsilon_is_minus_one():
    g = W.read_gtn_text("0\n1\n0 1 -1 0 0.5\n")
    assert g.ilabel[0] == W.EPSILON and g.olabel[0] == 1
    assert W.write_gtn_text(g).splitlines()[2] == "0 1 -1 0 0.5"


def test_dot():
    g = W.from_arcs([0], [1], [(0, 1, 0, 2, 0.5)])
    d = W.write_dot(g, isymbols={"x": 2})
    assert "digraph" in d and 'label="ε:x/0.5"' in d and "doublecircle" in d


# --- bad input ----------------------------------------------------------------

def test_arc_to_missing_node():
    with pytest.raises(ValueError, match=r"graph 'g'.*arc 1 .*node 5.*3 nodes"):
        W.Graph(3, [0], [2], [0, 1], [1, 5], [1, 1], name="g", weights=[0.0, 0.0])


def test_negative_and_non_integer_labels():
    with pytest.raises(ValueError, match=r"graph 'h'.*arc 0.*negative ilabel -1"):
        W.Graph(2, [0], [1], [0], [1], [-1], weights=[0.0], name="h")
    with pytest.raises(ValueError, match=r"ilabel\[0\] = 1.5 is not an integer"):
        W.Graph(2, [0], [1], [0], [1], [1.5], weights=[0.0])
    with pytest.raises(ValueError, match="not an integer"):
        W.from_arcs([0], [1], [(0, 1, "a", 0.0)])


def test_wrong_weight_length():
    with pytest.raises(ValueError, match=r"graph 'w'.*weights has length 2, expected 1"):
        W.Graph(2, [0], [1], [0], [1], [1], weights=[0.0, 1.0], name="w")
    g = W.linear_acceptor([1, 2])
    with pytest.raises(ValueError, match="weights has length 3, expected 2"):
        g.with_weights(np.zeros(3))
    with pytest.raises(ValueError, match="start_weights has length 2, expected 1"):
        W.Graph(2, [0], [1], [0], [1], [1], weights=[0.0], start_weights=[0.0, 1.0])


def test_missing_start_node():
    with pytest.raises(ValueError, match="start node 4 does not exist"):
        W.Graph(2, [4], [1], [], [], [])


def test_score_too_large_for_method():
    n = W.score.MAX_SCC_SIZE + 1
    src = np.arange(n); dst = (src + 1) % n
    g = W.Graph(n, [0], [0], src, dst, np.ones(n, np.int64), weights=np.full(n, -1.0), name="ring")
    with pytest.raises(ValueError, match=r"'ring'.*strongly connected component of \d+ nodes"):
        W.forward_score(g)
    with pytest.raises(ValueError, match="max_paths"):
        W.enumerate_paths(W.linear_graph(30, 2), max_paths=1000)
    with pytest.raises(ValueError, match="cyclic"):
        W.enumerate_paths(W.closure(W.linear_acceptor([1])))


def test_intersect_refuses_transducers():
    t = W.from_arcs([0], [1], [(0, 1, 1, 2, 0.0)], name="t")
    with pytest.raises(ValueError, match="transducer"):
        W.intersect(t, W.linear_acceptor([1]))


def test_import_is_numpy_only():
    import subprocess, sys, os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = ("import sys, importlib.util; spec = importlib.util.spec_from_file_location('gtnlang.wfst', "
            f"{os.path.join(root, 'gtnlang', 'wfst', '__init__.py')!r}, submodule_search_locations="
            f"[{os.path.join(root, 'gtnlang', 'wfst')!r}]); "
            "m = importlib.util.module_from_spec(spec); sys.modules['gtnlang.wfst'] = m; spec.loader.exec_module(m); "
            "bad = [k for k in sys.modules if k.split('.')[0] in ('jax', 'scipy', 'sympy', 'pynini')]; "
            "print(bad); assert not bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
