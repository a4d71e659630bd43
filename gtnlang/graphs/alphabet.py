"""The session's alphabet: label atoms <-> engine label ids.

Engine labels are non-negative integers with ``EPSILON = 0``; the language's
labels are atoms (integers, strings, symbols, ...).  One :class:`Alphabet`
per session (kept in ``ev.properties``) hands out ids 1, 2, ... in order of
first use; the symbol ``Epsilon`` is id 0.
"""

from __future__ import annotations

from gtnlang.expr import Atom, Opaque, Symbol

EPSILON_SYMBOL = Symbol("Epsilon")
_KEY = "graphs.alphabet"


class Alphabet:
    __slots__ = ("_ids", "_atoms")

    def __init__(self):
        self._ids = {EPSILON_SYMBOL: 0}
        self._atoms = [EPSILON_SYMBOL]

    @staticmethod
    def valid(atom) -> bool:
        return isinstance(atom, Atom) and not isinstance(atom, Opaque)

    def id(self, atom) -> int:
        """The engine id of a label atom (allocated on first use)."""
        i = self._ids.get(atom)
        if i is None:
            if not self.valid(atom):
                raise TypeError(f"label {atom!r} is not an atom")
            i = len(self._atoms)
            self._ids[atom] = i
            self._atoms.append(atom)
        return i

    def ids(self, atoms):
        return [self.id(a) for a in atoms]

    def atom(self, i: int):
        return self._atoms[int(i)]

    def __len__(self):
        return len(self._atoms)


def alphabet_of(ev) -> Alphabet:
    a = ev.properties.get(_KEY)
    if a is None:
        a = ev.properties[_KEY] = Alphabet()
    return a
