"""Property tests: language-level results equal the engine's on random small graphs."""

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang import wfst as W

_S = Session(print_messages=False, print_output=False)


@st.composite
def dags(draw):
    n = draw(st.integers(2, 5))
    arcs = []
    for _ in range(draw(st.integers(0, 7))):
        s = draw(st.integers(0, n - 2))
        d = draw(st.integers(s + 1, n - 1))
        lab = draw(st.integers(0, 2))
        w = draw(st.sampled_from([-1.0, -0.5, 0.0, 0.25, 1.0, 2.0]))
        arcs.append((s, d, lab, w))
    accept = sorted(set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=2))))
    return n, arcs, accept


def _src(n, arcs, accept):
    body = ", ".join(f"{{{s}, {d}, {l}, {w!r}}}" for s, d, l, w in arcs)
    return f"WFSA[{{0}}, {{{', '.join(map(str, accept))}}}, {{{body}}}, {n}]"


def _engine_graph(n, arcs, accept):
    # language label k is engine id alphabet.id(Integer(k)); scores do not depend on ids
    return W.from_arcs([0], accept, [(s, d, l + 1, w) for s, d, l, w in arcs], num_nodes=n)


def _num(x):
    v = _S.to_python(x)
    return float(v)


def _close(a, b):
    return (math.isinf(a) and a == b) or abs(a - b) < 1e-9


@settings(max_examples=25, deadline=None)
@given(dags())
def test_scores_match_engine(spec):
    n, arcs, accept = spec
    g = _engine_graph(*spec)
    _S.eval(f"pg = {_src(*spec)};")
    assert _close(_num(_S.eval("ForwardScore[pg]")), float(W.forward_score(g)))
    assert _close(_num(_S.eval("ViterbiScore[pg]")), float(W.viterbi_score(g)))
    assert int(_S.to_python(_S.eval("ArcCount[Closure[pg]]"))) == W.closure(g).num_arcs
    assert int(_S.to_python(_S.eval("NodeCount[Connect[pg]]"))) == W.connect(g).num_nodes


@settings(max_examples=15, deadline=None)
@given(dags())
def test_symbolic_score_equals_numeric(spec):
    n, arcs, accept = spec
    syms = [f"q{i}" for i in range(len(arcs))]
    _S.eval(f"pg = {_src(*spec)};")
    _S.eval("sg = SetWeights[pg, {" + ", ".join(syms) + "}];")
    rules = "{" + ", ".join(f"{s} -> {w!r}" for s, (_, _, _, w) in zip(syms, arcs)) + "}"
    num = _num(_S.eval("ForwardScore[pg]"))
    sym = _S.eval(f"N[ForwardScore[sg] /. {rules}]")
    assert _close(_num(sym), num)


@settings(max_examples=15, deadline=None)
@given(dags(), dags())
def test_compose_matches_engine(a, b):
    ga, gb = _engine_graph(*a), _engine_graph(*b)
    _S.eval(f"pa = {_src(*a)}; pb = {_src(*b)};")
    c = W.compose(ga, gb)
    assert int(_S.to_python(_S.eval("ArcCount[Compose[pa, pb]]"))) == c.num_arcs
    assert _close(_num(_S.eval("ForwardScore[Compose[pa, pb]]")), float(W.forward_score(c)))


@settings(max_examples=15, deadline=None)
@given(dags())
def test_input_form_round_trips(spec):
    _S.eval(f"pg = {_src(*spec)};")
    assert str(_S.eval("ToExpression[ToString[InputForm[pg]]] === pg")) == "True"
