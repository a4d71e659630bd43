"""Numerical integration and summation: NIntegrate and NSum.

Both are HoldAll, as in Mathematica: the variables are made local (as
``Block`` does), the integrand is evaluated symbolically once, and then as
``N[f]`` with the variables bound one point at a time, so a global ``x = 5``
does not leak in and user functions work.  The work is
done by mpmath: tanh-sinh quadrature for integrals (it converges fast at
endpoint singularities such as ``1/Sqrt[x]`` and maps infinite ranges
itself), Richardson/Shanks extrapolation for infinite sums.

>>> from gtnlang import Session
>>> s = Session()
>>> str(s.eval("NIntegrate[Exp[-x^2], {x, -Infinity, Infinity}]"))
'1.77245'
>>> str(s.eval("NSum[1/k^2, {k, 1, Infinity}]"))
'1.64493'
"""

from __future__ import annotations

from contextlib import ExitStack

from gtnlang.core.builtin import builtin
from gtnlang.core.iteration import bound
from gtnlang.expr import Complex, Expr, Integer, Normal, Rational, Real, Symbol
from gtnlang.builtins.parts import split_options

_N = Symbol("N")
_LIST = Symbol("List")
_DI = Symbol("DirectedInfinity")
_MACHINE = Symbol("MachinePrecision")
_MACHINE_DIGITS = 15

_NINTEGRATE_MESSAGES = {
    "itraw": "Raw object `1` cannot be used as an iterator.",
    "nlim": "`1` = `2` is not a valid limit of integration.",
    "inumr": "The integrand `1` has evaluated to non-numerical values for all sampling points "
             "in the region with boundaries `2`.",
    "ncvb": "NIntegrate failed to converge to prescribed accuracy. NIntegrate obtained `1` and `2` "
            "for the integral and error estimates.",
    "wprec": "Value of option WorkingPrecision -> `1` is not a positive number or MachinePrecision.",
}
_NSUM_MESSAGES = {
    "itraw": "Raw object `1` cannot be used as an iterator.",
    "nsnum": "Summand (or its derivative) `1` is not numerical at point `2` = `3`.",
    "wprec": _NINTEGRATE_MESSAGES["wprec"],
}


class _NotNumeric(Exception):
    """The integrand or summand gave a non-number at a sampling point."""


class _BadLimit(Exception):
    """A limit of integration was not a real number: ``(variable, limit)``."""


# --- numbers between gtnlang and mpmath ----------------------------------------

def _to_mp(mp, e: Expr):
    """An mpmath number for a numeric atom or ±Infinity; None for anything else."""
    t = type(e)
    if t is Integer:
        return mp.mpf(e.value)
    if t is Rational:
        return mp.mpf(e.value.numerator) / e.value.denominator
    if t is Real:
        return mp.mpf(e.value)
    if t is Complex:
        re, im = _to_mp(mp, e.re), _to_mp(mp, e.im)
        return None if re is None or im is None else mp.mpc(re, im)
    if t is Normal and e.head is _DI and len(e.args) == 1 and type(e.args[0]) is Integer:
        return mp.inf if e.args[0].value > 0 else -mp.inf
    return None


def _from_mp(mp, value, digits):
    """A Real (or Complex of Reals): machine floats at machine precision."""
    def real(x):
        return Real(float(x)) if digits is None else Real(mp.mpf(x), float(digits))
    if isinstance(value, mp.mpc):
        if value.imag == 0:
            return real(value.real)
        return Complex(real(value.real), real(value.imag))
    return real(value)


def _precision(ev, who, options):
    """Digits asked for by WorkingPrecision (None = machine precision), or False."""
    wp = options.get("WorkingPrecision", _MACHINE)
    if wp is _MACHINE:
        return None
    if type(wp) in (Integer, Real) and wp.value > 0:
        return int(wp.value)
    ev.message(who, "wprec", wp)
    return False


# --- iterators -------------------------------------------------------------------

def _iterators(ev, who, specs):
    """``[(variable, [bound expressions])]`` for ``{x, a, b}`` (or ``{x, a, m, ..., b}``); None after a message."""
    out = []
    for spec in specs:
        if not (type(spec) is Normal and spec.head is _LIST and len(spec.args) >= 3
                and type(spec.args[0]) is Symbol):
            ev.message(who, "itraw", spec.args[0] if type(spec) is Normal and spec.head is _LIST and spec.args
                       else spec)
            return None
        out.append((spec.args[0], list(spec.args[1:])))
    return out


def _limits(mp, ev, variable, bounds):
    """The numeric points of one iterator (outer variables already bound);
    raises :class:`_BadLimit` for one that is not real."""
    points = []
    for b in bounds:
        v = _to_mp(mp, ev.evaluate(Normal(_N, (b,))))
        if v is None or (isinstance(v, mp.mpc) and v.imag != 0):
            raise _BadLimit(variable, b)
        points.append(v.real if isinstance(v, mp.mpc) else v)
    return points


def _symbolic(ev, f, variables):
    """``f`` evaluated with the variables local and without values, as
    Mathematica does before sampling (so ``0 x^0`` is 0 before x = 0. is
    tried, and the work is not repeated at every point)."""
    with ExitStack() as stack:
        for v in variables:
            stack.enter_context(bound(ev, v))(None)
        return ev.evaluate(f)


def _value_at(ev, mp, nf):
    v = _to_mp(mp, ev.evaluate(nf))
    if v is None:
        raise _NotNumeric()
    return v


# --- NIntegrate ------------------------------------------------------------------

@builtin(nargs=(2, None), attributes=("HoldAll", "Protected"),
         options=((Symbol("WorkingPrecision"), _MACHINE),),
         messages=_NINTEGRATE_MESSAGES,
         usage="NIntegrate[f, {x, xmin, xmax}] gives a numerical approximation to the integral of f with respect "
               "to x over the interval xmin to xmax.\n"
               "NIntegrate[f, {x, xmin, xmax}, {y, ymin, ymax}, ...] gives a numerical approximation to a multiple "
               "integral (ymin and ymax may depend on x).")
def NIntegrate(ev, expr):
    args, options = split_options(expr.args, ("WorkingPrecision", "Method", "PrecisionGoal", "AccuracyGoal"), 2)
    options = {k: ev.evaluate(v) for k, v in options.items()}
    digits = _precision(ev, "NIntegrate", options)
    if digits is False or len(args) < 2:
        return None
    f = args[0]
    iterators = _iterators(ev, "NIntegrate", [ev.evaluate(a) if not _is_iterator(a) else a for a in args[1:]])
    if iterators is None:
        return None
    import mpmath
    with mpmath.workdps(digits or _MACHINE_DIGITS):
        f = _symbolic(ev, f, [v for v, _ in iterators])
        nf = Normal(_N, (f,) if digits is None else (f, Integer(digits)))
        try:
            value, error = _integrate(ev, mpmath.mp, nf, iterators)
        except _BadLimit as bad:
            ev.message("NIntegrate", "nlim", *bad.args)
            return None
        except (_NotNumeric, ZeroDivisionError, OverflowError, ValueError):
            region = Normal(_LIST, tuple(Normal(_LIST, tuple(b)) for _, b in iterators))
            ev.message("NIntegrate", "inumr", f, region)
            return None
        # Mathematica's default PrecisionGoal is half the working precision
        if error > mpmath.mpf(10) ** (-(digits or _MACHINE_DIGITS) / 2) * max(1, abs(value)):
            ev.message("NIntegrate", "ncvb", _from_mp(mpmath.mp, value, digits),
                       _from_mp(mpmath.mp, error, digits))
        return _from_mp(mpmath.mp, value, digits)


def _is_iterator(e):
    return type(e) is Normal and e.head is _LIST


def _integrate(ev, mp, nf, iterators):
    """(value, error estimate) of the nested integral, messages of the
    samples suppressed; raises :class:`_BadLimit` or :class:`_NotNumeric`.
    The first iterator is the outermost (Mathematica's order), so inner
    limits may mention outer variables."""
    errors = [mp.mpf(0)]

    def inner(level):
        variable, bounds = iterators[level]
        with bound(ev, variable) as set_value:
            points = _limits(mp, ev, variable, bounds)

            def integrand(x):
                ev.check_abort()
                set_value(_from_mp(mp, x, None if mp.dps <= _MACHINE_DIGITS else mp.dps))
                if level + 1 == len(iterators):
                    return _value_at(ev, mp, nf)
                return inner(level + 1)

            value, error = mp.quad(integrand, points, error=True)
            errors[0] = max(errors[0], error)
            return value

    ev.quiet += 1
    try:
        value = inner(0)
    finally:
        ev.quiet -= 1
    return value, errors[0]


# --- NSum ------------------------------------------------------------------------

@builtin(nargs=(2, None), attributes=("HoldAll", "Protected"),
         options=((Symbol("WorkingPrecision"), _MACHINE),),
         messages=_NSUM_MESSAGES,
         usage="NSum[f, {i, imin, imax}] gives a numerical approximation to the sum of f for i from imin to imax "
               "(imax may be Infinity).\nNSum[f, {i, imin, imax, di}] uses steps di.")
def NSum(ev, expr):
    args, options = split_options(expr.args, ("WorkingPrecision", "Method"), 2)
    options = {k: ev.evaluate(v) for k, v in options.items()}
    digits = _precision(ev, "NSum", options)
    if digits is False or len(args) != 2:
        return None
    f, spec = args
    spec = spec if _is_iterator(spec) else ev.evaluate(spec)
    iterators = _iterators(ev, "NSum", [spec])
    if iterators is None:
        return None
    variable, bounds = iterators[0]
    import mpmath
    mp = mpmath.mp
    with mpmath.workdps(digits or _MACHINE_DIGITS):
        limits = [_to_mp(mp, ev.evaluate(Normal(_N, (b,)))) for b in bounds]
        if any(v is None for v in limits) or len(limits) > 3:
            return None
        low, high = limits[0], limits[1]
        step = limits[2] if len(limits) == 3 else mp.mpf(1)
        ev.quiet += 1
        try:
            value = _sum(ev, mp, _symbolic(ev, f, [variable]), variable, low, high, step, digits)
        except _NotNumeric:
            value = None
        finally:
            ev.quiet -= 1
        if value is None:
            ev.message("NSum", "nsnum", f, variable, bounds[0])
            return None
        return _from_mp(mp, value, digits)


def _sum(ev, mp, f, variable, low, high, step, digits):
    """The sum of ``f`` for variable = low, low + step, ... <= high
    (extrapolated when high is infinite).  Terms are evaluated at mpmath's
    current precision, which the extrapolation raises: machine-rounded terms
    would spoil it (1/k^2 summed to 1.64406)."""
    with bound(ev, variable) as set_value:
        def term(k):
            ev.check_abort()
            i = low + k * step
            set_value(Integer(int(i)) if i == int(i) else _from_mp(mp, i, mp.dps))
            return _value_at(ev, mp, Normal(_N, (f, Integer(mp.dps))))
        if mp.isinf(high):
            return mp.nsum(term, [0, mp.inf])
        count = int(mp.floor((high - low) / step))
        return mp.fsum(term(k) for k in range(count + 1))
