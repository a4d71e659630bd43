"""ForwardScore, ViterbiScore, ViterbiPath, ShortestPaths."""

G = 'g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}];'


def test_viterbi_symbolic(ev):
    ev(G)
    assert ev("ViterbiScore[g]") == "w3 + Max[w1, w2]"


def test_no_accepting_path(ev):
    assert ev("ForwardScore[WFSA[{0}, {1}, {}]]") == "-Infinity"
    assert ev("ViterbiScore[WFSA[{0}, {1}, {{0, 0, a, 1.}}]]") == "-Infinity"
    assert ev("ForwardScore[WFSA[{0}, {1}, {{0, 0, a, w}}, 2]]") == "ForwardScore[WFSA[<2 nodes, 1 arc>]]"


def test_numeric_score(ev):
    assert ev("ForwardScore[WFSA[{0}, {1}, {{0, 1, a, 0.}, {0, 1, b, 0.}}]]") == "0.693147"


def test_cyclic_symbolic_message(ev, session):
    ev("ForwardScore[Closure[WFSA[{0}, {1}, {{0, 1, a, w}}]]]")
    assert session.messages[0].startswith("ForwardScore::cyclic")


def test_viterbi_path(ev):
    ev("h = WFSA[{0}, {2}, {{0, 1, a, 1.}, {0, 1, b, 2.}, {1, 2, c, 0.5}}];")
    assert ev("Paths[ViterbiPath[h]]") == "{{{b, c}, {b, c}, 2.5}}"
    assert ev("Paths[ViterbiPath[h /. 1. -> 1]]")  # exact weights convert for the search


def test_shortest_paths(ev):
    ev("h = WFSA[{0}, {2}, {{0, 1, a, 1}, {0, 1, b, 2}, {1, 2, c, 1/2}}];")
    assert ev("Paths[ShortestPaths[h, 2]]") == "{{{b, c}, {b, c}, 5/2}, {{a, c}, {a, c}, 3/2}}"
    ev("ShortestPaths[h, -1]")


def test_viterbi_path_symbolic(ev, session):
    ev(G)
    ev("ViterbiPath[g]")
    assert session.messages[0].startswith("ViterbiPath::numeric")
