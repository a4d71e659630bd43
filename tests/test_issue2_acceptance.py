"""The language core's acceptance examples (issue 2), each in a fresh session."""

import pytest

from gtnlang import Session

CASES = [
    ("2x + 3x", "5 x"),
    ("y = 2x; x = 6; y", "12"),
    ("f[x_] := x^2; f[3]", "9"),
    ("(a + b)(a - b) // Expand", "a^2 - b^2"),
    ("FullForm[2x y]", "Times[2, x, y]"),
    ("FullForm[a - b/c]", "Plus[a, Times[-1, b, Power[c, -1]]]"),
    ("x = 4; y = 3; x/2 y", "6"),
    ("1/3 + 1/6", "1/2"),
    ("Sqrt[8]", "2 Sqrt[2]"),
    ("2^100", "1267650600228229401496703205376"),
    ("N[Pi, 30]", "3.14159265358979323846264338328"),
    ("1/3 + 0.5", "0.833333"),
    ("fib[0] = 0; fib[1] = 1; fib[n_] := fib[n] = fib[n-1] + fib[n-2]; fib[200]",
     "280571172992510140037611932413038677189525"),
    ("{1, 2, 3} /. x_Integer :> x^2", "{1, 4, 9}"),
    ('g[x_Integer?EvenQ] := "even"; g[x_Integer] := "odd"; {g[2], g[3], g[z]}', "{even, odd, g[z]}"),
    ("h[x_, x_] := same; {h[1, 1], h[1, 2]}", "{same, h[1, 2]}"),
    ("k[x_: 0] := x + 1; k[]", "1"),
    ("Map[#^2 &, {1, 2, 3}]", "{1, 4, 9}"),
    ("#1 + #2 & @@ {a, b}", "a + b"),
    ("Table[i^2, {i, 5}]", "{1, 4, 9, 16, 25}"),
    ("Module[{t = 1}, Do[t *= 2, {10}]; t]", "1024"),
    ("Range[10][[3 ;; 5]]", "{3, 4, 5}"),
    ("Select[Range[10], PrimeQ]", "{2, 3, 5, 7}"),
    ("SetAttributes[q, Listable]; q[{1, 2}]", "{q[1], q[2]}"),
    ("D[Sin[x]^2, x]", "2 Cos[x] Sin[x]"),
    ("Integrate[x^2, {x, 0, 1}]", "1/3"),
    ("Solve[x^2 == 4, x]", "{{x -> -2}, {x -> 2}}"),
    ("Series[Exp[x], {x, 0, 3}]", "1 + x + x^2/2 + x^3/6 + O[x]^4"),
    ("Factor[x^2 - 1]", "(-1 + x) (1 + x)"),
    ("x^2 y // InputForm", "x^2*y"),
    ("u[1, 2]", "u[1, 2]"),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_acceptance(source, expected):
    session = Session(print_messages=False, print_output=False)
    assert str(session.eval(source)) == expected
    assert session.messages == []


def test_definition_then_symbolic_argument():
    session = Session(print_messages=False)
    session.eval("f[x_] := x^2")
    assert str(session.eval("f[3]")) == "9"
    assert str(session.eval("f[a + b]")) == "(a + b)^2"


def test_division_by_zero_gives_complex_infinity_and_message(capsys):
    session = Session()
    assert str(session.eval("1/0")) == "ComplexInfinity"
    assert session.messages == ["Power::infy: Infinite expression 1/0 encountered."]
    assert "Power::infy" in capsys.readouterr().err
