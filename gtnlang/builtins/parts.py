"""Parts of expressions: Part (``expr[[i]]``), Span (``i ;; j ;; k``), Extract,
Take, Drop, First, Last, Rest, Most.

Part specifications follow Mathematica: ``i`` (negative counts from the end,
``0`` is the head), ``All``, a list of indices, and spans ``i ;; j ;; k``
(``All`` in a span takes the largest range consistent with it).  A part that
does not exist gives ``Part::partw`` (or ``partd``, ``pkspec1``, ``take``) and
the call stays unevaluated, as in Mathematica.

The helpers here (`span_positions`, `take_positions`, `is_list`) are shared by
``lists.py`` and ``functional.py``.
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define, sub_builtin
from gtnlang.expr import Expr, Integer, Normal, Symbol

__all__ = ["PartError", "get_part", "span_positions", "take_positions", "is_list",
           "LIST", "ALL"]

LIST = Symbol("List")
ALL = Symbol("All")
_NONE = Symbol("None")
_SPAN = Symbol("Span")
_UPTO = Symbol("UpTo")
_PART = Symbol("Part")
_SEQUENCE = Symbol("Sequence")


class PartError(Exception):
    """A part specification failed (the message has been emitted)."""


def is_list(expr: Expr) -> bool:
    return type(expr) is Normal and expr.head is LIST


def _int(expr):
    return expr.value if type(expr) is Integer else None


def _upto(expr):
    if type(expr) is Normal and expr.head is _UPTO and len(expr.args) == 1 and type(expr.args[0]) is Integer:
        return expr.args[0].value
    return None


# --- spans ---------------------------------------------------------------------

def span_positions(span: Normal, n: int):
    """0-based positions of ``Span[i, j]`` / ``Span[i, j, k]`` in a length-n sequence.

    Returns None for a malformed span; raises ValueError((i, j)) when the
    positions do not exist (for the ``take`` message).
    """
    args = span.args
    if len(args) not in (2, 3):
        return None
    step_spec = args[2] if len(args) == 3 else Integer(1)
    if step_spec is ALL:
        step = None
    else:
        step = _int(step_spec)
        if step is None or step == 0:
            return None
    specs = []
    for spec in args[:2]:
        if spec is ALL:
            specs.append(None)
            continue
        value = _int(spec)
        if value is None:
            up = _upto(spec)
            if up is None or up < 0:
                return None
            value = min(up, n)
        specs.append(value)
    i, j = specs
    if step is None:
        # Choose the direction that gives a non-empty range.
        ii = 1 if i is None else i
        jj = -1 if j is None else j
        ai = ii if ii > 0 else n + 1 + ii
        aj = jj if jj > 0 else n + 1 + jj
        step = 1 if aj >= ai else -1
    if i is None:
        i = 1 if step > 0 else -1
    if j is None:
        j = -1 if step > 0 else 1
    return take_positions(i, j, step, n)


def take_positions(i: int, j: int, step: int, n: int):
    """0-based positions i..j (1-based, negative from the end) in steps; ValueError if absent."""
    a = i if i >= 0 else n + 1 + i
    b = j if j >= 0 else n + 1 + j
    if step > 0:
        # An empty range (b == a - 1) is allowed at any position 1 .. n + 1.
        if not (1 <= a <= n + 1 and 0 <= b <= n and b >= a - 1):
            raise ValueError((i, j))
        return range(a - 1, b, step)
    if not (0 <= a <= n and 1 <= b <= n + 1 and b <= a + 1):
        raise ValueError((i, j))
    return range(a - 1, b - 2, step)


# --- Part ------------------------------------------------------------------------

def get_part(ev, expr: Expr, specs, call: Expr, who: str = "Part") -> Expr:
    """The part of `expr` at `specs`; emits a message and raises PartError if absent."""
    return _part(ev, expr, specs, 0, call, who)


def _part(ev, expr, specs, k, call, who):
    if k == len(specs):
        return expr
    spec = specs[k]
    if type(spec) is Integer:
        i = spec.value
        if i == 0:
            return _part(ev, expr.head, specs, k + 1, call, who)
        if expr.is_atom:
            ev.message(who, "partd", call)
            raise PartError
        args = expr.args
        n = len(args)
        if 0 < i <= n:
            return _part(ev, args[i - 1], specs, k + 1, call, who)
        if -n <= i < 0:
            return _part(ev, args[n + i], specs, k + 1, call, who)
        ev.message(who, "partw", spec, expr)
        raise PartError
    if expr.is_atom:
        if spec is ALL or is_list(spec) or (type(spec) is Normal and spec.head is _SPAN):
            ev.message(who, "partd", call)
        else:
            ev.message(who, "pkspec1", spec)
        raise PartError
    args = expr.args
    n = len(args)
    if spec is ALL:
        if k + 1 == len(specs):
            return expr
        return Normal(expr.head, tuple(_part(ev, a, specs, k + 1, call, who) for a in args))
    if is_list(spec):
        items = []
        for index in spec.args:
            i = _int(index)
            if i is None:
                ev.message(who, "pkspec1", spec)
                raise PartError
            if i == 0:
                item = expr.head
            elif 0 < i <= n:
                item = args[i - 1]
            elif -n <= i < 0:
                item = args[n + i]
            else:
                ev.message(who, "partw", index, expr)
                raise PartError
            items.append(_part(ev, item, specs, k + 1, call, who))
        return Normal(expr.head, tuple(items))
    if type(spec) is Normal and spec.head is _SPAN:
        try:
            positions = span_positions(spec, n)
        except ValueError as error:
            i, j = error.args[0]
            ev.message(who, "take", Integer(i), Integer(j), expr)
            raise PartError
        if positions is None:
            ev.message(who, "pkspec1", spec)
            raise PartError
        return Normal(expr.head, tuple(_part(ev, args[p], specs, k + 1, call, who) for p in positions))
    ev.message(who, "pkspec1", spec)
    raise PartError


_TAKE_MESSAGES = {"take": "Cannot take positions `1` through `2` in `3`."}

define("Span", usage="i;;j represents a span of elements i through j.\n"
                     "i;; represents a span from i to the end.\n"
                     ";;j represents a span from the beginning to j.\n"
                     ";; represents a span that includes all elements.\n"
                     "i;;j;;k represents a span from i through j in steps of k.")
define("UpTo", usage="UpTo[n] is a symbolic specification that represents up to n objects or positions. If n objects or positions are available, all are used. If fewer are available, only those available are used.")


@builtin(attributes=("NHoldRest", "Protected", "ReadProtected"), nargs=(1, None),
         messages=_TAKE_MESSAGES,
         usage="expr[[i]] or Part[expr, i] gives the i^(th) part of expr.\n"
               "expr[[-i]] counts from the end.\n"
               "expr[[i, j, ...]] or Part[expr, i, j, ...] is equivalent to expr[[i]][[j]] ....\n"
               "expr[[{i1, i2, ...}]] gives a list of the parts i1, i2, ... of expr.\n"
               "expr[[m;;n]] gives parts m through n.\n"
               "expr[[m;;n;;s]] gives parts m through n in steps of s.")
def Part(ev, expr):
    target, *specs = expr.args
    if not specs:
        return target
    try:
        return get_part(ev, target, specs, expr)
    except PartError:
        return None


@builtin(attributes=("NHoldRest", "Protected"), nargs=(1, 3),
         messages={"psl1": "Position specification `1` in `2` is not a list of integers or a list of lists of integers."},
         usage="Extract[expr, pos] extracts the part of expr at the position specified by pos.\n"
               "Extract[expr, {pos1, pos2, ...}] extracts a list of parts of expr.\n"
               "Extract[expr, pos, h] extracts parts of expr, wrapping each of them with head h before evaluation.\n"
               "Extract[pos] represents an operator form of Extract that can be applied to an expression.")
def Extract(ev, expr):
    args = expr.args
    if len(args) == 1:
        return None
    target, spec = args[0], args[1]
    wrap = args[2] if len(args) == 3 else None

    def one(position):
        value = get_part(ev, target, position, Normal(_PART, (target, *position)), "Extract")
        return Normal(wrap, (value,)) if wrap is not None else value

    try:
        if type(spec) is Integer:
            return one([spec])
        if is_list(spec) and spec.args and all(is_list(p) for p in spec.args):
            return Normal(LIST, tuple(one(list(p.args)) for p in spec.args))
        if is_list(spec):
            return one(list(spec.args))
    except PartError:
        return None
    ev.message("Extract", "psl1", spec, expr)
    return None


def _extract_operator(ev, expr):
    head = expr.head
    if type(head) is Normal and head.has_head("Extract") and len(head.args) == 1 and len(expr.args) == 1:
        return Normal(head.head, (expr.args[0], head.args[0]))
    return None


sub_builtin("Extract")(_extract_operator)


def _seq_spec(ev, spec, n, who, expr, target):
    """Positions (a range) for a Take/Drop sequence specification; None if invalid."""
    if spec is ALL:
        return range(n)
    if spec is _NONE:
        return range(0)
    if type(spec) is Integer:
        k = spec.value
        if k >= 0:
            return take_positions(1, k, 1, n)
        return take_positions(k, -1, 1, n)
    up = _upto(spec)
    if up is not None:
        if up < 0:
            return None
        return range(min(up, n))
    if is_list(spec) and 1 <= len(spec.args) <= 3:
        values = [_int(a) for a in spec.args]
        if any(v is None for v in values):
            return None
        if len(values) == 1:
            return take_positions(values[0], values[0], 1, n)
        if len(values) == 2:
            return take_positions(values[0], values[1], 1, n)
        if values[2] == 0:
            return None
        return take_positions(*values, n)
    return None


def _take_drop(ev, expr, drop: bool):
    who = "Drop" if drop else "Take"
    target, *specs = expr.args
    if not specs:
        return None

    def go(e, k):
        if k == len(specs):
            return e
        if e.is_atom:
            ev.message(who, "normal", Integer(1), expr)
            raise PartError
        spec = specs[k]
        n = len(e.args)
        try:
            positions = _seq_spec(ev, spec, n, who, expr, e)
        except ValueError as error:
            i, j = error.args[0]
            ev.message(who, "drop" if drop else "take", Integer(i), Integer(j), e)
            raise PartError
        if positions is None:
            ev.message(who, "seqs", spec, Integer(k + 2), expr)
            raise PartError
        if drop:
            removed = set(positions)
            kept = [a for p, a in enumerate(e.args) if p not in removed]
        else:
            kept = [e.args[p] for p in positions]
        return Normal(e.head, tuple(go(a, k + 1) for a in kept))

    try:
        return go(target, 0)
    except PartError:
        return None


_SEQ = "Sequence specification (+n, -n, {+n}, {-n}, {m, n}, or {m, n, s}) expected at position `2` in `3`."


@builtin(attributes=("NHoldRest", "Protected"), nargs=(1, None), messages={**_TAKE_MESSAGES, "seqs": _SEQ},
         usage="Take[list, n] gives the first n elements of list.\n"
               "Take[list, -n] gives the last n elements of list.\n"
               "Take[list, {m, n}] gives elements m through n of list.\n"
               "Take[list, seq1, seq2, ...] gives a nested list in which elements specified by seqi are taken at level i in list.")
def Take(ev, expr):
    return _take_drop(ev, expr, False)


@builtin(attributes=("NHoldRest", "Protected"), nargs=(1, None), messages={"drop": "Cannot drop positions `1` through `2` in `3`.", "seqs": _SEQ},
         usage="Drop[list, n] gives list with its first n elements dropped.\n"
               "Drop[list, -n] gives list with its last n elements dropped.\n"
               "Drop[list, {n}] gives list with its n^(th) element dropped.\n"
               "Drop[list, {m, n}] gives list with elements m through n dropped.\n"
               "Drop[list, {m, n, s}] gives list with elements m through n in steps of s dropped.\n"
               "Drop[list, seq1, seq2, ...] gives a nested list in which elements specified by seqi have been dropped at level i in list.")
def Drop(ev, expr):
    return _take_drop(ev, expr, True)


def _end(ev, expr, who, tag, pick):
    target = expr.args[0]
    if target.is_atom:
        if len(expr.args) == 2:
            return expr.args[1]
        ev.message(who, "normal", Integer(1), expr)
        return None
    if not target.args:
        if len(expr.args) == 2:
            return expr.args[1]
        ev.message(who, tag, target)
        return None
    return pick(target)


@builtin(nargs=(1, 2), messages={"nofirst": "`1` has zero length and no first element."},
         usage="First[expr] gives the first element in expr.\n"
               "First[expr, def] gives the first element if it exists, or def otherwise.")
def First(ev, expr):
    return _end(ev, expr, "First", "nofirst", lambda t: t.args[0])


@builtin(nargs=(1, 2), messages={"nolast": "`1` has zero length and no last element."},
         usage="Last[expr] gives the last element in expr.\n"
               "Last[expr, def] gives the last element if there are any elements, or def otherwise.")
def Last(ev, expr):
    return _end(ev, expr, "Last", "nolast", lambda t: t.args[-1])


@builtin(nargs=1, messages={"norest": "Cannot take Rest of expression `1` with length zero."},
         usage="Rest[expr] gives expr with the first element removed.")
def Rest(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Rest", "normal", Integer(1), expr)
        return None
    if not target.args:
        ev.message("Rest", "norest", target)
        return None
    return Normal(target.head, target.args[1:])


@builtin(nargs=1, messages={"nomost": "Cannot take Most of expression `1` with length zero."},
         usage="Most[expr] gives expr with the last element removed.")
def Most(ev, expr):
    target = expr.args[0]
    if target.is_atom:
        ev.message("Most", "normal", Integer(1), expr)
        return None
    if not target.args:
        ev.message("Most", "nomost", target)
        return None
    return Normal(target.head, target.args[:-1])


# --- shared helpers for lists.py and functional.py ---------------------------------

_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")


def is_option(expr: Expr) -> bool:
    """A rule whose left side is a symbol or a string (an option setting)."""
    return (type(expr) is Normal and (expr.head is _RULE or expr.head is _RULE_DELAYED)
            and len(expr.args) == 2 and expr.args[0].is_atom)


def _option_name(rule):
    name = rule.args[0]
    return getattr(name, "name", None) or getattr(name, "value", None)


def split_options(args: tuple, names, min_positional: int = 1):
    """(positional arguments, {option name: value}) for trailing option rules.

    Only rules naming one of `names` count as options, and at least
    `min_positional` arguments stay positional.
    """
    options = {}
    end = len(args)
    while end > min_positional:
        last = args[end - 1]
        if is_option(last) and _option_name(last) in names:
            options.setdefault(_option_name(last), last.args[1])
        else:
            break
        end -= 1
    return args[:end], options


def level_spec(ev, who: str, spec: Expr, heads: bool = False):
    """(low, high, heads) for a level specification, or None after ``who::level``."""
    from gtnlang.core.levels import LevelSpecError, parse_level_spec
    try:
        return parse_level_spec(spec, heads)
    except LevelSpecError:
        ev.message(who, "level", spec)
        return None


def heads_option(options: dict) -> bool:
    """The value of the Heads option (default False)."""
    return options.get("Heads") is Symbol("True")
