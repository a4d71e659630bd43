"""Associations: ``<|a -> 1, b -> 2|>``, ``assoc[key]``, Keys, Values, Lookup,
KeyExistsQ, KeyDrop, KeyTake, KeySort, Counts, GroupBy, Merge, ...

Representation: an association is the normal expression
``Association[rule1, rule2, ...]`` whose rules (``Rule`` or ``RuleDelayed``)
have distinct keys, in insertion order.  Evaluating ``Association[...]``
normalises it: lists of rules and nested associations are spliced in, and a
later rule for a key already present replaces its value in the key's
original position (``<|a -> 1, b -> 2, a -> 3|>`` is ``<|a -> 3, b -> 2|>``).
The printer shows ``Association[...]`` as ``<|...|>`` and ``Length`` counts
the rules, as Mathematica counts the entries.

Functions owned by other modules that must see an association as a whole
(``Normal``, ``AtomQ``, ``Map``, ``Apply``, ``Select``, ``Total``, ``Part``, ``First``,
``Last``, ``Values``-like access) are handled here as *up-values* of
``Association`` (`up_builtin`): when an association is an argument of such a
call, the code below runs before the other module's own rule, so there is no
clash over who defines ``Normal`` or ``Map``.
"""

from __future__ import annotations

from gtnlang.builtins.strings import message
from gtnlang.core.builtin import builtin, define, sub_builtin, up_builtin
from gtnlang.core.ordering import canonical_sort
from gtnlang.expr import FALSE, TRUE, Integer, Normal, String, Symbol, from_bool

_LIST = Symbol("List")
_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")
_ASSOCIATION = Symbol("Association")
_MISSING = Symbol("Missing")
_KEY = Symbol("Key")
_PLUS = Symbol("Plus")

define("Missing", usage="Missing[] represents data that is missing.\n"
                        "Missing[\"reason\"] specifies a reason for the data being missing.")
define("Key", usage="Key[key] represents a key used to access a value in an association.")

_MESSAGES = {
    "invrl": "`1` is not a valid Association or a list of rules.",
    "rvalue": "`1` is not a variable with a value, so its value cannot be changed.",
}


def _list(items) -> Normal:
    return Normal(_LIST, tuple(items))


def _is_rule(e) -> bool:
    return type(e) is Normal and (e.head is _RULE or e.head is _RULE_DELAYED) and len(e.args) == 2


def is_association(e) -> bool:
    """True for a normalised ``Association[rules...]``."""
    return type(e) is Normal and e.head is _ASSOCIATION and all(_is_rule(r) for r in e.args)


def _rules_of(e):
    """The rules of an association, a list of rules or a single rule; else None."""
    if type(e) is Normal:
        if e.head is _ASSOCIATION or e.head is _LIST:
            if all(_is_rule(r) for r in e.args):
                return e.args
            return None
        if _is_rule(e):
            return (e,)
    return None


def _flatten_rules(args):
    """The rules of Association[args...] in order, or the first invalid argument."""
    out = []
    for a in args:
        if _is_rule(a):
            out.append(a)
        elif type(a) is Normal and (a.head is _LIST or a.head is _ASSOCIATION):
            inner, bad = _flatten_rules(a.args)
            if bad is not None:
                return None, a
            out.extend(inner)
        else:
            return None, a
    return out, None


def _unique(rules) -> tuple:
    """Rules with one per key: the last value, in the key's first position."""
    table: dict = {}
    for r in rules:
        table[r.args[0]] = r
    if len(table) == len(rules):
        return tuple(rules)
    return tuple(table.values())


def make_association(rules) -> Normal:
    return Normal(_ASSOCIATION, _unique(list(rules)))


def _table(assoc) -> dict:
    """key -> rule of an association (insertion ordered)."""
    return {r.args[0]: r for r in assoc.args}


def _key(k):
    """``Key[k]`` is the key k."""
    if type(k) is Normal and k.head is _KEY and len(k.args) == 1:
        return k.args[0]
    return k


def _missing(key) -> Normal:
    return Normal(_MISSING, (String("KeyAbsent"), key))


@builtin(messages=_MESSAGES,
         usage="<|key1 -> val1, key2 -> val2, ...|> or Association[key1 -> val1, key2 -> val2, ...] represents an association between keys and values.")
def Association(ev, expr):
    rules, bad = _flatten_rules(expr.args)
    if bad is not None:
        message(ev, "Association", "invrl", bad)
        return None
    rules = _unique(rules)
    if rules == expr.args:
        return None
    return Normal(_ASSOCIATION, rules)


@sub_builtin("Association")
def _association_lookup(ev, expr):
    """``assoc[key]``: the value, or ``Missing["KeyAbsent", key]``."""
    assoc = expr.head
    if not is_association(assoc) or len(expr.args) != 1:
        return None
    key = _key(expr.args[0])
    for r in assoc.args:
        if r.args[0] == key:
            return r.args[1]
    return _missing(key)


@builtin(nargs=1, usage="AssociationQ[expr] gives True if expr is a valid Association object, and False otherwise.")
def AssociationQ(ev, expr):
    return from_bool(is_association(expr.args[0]))


def _keys_values(ev, expr, index):
    target = expr.args[0]
    if type(target) is Normal and target.head is _LIST and target.args and all(
            is_association(a) or _rules_of(a) is not None and not _is_rule(a) for a in target.args) \
            and not all(_is_rule(a) for a in target.args):
        return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in target.args)
    rules = _rules_of(target)
    if rules is None:
        return None
    items = [r.args[index] for r in rules]
    if len(expr.args) == 2:
        items = [Normal(expr.args[1], (i,)) for i in items]
    return _list(items)


@builtin(nargs=(1, 2),
         usage="Keys[<|key1 -> val1, key2 -> val2, ...|>] gives a list of the keys keyi in an association.\n"
               "Keys[{key1 -> val1, key2 -> val2, ...}] gives a list of the keyi in a list of rules.\n"
               "Keys[assoc, h] wraps the head h around each key.")
def Keys(ev, expr):
    return _keys_values(ev, expr, 0)


@builtin(nargs=(1, 2),
         usage="Values[<|key1 -> val1, key2 -> val2, ...|>] gives a list of the values vali in an association.\n"
               "Values[{key1 -> val1, key2 -> val2, ...}] gives a list of the vali in a list of rules.\n"
               "Values[assoc, h] wraps the head h around each value.")
def Values(ev, expr):
    return _keys_values(ev, expr, 1)


def _lookup_one(rules_table, key, default):
    rule = rules_table.get(_key(key))
    if rule is not None:
        return rule.args[1]
    return default if default is not None else _missing(_key(key))


@builtin(nargs=(1, 3), messages=_MESSAGES,
         usage="Lookup[assoc, key] looks up the value associated with key in the association assoc.\n"
               "Lookup[assoc, {key1, key2, ...}] gives a list of the values associated with the keyi.\n"
               "Lookup[{assoc1, assoc2, ...}, key] gives a list of the values associated with key in each of the associ.\n"
               "Lookup[assoc, key, default] gives default if key is not present.\n"
               "Lookup[key] represents an operator form of Lookup.")
def Lookup(ev, expr):
    if len(expr.args) == 1:
        return None
    target, key = expr.args[0], expr.args[1]
    default = expr.args[2] if len(expr.args) == 3 else None
    rules = _rules_of(target)
    if rules is None:
        if type(target) is Normal and target.head is _LIST and all(_rules_of(a) is not None for a in target.args):
            return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in target.args)
        message(ev, "Lookup", "invrl", target)
        return None
    table = {r.args[0]: r for r in rules}
    if type(key) is Normal and key.head is _LIST:
        return _list(_lookup_one(table, k, default) for k in key.args)
    return _lookup_one(table, key, default)


@sub_builtin("Key")
def _key_operator(ev, expr):
    """``Key[k][assoc]`` is ``assoc[Key[k]]``: the value of k, or ``Missing["KeyAbsent", k]``;
    mapped over a list of associations."""
    head = expr.head
    if type(head) is not Normal or len(head.args) != 1 or len(expr.args) != 1:
        return None
    target = expr.args[0]
    if is_association(target):
        return Normal(target, (head,))
    if target.has_head("List") and all(is_association(a) for a in target.args):
        return Normal(Symbol("List"), tuple(Normal(a, (head,)) for a in target.args))
    return None


@sub_builtin("Lookup")
def _lookup_operator(ev, expr):
    head = expr.head
    if type(head) is Normal and 1 <= len(head.args) <= 2 and len(expr.args) == 1:
        return Normal(head.head, (expr.args[0],) + head.args)
    return None


@builtin(nargs=(1, 2),
         usage="KeyExistsQ[assoc, key] returns True if the specified key exists in the association assoc, and False otherwise.\n"
               "KeyExistsQ[key] represents an operator form of KeyExistsQ.")
def KeyExistsQ(ev, expr):
    if len(expr.args) != 2:
        return None
    rules = _rules_of(expr.args[0])
    if rules is None:
        return None
    key = _key(expr.args[1])
    return from_bool(any(r.args[0] == key for r in rules))


@builtin(nargs=(1, 2), usage="KeyFreeQ[assoc, key] returns True if key does not appear as a key in the association assoc, and False otherwise.")
def KeyFreeQ(ev, expr):
    if len(expr.args) != 2:
        return None
    rules = _rules_of(expr.args[0])
    if rules is None:
        return None
    key = _key(expr.args[1])
    return from_bool(not any(r.args[0] == key for r in rules))


for _name in ("KeyExistsQ", "KeyFreeQ", "KeyDrop", "KeyTake", "KeySelect", "KeyMap", "KeyValueMap",
              "AssociationMap", "GroupBy", "Merge"):
    def _operator(ev, expr):
        head = expr.head
        if type(head) is Normal and len(head.args) == 1 and len(expr.args) == 1:
            name = head.head.name
            if name in ("KeyExistsQ", "KeyFreeQ", "KeyDrop", "KeyTake", "KeySelect", "GroupBy"):
                return Normal(head.head, (expr.args[0], head.args[0]))
            return Normal(head.head, (head.args[0], expr.args[0]))
        return None
    sub_builtin(_name)(_operator)


def _keys_arg(spec):
    spec = _key(spec)
    if type(spec) is Normal and spec.head is _LIST:
        return [_key(k) for k in spec.args]
    return [spec]


def _rebuild(target, rules):
    """Rules in the same container as `target` (association or list)."""
    if type(target) is Normal and target.head is _ASSOCIATION:
        return Normal(_ASSOCIATION, tuple(rules))
    return _list(rules)


@builtin(nargs=(1, 2),
         usage="KeyDrop[assoc, {key1, key2, ...}] yields an association from which elements with keys keyi have been dropped.\n"
               "KeyDrop[assoc, key] drops the element with the given key.")
def KeyDrop(ev, expr):
    if len(expr.args) != 2:
        return None
    target = expr.args[0]
    rules = _rules_of(target)
    if rules is None:
        if type(target) is Normal and target.head is _LIST and all(is_association(a) for a in target.args):
            return _list(Normal(expr.head, (a, expr.args[1])) for a in target.args)
        return None
    drop = set(_keys_arg(expr.args[1]))
    return _rebuild(target, [r for r in rules if r.args[0] not in drop])


@builtin(nargs=(1, 2),
         usage="KeyTake[assoc, {key1, key2, ...}] yields an association containing only the elements with keys keyi.\n"
               "KeyTake[assoc, key] takes only the element with the given key.")
def KeyTake(ev, expr):
    if len(expr.args) != 2:
        return None
    target = expr.args[0]
    rules = _rules_of(target)
    if rules is None:
        if type(target) is Normal and target.head is _LIST and all(is_association(a) for a in target.args):
            return _list(Normal(expr.head, (a, expr.args[1])) for a in target.args)
        return None
    table = {r.args[0]: r for r in rules}
    return _rebuild(target, [table[k] for k in dict.fromkeys(_keys_arg(expr.args[1])) if k in table])


@builtin(nargs=(1, 2), usage="KeySort[assoc] orders the elements of an association by sorting its keys.\n"
                             "KeySort[assoc, p] orders the elements using the ordering function p on the keys.")
def KeySort(ev, expr):
    target = expr.args[0]
    rules = _rules_of(target)
    if rules is None:
        return None
    table = {r.args[0]: r for r in rules}
    if len(expr.args) == 1:
        keys = canonical_sort(tuple(table))
    else:
        import functools

        p = expr.args[1]

        def compare(a, b):
            value = ev.evaluate(Normal(p, (a, b)))
            if value is TRUE:
                return -1
            if value is FALSE:
                return 1
            if type(value) is Integer:
                return -value.value
            return 0

        keys = sorted(table, key=functools.cmp_to_key(compare))
    return _rebuild(target, [table[k] for k in keys])


@builtin(nargs=(1, 2), usage="KeySelect[assoc, crit] selects elements in the association assoc for which crit applied to their keys gives True.")
def KeySelect(ev, expr):
    if len(expr.args) != 2:
        return None
    target, crit = expr.args
    rules = _rules_of(target)
    if rules is None:
        return None
    return _rebuild(target, [r for r in rules
                             if ev.evaluate(Normal(crit, (r.args[0],))) is TRUE])


@builtin(nargs=(1, 2), usage="KeyMap[f, assoc] applies f to the keys of an association.")
def KeyMap(ev, expr):
    if len(expr.args) != 2:
        return None
    f, target = expr.args
    rules = _rules_of(target)
    if rules is None or not is_association(target):
        return None
    return Normal(_ASSOCIATION, tuple(Normal(r.head, (Normal(f, (r.args[0],)), r.args[1])) for r in rules))


@builtin(nargs=(1, 2), usage="KeyValueMap[f, <|key1 -> val1, key2 -> val2, ...|>] gives {f[key1, val1], f[key2, val2], ...}.")
def KeyValueMap(ev, expr):
    if len(expr.args) != 2:
        return None
    f, target = expr.args
    if not is_association(target):
        return None
    return _list(Normal(f, (r.args[0], r.args[1])) for r in target.args)


@builtin(nargs=(1, 2),
         usage="AssociationMap[f, {key1, key2, ...}] creates the association <|key1 -> f[key1], key2 -> f[key2], ...|>.\n"
               "AssociationMap[f, <|key1 -> val1, ...|>] applies f to each rule key -> val.")
def AssociationMap(ev, expr):
    if len(expr.args) != 2:
        return None
    f, target = expr.args
    if is_association(target):
        results = [ev.evaluate(Normal(f, (r,))) for r in target.args]
        if not all(_is_rule(r) for r in results):
            return None
        return Normal(_ASSOCIATION, tuple(results))
    if type(target) is Normal and target.head is _LIST:
        return Normal(_ASSOCIATION, tuple(Normal(_RULE, (k, Normal(f, (k,)))) for k in target.args))
    return None


@builtin(nargs=(1, 2),
         messages={"idim": "`1` and `2` must have the same length."},
         usage="AssociationThread[{key1, key2, ...} -> {val1, val2, ...}] gives the association <|key1 -> val1, key2 -> val2, ...|>.\n"
               "AssociationThread[{key1, key2, ...}, {val1, val2, ...}] also gives <|key1 -> val1, key2 -> val2, ...|>.")
def AssociationThread(ev, expr):
    if len(expr.args) == 1:
        spec = expr.args[0]
        if not (type(spec) is Normal and spec.head is _RULE and len(spec.args) == 2):
            return None
        keys, values = spec.args
    else:
        keys, values = expr.args
    if not (type(keys) is Normal and keys.head is _LIST and type(values) is Normal and values.head is _LIST):
        return None
    if len(keys.args) != len(values.args):
        message(ev, "AssociationThread", "idim", keys, values)
        return None
    return Normal(_ASSOCIATION, tuple(Normal(_RULE, kv) for kv in zip(keys.args, values.args)))


@builtin(nargs=(1, 2), messages=_MESSAGES,
         usage="Merge[{assoc1, assoc2, ...}, f] merges the associations, using the function f to combine values with the same key.")
def Merge(ev, expr):
    if len(expr.args) != 2:
        return None
    target, f = expr.args
    if not (type(target) is Normal and target.head is _LIST):
        return None
    groups: dict = {}
    for a in target.args:
        rules = _rules_of(a)
        if rules is None:
            message(ev, "Merge", "invrl", a)
            return None
        for r in rules:
            groups.setdefault(r.args[0], []).append(r.args[1])
    return Normal(_ASSOCIATION, tuple(Normal(_RULE, (k, Normal(f, (_list(vs),)))) for k, vs in groups.items()))


@builtin(nargs=(1, 2),
         usage="Counts[list] gives an association whose keys are the distinct elements of list, and whose values give the number of times those elements appear in list.\n"
               "Counts[list, f] counts by the values of f applied to the elements.")
def Counts(ev, expr):
    target = expr.args[0]
    if is_association(target):
        items = [r.args[1] for r in target.args]
    elif type(target) is Normal and target.head is _LIST:
        items = list(target.args)
    else:
        return None
    if len(expr.args) == 2:
        items = [ev.evaluate(Normal(expr.args[1], (x,))) for x in items]
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    return Normal(_ASSOCIATION, tuple(Normal(_RULE, (k, Integer(n))) for k, n in counts.items()))


@builtin(nargs=(2, 3),
         usage="GroupBy[{elem1, elem2, ...}, f] gives an association that groups the elemi into lists associated with distinct keys f[elemi].\n"
               "GroupBy[{elem1, ...}, f -> g] groups the results of applying g to the elemi; GroupBy[list, spec, red] applies red to each group.")
def GroupBy(ev, expr):
    target, spec = expr.args[0], expr.args[1]
    reduce = expr.args[2] if len(expr.args) == 3 else None
    if type(spec) is Normal and spec.head is _RULE and len(spec.args) == 2:
        key_f, value_f = spec.args
    else:
        key_f, value_f = spec, None
    if is_association(target):
        # Groups of an association are associations.
        groups: dict = {}
        for r in target.args:
            k = ev.evaluate(Normal(key_f, (r.args[1],)))
            v = Normal(value_f, (r.args[1],)) if value_f is not None else r.args[1]
            groups.setdefault(k, []).append(Normal(r.head, (r.args[0], v)))
        make = lambda rules: Normal(_ASSOCIATION, tuple(rules))  # noqa: E731
    elif type(target) is Normal and target.head is _LIST:
        groups = {}
        for x in target.args:
            k = ev.evaluate(Normal(key_f, (x,)))
            groups.setdefault(k, []).append(Normal(value_f, (x,)) if value_f is not None else x)
        make = _list
    else:
        return None
    out = []
    for k, members in groups.items():
        value = make(members)
        if reduce is not None:
            value = Normal(reduce, (value,))
        out.append(Normal(_RULE, (k, value)))
    return Normal(_ASSOCIATION, tuple(out))


def _variable_value(ev, expr, name):
    """(symbol, association value) of the held first argument, or (None, None)."""
    symbol = expr.args[0]
    if type(symbol) is Symbol:
        value = ev.definition(symbol).own_value
        if value is not None:
            value = ev.evaluate(symbol)
            if is_association(value):
                return symbol, value
    message(ev, name, "rvalue", symbol)
    return None, None


@builtin(attributes=("HoldFirst", "Protected"), nargs=2, messages=_MESSAGES,
         usage="AssociateTo[a, key -> val] changes the association a by adding the key-value pair key -> val.\n"
               "AssociateTo[a, {key1 -> val1, key2 -> val2, ...}] adds all the keyi -> vali.")
def AssociateTo(ev, expr):
    symbol, value = _variable_value(ev, expr, "AssociateTo")
    if symbol is None:
        return None
    new = _rules_of(expr.args[1])
    if new is None:
        message(ev, "AssociateTo", "invrl", expr.args[1])
        return None
    result = Normal(_ASSOCIATION, _unique(list(value.args) + list(new)))
    ev.definition(symbol).own_value = result
    return result


@builtin(attributes=("HoldFirst", "Protected"), nargs=2, messages=_MESSAGES,
         usage="KeyDropFrom[a, key] changes the association a by dropping the element with the given key.\n"
               "KeyDropFrom[a, {key1, key2, ...}] drops elements with several keys.")
def KeyDropFrom(ev, expr):
    symbol, value = _variable_value(ev, expr, "KeyDropFrom")
    if symbol is None:
        return None
    drop = set(_keys_arg(expr.args[1]))
    result = Normal(_ASSOCIATION, tuple(r for r in value.args if r.args[0] not in drop))
    ev.definition(symbol).own_value = result
    return result


# ---------------------------------------------------------------------------
# Other modules' functions applied to an association (up-values)

def _values(assoc):
    return tuple(r.args[1] for r in assoc.args)


def _map_values(assoc, f):
    return Normal(_ASSOCIATION, tuple(Normal(r.head, (r.args[0], Normal(f, (r.args[1],)))) for r in assoc.args))


def _association_up(ev, expr):
    """Normal, AtomQ, Map, Apply, Select, Total, Part, First, Last of an association."""
    head = expr.head
    if type(head) is not Symbol:
        return None
    name = head.name
    args = expr.args
    if name == "Normal" and len(args) == 1 and is_association(args[0]):
        return _list(args[0].args)
    if name == "AtomQ" and len(args) == 1 and is_association(args[0]):
        return TRUE
    if name == "Map" and len(args) == 2 and is_association(args[1]):
        return _map_values(args[1], args[0])
    if name == "Apply" and len(args) == 2 and is_association(args[1]):
        return Normal(args[0], _values(args[1]))
    if name == "Select" and len(args) in (2, 3) and is_association(args[0]):
        kept = []
        limit = args[2].value if len(args) == 3 and type(args[2]) is Integer else None
        for r in args[0].args:
            if limit is not None and len(kept) >= limit:
                break
            if ev.evaluate(Normal(args[1], (r.args[1],))) is TRUE:
                kept.append(r)
        return Normal(_ASSOCIATION, tuple(kept))
    if name == "Total" and len(args) == 1 and is_association(args[0]):
        return Normal(_PLUS, _values(args[0]))
    if name in ("First", "Last") and len(args) == 1 and is_association(args[0]) and args[0].args:
        return args[0].args[0 if name == "First" else -1].args[1]
    if name == "Part" and len(args) == 2 and is_association(args[0]):
        assoc, spec = args
        if type(spec) is Integer:
            n = len(assoc.args)
            i = spec.value - 1 if spec.value > 0 else n + spec.value
            if 0 <= i < n:
                return assoc.args[i].args[1]
            return None
        if type(spec) is Normal and spec.head is _KEY and len(spec.args) == 1 or type(spec) is String:
            key = _key(spec)
            for r in assoc.args:
                if r.args[0] == key:
                    return r.args[1]
            return _missing(key)
        if type(spec) is Normal and spec.head is _LIST:
            picked = []
            table = _table(assoc)
            for s in spec.args:
                if type(s) is Integer and 1 <= abs(s.value) <= len(assoc.args):
                    picked.append(assoc.args[s.value - 1 if s.value > 0 else s.value])
                elif (type(s) is String or type(s) is Normal and s.head is _KEY) and _key(s) in table:
                    picked.append(table[_key(s)])
                else:
                    return None
            return Normal(_ASSOCIATION, tuple(picked))
    return None


up_builtin("Association")(_association_up)
