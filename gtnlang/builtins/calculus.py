"""Calculus: D, Derivative, Integrate, Sum, Product, Series, Normal, Limit;
and algebraic numbers: Root, RootReduce, ToRadicals, MinimalPolynomial, CountRoots.

`D` is native: it differentiates the expression tree directly (chain rule,
product rule, a table of elementary derivatives) and hands back an
unevaluated tree that the evaluator simplifies, so results print the
Mathematica way (``D[Sin[x]^2, x]`` is ``2 Cos[x] Sin[x]``, ``D[f[x], x]`` is
``f'[x]``) and no sympy is loaded.  `Sum` and `Product` with concrete bounds
evaluate term by term; with symbolic or infinite bounds, and `Integrate`,
`Series` and `Limit`, go through sympy.

`Root[f, k]` is an exact algebraic number in canonical form (see the section
"Root: algebraic numbers"); N gives its value at any precision, and Solve,
NSolve and Roots (in algebra.py) produce Root objects where there are no
radical solutions.
"""

from __future__ import annotations

import functools
import math
import threading
from fractions import Fraction
from math import lcm

from gtnlang.builtins.algebra import free_of, solve_options, thread_over
from gtnlang.core.builtin import builtin, define, sub_builtin, up_builtin
from gtnlang.core.pattern import substitute
from gtnlang.core.sympy_bridge import (
    ROOT_VARIABLE, ConversionError, from_sympy, locate_root, primitive_coefficients,
    root_body, root_expr, root_function, root_sort_key, root_values, sympy_module,
    sympy_symbol, to_sympy,
)
from gtnlang.core.sympy_bridge import expression_or_none as _back, sympy_or_none as _convert
from gtnlang.expr import (
    Complex, Expr, Integer, Normal, Rational, Real, String, Symbol, exact_ratio, is_number,
)

__all__ = ["differentiate"]

_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_LIST = Symbol("List")
_RULE = Symbol("Rule")
_E = Symbol("E")
_PI = Symbol("Pi")
_LOG = Symbol("Log")
_DERIVATIVE = Symbol("Derivative")
_FUNCTION = Symbol("Function")
_SLOT = Symbol("Slot")
_ZERO = Integer(0)
_ONE = Integer(1)
_MINUS_ONE = Integer(-1)
_HALF = Rational(Fraction(1, 2))
_MINUS_HALF = Rational(Fraction(-1, 2))


def _f(name, *args):
    return Normal(Symbol(name), args)


def _plus(*terms):
    terms = [t for t in terms if t != _ZERO]
    if not terms:
        return _ZERO
    if len(terms) == 1:
        return terms[0]
    return Normal(_PLUS, tuple(terms))


def _times(*factors):
    out = []
    for f in factors:
        if f == _ZERO:
            return _ZERO
        if f != _ONE:
            out.append(f)
    if not out:
        return _ONE
    if len(out) == 1:
        return out[0]
    return Normal(_TIMES, tuple(out))


def _pow(b, e):
    if e == _ONE:
        return b
    return Normal(_POWER, (b, e))


def _neg(e):
    return _times(_MINUS_ONE, e)


def _sq(u):
    return _pow(u, Integer(2))


def _sqrt(u):
    return _pow(u, _HALF)


def _one_minus_sq(u):
    return _plus(_ONE, _neg(_sq(u)))


def _one_plus_sq(u):
    return _plus(_ONE, _sq(u))


# d/du of f[u], for one-argument functions.
_DERIVATIVES = {
    "Sin": lambda u: _f("Cos", u),
    "Cos": lambda u: _neg(_f("Sin", u)),
    "Tan": lambda u: _sq(_f("Sec", u)),
    "Cot": lambda u: _neg(_sq(_f("Csc", u))),
    "Sec": lambda u: _times(_f("Sec", u), _f("Tan", u)),
    "Csc": lambda u: _neg(_times(_f("Cot", u), _f("Csc", u))),
    "ArcSin": lambda u: _pow(_one_minus_sq(u), _MINUS_HALF),
    "ArcCos": lambda u: _neg(_pow(_one_minus_sq(u), _MINUS_HALF)),
    "ArcTan": lambda u: _pow(_one_plus_sq(u), _MINUS_ONE),
    "ArcCot": lambda u: _neg(_pow(_one_plus_sq(u), _MINUS_ONE)),
    "ArcSec": lambda u: _pow(_times(_sqrt(_plus(_ONE, _neg(_pow(u, Integer(-2))))), _sq(u)),
                             _MINUS_ONE),
    "ArcCsc": lambda u: _neg(_pow(_times(_sqrt(_plus(_ONE, _neg(_pow(u, Integer(-2))))),
                                         _sq(u)), _MINUS_ONE)),
    "Sinh": lambda u: _f("Cosh", u),
    "Cosh": lambda u: _f("Sinh", u),
    "Tanh": lambda u: _sq(_f("Sech", u)),
    "Coth": lambda u: _neg(_sq(_f("Csch", u))),
    "Sech": lambda u: _neg(_times(_f("Sech", u), _f("Tanh", u))),
    "Csch": lambda u: _neg(_times(_f("Coth", u), _f("Csch", u))),
    "ArcSinh": lambda u: _pow(_one_plus_sq(u), _MINUS_HALF),
    "ArcCosh": lambda u: _pow(_times(_sqrt(_plus(_MINUS_ONE, u)), _sqrt(_plus(_ONE, u))),
                              _MINUS_ONE),
    "ArcTanh": lambda u: _pow(_one_minus_sq(u), _MINUS_ONE),
    "ArcCoth": lambda u: _pow(_one_minus_sq(u), _MINUS_ONE),
    "ArcSech": lambda u: _neg(_pow(_times(u, _sqrt(_plus(_ONE, _neg(u)))),
                                   _MINUS_ONE)),  # real branch, as a sketch
    "ArcCsch": lambda u: _neg(_pow(_times(_sq(u), _sqrt(_plus(_ONE, _pow(u, Integer(-2))))),
                                   _MINUS_ONE)),
    "Exp": lambda u: _pow(_E, u),
    "Log": lambda u: _pow(u, _MINUS_ONE),
    "Sqrt": lambda u: _times(_HALF, _pow(u, _MINUS_HALF)),
    "Erf": lambda u: _times(Integer(2), _pow(_E, _neg(_sq(u))), _pow(_PI, _MINUS_HALF)),
    "Erfc": lambda u: _times(Integer(-2), _pow(_E, _neg(_sq(u))), _pow(_PI, _MINUS_HALF)),
    "Erfi": lambda u: _times(Integer(2), _pow(_E, _sq(u)), _pow(_PI, _MINUS_HALF)),
    "Gamma": lambda u: _times(_f("Gamma", u), _f("PolyGamma", _ZERO, u)),
    "LogGamma": lambda u: _f("PolyGamma", _ZERO, u),
    "ProductLog": lambda u: _times(_f("ProductLog", u), _pow(
        _times(u, _plus(_ONE, _f("ProductLog", u))), _MINUS_ONE)),
    "HeavisideTheta": lambda u: _f("DiracDelta", u),
    "UnitStep": lambda u: _f("DiracDelta", u),
    "ExpIntegralEi": lambda u: _times(_pow(_E, u), _pow(u, _MINUS_ONE)),
    "SinIntegral": lambda u: _times(_f("Sin", u), _pow(u, _MINUS_ONE)),
    "CosIntegral": lambda u: _times(_f("Cos", u), _pow(u, _MINUS_ONE)),
    "LogIntegral": lambda u: _pow(_f("Log", u), _MINUS_ONE),
    "Identity": lambda u: _ONE,
}

_THREAD_HEADS = frozenset(("List", "Equal", "Unequal", "Less", "LessEqual", "Greater",
                           "GreaterEqual", "Rule"))


class _NoRule(Exception):
    """D has no rule for this expression (it stays unevaluated)."""


_state = threading.local()


def differentiate(e: Expr, x: Expr) -> Expr:
    """d e / d x as an unevaluated tree; raises _NoRule when there is no rule.

    Shared subexpressions (a forward score is a DAG of log-sum-exps) are
    differentiated once: results and free-of tests are memoised per variable.
    """
    memo = getattr(_state, "memo", None)
    if memo is not None and memo[0] == x:
        cache = memo[1]
        result = cache.get(e)
        if result is None:
            result = cache[e] = _differentiate(e, x)
        return result
    _state.memo = (x, {}, {})
    try:
        return differentiate(e, x)
    finally:
        _state.memo = memo


def _free(e, x) -> bool:
    """free_of(e, x), memoised during one differentiation."""
    if type(e) is not Normal:
        return e != x
    memo = getattr(_state, "memo", None)
    if memo is None or memo[0] != x:
        return free_of(e, x)
    cache = memo[2]
    r = cache.get(e)
    if r is None:
        if e == x:
            r = False
        else:
            r = _free(e.head, x) and all(_free(a, x) for a in e.args)
        cache[e] = r
    return r


def _differentiate(e: Expr, x: Expr) -> Expr:
    if e == x:
        return _ONE
    if type(e) is not Normal or _free(e, x):
        return _ZERO
    head = e.head
    args = e.args
    if head is _PLUS:
        return _plus(*(differentiate(a, x) for a in args))
    if head is _TIMES:
        terms = []
        for i, a in enumerate(args):
            da = differentiate(a, x)
            if da != _ZERO:
                terms.append(_times(*args[:i], da, *args[i + 1:]))
        return _plus(*terms)
    if head is _POWER and len(args) == 2:
        return _d_power(args[0], args[1], x)
    if type(head) is Symbol:
        name = head.name
        if name in _THREAD_HEADS:
            return Normal(head, tuple(differentiate(a, x) for a in args))
        if len(args) == 1:
            rule = _DERIVATIVES.get(name)
            if rule is not None:
                du = differentiate(args[0], x)
                return _times(rule(args[0]), du) if du != _ZERO else _ZERO
        if name == "Integrate" and len(args) == 2 and args[1].has_head("List") \
                and len(args[1].args) == 3 and _free(args[0], x):
            # d/dx of Integrate[f[t], {t, a(x), b(x)}]
            t, a, b = args[1].args
            fb = substitute(args[0], {t: b}) if type(t) is Symbol else None
            fa = substitute(args[0], {t: a}) if type(t) is Symbol else None
            if fa is None:
                raise _NoRule()
            return _plus(_times(fb, differentiate(b, x)), _neg(_times(fa, differentiate(a, x))))
        special = _SPECIAL.get(name)
        if special is not None:
            result = special(args, x)
            if result is not None:
                return result
        if name in _NOT_DIFFERENTIABLE:
            raise _NoRule()
        return _chain_unknown(head, (), args, x)
    # Derivative[n...][f][args]
    if (type(head) is Normal and type(head.head) is Normal
            and head.head.head is _DERIVATIVE and len(head.args) == 1):
        orders = head.head.args
        if len(orders) == len(args) and all(type(o) is Integer for o in orders):
            return _chain_unknown(head.args[0], tuple(o.value for o in orders), args, x)
    raise _NoRule()


def _derivative_head(f, orders):
    return Normal(Normal(_DERIVATIVE, tuple(Integer(o) for o in orders)), (f,))


def _chain_unknown(f, orders, args, x):
    """Chain rule for f[args] (or Derivative[orders][f][args])."""
    base = list(orders) if orders else [0] * len(args)
    terms = []
    for i, a in enumerate(args):
        da = differentiate(a, x)
        if da == _ZERO:
            continue
        new = list(base)
        new[i] += 1
        terms.append(_times(Normal(_derivative_head(f, new), args), da))
    return _plus(*terms)


def _d_power(u, v, x):
    du = differentiate(u, x)
    dv = differentiate(v, x)
    if dv == _ZERO:
        if du == _ZERO:
            return _ZERO
        if type(v) is Integer:
            new_exp = Integer(v.value - 1)
        elif type(v) is Rational:
            new_exp = _number(v.value - 1)
        else:
            new_exp = _plus(_MINUS_ONE, v)
        return _times(v, _pow(u, new_exp), du)
    if du == _ZERO:
        if u == _E:
            return _times(Normal(_POWER, (u, v)), dv)
        return _times(Normal(_POWER, (u, v)), Normal(_LOG, (u,)), dv)
    return _times(Normal(_POWER, (u, v)),
                  _plus(_times(dv, Normal(_LOG, (u,))),
                        _times(v, du, _pow(u, _MINUS_ONE))))


def _number(q):
    if isinstance(q, Fraction) and q.denominator != 1:
        return Rational(q)
    return Integer(int(q))


def _d_log2(args, x):
    if len(args) != 2:
        return None
    b, u = args
    return differentiate(_times(_f("Log", u), _pow(_f("Log", b), _MINUS_ONE)), x)


def _d_arctan2(args, x):
    if len(args) != 2:
        return None
    a, b = args   # ArcTan[x, y] is the angle of (x, y)
    da, db = differentiate(a, x), differentiate(b, x)
    num = _plus(_times(a, db), _neg(_times(b, da)))
    return _times(num, _pow(_plus(_sq(a), _sq(b)), _MINUS_ONE))


def _d_max_min(sign):
    def rule(args, x):
        if len(args) == 1:
            return differentiate(args[0], x)
        terms = []
        for i, a in enumerate(args):
            da = differentiate(a, x)
            if da == _ZERO:
                continue
            steps = []
            for j, b in enumerate(args):
                if j != i:
                    diff = _plus(a, _neg(b)) if sign > 0 else _plus(b, _neg(a))
                    steps.append(_f("HeavisideTheta", diff))
            terms.append(_times(da, *steps))
        return _plus(*terms)
    return rule


def _d_polygamma(args, x):
    if len(args) != 2 or not _free(args[0], x):
        return None
    n, u = args
    return _times(_f("PolyGamma", _plus(_ONE, n), u), differentiate(u, x))


def _d_piecewise(args, x):
    if not args or not args[0].has_head("List"):
        return None
    cases = []
    for case in args[0].args:
        if not (case.has_head("List") and len(case.args) == 2):
            return None
        cases.append(Normal(_LIST, (differentiate(case.args[0], x), case.args[1])))
    default = differentiate(args[1], x) if len(args) > 1 else _ZERO
    return _f("Piecewise", Normal(_LIST, tuple(cases)), default)


_SPECIAL = {
    "Log": _d_log2,
    "ArcTan": _d_arctan2,
    "Max": _d_max_min(1),
    "Min": _d_max_min(-1),
    "PolyGamma": _d_polygamma,
    "Piecewise": _d_piecewise,
}

# Heads D leaves alone rather than treating as unknown functions.
_NOT_DIFFERENTIABLE = frozenset((
    "Hold", "HoldForm", "Function", "Pattern", "Blank", "Integrate", "Sum", "Product",
    "Limit", "SeriesData", "D", "Set", "SetDelayed", "CompoundExpression", "Module",
    "Block", "With", "Rule", "RuleDelayed", "String",
))


def _d_specs(ev, expr):
    """(expression, [(var, n)]) for D[f, x, {y, 2}, ...], or None."""
    specs = []
    for s in expr.args[1:]:
        if s.has_head("List") and len(s.args) == 2 and type(s.args[1]) is Integer:
            specs.append((s.args[0], s.args[1].value))
        elif s.has_head("List") and len(s.args) == 1 and s.args[0].has_head("List"):
            specs.append((s.args[0], "gradient"))
        elif s.has_head("Rule"):
            continue
        elif s.has_head("List"):
            return None
        else:
            specs.append((s, 1))
    return specs


@builtin(nargs=(1, None), usage="D[f, x] gives the partial derivative \u2202f/\u2202x.\nD[f, {x, n}] gives the multiple derivative \u2202^n f/\u2202x^n.\nD[f, x, y, ...] gives the partial derivative ... \u2202/\u2202y \u2202/\u2202x f.\nD[f, {{x1, x2, ...}}] for a scalar f gives the vector derivative (\u2202f/\u2202x1, \u2202f/\u2202x2, ...).",
         messages={"ivar": "`1` is not a valid variable.",
                   "dvar": "Multiple derivative specifier `1` does not have the form {variable, n}, where n is symbolic or a non-negative integer."})
def D(ev, expr):
    if len(expr.args) == 1:
        return expr.args[0]
    specs = _d_specs(ev, expr)
    if specs is None:
        ev.message("D", "dvar", expr.args[1])
        return None
    e = expr.args[0]
    try:
        for i, (x, n) in enumerate(specs):
            if n == "gradient":
                rest = specs[i + 1:]
                items = []
                for v in x.args:
                    items.append(Normal(Symbol("D"), (e, v, *[
                        Normal(_LIST, (y, Integer(m))) if m != 1 else y for y, m in rest])))
                return Normal(_LIST, tuple(items))
            if is_number(x):
                ev.message("D", "ivar", x)
                return None
            if n < 0:
                return None
            for _ in range(n):
                e = ev.evaluate(differentiate(e, x))
    except _NoRule:
        return None
    return e


define("Derivative", attributes=("NHoldAll", "ReadProtected", "Protected"),
       usage="f' represents the derivative of a function f of one argument.\n"
             "Derivative[n1, n2, ...][f] is the general form, representing a function obtained from f by "
             "differentiating n1 times with respect to the first argument, n2 times with respect to the second "
             "argument, and so on.")


@sub_builtin("Derivative")
def _derivative_sub(ev, expr):
    """Derivative[n...][f] and Derivative[n...][f][args] for functions with rules."""
    head = expr.head
    if type(head) is Normal and head.head is _DERIVATIVE:
        # Derivative[n...][f]
        orders = head.args
        if len(expr.args) != 1 or not all(type(o) is Integer and o.value >= 0 for o in orders):
            return None
        f = expr.args[0]
        if all(o.value == 0 for o in orders):
            return f
        ts = tuple(Symbol(f"Derivative$t{i + 1}") for i in range(len(orders)))
        body = _derivative_of(ev, f, [o.value for o in orders], ts)
        if body is None:
            return None
        slots = {t: Normal(_SLOT, (Integer(i + 1),)) for i, t in enumerate(ts)}
        return Normal(_FUNCTION, (substitute(body, slots),))
    if (type(head) is Normal and type(head.head) is Normal and head.head.head is _DERIVATIVE
            and len(head.args) == 1):
        orders = head.head.args
        if not all(type(o) is Integer and o.value >= 0 for o in orders) \
                or len(orders) != len(expr.args):
            return None
        f = head.args[0]
        if all(o.value == 0 for o in orders):
            return Normal(f, expr.args)
        ts = tuple(Symbol(f"Derivative$t{i + 1}") for i in range(len(orders)))
        body = _derivative_of(ev, f, [o.value for o in orders], ts)
        if body is None:
            return None
        return substitute(body, dict(zip(ts, expr.args)))
    return None


def _contains_derivative_of(e, f):
    if type(e) is not Normal:
        return False
    h = e.head
    if type(h) is Normal and type(h.head) is Normal and h.head.head is _DERIVATIVE \
            and h.args == (f,):
        return True
    if type(h) is Normal and h.head is _DERIVATIVE and e.args == (f,):
        return True
    return _contains_derivative_of(h, f) or any(_contains_derivative_of(a, f) for a in e.args)


def _derivative_of(ev, f, orders, ts):
    """The derivative of f[ts] (evaluated), or None when f has no rules to use."""
    if is_number(f) and len(orders) == 1:
        return _ZERO
    call = Normal(f, ts)
    value = ev.evaluate(call)
    if value == call and not (type(f) is Symbol and len(ts) == 1 and (
            f.name in _DERIVATIVES or f.name in _SPECIAL)):
        return None   # no rules for f: f' stays as it is
    try:
        result = value
        for t, n in zip(ts, orders):
            for _ in range(n):
                result = ev.evaluate(differentiate(result, t))
    except _NoRule:
        return None
    if _contains_derivative_of(result, f):
        return None
    return result


# --- Integrate ---------------------------------------------------------------


def _generic_branch(sp, r):
    """The generic case of a sympy Piecewise (Mathematica's generic answer)."""
    if isinstance(r, sp.Piecewise):
        return _generic_branch(sp, r.args[-1][0] if r.args[-1][1] is sp.true else r.args[0][0])
    if r.args and r.has(sp.Piecewise):
        return r.func(*[_generic_branch(sp, a) for a in r.args])
    return r


def _is_infinite(sp, r):
    return r in (sp.oo, -sp.oo, sp.zoo, sp.nan) or (
        hasattr(r, "has") and r.has(sp.oo, -sp.oo, sp.zoo, sp.nan)
        and not r.free_symbols)


@builtin(nargs=(2, None), usage="Integrate[f, x] gives the indefinite integral \u222bf dx.\nIntegrate[f, {x, xmin, xmax}] gives the definite integral.\nIntegrate[f, {x, xmin, xmax}, {y, ymin, ymax}, ...] gives a multiple integral.",
         messages={"idiv": "Integral of `1` does not converge on `2`.",
                   "ilim": "Invalid integration variable or limit(s) in `1`.",
                   "inumr": "The integrand `1` has evaluated to non-numerical values for all sampling points in the region with boundaries `2`."})
def Integrate(ev, expr):
    threaded = thread_over(ev, expr, ("List", "Equal"))
    if threaded is not None:
        return threaded
    f = expr.args[0]
    specs = [s for s in expr.args[1:] if not s.has_head("Rule")]
    limits = []
    definite = False
    for s in specs:
        if s.has_head("List"):
            if len(s.args) != 3:
                ev.message("Integrate", "ilim", s)
                return None
            limits.append(s.args)
            definite = True
        else:
            limits.append((s,))
    for lim in limits:
        if is_number(lim[0]):
            ev.message("Integrate", "ilim", lim[0])
            return None
    sp = sympy_module()
    conv = _convert(f, *[a for lim in limits for a in lim])
    if conv is None:
        return None
    sf = conv[0]
    rest = conv[1:]
    sympy_limits = []
    k = 0
    for lim in limits:
        sympy_limits.append(tuple(rest[k:k + len(lim)]))
        k += len(lim)
    for lim in sympy_limits:
        if not isinstance(lim[0], (sp.Symbol, sp.core.function.AppliedUndef)):
            ev.message("Integrate", "ilim", limits[sympy_limits.index(lim)][0])
            return None
    try:
        # Mathematica's first iterator is the outermost integral; sympy's is the innermost.
        result = sp.integrate(sf, *reversed(sympy_limits), conds="none")
    except Exception:
        return None
    if result.has(sp.Integral):
        return None
    result = _generic_branch(sp, result)
    if definite and _is_infinite(sp, result):
        region = limits[0] if len(limits) == 1 else limits
        ev.message("Integrate", "idiv", f, Normal(_LIST, tuple(region[1:])) if len(
            limits) == 1 else Normal(_LIST, ()))
        return None
    return _back(result)


# --- Sum and Product --------------------------------------------------------

_DIRECT_LIMIT = 200_000


def _iterator(ev, spec, name):
    """(var, values or None, (min, max, step)) from an iterator spec (held)."""
    if not spec.has_head("List"):
        spec = ev.evaluate(spec)
        if type(spec) is Integer:
            return None, list(range(spec.value)), None
        ev.message(name, "itform", spec, Integer(2))
        raise _BadIterator()
    items = spec.args
    if len(items) == 1:
        n = ev.evaluate(items[0])
        if type(n) is Integer:
            return None, [None] * max(n.value, 0), None
        raise _BadIterator()
    var = items[0]
    if len(items) == 2:
        second = ev.evaluate(items[1])
        if second.has_head("List"):
            return var, list(second.args), None
        lo, hi, step = _ONE, second, _ONE
    elif len(items) == 3:
        lo, hi, step = ev.evaluate(items[1]), ev.evaluate(items[2]), _ONE
    elif len(items) == 4:
        lo, hi, step = ev.evaluate(items[1]), ev.evaluate(items[2]), ev.evaluate(items[3])
    else:
        ev.message(name, "itform", spec, Integer(2))
        raise _BadIterator()
    return var, None, (lo, hi, step)


class _BadIterator(Exception):
    pass


def _real_value(e):
    t = type(e)
    if t is Integer or t is Rational:
        return e.value
    if t is Real and e.precision is None:
        return e.value
    return None


def _concrete_values(lo, hi, step):
    a, b, d = _real_value(lo), _real_value(hi), _real_value(step)
    if a is None or b is None or d is None or d == 0:
        # imax - imin may still be a concrete count: {i, n, n + 2}
        return None
    count = int((b - a) // d) + 1
    return a, d, max(count, 0)


def _make_number(v, like):
    if isinstance(v, float):
        return Real(v)
    if isinstance(v, Fraction):
        return Integer(v.numerator) if v.denominator == 1 else Rational(v)
    return Integer(v)


def _direct_terms(ev, body, iters, name):
    """All terms of the sum/product with concrete iterators (None if not concrete)."""
    if not iters:
        return [ev.evaluate(body)]
    spec, rest = iters[0], iters[1:]
    var, values, bounds = _iterator(ev, spec, name)
    if values is None:
        concrete = _concrete_values(*bounds)
        if concrete is None:
            return None
        a, d, count = concrete
        if count > _DIRECT_LIMIT:
            return None
        values = [_make_number(a + k * d, bounds[0]) for k in range(count)]
    terms = []
    for v in values:
        if var is None or v is None:
            sub_body, sub_rest = body, rest
        else:
            binding = {var: v}
            sub_body = substitute(body, binding)
            sub_rest = [substitute(r, binding) for r in rest]
        inner = _direct_terms(ev, sub_body, sub_rest, name)
        if inner is None:
            return None
        terms.extend(inner)
    return terms


def _combine(terms, head):
    if head is _PLUS:
        if all(type(t) is Integer for t in terms):
            return Integer(sum(t.value for t in terms))
        if all(type(t) is Integer or type(t) is Rational for t in terms):
            total = sum((t.value for t in terms), Fraction(0))
            return _make_number(total, None)
        if not terms:
            return _ZERO
    else:
        if all(type(t) is Integer for t in terms):
            p = 1
            for t in terms:
                p *= t.value
            return Integer(p)
        if not terms:
            return _ONE
    return Normal(head, tuple(terms))


def _symbolic(ev, expr, head):
    """Sum/Product through sympy (symbolic or infinite bounds)."""
    sp = sympy_module()
    name = expr.head.name
    # the iterator variables are local (as with Block): rename them first
    local = {}
    for spec in expr.args[1:]:
        if spec.has_head("List") and spec.args and type(spec.args[0]) is Symbol:
            local[spec.args[0]] = Symbol(spec.args[0].name + "$" + name)
    body = ev.evaluate(substitute(expr.args[0], local))
    limits = []
    for spec in expr.args[1:]:
        if not spec.has_head("List") or len(spec.args) not in (2, 3):
            return None
        var = local.get(spec.args[0], spec.args[0])
        if len(spec.args) == 2:
            lo, hi = _ONE, ev.evaluate(spec.args[1])
        else:
            lo, hi = ev.evaluate(spec.args[1]), ev.evaluate(spec.args[2])
        if hi.has_head("List"):
            return None
        limits.append((var, lo, hi))
    conv = _convert(body, *[a for lim in limits for a in lim])
    if conv is None:
        return None
    sb = conv[0]
    sl = [tuple(conv[1 + 3 * i:4 + 3 * i]) for i in range(len(limits))]
    try:
        fn = sp.summation if head is _PLUS else sp.product
        result = fn(sb, *reversed(sl))
    except Exception:
        return None
    if result.has(sp.Sum) or result.has(sp.Product):
        return None
    result = _generic_branch(sp, result)
    if result in (sp.oo, -sp.oo, sp.zoo, sp.nan):
        ev.message(name, "div" if name == "Sum" else "div")
        return None
    try:
        if result.free_symbols and not result.has(sp.harmonic):
            factored = sp.factor(result)
            if factored != result:
                result = factored
    except Exception:
        pass
    return _back(result)


def _sum_or_product(ev, expr, head):
    if len(expr.args) < 2:
        return None
    name = expr.head.name
    body, iters = expr.args[0], list(expr.args[1:])
    try:
        terms = _direct_terms(ev, body, iters, name)
    except _BadIterator:
        return None
    if terms is not None:
        return _combine(terms, head)
    return _symbolic(ev, expr, head)


_SUM_MESSAGES = {"div": "Sum does not converge.",
                 "itform": "Argument `1` at position `2` does not have the correct form for an iterator."}


@builtin(nargs=(2, None), attributes=("HoldAll", "Protected", "ReadProtected"),
         usage="Sum[f, {i, imax}] evaluates the sum of f with i running from 1 to imax.\nSum[f, {i, imin, imax}] starts with i = imin.\nSum[f, {i, imin, imax, di}] uses steps di.\nSum[f, {i, {i1, i2, ...}}] uses successive values i1, i2, ....\nSum[f, {i, imin, imax}, {j, jmin, jmax}, ...] evaluates a multiple sum.",
         messages=_SUM_MESSAGES)
def Sum(ev, expr):
    return _sum_or_product(ev, expr, _PLUS)


@builtin(nargs=(2, None), attributes=("HoldAll", "Protected", "ReadProtected"),
         usage="Product[f, {i, imax}] evaluates the product of f with i running from 1 to imax.\nProduct[f, {i, imin, imax}] starts with i = imin.\nProduct[f, {i, imin, imax, di}] uses steps di.\nProduct[f, {i, {i1, i2, ...}}] uses successive values i1, i2, ....\nProduct[f, {i, imin, imax}, {j, jmin, jmax}, ...] evaluates a multiple product.",
         messages={"div": "Product does not converge.",
                   "itform": _SUM_MESSAGES["itform"]})
def Product(ev, expr):
    return _sum_or_product(ev, expr, _TIMES)


# --- Series -------------------------------------------------------------------

define("SeriesData", usage="SeriesData[x, x0, {a0, a1, ...}, nmin, nmax, den] represents a power series in the variable x about the point x0. The ai are the coefficients in the power series. The powers of (x-x0) that appear are nmin/den, (nmin+1)/den, ..., nmax/den.")
define("O", usage="O[x]^n represents a term of order x^n.\nO[x, x0]^n represents a term of order (x - x0)^n.")


def _series(ev, f, x, x0, n):
    """SeriesData[...] for f about x = x0 to order n, or None."""
    sp = sympy_module()
    conv = _convert(f, x, x0)
    if conv is None:
        return None
    sf, sx, sx0 = conv
    t = sp.Dummy("t")
    at_infinity = sx0 in (sp.oo, -sp.oo)
    if at_infinity:
        g = sf.subs(sx, (1 / t) if sx0 == sp.oo else (-1 / t))
    else:
        g = sf.subs(sx, sx0 + t)
    try:
        s = sp.series(g, t, 0, n + 1)
    except Exception:
        return None
    order = s.getO()
    poly = sp.expand(s.removeO())
    if order is None:
        nmax = Fraction(n + 1)
    else:
        e = order.expr
        nmax = None
        if e == 1:
            nmax = Fraction(0)
        else:
            c, p = e.as_coeff_exponent(t)
            if p.is_Rational:
                nmax = Fraction(int(p.p), int(p.q))
        if nmax is None:
            return None
    coeffs: dict = {}
    terms = sp.Add.make_args(poly) if poly != 0 else ()
    for term in terms:
        c, p = term.as_coeff_exponent(t)
        if not p.is_Rational or c.has(t):
            return None
        k = Fraction(int(p.p), int(p.q))
        coeffs[k] = coeffs.get(k, 0) + c
    coeffs = {k: v for k, v in coeffs.items() if v != 0}
    den = 1
    for k in list(coeffs) + [nmax]:
        den = lcm(den, k.denominator)
    nmax_i = int(nmax * den)
    if coeffs:
        nmin_i = int(min(coeffs) * den)
    else:
        nmin_i = nmax_i
    values = []
    for j in range(nmin_i, nmax_i):
        v = coeffs.get(Fraction(j, den))
        values.append(v if v is not None else 0)
    while values and values[-1] == 0:
        values.pop()
    items = []
    for v in values:
        b = _back(sp.sympify(v))
        if b is None:
            return None
        items.append(b)
    point = x0
    return Normal(Symbol("SeriesData"), (x, point, Normal(_LIST, tuple(items)),
                                         Integer(nmin_i), Integer(nmax_i), Integer(den)))


@builtin(nargs=(2, None), usage="Series[f, {x, x0, n}] generates a power series expansion for f about the point x = x0 to order (x - x0)^n, where n is an explicit integer.\nSeries[f, x -> x0] generates the leading term of a power series expansion for f about the point x = x0.",
         messages={"sspec": "Series specification `1` is not a list with three elements.",
                   "serlim": "Series order specification `1` is not a machine-sized integer."})
def Series(ev, expr):
    f = expr.args[0]
    spec = expr.args[1]
    if spec.has_head("Rule") and len(spec.args) == 2:
        x, x0 = spec.args
        n = None
    elif spec.has_head("List") and len(spec.args) == 3:
        x, x0, n = spec.args
        if type(n) is not Integer:
            ev.message("Series", "serlim", n)
            return None
        n = n.value
    else:
        ev.message("Series", "sspec", spec)
        return None
    if len(expr.args) > 2:
        # Series[f, {x, ...}, {y, ...}]: expand in x first, then the coefficients in y
        inner = Normal(expr.head, (f, *expr.args[2:]))
        f = ev.evaluate(inner)
        if f.has_head("SeriesData"):
            f = _series_normal(f)
    if free_of(f, x):
        return f
    if n is None:
        # the leading term
        for order in range(0, 8):
            result = _series(ev, f, x, x0, order)
            if result is None:
                return None
            if result.args[2].args:
                return _series_normal(result)
        return None
    return _series(ev, f, x, x0, n)


def _series_normal(s):
    x, x0, coeffs, nmin, nmax, den = s.args
    if x0.has_head("DirectedInfinity") or x0 == Symbol("Infinity"):
        base = _pow(x, _MINUS_ONE)
    elif x0.has_head("Times") and Symbol("Infinity") in x0.args:
        base = _neg(_pow(x, _MINUS_ONE))
    elif x0 == _ZERO:
        base = x
    else:
        base = _plus(x, _neg(x0))
    terms = []
    for i, c in enumerate(coeffs.args):
        if c == _ZERO:
            continue
        p = Fraction(nmin.value + i, den.value)
        terms.append(_times(c, _pow(base, _number(p)) if p != 0 else _ONE))
    return _plus(*terms)


def _normal_all(e):
    if type(e) is not Normal:
        return e
    if e.has_head("SeriesData") and len(e.args) == 6 and e.args[2].has_head("List") \
            and all(type(a) is Integer for a in e.args[3:]):
        return _series_normal(e)
    args = tuple(_normal_all(a) for a in e.args)
    return Normal(e.head, args) if args != e.args else e


@builtin("Normal", nargs=(1, 2), usage="Normal[expr] converts expr to a normal expression from a variety of special forms.")
def Normal_(ev, expr):
    return _normal_all(expr.args[0])


# --- Limit --------------------------------------------------------------------

@builtin(nargs=(2, None), usage="Limit[f, x -> x0] finds the limiting value of f as x approaches x0.",
         messages={"dirv": "Value of Direction -> `1` should be -1, 1, \"FromAbove\", \"FromBelow\", Reals, \"TwoSided\", Complexes or a complex number."})
def Limit(ev, expr):
    threaded = thread_over(ev, expr, ("List",))
    if threaded is not None:
        return threaded
    f, spec = expr.args[0], expr.args[1]
    if not (spec.has_head("Rule") and len(spec.args) == 2):
        return None
    direction = "+-"
    for opt in expr.args[2:]:
        if opt.has_head("Rule") and opt.args[0] == Symbol("Direction"):
            d = opt.args[1]
            if (type(d) is String and d.value == "FromAbove") or d == _MINUS_ONE:
                direction = "+"
            elif (type(d) is String and d.value == "FromBelow") or d == _ONE:
                direction = "-"
            elif (type(d) is String and d.value == "TwoSided") or d == Symbol("Reals"):
                direction = "+-"
            else:
                ev.message("Limit", "dirv", d)
                return None
    sp = sympy_module()
    conv = _convert(f, *spec.args)
    if conv is None:
        return None
    sf, sx, sa = conv
    if not isinstance(sx, sp.Symbol):
        return None
    if sa in (sp.oo, -sp.oo):
        direction = "-" if sa == sp.oo else "+"
    try:
        result = sp.limit(sf, sx, sa, dir=direction)
    except ValueError:
        return Symbol("Indeterminate")
    except Exception:
        return None
    if result.has(sp.Limit):
        return None
    if result is sp.zoo and direction == "+-" and sa.is_real:
        # the one-sided limits differ (1/x at 0): Mathematica's two-sided answer
        return Symbol("Indeterminate")
    return _back(result)


# --- special functions that symbolic results contain ------------------------------
#
# Integrate, Sum, Series and D produce Erf, PolyGamma, Zeta, ProductLog, ...;
# for numeric arguments these evaluate through sympy (exact special values,
# Zeta[2] -> Pi^2/6, and numbers at the arguments' precision, Erf[1.] ->
# 0.842701).  A name another module has already declared with code is left
# to it.

_SPECIAL_FUNCTIONS = (
    "ArcSec", "ArcCsc", "ArcCoth", "ArcSech", "ArcCsch", "Factorial2", "Erf", "Erfc",
    "Erfi", "Zeta", "PolyGamma", "LogGamma", "Beta", "ProductLog", "ExpIntegralEi",
    "SinIntegral", "CosIntegral", "LogIntegral", "PolyLog", "DiracDelta", "KroneckerDelta",
    "LucasL", "Pochhammer", "HarmonicNumber", "BesselJ", "BesselY", "BesselI", "BesselK",
    "AiryAi", "AiryBi", "EllipticK", "Sinc", "SinhIntegral", "CoshIntegral",
    "FresnelS", "FresnelC", "LegendreP", "ChebyshevT", "ChebyshevU", "HermiteH",
    "LaguerreL", "BernoulliB", "CatalanNumber", "HeavisideTheta",
)

_NUMERIC_CONSTANTS = frozenset(("Pi", "E", "EulerGamma", "GoldenRatio", "Catalan", "Degree"))


def _numeric_arg(a) -> bool:
    if is_number(a):
        return True
    if type(a) is Symbol:
        return a.name in _NUMERIC_CONSTANTS
    if type(a) is Normal and type(a.head) is Symbol and a.head.name in ("Plus", "Times", "Power",
                                                                           "Sqrt", "Log"):
        return all(_numeric_arg(b) for b in a.args)
    return False


def _precision(e):
    """None (exact), "machine" or the smallest arbitrary precision in `e`."""
    t = type(e)
    if t is Real:
        return "machine" if e.precision is None else e.precision
    if t is Complex:
        ps = [_precision(e.re), _precision(e.im)]
    elif t is Normal:
        ps = [_precision(a) for a in e.args]
    else:
        return None
    ps = [p for p in ps if p is not None]
    if not ps:
        return None
    if "machine" in ps:
        return "machine"
    return min(ps)


def _with_precision(e, p):
    t = type(e)
    if t is Real:
        return Real(e.value, p)
    if t is Complex:
        return Complex(_with_precision(e.re, p), _with_precision(e.im, p))
    if t is Normal:
        return Normal(e.head, tuple(_with_precision(a, p) for a in e.args))
    return e


_POLYNOMIALS = frozenset(("LegendreP", "ChebyshevT", "ChebyshevU", "HermiteH", "LaguerreL"))


def _explicit_polynomial(expr):
    """LegendreP[2, x] -> 1/2 (-1 + 3 x^2): an orthogonal polynomial of explicit
    degree is written out, a fractional content in front, as Mathematica does."""
    sp = sympy_module()
    try:
        s = sp.expand(to_sympy(expr))
    except (ConversionError, TypeError, ValueError):
        return None
    if s.has(sp.Function) and not s.is_polynomial():
        return None
    content, primitive = s.as_content_primitive()
    if content.is_Integer:          # HermiteH[3, x] is -12 x + 8 x^3: only a fraction goes in front
        return _back(s)
    return _back(sp.Mul(content, primitive, evaluate=False))


def _special_function(ev, expr):
    args = expr.args
    if expr.head.name in _POLYNOMIALS and len(args) == 2 and type(args[0]) is Integer \
            and args[0].value >= 0 and not _numeric_arg(args[1]):
        return _explicit_polynomial(expr)
    if not args or not all(_numeric_arg(a) for a in args):
        return None
    name = expr.head.name
    if name in ("HeavisideTheta", "DiracDelta") and all(a == _ZERO for a in args):
        return None   # Mathematica leaves HeavisideTheta[0] and DiracDelta[0] alone
    try:
        s = to_sympy(expr)
    except (ConversionError, TypeError, ValueError):
        return None
    p = _precision(expr)
    if name in ("HeavisideTheta", "DiracDelta", "KroneckerDelta"):
        p = None   # 0 or 1 (exact, as Mathematica gives), or stays as it is
    try:
        if p is not None:
            s = s.evalf(15 if p == "machine" else int(math.ceil(p)) + 3)
    except Exception:
        return None
    out = _back(s)
    if out is None or out == expr:
        return None
    if p is not None and p != "machine":
        out = _with_precision(out, p)
    return out


def _register_special_functions():
    from gtnlang.core.builtin import REGISTRY
    for name in _SPECIAL_FUNCTIONS:
        spec = REGISTRY.get(name)
        if spec is not None and spec.function is not None:
            continue
        builtin(name, attributes=("Listable", "NumericFunction", "Protected"),
                usage=f"{name}[...] is the {name} special function.")(_special_function)


_register_special_functions()

define("Interval", usage="Interval[{min, max}] represents the range of values between min and max.")
# --- Root: algebraic numbers -------------------------------------------------------
#
# Root[f, k] is the kth root of the polynomial f[x]: real roots first, in
# increasing order, then complex roots by real part and then by size of the
# imaginary part, each conjugate pair together, the one below the axis first
# (Mathematica's order; see gtnlang.core.sympy_bridge.root_values).  A Root with
# rational coefficients evaluates to its canonical form: the minimal polynomial
# of the root (integer, primitive, positive leading coefficient) and the index
# among its roots; degree 1 and 2 become rationals and radicals, as in
# Mathematica.  Arithmetic on Root objects is left alone (Root[...]^3 stays),
# as in Mathematica: RootReduce and Simplify combine them.

_ROOT = Symbol("Root")
_ROOT_MESSAGES = {
    "nuni": "Argument `1` at position 1 is not a univariate polynomial function.",
    "iidx": "Index `1` in `2` should be a machine-size integer between 1 and `3`.",
}


def _root_poly(f):
    """The sympy Poly of the univariate pure function f, or None."""
    body = root_body(f)
    if body is None:
        return None
    sp = sympy_module()
    try:
        s = to_sympy(body)
        x = sympy_symbol(ROOT_VARIABLE)
        if not s.is_polynomial(x):
            return None
        return sp.Poly(s, x)
    except (ConversionError, sp.PolynomialError, TypeError, ValueError):
        return None


def _rational_domain(poly) -> bool:
    dom = poly.get_domain()
    return dom.is_ZZ or dom.is_QQ


def quadratic_roots(c: int, b: int, a: int) -> list:
    """The roots of the irreducible a x^2 + b x + c (a > 0) in Root order, written
    as Mathematica writes them: (-b -+ s Sqrt[d])/(2 a) with d square-free and
    the common factor of b, s and 2 a cancelled (unevaluated expressions).

    >>> from gtnlang import Session
    >>> evaluate = Session().evaluator.evaluate
    >>> [str(evaluate(r)) for r in quadratic_roots(-1, 1, 1)]
    ['(-1 - Sqrt[5])/2', '(-1 + Sqrt[5])/2']
    >>> [str(evaluate(r)) for r in quadratic_roots(3, 2, 1)]
    ['-1 - I Sqrt[2]', '-1 + I Sqrt[2]']
    """
    sp = sympy_module()
    s, radical = sp.sqrt(sp.Integer(b * b - 4 * a * c)).as_coeff_Mul()
    s = int(s)
    g = math.gcd(b, s, 2 * a)
    lead, step, den = -b // g, s // g, 2 * a // g
    radical = from_sympy(radical)
    out = []
    for sign in (-1, 1):
        if lead == 0:
            out.append(Normal(_TIMES, (exact_ratio(sign * step, den), radical)))
            continue
        num = Normal(_PLUS, (Integer(lead), Normal(_TIMES, (Integer(sign * step), radical))))
        out.append(num if den == 1 else Normal(_TIMES, (exact_ratio(1, den), num)))
    return out


@functools.lru_cache(maxsize=512)
def factor_values(coeffs: tuple) -> tuple:
    """Machine values (complex) of the roots of an irreducible integer polynomial
    (coefficients from the constant up), in Root order.

    >>> factor_values((-2, 0, 1))
    ((-1.4142135623730951+0j), (1.4142135623730951+0j))
    """
    return tuple(complex(z) for z in root_values(coeffs))


def _canonical_of(coeffs: tuple, k: int) -> Expr:
    """The canonical form of the kth root of the irreducible polynomial `coeffs`."""
    if len(coeffs) == 2:
        return exact_ratio(-coeffs[0], coeffs[1])
    if len(coeffs) == 3:
        return quadratic_roots(*coeffs)[k - 1]
    return root_expr(coeffs, k)


def _low_degree_root(poly, k):
    """The kth root of a linear or quadratic polynomial with exact algebraic
    coefficients (Root[#^2 - Sqrt[2] &, 1] is -2^(1/4))."""
    sp = sympy_module()
    roots = sp.roots(poly, multiple=True)
    if len(roots) != poly.degree():
        return None
    roots.sort(key=lambda r: root_sort_key(complex(r.evalf(30))))
    return from_sympy(roots[k - 1])


@functools.lru_cache(maxsize=1024)
def _root_canonical(f, k: int):
    """The value of Root[f, k]: an expression, or a tuple naming why it has none
    (("nuni",), ("iidx", degree), ("keep",))."""
    sp = sympy_module()
    poly = _root_poly(f)
    if poly is None:
        return ("nuni",)
    n = max(poly.degree(), 0)
    if not 1 <= k <= n:
        return ("iidx", n)
    if _rational_domain(poly):
        return _canonical_of(*locate_root(poly, k))
    x = sympy_symbol(ROOT_VARIABLE)
    if poly.free_symbols - {x} or any(c.has(sp.Float) for c in poly.all_coeffs()) or n > 2:
        return ("keep",)   # parameters, approximate or algebraic coefficients
    out = _low_degree_root(poly, k)
    return ("keep",) if out is None else out


def root_parts(root):
    """(coefficients, k) of a canonical Root with rational coefficients, or None."""
    if type(root) is not Normal or root.head is not _ROOT or len(root.args) != 2 \
            or type(root.args[1]) is not Integer:
        return None
    return _root_parts(root.args[0], root.args[1].value)


@functools.lru_cache(maxsize=1024)
def _root_parts(f, k):
    value = _root_canonical(f, k)
    if type(value) is Normal and value.head is _ROOT:
        return primitive_coefficients(_root_poly(value.args[0])), value.args[1].value
    return None


@builtin(nargs=(1, 3), attributes=("NHoldAll", "Protected"),
         usage="Root[f, k] represents the exact kth root of the polynomial equation f[x] == 0.",
         messages=_ROOT_MESSAGES)
def Root(ev, expr):
    """``Root[#^5 - # + 1 &, 1]`` -> ``Root[1 - #1 + #1^5 & , 1]``; ``Root[#^2 - 2 &, 2]`` -> ``Sqrt[2]``."""
    args = expr.args
    if len(args) == 3 and args[2] == _ZERO:
        return Normal(_ROOT, args[:2])          # Root[f, k, 0]: the algebraic number form
    if len(args) != 2 or args[0].has_head("List"):
        return None                             # Root[{f, x0}] and friends are not supported
    f, k = args
    if type(k) is not Integer:
        if is_number(k):       # Root[f, 1.5]; a symbolic index just waits for a value
            value = _root_canonical(f, 0)
            ev.message("Root", *(("iidx", k, expr, Integer(value[1])) if value[0] == "iidx"
                                 else ("nuni", f)))
        return None
    value = _root_canonical(f, k.value)
    if type(value) is tuple:
        if value[0] == "nuni":
            ev.message("Root", "nuni", f)
        elif value[0] == "iidx":
            ev.message("Root", "iidx", k, expr, Integer(value[1]))
        return None
    return None if value == expr else value


def root_numeric(root, prec):
    """N of a canonical Root at `prec` ("machine" or digits), or None.

    Values come from `root_values` (mpmath's polyroots at the precision asked
    for, in the order fixed by the exact count of real roots).
    """
    parts = root_parts(root)
    if parts is None:
        return None
    coeffs, k = parts
    if prec == "machine":
        return _machine_number(factor_values(coeffs)[k - 1])
    z = root_values(coeffs, int(math.ceil(prec)) + 5)[k - 1]
    if z.imag == 0:
        return Real(z.real, prec)
    return Complex(Real(z.real, prec), Real(z.imag, prec))


def _machine_number(z: complex):
    return Real(z.real) if z.imag == 0 else Complex(Real(z.real), Real(z.imag))


_ROOT_UP = frozenset(("Re", "Im", "Abs", "Conjugate", "Sign"))


@up_builtin("Root")
def _root_up(ev, expr):
    """Re, Im, Abs, Sign and Conjugate of a Root: exact for real roots;
    Conjugate of a complex root is the other root of its pair."""
    head = expr.head
    if type(head) is not Symbol or head.name not in _ROOT_UP or len(expr.args) != 1:
        return None
    root = expr.args[0]
    parts = root_parts(root)
    if parts is None:
        return None
    coeffs, k = parts
    z = factor_values(coeffs)[k - 1]
    name = head.name
    if z.imag != 0:
        if name == "Conjugate":
            return root_expr(coeffs, k + 1 if z.imag < 0 else k - 1)
        return None
    if name in ("Re", "Conjugate"):
        return root
    if name == "Im":
        return _ZERO
    if name == "Sign":
        return _ONE if z.real > 0 else _MINUS_ONE
    return root if z.real > 0 else Normal(_TIMES, (_MINUS_ONE, root))


# --- solving polynomials: radicals where Mathematica gives them, Root otherwise

def polynomial_roots(poly, cubics=True, quartics=True, exclude=None):
    """[(root, multiplicity, value)] for a sympy Poly with rational coefficients,
    in Root order.  Roots of linear and quadratic factors are explicit; those of
    cubics and quartics are radicals when `cubics` / `quartics` say so (or when
    they are simple: x^3 - 2, biquadratics); higher degrees are radicals only
    when sympy finds them without general formulas (x^6 - 2), else Root objects.
    Roots of factors that divide the Poly `exclude` (a denominator) are left out.

    >>> import sympy; x = sympy.Symbol("x")
    >>> [str(r) for r, m, v in polynomial_roots(sympy.Poly(x**5 - x + 1, x))][:1]
    ['Root[1 - #1 + #1^5 & , 1]']
    """
    out = []
    for coeffs, multiplicity in _rational_factors(poly, exclude):
        for root, value in _factor_roots(coeffs, cubics, quartics):
            out.append((root, multiplicity, value))
    out.sort(key=lambda t: root_sort_key(t[2]))
    return out


def polynomial_root_values(poly, exclude=None):
    """[(value, multiplicity)] of the roots of a rational sympy Poly, in Root order
    (what NSolve gives, without building exact roots)."""
    out = [(v, m) for coeffs, m in _rational_factors(poly, exclude) for v in factor_values(coeffs)]
    out.sort(key=lambda t: root_sort_key(t[0]))
    return out


def _rational_factors(poly, exclude):
    """(primitive coefficients, multiplicity) of the irreducible factors of poly."""
    _, factors = poly.factor_list()
    return [(primitive_coefficients(f), m) for f, m in factors
            if exclude is None or not exclude.rem(f).is_zero]


@functools.lru_cache(maxsize=256)
def _factor_roots(coeffs: tuple, cubics: bool, quartics: bool) -> tuple:
    values = factor_values(coeffs)
    n = len(coeffs) - 1
    exact = None if n <= 2 else radical_roots(coeffs, cubics, quartics)
    if exact is None:
        exact = [_canonical_of(coeffs, k) for k in range(1, n + 1)]
    return tuple(zip(exact, values))


@functools.lru_cache(maxsize=256)
def radical_roots(coeffs: tuple, cubics=True, quartics=True):
    """Radical expressions for all roots of an irreducible integer polynomial, in
    Root order, or None when sympy has none (a general quintic)."""
    sp = sympy_module()
    poly = sp.Poly(list(reversed(coeffs)), sp.Symbol("x"))
    try:
        found = sp.roots(poly, cubics=cubics, quartics=quartics, multiple=True)
    except Exception:     # sympy's formulas can fail on odd inputs: keep Root
        return None
    if len(found) != poly.degree():
        return None
    # Match each radical to the numerically closest canonical root.
    approx = [complex(r.evalf(30)) for r in found]
    out = []
    for target in factor_values(coeffs):
        i = min(range(len(approx)), key=lambda j: abs(approx[j] - target))
        out.append(from_sympy(found[i]))
        approx[i] = complex(math.inf, math.inf)
    return tuple(out)


# --- RootReduce, ToRadicals, MinimalPolynomial, CountRoots ----------------------------------

def algebraic_q(e) -> bool:
    """Whether e is an explicit algebraic number: rationals, Gaussian rationals and
    Root objects combined by Plus, Times and rational powers."""
    t = type(e)
    if t is Integer or t is Rational:
        return True
    if t is Complex:
        return type(e.re) is not Real and type(e.im) is not Real
    if t is not Normal or type(e.head) is not Symbol:
        return False
    name = e.head.name
    if name == "Plus" or name == "Times":
        return all(algebraic_q(a) for a in e.args)
    if name == "Power":
        return len(e.args) == 2 and type(e.args[1]) in (Integer, Rational) \
            and algebraic_q(e.args[0])
    if name == "Root":
        return root_parts(e) is not None
    return False


class _Elimination:
    """An algebraic number as a sympy expression in fresh variables, one per
    Root object, radical and I, each with the polynomial relation it
    satisfies (inner ones first).  Eliminating the variables by resultants
    gives a rational polynomial the number is a root of; sympy never has to
    evaluate a CRootOf (its complex root refinement is very slow)."""

    def __init__(self, sp):
        self.sp = sp
        self.relations = []          # (variable, relation), in creation order
        self.seen = {}

    def variable(self, key, relation_of):
        v = self.seen.get(key)
        if v is None:
            v = self.sp.Dummy("t")
            self.relations.append((v, relation_of(v)))
            self.seen[key] = v
        return v

    def convert(self, e):
        sp = self.sp
        t = type(e)
        if t is Integer:
            return sp.Integer(e.value)
        if t is Rational:
            return sp.Rational(e.value.numerator, e.value.denominator)
        if t is Complex:
            i = self.variable("I", lambda v: v**2 + 1)
            return self.convert(e.re) + self.convert(e.im) * i
        name = e.head.name
        if name == "Plus":
            return sp.Add(*[self.convert(a) for a in e.args])
        if name == "Times":
            return sp.Mul(*[self.convert(a) for a in e.args])
        if name == "Root":
            coeffs, k = root_parts(e)
            return self.variable(e, lambda v: sum(c * v**n for n, c in enumerate(coeffs)))
        base, exponent = e.args
        b = self.convert(base)
        if type(exponent) is Integer:
            return b**exponent.value
        p, q = exponent.value.numerator, exponent.value.denominator
        return self.variable((base, q), lambda v: v**q - b)**p

    def polynomial(self, e):
        """A nonzero rational sympy Poly in a new variable that e is a root of."""
        sp = self.sp
        z = sp.Dummy("z")
        num, den = sp.together(self.convert(e)).as_numer_denom()
        rel = sp.expand(z * den - num)
        for v, relation in reversed(self.relations):
            rel = sp.resultant(rel, sp.expand(relation), v)
        return sp.Poly(rel, z)


def _numeric_value(ev, e, digits):
    """The value of the numeric expression e to `digits` digits (mpmath), or None."""
    from gtnlang.builtins.numeric import n_evaluate
    from gtnlang.core.numbers import mpmath
    v = n_evaluate(ev, e, float(digits))
    if type(v) is Complex:
        return mpmath().mpc(v.re.value, v.im.value)
    return v.value if type(v) in (Real, Integer) else None


def _which_root(ev, e, poly):
    """(factor coefficients, index): the root of an irreducible factor of the
    rational Poly that e is, told apart at increasing precision; or None."""
    from gtnlang.core.numbers import mpmath
    factors = [primitive_coefficients(f) for f, _ in poly.factor_list()[1]]
    for digits in (30, 60, 120, 240):
        v = _numeric_value(ev, e, digits)
        if v is None:
            return None
        dist = sorted((abs(v - w), coeffs, i + 1) for coeffs in factors
                      for i, w in enumerate(root_values(coeffs, digits)))
        tol = mpmath().mpf(10) ** (-digits // 2)
        if dist[0][0] < tol and (len(dist) == 1 or dist[1][0] > tol):
            return dist[0][1:]
    return None


def minimal_polynomial_of(ev, e):
    """(coefficients of the minimal polynomial, index of e among its roots) for
    an algebraic number e (see `algebraic_q`), or None."""
    sp = sympy_module()
    try:
        poly = _Elimination(sp).polynomial(e)
    except (sp.PolynomialError, ValueError, ZeroDivisionError):
        return None
    if poly.is_zero or poly.degree() < 1:
        return None
    return _which_root(ev, e, poly)


def root_reduce(ev, e):
    """A single Root (or rational, or quadratic radical) equal to the algebraic number e.

    >>> from gtnlang import Session
    >>> sqrt = lambda n: Normal(_POWER, (Integer(n), _HALF))
    >>> str(root_reduce(Session().evaluator, Normal(_PLUS, (sqrt(2), sqrt(3)))))
    'Root[1 - 10 #1^2 + #1^4 & , 4]'
    """
    found = minimal_polynomial_of(ev, e)
    return None if found is None else _canonical_of(*found)


def _reduce_parts(ev, e):
    """RootReduce of every maximal algebraic part of e that is not already a number."""
    if type(e) is not Normal:
        return e
    if algebraic_q(e):
        out = root_reduce(ev, e)
        return e if out is None else out
    return Normal(_reduce_parts(ev, e.head), tuple(_reduce_parts(ev, a) for a in e.args))


@builtin(nargs=1, usage="RootReduce[expr] attempts to reduce expr to a single Root object.")
def RootReduce(ev, expr):
    """``RootReduce[Root[#^3 - 2 &, 1]^3]`` -> ``2``."""
    return _reduce_parts(ev, expr.args[0])


def _to_radicals(e, cubics, quartics):
    if type(e) is not Normal:
        return e
    if e.head is _ROOT:
        parts = root_parts(e)
        if parts is not None:
            found = radical_roots(parts[0], cubics, quartics)
            if found is not None:
                return found[parts[1] - 1]
        return e
    return Normal(_to_radicals(e.head, cubics, quartics),
                  tuple(_to_radicals(a, cubics, quartics) for a in e.args))


@builtin(nargs=(1, None),
         usage="ToRadicals[expr] attempts to express all Root objects in expr in terms of radicals.")
def ToRadicals(ev, expr):
    """``ToRadicals[Root[#^3 - 2 &, 1]]`` -> ``2^(1/3)``."""
    flags = solve_options(expr.args[1:])
    return _to_radicals(expr.args[0], flags.get("Cubics", True), flags.get("Quartics", True))


@builtin(nargs=(1, 2), attributes=("Listable", "Protected"),
         usage="MinimalPolynomial[s, x] gives the minimal polynomial in x for which the algebraic number s is a root.\n"
               "MinimalPolynomial[s] gives the minimal polynomial as a pure function.")
def MinimalPolynomial(ev, expr):
    """``MinimalPolynomial[Sqrt[2] + Sqrt[3], x]`` -> ``1 - 10 x^2 + x^4``."""
    s = expr.args[0]
    found = minimal_polynomial_of(ev, s) if algebraic_q(s) else None
    if found is None:
        return None
    coeffs = found[0]
    if len(expr.args) == 1:
        return root_function(coeffs)
    x = expr.args[1]
    return Normal(_PLUS, tuple(Normal(_TIMES, (Integer(c), Normal(_POWER, (x, Integer(i)))))
                               for i, c in enumerate(coeffs) if c))


def _count_rectangle(poly, lo: complex, hi: complex) -> int:
    """Roots (with multiplicity) in the closed rectangle lo..hi, boundary included."""
    count = 0
    for factor, multiplicity in poly.sqf_list()[1]:
        for z in factor.nroots(n=30, maxsteps=500):
            z = complex(z)
            tol = 1e-20 * max(1.0, abs(z))
            if lo.real - tol <= z.real <= hi.real + tol and lo.imag - tol <= z.imag <= hi.imag + tol:
                count += multiplicity
    return count


def _bound(sp, b):
    """A sympy bound for CountRoots: None for an infinite one, exact otherwise."""
    if b == Symbol("Infinity") or (type(b) is Normal and b.has_head("Times")
                                   and Symbol("Infinity") in b.args):
        return None
    v = to_sympy(b)
    if v.has(sp.Float):
        v = sp.nsimplify(v, rational=True)
    return v


@builtin(nargs=2, usage="CountRoots[poly, x] gives the number of real roots of the polynomial poly in x.\n"
                        "CountRoots[poly, {x, a, b}] gives the number of roots between a and b.")
def CountRoots(ev, expr):
    """``CountRoots[(x - 1)^2 (x^2 + 1), x]`` -> ``2`` (multiple roots count with multiplicity)."""
    sp = sympy_module()
    f, spec = expr.args
    bounds = (None, None)
    if spec.has_head("List") and len(spec.args) == 3:
        spec, *bounds = spec.args
    if type(spec) is not Symbol:
        return None
    try:
        s, x = to_sympy(f), to_sympy(spec)
        if not s.is_polynomial(x):
            return None
        poly = sp.Poly(s, x)
        if not _rational_domain(poly) or poly.is_zero:
            return None
        lo, hi = (_bound(sp, b) if b is not None else None for b in bounds)
    except (ConversionError, sp.PolynomialError, ValueError, TypeError):
        return None
    if any(b is not None and not b.is_real for b in (lo, hi)):
        lo, hi = complex(lo if lo is not None else -math.inf), complex(hi if hi is not None else math.inf)
        return Integer(_count_rectangle(poly, lo, hi))
    return Integer(sum(m * factor.count_roots(lo, hi) for factor, m in poly.sqf_list()[1]))


define("Cubics", usage="Cubics is an option for functions that involve solving algebraic equations, that specifies whether explicit forms for solutions to cubic equations should be given.")
define("Quartics", usage="Quartics is an option for functions that involve solving algebraic equations that specifies whether explicit forms for solutions to quartic equations should be given.")


@builtin(nargs=(1, 2), usage="Piecewise[{{val1, cond1}, {val2, cond2}, ...}, val] represents a piecewise function with values vali in the regions defined by the conditions condi, and value val elsewhere.")
def Piecewise(ev, expr):
    cases = expr.args[0]
    default = expr.args[1] if len(expr.args) == 2 else _ZERO
    if not cases.has_head("List"):
        return None
    kept = []
    for case in cases.args:
        if not (case.has_head("List") and len(case.args) == 2):
            return None
        value, cond = case.args
        if cond == Symbol("False"):
            continue
        if cond == Symbol("True") and not kept:
            return value
        kept.append(case)
    if not kept:
        return default
    if len(kept) == len(cases.args):
        return None
    return Normal(expr.head, (Normal(_LIST, tuple(kept)), default) if len(expr.args) == 2
                  else (Normal(_LIST, tuple(kept)),))
