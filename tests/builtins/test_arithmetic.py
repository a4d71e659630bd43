"""Plus, Times, Power, Subtract, Minus, Divide, Sqrt, Exp, Abs, Sign,
DirectedInfinity (gtnlang/builtins/arithmetic.py), checked against
Mathematica's outputs, plus property tests against Python's exact arithmetic."""

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session

CASES = [
    # the examples
    ("2x + 3x", "5 x"),
    ("x = 4; y = 3; x/2 y", "6"),
    ("1/3 + 1/6", "1/2"),
    ("Sqrt[8]", "2 Sqrt[2]"),
    ("2^100", "1267650600228229401496703205376"),
    ("1/3 + 0.5", "0.833333"),
    # exact arithmetic
    ("1/2 + 1/3 + 1/6", "1"),
    ("2/4", "1/2"),
    ("3 * 1/3", "1"),
    ("(-3)^3", "-27"),
    ("2^(-2)", "1/4"),
    ("(2/3)^(-2)", "9/4"),
    ("0^5", "0"),
    ("1^x", "1"),
    ("x^0", "1"),
    ("x^1", "x"),
    ("10^20 + 1", "100000000000000000001"),
    # radicals
    ("Sqrt[4]", "2"),
    ("4^(1/2)", "2"),
    ("8^(2/3)", "4"),
    ("Sqrt[12]", "2 Sqrt[3]"),
    ("Sqrt[-4]", "2 I"),
    ("Sqrt[-2]", "I Sqrt[2]"),
    ("Sqrt[-1]", "I"),
    ("(-8)^(1/3)", "2 (-1)^(1/3)"),
    ("(-1)^(1/3)", "(-1)^(1/3)"),
    ("(-1)^(4/3)", "-(-1)^(1/3)"),
    ("2^(3/2)", "2 Sqrt[2]"),
    ("2^(5/3)", "2 2^(2/3)"),
    ("2^(-1/2)", "1/Sqrt[2]"),
    ("2^(-3/2)", "1/(2 Sqrt[2])"),
    ("Sqrt[1/8]", "1/(2 Sqrt[2])"),
    ("Sqrt[1/3]", "1/Sqrt[3]"),
    ("Sqrt[2/3]", "Sqrt[2/3]"),
    ("Sqrt[8/3]", "2 Sqrt[2/3]"),
    ("Sqrt[8/9]", "(2 Sqrt[2])/3"),
    ("Sqrt[2]/2", "1/Sqrt[2]"),
    ("2/Sqrt[2]", "Sqrt[2]"),
    ("Sqrt[2] Sqrt[3]", "Sqrt[6]"),
    ("Sqrt[2] Sqrt[2]", "2"),
    ("Sqrt[2]^2", "2"),
    ("Sqrt[2] + Sqrt[2]", "2 Sqrt[2]"),
    ("1 + Sqrt[2]", "1 + Sqrt[2]"),
    # machine and arbitrary precision numbers
    ("1.5 + 2", "3.5"),
    ("0.1 + 0.2", "0.3"),
    ("2 * 0.5", "1."),
    ("1.5 Pi", "4.71239"),
    ("Pi + 1.", "4.14159"),
    ("x + 1. + Pi", "4.14159 + x"),
    ("2.^0.5", "1.41421"),
    ("2^0.5", "1.41421"),
    ("E^2.", "7.38906"),
    ("(-2.)^0.5", "8.65956*^-17 + 1.41421 I"),
    ("x + 0.", "0. + x"),
    ("0. x", "0."),
    ("x - 1. x", "0."),
    ("0.5 x + 0.5 x", "1. x"),
    ("N[1/3, 20] + 1/3", "0.66666666666666666667"),
    ("N[1/3, 20] + 0.5", "0.833333"),
    # complex numbers
    ("I^2", "-1"),
    ("I^3", "-I"),
    ("(1 + 2 I)(3 - I)", "5 + 5 I"),
    ("(1 + I)^2", "2 I"),
    ("1/(1 + I)", "1/2 - I/2"),
    ("I + 1.5", "1.5 + 1. I"),
    ("E^(I Pi)", "-1"),
    ("E^(I Pi/2)", "I"),
    # symbolic collection
    ("x + x", "2 x"),
    ("x - x", "0"),
    ("x x", "x^2"),
    ("x^2 x^3", "x^5"),
    ("x^2/x", "x"),
    ("x/x", "1"),
    ("(x^2)^3", "x^6"),
    ("(x^2)^(1/2)", "Sqrt[x^2]"),
    ("(x^(1/2))^(1/3)", "x^(1/6)"),
    ("Sqrt[x]^2", "x"),
    ("(a b)^2", "a^2 b^2"),
    ("(2 x)^3", "8 x^3"),
    ("(2 x)^(1/2)", "Sqrt[2] Sqrt[x]"),
    ("Sqrt[4 x]", "2 Sqrt[x]"),
    ("x^a x^b", "x^(a + b)"),
    ("E^x E^y", "E^(x + y)"),
    ("0 x", "0"),
    ("1 x", "x"),
    ("0 + x", "x"),
    ("2 x y + 3 y x", "5 x y"),
    ("a + b - a", "b"),
    ("3 a - a - 2 a", "0"),
    ("-(a + b)", "-a - b"),
    ("x - (a + b)", "-a - b + x"),
    ("2 (a + b)", "2 (a + b)"),
    ("1/(1/x)", "x"),
    ("x/2 + x/3", "(5 x)/6"),
    ("x y/y", "x"),
    # canonical order of results
    ("x^2 + 2 x y + y^2", "x^2 + 2 x y + y^2"),
    ("y^2 + x^2 + y x 2", "x^2 + 2 x y + y^2"),
    ("x^3/6 + x^2/2 + x + 1", "1 + x + x^2/2 + x^3/6"),
    ("x - 1", "-1 + x"),
    ("-b + a", "a - b"),
    ("Sin[x] Cos[x] 2", "2 Cos[x] Sin[x]"),
    ("(x + 1) (x - 1)", "(-1 + x) (1 + x)"),
    ("E^w2 + E^w1", "E^w1 + E^w2"),
    ("w3 + w1", "w1 + w3"),
    ("y x^2", "x^2 y"),
    ("-b^2 + a^2", "a^2 - b^2"),
    ("Sin[x] + Cos[x]", "Cos[x] + Sin[x]"),
    ("c + b a", "a b + c"),
    ("b + c a", "b + a c"),
    ("x (a + b)", "(a + b) x"),
    ("(x + y) x y", "x y (x + y)"),
    ("x^2 (x + 1)", "x^2 (1 + x)"),
    ("x + f[x]", "x + f[x]"),
    ("x + Pi", "Pi + x"),
    ("a + Pi", "a + Pi"),
    ("x + Sqrt[2]", "Sqrt[2] + x"),
    ("1/x + x", "1/x + x"),
    ("Sqrt[x] + x", "Sqrt[x] + x"),
    # Subtract, Minus, Divide, Sqrt, Exp
    ("Subtract[5, 3]", "2"),
    ("Minus[3]", "-3"),
    ("Minus[x]", "-x"),
    ("Divide[6, 4]", "3/2"),
    ("Divide[x, y]", "x/y"),
    ("Sqrt[x]", "Sqrt[x]"),
    ("Exp[0]", "1"),
    ("E^0", "1"),
    ("Exp[x]", "E^x"),
    ("Exp[Log[x]]", "x"),
    ("Exp[1.]", "2.71828"),
    # Abs, Sign
    ("Abs[-3]", "3"),
    ("Abs[-3/2]", "3/2"),
    ("Abs[-2.5]", "2.5"),
    ("Abs[3 + 4 I]", "5"),
    ("Abs[1 + I]", "Sqrt[2]"),
    ("Abs[-2 x]", "2 Abs[x]"),
    ("Abs[-x]", "Abs[x]"),
    ("Abs[x]", "Abs[x]"),
    ("Sign[-2.5]", "-1"),
    ("Sign[0]", "0"),
    ("Sign[3/4]", "1"),
    ("Sign[-2 x]", "-Sign[x]"),
    # infinities
    ("Infinity + 1", "Infinity"),
    ("Infinity + Infinity", "Infinity"),
    ("-Infinity", "-Infinity"),
    ("2 Infinity", "Infinity"),
    ("-2 Infinity", "-Infinity"),
    ("Infinity Infinity", "Infinity"),
    ("1/Infinity", "0"),
    ("Infinity^2", "Infinity"),
    ("ComplexInfinity + 1", "ComplexInfinity"),
    ("Indeterminate + 1", "Indeterminate"),
    ("2^Infinity", "Infinity"),
    ("(1/2)^Infinity", "0"),
    # listable
    ("{1, 2, 3} + 1", "{2, 3, 4}"),
    ("{1, 2} {3, 4}", "{3, 8}"),
    ("{1, 2}^2", "{1, 4}"),
    ("2^{1, 2, 3}", "{2, 4, 8}"),
    ("Sqrt[{4, 9}]", "{2, 3}"),
    # degenerate calls
    ("Plus[]", "0"),
    ("Times[]", "1"),
    ("Plus[x]", "x"),
    ("Times[x]", "x"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_cases(ev, source, expected):
    assert ev(source) == expected


MESSAGE_CASES = [
    ("1/0", "ComplexInfinity", ["Power::infy: Infinite expression 1/0 encountered."]),
    ("0^-2", "ComplexInfinity", ["Power::infy: Infinite expression 1/0^2 encountered."]),
    ("0/0", "Indeterminate", ["Power::infy: Infinite expression 1/0 encountered.",
                              "Infinity::indet: Indeterminate expression 0 ComplexInfinity encountered."]),
    ("0^0", "Indeterminate", ["Power::indet: Indeterminate expression 0^0 encountered."]),
    ("Infinity - Infinity", "Indeterminate",
     ["Infinity::indet: Indeterminate expression -Infinity + Infinity encountered."]),
    ("0 Infinity", "Indeterminate",
     ["Infinity::indet: Indeterminate expression 0 Infinity encountered."]),
    ("1/0.", "ComplexInfinity", ["Power::infy: Infinite expression 1/0. encountered."]),
]


@pytest.mark.parametrize("source, expected, messages", MESSAGE_CASES)
def test_messages(session, source, expected, messages):
    assert str(session.eval(source)) == expected
    assert session.messages == messages


def test_no_messages_for_ordinary_arithmetic(session):
    session.eval("x = 2 + 3; y = x/2 + Sqrt[8]")
    assert session.messages == []


def test_fullform_of_sqrt(session):
    assert session.format(session.eval("Sqrt[8]"), "FullForm") == "Times[2, Power[2, Rational[1, 2]]]"
    assert session.format(session.eval("x - y"), "FullForm") == "Plus[x, Times[-1, y]]"
    assert session.format(session.eval("Infinity"), "FullForm") == "DirectedInfinity[1]"


def test_bignum_exact(ev):
    assert ev("2^1000 - 2^1000") == "0"
    assert ev("3^200/3^199") == "3"
    assert ev("(2^100 + 1)/(2^100 + 1)") == "1"


def test_arbitrary_precision_takes_min_precision(session):
    value = session.eval("N[Pi, 30] + N[E, 20]")
    assert value.precision == 20
    assert str(session.eval("Precision[N[Pi, 30] + N[E, 20]]")) == "20."
    assert str(session.eval("Precision[N[Pi, 30] + 1.]")) == "MachinePrecision"


# --- properties ------------------------------------------------------------------------

_SESSION = []


def _shared():
    """One session for the property tests (they define nothing)."""
    if not _SESSION:
        _SESSION.append(Session(print_messages=False, print_output=False))
    return _SESSION[0]


fractions = st.fractions(min_value=-10 ** 6, max_value=10 ** 6, max_denominator=1000)


def _src(f: Fraction) -> str:
    return f"({f.numerator}/{f.denominator})"


def _value(s: str) -> Fraction:
    return Fraction(s.replace(" ", ""))


@settings(max_examples=30, deadline=None)
@given(st.lists(fractions, min_size=1, max_size=6))
def test_exact_sums_match_fractions(terms):
    s = _shared()
    result = s.eval(" + ".join(_src(f) for f in terms))
    assert _value(str(result)) == sum(terms)


@settings(max_examples=30, deadline=None)
@given(st.lists(fractions, min_size=1, max_size=5))
def test_exact_products_match_fractions(factors):
    s = _shared()
    result = s.eval(" * ".join(_src(f) for f in factors))
    expected = Fraction(1)
    for f in factors:
        expected *= f
    assert _value(str(result)) == expected


@settings(max_examples=30, deadline=None)
@given(fractions.filter(lambda f: f != 0), st.integers(-8, 8))
def test_integer_powers_match_fractions(base, n):
    s = _shared()
    assert _value(str(s.eval(f"{_src(base)}^({n})"))) == base ** n


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10 ** 6), st.sampled_from([2, 3, 4]))
def test_radicals_are_consistent(n, k):
    """n^(1/k) is exact when n is a perfect power, and its numeric value is right."""
    s = _shared()
    r = s.eval(f"N[{n}^(1/{k}), 20]")
    assert abs(float(r.value) - n ** (1 / k)) <= 1e-9 * n ** (1 / k)
    exact = s.eval(f"({n}^{k})^(1/{k})")
    assert str(exact) == str(n)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["x", "y", "2 x", "-x", "x^2", "3 y", "x y", "-2 x y", "1", "1/2"]),
                min_size=1, max_size=6))
def test_collection_is_order_independent(terms):
    s = _shared()
    forward = str(s.eval(" + ".join(terms)))
    backward = str(s.eval(" + ".join(reversed(terms))))
    assert forward == backward
    # evaluating the result again changes nothing
    assert str(s.eval(forward)) == forward


# --- powers with an infinite exponent: Exp[-Infinity] is 0 ------------------------------

INFINITE_EXPONENT_CASES = [
    ("Exp[-Infinity]", "0"),
    ("E^(-Infinity)", "0"),
    ("Exp[Infinity]", "Infinity"),
    ("E^Infinity", "Infinity"),
    ("N[Exp[-Infinity]]", "0."),
    ("N[E]^(-Infinity)", "0."),
    ("N[E]^Infinity", "Infinity"),
    ("Exp[-Infinity + 3]", "0"),
    ("Exp[{-Infinity, 0, Infinity}]", "{0, 1, Infinity}"),
    ("Exp[x] /. x -> -Infinity", "0"),
    ("Exp[-x] /. x -> Infinity", "0"),
    ("Limit[Exp[-x], x -> Infinity]", "0"),
    ("2^Infinity", "Infinity"),
    ("2^(-Infinity)", "0"),
    ("(1/2)^Infinity", "0"),
    ("(1/2)^(-Infinity)", "Infinity"),
    ("0.5^Infinity", "0."),
    ("2.5^(-Infinity)", "0."),
    ("(-2)^Infinity", "ComplexInfinity"),
    ("(-1/2)^Infinity", "0"),
    ("Pi^Infinity", "Infinity"),
    ("Pi^(-Infinity)", "0"),
    ("(1/E)^Infinity", "0"),
    ("Sqrt[2]^Infinity", "Infinity"),
    ("x^Infinity", "x^Infinity"),
    ("E^x", "E^x"),
    ("Exp[2.]", "7.38906"),
    # Power[0., ...] is unchanged
    ("Power[0., 2]", "0."),
    ("Power[0., 0.5]", "0."),
    ("0.^3", "0."),
    ("0^Infinity", "0"),
]


@pytest.mark.parametrize("source, expected", INFINITE_EXPONENT_CASES)
def test_infinite_exponents(ev, source, expected):
    assert ev(source) == expected


@pytest.mark.parametrize("source, expected, messages", [
    ("1^Infinity", "Indeterminate", ["Power::indet: Indeterminate expression 1^Infinity encountered."]),
    ("1.^Infinity", "Indeterminate", ["Power::indet: Indeterminate expression 1.^Infinity encountered."]),
    ("(-1)^Infinity", "Indeterminate", ["Power::indet: Indeterminate expression (-1)^Infinity encountered."]),
    ("0^(-Infinity)", "ComplexInfinity", ["Power::infy: Infinite expression 0^(-Infinity) encountered."]),
    ("Power[0., -1]", "ComplexInfinity", ["Power::infy: Infinite expression 1/0. encountered."]),
    ("Power[0., 0]", "Indeterminate", ["Power::indet: Indeterminate expression 0.^0 encountered."]),
    ("Exp[-Infinity] + E^Infinity", "Infinity", []),
])
def test_infinite_exponent_messages(session, source, expected, messages):
    assert str(session.eval(source)) == expected
    assert session.messages == messages


def _limit_reference(b, sign):
    """0, Infinity or ComplexInfinity: b^(sign n) for a large even and odd n, in mpmath."""
    import mpmath
    with mpmath.workdps(30):
        even, odd = b ** (sign * 10 ** 6), b ** (sign * (10 ** 6 + 1))
    if abs(even) < 1e-100:
        return "0"
    if even > 0 and odd > 0:
        return "Infinity"
    return "ComplexInfinity"   # unbounded with alternating sign


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=-20, max_value=20, max_denominator=50).filter(lambda f: abs(f) not in (0, 1)),
       st.sampled_from([1, -1]))
def test_rational_to_infinity_matches_numeric_limit(base, sign):
    import mpmath
    expected = _limit_reference(mpmath.mpf(base.numerator) / base.denominator, sign)
    assert str(_shared().eval(f"{_src(base)}^({sign} Infinity)")) == expected


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["E", "Pi", "Sqrt[2]", "1/E", "E/4", "Pi/5", "-Pi", "-1/Pi", "Sqrt[3]/2", "-E/3"]),
       st.sampled_from([1, -1]))
def test_constant_to_infinity_matches_numeric_limit(base, sign):
    import mpmath
    with mpmath.workdps(30):
        value = mpmath.mpf(eval(base.replace("Sqrt[", "mpmath.sqrt(").replace("]", ")"),
                                {"E": mpmath.e, "Pi": mpmath.pi, "mpmath": mpmath}))
    assert str(_shared().eval(f"({base})^({sign} Infinity)")) == _limit_reference(value, sign)


@pytest.mark.parametrize("source, expected", [
    ("Sin[30 Degree]", "1/2"), ("Cos[60 Degree]", "1/2"), ("Tan[45 Degree]", "1"),
    ("Sin[-30 Degree]", "-1/2"), ("Cos[180 Degree]", "-1"),
    ("Sin[Degree]", "Sin[Degree]"), ("Cos[2 Degree]", "Cos[2 Degree]"),
    ("N[Sin[30 Degree]]", "0.5"),
])
def test_trig_in_degrees(ev, source, expected):
    assert ev(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("1^Infinity", "Indeterminate"), ("1.^Infinity", "Indeterminate"), ("E^ComplexInfinity", "Indeterminate"),
    ("2^ComplexInfinity", "Indeterminate"), ("(-1)^Infinity", "Indeterminate"), ("1^x", "1"),
    ("x^ComplexInfinity", "x^ComplexInfinity"), ("2^Infinity", "Infinity"), ("E^-Infinity", "0"),
])
def test_powers_with_infinite_exponents(ev, session, source, expected):
    assert ev(source) == expected
    if expected == "Indeterminate":
        assert session.messages and "Power::indet" in session.messages[0]


@given(st.lists(st.fractions(max_denominator=1000), min_size=2, max_size=5))
def test_exact_product_is_the_fraction_product(values):
    from gtnlang.expr import make_rational
    s = Session(print_messages=False)
    product = Fraction(1)
    for v in values:
        product *= v
    text = " * ".join(f"({v.numerator}/{v.denominator})" for v in values)
    assert s.eval(text) == make_rational(product)


@pytest.mark.parametrize("code, expected", [
    ("x + ComplexInfinity", "ComplexInfinity"),       # absorbs symbolic terms (Wolfram docs)
    ("ComplexInfinity + 2 + I", "ComplexInfinity"),
    ("x + Infinity", "x + Infinity"),                 # a directed infinity does not
])
def test_complex_infinity_absorbs_finite_terms(code, expected):
    s = Session(print_messages=False)
    assert str(s.eval(code)) == expected
