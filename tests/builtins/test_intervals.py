"""Interval arithmetic against brute force: every value of the expression at points of the
intervals lies in the result, and the result's ends are attained (so it is the tightest range)."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st


@pytest.mark.parametrize("source, expected", [
    ("Interval[{1, 2}] + Interval[{0, 1/2}]", "Interval[{1, 5/2}]"),
    ("Interval[{-1, 2}]^2", "Interval[{0, 4}]"),
    ("2 Interval[{3, 1}] - 1", "Interval[{1, 5}]"),
    ("Interval[{1, 2}] + x", "x + Interval[{1, 2}]"),
    ("Interval[{-2, 3}] Interval[{-1, 4}]", "Interval[{-8, 12}]"),
    ("Exp[Interval[{0, 1}]]", "Interval[{1, E}]"),
    ("Sqrt[Interval[{4, 9}]]", "Interval[{2, 3}]"),
    ("Log[Interval[{1, E}]]", "Interval[{0, 1}]"),
    ("1/Interval[{2, 4}]", "Interval[{1/4, 1/2}]"),
    ("Interval[{1, 2}, {1.5, 3}, {5, 6}]", "Interval[{1, 3}, {5, 6}]"),
    ("Interval[{0, Infinity}] + 1", "Interval[{1, Infinity}]"),
    ("{IntervalMemberQ[Interval[{1, 3}], 2], IntervalMemberQ[Interval[{1, 3}], 4]}", "{True, False}"),
    ("IntervalMemberQ[Interval[{1, 5}], Interval[{2, 3}]]", "True"),
    ("IntervalUnion[Interval[{1, 2}], Interval[{2, 4}]]", "Interval[{1, 4}]"),
    ("IntervalIntersection[Interval[{1, 3}], Interval[{2, 5}]]", "Interval[{2, 3}]"),
    ("{Min[Interval[{1, 3}, {5, 7}]], Max[Interval[{1, 3}, {5, 7}]]}", "{1, 7}"),
])
def test_interval_forms(ev, source, expected):
    assert ev(source) == expected


ends = st.fractions(min_value=-5, max_value=5, max_denominator=4)


@settings(max_examples=30, deadline=None)
@given(a=ends, b=ends, c=ends, d=ends, op=st.sampled_from(["+", "*", "^2", "^3"]))
def test_interval_is_the_exact_range(a, b, c, d, op):
    from gtnlang import Session
    session = Session(print_messages=False, print_output=False)
    lo1, hi1 = sorted((a, b))
    lo2, hi2 = sorted((c, d))

    def f(x, y):
        return {"+": x + y, "*": x * y, "^2": x ** 2, "^3": x ** 3}[op]
    src = {"+": "I1 + I2", "*": "I1 I2", "^2": "I1^2", "^3": "I1^3"}[op]
    fmt = lambda q: f"{q.numerator}/{q.denominator}"
    session.eval(f"I1 = Interval[{{{fmt(lo1)}, {fmt(hi1)}}}]; I2 = Interval[{{{fmt(lo2)}, {fmt(hi2)}}}];")
    got = session.to_python(session.eval(f"{{Min[{src}], Max[{src}]}}"))
    grid = lambda lo, hi: [lo + (hi - lo) * Fraction(k, 8) for k in range(9)] + [Fraction(0)] * (lo <= 0 <= hi)
    values = [f(x, y) for x, y in itertools.product(grid(lo1, hi1), grid(lo2, hi2))]
    assert got == [min(values), max(values)]
