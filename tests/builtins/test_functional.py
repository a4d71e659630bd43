"""Map, Apply, MapIndexed, MapThread, Scan, Fold, Nest, FixedPoint, Thread,
Through, Composition (builtins/functional.py).

Expected outputs are Mathematica's (Wolfram documentation examples where one
exists); property tests compare with Python references.
"""

import functools

import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.expr import Expression, Integer, Symbol

CASES = [
    # Map
    ("Map[f, {a, b, c}]", "{f[a], f[b], f[c]}"),
    ("f /@ {a, b, c}", "{f[a], f[b], f[c]}"),
    ("Map[#^2 &, {1, 2, 3}]", "{1, 4, 9}"),
    ("Map[f, {{a, b}, {c, d}}]", "{f[{a, b}], f[{c, d}]}"),
    ("Map[f, {{a, b}, {c, d}}, {2}]", "{{f[a], f[b]}, {f[c], f[d]}}"),
    ("Map[f, {{a, b}, {c, d}}, 2]", "{f[{f[a], f[b]}], f[{f[c], f[d]}]}"),
    ("Map[f, {{a, b}, {c, d}}, {0, 1}]", "f[{f[{a, b}], f[{c, d}]}]"),
    ("Map[f, {{a, {b}}, c}, {-1}]", "{{f[a], {f[b]}}, f[c]}"),
    ("Map[f, a + b + c]", "f[a] + f[b] + f[c]"),
    ("Map[f, g[a, b], Heads -> True]", "f[g][f[a], f[b]]"),
    ("Map[f, x]", "x"),
    ("Map[f, {}]", "{}"),
    ("Map[f][{a, b}]", "{f[a], f[b]}"),
    ("Map[f]", "Map[f]"),
    # MapAll
    ("MapAll[f, {{a, b}, {c, d}}]", "f[{f[{f[a], f[b]}], f[{f[c], f[d]}]}]"),
    ("f //@ {a, {b}}", "f[{f[a], f[{f[b]}]}]"),
    # Apply
    ("Apply[f, {a, b, c}]", "f[a, b, c]"),
    ("f @@ {a, b, c}", "f[a, b, c]"),
    ("Plus @@ {1, 2, 3}", "6"),
    ("Apply[f, {{a, b}, {c, d}}, {1}]", "{f[a, b], f[c, d]}"),
    ("f @@@ {{a, b}, {c, d}}", "{f[a, b], f[c, d]}"),
    ("Apply[f, {{{a}}}, {2}]", "{{f[a]}}"),
    ("Apply[f, {{a, b}, {c}}, {0, 1}]", "f[f[a, b], f[c]]"),
    ("Apply[f, x]", "x"),
    ("Apply[f][g[a, b]]", "f[a, b]"),
    # MapIndexed
    ("MapIndexed[f, {a, b, c}]", "{f[a, {1}], f[b, {2}], f[c, {3}]}"),
    ("MapIndexed[f, {{a, b}, {c}}, {2}]", "{{f[a, {1, 1}], f[b, {1, 2}]}, {f[c, {2, 1}]}}"),
    ("MapIndexed[#2 &, {a, b}]", "{{1}, {2}}"),
    # MapThread
    ("MapThread[f, {{a1, a2, a3}, {b1, b2, b3}}]", "{f[a1, b1], f[a2, b2], f[a3, b3]}"),
    ("MapThread[f, {{{a, b}, {c, d}}, {{u, v}, {s, t}}}, 2]", "{{f[a, u], f[b, v]}, {f[c, s], f[d, t]}}"),
    ("MapThread[Plus, {{1, 2}, {10, 20}}]", "{11, 22}"),
    ("MapThread[f, {}]", "{}"),
    # Scan
    ("Scan[f, {a, b}]", "Null"),
    ("Scan[(If[# > 2, Return[#]]) &, {1, 2, 3, 4}]", "3"),
    ("s = 0; Scan[(s += #) &, {1, 2, 3}]; s", "6"),
    ("s = 0; Scan[(s += #) &, {{1, 2}, {3}}, {2}]; s", "6"),
    # Fold, FoldList
    ("Fold[f, x, {a, b, c}]", "f[f[f[x, a], b], c]"),
    ("Fold[f, {a, b, c}]", "f[f[a, b], c]"),
    ("Fold[Plus, 0, {1, 2, 3}]", "6"),
    ("Fold[f, x, {}]", "x"),
    ("FoldList[f, x, {a, b, c}]", "{x, f[x, a], f[f[x, a], b], f[f[f[x, a], b], c]}"),
    ("FoldList[Plus, 0, {1, 2, 3}]", "{0, 1, 3, 6}"),
    ("FoldList[f, {a, b, c}]", "{a, f[a, b], f[f[a, b], c]}"),
    ("FoldList[f, x, {}]", "{x}"),
    # Nest, NestList
    ("Nest[f, x, 3]", "f[f[f[x]]]"),
    ("Nest[(1 + #)^2 &, 1, 3]", "676"),
    ("Nest[f, x, 0]", "x"),
    ("NestList[f, x, 4]", "{x, f[x], f[f[x]], f[f[f[x]]], f[f[f[f[x]]]]}"),
    ("NestList[2 # &, 1, 5]", "{1, 2, 4, 8, 16, 32}"),
    # NestWhile, NestWhileList
    ("NestWhile[#/2 &, 123456, EvenQ]", "1929"),
    ("NestWhileList[#/2 &, 123456, EvenQ]", "{123456, 61728, 30864, 15432, 7716, 3858, 1929}"),
    ("NestWhile[# + 1 &, 1, # < 5 &]", "5"),
    ("NestWhile[# + 1 &, 1, True &, 1, 3]", "4"),
    ("NestWhileList[# + 1 &, 1, # < 3 &, 1, Infinity, 2]", "{1, 2, 3, 4, 5}"),
    ("NestWhileList[# + 1 &, 1, # < 4 &, 1, Infinity, -1]", "{1, 2, 3}"),
    ("NestWhile[Floor[#/2] &, 10, UnsameQ, 2]", "0"),
    # FixedPoint, FixedPointList
    ("FixedPoint[Floor[#/2] &, 1000]", "0"),
    ("FixedPointList[Floor[#/2] &, 10]", "{10, 5, 2, 1, 0, 0}"),
    ("FixedPoint[f, x, 2]", "f[f[x]]"),
    ("FixedPointList[If[# > 3, # - 1, #] &, 6]", "{6, 5, 4, 3, 3}"),
    ("FixedPoint[# + 1 &, 1, SameTest -> (#2 > 5 &)]", "6"),
    # Thread
    ("Thread[f[{a, b, c}]]", "{f[a], f[b], f[c]}"),
    ("Thread[f[{a, b, c}, x]]", "{f[a, x], f[b, x], f[c, x]}"),
    ("Thread[f[{a, b}, {c, d}]]", "{f[a, c], f[b, d]}"),
    ("Thread[{a, b} -> {1, 2}]", "{a -> 1, b -> 2}"),
    ("Thread[f[a, b]]", "f[a, b]"),
    ("Thread[f[g[a, b], g[c, d]], g]", "g[f[a, c], f[b, d]]"),
    ("Thread[f[{a, b}, {c, d}], List, 1]", "{f[a, {c, d}], f[b, {c, d}]}"),
    # Through
    ("Through[{f, g}[x]]", "{f[x], g[x]}"),
    ("Through[(f + g)[x, y]]", "f[x, y] + g[x, y]"),
    ("Through[p[f, g][x], p]", "p[f[x], g[x]]"),
    ("Through[p[f, g][x], q]", "p[f, g][x]"),
    # Composition
    ("Composition[f, g, h][x]", "f[g[h[x]]]"),
    ("Composition[f, g][x, y]", "f[g[x, y]]"),
    ("Composition[f, Identity, g] === Composition[f, g]", "True"),
    ("Length[Composition[f, Identity, g]]", "2"),
    ("Composition[f]", "f"),
    ("Composition[]", "Identity"),
    ("Composition[#^2 &, # + 1 &][3]", "16"),
    ("RightComposition[f, g, h][x]", "h[g[f[x]]]"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_examples(ev, source, expected):
    assert ev(source) == expected


MESSAGES = [
    ("Map[f, {a}, x]", "Map[f, {a}, x]", "Map::level: Level specification x is not of the form n, {n}, or {m, n}."),
    ("Nest[f, x, -1]", "Nest[f, x, -1]", "Nest::intnm: Non-negative machine-sized integer expected at position 3 in Nest[f, x, -1]."),
    ("Nest[f, x, Infinity]", "Nest[f, x, Infinity]", "Nest::intnm: Non-negative machine-sized integer expected at position 3 in Nest[f, x, Infinity]."),
    ("NestList[f, x, a]", "NestList[f, x, a]", "NestList::intnm: Non-negative machine-sized integer expected at position 3 in NestList[f, x, a]."),
    ("MapThread[f, {{a, b}, {x}}]", "MapThread[f, {{a, b}, {x}}]",
     "MapThread::mptc: Incompatible dimensions of objects at positions {2, 1} and {2, 2} of MapThread[f, {{a, b}, {x}}]; dimensions are 2 and 1."),
    ("Thread[f[{a, b}, {c}]]", "Thread[f[{a, b}, {c}]]", "Thread::tdlen: Objects of unequal length in f[{a, b}, {c}] cannot be combined."),
    ("Fold[f, x, y]", "Fold[f, x, y]", "Fold::normal: Nonatomic expression expected at position 3 in Fold[f, x, y]."),
    ("Map[f, {a}, 1, 2]", "Map[f, {a}, 1, 2]", None),
]


@pytest.mark.parametrize("source, expected, text", MESSAGES)
def test_messages(session, source, expected, text):
    assert str(session.eval(source)) == expected
    if text is None:
        assert session.messages == []
    else:
        assert session.messages == [text]


@pytest.mark.parametrize("name", ["Map", "Apply", "MapIndexed", "MapThread", "Scan", "Fold", "FoldList",
                                  "Nest", "NestList", "NestWhile", "FixedPoint", "Thread", "Through"])
def test_attributes_protected_only(ev, name):
    assert ev(f"Attributes[{name}]") == "{Protected}"


def test_composition_attributes(ev):
    assert ev("Attributes[Composition]") == "{Flat, OneIdentity, Protected}"


def test_usage(ev):
    assert ev("Map::usage").startswith("Map[f, expr] or f /@ expr applies f to each element on the first level in expr.")


def test_nest_is_fast_enough(ev):
    assert ev("Nest[# + 1 &, 0, 20000]") == "20000"


# --- properties -------------------------------------------------------------------

_SESSION = Session(print_messages=False, print_output=False)
ints = st.lists(st.integers(-100, 100), max_size=15)


def _list(values):
    return Expression("List", *(Integer(v) for v in values))


def _py(expr):
    return [a.value for a in expr.args]


@settings(max_examples=40, deadline=None)
@given(ints)
def test_fold_list_plus_is_accumulate(values):
    result = _SESSION.evaluate(Expression("FoldList", Symbol("Plus"), Integer(0), _list(values)))
    expected = [0]
    for v in values:
        expected.append(expected[-1] + v)
    assert _py(result) == expected


@settings(max_examples=40, deadline=None)
@given(ints, st.integers(-100, 100))
def test_fold_times_matches_reduce(values, start):
    result = _SESSION.evaluate(Expression("Fold", Symbol("Times"), Integer(start), _list(values)))
    assert result == Integer(functools.reduce(lambda a, b: a * b, values, start))


@settings(max_examples=40, deadline=None)
@given(ints)
def test_map_then_apply_plus(values):
    squares = _SESSION.evaluate(Expression("Map", Expression("Function", Expression(
        "Power", Expression("Slot", Integer(1)), Integer(2))), _list(values)))
    assert _py(squares) == [v * v for v in values]
    total = _SESSION.evaluate(Expression("Apply", Symbol("Plus"), squares))
    assert total == Integer(sum(v * v for v in values))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 30))
def test_nest_list_length(n):
    result = _SESSION.evaluate(Expression("NestList", Symbol("f"), Symbol("x"), Integer(n)))
    assert len(result.args) == n + 1
    assert _SESSION.evaluate(Expression("Nest", Symbol("f"), Symbol("x"), Integer(n))) == result.args[-1]
