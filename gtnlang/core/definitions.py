"""What each symbol means in one session: values, rules, attributes, messages.

A `Definitions` table belongs to one session.  Built-in symbols are copied in
lazily from the declarative `REGISTRY` the first time they are looked up, so a
session starts fast and two sessions never share anything mutable.

Rules are kept per symbol as Mathematica does:

- own value (``x = 1``),
- down values (``f[x_] := ...``): an exact-argument table found by hashing the
  whole call (``fib[10] = 55``) plus a list of pattern rules, most specific
  first, equally specific ones in the order given,
- up values (``g[f[x_]] ^:= ...``), sub values (``f[x_][y_] := ...``),
- attributes, messages (``f::usage``), default values (``Default[f]``),
  options, and the built-in code, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gtnlang.core.builtin import all_names, lookup, up_names
from gtnlang.core.pattern import Template, compiled_matcher, more_specific, pattern_names, symbols_among
from gtnlang.expr import Expr, Normal, Symbol

__all__ = ["Rule", "SymbolDefinition", "Definitions", "insert_rule", "strip_wrappers",
           "conditional_result"]


@dataclass
class Rule:
    """One definition: ``lhs -> rhs`` (``delayed`` for ``:=``), with a sort key."""

    lhs: Expr
    rhs: Expr
    delayed: bool = True
    key: tuple = ()
    template: Template = field(init=False, repr=False, compare=False)
    matcher: object = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        lhs, rhs = with_option_values(self.lhs, self.rhs)
        self.template = Template(rhs, pattern_names(lhs))
        self.matcher = compiled_matcher(lhs)

    def apply(self, expr: Expr, ev):
        """The right side with the match's bindings filled in, or None.

        ``f[x_] := body /; test`` applies only where test is True, as in
        Mathematica (the condition is on the right side of a delayed rule).
        """
        bindings = self.matcher(expr, ev)
        if bindings is None:
            return None
        result = self.template.fill(bindings)
        if self.delayed:
            return conditional_result(result, ev)
        return result


_CONDITION = Symbol("Condition")
_OPTIONS_PATTERN = Symbol("OptionsPattern")
_OPTION_VALUE = Symbol("OptionValue")
_PATTERN = Symbol("Pattern")
_OPTS = Symbol("OptionsPattern$values")


def with_option_values(lhs: Expr, rhs: Expr):
    """For ``f[x_, OptionsPattern[]] := ... OptionValue[name] ...``: the left
    side with the options bound to a name and the right side's one-argument
    ``OptionValue[name]`` turned into ``OptionValue[f, {opts}, name]``, so
    the value given in the call wins over ``Options[f]``.  Other rules are
    returned as they are."""
    if lhs.is_atom or not symbols_among((rhs,), frozenset((_OPTION_VALUE,))) \
            or not symbols_among((lhs,), frozenset((_OPTIONS_PATTERN,))):
        return lhs, rhs
    found = []

    def bind(e, named=False):
        if e.is_atom:
            return e
        if e.head is _PATTERN and len(e.args) == 2 and type(e.args[1]) is Normal \
                and e.args[1].head is _OPTIONS_PATTERN and not found:
            found.append((e.args[0], e.args[1]))
            return e
        if e.head is _OPTIONS_PATTERN and not found:
            found.append((_OPTS, e))
            return Normal(_PATTERN, (_OPTS, e))
        return Normal(bind(e.head), tuple(bind(a) for a in e.args))
    new_lhs = bind(lhs)
    if not found:
        return lhs, rhs
    name, pattern = found[0]
    owner = pattern.args[0] if pattern.args else _head_symbol(lhs)
    if owner is None:
        return lhs, rhs
    given = Normal(Symbol("List"), (name,))

    def rewrite(e):
        if e.is_atom:
            return e
        if e.head is _OPTION_VALUE and len(e.args) == 1:
            return Normal(_OPTION_VALUE, (owner, given, rewrite(e.args[0])))
        return Normal(rewrite(e.head), tuple(rewrite(a) for a in e.args))
    return new_lhs, rewrite(rhs)


def _head_symbol(lhs):
    e = lhs
    while type(e) is Normal and type(e.head) is Symbol and e.head.name in ("HoldPattern", "Condition") and e.args:
        e = e.args[0]
    h = e.head if type(e) is Normal else None
    while type(h) is Normal:
        h = h.head
    return h if type(h) is Symbol else None
_TRUE = Symbol("True")


def conditional_result(result: Expr, ev):
    """`body` for a right side ``body /; test`` whose test holds, None if it fails."""
    if type(result) is Normal and result.head is _CONDITION and len(result.args) == 2:
        if ev.evaluate(result.args[1]) is not _TRUE:
            return None
        return result.args[0]
    return result


class SymbolDefinition:
    """Everything one symbol means in a session."""

    __slots__ = ("name", "own_value", "exact_values", "down_values", "up_values",
                 "sub_values", "attributes", "messages", "defaults", "options",
                 "builtin", "n_values", "format_values")

    def __init__(self, name: str):
        self.name = name
        self.own_value: Expr | None = None
        self.exact_values: dict = {}
        self.down_values: list[Rule] = []
        self.up_values: list[Rule] = []
        self.sub_values: list[Rule] = []
        self.attributes = 0
        self.messages: dict = {}
        self.defaults: dict = {}
        self.options: dict = {}
        self.builtin = None
        self.n_values: list[Rule] = []
        self.format_values: list[Rule] = []

    @property
    def has_rules(self) -> bool:
        return bool(self.exact_values or self.down_values)

    def clear(self) -> None:
        """Forget values and rules (``Clear``); attributes and messages stay."""
        self.own_value = None
        self.exact_values = {}
        self.down_values = []
        self.up_values = []
        self.sub_values = []
        self.n_values = []
        self.format_values = []
        self.defaults = {}


class Definitions:
    """The definitions of one session, keyed by symbol name."""

    def __init__(self):
        self._table: dict[str, SymbolDefinition] = {}
        # Names that may have up values (user ones or built-in code): the
        # evaluator looks at a call's arguments only for these.
        self.up_symbols: set = up_names()

    def add_up_value(self, symbol: Symbol, rule: "Rule") -> None:
        """Store an up value of `symbol` (``g[f[x_]] ^:= ...`` for f)."""
        insert_rule(self.get(symbol).up_values, rule)
        self.up_symbols.add(symbol.name)

    def get(self, symbol: Symbol | str) -> SymbolDefinition:
        """The definition of `symbol`, created on first use."""
        name = symbol if isinstance(symbol, str) else symbol.name
        definition = self._table.get(name)
        if definition is None:
            definition = SymbolDefinition(name)
            spec = lookup(name)
            if spec is not None:
                definition.builtin = spec
                definition.attributes = spec.attributes
                definition.messages.update(spec.messages)
                if spec.usage:
                    definition.messages["usage"] = spec.usage
                if spec.value is not None:
                    definition.own_value = spec.value
                if spec.options:
                    definition.options = dict(spec.options)
            self._table[name] = definition
        return definition

    def lookup(self, name: str) -> SymbolDefinition | None:
        """The definition if the symbol has been used, else None (no creation)."""
        return self._table.get(name)

    def attributes(self, symbol: Symbol) -> int:
        definition = self._table.get(symbol.name)
        if definition is None:
            definition = self.get(symbol)
        return definition.attributes

    def names(self):
        """Names of all symbols known to the session, built-in ones included."""
        return sorted(set(self._table) | all_names())

    def user_names(self):
        """Names of symbols that have user definitions."""
        return sorted(name for name, d in self._table.items()
                      if d.own_value is not None and d.builtin is None or d.has_rules
                      or d.up_values or d.sub_values)


def exact_key(expr: Normal):
    """The hash key of an exact-argument definition (the whole call)."""
    return expr


def strip_wrappers(lhs: Expr) -> Expr:
    """The call inside Condition[...] and HoldPattern[...] wrappers."""
    while type(lhs) is Normal and (lhs.has_head("Condition") or lhs.has_head("HoldPattern")) and lhs.args:
        lhs = lhs.args[0]
    return lhs


def insert_rule(rules: list, rule: Rule) -> None:
    """Add `rule`, replacing one with the same left side, before more general ones."""
    for index, existing in enumerate(rules):
        if existing.lhs == rule.lhs and _condition_of(existing) == _condition_of(rule):
            rules[index] = rule
            return
    new_core = strip_wrappers(rule.lhs)
    for index, existing in enumerate(rules):
        if more_specific(new_core, strip_wrappers(existing.lhs)):
            rules.insert(index, rule)
            return
    rules.append(rule)


def _condition_of(rule: Rule):
    """The test of a right side ``body /; test`` (rules differing in it are distinct)."""
    rhs = rule.rhs
    if rule.delayed and type(rhs) is Normal and rhs.head is _CONDITION and len(rhs.args) == 2:
        return rhs.args[1]
    return None
