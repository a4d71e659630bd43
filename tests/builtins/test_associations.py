"""Associations (gtnlang/builtins/associations.py), the Wolfram documentation's examples."""

import pytest

from gtnlang import Session
from gtnlang.expr import Expression, Integer, Symbol

CASES = [
    # construction and normalisation
    ('<|a -> 1, b -> 2|>', '<|a -> 1, b -> 2|>'),
    ('<|a -> x, b -> y, a -> z|>', '<|a -> z, b -> y|>'),
    ('<|{a -> 1, b -> 2}, c -> 3|>', '<|a -> 1, b -> 2, c -> 3|>'),
    ('<|<|a -> 1|>, <|b -> 2, a -> 3|>|>', '<|a -> 3, b -> 2|>'),
    ('Association[a -> 1 + 1]', '<|a -> 2|>'),
    ('<||>', '<||>'),
    ('<|a :> 1 + 1|>', '<|a :> 1 + 1|>'),
    ('Length[<|a -> 1, b -> 2, c -> 3|>]', '3'),
    ('AssociationQ[<|a -> 1|>]', 'True'),
    ('AssociationQ[{a -> 1}]', 'False'),
    ('Head[<|a -> 1|>]', 'Association'),
    ('AtomQ[<|a -> 1|>]', 'True'),
    # access
    ('<|a -> 1, b -> 2|>[b]', '2'),
    ('<|a -> 1, b -> 2|>[c]', 'Missing["KeyAbsent", c]'),
    ('<|"x" -> 1|>["x"]', '1'),
    ('<|1 -> a|>[Key[1]]', 'a'),
    ('<|a :> 1 + 1|>[a]', '2'),
    ('assoc = <|"a" -> 1, "b" -> 2|>; assoc["b"]', '2'),
    ('<|a -> 1, b -> 2|>[[2]]', '2'),
    ('<|"a" -> 1, "b" -> 2|>[["a"]]', '1'),
    ('<|a -> 1, b -> 2|>[[Key[b]]]', '2'),
    ('Keys[<|a -> x, b -> y|>]', '{a, b}'),
    ('Values[<|a -> x, b -> y|>]', '{x, y}'),
    ('Keys[{a -> x, b -> y}]', '{a, b}'),
    ('Values[{<|a -> 1|>, <|b -> 2, c -> 3|>}]', '{{1}, {2, 3}}'),
    ('Keys[<|a -> 1|>, f]', '{f[a]}'),
    ('Lookup[<|a -> 1, b -> 2|>, a]', '1'),
    ('Lookup[<|a -> 1, b -> 2|>, c]', 'Missing["KeyAbsent", c]'),
    ('Lookup[<|a -> 1, b -> 2|>, c, 0]', '0'),
    ('Lookup[<|a -> 1, b -> 2|>, {a, b, c}, 0]', '{1, 2, 0}'),
    ('Lookup[{<|a -> 1|>, <|a -> 2|>, <|b -> 3|>}, a]', '{1, 2, Missing["KeyAbsent", a]}'),
    ('Lookup[{a -> 1, b -> 2}, b]', '2'),
    ('Lookup[a][<|a -> 5|>]', '5'),
    ('KeyExistsQ[<|a -> 1, b -> 2|>, a]', 'True'),
    ('KeyExistsQ[<|a -> 1, b -> 2|>, c]', 'False'),
    ('KeyExistsQ[a][<|a -> 1|>]', 'True'),
    ('KeyFreeQ[<|a -> 1|>, b]', 'True'),
    # restructuring
    ('KeyDrop[<|a -> 1, b -> 2, c -> 3|>, {a, b}]', '<|c -> 3|>'),
    ('KeyDrop[<|a -> 1, b -> 2, c -> 3|>, b]', '<|a -> 1, c -> 3|>'),
    ('KeyTake[<|a -> 1, b -> 2, c -> 3|>, {c, a, d}]', '<|c -> 3, a -> 1|>'),
    ('KeySort[<|c -> 1, b -> 2, a -> 4|>]', '<|a -> 4, b -> 2, c -> 1|>'),
    ('KeySort[<|2 -> a, 1 -> b, 3 -> c|>, Greater]', '<|3 -> c, 2 -> a, 1 -> b|>'),
    ('KeySelect[<|1 -> a, 2 -> b, 3 -> c|>, OddQ]', '<|1 -> a, 3 -> c|>'),
    ('KeyMap[f, <|a -> 1, b -> 2|>]', '<|f[a] -> 1, f[b] -> 2|>'),
    ('KeyValueMap[f, <|a -> x, b -> y|>]', '{f[a, x], f[b, y]}'),
    ('AssociationMap[f, {a, b, c}]', '<|a -> f[a], b -> f[b], c -> f[c]|>'),
    ('AssociationMap[Reverse, <|a -> 1, b -> 2|>]', '<|1 -> a, 2 -> b|>'),
    ('AssociationThread[{a, b, c}, {1, 2, 3}]', '<|a -> 1, b -> 2, c -> 3|>'),
    ('AssociationThread[{a, b} -> {x, y}]', '<|a -> x, b -> y|>'),
    ('Merge[{<|a -> 1, b -> 2|>, <|a -> 3, c -> 4|>}, Total]', '<|a -> 4, b -> 2, c -> 4|>'),
    ('Merge[{<|a -> 1|>, <|a -> 2|>}, f]', '<|a -> f[{1, 2}]|>'),
    ('Counts[{a, b, a, c, b, a}]', '<|a -> 3, b -> 2, c -> 1|>'),
    ('Counts[{1, 2, 3, 4, 5}, EvenQ]', '<|False -> 3, True -> 2|>'),
    ('GroupBy[{1, 2, 3, 4, 5, 6}, EvenQ]', '<|False -> {1, 3, 5}, True -> {2, 4, 6}|>'),
    ('GroupBy[{{a, b}, {a, c}, {b, c}}, First]', '<|a -> {{a, b}, {a, c}}, b -> {{b, c}}|>'),
    ('GroupBy[{{a, 1}, {a, 2}, {b, 3}}, First -> Last]', '<|a -> {1, 2}, b -> {3}|>'),
    ('GroupBy[{1, 2, 3, 4, 5}, OddQ, Total]', '<|True -> 9, False -> 6|>'),
    # other modules' functions on associations (up-values)
    ('Normal[<|a -> 1, b -> 2|>]', '{a -> 1, b -> 2}'),
    ('Map[f, <|a -> 1, b -> 2|>]', '<|a -> f[1], b -> f[2]|>'),
    ('#^2 & /@ <|a -> 1, b -> 2|>', '<|a -> 1, b -> 4|>'),
    ('Apply[f, <|a -> 1, b -> 2|>]', 'f[1, 2]'),
    ('Select[<|a -> 1, b -> 2, c -> 3|>, OddQ]', '<|a -> 1, c -> 3|>'),
    ('Total[<|a -> 1, b -> 2, c -> 3|>]', '6'),
    ('First[<|a -> 1, b -> 2|>]', '1'),
    ('Last[<|a -> 1, b -> 2|>]', '2'),
    # in-place modification
    ('as = <|a -> 1|>; AssociateTo[as, b -> 2]; as', '<|a -> 1, b -> 2|>'),
    ('as = <|a -> 1|>; AssociateTo[as, {a -> 5, c -> 3}]', '<|a -> 5, c -> 3|>'),
    ('as = <|a -> 1, b -> 2|>; KeyDropFrom[as, a]; as', '<|b -> 2|>'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_documented_examples(session, source, expected):
    assert session.format(session.eval(source), "InputForm") == expected


def test_associate_to_needs_a_variable(session):
    assert str(session.eval("AssociateTo[zz, a -> 1]")) == "AssociateTo[zz, a -> 1]"
    assert session.messages == ["AssociateTo::rvalue: zz is not a variable with a value, so its value cannot be changed."]


def test_invalid_association_argument(session):
    assert str(session.eval("Association[1]")) == "<|1|>"
    assert session.messages == ["Association::invrl: 1 is not a valid Association or a list of rules."]


def test_to_python_and_back(session):
    value = session.eval("<|\"a\" -> 1, \"b\" -> {2, 3}|>")
    assert session.to_python(value) == {"a": 1, "b": [2, 3]}
    assert session.from_python({"a": 1}) == session.eval("<|\"a\" -> 1|>")


def test_python_built():
    s = Session(print_messages=False)
    rule = lambda k, v: Expression("Rule", Symbol(k), Integer(v))  # noqa: E731
    assoc = Expression("Association", rule("a", 1), rule("b", 2), rule("a", 3))
    assert s.evaluate(assoc) == Expression("Association", rule("a", 3), rule("b", 2))
    assert s.evaluate(Expression(assoc, Symbol("b"))) == Integer(2)


@pytest.mark.parametrize("source, expected", [
    ('Key["a"][<|"a" -> 1|>]', "1"),
    ('Key["b"][<|"a" -> 1|>]', "Missing[KeyAbsent, b]"),
    ("Key[1][{<|1 -> x|>, <|1 -> y|>}]", "{x, y}"),
    ('Map[Key["a"], {<|"a" -> 2|>, <|"a" -> 3|>}]', "{2, 3}"),
    ("Key[1][f]", "Key[1][f]"),
])
def test_key_as_a_function(ev, source, expected):
    assert ev(source) == expected
