"""Logic: And, Or, Not, Xor, Nand, Nor, Implies, TrueQ, BooleanQ, Boole.

``And`` and ``Or`` hold their arguments and evaluate them in order, stopping
at the first ``False`` (``And``) or ``True`` (``Or``); arguments that are
neither stay (``a && True`` is ``a``).
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin
from gtnlang.expr import FALSE, TRUE, Integer, Normal, Symbol, from_bool

_NOT = Symbol("Not")
_NEGATED_RELATION = {
    "Equal": "Unequal", "Unequal": "Equal", "Less": "GreaterEqual",
    "GreaterEqual": "Less", "Greater": "LessEqual", "LessEqual": "Greater",
    "SameQ": "UnsameQ", "UnsameQ": "SameQ",
}


def _connective(ev, expr, stop, skip):
    rest = []
    for arg in expr.args:
        value = ev.evaluate(arg)
        if value is stop:
            return stop
        if value is skip or value in rest:      # a && a is a
            continue
        rest.append(value)
    if not rest:
        return skip
    if len(rest) == 1:
        return rest[0]
    result = Normal(expr.head, tuple(rest))
    return None if result == expr else result


@builtin(attributes=("Flat", "HoldAll", "OneIdentity", "Protected"),
         usage="e1 && e2 && ... is the logical AND function. It evaluates its arguments in order, giving False immediately if any of them are False, and True if they are all True.")
def And(ev, expr):
    return _connective(ev, expr, FALSE, TRUE)


@builtin(attributes=("Flat", "HoldAll", "OneIdentity", "Protected"),
         usage="e1 || e2 || ... is the logical OR function. It evaluates its arguments in order, giving True immediately if any of them are True, and False if they are all False.")
def Or(ev, expr):
    return _connective(ev, expr, TRUE, FALSE)


@builtin(nargs=1,
         usage="!expr is the logical NOT function. It gives False if expr is True, and True if it is False.")
def Not(ev, expr):
    x = expr.args[0]
    if x is TRUE:
        return FALSE
    if x is FALSE:
        return TRUE
    if type(x) is Normal and type(x.head) is Symbol:
        if x.head is _NOT and len(x.args) == 1:
            return x.args[0]
        negated = _NEGATED_RELATION.get(x.head.name)
        if negated is not None and len(x.args) == 2:
            return Normal(Symbol(negated), x.args)
    return None


@builtin(attributes=("Flat", "OneIdentity", "Orderless", "Protected"),
         usage="Xor[e1, e2, ...] is the logical XOR (exclusive OR) function. It gives True if an odd number of the ei are True, and the rest are False. It gives False if an even number of the ei are True, and the rest are False.")
def Xor(ev, expr):
    parity = False
    rest = []
    for a in expr.args:
        if a is TRUE:
            parity = not parity
        elif a is FALSE:
            continue
        else:
            rest.append(a)
    if not rest:
        return from_bool(parity)
    if len(rest) == 1:
        return Normal(_NOT, (rest[0],)) if parity else rest[0]
    result = Normal(expr.head, tuple(rest))
    if parity:
        result = Normal(_NOT, (result,))
    return None if result == expr else result


@builtin(attributes=("HoldAll", "Protected"),
         usage="Nand[e1, e2, ...] is the logical NAND function. It evaluates its arguments in order, giving True immediately if any of them are False, and False if they are all True.")
def Nand(ev, expr):
    r = _connective(ev, Normal(Symbol("And"), expr.args), FALSE, TRUE)
    if r is None:
        r = Normal(Symbol("And"), expr.args)
    if r is TRUE:
        return FALSE
    if r is FALSE:
        return TRUE
    return None


@builtin(attributes=("HoldAll", "Protected"),
         usage="Nor[e1, e2, ...] is the logical NOR function. It evaluates its arguments in order, giving False immediately if any of them are True, and True if they are all False.")
def Nor(ev, expr):
    r = _connective(ev, Normal(Symbol("Or"), expr.args), TRUE, FALSE)
    if r is None:
        r = Normal(Symbol("Or"), expr.args)
    if r is TRUE:
        return FALSE
    if r is FALSE:
        return TRUE
    return None


@builtin(nargs=2,
         usage="Implies[p, q] represents the logical implication p ⇒ q.")
def Implies(ev, expr):
    p, q = expr.args
    if p is FALSE or q is TRUE:
        return TRUE
    if p is TRUE:
        return q
    if q is FALSE:
        return Normal(_NOT, (p,))
    if p == q:
        return TRUE
    return None


@builtin(nargs=1,
         usage="TrueQ[expr] yields True if expr is True, and yields False otherwise.")
def TrueQ(ev, expr):
    return from_bool(expr.args[0] is TRUE)


@builtin(nargs=1,
         usage="BooleanQ[expr] returns True if expr is either True or False.")
def BooleanQ(ev, expr):
    return from_bool(expr.args[0] is TRUE or expr.args[0] is FALSE)


@builtin(attributes=("Listable", "Protected"), nargs=1,
         usage="Boole[expr] yields 1 if expr is True and 0 if it is False.")
def Boole(ev, expr):
    x = expr.args[0]
    if x is TRUE:
        return Integer(1)
    if x is FALSE:
        return Integer(0)
    return None
