"""Interval arithmetic: Interval[{min, max}, ...] as in Mathematica.

An interval is a union of closed pieces ``{a, b}`` with numeric ends (exact
numbers, machine or arbitrary-precision reals, ``-Infinity``/``Infinity``),
kept sorted and merged.  ``Plus``, ``Times``, integer ``Power`` and the
monotone functions ``Exp``, ``Log``, ``Sqrt`` of intervals give the interval
of every value the expression can take; symbolic arguments are left alone.

>>> from gtnlang import Session
>>> s = Session(print_messages=False)
>>> str(s.eval("{Interval[{1, 2}] + Interval[{0, 1/2}], Interval[{-1, 2}]^2, 2 Interval[{3, 1}] - 1}"))
'{Interval[{1, 5/2}], Interval[{0, 4}], Interval[{1, 5}]}'
"""

from __future__ import annotations

import math

from gtnlang.core.builtin import builtin, up_builtin
from gtnlang.expr import FALSE, TRUE, Integer, Normal, Rational, Real, Symbol

_INTERVAL = Symbol("Interval")
_LIST = Symbol("List")
_DI = Symbol("DirectedInfinity")
_NUMBERS = (Integer, Rational, Real)


_CONSTANTS = {"E": math.e, "Pi": math.pi, "Degree": math.pi / 180, "GoldenRatio": (1 + math.sqrt(5)) / 2}
_FLOAT_OPS = {"Plus": lambda xs: math.fsum(xs), "Times": math.prod, "Power": lambda xs: xs[0] ** xs[1],
              "Log": lambda xs: math.log(xs[0]) if len(xs) == 1 else None}


def _float(e):
    """A float for ordering an interval's ends: numbers, +-Infinity and exact numeric
    expressions (E, Sqrt[2], Log[3], ...); None for anything else."""
    t = type(e)
    if t in _NUMBERS:
        return float(e.value)
    if t is Symbol:
        return _CONSTANTS.get(e.name)
    if t is Normal and e.head is _DI and len(e.args) == 1 and type(e.args[0]) is Integer \
            and e.args[0].value in (-1, 1):
        return math.inf * e.args[0].value
    if t is Normal and type(e.head) is Symbol and e.head.name in _FLOAT_OPS:
        xs = [_float(a) for a in e.args]
        if any(x is None for x in xs):
            return None
        try:
            v = _FLOAT_OPS[e.head.name](xs)
        except (ValueError, OverflowError, ZeroDivisionError, TypeError):
            return None
        return v if isinstance(v, float) or isinstance(v, int) else None
    return None


def _is_end(e) -> bool:
    return _float(e) is not None


def _pieces(e):
    """The pieces [(a, b), ...] of an interval expression, or None."""
    if type(e) is not Normal or e.head is not _INTERVAL:
        return None
    out = []
    for p in e.args:
        if type(p) is Normal and p.head is _LIST and len(p.args) == 2 and all(map(_is_end, p.args)):
            out.append(tuple(p.args))
        else:
            return None
    return out


def _make(ev, pieces):
    """Interval[...] of pieces: ends ordered, pieces sorted and overlapping ones merged."""
    ordered = []
    for a, b in pieces:
        if _float(a) > _float(b):
            a, b = b, a
        ordered.append((a, b))
    ordered.sort(key=lambda p: (_float(p[0]), _float(p[1])))
    merged = []
    for a, b in ordered:
        if merged and _float(a) <= _float(merged[-1][1]):
            if _float(b) > _float(merged[-1][1]):
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return Normal(_INTERVAL, tuple(Normal(_LIST, p) for p in merged))


@builtin(attributes=("Protected",), nargs=(0, None),
         usage="Interval[{min, max}] represents the range of values between min and max.\n"
               "Interval[{min1, max1}, {min2, max2}, ...] is the union of the ranges. Arithmetic and the monotone "
               "functions Exp, Log and Sqrt of intervals give the range of values of the result.")
def Interval(ev, expr):
    pieces = []
    for p in expr.args:
        if _is_end(p):
            pieces.append((p, p))
        elif type(p) is Normal and p.head is _LIST and len(p.args) == 2 and all(map(_is_end, p.args)):
            pieces.append(tuple(p.args))
        else:
            return None
    result = _make(ev, pieces)
    return None if result == expr else result


def _apply(ev, head, *args):
    return ev.evaluate(Normal(Symbol(head), args))


def _combine(ev, x, y, op):
    """Pieces of x op y for op in Plus/Times: the extreme values over the piece corners."""
    out = []
    for a, b in x:
        for c, d in y:
            if op == "Plus":
                out.append((_apply(ev, "Plus", a, c), _apply(ev, "Plus", b, d)))
            else:
                corners = [_apply(ev, "Times", u, v) for u in (a, b) for v in (c, d)]
                corners = [c_ for c_ in corners if _is_end(c_)]
                if len(corners) != 4:
                    return None
                out.append((min(corners, key=_float), max(corners, key=_float)))
    if not all(_is_end(a) and _is_end(b) for a, b in out):
        return None
    return out


def _arithmetic(ev, expr, op):
    intervals, numbers, rest = [], [], []
    for a in expr.args:
        p = _pieces(a)
        if p is not None:
            intervals.append(p)
        elif _is_end(a):
            numbers.append([(a, a)])
        else:
            rest.append(a)
    if not intervals:
        return None
    acc = intervals[0]
    for other in intervals[1:] + numbers:
        acc = _combine(ev, acc, other, op)
        if acc is None:
            return None
    result = _make(ev, acc)
    if not rest:
        return result
    return Normal(expr.head, tuple(rest) + (result,))


def _power(ev, expr):
    if len(expr.args) != 2:
        return None
    base, n = expr.args
    exponent = _pieces(n)
    if exponent is not None and _pieces(base) is None:
        b = _float(base)
        if b is None or b <= 0:
            return None
        ends = [(_apply(ev, "Power", base, a), _apply(ev, "Power", base, c)) for a, c in exponent]
        if not all(_is_end(a) and _is_end(c) for a, c in ends):
            return None
        return _make(ev, ends)       # b^x is monotone; _make orders the ends (b < 1 decreases)
    x = _pieces(base)
    if x is None or type(n) is not Integer:
        return None
    k = n.value
    out = []
    for a, b in x:
        fa, fb = _float(a), _float(b)
        if k >= 0:
            pa, pb = _apply(ev, "Power", a, n), _apply(ev, "Power", b, n)
            if k % 2 == 0 and fa < 0 < fb:
                out.append((Integer(0), max(pa, pb, key=_float)))
            else:
                out.append((min(pa, pb, key=_float), max(pa, pb, key=_float)))
        elif fa <= 0 <= fb:
            return None         # 1/x across 0: Mathematica splits at infinity; not done here
        else:
            pa, pb = _apply(ev, "Power", a, n), _apply(ev, "Power", b, n)
            out.append((min(pa, pb, key=_float), max(pa, pb, key=_float)))
    if not all(_is_end(a) and _is_end(b) for a, b in out):
        return None
    return _make(ev, out)


_MONOTONE = {"Log": 0.0, "Sqrt": 0.0}


def _monotone(ev, expr):
    if len(expr.args) != 1:
        return None
    x = _pieces(expr.args[0])
    lowest = _MONOTONE[expr.head.name]
    if x is None or any(_float(a) < lowest for a, _ in x):
        return None
    out = [(_apply(ev, expr.head.name, a), _apply(ev, expr.head.name, b)) for a, b in x]
    if not all(_is_end(a) and _is_end(b) for a, b in out):
        return None
    return _make(ev, out)


@up_builtin("Interval")
def _interval_up(ev, expr):
    head = expr.head
    if type(head) is not Symbol:
        return None
    name = head.name
    if name in ("Plus", "Times"):
        return _arithmetic(ev, expr, name)
    if name == "Power":
        return _power(ev, expr)
    if name in _MONOTONE:
        return _monotone(ev, expr)
    if name in ("Min", "Max") and len(expr.args) == 1:
        x = _pieces(expr.args[0])
        if x:
            return x[0][0] if name == "Min" else x[-1][1]
    return None


@builtin(nargs=2, usage="IntervalMemberQ[interval, x] gives True if the number x lies in the interval; "
                         "IntervalMemberQ[interval1, interval2] gives True if interval2 lies inside interval1.")
def IntervalMemberQ(ev, expr):
    x = _pieces(expr.args[0])
    if x is None:
        return None
    y = _pieces(expr.args[1]) if not _is_end(expr.args[1]) else [(expr.args[1], expr.args[1])]
    if y is None:
        return None
    inside = all(any(_float(a) <= _float(c) and _float(d) <= _float(b) for a, b in x) for c, d in y)
    return TRUE if inside else FALSE


@builtin(nargs=(0, None), usage="IntervalUnion[interval1, interval2, ...] gives the interval of every value in "
                                 "any of the intervals.")
def IntervalUnion(ev, expr):
    pieces = [_pieces(a) for a in expr.args]
    if any(p is None for p in pieces):
        return None
    return _make(ev, [q for p in pieces for q in p])


@builtin(nargs=(1, None), usage="IntervalIntersection[interval1, interval2, ...] gives the interval of the values "
                                 "common to all the intervals.")
def IntervalIntersection(ev, expr):
    pieces = [_pieces(a) for a in expr.args]
    if any(p is None for p in pieces):
        return None
    acc = pieces[0]
    for other in pieces[1:]:
        nxt = []
        for a, b in acc:
            for c, d in other:
                lo = a if _float(a) >= _float(c) else c
                hi = b if _float(b) <= _float(d) else d
                if _float(lo) <= _float(hi):
                    nxt.append((lo, hi))
        acc = nxt
    return _make(ev, acc)
