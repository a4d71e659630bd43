"""Control flow: If, Which, Switch, Do, While, For, Break, Continue, Return,
Catch, Throw, CompoundExpression, Abort, Quiet, Check."""

from __future__ import annotations

from gtnlang.core.builtin import builtin
from gtnlang.core.evaluator import (
    AbortEvaluation, BreakSignal, ContinueSignal, ReturnSignal, ThrowSignal,
)
from gtnlang.core.iteration import IteratorError, bound, iterate
from gtnlang.core.pattern import match_first
from gtnlang.expr import FALSE, NULL, TRUE, Normal, Symbol

_HOLD_ALL = ("HoldAll", "Protected")


@builtin(attributes=("HoldRest", "Protected"), nargs=(2, 4),
         usage="If[condition, t, f] gives t if condition evaluates to True, and f if it evaluates to False.\n"
               "If[condition, t, f, u] gives u if condition evaluates to neither True nor False.")
def If(ev, expr):
    condition, *branches = expr.args
    if condition is TRUE:
        return branches[0]
    if condition is FALSE:
        return branches[1] if len(branches) > 1 else NULL
    if len(branches) == 3:
        return branches[2]
    return None


@builtin(attributes=_HOLD_ALL,
         usage="Which[test1, value1, test2, value2, ...] evaluates each test in turn, returning the value of the first one that yields True.")
def Which(ev, expr):
    args = expr.args
    if len(args) % 2:
        ev.message("Which", "argctu", Symbol("Which"))
        return None
    for i in range(0, len(args), 2):
        test = ev.evaluate(args[i])
        if test is TRUE:
            return args[i + 1]
        if test is not FALSE:
            return Normal(expr.head, (test,) + args[i + 1:])
    return NULL


@builtin(attributes=("HoldRest", "Protected"), nargs=(3, None),
         usage="Switch[expr, form1, value1, form2, value2, ...] evaluates expr, then compares it with each form in turn, evaluating and returning the value corresponding to the first match found.")
def Switch(ev, expr):
    subject, *cases = expr.args
    if len(cases) % 2:
        ev.message("Switch", "argct", Symbol("Switch"))
        return None
    for i in range(0, len(cases), 2):
        bindings = match_first(ev.evaluate(cases[i]), subject, ev)
        if bindings is not None:
            return cases[i + 1]
    return NULL


@builtin(attributes=_HOLD_ALL,
         usage="CompoundExpression[e1, e2, ...] (written e1; e2; ...) evaluates each in turn, giving the last as the result.")
def CompoundExpression(ev, expr):
    result = NULL
    for arg in expr.args:
        result = ev.evaluate(arg)
    return (result,)  # already evaluated: final


def run_loop_body(ev, body) -> bool:
    """Evaluate a loop body; False when Break[] was called."""
    try:
        ev.evaluate(body)
    except ContinueSignal:
        pass
    except BreakSignal:
        return False
    return True


@builtin(attributes=_HOLD_ALL, nargs=(2, None),
         usage="Do[expr, {i, imax}] evaluates expr with i taking values 1 to imax; Do[expr, n] evaluates it n times.")
def Do(ev, expr):
    body, *specs = expr.args
    _do_nested(ev, body, specs)
    return NULL


def _do_nested(ev, body, specs) -> bool:
    try:
        var, values = iterate(ev, specs[0])
    except IteratorError:
        ev.message("Do", "iterb", specs[0])
        return False
    with bound(ev, var) as set_value:
        for value in values:
            ev.check_abort()
            set_value(value)
            if len(specs) > 1:
                if not _do_nested(ev, body, specs[1:]):
                    return False
            elif not run_loop_body(ev, body):
                return False
    return True


@builtin(attributes=_HOLD_ALL, nargs=(1, 2),
         usage="While[test, body] evaluates test, then body, repetitively, until test first fails to give True.")
def While(ev, expr):
    test = expr.args[0]
    body = expr.args[1] if len(expr.args) > 1 else NULL
    while ev.evaluate(test) is TRUE:
        ev.check_abort()
        if not run_loop_body(ev, body):
            break
    return NULL


@builtin(attributes=_HOLD_ALL, nargs=(3, 4),
         usage="For[start, test, incr, body] executes start, then repeatedly evaluates body and incr until test fails to give True.")
def For(ev, expr):
    start, test, increment = expr.args[:3]
    body = expr.args[3] if len(expr.args) > 3 else NULL
    ev.evaluate(start)
    while ev.evaluate(test) is TRUE:
        ev.check_abort()
        if not run_loop_body(ev, body):
            break
        ev.evaluate(increment)
    return NULL


@builtin(nargs=0, usage="Break[] exits the nearest enclosing Do, For or While.")
def Break(ev, expr):
    raise BreakSignal()


@builtin(nargs=0, usage="Continue[] goes to the next step in the current Do, For or While.")
def Continue(ev, expr):
    raise ContinueSignal()


@builtin(nargs=(0, 2), usage="Return[expr] returns the value expr from a function.")
def Return(ev, expr):
    raise ReturnSignal(expr.args[0] if expr.args else NULL)


@builtin(nargs=(1, 2), usage="Throw[value] stops evaluation and returns value as the value of the nearest enclosing Catch.")
def Throw(ev, expr):
    raise ThrowSignal(expr.args[0], expr.args[1] if len(expr.args) > 1 else None)


@builtin(attributes=("HoldFirst", "Protected"), nargs=(1, 3),
         usage="Catch[expr] returns the argument of the first Throw generated in the evaluation of expr.")
def Catch(ev, expr):
    try:
        return (ev.evaluate(expr.args[0]),)
    except ThrowSignal as signal:
        if len(expr.args) == 1:
            if signal.tag is None:
                return signal.value
            raise
        if signal.tag is not None and match_first(expr.args[1], signal.tag, ev) is not None:
            if len(expr.args) == 3:
                return Normal(expr.args[2], (signal.value, signal.tag))
            return signal.value
        raise


@builtin(nargs=0, usage="Abort[] generates an interrupt to abort a computation.")
def Abort(ev, expr):
    raise AbortEvaluation()


@builtin(attributes=_HOLD_ALL, nargs=(1, 2),
         usage="Quiet[expr] evaluates expr without printing any messages.")
def Quiet(ev, expr):
    ev.quiet += 1
    try:
        return (ev.evaluate(expr.args[0]),)
    finally:
        ev.quiet -= 1


@builtin(attributes=_HOLD_ALL, nargs=(2, None),
         usage="Check[expr, failexpr] evaluates expr, and returns the result, unless messages were generated, in which case it evaluates and returns failexpr.")
def Check(ev, expr):
    before = sum(ev.message_counts.values())
    result = ev.evaluate(expr.args[0])
    if sum(ev.message_counts.values()) > before:
        return expr.args[1]
    return (result,)
