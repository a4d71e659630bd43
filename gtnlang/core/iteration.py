"""Iterator specifications: ``{n}``, ``{i, n}``, ``{i, a, b}``, ``{i, a, b, di}``, ``{i, {v1, v2}}``.

`iterate` turns a specification into the symbol to bind and the values it
takes; `bound` binds a symbol the way ``Block`` does (dynamic scoping), which
is how ``Table``, ``Do`` and ``Sum`` scope their variables in Mathematica.
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

from gtnlang.expr import Expr, Integer, Normal, Rational, Real, Symbol

__all__ = ["IteratorError", "iterate", "bound"]


class IteratorError(Exception):
    """The specification is not a valid iterator (caller emits the message)."""


def _number(expr):
    t = type(expr)
    if t is Integer:
        return expr.value
    if t is Rational:
        return expr.value
    if t is Real and expr.precision is None:
        return expr.value
    return None


def _from_number(value, like_real: bool):
    if isinstance(value, float) or like_real:
        return Real(float(value))
    if isinstance(value, Fraction):
        return Integer(value.numerator) if value.denominator == 1 else Rational(value)
    return Integer(value)


def iterate(ev, spec: Expr):
    """Return (symbol or None, list of values) for an iterator specification.

    The bounds are evaluated; the variable is not.  Raises IteratorError.
    """
    if not (type(spec) is Normal and spec.has_head("List")) or not spec.args:
        spec = Normal(Symbol("List"), (ev.evaluate(spec),))
    args = spec.args
    if len(args) == 1:
        count = _number(ev.evaluate(args[0]))
        if count is None:
            raise IteratorError(spec)
        return None, [Integer(0)] * max(0, int(count))
    var = args[0]
    if type(var) is not Symbol:
        raise IteratorError(spec)
    if len(args) == 2:
        bound_value = ev.evaluate(args[1])
        if type(bound_value) is Normal and bound_value.has_head("List"):
            return var, list(bound_value.args)
        low, high, step = Integer(1), bound_value, Integer(1)
    elif len(args) == 3:
        low, high, step = ev.evaluate(args[1]), ev.evaluate(args[2]), Integer(1)
    elif len(args) == 4:
        low, high, step = ev.evaluate(args[1]), ev.evaluate(args[2]), ev.evaluate(args[3])
    else:
        raise IteratorError(spec)
    a, b, d = _number(low), _number(high), _number(step)
    if a is None or b is None or d is None or d == 0:
        return var, _symbolic_range(ev, low, high, step, spec)
    like_real = any(type(x) is Real for x in (low, step))
    values = []
    count = int((Fraction(b) - Fraction(a)) // Fraction(d)) + 1 if not isinstance(a, float) and not isinstance(b, float) and not isinstance(d, float) else int((b - a) / d + 1e-12) + 1
    if count > 50_000_000:
        raise IteratorError(spec)
    if type(low) is Integer and type(step) is Integer:
        return var, [Integer(a + k * d) for k in range(max(0, count))]
    for k in range(max(0, count)):
        values.append(_from_number(a + k * d, like_real))
    return var, values


def _symbolic_range(ev, low, high, step, spec):
    # {i, a, a + 3} with symbolic a: the number of steps must still be a number.
    difference = ev.evaluate(Normal(Symbol("Times"), (
        Normal(Symbol("Plus"), (high, Normal(Symbol("Times"), (Integer(-1), low)))),
        Normal(Symbol("Power"), (step, Integer(-1))))))
    n = _number(difference)
    if n is None:
        raise IteratorError(spec)
    values = []
    for k in range(int(n // 1) + 1):
        values.append(ev.evaluate(Normal(Symbol("Plus"), (low, Normal(Symbol("Times"), (Integer(k), step))))))
    return values


@contextmanager
def bound(ev, symbol: Symbol | None):
    """Bind `symbol` dynamically (as Block does) for the duration; yields a setter."""
    if symbol is None:
        yield lambda value: None
        return
    definition = ev.definition(symbol)
    saved = definition.own_value

    def set_value(value):
        definition.own_value = value

    try:
        yield set_value
    finally:
        definition.own_value = saved
