"""Lists: construction (Range, Table, Array, ConstantArray), structure (Length,
Dimensions, Flatten, Partition, Transpose, Reverse, Join, Riffle, Rotate*,
Pad*), arithmetic on lists (Total, Accumulate, Differences, Mean, Median,
Norm, Dot, Inner, Outer), ordering and sets (Sort, SortBy, Ordering, Union,
Intersection, Complement, DeleteDuplicates, Tally, Split, Gather, GatherBy),
searching by pattern or test (Position, FirstPosition, Count, Cases,
DeleteCases, Select, SelectFirst, AllTrue, AnyTrue, NoneTrue, MemberQ, FreeQ,
Level), replacing parts (ReplacePart), combinatorics (Tuples, Subsets,
Permutations), vectors (UnitVector) and ``Nothing``, the element that a list
drops when it is evaluated (the evaluator drops it; Table, whose result is
final, drops it itself).

Functions keep the head of their argument wherever Mathematica does
(``Reverse[f[a, b]]`` is ``f[b, a]``).  Numeric fast paths (Range, Total,
Accumulate, Differences) build atoms directly; anything symbolic goes through
``Plus``/``Times`` so that arithmetic stays the arithmetic module's.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import cmp_to_key

from gtnlang.builtins.functional import association_index, is_association, operator_form
from gtnlang.builtins.parts import (
    ALL, LIST, heads_option, is_list, is_option, level_spec, split_options,
)
from gtnlang.core.builtin import builtin, define, sub_builtin
from gtnlang.core.iteration import IteratorError, bound, iterate
from gtnlang.core.levels import depth, in_level, walk_levels
from gtnlang.core.numbers import add_numbers, neg_number, number_abs
from gtnlang.core.ordering import canonical_sort, sort_key
from gtnlang.core.pattern import match_first, substitute
from gtnlang.expr import (
    FALSE, TRUE, Complex, Integer, Normal, Rational, Real, String, Symbol,
    from_bool, make_rational,
)

_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_ABS = Symbol("Abs")
_MAX = Symbol("Max")
_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")
_INFINITY = Symbol("Infinity")
_AUTOMATIC = Symbol("Automatic")
_SAME_Q = Symbol("SameQ")
_ZERO = Integer(0)
_ONE = Integer(1)
_NUMBER_TYPES = (Integer, Rational, Real, Complex)
_HEADS = ("Heads",)
_EMPTY = Normal(LIST, ())
_NOTHING = Symbol("Nothing")
_AND = Symbol("And")
_OR = Symbol("Or")
_NOT = Symbol("Not")
_KEY = Symbol("Key")
_BLANK = Symbol("Blank")
_NOT_FOUND = Normal(Symbol("Missing"), (String("NotFound"),))

define("Nothing", usage="Nothing represents an element of a list that will automatically be removed.")


def _list(items) -> Normal:
    return Normal(LIST, tuple(items))


def _int_list(values) -> Normal:
    return Normal(LIST, tuple(Integer(v) for v in values))


def _is_infinity(expr) -> bool:
    return expr is _INFINITY or (type(expr) is Normal and expr.has_head("DirectedInfinity")
                                 and expr.args == (_ONE,))


def _need_normal(ev, who, expr, position=1):
    """True when argument `position` is an atom (after ``who::normal``)."""
    if expr.args[position - 1].is_atom:
        ev.message(who, "normal", Integer(position), expr)
        return True
    return False


def _plus(*args):
    return Normal(_PLUS, tuple(args))


def _times(*args):
    return Normal(_TIMES, tuple(args))


# --- Length, Range, Table, Array, ConstantArray -----------------------------------

@builtin(nargs=1, usage="Length[expr] gives the number of elements in expr.")
def Length(ev, expr):
    arg = expr.args[0]
    return Integer(0 if arg.is_atom else len(arg.args))


def _exact_or_float(expr):
    t = type(expr)
    if t is Integer or t is Rational:
        return expr.value
    if t is Real:
        return float(expr.value)
    return None


@builtin(attributes=("Listable", "Protected"), nargs=(1, 3),
         messages={"range": "Range specification in `1` does not have appropriate bounds."},
         usage="Range[imax] generates the list {1, 2, ..., imax}.\n"
               "Range[imin, imax] generates the list {imin, ..., imax}.\n"
               "Range[imin, imax, di] uses step di.")
def Range(ev, expr):
    args = expr.args
    if len(args) == 1:
        low, high, step = _ONE, args[0], _ONE
    elif len(args) == 2:
        low, high, step = args[0], args[1], _ONE
    else:
        low, high, step = args
    if type(low) is Integer and type(high) is Integer and type(step) is Integer and step.value:
        # Numbers are already evaluated: the list is final (1-tuple).
        return (Normal(LIST, tuple(map(Integer, range(
            low.value, high.value + (1 if step.value > 0 else -1), step.value)))),)
    a, b, d = _exact_or_float(low), _exact_or_float(high), _exact_or_float(step)
    if a is None or b is None or d is None:
        return _symbolic_range(ev, expr, low, high, step)
    if d == 0:
        ev.message("Range", "range", expr)
        return None
    if any(isinstance(v, float) for v in (a, b, d)):
        count = math.floor((b - a) / d * (1 + 4e-16) + 1e-12) + 1
    else:
        count = math.floor(Fraction(b - a) / Fraction(d)) + 1
    count = max(0, count)
    if count > 50_000_000:
        ev.message("Range", "range", expr)
        return None
    if type(low) is Real or type(step) is Real:
        fa, fd = float(a), float(d)
        return (Normal(LIST, tuple(Real(fa + k * fd) for k in range(count))),)
    return (Normal(LIST, tuple(make_rational(Fraction(a) + k * Fraction(d)) for k in range(count))),)


def _symbolic_range(ev, expr, low, high, step):
    # Range[x, x + 3]: the number of steps must still be a number.
    difference = ev.evaluate(_times(_plus(high, _times(Integer(-1), low)), Normal(_POWER, (step, Integer(-1)))))
    n = _exact_or_float(difference)
    if n is None:
        ev.message("Range", "range", expr)
        return None
    return _list(ev.evaluate(_plus(low, _times(Integer(k), step))) for k in range(int(math.floor(n)) + 1))


@builtin(attributes=("HoldAll", "Protected"), nargs=(2, None),
         usage="Table[expr, n] generates a list of n copies of expr.\n"
               "Table[expr, {i, imax}] generates a list of the values of expr when i runs from 1 to imax.\n"
               "Table[expr, {i, imin, imax}] starts with i = imin.\n"
               "Table[expr, {i, imin, imax, di}] uses steps di.\n"
               "Table[expr, {i, {i1, i2, ...}}] uses the successive values i1, i2, ....\n"
               "Table[expr, {i, imin, imax}, {j, jmin, jmax}, ...] gives a nested list. The list associated with i is outermost.")
def Table(ev, expr):
    body, *specs = expr.args
    if not specs:
        return ev.evaluate(body)
    try:
        # Each element was evaluated with the iterator bound: final.
        return (_table(ev, body, specs, expr),)
    except IteratorError:
        return None


def _table(ev, body, specs, expr):
    spec = specs[0]
    try:
        var, values = iterate(ev, spec)
    except IteratorError:
        ev.message("Table", "iterb", spec)
        raise
    evaluate = ev.evaluate
    check_abort = ev.check_abort
    out = []
    with bound(ev, var) as set_value:
        if len(specs) == 1:
            # The result is final, so Nothing is dropped here, not by List.
            if var is None:
                for _ in values:
                    check_abort()
                    element = evaluate(body)
                    if element is not _NOTHING:
                        out.append(element)
            else:
                for value in values:
                    check_abort()
                    set_value(value)
                    element = evaluate(body)
                    if element is not _NOTHING:
                        out.append(element)
        else:
            rest = specs[1:]
            for value in values:
                check_abort()
                set_value(value)
                out.append(_table(ev, body, rest, expr))
    return Normal(LIST, tuple(out))


def _dims_spec(spec):
    """A list of non-negative ints from ``n`` or ``{n1, n2, ...}``, or None."""
    if type(spec) is Integer and spec.value >= 0:
        return [spec.value]
    if is_list(spec) and spec.args and all(type(a) is Integer and a.value >= 0 for a in spec.args):
        return [a.value for a in spec.args]
    return None


@builtin(nargs=(1, 4),
         messages={"ilsmn": "Single or list of non-negative machine-sized integers expected at position `2` of `1`.",
                   "plen": "`1` and `2` should have the same length."},
         usage="Array[f, n] generates a list of length n, with elements f[i].\n"
               "Array[f, {n1, n2, ...}] generates an n1 x n2 x ... array of nested lists, with elements f[i1, i2, ...].\n"
               "Array[f, {n1, n2, ...}, {r1, r2, ...}] generates a list using the index origins ri (default 1).\n"
               "Array[f, dims, origin, h] uses head h, rather than List, for each level of the array.")
def Array(ev, expr):
    args = expr.args
    if len(args) == 1:
        return None
    f = args[0]
    dims = _dims_spec(args[1])
    if dims is None:
        ev.message("Array", "ilsmn", expr, Integer(2))
        return None
    origins = [1] * len(dims)
    if len(args) >= 3:
        o = args[2]
        if type(o) is Integer:
            origins = [o.value] * len(dims)
        elif is_list(o) and len(o.args) == len(dims) and all(type(a) is Integer for a in o.args):
            origins = [a.value for a in o.args]
        else:
            ev.message("Array", "plen", args[1], o)
            return None
    head = args[3] if len(args) == 4 else LIST

    def build(level, index):
        if level == len(dims):
            return Normal(f, tuple(Integer(i) for i in index))
        return Normal(head, tuple(build(level + 1, index + (origins[level] + k,))
                                  for k in range(dims[level])))

    return build(0, ())


@builtin(nargs=(2, 3),
         messages={"ilsnn": "Single or list of non-negative integers expected at position `1` of `2`."},
         usage="ConstantArray[c, n] generates a list of n copies of the element c.\n"
               "ConstantArray[c, {n1, n2, ...}] generates an n1 x n2 x ... array of nested lists containing copies of the element c.")
def ConstantArray(ev, expr):
    c, spec = expr.args[:2]
    dims = _dims_spec(spec)
    if dims is None:
        ev.message("ConstantArray", "ilsnn", Integer(2), expr)
        return None
    value = c
    for n in reversed(dims):
        value = Normal(LIST, (value,) * n)
    return value


# --- Append, Prepend, Join, Reverse, Catenate ----------------------------------

@builtin(nargs=(1, 2),
         usage="Append[expr, elem] gives expr with elem appended.\n"
               "Append[elem] represents an operator form of Append that can be applied to an expression.")
def Append(ev, expr):
    if len(expr.args) == 1 or _need_normal(ev, "Append", expr):
        return None
    target, elem = expr.args
    return Normal(target.head, target.args + (elem,))


operator_form("Append", 1, True)


@builtin(nargs=(1, 2),
         usage="Prepend[expr, elem] gives expr with elem prepended.\n"
               "Prepend[elem] represents an operator form of Prepend that can be applied to an expression.")
def Prepend(ev, expr):
    if len(expr.args) == 1 or _need_normal(ev, "Prepend", expr):
        return None
    target, elem = expr.args
    return Normal(target.head, (elem,) + target.args)


operator_form("Prepend", 1, True)

_RVALUE = {"rvalue": "`1` is not a variable with a value, so its value cannot be changed."}


def _append_to(ev, expr, who, at_end):
    from gtnlang.builtins.assignment import assign
    target, elem = expr.args
    if type(target) is Symbol and ev.definition(target).own_value is None:
        ev.message(who, "rvalue", target)
        return None
    current = ev.evaluate(target)
    if current.is_atom:
        ev.message(who, "normal", Integer(1), expr)
        return None
    new = Normal(current.head, current.args + (elem,) if at_end else (elem,) + current.args)
    if not assign(ev, target, new, False, who):
        return None
    return new


@builtin(attributes=("HoldFirst", "Protected"), nargs=2, messages=_RVALUE,
         usage="AppendTo[x, elem] appends elem to the value of x, and resets x to the result.")
def AppendTo(ev, expr):
    return _append_to(ev, expr, "AppendTo", True)


@builtin(attributes=("HoldFirst", "Protected"), nargs=2, messages=_RVALUE,
         usage="PrependTo[x, elem] prepends elem to the value of x, and assigns the result to x.")
def PrependTo(ev, expr):
    return _append_to(ev, expr, "PrependTo", False)


_HEADS_MESSAGE = {"heads": "Heads `1` and `2` at positions `3` and `4` are expected to be the same."}


def _join_level(ev, items, level, expr):
    if level == 1:
        head = items[0].head
        out = []
        for k, item in enumerate(items):
            if item.head != head:
                ev.message("Join", "heads", head, item.head, Integer(1), Integer(k + 1))
                return None
            out.extend(item.args)
        return Normal(head, tuple(out))
    length = len(items[0].args)
    if any(item.is_atom or len(item.args) != length for item in items):
        ev.message("Join", "incpt", expr)
        return None
    rows = []
    for i in range(length):
        row = [item.args[i] for item in items]
        if any(r.is_atom for r in row):
            ev.message("Join", "incpt", expr)
            return None
        joined = _join_level(ev, row, level - 1, expr)
        if joined is None:
            return None
        rows.append(joined)
    return Normal(items[0].head, tuple(rows))


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         messages={**_HEADS_MESSAGE,
                   "incpt": "Incompatible parts in `1` cannot be joined."},
         usage="Join[list1, list2, ...] concatenates lists or other expressions that share the same head.\n"
               "Join[list1, list2, ..., n] joins the objects at level n in each of the listi.")
def Join(ev, expr):
    args, level = join_arguments(expr)
    if not args:
        return _EMPTY
    for k, a in enumerate(args, 1):
        if a.is_atom:
            ev.message("Join", "normal", Integer(k), expr)
            return None
    return _join_level(ev, list(args), max(1, level), expr)


def join_arguments(expr):
    """``(parts, level)`` of ``Join[list1, list2, ..., n]`` (level 1 without n)."""
    args = expr.args
    if len(args) >= 2 and type(args[-1]) is Integer:
        return args[:-1], args[-1].value
    return args, 1


@builtin(nargs=1, usage="Catenate[{list1, list2, ...}] yields a single list with all elements from the listi in order.")
def Catenate(ev, expr):
    arg = expr.args[0]
    if arg.is_atom or any(a.is_atom for a in arg.args):
        ev.message("Catenate", "invrp", arg)
        return None
    out = []
    for a in arg.args:
        out.extend(a.args)
    return _list(out)


def _reverse_at(expr, levels, level=1):
    if expr.is_atom:
        return expr
    args = expr.args
    if level < max(levels):
        args = tuple(_reverse_at(a, levels, level + 1) for a in args)
    if level in levels:
        args = args[::-1]
    return Normal(expr.head, tuple(args))


@builtin(nargs=(1, 2),
         usage="Reverse[expr] reverses the order of the elements in expr.\n"
               "Reverse[expr, n] reverses elements at level n in expr.\n"
               "Reverse[expr, {n1, n2, ...}] reverses elements at levels n1, n2, ... in expr.")
def Reverse(ev, expr):
    if _need_normal(ev, "Reverse", expr):
        return None
    levels = {1}
    if len(expr.args) == 2:
        spec = expr.args[1]
        if type(spec) is Integer and spec.value >= 1:
            levels = {spec.value}
        elif is_list(spec) and all(type(a) is Integer and a.value >= 1 for a in spec.args) and spec.args:
            levels = {a.value for a in spec.args}
        else:
            ev.message("Reverse", "ilsmp", spec)
            return None
    return _reverse_at(expr.args[0], levels)


# --- Flatten, Partition, Transpose, Dimensions ------------------------------------

def _flatten(expr, n, head):
    out = []
    for a in expr.args:
        if n > 0 and type(a) is Normal and a.head == head:
            out.extend(_flatten(a, n - 1, head).args)
        else:
            out.append(a)
    return Normal(expr.head, tuple(out))


def _flatten_dims(ev, target, groups, expr):
    top = max(max(g) for g in groups)
    head = target.head
    leaves = []

    def collect(e, index):
        if len(index) == top:
            leaves.append((index, e))
            return
        if e.is_atom or e.head != head:
            raise ValueError
        for i, a in enumerate(e.args):
            collect(a, index + (i,))

    try:
        collect(target, ())
    except ValueError:
        ev.message("Flatten", "fldep", Normal(LIST, tuple(_int_list(g) for g in groups)), target)
        return None
    mentioned = {s for g in groups for s in g}
    if mentioned != set(range(1, top + 1)):
        ev.message("Flatten", "flpi", Normal(LIST, tuple(_int_list(g) for g in groups)))
        return None
    tree: dict = {}
    for index, leaf in leaves:
        node = tree
        keys = [tuple(index[s - 1] for s in g) for g in groups]
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = leaf

    def build(node):
        if not isinstance(node, dict):
            return node
        return Normal(head, tuple(build(node[k]) for k in sorted(node)))

    return build(tree)


@builtin(nargs=(1, 3),
         messages={"flev": "Level `1` specified in `2` should be a non-negative integer or Infinity.",
                   "fldep": "Level `1` specified in `2` exceeds the levels that can be flattened together.",
                   "flpi": "Levels to be flattened together in `1` should be lists of positive integers."},
         usage="Flatten[list] flattens out nested lists.\n"
               "Flatten[list, n] flattens to level n.\n"
               "Flatten[list, n, h] flattens subexpressions with head h.\n"
               "Flatten[list, {{s11, s12, ...}, {s21, s22, ...}, ...}] flattens list by combining all levels sij to make each level i in the result.")
def Flatten(ev, expr):
    args = expr.args
    target = args[0]
    if target.is_atom:
        ev.message("Flatten", "normal", Integer(1), expr)
        return None
    n = float("inf")
    if len(args) >= 2:
        spec = args[1]
        if type(spec) is Integer and spec.value >= 0:
            n = spec.value
        elif _is_infinity(spec):
            pass
        elif is_list(spec) and spec.args:
            groups = []
            for g in spec.args:
                if type(g) is Integer and g.value >= 1:
                    groups.append([g.value])
                elif is_list(g) and g.args and all(type(s) is Integer and s.value >= 1 for s in g.args):
                    groups.append([s.value for s in g.args])
                else:
                    ev.message("Flatten", "flpi", spec)
                    return None
            return _flatten_dims(ev, target, groups, expr)
        else:
            ev.message("Flatten", "flev", spec, expr)
            return None
    head = args[2] if len(args) == 3 else target.head
    return _flatten(target, n, head)


@builtin(nargs=(2, 5),
         messages={"ilsm": "Single or list of positive machine-sized integers expected at position `2` of `1`."},
         usage="Partition[list, n] partitions list into nonoverlapping sublists of length n.\n"
               "Partition[list, n, d] generates sublists with offset d.\n"
               "Partition[list, {n1, n2, ...}] partitions a nested list into blocks of size n1 x n2 x ....")
def Partition(ev, expr):
    args = expr.args
    target = args[0]
    if target.is_atom:
        ev.message("Partition", "normal", Integer(1), expr)
        return None
    if len(args) > 3:
        return None
    size = args[1]
    if is_list(size):
        sizes = [a.value for a in size.args if type(a) is Integer and a.value > 0]
        if len(sizes) != len(size.args) or not sizes:
            ev.message("Partition", "ilsm", expr, Integer(2))
            return None
        offsets = sizes
        if len(args) == 3:
            o = args[2]
            if type(o) is Integer and o.value > 0:
                offsets = [o.value] * len(sizes)
            elif is_list(o) and len(o.args) == len(sizes) and all(type(a) is Integer and a.value > 0 for a in o.args):
                offsets = [a.value for a in o.args]
            else:
                ev.message("Partition", "ilsm", expr, Integer(3))
                return None
        return _partition_nd(target, sizes, offsets)
    if type(size) is not Integer or size.value <= 0:
        ev.message("Partition", "ilsm", expr, Integer(2))
        return None
    n = size.value
    d = n
    if len(args) == 3:
        if type(args[2]) is not Integer or args[2].value <= 0:
            ev.message("Partition", "ilsm", expr, Integer(3))
            return None
        d = args[2].value
    items = target.args
    head = target.head
    return Normal(head, tuple(Normal(head, items[i:i + n]) for i in range(0, len(items) - n + 1, d)))


@builtin(nargs=(2, 3),
         messages={"dims": "`1` should be a list of non-negative integers (the dimensions of the result)."},
         usage="ArrayReshape[list, dims] arranges the elements of list (flattened) into a rectangular array with "
               "dimensions dims; missing elements are 0, extra ones are dropped.\n"
               "ArrayReshape[list, dims, padding] pads with padding.")
def ArrayReshape(ev, expr):
    target, spec = expr.args[0], expr.args[1]
    if target.is_atom:
        ev.message("ArrayReshape", "normal", Integer(1), expr)
        return None
    if not is_list(spec) or not all(type(a) is Integer and a.value >= 0 for a in spec.args):
        ev.message("ArrayReshape", "dims", spec)
        return None
    dims = [a.value for a in spec.args]
    pad = expr.args[2] if len(expr.args) == 3 else _ZERO
    items = _flatten(target, float("inf"), target.head).args
    total = math.prod(dims)
    items = items[:total] + (pad,) * max(0, total - len(items))
    head = target.head

    def build(k, offset):
        if k == len(dims):
            return items[offset]
        stride = math.prod(dims[k + 1:])
        return Normal(head, tuple(build(k + 1, offset + i * stride) for i in range(dims[k])))

    return build(0, 0)


def _partition_nd(target, sizes, offsets):
    n, d = sizes[0], offsets[0]
    items = target.args
    head = target.head
    blocks = [Normal(head, items[i:i + n]) for i in range(0, len(items) - n + 1, d)]
    if len(sizes) == 1:
        return Normal(head, tuple(blocks))
    # Partition each block at the next level, then transpose the block grid.
    out = []
    for block in blocks:
        inner = [_partition_nd(row, sizes[1:], offsets[1:]) if not row.is_atom else row for row in block.args]
        if not inner or any(r.is_atom for r in inner):
            out.append(Normal(head, ()))
            continue
        count = min(len(r.args) for r in inner)
        out.append(Normal(head, tuple(Normal(head, tuple(r.args[j] for r in inner)) for j in range(count))))
    return Normal(head, tuple(out))


def dimensions(expr, limit=float("inf")):
    """Mathematica's Dimensions as a list of ints (rectangular part of expr)."""
    dims = []
    level = [expr]
    head = None if expr.is_atom else expr.head
    while len(dims) < limit:
        first = level[0]
        if first.is_atom or first.head != head:
            break
        n = len(first.args)
        if any(e.is_atom or e.head != head or len(e.args) != n for e in level):
            break
        dims.append(n)
        level = [a for e in level for a in e.args]
        if not level:
            break
    return dims


@builtin(nargs=(1, 2),
         usage="Dimensions[expr] gives a list of the dimensions of expr.\n"
               "Dimensions[expr, n] gives a list of the dimensions of expr down to level n.")
def Dimensions(ev, expr):
    limit = float("inf")
    if len(expr.args) == 2:
        spec = expr.args[1]
        if type(spec) is Integer and spec.value >= 0:
            limit = spec.value
        elif not _is_infinity(spec):
            return None
    return _int_list(dimensions(expr.args[0], limit))


@builtin(nargs=(1, 2),
         messages={"nmtx": "The first two levels of `1` cannot be transposed.",
                   "perm": "`1` is not a permutation."},
         usage="Transpose[list] transposes the first two levels in list.\n"
               "Transpose[list, {n1, n2, ...}] transposes list so that the k^(th) level in list is the nk^(th) level in the result.")
def Transpose(ev, expr):
    target = expr.args[0]
    if len(expr.args) == 1:
        perm = [2, 1]
    else:
        spec = expr.args[1]
        if not (is_list(spec) and all(type(a) is Integer for a in spec.args)):
            ev.message("Transpose", "perm", spec)
            return None
        perm = [a.value for a in spec.args]
    if is_list(target) and not target.args:
        return target
    dims = dimensions(target)
    k = len(perm)
    if len(dims) < max(perm, default=0) or sorted(set(perm)) != list(range(1, max(perm, default=0) + 1)) \
            or len(dims) < k:
        if len(expr.args) == 1:
            ev.message("Transpose", "nmtx", target)
        else:
            ev.message("Transpose", "perm", expr.args[1])
        return None
    out_rank = max(perm)
    out_dims = [0] * out_rank
    for level, target_level in enumerate(perm):
        d = dims[level]
        if out_dims[target_level - 1] and out_dims[target_level - 1] != d:
            ev.message("Transpose", "perm", expr.args[1] if len(expr.args) > 1 else _list(()))
            return None
        out_dims[target_level - 1] = d
    head = target.head

    def get(index):
        e = target
        for i in index:
            e = e.args[i]
        return e

    def build(prefix):
        if len(prefix) == out_rank:
            return get([prefix[perm[level] - 1] for level in range(k)])
        return Normal(head, tuple(build(prefix + (i,)) for i in range(out_dims[len(prefix)])))

    return build(())


# --- Total, Accumulate, Differences, Mean, Median, Norm ----------------------------

def _sum(ev, items):
    """The sum of `items` (numbers summed directly, anything else through Plus)."""
    if not items:
        return _ZERO
    if all(type(x) in _NUMBER_TYPES for x in items):
        return add_numbers(items)
    if all(is_list(x) for x in items):
        n = len(items[0].args)
        if all(len(x.args) == n for x in items):
            return _list(_sum(ev, [x.args[i] for x in items]) for i in range(n))
    return ev.evaluate(Normal(_PLUS, tuple(items)))


def _total_levels(ev, e, low, high, level=1):
    """Total of `e` over levels low..high (1-based)."""
    if e.is_atom:
        return e
    if level < low:
        return Normal(e.head, tuple(_total_levels(ev, a, low, high, level + 1) for a in e.args))
    items = list(e.args)
    for _ in range(level, int(min(high, 10_000))):
        if not any(not x.is_atom and x.head == e.head for x in items):
            break
        flat = []
        for x in items:
            if not x.is_atom and x.head == e.head:
                flat.extend(x.args)
            else:
                flat.append(x)
        items = flat
    return _sum(ev, items)


@builtin(nargs=(1, 2),
         usage="Total[list] gives the total of the elements in list.\n"
               "Total[list, n] totals all elements down to level n.\n"
               "Total[list, {n}] totals elements at level n.\n"
               "Total[list, {n1, n2}] totals elements at levels n1 through n2.")
def Total(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        return target
    low, high = 1, 1
    if len(expr.args) == 2:
        spec = expr.args[1]
        if type(spec) is Integer and spec.value >= 0:
            high = spec.value
            if high == 0:
                return target
        elif _is_infinity(spec):
            high = float("inf")
        elif is_list(spec) and len(spec.args) in (1, 2) and all(
                type(a) is Integer and a.value >= 1 or _is_infinity(a) for a in spec.args):
            values = [float("inf") if _is_infinity(a) else a.value for a in spec.args]
            low, high = values[0], values[-1]
            if high < low:
                return target
        else:
            ev.message("Total", "level", spec)
            return None
    if low > 1:
        if high == float("inf"):
            # Each part at level low - 1 is totalled completely.
            return _total_levels(ev, target, low, high)
        return _total_levels(ev, target, low, high)
    if high == float("inf"):
        return _sum(ev, _leaves(target, target.head))
    return _total_levels(ev, target, 1, high)


def _leaves(e, head):
    out = []
    for a in e.args:
        if not a.is_atom and a.head == head:
            out.extend(_leaves(a, head))
        else:
            out.append(a)
    return out


@builtin(nargs=1, usage="Accumulate[list] gives a list of the successive accumulated totals of elements in list.")
def Accumulate(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Accumulate", "normal", Integer(1), expr)
        return None
    out = []
    acc = None
    for x in target.args:
        ev.check_abort()
        acc = x if acc is None else _sum(ev, [acc, x])
        out.append(acc)
    return Normal(target.head, tuple(out))


def _subtract(ev, a, b):
    if type(a) in _NUMBER_TYPES and type(b) in _NUMBER_TYPES:
        return add_numbers([a, neg_number(b)])
    if is_list(a) and is_list(b) and len(a.args) == len(b.args):
        return _list(_subtract(ev, x, y) for x, y in zip(a.args, b.args))
    return ev.evaluate(_plus(a, _times(Integer(-1), b)))


@builtin(nargs=(1, 2),
         usage="Differences[list] gives the successive differences of elements in list.\n"
               "Differences[list, n] gives the n^(th) differences of list.")
def Differences(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Differences", "normal", Integer(1), expr)
        return None
    n = 1
    if len(expr.args) == 2:
        if type(expr.args[1]) is not Integer or expr.args[1].value < 0:
            return None
        n = expr.args[1].value
    items = list(target.args)
    for _ in range(n):
        items = [_subtract(ev, b, a) for a, b in zip(items, items[1:])]
    return Normal(target.head, tuple(items))


@builtin(nargs=1, usage="Mean[list] gives the statistical mean of the elements in list.",
         messages={"rectn": "Rectangular array of real numbers is expected at position `1` in `2`."})
def Mean(ev, expr):
    target = expr.args[0]
    if not is_list(target) or not target.args:
        ev.message("Mean", "rectn", Integer(1), expr)
        return None
    total = _sum(ev, list(target.args))
    n = Integer(len(target.args))
    if type(total) in (Integer, Rational):
        return make_rational(Fraction(total.value) / n.value)
    if type(total) is Real and total.precision is None:
        return Real(total.value / n.value)
    return _times(total, Normal(_POWER, (n, Integer(-1))))


def _real_key(x):
    return x.value if type(x) in (Integer, Rational) else x.value


@builtin(nargs=1, usage="Median[list] gives the median of the elements in list.",
         messages={"rectn": "Rectangular array of real numbers is expected at position `1` in `2`."})
def Median(ev, expr):
    target = expr.args[0]
    if not is_list(target) or not target.args:
        ev.message("Median", "rectn", Integer(1), expr)
        return None
    items = target.args
    if all(type(x) in (Integer, Rational, Real) for x in items):
        ordered = sorted(items, key=_real_key)
        n = len(ordered)
        if n % 2:
            return ordered[n // 2]
        return Mean(ev, Normal(Symbol("Mean"), (_list(ordered[n // 2 - 1:n // 2 + 1]),)))
    if all(is_list(x) for x in items):
        dims = dimensions(target)
        if len(dims) >= 2:
            columns = Transpose(ev, Normal(Symbol("Transpose"), (target,)))
            if columns is not None:
                return _list(Normal(Symbol("Median"), (c,)) for c in columns.args)
    return None


@builtin(nargs=(1, 2), usage="Norm[expr] gives the norm of a number, vector, or matrix.\n"
                             "Norm[expr, p] gives the p-norm.")
def Norm(ev, expr):
    target = expr.args[0]
    p = expr.args[1] if len(expr.args) == 2 else Integer(2)
    if type(target) in _NUMBER_TYPES:
        return Normal(_ABS, (target,))
    if not is_list(target):
        return None
    if any(is_list(a) for a in target.args):
        # A matrix: its norms live with the linear algebra (imported on first use).
        from gtnlang.builtins.linalg import matrix_norm, matrix_rows
        rows = matrix_rows(target)
        return None if rows is None else matrix_norm(ev, rows, p)
    if not target.args:
        return None

    def absolute(x):
        if type(x) in (Integer, Rational, Real):
            return number_abs(x)
        return Normal(_ABS, (x,))

    if _is_infinity(p):
        return Normal(_MAX, tuple(absolute(a) for a in target.args))
    if type(p) is Integer and p.value == 1:
        return Normal(_PLUS, tuple(absolute(a) for a in target.args))
    terms = Normal(_PLUS, tuple(Normal(_POWER, (absolute(a), p)) for a in target.args))
    return Normal(_POWER, (terms, Normal(_POWER, (p, Integer(-1)))))


# --- Sort, SortBy, Ordering -------------------------------------------------------

def _predicate_key(ev, p):
    """A sort key class from an ordering function p (p[a, b] True: a first)."""

    def compare(a, b):
        r = ev.evaluate(Normal(p, (a, b)))
        if r is TRUE:
            return -1
        if type(r) is Integer:
            return -r.value
        return 1

    return cmp_to_key(compare)


def _sorted(ev, items, p=None):
    if p is None:
        return list(canonical_sort(tuple(items)))
    return _merge_sort(ev, list(items), p)


def _merge_sort(ev, items, p):
    """Stable merge sort: b goes before a only when p[a, b] is not True."""
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = _merge_sort(ev, items[:mid], p)
    right = _merge_sort(ev, items[mid:], p)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        r = ev.evaluate(Normal(p, (left[i], right[j])))
        in_order = r is TRUE or (type(r) is Integer and r.value >= 0)
        if in_order:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


@builtin(nargs=(1, 2),
         usage="Sort[list] sorts the elements of list into canonical order.\n"
               "Sort[list, p] sorts using the ordering function p.")
def Sort(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Sort", "normal", Integer(1), expr)
        return None
    p = expr.args[1] if len(expr.args) == 2 else None
    return Normal(target.head, tuple(_sorted(ev, target.args, p)))


def _by_keys(ev, items, f):
    """(key tuple, element) pairs for SortBy/GatherBy with f or {f1, f2, ...}."""
    fs = f.args if is_list(f) else (f,)
    return [tuple(ev.evaluate(Normal(g, (e,))) for g in fs) for e in items]


@builtin(nargs=(1, 3),
         usage="SortBy[list, f] sorts the elements of list in the order defined by applying f to each of them.\n"
               "SortBy[list, {f1, f2, ...}] breaks ties by successively using the values obtained from the fi.\n"
               "SortBy[list, f, p] sorts the elements of list using the function p to compare the results of applying f to each element.\n"
               "SortBy[f] represents an operator form of SortBy that can be applied to an expression.")
def SortBy(ev, expr):
    if len(expr.args) == 1:
        return None
    target, f = expr.args[0], expr.args[1]
    if target.is_atom:
        ev.message("SortBy", "normal", Integer(1), expr)
        return None
    keys = _by_keys(ev, target.args, f)
    pairs = list(zip(keys, target.args))
    if len(expr.args) == 3:
        p = expr.args[2]
        sorted_keys = _merge_sort(ev, [k[0] for k in keys], p) if keys else []
        # Stable: place elements by their key's rank.
        rank = {}
        for i, k in enumerate(sorted_keys):
            rank.setdefault(k, i)
        pairs.sort(key=lambda kv: rank[kv[0][0]])
        return Normal(target.head, tuple(e for _, e in pairs))
    pairs.sort(key=lambda kv: tuple(sort_key(k) for k in kv[0]) + (sort_key(kv[1]),))
    return Normal(target.head, tuple(e for _, e in pairs))


operator_form("SortBy", 1, True)


@builtin(nargs=(1, 3),
         usage="Ordering[list] gives the positions in list at which each successive element of Sort[list] appears.\n"
               "Ordering[list, n] gives the positions in list at which the first n elements of Sort[list] appear.\n"
               "Ordering[list, -n] gives the positions of the last n elements of Sort[list].\n"
               "Ordering[list, n, p] gives positions in list of elements of Sort[list, p].")
def Ordering(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Ordering", "normal", Integer(1), expr)
        return None
    indexed = list(enumerate(target.args, 1))
    if len(expr.args) == 3:
        p = expr.args[2]
        pair_p = _PairPredicate(ev, p)
        ordered = _merge_sort_pairs(indexed, pair_p)
    else:
        ordered = sorted(indexed, key=lambda ie: (sort_key(ie[1]), ie[0]))
    positions = [Integer(i) for i, _ in ordered]
    if len(expr.args) >= 2 and expr.args[1] is not ALL:
        spec = expr.args[1]
        if type(spec) is not Integer:
            return None
        k = spec.value
        if abs(k) > len(positions):
            return None
        positions = positions[:k] if k >= 0 else positions[k:]
    return _list(positions)


class _PairPredicate:
    def __init__(self, ev, p):
        self.ev, self.p = ev, p

    def __call__(self, a, b):
        r = self.ev.evaluate(Normal(self.p, (a, b)))
        return r is TRUE or (type(r) is Integer and r.value >= 0)


def _merge_sort_pairs(items, in_order):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = _merge_sort_pairs(items[:mid], in_order)
    right = _merge_sort_pairs(items[mid:], in_order)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if in_order(left[i][1], right[j][1]):
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


# --- Sets: Union, Intersection, Complement, DeleteDuplicates, Tally ----------------

def _same_test(ev, options):
    test = options.get("SameTest")
    if test is None or test is _AUTOMATIC or test is _SAME_Q:
        return None
    return lambda a, b: ev.evaluate(Normal(test, (a, b))) is TRUE


def _dedupe(items, same=None):
    if same is None:
        seen = set()
        out = []
        for x in items:
            if x not in seen:
                seen.add(x)
                out.append(x)
        return out
    out = []
    for x in items:
        if not any(same(y, x) for y in out):
            out.append(x)
    return out


_SAME_TEST = ("SameTest",)


def _set_args(ev, who, expr, min_args):
    args, options = split_options(expr.args, _SAME_TEST, min_args)
    for k, a in enumerate(args, 1):
        if a.is_atom:
            ev.message(who, "normal", Integer(k), expr)
            return None
    if args:
        head = args[0].head
        for k, a in enumerate(args[1:], 2):
            if a.head != head:
                ev.message(who, "heads", head, a.head, Integer(1), Integer(k))
                return None
    return args, options


@builtin(attributes=("Flat", "OneIdentity", "Protected", "ReadProtected"), messages=_HEADS_MESSAGE,
         options=((Symbol("SameTest"), _AUTOMATIC),),
         usage="Union[list1, list2, ...] gives a sorted list of all the distinct elements that appear in any of the listi.\n"
               "Union[list] gives a sorted version of a list, in which all duplicated elements have been dropped.")
def Union(ev, expr):
    args, options = split_options(expr.args, _SAME_TEST, 0)
    if not args:
        return _EMPTY
    # Unions of other objects (graphs) belong to their own modules.
    if not all(is_list(a) for a in args):
        return None
    items = [x for a in args for x in a.args]
    same = _same_test(ev, options)
    ordered = _sorted(ev, _dedupe(items) if same is None else items)
    if same is not None:
        ordered = _dedupe(ordered, same)
    result = _list(ordered)
    return result if result != expr else None


@builtin(attributes=("Flat", "OneIdentity", "Protected", "ReadProtected"), messages=_HEADS_MESSAGE,
         options=((Symbol("SameTest"), _AUTOMATIC),),
         usage="Intersection[list1, list2, ...] gives a sorted list of the elements common to all the listi.")
def Intersection(ev, expr):
    parsed = _set_args(ev, "Intersection", expr, 1)
    if parsed is None:
        return None
    args, options = parsed
    same = _same_test(ev, options)
    head = args[0].head
    common = _dedupe(args[0].args, same)
    for a in args[1:]:
        if same is None:
            members = set(a.args)
            common = [x for x in common if x in members]
        else:
            common = [x for x in common if any(same(x, y) for y in a.args)]
    return Normal(head, tuple(_sorted(ev, common)))


@builtin(nargs=(1, None), messages=_HEADS_MESSAGE,
         options=((Symbol("SameTest"), _AUTOMATIC),),
         usage="Complement[eall, e1, e2, ...] gives the elements in eall that are not in any of the ei.")
def Complement(ev, expr):
    parsed = _set_args(ev, "Complement", expr, 1)
    if parsed is None:
        return None
    args, options = parsed
    same = _same_test(ev, options)
    head = args[0].head
    if same is None:
        removed = set(x for a in args[1:] for x in a.args)
        kept = [x for x in _dedupe(args[0].args) if x not in removed]
    else:
        others = [x for a in args[1:] for x in a.args]
        kept = [x for x in _dedupe(args[0].args, same) if not any(same(x, y) for y in others)]
    return Normal(head, tuple(_sorted(ev, kept)))


def _test_function(ev, test):
    if test is None or test is _SAME_Q:
        return None
    return lambda a, b: ev.evaluate(Normal(test, (a, b))) is TRUE


@builtin(nargs=(1, 2),
         usage="DeleteDuplicates[list] deletes all duplicates from list.\n"
               "DeleteDuplicates[list, test] applies test to pairs of elements to determine whether they should be considered duplicates.")
def DeleteDuplicates(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("DeleteDuplicates", "normal", Integer(1), expr)
        return None
    same = _test_function(ev, expr.args[1] if len(expr.args) == 2 else None)
    return Normal(target.head, tuple(_dedupe(target.args, same)))


@builtin(nargs=(1, 2),
         usage="DuplicateFreeQ[list] gives True if list has no duplicates, and False otherwise.\n"
               "DuplicateFreeQ[list, test] applies test to pairs of elements to determine whether they should be considered duplicates.")
def DuplicateFreeQ(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        return FALSE
    items = target.args
    same = _test_function(ev, expr.args[1] if len(expr.args) == 2 else None)
    if same is None:
        seen = set()
        for x in items:
            if x in seen:
                return FALSE
            seen.add(x)
        return TRUE
    kept = []
    for x in items:
        ev.check_abort()
        if any(same(y, x) for y in kept):
            return FALSE
        kept.append(x)
    return TRUE


@builtin(nargs=(1, 2),
         usage="Tally[list] tallies the elements in list, listing all distinct elements together with their multiplicities.\n"
               "Tally[list, test] uses test to determine whether pairs of elements should be considered equivalent, and gives a list of the first representatives of each equivalence class, together with their multiplicities.")
def Tally(ev, expr):
    target = expr.args[0]
    if not is_list(target):
        ev.message("Tally", "list", expr, Integer(1))
        return None
    same = _test_function(ev, expr.args[1] if len(expr.args) == 2 else None)
    keys = []
    counts = {}
    if same is None:
        for x in target.args:
            if x in counts:
                counts[x] += 1
            else:
                counts[x] = 1
                keys.append(x)
        return _list(_list((k, Integer(counts[k]))) for k in keys)
    groups = []
    for x in target.args:
        for g in groups:
            if same(g[0], x):
                g[1] += 1
                break
        else:
            groups.append([x, 1])
    return _list(_list((g[0], Integer(g[1]))) for g in groups)


# --- Split, Gather, GatherBy -------------------------------------------------------

@builtin(nargs=(1, 2),
         usage="Split[list] splits list into sublists consisting of runs of identical elements.\n"
               "Split[list, test] treats pairs of adjacent elements as identical whenever applying the function test to them yields True.")
def Split(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Split", "normal", Integer(1), expr)
        return None
    test = expr.args[1] if len(expr.args) == 2 else None
    runs = []
    for x in target.args:
        if runs:
            prev = runs[-1][-1]
            same = (prev == x) if test is None else ev.evaluate(Normal(test, (prev, x))) is TRUE
            if same:
                runs[-1].append(x)
                continue
        runs.append([x])
    return Normal(target.head, tuple(Normal(target.head, tuple(r)) for r in runs))


def _gather(items, keys):
    """Items grouped by equal keys, groups in order of first appearance."""
    groups = []
    index = {}
    for x, k in zip(items, keys):
        g = index.get(k)
        if g is None:
            g = index[k] = []
            groups.append(g)
        g.append(x)
    return groups


@builtin(nargs=(1, 2),
         usage="Gather[list] gathers the elements of list into sublists of identical elements.\n"
               "Gather[list, test] applies test to pairs of elements to determine if they should be considered identical.")
def Gather(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Gather", "normal", Integer(1), expr)
        return None
    head = target.head
    if len(expr.args) == 1:
        groups = _gather(target.args, target.args)
    else:
        test = expr.args[1]
        groups = []
        for x in target.args:
            for g in groups:
                if ev.evaluate(Normal(test, (g[0], x))) is TRUE:
                    g.append(x)
                    break
            else:
                groups.append([x])
    return Normal(head, tuple(Normal(head, tuple(g)) for g in groups))


@builtin(nargs=(1, 2),
         usage="GatherBy[list, f] gathers into sublists each set of elements in list that gives the same value when f is applied.\n"
               "GatherBy[list, {f1, f2, ...}] gathers list into nested sublists using fi at level i.")
def GatherBy(ev, expr):
    if len(expr.args) == 1:
        return None
    target, f = expr.args
    if target.is_atom:
        ev.message("GatherBy", "normal", Integer(1), expr)
        return None
    head = target.head
    fs = list(f.args) if is_list(f) else [f]

    def gather_by(items, fs):
        if not fs:
            return Normal(head, tuple(items))
        keys = [ev.evaluate(Normal(fs[0], (x,))) for x in items]
        groups = _gather(items, keys)
        return Normal(head, tuple(gather_by(g, fs[1:]) for g in groups))

    result = gather_by(list(target.args), fs)
    return result


operator_form("GatherBy", 1, True)


# --- Riffle, RotateLeft/Right, PadLeft/Right ----------------------------------------

@builtin(nargs=(2, 3),
         usage="Riffle[{e1, e2, ...}, x] gives {e1, x, e2, x, ...}.\n"
               "Riffle[{e1, e2, ...}, {x1, x2, ...}] gives {e1, x1, e2, x2, ...}.\n"
               "Riffle[list, x, n] yields a list in which every n^(th) element is x.")
def Riffle(ev, expr):
    target, x = expr.args[:2]
    if target.is_atom:
        ev.message("Riffle", "normal", Integer(1), expr)
        return None
    items = target.args
    if len(expr.args) == 3:
        n = expr.args[2]
        if type(n) is not Integer or n.value < 2:
            return None
        step = n.value - 1
        out = []
        for i in range(0, len(items), step):
            chunk = items[i:i + step]
            out.extend(chunk)
            if i + step < len(items):
                out.append(x)
        return Normal(target.head, tuple(out))
    if is_list(x):
        xs = x.args
        if len(xs) not in (len(items), len(items) - 1):
            # Treat the list as a single element to insert (cyclically otherwise).
            if not xs:
                return target
            xs = tuple(xs[i % len(xs)] for i in range(max(0, len(items) - 1)))
        out = []
        for i, e in enumerate(items):
            out.append(e)
            if i < len(xs):
                out.append(xs[i])
        return Normal(target.head, tuple(out))
    out = []
    for i, e in enumerate(items):
        if i:
            out.append(x)
        out.append(e)
    return Normal(target.head, tuple(out))


def _rotate(ev, expr, direction):
    who = "RotateLeft" if direction > 0 else "RotateRight"
    target = expr.args[0]
    if target.is_atom:
        ev.message(who, "normal", Integer(1), expr)
        return None
    spec = expr.args[1] if len(expr.args) == 2 else Integer(1)
    if type(spec) is Integer:
        shifts = [spec.value]
    elif is_list(spec) and all(type(a) is Integer for a in spec.args):
        shifts = [a.value for a in spec.args]
    else:
        return None

    def rotate(e, level):
        if level == len(shifts) or e.is_atom:
            return e
        args = tuple(rotate(a, level + 1) for a in e.args) if level + 1 < len(shifts) else e.args
        n = len(args)
        if n:
            k = (direction * shifts[level]) % n
            args = args[k:] + args[:k]
        return Normal(e.head, args)

    return rotate(target, 0)


@builtin(nargs=(1, 2),
         usage="RotateLeft[expr, n] cycles the elements in expr n positions to the left.\n"
               "RotateLeft[expr] cycles one position to the left.\n"
               "RotateLeft[expr, {n1, n2, ...}] cycles elements at successive levels ni positions to the left.")
def RotateLeft(ev, expr):
    return _rotate(ev, expr, 1)


@builtin(nargs=(1, 2),
         usage="RotateRight[expr, n] cycles the elements in expr n positions to the right.\n"
               "RotateRight[expr] cycles one position to the right.\n"
               "RotateRight[expr, {n1, n2, ...}] cycles elements at successive levels ni positions to the right.")
def RotateRight(ev, expr):
    return _rotate(ev, expr, -1)


def _pad_one(items, n, padding, left, margin):
    """Pad/truncate the tuple `items` to length n (cyclic padding list or None for a value)."""
    length = len(items)
    pad_list, pad_value = padding
    out = [None] * n
    if left:
        end = n - margin        # the list occupies positions [end - length, end)
        start = end - length
    else:
        start = margin
        end = start + length
    for p in range(n):
        if start <= p < end:
            out[p] = items[p - start]
        elif pad_list is not None:
            s = len(pad_list)
            out[p] = pad_list[(p - end) % s] if left else pad_list[(p - start) % s]
        else:
            out[p] = pad_value
    return tuple(out)


def _pad(ev, expr, left):
    who = "PadLeft" if left else "PadRight"
    args = expr.args
    target = args[0]
    if target.is_atom:
        ev.message(who, "normal", Integer(1), expr)
        return None
    head = target.head
    pad = args[2] if len(args) >= 3 else _ZERO
    if len(args) == 1 or args[1] is _AUTOMATIC:
        dims = _ragged_dims(target, head)
    elif type(args[1]) is Integer:
        dims = [args[1].value]
    elif is_list(args[1]) and all(type(a) is Integer for a in args[1].args):
        dims = [a.value for a in args[1].args]
    else:
        return None
    margins = [0] * len(dims)
    if len(args) == 4:
        m = args[3]
        if type(m) is Integer:
            margins = [m.value] * len(dims)
        elif is_list(m) and len(m.args) == len(dims) and all(type(a) is Integer for a in m.args):
            margins = [a.value for a in m.args]
        else:
            return None
    if is_list(pad):
        if not pad.args:
            return None
        padding = (pad.args, None)
    else:
        padding = (None, pad)

    def go(e, level):
        if level == len(dims):
            return e
        n = dims[level]
        side_left = left if n >= 0 else not left
        n = abs(n)
        if e.is_atom or e.head != head:
            items = ()
        else:
            items = e.args
        if level + 1 < len(dims):
            items = tuple(go(a, level + 1) for a in items)
            # At outer levels the padding element is an empty list padded below.
            level_padding = (None, go(Normal(head, ()), level + 1))
        else:
            level_padding = padding
        return Normal(head, _pad_one(items, n, level_padding, side_left, margins[level]))

    return go(target, 0)


def _ragged_dims(e, head):
    dims = []
    level = [e]
    while True:
        subs = [x for x in level if not x.is_atom and x.head == head]
        if not subs or len(subs) != len(level):
            break
        dims.append(max(len(x.args) for x in subs))
        level = [a for x in subs for a in x.args]
        if not level:
            break
    return dims


@builtin(nargs=(1, 4),
         usage="PadLeft[list, n] makes a list of length n by padding list with zeros on the left.\n"
               "PadLeft[list, n, x] pads by repeating the element x.\n"
               "PadLeft[list, n, {x1, x2, ...}] pads by cyclically repeating the elements xi.\n"
               "PadLeft[list, n, padding, m] leaves a margin of m elements of padding on the right.\n"
               "PadLeft[list, {n1, n2, ...}] makes a nested list with length ni at level i.\n"
               "PadLeft[list] pads a ragged array list with zeros to make it full.")
def PadLeft(ev, expr):
    return _pad(ev, expr, True)


@builtin(nargs=(1, 4),
         usage="PadRight[list, n] makes a list of length n by padding list with zeros on the right.\n"
               "PadRight[list, n, x] pads by repeating the element x.\n"
               "PadRight[list, n, {x1, x2, ...}] pads by cyclically repeating the elements xi.\n"
               "PadRight[list, n, padding, m] leaves a margin of m elements of padding on the left.\n"
               "PadRight[list, {n1, n2, ...}] makes a nested list with length ni at level i.\n"
               "PadRight[list] pads a ragged array list with zeros to make it full.")
def PadRight(ev, expr):
    return _pad(ev, expr, False)


# --- Pattern-based searching: Position, Count, Cases, DeleteCases, Select, ... ------

def _matches(ev, pattern, expr) -> bool:
    return match_first(pattern, expr, ev) is not None


def _levels_and_options(ev, who, expr, n_fixed, default_levels, default_heads, max_extra=1):
    """Parse ``f[e1, ..., e_n_fixed, levelspec?, n?, options]``."""
    args, options = split_options(expr.args, _HEADS, n_fixed)
    heads = default_heads if "Heads" not in options else options["Heads"] is TRUE
    extra = args[n_fixed:]
    if len(extra) > max_extra:
        return None
    spec = extra[0] if extra else default_levels
    levels = level_spec(ev, who, spec, heads)
    if levels is None:
        return None
    return args, levels, extra


def _max_count(spec):
    if type(spec) is Integer and spec.value >= 0:
        return spec.value
    if _is_infinity(spec):
        return float("inf")
    return None


@builtin(nargs=(1, 4), options=((Symbol("Heads"), TRUE),),
         usage="Position[expr, pattern] gives a list of the positions at which objects matching pattern appear in expr.\n"
               "Position[expr, pattern, levelspec] finds only objects that appear on levels specified by levelspec.\n"
               "Position[expr, pattern, levelspec, n] gives the positions of the first n objects found.\n"
               "Position[pattern] represents an operator form of Position that can be applied to an expression.")
def Position(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "Position", expr, 2, Normal(LIST, (_ZERO, _INFINITY)), True, 2)
    if parsed is None:
        return None
    args, (low, high, heads), extra = parsed
    target, pattern = args[0], args[1]
    limit = float("inf")
    if len(extra) == 2:
        limit = _max_count(extra[1])
        if limit is None:
            return None
    out = []
    for part, position in walk_levels(target, low, high, heads):
        if len(out) >= limit:
            break
        if _matches(ev, pattern, part):
            out.append(_int_list(position))
    return _list(out)


operator_form("Position", 1, True)


@builtin(attributes=("HoldRest", "Protected"), nargs=(1, 5), options=((Symbol("Heads"), TRUE),),
         usage="FirstPosition[expr, pattern] gives the position of the first element in expr that matches pattern, or Missing[\"NotFound\"] if no such element is found.\n"
               "FirstPosition[expr, pattern, default] gives default if no element matching pattern is found.\n"
               "FirstPosition[expr, pattern, default, levelspec] finds only objects that appear on levels specified by levelspec.\n"
               "FirstPosition[pattern] represents an operator form of FirstPosition that can be applied to an expression.")
def FirstPosition(ev, expr):
    # HoldRest: the default is evaluated only when it is the result.
    if len(expr.args) == 1:
        return None
    evaluate = ev.evaluate
    # Everything but the default (which may be an option setting) is evaluated now.
    args = (expr.args[0], evaluate(expr.args[1]),
            *(evaluate(a) if k > 2 or is_option(a) else a for k, a in enumerate(expr.args[2:], 2)))
    args, options = split_options(args, _HEADS, 2)
    if len(args) > 4:
        return None
    heads = options["Heads"] is TRUE if "Heads" in options else True
    levels = level_spec(ev, "FirstPosition", args[3] if len(args) == 4 else Normal(LIST, (_ZERO, _INFINITY)), heads)
    if levels is None:
        return None
    low, high, heads = levels
    target, pattern = args[0], args[1]
    for part, position in _walk_keyed(target, low, high, heads):
        if _matches(ev, pattern, part):
            return _list(position)
    return args[2] if len(args) >= 3 else _NOT_FOUND


def _walk_keyed(expr, low, high, heads, level=0, position=()):
    """`walk_levels` with positions as expressions: the parts of an association
    are its values, at positions Key[k]."""
    if not expr.is_atom and (high < 0 or level < high):
        if heads:
            yield from _walk_keyed(expr.head, low, high, heads, level + 1, position + (_ZERO,))
        if is_association(expr):
            for rule in expr.args:
                yield from _walk_keyed(rule.args[1], low, high, heads, level + 1,
                                       position + (Normal(_KEY, (rule.args[0],)),))
        else:
            for index, arg in enumerate(expr.args, 1):
                yield from _walk_keyed(arg, low, high, heads, level + 1, position + (Integer(index),))
    if in_level(level, depth(expr) if (low < 0 or high < 0) else 0, low, high):
        yield expr, position


operator_form("FirstPosition", 1, True)


@builtin(nargs=(1, 3), options=((Symbol("Heads"), FALSE),),
         usage="Count[list, pattern] gives the number of elements in list that match pattern.\n"
               "Count[expr, pattern, levelspec] gives the total number of subexpressions matching pattern that appear at the levels in expr specified by levelspec.\n"
               "Count[pattern] represents an operator form of Count that can be applied to an expression.")
def Count(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "Count", expr, 2, Normal(LIST, (_ONE,)), False)
    if parsed is None:
        return None
    args, (low, high, heads), _ = parsed
    target, pattern = args[0], args[1]
    return Integer(sum(1 for part, _ in walk_levels(target, low, high, heads)
                       if _matches(ev, pattern, part)))


operator_form("Count", 1, True)


def _rule_parts(pattern):
    if type(pattern) is Normal and len(pattern.args) == 2 and (
            pattern.head is _RULE or pattern.head is _RULE_DELAYED):
        return pattern.args[0], pattern.args[1]
    return pattern, None


@builtin(nargs=(1, 4), options=((Symbol("Heads"), FALSE),),
         usage="Cases[{e1, e2, ...}, pattern] gives a list of the ei that match the pattern.\n"
               "Cases[{e1, ...}, pattern -> rhs] gives a list of the values of rhs corresponding to the ei that match the pattern.\n"
               "Cases[expr, pattern, levelspec] gives a list of all parts of expr on levels specified by levelspec that match the pattern.\n"
               "Cases[expr, pattern -> rhs, levelspec] gives the values of rhs that match the pattern.\n"
               "Cases[expr, pattern, levelspec, n] gives the first n parts in expr that match the pattern.\n"
               "Cases[pattern] represents an operator form of Cases that can be applied to an expression.")
def Cases(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "Cases", expr, 2, Normal(LIST, (_ONE,)), False, 2)
    if parsed is None:
        return None
    args, (low, high, heads), extra = parsed
    target, spec = args[0], args[1]
    limit = float("inf")
    if len(extra) == 2:
        limit = _max_count(extra[1])
        if limit is None:
            return None
    pattern, rhs = _rule_parts(spec)
    out = []
    if target.is_atom and low > 0:
        return _EMPTY
    for part, _ in walk_levels(target, low, high, heads):
        if len(out) >= limit:
            break
        bindings = match_first(pattern, part, ev)
        if bindings is not None:
            out.append(part if rhs is None else substitute(rhs, bindings))
    return _list(out)


operator_form("Cases", 1, True)


@builtin(nargs=(1, 4), options=((Symbol("Heads"), FALSE),),
         usage="DeleteCases[expr, pattern] removes all elements of expr that match pattern.\n"
               "DeleteCases[expr, pattern, levelspec] removes all parts of expr on levels specified by levelspec that match pattern.\n"
               "DeleteCases[expr, pattern, levelspec, n] removes the first n parts of expr that match pattern.\n"
               "DeleteCases[pattern] represents an operator form of DeleteCases that can be applied to an expression.")
def DeleteCases(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "DeleteCases", expr, 2, Normal(LIST, (_ONE,)), False, 2)
    if parsed is None:
        return None
    args, (low, high, heads), extra = parsed
    target, pattern = args[0], args[1]
    limit = [float("inf")]
    if len(extra) == 2:
        limit[0] = _max_count(extra[1])
        if limit[0] is None:
            return None
    needs_depth = low < 0 or high < 0

    def delete(e, level):
        if e.is_atom:
            return e
        new = []
        for a in e.args:
            if limit[0] > 0 and in_level(level + 1, depth(a) if needs_depth else 0, low, high) \
                    and _matches(ev, pattern, a):
                limit[0] -= 1
                continue
            if high < 0 or level + 1 < high:
                a = delete(a, level + 1)
            new.append(a)
        return Normal(e.head, tuple(new))

    return delete(target, 0)


operator_form("DeleteCases", 1, True)


@builtin(nargs=(1, 3),
         usage="Select[list, crit] picks out all elements ei of list for which crit[ei] is True.\n"
               "Select[list, crit, n] picks out the first n elements for which crit[ei] is True.\n"
               "Select[crit] represents an operator form of Select that can be applied to an expression.")
def Select(ev, expr):
    if len(expr.args) == 1:
        return None
    target, crit = expr.args[:2]
    if target.is_atom:
        ev.message("Select", "normal", Integer(1), expr)
        return None
    limit = float("inf")
    if len(expr.args) == 3:
        limit = _max_count(expr.args[2])
        if limit is None:
            return None
    out = []
    evaluate = ev.evaluate
    for x in target.args:
        if len(out) >= limit:
            break
        ev.check_abort()
        if evaluate(Normal(crit, (x,))) is TRUE:
            out.append(x)
    return Normal(target.head, tuple(out))


operator_form("Select", 1, True)


def _elements(expr):
    """The elements a test looks at: the values of an association, else the arguments."""
    if is_association(expr):
        return [r.args[1] for r in expr.args]
    return expr.args


@builtin(attributes=("HoldRest", "Protected"), nargs=(1, 3),
         usage="SelectFirst[{e1, e2, ...}, crit] gives the first ei for which crit[ei] is True, or Missing[\"NotFound\"] if none is found.\n"
               "SelectFirst[{e1, e2, ...}, crit, default] gives default if there is no ei such that crit[ei] is True.\n"
               "SelectFirst[crit] represents an operator form of SelectFirst that can be applied to an expression.")
def SelectFirst(ev, expr):
    # HoldRest: the default is evaluated only when it is the result.
    if len(expr.args) == 1:
        return None
    target = expr.args[0]
    if target.is_atom:
        ev.message("SelectFirst", "normal", Integer(1), expr)
        return None
    evaluate = ev.evaluate
    crit = evaluate(expr.args[1])
    for x in _elements(target):
        ev.check_abort()
        if evaluate(Normal(crit, (x,))) is TRUE:
            return x
    return expr.args[2] if len(expr.args) == 3 else _NOT_FOUND


operator_form("SelectFirst", 1, True)


def _truth_parts(ev, who, expr):
    """The parts ``who[expr, test, level]`` tests, in order, or None."""
    target = expr.args[0]
    if len(expr.args) == 2:
        return [] if target.is_atom else _elements(target)
    spec = expr.args[2]
    if type(spec) is Integer:
        spec = Normal(LIST, (spec,))  # a single level n means level n only
    levels = level_spec(ev, who, spec)
    if levels is None:
        return None
    low, high, heads = levels
    return (part for part, _ in walk_levels(target, low, high, heads))


def _truth_test(ev, who, expr, stop, skip, combine):
    """Apply test to the parts in order: `stop` ends the scan with that value,
    `skip` is dropped, anything else is kept and combined symbolically."""
    if len(expr.args) == 1:
        return None
    parts = _truth_parts(ev, who, expr)
    if parts is None:
        return None
    test = expr.args[1]
    evaluate = ev.evaluate
    rest = []
    for x in parts:
        ev.check_abort()
        value = evaluate(Normal(test, (x,)))
        if value is stop:
            return FALSE if who == "NoneTrue" else stop
        if value is not skip:
            rest.append(value)
    if not rest:
        return TRUE if who == "NoneTrue" else skip
    return combine(rest)


@builtin(nargs=(1, 3),
         usage="AllTrue[{e1, e2, ...}, test] yields True if test[ei] is True for all of the ei.\n"
               "AllTrue[expr, test, level] tests parts of expr at level level (n means level n only; {m, n} levels m through n).\n"
               "AllTrue[test] represents an operator form of AllTrue that can be applied to an expression.")
def AllTrue(ev, expr):
    return _truth_test(ev, "AllTrue", expr, FALSE, TRUE, lambda rest: Normal(_AND, tuple(rest)))


@builtin(nargs=(1, 3),
         usage="AnyTrue[{e1, e2, ...}, test] yields True if test[ei] is True for any of the ei.\n"
               "AnyTrue[expr, test, level] tests parts of expr at level level.\n"
               "AnyTrue[test] represents an operator form of AnyTrue that can be applied to an expression.")
def AnyTrue(ev, expr):
    return _truth_test(ev, "AnyTrue", expr, TRUE, FALSE, lambda rest: Normal(_OR, tuple(rest)))


@builtin(nargs=(1, 3),
         usage="NoneTrue[{e1, e2, ...}, test] yields True if test[ei] is False for all of the ei.\n"
               "NoneTrue[expr, test, level] tests parts of expr at level level.\n"
               "NoneTrue[test] represents an operator form of NoneTrue that can be applied to an expression.")
def NoneTrue(ev, expr):
    return _truth_test(ev, "NoneTrue", expr, TRUE, FALSE,
                       lambda rest: Normal(_AND, tuple(Normal(_NOT, (r,)) for r in rest)))


operator_form("AllTrue", 1, True)
operator_form("AnyTrue", 1, True)
operator_form("NoneTrue", 1, True)


@builtin(nargs=(1, 3), options=((Symbol("Heads"), FALSE),),
         usage="MemberQ[list, form] returns True if an element of list matches form, and False otherwise.\n"
               "MemberQ[list, form, levelspec] tests all parts of list specified by levelspec.\n"
               "MemberQ[form] represents an operator form of MemberQ that can be applied to an expression.")
def MemberQ(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "MemberQ", expr, 2, Normal(LIST, (_ONE,)), False)
    if parsed is None:
        return None
    args, (low, high, heads), _ = parsed
    target, pattern = args[0], args[1]
    for part, _ in walk_levels(target, low, high, heads):
        if _matches(ev, pattern, part):
            return TRUE
    return FALSE


operator_form("MemberQ", 1, True)


@builtin(nargs=(1, 3), options=((Symbol("Heads"), TRUE),),
         usage="FreeQ[expr, form] yields True if no subexpression in expr matches form, and yields False otherwise.\n"
               "FreeQ[expr, form, levelspec] tests only those parts of expr on levels specified by levelspec.\n"
               "FreeQ[form] represents an operator form of FreeQ that can be applied to an expression.")
def FreeQ(ev, expr):
    if len(expr.args) == 1:
        return None
    parsed = _levels_and_options(ev, "FreeQ", expr, 2, Normal(LIST, (_ZERO, _INFINITY)), True)
    if parsed is None:
        return None
    args, (low, high, heads), _ = parsed
    target, pattern = args[0], args[1]
    for part, _ in walk_levels(target, low, high, heads):
        if _matches(ev, pattern, part):
            return FALSE
    return TRUE


operator_form("FreeQ", 1, True)


@builtin(nargs=(2, 4), options=((Symbol("Heads"), FALSE),),
         usage="Level[expr, levelspec] gives a list of all subexpressions of expr on levels specified by levelspec.\n"
               "Level[expr, levelspec, f] applies f to the sequence of subexpressions.")
def Level(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) not in (2, 3):
        return None
    levels = level_spec(ev, "Level", args[1], heads_option(options))
    if levels is None:
        return None
    low, high, heads = levels
    parts = tuple(part for part, _ in walk_levels(args[0], low, high, heads))
    return Normal(args[2] if len(args) == 3 else LIST, parts)


# --- Outer, Inner, Dot ------------------------------------------------------------

@builtin(nargs=(2, None),
         usage="Outer[f, list1, list2, ...] gives the generalized outer product of the listi, forming all possible combinations of the lowest-level elements in each of them, and feeding them as arguments to f.\n"
               "Outer[f, list1, list2, ..., n] treats as separate elements only sublists at level n in the listi.")
def Outer(ev, expr):
    f, *lists = expr.args
    levels = None
    if len(lists) >= 2 and all(type(x) is Integer for x in lists[-1:]) and not is_list(lists[-1]):
        # Outer[f, l1, l2, n1, n2, ...]: trailing integers are levels.
        k = 0
        while lists and type(lists[-1]) is Integer:
            lists = lists[:-1]
            k += 1
        levels = [a.value for a in expr.args[1 + len(lists):]]
        if len(levels) == 1:
            levels = levels * len(lists)
        if len(levels) != len(lists):
            return None
    if not lists:
        return None
    for k, x in enumerate(lists, 2):
        if x.is_atom:
            ev.message("Outer", "normal", Integer(k), expr)
            return None
    head = lists[0].head
    if any(x.head != head for x in lists):
        ev.message("Outer", "heads", head, lists[1].head, Integer(2), Integer(3))
        return None
    fast = _outer_machine_reals(f, lists, levels)
    if fast is not None:
        return fast

    def expand(i, chosen):
        if i == len(lists):
            return Normal(f, tuple(chosen))

        def walk(x, level):
            if not x.is_atom and x.head == head and (levels is None or level < levels[i]):
                return Normal(head, tuple(walk(a, level + 1) for a in x.args))
            return expand(i + 1, chosen + [x])

        return walk(lists[i], 0)

    return expand(0, [])


_OUTER_UFUNCS = {"Plus": "add", "Times": "multiply", "Subtract": "subtract", "Divide": "divide"}


def _machine_array(x):
    """A rectangular List of machine reals as a numpy array, else None."""
    if not is_list(x):
        return None
    shape = dimensions(x)
    leaves = [x]
    for _ in shape:
        leaves = [a for e in leaves for a in e.args]
    if not leaves or not all(type(v) is Real and v.precision is None for v in leaves):
        return None
    import numpy as np
    return np.array([v.value for v in leaves], dtype=np.float64).reshape(shape)


def _from_array(a):
    if a.ndim == 1:
        return Normal(LIST, tuple(Real(v) for v in a.tolist()))
    return Normal(LIST, tuple(_from_array(r) for r in a))


def _outer_machine_reals(f, lists, levels):
    """Outer[Plus | Times | Subtract | Divide, a, b, ...] of machine-real arrays,
    vectorised with numpy (the elementwise function threads over what is left
    below the outer levels, as Listable arithmetic does).  None to fall back:
    other functions, exact or symbolic entries, ragged lists, results that are
    not finite (Mathematica's messages and infinities come from the general path)."""
    if type(f) is not Symbol or f.name not in _OUTER_UFUNCS or len(lists) < 2:
        return None
    given = [_machine_array(x) for x in lists]
    if any(a is None for a in given):
        return None
    import numpy as np
    shapes = [a.shape for a in given]
    ks = [len(sh) for sh in shapes] if levels is None else levels
    if any(k < 1 or k > len(sh) for k, sh in zip(ks, shapes)):
        return None
    inner = [sh[k:] for k, sh in zip(ks, shapes)]
    common = max(inner, key=len)
    if any(i and i != common for i in inner):
        return None
    outer = [sh[:k] for k, sh in zip(ks, shapes)]
    arrays = []
    for n, (a, i) in enumerate(zip(given, inner)):
        before = sum(len(o) for o in outer[:n])
        after = sum(len(o) for o in outer[n + 1:])
        lead = (1,) * before + outer[n] + (1,) * after
        arrays.append(a.reshape(lead + (i if i else (1,) * len(common))))
    ufunc = getattr(np, _OUTER_UFUNCS[f.name])
    with np.errstate(all="ignore"):
        out = arrays[0]
        for a in arrays[1:]:
            out = ufunc(out, a)
    if not np.all(np.isfinite(out)):
        return None
    return _from_array(out)


class _Incommensurate(Exception):
    pass


def inner(ev, f, a, b, g, call, who="Inner"):
    """The generalised inner product of tensors a and b (last index of a with first of b)."""
    head = a.head

    def vector_inner(vec, bs):
        if bs and all(not x.is_atom and x.head == head for x in bs):
            n = len(bs[0].args)
            if any(len(x.args) != n for x in bs):
                raise _Incommensurate
            return Normal(head, tuple(vector_inner(vec, [x.args[j] for x in bs]) for j in range(n)))
        return Normal(g, tuple(Normal(f, (x, y)) for x, y in zip(vec, bs)))

    def go(x):
        if x.args and all(not e.is_atom and e.head == head for e in x.args):
            return Normal(head, tuple(go(e) for e in x.args))
        if len(x.args) != len(b.args):
            raise _Incommensurate
        return vector_inner(x.args, list(b.args))

    return go(a)


@builtin(nargs=(3, 5),
         messages={"incom": "Length `1` of dimension `2` in `3` is incommensurate with length `4` of dimension `5` in `6`."},
         usage="Inner[f, list1, list2, g] is a generalization of Dot in which f plays the role of multiplication and g of addition.")
def Inner(ev, expr):
    f, a, b = expr.args[:3]
    g = expr.args[3] if len(expr.args) >= 4 else _PLUS
    if a.is_atom or b.is_atom:
        ev.message("Inner", "normal", Integer(2 if a.is_atom else 3), expr)
        return None
    try:
        return inner(ev, f, a, b, g, expr)
    except _Incommensurate:
        da, db = dimensions(a), dimensions(b)
        ev.message("Inner", "incom", Integer(da[-1] if da else 0), Integer(len(da)), a,
                   Integer(db[0] if db else 0), Integer(1), b)
        return None


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         messages={"dotsh": "Tensors `1` and `2` have incompatible shapes."},
         usage="a.b.c or Dot[a, b, c] gives products of vectors, matrices, and tensors.")
def Dot(ev, expr):
    args = expr.args
    if not args:
        return _ONE
    if len(args) == 1:
        return args[0]
    if not all(is_list(a) for a in args):
        return None
    result = args[0]
    for b in args[1:]:
        da, db = dimensions(result), dimensions(b)
        if not da or not db or da[-1] != db[0]:
            ev.message("Dot", "dotsh", result, b)
            return None
        try:
            result = ev.evaluate(inner(ev, _TIMES, result, b, _PLUS, expr, "Dot"))
        except _Incommensurate:
            ev.message("Dot", "dotsh", result, b)
            return None
    return result


# --- Tuples, Subsets, Permutations ------------------------------------------------

@builtin(nargs=(1, 2),
         usage="Tuples[list, n] generates a list of all possible n-tuples of elements from list.\n"
               "Tuples[{list1, list2, ...}] generates a list of all possible tuples whose i^(th) element is from listi.")
def Tuples(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Tuples", "normal", Integer(1), expr)
        return None
    if len(expr.args) == 2:
        n = expr.args[1]
        if type(n) is not Integer or n.value < 0:
            return None
        head = target.head
        return _list(Normal(head, t) for t in itertools.product(target.args, repeat=n.value))
    if any(x.is_atom for x in target.args):
        return None
    return _list(Normal(target.head, t) for t in itertools.product(*(x.args for x in target.args)))


def _size_range(ev, spec, n, who, expr):
    if spec is ALL or _is_infinity(spec):
        return range(0, n + 1)
    if type(spec) is Integer and spec.value >= 0:
        return range(0, min(spec.value, n) + 1)
    if is_list(spec) and all(type(a) is Integer for a in spec.args):
        values = [a.value for a in spec.args]
        if len(values) == 1:
            return range(values[0], values[0] + 1)
        if len(values) == 2:
            return range(values[0], values[1] + 1)
        if len(values) == 3 and values[2]:
            return range(values[0], values[1] + (1 if values[2] > 0 else -1), values[2])
    return None


@builtin(nargs=(1, 3),
         usage="Subsets[list] gives a list of all possible subsets of list.\n"
               "Subsets[list, n] gives all subsets containing at most n elements.\n"
               "Subsets[list, {n}] gives all subsets containing exactly n elements.\n"
               "Subsets[list, {nmin, nmax}] gives all subsets containing between nmin and nmax elements.")
def Subsets(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Subsets", "normal", Integer(1), expr)
        return None
    items = target.args
    sizes = range(0, len(items) + 1)
    if len(expr.args) >= 2:
        sizes = _size_range(ev, expr.args[1], len(items), "Subsets", expr)
        if sizes is None:
            return None
    out = []
    for k in sizes:
        if 0 <= k <= len(items):
            out.extend(Normal(target.head, c) for c in itertools.combinations(items, k))
    if len(expr.args) == 3:
        spec = expr.args[2]
        if type(spec) is Integer:
            out = out[:spec.value]
        elif is_list(spec) and len(spec.args) == 1 and type(spec.args[0]) is Integer:
            k = spec.args[0].value
            out = out[k - 1:k] if 0 < k <= len(out) else []
        elif is_list(spec) and len(spec.args) == 2 and all(type(a) is Integer for a in spec.args):
            out = out[spec.args[0].value - 1:spec.args[1].value]
        else:
            return None
    return _list(out)


@builtin(nargs=(1, 2),
         usage="Permutations[list] generates a list of all possible permutations of the elements in list.\n"
               "Permutations[list, n] gives all permutations containing at most n elements.\n"
               "Permutations[list, {n}] gives all permutations containing exactly n elements.")
def Permutations(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Permutations", "normal", Integer(1), expr)
        return None
    items = target.args
    sizes = [len(items)]
    if len(expr.args) == 2:
        r = _size_range(ev, expr.args[1], len(items), "Permutations", expr)
        if r is None:
            return None
        sizes = list(r)
    out = []
    seen = set()
    for k in sizes:
        if not 0 <= k <= len(items):
            continue
        for p in itertools.permutations(items, k):
            if p not in seen:
                seen.add(p)
                out.append(Normal(target.head, p))
    return _list(out)


# --- ReplacePart -------------------------------------------------------------------

def _is_int_position(spec) -> bool:
    return is_list(spec) and all(type(i) is Integer for i in spec.args)


def _resolve_position(expr, indices):
    """`indices` with negative ones counted from the end, or None if absent."""
    out = []
    for i in indices:
        if i == 0:
            expr = expr.head
        else:
            if expr.is_atom:
                return None
            n = len(expr.args)
            if i < 0:
                i += n + 1
            if not 1 <= i <= n:
                return None
            expr = expr.args[i - 1]
        out.append(i)
    return tuple(out)


def _is_key(expr) -> bool:
    return type(expr) is String or (type(expr) is Normal and expr.head is _KEY and len(expr.args) == 1)


class _PartRule:
    """One ``position -> new`` of ReplacePart: explicit positions or a pattern."""

    __slots__ = ("positions", "pattern", "rhs", "negative")

    def __init__(self, positions, pattern, rhs):
        self.positions = positions   # set of resolved tuples, or None for a pattern
        self.pattern = pattern       # a pattern for List[i, j, ...], or None
        self.rhs = rhs
        # Indices of the pattern that are negative integers (counted from the end).
        self.negative = () if pattern is None else tuple(
            k for k, a in enumerate(pattern.args) if type(a) is Integer and a.value < 0)


def _part_rules(target, lhs, rhs):
    """The _PartRules for one left-hand side (several for a list of positions)."""
    keyed = is_association(target)
    if type(lhs) is Integer or (keyed and _is_key(lhs)):
        specs = [Normal(LIST, (lhs,))]
    elif is_list(lhs) and lhs.args and all(is_list(p) for p in lhs.args):
        specs = list(lhs.args)
    else:
        specs = [lhs]
    explicit, rules = set(), []
    for spec in specs:
        if keyed and is_list(spec) and spec.args and _is_key(spec.args[0]):
            # A key of an association: the value of its rule, as part {i, 2}.
            i = association_index(target, spec.args[0])
            if i is not None:
                rest = spec.args[1:]
                if all(type(a) is Integer for a in rest):
                    position = _resolve_position(target.args[i - 1].args[1], [a.value for a in rest])
                    if position is not None:
                        explicit.add((i, 2) + position)
            continue
        if keyed and _is_int_position(spec) and spec.args:
            # Part i of an association is the value of its i-th rule.
            first = _resolve_position(target, [spec.args[0].value])
            if first is not None and first != (0,):
                position = _resolve_position(target.args[first[0] - 1].args[1], [a.value for a in spec.args[1:]])
                if position is not None:
                    explicit.add((first[0], 2) + position)
            continue
        if _is_int_position(spec):
            position = _resolve_position(target, [i.value for i in spec.args])
            if position is not None:
                explicit.add(position)
            continue
        if not is_list(spec):
            spec = Normal(LIST, (spec,))
        # All in a position stands for any index at that level.
        spec = Normal(LIST, tuple(Normal(_BLANK, ()) if a is ALL else a for a in spec.args))
        rules.append(_PartRule(None, spec, rhs))
    if explicit:
        rules.insert(0, _PartRule(explicit, None, rhs))
    return rules


def _replace_parts(ev, target, rules, heads):
    """ReplacePart with `rules` (the first rule for a position wins)."""
    if all(r.pattern is None for r in rules):
        # Only explicit positions: rebuild along their paths.
        table = {}
        for rule in rules:
            for position in rule.positions:
                table.setdefault(position, rule.rhs)
        trie = {}
        for position, rhs in table.items():
            node = trie
            for i in position:
                node = node.setdefault(i, {})
            node[None] = rhs
        return _rebuild_trie(target, trie)

    def replacement(position, lengths):
        position_expr = None
        for rule in rules:
            if rule.pattern is None:
                if position in rule.positions:
                    return rule.rhs
                continue
            if position and position[-1] == 0 and heads is None:
                # Heads -> Automatic: a head only for an explicit 0 in the pattern.
                spec = rule.pattern.args
                if not (len(spec) == len(position) and spec[-1] == _ZERO):
                    continue
            if rule.negative:
                if len(position) != len(rule.pattern.args):
                    continue
                candidate = list(position)
                for k in rule.negative:
                    if candidate[k]:
                        candidate[k] -= lengths[k] + 1
                bindings = match_first(rule.pattern, _int_list(candidate), ev)
            else:
                if position_expr is None:
                    position_expr = _int_list(position)
                bindings = match_first(rule.pattern, position_expr, ev)
            if bindings is not None:
                return substitute(rule.rhs, bindings)
        return None

    def walk(e, position, lengths):
        # lengths[k]: the length of the expression that position[k] indexes.
        new = replacement(position, lengths)
        if new is not None:
            return new
        if e.is_atom:
            return e
        ev.check_abort()
        head = e.head
        inner = lengths + (len(e.args),)
        if heads is not False:
            head = walk(head, position + (0,), inner)
        args = tuple(walk(a, position + (i,), inner) for i, a in enumerate(e.args, 1))
        if head is e.head and all(a is b for a, b in zip(args, e.args)):
            return e
        return Normal(head, args)

    return walk(target, (), ())


def _rebuild_trie(e, node):
    if None in node:
        return node[None]
    head = _rebuild_trie(e.head, node[0]) if 0 in node else e.head
    args = list(e.args)
    for i, child in node.items():
        if i:
            args[i - 1] = _rebuild_trie(args[i - 1], child)
    return Normal(head, tuple(args))


@builtin(nargs=(1, 4), options=((Symbol("Heads"), _AUTOMATIC),),
         messages={"reps": "`1` is not a list of replacement rules.",
                   "psl": "Position specification `1` in `2` is not an integer or a list of integers."},
         usage="ReplacePart[expr, i -> new] yields an expression in which the i^(th) part of expr is replaced by new.\n"
               "ReplacePart[expr, {i1 -> new1, i2 -> new2, ...}] replaces parts at positions in by newn.\n"
               "ReplacePart[expr, {i, j, ...} -> new] replaces the part at position {i, j, ...}.\n"
               "ReplacePart[expr, {{i1, j1, ...} -> new1, ...}] replaces parts at positions {in, jn, ...} by newn.\n"
               "ReplacePart[expr, {{i1, j1, ...}, ...} -> new] replaces all parts at positions {in, jn, ...} by new.\n"
               "ReplacePart[i -> new] represents an operator form of ReplacePart that can be applied to an expression.")
def ReplacePart(ev, expr):
    args, options = split_options(expr.args, _HEADS, 2)
    if len(args) == 1 or len(args) > 3:
        return None
    heads_setting = options.get("Heads", _AUTOMATIC)
    heads = True if heads_setting is TRUE else False if heads_setting is FALSE else None
    target = args[0]
    if len(args) == 3:
        # The older form ReplacePart[expr, new, position(s)].
        new, spec = args[1], args[2]
        if not (type(spec) is Integer or is_list(spec)):
            ev.message("ReplacePart", "psl", spec, expr)
            return None
        pairs = [(spec, new)]
    else:
        spec = args[1]
        items = spec.args if is_list(spec) else (spec,)
        pairs = []
        for rule in items:
            if not (type(rule) is Normal and (rule.head is _RULE or rule.head is _RULE_DELAYED)
                    and len(rule.args) == 2):
                ev.message("ReplacePart", "reps", spec)
                return None
            pairs.append((rule.args[0], rule.args[1]))
    rules = []
    for lhs, rhs in pairs:
        rules.extend(_part_rules(target, lhs, rhs))
    return _replace_parts(ev, target, rules, heads)


def _replace_part_operator(ev, expr):
    head = expr.head
    if type(head) is Normal and head.head is Symbol("ReplacePart") and len(head.args) == 1 \
            and len(expr.args) == 1:
        return Normal(head.head, (expr.args[0], head.args[0]))
    return None


sub_builtin("ReplacePart")(_replace_part_operator)


# --- Matrices and predicates ------------------------------------------------------

@builtin(nargs=1, usage="IdentityMatrix[n] gives the n x n identity matrix.")
def IdentityMatrix(ev, expr):
    n = expr.args[0]
    if type(n) is not Integer or n.value < 0:
        return None
    k = n.value
    return _list(_list(_ONE if i == j else _ZERO for j in range(k)) for i in range(k))


@builtin(nargs=(1, 3),
         usage="DiagonalMatrix[list] gives a matrix with the elements of list on the leading diagonal, and zero elsewhere.\n"
               "DiagonalMatrix[list, k] gives a matrix with the elements of list on the k^(th) diagonal.\n"
               "DiagonalMatrix[list, k, n] pads with zeros to create an n x n matrix.")
def DiagonalMatrix(ev, expr):
    target = expr.args[0]
    if not is_list(target):
        return None
    k = 0
    if len(expr.args) >= 2:
        if type(expr.args[1]) is not Integer:
            return None
        k = expr.args[1].value
    items = target.args
    size = len(items) + abs(k)
    if len(expr.args) == 3:
        if type(expr.args[2]) is not Integer:
            return None
        size = expr.args[2].value
    rows = []
    for i in range(size):
        row = []
        for j in range(size):
            index = i if k >= 0 else j
            row.append(items[index] if j - i == k and index < len(items) else _ZERO)
        rows.append(_list(row))
    return _list(rows)


@builtin(nargs=(1, 2),
         messages={"nokun": "There is no unit vector in direction `1` in `2` dimensions.",
                   "intpm": "Positive machine-sized integer expected at position `2` in `1`."},
         usage="UnitVector[k] gives the two-dimensional unit vector in the k^(th) direction.\n"
               "UnitVector[n, k] gives the n-dimensional unit vector in the k^(th) direction.")
def UnitVector(ev, expr):
    args = expr.args
    n, k = (Integer(2), args[0]) if len(args) == 1 else args
    for position, a in enumerate(args, 1):
        if type(a) is not Integer or a.value < 1:
            if type(a) in _NUMBER_TYPES:
                ev.message("UnitVector", "intpm", expr, Integer(position))
            return None
    if k.value > n.value:
        ev.message("UnitVector", "nokun", k, n)
        return None
    i = k.value - 1
    return (_list(_ONE if j == i else _ZERO for j in range(n.value)),)


@builtin(nargs=1, usage="ListQ[expr] gives True if expr is a list, and False otherwise.")
def ListQ(ev, expr):
    return from_bool(is_list(expr.args[0]))


def _elements_pass(ev, items, test):
    if test is None:
        return all(not is_list(x) for x in items)
    return all(ev.evaluate(Normal(test, (x,))) is TRUE for x in items)


@builtin(nargs=(1, 2),
         usage="VectorQ[expr] gives True if expr is a list or a one-dimensional SparseArray object, none of whose elements are themselves lists, and gives False otherwise.\n"
               "VectorQ[expr, test] gives True only if test yields True when applied to each of the elements in expr.")
def VectorQ(ev, expr):
    target = expr.args[0]
    if not is_list(target):
        return FALSE
    test = expr.args[1] if len(expr.args) == 2 else None
    if any(is_list(x) for x in target.args):
        return FALSE
    return from_bool(_elements_pass(ev, target.args, test))


@builtin(nargs=(1, 2),
         usage="MatrixQ[expr] gives True if it is a list of lists or a two-dimensional SparseArray object that can represent a matrix, and gives False otherwise.\n"
               "MatrixQ[expr, test] gives True only if test yields True when applied to each of the matrix elements in expr.")
def MatrixQ(ev, expr):
    target = expr.args[0]
    if not is_list(target) or not target.args:
        return FALSE
    if not all(is_list(r) for r in target.args):
        return FALSE
    dims = dimensions(target, 2)
    if len(dims) != 2:
        return FALSE
    leaves = [x for r in target.args for x in r.args]
    if any(is_list(x) for x in leaves):
        return FALSE
    test = expr.args[1] if len(expr.args) == 2 else None
    return from_bool(_elements_pass(ev, leaves, test))


@builtin(nargs=(1, 3),
         usage="ArrayQ[expr] gives True if expr is a full array or a SparseArray object, and gives False otherwise.\n"
               "ArrayQ[expr, patt] requires expr to be a full array with a depth that matches the pattern patt.\n"
               "ArrayQ[expr, patt, test] requires also that test yield True when applied to each of the array elements in expr.")
def ArrayQ(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        return FALSE
    dims = dimensions(target)
    # A full array: every part at the deepest rectangular level is not itself the head.
    leaves = [target]
    for _ in dims:
        leaves = [a for x in leaves for a in x.args]
    if any(not x.is_atom and x.head == target.head for x in leaves):
        return FALSE
    if len(expr.args) >= 2:
        if not _matches(ev, expr.args[1], Integer(len(dims))):
            return FALSE
    if len(expr.args) == 3:
        return from_bool(all(ev.evaluate(Normal(expr.args[2], (x,))) is TRUE for x in leaves))
    return TRUE


@builtin(nargs=(1, 3),
         usage="Clip[x] gives x clipped to be between -1 and +1.\n"
               "Clip[x, {min, max}] gives x for min <= x <= max, min for x < min and max for x > max.\n"
               "Clip[x, {min, max}, {vmin, vmax}] gives vmin for x < min and vmax for x > max.")
def Clip(ev, expr):
    x = expr.args[0]
    bounds = expr.args[1] if len(expr.args) >= 2 else _list((Integer(-1), _ONE))
    if not (is_list(bounds) and len(bounds.args) == 2):
        return None
    low, high = bounds.args
    values = expr.args[2] if len(expr.args) == 3 else bounds
    if not (is_list(values) and len(values.args) == 2):
        return None
    if is_list(x):
        return _list(Normal(expr.head, (e, *expr.args[1:])) for e in x.args)
    real = (Integer, Rational, Real)
    if not (type(x) in real and type(low) in real and type(high) in real):
        return None
    if x.value < low.value:
        return values.args[0]
    if x.value > high.value:
        return values.args[1]
    return x
