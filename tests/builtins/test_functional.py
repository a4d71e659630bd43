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


# --- MapAt ---------------------------------------------------------------------------
# Documentation examples, then properties against a Python reference.

MAP_AT_CASES = [
    ("MapAt[f, {a, b, c, d}, 2]", "{a, f[b], c, d}"),
    ("MapAt[f, {a, b, c, d}, {{1}, {4}}]", "{f[a], b, c, f[d]}"),
    ("MapAt[f, {{a, b, c}, {d, e}}, {2, 1}]", "{{a, b, c}, {f[d], e}}"),
    ("MapAt[f, {{a, b, c}, {d, e}}, {All, 2}]", "{{a, f[b], c}, {d, f[e]}}"),
    ("MapAt[f, 1][{a, b, c, d}]", "{f[a], b, c, d}"),
    ("MapAt[h, {{a, b, c}, {d, e}, f, g}, 2]", "{{a, b, c}, h[{d, e}], f, g}"),
    ("MapAt[h, {{a, b, c}, {d, e}, f, g}, -3]", "{{a, b, c}, h[{d, e}], f, g}"),
    ("MapAt[h, {{a, b, c}, {d, e}, f, g}, {1, 2}]", "{{a, h[b], c}, {d, e}, f, g}"),
    ("MapAt[h, {{a, b, c}, {d, e}, f, g}, {{1, 2}, {2, 1}}]", "{{a, h[b], c}, {h[d], e}, f, g}"),
    ("MapAt[f, {a, b, c, d, e}, 2 ;; 4]", "{a, f[b], f[c], f[d], e}"),
    ("MapAt[f, {a, b, c, d}, {{2 ;; 3}}]", "{a, f[b], f[c], d}"),
    ("MapAt[f, {a, b, c}, {{1}, {1}}]", "{f[f[a]], b, c}"),
    ("MapAt[f, {a, {b}}, {{2}, {2, 1}}]", "{a, f[{f[b]}]}"),
    ("MapAt[f, {a, b}, {}]", "{a, b}"),
    ("MapAt[f, {a, b}, {{}}]", "f[{a, b}]"),
    ("MapAt[f, g[x, y], 0]", "f[g][x, y]"),
    ("MapAt[f, x + y + z, 2]", "x + z + f[y]"),
    ("MapAt[#^2 &, {1, 2, 3}, 2]", "{1, 4, 3}"),
    ("MapAt[f, {a, b, c}, All]", "{f[a], f[b], f[c]}"),
    ("m = {{1, 2}, {3, 4}}; MapAt[-# &, m, Position[m, 3]]", "{{1, 2}, {-3, 4}}"),
    ("InputForm[MapAt[f, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"d\" -> 4, \"e\" -> 5|>, 3]]",
     "<|\"a\" -> 1, \"b\" -> 2, \"c\" -> f[3], \"d\" -> 4, \"e\" -> 5|>"),
    ("InputForm[MapAt[f, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"d\" -> 4|>, Key[\"b\"]]]",
     "<|\"a\" -> 1, \"b\" -> f[2], \"c\" -> 3, \"d\" -> 4|>"),
    ("InputForm[MapAt[f, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"d\" -> 4|>, \"b\"]]",
     "<|\"a\" -> 1, \"b\" -> f[2], \"c\" -> 3, \"d\" -> 4|>"),
    ("InputForm[MapAt[f, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3, \"d\" -> 4|>, -3]]",
     "<|\"a\" -> 1, \"b\" -> f[2], \"c\" -> 3, \"d\" -> 4|>"),
    ("InputForm[MapAt[f, <|\"a\" -> {1, 2}|>, {\"a\", 2}]]", "<|\"a\" -> {1, f[2]}|>"),
]


@pytest.mark.parametrize("source, expected", MAP_AT_CASES)
def test_map_at_examples(ev, source, expected):
    assert ev(source) == expected


MAP_AT_MESSAGES = [
    ("MapAt[f, {a, b, c}, 5]", "MapAt[f, {a, b, c}, 5]", "MapAt::partw: Part {5} of {a, b, c} does not exist."),
    ("MapAt[f, {a, b, c}, {1, 1}]", "MapAt[f, {a, b, c}, {1, 1}]",
     "MapAt::partw: Part {1, 1} of {a, b, c} does not exist."),
    ("MapAt[f, {a, b}, x]", "MapAt[f, {a, b}, x]",
     "MapAt::psl: Position specification x in MapAt[f, {a, b}, x] is not an integer or a list of integers."),
    ("MapAt[f, {a}, 1, 2]", "MapAt[f, {a}, 1, 2]",
     "MapAt::argt: MapAt called with 4 arguments; 2 or 3 arguments are expected."),
]


@pytest.mark.parametrize("source, expected, text", MAP_AT_MESSAGES)
def test_map_at_messages(session, source, expected, text):
    assert str(session.eval(source)) == expected
    assert session.messages == [text]


def test_map_at_usage_and_attributes(ev):
    assert ev("Attributes[MapAt]") == "{Protected}"
    assert ev("MapAt::usage").startswith("MapAt[f, expr, n] applies f")


def _wrap(value, times):
    text = str(value)
    for _ in range(times):
        text = f"f[{text}]"
    return text


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=8), st.data())
def test_map_at_matches_reference(values, data):
    n = len(values)
    positions = data.draw(st.lists(st.integers(-n, n).filter(bool), max_size=5))
    counts = [0] * n
    for p in positions:   # a position given twice gets f twice
        counts[p - 1 if p > 0 else n + p] += 1
    expected = "{" + ", ".join(_wrap(v, c) for v, c in zip(values, counts)) + "}"
    spec = "{" + ", ".join(f"{{{p}}}" for p in positions) + "}"
    assert str(_SESSION.eval(f"MapAt[f, {_list_src(values)}, {spec}]")) == expected


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_map_at_matrix_column(rows, columns, data):
    matrix = [data.draw(st.lists(st.integers(0, 9), min_size=columns, max_size=columns)) for _ in range(rows)]
    j = data.draw(st.integers(1, columns))
    expected = "{" + ", ".join("{" + ", ".join(_wrap(v, 1 if c == j - 1 else 0) for c, v in enumerate(r)) + "}"
                               for r in matrix) + "}"
    src = "{" + ", ".join(_list_src(r) for r in matrix) + "}"
    assert str(_SESSION.eval(f"MapAt[f, {src}, {{All, {j}}}]")) == expected
    assert str(_SESSION.eval(f"MapAt[f, {src}, {{All, {j - columns - 1}}}]")) == expected
    assert str(_SESSION.eval(f"MapAt[f, {{All, {j}}}][{src}]")) == expected


def _list_src(values):
    return "{" + ", ".join(str(v) for v in values) + "}"
