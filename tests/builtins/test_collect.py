"""Sow and Reap (gtnlang/builtins/collect.py), the Wolfram documentation's examples."""

import pytest

from gtnlang import Session
from gtnlang.expr import Expression, Integer, Symbol

CASES = [
    ('Reap[Sow[a]; b; Sow[c]; Sow[d]; e]', '{e, {{a, c, d}}}'),
    ('Reap[Sum[Sow[i^2] + 1, {i, 10}]]', '{395, {{1, 4, 9, 16, 25, 36, 49, 64, 81, 100}}}'),
    ('Reap[x]', '{x, {}}'),
    ('Reap[Sow[1, x]; Sow[2, y]; Sow[3, x]]', '{3, {{1, 3}, {2}}}'),
    ('Reap[Sow[1, x]; Sow[2, y]; Sow[3, x], x]', '{3, {{1, 3}}}'),
    ('Reap[Sow[1, x]; Sow[2, y]; Sow[3, z], {x, z}]', '{3, {{{1}}, {{3}}}}'),
    ('Reap[Sow[1, x]; Sow[2, y], {x, w}]', '{2, {{{1}}, {}}}'),
    ('Reap[Sow[1, x]; Sow[2, y]; Sow[3, x], _, f]', '{3, {f[x, {1, 3}], f[y, {2}]}}'),
    ('Reap[Sow[1, {x, y}]; Sow[2, y]]', '{2, {{1}, {1, 2}}}'),
    ('Reap[Sow[1, x]; Sow[2, y], x | y]', '{2, {{1}, {2}}}'),
    ('Reap[Sow[1]; Sow[2, x], x]', '{2, {{2}}}'),
    ('Reap[Sow[1]; Sow[2, x], None]', '{2, {{1}}}'),
    # nested: the innermost Reap whose pattern matches takes the value
    ('Reap[Sow[1]; Reap[Sow[2]; 3]]', '{{3, {{2}}}, {{1}}}'),
    ('Reap[Reap[Sow[1, x]; Sow[2, y], x]]', '{{2, {{1}}}, {{2}}}'),
    ('Reap[Reap[Sow[1, x]; Sow[2, y], z]]', '{{2, {}}, {{1}, {2}}}'),
    # Sow returns its argument; Sow outside Reap does nothing else
    ('Sow[5]', '5'),
    ('Sow[1 + 1, t]', '2'),
    ('Reap[Do[If[EvenQ[i], Sow[i]], {i, 6}]]', '{Null, {{2, 4, 6}}}'),
    ('Reap[Catch[Sow[1]; Throw[2]; Sow[3]]]', '{2, {{1}}}'),
    # values are kept in order, duplicates included
    ('Reap[Scan[Sow, {3, 1, 3}]]', '{Null, {{3, 1, 3}}}'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_documented_examples(session, source, expected):
    assert session.format(session.eval(source), "InputForm") == expected


def test_reap_stack_is_clean_after_abort(session):
    assert str(session.eval("Reap[Sow[1]; Abort[]]")) == "$Aborted"
    assert session.evaluator.properties["reap_stack"] == []
    assert str(session.eval("Reap[Sow[2]]")) == "{2, {{2}}}"


def test_sessions_do_not_share_reaps():
    a = Session(print_messages=False)
    b = Session(print_messages=False)
    assert str(a.eval("Reap[Sow[1]; 2]")) == "{2, {{1}}}"
    assert str(b.eval("Reap[3]")) == "{3, {}}"


def test_python_built():
    s = Session(print_messages=False)
    reap = Expression("Reap", Expression("CompoundExpression", Expression("Sow", Integer(1)), Symbol("r")))
    assert s.evaluate(reap) == Expression("List", Symbol("r"),
                                          Expression("List", Expression("List", Integer(1))))
