"""Scoping: Module (lexical, fresh symbols), Block (dynamic), With (constants)."""

from __future__ import annotations

from gtnlang.core.attributes import TEMPORARY
from gtnlang.core.builtin import builtin, define
from gtnlang.core.pattern import substitute, substitute_scoped
from gtnlang.expr import Integer, Normal, Symbol

_LIST = Symbol("List")

define("$ModuleNumber", attributes=(), value=Integer(1),
       usage="$ModuleNumber gives the current serial number to be used for local variables that are created.")


def _local_specs(ev, expr, who):
    """[(symbol, initial value expr or None)] from {x, y = 1, ...}; None if invalid."""
    spec = expr.args[0]
    if not (type(spec) is Normal and spec.head is _LIST):
        ev.message(who, "lvlist", spec)
        return None
    locals_ = []
    for item in spec.args:
        if type(item) is Symbol:
            locals_.append((item, None))
        elif type(item) is Normal and (item.has_head("Set") or item.has_head("SetDelayed")) \
                and len(item.args) == 2 and type(item.args[0]) is Symbol:
            locals_.append((item.args[0], item.args[1]))
        else:
            ev.message(who, "lvsym", spec, item)
            return None
    return locals_


@builtin(attributes=("HoldAll", "Protected"), nargs=2,
         usage="Module[{x, y, ...}, expr] specifies that occurrences of the symbols x, y, ... in expr should be treated as local.\n"
               "Module[{x = x0, ...}, expr] defines initial values for x, ....")
def Module(ev, expr):
    specs = _local_specs(ev, expr, "Module")
    if specs is None:
        return None
    number = ev.module_number
    ev.module_number += 1
    renames = {}
    for symbol, _ in specs:
        local = Symbol(f"{symbol.name}${number}")
        renames[symbol] = local
        ev.definition(local).attributes |= TEMPORARY
    for symbol, initial in specs:
        if initial is not None:
            ev.definition(renames[symbol]).own_value = ev.evaluate(initial)
    return substitute(expr.args[1], renames)


@builtin(attributes=("HoldAll", "Protected"), nargs=2,
         usage="Block[{x, y, ...}, expr] specifies that expr is to be evaluated with local values for the symbols x, y, ....")
def Block(ev, expr):
    specs = _local_specs(ev, expr, "Block")
    if specs is None:
        return None
    initial_values = [(s, ev.evaluate(v) if v is not None else None) for s, v in specs]
    saved = []
    for symbol, value in initial_values:
        definition = ev.definition(symbol)
        saved.append((definition, definition.own_value, definition.down_values, definition.exact_values))
        definition.own_value = value
        definition.down_values = []
        definition.exact_values = {}
    limits = (ev.recursion_limit, ev.iteration_limit)
    for symbol, value in initial_values:
        if symbol.name == "$RecursionLimit" and type(value) is Integer:
            ev.recursion_limit = value.value
        elif symbol.name == "$IterationLimit" and type(value) is Integer:
            ev.iteration_limit = value.value
    try:
        return ev.evaluate(expr.args[1])
    finally:
        ev.recursion_limit, ev.iteration_limit = limits
        for definition, value, down, exact in saved:
            definition.own_value = value
            definition.down_values = down
            definition.exact_values = exact


@builtin(attributes=("HoldAll", "Protected"), nargs=(2, None),
         usage="With[{x = x0, y = y0, ...}, expr] specifies that all occurrences of the symbols x, y, ... in expr should be replaced by x0, y0, ....")
def With(ev, expr):
    specs = _local_specs(ev, expr, "With")
    if specs is None:
        return None
    bindings = {}
    for symbol, value in specs:
        if value is None:
            ev.message("With", "lvset", expr.args[0], symbol, symbol)
            return None
        bindings[symbol] = ev.evaluate(value)
    if len(expr.args) > 2:
        # With[{x = 1}, {y = x}, body]: later specifications see earlier ones.
        return substitute_scoped(Normal(expr.head, expr.args[1:]), bindings)
    return substitute_scoped(expr.args[1], bindings)
