"""Pure functions: ``Function[x, body]``, ``#^2 &``, ``#1 + #2 &``, ``##``.

Applying ``Function[params, body][args]`` substitutes the arguments for the
parameters (or the slots ``#n`` / ``##n``) and evaluates the body.  Slots in
nested ``Function``s belong to those functions and are left alone.
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define, sub_builtin
from gtnlang.core.pattern import substitute_scoped
from gtnlang.expr import Integer, Normal, Symbol

_SEQUENCE = Symbol("Sequence")
_FUNCTION = Symbol("Function")
_SLOT = Symbol("Slot")
_SLOT_SEQUENCE = Symbol("SlotSequence")

define("Function", attributes=("HoldAll", "Protected"),
       usage="Function[body] or body & is a pure function; the formal parameters are # (or #1), #2, etc.\n"
             "Function[x, body] is a pure function with a single formal parameter x.\n"
             "Function[{x1, x2, ...}, body] is a pure function with a list of formal parameters.",
       messages={"slotn": "Slot number `1` in `2` cannot be filled from `3`.",
                 "fpct": "Too many parameters in `1` to be filled from `2`."})
define("Slot", attributes=("NHoldAll", "Protected"),
       usage="# represents the first argument supplied to a pure function; #n represents the nth argument.")
define("SlotSequence", attributes=("NHoldAll", "Protected"),
       usage="## represents the sequence of arguments supplied to a pure function.")


def fill_slots(body, args: tuple):
    """`body` with #n and ##n replaced by the arguments (not inside nested Functions)."""
    if body.is_atom:
        return body
    head = body.head
    if head is _SLOT and len(body.args) == 1 and type(body.args[0]) is Integer:
        n = body.args[0].value
        if n == 0:
            return body
        if 1 <= n <= len(args):
            return args[n - 1]
        raise IndexError(n)
    if head is _SLOT_SEQUENCE:
        n = body.args[0].value if body.args and type(body.args[0]) is Integer else 1
        return Normal(_SEQUENCE, args[n - 1:])
    if head is _FUNCTION:
        return body
    new_head = fill_slots(head, args)
    new_args = []
    changed = new_head is not head
    for arg in body.args:
        new = fill_slots(arg, args)
        if new is not arg:
            changed = True
        if type(new) is Normal and new.head is _SEQUENCE and type(arg) is Normal and arg.head is _SLOT_SEQUENCE:
            new_args.extend(new.args)
        else:
            new_args.append(new)
    return Normal(new_head, tuple(new_args)) if changed else body


@sub_builtin("Function")
def apply_function(ev, expr):
    """Function[...][args]: substitute and return the body for evaluation."""
    function = expr.head
    if not (type(function) is Normal and function.head is _FUNCTION):
        return None
    params = function.args
    args = expr.args
    if len(params) == 1:
        try:
            return fill_slots(params[0], args)
        except IndexError as error:
            ev.message("Function", "slotn", Integer(error.args[0]), function, expr)
            return None
    if len(params) >= 2:
        names = params[0]
        names = names.args if type(names) is Normal and names.has_head("List") else (names,)
        if len(names) > len(args):
            ev.message("Function", "fpct", function, expr)
            return None
        if not all(type(n) is Symbol for n in names):
            return None
        return substitute_scoped(params[1], dict(zip(names, args)))
    return None
