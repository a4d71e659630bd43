"""Symbolic algebra: Expand, Factor, Simplify, Together, Apart, Solve, Roots, ...

`Expand`, `ExpandAll`, `PolynomialQ` and `Variables` are native (a
polynomial dictionary over the expression tree, no sympy): `Expand` of a
degree-30 polynomial takes well under a millisecond and never loads sympy.
The rest go through sympy with the two-way conversion of
`gtnlang.core.sympy_bridge`; results come back as unevaluated trees that the
evaluator puts in canonical form, so they print the Mathematica way
(``Factor[x^2 - 1]`` is ``(-1 + x) (1 + x)``).

Whatever does not convert (a string, a graph, a pattern) leaves the call
unevaluated.

Solve, NSolve and Roots of one polynomial equation with rational coefficients
give every root with its multiplicity, in Root order: radicals up to cubics
(quartics with ``Quartics -> True``, all of them for Roots) and Root objects
otherwise, as Mathematica does.  So do polynomial systems whose lex Groebner
basis is triangular (x^5 - x + 1 == 0 && y == x^2): one solution per root of
the eliminant, the other variables put in terms of it.
"""

from __future__ import annotations

from fractions import Fraction

from gtnlang.core.builtin import builtin
from gtnlang.core.pattern import substitute
from gtnlang.core.sympy_bridge import (
    ConversionError, root_sort_key, sympy_module, to_sympy,
)
from gtnlang.core.sympy_bridge import expression_or_none as _back, sympy_or_none as _convert
from gtnlang.expr import (
    Complex, Expr, Integer, Normal, Rational, Real, String, Symbol, from_bool,
    is_number,
)

__all__ = ["expand", "expand_all", "free_of", "thread_over", "complexity", "solve_options"]

_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_LIST = Symbol("List")
_RULE = Symbol("Rule")
_EQUAL = Symbol("Equal")
_AND = Symbol("And")
_OR = Symbol("Or")
_TRUE = Symbol("True")
_FALSE = Symbol("False")
_ZERO = Integer(0)
_ONE = Integer(1)

# Heads Expand, Factor, Together, ... thread over (as Mathematica does).
_THREAD_HEADS = frozenset(("List", "Equal", "Unequal", "Less", "LessEqual", "Greater",
                           "GreaterEqual", "And", "Or", "Not", "Xor", "Rule"))


def thread_over(ev, expr, heads=_THREAD_HEADS):
    """``f[{a, b}, rest]`` -> ``{f[a, rest], f[b, rest]}`` (also equations, logic)."""
    if not expr.args:
        return None
    first = expr.args[0]
    if type(first) is Normal and type(first.head) is Symbol and first.head.name in heads:
        rest = expr.args[1:]
        return Normal(first.head, tuple(Normal(expr.head, (a, *rest)) for a in first.args))
    return None


def free_of(expr: Expr, form: Expr) -> bool:
    """True when `form` occurs nowhere in `expr` (structurally)."""
    if expr == form:
        return False
    if type(expr) is Normal:
        if not free_of(expr.head, form):
            return False
        for a in expr.args:
            if not free_of(a, form):
                return False
    return True


def _has_plus(expr) -> bool:
    if type(expr) is not Normal:
        return False
    if expr.head is _PLUS:
        return True
    h = expr.head
    if h is _TIMES or h is _POWER:
        return any(_has_plus(a) for a in expr.args)
    return False


# --- native polynomial arithmetic ---------------------------------------------
#
# A polynomial is a dict {monomial: coefficient}; a monomial is a frozenset of
# (factor, exponent) pairs, the exponent an int or Fraction; a coefficient is an
# int, Fraction or float.  A factor is any expression that is not a sum, a
# product or a number (a symbol, Sin[x], (a + b) with a negative power, x^n with
# symbolic n, an exact complex number).  Like terms the dict does not see (x^n
# x^2 and x^(2 + n)) are combined by the evaluator afterwards.

_EMPTY = frozenset()


def _mono_mul(m1, m2):
    if not m1:
        return m2
    if not m2:
        return m1
    d = dict(m1)
    for k, e in m2:
        old = d.get(k)
        if old is None:
            d[k] = e
        else:
            new = old + e
            if new == 0:
                del d[k]
            else:
                d[k] = new
    return frozenset(d.items())


def _poly_mul(p, q):
    if len(p) == 1 and _EMPTY in p:
        c = p[_EMPTY]
        return {m: c * v for m, v in q.items()}
    if len(q) == 1 and _EMPTY in q:
        c = q[_EMPTY]
        return {m: c * v for m, v in p.items()}
    out = {}
    get = out.get
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = _mono_mul(m1, m2)
            out[m] = get(m, 0) + c1 * c2
    return out


def _poly_add_into(acc, p):
    get = acc.get
    for m, c in p.items():
        acc[m] = get(m, 0) + c


def _poly_pow(p, n):
    if n == 1:
        return p
    if len(p) == 1:
        (m, c), = p.items()
        return {frozenset((k, e * n) for k, e in m): c ** n}
    result = p
    for _ in range(n - 1):
        result = _poly_mul(result, p)
    return result


def _atom_poly(e, exponent=1):
    return {frozenset(((e, exponent),)): 1}


def _to_poly(e, keep):
    """The polynomial of `e`; `keep(e)` True leaves a sum unexpanded."""
    t = type(e)
    if t is Integer:
        return {_EMPTY: e.value}
    if t is Rational:
        return {_EMPTY: e.value}
    if t is Real and e.precision is None:
        return {_EMPTY: e.value}
    if t is not Normal:
        return _atom_poly(e)
    head = e.head
    if head is _PLUS:
        if keep is not None and keep(e):
            return _atom_poly(e)
        acc = {}
        for a in e.args:
            _poly_add_into(acc, _to_poly(a, keep))
        return acc
    if head is _TIMES:
        result = {_EMPTY: 1}
        for a in e.args:
            result = _poly_mul(result, _to_poly(a, keep))
        return result
    if head is _POWER and len(e.args) == 2:
        b, x = e.args
        if type(x) is Integer:
            n = x.value
            if type(b) is Normal and (b.head is _PLUS or b.head is _TIMES):
                if n > 0 and not (keep is not None and b.head is _PLUS and keep(b)):
                    return _poly_pow(_to_poly(b, keep), n)
                if b.head is _TIMES:
                    return _poly_pow(_to_poly(b, keep), n) if n > 0 else _inverse_factors(
                        b, n, keep)
                return _atom_poly(b, n)
            if is_number(b):
                return _atom_poly(e)
            return _atom_poly(b, n)
        if type(x) is Rational and not is_number(b) and not (
                type(b) is Normal and b.head is _TIMES):
            return _atom_poly(b, x.value)
        return _atom_poly(e)
    return _atom_poly(e)


def _inverse_factors(b, n, keep):
    # (a b)^-n  ->  a^-n b^-n (the evaluator would do the same)
    result = {_EMPTY: 1}
    for f in b.args:
        result = _poly_mul(result, _to_poly(Normal(_POWER, (f, Integer(n))), keep))
    return result


def _number(c) -> Expr:
    t = type(c)
    if t is int:
        return Integer(c)
    if t is Fraction:
        return Integer(c.numerator) if c.denominator == 1 else Rational(c)
    if t is float:
        return Real(c)
    return Integer(c)


def _is_exact_one(c):
    return (type(c) is int or type(c) is Fraction) and c == 1


def _from_poly(p) -> Expr:
    terms = []
    for m, c in p.items():
        if c == 0:
            continue
        factors = []
        if not _is_exact_one(c) or not m:
            factors.append(_number(c))
        for k, e in m:
            if e == 1:
                factors.append(k)
            else:
                factors.append(Normal(_POWER, (k, _number(e))))
        terms.append(factors[0] if len(factors) == 1 else Normal(_TIMES, tuple(factors)))
    if not terms:
        return _ZERO
    if len(terms) == 1:
        return terms[0]
    return Normal(_PLUS, tuple(terms))


def expand(e: Expr, patt: Expr | None = None) -> Expr:
    """Mathematica's Expand (unevaluated result; `e` itself when nothing expands)."""
    if not _has_plus(e):
        return e
    keep = None
    if patt is not None:
        keep = lambda s: free_of(s, patt)  # noqa: E731
    return _from_poly(_to_poly(e, keep))


def expand_all(e: Expr) -> Expr:
    """Mathematica's ExpandAll: expand inside every subexpression too."""
    if type(e) is not Normal:
        return e
    head = e.head
    if head is _POWER and len(e.args) == 2 and type(e.args[1]) is Integer \
            and e.args[1].value < 0 and _has_plus(e.args[0]):
        inner = expand_all(Normal(_POWER, (e.args[0], Integer(-e.args[1].value))))
        return Normal(_POWER, (inner, Integer(-1)))
    args = tuple(expand_all(a) for a in e.args)
    new = Normal(head, args) if args != e.args else e
    if head is _PLUS or head is _TIMES or head is _POWER:
        return expand(new)
    return new


# --- sympy helpers ---------------------------------------------------------------

def complexity(e: Expr) -> int:
    """Mathematica's default Simplify complexity: leaves, numbers by digits."""
    t = type(e)
    if t is Integer:
        v = e.value
        if v == 0:
            return 1
        return len(str(abs(v))) + (1 if v < 0 else 0)
    if t is Rational:
        return complexity(Integer(e.value.numerator)) + complexity(
            Integer(e.value.denominator)) + 1
    if t is Complex:
        return complexity(e.re) + complexity(e.im) + 1
    if t is Real:
        return 2
    if t is Normal:
        return complexity(e.head) + sum(complexity(a) for a in e.args)
    return 1


def _sympy_unary(ev, expr, fn, *, thread=True):
    """Apply fn(sympy_obj) to the only argument; None when it does not apply."""
    if thread:
        threaded = thread_over(ev, expr)
        if threaded is not None:
            return threaded
    arg = expr.args[0]
    conv = _convert(arg)
    if conv is None:
        return None
    try:
        result = fn(conv[0])
    except Exception:  # sympy gives up: leave the call as it is
        return None
    out = _back(result)
    return arg if out is None else out


# --- Expand and friends ------------------------------------------------------------

@builtin(nargs=(1, 2), usage="Expand[expr] expands out products and positive integer powers in expr.\nExpand[expr, patt] leaves unexpanded any parts of expr that are free of the pattern patt.")
def Expand(ev, expr):
    threaded = thread_over(ev, expr)
    if threaded is not None:
        return threaded
    patt = expr.args[1] if len(expr.args) == 2 else None
    return expand(expr.args[0], patt)


@builtin(nargs=1, usage="ExpandAll[expr] expands out all products and integer powers in any part of expr.")
def ExpandAll(ev, expr):
    return expand_all(expr.args[0])


@builtin(nargs=(1, 2), usage="Factor[poly] factors a polynomial over the integers.")
def Factor(ev, expr):
    sp = sympy_module()
    opts = {}
    for opt in expr.args[1:]:
        if opt.has_head("Rule") and opt.args[0] == Symbol("Extension"):
            ext = _convert(opt.args[1])
            if ext is None:
                return None
            opts["extension"] = ext[0]
        elif opt.has_head("Rule") and opt.args[0] == Symbol("GaussianIntegers") \
                and opt.args[1] is _TRUE:
            opts["gaussian"] = True
    return _sympy_unary(ev, Normal(expr.head, expr.args[:1]),
                        lambda s: sp.factor(s, **opts))


def _assumption_symbols(ev, assumption):
    """{sympy Symbol: Symbol with assumptions} for x > 0, Element[x, Reals], ..."""
    sp = sympy_module()
    facts: dict = {}

    def add(sym, **kw):
        if type(sym) is Symbol:
            facts.setdefault(sym, {}).update(kw)

    def walk(a):
        if type(a) is not Normal:
            return
        name = a.head.name if type(a.head) is Symbol else None
        if name in ("And", "List"):
            for b in a.args:
                walk(b)
            return
        if len(a.args) == 2 and name in ("Greater", "GreaterEqual", "Less", "LessEqual"):
            x, y = a.args
            if y == _ZERO and type(x) is Symbol:
                add(x, **{"Greater": {"positive": True}, "GreaterEqual": {"nonnegative": True},
                          "Less": {"negative": True}, "LessEqual": {"nonpositive": True}}[name])
            elif x == _ZERO and type(y) is Symbol:
                add(y, **{"Less": {"positive": True}, "LessEqual": {"nonnegative": True},
                          "Greater": {"negative": True}, "GreaterEqual": {"nonpositive": True}}[name])
            else:
                for s in (x, y):
                    if type(s) is Symbol:
                        add(s, real=True)
            return
        if name == "Element" and len(a.args) == 2:
            xs = a.args[0].args if a.args[0].has_head("Alternatives") or a.args[0].has_head(
                "List") else (a.args[0],)
            dom = a.args[1]
            kw = {"Reals": {"real": True}, "Integers": {"integer": True},
                  "Rationals": {"rational": True}, "Primes": {"prime": True},
                  "Complexes": {}}.get(getattr(dom, "name", ""), None)
            if kw is not None:
                for x in xs:
                    add(x, **kw)

    walk(assumption)
    replace = {}
    for sym, kw in facts.items():
        if kw:
            plain = to_sympy(sym)
            replace[plain] = sp.Symbol(plain.name, **kw)
    return replace


def _simplify_candidates(sp, s, full):
    yield lambda: sp.simplify(s)
    yield lambda: sp.factor(s)
    yield lambda: sp.cancel(s)
    yield lambda: sp.together(s)
    yield lambda: sp.expand(s)
    if full:
        yield lambda: sp.simplify(sp.trigsimp(s))
        yield lambda: sp.simplify(sp.expand_log(s, force=False))
        yield lambda: sp.logcombine(s)
        yield lambda: sp.powsimp(s)
        yield lambda: sp.exptrigsimp(s)


def _simplify(ev, expr, full):
    threaded = thread_over(ev, expr, ("List",))
    if threaded is not None:
        return threaded
    arg = expr.args[0]
    if arg.is_atom:
        return arg
    roots: dict = {}
    conv = _convert(_mask_roots(arg, roots))
    if conv is None:
        return None
    sp = sympy_module()
    s = conv[0]
    replace = {}
    for extra in expr.args[1:]:
        if extra.has_head("Rule") and extra.args[0] != Symbol("Assumptions"):
            continue
        assumption = extra.args[1] if extra.has_head("Rule") else extra
        try:
            replace.update(_assumption_symbols(ev, assumption))
        except ConversionError:
            return None
    if replace:
        s = s.xreplace(replace)
        s = sp.refine(s)
    back_map = {v: k for k, v in replace.items()}
    best = arg
    best_score = complexity(arg)
    reduced = _root_reduced(ev, arg)
    if reduced is not None and complexity(reduced) < best_score:
        best, best_score = reduced, complexity(reduced)
    seen = set()
    for make in _simplify_candidates(sp, s, full):
        try:
            cand = make()
            if back_map:
                cand = cand.xreplace(back_map)
        except Exception:
            continue
        if cand in seen:
            continue
        seen.add(cand)
        out = _back(cand)
        if out is None:
            continue
        if roots:
            out = substitute(out, {v: k for k, v in roots.items()})
        out = ev.evaluate(out)
        score = complexity(out)
        if score < best_score:
            best, best_score = out, score
    return best


def _mask_roots(e, table):
    """e with each Root object replaced by a symbol of its own (recorded in
    table): sympy treats CRootOf numerically in simplify, which is very slow
    for complex roots, and Root arithmetic is RootReduce's business anyway."""
    if type(e) is not Normal:
        return e
    if e.head is _ROOT_SYMBOL:
        return table.setdefault(e, Symbol(f"Root$mask{len(table) + 1}"))
    return Normal(_mask_roots(e.head, table), tuple(_mask_roots(a, table) for a in e.args))


_ROOT_SYMBOL = Symbol("Root")


def _root_reduced(ev, arg):
    """RootReduce of an algebraic number built from Root objects (Simplify, like
    Mathematica's, combines them: Root[#^3 - 2 &, 1]^3 is 2), or None."""
    if free_of(arg, _ROOT_SYMBOL):
        return None
    from gtnlang.builtins.calculus import algebraic_q, root_reduce   # see _univariate_solve
    if not algebraic_q(arg):
        return None
    out = root_reduce(ev, arg)
    return None if out is None else ev.evaluate(out)


_ASSUMPTIONS_USAGE = ("Simplify[expr] performs a sequence of algebraic and other transformations on expr and returns the simplest form it finds.\n"
                      "Simplify[expr, assum] does simplification using assumptions.")


@builtin(nargs=(1, 2), usage=_ASSUMPTIONS_USAGE)
def Simplify(ev, expr):
    return _simplify(ev, expr, False)


@builtin(nargs=(1, 2), usage="FullSimplify[expr] tries a wide range of transformations on expr involving elementary and special functions and returns the simplest form it finds.\nFullSimplify[expr, assum] does simplification using assumptions.")
def FullSimplify(ev, expr):
    return _simplify(ev, expr, True)


def _together(sp, s):
    t = sp.together(s)
    n, d = sp.fraction(t)
    if d == 1:
        return sp.expand(n) if n.is_polynomial() else n
    n = sp.expand(n)
    g = sp.gcd(n, sp.expand(d))
    if g != 1 and g.is_polynomial():
        n = sp.cancel(n / g)
        d = sp.factor(sp.cancel(sp.expand(d) / g))
        n, d2 = sp.fraction(sp.together(n))
        d = d * d2
    if n.is_number and n < 0 and d.is_Add:
        return sp.Mul(n, sp.Pow(d, -1, evaluate=False), evaluate=False)
    return sp.Mul(n, sp.Pow(d, -1), evaluate=False)


@builtin(nargs=1, usage="Together[expr] puts terms in a sum over a common denominator, and cancels factors in the result.")
def Together(ev, expr):
    sp = sympy_module() if not expr.args[0].is_atom else None
    if sp is None:
        return expr.args[0]
    return _sympy_unary(ev, expr, lambda s: _together(sp, s))


@builtin(nargs=1, usage="Cancel[expr] cancels out common factors in the numerator and denominator of expr.")
def Cancel(ev, expr):
    if expr.args[0].is_atom:
        return expr.args[0]
    sp = sympy_module()
    return _sympy_unary(ev, expr, sp.cancel)


def _default_variable(sp, s):
    syms = sorted(s.free_symbols, key=lambda v: v.name)
    return syms[0] if syms else None


@builtin(nargs=(1, 2), usage="Apart[expr] rewrites a rational expression as a sum of terms with minimal denominators.\nApart[expr, var] treats all variables other than var as constants.")
def Apart(ev, expr):
    threaded = thread_over(ev, expr)
    if threaded is not None:
        return threaded
    arg = expr.args[0]
    if arg.is_atom:
        return arg
    conv = _convert(*expr.args)
    if conv is None:
        return None
    sp = sympy_module()
    s = conv[0]
    var = conv[1] if len(conv) == 2 else None
    if var is None:
        syms = s.free_symbols
        if len(syms) != 1:
            # Mathematica treats the other symbols as parameters; sympy wants one.
            var = _default_variable(sp, s)
        else:
            var = next(iter(syms))
    if var is None:
        return arg
    try:
        result = sp.apart(s, var)
    except Exception:
        return arg
    out = _back(result)
    return arg if out is None else out


@builtin(nargs=(2, 3), usage="Collect[expr, x] collects together terms involving the same powers of objects matching x.\nCollect[expr, {x1, x2, ...}] collects together terms that involve the same powers of objects matching x1, then x2, ...\nCollect[expr, var, h] applies h to the expression that forms the coefficient of each term obtained.")
def Collect(ev, expr):
    threaded = thread_over(ev, expr, ("List", "Equal"))
    if threaded is not None:
        return threaded
    e, v = expr.args[0], expr.args[1]
    conv = _convert(e, v)
    if conv is None:
        return None
    sp = sympy_module()
    s, var = conv
    variables = var if isinstance(var, list) else [var]
    try:
        collected = sp.collect(sp.expand(s), variables, evaluate=False)
    except Exception:
        return None
    h = expr.args[2] if len(expr.args) == 3 else None
    terms = []
    for key, coeff in collected.items():
        c = _back(coeff)
        k = _back(key)
        if c is None or k is None:
            return None
        if h is not None:
            c = Normal(h, (c,))
        terms.append(Normal(_TIMES, (k, c)) if key != 1 else c)
    if not terms:
        return _ZERO
    return Normal(_PLUS, tuple(terms)) if len(terms) > 1 else terms[0]


@builtin(nargs=(2, 3), usage="Coefficient[expr, form] gives the coefficient of form in the polynomial expr.\nCoefficient[expr, form, n] gives the coefficient of form^n in expr.")
def Coefficient(ev, expr):
    threaded = thread_over(ev, expr, ("List",))
    if threaded is not None:
        return threaded
    conv = _convert(*expr.args)
    if conv is None:
        return None
    sp = sympy_module()
    s, form = conv[0], conv[1]
    n = conv[2] if len(conv) == 3 else 1
    try:
        e = sp.expand(s)
        if n == 0:
            if isinstance(form, sp.Symbol):
                result = e.as_independent(form, as_Add=True)[0]
            else:
                result = e.coeff(form, 0)
        else:
            result = e.coeff(form, n)
    except Exception:
        return None
    return _back(result)


@builtin(nargs=(1, 2), usage="CoefficientList[poly, var] gives a list of coefficients of powers of var in poly, starting with power 0.\nCoefficientList[poly, {var1, var2, ...}] gives an array of coefficients of the vari.")
def CoefficientList(ev, expr):
    threaded = thread_over(ev, expr, ("List",))
    if threaded is not None:
        return threaded
    conv = _convert(*expr.args)
    if conv is None:
        return None
    sp = sympy_module()
    s = conv[0]
    if len(conv) == 2:
        variables = conv[1] if isinstance(conv[1], list) else [conv[1]]
    else:
        variables = sorted(s.free_symbols, key=lambda v: v.name)
    if s == 0:
        return Normal(_LIST, ())
    if not variables:
        return Normal(_LIST, (expr.args[0],))
    try:
        poly = sp.Poly(s, *variables)
    except Exception:
        return None
    degrees = [poly.degree(v) for v in variables]
    terms = poly.as_dict()

    def build(level, prefix):
        if level == len(variables):
            return _back(terms.get(tuple(prefix), sp.Integer(0)))
        return Normal(_LIST, tuple(build(level + 1, prefix + [k])
                                   for k in range(max(degrees[level], 0) + 1)))
    return build(0, [])


def _exponents(e, form, acc):
    """Collect the exponents of `form` in the terms of expanded `e`."""
    if e == form:
        acc.append(_ONE)
        return
    t = type(e)
    if t is Normal and e.head is _PLUS:
        for a in e.args:
            _exponents(a, form, acc)
        return
    if t is Normal and e.head is _TIMES:
        parts = []
        for a in e.args:
            sub = []
            _exponents(a, form, sub)
            sub = [x for x in sub if x != _ZERO]
            if sub:
                parts.append(sub[0])
        if not parts:
            acc.append(_ZERO)
        elif len(parts) == 1:
            acc.append(parts[0])
        else:
            acc.append(Normal(_PLUS, tuple(parts)))
        return
    if t is Normal and e.head is _POWER and len(e.args) == 2 and e.args[0] == form:
        acc.append(e.args[1])
        return
    acc.append(_ZERO)


@builtin(nargs=(2, 3), usage="Exponent[expr, form] gives the maximum power with which form appears in the expanded form of expr.\nExponent[expr, form, h] applies h to the set of exponents with which form appears in expr.")
def Exponent(ev, expr):
    threaded = thread_over(ev, expr, ("List",))
    if threaded is not None:
        return threaded
    e = ev.evaluate(expand(expr.args[0]))
    form = expr.args[1]
    if e == _ZERO:
        return Normal(Symbol("DirectedInfinity"), (Integer(-1),)) if len(expr.args) == 2 \
            else Normal(expr.args[2], ())
    acc = []
    _exponents(e, form, acc)
    acc = [ev.evaluate(a) for a in acc]
    unique = []
    for a in acc:
        if a not in unique:
            unique.append(a)
    if len(expr.args) == 3:
        return Normal(expr.args[2], tuple(unique))
    if all(is_number(a) and type(a) is not Complex for a in unique):
        return max(unique, key=lambda a: float(a.value))
    return Normal(Symbol("Max"), tuple(unique))


def _is_polynomial(e, variables) -> bool:
    if all(free_of(e, v) for v in variables):
        return True
    if e in variables:
        return True
    if type(e) is Normal:
        if e.head is _PLUS or e.head is _TIMES:
            return all(_is_polynomial(a, variables) for a in e.args)
        if e.head is _POWER and len(e.args) == 2:
            n = e.args[1]
            return type(n) is Integer and n.value >= 0 and _is_polynomial(e.args[0], variables)
    return False


@builtin(nargs=(1, 2), usage="PolynomialQ[expr, var] yields True if expr is a polynomial in var, and yields False otherwise.\nPolynomialQ[expr, {var1, ...}] tests whether expr is a polynomial in the vari.")
def PolynomialQ(ev, expr):
    e = expr.args[0]
    if len(expr.args) == 2:
        v = expr.args[1]
        variables = v.args if v.has_head("List") else (v,)
    else:
        variables = tuple(_variables(e))
    return from_bool(_is_polynomial(e, variables))


def _variables(e):
    found = []

    def walk(x):
        t = type(x)
        if is_number(x):
            return
        if t is Symbol:
            if x.name in ("Pi", "E", "I", "EulerGamma", "GoldenRatio", "Catalan",
                          "Infinity", "ComplexInfinity", "Indeterminate", "Degree"):
                return
            if x not in found:
                found.append(x)
            return
        if t is Normal:
            if x.head is _PLUS or x.head is _TIMES or x.head is _LIST:
                for a in x.args:
                    walk(a)
                return
            if x.head is _POWER and len(x.args) == 2 and type(x.args[1]) in (Integer, Rational):
                walk(x.args[0])
                return
            if x.head is _POWER and len(x.args) == 2 and is_number(x.args[0]):
                # 2^x is a variable of its own
                pass
            if all(is_number(a) or (type(a) is Symbol and a.name in ("Pi", "E"))
                   for a in x.args):
                return
            if x not in found:
                found.append(x)
            return
        if t is String:
            return
        if x not in found:
            found.append(x)

    walk(e)
    return found


@builtin(nargs=1, usage="Variables[poly] gives a list of all independent variables in a polynomial.")
def Variables(ev, expr):
    from gtnlang.core.ordering import canonical_sort
    found = _variables(expr.args[0])
    return Normal(_LIST, tuple(canonical_sort(tuple(found))))


# --- Solve, NSolve, FindRoot -----------------------------------------------------------

def _equations(e):
    """A list of equation expressions from eqns (a list, And, or a single one)."""
    if type(e) is Normal and (e.head is _LIST or e.head is _AND):
        out = []
        for a in e.args:
            out.extend(_equations(a))
        return out
    return [e]


def _variables_arg(v):
    if v.has_head("List"):
        return list(v.args)
    return [v]


def _solution_sort_key(sp, sol, variables):
    key = []
    for v in variables:
        val = sol.get(v)
        if val is None:
            key.append((2, (), ""))
            continue
        try:
            c = complex(val.evalf(20)) if val.is_number else None
        except (TypeError, ValueError):
            c = None
        if c is None:
            key.append((1, (), str(val)))
        else:
            key.append((0, root_sort_key(c), ""))
    return key


def _solve(ev, expr, numeric):
    sp = sympy_module()
    name = expr.head.name
    eqns_expr = expr.args[0]
    eqs = _equations(eqns_expr)
    if any(e is _FALSE for e in eqs):
        return Normal(_LIST, ())
    eqs = [e for e in eqs if e is not _TRUE]
    if not eqs:
        return Normal(_LIST, (Normal(_LIST, ()),))
    for e in eqs:
        if not (e.has_head("Equal") or e.has_head("Unequal") or e.has_head("Less")
                or e.has_head("Greater") or e.has_head("LessEqual")
                or e.has_head("GreaterEqual")):
            ev.message(name, "naqs", eqns_expr)
            return None
    conv = _convert(*eqs)
    if conv is None:
        return None
    if len(expr.args) >= 2 and not expr.args[1].has_head("Rule"):
        vars_expr = _variables_arg(expr.args[1])
        vconv = _convert(*vars_expr)
        if vconv is None:
            return None
        variables = vconv
        for v, ve in zip(variables, vars_expr):
            if not (isinstance(v, sp.Symbol) or isinstance(v, sp.Function)):
                ev.message(name, "ivar", ve)
                return None
    else:
        free = set()
        for c in conv:
            free |= c.free_symbols
        variables = sorted(free, key=lambda s: s.name)
    system = []
    for c in conv:
        if c is sp.true:
            continue
        if c is sp.false:
            return Normal(_LIST, ())
        if isinstance(c, sp.Equality):
            system.append(c.lhs - c.rhs)
        else:
            system.append(c)
    if not system:
        return Normal(_LIST, (Normal(_LIST, ()),))
    univariate = _univariate_solve(ev, expr, system, variables, numeric)
    if univariate is not None:
        return univariate
    polynomial = _polynomial_system_solve(ev, expr, system, variables, numeric)
    if polynomial is not None:
        return polynomial
    try:
        if numeric and len(system) == 1 and len(variables) == 1 and \
                system[0].is_polynomial(variables[0]):
            poly = sp.Poly(system[0], variables[0])
            if poly.free_symbols - {variables[0]}:
                raise NotImplementedError
            roots = poly.nroots(n=15)
            sols = [{variables[0]: r} for r in roots]
        else:
            sols = sp.solve(system, variables, dict=True)
    except NotImplementedError:
        ev.message(name, "nsmet")
        return None
    except Exception:
        ev.message(name, "nsmet")
        return None
    if not isinstance(sols, list):
        # inequalities: sympy answers with a condition (Reduce's form)
        return _back(sols)
    if numeric:
        sols = [{k: sp.N(v, 15) for k, v in sol.items()} for sol in sols]
    sols.sort(key=lambda sol: _solution_sort_key(sp, sol, variables))
    out = []
    order = {v: i for i, v in enumerate(variables)}
    for sol in sols:
        rules = []
        for k in sorted(sol, key=lambda k: order.get(k, len(order))):
            lhs, rhs = _back(k), _back(sol[k])
            if lhs is None or rhs is None:
                return None
            rules.append(Normal(_RULE, (lhs, rhs)))
        out.append(Normal(_LIST, tuple(rules)))
    return Normal(_LIST, tuple(out))


def _rational_poly(sp, e, x):
    """e as a sympy Poly in x with rational coefficients, or None."""
    if not e.is_polynomial(x):
        return None
    poly = sp.Poly(e, x)
    dom = poly.get_domain()
    return poly if dom.is_ZZ or dom.is_QQ else None


def _univariate_solve(ev, expr, system, variables, numeric):
    """Solve and NSolve of one rational equation in one variable with rational
    coefficients: roots with multiplicity, in Root order; exact roots are
    radicals up to cubics (quartics with Quartics -> True) and Root objects
    otherwise, as Mathematica gives them.  None when this does not apply."""
    sp = sympy_module()
    if len(system) != 1 or len(variables) != 1 or not isinstance(variables[0], sp.Symbol) \
            or getattr(system[0], "is_Relational", False):
        return None
    x = variables[0]
    num, den = sp.together(system[0]).as_numer_denom()
    num, den = _rational_poly(sp, num, x), _rational_poly(sp, den, x)
    if num is None or den is None or num.degree() < 1:
        return None
    # calculus.py (home of Root) imports this module, hence the late import
    from gtnlang.builtins.calculus import polynomial_roots, polynomial_root_values
    flags = solve_options(expr.args[1:])
    lhs = _back(x)
    if numeric:
        found = [(_number_of(v), m, v) for v, m in polynomial_root_values(num, den)]
    else:
        found = polynomial_roots(num, flags.get("Cubics", True), flags.get("Quartics", False),
                                 exclude=den)
    if flags.get("Reals"):
        found = [t for t in found if root_sort_key(t[2])[0] == 0]
    rules = [Normal(_LIST, (Normal(_RULE, (lhs, root)),)) for root, m, _ in found for _ in range(m)]
    return Normal(_LIST, tuple(rules))


def _polynomial_system_solve(ev, expr, system, variables, numeric):
    """Solve and NSolve of a zero-dimensional polynomial system with rational
    coefficients whose lex Groebner basis is triangular (see
    `_triangular_basis`): the solutions over each root of the eliminant p(v1),
    with multiplicity and in Root order; v1 -> the root as `_univariate_solve`
    gives it, each other variable -> its expression in v1 (a polynomial when
    the basis is in shape position) evaluated at that root.
    None when this does not apply, and for Solve also when p is squarefree
    with factors of degree <= 2: sympy's solve then answers completely and
    quickly (its forms are kept as they were).  sympy drops the roots of
    eliminants without radical solutions (x^5 - x + 1), repeats none, and
    gives cubic radicals slowly, in forms unlike Solve's for one variable."""
    sp = sympy_module()
    basis = _triangular_basis(sp, system, variables)
    if basis is None:
        return None
    if basis == "inconsistent":
        return Normal(_LIST, ())
    p, tower, dens = basis
    fibre = _fibre(sp, tower)
    if fibre is None:
        return None
    exclude = _denominator_zeros(sp, dens, fibre, p, variables[0])
    if exclude == "unknown":
        return None
    if not numeric and all(m == 1 and f.degree() <= 2 for f, m in p.factor_list()[1]):
        return None
    from gtnlang.builtins.calculus import polynomial_roots, polynomial_root_values  # see _univariate_solve
    flags = solve_options(expr.args[1:])
    if numeric:
        found = [(_number_of(v), m, v) for v, m in polynomial_root_values(p, exclude)]
    else:
        found = polynomial_roots(p, flags.get("Cubics", True), flags.get("Quartics", False),
                                 exclude=exclude)
    reals = flags.get("Reals", False)
    # machine values only where they are needed (they cost a sympy evalf)
    numbers = numeric or reals or len(fibre) > 1
    out = []
    for root, m, value in found:
        points = [(point, _fibre_values(sp, variables, point, value) if numbers else None)
                  for point in fibre]
        if len(points) > 1:
            # over one root, in Root order of the other variables' values
            points.sort(key=lambda t: [root_sort_key(t[1][v]) for v in variables[1:]])
        for point, values in points:
            if reals and not all(_is_real(z) for z in values.values()):
                continue
            rules = _fibre_rules(ev, variables, point, root, values if numeric else None)
            if rules is None:
                return None
            out.extend([rules] * m)
    return Normal(_LIST, tuple(out))


def _triangular_basis(sp, system, variables):
    """For a system of rational functions (sympy expressions, each meant == 0)
    in `variables` with rational coefficients and no other symbols:
    "inconsistent" when the numerators have no common zero; else (p, tower,
    denominators) when the reduced lex Groebner basis of the numerators (v1 =
    variables[0] lowest) is p(v1) plus, for each other v_k, one element monic
    in v_k and free of v_(k+1), ...: `tower` those [(v_k, element)] in that
    order, `denominators` the non-constant ones as Polys.  None otherwise."""
    if not variables or not all(isinstance(v, sp.Symbol) for v in variables) \
            or len(set(variables)) != len(variables):
        return None
    fractions = _rational_fractions(sp, system, variables)
    if fractions is None:
        return None
    nums, dens = fractions
    try:
        basis = sp.groebner(nums, *reversed(variables), order="lex", domain=sp.QQ)
    except Exception:           # sympy's Groebner code can fail on odd inputs
        return None
    polys = list(basis.polys)
    if len(polys) == 1 and polys[0].is_ground:
        return "inconsistent"
    x = variables[0]
    if len(polys) != len(variables) or polys[-1].free_symbols - {x}:
        return None
    p = sp.Poly(polys[-1].as_expr(), x, domain=sp.QQ)
    tower = [(v, g) for v, g in zip(reversed(variables[1:]), polys[:-1])]
    for k, (v, g) in enumerate(tower):
        # later variables come first in a lex basis; v must lead g
        if g.free_symbols - set(variables[:len(variables) - k]) or g.degree(v) < 1 \
                or sp.Poly(g.as_expr(), v).LC() != 1:
            return None
    tower.reverse()
    return p, tower, dens


def _rational_fractions(sp, system, variables):
    """(numerators, non-constant denominators) of the system as sympy Polys in
    `variables` over QQ, or None when an equation is not a rational function
    with rational coefficients of the variables alone."""
    nums, dens = [], []
    for e in system:
        if getattr(e, "is_Relational", False) or e.free_symbols - set(variables):
            return None
        num, den = sp.together(e).as_numer_denom()
        if not (num.is_polynomial(*variables) and den.is_polynomial(*variables)):
            return None
        try:
            num, den = sp.Poly(num, *variables), sp.Poly(den, *variables)
        except sp.PolynomialError:
            return None
        if not all(q.get_domain().is_ZZ or q.get_domain().is_QQ for q in (num, den)):
            return None
        if not num.is_zero:
            nums.append(num)
        if not den.is_ground:
            dens.append(den)
    return (nums, dens) if nums else None


def _fibre(sp, tower):
    """The solutions of the tower over a generic v1: a list of {v_k: sympy
    expression in v1} (repeated by multiplicity), each v_k a root of its
    element with the earlier v_j put in; None when one has no radical roots.
    Cardano's and Ferrari's formulas are not used: their divisions can vanish
    at particular roots v1."""
    points = [{}]
    for v, g in tower:
        grown = []
        for point in points:
            h = sp.Poly(sp.expand(g.as_expr().subs(point)), v)
            if h.degree() == 1:
                # keep the reduced polynomial form (no division: h is monic)
                values = [-h.TC()]
            else:
                values = sp.roots(h, cubics=False, quartics=False, multiple=True)
                if len(values) != h.degree():
                    return None
            grown.extend({**point, v: value} for value in values)
        points = grown
    return points


def _denominator_zeros(sp, dens, points, p, x):
    """A Poly in x whose common roots with p are the solutions where one of the
    denominators vanishes (their product with the other variables replaced by
    their polynomials in x from `_fibre`, modulo p); None when there are no
    denominators, "unknown" when the fibre is not a single polynomial point
    (then a root of p may have some solutions excluded and others not)."""
    if not dens:
        return None
    if len(points) != 1:
        return "unknown"
    product = sp.Poly(1, x, domain=sp.QQ)
    for d in dens:
        substituted = sp.expand(d.as_expr().subs(points[0]))
        if substituted.free_symbols - {x}:
            return "unknown"
        product = (product * sp.Poly(substituted, x, domain=sp.QQ)).rem(p)
    return product


def _fibre_values(sp, variables, point, value):
    """{v: complex} for the solution `point` (from `_fibre`) over the root of
    machine value `value`, v1 included."""
    x = variables[0]
    at = sp.Float(value.real, 17) + sp.I * sp.Float(value.imag, 17)
    values = {x: complex(value)}
    for v in variables[1:]:
        values[v] = complex(sp.sympify(point[v]).subs(x, at).evalf(17))
    return values


def _fibre_rules(ev, variables, point, root, values):
    """{v1 -> root, v_k -> point[v_k] at root, ...} in the order of
    `variables`: machine numbers from `values` when given (NSolve), else exact
    ones by evaluating at the exact root, expanded when it is a radical."""
    x = _back(variables[0])
    rules = []
    for v in variables:
        if values is not None:
            rhs = _number_of(values[v])
        elif v is variables[0]:
            rhs = root
        else:
            e = _back(point[v])
            if e is None:
                return None
            rhs = ev.evaluate(substitute(e, {x: root}))
            if free_of(root, Symbol("Root")):
                # powers of radicals multiply out ((1 + Sqrt[2])^2 -> 3 + 2 Sqrt[2]);
                # Root[...]^2 stays, as Mathematica leaves it
                rhs = ev.evaluate(expand(rhs))
        lhs = _back(v)
        if lhs is None:
            return None
        rules.append(Normal(_RULE, (lhs, rhs)))
    return Normal(_LIST, tuple(rules))


def _is_real(z: complex) -> bool:
    """Whether the machine value of an algebraic number is real, for
    Solve[..., Reals] (a tiny imaginary part is rounding)."""
    return abs(z.imag) <= 1e-10 * max(1.0, abs(z.real))


def solve_options(args):
    """{name: bool} for ``name -> value`` options (Cubics, Quartics) and the
    Reals domain among the extra arguments of Solve, Roots, ToRadicals."""
    flags = {}
    for a in args:
        if a is Symbol("Reals"):
            flags["Reals"] = True
        elif a.has_head("Rule") and len(a.args) == 2 and type(a.args[0]) is Symbol:
            flags[a.args[0].name] = a.args[1] is not _FALSE
    return flags


def _number_of(z: complex):
    """A machine Real, or Complex when the imaginary part is not zero."""
    if z.imag == 0:
        return Real(z.real)
    return Complex(Real(z.real), Real(z.imag))


_SOLVE_MESSAGES = {
    "nsmet": "This system cannot be solved with the methods available to Solve.",
    "naqs": "`1` is not a quantified system of equations and inequalities.",
    "ivar": "`1` is not a valid variable.",
}


@builtin(nargs=(1, 3), usage="Solve[expr, vars] attempts to solve the system expr of equations or inequalities for the variables vars.", messages=_SOLVE_MESSAGES)
def Solve(ev, expr):
    return _solve(ev, expr, False)


@builtin(nargs=(1, 3), usage="NSolve[expr, vars] attempts to find numerical approximations to the solutions of the system expr of equations or inequalities for the variables vars.", messages={**_SOLVE_MESSAGES, "nsmet": "This system cannot be solved with the methods available to NSolve."})
def NSolve(ev, expr):
    return _solve(ev, expr, True)


@builtin(nargs=(2, None),
         usage="Roots[lhs == rhs, var] yields a disjunction of equations which represent the roots of a polynomial equation.")
def Roots(ev, expr):
    """``Roots[x^2 - 2 == 0, x]`` -> ``x == -Sqrt[2] || x == Sqrt[2]``; a root of
    multiplicity m appears m times; cubics and quartics are solved in radicals
    unless ``Cubics -> False`` / ``Quartics -> False``."""
    eq, var = expr.args[0], expr.args[1]
    if not (eq.has_head("Equal") and len(eq.args) == 2):
        return None
    conv = _convert(eq.args[0], eq.args[1], var)
    sp = sympy_module()
    if conv is None or not isinstance(conv[2], sp.Symbol):
        return None
    lhs, rhs, x = conv
    flags = solve_options(expr.args[2:])
    try:
        roots = _roots_of(sp, sp.expand(lhs - rhs), x, flags.get("Cubics", True),
                          flags.get("Quartics", True))
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return None
    if roots is None or type(roots) is Symbol:
        return roots
    eqs = tuple(ev.evaluate(Normal(_EQUAL, (var, r))) for r in roots)
    # Final as it stands: evaluating the Or would merge the repeated equations
    # that stand for a multiple root (Mathematica prints x == 1 || x == 1).
    return (eqs[0] if len(eqs) == 1 else Normal(_OR, eqs),)


def _roots_of(sp, e, x, cubics, quartics):
    """The roots (repeated by multiplicity) of the polynomial e in x, True for the
    zero polynomial, False for a nonzero constant, None when not found."""
    if not e.is_polynomial(x):
        return None
    poly = sp.Poly(e, x)
    if poly.is_zero:
        return _TRUE
    if poly.degree() < 1:
        return _FALSE
    if _rational_poly(sp, e, x) is not None:
        from gtnlang.builtins.calculus import polynomial_roots   # see _univariate_solve
        return [r for r, m, _ in polynomial_roots(poly, cubics, quartics) for _ in range(m)]
    found = sp.roots(poly, cubics=cubics, quartics=quartics, multiple=True)
    if len(found) != poly.degree():
        return None
    return [_back(r) for r in found]


@builtin(nargs=(2, None), attributes=("HoldAll", "Protected"), usage="FindRoot[f, {x, x0}] searches for a numerical root of f, starting from the point x = x0.\nFindRoot[lhs == rhs, {x, x0}] searches for a numerical solution to the equation lhs == rhs.\nFindRoot[{f1, f2, ...}, {{x, x0}, {y, y0}, ...}] searches for a simultaneous numerical root of all the fi.",
         messages={"nlnum": "The function value `1` is not a list of numbers with dimensions `2` at `3` = `4`.",
                   "fstval": "The function value `1` is not a number at `2` = `3`.",
                   "cvmit": "Failed to converge to the requested accuracy or precision within `1` iterations.",
                   "srect": "Value `1` in search specification `2` is not a number or array of numbers."})
def FindRoot(ev, expr):
    sp = sympy_module()
    f = ev.evaluate(expr.args[0])
    specs = [ev.evaluate(a) for a in expr.args[1:] if not a.has_head("Rule")]
    if len(specs) == 1 and specs[0].has_head("List") and specs[0].args and \
            specs[0].args[0].has_head("List"):
        specs = list(specs[0].args)
    variables, starts = [], []
    for spec in specs:
        if not (spec.has_head("List") and len(spec.args) >= 2):
            return None
        variables.append(spec.args[0])
        starts.append(spec.args[1])
    funcs = _equations(f)
    conv = _convert(*funcs, *variables, *starts)
    if conv is None:
        return None
    n = len(funcs)
    sfuncs, svars, sstarts = conv[:n], conv[n:n + len(variables)], conv[n + len(variables):]
    system = [c.lhs - c.rhs if isinstance(c, sp.Equality) else c for c in sfuncs]
    try:
        start_vals = [complex(s) if not s.is_real else float(s) for s in sstarts]
    except (TypeError, ValueError):
        ev.message("FindRoot", "srect", starts[0], specs[0])
        return None
    try:
        import mpmath
        fn = sp.lambdify(svars, system, modules="mpmath")
        if len(svars) == 1:
            root = mpmath.findroot(lambda x: fn(x)[0], start_vals[0])
            values = [root]
        else:
            root = mpmath.findroot(lambda *xs: fn(*xs), start_vals)
            values = [root[i] for i in range(len(svars))]
    except Exception:
        try:
            root = sp.nsolve(system if len(system) > 1 else system[0],
                             svars if len(svars) > 1 else svars[0],
                             start_vals if len(start_vals) > 1 else start_vals[0])
            values = list(root) if hasattr(root, "__iter__") else [root]
        except Exception:
            ev.message("FindRoot", "cvmit", Integer(100))
            return None
    rules = []
    for v, val in zip(variables, values):
        if isinstance(val, sp.Basic):
            val = complex(val)
        else:
            val = complex(val)
        if abs(val.imag) <= 1e-14 * max(1.0, abs(val.real)):
            num = Real(float(val.real))
        else:
            num = Complex(Real(float(val.real)), Real(float(val.imag)))
        rules.append(Normal(_RULE, (v, num)))
    return Normal(_LIST, tuple(rules))
