"""NIntegrate and NSum against closed forms, mpmath at high precision, and
exact integrals of random polynomials."""

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.builtins import quadrature


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


# --- the vectorised machine-precision path ----------------------------------------


def _mpmath_path_only(*_):
    raise AssertionError("the vectorised path should have answered")


def test_gaussian_over_the_plane_takes_the_vectorised_path(monkeypatch):
    # point by point through the evaluator this took 80 s; sampled in numpy, 0.2 s
    monkeypatch.setattr(quadrature, "_integrate", _mpmath_path_only)
    s = Session(print_messages=False)
    value = s.eval("NIntegrate[Exp[-x^2 - y^2], {x, -Infinity, Infinity}, {y, -Infinity, Infinity}]")
    assert float(s.to_python(value)) == pytest.approx(math.pi, rel=1e-10)
    assert not s.messages


@pytest.mark.parametrize("code, exact", [
    ("NIntegrate[x y, {x, 0, 1}, {y, 0, x}]", 1 / 8),                      # inner limit depends on x
    ("NIntegrate[x y z, {x, 0, 1}, {y, 0, 1}, {z, 0, 1}]", 1 / 8),
    ("NIntegrate[x y z, {x, 0, 1}, {y, 0, x}, {z, 0, y}]", 1 / 48),
    ("NIntegrate[1/Sqrt[x], {x, 0, 1}]", 2.0),                              # endpoint singularity
    ("NIntegrate[1/Sqrt[x y], {x, 0, 1}, {y, 0, 1}]", 4.0),
    ("NIntegrate[Exp[-x], {x, 0, Infinity}]", 1.0),
    ("NIntegrate[Exp[x], {x, -Infinity, 0}]", 1.0),
    ("NIntegrate[Exp[-x], {x, Infinity, 0}]", -1.0),                        # reversed limits
    ("NIntegrate[x, {x, 1, 0}]", -0.5),
    ("NIntegrate[1/(1 + x^2), {x, 0, 1, Infinity}]", math.pi / 2),          # an intermediate point
    ("NIntegrate[1, {x, -1, 1}, {y, -Sqrt[1 - x^2], Sqrt[1 - x^2]}]", math.pi),
    ("NIntegrate[Exp[-x^2 - y^2], {x, 0, Infinity}, {y, -x, x}]", math.pi / 4),
    ("NIntegrate[(x^2 + y^2)^2 Exp[-x^2 - y^2], {x, -Infinity, Infinity}, {y, -Infinity, Infinity}]",
     2 * math.pi),
    ("NIntegrate[1/(1 + x^2 + y^2 + z^2)^3, {x, -Infinity, Infinity}, {y, -Infinity, Infinity},"
     " {z, -Infinity, Infinity}]", math.pi ** 2 / 4),
    ("NIntegrate[x^4 Exp[-x^2], {x, -Infinity, Infinity}]", 3 * math.sqrt(math.pi) / 4),
    ("a = 2; NIntegrate[x, {x, 0, a}, {y, 0, 1}]", 2.0),                    # a global limit
    ("x = 5; NIntegrate[x y, {x, 0, 1}, {y, 0, x}]", 1 / 8),                # x is local
])
def test_vectorised_path(monkeypatch, code, exact):
    monkeypatch.setattr(quadrature, "_integrate", _mpmath_path_only)
    s = Session(print_messages=False)
    assert float(s.to_python(s.eval(code))) == pytest.approx(exact, rel=1e-10, abs=1e-14)
    assert not s.messages


def _both_paths(code):
    """(vectorised, mpmath) results of `code`, each with its messages."""
    out = []
    for machine in (quadrature._machine_integral, lambda *_: None):
        s = Session(print_messages=False)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(quadrature, "_machine_integral", machine)
            out.append((s.eval(code), s.messages, s))
    return out


@pytest.mark.parametrize("code", [
    "NIntegrate[Sin[x], {x, 0, Pi}]",
    "NIntegrate[Log[x]^2, {x, 0, 1}]",
    "NIntegrate[Sin[x]/x, {x, 0, 1}]",
    "NIntegrate[ArcTan[x], {x, 0, 1000}]",
    "NIntegrate[1/(1 + x^2), {x, -Infinity, Infinity}]",
    "NIntegrate[Exp[-x^2], {x, Infinity, -Infinity}]",
    "NIntegrate[Cosh[x]/(1 + x^4) + Abs[x - 2] Sign[x - 2], {x, 2, 5}]",
    "NIntegrate[Sin[x y], {x, 0, 3}, {y, 0, x}]",
    "f[x_] := x^2; NIntegrate[f[x], {x, 0, 1}]",    # f[x] evaluates to x^2 before sampling
])
def test_agrees_with_the_mpmath_path(code):
    (fast, _, s), (slow, _, _) = _both_paths(code)
    assert float(s.to_python(fast)) == pytest.approx(float(s.to_python(slow)), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("code", [
    "NIntegrate[Sqrt[x], {x, -1, 1}]",              # complex samples
    "f[x_?NumericQ] := x^2; NIntegrate[f[x], {x, 0, 1}]",  # a user function that stays f[x]
    "NIntegrate[1/x, {x, 0, 1}]",                   # divergent: no convergence
    "NIntegrate[1/Sqrt[1 - x], {x, 0, 1}]",         # singular closer to 1 than floats resolve
    "NIntegrate[Abs[x - 1/3], {x, 0, 1}]",          # a kink: no convergence by the cap
    "NIntegrate[f[x], {x, 0, 1}]",
    "NIntegrate[x, {x, 0, a}]",
])
def test_fallbacks_behave_as_the_mpmath_path(code):
    (fast, fast_messages, s), (slow, slow_messages, _) = _both_paths(code)
    assert fast == slow and fast_messages == slow_messages


def test_fallbacks_keep_their_results():
    s = Session(print_messages=False)
    value = s.to_python(s.eval("NIntegrate[Sqrt[x], {x, -1, 1}]"))
    # the mpmath path's answer, rough (with NIntegrate::ncvb): the branch point 0 is inside
    assert value.real == pytest.approx(2 / 3, rel=1e-2) and value.imag == pytest.approx(2 / 3, rel=1e-2)
    assert float(s.to_python(s.eval("f[x_?NumericQ] := x^2; NIntegrate[f[x], {x, 0, 1}]"))) == pytest.approx(1 / 3)


def test_working_precision_uses_mpmath(monkeypatch):
    monkeypatch.setattr(quadrature, "_machine_integral", _mpmath_path_only)
    s = Session(print_messages=False)
    value = s.eval("NIntegrate[x y, {x, 0, 1}, {y, 0, x}, WorkingPrecision -> 20]")
    assert value.precision == 20 and float(value.value) == pytest.approx(1 / 8, rel=1e-15)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(-5, 5), min_size=4, max_size=4), min_size=4, max_size=4),
       st.integers(-4, 4), st.integers(1, 5), st.integers(-4, 4), st.integers(1, 5))
def test_polynomials_in_two_variables_integrate_exactly(coefficients, a, width, c, height):
    # sum c_ij x^i y^j (total degree <= 3) over [a, b] x [c, d]; exact by Fractions
    b, d = a + width, c + height
    terms = [(cij, i, j) for i, row in enumerate(coefficients) for j, cij in enumerate(row) if i + j <= 3]

    def moment(n, low, high):
        return (Fraction(high) ** (n + 1) - Fraction(low) ** (n + 1)) / (n + 1)
    exact = sum(cij * moment(i, a, b) * moment(j, c, d) for cij, i, j in terms)
    scale = sum(abs(cij) * abs(moment(i, a, b)) * abs(moment(j, c, d)) for cij, i, j in terms)
    poly = " + ".join(f"({cij}) x^{i} y^{j}" for cij, i, j in terms)
    s = Session(print_messages=False)
    got = float(s.to_python(s.eval(f"NIntegrate[{poly}, {{x, {a}, {b}}}, {{y, {c}, {d}}}]")))
    assert got == pytest.approx(float(exact), rel=1e-9, abs=1e-12 * float(scale) + 1e-14)
