"""Arcs, Weights, SetWeights, Labels, NodeCount, ArcCount, StartNodes,
AcceptNodes, Paths, GraphQ, AcceptorQ, AcyclicQ; /., N, D on graphs."""

G = 'g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}];'


def test_inspection(ev):
    ev(G)
    assert ev("Arcs[g]") == "{{0, 1, a, w1}, {0, 1, b, w2}, {1, 2, c, w3}}"
    assert ev("Weights[g]") == "{w1, w2, w3}"
    assert ev("Labels[g]") == "{a, b, c}"
    assert ev("{NodeCount[g], ArcCount[g], StartNodes[g], AcceptNodes[g]}") == "{3, 3, {0}, {2}}"
    assert ev("{GraphQ[g], GraphQ[{}], AcceptorQ[g], AcyclicQ[g], Head[g]}") == "{True, False, True, True, Graph}"


def test_set_weights(ev, session):
    ev(G)
    assert ev("Weights[SetWeights[g, {1, 2, 3}]]") == "{1, 2, 3}"
    assert ev("ForwardScore[SetWeights[g, {0., 0., 1.}]]") == "1.69315"
    ev("SetWeights[g, {1}]")
    assert session.messages[0].startswith("SetWeights::len")


def test_replace_n_d_simplify(ev):
    ev(G)
    assert ev("Weights[g /. w1 -> a + a]") == "{2 a, w2, w3}"
    assert ev("InputForm[N[g /. {w1 -> 1, w2 -> 2, w3 -> 3}]]") == \
        'WFSA[{0}, {2}, {{0, 1, "a", 1.}, {0, 1, "b", 2.}, {1, 2, "c", 3.}}]'
    assert ev("Weights[D[g /. w1 -> w2^2, w2]]") == "{2 w2, 1, 0}"
    assert ev("Weights[Simplify[g /. w1 -> (x^2 - 1)/(x - 1)]]") == "{1 + x, w2, w3}"


def test_paths_cyclic_message(ev, session):
    ev("Paths[Closure[Acceptor[{a}]]]")
    assert session.messages[0].startswith("Paths::cyclic")


def test_usage_messages(session):
    from gtnlang.core.builtin import REGISTRY
    names = ["WFST", "WFSA", "Acceptor", "Transducer", "Emissions", "Epsilon", "Compose", "Intersect",
             "Concat", "Closure", "ProjectInput", "ProjectOutput", "Invert", "RemoveEpsilon", "Connect",
             "Determinize", "Minimize", "ForwardScore", "ViterbiScore", "ViterbiPath", "ShortestPaths", "Arcs",
             "Weights", "SetWeights", "Labels", "NodeCount", "ArcCount", "StartNodes", "AcceptNodes", "Paths",
             "GraphQ", "AcceptorQ", "AcyclicQ", "Grad", "Import", "Export", "Draw", "Graph"]
    for n in names:
        assert REGISTRY[n].usage, n
