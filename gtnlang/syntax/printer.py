"""Printing expressions the way the Wolfram kernel prints them on one line.

The single entry point is :func:`format_expr`::

    format_expr(expr, form="OutputForm") -> str

with `form` one of ``"OutputForm"``, ``"InputForm"``, ``"FullForm"``, and
``"StandardForm"`` / ``"TraditionalForm"`` (both printed as OutputForm here).

>>> from fractions import Fraction
>>> from gtnlang.expr import Expression as E, Symbol, Integer, Rational
>>> x, y = Symbol("x"), Symbol("y")
>>> e = E("Plus", E("Power", x, Integer(2)), E("Times", Integer(2), x, y), E("Power", y, Integer(2)))
>>> format_expr(e)
'x^2 + 2 x y + y^2'
>>> format_expr(e, "InputForm")
'x^2 + 2*x*y + y^2'
>>> format_expr(e, "FullForm")
'Plus[Power[x, 2], Times[2, x, y], Power[y, 2]]'
>>> format_expr(E("Times", Rational(Fraction(2, 3)), x))
'(2 x)/3'

How it works.  Every formatter returns ``(text, precedence)``; a parent puts
a child in parentheses when the child's precedence is too low for the slot
it sits in (see :func:`_wrap`).  Operators that are plain infix, prefix or
postfix forms live in the :data:`OPERATORS` table (name -> symbol,
precedence, kind); forms that need more than a table row (``Plus`` with its
subtractions, ``Times`` with its fractions, ``Power`` with ``Sqrt``,
patterns, ``SeriesData``, ...) have a small function each in
:data:`_SPECIAL`.  Precedences are Wolfram's ``Precedence`` values, refined
where the Operator Input Forms table orders operators that share a number
(``&&`` binds tighter than ``||``; ``===`` looser than ``==``).

Numbers are formatted by :mod:`gtnlang.syntax.numbers_format` (6 digits
and the ``-5 <= exponent <= 5`` plain range for machine reals, ``*^``
otherwise).  Choices made where the kernel's one-line output had to be
recalled rather than looked up:

- a coefficient -1 prints as a minus sign before the rest of the product,
  parenthesised when the rest is a product or a fraction: ``-x``,
  ``-(a b)``, ``-(a/b)``, ``-((a b)/c)`` (the kernel's InputForm style);
- a rational coefficient -1/q puts the sign on the numerator: ``-x/2``,
  ``-(x y)/2``; other numerators with several factors are parenthesised:
  ``(2 x)/3``, ``(-2 x)/3``;
- ``x^-n`` on its own is ``1/x^n`` in OutputForm and ``x^(-n)`` in InputForm
  (so ``1/x`` reads back as ``Power[x, -1]``); inside a product it goes
  below the fraction bar in both: ``a/x^n``, ``y/E^x``; a symbolic negative
  exponent stays up when alone: ``E^(-x)``;
- a complex coefficient keeps its own shape: ``2 I x``, ``-I x``,
  ``(I/2) x``, ``(1 + 2 I) x``; InputForm parenthesises it: ``(2*I)*x``;
- ``f'[x]`` is OutputForm only; InputForm writes ``Derivative[1][f][x]``;
- ``HoldForm``, ``Defer`` and the form wrappers are transparent in
  OutputForm and kept in InputForm and FullForm (so InputForm reads back);
- nested flat operators keep their grouping: ``a (b c)``, ``a && (b && c)``;
- ``(n!)^2``, ``(x_)..`` and ``!(!a)`` are parenthesised where the kernel's
  tokenizer could otherwise merge the operators;
- ``SeriesData`` prints ``O[x]^1`` (not ``O[x]``) and, about a point a,
  powers of ``(-a + x)``;
- ``MatrixForm`` and ``TableForm`` are the one exception to a single line:
  they print the kernel's text-interface grid (see :func:`_fmt_table_form`).

This module imports only :mod:`gtnlang.expr` (and mpmath, lazily, through
the number formatter for arbitrary precision reals).
"""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import NamedTuple

from gtnlang.expr import (
    Complex, Expr, Integer, Normal, Opaque, Rational, Real, String, Symbol,
)
from gtnlang.syntax.numbers_format import (
    format_bignum_real, format_fixed_real, format_machine_real, int_to_str,
)

__all__ = ["format_expr", "FORMS", "OPERATORS", "Operator", "precedence"]


# ---------------------------------------------------------------------------
# Forms

OUTPUT, INPUT, FULL = 0, 1, 2

#: Accepted form names and the printing mode each uses.
FORMS = {
    "OutputForm": OUTPUT,
    "StandardForm": OUTPUT,
    "TraditionalForm": OUTPUT,
    "InputForm": INPUT,
    "FullForm": FULL,
}
_FORM_NAMES = {OUTPUT: "OutputForm", INPUT: "InputForm", FULL: "FullForm"}


class _Ctx(NamedTuple):
    """Printing mode: the form, and a digit count set by ``NumberForm``."""

    mode: int
    digits: int | None = None   # NumberForm[x, n]
    decimals: int | None = None  # NumberForm[x, {n, f}]


_CTX = {mode: _Ctx(mode) for mode in (OUTPUT, INPUT, FULL)}


# ---------------------------------------------------------------------------
# Precedences (Wolfram's Precedence[] values, refined where needed)

P_COMPOUND = 10
P_SET = 40
P_FUNCTION = 90
P_ADDTO = 100
P_REPLACE = 110
P_RULE = 120
P_CONDITION = 130
P_STRINGEXPR = 135
P_OPTIONAL = 140
P_PATTERN = 150
P_ALTERNATIVES = 160
P_REPEATED = 170
P_OR = 214
P_AND = 215
P_NOT = 230
P_SAMEQ = 289
P_EQUAL = 290
P_SPAN = 305
P_PLUS = 310
P_TIMES = 400
P_DIVIDE = 470
P_MINUS = 480
P_DOT = 490
P_NONCOMMUTATIVE = 510
P_POWER = 590
P_STRINGJOIN = 600
P_FACTORIAL = 610
P_MAP = 620
P_COMPOSITION = 625
P_INCREMENT = 660
P_UNSET = 670
P_PATTERNTEST = 680
P_DERIVATIVE = 700
P_MESSAGENAME = 750
P_ATOM = 1000   # atoms, f[x], {..}, x[[i]], #1, x_

# Kinds of table operators.
FLAT = "flat"        # n-ary, every operand strictly tighter: a + b + c
CHAIN = "chain"      # comparisons: a < b < c, operands strictly tighter
LEFT = "left"        # binary, left associative: a /. r1 /. r2
RIGHT = "right"      # binary, right associative: a -> b -> c
PREFIX = "prefix"    # !a
POSTFIX = "postfix"  # n!


class Operator(NamedTuple):
    """One row of the operator table: how ``head[args]`` prints as an operator."""

    symbol: str
    precedence: int
    kind: str


#: Operators printed from the table alone: head name -> Operator.  Binary
#: kinds apply to exactly two arguments, FLAT/CHAIN to two or more, PREFIX
#: and POSTFIX to one; any other argument count prints as ``head[args]``.
OPERATORS: dict[str, Operator] = {
    "Set": Operator(" = ", P_SET, RIGHT),
    "SetDelayed": Operator(" := ", P_SET, RIGHT),
    "UpSet": Operator(" ^= ", P_SET, RIGHT),
    "UpSetDelayed": Operator(" ^:= ", P_SET, RIGHT),
    "AddTo": Operator(" += ", P_ADDTO, RIGHT),
    "SubtractFrom": Operator(" -= ", P_ADDTO, RIGHT),
    "TimesBy": Operator(" *= ", P_ADDTO, RIGHT),
    "DivideBy": Operator(" /= ", P_ADDTO, RIGHT),
    "ReplaceAll": Operator(" /. ", P_REPLACE, LEFT),
    "ReplaceRepeated": Operator(" //. ", P_REPLACE, LEFT),
    "Rule": Operator(" -> ", P_RULE, RIGHT),
    "RuleDelayed": Operator(" :> ", P_RULE, RIGHT),
    "Condition": Operator(" /; ", P_CONDITION, LEFT),
    "StringExpression": Operator(" ~~ ", P_STRINGEXPR, FLAT),
    "Alternatives": Operator(" | ", P_ALTERNATIVES, FLAT),
    "Or": Operator(" || ", P_OR, FLAT),
    "And": Operator(" && ", P_AND, FLAT),
    "Not": Operator("!", P_NOT, PREFIX),
    "SameQ": Operator(" === ", P_SAMEQ, CHAIN),
    "UnsameQ": Operator(" =!= ", P_SAMEQ, CHAIN),
    "Equal": Operator(" == ", P_EQUAL, CHAIN),
    "Unequal": Operator(" != ", P_EQUAL, CHAIN),
    "Less": Operator(" < ", P_EQUAL, CHAIN),
    "LessEqual": Operator(" <= ", P_EQUAL, CHAIN),
    "Greater": Operator(" > ", P_EQUAL, CHAIN),
    "GreaterEqual": Operator(" >= ", P_EQUAL, CHAIN),
    "Span": Operator(" ;; ", P_SPAN, CHAIN),
    "Subtract": Operator(" - ", P_PLUS, LEFT),
    "Divide": Operator("/", P_DIVIDE, LEFT),
    "Minus": Operator("-", P_MINUS, PREFIX),
    "Dot": Operator(" . ", P_DOT, FLAT),
    "NonCommutativeMultiply": Operator(" ** ", P_NONCOMMUTATIVE, FLAT),
    "StringJoin": Operator(" <> ", P_STRINGJOIN, FLAT),
    "Factorial": Operator("!", P_FACTORIAL, POSTFIX),
    "Factorial2": Operator("!!", P_FACTORIAL, POSTFIX),
    "Map": Operator(" /@ ", P_MAP, RIGHT),
    "MapAll": Operator(" //@ ", P_MAP, RIGHT),
    "MapApply": Operator(" @@@ ", P_MAP, RIGHT),
    "Apply": Operator(" @@ ", P_MAP, RIGHT),
    "Composition": Operator(" @* ", P_COMPOSITION, FLAT),
    "RightComposition": Operator(" /* ", P_COMPOSITION, FLAT),
    "Increment": Operator("++", P_INCREMENT, POSTFIX),
    "Decrement": Operator("--", P_INCREMENT, POSTFIX),
    "PreIncrement": Operator("++", P_INCREMENT, PREFIX),
    "PreDecrement": Operator("--", P_INCREMENT, PREFIX),
    "Unset": Operator(" =.", P_UNSET, POSTFIX),
    "PatternTest": Operator("?", P_PATTERNTEST, LEFT),
}

#: Comparison heads as they appear inside ``Inequality[a, Less, b, ...]``.
_COMPARISONS = {name: OPERATORS[name].symbol for name in (
    "Equal", "Unequal", "Less", "LessEqual", "Greater", "GreaterEqual",
    "SameQ", "UnsameQ")}


# ---------------------------------------------------------------------------
# Entry point

def format_expr(expr: Expr, form: str = "OutputForm") -> str:
    """The text of `expr` in `form`, on one line.

    >>> from gtnlang.expr import Expression as E, Symbol, Integer, String
    >>> a, b = Symbol("a"), Symbol("b")
    >>> format_expr(E("Plus", a, E("Times", Integer(-1), b)))
    'a - b'
    >>> format_expr(E("List", String("hi"), E("Rule", a, b)))
    '{hi, a -> b}'
    >>> format_expr(E("List", String("hi"), E("Rule", a, b)), "InputForm")
    '{"hi", a -> b}'
    """
    try:
        mode = FORMS[form]
    except KeyError:
        raise ValueError(f"unknown form {form!r}; expected one of {sorted(FORMS)}") from None
    ctx = _CTX[mode]
    try:
        return _fmt(expr, ctx)[0]
    except RecursionError:
        return _format_deep(expr, ctx)


def precedence(expr: Expr, form: str = "OutputForm") -> int:
    """The precedence of `expr`'s printed form (1000 for atoms and ``f[x]``).

    >>> from gtnlang.expr import Expression as E, Symbol
    >>> precedence(E("Plus", Symbol("a"), Symbol("b")))
    310
    """
    return _fmt(expr, _CTX[FORMS[form]])[1]


def _format_deep(expr: Expr, ctx: _Ctx) -> str:
    """Print a very deeply nested expression on a thread with a large stack."""
    import threading

    result: list = []

    def work():
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 200_000))
        try:
            result.append(_fmt(expr, ctx)[0])
        except BaseException as exc:  # pragma: no cover - re-raised below
            result.append(exc)
        finally:
            sys.setrecursionlimit(old)

    old_size = threading.stack_size()
    try:
        threading.stack_size(512 * 1024 * 1024)
    except (ValueError, RuntimeError):  # pragma: no cover - platform limits
        pass
    try:
        thread = threading.Thread(target=work)
        thread.start()
    finally:
        threading.stack_size(old_size)
    thread.join()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


# ---------------------------------------------------------------------------
# Core

def _fmt(e: Expr, ctx: _Ctx) -> tuple[str, int]:
    """``(text, precedence)`` of any expression."""
    if type(e) is Normal:
        if ctx.mode == FULL:
            return _fmt_full_normal(e, ctx)
        return _fmt_normal(e, ctx)
    fmt = _ATOMS.get(type(e))
    if fmt is None:
        return _fmt_other(e, ctx)
    return fmt(e, ctx)


def _fmt_other(e, ctx: _Ctx) -> tuple[str, int]:
    """Subclasses of the expression types; anything else is a caller's error."""
    for cls, fmt in _ATOMS.items():
        if isinstance(e, cls):
            return fmt(e, ctx)
    if isinstance(e, Normal):
        return _fmt_full_normal(e, ctx) if ctx.mode == FULL else _fmt_normal(e, ctx)
    raise TypeError(f"format_expr expects an expression, not {type(e).__name__}")


def _wrap(e: Expr, ctx: _Ctx, prec: int, strict: bool = True) -> str:
    """Text of `e`, parenthesised when its precedence is below `prec`
    (or equal to it, when `strict`)."""
    s, p = _fmt(e, ctx)
    if p < prec or (strict and p == prec):
        return "(" + s + ")"
    return s


def _paren(sp: tuple[str, int], prec: int, strict: bool = True) -> str:
    """Like :func:`_wrap` for text already formatted."""
    s, p = sp
    if p < prec or (strict and p == prec):
        return "(" + s + ")"
    return s


def _fmt_normal(e: Normal, ctx: _Ctx) -> tuple[str, int]:
    head = e.head
    if type(head) is Symbol:
        name = head.name
        special = _SPECIAL.get(name)
        if special is not None:
            result = special(e, ctx)
            if result is not None:
                return result
        op = OPERATORS.get(name)
        if op is not None:
            result = _fmt_operator(e, op, ctx)
            if result is not None:
                return result
    elif (ctx.mode == OUTPUT and type(head) is Normal and head.has_head("Derivative")
          and len(e.args) == 1):
        result = _fmt_derivative(head, e.args[0], ctx)
        if result is not None:
            return result
    return _fmt_apply(e, ctx)


def _fmt_apply(e: Normal, ctx: _Ctx) -> tuple[str, int]:
    """``head[arg1, arg2, ...]``; a head of low precedence is parenthesised."""
    head = _wrap(e.head, ctx, P_DERIVATIVE, strict=False)
    return head + "[" + _join_args(e.args, ctx) + "]", P_ATOM


def _join_args(args, ctx: _Ctx) -> str:
    fmt = _fmt
    return ", ".join([fmt(a, ctx)[0] for a in args])


def _fmt_full_normal(e: Normal, ctx: _Ctx) -> tuple[str, int]:
    """FullForm: ``head[args]`` all the way down.

    >>> from gtnlang.expr import Expression as E, Symbol, Integer
    >>> format_expr(E(E(E("Derivative", Integer(1)), Symbol("f")), Symbol("x")), "FullForm")
    'Derivative[1][f][x]'
    """
    head = e.head
    h = head.name if type(head) is Symbol else _fmt(head, ctx)[0]
    return h + "[" + _join_args(e.args, ctx) + "]", P_ATOM


def _fmt_operator(e: Normal, op: Operator, ctx: _Ctx):
    """Print from a table row; None when the argument count does not fit."""
    args = e.args
    n = len(args)
    kind = op.kind
    prec = op.precedence
    if kind is FLAT or kind is CHAIN:
        if n < 2:
            return None
        return op.symbol.join([_wrap(a, ctx, prec) for a in args]), prec
    if kind is LEFT:
        if n != 2:
            return None
        left = _wrap(args[0], ctx, prec, strict=False)
        return left + op.symbol + _wrap(args[1], ctx, prec), prec
    if kind is RIGHT:
        if n != 2:
            return None
        right = _wrap(args[1], ctx, prec, strict=False)
        return _wrap(args[0], ctx, prec) + op.symbol + right, prec
    if n != 1:
        return None
    if kind is PREFIX:
        return op.symbol + _wrap(args[0], ctx, prec), prec
    return _wrap(args[0], ctx, prec) + op.symbol, prec  # POSTFIX


# ---------------------------------------------------------------------------
# Atoms

def _fmt_symbol(e: Symbol, ctx: _Ctx) -> tuple[str, int]:
    return e.name, P_ATOM


def _fmt_integer(e: Integer, ctx: _Ctx) -> tuple[str, int]:
    v = e.value
    return int_to_str(v), (P_ATOM if v >= 0 else P_MINUS)


def _fmt_rational(e: Rational, ctx: _Ctx) -> tuple[str, int]:
    """``1/2`` (precedence of division); ``Rational[1, 2]`` in FullForm."""
    v = e.value
    num, den = int_to_str(v.numerator), int_to_str(v.denominator)
    if ctx.mode == FULL:
        return f"Rational[{num}, {den}]", P_ATOM
    return num + "/" + den, P_DIVIDE


def _fmt_real(e: Real, ctx: _Ctx) -> tuple[str, int]:
    """Reals; see :mod:`gtnlang.syntax.numbers_format` for the digit rules.

    A number in ``*^`` notation counts as a product in OutputForm (it stands
    for ``m 10^e``), so it is parenthesised as a power base.
    """
    input_form = ctx.mode != OUTPUT
    if ctx.decimals is not None and not input_form:
        s = format_fixed_real(float(e.value), ctx.decimals)
    elif e.precision is None:
        s = format_machine_real(e.value, input_form, ctx.digits)
    else:
        s = format_bignum_real(e.value, e.precision, input_form, ctx.digits)
    if s[0] == "-":
        return s, P_MINUS
    if not input_form and "*^" in s:
        return s, P_TIMES
    return s, P_ATOM


_I = Symbol("I")


def _fmt_complex(e: Complex, ctx: _Ctx) -> tuple[str, int]:
    """``1 + 2 I``, ``I``, ``-I``, ``2 I``, ``I/2``, ``1.5 - 0.5 I``.

    The real part is left out only when it is the exact integer 0 (a machine
    complex prints ``0. + 1. I``, as in Mathematica).
    """
    re, im = e.re, e.im
    if ctx.mode == FULL:
        return f"Complex[{_fmt(re, ctx)[0]}, {_fmt(im, ctx)[0]}]", P_ATOM
    if type(im) is Integer and im.value == 1:
        im_term = [_I]
    elif type(im) is Integer and im.value == -1:
        im_term = [Integer(-1), _I]
    else:
        im_term = [im, _I]
    if type(re) is Integer and re.value == 0:
        return _times_factors(im_term, ctx)
    im_expr = im_term[0] if len(im_term) == 1 else Normal(_TIMES, tuple(im_term))
    return _plus_terms([re, im_expr], ctx)


_STRING_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
    "\b": "\\b", "\f": "\\f",
}


def _quote(s: str) -> str:
    r"""A string literal with escapes.

    >>> print(_quote('say "hi"\n\\'))
    "say \"hi\"\n\\"
    """
    if s.isprintable() and '"' not in s and "\\" not in s:
        return '"' + s + '"'
    out = []
    for ch in s:
        esc = _STRING_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\:{code:04x}" if code <= 0xFFFF else f"\\|{code:06x}")
    return '"' + "".join(out) + '"'


def _fmt_string(e: String, ctx: _Ctx) -> tuple[str, int]:
    if ctx.mode == OUTPUT:
        return e.value, P_ATOM
    return _quote(e.value), P_ATOM


def _fmt_opaque(e: Opaque, ctx: _Ctx) -> tuple[str, int]:
    """``value.__gtn_format__(form)`` when defined, else ``-Head-``."""
    method = getattr(e.value, "__gtn_format__", None)
    if method is not None:
        try:
            return str(method(_FORM_NAMES[ctx.mode])), P_ATOM
        except Exception:  # noqa: BLE001 - printing must not fail
            pass
    return "-" + e.head_name + "-", P_ATOM


_ATOMS = {
    Symbol: _fmt_symbol,
    Integer: _fmt_integer,
    Rational: _fmt_rational,
    Real: _fmt_real,
    Complex: _fmt_complex,
    String: _fmt_string,
    Opaque: _fmt_opaque,
}


# ---------------------------------------------------------------------------
# Numbers as parts of sums and products

_NUMBER_TYPES = (Integer, Rational, Real, Complex)
_REAL_TYPES = (Integer, Rational, Real)
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_MINUS_ONE = Integer(-1)


def _is_negative_real(e: Expr) -> bool:
    t = type(e)
    if t is Integer or t is Rational:
        return e.value < 0
    if t is Real:
        try:
            return e.value < 0
        except TypeError:  # pragma: no cover - exotic value types
            return False
    return False


def _negate_number(e: Expr) -> Expr:
    """-e for a real number atom (keeping a Real's precision)."""
    t = type(e)
    if t is Integer:
        return Integer(-e.value)
    if t is Rational:
        return Rational(-e.value)
    return Real(-e.value, e.precision)


def _is_negative_coefficient(e: Expr) -> bool:
    """A leading factor that makes a product print with a minus sign."""
    if _is_negative_real(e):
        return True
    return (type(e) is Complex and type(e.re) is Integer and e.re.value == 0
            and _is_negative_real(e.im))


def _negate_coefficient(e: Expr) -> Expr:
    if type(e) is Complex:
        return Complex(e.re, _negate_number(e.im))
    return _negate_number(e)


def _negated(term: Expr, ctx: _Ctx):
    """``(text, prec)`` of -term when term prints with a leading minus, else None.

    Used by sums: ``a + (-2 b)`` prints as ``a - 2 b``.
    """
    t = type(term)
    if t is Normal:
        if term.head is _TIMES and len(term.args) >= 2:
            first = term.args[0]
            if _is_negative_coefficient(first):
                factors = list(term.args[1:])
                if not (type(first) is Integer and first.value == -1):
                    factors.insert(0, _negate_coefficient(first))
                return _times_factors(factors, ctx)
            return None
        if (term.has_head("DirectedInfinity") and len(term.args) == 1
                and term.args[0] == _MINUS_ONE):
            return "Infinity", P_ATOM
        return None
    if t is Complex:
        if _is_negative_coefficient(term):
            return _fmt(_negate_coefficient(term), ctx)
        return None
    if _is_negative_real(term):
        return _fmt(_negate_number(term), ctx)
    return None


# ---------------------------------------------------------------------------
# Plus

def _fmt_plus(e: Normal, ctx: _Ctx):
    """Terms in the order given; a negative term becomes a subtraction.

    >>> from gtnlang.expr import Expression as E, Symbol, Integer
    >>> a, b = Symbol("a"), Symbol("b")
    >>> format_expr(E("Plus", a, E("Times", Integer(-2), b)))
    'a - 2 b'
    >>> format_expr(E("Plus", a, E("Times", Integer(-1), E("Plus", a, b))))
    'a - (a + b)'
    """
    if len(e.args) < 2:
        return None
    return _plus_terms(e.args, ctx)


def _plus_terms(terms, ctx: _Ctx) -> tuple[str, int]:
    parts = []
    for i, term in enumerate(terms):
        if i:
            neg = _negated(term, ctx)
            if neg is not None:
                parts.append(" - " + _paren(neg, P_PLUS))
                continue
            parts.append(" + ")
        parts.append(_wrap(term, ctx, P_PLUS))
    return "".join(parts), P_PLUS


# ---------------------------------------------------------------------------
# Times

def _fmt_times(e: Normal, ctx: _Ctx):
    """Products, with the Wolfram rules for signs and fractions.

    - factors ``b^-n`` (a negative number, or a product with a negative
      coefficient, as exponent) and a rational coefficient's denominator go
      below a fraction bar: ``a/(b c)``, ``x^2/2``, ``(2 x)/3``;
    - a coefficient -1 becomes a minus sign in front of the rest, which is
      parenthesised when it is a product or a fraction: ``-x``, ``-(a b)``,
      ``-(a/b)``;
    - a rational coefficient -1/q puts the sign on the numerator: ``-x/2``.

    >>> from fractions import Fraction
    >>> from gtnlang.expr import Expression as E, Symbol, Integer, Rational
    >>> a, b, x = Symbol("a"), Symbol("b"), Symbol("x")
    >>> format_expr(E("Times", Rational(Fraction(-1, 2)), x))
    '-x/2'
    >>> format_expr(E("Times", Integer(-1), a, E("Power", b, Integer(-1))))
    '-(a/b)'
    >>> format_expr(E("Times", Integer(2), a, E("Power", b, Integer(-1))), "InputForm")
    '(2*a)/b'
    """
    if len(e.args) < 2:
        return None
    return _times_factors(e.args, ctx)


def _negative_power(f: Expr):
    """For ``b^e`` with e "negative", the factor ``b^-e`` (just b when -e is 1)."""
    if type(f) is not Normal or f.head is not _POWER or len(f.args) != 2:
        return None
    base, ex = f.args
    if _is_negative_real(ex):
        pos = _negate_number(ex)
    elif (type(ex) is Normal and ex.head is _TIMES and len(ex.args) >= 2
          and _is_negative_real(ex.args[0])):
        c = ex.args[0]
        if type(c) is Integer and c.value == -1:
            rest = ex.args[1:]
            pos = rest[0] if len(rest) == 1 else Normal(_TIMES, rest)
        else:
            pos = Normal(_TIMES, (_negate_number(c),) + ex.args[1:])
    else:
        return None
    if type(pos) is Integer and pos.value == 1:
        return base
    return Normal(_POWER, (base, pos))


def _factor_text(f: Expr, ctx: _Ctx, first: bool) -> str:
    """A factor of a product: strictly tighter than Times, and a number or a
    signed form only in first place."""
    s, p = _fmt(f, ctx)
    if first:
        if type(f) is Complex and s != "I":
            # InputForm: (2*I)*x, (-I)*x; OutputForm: 2 I x, -I x, (I/2) x
            if ctx.mode != OUTPUT or p not in (P_TIMES, P_MINUS):
                return "(" + s + ")"
            return s
        return "(" + s + ")" if p < P_TIMES else s
    if p <= P_TIMES or s[0] == "-" or type(f) in _NUMBER_TYPES and p < P_ATOM:
        return "(" + s + ")"
    return s


def _product_text(factors, ctx: _Ctx) -> str:
    """Factors joined by a space (OutputForm) or ``*`` (InputForm)."""
    sep = " " if ctx.mode == OUTPUT else "*"
    return sep.join([_factor_text(f, ctx, i == 0) for i, f in enumerate(factors)])


def _times_factors(factors, ctx: _Ctx) -> tuple[str, int]:
    """``(text, prec)`` of the product of `factors` (a sequence of Expr)."""
    n = len(factors)
    if n == 0:
        return "1", P_ATOM
    if n == 1:
        return _fmt(factors[0], ctx)
    first = factors[0]
    if type(first) is Integer and first.value == -1:
        rest = _times_factors(factors[1:], ctx)
        return "-" + _paren(rest, P_MINUS), P_MINUS
    coef = first if type(first) in _NUMBER_TYPES else None
    num: list = []
    den: list = []
    for f in (factors[1:] if coef is not None else factors):
        d = _negative_power(f)
        if d is None:
            num.append(f)
        else:
            den.append(d)
    negative = False
    if type(coef) is Rational:
        p, q = coef.value.numerator, coef.value.denominator
        den.insert(0, Integer(q))
        if p == 1:
            coef = None
        elif p == -1:
            coef, negative = None, True
        else:
            coef = Integer(p)
    if not den:
        return _product_text(factors, ctx), P_TIMES
    # numerator
    if coef is not None:
        num.insert(0, coef)
    if not num:
        num_text = "-1" if negative else "1"
    elif len(num) == 1:
        num_text = _paren(_fmt(num[0], ctx), P_DIVIDE, strict=False)
        if negative:
            num_text = "-" + (num_text if num_text[0] != "-" else "(" + num_text + ")")
    else:
        num_text = _product_text(num, ctx)
        num_text = ("-(" if negative else "(") + num_text + ")"
    # denominator
    if len(den) == 1:
        den_text = _wrap(den[0], ctx, P_DIVIDE)
    else:
        den_text = "(" + _product_text(den, ctx) + ")"
    return num_text + "/" + den_text, P_DIVIDE


# ---------------------------------------------------------------------------
# Power

_HALF = Fraction(1, 2)


def _fmt_power(e: Normal, ctx: _Ctx):
    """``x^2``, ``Sqrt[x]``, ``E^(w1 + w3)``, ``(-1)^x``, ``2^(1/3)``.

    A negative number as exponent prints as a fraction in OutputForm
    (``1/x^2``, ``1/Sqrt[x]``) and as ``x^(-2)`` in InputForm, except
    ``x^(-1/2)`` which is ``1/Sqrt[x]`` in both (as Mathematica does).

    >>> from gtnlang.expr import Expression as E, Symbol, Integer
    >>> x = Symbol("x")
    >>> format_expr(E("Power", x, Integer(-2))), format_expr(E("Power", x, Integer(-2)), "InputForm")
    ('1/x^2', 'x^(-2)')
    """
    if len(e.args) != 2:
        return None
    base, ex = e.args
    if type(ex) is Rational:
        if ex.value == _HALF:
            return "Sqrt[" + _fmt(base, ctx)[0] + "]", P_ATOM
        if ex.value == -_HALF:
            return "1/Sqrt[" + _fmt(base, ctx)[0] + "]", P_DIVIDE
    if ctx.mode == OUTPUT and _is_negative_real(ex):
        return "1/" + _wrap(_negative_power(e), ctx, P_DIVIDE), P_DIVIDE
    base_text, p = _fmt(base, ctx)
    if (p <= P_POWER or base_text[-1] == "!"
            or (type(base) is Real and "*^" in base_text)):
        base_text = "(" + base_text + ")"  # (a + b)^2, (n!)^2, (1.5*^-10)^x
    return base_text + "^" + _wrap(ex, ctx, P_POWER, strict=False), P_POWER


# ---------------------------------------------------------------------------
# Other special forms

def _fmt_list(e: Normal, ctx: _Ctx):
    """``{1, 2, 3}``."""
    return "{" + _join_args(e.args, ctx) + "}", P_ATOM


def _fmt_association(e: Normal, ctx: _Ctx):
    """``<|a -> 1, b -> 2|>``."""
    return "<|" + _join_args(e.args, ctx) + "|>", P_ATOM


def _fmt_part(e: Normal, ctx: _Ctx):
    """``x[[1, 2]]``."""
    if len(e.args) < 2:
        return None
    return (_wrap(e.args[0], ctx, P_DERIVATIVE, strict=False)
            + "[[" + _join_args(e.args[1:], ctx) + "]]", P_ATOM)


def _fmt_slot(e: Normal, ctx: _Ctx):
    """``#1``, ``#name``; ``##1`` for SlotSequence."""
    if len(e.args) != 1:
        return None
    a = e.args[0]
    mark = "#" if e.head.name == "Slot" else "##"
    if type(a) is Integer and a.value >= 0:
        return mark + str(a.value), P_ATOM
    if type(a) is String and mark == "#" and a.value.isidentifier():
        return "#" + a.value, P_ATOM
    return None


def _fmt_function(e: Normal, ctx: _Ctx):
    """``#1^2 & `` (with the trailing space Mathematica prints); a function
    with named parameters prints as ``Function[x, x^2]``."""
    if len(e.args) != 1:
        return None
    return _wrap(e.args[0], ctx, P_FUNCTION) + " & ", P_FUNCTION


_BLANKS = {"Blank": "_", "BlankSequence": "__", "BlankNullSequence": "___"}


def _blank_text(e: Expr):
    """``_``, ``__h``, ... for a blank with no or a symbol head, else None."""
    if type(e) is not Normal or type(e.head) is not Symbol:
        return None
    mark = _BLANKS.get(e.head.name)
    if mark is None:
        return None
    if not e.args:
        return mark
    if len(e.args) == 1 and type(e.args[0]) is Symbol:
        return mark + e.args[0].name
    return None


def _fmt_blank(e: Normal, ctx: _Ctx):
    text = _blank_text(e)
    return None if text is None else (text, P_ATOM)


def _simple_pattern_text(e: Expr):
    """``x_``, ``x__h``, ``_`` for a named or unnamed blank, else None."""
    if type(e) is Normal and e.head is _PATTERN and len(e.args) == 2 \
            and type(e.args[0]) is Symbol:
        blank = _blank_text(e.args[1])
        return None if blank is None else e.args[0].name + blank
    return _blank_text(e)


_PATTERN = Symbol("Pattern")


def _fmt_pattern(e: Normal, ctx: _Ctx):
    """``x_``, ``x_h``, ``x__``; otherwise ``x:p``."""
    if len(e.args) != 2 or type(e.args[0]) is not Symbol:
        return None
    text = _simple_pattern_text(e)
    if text is not None:
        return text, P_ATOM
    return e.args[0].name + ":" + _wrap(e.args[1], ctx, P_PATTERN), P_PATTERN


def _fmt_optional(e: Normal, ctx: _Ctx):
    """``x_:0``, ``x_.``; other optionals print as ``Optional[p, v]``."""
    if not 1 <= len(e.args) <= 2:
        return None
    text = _simple_pattern_text(e.args[0])
    if text is None:
        return None
    if len(e.args) == 1:
        return text + ".", P_ATOM
    return text + ":" + _wrap(e.args[1], ctx, P_OPTIONAL), P_OPTIONAL


def _fmt_repeated(e: Normal, ctx: _Ctx):
    """``p..`` and ``p...``; a pattern ending in ``_`` or ``.`` is
    parenthesised so the dots cannot be read as part of it: ``(x_)..``."""
    if len(e.args) != 1:
        return None
    s = _wrap(e.args[0], ctx, P_REPEATED)
    if s[-1] in "_.":
        s = "(" + s + ")"
    return s + (".." if e.head.name == "Repeated" else "..."), P_REPEATED


def _fmt_derivative(head: Normal, f: Expr, ctx: _Ctx):
    """``f'``, ``f''`` for ``Derivative[n][f]`` in OutputForm (InputForm and
    FullForm keep ``Derivative[1][f]``, as Mathematica's InputForm does)."""
    if len(head.args) != 1 or type(head.args[0]) is not Integer:
        return None
    n = head.args[0].value
    if not 1 <= n <= 20:
        return None
    return _wrap(f, ctx, P_ATOM, strict=False) + "'" * n, P_DERIVATIVE


def _fmt_directed_infinity(e: Normal, ctx: _Ctx):
    """``Infinity``, ``-Infinity``, ``ComplexInfinity``; other directions
    print as ``DirectedInfinity[z]``."""
    if not e.args:
        return "ComplexInfinity", P_ATOM
    if len(e.args) == 1 and type(e.args[0]) is Integer:
        if e.args[0].value == 1:
            return "Infinity", P_ATOM
        if e.args[0].value == -1:
            return "-Infinity", P_MINUS
    return None


def _fmt_message_name(e: Normal, ctx: _Ctx):
    """``f::usage`` (tags print without quotes in every form)."""
    if not 2 <= len(e.args) <= 3:
        return None
    parts = [_wrap(e.args[0], ctx, P_MESSAGENAME)]
    for tag in e.args[1:]:
        parts.append(tag.value if type(tag) is String else _fmt(tag, ctx)[0])
    return "::".join(parts), P_MESSAGENAME


def _fmt_inequality(e: Normal, ctx: _Ctx):
    """``Inequality[a, Less, b, LessEqual, c]`` -> ``a < b <= c``."""
    args = e.args
    if len(args) < 3 or len(args) % 2 == 0:
        return None
    parts = [_wrap(args[0], ctx, P_EQUAL)]
    for i in range(1, len(args), 2):
        op = args[i]
        sym = _COMPARISONS.get(op.name) if type(op) is Symbol else None
        if sym is None:
            return None
        parts.append(sym)
        parts.append(_wrap(args[i + 1], ctx, P_EQUAL))
    return "".join(parts), P_EQUAL


def _fmt_apply_op(e: Normal, ctx: _Ctx):
    """``f @@ x``, and ``f @@@ x`` for ``Apply[f, x, {1}]``."""
    if len(e.args) == 3 and e.args[2] == _LEVEL_ONE:
        return _fmt_operator(Normal(e.head, e.args[:2]), OPERATORS["MapApply"], ctx)
    return None


_LEVEL_ONE = Normal(Symbol("List"), (Integer(1),))
_NULL = Symbol("Null")


def _fmt_compound(e: Normal, ctx: _Ctx):
    """``a; b``; a final Null prints as nothing: ``a; ``."""
    if len(e.args) < 2:
        return None
    parts = [_wrap(a, ctx, P_COMPOUND) for a in e.args[:-1]]
    last = e.args[-1]
    parts.append("" if last is _NULL else _wrap(last, ctx, P_COMPOUND))
    return "; ".join(parts), P_COMPOUND


def _fmt_tag_set(e: Normal, ctx: _Ctx):
    """``f /: lhs = rhs``, ``f /: lhs := rhs``, ``f /: lhs =.``."""
    name = e.head.name
    if name == "TagUnset":
        if len(e.args) != 2:
            return None
        return (_wrap(e.args[0], ctx, P_SET) + " /: " + _wrap(e.args[1], ctx, P_SET)
                + " =.", P_SET)
    if len(e.args) != 3:
        return None
    op = " = " if name == "TagSet" else " := "
    return (_wrap(e.args[0], ctx, P_SET) + " /: " + _wrap(e.args[1], ctx, P_SET) + op
            + _wrap(e.args[2], ctx, P_SET, strict=False), P_SET)


def _fmt_series(e: Normal, ctx: _Ctx):
    """``SeriesData[x, x0, {a0, a1, ...}, nmin, nmax, den]`` in OutputForm:
    ``a0 + a1 x + ... + O[x]^n``; terms in ``(-x0 + x)`` about a nonzero
    point and in ``1/x`` about Infinity.  InputForm prints ``SeriesData[...]``.

    >>> from fractions import Fraction
    >>> from gtnlang.expr import Expression as E, Symbol, Integer, Rational
    >>> cs = E("List", Integer(1), Integer(1), Rational(Fraction(1, 2)))
    >>> format_expr(E("SeriesData", Symbol("x"), Integer(0), cs, Integer(0), Integer(3), Integer(1)))
    '1 + x + x^2/2 + O[x]^3'
    """
    if ctx.mode != OUTPUT or len(e.args) != 6:
        return None
    x, x0, coefs, nmin, nmax, den = e.args
    if not (type(coefs) is Normal and coefs.head is _LIST and type(nmin) is Integer
            and type(nmax) is Integer and type(den) is Integer and den.value > 0):
        return None
    at_infinity = x0 == _INFINITY
    if at_infinity:
        var = Normal(_POWER, (x, _MINUS_ONE))
    elif type(x0) is Integer and x0.value == 0:
        var = x
    else:
        var = _shifted_variable(x, x0)
    terms = []
    for k, c in enumerate(coefs.args):
        if type(c) is Integer and c.value == 0:
            continue
        exponent = Fraction(nmin.value + k, den.value)
        if exponent == 0:
            power = None
        elif at_infinity:
            power = x if exponent == -1 else Normal(_POWER, (x, _exact(-exponent)))
        elif exponent == 1:
            power = var
        else:
            power = Normal(_POWER, (var, _exact(exponent)))
        terms.append(_series_term(c, power))
    order = "O[" + _fmt(var, ctx)[0] + "]^" + _wrap(
        _exact(Fraction(nmax.value, den.value)), ctx, P_POWER, strict=False)
    if not terms:
        return order, P_POWER
    return _plus_terms(terms, ctx)[0] + " + " + order, P_PLUS


_LIST = Symbol("List")
_INFINITY = Normal(Symbol("DirectedInfinity"), (Integer(1),))
_PLUS = Symbol("Plus")


def _exact(q: Fraction) -> Expr:
    return Integer(q.numerator) if q.denominator == 1 else Rational(q)


def _shifted_variable(x: Expr, x0: Expr) -> Expr:
    """``-x0 + x`` in canonical order (numbers first, else by name)."""
    if type(x0) in _REAL_TYPES:
        return Normal(_PLUS, (_negate_number(x0), x))
    if type(x0) is Normal and x0.head is _TIMES and x0.args and _is_negative_real(x0.args[0]):
        c = _negate_number(x0.args[0])
        rest = x0.args[1:]
        neg = (Normal(_TIMES, (c,) + rest) if not (type(c) is Integer and c.value == 1)
               else (rest[0] if len(rest) == 1 else Normal(_TIMES, rest)))
    else:
        neg = Normal(_TIMES, (_MINUS_ONE, x0))
    if type(x0) is Symbol and type(x) is Symbol and x.name < x0.name:
        return Normal(_PLUS, (x, neg))
    return Normal(_PLUS, (neg, x))


def _series_term(c: Expr, power):
    if power is None:
        return c
    if type(c) is Integer and c.value == 1:
        return power
    if type(c) is Normal and c.head is _TIMES:
        return Normal(_TIMES, c.args + (power,))
    return Normal(_TIMES, (c, power))


# --- form wrappers and layout heads (OutputForm only) -----------------------

def _fmt_form_wrapper(e: Normal, ctx: _Ctx):
    """``InputForm[x]`` inside OutputForm prints x in InputForm, and so on;
    ``HoldForm[x]`` and ``Defer[x]`` print x.  In InputForm the wrappers are
    kept (so the text reads back), as Mathematica does."""
    if ctx.mode != OUTPUT or len(e.args) != 1:
        return None
    mode = FORMS.get(e.head.name, OUTPUT)
    return _fmt(e.args[0], _CTX[mode])


def _fmt_row(e: Normal, ctx: _Ctx):
    """``Row[{a, b}]`` -> ``ab``; ``Row[{a, b}, sep]`` -> ``a<sep>b``."""
    if ctx.mode != OUTPUT or not 1 <= len(e.args) <= 2:
        return None
    items = e.args[0]
    if type(items) is not Normal or items.head is not _LIST:
        return None
    sep = _fmt(e.args[1], ctx)[0] if len(e.args) == 2 else ""
    return sep.join([_fmt(a, ctx)[0] for a in items.args]), P_ATOM


def _fmt_string_form(e: Normal, ctx: _Ctx):
    """``StringForm["`` is `1`", a]``: each ``` `` ``` takes the next argument,
    ```n``` the n-th."""
    if ctx.mode != OUTPUT or not e.args or type(e.args[0]) is not String:
        return None
    template, args = e.args[0].value, e.args[1:]
    out, i, nxt = [], 0, 0
    while i < len(template):
        ch = template[i]
        if ch == "`":
            j = template.find("`", i + 1)
            if j < 0:
                out.append(template[i:])
                break
            inner = template[i + 1:j]
            if inner == "":
                idx = nxt
                nxt += 1
            elif inner.isdigit():
                idx = int(inner) - 1
            else:
                out.append(template[i:j + 1])
                i = j + 1
                continue
            out.append(_fmt(args[idx], ctx)[0] if 0 <= idx < len(args) else "")
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out), P_ATOM


def _fmt_number_form(e: Normal, ctx: _Ctx):
    """``NumberForm[x, n]``: reals in x with n significant digits;
    ``NumberForm[x, {n, f}]``: with f digits after the point."""
    if ctx.mode != OUTPUT or len(e.args) != 2:
        return None
    spec = e.args[1]
    if type(spec) is Integer and spec.value > 0:
        return _fmt(e.args[0], ctx._replace(digits=spec.value))
    if (type(spec) is Normal and spec.head is _LIST and len(spec.args) == 2
            and all(type(a) is Integer for a in spec.args)):
        return _fmt(e.args[0], ctx._replace(digits=spec.args[0].value,
                                            decimals=spec.args[1].value))
    return None


# --- MatrixForm and TableForm (OutputForm only) -------------------------------
#
# Laid out as the kernel's text interface prints them (``Out[1]//MatrixForm=``):
# rows one blank line apart, columns three spaces apart (TableSpacing ->
# {1, 3}), entries left-aligned (TableAlignments -> Automatic).  A TableForm
# column is as wide as its widest entry; every MatrixForm column is as wide
# as the widest entry of the whole array.  Deeper levels alternate: a list
# in a cell is a column of its elements (no blank lines) whose own lists
# are rows one space apart; cells of unequal height align at the bottom.

def _fmt_table_form(e: Normal, ctx: _Ctx):
    """``MatrixForm[{{1, 2}, {3, 4}}]`` -> ``'1   2\\n\\n3   4'`` (several lines)."""
    if ctx.mode != OUTPUT or len(e.args) != 1:
        return None
    return "\n".join(_grid(e.args[0], ctx, e.head.name == "MatrixForm", 0)), P_ATOM


def _grid(x: Expr, ctx: _Ctx, uniform: bool, level: int) -> list:
    """The lines of `x` laid out as rows of cells from `level` (0, 2, ...) down."""
    if type(x) is not Normal or x.head is not _LIST:
        return [_fmt(x, ctx)[0]]
    rows = [[_grid(c, ctx, uniform, level + 2) for c in
             (r.args if type(r) is Normal and r.head is _LIST else (r,))] for r in x.args]
    n_columns = max((len(row) for row in rows), default=0)
    column_widths = [max((len(line) for row in rows if j < len(row) for line in row[j]), default=0)
                     for j in range(n_columns)]
    if uniform:
        column_widths = [max(column_widths, default=0)] * n_columns
    gap = " " * (3 if level == 0 else 1)
    lines: list = []
    for i, row in enumerate(rows):
        if i and level == 0:
            lines.append("")
        height = max((len(cell) for cell in row), default=1)
        padded = [[""] * (height - len(cell)) + cell for cell in row]
        for k in range(height):
            text = gap.join(cell[k].ljust(column_widths[j]) for j, cell in enumerate(padded))
            lines.append(text.rstrip())
    return lines


_SPECIAL = {
    "Plus": _fmt_plus,
    "Times": _fmt_times,
    "Power": _fmt_power,
    "List": _fmt_list,
    "Association": _fmt_association,
    "Part": _fmt_part,
    "Slot": _fmt_slot,
    "SlotSequence": _fmt_slot,
    "Function": _fmt_function,
    "Blank": _fmt_blank,
    "BlankSequence": _fmt_blank,
    "BlankNullSequence": _fmt_blank,
    "Pattern": _fmt_pattern,
    "Optional": _fmt_optional,
    "Repeated": _fmt_repeated,
    "RepeatedNull": _fmt_repeated,
    "DirectedInfinity": _fmt_directed_infinity,
    "MessageName": _fmt_message_name,
    "Inequality": _fmt_inequality,
    "Apply": _fmt_apply_op,
    "CompoundExpression": _fmt_compound,
    "TagSet": _fmt_tag_set,
    "TagSetDelayed": _fmt_tag_set,
    "TagUnset": _fmt_tag_set,
    "SeriesData": _fmt_series,
    "OutputForm": _fmt_form_wrapper,
    "InputForm": _fmt_form_wrapper,
    "FullForm": _fmt_form_wrapper,
    "StandardForm": _fmt_form_wrapper,
    "TraditionalForm": _fmt_form_wrapper,
    "HoldForm": _fmt_form_wrapper,
    "Defer": _fmt_form_wrapper,
    "Row": _fmt_row,
    "StringForm": _fmt_string_form,
    "NumberForm": _fmt_number_form,
    "MatrixForm": _fmt_table_form,
    "TableForm": _fmt_table_form,
}
