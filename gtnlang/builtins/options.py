"""Options of functions: Options, SetOptions, OptionValue, OptionsPattern.

A definition whose left side has ``OptionsPattern[]`` sees the options of the
call through ``OptionValue[name]``: the rule is stored with the matched
options bound to a hidden name and ``OptionValue[name]`` rewritten to
``OptionValue[f, {opts}, name]`` (``gtnlang.core.definitions``), which looks
the name up among the explicit options first, then in ``Options[f]``.

>>> from gtnlang import Session
>>> s = Session(print_messages=False)
>>> str(s.eval('Options[f] = {"Size" -> 1}; f[x_, OptionsPattern[]] := {x, OptionValue["Size"]}; {f[0], f[0, "Size" -> 2]}'))
'{{0, 1}, {0, 2}}'
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define
from gtnlang.expr import Normal, String, Symbol

_LIST = Symbol("List")
_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")

define("OptionsPattern", attributes=("Protected",),
       usage="OptionsPattern[] is a pattern that stands for a sequence of options (rules, or lists of rules).\n"
             "OptionsPattern[f] takes the default options from Options[f]; in the definition, OptionValue[name] "
             "gives the value of an option in the call, or its default.")


def _name_key(e):
    """Option names compare by name: "Size" and Size are the same option."""
    if type(e) is String:
        return e.value
    if type(e) is Symbol:
        return e.name
    return e


def _rules(e):
    """The rules of an option list (nested lists flattened), in order."""
    if type(e) is Normal and e.head is _LIST:
        for a in e.args:
            yield from _rules(a)
    elif type(e) is Normal and e.head in (_RULE, _RULE_DELAYED) and len(e.args) == 2:
        yield e


def _defaults(ev, f):
    symbols = f.args if type(f) is Normal and f.head is _LIST else (f,)
    out = []
    for s in symbols:
        if type(s) is Symbol:
            out.extend(Normal(_RULE, (k, v)) for k, v in ev.definition(s).options.items())
    return out


def _lookup(ev, f, given, name):
    key = _name_key(name)
    for rule in list(_rules(given)) + _defaults(ev, f):
        if _name_key(rule.args[0]) == key:
            return ev.evaluate(rule.args[1]) if rule.head is _RULE_DELAYED else rule.args[1]
    ev.message("OptionValue", "optnf", name, f)
    return name


def _values(ev, f, given, names):
    if type(names) is Normal and names.head is _LIST:
        return Normal(_LIST, tuple(_lookup(ev, f, given, n) for n in names.args))
    return _lookup(ev, f, given, names)


@builtin(nargs=(1, 3),
         messages={"optnf": "Option name `1` not found in defaults for `2`."},
         usage="OptionValue[name] gives the value of the option name in a definition whose left side has "
               "OptionsPattern[] (the value given in the call, else the default from Options[f]).\n"
               "OptionValue[f, name] gives the default value of the option name of f.\n"
               "OptionValue[f, opts, name] gives the value of name in the option list opts, else its default "
               "for f. name may be a list of names.")
def OptionValue(ev, expr):
    args = expr.args
    if len(args) == 2:
        return _values(ev, args[0], Normal(_LIST, ()), args[1])
    if len(args) == 3:
        return _values(ev, args[0], args[1], args[2])
    return None


@builtin(nargs=(1, 2),
         usage="Options[f] gives the list of default options of f (set with Options[f] = {name -> value, ...}).\n"
               "Options[f, name] gives the rule for that option.")
def Options(ev, expr):
    f = expr.args[0]
    if type(f) is not Symbol:
        return None
    rules = _defaults(ev, f)
    if len(expr.args) == 2:
        key = _name_key(expr.args[1])
        rules = [r for r in rules if _name_key(r.args[0]) == key]
    return Normal(_LIST, tuple(rules))


@builtin(nargs=(1, None),
         usage="SetOptions[f, name -> value, ...] changes default options of f and gives the new list of "
               "Options[f].")
def SetOptions(ev, expr):
    f = expr.args[0]
    if type(f) is not Symbol:
        return None
    options = ev.definition(f).options
    for rule in _rules(Normal(_LIST, expr.args[1:])):
        key = _name_key(rule.args[0])
        existing = next((k for k in options if _name_key(k) == key), rule.args[0])
        options[existing] = rule.args[1]
    return Normal(_LIST, tuple(Normal(_RULE, (k, v)) for k, v in options.items()))
