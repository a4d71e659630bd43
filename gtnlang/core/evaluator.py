"""The evaluation loop: Mathematica's standard evaluation sequence.

For a normal expression ``h[a1, a2, ...]`` the evaluator

1. evaluates the head, then the arguments the head's attributes do not hold
   (``Evaluate[...]`` forces a held one),
2. splices ``Sequence[...]`` arguments (and drops ``Nothing`` from lists),
   flattens ``Flat`` heads, sorts the arguments of ``Orderless`` heads,
   threads ``Listable`` heads over lists (when an argument is an opaque atom
   with built-in up-code, e.g. a ``JAXArray``, that code is asked first: the
   atom may be an array rather than a scalar),
3. applies the first rule that matches: up values of the arguments, then the
   head's exact values (a hash lookup), pattern down values, built-in code;
   for a compound head ``f[x][y]``, sub values and the built-in sub-code,
4. repeats on the result until nothing changes.

``$RecursionLimit`` and ``$IterationLimit`` stop runaway evaluation with a
message, returning ``Hold[...]`` of the expression, as Mathematica does.

The evaluator is one object per session; builtins receive it as `ev` and use
`evaluate`, `message`, `attributes` and `definitions`.
"""

from __future__ import annotations

import gc
import sys

from gtnlang.core.attributes import (
    FLAT, HOLD_ALL_COMPLETE, HOLD_FIRST, HOLD_REST, LISTABLE, ORDERLESS,
    SEQUENCE_HOLD,
)
from gtnlang.core.definitions import Definitions
from gtnlang.core.messages import GENERAL_MESSAGES, Message, fill_template
from gtnlang.core.ordering import canonical_sort

from gtnlang.expr import Complex, Expr, Integer, Normal, Opaque, Rational, Real, String, Symbol

__all__ = ["Evaluator", "AbortEvaluation", "ControlFlow", "BreakSignal",
           "ContinueSignal", "ReturnSignal", "ThrowSignal", "ExitRequest"]

_SEQUENCE = Symbol("Sequence")
_EVALUATE = Symbol("Evaluate")
_UNEVALUATED = Symbol("Unevaluated")
_LIST = Symbol("List")
_NOTHING = Symbol("Nothing")
_HOLD = Symbol("Hold")
_HOLD_FORM = Symbol("HoldForm")
_REARRANGING = FLAT | ORDERLESS | LISTABLE
_PLAIN_ATOMS = frozenset((Integer, Rational, Real, String, Complex))
_TRUE = Symbol("True")


def _up_names_of(expr):
    """The symbol whose up values a call with argument `expr` would consult."""
    if type(expr) is Normal:
        head = expr.head
        while type(head) is Normal:
            head = head.head
        return (head.name,) if type(head) is Symbol else ()
    if type(expr) is Symbol:
        return (expr.name,)
    name = getattr(expr, "head_name", None)
    return (name,) if name else ()


class AbortEvaluation(Exception):
    """Raised to abandon the whole evaluation (``Abort[]``, Ctrl-C, time out)."""


class ControlFlow(Exception):
    """Base of the non-local exits of the language."""


class BreakSignal(ControlFlow):
    pass


class ContinueSignal(ControlFlow):
    pass


class ReturnSignal(ControlFlow):
    def __init__(self, value):
        super().__init__()
        self.value = value


class ThrowSignal(ControlFlow):
    def __init__(self, value, tag=None):
        super().__init__()
        self.value = value
        self.tag = tag


class ExitRequest(Exception):
    """``Exit[n]`` / ``Quit[n]``: end the session (the front end decides how)."""

    def __init__(self, code: int = 0):
        super().__init__(code)
        self.code = code


class _RecursionLimitHit(Exception):
    def __init__(self, expr):
        super().__init__()
        self.expr = expr


class Evaluator:
    """Evaluates expressions against one session's definitions."""

    def __init__(self, definitions: Definitions | None = None, *,
                 on_message=None, on_print=None):
        self.definitions = definitions if definitions is not None else Definitions()
        self.on_message = on_message or (lambda message: print(str(message), file=sys.stderr))
        self.on_print = on_print or (lambda text: print(text))
        self.recursion_limit = 1024
        self.iteration_limit = 4096
        self.depth = 0
        self.abort_requested = False
        self.module_number = 1
        self.line = None
        self.filename = None
        self.random = None
        self.quiet = 0
        self.message_counts: dict = {}
        self.sandbox = False
        self.properties: dict = {}
        self.fired_user_rule = False
        self.unevaluated_seen = False
        self._table = self.definitions._table

    # --- public helpers for builtins ---------------------------------------

    def attributes(self, symbol: Symbol) -> int:
        definition = self._table.get(symbol.name)
        if definition is None:
            definition = self.definitions.get(symbol)
        return definition.attributes

    def definition(self, symbol: Symbol):
        definition = self._table.get(symbol.name)
        if definition is None:
            definition = self.definitions.get(symbol)
        return definition

    def message(self, symbol_name: str, tag: str, *args: Expr) -> None:
        """Emit ``symbol::tag`` with its template filled with `args`."""
        if self.quiet:
            return
        definition = self.definitions.get(symbol_name)
        template = definition.messages.get(tag)
        if template is None:
            template = self.definitions.get("General").messages.get(tag)
        if template is None:
            template = GENERAL_MESSAGES.get(tag, "-- Message text not found --")
        if isinstance(template, String):
            template = template.value
        if not isinstance(template, str):
            template = "-- Message text not found --"
        key = (symbol_name, tag)
        count = self.message_counts.get(key, 0) + 1
        self.message_counts[key] = count
        if count > 3:
            if count == 4:
                general = fill_template(GENERAL_MESSAGES["stop"], [f"{symbol_name}::{tag}"])
                self.on_message(Message("General", "stop", general, self.line, self.filename))
            return
        text = fill_template(template, [self.short_form(a) for a in args])
        self.on_message(Message(symbol_name, tag, text, self.line, self.filename))

    def short_form(self, expr: Expr) -> str:
        """How an expression appears inside a message (InputForm, shortened)."""
        from gtnlang.syntax.printer import format_expr
        if expr.has_head("HoldForm") and len(expr.args) == 1:
            text = format_expr(expr.args[0], "InputForm")
        elif type(expr) is String:
            text = expr.value
        else:
            text = format_expr(expr, "InputForm")
        if len(text) > 200:
            text = text[:95] + " <<>> " + text[-95:]
        return text

    def default_value(self, head: Expr, position: int, count: int):
        """Default[f, i] for an Optional argument ``x_.``, or None."""
        if type(head) is not Symbol:
            return None
        defaults = self.definition(head).defaults
        for key in ((position, count), position, None):
            if key in defaults:
                return defaults[key]
        builtin_defaults = _BUILTIN_DEFAULTS.get(head.name)
        if builtin_defaults is not None:
            return builtin_defaults(position)
        return None

    def test(self, function: Expr, expr: Expr) -> bool:
        """Whether ``function[expr]`` evaluates to True (a pattern test, Select, ...).

        A built-in test with no user rules (EvenQ, IntegerQ, ...) is called
        directly: `expr` is already evaluated, and going round the whole
        evaluation loop for it dominated x_?EvenQ matching.
        """
        if type(function) is Symbol and not (type(expr) is Normal and expr.head is _LIST):
            definition = self._table.get(function.name) or self.definitions.get(function)
            spec = definition.builtin
            if (spec is not None and spec.function is not None and spec.nargs in (None, (1, 1))
                    and definition.own_value is None and not definition.down_values
                    and not definition.exact_values and not definition.up_values
                    and not self.definitions.up_symbols.intersection(_up_names_of(expr))):
                result = spec.function(self, Normal(function, (expr,)))
                if result is None:
                    return False
                if type(result) is tuple:
                    result = result[0]
                return result is _TRUE or (type(result) is Normal and self.evaluate(result) is _TRUE)
        return self.evaluate(Normal(function, (expr,))) is _TRUE

    def check_abort(self) -> None:
        if self.abort_requested:
            self.abort_requested = False
            raise AbortEvaluation()

    # --- evaluation ----------------------------------------------------------

    def evaluate(self, expr: Expr) -> Expr:
        """The value of `expr` (Mathematica's standard evaluation)."""
        t = type(expr)
        if t is Normal:
            return self._evaluate_normal(expr)
        if t is Symbol:
            definition = self._table.get(expr.name)
            if definition is None:
                definition = self.definitions.get(expr)
            value = definition.own_value
            if value is None or value == expr:
                return expr
            return self._evaluate_value(expr, value)
        return expr

    def _evaluate_value(self, symbol, value):
        self.depth += 1
        try:
            if self.depth > self.recursion_limit:
                return self._recursion_limit_reached(symbol)
            return self.evaluate(value)
        finally:
            self.depth -= 1

    def _recursion_limit_reached(self, expr):
        # As Mathematica: the message, and the expression held where the
        # limit was reached; evaluation goes on around it.
        self.message("$RecursionLimit", "reclim2", Integer(self.recursion_limit),
                     Normal(_HOLD_FORM, (expr,)))
        return Normal(_HOLD, (expr,))

    def top_level(self, expr: Expr) -> Expr:
        """Evaluate at top level: limits become messages and Hold[...] results."""
        self.depth = 0
        self.message_counts = {}
        # Evaluation allocates many small, mostly long-lived expressions; the
        # default collector thresholds make building a 10^6-element list 3x
        # slower.  Raised for the evaluation only, then restored.
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, 20, 100)
        try:
            return self.evaluate(expr)
        except _RecursionLimitHit as hit:
            self.message("$RecursionLimit", "reclim2", Integer(self.recursion_limit),
                         Normal(_HOLD_FORM, (hit.expr,)))
            return Normal(_HOLD, (hit.expr,))
        finally:
            gc.set_threshold(*thresholds)

    def _evaluate_normal(self, expr: Normal) -> Expr:
        self.depth += 1
        if self.depth > self.recursion_limit:
            self.depth -= 1
            return self._recursion_limit_reached(expr)
        if self.abort_requested:
            self.depth -= 1
            self.check_abort()
        try:
            iterations = 0
            in_rule_body = False
            table = self._table
            while True:
                # One round of the standard evaluation sequence (see module docstring).
                head = expr.head
                if type(head) is Symbol:
                    definition = table.get(head.name)
                    if definition is None:
                        definition = self.definitions.get(head)
                    if definition.own_value is not None:
                        new_head = self.evaluate(head)
                        if new_head is not head:
                            expr = Normal(new_head, expr.args)
                            continue
                    attributes = definition.attributes
                else:
                    new_head = self.evaluate(head)
                    if new_head is not head:
                        expr = Normal(new_head, expr.args)
                        continue
                    definition = None
                    attributes = 0
                args = self._evaluate_args(expr.args, attributes, head is _LIST)
                unevaluated_seen = self.unevaluated_seen
                changed = args is not expr.args
                if attributes & _REARRANGING:
                    # Flattening and threading need a compound argument;
                    # 3 * 4 has none, and checking once is cheaper.
                    compound = False
                    for a in args:
                        if type(a) is Normal:
                            compound = True
                            break
                    if compound and attributes & FLAT:
                        flat = _flatten(args, head)
                        if flat is not args:
                            args, changed = flat, True
                    if attributes & ORDERLESS and len(args) > 1:
                        ordered = canonical_sort(args)
                        if ordered is not args:
                            args, changed = ordered, True
                    if compound and attributes & LISTABLE:
                        threaded = self._thread_listable(head, args)
                        if threaded is not None:
                            if type(threaded) is not Normal:
                                # an opaque atom's up-code answered (see _thread_listable)
                                return threaded[0] if type(threaded) is tuple else self.evaluate(threaded)
                            expr = threaded
                            continue
                if changed:
                    expr = Normal(head, args)
                self.fired_user_rule = False
                try:
                    result = self._apply_rules(expr, head, definition, attributes, unevaluated_seen)
                except ReturnSignal as signal:
                    # Return[] leaves the body of the nearest user rule.
                    if not in_rule_body:
                        raise
                    return signal.value
                if self.fired_user_rule:
                    in_rule_body = True
                if result is None:
                    return expr
                if type(result) is tuple:
                    return result[0]  # a builtin's final, already evaluated value
                if result is expr or result == expr:
                    return result
                iterations += 1
                if iterations > self.iteration_limit:
                    self.message("$IterationLimit", "itlim", Integer(self.iteration_limit))
                    return Normal(_HOLD, (result,))
                if type(result) is not Normal:
                    return self.evaluate(result)
                expr = result
        except ReturnSignal as signal:
            if not in_rule_body:
                raise
            return signal.value
        finally:
            self.depth -= 1

    def _evaluate_args(self, args: tuple, attributes: int, drop_nothing: bool = False) -> tuple:
        """The arguments evaluated as `attributes` say, Sequence spliced.

        With `drop_nothing` (the arguments of a List) an argument whose value
        is the symbol ``Nothing`` is left out.  Only a symbol or a call can
        evaluate to ``Nothing``, so other atoms are never checked.
        Sets `self.unevaluated_seen` when an argument is Unevaluated[...].
        """
        self.unevaluated_seen = False
        if attributes & HOLD_ALL_COMPLETE:
            return args
        hold_first = attributes & HOLD_FIRST
        hold_rest = attributes & HOLD_REST
        splice = not attributes & SEQUENCE_HOLD
        new = None
        for index, arg in enumerate(args):
            t = type(arg)
            if hold_first if index == 0 else hold_rest:
                if t is Normal and arg.head is _EVALUATE and len(arg.args) == 1:
                    value = self.evaluate(arg.args[0])
                else:
                    value = arg
            elif t is Normal:
                value = self._evaluate_normal(arg)
                if drop_nothing and value is _NOTHING:
                    if new is None:
                        new = list(args[:index])
                    continue
            elif t is Symbol:
                value = self.evaluate(arg)
                if drop_nothing and value is _NOTHING:
                    if new is None:
                        new = list(args[:index])
                    continue
            else:
                value = arg
            if type(value) is Normal:
                value_head = value.head
                if value_head is _SEQUENCE and splice:
                    if new is None:
                        new = list(args[:index])
                    if drop_nothing:
                        new.extend(a for a in value.args if a is not _NOTHING)
                    else:
                        new.extend(value.args)
                    continue
                if value_head is _UNEVALUATED:
                    self.unevaluated_seen = True
            if new is not None:
                new.append(value)
            elif value is not arg:
                new = list(args[:index])
                new.append(value)
        return args if new is None else tuple(new)

    def _thread_listable(self, head, args):
        lengths = {len(a.args) for a in args if type(a) is Normal and a.head is _LIST}
        if not lengths:
            return None
        for a in args:
            # An opaque atom may be a container (a JAXArray is an array, not a
            # scalar): its built-in up-code sees the call before it is threaded.
            if type(a) is Opaque and a.head_name in self.definitions.up_symbols:
                result = self._opaque_before_threading(a.head_name, Normal(head, args))
                if result is not None:
                    return result
        if len(lengths) > 1:
            self.message("Thread", "tdlen", Normal(head, args))
            return None
        n = lengths.pop()
        rows = []
        for i in range(n):
            rows.append(Normal(head, tuple(
                a.args[i] if type(a) is Normal and a.head is _LIST else a for a in args)))
        return Normal(_LIST, tuple(rows))

    def _opaque_before_threading(self, name, call):
        definition = self._table.get(name) or self.definitions.get(name)
        spec = definition.builtin
        if spec is None or spec.up_function is None:
            return None
        return spec.up_function(self, call)

    def _apply_rules(self, expr: Normal, head, definition, attributes, unevaluated_seen=False):
        call = _strip_unevaluated(expr) if unevaluated_seen and not attributes & HOLD_ALL_COMPLETE else expr
        if self.definitions.up_symbols and not attributes & HOLD_ALL_COMPLETE:
            # Numbers and strings carry no up values: a call on them alone
            # (most arithmetic) skips the search.
            for arg in call.args:
                if type(arg) not in _PLAIN_ATOMS:
                    result = self._apply_up_values(call)
                    if result is not None:
                        return result
                    break
        if definition is None:
            return self._apply_sub_values(call)
        if definition.exact_values:
            value = definition.exact_values.get(call)
            if value is not None:
                return value
        for rule in definition.down_values:
            result = rule.apply(call, self)
            if result is not None:
                self.fired_user_rule = True
                return result
        spec = definition.builtin
        if spec is not None and spec.function is not None:
            if spec.nargs is not None and not self._check_nargs(call, spec):
                return None
            try:
                return spec.function(self, call)
            except RecursionError:
                raise _RecursionLimitHit(call)
        return None

    def _apply_up_values(self, expr):
        up_symbols = self.definitions.up_symbols
        table = self._table
        for arg in expr.args:
            t = type(arg)
            if t is Normal:
                symbol = arg.head
                while type(symbol) is Normal:
                    symbol = symbol.head
                if type(symbol) is not Symbol:
                    continue
                name = symbol.name
            elif t is Symbol:
                name = arg.name
            elif t is Opaque:
                name = arg.head_name
            else:
                continue
            if name not in up_symbols:
                continue
            definition = table.get(name) or self.definitions.get(name)
            for rule in definition.up_values:
                result = rule.apply(expr, self)
                if result is not None:
                    self.fired_user_rule = True
                    return result
            spec = definition.builtin
            if spec is not None and spec.up_function is not None:
                result = spec.up_function(self, expr)
                if result is not None:
                    return result
        return None

    def _apply_sub_values(self, expr):
        symbol = expr.head
        while type(symbol) is Normal:
            symbol = symbol.head
        if type(symbol) is Opaque:  # a callable atom (CompiledFunction[...][args])
            symbol = Symbol(symbol.head_name)
        if type(symbol) is not Symbol:
            return None
        definition = self.definition(symbol)
        for rule in definition.sub_values:
            result = rule.apply(expr, self)
            if result is not None:
                self.fired_user_rule = True
                return result
        spec = definition.builtin
        if spec is not None and spec.sub_function is not None:
            return spec.sub_function(self, expr)
        return None

    def _check_nargs(self, call, spec) -> bool:
        low, high = spec.nargs
        n = len(call.args)
        if n >= low and (high is None or n <= high):
            return True
        name = Symbol(spec.name)
        if low == high:
            if low == 1:
                self.message(spec.name, "argx", name, Integer(n))
            elif n == 1:
                self.message(spec.name, "argr", name, Integer(low))
            else:
                self.message(spec.name, "argrx", name, Integer(n), Integer(low))
        elif high is None:
            if n == 1:
                self.message(spec.name, "argmu", name, Integer(low))
            else:
                self.message(spec.name, "argm", name, Integer(n), Integer(low))
        elif n == 1:
            self.message(spec.name, "argtu" if high == low + 1 else "argbu", name, Integer(low), Integer(high))
        elif high == low + 1:
            self.message(spec.name, "argt", name, Integer(n), Integer(low), Integer(high))
        else:
            self.message(spec.name, "argb", name, Integer(n), Integer(low), Integer(high))
        return False


def _flatten(args: tuple, head) -> tuple:
    if not any(type(a) is Normal and a.head == head for a in args):
        return args
    out = []
    for a in args:
        if type(a) is Normal and a.head == head:
            out.extend(_flatten(a.args, head))
        else:
            out.append(a)
    return tuple(out)


def _strip_unevaluated(expr: Normal) -> Normal:
    if not any(type(a) is Normal and a.head is _UNEVALUATED for a in expr.args):
        return expr
    return Normal(expr.head, tuple(
        a.args[0] if type(a) is Normal and a.head is _UNEVALUATED and len(a.args) == 1 else a
        for a in expr.args))


_BUILTIN_DEFAULTS = {
    "Plus": lambda position: Integer(0),
    "Times": lambda position: Integer(1),
    "Power": lambda position: Integer(1) if position == 2 else None,
}
