"""Options, SetOptions, OptionValue with OptionsPattern definitions."""

import pytest


@pytest.mark.parametrize("source, expected", [
    ('Options[f] = {"a" -> 1, b -> 2}; f[x_, OptionsPattern[]] := {x, OptionValue["a"], OptionValue[b]}; '
     '{f[1], f[1, "a" -> 5], f[1, {b :> 7}], f[1, a -> 3]}', "{{1, 1, 2}, {1, 5, 2}, {1, 1, 7}, {1, 3, 2}}"),
    ("Options[f] = {a -> 1}; g[x_, opts:OptionsPattern[f]] := {x, OptionValue[a], {opts}}; {g[0, a -> 3], g[0]}",
     "{{0, 3, {a -> 3}}, {0, 1, {}}}"),
    ("Options[f] = {a -> 1, b -> 2}; {Options[f], Options[f, b], OptionValue[f, b], Options[nothing]}",
     "{{a -> 1, b -> 2}, {b -> 2}, 2, {}}"),
    ("Options[f] = {a -> 1, b -> 2}; f[OptionsPattern[]] := OptionValue[{a, b}]; {SetOptions[f, b -> 9], f[]}",
     "{{a -> 1, b -> 9}, {1, 9}}"),
    ("OptionValue[f, {a -> 1}, a]", "1"),
])
def test_option_values(ev, source, expected):
    assert ev(source) == expected


def test_unknown_option_message(ev, session):
    assert ev("h[OptionsPattern[]] := OptionValue[zz]; h[]") == "zz"
    assert session.messages and session.messages[0].startswith("OptionValue::optnf")
