"""examples/graphs.gtn runs as a script and prints the issue's results."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_graphs_example_script():
    r = subprocess.run([sys.executable, "-m", "gtnlang", os.path.join(ROOT, "examples", "graphs.gtn")],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for line in ["g = WFSA[<3 nodes, 3 arcs>]",
                 'InputForm[g] = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}]',
                 "ForwardScore[g] = w3 + Log[E^w1 + E^w2]",
                 "posterior of arc 0 = E^w1/(E^w1 + E^w2)",
                 "ViterbiScore = 2.5",
                 "ForwardScore with zero weights = Log[2] = 0.693147",
                 "Paths[g] = {{{a, c}, {a, c}, w1 + w3}, {{b, c}, {b, c}, w2 + w3}}",
                 'Paths[Compose[Acceptor["a"], t]] = {{{a}, {x}, 0}}',
                 "{ArcCount[Closure[g]], NodeCount[Union[g, g]], AcceptorQ[t]} = {5, 6, False}",
                 "Weights[Grad[ForwardScore[Compose[e, c]], e]] = {1., 0., 0., 1.}"]:
        assert line in out, (line, out)
    assert r.stderr == ""


def test_gtn_c():
    src = 'g = WFSA[{0}, {2}, {{0, 1, "a", w1}, {0, 1, "b", w2}, {1, 2, "c", w3}}]; Paths[g]'
    r = subprocess.run([sys.executable, "-m", "gtnlang", "-c", src], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.stdout.strip() == "{{{a, c}, {a, c}, w1 + w3}, {{b, c}, {b, c}, w2 + w3}}"
