"""Assignments and definitions: =, :=, ^=, ^:=, =., +=, ++, Clear, attributes.

``f[x_] := body`` stores a rule among f's down values, most specific first;
``f[1] = 5`` (no patterns) goes into f's exact-value table, found by hashing;
``x = v`` is an own value; ``g[f[x_]] ^:= ...`` an up value of f;
``f[x_][y_] := ...`` a sub value of f; ``x[[i]] = v`` a part assignment.
"""

from __future__ import annotations

from gtnlang.core.attributes import (
    HOLD_ALL_COMPLETE, HOLD_FIRST, HOLD_REST, LOCKED, PROTECTED,
    flags_to_names, names_to_flags,
)
from gtnlang.core.builtin import builtin
from gtnlang.core.definitions import Rule, insert_rule, strip_wrappers as _strip_wrappers
from gtnlang.core.pattern import _PATTERN_HEADS, is_free_of_patterns
from gtnlang.expr import (
    NULL, Complex, Expr, Integer, Normal, Rational, Real, String, Symbol, Expression,
)

_LIST = Symbol("List")
_HOLD_FIRST = ("HoldFirst", "Protected", "SequenceHold")
_HOLD_ALL = ("HoldAll", "Protected", "SequenceHold")


def _tag_symbol(lhs: Expr):
    """The symbol a definition is attached to (innermost head), or None."""
    core = _strip_wrappers(lhs)
    while type(core) is Normal:
        core = _strip_wrappers(core.head)
    return core if type(core) is Symbol else None


def _evaluate_lhs(ev, lhs: Expr) -> Expr:
    """Evaluate the arguments of a definition's left side as Mathematica does."""
    if type(lhs) is not Normal:
        return lhs
    if lhs.has_head("Condition") and len(lhs.args) == 2:
        return Normal(lhs.head, (_evaluate_lhs(ev, lhs.args[0]), lhs.args[1]))
    if lhs.has_head("HoldPattern"):
        return lhs
    head = lhs.head
    if type(head) is Normal:
        head = _evaluate_lhs(ev, head)
        attributes = 0
    elif type(head) is Symbol:
        attributes = ev.attributes(head)
    else:
        return lhs
    if attributes & HOLD_ALL_COMPLETE:
        return Normal(head, lhs.args)
    args = []
    for index, arg in enumerate(lhs.args):
        held = attributes & (HOLD_FIRST if index == 0 else HOLD_REST)
        if held:
            if type(arg) is Normal and arg.has_head("Evaluate") and len(arg.args) == 1:
                args.append(ev.evaluate(arg.args[0]))
            else:
                args.append(arg)
        else:
            value = ev.evaluate(arg)
            if type(value) is Normal and value.has_head("Sequence"):
                args.extend(value.args)
            else:
                args.append(value)
    return Normal(head, tuple(args))


_VALUE_ATOMS = (Integer, Rational, Real, Complex, String)


def _is_memo_target(lhs: Normal) -> bool:
    """``f[1, "a"]``: a symbol head (not a pattern construct) applied to
    numbers and strings only."""
    head = lhs.head
    if type(head) is not Symbol or head.name in _PATTERN_HEADS:
        return False
    for a in lhs.args:
        if type(a) not in _VALUE_ATOMS:
            return False
    return True


def _protected(ev, symbol: Symbol, setter: str) -> bool:
    if ev.attributes(symbol) & PROTECTED:
        ev.message(setter, "wrsym", symbol)
        return True
    return False


def assign(ev, lhs: Expr, rhs: Expr, delayed: bool, setter: str) -> bool:
    """Store the definition ``lhs = rhs`` (or ``:=``); False when refused."""
    if type(lhs) is Symbol:
        if _protected(ev, lhs, setter):
            return False
        ev.definition(lhs).own_value = rhs
        if lhs.name == "$RecursionLimit" and type(rhs) is Integer:
            ev.recursion_limit = max(20, rhs.value)
        elif lhs.name == "$IterationLimit" and type(rhs) is Integer:
            ev.iteration_limit = max(20, rhs.value)
        return True
    if type(lhs) is not Normal:
        ev.message(setter, "setraw", lhs)
        return False
    special = _SPECIAL_TARGETS.get(lhs.head.name if type(lhs.head) is Symbol else None)
    if special is not None:
        return special(ev, lhs, rhs, setter)
    if not delayed and _is_memo_target(lhs):
        # f[10] = 55 (memoisation): number and string arguments are their own
        # values and match only themselves, so the general path below would
        # come to the same exact-value entry, several lookups later.
        if _protected(ev, lhs.head, setter):
            return False
        ev.definition(lhs.head).exact_values[lhs] = rhs
        return True
    lhs = _evaluate_lhs(ev, lhs)
    tag = _tag_symbol(lhs)
    if tag is None:
        ev.message(setter, "setraw", lhs)
        return False
    if _protected(ev, tag, setter):
        return False
    definition = ev.definition(tag)
    core = _strip_wrappers(lhs)
    if type(core.head) is Normal:
        insert_rule(definition.sub_values, Rule(lhs, rhs, delayed))
        return True
    if core is lhs and is_free_of_patterns(lhs):
        if not delayed:
            definition.exact_values[lhs] = rhs
            return True
        # An exact delayed value is still a rule (its body evaluates each time).
    insert_rule(definition.down_values, Rule(lhs, rhs, delayed))
    return True


def _assign_list(ev, lhs, rhs, setter):
    if not (type(rhs) is Normal and rhs.has_head("List") and len(rhs.args) == len(lhs.args)):
        ev.message(setter, "shape", lhs, rhs)
        return False
    ok = True
    for target, value in zip(lhs.args, rhs.args):
        ok = assign(ev, target, value, False, setter) and ok
    return ok


def _assign_message(ev, lhs, rhs, setter):
    if len(lhs.args) >= 2 and type(lhs.args[0]) is Symbol and type(lhs.args[1]) is String:
        ev.definition(lhs.args[0]).messages[lhs.args[1].value] = rhs.value if type(rhs) is String else rhs
        return True
    return False


def _assign_attributes(ev, lhs, rhs, setter):
    if len(lhs.args) == 1 and type(lhs.args[0]) is Symbol:
        names = rhs.args if type(rhs) is Normal and rhs.has_head("List") else (rhs,)
        try:
            flags = names_to_flags(n.name for n in names if type(n) is Symbol)
        except KeyError:
            return False
        ev.definition(lhs.args[0]).attributes = flags
        return True
    return False


def _assign_default(ev, lhs, rhs, setter):
    if lhs.args and type(lhs.args[0]) is Symbol:
        positions = tuple(a.value for a in lhs.args[1:] if type(a) is Integer)
        key = None if not positions else positions[0] if len(positions) == 1 else positions
        ev.definition(lhs.args[0]).defaults[key] = rhs
        return True
    return False


def _assign_options(ev, lhs, rhs, setter):
    if len(lhs.args) == 1 and type(lhs.args[0]) is Symbol:
        rules = rhs.args if type(rhs) is Normal and rhs.has_head("List") else (rhs,)
        ev.definition(lhs.args[0]).options = {r.args[0]: r.args[1] for r in rules
                                              if type(r) is Normal and len(r.args) == 2}
        return True
    return False


def _assign_part(ev, lhs, rhs, setter):
    target = lhs.args[0] if lhs.args else None
    if type(target) is not Symbol:
        ev.message("Set", "setps", target)
        return False
    current = ev.definition(target).own_value
    if current is None:
        ev.message("Set", "noval", target)
        return False
    current = ev.evaluate(target)
    indices = [ev.evaluate(i) for i in lhs.args[1:]]
    new = set_part(ev, current, indices, rhs, Normal(Symbol("Part"), (target, *indices)))
    if new is None:
        return False
    ev.definition(target).own_value = new
    return True


def set_part(ev, expr: Expr, indices: list, value: Expr, whole=None):
    """`expr` with the part at `indices` replaced by `value`; None with a message if absent."""
    if not indices:
        return value
    if expr.is_atom:
        ev.message("Set", "partd", whole if whole is not None else Expression("Part", expr, *indices))
        return None
    index, rest = indices[0], indices[1:]
    args = list(expr.args)
    if type(index) is Integer:
        i = index.value
        n = len(args)
        if i == 0:
            new_head = set_part(ev, expr.head, rest, value, whole)
            return None if new_head is None else Normal(new_head, expr.args)
        if not -n <= i <= n:
            ev.message("Set", "partw", index, expr)
            return None
        k = i - 1 if i > 0 else n + i
        new = set_part(ev, args[k], rest, value, whole)
        if new is None:
            return None
        args[k] = new
        return Normal(expr.head, tuple(args))
    if type(index) is Symbol and index.name == "All":
        positions = range(len(args))
    elif type(index) is Normal and index.has_head("List") and all(type(i) is Integer for i in index.args):
        positions = [i.value - 1 if i.value > 0 else len(args) + i.value for i in index.args]
    else:
        ev.message("Set", "pkspec1", index)
        return None
    values = value.args if (type(value) is Normal and value.has_head("List")
                            and len(value.args) == len(positions) and not rest) else None
    for j, k in enumerate(positions):
        if not 0 <= k < len(args):
            ev.message("Set", "partw", index, expr)
            return None
        new = set_part(ev, args[k], rest, values[j] if values is not None else value, whole)
        if new is None:
            return None
        args[k] = new
    return Normal(expr.head, tuple(args))


_SPECIAL_TARGETS = {
    "List": _assign_list,
    "MessageName": _assign_message,
    "Attributes": _assign_attributes,
    "Default": _assign_default,
    "Options": _assign_options,
    "Part": _assign_part,
}


@builtin(attributes=_HOLD_FIRST, nargs=2,
         usage="lhs = rhs evaluates rhs and assigns the result to be the value of lhs.")
def Set(ev, expr):
    lhs, rhs = expr.args
    assign(ev, lhs, rhs, False, "Set")
    return rhs


@builtin(attributes=_HOLD_ALL, nargs=2,
         usage="lhs := rhs assigns rhs to be the delayed value of lhs; rhs is evaluated each time lhs is used.")
def SetDelayed(ev, expr):
    lhs, rhs = expr.args
    assign(ev, lhs, rhs, True, "SetDelayed")
    return NULL


def _up_assign(ev, expr, delayed, setter):
    lhs, rhs = expr.args
    lhs = _evaluate_lhs(ev, lhs)
    core = _strip_wrappers(lhs)
    if type(core) is not Normal:
        ev.message(setter, "normal", Integer(1), expr)
        return False
    for arg in core.args:
        tag = _tag_symbol(arg) if type(arg) is Normal else arg if type(arg) is Symbol else None
        if tag is not None and not _protected(ev, tag, setter):
            ev.definitions.add_up_value(tag, Rule(lhs, rhs, delayed))
    return True


@builtin(attributes=_HOLD_FIRST, nargs=2,
         usage="lhs ^= rhs assigns rhs to be the value of lhs, and associates the assignment with symbols that occur at level one in lhs.")
def UpSet(ev, expr):
    _up_assign(ev, expr, False, "UpSet")
    return expr.args[1]


@builtin(attributes=_HOLD_ALL, nargs=2,
         usage="lhs ^:= rhs assigns rhs to be the delayed value of lhs, and associates the assignment with symbols that occur at level one in lhs.")
def UpSetDelayed(ev, expr):
    _up_assign(ev, expr, True, "UpSetDelayed")
    return NULL


def _tag_assign(ev, expr, delayed, setter):
    tag, lhs, rhs = expr.args
    if type(tag) is not Symbol:
        return
    lhs = _evaluate_lhs(ev, lhs)
    core = _strip_wrappers(lhs)
    if _tag_symbol(core) == tag:
        assign(ev, lhs, rhs, delayed, setter)
    else:
        ev.definitions.add_up_value(tag, Rule(lhs, rhs, delayed))


@builtin(attributes=("HoldAll", "Protected", "SequenceHold"), nargs=3,
         usage="f /: lhs = rhs assigns rhs to be the value of lhs, and associates the assignment with f.")
def TagSet(ev, expr):
    _tag_assign(ev, expr, False, "TagSet")
    return ev.evaluate(expr.args[2])


@builtin(attributes=("HoldAll", "Protected", "SequenceHold"), nargs=3,
         usage="f /: lhs := rhs assigns rhs to be the delayed value of lhs, and associates the assignment with f.")
def TagSetDelayed(ev, expr):
    _tag_assign(ev, expr, True, "TagSetDelayed")
    return NULL


@builtin(attributes=("HoldFirst", "Protected"), nargs=1,
         usage="lhs =. removes any rules defined for lhs.")
def Unset(ev, expr):
    lhs = expr.args[0]
    if type(lhs) is Symbol:
        if not _protected(ev, lhs, "Unset"):
            ev.definition(lhs).own_value = None
        return NULL
    lhs = _evaluate_lhs(ev, lhs)
    tag = _tag_symbol(lhs)
    if tag is None:
        return NULL
    definition = ev.definition(tag)
    definition.exact_values.pop(lhs, None)
    definition.down_values = [r for r in definition.down_values if r.lhs != lhs]
    definition.sub_values = [r for r in definition.sub_values if r.lhs != lhs]
    return NULL


def _symbols_named(ev, args):
    for arg in args:
        if type(arg) is Symbol:
            yield arg
        elif type(arg) is String:
            import fnmatch
            pattern = arg.value
            if "*" in pattern or "@" in pattern:
                for name in ev.definitions.user_names():
                    if fnmatch.fnmatchcase(name, pattern.replace("@", "*")):
                        yield Symbol(name)
            else:
                yield Symbol(pattern)


@builtin(attributes=("HoldAll", "Protected"),
         usage="Clear[symbol1, symbol2, ...] clears values and definitions for the symbols.")
def Clear(ev, expr):
    for symbol in _symbols_named(ev, expr.args):
        if ev.attributes(symbol) & PROTECTED:
            ev.message("Clear", "wrsym", symbol)
            continue
        ev.definition(symbol).clear()
    return NULL


@builtin(attributes=("HoldAll", "Protected"),
         usage="ClearAll[symbol1, symbol2, ...] clears all values, definitions, attributes, messages and defaults for the symbols.")
def ClearAll(ev, expr):
    for symbol in _symbols_named(ev, expr.args):
        definition = ev.definition(symbol)
        if definition.attributes & (PROTECTED | LOCKED):
            ev.message("ClearAll", "wrsym", symbol)
            continue
        definition.clear()
        definition.attributes = 0
        definition.messages = {}
        definition.options = {}
    return NULL


def _attribute_flags(ev, spec, who):
    names = spec.args if type(spec) is Normal and spec.has_head("List") else (spec,)
    flags = 0
    for name in names:
        try:
            flags |= names_to_flags([name.name]) if type(name) is Symbol else names_to_flags([name.value])
        except (KeyError, AttributeError):
            ev.message(who, "unknownattr", name)
    return flags


def _targets(expr):
    target = expr.args[0]
    return target.args if type(target) is Normal and target.has_head("List") else (target,)


@builtin(attributes=("HoldFirst", "Protected"), nargs=2,
         usage="SetAttributes[s, attr] adds attr to the list of attributes of the symbol s.",
         messages={"unknownattr": "`1` is not a known attribute."})
def SetAttributes(ev, expr):
    flags = _attribute_flags(ev, expr.args[1], "SetAttributes")
    for symbol in _targets(expr):
        if type(symbol) is Symbol:
            definition = ev.definition(symbol)
            if definition.attributes & LOCKED:
                ev.message("SetAttributes", "locked", symbol)
                continue
            definition.attributes |= flags
    return NULL


@builtin(attributes=("HoldFirst", "Protected"), nargs=2,
         usage="ClearAttributes[s, attr] removes attr from the list of attributes of the symbol s.",
         messages={"unknownattr": "`1` is not a known attribute."})
def ClearAttributes(ev, expr):
    flags = _attribute_flags(ev, expr.args[1], "ClearAttributes")
    for symbol in _targets(expr):
        if type(symbol) is Symbol and not ev.definition(symbol).attributes & LOCKED:
            ev.definition(symbol).attributes &= ~flags
    return NULL


@builtin(attributes=("HoldAll", "Listable", "Protected"), nargs=1,
         usage="Attributes[symbol] gives the list of attributes for a symbol.")
def Attributes(ev, expr):
    symbol = expr.args[0]
    if type(symbol) is String:
        symbol = Symbol(symbol.value)
    if type(symbol) is not Symbol:
        return None
    return Normal(_LIST, tuple(Symbol(n) for n in flags_to_names(ev.attributes(symbol))))


@builtin(attributes=("HoldAll", "Protected"),
         usage="Protect[s1, s2, ...] sets the attribute Protected for the symbols si.")
def Protect(ev, expr):
    changed = []
    for symbol in _symbols_named(ev, expr.args):
        definition = ev.definition(symbol)
        if not definition.attributes & PROTECTED:
            definition.attributes |= PROTECTED
            changed.append(symbol)
    return Normal(_LIST, tuple(changed))  # the symbols whose protection changed


@builtin(attributes=("HoldAll", "Protected"),
         usage="Unprotect[s1, s2, ...] removes the attribute Protected for the symbols si.")
def Unprotect(ev, expr):
    changed = []
    for symbol in _symbols_named(ev, expr.args):
        definition = ev.definition(symbol)
        if definition.attributes & PROTECTED and not definition.attributes & LOCKED:
            definition.attributes &= ~PROTECTED
            changed.append(symbol)
    return Normal(_LIST, tuple(changed))


def _modify(ev, expr, operation, post: bool):
    """x += v and friends: x = operation(x); returns new (or old, for x++) value."""
    target = expr.args[0]
    if type(target) is Symbol and ev.definition(target).own_value is None:
        ev.message(expr.head.name, "rvalue", target)
        return None
    old = ev.evaluate(target)
    new = ev.evaluate(operation(old))
    if not assign(ev, target, new, False, expr.head.name):
        return None
    return old if post else new


def _plus(*args):
    return Expression("Plus", *args)


def _times(*args):
    return Expression("Times", *args)


_RVALUE = {"rvalue": "`1` is not a variable with a value, so its value cannot be changed."}


@builtin(attributes=_HOLD_FIRST, nargs=2, messages=_RVALUE,
         usage="x += dx adds dx to x and returns the new value of x.")
def AddTo(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, expr.args[1]), False)


@builtin(attributes=_HOLD_FIRST, nargs=2, messages=_RVALUE,
         usage="x -= dx subtracts dx from x and returns the new value of x.")
def SubtractFrom(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, _times(Integer(-1), expr.args[1])), False)


@builtin(attributes=_HOLD_FIRST, nargs=2, messages=_RVALUE,
         usage="x *= c multiplies x by c and returns the new value of x.")
def TimesBy(ev, expr):
    return _modify(ev, expr, lambda x: _times(x, expr.args[1]), False)


@builtin(attributes=_HOLD_FIRST, nargs=2, messages=_RVALUE,
         usage="x /= c divides x by c and returns the new value of x.")
def DivideBy(ev, expr):
    return _modify(ev, expr, lambda x: _times(x, Expression("Power", expr.args[1], Integer(-1))), False)


@builtin(attributes=("HoldFirst", "Protected"), nargs=1, messages=_RVALUE,
         usage="x++ increases the value of x by 1, returning the old value of x.")
def Increment(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, Integer(1)), True)


@builtin(attributes=("HoldFirst", "Protected"), nargs=1, messages=_RVALUE,
         usage="x-- decreases the value of x by 1, returning the old value of x.")
def Decrement(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, Integer(-1)), True)


@builtin(attributes=("HoldFirst", "Protected"), nargs=1, messages=_RVALUE,
         usage="++x increases the value of x by 1, returning the new value of x.")
def PreIncrement(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, Integer(1)), False)


@builtin(attributes=("HoldFirst", "Protected"), nargs=1, messages=_RVALUE,
         usage="--x decreases the value of x by 1, returning the new value of x.")
def PreDecrement(ev, expr):
    return _modify(ev, expr, lambda x: _plus(x, Integer(-1)), False)


def _rules_list(rules):
    return Normal(_LIST, tuple(
        Expression("RuleDelayed", Expression("HoldPattern", r.lhs), r.rhs) for r in rules))


@builtin(attributes=("HoldAll", "Protected"), nargs=1,
         usage="DownValues[f] gives a list of transformation rules corresponding to all downvalues defined for the symbol f.")
def DownValues(ev, expr):
    symbol = expr.args[0]
    if type(symbol) is not Symbol:
        return None
    definition = ev.definition(symbol)
    exact = [Rule(lhs, rhs, False) for lhs, rhs in definition.exact_values.items()]
    return _rules_list(exact + definition.down_values)


@builtin(attributes=("HoldAll", "Protected"), nargs=1,
         usage="UpValues[f] gives a list of transformation rules corresponding to all upvalues defined for the symbol f.")
def UpValues(ev, expr):
    symbol = expr.args[0]
    if type(symbol) is not Symbol:
        return None
    return _rules_list(ev.definition(symbol).up_values)


@builtin(attributes=("HoldAll", "Protected"), nargs=1,
         usage="OwnValues[x] gives the rule corresponding to any ownvalue defined for the symbol x.")
def OwnValues(ev, expr):
    symbol = expr.args[0]
    if type(symbol) is not Symbol:
        return None
    value = ev.definition(symbol).own_value
    if value is None:
        return Normal(_LIST, ())
    return _rules_list([Rule(symbol, value, False)])
