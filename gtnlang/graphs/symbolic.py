"""SymbolicOps that build gtnlang expressions (for object-array weights).

The engine's dynamic programmes call these for exact and symbolic weights;
each step is evaluated, so results stay small: common additive terms are
pulled out of a log-sum-exp or a max (``LSE(a + c, b + c) = c + LSE(a, b)``),
``-Infinity`` (the log/tropical zero) terms are dropped.
"""

from __future__ import annotations

from collections import Counter

from gtnlang.expr import Expression, Integer, Normal, Symbol

_PLUS = Symbol("Plus")
_E = Symbol("E")
_DI = Symbol("DirectedInfinity")


def _neg_inf(e):
    return type(e) is Normal and e.head is _DI and len(e.args) == 1 and e.args[0] == Integer(-1)


def _terms(e):
    return e.args if type(e) is Normal and e.head is _PLUS else (e,)


def _sum(terms):
    if not terms:
        return Integer(0)
    if len(terms) == 1:
        return terms[0]
    return Normal(_PLUS, tuple(terms))


def expr_ops(ev):
    """A :class:`gtnlang.wfst.SymbolicOps` evaluating in `ev`."""
    from gtnlang.wfst import SymbolicOps
    evaluate = ev.evaluate
    NEG_INF = Expression(_DI, Integer(-1))

    def add(a, b):
        # the semiring product of log/max-plus: -Infinity (their zero) absorbs
        if _neg_inf(a) or _neg_inf(b):
            return NEG_INF
        if type(a) is Integer and type(b) is Integer:
            return Integer(a.value + b.value)
        if a == Integer(0):
            return b
        if b == Integer(0):
            return a
        return evaluate(Expression(_PLUS, a, b))

    def factored(xs, combine):
        xs = [x for x in xs if not _neg_inf(x)]
        if not xs:
            return NEG_INF
        if len(xs) == 1:
            return xs[0]
        common = Counter(_terms(xs[0]))
        for x in xs[1:]:
            common &= Counter(_terms(x))
        rests = []
        for x in xs:
            c = common.copy()
            rest = []
            for t in _terms(x):
                if c.get(t, 0) > 0:
                    c[t] -= 1
                else:
                    rest.append(t)
            rests.append(_sum(rest))
        body = combine(rests)
        if common:
            return evaluate(Normal(_PLUS, tuple(common.elements()) + (body,)))
        return evaluate(body)

    def logsumexp(xs):
        return factored(list(xs), lambda rs: Expression("Log", Normal(_PLUS, tuple(
            Expression("Power", _E, r) for r in rs))))

    def max_(xs):
        return factored(list(xs), lambda rs: Normal(Symbol("Max"), tuple(rs)))

    def mul(a, b):
        return evaluate(Expression("Times", a, b))

    def sum_(xs):
        xs = list(xs)
        return evaluate(Normal(_PLUS, tuple(xs))) if xs else Integer(0)

    def neg(a):
        return evaluate(Expression("Times", Integer(-1), a))

    def star(a, name):
        # the closure a* = ⊕_{n >= 0} a^n of one weight going round a cycle
        if name == "log":       # -Log[1 - E^a]
            return neg(evaluate(Expression("Log", Expression("Plus", Integer(1), Expression(
                "Times", Integer(-1), Expression("Power", _E, a))))))
        if name == "tropical":  # 0 when the cycle does not gain, else Infinity
            return evaluate(Expression("Piecewise", Expression("List", Expression(
                "List", Integer(0), Expression("LessEqual", a, Integer(0)))), Expression(_DI, Integer(1))))
        if name == "real":      # 1/(1 - a)
            return evaluate(Expression("Power", Expression("Plus", Integer(1), Expression(
                "Times", Integer(-1), a)), Integer(-1)))
        return Symbol("True")

    return SymbolicOps(add=add, logsumexp=logsumexp, max=max_, mul=mul, sum=sum_, zero=NEG_INF,
                       one=Integer(0), neg=neg, star=star)
