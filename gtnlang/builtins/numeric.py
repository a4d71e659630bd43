"""Numerical evaluation and number functions: N, the mathematical constants,
Re, Im, Conjugate, Arg, Round, Floor, Ceiling, IntegerPart, FractionalPart,
Chop, Precision, Accuracy, Rationalize, the number predicates, Numerator,
Denominator, Max, Min, RandomReal, RandomInteger, RandomChoice, SeedRandom.

``N[expr]`` works at machine precision, ``N[expr, n]`` at `n` decimal digits
through mpmath (a few guard digits are carried; the result's ``precision``
is `n`).  N walks into every subexpression except those an ``NHold*``
attribute protects, leaves integer exponents exact (``N[x^2]`` is ``x^2``),
replaces the numeric constants by their values, and evaluates the result, so
``N[Sin[1] + Log[2]]`` computes each function on reals.

The random generator is a numpy ``Generator`` kept on the evaluator
(``ev.random``), created on first use; ``SeedRandom[n]`` replaces it.
"""

from __future__ import annotations

import math
from fractions import Fraction

from gtnlang.core.attributes import CONSTANT, N_HOLD_FIRST, N_HOLD_REST, NUMERIC_FUNCTION
from gtnlang.core.builtin import builtin, define
from gtnlang.core.numbers import (
    MACHINE, MACHINE_CONSTANTS, MACHINE_PRECISION, NUMBER_TYPES, exact_value, from_triple,
    is_exact_number, is_inexact_number, is_machine_number, mpmath, precision_of,
    to_mpf, triple, working_dps,
)
from gtnlang.expr import (
    FALSE, NULL, TRUE, Complex, Expr, Integer, Normal, Rational, Real, String,
    Symbol, from_bool, make_rational,
)

_LIST = Symbol("List")
_POWER = Symbol("Power")
_TIMES = Symbol("Times")
_PLUS = Symbol("Plus")
_DI = Symbol("DirectedInfinity")
_ZERO = Integer(0)
_ONE = Integer(1)
_INFINITY = Normal(_DI, (_ONE,))
_MINUS_INFINITY = Normal(_DI, (Integer(-1),))
_MACHINE_PRECISION_SYM = Symbol("MachinePrecision")

__all__ = ["numeric_q", "n_evaluate", "n_apply", "real_numeric_value", "parse_precision"]


# --- constants -------------------------------------------------------------------

def _mp_constant(name):
    mp = mpmath()
    return {
        "Pi": lambda: +mp.pi,
        "E": lambda: +mp.e,
        "Degree": lambda: mp.pi / 180,
        "EulerGamma": lambda: +mp.euler,
        "GoldenRatio": lambda: +mp.phi,
        "Catalan": lambda: +mp.catalan,
        "Khinchin": lambda: +mp.khinchin,
        "Glaisher": lambda: +mp.glaisher,
    }[name]()


_CONSTANT_ATTRS = ("Constant", "Protected", "ReadProtected")

define("Pi", attributes=_CONSTANT_ATTRS,
       usage="Pi is π, with numerical value ≃ 3.14159.")
define("E", attributes=_CONSTANT_ATTRS,
       usage="E is the exponential constant e (base of natural logarithms), with numerical value ≃ 2.71828.")
define("Degree", attributes=_CONSTANT_ATTRS,
       usage="Degree gives the number of radians in one degree. It has a numerical value of π/180.")
define("EulerGamma", attributes=_CONSTANT_ATTRS,
       usage="EulerGamma is Euler's constant γ, with numerical value ≃ 0.577216.")
define("GoldenRatio", attributes=_CONSTANT_ATTRS,
       usage="GoldenRatio is the golden ratio ϕ = (1 + Sqrt[5])/2, with numerical value ≃ 1.61803.")
define("Catalan", attributes=_CONSTANT_ATTRS,
       usage="Catalan is Catalan's constant, with numerical value ≃ 0.915966.")
define("Khinchin", attributes=_CONSTANT_ATTRS,
       usage="Khinchin is Khinchin's constant, with numerical value ≃ 2.68545.")
define("Glaisher", attributes=_CONSTANT_ATTRS,
       usage="Glaisher is Glaisher's constant, with numerical value ≃ 1.28243.")
define("I", attributes=("Locked", "Protected", "ReadProtected"),
       usage="I represents the imaginary unit Sqrt[-1].",
       value=Complex(Integer(0), Integer(1)))
define("Infinity", attributes=("Protected", "ReadProtected"),
       usage="Infinity or ∞ is a symbol that represents a positive infinite quantity.",
       value=_INFINITY)
define("ComplexInfinity", attributes=("Protected",),
       usage="ComplexInfinity represents a quantity with infinite magnitude, but undetermined complex phase.",
       value=Normal(_DI, ()))
define("Indeterminate", attributes=("Protected",),
       usage="Indeterminate is a symbol that represents a numerical quantity whose magnitude cannot be determined.")
define("MachinePrecision", attributes=("Constant", "Protected"),
       usage="MachinePrecision is a symbol used to indicate machine‐number precision.")
define("$MachinePrecision", attributes=("Protected",),
       usage="$MachinePrecision gives the number of decimal digits of precision used for machine‐precision numbers.",
       value=Real(MACHINE_PRECISION))
define("$MachineEpsilon", attributes=("Protected",),
       usage="$MachineEpsilon gives the difference between 1.0 and the next-nearest number representable as a machine-precision number.",
       value=Real(2.0 ** -52))
define("$MaxMachineNumber", attributes=("Protected",),
       usage="$MaxMachineNumber is the largest machine-precision number that can be used on a particular computer system.",
       value=Real(1.7976931348623157e308))
define("$MinMachineNumber", attributes=("Protected",),
       usage="$MinMachineNumber is the smallest positive machine-precision number that can be used on a particular computer system.",
       value=Real(2.2250738585072014e-308))


def constant_value(name: str, prec):
    """The value of a numeric constant at precision `prec`, or None."""
    if name not in MACHINE_CONSTANTS:
        return None
    if prec is MACHINE:
        return Real(MACHINE_CONSTANTS[name])
    mp = mpmath()
    with mp.workdps(working_dps(prec)):
        return Real(_mp_constant(name), prec)


# --- NumericQ and N --------------------------------------------------------------------

def numeric_q(ev, x) -> bool:
    """Mathematica's NumericQ."""
    t = type(x)
    if t in NUMBER_TYPES:
        return True
    if t is Symbol:
        return bool(ev.attributes(x) & CONSTANT) and x.name in MACHINE_CONSTANTS
    if t is Normal:
        h = x.head
        if h is _ROOT:
            return _root_numeric_q(x)
        if type(h) is not Symbol or not ev.attributes(h) & NUMERIC_FUNCTION:
            return False
        if h is _DI:
            return False
        return all(numeric_q(ev, a) for a in x.args)
    return False


_ROOT = Symbol("Root")
_ROOT_BODY_HEADS = frozenset(("Plus", "Times", "Power"))


def _root_numeric_q(x) -> bool:
    """NumericQ of Root[f, k]: f a polynomial with rational coefficients (what N
    can evaluate), checked on the tree so that no sympy is needed.

    >>> from gtnlang.expr import Expression as E
    >>> _root_numeric_q(E("Root", E("Function", E("Plus", Integer(-2), E("Power", E("Slot", Integer(1)), Integer(3)))), Integer(1)))
    True
    """
    if len(x.args) != 2 or type(x.args[1]) is not Integer:
        return False
    f = x.args[0]
    return type(f) is Normal and f.has_head("Function") and len(f.args) == 1 \
        and _rational_polynomial_body(f.args[0])


def _rational_polynomial_body(e) -> bool:
    t = type(e)
    if t is Integer or t is Rational:
        return True
    if t is not Normal:
        return False
    if e.has_head("Slot"):
        return e.args == (Integer(1),)
    if type(e.head) is not Symbol or e.head.name not in _ROOT_BODY_HEADS:
        return False
    if e.head.name == "Power":
        return len(e.args) == 2 and type(e.args[1]) is Integer and e.args[1].value >= 0 \
            and _rational_polynomial_body(e.args[0])
    return all(_rational_polynomial_body(a) for a in e.args)


def _n_number(x, prec):
    t = type(x)
    if t is Integer or t is Rational:
        if prec is MACHINE:
            try:
                return Real(float(x.value))
            except OverflowError:
                mp = mpmath()
                return Real(mp.mpf(x.value), MACHINE_PRECISION)
        return Real(to_mpf(x.value, prec), prec)
    if t is Real:
        if x.precision is None:
            return x
        if prec is MACHINE:
            return Real(float(x.value))
        if x.precision > prec:
            return Real(x.value, prec)
        return x
    if t is Complex:
        re, im = _n_number(x.re, prec), _n_number(x.im, prec)
        p = precision_of(Complex(re, im))
        if precision_of(re) != p:
            re = _n_number(re, p)
        if precision_of(im) != p:
            im = _n_number(im, p)
        return Complex(re, im)
    return x


def n_apply(ev, x, prec):
    """Replace exact numbers and constants in `x` by approximate ones (no evaluation)."""
    t = type(x)
    if t in NUMBER_TYPES:
        return _n_number(x, prec)
    if t is Symbol:
        definition = ev.definitions.lookup(x.name)
        if definition is not None and definition.n_values:
            from gtnlang.core.pattern import match_first, substitute
            call = Normal(Symbol("N"), (x,) if prec is MACHINE else (x, Real(float(prec))))
            for rule in definition.n_values:
                b = match_first(rule.lhs, call, ev)
                if b is not None:
                    return ev.evaluate(substitute(rule.rhs, b) if b else rule.rhs)
        v = constant_value(x.name, prec)
        return v if v is not None else x
    if t is Normal:
        h = x.head
        if h is _ROOT:
            # Root is NHoldAll (its polynomial stays exact); its value comes from
            # the module that defines it, which is loaded once a Root exists.
            from gtnlang.builtins.calculus import root_numeric
            value = root_numeric(x, prec)
            if value is not None:
                return value
        attrs = ev.attributes(h) if type(h) is Symbol else 0
        args = x.args
        if h is _POWER and len(args) == 2 and type(args[1]) is Integer:
            return Normal(h, (n_apply(ev, args[0], prec), args[1]))
        new = []
        changed = False
        for i, a in enumerate(args):
            held = attrs & (N_HOLD_FIRST if i == 0 else N_HOLD_REST)
            v = a if held else n_apply(ev, a, prec)
            if v is not a:
                changed = True
            new.append(v)
        nh = h if type(h) is Symbol else n_apply(ev, h, prec)
        if nh is not h:
            changed = True
        return Normal(nh, tuple(new)) if changed else x
    return x


def n_evaluate(ev, x, prec):
    """N[x] at precision `prec` (`MACHINE` or decimal digits)."""
    return ev.evaluate(n_apply(ev, x, prec))


def parse_precision(p):
    """`MACHINE`, a float number of digits, or None when `p` is not a precision."""
    if p is _MACHINE_PRECISION_SYM:
        return MACHINE
    if type(p) in (Integer, Rational, Real) and p.value > 0:
        return float(p.value)
    return None


@builtin(nargs=(1, 2),
         usage="N[expr] gives the numerical value of expr.\n"
               "N[expr, n] attempts to give a result with n-digit precision.",
         messages={"precbd": "Requested precision `1` is not a machine-sized real number between $MinPrecision and $MaxPrecision."})
def N(ev, expr):
    x = expr.args[0]
    if len(expr.args) == 2:
        prec = parse_precision(expr.args[1])
        if prec is None:
            ev.message("N", "precbd", expr.args[1])
            return None
        if prec is not MACHINE and prec <= MACHINE_PRECISION and type(expr.args[1]) is Integer \
                and False:
            prec = MACHINE
    else:
        prec = MACHINE
    result = n_evaluate(ev, x, prec)
    return result


def real_numeric_value(ev, x, digits=30):
    """A Python number (int/Fraction exact, or float/mpf) for a real numeric
    expression, or None.  Exact numbers give exact values."""
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    if t is Real:
        return x.value
    if t is Complex:
        return None
    if numeric_q(ev, x):
        v = n_evaluate(ev, x, float(digits))
        if type(v) is Real:
            return v.value
        if type(v) is Complex and v.im.value == 0:
            return v.re.value
    return None


# --- Re, Im, Conjugate, Arg ------------------------------------------------------------

_NUMFUN = ("Listable", "NumericFunction", "Protected")


@builtin(attributes=_NUMFUN, nargs=1, usage="Re[z] gives the real part of the complex number z.")
def Re(ev, expr):
    z = expr.args[0]
    t = type(z)
    if t in (Integer, Rational, Real):
        return z
    if t is Complex:
        return z.re
    if t is Symbol and numeric_q(ev, z):
        return z
    return None


@builtin(attributes=_NUMFUN, nargs=1, usage="Im[z] gives the imaginary part of the complex number z.")
def Im(ev, expr):
    z = expr.args[0]
    t = type(z)
    if t in (Integer, Rational):
        return _ZERO
    if t is Real:
        return _ZERO
    if t is Complex:
        return z.im
    if t is Symbol and numeric_q(ev, z):
        return _ZERO
    return None


@builtin(attributes=_NUMFUN, nargs=1, usage="Conjugate[z] or z\\[Conjugate] gives the complex conjugate of the complex number z.")
def Conjugate(ev, expr):
    z = expr.args[0]
    t = type(z)
    if t in (Integer, Rational, Real):
        return z
    if t is Complex:
        from gtnlang.core.numbers import neg_number
        return Complex(z.re, neg_number(z.im))
    if t is Symbol and numeric_q(ev, z):
        return z
    return None


@builtin(attributes=_NUMFUN, nargs=1, usage="Arg[z] gives the argument of the complex number z.")
def Arg(ev, expr):
    z = expr.args[0]
    t = type(z)
    if t in (Integer, Rational):
        return _ZERO if z.value >= 0 else Symbol("Pi")
    if t is Real:
        if z.value >= 0:
            return _ZERO
        return _n_number(Symbol("Pi"), None) if False else ev.evaluate(
            n_apply(ev, Symbol("Pi"), precision_of(z)))
    if t is Complex:
        if is_exact_number(z):
            if z.re.value == 0:
                return ev.evaluate(Normal(_TIMES, (Rational(Fraction(1 if z.im.value > 0 else -1, 2)),
                                                   Symbol("Pi"))))
            return Normal(Symbol("ArcTan"), (z.re, z.im))
        re, im, prec = triple(z)
        if prec is MACHINE:
            return Real(math.atan2(im, re))
        mp = mpmath()
        with mp.workdps(working_dps(prec)):
            return Real(mp.atan2(im, re), prec)
    return None


# --- rounding ------------------------------------------------------------------------------

def _round_half_even(v) -> int:
    f = Fraction(v) if not isinstance(v, Fraction) else v
    return round(f)


def _exact(v):
    if isinstance(v, (int, Fraction)):
        return v
    if isinstance(v, float):
        return Fraction(v)
    from gtnlang.core.numbers import mpf_to_fraction
    return mpf_to_fraction(v)


def _integer_function(name, fn, doc):
    @builtin(name, attributes=_NUMFUN, nargs=(1, 2), usage=doc)
    def function(ev, expr):
        x = expr.args[0]
        if len(expr.args) == 2:
            a = expr.args[1]
            if type(x) in (Integer, Rational, Real) and type(a) in (Integer, Rational, Real) \
                    and a.value != 0:
                q = Normal(Symbol(name), (ev.evaluate(Normal(_TIMES, (x, Normal(_POWER, (a, Integer(-1)))))),))
                return Normal(_TIMES, (a, q))
            return None
        t = type(x)
        if t is Integer:
            return x
        if t is Rational or t is Real:
            if t is Real and (x.value != x.value or x.value in (math.inf, -math.inf)):
                return None
            return Integer(fn(_exact(x.value)))
        if t is Complex:
            re = function(ev, Normal(Symbol(name), (x.re,)))
            im = function(ev, Normal(Symbol(name), (x.im,)))
            return from_triple(re.value, im.value, None)
        if t is Normal and x.head is _DI:
            return x
        v = real_numeric_value(ev, x)
        if v is not None:
            return Integer(fn(_exact(v)))
        return None
    return function


_integer_function("Round", _round_half_even,
                  "Round[x] gives the integer closest to x.\nRound[x, a] rounds to the nearest multiple of a.")
_integer_function("Floor", math.floor,
                  "Floor[x] gives the greatest integer less than or equal to x.\nFloor[x, a] gives the greatest multiple of a less than or equal to x.")
_integer_function("Ceiling", math.ceil,
                  "Ceiling[x] gives the smallest integer greater than or equal to x.\nCeiling[x, a] gives the smallest multiple of a greater than or equal to x.")
_integer_function("IntegerPart", math.trunc,
                  "IntegerPart[x] gives the integer part of x.")


@builtin(attributes=_NUMFUN, nargs=1, usage="FractionalPart[x] gives the fractional part of x.")
def FractionalPart(ev, expr):
    x = expr.args[0]
    t = type(x)
    if t is Integer:
        return _ZERO
    if t is Rational:
        v = x.value
        return make_rational(v - math.trunc(v))
    if t is Real:
        v = x.value
        return Real(v - int(v), x.precision) if x.precision is None else \
            Real(v - mpmath().mpf(int(v)), x.precision)
    return None


@builtin(nargs=(1, 2),
         usage="Chop[expr] replaces approximate real numbers in expr that are close to zero by the exact integer 0.")
def Chop(ev, expr):
    tol = 1e-10
    if len(expr.args) == 2:
        d = expr.args[1]
        if type(d) not in (Integer, Rational, Real):
            return None
        tol = float(d.value)

    def chop(x):
        t = type(x)
        if t is Real:
            return _ZERO if abs(x.value) < tol else x
        if t is Complex:
            re, im = chop(x.re), chop(x.im)
            if type(im) is Integer and im.value == 0:
                return re
            if re is x.re and im is x.im:
                return x
            return Complex(re, im)
        if t is Normal:
            args = tuple(chop(a) for a in x.args)
            if all(a is b for a, b in zip(args, x.args)):
                return x
            return Normal(x.head, args)
        return x

    result = chop(expr.args[0])
    return result


def _min_precision(x):
    t = type(x)
    if t in NUMBER_TYPES:
        return precision_of(x)
    if t is Normal:
        p = None
        for a in x.args:
            q = _min_precision(a)
            if q is MACHINE:
                return MACHINE
            if q is not None:
                p = q if p is None else min(p, q)
        return p
    return None


@builtin(nargs=1, usage="Precision[x] gives the effective number of digits of precision in the number x.")
def Precision(ev, expr):
    p = _min_precision(expr.args[0])
    if p is None:
        return _INFINITY
    if p is MACHINE:
        return _MACHINE_PRECISION_SYM
    return Real(float(p))


@builtin(nargs=1, usage="Accuracy[x] gives the effective number of digits to the right of the decimal point in the number x.")
def Accuracy(ev, expr):
    x = expr.args[0]
    p = _min_precision(x)
    if p is None:
        return _INFINITY
    if type(x) is Real:
        v = abs(float(x.value))
        digits = MACHINE_PRECISION if p is MACHINE else p
        if v == 0:
            return Real(float(digits) if p is not MACHINE else 307.6526555685888)
        return Real(digits - math.log10(v))
    return None


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in [lo, hi] (lo <= hi)."""
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -_simplest_between(-hi, -lo)
    fl = math.floor(lo)
    if fl == lo:
        return Fraction(fl)
    if fl + 1 <= hi:
        return Fraction(fl + 1)
    # lo and hi share the integer part fl
    rest = _simplest_between(1 / (hi - fl), 1 / (lo - fl))
    return fl + 1 / rest


@builtin(attributes=("Listable", "Protected"), nargs=(1, 2),
         usage="Rationalize[x] converts an approximate number x to a nearby rational with small denominator.\n"
               "Rationalize[x, dx] yields the rational number with smallest denominator that lies within dx of x.")
def Rationalize(ev, expr):
    x = expr.args[0]
    if type(x) in (Integer, Rational):
        return x
    if type(x) is Complex:
        re = Rationalize(ev, Normal(expr.head, (x.re,) + expr.args[1:]))
        im = Rationalize(ev, Normal(expr.head, (x.im,) + expr.args[1:]))
        re = x.re if re is None else re
        im = x.im if im is None else im
        if is_exact_number(re) and is_exact_number(im):
            return from_triple(re.value, im.value, None)
        return None
    if type(x) is not Real:
        return None
    v = _exact(x.value)
    if len(expr.args) == 2:
        d = expr.args[1]
        if type(d) not in (Integer, Rational, Real) or d.value < 0:
            return None
        dx = _exact(d.value)
        if dx == 0:
            return make_rational(v)
        return make_rational(_simplest_between(v - dx, v + dx))
    # continued fraction convergents p/q with |x - p/q| < 10^-4 / q^2, as long
    # as 10^-4 / q^2 exceeds the uncertainty of x itself
    if x.precision is None:
        uncertainty = abs(v) * Fraction(2 ** -52)
    else:
        uncertainty = abs(v) / Fraction(10) ** int(x.precision)
    a = v
    h0, h1, k0, k1 = 0, 1, 1, 0
    for _ in range(64):
        ai = math.floor(a)
        h0, h1 = h1, ai * h1 + h0
        k0, k1 = k1, ai * k1 + k0
        approx = Fraction(h1, k1)
        bound = Fraction(1, 10 ** 4) / (k1 * k1)
        if bound <= uncertainty:
            break
        if abs(approx - v) < bound:
            return make_rational(approx)
        frac = a - ai
        if frac == 0:
            break
        a = 1 / frac
    return x


# --- predicates ------------------------------------------------------------------------------

def _predicate(name, test, doc):
    @builtin(name, nargs=1, usage=doc)
    def function(ev, expr):
        return from_bool(test(ev, expr.args[0]))
    return function


_predicate("NumberQ", lambda ev, x: type(x) in NUMBER_TYPES,
           "NumberQ[expr] gives True if expr is a number, and False otherwise.")
_predicate("NumericQ", numeric_q,
           "NumericQ[expr] gives True if expr is a numeric quantity, and False otherwise.")
_predicate("IntegerQ", lambda ev, x: type(x) is Integer,
           "IntegerQ[expr] gives True if expr is an integer, and False otherwise.")
_predicate("MachineNumberQ", lambda ev, x: is_machine_number(x),
           "MachineNumberQ[expr] returns True if expr is a machine‐precision real or complex number, and returns False otherwise.")
_predicate("ExactNumberQ", lambda ev, x: is_exact_number(x),
           "ExactNumberQ[expr] returns True if expr is an exact real or complex number, and returns False otherwise.")
_predicate("InexactNumberQ", lambda ev, x: is_inexact_number(x),
           "InexactNumberQ[expr] returns True if expr is an inexact real or complex number, and returns False otherwise.")


@builtin(attributes=_NUMFUN, nargs=1, usage="Numerator[expr] gives the numerator of expr.")
def Numerator(ev, expr):
    x = expr.args[0]
    if type(x) is Rational:
        return Integer(x.value.numerator)
    if type(x) in (Integer, Real, Complex):
        return x
    num, den = _split_fraction(x)
    return num


@builtin(attributes=_NUMFUN, nargs=1, usage="Denominator[expr] gives the denominator of expr.")
def Denominator(ev, expr):
    x = expr.args[0]
    if type(x) is Rational:
        return Integer(x.value.denominator)
    if type(x) in (Integer, Real, Complex):
        return _ONE
    num, den = _split_fraction(x)
    return den


def _is_negative_exponent(e):
    if type(e) in (Integer, Rational, Real):
        return e.value < 0
    if type(e) is Normal and e.head is _TIMES and type(e.args[0]) in (Integer, Rational, Real):
        return e.args[0].value < 0
    return False


def _split_fraction(x):
    factors = x.args if type(x) is Normal and x.head is _TIMES else (x,)
    num, den = [], []
    for f in factors:
        if type(f) is Rational:
            num.append(Integer(f.value.numerator))
            den.append(Integer(f.value.denominator))
        elif type(f) is Normal and f.head is _POWER and len(f.args) == 2 \
                and _is_negative_exponent(f.args[1]):
            den.append(Normal(_POWER, (f.args[0], Normal(_TIMES, (Integer(-1), f.args[1])))))
        else:
            num.append(f)

    def build(parts):
        if not parts:
            return _ONE
        if len(parts) == 1:
            return parts[0]
        return Normal(_TIMES, tuple(parts))

    return build(num), build(den)


# --- Max, Min ----------------------------------------------------------------------------------

def _flatten_lists(args):
    out = []
    for a in args:
        if type(a) is Normal and a.head is _LIST:
            out.extend(_flatten_lists(a.args))
        else:
            out.append(a)
    return out


def _extremum(ev, expr, pick_max: bool):
    items = _flatten_lists(expr.args)
    if not items:
        return _MINUS_INFINITY if pick_max else _INFINITY
    best = None
    best_value = None
    symbolic = []
    for x in items:
        if type(x) is Normal and x.head is _DI and len(x.args) == 1 and type(x.args[0]) is Integer:
            v = math.inf if x.args[0].value > 0 else -math.inf
        else:
            v = real_numeric_value(ev, x)
        if v is None:
            if x not in symbolic:
                symbolic.append(x)
            continue
        ve = v if isinstance(v, (int, Fraction, float)) else _exact(v)
        if best is None or (ve > best_value if pick_max else ve < best_value):
            best, best_value = x, ve
        elif ve == best_value and type(x) is Real and type(best) is not Real:
            best = x  # an inexact value wins a tie, as in Mathematica
    if best is not None:
        if type(best) is Normal and best.head is _DI:
            if (best.args[0].value > 0) == pick_max:
                return best
        parts = [best] + symbolic
    else:
        parts = symbolic
    if len(parts) == 1:
        return parts[0]
    from gtnlang.core.ordering import canonical_sort
    result = Normal(expr.head, canonical_sort(tuple(parts)))
    return None if result == expr else result


@builtin(attributes=("Flat", "NumericFunction", "OneIdentity", "Orderless", "Protected"),
         usage="Max[x1, x2, ...] yields the numerically largest of the xi.\n"
               "Max[{x1, x2, ...}, {y1, ...}, ...] yields the largest element of any of the lists.")
def Max(ev, expr):
    return _extremum(ev, expr, True)


@builtin(attributes=("Flat", "NumericFunction", "OneIdentity", "Orderless", "Protected"),
         usage="Min[x1, x2, ...] yields the numerically smallest of the xi.\n"
               "Min[{x1, x2, ...}, {y1, ...}, ...] yields the smallest element of any of the lists.")
def Min(ev, expr):
    return _extremum(ev, expr, False)


# --- random numbers -------------------------------------------------------------------------------

def _generator(ev):
    rng = getattr(ev, "random", None)
    if rng is None:
        import numpy as np
        rng = np.random.default_rng()
        ev.random = rng
    return rng


def _shape(ev, spec, name, expr):
    if type(spec) is Integer and spec.value >= 0:
        return (spec.value,)
    if type(spec) is Normal and spec.head is _LIST and all(
            type(a) is Integer and a.value >= 0 for a in spec.args):
        return tuple(a.value for a in spec.args)
    return None


def _nest(values, shape, make):
    if len(shape) == 1:
        return Normal(_LIST, tuple(make(v) for v in values))
    step = len(values) // shape[0] if shape[0] else 0
    return Normal(_LIST, tuple(_nest(values[i * step:(i + 1) * step], shape[1:], make)
                               for i in range(shape[0])))


def _real_range(spec):
    if type(spec) in (Integer, Rational, Real):
        return 0.0, float(spec.value)
    if type(spec) is Normal and spec.head is _LIST and len(spec.args) == 2 and all(
            type(a) in (Integer, Rational, Real) for a in spec.args):
        return float(spec.args[0].value), float(spec.args[1].value)
    return None


@builtin(nargs=(0, 2),
         usage="RandomReal[] gives a pseudorandom real number in the range 0 to 1.\n"
               "RandomReal[{xmin, xmax}] gives a pseudorandom real number in the range xmin to xmax.\n"
               "RandomReal[xmax] gives a pseudorandom real number in the range 0 to xmax.\n"
               "RandomReal[range, n] gives a list of n pseudorandom reals.\n"
               "RandomReal[range, {n1, n2, ...}] gives an n1×n2×... array of pseudorandom reals.",
         messages={"unifr": "The endpoints specified by `1` for the endpoints of the discrete uniform distribution range are not real valued.",
                   "array": "The array dimensions `1` given in position 2 of `2` should be a list of non-negative machine-sized integers giving the dimensions for the result."})
def RandomReal(ev, expr):
    args = expr.args
    lo, hi = (0.0, 1.0) if not args else (_real_range(args[0]) or (None, None))
    if lo is None:
        ev.message("RandomReal", "unifr", args[0])
        return None
    rng = _generator(ev)
    if len(args) < 2:
        return Real(float(rng.uniform(lo, hi)))
    shape = _shape(ev, args[1], "RandomReal", expr)
    if shape is None:
        ev.message("RandomReal", "array", args[1], expr)
        return None
    values = rng.uniform(lo, hi, size=shape).reshape(-1).tolist()
    return _nest(values, shape, Real)


@builtin(nargs=(0, 2),
         usage="RandomInteger[{imin, imax}] gives a pseudorandom integer in the range {imin, imax}.\n"
               "RandomInteger[imax] gives a pseudorandom integer in the range {0, imax}.\n"
               "RandomInteger[] pseudorandomly gives 0 or 1.\n"
               "RandomInteger[range, n] gives a list of n pseudorandom integers.\n"
               "RandomInteger[range, {n1, n2, ...}] gives an n1×n2×... array of pseudorandom integers.",
         messages={"unifr": "The endpoints specified by `1` for the endpoints of the discrete uniform distribution range are not integers.",
                   "array": "The array dimensions `1` given in position 2 of `2` should be a list of non-negative machine-sized integers giving the dimensions for the result."})
def RandomInteger(ev, expr):
    args = expr.args
    if not args:
        lo, hi = 0, 1
    else:
        spec = args[0]
        if type(spec) is Integer:
            lo, hi = 0, spec.value
        elif type(spec) is Normal and spec.head is _LIST and len(spec.args) == 2 and all(
                type(a) is Integer for a in spec.args):
            lo, hi = spec.args[0].value, spec.args[1].value
        else:
            ev.message("RandomInteger", "unifr", spec)
            return None
    if lo > hi:
        lo, hi = hi, lo
    rng = _generator(ev)
    big = hi - lo >= 2 ** 62

    def draw(size=None):
        if big:
            import random as pyrandom
            r = pyrandom.Random(int(rng.integers(0, 2 ** 62)))
            if size is None:
                return r.randint(lo, hi)
            return [r.randint(lo, hi) for _ in range(math.prod(size))]
        v = rng.integers(lo, hi + 1, size=size)
        return int(v) if size is None else v.reshape(-1).tolist()

    if len(args) < 2:
        return Integer(draw())
    shape = _shape(ev, args[1], "RandomInteger", expr)
    if shape is None:
        ev.message("RandomInteger", "array", args[1], expr)
        return None
    return _nest(draw(shape), shape, Integer)


_RULE = Symbol("Rule")


def _choice_weights(ev, spec):
    """(weights as floats or None, choices tuple) of ``list`` or ``weights -> list``, or None."""
    if type(spec) is Normal and spec.head is _LIST:
        return None, spec.args
    if type(spec) is Normal and spec.head is _RULE and len(spec.args) == 2:
        weights, choices = spec.args
        if not (type(weights) is Normal and weights.head is _LIST
                and type(choices) is Normal and choices.head is _LIST):
            return None
        if len(weights.args) != len(choices.args):
            return None
        values = []
        for w in weights.args:
            if type(w) not in (Integer, Rational, Real):
                w = n_evaluate(ev, w, MACHINE) if numeric_q(ev, w) else w
            if type(w) not in (Integer, Rational, Real) or w.value < 0:
                return None
            values.append(float(w.value))
        total = sum(values)
        if not total > 0 or not math.isfinite(total):
            return None
        return [v / total for v in values], choices.args
    return None


@builtin(nargs=(1, 2),
         usage="RandomChoice[{e1, e2, ...}] gives a pseudorandom choice of one of the ei.\n"
               "RandomChoice[list, n] gives a list of n pseudorandom choices.\n"
               "RandomChoice[list, {n1, n2, ...}] gives an n1×n2×... array of pseudorandom choices.\n"
               "RandomChoice[{w1, w2, ...} -> {e1, e2, ...}] gives a pseudorandom choice weighted by the wi.\n"
               "RandomChoice[wlist -> elist, n] gives a list of n weighted choices.\n"
               "RandomChoice[wlist -> elist, {n1, n2, ...}] gives an n1×n2×... array of weighted choices.",
         messages={"lrwl": "The items for choice `1` should be a list or a rule weights -> choices.",
                   "wghtv": "The weights on the left-hand side of `1` have to be a list of non-negative numbers, not all zero, with the same length as the list of items on its right-hand side.",
                   "array": "The array dimensions `1` given in position 2 of `2` should be a list of non-negative machine-sized integers giving the dimensions for the result."})
def RandomChoice(ev, expr):
    args = expr.args
    spec = args[0]
    parsed = _choice_weights(ev, spec)
    if parsed is None:
        is_rule = type(spec) is Normal and spec.head is _RULE and len(spec.args) == 2
        ev.message("RandomChoice", "wghtv" if is_rule else "lrwl", spec)
        return None
    weights, choices = parsed
    if not choices:
        ev.message("RandomChoice", "lrwl", spec)
        return None
    shape = None
    if len(args) == 2:
        shape = _shape(ev, args[1], "RandomChoice", expr)
        if shape is None:
            ev.message("RandomChoice", "array", args[1], expr)
            return None
    rng = _generator(ev)
    n = len(choices)
    if shape is None:
        k = int(rng.choice(n, p=weights)) if weights is not None else int(rng.integers(0, n))
        return choices[k]
    if weights is not None:
        picks = rng.choice(n, size=shape, p=weights)
    else:
        picks = rng.integers(0, n, size=shape)
    return _nest(picks.reshape(-1).tolist(), shape, lambda k: choices[k])


@builtin(nargs=(0, 1),
         usage="SeedRandom[n] resets the pseudorandom generator, using n as a seed.\n"
               "SeedRandom[] resets the generator, using as a seed the time of day and certain attributes of the current Wolfram System session.")
def SeedRandom(ev, expr):
    import numpy as np
    if expr.args:
        seed = expr.args[0]
        if type(seed) is Integer:
            ev.random = np.random.default_rng(abs(seed.value))
        elif type(seed) is String:
            ev.random = np.random.default_rng(list(seed.value.encode()))
        else:
            return None
    else:
        ev.random = np.random.default_rng()
    return NULL
