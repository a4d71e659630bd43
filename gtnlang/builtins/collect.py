"""Sow and Reap: collecting values during an evaluation.

``Reap[expr]`` evaluates `expr`; every ``Sow[e]`` (or ``Sow[e, tag]``) done
meanwhile hands `e` to the innermost enclosing ``Reap`` whose pattern matches
the tag (``Sow[e]`` has the tag ``None``; ``Reap[expr]`` takes every tag).  The
result is ``{value, {{e11, e12, ...}, {e21, ...}, ...}}``, one list per
distinct tag in the order the tags were first sown.

The stack of active Reaps lives on the evaluator
(``ev.properties["reap_stack"]``), so sessions never share it.
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin
from gtnlang.core.pattern import match_first
from gtnlang.expr import Normal, Symbol

_LIST = Symbol("List")
_NONE = Symbol("None")
_BLANK = Normal(Symbol("Blank"), ())


class _Frame:
    """One active Reap: its patterns and what was sown to it, by tag."""

    __slots__ = ("patterns", "sown")

    def __init__(self, patterns):
        self.patterns = patterns
        self.sown: dict = {}  # tag -> list of values, insertion ordered


def _stack(ev) -> list:
    return ev.properties.setdefault("reap_stack", [])


@builtin(nargs=(1, 2),
         usage="Sow[e] specifies that e should be collected by the nearest enclosing Reap.\n"
               "Sow[e, tag] specifies that e should be collected by the nearest enclosing Reap whose pattern matches tag.\n"
               "Sow[e, {tag1, tag2, ...}] specifies that e should be collected once for each of the tagi.")
def Sow(ev, expr):
    value = expr.args[0]
    if len(expr.args) == 1:
        tags = (_NONE,)
    else:
        tag = expr.args[1]
        tags = tag.args if type(tag) is Normal and tag.head is _LIST else (tag,)
    stack = _stack(ev)
    for tag in tags:
        for frame in reversed(stack):
            if any(match_first(p, tag, ev) is not None for p in frame.patterns):
                frame.sown.setdefault(tag, []).append(value)
                break
    return value


@builtin(attributes=("HoldFirst", "Protected"), nargs=(1, 3),
         usage="Reap[expr] gives the value of expr together with all expressions to which Sow has been applied during its evaluation.\n"
               "Reap[expr, patt] reaps only expressions sown with tags that match patt.\n"
               "Reap[expr, {patt1, patt2, ...}] puts expressions associated with each of the patti in a separate list.\n"
               "Reap[expr, patt, f] returns {expr, {f[tag1, {e11, e12, ...}], ...}}.")
def Reap(ev, expr):
    body = expr.args[0]
    spec = expr.args[1] if len(expr.args) > 1 else _BLANK
    function = expr.args[2] if len(expr.args) > 2 else None
    several = type(spec) is Normal and spec.head is _LIST
    patterns = spec.args if several else (spec,)
    frame = _Frame(patterns)
    stack = _stack(ev)
    stack.append(frame)
    try:
        value = ev.evaluate(body)
    finally:
        # Remove this frame even when an abort or Throw passes through.
        if stack and stack[-1] is frame:
            stack.pop()
        elif frame in stack:
            stack.remove(frame)

    def groups(pattern):
        out = []
        for tag, values in frame.sown.items():
            if match_first(pattern, tag, ev) is None:
                continue
            collected = Normal(_LIST, tuple(values))
            out.append(Normal(function, (tag, collected)) if function is not None else collected)
        return Normal(_LIST, tuple(out))

    if several:
        reaped = Normal(_LIST, tuple(groups(p) for p in patterns))
    else:
        reaped = groups(spec)
    return Normal(_LIST, (value, reaped))
