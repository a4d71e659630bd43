"""Number atoms and Python numbers, with Mathematica's precision rules.

A number atom is exact (``Integer``, ``Rational``, ``Complex`` of those),
a machine real (``Real`` with ``precision=None``, a Python float), or an
arbitrary precision real (``Real`` holding an ``mpmath.mpf`` with
``precision`` decimal digits); ``Complex`` holds two such parts.

Arithmetic here works on a *number triple* ``(re, im, prec)``:

- `re` is an ``int`` or ``Fraction`` (exact), a ``float`` (machine) or an
  ``mpf`` (arbitrary precision);
- `im` is the imaginary part of the same kind, or ``None`` for a real number;
- `prec` is ``None`` (exact), `MACHINE`, or the decimal precision (a float).

The rules (Mathematica's): exact with exact stays exact; a machine number
makes the result machine ("machine reals contaminate"); arbitrary precision
with arbitrary precision (or exact) takes the smaller precision.

mpmath is imported lazily: plain integer arithmetic never loads it.
"""

from __future__ import annotations

import math
from fractions import Fraction

from gtnlang.expr import Complex, Expr, Integer, Rational, Real, make_rational

__all__ = [
    "MACHINE", "MACHINE_PRECISION", "MACHINE_EPSILON", "MACHINE_CONSTANTS", "NUMBER_TYPES",
    "is_exact_number", "is_inexact_number", "is_real_number", "is_machine_number",
    "triple", "from_triple", "combine_precision", "convert", "to_mpf",
    "add_numbers", "mul_numbers", "neg_number", "number_sign", "is_zero", "is_one",
    "int_power", "from_python", "to_python", "to_float", "to_complex",
    "real_value", "precision_of", "working_dps", "mpmath", "exact_value",
    "mpf_to_fraction", "number_abs", "compare_real",
]

MACHINE = "machine"
MACHINE_PRECISION = 53 * math.log10(2)  # 15.954589770191003
MACHINE_EPSILON = 2.0 ** -52

# The machine values of the built-in constants (N[Pi], and numpy lowering).
MACHINE_CONSTANTS = {
    "Pi": math.pi,
    "E": math.e,
    "Degree": math.pi / 180,
    "EulerGamma": 0.5772156649015329,
    "GoldenRatio": (1 + math.sqrt(5)) / 2,
    "Catalan": 0.915965594177219,
    "Khinchin": 2.6854520010653062,
    "Glaisher": 1.2824271291006226,
}
NUMBER_TYPES = (Integer, Rational, Real, Complex)

_mpmath = None


def mpmath():
    """The mpmath module (imported on first use)."""
    global _mpmath
    if _mpmath is None:
        import mpmath as module
        _mpmath = module
    return _mpmath


# --- classification ------------------------------------------------------------

def is_exact_number(x: Expr) -> bool:
    t = type(x)
    if t is Integer or t is Rational:
        return True
    if t is Complex:
        return type(x.re) is not Real and type(x.im) is not Real
    return False


def is_inexact_number(x: Expr) -> bool:
    t = type(x)
    if t is Real:
        return True
    if t is Complex:
        return type(x.re) is Real or type(x.im) is Real
    return False


def is_real_number(x: Expr) -> bool:
    t = type(x)
    return t is Integer or t is Rational or t is Real


def is_machine_number(x: Expr) -> bool:
    t = type(x)
    if t is Real:
        return x.precision is None
    if t is Complex:
        return (type(x.re) is Real and x.re.precision is None) or \
               (type(x.im) is Real and x.im.precision is None)
    return False


def precision_of(x: Expr):
    """None (exact), `MACHINE`, or the decimal precision of a number atom."""
    t = type(x)
    if t is Integer or t is Rational:
        return None
    if t is Real:
        return MACHINE if x.precision is None else x.precision
    if t is Complex:
        return combine_precision(precision_of(x.re), precision_of(x.im))
    raise TypeError(f"not a number: {x!r}")


def combine_precision(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p is MACHINE or q is MACHINE:
        return MACHINE
    return p if p < q else q


def working_dps(prec) -> int:
    """mpmath decimal working precision for `prec` digits (a few guard digits)."""
    return int(math.ceil(prec)) + 3


# --- conversions ---------------------------------------------------------------

def mpf_to_fraction(v) -> Fraction:
    """The exact value of a finite mpf (``man_exp`` leaves out the sign).

    >>> import mpmath
    >>> mpf_to_fraction(mpmath.mpf(-0.75))
    Fraction(-3, 4)
    """
    sign, man, exp, _ = v._mpf_
    if sign:
        man = -man
    return Fraction(man * 2 ** exp) if exp >= 0 else Fraction(man, 2 ** -exp)


def to_mpf(v, prec):
    """`v` (int, Fraction, float or mpf) as an mpf at `prec` digits."""
    mp = mpmath()
    if isinstance(v, mp.mpf):
        return v
    with mp.workdps(working_dps(prec)):
        if type(v) is Fraction:
            return mp.mpf(v.numerator) / v.denominator
        return mp.mpf(v)


def convert(v, prec):
    """Convert a real part value to precision `prec`."""
    if v is None or prec is None:
        return v
    if prec is MACHINE:
        if type(v) is float:
            return v
        try:
            return float(v)
        except OverflowError:
            return math.inf if v > 0 else -math.inf
    return to_mpf(v, prec)


def _real_part_value(x: Expr):
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    return x.value


def triple(x: Expr):
    """(re, im, prec) of a number atom."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value, None, None
    if t is Real:
        return x.value, None, (MACHINE if x.precision is None else x.precision)
    if t is Complex:
        prec = combine_precision(precision_of(x.re), precision_of(x.im))
        return convert(x.re.value, prec), convert(x.im.value, prec), prec
    raise TypeError(f"not a number: {x!r}")


def _real_atom(v, prec) -> Expr:
    if prec is None:
        if type(v) is int:
            return Integer(v)
        return make_rational(v)
    if prec is MACHINE:
        return Real(float(v))
    return Real(to_mpf(v, prec), prec)


def from_triple(re, im, prec) -> Expr:
    """A number atom from (re, im, prec).  Exact complex numbers with zero
    imaginary part become real; inexact ones stay complex."""
    if im is None or (prec is None and im == 0):
        return _real_atom(re, prec)
    return Complex(_real_atom(re, prec), _real_atom(im, prec))


def from_python(v, precision=None) -> Expr:
    """A number atom from a Python/mpmath number."""
    if isinstance(v, bool):
        return Integer(int(v))
    if isinstance(v, int):
        return Integer(v)
    if isinstance(v, Fraction):
        return make_rational(v)
    if isinstance(v, float):
        return Real(v)
    if isinstance(v, complex):
        return Complex(Real(v.real), Real(v.imag))
    mp = mpmath()
    if isinstance(v, mp.mpf):
        if precision is None:
            return Real(float(v))
        return Real(v, precision)
    if isinstance(v, mp.mpc):
        if precision is None:
            return Complex(Real(float(v.real)), Real(float(v.imag)))
        return Complex(Real(v.real, precision), Real(v.imag, precision))
    try:
        import numpy as np
        if isinstance(v, np.integer):
            return Integer(int(v))
        if isinstance(v, np.floating):
            return Real(float(v))
        if isinstance(v, np.complexfloating):
            return Complex(Real(float(v.real)), Real(float(v.imag)))
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"cannot convert {v!r} to a number")


def to_python(x: Expr):
    """int, Fraction, float, mpf, complex (machine or exact parts as floats)
    or mpc for a number atom."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    if t is Real:
        return x.value
    re, im, prec = triple(x)
    if prec is None or prec is MACHINE:
        return complex(float(re), float(im))
    return mpmath().mpc(re, im)


def exact_value(x: Expr):
    """The exact rational value (int or Fraction) of a real number atom."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    if t is Real:
        v = x.value
        if type(v) is float:
            return Fraction(v)
        return mpf_to_fraction(v)
    raise TypeError(f"not a real number: {x!r}")


def real_value(x: Expr):
    """A Python value of a real number atom that compares exactly."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    v = x.value
    if type(v) is float:
        return v
    return mpf_to_fraction(v)


def compare_real(a: Expr, b: Expr) -> int:
    """Exact three-way comparison of two real number atoms."""
    x, y = real_value(a), real_value(b)
    return (x > y) - (x < y)


def to_float(x: Expr) -> float:
    t = type(x)
    if t is Integer:
        try:
            return float(x.value)
        except OverflowError:
            return math.inf if x.value > 0 else -math.inf
    return float(x.value)


def to_complex(x: Expr) -> complex:
    if type(x) is Complex:
        return complex(to_float(x.re), to_float(x.im))
    return complex(to_float(x), 0.0)


# --- arithmetic ----------------------------------------------------------------

def is_zero(x: Expr) -> bool:
    """True for a number atom equal to zero (exact or inexact)."""
    t = type(x)
    if t is Integer:
        return x.value == 0
    if t is Rational:
        return False
    if t is Real:
        return x.value == 0
    if t is Complex:
        return is_zero(x.re) and is_zero(x.im)
    return False


def is_one(x: Expr) -> bool:
    return type(x) is Integer and x.value == 1


def add_numbers(numbers) -> Expr:
    """The sum of number atoms (at least one)."""
    # Exact integers and rationals first, without conversions.
    exact_re = 0
    exact_im = 0
    has_im = False
    prec = None
    inexact = []
    for x in numbers:
        t = type(x)
        if t is Integer or t is Rational:
            exact_re += x.value
        elif t is Complex and type(x.re) is not Real and type(x.im) is not Real:
            exact_re += x.re.value
            exact_im += x.im.value
            has_im = True
        else:
            inexact.append(x)
            prec = combine_precision(prec, precision_of(x))
    if prec is None:
        return from_triple(exact_re, exact_im if has_im else None, None)
    if prec is MACHINE:
        re = convert(exact_re, MACHINE)
        im = convert(exact_im, MACHINE) if has_im else None
        for x in inexact:
            if type(x) is Complex:
                xr, xi, _ = triple(x)
                re += float(xr)
                im = (im or 0.0) + float(xi)
            else:
                re += float(x.value)
        return from_triple(re, im, MACHINE)
    mp = mpmath()
    with mp.workdps(working_dps(prec)):
        re = to_mpf(exact_re, prec)
        im = to_mpf(exact_im, prec) if has_im else None
        for x in inexact:
            xr, xi, _ = triple(x)
            re += to_mpf(xr, prec)
            if xi is not None:
                im = (im if im is not None else mp.mpf(0)) + to_mpf(xi, prec)
        return from_triple(+re, +im if im is not None else None, prec)


def _mul_triples(a, b):
    ar, ai, ap = a
    br, bi, bp = b
    prec = combine_precision(ap, bp)
    if prec is not None:
        ar, ai, br, bi = (convert(v, prec) for v in (ar, ai, br, bi))
    if ai is None and bi is None:
        return ar * br, None, prec
    if ai is None:
        return ar * br, ar * bi, prec
    if bi is None:
        return ar * br, ai * br, prec
    return ar * br - ai * bi, ar * bi + ai * br, prec


def mul_numbers(numbers) -> Expr:
    """The product of number atoms (at least one)."""
    exact = 1
    rest = []
    for x in numbers:
        t = type(x)
        if t is Integer or t is Rational:
            exact *= x.value
        else:
            rest.append(x)
    if not rest:
        return make_rational(Fraction(exact)) if type(exact) is not int else Integer(exact)
    acc = (exact, None, None)
    prec = None
    for x in rest:
        prec = combine_precision(prec, precision_of(x))
    if prec is not None and prec is not MACHINE:
        mp = mpmath()
        with mp.workdps(working_dps(prec)):
            for x in rest:
                acc = _mul_triples(acc, triple(x))
            return from_triple(*acc)
    for x in rest:
        acc = _mul_triples(acc, triple(x))
    return from_triple(*acc)


def neg_number(x: Expr) -> Expr:
    t = type(x)
    if t is Integer:
        return Integer(-x.value)
    if t is Rational:
        return Rational(-x.value)
    if t is Real:
        return Real(-x.value, x.precision)
    return Complex(neg_number(x.re), neg_number(x.im))


def number_sign(x: Expr) -> int:
    """Sign of a real number atom (-1, 0, 1)."""
    v = x.value
    return (v > 0) - (v < 0)


def number_abs(x: Expr) -> Expr:
    """Abs of a number atom (exact where possible)."""
    t = type(x)
    if t is Integer:
        return x if x.value >= 0 else Integer(-x.value)
    if t is Rational:
        return x if x.value >= 0 else Rational(-x.value)
    if t is Real:
        return x if x.value >= 0 else Real(-x.value, x.precision)
    re, im, prec = triple(x)
    if prec is None:
        return None  # exact complex: Sqrt[re^2 + im^2], built by the caller
    if prec is MACHINE:
        return Real(math.hypot(re, im))
    mp = mpmath()
    with mp.workdps(working_dps(prec)):
        return Real(mp.hypot(re, im), prec)


def int_power(x: Expr, n: int) -> Expr:
    """x^n for a number atom x and a Python int n (x nonzero when n < 0)."""
    t = type(x)
    if t is Integer:
        if n >= 0:
            return Integer(x.value ** n)
        return make_rational(Fraction(1, x.value ** -n))
    if t is Rational:
        return make_rational(x.value ** n)
    re, im, prec = triple(x)
    if prec is MACHINE:
        try:
            if im is None:
                return Real(float(re) ** n)
            return from_python(complex(re, im) ** n)
        except (OverflowError, ZeroDivisionError):
            return Real(math.inf)
    if prec is not None:
        mp = mpmath()
        with mp.workdps(working_dps(prec)):
            if im is None:
                return Real(mp.power(re, n), prec)
            v = mp.power(mp.mpc(re, im), n)
            return Complex(Real(v.real, prec), Real(v.imag, prec))
    # exact complex: repeated squaring on (re, im) pairs
    if n < 0:
        # 1/(a + b i) = (a - b i)/(a^2 + b^2)
        d = Fraction(re) ** 2 + Fraction(im) ** 2
        re, im = Fraction(re) / d, -Fraction(im) / d
        n = -n
    result = (1, 0)
    base = (re, im)
    while n:
        if n & 1:
            result = (result[0] * base[0] - result[1] * base[1],
                      result[0] * base[1] + result[1] * base[0])
        base = (base[0] * base[0] - base[1] * base[1], 2 * base[0] * base[1])
        n >>= 1
    r0, r1 = result
    r0 = r0 if type(r0) is int else Fraction(r0)
    r1 = r1 if type(r1) is int else Fraction(r1)
    return from_triple(r0, r1, None)
