"""The lexer's operator regex, and the parser's handling of the garbage collector."""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, strategies as st

from gtnlang.syntax import lexer
from gtnlang.syntax.parser import ParseError, parse_statements


def _longest_first_pattern() -> str:
    """The plain reference: every operator, longest first, as one alternation."""
    special = {"=.": r"=\.(?![0-9])", "/.": r"/\.(?![0-9])", "//.": r"//\.(?![0-9])",
               "'": r"'+", "]": r"\]+"}
    return "|".join(special.get(t, re.escape(t))
                    for t in sorted(lexer._OPS, key=len, reverse=True))


_TRIE = re.compile(lexer._op_pattern())
_REFERENCE = re.compile(_longest_first_pattern())
_OP_CHARS = sorted({ch for op in lexer._OPS for ch in op} | set("0123456789x "))


@given(st.text(alphabet=_OP_CHARS, min_size=1, max_size=6))
def test_operator_trie_matches_what_longest_first_matches(text):
    for start in range(len(text)):
        ours = _TRIE.match(text, start)
        reference = _REFERENCE.match(text, start)
        assert (ours and ours.group()) == (reference and reference.group()), (text, start)


def test_every_operator_is_one_token():
    for op in lexer._OPS:
        assert _TRIE.fullmatch(op), op


def test_parsing_leaves_the_collector_as_it_found_it():
    text = "a = 1\nb = {a, 2}\nc[x_] := x^2"
    assert gc.isenabled()
    statements = parse_statements(text)
    next(statements)
    assert gc.isenabled()      # the caller runs with the collector on between statements
    gc.disable()
    try:
        next(statements)
        assert not gc.isenabled()
        statements.close()     # abandoned mid-way: the caller's choice stands
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ParseError):
        list(parse_statements("d = (1 +"))
    assert gc.isenabled()      # an error does not leave it paused
