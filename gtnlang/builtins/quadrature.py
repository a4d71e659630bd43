"""Numerical integration and summation: NIntegrate and NSum.

Both are HoldAll, as in Mathematica: the variables are made local (as
``Block`` does), the integrand is evaluated symbolically once, and then as
``N[f]`` with the variables bound one point at a time, so a global ``x = 5``
does not leak in and user functions work.  The work is
done by mpmath: tanh-sinh quadrature for integrals (it converges fast at
endpoint singularities such as ``1/Sqrt[x]`` and maps infinite ranges
itself), Richardson/Shanks extrapolation for infinite sums.

At machine precision NIntegrate first tries a faster way: when the
symbolically evaluated integrand and the limits lower to numpy
(:mod:`gtnlang.core.vectorize`), the same kind of double-exponential rule
samples a whole tensor-product grid in one call, which turns minutes of
point-by-point evaluation of a double integral into milliseconds.  When
anything is in doubt (a sample that is not a finite real, no convergence)
the mpmath path above decides, with its messages.

>>> from gtnlang import Session
>>> s = Session()
>>> str(s.eval("NIntegrate[Exp[-x^2], {x, -Infinity, Infinity}]"))
'1.77245'
>>> str(s.eval("NSum[1/k^2, {k, 1, Infinity}]"))
'1.64493'
"""

from __future__ import annotations

import math
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
        if digits is None:
            value = _machine_integral(ev, f, iterators)
            if value is not None:
                return Real(value)
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


# --- machine precision: a vectorised double-exponential rule ----------------------
#
# The integrand is lowered to numpy and sampled on a whole tensor-product grid
# at once (the evaluator costs ~100 us a point, which made 2-D integrals take
# minutes).  Each dimension uses a double-exponential rule: tanh-sinh on a
# finite piece, exp-sinh on a half line, sinh-sinh on the whole line, with
# nodes t = j h; the step h is halved until two levels agree.  The t range of
# each piece is trimmed to where the samples count, and widened on an infinite
# side while its edge still counts.  Any doubt returns None, and the mpmath
# path decides (with its messages).

_POINTS_CAP = 4_000_000              # samples per integral, all levels together
_MAX_LEVEL = 10                      # a rule needing h < 2^-10 will not converge
_REL_GOAL, _ABS_GOAL = 1e-10, 1e-14  # agreement of two successive levels
_EDGE, _KEEP = 1e-15, 1e-18          # shares of sum |w f|: an edge that counts, a node worth keeping
_LOST = 1e-12                        # share of the tail past a capped edge that is not negligible
_WIDEN = 0.9                         # how far in t an infinite side widens at a time
_GAP = 1e-100                        # the nearest a node comes to an endpoint 0 (so that a product
                                     # of three such coordinates stays a normal float)
_HALF_PI = math.pi / 2


def _t_of_u(u):
    """The t >= 0 where pi/2 sinh(t) = u (0 for u <= 0 or NaN)."""
    return math.asinh(2 * u / math.pi) if u > 0 else 0.0


_T_FAR_START = _t_of_u(math.log(1e20))    # an infinite side first reaches |x| ~ 1e20,
_T_FAR_MAX = _t_of_u(math.log(1e300))     # and at most |x| ~ 1e300


def _machine_integral(ev, f, iterators):
    """The integral of the (symbolically evaluated) integrand `f` as a
    float, or None when `f` or a limit does not lower to numpy, a sample is
    not a finite real, or the rule does not converge within the points cap."""
    from gtnlang.core.vectorize import numpy_function
    integrand = numpy_function(f, [v for v, _ in iterators])
    if integrand is None:
        return None
    limits = _lowered_limits(ev, iterators)
    if limits is None:
        return None
    import numpy as np
    with np.errstate(all="ignore"):  # inf and NaN are handled, not warned about
        return _de_integral(np, integrand, limits, ev.check_abort)


def _lowered_limits(ev, iterators):
    """Per dimension, its pieces ``(a, b)``: each limit ±inf (a float) or a
    numpy function of the outer variables; None when one does not lower."""
    from gtnlang.core.vectorize import numpy_function
    variables = [v for v, _ in iterators]
    out = []
    ev.quiet += 1  # as in the mpmath path, limits are evaluated quietly
    try:
        for level, (_, bounds) in enumerate(iterators):
            points = []
            for b in bounds:
                e = _symbolic(ev, b, variables)
                point = _infinity(e)
                if point is None:
                    point = numpy_function(e, variables[:level])
                if point is None:
                    return None
                points.append(point)
            out.append(list(zip(points, points[1:])))
    finally:
        ev.quiet -= 1
    return out


def _infinity(e):
    """±inf (a float) for Infinity or -Infinity, else None."""
    if type(e) is Normal and e.head is _DI and len(e.args) == 1 and e.args[0] in (Integer(1), Integer(-1)):
        return math.copysign(math.inf, e.args[0].value)
    return None


def _de_integral(np, integrand, limits, check_abort):
    """The integral over `limits` (from :func:`_lowered_limits`) by the
    tensor-product double-exponential rule, or None (see
    :func:`_machine_integral`)."""
    ranges = [[None] * len(pieces) for pieces in limits]  # per piece [t_lo, t_hi]
    start = {1: 3, 2: 3, 3: 2}.get(len(limits), 1)       # fewer levels for more dimensions
    totals, used = [], 0
    for level in range(start, _MAX_LEVEL + 1):
        check_abort()
        h = 2.0 ** -level
        grid = _grid(np, limits, ranges, h, _POINTS_CAP - used)
        if grid is None:
            return None
        used += grid[2].size
        terms = _terms(np, integrand, grid)
        if terms is None:
            return None
        totals.append(float(terms.sum()))
        if not math.isfinite(totals[-1]):
            return None
        steady = _retune(np, np.abs(terms), grid[2], grid[3], ranges, h)
        if steady is None:
            return None
        if steady and _converged(totals):
            return totals[-1]
    return None


def _terms(np, integrand, grid):
    """The weighted samples w f on the grid (0 off the mask); None when a
    sample in use is not a finite real."""
    xs, weight, mask, _ = grid
    values = np.broadcast_to(integrand(*xs), mask.shape)
    if not np.all(np.isfinite(values) | ~mask):
        return None
    return np.where(mask, values * weight, 0.0)


def _converged(totals):
    """Whether the last of the levels' sums is accurate: it agrees with the
    one before to _REL_GOAL (or _ABS_GOAL); or the differences shrink as
    the double-exponential rule's do, the digits doubling when h halves, and
    extrapolating that (mpmath's estimate, d1^(log d1 / log d2)) gives an
    error a hundred times below the goal.  The second saves the last level,
    which in three dimensions is 8 times the points of all the others."""
    if len(totals) < 2:
        return False
    scale = max(abs(totals[-1]), _ABS_GOAL / _REL_GOAL)
    d1 = abs(totals[-1] - totals[-2]) / scale
    if d1 <= _REL_GOAL:
        return True
    if len(totals) < 3 or d1 > 1e-6:
        return False
    d2 = abs(totals[-2] - totals[-3]) / scale
    return d1 < d2 < 1 and d1 ** (math.log(d1) / math.log(d2)) <= _REL_GOAL / 100


def _grid(np, limits, ranges, h, budget):
    """``(xs, weight, mask, parts)`` of the rule at step h: per dimension an
    array of nodes (shaped to broadcast over the outer dimensions'), the
    product weight and the mask of nodes in use, both full shape, and per
    dimension ``[(piece, t, caps)]``.  None when the grid would exceed
    `budget` points or a limit is not finite where it is used."""
    dims = len(limits)
    xs, weight, mask, parts, size = [], np.float64(1.0), np.True_, [], 1
    for i, pieces in enumerate(limits):
        axis_shape = [1] * dims
        axis_shape[i] = -1
        found = []
        for p, (a, b) in enumerate(pieces):
            ends = [_limit_value(np, e, xs, mask) for e in (a, b)]
            if any(e is None for e in ends):
                return None
            piece = _piece(np, *ends)
            if piece is None:
                return None
            caps = piece.caps()
            if ranges[i][p] is None:
                ranges[i][p] = [-_T_FAR_START if piece.far[0] else -math.inf,
                                _T_FAR_START if piece.far[1] else math.inf]
            lo, hi = max(ranges[i][p][0], -caps[0]), min(ranges[i][p][1], caps[1])
            t = np.arange(math.ceil(lo / h), math.floor(hi / h) + 1) * h
            found.append((piece, t, caps))
        size *= sum(len(t) for _, t, _ in found)
        if size > budget:
            return None
        nodes = [piece.nodes(t.reshape(axis_shape), h) for piece, t, _ in found]
        x, w, m = (_concatenate(np, [n[k] for n in nodes], i) for k in range(3))
        xs.append(x)
        weight, mask = weight * w, mask & m
        parts.append(found)
    shape = np.broadcast_shapes(np.shape(weight), np.shape(mask))
    return xs, np.broadcast_to(weight, shape), np.broadcast_to(mask, shape), parts


def _limit_value(np, limit, xs, mask):
    """A limit at the outer nodes: ±inf as it is, else an array, which must
    be finite at the nodes in use (None otherwise)."""
    if isinstance(limit, float):
        return limit
    value = np.asarray(limit(*xs), dtype=np.float64)
    if not np.all(np.isfinite(value) | ~mask):
        return None
    return value


def _concatenate(np, arrays, axis):
    """The arrays joined along `axis`, each first broadcast over the others."""
    if len(arrays) == 1:
        return arrays[0]
    ndim = max(np.ndim(a) for a in arrays)
    arrays = [np.reshape(a, np.shape(a) + (1,) * (ndim - np.ndim(a))) for a in arrays]
    common = list(np.broadcast_shapes(*[tuple(1 if k == axis else n for k, n in enumerate(np.shape(a)))
                                        for a in arrays]))
    return np.concatenate([np.broadcast_to(a, tuple(common[:axis]) + (np.shape(a)[axis],)
                                           + tuple(common[axis + 1:])) for a in arrays], axis=axis)


def _retune(np, terms, mask, parts, ranges, h):
    """Trim each piece's t range to the nodes whose |w f| (`terms`) counts,
    widen an edge below its cap that still counts; True when none was
    widened, None when the terms still count where the nodes stop, at a cap
    or where they round onto an endpoint (a singularity closer to an
    endpoint than floats resolve: the levels would agree on a wrong value)."""
    total = float(terms.sum())
    if total == 0:
        return True
    steady, dims = True, terms.ndim
    for i, found in enumerate(parts):
        profile = terms.sum(axis=tuple(k for k in range(dims) if k != i))
        offset = 0
        for p, (piece, t, caps) in enumerate(found):
            share = profile[offset:offset + len(t)] / total
            segment = (slice(None),) * i + (slice(offset, offset + len(t)),)
            offset += len(t)
            if not len(t):
                continue
            if _rounding_tail(np, terms[segment], mask[segment], i, t, h) > _LOST * total:
                return None
            kept = np.nonzero(share > _KEEP)[0]
            for side, edge, sign in ((0, 0, -1), (1, -1, 1)):
                at_cap = abs(t[edge]) + h > caps[side]
                # the tail beyond a node: its term over the decay rate of the terms
                if at_cap and share[edge] > _LOST * h * _HALF_PI * math.cosh(t[edge]):
                    return None
                if share[edge] > _EDGE and not at_cap:
                    ranges[i][p][side] = t[edge] + sign * _WIDEN
                    steady = False
                elif len(kept):
                    # one step of margin beyond the last node that counts
                    ranges[i][p][side] = t[kept[edge]] + sign * h
    return steady


def _rounding_tail(np, terms, mask, axis, t, h):
    """An estimate of the |integral| lost past the last node in use of each
    row along `axis` before the nodes round onto an endpoint (the row's
    endpoint may be an array, so each row stops at its own place): such a
    node's term over the decay rate of the terms."""
    terms, mask = np.moveaxis(terms, axis, -1), np.moveaxis(mask, axis, -1)
    rate = h * _HALF_PI * np.cosh(t)
    outward_masked = (mask[..., :-1] & ~mask[..., 1:] & (t[:-1] > 0),   # towards +t
                      mask[..., 1:] & ~mask[..., :-1] & (t[1:] < 0))    # towards -t
    lost = 0.0
    for last, (values, rates) in zip(outward_masked, ((terms[..., :-1], rate[:-1]), (terms[..., 1:], rate[1:]))):
        lost += float((np.where(last, values, 0.0) / rates).sum())
    return lost


def _piece(np, a, b):
    """The rule for the piece from a to b (floats ±inf or arrays); None for
    an empty infinite piece such as Infinity to Infinity."""
    a_far, b_far = isinstance(a, float), isinstance(b, float)
    if a_far and b_far:
        return _Line(np, 1.0 if a < b else -1.0) if a != b else None
    if b_far:   # from a to ±inf: the half line itself
        return _HalfLine(np, a, math.copysign(1.0, b), math.copysign(1.0, b))
    if a_far:   # from ±inf to b: minus the half line from b to ±inf
        return _HalfLine(np, b, math.copysign(1.0, a), -math.copysign(1.0, a))
    return _Finite(np, a, b)


def _gap(np, c):
    """How near a node may come to the endpoint(s) c before rounding onto it
    (NaN endpoints, at outer nodes not in use, are ignored)."""
    return max(np.finfo(np.float64).eps * float(np.nanmin(np.abs(c), initial=np.inf)), _GAP)


class _Finite:
    """Tanh-sinh on [a, b] (arrays; b < a allowed): x = (a + b)/2 +
    (b - a)/2 tanh(pi/2 sinh t)."""
    far = (False, False)

    def __init__(self, np, a, b):
        self.np, self.a, self.b, self.width = np, a, b, b - a

    def caps(self):
        """The largest |t| on each side before nodes round onto the endpoint."""
        np = self.np
        width = float(np.nanmax(np.abs(self.width), initial=0.0))
        if width == 0:
            return 0.0, 0.0
        # d ~ width e^(-2u); exp(-2u) stays normal up to u = 354
        return tuple(_t_of_u(min(0.5 * math.log(width / _gap(np, c)), 354.0)) for c in (self.a, self.b))

    def nodes(self, t, h):
        np = self.np
        u = _HALF_PI * np.sinh(t)
        e = np.exp(-2 * np.abs(u))
        # the distance to the nearer endpoint, computed directly: a + (b-a)(1 + tanh u)/2
        # would round onto b long before the integrand's singularity there is resolved
        d = self.width * e / (1 + e)
        x = np.where(t > 0, self.b - d, self.a + d)
        w = h * math.pi * np.cosh(t) * self.width * e / (1 + e) ** 2
        return x, w, (d != 0) & (x != self.a) & (x != self.b)


class _HalfLine:
    """Exp-sinh: x = c + direction e^(pi/2 sinh t), the integral times `sign`."""
    far = (False, True)

    def __init__(self, np, c, direction, sign):
        self.np, self.c, self.direction, self.sign = np, c, direction, sign

    def caps(self):
        return _t_of_u(-math.log(_gap(self.np, self.c))), _T_FAR_MAX

    def nodes(self, t, h):
        np = self.np
        r = np.exp(_HALF_PI * np.sinh(t))
        x = self.c + self.direction * r
        w = self.sign * h * _HALF_PI * np.cosh(t) * r
        return x, w, (x != self.c) & np.isfinite(x)


class _Line:
    """Sinh-sinh: x = sinh(pi/2 sinh t), the integral times `sign`."""
    far = (True, True)

    def __init__(self, np, sign):
        self.np, self.sign = np, sign

    def caps(self):
        return _T_FAR_MAX, _T_FAR_MAX

    def nodes(self, t, h):
        np = self.np
        u = _HALF_PI * np.sinh(t)
        return np.sinh(u), self.sign * h * _HALF_PI * np.cosh(t) * np.cosh(u), np.ones(np.shape(t), bool)


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
