"""Canonical order of expressions (Mathematica's ``Order`` and ``Sort``).

The evaluator sorts the arguments of ``Orderless`` functions with
`canonical_sort`; the printer prints them in that order, which is why
``x^2 + 2 x y + y^2`` and ``1 + x + x^2/2`` come out the way Mathematica
shows them.

The rules (Wolfram documentation of ``Sort``, checked against many known
Mathematica outputs):

1. Numbers come first, ordered by value; complex numbers by real part, then by
   the absolute value of the imaginary part, then by the imaginary part; on a
   tie exact numbers come before inexact ones (``1`` before ``1.``).
2. Then strings, then symbols, then other atoms, then normal expressions.
   Strings and symbol names compare as in a dictionary: case is ignored
   first, and on a tie a lowercase letter comes before its uppercase form
   (``a < A < b < B``).
3. Powers, products and sums are ordered as the terms of a polynomial:

   - if either expression is a ``Times``, both are seen as products (a
     non-product ``u`` as ``1 u``); their non-numeric factors are compared
     from the last one backwards (so ``x^2 < x y < y^2``), a product that
     runs out of factors first comes first (``b < a b``), and equal factors
     are decided by the numeric coefficient (``x < 2 x``);
   - otherwise, if either is a ``Power``, both are seen as powers (``u`` as
     ``u^1``) and compared by base, then by exponent (``x < x^2 < y``);
   - otherwise, if either is a ``Plus``, both are seen as sums (``u`` as
     ``0 + u``), compared like products: non-numeric terms from the last one
     backwards, then the numeric term (so ``(-1 + x) x (1 + x)``,
     ``(a + b) x`` but ``x y (x + y)``).

4. Other normal expressions: shorter ones first, then head, then the
   arguments from left to right.

`order` is a Python-style three-way comparison (negative when `a` comes
first); Mathematica's ``Order[a, b]`` is ``-order(a, b)``.
"""

from __future__ import annotations

from functools import cmp_to_key

from gtnlang.core.numbers import mpf_to_fraction

from gtnlang.expr import (
    Complex, Expr, Integer, Normal, Opaque, Rational, Real, String, Symbol,
)

__all__ = ["order", "canonical_sort", "sort_key", "is_sorted", "compare_numbers",
           "name_key"]

_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_PLUS = Symbol("Plus")
_ONE = Integer(1)
_ZERO = Integer(0)

_NUMBER_TYPES = frozenset((Integer, Rational, Real, Complex))

# Rank of atoms that are not numbers.
_ATOM_RANK = {String: 0, Symbol: 1, Opaque: 2}

_name_keys: dict = {}


def name_key(name: str):
    """Dictionary order of a name: case-insensitive, lowercase first on ties."""
    key = _name_keys.get(name)
    if key is None:
        key = (name.lower(), name.swapcase())
        if len(_name_keys) < 100000:
            _name_keys[name] = key
    return key


# --- numbers -------------------------------------------------------------------

def _real_value(x):
    """An exactly comparable Python value of a real number atom."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    v = x.value
    if type(v) is float:
        return v
    # mpmath mpf: compare exactly through a Fraction.
    if not v._mpf_[1] and v._mpf_[2]:  # inf/nan (a zero mantissa with an exponent)
        return float(v)
    return mpf_to_fraction(v)


def _cmp_values(x, y) -> int:
    if x != x or y != y:  # NaN: keep a total order
        return (y == y) - (x == x)
    return (x > y) - (x < y)


def _inexactness(x) -> int:
    t = type(x)
    if t is Real:
        return 1 if x.precision is None else 2
    if t is Complex:
        return max(_inexactness(x.re), _inexactness(x.im))
    return 0


def _exact_cmp(x, y) -> int:
    """Three-way comparison of ints and Fractions by cross-multiplying
    (Fraction's own comparison goes through several Python-level calls)."""
    if type(x) is int:
        if type(y) is not int:
            x, y = x * y.denominator, y.numerator
    elif type(y) is int:
        x, y = x.numerator, y * x.denominator
    else:
        x, y = x.numerator * y.denominator, y.numerator * x.denominator
    return (x > y) - (x < y)


def compare_numbers(a: Expr, b: Expr) -> int:
    """Three-way canonical comparison of two number atoms."""
    ta, tb = type(a), type(b)
    if (ta is Integer or ta is Rational) and (tb is Integer or tb is Rational):
        # exact and real: the values decide (an Integer never equals a Rational)
        return _exact_cmp(a.value, b.value)
    if ta is Complex:
        are, aim = _real_value(a.re), _real_value(a.im)
    else:
        are, aim = _real_value(a), 0
    if tb is Complex:
        bre, bim = _real_value(b.re), _real_value(b.im)
    else:
        bre, bim = _real_value(b), 0
    c = _cmp_values(are, bre)
    if c:
        return c
    c = _cmp_values(abs(aim), abs(bim))
    if c:
        return c
    c = _cmp_values(aim, bim)
    if c:
        return c
    ea, eb = _inexactness(a), _inexactness(b)
    if ea != eb:
        return -1 if ea < eb else 1
    if ta is Real and tb is Real and a.precision != b.precision:
        return -1 if (a.precision or 0) < (b.precision or 0) else 1
    if ta is not tb:
        return -1 if ta.__name__ < tb.__name__ else 1
    return 0


# --- expressions ---------------------------------------------------------------

def order(a: Expr, b: Expr) -> int:
    """Negative if `a` comes before `b` in canonical order, positive if after,
    0 if they are identical."""
    if a is b:
        return 0
    ta, tb = type(a), type(b)
    a_num = ta in _NUMBER_TYPES
    b_num = tb in _NUMBER_TYPES
    if a_num or b_num:
        if a_num and b_num:
            return compare_numbers(a, b)
        return -1 if a_num else 1
    if ta is Normal or tb is Normal:
        ha = a.head if ta is Normal else None
        hb = b.head if tb is Normal else None
        if ha is _TIMES or hb is _TIMES:
            return _cmp_products(a, b)
        if (ha is _POWER and len(a.args) == 2) or (hb is _POWER and len(b.args) == 2):
            return _cmp_powers(a, b)
        if ha is _PLUS or hb is _PLUS:
            return _cmp_sums(a, b)
        if ta is Normal and tb is Normal:
            return _cmp_normals(a, b)
        return 1 if ta is Normal else -1
    return _cmp_atoms(a, b)


def _cmp_atoms(a, b) -> int:
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is Symbol:
            ka, kb = name_key(a.name), name_key(b.name)
            return (ka > kb) - (ka < kb)
        if ta is String:
            if a.value == b.value:
                return 0
            ka, kb = name_key(a.value), name_key(b.value)
            return (ka > kb) - (ka < kb)
        if ta is Opaque:
            if a == b:
                return 0
            ka = (a.head_name, hash(a), id(a))
            kb = (b.head_name, hash(b), id(b))
            return (ka > kb) - (ka < kb)
    ra, rb = _ATOM_RANK.get(ta, 3), _ATOM_RANK.get(tb, 3)
    if ra != rb:
        return -1 if ra < rb else 1
    ka, kb = repr(a), repr(b)
    return (ka > kb) - (ka < kb)


def _split(expr, head, identity):
    """(numeric part, non-numeric parts) of a product or sum; a non-`head`
    expression is one non-numeric part."""
    if type(expr) is Normal and expr.head is head:
        args = expr.args
        if args and type(args[0]) in _NUMBER_TYPES:
            k = 1
            while k < len(args) and type(args[k]) in _NUMBER_TYPES:
                k += 1
            if k == 1:
                return args[0], args[1:]
            return args[0], args[k:]
        return identity, args
    return identity, (expr,)


def _cmp_reversed(pa, pb) -> int:
    i, j = len(pa) - 1, len(pb) - 1
    while i >= 0 and j >= 0:
        c = order(pa[i], pb[j])
        if c:
            return c
        i -= 1
        j -= 1
    if i >= 0:
        return 1
    if j >= 0:
        return -1
    return 0


def _cmp_products(a, b) -> int:
    ca, fa = _split(a, _TIMES, _ONE)
    cb, fb = _split(b, _TIMES, _ONE)
    c = _cmp_reversed(fa, fb)
    if c:
        return c
    c = compare_numbers(ca, cb)
    if c:
        return c
    return _cmp_structure(a, b)


def _cmp_sums(a, b) -> int:
    ca, ta = _split(a, _PLUS, _ZERO)
    cb, tb = _split(b, _PLUS, _ZERO)
    c = _cmp_reversed(ta, tb)
    if c:
        return c
    c = compare_numbers(ca, cb)
    if c:
        return c
    return _cmp_structure(a, b)


def _cmp_powers(a, b) -> int:
    if type(a) is Normal and a.head is _POWER and len(a.args) == 2:
        ba, ea = a.args
    else:
        ba, ea = a, _ONE
    if type(b) is Normal and b.head is _POWER and len(b.args) == 2:
        bb, eb = b.args
    else:
        bb, eb = b, _ONE
    c = order(ba, bb)
    if c:
        return c
    c = order(ea, eb)
    if c:
        return c
    return _cmp_structure(a, b)


def _cmp_normals(a, b) -> int:
    la, lb = len(a.args), len(b.args)
    if la != lb:
        return -1 if la < lb else 1
    c = order(a.head, b.head)
    if c:
        return c
    for x, y in zip(a.args, b.args):
        c = order(x, y)
        if c:
            return c
    return 0


def _cmp_structure(a, b) -> int:
    """Last resort for forms the polynomial rules call equal (``Times[1, x]``
    against ``x``): atoms first, then the plain structural order."""
    if a == b:
        return 0
    an, bn = type(a) is Normal, type(b) is Normal
    if an and bn:
        return _cmp_normals(a, b)
    if an != bn:
        return 1 if an else -1
    return _cmp_atoms(a, b)


_KEY = cmp_to_key(order)


def sort_key(expr: Expr):
    """A key whose Python ordering is the canonical order (for ``sorted``)."""
    return _KEY(expr)


def is_sorted(args) -> bool:
    """True when `args` is already in canonical order."""
    for i in range(len(args) - 1):
        if order(args[i], args[i + 1]) > 0:
            return False
    return True


def _int_value(x):
    return x.value


def canonical_sort(args: tuple) -> tuple:
    """The arguments in canonical order (the same tuple when already sorted)."""
    n = len(args)
    if n < 2:
        return args
    if n == 2:
        a, b = args
        ta, tb = type(a), type(b)
        if ta is Integer and tb is Integer:
            return (b, a) if a.value > b.value else args
        if (ta is Integer or ta is Rational) and (tb is Integer or tb is Rational):
            return (b, a) if _exact_cmp(a.value, b.value) > 0 else args
        if order(a, b) > 0:
            return (args[1], args[0])
        return args
    all_int = True
    for a in args:
        if type(a) is not Integer:
            all_int = False
            break
    if all_int:
        prev = args[0].value
        for a in args:
            v = a.value
            if v < prev:
                return tuple(sorted(args, key=_int_value))
            prev = v
        return args
    if is_sorted(args):
        return args
    return tuple(sorted(args, key=_KEY))
