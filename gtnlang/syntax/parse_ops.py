"""Operator precedence for gtnlang: turns a flat operator chain into an expression.

The LALR grammar (``gtnlang/grammar/gtnlang.lark``) collects an operator
chain such as ``-x^2 + 2 x y /. a -> 1`` as a flat list of items: operands
(finished expressions) and operators (``(code, pos[, calls[, extra]])``
tuples).  `resolve` applies the Wolfram Language precedence table to it by
precedence climbing.  Precedence values are Mathematica's ``Precedence[...]``
(higher binds tighter); where Mathematica gives two operators the same value
but the parser still orders them (``&&`` over ``||``, ``==`` over ``===``),
the values are nudged apart.

Flattening: a chain of the same flat operator becomes one expression
(``a + b + c`` is ``Plus[a, b, c]``).  Times chains also absorb the products
that division and minus make in the same chain, so ``1/2 x`` is
``Times[1, Power[2, -1], x]``, ``-x y`` is ``Times[-1, x, y]`` and ``a - 2 b``
is ``Plus[a, Times[-1, 2, b]]``; a parenthesized product is kept whole
(``(a b) c`` is ``Times[Times[a, b], c]``), as the Wolfram parser does.
"""

from __future__ import annotations

from gtnlang.expr import Integer, Normal, Rational, Real, Symbol

__all__ = ["resolve", "ResolveError", "IMPLICIT", "LED", "PREFIX"]


class ResolveError(Exception):
    def __init__(self, message: str, pos: int):
        super().__init__(message)
        self.message = message
        self.pos = pos


S = Symbol
_TIMES = S("Times")
_PLUS = S("Plus")
_POWER = S("Power")
_SPAN = S("Span")
_ALL = S("All")
_NULL = S("Null")
_PART = S("Part")
_FUNCTION = S("Function")
_DERIVATIVE = S("Derivative")
_INEQUALITY = S("Inequality")
_PATTERN = S("Pattern")
_OPTIONAL = S("Optional")
_COMPOUND = S("CompoundExpression")
_LIST = S("List")
_MINUS_ONE = Integer(-1)
_ONE = Integer(1)
_NUMS = (Integer, Real, Rational)

IMPLICIT = ("*i", -1)

# kinds of infix/postfix operators
FLAT, LEFT, RIGHT, POSTFIX, PLUSK, TIMESK, CMP, SPANK, SEMIK, TAG = range(10)

# code -> (precedence, kind, head)
LED = {
    "?": (680, LEFT, S("PatternTest")),
    "'": (670, POSTFIX, None),
    "++": (660, POSTFIX, S("Increment")),
    "--": (660, POSTFIX, S("Decrement")),
    "@": (640, RIGHT, None),
    "~": (630, LEFT, None),
    "@*": (625, FLAT, S("Composition")),
    "/*": (624, FLAT, S("RightComposition")),
    "/@": (620, RIGHT, S("Map")),
    "//@": (620, RIGHT, S("MapAll")),
    "@@": (620, RIGHT, S("Apply")),
    "@@@": (620, RIGHT, S("Apply")),
    "!": (610, POSTFIX, S("Factorial")),
    "!!": (610, POSTFIX, S("Factorial2")),
    "<>": (600, FLAT, S("StringJoin")),
    "^": (590, RIGHT, _POWER),
    "**": (510, FLAT, S("NonCommutativeMultiply")),
    ".": (490, FLAT, S("Dot")),
    "/": (470, LEFT, None),
    "*": (400, TIMESK, _TIMES),
    "*i": (400, TIMESK, _TIMES),
    "+": (310, PLUSK, _PLUS),
    "-": (310, PLUSK, _PLUS),
    ";;": (305, SPANK, _SPAN),
    "==": (290, CMP, S("Equal")),
    "!=": (290, CMP, S("Unequal")),
    "<": (290, CMP, S("Less")),
    "<=": (290, CMP, S("LessEqual")),
    ">": (290, CMP, S("Greater")),
    ">=": (290, CMP, S("GreaterEqual")),
    "===": (285, FLAT, S("SameQ")),
    "=!=": (285, FLAT, S("UnsameQ")),
    "&&": (216, FLAT, S("And")),
    "||": (215, FLAT, S("Or")),
    "..": (170, POSTFIX, S("Repeated")),
    "...": (170, POSTFIX, S("RepeatedNull")),
    "|": (160, FLAT, S("Alternatives")),
    ":": (150, LEFT, None),
    "~~": (135, FLAT, S("StringExpression")),
    "/;": (130, LEFT, S("Condition")),
    "->": (120, RIGHT, S("Rule")),
    ":>": (120, RIGHT, S("RuleDelayed")),
    "/.": (110, LEFT, S("ReplaceAll")),
    "//.": (110, LEFT, S("ReplaceRepeated")),
    "+=": (100, RIGHT, S("AddTo")),
    "-=": (100, RIGHT, S("SubtractFrom")),
    "*=": (100, RIGHT, S("TimesBy")),
    "/=": (100, RIGHT, S("DivideBy")),
    "&": (90, POSTFIX, _FUNCTION),
    "//": (70, LEFT, None),
    "=": (40, RIGHT, S("Set")),
    ":=": (40, RIGHT, S("SetDelayed")),
    "^=": (40, RIGHT, S("UpSet")),
    "^:=": (40, RIGHT, S("UpSetDelayed")),
    "=.": (40, POSTFIX, S("Unset")),
    "/:": (40, TAG, None),
    ";": (10, SEMIK, _COMPOUND),
}

# prefix code -> precedence of its operand
PREFIX = {"-": 480, "+": 480, "!": 230, "!!": 230, "++": 660, "--": 660}

_PREFIX_HEAD = {"!": S("Not"), "++": S("PreIncrement"), "--": S("PreDecrement")}

_SPAN_PREC = 305


def _negate_number(x):
    if type(x) is Real:
        return Real(-x.value, x.precision)
    return type(x)(-x.value)


def resolve(items):
    """The expression for a flat chain of operands and operator tuples."""
    if len(items) == 1:
        x = items[0]
        if type(x) is not tuple:
            return x
    n = len(items)
    fresh = {}   # id -> Times made from this chain's own source (may be flattened)
    led_table = LED
    prefix_table = PREFIX

    def starts_operand(x):
        return type(x) is not tuple or x[0] in prefix_table

    def times_factors(x, out):
        if type(x) is Normal and fresh.get(id(x)) is x:
            out.extend(x.args)
        else:
            out.append(x)

    def new_times(factors):
        e = Normal(_TIMES, tuple(factors))
        fresh[id(e)] = e
        return e

    def negate(x):
        if type(x) in _NUMS:
            return _negate_number(x)
        if type(x) is Normal and fresh.get(id(x)) is x:
            return new_times((_MINUS_ONE,) + x.args)
        return new_times((_MINUS_ONE, x))

    def span(start, i):
        # items[i - 1] was ';;'
        if i < n and starts_operand(items[i]):
            end, i = expr(i, _SPAN_PREC + 1)
        else:
            end = _ALL
        if i + 1 < n and type(items[i]) is tuple and items[i][0] == ";;" \
                and starts_operand(items[i + 1]):
            step, i = expr(i + 1, _SPAN_PREC + 1)
            return Normal(_SPAN, (start, end, step)), i
        return Normal(_SPAN, (start, end)), i

    def apply_calls(x, op):
        if len(op) > 2 and op[2]:
            for kind, args in op[2]:
                if kind == "call":
                    x = Normal(x, args)
                else:
                    x = Normal(_PART, (x,) + args)
        return x

    def expr(i, minp):
        x = items[i]
        if type(x) is not tuple:
            left = x
            i += 1
        else:
            code = x[0]
            if code == ";;":
                left, i = span(_ONE, i + 1)
            else:
                p = prefix_table.get(code)
                if p is None:
                    raise ResolveError(f"unexpected '{code}'", x[1])
                nxt = items[i + 1]
                arg, i = expr(i + 1, p)
                if code == "-":
                    if arg is nxt and type(arg) in _NUMS:
                        left = _negate_number(arg)
                    else:
                        left = negate(arg)
                elif code == "+":
                    left = arg
                elif code == "!!":
                    left = Normal(_PREFIX_HEAD["!"], (Normal(_PREFIX_HEAD["!"], (arg,)),))
                else:
                    left = Normal(_PREFIX_HEAD[code], (arg,))
        while i < n:
            op = items[i]
            code = op[0]
            prec, kind, head = led_table[code]
            if prec < minp:
                break
            if kind == TIMESK:
                factors = []
                times_factors(left, factors)
                while True:
                    v = items[i + 1]
                    if type(v) is not tuple and (i + 2 == n or led_table[items[i + 2][0]][0] <= 400):
                        i += 2
                        factors.append(v)
                    else:
                        v, i = expr(i + 1, 401)
                        times_factors(v, factors)
                    if i < n and items[i][0] in ("*i", "*"):
                        continue
                    break
                left = new_times(factors)
            elif kind == PLUSK:
                terms = [left]
                while True:
                    v = items[i + 1]
                    if type(v) is not tuple and (i + 2 == n or led_table[items[i + 2][0]][0] <= 310):
                        i += 2
                    else:
                        v, i = expr(i + 1, 311)
                    terms.append(negate(v) if code == "-" else v)
                    if i < n:
                        code = items[i][0]
                        if code == "+" or code == "-":
                            continue
                    break
                left = Normal(_PLUS, tuple(terms))
            elif kind == POSTFIX:
                i += 1
                if head is None:   # derivative: one prime per order
                    left = Normal(Normal(_DERIVATIVE, (Integer(op[3]),)), (left,))
                else:
                    left = Normal(head, (left,))
                left = apply_calls(left, op)
            elif kind == FLAT:
                args = [left]
                while True:
                    v, i = expr(i + 1, prec + 1)
                    args.append(v)
                    if i < n and items[i][0] == code:
                        continue
                    break
                left = Normal(head, tuple(args))
            elif kind == RIGHT:
                operands = [left]
                ops = [op]
                while True:
                    v = items[i + 1]
                    if type(v) is not tuple and (i + 2 == n or led_table[items[i + 2][0]][0] <= prec):
                        i += 2
                    else:
                        v, i = expr(i + 1, prec + 1)
                    operands.append(v)
                    if i < n:
                        nop = items[i]
                        info = led_table[nop[0]]
                        if info[0] == prec and info[1] == RIGHT:
                            ops.append(nop)
                            continue
                    break
                right = operands.pop()
                while ops:
                    o = ops.pop()
                    right = _binary(o[0], led_table[o[0]][2], operands.pop(), right)
                left = right
            elif kind == LEFT:
                v = items[i + 1]
                if type(v) is not tuple and (i + 2 == n or led_table[items[i + 2][0]][0] <= prec):
                    i += 2
                else:
                    v, i = expr(i + 1, prec + 1)
                if code == "/":
                    factors = []
                    times_factors(left, factors)
                    factors.append(Normal(_POWER, (v, _MINUS_ONE)))
                    left = new_times(factors)
                elif code == "~":
                    left = Normal(op[3], (left, v))
                else:
                    left = _binary(code, head, left, v)
            elif kind == CMP:
                args = [left]
                codes = []
                while True:
                    v, i = expr(i + 1, prec + 1)
                    args.append(v)
                    codes.append(code)
                    if i < n:
                        c2 = items[i][0]
                        if led_table[c2][1] == CMP:
                            code = c2
                            continue
                    break
                if all(c == codes[0] for c in codes):
                    left = Normal(led_table[codes[0]][2], tuple(args))
                else:
                    mixed = [args[0]]
                    for c, a in zip(codes, args[1:]):
                        mixed.append(led_table[c][2])
                        mixed.append(a)
                    left = Normal(_INEQUALITY, tuple(mixed))
            elif kind == SPANK:
                left, i = span(left, i + 1)
            elif kind == SEMIK:
                parts = [left]
                while i < n and items[i][0] == ";":
                    i += 1
                    if i < n and (starts_operand(items[i]) or items[i][0] == ";;"):
                        v, i = expr(i, 11)
                        parts.append(v)
                    else:
                        parts.append(_NULL)
                left = Normal(_COMPOUND, tuple(parts))
            else:   # TAG: f /: lhs = rhs
                lhs, i = expr(i + 1, prec + 1)
                if i < n and items[i][0] in ("=", ":=", "=."):
                    c2 = items[i][0]
                    if c2 == "=.":
                        left = Normal(S("TagUnset"), (left, lhs))
                        i += 1
                    else:
                        rhs, i = expr(i + 1, prec)
                        left = Normal(S("TagSet" if c2 == "=" else "TagSetDelayed"),
                                      (left, lhs, rhs))
                else:
                    where = items[i][1] if i < n else op[1]
                    raise ResolveError("'/:' must be followed by '=', ':=' or '=.'", where)
        return left, i

    result, i = expr(0, 0)
    if i != n:   # cannot happen for chains the grammar accepts
        raise ResolveError("unexpected operator", items[i][1] if type(items[i]) is tuple else -1)
    return result


def _binary(code, head, a, b):
    if head is not None:
        if code == "@@@":
            return Normal(head, (a, b, Normal(_LIST, (_ONE,))))
        return Normal(head, (a, b))
    if code == "@":
        return Normal(a, (b,))
    if code == "//":
        return Normal(b, (a,))
    if code == ":":
        if type(a) is Symbol:
            return Normal(_PATTERN, (a, b))
        return Normal(_OPTIONAL, (a, b))
    raise AssertionError(code)   # pragma: no cover
