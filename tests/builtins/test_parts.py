"""Part, Span, Extract, Take, Drop, First, Last, Rest, Most (builtins/parts.py).

Expected outputs are Mathematica's (Wolfram documentation examples where one
exists); property tests compare with Python slicing.
"""

import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.expr import Expression, Integer, Symbol

CASES = [
    # Part: documented examples
    ("{a, b, c, d, e, f}[[3]]", "c"),
    ("{a, b, c, d, e, f}[[-2]]", "e"),
    ("{{a, b, c}, {d, e, f}, {g, h, i}}[[2, 3]]", "f"),
    ("{{a, b, c}, {d, e, f}, {g, h, i}}[[All, 2]]", "{b, e, h}"),
    ("{{a, b, c}, {d, e, f}, {g, h, i}}[[{1, 3}, {1, 3}]]", "{{a, c}, {g, i}}"),
    ("{a, b, c, d, e, f}[[{1, 3, 5}]]", "{a, c, e}"),
    ("(1 + 2 x)[[0]]", "Plus"),
    ("f[a, b, c][[0]]", "f"),
    ("f[a, b, c][[{0, 2}]]", "f[f, b]"),
    ("f[a, b, c][[{2, 3}]]", "f[b, c]"),
    ("x[[0]]", "Symbol"),
    ("{a, b, c}[[All]]", "{a, b, c}"),
    ("Part[{a, b, c}, 2]", "b"),
    ("Part[{a, b}]", "{a, b}"),
    # Span
    ("{a, b, c, d, e, f, g}[[2 ;; 5]]", "{b, c, d, e}"),
    ("{a, b, c, d, e, f, g}[[1 ;; -1 ;; 3]]", "{a, d, g}"),
    ("{a, b, c, d, e, f, g}[[;; ;; 2]]", "{a, c, e, g}"),
    ("{a, b, c, d, e, f, g}[[-3 ;;]]", "{e, f, g}"),
    ("{a, b, c, d, e, f, g}[[;; 3]]", "{a, b, c}"),
    ("{a, b, c, d, e, f, g}[[-1 ;; 1 ;; -1]]", "{g, f, e, d, c, b, a}"),
    ("{a, b, c, d, e, f, g}[[5 ;; 2 ;; -1]]", "{e, d, c, b}"),
    ("{a, b, c, d, e}[[3 ;;]]", "{c, d, e}"),
    ("{a, b, c}[[3 ;; 2]]", "{}"),
    ("{a, b, c}[[4 ;;]]", "{}"),
    ("{{1, 2, 3}, {4, 5, 6}}[[All, 2 ;;]]", "{{2, 3}, {5, 6}}"),
    ("{a, b, c, d, e}[[2 ;; UpTo[10]]]", "{b, c, d, e}"),
    ("f[a, b, c, d][[2 ;; 3]]", "f[b, c]"),
    ("Span[1, 3]", "1 ;; 3"),
    # Extract
    ("Extract[{a, b, c, d}, 3]", "c"),
    ("Extract[{{a, b}, {c, d}}, {2, 1}]", "c"),
    ("Extract[{{a, b}, {c, d}}, {{1, 1}, {2, 2}}]", "{a, d}"),
    ("Extract[{a, b, c}, 2, h]", "h[b]"),
    ("Extract[(x + y)^2, {1, 2}]", "y"),
    ("Extract[{2, 1}][{{a, b}, {c, d}}]", "c"),
    # Take
    ("Take[{a, b, c, d, e, f}, 4]", "{a, b, c, d}"),
    ("Take[{a, b, c, d, e, f}, -3]", "{d, e, f}"),
    ("Take[{a, b, c, d, e, f}, {2, -2}]", "{b, c, d, e}"),
    ("Take[{a, b, c, d, e, f}, {1, -1, 2}]", "{a, c, e}"),
    ("Take[{a, b, c, d, e, f}, {3}]", "{c}"),
    ("Take[{{11, 12, 13}, {21, 22, 23}, {31, 32, 33}}, 2, -1]", "{{13}, {23}}"),
    ("Take[{{11, 12, 13}, {21, 22, 23}}, All, 2]", "{{11, 12}, {21, 22}}"),
    ("Take[{a, b, c}, UpTo[5]]", "{a, b, c}"),
    ("Take[{a, b, c}, 0]", "{}"),
    ("Take[{a, b, c}, None]", "{}"),
    ("Take[f[a, b, c], 2]", "f[a, b]"),
    ("Take[{a, b, c, d, e}, {-1, 1, -2}]", "{e, c, a}"),
    # Drop
    ("Drop[{a, b, c, d, e, f}, 2]", "{c, d, e, f}"),
    ("Drop[{a, b, c, d, e, f}, -3]", "{a, b, c}"),
    ("Drop[{a, b, c, d, e, f}, {2, 4}]", "{a, e, f}"),
    ("Drop[{a, b, c, d, e, f}, {3}]", "{a, b, d, e, f}"),
    ("Drop[{a, b, c, d, e, f}, {1, -1, 2}]", "{b, d, f}"),
    ("Drop[{{11, 12, 13}, {21, 22, 23}, {31, 32, 33}}, 1, 2]", "{{23}, {33}}"),
    ("Drop[{a, b, c}, 0]", "{a, b, c}"),
    # First, Last, Rest, Most
    ("First[{a, b, c}]", "a"),
    ("First[f[x, y]]", "x"),
    ("First[{}, d]", "d"),
    ("Last[{a, b, c}]", "c"),
    ("Last[{}, d]", "d"),
    ("Rest[{a, b, c}]", "{b, c}"),
    ("Rest[f[a, b]]", "f[b]"),
    ("Most[{a, b, c}]", "{a, b}"),
    ("Most[{a}]", "{}"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_examples(ev, source, expected):
    assert ev(source) == expected


MESSAGES = [
    ("{1, 2, 3}[[5]]", "{1, 2, 3}[[5]]", "Part::partw: Part 5 of {1, 2, 3} does not exist."),
    ("{1, 2, 3}[[-4]]", "{1, 2, 3}[[-4]]", "Part::partw: Part -4 of {1, 2, 3} does not exist."),
    ("{1, 2, 3}[[{1, 7}]]", "{1, 2, 3}[[{1, 7}]]", "Part::partw: Part 7 of {1, 2, 3} does not exist."),
    ("{{1, 2}, {3}}[[2, 2]]", None, "Part::partw: Part 2 of {3} does not exist."),
    ("{1, 2}[[x]]", "{1, 2}[[x]]", "Part::pkspec1: The expression x cannot be used as a part specification."),
    ("x[[1]]", "x[[1]]", None),
    ("{1, 2, 3}[[2 ;; 5]]", None, "Part::take: Cannot take positions 2 through 5 in {1, 2, 3}."),
    ("Take[{1, 2, 3}, 5]", "Take[{1, 2, 3}, 5]", "Take::take: Cannot take positions 1 through 5 in {1, 2, 3}."),
    ("Take[{1, 2, 3}, -5]", None, "Take::take: Cannot take positions -5 through -1 in {1, 2, 3}."),
    ("Take[{1, 2, 3}, x]", None, "Take::seqs: Sequence specification (+n, -n, {+n}, {-n}, {m, n}, or {m, n, s}) expected at position 2 in Take[{1, 2, 3}, x]."),
    ("Drop[{1, 2, 3}, {5}]", None, "Drop::drop: Cannot drop positions 5 through 5 in {1, 2, 3}."),
    ("First[{}]", "First[{}]", "First::nofirst: {} has zero length and no first element."),
    ("Last[{}]", "Last[{}]", "Last::nolast: {} has zero length and no last element."),
    ("Rest[{}]", "Rest[{}]", "Rest::norest: Cannot take Rest of expression {} with length zero."),
    ("Most[{}]", "Most[{}]", "Most::nomost: Cannot take Most of expression {} with length zero."),
    ("First[x]", "First[x]", "First::normal: Nonatomic expression expected at position 1 in First[x]."),
]


@pytest.mark.parametrize("source, expected, text", MESSAGES)
def test_messages(session, source, expected, text):
    value = session.eval(source)
    if expected is not None:
        assert str(value) == expected
    assert len(session.messages) == 1
    if text is not None:
        assert session.messages[0] == text
    else:
        assert session.messages[0].startswith("Part::partd: Part specification ")


def test_part_attributes(ev):
    assert ev("Attributes[Part]") == "{NHoldRest, Protected, ReadProtected}"
    assert ev("Attributes[Span]") == "{Protected}"
    assert ev("Attributes[Take]") == "{NHoldRest, Protected}"
    assert ev("Attributes[Drop]") == "{NHoldRest, Protected}"
    assert ev("Attributes[First]") == "{Protected}"


def test_part_of_held_expression_is_evaluated(ev):
    assert ev("Hold[1 + 1, 2][[1]]") == "2"


# --- properties against Python slicing ----------------------------------------------

_SESSION = Session(print_messages=False, print_output=False)


def _list(values):
    return Expression("List", *(Integer(v) for v in values))


def _py(expr):
    return [a.value for a in expr.args]


def _eval(expr):
    return _SESSION.evaluate(expr)


lists = st.lists(st.integers(-50, 50), max_size=12)


@settings(max_examples=60, deadline=None)
@given(lists, st.integers(-15, 15))
def test_part_single_index(values, i):
    result = _eval(Expression("Part", _list(values), Integer(i)))
    n = len(values)
    if 1 <= i <= n or -n <= i <= -1:
        assert result == Integer(values[i - 1 if i > 0 else i])
    elif i == 0:
        assert result == Symbol("List")
    else:
        assert result.has_head("Part")


@settings(max_examples=60, deadline=None)
@given(lists, st.integers(-15, 15), st.integers(-15, 15),
       st.integers(-4, 4).filter(lambda s: s != 0))
def test_span_matches_python_slicing(values, i, j, step):
    n = len(values)
    result = _eval(Expression("Part", _list(values), Expression("Span", Integer(i), Integer(j), Integer(step))))
    a = i if i >= 0 else n + 1 + i
    b = j if j >= 0 else n + 1 + j
    if step > 0:
        ok = 1 <= a <= n + 1 and 0 <= b <= n and b >= a - 1
        expected = values[a - 1:b:step] if ok else None
    else:
        ok = 0 <= a <= n and 1 <= b <= n + 1 and b <= a + 1
        expected = [values[k] for k in range(a - 1, b - 2, step)] if ok else None
    if expected is None:
        assert result.has_head("Part")
    else:
        assert _py(result) == expected


@settings(max_examples=60, deadline=None)
@given(lists, st.integers(-15, 15))
def test_take_and_drop_match_slicing(values, k):
    n = len(values)
    take = _eval(Expression("Take", _list(values), Integer(k)))
    drop = _eval(Expression("Drop", _list(values), Integer(k)))
    if abs(k) > n:
        assert take.has_head("Take") and drop.has_head("Drop")
        return
    if k >= 0:
        assert _py(take) == values[:k]
        assert _py(drop) == values[k:]
    else:
        assert _py(take) == values[n + k:]
        assert _py(drop) == values[:n + k]


@settings(max_examples=40, deadline=None)
@given(lists.filter(bool), st.data())
def test_take_range_plus_drop_range_is_whole(values, data):
    n = len(values)
    m = data.draw(st.integers(1, n))
    k = data.draw(st.integers(m - 1, n))
    spec = Expression("List", Integer(m), Integer(k))
    take = _py(_eval(Expression("Take", _list(values), spec)))
    drop = _py(_eval(Expression("Drop", _list(values), spec)))
    assert take == values[m - 1:k]
    assert drop == values[:m - 1] + values[k:]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=1, max_size=5),
       st.integers(1, 3))
def test_part_all_column(rows, column):
    matrix = Expression("List", *(_list(r) for r in rows))
    result = _eval(Expression("Part", matrix, Symbol("All"), Integer(column)))
    assert _py(result) == [r[column - 1] for r in rows]
