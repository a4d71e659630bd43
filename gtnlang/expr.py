"""Expressions: the values of the language.

Everything in gtnlang is an expression.  An expression is either an *atom*
(a number, a string, a symbol, or an opaque Python object such as a graph) or
a *normal expression* ``head[arg1, arg2, ...]``.  Expressions are immutable
and hashable; ``==`` is structural identity (Mathematica's ``SameQ``), so
``Integer(1) != Real(1.0)``.

>>> e = Expression("f", Integer(1), Symbol("x"))
>>> e.head, e.args
(Symbol('f'), (Integer(1), Symbol('x')))
>>> e == Expression(Symbol("f"), Integer(1), Symbol("x"))
True

Numbers:

- ``Integer``: arbitrary size (a Python int).
- ``Rational``: an exact fraction with denominator > 1 (use ``make_rational``
  to normalise ``6/3`` to ``Integer(2)``).
- ``Real``: a machine float (``precision is None``) or an arbitrary precision
  ``mpmath.mpf`` with ``precision`` decimal digits.
- ``Complex``: real and imaginary parts, each an Integer, Rational or Real.

This module imports nothing heavy: mpmath is used only by arbitrary
precision reals, which are created by code that has imported it already.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

__all__ = [
    "Expr", "Atom", "Symbol", "Integer", "Rational", "Real", "Complex",
    "String", "Opaque", "Normal", "Expression", "S", "make_rational", "exact_ratio",
    "is_number", "TRUE", "FALSE", "NULL", "from_bool",
]


class Expr:
    """Base of all expressions."""

    __slots__ = ()
    is_atom = True

    @property
    def head(self) -> "Expr":  # pragma: no cover - overridden
        raise NotImplementedError

    def has_head(self, name: str) -> bool:
        """True when this is a normal expression whose head is the symbol `name`."""
        return False


class Atom(Expr):
    __slots__ = ()


class Symbol(Atom):
    """A symbol.  Symbols are interned: ``Symbol("x") is Symbol("x")``.

    A symbol carries only its name; what it means (its values, attributes,
    rules) lives in the evaluator's definitions, so two sessions never share
    definitions.
    """

    __slots__ = ("name", "_hash")
    _table: dict = {}

    def __new__(cls, name: str):
        sym = cls._table.get(name)
        if sym is None:
            sym = object.__new__(cls)
            sym.name = name
            sym._hash = hash(("Symbol", name))
            cls._table[name] = sym
        return sym

    def __reduce__(self):
        return (Symbol, (self.name,))

    @property
    def head(self):
        return _SYMBOL

    # Equality is identity (symbols are interned): object's own C-level
    # __eq__, which is much faster than a Python method on this hot path.

    def __hash__(self):
        return self._hash

    def __repr__(self):
        return f"Symbol({self.name!r})"


class Integer(Atom):
    """An integer of any size."""

    __slots__ = ("value",)

    def __init__(self, value: int):
        self.value = value

    @property
    def head(self):
        return _INTEGER

    def __eq__(self, other):
        return type(other) is Integer and other.value == self.value

    def __hash__(self):
        return hash(("I", self.value))

    def __repr__(self):
        return f"Integer({self.value})"


class Rational(Atom):
    """An exact fraction p/q with q > 1, in lowest terms."""

    __slots__ = ("value",)

    def __init__(self, value: Fraction):
        self.value = value

    @property
    def head(self):
        return _RATIONAL

    def __eq__(self, other):
        return type(other) is Rational and other.value == self.value

    def __hash__(self):
        return hash(("Q", self.value))

    def __repr__(self):
        return f"Rational({self.value.numerator}, {self.value.denominator})"


class Real(Atom):
    """A real number: a machine float, or an mpmath mpf with `precision` digits."""

    __slots__ = ("value", "precision")

    def __init__(self, value, precision: float | None = None):
        self.value = value
        self.precision = precision

    @property
    def head(self):
        return _REAL

    @property
    def is_machine(self) -> bool:
        return self.precision is None

    def __eq__(self, other):
        return (type(other) is Real and other.value == self.value
                and other.precision == self.precision)

    def __hash__(self):
        return hash(("R", self.value))

    def __repr__(self):
        if self.precision is None:
            return f"Real({self.value!r})"
        return f"Real({str(self.value)!r}, precision={self.precision})"


class Complex(Atom):
    """A complex number re + im I, parts being Integer, Rational or Real atoms."""

    __slots__ = ("re", "im")

    def __init__(self, re: Expr, im: Expr):
        self.re = re
        self.im = im

    @property
    def head(self):
        return _COMPLEX

    def __eq__(self, other):
        return type(other) is Complex and other.re == self.re and other.im == self.im

    def __hash__(self):
        return hash(("C", self.re, self.im))

    def __repr__(self):
        return f"Complex({self.re!r}, {self.im!r})"


class String(Atom):
    """A string."""

    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value

    @property
    def head(self):
        return _STRING

    def __eq__(self, other):
        return type(other) is String and other.value == self.value

    def __hash__(self):
        return hash(("S", self.value))

    def __repr__(self):
        return f"String({self.value!r})"


class Opaque(Atom):
    """An atom wrapping a Python object: a graph, a compiled function, ...

    `head_name` is what ``Head`` gives (``"Graph"``, ``"CompiledFunction"``).
    Equality is the wrapped object's own equality when it defines one that
    returns a bool, else identity.
    """

    __slots__ = ("value", "head_name")

    def __init__(self, value, head_name: str):
        self.value = value
        self.head_name = head_name

    @property
    def head(self):
        return Symbol(self.head_name)

    def __eq__(self, other):
        if type(other) is not Opaque or other.head_name != self.head_name:
            return False
        if other.value is self.value:
            return True
        try:
            result = self.value == other.value
        except Exception:
            return False
        return result if isinstance(result, bool) else False

    def __hash__(self):
        try:
            return hash((self.head_name, self.value))
        except TypeError:
            return hash((self.head_name, id(self.value)))

    def __repr__(self):
        return f"Opaque({self.value!r}, {self.head_name!r})"


class Normal(Expr):
    """A normal expression ``head[args...]``."""

    __slots__ = ("head", "args", "_hash")
    is_atom = False

    def __init__(self, head: Expr, args: tuple):
        self.head = head
        self.args = args
        self._hash = None

    def has_head(self, name: str) -> bool:
        h = self.head
        return type(h) is Symbol and h.name == name

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Normal):
            return False
        if self._hash is not None and other._hash is not None and self._hash != other._hash:
            return False
        return self.head == other.head and self.args == other.args

    def __hash__(self):
        h = self._hash
        if h is None:
            h = self._hash = hash((self.head, self.args))
        return h

    def __len__(self):
        return len(self.args)

    def __repr__(self):
        return f"Expression({self.head!r}, {', '.join(map(repr, self.args))})"

    def with_args(self, args) -> "Normal":
        """The same head with new arguments."""
        return Normal(self.head, tuple(args))


def Expression(head, *args) -> Normal:
    """Build ``head[args...]``; a str head is taken as a symbol name.

    >>> Expression("Plus", Symbol("a"), Integer(1))
    Expression(Symbol('Plus'), Symbol('a'), Integer(1))
    """
    if isinstance(head, str):
        head = Symbol(head)
    return Normal(head, args)


class _SymbolNamespace:
    """``S.Plus`` is ``Symbol("Plus")``: a short way to name system symbols."""

    def __getattr__(self, name: str) -> Symbol:
        sym = Symbol(name)
        setattr(self, name, sym)
        return sym


S = _SymbolNamespace()

_SYMBOL = Symbol("Symbol")
_INTEGER = Symbol("Integer")
_RATIONAL = Symbol("Rational")
_REAL = Symbol("Real")
_COMPLEX = Symbol("Complex")
_STRING = Symbol("String")

TRUE = Symbol("True")
FALSE = Symbol("False")
NULL = Symbol("Null")


def from_bool(value: bool) -> Symbol:
    return TRUE if value else FALSE


def make_rational(value: Fraction) -> Expr:
    """An exact number: Integer when the denominator is 1, else Rational.

    >>> make_rational(Fraction(6, 3))
    Integer(2)
    """
    if value.denominator == 1:
        return Integer(value.numerator)
    return Rational(value)


def _coprime_fraction_maker():
    # Fraction(p, q) re-checks types and gcd; for ints already in lowest
    # terms the private constructors skip that (3.12+ / 3.10-3.11 spelling).
    if hasattr(Fraction, "_from_coprime_ints"):
        return Fraction._from_coprime_ints
    return lambda p, q: Fraction(p, q, _normalize=False)


_coprime_fraction = _coprime_fraction_maker()


def exact_ratio(p: int, q: int) -> Expr:
    """The exact number p/q (q != 0) in lowest terms: Integer or Rational.

    >>> exact_ratio(6, -4)
    Rational(-3, 2)
    """
    g = gcd(p, q)
    if q < 0:
        g = -g
    if g != 1:
        p //= g
        q //= g
    if q == 1:
        return Integer(p)
    if -256 < p < 256 and q < 256:
        # small fractions recur (n/2, 1/3 ...); atoms are immutable, so share them
        key = (p, q)
        r = _SMALL_RATIONALS.get(key)
        if r is None:
            r = _SMALL_RATIONALS[key] = Rational(_coprime_fraction(p, q))
        return r
    return Rational(_coprime_fraction(p, q))


_SMALL_RATIONALS: dict = {}


_NUMBER_TYPES = (Integer, Rational, Real, Complex)


def is_number(expr: Expr) -> bool:
    """True for Integer, Rational, Real and Complex atoms."""
    return type(expr) in _NUMBER_TYPES


def _output_form(self) -> str:
    from gtnlang.syntax.printer import format_expr
    return format_expr(self, "OutputForm")


# ``str(expr)`` is its OutputForm, as DESIGN.md promises the embedding API.
Expr.__str__ = _output_form
