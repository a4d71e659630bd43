"""Comparison: Equal, Unequal, Less, LessEqual, Greater, GreaterEqual,
Inequality, SameQ, UnsameQ, Order, OrderedQ, Positive, Negative,
NonNegative, NonPositive.

Exact numbers compare exactly.  Approximate numbers are equal when they
differ in at most their last seven binary digits (Mathematica's rule), and
the ordering relations treat such numbers as equal too.  Numeric quantities
(``Pi``, ``Sqrt[2]``) are compared through high precision approximations.
Symbolic comparisons stay unevaluated (``x == y``), except that identical
expressions are equal (``x == x`` is ``True``).
"""

from __future__ import annotations

from fractions import Fraction

from gtnlang.core.builtin import builtin
from gtnlang.core.numbers import (
    MACHINE, NUMBER_TYPES, is_exact_number, precision_of, real_value, triple,
)
from gtnlang.core.ordering import canonical_sort, is_sorted, order
from gtnlang.expr import (
    FALSE, TRUE, Complex, Integer, Normal, Rational, Real, String, Symbol, from_bool,
)

_LIST = Symbol("List")
_DI = Symbol("DirectedInfinity")
_INEQUALITY = Symbol("Inequality")

_MACHINE_TOLERANCE = 2.0 ** -46  # last 7 of 53 bits


def _exact(v):
    if isinstance(v, (int, Fraction)):
        return v
    if isinstance(v, float):
        return Fraction(v)
    from gtnlang.core.numbers import mpf_to_fraction
    return mpf_to_fraction(v)


def _tolerance(prec):
    if prec is MACHINE:
        return Fraction(_MACHINE_TOLERANCE)
    # arbitrary precision: the last 7 bits of a mantissa of prec digits
    return Fraction(2 ** 7) / Fraction(10) ** int(prec)


def _real_close(x, y, prec) -> bool:
    """x ~ y for exact rational values x and y within the tolerance of `prec`."""
    if x == y:
        return True
    scale = max(abs(x), abs(y))
    return abs(x - y) <= scale * _tolerance(prec)


def _compare_reals(a, b):
    """-1, 0, 1 comparing two real number atoms, approximate ones with tolerance."""
    if type(a) is Integer and type(b) is Integer:
        x, y = a.value, b.value
        return (x > y) - (x < y)
    x, y = real_value(a), real_value(b)
    if type(a) is Real or type(b) is Real:
        pa = precision_of(a)
        pb = precision_of(b)
        prec = pa if pb is None else pb if pa is None else (
            MACHINE if MACHINE in (pa, pb) else min(pa, pb))
        ex, ey = _exact(x), _exact(y)
        if _real_close(ex, ey, prec):
            return 0
        return (ex > ey) - (ex < ey)
    return (x > y) - (x < y)


def _infinity_sign(x):
    if type(x) is Normal and x.head is _DI and len(x.args) == 1 and type(x.args[0]) is Integer:
        return x.args[0].value
    return None


def _real_of(ev, x):
    """A real number atom for a real numeric x (numbers as they are, numeric
    expressions through N at 50 digits), or None."""
    t = type(x)
    if t is Integer or t is Rational or t is Real:
        return x
    if t is Complex:
        return None
    from gtnlang.builtins.numeric import n_evaluate, numeric_q
    if numeric_q(ev, x):
        v = n_evaluate(ev, x, 50.0)
        if type(v) is Real:
            return v
        if type(v) is Complex and v.im.value == 0:
            return v.re
    return None


def _order_pair(ev, a, b):
    """-1/0/1 for real-valued a, b; None when unknown; 'nord' for complex."""
    sa, sb = _infinity_sign(a), _infinity_sign(b)
    if sa is not None or sb is not None:
        if sa is not None and sb is not None:
            return (sa > sb) - (sa < sb)
        if sa is not None:
            return sa if _real_of(ev, b) is not None else None
        return -sb if _real_of(ev, a) is not None else None
    if type(a) is Complex and type(b) in NUMBER_TYPES or type(b) is Complex and type(a) in NUMBER_TYPES:
        return "nord"
    ra = _real_of(ev, a)
    if ra is None:
        return None
    rb = _real_of(ev, b)
    if rb is None:
        return None
    return _compare_reals(ra, rb)


def _equal_numbers(a, b):
    ta, tb = type(a), type(b)
    if ta is Complex or tb is Complex:
        re_eq = _compare_reals(*_as_atoms(a, b, 0)) == 0
        im_eq = _compare_reals(*_as_atoms(a, b, 1)) == 0
        return re_eq and im_eq
    return _compare_reals(a, b) == 0


def _as_atoms(a, b, part):
    def pick(x):
        if type(x) is Complex:
            return x.re if part == 0 else x.im
        return x if part == 0 else Integer(0)
    return pick(a), pick(b)


_BOOLEANS = (TRUE, FALSE)


def _equal(ev, a, b):
    """True/False/None for a == b."""
    if a == b:
        return True
    ta, tb = type(a), type(b)
    a_num, b_num = ta in NUMBER_TYPES, tb in NUMBER_TYPES
    if a_num and b_num:
        if is_exact_number(a) and is_exact_number(b):
            return False
        return _equal_numbers(a, b)
    if ta is String and tb is String:
        return False
    if a in _BOOLEANS and b in _BOOLEANS:
        return False
    if ta is Normal and tb is Normal and a.head is _LIST and b.head is _LIST:
        if len(a.args) != len(b.args):
            return False
        results = [_equal(ev, x, y) for x, y in zip(a.args, b.args)]
        if any(r is False for r in results):
            return False
        if all(r is True for r in results):
            return True
        return None
    sa, sb = _infinity_sign(a), _infinity_sign(b)
    if sa is not None or sb is not None:
        if (sa is not None and (b_num or _real_of(ev, b) is not None)) or \
                (sb is not None and (a_num or _real_of(ev, a) is not None)):
            return False
        return None
    ra, rb = _real_of(ev, a), _real_of(ev, b)
    if ra is not None and rb is not None:
        if any(type(r) is Real and r.precision is None for r in (ra, rb)):
            return _compare_reals(ra, rb) == 0
        # numeric quantities compared at 50 digits
        x, y = _exact(ra.value), _exact(rb.value)
        return abs(x - y) <= max(abs(x), abs(y)) * Fraction(1, 10 ** 40)
    return None


@builtin(nargs=None,
         usage="lhs == rhs returns True if lhs and rhs are identical.")
def Equal(ev, expr):
    args = expr.args
    if len(args) < 2:
        return TRUE
    if len(args) == 2:
        a, b = args
        if type(a) is Integer and type(b) is Integer:
            return TRUE if a.value == b.value else FALSE
        r = _equal(ev, a, b)
        return None if r is None else from_bool(r)
    unknown = False
    for a, b in zip(args, args[1:]):
        r = _equal(ev, a, b)
        if r is False:
            return FALSE
        if r is None:
            unknown = True
    return None if unknown else TRUE


@builtin(nargs=None,
         usage="lhs != rhs or lhs ≠ rhs returns False if lhs and rhs are identical.")
def Unequal(ev, expr):
    args = expr.args
    if len(args) < 2:
        return TRUE
    unknown = False
    for i in range(len(args)):
        for j in range(i + 1, len(args)):
            r = _equal(ev, args[i], args[j])
            if r is True:
                return FALSE
            if r is None:
                unknown = True
    return None if unknown else TRUE


def _relation(name, accept, symbol):
    @builtin(name, nargs=None,
             messages={"nord": "Invalid comparison with `1` attempted."},
             usage={
                 "Less": "x < y yields True if x is determined to be less than y.\nx1 < x2 < x3 yields True if the xi form a strictly increasing sequence.",
                 "LessEqual": "x <= y or x ≤ y yields True if x is determined to be less than or equal to y.\nx1 <= x2 <= x3 yields True if the xi form a non‐decreasing sequence.",
                 "Greater": "x > y yields True if x is determined to be greater than y.\nx1 > x2 > x3 yields True if the xi form a strictly decreasing sequence.",
                 "GreaterEqual": "x >= y or x ≥ y yields True if x is determined to be greater than or equal to y.\nx1 >= x2 >= x3 yields True if the xi form a non‐increasing sequence.",
             }[name])
    def relation(ev, expr):
        args = expr.args
        n = len(args)
        if n < 2:
            return TRUE
        if n == 2:
            a, b = args
            if type(a) is Integer and type(b) is Integer:
                x, y = a.value, b.value
                return TRUE if accept((x > y) - (x < y)) else FALSE
        results = []
        for a, b in zip(args, args[1:]):
            c = _order_pair(ev, a, b)
            if c == "nord":
                bad = a if type(a) is Complex else b
                ev.message(name, "nord", bad)
                return None
            if c is None:
                results.append(None)
            elif accept(c):
                results.append(True)
            else:
                return FALSE
        if all(r is True for r in results):
            return TRUE
        # drop determined relations at the ends: 1 < 2 < x -> 2 < x
        lo, hi = 0, len(results)
        while lo < hi and results[lo] is True:
            lo += 1
        while hi > lo and results[hi - 1] is True:
            hi -= 1
        if lo == 0 and hi == len(results):
            return None
        return Normal(expr.head, args[lo:hi + 1])
    return relation


_relation("Less", lambda c: c < 0, "<")
_relation("LessEqual", lambda c: c <= 0, "<=")
_relation("Greater", lambda c: c > 0, ">")
_relation("GreaterEqual", lambda c: c >= 0, ">=")

_RELATIONS = {"Less": lambda c: c < 0, "LessEqual": lambda c: c <= 0,
              "Greater": lambda c: c > 0, "GreaterEqual": lambda c: c >= 0}


@builtin(nargs=None,
         usage="Inequality represents a sequence of relational statements.")
def Inequality(ev, expr):
    args = expr.args
    if len(args) == 1:
        return TRUE
    if len(args) < 3 or len(args) % 2 == 0:
        return None
    values = args[0::2]
    ops = args[1::2]
    results = []
    for i, op in enumerate(ops):
        if type(op) is not Symbol:
            return None
        a, b = values[i], values[i + 1]
        if op.name in _RELATIONS:
            c = _order_pair(ev, a, b)
            r = None if c is None or c == "nord" else _RELATIONS[op.name](c)
        elif op.name == "Equal":
            r = _equal(ev, a, b)
        elif op.name == "Unequal":
            r = _equal(ev, a, b)
            r = None if r is None else not r
        else:
            return None
        if r is False:
            return FALSE
        results.append(r)
    if all(r is True for r in results):
        return TRUE
    if len(ops) == 1:
        return Normal(ops[0], (values[0], values[1]))
    # drop determined relations at the ends
    lo, hi = 0, len(results)
    while lo < hi and results[lo] is True:
        lo += 1
    while hi > lo and results[hi - 1] is True:
        hi -= 1
    if lo == 0 and hi == len(results):
        return None
    new = []
    for i in range(lo, hi):
        new.extend([values[i], ops[i]])
    new.append(values[hi])
    if len(new) == 3:
        return Normal(new[1], (new[0], new[2]))
    return Normal(_INEQUALITY, tuple(new))


def _same(a, b) -> bool:
    if a == b:
        return True
    if type(a) is Real and type(b) is Real:
        x, y = _exact(a.value), _exact(b.value)
        prec = MACHINE if a.precision is None or b.precision is None else min(a.precision, b.precision)
        # SameQ: equal if they differ by less than the uncertainty (last bit)
        tol = Fraction(2.0 ** -52) if prec is MACHINE else Fraction(1) / Fraction(10) ** int(prec)
        return abs(x - y) <= max(abs(x), abs(y)) * tol
    return False


@builtin(nargs=None,
         usage="lhs === rhs yields True if the expression lhs is identical to rhs, and yields False otherwise.")
def SameQ(ev, expr):
    args = expr.args
    return from_bool(all(_same(a, b) for a, b in zip(args, args[1:])))


@builtin(nargs=None,
         usage="lhs =!= rhs yields True if the expression lhs is not identical to rhs, and yields False otherwise.")
def UnsameQ(ev, expr):
    args = expr.args
    for i in range(len(args)):
        for j in range(i + 1, len(args)):
            if _same(args[i], args[j]):
                return FALSE
    return TRUE


@builtin(nargs=2,
         usage="Order[expr1, expr2] gives 1 if expr1 is before expr2 in canonical order, and -1 if expr1 is after expr2 in canonical order. It gives 0 if expr1 is identical to expr2.")
def Order(ev, expr):
    a, b = expr.args
    c = order(a, b)
    return Integer((c < 0) - (c > 0))


@builtin(nargs=(1, 2),
         usage="OrderedQ[h[e1, e2, ...]] gives True if the ei are in canonical order, and False otherwise.\n"
               "OrderedQ[h[e1, e2, ...], p] uses the ordering function p to determine whether each pair of elements is in order.")
def OrderedQ(ev, expr):
    x = expr.args[0]
    if x.is_atom:
        return TRUE
    items = x.args
    if len(expr.args) == 1:
        return from_bool(is_sorted(items))
    p = expr.args[1]
    for a, b in zip(items, items[1:]):
        r = ev.evaluate(Normal(p, (a, b)))
        if r is FALSE or (type(r) is Integer and r.value < 0):
            return FALSE
    return TRUE


def _sign_test(name, test, usage):
    @builtin(name, attributes=("Listable", "Protected"), nargs=1, usage=usage)
    def function(ev, expr):
        x = expr.args[0]
        s = _infinity_sign(x)
        if s is not None:
            return from_bool(test(s))
        if type(x) is Complex:
            return FALSE if not (type(x.im) in (Integer, Rational) and x.im.value == 0) else None
        r = _real_of(ev, x)
        if r is None:
            return None
        v = r.value
        return from_bool(test((v > 0) - (v < 0)))
    return function


_sign_test("Positive", lambda s: s > 0, "Positive[x] gives True if x is a positive number.")
_sign_test("Negative", lambda s: s < 0, "Negative[x] gives True if x is a negative number.")
_sign_test("NonNegative", lambda s: s >= 0, "NonNegative[x] gives True if x is a non‐negative number.")
_sign_test("NonPositive", lambda s: s <= 0, "NonPositive[x] gives True if x is a non‐positive number.")
