"""N, constants and number functions (gtnlang/builtins/numeric.py,
gtnlang/builtins/elementary.py) and the number helpers (gtnlang/core/numbers.py)."""

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.core import numbers
from gtnlang.expr import Complex, Integer, Rational, Real

CASES = [
    # N
    ("N[Pi, 30]", "3.14159265358979323846264338328"),
    ("N[1/3]", "0.333333"),
    ("N[Sqrt[2], 50]", "1.4142135623730950488016887242096980785696718753769"),
    ("N[Sin[1] + Log[2]]", "1.53462"),
    ("N[E]", "2.71828"),
    ("N[E, 20]", "2.7182818284590452354"),
    ("N[{1/2, Pi, x}]", "{0.5, 3.14159, x}"),
    ("N[x^2 + 1/2]", "0.5 + x^2"),
    ("N[2 x]", "2. x"),
    ("N[Degree]", "0.0174533"),
    ("N[GoldenRatio]", "1.61803"),
    ("N[EulerGamma, 15]", "0.577215664901533"),
    ("N[Sin[1], 30]", "0.841470984807896506652502321630"),
    ("N[Exp[1], 25]", "2.718281828459045235360287"),
    ("N[1/7, 10]", "0.1428571429"),
    ("N[Sqrt[-2]]", "0. + 1.41421 I"),
    ("N[I]", "0. + 1. I"),
    ("N[Hold[Pi]]", "Hold[3.14159]"),
    ("N[1.5, 20]", "1.5"),
    ("N[f[1/2]]", "f[0.5]"),
    ("N[2^100]", "1.26765*^30"),
    # constants stay symbolic
    ("Pi", "Pi"),
    ("E", "E"),
    ("I", "I"),
    ("Infinity", "Infinity"),
    ("ComplexInfinity", "ComplexInfinity"),
    ("2 Pi", "2 Pi"),
    # elementary functions: exact values
    ("Sin[0]", "0"),
    ("Sin[Pi]", "0"),
    ("Sin[2 Pi]", "0"),
    ("Sin[Pi/2]", "1"),
    ("Sin[Pi/6]", "1/2"),
    ("Sin[Pi/4]", "1/Sqrt[2]"),
    ("Sin[Pi/3]", "Sqrt[3]/2"),
    ("Sin[3 Pi/2]", "-1"),
    ("Sin[-Pi/6]", "-1/2"),
    ("Cos[0]", "1"),
    ("Cos[Pi]", "-1"),
    ("Cos[Pi/3]", "1/2"),
    ("Cos[Pi/2]", "0"),
    ("Cos[2 Pi/3]", "-1/2"),
    ("Tan[Pi/4]", "1"),
    ("Tan[Pi/3]", "Sqrt[3]"),
    ("Tan[Pi/2]", "ComplexInfinity"),
    ("Sec[Pi/3]", "2"),
    ("Csc[Pi/6]", "2"),
    ("Cot[Pi/4]", "1"),
    ("Sin[6 Pi/7]", "Sin[Pi/7]"),
    ("Cos[6 Pi/7]", "-Cos[Pi/7]"),
    ("Sin[-x]", "-Sin[x]"),
    ("Sin[-2 x]", "-Sin[2 x]"),
    ("Cos[-x]", "Cos[x]"),
    ("Tan[-x]", "-Tan[x]"),
    ("Sin[x]", "Sin[x]"),
    ("Sin[1]", "Sin[1]"),
    ("ArcSin[1]", "Pi/2"),
    ("ArcSin[1/2]", "Pi/6"),
    ("ArcSin[-1]", "-Pi/2"),
    ("ArcCos[0]", "Pi/2"),
    ("ArcCos[-1]", "Pi"),
    ("ArcCos[1/2]", "Pi/3"),
    ("ArcTan[1]", "Pi/4"),
    ("ArcTan[Infinity]", "Pi/2"),
    ("ArcTan[1, 1]", "Pi/4"),
    ("ArcTan[-1, 0]", "Pi"),
    ("ArcTan[0, -1]", "-Pi/2"),
    ("Sinh[0]", "0"),
    ("Cosh[0]", "1"),
    ("Tanh[-x]", "-Tanh[x]"),
    ("Cosh[-x]", "Cosh[x]"),
    ("Log[1]", "0"),
    ("Log[E]", "1"),
    ("Log[0]", "-Infinity"),
    ("Log[E^3]", "3"),
    ("Log[E^x]", "Log[E^x]"),
    ("Log[-1]", "I Pi"),
    ("Log[2, 8]", "3"),
    ("Log[8, 2]", "1/3"),
    ("Log[2, 3]", "Log[3]/Log[2]"),
    ("Log[10, 1000]", "3"),
    ("Log10[1000]", "3"),
    ("Log2[1024]", "10"),
    ("Log[Infinity]", "Infinity"),
    ("Gamma[5]", "24"),
    ("Gamma[1/2]", "Sqrt[Pi]"),
    ("Gamma[3/2]", "Sqrt[Pi]/2"),
    # elementary functions: numeric
    ("Sin[1.]", "0.841471"),
    ("Cos[0.5]", "0.877583"),
    ("Log[2.]", "0.693147"),
    ("Log[-2.]", "0.693147 + 3.14159 I"),
    ("Exp[2.]", "7.38906"),
    ("ArcTan[1.]", "0.785398"),
    ("Sinh[1.]", "1.1752"),
    ("Gamma[2.5]", "1.32934"),
    ("Sin[{0, Pi/2, Pi}]", "{0, 1, 0}"),
    ("Sin[Pi/3.]", "0.866025"),
    # Re, Im, Conjugate, Arg
    ("Re[3 + 4 I]", "3"),
    ("Im[3 + 4 I]", "4"),
    ("Im[5]", "0"),
    ("Conjugate[3 + 4 I]", "3 - 4 I"),
    ("Arg[-1]", "Pi"),
    ("Arg[I]", "Pi/2"),
    ("Arg[2]", "0"),
    ("Arg[1. + 1. I]", "0.785398"),
    ("Re[x]", "Re[x]"),
    # rounding
    ("Round[2.5]", "2"),
    ("Round[3.5]", "4"),
    ("Round[-2.5]", "-2"),
    ("Round[7/2]", "4"),
    ("Round[2.7]", "3"),
    ("Round[17, 5]", "15"),
    ("Floor[2.7]", "2"),
    ("Floor[-2.7]", "-3"),
    ("Floor[Pi]", "3"),
    ("Floor[7/2]", "3"),
    ("Ceiling[2.1]", "3"),
    ("Ceiling[-2.1]", "-2"),
    ("Ceiling[Sqrt[2]]", "2"),
    ("IntegerPart[-2.7]", "-2"),
    ("FractionalPart[7/2]", "1/2"),
    ("FractionalPart[-2.5]", "-0.5"),
    ("Floor[x]", "Floor[x]"),
    ("Round[{1.2, 2.8}]", "{1, 3}"),
    # Chop, Precision, Rationalize
    ("Chop[1.*^-12]", "0"),
    ("Chop[1. + 1.*^-12 I]", "1."),
    ("Chop[{1.*^-12, 0.5}]", "{0, 0.5}"),
    ("Precision[1/3]", "Infinity"),
    ("Precision[0.5]", "MachinePrecision"),
    ("Precision[N[Pi, 30]]", "30."),
    ("Rationalize[0.333333]", "1/3"),
    ("Rationalize[0.5]", "1/2"),
    ("Rationalize[N[Pi]]", "3.14159"),
    ("Rationalize[3.14159]", "314159/100000"),
    ("Rationalize[3.14159, 0.01]", "22/7"),
    ("Rationalize[N[Pi], 0]", "884279719003555/281474976710656"),
    # predicates
    ("NumberQ[1]", "True"),
    ("NumberQ[Pi]", "False"),
    ("NumericQ[Pi]", "True"),
    ("NumericQ[Sin[1] + Sqrt[2]]", "True"),
    ("NumericQ[x]", "False"),
    ("NumericQ[Sin[x]]", "False"),
    ("IntegerQ[3]", "True"),
    ("IntegerQ[3.]", "False"),
    ("MachineNumberQ[1.5]", "True"),
    ("MachineNumberQ[N[3/2, 20]]", "False"),
    ("ExactNumberQ[1/2]", "True"),
    ("ExactNumberQ[1 + I]", "True"),
    ("InexactNumberQ[1.]", "True"),
    # Numerator, Denominator
    ("Numerator[3/4]", "3"),
    ("Denominator[3/4]", "4"),
    ("Numerator[x/y]", "x"),
    ("Denominator[x/y]", "y"),
    ("Denominator[(2 x)/(3 y^2)]", "3 y^2"),
    ("Denominator[5]", "1"),
    # Max, Min
    ("Max[1, 5, 3]", "5"),
    ("Max[{1, 7}, {3}]", "7"),
    ("Max[1, 2.5, 2]", "2.5"),
    ("Max[1, 2, x]", "Max[2, x]"),
    ("Max[Pi, 3]", "Pi"),
    ("Min[3, 2.]", "2."),
    ("Min[-1/2, 0]", "-1/2"),
    ("Max[]", "-Infinity"),
    ("Min[]", "Infinity"),
    ("Max[1, Infinity]", "Infinity"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_cases(ev, source, expected):
    assert ev(source) == expected


def test_n_precision(session):
    value = session.eval("N[Pi, 30]")
    assert isinstance(value, Real) and value.precision == 30
    with mpmath.workdps(40):
        assert abs(value.value - mpmath.pi) < mpmath.mpf(10) ** -30
    value = session.eval("N[Pi]")
    assert value.precision is None and value.value == math.pi


def test_random_real_shapes(session):
    session.eval("SeedRandom[42]")
    x = session.eval("RandomReal[]")
    assert isinstance(x, Real) and 0 <= x.value <= 1
    xs = session.eval("RandomReal[{2, 3}, 5]")
    assert len(xs.args) == 5 and all(2 <= a.value <= 3 for a in xs.args)
    m = session.eval("RandomReal[{-1, 1}, {2, 3}]")
    assert len(m.args) == 2 and all(len(row.args) == 3 for row in m.args)
    assert str(session.eval("Dimensions[RandomReal[1, {4, 2}]]")) == "{4, 2}"


def test_random_integer(session):
    session.eval("SeedRandom[1]")
    values = session.eval("RandomInteger[{1, 6}, 100]")
    assert all(isinstance(a, Integer) and 1 <= a.value <= 6 for a in values.args)
    assert str(session.eval("Length[Union[RandomInteger[{1, 6}, 200]]]")) == "6"
    assert isinstance(session.eval("RandomInteger[10^30]"), Integer)


def test_seed_random_is_reproducible(session):
    a = str(session.eval("SeedRandom[7]; RandomReal[{0, 1}, 3]"))
    b = str(session.eval("SeedRandom[7]; RandomReal[{0, 1}, 3]"))
    c = str(session.eval("SeedRandom[8]; RandomReal[{0, 1}, 3]"))
    assert a == b != c
    other = Session(print_messages=False, print_output=False)
    assert str(other.eval("SeedRandom[7]; RandomReal[{0, 1}, 3]")) == a


def test_usage_and_attributes(ev):
    assert ev("Attributes[Plus]") == "{Flat, Listable, NumericFunction, OneIdentity, Orderless, Protected}"
    assert ev("Attributes[Power]") == "{Listable, NumericFunction, OneIdentity, Protected}"
    assert ev("Attributes[Pi]") == "{Constant, Protected, ReadProtected}"
    assert ev("Attributes[Sin]") == "{Listable, NumericFunction, Protected}"
    assert ev("Attributes[And]") == "{Flat, HoldAll, OneIdentity, Protected}"


# --- numbers.py -------------------------------------------------------------------------

def test_number_helpers():
    assert numbers.add_numbers([Integer(1), Rational(Fraction(1, 2))]) == Rational(Fraction(3, 2))
    assert numbers.add_numbers([Rational(Fraction(1, 3)), Real(0.5)]) == Real(1 / 3 + 0.5)
    assert numbers.mul_numbers([Integer(2), Complex(Integer(0), Integer(1))]) == \
        Complex(Integer(0), Integer(2))
    assert numbers.int_power(Complex(Integer(0), Integer(1)), 2) == Integer(-1)
    assert numbers.int_power(Complex(Integer(1), Integer(1)), -1) == \
        Complex(Rational(Fraction(1, 2)), Rational(Fraction(-1, 2)))
    assert numbers.precision_of(Real(1.0)) is numbers.MACHINE
    assert numbers.precision_of(Integer(1)) is None
    assert numbers.combine_precision(30.0, 20.0) == 20.0
    assert numbers.combine_precision(None, 20.0) == 20.0
    assert numbers.combine_precision(numbers.MACHINE, 20.0) is numbers.MACHINE
    assert numbers.from_python(3) == Integer(3)
    assert numbers.from_python(Fraction(6, 3)) == Integer(2)
    assert numbers.from_python(1.5) == Real(1.5)
    assert numbers.from_python(1j) == Complex(Real(0.0), Real(1.0))
    assert numbers.to_python(Rational(Fraction(1, 3))) == Fraction(1, 3)
    assert numbers.to_python(Complex(Integer(1), Integer(2))) == complex(1, 2)
    assert numbers.is_exact_number(Complex(Integer(1), Integer(2)))
    assert numbers.is_inexact_number(Complex(Integer(1), Real(2.0)))
    mixed = numbers.add_numbers([Real(mpmath.mpf(1), 30), Real(mpmath.mpf(2), 20)])
    assert mixed.precision == 20


@settings(max_examples=40, deadline=None)
@given(st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 6)))
def test_machine_functions_match_math(x):
    s = _shared()
    text = f"{x:.6f}"
    r = s.eval(f"{{Sin[{text}], Cos[{text}], ArcTan[{text}], Exp[{text}]}}")
    sin, cos, atan, exp = (a.value for a in r.args)
    assert sin == pytest.approx(math.sin(x), abs=1e-12)
    assert cos == pytest.approx(math.cos(x), abs=1e-12)
    assert atan == pytest.approx(math.atan(x))
    assert exp == pytest.approx(math.exp(x))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 10 ** 6), st.integers(10, 40))
def test_arbitrary_precision_matches_mpmath(n, digits):
    s = _shared()
    r = s.eval(f"N[Log[{n}] + Sqrt[{n}], {digits}]")
    with mpmath.workdps(digits + 10):
        expected = mpmath.log(n) + mpmath.sqrt(n)
        assert abs(r.value - expected) <= abs(expected) * mpmath.mpf(10) ** (-digits)
    assert r.precision == digits


_SESSION = []


def _shared():
    if not _SESSION:
        _SESSION.append(Session(print_messages=False, print_output=False))
    return _SESSION[0]


# --- RandomChoice -------------------------------------------------------------------------

def test_random_choice_forms(session):
    session.eval("SeedRandom[3]")
    assert str(session.eval("MemberQ[{a, b, c}, RandomChoice[{a, b, c}]]")) == "True"
    xs = session.eval("RandomChoice[{a, b, c}, 20]")
    assert len(xs.args) == 20 and {str(a) for a in xs.args} <= {"a", "b", "c"}
    assert str(session.eval("Dimensions[RandomChoice[{a, b, c}, {4, 3}]]")) == "{4, 3}"
    assert str(session.eval("RandomChoice[{1, 0, 0} -> {a, b, c}, 5]")) == "{a, a, a, a, a}"
    assert str(session.eval("RandomChoice[{0, 2, 0} -> {a, b, c}]")) == "b"
    assert str(session.eval("RandomChoice[{0, Pi} -> {a, b}, {2, 2}]")) == "{{b, b}, {b, b}}"
    assert str(session.eval("RandomChoice[{x}, 3]")) == "{x, x, x}"
    assert str(session.eval("RandomChoice[{a, b}, 0]")) == "{}"
    assert str(session.eval("RandomChoice[{{1, 2}}]")) == "{1, 2}"
    assert session.messages == []


def test_random_choice_is_reproducible_and_shares_the_generator(session):
    a = str(session.eval("SeedRandom[11]; RandomChoice[Range[100], 10]"))
    b = str(session.eval("SeedRandom[11]; RandomChoice[Range[100], 10]"))
    c = str(session.eval("SeedRandom[12]; RandomChoice[Range[100], 10]"))
    assert a == b != c
    other = Session(print_messages=False, print_output=False)
    assert str(other.eval("SeedRandom[11]; RandomChoice[Range[100], 10]")) == a
    # One generator for RandomChoice, RandomReal and RandomInteger: a choice
    # advances the state RandomReal then draws from.
    plain = str(session.eval("SeedRandom[5]; RandomReal[]"))
    after_choice = str(session.eval("SeedRandom[5]; RandomChoice[{a, b}]; RandomReal[]"))
    assert plain != after_choice
    assert after_choice == str(session.eval("SeedRandom[5]; RandomChoice[{a, b}]; RandomReal[]"))


@pytest.mark.parametrize("source, message", [
    ("RandomChoice[{}]", "RandomChoice::lrwl: The items for choice {} should be a list or a rule weights -> choices."),
    ("RandomChoice[x]", "RandomChoice::lrwl: The items for choice x should be a list or a rule weights -> choices."),
    ("RandomChoice[{1, 2} -> {a}]", "RandomChoice::wghtv: The weights on the left-hand side of {1, 2} -> {a} have to "
     "be a list of non-negative numbers, not all zero, with the same length as the list of items on its right-hand side."),
    ("RandomChoice[{-1, 2} -> {a, b}]", "RandomChoice::wghtv: The weights on the left-hand side of {-1, 2} -> {a, b} "
     "have to be a list of non-negative numbers, not all zero, with the same length as the list of items on its "
     "right-hand side."),
    ("RandomChoice[{0, 0} -> {a, b}]", "RandomChoice::wghtv: The weights on the left-hand side of {0, 0} -> {a, b} "
     "have to be a list of non-negative numbers, not all zero, with the same length as the list of items on its "
     "right-hand side."),
    ("RandomChoice[{a}, -1]", "RandomChoice::array: The array dimensions -1 given in position 2 of "
     "RandomChoice[{a}, -1] should be a list of non-negative machine-sized integers giving the dimensions for the result."),
])
def test_random_choice_messages(session, source, message):
    assert str(session.eval(source)) == source
    assert session.messages == [message]


def test_random_choice_usage_and_attributes(ev):
    assert ev("Attributes[RandomChoice]") == "{Protected}"
    assert ev("RandomChoice::usage").startswith("RandomChoice[{e1, e2, ...}] gives a pseudorandom choice")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6).filter(any), st.integers(0, 2 ** 31))
def test_random_choice_weights_match_frequencies(weights, seed):
    # 4000 weighted draws: each item's frequency is within 5 standard errors of its
    # probability, and items of weight 0 never appear.
    n = 4000
    session = _shared()
    items = "{" + ", ".join(f"e{i}" for i in range(len(weights))) + "}"
    draws = session.eval(f"SeedRandom[{seed}]; RandomChoice[{_wlist(weights)} -> {items}, {n}]")
    assert len(draws.args) == n
    total = sum(weights)
    counts = [0] * len(weights)
    for d in draws.args:
        counts[int(str(d)[1:])] += 1
    for w, c in zip(weights, counts):
        p = w / total
        if w == 0:
            assert c == 0
        else:
            assert abs(c / n - p) <= 5 * math.sqrt(p * (1 - p) / n) + 1e-9


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2 ** 31))
def test_random_choice_uniform_frequencies(k, seed):
    n = 3000
    draws = _shared().eval(f"SeedRandom[{seed}]; RandomChoice[Range[{k}], {n}]")
    counts = [0] * k
    for d in draws.args:
        counts[d.value - 1] += 1
    p = 1 / k
    assert all(abs(c / n - p) <= 5 * math.sqrt(p * (1 - p) / n) + 1e-9 for c in counts)


def _wlist(values):
    return "{" + ", ".join(str(v) for v in values) + "}"
