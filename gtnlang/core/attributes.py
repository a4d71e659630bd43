"""Attributes of symbols, as bit flags.

Attributes change how the evaluator treats a symbol's calls (DESIGN.md,
"Expressions and evaluation").  They are stored as an int of flags for speed;
`names_to_flags` and `flags_to_names` convert to and from the names users see.

>>> flags_to_names(names_to_flags(["Listable", "Protected"]))
['Listable', 'Protected']
"""

from __future__ import annotations

HOLD_FIRST = 1 << 0
HOLD_REST = 1 << 1
HOLD_ALL = HOLD_FIRST | HOLD_REST
HOLD_ALL_COMPLETE = 1 << 2
LISTABLE = 1 << 3
FLAT = 1 << 4
ORDERLESS = 1 << 5
ONE_IDENTITY = 1 << 6
NUMERIC_FUNCTION = 1 << 7
PROTECTED = 1 << 8
LOCKED = 1 << 9
READ_PROTECTED = 1 << 10
SEQUENCE_HOLD = 1 << 11
N_HOLD_FIRST = 1 << 12
N_HOLD_REST = 1 << 13
N_HOLD_ALL = N_HOLD_FIRST | N_HOLD_REST
CONSTANT = 1 << 14
TEMPORARY = 1 << 15

# Ordered as Mathematica lists them (alphabetically); composite names first so
# that HoldAll is shown rather than HoldFirst and HoldRest.
_NAMED = {
    "Constant": CONSTANT,
    "Flat": FLAT,
    "HoldAll": HOLD_ALL,
    "HoldAllComplete": HOLD_ALL_COMPLETE,
    "HoldFirst": HOLD_FIRST,
    "HoldRest": HOLD_REST,
    "Listable": LISTABLE,
    "Locked": LOCKED,
    "NHoldAll": N_HOLD_ALL,
    "NHoldFirst": N_HOLD_FIRST,
    "NHoldRest": N_HOLD_REST,
    "NumericFunction": NUMERIC_FUNCTION,
    "OneIdentity": ONE_IDENTITY,
    "Orderless": ORDERLESS,
    "Protected": PROTECTED,
    "ReadProtected": READ_PROTECTED,
    "SequenceHold": SEQUENCE_HOLD,
    "Temporary": TEMPORARY,
}

ATTRIBUTE_NAMES = tuple(_NAMED)


def names_to_flags(names) -> int:
    """Flags for an iterable of attribute names; unknown names raise KeyError."""
    flags = 0
    for name in names:
        flags |= _NAMED[name]
    return flags


def flags_to_names(flags: int) -> list[str]:
    """Attribute names, sorted, with HoldAll/NHoldAll shown instead of their halves."""
    names = []
    covered = 0
    for name in ("HoldAll", "NHoldAll"):
        if flags & _NAMED[name] == _NAMED[name]:
            names.append(name)
            covered |= _NAMED[name]
    for name, bit in _NAMED.items():
        if name in ("HoldAll", "NHoldAll"):
            continue
        if flags & bit and not covered & bit:
            names.append(name)
    return sorted(names)
