"""Two-way conversion between gtnlang expressions and sympy objects.

`to_sympy(expr)` turns an expression into a sympy object and `from_sympy(obj)`
turns a sympy object back into an (unevaluated) expression tree; the
evaluator puts the tree in canonical form when it evaluates a builtin's
result, so nothing here sorts.  For every expression ``e`` that converts,
``from_sympy(to_sympy(e))`` evaluates to ``e`` again.

sympy is imported the first time one of these functions is called, never at
import time (``import gtnlang`` and ``1 + 1`` stay fast).

Conversion table (gtnlang on the left, sympy on the right):

=====================================  =======================================
``Integer``, ``Rational``              ``Integer``, ``Rational``
``Real`` (machine)                     ``Float`` with 53 bits
``Real`` (p digits)                    ``Float`` with ``(p + 3) log2 10`` bits
``Complex[a, b]``                      ``a + b*I``
symbol ``x`` (``x$12``)                ``Symbol('x')`` (``Symbol('x_d12')``)
``Pi``, ``E``, ``I``, ``EulerGamma``,  ``pi``, ``E``, ``I``, ``EulerGamma``,
``GoldenRatio``, ``Catalan``           ``GoldenRatio``, ``Catalan``
``Infinity``, ``-Infinity``,           ``oo``, ``-oo``,
``DirectedInfinity[z]``                ``oo*z``
``ComplexInfinity``, ``Indeterminate`` ``zoo``, ``nan``
``Plus``, ``Times``, ``Power``         ``Add``, ``Mul``, ``Pow`` (``E^x`` is ``exp(x)``)
``Sin`` ... ``ArcCsch``, ``Log``,      ``sin`` ... ``acsch``, ``log``,
``Abs``, ``Gamma``, ... (`_FUNCTIONS`) ``Abs``, ``gamma``, ...
``Log[b, x]``                          ``log(x)/log(b)``
``ArcTan[x, y]``                       ``atan2(y, x)``
``Gamma[a, z]``, ``Gamma[a, 0, z]``    ``uppergamma(a, z)``, ``lowergamma(a, z)``
``HeavisideTheta[x]``                  ``Heaviside(x)``
``Equal``, ``Unequal``, ``Less``, ...  ``Eq``, ``Ne``, ``Lt``, ... (chains: ``And``)
``And``, ``Or``, ``Not``, ``Xor``,     ``And``, ``Or``, ``Not``, ``Xor``,
``Implies``, ``True``, ``False``       ``Implies``, ``true``, ``false``
``Piecewise[{{v, c}, ...}, d]``        ``Piecewise((v, c), ..., (d, True))``
``f[x, y]`` (any other symbol head)    undefined ``Function('f')(x, y)``
``Derivative[1, 0][f][x, y]``          ``Derivative(f(x, y), x)``
``Derivative[1][f][x^2]``              ``Subs(Derivative(f(_x), _x), _x, x**2)``
``List``                               Python ``list`` (tuples, ``Tuple`` back)
``Rule[a, b]``                         ``dict`` ``{a: b}`` (a dict comes back as
                                       a list of rules)
=====================================  =======================================

Unevaluated sympy ``Integral``, ``Sum``, ``Product``, ``Limit`` come back as
``Integrate[...]``, ``Sum[...]``, ``Product[...]``, ``Limit[...]``;
``CRootOf`` as ``Root[poly &, k]`` and back (the index mapped: Root counts
complex roots by real part, CRootOf by its isolating rectangles, see
`root_values`); ``O(x**n)`` as ``SeriesData[x, 0, {}, n, n, 1]``.

Strings, opaque atoms (graphs), patterns, pure functions and held forms do
not convert: `ConversionError` is raised and the caller leaves its call
unevaluated.

Symbol names: gtnlang names never contain ``_``, so ``_`` is the escape
character: ``$`` becomes ``_d``, a context mark `````` becomes ``_c`` and
``_`` itself ``__``.  A sympy name with any other ``_`` (a sympy dummy such as
``_xi``) comes back as it is.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from gtnlang.expr import (
    Complex, Expr, Integer, Normal, Rational, Real, String, Symbol,
)

__all__ = ["ConversionError", "to_sympy", "from_sympy", "sympy_module",
           "mangle", "unmangle", "sympy_symbol", "ROOT_VARIABLE", "root_body",
           "root_function", "root_expr", "root_sort_key", "root_values", "locate_root",
           "crootof", "primitive_coefficients", "sympy_or_none", "expression_or_none"]


class ConversionError(ValueError):
    """The expression has no sympy counterpart (a string, a graph, a pattern)."""


_sp = None                 # the sympy module, once loaded
_TO_HEAD: dict = {}        # gtnlang head name -> converter(args) -> sympy
_TO_SYMBOL: dict = {}      # gtnlang Symbol -> sympy object
_FROM_TYPE: dict = {}      # sympy class -> converter(obj) -> Expr
_FROM_SYMBOL: dict = {}    # sympy Symbol -> gtnlang Symbol
_UNDEF: dict = {}          # gtnlang head name -> sympy UndefinedFunction
_BITS_TO_DIGITS: dict = {}  # sympy precision (bits) -> the digits it came from

_LOG2_10 = math.log2(10)

# Heads that never convert: patterns, held and scoping forms, functions.
_UNCONVERTIBLE = frozenset("""
Pattern Blank BlankSequence BlankNullSequence Condition PatternTest Alternatives
Optional Repeated RepeatedNull Except Verbatim HoldPattern Longest Shortest
Hold HoldForm HoldComplete Unevaluated Evaluate Function Slot SlotSequence
Set SetDelayed UpSet UpSetDelayed TagSet TagSetDelayed Unset CompoundExpression
Module Block With RuleDelayed ReplaceAll ReplaceRepeated Sequence
Association Graph SparseArray Image String StringJoin Print Message Null
""".split())

# gtnlang name -> sympy name, for functions that map argument for argument.
_FUNCTIONS = {
    "Sin": "sin", "Cos": "cos", "Tan": "tan", "Cot": "cot", "Sec": "sec", "Csc": "csc",
    "ArcSin": "asin", "ArcCos": "acos", "ArcCot": "acot",
    "ArcSec": "asec", "ArcCsc": "acsc",
    "Sinh": "sinh", "Cosh": "cosh", "Tanh": "tanh", "Coth": "coth", "Sech": "sech",
    "Csch": "csch", "ArcSinh": "asinh", "ArcCosh": "acosh", "ArcTanh": "atanh",
    "ArcCoth": "acoth", "ArcSech": "asech", "ArcCsch": "acsch",
    "Abs": "Abs", "Sign": "sign", "Floor": "floor", "Ceiling": "ceiling",
    "Factorial": "factorial", "Factorial2": "factorial2", "Binomial": "binomial",
    "Max": "Max", "Min": "Min", "Re": "re", "Im": "im", "Conjugate": "conjugate",
    "Arg": "arg", "Erf": "erf", "Erfc": "erfc", "Erfi": "erfi", "Zeta": "zeta",
    "PolyGamma": "polygamma", "LogGamma": "loggamma", "Beta": "beta",
    "ProductLog": "LambertW", "ExpIntegralEi": "Ei", "SinIntegral": "Si",
    "CosIntegral": "Ci", "LogIntegral": "li", "PolyLog": "polylog",
    "DiracDelta": "DiracDelta", "KroneckerDelta": "KroneckerDelta", "Mod": "Mod",
    "Fibonacci": "fibonacci", "LucasL": "lucas", "Pochhammer": "RisingFactorial",
    "HarmonicNumber": "harmonic", "BesselJ": "besselj", "BesselY": "bessely",
    "BesselI": "besseli", "BesselK": "besselk", "AiryAi": "airyai", "AiryBi": "airybi",
    "EllipticK": "elliptic_k", "Sinc": "sinc", "Prime": "prime", "EulerPhi": "totient",
    "SinhIntegral": "Shi", "CoshIntegral": "Chi", "FresnelS": "fresnels",
    "FresnelC": "fresnelc", "LegendreP": "legendre", "ChebyshevT": "chebyshevt",
    "ChebyshevU": "chebyshevu", "HermiteH": "hermite", "LaguerreL": "laguerre",
    "BernoulliB": "bernoulli", "EulerE": "euler", "CatalanNumber": "catalan",
    "StieltjesGamma": "stieltjes", "DirichletEta": "dirichlet_eta",
    "Surd": "real_root",
}

_CONSTANTS = {
    "Pi": "pi", "E": "E", "I": "I", "EulerGamma": "EulerGamma",
    "GoldenRatio": "GoldenRatio", "Catalan": "Catalan", "Infinity": "oo",
    "ComplexInfinity": "zoo", "Indeterminate": "nan", "True": "true", "False": "false",
}

_RELATIONS = {
    "Equal": "Eq", "Unequal": "Ne", "Less": "Lt", "LessEqual": "Le",
    "Greater": "Gt", "GreaterEqual": "Ge",
}

_LOGIC = {"And": "And", "Or": "Or", "Not": "Not", "Xor": "Xor", "Implies": "Implies",
          "Nand": "Nand", "Nor": "Nor", "Equivalent": "Equivalent"}

_SYM_PLUS = Symbol("Plus")
_SYM_TIMES = Symbol("Times")
_SYM_POWER = Symbol("Power")
_SYM_LIST = Symbol("List")
_SYM_RULE = Symbol("Rule")
_SYM_E = Symbol("E")
_SYM_DERIVATIVE = Symbol("Derivative")
_MINUS_ONE = Integer(-1)
_I = Complex(Integer(0), Integer(1))


# --- names -----------------------------------------------------------------

def mangle(name: str) -> str:
    """The sympy name of a gtnlang symbol name (an injective map).

    >>> mangle("w1"), mangle("x$12"), mangle("a_b")
    ('w1', 'x_d12', 'a__b')
    """
    if name.isalnum():
        return name
    return name.replace("_", "__").replace("$", "_d").replace("`", "_c")


def unmangle(name: str) -> str:
    """The gtnlang name of a sympy name: the inverse of `mangle`.

    >>> unmangle("x_d12"), unmangle("a__b"), unmangle("_xi")
    ('x$12', 'a_b', '_xi')
    """
    if "_" not in name:
        return name
    out = []
    i, n = 0, len(name)
    while i < n:
        c = name[i]
        if c == "_" and i + 1 < n:
            nxt = name[i + 1]
            if nxt == "_":
                out.append("_")
                i += 2
                continue
            if nxt == "d":
                out.append("$")
                i += 2
                continue
            if nxt == "c":
                out.append("`")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


# --- loading -----------------------------------------------------------------

def sympy_module():
    """The sympy module (imported, and the conversion tables built, on first use)."""
    global _sp
    if _sp is None:
        import sympy
        _build_tables(sympy)
        _sp = sympy
    return _sp


def sympy_symbol(symbol: Symbol):
    """The sympy Symbol standing for a gtnlang symbol."""
    sp = sympy_module()
    s = _TO_SYMBOL.get(symbol)
    if s is None:
        s = sp.Symbol(mangle(symbol.name))
        _TO_SYMBOL[symbol] = s
        _FROM_SYMBOL[s] = symbol
    return s


def to_sympy(expr: Expr):
    """The sympy object for `expr`; raises `ConversionError` if it has none."""
    if _sp is None:
        sympy_module()
    return _to(expr)


def from_sympy(obj) -> Expr:
    """The (unevaluated) gtnlang expression for a sympy object."""
    if _sp is None:
        sympy_module()
    return _from(obj)


def sympy_or_none(*exprs):
    """The sympy objects for `exprs`, or None when one has no counterpart
    (the builtins then stay unevaluated)."""
    try:
        return [to_sympy(e) for e in exprs]
    except ConversionError:
        return None


def expression_or_none(obj):
    """The gtnlang expression for a sympy object, or None when it has none."""
    try:
        return from_sympy(obj)
    except ConversionError:
        return None


# --- gtnlang -> sympy ----------------------------------------------------------

def _to(e):
    t = type(e)
    if t is Integer:
        return _sp.Integer(e.value)
    if t is Symbol:
        s = _TO_SYMBOL.get(e)
        if s is None:
            if e.name in _UNCONVERTIBLE:
                raise ConversionError(f"cannot convert {e.name}")
            s = sympy_symbol(e)
        return s
    if t is Normal:
        head = e.head
        if type(head) is Symbol:
            conv = _TO_HEAD.get(head.name)
            if conv is not None:
                return conv(e.args)
            if head.name in _UNCONVERTIBLE:
                raise ConversionError(f"cannot convert {head.name}[...]")
            return _undefined(head.name)(*[_to(a) for a in e.args])
        if type(head) is Normal and type(head.head) is Normal \
                and head.head.head is _SYM_DERIVATIVE:
            return _derivative_to(head.head.args, head.args[0] if len(head.args) == 1 else None,
                                  e.args)
        raise ConversionError("cannot convert a call with a compound head")
    if t is Rational:
        v = e.value
        return _sp.Rational(v.numerator, v.denominator)
    if t is Real:
        if e.precision is None:
            return _sp.Float(e.value)
        # enough bits for the guard digits gtnlang keeps, so the value is exact
        bits = int(math.ceil((math.ceil(e.precision) + 3) * _LOG2_10))
        mpf = e.value
        man = getattr(mpf, "man", None)
        if man is not None:
            bits = max(bits, int(man).bit_length())
        _BITS_TO_DIGITS[bits] = e.precision
        return _sp.Float(mpf, precision=bits)
    if t is Complex:
        return _sp.Add(_to(e.re), _sp.Mul(_to(e.im), _sp.I))
    raise ConversionError(f"cannot convert {type(e).__name__}")


def _undefined(name: str):
    f = _UNDEF.get(name)
    if f is None:
        f = _sp.Function(mangle(name))
        _UNDEF[name] = f
    return f


def _derivative_to(orders, f, args):
    sp = _sp
    if f is None or type(f) is not Symbol:
        raise ConversionError("Derivative of a non-symbol")
    ns = []
    for o in orders:
        if type(o) is not Integer or o.value < 0:
            raise ConversionError("Derivative order")
        ns.append(o.value)
    if len(ns) != len(args):
        raise ConversionError("Derivative arity")
    if f.name in _UNCONVERTIBLE:
        raise ConversionError(f"cannot convert {f.name}")
    sargs = [_to(a) for a in args]
    distinct = (all(type(a) is Symbol for a in args) and len(set(args)) == len(args))
    if distinct:
        vars_ = sargs
        inner = _to(Normal(f, tuple(args)))
    else:
        placeholders = tuple(Symbol(f"Derivative$x{i + 1}") for i in range(len(args)))
        vars_ = [sympy_symbol(p) for p in placeholders]
        inner = _to(Normal(f, placeholders))
    spec = [(v, n) for v, n in zip(vars_, ns) if n]
    d = sp.Derivative(inner, *spec) if spec else inner
    if distinct:
        return d
    return sp.Subs(d, tuple(vars_), tuple(sargs))


def _chain(sym_rel):
    def conv(args):
        sa = [_to(a) for a in args]
        if len(sa) < 2:
            return _sp.true
        if len(sa) == 2:
            return sym_rel(sa[0], sa[1])
        return _sp.And(*[sym_rel(a, b) for a, b in zip(sa, sa[1:])])
    return conv


def _unequal(args):
    sa = [_to(a) for a in args]
    if len(sa) == 2:
        return _sp.Ne(sa[0], sa[1])
    return _sp.And(*[_sp.Ne(a, b) for i, a in enumerate(sa) for b in sa[i + 1:]])


def _to_log(args):
    if len(args) == 1:
        return _sp.log(_to(args[0]))
    if len(args) == 2:
        return _sp.log(_to(args[1]), _to(args[0]))
    raise ConversionError("Log arity")


def _to_arctan(args):
    if len(args) == 1:
        return _sp.atan(_to(args[0]))
    if len(args) == 2:
        return _sp.atan2(_to(args[1]), _to(args[0]))
    raise ConversionError("ArcTan arity")


def _to_gamma(args):
    if len(args) == 1:
        return _sp.gamma(_to(args[0]))
    if len(args) == 2:
        return _sp.uppergamma(_to(args[0]), _to(args[1]))
    if len(args) == 3:
        a, z0, z1 = (_to(x) for x in args)
        if z0 == 0:
            return _sp.lowergamma(a, z1)
        return _sp.uppergamma(a, z0) - _sp.uppergamma(a, z1)
    raise ConversionError("Gamma arity")


def _to_directed_infinity(args):
    if not args:
        return _sp.zoo
    z = _to(args[0])
    if z == 1:
        return _sp.oo
    if z == -1:
        return -_sp.oo
    return _sp.oo * z


def _to_piecewise(args):
    sp = _sp
    if not args or not (type(args[0]) is Normal and args[0].head is _SYM_LIST):
        raise ConversionError("Piecewise")
    pieces = []
    for case in args[0].args:
        if not (type(case) is Normal and case.head is _SYM_LIST and len(case.args) == 2):
            raise ConversionError("Piecewise case")
        pieces.append((_to(case.args[0]), _to(case.args[1])))
    default = _to(args[1]) if len(args) > 1 else sp.Integer(0)
    pieces.append((default, True))
    return sp.Piecewise(*pieces)


def _to_rule(args):
    if len(args) != 2:
        raise ConversionError("Rule arity")
    return {_to(args[0]): _to(args[1])}


def _to_power(args):
    if len(args) != 2:
        raise ConversionError("Power arity")
    b, e = args
    if b is _SYM_E:
        return _sp.exp(_to(e))
    return _sp.Pow(_to(b), _to(e))


def _to_root(args):
    """Root[f &, k] -> the sympy CRootOf of the same root (index mapped, see
    `crootof`); only polynomials with rational coefficients convert."""
    sp = _sp
    if len(args) not in (2, 3) or type(args[1]) is not Integer or args[1].value < 1:
        raise ConversionError("Root")
    body = root_body(args[0])
    if body is None:
        raise ConversionError("Root")
    x = sympy_symbol(ROOT_VARIABLE)
    try:
        poly = sp.Poly(_to(body), x)
        dom = poly.get_domain()
        if not (dom.is_ZZ or dom.is_QQ):
            raise ConversionError("Root of a polynomial without rational coefficients")
        where = locate_root(poly, args[1].value)
    except (sp.PolynomialError, ValueError) as err:
        raise ConversionError(f"Root: {err}") from None
    if where is None:
        raise ConversionError("Root index out of range")
    return crootof(*where)


# The placeholder that stands for the pure function's argument while a Root
# polynomial is handled as an ordinary expression (gtnlang names have no "$"
# that users can type, so it never clashes).
ROOT_VARIABLE = Symbol("Root$x")
_SLOT_1 = Normal(Symbol("Slot"), (Integer(1),))


def root_body(f: Expr):
    """The body of the univariate pure function `f` with its argument replaced
    by `ROOT_VARIABLE`, or None when `f` is not such a function.

    >>> root_body(Normal(Symbol("Function"), (Normal(_SYM_POWER, (_SLOT_1, Integer(2))),)))
    Expression(Symbol('Power'), Symbol('Root$x'), Integer(2))
    """
    if type(f) is not Normal or not f.has_head("Function") or not f.args:
        return None
    from gtnlang.core.pattern import substitute
    if len(f.args) == 1:
        body = _replace_slot(f.args[0])
        return None if _has_slot(body) else body
    params, body = f.args[0], f.args[1]
    if params.has_head("List"):
        if len(params.args) != 1:
            return None
        params = params.args[0]
    if type(params) is not Symbol or len(f.args) != 2:
        return None
    return substitute(body, {params: ROOT_VARIABLE})


def _replace_slot(e):
    if type(e) is Normal:
        if e == _SLOT_1:
            return ROOT_VARIABLE
        if e.has_head("Function"):
            return e          # a nested function's slots are its own
        return Normal(_replace_slot(e.head), tuple(_replace_slot(a) for a in e.args))
    return e


def _has_slot(e) -> bool:
    """Whether a slot other than #1 is left (then the function is not univariate)."""
    if type(e) is not Normal:
        return False
    if e.has_head("Slot") or e.has_head("SlotSequence"):
        return True
    return any(_has_slot(a) for a in e.args) or _has_slot(e.head)


def root_function(coefficients) -> Normal:
    """The pure function ``c0 + c1 #1 + ... + cn #1^n &`` in canonical order.

    Coefficients are ints listed from the constant term up.  The body is
    built already sorted (Function holds its body, so the evaluator would
    not sort it): ascending powers, as Mathematica prints ``1 - #1 + #1^5 &``.

    >>> str(root_function([1, -1, 0, 0, 0, 1]))
    '1 - #1 + #1^5 & '
    """
    terms = []
    for power, c in enumerate(coefficients):
        if c == 0:
            continue
        if power == 0:
            terms.append(Integer(c))
            continue
        base = _SLOT_1 if power == 1 else Normal(_SYM_POWER, (_SLOT_1, Integer(power)))
        terms.append(base if c == 1 else Normal(_SYM_TIMES, (Integer(c), base)))
    body = terms[0] if len(terms) == 1 else Normal(_SYM_PLUS, tuple(terms))
    return Normal(Symbol("Function"), (body,))


def root_expr(coefficients, k: int) -> Normal:
    """``Root[c0 + c1 #1 + ... &, k]`` for integer coefficients (constant first)."""
    return Normal(Symbol("Root"), (root_function(coefficients), Integer(k)))


# --- the order of roots ----------------------------------------------------------
#
# Root[f, k] counts the roots of f with multiplicity in Mathematica's order:
# real roots ascending, then the others by real part, then by size of the
# imaginary part, the one below the real axis first (conjugates adjacent).
# Values come from mpmath's polyroots (fast at any precision) with the number
# of real roots from Sturm sequences (exact).  sympy's CRootOf orders real
# roots the same way but complex ones only by the corners of its isolating
# rectangles, so complex indices are mapped through those rectangles.

def root_sort_key(z) -> tuple:
    """Sort key of a root value (complex or mpmath) in Root order; parts are
    rounded to 12 digits so that real parts equal up to rounding errors tie,
    and a value with a negligible imaginary part counts as real.

    >>> sorted([2j, 1j, 0 - 1j, -2.0, 1.0], key=root_sort_key)
    [-2.0, 1.0, -1j, 1j, 2j]
    """
    im = z.imag
    if im == 0 or abs(im) <= 1e-14 * max(1.0, abs(z)):   # a real root with rounding noise
        return (0, z.real, 0.0, False)
    return (1, _tie(z.real), _tie(abs(im)), im > 0)


def _tie(v) -> float:
    return float(f"{float(v):.12g}")


def primitive_coefficients(poly) -> tuple:
    """Integer coefficients (constant first) of a rational sympy Poly made
    primitive with a positive leading coefficient.

    >>> import sympy; x = sympy.Symbol("x")
    >>> primitive_coefficients(sympy.Poly(-x**2/2 + 1, x))
    (-2, 0, 1)
    """
    _, poly = poly.clear_denoms(convert=True)
    _, poly = poly.primitive()
    coeffs = [int(c) for c in reversed(poly.all_coeffs())]
    if coeffs[-1] < 0:
        coeffs = [-c for c in coeffs]
    return tuple(coeffs)


def _poly(coeffs):
    sp = sympy_module()
    return sp.Poly(list(reversed(coeffs)), sp.Symbol("x"))


@functools.lru_cache(maxsize=512)
def root_values(coeffs: tuple, digits: int = 30) -> tuple:
    """The roots of the irreducible integer polynomial `coeffs` (constant first)
    as mpmath numbers good to `digits` digits, in Root order (reals as mpf).

    >>> [float(v) for v in root_values((-2, 0, 1))]
    [-1.4142135623730951, 1.4142135623730951]
    """
    from gtnlang.core.numbers import mpmath
    mp = mpmath()
    n = len(coeffs) - 1
    nreal = _poly(coeffs).count_roots() if n > 1 else 1
    with mp.workdps(digits + 10):
        zs = sorted(_polyroots(coeffs, mp), key=lambda z: abs(mp.mpc(z).imag))
        reals = sorted(mp.mpf(mp.re(z)) for z in zs[:nreal])
        others = sorted((mp.mpc(z) for z in zs[nreal:]), key=root_sort_key)
        return tuple(reals + others)


def _polyroots(coeffs, mp):
    """All roots of a square-free integer polynomial at the working precision."""
    desc = list(reversed(coeffs))
    n = len(desc) - 1
    if n == 1:
        return [mp.mpf(-desc[1]) / desc[0]]
    for effort in (1, 4, 16):
        try:
            return mp.polyroots(desc, maxsteps=50 + 20 * n * effort, cleanup=True,
                                extraprec=10 * n * effort + 20)
        except mp.NoConvergence:
            continue
    sp = sympy_module()        # exact isolation: slow, but it always finishes
    poly = _poly(coeffs)
    return [mp.mpmathify(complex(sp.CRootOf(poly, i).evalf(mp.dps))) for i in range(n)]


def locate_root(poly, k: int):
    """(coefficients, index) of the irreducible factor, and the index among its
    roots, of the kth root (with multiplicity, Root order) of a rational sympy
    Poly; None when there is no kth root."""
    entries = []
    for factor, multiplicity in poly.factor_list()[1]:
        coeffs = primitive_coefficients(factor)
        for i, z in enumerate(root_values(coeffs)):
            entries.extend([(root_sort_key(z), coeffs, i + 1)] * multiplicity)
    if not 1 <= k <= len(entries):
        return None
    entries.sort(key=lambda e: e[0])
    return entries[k - 1][1:]


@functools.lru_cache(maxsize=256)
def _crootof_order(coeffs: tuple) -> tuple:
    """For each Root index (from 0), the CRootOf index of the same root."""
    sp = sympy_module()
    poly = _poly(coeffs)
    n = len(coeffs) - 1
    nreal = poly.count_roots()
    values = root_values(coeffs)
    order = list(range(nreal))
    boxes = [sp.CRootOf(poly, j)._get_interval() for j in range(nreal, n)]
    for z in values[nreal:]:
        re, im = _fraction(z.real), _fraction(z.imag)
        inside = [j for j, b in enumerate(boxes)
                  if _q(b.ax) <= re <= _q(b.bx) and _q(b.ay) <= im <= _q(b.by)]
        if len(inside) != 1:       # not separated at this precision: compare values
            inside = [min(range(len(boxes)), key=lambda j: abs(
                complex(sp.CRootOf(poly, nreal + j).evalf(30)) - complex(z)))]
        order.append(nreal + inside[0])
    return tuple(order)


def _fraction(v) -> Fraction:
    """The exact value of an mpmath real."""
    from mpmath.libmp import to_rational
    return Fraction(*to_rational(v._mpf_))


def _q(v) -> Fraction:
    """A sympy domain rational (PythonMPQ or gmpy mpq) as a Fraction."""
    return Fraction(int(v.numerator), int(v.denominator))


def crootof(coeffs: tuple, k: int):
    """The sympy CRootOf equal to Root[coeffs, k] (coeffs irreducible)."""
    sp = sympy_module()
    return sp.CRootOf(_poly(coeffs), _crootof_order(coeffs)[k - 1])


def _build_tables(sp):
    to = _TO_HEAD
    to["Plus"] = lambda args: sp.Add(*[_to(a) for a in args])
    to["Times"] = lambda args: sp.Mul(*[_to(a) for a in args])
    to["Power"] = _to_power
    to["Sqrt"] = lambda args: sp.sqrt(*[_to(a) for a in args])
    to["Exp"] = lambda args: sp.exp(*[_to(a) for a in args])
    to["Log"] = _to_log
    to["ArcTan"] = _to_arctan
    to["Gamma"] = _to_gamma
    to["PolyGamma"] = lambda args: (sp.polygamma(0, _to(args[0])) if len(args) == 1
                                    else sp.polygamma(*[_to(a) for a in args]))
    to["HeavisideTheta"] = lambda args: sp.Heaviside(*[_to(a) for a in args])
    to["DirectedInfinity"] = _to_directed_infinity
    to["Piecewise"] = _to_piecewise
    to["List"] = lambda args: [_to(a) for a in args]
    to["Rule"] = _to_rule
    to["Root"] = _to_root
    to["Unequal"] = _unequal
    for name, spname in _FUNCTIONS.items():
        if name in to:
            continue
        f = getattr(sp, spname)
        to[name] = (lambda f: lambda args: f(*[_to(a) for a in args]))(f)
    for name, spname in _RELATIONS.items():
        if name != "Unequal":
            to[name] = _chain(getattr(sp, spname))
    for name, spname in _LOGIC.items():
        f = getattr(sp, spname)
        to[name] = (lambda f: lambda args: f(*[_to(a) for a in args]))(f)
    for name, spname in _CONSTANTS.items():
        _TO_SYMBOL[Symbol(name)] = getattr(sp, spname)

    # sympy -> gtnlang
    fr = _FROM_TYPE
    num = sp.core.numbers
    fr[sp.Symbol] = _from_symbol
    fr[sp.Dummy] = _from_symbol
    fr[sp.Integer] = lambda o: Integer(int(o.p))
    fr[sp.Rational] = lambda o: Rational(Fraction(int(o.p), int(o.q)))
    fr[sp.Float] = _from_float
    fr[sp.Add] = lambda o: Normal(_SYM_PLUS, tuple(_from(a) for a in o.args))
    fr[sp.Mul] = _from_mul
    fr[sp.Pow] = _from_pow
    fr[sp.exp] = lambda o: Normal(_SYM_POWER, (_SYM_E, _from(o.args[0])))
    fr[sp.log] = lambda o: Normal(Symbol("Log"), tuple(_from(a) for a in o.args))
    fr[sp.atan] = lambda o: Normal(Symbol("ArcTan"), (_from(o.args[0]),))
    fr[sp.atan2] = lambda o: Normal(Symbol("ArcTan"), (_from(o.args[1]), _from(o.args[0])))
    fr[sp.gamma] = lambda o: Normal(Symbol("Gamma"), (_from(o.args[0]),))
    fr[sp.uppergamma] = lambda o: Normal(Symbol("Gamma"), tuple(_from(a) for a in o.args))
    fr[sp.lowergamma] = lambda o: Normal(Symbol("Gamma"), (
        _from(o.args[0]), Integer(0), _from(o.args[1])))
    fr[sp.Heaviside] = lambda o: Normal(Symbol("HeavisideTheta"), (_from(o.args[0]),))
    fr[sp.Piecewise] = _from_piecewise
    fr[sp.Derivative] = _from_derivative
    fr[sp.Subs] = _from_subs
    fr[sp.Tuple] = lambda o: Normal(_SYM_LIST, tuple(_from(a) for a in o.args))
    fr[sp.Integral] = _from_limits("Integrate")
    fr[sp.Sum] = _from_limits("Sum")
    fr[sp.Product] = _from_limits("Product")
    fr[sp.Limit] = _from_limit
    fr[sp.Order] = _from_order
    fr[sp.CRootOf] = _from_rootof
    fr[sp.Lambda] = _from_lambda
    fr[sp.AccumBounds] = lambda o: Normal(Symbol("Interval"), (
        Normal(_SYM_LIST, (_from(o.min), _from(o.max))),))
    fr[num.ImaginaryUnit] = lambda o: _I
    fr[num.Infinity] = lambda o: Symbol("Infinity")
    fr[num.NegativeInfinity] = lambda o: Normal(_SYM_TIMES, (_MINUS_ONE, Symbol("Infinity")))
    fr[num.ComplexInfinity] = lambda o: Symbol("ComplexInfinity")
    fr[num.NaN] = lambda o: Symbol("Indeterminate")
    for name, spname in _CONSTANTS.items():
        obj = getattr(sp, spname)
        if type(obj) not in fr:
            fr[type(obj)] = (lambda s: lambda o: s)(Symbol(name))
    for name, spname in {**_FUNCTIONS, **_RELATIONS, **_LOGIC}.items():
        cls = getattr(sp, spname)
        if isinstance(cls, type) and cls not in fr:
            fr[cls] = (lambda s: lambda o: Normal(s, tuple(_from(a) for a in o.args)))(
                Symbol(name))
    fr[sp.polygamma] = lambda o: Normal(Symbol("PolyGamma"), tuple(_from(a) for a in o.args))
    fr[sp.Abs] = lambda o: Normal(Symbol("Abs"), (_from(o.args[0]),))


def _from(obj):
    conv = _FROM_TYPE.get(type(obj))
    if conv is not None:
        return conv(obj)
    return _from_slow(obj)


def _from_slow(obj):
    sp = _sp
    if isinstance(obj, (list, tuple)):
        return Normal(_SYM_LIST, tuple(_from(a) for a in obj))
    if isinstance(obj, dict):
        return Normal(_SYM_LIST, tuple(Normal(_SYM_RULE, (_from(k), _from(v)))
                                       for k, v in obj.items()))
    if isinstance(obj, bool):
        return Symbol("True") if obj else Symbol("False")
    if isinstance(obj, int):
        return Integer(obj)
    if isinstance(obj, float):
        return Real(obj)
    if isinstance(obj, complex):
        return Complex(Real(obj.real), Real(obj.imag))
    if isinstance(obj, Fraction):
        return Integer(obj.numerator) if obj.denominator == 1 else Rational(obj)
    if isinstance(obj, Expr):
        return obj
    if isinstance(obj, sp.MatrixBase):
        return Normal(_SYM_LIST, tuple(
            Normal(_SYM_LIST, tuple(_from(obj[i, j]) for j in range(obj.cols)))
            for i in range(obj.rows)))
    # Look the class up along its MRO and remember the answer.
    cls = type(obj)
    if isinstance(obj, sp.core.function.AppliedUndef):
        return Normal(Symbol(unmangle(obj.func.__name__)), tuple(_from(a) for a in obj.args))
    for base in cls.__mro__[1:]:
        conv = _FROM_TYPE.get(base)
        if conv is not None:
            if base not in (sp.Basic, sp.Expr):
                _FROM_TYPE[cls] = conv
            return conv(obj)
    if isinstance(obj, sp.Function) and obj.args:
        name = cls.__name__
        return Normal(Symbol(name[:1].upper() + name[1:]), tuple(_from(a) for a in obj.args))
    raise ConversionError(f"cannot convert sympy {cls.__name__}")


def _from_symbol(o):
    s = _FROM_SYMBOL.get(o)
    if s is None:
        if isinstance(o, _sp.Dummy):
            return Symbol(unmangle(o.name) + "$" + str(o.dummy_index))
        s = Symbol(unmangle(o.name))
    return s


def _from_float(o):
    prec = o._prec
    if prec == 53:
        return Real(float(o))
    import mpmath
    value = mpmath.mpf.__new__(mpmath.mpf)
    value._mpf_ = o._mpf_
    digits = _BITS_TO_DIGITS.get(prec)
    if digits is None:
        digits = prec / _LOG2_10
    return Real(value, digits)


def _from_mul(o):
    args = o.args
    return Normal(_SYM_TIMES, tuple(_from(a) for a in args))


def _from_pow(o):
    b, e = o.args
    if b is _sp.E:
        return Normal(_SYM_POWER, (_SYM_E, _from(e)))
    return Normal(_SYM_POWER, (_from(b), _from(e)))


def _from_piecewise(o):
    sp = _sp
    cases = []
    default = Symbol("Indeterminate")
    for expr, cond in o.args:
        if cond is sp.true:
            default = _from(expr)
            break
        cases.append(Normal(_SYM_LIST, (_from(expr), _from(cond))))
    if not cases:
        return default
    return Normal(Symbol("Piecewise"), (Normal(_SYM_LIST, tuple(cases)), default))


def _head_of_function(f):
    """The gtnlang head for a sympy function application, or None."""
    sp = _sp
    if isinstance(f, sp.core.function.AppliedUndef):
        return Symbol(unmangle(f.func.__name__))
    conv = _FROM_TYPE.get(type(f))
    if conv is None or not isinstance(f, sp.Function):
        return None
    probe = conv(f)
    if type(probe) is Normal and type(probe.head) is Symbol and probe.args == tuple(
            _from(a) for a in f.args):
        return probe.head
    return None


def _from_derivative(o):
    sp = _sp
    expr = o.expr
    counts = {}
    for v, n in o.variable_count:
        counts[v] = counts.get(v, 0) + int(n)
    if isinstance(expr, sp.Function):
        head = _head_of_function(expr)
        fargs = expr.args
        if (head is not None and all(isinstance(a, sp.Symbol) for a in fargs)
                and len(set(fargs)) == len(fargs) and set(counts) <= set(fargs)):
            orders = tuple(Integer(counts.get(a, 0)) for a in fargs)
            return Normal(Normal(Normal(_SYM_DERIVATIVE, orders), (head,)),
                          tuple(_from(a) for a in fargs))
    # D[expr, {x, n}, ...]
    specs = []
    for v, n in counts.items():
        x = _from(v)
        specs.append(x if n == 1 else Normal(_SYM_LIST, (x, Integer(n))))
    return Normal(Symbol("D"), (_from(expr), *specs))


def _from_subs(o):
    expr, variables, points = o.args
    inner = _from(expr)
    mapping = {_from(v): _from(p) for v, p in zip(variables, points)}
    from gtnlang.core.pattern import substitute
    return substitute(inner, mapping)


def _from_limits(name):
    def conv(o):
        body = _from(o.function)
        specs = []
        for lim in o.limits:
            if len(lim) == 1:
                specs.append(_from(lim[0]))
            else:
                specs.append(Normal(_SYM_LIST, tuple(_from(a) for a in lim)))
        specs = specs[::-1]  # sympy lists the innermost first, Mathematica last
        return Normal(Symbol(name), (body, *specs))
    return conv


def _from_limit(o):
    e, z, z0, direction = o.args
    args = [_from(e), Normal(_SYM_RULE, (_from(z), _from(z0)))]
    d = str(direction)
    if d == "+":
        args.append(Normal(_SYM_RULE, (Symbol("Direction"), String("FromAbove"))))
    elif d == "-":
        args.append(Normal(_SYM_RULE, (Symbol("Direction"), String("FromBelow"))))
    return Normal(Symbol("Limit"), tuple(args))


def _from_order(o):
    sp = _sp
    if len(o.variables) != 1:
        raise ConversionError("multivariate Order")
    x = o.variables[0]
    point = o.point[0] if o.point else sp.Integer(0)
    e = o.expr
    n = sp.degree(e, x) if e.is_polynomial(x) else None
    if n is None:
        p = e.as_powers_dict().get(x)
        if p is None:
            raise ConversionError("Order")
        n = p
    return Normal(Symbol("SeriesData"), (_from(x), _from(point), Normal(_SYM_LIST, ()),
                                         _from(n), _from(n), Integer(1)))


def _from_rootof(o):
    """CRootOf(poly, i) -> the Root object of the same root; sympy keeps poly
    irreducible, primitive, with integer coefficients."""
    coeffs = primitive_coefficients(o.poly)
    return root_expr(coeffs, _crootof_order(coeffs).index(o.index) + 1)


def _from_lambda(o):
    variables = [_from(v) for v in o.variables]
    body = _from(o.expr)
    if len(variables) == 1:
        return Normal(Symbol("Function"), (variables[0], body))
    return Normal(Symbol("Function"), (Normal(_SYM_LIST, tuple(variables)), body))
