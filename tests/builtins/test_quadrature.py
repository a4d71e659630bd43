"""NIntegrate and NSum against closed forms, mpmath at high precision, and
exact integrals of random polynomials."""

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session


def _number(s, code):
    value = s.eval(code)
    return complex(str(s.eval(f"N[{s.format(value, 'InputForm')}, 20] // InputForm")).split("`")[0].replace("*^", "e").replace(" ", "").replace("I", "j").replace("*", "")) \
        if "I" in str(value) else float(s.to_python(value))


@pytest.mark.parametrize("code, exact", [
    ("NIntegrate[Sin[x], {x, 0, Pi}]", 2.0),
    ("NIntegrate[Exp[-x^2], {x, -Infinity, Infinity}]", math.sqrt(math.pi)),
    ("NIntegrate[1/Sqrt[x], {x, 0, 1}]", 2.0),                       # endpoint singularity
    ("NIntegrate[1/(1 + x^2), {x, 0, 1, Infinity}]", math.pi / 2),   # an intermediate point
    ("NIntegrate[x y, {x, 0, 1}, {y, 0, x}]", 1 / 8),                # inner limit depends on x
    ("NIntegrate[Log[x], {x, 0, 1}]", -1.0),
    ("g[t_] := t^2; NIntegrate[g[t], {t, 0, 3}]", 9.0),              # user functions
    ("x = 5; NIntegrate[x^2, {x, 0, 1}]", 1 / 3),                    # x is bound as in Block
    ("NSum[1/k^2, {k, 1, Infinity}]", math.pi ** 2 / 6),
    ("NSum[(-1)^(k + 1)/k, {k, 1, Infinity}]", math.log(2)),
    ("NSum[1/2^k, {k, 0, Infinity}]", 2.0),
    ("NSum[k, {k, 1, 10}]", 55.0),
    ("NSum[k, {k, 1, 10, 3}]", 1 + 4 + 7 + 10),
])
def test_closed_forms(code, exact):
    s = Session(print_messages=False)
    assert float(s.to_python(s.eval(code))) == pytest.approx(exact, rel=1e-9, abs=1e-12)
    assert not s.messages


def test_working_precision():
    s = Session(print_messages=False)
    with mpmath.workdps(40):
        si1 = mpmath.si(1)
        zeta3 = mpmath.zeta(3)
    got = s.eval("NIntegrate[Sin[x]/x, {x, 0, 1}, WorkingPrecision -> 30]")
    assert str(got).startswith(mpmath.nstr(si1, 28, strip_zeros=False)[:27])
    got = s.eval("NSum[1/k^3, {k, 1, Infinity}, WorkingPrecision -> 25]")
    assert str(got).startswith(mpmath.nstr(zeta3, 23, strip_zeros=False)[:22])
    assert not s.messages


def test_complex_integrand():
    s = Session(print_messages=False)
    value = s.eval("NIntegrate[Exp[I x], {x, 0, Pi}]")
    re, im = s.to_python(s.eval(f"{{Re[{s.format(value, 'InputForm')}], Im[{s.format(value, 'InputForm')}]}}"))
    assert abs(re) < 1e-12 and im == pytest.approx(2.0, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=6), st.integers(-5, 5), st.integers(1, 6))
def test_polynomials_integrate_exactly(coefficients, a, width):
    b = a + width
    exact = sum(Fraction(c, i + 1) * (Fraction(b) ** (i + 1) - Fraction(a) ** (i + 1))
                for i, c in enumerate(coefficients))
    poly = " + ".join(f"({c}) x^{i}" for i, c in enumerate(coefficients))
    s = Session(print_messages=False)
    got = float(s.to_python(s.eval(f"NIntegrate[{poly}, {{x, {a}, {b}}}]")))
    assert got == pytest.approx(float(exact), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("code, message", [
    ("NIntegrate[f[x], {x, 0, 1}]", "NIntegrate::inumr"),
    ("NIntegrate[x, {1, 0, 1}]", "NIntegrate::itraw"),
    ("NIntegrate[x, {x, 0, a}]", "NIntegrate::nlim"),
    ("NIntegrate[x, {x, 0, 1}, WorkingPrecision -> -3]", "NIntegrate::wprec"),
    ("NSum[f[k], {k, 1, 3}]", "NSum::nsnum"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(code, message):
    s = Session(print_messages=False)
    value = s.eval(code)
    assert any(m.startswith(message) for m in s.messages), s.messages
    assert str(value).startswith(code.split("[")[0] + "[")


def test_divergent_integral_warns():
    s = Session(print_messages=False)
    s.eval("NIntegrate[1/x, {x, 0, 1}]")
    assert any(m.startswith("NIntegrate::ncvb") for m in s.messages)
