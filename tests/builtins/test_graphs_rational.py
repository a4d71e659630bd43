"""Compose, Intersect, Union, Concat, Closure."""

T = 't = WFST[{0}, {1}, {{0, 1, "a", "x", u}, {0, 1, "b", Epsilon, v}}];'


def test_compose(ev):
    ev(T)
    assert ev('Paths[Compose[Acceptor["b"], t]]') == "{{{b}, {}, v}}"
    assert ev('Paths[Compose[t, Acceptor["x"]]]') == "{{{a}, {x}, u}}"
    assert ev('Paths[Compose[Acceptor["a"], t, Acceptor["x"]]]') == "{{{a}, {x}, u}}"


def test_compose_mixed_weights(ev):
    ev("e = Emissions[{{0.5, 1.}}];")
    assert ev("Weights[Compose[e, Acceptor[{1}]]]") == "{1.}"


def test_compose_non_graph(ev, session):
    ev(T)
    assert ev("Compose[t, 3]") == "Compose[WFST[<2 nodes, 2 arcs>], 3]"
    assert session.messages[0].startswith("Compose::graph")


def test_intersect(ev):
    ev("a = WFSA[{0}, {1}, {{0, 1, x, p}, {0, 1, y, q}}];")
    assert ev("Paths[Intersect[a, Acceptor[{y}]]]") == "{{{y}, {y}, q}}"


def test_union(ev):
    ev("a = Acceptor[{x}]; b = Acceptor[{y}];")
    assert ev("Paths[Union[a, b]]") == "{{{x}, {x}, 0}, {{y}, {y}, 0}}"
    assert ev("Union[{3, 1}, {2, 1}]") == "{1, 2, 3}"
    assert ev("NodeCount[Union[a, b, a]]") == "6"


def test_concat(ev):
    assert ev('Paths[Concat[Acceptor["a"], Acceptor["bc"]]]') == "{{{a, b, c}, {a, b, c}, 0}}"


def test_closure(ev):
    ev("c = Closure[WFSA[{0}, {1}, {{0, 1, a, -1.}}]];")
    assert ev("AcyclicQ[c]") == "False"
    assert ev("Abs[ForwardScore[c] - Log[1/(1 - Exp[-1.])]] < 10^-9") == "True"
    assert ev("ViterbiScore[c]") == "0."
