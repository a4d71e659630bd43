"""Rules and replacement: Rule, RuleDelayed, ReplaceAll (/.), ReplaceRepeated
(//.), Replace, MatchQ, and the pattern heads themselves."""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define
from gtnlang.core.definitions import conditional_result
from gtnlang.core.pattern import compiled_matcher, match_first, rule_template
from gtnlang.expr import Expr, Integer, Normal, Symbol, from_bool

_LIST = Symbol("List")
_RULE_DELAYED = Symbol("RuleDelayed")

define("Rule", attributes=("SequenceHold", "Protected"),
       usage="lhs -> rhs represents a rule that transforms lhs to rhs.")
define("RuleDelayed", attributes=("HoldRest", "SequenceHold", "Protected"),
       usage="lhs :> rhs represents a rule that transforms lhs to rhs, evaluating rhs only after the rule is used.")
for _name, _attributes, _usage in [
    ("Blank", (), "_ or Blank[] is a pattern object that can stand for any Wolfram Language expression."),
    ("BlankSequence", (), "__ (two _ characters) or BlankSequence[] is a pattern object that can stand for any sequence of one or more expressions."),
    ("BlankNullSequence", (), "___ (three _ characters) or BlankNullSequence[] is a pattern object that can stand for any sequence of zero or more expressions."),
    ("Pattern", ("HoldFirst",), "s:obj represents the pattern object obj, assigned the name s."),
    ("Condition", ("HoldAll",), "patt /; test is a pattern which matches only if the evaluation of test yields True."),
    ("PatternTest", ("HoldRest",), "p?test is a pattern object that stands for any expression that matches p, and on which the application of test gives True."),
    ("Alternatives", (), "p1 | p2 | ... is a pattern object that represents any of the patterns pi."),
    ("Optional", (), "patt:def or Optional[patt, def] is a pattern object that represents an expression of the form patt, which, if omitted, should be replaced by the default value def."),
    ("Repeated", (), "p.. or Repeated[p] is a pattern object that represents a sequence of one or more expressions, each matching p."),
    ("RepeatedNull", (), "p... or RepeatedNull[p] is a pattern object that represents a sequence of zero or more expressions, each matching p."),
    ("Except", (), "Except[c] is a pattern object which represents any expression except one that matches c."),
    ("Verbatim", (), "Verbatim[expr] represents expr in pattern matching, requiring that expr be matched exactly as it appears, with no substitutions for blanks or other transformations."),
    ("Longest", (), "Longest[p] is a pattern object that matches the longest sequence consistent with the pattern p."),
    ("Shortest", (), "Shortest[p] is a pattern object that matches the shortest sequence consistent with the pattern p."),
]:
    define(_name, attributes=_attributes + ("Protected",), usage=_usage)


def _as_rules(ev, spec: Expr, who: str):
    """The rules of a rule or list of rules, as (matcher, template, delayed); None if invalid."""
    items = spec.args if type(spec) is Normal and spec.head is _LIST else (spec,)
    rules = []
    for item in items:
        if type(item) is Normal and len(item.args) == 2 and (item.has_head("Rule") or item.has_head("RuleDelayed")):
            lhs, rhs = item.args
            # matcher and template looked up once, not once per subexpression
            rules.append((compiled_matcher(lhs), rule_template(lhs, rhs), item.head is _RULE_DELAYED))
        else:
            ev.message(who, "reps", spec)
            return None
    return rules


def apply_rules_once(ev, expr: Expr, rules):
    """The result of the first of `rules` (``(matcher, template, delayed)``
    from :func:`_as_rules`) matching `expr` itself, or None."""
    for matcher, template, delayed in rules:
        bindings = matcher(expr, ev)
        if bindings is not None:
            result = template.fill(bindings)
            if delayed:
                result = conditional_result(result, ev)
                if result is None:
                    continue
            return result
    return None


def replace_all(ev, expr: Expr, rules):
    """Apply the rules to every subexpression, outermost first, once each."""
    result = apply_rules_once(ev, expr, rules)
    if result is not None:
        return result, True
    if expr.is_atom:
        graph_replace = getattr(expr.value, "__gtn_replace__", None) if hasattr(expr, "head_name") else None
        if graph_replace is not None:
            new = graph_replace(lambda weight: replace_all(ev, weight, rules)[0])
            if new is not None:
                return new, True
        return expr, False
    head, head_changed = replace_all(ev, expr.head, rules)
    changed = head_changed
    args = []
    for arg in expr.args:
        new, arg_changed = replace_all(ev, arg, rules)
        changed = changed or arg_changed
        args.append(new)
    if not changed:
        return expr, False
    return Normal(head, tuple(args)), True


def _rule_sets(ev, spec, who):
    """A list of rules, or a list of lists of rules (giving a list of results)."""
    if type(spec) is Normal and spec.head is _LIST and spec.args and all(
            type(a) is Normal and a.head is _LIST for a in spec.args):
        sets = [_as_rules(ev, a, who) for a in spec.args]
        return None if any(s is None for s in sets) else sets, True
    return _as_rules(ev, spec, who), False


@builtin(nargs=(1, 2), usage="expr /. rules applies a rule or list of rules in an attempt to transform each subpart of an expression expr.")
def ReplaceAll(ev, expr):
    if len(expr.args) == 1:
        return None
    target, spec = expr.args
    rule_sets, many = _rule_sets(ev, spec, "ReplaceAll")
    if rule_sets is None:
        return None
    if many:
        return Normal(_LIST, tuple(replace_all(ev, target, rules)[0] for rules in rule_sets))
    return replace_all(ev, target, rule_sets)[0]


@builtin(nargs=(1, 3), usage="expr //. rules repeatedly performs replacements until expr no longer changes.",
         options=((Symbol("MaxIterations"), Integer(65536)),),
         messages={"rrlim": "Exiting after `1` scanned `2` times."})
def ReplaceRepeated(ev, expr):
    if len(expr.args) < 2:
        return None
    target, spec = expr.args[:2]
    rules = _as_rules(ev, spec, "ReplaceRepeated")
    if rules is None:
        return None
    for _ in range(65536):
        ev.check_abort()
        new, changed = replace_all(ev, target, rules)
        if not changed:
            return target
        new = ev.evaluate(new)
        if new == target:
            return target
        target = new
    ev.message("ReplaceRepeated", "rrlim", target, Integer(65536))
    return target


@builtin(nargs=(1, 3), usage="Replace[expr, rules] applies a rule or list of rules in an attempt to transform the entire expression expr.\n"
         "Replace[expr, rules, levelspec] applies rules to parts of expr specified by levelspec.")
def Replace(ev, expr):
    if len(expr.args) < 2:
        return None
    target, spec = expr.args[:2]
    rules = _as_rules(ev, spec, "Replace")
    if rules is None:
        return None
    if len(expr.args) == 2:
        result = apply_rules_once(ev, target, rules)
        return target if result is None else result
    from gtnlang.core.levels import LevelSpecError, parse_level_spec, map_at_levels
    try:
        low, high, heads = parse_level_spec(expr.args[2])
    except LevelSpecError:
        ev.message("Replace", "level", expr.args[2])
        return None

    def replace_one(e):
        result = apply_rules_once(ev, e, rules)
        return e if result is None else result

    return map_at_levels(target, replace_one, low, high, heads)


@builtin(nargs=(1, 2), usage="MatchQ[expr, form] returns True if the pattern form matches expr, and returns False otherwise.")
def MatchQ(ev, expr):
    if len(expr.args) != 2:
        return None
    return from_bool(match_first(expr.args[1], expr.args[0], ev) is not None)
