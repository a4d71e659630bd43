"""Descriptive statistics: Variance, StandardDeviation, MinMax, Quantile,
Covariance, Correlation, Commonest, RootMeanSquare, GeometricMean,
HarmonicMean.  (Mean and Median live in lists.py.)

Functions of a list of values take a matrix column by column, as
Mathematica does (``Variance[{{1, 2}, {3, 5}}]`` is ``{2, 9/2}``).  Exact
data give exact results (``StandardDeviation[{1, 2, 3, 4}]`` is
``Sqrt[5/3]``), computed with fractions; machine reals give machine reals,
computed with floats; other numbers (complex, arbitrary precision) go
through the evaluator's arithmetic, and symbolic data through sympy.
Variance and Covariance divide by n - 1 and conjugate the second factor,
as Mathematica defines them for complex data.
"""

from __future__ import annotations

import math
from fractions import Fraction

from gtnlang.builtins.parts import is_list
from gtnlang.core.builtin import builtin
from gtnlang.core.sympy_bridge import ConversionError, from_sympy, sympy_module, to_sympy
from gtnlang.expr import Complex, Integer, Normal, Rational, Real, Symbol, make_rational

_LIST = Symbol("List")
_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_CONJUGATE = Symbol("Conjugate")
_HALF = Rational(Fraction(1, 2))
_MINUS_ONE = Integer(-1)
_NUMBERS = (Integer, Rational, Real, Complex)

_RECTT = {"rectt": "Rectangular array expected at position `1` in `2`."}
_SHLEN = {"shlen": "The argument `1` should have at least two elements."}


def _list(items) -> Normal:
    return Normal(_LIST, tuple(items))


def _plus(*args) -> Normal:
    return Normal(_PLUS, args)


def _times(*args) -> Normal:
    return Normal(_TIMES, args)


def _power(base, exponent) -> Normal:
    return Normal(_POWER, (base, exponent))


# --- the data argument -------------------------------------------------------------------

def _columns(data):
    """[items] for a vector, the columns for a matrix, None for anything else."""
    if not is_list(data) or not data.args:
        return None
    if not any(is_list(x) for x in data.args):
        return [data.args]
    width = len(data.args[0].args) if is_list(data.args[0]) else -1
    if width < 1 or any(not is_list(r) or len(r.args) != width
                        or any(is_list(x) for x in r.args) for r in data.args):
        return None
    return [tuple(r.args[j] for r in data.args) for j in range(width)]


def _by_column(ev, expr, one, minimum=1):
    """one(items) for a vector argument, {one(column), ...} for a matrix; None
    (after ``::rectt`` or ``::shlen``) for anything else.  An empty list or a
    symbol stays unevaluated without a message (it may be data later)."""
    data = expr.args[0]
    name = expr.head.name
    if is_list(data) and not data.args:
        return None
    columns = _columns(data)
    if columns is None:
        if type(data) in _NUMBERS or is_list(data):
            ev.message(name, "rectt", Integer(1), expr)
        return None
    if len(columns[0]) < minimum:
        ev.message(name, "shlen", data)
        return None
    results = [one(ev, column) for column in columns]
    if any(r is None for r in results):
        return None
    vector = not any(is_list(x) for x in data.args)
    return results[0] if vector else _list(results)


def _kind(items):
    """"exact" (integers and rationals), "machine" (real numbers, one at least
    a machine real), "number" (any other numbers) or None (symbolic)."""
    kind = "exact"
    for x in items:
        t = type(x)
        if t is Integer or t is Rational:
            continue
        if t is Real and x.precision is None:
            kind = "machine" if kind == "exact" else kind
        elif t in _NUMBERS:
            kind = "number"
        else:
            return None
    return kind


def _fractions(items):
    return [Fraction(x.value) for x in items]


def _floats(items):
    return [float(x.value) for x in items]


def _symbolic(function, *lists):
    """function(*sympy lists) converted back, or None when data do not convert."""
    try:
        converted = [[to_sympy(x) for x in items] for items in lists]
        return from_sympy(function(sympy_module(), *converted))
    except ConversionError:
        return None


# --- Variance, StandardDeviation, Covariance, Correlation ------------------------------------

def _covariance(ev, xs, ys):
    """Sum((x - Mean[xs]) Conjugate[y - Mean[ys]])/(n - 1) for equal-length lists."""
    n = len(xs)
    kinds = {_kind(xs), _kind(ys)}
    if kinds == {"exact"}:
        a, b = _fractions(xs), _fractions(ys)
        ma, mb = sum(a) / n, sum(b) / n
        return make_rational(sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (n - 1))
    if kinds <= {"exact", "machine"}:
        a, b = _floats(xs), _floats(ys)
        ma, mb = math.fsum(a) / n, math.fsum(b) / n
        return Real(math.fsum((x - ma) * (y - mb) for x, y in zip(a, b)) / (n - 1))
    if None not in kinds:
        return _number_covariance(xs, ys)
    return _symbolic(_sympy_covariance, xs, ys)


def _number_covariance(xs, ys):
    """The covariance of complex or arbitrary-precision numbers, for the evaluator."""
    n = Integer(len(xs))

    def deviations(items):
        mean = _times(_plus(*items), _power(n, _MINUS_ONE))
        return [_plus(x, _times(_MINUS_ONE, mean)) for x in items]

    terms = [_times(dx, Normal(_CONJUGATE, (dy,)))
             for dx, dy in zip(deviations(xs), deviations(ys))]
    return _times(_plus(*terms), _power(Integer(len(xs) - 1), _MINUS_ONE))


def _sympy_covariance(sp, xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    total = sum((x - mx) * sp.conjugate(y - my) for x, y in zip(xs, ys))
    # factor gives Mathematica's shape: 1/2 (a - b) (Conjugate[a] - Conjugate[b]).
    return sp.factor(sp.expand(total / (n - 1)))


def _variance(ev, items):
    return _covariance(ev, items, items)


def _sqrt(value):
    if type(value) is Real and value.precision is None and value.value >= 0:
        return Real(math.sqrt(value.value))
    return _power(value, _HALF)


@builtin(nargs=1, messages={**_RECTT, **_SHLEN},
         usage="Variance[data] gives the variance estimate of the elements in data.")
def Variance(ev, expr):
    """``Variance[{1, 2, 3, 4}]`` -> ``5/3`` (the unbiased estimate, divided by n - 1)."""
    return _by_column(ev, expr, _variance, minimum=2)


@builtin(nargs=1, messages={**_RECTT, **_SHLEN},
         usage="StandardDeviation[data] gives the standard deviation estimate of the elements in data.")
def StandardDeviation(ev, expr):
    """``StandardDeviation[{1, 2, 3, 4}]`` -> ``Sqrt[5/3]``, the square root of Variance."""
    return _by_column(ev, expr, lambda ev, items: _sqrt(_variance(ev, items)), minimum=2)


def _pair_matrix(ev, expr, pair):
    """pair(xs, ys) for two vectors; the matrix of pair over the columns of one
    matrix, or over the columns of two matrices with as many rows; else None."""
    args = expr.args
    first = _columns(args[0])
    second = first if len(args) == 1 else _columns(args[1])
    if first is None or second is None or len(first[0]) != len(second[0]):
        return None
    if len(first[0]) < 2:
        ev.message(expr.head.name, "shlen", args[0])
        return None
    vectors = len(args) == 2 and not any(is_list(x) for x in args[0].args + args[1].args)
    if vectors:
        return pair(ev, first[0], second[0])
    if len(args) == 1 and not any(is_list(x) for x in args[0].args):
        return None
    return _list(_list(pair(ev, x, y) for y in second) for x in first)


@builtin(nargs=(1, 2), messages=_SHLEN,
         usage="Covariance[v1, v2] gives the covariance between the vectors v1 and v2.\n"
               "Covariance[m] gives the covariance matrix for the matrix m.\n"
               "Covariance[m1, m2] gives the covariance matrix for the matrices m1 and m2.")
def Covariance(ev, expr):
    """``Covariance[{1, 2, 3}, {1, 2, 4}]`` -> ``3/2``."""
    return _pair_matrix(ev, expr, _covariance)


def _correlation(ev, xs, ys):
    """Covariance over the product of the standard deviations."""
    covariance = _covariance(ev, xs, ys)
    product = ev.evaluate(_times(_variance(ev, xs), _variance(ev, ys)))
    if type(covariance) is Real and type(product) is Real and product.value > 0:
        return Real(covariance.value / math.sqrt(product.value))
    return _times(covariance, _power(product, Rational(Fraction(-1, 2))))


@builtin(nargs=(1, 2), messages=_SHLEN,
         usage="Correlation[v1, v2] gives the correlation between the vectors v1 and v2.\n"
               "Correlation[m] gives the correlation matrix for the matrix m.\n"
               "Correlation[m1, m2] gives the correlation matrix for the matrices m1 and m2.")
def Correlation(ev, expr):
    """``Correlation[{1, 2, 3}, {2, 4, 6}]`` -> ``1``."""
    return _pair_matrix(ev, expr, _correlation)


# --- means -----------------------------------------------------------------------------------

def _root_mean_square(ev, items):
    kind = _kind(items)
    n = len(items)
    if kind == "exact":
        return _power(make_rational(sum(x * x for x in _fractions(items)) / n), _HALF)
    if kind == "machine":
        return Real(math.sqrt(math.fsum(x * x for x in _floats(items)) / n))
    # |x|^2 for complex numbers; x^2 for symbols, as Mathematica prints them.
    squares = [_times(x, Normal(_CONJUGATE, (x,))) if type(x) is Complex
               else _power(x, Integer(2)) for x in items]
    return _power(_times(_plus(*squares), _power(Integer(n), _MINUS_ONE)), _HALF)


@builtin(nargs=1, messages=_RECTT,
         usage="RootMeanSquare[list] gives the root mean square of values in list.")
def RootMeanSquare(ev, expr):
    """``RootMeanSquare[{1, 2, 3}]`` -> ``Sqrt[14/3]``."""
    return _by_column(ev, expr, _root_mean_square)


def _geometric_mean(ev, items):
    n = len(items)
    if _kind(items) == "machine" and all(x.value > 0 for x in items):
        return Real(math.exp(math.fsum(math.log(x) for x in _floats(items)) / n))
    return _power(_times(*items), make_rational(Fraction(1, n)))


@builtin(nargs=1, messages=_RECTT,
         usage="GeometricMean[list] gives the geometric mean of the values in list.")
def GeometricMean(ev, expr):
    """``GeometricMean[{1, 2, 3}]`` -> ``6^(1/3)``."""
    return _by_column(ev, expr, _geometric_mean)


def _harmonic_mean(ev, items):
    n = len(items)
    kind = _kind(items)
    if kind == "exact" and all(x.value != 0 for x in items):
        return make_rational(n / sum(1 / x for x in _fractions(items)))
    if kind == "machine" and all(x.value != 0 for x in items):
        return Real(n / math.fsum(1 / x for x in _floats(items)))
    reciprocals = [_power(x, _MINUS_ONE) for x in items]
    return _times(Integer(n), _power(_plus(*reciprocals), _MINUS_ONE))


@builtin(nargs=1, messages=_RECTT,
         usage="HarmonicMean[list] gives the harmonic mean of the values in list.")
def HarmonicMean(ev, expr):
    """``HarmonicMean[{1, 2, 3}]`` -> ``18/11``."""
    return _by_column(ev, expr, _harmonic_mean)


# --- MinMax, Commonest ------------------------------------------------------------------------

@builtin(nargs=(1, 2),
         usage="MinMax[list] gives a list specifying the minimum and maximum of the elements in list.\n"
               "MinMax[list, d] gives {min - d, max + d}.\n"
               "MinMax[list, {dmin, dmax}] gives {min - dmin, max + dmax}.\n"
               "MinMax[list, Scaled[s]] pads by s times max - min.")
def MinMax(ev, expr):
    """``MinMax[{3, 1, 4}]`` -> ``{1, 4}``; ``MinMax[{}]`` -> ``{Infinity, -Infinity}``."""
    data = expr.args[0]
    if not is_list(data):
        return None
    low = ev.evaluate(Normal(Symbol("Min"), (data,)))
    high = ev.evaluate(Normal(Symbol("Max"), (data,)))
    if len(expr.args) == 1:
        return _list((low, high))
    spec = expr.args[1]
    if is_list(spec) and len(spec.args) == 2:
        below, above = spec.args
    elif type(spec) is Normal and spec.has_head("Scaled") and len(spec.args) == 1:
        below = above = _times(spec.args[0], _plus(high, _times(_MINUS_ONE, low)))
    else:
        below = above = spec
    return _list((_plus(low, _times(_MINUS_ONE, below)), _plus(high, above)))


@builtin(nargs=(1, 2),
         usage="Commonest[list] gives a list of the elements that are the most common in list.\n"
               "Commonest[list, n] gives a list of the n most common elements in list.")
def Commonest(ev, expr):
    """``Commonest[{b, a, c, 2, a, b, 1, 2}]`` -> ``{b, a, 2}``: the most
    frequent elements, in the order they first appear."""
    data = expr.args[0]
    if not is_list(data):
        return None
    counts: dict = {}
    for x in data.args:
        counts[x] = counts.get(x, 0) + 1
    if len(expr.args) == 1:
        top = max(counts.values(), default=0)
        return _list(x for x, k in counts.items() if k == top)
    n = expr.args[1]
    if type(n) is not Integer or n.value < 0:
        return None
    # Most frequent first; sorted() is stable, so ties keep first appearance.
    ranked = sorted(counts, key=lambda x: -counts[x])
    return _list(ranked[:n.value])


# --- Quantile ------------------------------------------------------------------------------------

_DEFAULT_PARAMETERS = ((0, 0), (1, 0))


def _real(x):
    """The Python value (Fraction or float) of a real number atom, else None."""
    if type(x) is Integer or type(x) is Rational:
        return Fraction(x.value)
    if type(x) is Real and x.precision is None:
        return float(x.value)
    return None


def _quantile_of(ev, ordered, q, parameters):
    """Mathematica's Quantile of sorted data: the element at a + (n + b) q, or,
    between two elements, lower + (upper - lower) (c + d FractionalPart[r])."""
    (a, b), (c, d) = parameters
    n = len(ordered)
    r = a + (n + b) * q
    low, high = math.floor(r), math.ceil(r)
    lower = ordered[min(max(low, 1), n) - 1]
    upper = ordered[min(max(high, 1), n) - 1]
    if low == high:
        return upper
    weight = c + d * (r - low)
    if weight == 1:
        return upper
    if weight == 0:
        return lower
    value = _from_value(weight)
    return _plus(lower, _times(value, _plus(upper, _times(_MINUS_ONE, lower))))


def _from_value(v):
    return Real(v) if isinstance(v, float) else make_rational(Fraction(v))


def _quantile_spec(spec):
    """The list of q values in [0, 1] and whether spec was a list; None if invalid."""
    items = spec.args if is_list(spec) else (spec,)
    values = [_real(q) for q in items]
    if not items or any(v is None or not 0 <= v <= 1 for v in values):
        return None
    return values, is_list(spec)


def _parameters(spec):
    """{{a, b}, {c, d}} as numbers, or None."""
    if not (is_list(spec) and len(spec.args) == 2 and all(is_list(r) and len(r.args) == 2
                                                        for r in spec.args)):
        return None
    values = [[_real(x) for x in r.args] for r in spec.args]
    return None if any(v is None for r in values for v in r) else values


@builtin(nargs=(2, 3), messages={
    **_RECTT,
    "nquan": "The Quantile specification `1` should be a number or a list of numbers between 0 and 1.",
    "parm": "The Quantile parameters `1` should be given as a 2 x 2 matrix of real numbers."},
    usage="Quantile[list, q] gives the q^(th) quantile of list.\n"
          "Quantile[list, {q1, q2, ...}] gives a list of quantiles q1, q2, ....\n"
          "Quantile[list, q, {{a, b}, {c, d}}] uses the quantile definition specified by parameters a, b, c, d.")
def Quantile(ev, expr):
    """``Quantile[{1, 2, 3, 4}, 1/2]`` -> ``2``: by default the element at
    position Ceiling[n q] of the sorted data (the first one for q = 0)."""
    spec = _quantile_spec(expr.args[1])
    if spec is None:
        ev.message("Quantile", "nquan", expr.args[1])
        return None
    parameters = _DEFAULT_PARAMETERS
    if len(expr.args) == 3:
        parameters = _parameters(expr.args[2])
        if parameters is None:
            ev.message("Quantile", "parm", expr.args[2])
            return None
    qs, many = spec

    def one(ev, items):
        if any(_real(x) is None for x in items):
            return None
        ordered = sorted(items, key=_real)
        return _list(_quantile_of(ev, ordered, q, parameters) for q in qs)

    found = _by_column(ev, expr, one)
    if found is None:
        return None
    if not any(is_list(x) for x in expr.args[0].args):   # a vector: one value per q
        per_q = found.args
    else:                                                 # a matrix: column values per q
        per_q = [_list(column.args[i] for column in found.args) for i in range(len(qs))]
    return _list(per_q) if many else per_q[0]
