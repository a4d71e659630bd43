"""Functional programming: Map (``/@``), MapAll (``//@``), MapAt, Apply (``@@``,
``@@@``), MapIndexed, MapThread, Scan, Fold, FoldList, Nest, NestList,
NestWhile, NestWhileList, FixedPoint, FixedPointList, Thread, Through,
Composition, RightComposition.

Applying a pure function is ``functions.py``'s; here functions are applied by
building ``f[x]`` and letting the evaluator evaluate it.
"""

from __future__ import annotations

from gtnlang.builtins.parts import (
    LIST, heads_option, is_list, level_spec, span_positions, split_options,
)
from gtnlang.core.builtin import builtin, sub_builtin
from gtnlang.core.evaluator import ReturnSignal
from gtnlang.core.levels import depth, in_level, map_at_levels, walk_levels
from gtnlang.expr import FALSE, NULL, TRUE, Expr, Integer, Normal, String, Symbol

_ALL = Symbol("All")
_INFINITY = Symbol("Infinity")
_SAME_Q = Symbol("SameQ")
_IDENTITY = Symbol("Identity")
_COMPOSITION = Symbol("Composition")
_RIGHT_COMPOSITION = Symbol("RightComposition")

_HEADS = ("Heads",)


def operator_form(name: str, curried: int, expr_first: bool):
    """Register ``name[c1, ...][expr]`` as ``name[expr, c1, ...]`` (or ``name[c1, ..., expr]``)."""

    def apply_operator(ev, expr):
        head = expr.head
        if not (type(head) is Normal and type(head.head) is Symbol and head.head.name == name):
            return None
        if len(head.args) != curried or len(expr.args) != 1:
            return None
        if expr_first:
            return Normal(head.head, (expr.args[0], *head.args))
        return Normal(head.head, (*head.args, expr.args[0]))

    sub_builtin(name)(apply_operator)


# --- Map, MapAll, Apply ---------------------------------------------------------

@builtin(nargs=(1, 4),
         usage="Map[f, expr] or f /@ expr applies f to each element on the first level in expr.\n"
               "Map[f, expr, levelspec] applies f to parts of expr specified by levelspec.\n"
               "Map[f] represents an operator form of Map that can be applied to an expression.",
         options=((Symbol("Heads"), FALSE),))
def Map(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) == 1 or len(args) > 3:
        return None
    f, target = args[0], args[1]
    levels = level_spec(ev, "Map", args[2] if len(args) == 3 else Normal(LIST, (Integer(1),)),
                        heads_option(options))
    if levels is None:
        return None
    low, high, heads = levels
    if target.is_atom and low > 0:
        return target
    return map_at_levels(target, lambda e: Normal(f, (e,)), low, high, heads)


operator_form("Map", 1, False)


@builtin(nargs=(2, 3),
         usage="MapAll[f, expr] or f //@ expr applies f to every subexpression in expr.",
         options=((Symbol("Heads"), FALSE),))
def MapAll(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) != 2:
        return None
    f, target = args
    return map_at_levels(target, lambda e: Normal(f, (e,)), 0, float("inf"), heads_option(options))


@builtin(nargs=(1, 4),
         usage="Apply[f, expr] or f @@ expr replaces the head of expr by f.\n"
               "Apply[f, expr, levelspec] replaces heads in parts of expr specified by levelspec.\n"
               "Apply[f] represents an operator form of Apply that can be applied to an expression.",
         options=((Symbol("Heads"), FALSE),))
def Apply(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) == 1 or len(args) > 3:
        return None
    f, target = args[0], args[1]
    if len(args) == 2:
        if target.is_atom:
            return target
        return Normal(f, target.args)
    levels = level_spec(ev, "Apply", args[2], heads_option(options))
    if levels is None:
        return None
    low, high, heads = levels

    def replace_head(e):
        return e if e.is_atom else Normal(f, e.args)

    return map_at_levels(target, replace_head, low, high, heads)


operator_form("Apply", 1, False)


# --- MapAt --------------------------------------------------------------------------

_SPAN = Symbol("Span")
_ASSOCIATION = Symbol("Association")
_KEY = Symbol("Key")
_RULES = (Symbol("Rule"), Symbol("RuleDelayed"))


def is_association(expr) -> bool:
    """``Association[k1 -> v1, ...]`` (its parts are the values, found by key or index)."""
    return (type(expr) is Normal and expr.head is _ASSOCIATION
            and all(type(r) is Normal and r.head in _RULES and len(r.args) == 2 for r in expr.args))


def association_index(expr, key):
    """The 1-based index of the rule of association `expr` for a String or Key[k], or None."""
    if type(key) is Normal and key.head is _KEY and len(key.args) == 1:
        key = key.args[0]
    elif type(key) is not String:
        return None
    for i, rule in enumerate(expr.args, 1):
        if rule.args[0] == key:
            return i
    return None


class _NoPart(Exception):
    """A MapAt position that does not exist (the message has been emitted)."""


def _map_at_paths(ev, target, spec, expr):
    """The concrete positions (tuples, 0 for a head) that one position `spec` names."""
    out = []

    def expand(e, k, path):
        if k == len(spec):
            out.append(path)
            return
        s = spec[k]
        if type(s) is Integer and s.value == 0:
            expand(e.head, k + 1, path + (0,))
            return
        if e.is_atom:
            ev.message("MapAt", "partw", Normal(LIST, spec), target)
            raise _NoPart
        n = len(e.args)
        keyed = is_association(e)
        if keyed and (type(s) is String or (type(s) is Normal and s.head is _KEY)):
            s = association_index(e, s)
            if s is None:
                ev.message("MapAt", "partw", Normal(LIST, spec), target)
                raise _NoPart
            s = Integer(s)
        if type(s) is Integer:
            i = s.value if s.value > 0 else s.value + n + 1
            if not 1 <= i <= n:
                ev.message("MapAt", "partw", Normal(LIST, spec), target)
                raise _NoPart
            indices = (i,)
        elif s is _ALL:
            indices = range(1, n + 1)
        elif type(s) is Normal and s.head is _SPAN:
            try:
                positions = span_positions(s, n)
            except ValueError:
                positions = None
            if positions is None:
                ev.message("MapAt", "partw", Normal(LIST, spec), target)
                raise _NoPart
            indices = [p + 1 for p in positions]
        else:
            ev.message("MapAt", "psl", Normal(LIST, spec), expr)
            raise _NoPart
        for i in indices:
            if keyed:   # the part of an association is the value of its i-th rule
                expand(e.args[i - 1].args[1], k + 1, path + (i, 2))
            else:
                expand(e.args[i - 1], k + 1, path + (i,))

    expand(target, 0, ())
    return out


def _map_at_rebuild(f, e, node):
    """Apply f at the positions in the trie `node` ({index: child, None: count})."""
    children = [i for i in node if i is not None]
    if children:
        head = _map_at_rebuild(f, e.head, node[0]) if 0 in node else e.head
        args = list(e.args)
        for i in children:
            if i:
                args[i - 1] = _map_at_rebuild(f, args[i - 1], node[i])
        e = Normal(head, tuple(args))
    for _ in range(node.get(None, 0)):
        e = Normal(f, (e,))
    return e


@builtin(nargs=(2, 3),
         messages={"partw": "Part `1` of `2` does not exist.",
                   "psl": "Position specification `1` in `2` is not an integer or a list of integers."},
         usage="MapAt[f, expr, n] applies f to the element at position n in expr. If n is negative, the position is counted from the end.\n"
               "MapAt[f, expr, {i, j, ...}] applies f to the part of expr at position {i, j, ...}.\n"
               "MapAt[f, expr, {{i1, j1, ...}, {i2, j2, ...}, ...}] applies f to parts of expr at several positions.\n"
               "MapAt[f, pos] represents an operator form of MapAt that can be applied to an expression.")
def MapAt(ev, expr):
    if len(expr.args) == 2:
        return None
    f, target, spec = expr.args
    if type(spec) in (Integer, String) or spec is _ALL or (type(spec) is Normal and spec.head in (_SPAN, _KEY)):
        specs = [(spec,)]
    elif is_list(spec) and spec.args and all(is_list(p) for p in spec.args):
        specs = [p.args for p in spec.args]
    elif is_list(spec):
        specs = [spec.args] if spec.args else []
    else:
        ev.message("MapAt", "psl", spec, expr)
        return None
    trie = {}
    try:
        for one in specs:
            for path in _map_at_paths(ev, target, one, expr):
                node = trie
                for i in path:
                    node = node.setdefault(i, {})
                node[None] = node.get(None, 0) + 1
    except _NoPart:
        return None
    if not trie:
        return target
    return _map_at_rebuild(f, target, trie)


@sub_builtin("MapAt")
def _map_at_operator(ev, expr):
    head = expr.head
    if type(head) is Normal and head.head is Symbol("MapAt") and len(head.args) == 2 \
            and len(expr.args) == 1:
        return Normal(head.head, (head.args[0], expr.args[0], head.args[1]))
    return None


# --- MapIndexed, MapThread, Scan --------------------------------------------------

def _map_indexed(expr, function, low, high, heads, level, position):
    if not expr.is_atom and (high < 0 or level < high):
        head = expr.head
        if heads:
            head = _map_indexed(head, function, low, high, heads, level + 1, position + (0,))
        args = tuple(_map_indexed(a, function, low, high, heads, level + 1, position + (i,))
                     for i, a in enumerate(expr.args, 1))
        expr = Normal(head, args)
    part_depth = depth(expr) if (low < 0 or high < 0) else 0
    if in_level(level, part_depth, low, high):
        return function(expr, position)
    return expr


@builtin(nargs=(1, 4),
         usage="MapIndexed[f, expr] applies f to the elements of expr, giving the part specification of each element as a second argument to f.\n"
               "MapIndexed[f, expr, levelspec] applies f to all parts of expr on levels specified by levelspec.\n"
               "MapIndexed[f] represents an operator form of MapIndexed that can be applied to an expression.",
         options=((Symbol("Heads"), FALSE),))
def MapIndexed(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) == 1 or len(args) > 3:
        return None
    f, target = args[0], args[1]
    levels = level_spec(ev, "MapIndexed", args[2] if len(args) == 3 else Normal(LIST, (Integer(1),)),
                        heads_option(options))
    if levels is None:
        return None
    low, high, heads = levels

    def apply(e, position):
        return Normal(f, (e, Normal(LIST, tuple(Integer(i) for i in position))))

    return _map_indexed(target, apply, low, high, heads, 0, ())


operator_form("MapIndexed", 1, False)


_MPTC = "Incompatible dimensions of objects at positions `1` and `2` of `3`; dimensions are `4` and `5`."


@builtin(nargs=(1, 3), messages={
    "mptc": _MPTC,
    "mptd": "Object `1` at position {2, `2`} in `3` has only `4` of required `5` dimensions.",
    "list": "List expected at position `2` in `1`."},
    usage="MapThread[f, {{a1, a2, ...}, {b1, b2, ...}, ...}] gives {f[a1, b1, ...], f[a2, b2, ...], ...}.\n"
          "MapThread[f, {expr1, expr2, ...}, n] applies f to the parts of the expri at level n.\n"
          "MapThread[f] represents an operator form of MapThread that can be applied to an expression.")
def MapThread(ev, expr):
    args = expr.args
    if len(args) == 1:
        return None
    f, lists = args[0], args[1]
    n = 1
    if len(args) == 3:
        if type(args[2]) is not Integer or args[2].value < 0:
            ev.message("MapThread", "intnm", expr, Integer(3))
            return None
        n = args[2].value
    if lists.is_atom:
        ev.message("MapThread", "list", expr, Integer(2))
        return None
    if n == 0:
        return Normal(f, lists.args)

    def thread(items, level, positions):
        if level == n:
            return Normal(f, tuple(items))
        for k, item in enumerate(items):
            if item.is_atom:
                ev.message("MapThread", "mptd", item, Integer(k + 1), expr, Integer(level), Integer(n))
                raise _Failed
        length = len(items[0].args) if items else 0
        for k, item in enumerate(items[1:], 2):
            if len(item.args) != length:
                ev.message("MapThread", "mptc",
                           Normal(LIST, (Integer(2), *positions, Integer(1))),
                           Normal(LIST, (Integer(2), *positions, Integer(k))),
                           expr, Integer(length), Integer(len(item.args)))
                raise _Failed
        head = items[0].head if items else LIST
        return Normal(head, tuple(
            thread([item.args[i] for item in items], level + 1, positions + (Integer(i + 1),))
            for i in range(length)))

    if not lists.args:
        return Normal(LIST, ())
    try:
        return thread(list(lists.args), 0, ())
    except _Failed:
        return None


class _Failed(Exception):
    pass


operator_form("MapThread", 1, False)


@builtin(nargs=(1, 4),
         usage="Scan[f, expr] evaluates f applied to each element of expr in turn.\n"
               "Scan[f, expr, levelspec] applies f to parts of expr specified by levelspec.\n"
               "Scan[f] represents an operator form of Scan that can be applied to an expression.",
         options=((Symbol("Heads"), FALSE),))
def Scan(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) == 1 or len(args) > 3:
        return None
    f, target = args[0], args[1]
    levels = level_spec(ev, "Scan", args[2] if len(args) == 3 else Normal(LIST, (Integer(1),)),
                        heads_option(options))
    if levels is None:
        return None
    low, high, heads = levels
    try:
        for part, _ in walk_levels(target, low, high, heads):
            ev.check_abort()
            ev.evaluate(Normal(f, (part,)))
    except ReturnSignal as signal:
        return signal.value
    return NULL


operator_form("Scan", 1, False)


# --- Fold, Nest, FixedPoint -----------------------------------------------------

def _fold_args(ev, expr):
    args = expr.args
    if len(args) == 2:
        target = args[1]
        if target.is_atom:
            ev.message(expr.head.name, "normal", Integer(2), expr)
            return None
        if not target.args:
            return None
        return args[0], target.args[0], target.args[1:], target.head
    f, start, target = args
    if target.is_atom:
        ev.message(expr.head.name, "normal", Integer(3), expr)
        return None
    return f, start, target.args, target.head


@builtin(nargs=(2, 3),
         usage="Fold[f, x, list] gives the last element of FoldList[f, x, list].\n"
               "Fold[f, list] is equivalent to Fold[f, First[list], Rest[list]].")
def Fold(ev, expr):
    parsed = _fold_args(ev, expr)
    if parsed is None:
        return None
    f, acc, items, _ = parsed
    evaluate = ev.evaluate
    for item in items:
        ev.check_abort()
        acc = evaluate(Normal(f, (acc, item)))
    return acc


@builtin(nargs=(2, 3),
         usage="FoldList[f, x, {a, b, ...}] gives {x, f[x, a], f[f[x, a], b], ...}.\n"
               "FoldList[f, {a, b, c, ...}] gives {a, f[a, b], f[f[a, b], c], ...}.")
def FoldList(ev, expr):
    parsed = _fold_args(ev, expr)
    if parsed is None:
        if len(expr.args) == 2 and is_list(expr.args[1]) and not expr.args[1].args:
            return expr.args[1]
        return None
    f, acc, items, head = parsed
    acc = ev.evaluate(acc)
    out = [acc]
    evaluate = ev.evaluate
    for item in items:
        ev.check_abort()
        acc = evaluate(Normal(f, (acc, item)))
        out.append(acc)
    return Normal(head, tuple(out))


def _count(ev, expr, position, infinity=True):
    """A non-negative integer argument (Infinity if allowed), or None after Symbol::intnm."""
    spec = expr.args[position - 1]
    if type(spec) is Integer and spec.value >= 0:
        return spec.value
    if infinity and (spec is _INFINITY or (type(spec) is Normal and spec.has_head("DirectedInfinity")
                                           and spec.args == (Integer(1),))):
        return float("inf")
    ev.message(expr.head.name, "intnm", expr, Integer(position))
    return None


_INTNM = {"intnm": "Non-negative machine-sized integer expected at position `2` in `1`."}


@builtin(nargs=3, messages=_INTNM,
         usage="Nest[f, expr, n] gives an expression with f applied n times to expr.")
def Nest(ev, expr):
    f, value, _ = expr.args
    n = _count(ev, expr, 3, infinity=False)
    if n is None:
        return None
    for _ in range(n):
        ev.check_abort()
        value = ev.evaluate(Normal(f, (value,)))
    return value


@builtin(nargs=3, messages=_INTNM,
         usage="NestList[f, expr, n] gives a list of the results of applying f to expr 0 through n times.")
def NestList(ev, expr):
    f, value, _ = expr.args
    n = _count(ev, expr, 3, infinity=False)
    if n is None:
        return None
    value = ev.evaluate(value)
    out = [value]
    for _ in range(n):
        ev.check_abort()
        value = ev.evaluate(Normal(f, (value,)))
        out.append(value)
    return Normal(LIST, tuple(out))


def _nest_while(ev, expr, keep_list):
    args = expr.args
    f, value, test = args[0], args[1], args[2]
    m = 1
    if len(args) >= 4:
        spec = args[3]
        if spec is _ALL:
            m = None
        elif type(spec) is Integer and spec.value >= 1:
            m = spec.value
        elif is_list(spec) and len(spec.args) == 2 and all(type(a) is Integer for a in spec.args):
            m = spec.args[1].value    # {mmin, m}: test with up to m results
        else:
            ev.message(expr.head.name, "intp", expr, Integer(4))
            return None
    limit = float("inf")
    if len(args) >= 5:
        limit = _count(ev, expr, 5)
        if limit is None:
            return None
    extra = 0
    if len(args) == 6:
        if type(args[5]) is not Integer:
            ev.message(expr.head.name, "int", expr, Integer(6))
            return None
        extra = args[5].value
    value = ev.evaluate(value)
    results = [value]
    applied = 0
    while applied < limit:
        ev.check_abort()
        recent = results if m is None else results[-m:]
        if ev.evaluate(Normal(test, tuple(recent))) is not TRUE:
            break
        value = ev.evaluate(Normal(f, (value,)))
        results.append(value)
        applied += 1
    if extra > 0:
        for _ in range(extra):
            value = ev.evaluate(Normal(f, (value,)))
            results.append(value)
    elif extra < 0:
        results = results[:max(0, len(results) + extra)]
        if not results:
            return None
    if keep_list:
        return Normal(LIST, tuple(results))
    return results[-1]


_NEST_WHILE_MESSAGES = {**_INTNM, "intp": "Positive integer expected at position `2` in `1`.",
                        "int": "Integer expected at position `2` in `1`."}


@builtin(nargs=(3, 6), messages=_NEST_WHILE_MESSAGES,
         usage="NestWhile[f, expr, test] starts with expr, then repeatedly applies f until applying test to the result no longer yields True.\n"
               "NestWhile[f, expr, test, m] supplies the most recent m results as arguments for test at each step.\n"
               "NestWhile[f, expr, test, All] supplies all results so far as arguments for test at each step.\n"
               "NestWhile[f, expr, test, m, max] applies f at most max times.\n"
               "NestWhile[f, expr, test, m, max, n] applies f an extra n times.\n"
               "NestWhile[f, expr, test, m, max, -n] returns the result found when f had been applied n fewer times.")
def NestWhile(ev, expr):
    return _nest_while(ev, expr, False)


@builtin(nargs=(3, 6), messages=_NEST_WHILE_MESSAGES,
         usage="NestWhileList[f, expr, test] generates a list of the results of applying f repeatedly, starting with expr, and continuing until applying test to the result no longer yields True.\n"
               "NestWhileList[f, expr, test, m] supplies the most recent m results as arguments for test at each step.\n"
               "NestWhileList[f, expr, test, All] supplies all results so far as arguments for test at each step.\n"
               "NestWhileList[f, expr, test, m, max] applies f at most max times.\n"
               "NestWhileList[f, expr, test, m, max, n] applies f an extra n times.\n"
               "NestWhileList[f, expr, test, m, max, -n] drops the last n elements from the list.")
def NestWhileList(ev, expr):
    return _nest_while(ev, expr, True)


def _fixed_point(ev, expr, keep_list):
    args, options = split_options(expr.args, ("SameTest",), 2)
    if len(args) not in (2, 3):
        return None
    f, value = args[0], args[1]
    limit = 65536
    if len(args) == 3:
        limit = _count(ev, Normal(expr.head, args), 3)
        if limit is None:
            return None
    same = options.get("SameTest", _SAME_Q)
    if same is Symbol("Automatic"):
        same = _SAME_Q
    value = ev.evaluate(value)
    results = [value]
    applied = 0
    while applied < limit:
        ev.check_abort()
        new = ev.evaluate(Normal(f, (value,)))
        results.append(new)
        applied += 1
        if same is _SAME_Q:
            done = new == value
        else:
            done = ev.evaluate(Normal(same, (value, new))) is TRUE
        value = new
        if done:
            break
    if keep_list:
        return Normal(LIST, tuple(results))
    return value


@builtin(nargs=(2, 4), messages=_INTNM, options=((Symbol("SameTest"), Symbol("Automatic")),),
         usage="FixedPoint[f, expr] starts with expr, then applies f repeatedly until the result no longer changes.\n"
               "FixedPoint[f, expr, n] stops after at most n steps.")
def FixedPoint(ev, expr):
    return _fixed_point(ev, expr, False)


@builtin(nargs=(2, 4), messages=_INTNM, options=((Symbol("SameTest"), Symbol("Automatic")),),
         usage="FixedPointList[f, expr] generates a list giving the results of applying f repeatedly, starting with expr, until the results no longer change.\n"
               "FixedPointList[f, expr, n] stops after at most n steps.")
def FixedPointList(ev, expr):
    return _fixed_point(ev, expr, True)


# --- Thread, Through, Composition --------------------------------------------------

def thread(ev, expr: Expr, over: Expr, positions, call):
    """Thread `expr` over its arguments with head `over` (at `positions`, 0-based)."""
    args = expr.args
    lengths = set()
    for k in positions:
        a = args[k]
        if type(a) is Normal and a.head == over:
            lengths.add(len(a.args))
    if not lengths:
        return expr
    if len(lengths) > 1:
        ev.message("Thread", "tdlen", call)
        return None
    n = lengths.pop()
    chosen = set(positions)
    rows = []
    for i in range(n):
        rows.append(Normal(expr.head, tuple(
            a.args[i] if k in chosen and type(a) is Normal and a.head == over else a
            for k, a in enumerate(args))))
    return Normal(over, tuple(rows))


@builtin(nargs=(1, 3), messages={"tdlen": "Objects of unequal length in `1` cannot be combined."},
         usage="Thread[f[args]] threads f over any lists that appear in args.\n"
               "Thread[f[args], h] threads f over any objects with head h that appear in args.\n"
               "Thread[f[args], h, n] threads f over objects with head h that appear in the first n args.")
def Thread(ev, expr):
    args = expr.args
    target = args[0]
    if target.is_atom:
        return target
    over = args[1] if len(args) >= 2 else LIST
    count = len(target.args)
    positions = range(count)
    if len(args) == 3:
        spec = args[2]
        if type(spec) is Integer:
            k = spec.value
            positions = range(min(k, count)) if k >= 0 else range(max(0, count + k), count)
        elif spec is _ALL:
            pass
        elif is_list(spec) and all(type(a) is Integer for a in spec.args):
            positions = [(a.value - 1 if a.value > 0 else count + a.value) for a in spec.args]
            positions = [p for p in positions if 0 <= p < count]
        else:
            return None
    result = thread(ev, target, over, positions, target)
    return result


@builtin(nargs=(1, 2),
         usage="Through[p[f1, f2][x]] gives p[f1[x], f2[x]].\n"
               "Through[expr, h] performs the transformation wherever h occurs in the head of expr.")
def Through(ev, expr):
    target = expr.args[0]
    if target.is_atom or type(target.head) is not Normal:
        return target
    inner = target.head
    if len(expr.args) == 2 and inner.head != expr.args[1]:
        return target
    return Normal(inner.head, tuple(Normal(g, target.args) for g in inner.args))


def _drop_identities(expr, head):
    """Composition[f, Identity, g] is Composition[f, g]; with one function left, that function."""
    kept = tuple(a for a in expr.args if a is not _IDENTITY)
    if not kept:
        return _IDENTITY
    if len(kept) == 1:
        return kept[0]
    if len(kept) != len(expr.args):
        return Normal(head, kept)
    return None


def _apply_chain(expr, head, functions_in_order):
    """Apply a composition's functions to the arguments, innermost first."""
    if not (type(expr.head) is Normal and expr.head.head is head) or not expr.head.args:
        return None
    first, *rest = functions_in_order(expr.head.args)
    value = Normal(first, expr.args)
    for f in rest:
        value = Normal(f, (value,))
    return value


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         usage="Composition[f1, f2, f3, ...] represents a composition of the functions f1, f2, f3, ....")
def Composition(ev, expr):
    return _drop_identities(expr, _COMPOSITION)


@sub_builtin("Composition")
def _apply_composition(ev, expr):
    return _apply_chain(expr, _COMPOSITION, lambda fs: fs[::-1])


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         usage="RightComposition[f1, f2, f3, ...] represents a composition on the right of the functions f1, f2, f3, ....")
def RightComposition(ev, expr):
    return _drop_identities(expr, _RIGHT_COMPOSITION)


@sub_builtin("RightComposition")
def _apply_right_composition(ev, expr):
    return _apply_chain(expr, _RIGHT_COMPOSITION, lambda fs: fs)
