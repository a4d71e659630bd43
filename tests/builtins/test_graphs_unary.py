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
