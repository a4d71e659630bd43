"""Pattern matching: does ``f[x_Integer?EvenQ, y__]`` match ``f[2, a, b]``?

`match(pattern, expr, ev)` yields every way `pattern` matches `expr`, each as
a dict from pattern names to values (a sequence pattern binds a
``Sequence[...]``).  The first one found is what rule application uses; later
ones are needed when a condition on an enclosing pattern rejects the first.

Supported: ``_``, ``_h``, ``__``, ``___``, ``x_``, ``x:p``, ``x_:d``, ``x_.``,
``p /; c``, ``p ? t``, ``p | q``, ``p..``, ``p...``, ``Except``,
``HoldPattern``, ``Verbatim``, ``Longest``/``Shortest`` (taken as the inner
pattern), repeated names (``f[x_, x_]``), and arguments of ``Flat`` and
``Orderless`` heads matched as Mathematica does.

>>> from gtnlang.syntax.parser import parse   # doctest: +SKIP
"""

from __future__ import annotations

from itertools import combinations

from gtnlang.core.attributes import FLAT, ORDERLESS
from gtnlang.expr import Expr, Integer, Normal, Symbol, TRUE

__all__ = ["match", "match_first", "substitute", "is_free_of_patterns",
           "specificity", "more_specific", "compiled_matcher", "pattern_names",
           "Template", "rule_template", "substitute_scoped", "symbols_among"]

_PATTERN_HEADS = frozenset({
    "Pattern", "Blank", "BlankSequence", "BlankNullSequence", "Condition",
    "PatternTest", "Alternatives", "Optional", "Repeated", "RepeatedNull",
    "Except", "HoldPattern", "Verbatim", "Longest", "Shortest", "OptionsPattern",
    "PatternSequence",
})

_SEQUENCE = Symbol("Sequence")
_free_cache: dict = {}


def is_free_of_patterns(expr: Expr) -> bool:
    """True when `expr` contains no pattern objects (so it matches only itself)."""
    if expr.is_atom:
        return True
    cached = _free_cache.get(expr)
    if cached is not None:
        return cached
    head = expr.head
    if type(head) is Symbol and head.name in _PATTERN_HEADS:
        result = False
    else:
        result = is_free_of_patterns(head) and all(is_free_of_patterns(a) for a in expr.args)
    if len(_free_cache) > 100_000:
        _free_cache.clear()
    _free_cache[expr] = result
    return result


def _head_name(expr: Expr):
    if type(expr) is Normal and type(expr.head) is Symbol:
        return expr.head.name
    return None


def match_first(pattern: Expr, expr: Expr, ev, bindings: dict | None = None):
    """The first match's bindings, or None."""
    return compiled_matcher(pattern)(expr, ev, bindings)


def match(pattern: Expr, expr: Expr, ev, bindings: dict):
    """Yield each binding dict under which `pattern` matches `expr`."""
    if pattern.is_atom:
        if pattern == expr:
            yield bindings
        return
    name = _head_name(pattern)
    handler = _SPECIAL.get(name) if name is not None else None
    if handler is not None:
        yield from handler(pattern, expr, ev, bindings)
        return
    if is_free_of_patterns(pattern):
        if pattern == expr:
            yield bindings
        return
    if expr.is_atom:
        # A pattern with optional arguments can match an atom: x matches a_. x
        yield from _match_with_defaults(pattern, expr, ev, bindings)
        return
    for b in match(pattern.head, expr.head, ev, bindings):
        attributes = ev.attributes(expr.head) if type(expr.head) is Symbol else 0
        yield from match_args(pattern.args, expr.args, ev, b, attributes, expr.head)
    if not (type(expr.head) is Symbol and pattern.head == expr.head):
        yield from _match_with_defaults(pattern, expr, ev, bindings)


def _match_with_defaults(pattern, expr, ev, bindings):
    """`a_. x` matches `x`: optional arguments take defaults, the rest matches expr."""
    if type(pattern.head) is not Symbol:
        return
    optional = [a for a in pattern.args if _is_optional(a)]
    if not optional:
        return
    rest = [a for a in pattern.args if not _is_optional(a)]
    if len(rest) != 1:
        return
    b = bindings
    for position, p in enumerate(pattern.args):
        if _is_optional(p):
            b = _bind_default(p, pattern.head, position, len(pattern.args), ev, b)
            if b is None:
                return
    yield from match(rest[0], expr, ev, b)


def _is_optional(p: Expr) -> bool:
    return _head_name(p) == "Optional"


def _bind_default(p, head, position, count, ev, bindings):
    """Bind an Optional pattern to its default value; None when impossible."""
    default = p.args[1] if len(p.args) > 1 else ev.default_value(head, position + 1, count)
    if default is None:
        return None
    for b in match(p.args[0], default, ev, bindings):
        return b
    return None


# --- special pattern objects -------------------------------------------------

def _match_blank(pattern, expr, ev, bindings):
    if not pattern.args or expr.head == pattern.args[0]:
        yield bindings


def _match_pattern(pattern, expr, ev, bindings):
    if len(pattern.args) != 2:
        return
    name = pattern.args[0]
    bound = bindings.get(name)
    if bound is not None:
        if bound == expr:
            yield from match(pattern.args[1], expr, ev, bindings)
        return
    for b in match(pattern.args[1], expr, ev, bindings):
        b = dict(b)
        b[name] = expr
        yield b


def _match_condition(pattern, expr, ev, bindings):
    if len(pattern.args) != 2:
        return
    for b in match(pattern.args[0], expr, ev, bindings):
        if ev.evaluate(substitute(pattern.args[1], b)) is TRUE:
            yield b


def _match_pattern_test(pattern, expr, ev, bindings):
    if len(pattern.args) != 2:
        return
    for b in match(pattern.args[0], expr, ev, bindings):
        if ev.test(pattern.args[1], expr):
            yield b


def _match_alternatives(pattern, expr, ev, bindings):
    for alternative in pattern.args:
        yield from match(alternative, expr, ev, bindings)


def _match_optional(pattern, expr, ev, bindings):
    yield from match(pattern.args[0], expr, ev, bindings)


def _match_except(pattern, expr, ev, bindings):
    if match_first(pattern.args[0], expr, ev, dict(bindings)) is not None:
        return
    if len(pattern.args) > 1:
        yield from match(pattern.args[1], expr, ev, bindings)
    else:
        yield bindings


def _match_inner(pattern, expr, ev, bindings):
    if pattern.args:
        yield from match(pattern.args[0], expr, ev, bindings)


def _match_verbatim(pattern, expr, ev, bindings):
    if pattern.args and pattern.args[0] == expr:
        yield bindings


def _match_single_as_sequence(pattern, expr, ev, bindings):
    # __ or p.. standing where one argument is expected matches that argument.
    yield from match_args((pattern,), (expr,), ev, bindings, 0, None)


def _options_expansion():
    """OptionsPattern[] as ordinary patterns: (_Rule | _RuleDelayed | {(_Rule | _RuleDelayed)...})..."""
    rule = Normal(Symbol("Alternatives"), (Normal(Symbol("Blank"), (Symbol("Rule"),)),
                                            Normal(Symbol("Blank"), (Symbol("RuleDelayed"),))))
    listed = Normal(Symbol("List"), (Normal(Symbol("RepeatedNull"), (rule,)),))
    return Normal(Symbol("RepeatedNull"), (Normal(Symbol("Alternatives"), rule.args + (listed,)),))


_OPTIONS_EXPANSION = _options_expansion()


def _match_options(pattern, expr, ev, bindings):
    yield from _match_single_as_sequence(_OPTIONS_EXPANSION, expr, ev, bindings)


_SPECIAL = {
    "OptionsPattern": _match_options,
    "Blank": _match_blank,
    "Pattern": _match_pattern,
    "Condition": _match_condition,
    "PatternTest": _match_pattern_test,
    "Alternatives": _match_alternatives,
    "Optional": _match_optional,
    "Except": _match_except,
    "HoldPattern": _match_inner,
    "Longest": _match_inner,
    "Shortest": _match_inner,
    "Verbatim": _match_verbatim,
    "BlankSequence": _match_blank,
    "BlankNullSequence": _match_blank,
    "Repeated": _match_single_as_sequence,
    "RepeatedNull": _match_single_as_sequence,
}


# --- argument sequences ------------------------------------------------------

def _sequence_bounds(p: Expr):
    """(min, max) number of arguments pattern `p` can take; max None = unbounded."""
    name = _head_name(p)
    if name == "Pattern" and len(p.args) == 2:
        return _sequence_bounds(p.args[1])
    if name == "OptionsPattern":
        return (0, None)
    if name in ("Condition", "PatternTest", "HoldPattern", "Longest", "Shortest") and p.args:
        return _sequence_bounds(p.args[0])
    if name == "BlankSequence":
        return (1, None)
    if name == "BlankNullSequence":
        return (0, None)
    if name == "Repeated":
        return _repeat_bounds(p, 1)
    if name == "RepeatedNull":
        return _repeat_bounds(p, 0)
    if name == "Optional":
        low, high = _sequence_bounds(p.args[0])
        return (0, high)
    if name == "Alternatives" and p.args:
        bounds = [_sequence_bounds(a) for a in p.args]
        low = min(b[0] for b in bounds)
        high = None if any(b[1] is None for b in bounds) else max(b[1] for b in bounds)
        return (low, high)
    return (1, 1)


def _repeat_bounds(p, default_min):
    if len(p.args) >= 2:
        spec = p.args[1]
        if type(spec) is Integer:
            return (default_min, spec.value)
        if spec.has_head("List") and all(type(x) is Integer for x in spec.args):
            values = [x.value for x in spec.args]
            if len(values) == 1:
                return (values[0], values[0])
            if len(values) == 2:
                return (values[0], values[1])
    return (default_min, None)


def _sequence_value(items):
    return Normal(_SEQUENCE, tuple(items))


def _match_sequence_element(p, items, ev, bindings, head, position, count):
    """Match pattern `p` against the tuple `items` of consecutive arguments."""
    name = _head_name(p)
    if name == "OptionsPattern":
        p, name = _OPTIONS_EXPANSION, "RepeatedNull"
    if name == "Pattern" and len(p.args) == 2:
        bounds = _sequence_bounds(p.args[1])
        if bounds == (1, 1) and len(items) == 1:
            value = items[0]
        elif bounds == (1, 1) and head is not None:
            value = Normal(head, tuple(items))  # one pattern took several args of a Flat head
        else:
            value = _sequence_value(items)
        var = p.args[0]
        bound = bindings.get(var)
        if bound is not None:
            if bound != value:
                return
            yield from _match_sequence_element(p.args[1], items, ev, bindings, head, position, count)
            return
        for b in _match_sequence_element(p.args[1], items, ev, bindings, head, position, count):
            b = dict(b)
            b[var] = value
            yield b
        return
    if name in ("BlankSequence", "BlankNullSequence"):
        if not p.args or all(item.head == p.args[0] for item in items):
            yield bindings
        return
    if name in ("Repeated", "RepeatedNull"):
        yield from _match_each(p.args[0], items, ev, bindings)
        return
    if name == "Condition" and len(p.args) == 2:
        for b in _match_sequence_element(p.args[0], items, ev, bindings, head, position, count):
            if ev.evaluate(substitute(p.args[1], b)) is TRUE:
                yield b
        return
    if name == "PatternTest" and len(p.args) == 2:
        for b in _match_sequence_element(p.args[0], items, ev, bindings, head, position, count):
            if all(ev.test(p.args[1], item) for item in items):
                yield b
        return
    if name == "Optional":
        if not items:
            b = _bind_default(p, head, position, count, ev, bindings)
            if b is not None:
                yield b
            return
        yield from _match_sequence_element(p.args[0], items, ev, bindings, head, position, count)
        return
    if name == "Alternatives":
        for alternative in p.args:
            yield from _match_sequence_element(alternative, items, ev, bindings, head, position, count)
        return
    if name in ("HoldPattern", "Longest", "Shortest") and p.args:
        yield from _match_sequence_element(p.args[0], items, ev, bindings, head, position, count)
        return
    if len(items) == 1:
        yield from match(p, items[0], ev, bindings)
    elif len(items) > 1 and head is not None:
        # Under a Flat head one ordinary pattern may take several arguments.
        yield from match(p, Normal(head, tuple(items)), ev, bindings)


def _match_each(p, items, ev, bindings):
    """Every item matches `p`, with consistent bindings (p.. semantics)."""
    if not items:
        yield bindings
        return
    for b in match(p, items[0], ev, bindings):
        yield from _match_each(p, items[1:], ev, b)


def match_args(patterns, items, ev, bindings, attributes, head):
    """Match the argument patterns against the argument tuple `items`."""
    if attributes & ORDERLESS:
        yield from _match_orderless(tuple(patterns), tuple(items), ev, bindings, attributes, head, 0)
        return
    if not any(not is_free_of_patterns(p) for p in patterns):
        if tuple(patterns) == tuple(items):
            yield bindings
        return
    flat = bool(attributes & FLAT)
    yield from _match_ordered(tuple(patterns), tuple(items), ev, bindings, flat, head, 0, len(patterns))


def _max_len(p, flat):
    low, high = _sequence_bounds(p)
    if flat and (low, high) == (1, 1) and _head_name(p) not in ("Optional",):
        return None
    return high


def _match_ordered(patterns, items, ev, bindings, flat, head, position, count):
    if not patterns:
        if not items:
            yield bindings
        return
    first, rest = patterns[0], patterns[1:]
    low, _ = _sequence_bounds(first)
    high = _max_len(first, flat)
    rest_min = sum(_sequence_bounds(p)[0] for p in rest)
    available = len(items) - rest_min
    upper = available if high is None else min(high, available)
    if low == 1 and high == 1:
        if items:
            for b in match(first, items[0], ev, bindings):
                yield from _match_ordered(rest, items[1:], ev, b, flat, head, position + 1, count)
        return
    for n in range(low, upper + 1):
        seq_head = head if flat else None
        for b in _match_sequence_element(first, items[:n], ev, bindings, seq_head, position, count):
            yield from _match_ordered(rest, items[n:], ev, b, flat, head, position + 1, count)


def _match_orderless(patterns, items, ev, bindings, attributes, head, position):
    """Orderless: each pattern takes some subset of the remaining arguments."""
    if not patterns:
        if not items:
            yield bindings
        return
    # Plain patterns first: they constrain most and keep the search small.
    order = sorted(range(len(patterns)), key=lambda i: _sequence_bounds(patterns[i]) != (1, 1))
    first_index = order[0]
    first = patterns[first_index]
    rest = patterns[:first_index] + patterns[first_index + 1:]
    low, _ = _sequence_bounds(first)
    high = _max_len(first, bool(attributes & FLAT))
    rest_min = sum(_sequence_bounds(p)[0] for p in rest)
    available = len(items) - rest_min
    upper = available if high is None else min(high, available)
    seen = set()
    for n in range(low, upper + 1):
        for chosen in combinations(range(len(items)), n):
            taken = tuple(items[i] for i in chosen)
            if taken in seen:
                continue
            seen.add(taken)
            remaining = tuple(items[i] for i in range(len(items)) if i not in chosen)
            seq_head = head if attributes & FLAT else None
            for b in _match_sequence_element(first, taken, ev, bindings, seq_head, position, len(patterns)):
                yield from _match_orderless(rest, remaining, ev, b, attributes, head, position + 1)


# --- substitution ------------------------------------------------------------

def substitute(expr: Expr, bindings: dict) -> Expr:
    """Replace bound pattern names in `expr`; a Sequence value splices into arguments.

    >>> substitute(Symbol("x"), {Symbol("x"): Integer(1)})
    Integer(1)
    """
    if not bindings:
        return expr
    if expr.is_atom:
        return bindings.get(expr, expr) if type(expr) is Symbol else expr
    head = substitute(expr.head, bindings)
    changed = head is not expr.head
    new_args = []
    for arg in expr.args:
        if type(arg) is Symbol:
            value = bindings.get(arg)
            if value is None:
                new_args.append(arg)
                continue
            changed = True
            if type(value) is Normal and value.head is _SEQUENCE:
                new_args.extend(value.args)
            else:
                new_args.append(value)
        elif arg.is_atom:
            new_args.append(arg)
        else:
            new = substitute(arg, bindings)
            if new is not arg:
                changed = True
            new_args.append(new)
    if not changed:
        return expr
    return Normal(head, tuple(new_args))


_LOCALS_CACHE: dict = {}


def substitute_scoped(expr: Expr, bindings: dict) -> Expr:
    """:func:`substitute` for a body that may contain scoping constructs
    (With's and Function's substitution): a construct whose variable occurs in
    a substituted value has the variable renamed x -> x$ first.

    >>> from gtnlang.syntax.parser import parse
    >>> str(substitute_scoped(parse("Function[x, x + y]"), {Symbol("y"): Symbol("x")}))
    'Function[x$, x$ + x]'
    """
    hit = _LOCALS_CACHE.get(id(expr))
    if hit is None or hit[0] is not expr:
        if len(_LOCALS_CACHE) > 512:
            _LOCALS_CACHE.clear()
        hit = _LOCALS_CACHE[id(expr)] = (expr, _scoped_locals(expr))
    local = hit[1] - bindings.keys()
    if local:
        clash = symbols_among(bindings.values(), local)
        if clash:
            expr = _rename_locals(expr, clash)
    return substitute(expr, bindings)


# --- specificity of rules ------------------------------------------------------

def specificity(pattern: Expr):
    """A key; a smaller key is a more specific pattern (used to order rules)."""
    if pattern.is_atom:
        return (0,)
    name = _head_name(pattern)
    if name == "Pattern" and len(pattern.args) == 2:
        return specificity(pattern.args[1])
    if name == "Blank":
        return (2, 0 if pattern.args else 1, 1)
    if name == "BlankSequence":
        return (3, 0 if pattern.args else 1, 1)
    if name == "BlankNullSequence":
        return (4, 0 if pattern.args else 1, 1)
    if name in ("Condition", "PatternTest") and pattern.args:
        inner = specificity(pattern.args[0])
        return inner[:-1] + (0,) if len(inner) == 3 else inner
    if name in ("HoldPattern", "Longest", "Shortest") and pattern.args:
        return specificity(pattern.args[0])
    if name == "Optional" and pattern.args:
        inner = specificity(pattern.args[0])
        return (inner[0] + 0.5,) + inner[1:]
    if name in ("Alternatives", "Except", "Repeated", "RepeatedNull"):
        return (2.5,)
    return (1,)


def more_specific(a: Expr, b: Expr) -> bool:
    """True when rule pattern `a` is clearly more specific than `b` (a partial order)."""
    if a.is_atom or b.is_atom:
        return False
    if len(a.args) != len(b.args) or a.head != b.head:
        return False
    strictly = False
    for pa, pb in zip(a.args, b.args):
        ka, kb = specificity(pa), specificity(pb)
        if ka > kb:
            return False
        if ka < kb:
            strictly = True
    return strictly


# --- fast paths for the common shapes ------------------------------------------
#
# Most rules are f[x_, y_Integer] := ... and most replacements x_?test :> ...;
# for those a specialised matcher avoids the general generator machinery.
# `compiled_matcher(pattern)` returns a function (expr, ev) -> bindings or
# None; shapes it does not know fall back to the general `match`.

_compiled: dict = {}
_NO_MATCH = object()


def _simple_element(p):
    """A matcher for one-expression patterns x_, x_h, _, _h, literals; else None.

    Returns (name or None, head or None, literal or _NO_MATCH)."""
    if is_free_of_patterns(p):
        return (None, None, p)
    name = _head_name(p)
    if name == "Blank" and len(p.args) <= 1:
        return (None, p.args[0] if p.args else None, _NO_MATCH)
    if name == "Pattern" and len(p.args) == 2 and type(p.args[0]) is Symbol:
        inner = p.args[1]
        if _head_name(inner) == "Blank" and len(inner.args) <= 1:
            return (p.args[0], inner.args[0] if inner.args else None, _NO_MATCH)
    return None


def _general(pattern):
    def run(expr, ev, bindings=None):
        for b in match(pattern, expr, ev, {} if bindings is None else bindings):
            return b
        return None
    return run


def _compile(pattern):
    element = _simple_element(pattern)
    if element is not None:
        name, head, literal = element
        if literal is not _NO_MATCH:
            return lambda expr, ev, bindings=None: ({} if bindings is None else bindings) if expr == literal else None
        if name is None:
            if head is None:
                return lambda expr, ev, bindings=None: {} if bindings is None else bindings
            return lambda expr, ev, bindings=None: ({} if bindings is None else bindings) if expr.head == head else None

        def bind(expr, ev, bindings=None):
            if head is not None and expr.head != head:
                return None
            if bindings:
                bound = bindings.get(name)
                if bound is not None:
                    return bindings if bound == expr else None
                new = dict(bindings)
                new[name] = expr
                return new
            return {name: expr}
        return bind
    kind = _head_name(pattern)
    if kind == "PatternTest" and len(pattern.args) == 2 and _simple_element(pattern.args[0]) is not None:
        inner = _compile(pattern.args[0])
        test = pattern.args[1]

        def tested(expr, ev, bindings=None):
            b = inner(expr, ev, bindings)
            if b is None or not ev.test(test, expr):
                return None
            return b
        return tested
    if kind == "Condition" and len(pattern.args) == 2 and _simple_element(pattern.args[0]) is not None:
        # A one-expression pattern matches in one way only, so testing the
        # condition on that one match is the whole story.
        inner = _compile(pattern.args[0])
        condition = pattern.args[1]

        def conditioned(expr, ev, bindings=None):
            b = inner(expr, ev, bindings)
            if b is None or ev.evaluate(substitute(condition, b)) is not TRUE:
                return None
            return b
        return conditioned
    if type(pattern) is Normal and type(pattern.head) is Symbol and kind not in _PATTERN_HEADS:
        elements = [_simple_element(a) for a in pattern.args]
        names = [e[0] for e in elements if e is not None and e[0] is not None]
        if all(e is not None for e in elements) and len(names) == len(set(names)):
            return _positional(pattern, elements)
    return _general(pattern)


def _positional(pattern, elements):
    """h[x_, y_Integer, 3]: one argument per element, when h is not Flat/Orderless."""
    head = pattern.head
    count = len(elements)
    fallback = _general(pattern)

    def positional(expr, ev, bindings=None):
        if type(expr) is not Normal or expr.head is not head:
            return None
        if ev.attributes(head) & (FLAT | ORDERLESS):
            return fallback(expr, ev, bindings)
        args = expr.args
        if len(args) != count:
            return None
        b = {} if bindings is None else bindings
        copied = bindings is None
        for (name, h, literal), arg in zip(elements, args):
            if literal is not _NO_MATCH:
                if arg != literal:
                    return None
                continue
            if h is not None and arg.head != h:
                return None
            if name is not None:
                bound = b.get(name)
                if bound is not None:
                    if bound != arg:
                        return None
                    continue
                if not copied:
                    b = dict(b)
                    copied = True
                b[name] = arg
        return b
    return positional


_compiled_by_id: dict = {}


def compiled_matcher(pattern):
    """A function (expr, ev, bindings=None) -> bindings or None for `pattern`."""
    # By identity first: equal patterns parsed twice are distinct objects,
    # and comparing them structurally on every lookup costs more than matching.
    entry = _compiled_by_id.get(id(pattern))
    if entry is not None and entry[0] is pattern:
        return entry[1]
    matcher = _compiled.get(pattern)
    if matcher is None:
        matcher = _compile(pattern)
        if len(_compiled) > 50_000:
            _compiled.clear()
        _compiled[pattern] = matcher
    if len(_compiled_by_id) > 50_000:
        _compiled_by_id.clear()
    _compiled_by_id[id(pattern)] = (pattern, matcher)
    return matcher


def pattern_names(pattern: Expr) -> frozenset:
    """The names bound by `pattern` (x in x_, x:p)."""
    names = set()

    def walk(e):
        if e.is_atom:
            return
        if _head_name(e) == "Pattern" and e.args and type(e.args[0]) is Symbol:
            names.add(e.args[0])
        walk(e.head)
        for a in e.args:
            walk(a)
    walk(pattern)
    return frozenset(names)


_SCOPING = frozenset({"Module", "With", "Function", "Rule", "RuleDelayed", "SetDelayed", "Set"})


def _local_names(e) -> frozenset:
    """The symbols a scoping construct binds: Module/With variables, Function
    parameters, the pattern names of a rule or definition."""
    name = _head_name(e)
    if name in ("Module", "With") and e.args and e.args[0].has_head("List"):
        out = set()
        for v in e.args[0].args:
            if type(v) is Symbol:
                out.add(v)
            elif _head_name(v) in ("Set", "SetDelayed") and v.args and type(v.args[0]) is Symbol:
                out.add(v.args[0])
        return frozenset(out)
    if name == "Function" and len(e.args) >= 2:
        params = e.args[0]
        if type(params) is Symbol:
            return frozenset((params,))
        if params.has_head("List"):
            return frozenset(v for v in params.args if type(v) is Symbol)
        return frozenset()
    if name in ("Rule", "RuleDelayed", "SetDelayed", "Set") and len(e.args) == 2:
        return pattern_names(e.args[0])
    return frozenset()


def _scoped_locals(expr) -> frozenset:
    """Every symbol bound by a scoping construct inside `expr`."""
    found = set()

    def walk(e):
        if e.is_atom:
            return
        if _head_name(e) in _SCOPING:
            found.update(_local_names(e))
        walk(e.head)
        for a in e.args:
            walk(a)
    walk(expr)
    return frozenset(found)


def symbols_among(values, wanted: frozenset) -> frozenset:
    """Which of the symbols `wanted` occur anywhere in `values`."""
    hit = set()
    stack = list(values)
    while stack:
        e = stack.pop()
        t = type(e)
        if t is Symbol:
            if e in wanted:
                hit.add(e)
                if len(hit) == len(wanted):
                    break
        elif t is Normal:
            stack.append(e.head)
            stack.extend(e.args)
    return frozenset(hit)


def _rename_locals(e, clash: frozenset):
    """`e` with every scoping construct's locals in `clash` renamed x -> x$
    inside that construct, so a substituted value mentioning x is not
    captured (Mathematica: f[x_] := Module[{y}, x + y]; f[y] keeps the y)."""
    if e.is_atom:
        return e
    head = _rename_locals(e.head, clash)
    args = tuple(_rename_locals(a, clash) for a in e.args)
    if _head_name(e) in _SCOPING:
        mine = _local_names(e) & clash
        if mine:
            renames = {v: Symbol(v.name + "$") for v in mine}
            args = tuple(substitute(a, renames) for a in args)
    if head is e.head and all(a is b for a, b in zip(args, e.args)):
        return e
    return Normal(head, args)


class Template:
    """A rule's right side prepared for fast substitution of the rule's names.

    Subexpressions that mention none of the names are shared, not rebuilt.
    Where a substituted value mentions a variable that a scoping construct of
    the right side binds (Module, With, Function, an inner rule), that
    construct's variable is renamed x -> x$ first, as Mathematica does.

    >>> from gtnlang.syntax.parser import parse
    >>> t = Template(parse("Function[y, x + y]"), frozenset({Symbol("x")}))
    >>> str(t.fill({Symbol("x"): Symbol("y")}))
    'Function[y$, y + y$]'
    """

    __slots__ = ("expr", "marked", "_build", "names", "locals", "_renamed")

    def __init__(self, expr: Expr, names: frozenset):
        self.expr = expr
        self.names = names
        self.marked = set()
        self._mark(expr, names)
        self._build = _generate_builder(expr, self.marked) if self.marked else None
        self.locals = _scoped_locals(expr) - names if self.marked else frozenset()
        self._renamed = None

    def _mark(self, e, names) -> bool:
        if type(e) is Symbol:
            found = e in names
        elif e.is_atom:
            found = False
        else:
            found = self._mark(e.head, names)
            for a in e.args:
                if self._mark(a, names):
                    found = True
        if found:
            self.marked.add(id(e))
        return found

    def fill(self, bindings: dict) -> Expr:
        if not self.marked:
            return self.expr
        if self.locals:
            clash = symbols_among(bindings.values(), self.locals)
            if clash:
                return self._renamed_for(clash).fill(bindings)
        for value in bindings.values():
            if type(value) is Normal and value.head is _SEQUENCE:
                return self._fill(self.expr, bindings)
        try:
            return self._build(bindings)
        except KeyError:  # a name left unbound (an alternative not taken)
            return self._fill(self.expr, bindings)

    def _renamed_for(self, clash):
        cache = self._renamed if self._renamed is not None else {}
        self._renamed = cache
        t = cache.get(clash)
        if t is None:
            t = cache[clash] = Template(_rename_locals(self.expr, clash), self.names)
            t.locals = frozenset()      # the renamed x$ cannot clash again
        return t

    def _fill(self, e, bindings):
        marked = self.marked
        if id(e) not in marked:
            return e
        if type(e) is Symbol:
            return bindings.get(e, e)
        head = self._fill(e.head, bindings)
        args = []
        for a in e.args:
            if id(a) not in marked:
                args.append(a)
            elif type(a) is Symbol:
                value = bindings.get(a, a)
                if type(value) is Normal and value.head is _SEQUENCE:
                    args.extend(value.args)
                else:
                    args.append(value)
            else:
                args.append(self._fill(a, bindings))
        return Normal(head, tuple(args))


def _generate_builder(expr: Expr, marked: set):
    """Python code that rebuilds `expr` from bindings in one call.

    Only the marked subexpressions (those mentioning a pattern name) are
    rebuilt; the rest are constants of the generated function.
    """
    constants = []

    def constant(e):
        constants.append(e)
        return f"c{len(constants) - 1}"

    def code(e):
        if id(e) not in marked:
            return constant(e)
        if type(e) is Symbol:
            return f"b[{constant(e)}]"
        args = ", ".join(code(a) for a in e.args)
        comma = "," if len(e.args) == 1 else ""
        return f"N({code(e.head)}, ({args}{comma}))"

    body = code(expr)
    parameters = "".join(f", c{i}=c{i}" for i in range(len(constants)))
    namespace = {"N": Normal, **{f"c{i}": c for i, c in enumerate(constants)}}
    if len(constants) > 200 or len(body) > 20000:
        return lambda b: _fill_slow(expr, marked, b)
    exec(f"def build(b, N=N{parameters}):\n    return {body}\n", namespace)
    return namespace["build"]


def _fill_slow(expr, marked, bindings):
    template = Template.__new__(Template)
    template.expr, template.marked = expr, marked
    return template._fill(expr, bindings)


_templates: dict = {}


def rule_template(lhs: Expr, rhs: Expr) -> Template:
    """The (cached, by identity) Template of a replacement rule's right side."""
    key = (id(lhs), id(rhs))
    entry = _templates.get(key)
    if entry is not None and entry[0] is lhs and entry[1] is rhs:
        return entry[2]
    if len(_templates) > 20_000:
        _templates.clear()
    template = Template(rhs, pattern_names(lhs))
    _templates[key] = (lhs, rhs, template)
    return template
