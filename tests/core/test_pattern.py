"""Pattern matching against the forms DESIGN.md lists."""

import pytest

CASES = [
    ("MatchQ[f[1], f[_]]", "True"),
    ("MatchQ[f[1, 2], f[_]]", "False"),
    ("MatchQ[f[1, 2], f[__]]", "True"),
    ("MatchQ[f[], f[___]]", "True"),
    ("MatchQ[1, _Integer]", "True"),
    ("MatchQ[1.5, _Integer]", "False"),
    ("MatchQ[f[1, 1], f[x_, x_]]", "True"),
    ("MatchQ[f[1, 2], f[x_, x_]]", "False"),
    ("MatchQ[4, x_ /; x > 3]", "True"),
    ("MatchQ[2, x_ /; x > 3]", "False"),
    ("MatchQ[4, _?EvenQ]", "True"),
    ("MatchQ[a, a | b]", "True"),
    ("MatchQ[c, a | b]", "False"),
    ("MatchQ[f[a, a, a], f[a..]]", "True"),
    ("MatchQ[f[], f[a...]]", "True"),
    ("MatchQ[f[a, b], f[a..]]", "False"),
    ("MatchQ[3, Except[_String]]", "True"),
    ('MatchQ["s", Except[_String]]', "False"),
    ("MatchQ[x + y, a_ + b_]", "True"),
    ("MatchQ[f[x], f[y_:0, x]]", "True"),
    ("MatchQ[g[1, 2, 3], g[x__Integer]]", "True"),
    ("MatchQ[g[1, a, 3], g[x__Integer]]", "False"),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_match(ev, source, expected):
    assert ev(source) == expected


def test_sequence_binding(ev):
    assert ev("f[a, b, c] /. f[x_, y__] :> {x, {y}}") == "{a, {b, c}}"


def test_orderless_matching(ev):
    assert ev("(a + b + c) /. a + x_ :> x") == "b + c"


def test_optional_default_of_times(ev):
    assert ev("{x, 3 x} /. c_. x -> c") == "{1, 3}"


def test_condition_on_definition(ev):
    assert ev("pos[x_] /; x > 0 := yes; {pos[1], pos[-1]}") == "{yes, pos[-1]}"


def test_replace_repeated(ev):
    assert ev("f[f[f[x]]] //. f[y_] :> y") == "x"


def test_pattern_named_subpattern(ev):
    assert ev("f[g[1]] /. f[p : g[_]] :> p") == "g[1]"


@pytest.mark.parametrize("source, expected", [
    # a substituted value never gets captured by a scoping construct of the right side
    ("f[x_] := Module[{y = 1}, x + y]; f[y]", "1 + y"),
    ("f[x_] := With[{y = 1}, x + y]; f[y]", "1 + y"),
    ("f[x_] := Function[z, x + z]; f[z]", "Function[z$, z + z$]"),
    ("f[x_] := Function[z, x + z]; f[a]", "Function[z, a + z]"),
    ("f[x_] := Function[z, x + z]; f[z][1]", "1 + z"),
    ("f[x_] := (g[y_] := x + y; g[1]); f[y]", "1 + y"),
    ("Function[y, Function[x, x + y]][x]", "Function[x$, x$ + x]"),
    ("With[{y = x}, Function[x, x + y]]", "Function[x$, x$ + x]"),
    ("f[x_] := Module[{y = 1}, x + y]; f[3]", "4"),
    ("f[x_] := y + Module[{y = 1}, x + y]; f[y]", "1 + 2 y"),
])
def test_scoping_constructs_rename_instead_of_capturing(ev, source, expected):
    assert ev(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("MatchQ[f[1, a -> 2], f[_, OptionsPattern[]]]", "True"),
    ("MatchQ[f[1], f[_, OptionsPattern[]]]", "True"),
    ("MatchQ[f[1, {a -> 2, b :> 3}], f[_, OptionsPattern[]]]", "True"),
    ("MatchQ[f[1, 2], f[_, OptionsPattern[]]]", "False"),
    ("f[1, a -> 2, b -> 3] /. f[x_, o:OptionsPattern[]] :> {x, {o}}", "{1, {a -> 2, b -> 3}}"),
])
def test_options_pattern(ev, source, expected):
    assert ev(source) == expected
