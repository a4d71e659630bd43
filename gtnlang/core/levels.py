"""Level specifications (``n``, ``{n}``, ``{m, n}``, ``Infinity``, ``All``, negative levels).

Level 0 is the whole expression, level 1 its arguments, and so on; level -1
is the atoms, -2 the expressions whose arguments are all atoms, i.e. a part
of depth d is at level -d.  Used by Map, Apply, Cases, Position, Replace,
Level, Count, DeleteCases.

>>> parse_level_spec(Integer(2))
(1, 2, False)
"""

from __future__ import annotations

from gtnlang.expr import Expr, Integer, Normal, Symbol

__all__ = ["LevelSpecError", "parse_level_spec", "in_level", "map_at_levels",
           "walk_levels", "depth"]

INFINITY = float("inf")


class LevelSpecError(Exception):
    pass


def _level_number(expr: Expr):
    if type(expr) is Integer:
        return expr.value
    if type(expr) is Symbol and expr.name == "Infinity":
        return INFINITY
    if type(expr) is Normal and expr.has_head("DirectedInfinity") and expr.args == (Integer(1),):
        return INFINITY
    raise LevelSpecError(expr)


def parse_level_spec(spec: Expr, heads: bool = False):
    """(low, high, heads) for a level specification; raises LevelSpecError."""
    if type(spec) is Symbol and spec.name == "All":
        return 0, INFINITY, heads
    if type(spec) is Normal and spec.has_head("List"):
        if len(spec.args) == 1:
            n = _level_number(spec.args[0])
            return n, n, heads
        if len(spec.args) == 2:
            return _level_number(spec.args[0]), _level_number(spec.args[1]), heads
        raise LevelSpecError(spec)
    n = _level_number(spec)
    return 1, n, heads


def depth(expr: Expr) -> int:
    """Mathematica's Depth (atoms have depth 1)."""
    if expr.is_atom:
        return 1
    return 1 + max((depth(a) for a in expr.args), default=0)


def in_level(level: int, part_depth: int, low, high) -> bool:
    lo_ok = level >= low if low >= 0 else part_depth <= -low
    hi_ok = level <= high if high >= 0 else part_depth >= -high
    return lo_ok and hi_ok


def map_at_levels(expr: Expr, function, low, high, heads: bool = False, level: int = 0):
    """Apply `function` to every part at a level in [low, high], innermost first."""
    needs_depth = low < 0 or high < 0
    if not expr.is_atom and (high < 0 or level < high):
        new_args = tuple(map_at_levels(a, function, low, high, heads, level + 1) for a in expr.args)
        head = expr.head
        if heads:
            head = map_at_levels(head, function, low, high, heads, level + 1)
        if head is not expr.head or any(n is not o for n, o in zip(new_args, expr.args)):
            expr = Normal(head, new_args)
    part_depth = depth(expr) if needs_depth else 0
    if in_level(level, part_depth, low, high):
        return function(expr)
    return expr


def walk_levels(expr: Expr, low, high, heads: bool = False, level: int = 0, position=()):
    """Yield (part, position) for parts at levels in [low, high], depth first, innermost first."""
    needs_depth = low < 0 or high < 0
    if not expr.is_atom and (high < 0 or level < high):
        if heads:
            yield from walk_levels(expr.head, low, high, heads, level + 1, position + (0,))
        for index, arg in enumerate(expr.args, 1):
            yield from walk_levels(arg, low, high, heads, level + 1, position + (index,))
    part_depth = depth(expr) if needs_depth else 0
    if in_level(level, part_depth, low, high):
        yield expr, position
