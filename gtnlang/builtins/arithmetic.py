"""Arithmetic: Plus, Times, Power and the functions defined through them
(Subtract, Minus, Divide, Sqrt, Exp), Abs, Sign, DirectedInfinity.

Semantics are Mathematica's:

- exact numbers stay exact (``1/3 + 1/6`` is ``1/2``, ``Sqrt[8]`` is
  ``2 Sqrt[2]``, ``8^(2/3)`` is ``4``, ``(-8)^(1/3)`` is ``2 (-1)^(1/3)``);
- machine reals contaminate (``1/3 + 0.5`` is ``0.833333``, ``1.5 Pi`` is
  ``4.71239``), arbitrary precision takes the smaller precision;
- like terms and like factors combine (``2x + 3x`` is ``5 x``, ``x x^2`` is
  ``x^3``); integer powers distribute over products and nest
  (``(a b)^2``, ``(x^2)^3``);
- ``1/0`` is ``ComplexInfinity`` with ``Power::infy``, ``0/0`` and
  ``Infinity - Infinity`` are ``Indeterminate`` with ``Infinity::indet``.

Results are built in canonical order (`canonical_sort`), so re-evaluating a
result finds nothing to do.
"""

from __future__ import annotations

import math
from fractions import Fraction

from gtnlang.core.builtin import builtin
from gtnlang.core.numbers import (
    MACHINE, NUMBER_TYPES, add_numbers, combine_precision, convert, from_triple,
    int_power, is_exact_number, is_inexact_number, is_zero, mpmath, mul_numbers,
    neg_number, number_abs, precision_of, triple, working_dps,
)
from gtnlang.core.ordering import canonical_sort
from gtnlang.expr import (
    Complex, Integer, Normal, Rational, Real, Symbol, exact_ratio, make_rational,
)

_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_DI = Symbol("DirectedInfinity")
_INDETERMINATE = Symbol("Indeterminate")
_HOLD_FORM = Symbol("HoldForm")
_E = Symbol("E")
_PI = Symbol("Pi")
_I = Symbol("I")
_LOG = Symbol("Log")
_ABS = Symbol("Abs")
_SIGN = Symbol("Sign")
_ZERO = Integer(0)
_ONE = Integer(1)
_MINUS_ONE = Integer(-1)
_HALF = Rational(Fraction(1, 2))
_IMAG = Complex(Integer(0), Integer(1))
_COMPLEX_INFINITY = Normal(_DI, ())
_INFINITY = Normal(_DI, (_ONE,))

_ARITH = ("Flat", "Listable", "NumericFunction", "OneIdentity", "Orderless", "Protected")


def _is_number(x) -> bool:
    return type(x) in NUMBER_TYPES


def _hold(expr):
    """A message argument shown as Mathematica shows it (OutputForm: ``1/0``,
    ``0 ComplexInfinity``)."""
    from gtnlang.syntax.printer import format_expr
    from gtnlang.expr import String
    try:
        return String(format_expr(expr, "OutputForm"))
    except Exception:  # pragma: no cover - printer problems never hide a message
        return Normal(_HOLD_FORM, (expr,))


def _times(*factors):
    return Normal(_TIMES, factors)


def _power(b, e):
    return Normal(_POWER, (b, e))


def _is_infinity(x) -> bool:
    return type(x) is Normal and x.head is _DI and len(x.args) <= 1


def _numeric_q(ev, x) -> bool:
    from gtnlang.builtins.numeric import numeric_q
    return numeric_q(ev, x)


def _n(ev, x, prec):
    from gtnlang.builtins.numeric import n_evaluate
    return n_evaluate(ev, x, prec)


def _contaminate(ev, args, numbers):
    """When inexact numbers are present, numeric non-number arguments (Pi,
    Sqrt[2], Sin[1]) are evaluated numerically at their precision.  Returns
    the new argument tuple, or None if nothing changed."""
    prec = None
    for x in numbers:
        if is_inexact_number(x):
            prec = combine_precision(prec, precision_of(x))
    if prec is None:
        return None
    changed = False
    out = []
    for a in args:
        if not _is_number(a) and _numeric_q(ev, a):
            v = _n(ev, a, prec)
            if _is_number(v):
                out.append(v)
                changed = True
                continue
        out.append(a)
    return tuple(out) if changed else None


# --- DirectedInfinity -------------------------------------------------------------

def _direction_of_number(x):
    """x/Abs[x] for a nonzero number atom, exact where possible."""
    if type(x) in (Integer, Rational, Real):
        return _ONE if x.value > 0 else _MINUS_ONE
    return None


@builtin(attributes=("Listable", "Protected", "ReadProtected"), nargs=(0, 1),
         usage="DirectedInfinity[z] represents an infinite numerical quantity whose direction in the complex plane is unknown.\n"
               "DirectedInfinity[z] represents an infinite numerical quantity that is a positive real multiple of the complex number z.")
def DirectedInfinity(ev, expr):
    if not expr.args:
        return None
    z = expr.args[0]
    if _is_number(z):
        if is_zero(z):
            return _COMPLEX_INFINITY
        if type(z) is Complex:
            re, im, prec = triple(z)
            if prec is None:
                if re == 0:
                    d = _IMAG if im > 0 else Complex(Integer(0), Integer(-1))
                    return None if d == z else Normal(_DI, (d,))
                # z/Abs[z]
                norm = ev.evaluate(_power(add_numbers([int_power(z.re, 2), int_power(z.im, 2)]),
                                          Rational(Fraction(-1, 2))))
                d = ev.evaluate(_times(z, norm))
                return None if d == z else Normal(_DI, (d,))
            a = number_abs(z)
            d = mul_numbers([z, int_power(a, -1)])
            return None if d == z else Normal(_DI, (d,))
        d = _ONE if z.value > 0 else _MINUS_ONE
        return None if d == z else Normal(_DI, (d,))
    if type(z) is Normal and z.head is _TIMES and _is_number(z.args[0]):
        c = z.args[0]
        if type(c) in (Integer, Rational, Real) and c.value > 0:
            rest = z.args[1:]
            return Normal(_DI, (rest[0] if len(rest) == 1 else Normal(_TIMES, rest),))
    return None


# --- Plus ------------------------------------------------------------------------

def _split_coefficient(term):
    """(numeric coefficient, rest) of a term: 2 x y -> (2, x y)."""
    if type(term) is Normal and term.head is _TIMES:
        args = term.args
        if len(args) >= 2 and type(args[0]) in NUMBER_TYPES:
            if len(args) == 2:
                return args[0], args[1]
            return args[0], Normal(_TIMES, args[1:])
    return _ONE, term


def _with_coefficient(c, rest):
    if type(c) is Integer and c.value == 1:
        return rest
    if type(rest) is Normal and rest.head is _TIMES:
        return Normal(_TIMES, (c,) + rest.args)
    return Normal(_TIMES, (c, rest))


def _plus_infinities(ev, infinities, has_finite_complex):
    """Combine DirectedInfinity terms: one infinity, or Indeterminate."""
    directions = []
    for inf in infinities:
        d = inf.args[0] if inf.args else None
        if d not in directions:
            directions.append(d)
    if len(directions) == 1 and directions[0] is not None:
        return infinities[0]
    if len(directions) == 1 and len(infinities) == 1:
        return infinities[0]
    ev.message("Infinity", "indet", _hold(Normal(_PLUS, canonical_sort(tuple(infinities)))))
    return _INDETERMINATE


@builtin(attributes=_ARITH,
         usage="x + y + z represents a sum of terms.")
def Plus(ev, expr):
    args = expr.args
    n = len(args)
    if n == 0:
        return _ZERO
    if n == 1:
        return args[0]
    total = 0
    for a in args:
        if type(a) is not Integer:
            break
        total += a.value
    else:
        return Integer(total)
    return _plus_general(ev, expr)


def _classify(args, split, start):
    """Sort the arguments of Plus or Times into numbers, infinities and groups of
    like terms; None when one is Indeterminate.

    `split(a)` gives (key, value); a group starts as `start(a, value)` and
    later values with the same key are appended, keys kept in first-seen order.
    """
    numbers = []
    infinities = []
    groups: dict = {}
    order = []
    for a in args:
        t = type(a)
        if t is Integer or t is Rational or t is Real or t is Complex:
            numbers.append(a)
            continue
        if a is _INDETERMINATE:
            return None
        if t is Normal and a.head is _DI and len(a.args) <= 1:
            infinities.append(a)
            continue
        key, value = split(a)
        g = groups.get(key)
        if g is None:
            groups[key] = start(a, value)
            order.append(key)
        else:
            g.append(value)
    return numbers, infinities, groups, order


def _term_key(a):
    c, rest = _split_coefficient(a)
    return rest, c


def _plus_general(ev, expr):
    args = expr.args
    classified = _classify(args, _term_key, lambda a, c: [c])
    if classified is None:
        return _INDETERMINATE
    numbers, infinities, groups, order = classified
    if numbers:
        contaminated = _contaminate(ev, args, numbers)
        if contaminated is not None:
            return Normal(_PLUS, contaminated)
    if infinities:
        inf = _plus_infinities(ev, infinities, numbers)
        if inf is _INDETERMINATE:
            return inf
        if type(inf) is Normal and not inf.args:
            # ComplexInfinity absorbs symbolic terms too (documented); a
            # directed infinity does not, since x may be infinite itself
            return inf
        terms = [inf]
        numbers = []  # finite numbers are absorbed
    else:
        terms = []
    for rest in order:
        coeffs = groups[rest]
        c = coeffs[0] if len(coeffs) == 1 else add_numbers(coeffs)
        if is_zero(c):
            if is_inexact_number(c) and not infinities:
                numbers.append(c)
            continue
        terms.append(_with_coefficient(c, rest))
    if numbers:
        s = numbers[0] if len(numbers) == 1 else add_numbers(numbers)
        if not (is_zero(s) and is_exact_number(s)) or not terms:
            terms.append(s)
    if not terms:
        return _ZERO
    if len(terms) == 1:
        return terms[0]
    result = Normal(_PLUS, canonical_sort(tuple(terms)))
    if result == expr:
        return None
    return result


# --- Times -----------------------------------------------------------------------

def _base_exponent(f):
    if type(f) is Normal and f.head is _POWER and len(f.args) == 2:
        return f.args[0], f.args[1]
    return f, _ONE


def _add_exponents(ev, exponents):
    if all(_is_number(e) for e in exponents):
        return add_numbers(exponents)
    return ev.evaluate(Normal(_PLUS, tuple(exponents)))


def _is_positive_rational(x) -> bool:
    return type(x) in (Integer, Rational) and x.value > 0


@builtin(attributes=_ARITH,
         usage="x*y*z, x y z or x×y×z represents a product of terms.")
def Times(ev, expr):
    args = expr.args
    n = len(args)
    if n == 0:
        return _ONE
    if n == 1:
        return args[0]
    # Integers and rationals only: one exact product (4 * 1/2 is 2), in
    # plain ints, because Fraction arithmetic dominated n/2.
    numerator = denominator = 1
    for a in args:
        t = type(a)
        if t is Integer:
            numerator *= a.value
        elif t is Rational:
            numerator *= a.value.numerator
            denominator *= a.value.denominator
        else:
            return _times_general(ev, expr)
    if denominator == 1:
        return Integer(numerator)
    return exact_ratio(numerator, denominator)


def _times_infinity(ev, coefficient, infinities, factors, expr):
    """A product with DirectedInfinity factors."""
    direction = coefficient
    complex_inf = False
    for inf in infinities:
        if not inf.args:
            complex_inf = True
        else:
            direction = ev.evaluate(_times(direction, inf.args[0]))
    if is_zero(coefficient):
        ev.message("Infinity", "indet", _hold(Normal(_TIMES, canonical_sort(
            (coefficient,) + tuple(infinities)))))
        return _INDETERMINATE
    if complex_inf:
        inf = _COMPLEX_INFINITY
    else:
        inf = ev.evaluate(Normal(_DI, (direction,)))
    if not factors:
        return inf
    result = Normal(_TIMES, canonical_sort((inf,) + tuple(factors)))
    return None if result == expr else result


def _normalise_radicals(coefficient, factors):
    """Sqrt[2]/2 -> 1/Sqrt[2], 2/Sqrt[2] -> Sqrt[2]: move integer radicals
    across the rational coefficient as Mathematica does."""
    if type(coefficient) not in (Integer, Rational):
        return coefficient, factors
    c = Fraction(coefficient.value)
    changed = False
    out = []
    for f in factors:
        b, e = _base_exponent(f)
        if (type(b) is Integer and b.value > 1 and type(e) is Rational
                and -1 < e.value < 1):
            p = b.value
            if e.value > 0 and c.denominator % p == 0:
                c *= p
                out.append(_power(b, make_rational(e.value - 1)))
                changed = True
                continue
            if e.value < 0 and c.numerator % p == 0:
                c /= p
                out.append(_power(b, make_rational(e.value + 1)))
                changed = True
                continue
        out.append(f)
    if not changed:
        return coefficient, factors
    return make_rational(c), out


def _times_general(ev, expr):
    args = expr.args
    # Each group of factors with one base keeps its first factor, then the exponents.
    classified = _classify(args, _base_exponent, lambda a, e: [a, e])
    if classified is None:
        return _INDETERMINATE
    numbers, infinities, groups, order = classified
    if numbers:
        contaminated = _contaminate(ev, args, numbers)
        if contaminated is not None:
            return Normal(_TIMES, contaminated)
    coefficient = numbers[0] if len(numbers) == 1 else (mul_numbers(numbers) if numbers else _ONE)
    if is_zero(coefficient) and not infinities:
        return coefficient
    factors = []
    extra_numbers = []
    for b in order:
        g = groups[b]
        if len(g) == 2:
            factors.append(g[0])
            continue
        e = _add_exponents(ev, g[1:])
        f = ev.evaluate(_power(b, e))
        if _is_number(f):
            extra_numbers.append(f)
        elif type(f) is Normal and f.head is _TIMES:
            for x in f.args:
                (extra_numbers if _is_number(x) else factors).append(x)
        else:
            factors.append(f)
    if extra_numbers:
        coefficient = mul_numbers([coefficient] + extra_numbers)
        if is_zero(coefficient) and not infinities:
            return coefficient
    if infinities:
        return _times_infinity(ev, coefficient, infinities, factors, expr)
    factors = _merge_radicals(ev, factors)
    coefficient, factors = _normalise_radicals(coefficient, factors)
    if not factors:
        return coefficient
    if type(coefficient) is Integer and coefficient.value == -1 and len(factors) == 1:
        f = factors[0]
        if type(f) is Normal and f.head is _PLUS:
            return Normal(_PLUS, tuple(_negate_term(t) for t in f.args))
    if type(coefficient) is Integer and coefficient.value == 1:
        if len(factors) == 1:
            return factors[0]
        result = Normal(_TIMES, canonical_sort(tuple(factors)))
    else:
        result = Normal(_TIMES, (coefficient,) + canonical_sort(tuple(factors)))
    if result == expr:
        return None
    return result


def _negate_term(t):
    if _is_number(t):
        return neg_number(t)
    c, rest = _split_coefficient(t)
    return _with_coefficient(neg_number(c), rest)


def _merge_radicals(ev, factors):
    """Sqrt[2] Sqrt[3] -> Sqrt[6]: powers of positive rationals with the same
    rational exponent multiply their bases."""
    seen = {}
    merge = False
    for f in factors:
        b, e = _base_exponent(f)
        if _is_positive_rational(b) and type(e) is Rational:
            if e in seen:
                merge = True
                break
            seen[e] = True
    if not merge:
        return factors
    by_exponent: dict = {}
    out = []
    for f in factors:
        b, e = _base_exponent(f)
        if _is_positive_rational(b) and type(e) is Rational:
            by_exponent.setdefault(e, []).append(b)
        else:
            out.append(f)
    for e, bases in by_exponent.items():
        base = mul_numbers(bases)
        v = ev.evaluate(_power(base, e))
        out.append(v)
    return out


# --- Power -----------------------------------------------------------------------

def _small_primes(limit=1000):
    sieve = bytearray([1]) * (limit + 1)
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
    return [i for i, v in enumerate(sieve) if v]


_PRIMES = _small_primes()


def _iroot(n: int, k: int):
    """The integer k-th root of n >= 0 if exact, else None."""
    if n < 2:
        return n
    r = int(round(n ** (1.0 / k))) if n < 2 ** 1000 else _iroot_newton(n, k)
    for c in (r - 1, r, r + 1):
        if c >= 0 and c ** k == n:
            return c
    return None


def _iroot_newton(n, k):
    x = 1 << ((n.bit_length() + k - 1) // k)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _extract_root(n: int, k: int):
    """(a, r) with n = a^k r and r free of the k-th powers that are found
    (complete for factors below 1000 and perfect k-th powers)."""
    if n < 2:
        return 1, n
    a = 1
    r = 1
    for p in _PRIMES:
        if p * p > n and p > 2:
            break
        if n % p == 0:
            m = 0
            while n % p == 0:
                n //= p
                m += 1
            a *= p ** (m // k)
            r *= p ** (m % k)
    if n > 1:
        root = _iroot(n, k)
        if root is not None:
            a *= root
        else:
            r *= n
    return a, r


def _rational_power(b: Fraction, e: Fraction):
    """b^e for exact rational b > 0 and rational e with denominator > 1, as an
    expression in Mathematica's normal form."""
    m, k = e.numerator, e.denominator
    an, rn = _extract_root(b.numerator, k)
    ad, rd = _extract_root(b.denominator, k)
    coeff = Fraction(an, ad) ** m
    # integer part of the exponent: positive e -> f in (0, 1); negative -> (-1, 0)
    w = math.floor(e) if e > 0 else math.ceil(e)
    f = e - w
    r = Fraction(rn, rd)
    coeff *= r ** w
    if r == 1 or f == 0:
        return make_rational(coeff)
    if rn == 1:
        radical = _power(Integer(rd), make_rational(-f))
    elif rd == 1:
        radical = _power(Integer(rn), make_rational(f))
    elif f < 0:
        radical = _power(make_rational(Fraction(rd, rn)), make_rational(-f))
    else:
        radical = _power(make_rational(r), make_rational(f))
    if coeff == 1:
        return radical
    return _times(make_rational(coeff), radical)


def _minus_one_power(e: Fraction):
    """(-1)^e for rational e: (-1)^k (-1)^f with f in [0, 1); f = 1/2 is I."""
    k = math.floor(e)
    f = e - k
    sign = _ONE if k % 2 == 0 else _MINUS_ONE
    if f == 0:
        return sign
    if f == Fraction(1, 2):
        return Complex(Integer(0), sign)
    radical = _power(_MINUS_ONE, make_rational(f))
    return radical if sign is _ONE else _times(sign, radical)


def _exact_power(ev, b, e, expr):
    """b^e for exact b and exact rational e (b is not zero)."""
    if type(e) is Integer:
        return int_power(b, e.value)
    if type(e) is not Rational:
        return None
    ev_ = e.value
    if type(b) is Complex:
        if b == _IMAG:
            return _power(_MINUS_ONE, make_rational(ev_ / 2))
        if b == Complex(Integer(0), Integer(-1)):
            return _power(_MINUS_ONE, make_rational(-ev_ / 2))
        return None
    bv = Fraction(b.value)
    if bv > 0:
        return _rational_power(bv, ev_)
    if bv == -1:
        return _minus_one_power(ev_)
    # negative base: (-P/Q)^(m/k)
    m, k = ev_.numerator, ev_.denominator
    pos = -bv
    if k == 2:
        return _times(int_power(_IMAG, m), _rational_power(pos, ev_))
    an, rn = _extract_root(pos.numerator, k)
    ad, rd = _extract_root(pos.denominator, k)
    coeff = Fraction(an, ad) ** m
    r = Fraction(rn, rd)
    if r == 1:
        rest = _minus_one_power(ev_)
    else:
        w = math.floor(ev_) if ev_ > 0 else math.ceil(ev_)
        f = ev_ - w
        coeff *= (-r) ** w
        rest = _power(make_rational(-r), make_rational(f))
    if coeff == 1:
        return rest
    return _times(make_rational(coeff), rest)


def _inexact_power(b, e):
    """b^e where at least one is inexact (neither is an exact zero base)."""
    br, bi, bp = triple(b)
    er, ei, ep = triple(e)
    prec = combine_precision(bp, ep)
    if type(e) is Integer:
        return int_power(b, e.value)
    if prec is MACHINE:
        bc = complex(float(br), float(bi)) if bi is not None else float(br)
        ec = complex(float(er), float(ei)) if ei is not None else float(er)
        try:
            if (isinstance(bc, float) and isinstance(ec, float)
                    and (bc > 0 or (bc == 0 and ec > 0) or float(ec).is_integer())):
                return Real(bc ** ec)
            if bc == 0:
                return Real(0.0)
            v = complex(bc) ** ec
        except OverflowError:
            return Real(math.inf)
        return Complex(Real(v.real), Real(v.imag))
    mp = mpmath()
    with mp.workdps(working_dps(prec)):
        bm = mp.mpc(convert(br, prec), convert(bi, prec)) if bi is not None else convert(br, prec)
        em = mp.mpc(convert(er, prec), convert(ei, prec)) if ei is not None else convert(er, prec)
        if (not isinstance(bm, mp.mpc) and not isinstance(em, mp.mpc)
                and (bm > 0 or (bm == 0 and em > 0) or mp.isint(em))):
            return Real(mp.power(bm, em), prec)
        v = mp.power(mp.mpc(bm), em)
        return Complex(Real(v.real, prec), Real(v.imag, prec))


def _power_numbers(ev, b, e, expr):
    if is_zero(b):
        if is_zero(e):
            ev.message("Power", "indet", _hold(expr))
            return _INDETERMINATE
        if type(e) is Complex:
            re = e.re
        else:
            re = e
        if re.value > 0:
            return b if is_exact_number(b) and is_exact_number(e) else (
                Real(0.0) if precision_of(e) is MACHINE or precision_of(b) is MACHINE else b)
        ev.message("Power", "infy", _hold(expr))
        return _COMPLEX_INFINITY
    if is_exact_number(b) and is_exact_number(e):
        if type(e) is Complex:
            return None
        return _exact_power(ev, b, e, expr)
    return _inexact_power(b, e)


def _is_integer_valued(x) -> bool:
    return type(x) is Integer


def _power_of_power_ok(inner, outer) -> bool:
    if type(outer) is Integer:
        return True
    if type(inner) in (Integer, Rational, Real):
        v = inner.value
        return -1 < v <= 1
    return False


@builtin(attributes=("Listable", "NumericFunction", "OneIdentity", "Protected"),
         usage="x^y gives x to the power y.",
         messages={"infy": "Infinite expression `1` encountered.",
                   "indet": "Indeterminate expression `1` encountered."})
def Power(ev, expr):
    args = expr.args
    n = len(args)
    if n == 0:
        return _ONE
    if n == 1:
        return args[0]
    if n > 2:
        return _power(args[0], Normal(_POWER, args[1:]))
    b, e = args
    tb, te = type(b), type(e)
    if te is Integer:
        if e.value == 1:
            return b
        if e.value == 0:
            if _is_number(b) and is_zero(b):
                ev.message("Power", "indet", _hold(expr))
                return _INDETERMINATE
            if _is_infinity(b):
                ev.message("Power", "indet", _hold(expr))
                return _INDETERMINATE
            if b is _INDETERMINATE:
                return _INDETERMINATE
            return _ONE if not (_is_number(b) and is_inexact_number(b)) else \
                from_triple(1, None, precision_of(b) if type(b) is Real else precision_of(b))
        if tb is Integer and b.value != 0:
            if e.value > 0:
                return Integer(b.value ** e.value)
            return exact_ratio(1, b.value ** -e.value)
    if b is _INDETERMINATE or e is _INDETERMINATE:
        return _INDETERMINATE
    b_num = tb in NUMBER_TYPES
    e_num = te in NUMBER_TYPES
    if b_num and e_num:
        result = _power_numbers(ev, b, e, expr)
        return None if result is None or result == expr else result
    if te is Normal and e.head is _DI and (b_num or _numeric_q(ev, b)):
        if not e.args:      # x^ComplexInfinity: no direction, no limit
            ev.message("Power", "indet", _hold(expr))
            return _INDETERMINATE
        if len(e.args) == 1:
            return _number_to_infinity(ev, b, e, expr) if b_num else _constant_to_infinity(ev, b, e, expr)
    if tb is Integer and b.value == 1:
        return _ONE
    if b_num and is_inexact_number(b) and not e_num and _numeric_q(ev, e):
        v = _n(ev, e, precision_of(b))
        if _is_number(v):
            return _power(b, v)
    if e_num and is_inexact_number(e) and not b_num and _numeric_q(ev, b):
        v = _n(ev, b, precision_of(e))
        if _is_number(v):
            return _power(v, e)
    if tb is Normal:
        h = b.head
        if h is _POWER and len(b.args) == 2 and _power_of_power_ok(b.args[1], e):
            return _power(b.args[0], ev.evaluate(_times(b.args[1], e)))
        # A numeric product to an infinite power is decided as a whole below:
        # (E/4)^Infinity is 0, not (1/4)^Infinity E^Infinity = 0 Infinity.
        if h is _TIMES and not (te is Normal and e.head is _DI and _numeric_q(ev, b)):
            r = _power_of_product(ev, b, e)
            if r is not None:
                return r
        if h is _DI and len(b.args) <= 1:
            return _power_of_infinity(ev, b, e, expr)
    if b is _E:
        r = _exp_special(ev, e)
        if r is not None:
            return r
    return None


def _power_of_product(ev, b, e):
    if type(e) is Integer:
        return Normal(_TIMES, tuple(_power(f, e) for f in b.args))
    c = b.args[0]
    if type(c) in (Integer, Rational, Real) and not (type(c) is Integer and abs(c.value) == 1):
        rest = b.args[1:]
        rest_expr = rest[0] if len(rest) == 1 else Normal(_TIMES, rest)
        if c.value > 0:
            return _times(_power(c, e), _power(rest_expr, e))
        return _times(_power(neg_number(c), e), _power(_times(_MINUS_ONE, rest_expr), e))
    return None


def _power_of_infinity(ev, b, e, expr):
    if not _is_number(e) or type(e) is Complex:
        return None
    sign = (e.value > 0) - (e.value < 0)
    if sign < 0:
        return _ZERO
    if not b.args:
        return _COMPLEX_INFINITY
    d = b.args[0]
    if type(e) is Integer:
        nd = ev.evaluate(_power(d, e))
        result = Normal(_DI, (nd,))
    else:
        result = ev.evaluate(Normal(_DI, (_power(d, e),)))
    return None if result == expr else result


def _number_to_infinity(ev, b, e, expr, exact=None):
    """b^Infinity and b^-Infinity for a real number b (`exact`: give 0, not 0.)."""
    d = e.args[0]
    if type(b) is Complex or not (d == _ONE or d == _MINUS_ONE):
        return None
    v = b.value
    if exact is None:
        exact = is_exact_number(b)
    zero = _ZERO if exact else Real(0.0)
    if v == 1 or v == -1:
        ev.message("Power", "indet", _hold(expr))
        return _INDETERMINATE
    if d == _ONE:
        # |b| > 1 grows without bound (with alternating sign when b < -1).
        if v > 1:
            return _INFINITY
        return zero if -1 < v < 1 else _COMPLEX_INFINITY
    # b^-Infinity is (1/b)^Infinity.
    if v > 1 or v < -1:
        return zero
    if v == 0:
        ev.message("Power", "infy", _hold(expr))
        return _COMPLEX_INFINITY
    return _INFINITY if v > 0 else _COMPLEX_INFINITY


def _constant_to_infinity(ev, b, e, expr):
    """E^Infinity, E^-Infinity, Pi^Infinity, (1/E)^Infinity, ...: a real
    numeric constant base compared with 1 through its numerical value."""
    if not _numeric_q(ev, b):
        return None
    v = _n(ev, b, MACHINE)
    # A value too near +-1 to decide at machine precision stays unevaluated.
    if type(v) not in (Integer, Rational, Real) or abs(abs(float(v.value)) - 1) < 1e-9:
        return None
    return _number_to_infinity(ev, v, e, expr, exact=True)


def _exp_special(ev, e):
    """E^Log[x] -> x; E^(q I Pi) -> (-1)^q."""
    if type(e) is Normal and e.head is _LOG and len(e.args) == 1:
        return e.args[0]
    if type(e) is Normal and e.head is _TIMES and len(e.args) == 2 and e.args[1] is _PI:
        c = e.args[0]
        if type(c) is Complex and type(c.re) is Integer and c.re.value == 0 \
                and type(c.im) in (Integer, Rational):
            return ev.evaluate(_power(_MINUS_ONE, c.im))
    return None


# --- functions defined through Plus, Times, Power --------------------------------------

@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=2,
         usage="x - y is equivalent to x + (-1 * y).")
def Subtract(ev, expr):
    x, y = expr.args
    return Normal(_PLUS, (x, _times(_MINUS_ONE, y)))


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=1,
         usage="-x is the arithmetic negation of x.")
def Minus(ev, expr):
    x = expr.args[0]
    if _is_number(x):
        return neg_number(x)
    return _times(_MINUS_ONE, x)


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=2,
         usage="x/y or Divide[x, y] is equivalent to x y^-1.")
def Divide(ev, expr):
    x, y = expr.args
    if type(x) is Integer and type(y) is Integer and y.value != 0:
        return make_rational(Fraction(x.value, y.value))
    return _times(x, _power(y, _MINUS_ONE))


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=1,
         usage="Sqrt[z] or √z gives the square root of z.")
def Sqrt(ev, expr):
    return _power(expr.args[0], _HALF)


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=1,
         usage="Exp[z] gives the exponential of z.")
def Exp(ev, expr):
    return _power(_E, expr.args[0])


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=1,
         usage="Abs[z] gives the absolute value of the real or complex number z.")
def Abs(ev, expr):
    x = expr.args[0]
    t = type(x)
    if t in NUMBER_TYPES:
        a = number_abs(x)
        if a is None:  # exact complex
            return _power(add_numbers([int_power(x.re, 2), int_power(x.im, 2)]), _HALF)
        return a
    if _is_infinity(x):
        return _INFINITY
    if t is Normal and x.head is _TIMES and _is_number(x.args[0]):
        c = x.args[0]
        rest = x.args[1:]
        rest_expr = rest[0] if len(rest) == 1 else Normal(_TIMES, rest)
        a = Abs(ev, Normal(_ABS, (c,)))
        if a == _ONE:
            inner = Normal(_ABS, (rest_expr,))
            return None if inner == expr else inner
        return _times(a, Normal(_ABS, (rest_expr,)))
    if x is _E or x is _PI:
        return x
    return None


@builtin(attributes=("Listable", "NumericFunction", "Protected"), nargs=1,
         usage="Sign[x] gives -1, 0, or 1 depending on whether x is negative, zero, or positive.")
def Sign(ev, expr):
    x = expr.args[0]
    t = type(x)
    if t is Integer or t is Rational or t is Real:
        v = x.value
        return Integer((v > 0) - (v < 0))
    if t is Complex:
        if is_zero(x):
            return _ZERO
        return _times(x, _power(Normal(_ABS, (x,)), _MINUS_ONE))
    if t is Normal and x.head is _TIMES and _is_number(x.args[0]):
        c = x.args[0]
        rest = x.args[1:]
        rest_expr = rest[0] if len(rest) == 1 else Normal(_TIMES, rest)
        s = Sign(ev, Normal(_SIGN, (c,)))
        if s == _ONE:
            inner = Normal(_SIGN, (rest_expr,))
            return None if inner == expr else inner
        return _times(s, Normal(_SIGN, (rest_expr,)))
    if _is_infinity(x):
        return x.args[0] if x.args else None
    if x is _E or x is _PI:
        return _ONE
    return None
