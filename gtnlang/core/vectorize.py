"""Lowering an expression to numpy, for sampling it at many points at once.

``numpy_function(expr, variables)`` turns an expression of real elementary
functions of the given variables into a Python function of numpy float64
arrays (one positional array per variable, broadcast against each other),
so that a numerical routine can sample it at a million points in one call
instead of through the evaluator one point at a time.  It returns None for
anything it does not know (complex numbers, user functions, other symbols),
and the caller then uses the evaluator.  Where the real function is not
defined (``Sqrt[-1.]``, ``Log[0.]``, an undecided condition) the value is
NaN or ±inf: callers treat a non-finite value as "the evaluator must decide".

>>> import numpy as np
>>> from gtnlang.expr import Expression, Integer, Symbol
>>> x, y = Symbol("x"), Symbol("y")
>>> f = numpy_function(Expression("Plus", Expression("Power", x, Integer(2)), y), [x, y])
>>> f(np.array([0.0, 1.0, 2.0]), np.array(10.0)).tolist()
[10.0, 11.0, 14.0]
>>> numpy_function(Expression("g", x), [x]) is None
True

numpy is imported only when a function is made, so ``import gtnlang``
stays light.
"""

from __future__ import annotations

import math

from gtnlang.core.numbers import MACHINE_CONSTANTS
from gtnlang.expr import Integer, Normal, Rational, Real, Symbol

__all__ = ["numpy_function"]


class _Unsupported(Exception):
    """The expression has a part that does not lower to numpy."""


# One-argument heads that are numpy ufuncs of the same meaning on the reals.
_UNARY = {
    "Exp": "exp", "Sqrt": "sqrt", "Sin": "sin", "Cos": "cos", "Tan": "tan",
    "ArcSin": "arcsin", "ArcCos": "arccos", "Sinh": "sinh", "Cosh": "cosh", "Tanh": "tanh",
    "ArcSinh": "arcsinh", "ArcCosh": "arccosh", "ArcTanh": "arctanh", "Abs": "absolute",
    "Sign": "sign",
}

# Conditions lower to 1.0 (True), 0.0 (False) or NaN (undecided, as when an
# operand is not a real number): the evaluator would leave those unevaluated.
_COMPARISONS = {"Less": "less", "Greater": "greater", "LessEqual": "less_equal",
                "GreaterEqual": "greater_equal"}


def numpy_function(expr, variables):
    """A function of float64 arrays computing the real expression `expr`,
    or None when a part of it does not lower.

    The function takes one array (or float) per symbol of `variables`, in
    that order, and returns a float64 array of their broadcast shape (treat
    it as read-only: it may be a broadcast view).  Numbers (Integer,
    Rational, Real), the constants with a machine value (Pi, E, Degree,
    ...), the variables, the real elementary functions, Abs, Sign, Min,
    Max, Boole, If[c, a, b] and Piecewise lower; Complex numbers and every
    other symbol or head do not (UnitStep neither: the evaluator has no
    numeric value for it, and the two must agree).
    """
    import numpy as np

    index = {v: i for i, v in enumerate(variables)}
    try:
        body = _Lowering(np, index).real(expr)
    except (_Unsupported, RecursionError):
        return None

    def function(*arrays):
        if len(arrays) != len(index):
            raise TypeError(f"expected {len(index)} arrays, got {len(arrays)}")
        arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
        # NaN and inf are the answer where the real function is undefined;
        # numpy's warnings about them would be noise.
        with np.errstate(all="ignore"):
            value = np.asarray(body(arrays), dtype=np.float64)
        return np.broadcast_to(value, np.broadcast_shapes(value.shape, *(a.shape for a in arrays)))

    return function


class _Lowering:
    """Builds closures ``fn(arrays) -> value`` from expressions; raises
    :class:`_Unsupported` for a part that has no numpy meaning."""

    def __init__(self, np, index):
        self.np = np
        self.index = index

    # --- real values -----------------------------------------------------------

    def real(self, e):
        t = type(e)
        if t is Integer or t is Rational or t is Real:
            return _constant(_float(e))
        if t is Symbol:
            return self.symbol(e)
        if t is not Normal or type(e.head) is not Symbol:
            raise _Unsupported(e)
        name = e.head.name
        method = getattr(self, "head_" + name, None)
        if method is not None:
            return method(e.args)
        if name in _UNARY and len(e.args) == 1:
            return _apply(getattr(self.np, _UNARY[name]), self.real(e.args[0]))
        raise _Unsupported(e)

    def symbol(self, s):
        if s in self.index:
            i = self.index[s]
            return lambda arrays: arrays[i]
        if s.name in MACHINE_CONSTANTS:
            return _constant(MACHINE_CONSTANTS[s.name])
        raise _Unsupported(s)

    def reals(self, args, least=1):
        if len(args) < least:
            raise _Unsupported(args)
        return [self.real(a) for a in args]

    def head_Plus(self, args):
        return _fold(self.np.add, self.reals(args))

    def head_Times(self, args):
        return _fold(self.np.multiply, self.reals(args))

    def head_Power(self, args):
        if len(args) != 2:
            raise _Unsupported(args)
        base, exponent = args
        np = self.np
        if base is Symbol("E"):
            return _apply(np.exp, self.real(exponent))
        b = self.real(base)
        # sqrt is correctly rounded; pow(x, 0.5) need not be
        if _is_half(exponent, 1):
            return _apply(np.sqrt, b)
        if _is_half(exponent, -1):
            return _apply(lambda v: 1.0 / np.sqrt(v), b)
        return _apply(np.power, b, self.real(exponent))

    def head_Log(self, args):
        np = self.np
        if len(args) == 1:
            return _apply(np.log, self.real(args[0]))
        if len(args) == 2:  # Log[b, z]
            return _apply(lambda b, z: np.log(z) / np.log(b), *self.reals(args))
        raise _Unsupported(args)

    def head_Cot(self, args):
        return self._ratio(args, self.np.cos, self.np.sin)

    def head_Sec(self, args):
        return self._ratio(args, lambda v: 1.0, self.np.cos)

    def head_Csc(self, args):
        return self._ratio(args, lambda v: 1.0, self.np.sin)

    def _ratio(self, args, top, bottom):
        if len(args) != 1:
            raise _Unsupported(args)
        return _apply(lambda v: top(v) / bottom(v), self.real(args[0]))

    def head_ArcTan(self, args):
        np = self.np
        if len(args) == 1:
            return _apply(np.arctan, self.real(args[0]))
        if len(args) == 2:
            # ArcTan[x, y] is the argument of x + I y (0. at 0., as the evaluator has it)
            return _apply(lambda x, y: np.arctan2(y, x), *self.reals(args))
        raise _Unsupported(args)

    def head_Min(self, args):
        return _fold(self.np.minimum, self.reals(args))

    def head_Max(self, args):
        return _fold(self.np.maximum, self.reals(args))

    def head_Boole(self, args):
        if len(args) != 1:
            raise _Unsupported(args)
        return self.condition(args[0])

    def head_If(self, args):
        if len(args) != 3:  # If[c, a] is Null when c is False
            raise _Unsupported(args)
        return _apply(self._choose, self.condition(args[0]), self.real(args[1]), self.real(args[2]))

    def head_Piecewise(self, args):
        if not 1 <= len(args) <= 2 or not _is_list(args[0]):
            raise _Unsupported(args)
        value = self.real(args[1]) if len(args) == 2 else _constant(0.0)
        # The first true condition wins: fold from the last case.
        for case in reversed(args[0].args):
            if not (_is_list(case) and len(case.args) == 2):
                raise _Unsupported(case)
            value = _apply(self._choose, self.condition(case.args[1]), self.real(case.args[0]), value)
        return value

    def _choose(self, c, a, b):
        np = self.np
        return np.where(c == 1, a, np.where(c == 0, b, np.nan))

    # --- conditions: 1.0, 0.0 or NaN -----------------------------------------------

    def condition(self, e):
        if e is Symbol("True") or e is Symbol("False"):
            return _constant(1.0 if e is Symbol("True") else 0.0)
        if type(e) is not Normal or type(e.head) is not Symbol:
            raise _Unsupported(e)
        name = e.head.name
        if name in _COMPARISONS and len(e.args) >= 2:  # a < b < c is a chain
            return self._chain([name] * (len(e.args) - 1), e.args)
        if name == "Inequality" and len(e.args) >= 3 and len(e.args) % 2:  # Inequality[a, Less, b, ...]
            ops = e.args[1::2]
            if not all(type(o) is Symbol and o.name in _COMPARISONS for o in ops):
                raise _Unsupported(e)
            return self._chain([o.name for o in ops], e.args[::2])
        if name == "And" and e.args:
            return _fold(self._and, [self.condition(a) for a in e.args])
        if name == "Or" and e.args:
            return _fold(self._or, [self.condition(a) for a in e.args])
        if name == "Not" and len(e.args) == 1:
            return _apply(lambda c: 1.0 - c, self.condition(e.args[0]))
        raise _Unsupported(e)

    def _chain(self, names, operands):
        """``operands[0] op0 operands[1] op1 ...``, each comparison undecided
        (NaN) where a side is NaN."""
        np = self.np
        sides = self.reals(operands)

        def comparison(name):
            op = getattr(np, _COMPARISONS[name])
            return lambda a, b: np.where(np.isnan(a) | np.isnan(b), np.nan, op(a, b).astype(np.float64))
        return _fold(self._and, [_apply(comparison(n), a, b) for n, a, b in zip(names, sides, sides[1:])])

    def _and(self, a, b):
        # False wins over undecided, as And[False, u] is False
        return self.np.where((a == 0) | (b == 0), 0.0, a * b)

    def _or(self, a, b):
        # True wins over undecided; max keeps NaN otherwise
        return self.np.where((a == 1) | (b == 1), 1.0, self.np.maximum(a, b))


def _float(e):
    """The float of a real number atom; huge ones do not lower."""
    try:
        value = float(e.value)
    except OverflowError:
        raise _Unsupported(e) from None
    if not math.isfinite(value):
        raise _Unsupported(e)
    return value


def _is_half(e, sign):
    return type(e) is Rational and e.value.denominator == 2 and e.value.numerator == sign


def _is_list(e):
    return type(e) is Normal and e.head is Symbol("List")


def _constant(value):
    return lambda arrays: value


def _apply(op, *parts):
    """The closure computing ``op`` of the values of the lowered `parts`."""
    if len(parts) == 1:
        (p,) = parts
        return lambda arrays: op(p(arrays))
    return lambda arrays: op(*(p(arrays) for p in parts))


def _fold(op, parts):
    """The closure computing ``op(op(p0, p1), p2) ...`` of the lowered `parts`."""
    if not parts:
        raise _Unsupported(parts)

    def fn(arrays):
        value = parts[0](arrays)
        for p in parts[1:]:
            value = op(value, p(arrays))
        return value
    return fn
