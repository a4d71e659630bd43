"""ProjectInput, ProjectOutput, Invert, Reverse."""

T = 't = WFST[{0}, {1}, {{0, 1, "a", "x", u}, {0, 1, "b", Epsilon, v}}];'


def test_projections(ev):
    ev(T)
    assert ev("Arcs[ProjectInput[t]]") == "{{0, 1, a, u}, {0, 1, b, v}}"
    assert ev("Arcs[ProjectOutput[t]]") == "{{0, 1, x, u}, {0, 1, Epsilon, v}}"
    assert ev("AcceptorQ[ProjectInput[t]]") == "True"


def test_invert(ev):
    ev(T)
    assert ev("Arcs[Invert[t]]") == "{{0, 1, x, a, u}, {0, 1, Epsilon, b, v}}"


def test_reverse(ev):
    ev('g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {1, 2, "c", w3}}];')
    assert ev("Paths[Reverse[g]]") == "{{{c, a}, {c, a}, w1 + w3}}"
    assert ev("Reverse[{1, 2, 3}]") == "{3, 2, 1}"


def test_remove_epsilon_through_a_symbolic_epsilon_cycle(ev):
    # symbolic weights go round epsilon cycles: substituting numbers afterwards
    # gives what removing the epsilons of the numeric graph gives
    arcs = '{{0, 1, "x", a}, {1, 3, Epsilon, b}, {3, 1, Epsilon, c}, {1, 2, "y", d}}'
    values = "{a -> -1., b -> -0.5, c -> -1.5, d -> 0.25}"
    symbolic = ev(f"Sort[Arcs[RemoveEpsilon[WFSA[{{0}}, {{2}}, {arcs}]]] /. {values}]")
    numeric = ev(f"Sort[Arcs[RemoveEpsilon[WFSA[{{0}}, {{2}}, {arcs} /. {values}]]]]")
    assert symbolic == numeric
