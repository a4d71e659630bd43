"""Algebraic numbers: Root, RootReduce, ToRadicals, MinimalPolynomial, CountRoots,
Roots, and Solve / NSolve of polynomials and polynomial systems without
radical solutions.

Printed forms are the Wolfram documentation's (InputForm spacing: ``& ,``);
numerical values are checked against sympy's CRootOf at high precision and
numpy.roots.
"""

import subprocess
import sys

import mpmath
import numpy
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gtnlang import Session
from gtnlang.core.sympy_bridge import root_sort_key
from gtnlang.expr import Complex, Integer, Real

X = sp.Symbol("x")

FORMS = [
    # canonical form: minimal polynomial, integer, ascending powers (Root docs)
    ("Root[#^5 - # + 1 &, 1]", "Root[1 - #1 + #1^5 & , 1]"),
    ("Root[2 #^3 - 4 &, 1]", "Root[-2 + #1^3 & , 1]"),
    ("Root[-#^3 + 2 &, 1]", "Root[-2 + #1^3 & , 1]"),
    ("Root[#^3/2 - 1/3 &, 1]", "Root[-2 + 3 #1^3 & , 1]"),
    ("Root[Function[x, x^3 - 2], 1]", "Root[-2 + #1^3 & , 1]"),
    ("Root[#^3 - 2 &, 1, 0]", "Root[-2 + #1^3 & , 1]"),
    ("Root[(#^2 - 2) (#^3 - 2) &, 2]", "Root[-2 + #1^3 & , 1]"),
    # linear and quadratic Root objects are rationals and radicals
    ("Root[#^2 - 2 &, 2]", "Sqrt[2]"),
    ("Root[#^2 - 2 &, 1]", "-Sqrt[2]"),
    ("Root[(#^2 - 2) (#^3 - 2) &, 3]", "Sqrt[2]"),
    ("Root[#^2 + 1 &, 1]", "-I"),
    ("Root[#^2 + # - 1 &, 1]", "(-1 - Sqrt[5])/2"),
    ("Root[#^2 + 2 # + 3 &, 2]", "-1 + I Sqrt[2]"),
    ("Root[2 #^2 + 3 # - 1 &, 2]", "(-3 + Sqrt[17])/4"),
    ("Root[2 #^2 - 1 &, 2]", "1/Sqrt[2]"),
    ("Root[#^2 - Sqrt[2] &, 1]", "-2^(1/4)"),
    ("Root[3 # - 1 &, 1]", "1/3"),
    ("Root[(# - 1)^2 (# - 2) &, 2]", "1"),
    ("Root[#^2 &, 2]", "0"),
    ("Attributes[Root]", "{NHoldAll, Protected}"),
    # Root objects with parameters, or a symbolic index, stay as they are
    ("Root[#^3 + a # + 1 &, 1]", "Root[#1^3 + a #1 + 1 & , 1]"),
    ("Root[#^3 - 2 &, k]", "Root[#1^3 - 2 & , k]"),
    # arithmetic is left alone, as in Mathematica; RootReduce combines
    ("Root[#^3 - 2 &, 1]^3", "Root[-2 + #1^3 & , 1]^3"),
    ("RootReduce[Root[#^3 - 2 &, 1]^3]", "2"),
    ("Simplify[Root[#^3 - 2 &, 1]^3]", "2"),
    ("RootReduce[Sqrt[2] + Sqrt[3]]", "Root[1 - 10 #1^2 + #1^4 & , 4]"),
    ("RootReduce[2^(1/3)]", "Root[-2 + #1^3 & , 1]"),
    ("RootReduce[Root[#^3 - 2 &, 1] + Root[#^3 - 2 &, 1]^2]", "Root[-6 - 6 #1 + #1^3 & , 1]"),
    ("RootReduce[{Sqrt[2]^3 + x, 1 + Sqrt[2]}]", "{2 Sqrt[2] + x, 1 + Sqrt[2]}"),
    ("FullSimplify[Root[#^5 - # + 1 &, 1]^5 - Root[#^5 - # + 1 &, 1]]", "-1"),
    # ToRadicals (ToRadicals docs: all cubics and quartics convert)
    ("ToRadicals[Root[#^3 - 2 &, 1]]", "2^(1/3)"),
    ("ToRadicals[Root[#^5 - # + 1 &, 1]]", "Root[1 - #1 + #1^5 & , 1]"),
    ("ToRadicals[Root[#^3 - # - 1 &, 1], Cubics -> False]", "Root[-1 - #1 + #1^3 & , 1]"),
    ("ToRadicals[{Root[#^4 - 10 #^2 + 1 &, 4], y}]", "{Sqrt[5 + 2 Sqrt[6]], y}"),
    # MinimalPolynomial (MinimalPolynomial docs)
    ("MinimalPolynomial[Sqrt[2] + Sqrt[3], x]", "1 - 10 x^2 + x^4"),
    ("MinimalPolynomial[Sqrt[2] + Sqrt[3]]", "1 - 10 #1^2 + #1^4 & "),
    ("MinimalPolynomial[{Sqrt[2], 2^(1/3)}, y]", "{-2 + y^2, -2 + y^3}"),
    # CountRoots counts multiple roots with their multiplicity (CountRoots docs)
    ("CountRoots[(x - 1)^2 (x^2 + 1), x]", "2"),
    ("CountRoots[(x - 1)^2 (x + 3), x]", "3"),
    ("CountRoots[x^5 - x + 1, x]", "1"),
    ("CountRoots[x^3 - x, {x, 0, Infinity}]", "2"),
    ("CountRoots[x^3 - x, {x, -Infinity, 0}]", "2"),
    ("CountRoots[x^4 - 1, {x, -I, I}]", "2"),
    ("CountRoots[x^2 - 2, {x, 1.4, 1.5}]", "1"),
    # Roots (Roots docs: multiple roots repeat)
    ("Roots[x^2 - 2 == 0, x]", "x == -Sqrt[2] || x == Sqrt[2]"),
    ("Roots[(x - 1)^2 == 0, x]", "x == 1 || x == 1"),
    ("Roots[x == 1, x]", "x == 1"),
    ("Roots[x^2 + 1 == 0, x]", "x == -I || x == I"),
    ("Roots[x^3 - x + 1 == 0, x, Cubics -> False]",
     "x == Root[1 - #1 + #1^3 & , 1] || x == Root[1 - #1 + #1^3 & , 2] || "
     "x == Root[1 - #1 + #1^3 & , 3]"),
    ("Roots[x^5 - x + 1 == 0, x]",
     "x == Root[1 - #1 + #1^5 & , 1] || x == Root[1 - #1 + #1^5 & , 2] || "
     "x == Root[1 - #1 + #1^5 & , 3] || x == Root[1 - #1 + #1^5 & , 4] || "
     "x == Root[1 - #1 + #1^5 & , 5]"),
    # Solve: Root objects where there are no radical solutions
    ("Solve[x^5 - x + 1 == 0, x]",
     "{{x -> Root[1 - #1 + #1^5 & , 1]}, {x -> Root[1 - #1 + #1^5 & , 2]}, "
     "{x -> Root[1 - #1 + #1^5 & , 3]}, {x -> Root[1 - #1 + #1^5 & , 4]}, "
     "{x -> Root[1 - #1 + #1^5 & , 5]}}"),
    ("Solve[x^5 - x + 1 == 0, x, Reals]", "{{x -> Root[1 - #1 + #1^5 & , 1]}}"),
    ("Solve[x^4 + x + 1 == 0, x]",
     "{{x -> Root[1 + #1 + #1^4 & , 1]}, {x -> Root[1 + #1 + #1^4 & , 2]}, "
     "{x -> Root[1 + #1 + #1^4 & , 3]}, {x -> Root[1 + #1 + #1^4 & , 4]}}"),
    ("Solve[x^3 - x + 1 == 0, x, Cubics -> False]",
     "{{x -> Root[1 - #1 + #1^3 & , 1]}, {x -> Root[1 - #1 + #1^3 & , 2]}, "
     "{x -> Root[1 - #1 + #1^3 & , 3]}}"),
    ("Solve[x^4 - 2 == 0, x]", "{{x -> -2^(1/4)}, {x -> 2^(1/4)}, {x -> -I 2^(1/4)}, {x -> I 2^(1/4)}}"),
    ("Solve[x^4 - 5 x^2 + 6 == 0, x]",
     "{{x -> -Sqrt[3]}, {x -> -Sqrt[2]}, {x -> Sqrt[2]}, {x -> Sqrt[3]}}"),
    ("Solve[x^2 + x - 1 == 0, x]", "{{x -> (-1 - Sqrt[5])/2}, {x -> (-1 + Sqrt[5])/2}}"),
    ("Solve[(x - 1)^2 == 0, x]", "{{x -> 1}, {x -> 1}}"),
    ("Solve[(x^2 - 1)/(x - 1) == 0, x]", "{{x -> -1}}"),
    ("Solve[(x^5 - x + 1) (x - 2) == 0, x][[2]]", "{x -> 2}"),
    # NSolve and N of Root objects
    ("NSolve[x^5 - x + 1 == 0, x]",
     "{{x -> -1.1673}, {x -> -0.181232 - 1.08395 I}, {x -> -0.181232 + 1.08395 I}, "
     "{x -> 0.764884 - 0.352472 I}, {x -> 0.764884 + 0.352472 I}}"),
    ("NSolve[(x - 1)^2 (x^2 + 1) == 0, x]", "{{x -> 1.}, {x -> 1.}, {x -> 0. - 1. I}, {x -> 0. + 1. I}}"),
    ("N[Root[#^5 - # + 1 &, 1]]", "-1.1673"),
    ("N[Root[#^3 - 2 &, 1], 30]", "1.25992104989487316476721060728"),
    ("N[Solve[x^5 - x + 1 == 0, x][[1]]]", "{x -> -1.1673}"),
    ("N[1 + Root[#^3 - 2 &, 1]]", "2.25992"),
    ("Root[#^3 - 2 &, 1] + 1.5", "2.75992"),
    # numeric functions and comparisons
    ("NumericQ[Root[#^5 - # + 1 &, 1]]", "True"),
    ("NumericQ[Root[#^3 + a # + 1 &, 1]]", "False"),
    ("Root[#^3 - 2 &, 1] > 1", "True"),
    ("Root[#^3 - 2 &, 1] < 1.3", "True"),
    ("Root[#^3 - 2 &, 1] == 2^(1/3)", "True"),
    ("Re[Root[#^5 - # + 1 &, 1]]", "Root[1 - #1 + #1^5 & , 1]"),
    ("Im[Root[#^5 - # + 1 &, 1]]", "0"),
    ("Abs[Root[#^5 - # + 1 &, 1]]", "-Root[1 - #1 + #1^5 & , 1]"),
    ("Sign[Root[#^5 - # + 1 &, 1]]", "-1"),
    ("Conjugate[Root[#^5 - # + 1 &, 2]]", "Root[1 - #1 + #1^5 & , 3]"),
    ("Conjugate[Root[#^5 - # + 1 &, 5]]", "Root[1 - #1 + #1^5 & , 4]"),
    ("Re[Root[#^5 - # + 1 &, 2]]", "Re[Root[1 - #1 + #1^5 & , 2]]"),
    ("N[Re[Root[#^5 - # + 1 &, 2]]]", "-0.181232"),
]


@pytest.mark.parametrize("source, expected", FORMS, ids=[c[0] for c in FORMS])
def test_root_forms(ev, source, expected):
    assert ev(source) == expected


MESSAGES = [
    ("Root[#^3 - 2 &, 4]", "Root::iidx"),
    ("Root[#^3 - 2 &, 0]", "Root::iidx"),
    ("Root[#^3 - 2 &, 1.5]", "Root::iidx"),
    ("Root[Sin[#] &, 1]", "Root::nuni"),
    ("Root[#1 + #2 &, 1]", "Root::nuni"),
]


@pytest.mark.parametrize("source, tag", MESSAGES, ids=[c[0] for c in MESSAGES])
def test_bad_roots_give_a_message_and_stay(session, source, tag):
    result = session.eval(source)
    assert result.has_head("Root")
    assert len(session.messages) == 1 and session.messages[0].startswith(tag)


def test_negative_root_compares_below_zero(ev):
    assert ev("Root[#^5 - # + 1 &, 1] < 0") == "True"
    assert ev("N[-Pi, 30] < 0") == "True"


def test_root_to_n_arbitrary_precision(session):
    # a real root against sympy's exact isolation, a complex one by its residual
    real = session.eval("N[Root[#^5 - # + 1 &, 1], 40]")
    assert type(real) is Real and real.precision == 40
    reference = sp.CRootOf(X**5 - X + 1, 0).evalf(45)
    with mpmath.workdps(45):
        assert abs(real.value - mpmath.mpf(str(reference))) < mpmath.mpf(10) ** -38
    z = session.eval("N[Root[#^5 - # + 1 &, 2], 40]")
    assert type(z) is Complex and z.re.precision == 40
    with mpmath.workdps(45):
        w = mpmath.mpc(z.re.value, z.im.value)
        assert abs(w**5 - w + 1) < mpmath.mpf(10) ** -37
        assert w.imag < 0 and abs(w - mpmath.mpc(-0.181232, -1.083954)) < 1e-5


@pytest.fixture(scope="module")
def shared():
    """One session for the property tests (they assign nothing)."""
    return Session(print_messages=False, print_output=False)


def _complex(value):
    if type(value) is Integer:
        return complex(value.value)
    if type(value) is Real:
        return complex(float(value.value), 0.0)
    assert type(value) is Complex
    return complex(float(value.re.value), float(value.im.value))


def _poly_source(coeffs):
    return " + ".join(f"({c}) x^{i}" for i, c in enumerate(coeffs))


nonconstant = st.lists(st.integers(-9, 9), min_size=2, max_size=7).filter(lambda c: c[-1] != 0)


@settings(max_examples=40, deadline=None)
@given(nonconstant)
def test_solve_roots_satisfy_the_equation(shared, coeffs):
    """Solve's solutions of a random integer polynomial of degree 1..6 make it ~0,
    and they are as many as the degree (multiple roots repeated)."""
    degree = len(coeffs) - 1
    p = _poly_source(coeffs)
    sols = shared.eval(f"Solve[{p} == 0, x]")
    assert sols.has_head("List") and len(sols.args) == degree
    values = shared.eval(f"N[x /. Solve[{p} == 0, x], 30]")
    reference = sorted(numpy.roots(list(reversed(coeffs))), key=root_sort_key)
    scale = sum(abs(c) for c in coeffs)
    for value in values.args:
        z = _complex(value)
        residual = abs(numpy.polyval(list(reversed(coeffs)), z))
        assert residual <= 1e-8 * scale * max(1.0, abs(z)) ** degree
    # the multiset of roots is numpy's (multiple roots are ill-conditioned there)
    got = sorted((_complex(v) for v in values.args), key=root_sort_key)
    for a, b in zip(got, reference):
        assert abs(a - b) <= 1e-4 * max(1.0, abs(b))


@settings(max_examples=30, deadline=None)
@given(nonconstant.filter(lambda c: len(c) >= 3))
def test_root_order_is_mathematicas(shared, coeffs):
    """Root[f, k], k = 1..n, are the roots of f (numpy's, as a multiset) in the
    documented order: real roots first, ascending; then complex roots by real
    part, each conjugate pair together with the one below the axis first.
    (sympy's CRootOf sorts complex roots by the corners of its isolating
    rectangles instead, see test_sympy_bridge.py.)"""
    poly = sp.Poly(list(reversed(coeffs)), X)
    body = " + ".join(f"({c}) #^{i}" for i, c in enumerate(coeffs))
    got = [_complex(shared.eval(f"N[Root[{body} &, {k}]]")) for k in range(1, poly.degree() + 1)]
    want = sorted(numpy.roots(list(reversed(coeffs))), key=root_sort_key)
    for a, b in zip(sorted(got, key=root_sort_key), want):
        assert abs(a - b) <= 1e-4 * max(1.0, abs(b))
    nreal = sum(m for f, m in poly.sqf_list()[1] for _ in range(f.count_roots()))
    assert all(z.imag == 0 for z in got[:nreal]) and all(z.imag != 0 for z in got[nreal:])
    assert [z.real for z in got[:nreal]] == sorted(z.real for z in got[:nreal])
    if poly.sqf_part().degree() != poly.degree():
        return             # a multiple complex root repeats before its conjugate
    pairs = got[nreal:]
    for lower, upper in zip(pairs[::2], pairs[1::2]):
        assert lower.imag < 0 < upper.imag and abs(lower - upper.conjugate()) <= 1e-9 * abs(upper)
    reals = [z.real for z in pairs[::2]]
    assert all(a <= b + 1e-9 for a, b in zip(reals, reals[1:]))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=2, max_size=6).filter(
    lambda c: c[-1] != 0 and len(c) % 2 == 0), st.integers(1, 3))
def test_root_reduce_of_a_power_is_the_power(shared, coeffs, n):
    """RootReduce[r^n] is an exact number whose value is r^n (r the first root
    of an odd degree polynomial: real, so that sympy evaluates it quickly)."""
    poly = sp.Poly(list(reversed(coeffs)), X)
    if poly.degree() < 1:
        return
    body = " + ".join(f"({c}) #^{i}" for i, c in enumerate(coeffs))
    reduced = shared.eval(f"RootReduce[Root[{body} &, 1]^{n}]")
    assert shared.eval(f"FreeQ[RootReduce[Root[{body} &, 1]^{n}], Power[_Root, _]]").name == "True"
    assert reduced.is_atom or not reduced.has_head("RootReduce")
    value = shared.eval(f"N[RootReduce[Root[{body} &, 1]^{n}], 20]")
    want = complex(sp.CRootOf(poly, 0).evalf(30)) ** n
    assert abs(_complex(value) - want) <= 1e-9 * max(1.0, abs(want))


_algebraic_parts = st.sampled_from([
    "Root[#^3 - # - 1 &, 2]", "Root[#^5 - # + 1 &, 1]", "Root[#^5 - # + 1 &, 4]",
    "Sqrt[2]", "2^(1/3)", "I", "(1 + I)/2", "3",
])


@settings(max_examples=25, deadline=None)
@given(_algebraic_parts, _algebraic_parts, st.sampled_from(["+", " ", "/", "-"]))
def test_root_reduce_keeps_the_value(shared, a, b, op):
    """RootReduce of a sum, product or quotient of algebraic numbers is a single
    Root, radical or rational with the same value (mpmath at 30 digits)."""
    e = f"({a}){op}({b})"
    reduced = shared.eval(f"RootReduce[{e}]")
    assert not reduced.has_head("RootReduce")
    assert shared.eval(f"FreeQ[RootReduce[{e}], Plus[_Root, _] | Times[_Root, _]]").name == "True"
    want = shared.eval(f"N[{e}, 30]")
    got = shared.eval(f"N[RootReduce[{e}], 30]")
    assert abs(_complex(got) - _complex(want)) <= 1e-12 * max(1.0, abs(_complex(want)))


def test_nsolve_of_high_degree_matches_numpy(session):
    coeffs = [1, -3, 0, 2, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 1]   # degree 15, irreducible
    values = session.eval(f"x /. NSolve[{_poly_source(coeffs)} == 0, x]")
    got = sorted((_complex(v) for v in values.args), key=root_sort_key)
    want = sorted(numpy.roots(list(reversed(coeffs))), key=root_sort_key)
    assert len(got) == 15
    for a, b in zip(got, want):
        assert abs(a - b) <= 1e-8 * max(1.0, abs(b))


def test_roots_do_not_load_sympy_until_used():
    code = ("import sys\nfrom gtnlang import Session\ns = Session()\n"
            "s.eval('1 + 1; N[Pi]; 3 < 4; Re[2]; Abs[-2.5]')\nbefore = 'sympy' in sys.modules\n"
            "s.eval('Root[#^5 - # + 1 &, 1]')\nprint(before, 'sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


# --- Solve / NSolve of polynomial systems whose eliminant needs Root objects ---------

SYSTEM_FORMS = [
    ("Solve[x^5 - x + 1 == 0 && y == x^2, {x, y}][[1]]",
     "{x -> Root[1 - #1 + #1^5 & , 1], y -> Root[1 - #1 + #1^5 & , 1]^2}"),
    ("Solve[{x^5 - x + 1 == 0, y == x + 1}, {x, y}][[5]]",
     "{x -> Root[1 - #1 + #1^5 & , 5], y -> 1 + Root[1 - #1 + #1^5 & , 5]}"),
    ("Solve[x^5 - x + 1 == 0 && y == x^2, {x, y}, Reals]",
     "{{x -> Root[1 - #1 + #1^5 & , 1], y -> Root[1 - #1 + #1^5 & , 1]^2}}"),
    ("Solve[x^5 - x + 1 == 0 && y^2 == x, {x, y}][[;; 2]]",
     "{{x -> Root[1 - #1 + #1^5 & , 1], y -> -Sqrt[Root[1 - #1 + #1^5 & , 1]]}, "
     "{x -> Root[1 - #1 + #1^5 & , 1], y -> Sqrt[Root[1 - #1 + #1^5 & , 1]]}}"),
    ("Solve[x^5 - x + 1 == 0 && y == x^2 && x == 2, {x, y}]", "{}"),
    ("Solve[(x - 1)^2 == 0 && y == x, {x, y}]", "{{x -> 1, y -> 1}, {x -> 1, y -> 1}}"),
    # systems sympy solves in radicals are answered as before
    ("Solve[{x + y == 3, x - y == 1}, {x, y}]", "{{x -> 2, y -> 1}}"),
    ("Solve[x^2 + y^2 == 1 && y == x, {x, y}]",
     "{{x -> -(1/Sqrt[2]), y -> -(1/Sqrt[2])}, {x -> 1/Sqrt[2], y -> 1/Sqrt[2]}}"),
    ("Solve[x^2 == 2 && y^2 == 3, {x, y}]",
     "{{x -> -Sqrt[2], y -> -Sqrt[3]}, {x -> -Sqrt[2], y -> Sqrt[3]}, "
     "{x -> Sqrt[2], y -> -Sqrt[3]}, {x -> Sqrt[2], y -> Sqrt[3]}}"),
    ("NSolve[x^5 - x + 1 == 0 && y == x^2, {x, y}][[1]]", "{x -> -1.1673, y -> 1.3626}"),
]


@pytest.mark.parametrize("source, expected", SYSTEM_FORMS, ids=[c[0] for c in SYSTEM_FORMS])
def test_solve_system_forms(ev, source, expected):
    assert ev(source) == expected


def _solution_values(solutions, names):
    """[[complex per name]] from a list of numeric solutions {x -> v, ...}."""
    out = []
    for sol in solutions.args:
        values = {rule.args[0].name: _complex(rule.args[1]) for rule in sol.args}
        assert sorted(values) == sorted(names)
        out.append([values[n] for n in names])
    return out


RESIDUAL_SYSTEMS = [
    # (equations, variables, residual functions, number of solutions)
    ("x^5 - x + 1 == 0 && y == x^2", "{x, y}",
     lambda x, y: (x**5 - x + 1, y - x**2), 5),
    ("{x^5 - x + 1 == 0, y == x + 1}", "{x, y}",
     lambda x, y: (x**5 - x + 1, y - x - 1), 5),
    ("x^5 + y == 0 && y == x - 1", "{x, y}",
     lambda x, y: (x**5 + y, y - x + 1), 5),
    ("x^5 - x + 1 == 0 && x y == 1", "{x, y}",
     lambda x, y: (x**5 - x + 1, x * y - 1), 5),
    ("y^5 - y + 1 == 0 && y (x - 1) == 1", "{x, y}",
     lambda x, y: (y**5 - y + 1, y * (x - 1) - 1), 5),
    ("x^5 - x + 1 == 0 && y^2 == x", "{x, y}",
     lambda x, y: (x**5 - x + 1, y**2 - x), 10),
    ("(x^5 - x + 1) (x - 2)^2 == 0 && y == x^3 - 1", "{x, y}",
     lambda x, y: ((x**5 - x + 1) * (x - 2) ** 2, y - x**3 + 1), 7),
]


@pytest.mark.parametrize("eqs, names, residuals, count", RESIDUAL_SYSTEMS,
                         ids=[c[0] for c in RESIDUAL_SYSTEMS])
@pytest.mark.parametrize("how", ["N[Solve[{eqs}, {names}]]", "NSolve[{eqs}, {names}]"])
def test_solve_system_solutions_satisfy_it(shared, eqs, names, residuals, count, how):
    """Every solution, numerically, makes each equation ~0, and there are as
    many (with multiplicity) as the eliminant's degree."""
    solutions = shared.eval(how.format(eqs=eqs, names=names))
    assert solutions.has_head("List") and len(solutions.args) == count
    for point in _solution_values(solutions, names.strip("{}").split(", ")):
        assert all(abs(r) < 1e-8 for r in residuals(*point))


def _poly_value(coeffs, z):
    return sum(c * z**i for i, c in enumerate(coeffs))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=6).filter(lambda c: c[-1] != 0),
       st.lists(st.integers(-4, 4), min_size=1, max_size=4))
def test_solve_random_triangular_system(shared, p, q):
    """Solve[p(x) == 0 && y == q(x), {x, y}] (deg p = 1..5): deg p solutions
    with multiplicity, each satisfying both equations numerically."""
    degree = len(p) - 1
    eqs = f"{_poly_source(p)} == 0 && y == {_poly_source(q)}"
    solutions = shared.eval(f"N[Solve[{eqs}, {{x, y}}], 20]")
    assert solutions.has_head("List") and len(solutions.args) == degree
    scale = sum(abs(c) for c in p)
    for x, y in _solution_values(solutions, ["x", "y"]):
        assert abs(_poly_value(p, x)) <= 1e-8 * scale * max(1.0, abs(x)) ** degree
        assert abs(y - _poly_value(q, x)) <= 1e-8 * max(1.0, abs(_poly_value(q, x)))
