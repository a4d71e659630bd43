"""Declaring built-in symbols.

A builtin lives with its domain (``gtnlang/builtins/lists.py``, ...) and is
declared next to its code with its attributes, usage text and messages::

    @builtin(attributes=("Protected",), nargs=1,
             usage="Length[expr] gives the number of elements in expr.")
    def Length(ev, expr):
        arg = expr.args[0]
        return Integer(0 if arg.is_atom else len(arg.args))

The function receives the evaluator and the call, whose arguments have been
evaluated as the attributes say, and returns the result (which the evaluator
evaluates further) or ``None`` when no rule applies (the call stays as it is).
A builtin that evaluated its result itself (``CompoundExpression``) returns
it as a 1-tuple ``(value,)``: the value is final and is not evaluated again,
so its messages are not repeated.
`nargs` is the number of arguments, or a ``(min, max)`` pair with ``max``
``None`` for no upper bound; a call outside it gets Mathematica's ``argx``
message and stays unevaluated.

``define`` declares a symbol with no code (a constant such as ``Pi``, or an
option name) so that it has attributes and usage text.

Declarations go into `REGISTRY`, a table of immutable specs; every session
copies what it needs into its own definitions, so sessions never share
mutable state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from gtnlang.core.attributes import names_to_flags

__all__ = ["BuiltinSpec", "REGISTRY", "builtin", "define", "sub_builtin", "up_builtin",
           "lookup", "all_names", "up_names", "set_lazy_loader"]


@dataclass(frozen=True)
class BuiltinSpec:
    """What a session needs to know about a built-in symbol."""

    name: str
    function: Callable | None = None
    attributes: int = 0
    usage: str = ""
    messages: dict = field(default_factory=dict)
    nargs: tuple | None = None
    options: tuple = ()
    # Called for calls whose head is itself a call of this symbol,
    # e.g. Derivative[1][f] or Derivative[1][f][x].
    sub_function: Callable | None = None
    # Called when this symbol is the head of an argument of any call
    # (Mathematica's up-values), e.g. a Graph inside Plus.
    up_function: Callable | None = None
    # The own value of a constant such as $RecursionLimit (an Expr).
    value: object = None


REGISTRY: dict[str, BuiltinSpec] = {}


def _normalise_nargs(nargs):
    if nargs is None:
        return None
    if isinstance(nargs, int):
        return (nargs, nargs)
    return tuple(nargs)


def builtin(name: str | None = None, *, attributes=("Protected",), usage: str = "",
            messages: dict | None = None, nargs=None, options=()):
    """Decorator declaring a built-in function; see the module docstring."""

    def register(function):
        symbol_name = name or function.__name__
        previous = REGISTRY.get(symbol_name)
        spec = BuiltinSpec(
            name=symbol_name,
            function=function,
            attributes=names_to_flags(attributes),
            usage=usage or (previous.usage if previous else ""),
            messages={**(previous.messages if previous else {}), **(messages or {})},
            nargs=_normalise_nargs(nargs),
            options=tuple(options),
            sub_function=previous.sub_function if previous else None,
            up_function=previous.up_function if previous else None,
        )
        REGISTRY[symbol_name] = spec
        return function

    return register


def sub_builtin(name: str):
    """Decorator for the code run on ``name[...][...]`` (sub-values)."""

    def register(function):
        previous = REGISTRY.get(name) or BuiltinSpec(name=name)
        REGISTRY[name] = BuiltinSpec(**{**previous.__dict__, "sub_function": function})
        return function

    return register


def up_builtin(name: str):
    """Decorator for the code run when ``name[...]`` (or an opaque atom with head
    `name`) is an argument of a call.  Returns None when it does not apply."""

    def register(function):
        previous = REGISTRY.get(name) or BuiltinSpec(name=name)
        REGISTRY[name] = BuiltinSpec(**{**previous.__dict__, "up_function": function})
        return function

    return register


def define(name: str, *, attributes=("Protected",), usage: str = "",
           messages: dict | None = None, value=None) -> None:
    """Declare a symbol without code: a constant, an option name, a head.

    `value` (an Expr), if given, becomes the symbol's own value.
    """
    previous = REGISTRY.get(name)
    REGISTRY[name] = BuiltinSpec(
        name=name,
        function=previous.function if previous else None,
        attributes=names_to_flags(attributes),
        usage=usage or (previous.usage if previous else ""),
        messages={**(previous.messages if previous else {}), **(messages or {})},
        nargs=previous.nargs if previous else None,
        sub_function=previous.sub_function if previous else None,
        up_function=previous.up_function if previous else None,
        value=value,
    )


# --- lazy loading ------------------------------------------------------------
#
# Importing every builtin module costs a quarter of a second, most of the
# start-up time of `gtn -c '1+1'`.  The builtins package therefore registers
# an index (symbol name -> modules that declare it) and the modules are
# imported the first time one of their symbols is looked up.

_pending: dict = {}        # name -> module names still to import for it
_pending_up: set = set()   # names with built-in up values, before loading
_importer = None           # imports one module by name
_load_everything = None    # imports all modules


def set_lazy_loader(index: dict, up: set, importer, load_everything) -> None:
    """Install the builtins index (called by ``gtnlang.builtins``)."""
    global _importer, _load_everything
    _pending.update(index)
    _pending_up.update(up)
    _importer = importer
    _load_everything = load_everything


def lookup(name: str) -> BuiltinSpec | None:
    """The spec of built-in `name`, importing the modules that declare it."""
    modules = _pending.pop(name, None)
    if modules is not None:
        for module in modules:
            _importer(module)
    return REGISTRY.get(name)


def all_names() -> set:
    """Every built-in name (imports all builtin modules)."""
    if _pending and _load_everything is not None:
        _load_everything()
        _pending.clear()
    return set(REGISTRY)


def up_names() -> set:
    """Names with built-in up values, loaded or not."""
    return {name for name, spec in REGISTRY.items() if spec.up_function} | _pending_up
