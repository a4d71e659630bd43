"""Expand, Factor, Simplify, Together, Apart, Solve, ... (builtins/algebra.py)."""


import pytest

CASES = [
    # Expand (native)
    ("Expand[(a + b)(a - b)]", "a^2 - b^2"),
    ("Expand[(x + y)^3]", "x^3 + 3 x^2 y + 3 x y^2 + y^3"),
    ("Expand[x (y + z)]", "x y + x z"),
    ("Expand[(x + 1)^2/(y + 1)]", "1/(1 + y) + (2 x)/(1 + y) + x^2/(1 + y)"),
    ("Expand[x^n (x + 1)]", "x^n + x^(1 + n)"),
    ("Expand[(1 + Sqrt[x])^2]", "1 + 2 Sqrt[x] + x"),
    ("Expand[(1.5 + x)^2]", "2.25 + 3. x + x^2"),
    ("Expand[(1 + I x)^2]", "1 + 2 I x - x^2"),
    ("Expand[{(a + b)^2, (a - b)^2}]", "{a^2 + 2 a b + b^2, a^2 - 2 a b + b^2}"),
    ("Expand[x == (a + b)^2]", "x == a^2 + 2 a b + b^2"),
    ("Expand[(a + b) (x + 1), x]", "a + b + (a + b) x"),
    ("Expand[Sin[(a + b)^2]]", "Sin[(a + b)^2]"),
    ("Expand[x y]", "x y"),
    ("ExpandAll[Sin[(a + b)^2]]", "Sin[a^2 + 2 a b + b^2]"),
    ("ExpandAll[1/(a + b)^2]", "1/(a^2 + 2 a b + b^2)"),
    # Factor
    ("Factor[x^2 - 1]", "(-1 + x) (1 + x)"),
    ("Factor[x^2 + 2 x + 1]", "(1 + x)^2"),
    ("Factor[6 x + 6]", "6 (1 + x)"),
    ("Factor[1 - x^2]", "-((-1 + x) (1 + x))"),
    ("Factor[x^3 - y^3]", "(x - y) (x^2 + x y + y^2)"),
    ("Factor[x^4 - 1]", "(-1 + x) (1 + x) (1 + x^2)"),
    ("Factor[2 x^2 - 8]", "2 (-2 + x) (2 + x)"),
    ("Factor[x^2 + 1, GaussianIntegers -> True]", "(-I + x) (I + x)"),
    ("Factor[{x^2 - 1, x^2 + 2 x + 1}]", "{(-1 + x) (1 + x), (1 + x)^2}"),
    # Simplify
    ("Simplify[E^w1/(E^w1 + E^w2)]", "E^w1/(E^w1 + E^w2)"),
    ("Simplify[Sin[x]^2 + Cos[x]^2]", "1"),
    ("Simplify[(x^2 - 1)/(x - 1)]", "1 + x"),
    ("Simplify[Sqrt[x^2]]", "Sqrt[x^2]"),
    ("Simplify[Sqrt[x^2], x > 0]", "x"),
    ("Simplify[Sqrt[x^2], Element[x, Reals]]", "Abs[x]"),
    ("Simplify[{Sin[x]^2 + Cos[x]^2, 2 x + x}]", "{1, 3 x}"),
    ("FullSimplify[Sin[x]^2 + Cos[x]^2]", "1"),
    ("FullSimplify[Log[E^x]]", "Log[E^x]"),
    # Together, Cancel, Apart
    ("Together[1/x + 1/y]", "(x + y)/(x y)"),
    ("Together[1/(x + 1) + 1/(x - 1)]", "(2 x)/((-1 + x) (1 + x))"),
    ("Together[(x^2 - 1)/(x - 1)]", "1 + x"),
    ("Cancel[(x^2 - 1)/(x - 1)]", "1 + x"),
    ("Cancel[(x^2 - 1)/(x^2 + 2 x + 1)]", "(-1 + x)/(1 + x)"),
    ("Apart[1/(x^2 - 1)]", "1/(2 (-1 + x)) - 1/(2 (1 + x))"),
    ("Apart[(x^2 + 1)/(x (x - 1))]", "1 + 2/(-1 + x) - 1/x"),
    # Collect, Coefficient, CoefficientList, Exponent
    ("Collect[a x + b x + c, x]", "c + (a + b) x"),
    ("Collect[(1 + a + x)^3, x]",
     "1 + 3 a + 3 a^2 + a^3 + (3 + 6 a + 3 a^2) x + (3 + 3 a) x^2 + x^3"),
    ("Coefficient[(x + 1)^3, x, 2]", "3"),
    ("Coefficient[a x + b y, x]", "a"),
    ("Coefficient[a x^2 + b x + c, x, 0]", "c"),
    ("CoefficientList[1 + 2 x + 3 x^3, x]", "{1, 2, 0, 3}"),
    ("CoefficientList[1 + a x + b y + c x y, {x, y}]", "{{1, b}, {a, c}}"),
    ("Exponent[x^3 + x, x]", "3"),
    ("Exponent[x^n + x^2, x]", "Max[2, n]"),
    ("Exponent[0, x]", "-Infinity"),
    # PolynomialQ, Variables
    ("PolynomialQ[x^2 + 1, x]", "True"),
    ("PolynomialQ[1/x + 1, x]", "False"),
    ("PolynomialQ[x^2 + Sin[y], x]", "True"),
    ("Variables[x^2 + a Sin[y]]", "{a, x, Sin[y]}"),
    # Solve, NSolve, FindRoot
    ("Solve[x^2 == 4, x]", "{{x -> -2}, {x -> 2}}"),
    ("Solve[x^2 == -1, x]", "{{x -> -I}, {x -> I}}"),
    ("Solve[{x + y == 1, x - y == 3}, {x, y}]", "{{x -> 2, y -> -1}}"),
    ("Solve[x^2 + 2 x - 3 == 0]", "{{x -> -3}, {x -> 1}}"),
    ("Solve[x^2 == 4 && y == x, {x, y}]", "{{x -> -2, y -> -2}, {x -> 2, y -> 2}}"),
    ("Solve[a x + b == 0, x]", "{{x -> -(b/a)}}"),
    ("Solve[x^2 - a == 0, x]", "{{x -> -Sqrt[a]}, {x -> Sqrt[a]}}"),
    ("Solve[1 == 2, x]", "{}"),
    ("Solve[x == x, x]", "{{}}"),
    ("Solve[x^5 - x + 1 == 0, x][[1]]", "{x -> Root[1 - #1 + #1^5 & , 1]}"),
    ("Solve[x^2 == 0, x]", "{{x -> 0}, {x -> 0}}"),
    ("Solve[x^2 + x - 1 == 0, x]", "{{x -> (-1 - Sqrt[5])/2}, {x -> (-1 + Sqrt[5])/2}}"),
    ("Solve[x^4 + x + 1 == 0, x][[4]]", "{x -> Root[1 + #1 + #1^4 & , 4]}"),
    ("Solve[x^3 - 2 == 0, x, Reals]", "{{x -> 2^(1/3)}}"),
    ("Roots[x^2 - 3 x + 2 == 0, x]", "x == 1 || x == 2"),
    ("NSolve[x^2 == 2, x]", "{{x -> -1.41421}, {x -> 1.41421}}"),
    ("NSolve[x^5 - x + 1 == 0, x][[1]]", "{x -> -1.1673}"),
    ("NSolve[x^2 == 0, x]", "{{x -> 0.}, {x -> 0.}}"),
    ("NSolve[x^2 - 2.5 == 0, x]", "{{x -> -1.58114}, {x -> 1.58114}}"),
    ("NSolve[x^3 - 2 x + 1 == 0, x]", "{{x -> -1.61803}, {x -> 0.618034}, {x -> 1.}}"),
    ("FindRoot[Cos[x] == x, {x, 0}]", "{x -> 0.739085}"),
    ("FindRoot[Sin[x], {x, 3}]", "{x -> 3.14159}"),
    ("FindRoot[Exp[x] - 2, {x, 0}]", "{x -> 0.693147}"),
    ("FindRoot[{x^2 + y^2 == 1, x == y}, {{x, 1}, {y, 0}}]", "{x -> 0.707107, y -> 0.707107}"),
    # what does not convert stays unevaluated
    ("Factor[\"abc\"]", "Factor[abc]"),
    ("Simplify[x_]", "Simplify[x_]"),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_algebra(ev, source, expected):
    assert ev(source) == expected


def test_solve_of_a_non_equation_is_a_message(session):
    assert str(session.eval('Solve["a", x]')) == "Solve[a, x]"
    assert len(session.messages) == 1 and session.messages[0].startswith("Solve::naqs")


def test_nested_expand_of_a_degree_30_polynomial(session):
    # Its speed is an item of benchmarks/core.py; tests do not time things.
    result = session.eval("Nest[Expand[#*(1 + x)] &, 1, 30]")
    assert str(result).startswith("1 + 30 x + 435 x^2 + 4060 x^3")
    assert str(result).endswith("+ 30 x^29 + x^30")


def test_expand_never_loads_sympy():
    import subprocess
    import sys
    code = ("import sys\nfrom gtnlang import Session\ns = Session()\n"
            "s.eval('Expand[(a + b)^5 (x - 1)]; PolynomialQ[x^2, x]; Variables[x + y]; "
            "D[Sin[x]^2, x]; Sum[i^2, {i, 1, 10}]')\nprint('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_solve_inequality_gives_a_condition(ev):
    assert ev("Solve[x^2 < 4, x]") == "-2 < x && x < 2"
