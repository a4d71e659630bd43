"""Expression structure and evaluation control: Head, Hold, HoldForm,
ReleaseHold, Evaluate, Unevaluated, Sequence, Identity, the form wrappers."""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define
from gtnlang.expr import (
    Integer, Normal, String, Symbol, from_bool,
)

for _name, _usage in [
    ("Hold", "Hold[expr] maintains expr in an unevaluated form."),
    ("HoldForm", "HoldForm[expr] prints as the expression expr, with expr maintained in an unevaluated form."),
    ("HoldComplete", "HoldComplete[expr] shields expr completely from the standard evaluation process."),
    ("HoldPattern", "HoldPattern[expr] is equivalent to expr for pattern matching, but maintains expr in an unevaluated form."),
    ("Unevaluated", "Unevaluated[expr] represents the unevaluated form of expr when it appears as the argument to a function."),
]:
    define(_name, attributes=("HoldAllComplete" if _name in ("HoldComplete", "Unevaluated") else "HoldAll", "Protected"),
           usage=_usage)

define("Evaluate", usage="Evaluate[expr] causes expr to be evaluated even if it appears as the argument of a function whose attributes specify that it should be held unevaluated.")
define("Sequence", usage="Sequence[expr1, expr2, ...] represents a sequence of arguments to be spliced automatically into any function.")
define("Null", usage="Null is a symbol used to indicate the absence of an expression or a result.")
define("True", usage="True is the symbol for the Boolean value true.")
define("False", usage="False is the symbol for the Boolean value false.")
define("List", attributes=("Locked", "Protected"), usage="{e1, e2, ...} is a list of elements.")
define("All", usage="All is a setting used for certain options; in Part and related functions, All specifies all parts at a particular level.")
define("None", usage="None is a setting used for certain options.")
define("Automatic", usage="Automatic represents an option or other value that is to be chosen automatically by a built-in function.")
define("$Failed", usage="$Failed is a special symbol returned by certain functions when they cannot do what they were asked to do.")
define("$Aborted", usage="$Aborted is a special symbol that is returned as the result from a calculation that has been aborted.")
define("General", usage="General is a symbol to which general system messages are attached.")

for _form in ("FullForm", "InputForm", "OutputForm", "StandardForm", "TraditionalForm"):
    define(_form, usage=f"{_form}[expr] prints as the {_form} of expr.")


@builtin(nargs=(1, 2), usage="Head[expr] gives the head of expr.")
def Head(ev, expr):
    head = expr.args[0].head
    if len(expr.args) == 2:
        return Normal(expr.args[1], (head,))
    return head


@builtin(nargs=1, usage="Evaluate[expr] causes expr to be evaluated even if it appears as the argument of a function whose attributes specify that it should be held unevaluated.")
def Evaluate(ev, expr):
    return expr.args[0]


@builtin(nargs=1, usage="Identity[expr] gives expr (the identity operation).")
def Identity(ev, expr):
    return expr.args[0]


_HOLDS = ("Hold", "HoldForm", "HoldPattern", "HoldComplete")


@builtin(usage="ReleaseHold[expr] removes Hold, HoldForm, HoldPattern and HoldComplete in expr.")
def ReleaseHold(ev, expr):
    if len(expr.args) != 1:
        return None
    arg = expr.args[0]

    def release(e):
        if type(e) is Normal and type(e.head) is Symbol and e.head.name in _HOLDS:
            return e.args[0] if len(e.args) == 1 else Normal(Symbol("Sequence"), e.args)
        return e

    if type(arg) is Normal and type(arg.head) is Symbol and arg.head.name in _HOLDS:
        return release(arg)
    if type(arg) is Normal:
        return Normal(arg.head, tuple(release(a) for a in arg.args))
    return arg


@builtin(nargs=1, usage="AtomQ[expr] yields True if expr is an expression which cannot be divided into subexpressions, and yields False otherwise.")
def AtomQ(ev, expr):
    return from_bool(expr.args[0].is_atom)


@builtin(nargs=1, usage="StringQ[expr] gives True if expr is a string, and False otherwise.")
def StringQ(ev, expr):
    return from_bool(type(expr.args[0]) is String)


@builtin(nargs=1, usage="SymbolName[symbol] gives the name of the specified symbol.")
def SymbolName(ev, expr):
    arg = expr.args[0]
    return String(arg.name) if type(arg) is Symbol else None


@builtin(nargs=(1, 2), attributes=("HoldAll", "Protected"),
         usage="ValueQ[expr] gives True if a value has been defined for expr, and gives False otherwise.")
def ValueQ(ev, expr):
    arg = expr.args[0]
    if type(arg) is Symbol:
        return from_bool(ev.definition(arg).own_value is not None)
    return from_bool(ev.evaluate(arg) != arg)


@builtin(nargs=(1, 2), usage="Depth[expr] gives the maximum number of indices needed to specify any part of expr, plus 1.")
def Depth(ev, expr):
    def depth(e):
        if e.is_atom:
            return 1
        return 1 + max((depth(a) for a in e.args), default=0)
    return Integer(depth(expr.args[0]))


@builtin(nargs=1, usage="LeafCount[expr] gives the total number of indivisible subexpressions in expr.")
def LeafCount(ev, expr):
    def count(e):
        if e.is_atom:
            if e.head.name in ("Rational", "Complex"):
                return 3
            return 1
        return count(e.head) + sum(count(a) for a in e.args)
    return Integer(count(expr.args[0]))
