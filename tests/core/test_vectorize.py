"""numpy_function: expressions lowered to numpy agree with the evaluator's N,
and anything it does not know gives None."""

import math
import subprocess
import sys

import numpy as np
import pytest

from gtnlang import Session
from gtnlang.core.vectorize import numpy_function
from gtnlang.expr import Symbol

X, Y = Symbol("x"), Symbol("y")
POINTS = [(0.3, 0.7), (1.3, -0.4), (-2.5, 2.0), (0.0, 1.0)]


@pytest.fixture(scope="module")
def s():
    return Session(print_messages=False)


@pytest.mark.parametrize("code", [
    "x^2 + 3 x y - 1/2",
    "Exp[-x^2 - y^2]",
    "Sqrt[x] + Log[y]",                              # complex at some points: NaN there
    "Sin[x] Cos[y] + Tan[x/3]",
    "Cot[x + 1/10] + Sec[y] + Csc[x + 1/10]",
    "ArcSin[x/3] + ArcCos[y/3] + ArcTan[x]",
    "ArcTan[x, y]",
    "Sinh[x] + Cosh[y] - Tanh[x y]",
    "ArcSinh[x] + ArcCosh[y + 3] + ArcTanh[x/4]",
    "Abs[x] Sign[y]",
    "Min[x, y, 1/2] + Max[x, y]",
    "Boole[x > y] + 2 Boole[x > 0 && y < 1] + 4 Boole[x < 0 || y > 0] + 8 Boole[!(x > 0)] + 16 Boole[y > x >= 0]",
    "If[x > 0, x, -y]",
    "Piecewise[{{x, x < 0}, {y, y > 0}}, Pi]",
    "Pi x + E y + Degree + EulerGamma + GoldenRatio + Catalan",
    "Log[2, Abs[x] + 1]",
    "x^(1/3) + y^(-1/2)",
    "2.5 x - 0.1 y + 3/7",
    "1/Sqrt[x^2 + y^2 + 1]",
])
def test_values_match_the_evaluator(s, code):
    expr = s.eval(code)
    f = numpy_function(expr, [X, Y])
    assert f is not None, s.format(expr, "InputForm")
    got = f(np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS]))
    for (a, b), value in zip(POINTS, got):
        want = s.to_python(s.eval(f"N[({s.format(expr, 'InputForm')}) /. {{x -> {a}, y -> {b}}}]"))
        if isinstance(want, float):
            assert value == pytest.approx(want, rel=1e-12, abs=1e-15), (a, b)
        else:  # complex or left unevaluated by the evaluator: not a real number here
            assert not math.isfinite(value), (a, b, want)


@pytest.mark.parametrize("code", [
    "f[x]",                 # a user function
    "I x",                  # complex numbers
    "Gamma[x]",             # a head it does not know
    "x + a",                # a symbol that is not a variable
    "{x, y}",
    "If[x > 0, 1]",         # Null when false
    "UnitStep[x]",          # the evaluator gives it no numeric value
    "Boole[x == 0]",        # Equal compares with a tolerance
    "Boole[x]",
    "10^400 x",             # overflows a float
    "Infinity x",
])
def test_unsupported_parts_give_none(s, code):
    assert numpy_function(s.eval(code), [X, Y]) is None


def test_broadcasting_and_constants(s):
    f = numpy_function(s.eval("x + y"), [X, Y])
    assert f(np.zeros((3, 1)), np.arange(4.0)).shape == (3, 4)
    c = numpy_function(s.eval("Pi/2"), [X])
    assert c(np.zeros(5)).tolist() == [math.pi / 2] * 5
    assert numpy_function(s.eval("Pi/2"), [])().item() == math.pi / 2
    with pytest.raises(TypeError):
        f(np.zeros(2))


def test_importing_it_does_not_import_numpy():
    code = "import sys, gtnlang.core.vectorize; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
