"""The examples of issue 4, as written."""

G = 'g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}];'
T = 't = WFST[{0}, {1}, {{0, 1, "a", "x", 0}, {0, 1, "b", Epsilon, 0}}];'


def test_forward_score_symbolic(ev):
    ev(G)
    assert ev("ForwardScore[g]") == "w3 + Log[E^w1 + E^w2]"


def test_posterior(ev):
    ev(G)
    assert ev("Simplify[D[ForwardScore[g], w1]]") == "E^w1/(E^w1 + E^w2)"


def test_numeric_scores(ev):
    ev(G)
    assert ev("ViterbiScore[g /. {w1 -> 1, w2 -> 2, w3 -> 0.5}]") == "2.5"
    assert ev("ForwardScore[g /. {w1 -> 0, w2 -> 0, w3 -> 0}]") == "Log[2]"
    assert ev("N[%]") == "0.693147"


def test_paths(ev):
    ev(G)
    assert ev("Paths[g]") == "{{{a, c}, {a, c}, w1 + w3}, {{b, c}, {b, c}, w2 + w3}}"


def test_compose_paths(ev):
    ev(T)
    assert ev('Paths[Compose[Acceptor["a"], t]]') == "{{{a}, {x}, 0}}"


def test_counts(ev):
    ev(G + T)
    assert ev("{ArcCount[Closure[g]], NodeCount[Union[g, g]], AcceptorQ[t]}") == "{5, 6, False}"


def test_grad_numeric(ev):
    ev("e = Emissions[{{0., 0.}, {0., 0.}}]; c = Acceptor[{0, 1}];")
    assert ev("Weights[Grad[ForwardScore[Compose[e, c]], e]]") == "{1., 0., 0., 1.}"


def test_printing(ev, session):
    ev(G)
    assert ev("g") == "WFSA[<3 nodes, 3 arcs>]"
    assert ev("InputForm[g]") == 'WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}]'
    assert ev("ToExpression[ToString[InputForm[g]]] === g") == "True"
    ev(T)
    assert ev("t") == "WFST[<2 nodes, 2 arcs>]"
    assert ev("ToExpression[ToString[InputForm[t]]] === t") == "True"


def test_att_round_trip(ev, tmp_path):
    p = str(tmp_path / "g.att")
    ev('g = WFSA[{0}, {2}, {{0, 1, "a", 1.5}, {0, 1, "b", 2.}, {1, 2, "c", -0.5}}];')
    assert ev(f'Export["{p}", g]') == p
    assert ev(f'Import["{p}", "ATT"] === g') == "True"
    text = open(p).read()
    assert "-1.5" in text and "0.5" in text  # costs are negated scores


def test_dot_and_draw(ev, session, tmp_path, monkeypatch):
    import shutil
    p = str(tmp_path / "g.dot")
    ev('g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}];')
    ev(f'Export["{p}", g]')
    text = open(p).read()
    assert text.startswith("digraph") and 'label="a/w1"' in text
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert ev("Draw[g]") == "$Failed"
    assert "Draw::nodot" in session.messages[0] and "apt-get install graphviz" in session.messages[0]
