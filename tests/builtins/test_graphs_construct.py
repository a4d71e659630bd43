"""Constructors: WFST, WFSA, Acceptor, Transducer, Emissions, Epsilon."""


def test_wfsa_default_weight(ev):
    assert ev('InputForm[WFSA[{0}, {1}, {{0, 1, "a"}}]]') == 'WFSA[{0}, {1}, {{0, 1, "a", 0}}]'


def test_wfst_four_element_arc(ev):
    assert ev("Arcs[WFST[{0}, {1}, {{0, 1, a, b}}]]") == "{{0, 1, a, b, 0}}"


def test_labels_any_atoms(ev):
    assert ev('Labels[WFSA[{0}, {3}, {{0, 1, 7}, {1, 2, "s"}, {2, 3, sym}}]]') == "{7, s, sym}"


def test_node_count_and_weights_on_nodes(ev):
    ev("g = WFSA[{0 -> 1.}, {1 -> 2.}, {{0, 1, a, 0.5}}, 4];")
    assert ev("NodeCount[g]") == "4"
    assert ev("InputForm[g]") == "WFSA[{0 -> 1.}, {1 -> 2.}, {{0, 1, a, 0.5}}, 4]"
    assert ev("ForwardScore[g]") == "3.5"
    assert ev("ToExpression[ToString[InputForm[g]]] === g") == "True"


def test_machine_weights_are_packed(session):
    g = session.eval("WFSA[{0}, {1}, {{0, 1, a, 1}, {0, 1, b, 0.5}}]")
    assert g.value.graph.weights.dtype.name == "float64"


def test_acceptor(ev):
    assert ev('Paths[Acceptor["abc"]]') == "{{{a, b, c}, {a, b, c}, 0}}"
    assert ev("Paths[Acceptor[{1, x, \"y\"}]]") == "{{{1, x, y}, {1, x, y}, 0}}"
    assert ev("Paths[Acceptor[{}]]") == "{{{}, {}, 0}}"
    assert ev("{NodeCount[Acceptor[{}]], ArcCount[Acceptor[{}]]}") == "{1, 0}"


def test_transducer(ev):
    assert ev('Paths[Transducer["abc" -> "xy"]]') == "{{{a, b, c}, {x, y}, 0}}"
    assert ev('AcceptorQ[Transducer["ab" -> "ab"]]') == "True"


def test_emissions(ev):
    ev("e = Emissions[{{1, 2, 3}, {4, 5, 6}}];")
    assert ev("{NodeCount[e], ArcCount[e]}") == "{3, 6}"
    assert ev("Labels[e]") == "{0, 1, 2, 0, 1, 2}"
    assert ev("Weights[e]") == "{1, 2, 3, 4, 5, 6}"
    assert ev('Labels[Emissions[{{1, 2}}, {"x", y}]]') == "{x, y}"
    assert ev('Labels[Emissions[{{1, 2}}, "ab"]]') == "{a, b}"


def test_epsilon_prints(ev):
    assert ev("Labels[WFST[{0}, {1}, {{0, 1, a, Epsilon}}]]") == "{{a, Epsilon}}"


def test_messages(ev, session):
    assert ev("WFSA[{0}, {1}, {{0, -1, a, w}}]") == "WFSA[{0}, {1}, {{0, -1, a, w}}]"
    assert session.messages[0].startswith("WFSA::node")
    ev("WFST[{0}, {1}, {{0, 5, a, b, w}}, 2]")
    assert session.messages[0].startswith("WFST::node")
    ev("WFSA[{0}, {1}, {{0, 1, f[a], w}}]")
    assert session.messages[0].startswith("WFSA::label")
    ev("WFSA[{0}, {1}, {{0, 1}}]")
    assert session.messages[0].startswith("WFSA::arc")
    ev("Emissions[{1, 2}]")
    assert session.messages[0].startswith("Emissions::array")
    ev("Transducer[a]")
    assert session.messages[0].startswith("Transducer::rule")
