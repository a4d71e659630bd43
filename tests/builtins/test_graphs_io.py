"""Import/Export (ATT, GTN, DOT, Text) and Draw."""

import shutil

import pytest

from gtnlang import Session


def test_att_costs_and_symbols(ev, tmp_path):
    p = str(tmp_path / "t.att")
    ev('t = WFST[{0}, {1}, {{0, 1, "a", "x", 1.5}, {0, 1, "b", Epsilon, 0.}}];')
    ev(f'Export["{p}", t]')
    assert open(p).read() == "0\t1\ta\tx\t-1.5\n0\t1\tb\t0\n1\n"
    assert ev(f'Import["{p}"] === t') == "True"
    ev(f'Export["{p}", t, "ATT", "Costs" -> False]')
    assert ev(f'Import["{p}", "ATT", "Costs" -> False] === t') == "True"
    assert ev(f'Weights[Import["{p}", "ATT"]]') == "{-1.5, 0.}"


def test_att_exact_weights_and_symbolic_refused(ev, session, tmp_path):
    p = str(tmp_path / "a.att")
    ev(f'Export["{p}", Acceptor[{{1, 2}}]]')
    assert ev(f'Paths[Import["{p}"]]') == "{{{1, 2}, {1, 2}, 0.}}"
    ev(f'Export["{p}", WFSA[{{0}}, {{1}}, {{{{0, 1, a, w}}}}]]')
    assert session.messages[0].startswith("Export::numeric")


def test_gtn_round_trip(ev, tmp_path):
    p = str(tmp_path / "e.gtn")
    ev("e = Emissions[{{0.1, 0.2}, {0.3, 0.4}}];")
    ev(f'Export["{p}", e]')
    assert open(p).read().splitlines()[:3] == ["0", "2", "0 1 0 0 0.1"]
    assert ev(f'Import["{p}"] === e') == "True"


def test_text(ev, tmp_path):
    p = str(tmp_path / "x.txt")
    assert ev(f'Export["{p}", x^2 + 1]') == p
    assert ev(f'Import["{p}"]') == "1 + x^2\n"
    assert ev(f'Import["{p}", "Text"] // StringQ') == "True"


def test_missing_file(ev, session, tmp_path):
    assert ev(f'Import["{tmp_path}/nothere.att"]') == "$Failed"
    assert session.messages[0].startswith("Import::nffil")


def test_dot(ev, tmp_path):
    p = str(tmp_path / "t.dot")
    ev(f'Export["{p}", WFST[{{0}}, {{1}}, {{{{0, 1, "a", Epsilon, 0.5}}}}]]')
    assert 'label="a:ε/0.5"' in open(p).read()


def test_draw_without_graphviz(ev, session, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert ev('Draw[Acceptor["ab"]]') == "$Failed"
    assert session.messages[0].startswith("Draw::nodot")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_draw_with_graphviz(ev, tmp_path):
    p = str(tmp_path / "g.svg")
    assert ev(f'Draw[Acceptor["ab"], "{p}"]') == p
    assert "<svg" in open(p).read()


def test_sandbox(tmp_path):
    s = Session(sandbox=True, print_messages=False, print_output=False)
    p = str(tmp_path / "g.att")
    for src in (f'Export["{p}", Acceptor["a"]]', f'Import["{p}"]', 'Draw[Acceptor["a"]]'):
        out = s.eval(src)
        assert str(out).split("[")[0] in ("Export", "Import", "Draw")
        assert "sandbox" in s.messages[0]
