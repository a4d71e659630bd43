"""Mathematica-style messages: ``Power::infy: Infinite expression 1/0 encountered.``

A message is a symbol, a tag and a template whose `` `1` ``, `` `2` `` ...
placeholders are filled with the (short) InputForm of its arguments.  The
template is looked up on the symbol first (user ``f::tag = "..."`` or the
builtin's declaration), then on ``General``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Message", "GENERAL_MESSAGES", "fill_template"]

GENERAL_MESSAGES = {
    "argx": "`1` called with `2` arguments; 1 argument is expected.",
    "argr": "`1` called with 1 argument; `2` arguments are expected.",
    "argrx": "`1` called with `2` arguments; `3` arguments are expected.",
    "argt": "`1` called with `2` arguments; `3` or `4` arguments are expected.",
    "argtu": "`1` called with 1 argument; `2` or `3` arguments are expected.",
    "argb": "`1` called with `2` arguments; between `3` and `4` arguments are expected.",
    "argbu": "`1` called with 1 argument; between `2` and `3` arguments are expected.",
    "argm": "`1` called with `2` arguments; `3` or more arguments are expected.",
    "argmu": "`1` called with 1 argument; `2` or more arguments are expected.",
    "itlim": "Iteration limit of `1` exceeded.",
    "reclim2": "Recursion depth of `1` exceeded during evaluation of `2`.",
    "wrsym": "Symbol `1` is Protected.",
    "setraw": "Cannot assign to raw object `1`.",
    "setps": "`1` in the part assignment is not a symbol.",
    "iterb": "Iterator `1` does not have appropriate bounds.",
    "itraw": "Raw object `1` cannot be used as an iterator.",
    "ivar": "`1` is not a valid variable.",
    "lvset": "Local variable specification `1` contains `2`, which is an assignment to `3`; only assignments to symbols are allowed.",
    "lvsym": "Local variable specification `1` contains `2`, which is not a symbol or an assignment to a symbol.",
    "lvlist": "Local variable specification `1` is not a List.",
    "partw": "Part `1` of `2` does not exist.",
    "partd": "Part specification `1` is longer than depth of object.",
    "pkspec1": "The expression `1` cannot be used as a part specification.",
    "normal": "Nonatomic expression expected at position `1` in `2`.",
    "list": "List expected at position `2` in `1`.",
    "string": "String expected at position `1` in `2`.",
    "strs": "String or list of strings expected at position `1` in `2`.",
    "int": "Integer expected at position `2` in `1`.",
    "intp": "Positive integer expected at position `2` in `1`.",
    "intnn": "Non-negative integer expected at position `2` in `1`.",
    "level": "Level specification `1` is not of the form n, {n}, or {m, n}.",
    "rep": "`1` is not a valid replacement rule.",
    "reps": "`1` is neither a list of replacement rules nor a valid dispatch table, and so cannot be used for replacing.",
    "noval": "Symbol `1` in part assignment does not have an immediate value.",
    "sandbox": "`1` is not allowed in a sandboxed session.",
    "nostdvar": "`1` is not a valid variable.",
    "fnsym": "First argument in `1` is not a symbol or a string naming a symbol.",
    "spec": "Invalid specification `1`.",
    "ovfl": "Overflow occurred in computation.",
    "unfl": "Underflow occurred in computation.",
    "indet": "Indeterminate expression `1` encountered.",
    "infy": "Infinite expression `1` encountered.",
    "stop": "Further output of `1` will be suppressed during this calculation.",
    "optx": "Unknown option `1` in `2`.",
    "nonopt": "Options expected (instead of `1`) beyond position `2` in `3`. An option must be a rule or a list of rules.",
    "compiled": "`1`",
    "python": "`1`",
    "nomem": "The current computation was aborted because there was insufficient memory available to complete the computation.",
    "timeout": "The time constraint of `1` seconds was exceeded.",
    "tdlen": "Objects of unequal length in `1` cannot be combined.",
}

_PLACEHOLDER = re.compile(r"`(\d+)`")


@dataclass(frozen=True)
class Message:
    """One emitted message; ``str(m)`` is its text as printed."""

    symbol: str
    tag: str
    text: str
    line: int | None = None
    filename: str | None = None

    def __str__(self):
        return f"{self.symbol}::{self.tag}: {self.text}"


def fill_template(template: str, formatted_args: list[str]) -> str:
    """Replace `` `n` `` with the n-th formatted argument.

    >>> fill_template("Part `1` of `2` does not exist.", ["3", "{1, 2}"])
    'Part 3 of {1, 2} does not exist.'
    """

    def replace(match):
        index = int(match.group(1)) - 1
        return formatted_args[index] if 0 <= index < len(formatted_args) else match.group(0)

    return _PLACEHOLDER.sub(replace, template)
