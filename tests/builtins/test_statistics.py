"""Descriptive statistics (gtnlang/builtins/statistics.py): Mathematica's
printed outputs, and properties against Python's statistics module and
numpy for exact and machine data."""

import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.expr import Expression, Integer, Rational, Real

CASES = [
    ("Variance[{1, 2, 3, 4}]", "5/3"),
    ("StandardDeviation[{1, 2, 3, 4}]", "Sqrt[5/3]"),
    ("Variance[{1., 2., 3., 4.}]", "1.66667"),
    ("StandardDeviation[{1., 2, 3, 4}]", "1.29099"),
    ("Variance[{{1, 2}, {3, 5}}]", "{2, 9/2}"),
    ("StandardDeviation[{{1, 2}, {3, 5}, {5, 11}}]", "{2, Sqrt[21]}"),
    ("Variance[{a, b}]", "((a - b) (Conjugate[a] - Conjugate[b]))/2"),
    ("Variance[{1 + I, 2, 3}]", "4/3"),
    ("Variance[{}]", "Variance[{}]"),
    ("Variance[x]", "Variance[x]"),
    ("MinMax[{3, 1, 4}]", "{1, 4}"),
    ("MinMax[{3, 1, 4, 1, 5}, 1]", "{0, 6}"),
    ("MinMax[{3, 1, 4}, {1, 2}]", "{0, 6}"),
    ("MinMax[{3, 1, 4}, Scaled[1/2]]", "{-1/2, 11/2}"),
    ("MinMax[{{1, 5}, {0, 2}}]", "{0, 5}"),
    ("MinMax[{}]", "{Infinity, -Infinity}"),
    ("MinMax[{a, b}]", "{Min[a, b], Max[a, b]}"),
    ("Quantile[{1, 2, 3, 4}, 1/2]", "2"),
    ("Quantile[{1, 2, 3, 4, 5}, 0.5]", "3"),
    ("Quantile[{4, 1, 3, 2}, 0]", "1"),
    ("Quantile[{4, 1, 3, 2}, 1]", "4"),
    ("Quantile[Range[10], {1/4, 1/2, 3/4}]", "{3, 5, 8}"),
    ("Quantile[{1, 2, 3, 4}, 1/2, {{1/2, 0}, {0, 1}}]", "5/2"),
    ("Quantile[{{1, 2}, {3, 4}, {5, 6}}, 1/2]", "{3, 4}"),
    ("Quantile[{{1, 2}, {3, 4}, {5, 6}}, {1/4, 3/4}]", "{{1, 2}, {5, 6}}"),
    ("Covariance[{1, 2, 3}, {1, 2, 4}]", "3/2"),
    ("Covariance[{{1, 2}, {2, 4}, {3, 7}}]", "{{1, 5/2}, {5/2, 19/3}}"),
    ("Covariance[{a, b}, {c, d}]", "((a - b) (Conjugate[c] - Conjugate[d]))/2"),
    ("Correlation[{1, 2, 3}, {2, 4, 6}]", "1"),
    ("Correlation[{1, 2, 3}, {1, 2, 4}]", "(3 Sqrt[3/7])/2"),
    ("Correlation[{{1, 2}, {2, 4}, {3, 7}}]", "{{1, (5 Sqrt[3/19])/2}, {(5 Sqrt[3/19])/2, 1}}"),
    ("Commonest[{b, a, c, 2, a, b, 1, 2}]", "{b, a, 2}"),
    ("Commonest[{1, 2, 2, 3, 3, 3}, 2]", "{3, 2}"),
    ("Commonest[{{1, 2}, {1, 2}, {3}}]", "{{1, 2}}"),
    ("RootMeanSquare[{1, 2, 3}]", "Sqrt[14/3]"),
    ("RootMeanSquare[{a, b}]", "Sqrt[a^2 + b^2]/Sqrt[2]"),
    ("RootMeanSquare[{{1, 3}, {1, 5}}]", "{1, Sqrt[17]}"),
    ("GeometricMean[{1, 2, 3}]", "6^(1/3)"),
    ("GeometricMean[{{1, 2}, {4, 8}}]", "{2, 4}"),
    ("GeometricMean[{2., 8.}]", "4."),
    ("HarmonicMean[{1, 2, 3}]", "18/11"),
    ("HarmonicMean[{a, b}]", "2/(1/a + 1/b)"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_outputs(ev, source, expected):
    assert ev(source) == expected


MESSAGES = [
    ("Variance[{1}]", "Variance::shlen: The argument {1} should have at least two elements."),
    ("Variance[5]", "Variance::rectt: Rectangular array expected at position 1 in Variance[5]."),
    ("StandardDeviation[{{1, 2}, {3}}]",
     "StandardDeviation::rectt: Rectangular array expected at position 1 in StandardDeviation[{{1, 2}, {3}}]."),
    ("Quantile[{1, 2, 3}, 2]",
     "Quantile::nquan: The Quantile specification 2 should be a number or a list of numbers between 0 and 1."),
]


@pytest.mark.parametrize("source, text", MESSAGES)
def test_messages_leave_the_call_unevaluated(session, source, text):
    result = session.eval(source)
    assert session.messages == [text]
    assert str(result) == source


# --- properties against Python's statistics module and numpy --------------------------------

_SESSION = []


def _call(name, *args):
    if not _SESSION:
        _SESSION.append(Session(print_messages=False, print_output=False))
    s = _SESSION[0]
    return s.evaluate(Expression(name, *(s.from_python(a) for a in args)))


def _fraction(x):
    assert type(x) in (Integer, Rational), x
    return Fraction(x.value)


exact_data = st.lists(st.fractions(min_value=-100, max_value=100, max_denominator=50), min_size=2, max_size=12)
machine_data = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=12)


@settings(max_examples=80, deadline=None)
@given(exact_data)
def test_exact_variance_and_deviation(data):
    assert _fraction(_call("Variance", data)) == statistics.variance(data)
    deviation = _call("StandardDeviation", data)
    expected = statistics.variance(data)
    # Exact: the square root of the exact variance, never a float.
    squared = _call("Power", deviation, 2) if expected else deviation
    assert _fraction(squared) == expected


@settings(max_examples=80, deadline=None)
@given(machine_data)
def test_machine_variance_and_deviation(data):
    variance = _call("Variance", data)
    assert type(variance) is Real
    assert variance.value == pytest.approx(statistics.variance(data), rel=1e-9, abs=1e-9)
    assert _call("StandardDeviation", data).value == pytest.approx(statistics.stdev(data), rel=1e-9, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(exact_data, st.fractions(min_value=0, max_value=1, max_denominator=20))
def test_quantile_default_definition(data, q):
    # Mathematica's default: the element at position Ceiling[n q] (at least 1) of the sorted data.
    ordered = sorted(data)
    expected = ordered[max(1, math.ceil(len(data) * q)) - 1]
    assert _fraction(_call("Quantile", data, q)) == expected
    # numpy's "inverted_cdf" method is the same definition.
    assert float(expected) == pytest.approx(
        float(np.quantile([float(x) for x in data], float(q), method="inverted_cdf")))


@settings(max_examples=60, deadline=None)
@given(exact_data)
def test_median_like_quantile_parameters(data):
    # {{1/2, 0}, {0, 1}} interpolates linearly: the median of Python's statistics module.
    half = Fraction(1, 2)
    result = _call("Quantile", data, half, [[half, 0], [0, 1]])
    assert _fraction(result) == statistics.median(data)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 10).flatmap(lambda n: st.tuples(
    st.lists(st.fractions(-50, 50, max_denominator=9), min_size=n, max_size=n),
    st.lists(st.fractions(-50, 50, max_denominator=9), min_size=n, max_size=n))))
def test_covariance_and_correlation(pair):
    xs, ys = pair
    n = len(xs)
    # The one-pass formula as an exact reference (the code uses deviations from the mean).
    exact = (sum(x * y for x, y in zip(xs, ys)) - sum(xs) * sum(ys) / n) / (n - 1)
    assert _fraction(_call("Covariance", xs, ys)) == exact
    assert float(exact) == pytest.approx(statistics.covariance(xs, ys), abs=1e-9)
    if statistics.variance(xs) and statistics.variance(ys):
        correlation = _call("N", _call("Correlation", xs, ys))
        assert correlation.value == pytest.approx(
            statistics.correlation([float(x) for x in xs], [float(y) for y in ys]), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fractions(min_value=Fraction(1, 10), max_value=100, max_denominator=20),
                min_size=1, max_size=10))
def test_means(data):
    assert _fraction(_call("HarmonicMean", data)) == statistics.harmonic_mean(data)
    floats = [float(x) for x in data]
    assert _call("N", _call("GeometricMean", data)).value == pytest.approx(statistics.geometric_mean(floats))
    assert _call("N", _call("RootMeanSquare", data)).value == pytest.approx(
        math.sqrt(statistics.fmean(x * x for x in floats)))
    low, high = _call("MinMax", data).args
    assert (_fraction(low), _fraction(high)) == (min(data), max(data))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=20))
def test_commonest_is_the_multimode(data):
    assert [x.value for x in _call("Commonest", data).args] == statistics.multimode(data)


def test_matrix_arguments_work_column_by_column():
    rows = [[Fraction(x) for x in row] for row in [[1, 2, 5], [3, 5, 7], [4, 11, 6]]]
    columns = list(zip(*rows))
    for name, reference in [("Variance", statistics.variance), ("HarmonicMean", statistics.harmonic_mean)]:
        assert [_fraction(x) for x in _call(name, rows).args] == [reference(c) for c in columns]
    covariance = _call("Covariance", rows)
    assert np.allclose([[float(_fraction(x)) for x in row.args] for row in covariance.args],
                       np.cov(np.array(rows, dtype=float), rowvar=False))
