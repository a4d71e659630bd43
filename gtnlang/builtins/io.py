"""Input, output and the session's history: Print, Echo, Message, Information
(?Name), Timing, AbsoluteTiming, Out (%), In, $Line."""

from __future__ import annotations

import fnmatch
import time

from gtnlang.core.attributes import flags_to_names
from gtnlang.core.builtin import builtin, define, lookup
from gtnlang.expr import NULL, Integer, Normal, Real, String, Symbol

_LIST = Symbol("List")

define("$Line", attributes=(), value=Integer(1),
       usage="$Line is a global variable that specifies the number of the current input line.")
define("$RecursionLimit", attributes=(), value=Integer(1024),
       usage="$RecursionLimit gives the current limit on the number of levels of recursion that the Wolfram Language can use.",
       messages={"reclim2": "Recursion depth of `1` exceeded during evaluation of `2`."})
define("$IterationLimit", attributes=(), value=Integer(4096),
       usage="$IterationLimit gives the maximum length of evaluation chain used in trying to evaluate any expression.",
       messages={"itlim": "Iteration limit of `1` exceeded."})
define("MessageName", attributes=("HoldFirst", "Protected"),
       usage="symbol::tag is a name for a message.")


def _text(ev, expr) -> str:
    from gtnlang.syntax.printer import format_expr
    if type(expr) is String:
        return expr.value
    return format_expr(expr, "OutputForm")


@builtin(usage="Print[expr] prints expr as output.")
def Print(ev, expr):
    ev.on_print("".join(_text(ev, a) for a in expr.args))
    return NULL


@builtin(nargs=(1, 3), usage="Echo[expr] prints expr and returns expr.")
def Echo(ev, expr):
    label = _text(ev, expr.args[1]) + " " if len(expr.args) > 1 else ""
    ev.on_print(">> " + label + _text(ev, expr.args[0]))
    return expr.args[0]


@builtin(attributes=("HoldFirst", "Protected"), nargs=(1, None),
         usage="Message[symbol::tag] prints the message symbol::tag unless it has been switched off.\n"
               "Message[symbol::tag, e1, e2, ...] prints a message, inserting the values of the ei as needed.")
def Message(ev, expr):
    name = expr.args[0]
    if not (type(name) is Normal and name.has_head("MessageName") and len(name.args) == 2
            and type(name.args[0]) is Symbol and type(name.args[1]) is String):
        return None
    args = [ev.evaluate(a) for a in expr.args[1:]]
    ev.message(name.args[0].name, name.args[1].value, *args)
    return NULL


@builtin(attributes=("HoldFirst", "Protected"), nargs=2)
def MessageName(ev, expr):
    symbol, tag = expr.args
    if type(symbol) is not Symbol or type(tag) is not String:
        return None
    text = ev.definition(symbol).messages.get(tag.value)
    if text is None:
        return None
    return String(text) if isinstance(text, str) else text


def usage_text(ev, name: str) -> str | None:
    """The usage message of a symbol, if it has one."""
    definition = ev.definitions.lookup(name)
    if definition is None and lookup(name) is not None:
        definition = ev.definitions.get(name)
    if definition is None:
        return None
    text = definition.messages.get("usage")
    if isinstance(text, String):
        text = text.value
    return text if isinstance(text, str) else None


def information_text(ev, name: str, long_form: bool) -> str:
    """What ``?name`` (``??name`` when long_form) prints."""
    from gtnlang.syntax.printer import format_expr
    if "*" in name or "@" in name:
        names = [n for n in ev.definitions.names() if fnmatch.fnmatchcase(n, name.replace("@", "*"))]
        return "  ".join(names) if names else f"Information::notfound: Symbol {name} not found."
    definition = ev.definitions.lookup(name)
    if definition is None and lookup(name) is None:
        return f"Information::notfound: Symbol {name} not found."
    definition = ev.definitions.get(name)
    lines = []
    usage = usage_text(ev, name)
    if usage:
        lines.append(usage)
    if long_form or not usage:
        if definition.attributes:
            lines.append(f"Attributes[{name}] = {{{', '.join(flags_to_names(definition.attributes))}}}")
        if definition.own_value is not None and definition.builtin is None:
            lines.append(f"{name} = {format_expr(definition.own_value, 'InputForm')}")
        for lhs, rhs in definition.exact_values.items():
            lines.append(f"{format_expr(lhs, 'InputForm')} = {format_expr(rhs, 'InputForm')}")
        for rule in definition.down_values + definition.sub_values + definition.up_values:
            op = ":=" if rule.delayed else "="
            lines.append(f"{format_expr(rule.lhs, 'InputForm')} {op} {format_expr(rule.rhs, 'InputForm')}")
    if not lines:
        lines.append(f"Global`{name}")
    return "\n".join(lines)


@builtin(attributes=("HoldAll", "Protected"), nargs=(1, 2),
         usage="Information[symbol] (?symbol) prints information about a symbol; ??symbol adds its definitions and attributes.")
def Information(ev, expr):
    target = expr.args[0]
    name = target.value if type(target) is String else target.name if type(target) is Symbol else None
    if name is None:
        return None
    long_form = any(type(a) is Normal and a.has_head("Rule") and a.args[1].name == "True"
                    for a in expr.args[1:] if type(a) is Normal and len(a.args) == 2 and type(a.args[1]) is Symbol)
    ev.on_print(information_text(ev, name, long_form))
    return NULL


@builtin(attributes=("HoldAll", "Protected"), nargs=1,
         usage="Timing[expr] evaluates expr, and returns a list of the time in seconds used, together with the result obtained.")
def Timing(ev, expr):
    start = time.process_time()
    result = ev.evaluate(expr.args[0])
    return Normal(_LIST, (Real(time.process_time() - start), result))


@builtin(attributes=("HoldAll", "Protected"), nargs=1,
         usage="AbsoluteTiming[expr] evaluates expr, returning a list of the absolute number of seconds in real time that have elapsed, together with the result obtained.")
def AbsoluteTiming(ev, expr):
    start = time.perf_counter()
    result = ev.evaluate(expr.args[0])
    return Normal(_LIST, (Real(time.perf_counter() - start), result))


@builtin(nargs=(0, 1), attributes=("Listable", "Protected"),
         usage="%n or Out[n] is a global object that is assigned to be the value produced on the nth output line; % gives the last result generated, %% the result before that.")
def Out(ev, expr):
    line = ev.definition(Symbol("$Line")).own_value
    current = line.value if type(line) is Integer else 1
    if not expr.args:
        n = current - 1
    elif type(expr.args[0]) is Integer:
        n = expr.args[0].value
        if n < 0:
            n = current + n
    else:
        return None
    value = ev.definition(Symbol("Out")).exact_values.get(Normal(Symbol("Out"), (Integer(n),)))
    if value is None:
        return None if expr.args and expr.args[0] == Integer(n) else Normal(Symbol("Out"), (Integer(n),))
    return value


@builtin(attributes=("HoldAll", "Listable", "Protected"), nargs=(0, 1),
         usage="In[n] is a global object that is assigned to have a delayed value of the nth input line.")
def In(ev, expr):
    line = ev.definition(Symbol("$Line")).own_value
    current = line.value if type(line) is Integer else 1
    n = current - 1 if not expr.args else expr.args[0].value if type(expr.args[0]) is Integer else None
    if n is None:
        return None
    if n < 0:
        n = current + n
    value = ev.properties.get("inputs", {}).get(n)
    return value


@builtin(nargs=(0, 1), usage="Exit[] terminates a Wolfram Language kernel session; Exit[n] exits with status n.")
def Exit(ev, expr):
    from gtnlang.core.evaluator import ExitRequest
    code = expr.args[0].value if expr.args and type(expr.args[0]) is Integer else 0
    raise ExitRequest(code)


@builtin(nargs=(0, 1), usage="Quit[] terminates a Wolfram Language kernel session; Quit[n] exits with status n.")
def Quit(ev, expr):
    return Exit(ev, expr)
