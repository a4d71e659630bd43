"""Elementary functions: Log (with a base), Log2, Log10, the trigonometric and
hyperbolic functions and their inverses, Gamma.

Exact arguments give exact special values (``Sin[Pi/6]`` is ``1/2``,
``Cos[Pi/4]`` is ``1/Sqrt[2]``, ``Log[E]`` is ``1``, ``Log[0]`` is
``-Infinity``, ``Log[2, 8]`` is ``3``) or stay unevaluated; odd and even
functions pull out signs (``Sin[-x]`` is ``-Sin[x]``, ``Cos[-x]`` is
``Cos[x]``).  Inexact arguments are evaluated numerically: machine numbers
with ``math``/``cmath``, arbitrary precision ones with mpmath at their
precision.  Results outside the real domain are complex (``ArcSin[2.]``).
"""

from __future__ import annotations

import cmath
import math
from fractions import Fraction

from gtnlang.core.builtin import builtin
from gtnlang.core.numbers import (
    MACHINE, NUMBER_TYPES, is_exact_number, is_inexact_number, is_zero, mpmath,
    neg_number, triple, working_dps,
)
from gtnlang.expr import Complex, Integer, Normal, Rational, Real, Symbol, make_rational

_NUMFUN = ("Listable", "NumericFunction", "Protected")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_PLUS = Symbol("Plus")
_PI = Symbol("Pi")
_DEGREE = Symbol("Degree")
_E = Symbol("E")
_DI = Symbol("DirectedInfinity")
_ZERO = Integer(0)
_ONE = Integer(1)
_MINUS_ONE = Integer(-1)
_HALF = Rational(Fraction(1, 2))
_COMPLEX_INFINITY = Normal(_DI, ())
_INFINITY = Normal(_DI, (_ONE,))
_MINUS_INFINITY = Normal(_DI, (_MINUS_ONE,))
_I = Complex(Integer(0), Integer(1))


def _times(*args):
    return Normal(_TIMES, args)


def _power(b, e):
    return Normal(_POWER, (b, e))


def _sqrt(n):
    return _power(Integer(n), _HALF)


# --- numeric evaluation ---------------------------------------------------------------

def _numeric(x, mfun, cfun, mpfun):
    """f(x) for an inexact number x, or None when undefined."""
    re, im, prec = triple(x)
    try:
        if prec is MACHINE:
            if im is None:
                try:
                    return Real(mfun(float(re)))
                except (ValueError, ZeroDivisionError):
                    if cfun is None:
                        return None
                    v = cfun(complex(float(re), 0.0))
            elif cfun is None:
                v = complex(mpfun(mpmath().mpc(float(re), float(im))))
            else:
                v = cfun(complex(float(re), float(im)))
            return Complex(Real(v.real), Real(v.imag))
        mp = mpmath()
        with mp.workdps(working_dps(prec)):
            arg = mp.mpc(re, im) if im is not None else mp.mpf(re)
            v = mpfun(arg)
            if isinstance(v, mp.mpc):
                if im is None and v.imag == 0:
                    return Real(v.real, prec)
                return Complex(Real(v.real, prec), Real(v.imag, prec))
            return Real(v, prec)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


# --- helpers for exact values -----------------------------------------------------------

def _negated(x):
    """-x when x is visibly negative (a negative number or a product with a
    negative numeric coefficient), else None."""
    t = type(x)
    if t in (Integer, Rational, Real):
        return neg_number(x) if x.value < 0 else None
    if t is Normal and x.head is _TIMES and x.args and type(x.args[0]) in (Integer, Rational, Real):
        c = x.args[0]
        if c.value < 0:
            nc = neg_number(c)
            rest = x.args[1:]
            if type(nc) is Integer and nc.value == 1:
                return rest[0] if len(rest) == 1 else Normal(_TIMES, rest)
            return Normal(_TIMES, (nc,) + rest)
    return None


def _pi_multiple(x):
    """r for x = r Pi with r rational (0 for exact 0), else None."""
    if x is _PI:
        return Fraction(1)
    if x is _DEGREE:
        return Fraction(1, 180)
    if type(x) is Integer and x.value == 0:
        return Fraction(0)
    if type(x) is Normal and x.head is _TIMES and len(x.args) == 2 and x.args[1] is _PI \
            and type(x.args[0]) in (Integer, Rational):
        return Fraction(x.args[0].value)
    if type(x) is Normal and x.head is _TIMES and len(x.args) == 2 and x.args[1] is _DEGREE \
            and type(x.args[0]) in (Integer, Rational):
        return Fraction(x.args[0].value) / 180      # 30 Degree is Pi/6
    return None


def _in_degrees(x) -> bool:
    return x is _DEGREE or (type(x) is Normal and x.head is _TIMES and _DEGREE in x.args)


def _pi_times(r: Fraction):
    if r == 0:
        return _ZERO
    if r == 1:
        return _PI
    return _times(make_rational(r), _PI)


# sin(r Pi) for r in [0, 1/2]
_SIN_TABLE = {
    Fraction(0): _ZERO,
    Fraction(1, 6): _HALF,
    Fraction(1, 4): _power(Integer(2), Rational(Fraction(-1, 2))),
    Fraction(1, 3): _times(_HALF, _sqrt(3)),
    Fraction(1, 2): _ONE,
}


def _sin_pi(r: Fraction):
    """Sin[r Pi]: an exact value, or (sign, reduced r) for Sin[r' Pi]."""
    r = r % 2
    sign = 1
    if r >= 1:
        r -= 1
        sign = -sign
    if r > Fraction(1, 2):
        r = 1 - r
    v = _SIN_TABLE.get(r)
    return sign, r, v


def _signed(sign, v):
    if sign == 1:
        return v
    if type(v) in NUMBER_TYPES:
        return neg_number(v)
    return _times(_MINUS_ONE, v)


def _sin_exact(ev, x, name="Sin"):
    r = _pi_multiple(x)
    if r is None:
        return None
    sign, rr, v = _sin_pi(r)
    if v is not None:
        return _signed(sign, v)
    if _in_degrees(x):
        return None             # Sin[1 Degree] stays, as in Mathematica
    new = Normal(Symbol(name), (_pi_times(rr),))
    return _signed(sign, new)


def _cos_exact(ev, x):
    r = _pi_multiple(x)
    if r is None:
        return None
    r = r % 2
    if r > 1:
        r = 2 - r
    sign = 1
    if r > Fraction(1, 2):
        r = 1 - r
        sign = -1
    v = _SIN_TABLE.get(Fraction(1, 2) - r)
    if v is not None:
        return _signed(sign, v)
    if _in_degrees(x):
        return None
    return _signed(sign, Normal(Symbol("Cos"), (_pi_times(r),)))


def _sin_value(x):
    r = _pi_multiple(x)
    if r is None:
        return None
    sign, rr, v = _sin_pi(r)
    return None if v is None else _signed(sign, v)


def _cos_value(x):
    r = _pi_multiple(x)
    if r is None:
        return None
    return _sin_value(_pi_times(r + Fraction(1, 2)))


def _ratio(ev, num, den):
    """num/den for exact trig values; ComplexInfinity when den is 0."""
    if num is None or den is None:
        return None
    if type(den) is Integer and den.value == 0:
        return _COMPLEX_INFINITY
    return ev.evaluate(_times(num, _power(den, _MINUS_ONE)))


def _is_infinity(x, direction=None):
    if type(x) is Normal and x.head is _DI:
        if direction is None:
            return True
        return len(x.args) == 1 and x.args[0] == Integer(direction)
    return False


# --- declaration helper ---------------------------------------------------------------------

def _function(name, usage, mfun, cfun, mpfun, exact=None, parity=None, nargs=1):
    @builtin(name, attributes=_NUMFUN, nargs=nargs, usage=usage)
    def function(ev, expr):
        x = expr.args[0]
        if type(x) in NUMBER_TYPES and is_inexact_number(x):
            return _numeric(x, mfun, cfun, mpfun)
        if exact is not None:
            r = exact(ev, x)
            if r is not None:
                return None if r == expr else r
        if parity is not None:
            nx = _negated(x)
            if nx is not None:
                inner = Normal(expr.head, (nx,))
                return inner if parity == "even" else _times(_MINUS_ONE, inner)
        return None
    return function


def _mp(name):
    return lambda v: getattr(mpmath(), name)(v)


# --- trigonometric ---------------------------------------------------------------------------

def _sin(ev, x):
    return _sin_exact(ev, x, "Sin")


def _tan(ev, x):
    if _pi_multiple(x) is None:
        return None
    return _ratio(ev, _sin_value(x), _cos_value(x))


def _cot(ev, x):
    if _pi_multiple(x) is None:
        return None
    return _ratio(ev, _cos_value(x), _sin_value(x))


def _sec(ev, x):
    if _pi_multiple(x) is None:
        return None
    return _ratio(ev, _ONE, _cos_value(x))


def _csc(ev, x):
    if _pi_multiple(x) is None:
        return None
    return _ratio(ev, _ONE, _sin_value(x))


_function("Sin", "Sin[z] gives the sine of z.", math.sin, cmath.sin, _mp("sin"), _sin, "odd")
_function("Cos", "Cos[z] gives the cosine of z.", math.cos, cmath.cos, _mp("cos"), _cos_exact, "even")
_function("Tan", "Tan[z] gives the tangent of z.", math.tan, cmath.tan, _mp("tan"), _tan, "odd")
_function("Cot", "Cot[z] gives the cotangent of z.", lambda v: 1 / math.tan(v),
          lambda v: 1 / cmath.tan(v), _mp("cot"), _cot, "odd")
_function("Sec", "Sec[z] gives the secant of z.", lambda v: 1 / math.cos(v),
          lambda v: 1 / cmath.cos(v), _mp("sec"), _sec, "even")
_function("Csc", "Csc[z] gives the cosecant of z.", lambda v: 1 / math.sin(v),
          lambda v: 1 / cmath.sin(v), _mp("csc"), _csc, "odd")


_ARCSIN_TABLE = {
    Fraction(0): Fraction(0), Fraction(1, 2): Fraction(1, 6), Fraction(1): Fraction(1, 2),
}


def _arcsin(ev, x):
    if type(x) in (Integer, Rational) and x.value >= 0 and x.value in _ARCSIN_TABLE:
        return _pi_times(_ARCSIN_TABLE[x.value])
    if x == _power(Integer(2), Rational(Fraction(-1, 2))):
        return _pi_times(Fraction(1, 4))
    if x == _times(_HALF, _sqrt(3)):
        return _pi_times(Fraction(1, 3))
    return None


def _arccos(ev, x):
    if type(x) in (Integer, Rational) and abs(x.value) in _ARCSIN_TABLE:
        return _pi_times(Fraction(1, 2) - (1 if x.value >= 0 else -1) * _ARCSIN_TABLE[abs(x.value)])
    if x == _power(Integer(2), Rational(Fraction(-1, 2))):
        return _pi_times(Fraction(1, 4))
    if x == _times(_HALF, _sqrt(3)):
        return _pi_times(Fraction(1, 6))
    return None


def _arctan(ev, x):
    if type(x) is Integer and x.value in (0, 1):
        return _pi_times(Fraction(x.value, 4))
    if x == _sqrt(3):
        return _pi_times(Fraction(1, 3))
    if x == _power(Integer(3), Rational(Fraction(-1, 2))):
        return _pi_times(Fraction(1, 6))
    if _is_infinity(x, 1):
        return _pi_times(Fraction(1, 2))
    if _is_infinity(x, -1):
        return _pi_times(Fraction(-1, 2))
    return None


_function("ArcSin", "ArcSin[z] gives the arc sine sin^(-1)(z) of the complex number z.",
          math.asin, cmath.asin, _mp("asin"), _arcsin, "odd")
_function("ArcCos", "ArcCos[z] gives the arc cosine cos^(-1)(z) of the complex number z.",
          math.acos, cmath.acos, _mp("acos"), _arccos, None)
_function("ArcCot", "ArcCot[z] gives the arc cotangent cot^(-1)(z) of the complex number z.",
          lambda v: math.atan(1 / v), lambda v: cmath.atan(1 / v), _mp("acot"),
          lambda ev, x: _pi_times(Fraction(1, 2)) if type(x) is Integer and x.value == 0 else (
              _pi_times(Fraction(1, 4)) if type(x) is Integer and x.value == 1 else None), "odd")


@builtin(attributes=_NUMFUN, nargs=(1, 2),
         usage="ArcTan[z] gives the arc tangent tan^(-1)(z) of the complex number z.\n"
               "ArcTan[x, y] gives the arc tangent of y/x, taking into account which quadrant the point (x, y) is in.",
         messages={"indet": "Indeterminate expression ArcTan[0, 0] encountered."})
def ArcTan(ev, expr):
    if len(expr.args) == 1:
        x = expr.args[0]
        if type(x) in NUMBER_TYPES and is_inexact_number(x):
            return _numeric(x, math.atan, cmath.atan, _mp("atan"))
        r = _arctan(ev, x)
        if r is not None:
            return r
        nx = _negated(x)
        if nx is not None:
            return _times(_MINUS_ONE, Normal(expr.head, (nx,)))
        return None
    x, y = expr.args
    real = (Integer, Rational, Real)
    if type(x) in real and type(y) in real:
        if is_inexact_number(x) or is_inexact_number(y):
            if type(x) is Real and x.precision is None or type(y) is Real and y.precision is None:
                return Real(math.atan2(float(y.value), float(x.value)))
            prec = min(p for p in (getattr(x, "precision", None), getattr(y, "precision", None)) if p)
            mp = mpmath()
            from gtnlang.core.numbers import to_mpf
            with mp.workdps(working_dps(prec)):
                return Real(mp.atan2(to_mpf(y.value, prec), to_mpf(x.value, prec)), prec)
        xv, yv = x.value, y.value
        if xv == 0 and yv == 0:
            ev.message("ArcTan", "indet")
            return Symbol("Indeterminate")
        if xv == 0:
            return _pi_times(Fraction(1 if yv > 0 else -1, 2))
        base = Normal(Symbol("ArcTan"), (make_rational(Fraction(yv) / Fraction(xv)),))
        if xv > 0:
            return base
        return Normal(_PLUS, (base, _PI if yv >= 0 else _times(_MINUS_ONE, _PI)))
    return None


# --- hyperbolic -------------------------------------------------------------------------------

def _zero_to(value):
    def exact(ev, x):
        if type(x) is Integer and x.value == 0:
            return value
        return None
    return exact


_function("Sinh", "Sinh[z] gives the hyperbolic sine of z.", math.sinh, cmath.sinh, _mp("sinh"),
          _zero_to(_ZERO), "odd")
_function("Cosh", "Cosh[z] gives the hyperbolic cosine of z.", math.cosh, cmath.cosh, _mp("cosh"),
          _zero_to(_ONE), "even")
_function("Tanh", "Tanh[z] gives the hyperbolic tangent of z.", math.tanh, cmath.tanh, _mp("tanh"),
          _zero_to(_ZERO), "odd")
def _sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


_function("LogisticSigmoid", "LogisticSigmoid[z] gives the logistic sigmoid 1/(1 + E^-z).", _sigmoid,
          lambda v: 1 / (1 + cmath.exp(-v)), lambda v: 1 / (1 + mpmath().exp(-v)),
          _zero_to(Rational(Fraction(1, 2))))
_function("Coth", "Coth[z] gives the hyperbolic cotangent of z.", lambda v: 1 / math.tanh(v),
          lambda v: 1 / cmath.tanh(v), _mp("coth"), _zero_to(_COMPLEX_INFINITY), "odd")
_function("Sech", "Sech[z] gives the hyperbolic secant of z.", lambda v: 1 / math.cosh(v),
          lambda v: 1 / cmath.cosh(v), _mp("sech"), _zero_to(_ONE), "even")
_function("Csch", "Csch[z] gives the hyperbolic cosecant of z.", lambda v: 1 / math.sinh(v),
          lambda v: 1 / cmath.sinh(v), _mp("csch"), _zero_to(_COMPLEX_INFINITY), "odd")
_function("ArcSinh", "ArcSinh[z] gives the inverse hyperbolic sine sinh^(-1)(z) of the complex number z.",
          math.asinh, cmath.asinh, _mp("asinh"), _zero_to(_ZERO), "odd")
_function("ArcCosh", "ArcCosh[z] gives the inverse hyperbolic cosine cosh^(-1)(z) of the complex number z.",
          math.acosh, cmath.acosh, _mp("acosh"),
          lambda ev, x: _ZERO if type(x) is Integer and x.value == 1 else None, None)
_function("ArcTanh", "ArcTanh[z] gives the inverse hyperbolic tangent tanh^(-1)(z) of the complex number z.",
          math.atanh, cmath.atanh, _mp("atanh"), _zero_to(_ZERO), "odd")


# --- logarithms --------------------------------------------------------------------------------

def _exact_log_ratio(z: Fraction, b: Fraction):
    """r with b^r == z for positive rationals (r rational), else None."""
    if b == 1 or z <= 0 or b <= 0:
        return None
    if z == 1:
        return Fraction(0)
    # try integer and simple rational exponents
    try:
        approx = math.log(z) / math.log(b)
    except (ValueError, ZeroDivisionError):
        return None
    r = Fraction(approx).limit_denominator(12)
    if r != 0:
        p, q = r.numerator, r.denominator
        try:
            if z ** q == b ** p:
                return r
        except (OverflowError, ZeroDivisionError):
            return None
    return None


def _log_exact(ev, z):
    t = type(z)
    if t is Integer:
        if z.value == 1:
            return _ZERO
        if z.value == 0:
            return _MINUS_INFINITY
        if z.value < 0:
            return Normal(_PLUS, (_times(_I, _PI), Normal(Symbol("Log"), (Integer(-z.value),))))
        return None
    if t is Rational:
        if z.value < 0:
            return Normal(_PLUS, (_times(_I, _PI), Normal(Symbol("Log"), (Rational(-z.value),))))
        return None
    if t is Complex and is_exact_number(z) and is_zero(z.re):
        s = z.im.value
        half_pi = _times(Rational(Fraction(1 if s > 0 else -1, 2)), _I, _PI)
        if abs(s) == 1:
            return half_pi
        return Normal(_PLUS, (half_pi, Normal(Symbol("Log"), (make_rational(Fraction(abs(s))),))))
    if z is _E:
        return _ONE
    if t is Normal and z.head is _POWER and len(z.args) == 2 and z.args[0] is _E \
            and type(z.args[1]) in (Integer, Rational, Real):
        return z.args[1]
    if t is Normal and z.head is _DI:
        if not z.args:
            return _INFINITY
        return _INFINITY
    return None


@builtin(attributes=_NUMFUN, nargs=(1, 2),
         usage="Log[z] gives the natural logarithm of z (logarithm to base e).\n"
               "Log[b, z] gives the logarithm to base b.")
def Log(ev, expr):
    if len(expr.args) == 2:
        b, z = expr.args
        if type(b) in (Integer, Rational) and type(z) in (Integer, Rational):
            r = _exact_log_ratio(Fraction(z.value), Fraction(b.value))
            if r is not None:
                return make_rational(r)
        if type(b) in NUMBER_TYPES and type(z) in NUMBER_TYPES and (
                is_inexact_number(b) or is_inexact_number(z)):
            # An exact base or argument beside a machine real is taken as a
            # machine real too (Log[2, 8.] is 3.).
            if type(b) in (Integer, Rational) and type(z) is Real and z.precision is None:
                b = Real(float(b.value))
            elif type(z) in (Integer, Rational) and type(b) is Real and b.precision is None:
                z = Real(float(z.value))
            lb = Log(ev, Normal(expr.head, (b,)))
            lz = Log(ev, Normal(expr.head, (z,)))
            if lb is not None and lz is not None:
                return _times(lz, _power(lb, _MINUS_ONE))
            return None
        if b is _E:
            return Normal(expr.head, (z,))
        return _times(Normal(expr.head, (z,)), _power(Normal(expr.head, (b,)), _MINUS_ONE))
    z = expr.args[0]
    if type(z) in NUMBER_TYPES and is_inexact_number(z):
        if is_zero(z):
            return _MINUS_INFINITY
        return _numeric(z, math.log, cmath.log, _mp("log"))
    return _log_exact(ev, z)


@builtin(attributes=_NUMFUN, nargs=1, usage="Log2[x] gives the base-2 logarithm of x.")
def Log2(ev, expr):
    return Normal(Symbol("Log"), (Integer(2), expr.args[0]))


@builtin(attributes=_NUMFUN, nargs=1, usage="Log10[x] gives the base-10 logarithm of x.")
def Log10(ev, expr):
    return Normal(Symbol("Log"), (Integer(10), expr.args[0]))


# --- Gamma ---------------------------------------------------------------------------------

def _gamma_exact(ev, x):
    if type(x) is Integer:
        if x.value <= 0:
            return _COMPLEX_INFINITY
        return Integer(math.factorial(x.value - 1))
    if type(x) is Rational and x.value.denominator == 2:
        # Gamma[n + 1/2] = (2n)! / (4^n n!) Sqrt[Pi]
        n = x.value - Fraction(1, 2)
        if n >= 0:
            n = int(n)
            c = Fraction(math.factorial(2 * n), 4 ** n * math.factorial(n))
        else:
            m = int(-n)
            c = Fraction((-4) ** m * math.factorial(m), math.factorial(2 * m))
        return ev.evaluate(_times(make_rational(c), _power(_PI, _HALF)))
    return None


def _math_gamma(v):
    if v <= 0 and v == int(v):
        raise ValueError
    return math.gamma(v)


_function("Gamma", "Gamma[z] is the Euler gamma function Γ(z).", _math_gamma, None,
          _mp("gamma"), _gamma_exact, None)


@builtin(attributes=_NUMFUN, nargs=1,
         usage="Ramp[x] gives x if x >= 0 and 0 otherwise (the rectifier, ReLU).")
def Ramp(ev, expr):
    x = expr.args[0]
    if type(x) in (Integer, Rational, Real):
        return x if x.value >= 0 else (Real(0.0) if type(x) is Real and x.precision is None else Integer(0))
    return None
