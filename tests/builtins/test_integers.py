"""Integer functions (gtnlang/builtins/integers.py), against Mathematica's
outputs and, as properties, against Python and sympy."""

import math

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from gtnlang import Session

CASES = [
    ("Mod[10, 3]", "1"),
    ("Mod[-7, 3]", "2"),
    ("Mod[7, -3]", "-2"),
    ("Mod[5.5, 2]", "1.5"),
    ("Mod[7/2, 2]", "3/2"),
    ("Mod[10, 3, 1]", "1"),
    ("Mod[x, 3]", "Mod[x, 3]"),
    ("Mod[{5, 6, 7}, 3]", "{2, 0, 1}"),
    ("Quotient[10, 3]", "3"),
    ("Quotient[-10, 3]", "-4"),
    ("QuotientRemainder[10, 3]", "{3, 1}"),
    ("QuotientRemainder[-10, 3]", "{-4, 2}"),
    ("GCD[12, 18]", "6"),
    ("GCD[12, 18, 8]", "2"),
    ("GCD[]", "0"),
    ("GCD[0, 5]", "5"),
    ("GCD[1/2, 1/3]", "1/6"),
    ("LCM[4, 6]", "12"),
    ("LCM[4, 6, 10]", "60"),
    ("PrimeQ[97]", "True"),
    ("PrimeQ[1]", "False"),
    ("PrimeQ[2]", "True"),
    ("PrimeQ[-7]", "True"),
    ("PrimeQ[2^61 - 1]", "True"),
    ("PrimeQ[2^64 + 1]", "False"),
    ("PrimeQ[x]", "False"),
    ("PrimeQ[{2, 4, 5}]", "{True, False, True}"),
    ("Select[Range[20], PrimeQ]", "{2, 3, 5, 7, 11, 13, 17, 19}"),
    ("Prime[1]", "2"),
    ("Prime[100]", "541"),
    ("Prime[{1, 2, 3}]", "{2, 3, 5}"),
    ("FactorInteger[360]", "{{2, 3}, {3, 2}, {5, 1}}"),
    ("FactorInteger[-12]", "{{-1, 1}, {2, 2}, {3, 1}}"),
    ("FactorInteger[1]", "{{1, 1}}"),
    ("FactorInteger[3/4]", "{{2, -2}, {3, 1}}"),
    ("FactorInteger[2^64 + 1]", "{{274177, 1}, {67280421310721, 1}}"),
    ("5!", "120"),
    ("0!", "1"),
    ("20!", "2432902008176640000"),
    ("Factorial[-1]", "ComplexInfinity"),
    ("Factorial[1/2]", "Sqrt[Pi]/2"),
    ("Factorial[3.5]", "11.6317"),
    ("n!", "n!"),
    ("Binomial[10, 3]", "120"),
    ("Binomial[5, 7]", "0"),
    ("Binomial[-3, 2]", "6"),
    ("Binomial[1/2, 2]", "-1/8"),
    ("Binomial[n, 2]", "Binomial[n, 2]"),
    ("EvenQ[4]", "True"),
    ("EvenQ[3]", "False"),
    ("EvenQ[x]", "False"),
    ("EvenQ[4.]", "False"),
    ("OddQ[-3]", "True"),
    ("IntegerDigits[1234]", "{1, 2, 3, 4}"),
    ("IntegerDigits[-56]", "{5, 6}"),
    ("IntegerDigits[0]", "{0}"),
    ("IntegerDigits[5, 2]", "{1, 0, 1}"),
    ("IntegerDigits[5, 2, 8]", "{0, 0, 0, 0, 0, 1, 0, 1}"),
    ("IntegerDigits[255, 16]", "{15, 15}"),
    ("FromDigits[{1, 2, 3}]", "123"),
    ("FromDigits[{1, 0, 1}, 2]", "5"),
    ("FromDigits[\"1234\"]", "1234"),
    ("FromDigits[{a, b, c}, x]", "c + x (b + a x)"),
    ("PowerMod[2, 10, 1000]", "24"),
    ("PowerMod[3, -1, 7]", "5"),
    ("Divisors[12]", "{1, 2, 3, 4, 6, 12}"),
    ("Divisors[1]", "{1}"),
    ("Fibonacci[10]", "55"),
    ("Fibonacci[100]", "354224848179261915075"),
    ("Fibonacci[-5]", "5"),
    ("Fibonacci[-6]", "-8"),
    ("Fibonacci[{1, 2, 3, 4}]", "{1, 1, 2, 3}"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_cases(ev, source, expected):
    assert ev(source) == expected


def test_mod_by_zero(session):
    assert str(session.eval("Mod[1, 0]")) == "Indeterminate"
    assert session.messages == ["Mod::indet: Indeterminate expression Mod[1, 0] encountered."]


_SESSION = []


def _shared():
    if not _SESSION:
        _SESSION.append(Session(print_messages=False, print_output=False))
    return _SESSION[0]


@settings(max_examples=40, deadline=None)
@given(st.integers(-10 ** 12, 10 ** 12), st.integers(-10 ** 6, 10 ** 6).filter(bool))
def test_mod_quotient_match_python(m, n):
    s = _shared()
    assert str(s.eval(f"Mod[{m}, {n}]")) == str(m % n)
    assert str(s.eval(f"Quotient[{m}, {n}]")) == str(m // n)
    assert str(s.eval(f"GCD[{m}, {n}]")) == str(math.gcd(m, n))


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 10 ** 15))
def test_primeq_and_factor_match_sympy(n):
    s = _shared()
    assert str(s.eval(f"PrimeQ[{n}]")) == str(sympy.isprime(n))
    rows = s.eval(f"FactorInteger[{n}]")
    got = {r.args[0].value: r.args[1].value for r in rows.args}
    assert got == sympy.factorint(n)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 60), st.integers(-5, 65))
def test_binomial_matches_math(n, k):
    s = _shared()
    expected = math.comb(n, k) if 0 <= k <= n else 0
    assert str(s.eval(f"Binomial[{n}, {k}]")) == str(expected)
