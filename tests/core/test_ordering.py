"""Canonical order (gtnlang.core.ordering) against known Mathematica outputs.

Terms are written in Python syntax (``x**2``, ``2*x*y``, ``Sin(x)``) and built
directly in the evaluated form Mathematica would hold (``Times[-1, b]`` for
``-b``, ``Power[x, -1]`` for ``1/x``), so these tests need no parser.
"""

import ast
import itertools
import random
from fractions import Fraction

import pytest

from gtnlang.core.ordering import canonical_sort, order, is_sorted
from gtnlang.expr import (
    Complex, Expression, Integer, Normal, Rational, Real, String, Symbol, make_rational,
)


def _num(v):
    if isinstance(v, int):
        return Integer(v)
    if isinstance(v, float):
        return Real(v)
    return make_rational(Fraction(v))


def _times(*factors):
    out = []
    coeff = Fraction(1)
    for f in factors:
        if isinstance(f, Normal) and f.head is Symbol("Times"):
            for g in f.args:
                if isinstance(g, (Integer, Rational)):
                    coeff *= g.value
                else:
                    out.append(g)
        elif isinstance(f, (Integer, Rational)):
            coeff *= f.value
        else:
            out.append(f)
    args = list(canonical_sort(tuple(out)))
    if coeff != 1:
        args.insert(0, make_rational(coeff))
    return args[0] if len(args) == 1 else Expression("Times", *args)


def _plus(*terms):
    out = []
    for t in terms:
        if isinstance(t, Normal) and t.head is Symbol("Plus"):
            out.extend(t.args)
        else:
            out.append(t)
    return Expression("Plus", *canonical_sort(tuple(out)))


def _build(node):
    if isinstance(node, ast.Expression):
        return _build(node.body)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return String(node.value)
        return _num(node.value)
    if isinstance(node, ast.Name):
        return Symbol(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _build(node.operand)
        if isinstance(inner, (Integer, Rational, Real)):
            return _num(-inner.value)
        return _times(Integer(-1), inner)
    if isinstance(node, ast.BinOp):
        a, b = _build(node.left), _build(node.right)
        if isinstance(node.op, ast.Mult):
            return _times(a, b)
        if isinstance(node.op, ast.Div):
            if isinstance(a, Integer) and isinstance(b, Integer):
                return make_rational(Fraction(a.value, b.value))
            if isinstance(b, Integer):
                return _times(Rational(Fraction(1, b.value)), a)
            return _times(a, Expression("Power", b, Integer(-1)))
        if isinstance(node.op, ast.Pow):
            return Expression("Power", a, b)
        if isinstance(node.op, ast.Add):
            return _plus(a, b)
        if isinstance(node.op, ast.Sub):
            return _plus(a, _times(Integer(-1), b))
    if isinstance(node, ast.Call):
        return Expression(_build(node.func), *[_build(a) for a in node.args])
    if isinstance(node, ast.List):
        return Expression("List", *[_build(a) for a in node.elts])
    raise ValueError(ast.dump(node))


def E(src):
    return _build(ast.parse(src, mode="eval"))


def sorted_terms(terms):
    return list(canonical_sort(tuple(E(t) for t in terms)))


# Each list is in Mathematica's canonical order (as Mathematica prints the
# terms of a Plus or the factors of a Times, or Sort returns them).
KNOWN_ORDERS = [
    # Plus terms
    ["x**2", "2*x*y", "y**2"],
    ["1", "x", "x**2/2", "x**3/6"],
    ["-1", "x"],
    ["a", "-b"],
    ["-a", "b"],
    ["a**2", "-b**2"],
    ["E**w1", "E**w2"],
    ["w1", "w3"],
    ["w3", "Log(E**w1 + E**w2)"],
    ["Cos(x)", "Sin(x)"],
    ["Cos(x)", "Sin(x)**2"],
    ["Cos(x)**2", "Sin(x)**2"],
    ["x**3", "3*x**2*y", "3*x*y**2", "y**3"],
    ["1", "3*x", "3*x**2", "x**3"],
    ["1", "x", "y", "x*y"],
    ["a**2", "2*a*b", "b**2", "2*a*c", "2*b*c", "c**2"],
    ["y", "2*x*y", "x**2*y"],
    ["a*b", "c"],
    ["b", "a*c"],
    ["b", "a*b"],
    ["x**(-1)", "x"],
    ["x**(1/2)", "x"],
    ["2**(1/2)", "x"],
    ["Pi", "x"],
    ["a", "Pi"],
    ["x", "f(x)"],
    ["f(x)", "Sin(x)"],
    # Times factors
    ["2", "Cos(x)", "Sin(x)"],
    ["-1 + x", "1 + x"],
    ["-1 + x", "x", "1 + x"],
    ["x**2", "1 + x"],
    ["x**2", "y"],
    ["x", "y**2"],
    ["a + b", "x"],
    ["x", "y", "x + y"],
    ["E**x", "-1 + x"],
    ["-2 + x**2", "Cos(x)"],
    ["2**(1/2)", "x"],
    ["x", "Log(x)"],
    ["x**(-1)", "Log(x)"],
    # Sort of lists (expreduce's tests, taken from Mathematica)
    ["x", "2*x", "2*x**2", "y", "2*y", "2*y**2"],
    ["a**(-1)", "a", "a**2", "b**(-2)", "b**(-1)", "b", "b**2", "(a + b)**(-2)",
     "a + b", "(a + b)**2", "foo(x)**(-2)", "foo(x)", "foo(x)**2"],
    ["-1", "-1.0", "-0.1", "0", "0.1", "0.11", "2", "2.0", "0.5**x", "2**x", "x",
     "2*x", "x**2", "x**x", "x**(2*x)", "xxx", "2*y"],
    # atoms
    ["1", "'a'", "b", "f(x)"],
    ["a", "A", "b", "B"],
    ["'a'", "'A'", "'b'", "'B'"],
    ["x1", "x10", "x2"],
    ["f(a)", "f(b)", "g(a)", "f(a, b)"],
    ["1/3", "0.5", "1", "3/2"],
]


@pytest.mark.parametrize("terms", KNOWN_ORDERS, ids=lambda t: " , ".join(t))
def test_known_orders(terms):
    exprs = [E(t) for t in terms]
    assert is_sorted(exprs)
    rng = random.Random(0)
    for _ in range(5):
        shuffled = exprs[:]
        rng.shuffle(shuffled)
        assert list(canonical_sort(tuple(shuffled))) == exprs


@pytest.mark.parametrize("a, b, expected", [
    # Mathematica's Order[a, b] (1: a first)
    ("a", "b", 1), ("b", "a", -1), ("a", "aa", 1), ("aa", "a", -1), ("ab", "aa", -1),
    ("2", "1.0", -1), ("1", "2", 1), ("1", "1", 0), ("1", "1.0", 1), ("1.0", "1", -1),
    ("ab", "1", -1), ("y(a)", "x", -1), ("y(1)", "x", -1), ("x", "w(a)", 1),
    ("foo(x, y)", "bar(x, y)", -1), ("bar(x, y)", "bar(x, y, z)", 1),
    ("bar(x, y)", "bar(y, z)", 1), ("bar(x, y)", "bar(w, x)", -1),
    ("fizz(foo(x, y))", "fizz(bar(z, y))", -1),
    ("4/6", "0.6", -1), ("0.6", "4/6", 1), ("4/6", "0.7", 1), ("4/6", "a", 1),
    ("-5/3", "-4/6", 1),
    ("'a'", "5", -1), ("'a'", "x", 1), ("'a'", "x**2", 1), ("'a'", "'aa'", 1),
    ("x**3", "4*x**2", -1), ("1", "4*x**2", 1), ("1", "4*Sin(x)**2", 1),
    ("5*x**2", "4*x**2", -1), ("4*x**3", "4*x**2", -1), ("x**2", "4*x**2", 1),
    ("x**2", "foo(x)", 1), ("x**2", "x*y", 1), ("3*x**3", "4*x**2", -1),
    ("d*g", "d*f", -1), ("d*g", "d*g", 0), ("d*g", "d*h", 1), ("d*g", "e*g", 1),
    ("d*g", "e*h", 1), ("d*g", "e*f", -1), ("x**2*y", "x*y**2", 1),
    ("x**4*y**2", "x**2*y**4", 1), ("x**2*y", "2*x*y**2", 1), ("c", "5*b*c", 1),
])
def test_order_pairs(a, b, expected):
    assert -order(E(a), E(b)) == expected
    assert -order(E(b), E(a)) == -expected


def test_complex_numbers():
    i = Complex(Integer(0), Integer(1))
    one_i = Complex(Integer(1), Integer(1))
    one_mi = Complex(Integer(1), Integer(-1))
    items = [Integer(2), one_i, Integer(1), i, one_mi]
    assert list(canonical_sort(tuple(items))) == [i, Integer(1), one_mi, one_i, Integer(2)]


def test_big_numbers_exact():
    big = Integer(2 ** 100 + 1)
    assert order(Integer(2 ** 100), big) < 0
    assert order(big, Real(float(2 ** 100))) > 0
    assert order(Integer(2 ** 100), Real(float(2 ** 100))) < 0
    assert order(Rational(Fraction(1, 3)), Real(1 / 3)) != 0


def test_mpf_reals():
    import mpmath
    a = Real(mpmath.mpf("0.5"), 20)
    assert order(Rational(Fraction(1, 2)), a) < 0
    assert order(a, Real(0.5)) > 0
    assert order(Real(mpmath.mpf(1), 20), Integer(2)) < 0


def test_total_order_is_consistent():
    pool = [E(t) for t in [
        "1", "2.5", "x", "y", "x**2", "2*x", "x*y", "1 + x", "-1 + x", "f(x)", "g(x, y)",
        "Sin(x)", "Sin(x)**2", "'s'", "a + b", "a*b**2", "x**(-1)", "E**x", "2**(1/2)",
        "-x", "3*x*y", "(a + b)**2", "List(1, 2)"]]
    for a, b in itertools.product(pool, repeat=2):
        assert order(a, b) == -order(b, a), (a, b)
        assert (order(a, b) == 0) == (a == b), (a, b)
    for a, b, c in itertools.product(pool, repeat=3):
        if order(a, b) < 0 and order(b, c) < 0:
            assert order(a, c) < 0, (a, b, c)


def test_sort_returns_same_tuple_when_sorted():
    args = tuple(Integer(i) for i in range(10))
    assert canonical_sort(args) is args
    args = (Symbol("a"), Symbol("b"), E("f(x)"))
    assert canonical_sort(args) is args
    assert canonical_sort((Integer(3), Integer(1), Integer(2))) == (Integer(1), Integer(2), Integer(3))


# --- exact numbers: the fast paths agree with Fraction arithmetic --------------

from hypothesis import given, strategies as st  # noqa: E402

from gtnlang.expr import exact_ratio  # noqa: E402

_exact = st.one_of(st.integers(-10**30, 10**30),
                   st.fractions(max_denominator=10**12).filter(lambda f: f.denominator > 1))


@given(_exact, _exact)
def test_exact_pairs_sort_by_value(x, y):
    a, b = _num(x), _num(y)
    assert [v.value for v in canonical_sort((a, b))] == sorted([x, y])
    assert (order(a, b) > 0) == (x > y)


@given(st.integers(-10**20, 10**20), st.integers(-10**20, 10**20).filter(bool))
def test_exact_ratio_is_the_fraction(p, q):
    r = exact_ratio(p, q)
    assert r == make_rational(Fraction(p, q))
    assert type(r.value) in (int, Fraction) and r.value == Fraction(p, q)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False))
def test_arbitrary_precision_reals_order_by_value_sign_included(x, y):
    import mpmath
    a, b = Real(mpmath.mpf(x), 30.0), Real(mpmath.mpf(y), 30.0)
    assert (order(a, b) < 0) == (x < y) or x == y
