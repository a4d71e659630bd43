"""RemoveEpsilon, Connect, Determinize, Minimize."""


def test_remove_epsilon_symbolic(ev):
    assert ev("InputForm[RemoveEpsilon[WFSA[{0}, {2}, {{0, 1, Epsilon, u}, {1, 2, a, v}}]]]") == \
        "WFSA[{0}, {1}, {{0, 1, a, u + v}}]"


def test_connect(ev):
    assert ev("InputForm[Connect[WFSA[{0}, {1}, {{0, 1, a, 1}, {0, 2, b, 2}}]]]") == "WFSA[{0}, {1}, {{0, 1, a, 1}}]"


def test_determinize(ev):
    ev("g = WFSA[{0}, {1, 2}, {{0, 1, a, 1.}, {0, 2, a, 2.}}];")
    ev("d = Determinize[g];")
    assert ev("ArcCount[d]") == "1"
    assert ev("Abs[ForwardScore[d] - ForwardScore[g]] < 10^-9") == "True"
    assert ev('ViterbiScore[Determinize[g, "Tropical"]]') == "2."


def test_minimize(ev):
    ev("m = Minimize[WFSA[{0}, {3}, {{0, 1, a, 0}, {0, 2, b, 0}, {1, 3, c, 0}, {2, 3, c, 0}}]];")
    assert ev("NodeCount[m]") == "3"
    assert ev("Abs[ForwardScore[m] - Log[2.]] < 10^-9") == "True"


def test_symbolic_tropical_weights_say_why_they_cannot(ev, session):
    ev('Determinize[WFSA[{0}, {1}, {{0, 1, a, w}}], "Tropical"]')
    assert session.messages[0].startswith("Determinize::fail") and "which weights are larger" in session.messages[0]


def test_symbolic_weights_determinize_and_minimize_in_the_log_semiring(ev):
    ev('g = WFSA[{0}, {3}, {{0, 1, "a", p}, {0, 2, "a", q}, {1, 3, "b", r}, {2, 3, "b", s}}];')
    values = "{p -> 1., q -> 2., r -> 0.5, s -> -1.}"
    assert ev("Paths[Determinize[g]]") == "{{{a, b}, {a, b}, Log[E^(p + r) + E^(q + s)]}}"
    for op in ("Determinize", "Minimize"):
        assert ev(f"Paths[{op}[g]] /. {values}") == ev(f"Paths[{op}[g /. {values}]]")
    assert ev('Head[Determinize[g, "Tropical"]]') == "Determinize"   # says why, stays unevaluated
